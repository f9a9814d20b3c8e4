//! License requests through the real server: users file them and see their own only; one admin
//! approves a request and another denies a second, each journaled; a tenant's own process
//! refuses requests here and says where to go.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

const REQUESTS: &str = "/v1.0/licenseRequests";

async fn file(app: &TestApp, token: &str, product: &str) -> Reply {
    app.call(
        Method::POST,
        REQUESTS,
        Some(token),
        Some(json!({ "productId": product, "message": "I need it for the Q1 reports." })),
    )
    .await
}

fn ids(r: &Reply) -> Vec<String> {
    r.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", r.text))
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn requests_are_decided_by_admins_and_seen_by_their_requesters_only() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, Default::default()).await else {
            continue;
        };
        let user = token_for(&app, "user@contoso.example").await;
        let user2 = token_for(&app, "user2@contoso.example").await;
        let admin = token_for(&app, "admin@contoso.example").await;
        let licenses = token_for(&app, "licenses@contoso.example").await;
        let reader = token_for(&app, "reader@contoso.example").await;
        let fabrikam = token_for(&app, "admin@fabrikam.example").await;

        let mine = file(&app, &user, POWER_BI_PRO).await;
        assert_eq!(mine.status, 201, "{}", mine.text);
        assert_eq!(mine.body["status"], "pending");
        assert_eq!(
            mine.body["requester"]["userPrincipalName"],
            "user@contoso.example"
        );
        let mine = mine.body["id"].as_str().unwrap().to_owned();
        let theirs = file(&app, &user2, PLANNER_PLAN_1).await;
        assert_eq!(theirs.status, 201, "{}", theirs.text);
        let theirs = theirs.body["id"].as_str().unwrap().to_owned();
        // Asking again while pending: 409, naming the pending request.
        let again = file(&app, &user, POWER_BI_PRO).await;
        assert_eq!(again.status, 409, "{}", again.text);
        assert_eq!(again.body["errorCode"], "RequestPending");
        assert!(again.body["reason"].as_str().unwrap().contains(&mine));

        // Each requester sees their own; a Global Reader decides nothing and sees only theirs;
        // those who decide see both; another tenant sees none.
        assert_eq!(ids(&app.get(REQUESTS, &user).await), vec![mine.clone()]);
        assert_eq!(ids(&app.get(REQUESTS, &user2).await), vec![theirs.clone()]);
        assert!(ids(&app.get(REQUESTS, &reader).await).is_empty());
        assert_eq!(
            ids(&app.get(REQUESTS, &admin).await),
            vec![theirs.clone(), mine.clone()]
        );
        assert_eq!(ids(&app.get(REQUESTS, &licenses).await).len(), 2);
        assert!(ids(&app.get(REQUESTS, &fabrikam).await).is_empty());
        for (token, who) in [(&user2, "user2"), (&fabrikam, "fabrikam")] {
            let r = app.get(&format!("{REQUESTS}/{mine}"), token).await;
            assert_eq!(r.status, 404, "{who}: {}", r.text);
        }

        // Only those who decide may; one approves, another denies.
        for token in [&user, &reader] {
            let r = app
                .call(
                    Method::POST,
                    &format!("{REQUESTS}/{mine}/approve"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(r.status, 403, "{}", r.text);
            assert!(
                r.body["reason"]
                    .as_str()
                    .unwrap()
                    .contains("License Administrator")
            );
        }
        let r = app
            .call(
                Method::POST,
                &format!("{REQUESTS}/{mine}/approve"),
                Some(&admin),
                Some(json!({ "message": "Assigned from the spare pool." })),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let r = app
            .call(
                Method::POST,
                &format!("/v1/licenseRequests/{theirs}/deny"),
                Some(&licenses),
                Some(json!({ "message": "Use the shared workspace." })),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let r = app
            .call(
                Method::POST,
                &format!("{REQUESTS}/{theirs}/approve"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(r.status, 409, "{}", r.text);
        assert_eq!(r.body["errorCode"], "RequestNotPending");
        assert!(r.body["reason"].as_str().unwrap().contains("denied"));

        // Each requester sees the outcome and who decided.
        let seen = app.get(&format!("{REQUESTS}/{mine}"), &user).await;
        assert_eq!(seen.body["status"], "approved", "{}", seen.text);
        assert_eq!(
            seen.body["decisionMessage"],
            "Assigned from the spare pool."
        );
        assert_eq!(
            seen.body["decidedBy"]["userPrincipalName"],
            "admin@contoso.example"
        );
        let seen = app.get(REQUESTS, &user2).await;
        assert_eq!(seen.body["items"][0]["status"], "denied");
        assert_eq!(
            seen.body["items"][0]["decidedBy"]["userPrincipalName"],
            "licenses@contoso.example"
        );
        // Filters.
        assert_eq!(
            ids(&app
                .get(&format!("{REQUESTS}?status=approved"), &admin)
                .await),
            vec![mine.clone()]
        );
        assert_eq!(
            ids(&app
                .get(
                    &format!("{REQUESTS}?requester=USER2@contoso.example"),
                    &admin
                )
                .await),
            vec![theirs.clone()]
        );
        assert_eq!(
            app.get(&format!("{REQUESTS}?status=maybe"), &admin)
                .await
                .status,
            400
        );

        // Both decisions are in the journal, by whoever made them.
        let journal = app.get("/v1.0/auditLog?top=10", &admin).await;
        let decisions: Vec<(String, String, String)> = journal.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["target"]["type"] == "licenseRequest")
            .map(|e: &Value| {
                (
                    e["target"]["id"].as_str().unwrap().to_owned(),
                    e["reason"].as_str().unwrap().to_owned(),
                    e["actor"]["userPrincipalName"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            decisions,
            [
                (
                    theirs.clone(),
                    "Denied".into(),
                    "licenses@contoso.example".into()
                ),
                (
                    mine.clone(),
                    "Approved".into(),
                    "admin@contoso.example".into()
                ),
            ],
            "{}",
            journal.text
        );

        // Apps cannot ask for licenses.
        let automation = token_for(&app, "contoso-automation").await;
        let r = file(&app, &automation, POWER_BI_PRO).await;
        assert_eq!(r.status, 403, "{}", r.text);
    }
}

#[tokio::test]
async fn a_tenants_own_process_sends_users_there() {
    let app = spawn_app().await;
    let user = token_for(&app, "user@contoso.example").await;
    let admin = token_for(&app, "admin@contoso.example").await;
    let settings = "/v1.0/licenseRequestSettings";
    assert_eq!(
        app.get(settings, &user).await.body,
        json!({"process": "builtIn"})
    );
    let custom = json!({
        "process": "custom",
        "url": "https://it.contoso.example/licenses",
        "message": "Use the service desk form.",
    });
    let r = app
        .call(Method::PUT, settings, Some(&user), Some(custom.clone()))
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    let r = app
        .call(Method::PUT, settings, Some(&admin), Some(custom.clone()))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(app.get(settings, &user).await.body, custom);
    let r = file(&app, &user, POWER_BI_PRO).await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert_eq!(r.body["errorCode"], "CustomRequestProcess");
    let reason = r.body["reason"].as_str().unwrap();
    assert!(
        reason.contains("https://it.contoso.example/licenses") && reason.contains("service desk"),
        "{reason}"
    );
    for bad in [
        json!({"process": "custom"}),
        json!({"process": "custom", "url": "http://it.contoso.example"}),
        json!({"process": "elsewhere"}),
        json!(["builtIn"]),
    ] {
        let r = app
            .call(Method::PUT, settings, Some(&admin), Some(bad.clone()))
            .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
    }
    let r = app
        .call(
            Method::PUT,
            settings,
            Some(&admin),
            Some(json!({"process": "builtIn"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(file(&app, &user, POWER_BI_PRO).await.status, 201);
}
