//! Reading the journal: filters, paging newest first, tenant isolation, and the chain check
//! finding the first broken link after tampering.

use mscommerce_domain::{
    AuditEntry, AuditResult, AuditTarget, PolicyValue, Principal, PrincipalKind, RequestIds,
    TenantId,
};
use mscommerce_store::{AuditQuery, AuditTargetFilter, ChainCheck, ChainProblem, JournalRecord};
use time::Duration;
use uuid::Uuid;

use crate::harness::*;

stories!(
    the_audit_log_filters_and_pages_newest_first,
    the_audit_log_never_shows_another_tenant,
    the_chain_check_finds_the_first_broken_link,
);

const ADMIN_OID: Uuid = Uuid::from_u128(0x0a00_0001_0000_4000_8000_0000_0000_0001);

fn named_admin(t: TenantId) -> Principal {
    Principal {
        tenant: t,
        kind: PrincipalKind::User {
            oid: ADMIN_OID,
            upn: Some("Admin@Contoso.example".into()),
            wids: vec![mscommerce_proto::roles::GLOBAL_ADMINISTRATOR.into()],
            scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
        },
    }
}

fn q() -> AuditQuery {
    AuditQuery {
        limit: 100,
        ..AuditQuery::default()
    }
}

fn seqs(records: &[JournalRecord]) -> Vec<i64> {
    records.iter().map(|r| r.seq).collect()
}

/// Seven entries in `t`, one a second from T0: (seq, who, what).
/// 1 admin Power BI Pro, 2 app SaaS, 3 admin default, 4 app Visio,
/// 5 reader refused on Power BI Pro's legacy id, 6 admin Power BI Pro, 7 app Visio.
async fn seven_entries(db: &Db, t: TenantId) {
    let s = db.store();
    let admin = named_admin(t).write().unwrap();
    let app = automation(t).write().unwrap();
    let at = |i: i64| ctx(T0 + Duration::seconds(i));
    s.set_product_policy(
        &admin,
        POLICY,
        &product(POWER_BI_PRO),
        PolicyValue::Disabled,
        None,
        &at(1),
    )
    .await
    .unwrap();
    s.set_offer_type_policy(
        &app,
        POLICY,
        &offer_type("SaaS"),
        PolicyValue::Disabled,
        None,
        &at(2),
    )
    .await
    .unwrap();
    s.set_default_value(&admin, POLICY, PolicyValue::Disabled, None, &at(3))
        .await
        .unwrap();
    s.set_product_policy(
        &app,
        POLICY,
        &product(VISIO_PLAN_1),
        PolicyValue::Disabled,
        None,
        &at(4),
    )
    .await
    .unwrap();
    let reader_only = Principal {
        tenant: t,
        kind: PrincipalKind::User {
            oid: Uuid::new_v4(),
            upn: Some("reader@contoso.example".into()),
            wids: vec![mscommerce_proto::roles::GLOBAL_READER.into()],
            scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
        },
    };
    let denied = reader_only.write().unwrap_err();
    s.journal_refusal(&AuditEntry {
        id: Uuid::now_v7(),
        at: T0 + Duration::seconds(5),
        tenant: t,
        actor: denied.caller.clone(),
        policy: POLICY,
        // As the caller wrote it: the legacy id.
        target: AuditTarget::Product(product(POWER_BI_PRO_LEGACY)),
        old_value: None,
        new_value: None,
        result: AuditResult::Failed,
        reason: Some("Forbidden".into()),
        ids: RequestIds {
            request_id: "r-5".into(),
            correlation_id: None,
            client_request_id: None,
            client_address: None,
            user_agent: None,
        },
    })
    .await
    .unwrap();
    s.set_product_policy(
        &admin,
        POLICY,
        &product(POWER_BI_PRO),
        PolicyValue::Enabled,
        None,
        &at(6),
    )
    .await
    .unwrap();
    s.set_product_policy(
        &app,
        POLICY,
        &product(VISIO_PLAN_1),
        PolicyValue::Enabled,
        None,
        &at(7),
    )
    .await
    .unwrap();
}

async fn the_audit_log_filters_and_pages_newest_first(db: Db) {
    let s = db.store();
    let t = new_tenant();
    seven_entries(&db, t).await;
    let r = reader(t);
    let read = |query: AuditQuery| {
        let r = r.clone();
        async move { s.audit_log(&r, &query).await.unwrap() }
    };

    let all = read(q()).await;
    assert_eq!(seqs(&all), [7, 6, 5, 4, 3, 2, 1]);
    assert_eq!(all, {
        let mut j = s.journal(t).await.unwrap();
        j.reverse();
        j
    });

    // Pages of two, each continuing below the last sequence number seen.
    let mut paged = Vec::new();
    let mut before = None;
    loop {
        let page = read(AuditQuery {
            limit: 2,
            before_seq: before,
            ..q()
        })
        .await;
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 2);
        before = page.last().map(|r| r.seq);
        paged.extend(page);
    }
    assert_eq!(paged, all);

    let by_target = |f: AuditTargetFilter| AuditQuery {
        target: Some(f),
        ..q()
    };
    // A product: its current id and its legacy id find the same entries, the refusal journaled
    // under the legacy id included.
    for id in [POWER_BI_PRO, POWER_BI_PRO_LEGACY, "cfq7ttc0h9mp"] {
        let found = read(by_target(AuditTargetFilter::Product(product(id)))).await;
        assert_eq!(seqs(&found), [6, 5, 1], "{id}");
    }
    assert_eq!(
        seqs(&read(by_target(AuditTargetFilter::Product(product(VISIO_PLAN_1)))).await),
        [7, 4]
    );
    assert!(
        read(by_target(AuditTargetFilter::Product(product("NOSUCH"))))
            .await
            .is_empty()
    );
    assert_eq!(
        seqs(&read(by_target(AuditTargetFilter::OfferType(offer_type("saas")))).await),
        [2]
    );
    assert_eq!(
        seqs(&read(by_target(AuditTargetFilter::Default)).await),
        [3]
    );

    let by_actor = |a: &str| AuditQuery {
        actor: Some(a.to_owned()),
        ..q()
    };
    for who in [
        "admin@contoso.example",
        "ADMIN@CONTOSO.EXAMPLE",
        &ADMIN_OID.to_string(),
        &ADMIN_OID.to_string().to_uppercase(),
    ] {
        assert_eq!(seqs(&read(by_actor(who)).await), [6, 3, 1], "{who}");
    }
    assert_eq!(seqs(&read(by_actor("contoso-automation")).await), [7, 4, 2]);
    assert_eq!(seqs(&read(by_actor("reader@contoso.example")).await), [5]);
    assert!(read(by_actor("nobody@contoso.example")).await.is_empty());
    assert!(read(by_actor(&Uuid::new_v4().to_string())).await.is_empty());

    // Time: since inclusive, until exclusive; with the other filters.
    let window = AuditQuery {
        since: Some(T0 + Duration::seconds(3)),
        until: Some(T0 + Duration::seconds(6)),
        ..q()
    };
    assert_eq!(seqs(&read(window.clone()).await), [5, 4, 3]);
    assert_eq!(
        seqs(
            &read(AuditQuery {
                actor: Some("contoso-automation".into()),
                ..window.clone()
            })
            .await
        ),
        [4]
    );
    assert_eq!(
        seqs(
            &read(AuditQuery {
                policy: Some(POLICY),
                since: Some(T0 + Duration::seconds(6)),
                ..q()
            })
            .await
        ),
        [7, 6]
    );
    // Filters and the cursor together.
    assert_eq!(
        seqs(
            &read(AuditQuery {
                actor: Some("contoso-automation".into()),
                before_seq: Some(7),
                limit: 1,
                ..q()
            })
            .await
        ),
        [4]
    );
}

async fn the_audit_log_never_shows_another_tenant(db: Db) {
    let s = db.store();
    let (a, b) = (new_tenant(), new_tenant());
    seven_entries(&db, a).await;
    seven_entries(&db, b).await;
    let b_ids: Vec<_> = s
        .journal(b)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.entry.id)
        .collect();
    // Whatever the filters (b's actors, products, times, cursors), a's reader gets a's entries.
    let queries = [
        q(),
        AuditQuery {
            actor: Some("contoso-automation".into()),
            ..q()
        },
        AuditQuery {
            actor: Some(ADMIN_OID.to_string()),
            ..q()
        },
        AuditQuery {
            target: Some(AuditTargetFilter::Product(product(POWER_BI_PRO))),
            ..q()
        },
        AuditQuery {
            before_seq: Some(1_000_000),
            ..q()
        },
        AuditQuery {
            since: Some(T0),
            ..q()
        },
    ];
    for query in queries {
        let got = s.audit_log(&reader(a), &query).await.unwrap();
        assert!(!got.is_empty(), "{query:?}");
        assert!(got.iter().all(|r| r.entry.tenant == a), "{query:?}");
        assert!(got.iter().all(|r| !b_ids.contains(&r.entry.id)));
    }
    // A tenant with no journal reads an empty one.
    assert!(
        s.audit_log(&reader(new_tenant()), &q())
            .await
            .unwrap()
            .is_empty()
    );
}

/// Runs the check over the tenant's journal in pages of 2, as `audit verify` does (in larger
/// pages).
async fn check(db: &Db, t: TenantId) -> Result<i64, mscommerce_store::BrokenLink> {
    let mut c = ChainCheck::new();
    let mut after = 0;
    loop {
        let page = db.store().journal_after(t, after, 2).await.unwrap();
        let Some(last) = page.last() else {
            return Ok(c.count());
        };
        after = last.seq;
        for r in &page {
            c.push(r)?;
        }
    }
}

async fn the_chain_check_finds_the_first_broken_link(db: Db) {
    let t = new_tenant();
    seven_entries(&db, t).await;
    assert_eq!(check(&db, t).await, Ok(7));
    let st = db.sql_tenant(t);
    // An attacker with access to the database first removes what protects the table.
    match db.backend() {
        Backend::Sqlite => {
            db.raw("DROP TRIGGER audit_log_no_update").await.unwrap();
            db.raw("DROP TRIGGER audit_log_no_delete").await.unwrap();
        }
        Backend::Postgres => {
            db.raw("DROP TRIGGER audit_log_no_update_or_delete ON audit_log")
                .await
                .unwrap();
        }
    }

    // Rewriting an entry's value: the entry no longer hashes to its stored hash.
    db.raw(&format!(
        "UPDATE audit_log SET new_value = 'Enabled' WHERE tenant = {st} AND seq = 4"
    ))
    .await
    .unwrap();
    let broken = check(&db, t).await.unwrap_err();
    assert_eq!(broken.seq, 4);
    assert!(
        matches!(broken.problem, ChainProblem::Content { .. }),
        "{broken}"
    );
    assert!(broken.to_string().contains("altered"), "{broken}");

    // Rewriting its hash too: now the next entry's link breaks.
    let j = db.store().journal(t).await.unwrap();
    let forged = j[3].entry.chain_hash(4, &j[3].prev_hash);
    db.raw(&format!(
        "UPDATE audit_log SET hash = '{forged}' WHERE tenant = {st} AND seq = 4"
    ))
    .await
    .unwrap();
    let broken = check(&db, t).await.unwrap_err();
    assert_eq!(broken.seq, 5);
    assert!(
        matches!(broken.problem, ChainProblem::Link { .. }),
        "{broken}"
    );

    // Removing an entry before that: a gap, found first.
    db.raw(&format!(
        "DELETE FROM audit_log WHERE tenant = {st} AND seq = 2"
    ))
    .await
    .unwrap();
    let broken = check(&db, t).await.unwrap_err();
    assert_eq!(
        (broken.seq, broken.problem.clone()),
        (3, ChainProblem::Gap { expected: 2 })
    );
    assert!(broken.to_string().contains("missing"), "{broken}");
}
