//! Webhooks through the real server and a real receiver on loopback: signed deliveries of each
//! event, in order; a receiver that fails is retried until it answers; private addresses are
//! refused unless the operator allows them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// What the receiver got: (webhook-id, webhook-timestamp, webhook-signature, body).
type Got = Arc<Mutex<Vec<(String, String, String, String)>>>;

/// A receiver on loopback that records what it gets and answers 204, or 503 while `down`.
async fn receiver(down: Arc<AtomicBool>) -> (String, Got) {
    let got: Got = Arc::default();
    let (g, d) = (got.clone(), down.clone());
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (g, d) = (g.clone(), d.clone());
            async move {
                if d.load(Ordering::SeqCst) {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                let h = |n: &str| {
                    headers
                        .get(n)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                g.lock().unwrap().push((
                    h("webhook-id"),
                    h("webhook-timestamp"),
                    h("webhook-signature"),
                    body,
                ));
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

async fn wait_for(got: &Got, n: usize, app: &TestApp) {
    for _ in 0..200 {
        if got.lock().unwrap().len() >= n {
            return;
        }
        // The server's clock is the test's: let retries come due.
        app.clock.advance(time::Duration::milliseconds(200));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} deliveries, not {n}", got.lock().unwrap().len());
}

fn allow_private() -> mscommerce_server::config::FileConfig {
    let mut file = mscommerce_server::config::FileConfig::default();
    file.webhooks.allow_private = Some(true);
    file.webhooks.retry_base_ms = Some(100);
    file
}

#[tokio::test]
async fn deliveries_are_signed_in_order_and_retried_until_received() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, allow_private()).await else {
            continue;
        };
        let down = Arc::new(AtomicBool::new(false));
        let (url, got) = receiver(down.clone()).await;
        let admin = app.user_token("admin@contoso.example").await;
        let r = app
            .call(
                Method::POST,
                "/v1.0/webhooks",
                Some(&admin),
                Some(json!({"url": url, "secret": SECRET})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        assert_eq!(r.body["secret"], SECRET);
        let hook = r.body["id"].as_str().unwrap().to_owned();
        let listed = app.get("/v1.0/webhooks", &admin).await;
        assert!(
            listed.body["items"][0].get("secret").is_none(),
            "{}",
            listed.text
        );

        // Three changes, then a license request and a trial: every event, in order.
        let product = format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}");
        for value in ["Disabled", "Enabled", "Disabled"] {
            assert_eq!(app.put(&product, &admin, value).await.status, 200);
        }
        let user = app.user_token("user@contoso.example").await;
        let filed = app
            .call(
                Method::POST,
                "/v1.0/licenseRequests",
                Some(&user),
                Some(json!({"productId": POWER_BI_PRO})),
            )
            .await;
        assert_eq!(filed.status, 201, "{}", filed.text);
        let storefront = app.app_token("storefront").await;
        let trial = app
            .call(
                Method::POST,
                "/v1.0/selfServicePurchases",
                Some(&storefront),
                Some(json!({"tenantId": contoso().to_string(), "userId": "0a000001-0000-4000-8000-000000000004", "productId": PLANNER_PLAN_1, "kind": "trialStarted"})),
            )
            .await;
        assert_eq!(trial.status, 201, "{}", trial.text);
        wait_for(&got, 5, &app).await;
        let deliveries = got.lock().unwrap().clone();
        let bodies: Vec<Value> = deliveries
            .iter()
            .map(|(_, _, _, b)| serde_json::from_str(b).unwrap())
            .collect();
        let types: Vec<&str> = bodies.iter().map(|b| b["type"].as_str().unwrap()).collect();
        assert_eq!(
            types,
            [
                "policy.changed",
                "policy.changed",
                "policy.changed",
                "licenseRequest.filed",
                "trial.started"
            ],
            "{backend:?}"
        );
        let values: Vec<&str> = bodies[..3]
            .iter()
            .map(|b| b["data"]["newValue"].as_str().unwrap())
            .collect();
        assert_eq!(values, ["Disabled", "Enabled", "Disabled"], "in order");
        assert_eq!(bodies[0]["data"]["target"]["id"], POWER_BI_PRO);
        assert_eq!(
            bodies[0]["data"]["actor"]["userPrincipalName"],
            "admin@contoso.example"
        );
        for (id, ts, signature, body) in &deliveries {
            let expected =
                mscommerce_server::webhook_delivery::sign(SECRET, id, ts.parse().unwrap(), body)
                    .unwrap();
            assert_eq!(signature, &expected, "signed as Standard Webhooks");
        }

        // The receiver fails: the next delivery is retried, then received, in its turn.
        down.store(true, Ordering::SeqCst);
        assert_eq!(app.put(&product, &admin, "Enabled").await.status, 200);
        let path = format!("/v1.0/webhooks/{hook}/deliveries");
        let mut attempts = 0;
        for _ in 0..100 {
            let r = app.get(&path, &admin).await;
            attempts = r.body["items"][0]["attempts"].as_i64().unwrap();
            if attempts >= 2 {
                assert_eq!(r.body["items"][0]["status"], "pending");
                assert_eq!(r.body["items"][0]["lastStatus"], 503);
                break;
            }
            app.clock.advance(time::Duration::milliseconds(500));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(attempts >= 2, "{attempts} attempts");
        down.store(false, Ordering::SeqCst);
        wait_for(&got, 6, &app).await;
        let last: Value = serde_json::from_str(&got.lock().unwrap()[5].3).unwrap();
        assert_eq!(last["data"]["newValue"], "Enabled");
        let r = app.get(&path, &admin).await;
        assert_eq!(r.body["items"][0]["status"], "delivered", "{}", r.text);

        // A replay sends it again with the same id.
        let first = r.body["items"][5]["id"].as_str().unwrap().to_owned();
        let replayed = app
            .call(
                Method::POST,
                &format!("{path}/{first}/replay"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(replayed.status, 200, "{}", replayed.text);
        wait_for(&got, 7, &app).await;
        assert_eq!(got.lock().unwrap()[6].0, first);

        // Removing the endpoint stops its deliveries; it is gone for the tenant.
        let r = app
            .call(
                Method::DELETE,
                &format!("/v1.0/webhooks/{hook}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.text);
        assert_eq!(app.get(&path, &admin).await.status, 404);
    }
}

#[tokio::test]
async fn private_addresses_are_refused_without_the_operators_consent() {
    let app = spawn_app().await;
    let admin = app.user_token("admin@contoso.example").await;
    for url in [
        "http://127.0.0.1:9/hook",
        "https://127.0.0.1/hook",
        "https://10.0.0.7/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest",
        "https://localhost/hook",
        "ftp://hooks.example.com/x",
    ] {
        let r = app
            .call(
                Method::POST,
                "/v1.0/webhooks",
                Some(&admin),
                Some(json!({"url": url})),
            )
            .await;
        assert_eq!(r.status, 400, "{url}: {}", r.text);
        assert!(
            r.body["reason"]
                .as_str()
                .unwrap()
                .contains("cannot receive webhooks"),
            "{}",
            r.text
        );
    }
    // A public https address is taken, with a generated secret answered once.
    let r = app
        .call(Method::POST, "/v1.0/webhooks", Some(&admin), Some(json!({"url": "https://hooks.example.com/mscommerce", "events": ["policy.changed"]})))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.body["secret"].as_str().unwrap().starts_with("whsec_"));
    for (body, says) in [
        (
            json!({"url": "https://hooks.example.com/x", "events": ["policy.deleted"]}),
            "no event",
        ),
        (
            json!({"url": "https://hooks.example.com/x", "secret": "hunter2"}),
            "whsec_",
        ),
    ] {
        let r = app
            .call(
                Method::POST,
                "/v1.0/webhooks",
                Some(&admin),
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, 400, "{body}: {}", r.text);
        assert!(
            r.body["reason"].as_str().unwrap().contains(says),
            "{}",
            r.text
        );
    }
    let reader = app.user_token("reader@contoso.example").await;
    let r = app
        .call(
            Method::POST,
            "/v1.0/webhooks",
            Some(&reader),
            Some(json!({"url": "https://hooks.example.com/x"})),
        )
        .await;
    assert_eq!(r.status, 403);
}
