//! Sign-in in the user's browser: the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636
//! with S256) and a loopback redirect (RFC 8252 §7.3), as `az login` and MSAL's interactive
//! sign-in do. The CLI listens on `127.0.0.1` on a port the system picks, the browser comes back
//! there with the code, and the code is exchanged with the verifier only this process knows.
//!
//! Why it is built this way:
//! - The listener answers one tiny HTTP request with a page and closes; a full HTTP server would
//!   be a dependency for a single GET.
//! - A request whose `state` is not ours is answered 400 and ignored, and the wait goes on: a
//!   page on this machine that guesses the port cannot end (or hijack) the sign-in.
//! - The `id_token`'s `nonce` must be ours too (OpenID Connect Core §3.1.3.7).

use std::time::Duration;

use aws_lc_rs::digest::{SHA256, digest};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

use super::{SignInClient, Tokens};
use crate::claims::decode_unverified;
use crate::error::{BrowserEnd, ClientError};

/// The longest request line and headers read from the browser.
const MAX_REQUEST: usize = 16 * 1024;

/// A browser sign-in waiting for the browser to come back.
pub struct BrowserSignIn {
    /// The address to open in the browser.
    pub url: Url,
    redirect_uri: String,
    verifier: SecretString,
    state: String,
    nonce: String,
    listener: TcpListener,
}

impl std::fmt::Debug for BrowserSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrowserSignIn")
            .field("url", &self.url.as_str())
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// The pages the browser shows when it comes back (HTML, in the user's language).
#[derive(Debug, Clone)]
pub struct BrowserPages {
    /// Signed in: the page can be closed.
    pub done: String,
    /// The identity provider refused or the user declined.
    pub failed: String,
}

/// `n` random bytes as base64url (43 characters for 32 bytes: a valid PKCE verifier).
fn random(n: usize) -> Result<String, ClientError> {
    let mut bytes = vec![0u8; n];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| ClientError::Browser(BrowserEnd::Listener("no randomness".to_owned())))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// RFC 7636 §4.2: `BASE64URL(SHA256(verifier))`.
fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest(&SHA256, verifier.as_bytes()))
}

/// What came back on the loopback port.
enum Answer {
    Code(String),
    Error { error: String, description: String },
}

impl SignInClient {
    /// Listens on a loopback port and builds the authorize address to open.
    pub async fn start_browser(
        &self,
        authorize_url: &Url,
        client_id: &str,
        scope: &str,
        login_hint: Option<&str>,
    ) -> Result<BrowserSignIn, ClientError> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| ClientError::Browser(BrowserEnd::Listener(e.to_string())))?;
        let port = listener
            .local_addr()
            .map_err(|e| ClientError::Browser(BrowserEnd::Listener(e.to_string())))?
            .port();
        let redirect_uri = format!("http://127.0.0.1:{port}/");
        let verifier = random(32)?;
        let state = random(16)?;
        let nonce = random(16)?;
        let mut url = authorize_url.clone();
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("client_id", client_id)
                .append_pair("response_type", "code")
                .append_pair("redirect_uri", &redirect_uri)
                .append_pair("scope", &format!("openid profile {scope}"))
                .append_pair("state", &state)
                .append_pair("nonce", &nonce)
                .append_pair("code_challenge", &challenge(&verifier))
                .append_pair("code_challenge_method", "S256")
                .append_pair("response_mode", "query");
            if let Some(hint) = login_hint {
                q.append_pair("login_hint", hint);
            }
        }
        Ok(BrowserSignIn {
            url,
            redirect_uri,
            verifier: SecretString::from(verifier),
            state,
            nonce,
            listener,
        })
    }

    /// Waits (at most `wait`) for the browser to come back with a code, shows it `pages`, and
    /// exchanges the code for tokens.
    pub async fn finish_browser(
        &self,
        token_url: &Url,
        client_id: &str,
        scope: &str,
        sign_in: BrowserSignIn,
        pages: &BrowserPages,
        wait: Duration,
    ) -> Result<Tokens, ClientError> {
        let answer = tokio::time::timeout(wait, sign_in.answer(pages))
            .await
            .map_err(|_| {
                ClientError::Browser(BrowserEnd::TimedOut {
                    minutes: wait.as_secs().div_ceil(60),
                })
            })??;
        let code = match answer {
            Answer::Code(code) => code,
            Answer::Error { error, .. } if error == "access_denied" => {
                return Err(BrowserEnd::Declined.into());
            }
            Answer::Error { error, description } => {
                return Err(BrowserEnd::Refused { error, description }.into());
            }
        };
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", code.as_str()),
            ("redirect_uri", sign_in.redirect_uri.as_str()),
            ("code_verifier", sign_in.verifier.expose_secret()),
            ("scope", &format!("openid profile {scope}")),
        ];
        let (tokens, id_token) = self.token_with_id(token_url, &form).await?;
        let nonce = id_token
            .as_deref()
            .and_then(decode_unverified)
            .and_then(|c| c.nonce);
        if nonce.as_deref() != Some(sign_in.nonce.as_str()) {
            return Err(BrowserEnd::Forged.into());
        }
        Ok(tokens)
    }
}

impl BrowserSignIn {
    /// Accepts connections until one carries our `state`.
    async fn answer(&self, pages: &BrowserPages) -> Result<Answer, ClientError> {
        loop {
            let Ok((stream, _)) = self.listener.accept().await else {
                continue;
            };
            if let Some(answer) = self.serve(stream, pages).await {
                return Ok(answer);
            }
        }
    }

    /// One request: our answer (with its page shown), or `None` (answered 400/404, ignored).
    async fn serve(&self, mut stream: TcpStream, pages: &BrowserPages) -> Option<Answer> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 2048];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < MAX_REQUEST {
            match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk)).await {
                Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&chunk[..n]),
                _ => return None,
            }
        }
        let head = String::from_utf8_lossy(&buf);
        let target = head
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("GET "))
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or_default();
        let parsed = Url::parse("http://127.0.0.1/")
            .ok()
            .and_then(|base| base.join(target).ok())
            .filter(|u| u.path() == "/");
        let Some(url) = parsed else {
            respond(&mut stream, "404 Not Found", "").await;
            return None;
        };
        let get = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        if get("state").as_deref() != Some(self.state.as_str()) {
            respond(&mut stream, "400 Bad Request", "").await;
            return None;
        }
        let answer = match (get("code"), get("error")) {
            (Some(code), None) => Answer::Code(code),
            (_, Some(error)) => Answer::Error {
                error,
                description: get("error_description").unwrap_or_default(),
            },
            (None, None) => {
                respond(&mut stream, "400 Bad Request", "").await;
                return None;
            }
        };
        let page = match answer {
            Answer::Code(_) => &pages.done,
            Answer::Error { .. } => &pages.failed,
        };
        respond(&mut stream, "200 OK", page).await;
        Some(answer)
    }
}

/// Writes a small HTML answer and closes; a browser that went away changes nothing.
async fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s_example() {
        // RFC 7636 Appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let v = random(32).unwrap_or_default();
        assert_eq!(v.len(), 43);
        assert!(
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
}
