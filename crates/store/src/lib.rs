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
//! - A write is acknowledged only once it is committed (on SQLite, possibly in a group with
//!   others: see [`StoreOptions::group_commit`]).
//! - Committed changes are announced on [`Store::changes`] (to other replicas too, on
//!   PostgreSQL), so caches of what reads answer can be dropped at once.

use async_trait::async_trait;
use mscommerce_domain::{
    AuditEntry, ETag, IfMatch, OfferType, PolicyId, PolicyValue, ProductId, ReadGrant, RequestIds,
    TenantId, WriteGrant,
};
use time::OffsetDateTime;
use uuid::Uuid;

mod catalog;
mod common;
pub mod directory;
mod engine;
pub mod license_requests;
mod policies;
pub mod postgres;
pub mod purchases;
mod sql;
pub mod sqlite;
pub mod webhooks;

pub use engine::SqlStore;
pub use license_requests::{
    LicenseRequestQuery, LicenseRequestRecord, LicenseRequestStore, NewLicenseRequest,
};
pub use purchases::{NewPurchase, PurchaseDenied, PurchaseQuery, PurchaseRecord, PurchaseStore};
pub use webhooks::{
    Attempt, DeliveryRecord, DeliveryStatus, DueDelivery, WebhookRecord, WebhookStore,
};

pub use directory::*;
pub use mscommerce_domain::Refusal;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Unknown product, offer type, tenant, user or app.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule (a second tenant with the same domain, a second user with the same UPN).
    #[error("already exists: {0}")]
    Conflict(String),
    /// The write rules refused the change (412, a value not allowed, a retired product, a target
    /// named twice in a batch): the request's fault, not the storage's.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// Item `index` of a batch was refused with `error`; nothing of the batch was applied.
    #[error("batch item {index}: {error}")]
    Item {
        index: usize,
        error: Box<StoreError>,
    },
    /// The batch's `default` part was refused with `error`; nothing of the batch was applied.
    #[error("batch default: {0}")]
    Default(Box<StoreError>),
    /// The tenant's policy denies the purchase or trial a storefront asked to record (409).
    #[error(transparent)]
    PurchaseDenied(#[from] purchases::PurchaseDenied),
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
    /// Retired products are left out of lists and refuse changes; reads by id still work.
    pub retired: bool,
    /// When the value last changed (`None`: never, since the row was made at the default).
    pub updated_at: Option<OffsetDateTime>,
}

/// One offer type's policy in one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferTypePolicyRecord {
    pub offer_type: OfferType,
    pub description: String,
    pub value: PolicyValue,
    pub version: i64,
    pub etag: ETag,
    /// When the value last changed (`None`: never).
    pub updated_at: Option<OffsetDateTime>,
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

/// What one item of a batch changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchTarget {
    /// A current or legacy product id.
    Product(ProductId),
    OfferType(OfferType),
}

/// One item of a batch: the target, the value it should have, and an optional `If-Match`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchChange {
    pub target: BatchTarget,
    pub value: PolicyValue,
    pub if_match: Option<IfMatch>,
}

/// The batch's change of the tenant's default, applied before its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultChange {
    pub value: PolicyValue,
    pub if_match: Option<IfMatch>,
}

/// A whole batch: optionally the default, then the items in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Batch {
    pub default: Option<DefaultChange>,
    pub items: Vec<BatchChange>,
}

/// What a batch did to one item (or the default): the row after the batch, and whether the batch
/// changed it (`false`: it already held the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchOutcome {
    Product {
        record: ProductPolicyRecord,
        changed: bool,
    },
    OfferType {
        record: OfferTypePolicyRecord,
        changed: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchResult {
    /// Present when the batch had a `default` part.
    pub default: Option<(TenantPolicyRecord, bool)>,
    /// One per item, in request order.
    pub items: Vec<BatchOutcome>,
}

/// A filtered page of a tenant's journal, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditQuery {
    pub policy: Option<PolicyId>,
    pub target: Option<AuditTargetFilter>,
    /// A user's UPN (case-insensitive) or object id, or an app's id.
    pub actor: Option<String>,
    /// Entries at or after this time.
    pub since: Option<OffsetDateTime>,
    /// Entries strictly before this time.
    pub until: Option<OffsetDateTime>,
    /// Entries with a sequence number below this one (the paging cursor).
    pub before_seq: Option<i64>,
    /// At most this many entries.
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditTargetFilter {
    /// Entries about this product; a legacy id also finds the entries of its current product.
    Product(ProductId),
    /// Entries about this offer type (case-insensitive).
    OfferType(OfferType),
    /// Entries about the tenant's default.
    Default,
}

/// A catalog product as the operator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogRecord {
    pub product: mscommerce_domain::CatalogProduct,
    pub retired: bool,
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

    /// One product; a legacy id resolves to its current product (an id resolves to a current
    /// product of that id, then to what a legacy mapping names, then to a retired product of that
    /// id). `NotFound` for unknown ids.
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
    /// - A change to a retired product: `Retired` (journaled as Failed, reason `ProductRetired`),
    ///   before `If-Match` is looked at; writing the value it holds still succeeds.
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

    /// Sets the tenant's default for products added to the catalog later; existing products keep
    /// their values. Any of the three values is allowed: a product without a trial without
    /// payment method starts Disabled under `OnlyTrialsWithoutPaymentMethod`. The same `If-Match`,
    /// no-op and journal rules as products (journal target `Default`).
    async fn set_default_value(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<TenantPolicyRecord>;

    /// Applies a batch in one transaction, all or nothing, under the tenant's write lock.
    ///
    /// Each item follows the rules of `set_product_policy` / `set_offer_type_policy`, in order
    /// (the default first). The first refused item stops the batch: nothing is applied, and the
    /// error is `Item { index, error }` (or `Default(error)`) with the error the single write
    /// would give, plus `Duplicate` for a target named twice. A refusal the single write journals
    /// (412, value not allowed, retired) is journaled the same way, as the only entry the batch
    /// leaves; unknown targets and duplicates are not journaled. Otherwise one Succeeded entry
    /// per target actually changed. Entry ids: `ctx.audit_id` for the first, then fresh v7 ids.
    async fn apply_batch(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        batch: &Batch,
        ctx: &WriteContext,
    ) -> Result<BatchResult>;

    /// Journals a change that was refused before it reached the store (403): the caller had no
    /// grant, so the entry comes ready-made, with `result` Failed.
    async fn journal_refusal(&self, entry: &AuditEntry) -> Result<()>;

    /// Several refusals of one tenant (a refused batch), in one transaction, in order.
    async fn journal_refusals(&self, entries: &[AuditEntry]) -> Result<()>;

    /// The tenant's journal, oldest first, read page by page with
    /// [`PolicyStore::journal_after`]. Only tests read a whole journal at once (`audit verify`
    /// pages), so it exists only with the `test-hooks` feature, which the product never enables.
    #[cfg(feature = "test-hooks")]
    async fn journal(&self, tenant: TenantId) -> Result<Vec<JournalRecord>> {
        const PAGE: u32 = 1_000;
        let mut all: Vec<JournalRecord> = Vec::new();
        loop {
            let after = all.last().map_or(0, |r| r.seq);
            let page = self.journal_after(tenant, after, PAGE).await?;
            let done = page.len() < PAGE as usize;
            all.extend(page);
            if done {
                return Ok(all);
            }
        }
    }

    /// The tenant's newest journal entry: its sequence number and hash (`None`: no journal).
    async fn journal_head(&self, tenant: TenantId) -> Result<Option<(i64, String)>>;

    /// Up to `limit` entries of the tenant's journal with `seq > after`, oldest first.
    async fn journal_after(
        &self,
        tenant: TenantId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<JournalRecord>>;

    /// The caller's tenant's journal, filtered, newest first (by `seq`), at most `query.limit`.
    async fn audit_log(&self, grant: &ReadGrant, query: &AuditQuery) -> Result<Vec<JournalRecord>>;
}

/// Where a tenant's hash chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The sequence number of the first entry that does not verify.
    pub seq: i64,
    pub problem: ChainProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// The sequence jumps: entries before this one were removed (or this one was renumbered).
    Gap { expected: i64 },
    /// The entry's `prev_hash` is not its predecessor's hash: an entry before it was removed or
    /// rewritten together with its own hash.
    Link { stored: String, expected: String },
    /// The entry's content no longer hashes to its stored hash: it was altered.
    Content { stored: String, computed: String },
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            ChainProblem::Gap { expected } => write!(
                f,
                "entry {} follows entry {}: entries are missing (removed or renumbered)",
                self.seq,
                expected - 1
            ),
            ChainProblem::Link { stored, expected } => write!(
                f,
                "entry {} links to {stored} but the entry before it hashes to {expected}: \
                 the previous entry was rewritten or removed",
                self.seq
            ),
            ChainProblem::Content { stored, computed } => write!(
                f,
                "entry {}'s content hashes to {computed}, not to its stored hash {stored}: \
                 the entry was altered",
                self.seq
            ),
        }
    }
}

/// Checks a tenant's chain entry by entry, oldest first (so it can run page by page).
#[derive(Debug, Clone)]
pub struct ChainCheck {
    next_seq: i64,
    head: String,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck {
            next_seq: 1,
            head: mscommerce_domain::audit::GENESIS_HASH.to_owned(),
        }
    }
}

impl ChainCheck {
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the next entry: its place, its link to the previous one, then its own hash.
    pub fn push(&mut self, r: &JournalRecord) -> Result<(), BrokenLink> {
        let broken = |problem| BrokenLink {
            seq: r.seq,
            problem,
        };
        if r.seq != self.next_seq {
            return Err(broken(ChainProblem::Gap {
                expected: self.next_seq,
            }));
        }
        if r.prev_hash != self.head {
            return Err(broken(ChainProblem::Link {
                stored: r.prev_hash.clone(),
                expected: self.head.clone(),
            }));
        }
        let computed = r.entry.chain_hash(r.seq, &r.prev_hash);
        if computed != r.hash {
            return Err(broken(ChainProblem::Content {
                stored: r.hash.clone(),
                computed,
            }));
        }
        self.next_seq += 1;
        self.head = r.hash.clone();
        Ok(())
    }

    /// How many entries verified so far.
    pub fn count(&self) -> i64 {
        self.next_seq - 1
    }

    /// The hash of the last verified entry (the genesis hash before any): record it elsewhere
    /// to detect a chain rewritten from the start or cut at the end.
    pub fn head(&self) -> &str {
        &self.head
    }
}

/// A stored journal entry with its place in the tenant's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRecord {
    pub seq: i64,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// How a store is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreOptions {
    /// SQLite: policy writes and journal refusals go through one writer task that commits up to
    /// [`sqlite::MAX_GROUP`] of them in one transaction (one fsync), each in its own savepoint,
    /// and answers their callers once that transaction is on disk. `false`: one transaction per
    /// write. PostgreSQL: no effect (its commits already share WAL flushes; see
    /// docs/decisions.md).
    pub group_commit: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { group_commit: true }
    }
}

/// Something changed that answers kept in memory may hold (see [`Store::changes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeNotice {
    /// A policy write changed this tenant's policies (a product, an offer type or its default).
    Tenant(TenantId),
    /// Only the tenant's journal grew (a refused change was journaled); its policies did not
    /// change.
    Journal(TenantId),
    /// The catalog changed: products added, renamed or retired, legacy ids mapped. Every
    /// tenant's lists may read differently.
    Catalog,
    /// Notices may have been missed (the change listener lost its connection and is back):
    /// anything may have changed.
    Everything,
}

/// Both traits, and the catalog and maintenance operations, behind one handle.
#[async_trait]
pub trait Store:
    PolicyStore + DirectoryStore + PurchaseStore + LicenseRequestStore + WebhookStore
{
    /// Notices of changes, for caches to drop what they hold: this process's own committed
    /// changes (sent once they are committed) and, on PostgreSQL, every other replica's (sent
    /// with `NOTIFY` in the writing transaction, so they arrive only if it commits; after the
    /// listener reconnects, [`ChangeNotice::Everything`]). A receiver that lags behind gets
    /// `RecvError::Lagged` and should treat it as `Everything`. Directory changes (users, apps,
    /// tokens) and refusals (which only add to the journal) send nothing.
    fn changes(&self) -> tokio::sync::broadcast::Receiver<ChangeNotice>;

    /// Creates the schema (migrations) if needed. Idempotent.
    async fn migrate(&self) -> Result<()>;

    /// Makes sure every product and offer type of `catalog` exists, and gives every existing tenant
    /// a row for any product that is new, at that tenant's default. Existing rows, names and
    /// values are left alone. Idempotent; run at every start.
    async fn sync_catalog(&self, catalog: &mscommerce_domain::Catalog) -> Result<()>;

    /// Whether the database answers (for `/healthz`).
    async fn ping(&self) -> Result<()>;

    /// How many write transactions this process committed and how many writes they held (SQLite
    /// with group commit: the groups' sizes, for the metrics); `None` where each write is its
    /// own transaction (PostgreSQL).
    fn commit_groups(&self) -> Option<(u64, u64)>;

    /// Every product of the catalog, retired ones included, by product id.
    async fn catalog_products(&self) -> Result<Vec<CatalogRecord>>;

    /// Adds a product, and in the same statement a row for it in every tenant at that tenant's
    /// default (Disabled instead of `OnlyTrialsWithoutPaymentMethod` when the product has no such
    /// trial). `Conflict` when the id is a product or a legacy id already, or a legacy id is
    /// mapped already or names a current product.
    async fn catalog_add(&self, product: &mscommerce_domain::CatalogProduct) -> Result<()>;

    /// Renames a product. `NotFound` for an unknown id.
    async fn catalog_rename(&self, product: &ProductId, name: &str) -> Result<()>;

    /// Retires a product: left out of lists, its policy frozen; reads by id still work.
    /// Returns `false` when it was retired already. `NotFound` for an unknown id.
    async fn catalog_retire(&self, product: &ProductId) -> Result<bool>;

    /// Maps `legacy` to `product` (or moves an existing mapping), so requests naming `legacy` act
    /// on `product`. `legacy` may be a retired product's id (its replacement), not a current one;
    /// `product` must be current. `NotFound` for an unknown product, `Conflict` otherwise.
    async fn catalog_map_legacy(&self, legacy: &ProductId, product: &ProductId) -> Result<()>;
}

/// Opens the store named by `url`: `sqlite://PATH` (or a bare path) or `postgres://...`.
pub async fn open(url: &str, options: &StoreOptions) -> Result<std::sync::Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        if options.group_commit {
            tracing::info!(
                "[store] group_commit has no effect on PostgreSQL: concurrent transactions \
                 already share WAL flushes (tune commit_delay / commit_siblings there)"
            );
        }
        Ok(std::sync::Arc::new(
            postgres::PostgresStore::connect(url).await?,
        ))
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        Ok(std::sync::Arc::new(
            sqlite::SqliteStore::open_with(std::path::Path::new(path), options).await?,
        ))
    }
}

#[cfg(test)]
mod tests {
    /// Each backend's list of migrations names every file of its directory, in order.
    #[test]
    fn every_migration_file_is_embedded() {
        for (dir, list) in [
            ("postgres", super::postgres::MIGRATIONS),
            ("sqlite", super::sqlite::MIGRATIONS),
        ] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(dir);
            let mut files: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            files.sort();
            let embedded: Vec<String> = list
                .iter()
                .map(|(v, d, _)| format!("{v:04}_{d}.sql"))
                .collect();
            assert_eq!(files, embedded);
        }
    }
}
