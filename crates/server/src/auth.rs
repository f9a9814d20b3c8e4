//! The bearer-token extractor: exactly one `Authorization: Bearer <token>` header, verified by
//! the identity layer, or a 401.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use std::sync::Arc;
use time::OffsetDateTime;

use mscommerce_domain::Principal;

use crate::error::ApiFailure;
use crate::state::AppState;

/// The verified caller of a request (shared with the verifier's cache: no copy per request).
#[derive(Debug, Clone)]
pub struct Caller(pub Arc<Principal>);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiFailure> {
        let token = bearer_token(&parts.headers)?;
        let principal = state.verifier().verify_shared(token).await?;
        charge(state, &principal, state.clock().now())?;
        Ok(Caller(principal))
    }
}

/// Takes one request from the caller's budgets: its tenant's (one tenant flooding does not slow
/// another) and its own (one script does not use up its tenant's budget).
pub(crate) fn charge(
    state: &AppState,
    principal: &Principal,
    now: OffsetDateTime,
) -> Result<(), ApiFailure> {
    let limits = state.limits();
    let tenant = principal.tenant;
    let refused = |counter: &std::sync::atomic::AtomicU64| {
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    };
    limits
        .per_tenant
        .check(crate::limits::key(&tenant), now)
        .map_err(|r| {
            refused(&state.metrics().limited_tenant);
            ApiFailure::TooManyRequests {
                retry_after: r.0,
                who: format!("tenant {tenant}"),
            }
        })?;
    limits
        .per_caller
        .check(caller_key(principal), now)
        .map_err(|r| {
            refused(&state.metrics().limited_caller);
            ApiFailure::TooManyRequests {
                retry_after: r.0,
                who: "this caller".into(),
            }
        })
}

fn caller_key(p: &Principal) -> u64 {
    match &p.kind {
        mscommerce_domain::PrincipalKind::User { oid, .. } => {
            crate::limits::key(&(p.tenant, 'u', oid))
        }
        mscommerce_domain::PrincipalKind::App { app_id, .. } => {
            crate::limits::key(&(p.tenant, 'a', app_id))
        }
    }
}

/// The token of the request's one `Authorization: Bearer` header, checked to be ASCII (what a
/// header value may hold is wider): what the verifier is given.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Result<&str, ApiFailure> {
    let value = authorization(headers)?;
    let not_ascii = || ApiFailure::Unauthorized("the Authorization header is not ASCII".into());
    // The whole value a word at a time, not a byte at a time as `HeaderValue::to_str` would: it
    // is a whole access token.
    if !value.is_ascii() {
        return Err(not_ascii());
    }
    std::str::from_utf8(bearer(value)?).map_err(|_| not_ascii())
}

/// The bearer token's bytes, unchecked: for the answers from memory only, which take a token
/// only when it is byte for byte one the verifier checked before (so ASCII, and valid). Anything
/// else goes to the router, where [`bearer_token`] checks it and says what is wrong.
pub(crate) fn bearer_bytes(headers: &HeaderMap) -> Option<&[u8]> {
    bearer(authorization(headers).ok()?).ok()
}

/// The value of the request's one `Authorization` header.
fn authorization(headers: &HeaderMap) -> Result<&[u8], ApiFailure> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let value = values.next().ok_or_else(|| {
        ApiFailure::Unauthorized(
            "no Authorization header; send Authorization: Bearer <access token>".into(),
        )
    })?;
    if values.next().is_some() {
        return Err(ApiFailure::Unauthorized(
            "more than one Authorization header".into(),
        ));
    }
    Ok(value.as_bytes())
}

/// The token of a `Bearer <token>` value.
fn bearer(value: &[u8]) -> Result<&[u8], ApiFailure> {
    // The scheme is a few bytes long: a plain scan finds its end sooner than a searcher set up
    // for the whole token.
    let (scheme, token) = match value.iter().position(|b| *b == b' ') {
        Some(i) => (&value[..i], &value[i + 1..]),
        None => (value, &[][..]),
    };
    if !scheme.eq_ignore_ascii_case(b"bearer") {
        return Err(ApiFailure::Unauthorized(
            "the Authorization header must use the Bearer scheme".into(),
        ));
    }
    let token = token.trim_ascii();
    if token.is_empty() {
        return Err(ApiFailure::Unauthorized("the bearer token is empty".into()));
    }
    Ok(token)
}
