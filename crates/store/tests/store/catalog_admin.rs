//! The operator's catalog operations: add (reaching every tenant at its own default), rename,
//! retire (hidden, frozen, still readable), map a legacy id.

use mscommerce_domain::{AuditResult, CatalogProduct, PolicyValue};
use mscommerce_store::{Refusal, StoreError, TenantRecord};

use crate::harness::*;

stories!(
    catalog_add_reaches_every_tenant,
    catalog_add_refuses_ids_in_use,
    rename_retire_and_map_legacy,
    catalog_add_racing_new_tenants_misses_none,
);

fn entry(id: &str, legacy: &[&str], trial: bool) -> CatalogProduct {
    CatalogProduct {
        id: product(id),
        name: format!("Product {id}"),
        legacy_ids: legacy.iter().map(|l| product(l)).collect(),
        trial_without_payment_method: trial,
    }
}

/// How many rows `product_policies` holds for `id` in tenant `t` (0 or 1).
async fn rows(db: &Db, t: mscommerce_domain::TenantId, id: &str) -> u64 {
    db.raw(&format!(
        "UPDATE product_policies SET version = version WHERE tenant = {} AND product_id = '{id}'",
        db.sql_tenant(t)
    ))
    .await
    .unwrap()
}

async fn catalog_add_reaches_every_tenant(db: Db) {
    let s = db.store();
    // a: its default Disabled. b: materialized at the built-in default. c: created by the
    // operator. d: never seen.
    let (a, b, c, d) = (new_tenant(), new_tenant(), new_tenant(), new_tenant());
    s.set_default_value(&writer(a), POLICY, PolicyValue::Disabled, None, &ctx(T0))
        .await
        .unwrap();
    set(s, b, POWER_BI_PRO, PolicyValue::Disabled).await;
    s.create_tenant(&TenantRecord {
        id: c,
        domain: None,
        display_name: "C".into(),
        created_at: T0,
    })
    .await
    .unwrap();
    let n = s.catalog_products().await.unwrap().len();

    let new = entry("CFQ7TTC0ADD1", &["CFQ7TTC0ADDL"], false);
    s.catalog_add(&new).await.unwrap();

    for (t, want) in [
        (a, PolicyValue::Disabled),
        (b, PolicyValue::Enabled),
        (c, PolicyValue::Enabled),
        (d, PolicyValue::Enabled),
    ] {
        let r = s.product_policy(&reader(t), POLICY, &new.id).await.unwrap();
        assert_eq!((r.value, r.version), (want, 0), "tenant {t}");
        assert_eq!(r.product_name, "Product CFQ7TTC0ADD1");
        assert!(!r.trial_without_payment_method && !r.retired);
        // The legacy id reads the same row; lists include it.
        assert_eq!(
            s.product_policy(&reader(t), POLICY, &product("CFQ7TTC0ADDL"))
                .await
                .unwrap(),
            r
        );
        assert!(
            s.product_policies(&reader(t), POLICY)
                .await
                .unwrap()
                .contains(&r)
        );
    }
    // Materialized tenants hold a row for it; the unseen one still has none.
    for t in [a, b, c] {
        assert_eq!(rows(&db, t, "CFQ7TTC0ADD1").await, 1, "tenant {t}");
    }
    assert_eq!(rows(&db, d, "CFQ7TTC0ADD1").await, 0);

    // A tenant appearing later gets it at the built-in default, like every product.
    let e = new_tenant();
    set(s, e, POWER_BI_PRO, PolicyValue::Disabled).await;
    assert_eq!(rows(&db, e, "CFQ7TTC0ADD1").await, 1);

    let listed = s.catalog_products().await.unwrap();
    assert_eq!(listed.len(), n + 1);
    let added = listed.iter().find(|r| r.product.id == new.id).unwrap();
    assert_eq!(added.product, new);
    assert!(!added.retired);
    // Builtin products list their legacy ids.
    let bi = listed
        .iter()
        .find(|r| r.product.id.as_str() == POWER_BI_PRO)
        .unwrap();
    assert_eq!(bi.product.legacy_ids, [product(POWER_BI_PRO_LEGACY)]);

    // A later catalog sync leaves the operator's product alone.
    s.sync_catalog(&mscommerce_domain::Catalog::builtin().unwrap())
        .await
        .unwrap();
    assert_eq!(s.catalog_products().await.unwrap(), listed);
}

async fn catalog_add_refuses_ids_in_use(db: Db) {
    let s = db.store();
    s.catalog_add(&entry("CFQ7TTC0USE1", &[], true))
        .await
        .unwrap();
    let before = s.catalog_products().await.unwrap();
    for (bad, why) in [
        (entry("CFQ7TTC0USE1", &[], false), "a product's id"),
        (entry(POWER_BI_PRO_LEGACY, &[], false), "a legacy id"),
        (
            entry("CFQ7TTC0USE2", &[POWER_BI_PRO_LEGACY], false),
            "a legacy id mapped already",
        ),
        (
            entry("CFQ7TTC0USE3", &[POWER_BI_PRO], false),
            "a current product as legacy id",
        ),
        (
            entry("CFQ7TTC0USE4", &["CFQ7TTC0USE4"], false),
            "its own id as legacy id",
        ),
    ] {
        let r = s.catalog_add(&bad).await;
        assert!(matches!(r, Err(StoreError::Conflict(_))), "{why}: {r:?}");
    }
    assert_eq!(s.catalog_products().await.unwrap(), before, "nothing added");
}

async fn rename_retire_and_map_legacy(db: Db) {
    let s = db.store();
    let t = new_tenant();
    let old = product("CFQ7TTC0RET1");
    let new = product("CFQ7TTC0RET2");
    s.catalog_add(&entry(old.as_str(), &[], false))
        .await
        .unwrap();
    s.catalog_add(&entry(new.as_str(), &[], false))
        .await
        .unwrap();
    s.set_product_policy(
        &writer(t),
        POLICY,
        &old,
        PolicyValue::Disabled,
        None,
        &ctx(T0),
    )
    .await
    .unwrap();

    // Rename: every tenant sees the new name.
    s.catalog_rename(&old, "Old Product (renamed)")
        .await
        .unwrap();
    for tenant in [t, new_tenant()] {
        assert_eq!(
            s.product_policy(&reader(tenant), POLICY, &old)
                .await
                .unwrap()
                .product_name,
            "Old Product (renamed)"
        );
    }
    assert!(matches!(
        s.catalog_rename(&product("NOSUCH"), "x").await,
        Err(StoreError::NotFound)
    ));

    // Retire: gone from lists, readable by id, its policy frozen.
    assert!(s.catalog_retire(&old).await.unwrap());
    assert!(!s.catalog_retire(&old).await.unwrap(), "already retired");
    assert!(matches!(
        s.catalog_retire(&product("NOSUCH")).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        s.product_policies(&reader(t), POLICY)
            .await
            .unwrap()
            .iter()
            .all(|r| r.product_id != old)
    );
    let frozen = s.product_policy(&reader(t), POLICY, &old).await.unwrap();
    assert!(frozen.retired);
    assert_eq!(frozen.value, PolicyValue::Disabled);
    let journal = s.journal(t).await.unwrap().len();
    // Writing the value it holds still succeeds (an old desired-state file applies cleanly).
    let same = s
        .set_product_policy(
            &writer(t),
            POLICY,
            &old,
            PolicyValue::Disabled,
            None,
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(same, frozen);
    // A change is refused, before If-Match is looked at, and journaled.
    let stale = mscommerce_store::product_etag(t, POLICY, &old, 99);
    let r = s
        .set_product_policy(
            &writer(t),
            POLICY,
            &old,
            PolicyValue::Enabled,
            Some(&if_match(&stale)),
            &ctx(T0),
        )
        .await;
    assert!(
        matches!(&r, Err(StoreError::Refused(Refusal::Retired { product })) if *product == old),
        "{r:?}"
    );
    let j = s.journal(t).await.unwrap();
    assert_eq!(j.len(), journal + 1);
    let last = &j.last().unwrap().entry;
    assert_eq!(
        (last.result, last.reason.as_deref()),
        (AuditResult::Failed, Some("ProductRetired"))
    );
    assert_eq!(
        s.product_policy(&reader(t), POLICY, &old).await.unwrap(),
        frozen
    );
    let listed = s.catalog_products().await.unwrap();
    assert!(listed.iter().any(|r| r.product.id == old && r.retired));

    // Map the retired product's id to its replacement: requests naming it act on the new one.
    assert!(matches!(
        s.catalog_map_legacy(&old, &product("NOSUCH")).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.catalog_map_legacy(&product(POWER_BI_PRO), &new).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.catalog_map_legacy(&new, &old).await,
        Err(StoreError::Conflict(_))
    ));
    s.catalog_map_legacy(&old, &new).await.unwrap();
    let via_old = s.product_policy(&reader(t), POLICY, &old).await.unwrap();
    assert_eq!(via_old.product_id, new);
    let changed = s
        .set_product_policy(
            &writer(t),
            POLICY,
            &old,
            PolicyValue::Disabled,
            None,
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!(
        (changed.product_id, changed.value, changed.version),
        (new.clone(), PolicyValue::Disabled, 1)
    );

    // A brand-new legacy id, and moving an existing mapping.
    s.catalog_map_legacy(&product("CFQ7TTC0LEG1"), &new)
        .await
        .unwrap();
    assert_eq!(
        s.product_policy(&reader(t), POLICY, &product("CFQ7TTC0LEG1"))
            .await
            .unwrap()
            .product_id,
        new
    );
    s.catalog_map_legacy(&product(POWER_BI_PRO_LEGACY), &new)
        .await
        .unwrap();
    assert_eq!(
        s.product_policy(&reader(t), POLICY, &product(POWER_BI_PRO_LEGACY))
            .await
            .unwrap()
            .product_id,
        new
    );
    let listed = s.catalog_products().await.unwrap();
    let n = listed.iter().find(|r| r.product.id == new).unwrap();
    assert_eq!(
        n.product.legacy_ids,
        [
            product(POWER_BI_PRO_LEGACY),
            product("CFQ7TTC0LEG1"),
            old.clone()
        ],
        "sorted by id"
    );
}

async fn catalog_add_racing_new_tenants_misses_none(db: Db) {
    // Tenants materialize through two handles while products are added: every tenant ends up
    // with a row for every product.
    let handles = [db.shared(), db.another_handle().await];
    let mut tasks = Vec::new();
    let mut tenants = Vec::new();
    for i in 0..24 {
        let t = new_tenant();
        tenants.push(t);
        let store = handles[i % 2].clone();
        tasks.push(tokio::spawn(async move {
            store
                .set_product_policy(
                    &writer(t),
                    POLICY,
                    &product(POWER_BI_PRO),
                    PolicyValue::Disabled,
                    None,
                    &ctx(T0),
                )
                .await
                .map(|_| ())
        }));
        if i % 6 == 3 {
            let store = handles[(i + 1) % 2].clone();
            let p = entry(&format!("CFQ7TTC0RACE{i}"), &[], false);
            tasks.push(tokio::spawn(async move { store.catalog_add(&p).await }));
        }
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let n = db.store().catalog_products().await.unwrap().len() as u64;
    for t in tenants {
        assert_eq!(
            db.raw(&format!(
                "UPDATE product_policies SET version = version WHERE tenant = {}",
                db.sql_tenant(t)
            ))
            .await
            .unwrap(),
            n,
            "tenant {t} has a row for every product"
        );
    }
}
