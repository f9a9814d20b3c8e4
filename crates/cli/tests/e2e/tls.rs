//! `serve --tls-cert --tls-key` through the real binary: HTTPS with a certificate made here by
//! the `openssl` command (Debian's), a renewed certificate picked up without a restart, plain
//! HTTP on the TLS port refused without harm, and a pair that cannot serve refused at start with
//! the file named.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::BIN;

/// A self-signed certificate for 127.0.0.1 and its key, as `NAME.crt` and `NAME.key` in `dir`.
fn certificate(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let (crt, key) = (
        dir.join(format!("{name}.crt")),
        dir.join(format!("{name}.key")),
    );
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        ])
        .arg(format!("/CN={name}"))
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        // An end-entity certificate (openssl's default for -x509 is a CA, which rustls refuses
        // to see serving).
        .args(["-addext", "basicConstraints=critical,CA:FALSE", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&crt)
        .output()
        .expect("the openssl command (scripts/setup installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (crt, key)
}

fn serve(data: &Path, crt: &Path, key: &Path) -> Child {
    serve_with(data, crt, key, &[])
}

/// [`serve`] with more arguments.
fn serve_with(data: &Path, crt: &Path, key: &Path, more: &[&std::ffi::OsStr]) -> Child {
    Command::new(BIN)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .args(more)
        .arg("--tls-cert")
        .arg(crt)
        .arg("--tls-key")
        .arg(key)
        .env_clear()
        .env("HOME", data)
        .env("MSCOMMERCE_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The URL the server says it listens at (draining its output afterwards).
fn listening(child: &mut Child) -> String {
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("Listening on ").map(str::to_owned))
        .expect("serve says where it listens");
    std::thread::spawn(move || lines.for_each(drop));
    url
}

/// GET /healthz trusting only `ca`: the status, or the error's text.
fn health(url: &str, ca: &Path) -> Result<u16, String> {
    let pem = std::fs::read(ca).unwrap();
    crate::admin::block_on(async {
        let client = reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        match client.get(format!("{url}/healthz")).send().await {
            Ok(r) => Ok(r.status().as_u16()),
            Err(e) => Err(format!("{e:?}")),
        }
    })
}

#[test]
fn serves_https_and_picks_up_a_renewed_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (first_crt, first_key) = certificate(dir.path(), "first");
    let (second_crt, second_key) = certificate(dir.path(), "second");
    // The files the server is given, replaced later as a renewal does.
    let (crt, key) = (dir.path().join("live.crt"), dir.path().join("live.key"));
    std::fs::copy(&first_crt, &crt).unwrap();
    std::fs::copy(&first_key, &key).unwrap();
    let mut server = serve(&dir.path().join("data"), &crt, &key);
    let url = listening(&mut server);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    assert_eq!(health(&url, &first_crt), Ok(200));
    assert!(
        health(&url, &second_crt).is_err(),
        "only the served certificate is trusted"
    );

    // Plain HTTP on the TLS port: refused, and the server goes on.
    let plain = url.replacen("https://", "http://", 1);
    let r = crate::admin::block_on(async {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap()
            .get(format!("{plain}/healthz"))
            .send()
            .await
    });
    assert!(r.is_err() || r.is_ok_and(|r| !r.status().is_success()));
    assert_eq!(health(&url, &first_crt), Ok(200));
    // The CLI, told http for this https port, says which scheme the port speaks.
    let config = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args([
            "connect",
            "--endpoint",
            &plain,
            "--tenant",
            "contoso.example",
        ])
        .args(["--username", "admin@contoso.example", "--password-stdin"])
        .env_clear()
        .env("HOME", config.path())
        .env("MSCOMMERCE_CONFIG_DIR", config.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write as _;
            c.stdin.take().unwrap().write_all(b"demo-password\n")?;
            c.wait_with_output()
        })
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "This address speaks https, not plain http: connect with --endpoint {url}"
        )),
        "{stderr}"
    );

    // A renewal: new files renamed into place. New connections get the new certificate.
    for (from, to) in [(&second_key, &key), (&second_crt, &crt)] {
        let tmp = to.with_extension("new");
        std::fs::copy(from, &tmp).unwrap();
        std::fs::rename(&tmp, to).unwrap();
    }
    let start = Instant::now();
    while health(&url, &second_crt) != Ok(200) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the renewed certificate is not served"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(health(&url, &first_crt).is_err());
    server.kill().ok();
    server.wait().ok();
}

/// A client that opens a connection and never finishes the handshake is cut off at the header
/// deadline, as one that never finishes its request's head.
#[test]
fn a_handshake_never_finished_is_cut_off_at_the_header_deadline() {
    use std::io::Read as _;
    let dir = tempfile::tempdir().unwrap();
    let (crt, key) = certificate(dir.path(), "stall");
    let config = dir.path().join("serve.toml");
    std::fs::write(&config, "[limits]\nheader_read_timeout_secs = 1\n").unwrap();
    let mut server = serve_with(
        &dir.path().join("data"),
        &crt,
        &key,
        &["--config".as_ref(), config.as_os_str()],
    );
    let url = listening(&mut server);
    let address = url.trim_start_matches("https://");
    let mut stalled = std::net::TcpStream::connect(address).unwrap();
    // Half a TLS record header, then nothing.
    std::io::Write::write_all(&mut stalled, &[0x16, 0x03]).unwrap();
    stalled
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 64];
    let n = stalled.read(&mut buf);
    let waited = started.elapsed();
    assert!(
        matches!(n, Ok(0) | Err(_)) && waited < Duration::from_secs(8),
        "{n:?} after {waited:?}"
    );
    assert!(waited >= Duration::from_millis(900), "cut after {waited:?}");
    // The server goes on serving others.
    assert_eq!(health(&url, &crt), Ok(200));
    server.kill().ok();
    server.wait().ok();
}

#[test]
fn a_pair_that_cannot_serve_is_refused_at_start_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a_crt, _) = certificate(dir.path(), "a");
    let (_, b_key) = certificate(dir.path(), "b");
    let missing = dir.path().join("missing.key");
    for (crt, key, says) in [
        (&a_crt, &missing, "missing.key"),
        (&a_crt, &b_key, "do not go together"),
        (&b_key, &b_key, "b.key"),
    ] {
        let out = serve(&dir.path().join("data"), crt, key)
            .wait_with_output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(says), "{says}: {stderr}");
    }
    let out = Command::new(BIN)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&a_crt)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "--tls-cert alone is a usage error"
    );
}
