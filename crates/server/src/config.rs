//! Configuration of `mscommerce serve`: a TOML file, `MSCOMMERCE_*` environment variables and
//! flags. Flags win over the environment, the environment over the file (the CLI resolves flag
//! over environment with clap; this module lays the result over the file). Unknown keys in the
//! file are errors.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file, as written by an operator. Every section and key is optional.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    /// `postgres://...` to use PostgreSQL; SQLite in the data directory otherwise.
    pub database_url: Option<String>,
    /// The URL clients reach this service at (issuer of the built-in identity provider and the
    /// address of its device sign-in page). Default: `http://` + the listen address.
    pub public_url: Option<String>,
    /// Logs as JSON lines instead of text.
    pub log_json: Option<bool>,
    /// Where Prometheus scrapes `/metrics` (a listener of its own; none by default).
    pub metrics_listen: Option<SocketAddr>,
    #[serde(default)]
    pub identity: IdentityFile,
    #[serde(default)]
    pub limits: LimitsFile,
    #[serde(default)]
    pub cache: CacheFile,
    #[serde(default)]
    pub store: StoreFile,
    /// HTTPS on the service's own port.
    pub tls: Option<TlsFile>,
    #[serde(default)]
    pub webhooks: WebhooksFile,
    #[serde(default)]
    pub page: PageFile,
    /// Proxies (addresses or networks) whose `X-Forwarded-For` names the client: smart lockout,
    /// the sign-in throttles and the journal then see the client, not the proxy. None by
    /// default: the header is ignored.
    pub trusted_proxies: Option<Vec<String>>,
}

/// `[webhooks]`: deliveries.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksFile {
    /// Plain http and private addresses allowed (labs and tests only).
    pub allow_private: Option<bool>,
    /// The first retry's delay in milliseconds (default 5000); each next one doubles.
    pub retry_base_ms: Option<u64>,
    /// One attempt's time limit in seconds (default 10).
    pub timeout_secs: Option<u64>,
}

/// `[tls]`: PEM files, reloaded when they change.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsFile {
    /// The certificate, then its chain.
    pub cert: Option<PathBuf>,
    /// Its private key.
    pub key: Option<PathBuf>,
}

/// How the database is written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreFile {
    /// SQLite: commit concurrent policy writes together, up to 256 per transaction and fsync
    /// (on unless set to false; false makes one transaction per write, e.g. to measure the
    /// difference). No effect on PostgreSQL.
    pub group_commit: Option<bool>,
}

/// The in-memory cache of each tenant's answers.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheFile {
    /// Tenants whose answers are kept (about 6 KB each); 0 turns the cache off.
    pub max_tenants: Option<usize>,
    /// Longest a cached answer is used (default 300): the bound on how late a change made
    /// with no notice at all (SQL typed into the database by hand) shows. Changes made through
    /// the service, another replica or an `admin` command drop the answers they change at once.
    pub ttl_secs: Option<u64>,
    /// Verified access tokens remembered until they expire (a few hundred bytes each), so a
    /// caller's next request skips the signature check.
    pub max_tokens: Option<usize>,
}

/// `[page]`: where the admin page signs its users in. Without `authority`, at the built-in
/// provider; with it, at that OpenID Connect provider (Entra ID:
/// `https://login.microsoftonline.com/{tenant}/v2.0`), as a web application registered there
/// with the redirect URI `{public_url}/signin-oidc`. Its access tokens must be accepted by one of
/// the `[[identity.issuers]]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFile {
    /// The provider's issuer URL; its discovery document is at
    /// `{authority}/.well-known/openid-configuration`.
    pub authority: Option<String>,
    /// The page's application (client) id at that provider.
    pub client_id: Option<String>,
    /// A file holding the application's client secret (a confidential web application); none
    /// for a public client.
    pub client_secret_file: Option<PathBuf>,
    /// The API scope asked for [default: `{resource app id}/.default`].
    pub scope: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityFile {
    /// The built-in identity provider (on unless set to false).
    pub builtin: Option<bool>,
    pub access_token_lifetime_secs: Option<u64>,
    pub refresh_token_lifetime_secs: Option<u64>,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`.
    pub leeway_secs: Option<u64>,
    /// Polling interval the device-code flow asks clients for.
    pub device_code_interval_secs: Option<u64>,
    /// How often at most an unknown `kid` may trigger a JWKS fetch of an external issuer.
    pub jwks_min_refresh_secs: Option<u64>,
    /// Smart lockout: wrong passwords (or client secrets) that lock an account (default 10, as
    /// Entra), and the first lock in seconds (default 60; it doubles with every failure after).
    pub lockout_threshold: Option<i64>,
    pub lockout_duration_secs: Option<u64>,
    /// Seconds after a refresh token was spent during which it is honoured once more (two
    /// processes on one token cache renewing at once; default 10, 0 for none), before a reuse
    /// counts as a replay that revokes the sign-in.
    pub refresh_reuse_grace_secs: Option<u64>,
    /// External OIDC issuers whose tokens are accepted (Entra ID and others).
    #[serde(default)]
    pub issuers: Vec<ExternalIssuer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalIssuer {
    /// The `iss` to accept; `{tenantid}` stands for the token's `tid`, e.g.
    /// `https://login.microsoftonline.com/{tenantid}/v2.0`.
    pub issuer: String,
    /// Where its signing keys are published.
    pub jwks_uri: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    pub max_body_bytes: Option<usize>,
    pub request_timeout_secs: Option<u64>,
    pub max_connections: Option<usize>,
    pub header_read_timeout_secs: Option<u64>,
    pub shutdown_grace_secs: Option<u64>,
    /// Requests handled at once; more are refused at once with 503.
    pub max_in_flight: Option<usize>,
    /// Sustained requests per second per tenant, and the burst allowed above it.
    pub tenant_rate_per_sec: Option<f64>,
    pub tenant_burst: Option<f64>,
    /// Sustained requests per second per user or app, and the burst.
    pub caller_rate_per_sec: Option<f64>,
    pub caller_burst: Option<f64>,
    /// Failed sign-ins (wrong passwords, secrets, user codes) per client address: the burst
    /// allowed, and the rate it refills at; past it the address gets 429 until it refills.
    pub sign_in_failure_burst: Option<f64>,
    pub sign_in_failures_per_min: Option<f64>,
}

/// What flags and environment variables said (already merged by the CLI: flag over variable).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    pub log_json: Option<bool>,
    pub demo: bool,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub metrics_listen: Option<SocketAddr>,
    pub trusted_proxies: Option<Vec<String>>,
    pub allow_private_webhooks: bool,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    pub log_json: bool,
    pub demo: bool,
    pub identity: IdentitySettings,
    pub limits: Limits,
    pub cache: CacheSettings,
    pub store: mscommerce_store::StoreOptions,
    /// HTTPS (the certificate and key files), or plain HTTP.
    pub tls: Option<crate::tls::TlsFiles>,
    /// Where `/metrics` is served, if anywhere.
    pub metrics_listen: Option<SocketAddr>,
    pub trusted_proxies: crate::client_address::TrustedProxies,
    pub webhooks: crate::webhook_delivery::DeliverySettings,
    /// The admin page signs in at an external provider instead of the built-in one.
    pub page_sign_in: Option<PageSignIn>,
}

/// `[page]` resolved: the admin page's sign-in at an external OpenID Connect provider.
#[derive(Clone)]
pub struct PageSignIn {
    /// Without a trailing `/`.
    pub authority: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub scope: String,
}

impl std::fmt::Debug for PageSignIn {
    // Never the secret, in logs or panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageSignIn")
            .field("authority", &self.authority)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "…"))
            .field("scope", &self.scope)
            .finish()
    }
}

impl PageSignIn {
    fn resolve(file: PageFile) -> Result<Option<PageSignIn>, ConfigError> {
        let invalid = |m: String| Err(ConfigError::Invalid(m));
        let Some(authority) = file.authority else {
            if file.client_id.is_some() || file.client_secret_file.is_some() {
                return invalid("[page] client_id and client_secret_file need [page] authority (the provider the page signs in at); remove them to sign in at the built-in provider".into());
            }
            return Ok(None);
        };
        let authority = authority.trim_end_matches('/').to_owned();
        let loopback =
            |u: &reqwest::Url| matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        match reqwest::Url::parse(&authority) {
            Ok(u) if u.scheme() == "https" || (u.scheme() == "http" && loopback(&u)) => {}
            _ => {
                return invalid(format!(
                    "[page] authority = {authority:?} is not an https:// URL (http:// only on localhost); give the provider's issuer, such as https://login.microsoftonline.com/YOUR-TENANT-ID/v2.0"
                ));
            }
        }
        let Some(client_id) = file.client_id.filter(|c| !c.trim().is_empty()) else {
            return invalid("[page] authority needs [page] client_id: the application id of the admin page registered at that provider".into());
        };
        let client_secret = match file.client_secret_file {
            None => None,
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    ConfigError::Invalid(format!(
                        "cannot read [page] client_secret_file {}: {e}",
                        path.display()
                    ))
                })?;
                let secret = text.trim().to_owned();
                if secret.is_empty() {
                    return invalid(format!(
                        "[page] client_secret_file {} is empty: put the application's client secret in it",
                        path.display()
                    ));
                }
                Some(secret)
            }
        };
        Ok(Some(PageSignIn {
            authority,
            client_id: client_id.trim().to_owned(),
            client_secret,
            scope: file
                .scope
                .unwrap_or_else(|| mscommerce_proto::RESOURCE_DEFAULT_SCOPE.to_owned()),
        }))
    }
}

/// The read cache's TTL when the configuration sets none. Every change made through the store
/// is announced (change notices, `NOTIFY`, SQLite's `data_version`), so the TTL only bounds
/// changes made behind the store's back; a shorter one reloads every tenant's answers over and
/// over for nothing (10,000 tenants at 60 s: 170 loads a second; docs/decisions.md, stop 21).
pub const DEFAULT_CACHE_TTL_SECS: u64 = 300;

#[derive(Debug, Clone)]
pub struct CacheSettings {
    pub max_tenants: usize,
    pub ttl_secs: u64,
    pub max_tokens: usize,
}

#[derive(Debug, Clone)]
pub struct IdentitySettings {
    pub builtin: bool,
    pub access_token_lifetime_secs: u64,
    pub refresh_token_lifetime_secs: u64,
    pub leeway_secs: u64,
    pub device_code_interval_secs: u64,
    pub jwks_min_refresh_secs: u64,
    pub lockout: mscommerce_domain::lockout::LockoutPolicy,
    pub refresh_grace: time::Duration,
    pub issuers: Vec<ExternalIssuer>,
}

#[derive(Debug, Clone)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub request_timeout_secs: u64,
    pub max_connections: usize,
    pub header_read_timeout_secs: u64,
    pub shutdown_grace_secs: u64,
    pub max_in_flight: usize,
    pub tenant_rate: crate::limits::Rate,
    pub caller_rate: crate::limits::Rate,
    /// Failed sign-ins per client address.
    pub sign_in_failures: crate::limits::Rate,
}

impl Limits {
    pub fn connections(&self) -> crate::listener::ConnectionLimits {
        crate::listener::ConnectionLimits {
            max_connections: self.max_connections,
            header_read_timeout: std::time::Duration::from_secs(self.header_read_timeout_secs),
            shutdown_grace: std::time::Duration::from_secs(self.shutdown_grace_secs),
        }
    }
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the configuration file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        FileConfig::parse(&text).map_err(|message| ConfigError::Parse {
            path: path.to_owned(),
            message,
        })
    }

    pub fn parse(text: &str) -> Result<FileConfig, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

impl ServeConfig {
    pub fn resolve(
        file: FileConfig,
        o: Overrides,
        default_data_dir: PathBuf,
    ) -> Result<ServeConfig, ConfigError> {
        let listen = match o.listen.or(file.listen) {
            Some(l) => l,
            None => DEFAULT_LISTEN
                .parse()
                .map_err(|_| ConfigError::Invalid("bad built-in listen address".into()))?,
        };
        if o.demo && !listen.ip().is_loopback() {
            return Err(ConfigError::Invalid(format!(
                "--demo refuses to listen on {listen}: the demo directory has well-known passwords. Listen on a loopback address (127.0.0.1 or [::1]), or set up real tenants with `mscommerce admin` and drop --demo."
            )));
        }
        let public_url = o.public_url.or(file.public_url);
        if let Some(url) = &public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::Invalid(format!(
                "public_url '{url}' must start with http:// or https://"
            )));
        }
        let tls_file = file.tls.unwrap_or_default();
        let tls = match (o.tls_cert.or(tls_file.cert), o.tls_key.or(tls_file.key)) {
            (Some(cert), Some(key)) => Some(crate::tls::TlsFiles { cert, key }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(ConfigError::Invalid(
                    "--tls-cert needs --tls-key (the certificate's private key, PEM)".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::Invalid(
                    "--tls-key needs --tls-cert (the certificate, PEM)".into(),
                ));
            }
        };
        let id = file.identity;
        let cache = CacheSettings {
            max_tenants: file.cache.max_tenants.unwrap_or(20_000),
            ttl_secs: file.cache.ttl_secs.unwrap_or(DEFAULT_CACHE_TTL_SECS),
            max_tokens: file.cache.max_tokens.unwrap_or(65_536),
        };
        let config = ServeConfig {
            listen,
            data_dir: o.data_dir.or(file.data_dir).unwrap_or(default_data_dir),
            database_url: o.database_url.or(file.database_url),
            public_url: public_url.map(|u| u.trim_end_matches('/').to_owned()),
            log_json: o.log_json.or(file.log_json).unwrap_or(false),
            demo: o.demo,
            identity: IdentitySettings {
                builtin: id.builtin.unwrap_or(true),
                access_token_lifetime_secs: id.access_token_lifetime_secs.unwrap_or(3600),
                refresh_token_lifetime_secs: id
                    .refresh_token_lifetime_secs
                    .unwrap_or(90 * 24 * 3600),
                leeway_secs: id.leeway_secs.unwrap_or(60),
                device_code_interval_secs: id.device_code_interval_secs.unwrap_or(5),
                jwks_min_refresh_secs: id.jwks_min_refresh_secs.unwrap_or(300),
                lockout: {
                    let default = mscommerce_domain::lockout::LockoutPolicy::default();
                    let first_lock = id.lockout_duration_secs.map_or(default.first_lock, |s| {
                        time::Duration::seconds(i64::try_from(s).unwrap_or(i64::MAX).max(1))
                    });
                    mscommerce_domain::lockout::LockoutPolicy {
                        threshold: id.lockout_threshold.unwrap_or(default.threshold).max(1),
                        first_lock,
                        max_lock: default.max_lock.max(first_lock),
                        ..default
                    }
                },
                refresh_grace: id
                    .refresh_reuse_grace_secs
                    .map_or(mscommerce_domain::rotation::DEFAULT_GRACE, |s| {
                        time::Duration::seconds(i64::try_from(s).unwrap_or(i64::MAX))
                    }),
                issuers: id.issuers,
            },
            cache,
            store: mscommerce_store::StoreOptions {
                group_commit: file.store.group_commit.unwrap_or(true),
            },
            tls,
            metrics_listen: o.metrics_listen.or(file.metrics_listen),
            webhooks: {
                let d = crate::webhook_delivery::DeliverySettings::default();
                crate::webhook_delivery::DeliverySettings {
                    allow_private: o.allow_private_webhooks
                        || file.webhooks.allow_private.unwrap_or(false),
                    retry_base: file
                        .webhooks
                        .retry_base_ms
                        .map_or(d.retry_base, std::time::Duration::from_millis),
                    timeout: file
                        .webhooks
                        .timeout_secs
                        .map_or(d.timeout, std::time::Duration::from_secs),
                    ..d
                }
            },
            page_sign_in: PageSignIn::resolve(file.page)?,
            trusted_proxies: crate::client_address::TrustedProxies::parse(
                &o.trusted_proxies
                    .or(file.trusted_proxies)
                    .unwrap_or_default(),
            )
            .map_err(ConfigError::Invalid)?,
            limits: Limits {
                max_body_bytes: file.limits.max_body_bytes.unwrap_or(64 * 1024),
                request_timeout_secs: file.limits.request_timeout_secs.unwrap_or(30),
                max_connections: file.limits.max_connections.unwrap_or(4096),
                header_read_timeout_secs: file.limits.header_read_timeout_secs.unwrap_or(10),
                shutdown_grace_secs: file.limits.shutdown_grace_secs.unwrap_or(30),
                max_in_flight: file.limits.max_in_flight.unwrap_or(1024),
                tenant_rate: crate::limits::Rate {
                    per_second: file.limits.tenant_rate_per_sec.unwrap_or(500.0),
                    burst: file.limits.tenant_burst.unwrap_or(1000.0),
                },
                caller_rate: crate::limits::Rate {
                    per_second: file.limits.caller_rate_per_sec.unwrap_or(100.0),
                    burst: file.limits.caller_burst.unwrap_or(200.0),
                },
                sign_in_failures: crate::limits::Rate {
                    per_second: file.limits.sign_in_failures_per_min.unwrap_or(10.0) / 60.0,
                    burst: file.limits.sign_in_failure_burst.unwrap_or(30.0),
                },
            },
        };
        if !config.identity.builtin && config.identity.issuers.is_empty() {
            return Err(ConfigError::Invalid(
                "no identity provider: the built-in one is off (identity.builtin = false) and no [[identity.issuers]] is configured, so no token could ever be accepted".into(),
            ));
        }
        Ok(config)
    }
}

/// Every `MSCOMMERCE_*` variable this program reads (the service's and the CLI's), so that a
/// misspelt one can be reported instead of silently ignored.
pub const KNOWN_ENV: &[&str] = &[
    "MSCOMMERCE_CONFIG",
    "MSCOMMERCE_LISTEN",
    "MSCOMMERCE_DATA_DIR",
    "MSCOMMERCE_DATABASE_URL",
    "MSCOMMERCE_PUBLIC_URL",
    "MSCOMMERCE_LOG_JSON",
    "MSCOMMERCE_TLS_CERT",
    "MSCOMMERCE_TLS_KEY",
    "MSCOMMERCE_METRICS_LISTEN",
    "MSCOMMERCE_TRUSTED_PROXIES",
    "MSCOMMERCE_ALLOW_PRIVATE_WEBHOOKS",
    "MSCOMMERCE_LOG",
    "MSCOMMERCE_TOKEN",
    "MSCOMMERCE_LANG",
    "MSCOMMERCE_CONFIG_DIR",
    "MSCOMMERCE_CLIENT_SECRET",
    "MSCOMMERCE_PROFILE",
    "MSCOMMERCE_ENDPOINT",
    "MSCOMMERCE_OUTPUT",
    "MSCOMMERCE_TEST_POSTGRES_URL",
];

/// `MSCOMMERCE_*` variables in `vars` that this program does not know.
pub fn unknown_env<'a>(vars: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    vars.filter(|k| k.starts_with("MSCOMMERCE_") && !KNOWN_ENV.contains(k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors() {
        let e = FileConfig::parse("listen = \"127.0.0.1:1\"\nlisten_port = 3\n").unwrap_err();
        assert!(e.contains("listen_port"), "{e}");
        let e = FileConfig::parse("[identity]\nbuiltn = true\n").unwrap_err();
        assert!(e.contains("builtn"), "{e}");
    }

    #[test]
    fn flags_and_environment_win_over_the_file() {
        let file = FileConfig::parse(
            "listen = \"127.0.0.1:1000\"\ndata_dir = \"/from/file\"\n[limits]\nmax_body_bytes = 10\n",
        )
        .unwrap();
        let o = Overrides {
            listen: Some("127.0.0.1:2000".parse().unwrap()),
            ..Overrides::default()
        };
        let c = ServeConfig::resolve(file, o, "/default".into()).unwrap();
        assert_eq!(c.listen.port(), 2000);
        assert_eq!(c.data_dir, PathBuf::from("/from/file"));
        assert_eq!(c.limits.max_body_bytes, 10);
    }

    #[test]
    fn group_commit_is_on_unless_the_file_turns_it_off() {
        let c =
            ServeConfig::resolve(FileConfig::default(), Overrides::default(), "/d".into()).unwrap();
        assert!(c.store.group_commit);
        let file = FileConfig::parse("[store]\ngroup_commit = false\n").unwrap();
        let c = ServeConfig::resolve(file, Overrides::default(), "/d".into()).unwrap();
        assert!(!c.store.group_commit);
        let e = FileConfig::parse("[store]\ngroup_comit = false\n").unwrap_err();
        assert!(e.contains("group_comit"), "{e}");
    }

    #[test]
    fn demo_refuses_non_loopback() {
        let o = Overrides {
            listen: Some("0.0.0.0:8080".parse().unwrap()),
            demo: true,
            ..Overrides::default()
        };
        let e = ServeConfig::resolve(FileConfig::default(), o, "/d".into()).unwrap_err();
        assert!(e.to_string().contains("loopback"));
    }

    #[test]
    fn unknown_environment_variables_are_found() {
        let vars = ["MSCOMMERCE_LISTEN", "MSCOMMERCE_LISTN", "PATH"];
        assert_eq!(unknown_env(vars.into_iter()), ["MSCOMMERCE_LISTN"]);
    }
}
