//! Cancels tokens at their instant, from a thread of its own: the time budget of a query
//! evaluated inline on a runtime thread ([`super::limits`]), which no timer of the (then
//! busy) runtime could enforce.
//!
//! Registering is a push under a lock: the thread is woken only when it had nothing to
//! watch. While it has, it looks every [`TICK`]; a token is cancelled at most one tick
//! late. Tokens whose work ended early are cancelled all the same at their instant
//! (harmless: nothing listens any more).

use oxigraph::sparql::CancellationToken;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How often the thread looks while it has tokens to watch.
pub const TICK: Duration = Duration::from_micros(250);

#[derive(Default)]
pub struct Ticker {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    pending: Vec<(Instant, CancellationToken)>,
    /// The thread runs (started on first use).
    started: bool,
    /// The thread waits for work (a registration must wake it).
    idle: bool,
}

impl Ticker {
    /// Cancels `token` at `at` (or within a tick after).
    pub fn cancel_at(&self, at: Instant, token: CancellationToken) {
        let mut state = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        state.pending.push((at, token));
        if state.idle {
            self.shared.wake.notify_one();
        } else if !state.started {
            state.started = true;
            let shared = self.shared.clone();
            let spawned = std::thread::Builder::new()
                .name("maillage-ticker".into())
                .spawn(move || run(&shared));
            if let Err(e) = spawned {
                // Without it, budgets are not enforced: every query still ends, later.
                tracing::error!(error = %e, "cannot start the query budget thread");
                state.started = false;
            }
        }
    }
}

fn run(shared: &Shared) {
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if state.pending.is_empty() {
            state.idle = true;
            state = shared.wake.wait(state).unwrap_or_else(|e| e.into_inner());
            state.idle = false;
            continue;
        }
        let now = Instant::now();
        state.pending.retain(|(at, token)| {
            if *at <= now {
                token.cancel();
                false
            } else {
                true
            }
        });
        drop(state);
        std::thread::sleep(TICK);
        state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancels_each_token_at_its_instant_and_not_before() {
        let ticker = Ticker::default();
        let start = Instant::now();
        let (soon, later) = (CancellationToken::new(), CancellationToken::new());
        ticker.cancel_at(start + Duration::from_millis(5), soon.clone());
        ticker.cancel_at(start + Duration::from_millis(200), later.clone());
        while !soon.is_cancelled() {
            assert!(start.elapsed() < Duration::from_secs(5), "never cancelled");
            std::thread::yield_now();
        }
        assert!(start.elapsed() >= Duration::from_millis(5));
        assert!(!later.is_cancelled(), "cancelled before its instant");
        // After an idle period the thread is woken by the next registration.
        std::thread::sleep(Duration::from_millis(250));
        assert!(later.is_cancelled());
        let again = CancellationToken::new();
        ticker.cancel_at(Instant::now(), again.clone());
        let waited = Instant::now();
        while !again.is_cancelled() {
            assert!(
                waited.elapsed() < Duration::from_secs(5),
                "idle thread not woken"
            );
            std::thread::yield_now();
        }
    }
}
