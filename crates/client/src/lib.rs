//! Client library of the licensing policy API (the MSCommerce wire contract).
//!
//! - [`endpoint`]: which service and which identity provider (authority) to talk to;
//! - [`oauth`]: the sign-in flows against any Entra-shaped authority (device code as RFC 8628 and
//!   Entra run it, password, client credentials with a secret or a certificate, refresh);
//! - [`cache`]: the token cache file (0600 in a 0700 directory, atomic, locked, profiles);
//! - [`session`]: a usable access token for a profile, refreshed silently; [`Session`] calls
//!   the API and renews a refused profile token once;
//! - [`api`]: the licensing API calls, with correlation ids, typed errors and bounded retries;
//! - [`desired`]: desired-state files (TOML or JSON): a total parser and the writer;
//! - [`plan`]: a tenant's state as read, and what applying a desired state changes (or where the
//!   tenant drifted from it).
//!
//! Tokens, refresh tokens, passwords and client secrets are [`SecretString`]s: their `Debug` is
//! redacted and nothing here logs them.

pub mod api;
pub mod cache;
pub mod cert;
pub mod claims;
pub mod desired;
pub mod endpoint;
pub mod error;
mod http;
pub mod oauth;
pub mod plan;
pub mod retry;
pub mod session;
pub mod sleep;

#[cfg(test)]
mod testserver;

pub use api::LicensingClient;
pub use error::{ApiFailure, BrowserEnd, ClientError, DeviceCodeEnd, OAuthFailure, TransportKind};
pub use reqwest::Url;
pub use secrecy::{ExposeSecret, SecretString};
pub use session::{Session, TokenSource};

/// The user agent of every request.
pub const USER_AGENT: &str = concat!("mscommerce/", env!("CARGO_PKG_VERSION"));
