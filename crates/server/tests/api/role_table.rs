//! Every endpoint × every demo identity × both path prefixes, against the role table of
//! licensing-api.md.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

/// (method, path after the prefix, is a write)
const ENDPOINTS: [(&str, &str, bool); 8] = [
    ("GET", "/policies", false),
    ("GET", "/policies/AllowSelfServicePurchase", false),
    ("GET", "/policies/AllowSelfServicePurchase/products", false),
    (
        "GET",
        "/policies/AllowSelfServicePurchase/products?scope=OfferType",
        false,
    ),
    (
        "GET",
        "/policies/AllowSelfServicePurchase/products/CFQ7TTC0H9MP",
        false,
    ),
    (
        "PUT",
        "/policies/AllowSelfServicePurchase/products/CFQ7TTC0H9MP",
        true,
    ),
    (
        "GET",
        "/policies/AllowSelfServicePurchase/offerTypes/SaaS",
        false,
    ),
    (
        "PUT",
        "/policies/AllowSelfServicePurchase/offerTypes/SaaS",
        true,
    ),
];

async fn run(app: &TestApp) {
    for (who, may_read, may_write) in IDENTITIES {
        let token = token_for(app, who).await;
        for prefix in ["/v1.0", "/v1"] {
            for (method, path, write) in ENDPOINTS {
                let method: Method = method.parse().unwrap();
                let body = write.then(|| json!({"policyValue": "Disabled"}));
                let r = app
                    .call(
                        method.clone(),
                        &format!("{prefix}{path}"),
                        Some(&token),
                        body,
                    )
                    .await;
                let allowed = if write { may_write } else { may_read };
                let expected = if allowed {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(
                    r.status, expected,
                    "{who} {method} {prefix}{path}: {}",
                    r.text
                );
                assert!(r.header("request-id").is_some());
                if !allowed {
                    assert_eq!(r.error_code(), "Forbidden");
                    // The 403 says what the call needs and who the caller is.
                    assert!(
                        r.body["required"]["directoryRoles"].is_array(),
                        "{}",
                        r.text
                    );
                    assert!(r.body["caller"]["kind"].is_string(), "{}", r.text);
                    let reason = r.body["reason"].as_str().unwrap();
                    if who.contains('@') {
                        assert!(reason.contains("Global Administrator"), "{reason}");
                        assert!(reason.contains(who), "{reason}");
                    } else {
                        assert!(
                            reason.contains("Policy.ReadWrite.AllowSelfServicePurchase"),
                            "{reason}"
                        );
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn the_role_table_on_sqlite() {
    let app = spawn_app().await;
    run(&app).await;
}

#[tokio::test]
async fn the_role_table_on_postgres() {
    let Some(app) = spawn_app_with(Backend::Postgres, Default::default()).await else {
        return;
    };
    run(&app).await;
}

#[tokio::test]
async fn response_shapes_are_the_originals() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;

    let r = app.get("/v1.0/policies", &t).await;
    assert_eq!(r.body["items"][0]["id"], P);
    assert_eq!(r.body["items"][0]["defaultValue"], "Enabled");
    assert!(r.body["items"][0]["description"].is_string());

    let r = app.get(&format!("/v1.0/policies/{P}"), &t).await;
    assert_eq!(r.body["id"], P);
    assert_eq!(r.body["defaultValue"], "Enabled");

    let r = app.get(&format!("/v1.0/policies/{P}/products"), &t).await;
    let items = r.body["items"].as_array().unwrap();
    assert!(items.len() >= 25);
    let bi = items
        .iter()
        .find(|i| i["productId"] == POWER_BI_PRO)
        .unwrap();
    assert_eq!(
        bi,
        &json!({"policyId": P, "policyValue": "Enabled", "scope": "product", "productName": "Power BI Pro", "productId": POWER_BI_PRO})
    );

    let r = app
        .get(&format!("/v1.0/policies/{P}/products?scope=OfferType"), &t)
        .await;
    let items = r.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let saas = items.iter().find(|i| i["scopeId"] == "SaaS").unwrap();
    assert_eq!(saas["scope"], "OfferType");
    assert_eq!(saas["policyValue"], "Enabled");
    assert!(saas["scopeValue"].is_string());

    let r = app
        .get(&format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}"), &t)
        .await;
    assert_eq!(
        r.body,
        json!({"policyId": P, "policyValue": "Enabled", "productName": "Power BI Pro", "productId": POWER_BI_PRO})
    );
    assert!(r.header("etag").is_some());

    let r = app
        .put(
            &format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}"),
            &t,
            "Disabled",
        )
        .await;
    assert_eq!(
        r.body,
        json!({"policyId": P, "policyValue": "Disabled", "productName": "Power BI Pro", "productId": POWER_BI_PRO})
    );

    let r = app
        .put(
            &format!("/v1.0/policies/{P}/offerTypes/saas"),
            &t,
            "Disabled",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["scopeId"], "SaaS");
    assert_eq!(r.body["policyValue"], "Disabled");
    let r = app
        .get(&format!("/v1/policies/{P}/offerTypes/SaaS"), &t)
        .await;
    assert_eq!(r.body["policyValue"], "Disabled");
}

#[tokio::test]
async fn legacy_ids_act_on_the_current_product() {
    let app = spawn_app().await;
    let t = app.user_token("billing@contoso.example").await;
    let r = app
        .put(
            &format!("/v1.0/policies/{P}/products/{POWER_BI_PRO_LEGACY}"),
            &t,
            "Disabled",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["productId"], POWER_BI_PRO);
    let r = app
        .get(&format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}"), &t)
        .await;
    assert_eq!(r.body["policyValue"], "Disabled");
    let r = app
        .get(
            &format!(
                "/v1.0/policies/{P}/products/{}",
                POWER_BI_PRO_LEGACY.to_lowercase()
            ),
            &t,
        )
        .await;
    assert_eq!(r.body["productId"], POWER_BI_PRO);
}

#[tokio::test]
async fn trials_only_is_for_products_with_a_trial_without_payment_method() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;
    let r = app
        .put(
            &format!("/v1.0/policies/{P}/products/{PLANNER_PLAN_1}"),
            &t,
            "OnlyTrialsWithoutPaymentMethod",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["policyValue"], "OnlyTrialsWithoutPaymentMethod");
    let r = app
        .put(
            &format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}"),
            &t,
            "OnlyTrialsWithoutPaymentMethod",
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["allowedValues"], json!(["Enabled", "Disabled"]));
    let r = app
        .put(
            &format!("/v1.0/policies/{P}/offerTypes/SaaS"),
            &t,
            "OnlyTrialsWithoutPaymentMethod",
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["allowedValues"], json!(["Enabled", "Disabled"]));
}
