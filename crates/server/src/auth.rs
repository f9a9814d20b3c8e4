//! The bearer-token extractor: exactly one `Authorization: Bearer <token>` header, verified by
//! the identity layer, or a 401.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use mscommerce_domain::Principal;

use crate::error::ApiFailure;
use crate::state::AppState;

/// The verified caller of a request.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiFailure> {
        let token = bearer_token(parts)?;
        state
            .verifier()
            .verify(token)
            .await
            .map(Caller)
            .map_err(|e| ApiFailure::Unauthorized(e.to_string()))
    }
}

fn bearer_token(parts: &Parts) -> Result<&str, ApiFailure> {
    let mut values = parts.headers.get_all(header::AUTHORIZATION).iter();
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
    let value = value
        .to_str()
        .map_err(|_| ApiFailure::Unauthorized("the Authorization header is not ASCII".into()))?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiFailure::Unauthorized(
            "the Authorization header must use the Bearer scheme".into(),
        ));
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(ApiFailure::Unauthorized("the bearer token is empty".into()));
    }
    Ok(token)
}
