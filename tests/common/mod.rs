//! Shared helpers: a real on-disk store served by the real router, through the server's own
//! accept loop, on a loopback port.
#![allow(dead_code)] // Each test binary uses its own subset.

use maillage::server::{serve_on, ServerConfig};
use maillage::store::GraphStore;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use std::time::Duration;
use tempfile::TempDir;

pub const EX: &str = "http://example.org/maillage-test/";
pub const G1: &str = "http://example.org/maillage-test/graph/structures";
pub const G2: &str = "http://example.org/maillage-test/graph/territoires";
pub const G3: &str = "http://example.org/maillage-test/graph/meta";

/// A running server; stops with the test's runtime, its store is deleted on drop.
pub struct TestServer {
    pub addr: std::net::SocketAddr,
    pub store: GraphStore,
    _dir: TempDir,
}

impl TestServer {
    /// A server started by the caller on `addr`, serving `store` kept in `dir`.
    pub fn from_parts(addr: std::net::SocketAddr, store: GraphStore, dir: TempDir) -> Self {
        Self {
            addr,
            store,
            _dir: dir,
        }
    }

    /// `http://127.0.0.1:PORT/sparql`.
    pub fn sparql(&self) -> String {
        format!("http://{}/sparql", self.addr)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// Test defaults: generous limits, no federation.
pub fn config() -> ServerConfig {
    ServerConfig {
        bind: "127.0.0.1:0".parse().expect("valid address"),
        query_timeout: Duration::from_secs(20),
        max_body_bytes: 4096,
        ..ServerConfig::default()
    }
}

/// Opens a store in a fresh temporary directory, loads `quads`, serves it on 127.0.0.1:0.
pub async fn start(quads: &[Quad], config: ServerConfig) -> TestServer {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = GraphStore::open(dir.path()).expect("store opens");
    store.load_quads(quads).expect("fixture loads");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("loopback port");
    listener.set_nonblocking(true).expect("non-blocking socket");
    let addr = listener.local_addr().expect("bound address");
    let served = store.clone();
    // The server runs on a runtime of its own built as `maillage serve` builds it
    // (`cli::server_runtime`: handlers parse queries on its threads), through its accept
    // loop (`server::serve_on`), for the whole test binary's life.
    std::thread::spawn(move || {
        let runtime = maillage::cli::server_runtime().expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            // No signal ever comes: the sender lives as long as the server.
            let (_never, signals) = tokio::sync::mpsc::channel(1);
            serve_on(listener, served, config, signals).await;
        });
    });
    TestServer {
        addr,
        store,
        _dir: dir,
    }
}

/// An HTTP client bounded in time, never through a proxy, decompressing gzip.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client builds")
}

pub fn iri(local: &str) -> NamedNode {
    NamedNode::new(format!("{EX}{local}")).expect("valid IRI")
}

pub fn quad(s: &str, p: &str, o: impl Into<Term>, g: &str) -> Quad {
    let graph = if g.is_empty() {
        GraphName::DefaultGraph
    } else {
        NamedNode::new(g).expect("valid graph IRI").into()
    };
    Quad::new(iri(s), iri(p), o, graph)
}

/// Two structures in G1, a territory in G2, a description of the fixture in G3.
/// The default graph (the current state) is derived from them: the same 7 triples.
pub fn fixture() -> Vec<Quad> {
    vec![
        quad("msp-pont", "type", iri("MaisonDeSante"), G1),
        quad(
            "msp-pont",
            "label",
            Literal::new_language_tagged_literal_unchecked("MSP du Pont", "fr"),
            G1,
        ),
        quad("msp-pont", "insee", Literal::from("75056"), G1),
        quad("centre-gare", "type", iri("CentreDeSante"), G1),
        quad("cpts-nord", "type", iri("CPTS"), G2),
        quad("cpts-nord", "label", Literal::from("CPTS Nord"), G2),
        quad("dataset", "label", Literal::from("fixture"), G3),
    ]
}

/// `n` distinct triples in one named graph (for slow cross products).
pub fn many(n: usize) -> Vec<Quad> {
    (0..n)
        .map(|i| quad(&format!("s{i}"), "p", Literal::from(i as i64), G1))
        .collect()
}

/// 10^9 rows over `many(1000)`: minutes of work. Oxigraph checks its cancellation token at
/// each quad read, here once per 10^6 combined rows, so the cut comes well within a second
/// of the deadline (with 2000 triples a check would come only every few seconds).
pub const CROSS_PRODUCT: &str = "SELECT (COUNT(*) AS ?c) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

/// Sends [`CROSS_PRODUCT`] to the server's endpoint in a task of its own.
pub fn spawn_slow_query(
    server: &TestServer,
) -> tokio::task::JoinHandle<reqwest::Result<reqwest::Response>> {
    let url = server.sparql();
    tokio::spawn(async move {
        client()
            .get(url)
            .query(&[("query", CROSS_PRODUCT)])
            .send()
            .await
    })
}

/// `GET /healthz` of an in-process server, as JSON.
pub async fn health(server: &TestServer) -> serde_json::Value {
    health_at(&server.url("/healthz")).await
}

/// `GET` a `/healthz` URL (of any server), as JSON.
pub async fn health_at(url: &str) -> serde_json::Value {
    client()
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Whether `/healthz` shows a slow query moved to the slot for long
/// evaluations beside another one in the short slot.
pub fn one_long_beside_one_short(health: &serde_json::Value) -> bool {
    let q = &health["queries"];
    q["long"].as_u64() >= Some(1) && q["running"].as_u64() >= Some(2)
}

/// Waits until `/healthz` reports the query load `ready` accepts (at most 20 s).
pub async fn wait_for_load(server: &TestServer, ready: impl Fn(&serde_json::Value) -> bool) {
    let started = std::time::Instant::now();
    loop {
        let health = health(server).await;
        if ready(&health) {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the load never came: {health}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// With one query slot: a slow query holding it, then a second one that takes it
/// while the first moves to the slot for long evaluations, each waited for on
/// `/healthz` (not guessed with a sleep, which a loaded machine outlasts). The
/// first moves aside only when its watchdog, looking every 20 ms, sees queries
/// arriving (an arrival counts for 2 ms): quick queries keep arriving meanwhile,
/// and a second slow query refused before the first moved aside is sent again.
pub async fn fill_the_only_slot(
    server: &TestServer,
) -> (
    tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
    tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
) {
    let slow = spawn_slow_query(server);
    wait_for_load(server, |h| h["queries"]["running"].as_u64() >= Some(1)).await;
    let arriving = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let flood = {
        let (url, arriving) = (server.sparql(), arriving.clone());
        tokio::spawn(async move {
            while arriving.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = client()
                    .get(&url)
                    .query(&[("query", "ASK {}")])
                    .send()
                    .await;
            }
        })
    };
    let started = std::time::Instant::now();
    let mut slow2 = spawn_slow_query(server);
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        if slow2.is_finished() {
            // Refused before the first moved aside: sent again.
            slow2 = spawn_slow_query(server);
            continue;
        }
        let health = health(server).await;
        if one_long_beside_one_short(&health) {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the second query never took the slot: {health}"
        );
    }
    arriving.store(false, std::sync::atomic::Ordering::Relaxed);
    flood.await.unwrap();
    (slow, slow2)
}

/// The graph built from the bundled seeds, in a real on-disk store.
pub fn seed_store() -> (TempDir, GraphStore) {
    use maillage::{build, refdata::RefData, vocab};
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    let quads = build::build(
        &build::bundled_documents(),
        &RefData::bundled().unwrap(),
        &vocab::Rebase::new(vocab::DEFAULT_BASE),
        true,
    );
    store.load_quads(&quads).unwrap();
    (dir, store)
}

/// `maillage serve` as a child process on a free loopback port over `data`, killed when
/// dropped.
pub struct ChildServer {
    pub child: std::process::Child,
    pub port: u16,
}

impl ChildServer {
    /// Starts it with `MAILLAGE_LOG=log` and its stderr sent to `stderr`, and waits for its
    /// first answer on `/healthz`.
    pub async fn start(data: &std::path::Path, log: &str, stderr: std::process::Stdio) -> Self {
        Self::start_with(data, log, stderr, &[]).await
    }

    /// [`start`](Self::start) with more options for `serve`.
    pub async fn start_with(
        data: &std::path::Path,
        log: &str,
        stderr: std::process::Stdio,
        options: &[&str],
    ) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_maillage"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--data"])
            .arg(data)
            .args(options)
            .env("MAILLAGE_LOG", log)
            .stdout(std::process::Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("the binary starts");
        let server = Self { child, port };
        let started = std::time::Instant::now();
        while client().get(server.url("/healthz")).send().await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the server never answered"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a `maillage` command printed on stdout; fails the test with the command and its
/// stderr if it failed.
pub fn stdout_of(command: &mut std::process::Command) -> String {
    let output = command.output().expect("the binary runs");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// A new token for `name` with `role` (`maillage token add`) in the store at `data`.
pub fn add_token(data: &std::path::Path, name: &str, role: &str) -> String {
    stdout_of(
        std::process::Command::new(env!("CARGO_BIN_EXE_maillage"))
            .args(["token", "add", "--name", name, "--role", role, "--data"])
            .arg(data),
    )
    .trim()
    .to_owned()
}
