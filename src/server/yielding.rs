//! Long evaluations step aside while short queries flow.
//!
//! A long evaluation already runs at idle priority once demoted ([`super::limits`]), but on
//! a small machine that is not enough: it fills every gap between two short queries, and
//! each gap it fills costs them (caches, wake-ups, page faults). Four pathological queries
//! at idle priority took 10–40 % of a stream of lookups' throughput.
//!
//! So a demoted evaluation also *pauses* at its checkpoints ([`crate::store::cancel`])
//! while queries keep arriving: when one was admitted less than [`WINDOW`] ago, it sleeps
//! in steps of [`STEP`] until the stream stops. So that long evaluations always progress,
//! one of them at a time runs a [`SLICE`] whatever comes, once every [`PERIOD`]: under a
//! steady stream of short queries, long ones get 5 % of one core between them (at idle
//! priority). A paused evaluation stops at once when cancelled. An undemoted evaluation
//! (alone, or in its first [`super::limits::DEMOTE_AFTER`]) never pauses.

use crate::store::cancel::Yielder;
use oxigraph::sparql::CancellationToken;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A query admitted less than this ago means short queries are flowing.
pub const WINDOW: Duration = Duration::from_millis(2);
/// How long a paused evaluation sleeps before looking again.
pub const STEP: Duration = Duration::from_millis(1);
/// How often one paused evaluation runs a slice anyway.
pub const PERIOD: Duration = Duration::from_millis(100);
/// What it then runs, whatever comes.
pub const SLICE: Duration = Duration::from_millis(5);
/// Checkpoints between two looks at the clock (a checkpoint is one row).
const CHECK_EVERY: u32 = 256;

/// When the last query was admitted, and when a paused evaluation may run its next slice:
/// shared by every evaluation.
pub struct Arrivals {
    epoch: Instant,
    /// Nanoseconds since `epoch`, as every instant here.
    last: AtomicU64,
    next_slice: AtomicU64,
}

impl Default for Arrivals {
    fn default() -> Self {
        Self {
            epoch: Instant::now(),
            last: AtomicU64::new(0),
            next_slice: AtomicU64::new(0),
        }
    }
}

impl Arrivals {
    /// A query was admitted now.
    pub fn arrived(&self) {
        self.last
            .store(self.nanos(Instant::now()), Ordering::Relaxed);
    }

    fn nanos(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(u64::MAX)
    }

    /// Whether a query was admitted less than [`WINDOW`] before `now`.
    pub fn flowing(&self, now: Instant) -> bool {
        let last = self.last.load(Ordering::Relaxed);
        self.nanos(now).saturating_sub(last) < WINDOW.as_nanos() as u64
    }

    /// Takes the slice due at `now`, if no other evaluation took it: the next one is due a
    /// [`PERIOD`] later.
    fn take_slice(&self, now: Instant) -> bool {
        let (now, due) = (self.nanos(now), self.next_slice.load(Ordering::Relaxed));
        now >= due
            && self
                .next_slice
                .compare_exchange(
                    due,
                    now + PERIOD.as_nanos() as u64,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
    }
}

/// One evaluation's yielder: pauses it while demoted and queries flow.
pub struct StepAside {
    arrivals: Arc<Arrivals>,
    demoted: AtomicBool,
    calls: AtomicU32,
    /// Until when it runs whatever comes (nanoseconds of `arrivals`' clock): its slice.
    slice_until: AtomicU64,
}

impl StepAside {
    pub fn new(arrivals: Arc<Arrivals>) -> Self {
        Self {
            arrivals,
            demoted: AtomicBool::new(false),
            calls: AtomicU32::new(0),
            slice_until: AtomicU64::new(0),
        }
    }

    /// The evaluation now yields to short queries.
    pub fn demote(&self) {
        self.demoted.store(true, Ordering::Relaxed);
    }
}

impl Yielder for StepAside {
    fn checkpoint(&self, token: &CancellationToken) {
        if !self.demoted.load(Ordering::Relaxed)
            || !self
                .calls
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(CHECK_EVERY)
        {
            return;
        }
        let mut now = Instant::now();
        if self.arrivals.nanos(now) < self.slice_until.load(Ordering::Relaxed) {
            return;
        }
        while self.arrivals.flowing(now) && !token.is_cancelled() {
            if self.arrivals.take_slice(now) {
                self.slice_until
                    .store(self.arrivals.nanos(now + SLICE), Ordering::Relaxed);
                return;
            }
            std::thread::sleep(STEP);
            now = Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Calls the checkpoint as an evaluation does (once a row), `rows` times.
    fn rows(step: &StepAside, token: &CancellationToken, rows: u32) -> Duration {
        let start = Instant::now();
        for _ in 0..rows {
            step.checkpoint(token);
        }
        start.elapsed()
    }

    /// Queries keep arriving for the next `span` (as if admitted without a break).
    fn flowing_for(arrivals: &Arrivals, span: Duration) {
        let until = arrivals.nanos(Instant::now() + span);
        arrivals.last.store(until, Ordering::Relaxed);
    }

    #[test]
    fn a_demoted_evaluation_pauses_while_queries_flow_and_one_runs_a_slice_each_period() {
        let arrivals = Arc::new(Arrivals::default());
        let (a, b) = (
            StepAside::new(arrivals.clone()),
            StepAside::new(arrivals.clone()),
        );
        let token = CancellationToken::new();
        flowing_for(&arrivals, Duration::from_secs(60));
        assert!(arrivals.flowing(Instant::now()));
        // Not demoted: never pauses.
        assert!(rows(&a, &token, 10 * CHECK_EVERY) < PERIOD / 2);
        a.demote();
        b.demote();
        // The first to look takes the slice due; the other waits for the next one.
        assert!(rows(&a, &token, 1) < PERIOD / 2);
        let paused = rows(&b, &token, 1);
        assert!(paused >= PERIOD / 2, "paused only {paused:?}");
        assert!(paused < Duration::from_secs(10), "paused {paused:?}");
        // Cancelled: no pause, whatever flows.
        let cancelled = CancellationToken::new();
        cancelled.cancel();
        std::thread::sleep(SLICE);
        assert!(rows(&a, &cancelled, CHECK_EVERY + 1) < PERIOD / 2);
        // Nothing arrived for a while: no pause.
        let quiet = Arc::new(Arrivals::default());
        let step = StepAside::new(quiet.clone());
        step.demote();
        quiet.arrived();
        std::thread::sleep(WINDOW * 2);
        assert!(!quiet.flowing(Instant::now()));
        assert!(rows(&step, &token, 10 * CHECK_EVERY) < PERIOD / 2);
        // The stream resumes: the next look pauses (its first slice taken by another).
        assert!(quiet.take_slice(Instant::now()));
        flowing_for(&quiet, Duration::from_secs(60));
        assert!(rows(&step, &token, CHECK_EVERY) >= PERIOD / 2);
    }
}
