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

/// Sorts a reqwest failure into what the user can act on, by the types in its source chain
/// (never by its text, which changes with the platform, the resolver and the library versions).
pub(crate) fn classify(e: &reqwest::Error) -> TransportKind {
    if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_redirect() {
        TransportKind::Redirect
    } else if e.is_dns() {
        TransportKind::Dns
    } else if sources(e).any(is_tls) || (e.is_connect() && sources(e).any(is_handshake_io)) {
        TransportKind::Tls
    } else if e.is_connect() || sources(e).any(is_unreachable) {
        TransportKind::Connect
    } else {
        TransportKind::Other
    }
}

/// The error's causes, outermost first. An `io::Error`'s `source()` skips its payload (and
/// connectors nest them: an `Other` around tokio-rustls's `InvalidData` around rustls's error),
/// so an `io::Error` is followed into its payload instead.
fn sources<'e>(
    e: &'e (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'e (dyn std::error::Error + 'static)> {
    std::iter::successors(e.source(), |&s| cause(s))
}

fn cause<'e>(
    e: &'e (dyn std::error::Error + 'static),
) -> Option<&'e (dyn std::error::Error + 'static)> {
    match e.downcast_ref::<std::io::Error>() {
        Some(io) => io
            .get_ref()
            .map(|inner| inner as &(dyn std::error::Error + 'static)),
        None => e.source(),
    }
}

/// rustls's own error (a certificate it refused, a malformed handshake).
fn is_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    e.is::<rustls::Error>()
}

/// While connecting, only a TLS handshake reads from the peer: a malformed answer or one cut
/// short there (tokio-rustls's "tls handshake eof") is a TLS failure, not a network one.
fn is_handshake_io(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>().is_some_and(|io| {
        matches!(
            io.kind(),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
        )
    })
}

/// Nothing answered at that address.
fn is_unreachable(e: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind as K;
    e.downcast_ref::<std::io::Error>().is_some_and(|io| {
        matches!(
            io.kind(),
            K::ConnectionRefused | K::HostUnreachable | K::NetworkUnreachable | K::AddrNotAvailable
        )
    })
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;

    /// What `client` fails with on `GET url`.
    async fn failure(client: &reqwest::Client, url: &str) -> reqwest::Error {
        match client.get(url).send().await {
            Ok(r) => panic!("{url} answered {}", r.status()),
            Err(e) => e,
        }
    }

    /// A loopback server that answers every connection's first bytes with `reply` (then closes
    /// it), or never answers with `None`.
    async fn serve(reply: Option<&'static [u8]>) -> (String, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((mut socket, _)) = listener.accept().await {
                match reply {
                    Some(bytes) => {
                        // Read what the client sent first, so closing sends a FIN, not a reset.
                        let _ = socket.read(&mut [0u8; 4096]).await;
                        let _ = socket.write_all(bytes).await;
                        let _ = socket.shutdown().await;
                    }
                    None => held.push(socket),
                }
            }
        });
        (addr, task)
    }

    #[tokio::test]
    async fn a_refused_connection_is_connect() {
        let addr = {
            let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
            l.local_addr().unwrap()
        };
        let e = failure(&build_client().unwrap(), &format!("http://{addr}/")).await;
        assert_eq!(classify(&e), TransportKind::Connect, "{}", chain(&e));
    }

    #[tokio::test]
    async fn no_answer_in_time_is_timeout() {
        let (addr, task) = serve(None).await;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let e = failure(&client, &format!("http://{addr}/")).await;
        assert_eq!(classify(&e), TransportKind::Timeout, "{}", chain(&e));
        task.abort();
    }

    struct NoSuchHost;

    impl reqwest::dns::Resolve for NoSuchHost {
        fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
            Box::pin(async {
                Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no such host").into())
            })
        }
    }

    #[tokio::test]
    async fn a_name_that_does_not_resolve_is_dns() {
        // Whatever the resolver says, in whatever words: reqwest marks its failures by type.
        let client = reqwest::Client::builder()
            .dns_resolver(NoSuchHost)
            .build()
            .unwrap();
        let e = failure(&client, "https://licensing.example.invalid/").await;
        assert_eq!(classify(&e), TransportKind::Dns, "{}", chain(&e));
    }

    #[tokio::test]
    async fn plain_http_on_an_https_url_is_tls_and_so_is_a_cut_handshake() {
        let (addr, task) = serve(Some(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")).await;
        let e = failure(&build_client().unwrap(), &format!("https://{addr}/")).await;
        assert_eq!(classify(&e), TransportKind::Tls, "{e:?}");
        assert!(sources(&e).any(is_tls), "rustls's error is found by type");
        task.abort();

        let (addr, task) = serve(Some(b"")).await;
        let e = failure(&build_client().unwrap(), &format!("https://{addr}/")).await;
        assert_eq!(classify(&e), TransportKind::Tls, "{}", chain(&e));
        task.abort();
    }

    #[tokio::test]
    async fn a_connection_closed_without_an_answer_is_other() {
        let (addr, task) = serve(Some(b"")).await;
        let e = failure(&build_client().unwrap(), &format!("http://{addr}/")).await;
        assert_eq!(classify(&e), TransportKind::Other, "{}", chain(&e));
        task.abort();
    }

    #[test]
    fn a_rustls_error_inside_io_errors_is_tls_and_a_refusal_is_unreachable() {
        let wrapped = std::io::Error::other(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        ));
        let outer = Wrapper(wrapped);
        assert!(sources(&outer).any(is_tls));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(!is_tls(&refused) && is_unreachable(&refused));
        let other = Wrapper(std::io::Error::other("certificate tls handshake"));
        assert!(
            !sources(&other).any(|e| is_tls(e) || is_unreachable(e) || is_handshake_io(e)),
            "words decide nothing"
        );
    }

    /// An error whose source is `0`, as reqwest's and hyper's are.
    #[derive(Debug)]
    struct Wrapper(std::io::Error);

    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("wrapper")
        }
    }

    impl std::error::Error for Wrapper {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
}
