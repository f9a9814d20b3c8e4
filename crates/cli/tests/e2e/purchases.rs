//! `get-self-service-purchases`: what a storefront recorded through the real service, listed by
//! an admin in each output format, filtered and paged.

use crate::harness::{Cli, SECRET, Server, block_on};

/// A storefront records through the API (the CLI has no storefront command).
fn record(server: &Server, body: &serde_json::Value) {
    block_on(async {
        let http = reqwest::Client::new();
        let token = mscommerce_testkit::tokens::app(
            &http,
            &server.url,
            "contoso.example",
            "storefront",
            SECRET,
        )
        .await;
        let r = http
            .post(format!("{}/v1.0/selfServicePurchases", server.url))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    });
}

#[test]
fn admins_list_what_storefronts_recorded() {
    let server = Server::start();
    let admin = Cli::new(&server);
    admin.connect("admin@contoso.example", &[]).ok();
    assert_eq!(
        admin
            .run(&["get-self-service-purchases"])
            .ok()
            .stdout
            .trim(),
        "Nothing matches."
    );
    let contoso = "5d1a7b8e-0c1f-4b6e-9a51-7c0e3b2f4a01";
    for (upn, kind, quantity) in [
        ("alice@contoso.example", "trialStarted", 1),
        ("bob@contoso.example", "purchaseMade", 5),
        ("alice@contoso.example", "trialConverted", 2),
    ] {
        record(
            &server,
            &serde_json::json!({
                "tenantId": contoso,
                "userId": if upn.starts_with("alice") { "0b5e8d7a-1c2f-4e3d-9a8b-7c6d5e4f3a2b" } else { "1c6f9e8b-2d3a-4f4e-8b9c-8d7e6f5a4b3c" },
                "userPrincipalName": upn,
                "productId": "CFQ7TTC0HDB1",
                "kind": kind,
                "quantity": quantity,
            }),
        );
    }
    let table = admin.run(&["get-self-service-purchases"]).ok().stdout;
    let rows: Vec<&str> = table
        .lines()
        .skip(2) // the header and its underline
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(rows.len(), 3, "{table}");
    assert!(
        rows[0].contains("alice@contoso.example") && rows[0].contains("trialConverted"),
        "{table}"
    );
    assert!(rows[0].contains("Planner Plan 1 (CFQ7TTC0HDB1)"), "{table}");

    let json = admin
        .run(&[
            "get-self-service-purchases",
            "--user",
            "bob@contoso.example",
            "--output",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json[0]["quantity"], 5);
    assert_eq!(json[0]["recordedBy"], "storefront");

    let csv = admin
        .run(&[
            "get-self-service-purchases",
            "--kind",
            "trialstarted",
            "--output",
            "csv",
        ])
        .ok()
        .stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[0].starts_with("Time,UserId,UserPrincipalName,ProductId"),
        "{csv}"
    );
    assert!(
        lines[1].contains(",alice@contoso.example,CFQ7TTC0HDB1,Planner Plan 1,trialStarted,1,"),
        "{csv}"
    );

    // --top 2 takes the two newest; --all follows the pages.
    let two = admin
        .run(&[
            "get-self-service-purchases",
            "--top",
            "2",
            "--output",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(two.as_array().unwrap().len(), 2);
    let all = admin
        .run(&["get-self-service-purchases", "--all", "--output", "json"])
        .ok()
        .json();
    assert_eq!(all.as_array().unwrap().len(), 3);

    // A plain user is refused with the forbidden exit code; a bad time is a usage error.
    let user = Cli::new(&server);
    user.connect("user@contoso.example", &[]).ok();
    user.run(&["get-self-service-purchases"]).code(4);
    admin
        .run(&["get-self-service-purchases", "--since", "yesterday"])
        .code(2);
}
