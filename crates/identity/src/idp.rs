//! The built-in identity provider's logic, shaped like Entra ID's v2.0 endpoints.
//!
//! Why it is built this way:
//! - It answers with the wire types of `mscommerce_proto` and Entra's error names and AADSTS codes,
//!   so the MSCommerce module, MSAL-based tools and our CLI talk to it as they would to Entra ID;
//!   the server crate only maps these functions to routes and HTML.
//! - Tenants are addressed by domain or id; `organizations`/`common` work where the tenant can be
//!   told from the credentials (discovery, password and refresh grants), as on Entra.
//! - Secrets are never stored: passwords and client secrets as Argon2id (checked on a blocking
//!   thread), device codes and refresh tokens as SHA-256. A device code's stored hash also covers
//!   the tenant and client it was issued to, so it can only be redeemed by that client at that
//!   tenant. Device codes and refresh tokens are single-use, decided atomically by the store.
//! - Unknown users and wrong passwords give the same answer (AADSTS50126) after the same Argon2
//!   work, so the token endpoint does not reveal which accounts exist.
//! - Access tokens are RS256 JWTs signed by the [`KeyRing`] with the claims the verifier (ours or
//!   anyone's Entra-style validator) expects: v2 audience, `tid`, `oid`, `scp` or `idtyp=app`.
//!   Client credentials never get a refresh token; user grants always do (rotated on every use).

use std::sync::{Arc, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::DecodingKey;
use mscommerce_domain::lockout::{self, Admission, LockoutPolicy};
use mscommerce_domain::{Clock, TenantId};
use mscommerce_proto::{
    CLIENT_ASSERTION_JWT, DeviceCodeResponse, GRANT_DEVICE_CODE, OAuthError, OpenIdConfiguration,
    PUBLIC_CLIENT_ID, RESOURCE_APP_ID, RESOURCE_APP_URI, RESOURCE_DEFAULT_SCOPE,
    SCOPE_ACCESS_AS_USER, TokenResponse, roles,
};
use mscommerce_store::{
    AppRecord, DeviceCodeRecord, DeviceCodeState, DevicePoll, DirectoryStore, RefreshRedemption,
    RefreshTokenRecord, StoreError, TenantRecord, UserRecord,
};
use serde::Deserialize;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

mod authcode;
pub use authcode::{
    ADMIN_PAGE_CLIENT_ID, ADMIN_PAGE_REDIRECT_PATH, AuthorizeError, AuthorizeOutcome,
    AuthorizePrompt, AuthorizeRequest, ClientAnswer, registrable_redirect_uri,
};

use crate::failure::FailureKind;
use crate::hash_gate::HashGate;
use crate::jwt::{self, echo};
use crate::keys::{Jwks, KeyRing};
use crate::secret::{
    b64url, hash_secret, random_bytes, random_token, sha256, sha256_hex, verify_secret,
};

/// Letters of user codes: consonants without look-alikes, so codes are easy to read out and type
/// and never spell a word.
const USER_CODE_ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
/// Scopes a user grant may add to the resource scope.
const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "offline_access", "email"];
/// Largest client assertion looked at.
const MAX_ASSERTION_BYTES: usize = 16 * 1024;
/// Clock skew allowed on client assertions.
const ASSERTION_LEEWAY: i64 = 60;
/// The latest time the store keeps (9999-12-31T23:59:59Z): an assertion that claims to expire
/// later is remembered until then, which is as good as forever.
const LATEST_EXPIRY: i64 = 253_402_300_799;

/// Settings of the built-in identity provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpConfig {
    /// Public base URL, without a trailing slash (`http://127.0.0.1:8080`). Issuer
    /// `{base_url}/{tid}/v2.0`; must equal `VerifierConfig::builtin_base_url`.
    pub base_url: String,
    /// Access-token lifetime (default 3600 s).
    pub access_token_lifetime: Duration,
    /// Refresh-token lifetime, renewed on every use (default 90 days, as Entra).
    pub refresh_token_lifetime: Duration,
    /// How long a device code can be approved (default 900 s).
    pub device_code_lifetime: Duration,
    /// Seconds a device-code client waits between polls (default 5; tests use 1).
    pub device_poll_interval: u64,
    /// Failed sign-ins on the device page after which the code is declined (default 5).
    pub max_device_login_failures: i64,
    /// Password and client-secret checks (Argon2id, ~19 MiB each) run at once, each on a
    /// thread of its own (default: one per core).
    pub hash_workers: usize,
    /// Checks that may wait for a worker; more are refused at once with 503 (default: 4 per
    /// worker).
    pub hash_queue: usize,
    /// Smart lockout of users (and of apps, for their secrets): when failures lock an account.
    pub lockout: LockoutPolicy,
    /// How long after a refresh token was spent it is honoured once more (processes sharing
    /// one token cache), before a reuse counts as a replay (`mscommerce_domain::rotation`).
    pub refresh_grace: Duration,
}

impl IdpConfig {
    /// The defaults, for the given public base URL.
    pub fn new(base_url: impl Into<String>) -> Self {
        IdpConfig {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            access_token_lifetime: Duration::seconds(3600),
            refresh_token_lifetime: Duration::days(90),
            device_code_lifetime: Duration::seconds(900),
            device_poll_interval: 5,
            max_device_login_failures: 5,
            hash_workers: cores(),
            hash_queue: 4 * cores(),
            lockout: LockoutPolicy::default(),
            refresh_grace: mscommerce_domain::rotation::DEFAULT_GRACE,
        }
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `POST /{tenant}/oauth2/v2.0/devicecode` form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct DeviceAuthorizationForm {
    pub client_id: Option<String>,
    pub scope: Option<String>,
}

/// The tenant of a device code started at `organizations` or `common`, until someone completes
/// it (the store then records theirs).
/// The source of a sign-in whose address is not known (an in-process caller): counted as one
/// address of its own.
pub const UNKNOWN_SOURCE: &str = "unknown";

pub const ANY_TENANT: TenantId = TenantId::new(Uuid::nil());

/// `POST /{tenant}/oauth2/v2.0/token` form (every grant type). Unknown fields are ignored, as
/// OAuth servers do. `Debug` hides the secrets.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
pub struct TokenForm {
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub client_assertion_type: Option<String>,
    pub client_assertion: Option<String>,
    pub scope: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub device_code: Option<String>,
    pub refresh_token: Option<String>,
    /// `authorization_code`: the code, the redirect URI it was sent to, the PKCE verifier.
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    /// `1`: answer `client_info` too (MSAL asks for it to key its account cache).
    pub client_info: Option<String>,
}

impl std::fmt::Debug for TokenForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |v: &Option<String>| v.as_ref().map(|_| "<hidden>");
        f.debug_struct("TokenForm")
            .field("grant_type", &self.grant_type)
            .field("client_id", &self.client_id)
            .field("client_secret", &hidden(&self.client_secret))
            .field("client_assertion_type", &self.client_assertion_type)
            .field("client_assertion", &hidden(&self.client_assertion))
            .field("scope", &self.scope)
            .field("username", &self.username)
            .field("password", &hidden(&self.password))
            .field("device_code", &hidden(&self.device_code))
            .field("refresh_token", &hidden(&self.refresh_token))
            .field("code", &hidden(&self.code))
            .field("redirect_uri", &self.redirect_uri)
            .field("code_verifier", &hidden(&self.code_verifier))
            .field("client_info", &self.client_info)
            .finish()
    }
}

/// What the device sign-in page shows before asking for credentials, so the user sees which
/// application and tenant they are about to sign in to (a defence against device-code phishing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCodePrompt {
    pub user_code: String,
    pub tenant_id: TenantId,
    pub tenant_name: String,
    pub client_id: String,
    /// The application's display name (the tenant's app, or our CLI for the public client).
    pub client_name: String,
    pub expires_at: OffsetDateTime,
}

/// The result of a sign-in on the device page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceLoginOutcome {
    /// The device is signed in; its next poll gets the tokens.
    Approved { upn: String },
    /// The user declined; the device's next poll gets `authorization_declined`.
    Declined,
    /// Wrong username or password; the code stays usable for `attempts_left` more tries.
    BadCredentials { attempts_left: i64 },
    /// Too many wrong passwords: the code has been declined.
    TooManyAttempts,
    /// The account belongs to another tenant than the one the device asked for.
    WrongTenant { tenant_name: String },
    /// The account is disabled.
    AccountDisabled,
    /// Smart lockout: too many wrong passwords for this account from here; try again then.
    AccountLocked { until: OffsetDateTime },
    /// No live code like that: mistyped, expired, or already used.
    UnknownCode,
}

/// A refused or failed identity request, with Entra's error name, AADSTS code and HTTP status.
/// Turn it into the response body with [`Idp::oauth_error`] or [`IdpError::to_oauth_error`].
#[derive(Debug, thiserror::Error)]
pub enum IdpError {
    #[error(
        "AADSTS90002: Tenant '{0}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
    )]
    TenantNotFound(String),
    #[error(
        "AADSTS50059: No tenant-identifying information found in either the request or implied by any provided credentials. Use a tenant-specific endpoint (the tenant's domain or id) for this request."
    )]
    TenantRequired,
    #[error("AADSTS900144: The request body must contain the following parameter: '{0}'.")]
    MissingParameter(&'static str),
    #[error("AADSTS9002313: Invalid request. {0}")]
    InvalidRequest(String),
    #[error("AADSTS70003: The app requested an unsupported grant type '{0}'.")]
    UnsupportedGrantType(String),
    #[error("AADSTS70011: The provided value for the input parameter 'scope' is not valid. {0}")]
    InvalidScope(String),
    #[error(
        "AADSTS700016: Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if the application has not been registered in the tenant."
    )]
    UnknownClient { client_id: String, tenant: String },
    #[error("AADSTS7000215: Invalid client secret provided for app '{0}'.")]
    InvalidClientSecret(String),
    #[error(
        "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
    )]
    MissingClientCredentials,
    #[error(
        "AADSTS700025: Client is public so neither 'client_assertion' nor 'client_secret' should be presented."
    )]
    PublicClientWithCredentials,
    #[error("AADSTS{code}: {reason}")]
    InvalidClientAssertion { code: u32, reason: String },
    #[error("AADSTS50126: Error validating credentials due to invalid username or password.")]
    InvalidCredentials,
    #[error("AADSTS50057: The user account is disabled.")]
    UserDisabled,
    #[error(
        "AADSTS50053: The account is locked because the user tried to sign in too many times with an incorrect user ID or password. The user is blocked from signing in. Try again later."
    )]
    AccountLocked { until: OffsetDateTime },
    #[error(
        "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling."
    )]
    AuthorizationPending,
    #[error(
        "AADSTS70016: Polling too fast. Wait at least the interval between polls; it has grown by 5 seconds."
    )]
    SlowDown,
    #[error("AADSTS65004: The user declined the sign-in request.")]
    AuthorizationDeclined,
    #[error(
        "AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device code has expired."
    )]
    ExpiredToken,
    #[error("AADSTS70018: The provided value for the input parameter 'device_code' is not valid.")]
    BadVerificationCode,
    #[error("AADSTS54005: The device code was already redeemed. Start a new sign-in.")]
    DeviceCodeRedeemed,
    #[error(
        "AADSTS70000: The provided refresh token is not valid: it is unknown, expired, already used, or was issued to another client or tenant."
    )]
    InvalidRefreshToken,
    /// `authorization_code`: an unknown, expired, used or mismatched code or verifier.
    #[error("AADSTS{code}: {reason}")]
    InvalidCode { code: u32, reason: String },
    #[error(
        "AADSTS90033: A transient error has occurred: too many sign-ins are being checked right now. Try again after the time in Retry-After."
    )]
    Busy,
    /// Set by the HTTP layer, which counts failed sign-ins per client address.
    #[error(
        "AADSTS90055: Too many failed sign-ins from your address. Wait {retry_after} seconds (Retry-After) before trying again."
    )]
    Throttled { retry_after: u64 },
    #[error("the directory store failed: {0}")]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl IdpError {
    /// The OAuth `error` value.
    pub fn error(&self) -> &'static str {
        match self {
            IdpError::TenantNotFound(_)
            | IdpError::TenantRequired
            | IdpError::MissingParameter(_)
            | IdpError::InvalidRequest(_) => "invalid_request",
            IdpError::UnsupportedGrantType(_) => "unsupported_grant_type",
            IdpError::InvalidScope(_) => "invalid_scope",
            IdpError::UnknownClient { .. } => "unauthorized_client",
            IdpError::InvalidClientSecret(_)
            | IdpError::MissingClientCredentials
            | IdpError::PublicClientWithCredentials
            | IdpError::InvalidClientAssertion { .. } => "invalid_client",
            IdpError::InvalidCredentials
            | IdpError::UserDisabled
            | IdpError::AccountLocked { .. }
            | IdpError::DeviceCodeRedeemed
            | IdpError::InvalidCode { .. }
            | IdpError::InvalidRefreshToken => "invalid_grant",
            IdpError::AuthorizationPending => "authorization_pending",
            IdpError::SlowDown => "slow_down",
            IdpError::AuthorizationDeclined => "authorization_declined",
            IdpError::ExpiredToken => "expired_token",
            IdpError::BadVerificationCode => "bad_verification_code",
            IdpError::Store(StoreError::Unavailable(_))
            | IdpError::Busy
            | IdpError::Throttled { .. } => "temporarily_unavailable",
            IdpError::Store(_) | IdpError::Internal(_) => "server_error",
        }
    }

    /// The AADSTS number (`error_codes`), if the error has one.
    pub fn code(&self) -> Option<u32> {
        Some(match self {
            IdpError::TenantNotFound(_) => 90002,
            IdpError::TenantRequired => 50059,
            IdpError::MissingParameter(_) => 900144,
            IdpError::InvalidRequest(_) => 9002313,
            IdpError::UnsupportedGrantType(_) => 70003,
            IdpError::InvalidScope(_) => 70011,
            IdpError::UnknownClient { .. } => 700016,
            IdpError::InvalidClientSecret(_) => 7000215,
            IdpError::MissingClientCredentials => 7000218,
            IdpError::PublicClientWithCredentials => 700025,
            IdpError::InvalidClientAssertion { code, .. } => *code,
            IdpError::InvalidCredentials => 50126,
            IdpError::UserDisabled => 50057,
            IdpError::AccountLocked { .. } => 50053,
            IdpError::AuthorizationPending | IdpError::SlowDown => 70016,
            IdpError::AuthorizationDeclined => 65004,
            IdpError::ExpiredToken => 70020,
            IdpError::BadVerificationCode => 70018,
            IdpError::DeviceCodeRedeemed => 54005,
            IdpError::InvalidRefreshToken => 70000,
            IdpError::InvalidCode { code, .. } => *code,
            IdpError::Busy => 90033,
            IdpError::Throttled { .. } => 90055,
            IdpError::Store(_) | IdpError::Internal(_) => return None,
        })
    }

    /// How to answer: `Unauthenticated` (HTTP 401) for `invalid_client`, `Unavailable` or
    /// `Internal` for server trouble, else `BadRequest` (RFC 6749 §5.2).
    pub fn kind(&self) -> FailureKind {
        if matches!(self, IdpError::Throttled { .. }) {
            return FailureKind::Throttled;
        }
        match self.error() {
            "invalid_client" => FailureKind::Unauthenticated,
            "temporarily_unavailable" => FailureKind::Unavailable,
            "server_error" => FailureKind::Internal,
            _ => FailureKind::BadRequest,
        }
    }

    /// The Entra-shaped error body. Server errors get a generic description (details are for
    /// the log, not the client).
    pub fn to_oauth_error(&self, now: OffsetDateTime, correlation_id: Option<&str>) -> OAuthError {
        let trace_id = Uuid::new_v4().to_string();
        let correlation_id = correlation_id
            .map(str::to_owned)
            .unwrap_or_else(|| Uuid::new_v4().to_string());
        let timestamp = now
            .format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]Z"
            ))
            .unwrap_or_default();
        let text = match self {
            IdpError::Store(StoreError::Unavailable(_)) => {
                "The directory is temporarily unavailable. Try again later.".to_owned()
            }
            IdpError::Store(_) | IdpError::Internal(_) => {
                "The identity provider failed to process the request.".to_owned()
            }
            other => other.to_string(),
        };
        OAuthError {
            error: self.error().to_owned(),
            error_description: format!(
                "{text}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {timestamp}"
            ),
            error_codes: self.code().into_iter().collect(),
            timestamp,
            trace_id,
            correlation_id,
        }
    }
}

/// The tenant an endpoint was called for.
enum TenantSel {
    One(TenantRecord),
    /// `organizations` or `common`: the credentials decide.
    Any(String),
}

enum Client {
    /// The MSCommerce public client (our CLI).
    Public,
    App(Box<AppRecord>),
}

enum ClientAuth {
    None,
    Secret(String),
    Assertion(String),
}

/// How the client authenticated, as the `azpacr` claim says it: 0 public, 1 secret, 2 certificate.
#[derive(Clone, Copy)]
enum ClientAuthMethod {
    Public,
    Secret,
    Certificate,
}

impl ClientAuthMethod {
    fn azpacr(self) -> &'static str {
        match self {
            ClientAuthMethod::Public => "0",
            ClientAuthMethod::Secret => "1",
            ClientAuthMethod::Certificate => "2",
        }
    }
}

/// What a user grant asked for besides the resource.
struct UserScope {
    extra: Vec<String>,
}

impl UserScope {
    fn granted(&self) -> String {
        let mut s = format!("{RESOURCE_APP_ID}/{SCOPE_ACCESS_AS_USER}");
        for e in &self.extra {
            s.push(' ');
            s.push_str(e);
        }
        s
    }

    /// What is stored with a refresh token and reused when the refresh names no scope.
    fn requested(&self) -> String {
        let mut s = RESOURCE_DEFAULT_SCOPE.to_owned();
        for e in &self.extra {
            s.push(' ');
            s.push_str(e);
        }
        s
    }
}

/// The built-in identity provider. Build one at start and share it (`Arc<Idp>`).
pub struct Idp {
    store: Arc<dyn DirectoryStore>,
    keyring: Arc<KeyRing>,
    clock: Arc<dyn Clock>,
    config: IdpConfig,
    hashing: HashGate,
}

impl std::fmt::Debug for Idp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Idp")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Idp {
    /// The identity provider over `store`'s directory, signing with `keyring`. Installs the
    /// jsonwebtoken crypto provider if nobody has yet.
    pub fn new(
        store: Arc<dyn DirectoryStore>,
        keyring: Arc<KeyRing>,
        clock: Arc<dyn Clock>,
        mut config: IdpConfig,
    ) -> Self {
        crate::install_crypto_provider();
        config.base_url = config.base_url.trim_end_matches('/').to_owned();
        let hashing = HashGate::new(config.hash_workers, config.hash_queue);
        Idp {
            store,
            keyring,
            clock,
            config,
            hashing,
        }
    }

    /// Password and client-secret checks (Argon2 runs) started since start: one per check,
    /// whether the account exists or not.
    pub fn secret_checks(&self) -> u64 {
        self.hashing.started()
    }

    /// The settings it runs with (base URL without a trailing slash).
    pub fn config(&self) -> &IdpConfig {
        &self.config
    }

    /// The issuer of tokens for `tid`: `{base_url}/{tid}/v2.0`.
    pub fn issuer(&self, tid: TenantId) -> String {
        format!("{}/{tid}/v2.0", self.config.base_url)
    }

    /// The error body for `err`, timestamped with the injected clock.
    pub fn oauth_error(&self, err: &IdpError, correlation_id: Option<&str>) -> OAuthError {
        err.to_oauth_error(self.clock.now(), correlation_id)
    }

    /// `GET /{tenant}/v2.0/.well-known/openid-configuration`. The authorization endpoint serves the
    /// authorization code flow with PKCE (`authcode.rs`).
    /// How `username`'s domain signs in: `Managed` when a tenant of this directory has that
    /// domain, `Unknown` otherwise. Decided by the domain alone, so it says nothing about
    /// whether the user exists.
    pub async fn user_realm(
        &self,
        username: &str,
    ) -> Result<mscommerce_proto::UserRealm, IdpError> {
        let domain = username
            .rsplit_once('@')
            .map_or(username, |(_, d)| d)
            .trim()
            .to_ascii_lowercase();
        let known = !domain.is_empty()
            && domain.len() <= 253
            && self
                .store
                .find_tenant(&domain)
                .await?
                .is_some_and(|t| t.domain.is_some());
        Ok(mscommerce_proto::UserRealm {
            ver: "1.0".into(),
            account_type: if known { "Managed" } else { "Unknown" }.into(),
            domain_name: echo(&domain),
            cloud_instance_name: "microsoftonline.com".into(),
            cloud_audience_urn: "urn:federation:MicrosoftOnline".into(),
        })
    }

    pub async fn openid_configuration(
        &self,
        tenant: &str,
    ) -> Result<OpenIdConfiguration, IdpError> {
        let base = &self.config.base_url;
        let (segment, issuer) = match self.resolve_tenant(tenant).await? {
            TenantSel::One(t) => (t.id.to_string(), self.issuer(t.id)),
            TenantSel::Any(name) => (name, format!("{base}/{{tenantid}}/v2.0")),
        };
        let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        Ok(OpenIdConfiguration {
            issuer,
            authorization_endpoint: format!("{base}/{segment}/oauth2/v2.0/authorize"),
            token_endpoint: format!("{base}/{segment}/oauth2/v2.0/token"),
            device_authorization_endpoint: format!("{base}/{segment}/oauth2/v2.0/devicecode"),
            jwks_uri: format!("{base}/{segment}/discovery/v2.0/keys"),
            // Only what is served: the authorization endpoint answers `code` alone (PKCE); no
            // implicit or hybrid flow.
            response_types_supported: strings(&["code"]),
            subject_types_supported: strings(&["pairwise"]),
            id_token_signing_alg_values_supported: strings(&["RS256"]),
            token_endpoint_auth_methods_supported: strings(&[
                "client_secret_post",
                "private_key_jwt",
                "client_secret_basic",
            ]),
            grant_types_supported: strings(&[
                "authorization_code",
                "password",
                "client_credentials",
                GRANT_DEVICE_CODE,
                "refresh_token",
            ]),
            scopes_supported: strings(&["openid", "profile", "offline_access"]),
            tenant_region_scope: None,
        })
    }

    /// `GET /{tenant}/discovery/v2.0/keys`: the published signing keys (the same for every
    /// tenant), each with the issuer template as Entra's keys carry.
    pub fn jwks(&self) -> Jwks {
        self.keyring
            .jwks(Some(&format!("{}/{{tenantid}}/v2.0", self.config.base_url)))
    }

    /// `POST /{tenant}/oauth2/v2.0/devicecode` (RFC 8628 §3.1, as Entra answers it).
    pub async fn device_authorization(
        &self,
        tenant: &str,
        form: &DeviceAuthorizationForm,
    ) -> Result<DeviceCodeResponse, IdpError> {
        let client_id = required(&form.client_id, "client_id")?;
        // At `organizations` / `common` the tenant is whoever completes the code (Entra does
        // the same); only the public client exists in every tenant.
        let tenant_id = match self.resolve_tenant(tenant).await? {
            TenantSel::One(tenant) => {
                self.client(&tenant, client_id).await?;
                tenant.id
            }
            TenantSel::Any(_) if client_id == PUBLIC_CLIENT_ID => ANY_TENANT,
            TenantSel::Any(_) => return Err(IdpError::TenantRequired),
        };
        let scope = parse_user_scope(required(&form.scope, "scope")?)?;
        let now = self.clock.now();
        let device_code = random_token().map_err(internal)?;
        let verification_uri = format!("{}/devicelogin", self.config.base_url);
        // A user code must be unique among live codes: retry on the rare collision.
        let mut last_conflict = String::new();
        for _ in 0..5 {
            let user_code = new_user_code()?;
            let record = DeviceCodeRecord {
                device_code_hash: device_code_hash(tenant_id, client_id, &device_code),
                user_code: user_code.clone(),
                tenant: tenant_id,
                client_id: client_id.to_owned(),
                scope: scope.requested(),
                created_at: now,
                expires_at: now + self.config.device_code_lifetime,
                interval: i64::try_from(self.config.device_poll_interval).unwrap_or(5),
                last_poll_at: None,
                state: DeviceCodeState::Pending,
                user_oid: None,
                failed_attempts: 0,
            };
            match self.store.create_device_code(&record).await {
                Ok(()) => {
                    return Ok(DeviceCodeResponse {
                        message: format!(
                            "To sign in, use a web browser to open the page {verification_uri} and enter the code {user_code} to authenticate."
                        ),
                        device_code,
                        user_code,
                        verification_uri,
                        expires_in: u64::try_from(self.config.device_code_lifetime.whole_seconds())
                            .unwrap_or(900),
                        interval: self.config.device_poll_interval,
                    });
                }
                Err(StoreError::Conflict(c)) => last_conflict = c,
                Err(e) => return Err(e.into()),
            }
        }
        Err(IdpError::Internal(format!(
            "could not find a free user code: {last_conflict}"
        )))
    }

    /// [`Idp::token_from`] for a caller whose address is not known (in-process callers).
    pub async fn token(
        &self,
        tenant: &str,
        form: &TokenForm,
        authorization: Option<&str>,
    ) -> Result<TokenResponse, IdpError> {
        self.token_from(UNKNOWN_SOURCE, tenant, form, authorization)
            .await
    }

    /// `POST /{tenant}/oauth2/v2.0/token`. `source` is the client's address (smart lockout
    /// counts failures per account and address); `authorization` is the request's
    /// `Authorization` header, if any (HTTP Basic client authentication).
    pub async fn token_from(
        &self,
        source: &str,
        tenant: &str,
        form: &TokenForm,
        authorization: Option<&str>,
    ) -> Result<TokenResponse, IdpError> {
        let grant_type = required(&form.grant_type, "grant_type")?;
        // Refuse unknown grant types before touching the directory.
        if !matches!(
            grant_type,
            "password"
                | "client_credentials"
                | "refresh_token"
                | "authorization_code"
                | GRANT_DEVICE_CODE
        ) {
            return Err(IdpError::UnsupportedGrantType(echo(grant_type)));
        }
        let (client_id, auth) = presented_client(form, authorization)?;
        let tenant = self.resolve_tenant(tenant).await?;
        let mut response = match grant_type {
            "password" => {
                self.password_grant(source, tenant, form, client_id, auth)
                    .await
            }
            "client_credentials" => {
                self.client_credentials_grant(source, tenant, form, client_id, auth)
                    .await
            }
            "refresh_token" => {
                self.refresh_grant(source, tenant, form, client_id, auth)
                    .await
            }
            "authorization_code" => {
                self.authorization_code_grant(source, tenant, form, client_id, auth)
                    .await
            }
            _ => {
                self.device_code_grant(source, tenant, form, client_id, auth)
                    .await
            }
        }?;
        // Entra answers `client_info` only when asked (`client_info=1`, as MSAL does).
        if form.client_info.as_deref().map(str::trim) != Some("1") {
            response.client_info = None;
        }
        Ok(response)
    }

    /// What the device page shows for a user code before asking for credentials. `None` for an
    /// unknown, used or expired code.
    pub async fn device_code_prompt(
        &self,
        user_code: &str,
    ) -> Result<Option<DeviceCodePrompt>, IdpError> {
        let Some(code) = normalize_user_code(user_code) else {
            return Ok(None);
        };
        let now = self.clock.now();
        let Some(record) = self.store.find_pending_device_code(&code, now).await? else {
            return Ok(None);
        };
        let tenant = self.store.find_tenant(&record.tenant.to_string()).await?;
        let client_name = if record.client_id == PUBLIC_CLIENT_ID {
            "MSCommerce command line".to_owned()
        } else {
            self.store
                .find_app(record.tenant, &record.client_id)
                .await?
                .map(|a| a.display_name)
                .unwrap_or_else(|| record.client_id.clone())
        };
        Ok(Some(DeviceCodePrompt {
            user_code: record.user_code,
            tenant_id: record.tenant,
            tenant_name: tenant.map(|t| t.display_name).unwrap_or_default(),
            client_id: record.client_id,
            client_name,
            expires_at: record.expires_at,
        }))
    }

    /// A sign-in on the device page: checks the credentials against the code's tenant and approves
    /// or declines the code. Wrong passwords are counted; after `max_device_login_failures` the
    /// code is declined.
    pub async fn device_login(
        &self,
        source: &str,
        user_code: &str,
        username: &str,
        password: &str,
        approve: bool,
    ) -> Result<DeviceLoginOutcome, IdpError> {
        let Some(code) = normalize_user_code(user_code) else {
            return Ok(DeviceLoginOutcome::UnknownCode);
        };
        let now = self.clock.now();
        let Some(record) = self.store.find_pending_device_code(&code, now).await? else {
            return Ok(DeviceLoginOutcome::UnknownCode);
        };
        // Declining needs no credentials and spends no attempt: whoever holds the code (shown
        // only to the person who started the sign-in) may say no to it, and a person who
        // never meant to sign in should not have to type a password to refuse.
        if !approve {
            if !self
                .store
                .decide_device_code(&record.user_code, None, now)
                .await?
            {
                return Ok(DeviceLoginOutcome::UnknownCode);
            }
            return Ok(DeviceLoginOutcome::Declined);
        }
        let user = self.store.find_user(&normalize_upn(username)).await?;
        let valid = match self
            .check_guarded(
                &user_account(username),
                source,
                password,
                user.as_ref().map(|u| u.password_hash.as_str()),
            )
            .await
        {
            Err(IdpError::AccountLocked { until }) => {
                return Ok(DeviceLoginOutcome::AccountLocked { until });
            }
            other => other?,
        };
        let (Some(user), true) = (user, valid) else {
            let failures = self
                .store
                .count_device_code_failure(&record.user_code)
                .await?;
            let left = self.config.max_device_login_failures - failures;
            if left <= 0 {
                self.store
                    .decide_device_code(&record.user_code, None, self.clock.now())
                    .await?;
                return Ok(DeviceLoginOutcome::TooManyAttempts);
            }
            return Ok(DeviceLoginOutcome::BadCredentials {
                attempts_left: left,
            });
        };
        if record.tenant != ANY_TENANT && user.tenant != record.tenant {
            let tenant_name = self
                .store
                .find_tenant(&record.tenant.to_string())
                .await?
                .map(|t| t.display_name)
                .unwrap_or_else(|| record.tenant.to_string());
            return Ok(DeviceLoginOutcome::WrongTenant { tenant_name });
        }
        if !user.enabled {
            return Ok(DeviceLoginOutcome::AccountDisabled);
        }
        if !self
            .store
            .decide_device_code(&record.user_code, Some(user.oid), self.clock.now())
            .await?
        {
            return Ok(DeviceLoginOutcome::UnknownCode);
        }
        Ok(DeviceLoginOutcome::Approved { upn: user.upn })
    }

    async fn resolve_tenant(&self, tenant: &str) -> Result<TenantSel, IdpError> {
        let t = tenant.trim();
        if t.eq_ignore_ascii_case("organizations") || t.eq_ignore_ascii_case("common") {
            return Ok(TenantSel::Any(t.to_ascii_lowercase()));
        }
        if t.is_empty() || t.len() > 253 {
            return Err(IdpError::TenantNotFound(echo(t)));
        }
        match self.store.find_tenant(t).await? {
            Some(record) => Ok(TenantSel::One(record)),
            None => Err(IdpError::TenantNotFound(echo(t))),
        }
    }

    async fn client(&self, tenant: &TenantRecord, client_id: &str) -> Result<Client, IdpError> {
        if client_id == PUBLIC_CLIENT_ID {
            return Ok(Client::Public);
        }
        match self.store.find_app(tenant.id, client_id).await? {
            Some(app) => Ok(Client::App(Box::new(app))),
            None => Err(IdpError::UnknownClient {
                client_id: echo(client_id),
                tenant: tenant.id.to_string(),
            }),
        }
    }

    /// Checks the client's credentials. Apps with a secret or certificate must present one;
    /// the public client and apps without credentials must present none.
    async fn authenticate_client(
        &self,
        source: &str,
        client: &Client,
        auth: ClientAuth,
        tenant: &TenantRecord,
    ) -> Result<ClientAuthMethod, IdpError> {
        match (client, auth) {
            (Client::Public, ClientAuth::None) => Ok(ClientAuthMethod::Public),
            (Client::Public, _) => Err(IdpError::PublicClientWithCredentials),
            (Client::App(app), ClientAuth::None) => {
                if app.secret_hash.is_some() || app.certificate_pem.is_some() {
                    Err(IdpError::MissingClientCredentials)
                } else {
                    Ok(ClientAuthMethod::Public)
                }
            }
            (Client::App(app), ClientAuth::Secret(secret)) => {
                let Some(hash) = app.secret_hash.clone() else {
                    return Err(IdpError::InvalidClientSecret(echo(&app.client_id)));
                };
                let account = format!("app:{}:{}", tenant.id, app.client_id);
                if self
                    .check_guarded(&account, source, &secret, Some(&hash))
                    .await?
                {
                    Ok(ClientAuthMethod::Secret)
                } else {
                    Err(IdpError::InvalidClientSecret(echo(&app.client_id)))
                }
            }
            (Client::App(app), ClientAuth::Assertion(assertion)) => {
                self.verify_client_assertion(app, &assertion, tenant)
                    .await?;
                Ok(ClientAuthMethod::Certificate)
            }
        }
    }

    /// RFC 7523 client assertion: RS256 with the app's registered certificate key, `iss` = `sub`
    /// = client id, `aud` = this tenant's token endpoint, within its time range, `jti` used once.
    async fn verify_client_assertion(
        &self,
        app: &AppRecord,
        assertion: &str,
        tenant: &TenantRecord,
    ) -> Result<(), IdpError> {
        let invalid = |code: u32, reason: String| IdpError::InvalidClientAssertion { code, reason };
        if assertion.len() > MAX_ASSERTION_BYTES {
            return Err(invalid(50013, "The client assertion is too large.".into()));
        }
        let jwt = jwt::parse(assertion).map_err(|e| {
            invalid(
                50013,
                format!("The client assertion is not a valid JWT: {e}."),
            )
        })?;
        let alg = jwt
            .header
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or_default();
        // RS256, and PS256: what MSAL signs with whenever it knows the certificate's SHA-256
        // thumbprint (it then sends `x5t#S256`). The app has one registered key, so the
        // thumbprint headers select nothing: the signature decides.
        let alg = match alg {
            "RS256" => jsonwebtoken::Algorithm::RS256,
            "PS256" => jsonwebtoken::Algorithm::PS256,
            other => {
                return Err(invalid(
                    700027,
                    format!(
                        "Client assertion failed signature validation: the algorithm '{}' is not accepted, use RS256 or PS256.",
                        echo(other)
                    ),
                ));
            }
        };
        if jwt.header.contains_key("crit") {
            return Err(invalid(
                50013,
                "The client assertion marks unknown extensions as critical.".into(),
            ));
        }
        let Some(pem) = &app.certificate_pem else {
            return Err(invalid(
                700027,
                format!(
                    "Client assertion failed signature validation: no certificate is registered for app '{}'.",
                    echo(&app.client_id)
                ),
            ));
        };
        let key = DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| {
            invalid(
                700027,
                format!("Client assertion failed signature validation: the registered certificate cannot be read ({e})."),
            )
        })?;
        if !jwt::verify_rsa(&jwt, &key, alg) {
            return Err(invalid(
                700027,
                "Client assertion failed signature validation.".into(),
            ));
        }
        let claims = &jwt.claims;
        let claim = |name: &str| jwt::string_claim(claims, name).ok().flatten();
        if claim("iss") != Some(app.client_id.as_str())
            || claim("sub") != Some(app.client_id.as_str())
        {
            return Err(invalid(
                700021,
                "Client assertion application identifier doesn't match 'client_id' parameter: 'iss' and 'sub' must both be the client id.".into(),
            ));
        }
        let base = &self.config.base_url;
        let mut accepted = vec![
            format!("{base}/{}/oauth2/v2.0/token", tenant.id),
            format!("{base}/{}/v2.0", tenant.id),
        ];
        if let Some(domain) = &tenant.domain {
            accepted.push(format!("{base}/{domain}/oauth2/v2.0/token"));
        }
        let audiences = jwt::audiences(claims).ok().flatten().unwrap_or_default();
        if !audiences
            .iter()
            .any(|a| accepted.iter().any(|ok| ok.eq_ignore_ascii_case(a)))
        {
            return Err(invalid(
                50013,
                format!(
                    "The client assertion's audience must be the token endpoint {}.",
                    accepted[0]
                ),
            ));
        }
        let now = self.clock.now().unix_timestamp();
        let time = |name: &str| jwt::numeric_date(claims, name);
        let out_of_range = || {
            invalid(
                700024,
                "Client assertion is not within its valid time range.".into(),
            )
        };
        let Ok(Some(exp)) = time("exp") else {
            return Err(out_of_range());
        };
        let not_before = |name: &str| match time(name) {
            Ok(Some(t)) => t > now.saturating_add(ASSERTION_LEEWAY),
            Ok(None) => false,
            Err(_) => true,
        };
        if now > exp.saturating_add(ASSERTION_LEEWAY) || not_before("nbf") || not_before("iat") {
            return Err(out_of_range());
        }
        let Some(jti) = claim("jti").filter(|j| !j.is_empty() && j.len() <= 256) else {
            return Err(invalid(
                50013,
                "The client assertion must carry a 'jti'.".into(),
            ));
        };
        // Remembered in the store, so that every replica (and a restarted server) refuses a replay.
        let replay_key = format!("{}\n{}\n{jti}", tenant.id, app.client_id);
        let until = exp.saturating_add(ASSERTION_LEEWAY).min(LATEST_EXPIRY);
        let until = time::OffsetDateTime::from_unix_timestamp(until)
            .map_err(|e| IdpError::Internal(format!("assertion expiry {until}: {e}")))?;
        if !self
            .store
            .remember_assertion(&replay_key, until, self.clock.now())
            .await?
        {
            return Err(invalid(
                50013,
                "The client assertion was already used.".into(),
            ));
        }
        Ok(())
    }

    async fn password_grant(
        &self,
        source: &str,
        tenant: TenantSel,
        form: &TokenForm,
        client_id: Option<String>,
        auth: ClientAuth,
    ) -> Result<TokenResponse, IdpError> {
        let client_id = client_id.ok_or(IdpError::MissingParameter("client_id"))?;
        let username = required(&form.username, "username")?;
        let password = required(&form.password, "password")?;
        let scope = parse_user_scope(required(&form.scope, "scope")?)?;
        let user = self.store.find_user(&normalize_upn(username)).await?;
        // The user's tenant must be the one asked for (any, for organizations/common).
        let user = user.filter(|u| match &tenant {
            TenantSel::One(t) => t.id == u.tenant,
            TenantSel::Any(_) => true,
        });
        // The client is checked before the password, as Entra does, where the endpoint names
        // the tenant: the answer then does not depend on the user. At `organizations`/`common`
        // the client can only be looked up in the user's tenant, so the password comes first:
        // an unknown user, a wrong password and a client the tenant lacks all get the same
        // Argon2 work and the same AADSTS50126 (no user enumeration, no tenant disclosure).
        // `Ok`: the client checked; `Err`: its credentials, to check in the user's tenant.
        let checked = match &tenant {
            TenantSel::One(t) => {
                let client = self.client(t, &client_id).await?;
                Ok(self.authenticate_client(source, &client, auth, t).await?)
            }
            TenantSel::Any(_) => Err(auth),
        };
        let valid = self
            .check_guarded(
                &user_account(username),
                source,
                password,
                user.as_ref().map(|u| u.password_hash.as_str()),
            )
            .await?;
        let (Some(user), true) = (user, valid) else {
            return Err(IdpError::InvalidCredentials);
        };
        let method = match checked {
            Ok(m) => m,
            Err(auth) => {
                let home = self
                    .store
                    .find_tenant(&user.tenant.to_string())
                    .await?
                    .ok_or(IdpError::InvalidCredentials)?;
                // A client the user's tenant lacks is answered like a wrong password: a
                // 700016 here would name the tenant of whoever the name belongs to.
                let client = match self.client(&home, &client_id).await {
                    Err(IdpError::UnknownClient { .. }) => {
                        return Err(IdpError::InvalidCredentials);
                    }
                    other => other?,
                };
                self.authenticate_client(source, &client, auth, &home)
                    .await?
            }
        };
        if !user.enabled {
            return Err(IdpError::UserDisabled);
        }
        self.issue_user_tokens(&user, &client_id, method, &scope, None)
            .await
    }

    async fn client_credentials_grant(
        &self,
        source: &str,
        tenant: TenantSel,
        form: &TokenForm,
        client_id: Option<String>,
        auth: ClientAuth,
    ) -> Result<TokenResponse, IdpError> {
        let TenantSel::One(tenant) = tenant else {
            return Err(IdpError::TenantRequired);
        };
        let client_id = client_id.ok_or(IdpError::MissingParameter("client_id"))?;
        let scope = required(&form.scope, "scope")?;
        let items: Vec<&str> = scope.split_whitespace().collect();
        if items.len() != 1 || !is_resource_scope(items[0], false) {
            return Err(IdpError::InvalidScope(format!(
                "The scope '{}' is not valid. Client credentials take exactly {RESOURCE_DEFAULT_SCOPE}.",
                echo(scope)
            )));
        }
        let app = match self.client(&tenant, &client_id).await? {
            Client::App(app) => app,
            // The public client has no credentials: it cannot act as an application.
            Client::Public => {
                return Err(IdpError::UnknownClient {
                    client_id: echo(&client_id),
                    tenant: tenant.id.to_string(),
                });
            }
        };
        if matches!(auth, ClientAuth::None) {
            return Err(IdpError::MissingClientCredentials);
        }
        let method = self
            .authenticate_client(source, &Client::App(app.clone()), auth, &tenant)
            .await?;
        let now = self.clock.now();
        let mut claims = self.base_claims(tenant.id, &app.client_id, method, now)?;
        claims.insert("oid".into(), json!(app.oid.to_string()));
        claims.insert("sub".into(), json!(app.oid.to_string()));
        claims.insert("idtyp".into(), json!("app"));
        if !app.permissions.is_empty() {
            claims.insert("roles".into(), json!(app.permissions));
        }
        let access_token = self
            .keyring
            .sign(&Value::Object(claims))
            .map_err(internal)?;
        let lifetime = self.lifetime_secs();
        Ok(TokenResponse {
            token_type: "Bearer".into(),
            scope: RESOURCE_DEFAULT_SCOPE.into(),
            expires_in: lifetime,
            ext_expires_in: Some(lifetime),
            access_token,
            refresh_token: None,
            id_token: None,
            client_info: None,
        })
    }

    async fn device_code_grant(
        &self,
        source: &str,
        tenant: TenantSel,
        form: &TokenForm,
        client_id: Option<String>,
        auth: ClientAuth,
    ) -> Result<TokenResponse, IdpError> {
        let client_id = client_id.ok_or(IdpError::MissingParameter("client_id"))?;
        let device_code = required(&form.device_code, "device_code")?;
        let (code_tenant, method) = match tenant {
            TenantSel::One(tenant) => {
                let client = self.client(&tenant, &client_id).await?;
                (
                    tenant.id,
                    self.authenticate_client(source, &client, auth, &tenant)
                        .await?,
                )
            }
            // A code started at `organizations` / `common` is polled there (public client only).
            TenantSel::Any(_) if client_id == PUBLIC_CLIENT_ID => match auth {
                ClientAuth::None => (ANY_TENANT, ClientAuthMethod::Public),
                _ => return Err(IdpError::PublicClientWithCredentials),
            },
            TenantSel::Any(_) => return Err(IdpError::TenantRequired),
        };
        let hash = device_code_hash(code_tenant, &client_id, device_code);
        let (user_oid, scope, tenant) =
            match self.store.poll_device_code(&hash, self.clock.now()).await? {
                DevicePoll::Approved {
                    user_oid,
                    scope,
                    tenant,
                } => (user_oid, scope, tenant),
                DevicePoll::Pending => return Err(IdpError::AuthorizationPending),
                DevicePoll::SlowDown => return Err(IdpError::SlowDown),
                DevicePoll::Declined => return Err(IdpError::AuthorizationDeclined),
                DevicePoll::Expired => return Err(IdpError::ExpiredToken),
                DevicePoll::Unknown => return Err(IdpError::BadVerificationCode),
                DevicePoll::AlreadyRedeemed => return Err(IdpError::DeviceCodeRedeemed),
            };
        let user = self
            .store
            .find_user_by_oid(tenant, user_oid)
            .await?
            .ok_or(IdpError::InvalidCredentials)?;
        if !user.enabled {
            return Err(IdpError::UserDisabled);
        }
        let scope = parse_user_scope(&scope)?;
        self.issue_user_tokens(&user, &client_id, method, &scope, None)
            .await
    }

    async fn refresh_grant(
        &self,
        source: &str,
        tenant: TenantSel,
        form: &TokenForm,
        client_id: Option<String>,
        auth: ClientAuth,
    ) -> Result<TokenResponse, IdpError> {
        let client_id = client_id.ok_or(IdpError::MissingParameter("client_id"))?;
        let token = required(&form.refresh_token, "refresh_token")?;
        let requested = form
            .scope
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(parse_user_scope)
            .transpose()?;
        // Taking the token redeems it, whatever happens next: a refresh token is single-use. A
        // spent one presented again means it was copied: the store has revoked its family.
        let record = match self
            .store
            .take_refresh_token(
                &sha256_hex(token.as_bytes()),
                self.clock.now(),
                self.config.refresh_grace,
            )
            .await?
        {
            RefreshRedemption::Redeemed(record) => record,
            RefreshRedemption::Unknown => return Err(IdpError::InvalidRefreshToken),
            RefreshRedemption::Replayed {
                family,
                tenant,
                user_oid,
                client_id,
                revoked,
            } => {
                tracing::warn!(
                    %tenant, %user_oid, client_id = %echo(&client_id), %family, revoked,
                    "a spent refresh token was presented again: its family is revoked"
                );
                return Err(IdpError::InvalidRefreshToken);
            }
        };
        if record.client_id != client_id {
            return Err(IdpError::InvalidRefreshToken);
        }
        let tenant_record = match tenant {
            TenantSel::One(t) if t.id == record.tenant => t,
            TenantSel::One(_) => return Err(IdpError::InvalidRefreshToken),
            TenantSel::Any(_) => self
                .store
                .find_tenant(&record.tenant.to_string())
                .await?
                .ok_or(IdpError::InvalidRefreshToken)?,
        };
        let client = self.client(&tenant_record, &client_id).await?;
        let method = self
            .authenticate_client(source, &client, auth, &tenant_record)
            .await?;
        let user = self
            .store
            .find_user_by_oid(record.tenant, record.user_oid)
            .await?
            .ok_or(IdpError::InvalidRefreshToken)?;
        if !user.enabled {
            return Err(IdpError::UserDisabled);
        }
        let scope = match requested {
            Some(s) => s,
            None => parse_user_scope(&record.scope)?,
        };
        self.issue_tokens_in(&user, &client_id, method, &scope, record.family, None)
            .await
    }

    /// Checks a password or client secret on a blocking thread, admitted by the hash gate
    /// ([`IdpError::Busy`] when it is full). `hash: None` (unknown account) does the same work
    /// and answers false.
    async fn check_password(&self, secret: &str, hash: Option<&str>) -> Result<bool, IdpError> {
        let secret = secret.to_owned();
        let hash = hash.map(str::to_owned);
        self.hashing
            .run(move || match hash {
                Some(h) => verify_secret(&secret, &h).map_err(internal),
                None => {
                    let _ = verify_secret(&secret, dummy_hash());
                    Ok(false)
                }
            })
            .await
            .map_err(|_| IdpError::Busy)?
    }

    /// [`Idp::check_password`] under smart lockout (`mscommerce_domain::lockout`): a locked
    /// account refuses a source that failed against it lately ([`IdpError::AccountLocked`],
    /// without hashing anything); otherwise the check runs and a failure is counted in the
    /// store (shared by replicas), a success clears what it may.
    pub(crate) async fn check_guarded(
        &self,
        account: &str,
        source: &str,
        secret: &str,
        hash: Option<&str>,
    ) -> Result<bool, IdpError> {
        let policy = &self.config.lockout;
        let counters = self.store.sign_in_failures(account, source).await?;
        if let Admission::Locked { until } =
            lockout::admit(counters.account, counters.source, self.clock.now(), policy)
        {
            return Err(IdpError::AccountLocked { until });
        }
        let valid = self.check_password(secret, hash).await?;
        let now = self.clock.now();
        if !valid {
            let after = self
                .store
                .record_sign_in_failure(account, source, now, policy)
                .await?;
            if let Some(until) = lockout::locked_until(after.account, now, policy) {
                tracing::warn!(
                    account, source, %until,
                    failures = after.account.map_or(0, |a| a.failures),
                    "smart lockout: the account is locked for the sources that failed against it"
                );
            }
        } else if counters.account.is_some() || counters.source.is_some() {
            self.store
                .clear_sign_in_failures(account, source, now, policy)
                .await?;
        }
        Ok(valid)
    }

    fn lifetime_secs(&self) -> u64 {
        u64::try_from(self.config.access_token_lifetime.whole_seconds()).unwrap_or(0)
    }

    fn base_claims(
        &self,
        tid: TenantId,
        client_id: &str,
        method: ClientAuthMethod,
        now: OffsetDateTime,
    ) -> Result<serde_json::Map<String, Value>, IdpError> {
        let iat = now.unix_timestamp();
        let exp = (now + self.config.access_token_lifetime).unix_timestamp();
        let uti = b64url(&random_bytes(16).map_err(internal)?);
        let mut claims = serde_json::Map::new();
        claims.insert("aud".into(), json!(RESOURCE_APP_ID));
        claims.insert("iss".into(), json!(self.issuer(tid)));
        claims.insert("iat".into(), json!(iat));
        claims.insert("nbf".into(), json!(iat));
        claims.insert("exp".into(), json!(exp));
        claims.insert("tid".into(), json!(tid.to_string()));
        claims.insert("ver".into(), json!("2.0"));
        claims.insert("uti".into(), json!(uti));
        claims.insert("jti".into(), json!(uti));
        claims.insert("azp".into(), json!(client_id));
        claims.insert("azpacr".into(), json!(method.azpacr()));
        Ok(claims)
    }

    /// Tokens for a new sign-in: the refresh token starts a family. `nonce`: the
    /// authorization request's, for the `id_token`.
    async fn issue_user_tokens(
        &self,
        user: &UserRecord,
        client_id: &str,
        method: ClientAuthMethod,
        scope: &UserScope,
        nonce: Option<&str>,
    ) -> Result<TokenResponse, IdpError> {
        self.issue_tokens_in(user, client_id, method, scope, None, nonce)
            .await
    }

    /// Tokens whose refresh token joins `family` (a rotation), or starts one; with `openid` in
    /// the scope an `id_token` too, and always the `client_info` that [`Idp::token`] keeps
    /// only when the client asked for it.
    async fn issue_tokens_in(
        &self,
        user: &UserRecord,
        client_id: &str,
        method: ClientAuthMethod,
        scope: &UserScope,
        family: Option<Uuid>,
        nonce: Option<&str>,
    ) -> Result<TokenResponse, IdpError> {
        let now = self.clock.now();
        let mut wids = user.roles.clone();
        // Entra puts the default User role in every member's token.
        if !wids.iter().any(|w| w.eq_ignore_ascii_case(roles::USER)) {
            wids.push(roles::USER.to_owned());
        }
        let mut claims = self.base_claims(user.tenant, client_id, method, now)?;
        claims.insert("oid".into(), json!(user.oid.to_string()));
        let sub = pairwise_sub(user, client_id);
        claims.insert("sub".into(), json!(sub));
        claims.insert("upn".into(), json!(user.upn));
        claims.insert("preferred_username".into(), json!(user.upn));
        claims.insert("name".into(), json!(user.display_name));
        claims.insert("wids".into(), json!(wids));
        claims.insert("scp".into(), json!(SCOPE_ACCESS_AS_USER));
        let access_token = self
            .keyring
            .sign(&Value::Object(claims))
            .map_err(internal)?;

        let refresh_token = random_token().map_err(internal)?;
        self.store
            .store_refresh_token(&RefreshTokenRecord {
                token_hash: sha256_hex(refresh_token.as_bytes()),
                tenant: user.tenant,
                user_oid: user.oid,
                client_id: client_id.to_owned(),
                scope: scope.requested(),
                issued_at: now,
                expires_at: now + self.config.refresh_token_lifetime,
                family: Some(family.unwrap_or_else(Uuid::new_v4)),
            })
            .await?;
        let lifetime = self.lifetime_secs();
        let id_token = scope
            .extra
            .iter()
            .any(|s| s == "openid")
            .then(|| self.id_token(user, client_id, now, nonce))
            .transpose()?;
        let client_info = json!({"uid": user.oid.to_string(), "utid": user.tenant.to_string()});
        Ok(TokenResponse {
            token_type: "Bearer".into(),
            scope: scope.granted(),
            expires_in: lifetime,
            ext_expires_in: Some(lifetime),
            access_token,
            refresh_token: Some(refresh_token),
            id_token,
            client_info: Some(b64url(client_info.to_string().as_bytes())),
        })
    }

    /// The OpenID Connect ID token of a user sign-in, for the client (`aud`), as Entra's v2.0
    /// tokens carry it: what MSAL keys its account cache on and azure-identity builds its
    /// `AuthenticationRecord` from. Its `aud` is the client, so the licensing API refuses it as
    /// an access token.
    fn id_token(
        &self,
        user: &UserRecord,
        client_id: &str,
        now: OffsetDateTime,
        nonce: Option<&str>,
    ) -> Result<String, IdpError> {
        let iat = now.unix_timestamp();
        let mut claims = serde_json::Map::new();
        claims.insert("aud".into(), json!(client_id));
        claims.insert("iss".into(), json!(self.issuer(user.tenant)));
        claims.insert("iat".into(), json!(iat));
        claims.insert("nbf".into(), json!(iat));
        claims.insert(
            "exp".into(),
            json!((now + self.config.access_token_lifetime).unix_timestamp()),
        );
        claims.insert("tid".into(), json!(user.tenant.to_string()));
        claims.insert("oid".into(), json!(user.oid.to_string()));
        claims.insert("sub".into(), json!(pairwise_sub(user, client_id)));
        claims.insert("preferred_username".into(), json!(user.upn));
        claims.insert("name".into(), json!(user.display_name));
        claims.insert("ver".into(), json!("2.0"));
        if let Some(nonce) = nonce {
            claims.insert("nonce".into(), json!(nonce));
        }
        self.keyring.sign(&Value::Object(claims)).map_err(internal)
    }
}

/// `sub` is pairwise: the same user has another `sub` in another application.
fn pairwise_sub(user: &UserRecord, client_id: &str) -> String {
    b64url(&sha256(
        format!("{}\n{}\n{client_id}", user.tenant, user.oid).as_bytes(),
    ))
}

fn internal(e: impl std::fmt::Display) -> IdpError {
    IdpError::Internal(e.to_string())
}

/// A form field that must be present and not blank.
fn required<'a>(value: &'a Option<String>, name: &'static str) -> Result<&'a str, IdpError> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .ok_or(IdpError::MissingParameter(name))
}

fn normalize_upn(username: &str) -> String {
    username.trim().to_lowercase()
}

/// The client id and the credentials the request presents (form fields or HTTP Basic).
fn presented_client(
    form: &TokenForm,
    authorization: Option<&str>,
) -> Result<(Option<String>, ClientAuth), IdpError> {
    let basic = authorization.map(parse_basic).transpose()?.flatten();
    let form_id = form.client_id.as_deref().filter(|v| !v.is_empty());
    let client_id = match (&basic, form_id) {
        (Some((id, _)), Some(form_id)) if id != form_id => {
            return Err(IdpError::InvalidRequest(
                "The client_id in the body and in the Authorization header differ.".into(),
            ));
        }
        (Some((id, _)), _) => Some(id.clone()),
        (None, id) => id.map(str::to_owned),
    };
    let secret = form.client_secret.clone().filter(|s| !s.is_empty());
    let assertion = form.client_assertion.clone().filter(|s| !s.is_empty());
    let methods = usize::from(basic.is_some())
        + usize::from(secret.is_some())
        + usize::from(assertion.is_some());
    if methods > 1 {
        return Err(IdpError::InvalidRequest(
            "Use exactly one client authentication method: HTTP Basic, client_secret or client_assertion.".into(),
        ));
    }
    let auth = if let Some((_, secret)) = basic {
        ClientAuth::Secret(secret)
    } else if let Some(secret) = secret {
        ClientAuth::Secret(secret)
    } else if let Some(assertion) = assertion {
        match form.client_assertion_type.as_deref() {
            Some(CLIENT_ASSERTION_JWT) => ClientAuth::Assertion(assertion),
            Some(other) => {
                return Err(IdpError::InvalidRequest(format!(
                    "client_assertion_type '{}' is not supported; use {CLIENT_ASSERTION_JWT}.",
                    echo(other)
                )));
            }
            None => return Err(IdpError::MissingParameter("client_assertion_type")),
        }
    } else {
        ClientAuth::None
    };
    Ok((client_id, auth))
}

/// `Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 §2.3.1). `Ok(None)` for other
/// schemes, which the token endpoint ignores.
fn parse_basic(header: &str) -> Result<Option<(String, String)>, IdpError> {
    let header = header.trim();
    let Some((scheme, value)) = header.split_once(' ') else {
        return Ok(None);
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(None);
    }
    let bad =
        || IdpError::InvalidRequest("The Authorization header is not valid HTTP Basic.".into());
    let decoded = STANDARD.decode(value.trim()).map_err(|_| bad())?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad)?;
    let (id, secret) = (
        form_decode(id).ok_or_else(bad)?,
        form_decode(secret).ok_or_else(bad)?,
    );
    if id.is_empty() {
        return Err(bad());
    }
    Ok(Some((id, secret)))
}

/// `application/x-www-form-urlencoded` decoding of one value. A `%` not followed by two hex
/// digits makes the value malformed (`percent_decode` would keep it as it is).
fn form_decode(s: &str) -> Option<String> {
    let well_formed = s.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// `{resource}/.default` (or `api://{resource}/.default`); user grants may also name the
/// delegated scope itself.
fn is_resource_scope(item: &str, user: bool) -> bool {
    [RESOURCE_APP_ID, RESOURCE_APP_URI].iter().any(|resource| {
        item.len() > resource.len()
            && item.is_char_boundary(resource.len())
            && item[..resource.len()].eq_ignore_ascii_case(resource)
            && match &item[resource.len()..] {
                "/.default" => true,
                rest => user && rest.strip_prefix('/') == Some(SCOPE_ACCESS_AS_USER),
            }
    })
}

fn parse_user_scope(scope: &str) -> Result<UserScope, IdpError> {
    let mut resource = false;
    let mut extra = Vec::new();
    for item in scope.split_whitespace() {
        if is_resource_scope(item, true) {
            resource = true;
        } else if let Some(oidc) = OIDC_SCOPES.iter().find(|s| s.eq_ignore_ascii_case(item)) {
            if !extra.iter().any(|e| e == oidc) {
                extra.push((*oidc).to_owned());
            }
        } else {
            return Err(IdpError::InvalidScope(format!(
                "The scope '{}' is not valid. Request {RESOURCE_DEFAULT_SCOPE}.",
                echo(item)
            )));
        }
    }
    if !resource {
        return Err(IdpError::InvalidScope(format!(
            "The scope '{}' does not name this API. Request {RESOURCE_DEFAULT_SCOPE}.",
            echo(scope)
        )));
    }
    Ok(UserScope { extra })
}

/// The stored hash of a device code covers the tenant and client it was issued to.
fn device_code_hash(tenant: TenantId, client_id: &str, device_code: &str) -> String {
    sha256_hex(format!("{tenant}\n{client_id}\n{device_code}").as_bytes())
}

/// `BDWD-HQPK`: 8 letters from [`USER_CODE_ALPHABET`] (20^8, about 35 bits).
fn new_user_code() -> Result<String, IdpError> {
    let mut code = String::with_capacity(9);
    let limit = 256 - 256 % USER_CODE_ALPHABET.len();
    while code.len() < 9 {
        for b in random_bytes(16).map_err(internal)? {
            // Rejection sampling keeps every letter equally likely.
            if usize::from(b) >= limit {
                continue;
            }
            if code.len() == 4 {
                code.push('-');
            }
            code.push(char::from(
                USER_CODE_ALPHABET[usize::from(b) % USER_CODE_ALPHABET.len()],
            ));
            if code.len() == 9 {
                break;
            }
        }
    }
    Ok(code)
}

/// What a user typed (`bdwd hqpk`, `BDWDHQPK`, `bdwd-hqpk`) as the stored form, or `None` when it
/// cannot be a user code.
fn normalize_user_code(input: &str) -> Option<String> {
    let letters: Vec<u8> = input
        .bytes()
        .filter(|b| !matches!(b, b'-' | b' ' | b'\t'))
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if letters.len() != 8 || !letters.iter().all(|b| USER_CODE_ALPHABET.contains(b)) {
        return None;
    }
    let s = String::from_utf8(letters).ok()?;
    Some(format!("{}-{}", &s[..4], &s[4..]))
}

/// A hash of a random secret, so an unknown user costs the same Argon2 work as a known one.
/// The lockout account of a user name: the name, not the user, so that a name nobody has is
/// counted and locked like any other (no enumeration through the lockout).
pub(crate) fn user_account(username: &str) -> String {
    format!("user:{}", normalize_upn(username))
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let secret = random_token().unwrap_or_else(|_| "dummy".into());
        hash_secret(&secret).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_codes_look_like_entras_and_normalize() {
        for _ in 0..200 {
            let code = new_user_code().unwrap();
            assert_eq!(code.len(), 9, "{code}");
            assert_eq!(&code[4..5], "-");
            assert!(
                code.bytes()
                    .filter(|b| *b != b'-')
                    .all(|b| USER_CODE_ALPHABET.contains(&b))
            );
            assert_eq!(
                normalize_user_code(&code.to_lowercase()),
                Some(code.clone())
            );
            assert_eq!(normalize_user_code(&code.replace('-', " ")), Some(code));
        }
        assert_eq!(normalize_user_code("BDWDHQPK"), Some("BDWD-HQPK".into()));
        for bad in [
            "",
            "BDWD-HQP",
            "BDWD-HQPKK",
            "BDWD-HQP0",
            "AEIO-UUUU",
            "BDWD-HQPÄ",
        ] {
            assert_eq!(normalize_user_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn scopes() {
        assert!(
            parse_user_scope(RESOURCE_DEFAULT_SCOPE)
                .unwrap()
                .extra
                .is_empty()
        );
        let s = parse_user_scope(&format!(
            "{RESOURCE_DEFAULT_SCOPE} offline_access openid profile"
        ))
        .unwrap();
        assert_eq!(s.extra, ["offline_access", "openid", "profile"]);
        assert_eq!(
            s.granted(),
            format!("{RESOURCE_APP_ID}/LicenseManager.AccessAsUser offline_access openid profile")
        );
        assert!(parse_user_scope(&format!("api://{RESOURCE_APP_ID}/.default")).is_ok());
        assert!(
            parse_user_scope(&format!("{RESOURCE_APP_ID}/LicenseManager.AccessAsUser")).is_ok()
        );
        for bad in [
            "openid",
            "https://graph.microsoft.com/.default",
            &format!("{RESOURCE_DEFAULT_SCOPE} User.Read"),
            &format!("{RESOURCE_APP_ID}/.defaultX"),
            "",
        ] {
            let err = parse_user_scope(bad).err().map(|e| e.code());
            assert_eq!(err, Some(Some(70011)), "{bad}");
        }
        assert!(is_resource_scope(RESOURCE_DEFAULT_SCOPE, false));
        assert!(!is_resource_scope(
            &format!("{RESOURCE_APP_ID}/LicenseManager.AccessAsUser"),
            false
        ));
    }

    #[test]
    fn http_basic_client_authentication() {
        let header = format!("Basic {}", STANDARD.encode("my%20app:s%3Ac+ret"));
        assert_eq!(
            parse_basic(&header).unwrap(),
            Some(("my app".into(), "s:c ret".into()))
        );
        assert_eq!(parse_basic("Bearer abc").unwrap(), None);
        assert!(parse_basic("Basic !!!").is_err());
        assert!(parse_basic(&format!("Basic {}", STANDARD.encode("nocolon"))).is_err());

        let form = TokenForm {
            client_id: Some("other".into()),
            ..TokenForm::default()
        };
        let header = format!("Basic {}", STANDARD.encode("app:secret"));
        assert!(matches!(
            presented_client(&form, Some(&header)),
            Err(IdpError::InvalidRequest(_))
        ));
        let form = TokenForm {
            client_secret: Some("x".into()),
            ..TokenForm::default()
        };
        assert!(matches!(
            presented_client(&form, Some(&header)),
            Err(IdpError::InvalidRequest(_))
        ));
        let (id, auth) = presented_client(&TokenForm::default(), Some(&header)).unwrap();
        assert_eq!(id.as_deref(), Some("app"));
        assert!(matches!(auth, ClientAuth::Secret(s) if s == "secret"));
    }

    #[test]
    fn errors_have_entra_shape_and_status() {
        let now = time::macros::datetime!(2016-01-09 02:02:12 UTC);
        let e = IdpError::InvalidScope("x".into()).to_oauth_error(now, Some("corr"));
        assert_eq!(e.error, "invalid_scope");
        assert_eq!(e.error_codes, [70011]);
        assert_eq!(e.timestamp, "2016-01-09 02:02:12Z");
        assert_eq!(e.correlation_id, "corr");
        assert!(e.error_description.starts_with("AADSTS70011: "));
        assert!(e.error_description.contains("\r\nTrace ID: "));
        assert!(
            e.error_description
                .ends_with("Timestamp: 2016-01-09 02:02:12Z")
        );
        assert_eq!(
            IdpError::InvalidClientSecret("a".into()).kind(),
            FailureKind::Unauthenticated
        );
        assert_eq!(IdpError::InvalidCredentials.kind(), FailureKind::BadRequest);
        assert_eq!(
            IdpError::UnknownClient {
                client_id: "a".into(),
                tenant: "t".into()
            }
            .kind(),
            FailureKind::BadRequest
        );
        assert_eq!(
            IdpError::Store(StoreError::Unavailable("db".into())).kind(),
            FailureKind::Unavailable
        );
        let internal = IdpError::Internal("secret detail".into()).to_oauth_error(now, None);
        assert_eq!(internal.error, "server_error");
        assert!(!internal.error_description.contains("secret detail"));
        assert!(internal.error_codes.is_empty());
    }

    #[test]
    fn token_form_debug_hides_secrets() {
        let form = TokenForm {
            password: Some("hunter2".into()),
            client_secret: Some("s3cret".into()),
            refresh_token: Some("rt".into()),
            username: Some("a@b.example".into()),
            ..TokenForm::default()
        };
        let shown = format!("{form:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("s3cret") && !shown.contains("\"rt\"")
        );
        assert!(shown.contains("a@b.example"));
    }

    #[test]
    fn public_futures_are_send() {
        // Type-checked only: axum handlers need Send futures.
        fn is_send<T: Send>(_: &T) {}
        let _check = |idp: &Idp, t: &TokenForm, d: &DeviceAuthorizationForm| {
            is_send(&idp.token("t", t, None));
            is_send(&idp.device_authorization("t", d));
            is_send(&idp.device_login(UNKNOWN_SOURCE, "c", "u", "p", true));
            is_send(&idp.device_code_prompt("c"));
            is_send(&idp.openid_configuration("t"));
        };
    }

    #[test]
    fn form_decoding() {
        assert_eq!(form_decode("a%2Bb+c").as_deref(), Some("a+b c"));
        assert_eq!(form_decode("%zz"), None);
        assert_eq!(form_decode("%4"), None);
    }
}
