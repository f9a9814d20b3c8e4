//! `PATCH /v1.0/policies/{p}/products`: many changes in one transaction, all or nothing; ETags on
//! lists when asked for.

// Test code: failing loudly is its job (clippy's allow-*-in-tests covers #[test] fns only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use mscommerce_domain::{AuditResult, AuditTarget};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

fn batch_path() -> String {
    format!("/v1.0/policies/{P}/products")
}

/// Dynamics 365 Marketing: no trial without payment method.
const DYNAMICS: &str = "CFQ7TTC0LH3N";
const VISIO_PLAN_1: &str = "CFQ7TTC0HD33";

async fn patch(app: &TestApp, token: &str, body: Value) -> Reply {
    app.call(Method::PATCH, &batch_path(), Some(token), Some(body))
        .await
}

async fn value_of(app: &TestApp, token: &str, id: &str) -> (String, String) {
    let r = app
        .get(&format!("/v1.0/policies/{P}/products/{id}"), token)
        .await;
    (
        r.body["policyValue"].as_str().unwrap_or("").to_owned(),
        r.header("etag").unwrap_or("").to_owned(),
    )
}

async fn a_batch_changes_everything_it_names_and_answers_each_item(app: &TestApp) {
    let t = app.user_token("admin@contoso.example").await;
    let (_, visio_etag) = value_of(app, &t, VISIO_PLAN_1).await;
    let r = patch(
        app,
        &t,
        json!({
            "default": {"defaultValue": "Disabled"},
            "items": [
                {"productId": POWER_BI_PRO_LEGACY, "policyValue": "disabled"},
                {"offerType": "saas", "policyValue": "Disabled"},
                {"productId": DYNAMICS, "policyValue": "Enabled"},
                {"productId": VISIO_PLAN_1, "policyValue": "OnlyTrialsWithoutPaymentMethod", "ifMatch": visio_etag},
            ]
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let items = r.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    // Items answer in request order, in the list's shapes, with ETag and whether they changed.
    let bi = &items[0];
    let bi_etag = bi["etag"].as_str().unwrap().to_owned();
    assert_eq!(
        bi,
        &json!({"policyId": P, "policyValue": "Disabled", "scope": "product",
                "productName": "Power BI Pro", "productId": POWER_BI_PRO,
                "etag": bi_etag, "changed": true})
    );
    let saas = &items[1];
    assert_eq!(saas["scope"], "OfferType");
    assert_eq!(saas["scopeId"], "SaaS");
    assert!(saas["scopeValue"].is_string() && saas.get("productId").is_none());
    assert_eq!(saas["changed"], true);
    assert_eq!(
        (&items[2]["policyValue"], &items[2]["changed"]),
        (&json!("Enabled"), &json!(false))
    );
    assert_eq!(
        items[3]["policyValue"],
        json!("OnlyTrialsWithoutPaymentMethod")
    );
    assert_eq!(
        r.body["default"],
        json!({"id": P, "defaultValue": "Disabled",
               "etag": r.body["default"]["etag"], "changed": true})
    );
    // What the batch answered is what reads answer, ETags included.
    assert_eq!(
        value_of(app, &t, POWER_BI_PRO).await,
        ("Disabled".into(), bi_etag)
    );
    let o = app
        .get(&format!("/v1.0/policies/{P}/offerTypes/SaaS"), &t)
        .await;
    assert_eq!(o.body["policyValue"], "Disabled");
    assert_eq!(o.header("etag"), saas["etag"].as_str());
    let pol = app.get(&format!("/v1.0/policies/{P}"), &t).await;
    assert_eq!(pol.body["defaultValue"], "Disabled");
    assert_eq!(pol.header("etag"), r.body["default"]["etag"].as_str());

    // One journal entry per target changed, all with this request's id.
    let j = app.server.state().store().journal(contoso()).await.unwrap();
    assert_eq!(j.len(), 4);
    let request_id = r.header("request-id").unwrap();
    assert!(
        j.iter()
            .all(|e| e.entry.ids.request_id == request_id
                && e.entry.result == AuditResult::Succeeded)
    );

    // Also on /v1, and by an app with Policy.ReadWrite.
    let app_token = app.app_token("contoso-automation").await;
    let r = app
        .call(
            Method::PATCH,
            &format!("/v1/policies/{P}/products"),
            Some(&app_token),
            Some(json!({"items": [{"productId": POWER_BI_PRO, "policyValue": "Enabled"}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["items"][0]["changed"], true);
    assert!(r.body.get("default").is_none());
}

mod a_batch_changes_everything_it_names_and_answers_each_item_on {
    use crate::helpers::*;

    #[tokio::test]
    async fn sqlite() {
        super::a_batch_changes_everything_it_names_and_answers_each_item(&spawn_app().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        if let Some(app) = spawn_app_with(Backend::Postgres, Default::default()).await {
            super::a_batch_changes_everything_it_names_and_answers_each_item(&app).await;
        }
    }
}

#[tokio::test]
async fn lists_carry_etags_only_when_asked() {
    let app = spawn_app().await;
    let t = app.user_token("reader@contoso.example").await;
    let plain = app.get(&batch_path(), &t).await;
    assert!(
        plain.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i.get("etag").is_none()),
        "the original's shape by default"
    );
    let tagged = app
        .get(&format!("{}?includeEtag=true", batch_path()), &t)
        .await;
    assert_eq!(tagged.status, StatusCode::OK, "{}", tagged.text);
    let bi = tagged.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["productId"] == POWER_BI_PRO)
        .unwrap()
        .clone();
    let (_, etag) = value_of(&app, &t, POWER_BI_PRO).await;
    assert_eq!(
        bi,
        json!({"policyId": P, "policyValue": "Enabled", "scope": "product",
               "productName": "Power BI Pro", "productId": POWER_BI_PRO, "etag": etag})
    );
    let offer_types = app
        .get(
            &format!("{}?scope=OfferType&includeEtag=TRUE", batch_path()),
            &t,
        )
        .await;
    let saas = offer_types.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["scopeId"] == "SaaS")
        .unwrap()
        .clone();
    let single = app
        .get(&format!("/v1.0/policies/{P}/offerTypes/SaaS"), &t)
        .await;
    assert_eq!(saas["etag"].as_str(), single.header("etag"));
    let bad = app
        .get(&format!("{}?includeEtag=yes", batch_path()), &t)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

async fn one_refused_item_changes_nothing_and_is_named(app: &TestApp) {
    let t = app.user_token("admin@contoso.example").await;
    let (_, stale) = value_of(app, &t, VISIO_PLAN_1).await;
    assert_eq!(
        app.put(
            &format!("/v1.0/policies/{P}/products/{VISIO_PLAN_1}"),
            &t,
            "Disabled"
        )
        .await
        .status,
        StatusCode::OK
    );
    let (_, current) = value_of(app, &t, VISIO_PLAN_1).await;
    let journal_before = app
        .server
        .state()
        .store()
        .journal(contoso())
        .await
        .unwrap()
        .len();
    let lead = json!({"productId": POWER_BI_PRO, "policyValue": "Disabled"});
    // (items after the first, status, errorCode, failed index, target, reason text)
    let cases: Vec<(Value, StatusCode, &str, usize, Value, &str)> = vec![
        (
            json!({"productId": DYNAMICS, "policyValue": "OnlyTrialsWithoutPaymentMethod"}),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            1,
            json!({"type": "product", "id": DYNAMICS}),
            "Allowed values: Enabled, Disabled",
        ),
        (
            json!({"productId": VISIO_PLAN_1, "policyValue": "Enabled", "ifMatch": stale}),
            StatusCode::PRECONDITION_FAILED,
            "PreconditionFailed",
            1,
            json!({"type": "product", "id": VISIO_PLAN_1}),
            "If-Match did not match",
        ),
        (
            json!({"productId": "NOSUCHPRODUCT", "policyValue": "Enabled"}),
            StatusCode::NOT_FOUND,
            "NotFound",
            1,
            json!({"type": "product", "id": "NOSUCHPRODUCT"}),
            "There is no product",
        ),
        (
            json!({"offerType": "NoSuchType", "policyValue": "Enabled"}),
            StatusCode::NOT_FOUND,
            "NotFound",
            1,
            json!({"type": "offerType", "id": "NoSuchType"}),
            "There is no offer type",
        ),
        (
            json!({"productId": POWER_BI_PRO_LEGACY, "policyValue": "Enabled"}),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            1,
            json!({"type": "product", "id": POWER_BI_PRO_LEGACY}),
            "same target as items[0]",
        ),
        (
            json!({"offerType": "SaaS", "policyValue": "OnlyTrialsWithoutPaymentMethod"}),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            1,
            json!({"type": "offerType", "id": "SaaS"}),
            "Allowed values: Enabled, Disabled",
        ),
    ];
    let mut journaled = 0;
    for (item, status, code, index, target, says) in cases {
        let r = patch(app, &t, json!({"items": [lead.clone(), item]})).await;
        assert_eq!(r.status, status, "{}", r.text);
        assert_eq!(r.error_code(), code, "{}", r.text);
        assert_eq!(r.body["failedItem"]["index"], index, "{}", r.text);
        assert_eq!(r.body["failedItem"]["target"], target, "{}", r.text);
        let reason = r.body["reason"].as_str().unwrap();
        assert!(reason.starts_with(&format!("items[{index}]")), "{reason}");
        assert!(reason.contains(says), "{reason}");
        assert!(
            reason.contains("Nothing in the batch was changed"),
            "{reason}"
        );
        if status == StatusCode::PRECONDITION_FAILED {
            assert_eq!(r.body["failedItem"]["etag"], json!(current));
            assert!(r.header("etag").is_none(), "no ETag for the collection");
        }
        if matches!(
            status,
            StatusCode::PRECONDITION_FAILED | StatusCode::BAD_REQUEST
        ) && !reason.contains("same target")
        {
            journaled += 1;
        }
        // Nothing changed: the first item is still Enabled.
        assert_eq!(value_of(app, &t, POWER_BI_PRO).await.0, "Enabled");
    }
    let j = app.server.state().store().journal(contoso()).await.unwrap();
    assert_eq!(j.len(), journal_before + journaled);
    assert!(
        j[journal_before..]
            .iter()
            .all(|r| r.entry.result == AuditResult::Failed)
    );
    // The default part is named as such.
    let r = patch(
        app,
        &t,
        json!({"default": {"defaultValue": "Disabled", "ifMatch": stale}, "items": [lead]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    assert_eq!(
        r.body["failedItem"]["target"],
        json!({"type": "default", "id": null})
    );
    assert!(r.body["failedItem"].get("index").is_none());
    assert!(r.body["reason"].as_str().unwrap().starts_with("default"));
}

mod one_refused_item_changes_nothing_and_is_named_on {
    use crate::helpers::*;

    #[tokio::test]
    async fn sqlite() {
        super::one_refused_item_changes_nothing_and_is_named(&spawn_app().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        if let Some(app) = spawn_app_with(Backend::Postgres, Default::default()).await {
            super::one_refused_item_changes_nothing_and_is_named(&app).await;
        }
    }
}

#[tokio::test]
async fn malformed_batches_are_refused_before_anything_happens() {
    let app = spawn_app().await;
    let t = app.user_token("admin@contoso.example").await;
    let url = format!("{}{}", app.url, batch_path());
    let send = |ct: Option<&'static str>, body: String, if_match: bool| {
        let mut req = app.http.patch(&url).bearer_auth(&t).body(body);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        if if_match {
            req = req.header("if-match", "*");
        }
        async move { read(req.send().await.unwrap()).await }
    };
    let ok_item = r#"{"productId":"CFQ7TTC0H9MP","policyValue":"Disabled"}"#;
    assert_eq!(
        send(
            Some("text/plain"),
            format!(r#"{{"items":[{ok_item}]}}"#),
            false
        )
        .await
        .status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let r = send(
        Some("application/json"),
        format!(r#"{{"items":[{ok_item}]}}"#),
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body["reason"].as_str().unwrap().contains("ifMatch"));

    // (body, the item named, if any)
    let cases: Vec<(String, Option<usize>)> = vec![
        (String::new(), None),
        ("[]".into(), None),
        (r#"{"items":{}}"#.into(), None),
        (format!(r#"{{"items":[{ok_item}],"extra":1}}"#), None),
        (format!(r#"{{"items":[{ok_item}],"items":[]}}"#), None),
        (
            format!(r#"{{"items":[{ok_item},{{"policyValue":"Disabled"}}]}}"#),
            Some(1),
        ),
        (
            format!(
                r#"{{"items":[{ok_item},{{"productId":"A","offerType":"SaaS","policyValue":"Disabled"}}]}}"#
            ),
            Some(1),
        ),
        (
            format!(
                r#"{{"items":[{ok_item},{ok_item},{{"productId":"A","policyValue":"Sometimes"}}]}}"#
            ),
            Some(2),
        ),
        (
            r#"{"items":[{"productId":"A","policyValue":"Enabled","productName":"x"}]}"#.into(),
            Some(0),
        ),
        (
            r#"{"items":[{"productId":"not an id!","policyValue":"Enabled"}]}"#.into(),
            Some(0),
        ),
        (
            r#"{"items":[{"productId":"A","policyValue":"Enabled","ifMatch":"unquoted"}]}"#.into(),
            Some(0),
        ),
    ];
    for (body, index) in cases {
        let r = send(Some("application/json"), body.clone(), false).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert_eq!(r.error_code(), "BadRequest");
        match index {
            Some(i) => {
                assert_eq!(r.body["failedItem"]["index"], i, "{body}: {}", r.text);
                assert!(
                    r.body["reason"]
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("items[{i}]")),
                    "{}",
                    r.text
                );
            }
            None => assert!(r.body.get("failedItem").is_none(), "{body}: {}", r.text),
        }
    }

    // More items than a batch takes: 413, whatever they say.
    let many = vec![r#"{"offerType":"SaaS","policyValue":"Enabled"}"#; 1001].join(",");
    let r = send(
        Some("application/json"),
        format!(r#"{{"items":[{many}]}}"#),
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text);
    assert_eq!(r.error_code(), "PayloadTooLarge");
    assert!(r.body["reason"].as_str().unwrap().contains("1000"));

    assert_eq!(value_of(&app, &t, POWER_BI_PRO).await.0, "Enabled");
    assert!(
        app.server
            .state()
            .store()
            .journal(contoso())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn who_may_send_a_batch_and_how_refusals_are_journaled() {
    let app = spawn_app().await;
    let body = json!({
        "default": {"defaultValue": "Disabled"},
        "items": [
            {"productId": POWER_BI_PRO_LEGACY, "policyValue": "Disabled"},
            {"offerType": "SaaS", "policyValue": "Disabled"},
        ]
    });
    for (who, _read, write) in IDENTITIES {
        if who.ends_with("fabrikam.example") || write {
            continue;
        }
        let t = token_for(&app, who).await;
        let r = patch(&app, &t, body.clone()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.text);
        assert_eq!(r.body["required"]["access"], "write");
    }
    // Each refused batch is journaled as the refused writes it stands for.
    let j = app.server.state().store().journal(contoso()).await.unwrap();
    assert_eq!(j.len(), 3 * 3, "three callers, three targets each");
    for chunk in j.chunks(3) {
        let targets: Vec<_> = chunk.iter().map(|r| r.entry.target.clone()).collect();
        assert_eq!(
            targets,
            [
                AuditTarget::Default,
                AuditTarget::Product(POWER_BI_PRO_LEGACY.parse().unwrap()),
                AuditTarget::OfferType("SaaS".parse().unwrap()),
            ]
        );
        assert!(
            chunk
                .iter()
                .all(|r| r.entry.reason.as_deref() == Some("Forbidden")
                    && r.entry.ids.request_id == chunk[0].entry.ids.request_id)
        );
    }
    // A refused body that is not a batch is not journaled; the answer is the same 403.
    let reader = app.user_token("reader@contoso.example").await;
    let r = app
        .http
        .patch(format!("{}{}", app.url, batch_path()))
        .bearer_auth(&reader)
        .header("content-type", "application/json")
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.server
            .state()
            .store()
            .journal(contoso())
            .await
            .unwrap()
            .len(),
        9
    );

    // Two admins sending batches with the same ifMatch: exactly one wins.
    let admin = app.user_token("admin@contoso.example").await;
    let billing = app.user_token("billing@contoso.example").await;
    let (_, etag) = value_of(&app, &admin, VISIO_PLAN_1).await;
    let one = patch(
        &app,
        &admin,
        json!({"items": [{"productId": VISIO_PLAN_1, "policyValue": "Disabled", "ifMatch": etag}]}),
    );
    let two = patch(
        &app,
        &billing,
        json!({"items": [{"productId": VISIO_PLAN_1, "policyValue": "OnlyTrialsWithoutPaymentMethod", "ifMatch": etag}]}),
    );
    let (one, two) = tokio::join!(one, two);
    let mut statuses = [one.status, two.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::PRECONDITION_FAILED],
        "{} / {}",
        one.text,
        two.text
    );
    let winner = if one.status == StatusCode::OK {
        &one
    } else {
        &two
    };
    assert_eq!(
        value_of(&app, &admin, VISIO_PLAN_1).await,
        (
            winner.body["items"][0]["policyValue"]
                .as_str()
                .unwrap()
                .to_owned(),
            winner.body["items"][0]["etag"].as_str().unwrap().to_owned()
        )
    );
}

#[tokio::test]
async fn batches_stay_in_the_callers_tenant() {
    let app = spawn_app().await;
    let contoso_admin = app.user_token("admin@contoso.example").await;
    let fabrikam_admin = app.user_token("admin@fabrikam.example").await;
    // A contoso ETag means nothing in fabrikam: it does not match there.
    let (_, contoso_etag) = value_of(&app, &contoso_admin, POWER_BI_PRO).await;
    let r = patch(
        &app,
        &fabrikam_admin,
        json!({"items": [{"productId": POWER_BI_PRO, "policyValue": "Disabled", "ifMatch": contoso_etag}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    let r = patch(
        &app,
        &fabrikam_admin,
        json!({"items": [{"productId": POWER_BI_PRO, "policyValue": "Disabled"}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        value_of(&app, &contoso_admin, POWER_BI_PRO).await.0,
        "Enabled"
    );
    assert_eq!(
        value_of(&app, &fabrikam_admin, POWER_BI_PRO).await.0,
        "Disabled"
    );
    assert!(
        app.server
            .state()
            .store()
            .journal(contoso())
            .await
            .unwrap()
            .is_empty()
    );
}
