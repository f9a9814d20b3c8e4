use mscommerce_domain::ManualClock;
use time::macros::datetime;

use super::*;
use crate::error::TransportKind;
use crate::sleep::testing::RecordingSleeper;
use crate::testserver::{Reply, TestServer};

const PRODUCT: &str = r#"{"policyId":"AllowSelfServicePurchase","policyValue":"Disabled","productName":"Power BI Pro","productId":"CFQ7TTC0H9MP"}"#;

fn client(server: &TestServer) -> (Arc<RecordingSleeper>, LicensingClient) {
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-20 10:00:00 UTC)));
    let sleeper = Arc::new(RecordingSleeper::new(clock.clone()));
    let base = Url::parse(&server.base).unwrap();
    let c = LicensingClient::new(
        &base,
        SecretString::from("the-token"),
        clock,
        sleeper.clone(),
    )
    .unwrap();
    (sleeper, c)
}

fn is_guid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36
}

#[tokio::test]
async fn exact_paths_bearer_and_a_new_correlation_id_per_call() {
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"items":[{"id":"AllowSelfServicePurchase","description":"d","defaultValue":"Enabled"}]}"#),
        Reply::json(200, r#"{"id":"AllowSelfServicePurchase","description":"d","defaultValue":"Enabled"}"#),
        Reply::json(200, &format!(r#"{{"items":[{}]}}"#, PRODUCT.replace("\"policyValue\"", "\"scope\":\"product\",\"policyValue\""))),
        Reply::json(200, r#"{"items":[{"policyId":"AllowSelfServicePurchase","policyValue":"Enabled","scope":"OfferType","scopeId":"SaaS","scopeValue":"Software as a Service"}]}"#),
        Reply::json(200, PRODUCT),
        Reply::json(200, r#"{"policyId":"AllowSelfServicePurchase","policyValue":"Enabled","scope":"OfferType","scopeId":"SaaS","scopeValue":"x"}"#),
        Reply::json(200, PRODUCT),
        Reply::json(200, r#"{"policyId":"AllowSelfServicePurchase","policyValue":"Disabled","scope":"OfferType","scopeId":"SaaS","scopeValue":"x"}"#),
    ])
    .await;
    let (_, c) = client(&server);
    let p = "AllowSelfServicePurchase";
    assert_eq!(c.policies().await.unwrap()[0].id, p);
    assert_eq!(
        c.policy(p).await.unwrap().default_value,
        PolicyValue::Enabled
    );
    assert_eq!(
        c.product_policies(p).await.unwrap()[0].product_id,
        "CFQ7TTC0H9MP"
    );
    assert_eq!(c.offer_type_policies(p).await.unwrap()[0].scope_id, "SaaS");
    assert_eq!(
        c.product_policy(p, "CFQ7TTC0H9MP")
            .await
            .unwrap()
            .policy_value,
        PolicyValue::Disabled
    );
    assert_eq!(
        c.offer_type_policy(p, "SaaS").await.unwrap().scope_id,
        "SaaS"
    );
    c.update_product_policy(p, "CFQ7TTC0H9MP", PolicyValue::Disabled)
        .await
        .unwrap();
    c.update_offer_type_policy(p, "SaaS", PolicyValue::Disabled)
        .await
        .unwrap();
    let r = server.requests();
    let targets: Vec<_> = r
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(
        targets,
        [
            "GET /v1.0/policies",
            "GET /v1.0/policies/AllowSelfServicePurchase",
            "GET /v1.0/policies/AllowSelfServicePurchase/products",
            "GET /v1.0/policies/AllowSelfServicePurchase/products?scope=OfferType",
            "GET /v1.0/policies/AllowSelfServicePurchase/products/CFQ7TTC0H9MP",
            "GET /v1.0/policies/AllowSelfServicePurchase/offerTypes/SaaS",
            "PUT /v1.0/policies/AllowSelfServicePurchase/products/CFQ7TTC0H9MP",
            "PUT /v1.0/policies/AllowSelfServicePurchase/offerTypes/SaaS",
        ]
    );
    let mut ids = std::collections::HashSet::new();
    for req in &r {
        assert_eq!(req.header("authorization"), Some("Bearer the-token"));
        let id = req.header("x-ms-correlation-id").unwrap();
        assert!(is_guid(id), "{id}");
        assert!(
            ids.insert(id.to_owned()),
            "correlation ids are new per call"
        );
    }
    for put in &r[6..] {
        assert_eq!(put.header("content-type"), Some("application/json"));
        assert_eq!(put.body, r#"{"policyValue":"Disabled"}"#);
    }
}

#[tokio::test]
async fn identifiers_are_escaped_into_one_path_segment() {
    let server = TestServer::start(vec![Reply::json(
        404,
        r#"{"errorCode":"NotFound","reason":"no"}"#,
    )])
    .await;
    let (_, c) = client(&server);
    let _ = c
        .product_policy("AllowSelfServicePurchase", "../../x?y=1")
        .await;
    assert_eq!(
        server.requests()[0].target,
        "/v1.0/policies/AllowSelfServicePurchase/products/..%2F..%2Fx%3Fy=1"
    );
}

#[tokio::test]
async fn throttling_is_retried_after_retry_after_capped_with_the_same_correlation_id() {
    let server = TestServer::start(vec![
        Reply::json(503, r#"{"errorCode":"ServiceUnavailable","reason":"busy"}"#)
            .with("retry-after", "2"),
        Reply::json(429, "").with("retry-after", "3600"),
        Reply::json(429, "").with("retry-after", "Fri, 20 Nov 2026 10:00:09 GMT"),
        Reply::json(200, PRODUCT),
    ])
    .await;
    let (sleeper, c) = client(&server);
    let p = c
        .product_policy("AllowSelfServicePurchase", "CFQ7TTC0H9MP")
        .await
        .unwrap();
    assert_eq!(p.product_name, "Power BI Pro");
    // 2 s as asked, 3600 s capped to 30 s; the date is 9 s after the manual clock's start, which
    // the two waits already moved 32 s on: a date in the past waits the 1 s minimum.
    assert_eq!(sleeper.seconds(), [2, 30, 1]);
    let r = server.requests();
    assert_eq!(r.len(), 4);
    let first = r[0].header("x-ms-correlation-id").unwrap();
    assert!(
        r.iter()
            .all(|x| x.header("x-ms-correlation-id") == Some(first))
    );
}

#[tokio::test]
async fn retries_are_bounded_and_the_failure_keeps_its_ids() {
    let busy = || {
        Reply::json(503, r#"{"errorCode":"ServiceUnavailable","reason":"busy"}"#)
            .with("retry-after", "1")
            .with("request-id", "req-42")
    };
    let server = TestServer::start(vec![
        busy(),
        busy(),
        busy(),
        busy(),
        Reply::json(200, PRODUCT),
    ])
    .await;
    let (sleeper, c) = client(&server);
    let err = c.policies().await.unwrap_err();
    let ClientError::Api(f) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(f.status, 503);
    assert_eq!(f.attempts, 4);
    assert_eq!(f.request_id.as_deref(), Some("req-42"));
    assert_eq!(f.body.as_ref().unwrap().error_code, "ServiceUnavailable");
    assert_eq!(sleeper.seconds(), [1, 1, 1]);
    assert_eq!(server.requests().len(), 4);
    assert_eq!(
        err.correlation_id(),
        server.requests()[0].header("x-ms-correlation-id")
    );
}

#[tokio::test]
async fn other_errors_are_not_retried_and_the_403_body_is_kept() {
    let body = r#"{"errorCode":"Forbidden","reason":"no","required":{"access":"write","directoryRoles":[{"id":"62e90394-69f5-4237-9190-012177145e10","name":"Global Administrator"}],"appPermissions":[]},"caller":{"kind":"user","tenantId":"t","userPrincipalName":"reader@contoso.example","roles":[{"id":"f2ef992c-3afb-46b9-b7cf-a126ee74c451","name":"Global Reader"}]},"requestId":"rid-body"}"#;
    let server = TestServer::start(vec![Reply::json(403, body), Reply::json(500, "oops")]).await;
    let (sleeper, c) = client(&server);
    let err = c
        .update_product_policy("AllowSelfServicePurchase", "X", PolicyValue::Enabled)
        .await
        .unwrap_err();
    let ClientError::Api(f) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(f.status, 403);
    let b = f.body.as_ref().unwrap();
    assert_eq!(b.required.as_ref().unwrap().access, "write");
    assert_eq!(
        b.caller.as_ref().unwrap().user_principal_name.as_deref(),
        Some("reader@contoso.example")
    );
    assert_eq!(f.request_id.as_deref(), Some("rid-body"));
    let err = c.policies().await.unwrap_err();
    let ClientError::Api(f) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((f.status, f.attempts), (500, 1));
    assert_eq!(f.raw_body.as_deref(), Some("oops"));
    assert!(sleeper.seconds().is_empty());
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_the_token_goes_nowhere_else() {
    let elsewhere = TestServer::start(vec![Reply::json(200, PRODUCT)]).await;
    let server = TestServer::start(vec![
        Reply::json(302, "").with("location", &format!("{}/v1.0/policies", elsewhere.base)),
    ])
    .await;
    let (_, c) = client(&server);
    let err = c.policies().await.unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Transport {
                kind: TransportKind::Redirect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(elsewhere.requests().is_empty());
}

#[tokio::test]
async fn a_success_that_is_not_the_contract_is_unexpected() {
    let server = TestServer::start(vec![Reply::json(200, "<html>")]).await;
    let (_, c) = client(&server);
    let err = c.policies().await.unwrap_err();
    assert!(
        matches!(err, ClientError::Unexpected { status: 200, .. }),
        "{err:?}"
    );
    assert!(err.correlation_id().is_some());
}

#[tokio::test]
async fn the_tenant_state_comes_with_every_etag() {
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"id":"AllowSelfServicePurchase","description":"d","defaultValue":"Disabled"}"#)
            .with("etag", "\"pol-1\""),
        Reply::json(200, &format!(r#"{{"items":[{}]}}"#, PRODUCT.replace("\"policyValue\"", "\"scope\":\"product\",\"etag\":\"\\\"p-1\\\"\",\"policyValue\""))),
        Reply::json(200, r#"{"items":[{"policyId":"AllowSelfServicePurchase","policyValue":"Enabled","scope":"OfferType","scopeId":"SaaS","scopeValue":"Software","etag":"\"o-1\""}]}"#),
    ])
    .await;
    let (_, c) = client(&server);
    let s = c.tenant_state("AllowSelfServicePurchase").await.unwrap();
    assert_eq!(s.default_value, PolicyValue::Disabled);
    assert_eq!(s.default_etag, "\"pol-1\"");
    assert_eq!(s.products[0].id, "CFQ7TTC0H9MP");
    assert_eq!(s.products[0].etag, "\"p-1\"");
    assert_eq!(s.offer_types[0].name, "Software");
    assert_eq!(s.offer_types[0].etag, "\"o-1\"");
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/v1.0/policies/AllowSelfServicePurchase",
            "/v1.0/policies/AllowSelfServicePurchase/products?includeEtag=true",
            "/v1.0/policies/AllowSelfServicePurchase/products?scope=OfferType&includeEtag=true",
        ]
    );
}

#[tokio::test]
async fn a_batch_is_one_patch_with_json_and_a_refusal_names_its_item() {
    let server = TestServer::start(vec![Reply::json(
        412,
        r#"{"errorCode":"PreconditionFailed","reason":"items[0]: If-Match did not match. Nothing in the batch was changed.","failedItem":{"index":0,"target":{"type":"product","id":"CFQ7TTC0H9MP"},"etag":"\"p-2\""}}"#,
    )])
    .await;
    let (_, c) = client(&server);
    let batch = mscommerce_proto::PolicyBatch {
        default: None,
        items: vec![mscommerce_proto::PolicyBatchItem {
            product_id: Some("CFQ7TTC0H9MP".into()),
            offer_type: None,
            policy_value: PolicyValue::Disabled,
            if_match: Some("\"p-1\"".into()),
        }],
    };
    let err = c
        .patch_product_policies("AllowSelfServicePurchase", &batch)
        .await
        .unwrap_err();
    let ClientError::Api(f) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(f.status, 412);
    let failed = f.body.as_ref().unwrap().failed_item.as_ref().unwrap();
    assert_eq!(failed.index, Some(0));
    assert_eq!(failed.etag.as_deref(), Some("\"p-2\""));
    let r = &server.requests()[0];
    assert_eq!(r.method, "PATCH");
    assert_eq!(r.target, "/v1.0/policies/AllowSelfServicePurchase/products");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.body,
        r#"{"items":[{"productId":"CFQ7TTC0H9MP","policyValue":"Disabled","ifMatch":"\"p-1\""}]}"#
    );
}

fn audit_entry(seq: i64) -> String {
    format!(
        r#"{{"id":"e{seq}","time":"2026-11-20T10:00:00.000000Z","tenantId":"t","actor":{{"type":"user","objectId":null,"userPrincipalName":"admin@contoso.example","appId":null}},"policyId":"AllowSelfServicePurchase","target":{{"type":"product","id":"CFQ7TTC0H9MP"}},"oldValue":"Enabled","newValue":"Disabled","result":"Succeeded","reason":null,"requestId":"r","correlationId":null,"clientRequestId":null,"sequence":{seq},"hash":"h"}}"#
    )
}

fn audit_page(base: &str, seqs: &[i64], next: Option<&str>) -> Reply {
    let items: Vec<String> = seqs.iter().map(|s| audit_entry(*s)).collect();
    let next = next
        .map(|n| format!(r#","nextLink":"{base}{n}""#))
        .unwrap_or_default();
    Reply::json(200, &format!(r#"{{"items":[{}]{next}}}"#, items.join(",")))
}

#[tokio::test]
async fn the_audit_log_follows_next_links_up_to_the_limit() {
    let server = TestServer::start_with(|base| {
        vec![
            audit_page(base, &[5, 4], Some("/v1.0/auditLog?top=2&skipToken=abc")),
            audit_page(base, &[3, 2], Some("/v1.0/auditLog?top=2&skipToken=def")),
            audit_page(base, &[1], None),
            audit_page(base, &[5, 4, 3], Some("/v1.0/auditLog?top=3&skipToken=abc")),
        ]
    })
    .await;
    let (_, c) = client(&server);
    let all = c.audit_entries(&AuditQuery::default(), None).await.unwrap();
    assert_eq!(
        all.iter().map(|e| e.sequence).collect::<Vec<_>>(),
        [5, 4, 3, 2, 1]
    );
    let q = AuditQuery {
        actor: Some("admin@contoso.example".into()),
        since: Some("2026-11-20T09:00:00+01:00".into()),
        ..AuditQuery::default()
    };
    let three = c.audit_entries(&q, Some(3)).await.unwrap();
    assert_eq!(
        three.iter().map(|e| e.sequence).collect::<Vec<_>>(),
        [5, 4, 3]
    );
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/v1.0/auditLog?top=1000",
            "/v1.0/auditLog?top=2&skipToken=abc",
            "/v1.0/auditLog?top=2&skipToken=def",
            "/v1.0/auditLog?actor=admin%40contoso.example&since=2026-11-20T09%3A00%3A00%2B01%3A00&top=3",
        ]
    );
}

#[tokio::test]
async fn a_next_link_to_another_service_is_not_followed() {
    let elsewhere = TestServer::start(vec![audit_page("", &[1], None)]).await;
    let other = elsewhere.base.clone();
    let server = TestServer::start_with(move |base| {
        vec![
            audit_page(&other, &[5], Some("/v1.0/auditLog?skipToken=abc")),
            Reply::json(
                200,
                &format!(r#"{{"items":[],"nextLink":"{base}/../../etc/x"}}"#),
            ),
        ]
    })
    .await;
    let (_, c) = client(&server);
    let err = c
        .audit_entries(&AuditQuery::default(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Unexpected { .. }), "{err:?}");
    assert!(
        elsewhere.requests().is_empty(),
        "the token went nowhere else"
    );
    assert_eq!(server.requests().len(), 1);
}
