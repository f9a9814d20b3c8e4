//! `GET /v1.0/auditLog`: the caller's tenant's journal, newest first, filtered and paged.

// Test code: failing loudly is its job (clippy's allow-*-in-tests covers #[test] fns only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Changes by three identities and one refusal; returns the request ids of the writes, oldest
/// first.
async fn some_history(app: &TestApp) -> Vec<String> {
    let admin = app.user_token("admin@contoso.example").await;
    let automation = app.app_token("contoso-automation").await;
    let reader = app.user_token("reader@contoso.example").await;
    let product = |id: &str| format!("/v1.0/policies/{P}/products/{id}");
    let mut ids = Vec::new();
    let steps: [(&str, String, &str, StatusCode); 5] = [
        (&admin, product(POWER_BI_PRO), "Disabled", StatusCode::OK),
        (
            &automation,
            format!("/v1.0/policies/{P}/offerTypes/SaaS"),
            "Disabled",
            StatusCode::OK,
        ),
        (
            &reader,
            product(POWER_BI_PRO_LEGACY),
            "Enabled",
            StatusCode::FORBIDDEN,
        ),
        (
            &automation,
            product(PLANNER_PLAN_1),
            "Disabled",
            StatusCode::OK,
        ),
        (&admin, product(POWER_BI_PRO), "Enabled", StatusCode::OK),
    ];
    for (token, path, value, status) in steps {
        app.clock.advance(time::Duration::seconds(10));
        let r = app.put(&path, token, value).await;
        assert_eq!(r.status, status, "{path}: {}", r.text);
        ids.push(r.header("request-id").unwrap().to_owned());
    }
    ids
}

fn seqs(r: &Reply) -> Vec<i64> {
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["sequence"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_journal_reads_newest_first_with_every_field() {
    let app = spawn_app().await;
    let ids = some_history(&app).await;
    let admin = app.user_token("admin@contoso.example").await;
    let r = app.get("/v1.0/auditLog", &admin).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(seqs(&r), [5, 4, 3, 2, 1]);
    assert!(r.body.get("nextLink").is_none());
    let items = r.body["items"].as_array().unwrap();

    let newest = &items[0];
    let keys: Vec<&str> = newest
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = vec![
        "id",
        "time",
        "tenantId",
        "actor",
        "policyId",
        "target",
        "oldValue",
        "newValue",
        "result",
        "reason",
        "requestId",
        "correlationId",
        "clientRequestId",
        "clientAddress",
        "userAgent",
        "sequence",
        "hash",
    ];
    want.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, want, "every field, always present");
    assert_eq!(newest["tenantId"], contoso().to_string());
    // Where the change came from: this test's loopback connection, no proxy trusted.
    assert_eq!(newest["clientAddress"], "127.0.0.1");
    assert_eq!(
        newest["actor"],
        json!({"type": "user", "objectId": "0a000001-0000-4000-8000-000000000001",
               "userPrincipalName": "admin@contoso.example", "appId": null})
    );
    assert_eq!(newest["policyId"], P);
    assert_eq!(
        newest["target"],
        json!({"type": "product", "id": POWER_BI_PRO})
    );
    assert_eq!(
        (&newest["oldValue"], &newest["newValue"]),
        (&json!("Disabled"), &json!("Enabled"))
    );
    assert_eq!(
        (&newest["result"], &newest["reason"]),
        (&json!("Succeeded"), &Value::Null)
    );
    assert_eq!(newest["requestId"], ids[4]);
    assert_eq!(newest["time"], "2026-11-20T12:00:50Z");
    let hash = newest["hash"].as_str().unwrap();
    assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(uuid::Uuid::parse_str(newest["id"].as_str().unwrap()).is_ok());

    let by_app = &items[1];
    assert_eq!(
        by_app["actor"],
        json!({"type": "app", "objectId": by_app["actor"]["objectId"],
               "userPrincipalName": null, "appId": "contoso-automation"})
    );
    let refused = &items[2];
    assert_eq!(
        (&refused["result"], &refused["reason"]),
        (&json!("Failed"), &json!("Forbidden"))
    );
    assert_eq!(
        refused["actor"]["userPrincipalName"],
        "reader@contoso.example"
    );
    assert_eq!(
        items[3]["target"],
        json!({"type": "offerType", "id": "SaaS"})
    );

    // The entries are the journal's, hash for hash.
    let j = app.server.state().store().journal(contoso()).await.unwrap();
    for (e, rec) in items.iter().rev().zip(&j) {
        assert_eq!(e["hash"], rec.hash);
        assert_eq!(e["sequence"], rec.seq);
    }
}

async fn filters_and_paging(app: &TestApp) {
    some_history(app).await;
    let t = app.user_token("billing@contoso.example").await;
    let get = |query: String| {
        let t = t.clone();
        let app = &app;
        async move { app.get(&format!("/v1.0/auditLog{query}"), &t).await }
    };
    let cases: [(&str, &[i64]); 11] = [
        ("?productId=CFQ7TTC0H9MP", &[5, 3, 1]),
        // A legacy id finds its product's entries (and the refusal journaled under it).
        ("?productId=cfq7ttc0l3pb", &[5, 3, 1]),
        ("?offerType=saas", &[2]),
        ("?actor=ADMIN%40contoso.example", &[5, 1]),
        ("?actor=0a000001-0000-4000-8000-000000000001", &[5, 1]),
        ("?actor=contoso-automation", &[4, 2]),
        ("?actor=reader%40contoso.example", &[3]),
        ("?policyId=allowselfservicepurchase", &[5, 4, 3, 2, 1]),
        ("?since=2026-11-20T12:00:20Z", &[5, 4, 3, 2]),
        (
            "?since=2026-11-20T12:00:20Z&until=2026-11-20T13:00:40%2B01:00",
            &[3, 2],
        ),
        ("?actor=contoso-automation&productId=CFQ7TTC0HDB1", &[4]),
    ];
    for (query, want) in cases {
        let r = get(query.to_owned()).await;
        assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text);
        assert_eq!(seqs(&r), want, "{query}");
    }

    // Pages of two, following nextLink as given: the filters ride along.
    let mut link = format!("{}/v1/auditLog?top=2&since=2026-11-20T12:00:10Z", app.url);
    let mut pages = Vec::new();
    loop {
        let r = read(app.http.get(&link).bearer_auth(&t).send().await.unwrap()).await;
        assert_eq!(r.status, StatusCode::OK, "{link}: {}", r.text);
        pages.push(seqs(&r));
        match r.body["nextLink"].as_str() {
            Some(next) => {
                assert!(
                    next.starts_with(&format!("{}/v1/auditLog?", app.url)),
                    "{next}"
                );
                assert!(next.contains("top=2") && next.contains("since="), "{next}");
                link = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, [vec![5, 4], vec![3, 2], vec![1]]);
    let filtered = get("?top=1&actor=contoso-automation".into()).await;
    assert_eq!(seqs(&filtered), [4]);
    let next = filtered.body["nextLink"].as_str().unwrap();
    let r = read(app.http.get(next).bearer_auth(&t).send().await.unwrap()).await;
    assert_eq!(seqs(&r), [2]);
    assert!(r.body.get("nextLink").is_none());

    // Bad parameters are 400s that say what is allowed.
    for query in [
        "?top=0",
        "?top=1001",
        "?top=ten",
        "?since=yesterday",
        "?until=2026-11-20",
        "?since=2026-11-20T12:00:20Z&until=2026-11-20T12:00:10Z",
        "?productID=CFQ7TTC0H9MP",
        "?productId=CFQ7TTC0H9MP&offerType=SaaS",
        "?productId=not%20an%20id",
        "?policyId=NoSuchPolicy",
        "?top=1&top=2",
        "?skipToken=garbage",
        "?actor=",
    ] {
        let r = get(query.to_owned()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.text);
        assert_eq!(r.error_code(), "BadRequest");
    }
}

mod filters_and_paging_on {
    use crate::helpers::*;

    #[tokio::test]
    async fn sqlite() {
        super::filters_and_paging(&spawn_app().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        if let Some(app) = spawn_app_with(Backend::Postgres, Default::default()).await {
            super::filters_and_paging(&app).await;
        }
    }
}

#[tokio::test]
async fn who_may_read_the_journal() {
    let app = spawn_app().await;
    some_history(&app).await;
    for (who, read, _write) in IDENTITIES {
        let t = token_for(&app, who).await;
        for prefix in ["/v1.0", "/v1"] {
            let r = app.get(&format!("{prefix}/auditLog"), &t).await;
            if read {
                assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.text);
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.text);
                assert_eq!(r.body["required"]["access"], "read");
            }
        }
    }
    // Reads are not journaled; writing methods are not routed.
    assert_eq!(
        app.server
            .state()
            .store()
            .journal(contoso())
            .await
            .unwrap()
            .len(),
        5
    );
    let admin = app.user_token("admin@contoso.example").await;
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        let r = app
            .call(method.clone(), "/v1.0/auditLog", Some(&admin), None)
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
}

async fn a_tenant_reads_only_its_own_journal(app: &TestApp) {
    some_history(app).await;
    let fabrikam_admin = app.user_token("admin@fabrikam.example").await;
    let r = app.get("/v1.0/auditLog", &fabrikam_admin).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["items"].as_array().unwrap().is_empty());

    // After a change of its own, it sees that and nothing else, whatever it asks for.
    app.put(
        &format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}"),
        &fabrikam_admin,
        "Disabled",
    )
    .await;
    let contoso_admin = app.user_token("admin@contoso.example").await;
    let contoso_page = app.get("/v1.0/auditLog?top=1", &contoso_admin).await;
    let contoso_next = contoso_page.body["nextLink"].as_str().unwrap().to_owned();
    let token = contoso_next.split("skipToken=").nth(1).unwrap().to_owned();
    for query in [
        String::new(),
        "?actor=admin%40contoso.example".into(),
        "?actor=contoso-automation".into(),
        format!("?productId={POWER_BI_PRO}"),
        format!("?skipToken={token}"),
        format!("?tenant={}", contoso()),
    ] {
        let r = app
            .get(&format!("/v1.0/auditLog{query}"), &fabrikam_admin)
            .await;
        if query.starts_with("?tenant") {
            // Not a parameter at all: the tenant is the token's.
            assert_eq!(r.status, StatusCode::BAD_REQUEST);
            continue;
        }
        assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text);
        let items = r.body["items"].as_array().unwrap();
        assert!(
            items
                .iter()
                .all(|e| e["tenantId"] == fabrikam().to_string()),
            "{query}: {}",
            r.text
        );
        if query.contains("contoso") {
            assert!(items.is_empty(), "{query}");
        }
    }
    let own = app.get("/v1.0/auditLog", &fabrikam_admin).await;
    assert_eq!(seqs(&own), [1]);
    assert_eq!(
        own.body["items"][0]["actor"]["userPrincipalName"],
        "admin@fabrikam.example"
    );
}

mod a_tenant_reads_only_its_own_journal_on {
    use crate::helpers::*;

    #[tokio::test]
    async fn sqlite() {
        super::a_tenant_reads_only_its_own_journal(&spawn_app().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        if let Some(app) = spawn_app_with(Backend::Postgres, Default::default()).await {
            super::a_tenant_reads_only_its_own_journal(&app).await;
        }
    }
}
