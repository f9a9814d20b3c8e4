//! The operator's `admin catalog` and `admin audit verify` through the real binary, around a real
//! `serve --demo` that these tests stop and start again on the same data directory.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::harness::{BIN, PASSWORD, Run, Server, Service};

const P: &str = "AllowSelfServicePurchase";

/// `mscommerce admin ARGS --data-dir DIR`.
fn admin(data_dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .arg("admin")
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_clear()
        .env("HOME", data_dir)
        .env("MSCOMMERCE_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run::from(out)
}

pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// One licensing API call: (status, JSON body).
fn call(
    service: &Service,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    block_on(async {
        let mut req = reqwest::Client::new()
            .request(method.parse().unwrap(), format!("{}{path}", service.url))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    })
}

/// An access token for a demo user (password grant at the built-in provider).
fn token(service: &Service, upn: &str) -> String {
    token_at(&service.url, upn)
}

/// An access token for a demo user of the server at `url`.
pub(crate) fn token_at(url: &str, upn: &str) -> String {
    let tenant = upn.split('@').nth(1).unwrap();
    let scope = format!("{}/.default", mscommerce_proto::RESOURCE_APP_ID);
    block_on(async {
        let r: Value = reqwest::Client::new()
            .post(format!("{url}/{tenant}/oauth2/v2.0/token"))
            .form(&[
                ("grant_type", "password"),
                ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
                ("username", upn),
                ("password", PASSWORD),
                ("scope", &scope),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["access_token"].as_str().expect("a token").to_owned()
    })
}

fn product(service: &Service, token: &str, id: &str) -> (u16, Value) {
    call(
        service,
        "GET",
        &format!("/v1.0/policies/{P}/products/{id}"),
        token,
        None,
    )
}

fn listed(service: &Service, token: &str) -> Vec<Value> {
    let (status, body) = call(
        service,
        "GET",
        &format!("/v1.0/policies/{P}/products"),
        token,
        None,
    );
    assert_eq!(status, 200);
    body["items"].as_array().unwrap().clone()
}

#[test]
fn the_default_reaches_a_product_the_operator_adds_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let service = Service::start(BIN, data, &[]);
    let contoso = token(&service, "admin@contoso.example");
    let (status, body) = call(
        &service,
        "PUT",
        &format!("/v1.0/policies/{P}"),
        &contoso,
        Some(json!({"defaultValue": "Disabled"})),
    );
    assert_eq!(
        (status, &body["defaultValue"]),
        (200, &json!("Disabled")),
        "{body}"
    );
    drop(service);

    let run = admin(
        data,
        &[
            "catalog",
            "add",
            "--product-id",
            "cfq7ttc0e2e1",
            "--name",
            "Contoso E2E Add-on",
            "--legacy-id",
            "CFQ7TTC0E2EL",
        ],
    )
    .ok();
    assert!(
        run.stdout
            .contains("Added CFQ7TTC0E2E1 (Contoso E2E Add-on)"),
        "{}",
        run.stdout
    );
    let list = admin(data, &["catalog", "list"]).ok();
    let line = list
        .stdout
        .lines()
        .find(|l| l.starts_with("CFQ7TTC0E2E1"))
        .unwrap_or_else(|| panic!("{}", list.stdout));
    assert!(
        line.contains("Contoso E2E Add-on") && line.ends_with("CFQ7TTC0E2EL"),
        "{line}"
    );
    assert!(list.stdout.lines().any(|l| l.starts_with("CFQ7TTC0H9MP")));

    let service = Service::start(BIN, data, &[]);
    let contoso = token(&service, "admin@contoso.example");
    let fabrikam = token(&service, "admin@fabrikam.example");
    // At contoso's default in contoso, at the built-in default in fabrikam; the legacy id too.
    for id in ["CFQ7TTC0E2E1", "CFQ7TTC0E2EL"] {
        let (status, body) = product(&service, &contoso, id);
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body,
            json!({"policyId": P, "policyValue": "Disabled",
                   "productName": "Contoso E2E Add-on", "productId": "CFQ7TTC0E2E1"})
        );
        assert_eq!(product(&service, &fabrikam, id).1["policyValue"], "Enabled");
    }
    assert!(
        listed(&service, &contoso)
            .iter()
            .any(|i| i["productId"] == "CFQ7TTC0E2E1" && i["policyValue"] == "Disabled")
    );
    // Products that were there before kept their values.
    assert_eq!(
        product(&service, &contoso, "CFQ7TTC0H9MP").1["policyValue"],
        "Enabled"
    );
    drop(service);

    // Rename, retire, a replacement taking over the retired id; refusals exit 1 and say why.
    admin(
        data,
        &[
            "catalog",
            "rename",
            "--product-id",
            "CFQ7TTC0E2E1",
            "--name",
            "Old Add-on",
        ],
    )
    .ok();
    admin(
        data,
        &[
            "catalog",
            "add",
            "--product-id",
            "CFQ7TTC0E2E2",
            "--name",
            "New Add-on",
            "--trial-without-payment-method",
        ],
    )
    .ok();
    let again = admin(
        data,
        &[
            "catalog",
            "add",
            "--product-id",
            "CFQ7TTC0E2E1",
            "--name",
            "x",
        ],
    )
    .code(1);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    let unknown = admin(data, &["catalog", "retire", "--product-id", "NOSUCH"]).code(1);
    assert!(
        unknown.stderr.contains("no such product"),
        "{}",
        unknown.stderr
    );
    let bad = admin(
        data,
        &["catalog", "add", "--product-id", "not an id", "--name", "x"],
    )
    .code(1);
    assert!(bad.stderr.contains("not a product id"), "{}", bad.stderr);
    let retired = admin(data, &["catalog", "retire", "--product-id", "CFQ7TTC0E2E1"]).ok();
    assert!(
        retired.stdout.contains("Retired CFQ7TTC0E2E1"),
        "{}",
        retired.stdout
    );

    let service = Service::start(BIN, data, &[]);
    let contoso = token(&service, "admin@contoso.example");
    let items = listed(&service, &contoso);
    assert!(
        items.iter().all(|i| i["productId"] != "CFQ7TTC0E2E1"),
        "retired: not listed"
    );
    assert!(
        items
            .iter()
            .any(|i| i["productId"] == "CFQ7TTC0E2E2" && i["policyValue"] == "Disabled")
    );
    let (status, body) = product(&service, &contoso, "CFQ7TTC0E2E1");
    assert_eq!(
        (status, &body["productName"]),
        (200, &json!("Old Add-on")),
        "readable by id"
    );
    let (status, body) = call(
        &service,
        "PUT",
        &format!("/v1.0/policies/{P}/products/CFQ7TTC0E2E1"),
        &contoso,
        Some(json!({"policyValue": "Enabled"})),
    );
    assert_eq!(status, 400, "{body}");
    assert!(
        body["reason"].as_str().unwrap().contains("retired"),
        "{body}"
    );
    drop(service);

    admin(
        data,
        &[
            "catalog",
            "map-legacy",
            "--legacy-id",
            "CFQ7TTC0E2E1",
            "--product-id",
            "CFQ7TTC0E2E2",
        ],
    )
    .ok();
    let service = Service::start(BIN, data, &[]);
    let contoso = token(&service, "admin@contoso.example");
    assert_eq!(
        product(&service, &contoso, "CFQ7TTC0E2E1").1["productId"],
        "CFQ7TTC0E2E2"
    );
}

/// Runs `admin audit verify` (with `extra`), expecting `code`.
/// The operator renames a product with `admin catalog` while the service runs, after a tenant's
/// answers are cached: the service hears of the other process's commit and answers with the new
/// name within seconds, not when the cached answer expires (300 s by default).
#[test]
fn a_catalog_change_made_while_the_service_runs_shows_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let service = Service::start(BIN, data, &[]);
    let contoso = token(&service, "admin@contoso.example");
    let name = |items: &[Value]| {
        items
            .iter()
            .find(|i| i["productId"] == "CFQ7TTC0H9MP")
            .map(|i| i["productName"].clone())
    };
    assert_eq!(
        name(&listed(&service, &contoso)),
        Some(json!("Power BI Pro"))
    );
    admin(
        data,
        &[
            "catalog",
            "rename",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--name",
            "Power BI Pro (renamed)",
        ],
    )
    .ok();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let now = name(&listed(&service, &contoso));
        if now == Some(json!("Power BI Pro (renamed)")) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still {now:?} 10 s after the rename"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn verify(data: &Path, extra: &[&str], code: i32) -> Run {
    let mut args = vec!["audit", "verify"];
    args.extend_from_slice(extra);
    admin(data, &args).code(code)
}

#[test]
fn audit_verify_finds_the_first_broken_link_after_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let service = Service::start(BIN, data, &[]);
    let contoso = token(&service, "admin@contoso.example");
    let fabrikam = token(&service, "admin@fabrikam.example");
    for (t, id, value) in [
        (&contoso, "CFQ7TTC0H9MP", "Disabled"),
        (&contoso, "CFQ7TTC0HD33", "OnlyTrialsWithoutPaymentMethod"),
        (&contoso, "CFQ7TTC0H9MP", "Enabled"),
        (&fabrikam, "CFQ7TTC0H9MP", "Disabled"),
        (&fabrikam, "CFQ7TTC0HD33", "Disabled"),
    ] {
        let (status, body) = call(
            &service,
            "PUT",
            &format!("/v1.0/policies/{P}/products/{id}"),
            t,
            Some(json!({"policyValue": value})),
        );
        assert_eq!(status, 200, "{body}");
    }
    drop(service);

    let ok = verify(data, &[], 0);
    assert!(
        ok.stdout
            .contains("(contoso.example): 3 entries, chain intact, head "),
        "{}",
        ok.stdout
    );
    assert!(
        ok.stdout
            .contains("(fabrikam.example): 2 entries, chain intact"),
        "{}",
        ok.stdout
    );
    assert!(ok.stdout.contains("all intact"), "{}", ok.stdout);

    // An attacker with the file: drop the append-only triggers, then rewrite history.
    let contoso_id = mscommerce_server::demo::CONTOSO.id;
    let fabrikam_id = mscommerce_server::demo::FABRIKAM.id;
    let db = data.join("mscommerce.db");
    let tamper = |sql: Vec<String>| {
        block_on(async {
            let store = mscommerce_store::sqlite::SqliteStore::open(&db)
                .await
                .unwrap();
            for s in sql {
                store.raw_execute(&s).await.unwrap();
            }
            store.close().await;
        });
    };
    tamper(vec![
        "DROP TRIGGER audit_log_no_update".into(),
        format!(
            "UPDATE audit_log SET new_value = 'Disabled' WHERE tenant = '{contoso_id}' AND seq = 2"
        ),
    ]);
    let broken = verify(data, &[], 1);
    let line = broken
        .stdout
        .lines()
        .find(|l| l.contains("contoso.example"))
        .unwrap();
    assert!(line.contains(&contoso_id.to_string()), "{line}");
    assert!(
        line.contains("BROKEN: entry 2's content hashes to"),
        "{line}"
    );
    assert!(line.contains("the entry was altered"), "{line}");
    assert!(
        broken
            .stdout
            .contains("(fabrikam.example): 2 entries, chain intact"),
        "{}",
        broken.stdout
    );
    assert!(
        broken.stderr.contains("1 of 2 tenant journals are broken"),
        "{}",
        broken.stderr
    );
    // One tenant at a time: fabrikam's chain is fine.
    verify(data, &["--tenant", "fabrikam.example"], 0);
    verify(data, &["--tenant", &contoso_id.to_string()], 1);

    // Removing an entry is found too, as the gap it leaves.
    tamper(vec![
        "DROP TRIGGER audit_log_no_delete".into(),
        format!("DELETE FROM audit_log WHERE tenant = '{fabrikam_id}' AND seq = 1"),
    ]);
    let gap = verify(data, &["--tenant", "fabrikam.example"], 1);
    assert!(
        gap.stdout
            .contains("BROKEN: entry 2 follows entry 0: entries are missing"),
        "{}",
        gap.stdout
    );

    // An entry rewritten into something the service cannot even read back is broken as well.
    tamper(vec![format!(
        "UPDATE audit_log SET new_value = 'Sometimes' WHERE tenant = '{contoso_id}' AND seq = 1"
    )]);
    let unreadable = verify(data, &["--tenant", "contoso.example"], 1);
    assert!(
        unreadable.stdout.contains("cannot be read back"),
        "{}",
        unreadable.stdout
    );
}

/// A Global Administrator's password from stdin is held to the password policy (at least 12
/// characters, not a common password) unless the operator names --allow-weak; an app's secret
/// from stdin too. Generated ones need no check.
#[test]
fn weak_passwords_and_secrets_are_refused_unless_allowed() {
    let server = Server::start();
    let add_user = |upn: &str, extra: &[&str], password: &str| {
        let mut args = vec![
            "admin",
            "user",
            "add",
            "--upn",
            upn,
            "--role",
            "global-admin",
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        server.admin_with_stdin(&args, &format!("{password}\n"))
    };
    let weak = add_user("a@contoso.example", &[], "x").code(1);
    assert!(weak.stderr.contains("Refused:"), "{}", weak.stderr);
    assert!(weak.stderr.contains("--allow-weak"), "{}", weak.stderr);
    add_user("b@contoso.example", &[], "password1234").code(1);
    add_user("c@contoso.example", &[], "correct horse battery staple").ok();
    add_user("d@contoso.example", &["--allow-weak"], "x").ok();
    let app = |secret: &str| {
        server.admin_with_stdin(
            &[
                "admin",
                "app",
                "add",
                "--tenant",
                "contoso.example",
                "--name",
                "Weak",
                "--client-id",
                "weak-app",
                "--secret-stdin",
            ],
            &format!("{secret}\n"),
        )
    };
    app("secret").code(1);
    app("a secret nobody would guess 7f3a").ok();
}

/// The data directory holds password and secret hashes and the journal: a fresh one is made
/// owner-only (the database and SQLite's `-wal`/`-shm` included), and one that others could
/// read (made beforehand by `mkdir`, files copied in) is restricted at the next start, saying so.
#[cfg(unix)]
#[test]
fn the_data_directory_is_owner_only_whatever_existed_before() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let set = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("data");
    let db = data.join("mscommerce.db");
    let files = [
        db.clone(),
        data.join("mscommerce.db-wal"),
        data.join("mscommerce.db-shm"),
    ];

    let mut service = Service::start(BIN, &data, &[]);
    assert_eq!(mode(&data), 0o700);
    for f in &files {
        assert_eq!(mode(f), 0o600, "{}", f.display());
    }
    service.kill9();

    set(&data, 0o755).unwrap();
    set(&db, 0o644).unwrap();
    set(&data.join("keys"), 0o755).unwrap();
    let run = admin(&data, &["audit", "verify"]).ok();
    assert!(
        run.stderr.contains("to its owner") && run.stderr.contains("mscommerce.db"),
        "the tightening is logged: {}",
        run.stderr
    );
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("keys")), 0o700);
    assert_eq!(mode(&db), 0o600);

    set(&data, 0o750).unwrap();
    let _service = Service::start(BIN, &data, &[]);
    assert_eq!(mode(&data), 0o700, "serve restricts it too");
}

/// The operator adds a storefront (`admin app add --storefront`): it signs in with its secret
/// and gets purchase decisions for any tenant, Fabrikam's included, and nothing else.
#[test]
fn a_storefront_added_by_the_operator_decides_for_every_tenant() {
    let server = Server::start();
    let secret = "a storefront's long and unguessable secret 7f3k";
    let added = server.admin_with_stdin(
        &[
            "admin",
            "app",
            "add",
            "--tenant",
            "contoso.example",
            "--name",
            "Shop",
            "--client-id",
            "shop",
            "--storefront",
            "--secret-stdin",
        ],
        secret,
    );
    assert_eq!(added.code, 0, "{added:#?}");
    let listed = server
        .admin(&["admin", "app", "list", "--tenant", "contoso.example"])
        .ok();
    assert!(
        listed.stdout.contains("SelfServicePurchase.Evaluate.All"),
        "{}",
        listed.stdout
    );
    let token = block_on(mscommerce_testkit::tokens::app(
        &reqwest::Client::new(),
        &server.url,
        "contoso.example",
        "shop",
        secret,
    ));
    let fabrikam = "8f3c2d14-6b7a-4e59-8d21-3a9f0b5c6e02";
    let ask = serde_json::json!({
        "tenantId": fabrikam, "productId": "CFQ7TTC0H9MP", "kind": "purchase", "hasPaymentMethod": true,
    });
    let decide = || {
        block_on(async {
            let r = reqwest::Client::new()
                .post(format!("{}/v1.0/policies/{P}/evaluate", server.url))
                .bearer_auth(&token)
                .json(&ask)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        })
    };
    let (status, body) = decide();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["decision"], "allow", "{body}");

    // Fabrikam's admin disables it; the storefront's next decision is a deny.
    let admin = token_at(&server.url, "admin@fabrikam.example");
    let cli = crate::harness::Cli::new(&server);
    cli.run(&[
        "update-product-policy",
        "--endpoint",
        &server.url,
        "--token",
        &admin,
        "--product-id",
        "CFQ7TTC0H9MP",
        "--value",
        "Disabled",
    ])
    .ok();
    let (status, body) = decide();
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["decision"].as_str(), body["reason"].as_str()),
        (Some("deny"), Some("policyDisabled"))
    );
}

/// `admin keys rotate` on a running server's data directory: the server publishes the new key
/// within seconds, without a restart; with `--retire-after 0s` (a leaked key) it also stops
/// publishing the old one and refuses the tokens it signed, even one it had verified before.
#[test]
fn a_running_server_picks_up_a_key_rotation() {
    let base = tempfile::tempdir().unwrap();
    let data = base.path();
    let service = Service::start(BIN, data, &[]);
    let kids = || -> Vec<String> {
        let (_, jwks) = call(
            &service,
            "GET",
            "/contoso.example/discovery/v2.0/keys",
            "",
            None,
        );
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = kids();
    assert_eq!(before.len(), 1, "{before:?}");
    let old_token = token(&service, "admin@contoso.example");
    assert_eq!(
        listed(&service, &old_token).len(),
        25,
        "the token works (and is cached)"
    );

    let bad = admin(data, &["keys", "rotate", "--retire-after", "soon"]);
    assert_eq!(bad.code, 1, "{bad:#?}");
    assert!(bad.stderr.contains("0s, 15m"), "{}", bad.stderr);
    admin(data, &["keys", "rotate", "--retire-after", "0s"]).ok();

    let start = std::time::Instant::now();
    while kids() == before {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the server still publishes only {before:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let after = kids();
    assert!(
        !after.contains(&before[0]),
        "the retired key is gone: {after:?}"
    );
    let (status, body) = call(
        &service,
        "GET",
        &format!("/v1.0/policies/{P}/products"),
        &old_token,
        None,
    );
    assert_eq!(status, 401, "a token of the retired key: {body}");
    let new_token = token(&service, "admin@contoso.example");
    assert_eq!(listed(&service, &new_token).len(), 25);
}

/// The head hash an operator kept: still in the chain after later writes (exit 0, saying how
/// many came since); gone when the end of the journal is cut off, which the links alone cannot
/// show (exit 1).
#[test]
fn a_kept_head_catches_a_journal_cut_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let service = Service::start(BIN, data, &[]);
    let contoso = token(&service, "admin@contoso.example");
    let put = |value: &str| {
        let (status, body) = call(
            &service,
            "PUT",
            &format!("/v1.0/policies/{P}/products/CFQ7TTC0H9MP"),
            &contoso,
            Some(json!({"policyValue": value})),
        );
        assert_eq!(status, 200, "{body}");
    };
    put("Disabled");
    put("Enabled");
    let first = verify(data, &["--tenant", "contoso.example"], 0);
    let kept = first
        .stdout
        .split("head ")
        .nth(1)
        .and_then(|rest| rest.get(..64))
        .unwrap()
        .to_owned();
    put("Disabled");
    drop(service);

    let later = verify(
        data,
        &["--tenant", "contoso.example", "--expect-head", &kept],
        0,
    );
    assert!(
        later.stdout.contains("is entry 2") && later.stdout.contains("with one entry added since"),
        "{}",
        later.stdout
    );
    let bad = verify(
        data,
        &["--tenant", "contoso.example", "--expect-head", "abc"],
        1,
    );
    assert!(
        bad.stderr.contains("64 hexadecimal digits"),
        "{}",
        bad.stderr
    );
    let whole = admin(data, &["audit", "verify", "--expect-head", &kept]);
    assert_eq!(whole.code, 2, "--expect-head needs --tenant: {whole:#?}");

    // Cut the last two entries: the chain that remains is intact, but the kept head is gone.
    let db = data.join("mscommerce.db");
    let tenant = mscommerce_server::demo::CONTOSO.id;
    block_on(async {
        let store = mscommerce_store::sqlite::SqliteStore::open(&db)
            .await
            .unwrap();
        for sql in [
            "DROP TRIGGER audit_log_no_delete".to_owned(),
            format!("DELETE FROM audit_log WHERE tenant = '{tenant}' AND seq >= 2"),
        ] {
            store.raw_execute(&sql).await.unwrap();
        }
        store.close().await;
    });
    verify(data, &["--tenant", "contoso.example"], 0);
    let cut = verify(
        data,
        &["--tenant", "contoso.example", "--expect-head", &kept],
        1,
    );
    assert!(
        cut.stdout
            .contains("is not in the journal: entries were removed from its end"),
        "{}",
        cut.stdout
    );
}

/// `admin app add --redirect-uri`: a web application that signs users in with the authorization
/// code flow; the list shows its URIs, and a URI that cannot be one is refused with the rule.
#[test]
fn an_app_registers_its_redirect_uris() {
    let server = Server::start();
    let add = |uri: &str, id: &str| {
        server.admin_with_stdin(
            &[
                "admin",
                "app",
                "add",
                "--tenant",
                "contoso.example",
                "--name",
                "Policy page",
                "--client-id",
                id,
                "--redirect-uri",
                uri,
                "--redirect-uri",
                "http://localhost:8080/signin-oidc",
                "--secret-stdin",
            ],
            "a web application's long secret 5c1e\n",
        )
    };
    let refused = add("http://policies.contoso.example/signin-oidc", "page-1").code(1);
    assert!(
        refused.stderr.contains("cannot be a redirect URI") && refused.stderr.contains("https://"),
        "{}",
        refused.stderr
    );
    add("https://policies.contoso.example/signin-oidc", "page-2").ok();
    let listed = server
        .admin(&["admin", "app", "list", "--tenant", "contoso.example"])
        .ok();
    assert!(!listed.stdout.contains("page-1"), "{}", listed.stdout);
    assert!(
        listed.stdout.contains(
            "https://policies.contoso.example/signin-oidc http://localhost:8080/signin-oidc"
        ),
        "{}",
        listed.stdout
    );
}
