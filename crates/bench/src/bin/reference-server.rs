//! The reference server of the benchmark: the HTTP ceiling against which `bench/run` measures
//! the service. `GET /v1.0/policies/AllowSelfServicePurchase/products` answers the body the
//! service gives a tenant at the defaults (the same bytes), with no authentication and no store:
//! pre-serialized once (`--mode static`, the default) or serialized on every request
//! (`--mode serialize`). `POST .../evaluate` (static mode) reads the body and answers one fixed
//! decision with the service's headers: what a decision costs in HTTP alone, a POST with a body
//! against the GET ceiling.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::serve::ListenerExt as _;
use clap::{Parser, ValueEnum};
use mscommerce_domain::Catalog;
use mscommerce_proto::{Items, ProductPolicy};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Mode {
    /// The body serialized once at start.
    Static,
    /// The items serialized to JSON on every request.
    Serialize,
}

#[derive(Debug, Parser)]
#[command(about = "Static JSON reference server for the benchmark (loopback only)")]
struct Args {
    /// Address to listen on (loopback only).
    #[arg(long, default_value = "127.0.0.1:8090", value_name = "ADDR")]
    listen: SocketAddr,
    #[arg(long, value_enum, default_value_t = Mode::Static)]
    mode: Mode,
}

#[derive(Debug)]
struct Body {
    items: Items<ProductPolicy>,
    bytes: Bytes,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!(
        args.listen.ip().is_loopback(),
        "the reference server listens on loopback only, not {}",
        args.listen
    );
    let items = mscommerce_bench::default_product_items(&Catalog::builtin()?);
    let bytes = Bytes::from(serde_json::to_vec(&items)?);
    let body = Arc::new(Body { items, bytes });
    let path = "/v1.0/policies/AllowSelfServicePurchase/products";
    let app = match args.mode {
        Mode::Static => Router::new().route(path, get(static_body)).route(
            "/v1.0/policies/AllowSelfServicePurchase/evaluate",
            post(static_decision),
        ),
        Mode::Serialize => Router::new().route(path, get(serialized_body)),
    }
    .with_state(body.clone());
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let local = listener.local_addr()?;
    println!(
        "reference server ({:?}, {} items, {} bytes)",
        args.mode,
        body.items.items.len(),
        body.bytes.len()
    );
    println!("Listening on http://{local}");
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

fn json(bytes: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

async fn static_body(State(body): State<Arc<Body>>) -> Response {
    json(body.bytes.clone())
}

async fn serialized_body(State(body): State<Arc<Body>>) -> Response {
    match serde_json::to_vec(&body.items) {
        Ok(v) => json(Bytes::from(v)),
        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The service's answer to the benchmark's decision (allowed, Power BI Pro), as bytes.
const DECISION: &[u8] = br#"{"productId":"CFQ7TTC0H9MP","decision":"allow","reason":"policyEnabled","policyValue":"Enabled","kind":"purchase","message":"You can buy or try Power BI Pro."}"#;

async fn static_decision(_body: Bytes) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CONTENT_LANGUAGE, HeaderValue::from_static("en-US")),
        ],
        Bytes::from_static(DECISION),
    )
        .into_response()
}
