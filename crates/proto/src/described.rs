//! What some string members of the wire types can hold, for the API description only (the
//! `openapi` feature): the wire types keep `String` so that a client reads an answer with a value
//! it does not know yet, but the service writes only these. Referenced from the wire types with
//! `#[schema(value_type = ...)]`; never built.

use utoipa::ToSchema;

/// `scope` of a product item in lists.
#[derive(ToSchema)]
pub enum ProductScope {
    #[serde(rename = "product")]
    Product,
}

/// `scope` of an offer-type item.
#[derive(ToSchema)]
pub enum OfferTypeScope {
    OfferType,
}

/// The values an offer type takes: a subset of `PolicyValue`.
#[derive(ToSchema)]
pub enum OfferTypeValue {
    Enabled,
    Disabled,
}

/// `type` of a journal entry's or a refused batch item's target.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum TargetKind {
    Product,
    OfferType,
    Default,
}

#[derive(ToSchema)]
pub enum AuditResult {
    Succeeded,
    Failed,
}

#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CallerKind {
    User,
    App,
}

#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Read,
    Write,
    /// Purchase decisions (storefront applications).
    Evaluate,
    /// Asking for a license (people only).
    #[serde(rename = "requestLicense")]
    RequestLicense,
    /// Approving or denying license requests.
    #[serde(rename = "decideLicenseRequests")]
    DecideLicenseRequests,
}

#[derive(ToSchema)]
pub enum BearerType {
    Bearer,
}

#[derive(ToSchema)]
pub enum SigningAlg {
    RS256,
}

/// `errorCode` of the licensing API's error envelope.
#[derive(ToSchema)]
pub enum ErrorCode {
    BadRequest,
    InvalidToken,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    PreconditionFailed,
    /// A storefront's record the tenant's policy denies (409).
    PurchaseDenied,
    /// A license request that is no longer pending (409).
    RequestNotPending,
    /// The requester's request for this product is pending already (409).
    RequestPending,
    /// The tenant takes license requests through its own process (409).
    CustomRequestProcess,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    ServiceUnavailable,
    RequestTimeout,
    InternalError,
}

/// `error` of the identity endpoints (RFC 6749 §5.2, RFC 8628 §3.5, as Entra ID answers).
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OAuthErrorCode {
    InvalidRequest,
    UnsupportedGrantType,
    InvalidScope,
    UnauthorizedClient,
    InvalidClient,
    InvalidGrant,
    AuthorizationPending,
    SlowDown,
    AuthorizationDeclined,
    ExpiredToken,
    BadVerificationCode,
    TemporarilyUnavailable,
    ServerError,
}

/// The only policy.
#[derive(ToSchema)]
pub enum PolicyName {
    AllowSelfServicePurchase,
}

/// The health check's answer.
#[derive(ToSchema)]
pub enum Healthy {
    #[serde(rename = "ok")]
    Ok,
}
