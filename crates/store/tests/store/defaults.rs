//! A tenant's default for new products: set with the write rules of products, journaled, and
//! what products added to the catalog later start at.

use mscommerce_domain::{AuditResult, AuditTarget, CatalogProduct, PolicyValue};
use mscommerce_store::{Refusal, StoreError, TenantRecord, policy_etag};

use crate::harness::*;

stories!(
    the_default_reaches_products_added_later_and_nothing_else,
    default_write_rules,
);

fn new_product(id: &str, trial: bool) -> CatalogProduct {
    CatalogProduct {
        id: product(id),
        name: format!("Product {id}"),
        legacy_ids: vec![],
        trial_without_payment_method: trial,
    }
}

async fn the_default_reaches_products_added_later_and_nothing_else(db: Db) {
    let s = db.store();
    // a: default Disabled. b: default OnlyTrialsWithoutPaymentMethod. c: materialized, built-in
    // default. d: never seen.
    let (a, b, c, d) = (new_tenant(), new_tenant(), new_tenant(), new_tenant());
    let before_a = s.product_policies(&reader(a), POLICY).await.unwrap();
    let r = s
        .set_default_value(&writer(a), POLICY, PolicyValue::Disabled, None, &ctx(T0))
        .await
        .unwrap();
    assert_eq!((r.default_value, r.version), (PolicyValue::Disabled, 1));
    assert_eq!(r.etag, policy_etag(a, POLICY, 1));
    assert_eq!(s.policy(&reader(a), POLICY).await.unwrap(), r);
    s.set_default_value(
        &writer(b),
        POLICY,
        PolicyValue::OnlyTrialsWithoutPaymentMethod,
        None,
        &ctx(T0),
    )
    .await
    .unwrap();
    s.create_tenant(&TenantRecord {
        id: c,
        domain: None,
        display_name: "C".into(),
        created_at: T0,
    })
    .await
    .unwrap();

    // Existing products keep their values.
    assert_eq!(
        s.product_policies(&reader(a), POLICY).await.unwrap(),
        before_a
    );

    // Journaled as a change of the default.
    let j = s.journal(a).await.unwrap();
    assert_eq!(j.len(), 1);
    let e = &j[0].entry;
    assert_eq!(e.target, AuditTarget::Default);
    assert_eq!(e.result, AuditResult::Succeeded);
    assert_eq!(
        (e.old_value, e.new_value),
        (Some(PolicyValue::Enabled), Some(PolicyValue::Disabled))
    );
    verify_chain(&j);

    // Products added later, by the operator and by a catalog sync.
    s.catalog_add(&new_product("CFQ7TTC0DEF1", true))
        .await
        .unwrap();
    s.catalog_add(&new_product("CFQ7TTC0DEF2", false))
        .await
        .unwrap();
    let mut grown = mscommerce_domain::Catalog::builtin().unwrap();
    grown.products.push(new_product("CFQ7TTC0DEF3", false));
    s.sync_catalog(&grown).await.unwrap();

    use PolicyValue::*;
    let expected = [
        // (tenant, with trial, without trial)
        (a, Disabled, Disabled),
        (b, OnlyTrialsWithoutPaymentMethod, Disabled),
        (c, Enabled, Enabled),
        (d, Enabled, Enabled),
    ];
    for (t, with_trial, without) in expected {
        for (id, want) in [
            ("CFQ7TTC0DEF1", with_trial),
            ("CFQ7TTC0DEF2", without),
            ("CFQ7TTC0DEF3", without),
        ] {
            let r = s
                .product_policy(&reader(t), POLICY, &product(id))
                .await
                .unwrap();
            assert_eq!((r.value, r.version), (want, 0), "tenant {t}, {id}");
        }
    }
    // A product arriving is nobody's change: nothing journaled.
    assert_eq!(s.journal(a).await.unwrap().len(), 1);
    assert!(s.journal(c).await.unwrap().is_empty());
}

async fn default_write_rules(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let v0 = s.policy(&reader(t), POLICY).await.unwrap();
    assert_eq!(v0.etag, policy_etag(t, POLICY, 0));

    // The value it has: success, same version, nothing journaled.
    let same = s
        .set_default_value(&writer(t), POLICY, PolicyValue::Enabled, None, &ctx(T0))
        .await
        .unwrap();
    assert_eq!(same, v0);
    assert!(s.journal(t).await.unwrap().is_empty());

    // A matching If-Match changes it.
    let v1 = s
        .set_default_value(
            &writer(t),
            POLICY,
            PolicyValue::Disabled,
            Some(&if_match(&v0.etag)),
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(v1.version, 1);

    // A stale If-Match asking for the value in place is not a conflict (a retried PUT).
    let retried = s
        .set_default_value(
            &writer(t),
            POLICY,
            PolicyValue::Disabled,
            Some(&if_match(&v0.etag)),
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(retried, v1);

    // A stale If-Match asking for another value is refused and journaled.
    let err = s
        .set_default_value(
            &writer(t),
            POLICY,
            PolicyValue::OnlyTrialsWithoutPaymentMethod,
            Some(&if_match(&v0.etag)),
            &ctx(T0),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Refused(Refusal::PreconditionFailed { current }) if *current == v1.etag),
        "{err:?}"
    );
    assert_eq!(s.policy(&reader(t), POLICY).await.unwrap(), v1);

    // `*` matches whatever is there.
    let any = mscommerce_domain::IfMatch::parse("*").unwrap();
    let v2 = s
        .set_default_value(
            &writer(t),
            POLICY,
            PolicyValue::OnlyTrialsWithoutPaymentMethod,
            Some(&any),
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(
        (v2.default_value, v2.version),
        (PolicyValue::OnlyTrialsWithoutPaymentMethod, 2)
    );

    let j = s.journal(t).await.unwrap();
    verify_chain(&j);
    let summary: Vec<_> = j
        .iter()
        .map(|r| (r.entry.result, r.entry.reason.clone(), r.entry.new_value))
        .collect();
    assert_eq!(
        summary,
        [
            (AuditResult::Succeeded, None, Some(PolicyValue::Disabled)),
            (
                AuditResult::Failed,
                Some("PreconditionFailed".into()),
                Some(PolicyValue::OnlyTrialsWithoutPaymentMethod)
            ),
            (
                AuditResult::Succeeded,
                None,
                Some(PolicyValue::OnlyTrialsWithoutPaymentMethod)
            ),
        ]
    );
    assert!(j.iter().all(|r| r.entry.target == AuditTarget::Default));
}
