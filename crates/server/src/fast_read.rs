//! The hot read, answered before routing.
//!
//! `GET /v1.0/policies/{policy}/products` (and `/v1`) is what dashboards, scripts and every
//! `get-product-policies` send, over and over. When everything it needs is already in memory (the
//! caller's token verified before and still valid, the tenant's answer in the read cache), this
//! answers it in one synchronous step, without the router, the extractors, the body limit or the
//! request timer, none of which can matter to a request that reads nothing and awaits nothing.
//!
//! Anything else, and any request this cannot answer *completely* (no token, an unknown token, a
//! caller without read access, a cache miss, a query string, a percent-encoded path), goes on to
//! the router untouched, which answers it exactly as before, errors included. The one answer
//! other than success given here is the rate limiter's 429, because the budget has been charged
//! by then and must not be charged twice; it is the same `ApiFailure` the router gives.
//!
//! `tests/api` checks that both paths give the same bytes and the same status for the same
//! request.

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, header};
use axum::response::{IntoResponse, Response};
use mscommerce_domain::PolicyId;

use crate::state::AppState;

/// The answer to `req` if it is a hot read that memory can answer, else `None`.
pub(crate) fn try_answer(state: &AppState, req: &Request<Body>) -> Option<Response> {
    if req.method() != Method::GET || req.uri().query().is_some() {
        return None;
    }
    let policy = list_path_policy(req.uri().path())?;
    let token = crate::auth::bearer_token(req.headers()).ok()?;
    // One clock reading for the whole request.
    let now = state.clock().now();
    let principal = state.verifier().cached(token, now)?;
    if !principal.can_read() {
        return None;
    }
    let snapshot = state.cache().get(principal.tenant, policy, now).ok()?;
    state
        .metrics()
        .cache_hits
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Err(refused) = crate::auth::charge(state, &principal, now) {
        return Some(refused.into_response());
    }
    let mut response = Response::new(Body::from(snapshot.products_json.clone()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Some(response)
}

/// The route (for the metrics) of a list path answered here.
pub(crate) fn route_of(path: &str) -> &'static str {
    if path.starts_with("/v1/") {
        "/v1/policies/{policy}/products"
    } else {
        "/v1.0/policies/{policy}/products"
    }
}

/// The policy of `/v1.0/policies/{policy}/products` or `/v1/policies/{policy}/products`, when the
/// segment is a plain policy id (a percent-encoded one is left to the router, which decodes it).
fn list_path_policy(path: &str) -> Option<PolicyId> {
    let rest = path
        .strip_prefix("/v1.0/policies/")
        .or_else(|| path.strip_prefix("/v1/policies/"))?;
    let segment = rest.strip_suffix("/products")?;
    if segment.contains(['/', '%']) {
        return None;
    }
    PolicyId::parse(segment)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use axum::http::StatusCode;
    use mscommerce_domain::{Clock, ManualClock};
    use tower::ServiceExt as _;

    use crate::config::{FileConfig, Overrides, ServeConfig};

    const PATH: &str = "/v1.0/policies/AllowSelfServicePurchase/products";
    const TENANT: &str = "5d1a7b8e-0c1f-4b6e-9a51-7c0e3b2f4a01";

    struct Fixture {
        _dir: tempfile::TempDir,
        server: crate::Server,
        keys: mscommerce_identity::KeyRing,
        clock: Arc<ManualClock>,
    }

    async fn fixture(limits: &str) -> Fixture {
        mscommerce_identity::install_crypto_provider();
        let dir = tempfile::tempdir().unwrap();
        let overrides = Overrides {
            data_dir: Some(dir.path().to_owned()),
            public_url: Some("http://hot.invalid".into()),
            ..Overrides::default()
        };
        let file = FileConfig::parse(limits).unwrap();
        let config = ServeConfig::resolve(file, overrides, dir.path().to_owned()).unwrap();
        let clock = Arc::new(ManualClock::new(
            time::macros::datetime!(2026-11-21 9:00 UTC),
        ));
        let dyn_clock: Arc<dyn Clock> = clock.clone();
        let server =
            crate::Server::build(config, dyn_clock.clone(), "127.0.0.1:1".parse().unwrap())
                .await
                .unwrap();
        let keys = mscommerce_identity::KeyRing::open(dir.path().join("keys"), dyn_clock).unwrap();
        Fixture {
            _dir: dir,
            server,
            keys,
            clock,
        }
    }

    impl Fixture {
        fn token(&self, wids: &[&str]) -> String {
            let now = self.clock.now().unix_timestamp();
            self.keys
                .sign(&serde_json::json!({
                    "aud": mscommerce_proto::RESOURCE_APP_ID,
                    "iss": format!("http://hot.invalid/{TENANT}/v2.0"),
                    "iat": now, "nbf": now, "exp": now + 3600,
                    "tid": TENANT,
                    "oid": "0a000001-0000-4000-8000-000000000001",
                    "sub": "0a000001-0000-4000-8000-000000000001",
                    "upn": "someone@contoso.example",
                    "wids": wids,
                    "scp": mscommerce_proto::SCOPE_ACCESS_AS_USER,
                    "ver": "2.0",
                    "azp": mscommerce_proto::PUBLIC_CLIENT_ID,
                }))
                .unwrap()
        }

        /// Through the whole service, as a client's request goes.
        async fn through_router(&self, req: Request<Body>) -> (StatusCode, Vec<u8>) {
            let r = self.server.router().oneshot(req).await.unwrap();
            let status = r.status();
            let body = axum::body::to_bytes(r.into_body(), usize::MAX)
                .await
                .unwrap();
            (status, body.to_vec())
        }

        async fn here(&self, req: &Request<Body>) -> Option<(StatusCode, Vec<u8>, Response)> {
            let r = try_answer(self.server.state(), req)?;
            let (parts, body) = r.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            Some((
                parts.status,
                body.to_vec(),
                Response::from_parts(parts, Body::empty()),
            ))
        }
    }

    fn get(path: &str, token: &str) -> Request<Body> {
        Request::get(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    }

    const READER: &str = mscommerce_proto::roles::GLOBAL_READER;

    #[tokio::test]
    async fn a_cached_read_is_answered_here_exactly_as_the_router_answers_it() {
        let f = fixture("").await;
        let token = f.token(&[READER]);
        // Not known yet: the router verifies the token and loads the tenant's answer.
        assert!(f.here(&get(PATH, &token)).await.is_none());
        for path in [PATH, "/v1/policies/allowselfservicepurchase/products"] {
            let (status, routed) = f.through_router(get(path, &token)).await;
            assert_eq!(status, StatusCode::OK);
            let (status, body, response) = f.here(&get(path, &token)).await.expect("answered here");
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body, routed);
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        }
    }

    #[tokio::test]
    async fn what_memory_cannot_answer_goes_on_to_the_router() {
        let f = fixture("").await;
        let reader = f.token(&[READER]);
        let nobody = f.token(&[mscommerce_proto::roles::USER]);
        for token in [&reader, &nobody] {
            f.through_router(get(PATH, token)).await;
        }
        assert!(f.here(&get(PATH, &reader)).await.is_some());
        let unanswered = [
            (
                "a caller without read access (the router answers 403 and journals it)",
                get(PATH, &nobody),
            ),
            ("a token never seen", get(PATH, &f.token(&[READER, "x"]))),
            ("no token", Request::get(PATH).body(Body::empty()).unwrap()),
            ("a query", get(&format!("{PATH}?scope=OfferType"), &reader)),
            ("another method", {
                let mut r = get(PATH, &reader);
                *r.method_mut() = Method::PATCH;
                r
            }),
        ];
        for (what, req) in unanswered {
            assert!(f.here(&req).await.is_none(), "{what}");
        }
        // A write drops the tenant's answer: the next read goes to the store again.
        f.server.state().cache().invalidate(TENANT.parse().unwrap());
        assert!(f.here(&get(PATH, &reader)).await.is_none(), "after a write");
        // An expired token is not served from the cache.
        f.through_router(get(PATH, &reader)).await;
        f.clock.advance(time::Duration::hours(2));
        assert!(
            f.here(&get(PATH, &reader)).await.is_none(),
            "an expired token"
        );
        assert_eq!(
            f.through_router(get(PATH, &reader)).await.0,
            StatusCode::UNAUTHORIZED
        );
    }

    #[tokio::test]
    async fn the_budget_is_charged_once_and_its_429_is_the_routers() {
        let f = fixture("[limits]\ncaller_rate_per_sec = 0.001\ncaller_burst = 3\n").await;
        let token = f.token(&[READER]);
        // The router charges the first request, this path the next two: three in all.
        assert_eq!(f.through_router(get(PATH, &token)).await.0, StatusCode::OK);
        for _ in 0..2 {
            assert_eq!(f.here(&get(PATH, &token)).await.unwrap().0, StatusCode::OK);
        }
        let (status, body, response) = f.here(&get(PATH, &token)).await.unwrap();
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(response.headers().contains_key(header::RETRY_AFTER));
        let error: mscommerce_proto::ApiError = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.error_code, "TooManyRequests");
        // Through the whole service the same request gets the envelope with its request id.
        let (status, body) = f.through_router(get(PATH, &token)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let error: mscommerce_proto::ApiError = serde_json::from_slice(&body).unwrap();
        assert!(error.request_id.is_some());
    }

    #[test]
    fn only_the_list_paths_are_hot() {
        let p = Some(PolicyId::AllowSelfServicePurchase);
        assert_eq!(
            list_path_policy("/v1.0/policies/AllowSelfServicePurchase/products"),
            p
        );
        assert_eq!(
            list_path_policy("/v1/policies/AllowSelfServicePurchase/products"),
            p
        );
        for other in [
            "/v1.0/policies/AllowSelfServicePurchase/products/",
            "/v1.0/policies/AllowSelfServicePurchase/products/CFQ7TTC0LH18",
            "/v1.0/policies/AllowSelfServicePurchase",
            "/v1.0/policies/Allow%53elfServicePurchase/products",
            "/v1.0/policies/x/AllowSelfServicePurchase/products",
            "/v2/policies/AllowSelfServicePurchase/products",
            "/v1.0/policies/NoSuchPolicy/products",
            "/v1.0/policies//products",
        ] {
            assert_eq!(list_path_policy(other), None, "{other}");
        }
    }
}
