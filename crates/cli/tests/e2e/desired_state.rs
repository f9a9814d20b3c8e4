//! Desired state through the binary: export → edit → plan → apply → diff in sync; drift after
//! another admin's change (exit 8); a new product arriving; a change between plan and apply
//! (exit 9, nothing changed); file errors with their line.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;

use serde_json::{Value, json};

use crate::harness::{Cli, Server, block_on, redact, user_token};

const P: &str = "AllowSelfServicePurchase";

fn connect(server: &Server, upn: &str) -> Cli {
    let cli = Cli::new(server);
    cli.connect(upn, &[]).ok();
    cli
}

fn value(cli: &Cli, id: &str) -> String {
    cli.run(&["get-product-policy", "--product-id", id, "--output", "json"])
        .ok()
        .json()["policyValue"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Replaces one line of a file (exactly one must match).
fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from} in:\n{text}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn export_edit_plan_apply_then_drift_after_another_admins_change() {
    let server = Server::start();
    let admin = connect(&server, "admin@contoso.example");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contoso.toml");
    let f = file.to_str().unwrap();

    // export: the default and every product and offer type, names as comments.
    let run = admin.run(&["export", "-f", f]).ok();
    assert!(
        run.stderr.starts_with(
            "Exported the default, 25 products and 4 offer types of contoso.example to"
        ),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(&file).unwrap();
    insta::assert_snapshot!("export_toml", redact(&text, &server, &admin));
    // It does not overwrite without --force; stdout and JSON are the same state.
    let run = admin.run(&["export", "-f", f]).code(2);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    let json_export = admin.run(&["export", "--format", "json"]).ok();
    let j: Value = serde_json::from_str(&json_export.stdout).unwrap();
    assert_eq!(
        j["products"]["CFQ7TTC0H9MP"],
        json!({"value": "Enabled", "name": "Power BI Pro"})
    );
    assert_eq!(j["default_value"], "Enabled");
    // `--output json`, as every other command takes it, is JSON here too.
    let output_json = admin.run(&["export", "--output", "json"]).ok();
    let o: Value = serde_json::from_str(&output_json.stdout).unwrap();
    assert_eq!(o["products"], j["products"]);

    // An export describes the tenant: no plan, no drift.
    let run = admin.run(&["plan", "-f", f]).ok();
    assert_eq!(
        run.stdout.trim(),
        format!("No changes: the tenant already matches {f}.")
    );
    admin.run(&["diff", "-f", f]).ok();

    // Edit: a default for new products, two products.
    edit(
        &file,
        "default_value = \"Enabled\"",
        "default_value = \"Disabled\"",
    );
    edit(
        &file,
        "CFQ7TTC0H9MP = \"Enabled\"",
        "CFQ7TTC0H9MP = \"Disabled\"",
    );
    edit(
        &file,
        "CFQ7TTC0HD33 = \"Enabled\"",
        "CFQ7TTC0HD33 = \"OnlyTrialsWithoutPaymentMethod\"",
    );

    // plan: a readable diff, exit 0, nothing changed.
    let run = admin.run(&["plan", "-f", f]).ok();
    insta::assert_snapshot!(
        "plan_table",
        redact(&run.stdout, &server, &admin).replace(f, "[FILE]")
    );
    let plan = admin
        .run(&["plan", "-f", f, "--output", "json"])
        .ok()
        .json();
    assert_eq!(plan["applied"], false);
    assert_eq!(plan["inPlace"], 27);
    assert_eq!(
        plan["changes"],
        json!([
            {"scope": "default", "id": "", "name": "", "currentValue": "Enabled", "desiredValue": "Disabled"},
            {"scope": "product", "id": "CFQ7TTC0H9MP", "name": "Power BI Pro", "currentValue": "Enabled", "desiredValue": "Disabled"},
            {"scope": "product", "id": "CFQ7TTC0HD33", "name": "Visio Plan 1", "currentValue": "Enabled", "desiredValue": "OnlyTrialsWithoutPaymentMethod"},
        ])
    );
    assert_eq!(value(&admin, "CFQ7TTC0H9MP"), "Enabled");
    // The same plan and drift in every language (values, ids and names stay as they are).
    for lang in ["zh-TW", "fr-FR", "nl-NL", "de-DE"] {
        let other = Cli::new(&server).lang(&format!("{}.UTF-8", lang.replace('-', "_")));
        std::fs::copy(admin.cache_file(), other.cache_file()).unwrap();
        let plan = other.run(&["plan", "-f", f]).ok();
        let diff = other.run(&["diff", "-f", f]).code(8);
        insta::assert_snapshot!(
            format!("plan_and_diff_{lang}"),
            format!("{}\n\n{}", plan.stdout, diff.stdout).replace(f, "[FILE]")
        );
    }
    // diff sees the same three differences: exit 8.
    admin.run(&["diff", "-f", f]).code(8);

    // apply asks first, naming the target: "n" is no change.
    let run = admin.run_with_stdin(&["apply", "-f", f], "n\n").ok();
    assert!(
        run.stderr.contains(
            "Apply these 3 changes to contoso.example (profile default, admin@contoso.example)? \
             [y/N] Nothing was changed."
        ),
        "{}",
        run.stderr
    );
    assert_eq!(value(&admin, "CFQ7TTC0H9MP"), "Enabled");
    // --what-if shows the plan and changes nothing.
    let run = admin.run(&["apply", "-f", f, "--what-if"]).ok();
    assert!(
        run.stdout
            .contains("What if: 3 would change; 27 already right. Nothing was changed."),
        "{}",
        run.stdout
    );
    // Yes: one transaction.
    let run = admin.run_with_stdin(&["apply", "-f", f], "y\n").ok();
    insta::assert_snapshot!("apply_table", redact(&run.stdout, &server, &admin));
    assert_eq!(value(&admin, "CFQ7TTC0H9MP"), "Disabled");
    assert_eq!(
        value(&admin, "CFQ7TTC0HD33"),
        "OnlyTrialsWithoutPaymentMethod"
    );
    let policy = admin.run(&["get-policy", "--output", "json"]).ok().json();
    assert_eq!(policy["defaultValue"], "Disabled");

    // diff: in sync.
    let run = admin.run(&["diff", "-f", f]).ok();
    assert_eq!(
        run.stdout.trim(),
        format!("In sync: the tenant matches {f}.")
    );
    // Applying again changes nothing.
    let run = admin.run(&["apply", "-f", f, "--yes"]).ok();
    assert!(run.stdout.starts_with("No changes"), "{}", run.stdout);

    // Another admin changes a product: diff reports it and exits 8.
    let billing = connect(&server, "billing@contoso.example");
    billing
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--enabled",
            "true",
        ])
        .ok();
    let run = admin.run(&["diff", "-f", f]).code(8);
    insta::assert_snapshot!(
        "diff_drift_table",
        redact(&run.stdout, &server, &admin).replace(f, "[FILE]")
    );
    let report = admin
        .run(&["diff", "-f", f, "--output", "json"])
        .code(8)
        .json();
    assert_eq!(report["inSync"], false);
    assert_eq!(
        report["drift"],
        json!([{"kind": "changed", "scope": "product", "id": "CFQ7TTC0H9MP", "name": "Power BI Pro",
                "tenantValue": "Enabled", "fileValue": "Disabled"}])
    );
    let csv = admin.run(&["diff", "-f", f, "--output", "csv"]).code(8);
    assert_eq!(
        csv.stdout,
        "PolicyId,Kind,Scope,Id,Name,TenantValue,FileValue\nAllowSelfServicePurchase,changed,product,CFQ7TTC0H9MP,Power BI Pro,Enabled,Disabled\n"
    );

    // A product added to the catalog later starts at the tenant's default (Disabled) and is
    // drift until the file lists it, or says what unlisted products must be.
    server
        .admin(&[
            "admin",
            "catalog",
            "add",
            "--product-id",
            "CFQ7TTC0NEW1",
            "--name",
            "Contoso Widget",
        ])
        .ok();
    assert_eq!(value(&admin, "CFQ7TTC0NEW1"), "Disabled");
    // In a tenant whose default is still the built-in one, it starts Enabled.
    let fabrikam = connect(&server, "admin@fabrikam.example");
    assert_eq!(value(&fabrikam, "CFQ7TTC0NEW1"), "Enabled");
    let report = admin
        .run(&["diff", "-f", f, "--output", "json"])
        .code(8)
        .json();
    assert_eq!(
        report["drift"][1],
        json!({"kind": "unlisted", "scope": "product", "id": "CFQ7TTC0NEW1", "name": "Contoso Widget",
               "tenantValue": "Disabled", "fileValue": null})
    );
    // plan leaves it alone (and says so); apply restores the drifted product.
    let run = admin.run(&["apply", "-f", f, "--yes"]).ok();
    assert!(
        run.stdout
            .contains("Not in the file, left as it is: Contoso Widget (CFQ7TTC0NEW1)"),
        "{}",
        run.stdout
    );
    assert_eq!(value(&admin, "CFQ7TTC0H9MP"), "Disabled");
    edit(
        &file,
        "default_value = \"Disabled\"",
        "default_value = \"Disabled\"\ndefault_for_unlisted = \"Disabled\"",
    );
    admin.run(&["diff", "-f", f]).ok();

    // Every change is in the journal with its actor.
    let audit = admin
        .run(&["audit", "--product-id", "CFQ7TTC0H9MP", "--output", "json"])
        .ok()
        .json();
    let who: Vec<(&str, &str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["actor"]["userPrincipalName"].as_str().unwrap(),
                e["oldValue"].as_str().unwrap(),
                e["newValue"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        who,
        [
            ("admin@contoso.example", "Enabled", "Disabled"),
            ("billing@contoso.example", "Disabled", "Enabled"),
            ("admin@contoso.example", "Enabled", "Disabled"),
        ]
    );
}

#[test]
fn a_change_between_plan_and_apply_fails_the_whole_apply() {
    let server = Server::start();
    let admin = connect(&server, "admin@contoso.example");
    let billing = connect(&server, "billing@contoso.example");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("want.toml");
    std::fs::write(
        &file,
        "[products]\nCFQ7TTC0H9MP = \"Disabled\"\nCFQ7TTC0HD33 = \"Disabled\"\n",
    )
    .unwrap();

    // apply reads and plans, then waits for the answer...
    let mut child = admin
        .command(&["apply", "-f", file.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    while !seen.contains("[y/N]") {
        let mut buf = [0u8; 256];
        let n = stderr.get_mut().read(&mut buf).unwrap();
        assert!(n > 0, "apply ended before asking: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    // ...meanwhile another admin changes Visio Plan 1 (to a value the file does not want)...
    billing
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0HD33",
            "--value",
            "OnlyTrialsWithoutPaymentMethod",
        ])
        .ok();
    // ...then the answer is yes: the batch carries the ETags read, so it is refused whole.
    child.stdin.take().unwrap().write_all(b"y\n").unwrap();
    let mut rest = String::new();
    for line in stderr.lines() {
        rest.push_str(&line.unwrap());
        rest.push('\n');
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(9), "{seen}{rest}");
    assert!(
        rest.contains("error: the product CFQ7TTC0HD33 was changed by someone else since it was read, so nothing was changed."),
        "{rest}"
    );
    assert!(rest.contains("mscommerce plan -f FILE"), "{rest}");
    assert_eq!(value(&admin, "CFQ7TTC0H9MP"), "Enabled", "nothing changed");
    assert_eq!(
        value(&admin, "CFQ7TTC0HD33"),
        "OnlyTrialsWithoutPaymentMethod"
    );

    // Run again, it plans from what is there now.
    admin
        .run(&["apply", "-f", file.to_str().unwrap(), "--yes"])
        .ok();
    assert_eq!(value(&admin, "CFQ7TTC0HD33"), "Disabled");
    // What the file lists matches; the rest it does not list is what diff still reports.
    let report = admin
        .run(&["diff", "-f", file.to_str().unwrap(), "--output", "json"])
        .code(8)
        .json();
    let drift = report["drift"].as_array().unwrap();
    assert_eq!(drift.len(), 23 + 4);
    assert!(drift.iter().all(|d| d["kind"] == "unlisted"), "{report}");
}

#[test]
fn two_writers_with_the_same_if_match_exactly_one_wins() {
    let server = Server::start();
    let admin = user_token(&server, "admin@contoso.example");
    let billing = user_token(&server, "billing@contoso.example");
    let http = reqwest::Client::new();
    let base = format!("{}/v1.0/policies/{P}", server.url);
    let (etag, current) = block_on(async {
        let r = http
            .get(format!("{base}/products/CFQ7TTC0HD33"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        let etag = r.headers()["etag"].to_str().unwrap().to_owned();
        let body: Value = r.json().await.unwrap();
        (etag, body["policyValue"].as_str().unwrap().to_owned())
    });
    assert_eq!(current, "Enabled");
    let send = |token: &str, value: &str| {
        let req = http
            .patch(format!("{base}/products"))
            .bearer_auth(token)
            .json(&json!({"items": [{"productId": "CFQ7TTC0HD33", "policyValue": value, "ifMatch": etag}]}));
        async move {
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let ((s1, b1), (s2, b2)) = block_on(async {
        tokio::join!(
            send(&admin, "Disabled"),
            send(&billing, "OnlyTrialsWithoutPaymentMethod")
        )
    });
    let mut statuses = [s1, s2];
    statuses.sort();
    assert_eq!(statuses, [200, 412], "{b1} / {b2}");
    let (winner, loser) = if s1 == 200 { (&b1, &b2) } else { (&b2, &b1) };
    assert_eq!(loser["errorCode"], "PreconditionFailed");
    assert_eq!(loser["failedItem"]["etag"], winner["items"][0]["etag"]);
    // The CLI sees the winner's value.
    let cli = connect(&server, "reader@contoso.example");
    assert_eq!(
        value(&cli, "CFQ7TTC0HD33"),
        winner["items"][0]["policyValue"].as_str().unwrap()
    );
}

#[test]
fn file_errors_say_where_and_what() {
    let server = Server::start();
    let admin = connect(&server, "admin@contoso.example");
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str); 5] = [
        ("typo.toml", "version = 1\ndefualt_value = \"Disabled\"\n"),
        (
            "value.toml",
            "[products]\nCFQ7TTC0H9MP = \"Disabled\"\nCFQ7TTC0HD33 = \"Sometimes\"\n",
        ),
        (
            "offer.toml",
            "[offer_types]\nSaaS = \"OnlyTrialsWithoutPaymentMethod\"\n",
        ),
        (
            "twice.json",
            "{\"products\": {\n  \"CFQ7TTC0H9MP\": \"Enabled\",\n  \"cfq7ttc0h9mp\": \"Disabled\"\n}}\n",
        ),
        ("broken.toml", "[products\n"),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let run = admin.run(&["plan", "-f", path.to_str().unwrap()]).code(2);
        out.push_str(
            &run.stderr
                .replace(&dir.path().display().to_string(), "[DIR]"),
        );
    }
    insta::assert_snapshot!("file_errors", out);
    // In another language, the same facts.
    let fr = Cli::new(&server).lang("fr_FR.UTF-8");
    let path = dir.path().join("typo.toml");
    let run = fr.run(&["diff", "-f", path.to_str().unwrap()]).code(2);
    assert!(
        run.stderr
            .contains("n'est pas un fichier d'état souhaité valide (ligne 2, colonne 1)")
            && run.stderr.contains("Clé inconnue defualt_value"),
        "{}",
        run.stderr
    );
    let run = admin.run(&["plan", "-f", "/nonexistent/file.toml"]).code(2);
    assert!(
        run.stderr
            .starts_with("error: Cannot read /nonexistent/file.toml"),
        "{}",
        run.stderr
    );
    // stdin works for plan; apply from stdin needs --yes.
    let run = admin
        .run_with_stdin(
            &["plan", "-f", "-"],
            "[products]\nCFQ7TTC0H9MP = \"Disabled\"\n",
        )
        .ok();
    assert!(run.stdout.contains("Power BI Pro"), "{}", run.stdout);
    let run = admin
        .run_with_stdin(&["apply", "-f", "-"], "[products]\n")
        .code(2);
    assert!(run.stderr.contains("add --yes"), "{}", run.stderr);
}

/// `apply` with nobody to answer its question (no terminal, nothing on stdin: CI) fails with
/// what to add instead of exiting 0 with nothing done; the question and the plan's hint name
/// the target, so following the hint never acts on another tenant.
#[test]
fn apply_without_an_answer_fails_and_hints_keep_their_target() {
    let server = Server::start();
    let admin = connect(&server, "admin@contoso.example");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("want.toml");
    std::fs::write(&file, "[products]\nCFQ7TTC0H9MP = \"Disabled\"\n").unwrap();
    let f = file.to_str().unwrap();

    let run = admin.run_with_stdin(&["apply", "-f", f], "").code(2);
    assert!(run.stderr.contains("to contoso.example"), "{}", run.stderr);
    assert!(
        run.stderr.contains("so nothing was changed: add --yes"),
        "{}",
        run.stderr
    );
    assert_eq!(value(&admin, "CFQ7TTC0H9MP"), "Enabled");

    // A plan made for a named profile hints at an apply on that profile.
    let run = admin.run(&["plan", "-f", f, "--profile", "default"]).ok();
    assert!(
        run.stdout
            .contains(&format!("mscommerce apply -f {f} --profile default")),
        "{}",
        run.stdout
    );
    admin.run(&["apply", "-f", f, "--yes"]).ok();
    assert_eq!(value(&admin, "CFQ7TTC0H9MP"), "Disabled");
}
