//! A tenant's admin never sees or changes another tenant, whatever the request says.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn tenants_are_isolated() {
    let app = spawn_app().await;
    let contoso_admin = app.user_token("admin@contoso.example").await;
    let fabrikam_admin = app.user_token("admin@fabrikam.example").await;
    let path = format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}");

    assert_eq!(
        app.put(&path, &contoso_admin, "Disabled").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&path, &fabrikam_admin).await.body["policyValue"],
        "Enabled"
    );
    assert_eq!(
        app.get(&path, &contoso_admin).await.body["policyValue"],
        "Disabled"
    );

    assert_eq!(
        app.put(&path, &fabrikam_admin, "Enabled").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&path, &contoso_admin).await.body["policyValue"],
        "Disabled"
    );

    // Nothing in the request names a tenant: headers, query and body are ignored.
    let planner = format!("/v1.0/policies/{P}/products/{PLANNER_PLAN_1}");
    let r = read(
        app.http
            .put(format!(
                "{}{planner}?tenant={}&tid={}",
                app.url,
                contoso(),
                contoso()
            ))
            .bearer_auth(&fabrikam_admin)
            .header("x-tenant", contoso().to_string())
            .header("x-ms-tenant-id", contoso().to_string())
            .json(&serde_json::json!({"policyValue": "Disabled"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        app.get(&planner, &fabrikam_admin).await.body["policyValue"],
        "Disabled"
    );
    assert_eq!(
        app.get(&planner, &contoso_admin).await.body["policyValue"],
        "Enabled"
    );

    // ETags differ across tenants, so one tenant's tag never matches in another.
    let a = app
        .get(&path, &contoso_admin)
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    let b = app
        .get(&path, &fabrikam_admin)
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    assert_ne!(a, b);

    // Unknown products answer the same in every tenant (no existence oracle).
    let x = app
        .get(
            &format!("/v1.0/policies/{P}/products/NOSUCH"),
            &contoso_admin,
        )
        .await;
    let y = app
        .get(
            &format!("/v1.0/policies/{P}/products/NOSUCH"),
            &fabrikam_admin,
        )
        .await;
    assert_eq!((x.status, &x.body["reason"]), (y.status, &y.body["reason"]));
}

/// Lists are served from memory; a change shows in the next list at once, in its tenant only.
#[tokio::test]
async fn cached_lists_follow_every_change() {
    let app = spawn_app().await;
    let contoso_admin = app.user_token("admin@contoso.example").await;
    let fabrikam_admin = app.user_token("admin@fabrikam.example").await;
    let list = format!("/v1.0/policies/{P}/products");
    let value_in = |r: &Reply, id: &str| {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["productId"] == id)
            .unwrap()["policyValue"]
            .clone()
    };
    for t in [&contoso_admin, &fabrikam_admin] {
        assert_eq!(value_in(&app.get(&list, t).await, POWER_BI_PRO), "Enabled");
    }
    let path = format!("{list}/{POWER_BI_PRO}");
    assert_eq!(
        app.put(&path, &contoso_admin, "Disabled").await.status,
        StatusCode::OK
    );
    assert_eq!(
        value_in(&app.get(&list, &contoso_admin).await, POWER_BI_PRO),
        "Disabled"
    );
    assert_eq!(
        value_in(&app.get(&list, &fabrikam_admin).await, POWER_BI_PRO),
        "Enabled"
    );
    // Offer types too, and batches.
    let ot = format!("{list}?scope=OfferType");
    let _ = app.get(&ot, &contoso_admin).await;
    let r = app
        .call(
            reqwest::Method::PATCH,
            &list,
            Some(&contoso_admin),
            Some(serde_json::json!({"items": [{"offerType": "SaaS", "policyValue": "Disabled"}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.get(&ot, &contoso_admin).await;
    let saas = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["scopeId"] == "SaaS")
        .unwrap()
        .clone();
    assert_eq!(saas["policyValue"], "Disabled");
}
