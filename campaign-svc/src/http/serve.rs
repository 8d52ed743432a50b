//! The HTTP/1.1 server loop: hyper with a header read timeout (a client that trickles its headers
//! is disconnected instead of holding a connection forever), the peer address for the rate
//! limiter, hyper's own error answers (URI or headers too long) in the JSON error shape, and a
//! graceful drain on shutdown.

use super::protocol_errors::JsonProtocolErrors;
use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use shared::shutdown::Shutdown;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long open connections may take to finish after shutdown starts.
const DRAIN: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until `shutdown` fires, then stops accepting and lets open
/// connections finish their requests (at most [`DRAIN`]).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    shutdown: Shutdown,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, peer) = tokio::select! {
            _ = shutdown.wait() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: back off rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = app
            .clone()
            .map_request(move |mut req: axum::http::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            });
        let connection = graceful.watch(http.serve_connection(
            TokioIo::new(JsonProtocolErrors::new(stream)),
            TowerToHyperService::new(service),
        ));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection closed with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("open HTTP connections did not finish in time");
    }
    Ok(())
}
