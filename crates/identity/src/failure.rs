//! How a refusal of the identity layer is to be answered, without naming a protocol's numbers:
//! the server maps each kind to its HTTP status in one place (`mscommerce-server`'s `error.rs`).

/// The kind of a refusal or failure of [`crate::Verifier`] or [`crate::Idp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The request itself is wrong (an OAuth `invalid_request`, `invalid_grant`, ...).
    BadRequest,
    /// The caller is not who it must be: no valid token, or a client that failed to
    /// authenticate.
    Unauthenticated,
    /// A valid token without the permission asked for (RFC 6750 `insufficient_scope`).
    Forbidden,
    /// Too many failures from this caller: come back later (HTTP 429 with `Retry-After`).
    Throttled,
    /// Something this layer needs (an issuer's keys, the directory) cannot be reached now.
    Unavailable,
    /// This layer failed; details are for the log, not the caller.
    Internal,
}
