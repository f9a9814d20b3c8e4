//! Storage of policies, the audit journal and the built-in identity provider's directory.
//!
//! One trait per concern ([`PolicyStore`], [`DirectoryStore`]), one implementation per backend
//! ([`sqlite::SqliteStore`], [`postgres::PostgresStore`]), and one conformance suite (the crate's
//! integration tests) that runs against both, so the backends cannot drift apart.
//!
//! Rules every backend keeps:
//! - A tenant is whatever the verified token's `tid` says. A tenant the store has never seen reads as
//!   the catalog at the policy's built-in default; its rows are created (materialized) by its first
//!   write or by [`DirectoryStore::create_tenant`].
//! - Product rows are materialized per tenant, so a tenant's default applies to products added to
//!   the catalog *later* and never flips existing products.
//! - Every change and every refused change is journaled in the same transaction as the change.
//!   The journal is append-only (the database refuses UPDATE and DELETE) and hash-chained per
//!   tenant (see `mscommerce_domain::audit`).
//! - Writes are serialized per tenant and conditional (`If-Match`), so there are no lost updates.

use async_trait::async_trait;
use mscommerce_domain::{
    AuditEntry, ETag, IfMatch, OfferType, PolicyId, PolicyValue, ProductId, ReadGrant, RequestIds,
    TenantId, WriteGrant,
};
use time::OffsetDateTime;
use uuid::Uuid;

mod common;
pub mod directory;
pub mod postgres;
pub mod sqlite;

pub use directory::*;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Unknown product, offer type, tenant, user or app.
    #[error("not found")]
    NotFound,
    /// `If-Match` did not match and the requested state is not already in place.
    #[error("the resource changed since it was read (current ETag {current})")]
    PreconditionFailed { current: ETag },
    /// The value is not allowed for this product or offer type.
    #[error(
        "'{value}' is not allowed here; allowed values: {}",
        PolicyValue::list(allowed)
    )]
    ValueNotAllowed {
        value: PolicyValue,
        allowed: Vec<PolicyValue>,
    },
    /// A uniqueness rule (a second tenant with the same domain, a second user with the same UPN).
    #[error("already exists: {0}")]
    Conflict(String),
    /// The database is busy or out of reach; the caller may retry (503 + Retry-After).
    #[error("the database is busy or unavailable: {0}")]
    Unavailable(String),
    /// A row that breaks the store's own invariants, or a bug.
    #[error("store error: {0}")]
    Internal(String),
}

/// One product's policy in one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPolicyRecord {
    pub product_id: ProductId,
    pub product_name: String,
    pub trial_without_payment_method: bool,
    pub value: PolicyValue,
    /// Starts at 0 for rows that were never changed; +1 on every change.
    pub version: i64,
    pub etag: ETag,
}

/// One offer type's policy in one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferTypePolicyRecord {
    pub offer_type: OfferType,
    pub description: String,
    pub value: PolicyValue,
    pub version: i64,
    pub etag: ETag,
}

/// A tenant's settings of one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantPolicyRecord {
    pub policy: PolicyId,
    /// What products added to the catalog from now on start at.
    pub default_value: PolicyValue,
    pub version: i64,
    pub etag: ETag,
}

/// What a write needs besides its arguments: the time (from the injected clock) and the ids that
/// go into the journal.
#[derive(Debug, Clone)]
pub struct WriteContext {
    pub at: OffsetDateTime,
    pub ids: RequestIds,
    /// Id of the journal entry this write makes (UUID v7 from the caller, so it is time-ordered).
    pub audit_id: Uuid,
}

/// The ETag of a product row: opaque, and different across tenants and versions.
pub fn product_etag(tenant: TenantId, policy: PolicyId, product: &ProductId, version: i64) -> ETag {
    ETag::derive(
        &[
            &tenant.to_string(),
            policy.as_str(),
            "product",
            product.as_str(),
        ],
        version,
    )
}

/// The ETag of an offer-type row.
pub fn offer_type_etag(
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
    version: i64,
) -> ETag {
    ETag::derive(
        &[
            &tenant.to_string(),
            policy.as_str(),
            "offerType",
            &offer_type.as_str().to_ascii_lowercase(),
        ],
        version,
    )
}

/// The ETag of a tenant's policy settings.
pub fn policy_etag(tenant: TenantId, policy: PolicyId, version: i64) -> ETag {
    ETag::derive(&[&tenant.to_string(), policy.as_str(), "policy"], version)
}

/// Policies, as the licensing API reads and changes them. Read methods take a [`ReadGrant`] and
/// write methods a [`WriteGrant`]: the tenant comes from the grant, never from an argument.
#[async_trait]
pub trait PolicyStore: Send + Sync + std::fmt::Debug {
    /// The tenant's settings of `policy` (the built-in default for a tenant never seen).
    async fn policy(&self, grant: &ReadGrant, policy: PolicyId) -> Result<TenantPolicyRecord>;

    /// Every current (not retired) product of the catalog with the tenant's value, ordered by
    /// product name then id.
    async fn product_policies(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
    ) -> Result<Vec<ProductPolicyRecord>>;

    /// One product; a legacy id resolves to its current product. `NotFound` for unknown ids.
    async fn product_policy(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
        product: &ProductId,
    ) -> Result<ProductPolicyRecord>;

    /// Every offer type with the tenant's value, ordered by offer type.
    async fn offer_type_policies(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
    ) -> Result<Vec<OfferTypePolicyRecord>>;

    /// One offer type, matched case-insensitively. `NotFound` for unknown ones.
    async fn offer_type_policy(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
        offer_type: &OfferType,
    ) -> Result<OfferTypePolicyRecord>;

    /// Sets one product's value, in one transaction with its journal entry.
    ///
    /// - A legacy id acts on the current product. `NotFound` for unknown ids.
    /// - `OnlyTrialsWithoutPaymentMethod` on a product without such a trial: `ValueNotAllowed`
    ///   (journaled as Failed, reason `BadRequest`).
    /// - `if_match` that does not match: when the row already holds `value` the call succeeds and
    ///   changes nothing (a retried PUT is not a conflict); otherwise `PreconditionFailed`
    ///   (journaled as Failed, reason `PreconditionFailed`).
    /// - Setting the value it already has succeeds, keeps the version and journals nothing.
    /// - Otherwise: version + 1, journal entry Succeeded with old and new value.
    async fn set_product_policy(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        product: &ProductId,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<ProductPolicyRecord>;

    /// Sets one offer type's value; the same rules as products. Offer types take only Enabled and
    /// Disabled (`ValueNotAllowed` otherwise).
    async fn set_offer_type_policy(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        offer_type: &OfferType,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<OfferTypePolicyRecord>;

    /// Journals a change that was refused before it reached the store (403): the caller had no
    /// grant, so the entry comes ready-made, with `result` Failed.
    async fn journal_refusal(&self, entry: &AuditEntry) -> Result<()>;

    /// The tenant's journal, oldest first (reading with filters comes later; this serves tests
    /// and `audit verify`).
    async fn journal(&self, tenant: TenantId) -> Result<Vec<JournalRecord>>;
}

/// A stored journal entry with its place in the tenant's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRecord {
    pub seq: i64,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// Both traits, and the catalog and maintenance operations, behind one handle.
#[async_trait]
pub trait Store: PolicyStore + DirectoryStore {
    /// Creates the schema (migrations) if needed. Idempotent.
    async fn migrate(&self) -> Result<()>;

    /// Makes sure every product and offer type of `catalog` exists, and gives every existing tenant
    /// a row for any product that is new, at that tenant's default. Existing rows, names and
    /// values are left alone. Idempotent; run at every start.
    async fn sync_catalog(&self, catalog: &mscommerce_domain::Catalog) -> Result<()>;

    /// Whether the database answers (for `/healthz`).
    async fn ping(&self) -> Result<()>;
}

/// Opens the store named by `url`: `sqlite://PATH` (or a bare path) or `postgres://...`.
pub async fn open(url: &str) -> Result<std::sync::Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(std::sync::Arc::new(
            postgres::PostgresStore::connect(url).await?,
        ))
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        Ok(std::sync::Arc::new(
            sqlite::SqliteStore::open(std::path::Path::new(path)).await?,
        ))
    }
}
