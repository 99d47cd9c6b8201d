//! The corpus build, end to end through the real binary and a real on-disk store.

mod common;

use maillage::build;
use maillage::refdata::RefData;
use maillage::store::GraphStore;
use maillage::vocab::{self, Rebase, DEFAULT_BASE};
use std::collections::BTreeSet;
use std::process::Command;

fn maillage() -> Command {
    Command::new(env!("CARGO_BIN_EXE_maillage"))
}

/// Runs `maillage convert --format nquads FILE` and returns its output.
fn convert_nquads(file: &std::path::Path) -> String {
    common::stdout_of(maillage().args(["convert", "--format", "nquads"]).arg(file))
}

/// Writes `turtle` to a file and runs `maillage load --data DATA FILE`.
fn load_turtle(
    dir: &std::path::Path,
    data: &std::path::Path,
    name: &str,
    turtle: &str,
) -> std::process::Output {
    let file = dir.join(name);
    std::fs::write(&file, turtle).unwrap();
    maillage()
        .args(["load", "--data"])
        .arg(data)
        .arg(&file)
        .output()
        .unwrap()
}

#[test]
fn build_twice_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.nq"), dir.path().join("b.nq"));
    for out in [&a, &b] {
        let status = maillage()
            .args(["build", "--out"])
            .arg(out)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(
        a.len() > 10_000,
        "the seed graph is not empty: {} bytes",
        a.len()
    );
    assert_eq!(a, b, "two builds of the same seeds differ");
    let text = String::from_utf8(a).unwrap();
    assert!(
        !text.contains("_:"),
        "no blank nodes: their labels are not stable"
    );
    let lines: Vec<&str> = text.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(lines, sorted, "output is sorted and without duplicates");
}

#[test]
fn every_seed_document_is_its_own_named_graph() {
    let documents = build::bundled_documents();
    let seeds_on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .unwrap()
        .count();
    assert_eq!(documents.len(), seeds_on_disk);
    let quads = build::build(
        &documents,
        &RefData::bundled().unwrap(),
        &Rebase::new(DEFAULT_BASE),
        true,
    );
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(dir.path()).unwrap();
    store.load_quads(&quads).unwrap();
    let graphs: BTreeSet<String> = store
        .graph_sizes()
        .unwrap()
        .into_iter()
        .map(|(g, _)| g)
        .collect();
    let mut expected: BTreeSet<String> = documents
        .iter()
        .map(|d| format!("<{}>", vocab::document_graph(&d.id).as_str()))
        .collect();
    expected.insert(format!("<{}>", vocab::ontology_graph().as_str()));
    assert_eq!(graphs, expected);
}

#[test]
fn a_configured_base_rewrites_every_minted_iri() {
    let base = "http://example.org/kg/";
    let text = common::stdout_of(maillage().args(["--base", base, "build"]));
    assert!(
        !text.contains(DEFAULT_BASE),
        "no IRI is left under the default base"
    );
    assert!(text.contains("<http://example.org/kg/graph/ontology>"));
}

#[test]
fn convert_prints_rdf_for_a_new_document() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("note-cpts.txt");
    std::fs::write(
        &doc,
        "Note sur les CPTS\n\nLes communautés professionnelles territoriales de santé ont été créées par la loi du 26 janvier 2016.\n",
    )
    .unwrap();
    let text = convert_nquads(&doc);
    assert!(
        text.contains("<https://w3id.org/maillage/graph/document/note_cpts>"),
        "{text}"
    );
    assert!(text.contains("<https://w3id.org/maillage/id/document/note_cpts>"));
    let created =
        "<https://w3id.org/maillage/id/loi/2016-41> <https://w3id.org/maillage/def#created> \
                   <https://w3id.org/maillage/id/dispositif/cpts>";
    assert!(
        text.contains(created),
        "the loi of 26 January 2016 created the CPTS:\n{text}"
    );
}

#[test]
fn load_then_query_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let loaded = load_turtle(
        dir.path(),
        &data,
        "extra.ttl",
        "<http://example.org/a> <http://example.org/p> \"x\" .\n",
    );
    assert!(loaded.status.success());
    let output = maillage()
        .args(["query", "--data"])
        .arg(&data)
        .args([
            "--format",
            "csv",
            "SELECT ?o WHERE { <http://example.org/a> ?p ?o }",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout)
            .unwrap()
            .replace("\r\n", "\n"),
        "o\nx\n"
    );
}

#[test]
fn a_bad_rdf_file_is_reported_with_its_position_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let output = load_turtle(
        dir.path(),
        &data,
        "bad.ttl",
        "<http://example.org/a> <http://example.org/p> \"x\" .\n<http://example.org/b> oops .\n",
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.ttl") && stderr.contains("line 2"),
        "{stderr}"
    );
    let store = GraphStore::open(&data).unwrap();
    assert!(store.is_empty().unwrap(), "a failed load writes nothing");
}

#[test]
fn convert_yields_relations_with_evidence_for_a_held_out_document() {
    let doc = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/gold/heldout/h01_msp_bibliographie.txt"
    );
    let text = convert_nquads(std::path::Path::new(doc));
    let relation = "<https://w3id.org/maillage/def#created>";
    let facts: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(relation) && !l.contains("rdf-syntax-ns#predicate"))
        .collect();
    assert!(
        !facts.is_empty(),
        "a created fact is read in the held-out document"
    );
    assert!(text.contains("<http://www.w3.org/ns/prov#wasQuotedFrom> <https://w3id.org/maillage/id/document/h01_msp_bibliographie>"));
    assert!(text.contains("<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <https://w3id.org/maillage/def#created>"));
    assert!(text.contains("<https://w3id.org/maillage/def#evidence>"));
}

/// Runs the binary, asserting success; returns standard output.
fn run_ok(args: &[&std::ffi::OsStr]) -> String {
    common::stdout_of(maillage().args(args))
}

#[test]
fn build_writes_the_syntax_its_extension_names() {
    use oxigraph::io::{RdfFormat, RdfParser};
    let dir = tempfile::tempdir().unwrap();
    let (nq, trig) = (dir.path().join("seeds.nq"), dir.path().join("seeds.trig"));
    for out in [&nq, &trig] {
        run_ok(&["build".as_ref(), "--out".as_ref(), out.as_os_str()]);
    }
    let parse = |path: &std::path::Path, format| -> BTreeSet<String> {
        RdfParser::from_format(format)
            .for_slice(&std::fs::read(path).unwrap())
            .map(|q| q.expect("parses in its own syntax").to_string())
            .collect()
    };
    let from_trig = parse(&trig, RdfFormat::TriG);
    assert!(from_trig.len() > 10_000);
    assert_eq!(from_trig, parse(&nq, RdfFormat::NQuads), "same dataset");
    // The .trig file is read back by the CLI itself.
    let count = run_ok(&[
        "query".as_ref(),
        "--input".as_ref(),
        trig.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }".as_ref(),
    ]);
    assert_eq!(
        count.lines().nth(1),
        Some(from_trig.len().to_string().as_str())
    );
}

#[test]
fn build_refuses_an_extension_it_cannot_honour() {
    let dir = tempfile::tempdir().unwrap();
    for (name, says) in [("seeds.ttl", ".nq"), ("seeds.xyz", "unknown extension")] {
        let out = dir.path().join(name);
        let output = maillage()
            .args(["build", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{name} accepted");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains(says), "{name}: {message}");
        assert!(!out.exists(), "{name} written anyway");
    }
}

/// Every curated query gives the same rows on a new text document queried
/// directly and on its conversion with the reference data; the relation query
/// finds the document's facts with their labels (it joins on the reference data).
#[test]
fn curated_queries_work_on_a_document_that_is_not_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let document = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/gold/heldout/h03_dossier_exercice_coordonne.txt"
    ));
    let converted = dir.path().join("h03.trig");
    let trig = run_ok(&[
        "convert".as_ref(),
        "--with-reference-data".as_ref(),
        document.as_os_str(),
    ]);
    std::fs::write(&converted, trig).unwrap();
    let queries = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/queries"));
    let mut files: Vec<_> = std::fs::read_dir(queries)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    for file in &files {
        let run = |input: &std::path::Path| {
            run_ok(&[
                "query".as_ref(),
                "--input".as_ref(),
                input.as_os_str(),
                "--file".as_ref(),
                file.as_os_str(),
            ])
        };
        let (direct, via_convert) = (run(document), run(&converted));
        assert_eq!(direct, via_convert, "{}", file.display());
        if file.ends_with("law-dispositif-relations.rq") {
            let rows: Vec<&str> = direct.lines().skip(1).collect();
            assert!(rows.len() >= 5, "{direct}");
            // ?lawLabel (2nd) and ?targetLabel (8th) come from the reference data.
            for row in rows {
                let cells: Vec<&str> = row.split('\t').collect();
                assert!(!cells[1].is_empty() && !cells[7].is_empty(), "{row}");
            }
        }
    }
}

/// Every fact read from a document carries its reading's confidence next to
/// its evidence: a cue naming text and target beats a possessive that only
/// the discourse resolves, and a query can sort facts by it.
#[test]
fn facts_carry_the_confidence_of_their_reading() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("fiche.txt");
    std::fs::write(
        &doc,
        "Les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016. \
         Leur financement est assuré par l'accord conventionnel interprofessionnel du 20 juin 2019.\n",
    )
    .unwrap();
    let query = "PREFIX mlg: <https://w3id.org/maillage/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?p ?kind ?confidence ?line WHERE {
  ?fact rdf:predicate ?p ; mlg:reading ?r .
  ?r mlg:readingKind ?kind ; mlg:confidence ?confidence ; mlg:evidence ?e .
  ?e mlg:line ?line .
} ORDER BY DESC(?confidence)";
    let csv = common::stdout_of(
        maillage()
            .args(["query", query, "--format", "csv", "--input"])
            .arg(&doc),
    );
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let mlg = "https://w3id.org/maillage/def#";
    assert_eq!(
        rows,
        [
            format!("{mlg}created,{mlg}directReading,0.9,1"),
            format!("{mlg}funds,{mlg}discourseReading,0.7,1"),
        ],
        "{csv}"
    );
}

/// A dispositif the reference data lacks is not dropped: it becomes a
/// candidate with the text that acted on it and the passage as evidence.
#[test]
fn an_unknown_dispositif_becomes_a_candidate_with_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("note.txt");
    std::fs::write(
        &doc,
        "La loi n° 2009-879 du 21 juillet 2009 a créé les conférences de territoire.\n",
    )
    .unwrap();
    let nq = convert_nquads(&doc);
    let id = "https://w3id.org/maillage/id/";
    let def = "https://w3id.org/maillage/def#";
    let candidate = format!("<{id}candidat/conferences-de-territoire>");
    assert!(nq.contains(&format!("{candidate} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{def}CandidateDispositif>")), "{nq}");
    assert!(
        nq.contains(&format!("<{id}loi/2009-879> <{def}proposed> {candidate}")),
        "{nq}"
    );
    assert!(
        nq.contains(&format!("<{def}proposedRelation> <{def}created>")),
        "{nq}"
    );
    assert!(nq.contains("\"conférences de territoire\"@fr"), "{nq}");
}

/// `maillage load good.ttl bad.ttl` is one transaction: the bad second file
/// leaves the store as it was, the first file included.
#[test]
fn a_load_of_several_files_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let good = dir.path().join("good.ttl");
    let bad = dir.path().join("bad.ttl");
    std::fs::write(
        &good,
        "<http://example.org/a> <http://example.org/p> \"x\" .\n",
    )
    .unwrap();
    std::fs::write(&bad, "<http://example.org/b> oops .\n").unwrap();
    let output = maillage()
        .args(["load", "--data"])
        .arg(&data)
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.ttl"));
    let store = GraphStore::open(&data).unwrap();
    assert!(
        store.is_empty().unwrap(),
        "good.ttl was not committed alone"
    );
    drop(store);
    // Both good: both land, in their own graphs, and the current state holds them.
    let also_good = dir.path().join("also.ttl");
    std::fs::write(
        &also_good,
        "<http://example.org/c> <http://example.org/p> \"y\" .\n",
    )
    .unwrap();
    common::stdout_of(
        maillage()
            .args(["load", "--data"])
            .arg(&data)
            .arg(&good)
            .arg(&also_good),
    );
    let store = GraphStore::open(&data).unwrap();
    assert_eq!(store.graph_sizes().unwrap().len(), 2);
    assert_eq!(
        store.len().unwrap(),
        4,
        "two graphs of one triple, two current triples"
    );
}
