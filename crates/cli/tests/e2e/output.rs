//! Lost output is never success: `> /dev/full` fails loudly, a reader that closes the pipe early
//! (`| head -1`) ends the command quietly.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::harness::{Cli, Server};

/// stdout on /dev/full: every write fails with ENOSPC.
fn full() -> Stdio {
    Stdio::from(
        std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

#[test]
fn output_to_a_full_disk_exits_non_zero_with_a_message_in_the_users_language() {
    let server = Server::start();
    let cli = Cli::new(&server);
    cli.connect("admin@contoso.example", &[]).ok();
    for (lang, says) in [
        ("en-US", "the output could not be written"),
        ("de-DE", "Ausgabe"),
    ] {
        let out = cli
            .command(&["get-product-policies", "--lang", lang])
            .stdout(full())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(10), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
    }
    // The operator's commands too (they printed with println!, which panics on a lost write).
    let out = std::process::Command::new(crate::harness::BIN)
        .args(["admin", "tenant", "list", "--data-dir"])
        .arg(server.data_dir.path())
        .env_clear()
        .env("HOME", server.data_dir.path())
        .stdout(full())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(10), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let server = Server::start();
    let cli = Cli::new(&server);
    cli.connect("admin@contoso.example", &[]).ok();
    for args in [
        &["get-product-policies"][..],
        &["get-product-policies", "--output", "csv"],
        &["export"],
    ] {
        let mut child = cli
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one line, as `head -1` does, then close the pipe.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}");
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn each_subcommands_help_lists_its_own_options_only() {
    let help = |args: &[&str]| {
        let out = std::process::Command::new(crate::harness::BIN)
            .args(args)
            .env_clear()
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let client_options = ["--endpoint", "--token", "--profile", "--output"];
    for args in [
        &["serve", "--help"][..],
        &["admin", "--help"],
        &["admin", "tenant", "list", "--help"],
    ] {
        let text = help(args);
        for o in client_options {
            assert!(!text.contains(o), "{args:?} lists {o}:\n{text}");
        }
        assert!(text.contains("--lang"), "{args:?}:\n{text}");
    }
    let text = help(&["get-product-policies", "--help"]);
    for o in client_options {
        assert!(text.contains(o), "get-product-policies lacks {o}:\n{text}");
    }
}

#[test]
fn the_operators_lists_speak_the_users_language() {
    let server = Server::start();
    let de = server
        .admin(&["--lang", "de-DE", "admin", "tenant", "list"])
        .ok();
    let header = de.stdout.lines().next().unwrap_or_default();
    assert!(header.starts_with("Mandanten-ID"), "{}", de.stdout);
    assert!(header.contains("Domäne"), "{}", de.stdout);
    assert!(de.stdout.contains("contoso.example"), "{}", de.stdout);
    let en = server.admin(&["admin", "app", "list"]).ok();
    assert!(en.stdout.starts_with("Client ID"), "{}", en.stdout);
    assert!(en.stdout.contains("contoso-automation"), "{}", en.stdout);
}

/// Logs written to a pipe or a file carry no colour codes: the client's `-v` lines and the
/// service's log (a log file full of escape codes is what the review found).
#[test]
fn logs_to_a_pipe_have_no_escape_codes() {
    let server = Server::start();
    let cli = Cli::new(&server);
    let token = crate::harness::user_token(&server, "admin@contoso.example");
    let run = cli
        .run(&[
            "-v",
            "get-product-policies",
            "--endpoint",
            &server.url,
            "--token",
            &token,
        ])
        .ok();
    assert!(
        run.stderr.contains("GET"),
        "-v logs requests: {}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);

    let data = tempfile::tempdir().unwrap();
    let mut serve = std::process::Command::new(crate::harness::BIN)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .env_clear()
        .env("HOME", data.path())
        .env("MSCOMMERCE_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once it answers a request, its shutdown signal is being watched, and a SIGTERM makes it
    // log (it finishes what is in flight and says so). Before that, a SIGTERM could still find
    // the signal's default action and end it without a word.
    let url = BufReader::new(serve.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("Listening on ").map(str::to_owned))
        .expect("serve said where it listens");
    let health = crate::harness::block_on(reqwest::get(format!("{}/healthz", url.trim())));
    assert!(health.unwrap().status().is_success());
    std::process::Command::new("kill")
        .arg(serve.id().to_string())
        .status()
        .unwrap();
    // Up to the first INFO line (a WARN may come first, e.g. the data directory restricted).
    let logged: Vec<String> = BufReader::new(serve.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .scan(false, |done, line| {
            (!*done).then(|| {
                *done = line.contains("INFO");
                line
            })
        })
        .collect();
    serve.wait().ok();
    assert!(logged.iter().any(|l| l.contains("INFO")), "{logged:?}");
    assert!(logged.iter().all(|l| !l.contains('\u{1b}')), "{logged:?}");
}

/// Completions for every shell and the man page come from the command line's own definition,
/// so they list what the binary takes.
#[test]
fn completions_and_the_man_page_are_generated() {
    let server = Server::start();
    let cli = Cli::new(&server);
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = cli.run(&["completion", shell]).ok();
        assert!(run.stdout.contains("get-product-policies"), "{shell}");
        assert!(run.stdout.contains("update-product-policy"), "{shell}");
    }
    assert!(
        cli.run(&["completion", "bash"])
            .ok()
            .stdout
            .contains("--what-if")
    );
    let man = cli.run(&["man"]).ok().stdout;
    assert!(
        man.starts_with(".ie") || man.contains(".TH mscommerce"),
        "{man}"
    );
    assert!(man.contains("get\\-product\\-policies"), "{man}");
    cli.run(&["completion", "tcsh"]).code(2);
}

/// Tables fit the terminal (here told by `COLUMNS`, as a shell does): no line wraps at 80 or 120
/// columns, free text is cut with `…`, ids are whole; `--wide` shows everything, the constant
/// policy id column included.
#[test]
fn tables_fit_the_terminal_and_wide_shows_everything() {
    let server = Server::start();
    let admin = Cli::new(&server);
    admin.connect("admin@contoso.example", &[]).ok();
    admin
        .run(&[
            "update-product-policy",
            "--product-id",
            "CFQ7TTC0LHWM",
            "--enabled",
            "false",
        ])
        .ok();
    let reads: [&[&str]; 4] = [
        &["get-policy"],
        &["get-product-policies"],
        &["get-product-policies", "--scope", "offer-type"],
        &["audit"],
    ];
    for columns in ["80", "120"] {
        let mut cli = Cli::new(&server);
        cli.connect("admin@contoso.example", &[]).ok();
        cli.env.push(("COLUMNS".into(), columns.into()));
        for args in reads {
            let run = cli.run(args).ok();
            for line in run.stdout.lines() {
                assert!(
                    line.chars().count() <= columns.parse().unwrap(),
                    "{args:?} at {columns} columns:\n{}",
                    run.stdout
                );
            }
        }
        let products = cli.run(&["get-product-policies"]).ok().stdout;
        assert!(!products.contains("AllowSelfServicePurchase"), "{products}");
        assert!(products.contains("CFQ7TTC0LHWM"), "{products}");
        let audit = cli.run(&["audit"]).ok().stdout;
        assert!(audit.contains("Enabled→Disabled"), "{audit}");
        assert!(audit.contains("admin@contoso.example"), "{audit}");
        let policy = cli.run(&["get-policy"]).ok().stdout;
        assert!(policy.contains('…'), "{policy}");
        let wide = cli.run(&["get-product-policies", "--wide"]).ok().stdout;
        assert!(
            wide.contains(
                "AllowSelfServicePurchase Dynamics 365 Marketing Additional Non-Prod Application CFQ7TTC0LHWM Disabled"
            ),
            "{wide}"
        );
    }
}
