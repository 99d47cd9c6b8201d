//! Cancels tokens at their instant, from a thread of its own: the time budget of a query
//! evaluated inline on a runtime thread ([`super::limits`]), which no timer of the (then
//! busy) runtime could enforce.
//!
//! Registering is a push under a lock. The thread sleeps until the earliest instant it
//! watches and is woken only by a registration earlier than that (rare: every budget has
//! the same length, so later registrations fall later). A token is cancelled at its
//! instant, give or take the thread's wake-up. Work that ends early withdraws its token
//! ([`Ticker::withdraw`]); with nothing pending the thread sleeps a tick ([`IDLE_TICK`],
//! the inline budget) while registrations keep coming, and until the next one once they
//! stop: under a stream of quick queries it wakes about twice a tick, not once a query.

use oxigraph::sparql::CancellationToken;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

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
    pending: Vec<(Instant, u64, CancellationToken)>,
    /// The number of the next registration.
    next: u64,
    /// The thread runs (started on first use).
    started: bool,
    /// What the sleeping thread waits for: `None` when it waits for any registration.
    sleeping_until: Option<Instant>,
    /// The times the thread woke up.
    wakes: u64,
}

impl Ticker {
    /// Cancels `token` at `at`, unless withdrawn before with the registration returned.
    pub fn cancel_at(&self, at: Instant, token: CancellationToken) -> Registration {
        let mut state = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let id = state.next;
        state.next += 1;
        state.pending.push((at, id, token));
        if !state.started {
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
        } else if state.sleeping_until.is_none_or(|until| at < until) {
            self.shared.wake.notify_one();
        }
        Registration(id)
    }

    /// The work ended: its token is not to be cancelled.
    pub fn withdraw(&self, registration: Registration) {
        let mut state = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        // The newest registrations are at the end, and the one withdrawn is usually recent.
        if let Some(i) = state
            .pending
            .iter()
            .rposition(|(_, id, _)| *id == registration.0)
        {
            state.pending.swap_remove(i);
        }
    }
}

/// A token's registration, to withdraw it.
#[must_use = "a registration not withdrawn cancels its token at its instant"]
pub struct Registration(u64);

/// How long the thread sleeps when nothing is pending but registrations came since it
/// last looked: more are likely, and each would wake it were it waiting for any. The
/// shortest budget registered (an inline attempt's): a registration made after the thread
/// looked then falls after its wake-up and does not wake it.
const IDLE_TICK: std::time::Duration = super::limits::INLINE_BUDGET;

fn run(shared: &Shared) {
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    // The registrations the thread has seen.
    let mut seen = 0;
    loop {
        state.wakes += 1;
        let now = Instant::now();
        state.pending.retain(|(at, _, token)| {
            if *at <= now {
                token.cancel();
                false
            } else {
                true
            }
        });
        let earliest = state.pending.iter().map(|(at, _, _)| *at).min();
        // Under a stream of quick queries each is withdrawn before its instant: the thread
        // then sleeps a tick, not until the next registration (one wake-up per query).
        let earliest = match earliest {
            None if state.next != seen => Some(now + IDLE_TICK),
            earliest => earliest,
        };
        seen = state.next;
        state.sleeping_until = earliest;
        state = match earliest {
            None => shared.wake.wait(state).unwrap_or_else(|e| e.into_inner()),
            Some(at) => {
                let waited = shared
                    .wake
                    .wait_timeout(state, at.saturating_duration_since(now));
                waited.unwrap_or_else(|e| e.into_inner()).0
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn cancels_each_token_at_its_instant_and_not_before() {
        let ticker = Ticker::default();
        let start = Instant::now();
        let (soon, later) = (CancellationToken::new(), CancellationToken::new());
        let withdrawn = CancellationToken::new();
        let _ = ticker.cancel_at(start + Duration::from_millis(5), soon.clone());
        let _ = ticker.cancel_at(start + Duration::from_millis(200), later.clone());
        let registration = ticker.cancel_at(start + Duration::from_millis(2), withdrawn.clone());
        ticker.withdraw(registration);
        while !soon.is_cancelled() {
            assert!(start.elapsed() < Duration::from_secs(5), "never cancelled");
            std::thread::yield_now();
        }
        assert!(start.elapsed() >= Duration::from_millis(5));
        assert!(!later.is_cancelled(), "cancelled before its instant");
        assert!(!withdrawn.is_cancelled(), "a withdrawn token was cancelled");
        // After an idle period the thread is woken by the next registration.
        std::thread::sleep(Duration::from_millis(250));
        assert!(later.is_cancelled());
        let again = CancellationToken::new();
        let _ = ticker.cancel_at(Instant::now(), again.clone());
        let waited = Instant::now();
        while !again.is_cancelled() {
            assert!(
                waited.elapsed() < Duration::from_secs(5),
                "idle thread not woken"
            );
            std::thread::yield_now();
        }
    }

    /// Quick work registered and withdrawn one after another does not wake the thread
    /// each time (it did, once nothing was pending: a futex wake and a context switch per
    /// query).
    #[test]
    fn a_stream_of_withdrawn_registrations_does_not_wake_the_thread_each_time() {
        let ticker = Ticker::default();
        let budget = super::super::limits::INLINE_BUDGET;
        let started = Instant::now();
        for _ in 0..300 {
            // Withdrawn before the woken thread looks: it then finds nothing pending.
            let registration = ticker.cancel_at(Instant::now() + budget, CancellationToken::new());
            ticker.withdraw(registration);
            std::thread::sleep(Duration::from_micros(50));
        }
        let wakes = ticker.shared.state.lock().unwrap().wakes;
        // At most two a tick (its end, and a registration's instant): 18 for 300
        // registrations in 40 ms here, against 142–217 when each registration made after
        // the thread found nothing pending woke it.
        let ticks = started.elapsed().as_secs_f64() / IDLE_TICK.as_secs_f64();
        assert!(
            (wakes as f64) <= 2.0 * ticks + 4.0,
            "{wakes} wake-ups for 300 registrations in {ticks:.0} ticks"
        );
    }
}
