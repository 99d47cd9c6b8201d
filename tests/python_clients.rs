//! Real Python clients against the real server on a loopback port: SPARQLWrapper
//! (the most used Python SPARQL client) with every return format and query form,
//! as its users call it. The interpreter is the test virtualenv made by
//! `scripts/test-env.sh` (`make test` runs it), or `$MAILLAGE_TEST_PYTHON`.

mod common;

use common::{config, fixture, start};
use std::path::PathBuf;
use std::process::Command;

/// The virtualenv's Python; a missing one is a set-up failure, not a skip.
fn python() -> PathBuf {
    let path = std::env::var_os("MAILLAGE_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/maillage/venv/bin/python")
        });
    assert!(
        path.exists(),
        "{} is missing: run `bash scripts/test-env.sh` (make test does)",
        path.display()
    );
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sparqlwrapper_every_return_format_and_query_form() {
    let server = start(&fixture(), config()).await;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/python/sparqlwrapper_formats.py"
    );
    let (python, endpoint) = (python(), server.sparql());
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .arg(endpoint)
            .env("NO_PROXY", "*")
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let cases: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let failed: Vec<_> = cases
        .iter()
        .filter(|c| c.get("ok") == Some(&serde_json::Value::Bool(false)))
        .collect();
    // 4 query forms × 6 return formats, with and without setOnlyConneg(True).
    assert_eq!(
        cases.len(),
        2 * 4 * 6 + 1,
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(failed.is_empty(), "failed cases: {failed:#?}");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The override is read by query form: format=xml on a CONSTRUCT is RDF/XML.
    let construct_xml = cases
        .iter()
        .find(|c| c["form"] == "construct" && c["format"] == "xml" && c["only_conneg"] == false)
        .expect("case present");
    assert_eq!(construct_xml["content_type"], "application/rdf+xml");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sparqlwrapper_updates_with_an_admin_token() {
    use maillage::curation::tokens::Tokens;
    use maillage::curation::Role;
    let tokens_dir = tempfile::tempdir().unwrap();
    let path = tokens_dir.path().join("tokens.json");
    let mut tokens = Tokens::load(&path).unwrap();
    let admin = tokens
        .add("root", Role::Admin, "2026-11-29T00:00:00Z")
        .unwrap()
        .0;
    let curator = tokens
        .add("alice", Role::Curator, "2026-11-29T00:00:00Z")
        .unwrap()
        .0;
    let config = maillage::server::ServerConfig {
        tokens: Some(path),
        ..config()
    };
    let server = start(&fixture(), config).await;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/python/sparqlwrapper_update.py"
    );
    let (python, endpoint) = (python(), server.sparql());
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .args([script, &endpoint, &admin, &curator])
            .env("NO_PROXY", "*")
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stdout.lines().count(), 4, "{stdout}\n{stderr}");
    assert!(output.status.success(), "{stdout}\n{stderr}");
    // Both updates landed, in their graph and in the current state.
    for value in ["urlencoded", "postdirectly"] {
        let quad = oxigraph::model::Quad::new(
            oxigraph::model::NamedNode::new_unchecked("http://example.org/s"),
            oxigraph::model::NamedNode::new_unchecked("http://example.org/p"),
            oxigraph::model::Literal::from(value),
            oxigraph::model::NamedNode::new_unchecked("http://example.org/sparqlwrapper"),
        );
        assert!(server.store.contains(&quad).unwrap(), "{value}");
    }
}
