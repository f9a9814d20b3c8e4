//! Cross-cutting request handling: request and correlation ids, and the guarantee that every
//! error leaving the service is a JSON envelope (even those produced by axum or tower layers,
//! such as 405, 413 or a path that does not decode).

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::future::{BoxFuture, Either};
use mscommerce_domain::RequestIds;
use std::time::Instant;

use crate::state::AppState;
use mscommerce_proto::{ApiError, headers as h};
use uuid::Uuid;

/// The biggest error body we will buffer to add the request id to (ours are far smaller).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// A header value we echo only if it is a GUID, so nothing a client sends reaches logs or other
/// clients unchecked.
fn guid_header(req: &Request, name: &HeaderName) -> Option<Uuid> {
    let v = req.headers().get(name)?.to_str().ok()?.trim();
    (v.len() <= 38)
        .then(|| Uuid::parse_str(v.trim_matches(['{', '}'])).ok())
        .flatten()
}

/// A request's ids, as values: they become strings only for requests that need them (routed
/// ones keep them for the journal; the hot read only echoes them as headers).
#[derive(Debug, Clone, Copy)]
struct Ids {
    request: Uuid,
    correlation: Option<Uuid>,
    client_request: Option<Uuid>,
}

impl Ids {
    fn of(req: &Request) -> Ids {
        Ids {
            request: Uuid::new_v4(),
            correlation: guid_header(req, &CORRELATION_ID),
            client_request: guid_header(req, &CLIENT_REQUEST_ID),
        }
    }

    fn strings(self) -> RequestIds {
        let text = |u: Uuid| u.hyphenated().to_string();
        RequestIds {
            request_id: text(self.request),
            correlation_id: self.correlation.map(text),
            client_request_id: self.client_request.map(text),
            client_address: None,
            user_agent: None,
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static(h::REQUEST_ID);
const CORRELATION_ID: HeaderName = HeaderName::from_static(h::CORRELATION_ID);
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static(h::CLIENT_REQUEST_ID);

/// Wraps a service in the [`FrontDoor`].
#[derive(Debug, Clone)]
pub struct FrontDoorLayer {
    state: AppState,
}

impl FrontDoorLayer {
    pub fn new(state: AppState) -> Self {
        FrontDoorLayer { state }
    }
}

impl<S> tower::Layer<S> for FrontDoorLayer {
    type Service = FrontDoor<S>;
    fn layer(&self, inner: S) -> FrontDoor<S> {
        FrontDoor {
            state: self.state.clone(),
            inner,
        }
    }
}

/// The front door of every request: request and correlation ids; the global in-flight cap (503
/// at once when full; `/healthz` is never shed); the hot read answered from memory when it can
/// be ([`crate::fast_read`]), without a boxed future or a hop through the layers behind; and on
/// the way out the JSON error envelope and the id headers.
///
/// A service of its own rather than `middleware::from_fn`, which boxes every request's future and
/// clones the inner service into it: the hot path pays for neither.
#[derive(Debug, Clone)]
pub struct FrontDoor<S> {
    state: AppState,
    inner: S,
}

type Answer = Result<Response, Infallible>;

/// The front door's answer to a request: ready at once (the hot paths) or to be awaited.
pub(crate) type Answering = Either<Ready<Answer>, BoxFuture<'static, Answer>>;

impl<S> tower::Service<Request> for FrontDoor<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answering;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The inner service is called through a clone made ready in `call` (`oneshot`).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let peer = req
            .extensions()
            .get::<crate::client_address::Peer>()
            .map(|p| p.0);
        self.answer(req, peer)
    }
}

impl<S> FrontDoor<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    /// Answers `req`, which came from `peer` (when known): [`tower::Service::call`] without its
    /// `&mut`, so that a connection calls it without cloning the front door per request (every
    /// clone is a reference count shared by all connections, bounced between cores).
    pub(crate) fn answer(&self, mut req: Request, peer: Option<std::net::SocketAddr>) -> Answering {
        let ids = Ids::of(&req);
        let started = Instant::now();
        // `/healthz` and `/readyz` must keep answering under load: they are never shed.
        let admitted = if matches!(req.uri().path(), "/healthz" | "/readyz") {
            None
        } else {
            let Some(admitted) = self.state.limits().in_flight.try_admit() else {
                let state = self.state.clone();
                let method = req.method().clone();
                return Either::Right(Box::pin(async move {
                    let r = finish(crate::limits::overloaded(), ids).await;
                    record(&state, None, &method, &r, started);
                    r
                }));
            };
            // Synchronous: the request is done (and leaves the cap) before this returns.
            if let Some(answer) = crate::fast_read::try_answer(&self.state, &mut req) {
                drop(admitted);
                let route = crate::fast_read::route_of(req.uri().path());
                return if answer.status().is_success() {
                    let answer = Ok(with_ids(answer, ids));
                    record(&self.state, Some(route), req.method(), &answer, started);
                    Either::Left(ready(answer))
                } else {
                    let (state, method) = (self.state.clone(), req.method().clone());
                    Either::Right(Box::pin(async move {
                        let r = finish(answer, ids).await;
                        record(&state, Some(route), &method, &r, started);
                        r
                    }))
                };
            }
            Some(admitted)
        };
        let mut strings = ids.strings();
        if let Some(peer) = peer {
            let client = self
                .state
                .trusted_proxies()
                .client(peer.ip(), req.headers());
            strings.client_address = Some(client.to_string());
        }
        strings.user_agent = crate::client_address::user_agent(req.headers());
        req.extensions_mut().insert(strings);
        let inner = self.inner.clone();
        let (state, method) = (self.state.clone(), req.method().clone());
        Either::Right(Box::pin(async move {
            let response = match tower::ServiceExt::oneshot(inner, req).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            // The cap counts a request until its response is ready.
            drop(admitted);
            let r = finish(response, ids).await;
            record(&state, None, &method, &r, started);
            r
        }))
    }
}

/// Counts an answered request: its route (the one the router matched, carried back by
/// [`tag_route`], unless the caller knows it), method, status and time.
fn record(state: &AppState, route: Option<&str>, method: &Method, r: &Answer, started: Instant) {
    let response = match r {
        Ok(response) => response,
        Err(never) => match *never {},
    };
    let route = route.or_else(|| {
        response
            .extensions()
            .get::<RouteTag>()
            .map(|t| t.0.as_str())
    });
    state.metrics().record(
        route.unwrap_or(crate::metrics::OTHER),
        method,
        response.status().as_u16(),
        started.elapsed(),
    );
}

/// The route a response was answered by (for the metrics' label).
#[derive(Debug, Clone)]
struct RouteTag(axum::extract::MatchedPath);

/// Copies the matched route into the response (a `route_layer`, so it runs for matched routes
/// only; anything else is `other`).
pub(crate) async fn tag_route(
    path: Option<axum::extract::MatchedPath>,
    mut response: Response,
) -> Response {
    if let Some(path) = path {
        response.extensions_mut().insert(RouteTag(path));
    }
    response
}

/// The envelope for errors, then the id headers.
async fn finish(response: Response, ids: Ids) -> Answer {
    let response = json_errors(response, ids).await;
    Ok(with_ids(response, ids))
}

fn with_ids(mut response: Response, ids: Ids) -> Response {
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, id: Uuid| {
        let mut text = Uuid::encode_buffer();
        if let Ok(v) = HeaderValue::from_str(id.hyphenated().encode_lower(&mut text)) {
            headers.insert(name, v);
        }
    };
    set(REQUEST_ID, ids.request);
    if let Some(c) = ids.correlation {
        set(CORRELATION_ID, c);
    }
    if let Some(c) = ids.client_request {
        set(CLIENT_REQUEST_ID, c);
    }
    response
}

/// Rewrites error responses into the API's envelope: adds `requestId`/`correlationId` to ours, and
/// turns bare ones (no JSON body: axum's 405, tower's 413, extractor rejections) into
/// `{"errorCode","reason"}` with the same status and headers (`Allow` stays).
async fn json_errors(response: Response, ids: Ids) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ERROR_BODY)
        .await
        .unwrap_or_default();
    let mut error: ApiError = if is_json {
        match serde_json::from_slice::<ApiError>(&bytes) {
            Ok(e) => e,
            // JSON that is not our envelope (the identity endpoints' OAuth errors): leave it.
            Err(_) => return Response::from_parts(parts, Body::from(bytes)),
        }
    } else {
        bare_error(status, &parts.headers, &bytes)
    };
    let ids = ids.strings();
    error.request_id = Some(ids.request_id.clone());
    error.correlation_id = ids
        .correlation_id
        .clone()
        .or_else(|| ids.client_request_id.clone());
    // Every 503 says when to come back, including the timeout layer's bare one.
    if status == StatusCode::SERVICE_UNAVAILABLE && !parts.headers.contains_key(header::RETRY_AFTER)
    {
        parts.headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from(crate::error::RETRY_AFTER_SECS),
        );
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = serde_json::to_vec(&error).unwrap_or_default();
    Response::from_parts(parts, Body::from(body))
}

fn bare_error(status: StatusCode, headers: &axum::http::HeaderMap, body: &[u8]) -> ApiError {
    let detail = String::from_utf8_lossy(body)
        .chars()
        .take(200)
        .collect::<String>();
    let (code, reason) = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            // axum adds `Allow` after this middleware has run (it wraps each route's handlers),
            // so the header is usually not here yet; the client gets it either way.
            let allow = headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .filter(|a| !a.is_empty());
            (
                "MethodNotAllowed",
                match allow {
                    Some(allow) => {
                        format!("This method is not allowed here. Allowed methods: {allow}.")
                    }
                    None => "This method is not allowed here; the Allow header lists the methods that are.".to_owned(),
                },
            )
        }
        StatusCode::PAYLOAD_TOO_LARGE => (
            "PayloadTooLarge",
            "The request body is too large. Policy updates are a few bytes: send {\"policyValue\": VALUE}.".to_owned(),
        ),
        StatusCode::NOT_FOUND => (
            "NotFound",
            "There is no such resource. The API lives under /v1.0/policies (or /v1/policies).".to_owned(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "UnsupportedMediaType",
            "The body must be JSON: send Content-Type: application/json.".to_owned(),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "RequestTimeout",
            "The request took too long to arrive. Send it again.".to_owned(),
        ),
        StatusCode::SERVICE_UNAVAILABLE => (
            "ServiceUnavailable",
            "The service cannot answer right now (it took too long or is at its limit). Retry after the time in Retry-After.".to_owned(),
        ),
        s if s.is_server_error() => (
            "InternalError",
            "The service failed unexpectedly. Retry; if it persists, report the requestId to the operator.".to_owned(),
        ),
        _ => (
            "BadRequest",
            if detail.is_empty() {
                "The request is not valid.".to_owned()
            } else {
                format!("The request is not valid: {detail}")
            },
        ),
    };
    ApiError {
        error_code: code.into(),
        reason,
        ..ApiError::default()
    }
}

/// Unknown paths.
pub async fn not_found() -> impl IntoResponse {
    StatusCode::NOT_FOUND
}
