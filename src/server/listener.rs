//! The accept loop: connection limit, header read timeout, graceful shutdown.
//!
//! `axum::serve` sets neither a header timeout nor a connection limit, so maillage owns its
//! loop and serves each connection with hyper's HTTP/1 server directly:
//! - **connection limit**: a semaphore of `max_connections` permits, one held per open
//!   connection. Past it a connection gets a short `503` with `Retry-After: 1` and is closed
//!   (at most [`MAX_REFUSING`] such answers are being written at once; past that, extra
//!   connections are closed without one);
//! - **header read timeout**: hyper's `header_read_timeout` (with a tokio timer) closes a
//!   connection whose request head is not complete in time. It also bounds how long an idle
//!   keep-alive connection is kept, since waiting for the next request is reading its head;
//! - **graceful shutdown** (the [`Phase`] watch channel): on the signal the listener is
//!   closed (new connections are refused by the kernel), every connection is told to finish
//!   its request in progress and close (idle ones close at once); past the grace period the
//!   requests still running are answered `503` by [`super::frame`] (their query is
//!   cancelled through its token), and connections still open a moment later (a streamed
//!   result) are aborted. A second signal ends the grace period at once;
//! - **hyper's own error answers** (a request head it cannot parse or over the bounds of
//!   [`conn_errors`]) get a body saying what was wrong, see [`conn_errors`].

use super::conn_errors::{self, ConnIo};
use super::error::ApiError;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinSet;

/// Refusal answers (connection limit) written at once, at most.
pub const MAX_REFUSING: usize = 64;
/// Time given, after the grace period, to the `503`s of cancelled requests to be written
/// before their connections are aborted.
pub const CANCEL_BOUND: Duration = Duration::from_secs(2);

/// Where the server is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Running,
    /// Signal received: finish what is in progress, accept nothing new.
    Draining,
    /// Grace period over: what still runs is cancelled.
    Expired,
}

/// Connection-level settings.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

/// What the shutdown found and did (logged, and used by the tests' reports).
#[derive(Debug, Default)]
pub struct ShutdownReport {
    /// Connections open when the signal came.
    pub open_at_signal: usize,
    /// Connections still open at the end of the grace period.
    pub open_at_grace: usize,
    /// Connections aborted after [`CANCEL_BOUND`].
    pub aborted: usize,
}

/// Serves `app` on `listener` until a signal name comes on `signals` (then drains, see
/// the module documentation).
pub async fn run(
    listener: TcpListener,
    app: Router,
    config: &ListenerConfig,
    phase: watch::Sender<Phase>,
    mut signals: mpsc::Receiver<&'static str>,
) -> ShutdownReport {
    let permits = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_timeout)
        .max_header_size(conn_errors::MAX_HEAD_BYTES);
    let mut connections = JoinSet::new();
    let signal = loop {
        tokio::select! {
            Some(name) = signals.recv() => break name,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => match permits.clone().try_acquire_owned() {
                    Ok(permit) => {
                        let (app, builder, phase) = (app.clone(), builder.clone(), phase.subscribe());
                        connections.spawn(async move {
                            serve_connection(stream, app, builder, phase).await;
                            drop(permit);
                        });
                    }
                    Err(_) => refuse(stream, config.max_connections, &refusing),
                },
                Err(e) => {
                    // Out of file descriptors, most likely: wait a little rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    };
    drop(listener);
    let started = Instant::now();
    let mut report = ShutdownReport {
        open_at_signal: connections.len(),
        ..ShutdownReport::default()
    };
    tracing::info!(
        signal,
        open_connections = report.open_at_signal,
        grace_s = config.shutdown_grace.as_secs_f64(),
        "shutting down: no new connections, finishing the requests in progress"
    );
    let _ = phase.send(Phase::Draining);
    let drained = tokio::select! {
        () = join_all(&mut connections) => true,
        () = tokio::time::sleep(config.shutdown_grace) => false,
        Some(name) = signals.recv() => {
            tracing::info!(signal = name, "second signal: ending the grace period now");
            false
        }
    };
    if !drained {
        report.open_at_grace = connections.len();
        tracing::warn!(
            open_connections = report.open_at_grace,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "grace period over: cancelling the requests still running (503)"
        );
        let _ = phase.send(Phase::Expired);
        if tokio::time::timeout(CANCEL_BOUND, join_all(&mut connections))
            .await
            .is_err()
        {
            report.aborted = connections.len();
            tracing::warn!(connections = report.aborted, "aborting connections");
            connections.abort_all();
            join_all(&mut connections).await;
        }
    }
    report
}

async fn join_all(connections: &mut JoinSet<()>) {
    while connections.join_next().await.is_some() {}
}

/// One HTTP/1 connection, told to close gracefully when the server stops running. hyper
/// hands the socket back when it is done with it, for [`conn_errors::finish`] to end it
/// (and to give hyper's own error answers a body).
async fn serve_connection(
    stream: TcpStream,
    app: Router,
    builder: http1::Builder,
    mut phase: watch::Receiver<Phase>,
) {
    let _ = stream.set_nodelay(true);
    let mut connection = builder.serve_connection(
        TokioIo::new(ConnIo::new(stream)),
        TowerToHyperService::new(app),
    );
    let mut closing = false;
    let result = loop {
        tokio::select! {
            result = std::future::poll_fn(|cx| connection.poll_without_shutdown(cx)) => break result,
            () = stopping(&mut phase), if !closing => {
                std::pin::Pin::new(&mut connection).graceful_shutdown();
                closing = true;
            }
        }
    };
    if let Err(e) = &result {
        tracing::debug!(error = %e, "connection ended with an error");
    }
    let parts = connection.into_parts();
    conn_errors::finish(parts.io.into_inner(), &parts.read_buf, result).await;
}

/// Resolves once the server stops running (or is gone).
async fn stopping(phase: &mut watch::Receiver<Phase>) {
    let _ = phase.wait_for(|p| *p != Phase::Running).await;
}

/// Resolves once the grace period is over; never if there is no server to stop.
pub(super) async fn expired(mut phase: watch::Receiver<Phase>) {
    let server_gone = phase.wait_for(|p| *p == Phase::Expired).await.is_err();
    if server_gone {
        std::future::pending::<()>().await;
    }
}

/// Answers `503` to a connection over the limit, without reading its request, then closes.
fn refuse(stream: TcpStream, limit: usize, refusing: &Arc<Semaphore>) {
    let Ok(permit) = refusing.clone().try_acquire_owned() else {
        return; // Dropping the stream closes it.
    };
    tokio::spawn(async move {
        let body = format!("too many open connections (limit {limit}); retry in 1 s\n");
        let answer = format!(
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
             retry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        let _ = tokio::time::timeout(
            Duration::from_secs(1),
            answer_and_close(stream, answer.into_bytes()),
        )
        .await;
        drop(permit);
    });
    tracing::warn!(limit, "connection refused: too many open connections");
}

/// Writes `answer`, closes the writing side, and reads what the client sent until it
/// closes too (closing with unread data would reset the connection before the client
/// reads the answer).
pub(super) async fn answer_and_close(stream: TcpStream, answer: Vec<u8>) -> std::io::Result<()> {
    let mut written = 0;
    while written < answer.len() {
        stream.writable().await?;
        match stream.try_write(&answer[written..]) {
            Ok(n) => written += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    let stream = stream.into_std()?;
    stream.shutdown(std::net::Shutdown::Write)?;
    let stream = TcpStream::from_std(stream)?;
    let mut sink = [0; 4096];
    loop {
        stream.readable().await?;
        match stream.try_read(&mut sink) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
}

/// The answer to a request still running when the grace period ends (its handler is
/// dropped, which cancels its query); its connection is closed.
pub(super) fn shutting_down() -> Response {
    let mut response = ApiError::ShuttingDown.into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Forwards SIGTERM and SIGINT, each time they come, as their names.
pub fn unix_signals() -> std::io::Result<mpsc::Receiver<&'static str>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(async move {
        loop {
            let name = tokio::select! {
                Some(()) = terminate.recv() => "SIGTERM",
                Some(()) = interrupt.recv() => "SIGINT",
                else => return,
            };
            if tx.send(name).await.is_err() {
                return;
            }
        }
    });
    Ok(rx)
}
