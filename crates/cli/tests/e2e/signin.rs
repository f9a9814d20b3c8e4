//! Every sign-in mode, profiles, the token cache (modes, corruption, concurrent refresh), and
//! secrets never printed.

use crate::harness::{Cli, PASSWORD, Run, SECRET, Server, fake_jwt, fixture, redact};

fn read_cache(cli: &Cli) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(cli.cache_file()).unwrap()).unwrap()
}

#[test]
fn password_sign_in_whoami_and_disconnect() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let run = cli.connect("admin@contoso.example", &[]).ok();
    assert_eq!(
        run.stdout.trim(),
        "Connected as admin@contoso.example to tenant contoso.example (profile default)."
    );
    insta::assert_snapshot!(
        "whoami_table",
        redact(&cli.run(&["whoami"]).ok().stdout, &server, &cli)
    );
    let who = cli.run(&["whoami", "--output", "json"]).ok().json();
    assert_eq!(who["account"], "admin@contoso.example");
    assert_eq!(who["kind"], "user");
    assert_eq!(who["signIn"], "password");
    assert_eq!(who["roles"][0]["name"], "Global Administrator");
    assert_eq!(who["expired"], false);
    // Where the tokens are, for an admin who wants to know what to protect or delete.
    assert_eq!(
        who["tokenCache"],
        cli.cache_file().display().to_string(),
        "{who}"
    );
    let csv = cli.run(&["whoami", "--output", "csv"]).ok().stdout;
    assert!(csv.starts_with("Profile,Endpoint,Kind,Account,"), "{csv}");
    cli.run(&["get-policies"]).ok();

    let run = cli.run(&["disconnect"]).ok();
    assert_eq!(run.stdout.trim(), "Signed out: default.");
    let run = cli.run(&["get-policies"]).code(3);
    assert!(
        run.stderr.contains("Not signed in (profile default)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Connect first: mscommerce connect --tenant <tenant>"),
        "{}",
        run.stderr
    );
    let run = cli.run(&["disconnect"]).ok();
    assert!(run.stderr.contains("Nothing to forget"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn the_cache_is_private_and_holds_no_password() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start();
    let cli = Cli::new(&server);
    // A directory that others could read is made private before tokens go in.
    std::fs::set_permissions(cli.config.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    cli.connect("admin@contoso.example", &[]).ok();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(cli.config.path()), 0o700);
    assert_eq!(mode(&cli.cache_file()), 0o600);
    let text = std::fs::read_to_string(cli.cache_file()).unwrap();
    assert!(!text.contains(PASSWORD));
    let cache = read_cache(&cli);
    assert_eq!(cache["current"], "default");
    assert!(cache["profiles"]["default"]["refreshToken"].is_string());
}

#[test]
fn tokens_and_secrets_never_appear_even_with_verbose() {
    let server = Server::start();
    let mut cli = Cli::new(&server);
    let connect = cli.connect("admin@contoso.example", &["--verbose"]).ok();
    let cache = read_cache(&cli);
    let access = cache["profiles"]["default"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let refresh = cache["profiles"]["default"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = cli.run(&["get-product-policies", "--verbose"]).ok();
    assert!(
        run.stderr.contains("x-ms-correlation-id") || run.stderr.contains("correlation_id"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("/v1.0/policies/AllowSelfServicePurchase/products"),
        "{}",
        run.stderr
    );
    let whoami = cli.run(&["whoami", "--verbose", "--output", "json"]).ok();
    // An app secret from the environment.
    cli.env
        .push(("MSCOMMERCE_CLIENT_SECRET".into(), SECRET.into()));
    let app = cli
        .run(&[
            "connect",
            "--verbose",
            "--endpoint",
            &server.url,
            "--tenant",
            "contoso.example",
            "--client-id",
            "contoso-automation",
            "--profile",
            "app",
        ])
        .ok();
    let bad = cli
        .run_with_stdin(
            &[
                "connect",
                "--verbose",
                "--endpoint",
                &server.url,
                "--tenant",
                "contoso.example",
                "--username",
                "admin@contoso.example",
                "--password-stdin",
                "--profile",
                "x",
            ],
            "wrong-password-123\n",
        )
        .code(3);
    for r in [&connect, &run, &whoami, &app, &bad] {
        for secret in [
            access.as_str(),
            refresh.as_str(),
            PASSWORD,
            SECRET,
            "wrong-password-123",
        ] {
            assert!(
                !r.stdout.contains(secret) && !r.stderr.contains(secret),
                "a secret leaked:\n{r:#?}"
            );
        }
        // No fragment of a JWT either.
        assert!(
            !r.stderr.contains(mscommerce_testkit::tokens::TOKEN_START),
            "{r:#?}"
        );
    }
}

#[test]
fn device_code_sign_in_completes_through_the_device_page() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let (code, run) = device_sign_in(&server, &cli, "billing@contoso.example", false);
    assert!(code.len() >= 6, "{code}");
    let run = run.ok();
    assert!(
        run.stdout.contains("Connected as billing@contoso.example"),
        "{run:#?}"
    );
    let who = cli.run(&["whoami", "--output", "json"]).ok().json();
    assert_eq!(who["signIn"], "device-code");
    assert_eq!(who["roles"][0]["name"], "Billing Administrator");
    cli.run(&["get-product-policy", "--product-id", "CFQ7TTC0H9MP"])
        .ok();
}

#[test]
fn a_declined_device_code_stops_with_exit_3() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let (_, run) = device_sign_in(&server, &cli, "admin@contoso.example", true);
    let run = run.code(3);
    assert!(run.stderr.contains("The sign-in was declined."), "{run:#?}");
    assert!(
        !cli.cache_file().exists() || read_cache(&cli)["profiles"].as_object().unwrap().is_empty()
    );
}

/// Starts `connect` (device code), reads the code it prints, completes (or declines) the
/// sign-in by posting the device page's form, and waits for the CLI.
/// `connect --endpoint … --tenant contoso.example <how>` with its stdout and stderr piped; the
/// browser opener is a program that opens nothing (the test plays the browser).
fn spawn_connect(server: &Server, cli: &Cli, how: &str) -> std::process::Child {
    cli.command(&[
        "connect",
        "--endpoint",
        &server.url,
        "--tenant",
        "contoso.example",
        how,
    ])
    .env("BROWSER", "true")
    .stdin(std::process::Stdio::null())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap()
}

/// Reads `stderr` until `found` finds what it looks for in everything read so far; that, and
/// everything read.
fn read_until<T>(
    stderr: &mut std::process::ChildStderr,
    found: impl Fn(&str) -> Option<T>,
) -> (T, String) {
    use std::io::Read;
    let mut seen = String::new();
    let mut buf = [0u8; 512];
    loop {
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "the CLI stopped before printing it: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        if let Some(t) = found(&seen) {
            return (t, seen);
        }
    }
}

fn device_sign_in(server: &Server, cli: &Cli, upn: &str, decline: bool) -> (String, Run) {
    use std::io::Read;
    // Named: without a terminal, the default sign-in refuses (nobody could read the code).
    let mut child = spawn_connect(server, cli, "--device-code");
    let mut stderr = child.stderr.take().unwrap();
    // The instructions are one line: "... enter the code ABCD-EFGH (valid 15 minutes) ...".
    let (code, seen) = read_until(&mut stderr, |seen| {
        seen.split("enter the code ")
            .nth(1)
            .and_then(|rest| rest.split_once(" ("))
            .map(|(code, _)| code.to_owned())
    });
    assert!(
        seen.contains(&format!("{}/devicelogin", server.url)),
        "{seen}"
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = runtime.block_on(async {
        let mut form = vec![
            ("user_code", code.clone()),
            ("username", upn.to_owned()),
            ("password", PASSWORD.to_owned()),
        ];
        if decline {
            form.push(("decline", "1".to_owned()));
        }
        reqwest::Client::new()
            .post(format!("{}/devicelogin", server.url))
            .form(&form)
            .send()
            .await
            .unwrap()
            .status()
    });
    assert!(status.is_success(), "device page answered {status}");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: seen + &rest,
    };
    (code, run)
}

#[test]
fn app_sign_in_with_a_secret_from_the_environment_or_a_file() {
    let server = Server::start();
    let mut cli = Cli::new(&server);
    // Neither: a usage error that says where a secret may come from.
    let run = cli
        .run(&[
            "connect",
            "--endpoint",
            &server.url,
            "--tenant",
            "contoso.example",
            "--client-id",
            "contoso-automation",
        ])
        .code(2);
    assert!(
        run.stderr.contains("MSCOMMERCE_CLIENT_SECRET"),
        "{}",
        run.stderr
    );
    // An app needs a tenant.
    cli.run(&[
        "connect",
        "--endpoint",
        &server.url,
        "--client-id",
        "contoso-automation",
    ])
    .code(2);

    cli.env
        .push(("MSCOMMERCE_CLIENT_SECRET".into(), SECRET.into()));
    let run = cli
        .run(&[
            "connect",
            "--endpoint",
            &server.url,
            "--tenant",
            "contoso.example",
            "--client-id",
            "contoso-automation",
        ])
        .ok();
    assert!(
        run.stdout
            .contains("Connected as the app contoso-automation"),
        "{}",
        run.stdout
    );
    let who = cli.run(&["whoami", "--output", "json"]).ok().json();
    assert_eq!(who["kind"], "app");
    assert_eq!(who["appId"], "contoso-automation");
    assert_eq!(
        who["permissions"][0],
        "Policy.ReadWrite.AllowSelfServicePurchase"
    );
    cli.run(&[
        "update-product-policy",
        "--product-id",
        "CFQ7TTC0H9MP",
        "--enabled",
        "false",
    ])
    .ok();

    let secret_file = cli.config.path().join("reporting.secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    cli.env.clear();
    cli.run(&[
        "connect",
        "--endpoint",
        &server.url,
        "--tenant",
        "contoso.example",
        "--client-id",
        "contoso-reporting",
        "--client-secret-file",
        secret_file.to_str().unwrap(),
        "--profile",
        "reporting",
    ])
    .ok();
    let run = cli
        .run(&[
            "get-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--profile",
            "reporting",
            "--output",
            "json",
        ])
        .ok();
    assert_eq!(run.json()["policyValue"], "Disabled");
    // The cache keeps where the secret comes from, never the secret.
    let text = std::fs::read_to_string(cli.cache_file()).unwrap();
    assert!(!text.contains(SECRET));
    assert!(text.contains("reporting.secret"));
    // A wrong secret is a refused sign-in (exit 3).
    std::fs::write(&secret_file, "not-the-secret\n").unwrap();
    let run = cli
        .run(&[
            "connect",
            "--endpoint",
            &server.url,
            "--tenant",
            "contoso.example",
            "--client-id",
            "contoso-reporting",
            "--client-secret-file",
            secret_file.to_str().unwrap(),
        ])
        .code(3);
    assert!(run.stderr.contains("refused the sign-in"), "{}", run.stderr);
    assert!(run.stderr.contains("Correlation id:"), "{}", run.stderr);
}

#[test]
fn app_sign_in_with_a_certificate() {
    let server = Server::start();
    let cert_only = fixture("cert.pem");
    let added = server.admin(&[
        "admin",
        "app",
        "add",
        "--tenant",
        "contoso.example",
        "--name",
        "Contoso certificate app",
        "--client-id",
        "contoso-cert",
        "--certificate",
        cert_only.to_str().unwrap(),
        "--permission",
        "Policy.ReadWrite.AllowSelfServicePurchase",
    ]);
    assert_eq!(added.code, 0, "admin app add --certificate:\n{added:#?}");
    let cli = Cli::new(&server);
    // Certificate and key in one file.
    let both = fixture("cert-and-key.pem");
    let run = cli
        .run(&[
            "connect",
            "--endpoint",
            &server.url,
            "--tenant",
            "contoso.example",
            "--client-id",
            "contoso-cert",
            "--certificate",
            both.to_str().unwrap(),
        ])
        .ok();
    assert!(run.stdout.contains("contoso-cert"), "{}", run.stdout);
    cli.run(&[
        "update-product-policy",
        "--offer-type",
        "SaaS",
        "--value",
        "Disabled",
    ])
    .ok();
    // The key in its own file (PKCS#1), in another profile.
    cli.run(&[
        "connect",
        "--endpoint",
        &server.url,
        "--tenant",
        "contoso.example",
        "--client-id",
        "contoso-cert",
        "--certificate",
        cert_only.to_str().unwrap(),
        "--certificate-key",
        fixture("key-pkcs1.pem").to_str().unwrap(),
        "--profile",
        "split",
    ])
    .ok();
    let who = cli
        .run(&["whoami", "--profile", "split", "--output", "json"])
        .ok()
        .json();
    assert_eq!(who["signIn"], "certificate");
    // A certificate file without a key is a usage error that says what is missing.
    let run = cli
        .run(&[
            "connect",
            "--endpoint",
            &server.url,
            "--tenant",
            "contoso.example",
            "--client-id",
            "contoso-cert",
            "--certificate",
            cert_only.to_str().unwrap(),
        ])
        .code(2);
    assert!(
        run.stderr.contains("holds no RSA private key"),
        "{}",
        run.stderr
    );
}

/// A server, and a CLI signed in to it twice: profiles `contoso`, then `fabrikam` (current).
fn signed_in_twice() -> (Server, Cli) {
    let server = Server::start();
    let cli = Cli::new(&server);
    cli.connect("admin@contoso.example", &["--profile", "contoso"])
        .ok();
    cli.connect("admin@fabrikam.example", &["--profile", "fabrikam"])
        .ok();
    (server, cli)
}

#[test]
fn profiles_side_by_side() {
    let (_server, cli) = signed_in_twice();
    // The last sign-in is the current profile; --profile picks another.
    cli.run(&[
        "update-product-policy",
        "--product-id",
        "CFQ7TTC0H9MP",
        "--enabled",
        "false",
    ])
    .ok();
    let fab = cli
        .run(&[
            "get-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--output",
            "json",
        ])
        .ok()
        .json();
    let con = cli
        .run(&[
            "get-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--output",
            "json",
            "--profile",
            "contoso",
        ])
        .ok()
        .json();
    assert_eq!(fab["policyValue"], "Disabled");
    assert_eq!(con["policyValue"], "Enabled", "tenants are isolated");
    let who = cli
        .run(&["whoami", "--profile", "contoso", "--output", "json"])
        .ok()
        .json();
    assert_eq!(who["account"], "admin@contoso.example");
    // A profile that does not exist lists those that do.
    let run = cli.run(&["get-policies", "--profile", "nope"]).code(3);
    assert!(run.stderr.contains("contoso, fabrikam"), "{}", run.stderr);
    cli.run(&["disconnect", "--profile", "fabrikam"]).ok();
    cli.run(&["get-policies", "--profile", "contoso"]).ok();
    cli.run(&["disconnect", "--all"]).ok();
    cli.run(&["get-policies", "--profile", "contoso"]).code(3);
}

#[test]
fn a_corrupt_cache_means_connect_again_never_a_crash() {
    let server = Server::start();
    let cli = Cli::new(&server);
    cli.connect("admin@contoso.example", &[]).ok();
    std::fs::write(cli.cache_file(), b"\x00{garbage\xff not json").unwrap();
    for args in [
        &["get-policies"][..],
        &["whoami"],
        &[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--enabled",
            "false",
        ],
    ] {
        let run = cli.run(args).code(3);
        assert!(run.stderr.contains("cannot be read"), "{}", run.stderr);
        assert!(
            run.stderr.contains("Connect again: mscommerce connect"),
            "{}",
            run.stderr
        );
    }
    insta::assert_snapshot!(
        "corrupt_cache",
        redact(&cli.run(&["get-policies"]).code(3).stderr, &server, &cli)
    );
    // Signing in again repairs it, and says so.
    let run = cli.connect("admin@contoso.example", &[]).ok();
    assert!(run.stderr.contains("was replaced"), "{}", run.stderr);
    cli.run(&["get-policies"]).ok();
}

#[test]
fn an_expired_or_foreign_token_is_refused_with_exit_3() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let expired = fake_jwt(&serde_json::json!({
        "aud": "aeb86249-8ea3-49e2-900b-54cc8e308f85",
        "iss": format!("{}/0a000000-0000-4000-8000-000000000001/v2.0", server.url),
        "tid": "0a000000-0000-4000-8000-000000000001",
        "upn": "admin@contoso.example",
        "exp": 1_000_000_000,
        "nbf": 999_000_000,
    }));
    let run = cli
        .run(&[
            "get-policies",
            "--endpoint",
            &server.url,
            "--token",
            &expired,
        ])
        .code(3);
    insta::assert_snapshot!("expired_token", redact(&run.stderr, &server, &cli));
    // From the environment, like -Token, and from stdin.
    let mut env_cli = Cli::new(&server);
    env_cli
        .env
        .push(("MSCOMMERCE_TOKEN".into(), expired.clone()));
    env_cli
        .run(&["get-product-policies", "--endpoint", &server.url])
        .code(3);
    cli.run_with_stdin(
        &["get-policies", "--endpoint", &server.url, "--token", "-"],
        &format!("{expired}\n"),
    )
    .code(3);
    // whoami reads a given token without the service, and says it expired.
    let who = cli
        .run(&["whoami", "--token", &expired, "--output", "json"])
        .ok()
        .json();
    assert_eq!(who["expired"], true);
    assert_eq!(who["account"], "admin@contoso.example");
    cli.run(&[
        "get-policies",
        "--endpoint",
        &server.url,
        "--token",
        "not-a-jwt",
    ])
    .code(3);
}

#[test]
fn a_token_obtained_elsewhere_works_like_minus_token() {
    let server = Server::start();
    let cli = Cli::new(&server);
    cli.connect("reader@contoso.example", &[]).ok();
    let token = read_cache(&cli)["profiles"]["default"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = Cli::new(&server);
    let run = other
        .run(&[
            "get-product-policy",
            "--product-id",
            "CFQ7TTC0H9MP",
            "--endpoint",
            &server.url,
            "--token",
            &token,
            "--output",
            "json",
        ])
        .ok();
    assert_eq!(run.json()["productName"], "Power BI Pro");
}

#[test]
fn an_expired_access_token_is_refreshed_silently_even_by_two_processes_at_once() {
    let server = Server::start();
    let cli = Cli::new(&server);
    cli.connect("admin@contoso.example", &[]).ok();
    let mut cache = read_cache(&cli);
    let old = cache["profiles"]["default"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    cache["profiles"]["default"]["expiresAt"] = serde_json::json!(1_000_000_000);
    std::fs::write(cli.cache_file(), serde_json::to_vec_pretty(&cache).unwrap()).unwrap();
    // Two CLI processes at once, both needing a refresh.
    let children: Vec<_> = (0..2)
        .map(|_| {
            cli.command(&["get-policies", "--output", "json"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let run = Run::from(c.wait_with_output().unwrap()).ok();
        assert!(run.stdout.contains("AllowSelfServicePurchase"), "{run:#?}");
    }
    let cache = read_cache(&cli);
    let profile = &cache["profiles"]["default"];
    assert_ne!(profile["accessToken"].as_str().unwrap(), old, "refreshed");
    assert!(
        profile["expiresAt"].as_i64().unwrap() > 1_700_000_000,
        "{profile}"
    );
    // Nothing left behind but the cache and its lock.
    let mut names: Vec<String> = std::fs::read_dir(cli.config.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["tokens.json", "tokens.lock"]);
}

#[test]
fn a_token_the_service_refuses_is_renewed_once_with_the_refresh_token() {
    let server = Server::start();
    let cli = Cli::new(&server);
    cli.connect("admin@contoso.example", &[]).ok();
    let mut cache = read_cache(&cli);
    // Not expired by the clock, but refused by the service (e.g. a key it no longer trusts).
    cache["profiles"]["default"]["accessToken"] =
        serde_json::json!(fake_jwt(&serde_json::json!({"exp": 4_000_000_000_i64})));
    std::fs::write(cli.cache_file(), serde_json::to_vec_pretty(&cache).unwrap()).unwrap();
    cli.run(&["get-policies"]).ok();
    let renewed = read_cache(&cli)["profiles"]["default"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        renewed.len() > 100 && !renewed.ends_with("BwcHBwcHBwcHBwcHBwc"),
        "renewed"
    );
    // Without a refresh token there is nothing to renew with: connect again (exit 3).
    let mut cache = read_cache(&cli);
    cache["profiles"]["default"]["accessToken"] =
        serde_json::json!(fake_jwt(&serde_json::json!({"exp": 4_000_000_000_i64})));
    cache["profiles"]["default"]
        .as_object_mut()
        .unwrap()
        .remove("refreshToken");
    std::fs::write(cli.cache_file(), serde_json::to_vec_pretty(&cache).unwrap()).unwrap();
    let run = cli.run(&["get-policies"]).code(3);
    assert!(run.stderr.contains("cannot be renewed"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Connect again: mscommerce connect --endpoint"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_profile_is_used_only_with_its_own_endpoint() {
    let server = Server::start();
    let cli = Cli::new(&server);
    cli.connect("admin@contoso.example", &[]).ok();
    let run = cli
        .run(&[
            "get-policies",
            "--endpoint",
            "https://licensing.m365.microsoft.com",
        ])
        .code(2);
    assert!(run.stderr.contains("is signed in to"), "{}", run.stderr);
    // The same endpoint, spelt with a trailing slash, is fine.
    cli.run(&["get-policies", "--endpoint", &format!("{}/", server.url)])
        .ok();
}

#[test]
fn a_wrong_password_says_what_to_do() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let run = cli
        .run_with_stdin(
            &[
                "connect",
                "--endpoint",
                &server.url,
                "--tenant",
                "contoso.example",
                "--username",
                "admin@contoso.example",
                "--password-stdin",
            ],
            "nope\n",
        )
        .code(3);
    assert!(run.stderr.contains("invalid_grant"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("use a device code instead: mscommerce connect --endpoint"),
        "{}",
        run.stderr
    );
    let run = cli
        .run_with_stdin(
            &[
                "connect",
                "--endpoint",
                &server.url,
                "--tenant",
                "contoso.example",
                "--username",
                "admin@contoso.example",
                "--password-stdin",
            ],
            "",
        )
        .code(2);
    assert!(
        run.stderr.contains("No password on stdin"),
        "{}",
        run.stderr
    );
}

/// Without a terminal, the default (device code) sign-in refuses at once with what to do,
/// instead of waiting out the code's fifteen minutes for a person who is not there.
#[test]
fn device_code_without_a_terminal_refuses_unless_named() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let run = cli
        .run_with_stdin(
            &[
                "connect",
                "--endpoint",
                &server.url,
                "--tenant",
                "contoso.example",
            ],
            "",
        )
        .code(2);
    assert!(
        run.stderr
            .contains("There is no terminal to show a device code on")
            && run.stderr.contains("add --device-code"),
        "{}",
        run.stderr
    );
}

/// `profile list|use|show` over two sign-ins, and `disconnect` of the current one falling back
/// to the one that remains (the next command still has a profile to use).
#[test]
fn profiles_are_listed_chosen_shown_and_fallen_back_to() {
    let (_server, cli) = signed_in_twice();

    let list = cli.run(&["profile", "list"]).ok();
    let current: Vec<&str> = list.stdout.lines().filter(|l| l.starts_with('*')).collect();
    assert_eq!(current.len(), 1, "{}", list.stdout);
    assert!(
        current[0].contains("fabrikam"),
        "the last sign-in is current: {}",
        list.stdout
    );
    assert!(
        !list
            .stdout
            .contains(mscommerce_testkit::tokens::TOKEN_START),
        "never a token: {}",
        list.stdout
    );
    let json = cli
        .run(&["profile", "list", "--output", "json"])
        .ok()
        .json();
    assert_eq!(json.as_array().unwrap().len(), 2);

    let used = cli.run(&["profile", "use", "contoso"]).ok();
    assert!(
        used.stdout.contains("contoso is now the current profile"),
        "{}",
        used.stdout
    );
    let who = cli.run(&["whoami"]).ok();
    assert!(
        who.stdout.contains("admin@contoso.example"),
        "{}",
        who.stdout
    );
    let show = cli
        .run(&["profile", "show", "--output", "json"])
        .ok()
        .json();
    assert_eq!(show["profile"], "contoso");
    assert_eq!(show["current"], "true");
    assert!(
        show["cacheFile"].as_str().unwrap().ends_with(".json"),
        "{show}"
    );
    let missing = cli.run(&["profile", "use", "nosuch"]).code(3);
    assert!(
        missing.stderr.contains("contoso"),
        "names the profiles that exist: {}",
        missing.stderr
    );

    cli.run(&["disconnect"]).ok();
    let who = cli.run(&["whoami"]).ok();
    assert!(
        who.stdout.contains("admin@fabrikam.example"),
        "fell back: {}",
        who.stdout
    );
}

/// Polls `done` until it holds (the child's progress is only visible on the terminal).
#[cfg(unix)]
fn until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "waited 30 s for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// `connect --username` at a terminal asks for the password, with the terminal's echo off while
/// it is typed (az login -u, ssh): the password never appears on the screen.
#[cfg(unix)]
#[test]
fn username_at_a_terminal_asks_for_the_password_without_echo() {
    use std::io::Write as _;

    use crate::harness::Pty;
    let server = Server::start();
    let cli = Cli::new(&server);
    let pty = Pty::open();
    let screen = pty.screen();
    let child = cli
        .command(&[
            "connect",
            "--endpoint",
            &server.url,
            "--tenant",
            "contoso.example",
            "--username",
            "admin@contoso.example",
        ])
        .stdin(pty.terminal.try_clone().unwrap())
        .stderr(pty.terminal.try_clone().unwrap())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let shown = || String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
    until("the prompt", || {
        shown().contains("Password for admin@contoso.example:")
    });
    until("echo off", || !pty.echoes());
    (&pty.master)
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", shown());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("Connected as admin@contoso.example"),
        "{stdout}"
    );
    assert!(
        !shown().contains(PASSWORD),
        "the password was shown:\n{}",
        shown()
    );
    assert!(pty.echoes(), "the terminal's echo was not restored");
    cli.run(&["whoami"]).ok();
}

/// `--password-stdin` is for pipes: at a terminal the password would be shown as it is typed,
/// so it is refused with the way out. Without a terminal, `--username` alone cannot ask.
#[cfg(unix)]
#[test]
fn password_stdin_at_a_terminal_and_username_without_one_are_refused() {
    use crate::harness::Pty;
    let server = Server::start();
    let cli = Cli::new(&server);
    let args = |extra: &'static [&'static str]| {
        let mut a = vec![
            "connect".to_owned(),
            "--endpoint".to_owned(),
            server.url.clone(),
            "--tenant".to_owned(),
            "contoso.example".to_owned(),
            "--username".to_owned(),
            "admin@contoso.example".to_owned(),
        ];
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        a
    };
    let pty = Pty::open();
    let a = args(&["--password-stdin"]);
    let out = cli
        .command(&a.iter().map(String::as_str).collect::<Vec<_>>())
        .stdin(pty.terminal.try_clone().unwrap())
        .output()
        .unwrap();
    let run = Run::from(out).code(2);
    assert!(
        run.stderr.contains("leave out --password-stdin"),
        "{}",
        run.stderr
    );
    let a = args(&[]);
    let run = cli
        .run_with_stdin(&a.iter().map(String::as_str).collect::<Vec<_>>(), "")
        .code(2);
    assert!(
        run.stderr.contains("no terminal to ask for the password")
            && run.stderr.contains("--password-stdin"),
        "{}",
        run.stderr
    );
    cli.run(&["whoami"]).code(3);
}

/// Plays the browser for `connect --browser`: reads the address the CLI prints, signs in on the
/// provider's page (or declines), and follows the redirect back to the CLI's loopback port.
/// Before that, a request with another `state` is refused and does not end the wait.
fn browser_sign_in(server: &Server, cli: &Cli, decline: bool) -> Run {
    use std::io::Read;
    let mut child = spawn_connect(server, cli, "--browser");
    let mut stderr = child.stderr.take().unwrap();
    // The whole line: the address ends it.
    let (url, seen) = read_until(&mut stderr, |seen| {
        let line = seen
            .lines()
            .find(|l| l.contains("/oauth2/v2.0/authorize?"))
            .filter(|_| seen.ends_with('\n'))?;
        Some(line[line.find("http")?..].trim().to_owned())
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let authorize = reqwest::Url::parse(&url).unwrap();
        let query: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
        let get = |k: &str| query.iter().find(|(n, _)| n == k).unwrap().1.clone();
        assert_eq!(get("code_challenge_method"), "S256");
        let redirect = get("redirect_uri");
        assert!(redirect.starts_with("http://127.0.0.1:"), "{redirect}");
        // A page on this machine that guesses the port, without the state: refused, ignored.
        let forged = http
            .get(format!("{redirect}?code=forged&state=guess"))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 400);
        // The provider's sign-in page, then its form.
        let page = http.get(authorize.clone()).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let mut form = query.clone();
        form.push(("username".into(), "admin@contoso.example".into()));
        form.push(("password".into(), PASSWORD.into()));
        if decline {
            form.push(("decline".into(), "1".into()));
        }
        let answer = http
            .post(format!(
                "{}/contoso.example/oauth2/v2.0/authorize",
                server.url
            ))
            .header("origin", &server.url)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 303);
        let back = answer.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with(&redirect), "{back}");
        let shown = http.get(&back).send().await.unwrap();
        assert_eq!(shown.status(), 200);
        let text = shown.text().await.unwrap();
        let expected = if decline {
            "did not complete"
        } else {
            "You can close this page"
        };
        assert!(text.contains(expected), "{text}");
    });
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: seen + &rest,
    }
}

/// `connect --browser`: the authorization code flow with PKCE and a loopback redirect; the
/// profile works and renews like any user sign-in.
#[test]
fn browser_sign_in_with_pkce_and_a_loopback_redirect() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let run = browser_sign_in(&server, &cli, false).ok();
    assert!(
        run.stdout
            .contains("Connected as admin@contoso.example to tenant contoso.example"),
        "{run:#?}"
    );
    let who = cli.run(&["whoami", "--output", "json"]).ok().json();
    assert_eq!(who["signIn"], "browser", "{who}");
    cli.run(&["get-product-policy", "--product-id", "CFQ7TTC0H9MP"])
        .ok();
    // A refresh renews it like any user sign-in.
    let cache = read_cache(&cli);
    assert!(
        cache.to_string().contains("refresh"),
        "a refresh token is kept"
    );

    // Declined in the browser: exit 3, nothing kept.
    let other = Cli::new(&server);
    let run = browser_sign_in(&server, &other, true).code(3);
    assert!(
        run.stderr
            .contains("The sign-in was declined in the browser."),
        "{}",
        run.stderr
    );
    other.run(&["whoami"]).code(3);
}

/// Sign-in mistakes are explained without repeating them: a tenant that does not exist gets a
/// `connect` with `--tenant <tenant>` (not the typo again), and `https` to this plain-http
/// service says which scheme the port speaks.
#[test]
fn sign_in_mistakes_point_at_the_fix() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let connect = |endpoint: &str, tenant: &str| {
        cli.run_with_stdin(
            &[
                "connect",
                "--endpoint",
                endpoint,
                "--tenant",
                tenant,
                "--username",
                "admin@contoso.example",
                "--password-stdin",
            ],
            &format!("{PASSWORD}\n"),
        )
    };
    let run = connect(&server.url, "contoso.exmple").code(3);
    assert!(
        run.stderr.contains(&format!(
            "There is no tenant contoso.exmple here: check its spelling (a domain such as contoso.com, or the tenant id), then connect with the right one: mscommerce connect --endpoint {} --tenant <tenant>",
            server.url
        )),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("--tenant contoso.exmple"),
        "{}",
        run.stderr
    );
    let https = server.url.replacen("http://", "https://", 1);
    let run = connect(&https, "contoso.example").code(7);
    assert!(
        run.stderr.contains(&format!(
            "This address speaks plain http, not https: connect with --endpoint {}",
            server.url
        )),
        "{}",
        run.stderr
    );
}
