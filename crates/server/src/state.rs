//! What every handler shares.

use std::sync::Arc;

use mscommerce_domain::Clock;
use mscommerce_identity::{Idp, Verifier};
use mscommerce_store::Store;

use crate::cache::ReadCache;
use crate::limits::{InFlight, RateLimiter};

#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    store: Arc<dyn Store>,
    verifier: Arc<Verifier>,
    idp: Option<Arc<Idp>>,
    clock: Arc<dyn Clock>,
    public_url: String,
    limits: Limiters,
    cache: Arc<ReadCache>,
    /// The admin page's sessions.
    sessions: crate::page::Sessions,
    /// The signing keys (for readiness).
    keys: Arc<mscommerce_identity::KeyRing>,
    metrics: Arc<crate::metrics::Metrics>,
    trusted_proxies: crate::client_address::TrustedProxies,
    allow_private_webhooks: bool,
    /// `[page] authority`: the admin page signs in there instead of at the built-in provider.
    external_sign_in: Option<crate::page::External>,
}

/// The per-tenant and per-caller request budgets, and the global in-flight cap.
#[derive(Debug)]
pub struct Limiters {
    pub in_flight: Arc<InFlight>,
    pub per_tenant: RateLimiter,
    pub per_caller: RateLimiter,
    /// Failed sign-ins per client address (token endpoint, device page, sign-in page).
    pub sign_in_failures: RateLimiter,
}

/// What a state is made of.
#[derive(Debug)]
pub struct Parts {
    pub store: Arc<dyn Store>,
    pub verifier: Arc<Verifier>,
    pub idp: Option<Arc<Idp>>,
    pub clock: Arc<dyn Clock>,
    pub public_url: String,
    pub limits: Limiters,
    pub cache: ReadCache,
    pub keys: Arc<mscommerce_identity::KeyRing>,
    pub metrics: Arc<crate::metrics::Metrics>,
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// `serve --allow-private-webhooks`.
    pub allow_private_webhooks: bool,
    /// `[page]`: where the admin page signs in, when not at the built-in provider.
    pub page_sign_in: Option<crate::config::PageSignIn>,
}

impl AppState {
    pub fn new(p: Parts) -> Self {
        AppState(Arc::new(Shared {
            sessions: crate::page::Sessions::new(p.store.clone()),
            store: p.store,
            verifier: p.verifier,
            idp: p.idp,
            clock: p.clock,
            public_url: p.public_url,
            limits: p.limits,
            cache: Arc::new(p.cache),
            keys: p.keys,
            metrics: p.metrics,
            trusted_proxies: p.trusted_proxies,
            allow_private_webhooks: p.allow_private_webhooks,
            external_sign_in: p.page_sign_in.map(crate::page::External::new),
        }))
    }
    /// Whether webhooks may go to plain http and private addresses.
    pub(crate) fn external_sign_in(&self) -> Option<&crate::page::External> {
        self.0.external_sign_in.as_ref()
    }

    pub fn allow_private_webhooks(&self) -> bool {
        self.0.allow_private_webhooks
    }
    /// The store, as a handle for tasks of the server's own.
    pub fn store_handle(&self) -> &Arc<dyn Store> {
        &self.0.store
    }
    /// The clock, as a handle for tasks of the server's own.
    pub fn clock_handle(&self) -> Arc<dyn Clock> {
        self.0.clock.clone()
    }
    /// The proxies whose `X-Forwarded-For` is believed.
    pub fn trusted_proxies(&self) -> &crate::client_address::TrustedProxies {
        &self.0.trusted_proxies
    }
    /// The signing key ring.
    pub fn keys(&self) -> &mscommerce_identity::KeyRing {
        &self.0.keys
    }
    /// What `/metrics` reports.
    /// The metrics, as a handle for tasks that outlive no request (the change follower).
    pub fn metrics_handle(&self) -> Arc<crate::metrics::Metrics> {
        self.0.metrics.clone()
    }
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.0.metrics
    }
    /// The admin page's server-side sessions.
    pub(crate) fn sessions(&self) -> &crate::page::Sessions {
        &self.0.sessions
    }
    /// Each tenant's list answers, ready in memory.
    pub fn cache(&self) -> &ReadCache {
        &self.0.cache
    }
    /// The cache as a handle of its own (for the task that follows change notices, which must
    /// not keep the rest of the state alive).
    pub fn cache_handle(&self) -> Arc<ReadCache> {
        self.0.cache.clone()
    }
    pub fn limits(&self) -> &Limiters {
        &self.0.limits
    }
    pub fn store(&self) -> &dyn Store {
        self.0.store.as_ref()
    }
    pub fn verifier(&self) -> &Verifier {
        &self.0.verifier
    }
    /// The built-in identity provider, unless the operator turned it off.
    pub fn idp(&self) -> Option<&Idp> {
        self.0.idp.as_deref()
    }
    pub fn clock(&self) -> &dyn Clock {
        self.0.clock.as_ref()
    }
    /// Where clients reach us, without a trailing slash.
    pub fn public_url(&self) -> &str {
        &self.0.public_url
    }
}
