//! Building the service from its configuration and running it on a listener.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mscommerce_domain::{Catalog, Clock};
use mscommerce_identity::{
    ExternalIssuer, Idp, IdpConfig, KeyRing, TokenVersion, Verifier, VerifierConfig,
};
use mscommerce_store::{ChangeNotice, Store};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::cache::ReadCache;
use crate::config::ServeConfig;
use crate::limits::{InFlight, RateLimiter};
use crate::route_table::RouteTable;
use crate::state::{AppState, Limiters};
use crate::{api, demo, idp_routes, middleware};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    DataDir(#[from] crate::data_dir::DataDirError),
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    #[error("cannot open the database: {0}")]
    Store(#[from] mscommerce_store::StoreError),
    #[error("{0}")]
    Catalog(#[from] mscommerce_domain::catalog::CatalogError),
    #[error("identity: {0}")]
    Identity(String),
    #[error("cannot seed the demo directory: {0}")]
    Demo(String),
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// A built service, ready to run.
#[derive(Debug, Clone)]
pub struct Server {
    state: AppState,
    config: ServeConfig,
    /// HTTPS, when configured: the certificate in use, reloaded as its files change.
    tls: Option<Arc<crate::tls::TlsSource>>,
}

/// Every route of the service, with the list of its paths.
pub fn route_table() -> RouteTable {
    RouteTable::new()
        .merge(api::routes())
        .merge(crate::evaluate::routes())
        .merge(crate::purchases::routes())
        .merge(crate::license_requests::routes())
        .merge(crate::webhooks::routes())
        .merge(idp_routes::routes())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/openapi.json", get(crate::openapi::serve))
}

impl Server {
    /// Opens the store (migrating it and syncing the catalog), the signing keys and the
    /// verifier. `local_addr` is where the listener is bound: the default public URL.
    pub async fn build(
        config: ServeConfig,
        clock: Arc<dyn Clock>,
        local_addr: SocketAddr,
    ) -> Result<Server, ServeError> {
        mscommerce_identity::install_crypto_provider();
        // A certificate that cannot serve stops the start, before anything else is opened.
        let tls = config
            .tls
            .clone()
            .map(crate::tls::TlsSource::load)
            .transpose()?;
        crate::data_dir::make_private(&config.data_dir)?;
        let url = match &config.database_url {
            Some(url) => url.clone(),
            None => config
                .data_dir
                .join("mscommerce.db")
                .to_string_lossy()
                .into_owned(),
        };
        let store: Arc<dyn Store> = mscommerce_store::open(&url, &config.store).await?;
        store.migrate().await?;
        store.sync_catalog(&Catalog::builtin()?).await?;
        let public_url = config.public_url.clone().unwrap_or_else(|| {
            let scheme = if tls.is_some() { "https" } else { "http" };
            format!("{scheme}://{local_addr}")
        });
        let keys = Arc::new(
            KeyRing::open(config.data_dir.join("keys"), clock.clone())
                .map_err(|e| ServeError::Identity(e.to_string()))?,
        );
        let verifier = Arc::new(
            Verifier::new(
                verifier_config(&config, &public_url),
                keys.clone(),
                clock.clone(),
            )
            .map_err(|e| ServeError::Identity(e.to_string()))?,
        );
        let ring = keys.clone();
        tokio::spawn(crate::watch::every(
            Arc::downgrade(&keys),
            KEY_CHECK_EVERY,
            key_ring_changed,
        ));
        let idp = config.identity.builtin.then(|| {
            let directory: Arc<dyn mscommerce_store::DirectoryStore> = store.clone();
            Arc::new(Idp::new(
                directory,
                keys,
                clock.clone(),
                idp_config(&config, &public_url),
            ))
        });
        if config.demo {
            demo::seed(store.as_ref(), clock.as_ref())
                .await
                .map_err(|e| ServeError::Demo(e.to_string()))?;
        }
        let limits = &config.limits;
        let limiters = Limiters {
            in_flight: Arc::new(InFlight::new(limits.max_in_flight)),
            per_tenant: RateLimiter::new(limits.tenant_rate, 100_000),
            per_caller: RateLimiter::new(limits.caller_rate, 100_000),
            sign_in_failures: RateLimiter::new(limits.sign_in_failures, 100_000),
        };
        let cache = ReadCache::new(
            config.cache.max_tenants,
            time::Duration::seconds(secs(config.cache.ttl_secs)),
        );
        // Subscribed before the first request: every change committed from now on, here or on
        // another replica, reaches the cache.
        let changes = store.changes();
        let metrics = Arc::new(crate::metrics::Metrics::new(route_table().paths()));
        let state = AppState::new(crate::state::Parts {
            store,
            verifier,
            idp,
            clock,
            public_url,
            limits: limiters,
            cache,
            keys: ring,
            metrics,
            trusted_proxies: config.trusted_proxies.clone(),
            allow_private_webhooks: config.webhooks.allow_private,
            page_sign_in: config.page_sign_in.clone(),
        });
        tokio::spawn(crate::webhook_delivery::run(
            Arc::downgrade(state.store_handle()),
            state.clock_handle(),
            config.webhooks.clone(),
        ));
        tokio::spawn(follow_changes(
            changes,
            state.cache_handle(),
            state.metrics_handle(),
        ));
        if let Some(tls) = &tls {
            tokio::spawn(crate::watch::every(
                Arc::downgrade(tls),
                crate::tls::CHECK_EVERY,
                crate::tls::TlsSource::changed,
            ));
        }
        Ok(Server { state, config, tls })
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn public_url(&self) -> &str {
        self.state.public_url()
    }

    /// The whole service as a router (for in-process tests and tools).
    pub fn router(&self) -> Router {
        let stack = self.stack();
        Router::new().fallback_service(stack)
    }

    /// The whole service: the routes behind the cross-cutting layers. They wrap the routes once
    /// instead of every route (which `Router::layer` does). Outermost first: the front door sees
    /// every request and every response, including those the limit, timeout and panic layers
    /// make, and gives them ids and the JSON envelope; it answers the hot read itself when
    /// memory can, before the layers behind it (see `fast_read`).
    fn stack(&self) -> middleware::FrontDoor<impl ServeRequest> {
        let limits = &self.config.limits;
        // The HTML routes (the provider's sign-in page, the admin page) are not API operations:
        // beside the route table, not in the OpenAPI document.
        let routes = route_table()
            .into_router()
            .merge(crate::authorize::router())
            .merge(crate::page::router())
            // The matched route travels back with the response, for the metrics' label.
            .route_layer(axum::middleware::map_response(middleware::tag_route))
            .fallback(middleware::not_found)
            .with_state(self.state.clone());
        tower::ServiceBuilder::new()
            .layer(middleware::FrontDoorLayer::new(self.state.clone()))
            .map_response(IntoResponse::into_response)
            .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                Duration::from_secs(limits.request_timeout_secs),
            ))
            .layer(CatchPanicLayer::custom(panic_response))
            .service(routes)
    }

    /// `GET /metrics` in Prometheus' text format, for a listener of its own (never the public
    /// port: the operator decides who may scrape).
    pub fn metrics_router(&self) -> axum::Router {
        let state = self.state.clone();
        axum::Router::new().route(
            "/metrics",
            get(move || {
                let state = state.clone();
                async move {
                    state.metrics().journal_heads.refresh(state.store()).await;
                    let in_flight = state.limits().in_flight.current();
                    (
                        [(
                            axum::http::header::CONTENT_TYPE,
                            "text/plain; version=0.0.4; charset=utf-8",
                        )],
                        state.metrics().render(&crate::metrics::Scraped {
                            in_flight,
                            commit_groups: state.store().commit_groups(),
                            secret_checks: state.idp().map(Idp::secret_checks),
                        }),
                    )
                }
            }),
        )
    }

    /// Serves [`Server::metrics_router`] on `listener` (spawn it; it runs until the process
    /// ends).
    pub fn serve_metrics(
        &self,
        listener: TcpListener,
    ) -> impl Future<Output = std::io::Result<()>> + Send + 'static {
        axum::serve(listener, self.metrics_router()).into_future()
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        let service = self.stack();
        crate::listener::serve(
            listener,
            service,
            self.config.limits.connections(),
            self.tls.clone(),
            shutdown,
        )
        .await?;
        Ok(())
    }
}

/// What the front door wraps: a service answering every request, cheap to clone.
pub trait ServeRequest:
    tower::Service<
        axum::extract::Request,
        Response = Response,
        Error = std::convert::Infallible,
        Future: Send + 'static,
    > + Clone
    + Send
    + Sync
    + 'static
{
}

impl<S> ServeRequest for S where
    S: tower::Service<
            axum::extract::Request,
            Response = Response,
            Error = std::convert::Infallible,
            Future: Send + 'static,
        > + Clone
        + Send
        + Sync
        + 'static
{
}

/// Builds the service for `listener` and serves until `shutdown`.
pub async fn launch(
    config: ServeConfig,
    clock: Arc<dyn Clock>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let server = Server::build(config, clock, listener.local_addr()?).await?;
    server.serve(listener, shutdown).await
}

/// How often a running server looks for a key ring changed by `admin keys rotate`.
const KEY_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Reloads the signing keys when the operator rotated them on disk, so that the new key is
/// published and a retired one is neither published nor accepted (cached verifications re-check
/// the key on every hit) without a restart.
fn key_ring_changed(keys: &KeyRing) {
    match keys.reload_if_changed() {
        Ok(true) => tracing::info!(
            active = %keys.active_kid(),
            "signing keys changed on disk (admin keys rotate): reloaded"
        ),
        Ok(false) => {}
        Err(e) => tracing::warn!(
            error = %e,
            "the signing keys changed on disk but cannot be read; still using the ones loaded"
        ),
    }
}

/// Drops cached answers as the store reports changes: this process's own writes (the handlers
/// also invalidate as they write) and other replicas' (PostgreSQL). Ends with the store.
/// Drops what the cache holds of what changed, and marks the journals that grew (their heads
/// are read at the next scrape). Holds neither the store nor the state: it ends when the store
/// is dropped.
async fn follow_changes(
    mut changes: broadcast::Receiver<ChangeNotice>,
    cache: Arc<ReadCache>,
    metrics: Arc<crate::metrics::Metrics>,
) {
    let heads = &metrics.journal_heads;
    loop {
        match changes.recv().await {
            Ok(ChangeNotice::Tenant(t)) => {
                cache.invalidate(t);
                heads.mark(t);
            }
            Ok(ChangeNotice::Journal(t)) => heads.mark(t),
            Ok(ChangeNotice::Catalog) => cache.clear(),
            Ok(ChangeNotice::Everything) => {
                cache.clear();
                heads.mark_all();
            }
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(
                    missed,
                    "change notices came faster than they were read; cache cleared"
                );
                cache.clear();
                heads.mark_all();
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

fn verifier_config(config: &ServeConfig, public_url: &str) -> VerifierConfig {
    let id = &config.identity;
    VerifierConfig {
        builtin_base_url: id.builtin.then(|| public_url.to_owned()),
        external: id
            .issuers
            .iter()
            .map(|i| ExternalIssuer {
                issuer: i.issuer.clone(),
                jwks_uri: i.jwks_uri.clone(),
                version: if i.issuer.contains("sts.windows.net") || i.issuer.ends_with("/v1.0") {
                    TokenVersion::V1
                } else {
                    TokenVersion::V2
                },
            })
            .collect(),
        leeway: time::Duration::seconds(secs(id.leeway_secs)),
        min_refresh_interval: time::Duration::seconds(secs(id.jwks_min_refresh_secs)),
        // Sharded: room for skew between shards, so that as many live callers as this stay
        // cached (an evicted caller costs an RSA verification on its next request).
        cache_capacity: config.cache.max_tokens.saturating_mul(5) / 4,
        ..VerifierConfig::default()
    }
}

fn idp_config(config: &ServeConfig, public_url: &str) -> IdpConfig {
    let id = &config.identity;
    IdpConfig {
        access_token_lifetime: time::Duration::seconds(secs(id.access_token_lifetime_secs)),
        refresh_token_lifetime: time::Duration::seconds(secs(id.refresh_token_lifetime_secs)),
        device_poll_interval: id.device_code_interval_secs,
        lockout: id.lockout,
        refresh_grace: id.refresh_grace,
        ..IdpConfig::new(public_url)
    }
}

fn secs(s: u64) -> i64 {
    i64::try_from(s).unwrap_or(i64::MAX)
}

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    summary = "Health",
    description = "`ok` when the database answers. Never rate-limited or shed.",
    responses(
        (status = 200, description = "Healthy.", content_type = "text/plain",
            body = inline(mscommerce_proto::described::Healthy)),
        (status = 503, response = crate::openapi::shared::DatabaseUnavailable),
    ),
)]
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    match state.store().ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    summary = "Readiness",
    description = "`ready` when this replica can answer: the database answers and the signing keys can be read. 503 while either is away (a load balancer then sends requests elsewhere). Never rate-limited or shed.",
    responses(
        (status = 200, description = "Ready.", content_type = "text/plain", body = String),
        (status = 503, response = crate::openapi::shared::NotReady),
    ),
)]
async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Response, crate::error::ApiFailure> {
    let database = state.store().ping().await;
    let keys = state.keys().reload_if_changed();
    match (database, keys) {
        (Ok(()), Ok(_)) => Ok((StatusCode::OK, "ready").into_response()),
        (database, keys) => {
            let mut missing = Vec::new();
            if let Err(e) = database {
                tracing::warn!(error = %e, "readiness: database unavailable");
                missing.push("the database does not answer");
            }
            if let Err(e) = keys {
                tracing::warn!(error = %e, "readiness: signing keys unreadable");
                missing.push("the signing keys cannot be read");
            }
            Err(crate::error::ApiFailure::Unavailable(format!(
                "this replica is not ready: {}; send requests to another replica, this one is ready again once that is fixed (its log says more)",
                missing.join("; ")
            )))
        }
    }
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    crate::error::ApiFailure::Internal("handler panicked".into()).into_response()
}
