//! SQLite backend: one file, WAL, `synchronous=FULL`, driven by `rusqlite` (the only SQLite
//! driver in the build).
//!
//! **Writes** all go through one *writer thread* (module `writer`), which owns the only
//! connection that writes: it serializes the tenants' writes (so the hash chain and the
//! conditional updates need no further locking) and commits them in groups (see
//! [`StoreOptions::group_commit`]). Other processes on the same file (`mscommerce admin`) wait
//! on `busy_timeout`. **Reads** run on a few read-only connections on blocking threads, which
//! WAL lets run beside the writer.
//!
//! Statements are the shared ones (`policies`, `catalog`, `directory::statements`), run here on
//! a synchronous connection: their futures are ready at once, and are polled once (`drive`) on
//! the thread that owns the connection. This module is the adapter: `$n` placeholders as `?n`,
//! values bound and rows decoded by type (GUIDs as text, times as microseconds, booleans as
//! 0/1), and the sqlx-compatible migration table.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mscommerce_domain::TenantId;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{Semaphore, broadcast};

use crate::common::micros;
use crate::engine::SqlStore;
use crate::sql::{
    Backend, Cell, Conn, Dialect, Query, Row, Statement, Value, Work, sqlite_placeholders,
};
use crate::{ChangeNotice, Result, StoreError, StoreOptions};

mod heads;
mod lanes;
mod writer;

use lanes::Lane;
use writer::Writer;

/// The most writes one group commits together.
pub const MAX_GROUP: usize = 256;
/// Change notices a slow receiver may fall behind by before it hears `Lagged`.
const NOTICES: usize = 1024;
/// How long a writer waits for another process's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Read-only connections, at most.
const READERS: usize = 4;
/// Prepared statements a connection keeps (the write path uses about twenty).
const STATEMENTS: usize = 64;

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
    (
        5,
        "refresh_families",
        include_str!("../migrations/sqlite/0005_refresh_families.sql"),
    ),
    (
        6,
        "sign_in_sources",
        include_str!("../migrations/sqlite/0006_sign_in_sources.sql"),
    ),
    (
        7,
        "purchases",
        include_str!("../migrations/sqlite/0007_purchases.sql"),
    ),
    (
        8,
        "license_requests",
        include_str!("../migrations/sqlite/0008_license_requests.sql"),
    ),
    (
        9,
        "webhooks",
        include_str!("../migrations/sqlite/0009_webhooks.sql"),
    ),
    (
        10,
        "short_lived",
        include_str!("../migrations/sqlite/0010_short_lived.sql"),
    ),
    (
        11,
        "refresh_grace",
        include_str!("../migrations/sqlite/0011_refresh_grace.sql"),
    ),
    (
        12,
        "redirect_uris",
        include_str!("../migrations/sqlite/0012_redirect_uris.sql"),
    ),
    (
        13,
        "no_target_index",
        include_str!("../migrations/sqlite/0013_no_target_index.sql"),
    ),
    (
        14,
        "check_chains",
        include_str!("../migrations/sqlite/0014_check_chains.sql"),
    ),
];

/// The store on SQLite.
pub type SqliteStore = SqlStore<Sqlite>;

/// The SQLite backend: the writer thread and the readers.
#[derive(Debug, Clone)]
pub struct Sqlite {
    writer: Writer,
    readers: Arc<Readers>,
    notices: broadcast::Sender<ChangeNotice>,
}

/// A SQLite error → `StoreError`, by its extended result code.
fn map_err(e: rusqlite::Error) -> StoreError {
    use rusqlite::ffi;
    let rusqlite::Error::SqliteFailure(f, message) = e else {
        return StoreError::Internal(e.to_string());
    };
    let message = message.unwrap_or_else(|| f.to_string());
    // Primary result code: the low byte of the extended one.
    match f.extended_code & 0xff {
        ffi::SQLITE_BUSY
        | ffi::SQLITE_LOCKED
        | ffi::SQLITE_IOERR
        | ffi::SQLITE_FULL
        | ffi::SQLITE_CANTOPEN => StoreError::Unavailable(message),
        _ => match f.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                StoreError::Conflict(message)
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => StoreError::NotFound,
            _ => StoreError::Internal(message),
        },
    }
}

trait Db<T> {
    fn db(self) -> Result<T>;
}

impl<T> Db<T> for std::result::Result<T, rusqlite::Error> {
    fn db(self) -> Result<T> {
        self.map_err(map_err)
    }
}

/// A connection with the store's settings: busy timeout, foreign keys, `synchronous=FULL`.
fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).db()?;
    conn.busy_timeout(BUSY_TIMEOUT).db()?;
    conn.pragma_update(None, "foreign_keys", "ON").db()?;
    conn.pragma_update(None, "synchronous", "FULL").db()?;
    conn.set_prepared_statement_cache_capacity(STATEMENTS);
    Ok(conn)
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path`, with group commit. Call
    /// `Store::migrate` next.
    pub async fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, &StoreOptions::default()).await
    }

    /// Opens the database file at `path` with `options`, and starts the writer thread (which
    /// ends when every handle on the store is gone, or at [`SqliteStore::close`]).
    pub async fn open_with(path: &Path, options: &StoreOptions) -> Result<Self> {
        let (notices, _) = broadcast::channel(NOTICES);
        // The writer connects first: it creates the file and switches it to WAL (a persistent
        // setting), which the read-only connections then find.
        let writer = Writer::start(path, options.group_commit, notices.clone()).await?;
        Ok(SqlStore {
            backend: Sqlite {
                writer,
                readers: Arc::new(Readers {
                    path: path.to_owned(),
                    idle: Mutex::new(Vec::new()),
                    permits: Arc::new(Semaphore::new(READERS)),
                }),
                notices,
            },
        })
    }

    /// Stops the writer thread once the writes queued so far are done, closing its connection,
    /// then closes the idle readers.
    pub async fn close(&self) {
        self.backend.writer.close().await;
        let idle = std::mem::take(&mut *lock(&self.backend.readers.idle));
        drop(idle);
    }

    #[cfg(feature = "test-hooks")]
    /// Test hook: runs one statement on the writer's connection, outside the store's rules.
    #[doc(hidden)]
    pub async fn raw_execute(&self, sql: &str) -> Result<u64> {
        let sql = sql.to_owned();
        self.backend
            .write_first(crate::sql::work(move |c: &mut SqliteConn| {
                // It may change the journal behind the writer's back.
                c.forget_heads();
                Box::pin(async move { c.conn.execute(&sql, []).db().map(|n| n as u64) })
            }))
            .await
    }

    /// How many groups the writer thread committed, and how many writes they held.
    #[cfg(feature = "test-hooks")]
    pub fn group_commit_stats(&self) -> (u64, u64) {
        self.backend.writer.stats()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A reader that panicked left the list as it was: still a list of connections.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The read-only connections, opened as reads need them (at most [`READERS`] at once).
#[derive(Debug)]
struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<SqliteConn>>,
    permits: Arc<Semaphore>,
}

/// A connection, and the notices of the write running on it.
pub struct SqliteConn {
    conn: Connection,
    notices: Vec<ChangeNotice>,
    /// The writer's connection only: the journal heads it knows.
    heads: Option<heads::Heads>,
    /// What each constant statement becomes here, by its text's address.
    texts: HashMap<(usize, usize), Text>,
}

/// A constant statement as this connection runs it: its text with SQLite's placeholders, and
/// its result columns' names once known. Kept because the writer runs a handful of statements
/// per write: each used to rewrite its text and copy its column names every time.
struct Text {
    sql: Box<str>,
    columns: Option<Arc<[String]>>,
}

impl std::fmt::Debug for SqliteConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteConn").finish_non_exhaustive()
    }
}

impl SqliteConn {
    fn new(conn: Connection) -> Self {
        SqliteConn {
            conn,
            notices: Vec::new(),
            heads: None,
            texts: HashMap::new(),
        }
    }

    /// The writer's connection, which keeps the journal heads it appends.
    fn writer(conn: Connection) -> Self {
        SqliteConn {
            heads: Some(heads::Heads::default()),
            ..SqliteConn::new(conn)
        }
    }

    /// Prepares (from the cache) and binds a statement, then hands it to `run` with the names
    /// of its result columns when the statement is a constant one (`None`: built at run time).
    fn with_statement<T>(
        &mut self,
        sql: &Statement,
        params: Vec<Value>,
        run: impl FnOnce(
            &mut rusqlite::CachedStatement<'_>,
            Option<&mut Option<Arc<[String]>>>,
        ) -> Result<T>,
    ) -> Result<T> {
        let (text, columns) = match sql {
            // A constant's address and length name it for the life of the process.
            Cow::Borrowed(constant) => {
                let key = (constant.as_ptr() as usize, constant.len());
                let t = self.texts.entry(key).or_insert_with(|| Text {
                    sql: sqlite_placeholders(constant).into(),
                    columns: None,
                });
                (Cow::Borrowed(&*t.sql), Some(&mut t.columns))
            }
            Cow::Owned(built) => (sqlite_placeholders(built), None),
        };
        let mut stmt = self.conn.prepare_cached(&text).db()?;
        for (i, p) in params.into_iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, to_sql(p)?).db()?;
        }
        run(&mut stmt, columns)
    }
}

/// A parameter as SQLite stores it: GUIDs as lower-case text, times as microseconds since the
/// epoch, booleans as 0/1.
fn to_sql(v: Value) -> Result<ToSqlOutput<'static>> {
    use rusqlite::types::Value as V;
    Ok(ToSqlOutput::Owned(match v {
        Value::Text(Some(s)) => V::Text(s),
        Value::Int(Some(i)) => V::Integer(i),
        Value::Bool(b) => V::Integer(i64::from(b)),
        Value::Uuid(Some(u)) => V::Text(u.hyphenated().to_string()),
        Value::Time(Some(t)) => V::Integer(micros(t)?),
        Value::Text(None) | Value::Int(None) | Value::Uuid(None) | Value::Time(None) => V::Null,
    }))
}

fn cell(v: ValueRef<'_>, col: &str) -> Result<Cell> {
    Ok(match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Text(t) => Cell::Text(
            std::str::from_utf8(t)
                .map_err(|e| StoreError::Internal(format!("column {col}: {e}")))?
                .to_owned(),
        ),
        ValueRef::Real(_) | ValueRef::Blob(_) => {
            return Err(StoreError::Internal(format!(
                "column {col} holds a value of an unexpected type"
            )));
        }
    })
}

impl Conn for SqliteConn {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    /// Only the writer thread writes (reader connections are read-only).
    fn sole_writer(&self) -> bool {
        true
    }

    async fn exec(&mut self, q: Query) -> Result<u64> {
        self.with_statement(&q.sql, q.params, |s, _| {
            s.raw_execute().db().map(|n| n as u64)
        })
    }

    async fn fetch(&mut self, q: Query) -> Result<Vec<Row>> {
        self.with_statement(&q.sql, q.params, |s, known| {
            let names =
                || -> Arc<[String]> { s.column_names().iter().map(|c| (*c).to_owned()).collect() };
            // Checked name by name (no copies): a schema change re-prepares the statement, and
            // `SELECT *` may then name other columns.
            let same = |columns: &[String]| {
                columns.len() == s.column_count()
                    && columns
                        .iter()
                        .enumerate()
                        .all(|(i, c)| s.column_name(i).is_ok_and(|n| n == c))
            };
            let columns = match known {
                Some(Some(columns)) if same(columns) => columns.clone(),
                Some(slot) => slot.insert(names()).clone(),
                None => names(),
            };
            let mut rows = s.raw_query();
            let mut out = Vec::new();
            while let Some(r) = rows.next().db()? {
                let cells = columns
                    .iter()
                    .enumerate()
                    .map(|(i, col)| cell(r.get_ref(i).db()?, col))
                    .collect::<Result<Vec<_>>>()?;
                out.push(Row {
                    columns: columns.clone(),
                    cells,
                });
            }
            Ok(out)
        })
    }

    /// The writer thread is the only writer: a tenant's writes are serialized already.
    async fn lock_tenant(&mut self, _tenant: TenantId) -> Result<()> {
        Ok(())
    }

    /// The same: catalog changes and materializations never overlap.
    async fn lock_catalog(&mut self, _exclusive: bool) -> Result<()> {
        Ok(())
    }

    async fn notify(&mut self, notice: ChangeNotice) -> Result<()> {
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
        Ok(())
    }

    fn known_head(&self, tenant: TenantId) -> Option<(i64, String)> {
        self.heads.as_ref()?.get(tenant)
    }

    fn appended(&mut self, tenant: TenantId, seq: i64, hash: &str) {
        if let Some(heads) = &mut self.heads {
            heads.set(tenant, seq, hash);
        }
    }

    fn forget_heads(&mut self) {
        if let Some(heads) = &mut self.heads {
            heads.forget();
        }
    }
}

/// Runs a future whose every step is ready at once (statements on a synchronous connection).
fn drive<T>(f: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => Err(StoreError::Internal(
            "work on a SQLite connection waited for something else".into(),
        )),
    }
}

impl Backend for Sqlite {
    type Conn = SqliteConn;

    fn commit_groups(&self) -> Option<(u64, u64)> {
        Some(self.writer.stats())
    }

    async fn read<T: Send + 'static>(&self, work: Work<SqliteConn, T>) -> Result<T> {
        let readers = self.readers.clone();
        let permit = readers
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Unavailable("the store is closed".into()))?;
        tokio::task::spawn_blocking(move || {
            let idle = lock(&readers.idle).pop();
            let mut conn = match idle {
                Some(c) => c,
                None => SqliteConn::new(connect(&readers.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?),
            };
            let out = drive(work(&mut conn));
            lock(&readers.idle).push(conn);
            drop(permit);
            out
        })
        .await
        .map_err(|e| StoreError::Internal(format!("a read failed: {e}")))?
    }

    async fn write<T: Send + 'static>(&self, work: Work<SqliteConn, T>) -> Result<T> {
        self.writer.write(Lane::Queued, work).await
    }

    async fn write_first<T: Send + 'static>(&self, work: Work<SqliteConn, T>) -> Result<T> {
        self.writer.write(Lane::First, work).await
    }

    /// This process's own changes only: another process on the same file (`mscommerce admin`)
    /// cannot reach it, so caches rely on their time-to-live for those.
    fn changes(&self) -> broadcast::Receiver<ChangeNotice> {
        self.notices.subscribe()
    }

    async fn migrate(&self) -> Result<()> {
        self.writer
            .write(
                Lane::First,
                crate::sql::work(|c: &mut SqliteConn| Box::pin(async move { migrate(&c.conn) })),
            )
            .await
    }
}

/// Applies the migrations not applied yet, recording them in sqlx's table (`_sqlx_migrations`,
/// same columns and checksums), so that files made by earlier versions, which ran sqlx's
/// migrator, carry on. Runs inside the writer's transaction: all or nothing.
fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS _sqlx_migrations (
            version BIGINT PRIMARY KEY,
            description TEXT NOT NULL,
            installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            success BOOLEAN NOT NULL,
            checksum BLOB NOT NULL,
            execution_time BIGINT NOT NULL
        );",
    )
    .db()?;
    for (version, description, sql) in MIGRATIONS {
        let checksum = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA384, sql.as_bytes());
        let applied: Option<(bool, Vec<u8>)> = conn
            .query_row(
                "SELECT success, checksum FROM _sqlx_migrations WHERE version = ?1",
                [version],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .db()?;
        match applied {
            Some((true, sum)) if sum == checksum.as_ref() => continue,
            Some((true, _)) => {
                return Err(StoreError::Internal(format!(
                    "migration {version} was applied from a different text; \
                     this database was made by another build"
                )));
            }
            Some((false, _)) => {
                return Err(StoreError::Internal(format!(
                    "migration {version} failed partway before; restore the database from a \
                     backup"
                )));
            }
            None => {}
        }
        let started = std::time::Instant::now();
        conn.execute_batch(sql)
            .db()
            .map_err(|e| StoreError::Internal(format!("migration {version} failed: {e}")))?;
        let nanos = i64::try_from(started.elapsed().as_nanos()).unwrap_or(i64::MAX);
        conn.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
             execution_time) VALUES (?1, ?2, TRUE, ?3, ?4)",
            rusqlite::params![version, description, checksum.as_ref(), nanos],
        )
        .db()?;
    }
    Ok(())
}
