//! Log lines gathered in memory and written to stderr by a thread of their own, at most
//! once per [`FLUSH_INTERVAL`] under load: a request pays for formatting its line and a
//! push under a lock, not for a write to stderr nor for waking a thread.
//!
//! `tracing-appender`'s non-blocking writer, used before, woke its thread for every line:
//! under a stream of `ASK {}` that wake-up and the write after it were a fifth of the
//! server's CPU per request. Here the thread is woken when the buffer stops being empty
//! and then lets lines gather for [`FLUSH_INTERVAL`]; a warning or an error is written at
//! once. Nothing is dropped: past [`BUFFER_CAP`] (a thread that cannot keep up), the line's
//! own writer writes everything to the sink itself, in order, and so slows down.
//! [`LogGuard`] writes what is left when dropped.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;
use tracing_subscriber::fmt::MakeWriter;

/// Longest time a line waits in memory before it is written.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(100);
/// Bytes kept in memory at most before the writing threads write themselves.
pub const BUFFER_CAP: usize = 4 << 20;

/// Where the lines go: stderr in the binary, a buffer in tests.
pub type Sink = Box<dyn Write + Send>;

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    /// Held while lines are written out, so that they reach the sink in order.
    sink: Mutex<Sink>,
    interval: Duration,
}

#[derive(Default)]
struct State {
    lines: Vec<u8>,
    /// A warning or an error waits: write now.
    urgent: bool,
    closed: bool,
}

/// The `MakeWriter` given to `tracing_subscriber::fmt`.
#[derive(Clone)]
pub struct LogWriter {
    shared: Arc<Shared>,
}

/// Ends the writing thread once everything is written.
pub struct LogGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// A writer for lines to `sink`, and the guard that writes what is left when dropped.
pub fn writer(sink: Sink, interval: Duration) -> std::io::Result<(LogWriter, LogGuard)> {
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        wake: Condvar::new(),
        sink: Mutex::new(sink),
        interval,
    });
    let thread = {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("maillage-log".into())
            .spawn(move || run(&shared))?
    };
    let guard = LogGuard {
        shared: shared.clone(),
        thread: Some(thread),
    };
    Ok((LogWriter { shared }, guard))
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The writing thread: waits for a first line, lets others gather, writes them all.
fn run(shared: &Shared) {
    loop {
        let mut state = lock(&shared.state);
        while state.lines.is_empty() && !state.closed {
            state = shared.wake.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        if state.lines.is_empty() {
            return; // closed, and everything written
        }
        let (mut state, _) = shared
            .wake
            .wait_timeout_while(state, shared.interval, |s| !s.urgent && !s.closed)
            .unwrap_or_else(|e| e.into_inner());
        // The sink's lock is taken before the lines leave the buffer: a writing thread
        // past the cap cannot write later lines in between.
        let mut sink = lock(&shared.sink);
        let lines = std::mem::take(&mut state.lines);
        state.urgent = false;
        drop(state);
        write_out(&mut sink, &lines);
    }
}

/// Writes to the sink; a log line that cannot be written has nowhere else to go.
fn write_out(sink: &mut Sink, bytes: &[u8]) {
    let _ = sink.write_all(bytes);
    let _ = sink.flush();
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        lock(&self.shared.state).closed = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        // Lines logged while the thread ended (or if it could not run). Locks are taken
        // in the order every writer takes them: the buffer's, then the sink's.
        let mut state = lock(&self.shared.state);
        let mut sink = lock(&self.shared.sink);
        let lines = std::mem::take(&mut state.lines);
        drop(state);
        write_out(&mut sink, &lines);
    }
}

/// One event's writer: `tracing_subscriber::fmt` writes a whole line at once.
pub struct Line<'a> {
    shared: &'a Shared,
    urgent: bool,
}

impl Write for Line<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut state = lock(&self.shared.state);
        if state.closed {
            drop(state);
            write_out(&mut lock(&self.shared.sink), bytes);
            return Ok(bytes.len());
        }
        if state.lines.len() + bytes.len() > BUFFER_CAP {
            // Behind: write everything here, earlier lines first.
            let lines = std::mem::take(&mut state.lines);
            let mut sink = lock(&self.shared.sink);
            drop(state);
            write_out(&mut sink, &lines);
            write_out(&mut sink, bytes);
            return Ok(bytes.len());
        }
        let was_empty = state.lines.is_empty();
        state.lines.extend_from_slice(bytes);
        state.urgent |= self.urgent;
        drop(state);
        if was_empty || self.urgent {
            self.shared.wake.notify_one();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogWriter {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Line<'a> {
        Line {
            shared: &self.shared,
            urgent: false,
        }
    }

    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> Line<'a> {
        Line {
            shared: &self.shared,
            urgent: *meta.level() <= tracing::Level::WARN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A sink the test reads back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl Write for Captured {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            lock(&self.0).extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(lock(&self.0).clone()).unwrap()
        }
    }

    fn line(writer: &LogWriter, level: tracing::Level, text: &str) {
        let mut line = Line {
            shared: &writer.shared,
            urgent: level <= tracing::Level::WARN,
        };
        line.write_all(text.as_bytes()).unwrap();
    }

    /// Lines wait in memory, then are written in order; the guard writes the rest.
    #[test]
    fn info_lines_are_gathered_then_written_in_order() {
        let sink = Captured::default();
        let (writer, guard) =
            super::writer(Box::new(sink.clone()), Duration::from_secs(30)).unwrap();
        for i in 0..1000 {
            line(&writer, tracing::Level::INFO, &format!("{i}\n"));
        }
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(sink.text(), "", "written before the interval");
        drop(guard);
        let expected: String = (0..1000).map(|i| format!("{i}\n")).collect();
        assert_eq!(sink.text(), expected);
        // After the guard: written at once, not lost.
        line(&writer, tracing::Level::INFO, "late\n");
        assert_eq!(sink.text(), expected + "late\n");
    }

    /// A warning takes the lines before it out with it, without waiting for the interval.
    #[test]
    fn a_warning_is_written_at_once() {
        let sink = Captured::default();
        let (writer, _guard) =
            super::writer(Box::new(sink.clone()), Duration::from_secs(30)).unwrap();
        line(&writer, tracing::Level::INFO, "before\n");
        line(&writer, tracing::Level::WARN, "warning\n");
        let started = Instant::now();
        while sink.text() != "before\nwarning\n" {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{:?}",
                sink.text()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Past the cap, the writing thread writes everything itself, in order.
    #[test]
    fn past_the_cap_lines_are_written_by_their_writer_in_order() {
        let sink = Captured::default();
        let (writer, _guard) =
            super::writer(Box::new(sink.clone()), Duration::from_secs(30)).unwrap();
        let big = "x".repeat(BUFFER_CAP / 2);
        line(&writer, tracing::Level::INFO, "first\n");
        line(&writer, tracing::Level::INFO, &big);
        line(&writer, tracing::Level::INFO, &big);
        let text = sink.text();
        assert!(text.starts_with("first\nxxx"), "{}", &text[..20]);
        assert_eq!(text.len(), "first\n".len() + 2 * big.len());
    }
}
