//! SQLite backend: one file, WAL, `synchronous=FULL`.
//!
//! Two pools on the same file: a *writer* pool of exactly one connection, whose transactions all
//! start with `BEGIN IMMEDIATE` (a deferred transaction that reads and then writes gets
//! `SQLITE_BUSY` without the busy handler ever being consulted), and a pool of read-only *reader*
//! connections, which WAL lets run beside the writers. Besides, the *writer thread* (module
//! `writer`) has a connection of its own for the writes that append to the journal. Writers
//! (those two connections, and other processes on the same file) wait for each other on
//! `busy_timeout`; within one process they take turns (a FIFO lock) instead, since SQLite's busy
//! handler polls rather than queues. Either wait ending is `StoreError::Unavailable`.
//!
//! Holding the only write lock of the file is what serializes a tenant's writes here, so the
//! hash chain and the conditional updates need no further locking.
//!
//! **Group commit** (on unless [`StoreOptions::group_commit`] is false): every write that
//! appends to the journal (policy writes, batches, refusals) is queued for the writer thread.
//! It takes what is queued (up to [`MAX_GROUP`]), runs the writes in one `BEGIN IMMEDIATE`
//! transaction, commits once (one fsync for the group) and only then answers the callers. A
//! refusal keeps its journal entry, exactly as in a transaction of its own; writes of one tenant
//! chain in queue order; a write that fails before writing anything (a 404) just answers its
//! error, and one that fails after writing makes the group run again with a savepoint per
//! write, so that it is rolled back alone. Without group commit the same thread runs each write
//! as its own transaction (a group of one): the same code. Directory and catalog writes always
//! take the sqlx writer connection directly.
//!
//! The writer thread runs a whole group in one synchronous call on a `rusqlite` connection (the
//! same bundled SQLite as sqlx's): through sqlx, every statement would be a round trip to sqlx's
//! SQLite thread (two thread switches), which costs more than SQLite itself. The SQL both
//! drivers run is written once, here, and so is the reading of the rows both query
//! (`Columns`).

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mscommerce_domain::{
    Actor, AuditEntry, Catalog, CatalogProduct, DomainName, IfMatch, OfferType, PolicyId,
    PolicyValue, ProductId, ReadGrant, RequestIds, TenantId, WriteGrant,
};
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite};
use time::OffsetDateTime;
use tokio::sync::{Mutex, OwnedMutexGuard, broadcast};
use uuid::Uuid;

use crate::common::{self, ActorFilter, PollRow, from_micros, micros};
use crate::{
    AppRecord, AuditQuery, AuditTargetFilter, Batch, BatchResult, CatalogRecord, ChangeNotice,
    DeviceCodeRecord, DevicePoll, DirectoryStore, JournalRecord, OfferTypePolicyRecord,
    PolicyStore, ProductPolicyRecord, RefreshTokenRecord, Result, Store, StoreError, StoreOptions,
    TenantPolicyRecord, TenantRecord, UserRecord, WriteContext,
};

mod writer;

use writer::{Answer, Op, Writer};

/// The most writes one group commits together.
pub const MAX_GROUP: usize = 256;
/// Writes waiting for the writer thread, at most; callers beyond wait to queue (back-pressure).
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
    (
        3,
        "fewer_journal_indexes",
        include_str!("../migrations/sqlite/0003_fewer_journal_indexes.sql"),
    ),
    (
        4,
        "assertion_jti",
        include_str!("../migrations/sqlite/0004_assertion_jti.sql"),
    ),
];

#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Directory and catalog writes, migrations.
    writer: SqlitePool,
    reader: SqlitePool,
    /// The writer thread of the journaled writes.
    journaled: Writer,
    /// Taken by whoever writes in this process, the writer pool's callers and the writer
    /// thread's groups, in the order they ask (see [`Turn`]).
    turn: Turn,
    notices: broadcast::Sender<ChangeNotice>,
}

/// A SQLite error → `StoreError`, by its extended result code, for both drivers.
fn classify(code: i32, message: String) -> StoreError {
    use rusqlite::ffi;
    // Primary result code: the low byte of the extended one.
    match code & 0xff {
        ffi::SQLITE_BUSY
        | ffi::SQLITE_LOCKED
        | ffi::SQLITE_IOERR
        | ffi::SQLITE_FULL
        | ffi::SQLITE_CANTOPEN => StoreError::Unavailable(message),
        _ => match code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                StoreError::Conflict(message)
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => StoreError::NotFound,
            _ => StoreError::Internal(message),
        },
    }
}

/// `sqlx::Error` → `StoreError`.
fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(db) => {
            let code = db
                .code()
                .and_then(|c| c.parse::<i32>().ok())
                .unwrap_or_default();
            classify(code, db.message().to_owned())
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(e.to_string())
        }
        other => StoreError::Internal(other.to_string()),
    }
}

/// `rusqlite::Error` (the writer thread's) → `StoreError`, by the same rules.
fn map_rusqlite_err(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, message) => {
            classify(f.extended_code, message.unwrap_or_else(|| f.to_string()))
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

impl<T> Db<T> for std::result::Result<T, rusqlite::Error> {
    fn db(self) -> Result<T> {
        self.map_err(map_rusqlite_err)
    }
}

/// A column type both drivers decode.
trait Value: for<'r> sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite> + rusqlite::types::FromSql {}

impl<T> Value for T where
    T: for<'r> sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite> + rusqlite::types::FromSql
{
}

/// A row of either driver, read by column name: what lets one function read the rows that both
/// the readers (sqlx) and the writer thread (rusqlite) query.
trait Columns {
    fn column<T: Value>(&self, col: &str) -> Result<T>;
}

impl Columns for SqliteRow {
    fn column<T: Value>(&self, col: &str) -> Result<T> {
        self.try_get(col).db()
    }
}

impl Columns for rusqlite::Row<'_> {
    fn column<T: Value>(&self, col: &str) -> Result<T> {
        self.get(col).db()
    }
}

fn get<T: Value>(row: &impl Columns, col: &str) -> Result<T> {
    row.column(col)
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path`, with group commit. Call
    /// [`Store::migrate`] next.
    pub async fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, &StoreOptions::default()).await
    }

    /// Opens the database file at `path` with `options`, and starts the writer thread (which
    /// ends when every handle on the store is gone, or at [`SqliteStore::close`]).
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
        let turn = Turn::default();
        let journaled =
            Writer::start(path, options.group_commit, notices.clone(), turn.clone()).await?;
        Ok(SqliteStore {
            writer,
            reader,
            journaled,
            turn,
            notices,
        })
    }

    /// Stops the writer thread once the writes queued so far are done, closing its connection,
    /// then closes both pools (waits for connections in use to come back).
    pub async fn close(&self) {
        self.journaled.close().await;
        self.writer.close().await;
        self.reader.close().await;
    }

    #[cfg(feature = "test-hooks")]
    /// Test hook: runs one statement on the writer connection, outside the store's rules.
    #[doc(hidden)]
    pub async fn raw_execute(&self, sql: &str) -> Result<u64> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut *self.write_conn().await?)
            .await
            .db()?
            .rows_affected())
    }

    /// The writer pool's connection, in this process's turn.
    async fn write_conn(&self) -> Result<WriteConn> {
        let turn = self.turn.take().await?;
        Ok(WriteConn {
            conn: self.writer.acquire().await.db()?,
            _turn: turn,
        })
    }

    /// A `BEGIN IMMEDIATE` transaction on the writer pool's connection, in this process's turn.
    async fn begin_write(&self) -> Result<WriteTx> {
        let turn = self.turn.take().await?;
        Ok(WriteTx {
            tx: self.writer.begin_with("BEGIN IMMEDIATE").await.db()?,
            _turn: turn,
        })
    }
}

/// The turn of this process's writers. The writer pool's connection and the writer thread's are
/// two writers on one file: SQLite's lock serializes them, but its busy handler polls (up to
/// 100 ms apart) instead of queueing, so a directory write beside a stream of groups could wait
/// seconds for a gap between them. Taking this FIFO lock first (the writer thread for each
/// group) makes them take turns in the order they ask; other processes still wait on
/// `busy_timeout`.
#[derive(Debug, Clone, Default)]
struct Turn(Arc<Mutex<()>>);

impl Turn {
    async fn take(&self) -> Result<OwnedMutexGuard<()>> {
        tokio::time::timeout(BUSY_TIMEOUT, self.0.clone().lock_owned())
            .await
            .map_err(|_| StoreError::Unavailable("timed out waiting to write".into()))
    }

    /// For the writer thread (not a Tokio thread: this blocks).
    fn take_blocking(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.0.blocking_lock()
    }
}

/// The writer pool's connection, held in turn.
struct WriteConn {
    conn: PoolConnection<Sqlite>,
    _turn: OwnedMutexGuard<()>,
}

impl Deref for WriteConn {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.conn
    }
}

impl DerefMut for WriteConn {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }
}

/// A transaction on the writer pool's connection, held in turn (rolled back when dropped).
struct WriteTx {
    tx: sqlx::Transaction<'static, Sqlite>,
    _turn: OwnedMutexGuard<()>,
}

impl WriteTx {
    async fn commit(self) -> std::result::Result<(), sqlx::Error> {
        let WriteTx { tx, _turn } = self;
        tx.commit().await
    }
}

impl Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

// ---------------------------------------------------------------------------------------------
// New tenants, which both the directory (sqlx) and the writer thread (rusqlite) create.

/// A tenant's row: `?1` id, `?2` domain, `?3` display name, `?4` creation time. Changes nothing
/// when the tenant exists.
const INSERT_TENANT: &str = "
    INSERT INTO tenants (id, domain, display_name, created_at) VALUES (?1, ?2, ?3, ?4)
    ON CONFLICT (id) DO NOTHING";

/// What a new tenant gets for each policy, after its row: statements of parameters `?1` tenant,
/// `?2` policy, `?3` the value they bind. Its default row (the built-in default, version 0),
/// then every product at that default and every offer type at the offer types' default.
fn materialized_rows(policy: PolicyId) -> [(&'static str, PolicyValue); 3] {
    let default = policy.builtin_default();
    [
        (
            "INSERT INTO tenant_policies (tenant, policy_id, default_value, version)
             VALUES (?1, ?2, ?3, 0)",
            default,
        ),
        (
            "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
             SELECT ?1, ?2, product_id, ?3, 0 FROM products",
            default,
        ),
        (
            "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
             SELECT ?1, ?2, offer_type_key, ?3, 0 FROM offer_types",
            common::offer_type_default(policy),
        ),
    ]
}

/// Creates the tenant's row and its policy rows unless the tenant exists. Returns whether it
/// created them. (The writer thread has its own, on its connection.)
async fn materialize(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    domain: Option<&str>,
    display_name: &str,
    created_at: OffsetDateTime,
) -> Result<bool> {
    let t = tenant.to_string();
    let inserted = sqlx::query(INSERT_TENANT)
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
        for (sql, value) in materialized_rows(policy) {
            sqlx::query(sql)
                .bind(&t)
                .bind(policy.as_str())
                .bind(value.as_str())
                .execute(&mut *conn)
                .await
                .db()?;
        }
    }
    Ok(true)
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

/// `?1` tenant, `?2` policy.
const SELECT_POLICY: &str =
    "SELECT default_value, version FROM tenant_policies WHERE tenant = ?1 AND policy_id = ?2";

fn product_row(
    r: &impl Columns,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<ProductPolicyRecord> {
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
    r: &impl Columns,
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

/// The tenant's default for `policy` from its row (`None`: an unknown tenant, at the built-in
/// default).
fn policy_row(
    r: Option<&impl Columns>,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<TenantPolicyRecord> {
    Ok(match r {
        Some(r) => common::policy_record(
            tenant,
            policy,
            common::parse_value(&get::<String>(r, "default_value")?)?,
            get(r, "version")?,
        ),
        None => common::policy_record(tenant, policy, policy.builtin_default(), 0),
    })
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

async fn read_offer_type(
    conn: &mut SqliteConnection,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<OfferTypePolicyRecord>> {
    sqlx::query(SELECT_OFFER_TYPE)
        .bind(tenant.to_string())
        .bind(policy.as_str())
        .bind(common::offer_type_default(policy).as_str())
        .bind(common::offer_type_key(offer_type))
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| offer_type_row(&r, tenant, policy))
        .transpose()
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
    let row = sqlx::query(SELECT_POLICY)
        .bind(tenant.to_string())
        .bind(policy.as_str())
        .fetch_optional(&mut *conn)
        .await
        .db()?;
    policy_row(row.as_ref(), tenant, policy)
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
    /// Runs a write on the writer thread: in its next group (group commit), or in a transaction
    /// of its own.
    async fn write(&self, op: Op) -> Result<Answer> {
        self.journaled.write(op).await
    }

    fn notify(&self, notice: ChangeNotice) {
        send(&self.notices, notice);
    }

    #[cfg(feature = "test-hooks")]
    /// Test hook: how many groups the writer thread committed, and how many writes they held
    /// (without group commit, every group holds one write).
    #[doc(hidden)]
    pub fn group_commit_stats(&self) -> (u64, u64) {
        self.journaled.stats()
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
        // The pool's only connection is free while the turn is held.
        let _turn = self.turn.take().await?;
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
            .execute(&mut *self.write_conn().await?)
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
            .execute(&mut *self.write_conn().await?)
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
            .execute(&mut *self.write_conn().await?)
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
                .execute(&mut *self.write_conn().await?)
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
        .execute(&mut *self.write_conn().await?)
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
        .fetch_optional(&mut *self.write_conn().await?)
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

    async fn remember_assertion(
        &self,
        jti_key: &str,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let mut conn = self.write_conn().await?;
        common::remember_assertion!(conn, micros, jti_key, expires_at, now)
    }

    async fn take_refresh_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<RefreshTokenRecord>> {
        // One statement: of two concurrent redemptions exactly one gets the row.
        let row = sqlx::query("DELETE FROM refresh_tokens WHERE token_hash = ?1 RETURNING *")
            .bind(token_hash)
            .fetch_optional(&mut *self.write_conn().await?)
            .await
            .db()?;
        let Some(r) = row else { return Ok(None) };
        let record = refresh_token_row(&r)?;
        Ok((record.expires_at > now).then_some(record))
    }
}

#[cfg(test)]
mod tests {
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
