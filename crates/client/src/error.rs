//! Typed failures: each one carries what the CLI needs to tell the user what to do (status, the
//! service's error body, the correlation and request ids).

use std::path::PathBuf;
use std::time::Duration;

use mscommerce_proto::ApiError;

/// What went wrong on the way to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The host name did not resolve.
    Dns,
    /// Nothing answered (refused, unreachable).
    Connect,
    /// The TLS handshake failed (untrusted or invalid certificate, protocol).
    Tls,
    /// No answer in time.
    Timeout,
    /// The server redirected; this client never follows redirects.
    Redirect,
    /// Anything else (connection reset, malformed HTTP).
    Other,
}

/// The licensing API answered with an error status.
#[derive(Debug, Clone)]
pub struct ApiFailure {
    pub method: String,
    pub url: String,
    pub status: u16,
    /// The service's error envelope, when the body was one.
    pub body: Option<ApiError>,
    /// The first 500 characters of a body that was not an error envelope.
    pub raw_body: Option<String>,
    /// The `x-ms-correlation-id` this client sent.
    pub correlation_id: String,
    /// The service's `request-id` header (or the one in the body).
    pub request_id: Option<String>,
    /// `WWW-Authenticate` of a 401.
    pub www_authenticate: Option<String>,
    /// `Retry-After` of the last answer, if any.
    pub retry_after: Option<Duration>,
    /// How many requests were made (1 + retries).
    pub attempts: u32,
}

/// The identity provider refused a token or device-code request (RFC 6749 §5.2, Entra's shape).
#[derive(Debug, Clone)]
pub struct OAuthFailure {
    pub url: String,
    pub status: u16,
    /// `invalid_grant`, `invalid_client`, `authorization_pending`, ...
    pub error: String,
    pub description: String,
    pub error_codes: Vec<u32>,
    pub correlation_id: Option<String>,
    pub trace_id: Option<String>,
}

/// How a device-code sign-in ended without a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeviceCodeEnd {
    #[error("the sign-in was declined")]
    Declined,
    #[error("the code expired before the sign-in completed")]
    Expired,
    #[error("the identity provider did not recognise the device code")]
    BadCode,
}

/// How a browser sign-in ended without a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrowserEnd {
    #[error("the sign-in was declined in the browser")]
    Declined,
    #[error("nobody finished the sign-in in the browser within {minutes} minutes")]
    TimedOut { minutes: u64 },
    #[error("the identity provider refused the sign-in: {error} ({description})")]
    Refused { error: String, description: String },
    #[error("the tokens answer another sign-in than this one (nonce mismatch)")]
    Forged,
    #[error("cannot listen on a loopback port for the browser's answer: {0}")]
    Listener(String),
}

/// A credential the user pointed at could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is empty")]
    Empty { path: PathBuf },
    #[error("{path} holds no certificate (-----BEGIN CERTIFICATE-----)")]
    NoCertificate { path: PathBuf },
    #[error("{path} holds no RSA private key (-----BEGIN PRIVATE KEY----- or RSA PRIVATE KEY)")]
    NoPrivateKey { path: PathBuf },
    #[error("the private key in {path} cannot sign: {message}")]
    BadKey { path: PathBuf, message: String },
    #[error("no client secret: set MSCOMMERCE_CLIENT_SECRET or pass --client-secret-file")]
    NoSecret,
    #[error("cannot sign the client assertion: {0}")]
    Sign(String),
}

/// An endpoint or authority URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("'{0}' is not a URL")]
    NotAUrl(String),
    #[error("'{0}': only https (or http to this machine) is allowed")]
    Scheme(String),
    #[error("'{0}' must not carry a user name, password, query or fragment")]
    Extra(String),
    #[error("'{0}' is not a tenant: use a domain name, a tenant id, 'organizations' or 'common'")]
    Tenant(String),
    /// The service's address given with the API version (`.../v1.0`), which commands add.
    #[error("'{given}' ends with the API version: give {without}")]
    VersionPath { given: String, without: String },
}

/// The token cache file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("no configuration directory: set MSCOMMERCE_CONFIG_DIR")]
    NoConfigDir,
    #[error("the token cache {path} is unreadable ({message})")]
    Corrupt { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("'{0}' is not a profile name: use 1 to 64 letters, digits, '.', '-' or '_'")]
    ProfileName(String),
}

/// Every failure of the client library.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{} {} answered HTTP {}", .0.method, .0.url, .0.status)]
    Api(Box<ApiFailure>),
    #[error("{}: {} ({})", .0.url, .0.error, .0.description)]
    OAuth(Box<OAuthFailure>),
    #[error("cannot reach {url}: {message}")]
    Transport {
        kind: TransportKind,
        url: String,
        message: String,
        correlation_id: Option<String>,
    },
    #[error("unexpected answer from {url} (HTTP {status}): {message}")]
    Unexpected {
        url: String,
        status: u16,
        message: String,
        correlation_id: Option<String>,
        request_id: Option<String>,
    },
    #[error(transparent)]
    DeviceCode(#[from] DeviceCodeEnd),
    #[error(transparent)]
    Browser(#[from] BrowserEnd),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("not signed in (profile {profile})")]
    NotConnected {
        profile: String,
        /// The profiles that do exist.
        known: Vec<String>,
    },
    #[error("the sign-in of profile {profile} expired and cannot be renewed: {reason}")]
    SignInExpired { profile: String, reason: String },
    #[error(transparent)]
    Credential(#[from] CredentialError),
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
}

impl ClientError {
    /// The service refused the access token (HTTP 401).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ClientError::Api(f) if f.status == 401)
    }

    /// The correlation id of the request that failed, if a request was made.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            ClientError::Api(f) => Some(&f.correlation_id),
            ClientError::OAuth(f) => f.correlation_id.as_deref(),
            ClientError::Transport { correlation_id, .. }
            | ClientError::Unexpected { correlation_id, .. } => correlation_id.as_deref(),
            _ => None,
        }
    }

    /// The server's request id, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ClientError::Api(f) => f.request_id.as_deref(),
            ClientError::OAuth(f) => f.trace_id.as_deref(),
            ClientError::Unexpected { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}
