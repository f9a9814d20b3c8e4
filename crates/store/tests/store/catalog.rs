//! `sync_catalog`: new products reach every tenant at that tenant's default; nothing flips.

use mscommerce_domain::{Catalog, CatalogOfferType, CatalogProduct, PolicyValue};
use mscommerce_store::TenantRecord;

use crate::harness::*;

stories!(
    a_new_product_reaches_every_tenant_at_its_own_default,
    sync_catalog_leaves_existing_rows_alone,
    sync_catalog_racing_new_tenants_misses_none,
);

const NEW_PRODUCT: &str = "CFQ7TTC0NEW1";
const NEW_PRODUCT_LEGACY: &str = "CFQ7TTC0OLD1";

fn grown_catalog() -> Catalog {
    let mut c = Catalog::builtin().unwrap();
    c.products.push(CatalogProduct {
        id: product(NEW_PRODUCT),
        name: "Contoso Copilot Add-on".into(),
        legacy_ids: vec![product(NEW_PRODUCT_LEGACY)],
        trial_without_payment_method: true,
    });
    c.offer_types.push(CatalogOfferType {
        id: offer_type("ContosoApps"),
        description: "Contoso marketplace apps".into(),
    });
    c
}

async fn a_new_product_reaches_every_tenant_at_its_own_default(db: Db) {
    let s = db.store();
    // a: materialized, built-in default, one product changed.
    // b: materialized, its default set to Disabled (directly: the API for it comes later).
    // c: never seen.
    let (a, b, c) = (new_tenant(), new_tenant(), new_tenant());
    set(s, a, POWER_BI_PRO, PolicyValue::Disabled).await;
    set(
        s,
        b,
        VISIO_PLAN_1,
        PolicyValue::OnlyTrialsWithoutPaymentMethod,
    )
    .await;
    let n = db
        .raw(&format!(
            "UPDATE tenant_policies SET default_value = 'Disabled', version = version + 1 \
             WHERE tenant = {}",
            db.sql_tenant(b)
        ))
        .await
        .unwrap();
    assert_eq!(n, 1);
    let pb = s.policy(&reader(b), POLICY).await.unwrap();
    assert_eq!((pb.default_value, pb.version), (PolicyValue::Disabled, 1));

    let before_b = s.product_policies(&reader(b), POLICY).await.unwrap();

    let grown = grown_catalog();
    s.sync_catalog(&grown).await.unwrap();
    s.sync_catalog(&grown).await.unwrap(); // idempotent

    let new = product(NEW_PRODUCT);
    let at = |t| {
        let new = new.clone();
        async move { s.product_policy(&reader(t), POLICY, &new).await.unwrap() }
    };
    let ra = at(a).await;
    let rb = at(b).await;
    let rc = at(c).await;
    assert_eq!((ra.value, ra.version), (PolicyValue::Enabled, 0));
    assert_eq!(
        (rb.value, rb.version),
        (PolicyValue::Disabled, 0),
        "b's own default"
    );
    assert_eq!(
        (rc.value, rc.version),
        (PolicyValue::Enabled, 0),
        "built-in default"
    );
    assert_eq!(rb.product_name, "Contoso Copilot Add-on");
    assert!(rb.trial_without_payment_method);

    // b has a materialized row for it (so a later default change will not flip it).
    assert_eq!(
        db.raw(&format!(
            "UPDATE product_policies SET version = version WHERE tenant = {} AND product_id = '{NEW_PRODUCT}'",
            db.sql_tenant(b)
        ))
        .await
        .unwrap(),
        1
    );

    // b's existing products did not flip to its new default.
    let after_b: Vec<_> = s
        .product_policies(&reader(b), POLICY)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.product_id != new)
        .collect();
    assert_eq!(after_b, before_b);
    assert!(after_b.iter().any(|r| r.value == PolicyValue::Enabled));

    // a keeps its change; lists include the new product.
    let la = s.product_policies(&reader(a), POLICY).await.unwrap();
    assert_eq!(la.len(), grown.products.len());
    let bi = la
        .iter()
        .find(|r| r.product_id.as_str() == POWER_BI_PRO)
        .unwrap();
    assert_eq!((bi.value, bi.version), (PolicyValue::Disabled, 1));

    // The new legacy id resolves.
    let legacy = s
        .product_policy(&reader(b), POLICY, &product(NEW_PRODUCT_LEGACY))
        .await
        .unwrap();
    assert_eq!(legacy, rb);

    // The new offer type reaches everyone at Enabled.
    for t in [a, b, c] {
        let o = s
            .offer_type_policy(&reader(t), POLICY, &offer_type("contosoapps"))
            .await
            .unwrap();
        assert_eq!((o.value, o.version), (PolicyValue::Enabled, 0));
        assert_eq!(o.offer_type.as_str(), "ContosoApps");
    }

    // A tenant created after the sync gets every product at the built-in default.
    let d = new_tenant();
    s.create_tenant(&TenantRecord {
        id: d,
        domain: None,
        display_name: "D".into(),
        created_at: T0,
    })
    .await
    .unwrap();
    let rd = at(d).await;
    assert_eq!((rd.value, rd.version), (PolicyValue::Enabled, 0));

    // The new product can be changed like any other, in b too.
    let w = s
        .set_product_policy(
            &writer(b),
            POLICY,
            &new,
            PolicyValue::Enabled,
            Some(&if_match(&rb.etag)),
            &ctx(T0),
        )
        .await
        .unwrap();
    assert_eq!((w.value, w.version), (PolicyValue::Enabled, 1));
}

async fn sync_catalog_leaves_existing_rows_alone(db: Db) {
    let s = db.store();
    let t = new_tenant();
    set(s, t, POWER_BI_PRO, PolicyValue::Disabled).await;
    let before = s.product_policies(&reader(t), POLICY).await.unwrap();

    // A catalog that renames a product and flips its trial flag: names and rows stay.
    let mut changed = Catalog::builtin().unwrap();
    for p in &mut changed.products {
        if p.id.as_str() == POWER_BI_PRO {
            p.name = "Renamed".into();
            p.trial_without_payment_method = true;
        }
    }
    s.sync_catalog(&changed).await.unwrap();
    // A smaller catalog removes nothing.
    let mut smaller = Catalog::builtin().unwrap();
    smaller.products.truncate(3);
    s.sync_catalog(&smaller).await.unwrap();

    assert_eq!(
        s.product_policies(&reader(t), POLICY).await.unwrap(),
        before
    );
    assert!(s.journal(t).await.unwrap().len() == 1);
}

async fn sync_catalog_racing_new_tenants_misses_none(db: Db) {
    // Tenants materialize (by create_tenant and by first writes, through two handles) while a
    // sync adds products: every tenant must end up with a row for every product.
    let handles = [db.shared(), db.another_handle().await];
    let mut grown = grown_catalog();
    for i in 0..5 {
        grown.products.push(CatalogProduct {
            id: product(&format!("CFQ7TTC0RACE{i}")),
            name: format!("Race {i}"),
            legacy_ids: vec![],
            trial_without_payment_method: false,
        });
    }
    let mut tasks = Vec::new();
    let mut tenants = Vec::new();
    for i in 0..24 {
        let t = new_tenant();
        tenants.push(t);
        let store = handles[i % 2].clone();
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                store
                    .create_tenant(&TenantRecord {
                        id: t,
                        domain: None,
                        display_name: format!("T{i}"),
                        created_at: T0,
                    })
                    .await
            } else {
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
            }
        }));
        if i == 8 {
            let store = handles[1].clone();
            let grown = grown.clone();
            tasks.push(tokio::spawn(
                async move { store.sync_catalog(&grown).await },
            ));
        }
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let n = grown.products.len() as u64;
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
