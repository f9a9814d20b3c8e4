//! SQLite backend: one file, WAL, `synchronous=FULL`.
//!
//! Two pools on the same file: a *writer* pool of exactly one connection, whose transactions all
//! start with `BEGIN IMMEDIATE` (a deferred transaction that reads and then writes gets
//! `SQLITE_BUSY` without the busy handler ever being consulted), and a pool of read-only *reader*
//! connections, which WAL lets run beside the writer. Within one process the writer pool queues
//! writers; another process on the same file waits on `busy_timeout`. Either wait ending is
//! `StoreError::Unavailable`.
//!
//! Holding the only write lock of the file is what serializes a tenant's writes here, so the
//! hash chain and the conditional updates need no further locking.
//!
//! **Group commit** (on unless [`StoreOptions::group_commit`] is false): every write that
//! appends to the journal (policy writes, batches, refusals) is queued for one writer task. It
//! takes what is queued (up to [`MAX_GROUP`]), runs the writes in one `BEGIN IMMEDIATE`
//! transaction, commits once (one fsync for the group) and only then answers the callers. A
//! refusal keeps its journal entry, exactly as in a transaction of its own; writes of one tenant
//! chain in queue order; a write that fails before writing anything (a 404) just answers its
//! error, and one that fails after writing makes the group run again with a savepoint per
//! write, so that it is rolled back alone. Without group commit each write is its own
//! transaction, on the same code. Directory and catalog writes always take the writer
//! connection directly.
//!
//! Every statement is a round trip to sqlx's SQLite thread (two thread switches), which costs
//! more than SQLite itself: a product write reads its row and chain head in one query and
//! sends its UPDATE and journal INSERT as one statement list.

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use futures::FutureExt as _;
use mscommerce_domain::audit::GENESIS_HASH;
use mscommerce_domain::{
    Actor, AuditEntry, AuditTarget, Catalog, CatalogProduct, DomainName, IfMatch, OfferType,
    PolicyId, PolicyValue, ProductId, ReadGrant, RequestIds, TenantId, WriteGrant,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Connection as _, QueryBuilder, Row, Sqlite};
use time::OffsetDateTime;
use tokio::sync::{broadcast, mpsc, oneshot};
use uuid::Uuid;

use crate::common::{self, ActorFilter, Decision, PollRow, Step, from_micros, micros};
use crate::{
    AppRecord, AuditQuery, AuditTargetFilter, Batch, BatchOutcome, BatchResult, BatchTarget,
    CatalogRecord, ChangeNotice, DeviceCodeRecord, DevicePoll, DirectoryStore, JournalRecord,
    OfferTypePolicyRecord, PolicyStore, ProductPolicyRecord, RefreshTokenRecord, Result, Store,
    StoreError, StoreOptions, TenantPolicyRecord, TenantRecord, UserRecord, WriteContext,
};

/// The most writes one group commits together.
pub const MAX_GROUP: usize = 256;
/// Writes waiting for the writer task, at most; callers beyond wait to queue (back-pressure).
const QUEUE: usize = 4 * MAX_GROUP;
/// Change notices a slow receiver may fall behind by before it hears `Lagged`.
const NOTICES: usize = 1024;

/// How long a writer waits for another process's write lock, and any caller for a connection.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const READERS: u32 = 4;

/// The migrations, embedded. A unit test checks that this list and `migrations/sqlite/` agree.
pub(crate) const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../migrations/sqlite/0001_init.sql"),
    ),
    (
        2,
        "audit_indexes",
        include_str!("../migrations/sqlite/0002_audit_indexes.sql"),
    ),
];

#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    /// The writer task's queue; `None`: one transaction per write.
    queue: Option<mpsc::Sender<Job>>,
    notices: broadcast::Sender<ChangeNotice>,
    stats: Arc<GroupStats>,
}

/// `sqlx::Error` → `StoreError`, by SQLite's result codes.
fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(db) => {
            let code = db
                .code()
                .and_then(|c| c.parse::<i32>().ok())
                .unwrap_or_default();
            // Primary result code: the low byte of the extended one.
            match code & 0xff {
                // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
                5 | 6 | 10 | 13 | 14 => StoreError::Unavailable(db.message().to_owned()),
                _ => match db.kind() {
                    sqlx::error::ErrorKind::UniqueViolation => {
                        StoreError::Conflict(db.message().to_owned())
                    }
                    sqlx::error::ErrorKind::ForeignKeyViolation => StoreError::NotFound,
                    _ => StoreError::Internal(db.message().to_owned()),
                },
            }
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(e.to_string())
        }
        other => StoreError::Internal(other.to_string()),
    }
}

trait Db<T> {
    fn db(self) -> Result<T>;
}

impl<T> Db<T> for std::result::Result<T, sqlx::Error> {
    fn db(self) -> Result<T> {
        self.map_err(map_err)
    }
}

fn get<'r, T>(row: &'r SqliteRow, col: &str) -> Result<T>
where
    T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    row.try_get(col).db()
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path`, with group commit. Call
    /// [`Store::migrate`] next.
    pub async fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, &StoreOptions::default()).await
    }

    /// Opens the database file at `path` with `options`. Must run inside a Tokio runtime (the
    /// writer task is spawned on it).
    pub async fn open_with(path: &Path, options: &StoreOptions) -> Result<Self> {
        let base = SqliteConnectOptions::new()
            .filename(path)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true)
            .synchronous(SqliteSynchronous::Full);
        // The writer connects first: it creates the file and switches it to WAL (a persistent
        // setting), which the read-only connections then find.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(BUSY_TIMEOUT)
            .connect_with(
                base.clone()
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal),
            )
            .await
            .db()?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .acquire_timeout(BUSY_TIMEOUT)
            .connect_with(base.read_only(true))
            .await
            .db()?;
        let (notices, _) = broadcast::channel(NOTICES);
        let stats = Arc::new(GroupStats::default());
        let queue = options.group_commit.then(|| {
            let (queue, jobs) = mpsc::channel(QUEUE);
            tokio::spawn(write_loop(
                writer.clone(),
                jobs,
                notices.clone(),
                stats.clone(),
            ));
            queue
        });
        Ok(SqliteStore {
            writer,
            reader,
            queue,
            notices,
            stats,
        })
    }

    /// Closes both pools (waits for connections in use to come back).
    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }

    /// Test hook: runs one statement on the writer connection, outside the store's rules.
    #[doc(hidden)]
    pub async fn raw_execute(&self, sql: &str) -> Result<u64> {
        Ok(sqlx::query(AssertSqlSafe(sql.to_owned()))
            .execute(&self.writer)
            .await
            .db()?
            .rows_affected())
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.writer.begin_with("BEGIN IMMEDIATE").await.db()
    }
}

// ---------------------------------------------------------------------------------------------
// Building blocks used inside write transactions.

/// Creates the tenant's row and its policy rows (every product at the built-in default, version
/// 0) unless the tenant exists. Returns whether it created them.
async fn materialize(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    domain: Option<&str>,
    display_name: &str,
    created_at: OffsetDateTime,
) -> Result<bool> {
    let t = tenant.to_string();
    let inserted = sqlx::query(
        "INSERT INTO tenants (id, domain, display_name, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&t)
    .bind(domain)
    .bind(display_name)
    .bind(micros(created_at)?)
    .execute(&mut *conn)
    .await
    .db()?
    .rows_affected()
        == 1;
    if !inserted {
        return Ok(false);
    }
    for policy in PolicyId::ALL {
        let default = policy.builtin_default().as_str();
        sqlx::query(
            "INSERT INTO tenant_policies (tenant, policy_id, default_value, version)
             VALUES (?1, ?2, ?3, 0)",
        )
        .bind(&t)
        .bind(policy.as_str())
        .bind(default)
        .execute(&mut *conn)
        .await
        .db()?;
        sqlx::query(
            "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
             SELECT ?1, ?2, product_id, ?3, 0 FROM products",
        )
        .bind(&t)
        .bind(policy.as_str())
        .bind(default)
        .execute(&mut *conn)
        .await
        .db()?;
        sqlx::query(
            "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
             SELECT ?1, ?2, offer_type_key, ?3, 0 FROM offer_types",
        )
        .bind(&t)
        .bind(policy.as_str())
        .bind(common::offer_type_default(policy).as_str())
        .execute(&mut *conn)
        .await
        .db()?;
    }
    Ok(true)
}

/// Where a tenant's chain ends: the next entry gets `seq + 1` and links to `hash`.
#[derive(Debug, Clone)]
struct ChainHead {
    /// The last entry's sequence number (0: no entry yet).
    seq: i64,
    hash: String,
}

impl ChainHead {
    fn from_columns(seq: Option<i64>, hash: Option<String>) -> ChainHead {
        match (seq, hash) {
            (Some(seq), Some(hash)) => ChainHead { seq, hash },
            _ => ChainHead {
                seq: 0,
                hash: GENESIS_HASH.to_owned(),
            },
        }
    }
}

/// The tenant's chain head, read under the write lock.
async fn chain_head(conn: &mut SqliteConnection, tenant: TenantId) -> Result<ChainHead> {
    let row =
        sqlx::query("SELECT seq, hash FROM audit_log WHERE tenant = ?1 ORDER BY seq DESC LIMIT 1")
            .bind(tenant.to_string())
            .fetch_optional(&mut *conn)
            .await
            .db()?;
    Ok(match row {
        Some(r) => ChainHead {
            seq: get(&r, "seq")?,
            hash: get(&r, "hash")?,
        },
        None => ChainHead::from_columns(None, None),
    })
}

/// The INSERT of a journal entry, up to its VALUES.
macro_rules! insert_entry {
    () => {
        "INSERT INTO audit_log (tenant, seq, id, at, actor_kind, actor_oid, actor_upn,
             actor_app_id, policy_id, target_kind, target_id, old_value, new_value, result,
             reason, request_id, correlation_id, client_request_id, prev_hash, hash)"
    };
}

/// A journal entry on its own: parameters `?1`..`?20`.
const INSERT_ENTRY: &str = concat!(
    insert_entry!(),
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
        ?19, ?20)"
);

/// A journal entry after an UPDATE of up to six parameters in the same statement list, so that
/// a change and its entry cost one round trip to the database: parameters `?7`..`?26`.
macro_rules! insert_entry_after_update {
    () => {
        concat!(
            insert_entry!(),
            " VALUES (?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                ?22, ?23, ?24, ?25, ?26)"
        )
    };
}

/// A product row's change (`?1` value, `?2` time, `?3` tenant, `?4` policy, `?5` product, `?6`
/// the version read) and its journal entry.
const CHANGE_PRODUCT: &str = concat!(
    "UPDATE product_policies SET value = ?1, version = version + 1, updated_at = ?2
     WHERE tenant = ?3 AND policy_id = ?4 AND product_id = ?5 AND version = ?6;\n",
    insert_entry_after_update!()
);

/// An offer type row's change (as products, `?5` the offer type key) and its journal entry.
const CHANGE_OFFER_TYPE: &str = concat!(
    "UPDATE offer_type_policies SET value = ?1, version = version + 1, updated_at = ?2
     WHERE tenant = ?3 AND policy_id = ?4 AND offer_type_key = ?5 AND version = ?6;\n",
    insert_entry_after_update!()
);

/// The default's change (`?1` value, `?2` tenant, `?3` policy, `?4` the version read; `?5` and
/// `?6` unused) and its journal entry.
const CHANGE_DEFAULT: &str = concat!(
    "UPDATE tenant_policies SET default_value = ?1, version = version + 1
     WHERE tenant = ?2 AND policy_id = ?3 AND version = ?4;\n",
    insert_entry_after_update!()
);

type Query<'q> = sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>;

/// `entry` as it joins the chain after `head`: its time cut to what is stored, its sequence
/// number and its hash.
fn link(entry: &AuditEntry, head: &ChainHead) -> Result<(AuditEntry, i64, String)> {
    common::check_entry(entry)?;
    let mut entry = entry.clone();
    entry.at = common::truncate_micros(entry.at)?;
    let seq = head.seq + 1;
    let hash = entry.chain_hash(seq, &head.hash);
    Ok((entry, seq, hash))
}

/// Binds a linked entry's twenty columns, in order, after whatever `q` has bound already.
fn bind_entry<'q>(
    q: Query<'q>,
    entry: &AuditEntry,
    seq: i64,
    prev_hash: &str,
    hash: &str,
) -> Result<Query<'q>> {
    Ok(q.bind(entry.tenant.to_string())
        .bind(seq)
        .bind(entry.id.to_string())
        .bind(micros(entry.at)?)
        .bind(entry.actor.kind.as_str())
        .bind(entry.actor.oid.map(|o| o.to_string()))
        .bind(entry.actor.upn.clone())
        .bind(entry.actor.app_id.clone())
        .bind(entry.policy.as_str())
        .bind(entry.target.kind())
        .bind(entry.target.id().to_owned())
        .bind(entry.old_value.map(PolicyValue::as_str))
        .bind(entry.new_value.map(PolicyValue::as_str))
        .bind(entry.result.as_str())
        .bind(entry.reason.clone())
        .bind(entry.ids.request_id.clone())
        .bind(entry.ids.correlation_id.clone())
        .bind(entry.ids.client_request_id.clone())
        .bind(prev_hash.to_owned())
        .bind(hash.to_owned()))
}

/// Appends `entry` to its tenant's chain. The caller holds the write lock.
async fn append(conn: &mut SqliteConnection, entry: &AuditEntry) -> Result<()> {
    let head = chain_head(conn, entry.tenant).await?;
    let (entry, seq, hash) = link(entry, &head)?;
    bind_entry(sqlx::query(INSERT_ENTRY), &entry, seq, &head.hash, &hash)?
        .execute(&mut *conn)
        .await
        .db()?;
    Ok(())
}

/// Runs `change` (one of the `CHANGE_*` statement pairs, its first six parameters bound) with
/// `entry` appended after `head` (read now when not known): one round trip to the database.
/// The UPDATE must change exactly one row (it is conditional on the version read under the
/// write lock: belt and braces); otherwise the caller's transaction or savepoint is rolled
/// back, the entry with it.
async fn change_and_append(
    conn: &mut SqliteConnection,
    change: Query<'_>,
    entry: &AuditEntry,
    head: Option<ChainHead>,
) -> Result<()> {
    let head = match head {
        Some(h) => h,
        None => chain_head(conn, entry.tenant).await?,
    };
    let (entry, seq, hash) = link(entry, &head)?;
    let rows = bind_entry(change, &entry, seq, &head.hash, &hash)?
        .execute(&mut *conn)
        .await
        .db()?
        .rows_affected();
    if rows != 2 {
        return Err(StoreError::Internal(format!(
            "the {} policy row {} changed under the write lock",
            entry.target.kind(),
            entry.target.id()
        )));
    }
    Ok(())
}

fn journal_record(r: &SqliteRow) -> Result<JournalRecord> {
    let tenant = common::parse_tenant(&get::<String>(r, "tenant")?)?;
    let kind = common::parse_actor_kind(&get::<String>(r, "actor_kind")?)?;
    let oid = get::<Option<String>>(r, "actor_oid")?
        .map(|o| common::parse_uuid(&o))
        .transpose()?;
    let entry = AuditEntry {
        id: common::parse_uuid(&get::<String>(r, "id")?)?,
        at: from_micros(get(r, "at")?)?,
        tenant,
        actor: Actor {
            tenant,
            kind,
            oid,
            upn: get(r, "actor_upn")?,
            app_id: get(r, "actor_app_id")?,
        },
        policy: common::parse_policy(&get::<String>(r, "policy_id")?)?,
        target: common::parse_target(
            &get::<String>(r, "target_kind")?,
            &get::<String>(r, "target_id")?,
        )?,
        old_value: common::parse_opt_value(get::<Option<String>>(r, "old_value")?.as_deref())?,
        new_value: common::parse_opt_value(get::<Option<String>>(r, "new_value")?.as_deref())?,
        result: common::parse_result(&get::<String>(r, "result")?)?,
        reason: get(r, "reason")?,
        ids: RequestIds {
            request_id: get(r, "request_id")?,
            correlation_id: get(r, "correlation_id")?,
            client_request_id: get(r, "client_request_id")?,
        },
    };
    Ok(JournalRecord {
        seq: get(r, "seq")?,
        entry,
        prev_hash: get(r, "prev_hash")?,
        hash: get(r, "hash")?,
    })
}

// ---------------------------------------------------------------------------------------------
// Policy reads. An unknown tenant has no rows: the LEFT JOINs fall back to the built-in default
// and version 0, which is exactly what materializing would create.

/// `?1` tenant, `?2` policy, `?3` built-in default, `?4` product id. The id resolves to a current
/// product of that id first, then to the product a legacy id maps to, then to a retired product
/// of that id (so mapping a retired product's id to its replacement redirects it). `$extra`:
/// more columns.
macro_rules! select_product {
    ($extra:expr) => {
        concat!(
            "
    WITH r AS (
        SELECT product_id, CASE WHEN retired = 0 THEN 0 ELSE 2 END AS pref
            FROM products WHERE product_id = ?4
        UNION ALL
        SELECT product_id, 1 AS pref FROM legacy_product_ids WHERE legacy_id = ?4
        ORDER BY pref LIMIT 1
    )
    SELECT p.product_id, p.name, p.trial_without_payment_method, p.retired,
           COALESCE(pp.value, ",
            common::start_value_sql!(),
            ", ?3) AS value,
           COALESCE(pp.version, 0) AS version",
            $extra,
            "
    FROM r
    JOIN products p ON p.product_id = r.product_id
    LEFT JOIN tenant_policies tp ON tp.tenant = ?1 AND tp.policy_id = ?2
    LEFT JOIN product_policies pp
        ON pp.tenant = ?1 AND pp.policy_id = ?2 AND pp.product_id = p.product_id"
        )
    };
}

const SELECT_PRODUCT: &str = select_product!("");

/// [`SELECT_PRODUCT`] for a write: also whether the tenant's row exists and where its chain
/// ends, so that the usual write reads nothing else.
const SELECT_PRODUCT_FOR_WRITE: &str = select_product!(
    ", pp.version IS NOT NULL AS has_row,
           (SELECT seq FROM audit_log WHERE tenant = ?1 ORDER BY seq DESC LIMIT 1) AS head_seq,
           (SELECT hash FROM audit_log WHERE tenant = ?1 ORDER BY seq DESC LIMIT 1) AS head_hash"
);

const SELECT_PRODUCTS: &str = concat!(
    "
    SELECT p.product_id, p.name, p.trial_without_payment_method, p.retired,
           COALESCE(pp.value, ",
    common::start_value_sql!(),
    ", ?3) AS value,
           COALESCE(pp.version, 0) AS version
    FROM products p
    LEFT JOIN tenant_policies tp ON tp.tenant = ?1 AND tp.policy_id = ?2
    LEFT JOIN product_policies pp
        ON pp.tenant = ?1 AND pp.policy_id = ?2 AND pp.product_id = p.product_id
    WHERE p.retired = 0
    ORDER BY p.name, p.product_id"
);

/// `?1` tenant, `?2` policy, `?3` the offer types' default, `?4` lower-case key.
const SELECT_OFFER_TYPE: &str = "
    SELECT o.offer_type, o.description,
           COALESCE(op.value, ?3) AS value, COALESCE(op.version, 0) AS version,
           op.version IS NOT NULL AS has_row
    FROM offer_types o
    LEFT JOIN offer_type_policies op
        ON op.tenant = ?1 AND op.policy_id = ?2 AND op.offer_type_key = o.offer_type_key
    WHERE o.offer_type_key = ?4";

const SELECT_OFFER_TYPES: &str = "
    SELECT o.offer_type, o.description,
           COALESCE(op.value, ?3) AS value, COALESCE(op.version, 0) AS version
    FROM offer_types o
    LEFT JOIN offer_type_policies op
        ON op.tenant = ?1 AND op.policy_id = ?2 AND op.offer_type_key = o.offer_type_key
    ORDER BY o.offer_type_key";

fn product_row(r: &SqliteRow, tenant: TenantId, policy: PolicyId) -> Result<ProductPolicyRecord> {
    Ok(common::product_record(
        tenant,
        policy,
        common::ProductColumns {
            product_id: common::parse_product(&get::<String>(r, "product_id")?)?,
            product_name: get(r, "name")?,
            trial_without_payment_method: get(r, "trial_without_payment_method")?,
            retired: get(r, "retired")?,
            value: common::parse_value(&get::<String>(r, "value")?)?,
            version: get(r, "version")?,
        },
    ))
}

fn offer_type_row(
    r: &SqliteRow,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<OfferTypePolicyRecord> {
    Ok(common::offer_type_record(
        tenant,
        policy,
        common::parse_offer_type(&get::<String>(r, "offer_type")?)?,
        get(r, "description")?,
        common::parse_value(&get::<String>(r, "value")?)?,
        get(r, "version")?,
    ))
}

async fn read_product(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<ProductPolicyRecord>> {
    sqlx::query(SELECT_PRODUCT)
        .bind(tenant.to_string())
        .bind(policy.as_str())
        .bind(policy.builtin_default().as_str())
        .bind(product.as_str())
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| product_row(&r, tenant, policy))
        .transpose()
}

/// [`read_product`] under the write lock, and, when the tenant's row exists (it is then the row
/// a write acts on, with nothing to materialize first), where the tenant's chain ends.
async fn read_product_for_write(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<(ProductPolicyRecord, Option<ChainHead>)>> {
    sqlx::query(SELECT_PRODUCT_FOR_WRITE)
        .bind(tenant.to_string())
        .bind(policy.as_str())
        .bind(policy.builtin_default().as_str())
        .bind(product.as_str())
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| {
            let head = if get::<bool>(&r, "has_row")? {
                Some(ChainHead::from_columns(
                    get(&r, "head_seq")?,
                    get(&r, "head_hash")?,
                ))
            } else {
                None
            };
            Ok((product_row(&r, tenant, policy)?, head))
        })
        .transpose()
}

async fn read_offer_type(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<OfferTypePolicyRecord>> {
    Ok(read_offer_type_row(conn, tenant, policy, offer_type)
        .await?
        .map(|(r, _)| r))
}

/// [`read_offer_type`], and whether the tenant's row exists.
async fn read_offer_type_row(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<(OfferTypePolicyRecord, bool)>> {
    sqlx::query(SELECT_OFFER_TYPE)
        .bind(tenant.to_string())
        .bind(policy.as_str())
        .bind(common::offer_type_default(policy).as_str())
        .bind(common::offer_type_key(offer_type))
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| {
            Ok((
                offer_type_row(&r, tenant, policy)?,
                get::<bool>(&r, "has_row")?,
            ))
        })
        .transpose()
}

/// Makes sure the tenant's row for `product_id` exists, at the tenant's default. Defensive:
/// materialization and `sync_catalog` already guarantee it, so this is normally a no-op.
async fn ensure_product_row(
    conn: &mut SqliteConnection,
    tenant: &str,
    policy: PolicyId,
    product_id: &str,
) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
         SELECT tp.tenant, tp.policy_id, p.product_id, ",
        common::start_value_sql!(),
        ", 0 FROM tenant_policies tp JOIN products p ON p.product_id = ?3
         WHERE tp.tenant = ?1 AND tp.policy_id = ?2
         ON CONFLICT DO NOTHING"
    ))
    .bind(tenant)
    .bind(policy.as_str())
    .bind(product_id)
    .execute(&mut *conn)
    .await
    .db()?;
    Ok(())
}

async fn ensure_offer_type_row(
    conn: &mut SqliteConnection,
    tenant: &str,
    policy: PolicyId,
    key: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
         VALUES (?1, ?2, ?3, ?4, 0)
         ON CONFLICT DO NOTHING",
    )
    .bind(tenant)
    .bind(policy.as_str())
    .bind(key)
    .bind(common::offer_type_default(policy).as_str())
    .execute(&mut *conn)
    .await
    .db()?;
    Ok(())
}

/// One new product's row in every tenant, each at its own default, in one statement (the
/// `WHERE true` settles SQLite's upsert parsing ambiguity).
async fn add_product_rows(conn: &mut SqliteConnection, product_id: &str) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
         SELECT tp.tenant, tp.policy_id, p.product_id, ",
        common::start_value_sql!(),
        ", 0 FROM tenant_policies tp JOIN products p ON p.product_id = ?1 WHERE true
         ON CONFLICT DO NOTHING"
    ))
    .bind(product_id)
    .execute(&mut *conn)
    .await
    .db()?;
    Ok(())
}

async fn read_policy(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<TenantPolicyRecord> {
    let row = sqlx::query(
        "SELECT default_value, version FROM tenant_policies WHERE tenant = ?1 AND policy_id = ?2",
    )
    .bind(tenant.to_string())
    .bind(policy.as_str())
    .fetch_optional(&mut *conn)
    .await
    .db()?;
    Ok(match row {
        Some(r) => common::policy_record(
            tenant,
            policy,
            common::parse_value(&get::<String>(&r, "default_value")?)?,
            get(&r, "version")?,
        ),
        None => common::policy_record(tenant, policy, policy.builtin_default(), 0),
    })
}

/// The product `product` (current or legacy id) names, with the tenant's row made sure of. The
/// caller holds the write lock and has materialized the tenant.
async fn current_product(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<ProductPolicyRecord>> {
    let Some(found) = read_product(conn, tenant, policy, product).await? else {
        return Ok(None);
    };
    ensure_product_row(conn, &tenant.to_string(), policy, found.product_id.as_str()).await?;
    read_product(conn, tenant, policy, &found.product_id).await
}

async fn current_offer_type(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<OfferTypePolicyRecord>> {
    if read_offer_type(conn, tenant, policy, offer_type)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let key = common::offer_type_key(offer_type);
    ensure_offer_type_row(conn, &tenant.to_string(), policy, &key).await?;
    read_offer_type(conn, tenant, policy, offer_type).await
}

/// A row read under the write lock, and where the tenant's chain ends when that was read with it.
struct Current<R> {
    row: R,
    head: Option<ChainHead>,
}

impl<R> Current<R> {
    fn row(row: R) -> Self {
        Current { row, head: None }
    }
}

/// Applies `value` to a product row read under the write lock. A change updates the row
/// (conditional on the version read: belt and braces) and appends its entry, in one round trip;
/// a refusal's entry is left to the caller.
async fn write_product(
    conn: &mut SqliteConnection,
    grant: &WriteGrant,
    policy: PolicyId,
    current: Current<ProductPolicyRecord>,
    value: PolicyValue,
    if_match: Option<&IfMatch>,
    ctx: &WriteContext,
) -> Result<Step<ProductPolicyRecord>> {
    let Current { row: current, head } = current;
    let target = AuditTarget::Product(current.product_id.clone());
    match common::decide_product(&current, value, if_match) {
        Decision::Unchanged => Ok(Step::Done {
            record: current,
            changed: false,
        }),
        Decision::Refuse { reason, error } => Ok(Step::Refused {
            entry: Box::new(common::write_entry(
                grant,
                policy,
                target,
                current.value,
                value,
                Some(reason),
                ctx,
            )),
            error,
        }),
        Decision::Change => {
            let change = sqlx::query(CHANGE_PRODUCT)
                .bind(value.as_str())
                .bind(micros(ctx.at)?)
                .bind(grant.tenant().to_string())
                .bind(policy.as_str())
                .bind(current.product_id.as_str().to_owned())
                .bind(current.version);
            let entry = common::write_entry(grant, policy, target, current.value, value, None, ctx);
            change_and_append(conn, change, &entry, head).await?;
            Ok(Step::Done {
                record: common::product_changed(grant.tenant(), policy, current, value),
                changed: true,
            })
        }
    }
}

async fn write_offer_type(
    conn: &mut SqliteConnection,
    grant: &WriteGrant,
    policy: PolicyId,
    current: OfferTypePolicyRecord,
    value: PolicyValue,
    if_match: Option<&IfMatch>,
    ctx: &WriteContext,
) -> Result<Step<OfferTypePolicyRecord>> {
    let target = AuditTarget::OfferType(current.offer_type.clone());
    match common::decide(
        current.value,
        &current.etag,
        value,
        PolicyValue::FOR_OFFER_TYPES.to_vec(),
        if_match,
    ) {
        Decision::Unchanged => Ok(Step::Done {
            record: current,
            changed: false,
        }),
        Decision::Refuse { reason, error } => Ok(Step::Refused {
            entry: Box::new(common::write_entry(
                grant,
                policy,
                target,
                current.value,
                value,
                Some(reason),
                ctx,
            )),
            error,
        }),
        Decision::Change => {
            let change = sqlx::query(CHANGE_OFFER_TYPE)
                .bind(value.as_str())
                .bind(micros(ctx.at)?)
                .bind(grant.tenant().to_string())
                .bind(policy.as_str())
                .bind(common::offer_type_key(&current.offer_type))
                .bind(current.version);
            let entry = common::write_entry(grant, policy, target, current.value, value, None, ctx);
            change_and_append(conn, change, &entry, None).await?;
            Ok(Step::Done {
                record: common::offer_type_changed(grant.tenant(), policy, current, value),
                changed: true,
            })
        }
    }
}

/// Applies `value` as the tenant's default (the tenant is materialized, the lock held).
async fn write_default(
    conn: &mut SqliteConnection,
    grant: &WriteGrant,
    policy: PolicyId,
    value: PolicyValue,
    if_match: Option<&IfMatch>,
    ctx: &WriteContext,
) -> Result<Step<TenantPolicyRecord>> {
    let tenant = grant.tenant();
    let current = read_policy(conn, tenant, policy).await?;
    match common::decide(
        current.default_value,
        &current.etag,
        value,
        PolicyValue::ALL.to_vec(),
        if_match,
    ) {
        Decision::Unchanged => Ok(Step::Done {
            record: current,
            changed: false,
        }),
        Decision::Refuse { reason, error } => Ok(Step::Refused {
            entry: Box::new(common::write_entry(
                grant,
                policy,
                AuditTarget::Default,
                current.default_value,
                value,
                Some(reason),
                ctx,
            )),
            error,
        }),
        Decision::Change => {
            let change = sqlx::query(CHANGE_DEFAULT)
                .bind(value.as_str())
                .bind(tenant.to_string())
                .bind(policy.as_str())
                .bind(current.version)
                .bind(None::<i64>)
                .bind(None::<i64>);
            let entry = common::write_entry(
                grant,
                policy,
                AuditTarget::Default,
                current.default_value,
                value,
                None,
                ctx,
            );
            change_and_append(conn, change, &entry, None).await?;
            Ok(Step::Done {
                record: common::policy_record(tenant, policy, value, current.version + 1),
                changed: true,
            })
        }
    }
}

fn item_error(index: usize, error: StoreError) -> StoreError {
    StoreError::Item {
        index,
        error: Box::new(error),
    }
}

// ---------------------------------------------------------------------------------------------
// Writes that append to the journal, as values: the writer task queues them, and the same code
// runs them one transaction each when group commit is off.

/// A write that goes through the writer: every policy write and every journaled refusal.
#[derive(Debug)]
enum Op {
    Product {
        grant: WriteGrant,
        policy: PolicyId,
        product: ProductId,
        value: PolicyValue,
        if_match: Option<IfMatch>,
        ctx: WriteContext,
    },
    OfferType {
        grant: WriteGrant,
        policy: PolicyId,
        offer_type: OfferType,
        value: PolicyValue,
        if_match: Option<IfMatch>,
        ctx: WriteContext,
    },
    Default {
        grant: WriteGrant,
        policy: PolicyId,
        value: PolicyValue,
        if_match: Option<IfMatch>,
        ctx: WriteContext,
    },
    Batch {
        grant: WriteGrant,
        policy: PolicyId,
        batch: Batch,
        ctx: WriteContext,
    },
    /// Refusals of one tenant (checked before they are queued), in order.
    Refusals(Vec<AuditEntry>),
}

/// What a write answers when it succeeds.
#[derive(Debug)]
enum Answer {
    Product(ProductPolicyRecord),
    OfferType(OfferTypePolicyRecord),
    Default(TenantPolicyRecord),
    Batch(BatchResult),
    Journaled,
}

/// What a write did inside its transaction (or savepoint), to be kept: what its caller hears
/// once that is committed (a refusal is an error whose journal entry is kept), and whose
/// policies it changed.
#[derive(Debug)]
struct Ran {
    answer: Result<Answer>,
    changed: Option<TenantId>,
}

/// Why a write failed, and whether it may have written something first.
#[derive(Debug)]
enum Failed {
    /// Refused before it wrote anything (an unknown target, a target named twice in a batch):
    /// nothing to undo.
    Clean(StoreError),
    /// Anything else (a database error, a broken invariant): what it wrote must be undone. `?`
    /// on a `StoreError` makes this one, so a new early return is on the safe side unless it is
    /// marked `Clean` on purpose.
    Dirty(StoreError),
}

impl From<StoreError> for Failed {
    fn from(e: StoreError) -> Self {
        Failed::Dirty(e)
    }
}

impl Failed {
    fn into_error(self) -> StoreError {
        match self {
            Failed::Clean(e) | Failed::Dirty(e) => e,
        }
    }
}

/// A queued write and where its answer goes.
#[derive(Debug)]
struct Job {
    op: Op,
    reply: oneshot::Sender<Result<Answer>>,
}

/// Runs `op` in the open transaction. `Err`: answer the error, after undoing whatever it wrote
/// when it is `Dirty`; `Ok`: keep what it wrote and answer `Ran::answer`.
async fn run_op(conn: &mut SqliteConnection, op: &Op) -> std::result::Result<Ran, Failed> {
    match op {
        Op::Product {
            grant,
            policy,
            product,
            value,
            if_match,
            ctx,
        } => {
            let (tenant, policy) = (grant.tenant(), *policy);
            // Unknown products are a 404 and neither materialize the tenant nor reach the
            // journal.
            let Some((found, head)) = read_product_for_write(conn, tenant, policy, product).await?
            else {
                return Err(Failed::Clean(StoreError::NotFound));
            };
            // The usual case, the tenant's row (and chain head) read under the write lock, costs
            // no other read.
            let current = match head {
                Some(head) => Current {
                    row: found,
                    head: Some(head),
                },
                None => {
                    materialize(conn, tenant, None, "", ctx.at).await?;
                    Current::row(
                        current_product(conn, tenant, policy, product)
                            .await?
                            .ok_or(StoreError::NotFound)?,
                    )
                }
            };
            let step =
                write_product(conn, grant, policy, current, *value, if_match.as_ref(), ctx).await?;
            Ok(settle(conn, tenant, step, Answer::Product).await?)
        }
        Op::OfferType {
            grant,
            policy,
            offer_type,
            value,
            if_match,
            ctx,
        } => {
            let (tenant, policy) = (grant.tenant(), *policy);
            let Some((found, has_row)) =
                read_offer_type_row(conn, tenant, policy, offer_type).await?
            else {
                return Err(Failed::Clean(StoreError::NotFound));
            };
            let current = if has_row {
                found
            } else {
                materialize(conn, tenant, None, "", ctx.at).await?;
                current_offer_type(conn, tenant, policy, offer_type)
                    .await?
                    .ok_or(StoreError::NotFound)?
            };
            let step =
                write_offer_type(conn, grant, policy, current, *value, if_match.as_ref(), ctx)
                    .await?;
            Ok(settle(conn, tenant, step, Answer::OfferType).await?)
        }
        Op::Default {
            grant,
            policy,
            value,
            if_match,
            ctx,
        } => {
            materialize(conn, grant.tenant(), None, "", ctx.at).await?;
            let step = write_default(conn, grant, *policy, *value, if_match.as_ref(), ctx).await?;
            Ok(settle(conn, grant.tenant(), step, Answer::Default).await?)
        }
        Op::Batch {
            grant,
            policy,
            batch,
            ctx,
        } => run_batch(conn, grant, *policy, batch, ctx).await,
        Op::Refusals(entries) => {
            if let Some(first) = entries.first() {
                materialize(conn, first.tenant, None, "", first.at).await?;
                for e in entries {
                    append(conn, e).await?;
                }
            }
            Ok(Ran {
                answer: Ok(Answer::Journaled),
                changed: None,
            })
        }
    }
}

/// Ends a single write: a change or a no-op answers its row; a refusal journals its entry and
/// answers its error.
async fn settle<R>(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    step: Step<R>,
    answer: fn(R) -> Answer,
) -> Result<Ran> {
    match step {
        Step::Done { record, changed } => Ok(Ran {
            answer: Ok(answer(record)),
            changed: changed.then_some(tenant),
        }),
        Step::Refused { entry, error } => {
            append(conn, &entry).await?;
            Ok(Ran {
                answer: Err(error),
                changed: None,
            })
        }
    }
}

async fn run_batch(
    conn: &mut SqliteConnection,
    grant: &WriteGrant,
    policy: PolicyId,
    batch: &Batch,
    ctx: &WriteContext,
) -> std::result::Result<Ran, Failed> {
    let tenant = grant.tenant();
    // Every target first: unknown ones and duplicates refuse the batch before anything is
    // written (not journaled, as for single writes).
    let mut keys = Vec::with_capacity(batch.items.len());
    for (index, item) in batch.items.iter().enumerate() {
        let key = match &item.target {
            BatchTarget::Product(p) => read_product(conn, tenant, policy, p)
                .await?
                .map(|r| format!("product:{}", r.product_id)),
            BatchTarget::OfferType(o) => read_offer_type(conn, tenant, policy, o)
                .await?
                .map(|r| format!("offerType:{}", common::offer_type_key(&r.offer_type))),
        };
        keys.push(key.ok_or_else(|| Failed::Clean(item_error(index, StoreError::NotFound)))?);
    }
    common::check_duplicates(&keys).map_err(Failed::Clean)?;
    materialize(conn, tenant, None, "", ctx.at).await?;

    // The changes in a savepoint: a refusal rolls them back and journals itself alone.
    let mut sp = conn.begin().await.db()?;
    let mut entries = 0;
    let mut result = BatchResult {
        default: None,
        items: Vec::with_capacity(batch.items.len()),
    };
    let mut refusal = None;
    if let Some(d) = &batch.default {
        let c = common::nth(ctx, entries);
        match write_default(&mut sp, grant, policy, d.value, d.if_match.as_ref(), &c).await? {
            Step::Done { record, changed } => {
                entries += usize::from(changed);
                result.default = Some((record, changed));
            }
            Step::Refused { entry, error } => {
                refusal = Some((entry, StoreError::Default(Box::new(error))));
            }
        }
    }
    for (index, item) in batch.items.iter().enumerate() {
        if refusal.is_some() {
            break;
        }
        let c = common::nth(ctx, entries);
        let m = item.if_match.as_ref();
        let (outcome, changed) = match &item.target {
            BatchTarget::Product(p) => {
                let current = current_product(&mut sp, tenant, policy, p)
                    .await?
                    .ok_or_else(|| item_error(index, StoreError::NotFound))?;
                match write_product(
                    &mut sp,
                    grant,
                    policy,
                    Current::row(current),
                    item.value,
                    m,
                    &c,
                )
                .await?
                {
                    Step::Done { record, changed } => {
                        (BatchOutcome::Product { record, changed }, changed)
                    }
                    Step::Refused { entry, error } => {
                        refusal = Some((entry, item_error(index, error)));
                        continue;
                    }
                }
            }
            BatchTarget::OfferType(o) => {
                let current = current_offer_type(&mut sp, tenant, policy, o)
                    .await?
                    .ok_or_else(|| item_error(index, StoreError::NotFound))?;
                match write_offer_type(&mut sp, grant, policy, current, item.value, m, &c).await? {
                    Step::Done { record, changed } => {
                        (BatchOutcome::OfferType { record, changed }, changed)
                    }
                    Step::Refused { entry, error } => {
                        refusal = Some((entry, item_error(index, error)));
                        continue;
                    }
                }
            }
        };
        entries += usize::from(changed);
        result.items.push(outcome);
    }
    match refusal {
        None => {
            sp.commit().await.db()?;
            Ok(Ran {
                answer: Ok(Answer::Batch(result)),
                changed: (entries > 0).then_some(tenant),
            })
        }
        Some((mut entry, error)) => {
            sp.rollback().await.db()?;
            entry.id = ctx.audit_id;
            append(conn, &entry).await?;
            Ok(Ran {
                answer: Err(error),
                changed: None,
            })
        }
    }
}

/// Statistics of the writer task (for tests and measurements).
#[derive(Debug, Default)]
struct GroupStats {
    groups: AtomicU64,
    writes: AtomicU64,
    /// Groups run again with a savepoint per write, after a write failed having written.
    careful: AtomicU64,
}

/// The writer task: takes whatever writes are queued (at least one, at most [`MAX_GROUP`]),
/// commits them as one group, answers them, and goes back for more. While a group commits,
/// the next one queues up, so the group size follows the load with no timer. Ends when every
/// handle on the store is gone.
async fn write_loop(
    pool: SqlitePool,
    mut queue: mpsc::Receiver<Job>,
    notices: broadcast::Sender<ChangeNotice>,
    stats: Arc<GroupStats>,
) {
    let mut jobs = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut jobs, MAX_GROUP).await > 0 {
        // A caller that gave up before its write started (its request was cancelled) is
        // skipped, as its own transaction would have been rolled back.
        jobs.retain(|j| !j.reply.is_closed());
        if jobs.is_empty() {
            continue;
        }
        let (ops, replies): (Vec<Op>, Vec<_>) = jobs.drain(..).map(|j| (j.op, j.reply)).unzip();
        // A bug that panics fails its group (the transaction is dropped, so rolled back), not
        // every write to come.
        let outcome = AssertUnwindSafe(commit_group(&pool, &ops, &stats))
            .catch_unwind()
            .await
            .unwrap_or_else(|_| Err(StoreError::Internal("the writer task panicked".into())));
        match outcome {
            Ok(ran) => {
                stats.groups.fetch_add(1, Ordering::Relaxed);
                stats.writes.fetch_add(ops.len() as u64, Ordering::Relaxed);
                let mut changed: Vec<TenantId> = ran.iter().filter_map(|r| r.changed).collect();
                changed.sort_unstable();
                changed.dedup();
                for t in changed {
                    send(&notices, ChangeNotice::Tenant(t));
                }
                for (reply, r) in replies.into_iter().zip(ran) {
                    // A caller that has gone since hears nothing; its write stays.
                    reply.send(r.answer).ok();
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, writes = ops.len(), "a group of writes was not committed");
                for reply in replies {
                    reply.send(Err(shared_failure(&e))).ok();
                }
            }
        }
    }
}

/// Commits a group: first all its writes in one transaction with no savepoint, which is all it
/// takes while no write fails after writing (refusals keep their entries and `Clean` failures
/// wrote nothing). When one does fail `Dirty`, that transaction is rolled back (nothing was
/// answered yet) and the group runs again with a savepoint per write, so that the failure is
/// undone alone. `Err` (nothing committed) when the transaction itself fails; every caller then
/// hears it.
async fn commit_group(pool: &SqlitePool, ops: &[Op], stats: &GroupStats) -> Result<Vec<Ran>> {
    if let Some(ran) = commit_without_savepoints(pool, ops).await? {
        return Ok(ran);
    }
    stats.careful.fetch_add(1, Ordering::Relaxed);
    commit_with_savepoints(pool, ops).await
}

/// `None`: a write failed after writing; nothing was committed.
async fn commit_without_savepoints(pool: &SqlitePool, ops: &[Op]) -> Result<Option<Vec<Ran>>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.db()?;
    let mut ran = Vec::with_capacity(ops.len());
    for op in ops {
        match run_op(&mut tx, op).await {
            Ok(r) => ran.push(r),
            Err(Failed::Clean(e)) => ran.push(Ran {
                answer: Err(e),
                changed: None,
            }),
            Err(Failed::Dirty(e)) => {
                tracing::debug!(error = %e, "a write of a group failed; running the group again with a savepoint per write");
                // Fails when SQLite rolled back already (an I/O error): the same outcome.
                if let Err(r) = tx.rollback().await {
                    tracing::debug!(error = %r, "rolling the group back");
                }
                return Ok(None);
            }
        }
    }
    tx.commit().await.db()?;
    Ok(Some(ran))
}

/// One transaction for the whole group, a savepoint per write: a write that fails is rolled back
/// alone, a refusal keeps its journal entry, and writes of the same tenant chain in queue order.
async fn commit_with_savepoints(pool: &SqlitePool, ops: &[Op]) -> Result<Vec<Ran>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.db()?;
    let mut ran = Vec::with_capacity(ops.len());
    exec(&mut tx, "SAVEPOINT write").await?;
    for (i, op) in ops.iter().enumerate() {
        let more = i + 1 < ops.len();
        // Ending one write's savepoint and starting the next one's is one round trip.
        match run_op(&mut tx, op).await {
            Ok(r) => {
                exec(
                    &mut tx,
                    if more {
                        "RELEASE write; SAVEPOINT write"
                    } else {
                        "RELEASE write"
                    },
                )
                .await?;
                ran.push(r);
            }
            Err(e) => {
                // Fails (and so fails the group) when SQLite rolled the whole transaction back
                // itself (I/O errors, a full disk): nothing may be acknowledged then.
                exec(
                    &mut tx,
                    if more {
                        "ROLLBACK TO write; RELEASE write; SAVEPOINT write"
                    } else {
                        "ROLLBACK TO write; RELEASE write"
                    },
                )
                .await?;
                ran.push(Ran {
                    answer: Err(e.into_error()),
                    changed: None,
                });
            }
        }
    }
    tx.commit().await.db()?;
    Ok(ran)
}

async fn exec(conn: &mut SqliteConnection, sql: &'static str) -> Result<()> {
    sqlx::query(sql).execute(&mut *conn).await.db()?;
    Ok(())
}

/// What each caller of a group that failed as a whole hears.
fn shared_failure(e: &StoreError) -> StoreError {
    match e {
        StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
        other => StoreError::Internal(format!("the group of writes was not committed: {other}")),
    }
}

fn send(notices: &broadcast::Sender<ChangeNotice>, notice: ChangeNotice) {
    // No receiver is not an error: nobody caches.
    notices.send(notice).ok();
}

fn unexpected(answer: &Answer) -> StoreError {
    StoreError::Internal(format!(
        "the writer answered {answer:?} to another kind of write"
    ))
}

impl SqliteStore {
    /// Runs a write: queued for the writer task (group commit), or in a transaction of its own.
    async fn write(&self, op: Op) -> Result<Answer> {
        if let Some(queue) = &self.queue {
            let (reply, answer) = oneshot::channel();
            queue
                .send(Job { op, reply })
                .await
                .map_err(|_| StoreError::Unavailable("the writer task has stopped".into()))?;
            return answer.await.map_err(|_| {
                StoreError::Unavailable("the writer task stopped before answering".into())
            })?;
        }
        let mut tx = self.begin_write().await?;
        // On `Err` the transaction is dropped, which rolls it back.
        let ran = run_op(&mut tx, &op).await.map_err(Failed::into_error)?;
        tx.commit().await.db()?;
        if let Some(t) = ran.changed {
            send(&self.notices, ChangeNotice::Tenant(t));
        }
        ran.answer
    }

    fn notify(&self, notice: ChangeNotice) {
        send(&self.notices, notice);
    }

    /// Test hook: how many groups the writer task committed, and how many writes they held
    /// (both 0 without group commit).
    #[doc(hidden)]
    pub fn group_commit_stats(&self) -> (u64, u64) {
        (
            self.stats.groups.load(Ordering::Relaxed),
            self.stats.writes.load(Ordering::Relaxed),
        )
    }
}

#[async_trait]
impl PolicyStore for SqliteStore {
    async fn policy(&self, grant: &ReadGrant, policy: PolicyId) -> Result<TenantPolicyRecord> {
        let mut conn = self.reader.acquire().await.db()?;
        read_policy(&mut conn, grant.tenant(), policy).await
    }

    async fn product_policies(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
    ) -> Result<Vec<ProductPolicyRecord>> {
        let tenant = grant.tenant();
        sqlx::query(SELECT_PRODUCTS)
            .bind(tenant.to_string())
            .bind(policy.as_str())
            .bind(policy.builtin_default().as_str())
            .fetch_all(&self.reader)
            .await
            .db()?
            .iter()
            .map(|r| product_row(r, tenant, policy))
            .collect()
    }

    async fn product_policy(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
        product: &ProductId,
    ) -> Result<ProductPolicyRecord> {
        let mut conn = self.reader.acquire().await.db()?;
        read_product(&mut conn, grant.tenant(), policy, product)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn offer_type_policies(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
    ) -> Result<Vec<OfferTypePolicyRecord>> {
        let tenant = grant.tenant();
        sqlx::query(SELECT_OFFER_TYPES)
            .bind(tenant.to_string())
            .bind(policy.as_str())
            .bind(common::offer_type_default(policy).as_str())
            .fetch_all(&self.reader)
            .await
            .db()?
            .iter()
            .map(|r| offer_type_row(r, tenant, policy))
            .collect()
    }

    async fn offer_type_policy(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
        offer_type: &OfferType,
    ) -> Result<OfferTypePolicyRecord> {
        let mut conn = self.reader.acquire().await.db()?;
        read_offer_type(&mut conn, grant.tenant(), policy, offer_type)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn set_product_policy(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        product: &ProductId,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<ProductPolicyRecord> {
        let op = Op::Product {
            grant: grant.clone(),
            policy,
            product: product.clone(),
            value,
            if_match: if_match.cloned(),
            ctx: ctx.clone(),
        };
        match self.write(op).await? {
            Answer::Product(r) => Ok(r),
            other => Err(unexpected(&other)),
        }
    }

    async fn set_offer_type_policy(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        offer_type: &OfferType,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<OfferTypePolicyRecord> {
        let op = Op::OfferType {
            grant: grant.clone(),
            policy,
            offer_type: offer_type.clone(),
            value,
            if_match: if_match.cloned(),
            ctx: ctx.clone(),
        };
        match self.write(op).await? {
            Answer::OfferType(r) => Ok(r),
            other => Err(unexpected(&other)),
        }
    }

    async fn set_default_value(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<TenantPolicyRecord> {
        let op = Op::Default {
            grant: grant.clone(),
            policy,
            value,
            if_match: if_match.cloned(),
            ctx: ctx.clone(),
        };
        match self.write(op).await? {
            Answer::Default(r) => Ok(r),
            other => Err(unexpected(&other)),
        }
    }

    async fn apply_batch(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        batch: &Batch,
        ctx: &WriteContext,
    ) -> Result<BatchResult> {
        let op = Op::Batch {
            grant: grant.clone(),
            policy,
            batch: batch.clone(),
            ctx: ctx.clone(),
        };
        match self.write(op).await? {
            Answer::Batch(r) => Ok(r),
            other => Err(unexpected(&other)),
        }
    }

    async fn journal_refusal(&self, entry: &AuditEntry) -> Result<()> {
        self.journal_refusals(std::slice::from_ref(entry)).await
    }

    async fn journal_refusals(&self, entries: &[AuditEntry]) -> Result<()> {
        let Some(first) = entries.first() else {
            return Ok(());
        };
        for e in entries {
            common::check_entry(e)?;
            if e.tenant != first.tenant {
                return Err(StoreError::Internal(
                    "refusals of several tenants in one call".into(),
                ));
            }
        }
        match self.write(Op::Refusals(entries.to_vec())).await? {
            Answer::Journaled => Ok(()),
            other => Err(unexpected(&other)),
        }
    }
    async fn journal(&self, tenant: TenantId) -> Result<Vec<JournalRecord>> {
        sqlx::query("SELECT * FROM audit_log WHERE tenant = ?1 ORDER BY seq")
            .bind(tenant.to_string())
            .fetch_all(&self.reader)
            .await
            .db()?
            .iter()
            .map(journal_record)
            .collect()
    }

    async fn journal_after(
        &self,
        tenant: TenantId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<JournalRecord>> {
        sqlx::query("SELECT * FROM audit_log WHERE tenant = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3")
            .bind(tenant.to_string())
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&self.reader)
            .await
            .db()?
            .iter()
            .map(journal_record)
            .collect()
    }

    async fn audit_log(&self, grant: &ReadGrant, query: &AuditQuery) -> Result<Vec<JournalRecord>> {
        let mut q = QueryBuilder::<Sqlite>::new("SELECT * FROM audit_log WHERE tenant = ");
        q.push_bind(grant.tenant().to_string());
        if let Some(p) = query.policy {
            q.push(" AND policy_id = ").push_bind(p.as_str());
        }
        match &query.target {
            None => {}
            Some(AuditTargetFilter::Product(id)) => {
                // Every id of the product: the one given, its current product, that product's
                // legacy ids (refusals before authorization are journaled as the caller wrote them).
                let id = id.as_str().to_owned();
                q.push(" AND target_kind = 'product' AND target_id IN (SELECT ")
                    .push_bind(id.clone())
                    .push(" UNION SELECT product_id FROM legacy_product_ids WHERE legacy_id = ")
                    .push_bind(id.clone())
                    .push(
                        " UNION SELECT legacy_id FROM legacy_product_ids WHERE product_id IN \
                         (SELECT ",
                    )
                    .push_bind(id.clone())
                    .push(" UNION SELECT product_id FROM legacy_product_ids WHERE legacy_id = ")
                    .push_bind(id)
                    .push("))");
            }
            Some(AuditTargetFilter::OfferType(o)) => {
                q.push(" AND target_kind = 'offerType' AND lower(target_id) = ")
                    .push_bind(common::offer_type_key(o));
            }
            Some(AuditTargetFilter::Default) => {
                q.push(" AND target_kind = 'default'");
            }
        }
        match query.actor.as_deref().map(common::actor_filter) {
            None => {}
            Some(ActorFilter::Guid(_, text)) => {
                q.push(" AND (actor_oid = ")
                    .push_bind(text.clone())
                    .push(" OR lower(actor_app_id) = ")
                    .push_bind(text)
                    .push(")");
            }
            Some(ActorFilter::Name(name)) => {
                q.push(" AND (lower(actor_upn) = ")
                    .push_bind(name.clone())
                    .push(" OR lower(actor_app_id) = ")
                    .push_bind(name)
                    .push(")");
            }
        }
        if let Some(t) = query.since {
            q.push(" AND at >= ").push_bind(micros(t)?);
        }
        if let Some(t) = query.until {
            q.push(" AND at < ").push_bind(micros(t)?);
        }
        if let Some(seq) = query.before_seq {
            q.push(" AND seq < ").push_bind(seq);
        }
        q.push(" ORDER BY seq DESC LIMIT ")
            .push_bind(i64::from(query.limit));
        q.build()
            .fetch_all(&self.reader)
            .await
            .db()?
            .iter()
            .map(journal_record)
            .collect()
    }
}

/// `Some(retired)` for a product of the catalog, `None` for an unknown id.
async fn product_retired(conn: &mut SqliteConnection, id: &str) -> Result<Option<bool>> {
    sqlx::query("SELECT retired FROM products WHERE product_id = ?1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| get::<bool>(&r, "retired"))
        .transpose()
}

async fn legacy_target(conn: &mut SqliteConnection, legacy: &str) -> Result<Option<String>> {
    sqlx::query("SELECT product_id FROM legacy_product_ids WHERE legacy_id = ?1")
        .bind(legacy)
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| get::<String>(&r, "product_id"))
        .transpose()
}

#[async_trait]
impl Store for SqliteStore {
    /// This process's own changes only: another process on the same file (`mscommerce admin`)
    /// cannot reach it, so caches rely on their time-to-live for those.
    fn changes(&self) -> broadcast::Receiver<ChangeNotice> {
        self.notices.subscribe()
    }

    async fn migrate(&self) -> Result<()> {
        let migrations = MIGRATIONS
            .iter()
            .map(|(version, description, sql)| {
                sqlx::migrate::Migration::new(
                    *version,
                    (*description).into(),
                    sqlx::migrate::MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(*sql),
                    false,
                )
            })
            .collect();
        sqlx::migrate::Migrator::with_migrations(migrations)
            .run(&self.writer)
            .await
            .map_err(|e| StoreError::Internal(format!("migration failed: {e}")))
    }

    async fn sync_catalog(&self, catalog: &Catalog) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let mut new_products = Vec::new();
        for p in &catalog.products {
            let inserted = sqlx::query(
                "INSERT INTO products (product_id, name, trial_without_payment_method)
                 VALUES (?1, ?2, ?3) ON CONFLICT (product_id) DO NOTHING",
            )
            .bind(p.id.as_str())
            .bind(&p.name)
            .bind(p.trial_without_payment_method)
            .execute(&mut *tx)
            .await
            .db()?
            .rows_affected();
            if inserted == 1 {
                new_products.push(p.id.as_str());
            }
        }
        for p in &catalog.products {
            for legacy in &p.legacy_ids {
                sqlx::query(
                    "INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES (?1, ?2)
                     ON CONFLICT (legacy_id) DO NOTHING",
                )
                .bind(legacy.as_str())
                .bind(p.id.as_str())
                .execute(&mut *tx)
                .await
                .db()?;
            }
        }
        let mut new_offer_types = Vec::new();
        for o in &catalog.offer_types {
            let key = common::offer_type_key(&o.id);
            let inserted = sqlx::query(
                "INSERT INTO offer_types (offer_type_key, offer_type, description)
                 VALUES (?1, ?2, ?3) ON CONFLICT (offer_type_key) DO NOTHING",
            )
            .bind(&key)
            .bind(o.id.as_str())
            .bind(&o.description)
            .execute(&mut *tx)
            .await
            .db()?
            .rows_affected();
            if inserted == 1 {
                new_offer_types.push(key);
            }
        }
        let changed = !new_products.is_empty() || !new_offer_types.is_empty();
        // One statement per new product over every tenant at once: each tenant gets the product
        // at its own default.
        for id in new_products {
            add_product_rows(&mut tx, id).await?;
        }
        for key in new_offer_types {
            for policy in PolicyId::ALL {
                sqlx::query(
                    "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
                     SELECT tenant, policy_id, ?1, ?2, 0 FROM tenant_policies WHERE policy_id = ?3
                     ON CONFLICT DO NOTHING",
                )
                .bind(&key)
                .bind(common::offer_type_default(policy).as_str())
                .bind(policy.as_str())
                .execute(&mut *tx)
                .await
                .db()?;
            }
        }
        tx.commit().await.db()?;
        if changed {
            self.notify(ChangeNotice::Catalog);
        }
        Ok(())
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await.db()?;
        Ok(())
    }

    async fn catalog_products(&self) -> Result<Vec<CatalogRecord>> {
        let mut conn = self.reader.acquire().await.db()?;
        let legacy =
            sqlx::query("SELECT legacy_id, product_id FROM legacy_product_ids ORDER BY legacy_id")
                .fetch_all(&mut *conn)
                .await
                .db()?;
        let mut by_product: std::collections::HashMap<String, Vec<ProductId>> =
            std::collections::HashMap::new();
        for r in &legacy {
            by_product
                .entry(get(r, "product_id")?)
                .or_default()
                .push(common::parse_product(&get::<String>(r, "legacy_id")?)?);
        }
        sqlx::query(
            "SELECT product_id, name, trial_without_payment_method, retired FROM products
             ORDER BY product_id",
        )
        .fetch_all(&mut *conn)
        .await
        .db()?
        .iter()
        .map(|r| {
            let id: String = get(r, "product_id")?;
            Ok(CatalogRecord {
                product: CatalogProduct {
                    id: common::parse_product(&id)?,
                    name: get(r, "name")?,
                    legacy_ids: by_product.remove(&id).unwrap_or_default(),
                    trial_without_payment_method: get(r, "trial_without_payment_method")?,
                },
                retired: get(r, "retired")?,
            })
        })
        .collect()
    }

    async fn catalog_add(&self, product: &CatalogProduct) -> Result<()> {
        let id = product.id.as_str();
        let mut legacy: Vec<&str> = product.legacy_ids.iter().map(ProductId::as_str).collect();
        legacy.sort_unstable();
        legacy.dedup();
        let mut tx = self.begin_write().await?;
        if product_retired(&mut tx, id).await?.is_some() {
            return Err(StoreError::Conflict(format!(
                "a product with the id {id} exists already"
            )));
        }
        if let Some(of) = legacy_target(&mut tx, id).await? {
            return Err(StoreError::Conflict(format!(
                "{id} is a legacy id of {of} already"
            )));
        }
        for l in &legacy {
            common::check_legacy_id(
                id,
                l,
                product_retired(&mut tx, l).await?,
                legacy_target(&mut tx, l).await?,
            )?;
        }
        sqlx::query(
            "INSERT INTO products (product_id, name, trial_without_payment_method)
             VALUES (?1, ?2, ?3)",
        )
        .bind(id)
        .bind(&product.name)
        .bind(product.trial_without_payment_method)
        .execute(&mut *tx)
        .await
        .db()?;
        for l in legacy {
            sqlx::query("INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES (?1, ?2)")
                .bind(l)
                .bind(id)
                .execute(&mut *tx)
                .await
                .db()?;
        }
        add_product_rows(&mut tx, id).await?;
        tx.commit().await.db()?;
        self.notify(ChangeNotice::Catalog);
        Ok(())
    }

    async fn catalog_rename(&self, product: &ProductId, name: &str) -> Result<()> {
        let n = sqlx::query("UPDATE products SET name = ?1 WHERE product_id = ?2")
            .bind(name)
            .bind(product.as_str())
            .execute(&self.writer)
            .await
            .db()?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.notify(ChangeNotice::Catalog);
        Ok(())
    }

    async fn catalog_retire(&self, product: &ProductId) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        match product_retired(&mut tx, product.as_str()).await? {
            None => Err(StoreError::NotFound),
            Some(true) => Ok(false),
            Some(false) => {
                sqlx::query("UPDATE products SET retired = 1 WHERE product_id = ?1")
                    .bind(product.as_str())
                    .execute(&mut *tx)
                    .await
                    .db()?;
                tx.commit().await.db()?;
                self.notify(ChangeNotice::Catalog);
                Ok(true)
            }
        }
    }

    async fn catalog_map_legacy(&self, legacy: &ProductId, product: &ProductId) -> Result<()> {
        let mut tx = self.begin_write().await?;
        match product_retired(&mut tx, product.as_str()).await? {
            None => return Err(StoreError::NotFound),
            Some(true) => {
                return Err(StoreError::Conflict(format!(
                    "{product} is retired; map legacy ids to a current product"
                )));
            }
            Some(false) => {}
        }
        common::check_legacy_id(
            product.as_str(),
            legacy.as_str(),
            product_retired(&mut tx, legacy.as_str()).await?,
            None,
        )?;
        sqlx::query(
            "INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES (?1, ?2)
             ON CONFLICT (legacy_id) DO UPDATE SET product_id = excluded.product_id",
        )
        .bind(legacy.as_str())
        .bind(product.as_str())
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        self.notify(ChangeNotice::Catalog);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Directory.

fn tenant_row(r: &SqliteRow) -> Result<TenantRecord> {
    Ok(TenantRecord {
        id: common::parse_tenant(&get::<String>(r, "id")?)?,
        domain: get::<Option<String>>(r, "domain")?
            .map(|d| {
                d.parse::<DomainName>()
                    .map_err(|e| StoreError::Internal(format!("stored domain: {e}")))
            })
            .transpose()?,
        display_name: get(r, "display_name")?,
        created_at: from_micros(get(r, "created_at")?)?,
    })
}

fn user_row(r: &SqliteRow) -> Result<UserRecord> {
    Ok(UserRecord {
        tenant: common::parse_tenant(&get::<String>(r, "tenant")?)?,
        oid: common::parse_uuid(&get::<String>(r, "oid")?)?,
        upn: get(r, "upn")?,
        display_name: get(r, "display_name")?,
        password_hash: get(r, "password_hash")?,
        roles: common::list_from_json(&get::<String>(r, "roles")?)?,
        enabled: get(r, "enabled")?,
        created_at: from_micros(get(r, "created_at")?)?,
    })
}

fn app_row(r: &SqliteRow) -> Result<AppRecord> {
    Ok(AppRecord {
        tenant: common::parse_tenant(&get::<String>(r, "tenant")?)?,
        client_id: get(r, "client_id")?,
        oid: common::parse_uuid(&get::<String>(r, "oid")?)?,
        display_name: get(r, "display_name")?,
        secret_hash: get(r, "secret_hash")?,
        certificate_pem: get(r, "certificate_pem")?,
        permissions: common::list_from_json(&get::<String>(r, "permissions")?)?,
        created_at: from_micros(get(r, "created_at")?)?,
    })
}

fn device_code_row(r: &SqliteRow) -> Result<DeviceCodeRecord> {
    Ok(DeviceCodeRecord {
        device_code_hash: get(r, "device_code_hash")?,
        user_code: get(r, "user_code")?,
        tenant: common::parse_tenant(&get::<String>(r, "tenant")?)?,
        client_id: get(r, "client_id")?,
        scope: get(r, "scope")?,
        created_at: from_micros(get(r, "created_at")?)?,
        expires_at: from_micros(get(r, "expires_at")?)?,
        interval: get(r, "interval_secs")?,
        last_poll_at: get::<Option<i64>>(r, "last_poll_at")?
            .map(from_micros)
            .transpose()?,
        state: common::parse_state(&get::<String>(r, "state")?)?,
        user_oid: get::<Option<String>>(r, "user_oid")?
            .map(|o| common::parse_uuid(&o))
            .transpose()?,
        failed_attempts: get(r, "failed_attempts")?,
    })
}

fn refresh_token_row(r: &SqliteRow) -> Result<RefreshTokenRecord> {
    Ok(RefreshTokenRecord {
        token_hash: get(r, "token_hash")?,
        tenant: common::parse_tenant(&get::<String>(r, "tenant")?)?,
        user_oid: common::parse_uuid(&get::<String>(r, "user_oid")?)?,
        client_id: get(r, "client_id")?,
        scope: get(r, "scope")?,
        issued_at: from_micros(get(r, "issued_at")?)?,
        expires_at: from_micros(get(r, "expires_at")?)?,
    })
}

async fn tenant_exists(conn: &mut SqliteConnection, tenant: TenantId) -> Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM tenants WHERE id = ?1")
        .bind(tenant.to_string())
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .is_some())
}

/// Expired device codes are kept this long (so a late poll still hears `expired_token`), then
/// purged when a new code is made.
const DEVICE_CODE_GRACE_MICROS: i64 = 3_600_000_000;

#[async_trait]
impl DirectoryStore for SqliteStore {
    async fn create_tenant(&self, tenant: &TenantRecord) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if let Some(d) = &tenant.domain {
            let taken = sqlx::query("SELECT 1 FROM tenants WHERE domain = ?1")
                .bind(d.as_str())
                .fetch_optional(&mut *tx)
                .await
                .db()?;
            if taken.is_some() {
                return Err(StoreError::Conflict(format!(
                    "a tenant with the domain {d} exists"
                )));
            }
        }
        let created = materialize(
            &mut tx,
            tenant.id,
            tenant.domain.as_ref().map(DomainName::as_str),
            &tenant.display_name,
            tenant.created_at,
        )
        .await?;
        if !created {
            return Err(StoreError::Conflict(format!("tenant {} exists", tenant.id)));
        }
        tx.commit().await.db()
    }

    async fn find_tenant(&self, domain_or_id: &str) -> Result<Option<TenantRecord>> {
        let s = domain_or_id.trim();
        let row = match s.parse::<TenantId>() {
            Ok(id) => {
                sqlx::query("SELECT * FROM tenants WHERE id = ?1")
                    .bind(id.to_string())
                    .fetch_optional(&self.reader)
                    .await
            }
            Err(_) => {
                sqlx::query("SELECT * FROM tenants WHERE domain = ?1")
                    .bind(s.to_ascii_lowercase())
                    .fetch_optional(&self.reader)
                    .await
            }
        }
        .db()?;
        row.as_ref().map(tenant_row).transpose()
    }

    async fn list_tenants(&self) -> Result<Vec<TenantRecord>> {
        sqlx::query("SELECT * FROM tenants ORDER BY created_at, id")
            .fetch_all(&self.reader)
            .await
            .db()?
            .iter()
            .map(tenant_row)
            .collect()
    }

    async fn create_user(&self, user: &UserRecord) -> Result<()> {
        let upn = user.upn.to_lowercase();
        let mut tx = self.begin_write().await?;
        if !tenant_exists(&mut tx, user.tenant).await? {
            return Err(StoreError::NotFound);
        }
        let taken =
            sqlx::query("SELECT upn = ?1 AS same_upn FROM users WHERE upn = ?1 OR oid = ?2")
                .bind(&upn)
                .bind(user.oid.to_string())
                .fetch_optional(&mut *tx)
                .await
                .db()?;
        if let Some(r) = taken {
            return Err(StoreError::Conflict(if get::<bool>(&r, "same_upn")? {
                format!("a user with the UPN {upn} exists")
            } else {
                format!("a user with the object id {} exists", user.oid)
            }));
        }
        sqlx::query(
            "INSERT INTO users (oid, tenant, upn, display_name, password_hash, roles, enabled,
                 created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(user.oid.to_string())
        .bind(user.tenant.to_string())
        .bind(&upn)
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .bind(common::list_to_json(&user.roles)?)
        .bind(user.enabled)
        .bind(micros(user.created_at)?)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()
    }

    async fn find_user(&self, upn: &str) -> Result<Option<UserRecord>> {
        sqlx::query("SELECT * FROM users WHERE upn = ?1")
            .bind(upn.trim().to_lowercase())
            .fetch_optional(&self.reader)
            .await
            .db()?
            .as_ref()
            .map(user_row)
            .transpose()
    }

    async fn find_user_by_oid(&self, tenant: TenantId, oid: Uuid) -> Result<Option<UserRecord>> {
        sqlx::query("SELECT * FROM users WHERE tenant = ?1 AND oid = ?2")
            .bind(tenant.to_string())
            .bind(oid.to_string())
            .fetch_optional(&self.reader)
            .await
            .db()?
            .as_ref()
            .map(user_row)
            .transpose()
    }

    async fn list_users(&self, tenant: Option<TenantId>) -> Result<Vec<UserRecord>> {
        sqlx::query("SELECT * FROM users WHERE ?1 IS NULL OR tenant = ?1 ORDER BY upn")
            .bind(tenant.map(|t| t.to_string()))
            .fetch_all(&self.reader)
            .await
            .db()?
            .iter()
            .map(user_row)
            .collect()
    }

    async fn set_user_password(&self, upn: &str, password_hash: &str) -> Result<()> {
        let n = sqlx::query("UPDATE users SET password_hash = ?1 WHERE upn = ?2")
            .bind(password_hash)
            .bind(upn.trim().to_lowercase())
            .execute(&self.writer)
            .await
            .db()?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn set_user_roles(&self, upn: &str, roles: &[String]) -> Result<()> {
        let n = sqlx::query("UPDATE users SET roles = ?1 WHERE upn = ?2")
            .bind(common::list_to_json(roles)?)
            .bind(upn.trim().to_lowercase())
            .execute(&self.writer)
            .await
            .db()?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn create_app(&self, app: &AppRecord) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if !tenant_exists(&mut tx, app.tenant).await? {
            return Err(StoreError::NotFound);
        }
        let taken = sqlx::query("SELECT 1 FROM apps WHERE tenant = ?1 AND client_id = ?2")
            .bind(app.tenant.to_string())
            .bind(&app.client_id)
            .fetch_optional(&mut *tx)
            .await
            .db()?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "the tenant has an app with the client id {}",
                app.client_id
            )));
        }
        sqlx::query(
            "INSERT INTO apps (tenant, client_id, oid, display_name, secret_hash, certificate_pem,
                 permissions, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(app.tenant.to_string())
        .bind(&app.client_id)
        .bind(app.oid.to_string())
        .bind(&app.display_name)
        .bind(app.secret_hash.as_deref())
        .bind(app.certificate_pem.as_deref())
        .bind(common::list_to_json(&app.permissions)?)
        .bind(micros(app.created_at)?)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()
    }

    async fn find_app(&self, tenant: TenantId, client_id: &str) -> Result<Option<AppRecord>> {
        sqlx::query("SELECT * FROM apps WHERE tenant = ?1 AND client_id = ?2")
            .bind(tenant.to_string())
            .bind(client_id)
            .fetch_optional(&self.reader)
            .await
            .db()?
            .as_ref()
            .map(app_row)
            .transpose()
    }

    async fn list_apps(&self, tenant: Option<TenantId>) -> Result<Vec<AppRecord>> {
        sqlx::query("SELECT * FROM apps WHERE ?1 IS NULL OR tenant = ?1 ORDER BY tenant, client_id")
            .bind(tenant.map(|t| t.to_string()))
            .fetch_all(&self.reader)
            .await
            .db()?
            .iter()
            .map(app_row)
            .collect()
    }

    async fn set_app_secret(
        &self,
        tenant: TenantId,
        client_id: &str,
        secret_hash: &str,
    ) -> Result<()> {
        let n =
            sqlx::query("UPDATE apps SET secret_hash = ?1 WHERE tenant = ?2 AND client_id = ?3")
                .bind(secret_hash)
                .bind(tenant.to_string())
                .bind(client_id)
                .execute(&self.writer)
                .await
                .db()?
                .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn create_device_code(&self, record: &DeviceCodeRecord) -> Result<()> {
        let now = micros(record.created_at)?;
        let key = common::user_code_key(&record.user_code);
        let mut tx = self.begin_write().await?;
        // Purge codes long expired, and an expired code holding this user code.
        sqlx::query(
            "DELETE FROM device_codes
             WHERE expires_at <= ?1 - ?2 OR (upper(user_code) = ?3 AND expires_at <= ?1)",
        )
        .bind(now)
        .bind(DEVICE_CODE_GRACE_MICROS)
        .bind(&key)
        .execute(&mut *tx)
        .await
        .db()?;
        sqlx::query(
            "INSERT INTO device_codes (device_code_hash, user_code, tenant, client_id, scope,
                 created_at, expires_at, interval_secs, last_poll_at, state, user_oid,
                 failed_attempts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .bind(&record.device_code_hash)
        .bind(&record.user_code)
        .bind(record.tenant.to_string())
        .bind(&record.client_id)
        .bind(&record.scope)
        .bind(now)
        .bind(micros(record.expires_at)?)
        .bind(record.interval)
        .bind(record.last_poll_at.map(micros).transpose()?)
        .bind(common::state_str(record.state))
        .bind(record.user_oid.map(|o| o.to_string()))
        .bind(record.failed_attempts)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()
    }

    async fn find_pending_device_code(
        &self,
        user_code: &str,
        now: OffsetDateTime,
    ) -> Result<Option<DeviceCodeRecord>> {
        sqlx::query(
            "SELECT * FROM device_codes
             WHERE upper(user_code) = ?1 AND state = 'Pending' AND expires_at > ?2",
        )
        .bind(common::user_code_key(user_code))
        .bind(micros(now)?)
        .fetch_optional(&self.reader)
        .await
        .db()?
        .as_ref()
        .map(device_code_row)
        .transpose()
    }

    async fn decide_device_code(
        &self,
        user_code: &str,
        approve: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let state = match approve {
            Some(_) => crate::DeviceCodeState::Approved,
            None => crate::DeviceCodeState::Declined,
        };
        let n = sqlx::query(
            "UPDATE device_codes SET state = ?1, user_oid = ?2
             WHERE upper(user_code) = ?3 AND state = 'Pending' AND expires_at > ?4",
        )
        .bind(common::state_str(state))
        .bind(approve.map(|o| o.to_string()))
        .bind(common::user_code_key(user_code))
        .bind(micros(now)?)
        .execute(&self.writer)
        .await
        .db()?
        .rows_affected();
        Ok(n == 1)
    }

    async fn count_device_code_failure(&self, user_code: &str) -> Result<i64> {
        let row = sqlx::query(
            "UPDATE device_codes SET failed_attempts = failed_attempts + 1
             WHERE upper(user_code) = ?1 RETURNING failed_attempts",
        )
        .bind(common::user_code_key(user_code))
        .fetch_optional(&self.writer)
        .await
        .db()?
        .ok_or(StoreError::NotFound)?;
        get(&row, "failed_attempts")
    }

    async fn poll_device_code(
        &self,
        device_code_hash: &str,
        now: OffsetDateTime,
    ) -> Result<DevicePoll> {
        let mut tx = self.begin_write().await?;
        let Some(r) = sqlx::query("SELECT * FROM device_codes WHERE device_code_hash = ?1")
            .bind(device_code_hash)
            .fetch_optional(&mut *tx)
            .await
            .db()?
        else {
            return Ok(DevicePoll::Unknown);
        };
        let record = device_code_row(&r)?;
        let outcome = common::poll(
            &PollRow {
                state: record.state,
                expires_at: record.expires_at,
                interval: record.interval,
                last_poll_at: record.last_poll_at,
                user_oid: record.user_oid,
                scope: record.scope,
            },
            now,
        )?;
        sqlx::query(
            "UPDATE device_codes SET state = ?1, interval_secs = ?2, last_poll_at = ?3
             WHERE device_code_hash = ?4",
        )
        .bind(common::state_str(outcome.state))
        .bind(outcome.interval)
        .bind(micros(now)?)
        .bind(device_code_hash)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(outcome.answer)
    }

    async fn store_refresh_token(&self, record: &RefreshTokenRecord) -> Result<()> {
        let mut tx = self.begin_write().await?;
        // Expired tokens can never be redeemed: drop them as new ones arrive.
        sqlx::query("DELETE FROM refresh_tokens WHERE expires_at <= ?1")
            .bind(micros(record.issued_at)?)
            .execute(&mut *tx)
            .await
            .db()?;
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, tenant, user_oid, client_id, scope, issued_at,
                 expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(&record.token_hash)
        .bind(record.tenant.to_string())
        .bind(record.user_oid.to_string())
        .bind(&record.client_id)
        .bind(&record.scope)
        .bind(micros(record.issued_at)?)
        .bind(micros(record.expires_at)?)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()
    }

    async fn take_refresh_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<RefreshTokenRecord>> {
        // One statement: of two concurrent redemptions exactly one gets the row.
        let row = sqlx::query("DELETE FROM refresh_tokens WHERE token_hash = ?1 RETURNING *")
            .bind(token_hash)
            .fetch_optional(&self.writer)
            .await
            .db()?;
        let Some(r) = row else { return Ok(None) };
        let record = refresh_token_row(&r)?;
        Ok((record.expires_at > now).then_some(record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mscommerce_domain::{AuditResult, Principal, PrincipalKind};

    fn admin(tenant: TenantId) -> Principal {
        Principal {
            tenant,
            kind: PrincipalKind::User {
                oid: Uuid::new_v4(),
                upn: Some("admin@contoso.example".into()),
                wids: vec![mscommerce_proto::roles::GLOBAL_ADMINISTRATOR.into()],
                scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
            },
        }
    }

    fn ctx(request_id: &str) -> WriteContext {
        WriteContext {
            at: time::macros::datetime!(2026-03-01 09:30 UTC),
            ids: RequestIds {
                request_id: request_id.into(),
                correlation_id: None,
                client_request_id: None,
            },
            audit_id: Uuid::now_v7(),
        }
    }

    fn product(
        grant: &WriteGrant,
        id: &str,
        value: PolicyValue,
        if_match: Option<IfMatch>,
        request_id: &str,
    ) -> Op {
        Op::Product {
            grant: grant.clone(),
            policy: PolicyId::AllowSelfServicePurchase,
            product: id.parse().unwrap(),
            value,
            if_match,
            ctx: ctx(request_id),
        }
    }

    /// One group, built by hand, with writes failing in every way between writes that succeed:
    /// each failure is rolled back alone (a refusal keeping its journal entry), and the
    /// neighbours' changes and entries are all there, chained in queue order. With a write that
    /// fails after writing, the group runs again with a savepoint per write.
    #[tokio::test]
    async fn a_write_that_fails_after_writing_is_rolled_back_alone() {
        group_with_failures(true).await;
    }

    /// The same group where every failure comes before any write: one pass, no savepoints.
    #[tokio::test]
    async fn writes_that_fail_before_writing_need_no_savepoint() {
        group_with_failures(false).await;
    }

    async fn group_with_failures(dirty: bool) {
        const PBI: &str = "CFQ7TTC0H9MP";
        const VISIO: &str = "CFQ7TTC0HD33";
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_with(
            &dir.path().join("db"),
            &StoreOptions {
                group_commit: false,
            },
        )
        .await
        .unwrap();
        store.migrate().await.unwrap();
        store.sync_catalog(&Catalog::builtin()).await.unwrap();
        let t = TenantId::new(Uuid::new_v4());
        let grant = admin(t).write().unwrap();
        let read = admin(t).read().unwrap();
        let p = PolicyId::AllowSelfServicePurchase;
        let v0 = store
            .product_policy(&read, p, &PBI.parse().unwrap())
            .await
            .unwrap();
        let stale = IfMatch::parse(&v0.etag.header_value()).unwrap();
        // A refusal of a tenant never seen, followed in the same write by an entry that cannot
        // be journaled: the write fails after writing, and must leave nothing, not even the
        // tenant.
        let ghost = TenantId::new(Uuid::new_v4());
        let good = AuditEntry {
            id: Uuid::now_v7(),
            at: time::macros::datetime!(2026-03-01 09:30 UTC),
            tenant: ghost,
            actor: grant.actor().clone(),
            policy: p,
            target: AuditTarget::Default,
            old_value: None,
            new_value: None,
            result: AuditResult::Failed,
            reason: Some("Forbidden".into()),
            ids: RequestIds {
                request_id: "r-ghost".into(),
                correlation_id: None,
                client_request_id: None,
            },
        };
        let mut good = good;
        good.actor.tenant = ghost;
        let bad = AuditEntry {
            id: Uuid::now_v7(),
            actor: grant.actor().clone(),
            ..good.clone()
        };
        let ops = vec![
            product(&grant, PBI, PolicyValue::Disabled, None, "r-1"),
            product(
                &grant,
                PBI,
                PolicyValue::Enabled,
                Some(stale.clone()),
                "r-2",
            ),
            product(&grant, "CFQ7TTC0ZZZZ", PolicyValue::Disabled, None, "r-3"),
            Op::Batch {
                grant: grant.clone(),
                policy: p,
                batch: Batch {
                    default: None,
                    items: vec![
                        crate::BatchChange {
                            target: BatchTarget::Product(VISIO.parse().unwrap()),
                            value: PolicyValue::Disabled,
                            if_match: None,
                        },
                        crate::BatchChange {
                            target: BatchTarget::Product(PBI.parse().unwrap()),
                            value: PolicyValue::Enabled,
                            if_match: Some(stale),
                        },
                    ],
                },
                ctx: ctx("r-4"),
            },
            if dirty {
                Op::Refusals(vec![good, bad])
            } else {
                Op::Batch {
                    grant: grant.clone(),
                    policy: p,
                    batch: Batch {
                        default: None,
                        items: vec![crate::BatchChange {
                            target: BatchTarget::Product("CFQ7TTC0ZZZZ".parse().unwrap()),
                            value: PolicyValue::Disabled,
                            if_match: None,
                        }],
                    },
                    ctx: ctx("r-5"),
                }
            },
            product(
                &grant,
                VISIO,
                PolicyValue::OnlyTrialsWithoutPaymentMethod,
                None,
                "r-6",
            ),
            product(&grant, PBI, PolicyValue::Enabled, None, "r-7"),
        ];
        let stats = GroupStats::default();
        let ran = commit_group(&store.writer, &ops, &stats).await.unwrap();
        assert_eq!(stats.careful.load(Ordering::Relaxed), u64::from(dirty));
        let answers: Vec<String> = ran
            .iter()
            .map(|r| match &r.answer {
                Ok(Answer::Product(rec)) => format!("{} v{}", rec.value.as_str(), rec.version),
                Ok(other) => format!("{other:?}"),
                Err(e) => match e {
                    StoreError::PreconditionFailed { .. } => "412".into(),
                    StoreError::NotFound => "404".into(),
                    StoreError::Item { index, .. } => format!("item {index}"),
                    StoreError::Internal(_) => "internal".into(),
                    other => format!("{other:?}"),
                },
            })
            .collect();
        assert_eq!(
            answers,
            [
                "Disabled v1",
                "412",
                "404",
                "item 1",
                if dirty { "internal" } else { "item 0" },
                "OnlyTrialsWithoutPaymentMethod v1",
                "Enabled v2",
            ]
        );
        assert_eq!(
            ran.iter().map(|r| r.changed).collect::<Vec<_>>(),
            [Some(t), None, None, None, None, Some(t), Some(t)]
        );

        let journal = store.journal(t).await.unwrap();
        let mut check = crate::ChainCheck::new();
        for r in &journal {
            check.push(r).unwrap();
        }
        let seen: Vec<(&str, AuditResult)> = journal
            .iter()
            .map(|r| (r.entry.ids.request_id.as_str(), r.entry.result))
            .collect();
        assert_eq!(
            seen,
            [
                ("r-1", AuditResult::Succeeded),
                ("r-2", AuditResult::Failed),
                ("r-4", AuditResult::Failed),
                ("r-6", AuditResult::Succeeded),
                ("r-7", AuditResult::Succeeded),
            ]
        );
        let visio = store
            .product_policy(&read, p, &VISIO.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(
            (visio.value, visio.version),
            (PolicyValue::OnlyTrialsWithoutPaymentMethod, 1),
            "the refused batch's first item was rolled back"
        );
        assert!(store.journal(ghost).await.unwrap().is_empty());
        assert!(
            store
                .find_tenant(&ghost.to_string())
                .await
                .unwrap()
                .is_none(),
            "the failed write's materialization was rolled back"
        );
    }

    #[test]
    fn every_migration_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let embedded: Vec<String> = super::MIGRATIONS
            .iter()
            .map(|(v, d, _)| format!("{v:04}_{d}.sql"))
            .collect();
        assert_eq!(files, embedded);
    }
}
