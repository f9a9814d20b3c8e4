//! PostgreSQL backend, for several stateless replicas sharing one database.
//!
//! Isolation is the default READ COMMITTED; correctness does not rest on SERIALIZABLE. Instead:
//! - every policy write and journal append first makes sure the tenant's row exists and then
//!   locks it (`SELECT ... FOR NO KEY UPDATE`), so one tenant's writes run one after the other
//!   whichever replica takes them: the journal's `seq`/`prev_hash` and the version checks are
//!   read under that lock (and the journal's primary key `(tenant, seq)` would refuse a fork);
//! - `FOR NO KEY UPDATE` rather than `FOR UPDATE`, so inserts elsewhere that reference the
//!   tenant (foreign keys take KEY SHARE) do not queue behind a policy write;
//! - materializing a new tenant and `sync_catalog` exclude each other through a transaction-level
//!   advisory lock (shared / exclusive), so a tenant created while a product is being added gets
//!   that product's row either way;
//! - single-statement operations (`DELETE ... RETURNING` for refresh tokens, conditional
//!   `UPDATE`s) are atomic on their own.
//!
//! Lock waits are bounded by `lock_timeout`; a timeout, like a lost connection, a serialization
//! failure or a deadlock, is `StoreError::Unavailable` (retry).
//!
//! **Change notices.** A write that changes a tenant's policies, and every catalog change, runs
//! `pg_notify('mscommerce_changes', ...)` in its own transaction, so the notice is delivered
//! when (and only if) it commits. Each store keeps one connection listening on that channel
//! (application name `mscommerce-listener`) and forwards what it hears to
//! [`Store::changes`]; when that connection is lost it reconnects (backing off up to 5 s) and
//! then sends [`ChangeNotice::Everything`], since what happened meanwhile was not heard. The
//! price: PostgreSQL serializes the commits of transactions that notified (a lock held until the
//! commit is flushed), so concurrent writes no longer share WAL flushes (docs/decisions.md).
//!
//! **No group commit here.** Each write commits on its own connection; PostgreSQL already lets
//! concurrent commits share one WAL flush (and `commit_delay` / `commit_siblings` widen that
//! window), and writes of different tenants run in parallel. Funnelling them through one
//! connection would serialize what the row locks let overlap, across replicas too.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mscommerce_domain::audit::GENESIS_HASH;
use mscommerce_domain::{
    Actor, AuditEntry, AuditTarget, Catalog, CatalogProduct, DomainName, IfMatch, OfferType,
    PolicyId, PolicyValue, ProductId, ReadGrant, RequestIds, TenantId, WriteGrant,
};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgListener, PgPool, PgPoolOptions, PgRow};
use sqlx::{Connection as _, Postgres, QueryBuilder, Row};
use time::OffsetDateTime;
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::common::{self, ActorFilter, Decision, PollRow, Step};
use crate::{
    AppRecord, AuditQuery, AuditTargetFilter, Batch, BatchOutcome, BatchResult, BatchTarget,
    CatalogRecord, ChangeNotice, DeviceCodeRecord, DevicePoll, DirectoryStore, JournalRecord,
    OfferTypePolicyRecord, PolicyStore, ProductPolicyRecord, RefreshTokenRecord, Result, Store,
    StoreError, TenantPolicyRecord, TenantRecord, UserRecord, WriteContext,
};

const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
const LOCK_TIMEOUT: &str = "5s";
const MAX_CONNECTIONS: u32 = 10;
/// Key of the advisory lock between `sync_catalog` (exclusive) and tenant materialization
/// (shared). ASCII "mscatlg" — any constant no other user of the database picks.
const CATALOG_LOCK: i64 = 0x006d_7363_6174_6c67;
/// The channel change notices travel on between replicas.
const CHANNEL: &str = "mscommerce_changes";
/// The application name of the listening connection (so an operator, or a test, can find it).
const LISTENER_NAME: &str = "mscommerce-listener";
/// Change notices a slow receiver may fall behind by before it hears `Lagged`.
const NOTICES: usize = 1024;
/// The longest wait between two attempts to get the listener back.
const MAX_LISTEN_BACKOFF: Duration = Duration::from_secs(5);

/// The migrations, embedded. A unit test checks that this list and `migrations/postgres/` agree.
pub(crate) const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "audit_indexes",
        include_str!("../migrations/postgres/0002_audit_indexes.sql"),
    ),
    (
        4,
        "assertion_jti",
        include_str!("../migrations/postgres/0004_assertion_jti.sql"),
    ),
];

#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
    options: PgConnectOptions,
    notices: broadcast::Sender<ChangeNotice>,
    listener: Arc<Listening>,
}

/// The listener task, stopped when the last handle on the store goes (or at `close`).
struct Listening(tokio::task::JoinHandle<()>);

impl Drop for Listening {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// By hand: `PgConnectOptions`' own `Debug` prints the password.
impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("host", &self.options.get_host())
            .field("port", &self.options.get_port())
            .field("database", &self.options.get_database())
            .field("username", &self.options.get_username())
            .field("pool", &self.pool)
            .finish()
    }
}

/// `sqlx::Error` → `StoreError`, by SQLSTATE.
fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            let transient = code.starts_with("08") // connection exception
                || code.starts_with("53") // insufficient resources (too many connections, ...)
                || matches!(
                    code.as_str(),
                    "40001" | "40P01" | "55P03" | "57014" | "57P01" | "57P02" | "57P03"
                );
            if transient {
                return StoreError::Unavailable(db.message().to_owned());
            }
            match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation => {
                    StoreError::Conflict(db.message().to_owned())
                }
                sqlx::error::ErrorKind::ForeignKeyViolation => StoreError::NotFound,
                _ => StoreError::Internal(format!("{} ({code})", db.message())),
            }
        }
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
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

fn get<'r, T>(row: &'r PgRow, col: &str) -> Result<T>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(col).db()
}

/// Times go in cut to microseconds, which is what `timestamptz` keeps.
fn ts(t: OffsetDateTime) -> Result<OffsetDateTime> {
    common::truncate_micros(t)
}

impl PostgresStore {
    /// Connects to the database named by `url` (`postgres://...`). Call [`Store::migrate`] next.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Internal(format!("bad PostgreSQL URL: {e}")))?
            .application_name("mscommerce")
            .options([("lock_timeout", LOCK_TIMEOUT)]);
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options.clone())
            .await
            .db()?;
        let (notices, _) = broadcast::channel(NOTICES);
        // Its own pool of one, without idle or lifetime limits: the listening connection stays.
        let listen_pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_lazy_with(options.clone().application_name(LISTENER_NAME));
        // Listening before `connect` returns: no change committed after it is missed.
        let listener = listen(&listen_pool).await?;
        let task = tokio::spawn(follow(listener, listen_pool, notices.clone()));
        Ok(PostgresStore {
            pool,
            options,
            notices,
            listener: Arc::new(Listening(task)),
        })
    }

    /// Stops listening and closes the pool (waits for connections in use to come back).
    pub async fn close(&self) {
        self.listener.0.abort();
        self.pool.close().await;
    }

    #[cfg(feature = "test-hooks")]
    /// Test hook: runs one statement, outside the store's rules.
    #[doc(hidden)]
    pub async fn raw_execute(&self, sql: &str) -> Result<u64> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&self.pool)
            .await
            .db()?
            .rows_affected())
    }

    async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.pool.begin().await.db()
    }

    /// Tells this process's receivers (after the commit; other replicas heard `NOTIFY`).
    fn notify_local(&self, notice: ChangeNotice) {
        // No receiver is not an error: nobody caches.
        self.notices.send(notice).ok();
    }

    /// Ends a single write: commits a done step (with its notice when it changed the row);
    /// journals a refusal, commits, and returns its error.
    async fn finish<R>(
        &self,
        mut tx: sqlx::Transaction<'static, Postgres>,
        tenant: TenantId,
        step: Step<R>,
    ) -> Result<R> {
        match step {
            Step::Done { record, changed } => {
                if changed {
                    notify(&mut tx, ChangeNotice::Tenant(tenant)).await?;
                }
                tx.commit().await.db()?;
                if changed {
                    self.notify_local(ChangeNotice::Tenant(tenant));
                }
                Ok(record)
            }
            Step::Refused { entry, error } => {
                append(&mut tx, &entry).await?;
                tx.commit().await.db()?;
                Err(error)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Change notices.

/// Queues `notice` for every listener, delivered when the transaction commits.
async fn notify(conn: &mut PgConnection, notice: ChangeNotice) -> Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(common::notice_payload(notice))
        .execute(&mut *conn)
        .await
        .db()?;
    Ok(())
}

async fn listen(pool: &PgPool) -> Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await.db()?;
    listener.listen(CHANNEL).await.db()?;
    Ok(listener)
}

/// Forwards what the listener hears until the store is dropped. A lost connection is taken
/// back (by sqlx at once, or here with a backoff); once listening again, `Everything`.
async fn follow(listener: PgListener, pool: PgPool, notices: broadcast::Sender<ChangeNotice>) {
    let mut listener = Some(listener);
    let mut backoff = Duration::from_millis(100);
    loop {
        let l = match &mut listener {
            Some(l) => l,
            None => match listen(&pool).await {
                Ok(l) => {
                    tracing::info!("change notices: listening again; every cache is cleared");
                    backoff = Duration::from_millis(100);
                    notices.send(ChangeNotice::Everything).ok();
                    listener.insert(l)
                }
                Err(e) => {
                    tracing::warn!(error = %e, retry_in = ?backoff, "change notices: cannot listen");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_LISTEN_BACKOFF);
                    continue;
                }
            },
        };
        match l.try_recv().await {
            Ok(Some(n)) => {
                notices.send(common::parse_notice(n.payload())).ok();
            }
            // The connection was lost and sqlx has taken it back (listening again): whatever
            // was committed in between was not heard.
            Ok(None) => {
                tracing::warn!("change notices: the listener reconnected; every cache is cleared");
                notices.send(ChangeNotice::Everything).ok();
            }
            Err(e) => {
                tracing::warn!(error = %e, "change notices: the listener failed; reconnecting");
                listener = None;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Building blocks used inside write transactions.

/// Creates the tenant's row and its policy rows (every product at the built-in default, version
/// 0) unless the tenant exists. Returns whether it created them.
async fn materialize(
    conn: &mut PgConnection,
    tenant: TenantId,
    domain: Option<&str>,
    display_name: &str,
    created_at: OffsetDateTime,
) -> Result<bool> {
    let t = *tenant.as_uuid();
    // A concurrent insert of the same tenant waits here for the other transaction, then finds
    // the row: only one of them materializes.
    let inserted = sqlx::query(
        "INSERT INTO tenants (id, domain, display_name, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(t)
    .bind(domain)
    .bind(display_name)
    .bind(ts(created_at)?)
    .execute(&mut *conn)
    .await
    .db()?
    .rows_affected()
        == 1;
    if !inserted {
        return Ok(false);
    }
    // Shared with other materializations, exclusive with sync_catalog: the product list read
    // below is complete, or sync_catalog (waiting for us) will see this tenant.
    sqlx::query("SELECT pg_advisory_xact_lock_shared($1)")
        .bind(CATALOG_LOCK)
        .execute(&mut *conn)
        .await
        .db()?;
    for policy in PolicyId::ALL {
        let default = policy.builtin_default().as_str();
        sqlx::query(
            "INSERT INTO tenant_policies (tenant, policy_id, default_value, version)
             VALUES ($1, $2, $3, 0)",
        )
        .bind(t)
        .bind(policy.as_str())
        .bind(default)
        .execute(&mut *conn)
        .await
        .db()?;
        sqlx::query(
            "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
             SELECT $1, $2, product_id, $3, 0 FROM products",
        )
        .bind(t)
        .bind(policy.as_str())
        .bind(default)
        .execute(&mut *conn)
        .await
        .db()?;
        sqlx::query(
            "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
             SELECT $1, $2, offer_type_key, $3, 0 FROM offer_types",
        )
        .bind(t)
        .bind(policy.as_str())
        .bind(common::offer_type_default(policy).as_str())
        .execute(&mut *conn)
        .await
        .db()?;
    }
    Ok(true)
}

/// Materializes the tenant if needed, then takes its write lock until the transaction ends.
async fn lock_tenant(
    conn: &mut PgConnection,
    tenant: TenantId,
    first_seen: OffsetDateTime,
) -> Result<()> {
    materialize(conn, tenant, None, "", first_seen).await?;
    sqlx::query("SELECT 1 FROM tenants WHERE id = $1 FOR NO KEY UPDATE")
        .bind(tenant.as_uuid())
        .fetch_one(&mut *conn)
        .await
        .db()?;
    Ok(())
}

/// Appends `entry` to its tenant's chain. The caller holds the tenant's lock.
async fn append(conn: &mut PgConnection, entry: &AuditEntry) -> Result<JournalRecord> {
    common::check_entry(entry)?;
    let t = *entry.tenant.as_uuid();
    let head =
        sqlx::query("SELECT seq, hash FROM audit_log WHERE tenant = $1 ORDER BY seq DESC LIMIT 1")
            .bind(t)
            .fetch_optional(&mut *conn)
            .await
            .db()?;
    let (seq, prev_hash) = match head {
        Some(r) => (get::<i64>(&r, "seq")? + 1, get::<String>(&r, "hash")?),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let mut entry = entry.clone();
    entry.at = ts(entry.at)?;
    let hash = entry.chain_hash(seq, &prev_hash);
    sqlx::query(
        "INSERT INTO audit_log (tenant, seq, id, at, actor_kind, actor_oid, actor_upn,
             actor_app_id, policy_id, target_kind, target_id, old_value, new_value, result,
             reason, request_id, correlation_id, client_request_id, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             $18, $19, $20)",
    )
    .bind(t)
    .bind(seq)
    .bind(entry.id)
    .bind(entry.at)
    .bind(entry.actor.kind.as_str())
    .bind(entry.actor.oid)
    .bind(entry.actor.upn.as_deref())
    .bind(entry.actor.app_id.as_deref())
    .bind(entry.policy.as_str())
    .bind(entry.target.kind())
    .bind(entry.target.id())
    .bind(entry.old_value.map(PolicyValue::as_str))
    .bind(entry.new_value.map(PolicyValue::as_str))
    .bind(entry.result.as_str())
    .bind(entry.reason.as_deref())
    .bind(&entry.ids.request_id)
    .bind(entry.ids.correlation_id.as_deref())
    .bind(entry.ids.client_request_id.as_deref())
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await
    .db()?;
    Ok(JournalRecord {
        seq,
        entry,
        prev_hash,
        hash,
    })
}

fn journal_record(r: &PgRow) -> Result<JournalRecord> {
    let tenant = TenantId::new(get(r, "tenant")?);
    let entry = AuditEntry {
        id: get(r, "id")?,
        at: get(r, "at")?,
        tenant,
        actor: Actor {
            tenant,
            kind: common::parse_actor_kind(&get::<String>(r, "actor_kind")?)?,
            oid: get(r, "actor_oid")?,
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
// and version 0, which is exactly what materializing would create. Names sort by bytes
// (COLLATE "C"), as SQLite sorts them, whatever the database's locale.

/// `$1` tenant, `$2` policy, `$3` built-in default, `$4` product id. The id resolves to a current
/// product of that id first, then to the product a legacy id maps to, then to a retired product
/// of that id (so mapping a retired product's id to its replacement redirects it).
const SELECT_PRODUCT: &str = concat!(
    "
    WITH r AS (
        SELECT product_id, CASE WHEN retired THEN 2 ELSE 0 END AS pref
            FROM products WHERE product_id = $4
        UNION ALL
        SELECT product_id, 1 AS pref FROM legacy_product_ids WHERE legacy_id = $4
        ORDER BY pref LIMIT 1
    )
    SELECT p.product_id, p.name, p.trial_without_payment_method, p.retired,
           COALESCE(pp.value, ",
    common::start_value_sql!(),
    ", $3) AS value,
           COALESCE(pp.version, 0) AS version
    FROM r
    JOIN products p ON p.product_id = r.product_id
    LEFT JOIN tenant_policies tp ON tp.tenant = $1 AND tp.policy_id = $2
    LEFT JOIN product_policies pp
        ON pp.tenant = $1 AND pp.policy_id = $2 AND pp.product_id = p.product_id"
);

const SELECT_PRODUCTS: &str = concat!(
    "
    SELECT p.product_id, p.name, p.trial_without_payment_method, p.retired,
           COALESCE(pp.value, ",
    common::start_value_sql!(),
    r#", $3) AS value,
           COALESCE(pp.version, 0) AS version
    FROM products p
    LEFT JOIN tenant_policies tp ON tp.tenant = $1 AND tp.policy_id = $2
    LEFT JOIN product_policies pp
        ON pp.tenant = $1 AND pp.policy_id = $2 AND pp.product_id = p.product_id
    WHERE NOT p.retired
    ORDER BY p.name COLLATE "C", p.product_id COLLATE "C""#
);

/// `$1` tenant, `$2` policy, `$3` the offer types' default, `$4` lower-case key.
const SELECT_OFFER_TYPE: &str = "
    SELECT o.offer_type, o.description,
           COALESCE(op.value, $3) AS value, COALESCE(op.version, 0) AS version
    FROM offer_types o
    LEFT JOIN offer_type_policies op
        ON op.tenant = $1 AND op.policy_id = $2 AND op.offer_type_key = o.offer_type_key
    WHERE o.offer_type_key = $4";

const SELECT_OFFER_TYPES: &str = r#"
    SELECT o.offer_type, o.description,
           COALESCE(op.value, $3) AS value, COALESCE(op.version, 0) AS version
    FROM offer_types o
    LEFT JOIN offer_type_policies op
        ON op.tenant = $1 AND op.policy_id = $2 AND op.offer_type_key = o.offer_type_key
    ORDER BY o.offer_type_key COLLATE "C""#;

fn product_row(r: &PgRow, tenant: TenantId, policy: PolicyId) -> Result<ProductPolicyRecord> {
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

fn offer_type_row(r: &PgRow, tenant: TenantId, policy: PolicyId) -> Result<OfferTypePolicyRecord> {
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
    conn: &mut PgConnection,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<ProductPolicyRecord>> {
    sqlx::query(SELECT_PRODUCT)
        .bind(tenant.as_uuid())
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
    conn: &mut PgConnection,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<OfferTypePolicyRecord>> {
    sqlx::query(SELECT_OFFER_TYPE)
        .bind(tenant.as_uuid())
        .bind(policy.as_str())
        .bind(common::offer_type_default(policy).as_str())
        .bind(common::offer_type_key(offer_type))
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| offer_type_row(&r, tenant, policy))
        .transpose()
}

/// Makes sure the tenant's row for `product_id` exists, at the tenant's default. Defensive:
/// materialization and `sync_catalog` already guarantee it, so this is normally a no-op.
async fn ensure_product_row(
    conn: &mut PgConnection,
    tenant: TenantId,
    policy: PolicyId,
    product_id: &str,
) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
         SELECT tp.tenant, tp.policy_id, p.product_id, ",
        common::start_value_sql!(),
        ", 0 FROM tenant_policies tp JOIN products p ON p.product_id = $3
         WHERE tp.tenant = $1 AND tp.policy_id = $2
         ON CONFLICT DO NOTHING"
    ))
    .bind(tenant.as_uuid())
    .bind(policy.as_str())
    .bind(product_id)
    .execute(&mut *conn)
    .await
    .db()?;
    Ok(())
}

async fn ensure_offer_type_row(
    conn: &mut PgConnection,
    tenant: TenantId,
    policy: PolicyId,
    key: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
         VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT DO NOTHING",
    )
    .bind(tenant.as_uuid())
    .bind(policy.as_str())
    .bind(key)
    .bind(common::offer_type_default(policy).as_str())
    .execute(&mut *conn)
    .await
    .db()?;
    Ok(())
}

/// One new product's row in every tenant, each at its own default, in one statement. The caller
/// holds the catalog lock exclusively, so no tenant materializes meanwhile without it.
async fn add_product_rows(conn: &mut PgConnection, product_id: &str) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
         SELECT tp.tenant, tp.policy_id, p.product_id, ",
        common::start_value_sql!(),
        ", 0 FROM tenant_policies tp JOIN products p ON p.product_id = $1 
         ON CONFLICT DO NOTHING"
    ))
    .bind(product_id)
    .execute(&mut *conn)
    .await
    .db()?;
    Ok(())
}

async fn read_policy(
    conn: &mut PgConnection,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<TenantPolicyRecord> {
    let row = sqlx::query(
        "SELECT default_value, version FROM tenant_policies WHERE tenant = $1 AND policy_id = $2",
    )
    .bind(tenant.as_uuid())
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
    conn: &mut PgConnection,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<ProductPolicyRecord>> {
    let Some(found) = read_product(conn, tenant, policy, product).await? else {
        return Ok(None);
    };
    ensure_product_row(conn, tenant, policy, found.product_id.as_str()).await?;
    read_product(conn, tenant, policy, &found.product_id).await
}

async fn current_offer_type(
    conn: &mut PgConnection,
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
    ensure_offer_type_row(conn, tenant, policy, &key).await?;
    read_offer_type(conn, tenant, policy, offer_type).await
}

/// Applies `value` to a product row read under the tenant lock. A change updates the row
/// (conditional on the version read: belt and braces) and appends its entry; a refusal's entry is
/// left to the caller.
async fn write_product(
    conn: &mut PgConnection,
    grant: &WriteGrant,
    policy: PolicyId,
    current: ProductPolicyRecord,
    value: PolicyValue,
    if_match: Option<&IfMatch>,
    ctx: &WriteContext,
) -> Result<Step<ProductPolicyRecord>> {
    let target = AuditTarget::Product(current.product_id.clone());
    match common::decide_product(&current, value, if_match) {
        Decision::Unchanged => Ok(Step::Done {
            record: current,
            changed: false,
        }),
        Decision::Refuse { reason, refusal } => Ok(Step::Refused {
            entry: Box::new(common::write_entry(
                grant,
                policy,
                target,
                current.value,
                value,
                Some(reason),
                ctx,
            )),
            error: refusal.into(),
        }),
        Decision::Change => {
            let updated = sqlx::query(
                "UPDATE product_policies SET value = $1, version = version + 1, updated_at = $2
                 WHERE tenant = $3 AND policy_id = $4 AND product_id = $5 AND version = $6",
            )
            .bind(value.as_str())
            .bind(ts(ctx.at)?)
            .bind(*grant.tenant().as_uuid())
            .bind(policy.as_str())
            .bind(current.product_id.as_str())
            .bind(current.version)
            .execute(&mut *conn)
            .await
            .db()?
            .rows_affected();
            if updated != 1 {
                return Err(StoreError::Internal(
                    "product policy row changed under the tenant lock".into(),
                ));
            }
            let entry = common::write_entry(grant, policy, target, current.value, value, None, ctx);
            append(conn, &entry).await?;
            Ok(Step::Done {
                record: common::product_changed(grant.tenant(), policy, current, value),
                changed: true,
            })
        }
    }
}

async fn write_offer_type(
    conn: &mut PgConnection,
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
        Decision::Refuse { reason, refusal } => Ok(Step::Refused {
            entry: Box::new(common::write_entry(
                grant,
                policy,
                target,
                current.value,
                value,
                Some(reason),
                ctx,
            )),
            error: refusal.into(),
        }),
        Decision::Change => {
            let updated = sqlx::query(
                "UPDATE offer_type_policies SET value = $1, version = version + 1, updated_at = $2
                 WHERE tenant = $3 AND policy_id = $4 AND offer_type_key = $5 AND version = $6",
            )
            .bind(value.as_str())
            .bind(ts(ctx.at)?)
            .bind(*grant.tenant().as_uuid())
            .bind(policy.as_str())
            .bind(common::offer_type_key(&current.offer_type))
            .bind(current.version)
            .execute(&mut *conn)
            .await
            .db()?
            .rows_affected();
            if updated != 1 {
                return Err(StoreError::Internal(
                    "offer type policy row changed under the tenant lock".into(),
                ));
            }
            let entry = common::write_entry(grant, policy, target, current.value, value, None, ctx);
            append(conn, &entry).await?;
            Ok(Step::Done {
                record: common::offer_type_changed(grant.tenant(), policy, current, value),
                changed: true,
            })
        }
    }
}

/// Applies `value` as the tenant's default (the tenant is materialized, the lock held).
async fn write_default(
    conn: &mut PgConnection,
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
        Decision::Refuse { reason, refusal } => Ok(Step::Refused {
            entry: Box::new(common::write_entry(
                grant,
                policy,
                AuditTarget::Default,
                current.default_value,
                value,
                Some(reason),
                ctx,
            )),
            error: refusal.into(),
        }),
        Decision::Change => {
            let updated = sqlx::query(
                "UPDATE tenant_policies SET default_value = $1, version = version + 1
                 WHERE tenant = $2 AND policy_id = $3 AND version = $4",
            )
            .bind(value.as_str())
            .bind(tenant.as_uuid())
            .bind(policy.as_str())
            .bind(current.version)
            .execute(&mut *conn)
            .await
            .db()?
            .rows_affected();
            if updated != 1 {
                return Err(StoreError::Internal(
                    "tenant policy row changed under the tenant lock".into(),
                ));
            }
            let entry = common::write_entry(
                grant,
                policy,
                AuditTarget::Default,
                current.default_value,
                value,
                None,
                ctx,
            );
            append(conn, &entry).await?;
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

#[async_trait]
impl PolicyStore for PostgresStore {
    async fn policy(&self, grant: &ReadGrant, policy: PolicyId) -> Result<TenantPolicyRecord> {
        let mut conn = self.pool.acquire().await.db()?;
        read_policy(&mut conn, grant.tenant(), policy).await
    }

    async fn product_policies(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
    ) -> Result<Vec<ProductPolicyRecord>> {
        let tenant = grant.tenant();
        sqlx::query(SELECT_PRODUCTS)
            .bind(tenant.as_uuid())
            .bind(policy.as_str())
            .bind(policy.builtin_default().as_str())
            .fetch_all(&self.pool)
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
        let mut conn = self.pool.acquire().await.db()?;
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
            .bind(tenant.as_uuid())
            .bind(policy.as_str())
            .bind(common::offer_type_default(policy).as_str())
            .fetch_all(&self.pool)
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
        let mut conn = self.pool.acquire().await.db()?;
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
        let tenant = grant.tenant();
        let mut tx = self.begin().await?;
        // Unknown products are a 404 and neither materialize the tenant nor reach the journal.
        if read_product(&mut tx, tenant, policy, product)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound);
        }
        lock_tenant(&mut tx, tenant, ctx.at).await?;
        let current = current_product(&mut tx, tenant, policy, product)
            .await?
            .ok_or(StoreError::NotFound)?;
        let step = write_product(&mut tx, grant, policy, current, value, if_match, ctx).await?;
        self.finish(tx, tenant, step).await
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
        let tenant = grant.tenant();
        let mut tx = self.begin().await?;
        if read_offer_type(&mut tx, tenant, policy, offer_type)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound);
        }
        lock_tenant(&mut tx, tenant, ctx.at).await?;
        let current = current_offer_type(&mut tx, tenant, policy, offer_type)
            .await?
            .ok_or(StoreError::NotFound)?;
        let step = write_offer_type(&mut tx, grant, policy, current, value, if_match, ctx).await?;
        self.finish(tx, tenant, step).await
    }

    async fn set_default_value(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<TenantPolicyRecord> {
        let mut tx = self.begin().await?;
        lock_tenant(&mut tx, grant.tenant(), ctx.at).await?;
        let step = write_default(&mut tx, grant, policy, value, if_match, ctx).await?;
        self.finish(tx, grant.tenant(), step).await
    }

    async fn apply_batch(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        batch: &Batch,
        ctx: &WriteContext,
    ) -> Result<BatchResult> {
        let tenant = grant.tenant();
        let mut tx = self.begin().await?;
        // Every target first: unknown ones and duplicates refuse the batch before anything is
        // written (not journaled, as for single writes).
        let mut keys = Vec::with_capacity(batch.items.len());
        for (index, item) in batch.items.iter().enumerate() {
            let key = match &item.target {
                BatchTarget::Product(p) => read_product(&mut tx, tenant, policy, p)
                    .await?
                    .map(|r| format!("product:{}", r.product_id)),
                BatchTarget::OfferType(o) => read_offer_type(&mut tx, tenant, policy, o)
                    .await?
                    .map(|r| format!("offerType:{}", common::offer_type_key(&r.offer_type))),
            };
            keys.push(key.ok_or_else(|| item_error(index, StoreError::NotFound))?);
        }
        common::check_duplicates(&keys)?;
        lock_tenant(&mut tx, tenant, ctx.at).await?;

        // The changes in a savepoint: a refusal rolls them back and journals itself alone.
        let mut sp = tx.begin().await.db()?;
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
                    match write_product(&mut sp, grant, policy, current, item.value, m, &c).await? {
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
                    match write_offer_type(&mut sp, grant, policy, current, item.value, m, &c)
                        .await?
                    {
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
                if entries > 0 {
                    notify(&mut tx, ChangeNotice::Tenant(tenant)).await?;
                }
                tx.commit().await.db()?;
                if entries > 0 {
                    self.notify_local(ChangeNotice::Tenant(tenant));
                }
                Ok(result)
            }
            Some((mut entry, error)) => {
                sp.rollback().await.db()?;
                entry.id = ctx.audit_id;
                append(&mut tx, &entry).await?;
                tx.commit().await.db()?;
                Err(error)
            }
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
        let mut tx = self.begin().await?;
        lock_tenant(&mut tx, first.tenant, first.at).await?;
        for e in entries {
            append(&mut tx, e).await?;
        }
        tx.commit().await.db()
    }

    async fn journal_after(
        &self,
        tenant: TenantId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<JournalRecord>> {
        sqlx::query("SELECT * FROM audit_log WHERE tenant = $1 AND seq > $2 ORDER BY seq LIMIT $3")
            .bind(tenant.as_uuid())
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .db()?
            .iter()
            .map(journal_record)
            .collect()
    }

    async fn audit_log(&self, grant: &ReadGrant, query: &AuditQuery) -> Result<Vec<JournalRecord>> {
        let mut q = QueryBuilder::<Postgres>::new("SELECT * FROM audit_log WHERE tenant = ");
        q.push_bind(*grant.tenant().as_uuid());
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
                    .push(
                        "::text UNION SELECT product_id FROM legacy_product_ids WHERE legacy_id = ",
                    )
                    .push_bind(id.clone())
                    .push(
                        " UNION SELECT legacy_id FROM legacy_product_ids WHERE product_id IN \
                         (SELECT ",
                    )
                    .push_bind(id.clone())
                    .push(
                        "::text UNION SELECT product_id FROM legacy_product_ids WHERE legacy_id = ",
                    )
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
            Some(ActorFilter::Guid(oid, text)) => {
                q.push(" AND (actor_oid = ")
                    .push_bind(oid)
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
            q.push(" AND at >= ").push_bind(ts(t)?);
        }
        if let Some(t) = query.until {
            q.push(" AND at < ").push_bind(ts(t)?);
        }
        if let Some(seq) = query.before_seq {
            q.push(" AND seq < ").push_bind(seq);
        }
        q.push(" ORDER BY seq DESC LIMIT ")
            .push_bind(i64::from(query.limit));
        q.build()
            .fetch_all(&self.pool)
            .await
            .db()?
            .iter()
            .map(journal_record)
            .collect()
    }
}

/// `Some(retired)` for a product of the catalog, `None` for an unknown id.
async fn product_retired(conn: &mut PgConnection, id: &str) -> Result<Option<bool>> {
    sqlx::query("SELECT retired FROM products WHERE product_id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| get::<bool>(&r, "retired"))
        .transpose()
}

async fn legacy_target(conn: &mut PgConnection, legacy: &str) -> Result<Option<String>> {
    sqlx::query("SELECT product_id FROM legacy_product_ids WHERE legacy_id = $1")
        .bind(legacy)
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .map(|r| get::<String>(&r, "product_id"))
        .transpose()
}

#[async_trait]
impl Store for PostgresStore {
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
        // A connection of its own without lock_timeout (a later `-c` wins): replicas starting
        // together wait for the first one's migration (sqlx takes an advisory lock) however
        // long it takes.
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(self.options.clone().options([("lock_timeout", "0")]))
            .await
            .db()?;
        let run = sqlx::migrate::Migrator::with_migrations(migrations)
            .run(&pool)
            .await
            .map_err(|e| StoreError::Internal(format!("migration failed: {e}")));
        pool.close().await;
        run
    }

    async fn sync_catalog(&self, catalog: &Catalog) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("SET LOCAL lock_timeout = 0")
            .execute(&mut *tx)
            .await
            .db()?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CATALOG_LOCK)
            .execute(&mut *tx)
            .await
            .db()?;
        let mut new_products = Vec::new();
        for p in &catalog.products {
            let inserted = sqlx::query(
                "INSERT INTO products (product_id, name, trial_without_payment_method)
                 VALUES ($1, $2, $3) ON CONFLICT (product_id) DO NOTHING",
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
                    "INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES ($1, $2)
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
                 VALUES ($1, $2, $3) ON CONFLICT (offer_type_key) DO NOTHING",
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
        // One statement per new product over every tenant at once, each at its own default.
        for id in new_products {
            add_product_rows(&mut tx, id).await?;
        }
        for key in new_offer_types {
            for policy in PolicyId::ALL {
                sqlx::query(
                    "INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
                     SELECT tenant, policy_id, $1, $2, 0 FROM tenant_policies WHERE policy_id = $3
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
        if changed {
            notify(&mut tx, ChangeNotice::Catalog).await?;
        }
        tx.commit().await.db()?;
        if changed {
            self.notify_local(ChangeNotice::Catalog);
        }
        Ok(())
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await.db()?;
        Ok(())
    }

    async fn catalog_products(&self) -> Result<Vec<CatalogRecord>> {
        let mut conn = self.pool.acquire().await.db()?;
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
        let mut tx = self.begin().await?;
        // Exclusive with tenant materialization (shared): a tenant appearing meanwhile either
        // materializes after us (and copies the new product) or before (and gets its row here).
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CATALOG_LOCK)
            .execute(&mut *tx)
            .await
            .db()?;
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
             VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(&product.name)
        .bind(product.trial_without_payment_method)
        .execute(&mut *tx)
        .await
        .db()?;
        for l in legacy {
            sqlx::query("INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES ($1, $2)")
                .bind(l)
                .bind(id)
                .execute(&mut *tx)
                .await
                .db()?;
        }
        add_product_rows(&mut tx, id).await?;
        notify(&mut tx, ChangeNotice::Catalog).await?;
        tx.commit().await.db()?;
        self.notify_local(ChangeNotice::Catalog);
        Ok(())
    }

    async fn catalog_rename(&self, product: &ProductId, name: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE products SET name = $1 WHERE product_id = $2")
            .bind(name)
            .bind(product.as_str())
            .execute(&mut *tx)
            .await
            .db()?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        notify(&mut tx, ChangeNotice::Catalog).await?;
        tx.commit().await.db()?;
        self.notify_local(ChangeNotice::Catalog);
        Ok(())
    }

    async fn catalog_retire(&self, product: &ProductId) -> Result<bool> {
        let mut tx = self.begin().await?;
        match product_retired(&mut tx, product.as_str()).await? {
            None => Err(StoreError::NotFound),
            Some(true) => Ok(false),
            Some(false) => {
                sqlx::query("UPDATE products SET retired = true WHERE product_id = $1")
                    .bind(product.as_str())
                    .execute(&mut *tx)
                    .await
                    .db()?;
                notify(&mut tx, ChangeNotice::Catalog).await?;
                tx.commit().await.db()?;
                self.notify_local(ChangeNotice::Catalog);
                Ok(true)
            }
        }
    }

    async fn catalog_map_legacy(&self, legacy: &ProductId, product: &ProductId) -> Result<()> {
        let mut tx = self.begin().await?;
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
            "INSERT INTO legacy_product_ids (legacy_id, product_id) VALUES ($1, $2)
             ON CONFLICT (legacy_id) DO UPDATE SET product_id = excluded.product_id",
        )
        .bind(legacy.as_str())
        .bind(product.as_str())
        .execute(&mut *tx)
        .await
        .db()?;
        notify(&mut tx, ChangeNotice::Catalog).await?;
        tx.commit().await.db()?;
        self.notify_local(ChangeNotice::Catalog);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Directory.

fn tenant_row(r: &PgRow) -> Result<TenantRecord> {
    Ok(TenantRecord {
        id: TenantId::new(get(r, "id")?),
        domain: get::<Option<String>>(r, "domain")?
            .map(|d| {
                d.parse::<DomainName>()
                    .map_err(|e| StoreError::Internal(format!("stored domain: {e}")))
            })
            .transpose()?,
        display_name: get(r, "display_name")?,
        created_at: get(r, "created_at")?,
    })
}

fn user_row(r: &PgRow) -> Result<UserRecord> {
    Ok(UserRecord {
        tenant: TenantId::new(get(r, "tenant")?),
        oid: get(r, "oid")?,
        upn: get(r, "upn")?,
        display_name: get(r, "display_name")?,
        password_hash: get(r, "password_hash")?,
        roles: common::list_from_json(&get::<String>(r, "roles")?)?,
        enabled: get(r, "enabled")?,
        created_at: get(r, "created_at")?,
    })
}

fn app_row(r: &PgRow) -> Result<AppRecord> {
    Ok(AppRecord {
        tenant: TenantId::new(get(r, "tenant")?),
        client_id: get(r, "client_id")?,
        oid: get(r, "oid")?,
        display_name: get(r, "display_name")?,
        secret_hash: get(r, "secret_hash")?,
        certificate_pem: get(r, "certificate_pem")?,
        permissions: common::list_from_json(&get::<String>(r, "permissions")?)?,
        created_at: get(r, "created_at")?,
    })
}

fn device_code_row(r: &PgRow) -> Result<DeviceCodeRecord> {
    Ok(DeviceCodeRecord {
        device_code_hash: get(r, "device_code_hash")?,
        user_code: get(r, "user_code")?,
        tenant: TenantId::new(get(r, "tenant")?),
        client_id: get(r, "client_id")?,
        scope: get(r, "scope")?,
        created_at: get(r, "created_at")?,
        expires_at: get(r, "expires_at")?,
        interval: get(r, "interval_secs")?,
        last_poll_at: get(r, "last_poll_at")?,
        state: common::parse_state(&get::<String>(r, "state")?)?,
        user_oid: get(r, "user_oid")?,
        failed_attempts: get(r, "failed_attempts")?,
    })
}

fn refresh_token_row(r: &PgRow) -> Result<RefreshTokenRecord> {
    Ok(RefreshTokenRecord {
        token_hash: get(r, "token_hash")?,
        tenant: TenantId::new(get(r, "tenant")?),
        user_oid: get(r, "user_oid")?,
        client_id: get(r, "client_id")?,
        scope: get(r, "scope")?,
        issued_at: get(r, "issued_at")?,
        expires_at: get(r, "expires_at")?,
    })
}

async fn tenant_exists(conn: &mut PgConnection, tenant: TenantId) -> Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM tenants WHERE id = $1")
        .bind(tenant.as_uuid())
        .fetch_optional(&mut *conn)
        .await
        .db()?
        .is_some())
}

/// Expired device codes are kept this long (so a late poll still hears `expired_token`), then
/// purged when a new code is made.
const DEVICE_CODE_GRACE: time::Duration = time::Duration::hours(1);

#[async_trait]
impl DirectoryStore for PostgresStore {
    async fn create_tenant(&self, tenant: &TenantRecord) -> Result<()> {
        let mut tx = self.begin().await?;
        if let Some(d) = &tenant.domain {
            let taken = sqlx::query("SELECT 1 FROM tenants WHERE domain = $1")
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
                sqlx::query("SELECT * FROM tenants WHERE id = $1")
                    .bind(*id.as_uuid())
                    .fetch_optional(&self.pool)
                    .await
            }
            Err(_) => {
                sqlx::query("SELECT * FROM tenants WHERE domain = $1")
                    .bind(s.to_ascii_lowercase())
                    .fetch_optional(&self.pool)
                    .await
            }
        }
        .db()?;
        row.as_ref().map(tenant_row).transpose()
    }

    async fn list_tenants(&self) -> Result<Vec<TenantRecord>> {
        sqlx::query("SELECT * FROM tenants ORDER BY created_at, id")
            .fetch_all(&self.pool)
            .await
            .db()?
            .iter()
            .map(tenant_row)
            .collect()
    }

    async fn create_user(&self, user: &UserRecord) -> Result<()> {
        let upn = user.upn.to_lowercase();
        let mut tx = self.begin().await?;
        if !tenant_exists(&mut tx, user.tenant).await? {
            return Err(StoreError::NotFound);
        }
        let taken =
            sqlx::query("SELECT upn = $1 AS same_upn FROM users WHERE upn = $1 OR oid = $2")
                .bind(&upn)
                .bind(user.oid)
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
        // A concurrent twin that passed the check above fails on the unique indexes (Conflict).
        sqlx::query(
            "INSERT INTO users (oid, tenant, upn, display_name, password_hash, roles, enabled,
                 created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(user.oid)
        .bind(user.tenant.as_uuid())
        .bind(&upn)
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .bind(common::list_to_json(&user.roles)?)
        .bind(user.enabled)
        .bind(ts(user.created_at)?)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()
    }

    async fn find_user(&self, upn: &str) -> Result<Option<UserRecord>> {
        sqlx::query("SELECT * FROM users WHERE upn = $1")
            .bind(upn.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await
            .db()?
            .as_ref()
            .map(user_row)
            .transpose()
    }

    async fn find_user_by_oid(&self, tenant: TenantId, oid: Uuid) -> Result<Option<UserRecord>> {
        sqlx::query("SELECT * FROM users WHERE tenant = $1 AND oid = $2")
            .bind(tenant.as_uuid())
            .bind(oid)
            .fetch_optional(&self.pool)
            .await
            .db()?
            .as_ref()
            .map(user_row)
            .transpose()
    }

    async fn list_users(&self, tenant: Option<TenantId>) -> Result<Vec<UserRecord>> {
        sqlx::query(
            r#"SELECT * FROM users WHERE $1::uuid IS NULL OR tenant = $1 ORDER BY upn COLLATE "C""#,
        )
        .bind(tenant.map(|t| *t.as_uuid()))
        .fetch_all(&self.pool)
        .await
        .db()?
        .iter()
        .map(user_row)
        .collect()
    }

    async fn set_user_password(&self, upn: &str, password_hash: &str) -> Result<()> {
        let n = sqlx::query("UPDATE users SET password_hash = $1 WHERE upn = $2")
            .bind(password_hash)
            .bind(upn.trim().to_lowercase())
            .execute(&self.pool)
            .await
            .db()?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn set_user_roles(&self, upn: &str, roles: &[String]) -> Result<()> {
        let n = sqlx::query("UPDATE users SET roles = $1 WHERE upn = $2")
            .bind(common::list_to_json(roles)?)
            .bind(upn.trim().to_lowercase())
            .execute(&self.pool)
            .await
            .db()?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn create_app(&self, app: &AppRecord) -> Result<()> {
        let mut tx = self.begin().await?;
        if !tenant_exists(&mut tx, app.tenant).await? {
            return Err(StoreError::NotFound);
        }
        let taken = sqlx::query("SELECT 1 FROM apps WHERE tenant = $1 AND client_id = $2")
            .bind(app.tenant.as_uuid())
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
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(app.tenant.as_uuid())
        .bind(&app.client_id)
        .bind(app.oid)
        .bind(&app.display_name)
        .bind(app.secret_hash.as_deref())
        .bind(app.certificate_pem.as_deref())
        .bind(common::list_to_json(&app.permissions)?)
        .bind(ts(app.created_at)?)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()
    }

    async fn find_app(&self, tenant: TenantId, client_id: &str) -> Result<Option<AppRecord>> {
        sqlx::query("SELECT * FROM apps WHERE tenant = $1 AND client_id = $2")
            .bind(tenant.as_uuid())
            .bind(client_id)
            .fetch_optional(&self.pool)
            .await
            .db()?
            .as_ref()
            .map(app_row)
            .transpose()
    }

    async fn list_apps(&self, tenant: Option<TenantId>) -> Result<Vec<AppRecord>> {
        sqlx::query(
            r#"SELECT * FROM apps WHERE $1::uuid IS NULL OR tenant = $1
               ORDER BY tenant, client_id COLLATE "C""#,
        )
        .bind(tenant.map(|t| *t.as_uuid()))
        .fetch_all(&self.pool)
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
            sqlx::query("UPDATE apps SET secret_hash = $1 WHERE tenant = $2 AND client_id = $3")
                .bind(secret_hash)
                .bind(tenant.as_uuid())
                .bind(client_id)
                .execute(&self.pool)
                .await
                .db()?
                .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn create_device_code(&self, record: &DeviceCodeRecord) -> Result<()> {
        let now = ts(record.created_at)?;
        let mut tx = self.begin().await?;
        // Purge codes long expired, and an expired code holding this user code.
        sqlx::query(
            "DELETE FROM device_codes
             WHERE expires_at <= $1 OR (upper(user_code) = $2 AND expires_at <= $3)",
        )
        .bind(now - DEVICE_CODE_GRACE)
        .bind(common::user_code_key(&record.user_code))
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
        sqlx::query(
            "INSERT INTO device_codes (device_code_hash, user_code, tenant, client_id, scope,
                 created_at, expires_at, interval_secs, last_poll_at, state, user_oid,
                 failed_attempts)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&record.device_code_hash)
        .bind(&record.user_code)
        .bind(record.tenant.as_uuid())
        .bind(&record.client_id)
        .bind(&record.scope)
        .bind(now)
        .bind(ts(record.expires_at)?)
        .bind(record.interval)
        .bind(record.last_poll_at.map(ts).transpose()?)
        .bind(common::state_str(record.state))
        .bind(record.user_oid)
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
             WHERE upper(user_code) = $1 AND state = 'Pending' AND expires_at > $2",
        )
        .bind(common::user_code_key(user_code))
        .bind(ts(now)?)
        .fetch_optional(&self.pool)
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
            "UPDATE device_codes SET state = $1, user_oid = $2
             WHERE upper(user_code) = $3 AND state = 'Pending' AND expires_at > $4",
        )
        .bind(common::state_str(state))
        .bind(approve)
        .bind(common::user_code_key(user_code))
        .bind(ts(now)?)
        .execute(&self.pool)
        .await
        .db()?
        .rows_affected();
        Ok(n == 1)
    }

    async fn count_device_code_failure(&self, user_code: &str) -> Result<i64> {
        let row = sqlx::query(
            "UPDATE device_codes SET failed_attempts = failed_attempts + 1
             WHERE upper(user_code) = $1 RETURNING failed_attempts",
        )
        .bind(common::user_code_key(user_code))
        .fetch_optional(&self.pool)
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
        let mut tx = self.begin().await?;
        let Some(r) =
            sqlx::query("SELECT * FROM device_codes WHERE device_code_hash = $1 FOR UPDATE")
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
            "UPDATE device_codes SET state = $1, interval_secs = $2, last_poll_at = $3
             WHERE device_code_hash = $4",
        )
        .bind(common::state_str(outcome.state))
        .bind(outcome.interval)
        .bind(ts(now)?)
        .bind(device_code_hash)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(outcome.answer)
    }

    async fn store_refresh_token(&self, record: &RefreshTokenRecord) -> Result<()> {
        let mut tx = self.begin().await?;
        // Expired tokens can never be redeemed: drop them as new ones arrive.
        sqlx::query("DELETE FROM refresh_tokens WHERE expires_at <= $1")
            .bind(ts(record.issued_at)?)
            .execute(&mut *tx)
            .await
            .db()?;
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, tenant, user_oid, client_id, scope, issued_at,
                 expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&record.token_hash)
        .bind(record.tenant.as_uuid())
        .bind(record.user_oid)
        .bind(&record.client_id)
        .bind(&record.scope)
        .bind(ts(record.issued_at)?)
        .bind(ts(record.expires_at)?)
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
        let mut conn = self.pool.acquire().await.db()?;
        common::remember_assertion!(conn, ts, jti_key, expires_at, now)
    }

    async fn take_refresh_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<RefreshTokenRecord>> {
        // One statement: of two concurrent redemptions exactly one gets the row.
        let row = sqlx::query("DELETE FROM refresh_tokens WHERE token_hash = $1 RETURNING *")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await
            .db()?;
        let Some(r) = row else { return Ok(None) };
        let record = refresh_token_row(&r)?;
        Ok((record.expires_at > now).then_some(record))
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn debug_output_leaves_the_password_out() {
        // A lazy pool: nothing connects, so no server is needed.
        let options: super::PgConnectOptions =
            "postgres://svc:hunter2-secret@db.invalid:5432/mscommerce"
                .parse()
                .unwrap();
        let store = super::PostgresStore {
            pool: super::PgPoolOptions::new().connect_lazy_with(options.clone()),
            options,
            notices: tokio::sync::broadcast::channel(1).0,
            listener: std::sync::Arc::new(super::Listening(tokio::spawn(async {}))),
        };
        let shown = format!("{store:?}");
        assert!(shown.contains("db.invalid"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn every_migration_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
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
