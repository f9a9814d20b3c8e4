//! The writer thread: every write of the SQLite backend.
//!
//! One OS thread, `sqlite-writer`, owns the only connection that writes to the store's file and
//! runs each group of writes in one synchronous call: `BEGIN IMMEDIATE`, every write in a
//! savepoint of its own, `COMMIT`, and only then the answers (Tokio oneshots) and the change
//! notices. A write that fails is rolled back alone (to its savepoint); a refusal keeps its
//! journal entry; writes of one tenant chain in queue order.
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

use rusqlite::{Connection, OpenFlags};
use tokio::sync::{broadcast, oneshot};

use super::lanes::{Lane, Lanes};
use super::{Db as _, MAX_GROUP, SqliteConn, connect, drive};
use crate::sql::{Conn as _, Work};
use crate::{ChangeNotice, Result, StoreError};

/// A handle on the writer thread: where writes queue.
#[derive(Debug, Clone)]
pub(super) struct Writer {
    queue: Arc<Sender>,
    /// Read only by tests (`test-hooks`); the thread counts either way.
    #[cfg_attr(not(any(test, feature = "test-hooks")), allow(dead_code))]
    stats: Arc<GroupStats>,
}

/// The handles' side of the lanes: when the last handle goes, the thread ends.
#[derive(Debug)]
struct Sender(Arc<Lanes<Msg>>);

impl Drop for Sender {
    fn drop(&mut self) {
        self.0.close();
    }
}

enum Msg {
    Write(Box<dyn Task>),
    /// Stop after the writes queued before this one, close the connection, then answer.
    Close(oneshot::Sender<()>),
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Msg::Write(_) => "Write",
            Msg::Close(_) => "Close",
        })
    }
}

/// A queued write, whatever it answers.
trait Task: Send {
    /// Its caller has gone (its request was cancelled): skipped, as its own transaction would
    /// have been rolled back.
    fn abandoned(&self) -> bool;
    /// Runs the write; `Ok` keeps what it did (the caller answers after the commit).
    fn run(self: Box<Self>, conn: &mut SqliteConn) -> (bool, Box<dyn Answer>);
}

/// A write's answer, held until its group's commit is known.
trait Answer: Send {
    fn send(self: Box<Self>, commit: Result<()>);
}

struct Typed<T> {
    work: Work<SqliteConn, T>,
    reply: oneshot::Sender<Result<T>>,
}

struct Outcome<T> {
    out: Result<T>,
    reply: oneshot::Sender<Result<T>>,
}

impl<T: Send + 'static> Task for Typed<T> {
    fn abandoned(&self) -> bool {
        self.reply.is_closed()
    }

    fn run(self: Box<Self>, conn: &mut SqliteConn) -> (bool, Box<dyn Answer>) {
        let Typed { work, reply } = *self;
        // A bug that panics fails its write (rolled back to its savepoint), not every write to
        // come.
        let out = catch_unwind(AssertUnwindSafe(|| drive(work(conn))))
            .unwrap_or_else(|_| Err(StoreError::Internal("a write panicked".into())));
        (out.is_ok(), Box::new(Outcome { out, reply }))
    }
}

impl<T: Send + 'static> Answer for Outcome<T> {
    fn send(self: Box<Self>, commit: Result<()>) {
        let answer = match (self.out, commit) {
            (Ok(v), Ok(())) => Ok(v),
            (Ok(_), Err(e)) => Err(e),
            // It wrote nothing that stayed: its own error, whatever became of the group.
            (Err(e), _) => Err(e),
        };
        // A caller that has gone since hears nothing; its write stays.
        self.reply.send(answer).ok();
    }
}

impl Writer {
    /// Starts the writer thread on the database file at `path` (creating it, in WAL mode).
    /// `group_commit`: groups of up to [`MAX_GROUP`] writes, else of one.
    pub(super) async fn start(
        path: &Path,
        group_commit: bool,
        notices: broadcast::Sender<ChangeNotice>,
    ) -> Result<Writer> {
        let lanes = Arc::new(Lanes::new());
        let jobs = lanes.clone();
        let stats = Arc::new(GroupStats::default());
        let (opened, open) = oneshot::channel();
        let (path, thread_stats) = (path.to_owned(), stats.clone());
        let group = if group_commit { MAX_GROUP } else { 1 };
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || match open_writer(&path) {
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
                        SqliteConn::writer(conn),
                        &jobs,
                        group,
                        &notices,
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
        Ok(Writer {
            queue: Arc::new(Sender(lanes)),
            stats,
        })
    }

    /// Runs `work` in the writer thread's next group (`Lane::First`: ahead of the writes
    /// queued in the other lane); answers once that is committed.
    pub(super) async fn write<T: Send + 'static>(
        &self,
        lane: Lane,
        work: Work<SqliteConn, T>,
    ) -> Result<T> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .0
            .push(lane, Msg::Write(Box::new(Typed { work, reply })))
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
        if self
            .queue
            .0
            .push(Lane::First, Msg::Close(done))
            .await
            .is_ok()
        {
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
    pub(super) fn stats(&self) -> (u64, u64) {
        (
            self.stats.groups.load(Ordering::Relaxed),
            self.stats.writes.load(Ordering::Relaxed),
        )
    }
}

/// The writer's connection: it creates the file and switches it to WAL (a persistent setting of
/// the file, which the readers then find).
fn open_writer(path: &Path) -> Result<Connection> {
    create_owner_only(path)?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    conn.pragma_update(None, "journal_mode", "WAL").db()?;
    // The pages groups touch again (journal indexes are per tenant, so spread out) stay in
    // memory: 8 MiB, for this one connection; the rest comes back from the OS's cache. Not more:
    // every page split (B-tree balance) parks a page under a far page number, and the commit
    // after it then scans the cache's whole hash table, a cost that grows with the cache.
    // Measured with 64 writers over 1,000 tenants (2026-12-06): at 64 MiB that scan was 8 % of
    // the writer's time; 8 MiB gave 7 % more writes/s in paired rounds, 4 MiB no more than 8.
    conn.pragma_update(None, "cache_size", -8 * 1024).db()?;
    Ok(conn)
}

/// A new database file is created readable by its owner only (it holds password and secret
/// hashes and the journal); SQLite gives its `-wal` and `-shm` files the same mode. An existing
/// file is left as it is (the server makes its data directory private before opening it).
fn create_owner_only(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::Unavailable(format!(
            "cannot create the database file {}: {e}",
            path.display()
        ))),
    }
}

/// How often the checkpointer runs while writes come in, at most. A checkpoint copies every page
/// written since the last one and fsyncs the database file, and the writer's own fsync waits
/// behind it on the disk: longer intervals copy less in all but in bigger bursts. Measured with
/// 64 writers (bench/run, 2026-12-05): 5 ms gave a p99 of 14 ms, 10 ms 15 ms, 25 ms 21 ms and
/// 200 ms 25 ms, for 10 to 15 thousand writes/s; 10 ms keeps the p99 well under the 20 ms target.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(10);

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
    background_priority();
    let conn = match connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "the checkpoint thread cannot open the database; the writer checkpoints");
            return;
        }
    };
    let mut last: Option<std::time::Instant> = None;
    'kicked: while kicks.recv().is_ok() {
        // At most one checkpoint per interval: kicks that come meanwhile (one per group) are
        // absorbed, not obeyed; the store closing ends the wait at once.
        if let Some(due) = last.map(|t| t + CHECKPOINT_EVERY) {
            loop {
                let wait = due.saturating_duration_since(std::time::Instant::now());
                if wait.is_zero() {
                    break;
                }
                match kicks.recv_timeout(wait) {
                    Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break 'kicked,
                }
            }
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

/// How much less CPU the checkpoint thread gets than the writer and the request handlers when
/// they all want it (a nice value: about a tenth of their share). Copying the log back can wait;
/// the writer, the one stage every write passes in turn, cannot. Measured with 64 writers on two
/// cores (2026-12-06): the checkpoints then coalesce more pages, and durable writes/s rose by
/// the share the writer won back; the log still stays far below the writer's own backstop.
const CHECKPOINT_NICE: i32 = 10;

/// Lowers the calling thread's priority by [`CHECKPOINT_NICE`] (Linux, where the nice value is
/// per thread; elsewhere it would lower the whole process, so it is left alone).
fn background_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(None, CHECKPOINT_NICE) {
        tracing::debug!(error = %e, "cannot lower the checkpoint thread's priority");
    }
}

/// Statistics of the writer thread (for tests and measurements).
#[derive(Debug, Default)]
pub(super) struct GroupStats {
    groups: AtomicU64,
    writes: AtomicU64,
    /// Checkpoints the checkpoint thread ran.
    checkpoints: AtomicU64,
}

/// The thread's body: a group of up to `group` queued writes at a time, until every sender is
/// gone or a close is asked for; then the connection is closed before anyone hears so.
fn write_loop(
    mut conn: SqliteConn,
    queue: &Lanes<Msg>,
    group: usize,
    notices: &broadcast::Sender<ChangeNotice>,
    stats: &GroupStats,
    checkpoints: Checkpointer,
) {
    let mut msgs = Vec::with_capacity(group);
    let mut closing = Vec::new();
    while closing.is_empty() && queue.take(&mut msgs, group, LOOK_OUTSIDE_EVERY) {
        let mut tasks = Vec::with_capacity(msgs.len());
        for msg in msgs.drain(..) {
            match msg {
                Msg::Write(task) if closing.is_empty() && !task.abandoned() => tasks.push(task),
                // Abandoned, or queued after a close: dropped, so its caller hears that the
                // writer stopped.
                Msg::Write(_) => {}
                Msg::Close(done) => closing.push(done),
            }
        }
        if tasks.is_empty() {
            // Idle: what another process committed meanwhile is announced now, not at the next
            // write.
            if let Err(e) = look_outside(&mut conn, notices) {
                tracing::warn!(error = %e, "cannot tell whether another process changed the store");
            }
            continue;
        }
        let n = tasks.len();
        if let Err(e) = commit_group(&mut conn, tasks, notices, stats) {
            tracing::warn!(error = %e, writes = n, "a group of writes was not committed");
        }
        checkpoints.committed();
    }
    queue.close();
    if let Err((_, e)) = conn.conn.close() {
        tracing::warn!(error = %e, "closing the writer's connection");
    }
    // The checkpoint thread's connection goes too before anyone hears that the store is closed
    // (a tool may then want the file to itself).
    drop(checkpoints);
    for done in closing {
        done.send(()).ok();
    }
}

/// Commits `tasks` as one transaction, a savepoint each, counts it, announces what the group
/// changed and answers them (in that order: a caller that hears its answer has been noticed
/// and counted). `Err`
/// (nothing committed, every caller told) when the transaction itself fails.
fn commit_group(
    conn: &mut SqliteConn,
    tasks: Vec<Box<dyn Task>>,
    notices: &broadcast::Sender<ChangeNotice>,
    stats: &GroupStats,
) -> Result<()> {
    let n = tasks.len() as u64;
    let mut answers = Vec::with_capacity(tasks.len());
    let outcome = run_group(conn, tasks, &mut answers, notices);
    if !conn.conn.is_autocommit() {
        // The next group must start outside any transaction.
        if let Err(e) = conn.conn.execute_batch("ROLLBACK") {
            tracing::debug!(error = %e, "rolling back what a failed group left open");
        }
    }
    if outcome.is_err() {
        conn.forget_heads();
    }
    let commit = match outcome {
        Ok(changed) => {
            stats.groups.fetch_add(1, Ordering::Relaxed);
            stats.writes.fetch_add(n, Ordering::Relaxed);
            for notice in changed {
                // No receiver is not an error: nobody caches.
                notices.send(notice).ok();
            }
            Ok(())
        }
        Err(e) => Err(e),
    };
    for a in answers {
        a.send(commit.as_ref().map(|_| ()).map_err(shared_failure));
    }
    commit
}

fn run_group(
    conn: &mut SqliteConn,
    tasks: Vec<Box<dyn Task>>,
    answers: &mut Vec<Box<dyn Answer>>,
    notices: &broadcast::Sender<ChangeNotice>,
) -> Result<Vec<ChangeNotice>> {
    // Prepared once (cached) like every other statement: they run twice per write.
    let exec = |c: &SqliteConn, sql: &str| c.conn.prepare_cached(sql).db()?.execute([]).db();
    exec(conn, "BEGIN IMMEDIATE")?;
    // The write lock is ours until the commit: what another process committed before it is all
    // it can have committed.
    look_outside(conn, notices)?;
    let mut changed = Vec::new();
    for task in tasks {
        exec(conn, "SAVEPOINT write")?;
        let (keep, answer) = task.run(conn);
        answers.push(answer);
        let notices = std::mem::take(&mut conn.notices);
        if keep {
            for n in notices {
                if !changed.contains(&n) {
                    changed.push(n);
                }
            }
        } else {
            // Fails (and so fails the group) when SQLite rolled the whole transaction back
            // itself (I/O errors, a full disk): nothing may be acknowledged then.
            exec(conn, "ROLLBACK TO write")?;
            conn.forget_heads();
        }
        exec(conn, "RELEASE write")?;
    }
    exec(conn, "COMMIT")?;
    Ok(changed)
}

/// How long the writer waits for writes before it looks whether another process (an
/// `mscommerce admin` command) changed the file: the longest such a change goes unannounced while
/// no write comes in. A look is one read of the shared WAL index, no I/O.
const LOOK_OUTSIDE_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// When another process committed to the file since the writer last looked, the journal heads
/// the writer knows are forgotten and every cache hears [`ChangeNotice::Everything`]: the
/// out-of-band change shows at once instead of when cached answers expire.
fn look_outside(conn: &mut SqliteConn, notices: &broadcast::Sender<ChangeNotice>) -> Result<()> {
    let Some(heads) = &mut conn.heads else {
        return Ok(());
    };
    if heads.outside_commit(&conn.conn)? {
        heads.forget();
        notices.send(ChangeNotice::Everything).ok();
    }
    Ok(())
}

/// What each caller of a group that failed as a whole hears.
fn shared_failure(e: &StoreError) -> StoreError {
    match e {
        StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
        other => StoreError::Internal(format!("the group of writes was not committed: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::{params, work};
    use crate::sqlite::SqliteStore;
    use crate::{PolicyStore as _, Store as _, StoreOptions};
    use mscommerce_domain::{Catalog, PolicyId, PolicyValue, Principal, PrincipalKind, TenantId};
    use uuid::Uuid;

    async fn open(dir: &Path, group_commit: bool) -> SqliteStore {
        let store = SqliteStore::open_with(&dir.join("db"), &StoreOptions { group_commit })
            .await
            .unwrap();
        store.migrate().await.unwrap();
        store
            .sync_catalog(&Catalog::builtin().unwrap())
            .await
            .unwrap();
        store
    }

    fn admin() -> mscommerce_domain::WriteGrant {
        Principal {
            tenant: TenantId::new(Uuid::new_v4()),
            kind: PrincipalKind::User {
                oid: Uuid::new_v4(),
                upn: None,
                wids: vec![mscommerce_proto::roles::GLOBAL_ADMINISTRATOR.into()],
                scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
            },
        }
        .write()
        .unwrap()
    }

    /// Column `col` of every row `sql` returns, as text.
    fn texts(conn: &Connection, sql: &str, col: usize) -> Vec<String> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(col))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap()
    }

    /// The `k`th write of a run: Power BI Pro's policy, Disabled on even `k`, Enabled on odd.
    async fn toggle(store: &SqliteStore, grant: &mscommerce_domain::WriteGrant, k: usize) {
        let ctx = crate::WriteContext {
            at: time::macros::datetime!(2026-03-01 09:30 UTC),
            ids: mscommerce_domain::RequestIds {
                request_id: format!("r-{k}"),
                correlation_id: None,
                client_request_id: None,
                client_address: None,
                user_agent: None,
            },
            audit_id: Uuid::now_v7(),
        };
        let value = [PolicyValue::Disabled, PolicyValue::Enabled][k % 2];
        let product = "CFQ7TTC0H9MP".parse().unwrap();
        store
            .set_product_policy(
                grant,
                PolicyId::AllowSelfServicePurchase,
                &product,
                value,
                None,
                &ctx,
            )
            .await
            .unwrap();
    }

    /// Every entry of a tenant's journal, checked link by link.
    async fn assert_chain_whole(store: &SqliteStore, tenant: TenantId, entries: usize) {
        let journal = store.journal(tenant).await.unwrap();
        assert_eq!(journal.len(), entries);
        let mut check = crate::ChainCheck::new();
        for r in &journal {
            check
                .push(r)
                .unwrap_or_else(|e| panic!("the chain broke: {e}"));
        }
    }

    /// Another process on the same file (as an `mscommerce admin` command is) appends to a
    /// tenant's journal between two of this writer's writes. The writer, which knows that
    /// tenant's head from its own append, hears of the outside commit while idle (caches hear
    /// `Everything` within a second, not when their answers expire), reads the head again, and
    /// the chain stays whole.
    #[tokio::test]
    async fn another_process_commits_are_heard_and_the_chain_stays_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path(), true).await;
        let grant = admin();
        toggle(&store, &grant, 0).await;
        let mut changes = store.changes();
        // A store of its own (its own writer connection, as another process has).
        let other = open(dir.path(), true).await;
        toggle(&other, &grant, 1).await;
        other.close().await;
        let heard = tokio::time::timeout(std::time::Duration::from_secs(10), async {
            loop {
                match changes.recv().await {
                    Ok(ChangeNotice::Everything) => return,
                    Ok(_) => {}
                    Err(e) => panic!("the notices stopped: {e}"),
                }
            }
        })
        .await;
        assert!(
            heard.is_ok(),
            "the other process's commit was never announced"
        );
        toggle(&store, &grant, 2).await;
        assert_chain_whole(&store, grant.tenant(), 3).await;
        store.close().await;
    }

    /// The writer's own commits, and the checkpoints running beside them, are not mistaken for
    /// another process's: no `Everything` (which empties every cache) while this process alone
    /// writes, and the chains the known heads extend are whole.
    #[tokio::test]
    async fn own_commits_and_checkpoints_are_not_outside_changes() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path(), true).await;
        let mut changes = store.changes();
        let grants = [admin(), admin()];
        let mut k = 0;
        while store.backend.writer.checkpoints() < 3 && k < 2000 {
            toggle(&store, &grants[k % 2], k / 2).await;
            k += 1;
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        assert!(
            store.backend.writer.checkpoints() >= 3,
            "no checkpoints in {k} writes"
        );
        // Idle longer than the writer's look-outside interval: it looks at least once.
        tokio::time::sleep(LOOK_OUTSIDE_EVERY + std::time::Duration::from_millis(500)).await;
        loop {
            match changes.try_recv() {
                Ok(ChangeNotice::Everything) => {
                    panic!("an own commit was taken for an outside one")
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        assert_chain_whole(&store, grants[0].tenant(), k.div_ceil(2)).await;
        assert_chain_whole(&store, grants[1].tenant(), k / 2).await;
        store.close().await;
    }

    /// Groups committed back to back kick the checkpoint thread after each one; it still runs at
    /// most once per [`CHECKPOINT_EVERY`] (a checkpoint per group or two would compete with the
    /// writer's own fsyncs for the disk).
    #[tokio::test]
    async fn checkpoints_run_at_most_once_per_interval() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path(), true).await;
        let grant = admin();
        let started = std::time::Instant::now();
        let mut k = 0;
        while started.elapsed() < std::time::Duration::from_millis(600) {
            toggle(&store, &grant, k).await;
            k += 1;
        }
        let ran = store.backend.writer.checkpoints();
        let allowed = u64::try_from(started.elapsed().as_millis() / CHECKPOINT_EVERY.as_millis())
            .unwrap()
            + 1;
        assert!(k > 20, "only {k} writes in the run");
        assert!(
            ran <= allowed,
            "{ran} checkpoints for {k} groups in {:?}: at most {allowed}",
            started.elapsed()
        );
        store.close().await;
    }

    /// With group commit, checkpoints run on their own thread while groups commit; one
    /// transaction per write leaves them to SQLite, at commit. Closing stops the checkpoint
    /// thread with the writer, before it returns: the file is then free for a tool that needs
    /// it alone (leaving WAL mode takes that).
    #[tokio::test]
    async fn checkpoints_run_beside_group_commit_only() {
        for group_commit in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let store = open(dir.path(), group_commit).await;
            let grant = admin();
            let writer = &store.backend.writer;
            // Writes until a checkpoint has run (or, without group commit, forty of them).
            let mut k = 0;
            while writer.checkpoints() == 0 && k < if group_commit { 400 } else { 40 } {
                toggle(&store, &grant, k).await;
                k += 1;
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            let ran = writer.checkpoints();
            assert_eq!(ran > 0, group_commit, "group commit {group_commit}: {ran}");
            store.close().await;
            let alone = Connection::open(dir.path().join("db")).unwrap();
            let mode: String = alone
                .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "delete", "another connection was still open");
        }
    }

    /// The checkpoint thread runs at a lower priority than the writer (Linux: the nice value is
    /// per thread); the writer keeps the process's.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn the_checkpoint_thread_yields_to_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path(), true).await;
        // Other tests' stores run in this process too: every such thread must agree.
        let nice_of = |name: &str| -> Vec<i32> {
            std::fs::read_dir("/proc/self/task")
                .unwrap()
                .filter_map(|t| {
                    let stat = std::fs::read_to_string(t.ok()?.path().join("stat")).ok()?;
                    let (comm, rest) = stat.split_once(" (")?.1.rsplit_once(") ")?;
                    // Field 19 (nice), the 17th after the command's name.
                    (comm == name).then(|| rest.split(' ').nth(16)?.parse().ok())?
                })
                .collect()
        };
        // A thread lowers itself first thing, which may be just after the store opened.
        let started = std::time::Instant::now();
        loop {
            let checkpointers = nice_of("sqlite-checkpoi");
            if !checkpointers.is_empty() && checkpointers.iter().all(|&n| n == CHECKPOINT_NICE) {
                break;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "checkpoint threads' nice values: {checkpointers:?}"
            );
            std::thread::yield_now();
        }
        let writers = nice_of("sqlite-writer");
        assert!(!writers.is_empty(), "no writer thread found");
        assert!(writers.iter().all(|&n| n == 0), "writers: {writers:?}");
        store.close().await;
    }

    /// No statement the writer runs builds a temporary B-tree to check a constraint (SQLite
    /// does for `x IN (a, b, c)`; migration 0014 rewrote those as chains of equalities), and the
    /// constraints still hold, on a file whose pages are whole.
    #[tokio::test]
    async fn constraints_are_checked_without_temporary_btrees() {
        let dir = tempfile::tempdir().unwrap();
        open(dir.path(), true).await.close().await;
        let conn = Connection::open(dir.path().join("db")).unwrap();
        let tables = texts(
            &conn,
            "SELECT name FROM sqlite_schema WHERE type = 'table'",
            0,
        );
        assert!(tables.len() > 20, "tables: {tables:?}");
        let ephemeral = |sql: &str| -> usize {
            // An EXPLAIN row's second column is its opcode.
            texts(&conn, &format!("EXPLAIN {sql}"), 1)
                .iter()
                .filter(|op| *op == "OpenEphemeral")
                .count()
        };
        for table in &tables {
            let insert = format!("INSERT INTO {table} DEFAULT VALUES");
            assert_eq!(ephemeral(&insert), 0, "{insert}");
        }
        let update = "UPDATE product_policies SET value = 'Disabled', version = version + 1 \
                      WHERE tenant = 't' AND policy_id = 'p' AND product_id = 'q'";
        assert_eq!(ephemeral(update), 0, "{update}");
        let tenant = Uuid::new_v4().to_string();
        conn.execute(
            "INSERT INTO tenants (id, display_name, created_at) VALUES (?1, 'T', 0)",
            [&tenant],
        )
        .unwrap();
        let bad = conn
            .execute(
                "INSERT INTO tenant_policies (tenant, policy_id, default_value) \
                 VALUES (?1, 'AllowSelfServicePurchase', 'Sometimes')",
                [&tenant],
            )
            .unwrap_err();
        assert!(bad.to_string().contains("CHECK constraint failed"), "{bad}");
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
    }

    /// One group, built by hand: a write that fails after writing is rolled back alone, while
    /// its neighbours' changes stay and every caller hears its own answer; notices are sent for
    /// what was kept only.
    #[tokio::test]
    async fn a_write_that_fails_after_writing_is_rolled_back_alone() {
        let dir = tempfile::tempdir().unwrap();
        open(dir.path(), true).await.close().await;
        let mut conn = SqliteConn::new(open_writer(&dir.path().join("db")).unwrap());
        let insert = |name: &'static str, fail: bool| {
            let (reply, answer) = oneshot::channel();
            let task: Box<dyn Task> = Box::new(Typed {
                work: work(move |c: &mut SqliteConn| {
                    Box::pin(async move {
                        c.execute(
                            "INSERT INTO offer_types (offer_type_key, offer_type, description) \
                             VALUES ($1, $1, $2)",
                            params![name, "test"],
                        )
                        .await?;
                        c.notify(ChangeNotice::Catalog).await?;
                        if fail {
                            return Err(StoreError::Internal("failed after writing".into()));
                        }
                        Ok(name)
                    })
                }),
                reply,
            });
            (task, answer)
        };
        let (a, a_answer) = insert("kept-1", false);
        let (b, b_answer) = insert("rolled-back", true);
        let (c, c_answer) = insert("kept-2", false);
        let (notices, mut heard) = broadcast::channel(8);
        let stats = GroupStats::default();
        commit_group(&mut conn, vec![a, b, c], &notices, &stats).unwrap();
        assert_eq!(a_answer.await.unwrap().unwrap(), "kept-1");
        assert!(matches!(
            b_answer.await.unwrap(),
            Err(StoreError::Internal(_))
        ));
        assert_eq!(c_answer.await.unwrap().unwrap(), "kept-2");
        assert_eq!(heard.try_recv().unwrap(), ChangeNotice::Catalog);
        assert!(heard.try_recv().is_err(), "one notice for the group");
        let keys = texts(
            &conn.conn,
            "SELECT offer_type_key FROM offer_types WHERE description = 'test' ORDER BY 1",
            0,
        );
        assert_eq!(keys, ["kept-1", "kept-2"]);
        assert_eq!(stats.writes.load(Ordering::Relaxed), 3);
    }
}
