//! The accept loop: our own instead of `axum::serve`, because a service on the open network needs
//! what that one does not offer: a cap on open connections, a deadline for request headers (so
//! 1,000 clients trickling bytes cannot hold the server), and a graceful shutdown that stops
//! accepting, lets requests in flight finish within a bound, and then returns.
//!
//! The header deadline is kept by [`idle`]'s sweeper, not by hyper's `header_read_timeout`: that
//! one arms a timer in Tokio's wheel for every request and takes it out again when the headers
//! are in, which measured 4 to 5 % of the server's time on the hot decision path. The drain at
//! shutdown goes through the same per-connection [`idle::Watch`] ([`idle::Drained`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::middleware::FrontDoor;

use self::idle::{Deadlines, Drained, Watched};

/// Limits on what clients control at the connection level.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Connections open at once; further clients wait in the kernel's backlog.
    pub max_connections: usize,
    /// Time a client has to send a request's headers, counted from the connection's start or its
    /// last response byte: a connection idle that long between requests is closed too.
    pub header_read_timeout: Duration,
    /// Time requests in flight get to finish after shutdown begins.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 4096,
            header_read_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then drains.
pub async fn serve<S>(
    listener: TcpListener,
    app: FrontDoor<S>,
    limits: ConnectionLimits,
    tls: Option<Arc<crate::tls::TlsSource>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    S: crate::app::ServeRequest,
{
    let max_connections = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    let permits = Arc::new(Semaphore::new(max_connections as usize));
    let mut builder = http1::Builder::new();
    builder.keep_alive(true);
    let deadlines = Deadlines::start(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        // Wait for room before accepting, so an overload queues in the backlog instead of in
        // our memory.
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let watch = deadlines.watch();
        let service = Connection(Arc::new(ConnectionState {
            front: app.clone(),
            watch: watch.clone(),
            peer,
        }));
        let task = match &tls {
            None => {
                let io = Watched::new(TokioIo::new(stream), watch.clone());
                let connection = Drained::new(builder.serve_connection(io, service), watch.clone());
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        tracing::debug!(error = %e, %peer, "connection ended with an error");
                    }
                    drop(permit);
                })
            }
            Some(tls) => {
                let acceptor = tls.acceptor();
                let (builder, io_watch) = (builder.clone(), watch.clone());
                // The handshake is under the same deadline as a request's headers (nothing is
                // served before it ends): a client that opens a connection and never finishes
                // it cannot hold it.
                tokio::spawn(async move {
                    match acceptor.accept(stream).await {
                        Ok(stream) => {
                            let io = Watched::new(TokioIo::new(stream), io_watch.clone());
                            let connection =
                                Drained::new(builder.serve_connection(io, service), io_watch);
                            if let Err(e) = connection.await {
                                tracing::debug!(error = %e, %peer, "connection ended with an error");
                            }
                        }
                        Err(e) => tracing::debug!(error = %e, %peer, "TLS handshake failed"),
                    }
                    drop(permit);
                })
            }
        };
        deadlines.enrol(&watch, task.abort_handle());
    }
    drop(listener);
    // Every connection finishes the request it is serving and closes; idle ones close at once.
    // Each holds a permit until its task ends, so all of them back means all are done.
    deadlines.drain();
    tokio::select! {
        _ = permits.acquire_many(max_connections) => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("requests still in flight after the shutdown grace period; stopping anyway");
        }
    }
    drop(deadlines);
    Ok(())
}

/// One connection's side of the service. Shared by the connection's requests through a
/// reference count of its own, not the front door's, which every connection shares.
struct Connection<S>(Arc<ConnectionState<S>>);

/// The front door, the connection's deadline and who is on the other end (smart lockout,
/// throttles, the journal).
struct ConnectionState<S> {
    front: FrontDoor<S>,
    watch: Arc<idle::Watch>,
    peer: std::net::SocketAddr,
}

impl<S> hyper::service::Service<hyper::Request<hyper::body::Incoming>> for Connection<S>
where
    S: crate::app::ServeRequest,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answering<S>;

    fn call(&self, req: hyper::Request<hyper::body::Incoming>) -> Self::Future {
        // A whole head has arrived: no deadline while the request is served.
        self.0.watch.serving();
        Answering::Asked(self.0.clone(), Some(req.map(Body::new)))
    }
}

/// A request's answer. The front door sees the request at the first poll, not when hyper hands
/// it over: by then hyper has read the body that came with the head into the request, and the
/// hot decision can be answered from it at once.
enum Answering<S> {
    Asked(Arc<ConnectionState<S>>, Option<Request>),
    Answering(Arc<ConnectionState<S>>, crate::middleware::Answering),
}

impl<S> Future for Answering<S>
where
    S: crate::app::ServeRequest,
{
    type Output = Result<Response, Infallible>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        // Unpin: the front door's future is a ready value or a boxed one.
        let this = self.get_mut();
        if let Answering::Asked(connection, req) = this
            && let Some(req) = req.take()
        {
            let answer = connection.front.answer(req, Some(connection.peer));
            *this = Answering::Answering(connection.clone(), answer);
        }
        match this {
            Answering::Answering(connection, future) => {
                let answer = std::pin::Pin::new(future).poll(cx);
                if answer.is_ready() {
                    // Served: the deadline for the next head runs from here (and from every
                    // byte of this response written).
                    connection.watch.answered();
                }
                answer
            }
            // Only after a panic in the front door's call: there is no request left to answer.
            Answering::Asked(..) => std::task::Poll::Pending,
        }
    }
}

/// The header deadline, kept without a timer per request.
///
/// Each connection has a [`Watch`]: the sweeper's tick at its last sign of progress, or
/// [`SERVING`] while a request is being served. Progress is the connection's start, a request
/// answered, and every byte of a response written after that ([`Watched`]; an interim `100
/// Continue` written while the request is served is not); a request's whole head arriving sets
/// [`SERVING`]. Bytes
/// read are not progress: a client trickling a head one byte at a time is what the deadline is
/// for. One sweeper task ticks a few times per deadline and aborts the task of every connection
/// that has shown no progress for the deadline, which closes its socket: a head that does not
/// arrive in time, a connection idle between requests, a TLS handshake never finished, and a
/// client that takes no byte of its response for that long.
pub(crate) mod idle {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

    use futures::task::AtomicWaker;
    use hyper_util::server::graceful::GracefulConnection;
    use std::sync::{Arc, Mutex, Weak};
    use std::task::{Context, Poll, Waker};
    use std::time::Duration;

    use tokio::task::{AbortHandle, JoinHandle};

    /// A request is being served: no deadline runs.
    const SERVING: u64 = u64::MAX;

    /// Sweeps per deadline: a connection is closed between one deadline and a quarter more
    /// after its last progress.
    const SWEEPS_PER_DEADLINE: u32 = 4;

    /// The sweeper and the connections it watches; dropping it stops the sweeper.
    pub(crate) struct Deadlines {
        shared: Arc<Shared>,
        sweeper: JoinHandle<()>,
    }

    struct Shared {
        /// Sweeps so far: the clock of every [`Watch`].
        ticks: AtomicU64,
        /// The server is shutting down: connections finish what they serve and close.
        draining: AtomicBool,
        /// Whole sweeps a connection may go without progress.
        allowed: u64,
        connections: Mutex<Vec<(Weak<Watch>, AbortHandle)>>,
    }

    /// One connection's last progress, in sweeper ticks.
    pub(crate) struct Watch {
        since: AtomicU64,
        shared: Arc<Shared>,
        /// The connection's task, woken when the server starts draining and by every wake of
        /// the connection that comes while it is not being polled ([`Drained`]).
        task: AtomicWaker,
        /// Whether the connection is being polled, and whether it was woken meanwhile.
        polling: AtomicU8,
    }

    /// [`Watch::polling`]: not being polled; wakes go to the task.
    const IDLE: u8 = 0;
    /// Being polled: a wake is recorded, and the poll is repeated at once.
    const POLLING: u8 = 1;
    /// Woken while being polled.
    const WOKEN: u8 = 2;

    impl Deadlines {
        /// Starts the sweeper for `deadline` on the current runtime.
        pub(crate) fn start(deadline: Duration) -> Deadlines {
            let period = (deadline / SWEEPS_PER_DEADLINE).max(Duration::from_millis(10));
            // A tick counts a whole period only from the tick after the last progress: one more
            // than the deadline's periods, so that no connection is cut before its deadline.
            let allowed = deadline.as_nanos().div_ceil(period.as_nanos()) as u64 + 1;
            let shared = Arc::new(Shared {
                ticks: AtomicU64::new(0),
                draining: AtomicBool::new(false),
                allowed,
                connections: Mutex::new(Vec::new()),
            });
            let sweeping = shared.clone();
            let sweeper = tokio::spawn(async move {
                let mut tick = tokio::time::interval(period);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                tick.tick().await;
                loop {
                    tick.tick().await;
                    sweeping.sweep();
                }
            });
            Deadlines { shared, sweeper }
        }

        /// A new connection's watch, its deadline running from now.
        pub(crate) fn watch(&self) -> Arc<Watch> {
            Arc::new(Watch {
                since: AtomicU64::new(self.shared.ticks.load(Ordering::Relaxed)),
                shared: self.shared.clone(),
                task: AtomicWaker::new(),
                polling: AtomicU8::new(IDLE),
            })
        }

        /// Watches the connection served by `task`.
        pub(crate) fn enrol(&self, watch: &Arc<Watch>, task: AbortHandle) {
            self.shared
                .connections
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((Arc::downgrade(watch), task));
        }

        /// Tells every connection to finish the request it serves and close.
        pub(crate) fn drain(&self) {
            self.shared.draining.store(true, Ordering::Release);
            let connections = self
                .shared
                .connections
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for (watch, _) in connections.iter() {
                if let Some(watch) = watch.upgrade() {
                    watch.task.wake();
                }
            }
        }
    }

    impl Drop for Deadlines {
        fn drop(&mut self) {
            self.sweeper.abort();
        }
    }

    impl Shared {
        fn sweep(&self) {
            let now = self.ticks.fetch_add(1, Ordering::Relaxed) + 1;
            self.connections
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .retain(|(watch, task)| {
                    // Gone: the connection ended on its own.
                    let Some(watch) = watch.upgrade() else {
                        return false;
                    };
                    let since = watch.since.load(Ordering::Relaxed);
                    if since != SERVING && now.saturating_sub(since) >= self.allowed {
                        tracing::debug!("closing a connection that showed no progress in time");
                        task.abort();
                        return false;
                    }
                    true
                });
        }
    }

    impl Watch {
        /// A request's head has arrived.
        pub(crate) fn serving(&self) {
            self.since.store(SERVING, Ordering::Relaxed);
        }

        /// The request's answer is ready: the deadline for the next head runs from now.
        pub(crate) fn answered(&self) {
            // The clock is read by every connection and written a few times per deadline: no
            // cache line bounces between cores here.
            let now = self.shared.ticks.load(Ordering::Relaxed);
            self.since.store(now, Ordering::Relaxed);
        }

        /// A response's bytes went out: unless a request is being served (an interim `100
        /// Continue`), the deadline for the next head runs from now. Writes and the requests'
        /// hand-over happen on the connection's one task, so the two never race.
        fn progressed(&self) {
            if self.since.load(Ordering::Relaxed) != SERVING {
                self.answered();
            }
        }
    }

    /// The connection's waker: a wake while the connection is being polled is only recorded
    /// ([`Drained`] polls again before it returns); any other goes to the task.
    impl std::task::Wake for Watch {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }

        fn wake_by_ref(self: &Arc<Self>) {
            match self
                .polling
                .compare_exchange(POLLING, WOKEN, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) | Err(WOKEN) => {}
                Err(_) => self.task.wake(),
            }
        }
    }

    /// A connection that closes gracefully once the server drains. Instead of hyper-util's
    /// watcher, which takes a lock shared by every connection at every poll: here a poll reads
    /// one flag and registers the task's waker with the connection's own [`Watch`].
    ///
    /// The connection is polled with the [`Watch`] as its waker, so that a connection waking
    /// itself while it is polled costs one more poll here rather than a trip through the
    /// scheduler. hyper does that once per request with a body: taking the body wakes the
    /// connection that handed it over, in the same poll. Through Tokio that wake re-queues the
    /// task and wakes an idle worker to steal it (a futex call, a context switch, the connection
    /// moved between cores), once per decision by count (docs/decisions.md, stop 27). One
    /// repeat per poll at most; a connection that wakes itself again (hyper
    /// yielding after many pipelined requests) goes back to the scheduler as before.
    pub(crate) struct Drained<C> {
        connection: Pin<Box<C>>,
        watch: Arc<Watch>,
        waker: Waker,
        draining: bool,
    }

    impl<C> Drained<C> {
        pub(crate) fn new(connection: C, watch: Arc<Watch>) -> Drained<C> {
            Drained {
                connection: Box::pin(connection),
                waker: Waker::from(watch.clone()),
                watch,
                draining: false,
            }
        }
    }

    impl<C: GracefulConnection> Future for Drained<C> {
        type Output = C::Output;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<C::Output> {
            let this = self.get_mut();
            if !this.draining && this.watch.shared.draining.load(Ordering::Acquire) {
                this.draining = true;
                this.connection.as_mut().graceful_shutdown();
            }
            let connection = &mut this.connection;
            this.watch
                .poll_rewoken(&this.waker, cx, |inner| connection.as_mut().poll(inner))
        }
    }

    impl Watch {
        /// Polls the connection through `poll` with `waker` (this watch's own), once more at once
        /// when it was woken during the poll, and hands any later wake to the task of `cx`.
        fn poll_rewoken<T>(
            &self,
            waker: &Waker,
            cx: &mut Context<'_>,
            mut poll: impl FnMut(&mut Context<'_>) -> Poll<T>,
        ) -> Poll<T> {
            self.task.register(cx.waker());
            let mut inner = Context::from_waker(waker);
            for repeat in [true, false] {
                self.polling.store(POLLING, Ordering::Release);
                let polled = poll(&mut inner);
                let woken = self.polling.swap(IDLE, Ordering::AcqRel) == WOKEN;
                if polled.is_ready() || !woken {
                    return polled;
                }
                if !repeat {
                    // Woken twice in a row: let the scheduler run the others first.
                    cx.waker().wake_by_ref();
                }
            }
            Poll::Pending
        }
    }

    /// A connection's I/O that tells its [`Watch`] about the bytes it writes.
    pub(crate) struct Watched<T> {
        io: T,
        watch: Arc<Watch>,
    }

    impl<T> Watched<T> {
        pub(crate) fn new(io: T, watch: Arc<Watch>) -> Watched<T> {
            Watched { io, watch }
        }

        fn wrote(&self, r: &Poll<std::io::Result<usize>>) {
            if matches!(r, Poll::Ready(Ok(n)) if *n > 0) {
                self.watch.progressed();
            }
        }
    }

    impl<T: hyper::rt::Read + Unpin> hyper::rt::Read for Watched<T> {
        fn poll_read(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: hyper::rt::ReadBufCursor<'_>,
        ) -> Poll<std::io::Result<()>> {
            Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
        }
    }

    impl<T: hyper::rt::Write + Unpin> hyper::rt::Write for Watched<T> {
        fn poll_write(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<std::io::Result<usize>> {
            let this = self.get_mut();
            let r = Pin::new(&mut this.io).poll_write(cx, buf);
            this.wrote(&r);
            r
        }

        fn poll_write_vectored(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            bufs: &[std::io::IoSlice<'_>],
        ) -> Poll<std::io::Result<usize>> {
            let this = self.get_mut();
            let r = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
            this.wrote(&r);
            r
        }

        fn is_write_vectored(&self) -> bool {
            self.io.is_write_vectored()
        }

        fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Pin::new(&mut self.get_mut().io).poll_flush(cx)
        }

        fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::sync::atomic::AtomicUsize;

        /// Counts the wakes that reach the task.
        struct Task(AtomicUsize);

        impl std::task::Wake for Task {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }

        /// One connection's watch, polled as [`Drained`] polls it, from a task that counts its
        /// wakes.
        struct Polled {
            _deadlines: Deadlines,
            watch: Arc<Watch>,
            waker: Waker,
            task: Arc<Task>,
        }

        impl Polled {
            fn new() -> Polled {
                let deadlines = Deadlines::start(Duration::from_secs(10));
                let watch = deadlines.watch();
                Polled {
                    waker: Waker::from(watch.clone()),
                    watch,
                    _deadlines: deadlines,
                    task: Arc::new(Task(AtomicUsize::new(0))),
                }
            }

            fn poll<T>(&self, poll: impl FnMut(&mut Context<'_>) -> Poll<T>) -> Poll<T> {
                let task = Waker::from(self.task.clone());
                self.watch
                    .poll_rewoken(&self.waker, &mut Context::from_waker(&task), poll)
            }

            fn woken(&self) -> usize {
                self.task.0.load(Ordering::SeqCst)
            }
        }

        /// A connection that wakes itself in its poll (hyper, handing over a request's body) is
        /// polled again at once, without a trip through the task's waker.
        #[tokio::test]
        async fn a_wake_during_the_poll_is_a_second_poll_not_a_wake_of_the_task() {
            let connection = Polled::new();
            let mut polls = 0;
            let polled = connection.poll(|cx| {
                polls += 1;
                if polls == 1 {
                    cx.waker().wake_by_ref();
                    Poll::Pending
                } else {
                    Poll::Ready(())
                }
            });
            assert_eq!((polled, polls, connection.woken()), (Poll::Ready(()), 2, 0));
        }

        /// One that wakes itself again (hyper yielding after many pipelined requests) goes back
        /// to the scheduler: polled twice, then the task is woken to come back later.
        #[tokio::test]
        async fn a_connection_that_keeps_waking_itself_yields_to_the_scheduler() {
            let connection = Polled::new();
            let mut polls = 0;
            let polled: Poll<()> = connection.poll(|cx| {
                polls += 1;
                cx.waker().wake_by_ref();
                Poll::Pending
            });
            assert_eq!((polled, polls, connection.woken()), (Poll::Pending, 2, 1));
        }

        /// A wake after the poll (the socket readable, from the reactor's thread or any other)
        /// reaches the task, once per poll however many times the waker is called, and the next
        /// poll registers the task again.
        #[tokio::test]
        async fn a_wake_after_the_poll_reaches_the_task() {
            let connection = Polled::new();
            for round in 1..=2 {
                let mut kept = None;
                let mut polls = 0;
                let polled: Poll<()> = connection.poll(|cx| {
                    polls += 1;
                    kept = Some(cx.waker().clone());
                    Poll::Pending
                });
                assert_eq!(
                    (polled, polls, connection.woken()),
                    (Poll::Pending, 1, round - 1)
                );
                let kept = kept.expect("the poll kept its waker");
                std::thread::spawn(move || {
                    kept.wake_by_ref();
                    kept.wake();
                })
                .join()
                .expect("the waking thread ran");
                assert_eq!(connection.woken(), round);
            }
        }
    }
}
