//! Access-token verification for the licensing API.
//!
//! Why it is built this way:
//! - One fixed rule set, chosen before the token is looked at: RS256 only (never the header's
//!   choice), `kid` looked up only in our own key maps (`jku`, `x5u`, `x5c` and an embedded `jwk` are
//!   never read), any `crit` refused, `exp`/`nbf`/`iss`/`aud` required, `iat` not in the future.
//! - Multi-tenant issuers are templates (`https://login.microsoftonline.com/{tenantid}/v2.0`): the
//!   token's own `tid` (a GUID) is substituted and `iss` must then match exactly, so a token cannot
//!   name one tenant in `iss` and another in `tid`. A JWKS key that carries an `issuer` may only
//!   sign for that issuer's tenant.
//! - The version decides the audience: v2 tokens must carry the API's client id; v1 tokens may
//!   carry it or its `api://` URI. `ver` must be the configured issuer's version.
//! - Time comes from the injected clock, never from jsonwebtoken (whose claim validation reads the
//!   system clock and is not used at all): see `jwt.rs`.
//! - Verified tokens are cached (bounded) under a fast hash of the token's signature end, and a
//!   hit must hold the same token byte for byte, which makes authenticated reads cheap (a SHA-256
//!   of the token was the largest cost of a cached read). A cache hit re-checks the time claims against the clock and that the signing key
//!   is still published, so the cache never accepts what a fresh verification would refuse.

use std::sync::Arc;

use mscommerce_domain::sharded::{FastMap, fast_hash};
use mscommerce_domain::{Clock, Principal, PrincipalKind, Sharded, TenantId};
use mscommerce_proto::{RESOURCE_APP_ID, RESOURCE_APP_URI, SCOPE_ACCESS_AS_USER};
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::MSA_TENANT_ID;
use crate::failure::FailureKind;
use crate::jwt::{self, echo};
use crate::keys::KeyRing;
use crate::remote::{Lookup, RemoteJwks};

/// The placeholder of multi-tenant issuer templates.
const TENANT_PLACEHOLDER: &str = "{tenantid}";

/// Which token format an issuer issues; it decides the accepted audiences and the `ver` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenVersion {
    /// `ver: "1.0"`, `iss: https://sts.windows.net/{tid}/`, `aud` the client id or `api://` URI.
    V1,
    /// `ver: "2.0"`, `aud` always the client id.
    V2,
}

impl TokenVersion {
    fn claim(self) -> &'static str {
        match self {
            TokenVersion::V1 => "1.0",
            TokenVersion::V2 => "2.0",
        }
    }
}

/// An external OIDC issuer whose tokens the API accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalIssuer {
    /// The exact `iss`, or a template containing `{tenantid}`.
    pub issuer: String,
    /// Where its signing keys are published (https, or http on a loopback address).
    pub jwks_uri: String,
    pub version: TokenVersion,
}

impl ExternalIssuer {
    /// Entra ID v2.0 tokens of any work or school tenant.
    pub fn entra_v2() -> Self {
        ExternalIssuer {
            issuer: "https://login.microsoftonline.com/{tenantid}/v2.0".into(),
            jwks_uri: "https://login.microsoftonline.com/common/discovery/v2.0/keys".into(),
            version: TokenVersion::V2,
        }
    }

    /// Entra ID v1.0 tokens of any work or school tenant.
    pub fn entra_v1() -> Self {
        ExternalIssuer {
            issuer: "https://sts.windows.net/{tenantid}/".into(),
            jwks_uri: "https://login.microsoftonline.com/common/discovery/keys".into(),
            version: TokenVersion::V1,
        }
    }
}

/// What the verifier trusts and how it behaves. `Default` trusts nothing until you set
/// `builtin_base_url` or add `external` issuers.
#[derive(Debug, Clone)]
pub struct VerifierConfig {
    /// Public base URL of the built-in identity provider (the same as `IdpConfig::base_url`):
    /// tokens with `iss = {base}/{tid}/v2.0` are checked with the local key ring. `None` disables
    /// the built-in issuer.
    pub builtin_base_url: Option<String>,
    pub external: Vec<ExternalIssuer>,
    /// Clock skew allowed on `exp`, `nbf` and `iat` (default 60 s).
    pub leeway: Duration,
    /// An unknown `kid` causes at most one JWKS fetch (or key-ring reload) per issuer in this
    /// interval (default 5 min; tests use 0).
    pub min_refresh_interval: Duration,
    /// Cached external keys older than this are refreshed (default 1 h).
    pub jwks_max_age: Duration,
    /// Timeout of one JWKS fetch (default 5 s).
    pub fetch_timeout: std::time::Duration,
    /// Largest JWKS body read (default 256 KiB).
    pub max_jwks_bytes: usize,
    /// Longest token looked at (default 16 KiB); longer ones are refused unparsed.
    pub max_token_bytes: usize,
    /// Verified tokens kept in the cache (default 10 000).
    pub cache_capacity: usize,
}

impl Default for VerifierConfig {
    fn default() -> Self {
        VerifierConfig {
            builtin_base_url: None,
            external: Vec::new(),
            leeway: Duration::seconds(60),
            min_refresh_interval: Duration::minutes(5),
            jwks_max_age: Duration::hours(1),
            fetch_timeout: std::time::Duration::from_secs(5),
            max_jwks_bytes: 256 * 1024,
            max_token_bytes: 16 * 1024,
            cache_capacity: 10_000,
        }
    }
}

/// Why a token was refused. The `Display` text is meant for the caller: the server puts it into
/// `WWW-Authenticate: Bearer error="invalid_token", error_description="..."` (with the one
/// header sanitizer, in the server's `error.rs`). Text taken from the token is truncated and
/// sanitized here already (`jwt::echo`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("the token is {len} bytes long; the limit is {max}")]
    TooLarge { len: usize, max: usize },
    #[error("the token is not a JWT: {0}")]
    Malformed(String),
    #[error("the token header is not acceptable: {0}")]
    BadHeader(String),
    #[error("the signing algorithm '{0}' is not accepted; tokens must be signed with RS256")]
    AlgorithmNotAllowed(String),
    #[error(
        "the token header marks extensions as critical ({0}) that this service does not understand"
    )]
    CriticalHeader(String),
    #[error("the token header has no key id ('kid')")]
    MissingKeyId,
    #[error("unknown signing key '{kid}': issuer {issuer} does not publish it")]
    UnknownSigningKey { kid: String, issuer: String },
    #[error("the signing keys of issuer {issuer} cannot be fetched: {reason}")]
    KeysUnavailable { issuer: String, reason: String },
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the signing key '{kid}' belongs to issuer {key_issuer}, not to {iss}")]
    KeyIssuerMismatch {
        kid: String,
        key_issuer: String,
        iss: String,
    },
    #[error("the token has no '{0}' claim")]
    MissingClaim(&'static str),
    #[error("the '{claim}' claim {reason}")]
    InvalidClaim { claim: &'static str, reason: String },
    #[error("the issuer '{0}' is not trusted")]
    UntrustedIssuer(String),
    #[error("the issuer '{iss}' names another tenant than the token's tenant (tid) {tid}")]
    IssuerTenantMismatch { iss: String, tid: String },
    #[error(
        "tokens of personal Microsoft accounts (tenant {MSA_TENANT_ID}) are not accepted: they carry no directory roles"
    )]
    PersonalAccount,
    #[error("the token is version '{found}', but issuer {issuer} issues version {expected} tokens")]
    WrongVersion {
        found: String,
        expected: &'static str,
        issuer: String,
    },
    #[error("wrong audience '{found}': this API accepts only tokens issued for {expected}")]
    WrongAudience { found: String, expected: String },
    #[error("the token expired at {exp} (now {now}, leeway {leeway} s)")]
    Expired {
        exp: String,
        now: String,
        leeway: i64,
    },
    #[error("the token is not valid before {nbf} (now {now}, leeway {leeway} s)")]
    NotYetValid {
        nbf: String,
        now: String,
        leeway: i64,
    },
    #[error("the token claims to be issued in the future, at {iat} (now {now}, leeway {leeway} s)")]
    IssuedInFuture {
        iat: String,
        now: String,
        leeway: i64,
    },
    #[error(
        "the delegated token does not carry the scope {SCOPE_ACCESS_AS_USER} (its scopes: {0}); request {RESOURCE_APP_ID}/.default"
    )]
    MissingScope(String),
    #[error(
        "the token is neither a delegated token (with 'scp') nor an app-only token (with 'idtyp' = 'app')"
    )]
    NotAnAccessToken,
    #[error("the token claims to be both delegated ('scp') and app-only ('idtyp' = 'app')")]
    AmbiguousTokenKind,
}

impl AuthError {
    /// How to answer: `Forbidden` for a valid token without the required scope (RFC 6750
    /// `insufficient_scope`), `Unavailable` when an issuer's keys cannot be fetched at all, else
    /// `Unauthenticated`.
    pub fn kind(&self) -> FailureKind {
        match self {
            AuthError::MissingScope(_) => FailureKind::Forbidden,
            AuthError::KeysUnavailable { .. } => FailureKind::Unavailable,
            _ => FailureKind::Unauthenticated,
        }
    }
}

/// A verifier configuration that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid verifier configuration: {0}")]
pub struct ConfigError(pub String);

enum KeySource {
    Local {
        keyring: Arc<KeyRing>,
        /// Last reload of the key ring caused by an unknown kid (rate-limited like a fetch).
        last_reload: tokio::sync::Mutex<Option<OffsetDateTime>>,
    },
    Remote(Arc<RemoteJwks>),
}

struct Issuer {
    /// Exact issuer or template with `{tenantid}`.
    template: String,
    version: TokenVersion,
    source: KeySource,
}

impl Issuer {
    fn expected(&self, tid: &str) -> String {
        self.template.replace(TENANT_PLACEHOLDER, tid)
    }

    /// `iss` has this issuer's shape but another tenant where the template says `{tenantid}`.
    fn names_other_tenant(&self, iss: &str) -> bool {
        match self.template.split_once(TENANT_PLACEHOLDER) {
            Some((prefix, suffix)) => {
                iss.len() > prefix.len() + suffix.len()
                    && iss.starts_with(prefix)
                    && iss.ends_with(suffix)
            }
            None => false,
        }
    }

    fn name(&self) -> String {
        self.template.clone()
    }
}

struct Verified {
    principal: Arc<Principal>,
    exp: i64,
    nbf: i64,
    iat: Option<i64>,
    issuer: usize,
    kid: String,
}

/// Verifies bearer tokens. Build one at start and share it (`Arc<Verifier>`).
pub struct Verifier {
    issuers: Vec<Issuer>,
    clock: Arc<dyn Clock>,
    leeway: i64,
    min_refresh_interval: Duration,
    max_token_bytes: usize,
    cache: TokenCache,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field(
                "issuers",
                &self
                    .issuers
                    .iter()
                    .map(|i| i.template.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("leeway", &self.leeway)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// Builds a verifier. `keyring` backs the built-in issuer (used only when
    /// `config.builtin_base_url` is set). Fails for unusable issuers or JWKS URLs. Installs the
    /// jsonwebtoken crypto provider if nobody has yet.
    pub fn new(
        config: VerifierConfig,
        keyring: Arc<KeyRing>,
        clock: Arc<dyn Clock>,
    ) -> Result<Verifier, ConfigError> {
        crate::install_crypto_provider();
        let mut issuers = Vec::new();
        if let Some(base) = &config.builtin_base_url {
            let base = base.trim_end_matches('/');
            if base.is_empty() {
                return Err(ConfigError("the built-in base URL is empty".into()));
            }
            issuers.push(Issuer {
                template: format!("{base}/{TENANT_PLACEHOLDER}/v2.0"),
                version: TokenVersion::V2,
                source: KeySource::Local {
                    keyring,
                    last_reload: tokio::sync::Mutex::new(None),
                },
            });
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.fetch_timeout)
            .connect_timeout(config.fetch_timeout)
            .build()
            .map_err(|e| ConfigError(format!("cannot build the HTTP client: {e}")))?;
        for ext in config.external {
            if ext.issuer.matches(TENANT_PLACEHOLDER).count() > 1 || ext.issuer.is_empty() {
                return Err(ConfigError(format!(
                    "issuer '{}' must be a URL with at most one {TENANT_PLACEHOLDER}",
                    ext.issuer
                )));
            }
            check_jwks_uri(&ext.jwks_uri)?;
            issuers.push(Issuer {
                template: ext.issuer,
                version: ext.version,
                source: KeySource::Remote(Arc::new(RemoteJwks::new(
                    ext.jwks_uri,
                    client.clone(),
                    Arc::clone(&clock),
                    config.min_refresh_interval,
                    config.jwks_max_age,
                    config.max_jwks_bytes,
                ))),
            });
        }
        if issuers.is_empty() {
            return Err(ConfigError(
                "no issuer is trusted: set the built-in base URL or add an external issuer".into(),
            ));
        }
        Ok(Verifier {
            issuers,
            clock,
            leeway: config.leeway.whole_seconds().max(0),
            min_refresh_interval: config.min_refresh_interval,
            max_token_bytes: config.max_token_bytes,
            cache: TokenCache::new(config.cache_capacity),
        })
    }

    /// Verifies a bearer token (the part after `Bearer `) and says who the caller is.
    pub async fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        self.verify_shared(token).await.map(|p| (*p).clone())
    }

    /// [`Verifier::verify`], sharing the cached principal instead of copying it: what the
    /// request path uses, where a cache hit should cost no allocation.
    pub async fn verify_shared(&self, token: &str) -> Result<Arc<Principal>, AuthError> {
        if token.len() > self.max_token_bytes {
            return Err(AuthError::TooLarge {
                len: token.len(),
                max: self.max_token_bytes,
            });
        }
        let now = self.clock.now();
        let hash = cache_key(token.as_bytes());
        if let Some(p) = self
            .cache
            .get(hash, token.as_bytes(), |v| self.still_valid(v, now))
        {
            return Ok(p);
        }
        let verified = self.verify_uncached(token, now).await?;
        let principal = Arc::clone(&verified.principal);
        let now_ts = now.unix_timestamp();
        let leeway = self.leeway;
        self.cache.insert(hash, token, verified, |v| {
            v.exp.saturating_add(leeway) >= now_ts
        });
        Ok(principal)
    }

    /// The caller of a token verified before and still valid at `now` (read from this
    /// verifier's clock by the caller, once per request), checking nothing expensive: the hot
    /// read path's lookup. `None` means "not known yet, verify it", not "invalid".
    ///
    /// Bytes, not `str`: a token found here is byte for byte one verified before, so nothing
    /// about it needs checking first (its ASCII check was a twentieth of a decision's work).
    pub fn cached(&self, token: &[u8], now: OffsetDateTime) -> Option<Arc<Principal>> {
        if token.len() > self.max_token_bytes {
            return None;
        }
        self.cache
            .get(cache_key(token), token, |v| self.still_valid(v, now))
    }

    /// Forgets every cached verification (for example after an emergency key removal).
    pub fn clear_cache(&self) {
        self.cache.clear();
    }

    fn still_valid(&self, v: &Verified, now: OffsetDateTime) -> bool {
        check_times(now, v.exp, v.nbf, v.iat, self.leeway).is_ok()
            && match &self.issuers[v.issuer].source {
                KeySource::Local { keyring, .. } => keyring.publishes(&v.kid, now.unix_timestamp()),
                KeySource::Remote(remote) => remote.has_fresh_key(&v.kid),
            }
    }

    async fn verify_uncached(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<Verified, AuthError> {
        let jwt = jwt::parse(token).map_err(AuthError::Malformed)?;

        // Header: a fixed algorithm, no extensions, a kid we look up ourselves.
        let alg = match jwt.header.get("alg") {
            Some(Value::String(a)) => a.as_str(),
            Some(_) => return Err(AuthError::BadHeader("'alg' is not a string".into())),
            None => return Err(AuthError::BadHeader("it has no 'alg'".into())),
        };
        if alg != "RS256" {
            return Err(AuthError::AlgorithmNotAllowed(echo(alg)));
        }
        if let Some(crit) = jwt.header.get("crit") {
            return Err(AuthError::CriticalHeader(echo(&crit.to_string())));
        }
        match jwt.header.get("typ") {
            None => {}
            Some(Value::String(t))
                if t.eq_ignore_ascii_case("JWT") || t.eq_ignore_ascii_case("at+jwt") => {}
            Some(t) => {
                return Err(AuthError::BadHeader(format!(
                    "'typ' is {}, not JWT",
                    echo(&t.to_string())
                )));
            }
        }
        let kid = match jwt.header.get("kid") {
            Some(Value::String(k)) if !k.is_empty() => k.as_str(),
            Some(Value::String(_)) | None => return Err(AuthError::MissingKeyId),
            Some(_) => return Err(AuthError::BadHeader("'kid' is not a string".into())),
        };

        // Enough of the claims to choose the issuer and its keys.
        let claims = &jwt.claims;
        let iss = required_str(claims, "iss")?;
        let tid_raw = required_str(claims, "tid")?;
        let tid: TenantId = tid_raw.parse().map_err(|_| AuthError::InvalidClaim {
            claim: "tid",
            reason: format!("'{}' is not a tenant id (a GUID)", echo(tid_raw)),
        })?;
        if tid.to_string().eq_ignore_ascii_case(MSA_TENANT_ID) {
            return Err(AuthError::PersonalAccount);
        }
        let issuer_idx = self.match_issuer(iss, tid_raw)?;
        let issuer = &self.issuers[issuer_idx];

        let (key, key_issuer) = self.key(issuer, kid).await?;
        if !jwt::verify_rs256(&jwt, &key) {
            return Err(AuthError::BadSignature);
        }
        if let Some(key_issuer) = key_issuer
            && !key_may_sign(&key_issuer, iss, tid_raw)
        {
            return Err(AuthError::KeyIssuerMismatch {
                kid: echo(kid),
                key_issuer: echo(&key_issuer),
                iss: echo(iss),
            });
        }

        // The signature holds: now the rest of the claims.
        let ver = required_str(claims, "ver")?;
        if ver != issuer.version.claim() {
            return Err(AuthError::WrongVersion {
                found: echo(ver),
                expected: issuer.version.claim(),
                issuer: issuer.name(),
            });
        }
        check_audience(claims, issuer.version)?;
        let exp = required_time(claims, "exp")?;
        let nbf = required_time(claims, "nbf")?;
        let iat = jwt::numeric_date(claims, "iat").map_err(|reason| AuthError::InvalidClaim {
            claim: "iat",
            reason,
        })?;
        check_times(now, exp, nbf, iat, self.leeway)?;
        let principal = Arc::new(principal(tid, claims)?);
        Ok(Verified {
            principal,
            exp,
            nbf,
            iat,
            issuer: issuer_idx,
            kid: kid.to_owned(),
        })
    }

    fn match_issuer(&self, iss: &str, tid: &str) -> Result<usize, AuthError> {
        for (i, issuer) in self.issuers.iter().enumerate() {
            if issuer.expected(tid) == iss {
                // A concrete issuer must name the token's tenant as well.
                if !issuer.template.contains(TENANT_PLACEHOLDER)
                    && !iss.split('/').any(|seg| seg.eq_ignore_ascii_case(tid))
                {
                    return Err(AuthError::IssuerTenantMismatch {
                        iss: echo(iss),
                        tid: echo(tid),
                    });
                }
                return Ok(i);
            }
        }
        if self.issuers.iter().any(|i| i.names_other_tenant(iss)) {
            return Err(AuthError::IssuerTenantMismatch {
                iss: echo(iss),
                tid: echo(tid),
            });
        }
        Err(AuthError::UntrustedIssuer(echo(iss)))
    }

    /// The verification key for `kid` (and the issuer its JWKS entry names, if any).
    async fn key(
        &self,
        issuer: &Issuer,
        kid: &str,
    ) -> Result<(Arc<jsonwebtoken::DecodingKey>, Option<String>), AuthError> {
        let unknown = || AuthError::UnknownSigningKey {
            kid: echo(kid),
            issuer: issuer.name(),
        };
        match &issuer.source {
            KeySource::Local {
                keyring,
                last_reload,
            } => {
                if let Some(k) = keyring.verifying_key(kid) {
                    return Ok((k, None));
                }
                // Another process may have rotated the keys: reload, at most once per interval.
                let mut last = last_reload.lock().await;
                if let Some(k) = keyring.verifying_key(kid) {
                    return Ok((k, None));
                }
                let now = self.clock.now();
                if last.is_none_or(|t| now < t || now - t >= self.min_refresh_interval) {
                    *last = Some(now);
                    if let Err(e) = keyring.reload() {
                        tracing::warn!(error = %e, "reloading the signing key ring failed");
                    }
                }
                keyring
                    .verifying_key(kid)
                    .map(|k| (k, None))
                    .ok_or_else(unknown)
            }
            KeySource::Remote(remote) => match remote.key(kid).await {
                Lookup::Found(k) => Ok((Arc::clone(&k.key), k.issuer.clone())),
                Lookup::Unknown => Err(unknown()),
                Lookup::Unavailable(reason) => Err(AuthError::KeysUnavailable {
                    issuer: issuer.name(),
                    reason,
                }),
            },
        }
    }
}

fn check_jwks_uri(uri: &str) -> Result<(), ConfigError> {
    let url = reqwest::Url::parse(uri)
        .map_err(|e| ConfigError(format!("jwks_uri '{uri}' is not a URL: {e}")))?;
    let host = url.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(ConfigError(format!(
            "jwks_uri '{uri}' must use https (plain http only on a loopback address)"
        ))),
    }
}

/// Entra's key-issuer binding: a key whose JWKS entry names a template may sign for any tenant of
/// that shape; a key naming a concrete issuer signs only for that issuer's tenant.
fn key_may_sign(key_issuer: &str, iss: &str, tid: &str) -> bool {
    if key_issuer.contains(TENANT_PLACEHOLDER) {
        return true;
    }
    key_issuer == iss
        || key_issuer
            .split('/')
            .any(|seg| seg.eq_ignore_ascii_case(tid))
}

fn required_str<'a>(
    claims: &'a Map<String, Value>,
    name: &'static str,
) -> Result<&'a str, AuthError> {
    jwt::string_claim(claims, name)
        .map_err(|reason| AuthError::InvalidClaim {
            claim: name,
            reason,
        })?
        .ok_or(AuthError::MissingClaim(name))
}

fn required_time(claims: &Map<String, Value>, name: &'static str) -> Result<i64, AuthError> {
    jwt::numeric_date(claims, name)
        .map_err(|reason| AuthError::InvalidClaim {
            claim: name,
            reason,
        })?
        .ok_or(AuthError::MissingClaim(name))
}

fn check_audience(claims: &Map<String, Value>, version: TokenVersion) -> Result<(), AuthError> {
    let accepted: &[&str] = match version {
        TokenVersion::V2 => &[RESOURCE_APP_ID],
        TokenVersion::V1 => &[RESOURCE_APP_ID, RESOURCE_APP_URI],
    };
    let auds = jwt::audiences(claims)
        .map_err(|reason| AuthError::InvalidClaim {
            claim: "aud",
            reason,
        })?
        .ok_or(AuthError::MissingClaim("aud"))?;
    // Every audience must be us: a token meant for us *and* another API is refused too.
    if auds.iter().all(|a| accepted.contains(&a.as_str())) {
        Ok(())
    } else {
        Err(AuthError::WrongAudience {
            found: echo(&auds.join(" ")),
            expected: accepted.join(" or "),
        })
    }
}

fn show_time(ts: i64) -> String {
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| ts.to_string())
}

fn check_times(
    now: OffsetDateTime,
    exp: i64,
    nbf: i64,
    iat: Option<i64>,
    leeway: i64,
) -> Result<(), AuthError> {
    let now_ts = now.unix_timestamp();
    if now_ts > exp.saturating_add(leeway) {
        return Err(AuthError::Expired {
            exp: show_time(exp),
            now: show_time(now_ts),
            leeway,
        });
    }
    if nbf > now_ts.saturating_add(leeway) {
        return Err(AuthError::NotYetValid {
            nbf: show_time(nbf),
            now: show_time(now_ts),
            leeway,
        });
    }
    if let Some(iat) = iat
        && iat > now_ts.saturating_add(leeway)
    {
        return Err(AuthError::IssuedInFuture {
            iat: show_time(iat),
            now: show_time(now_ts),
            leeway,
        });
    }
    Ok(())
}

fn guid_claim(claims: &Map<String, Value>, name: &'static str) -> Result<Option<Uuid>, AuthError> {
    match jwt::string_claim(claims, name).map_err(|reason| AuthError::InvalidClaim {
        claim: name,
        reason,
    })? {
        None => Ok(None),
        Some(s) => Uuid::parse_str(s)
            .map(Some)
            .map_err(|_| AuthError::InvalidClaim {
                claim: name,
                reason: format!("'{}' is not a GUID", echo(s)),
            }),
    }
}

fn string_list(claims: &Map<String, Value>, name: &'static str) -> Result<Vec<String>, AuthError> {
    jwt::string_array_claim(claims, name).map_err(|reason| AuthError::InvalidClaim {
        claim: name,
        reason,
    })
}

fn optional_str(
    claims: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<String>, AuthError> {
    jwt::string_claim(claims, name)
        .map(|s| s.map(str::to_owned))
        .map_err(|reason| AuthError::InvalidClaim {
            claim: name,
            reason,
        })
}

/// Delegated (`scp`) or app-only (`idtyp = app`); anything else is refused.
fn principal(tenant: TenantId, claims: &Map<String, Value>) -> Result<Principal, AuthError> {
    let scp = optional_str(claims, "scp")?;
    let app_only = optional_str(claims, "idtyp")?.is_some_and(|t| t == "app");
    let kind = match (scp, app_only) {
        (Some(_), true) => return Err(AuthError::AmbiguousTokenKind),
        (Some(scp), false) => {
            let scopes: Vec<String> = scp.split_whitespace().map(str::to_owned).collect();
            if !scopes.iter().any(|s| s == SCOPE_ACCESS_AS_USER) {
                return Err(AuthError::MissingScope(echo(&scp)));
            }
            let oid = guid_claim(claims, "oid")?.ok_or(AuthError::MissingClaim("oid"))?;
            let upn = match optional_str(claims, "upn")? {
                Some(u) => Some(u),
                None => match optional_str(claims, "preferred_username")? {
                    Some(u) => Some(u),
                    None => optional_str(claims, "unique_name")?,
                },
            };
            PrincipalKind::User {
                oid,
                upn,
                wids: string_list(claims, "wids")?,
                scopes,
            }
        }
        (None, true) => {
            let app_id = match optional_str(claims, "azp")? {
                Some(a) => a,
                None => optional_str(claims, "appid")?.ok_or(AuthError::MissingClaim("azp"))?,
            };
            PrincipalKind::App {
                app_id,
                oid: guid_claim(claims, "oid")?,
                roles: string_list(claims, "roles")?,
            }
        }
        (None, false) => return Err(AuthError::NotAnAccessToken),
    };
    Ok(Principal { tenant, kind })
}

/// How much of a token's end [`cache_key`] hashes.
const KEY_TAIL: usize = 64;

/// The token cache's key: a hash of the token's last [`KEY_TAIL`] bytes, which are its
/// signature's (48 bytes of RS256 signature, in base64url), not of the whole kilobyte: hashing
/// it all was the largest part of a cache hit. Only verified tokens are kept, and two verified
/// tokens with one signature tail are not to be had without the signing key; a token made to
/// share a kept one's tail finds the kept one, fails the byte-for-byte comparison and is verified
/// (and refused) like any other.
fn cache_key(token: &[u8]) -> u64 {
    let tail: &[u8] = &token[token.len().saturating_sub(KEY_TAIL)..];
    fast_hash(&tail)
}

/// Verified tokens by [`cache_key`], bounded, sharded so concurrent requests rarely meet
/// on one lock. Entries are re-checked on every hit. Each entry shares its principal (`Arc`), so
/// a hit costs no allocation.
struct TokenCache {
    /// Entries per shard.
    capacity: usize,
    /// By [`cache_key`] of the token; the entry keeps the token, and a hit must be the same
    /// token byte for byte. A hash shared by two tokens keeps the later one (the other is
    /// verified again when it comes back), so the hash needs no resistance to collisions: a
    /// collision costs a verification, never a wrong caller.
    shards: Sharded<FastMap<u64, (Box<str>, Verified)>>,
}

const TOKEN_CACHE_SHARDS: usize = 16;

impl TokenCache {
    fn new(capacity: usize) -> Self {
        TokenCache {
            capacity: capacity.div_ceil(TOKEN_CACHE_SHARDS),
            shards: Sharded::new(TOKEN_CACHE_SHARDS),
        }
    }

    fn get(
        &self,
        hash: u64,
        token: &[u8],
        valid: impl Fn(&Verified) -> bool,
    ) -> Option<Arc<Principal>> {
        {
            let map = self.shards.read(hash);
            let (held, entry) = map.get(&hash)?;
            if held.as_bytes() != token {
                return None;
            }
            if valid(entry) {
                return Some(Arc::clone(&entry.principal));
            }
        }
        let mut map = self.shards.write(hash);
        if map
            .get(&hash)
            .is_some_and(|(held, _)| held.as_bytes() == token)
        {
            map.remove(&hash);
        }
        None
    }

    fn insert(&self, hash: u64, token: &str, value: Verified, keep: impl Fn(&Verified) -> bool) {
        if self.capacity == 0 {
            return;
        }
        let mut map = self.shards.write(hash);
        if map.len() >= self.capacity && !map.contains_key(&hash) {
            map.retain(|_, (_, v)| keep(v));
            if map.len() >= self.capacity {
                // Full of live entries: drop a tenth (arbitrary ones), so that the scan above
                // runs once per many insertions rather than on every one.
                let victims: Vec<u64> = map.keys().take(self.capacity / 10 + 1).copied().collect();
                for victim in victims {
                    map.remove(&victim);
                }
            }
        }
        map.insert(hash, (token.into(), value));
    }

    fn clear(&self) {
        self.shards.write_each().for_each(|mut m| m.clear());
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.shards.read_each().map(|m| m.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn tenant() -> TenantId {
        "7f2b1a52-3c1d-4e5f-8a9b-0c1d2e3f4a5b".parse().unwrap()
    }

    #[test]
    fn delegated_and_app_only_tokens_become_principals() {
        let oid = "11111111-2222-3333-4444-555555555555";
        let user = principal(
            tenant(),
            &claims(serde_json::json!({
                "scp": "LicenseManager.AccessAsUser other",
                "oid": oid, "preferred_username": "a@b.example", "wids": ["x"]
            })),
        )
        .unwrap();
        assert_eq!(
            user.kind,
            PrincipalKind::User {
                oid: oid.parse().unwrap(),
                upn: Some("a@b.example".into()),
                wids: vec!["x".into()],
                scopes: vec!["LicenseManager.AccessAsUser".into(), "other".into()],
            }
        );
        let app = principal(
            tenant(),
            &claims(serde_json::json!({"idtyp": "app", "appid": "cli", "roles": ["r"]})),
        )
        .unwrap();
        assert_eq!(
            app.kind,
            PrincipalKind::App {
                app_id: "cli".into(),
                oid: None,
                roles: vec!["r".into()]
            }
        );
        for (c, want) in [
            (serde_json::json!({"scp": "User.Read", "oid": oid}), "scope"),
            (
                serde_json::json!({"scp": "LicenseManager.AccessAsUser"}),
                "'oid'",
            ),
            (
                serde_json::json!({"scp": "LicenseManager.AccessAsUser", "oid": "x"}),
                "GUID",
            ),
            (
                serde_json::json!({"scp": "LicenseManager.AccessAsUser", "idtyp": "app"}),
                "both",
            ),
            (serde_json::json!({"idtyp": "user", "oid": oid}), "neither"),
            (serde_json::json!({"idtyp": "app"}), "'azp'"),
            (
                serde_json::json!({"idtyp": "app", "azp": "a", "roles": "r"}),
                "array",
            ),
        ] {
            let err = principal(tenant(), &claims(c.clone()))
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "{c}: {err}");
        }
    }

    #[test]
    fn time_rules_with_leeway() {
        let now = OffsetDateTime::from_unix_timestamp(1_000_000).unwrap();
        let t = 1_000_000;
        assert!(check_times(now, t - 59, t, None, 60).is_ok());
        assert!(check_times(now, t - 60, t, None, 60).is_ok());
        assert!(matches!(
            check_times(now, t - 61, t, None, 60),
            Err(AuthError::Expired { .. })
        ));
        assert!(check_times(now, t + 10, t + 60, None, 60).is_ok());
        assert!(matches!(
            check_times(now, t + 10, t + 61, None, 60),
            Err(AuthError::NotYetValid { .. })
        ));
        assert!(matches!(
            check_times(now, t + 10, t, Some(t + 61), 60),
            Err(AuthError::IssuedInFuture { .. })
        ));
        assert!(check_times(now, i64::MAX, i64::MIN, Some(i64::MIN), 60).is_ok());
        let err = check_times(now, t - 61, t, None, 60)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("the token expired at 1970-01-12T13:45:39Z"),
            "{err}"
        );
    }

    #[test]
    fn audience_depends_on_version() {
        let aud = |a: Value| claims(serde_json::json!({ "aud": a }));
        let id = Value::from(RESOURCE_APP_ID);
        let uri = Value::from(RESOURCE_APP_URI);
        assert!(check_audience(&aud(id.clone()), TokenVersion::V2).is_ok());
        assert!(check_audience(&aud(uri.clone()), TokenVersion::V2).is_err());
        assert!(check_audience(&aud(uri), TokenVersion::V1).is_ok());
        assert!(check_audience(&aud(serde_json::json!([id])), TokenVersion::V2).is_ok());
        assert!(check_audience(&aud(serde_json::json!([id, "other"])), TokenVersion::V2).is_err());
        assert!(check_audience(&aud(serde_json::json!([])), TokenVersion::V2).is_err());
        assert!(matches!(
            check_audience(&claims(serde_json::json!({})), TokenVersion::V2),
            Err(AuthError::MissingClaim("aud"))
        ));
    }

    #[test]
    fn token_text_is_echoed_header_safe_and_kinds_are_typed() {
        let e = AuthError::UnknownSigningKey {
            kid: echo("a\"b\r\n"),
            issuer: "x".into(),
        };
        assert!(
            e.to_string().starts_with("unknown signing key 'a?b??'"),
            "{e}"
        );
        assert_eq!(e.kind(), FailureKind::Unauthenticated);
        assert_eq!(
            AuthError::MissingScope("x".into()).kind(),
            FailureKind::Forbidden
        );
    }

    #[test]
    fn key_issuer_binding() {
        let t = "7f2b1a52-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
        let iss = format!("https://login.microsoftonline.com/{t}/v2.0");
        assert!(key_may_sign(
            "https://login.microsoftonline.com/{tenantid}/v2.0",
            &iss,
            t
        ));
        assert!(key_may_sign(&iss, &iss, t));
        assert!(key_may_sign(
            &format!("https://sts.windows.net/{t}/"),
            &iss,
            t
        ));
        assert!(!key_may_sign(
            "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
            &iss,
            t
        ));
    }

    #[test]
    fn cache_is_bounded_and_evicts_expired_entries_first() {
        // Two entries per shard; every hash below lands in shard 0.
        let cache = TokenCache::new(2 * TOKEN_CACHE_SHARDS);
        let k = |n: u8| {
            (
                u64::from(n) * TOKEN_CACHE_SHARDS as u64,
                format!("token {n}"),
            )
        };
        let entry = |exp| Verified {
            principal: Arc::new(Principal {
                tenant: tenant(),
                kind: PrincipalKind::App {
                    app_id: "a".into(),
                    oid: None,
                    roles: vec![],
                },
            }),
            exp,
            nbf: 0,
            iat: None,
            issuer: 0,
            kid: "k".into(),
        };
        for (n, exp) in [(1, 10), (2, 100), (3, 100)] {
            let (hash, token) = k(n);
            cache.insert(hash, &token, entry(exp), |v| v.exp > 50);
        }
        assert_eq!(cache.len(), 2);
        let (h1, t1) = k(1);
        assert!(
            cache.get(h1, t1.as_bytes(), |_| true).is_none(),
            "the expired entry went first"
        );
        let (h4, t4) = k(4);
        cache.insert(h4, &t4, entry(100), |v| v.exp > 50);
        assert!(cache.len() <= 2);
        assert!(cache.get(h4, t4.as_bytes(), |_| true).is_some());
        // An entry that no longer passes the check is dropped on the hit.
        assert!(cache.get(h4, t4.as_bytes(), |_| false).is_none());
        assert!(cache.get(h4, t4.as_bytes(), |_| true).is_none());
    }

    #[test]
    fn a_hit_is_the_same_token_byte_for_byte() {
        let cache = TokenCache::new(64);
        let verified = |app: &str| Verified {
            principal: Arc::new(Principal {
                tenant: tenant(),
                kind: PrincipalKind::App {
                    app_id: app.into(),
                    oid: None,
                    roles: vec![],
                },
            }),
            exp: 100,
            nbf: 0,
            iat: None,
            issuer: 0,
            kid: "k".into(),
        };
        cache.insert(7, "header.claims.signature", verified("a"), |_| true);
        // Another token under the same hash (a collision) is not the cached caller ...
        assert!(
            cache
                .get(7, "header.claims.signaturf".as_bytes(), |_| true)
                .is_none()
        );
        assert!(
            cache
                .get(7, "header.claims.signature".as_bytes(), |_| true)
                .is_some()
        );
        // ... and, once verified, takes the place: the first is verified again when it returns.
        cache.insert(7, "header.claims.signaturf", verified("b"), |_| true);
        let hit = cache
            .get(7, "header.claims.signaturf".as_bytes(), |_| true)
            .unwrap();
        assert!(matches!(&hit.kind, PrincipalKind::App { app_id, .. } if app_id == "b"));
        assert!(
            cache
                .get(7, "header.claims.signature".as_bytes(), |_| true)
                .is_none()
        );
        assert_eq!(cache.len(), 1);
    }
}
