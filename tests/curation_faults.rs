//! Curation against the real binary as a child process: an import killed with
//! SIGKILL mid-way is absent or complete after a restart, never partial (one large
//! import, and a hundred small ones in flight); tokens never reach the server's log.

mod common;

use common::{add_token, client, ChildServer};
use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

const ID: &str = "https://w3id.org/maillage/id/";

impl ChildServer {
    fn kill(mut self) -> String {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
        let mut log = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        log
    }
}

async fn count(server: &ChildServer, query: &str) -> usize {
    let json: serde_json::Value = client()
        .get(server.url("/sparql"))
        .query(&[("query", query)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    json["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_mid_way_is_absent_or_complete() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let token = add_token(&data, "alice", "curator");
    const N: usize = 200_000;
    let mut outcomes = Vec::new();
    // Killed while parsing, validating or writing; then killed right after its 201
    // (`None`): an acknowledged import is durable.
    for (round, delay_ms) in [Some(150u64), Some(600), Some(1500), None]
        .into_iter()
        .enumerate()
    {
        let body: String = (0..N)
            .map(|i| format!("<{ID}cpts/r{round}-{i}> <http://www.w3.org/2000/01/rdf-schema#label> \"CPTS {i}\" .\n"))
            .collect();
        let server = ChildServer::start(&data, "debug", Stdio::piped()).await;
        let patient = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(600))
            .build()
            .unwrap();
        let request = patient
            .post(server.url("/imports?message=gros%20lot"))
            .header("Authorization", format!("Bearer {token}"))
            .header("Content-Type", "application/n-triples")
            .body(body)
            .send();
        let pending = tokio::spawn(request);
        match delay_ms {
            Some(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
            None => {
                let response = pending.await.unwrap().unwrap();
                assert_eq!(response.status(), reqwest::StatusCode::CREATED);
            }
        }
        server.kill();
        // Restart: the import is all there (graph, current state, record) or not at all.
        let server = ChildServer::start(&data, "debug", Stdio::piped()).await;
        let in_graphs = count(
            &server,
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{ID}cpts/r{round}-\")) }} }}"),
        )
        .await;
        let current = count(
            &server,
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{ID}cpts/r{round}-\")) }}"),
        )
        .await;
        let records = count(
            &server,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/maillage/graph/provenance> { ?a a <https://w3id.org/maillage/def#Import> } }",
        )
        .await;
        server.kill();
        assert!(
            in_graphs == 0 || in_graphs == N,
            "round {round}: {in_graphs} of {N} triples: partial"
        );
        assert_eq!(
            current, in_graphs,
            "round {round}: current state and graphs disagree"
        );
        outcomes.push((delay_ms, in_graphs == N, records));
    }
    // The acknowledged import landed; records follow the imports that landed, one each.
    assert!(outcomes.last().unwrap().1, "{outcomes:?}");
    let landed = outcomes.iter().filter(|(_, complete, _)| *complete).count();
    assert_eq!(outcomes.last().unwrap().2, landed, "{outcomes:?}");
    eprintln!("kill -9 outcomes (delay ms, complete, records): {outcomes:?}");
}

/// A hundred imports of 50 triples each, sent 8 at a time, and the server killed with
/// SIGKILL while they land: after a restart each import is complete or absent (its
/// graph, the current state and its record agree), and every import answered 201 before
/// the kill is there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_imports_killed_mid_way_leave_none_partial() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let token = add_token(&data, "carol", "curator");
    const IMPORTS: usize = 100;
    const TRIPLES: usize = 50;
    let server = ChildServer::start(&data, "warn", Stdio::piped()).await;
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = Vec::new();
    for i in 0..IMPORTS {
        let body: String = (0..TRIPLES)
            .map(|j| format!("<{ID}cpts/k{i}-{j}> <http://www.w3.org/2000/01/rdf-schema#label> \"CPTS {i} {j}\" .\n"))
            .collect();
        let (url, token, acknowledged, gate) = (
            server.url(&format!("/imports?message=lot%20{i}")),
            token.clone(),
            acknowledged.clone(),
            gate.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let _turn = gate.acquire_owned().await.unwrap();
            let answer = client()
                .post(url)
                .header("Authorization", format!("Bearer {token}"))
                .header("Content-Type", "application/n-triples")
                .body(body)
                .send()
                .await;
            if answer.is_ok_and(|a| a.status() == reqwest::StatusCode::CREATED) {
                acknowledged.lock().unwrap().push(i);
            }
        }));
    }
    // Killed once some have landed and others are in flight.
    let started = std::time::Instant::now();
    while acknowledged.lock().unwrap().len() < IMPORTS / 4 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no import landed"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    let before_kill: Vec<usize> = acknowledged.lock().unwrap().clone();
    for task in tasks {
        let _ = task.await;
    }
    let server = ChildServer::start(&data, "warn", Stdio::piped()).await;
    let per_import = |graphs: bool| {
        let pattern = if graphs {
            "GRAPH ?g { ?s ?p ?o }"
        } else {
            "?s ?p ?o"
        };
        format!(
            "SELECT ?i (COUNT(*) AS ?n) WHERE {{ {pattern} \
             FILTER(STRSTARTS(STR(?s), \"{ID}cpts/k\")) \
             BIND(STRBEFORE(STRAFTER(STR(?s), \"{ID}cpts/k\"), \"-\") AS ?i) }} GROUP BY ?i"
        )
    };
    let counts = |json: serde_json::Value| -> std::collections::BTreeMap<usize, usize> {
        json["results"]["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["i"]["value"].as_str().unwrap().parse().unwrap(),
                    b["n"]["value"].as_str().unwrap().parse().unwrap(),
                )
            })
            .collect()
    };
    let mut answers = Vec::new();
    for graphs in [true, false] {
        answers.push(counts(
            client()
                .get(server.url("/sparql"))
                .query(&[("query", per_import(graphs))])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap(),
        ));
    }
    let (in_graphs, current) = (&answers[0], &answers[1]);
    let records = count(
        &server,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/maillage/graph/provenance> { ?a a <https://w3id.org/maillage/def#Import> } }",
    )
    .await;
    server.kill();
    let partial: Vec<_> = in_graphs.iter().filter(|(_, n)| **n != TRIPLES).collect();
    assert!(partial.is_empty(), "partial imports: {partial:?}");
    assert_eq!(in_graphs, current, "graphs and current state disagree");
    assert_eq!(records, in_graphs.len(), "one record per import landed");
    let lost: Vec<_> = before_kill
        .iter()
        .filter(|i| !in_graphs.contains_key(i))
        .collect();
    assert!(lost.is_empty(), "acknowledged, then lost: {lost:?}");
    eprintln!(
        "kill -9 during {IMPORTS} imports: {} acknowledged before the kill, {} complete after the restart, 0 partial",
        before_kill.len(),
        in_graphs.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_never_reach_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let token = add_token(&data, "bob", "curator");
    let server = ChildServer::start(&data, "debug", Stdio::piped()).await;
    let forged = "mlg_deadbeef_0123456789abcdef";
    for presented in [token.as_str(), forged] {
        let response = client()
            .post(server.url("/imports?message=x"))
            .header("Authorization", format!("Bearer {presented}"))
            .header("Content-Type", "text/turtle")
            .body(format!(
                "<{ID}cpts/log> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" ."
            ))
            .send()
            .await
            .unwrap();
        let body = response.text().await.unwrap();
        assert!(
            !body.contains(presented),
            "an answer repeats the token: {body}"
        );
    }
    let history = client()
        .get(server.url("/imports"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(history.contains("bob") && !history.contains(&token));
    // Informational lines reach stderr within `logging::FLUSH_INTERVAL`.
    tokio::time::sleep(maillage::logging::FLUSH_INTERVAL * 3).await;
    let log = server.kill();
    assert!(log.contains("/imports"), "the requests were logged: {log}");
    let secret = token.rsplit('_').next().unwrap();
    assert!(
        !log.contains(secret) && !log.contains(forged),
        "a token reached the log"
    );
}
