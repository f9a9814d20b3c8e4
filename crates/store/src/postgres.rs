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
//! Statements are the shared ones (`policies`, `catalog`, `directory::statements`); this module
//! is the adapter: values bound and rows decoded by type, the row and advisory locks, `NOTIFY`.
//!
//! **No group commit here.** Each write commits on its own connection; PostgreSQL already lets
//! concurrent commits share one WAL flush (and `commit_delay` / `commit_siblings` widen that
//! window), and writes of different tenants run in parallel. Funnelling them through one
//! connection would serialize what the row locks let overlap, across replicas too.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use mscommerce_domain::TenantId;
use sqlx_core::column::Column as _;
use sqlx_core::pool::PoolConnection;
use sqlx_core::row::Row as _;
use sqlx_core::sql_str::{AssertSqlSafe, SqlSafeStr as _, SqlStr};
use sqlx_core::type_info::TypeInfo as _;
use sqlx_postgres::{
    PgArguments, PgConnectOptions, PgConnection, PgListener, PgPool, PgPoolOptions, PgRow, Postgres,
};
use time::OffsetDateTime;
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::common;
use crate::engine::SqlStore;
use crate::sql::{Backend, Cell, Conn, Dialect, Query, Row, Statement, Value, Work};
use crate::{ChangeNotice, Result, StoreError};

const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
const LOCK_TIMEOUT: &str = "5s";
const MAX_CONNECTIONS: u32 = 10;
/// Key of the advisory lock between catalog changes (exclusive) and tenant materialization
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
    (
        5,
        "refresh_families",
        include_str!("../migrations/postgres/0005_refresh_families.sql"),
    ),
    (
        6,
        "sign_in_sources",
        include_str!("../migrations/postgres/0006_sign_in_sources.sql"),
    ),
    (
        7,
        "purchases",
        include_str!("../migrations/postgres/0007_purchases.sql"),
    ),
    (
        8,
        "license_requests",
        include_str!("../migrations/postgres/0008_license_requests.sql"),
    ),
    (
        9,
        "webhooks",
        include_str!("../migrations/postgres/0009_webhooks.sql"),
    ),
    (
        10,
        "short_lived",
        include_str!("../migrations/postgres/0010_short_lived.sql"),
    ),
    (
        11,
        "refresh_grace",
        include_str!("../migrations/postgres/0011_refresh_grace.sql"),
    ),
    (
        12,
        "redirect_uris",
        include_str!("../migrations/postgres/0012_redirect_uris.sql"),
    ),
];

/// The store on PostgreSQL.
pub type PostgresStore = SqlStore<Pg>;

/// The PostgreSQL backend: a pool, and the listener of other replicas' change notices.
#[derive(Clone)]
pub struct Pg {
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
impl std::fmt::Debug for Pg {
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

/// `sqlx_core::Error` → `StoreError`, by SQLSTATE.
fn map_err(e: sqlx_core::Error) -> StoreError {
    match e {
        sqlx_core::Error::Database(db) => {
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
                sqlx_core::error::ErrorKind::UniqueViolation => {
                    StoreError::Conflict(db.message().to_owned())
                }
                sqlx_core::error::ErrorKind::ForeignKeyViolation => StoreError::NotFound,
                _ => StoreError::Internal(format!("{} ({code})", db.message())),
            }
        }
        sqlx_core::Error::PoolTimedOut
        | sqlx_core::Error::PoolClosed
        | sqlx_core::Error::Io(_)
        | sqlx_core::Error::Tls(_)
        | sqlx_core::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
        other => StoreError::Internal(other.to_string()),
    }
}

trait Db<T> {
    fn db(self) -> Result<T>;
}

impl<T> Db<T> for std::result::Result<T, sqlx_core::Error> {
    fn db(self) -> Result<T> {
        self.map_err(map_err)
    }
}

impl PostgresStore {
    /// Connects to the database named by `url` (`postgres://...`). Call `Store::migrate` next.
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
        Ok(SqlStore {
            backend: Pg {
                pool,
                options,
                notices,
                listener: Arc::new(Listening(task)),
            },
        })
    }

    /// Stops listening and closes the pool (waits for connections in use to come back).
    pub async fn close(&self) {
        self.backend.listener.0.abort();
        self.backend.pool.close().await;
    }

    #[cfg(feature = "test-hooks")]
    /// Test hook: runs one statement, outside the store's rules.
    #[doc(hidden)]
    pub async fn raw_execute(&self, sql: &str) -> Result<u64> {
        Ok(sqlx_core::query::query(AssertSqlSafe(sql.to_owned()))
            .execute(&self.backend.pool)
            .await
            .db()?
            .rows_affected())
    }
}

/// A pooled connection for reads, or a transaction for writes; with the notices a write
/// announces at its commit.
pub struct PgConn {
    conn: Either,
    notices: Vec<ChangeNotice>,
}

enum Either {
    Pooled(PoolConnection<Postgres>),
    Tx(sqlx_core::transaction::Transaction<'static, Postgres>),
}

impl PgConn {
    fn conn(&mut self) -> &mut PgConnection {
        match &mut self.conn {
            Either::Pooled(c) => c,
            Either::Tx(t) => t,
        }
    }
}

fn bind<'q>(
    mut q: sqlx_core::query::Query<'q, Postgres, PgArguments>,
    params: Vec<Value>,
) -> Result<sqlx_core::query::Query<'q, Postgres, PgArguments>> {
    for p in params {
        q = match p {
            Value::Text(v) => q.bind(v),
            Value::Int(v) => q.bind(v),
            Value::Bool(v) => q.bind(v),
            Value::Uuid(v) => q.bind(v),
            // timestamptz keeps microseconds: what goes in is what is read back.
            Value::Time(v) => q.bind(v.map(common::truncate_micros).transpose()?),
        };
    }
    Ok(q)
}

fn statement(sql: Statement) -> SqlStr {
    match sql {
        std::borrow::Cow::Borrowed(s) => s.into_sql_str(),
        // Built by `sql::Builder` from constants, every value a parameter.
        std::borrow::Cow::Owned(s) => AssertSqlSafe(s).into_sql_str(),
    }
}

/// A row's columns by their PostgreSQL types.
fn row(r: &PgRow, columns: &Arc<[String]>) -> Result<Row> {
    let mut cells = Vec::with_capacity(columns.len());
    for (i, col) in r.columns().iter().enumerate() {
        let cell = match col.type_info().name() {
            "TEXT" | "VARCHAR" | "NAME" => r.try_get::<Option<String>, _>(i).db()?.map(Cell::Text),
            "INT8" => r.try_get::<Option<i64>, _>(i).db()?.map(Cell::Int),
            "INT4" => r
                .try_get::<Option<i32>, _>(i)
                .db()?
                .map(|v| Cell::Int(v.into())),
            "BOOL" => r.try_get::<Option<bool>, _>(i).db()?.map(Cell::Bool),
            "UUID" => r.try_get::<Option<Uuid>, _>(i).db()?.map(Cell::Uuid),
            "TIMESTAMPTZ" => r
                .try_get::<Option<OffsetDateTime>, _>(i)
                .db()?
                .map(Cell::Time),
            other => {
                return Err(StoreError::Internal(format!(
                    "column {} has the unexpected type {other}",
                    col.name()
                )));
            }
        };
        cells.push(cell.unwrap_or(Cell::Null));
    }
    Ok(Row {
        columns: columns.clone(),
        cells,
    })
}

impl Conn for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn sole_writer(&self) -> bool {
        false
    }

    async fn exec(&mut self, q: Query) -> Result<u64> {
        let q = bind(sqlx_core::query::query(statement(q.sql)), q.params)?;
        Ok(q.execute(self.conn()).await.db()?.rows_affected())
    }

    async fn fetch(&mut self, q: Query) -> Result<Vec<Row>> {
        let q = bind(sqlx_core::query::query(statement(q.sql)), q.params)?;
        let rows = q.fetch_all(self.conn()).await.db()?;
        let Some(first) = rows.first() else {
            return Ok(Vec::new());
        };
        let columns: Arc<[String]> = first
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        rows.iter().map(|r| row(r, &columns)).collect()
    }

    async fn lock_tenant(&mut self, tenant: TenantId) -> Result<()> {
        // FOR NO KEY UPDATE rather than FOR UPDATE, so inserts elsewhere that reference the
        // tenant (foreign keys take KEY SHARE) do not queue behind a policy write.
        self.query(
            "SELECT 1 AS one FROM tenants WHERE id = $1 FOR NO KEY UPDATE",
            vec![Value::from(tenant)],
        )
        .await
        .map(drop)
    }

    async fn lock_catalog(&mut self, exclusive: bool) -> Result<()> {
        if exclusive {
            // A catalog change waits for materializations however long they take.
            self.execute("SET LOCAL lock_timeout = 0", vec![]).await?;
            self.execute(
                "SELECT pg_advisory_xact_lock($1)",
                vec![Value::from(CATALOG_LOCK)],
            )
            .await
            .map(drop)
        } else {
            self.execute(
                "SELECT pg_advisory_xact_lock_shared($1)",
                vec![Value::from(CATALOG_LOCK)],
            )
            .await
            .map(drop)
        }
    }

    async fn notify(&mut self, notice: ChangeNotice) -> Result<()> {
        if !self.notices.contains(&notice) {
            // Delivered to every listener when (and only if) the transaction commits.
            self.execute(
                "SELECT pg_notify($1, $2)",
                vec![
                    Value::from(CHANNEL),
                    Value::from(common::notice_payload(notice)),
                ],
            )
            .await?;
            self.notices.push(notice);
        }
        Ok(())
    }
}

impl Backend for Pg {
    type Conn = PgConn;

    async fn read<T: Send + 'static>(&self, work: Work<PgConn, T>) -> Result<T> {
        let mut conn = PgConn {
            conn: Either::Pooled(self.pool.acquire().await.db()?),
            notices: Vec::new(),
        };
        work(&mut conn).await
    }

    async fn write<T: Send + 'static>(&self, work: Work<PgConn, T>) -> Result<T> {
        let mut conn = PgConn {
            conn: Either::Tx(self.pool.begin().await.db()?),
            notices: Vec::new(),
        };
        // An error drops the transaction: rolled back.
        let out = work(&mut conn).await?;
        let PgConn { conn, notices } = conn;
        if let Either::Tx(tx) = conn {
            tx.commit().await.db()?;
        }
        for n in notices {
            // This process's receivers hear it after the commit (others heard `NOTIFY`); no
            // receiver is not an error: nobody caches.
            self.notices.send(n).ok();
        }
        Ok(out)
    }

    fn changes(&self) -> broadcast::Receiver<ChangeNotice> {
        self.notices.subscribe()
    }

    async fn migrate(&self) -> Result<()> {
        let migrations = MIGRATIONS
            .iter()
            .map(|(version, description, sql)| {
                sqlx_core::migrate::Migration::new(
                    *version,
                    (*description).into(),
                    sqlx_core::migrate::MigrationType::Simple,
                    (*sql).into_sql_str(),
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
        let run = sqlx_core::migrate::Migrator::with_migrations(migrations)
            .run(&pool)
            .await
            .map_err(|e| StoreError::Internal(format!("migration failed: {e}")));
        pool.close().await;
        run
    }
}

// ---------------------------------------------------------------------------------------------
// Change notices from other replicas.

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
            backend: super::Pg {
                pool: super::PgPoolOptions::new().connect_lazy_with(options.clone()),
                options,
                notices: tokio::sync::broadcast::channel(1).0,
                listener: std::sync::Arc::new(super::Listening(tokio::spawn(async {}))),
            },
        };
        let shown = format!("{store:?}");
        assert!(shown.contains("db.invalid"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
