//! Admission for Argon2 work: every password and client-secret check goes through the gate.
//!
//! An Argon2id check holds about 19 MiB for tens of milliseconds, and anyone can ask for one
//! (an unknown user costs the same work as a known one). Unbounded, 128 concurrent wrong
//! passwords held 1.9 GB. The gate runs checks on `workers` threads of its own (about one per
//! core), lets at most `queue` more wait, and refuses the rest at once with
//! [`IdpError::Busy`](crate::IdpError::Busy) (503 with `Retry-After`). Own threads rather than
//! tokio's blocking pool: the blocking pool is where the store's reads run, and the allocator
//! keeps a freed Argon2 block in the arena of the thread that used it, so a few fixed threads
//! keep at most a few blocks, where hundreds of short-lived blocking threads kept hundreds. A
//! request that is cut off (timeout, closed connection) leaves its job queued; it still counts
//! until a worker has run it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

/// The gate was full (or shut): the caller should answer 503 with `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Full;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Debug)]
pub(crate) struct HashGate {
    jobs: SyncSender<Job>,
    /// Jobs started: the operator's view of the Argon2 load, and the tests' proof that
    /// an unknown account costs the same check as a known one.
    started: Arc<AtomicU64>,
}

impl HashGate {
    /// `workers` threads (at least one) and room for `queue` waiting jobs. The threads end when
    /// the gate is dropped.
    pub(crate) fn new(workers: usize, queue: usize) -> Self {
        let (jobs, rx) = sync_channel::<Job>(queue);
        let rx = Arc::new(Mutex::new(rx));
        let started = Arc::new(AtomicU64::new(0));
        for i in 0..workers.max(1) {
            let (rx, started) = (rx.clone(), started.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || work(&rx, &started));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password-hashing thread");
            }
        }
        HashGate { jobs, started }
    }

    /// How many jobs have started since the gate was made.
    pub(crate) fn started(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }

    /// Runs `work` on a hashing thread; `Err(Full)` at once when `queue` jobs are already
    /// waiting.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Full> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(work());
        });
        match self.jobs.try_send(job) {
            Ok(()) => rx.await.map_err(|_| Full),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => Err(Full),
        }
    }
}

fn work(rx: &Mutex<Receiver<Job>>, started: &AtomicU64) {
    loop {
        // The lock is held only to take a job, never while running one.
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => {
                // Counted before it runs: whoever got the job's answer sees it counted.
                started.fetch_add(1, Ordering::Relaxed);
                job();
            }
            Err(_) => return, // the gate is gone
        }
    }
}
