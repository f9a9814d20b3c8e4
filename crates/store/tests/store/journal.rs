//! The journal: contents, the per-tenant hash chain, append-only.

use mscommerce_domain::access::ActorKind;
use mscommerce_domain::{AuditEntry, AuditResult, AuditTarget, PolicyValue, RequestIds};
use mscommerce_store::{StoreError, WriteContext};
use time::Duration;
use uuid::Uuid;

use crate::harness::*;

stories!(
    the_journal_records_who_changed_what,
    a_refusal_is_journaled_as_given,
    chains_are_per_tenant,
    the_journal_is_append_only,
);

async fn the_journal_records_who_changed_what(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let app = automation(t).write().unwrap();
    let user = writer(t);
    let c1 = ctx(T0);
    let c2 = WriteContext {
        ids: RequestIds {
            request_id: "req-2".into(),
            correlation_id: None,
            client_request_id: Some("client-2".into()),
            client_address: Some("2001:db8::7".into()),
            user_agent: Some("Mozilla/5.0 (Windows NT 10.0) WindowsPowerShell/5.1".into()),
        },
        ..ctx(T0 + Duration::seconds(5))
    };
    s.set_product_policy(
        &app,
        POLICY,
        &product(VISIO_PLAN_1),
        PolicyValue::Disabled,
        None,
        &c1,
    )
    .await
    .unwrap();
    s.set_offer_type_policy(
        &user,
        POLICY,
        &offer_type("SaaS"),
        PolicyValue::Disabled,
        None,
        &c2,
    )
    .await
    .unwrap();

    let j = s.journal(t).await.unwrap();
    assert_eq!(j.len(), 2);
    verify_chain(&j);

    let e = &j[0].entry;
    assert_eq!(e.actor.kind, ActorKind::App);
    assert_eq!(e.actor.app_id.as_deref(), Some("contoso-automation"));
    assert_eq!(e.actor.oid, None);
    assert_eq!(e.actor.upn, None);
    assert_eq!(e.ids, c1.ids);
    // Stored at microsecond precision (what the canonical form hashes).
    assert_eq!(
        e.at.unix_timestamp_nanos(),
        T0.unix_timestamp_nanos() / 1000 * 1000
    );
    assert_eq!(e.at, T0.replace_nanosecond(123_456_000).unwrap());

    let e = &j[1].entry;
    assert_eq!(e.actor, user.actor().clone());
    assert_eq!(e.actor.kind, ActorKind::User);
    assert_eq!(e.target, AuditTarget::OfferType(offer_type("SaaS")));
    assert_eq!(e.ids, c2.ids);
    assert_eq!(e.id, c2.audit_id);
    assert!(e.at > j[0].entry.at);
}

async fn a_refusal_is_journaled_as_given(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let reader_only = {
        let mut p = admin(t);
        if let mscommerce_domain::PrincipalKind::User { wids, .. } = &mut p.kind {
            *wids = vec![mscommerce_proto::roles::GLOBAL_READER.into()];
        }
        p
    };
    let denied = reader_only.write().unwrap_err();
    let entry = AuditEntry {
        id: Uuid::now_v7(),
        at: T0.replace_nanosecond(999_000).unwrap(),
        tenant: t,
        actor: denied.caller.clone(),
        policy: POLICY,
        target: AuditTarget::Product(product(POWER_BI_PRO)),
        old_value: None,
        new_value: Some(PolicyValue::Disabled),
        result: AuditResult::Failed,
        reason: Some("Forbidden".into()),
        ids: RequestIds {
            request_id: "r-1".into(),
            correlation_id: Some("c-1".into()),
            client_request_id: Some("x-1".into()),
            client_address: None,
            user_agent: None,
        },
    };
    s.journal_refusal(&entry).await.unwrap();
    let j = s.journal(t).await.unwrap();
    assert_eq!(j.len(), 1);
    assert_eq!(j[0].entry, entry, "stored exactly as given");
    verify_chain(&j);

    // It joins the same chain as the changes.
    set(s, t, POWER_BI_PRO, PolicyValue::Disabled).await;
    let default_entry = AuditEntry {
        id: Uuid::now_v7(),
        target: AuditTarget::Default,
        old_value: None,
        new_value: None,
        reason: None,
        ..entry.clone()
    };
    s.journal_refusal(&default_entry).await.unwrap();
    let j = s.journal(t).await.unwrap();
    assert_eq!(j.len(), 3);
    assert_eq!(j[2].entry, default_entry);
    verify_chain(&j);

    // An entry whose actor belongs to another tenant is refused.
    let mut foreign = entry.clone();
    foreign.id = Uuid::now_v7();
    foreign.actor.tenant = new_tenant();
    assert!(matches!(
        s.journal_refusal(&foreign).await,
        Err(StoreError::Internal(_))
    ));
    // The same entry id twice is refused too.
    assert!(s.journal_refusal(&entry).await.is_err());
    assert_eq!(s.journal(t).await.unwrap().len(), 3);
}

async fn chains_are_per_tenant(db: Db) {
    let s = db.store();
    let (a, b) = (new_tenant(), new_tenant());
    let values = [
        PolicyValue::Disabled,
        PolicyValue::Enabled,
        PolicyValue::Disabled,
    ];
    for (i, v) in values.into_iter().enumerate() {
        for t in [a, b] {
            s.set_product_policy(
                &writer(t),
                POLICY,
                &product(POWER_BI_PRO),
                v,
                None,
                &ctx(T0 + Duration::seconds(i as i64)),
            )
            .await
            .unwrap();
        }
    }
    let ja = s.journal(a).await.unwrap();
    let jb = s.journal(b).await.unwrap();
    assert_eq!(ja.len(), 3);
    assert_eq!(jb.len(), 3);
    verify_chain(&ja);
    verify_chain(&jb);
    assert_eq!(ja[0].prev_hash, mscommerce_domain::audit::GENESIS_HASH);
    assert_eq!(jb[0].prev_hash, mscommerce_domain::audit::GENESIS_HASH);
    assert_ne!(ja[0].hash, jb[0].hash);
    // The chain really covers the content: a changed entry no longer hashes to its stored hash.
    let mut forged = ja[1].entry.clone();
    forged.new_value = Some(PolicyValue::OnlyTrialsWithoutPaymentMethod);
    assert_ne!(forged.chain_hash(ja[1].seq, &ja[1].prev_hash), ja[1].hash);
}

async fn the_journal_is_append_only(db: Db) {
    let s = db.store();
    let t = new_tenant();
    set(s, t, POWER_BI_PRO, PolicyValue::Disabled).await;
    let before = s.journal(t).await.unwrap();
    let st = db.sql_tenant(t);
    for sql in [
        format!("UPDATE audit_log SET reason = 'tampered' WHERE tenant = {st}"),
        "UPDATE audit_log SET new_value = 'Enabled'".to_owned(),
        format!("DELETE FROM audit_log WHERE tenant = {st}"),
        "DELETE FROM audit_log".to_owned(),
    ] {
        let r = db.raw(&sql).await;
        assert!(r.is_err(), "{sql} must fail, got {r:?}");
    }
    if matches!(db.backend(), Backend::Postgres) {
        assert!(db.raw("TRUNCATE audit_log").await.is_err());
    }
    assert_eq!(s.journal(t).await.unwrap(), before);
    // Appending still works.
    set(s, t, POWER_BI_PRO, PolicyValue::Enabled).await;
    let after = s.journal(t).await.unwrap();
    assert_eq!(after.len(), 2);
    verify_chain(&after);
}
