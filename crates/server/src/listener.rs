//! The accept loop: our own instead of `axum::serve`, because a service on the open network needs
//! what that one does not offer: a cap on open connections, a deadline for request headers (so
//! 1,000 clients trickling bytes cannot hold the server), and a graceful shutdown that stops
//! accepting, lets requests in flight finish within a bound, and then returns.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Limits on what clients control at the connection level.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Connections open at once; further clients wait in the kernel's backlog.
    pub max_connections: usize,
    /// Time a client has to send a request's headers.
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
    app: S,
    limits: ConnectionLimits,
    tls: Option<Arc<crate::tls::TlsSource>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
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
        let app = app.clone();
        let service = TowerToHyperService::new(tower::service_fn(
            move |mut req: hyper::Request<hyper::body::Incoming>| {
                // Who is on the other end (smart lockout, throttles, the journal).
                req.extensions_mut()
                    .insert(crate::client_address::Peer(peer));
                tower::ServiceExt::oneshot(app.clone(), req.map(Body::new))
            },
        ));
        match &tls {
            None => {
                let connection =
                    graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        tracing::debug!(error = %e, %peer, "connection ended with an error");
                    }
                    drop(permit);
                });
            }
            Some(tls) => {
                let acceptor = tls.acceptor();
                let (builder, watcher) = (builder.clone(), graceful.watcher());
                // The handshake gets the same deadline as a request's headers: a client that
                // opens a connection and never finishes it cannot hold it.
                let deadline = limits.header_read_timeout;
                tokio::spawn(async move {
                    match tokio::time::timeout(deadline, acceptor.accept(stream)).await {
                        Ok(Ok(stream)) => {
                            let connection = watcher
                                .watch(builder.serve_connection(TokioIo::new(stream), service));
                            if let Err(e) = connection.await {
                                tracing::debug!(error = %e, %peer, "connection ended with an error");
                            }
                        }
                        Ok(Err(e)) => tracing::debug!(error = %e, %peer, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                    drop(permit);
                });
            }
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("requests still in flight after the shutdown grace period; stopping anyway");
        }
    }
    Ok(())
}
