//! CPU cost of one authenticated `GET .../products` through the whole router (middleware,
//! token check, limits, read cache), in process and without sockets, against a router that
//! answers the same bytes with nothing in front. A profiling aid for the read path, not a test:
//!
//!     cargo run --release -p mscommerce-server --example hot_path [REQUESTS] [TENANTS]
//!
//! Each request carries the token of one of TENANTS tenants (default 2,000), picked at random
//! as the benchmark's load generator does, so the caches are as cold as they are under load.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::http::{Request, header};
use axum::routing::get;
use mscommerce_domain::{Clock, SystemClock};
use mscommerce_server::config::{FileConfig, Overrides, ServeConfig};
use tower::ServiceExt;

const PATH: &str = "/v1.0/policies/AllowSelfServicePurchase/products";

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let tenants: u32 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000)
        .max(1);
    mscommerce_identity::install_crypto_provider();
    let dir = tempfile::tempdir()?;
    let file = FileConfig::parse(
        "[limits]\ntenant_rate_per_sec = 1e12\ntenant_burst = 1e12\ncaller_rate_per_sec = 1e12\ncaller_burst = 1e12\n",
    )
    .map_err(anyhow::Error::msg)?;
    let overrides = Overrides {
        data_dir: Some(dir.path().to_owned()),
        public_url: Some("http://bench.invalid".into()),
        ..Overrides::default()
    };
    let config = ServeConfig::resolve(file, overrides, dir.path().to_owned())?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let server =
        mscommerce_server::Server::build(config, clock.clone(), "127.0.0.1:1".parse()?).await?;
    let keys = mscommerce_identity::KeyRing::open(dir.path().join("keys"), clock.clone())?;
    let now = clock.now().unix_timestamp();
    let mut bearers = Vec::new();
    for t in 0..tenants {
        let tenant = format!("5d1a7b8e-0c1f-4b6e-9a51-{:012x}", u64::from(t) + 1);
        let token = keys.sign(&serde_json::json!({
            "aud": mscommerce_proto::RESOURCE_APP_ID,
            "iss": format!("http://bench.invalid/{tenant}/v2.0"),
            "iat": now, "nbf": now, "exp": now + 3600,
            "tid": tenant,
            "oid": "0a000001-0000-4000-8000-000000000001",
            "sub": "0a000001-0000-4000-8000-000000000001",
            "upn": "admin@contoso.example",
            "wids": [mscommerce_proto::roles::GLOBAL_ADMINISTRATOR, mscommerce_proto::roles::USER],
            "scp": mscommerce_proto::SCOPE_ACCESS_AS_USER,
            "ver": "2.0",
            "azp": mscommerce_proto::PUBLIC_CLIENT_ID,
        }))?;
        bearers.push(format!("Bearer {token}"));
    }
    let ours = server.router();
    // A small xorshift: the same sequence for both routers, and no dependency for it.
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut request = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let bearer = &bearers[(seed % bearers.len() as u64) as usize];
        Request::get(PATH)
            .header(header::AUTHORIZATION, bearer)
            .body(Body::empty())
    };
    let first = ours.clone().oneshot(request()?).await?;
    anyhow::ensure!(first.status() == 200, "ours answered {}", first.status());
    let body: Bytes = axum::body::to_bytes(first.into_body(), usize::MAX).await?;
    let reference = axum::Router::new().route(
        PATH,
        get({
            let body = body.clone();
            move || {
                let body = body.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], body) }
            }
        }),
    );
    // Every tenant's token verified and answer cached, as after the benchmark's warm-up.
    for _ in 0..tenants * 8 {
        let r = ours.clone().oneshot(request()?).await?;
        anyhow::ensure!(r.status() == 200, "ours answered {}", r.status());
    }
    for (name, router) in [("reference", reference), ("ours", ours)] {
        for _ in 0..n / 10 {
            let r = router.clone().oneshot(request()?).await?;
            axum::body::to_bytes(r.into_body(), usize::MAX).await?;
        }
        let start = Instant::now();
        for _ in 0..n {
            let r = router.clone().oneshot(request()?).await?;
            axum::body::to_bytes(r.into_body(), usize::MAX).await?;
        }
        let per = start.elapsed().as_nanos() as f64 / f64::from(n);
        println!("{name:>9}: {per:8.0} ns per request");
    }
    Ok(())
}
