//! The bulk load (`maillage load`, [`GraphStore::load_new_graphs`]) on a real store on
//! disk: streamed, the current state kept (retractions included), atomic — an error or a
//! `kill -9` in the middle leaves the store as it was.

mod common;

use maillage::store::{GraphStore, QuadStream, StoreError};
use oxigraph::model::{GraphName, NamedNode, Quad};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BASE: &str = "https://w3id.org/maillage/";

fn quad(s: &str, graph: &str) -> Quad {
    Quad::new(
        NamedNode::new(format!("http://example.org/{s}")).unwrap(),
        NamedNode::new("http://example.org/p").unwrap(),
        NamedNode::new("http://example.org/o").unwrap(),
        NamedNode::new(format!("{BASE}graph/{graph}")).unwrap(),
    )
}

fn stream(quads: Vec<Result<Quad, StoreError>>) -> QuadStream {
    Box::new(quads.into_iter())
}

fn current(store: &GraphStore) -> Vec<String> {
    let mut subjects: Vec<String> = store
        .quads(Some(GraphName::DefaultGraph))
        .unwrap()
        .map(|q| q.unwrap().subject.to_string())
        .collect();
    subjects.sort();
    subjects
}

#[test]
fn a_streamed_load_keeps_the_current_state_and_only_creates_graphs() {
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    // A curator retracted <a> before the file arrives.
    store
        .load_quads(&[quad("a", "retraction/r1"), quad("z", "document/d")])
        .unwrap();
    let loaded = store
        .load_new_graphs(stream(vec![
            Ok(quad("a", "file/f")),
            Ok(quad("b", "file/f")),
            Ok(quad("c", "system/bookkeeping")),
            Ok(quad("d", "file/g")),
        ]))
        .unwrap();
    assert_eq!((loaded.quads, loaded.graphs), (4, 3));
    assert_eq!(
        current(&store),
        [
            "<http://example.org/b>",
            "<http://example.org/d>",
            "<http://example.org/z>"
        ],
        "retracted <a> and system <c> stay out of the current state"
    );

    // An existing graph, a retraction graph, or a failing read: refused, nothing written.
    let before: Vec<Quad> = store.quads(None).unwrap().map(Result::unwrap).collect();
    for (quads, expected) in [
        (
            vec![Ok(quad("e", "file/new")), Ok(quad("f", "file/f"))],
            "graph/file/f",
        ),
        (vec![Ok(quad("b", "retraction/r2"))], "graph/retraction/r2"),
        (
            vec![
                Ok(quad("e", "file/new")),
                Err(StoreError::Input("line 2: broken".into())),
            ],
            "line 2: broken",
        ),
    ] {
        let error = store.load_new_graphs(stream(quads)).unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
        let after: Vec<Quad> = store.quads(None).unwrap().map(Result::unwrap).collect();
        assert_eq!(after, before, "nothing written after: {error}");
    }
}

/// Writes `n` N-Triples lines, each a distinct triple with a literal of some length.
fn write_ntriples(path: &std::path::Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        writeln!(
            out,
            "<{BASE}id/evidence/{i}> <{BASE}def#quote> \"La loi {i} a créé le dispositif {} sur le territoire {}.\"@fr .",
            i % 40,
            i % 3000
        )
        .unwrap();
    }
}

fn bulk_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("bulk-"))
        .count()
}

/// `kill -9` while `maillage load` streams a large file: the store reopens as it was
/// (empty here), the loader's unfinished files are removed at the next open, and the same
/// load then completes with every triple.
#[test]
fn kill_9_during_a_bulk_load_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.nt");
    let data = dir.path().join("store");
    let n = 600_000;
    write_ntriples(&file, n);
    let mut child = Command::new(env!("CARGO_BIN_EXE_maillage"))
        .args(["load", "--data"])
        .arg(&data)
        .arg(&file)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once the loader has written some of its sorted files, before its commit.
    let started = Instant::now();
    while data.exists() && bulk_files(&data) == 0 || !data.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no bulk file seen"
        );
        if child.try_wait().unwrap().is_some() {
            panic!("the load ended before it could be killed: raise n");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    eprintln!(
        "killed after {:.2} s with {} bulk files on disk",
        started.elapsed().as_secs_f64(),
        bulk_files(&data)
    );

    let store = GraphStore::open(&data).unwrap();
    assert!(store.is_empty().unwrap(), "a killed load wrote nothing");
    assert_eq!(bulk_files(&data), 0, "its files were removed at open");
    drop(store);

    common::stdout_of(
        Command::new(env!("CARGO_BIN_EXE_maillage"))
            .args(["load", "--data"])
            .arg(&data)
            .arg(&file),
    );
    // Nothing left to replay: the load wrote sorted files, not the write-ahead log, so
    // the next open is immediate (a 2 M-triple load once took 75 s to reopen).
    let log_bytes: u64 = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert!(
        log_bytes < 1 << 20,
        "write-ahead log of {log_bytes} bytes after the load"
    );
    let opened = Instant::now();
    let store = GraphStore::open(&data).unwrap();
    eprintln!(
        "reopened after a {n}-triple load in {:.3} s",
        opened.elapsed().as_secs_f64()
    );
    assert_eq!(
        store.len().unwrap(),
        2 * n,
        "each triple in its graph and current"
    );
}
