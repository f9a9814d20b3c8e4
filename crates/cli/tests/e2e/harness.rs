//! The real binary against the real `serve --demo` on a free loopback port, each test with its
//! own server, data directory and configuration directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mscommerce_testkit::serve::Serve;
use mscommerce_testkit::tokens;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_mscommerce");
pub(crate) const PASSWORD: &str = "demo-password";
pub(crate) const SECRET: &str = "demo-secret";

/// A running `mscommerce serve --demo` with a data directory of its own; killed on drop.
pub(crate) struct Server {
    /// Held for its drop, which stops the server.
    _serve: Serve,
    pub(crate) url: String,
    pub(crate) data_dir: tempfile::TempDir,
}

impl Server {
    pub(crate) fn start() -> Server {
        let data_dir = tempfile::tempdir().unwrap();
        let serve = Serve::start(BIN, data_dir.path(), &[]);
        Server {
            url: serve.url.clone(),
            _serve: serve,
            data_dir,
        }
    }

    /// Runs an operator command (`admin ...`) on this server's data directory.
    pub(crate) fn admin(&self, args: &[&str]) -> Run {
        let out = Command::new(BIN)
            .args(args)
            .arg("--data-dir")
            .arg(self.data_dir.path())
            .env_clear()
            .env("HOME", self.data_dir.path())
            .env("MSCOMMERCE_LOG", "warn")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Run::from(out)
    }
}

impl Server {
    /// An operator command that reads stdin (`admin user add --password-stdin`).
    pub(crate) fn admin_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = Command::new(BIN)
            .args(args)
            .arg("--data-dir")
            .arg(self.data_dir.path())
            .env_clear()
            .env("HOME", self.data_dir.path())
            .env("MSCOMMERCE_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        Run::from(child.wait_with_output().unwrap())
    }
}

/// The outcome of one CLI run.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(o: std::process::Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub(crate) fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success:\n{self:#?}");
        self
    }

    #[track_caller]
    pub(crate) fn code(self, code: i32) -> Run {
        assert_eq!(self.code, code, "expected exit code {code}:\n{self:#?}");
        assert!(
            !self.stderr.contains("panicked"),
            "a panic:\n{}",
            self.stderr
        );
        self
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// One user of the CLI: their own configuration directory (token cache) and language.
pub(crate) struct Cli {
    pub(crate) config: tempfile::TempDir,
    pub(crate) endpoint: String,
    pub(crate) lang: String,
    pub(crate) env: Vec<(String, String)>,
}

impl Cli {
    pub(crate) fn new(server: &Server) -> Cli {
        Cli {
            config: tempfile::tempdir().unwrap(),
            endpoint: server.url.clone(),
            lang: "C.UTF-8".into(),
            env: Vec::new(),
        }
    }

    pub(crate) fn lang(mut self, lang: &str) -> Cli {
        self.lang = lang.to_owned();
        self
    }

    pub(crate) fn cache_file(&self) -> PathBuf {
        self.config.path().join("tokens.json")
    }

    /// The command with a clean environment: nothing of the developer's leaks in.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env_clear()
            .env("HOME", self.config.path())
            .env("MSCOMMERCE_CONFIG_DIR", self.config.path())
            .env("LANG", &self.lang);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, "")
    }

    pub(crate) fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        Run::from(child.wait_with_output().unwrap())
    }

    /// `connect --username U --password-stdin` to the test server.
    pub(crate) fn connect(&self, upn: &str, extra: &[&str]) -> Run {
        let tenant = upn.split('@').nth(1).unwrap();
        let mut args = vec![
            "connect",
            "--endpoint",
            &self.endpoint,
            "--tenant",
            tenant,
            "--username",
            upn,
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        self.run_with_stdin(&args, &format!("{PASSWORD}\n"))
    }
}

/// The certificate fixtures of the client crate (test-only keys).
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../client/testdata")
        .join(name)
}

/// Replaces what changes from run to run (port, GUIDs, times, temp paths) for snapshots.
pub(crate) fn redact(text: &str, server: &Server, cli: &Cli) -> String {
    let text = text
        .replace(&server.url, "[ENDPOINT]")
        .replace(&cli.config.path().display().to_string(), "[CONFIG]");
    redact_times(&redact_guids(&text))
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn redact_guids(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 36 <= chars.len() {
            let window: String = chars[i..i + 36].iter().collect();
            let parts: Vec<&str> = window.split('-').collect();
            let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
            if lens == [8, 4, 4, 4, 12] && parts.iter().all(|p| is_hex(p)) {
                out.push_str("[GUID]");
                i += 36;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// RFC 3339 UTC times (`2026-11-20T10:00:00Z`, with optional fraction).
fn redact_times(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let digits = |s: &[char]| s.iter().all(|c| c.is_ascii_digit());
    while i < chars.len() {
        if i + 20 <= chars.len() {
            let w = &chars[i..i + 19];
            let shape = digits(&w[0..4])
                && w[4] == '-'
                && digits(&w[5..7])
                && w[7] == '-'
                && digits(&w[8..10])
                && w[10] == 'T'
                && digits(&w[11..13])
                && w[13] == ':'
                && digits(&w[14..16])
                && w[16] == ':'
                && digits(&w[17..19]);
            if shape {
                let mut j = i + 19;
                if j < chars.len() && chars[j] == '.' {
                    j += 1;
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                }
                if j < chars.len() && chars[j] == 'Z' {
                    out.push_str("[TIME]");
                    i = j + 1;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// An unsigned-looking JWT with the given claims (the service must refuse it).
pub(crate) fn fake_jwt(claims: &serde_json::Value) -> String {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT","kid":"nope"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signature = URL_SAFE_NO_PAD.encode([7u8; 256]);
    format!("{header}.{payload}.{signature}")
}

#[test]
fn redaction_replaces_guids_and_times_only() {
    let t = redact_guids("id 0a000001-0000-4000-8000-000000000001, not 0a000001-0000");
    assert_eq!(t, "id [GUID], not 0a000001-0000");
    let t = redact_times("at 2026-11-20T10:00:00Z and 2026-11-20T10:00:00.123Z, not 2026-11-20");
    assert_eq!(t, "at [TIME] and [TIME], not 2026-11-20");
}

/// Runs a future to completion (the tests themselves are synchronous).
pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// An access token for a demo user, straight from the built-in provider (password grant).
pub(crate) fn user_token(server: &Server, upn: &str) -> String {
    block_on(tokens::user(
        &reqwest::Client::new(),
        &server.url,
        upn,
        PASSWORD,
    ))
}

/// `mscommerce serve --demo` on a data directory the test owns, so it can be stopped (or killed)
/// and started again on the same data; killed on drop, the data stays.
pub(crate) type Service = Serve;

/// A pseudo-terminal: the child gets the terminal side as stdin and stderr, the test types and
/// reads on the other side, as a person at a terminal would.
#[cfg(unix)]
pub(crate) struct Pty {
    /// What the test writes (keys typed) and reads (what the terminal shows).
    pub(crate) master: std::fs::File,
    /// The child's side; the test keeps it to inspect the terminal's mode.
    pub(crate) terminal: std::fs::File,
}

#[cfg(unix)]
impl Pty {
    pub(crate) fn open() -> Pty {
        use rustix::fs::{Mode, OFlags};
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let terminal = rustix::fs::open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .unwrap();
        Pty {
            master: master.into(),
            terminal: terminal.into(),
        }
    }

    /// Whether the terminal shows what is typed (the ECHO flag of its mode).
    pub(crate) fn echoes(&self) -> bool {
        let mode = rustix::termios::tcgetattr(&self.terminal).unwrap();
        mode.local_modes.contains(rustix::termios::LocalModes::ECHO)
    }

    /// Everything the terminal shows from now on, read on a thread (until every holder of the
    /// terminal side has closed it).
    pub(crate) fn screen(&self) -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
        use std::io::Read as _;
        let screen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut master = self.master.try_clone().unwrap();
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n) = master.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        screen
    }
}
