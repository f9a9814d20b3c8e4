//! Each error status of the API, with its envelope, and the headers every response carries.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

fn product_path() -> String {
    format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}")
}

async fn raw_put(
    app: &TestApp,
    token: &str,
    content_type: Option<&str>,
    body: &'static [u8],
) -> Reply {
    let mut req = app
        .http
        .put(format!("{}{}", app.url, product_path()))
        .bearer_auth(token)
        .body(body);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    read(req.send().await.unwrap()).await
}

#[tokio::test]
async fn bad_bodies_are_400_and_name_the_allowed_values() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;
    let cases: [&[u8]; 11] = [
        br#"{"policyValue":"Sometimes"}"#,
        br#"{"policyValue":""}"#,
        br#"{"policyValue":null}"#,
        br#"{"policyValue":1}"#,
        br#"[]"#,
        br#"{"policyValue":"Enabled","productName":"x"}"#,
        br#"{"policyValue":"Enabled","policyValue":"Disabled"}"#,
        br#"{"policyValue":"Enabled"} trailing"#,
        b"\xEF\xBB\xBF{\"policyValue\":\"Enabled\"}",
        b"{\"policyValue\":\"\xff\"}",
        b"",
    ];
    for body in cases {
        let r = raw_put(&app, &t, Some("application/json"), body).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{:?}: {}",
            String::from_utf8_lossy(body),
            r.text
        );
        assert_eq!(r.error_code(), "BadRequest");
        assert!(
            r.body["reason"]
                .as_str()
                .unwrap()
                .contains("OnlyTrialsWithoutPaymentMethod"),
            "{}",
            r.text
        );
        assert!(r.body["requestId"].is_string());
    }
    // Nothing changed.
    let r = app.get(&product_path(), &t).await;
    assert_eq!(r.body["policyValue"], "Enabled");
    // Values are case-insensitive on the way in and canonical on the way out.
    let r = raw_put(
        &app,
        &t,
        Some("application/json; charset=utf-8"),
        br#"{"policyValue":"disabled"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["policyValue"], "Disabled");
}

#[tokio::test]
async fn a_bad_scope_is_400() {
    let app = spawn_app().await;
    let t = app.user_token("reader@contoso.example").await;
    let r = app
        .get(&format!("/v1.0/policies/{P}/products?scope=Everything"), &t)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body["reason"]
            .as_str()
            .unwrap()
            .starts_with("Invalid scope."),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn not_json_is_415_and_too_large_is_413() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;
    let r = raw_put(
        &app,
        &t,
        Some("text/plain"),
        br#"{"policyValue":"Disabled"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text);
    assert_eq!(r.error_code(), "UnsupportedMediaType");
    let r = raw_put(&app, &t, None, br#"{"policyValue":"Disabled"}"#).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text);

    let big = format!(
        "{{\"policyValue\":\"Disabled\",\"x\":\"{}\"}}",
        "a".repeat(100 * 1024)
    );
    let r = read(
        app.http
            .put(format!("{}{}", app.url, product_path()))
            .bearer_auth(&t)
            .header("content-type", "application/json")
            .body(big)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text);
    assert_eq!(r.error_code(), "PayloadTooLarge");
    let r = app.get(&product_path(), &t).await;
    assert_eq!(r.body["policyValue"], "Enabled");
}

#[tokio::test]
async fn unknown_things_are_404() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;
    for path in [
        format!("/v1.0/policies/{P}/products/NOSUCHPRODUCT"),
        format!("/v1.0/policies/{P}/offerTypes/NOSUCHTYPE"),
        "/v1.0/policies/NoSuchPolicy".to_owned(),
        "/v1.0/policies/NoSuchPolicy/products".to_owned(),
        "/v1.0/nothing".to_owned(),
        "/v2/policies".to_owned(),
    ] {
        let r = app.get(&path, &t).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text);
        assert_eq!(r.error_code(), "NotFound", "{path}");
        assert!(!r.body["reason"].as_str().unwrap().is_empty());
    }
    let r = app
        .put(
            &format!("/v1.0/policies/{P}/products/NOSUCHPRODUCT"),
            &t,
            "Disabled",
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Malformed ids are a 400 that says what an id looks like; never a 500.
    for id in ["a%2Fb", "..", "%00", "%F0%9F%98%80", &"X".repeat(10_000)] {
        let r = app
            .get(&format!("/v1.0/policies/{P}/products/{id}"), &t)
            .await;
        assert!(
            matches!(r.status, StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND),
            "{id}: {}",
            r.text
        );
    }
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;
    for (method, path, allow) in [
        (Method::DELETE, product_path(), "PUT"),
        (Method::POST, product_path(), "GET"),
        (
            Method::PATCH,
            format!("/v1.0/policies/{P}/offerTypes/SaaS"),
            "PUT",
        ),
        (Method::POST, "/v1.0/policies".to_owned(), "GET"),
        (Method::DELETE, format!("/v1/policies/{P}"), "GET"),
    ] {
        let r = app.call(method.clone(), &path, Some(&t), None).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        let allowed = r.header("allow").unwrap_or("");
        assert!(allowed.contains(allow), "{method} {path}: Allow {allowed}");
        assert_eq!(r.error_code(), "MethodNotAllowed");
    }
}

#[tokio::test]
async fn if_match_guards_against_lost_updates() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;
    let etag = app
        .get(&product_path(), &t)
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    let put = |value: &'static str, tag: String| {
        let app = &app;
        let t = t.clone();
        async move {
            read(
                app.http
                    .put(format!("{}{}", app.url, product_path()))
                    .bearer_auth(t)
                    .header("if-match", tag)
                    .json(&json!({"policyValue": value}))
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let r = put("Disabled", etag.clone()).await;
    assert_eq!(r.status, StatusCode::OK);
    let new_etag = r.header("etag").unwrap().to_owned();
    assert_ne!(new_etag, etag);
    // The same request again (a retry after a lost response) is not a conflict.
    let r = put("Disabled", etag.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // A different change based on the stale tag is.
    let r = put("Enabled", etag.clone()).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    assert_eq!(r.error_code(), "PreconditionFailed");
    assert_eq!(r.header("etag"), Some(new_etag.as_str()));
    // Garbage is a 400, a weak tag never matches, * matches.
    assert_eq!(
        put("Enabled", "not-quoted".into()).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        put("Enabled", format!("W/{new_etag}")).await.status,
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(put("Enabled", "*".into()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn ids_are_echoed_when_they_are_guids() {
    let app = spawn_app().await;
    let t = app.user_token("reader@contoso.example").await;
    let guid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let r = read(
        app.http
            .get(format!("{}/v1.0/policies", app.url))
            .bearer_auth(&t)
            .header("x-ms-correlation-id", guid)
            .header("client-request-id", guid)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.header("x-ms-correlation-id"), Some(guid));
    assert_eq!(r.header("client-request-id"), Some(guid));
    assert!(uuid::Uuid::parse_str(r.header("request-id").unwrap()).is_ok());
    let r = read(
        app.http
            .get(format!("{}/v1.0/policies", app.url))
            .bearer_auth(&t)
            .header("x-ms-correlation-id", "<script>")
            .header("client-request-id", "not a guid")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.header("x-ms-correlation-id"), None);
    assert_eq!(r.header("client-request-id"), None);
    assert!(r.header("request-id").is_some());
    // Errors carry the ids in the body too.
    let r = read(
        app.http
            .get(format!("{}/v1.0/policies/Nope", app.url))
            .bearer_auth(&t)
            .header("x-ms-correlation-id", guid)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.body["correlationId"], guid);
    assert_eq!(r.body["requestId"].as_str(), r.header("request-id"));
}

#[tokio::test]
async fn health_answers_without_a_token() {
    let app = spawn_app().await;
    let r = read(
        app.http
            .get(format!("{}/healthz", app.url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn bodies_must_be_json_objects() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;
    let puts = [
        (product_path(), json!(["Enabled"])),
        (product_path(), json!("Enabled")),
        (product_path(), json!(["Disabled"])),
        (
            format!("/v1.0/policies/{P}/offerTypes/SaaS"),
            json!(["Disabled"]),
        ),
        (format!("/v1.0/policies/{P}"), json!(["Disabled"])),
        (format!("/v1.0/policies/{P}"), json!(7)),
    ];
    for (path, body) in puts {
        let r = app
            .call(Method::PUT, &path, Some(&t), Some(body.clone()))
            .await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{path} {body}: {}",
            r.text
        );
        assert_eq!(r.error_code(), "BadRequest");
        let reason = r.body["reason"].as_str().unwrap();
        assert!(reason.contains("JSON object"), "{reason}");
        assert!(r.body["requestId"].is_string());
    }
    let batch = format!("/v1.0/policies/{P}/products");
    let patches = [
        json!([[{"productId": POWER_BI_PRO, "policyValue": "Disabled"}]]),
        json!({"items": [[POWER_BI_PRO, null, "Disabled"]]}),
        json!({"items": [], "default": ["Disabled"]}),
        json!(null),
    ];
    for body in patches {
        let r = app
            .call(Method::PATCH, &batch, Some(&t), Some(body.clone()))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert!(r.text.contains("JSON object"), "{body}: {}", r.text);
    }
    // Nothing changed.
    let r = app.get(&product_path(), &t).await;
    assert_eq!(r.body["policyValue"], "Enabled");
}
