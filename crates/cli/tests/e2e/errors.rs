//! The 403 text for a plain user and for a Global Reader's write in every shipped language, the
//! app 403, exit codes, network failures, help and usage errors.

use crate::harness::{Cli, SECRET, Server, fake_jwt, redact};

const LANGUAGES: [&str; 5] = ["en-US", "zh-TW", "fr-FR", "nl-NL", "de-DE"];

#[test]
fn forbidden_for_a_plain_user_and_a_global_readers_write_in_every_language() {
    let server = Server::start();
    for lang in LANGUAGES {
        // The language comes from LANG here; --lang is tested below.
        let cli = Cli::new(&server).lang(&format!("{}.UTF-8", lang.replace('-', "_")));
        cli.connect("user@contoso.example", &[]).ok();
        let run = cli.run(&["get-product-policies"]).code(4);
        insta::assert_snapshot!(
            format!("forbidden_user_read_{lang}"),
            redact(&run.stderr, &server, &cli)
        );

        cli.connect("reader@contoso.example", &["--profile", "reader"])
            .ok();
        cli.run(&["get-product-policies"]).ok();
        let run = cli
            .run(&[
                "update-product-policy",
                "--product-id",
                "CFQ7TTC0H9MP",
                "--enabled",
                "false",
            ])
            .code(4);
        insta::assert_snapshot!(
            format!("forbidden_reader_write_{lang}"),
            redact(&run.stderr, &server, &cli)
        );
    }
}

#[test]
fn forbidden_for_an_app_names_the_missing_permission() {
    let server = Server::start();
    let mut cli = Cli::new(&server);
    cli.env
        .push(("MSCOMMERCE_CLIENT_SECRET".into(), SECRET.into()));
    cli.run(&[
        "connect",
        "--endpoint",
        &server.url,
        "--tenant",
        "contoso.example",
        "--client-id",
        "contoso-reporting",
    ])
    .ok();
    cli.run(&["get-product-policies"]).ok();
    let run = cli
        .run(&[
            "update-product-policy",
            "--offer-type",
            "SaaS",
            "--enabled",
            "false",
        ])
        .code(4);
    insta::assert_snapshot!("forbidden_app_write", redact(&run.stderr, &server, &cli));
}

#[test]
fn lang_flag_wins_over_the_environment() {
    let server = Server::start();
    let cli = Cli::new(&server).lang("fr_FR.UTF-8");
    cli.connect("user@contoso.example", &[]).ok();
    let run = cli.run(&["get-policies", "--lang", "nl-NL"]).code(4);
    assert!(
        run.stderr.starts_with("fout: Toegang geweigerd"),
        "{}",
        run.stderr
    );
    let mut env_cli = Cli::new(&server).lang("fr_FR.UTF-8");
    env_cli.config = tempfile::tempdir().unwrap();
    std::fs::copy(cli.cache_file(), env_cli.cache_file()).unwrap();
    env_cli.env.push(("MSCOMMERCE_LANG".into(), "zh-TW".into()));
    let run = env_cli.run(&["get-policies"]).code(4);
    assert!(run.stderr.starts_with("錯誤："), "{}", run.stderr);
}

#[test]
fn network_failures_are_said_plainly_with_the_correlation_id() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let server = Server::start();
    let cli = Cli::new(&server);
    let token = fake_jwt(&serde_json::json!({"exp": 4_000_000_000_i64}));
    let run = cli
        .run(&["get-policies", "--endpoint", &closed, "--token", &token])
        .code(7);
    assert!(run.stderr.contains("Nothing answers at"), "{}", run.stderr);
    assert!(run.stderr.contains("Correlation id:"), "{}", run.stderr);
    // Sign-in against nothing: the same, exit 7.
    let run = cli
        .run_with_stdin(
            &[
                "connect",
                "--endpoint",
                &closed,
                "--tenant",
                "contoso.example",
                "--username",
                "a@contoso.example",
                "--password-stdin",
            ],
            "x\n",
        )
        .code(7);
    assert!(run.stderr.contains("Nothing answers at"), "{}", run.stderr);
    // Plain http to another machine is refused before anything is sent.
    let run = cli
        .run(&[
            "get-policies",
            "--endpoint",
            "http://192.0.2.1",
            "--token",
            &token,
        ])
        .code(2);
    assert!(
        run.stderr.contains("only https is allowed"),
        "{}",
        run.stderr
    );
    // The API's base URL pasted as the endpoint: refused with the address to give instead.
    let pasted = format!("{}/v1.0", server.url);
    for args in [
        vec!["get-policies", "--endpoint", &pasted, "--token", &token],
        vec![
            "connect",
            "--endpoint",
            &pasted,
            "--tenant",
            "contoso.example",
            "--device-code",
        ],
    ] {
        let run = cli.run(&args).code(2);
        assert!(
            run.stderr.contains("ends with the API version")
                && run.stderr.contains(&format!("--endpoint {}", server.url)),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn exit_codes_and_help() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let help = cli.run(&["--help"]).ok();
    assert!(help.stdout.contains("Exit codes:"), "{}", help.stdout);
    assert!(help.stdout.contains("4  forbidden"), "{}", help.stdout);
    assert!(
        help.stdout.contains("update-product-policy"),
        "{}",
        help.stdout
    );
    let sub = cli.run(&["update-product-policy", "--help"]).ok();
    assert!(sub.stdout.contains("--what-if"), "{}", sub.stdout);
    assert!(
        sub.stdout
            .contains("Show what would change, and change nothing"),
        "{}",
        sub.stdout
    );
    assert!(sub.stdout.contains("Exit codes:"), "{}", sub.stdout);
    let zh = cli
        .run(&["update-product-policy", "--help", "--lang", "zh-TW"])
        .ok();
    assert!(zh.stdout.contains("顯示將會變更的內容"), "{}", zh.stdout);
    assert!(zh.stdout.contains("結束代碼"), "{}", zh.stdout);
    // Translated whole: the operator's commands, the sub-subcommands and clap's own annotations
    // too; no English "[default: …]" left in another language.
    for (args, expected) in [
        (
            &["serve", "--help", "--lang", "de-DE"][..],
            "Den Richtliniendienst betreiben",
        ),
        (
            &["admin", "user", "add", "--help", "--lang", "zh-TW"],
            "新增使用者",
        ),
        (
            &["webhook", "add", "--help", "--lang", "fr-FR"],
            "Enregistrer un point de terminaison https",
        ),
        (
            &["profile", "--help", "--lang", "nl-NL"],
            "De gegevens van één profiel",
        ),
        (
            &["get-product-policies", "--help", "--lang", "zh-TW"],
            "[預設值：AllowSelfServicePurchase]",
        ),
    ] {
        let help = cli.run(args).ok();
        assert!(help.stdout.contains(expected), "{args:?}:\n{}", help.stdout);
        for english in ["[default:", "[env:", "[possible values:", "Print help"] {
            assert!(
                !help.stdout.contains(english),
                "{args:?} has {english}:\n{}",
                help.stdout
            );
        }
    }
    let run = cli.run(&["get-policies", "--frobnicate"]).code(2);
    assert!(
        run.stderr.contains("Unknown option --frobnicate."),
        "{}",
        run.stderr
    );
    // One best guess, not a list.
    let run = cli.run(&["get-product-policys"]).code(2);
    assert!(
        run.stderr.contains("Did you mean get-product-policy?\n"),
        "{}",
        run.stderr
    );
    // A language we have no messages in is said, not silently replaced by English.
    let run = cli.run(&["get-polcy", "--lang", "ja"]).code(2);
    assert!(
        run.stderr
            .starts_with("mscommerce has no messages in ja, so they are in English."),
        "{}",
        run.stderr
    );
    let run = cli
        .run(&["get-policies", "--frobnicate", "--lang", "de-DE"])
        .code(2);
    assert!(
        run.stderr
            .starts_with("Fehler: Unbekannte Option --frobnicate."),
        "{}",
        run.stderr
    );
    let run = cli.run(&["get-policies", "--output", "xml"]).code(2);
    assert!(run.stderr.contains("table, json, csv"), "{}", run.stderr);
    cli.run(&["--version"]).ok();
}

/// A change that gets no answer, stopped by `--timeout` or Ctrl+C, may have reached the service:
/// the CLI says so, says how to find out (with the command's own --endpoint), and exits 11. A
/// read stopped the same way changed nothing, and says that.
#[test]
fn a_write_without_an_answer_may_have_been_applied() {
    // A service that accepts connections and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in silent.incoming().flatten() {
            held.push(s);
        }
    });
    let server = Server::start();
    let cli = Cli::new(&server);
    let token = crate::harness::user_token(&server, "admin@contoso.example");
    let write = [
        "update-product-policy",
        "--endpoint",
        &url,
        "--token",
        &token,
        "--product-id",
        "CFQ7TTC0H9MP",
        "--value",
        "Disabled",
    ];
    let mut timed = write.to_vec();
    timed.extend(["--timeout", "1s"]);
    let run = cli.run(&timed).code(11);
    assert!(
        run.stderr.contains("may or may not have been applied")
            && run
                .stderr
                .contains(&format!("mscommerce audit --since 5m --endpoint {url}")),
        "{}",
        run.stderr
    );
    let read = cli
        .run(&[
            "get-policies",
            "--endpoint",
            &url,
            "--token",
            &token,
            "--timeout",
            "1s",
        ])
        .code(7);
    assert!(
        read.stderr.contains("nothing was changed"),
        "{}",
        read.stderr
    );
    let bad = cli.run(&["get-policies", "--timeout", "soon"]).code(2);
    assert!(bad.stderr.contains("30s or 2m"), "{}", bad.stderr);

    // Ctrl+C (SIGINT) while the change is on its way.
    let child = cli
        .command(&write)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(11), "{stderr}");
    assert!(
        stderr.contains("Interrupted while a change was on its way"),
        "{stderr}"
    );
}
