//! Two replicas on one PostgreSQL database: a change through one shows in the other's cached
//! answers at once (through change notices), not after the cache's time-to-live. Neither
//! replica's clock moves, so the TTL cannot be what refreshed anything.

use std::time::{Duration, Instant};

use mscommerce_server::config::FileConfig;
use mscommerce_store::StoreOptions;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

/// Far below the cache's 5 s TTL (which cannot expire anyway: the clocks stand still), and
/// far above what a notice takes on loopback.
const PROMPTLY: Duration = Duration::from_secs(2);

fn value_of(list: &Value, product: &str, field: &str) -> String {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["productId"] == product)
        .unwrap_or_else(|| panic!("{product} listed"))[field]
        .as_str()
        .expect("string")
        .to_owned()
}

/// Reads `path` on `app` until `field` of `product` is `wanted`; how long that took.
async fn until_listed(
    app: &TestApp,
    token: &str,
    path: &str,
    product: &str,
    field: &str,
    wanted: &str,
) -> Duration {
    let start = Instant::now();
    loop {
        let r = app.get(path, token).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        if value_of(&r.body, product, field) == wanted {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < PROMPTLY,
            "{product}'s {field} is still {} on the other replica after {PROMPTLY:?}",
            value_of(&r.body, product, field)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_through_one_replica_shows_in_the_others_cached_list() {
    let Some(db) = fresh_pg_database().await else {
        return;
    };
    let a = spawn_app_on(&db.url, FileConfig::default()).await;
    let b = spawn_app_on(&db.url, FileConfig::default()).await;
    let token_a = a.user_token("admin@contoso.example").await;
    let token_b = b.user_token("admin@contoso.example").await;
    let list = format!("/v1.0/policies/{P}/products");

    // B answers from its cache...
    let before = b.get(&list, &token_b).await;
    assert_eq!(
        value_of(&before.body, POWER_BI_PRO, "policyValue"),
        "Enabled"
    );
    assert!(!b.server.state().cache().is_empty());
    // ...which a change made behind every replica's back (no notice) does not reach: this is
    // what the cache would serve until its TTL without notices.
    let mut raw = {
        use sqlx_core::connection::Connection as _;
        sqlx_postgres::PgConnection::connect(&db.url).await.unwrap()
    };
    sqlx_core::query::query(
        "UPDATE product_policies SET value = 'Disabled', version = version + 1
         WHERE tenant = $1 AND product_id = $2",
    )
    .bind(contoso().as_uuid())
    .bind(PLANNER_PLAN_1)
    .execute(&mut raw)
    .await
    .unwrap();
    let cached = b.get(&list, &token_b).await;
    assert_eq!(
        value_of(&cached.body, PLANNER_PLAN_1, "policyValue"),
        "Enabled"
    );

    // A write through A: B's next answers carry it (and, reloaded, the change behind its back).
    let put = a
        .put(
            &format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}"),
            &token_a,
            "Disabled",
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    let took = until_listed(&b, &token_b, &list, POWER_BI_PRO, "policyValue", "Disabled").await;
    eprintln!("a write through A showed in B's list after {took:?}");
    let after = b.get(&list, &token_b).await;
    assert_eq!(
        value_of(&after.body, PLANNER_PLAN_1, "policyValue"),
        "Disabled"
    );

    // A catalog change (as `mscommerce admin catalog rename` makes it, from its own process):
    // every tenant's list on every replica.
    let admin_store = mscommerce_store::open(&db.url, &StoreOptions::default())
        .await
        .unwrap();
    admin_store
        .catalog_rename(&POWER_BI_PRO.parse().unwrap(), "Power BI Pro (renamed)")
        .await
        .unwrap();
    for (app, token) in [(&a, &token_a), (&b, &token_b)] {
        until_listed(
            app,
            token,
            &list,
            POWER_BI_PRO,
            "productName",
            "Power BI Pro (renamed)",
        )
        .await;
    }
}

/// A storefront asking replica B hears "deny" as soon as an admin's change through replica A
/// is notified: B's decisions come from the same cache as its lists, dropped by the notice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_change_through_one_replica_flips_the_others_next_decision() {
    let Some(db) = fresh_pg_database().await else {
        return;
    };
    let a = spawn_app_on(&db.url, FileConfig::default()).await;
    let b = spawn_app_on(&db.url, FileConfig::default()).await;
    let admin = a.user_token("admin@contoso.example").await;
    let storefront = b.app_token("storefront").await;
    let ask = serde_json::json!({
        "tenantId": contoso().to_string(), "productId": POWER_BI_PRO,
        "kind": "purchase", "hasPaymentMethod": true,
    });
    let decide = async || {
        let r = b
            .call(
                reqwest::Method::POST,
                &format!("/v1.0/policies/{P}/evaluate"),
                Some(&storefront),
                Some(ask.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.body["decision"].as_str().unwrap().to_owned()
    };
    assert_eq!(decide().await, "allow");
    assert!(
        !b.server.state().cache().is_empty(),
        "B decided from its cache"
    );
    let put = a
        .put(
            &format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}"),
            &admin,
            "Disabled",
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    let start = Instant::now();
    while decide().await != "deny" {
        assert!(
            start.elapsed() < PROMPTLY,
            "B still allows after {PROMPTLY:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    eprintln!(
        "B's decision flipped {:?} after A's change",
        start.elapsed()
    );
}
