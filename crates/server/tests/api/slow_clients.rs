//! Slow clients are cut off by deadlines and do not starve others; shutdown drains requests in
//! flight.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::*;

fn host(app: &TestApp) -> String {
    app.url.trim_start_matches("http://").to_owned()
}

#[tokio::test]
async fn trickling_headers_are_cut_off_and_others_are_served() {
    let file =
        mscommerce_server::FileConfig::parse("[limits]\nheader_read_timeout_secs = 1\n").unwrap();
    let app = spawn_app_with(Backend::Sqlite, file).await.unwrap();
    let token = app.user_token("reader@contoso.example").await;
    // 300 connections that send one header byte and then nothing (the long version in
    // scripts/overload runs 1,000).
    let mut slow = Vec::new();
    for _ in 0..300 {
        let mut s = TcpStream::connect(host(&app)).await.unwrap();
        s.write_all(b"G").await.unwrap();
        slow.push(s);
    }
    // A normal client is served promptly meanwhile.
    let started = Instant::now();
    let r = app
        .get(&format!("/v1.0/policies/{P}/products"), &token)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // After the header deadline every trickling connection has been closed by the server.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut closed = 0;
    for mut s in slow {
        let mut buf = [0u8; 512];
        match tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await {
            // EOF, or a 408 response followed by EOF: either way the server let go.
            Ok(Ok(_)) | Ok(Err(_)) => closed += 1,
            Err(_) => {}
        }
    }
    assert_eq!(closed, 300);
}

/// The body of the PUTs below: a change of Power BI Pro's value.
const DISABLE: &[u8] = br#"{"policyValue":"Disabled"}"#;

/// A server with `limit` (a line of `[limits]`), and a connection to it on which the head of a
/// PUT of [`DISABLE`] (with `more` headers) has been sent, the body not yet.
async fn put_head_sent(limit: &str, more: &str) -> (TestApp, TcpStream) {
    let file = mscommerce_server::FileConfig::parse(&format!("[limits]\n{limit}\n")).unwrap();
    let app = spawn_app_with(Backend::Sqlite, file).await.unwrap();
    let token = app.user_token("admin@contoso.example").await;
    let mut s = TcpStream::connect(host(&app)).await.unwrap();
    let head = format!(
        "PUT /v1.0/policies/{P}/products/{POWER_BI_PRO} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n{more}Content-Length: {}\r\n\r\n",
        DISABLE.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    (app, s)
}

/// What the server sends next (at most 4 KiB), or an empty string when it closed.
async fn next_answer(s: &mut TcpStream, what: &str) -> String {
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
        .await
        .unwrap_or_else(|_| panic!("{what}"))
        .unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test]
async fn the_header_deadline_spares_a_request_being_served_and_closes_an_idle_connection() {
    let (_app, mut s) = put_head_sent("header_read_timeout_secs = 1", "").await;
    // The head is in, so the request is being served: its body may take longer than the
    // header deadline (the request deadline bounds it).
    tokio::time::sleep(Duration::from_millis(2500)).await;
    s.write_all(DISABLE).await.unwrap();
    let text = next_answer(&mut s, "the server answers").await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // Answered and idle: after the deadline the server closes the connection.
    let started = Instant::now();
    let text = next_answer(&mut s, "the server closes an idle connection").await;
    assert_eq!(text, "");
    let idle = started.elapsed();
    assert!(
        idle >= Duration::from_millis(900) && idle < Duration::from_secs(3),
        "closed after {idle:?}"
    );
}

/// `Expect: 100-continue` (curl sends it for larger bodies): the interim response the server
/// writes while the request is served must not start the header deadline.
#[tokio::test]
async fn an_interim_continue_does_not_start_the_header_deadline() {
    let (_app, mut s) =
        put_head_sent("header_read_timeout_secs = 1", "Expect: 100-continue\r\n").await;
    let text = next_answer(&mut s, "the server asks for the body").await;
    assert!(text.starts_with("HTTP/1.1 100"), "{text}");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    s.write_all(DISABLE).await.unwrap();
    let text = next_answer(&mut s, "the server answers").await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
}

#[tokio::test]
async fn a_slow_body_is_cut_off_by_the_request_deadline() {
    let (app, mut s) = put_head_sent("request_timeout_secs = 1", "").await;
    // Half the body, then nothing.
    s.write_all(&DISABLE[..DISABLE.len() / 2]).await.unwrap();
    let text = next_answer(&mut s, "the server answers within its deadline").await;
    assert!(
        text.starts_with("HTTP/1.1 503") || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    // Nothing changed.
    let token = app.user_token("admin@contoso.example").await;
    let r = app
        .get(
            &format!("/v1.0/policies/{P}/products/{POWER_BI_PRO}"),
            &token,
        )
        .await;
    assert_eq!(r.body["policyValue"], "Enabled");
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight() {
    mscommerce_identity::install_crypto_provider();
    let data = tempfile::tempdir().unwrap();
    let overrides = mscommerce_server::Overrides {
        listen: Some("127.0.0.1:0".parse().unwrap()),
        data_dir: Some(data.path().to_owned()),
        demo: true,
        ..Default::default()
    };
    let config = mscommerce_server::ServeConfig::resolve(
        Default::default(),
        overrides,
        data.path().to_owned(),
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let clock = std::sync::Arc::new(mscommerce_domain::SystemClock);
    let server = mscommerce_server::Server::build(config, clock, addr)
        .await
        .unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.serve(listener, async {
        let _ = stopped.await;
    }));
    let http = reqwest::Client::new();
    let scope = format!("{RESOURCE}/.default");
    let token: serde_json::Value = http
        .post(format!("http://{addr}/contoso.example/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", mscommerce_proto::PUBLIC_CLIENT_ID),
            ("username", "admin@contoso.example"),
            ("password", "demo-password"),
            ("scope", &scope),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();

    // A request in flight: headers sent, body not yet.
    let mut s = TcpStream::connect(addr).await.unwrap();
    let body = br#"{"policyValue":"Disabled"}"#;
    let head = format!(
        "PUT /v1.0/policies/{P}/products/{POWER_BI_PRO} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // New connections are no longer accepted...
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "still accepting after shutdown began"
    );
    // ...but the request in flight completes.
    s.write_all(body).await.unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    // And the server returns once it has drained.
    tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
