//! An MSP's morning: three tenants (contoso, fabrikam, and one the operator adds), each a
//! profile; reads, apply and diff with `--all-profiles` / `--profiles`, a report per tenant and
//! the worst exit code.

use serde_json::Value;

use crate::harness::{Cli, PASSWORD, Server, redact};

/// One configuration directory with three profiles: contoso, fabrikam, northwind.
fn msp(server: &Server) -> Cli {
    // The third tenant and its admin, added by the operator while the service runs.
    server
        .admin(&[
            "admin",
            "tenant",
            "add",
            "--domain",
            "northwind.example",
            "--name",
            "Northwind",
        ])
        .ok();
    server
        .admin_with_stdin(
            &[
                "admin",
                "user",
                "add",
                "--upn",
                "admin@northwind.example",
                "--role",
                "global-admin",
                "--password-stdin",
            ],
            &format!("{PASSWORD}\n"),
        )
        .ok();
    let cli = Cli::new(server);
    for (upn, profile) in [
        ("admin@contoso.example", "contoso"),
        ("admin@fabrikam.example", "fabrikam"),
        ("admin@northwind.example", "northwind"),
    ] {
        cli.connect(upn, &["--profile", profile]).ok();
    }
    cli
}

const BASELINE: &str = r#"# The MSP's baseline: nothing bought without IT, trials only where they need no card.
default_value = "Disabled"
default_for_unlisted = "Disabled"

[products]
CFQ7TTC0HD33 = "OnlyTrialsWithoutPaymentMethod"  # Visio Plan 1
CFQ7TTC0J1FV = "OnlyTrialsWithoutPaymentMethod"  # Teams Exploratory
"#;

#[test]
fn a_three_tenant_apply_then_diff_and_reads() {
    let server = Server::start();
    let cli = msp(&server);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baseline.toml");
    std::fs::write(&file, BASELINE).unwrap();
    let f = file.to_str().unwrap();
    let scrub = |s: &str| redact(s, &server, &cli).replace(f, "[FILE]");

    // Every tenant drifts from the baseline at first.
    let run = cli.run(&["diff", "-f", f, "--all-profiles"]).code(8);
    insta::assert_snapshot!("diff_before_summary", summary_of(&scrub(&run.stdout)));

    // --what-if: three plans, nothing changed.
    let run = cli
        .run(&[
            "apply",
            "-f",
            f,
            "--all-profiles",
            "--what-if",
            "--output",
            "json",
        ])
        .ok();
    let plans = run.json();
    let plans = plans.as_array().unwrap();
    assert_eq!(plans.len(), 3);
    for p in plans {
        assert_eq!(p["exitCode"], 0);
        assert_eq!(p["result"]["whatIf"], true);
        // The default, 25 products and 4 offer types all change.
        assert_eq!(p["result"]["changes"].as_array().unwrap().len(), 30, "{p}");
    }

    // Without --yes and without an answer: a usage error, and nothing happens.
    let run = cli.run(&["apply", "-f", f, "--all-profiles"]).code(2);
    assert!(
        run.stderr.contains("Apply 90 changes in 3 tenants? [y/N] ")
            && run.stderr.contains("nothing was changed: add --yes"),
        "{}",
        run.stderr
    );

    // The apply: one transaction per tenant, a report per tenant and a summary.
    let run = cli.run(&["apply", "-f", f, "--all-profiles", "--yes"]).ok();
    assert!(
        run.stderr.is_empty(),
        "no progress bar without a terminal: {}",
        run.stderr
    );
    let out = scrub(&run.stdout);
    for profile in ["contoso", "fabrikam", "northwind"] {
        assert!(
            out.contains(&format!("== {profile}: {profile}.example ==")),
            "{out}"
        );
    }
    insta::assert_snapshot!("apply_summary", summary_of(&out));

    // Now every tenant matches.
    let run = cli.run(&["diff", "-f", f, "--all-profiles"]).ok();
    insta::assert_snapshot!("diff_after_summary", summary_of(&scrub(&run.stdout)));

    // Fabrikam's admin changes something: only fabrikam drifts, and the exit code says so.
    let fabrikam = Cli::new(&server);
    fabrikam.connect("admin@fabrikam.example", &[]).ok();
    fabrikam
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--enabled",
            "true",
        ])
        .ok();
    let run = cli
        .run(&[
            "diff",
            "-f",
            f,
            "--profiles",
            "contoso,fabrikam,northwind",
            "--output",
            "json",
        ])
        .code(8);
    let report = run.json();
    let codes: Vec<(&str, i64, bool)> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["profile"].as_str().unwrap(),
                t["exitCode"].as_i64().unwrap(),
                t["result"]["inSync"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("contoso", 0, true),
            ("fabrikam", 8, false),
            ("northwind", 0, true)
        ]
    );
    assert_eq!(report[1]["tenant"], "fabrikam.example");
    assert_eq!(report[1]["result"]["drift"][0]["id"], "CFQ7TTC0H9MP");

    // Reads across tenants: CSV with the profile first.
    let run = cli
        .run(&[
            "get-product-policies",
            "--name",
            "visio plan 1",
            "--all-profiles",
            "--output",
            "csv",
        ])
        .ok();
    assert_eq!(
        run.stdout,
        "Profile,PolicyId,ProductName,ProductId,PolicyValue\n\
         contoso,AllowSelfServicePurchase,Visio Plan 1,CFQ7TTC0HD33,OnlyTrialsWithoutPaymentMethod\n\
         fabrikam,AllowSelfServicePurchase,Visio Plan 1,CFQ7TTC0HD33,OnlyTrialsWithoutPaymentMethod\n\
         northwind,AllowSelfServicePurchase,Visio Plan 1,CFQ7TTC0HD33,OnlyTrialsWithoutPaymentMethod\n"
    );
    // The audit of each tenant names its own admin.
    let run = cli
        .run(&["audit", "--top", "1", "--all-profiles", "--output", "json"])
        .ok();
    let report = run.json();
    let actors: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            t["result"][0]["actor"]["userPrincipalName"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        actors,
        [
            "admin@contoso.example",
            "admin@fabrikam.example",
            "admin@northwind.example"
        ]
    );
}

/// The summary table at the end of a table report.
fn summary_of(out: &str) -> String {
    let start = out.rfind("Profile ").expect("a summary table");
    out[start..].to_owned()
}

#[test]
fn the_worst_tenant_sets_the_exit_code_and_the_others_still_run() {
    let server = Server::start();
    let cli = msp(&server);
    // A fourth profile that may only read, and one that does not exist.
    cli.connect("reader@contoso.example", &["--profile", "reader"])
        .ok();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baseline.toml");
    std::fs::write(&file, BASELINE).unwrap();
    let f = file.to_str().unwrap();
    let run = cli
        .run(&[
            "apply",
            "-f",
            f,
            "--profiles",
            "fabrikam,reader,ghost",
            "--yes",
        ])
        .code(3);
    let out = redact(&run.stdout, &server, &cli).replace(f, "[FILE]");
    insta::assert_snapshot!("apply_mixed", out);
    // Fabrikam was applied despite the others.
    let fabrikam = cli
        .run(&["--profile", "fabrikam", "get-policy", "--output", "json"])
        .ok();
    assert_eq!(fabrikam.json()["defaultValue"], "Disabled");
    // JSON reports failures as data.
    let run = cli
        .run(&[
            "get-policy",
            "--profiles",
            "northwind,ghost",
            "--output",
            "json",
        ])
        .code(3);
    let report: Value = run.json();
    assert_eq!(report[0]["result"]["defaultValue"], "Enabled");
    assert_eq!(report[1]["exitCode"], 3);
    assert_eq!(
        report[1]["error"]["message"],
        "Not signed in (profile ghost)."
    );
    // Usage: not with --token or --profile.
    let run = cli
        .run(&["get-policy", "--profile", "contoso", "--all-profiles"])
        .code(2);
    assert!(run.stderr.contains("not both"), "{}", run.stderr);
}
