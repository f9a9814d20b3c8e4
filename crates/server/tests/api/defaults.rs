//! `PUT /v1.0/policies/{p}`: the tenant's default for new products, through the socket.

// Test code: failing loudly is its job (clippy's allow-*-in-tests covers #[test] fns only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use mscommerce_domain::{AuditResult, AuditTarget, CatalogProduct, PolicyValue};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

fn policy_path() -> String {
    format!("/v1.0/policies/{P}")
}

async fn put_default(app: &TestApp, token: &str, body: serde_json::Value) -> Reply {
    app.call(Method::PUT, &policy_path(), Some(token), Some(body))
        .await
}

async fn admins_set_the_default_and_new_products_start_at_it(app: &TestApp) {
    let admin = app.user_token("admin@contoso.example").await;
    let fabrikam = app.user_token("admin@fabrikam.example").await;
    let before = app.get(&policy_path(), &admin).await;
    assert_eq!(before.body["defaultValue"], "Enabled");
    let etag0 = before.header("etag").unwrap().to_owned();

    let r = put_default(app, &admin, json!({"defaultValue": "disabled"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.body,
        json!({"id": P, "description": before.body["description"], "defaultValue": "Disabled"})
    );
    let etag1 = r.header("etag").unwrap().to_owned();
    assert_ne!(etag0, etag1);

    // Read back, on both prefixes, with the same ETag; the list of policies says it too.
    for prefix in ["/v1.0", "/v1"] {
        let g = app.get(&format!("{prefix}/policies/{P}"), &admin).await;
        assert_eq!(g.body["defaultValue"], "Disabled");
        assert_eq!(g.header("etag"), Some(etag1.as_str()));
    }
    assert_eq!(
        app.get("/v1.0/policies", &admin).await.body["items"][0]["defaultValue"],
        "Disabled"
    );
    // Existing products did not move; another tenant's default did not either.
    let bi = format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}");
    assert_eq!(app.get(&bi, &admin).await.body["policyValue"], "Enabled");
    assert_eq!(
        app.get(&policy_path(), &fabrikam).await.body["defaultValue"],
        "Enabled"
    );

    // Journaled as a change of the default by this admin.
    let j = app.server.state().store().journal(contoso()).await.unwrap();
    let last = &j.last().unwrap().entry;
    assert_eq!(last.target, AuditTarget::Default);
    assert_eq!(
        (last.old_value, last.new_value, last.result),
        (
            Some(PolicyValue::Enabled),
            Some(PolicyValue::Disabled),
            AuditResult::Succeeded
        )
    );
    assert_eq!(last.actor.upn.as_deref(), Some("admin@contoso.example"));
    assert_eq!(last.ids.request_id, r.header("request-id").unwrap());

    // A product added to the catalog afterwards starts at each tenant's default.
    app.server
        .state()
        .store()
        .catalog_add(&CatalogProduct {
            id: "CFQ7TTC0API1".parse().unwrap(),
            name: "Contoso Add-on".into(),
            legacy_ids: vec![],
            trial_without_payment_method: false,
        })
        .await
        .unwrap();
    let new = format!("/v1.0/policies/{P}/products/CFQ7TTC0API1");
    let c = app.get(&new, &admin).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text);
    assert_eq!(c.body["policyValue"], "Disabled");
    assert_eq!(
        app.get(&new, &fabrikam).await.body["policyValue"],
        "Enabled"
    );
    let listed = app
        .get(&format!("/v1.0/policies/{P}/products"), &admin)
        .await;
    assert!(
        listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["productId"] == "CFQ7TTC0API1" && i["policyValue"] == "Disabled")
    );
}

mod admins_set_the_default_and_new_products_start_at_it_on {
    use crate::helpers::*;

    #[tokio::test]
    async fn sqlite() {
        super::admins_set_the_default_and_new_products_start_at_it(&spawn_app().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        if let Some(app) = spawn_app_with(Backend::Postgres, Default::default()).await {
            super::admins_set_the_default_and_new_products_start_at_it(&app).await;
        }
    }
}

#[tokio::test]
async fn who_may_set_the_default() {
    let app = spawn_app().await;
    for (who, _read, write) in IDENTITIES {
        if who.ends_with("fabrikam.example") {
            continue;
        }
        let t = token_for(&app, who).await;
        // Each writer flips it, so every allowed call is a change.
        let current = app.get(&policy_path(), &t).await;
        let next = if current.body["defaultValue"] == "Disabled" {
            "Enabled"
        } else {
            "Disabled"
        };
        let r = put_default(&app, &t, json!({"defaultValue": next})).await;
        if write {
            assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.text);
        } else {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.text);
            assert_eq!(r.error_code(), "Forbidden");
            assert_eq!(r.body["required"]["access"], "write");
        }
    }
    // Refusals are journaled against the default too.
    let j = app.server.state().store().journal(contoso()).await.unwrap();
    let refused: Vec<_> = j
        .iter()
        .filter(|r| r.entry.result == AuditResult::Failed)
        .map(|r| {
            (
                r.entry.target.clone(),
                r.entry.reason.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(refused.len(), 3, "reader, user, reporting app: {refused:?}");
    assert!(
        refused
            .iter()
            .all(|(t, why)| *t == AuditTarget::Default && why == "Forbidden")
    );
}

#[tokio::test]
async fn the_default_answers_like_a_product_put() {
    let app = spawn_app().await;
    let t = app.user_token("billing@contoso.example").await;
    let url = format!("{}{}", app.url, policy_path());
    let raw = |ct: Option<&'static str>, body: &'static str| {
        let mut req = app.http.put(&url).bearer_auth(&t).body(body);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        async move { read(req.send().await.unwrap()).await }
    };

    // 415 without JSON.
    for ct in [None, Some("text/plain")] {
        let r = raw(ct, r#"{"defaultValue":"Disabled"}"#).await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text);
    }
    // 400 for anything but exactly {"defaultValue": VALUE}, naming the values.
    for body in [
        "",
        "[]",
        r#"{"defaultValue":"Sometimes"}"#,
        r#"{"defaultValue":null}"#,
        r#"{"policyValue":"Disabled"}"#,
        r#"{"defaultValue":"Disabled","id":"x"}"#,
        r#"{"defaultValue":"Disabled","defaultValue":"Enabled"}"#,
    ] {
        let r = raw(Some("application/json"), body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert_eq!(r.error_code(), "BadRequest");
        assert_eq!(
            r.body["allowedValues"],
            json!(["Enabled", "Disabled", "OnlyTrialsWithoutPaymentMethod"]),
            "{body}"
        );
    }
    // 404 for an unknown policy, before the role or the body matter.
    let r = app
        .call(
            Method::PUT,
            "/v1.0/policies/NoSuchPolicy",
            Some(&t),
            Some(json!({"defaultValue": "Disabled"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // If-Match with the policy's ETag.
    let etag0 = app
        .get(&policy_path(), &t)
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    let put_if = |value: &'static str, tag: String| {
        let req = app
            .http
            .put(&url)
            .bearer_auth(&t)
            .header("if-match", tag)
            .json(&json!({"defaultValue": value}));
        async move { read(req.send().await.unwrap()).await }
    };
    let r = put_if("Disabled", etag0.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let etag1 = r.header("etag").unwrap().to_owned();
    // Retried after it succeeded: not a conflict.
    let r = put_if("Disabled", etag0.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("etag"), Some(etag1.as_str()));
    // Another value with the old tag: 412 with the current tag.
    let r = put_if("OnlyTrialsWithoutPaymentMethod", etag0).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    assert_eq!(r.error_code(), "PreconditionFailed");
    assert_eq!(r.header("etag"), Some(etag1.as_str()));
    // Garbage is a 400; `*` matches.
    assert_eq!(
        put_if("Enabled", "not-a-tag".into()).await.status,
        StatusCode::BAD_REQUEST
    );
    let r = put_if("OnlyTrialsWithoutPaymentMethod", "*".into()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["defaultValue"], "OnlyTrialsWithoutPaymentMethod");
}
