//! Operations, against the real binary as a child process on a loopback port: graceful
//! shutdown on SIGTERM and SIGINT, header and body read timeouts, the connection limit, the
//! lying `Content-Length`, invalid UTF-8 in query strings, readable parser messages.
//!
//! Times are printed (run with `--nocapture` to read them), never asserted: each wait has a
//! generous bound only so that a broken server fails the test instead of hanging it.

mod common;

use maillage::store::GraphStore;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest wait for anything (start with the seed load included); a failure guard only.
const BOUND: Duration = Duration::from_secs(120);

/// `maillage serve` in a child process, its JSON log lines collected.
struct Served {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl Served {
    /// Starts the server on `data` with extra flags, once it logs that it listens.
    fn start(data: &Path, flags: &[&str]) -> Served {
        let mut served = Served::spawn(data, flags);
        let listening = served.wait_log("listening");
        served.addr = listening["fields"]["address"]
            .as_str()
            .expect("address logged")
            .parse()
            .expect("a socket address");
        served
    }

    /// Starts the server on `data` with extra flags, without waiting for it. It starts with
    /// SIGINT ignored, as a script's background job does (`serve … &`): the server must
    /// stop on it all the same, whatever it inherits.
    fn spawn(data: &Path, flags: &[&str]) -> Served {
        use std::os::unix::process::CommandExt;
        let mut command = Command::new(env!("CARGO_BIN_EXE_maillage"));
        // SAFETY: between fork and exec, only `signal` (async-signal-safe) is called.
        unsafe {
            command.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_IGN);
                Ok(())
            });
        }
        let mut child = command
            .args(["serve", "--bind", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(flags)
            .env("MAILLAGE_LOG", "info")
            .env("MAILLAGE_LOG_FORMAT", "json")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("maillage starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("stderr piped");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                let value = serde_json::from_str(&line)
                    .unwrap_or_else(|_| serde_json::json!({ "fields": { "message": line } }));
                sink.lock().unwrap().push(value);
            }
        });
        Served {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            log,
        }
    }

    /// The first log line whose message starts with `message`, waiting for it.
    fn wait_log(&mut self, message: &str) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let found = self
                .log
                .lock()
                .unwrap()
                .iter()
                .find(|line| {
                    line["fields"]["message"]
                        .as_str()
                        .is_some_and(|m| m.starts_with(message))
                })
                .cloned();
            if let Some(line) = found {
                return line;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "maillage exited ({status}) before logging {message:?}: {:?}",
                    self.log
                );
            }
            assert!(
                started.elapsed() < BOUND,
                "no {message:?} in {:?}",
                self.log
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits for the process to end: its status and how long it took.
    fn wait_exit(&mut self) -> (ExitStatus, Duration) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return (status, started.elapsed());
            }
            assert!(started.elapsed() < BOUND, "still running: {:?}", self.log);
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("connects");
        stream.set_read_timeout(Some(BOUND)).unwrap();
        stream
    }

    /// One request on a fresh connection, read to its end.
    fn request(&self, request: &str) -> Answer {
        let mut stream = self.connect();
        stream.write_all(request.as_bytes()).expect("request sent");
        read_answer(&mut stream)
    }

    fn post_query(&self, query: &str) -> Answer {
        self.request(&post_query(query))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn post_query(query: &str) -> String {
    format!(
        "POST /sparql HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
         Content-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\n\
         Content-Length: {}\r\n\r\n{query}",
        query.len()
    )
}

/// A status and everything after the head (chunk sizes included, if chunked).
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// Reads an answer until the server closes the connection.
fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut bytes = Vec::new();
    if let Err(e) = stream.read_to_end(&mut bytes) {
        assert!(
            e.kind() == ErrorKind::ConnectionReset && !bytes.is_empty(),
            "read failed after {} bytes: {e}",
            bytes.len()
        );
    }
    parse_answer(&bytes)
}

fn parse_answer(bytes: &[u8]) -> Answer {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// Quads in the dataset (named graphs and the current state), counted by a query.
fn triples(served: &Served) -> u64 {
    let answer = served
        .post_query("SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }");
    assert_eq!(answer.status, 200, "{answer:?}");
    let json: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON results");
    json["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count: {answer:?}"))
}

/// Sends [`common::CROSS_PRODUCT`] (again while it is refused for overload, which happens
/// when a probe of [`wait_until_evaluating`] holds the permit): its answer and when it came.
fn spawn_long_query(addr: SocketAddr) -> std::thread::JoinHandle<(Answer, Instant)> {
    std::thread::spawn(move || loop {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(BOUND)).unwrap();
        stream
            .write_all(post_query(common::CROSS_PRODUCT).as_bytes())
            .unwrap();
        let answer = read_answer(&mut stream);
        if !(answer.status == 503 && answer.body.contains("too many queries")) {
            return (answer, Instant::now());
        }
    })
}

/// Waits until no query is evaluated or waiting: the evaluation of an earlier query may
/// still be ending after its answer was sent, and `/healthz` would count it as the long one.
fn wait_until_idle(served: &Served) {
    let started = Instant::now();
    loop {
        let answer =
            served.request("GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
        let queries = &json["queries"];
        if ["running", "long", "queued"]
            .iter()
            .all(|k| queries[*k].as_u64() == Some(0))
        {
            return;
        }
        assert!(started.elapsed() < BOUND, "never idle: {answer:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the long query is being evaluated, as `/healthz` counts evaluations
/// (running in a slot or moved aside as long).
fn wait_until_evaluating(served: &Served) {
    let started = Instant::now();
    loop {
        let answer =
            served.request("GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
        let busy = json["queries"]["running"].as_u64().unwrap_or(0)
            + json["queries"]["long"].as_u64().unwrap_or(0);
        if busy >= 1 {
            return;
        }
        assert!(
            started.elapsed() < BOUND,
            "the long query never ran: {answer:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_during_a_long_query_cancels_it_after_the_grace_period_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut served = Served::start(
        dir.path(),
        &[
            "--shutdown-grace",
            "2",
            "--query-timeout",
            "600",
            "--max-concurrent-queries",
            "1",
        ],
    );
    let before = triples(&served);
    wait_until_idle(&served);
    let client = spawn_long_query(served.addr);
    wait_until_evaluating(&served);

    let signalled = Instant::now();
    served.signal("TERM");
    served.wait_log("shutting down");
    // The listener is closed at once: new connections are refused.
    let refused = TcpStream::connect(served.addr).map(|_| ()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused);

    let (answer, answered) = client.join().unwrap();
    assert_eq!(answer.status, 503, "{answer:?}");
    assert!(
        answer.body.contains("shutting down") && answer.body.contains("grace period"),
        "{answer:?}"
    );
    assert!(answer
        .head
        .to_ascii_lowercase()
        .contains("connection: close"));
    let (status, _) = served.wait_exit();
    assert_eq!(status.code(), Some(0), "{:?}", served.log);
    served.wait_log("store flushed");
    eprintln!(
        "SIGTERM with a query in flight (grace 2 s): client answered 503 after {:.2} s, \
         process exited 0 after {:.2} s",
        (answered - signalled).as_secs_f64(),
        signalled.elapsed().as_secs_f64()
    );

    // The store reopens with the same content, and the next start does not reload the seeds.
    let store = GraphStore::open(dir.path()).expect("store reopens");
    assert_eq!(store.len().unwrap() as u64, before);
    drop(store);
    let mut again = Served::start(dir.path(), &[]);
    assert_eq!(triples(&again), before);
    assert!(again
        .log
        .lock()
        .unwrap()
        .iter()
        .all(|l| l["fields"]["message"] != "empty store: loading the bundled seeds"));
    again.signal("TERM");
    assert_eq!(again.wait_exit().0.code(), Some(0));
}

#[test]
fn sigint_with_nothing_in_flight_exits_0_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut served = Served::start(dir.path(), &["--shutdown-grace", "30"]);
    triples(&served);
    // An idle keep-alive connection does not hold the shutdown.
    let mut idle = served.connect();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        .unwrap();
    let mut buffer = [0; 1024];
    assert!(idle.read(&mut buffer).unwrap() > 0);

    let signalled = Instant::now();
    served.signal("INT");
    let (status, took) = served.wait_exit();
    assert_eq!(status.code(), Some(0), "{:?}", served.log);
    let report = served.wait_log("store flushed");
    assert!(report["fields"]["report"]
        .as_str()
        .is_some_and(|r| r.contains("open_at_grace: 0")));
    eprintln!(
        "SIGINT with an idle keep-alive connection (grace 30 s): exited 0 after {:.3} s \
         ({:.3} s measured from the signal)",
        took.as_secs_f64(),
        signalled.elapsed().as_secs_f64()
    );
}

#[test]
fn a_request_in_progress_at_sigterm_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let mut served = Served::start(dir.path(), &["--shutdown-grace", "60"]);
    let query = "ASK { ?s ?p ?o }";
    let mut stream = served.connect();
    // Expect: 100-continue: the server says "100 Continue" when the handler starts reading.
    write!(
        stream,
        "POST /sparql HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
         Content-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\n\
         Expect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        query.len()
    )
    .unwrap();
    let mut interim = [0; 25];
    stream.read_exact(&mut interim).unwrap();
    assert!(interim.starts_with(b"HTTP/1.1 100 Continue"));

    served.signal("TERM");
    served.wait_log("shutting down");
    stream.write_all(query.as_bytes()).unwrap();
    let answer = read_answer(&mut stream);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.body.contains("\"boolean\":true"), "{answer:?}");
    let (status, _) = served.wait_exit();
    assert_eq!(status.code(), Some(0));
}

/// Sends `bytes` one at a time, `pause` apart, until the server closes the connection:
/// how long it took and what it answered (nothing, for a cut connection).
fn trickle(stream: &mut TcpStream, bytes: &[u8], pause: Duration) -> (Duration, Vec<u8>) {
    let started = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(1)))
        .unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    for byte in bytes.iter().cycle() {
        if stream.write_all(std::slice::from_ref(byte)).is_err() {
            break;
        }
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
        assert!(started.elapsed() < BOUND, "never cut");
        std::thread::sleep(pause);
    }
    (started.elapsed(), answer)
}

#[test]
fn slow_headers_and_slow_bodies_are_cut_at_their_timeouts() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(
        dir.path(),
        &["--header-timeout", "1", "--body-timeout", "1.5"],
    );
    // Headers at 5 bytes a second, never ending: cut.
    let mut stream = served.connect();
    let (took, answer) = trickle(
        &mut stream,
        b"GET /healthz HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n",
        Duration::from_millis(200),
    );
    eprintln!(
        "slow headers (--header-timeout 1): cut after {:.2} s, answer {:?}",
        took.as_secs_f64(),
        String::from_utf8_lossy(&answer)
    );
    // Connections that send nothing (200 of them, as in the measure) are closed.
    let started = Instant::now();
    let silent: Vec<TcpStream> = (0..200).map(|_| served.connect()).collect();
    for mut stream in silent {
        let mut buffer = [0; 64];
        let read = stream.read(&mut buffer);
        assert!(matches!(read, Ok(0)) || read.is_err(), "{read:?}");
    }
    eprintln!(
        "200 silent connections (--header-timeout 1): all closed after {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // A body trickled at 5 bytes a second: 408, connection closed.
    let mut stream = served.connect();
    stream
        .write_all(
            b"POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n\
              Content-Length: 1000\r\n\r\n",
        )
        .unwrap();
    let (took, answer) = trickle(&mut stream, b"ASK {} ", Duration::from_millis(200));
    let answer = parse_answer(&answer);
    assert_eq!(answer.status, 408, "{answer:?}");
    assert!(
        answer.body.contains("not received within 1.5 s"),
        "{answer:?}"
    );
    eprintln!(
        "slow body (--body-timeout 1.5): 408 and closed after {:.2} s",
        took.as_secs_f64()
    );

    // The server still answers.
    assert!(triples(&served) > 0);
}

#[test]
fn a_lying_content_length_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    // The body timeout is far away: the answer comes from the announced length alone.
    let served = Served::start(dir.path(), &["--body-timeout", "600"]);
    let started = Instant::now();
    let answer = served.request(
        "POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n\
         Content-Length: 1000000000000\r\n\r\n",
    );
    assert_eq!(answer.status, 413, "{answer:?}");
    assert!(
        answer.body.contains("1048576 bytes") && answer.body.contains("1000000000000"),
        "{answer:?}"
    );
    eprintln!(
        "Content-Length: 1000000000000 without a body: 413 after {:.3} s",
        started.elapsed().as_secs_f64()
    );
    // Same on a route that takes no body.
    let answer = served
        .request("POST /store HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000000000\r\n\r\n");
    assert_eq!(answer.status, 413, "{answer:?}");
}

#[test]
fn connections_past_the_limit_get_503_and_the_limit_frees_up() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(
        dir.path(),
        &["--max-connections", "2", "--header-timeout", "60"],
    );
    let first = served.connect();
    let _second = served.connect();
    let answer = served.request("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
    assert_eq!(answer.status, 503, "{answer:?}");
    assert!(
        answer.body.contains("too many open connections (limit 2)"),
        "{answer:?}"
    );
    assert!(answer.head.to_ascii_lowercase().contains("retry-after: 1"));
    drop(first);
    // Once the server has seen the close, a connection is free again.
    let started = Instant::now();
    loop {
        let answer =
            served.request("GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        if answer.status == 200 {
            break;
        }
        assert!(started.elapsed() < BOUND, "{answer:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn invalid_utf8_in_a_query_string_is_a_400_naming_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &[]);
    let answer = served.request(
        "GET /sparql?query=ASK%20%7B%7D%FF HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(answer.status, 400, "{answer:?}");
    assert!(
        answer.body.contains("invalid UTF-8")
            && answer.body.contains("0xFF")
            && answer.body.contains("byte offset 18"),
        "{answer:?}"
    );
    let answer = served
        .request("GET /store?graph=http://e/%C3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    assert_eq!(answer.status, 400, "{answer:?}");
    assert!(answer.body.contains("byte offset 15"), "{answer:?}");
    let form = "query=ASK+%7B%7D%FE";
    let answer = served.request(&format!(
        "POST /sparql HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
        form.len()
    ));
    assert_eq!(answer.status, 400, "{answer:?}");
    assert!(
        answer.body.contains("form body") && answer.body.contains("byte offset 16"),
        "{answer:?}"
    );
}

#[test]
fn parser_messages_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &[]);
    for (query, expected) in [
        (
            "SELEC * WHERE { ?s ?p ?o }",
            "at 1:1: keyword misspelled: SELEC — expected SELECT, CONSTRUCT, ASK or DESCRIBE",
        ),
        (
            "SELECT * WHERE {\n  ?s x:p ?o }",
            "at 2:6: unknown prefix x: — declare it with PREFIX x: <…>",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } ORDER BI ?s",
            "did you mean BY?",
        ),
    ] {
        let answer = served.post_query(query);
        assert_eq!(answer.status, 400, "{answer:?}");
        assert!(answer.body.contains(expected), "{query}: {answer:?}");
        assert!(!answer.body.contains("'..='"), "{answer:?}");
    }
}

#[test]
fn a_second_signal_ends_the_grace_period_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut served = Served::start(
        dir.path(),
        &[
            "--shutdown-grace",
            "600",
            "--query-timeout",
            "600",
            "--max-concurrent-queries",
            "1",
        ],
    );
    wait_until_idle(&served);
    let client = spawn_long_query(served.addr);
    wait_until_evaluating(&served);
    served.signal("TERM");
    served.wait_log("shutting down");
    let second = Instant::now();
    served.signal("INT");
    let (answer, _) = client.join().unwrap();
    assert_eq!(answer.status, 503, "{answer:?}");
    assert!(answer.body.contains("shutting down"), "{answer:?}");
    let (status, _) = served.wait_exit();
    assert_eq!(status.code(), Some(0));
    served.wait_log("second signal");
    eprintln!(
        "second signal during a 600 s grace period: exited 0 after {:.2} s",
        second.elapsed().as_secs_f64()
    );
}

#[test]
fn a_stream_still_running_after_the_grace_period_is_cut_not_completed() {
    let dir = tempfile::tempdir().unwrap();
    let mut served = Served::start(
        dir.path(),
        &["--shutdown-grace", "1", "--query-timeout", "600"],
    );
    // An endless result (a cross product), to a client that reads only its beginning.
    let mut stream = served.connect();
    stream
        .write_all(
            post_query("CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f }")
                .replace("application/sparql-results+json", "application/n-triples")
                .as_bytes(),
        )
        .unwrap();
    let mut head = [0; 4096];
    let n = stream.read(&mut head).unwrap();
    let head = String::from_utf8_lossy(&head[..n]).to_string();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked"));

    let signalled = Instant::now();
    served.signal("TERM");
    let (status, _) = served.wait_exit();
    assert_eq!(status.code(), Some(0), "{:?}", served.log);
    let report = served.wait_log("store flushed");
    assert!(
        report["fields"]["report"]
            .as_str()
            .is_some_and(|r| r.contains("aborted: 1")),
        "{report}"
    );
    eprintln!(
        "a result still streaming at SIGTERM (grace 1 s): connection cut, exited 0 after {:.2} s",
        signalled.elapsed().as_secs_f64()
    );
    // What the client reads ends without the last chunk: it cannot be taken as complete.
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(!rest.ends_with(b"0\r\n\r\n"));
}

/// A signal during the first start's seed load (before the server listens) stops the
/// process at once, and the store stays whole: the next start finds it empty and loads
/// the seeds again, or finds them all — the same dataset as an uninterrupted first start.
#[test]
fn a_signal_during_the_first_seed_load_leaves_a_whole_store() {
    let reference_dir = tempfile::tempdir().unwrap();
    let mut reference = Served::start(reference_dir.path(), &[]);
    let expected = triples(&reference);
    reference.signal("TERM");
    reference.wait_exit();

    for signal in ["TERM", "INT"] {
        let dir = tempfile::tempdir().unwrap();
        let mut loading = Served::spawn(dir.path(), &[]);
        loading.wait_log("empty store: loading the bundled seeds");
        loading.signal(signal);
        let (status, took) = loading.wait_exit();
        eprintln!("SIG{signal} during the seed load: exited ({status}) after {took:?}");
        assert!(took < Duration::from_secs(10), "{took:?}");

        let store = GraphStore::open(dir.path()).expect("store reopens");
        let after = store.len().unwrap() as u64;
        assert!(
            after == 0 || after == expected,
            "partial seed load: {after} of {expected} quads"
        );
        drop(store);
        let mut again = Served::start(dir.path(), &[]);
        assert_eq!(
            triples(&again),
            expected,
            "the next start serves the whole seeds"
        );
        again.signal("TERM");
        assert_eq!(again.wait_exit().0.code(), Some(0));
    }
}
