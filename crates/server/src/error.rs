//! One error type for the licensing API, mapped to HTTP in one place.
//!
//! Every error body is the original's envelope `{"errorCode","reason"}` plus optional fields that
//! say what to do (`allowedValues`, `required`, `caller`, `requestId`). A 401 always carries
//! `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mscommerce_domain::{Denied, ETag, PolicyValue};
use mscommerce_identity::{AuthError, FailureKind};
use mscommerce_proto::{ApiError, FailedItem, TargetRef};
use mscommerce_store::{Refusal, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ApiFailure {
    #[error("{0}")]
    Unauthorized(String),
    #[error("forbidden")]
    Forbidden(Box<Denied>),
    /// A valid token without the delegated scope this API needs.
    #[error("{0}")]
    InsufficientScope(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{reason}")]
    BadRequest {
        reason: String,
        allowed: Option<Vec<PolicyValue>>,
    },
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    /// One item of a batch (or its `default`, `index` None) was refused: the answer is that
    /// item's, and names it.
    #[error("batch item: {failure}")]
    Item {
        index: Option<usize>,
        target: Option<TargetRef>,
        /// The target's current ETag, when its `ifMatch` no longer matched.
        etag: Option<ETag>,
        failure: Box<ApiFailure>,
    },
    #[error("the resource changed since it was read")]
    PreconditionFailed { current: ETag },
    /// The request contradicts the state it would change (409), e.g. a purchase the policy
    /// denies.
    #[error("{reason}")]
    Conflict { code: &'static str, reason: String },
    #[error("{0}")]
    Unavailable(String),
    #[error("too many requests from {who}")]
    TooManyRequests { retry_after: u64, who: String },
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiFailure {
    pub fn bad_request(reason: impl Into<String>) -> Self {
        ApiFailure::BadRequest {
            reason: reason.into(),
            allowed: None,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiFailure::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiFailure::Forbidden(_) | ApiFailure::InsufficientScope(_) => StatusCode::FORBIDDEN,
            ApiFailure::NotFound(_) => StatusCode::NOT_FOUND,
            ApiFailure::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiFailure::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiFailure::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiFailure::Item { failure, .. } => failure.status(),
            ApiFailure::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiFailure::Conflict { .. } => StatusCode::CONFLICT,
            ApiFailure::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiFailure::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiFailure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn body(&self) -> ApiError {
        if let ApiFailure::Item {
            index,
            target,
            etag,
            failure,
        } = self
        {
            let mut body = failure.body();
            let place = match index {
                Some(i) => format!("items[{i}]"),
                None => "default".to_owned(),
            };
            let named = match target
                .as_ref()
                .and_then(|t| t.id.as_deref().map(|id| (t, id)))
            {
                Some((t, id)) if t.kind == "product" => format!(" (product {id})"),
                Some((_, id)) => format!(" (offer type {id})"),
                None => String::new(),
            };
            body.reason = format!(
                "{place}{named}: {} Nothing in the batch was changed.",
                body.reason
            );
            body.failed_item = Some(FailedItem {
                index: *index,
                target: target.clone(),
                etag: etag.as_ref().map(ETag::header_value),
            });
            return body;
        }
        let (code, reason) = match self {
            ApiFailure::Unauthorized(why) => (
                "InvalidToken",
                format!(
                    "The access token is missing or was refused: {why}. Sign in again (mscommerce connect) and retry with a new token."
                ),
            ),
            ApiFailure::Forbidden(d) => ("Forbidden", forbidden_reason(d)),
            ApiFailure::InsufficientScope(why) => (
                "Forbidden",
                format!(
                    "The token does not carry the permission this API needs: {why}. Sign in again asking for the scope {}.",
                    mscommerce_proto::RESOURCE_DEFAULT_SCOPE
                ),
            ),
            ApiFailure::NotFound(what) => ("NotFound", what.clone()),
            ApiFailure::BadRequest { reason, .. } => ("BadRequest", reason.clone()),
            ApiFailure::UnsupportedMediaType(why) => ("UnsupportedMediaType", why.clone()),
            ApiFailure::PayloadTooLarge(why) => ("PayloadTooLarge", why.clone()),
            // Answered above.
            ApiFailure::Item { failure, .. } => return failure.body(),
            ApiFailure::PreconditionFailed { current } => (
                "PreconditionFailed",
                format!(
                    "The resource changed since you read it (If-Match did not match; its ETag is now {current}). Read it again, then retry your change."
                ),
            ),
            ApiFailure::Conflict { code, reason } => (*code, reason.clone()),
            ApiFailure::Unavailable(why) => (
                "ServiceUnavailable",
                format!("The service cannot answer right now ({why}). Retry after the time in Retry-After."),
            ),
            ApiFailure::TooManyRequests { retry_after, who } => (
                "TooManyRequests",
                format!(
                    "Too many requests from {who}. Wait {retry_after} s (Retry-After) and retry; spread bulk work over time or send one batch request."
                ),
            ),
            ApiFailure::Internal(_) => (
                "InternalError",
                "The service failed unexpectedly. Retry; if it persists, report the requestId to the operator.".to_owned(),
            ),
        };
        let mut body = ApiError {
            error_code: code.into(),
            reason,
            ..ApiError::default()
        };
        match self {
            ApiFailure::Forbidden(d) => {
                body.required = Some(d.requirement.clone());
                body.caller = Some(d.caller_info.clone());
            }
            ApiFailure::BadRequest {
                allowed: Some(a), ..
            } => {
                body.allowed_values = Some(a.iter().map(|v| v.as_str().to_owned()).collect());
            }
            _ => {}
        }
        body
    }
}

fn forbidden_reason(d: &Denied) -> String {
    let info = &d.caller_info;
    let who = match info.kind.as_str() {
        "app" => format!("the app {}", info.app_id.as_deref().unwrap_or("?")),
        _ => info
            .user_principal_name
            .clone()
            .or_else(|| info.object_id.clone())
            .unwrap_or_else(|| "this user".into()),
    };
    let held = if info.roles.is_empty() {
        "none".to_owned()
    } else {
        info.roles
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = |v: &[mscommerce_proto::NamedId]| {
        v.iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(" or ")
    };
    if d.access == mscommerce_domain::access::Access::RequestLicense {
        format!(
            "License requests are made by people: sign in as the user who needs the license. {who} is an app."
        )
    } else if d.access == mscommerce_domain::access::Access::DecideRequests {
        format!(
            "To approve or deny license requests you need one of these roles: {}. {who} has: {held}. Sign in with another account, or ask your IT admin for the role.",
            names(&d.requirement.directory_roles)
        )
    } else if d.requirement.directory_roles.is_empty() {
        // Purchase decisions: no directory role may ask, only a storefront application.
        format!(
            "Purchase decisions are for storefront applications: an app-only token with the application permission {}. {who} has: {held}. Sign in as the storefront app (the operator grants the permission with mscommerce admin app add --storefront).",
            names(&d.requirement.app_permissions)
        )
    } else if info.kind == "app" {
        format!(
            "To {} self-service purchase policies an app needs the application permission {}. {who} has: {held}. Grant the permission to the app, or use an app that has it.",
            d.requirement.access,
            names(&d.requirement.app_permissions)
        )
    } else {
        format!(
            "To {} self-service purchase policies you need one of these roles: {} (a Global Reader may read). {who} has: {held}. Sign in with another account, or ask your IT admin for the role.",
            d.requirement.access,
            names(&d.requirement.directory_roles)
        )
    }
}

/// The HTTP status of a refusal of the identity layer (the token endpoints answer with it; the
/// licensing API goes through [`ApiFailure`], whose statuses agree).
pub(crate) fn identity_status(kind: FailureKind) -> StatusCode {
    match kind {
        FailureKind::BadRequest => StatusCode::BAD_REQUEST,
        FailureKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        FailureKind::Forbidden => StatusCode::FORBIDDEN,
        FailureKind::Throttled => StatusCode::TOO_MANY_REQUESTS,
        FailureKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        FailureKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A refused bearer token: 401 with `invalid_token`, 403 with `insufficient_scope`, or 503 when
/// the issuer's keys cannot be fetched.
impl From<AuthError> for ApiFailure {
    fn from(e: AuthError) -> Self {
        match e.kind() {
            FailureKind::Forbidden => ApiFailure::InsufficientScope(e.to_string()),
            FailureKind::Unavailable => ApiFailure::Unavailable(e.to_string()),
            FailureKind::Internal => ApiFailure::Internal(e.to_string()),
            FailureKind::Unauthenticated | FailureKind::BadRequest | FailureKind::Throttled => {
                ApiFailure::Unauthorized(e.to_string())
            }
        }
    }
}

impl From<StoreError> for ApiFailure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiFailure::NotFound("Not found.".into()),
            StoreError::Refused(Refusal::PreconditionFailed { current }) => {
                ApiFailure::PreconditionFailed { current }
            }
            StoreError::Refused(Refusal::ValueNotAllowed { value, allowed }) => {
                ApiFailure::BadRequest {
                    reason: format!(
                        "'{value}' is not allowed here. Allowed values: {}.",
                        PolicyValue::list(&allowed)
                    ),
                    allowed: Some(allowed),
                }
            }
            StoreError::Conflict(what) => {
                ApiFailure::bad_request(format!("Already exists: {what}."))
            }
            StoreError::Refused(Refusal::Retired { product }) => ApiFailure::bad_request(format!(
                "Product {product} is retired: it can no longer be bought, so its policy can no longer be changed (reading it still works)."
            )),
            StoreError::Refused(Refusal::Duplicate { first }) => ApiFailure::bad_request(format!(
                "It names the same target as items[{first}] (a legacy id names its current product). Name each product or offer type once."
            )),
            StoreError::Refused(Refusal::RequestNotPending(status)) => ApiFailure::Conflict {
                code: "RequestNotPending",
                reason: format!(
                    "The license request is {} already: only a pending request can be approved or denied, once. List the pending ones with GET /v1.0/licenseRequests?status=pending.",
                    status.as_str()
                ),
            },
            StoreError::Refused(Refusal::RequestPending { id }) => ApiFailure::Conflict {
                code: "RequestPending",
                reason: format!(
                    "You asked for this product already: request {id} is waiting for an admin. See it with GET /v1.0/licenseRequests (mscommerce get-license-requests)."
                ),
            },
            StoreError::Refused(Refusal::CustomRequestProcess { message, url }) => {
                ApiFailure::Conflict {
                    code: "CustomRequestProcess",
                    reason: format!(
                        "Your organization takes license requests through its own process{}{}",
                        url.map(|u| format!(": {u}.")).unwrap_or_else(|| ".".into()),
                        message.map(|m| format!(" {m}")).unwrap_or_default()
                    ),
                }
            }
            StoreError::Item { index, error } => ApiFailure::Item {
                index: Some(index),
                target: None,
                etag: None,
                failure: Box::new(ApiFailure::from(*error)),
            },
            StoreError::Default(error) => ApiFailure::Item {
                index: None,
                target: None,
                etag: None,
                failure: Box::new(ApiFailure::from(*error)),
            },
            StoreError::PurchaseDenied(d) => ApiFailure::Conflict {
                code: "PurchaseDenied",
                reason: format!(
                    "The tenant's policy for product {} is {}, which denies this now ({}). Nothing was recorded: ask POST /v1.0/policies/AllowSelfServicePurchase/evaluate before offering a purchase or a trial.",
                    d.product,
                    d.value,
                    d.reason.as_str()
                ),
            },
            StoreError::Unavailable(why) => ApiFailure::Unavailable(why),
            StoreError::Internal(why) => ApiFailure::Internal(why),
        }
    }
}

/// Seconds a client should wait after a 503 or 429.
pub const RETRY_AFTER_SECS: u64 = 1;

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        if let ApiFailure::Internal(why) = &self {
            tracing::error!(error = %why, "internal error");
        }
        let status = self.status();
        // The request id is added to the body by the request-id middleware, which knows it.
        let mut response = (status, axum::Json(self.body())).into_response();
        let headers = response.headers_mut();
        match &self {
            ApiFailure::Unauthorized(why) => {
                let value = format!(
                    "Bearer error=\"invalid_token\", error_description=\"{}\"",
                    header_safe(why)
                );
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_str(&value)
                        .unwrap_or(HeaderValue::from_static("Bearer error=\"invalid_token\"")),
                );
            }
            ApiFailure::Forbidden(_) | ApiFailure::InsufficientScope(_) => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"insufficient_scope\""),
                );
            }
            ApiFailure::PreconditionFailed { current } => {
                if let Ok(v) = HeaderValue::from_str(&current.header_value()) {
                    headers.insert(header::ETAG, v);
                }
            }
            ApiFailure::Unavailable(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
            }
            ApiFailure::TooManyRequests { retry_after, .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
            }
            _ => {}
        }
        response
    }
}

/// A quoted-string in a header may not hold quotes, backslashes or control characters.
fn header_safe(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .filter(char::is_ascii)
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_stays_one_well_formed_header_whatever_the_reason_holds() {
        let r =
            ApiFailure::Unauthorized("unknown key 'a\"b\\c\r\nd' \u{e9}".into()).into_response();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let h = r.headers()[header::WWW_AUTHENTICATE].to_str().unwrap();
        assert_eq!(
            h,
            "Bearer error=\"invalid_token\", error_description=\"unknown key 'abcd' \""
        );
        let r = ApiFailure::from(AuthError::MissingScope("User.Read".into())).into_response();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            r.headers()[header::WWW_AUTHENTICATE],
            "Bearer error=\"insufficient_scope\""
        );
        assert_eq!(
            identity_status(FailureKind::Unavailable),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}
