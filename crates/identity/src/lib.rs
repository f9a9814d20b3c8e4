//! Identity for the licensing API: access-token verification and the built-in identity provider.
//!
//! Two halves share one key ring:
//! - [`Verifier`] turns a bearer token into a [`mscommerce_domain::Principal`]. It trusts the
//!   built-in issuer (keys from the local [`KeyRing`], no HTTP) and any configured external OIDC
//!   issuer such as Entra ID (keys from its JWKS, cached per `kid`).
//! - [`Idp`] is the logic of the built-in, Entra-shaped identity provider: discovery, JWKS, the
//!   device-code, password, client-credentials and refresh-token grants, and the device sign-in
//!   page's decision. It answers with the wire types of `mscommerce_proto`.
//!
//! Nothing here knows HTTP routing or HTML: the server crate maps these plain async functions to
//! endpoints. Time always comes from an injected [`mscommerce_domain::Clock`], so every expiry
//! rule is testable with a `ManualClock`.
//!
//! Call [`install_crypto_provider`] once at start (it is harmless to call again).

mod failure;
mod hash_gate;
mod idp;
mod jwt;
mod keys;
pub mod password_policy;
mod remote;
mod secret;
mod verify;

pub use failure::FailureKind;
pub use idp::{
    ADMIN_PAGE_CLIENT_ID, ADMIN_PAGE_REDIRECT_PATH, ANY_TENANT, AuthorizeError, AuthorizeOutcome,
    AuthorizePrompt, AuthorizeRequest, ClientAnswer, DeviceAuthorizationForm, DeviceCodePrompt,
    DeviceLoginOutcome, Idp, IdpConfig, IdpError, TokenForm, UNKNOWN_SOURCE,
    registrable_redirect_uri,
};
pub use keys::{Jwk, Jwks, KeyError, KeyRing};
pub use remote::{BoundedRead, read_bounded};
pub use secret::{SecretError, hash_secret, verify_secret};
pub use verify::{AuthError, ConfigError, ExternalIssuer, TokenVersion, Verifier, VerifierConfig};

/// The tenant of personal Microsoft accounts: it has no directory roles, so its tokens are refused.
pub const MSA_TENANT_ID: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// Installs jsonwebtoken's aws-lc-rs crypto provider for the process.
///
/// jsonwebtoken 10+ panics at the first signature check when it cannot tell which provider to
/// use (for example when feature unification turns on a second backend), so the server and every
/// test call this first. Safe to call any number of times, from any thread.
pub fn install_crypto_provider() {
    // `Err` only means a provider is already installed, which is what we want.
    let _ = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
}
