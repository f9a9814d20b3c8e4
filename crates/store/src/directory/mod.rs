//! The built-in identity provider's directory: tenants, users, apps, device codes, refresh
//! tokens. Secrets are stored only as hashes made by the identity crate (Argon2 for passwords and
//! client secrets, SHA-256 for high-entropy codes and tokens); the store never sees a plain secret.

use async_trait::async_trait;
use mscommerce_domain::{DomainName, TenantId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Result;

pub use mscommerce_domain::device_code::{DeviceCodeState, DevicePoll};
pub use mscommerce_domain::lockout::{FailureCounter, LockoutPolicy};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantRecord {
    pub id: TenantId,
    /// Tenants that only ever appeared in external (Entra ID) tokens have no domain here.
    pub domain: Option<DomainName>,
    pub display_name: String,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub tenant: TenantId,
    pub oid: Uuid,
    /// Unique across the directory, stored lower-case.
    pub upn: String,
    pub display_name: String,
    /// PHC string (Argon2id).
    pub password_hash: String,
    /// Directory role template ids.
    pub roles: Vec<String>,
    pub enabled: bool,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRecord {
    pub tenant: TenantId,
    /// The client id, unique within the tenant: a GUID or a name such as `contoso-automation`.
    pub client_id: String,
    /// The service principal's object id (the token's `oid`).
    pub oid: Uuid,
    pub display_name: String,
    /// PHC string (Argon2id) of the client secret, if it has one.
    pub secret_hash: Option<String>,
    /// PEM of the certificate (public key) whose signed client assertions it accepts, if any.
    pub certificate_pem: Option<String>,
    /// App permission values (`Policy.Read.AllowSelfServicePurchase`, ...).
    pub permissions: Vec<String>,
    /// Where the authorization code flow may send its users back (exact URIs; none: the app
    /// signs in with its own credentials only).
    pub redirect_uris: Vec<String>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCodeRecord {
    /// SHA-256 (hex) of the device code; the code itself is never stored.
    pub device_code_hash: String,
    /// What the user types, e.g. `BDWD-HQPK`; unique among live codes.
    pub user_code: String,
    pub tenant: TenantId,
    pub client_id: String,
    pub scope: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// Seconds a client must wait between polls; grows by 5 on every `slow_down`.
    pub interval: i64,
    pub last_poll_at: Option<OffsetDateTime>,
    pub state: DeviceCodeState,
    /// Who approved it.
    pub user_oid: Option<Uuid>,
    /// Failed sign-in attempts on the device page for this code (bounded by the identity layer).
    pub failed_attempts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshTokenRecord {
    /// SHA-256 (hex) of the token.
    pub token_hash: String,
    pub tenant: TenantId,
    pub user_oid: Uuid,
    pub client_id: String,
    pub scope: String,
    pub issued_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// The sign-in it descends from: the first token's family is new, a rotated token keeps its
    /// predecessor's. `None` only for tokens issued before families existed.
    pub family: Option<Uuid>,
}

/// What presenting a refresh token did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshRedemption {
    /// It was live: now it is spent (remembered, to tell a replay), and here it is.
    Redeemed(RefreshTokenRecord),
    /// It was spent already: a replay. Its whole family is revoked (`revoked` live tokens
    /// deleted; any stored later is refused).
    Replayed {
        family: Uuid,
        tenant: TenantId,
        user_oid: Uuid,
        client_id: String,
        revoked: u64,
    },
    /// Never issued, expired, or of a revoked family.
    Unknown,
}

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// `Conflict` when the id or the domain exists. Materializes the tenant's policy rows.
    async fn create_tenant(&self, tenant: &TenantRecord) -> Result<()>;
    /// By domain name (case-insensitive) or by tenant id (its hyphenated GUID).
    async fn find_tenant(&self, domain_or_id: &str) -> Result<Option<TenantRecord>>;
    async fn list_tenants(&self) -> Result<Vec<TenantRecord>>;

    /// `Conflict` when the UPN or the oid exists; `NotFound` when the tenant does not.
    async fn create_user(&self, user: &UserRecord) -> Result<()>;
    async fn find_user(&self, upn: &str) -> Result<Option<UserRecord>>;
    async fn find_user_by_oid(&self, tenant: TenantId, oid: Uuid) -> Result<Option<UserRecord>>;
    /// All users, or one tenant's, ordered by UPN.
    async fn list_users(&self, tenant: Option<TenantId>) -> Result<Vec<UserRecord>>;
    /// `NotFound` when there is no such user.
    async fn set_user_password(&self, upn: &str, password_hash: &str) -> Result<()>;
    async fn set_user_roles(&self, upn: &str, roles: &[String]) -> Result<()>;

    /// `Conflict` when the tenant has an app with that client id; `NotFound` for no tenant.
    async fn create_app(&self, app: &AppRecord) -> Result<()>;
    async fn find_app(&self, tenant: TenantId, client_id: &str) -> Result<Option<AppRecord>>;
    async fn list_apps(&self, tenant: Option<TenantId>) -> Result<Vec<AppRecord>>;
    /// Replaces the secret hash (`NotFound` for no app).
    async fn set_app_secret(
        &self,
        tenant: TenantId,
        client_id: &str,
        secret_hash: &str,
    ) -> Result<()>;

    async fn create_device_code(&self, record: &DeviceCodeRecord) -> Result<()>;
    /// A live (not expired at `now`, still pending) code by its user code, case-insensitive.
    async fn find_pending_device_code(
        &self,
        user_code: &str,
        now: OffsetDateTime,
    ) -> Result<Option<DeviceCodeRecord>>;
    /// Pending → Approved (by `user_oid`) or Declined. False when the code is not pending or has
    /// expired at `now`.
    async fn decide_device_code(
        &self,
        user_code: &str,
        approve: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<bool>;
    /// Counts a failed sign-in on the device page; returns the new count.
    async fn count_device_code_failure(&self, user_code: &str) -> Result<i64>;
    /// One poll, decided atomically (see [`DevicePoll`]); records `now` as the last poll.
    async fn poll_device_code(
        &self,
        device_code_hash: &str,
        now: OffsetDateTime,
    ) -> Result<DevicePoll>;

    async fn store_refresh_token(&self, record: &RefreshTokenRecord) -> Result<()>;

    /// Remembers a client assertion id until `expires_at`: `true` the first time, `false` when
    /// it is remembered already and not expired at `now` (a replay). Shared by every process on
    /// the database. Rows expired at `now` are deleted on the way.
    async fn remember_assertion(
        &self,
        jti_key: &str,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<bool>;
    /// Redeems a refresh token once (rotation), tells a replay of a spent one (and revokes its
    /// family), or answers `Unknown` (never issued, expired at `now`, revoked family). A token
    /// spent less than `grace` ago is redeemed again (`mscommerce_domain::rotation`).
    async fn take_refresh_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        grace: time::Duration,
    ) -> Result<RefreshRedemption>;

    /// Keeps a short-lived entry (an authorization code, a page session) under (`kind`, `key`)
    /// until `expires_at`, for every process on the database; replaces one with the same key.
    /// Expired entries of `kind` are deleted on the way.
    async fn put_short_lived(
        &self,
        kind: &str,
        key: &str,
        value: &str,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<()>;
    /// The entry, unless it expired at `now`.
    async fn short_lived(
        &self,
        kind: &str,
        key: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>>;
    /// Takes the entry out (once: of two processes taking it at once, one gets it), unless it
    /// expired at `now`.
    async fn take_short_lived(
        &self,
        kind: &str,
        key: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>>;

    /// Smart lockout's counters: the account's and the account's from `source`, as stored
    /// (`mscommerce_domain::lockout` decides what they mean at a given time).
    async fn sign_in_failures(&self, account: &str, source: &str) -> Result<SignInFailures>;
    /// Counts one failed sign-in of `account` from `source` at `now` (both counters, under the
    /// database's lock: two replicas counting at once both count); answers the counters after
    /// it. Rows that say nothing any more are deleted on the way.
    async fn record_sign_in_failure(
        &self,
        account: &str,
        source: &str,
        now: OffsetDateTime,
        policy: &LockoutPolicy,
    ) -> Result<SignInFailures>;
    /// A right password from `source`: forgets that source's counter, and the account's unless
    /// it is locked at `now`.
    async fn clear_sign_in_failures(
        &self,
        account: &str,
        source: &str,
        now: OffsetDateTime,
        policy: &LockoutPolicy,
    ) -> Result<()>;
}

/// An account's lockout counters: of all its sources, and of the one asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignInFailures {
    pub account: Option<FailureCounter>,
    pub source: Option<FailureCounter>,
}

pub(crate) mod statements;
