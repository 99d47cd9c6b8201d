//! Running one query under the server's limits: a bounded number at once, a wall-clock
//! limit that really stops evaluation, and a result that streams when large.
//!
//! How it works, without a thread or timer thread per query:
//! - admission: `Semaphore::try_acquire_owned`; refused at once (503 + `Retry-After`) when
//!   all permits are taken. The permit moves into the evaluation task and is released only
//!   when evaluation has really stopped, so a cancelled query still counts until it is gone;
//! - evaluation *and* serialization run in `tokio::task::spawn_blocking` (result iterators
//!   are lazy: serializing is evaluating). Output goes through a [`ChunkWriter`] into a
//!   bounded channel of 64 KiB chunks;
//! - a small async watchdog waits on the task until the deadline, then cancels oxigraph's
//!   `CancellationToken`; evaluation notices at its next step, and the writer refuses any
//!   further byte, so serialization of already-computed results is cut too;
//! - the token is also cancelled when the response is dropped, so a client that hangs up
//!   frees its permit at once instead of at the deadline;
//! - the response waits for the first chunk: a result that ends within it is answered whole
//!   (with `Content-Length`), an error before it gets its own status (503 for the time limit);
//!   a larger result is streamed, and a failure mid-stream aborts the connection, so a
//!   client never mistakes a truncated result for a complete one. The time limit covers the
//!   whole delivery: a client that reads too slowly is cut as well.

use super::error::ApiError;
use super::negotiate::Format;
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use oxigraph::sparql::CancellationToken;
use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Handle;
use tokio::sync::mpsc::{self, error::SendTimeoutError};
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Bytes gathered before a chunk is handed to the response.
const CHUNK: usize = 64 * 1024;
/// Chunks buffered between the evaluation and a slow client.
const CHANNEL_DEPTH: usize = 4;
/// Slack given to an evaluation to report its own cancellation after the deadline.
const GRACE: Duration = Duration::from_secs(2);

/// What the evaluation task tells the response.
enum Msg {
    Data(Bytes),
    End,
    Error(ApiError),
}

/// The concurrency bound and time limit shared by all queries.
pub struct QueryLimits {
    permits: Arc<Semaphore>,
    max_concurrent: usize,
    timeout: Duration,
}

impl QueryLimits {
    pub fn new(max_concurrent: usize, timeout: Duration) -> Self {
        let max_concurrent = max_concurrent.max(1);
        Self {
            permits: Arc::new(Semaphore::new(max_concurrent)),
            max_concurrent,
            timeout,
        }
    }

    /// Runs `work` (which writes the serialized result) under the limits and answers
    /// with its output as `format`.
    pub async fn run<F>(&self, format: Format, work: F) -> Result<Response, ApiError>
    where
        F: FnOnce(&CancellationToken, &mut ChunkWriter) -> Result<(), ApiError> + Send + 'static,
    {
        let permit =
            self.permits
                .clone()
                .try_acquire_owned()
                .map_err(|_| ApiError::Overloaded {
                    limit: self.max_concurrent,
                })?;
        let token = CancellationToken::new();
        let deadline = Instant::now() + self.timeout;
        let (tx, rx) = mpsc::channel(CHANNEL_DEPTH);
        let mut writer = ChunkWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
            deadline,
            runtime: Handle::current(),
            token: token.clone(),
        };
        let (task_token, timeout) = (token.clone(), self.timeout);
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let outcome = work(&task_token, &mut writer).and_then(|()| {
                writer
                    .send_buffer()
                    .map_err(|e| ApiError::Internal(e.to_string()))
            });
            let message = match outcome {
                Ok(()) => Msg::End,
                Err(_) if task_token.is_cancelled() => Msg::Error(ApiError::Timeout(timeout)),
                Err(e) => Msg::Error(e),
            };
            // Fails only if the client is gone or too slow: nothing left to tell it.
            let _ = writer.send(message);
        });
        tokio::spawn(watchdog(task, CancelOnDrop(token.clone()), deadline));
        respond(rx, format, deadline, token, timeout).await
    }
}

/// Cancels the evaluation if it is still running at the deadline. The token is cancelled
/// whenever the watchdog ends (a no-op once the task is done), including when the runtime
/// shuts down and drops it: no evaluation outlives its watchdog.
async fn watchdog(task: JoinHandle<()>, _cancel: CancelOnDrop, deadline: Instant) {
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(error = %e, "query evaluation task failed"),
        Err(_) => tracing::info!("query cancelled at its time limit"),
    }
}

/// Builds the response from the task's messages (see the module documentation).
async fn respond(
    mut rx: mpsc::Receiver<Msg>,
    format: Format,
    deadline: Instant,
    token: CancellationToken,
    timeout: Duration,
) -> Result<Response, ApiError> {
    // Whenever the response is dropped (sent, aborted, or the client went away),
    // the evaluation is told to stop; after a normal end this is a no-op.
    let guard = CancelOnDrop(token);
    let mut head: Vec<Bytes> = Vec::new();
    let mut head_len = 0;
    while head_len < CHUNK {
        match tokio::time::timeout_at(deadline + GRACE, rx.recv()).await {
            Err(_) => return Err(ApiError::Timeout(timeout)),
            Ok(None) => {
                return Err(ApiError::Internal(
                    "the query evaluation stopped unexpectedly".into(),
                ))
            }
            Ok(Some(Msg::Error(e))) => return Err(e),
            Ok(Some(Msg::End)) => return Ok(with_type(Body::from(head.concat()), format)),
            Ok(Some(Msg::Data(bytes))) => {
                head_len += bytes.len();
                head.push(bytes);
            }
        }
    }
    let tail = futures_util::stream::unfold(Some((rx, guard)), |state| async move {
        let (mut rx, guard) = state?;
        let item = match rx.recv().await {
            Some(Msg::Data(bytes)) => return Some((Ok(bytes), Some((rx, guard)))),
            Some(Msg::End) => return None,
            Some(Msg::Error(e)) => io::Error::other(e.to_string()),
            None => io::Error::other("the query evaluation stopped unexpectedly"),
        };
        tracing::warn!(error = %item, "streamed result aborted");
        Some((Err(item), None))
    });
    let stream = futures_util::stream::iter(head.into_iter().map(Ok))
        .chain(tail)
        .fuse();
    Ok(with_type(Body::from_stream(stream), format))
}

/// Cancels the query's token when dropped.
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

fn with_type(body: Body, format: Format) -> Response {
    (
        [
            (header::CONTENT_TYPE, format.content_type()),
            (header::VARY, "Accept".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The sink of a query's serialized result: chunks sent to the response, refusing to
/// write once the query is cancelled or the client is gone.
pub struct ChunkWriter {
    tx: mpsc::Sender<Msg>,
    buf: Vec<u8>,
    deadline: Instant,
    runtime: Handle,
    token: CancellationToken,
}

impl ChunkWriter {
    fn send(&mut self, message: Msg) -> io::Result<()> {
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        self.runtime
            .block_on(self.tx.send_timeout(message, remaining))
            .map_err(|e| match e {
                SendTimeoutError::Timeout(_) => {
                    io::Error::new(io::ErrorKind::TimedOut, "time limit reached while sending")
                }
                SendTimeoutError::Closed(_) => {
                    io::Error::new(io::ErrorKind::BrokenPipe, "the client went away")
                }
            })
    }

    fn send_buffer(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.send(Msg::Data(chunk))
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.token.is_cancelled() {
            return Err(io::Error::other("query cancelled"));
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send_buffer()?;
        }
        Ok(data.len())
    }

    /// Chunks are sent when full or at the end; flushing early would only add overhead.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
