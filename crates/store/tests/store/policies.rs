//! Reads, materialization, isolation, legacy ids and the write rules.

use mscommerce_domain::{AuditResult, AuditTarget, Catalog, PolicyValue};
use mscommerce_store::{Refusal, StoreError, offer_type_etag, policy_etag, product_etag};

use crate::harness::*;

stories!(
    an_unseen_tenant_reads_the_catalog_at_the_builtin_default,
    the_first_write_materializes_the_tenant,
    tenants_are_isolated,
    legacy_ids_resolve_to_the_current_product,
    unknown_products_and_offer_types_are_not_found,
    product_write_rules,
    offer_type_write_rules,
    retired_products_are_hidden_from_lists,
    ping_answers,
    a_change_records_when_the_value_changed,
);

async fn an_unseen_tenant_reads_the_catalog_at_the_builtin_default(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let catalog = Catalog::builtin().unwrap();

    let p = s.policy(&reader(t), POLICY).await.unwrap();
    assert_eq!(p.default_value, PolicyValue::Enabled);
    assert_eq!(p.version, 0);
    assert_eq!(p.etag, policy_etag(t, POLICY, 0));

    let products = s.product_policies(&reader(t), POLICY).await.unwrap();
    assert_eq!(products.len(), catalog.products.len());
    for r in &products {
        assert_eq!(r.value, PolicyValue::Enabled, "{}", r.product_id);
        assert_eq!(r.version, 0);
        assert_eq!(r.etag, product_etag(t, POLICY, &r.product_id, 0));
    }
    let order: Vec<_> = products
        .iter()
        .map(|r| (r.product_name.clone(), r.product_id.clone()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "ordered by product name, then id");

    let bi = s
        .product_policy(&reader(t), POLICY, &product(POWER_BI_PRO))
        .await
        .unwrap();
    assert_eq!(bi.product_name, "Power BI Pro");
    assert!(!bi.trial_without_payment_method);
    let visio = s
        .product_policy(&reader(t), POLICY, &product(VISIO_PLAN_1))
        .await
        .unwrap();
    assert!(visio.trial_without_payment_method);

    let offer_types = s.offer_type_policies(&reader(t), POLICY).await.unwrap();
    assert_eq!(offer_types.len(), catalog.offer_types.len());
    let keys: Vec<_> = offer_types
        .iter()
        .map(|o| o.offer_type.as_str().to_ascii_lowercase())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "ordered by offer type");
    for o in &offer_types {
        assert_eq!(o.value, PolicyValue::Enabled);
        assert_eq!(o.version, 0);
        assert_eq!(o.etag, offer_type_etag(t, POLICY, &o.offer_type, 0));
    }

    // Reading creates nothing.
    assert!(s.journal(t).await.unwrap().is_empty());
    assert_eq!(s.find_tenant(&t.to_string()).await.unwrap(), None);
}

async fn the_first_write_materializes_the_tenant(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let sql_t = db.sql_tenant(t);
    let touch =
        |table: &str| format!("UPDATE {table} SET version = version WHERE tenant = {sql_t}");
    assert_eq!(db.raw(&touch("product_policies")).await.unwrap(), 0);

    let r = set(s, t, POWER_BI_PRO, PolicyValue::Disabled).await;
    assert_eq!((r.value, r.version), (PolicyValue::Disabled, 1));

    // Every product, every offer type and the policy settings now have rows.
    let n = Catalog::builtin().unwrap().products.len() as u64;
    assert_eq!(db.raw(&touch("product_policies")).await.unwrap(), n);
    assert_eq!(db.raw(&touch("offer_type_policies")).await.unwrap(), 4);
    assert_eq!(db.raw(&touch("tenant_policies")).await.unwrap(), 1);

    // The tenant appears in the directory, without a domain.
    let rec = s.find_tenant(&t.to_string()).await.unwrap().unwrap();
    assert_eq!(rec.id, t);
    assert_eq!(rec.domain, None);

    // Everything else still reads as before.
    for r in s.product_policies(&reader(t), POLICY).await.unwrap() {
        if r.product_id.as_str() == POWER_BI_PRO {
            assert_eq!((r.value, r.version), (PolicyValue::Disabled, 1));
        } else {
            assert_eq!((r.value, r.version), (PolicyValue::Enabled, 0));
        }
    }
    let p = s.policy(&reader(t), POLICY).await.unwrap();
    assert_eq!((p.default_value, p.version), (PolicyValue::Enabled, 0));

    // A second write does not materialize twice.
    set(s, t, VISIO_PLAN_1, PolicyValue::Disabled).await;
    assert_eq!(db.raw(&touch("product_policies")).await.unwrap(), n);
}

async fn tenants_are_isolated(db: Db) {
    let s = db.store();
    let (a, b) = (new_tenant(), new_tenant());
    set(s, a, POWER_BI_PRO, PolicyValue::Disabled).await;
    s.set_offer_type_policy(
        &writer(a),
        POLICY,
        &offer_type("SaaS"),
        PolicyValue::Disabled,
        None,
        &ctx(T0),
    )
    .await
    .unwrap();
    set(
        s,
        b,
        VISIO_PLAN_1,
        PolicyValue::OnlyTrialsWithoutPaymentMethod,
    )
    .await;

    let a_bi = s
        .product_policy(&reader(a), POLICY, &product(POWER_BI_PRO))
        .await
        .unwrap();
    let b_bi = s
        .product_policy(&reader(b), POLICY, &product(POWER_BI_PRO))
        .await
        .unwrap();
    assert_eq!(a_bi.value, PolicyValue::Disabled);
    assert_eq!((b_bi.value, b_bi.version), (PolicyValue::Enabled, 0));
    let b_saas = s
        .offer_type_policy(&reader(b), POLICY, &offer_type("SaaS"))
        .await
        .unwrap();
    assert_eq!((b_saas.value, b_saas.version), (PolicyValue::Enabled, 0));
    let a_visio = s
        .product_policy(&reader(a), POLICY, &product(VISIO_PLAN_1))
        .await
        .unwrap();
    assert_eq!(a_visio.value, PolicyValue::Enabled);

    // Same product and version, different tenants: different tags.
    let b_visio = s
        .product_policy(&reader(b), POLICY, &product(VISIO_PLAN_1))
        .await
        .unwrap();
    assert_eq!(b_visio.version, a_bi.version);
    assert_ne!(
        product_etag(a, POLICY, &product(VISIO_PLAN_1), 1),
        b_visio.etag
    );

    // Each journal holds its own tenant's entries only.
    let ja = s.journal(a).await.unwrap();
    let jb = s.journal(b).await.unwrap();
    assert_eq!(ja.len(), 2);
    assert_eq!(jb.len(), 1);
    assert!(ja.iter().all(|r| r.entry.tenant == a));
    assert!(jb.iter().all(|r| r.entry.tenant == b));
    // A tag from one tenant does not match in another.
    let err = s
        .set_product_policy(
            &writer(b),
            POLICY,
            &product(POWER_BI_PRO),
            PolicyValue::Disabled,
            Some(&if_match(&a_bi.etag)),
            &ctx(T0),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::PreconditionFailed { .. })),
        "{err:?}"
    );
}

async fn legacy_ids_resolve_to_the_current_product(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let legacy = product(POWER_BI_PRO_LEGACY);
    let r = s.product_policy(&reader(t), POLICY, &legacy).await.unwrap();
    assert_eq!(r.product_id.as_str(), POWER_BI_PRO);
    assert_eq!(r.etag, product_etag(t, POLICY, &product(POWER_BI_PRO), 0));

    // Case-insensitive ids parse to the same product.
    let lower = product(&POWER_BI_PRO_LEGACY.to_ascii_lowercase());
    let w = s
        .set_product_policy(
            &writer(t),
            POLICY,
            &lower,
            PolicyValue::Disabled,
            None,
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(w.product_id.as_str(), POWER_BI_PRO);
    assert_eq!((w.value, w.version), (PolicyValue::Disabled, 1));

    let current = s
        .product_policy(&reader(t), POLICY, &product(POWER_BI_PRO))
        .await
        .unwrap();
    assert_eq!(current, w);
    // The legacy id is no separate row.
    let listed: Vec<_> = s
        .product_policies(&reader(t), POLICY)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.product_id.as_str() == POWER_BI_PRO_LEGACY)
        .collect();
    assert!(listed.is_empty());

    let j = s.journal(t).await.unwrap();
    assert_eq!(j.len(), 1);
    assert_eq!(
        j[0].entry.target,
        AuditTarget::Product(product(POWER_BI_PRO))
    );

    // If-Match with the tag read through the legacy id works on the current product.
    let again = s
        .set_product_policy(
            &writer(t),
            POLICY,
            &legacy,
            PolicyValue::Enabled,
            Some(&if_match(&w.etag)),
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(again.version, 2);
}

async fn unknown_products_and_offer_types_are_not_found(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let nope = product("CFQ7TTC0NOPE");
    assert!(matches!(
        s.product_policy(&reader(t), POLICY, &nope).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_product_policy(
            &writer(t),
            POLICY,
            &nope,
            PolicyValue::Disabled,
            None,
            &ctx(T0)
        )
        .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.offer_type_policy(&reader(t), POLICY, &offer_type("Nope"))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_offer_type_policy(
            &writer(t),
            POLICY,
            &offer_type("Nope"),
            PolicyValue::Disabled,
            None,
            &ctx(T0)
        )
        .await,
        Err(StoreError::NotFound)
    ));
    // A 404 neither journals nor materializes.
    assert!(s.journal(t).await.unwrap().is_empty());
    assert_eq!(s.find_tenant(&t.to_string()).await.unwrap(), None);
}

async fn product_write_rules(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let bi = product(POWER_BI_PRO);
    let set = |value, m: Option<mscommerce_domain::IfMatch>| {
        let bi = bi.clone();
        async move {
            s.set_product_policy(&writer(t), POLICY, &bi, value, m.as_ref(), &ctx(T0))
                .await
        }
    };

    // Setting the value it already has: success, same version, nothing journaled.
    let r = set(PolicyValue::Enabled, None).await.unwrap();
    assert_eq!((r.value, r.version), (PolicyValue::Enabled, 0));
    assert!(s.journal(t).await.unwrap().is_empty());

    // A change: version + 1, new tag, one Succeeded entry with old and new value.
    let grant = writer(t);
    let c = ctx(T0);
    let r1 = s
        .set_product_policy(&grant, POLICY, &bi, PolicyValue::Disabled, None, &c)
        .await
        .unwrap();
    assert_eq!((r1.value, r1.version), (PolicyValue::Disabled, 1));
    assert_eq!(r1.etag, product_etag(t, POLICY, &bi, 1));
    let j = s.journal(t).await.unwrap();
    assert_eq!(j.len(), 1);
    let e = &j[0].entry;
    assert_eq!(e.id, c.audit_id);
    assert_eq!(e.tenant, t);
    assert_eq!(&e.actor, grant.actor());
    assert_eq!(e.policy, POLICY);
    assert_eq!(e.target, AuditTarget::Product(bi.clone()));
    assert_eq!(e.old_value, Some(PolicyValue::Enabled));
    assert_eq!(e.new_value, Some(PolicyValue::Disabled));
    assert_eq!(e.result, AuditResult::Succeeded);
    assert_eq!(e.reason, None);
    assert_eq!(e.ids, c.ids);

    // If-Match that matches: applied.
    let r2 = set(PolicyValue::Enabled, Some(if_match(&r1.etag)))
        .await
        .unwrap();
    assert_eq!((r2.value, r2.version), (PolicyValue::Enabled, 2));

    // Stale If-Match, but the row already holds the value (a retried PUT): success, no change.
    let r = set(PolicyValue::Enabled, Some(if_match(&r1.etag)))
        .await
        .unwrap();
    assert_eq!(r, r2);
    assert_eq!(s.journal(t).await.unwrap().len(), 2);

    // Stale If-Match and another value: 412, journaled as Failed, nothing changed.
    let err = set(PolicyValue::Disabled, Some(if_match(&r1.etag)))
        .await
        .unwrap_err();
    match err {
        StoreError::Refused(Refusal::PreconditionFailed { current }) => {
            assert_eq!(current, r2.etag);
        }
        other => panic!("expected PreconditionFailed, got {other:?}"),
    }
    let j = s.journal(t).await.unwrap();
    assert_eq!(j.len(), 3);
    let e = &j[2].entry;
    assert_eq!(e.result, AuditResult::Failed);
    assert_eq!(e.reason.as_deref(), Some("PreconditionFailed"));
    assert_eq!(e.old_value, Some(PolicyValue::Enabled));
    assert_eq!(e.new_value, Some(PolicyValue::Disabled));
    let now = s.product_policy(&reader(t), POLICY, &bi).await.unwrap();
    assert_eq!(now, r2);

    // A weak tag never matches (strong comparison).
    let weak = mscommerce_domain::IfMatch::parse(&format!("W/{}", r2.etag.header_value())).unwrap();
    assert!(matches!(
        set(PolicyValue::Disabled, Some(weak)).await,
        Err(StoreError::Refused(Refusal::PreconditionFailed { .. }))
    ));
    // `*` matches any current representation.
    let star = mscommerce_domain::IfMatch::parse("*").unwrap();
    let r3 = set(PolicyValue::Disabled, Some(star)).await.unwrap();
    assert_eq!(r3.version, 3);
    // A list that contains the current tag matches.
    let list =
        mscommerce_domain::IfMatch::parse(&format!("\"x\", {}", r3.etag.header_value())).unwrap();
    let r4 = set(PolicyValue::Enabled, Some(list)).await.unwrap();
    assert_eq!(r4.version, 4);

    // OnlyTrialsWithoutPaymentMethod on a product without such a trial: 400, journaled.
    let err = set(PolicyValue::OnlyTrialsWithoutPaymentMethod, None)
        .await
        .unwrap_err();
    match err {
        StoreError::Refused(Refusal::ValueNotAllowed { value, allowed }) => {
            assert_eq!(value, PolicyValue::OnlyTrialsWithoutPaymentMethod);
            assert_eq!(allowed, vec![PolicyValue::Enabled, PolicyValue::Disabled]);
        }
        other => panic!("expected ValueNotAllowed, got {other:?}"),
    }
    let j = s.journal(t).await.unwrap();
    let last = &j.last().unwrap().entry;
    assert_eq!(last.result, AuditResult::Failed);
    assert_eq!(last.reason.as_deref(), Some("BadRequest"));
    assert_eq!(
        last.new_value,
        Some(PolicyValue::OnlyTrialsWithoutPaymentMethod)
    );
    assert_eq!(
        s.product_policy(&reader(t), POLICY, &bi)
            .await
            .unwrap()
            .version,
        4
    );

    // ... and allowed where the product has one.
    let v = super::harness::set(
        s,
        t,
        VISIO_PLAN_1,
        PolicyValue::OnlyTrialsWithoutPaymentMethod,
    )
    .await;
    assert_eq!(
        (v.value, v.version),
        (PolicyValue::OnlyTrialsWithoutPaymentMethod, 1)
    );

    // Journal: 4 changes on Power BI + 3 refusals + 1 change on Visio, in a valid chain.
    let j = s.journal(t).await.unwrap();
    assert_eq!(j.len(), 8);
    assert_eq!(
        j.iter()
            .filter(|r| r.entry.result == AuditResult::Succeeded)
            .count(),
        5
    );
    verify_chain(&j);
}

async fn offer_type_write_rules(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let saas = offer_type("saas"); // matched case-insensitively

    let r = s
        .offer_type_policy(&reader(t), POLICY, &saas)
        .await
        .unwrap();
    assert_eq!(
        r.offer_type.as_str(),
        "SaaS",
        "answers in the catalog's spelling"
    );
    assert_eq!(r.etag, offer_type_etag(t, POLICY, &saas, 0));

    let err = s
        .set_offer_type_policy(
            &writer(t),
            POLICY,
            &saas,
            PolicyValue::OnlyTrialsWithoutPaymentMethod,
            None,
            &ctx(T0),
        )
        .await
        .unwrap_err();
    match err {
        StoreError::Refused(Refusal::ValueNotAllowed { allowed, .. }) => {
            assert_eq!(allowed, vec![PolicyValue::Enabled, PolicyValue::Disabled]);
        }
        other => panic!("expected ValueNotAllowed, got {other:?}"),
    }

    // No-op, then a change, then the If-Match rules.
    let same = s
        .set_offer_type_policy(
            &writer(t),
            POLICY,
            &saas,
            PolicyValue::Enabled,
            None,
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(same.version, 0);
    let r1 = s
        .set_offer_type_policy(
            &writer(t),
            POLICY,
            &offer_type("SAAS"),
            PolicyValue::Disabled,
            Some(&if_match(&r.etag)),
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!((r1.value, r1.version), (PolicyValue::Disabled, 1));
    assert_eq!(r1.offer_type.as_str(), "SaaS");
    let retry = s
        .set_offer_type_policy(
            &writer(t),
            POLICY,
            &saas,
            PolicyValue::Disabled,
            Some(&if_match(&r.etag)),
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(retry, r1);
    let err = s
        .set_offer_type_policy(
            &writer(t),
            POLICY,
            &saas,
            PolicyValue::Enabled,
            Some(&if_match(&r.etag)),
            &ctx(T0),
        )
        .await
        .unwrap_err();
    match err {
        StoreError::Refused(Refusal::PreconditionFailed { current }) => {
            assert_eq!(current, r1.etag);
        }
        other => panic!("expected PreconditionFailed, got {other:?}"),
    }

    let listed = s.offer_type_policies(&reader(t), POLICY).await.unwrap();
    let saas_listed = listed
        .iter()
        .find(|o| o.offer_type.as_str() == "SaaS")
        .unwrap();
    assert_eq!(saas_listed, &r1);

    let j = s.journal(t).await.unwrap();
    let summary: Vec<_> = j
        .iter()
        .map(|r| (r.entry.result, r.entry.reason.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (AuditResult::Failed, Some("BadRequest".to_owned())),
            (AuditResult::Succeeded, None),
            (AuditResult::Failed, Some("PreconditionFailed".to_owned())),
        ]
    );
    assert!(
        j.iter()
            .all(|r| r.entry.target == AuditTarget::OfferType(offer_type("SaaS")))
    );
    verify_chain(&j);
}

async fn retired_products_are_hidden_from_lists(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let n = Catalog::builtin().unwrap().products.len();
    assert_eq!(
        db.raw(&format!(
            "UPDATE products SET retired = true WHERE product_id = '{POWER_BI_PRO}'"
        ))
        .await
        .unwrap(),
        1
    );
    let listed = s.product_policies(&reader(t), POLICY).await.unwrap();
    assert_eq!(listed.len(), n - 1);
    assert!(listed.iter().all(|r| r.product_id.as_str() != POWER_BI_PRO));
    // Still there when asked for by id (current or legacy).
    let r = s
        .product_policy(&reader(t), POLICY, &product(POWER_BI_PRO_LEGACY))
        .await
        .unwrap();
    assert_eq!(r.product_id.as_str(), POWER_BI_PRO);
}

async fn ping_answers(db: Db) {
    db.store().ping().await.unwrap();
}

/// A row says when its value last changed (what the admin page shows), to the microsecond both
/// databases keep; rows never changed say so, and a write that changes nothing leaves it.
async fn a_change_records_when_the_value_changed(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let (grant, pbi) = (reader(t), product(POWER_BI_PRO));
    let read = || s.product_policy(&grant, POLICY, &pbi);
    assert_eq!(read().await.unwrap().updated_at, None);
    let changed = set(s, t, POWER_BI_PRO, PolicyValue::Disabled).await;
    let at =
        time::OffsetDateTime::from_unix_timestamp_nanos(T0.unix_timestamp_nanos() / 1_000 * 1_000)
            .unwrap();
    assert_eq!(changed.updated_at, Some(at));
    assert_eq!(read().await.unwrap(), changed);
    let listed = s.product_policies(&reader(t), POLICY).await.unwrap();
    assert!(listed.contains(&changed));
    let again = set(s, t, POWER_BI_PRO, PolicyValue::Disabled).await;
    assert_eq!(again.updated_at, Some(at));
    let saas = s
        .offer_type_policy(&reader(t), POLICY, &offer_type("SaaS"))
        .await
        .unwrap();
    assert_eq!(saas.updated_at, None);
}
