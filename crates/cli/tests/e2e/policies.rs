//! Every policy command, each output format (snapshots), --what-if, --confirm, and the 404 and
//! 400 messages.

use crate::harness::{Cli, Server, redact};

fn admin(server: &Server) -> Cli {
    let cli = Cli::new(server);
    cli.connect("admin@contoso.example", &[]).ok();
    cli
}

#[test]
fn every_read_in_each_output_format() {
    let server = Server::start();
    let cli = admin(&server);
    let reads: [(&str, &[&str]); 8] = [
        ("get_policies", &["get-policies"]),
        ("get_policy", &["get-policy"]),
        ("get_product_policies", &["get-product-policies"]),
        (
            "get_product_policies_filtered",
            &["get-product-policies", "--name", "power bi"],
        ),
        (
            "get_product_policies_offer_types",
            &["get-product-policies", "--scope", "offer-type"],
        ),
        (
            "get_product_policy",
            &["get-product-policy", "--product-id", "CFQ7TTC0H9MP"],
        ),
        (
            "get_product_policy_legacy_id",
            &["get-product-policy", "--product-id", "CFQ7TTC0L3PB"],
        ),
        (
            "get_offer_type_policy",
            &["get-product-policy", "--offer-type", "SaaS"],
        ),
    ];
    for format in ["table", "json", "csv"] {
        for (name, args) in reads {
            let mut a = args.to_vec();
            a.extend(["--output", format]);
            let run = cli.run(&a).ok();
            if format == "json" {
                run.json();
            }
            insta::assert_snapshot!(
                format!("{name}_{format}"),
                redact(&run.stdout, &server, &cli)
            );
        }
    }
    // The policy id defaults to AllowSelfServicePurchase and can be given.
    let run = cli
        .run(&[
            "get-policy",
            "--policy-id",
            "AllowSelfServicePurchase",
            "--output",
            "json",
        ])
        .ok();
    assert_eq!(run.json()["defaultValue"], "Enabled");
    // MSCOMMERCE_OUTPUT sets the default format.
    let mut env_cli = Cli::new(&server);
    env_cli.config = tempfile::tempdir().unwrap();
    std::fs::copy(cli.cache_file(), env_cli.cache_file()).unwrap();
    env_cli.env.push(("MSCOMMERCE_OUTPUT".into(), "csv".into()));
    let run = env_cli.run(&["get-policies"]).ok();
    assert!(
        run.stdout.starts_with("PolicyId,Description,DefaultValue"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_reader_reads_in_every_language_with_localized_headers() {
    let server = Server::start();
    for lang in ["zh-TW", "fr-FR", "nl-NL", "de-DE"] {
        let cli = Cli::new(&server).lang(&format!("{}.UTF-8", lang.replace('-', "_")));
        cli.connect("reader@contoso.example", &[]).ok();
        let run = cli.run(&["get-product-policies", "--name", "visio"]).ok();
        insta::assert_snapshot!(
            format!("visio_table_{lang}"),
            redact(&run.stdout, &server, &cli)
        );
        // CSV and JSON stay the same in every language.
        let csv = cli
            .run(&["get-product-policies", "--name", "visio", "--output", "csv"])
            .ok();
        assert!(
            csv.stdout
                .starts_with("PolicyId,ProductName,ProductId,PolicyValue\n"),
            "{}",
            csv.stdout
        );
    }
}

#[test]
fn update_what_if_and_value_filters() {
    let server = Server::start();
    let cli = admin(&server);
    // --what-if shows the change and changes nothing.
    let run = cli
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--enabled",
            "false",
            "--what-if",
        ])
        .ok();
    assert_eq!(
        run.stdout.trim(),
        "What if: the policy AllowSelfServicePurchase of Power BI Pro (CFQ7TTC0H9MP) would change from Enabled to Disabled. Nothing was changed."
    );
    let plan = cli
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--value",
            "disabled",
            "--what-if",
            "--output",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(plan["wouldChange"], true);
    assert_eq!(plan["currentValue"], "Enabled");
    let now = cli
        .run(&[
            "get-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--output",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(now["policyValue"], "Enabled", "--what-if changed nothing");

    // The change itself prints the updated policy (stdout) and a note (stderr).
    let run = cli
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--enabled",
            "false",
        ])
        .ok();
    insta::assert_snapshot!("update_table", run.stdout);
    assert!(run.stderr.contains("is now Disabled"), "{}", run.stderr);
    let run = cli
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0HD33",
            "--value",
            "OnlyTrialsWithoutPaymentMethod",
            "--output",
            "json",
        ])
        .ok();
    assert_eq!(run.json()["policyValue"], "OnlyTrialsWithoutPaymentMethod");
    let run = cli
        .run(&[
            "update-product-policy",
            "--offer-type",
            "SaaS",
            "--enabled",
            "false",
            "--output",
            "csv",
        ])
        .ok();
    assert!(run.stdout.ends_with("AllowSelfServicePurchase,SaaS,Software as a Service offers from third-party publishers,Disabled\n"), "{}", run.stdout);
    // What if on something already at the value.
    let run = cli
        .run(&[
            "update-product-policy",
            "--offer-type",
            "saas",
            "--value",
            "Disabled",
            "--what-if",
        ])
        .ok();
    assert!(
        run.stdout
            .contains("is already Disabled; nothing would change"),
        "{}",
        run.stdout
    );

    // Filters by value see the changes.
    let disabled = cli
        .run(&[
            "get-product-policies",
            "--value",
            "Disabled",
            "--output",
            "json",
        ])
        .ok()
        .json();
    let ids: Vec<&str> = disabled
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["productId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["CFQ7TTC0H9MP"]);
    let offer = cli
        .run(&[
            "get-product-policies",
            "--scope",
            "offer-type",
            "--value",
            "Disabled",
            "--output",
            "csv",
        ])
        .ok();
    assert_eq!(offer.stdout.lines().count(), 2, "{}", offer.stdout);
    let none = cli
        .run(&["get-product-policies", "--name", "no such thing"])
        .ok();
    assert_eq!(none.stdout.trim(), "Nothing matches.");
}

#[test]
fn confirm_asks_first() {
    let server = Server::start();
    let cli = admin(&server);
    let args = [
        "update-product-policy",
        "--product-id",
        "CFQ7TTC0H9MP",
        "--enabled",
        "false",
        "--confirm",
    ];
    let run = cli.run_with_stdin(&args, "n\n").ok();
    // The question names where the change goes: tenant, profile and account.
    assert!(
        run.stderr.contains("Change the policy AllowSelfServicePurchase of Power BI Pro (CFQ7TTC0H9MP) from Enabled to Disabled in contoso.example (profile default, admin@contoso.example)? [y/N]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Nothing was changed."),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    // No answer at all (stdin empty, no terminal, as in CI) is not a quiet "no" with exit 0:
    // a usage error that says what to add.
    let run = cli.run_with_stdin(&args, "").code(2);
    assert!(
        run.stderr
            .contains("no answer came on stdin, so nothing was changed: add --yes"),
        "{}",
        run.stderr
    );
    let value_now = || {
        let read = [
            "get-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--output",
            "json",
        ];
        cli.run(&read).ok().json()["policyValue"].clone()
    };
    assert_eq!(value_now(), "Enabled");
    // --yes answers it, for scripts.
    let mut yes = args.to_vec();
    yes.push("--yes");
    cli.run_with_stdin(&yes, "").ok();
    assert_eq!(value_now(), "Disabled");
    let enable = [
        "update-product-policy",
        "--product-id",
        "CFQ7TTC0H9MP",
        "--enabled",
        "true",
    ];
    cli.run(&enable).ok();
    cli.run_with_stdin(&args, "yes\n").ok();
    assert_eq!(value_now(), "Disabled");
    // In French, "oui".
    let fr = Cli::new(&server).lang("fr_FR.UTF-8");
    fr.connect("admin@contoso.example", &[]).ok();
    let run = fr
        .run_with_stdin(
            &[
                "update-product-policy",
                "--product-id",
                "CFQ7TTC0H9MP",
                "--enabled",
                "true",
                "--confirm",
            ],
            "oui\n",
        )
        .ok();
    assert!(run.stderr.contains("[o/N]"), "{}", run.stderr);
    let now = cli
        .run(&[
            "get-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--output",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(now["policyValue"], "Enabled");
}

#[test]
fn not_found_names_the_closest_products() {
    let server = Server::start();
    let cli = admin(&server);
    let run = cli
        .run(&["get-product-policy", "--product-id", "CFQ7TTC0H9MX"])
        .code(5);
    insta::assert_snapshot!("not_found_product", redact(&run.stderr, &server, &cli));
    let run = cli
        .run(&[
            "update-product-policy",
            "--product-id",
            "copilot",
            "--enabled",
            "false",
        ])
        .code(5);
    assert!(
        run.stderr.contains("CFQ7TTC0MM8R  Microsoft 365 Copilot"),
        "{}",
        run.stderr
    );
    let run = cli
        .run(&["get-product-policy", "--offer-type", "SAS"])
        .code(5);
    assert!(run.stderr.contains("SaaS"), "{}", run.stderr);
    let run = cli
        .run(&["get-policy", "--policy-id", "AllowEverything"])
        .code(5);
    assert!(
        run.stderr.contains("No policy AllowEverything."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Known policies: AllowSelfServicePurchase"),
        "{}",
        run.stderr
    );
    let run = cli
        .run(&[
            "get-product-policy",
            "--policy-id",
            "AllowEverything",
            "--product-id",
            "CFQ7TTC0H9MP",
        ])
        .code(5);
    assert!(
        run.stderr.contains("No policy AllowEverything."),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Correlation id:"), "{}", run.stderr);
}

#[test]
fn invalid_values_say_which_and_the_allowed_ones() {
    let server = Server::start();
    let cli = admin(&server);
    // Caught before any request: a usage error (2) listing the values.
    let run = cli
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--value",
            "Sometimes",
        ])
        .code(2);
    insta::assert_snapshot!("usage_invalid_value", run.stderr);
    // Refused by the service: offer types take Enabled or Disabled only (6).
    let run = cli
        .run(&[
            "update-product-policy",
            "--offer-type",
            "SaaS",
            "--value",
            "OnlyTrialsWithoutPaymentMethod",
        ])
        .code(6);
    insta::assert_snapshot!(
        "invalid_offer_type_value",
        redact(&run.stderr, &server, &cli)
    );
    // Mutually exclusive and missing options are usage errors.
    cli.run(&[
        "update-product-policy",
        "--product-id",
        "X",
        "--offer-type",
        "SaaS",
        "--enabled",
        "true",
    ])
    .code(2);
    cli.run(&["update-product-policy", "--product-id", "X"])
        .code(2);
    cli.run(&[
        "update-product-policy",
        "--product-id",
        "X",
        "--enabled",
        "true",
        "--value",
        "Enabled",
    ])
    .code(2);
    cli.run(&["get-product-policy"]).code(2);
    cli.run(&[
        "update-product-policy",
        "--product-id",
        "X",
        "--enabled",
        "maybe",
    ])
    .code(2);
}

/// A line copied from a PowerShell script or the support article works as it is written: the
/// cmdlet's name, `-ProductId`, `-Enabled $False` (which PowerShell passes as `False`).
#[test]
fn the_module_spellings_are_accepted() {
    let server = Server::start();
    let cli = admin(&server);
    let run = cli
        .run(&[
            "Update-MSCommerceProductPolicy",
            "-PolicyId",
            "AllowSelfServicePurchase",
            "-ProductId",
            "CFQ7TTC0H9MP",
            "-Enabled",
            "False",
        ])
        .ok();
    assert!(run.stdout.contains("Disabled"), "{}", run.stdout);
    let run = cli
        .run(&[
            "get-product-policy",
            "-ProductId",
            "CFQ7TTC0H9MP",
            "--output",
            "json",
        ])
        .ok();
    assert_eq!(run.json()["policyValue"], "Disabled", "{}", run.stdout);
    cli.run(&[
        "update-product-policy",
        "--product-id",
        "CFQ7TTC0H9MP",
        "--enabled",
        "$true",
    ])
    .ok();
    let run = cli
        .run(&[
            "Get-MSCommerceProductPolicy",
            "-ProductId:CFQ7TTC0H9MP",
            "--output",
            "json",
        ])
        .ok();
    assert_eq!(run.json()["policyValue"], "Enabled", "{}", run.stdout);
    // What the command does not have is still refused by name.
    let run = cli.run(&["get-product-policy", "-Frobnicate", "x"]).code(2);
    assert!(run.stderr.contains("-F"), "{}", run.stderr);
}
