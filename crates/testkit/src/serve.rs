//! The real binary's `serve --demo` on a free loopback port, for the tests of the crates that
//! ship the binary: killed on drop (SIGKILL, as a crash would), its data directory the caller's,
//! so a test can stop it and start another on the same data.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running `mscommerce serve --demo`.
#[derive(Debug)]
pub struct Serve {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Serve {
    /// Starts `bin serve --demo --listen 127.0.0.1:0 --data-dir data_dir` with `extra`
    /// arguments, in a clean environment (`HOME` is the data directory), and waits for the line
    /// that says where it listens.
    pub fn start(bin: &str, data_dir: &Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(bin)
            .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(extra)
            .env_clear()
            .env("HOME", data_dir)
            .env("MSCOMMERCE_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keeps draining after the first line, so the server never blocks on a full pipe.
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("Listening on ") {
                    tx.send(url.trim().to_owned()).ok();
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve --demo printed 'Listening on http://127.0.0.1:PORT'");
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Serve { child, url }
    }

    /// SIGKILL, as a crash would; waits until the process is gone.
    pub fn kill9(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.kill9();
    }
}
