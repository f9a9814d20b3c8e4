//! Every change and every refused change lands in the tenant's journal, in a chain that verifies.

use mscommerce_domain::audit::GENESIS_HASH;
use mscommerce_domain::{AuditResult, AuditTarget, PolicyValue};
use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn changes_and_refusals_are_journaled() {
    let app = spawn_app().await;
    let admin = app.user_token("admin@contoso.example").await;
    let reader = app.user_token("reader@contoso.example").await;
    let automation = app.app_token("contoso-automation").await;
    let path = format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}");
    let guid = "6f9619ff-8b86-d011-b42d-00c04fc964ff";

    let r = read(
        app.http
            .put(format!("{}{path}", app.url))
            .bearer_auth(&admin)
            .header("x-ms-correlation-id", guid)
            .json(&serde_json::json!({"policyValue": "Disabled"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let request_id = r.header("request-id").unwrap().to_owned();
    // A no-op change succeeds and journals nothing.
    assert_eq!(
        app.put(&path, &admin, "Disabled").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.put(&path, &reader, "Enabled").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.put(
            &format!("/v1.0/policies/{P}/offerTypes/SaaS"),
            &automation,
            "Disabled"
        )
        .await
        .status,
        StatusCode::OK
    );

    let journal = app.server.state().store().journal(contoso()).await.unwrap();
    assert_eq!(journal.len(), 3, "{journal:#?}");

    let first = &journal[0].entry;
    assert_eq!(first.result, AuditResult::Succeeded);
    assert_eq!(first.actor.upn.as_deref(), Some("admin@contoso.example"));
    assert_eq!(
        first.target,
        AuditTarget::Product(POWER_BI_PRO.parse().unwrap())
    );
    assert_eq!(
        (first.old_value, first.new_value),
        (Some(PolicyValue::Enabled), Some(PolicyValue::Disabled))
    );
    assert_eq!(first.ids.request_id, request_id);
    assert_eq!(first.ids.correlation_id.as_deref(), Some(guid));

    let refused = &journal[1].entry;
    assert_eq!(refused.result, AuditResult::Failed);
    assert_eq!(refused.reason.as_deref(), Some("Forbidden"));
    assert_eq!(refused.actor.upn.as_deref(), Some("reader@contoso.example"));

    let by_app = &journal[2].entry;
    assert_eq!(by_app.actor.app_id.as_deref(), Some("contoso-automation"));
    assert_eq!(
        by_app.target,
        AuditTarget::OfferType("SaaS".parse().unwrap())
    );

    // The chain verifies from the genesis hash.
    let mut prev = GENESIS_HASH.to_owned();
    for (i, rec) in journal.iter().enumerate() {
        assert_eq!(rec.seq, i as i64 + 1);
        assert_eq!(rec.prev_hash, prev);
        assert_eq!(rec.hash, rec.entry.chain_hash(rec.seq, &prev));
        prev = rec.hash.clone();
    }
    // Another tenant's journal holds none of it.
    assert!(
        app.server
            .state()
            .store()
            .journal(fabrikam())
            .await
            .unwrap()
            .is_empty()
    );
}
