//! `audit`: an entry for each change with the right actor (user or app), refusals, the filters,
//! paging with --top and --all, each output format.

use crate::harness::{Cli, SECRET, Server, block_on, redact, user_token};

fn connect(server: &Server, upn: &str) -> Cli {
    let cli = Cli::new(server);
    cli.connect(upn, &[]).ok();
    cli
}

#[test]
fn each_change_has_an_entry_with_its_actor_and_the_filters_work() {
    let server = Server::start();
    let admin = connect(&server, "admin@contoso.example");
    let billing = connect(&server, "billing@contoso.example");
    let reader = connect(&server, "reader@contoso.example");
    let mut app = Cli::new(&server);
    app.env
        .push(("MSCOMMERCE_CLIENT_SECRET".into(), SECRET.into()));
    app.run(&[
        "connect",
        "--endpoint",
        &server.url,
        "--tenant",
        "contoso.example",
        "--client-id",
        "contoso-automation",
    ])
    .ok();

    // Nothing yet.
    let run = admin.run(&["audit"]).ok();
    assert_eq!(run.stdout.trim(), "Nothing matches.");
    assert_eq!(
        admin.run(&["audit", "--output", "json"]).ok().stdout.trim(),
        "[]"
    );

    admin
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--enabled",
            "false",
        ])
        .ok();
    billing
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0HD33",
            "--value",
            "OnlyTrialsWithoutPaymentMethod",
        ])
        .ok();
    app.run(&[
        "update-product-policy",
        "--offer-type",
        "SaaS",
        "--enabled",
        "false",
    ])
    .ok();
    admin
        .run(&["update-policy", "--default-value", "Disabled"])
        .ok();
    // A refused change is journaled too.
    reader
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--enabled",
            "true",
        ])
        .code(4);

    // The table names products and actors, newest first; times are UTC to the second.
    let run = reader.run(&["audit"]).ok();
    insta::assert_snapshot!("audit_table", redact(&run.stdout, &server, &reader));

    // JSON is the service's entries.
    let all = admin.run(&["audit", "--output", "json"]).ok().json();
    let entries = all.as_array().unwrap();
    assert_eq!(entries.len(), 5);
    let summary: Vec<(String, String, String, String)> = entries
        .iter()
        .map(|e| {
            let actor = e["actor"]["userPrincipalName"]
                .as_str()
                .or(e["actor"]["appId"].as_str())
                .unwrap()
                .to_owned();
            (
                actor,
                e["target"]["type"].as_str().unwrap().to_owned(),
                e["result"].as_str().unwrap().to_owned(),
                e["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let expected = [
        ("reader@contoso.example", "product", "Failed", "Forbidden"),
        ("admin@contoso.example", "default", "Succeeded", ""),
        ("contoso-automation", "offerType", "Succeeded", ""),
        ("billing@contoso.example", "product", "Succeeded", ""),
        ("admin@contoso.example", "product", "Succeeded", ""),
    ];
    assert_eq!(
        summary,
        expected
            .iter()
            .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(entries[2]["actor"]["type"], "app");

    // Filters: by actor, by product, by offer type, by time.
    let by_actor = admin
        .run(&[
            "audit",
            "--actor",
            "billing@contoso.example",
            "--output",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(by_actor.as_array().unwrap().len(), 1);
    assert_eq!(by_actor[0]["target"]["id"], "CFQ7TTC0HD33");
    let by_product = admin
        .run(&["audit", "--product-id", "cfq7ttc0h9mp", "--output", "json"])
        .ok()
        .json();
    assert_eq!(by_product.as_array().unwrap().len(), 2);
    let by_offer = admin
        .run(&["audit", "--offer-type", "SaaS", "--output", "json"])
        .ok()
        .json();
    assert_eq!(by_offer[0]["actor"]["appId"], "contoso-automation");
    let recent = admin
        .run(&["audit", "--since", "1h", "--output", "json"])
        .ok()
        .json();
    assert_eq!(recent.as_array().unwrap().len(), 5);
    let future = admin
        .run(&["audit", "--since", "2999-01-01", "--output", "json"])
        .ok()
        .json();
    assert_eq!(future.as_array().unwrap().len(), 0);
    let old = admin
        .run(&[
            "audit",
            "--until",
            "2020-01-01T00:00:00Z",
            "--output",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(old.as_array().unwrap().len(), 0);

    // --top follows pages up to N; CSV has one row per entry.
    let run = admin.run(&["audit", "--top", "2", "--output", "csv"]).ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("Time,ActorType,UserPrincipalName,ObjectId,AppId,PolicyId,TargetType,TargetId,OldValue,NewValue,Result,Reason"));
    assert!(
        lines[1].contains(",user,reader@contoso.example,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(",product,CFQ7TTC0H9MP,,,Failed,Forbidden,"),
        "{}",
        lines[1]
    );

    // Bad input is refused before any request.
    let run = admin.run(&["audit", "--since", "yesterday"]).code(2);
    assert!(
        run.stderr.contains("is not a time for --since"),
        "{}",
        run.stderr
    );
    let run = admin.run(&["audit", "--top", "0"]).code(2);
    assert!(run.stderr.contains("0"), "{}", run.stderr);
    let run = admin
        .run(&["audit", "--product-id", "A", "--offer-type", "B"])
        .code(2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
    // Reading the journal needs a reading role.
    let user = connect(&server, "user@contoso.example");
    user.run(&["audit"]).code(4);
}

#[test]
fn every_page_with_all() {
    let server = Server::start();
    let admin = connect(&server, "admin@contoso.example");
    // More entries than one page holds (1000): 35 batches of the 29 products and offer types,
    // each flipping every value, straight over HTTP.
    let token = user_token(&server, "admin@contoso.example");
    let products = admin
        .run(&["get-product-policies", "--output", "json"])
        .ok()
        .json();
    let ids: Vec<String> = products
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["productId"].as_str().unwrap().to_owned())
        .collect();
    let offer_types = ["SaaS", "POWERBIVISUALS", "DYNAMICSCE", "DYNAMICSBC"];
    block_on(async {
        let http = reqwest::Client::new();
        for round in 0..35 {
            let value = if round % 2 == 0 {
                "Disabled"
            } else {
                "Enabled"
            };
            let mut items: Vec<serde_json::Value> = ids
                .iter()
                .map(|id| serde_json::json!({"productId": id, "policyValue": value}))
                .collect();
            items.extend(
                offer_types
                    .iter()
                    .map(|o| serde_json::json!({"offerType": o, "policyValue": value})),
            );
            let r = http
                .patch(format!(
                    "{}/v1.0/policies/AllowSelfServicePurchase/products",
                    server.url
                ))
                .bearer_auth(&token)
                .json(&serde_json::json!({ "items": items }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200);
        }
    });
    let total = 35 * (ids.len() + offer_types.len()) as i64;
    assert!(total > 1000);
    let all = admin
        .run(&["audit", "--all", "--output", "json"])
        .ok()
        .json();
    let seqs: Vec<i64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["sequence"].as_i64().unwrap())
        .collect();
    assert_eq!(
        seqs,
        (1..=total).rev().collect::<Vec<_>>(),
        "newest first, every page, no gaps"
    );
    // --top beyond one page follows nextLink until it has enough.
    let some = admin
        .run(&["audit", "--top", "1010", "--output", "csv"])
        .ok();
    assert_eq!(some.stdout.lines().count(), 1011);
    // The default is the 100 newest.
    let default = admin.run(&["audit", "--output", "json"]).ok().json();
    assert_eq!(default.as_array().unwrap().len(), 100);
    assert_eq!(default[0]["sequence"], total);
}
