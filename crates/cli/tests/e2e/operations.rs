//! Operating the service: `/readyz` beside `/healthz`, and Prometheus metrics on a listener of
//! their own (`serve --metrics-listen`), scraped and parsed as Prometheus would.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use crate::admin::{block_on, token_at};
use crate::harness::BIN;

fn get(url: &str, token: Option<&str>) -> (u16, String) {
    block_on(async {
        let mut req = reqwest::Client::new().get(url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    })
}

/// Every sample of a text exposition, `name{labels}` → value; panics on a line that is not one.
fn parse(text: &str) -> HashMap<String, f64> {
    let mut samples = HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (series, value) = line.rsplit_once(' ').expect("a sample is 'series value'");
        let name_ok = series.split('{').next().is_some_and(|n| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
        assert!(
            name_ok && (!series.contains('{') || series.ends_with('}')),
            "{line}"
        );
        samples.insert(series.to_owned(), value.parse::<f64>().expect(line));
    }
    samples
}

#[test]
fn metrics_on_their_own_listener_and_readiness() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
        ])
        .arg("--data-dir")
        .arg(data.path())
        .env_clear()
        .env("HOME", data.path())
        .env("MSCOMMERCE_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut url, mut metrics) = (None, None);
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(u) = line.strip_prefix("Listening on ") {
            url = Some(u.trim().to_owned());
        }
        if let Some(m) = line.strip_prefix("Metrics for Prometheus on ") {
            metrics = Some(m.trim().to_owned());
            break;
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    let (url, metrics) = (url.expect("listening"), metrics.expect("metrics line"));

    assert_eq!(get(&format!("{url}/readyz"), None), (200, "ready".into()));
    let token = token_at(&url, "admin@contoso.example");
    let list = format!("{url}/v1.0/policies/AllowSelfServicePurchase/products");
    for _ in 0..3 {
        assert_eq!(get(&list, Some(&token)).0, 200);
    }
    assert_eq!(get(&format!("{url}/no/such/path"), None).0, 404);
    // Never on the public port.
    assert_eq!(get(&format!("{url}/metrics"), None).0, 404);

    let (status, text) = get(&metrics, None);
    assert_eq!(status, 200);
    let samples = parse(&text);
    let route = "route=\"/v1.0/policies/{policy}/products\"";
    let listed = samples
        [&format!("mscommerce_http_requests_total{{{route},method=\"GET\",status=\"200\"}}")];
    assert!(listed >= 3.0, "{text}");
    assert_eq!(
        samples[&format!("mscommerce_http_request_duration_seconds_count{{{route}}}")],
        listed
    );
    assert_eq!(
        samples[&format!("mscommerce_http_request_duration_seconds_bucket{{{route},le=\"+Inf\"}}")],
        listed
    );
    assert!(samples["mscommerce_read_cache_requests_total{outcome=\"hit\"}"] >= 2.0);
    assert!(samples["mscommerce_read_cache_requests_total{outcome=\"miss\"}"] >= 1.0);
    assert_eq!(
        samples["mscommerce_http_requests_total{route=\"other\",method=\"GET\",status=\"404\"}"],
        2.0,
        "unknown paths share one label"
    );
    assert!(samples.contains_key("mscommerce_http_requests_in_flight"));
    assert_eq!(
        samples["mscommerce_identity_secret_checks_total"], 1.0,
        "the one password grant above, one Argon2 check"
    );

    // A change puts its journal's head in the metrics; the hash kept there is what
    // `admin audit verify --expect-head` takes.
    let changed = block_on(async {
        reqwest::Client::new()
            .put(format!("{list}/CFQ7TTC0H9MP"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "policyValue": "Disabled" }))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(changed, 200);
    let (_, text) = get(&metrics, None);
    let contoso = "5d1a7b8e-0c1f-4b6e-9a51-7c0e3b2f4a01";
    let (series, seq) = parse(&text)
        .into_iter()
        .find(|(s, _)| s.starts_with(&format!("mscommerce_journal_head{{tenant=\"{contoso}\"")))
        .unwrap_or_else(|| panic!("no head for Contoso: {text}"));
    assert_eq!(seq, 1.0, "{series}");
    // SQLite commits writes in groups: how many, and how many writes they held.
    let samples = parse(&text);
    let (groups, writes) = (
        samples["mscommerce_store_commit_groups_total"],
        samples["mscommerce_store_committed_writes_total"],
    );
    assert!(
        groups >= 1.0 && writes >= groups,
        "{groups} groups, {writes} writes"
    );
    let hash = series
        .split("hash=\"")
        .nth(1)
        .and_then(|h| h.strip_suffix("\"}"))
        .unwrap();
    assert_eq!(hash.len(), 64, "{series}");
    let verify = Command::new(BIN)
        .args([
            "admin",
            "audit",
            "verify",
            "--tenant",
            "contoso.example",
            "--expect-head",
            hash,
        ])
        .arg("--data-dir")
        .arg(data.path())
        .env_clear()
        .env("HOME", data.path())
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );

    // Without its signing keys the replica is not ready, and says why; back when they are.
    let manifest = data.path().join("keys").join("keyring.json");
    let kept = data.path().join("keyring.json.kept");
    std::fs::rename(&manifest, &kept).unwrap();
    let (status, why) = get(&format!("{url}/readyz"), None);
    assert_eq!(status, 503, "{why}");
    assert!(
        why.contains("not ready: the signing keys cannot be read"),
        "{why}"
    );
    assert_eq!(
        get(&format!("{url}/healthz"), None).0,
        200,
        "alive all the same"
    );
    std::fs::rename(&kept, &manifest).unwrap();
    assert_eq!(get(&format!("{url}/readyz"), None), (200, "ready".into()));
    child.kill().ok();
    child.wait().ok();
}

/// A PostgreSQL server of the test's own (initdb, pg_ctl), so that it can be stopped and
/// started; stopped on drop. As root, the server runs as the `postgres` user (PostgreSQL
/// refuses to run as root).
struct PrivatePostgres {
    bin: std::path::PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    as_root: bool,
}

impl PrivatePostgres {
    /// `None` (said loudly) when PostgreSQL's programs are not installed here.
    fn start() -> Option<PrivatePostgres> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|versions| {
                versions
                    .filter_map(Result::ok)
                    .map(|v| v.path().join("bin"))
                    .find(|b| b.join("pg_ctl").exists())
            });
        let Some(bin) = bin else {
            eprintln!(
                "\n*** SKIPPED: /readyz while PostgreSQL stops and starts (no pg_ctl in /usr/lib/postgresql/*/bin) ***\n"
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let as_root = rustix::process::geteuid().is_root();
        if as_root {
            let owned = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(owned.success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = PrivatePostgres {
            bin,
            dir,
            port,
            as_root,
        };
        let data = pg.data();
        pg.run(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
        );
        pg.ctl("start");
        Some(pg)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// One of PostgreSQL's programs, as the `postgres` user when this is root.
    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = self
            .command(program)
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `pg_ctl start|stop`, waiting until it is done.
    fn ctl(&self, action: &str) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {}",
            self.port,
            self.dir.path().display()
        );
        let data = self.data();
        let log = self.dir.path().join("log").display().to_string();
        let mut args = vec![action, "-D", &data, "-w", "-l", &log];
        if action == "start" {
            args.extend(["-o", &options]);
        } else {
            args.extend(["-m", "fast"]);
        }
        self.run("pg_ctl", &args);
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .command("pg_ctl")
            .args(["stop", "-D", &data, "-m", "immediate", "-w"])
            .output();
    }
}

/// Polls `/readyz` until it answers `status` (a replica notices the database at its next
/// check; the pool reconnects on its own).
fn until_ready_is(url: &str, status: u16) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (got, text) = get(&format!("{url}/readyz"), None);
        if got == status {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "/readyz stayed {got} ({text}), expected {status}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// `/readyz` turns false while PostgreSQL is stopped and true again once it is back, with no
/// restart of the service; reads work again too.
#[test]
fn readiness_follows_postgresql_stopping_and_starting() {
    let Some(pg) = PrivatePostgres::start() else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let serve =
        mscommerce_testkit::serve::Serve::start(BIN, data.path(), &["--database-url", &pg.url()]);
    let url = serve.url.clone();
    assert_eq!(until_ready_is(&url, 200), "ready");
    let token = token_at(&url, "admin@contoso.example");
    let list = format!("{url}/v1.0/policies/AllowSelfServicePurchase/products/CFQ7TTC0H9MP");
    assert_eq!(get(&list, Some(&token)).0, 200);

    pg.ctl("stop");
    let why = until_ready_is(&url, 503);
    assert!(why.contains("the database does not answer"), "{why}");

    pg.ctl("start");
    assert_eq!(until_ready_is(&url, 200), "ready");
    let token = token_at(&url, "admin@contoso.example");
    assert_eq!(get(&list, Some(&token)).0, 200);
}
