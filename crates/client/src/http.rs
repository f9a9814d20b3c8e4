//! The HTTP client both halves use, and how transport failures are told apart.

use std::error::Error as _;
use std::time::Duration;

use crate::error::{ClientError, TransportKind};

/// A client that never follows redirects: a token request must not be replayed to another host
/// (SSRF), and a bearer token must not follow a redirect either.
pub(crate) fn build_client() -> Result<reqwest::Client, ClientError> {
    reqwest::Client::builder()
        .user_agent(crate::USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(90))
        .build()
        .map_err(|e| transport(&e, "", None))
}

/// Sorts a reqwest failure into what the user can act on.
pub(crate) fn classify(e: &reqwest::Error) -> TransportKind {
    if e.is_timeout() {
        return TransportKind::Timeout;
    }
    if e.is_redirect() {
        return TransportKind::Redirect;
    }
    let chain = chain(e).to_ascii_lowercase();
    if chain.contains("dns error")
        || chain.contains("failed to lookup")
        || chain.contains("name or service not known")
    {
        TransportKind::Dns
    } else if chain.contains("certificate")
        || chain.contains("tls")
        || chain.contains("handshake")
        || chain.contains("unknownissuer")
    {
        TransportKind::Tls
    } else if e.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Other
    }
}

/// The error and its sources, each once.
pub(crate) fn chain(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

pub(crate) fn transport(
    e: &reqwest::Error,
    url: &str,
    correlation_id: Option<&str>,
) -> ClientError {
    ClientError::Transport {
        kind: classify(e),
        url: url.to_owned(),
        message: chain(e),
        correlation_id: correlation_id.map(str::to_owned),
    }
}

/// A 3xx answer: never followed.
pub(crate) fn redirect(
    url: &str,
    location: Option<&str>,
    correlation_id: Option<&str>,
) -> ClientError {
    ClientError::Transport {
        kind: TransportKind::Redirect,
        url: url.to_owned(),
        message: format!("redirected to {}", location.unwrap_or("?")),
        correlation_id: correlation_id.map(str::to_owned),
    }
}

pub(crate) fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// At most `n` characters of a body, for error messages.
pub(crate) fn truncate(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}
