//! The writer thread of the journaled writes (policy writes, batches, refusals).
//!
//! One OS thread, `sqlite-writer`, owns a [`rusqlite::Connection`] to the store's file and runs
//! each group of writes in one synchronous call: `BEGIN IMMEDIATE`, every write, `COMMIT`, and
//! only then the answers (Tokio oneshots) and the change notices. No statement crosses a thread:
//! sqlx would send each one to its own SQLite thread and back, which costs more than SQLite.
//!
//! The thread takes whatever writes are queued (at least one, at most the group size: [`MAX_GROUP`]
//! with group commit, 1 without, so that both modes run the same code) and goes back for more.
//! While a group commits the next one queues up, so the group size follows the load with no
//! timer. The thread ends, closing its connection, when every handle on the store is gone or
//! [`Writer::close`] asks it to.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use mscommerce_domain::audit::GENESIS_HASH;
use mscommerce_domain::{
    AuditEntry, AuditTarget, IfMatch, OfferType, PolicyId, PolicyValue, ProductId, TenantId,
    WriteGrant,
};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OpenFlags, Params, Row, TransactionBehavior, params};
use time::OffsetDateTime;
use tokio::sync::{broadcast, mpsc, oneshot};

use super::{
    BUSY_TIMEOUT, Db as _, INSERT_TENANT, MAX_GROUP, QUEUE, SELECT_OFFER_TYPE, SELECT_POLICY,
    SELECT_PRODUCT, SELECT_PRODUCT_FOR_WRITE, Turn, get, materialized_rows, offer_type_row,
    policy_row, product_row, send,
};
use crate::common::{self, Decision, Step, micros};
use crate::{
    Batch, BatchOutcome, BatchResult, BatchTarget, ChangeNotice, OfferTypePolicyRecord,
    ProductPolicyRecord, Result, StoreError, TenantPolicyRecord, WriteContext,
};

/// Prepared statements the connection keeps (the write path uses about twenty).
const STATEMENTS: usize = 64;

/// A handle on the writer thread: where writes queue.
#[derive(Debug, Clone)]
pub(super) struct Writer {
    queue: mpsc::Sender<Msg>,
    /// Read only by tests (`test-hooks`); the thread counts either way.
    #[cfg_attr(not(any(test, feature = "test-hooks")), allow(dead_code))]
    stats: Arc<GroupStats>,
}

/// What the thread's queue carries. Nearly every message is a write: boxing it would only cost
/// an allocation per write.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Msg {
    Write(Job),
    /// Stop after the writes queued before this one, close the connection, then answer.
    Close(oneshot::Sender<()>),
}

/// A queued write and where its answer goes.
#[derive(Debug)]
struct Job {
    op: Op,
    reply: oneshot::Sender<Result<Answer>>,
}

impl Writer {
    /// Starts the writer thread on the database file at `path` (which the sqlx writer has created
    /// and switched to WAL). `group_commit`: groups of up to [`MAX_GROUP`] writes, else of one.
    pub(super) async fn start(
        path: &Path,
        group_commit: bool,
        notices: broadcast::Sender<ChangeNotice>,
        turn: Turn,
    ) -> Result<Writer> {
        let (queue, jobs) = mpsc::channel(QUEUE);
        let stats = Arc::new(GroupStats::default());
        let (opened, open) = oneshot::channel();
        let (path, thread_stats) = (path.to_owned(), stats.clone());
        let group = if group_commit { MAX_GROUP } else { 1 };
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || match connect(&path) {
                Ok(conn) => {
                    // With group commit, checkpoints run beside the writer. One transaction
                    // per write is bound by its fsyncs, which a concurrent checkpoint's own
                    // fsyncs slow down (measured: a quarter fewer writes/s), so there SQLite
                    // checkpoints at commit as it does by default.
                    let checkpoints = if group > 1 {
                        Checkpointer::start(&path, &conn, thread_stats.clone())
                    } else {
                        Checkpointer::none()
                    };
                    opened.send(Ok(())).ok();
                    write_loop(
                        conn,
                        jobs,
                        group,
                        &notices,
                        &turn,
                        &thread_stats,
                        checkpoints,
                    );
                }
                Err(e) => {
                    opened.send(Err(e)).ok();
                }
            })
            .map_err(|e| StoreError::Unavailable(format!("cannot start the writer thread: {e}")))?;
        open.await.map_err(|_| {
            StoreError::Internal("the writer thread stopped while connecting".into())
        })??;
        Ok(Writer { queue, stats })
    }

    /// Runs `op` in the writer thread's next group; answers once that is committed.
    pub(super) async fn write(&self, op: Op) -> Result<Answer> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Msg::Write(Job { op, reply }))
            .await
            .map_err(|_| StoreError::Unavailable("the writer thread has stopped".into()))?;
        answer.await.map_err(|_| {
            StoreError::Unavailable("the writer thread stopped before answering".into())
        })?
    }

    /// Stops the thread once the writes queued so far are done, and waits until its connection
    /// is closed. Writes queued after this hear that the writer has stopped.
    pub(super) async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.queue.send(Msg::Close(done)).await.is_ok() {
            // An error means the thread is gone, its connection with it: closed either way.
            closed.await.ok();
        }
    }

    /// How many checkpoints the checkpoint thread ran (none without group commit).
    #[cfg(test)]
    pub(super) fn checkpoints(&self) -> u64 {
        self.stats.checkpoints.load(Ordering::Relaxed)
    }

    /// How many groups the thread committed, and how many writes they held.
    #[cfg(any(test, feature = "test-hooks"))]
    pub(super) fn stats(&self) -> (u64, u64) {
        (
            self.stats.groups.load(Ordering::Relaxed),
            self.stats.writes.load(Ordering::Relaxed),
        )
    }
}

/// The writer's connection: busy timeout, foreign keys and `synchronous` as the sqlx
/// connections have them (WAL is a setting of the file, made by the sqlx writer).
fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .db()?;
    conn.busy_timeout(BUSY_TIMEOUT).db()?;
    conn.pragma_update(None, "foreign_keys", "ON").db()?;
    conn.pragma_update(None, "synchronous", "FULL").db()?;
    // The pages a group touches (journal indexes are per tenant, so spread out) stay in memory
    // instead of being read back from the file at every group: 64 MiB, for this one connection.
    conn.pragma_update(None, "cache_size", -64 * 1024).db()?;
    conn.set_prepared_statement_cache_capacity(STATEMENTS);
    Ok(conn)
}

/// How often the checkpointer runs while writes come in, at most.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(200);

/// A thread of its own that copies the log back into the database (a PASSIVE checkpoint, which
/// never blocks the writer or readers) while groups commit, instead of the writer doing it at
/// the commit that crosses SQLite's threshold: that group, and every caller in it, would wait
/// for the copy and its fsync. Dropping it stops the thread and closes its connection.
struct Checkpointer {
    /// Told after every group; holds at most one message, so a burst is one checkpoint.
    kick: Option<std::sync::mpsc::SyncSender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread. The writer's own checkpoints (`wal_autocheckpoint`) stay as the
    /// backstop, at 64 MiB of log instead of 4, should the thread fall behind or fail to start.
    fn start(path: &Path, writer: &Connection, stats: Arc<GroupStats>) -> Checkpointer {
        if let Err(e) = writer.pragma_update(None, "wal_autocheckpoint", 16 * 1024) {
            tracing::warn!(error = %e, "cannot move checkpoints off the writer; it checkpoints at commit");
            return Checkpointer::none();
        }
        let (kick, kicks) = std::sync::mpsc::sync_channel(1);
        let path = path.to_owned();
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || checkpoint_loop(&path, &kicks, &stats));
        match thread {
            Ok(thread) => Checkpointer {
                kick: Some(kick),
                thread: Some(thread),
            },
            Err(e) => {
                tracing::warn!(error = %e, "cannot start the checkpoint thread; the writer checkpoints");
                Checkpointer::none()
            }
        }
    }

    /// No thread: the writer checkpoints at commit.
    fn none() -> Checkpointer {
        Checkpointer {
            kick: None,
            thread: None,
        }
    }

    /// A group was committed: the log has grown.
    fn committed(&self) {
        if let Some(kick) = &self.kick {
            // Full: a checkpoint is already due. Disconnected: the thread is gone (logged).
            kick.try_send(()).ok();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.kick.take());
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::warn!("the checkpoint thread panicked");
        }
    }
}

fn checkpoint_loop(path: &Path, kicks: &std::sync::mpsc::Receiver<()>, stats: &GroupStats) {
    let conn = match connect(path) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "the checkpoint thread cannot open the database; the writer checkpoints");
            return;
        }
    };
    let mut last: Option<std::time::Instant> = None;
    while kicks.recv().is_ok() {
        // At most one checkpoint per interval; the store closing ends the wait at once.
        if let Some(wait) = last.map(|t| CHECKPOINT_EVERY.saturating_sub(t.elapsed()))
            && !wait.is_zero()
            && let Err(std::sync::mpsc::RecvTimeoutError::Disconnected) = kicks.recv_timeout(wait)
        {
            break;
        }
        match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            Ok(()) => {
                stats.checkpoints.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => tracing::warn!(error = %e, "checkpoint failed; the next one retries"),
        }
        last = Some(std::time::Instant::now());
    }
    if let Err((_, e)) = conn.close() {
        tracing::warn!(error = %e, "closing the checkpoint connection");
    }
}

/// Statistics of the writer thread (for tests and measurements).
#[derive(Debug, Default)]
pub(super) struct GroupStats {
    groups: AtomicU64,
    writes: AtomicU64,
    /// Groups run again with a savepoint per write, after a write failed having written.
    careful: AtomicU64,
    /// Checkpoints the checkpoint thread ran.
    checkpoints: AtomicU64,
}

/// The thread's body: a group of up to `group` queued writes at a time, until every sender is
/// gone or a close is asked for; then the connection is closed before anyone hears so.
fn write_loop(
    mut conn: Connection,
    mut queue: mpsc::Receiver<Msg>,
    group: usize,
    notices: &broadcast::Sender<ChangeNotice>,
    turn: &Turn,
    stats: &GroupStats,
    checkpoints: Checkpointer,
) {
    let mut msgs = Vec::with_capacity(group);
    let mut closing = Vec::new();
    while closing.is_empty() && queue.blocking_recv_many(&mut msgs, group) > 0 {
        let mut jobs = Vec::with_capacity(msgs.len());
        for msg in msgs.drain(..) {
            match msg {
                Msg::Write(job) if closing.is_empty() => jobs.push(job),
                // Queued after a close: dropped, so its caller hears that the writer stopped.
                Msg::Write(_) => {}
                Msg::Close(done) => closing.push(done),
            }
        }
        run_group(&mut conn, jobs, notices, turn, stats);
        checkpoints.committed();
    }
    drop(queue);
    if let Err((_, e)) = conn.close() {
        tracing::warn!(error = %e, "closing the writer's connection");
    }
    // The checkpoint thread's connection goes too before anyone hears that the store is closed
    // (a tool may then want the file to itself).
    drop(checkpoints);
    for done in closing {
        done.send(()).ok();
    }
}

/// Commits `jobs` as one group and answers them.
fn run_group(
    conn: &mut Connection,
    mut jobs: Vec<Job>,
    notices: &broadcast::Sender<ChangeNotice>,
    turn: &Turn,
    stats: &GroupStats,
) {
    // A caller that gave up before its write started (its request was cancelled) is skipped, as
    // its own transaction would have been rolled back.
    jobs.retain(|j| !j.reply.is_closed());
    if jobs.is_empty() {
        return;
    }
    let (ops, replies): (Vec<Op>, Vec<_>) = jobs.into_iter().map(|j| (j.op, j.reply)).unzip();
    let my_turn = turn.take_blocking();
    // A bug that panics fails its group (the transaction is dropped, so rolled back), not every
    // write to come.
    let outcome = catch_unwind(AssertUnwindSafe(|| commit_group(conn, &ops, stats)))
        .unwrap_or_else(|_| Err(StoreError::Internal("the writer thread panicked".into())));
    if !conn.is_autocommit() {
        // Belt and braces: the next group must start outside any transaction.
        if let Err(e) = conn.execute_batch("ROLLBACK") {
            tracing::warn!(error = %e, "rolling back what a failed group left open");
        }
    }
    drop(my_turn);
    match outcome {
        Ok(ran) => {
            stats.groups.fetch_add(1, Ordering::Relaxed);
            stats.writes.fetch_add(ops.len() as u64, Ordering::Relaxed);
            let mut changed: Vec<TenantId> = ran.iter().filter_map(|r| r.changed).collect();
            changed.sort_unstable();
            changed.dedup();
            for t in changed {
                send(notices, ChangeNotice::Tenant(t));
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

/// What each caller of a group that failed as a whole hears.
fn shared_failure(e: &StoreError) -> StoreError {
    match e {
        StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
        other => StoreError::Internal(format!("the group of writes was not committed: {other}")),
    }
}

/// Commits a group: first all its writes in one transaction with no savepoint, which is all it
/// takes while no write fails after writing (refusals keep their entries and `Clean` failures
/// wrote nothing). When one does fail `Dirty`, that transaction is rolled back (nothing was
/// answered yet) and the group runs again with a savepoint per write, so that the failure is
/// undone alone. `Err` (nothing committed) when the transaction itself fails; every caller then
/// hears it.
fn commit_group(conn: &mut Connection, ops: &[Op], stats: &GroupStats) -> Result<Vec<Ran>> {
    if let Some(ran) = commit_without_savepoints(conn, ops)? {
        return Ok(ran);
    }
    stats.careful.fetch_add(1, Ordering::Relaxed);
    commit_with_savepoints(conn, ops)
}

/// `None`: a write failed after writing; nothing was committed.
fn commit_without_savepoints(conn: &mut Connection, ops: &[Op]) -> Result<Option<Vec<Ran>>> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let mut ran = Vec::with_capacity(ops.len());
    for op in ops {
        match run_op(&tx, op) {
            Ok(r) => ran.push(r),
            Err(Failed::Clean(e)) => ran.push(Ran::failed(e)),
            Err(Failed::Dirty(e)) => {
                // Fails when SQLite rolled back already (an I/O error): the same outcome.
                if let Err(r) = tx.rollback() {
                    tracing::debug!(error = %r, "rolling the group back");
                }
                // Alone in its group, the failed write is all there was to undo.
                if let [_] = ops {
                    return Ok(Some(vec![Ran::failed(e)]));
                }
                tracing::debug!(error = %e, "a write of a group failed; running the group again with a savepoint per write");
                return Ok(None);
            }
        }
    }
    tx.commit().db()?;
    Ok(Some(ran))
}

/// One transaction for the whole group, a savepoint per write: a write that fails is rolled back
/// alone, a refusal keeps its journal entry, and writes of the same tenant chain in queue order.
fn commit_with_savepoints(conn: &mut Connection, ops: &[Op]) -> Result<Vec<Ran>> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()?;
    let mut ran = Vec::with_capacity(ops.len());
    for op in ops {
        exec(&tx, "SAVEPOINT write", [])?;
        match run_op(&tx, op) {
            Ok(r) => {
                exec(&tx, "RELEASE write", [])?;
                ran.push(r);
            }
            Err(e) => {
                // Fails (and so fails the group) when SQLite rolled the whole transaction back
                // itself (I/O errors, a full disk): nothing may be acknowledged then. Rolling
                // back to `write` also undoes a batch's savepoint left open by the failure.
                exec(&tx, "ROLLBACK TO write", [])?;
                exec(&tx, "RELEASE write", [])?;
                ran.push(Ran::failed(e.into_error()));
            }
        }
    }
    tx.commit().db()?;
    Ok(ran)
}

// ---------------------------------------------------------------------------------------------
// Statements.

/// Runs one cached statement; returns how many rows it changed.
fn exec(conn: &Connection, sql: &str, params: impl Params) -> Result<usize> {
    conn.prepare_cached(sql).db()?.execute(params).db()
}

/// Runs one cached query and reads its first row, if any, with `read`.
fn query_opt<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    read: impl FnOnce(&Row<'_>) -> Result<T>,
) -> Result<Option<T>> {
    let mut stmt = conn.prepare_cached(sql).db()?;
    let mut rows = stmt.query(params).db()?;
    rows.next().db()?.map(read).transpose()
}

/// A journal entry: parameters `?1`..`?20`.
const INSERT_ENTRY: &str = "
    INSERT INTO audit_log (tenant, seq, id, at, actor_kind, actor_oid, actor_upn, actor_app_id,
        policy_id, target_kind, target_id, old_value, new_value, result, reason, request_id,
        correlation_id, client_request_id, prev_hash, hash)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
        ?20)";

/// A product row's change: `?1` value, `?2` time, `?3` tenant, `?4` policy, `?5` product, `?6`
/// the version read.
const CHANGE_PRODUCT: &str = "
    UPDATE product_policies SET value = ?1, version = version + 1, updated_at = ?2
    WHERE tenant = ?3 AND policy_id = ?4 AND product_id = ?5 AND version = ?6";

/// An offer type row's change (as products, `?5` the offer type key).
const CHANGE_OFFER_TYPE: &str = "
    UPDATE offer_type_policies SET value = ?1, version = version + 1, updated_at = ?2
    WHERE tenant = ?3 AND policy_id = ?4 AND offer_type_key = ?5 AND version = ?6";

/// The default's change: `?1` value, `?2` tenant, `?3` policy, `?4` the version read.
const CHANGE_DEFAULT: &str = "
    UPDATE tenant_policies SET default_value = ?1, version = version + 1
    WHERE tenant = ?2 AND policy_id = ?3 AND version = ?4";

const CHAIN_HEAD: &str =
    "SELECT seq, hash FROM audit_log WHERE tenant = ?1 ORDER BY seq DESC LIMIT 1";

/// The tenant's row for a product (`?3`), at the tenant's default, unless it exists.
const ENSURE_PRODUCT_ROW: &str = concat!(
    "INSERT INTO product_policies (tenant, policy_id, product_id, value, version)
     SELECT tp.tenant, tp.policy_id, p.product_id, ",
    common::start_value_sql!(),
    ", 0 FROM tenant_policies tp JOIN products p ON p.product_id = ?3
     WHERE tp.tenant = ?1 AND tp.policy_id = ?2
     ON CONFLICT DO NOTHING"
);

/// The tenant's row for an offer type (`?3` key, `?4` the offer types' default), unless it exists.
const ENSURE_OFFER_TYPE_ROW: &str = "
    INSERT INTO offer_type_policies (tenant, policy_id, offer_type_key, value, version)
    VALUES (?1, ?2, ?3, ?4, 0)
    ON CONFLICT DO NOTHING";

// ---------------------------------------------------------------------------------------------
// Building blocks used inside write transactions.

/// Creates the tenant's row and its policy rows (every product at the built-in default, version
/// 0) unless the tenant exists.
fn materialize(conn: &Connection, tenant: TenantId, created_at: OffsetDateTime) -> Result<()> {
    let t = tenant.to_string();
    let inserted = exec(
        conn,
        INSERT_TENANT,
        params![t, None::<&str>, "", micros(created_at)?],
    )? == 1;
    if inserted {
        for policy in PolicyId::ALL {
            for (sql, value) in materialized_rows(policy) {
                exec(conn, sql, params![t, policy.as_str(), value.as_str()])?;
            }
        }
    }
    Ok(())
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
fn chain_head(conn: &Connection, tenant: TenantId) -> Result<ChainHead> {
    let head = query_opt(conn, CHAIN_HEAD, [tenant.to_string()], |r| {
        Ok((get(r, "seq")?, get(r, "hash")?))
    })?;
    Ok(match head {
        Some((seq, hash)) => ChainHead { seq, hash },
        None => ChainHead::from_columns(None, None),
    })
}

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

/// Inserts a linked entry.
fn insert_entry(
    conn: &Connection,
    entry: &AuditEntry,
    seq: i64,
    prev_hash: &str,
    hash: &str,
) -> Result<()> {
    exec(
        conn,
        INSERT_ENTRY,
        params![
            entry.tenant.to_string(),
            seq,
            entry.id.to_string(),
            micros(entry.at)?,
            entry.actor.kind.as_str(),
            entry.actor.oid.map(|o| o.to_string()),
            entry.actor.upn,
            entry.actor.app_id,
            entry.policy.as_str(),
            entry.target.kind(),
            entry.target.id(),
            entry.old_value.map(PolicyValue::as_str),
            entry.new_value.map(PolicyValue::as_str),
            entry.result.as_str(),
            entry.reason,
            entry.ids.request_id,
            entry.ids.correlation_id,
            entry.ids.client_request_id,
            prev_hash,
            hash,
        ],
    )?;
    Ok(())
}

/// Appends `entry` to its tenant's chain. The caller holds the write lock.
fn append(conn: &Connection, entry: &AuditEntry) -> Result<()> {
    let head = chain_head(conn, entry.tenant)?;
    let (entry, seq, hash) = link(entry, &head)?;
    insert_entry(conn, &entry, seq, &head.hash, &hash)
}

/// Runs `change` (one of the `CHANGE_*` statements) with `params`, and appends `entry` after
/// `head` (read now when not known). The UPDATE must change exactly one row (it is conditional
/// on the version read under the write lock: belt and braces); otherwise the caller's
/// transaction or savepoint is rolled back, the entry with it.
fn change_and_append(
    conn: &Connection,
    change: &str,
    params: &[&dyn ToSql],
    entry: &AuditEntry,
    head: Option<ChainHead>,
) -> Result<()> {
    let head = match head {
        Some(h) => h,
        None => chain_head(conn, entry.tenant)?,
    };
    let (entry, seq, hash) = link(entry, &head)?;
    if exec(conn, change, params)? != 1 {
        return Err(StoreError::Internal(format!(
            "the {} policy row {} changed under the write lock",
            entry.target.kind(),
            entry.target.id()
        )));
    }
    insert_entry(conn, &entry, seq, &head.hash, &hash)
}

fn read_product(
    conn: &Connection,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<ProductPolicyRecord>> {
    query_opt(
        conn,
        SELECT_PRODUCT,
        params![
            tenant.to_string(),
            policy.as_str(),
            policy.builtin_default().as_str(),
            product.as_str()
        ],
        |r| product_row(r, tenant, policy),
    )
}

/// [`read_product`], and, when the tenant's row exists (it is then the row a write acts on, with
/// nothing to materialize first), where the tenant's chain ends.
fn read_product_for_write(
    conn: &Connection,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<(ProductPolicyRecord, Option<ChainHead>)>> {
    query_opt(
        conn,
        SELECT_PRODUCT_FOR_WRITE,
        params![
            tenant.to_string(),
            policy.as_str(),
            policy.builtin_default().as_str(),
            product.as_str()
        ],
        |r| {
            let head = if get::<bool>(r, "has_row")? {
                Some(ChainHead::from_columns(
                    get(r, "head_seq")?,
                    get(r, "head_hash")?,
                ))
            } else {
                None
            };
            Ok((product_row(r, tenant, policy)?, head))
        },
    )
}

/// The offer type's row, and whether the tenant's row exists.
fn read_offer_type_row(
    conn: &Connection,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<(OfferTypePolicyRecord, bool)>> {
    query_opt(
        conn,
        SELECT_OFFER_TYPE,
        params![
            tenant.to_string(),
            policy.as_str(),
            common::offer_type_default(policy).as_str(),
            common::offer_type_key(offer_type)
        ],
        |r| {
            Ok((
                offer_type_row(r, tenant, policy)?,
                get::<bool>(r, "has_row")?,
            ))
        },
    )
}

fn read_offer_type(
    conn: &Connection,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<OfferTypePolicyRecord>> {
    Ok(read_offer_type_row(conn, tenant, policy, offer_type)?.map(|(r, _)| r))
}

fn read_policy(
    conn: &Connection,
    tenant: TenantId,
    policy: PolicyId,
) -> Result<TenantPolicyRecord> {
    let mut stmt = conn.prepare_cached(SELECT_POLICY).db()?;
    let mut rows = stmt
        .query(params![tenant.to_string(), policy.as_str()])
        .db()?;
    policy_row(rows.next().db()?, tenant, policy)
}

/// The product `product` (current or legacy id) names, with the tenant's row made sure of (a
/// defensive no-op normally: materialization and `sync_catalog` already guarantee it). The
/// caller holds the write lock and has materialized the tenant.
fn current_product(
    conn: &Connection,
    tenant: TenantId,
    policy: PolicyId,
    product: &ProductId,
) -> Result<Option<ProductPolicyRecord>> {
    let Some(found) = read_product(conn, tenant, policy, product)? else {
        return Ok(None);
    };
    exec(
        conn,
        ENSURE_PRODUCT_ROW,
        params![
            tenant.to_string(),
            policy.as_str(),
            found.product_id.as_str()
        ],
    )?;
    read_product(conn, tenant, policy, &found.product_id)
}

fn current_offer_type(
    conn: &Connection,
    tenant: TenantId,
    policy: PolicyId,
    offer_type: &OfferType,
) -> Result<Option<OfferTypePolicyRecord>> {
    if read_offer_type(conn, tenant, policy, offer_type)?.is_none() {
        return Ok(None);
    }
    exec(
        conn,
        ENSURE_OFFER_TYPE_ROW,
        params![
            tenant.to_string(),
            policy.as_str(),
            common::offer_type_key(offer_type),
            common::offer_type_default(policy).as_str()
        ],
    )?;
    read_offer_type(conn, tenant, policy, offer_type)
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
/// (conditional on the version read: belt and braces) and appends its entry; a refusal's entry
/// is left to the caller.
fn write_product(
    conn: &Connection,
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
            let entry = common::write_entry(grant, policy, target, current.value, value, None, ctx);
            change_and_append(
                conn,
                CHANGE_PRODUCT,
                params![
                    value.as_str(),
                    micros(ctx.at)?,
                    grant.tenant().to_string(),
                    policy.as_str(),
                    current.product_id.as_str(),
                    current.version
                ],
                &entry,
                head,
            )?;
            Ok(Step::Done {
                record: common::product_changed(grant.tenant(), policy, current, value),
                changed: true,
            })
        }
    }
}

fn write_offer_type(
    conn: &Connection,
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
            let entry = common::write_entry(grant, policy, target, current.value, value, None, ctx);
            change_and_append(
                conn,
                CHANGE_OFFER_TYPE,
                params![
                    value.as_str(),
                    micros(ctx.at)?,
                    grant.tenant().to_string(),
                    policy.as_str(),
                    common::offer_type_key(&current.offer_type),
                    current.version
                ],
                &entry,
                None,
            )?;
            Ok(Step::Done {
                record: common::offer_type_changed(grant.tenant(), policy, current, value),
                changed: true,
            })
        }
    }
}

/// Applies `value` as the tenant's default (the tenant is materialized, the lock held).
fn write_default(
    conn: &Connection,
    grant: &WriteGrant,
    policy: PolicyId,
    value: PolicyValue,
    if_match: Option<&IfMatch>,
    ctx: &WriteContext,
) -> Result<Step<TenantPolicyRecord>> {
    let tenant = grant.tenant();
    let current = read_policy(conn, tenant, policy)?;
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
            let entry = common::write_entry(
                grant,
                policy,
                AuditTarget::Default,
                current.default_value,
                value,
                None,
                ctx,
            );
            change_and_append(
                conn,
                CHANGE_DEFAULT,
                params![
                    value.as_str(),
                    tenant.to_string(),
                    policy.as_str(),
                    current.version
                ],
                &entry,
                None,
            )?;
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
// Writes that append to the journal, as values: the writer thread runs them in groups.

/// A write that goes through the writer: every policy write and every journaled refusal.
#[derive(Debug)]
pub(super) enum Op {
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
pub(super) enum Answer {
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

impl Ran {
    /// A write that failed and left nothing.
    fn failed(error: StoreError) -> Ran {
        Ran {
            answer: Err(error),
            changed: None,
        }
    }
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

/// Runs `op` in the open transaction. `Err`: answer the error, after undoing whatever it wrote
/// when it is `Dirty`; `Ok`: keep what it wrote and answer `Ran::answer`.
fn run_op(conn: &Connection, op: &Op) -> std::result::Result<Ran, Failed> {
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
            let Some((found, head)) = read_product_for_write(conn, tenant, policy, product)? else {
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
                    materialize(conn, tenant, ctx.at)?;
                    Current::row(
                        current_product(conn, tenant, policy, product)?
                            .ok_or(StoreError::NotFound)?,
                    )
                }
            };
            let step = write_product(conn, grant, policy, current, *value, if_match.as_ref(), ctx)?;
            Ok(settle(conn, tenant, step, Answer::Product)?)
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
            let Some((found, has_row)) = read_offer_type_row(conn, tenant, policy, offer_type)?
            else {
                return Err(Failed::Clean(StoreError::NotFound));
            };
            let current = if has_row {
                found
            } else {
                materialize(conn, tenant, ctx.at)?;
                current_offer_type(conn, tenant, policy, offer_type)?.ok_or(StoreError::NotFound)?
            };
            let step =
                write_offer_type(conn, grant, policy, current, *value, if_match.as_ref(), ctx)?;
            Ok(settle(conn, tenant, step, Answer::OfferType)?)
        }
        Op::Default {
            grant,
            policy,
            value,
            if_match,
            ctx,
        } => {
            materialize(conn, grant.tenant(), ctx.at)?;
            let step = write_default(conn, grant, *policy, *value, if_match.as_ref(), ctx)?;
            Ok(settle(conn, grant.tenant(), step, Answer::Default)?)
        }
        Op::Batch {
            grant,
            policy,
            batch,
            ctx,
        } => run_batch(conn, grant, *policy, batch, ctx),
        Op::Refusals(entries) => {
            if let Some(first) = entries.first() {
                materialize(conn, first.tenant, first.at)?;
                for e in entries {
                    append(conn, e)?;
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
fn settle<R>(
    conn: &Connection,
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
            append(conn, &entry)?;
            Ok(Ran::failed(error))
        }
    }
}

fn run_batch(
    conn: &Connection,
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
            BatchTarget::Product(p) => {
                read_product(conn, tenant, policy, p)?.map(|r| format!("product:{}", r.product_id))
            }
            BatchTarget::OfferType(o) => read_offer_type(conn, tenant, policy, o)?
                .map(|r| format!("offerType:{}", common::offer_type_key(&r.offer_type))),
        };
        keys.push(key.ok_or_else(|| Failed::Clean(item_error(index, StoreError::NotFound)))?);
    }
    common::check_duplicates(&keys).map_err(Failed::Clean)?;
    materialize(conn, tenant, ctx.at)?;

    // The changes in a savepoint: a refusal rolls them back and journals itself alone. A failure
    // (`?`) leaves it open: the caller rolls back the transaction, or to its own savepoint,
    // which undoes this one too.
    exec(conn, "SAVEPOINT batch", [])?;
    let mut entries = 0;
    let mut result = BatchResult {
        default: None,
        items: Vec::with_capacity(batch.items.len()),
    };
    let mut refusal = None;
    if let Some(d) = &batch.default {
        let c = common::nth(ctx, entries);
        match write_default(conn, grant, policy, d.value, d.if_match.as_ref(), &c)? {
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
                let current = current_product(conn, tenant, policy, p)?
                    .ok_or_else(|| item_error(index, StoreError::NotFound))?;
                match write_product(
                    conn,
                    grant,
                    policy,
                    Current::row(current),
                    item.value,
                    m,
                    &c,
                )? {
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
                let current = current_offer_type(conn, tenant, policy, o)?
                    .ok_or_else(|| item_error(index, StoreError::NotFound))?;
                match write_offer_type(conn, grant, policy, current, item.value, m, &c)? {
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
            exec(conn, "RELEASE batch", [])?;
            Ok(Ran {
                answer: Ok(Answer::Batch(result)),
                changed: (entries > 0).then_some(tenant),
            })
        }
        Some((mut entry, error)) => {
            exec(conn, "ROLLBACK TO batch", [])?;
            exec(conn, "RELEASE batch", [])?;
            entry.id = ctx.audit_id;
            append(conn, &entry)?;
            Ok(Ran::failed(error))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::SqliteStore;
    use crate::{
        BatchChange, ChainCheck, DirectoryStore as _, PolicyStore as _, Store as _, StoreOptions,
    };
    use mscommerce_domain::{AuditResult, Catalog, Principal, PrincipalKind, Refusal, RequestIds};
    use uuid::Uuid;

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

    /// With group commit, checkpoints run on their own thread while groups commit; one
    /// transaction per write leaves them to SQLite, at commit.
    #[tokio::test]
    async fn checkpoints_run_beside_group_commit_only() {
        for group_commit in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let store =
                SqliteStore::open_with(&dir.path().join("db"), &StoreOptions { group_commit })
                    .await
                    .unwrap();
            store.migrate().await.unwrap();
            store
                .sync_catalog(&Catalog::builtin().unwrap())
                .await
                .unwrap();
            let grant = admin(TenantId::new(Uuid::new_v4())).write().unwrap();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            let mut k = 0;
            // Writes until a checkpoint has run (or, without group commit, for a second).
            while std::time::Instant::now() < deadline
                && store.journaled.checkpoints() == 0
                && (group_commit || k < 40)
            {
                let value = [PolicyValue::Disabled, PolicyValue::Enabled][k % 2];
                store
                    .journaled
                    .write(product(
                        &grant,
                        "CFQ7TTC0H9MP",
                        value,
                        None,
                        &format!("r-{k}"),
                    ))
                    .await
                    .unwrap();
                k += 1;
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            let ran = store.journaled.checkpoints();
            assert_eq!(
                ran > 0,
                group_commit,
                "group commit {group_commit}: {ran} checkpoints"
            );
            // Closing stops the checkpoint thread with the writer, before it returns: the file
            // is then free for a tool that needs it alone (leaving WAL mode takes that).
            store.close().await;
            let alone = Connection::open(dir.path().join("db")).unwrap();
            let mode: String = alone
                .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "delete", "another connection was still open");
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
        store
            .sync_catalog(&Catalog::builtin().unwrap())
            .await
            .unwrap();
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
                        BatchChange {
                            target: BatchTarget::Product(VISIO.parse().unwrap()),
                            value: PolicyValue::Disabled,
                            if_match: None,
                        },
                        BatchChange {
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
                        items: vec![BatchChange {
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
        let mut conn = connect(&dir.path().join("db")).unwrap();
        let ran = commit_group(&mut conn, &ops, &stats).unwrap();
        assert_eq!(stats.careful.load(Ordering::Relaxed), u64::from(dirty));
        let answers: Vec<String> = ran
            .iter()
            .map(|r| match &r.answer {
                Ok(Answer::Product(rec)) => format!("{} v{}", rec.value.as_str(), rec.version),
                Ok(other) => format!("{other:?}"),
                Err(e) => match e {
                    StoreError::Refused(Refusal::PreconditionFailed { .. }) => "412".into(),
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
        let mut check = ChainCheck::new();
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
}
