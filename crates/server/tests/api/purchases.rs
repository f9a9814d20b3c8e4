//! The decision storefronts ask for (`POST /v1.0/policies/{policyId}/evaluate`), through the
//! real server: every cell of the decision table, who may ask, the batch form, the language of
//! the message, and bad requests.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

const EVALUATE: &str = "/v1.0/policies/AllowSelfServicePurchase/evaluate";
const PRODUCTS: &str = "/v1.0/policies/AllowSelfServicePurchase/products";
/// Planner Plan 1: offers a trial without a payment method.
const WITH_TRIAL: &str = "CFQ7TTC0HDB1";
/// Power BI Pro: does not; its legacy id is CFQ7TTC0L3PB.
const WITHOUT_TRIAL: &str = "CFQ7TTC0H9MP";
const WITHOUT_TRIAL_LEGACY: &str = "CFQ7TTC0L3PB";

fn ask(tenant: &str, product: &str, kind: &str, card: bool) -> Value {
    json!({
        "tenantId": tenant,
        "userId": "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b",
        "productId": product,
        "kind": kind,
        "hasPaymentMethod": card,
    })
}

async fn evaluate(app: &TestApp, token: &str, body: Value) -> Reply {
    app.call(Method::POST, EVALUATE, Some(token), Some(body))
        .await
}

/// (product, value, kind, has a payment method, decision, reason), written out rather than
/// computed, so that the test and the rule are two statements of the table.
const TABLE: [(&str, &str, &str, bool, &str, &str); 20] = [
    (
        WITH_TRIAL,
        "Enabled",
        "purchase",
        true,
        "allow",
        "policyEnabled",
    ),
    (
        WITH_TRIAL,
        "Enabled",
        "purchase",
        false,
        "allow",
        "policyEnabled",
    ),
    (
        WITH_TRIAL,
        "Enabled",
        "trial",
        true,
        "allow",
        "policyEnabled",
    ),
    (
        WITH_TRIAL,
        "Enabled",
        "trial",
        false,
        "allow",
        "policyEnabled",
    ),
    (
        WITH_TRIAL,
        "Disabled",
        "purchase",
        true,
        "deny",
        "policyDisabled",
    ),
    (
        WITH_TRIAL,
        "Disabled",
        "purchase",
        false,
        "deny",
        "policyDisabled",
    ),
    (
        WITH_TRIAL,
        "Disabled",
        "trial",
        true,
        "deny",
        "policyDisabled",
    ),
    (
        WITH_TRIAL,
        "Disabled",
        "trial",
        false,
        "deny",
        "policyDisabled",
    ),
    (
        WITH_TRIAL,
        "OnlyTrialsWithoutPaymentMethod",
        "purchase",
        true,
        "deny",
        "onlyTrialsAllowed",
    ),
    (
        WITH_TRIAL,
        "OnlyTrialsWithoutPaymentMethod",
        "purchase",
        false,
        "deny",
        "onlyTrialsAllowed",
    ),
    (
        WITH_TRIAL,
        "OnlyTrialsWithoutPaymentMethod",
        "trial",
        true,
        "deny",
        "paymentMethodNotAllowed",
    ),
    (
        WITH_TRIAL,
        "OnlyTrialsWithoutPaymentMethod",
        "trial",
        false,
        "allow",
        "trialWithoutPaymentMethod",
    ),
    // A product without such a trial never holds OnlyTrialsWithoutPaymentMethod (a PUT of it is
    // refused, and a tenant default of it starts the product Disabled).
    (
        WITHOUT_TRIAL,
        "Enabled",
        "purchase",
        true,
        "allow",
        "policyEnabled",
    ),
    (
        WITHOUT_TRIAL,
        "Enabled",
        "purchase",
        false,
        "allow",
        "policyEnabled",
    ),
    (
        WITHOUT_TRIAL,
        "Enabled",
        "trial",
        true,
        "allow",
        "policyEnabled",
    ),
    (
        WITHOUT_TRIAL,
        "Enabled",
        "trial",
        false,
        "allow",
        "policyEnabled",
    ),
    (
        WITHOUT_TRIAL,
        "Disabled",
        "purchase",
        true,
        "deny",
        "policyDisabled",
    ),
    (
        WITHOUT_TRIAL,
        "Disabled",
        "purchase",
        false,
        "deny",
        "policyDisabled",
    ),
    (
        WITHOUT_TRIAL,
        "Disabled",
        "trial",
        true,
        "deny",
        "policyDisabled",
    ),
    (
        WITHOUT_TRIAL,
        "Disabled",
        "trial",
        false,
        "deny",
        "policyDisabled",
    ),
];

/// Every cell, each decided right after the admin set the value: the change is seen at once.
#[tokio::test]
async fn every_cell_of_the_decision_table() {
    let app = spawn_app().await;
    let admin = app.user_token("admin@contoso.example").await;
    let storefront = app.app_token("storefront").await;
    let tenant = contoso().to_string();
    for (product, value, kind, card, decision, reason) in TABLE {
        let set = app
            .put(&format!("{PRODUCTS}/{product}"), &admin, value)
            .await;
        assert_eq!(set.status, 200, "{}", set.text);
        let r = evaluate(&app, &storefront, ask(&tenant, product, kind, card)).await;
        let cell = format!("{product} {value} {kind} card={card}");
        assert_eq!(r.status, 200, "{cell}: {}", r.text);
        assert_eq!(r.body["decision"], decision, "{cell}: {}", r.text);
        assert_eq!(r.body["reason"], reason, "{cell}: {}", r.text);
        assert_eq!(r.body["policyValue"], value, "{cell}");
        assert_eq!(r.body["productId"], product, "{cell}");
        assert_eq!(r.body["kind"], kind, "{cell}");
        assert!(
            r.body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{cell}: {}",
            r.text
        );
    }
}

/// Only a storefront application may ask; its own tenant's policies stay closed to it, and a
/// user or an app with policy permissions is refused with a message that says who may ask.
#[tokio::test]
async fn only_storefront_applications_may_ask() {
    let app = spawn_app().await;
    let tenant = fabrikam().to_string();
    for who in [
        "admin@contoso.example",
        "admin@fabrikam.example",
        "contoso-automation",
        "contoso-reporting",
    ] {
        let token = token_for(&app, who).await;
        let r = evaluate(&app, &token, ask(&tenant, WITH_TRIAL, "trial", false)).await;
        assert_eq!(r.status, 403, "{who}: {}", r.text);
        let reason = r.body["reason"].as_str().unwrap_or_default();
        assert!(
            reason.contains("storefront") && reason.contains("SelfServicePurchase.Evaluate.All"),
            "{who}: {reason}"
        );
    }
    let storefront = app.app_token("storefront").await;
    let r = evaluate(&app, &storefront, ask(&tenant, WITH_TRIAL, "trial", false)).await;
    assert_eq!(
        r.status, 200,
        "a storefront asks about any tenant: {}",
        r.text
    );
    assert_eq!(app.get(PRODUCTS, &storefront).await.status, 403);
    let put = app
        .put(&format!("{PRODUCTS}/{WITH_TRIAL}"), &storefront, "Disabled")
        .await;
    assert_eq!(put.status, 403, "{}", put.text);
    let r = app
        .call(
            Method::POST,
            EVALUATE,
            None,
            Some(ask(&tenant, WITH_TRIAL, "trial", false)),
        )
        .await;
    assert_eq!(r.status, 401);
}

/// A storefront page asks about many products at once and gets the answers in order; a legacy
/// id answers with the current product; a product nobody has seen is named by its place.
#[tokio::test]
async fn many_products_in_one_request() {
    let app = spawn_app().await;
    let admin = app.user_token("admin@contoso.example").await;
    let storefront = app.app_token("storefront").await;
    let tenant = contoso().to_string();
    let set = app
        .put(&format!("{PRODUCTS}/{WITHOUT_TRIAL}"), &admin, "Disabled")
        .await;
    assert_eq!(set.status, 200);
    let body = json!({
        "tenantId": tenant, "kind": "purchase", "hasPaymentMethod": true,
        "productIds": [WITH_TRIAL, WITHOUT_TRIAL_LEGACY, WITHOUT_TRIAL],
    });
    let r = evaluate(&app, &storefront, body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let got: Vec<(&str, &str)> = r.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["productId"].as_str().unwrap(),
                e["decision"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (WITH_TRIAL, "allow"),
            (WITHOUT_TRIAL, "deny"),
            (WITHOUT_TRIAL, "deny")
        ]
    );

    let body = json!({
        "tenantId": tenant, "kind": "purchase", "hasPaymentMethod": true,
        "productIds": [WITH_TRIAL, "CFQ7TTC0ZZZZ"],
    });
    let r = evaluate(&app, &storefront, body).await;
    assert_eq!(r.status, 404, "{}", r.text);
    assert!(
        r.body["reason"].as_str().unwrap().contains("productIds[1]"),
        "{}",
        r.text
    );
}

/// The message is for the user: in the language the storefront passes on.
#[tokio::test]
async fn the_message_speaks_the_users_language() {
    let app = spawn_app().await;
    let storefront = app.app_token("storefront").await;
    let tenant = contoso().to_string();
    let r = app
        .http
        .post(format!("{}{EVALUATE}", app.url))
        .bearer_auth(&storefront)
        .header("Accept-Language", "de-CH, en;q=0.5")
        .json(&ask(&tenant, "Planner Plan 1", "trial", false))
        .send()
        .await
        .unwrap();
    // A product id with spaces is a 400 that says what a product id looks like.
    assert_eq!(r.status(), 400);

    let r = app
        .http
        .post(format!("{}{EVALUATE}", app.url))
        .bearer_auth(&storefront)
        .header("Accept-Language", "de-CH, en;q=0.5")
        .json(&ask(&tenant, WITH_TRIAL, "trial", false))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-language"], "de-DE");
    let body: Value = r.json().await.unwrap();
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("Planner Plan 1") && message.contains("Sie"),
        "{message}"
    );
}

/// Bad requests are 400 (413 for too many products), say what to send, and never 500.
#[tokio::test]
async fn bad_requests_say_what_to_send() {
    let app = spawn_app().await;
    let storefront = app.app_token("storefront").await;
    let tenant = contoso().to_string();
    let too_many: Vec<&str> = vec![WITH_TRIAL; 1001];
    let cases: [(Value, u16, &str); 8] = [
        (json!([tenant, WITH_TRIAL]), 400, "JSON object"),
        (
            json!({"tenantId": tenant, "kind": "trial", "hasPaymentMethod": false}),
            400,
            "names no product",
        ),
        (
            json!({"tenantId": tenant, "productId": WITH_TRIAL, "productIds": [WITH_TRIAL], "kind": "trial", "hasPaymentMethod": false}),
            400,
            "not both",
        ),
        (
            json!({"tenantId": tenant, "productIds": [], "kind": "trial", "hasPaymentMethod": false}),
            400,
            "empty",
        ),
        (
            json!({"tenantId": "contoso", "productId": WITH_TRIAL, "kind": "trial", "hasPaymentMethod": false}),
            400,
            "tenantId",
        ),
        (
            json!({"tenantId": tenant, "productId": WITH_TRIAL, "kind": "buy", "hasPaymentMethod": false}),
            400,
            "kind",
        ),
        (
            json!({"tenantId": tenant, "productId": WITH_TRIAL, "kind": "trial", "hasPaymentMethod": false, "extra": 1}),
            400,
            "extra",
        ),
        (
            json!({"tenantId": tenant, "productIds": too_many, "kind": "trial", "hasPaymentMethod": false}),
            413,
            "at most 1000",
        ),
    ];
    for (body, status, says) in cases {
        let r = evaluate(&app, &storefront, body.clone()).await;
        assert_eq!(r.status, status, "{body}: {}", r.text);
        let reason = r.body["reason"].as_str().unwrap_or_default();
        assert!(reason.contains(says), "{body}: {reason}");
    }
    let r = evaluate(
        &app,
        &storefront,
        ask(&tenant, "CFQ7TTC0ZZZZ", "trial", false),
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.text);
    let r = app
        .call(
            Method::POST,
            "/v1.0/policies/NoSuchPolicy/evaluate",
            Some(&storefront),
            Some(ask(&tenant, WITH_TRIAL, "trial", false)),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
}
