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
//! The storefronts' decision (`POST .../evaluate`) is answered here the same way when its whole
//! body has already arrived with its headers (a decision request is a few hundred bytes, one
//! read), its token is known and the tenant's snapshot lists every product asked about
//! ([`crate::evaluate::from_memory`]). A body still on its way goes on to the router, with what
//! was read of it put back in front of the rest.
//!
//! `tests/api` checks that both paths give the same bytes and the same status for the same
//! request.

use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use axum::body::{Body, Bytes, HttpBody as _};
use axum::http::{HeaderValue, Method, Request, header};
use axum::response::{IntoResponse, Response};
use mscommerce_domain::PolicyId;

use crate::state::AppState;

/// The answer to `req` if it is a hot read or decision that memory can answer, else `None` (and
/// `req` as it came, its body included, for the router).
pub(crate) fn try_answer(state: &AppState, req: &mut Request<Body>) -> Option<Response> {
    if req.uri().query().is_some() {
        return None;
    }
    match *req.method() {
        Method::GET => read(state, req),
        Method::POST => decide(state, req),
        _ => None,
    }
}

fn read(state: &AppState, req: &Request<Body>) -> Option<Response> {
    let policy = list_path_policy(req.uri().path())?;
    let token = crate::auth::bearer_bytes(req.headers())?;
    // One clock reading for the whole request.
    let now = state.clock().now();
    let principal = state.verifier().cached(token, now)?;
    if !principal.can_read() {
        return None;
    }
    let body = state
        .cache()
        .with(principal.tenant, policy, now, |s| s.products_json.clone())
        .ok()?;
    if let Some(refused) = answered_from_memory(state, &principal, now) {
        return Some(refused);
    }
    let mut response = Response::new(Body::from(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Some(response)
}

/// The largest decision body answered here; larger ones (long `productIds` lists) are rare and
/// go to the router.
const MAX_DECISION_BODY: u64 = 16 * 1024;

fn decide(state: &AppState, req: &mut Request<Body>) -> Option<Response> {
    // Only a decision's body is looked at; its token is read once the body is in hand.
    policy_segment(req.uri().path(), "/evaluate")?;
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse::<u64>()
        .ok()?;
    if length > MAX_DECISION_BODY || req.body().size_hint().exact() != Some(length) {
        return None;
    }
    let body = arrived(req.body_mut(), length)?;
    let answer = what_to_decide(req).and_then(|(policy, token)| {
        crate::evaluate::from_memory(state, token, policy, req.headers(), &body)
    });
    if answer.is_none() {
        *req.body_mut() = Body::from(body);
    }
    answer
}

/// The policy and the bearer token of a decision request.
fn what_to_decide(req: &Request<Body>) -> Option<(&str, &[u8])> {
    let policy = policy_segment(req.uri().path(), "/evaluate")?;
    Some((policy, crate::auth::bearer_bytes(req.headers())?))
}

/// The whole body, when it arrived with the headers: one frame, taken without waiting. A body
/// not all there is put back as it was (what was taken, then the rest).
fn arrived(body: &mut Body, length: u64) -> Option<Bytes> {
    let mut cx = Context::from_waker(Waker::noop());
    let frame = match Pin::new(&mut *body).poll_frame(&mut cx) {
        Poll::Ready(Some(Ok(frame))) => frame,
        // Nothing taken: the router reads it (and reports an error) as ever.
        Poll::Ready(Some(Err(_)) | None) | Poll::Pending => return None,
    };
    let data = match frame.into_data() {
        Ok(data) if data.len() as u64 == length => return Some(data),
        Ok(data) => data,
        // Not data (trailers, before any data): there is none to put back.
        Err(_) => return None,
    };
    let rest = std::mem::take(body);
    *body = Body::from_stream(futures::StreamExt::chain(
        futures::stream::once(std::future::ready(Ok::<_, axum::Error>(data))),
        rest.into_data_stream(),
    ));
    None
}

/// Counts a request memory answers and charges its caller's budget: the rate limiter's 429
/// when it is spent (the same `ApiFailure` the router gives), else `None`.
pub(crate) fn answered_from_memory(
    state: &AppState,
    principal: &mscommerce_domain::Principal,
    now: time::OffsetDateTime,
) -> Option<Response> {
    state
        .metrics()
        .cache_hits
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    crate::auth::charge(state, principal, now)
        .err()
        .map(IntoResponse::into_response)
}

/// The route (for the metrics) of a path answered here.
pub(crate) fn route_of(path: &str) -> &'static str {
    match (path.starts_with("/v1/"), path.ends_with("/evaluate")) {
        (true, false) => "/v1/policies/{policy}/products",
        (false, false) => "/v1.0/policies/{policy}/products",
        (true, true) => "/v1/policies/{policy}/evaluate",
        (false, true) => "/v1.0/policies/{policy}/evaluate",
    }
}

/// The policy of `/v1.0/policies/{policy}/products` or `/v1/policies/{policy}/products`.
fn list_path_policy(path: &str) -> Option<PolicyId> {
    PolicyId::parse(policy_segment(path, "/products")?)
}

/// The `{policy}` of `/v1.0/policies/{policy}<suffix>` or `/v1/policies/{policy}<suffix>`, when
/// it is one plain segment (a percent-encoded one is left to the router, which decodes it).
fn policy_segment<'a>(path: &'a str, suffix: &str) -> Option<&'a str> {
    let rest = path
        .strip_prefix("/v1.0/policies/")
        .or_else(|| path.strip_prefix("/v1/policies/"))?;
    let segment = rest.strip_suffix(suffix)?;
    // Bytes, not chars: both are ASCII, and a char-set search costs more per character.
    (!segment.is_empty() && !segment.bytes().any(|b| b == b'/' || b == b'%')).then_some(segment)
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
        /// A token of the tenant with the claims common to every caller, and `claims`.
        fn sign(&self, claims: serde_json::Value) -> String {
            let now = self.clock.now().unix_timestamp();
            let mut all = serde_json::json!({
                "aud": mscommerce_proto::RESOURCE_APP_ID,
                "iss": format!("http://hot.invalid/{TENANT}/v2.0"),
                "iat": now, "nbf": now, "exp": now + 3600,
                "tid": TENANT,
                "ver": "2.0",
            });
            if let serde_json::Value::Object(claims) = claims {
                all.as_object_mut().unwrap().extend(claims);
            }
            self.keys.sign(&all).unwrap()
        }

        fn token(&self, wids: &[&str]) -> String {
            self.sign(serde_json::json!({
                "oid": "0a000001-0000-4000-8000-000000000001",
                "sub": "0a000001-0000-4000-8000-000000000001",
                "upn": "someone@contoso.example",
                "wids": wids,
                "scp": mscommerce_proto::SCOPE_ACCESS_AS_USER,
                "azp": mscommerce_proto::PUBLIC_CLIENT_ID,
            }))
        }

        /// A storefront's app-only token (issued in the tenant of the readers' tokens).
        fn storefront(&self) -> String {
            self.sign(serde_json::json!({
                "oid": "0a000002-0000-4000-8000-000000000002",
                "sub": "0a000002-0000-4000-8000-000000000002",
                "idtyp": "app",
                "azp": "0a000003-0000-4000-8000-000000000003",
                "roles": [mscommerce_proto::roles::EVALUATE],
            }))
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
            let mut req = clone_get(req);
            let r = try_answer(self.server.state(), &mut req)?;
            let (parts, body) = r.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            Some((
                parts.status,
                body.to_vec(),
                Response::from_parts(parts, Body::empty()),
            ))
        }
    }

    /// A copy of a request without a body.
    fn clone_get(req: &Request<Body>) -> Request<Body> {
        let mut copy = Request::builder().method(req.method()).uri(req.uri());
        for (k, v) in req.headers() {
            copy = copy.header(k, v);
        }
        copy.body(Body::empty()).unwrap()
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

    const DECIDE: &str = "/v1.0/policies/AllowSelfServicePurchase/evaluate";

    fn decision(path: &str, token: &str, body: &str) -> Request<Body> {
        Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, "de-DE")
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body.to_owned()))
            .unwrap()
    }

    async fn body_of(req: Request<Body>) -> Vec<u8> {
        axum::body::to_bytes(req.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn a_decision_memory_can_give_is_answered_here_exactly_as_the_router_answers_it() {
        let f = fixture("").await;
        let token = f.storefront();
        let one = format!(
            r#"{{"tenantId":"{TENANT}","productId":"CFQ7TTC0H9MP","kind":"trial","hasPaymentMethod":false}}"#
        );
        let many = format!(
            r#"{{"tenantId":"{TENANT}","productIds":["CFQ7TTC0H9MP","CFQ7TTC0HDB1"],"kind":"purchase","hasPaymentMethod":true}}"#
        );
        // Not loaded yet: left to the router, body and all.
        let mut req = decision(DECIDE, &token, &one);
        assert!(try_answer(f.server.state(), &mut req).is_none());
        assert_eq!(body_of(req).await, one.as_bytes());
        for (path, body) in [
            (DECIDE, &one),
            ("/v1/policies/AllowSelfServicePurchase/evaluate", &many),
        ] {
            let (status, routed) = f.through_router(decision(path, &token, body)).await;
            assert_eq!(
                status,
                StatusCode::OK,
                "{}",
                String::from_utf8_lossy(&routed)
            );
            let r = try_answer(f.server.state(), &mut decision(path, &token, body))
                .expect("answered here");
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(r.headers()[header::CONTENT_LANGUAGE], "de-DE");
            let here = axum::body::to_bytes(r.into_body(), usize::MAX)
                .await
                .unwrap();
            assert_eq!(here, routed);
        }
    }

    #[tokio::test]
    async fn a_decision_memory_cannot_give_goes_on_to_the_router_with_its_body() {
        let f = fixture("").await;
        let token = f.storefront();
        let reader = f.token(&[READER]);
        let good = format!(
            r#"{{"tenantId":"{TENANT}","productId":"CFQ7TTC0H9MP","kind":"trial","hasPaymentMethod":false}}"#
        );
        f.through_router(decision(DECIDE, &token, &good)).await;
        f.through_router(decision(DECIDE, &reader, &good)).await;
        assert!(try_answer(f.server.state(), &mut decision(DECIDE, &token, &good)).is_some());
        let other_tenant = good.replace(TENANT, "5d1a7b8e-0c1f-4b6e-9a51-7c0e3b2f4a02");
        let legacy = good.replace("CFQ7TTC0H9MP", "CFQ7TTC0L3PB");
        let cases = [
            (
                "a caller that is not a storefront",
                decision(DECIDE, &reader, &good),
            ),
            (
                "a tenant not loaded",
                decision(DECIDE, &token, &other_tenant),
            ),
            (
                "a product the snapshot does not list",
                decision(DECIDE, &token, &legacy),
            ),
            ("not JSON", decision(DECIDE, &token, "kind=trial")),
            ("a JSON array", decision(DECIDE, &token, "[]")),
        ];
        for (what, mut req) in cases {
            let before = req.headers()[header::CONTENT_LENGTH].clone();
            assert!(try_answer(f.server.state(), &mut req).is_none(), "{what}");
            assert_eq!(req.headers()[header::CONTENT_LENGTH], before);
            let expected = match what {
                "not JSON" => b"kind=trial".to_vec(),
                "a JSON array" => b"[]".to_vec(),
                "a caller that is not a storefront" => good.clone().into_bytes(),
                "a tenant not loaded" => other_tenant.clone().into_bytes(),
                _ => legacy.clone().into_bytes(),
            };
            assert_eq!(body_of(req).await, expected, "{what}: the body is put back");
        }
        // A body that has not all arrived: what was taken goes back in front of the rest.
        let (first, rest) = good.split_at(20);
        let stream = futures::stream::iter([
            Ok::<_, std::io::Error>(Bytes::from(first.to_owned())),
            Ok(Bytes::from(rest.to_owned())),
        ]);
        let mut req = decision(DECIDE, &token, "");
        *req.body_mut() = Body::from_stream(stream);
        req.headers_mut()
            .insert(header::CONTENT_LENGTH, good.len().into());
        assert!(try_answer(f.server.state(), &mut req).is_none());
        assert_eq!(body_of(req).await, good.as_bytes());
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
