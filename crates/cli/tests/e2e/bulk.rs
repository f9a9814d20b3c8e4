//! `update-product-policy --all` (one request, one transaction, a summary), `--except`,
//! `--all-offer-types`, all or nothing, and `update-policy --default-value`.

use serde_json::Value;

use crate::harness::{Cli, Server, redact};

fn admin(server: &Server) -> Cli {
    let cli = Cli::new(server);
    cli.connect("admin@contoso.example", &[]).ok();
    cli
}

/// `productId → policyValue` of every product.
fn values(cli: &Cli) -> Vec<(String, String)> {
    let list = cli
        .run(&["get-product-policies", "--output", "json"])
        .ok()
        .json();
    let mut v: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["productId"].as_str().unwrap().to_owned(),
                p["policyValue"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn all_products_but_the_excepted_in_one_transaction_with_a_summary() {
    let server = Server::start();
    let cli = admin(&server);
    let before = values(&cli);
    assert!(before.iter().all(|(_, v)| v == "Enabled"));

    // --what-if: the plan, nothing changed. A legacy id in --except names the current product.
    let run = cli
        .run(&[
            "update-product-policy",
            "--all",
            "--value",
            "Disabled",
            "--except",
            "CFQ7TTC0L3PB,cfq7ttc0hd33",
            "--what-if",
        ])
        .ok();
    insta::assert_snapshot!("all_what_if", redact(&run.stdout, &server, &cli));
    assert_eq!(values(&cli), before, "--what-if changed nothing");

    // --all asks first, like apply: no means no, and no answer at all (a script) is a usage
    // error that says what to add.
    let run = cli
        .run_with_stdin(
            &["update-product-policy", "--all", "--value", "Disabled"],
            "",
        )
        .code(2);
    assert!(run.stderr.contains("add --yes"), "{}", run.stderr);
    assert_eq!(values(&cli), before);

    // --confirm asks too; no means no.
    let run = cli
        .run_with_stdin(
            &[
                "update-product-policy",
                "--all",
                "--value",
                "Disabled",
                "--confirm",
            ],
            "n\n",
        )
        .ok();
    assert!(
        run.stderr
            .contains("Change these 25 to Disabled in contoso.example (profile default, admin@contoso.example)? [y/N] Nothing was changed."),
        "{}",
        run.stderr
    );
    assert_eq!(values(&cli), before);

    // The change: one PATCH; the summary says what changed.
    let run = cli
        .run(&[
            "update-product-policy",
            "--all",
            "--yes",
            "--value",
            "Disabled",
            "--except",
            "CFQ7TTC0L3PB,cfq7ttc0hd33",
            "--output",
            "json",
        ])
        .ok();
    let summary = run.json();
    assert_eq!(summary["whatIf"], false);
    assert_eq!(summary["policyValue"], "Disabled");
    assert_eq!(
        summary["changes"].as_array().unwrap().len(),
        before.len() - 2
    );
    assert_eq!(summary["unchanged"], 0);
    let excepted: Vec<&str> = summary["excepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(excepted, ["CFQ7TTC0H9MP", "CFQ7TTC0HD33"]);
    for (id, v) in values(&cli) {
        let expected = if id == "CFQ7TTC0H9MP" || id == "CFQ7TTC0HD33" {
            "Enabled"
        } else {
            "Disabled"
        };
        assert_eq!(v, expected, "{id}");
    }
    // Every change of that one request is journaled, with one request id.
    let audit = cli.run(&["audit", "--all", "--output", "json"]).ok().json();
    let entries = audit.as_array().unwrap();
    assert_eq!(entries.len(), before.len() - 2);
    assert!(
        entries
            .iter()
            .all(|e| e["requestId"] == entries[0]["requestId"])
    );

    // Again, with the offer types: only what differs changes; the table summary says so.
    let run = cli
        .run(&[
            "update-product-policy",
            "--all",
            "--yes",
            "--all-offer-types",
            "--enabled",
            "false",
        ])
        .ok();
    insta::assert_snapshot!("all_with_offer_types", redact(&run.stdout, &server, &cli));
    assert!(values(&cli).iter().all(|(_, v)| v == "Disabled"));
    let offer_types = cli
        .run(&[
            "get-product-policies",
            "--scope",
            "offer-type",
            "--output",
            "csv",
        ])
        .ok();
    assert_eq!(offer_types.stdout.matches(",Disabled\n").count(), 4);

    // Nothing left to change: no request, and the summary says so.
    let run = cli
        .run(&[
            "update-product-policy",
            "--all",
            "--value",
            "disabled",
            "--output",
            "csv",
        ])
        .ok();
    assert_eq!(
        run.stdout,
        "PolicyId,Scope,Id,Name,CurrentValue,DesiredValue,Unlisted\n"
    );
}

#[test]
fn one_refused_item_changes_nothing() {
    let server = Server::start();
    let cli = admin(&server);
    let before = values(&cli);
    // Most products have no trial without a payment method: the service refuses the first of
    // them, and the whole batch with it.
    let run = cli
        .run(&[
            "update-product-policy",
            "--all",
            "--yes",
            "--value",
            "OnlyTrialsWithoutPaymentMethod",
        ])
        .code(6);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let first = run.stderr.lines().next().unwrap();
    assert!(
        first.starts_with("error: The service refused the change of the product CFQ7TTC0")
            && first.ends_with("(HTTP 400), so nothing was changed."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Allowed values: Enabled, Disabled"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Correlation id: "), "{}", run.stderr);
    assert_eq!(values(&cli), before, "nothing changed");
    assert!(
        cli.run(&["audit", "--output", "json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["result"] == "Failed"),
        "only the refusal is journaled"
    );

    // Offer types take Enabled or Disabled only: said before any request.
    let run = cli
        .run(&[
            "update-product-policy",
            "--all-offer-types",
            "--value",
            "OnlyTrialsWithoutPaymentMethod",
        ])
        .code(2);
    assert!(
        run.stderr
            .contains("Offer types take only Enabled or Disabled"),
        "{}",
        run.stderr
    );

    // --except naming nothing of this tenant: 404 with the closest names.
    let run = cli
        .run(&[
            "update-product-policy",
            "--all",
            "--yes",
            "--value",
            "Disabled",
            "--except",
            "CFQ7TTC0H9MX",
        ])
        .code(5);
    insta::assert_snapshot!("except_unknown", redact(&run.stderr, &server, &cli));
    // --except alone, and no target at all, are usage errors.
    let run = cli
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--value",
            "Disabled",
            "--except",
            "X",
        ])
        .code(2);
    assert!(
        run.stderr.contains("--except only goes with --all"),
        "{}",
        run.stderr
    );
    let run = cli
        .run(&["update-product-policy", "--value", "Disabled"])
        .code(2);
    assert!(run.stderr.contains("--all-offer-types"), "{}", run.stderr);
    let run = cli
        .run(&[
            "update-product-policy",
            "--all",
            "--product-id",
            "X",
            "--value",
            "Disabled",
        ])
        .code(2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
    assert_eq!(values(&cli), before);

    // A reader may not: 403, in their words.
    let reader = Cli::new(&server);
    reader.connect("reader@contoso.example", &[]).ok();
    let run = reader
        .run(&[
            "update-product-policy",
            "--all",
            "--value",
            "Disabled",
            "--yes",
        ])
        .code(4);
    assert!(
        run.stderr.contains("Global Reader may only read"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_default_for_new_products() {
    let server = Server::start();
    let cli = admin(&server);
    let run = cli
        .run(&[
            "update-policy",
            "--default-value",
            "Disabled",
            "--what-if",
            "--output",
            "json",
        ])
        .ok();
    let plan: Value = run.json();
    assert_eq!(
        (
            &plan["scope"],
            &plan["currentValue"],
            &plan["newValue"],
            &plan["wouldChange"]
        ),
        (
            &Value::from("default"),
            &Value::from("Enabled"),
            &Value::from("Disabled"),
            &Value::from(true)
        )
    );
    let run = cli
        .run(&["update-policy", "--default-value", "disabled"])
        .ok();
    assert!(
        run.stderr
            .contains("for products added to the catalog later is now Disabled"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("update_policy_table", run.stdout);
    // Existing products keep their values.
    assert!(values(&cli).iter().all(|(_, v)| v == "Enabled"));
}

/// `--all` over many tenants, as an MSP runs it: every tenant read and planned first, one
/// question, each tenant changed in its own transaction, a report per tenant. A profile that
/// cannot (a reader) fails alone and sets the exit code.
#[test]
fn all_products_in_many_tenants_at_once() {
    let server = Server::start();
    let cli = Cli::new(&server);
    for (upn, profile) in [
        ("admin@contoso.example", "contoso"),
        ("admin@fabrikam.example", "fabrikam"),
        ("reader@contoso.example", "reader"),
    ] {
        cli.connect(upn, &["--profile", profile]).ok();
    }
    let all = |extra: &[&str]| {
        let mut args = vec!["update-product-policy", "--all", "--value", "Disabled"];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>, stdin: &str| {
        cli.run_with_stdin(&args.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
    };
    let disabled = |profile: &str| {
        let list = cli
            .run(&[
                "get-product-policies",
                "--profile",
                profile,
                "--output",
                "json",
            ])
            .ok()
            .json();
        list.as_array()
            .unwrap()
            .iter()
            .filter(|p| p["policyValue"] == "Disabled")
            .count()
    };

    // The question names the tenants; no means nothing changes anywhere.
    let r = run(all(&["--profiles", "contoso,fabrikam"]), "n\n").ok();
    assert!(
        r.stderr
            .contains("Change 50 to Disabled in 2 tenants? [y/N]"),
        "{}",
        r.stderr
    );
    assert_eq!((disabled("contoso"), disabled("fabrikam")), (0, 0));

    // --what-if: a report per tenant, nothing changed.
    let r = run(
        all(&["--all-profiles", "--what-if", "--output", "json"]),
        "",
    )
    .ok();
    let report = r.json();
    assert_eq!(report.as_array().unwrap().len(), 3, "{}", r.stdout);
    assert_eq!((disabled("contoso"), disabled("fabrikam")), (0, 0));

    // The change: both admins' tenants change; the reader's profile is refused (exit 4) alone.
    let r = run(all(&["--all-profiles", "--yes", "--output", "json"]), "").code(4);
    let report = r.json();
    let codes: Vec<(String, u64)> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["profile"].as_str().unwrap().to_owned(),
                t["exitCode"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("contoso".to_owned(), 0),
            ("fabrikam".to_owned(), 0),
            ("reader".to_owned(), 4)
        ],
        "{}",
        r.stdout
    );
    assert_eq!((disabled("contoso"), disabled("fabrikam")), (25, 25));

    // One product in many tenants is what apply is for.
    let r = cli
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--value",
            "Enabled",
            "--all-profiles",
        ])
        .code(2);
    assert!(r.stderr.contains("apply --profiles"), "{}", r.stderr);
}
