//! `maillage gen`, through the real binary: exact counts, the same bytes for the
//! same seed, valid and distinct N-Triples/N-Quads, a real on-disk store on
//! which every curated query answers, the ontology's constraints, and memory
//! that does not grow with the count.

mod common;

use maillage::queries;
use maillage::store::GraphStore;
use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};

fn maillage() -> Command {
    Command::new(env!("CARGO_BIN_EXE_maillage"))
}

/// Runs `maillage gen` with `args` and returns its standard output.
fn gen(args: &[&str]) -> Vec<u8> {
    let output = maillage().arg("gen").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

#[test]
fn same_count_and_seed_same_bytes_another_seed_other_bytes() {
    let a = gen(&["--triples", "60000", "--seed", "11"]);
    let b = gen(&["--triples", "60000", "--seed", "11"]);
    let c = gen(&["--triples", "60000", "--seed", "12"]);
    assert!(a == b, "two runs with the same seed differ");
    assert!(a != c, "another seed gives the same graph");
    // A smaller count is a prefix of a larger one.
    let d = gen(&["--triples", "20000", "--seed", "11"]);
    assert!(a.starts_with(&d));
}

#[test]
fn exactly_the_requested_count() {
    for n in [0u64, 1, 2767, 2768, 10_001, 123_457] {
        let out = gen(&["--triples", &n.to_string(), "--seed", "5"]);
        assert_eq!(lines(&out) as u64, n, "--triples {n}");
        let out = gen(&["--triples", &n.to_string(), "--seed", "5", "--quads"]);
        assert_eq!(lines(&out) as u64, n, "--triples {n} --quads");
    }
}

#[test]
fn output_parses_and_every_line_is_distinct() {
    let n = 150_000;
    let nt = gen(&["--triples", &n.to_string(), "--seed", "3"]);
    let triples: HashSet<_> = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(&nt)
        .map(|q| q.expect("valid N-Triples"))
        .collect();
    assert_eq!(triples.len(), n, "N-Triples lines are distinct triples");

    let nq = gen(&["--triples", &n.to_string(), "--seed", "3", "--quads"]);
    let quads: Vec<_> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&nq)
        .map(|q| q.expect("valid N-Quads"))
        .collect();
    let graphs: HashSet<_> = quads.iter().map(|q| q.graph_name.to_string()).collect();
    assert_eq!(quads.iter().collect::<HashSet<_>>().len(), n);
    assert!(graphs.iter().any(|g| g.ends_with("/graph/ontology>")));
    assert!(
        graphs
            .iter()
            .filter(|g| g.contains("/graph/document/"))
            .count()
            >= 10,
        "one graph per document: {graphs:?}"
    );
    // The documents' graphs repeat what they use, so they hold every triple
    // the N-Triples output has, and more.
    let union: HashSet<_> = quads
        .iter()
        .map(|q| oxigraph::model::Triple::from(q.clone()))
        .collect();
    assert!(union.len() < n);
}

#[test]
fn another_base_rebases_every_minted_iri() {
    let out = gen(&["--triples", "30000", "--base", "http://example.org/m/"]);
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("https://w3id.org/maillage/"));
    assert!(text.contains("<http://example.org/m/id/document/"));
    assert!(text.contains("<http://example.org/m/def#evidence>"));
}

/// Loads `n` generated lines (`.nt`, or `.nq` with `--quads`) with `maillage
/// load` into an on-disk store.
fn load(dir: &Path, n: usize, seed: &str, quads: bool) -> GraphStore {
    let file = dir.join(if quads {
        "generated.nq"
    } else {
        "generated.nt"
    });
    let status = maillage()
        .args(["gen", "--triples", &n.to_string(), "--seed", seed])
        .args(quads.then_some("--quads"))
        .arg("--out")
        .arg(&file)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let data = dir.join("data");
    common::stdout_of(maillage().args(["load", "--data"]).arg(&data).arg(&file));
    GraphStore::open(&data).unwrap()
}

fn current_state_size(store: &GraphStore) -> usize {
    let count = queries::select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").unwrap();
    match &count.rows[0][0] {
        Some(oxigraph::model::Term::Literal(l)) => l.value().parse().unwrap(),
        other => panic!("{other:?}"),
    }
}

fn every_query_answers(store: &GraphStore, mode: &str) {
    for query in queries::all() {
        let table = queries::run(store, query.name).unwrap();
        assert!(
            !table.rows.is_empty(),
            "{mode}: {} returns no row",
            query.name
        );
        eprintln!("{mode} {}: {} rows", query.name, table.rows.len());
    }
}

#[test]
fn every_curated_query_answers_on_a_generated_store() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let store = load(dir.path(), n, "1", false);
    assert_eq!(
        current_state_size(&store),
        n,
        "every line is a distinct triple"
    );
    every_query_answers(&store, "N-Triples");
    // The reference data's major texts keep their real facts.
    let created = queries::run(&store, "laws-created-dispositifs")
        .unwrap()
        .to_tsv();
    assert!(
        created.contains("/id/loi/2016-41>\t") && created.contains("/id/dispositif/cpts>"),
        "{created}"
    );
}

#[test]
fn every_curated_query_answers_on_generated_quads() {
    let dir = tempfile::tempdir().unwrap();
    let store = load(dir.path(), 100_000, "4", true);
    assert!(store.named_graphs().unwrap().len() > 10);
    assert!(
        current_state_size(&store) < 100_000,
        "documents repeat what they use"
    );
    every_query_answers(&store, "N-Quads");
}

#[test]
fn generated_triples_meet_the_ontology_constraints() {
    use maillage::curation::shapes::Shapes;
    use maillage::curation::validate::{validate, Ontology};
    let dir = tempfile::tempdir().unwrap();
    let store = load(dir.path(), 40_000, "2", false);
    let ontology = Ontology::read(&store, maillage::vocab::MLG).unwrap();
    let nt = std::fs::read_to_string(dir.path().join("generated.nt")).unwrap();
    // The documents, but the last one: the count may cut its last entity short.
    let lines: Vec<&str> = nt.lines().collect();
    let last = lines
        .iter()
        .rposition(|l| l.ends_with("<https://w3id.org/maillage/def#SourceDocument> ."))
        .unwrap();
    let complete = lines[3_000..last].join("\n");
    let triples: Vec<_> = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(complete.as_bytes())
        .map(|q| oxigraph::model::Triple::from(q.unwrap()))
        .collect();
    assert!(triples.len() > 20_000);
    let shapes = Shapes::for_base(maillage::vocab::DEFAULT_BASE).unwrap();
    let violations = validate(&store, &triples, &[], &ontology, &shapes).unwrap();
    assert!(
        violations.is_empty(),
        "{} violations, e.g. {:?}",
        violations.len(),
        violations.first()
    );
}

/// Peak resident memory of one child, from `wait4` (which also reaps it).
#[allow(clippy::zombie_processes)]
fn peak_rss_kib(args: &[&str]) -> i64 {
    let child = maillage()
        .arg("gen")
        .args(args)
        .args(["--out", "/dev/null"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to be overwritten; the pid is our child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
    usage.ru_maxrss
}

#[test]
fn memory_does_not_grow_with_the_count() {
    let small = peak_rss_kib(&["--triples", "100000"]);
    let large = peak_rss_kib(&["--triples", "2000000"]);
    eprintln!("peak RSS: {small} KiB at 10^5, {large} KiB at 2·10^6");
    assert!(large - small < 20 * 1024, "{small} KiB → {large} KiB");
}
