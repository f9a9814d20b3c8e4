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

const PURCHASES: &str = "/v1.0/selfServicePurchases";
const ALICE: &str = "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b";
const BOB: &str = "1c6f9e8b-2d3a-4f4e-8b9c-8d7e6f5a4b3c";

fn record(tenant: &str, user: &str, product: &str, kind: &str) -> Value {
    json!({
        "tenantId": tenant,
        "userId": user,
        "userPrincipalName": if user == ALICE { "alice@contoso.example" } else { "bob@contoso.example" },
        "productId": product,
        "kind": kind,
    })
}

/// The storefront cannot record what the policy forbids at that moment: refused with 409, and
/// nothing is recorded; allowed ones are, with the value that allowed them; a cancellation is
/// always recorded. Each record is decided right after the admin's change.
#[tokio::test]
async fn a_purchase_the_policy_forbids_is_refused() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, Default::default()).await else {
            continue;
        };
        let admin = app.user_token("admin@contoso.example").await;
        let storefront = app.app_token("storefront").await;
        let tenant = contoso().to_string();
        let post = |body: Value| app.call(Method::POST, PURCHASES, Some(&storefront), Some(body));
        // (value set, what the storefront records, with a card, expected status)
        let steps = [
            ("Disabled", "purchaseMade", false, 409),
            ("Disabled", "trialStarted", false, 409),
            ("Disabled", "subscriptionCancelled", false, 201),
            ("OnlyTrialsWithoutPaymentMethod", "trialStarted", false, 201),
            ("OnlyTrialsWithoutPaymentMethod", "trialStarted", true, 409),
            (
                "OnlyTrialsWithoutPaymentMethod",
                "trialConverted",
                false,
                409,
            ),
            ("Enabled", "trialConverted", false, 201),
            ("Enabled", "purchaseMade", false, 201),
        ];
        for (value, kind, card, want) in steps {
            let set = app
                .put(&format!("{PRODUCTS}/{WITH_TRIAL}"), &admin, value)
                .await;
            assert_eq!(set.status, 200, "{}", set.text);
            let mut body = record(&tenant, ALICE, WITH_TRIAL, kind);
            body["hasPaymentMethod"] = json!(card);
            let r = post(body).await;
            assert_eq!(
                r.status, want,
                "{backend:?} {value} {kind} card={card}: {}",
                r.text
            );
            if want == 409 {
                assert_eq!(r.body["errorCode"], "PurchaseDenied");
                let reason = r.body["reason"].as_str().unwrap();
                assert!(
                    reason.contains(value) && reason.contains("evaluate"),
                    "{reason}"
                );
            } else {
                assert_eq!(r.body["policyValue"], value);
                assert_eq!(r.body["kind"], kind);
                assert_eq!(r.body["recordedBy"], "storefront");
                assert_eq!(r.body["productName"], "Planner Plan 1");
            }
        }
        let listed = app.get(PURCHASES, &admin).await;
        assert_eq!(listed.status, 200, "{}", listed.text);
        let kinds: Vec<&str> = listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "purchaseMade",
                "trialConverted",
                "trialStarted",
                "subscriptionCancelled"
            ],
            "newest first, refusals never recorded"
        );
        // A legacy id records the current product; an unknown one is a 404.
        let r = post(record(&tenant, BOB, WITHOUT_TRIAL_LEGACY, "purchaseMade")).await;
        assert_eq!(r.status, 201, "{}", r.text);
        assert_eq!(r.body["productId"], WITHOUT_TRIAL);
        let r = post(record(&tenant, BOB, "NOSUCHPRODUCT", "purchaseMade")).await;
        assert_eq!(r.status, 404, "{}", r.text);
    }
}

/// Who may record and who may list: storefronts record for any tenant; the tenant's admins and
/// readers list their own tenant's records only; users and other apps are refused; bad input
/// says what to send.
#[tokio::test]
async fn who_records_and_who_lists() {
    let app = spawn_app().await;
    let storefront = app.app_token("storefront").await;
    let (contoso_id, fabrikam_id) = (contoso().to_string(), fabrikam().to_string());
    for (tenant, user) in [(&contoso_id, ALICE), (&fabrikam_id, BOB)] {
        let r = app
            .call(
                Method::POST,
                PURCHASES,
                Some(&storefront),
                Some(record(tenant, user, WITHOUT_TRIAL, "purchaseMade")),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    for who in ["admin@contoso.example", "contoso-automation"] {
        let token = token_for(&app, who).await;
        let r = app
            .call(
                Method::POST,
                PURCHASES,
                Some(&token),
                Some(record(&contoso_id, ALICE, WITHOUT_TRIAL, "purchaseMade")),
            )
            .await;
        assert_eq!(r.status, 403, "{who} records: {}", r.text);
    }
    for who in [
        "admin@contoso.example",
        "billing@contoso.example",
        "reader@contoso.example",
    ] {
        let token = token_for(&app, who).await;
        let r = app.get(PURCHASES, &token).await;
        assert_eq!(r.status, 200, "{who}: {}", r.text);
        let users: Vec<&str> = r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["userId"].as_str().unwrap())
            .collect();
        assert_eq!(users, [ALICE], "{who} sees Contoso's only");
    }
    let user = token_for(&app, "user@contoso.example").await;
    assert_eq!(app.get(PURCHASES, &user).await.status, 403);
    assert_eq!(app.get(PURCHASES, &storefront).await.status, 403);
    let fabrikam_admin = token_for(&app, "admin@fabrikam.example").await;
    let r = app.get(PURCHASES, &fabrikam_admin).await;
    assert_eq!(r.body["items"][0]["userId"], BOB);

    for (body, says) in [
        (json!([]), "JSON object"),
        (
            json!({"tenantId": contoso_id, "userId": ALICE, "productId": WITH_TRIAL, "kind": "refund"}),
            "kind",
        ),
        (
            json!({"tenantId": contoso_id, "userId": ALICE, "productId": WITH_TRIAL, "kind": "purchaseMade", "quantity": 0}),
            "quantity",
        ),
        (
            json!({"tenantId": contoso_id, "productId": WITH_TRIAL, "kind": "purchaseMade"}),
            "userId",
        ),
    ] {
        let r = app
            .call(
                Method::POST,
                PURCHASES,
                Some(&storefront),
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, 400, "{body}: {}", r.text);
        let reason = r.body["reason"].as_str().unwrap();
        assert!(reason.contains(says), "{body}: {reason}");
    }
}

/// Filters, paging through nextLink, and the CSV form, on both databases.
#[tokio::test]
async fn admins_page_filter_and_download_the_records() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, Default::default()).await else {
            continue;
        };
        let admin = app.user_token("admin@contoso.example").await;
        let storefront = app.app_token("storefront").await;
        let tenant = contoso().to_string();
        let mut made = Vec::new();
        for (i, (user, kind)) in [
            (ALICE, "trialStarted"),
            (BOB, "purchaseMade"),
            (ALICE, "trialConverted"),
            (BOB, "subscriptionCancelled"),
            (ALICE, "purchaseMade"),
        ]
        .into_iter()
        .enumerate()
        {
            app.clock.advance(time::Duration::seconds(10));
            let mut body = record(&tenant, user, WITH_TRIAL, kind);
            body["quantity"] = json!(i + 1);
            let r = app
                .call(Method::POST, PURCHASES, Some(&storefront), Some(body))
                .await;
            assert_eq!(r.status, 201, "{}", r.text);
            made.push(r.body["id"].as_str().unwrap().to_owned());
        }
        // Paging: two at a time, newest first, every record once.
        let mut seen = Vec::new();
        let mut link = Some(format!("{}{PURCHASES}?top=2", app.url));
        while let Some(l) = link {
            let page = read(app.http.get(&l).bearer_auth(&admin).send().await.unwrap()).await;
            assert_eq!(page.status, 200, "{}", page.text);
            for item in page.body["items"].as_array().unwrap() {
                seen.push(item["id"].as_str().unwrap().to_owned());
            }
            link = page.body["nextLink"].as_str().map(str::to_owned);
        }
        made.reverse();
        assert_eq!(seen, made, "{backend:?}");
        // Filters: by sign-in name (any case) and kind; by object id; by time.
        let r = app
            .get(
                &format!("{PURCHASES}?userId=ALICE@contoso.example&kind=purchaseMade"),
                &admin,
            )
            .await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{}", r.text);
        assert_eq!(r.body["items"][0]["quantity"], 5);
        let r = app.get(&format!("{PURCHASES}?userId={BOB}"), &admin).await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 2, "{}", r.text);
        let since = (START + time::Duration::seconds(35))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let r = app.get(&format!("{PURCHASES}?since={since}"), &admin).await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 2, "{}", r.text);
        // CSV: a header and one line per record, the next page in a Link header.
        let resp = app
            .http
            .get(format!("{}{PURCHASES}?top=3", app.url))
            .bearer_auth(&admin)
            .header("accept", "text/csv")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert!(
            resp.headers()["link"]
                .to_str()
                .unwrap()
                .contains("rel=\"next\"")
        );
        let text = resp.text().await.unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            lines[0].starts_with("Time,UserId,UserPrincipalName,ProductId,ProductName"),
            "{text}"
        );
        assert!(lines[1].contains(",alice@contoso.example,CFQ7TTC0HDB1,Planner Plan 1,purchaseMade,5,false,storefront,"), "{text}");
        // Bad queries say what the list takes.
        for q in [
            "kind=refund",
            "top=0",
            "skipToken=garbage",
            "userId=",
            "colour=blue",
        ] {
            let r = app.get(&format!("{PURCHASES}?{q}"), &admin).await;
            assert_eq!(r.status, 400, "{q}: {}", r.text);
        }
    }
}

/// A denied user is told where to ask for a license: this service's license requests, or the
/// tenant's own process the moment an admin sets one; an allowed decision names none.
#[tokio::test]
async fn a_denial_says_where_to_ask_for_a_license() {
    let app = spawn_app().await;
    let admin = app.user_token("admin@contoso.example").await;
    let storefront = app.app_token("storefront").await;
    let tenant = contoso().to_string();
    let set = app
        .put(&format!("{PRODUCTS}/{WITHOUT_TRIAL}"), &admin, "Disabled")
        .await;
    assert_eq!(set.status, 200);
    let r = evaluate(
        &app,
        &storefront,
        ask(&tenant, WITHOUT_TRIAL, "purchase", true),
    )
    .await;
    assert_eq!(r.body["decision"], "deny");
    assert_eq!(
        r.body["requestUrl"],
        format!("{}/v1.0/licenseRequests", app.url)
    );
    let r = evaluate(
        &app,
        &storefront,
        ask(&tenant, WITH_TRIAL, "purchase", true),
    )
    .await;
    assert_eq!(r.body["decision"], "allow", "{}", r.text);
    assert!(r.body.get("requestUrl").is_none(), "{}", r.text);
    let custom = app
        .call(
            Method::PUT,
            "/v1.0/licenseRequestSettings",
            Some(&admin),
            Some(json!({"process": "custom", "url": "https://it.contoso.example/licenses"})),
        )
        .await;
    assert_eq!(custom.status, 200, "{}", custom.text);
    let r = evaluate(
        &app,
        &storefront,
        ask(&tenant, WITHOUT_TRIAL, "purchase", true),
    )
    .await;
    assert_eq!(r.body["requestUrl"], "https://it.contoso.example/licenses");
}
