//! The writer thread's queue, in two lanes: `First` for the writes a person waits on (sign-ins,
//! the directory, the catalog, migrations), taken ahead of `Queued` policy writes, which may be
//! hundreds deep under load. Only the queued lane is bounded (back-pressure on the writers that
//! fill it); the first lane holds what people do, a handful at a time.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::MAX_GROUP;

/// Policy writes waiting for the writer thread, at most; callers beyond wait to queue.
const QUEUED: usize = 4 * MAX_GROUP;

/// Which lane a write takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    First,
    Queued,
}

#[derive(Debug)]
pub(crate) struct Lanes<M> {
    state: Mutex<State<M>>,
    ready: Condvar,
    room: Arc<Semaphore>,
}

#[derive(Debug)]
struct State<M> {
    first: VecDeque<M>,
    queued: VecDeque<(M, OwnedSemaphorePermit)>,
    closed: bool,
}

/// The thread is gone, or the lanes were closed.
#[derive(Debug)]
pub(crate) struct Closed;

impl<M> Lanes<M> {
    pub(crate) fn new() -> Self {
        Lanes {
            state: Mutex::new(State {
                first: VecDeque::new(),
                queued: VecDeque::new(),
                closed: false,
            }),
            ready: Condvar::new(),
            room: Arc::new(Semaphore::new(QUEUED)),
        }
    }

    fn state(&self) -> MutexGuard<'_, State<M>> {
        // Nothing panics while holding the lock; a poisoned queue is still a queue.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `msg` (waiting for room in the queued lane).
    pub(crate) async fn push(&self, lane: Lane, msg: M) -> Result<(), Closed> {
        let permit = match lane {
            Lane::First => None,
            Lane::Queued => Some(
                self.room
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|_| Closed)?,
            ),
        };
        let mut s = self.state();
        if s.closed {
            return Err(Closed);
        }
        match permit {
            None => s.first.push_back(msg),
            Some(p) => s.queued.push_back((msg, p)),
        }
        drop(s);
        self.ready.notify_one();
        Ok(())
    }

    /// Waits for messages (at most `idle`, then `true` with nothing taken), then takes every
    /// one of the first lane and up to `group` of the queued lane into `out`. `false` once
    /// closed with nothing left.
    pub(crate) fn take(&self, out: &mut Vec<M>, group: usize, idle: Duration) -> bool {
        let mut s = self.state();
        while s.first.is_empty() && s.queued.is_empty() {
            if s.closed {
                return false;
            }
            let (next, waited) = self
                .ready
                .wait_timeout(s, idle)
                .unwrap_or_else(PoisonError::into_inner);
            s = next;
            if waited.timed_out() && s.first.is_empty() && s.queued.is_empty() && !s.closed {
                return true;
            }
        }
        out.extend(s.first.drain(..));
        let n = s.queued.len().min(group.saturating_sub(out.len()).max(1));
        out.extend(s.queued.drain(..n).map(|(m, _room)| m));
        true
    }

    /// No more messages: pushes fail; `take` returns what is left, then `false`.
    pub(crate) fn close(&self) {
        self.state().closed = true;
        self.room.close();
        self.ready.notify_all();
    }
}
