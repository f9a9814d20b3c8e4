//! The hot read (`GET .../products`, answered from memory before routing once the caller's token
//! and the tenant's answer are known) through the socket: the client cannot tell it from the
//! routed answer, and it never outlives a write.

use reqwest::StatusCode;

use crate::helpers::*;

/// Status, body and headers, without the ones that differ between any two responses.
fn comparable(r: &Reply) -> (StatusCode, String, Vec<(String, String)>) {
    let mut headers: Vec<(String, String)> = r
        .headers
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "request-id" | "date"))
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    headers.sort();
    (r.status, r.text.clone(), headers)
}

#[tokio::test]
async fn the_hot_read_is_the_routed_read_and_a_write_ends_it() {
    let app = spawn_app().await;
    let admin = app.user_token("admin@contoso.example").await;
    for prefix in ["/v1.0", "/v1"] {
        let path = format!("{prefix}/policies/{P}/products");
        // The first read is routed (the token is verified, the answer loaded); the next ones
        // come from memory.
        let routed = app.get(&path, &admin).await;
        assert_eq!(routed.status, StatusCode::OK, "{}", routed.text);
        for _ in 0..3 {
            let hot = app.get(&path, &admin).await;
            assert_eq!(comparable(&hot), comparable(&routed));
            assert_ne!(hot.header("request-id"), routed.header("request-id"));
        }
    }

    // A correlation id is echoed on the hot read as on any other.
    let path = format!("/v1.0/policies/{P}/products");
    let correlation = "5f0c8c1e-6a7b-4c2d-9e3f-0a1b2c3d4e5f";
    let r = app
        .http
        .get(format!("{}{path}", app.url))
        .bearer_auth(&admin)
        .header("x-ms-correlation-id", correlation)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["x-ms-correlation-id"].to_str().unwrap(),
        correlation
    );

    // A write is seen by the very next read.
    let product = POWER_BI_PRO;
    let w = app
        .put(&format!("{path}/{product}"), &admin, "Disabled")
        .await;
    assert_eq!(w.status, StatusCode::OK, "{}", w.text);
    let after = app.get(&path, &admin).await;
    let item = after.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["productId"] == product)
        .unwrap()
        .clone();
    assert_eq!(item["policyValue"], "Disabled");
}

#[tokio::test]
async fn a_reader_without_rights_is_refused_every_time() {
    let app = spawn_app().await;
    let user = app.user_token("user@contoso.example").await;
    let path = format!("/v1.0/policies/{P}/products");
    for _ in 0..3 {
        let r = app.get(&path, &user).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    }
}
