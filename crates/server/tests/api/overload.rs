//! Load limits through the socket: the global cap on requests in flight, per-tenant budgets.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn requests_in_flight_never_exceed_the_cap_and_the_excess_is_shed() {
    let file = mscommerce_server::FileConfig::parse("[limits]\nmax_in_flight = 4\n").unwrap();
    let app = spawn_app_with(Backend::Sqlite, file).await.unwrap();
    let token = app.user_token("admin@contoso.example").await;
    // A read that goes to the store (lists are served from memory and finish too fast to overlap).
    let path = format!("/v1.0/policies/{P}/products?includeEtag=true");
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let http = app.http.clone();
        let url = format!("{}{path}", app.url);
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let r = http.get(url).bearer_auth(token).send().await.unwrap();
            (r.status(), r.headers().get("retry-after").is_some())
        }));
    }
    // Health answers while the API is saturated.
    let health = app
        .http
        .get(format!("{}/healthz", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let mut shed = 0;
    for t in tasks {
        let (status, retry_after) = t.await.unwrap();
        match status {
            StatusCode::OK => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(retry_after, "a 503 says when to retry");
                shed += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    let high_water = app.server.state().limits().in_flight.high_water();
    assert!(
        high_water <= 4,
        "{high_water} requests ran at once with a cap of 4"
    );
    assert!(
        high_water >= 2,
        "the test did not produce concurrency ({high_water})"
    );
    eprintln!("shed {shed} of 200; at most {high_water} in flight");
}

#[tokio::test]
async fn one_tenant_flooding_does_not_limit_another() {
    let file = mscommerce_server::FileConfig::parse(
        "[limits]\ntenant_rate_per_sec = 0.001\ntenant_burst = 5\n",
    )
    .unwrap();
    let app = spawn_app_with(Backend::Sqlite, file).await.unwrap();
    let contoso = app.user_token("admin@contoso.example").await;
    let fabrikam = app.user_token("admin@fabrikam.example").await;
    let path = format!("/v1.0/policies/{P}");
    for _ in 0..5 {
        assert_eq!(app.get(&path, &contoso).await.status, StatusCode::OK);
    }
    let r = app.get(&path, &contoso).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    assert_eq!(r.error_code(), "TooManyRequests");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!(wait >= 1);
    assert_eq!(app.get(&path, &fabrikam).await.status, StatusCode::OK);
    // The budget refills with time.
    app.clock.advance(time::Duration::seconds(wait as i64));
    assert_eq!(app.get(&path, &contoso).await.status, StatusCode::OK);
}
