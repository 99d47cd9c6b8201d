//! Running one query under the server's limits: a bounded number at once, a bounded
//! queue before refusing, a wall-clock limit that really stops evaluation, and a result
//! that streams when large.
//!
//! How it works:
//! - admission: one of `max_concurrent` permits (a fair semaphore). Past the bound, a request
//!   waits in a queue of at most `max_queued`, each for at most `queue_timeout`, before a
//!   503 with `Retry-After`; with the queue full it gets that 503 at once. The permit moves
//!   into the evaluation and is released only when evaluation has really stopped;
//! - evaluation *and* serialization run on a pool of threads of its own ([`Pool`]), with
//!   [`EVALUATION_STACK_BYTES`](crate::sparql_limits::EVALUATION_STACK_BYTES) of stack for the
//!   recursive optimizer and evaluator (result iterators are lazy: serializing is evaluating).
//!   Output goes through a [`ChunkWriter`] into a bounded channel of 64 KiB chunks;
//! - a small async watchdog lowers the priority of an evaluation that runs longer than
//!   [`DEMOTE_AFTER`] while other queries run or wait (Linux `SCHED_IDLE` and `nice` 19 for its thread, which
//!   then retires: new threads start at normal priority), so short queries keep the CPU while long ones run, and moves it, when
//!   there is room, from its slot to one of `max_concurrent / 2` (at least 1) slots for long
//!   evaluations, so long queries cannot take every slot from short ones; once demoted, the
//!   evaluation also pauses at its checkpoints while queries keep arriving
//!   ([`super::yielding`]): idle priority alone still cost short queries up to 40 %; at the deadline it
//!   cancels oxigraph's `CancellationToken`, which [`super::cancel`]'s checkpoints turn into an
//!   unwind of the evaluation, caught here; the writer refuses any further byte as well;
//! - the token is also cancelled when the response is dropped, so a client that hangs up
//!   frees its permit as soon as the evaluation notices;
//! - the response waits for the first chunk: a result that ends within it is answered whole
//!   (with `Content-Length`), an error before it gets its own status (503 for the time limit);
//!   a larger result is streamed, and a failure mid-stream aborts the connection, so a
//!   client never mistakes a truncated result for a complete one. The time limit covers the
//!   whole delivery: a client that reads too slowly is cut as well.
//!
//! [`QueryLimits::snapshot`] tells `/healthz` how many evaluations run, how many of them are
//! past their deadline and still stopping, and how many requests wait.

use super::error::ApiError;
use super::negotiate::Format;
use super::ticker::Ticker;
use super::yielding::{Arrivals, StepAside};
use crate::store::cancel::{Aborted, OverMemory};
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use oxigraph::sparql::CancellationToken;
use std::collections::VecDeque;
use std::io::{self, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tokio::runtime::Handle;
use tokio::sync::mpsc::{self, error::SendTimeoutError};
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// Bytes gathered before a chunk is handed to the response.
const CHUNK: usize = 64 * 1024;
/// Chunks buffered between the evaluation and a slow client.
const CHANNEL_DEPTH: usize = 4;
/// Slack given to an evaluation to report its own cancellation after the deadline.
const GRACE: Duration = Duration::from_secs(2);
/// Evaluations running longer than this yield the CPU to shorter ones.
pub const DEMOTE_AFTER: Duration = Duration::from_millis(50);
/// Longest inline attempt of [`QueryLimits::run_fast`] (plus up to a tick of the
/// [`Ticker`]): it blocks a runtime thread meanwhile.
pub const INLINE_BUDGET: Duration = Duration::from_millis(2);
/// How often a watchdog looks whether its long evaluation has ended.
const WATCH_EVERY: Duration = Duration::from_millis(20);

/// What the evaluation task tells the response.
enum Msg {
    Data(Bytes),
    /// The last bytes (maybe none): one message, so a small result wakes the response once.
    End(Bytes),
    Error(ApiError),
}

/// Admission settings (see the module documentation).
#[derive(Debug, Clone, Copy)]
pub struct Admission {
    pub max_concurrent: usize,
    pub max_queued: usize,
    pub queue_timeout: Duration,
    pub query_timeout: Duration,
}

/// What `/healthz` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Snapshot {
    /// Evaluations running (including those stopping after their deadline).
    pub running: usize,
    /// Of which, long evaluations moved to the slots for long ones.
    pub long: usize,
    /// Evaluations past their deadline that have not stopped yet.
    pub overdue: usize,
    /// Requests waiting for a permit.
    pub queued: usize,
    /// Slots (evaluations at once, long ones moved aside not counted).
    pub limit: usize,
    /// Slots for long evaluations, besides.
    pub long_limit: usize,
    /// Requests allowed to wait.
    pub max_queued: usize,
}

/// The concurrency bound, queue and time limit shared by all queries.
pub struct QueryLimits {
    permits: Arc<Semaphore>,
    long_permits: Arc<Semaphore>,
    long_limit: usize,
    settings: Admission,
    queued: Arc<AtomicUsize>,
    running: Arc<AtomicUsize>,
    overdue: Arc<AtomicUsize>,
    pool: Pool,
    ticker: Ticker,
    inline_strikes: Strikes,
    arrivals: Arc<Arrivals>,
}

impl QueryLimits {
    pub fn new(settings: Admission) -> Self {
        let settings = Admission {
            max_concurrent: settings.max_concurrent.max(1),
            ..settings
        };
        let long_limit = (settings.max_concurrent / 2).max(1);
        Self {
            permits: Arc::new(Semaphore::new(settings.max_concurrent)),
            long_permits: Arc::new(Semaphore::new(long_limit)),
            long_limit,
            settings,
            queued: Arc::default(),
            running: Arc::default(),
            overdue: Arc::default(),
            pool: Pool::default(),
            ticker: Ticker::default(),
            inline_strikes: Strikes::default(),
            arrivals: Arc::default(),
        }
    }

    /// The counts `/healthz` reports.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            running: self.running.load(Ordering::SeqCst),
            long: self.long_limit - self.long_permits.available_permits(),
            overdue: self.overdue.load(Ordering::SeqCst),
            queued: self.queued.load(Ordering::SeqCst),
            limit: self.settings.max_concurrent,
            long_limit: self.long_limit,
            max_queued: self.settings.max_queued,
        }
    }

    /// A permit now, or after waiting in the queue; 503 when the queue is full or the wait
    /// passes `queue_timeout`.
    async fn admit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        self.arrivals.arrived();
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        let overloaded = ApiError::Overloaded {
            limit: self.settings.max_concurrent,
        };
        let waiting = self.queued.fetch_add(1, Ordering::SeqCst);
        let _leave = Leave(&self.queued);
        if waiting >= self.settings.max_queued {
            return Err(overloaded);
        }
        match tokio::time::timeout(
            self.settings.queue_timeout,
            self.permits.clone().acquire_owned(),
        )
        .await
        {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(overloaded),
        }
    }

    /// Runs `work` (which writes the serialized result) under the limits and answers
    /// with its output as `format`.
    pub async fn run<F>(&self, format: Format, work: F) -> Result<Response, ApiError>
    where
        F: FnOnce(&CancellationToken, &mut ChunkWriter) -> Result<(), ApiError> + Send + 'static,
    {
        let permit = self.admit().await?;
        let deadline = Instant::now() + self.settings.query_timeout;
        self.run_admitted(permit, deadline, format, work).await
    }

    /// Like [`run`](Self::run), but first tries `work` inline on the calling thread for at
    /// most [`INLINE_BUDGET`] with a result of at most one chunk: most queries end there,
    /// answered without any hand-off between threads. An attempt that runs out of time or
    /// room is dropped and `work` starts again on the pool (it must not have side effects:
    /// no `SERVICE`).
    ///
    /// `key` names the query (its text and dataset). One whose result outgrew the chunk, or
    /// whose attempts ran out of time [`STRIKES`] times in a row, goes to the pool directly
    /// the next times for [`EXILE`], so a long query pays for an attempt once a period, not at
    /// each request; one attempt slowed down by a busy machine does not exile a quick query
    /// (an attempt that ends in time clears the count), and a busy moment does not exile it
    /// for good.
    pub async fn run_fast<F>(&self, format: Format, key: u64, work: F) -> Result<Response, ApiError>
    where
        F: Fn(&CancellationToken, &mut ChunkWriter) -> Result<(), ApiError> + Send + Sync + 'static,
    {
        let permit = self.admit().await?;
        let deadline = Instant::now() + self.settings.query_timeout;
        if self.inline_strikes.exiled(key) {
            return self
                .run_admitted(permit, deadline, format, move |token, out| work(token, out))
                .await;
        }
        let token = CancellationToken::new();
        let budget = self
            .ticker
            .cancel_at(std::time::Instant::now() + INLINE_BUDGET, token.clone());
        let mut writer = ChunkWriter::inline(token.clone());
        self.running.fetch_add(1, Ordering::SeqCst);
        let outcome = catch_unwind(AssertUnwindSafe(|| work(&token, &mut writer)));
        self.ticker.withdraw(budget);
        self.running.fetch_sub(1, Ordering::SeqCst);
        if !(writer.spilled || token.is_cancelled()) {
            drop(permit);
            self.inline_strikes.cleared(key);
            return match outcome {
                Ok(Ok(())) => Ok(with_type(Body::from(writer.buf), format)),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(ApiError::Internal(
                    "the query evaluation failed unexpectedly (see the server log)".into(),
                )),
            };
        }
        drop(outcome);
        self.inline_strikes.strike(key, writer.spilled);
        self.run_admitted(permit, deadline, format, move |token, out| work(token, out))
            .await
    }

    /// Runs `work` under the limits on the pool and returns its value: for results read
    /// whole in memory (the views' queries), admitted, timed and cancelled like any query.
    pub async fn compute<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&CancellationToken) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.admit().await?;
        let timeout = self.settings.query_timeout;
        let deadline = Instant::now() + timeout;
        let token = CancellationToken::new();
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.spawn(permit, deadline, token.clone(), move |token| {
            let outcome = catch_unwind(AssertUnwindSafe(|| work(token)));
            // Fails only if the request is gone: nobody left to tell.
            let _ = tx.send(settle(outcome, token, timeout));
        });
        // A request dropped (client gone, server stopping) stops its evaluation.
        let _cancel = CancelOnDrop(token);
        match tokio::time::timeout_at(deadline + GRACE, rx).await {
            Err(_) => Err(ApiError::Timeout(timeout)),
            Ok(Err(_)) => Err(ApiError::Internal(
                "the query evaluation stopped unexpectedly".into(),
            )),
            Ok(Ok(result)) => result,
        }
    }

    async fn run_admitted<F>(
        &self,
        permit: tokio::sync::OwnedSemaphorePermit,
        deadline: Instant,
        format: Format,
        work: F,
    ) -> Result<Response, ApiError>
    where
        F: FnOnce(&CancellationToken, &mut ChunkWriter) -> Result<(), ApiError> + Send + 'static,
    {
        let timeout = self.settings.query_timeout;
        let token = CancellationToken::new();
        let (tx, rx) = mpsc::channel(CHANNEL_DEPTH);
        let mut writer = ChunkWriter {
            channel: Some(Channel {
                tx,
                deadline,
                runtime: Handle::current(),
            }),
            buf: Vec::with_capacity(CHUNK),
            token: token.clone(),
            spilled: false,
        };
        self.spawn(permit, deadline, token.clone(), move |token| {
            let outcome = catch_unwind(AssertUnwindSafe(|| work(token, &mut writer)));
            let message = match settle(outcome, token, timeout) {
                Ok(()) => Msg::End(Bytes::from(std::mem::take(&mut writer.buf))),
                Err(e) => Msg::Error(e),
            };
            // Fails only if the client is gone or too slow: nothing left to tell it.
            let _ = writer.send(message);
        });
        respond(rx, format, deadline, token, timeout).await
    }

    /// Runs `body` on the pool holding `permit`, under a watchdog that demotes it when it
    /// runs long and cancels `token` at `deadline`. The permit is released when `body` returns.
    fn spawn<B>(
        &self,
        permit: tokio::sync::OwnedSemaphorePermit,
        deadline: Instant,
        token: CancellationToken,
        body: B,
    ) where
        B: FnOnce(&CancellationToken) + Send + 'static,
    {
        let job = Arc::new(JobState::new(StepAside::new(self.arrivals.clone())));
        job.lock().permit = Some(permit);
        let (task_token, task_job, running, overdue) = (
            token.clone(),
            job.clone(),
            self.running.clone(),
            self.overdue.clone(),
        );
        running.fetch_add(1, Ordering::SeqCst);
        self.pool.submit(Box::new(move || {
            task_job.start();
            crate::store::cancel::yielding(task_job.step.clone(), || body(&task_token));
            // The evaluation has stopped: its slot is free.
            let (was_overdue, demoted) = task_job.finish();
            if was_overdue {
                overdue.fetch_sub(1, Ordering::SeqCst);
            }
            running.fetch_sub(1, Ordering::SeqCst);
            // A demoted thread retires, so that its low priority ends with it.
            demoted
        }));
        tokio::spawn(watchdog(
            CancelOnDrop(token),
            deadline,
            job,
            Contention {
                running: self.running.clone(),
                queued: self.queued.clone(),
                arrivals: self.arrivals.clone(),
            },
            self.overdue.clone(),
            self.long_permits.clone(),
        ));
    }
}

/// What an evaluation's outcome tells the client: a cancelled or aborted evaluation ran out
/// of time; a panic is an internal error (its message went to the log).
fn settle<T>(
    outcome: std::thread::Result<Result<T, ApiError>>,
    token: &CancellationToken,
    timeout: Duration,
) -> Result<T, ApiError> {
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) if token.is_cancelled() => Err(ApiError::Timeout(timeout)),
        Ok(Err(e)) => Err(e),
        Err(payload) if payload.is::<Aborted>() => Err(ApiError::Timeout(timeout)),
        Err(payload) if payload.is::<OverMemory>() => Err(ApiError::QueryMemory(
            payload.downcast_ref::<OverMemory>().map_or(0, |m| m.0),
        )),
        Err(_) => Err(ApiError::Internal(
            "the query evaluation failed unexpectedly (see the server log)".into(),
        )),
    }
}

/// Inline attempts in a row that ran out of time before a query goes to the pool directly.
pub const STRIKES: u8 = 3;

/// How long a query goes to the pool directly once exiled: then one attempt again, since a
/// query exiled by a busy moment (a burst, a compaction) is quick again once it has passed,
/// and a result may have shrunk. A query that stays long pays one attempt per period.
pub const EXILE: Duration = Duration::from_secs(30);

/// Queries whose inline attempts failed: how many times in a row, and since when they go
/// to the pool directly (bounded: forgotten all at once when full).
#[derive(Default)]
struct Strikes(Mutex<std::collections::HashMap<u64, Strike>>);

/// Failed attempts in a row, and since when the query is exiled (if it is).
type Strike = (u8, Option<std::time::Instant>);

impl Strikes {
    const MAX: usize = 10_000;

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<u64, Strike>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The query goes to the pool without an attempt.
    fn exiled(&self, key: u64) -> bool {
        self.exiled_at(key, std::time::Instant::now())
    }

    /// `since` is set exactly when the count reaches [`STRIKES`] (see [`Self::strike_at`]).
    fn exiled_at(&self, key: u64, now: std::time::Instant) -> bool {
        self.lock().get(&key).is_some_and(|(_, since)| {
            since.is_some_and(|t| now.saturating_duration_since(t) < EXILE)
        })
    }

    /// An attempt failed: out of room (final for [`EXILE`]) or out of time (one strike).
    fn strike(&self, key: u64, out_of_room: bool) {
        self.strike_at(key, out_of_room, std::time::Instant::now());
    }

    fn strike_at(&self, key: u64, out_of_room: bool, now: std::time::Instant) {
        let mut keys = self.lock();
        if keys.len() >= Self::MAX {
            keys.clear();
        }
        let (strikes, since) = keys.entry(key).or_default();
        *strikes = if out_of_room {
            STRIKES
        } else {
            strikes.saturating_add(1)
        };
        if *strikes >= STRIKES {
            *since = Some(now);
        }
    }

    /// An attempt ended in time.
    fn cleared(&self, key: u64) {
        let mut keys = self.lock();
        if !keys.is_empty() {
            keys.remove(&key);
        }
    }
}

/// Whether other queries run, wait or keep arriving besides the one a watchdog looks after
/// (quick ones run for microseconds: the watchdog seldom sees them running).
struct Contention {
    running: Arc<AtomicUsize>,
    queued: Arc<AtomicUsize>,
    arrivals: Arc<Arrivals>,
}

impl Contention {
    fn now(&self) -> bool {
        self.running.load(Ordering::SeqCst) > 1
            || self.queued.load(Ordering::SeqCst) > 0
            || self.arrivals.flowing(std::time::Instant::now())
    }
}

/// Decrements a counter when dropped.
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Where one evaluation runs, shared by its thread and its watchdog.
struct JobState {
    inner: Mutex<JobInner>,
    /// Pauses the evaluation at its checkpoints once demoted (see [`super::yielding`]).
    step: Arc<StepAside>,
}

#[derive(Default)]
struct JobInner {
    /// The evaluating thread's id while it runs.
    thread: Option<i64>,
    finished: bool,
    /// Counted in `overdue` (past its deadline, still running).
    overdue: bool,
    /// Its thread's priority was lowered.
    demoted: bool,
    /// Its slot: a short one, then a long one once moved aside; released when it stops.
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl JobState {
    fn new(step: StepAside) -> Self {
        Self {
            inner: Mutex::default(),
            step: Arc::new(step),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, JobInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn start(&self) {
        self.lock().thread = Some(current_thread_id());
    }

    /// Marks the job finished; tells whether it was counted overdue and was demoted.
    fn finish(&self) -> (bool, bool) {
        let mut inner = self.lock();
        inner.thread = None;
        inner.finished = true;
        inner.permit = None;
        (inner.overdue, inner.demoted)
    }

    /// Lowers the priority of the evaluating thread while the job runs; the thread then
    /// retires after this job (see [`Pool`]). Under the lock, so never another job's thread.
    /// Also moves it to a slot for long evaluations when one is free, releasing its short one.
    fn demote(&self, long_permits: &Arc<Semaphore>) {
        let mut inner = self.lock();
        if inner.finished {
            return;
        }
        if let Some(thread) = inner.thread {
            inner.demoted = lower_priority(thread);
        }
        self.step.demote();
        if let Ok(long) = long_permits.clone().try_acquire_owned() {
            inner.permit = Some(long);
        }
    }

    /// Gives a demoted thread its normal priority back while the job runs, if allowed.
    fn restore(&self) {
        let inner = self.lock();
        if let (Some(thread), true) = (inner.thread, inner.demoted) {
            restore_priority(thread);
        }
    }

    fn is_finished(&self) -> bool {
        self.lock().finished
    }

    /// Counts the job overdue if it still runs; tells whether it did.
    fn mark_overdue(&self) -> bool {
        let mut inner = self.lock();
        if inner.finished {
            return false;
        }
        inner.overdue = true;
        true
    }
}

/// Lowers the evaluation's priority after [`DEMOTE_AFTER`] and cancels it if it is still
/// running at the deadline. The token is cancelled whenever the watchdog ends (a no-op once
/// the evaluation is done), including when the runtime shuts down and drops it: no
/// evaluation outlives its watchdog by more than the time its checkpoints take to notice.
///
/// It is not woken when the evaluation ends (a wake-up per query costs more than a
/// short query): it looks at the job when its timers fire.
async fn watchdog(
    _cancel: CancelOnDrop,
    deadline: Instant,
    job: Arc<JobState>,
    contention: Contention,
    overdue: Arc<AtomicUsize>,
    long_permits: Arc<Semaphore>,
) {
    let demote_at = (Instant::now() + DEMOTE_AFTER).min(deadline);
    tokio::time::sleep_until(demote_at).await;
    if job.is_finished() {
        return;
    }
    // Yielding only helps other queries: alone, a long query keeps its priority (on a
    // shared machine, nice 19 would hand its CPU to every other process).
    let mut demoted = contention.now();
    if demoted {
        job.demote(&long_permits);
    }
    // Checked every few milliseconds until the deadline, so that the task ends soon after
    // the evaluation does (and demotes it once other queries come).
    while Instant::now() < deadline {
        tokio::time::sleep_until((Instant::now() + WATCH_EVERY).min(deadline)).await;
        if job.is_finished() {
            return;
        }
        if !demoted && contention.now() {
            job.demote(&long_permits);
            demoted = true;
        }
    }
    if job.mark_overdue() {
        overdue.fetch_add(1, Ordering::SeqCst);
    }
    // Stopping should not wait behind the queries it yielded to: back to normal priority
    // where the process may raise it (root or CAP_SYS_NICE; otherwise it stays low).
    job.restore();
    tracing::info!("query cancelled at its time limit");
    // `_cancel` is dropped here: the evaluation is told to stop.
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
            Ok(Some(Msg::End(last))) => {
                head.push(last);
                return Ok(with_type(Body::from(head.concat()), format));
            }
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
            Some(Msg::End(last)) if last.is_empty() => return None,
            Some(Msg::End(last)) => return Some((Ok(last), None)),
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
/// write once the query is cancelled or the client is gone. Inline (no channel), it keeps
/// at most one chunk and refuses more (`spilled`).
pub struct ChunkWriter {
    channel: Option<Channel>,
    buf: Vec<u8>,
    token: CancellationToken,
    /// Inline: the result outgrew one chunk.
    spilled: bool,
}

/// Where a pool evaluation's chunks go.
struct Channel {
    tx: mpsc::Sender<Msg>,
    deadline: Instant,
    runtime: Handle,
}

impl ChunkWriter {
    fn inline(token: CancellationToken) -> Self {
        Self {
            channel: None,
            buf: Vec::new(),
            token,
            spilled: false,
        }
    }

    /// Whether this is an inline attempt (its work must stop within its budget).
    pub fn is_inline(&self) -> bool {
        self.channel.is_none()
    }

    fn send(&mut self, message: Msg) -> io::Result<()> {
        let Some(channel) = &self.channel else {
            return Err(io::Error::other("an inline result has no channel"));
        };
        // Room in the channel (always, for a small result): no timer, no runtime entered.
        let message = match channel.tx.try_send(message) {
            Ok(()) => return Ok(()),
            Err(mpsc::error::TrySendError::Closed(_)) => {
                return Err(io::Error::new(
                    io::ErrorKind::BrokenPipe,
                    "the client went away",
                ))
            }
            Err(mpsc::error::TrySendError::Full(message)) => message,
        };
        let remaining = channel.deadline.saturating_duration_since(Instant::now());
        channel
            .runtime
            .block_on(channel.tx.send_timeout(message, remaining))
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
        // The chunk is the response's now: the evaluation no longer holds its memory.
        crate::memory::moved_out(self.buf.capacity());
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.send(Msg::Data(chunk))
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.token.is_cancelled() {
            return Err(io::Error::other("query cancelled"));
        }
        if std::thread::panicking() {
            // A buffer flushed as an evaluation unwinds (over its memory limit): what it
            // wrote is not part of a result.
            return Err(io::Error::other("the evaluation failed"));
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            if self.channel.is_none() {
                self.spilled = true;
                return Err(io::Error::other("the result is larger than one chunk"));
            }
            self.send_buffer()?;
        }
        Ok(data.len())
    }

    /// Chunks are sent when full or at the end; flushing early would only add overhead.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A job of the pool; returns `true` when its thread must retire.
type Job = Box<dyn FnOnce() -> bool + Send>;

/// The evaluation threads: as many as run at once (the permits bound them), each with
/// [`EVALUATION_STACK_BYTES`](crate::sparql_limits::EVALUATION_STACK_BYTES) of stack.
/// Threads are started on demand by the submitting (async) thread, so at normal priority;
/// a thread whose priority was lowered retires after its job.
#[derive(Default)]
struct Pool {
    shared: Arc<PoolShared>,
}

#[derive(Default)]
struct PoolShared {
    state: Mutex<PoolState>,
    ready: Condvar,
}

#[derive(Default)]
struct PoolState {
    jobs: VecDeque<Job>,
    idle: usize,
}

impl Pool {
    fn submit(&self, job: Job) {
        let mut state = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        state.jobs.push_back(job);
        if state.idle >= state.jobs.len() {
            self.shared.ready.notify_one();
            return;
        }
        drop(state);
        let shared = self.shared.clone();
        let spawned = std::thread::Builder::new()
            .name("maillage-query".into())
            .stack_size(crate::sparql_limits::EVALUATION_STACK_BYTES)
            .spawn(move || worker(&shared));
        if let Err(e) = spawned {
            // An idle thread will take the job when one frees up.
            tracing::error!(error = %e, "cannot start a query evaluation thread");
        }
    }
}

fn worker(shared: &PoolShared) {
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if let Some(job) = state.jobs.pop_front() {
            drop(state);
            // A job catches its own panics; should one escape, the thread ends cleanly.
            if job() {
                return;
            }
            state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            continue;
        }
        state.idle += 1;
        state = shared.ready.wait(state).unwrap_or_else(|e| e.into_inner());
        state.idle -= 1;
    }
}

/// The calling thread's kernel id (what `setpriority` takes), or 0 where unknown.
fn current_thread_id() -> i64 {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid has no arguments, cannot fail and touches no memory.
        unsafe { libc::syscall(libc::SYS_gettid) }
    }
    #[cfg(not(target_os = "linux"))]
    {
        0
    }
}

/// Puts one thread of this process under Linux's `SCHED_IDLE` policy, at `nice` 19; tells
/// whether it did. An idle-policy thread runs only on a CPU nothing else wants, and a
/// normal thread that wakes preempts it at once: with `nice` 19 alone, the scheduler
/// (EEVDF) let the long evaluation finish its slice first, and quick lookups lost a third
/// of their rate beside four long queries.
fn lower_priority(thread: i64) -> bool {
    set_policy(thread, Policy::Idle)
}

/// Back to the normal policy and `nice` 0 (where the process may raise it).
fn restore_priority(thread: i64) {
    set_policy(thread, Policy::Normal);
}

#[derive(Clone, Copy)]
enum Policy {
    Normal,
    Idle,
}

fn set_policy(thread: i64, policy: Policy) -> bool {
    #[cfg(target_os = "linux")]
    {
        let Ok(id) = libc::pid_t::try_from(thread) else {
            return false;
        };
        if id == 0 {
            return false;
        }
        let (kind, nice) = match policy {
            Policy::Normal => (libc::SCHED_OTHER, 0),
            Policy::Idle => (libc::SCHED_IDLE, 19),
        };
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: sched_setscheduler and setpriority only read their arguments (`param` lives
        // across the call); on Linux, with a thread id, they set that thread's policy and
        // nice value (lowering needs no privilege).
        unsafe {
            let scheduled = libc::sched_setscheduler(id, kind, &param) == 0;
            let niced = libc::setpriority(libc::PRIO_PROCESS, id as libc::id_t, nice) == 0;
            scheduled || niced
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (thread, policy);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_goes_to_the_pool_after_strikes_in_a_row_or_one_overflow() {
        let strikes = Strikes::default();
        for _ in 1..STRIKES {
            strikes.strike(1, false);
            assert!(
                !strikes.exiled(1),
                "one slow attempt must not exile a query"
            );
        }
        strikes.cleared(1);
        for _ in 1..STRIKES {
            strikes.strike(1, false);
        }
        assert!(!strikes.exiled(1), "an attempt in time clears the count");
        strikes.strike(1, false);
        assert!(strikes.exiled(1));
        strikes.strike(2, true);
        assert!(strikes.exiled(2), "a result larger than the chunk is final");
        assert!(!strikes.exiled(3));
    }

    /// An exile ends: a query exiled by a busy moment is attempted inline again after
    /// [`EXILE`]; one more failure exiles it at once for another period.
    #[test]
    fn an_exiled_query_is_attempted_again_after_its_exile() {
        let strikes = Strikes::default();
        let start = std::time::Instant::now();
        for _ in 0..STRIKES {
            strikes.strike_at(1, false, start);
        }
        assert!(strikes.exiled_at(1, start + EXILE / 2));
        let later = start + EXILE + Duration::from_millis(1);
        assert!(!strikes.exiled_at(1, later), "exiled for good");
        strikes.strike_at(1, false, later);
        assert!(strikes.exiled_at(1, later), "one failure after the exile");
        assert!(!strikes.exiled_at(1, later + EXILE + Duration::from_millis(1)));
        // An attempt in time after the exile clears the query.
        strikes.cleared(1);
        assert!(!strikes.exiled_at(1, later));
    }
}
