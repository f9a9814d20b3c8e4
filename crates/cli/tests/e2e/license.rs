//! License requests through the CLI: two users ask, one admin approves, another denies; each
//! requester sees only their own and the outcome; a decided request cannot be decided again.

use crate::harness::{Cli, Server};

fn connect(server: &Server, upn: &str) -> Cli {
    let cli = Cli::new(server);
    cli.connect(upn, &[]).ok();
    cli
}

#[test]
fn users_ask_and_admins_decide() {
    let server = Server::start();
    let user = connect(&server, "user@contoso.example");
    let user2 = connect(&server, "user2@contoso.example");
    let admin = connect(&server, "admin@contoso.example");
    let licenses = connect(&server, "licenses@contoso.example");

    let filed = user
        .run(&[
            "request-license",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--message",
            "For the Q1 reports.",
            "--output",
            "json",
        ])
        .ok();
    assert!(
        filed
            .stderr
            .contains("Asked for Power BI Pro (CFQ7TTC0H9MP)"),
        "{}",
        filed.stderr
    );
    let mine = filed.json()[0]["id"].as_str().unwrap().to_owned();
    let theirs = user2
        .run(&[
            "request-license",
            "--product-id",
            "CFQ7TTC0HDB1",
            "--output",
            "json",
        ])
        .ok()
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Asking twice: a conflict, with the pending request named.
    let again = user
        .run(&["request-license", "--product-id", "CFQ7TTC0H9MP"])
        .code(9);
    assert!(again.stderr.contains(&mine), "{}", again.stderr);

    // Each sees their own; the admin sees both.
    let own = user
        .run(&["get-license-requests", "--output", "json"])
        .ok()
        .json();
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(own[0]["id"], mine.as_str());
    let table = admin
        .run(&["get-license-requests", "--status", "pending"])
        .ok()
        .stdout;
    assert!(table.contains(&mine) && table.contains(&theirs), "{table}");
    assert!(
        table.contains("user2@contoso.example") && table.contains("pending"),
        "{table}"
    );

    // A user cannot decide; one admin approves, another denies; nobody decides twice.
    let refused = user
        .run(&["approve-license-request", "--id", &mine])
        .code(4);
    assert!(
        refused.stderr.contains("License Administrator"),
        "{}",
        refused.stderr
    );
    let approved = admin
        .run(&[
            "approve-license-request",
            "--id",
            &mine,
            "--message",
            "Assigned.",
        ])
        .ok();
    assert!(
        approved
            .stderr
            .contains("Approved user@contoso.example's request for Power BI Pro"),
        "{}",
        approved.stderr
    );
    licenses
        .run(&["deny-license-request", "--id", &theirs])
        .ok();
    let twice = admin
        .run(&["approve-license-request", "--id", &theirs])
        .code(9);
    assert!(twice.stderr.contains("denied"), "{}", twice.stderr);

    // The requesters see the outcome.
    let own = user
        .run(&["get-license-requests", "--output", "json"])
        .ok()
        .json();
    assert_eq!(own[0]["status"], "approved");
    assert_eq!(own[0]["decisionMessage"], "Assigned.");
    let csv = user2
        .run(&["get-license-requests", "--output", "csv"])
        .ok()
        .stdout;
    assert!(csv.lines().nth(1).unwrap().contains(",denied,"), "{csv}");
    // The journal names both decisions.
    let journal = admin.run(&["audit"]).ok().stdout;
    assert!(
        journal.contains(&format!("the license request {mine}")) && journal.contains("approved"),
        "{journal}"
    );
    // Someone else's request does not exist for a user.
    user2.run(&["deny-license-request", "--id", &mine]).code(4);
}
