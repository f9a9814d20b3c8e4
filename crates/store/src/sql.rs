//! What lets every statement be written once for both databases: values and rows that do not
//! depend on the driver, a connection trait with the few capabilities the databases differ in,
//! and the two ways a backend runs work (a read, a write transaction).
//!
//! Statements are written in PostgreSQL's placeholder style (`$1`, `$2`, ...); the SQLite
//! connection rewrites them to `?1`, `?2`, ... (its own numbered form), so a statement's
//! parameters are bound by number in both. Where the databases' types differ (uuid/timestamptz/
//! boolean on PostgreSQL, TEXT/INTEGER microseconds/0-1 on SQLite), [`Value`] and [`Row`] carry
//! the domain's types and each connection converts them to and from its columns.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use mscommerce_domain::TenantId;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::common::from_micros;
use crate::{ChangeNotice, Result, StoreError};

/// A statement's text: a constant of this crate, or built from constants with every value
/// bound as a parameter (the audit log's filters).
pub(crate) type Statement = Cow<'static, str>;

/// A bound parameter. Nulls are typed: PostgreSQL must know a parameter's type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(bool),
    Uuid(Option<Uuid>),
    /// Stored to the microsecond (PostgreSQL's precision; SQLite keeps microseconds as INTEGER).
    Time(Option<OffsetDateTime>),
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(Some(v.clone()))
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_owned))
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<Uuid> for Value {
    fn from(v: Uuid) -> Self {
        Value::Uuid(Some(v))
    }
}
impl From<Option<Uuid>> for Value {
    fn from(v: Option<Uuid>) -> Self {
        Value::Uuid(v)
    }
}
impl From<TenantId> for Value {
    fn from(v: TenantId) -> Self {
        Value::Uuid(Some(*v.as_uuid()))
    }
}
impl From<OffsetDateTime> for Value {
    fn from(v: OffsetDateTime) -> Self {
        Value::Time(Some(v))
    }
}
impl From<Option<OffsetDateTime>> for Value {
    fn from(v: Option<OffsetDateTime>) -> Self {
        Value::Time(v)
    }
}

/// `params![a, b, ...]`: a statement's parameters, in order.
macro_rules! params {
    ($($v:expr),* $(,)?) => {
        vec![$($crate::sql::Value::from($v)),*]
    };
}
pub(crate) use params;

/// A column as the driver returned it, before the reader says what type it wants.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Uuid(Uuid),
    Time(OffsetDateTime),
}

/// A row of either database, read by column name into the domain's types.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) columns: std::sync::Arc<[String]>,
    pub(crate) cells: Vec<Cell>,
}

fn bad(col: &str, want: &str, got: &Cell) -> StoreError {
    StoreError::Internal(format!("column {col}: expected {want}, found {got:?}"))
}

impl Row {
    fn cell(&self, col: &str) -> Result<&Cell> {
        self.columns
            .iter()
            .position(|c| c == col)
            .map(|i| &self.cells[i])
            .ok_or_else(|| StoreError::Internal(format!("no column {col} in the row")))
    }

    pub(crate) fn opt_text(&self, col: &str) -> Result<Option<String>> {
        match self.cell(col)? {
            Cell::Null => Ok(None),
            Cell::Text(s) => Ok(Some(s.clone())),
            Cell::Uuid(u) => Ok(Some(u.hyphenated().to_string())),
            other => Err(bad(col, "text", other)),
        }
    }

    pub(crate) fn text(&self, col: &str) -> Result<String> {
        self.opt_text(col)?
            .ok_or_else(|| bad(col, "text", &Cell::Null))
    }

    pub(crate) fn opt_i64(&self, col: &str) -> Result<Option<i64>> {
        match self.cell(col)? {
            Cell::Null => Ok(None),
            Cell::Int(i) => Ok(Some(*i)),
            other => Err(bad(col, "an integer", other)),
        }
    }

    pub(crate) fn i64(&self, col: &str) -> Result<i64> {
        self.opt_i64(col)?
            .ok_or_else(|| bad(col, "an integer", &Cell::Null))
    }

    pub(crate) fn bool(&self, col: &str) -> Result<bool> {
        match self.cell(col)? {
            Cell::Bool(b) => Ok(*b),
            Cell::Int(0) => Ok(false),
            Cell::Int(1) => Ok(true),
            other => Err(bad(col, "a boolean", other)),
        }
    }

    pub(crate) fn opt_uuid(&self, col: &str) -> Result<Option<Uuid>> {
        match self.cell(col)? {
            Cell::Null => Ok(None),
            Cell::Uuid(u) => Ok(Some(*u)),
            Cell::Text(s) => Uuid::parse_str(s)
                .map(Some)
                .map_err(|e| StoreError::Internal(format!("column {col}: {e}"))),
            other => Err(bad(col, "a GUID", other)),
        }
    }

    pub(crate) fn uuid(&self, col: &str) -> Result<Uuid> {
        self.opt_uuid(col)?
            .ok_or_else(|| bad(col, "a GUID", &Cell::Null))
    }

    pub(crate) fn tenant(&self, col: &str) -> Result<TenantId> {
        self.uuid(col).map(TenantId::new)
    }

    pub(crate) fn opt_time(&self, col: &str) -> Result<Option<OffsetDateTime>> {
        match self.cell(col)? {
            Cell::Null => Ok(None),
            Cell::Time(t) => Ok(Some(*t)),
            Cell::Int(us) => from_micros(*us).map(Some),
            other => Err(bad(col, "a time", other)),
        }
    }

    pub(crate) fn time(&self, col: &str) -> Result<OffsetDateTime> {
        self.opt_time(col)?
            .ok_or_else(|| bad(col, "a time", &Cell::Null))
    }
}

/// A statement and its parameters.
#[derive(Debug)]
pub(crate) struct Query {
    pub(crate) sql: Statement,
    pub(crate) params: Vec<Value>,
}

/// Which database a connection talks to, for the few statements that cannot be the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Postgres,
    Sqlite,
}

/// A connection (in a transaction, for writes). The statements are the callers'; what differs
/// between the databases is here, as capabilities: how rows are locked and how other
/// processes hear of a change.
pub(crate) trait Conn: Send + 'static {
    fn dialect(&self) -> Dialect;

    /// Runs one statement; returns how many rows it changed.
    fn exec(&mut self, q: Query) -> impl Future<Output = Result<u64>> + Send;

    /// Runs one query; returns its rows.
    fn fetch(&mut self, q: Query) -> impl Future<Output = Result<Vec<Row>>> + Send;

    /// Whether this connection's transaction excludes every other writer already (SQLite's one
    /// writer): then a row read is the row an update will find, with no lock to take.
    fn sole_writer(&self) -> bool;

    /// Takes the tenant's row lock until the transaction ends. SQLite has one writer for the
    /// whole file, which serializes writes already: nothing to do there.
    fn lock_tenant(&mut self, tenant: TenantId) -> impl Future<Output = Result<()>> + Send;

    /// The catalog lock: shared by tenants being materialized, exclusive for catalog changes, so
    /// a tenant created while a product is added gets that product's row either way. SQLite:
    /// nothing to do (one writer).
    fn lock_catalog(&mut self, exclusive: bool) -> impl Future<Output = Result<()>> + Send;

    /// Announces `notice` once the transaction commits (to other replicas too, on PostgreSQL).
    fn notify(&mut self, notice: ChangeNotice) -> impl Future<Output = Result<()>> + Send;

    /// The tenant's journal head (sequence number and hash), when this connection knows it
    /// without reading: SQLite's writer, which appends every entry this process writes and hears
    /// of every other process's commit (`PRAGMA data_version`). `None`: read it.
    fn known_head(&self, _tenant: TenantId) -> Option<(i64, String)> {
        None
    }

    /// The tenant's journal now ends at `seq` with `hash` (an entry was appended in this
    /// transaction).
    fn appended(&mut self, _tenant: TenantId, _seq: i64, _hash: &str) {}

    /// Forgets every journal head this connection knows ([`Conn::known_head`]): an append that
    /// is rolled back leaves them wrong.
    fn forget_heads(&mut self) {}

    /// Rolls back to the savepoint `name`, and forgets the journal heads an undone append may
    /// have left wrong.
    fn rollback_to(&mut self, name: &'static str) -> impl Future<Output = Result<()>> + Send {
        self.forget_heads();
        let sql = format!("ROLLBACK TO {name}");
        async move { self.execute(sql, Vec::new()).await.map(drop) }
    }

    /// [`Conn::exec`] of `sql` with `params`.
    fn execute(
        &mut self,
        sql: impl Into<Statement> + Send,
        params: Vec<Value>,
    ) -> impl Future<Output = Result<u64>> + Send {
        self.exec(Query {
            sql: sql.into(),
            params,
        })
    }

    /// [`Conn::fetch`] of `sql` with `params`.
    fn query(
        &mut self,
        sql: impl Into<Statement> + Send,
        params: Vec<Value>,
    ) -> impl Future<Output = Result<Vec<Row>>> + Send {
        self.fetch(Query {
            sql: sql.into(),
            params,
        })
    }

    /// The first row of a query, if any.
    fn query_opt(
        &mut self,
        sql: impl Into<Statement> + Send,
        params: Vec<Value>,
    ) -> impl Future<Output = Result<Option<Row>>> + Send {
        async move { Ok(self.query(sql, params).await?.into_iter().next()) }
    }
}

/// Work a backend runs on one of its connections.
pub(crate) type Work<C, T> =
    Box<dyn for<'c> FnOnce(&'c mut C) -> BoxFuture<'c, Result<T>> + Send + 'static>;
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Boxes a closure as [`Work`] (a function, so that the closure's type is inferred as
/// higher-ranked over the connection's borrow).
pub(crate) fn work<C, T, F>(f: F) -> Work<C, T>
where
    F: for<'c> FnOnce(&'c mut C) -> BoxFuture<'c, Result<T>> + Send + 'static,
{
    Box::new(f)
}

/// A database the store runs on.
pub(crate) trait Backend: Send + Sync + std::fmt::Debug + 'static {
    type Conn: Conn;

    /// Runs `work` on a connection for reading.
    fn read<T: Send + 'static>(
        &self,
        work: Work<Self::Conn, T>,
    ) -> impl Future<Output = Result<T>> + Send;

    /// Runs `work` in a transaction: committed when it returns `Ok` (and only then answered,
    /// with its notices sent), rolled back when it returns `Err`.
    fn write<T: Send + 'static>(
        &self,
        work: Work<Self::Conn, T>,
    ) -> impl Future<Output = Result<T>> + Send;

    /// [`Backend::write`] for work a person waits on (a sign-in, the directory, the catalog):
    /// where writes queue, ahead of the queue.
    fn write_first<T: Send + 'static>(
        &self,
        work: Work<Self::Conn, T>,
    ) -> impl Future<Output = Result<T>> + Send {
        self.write(work)
    }

    fn changes(&self) -> tokio::sync::broadcast::Receiver<ChangeNotice>;

    /// Creates or updates the schema.
    fn migrate(&self) -> impl Future<Output = Result<()>> + Send;

    /// Groups committed and the writes they held, where writes commit in groups.
    fn commit_groups(&self) -> Option<(u64, u64)> {
        None
    }
}

/// `$n` placeholders as SQLite's numbered `?n`. (SQLite reads `$1` as a *named* parameter,
/// numbered by first appearance, which would bind the wrong values whenever a statement names
/// them out of order.)
pub(crate) fn sqlite_placeholders(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    // Runs on every statement the SQLite writer executes: copies the text between `$`s in
    // slices rather than char by char.
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        out.push(if rest.starts_with(|c: char| c.is_ascii_digit()) {
            '?'
        } else {
            '$'
        });
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A statement built piece by piece, with its parameters numbered as they are pushed.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    sql: String,
    params: Vec<Value>,
}

impl Builder {
    pub(crate) fn new(sql: &str) -> Self {
        Builder {
            sql: sql.to_owned(),
            params: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends the next placeholder, bound to `v`.
    pub(crate) fn bind(&mut self, v: impl Into<Value>) -> &mut Self {
        self.params.push(v.into());
        self.sql.push('$');
        self.sql.push_str(&self.params.len().to_string());
        self
    }

    pub(crate) fn build(self) -> (Statement, Vec<Value>) {
        (Cow::Owned(self.sql), self.params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_question_marks() {
        assert_eq!(
            sqlite_placeholders("SELECT $2, $10 WHERE a = $1"),
            "SELECT ?2, ?10 WHERE a = ?1"
        );
        assert!(matches!(sqlite_placeholders("SELECT 1"), Cow::Borrowed(_)));
        // A `$` not followed by a digit stays, next to text of any script.
        assert_eq!(
            sqlite_placeholders("SELECT 'é$x' || $3$"),
            "SELECT 'é$x' || ?3$"
        );
    }

    #[test]
    fn the_builder_numbers_parameters_in_order() {
        let mut b = Builder::new("SELECT * FROM t WHERE a = ");
        b.bind("x").push(" AND b = ").bind(2i64);
        let (sql, params) = b.build();
        assert_eq!(sql, "SELECT * FROM t WHERE a = $1 AND b = $2");
        assert_eq!(params, vec![Value::from("x"), Value::from(2i64)]);
    }
}
