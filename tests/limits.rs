//! The server under load and hostile queries: evaluations past their time limit really
//! stop and give their slot back, requests past the concurrency bound wait in a bounded
//! queue, `/healthz` tells the load, and texts nested or sized past the documented bounds
//! get a 400 naming the bound (on `/sparql` and in `maillage query`), never a crash.

mod common;

use common::*;
use maillage::sparql_limits::{MAX_NESTING, MAX_TOKENS};
use std::time::Duration;

fn seed_quads() -> Vec<oxigraph::model::Quad> {
    use maillage::{build, refdata::RefData, vocab};
    build::build(
        &build::bundled_documents(),
        &RefData::bundled().unwrap(),
        &vocab::Rebase::new(vocab::DEFAULT_BASE),
        true,
    )
}

/// Evaluations running, once none are or after 10 s.
async fn running_after_waiting(server: &TestServer) -> serde_json::Value {
    let mut running = serde_json::Value::Null;
    for _ in 0..100 {
        running = health(server).await["queries"]["running"].clone();
        if running == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    running
}

async fn ask(server: &TestServer) -> reqwest::Response {
    client()
        .get(server.sparql())
        .query(&[("query", "ASK {}")])
        .send()
        .await
        .expect("answered")
}

/// Issue 13's sequence on the seed graph: eight cross products take every slot, four of
/// them soon move to the slots for long evaluations; an `ASK {}` sent meanwhile is answered
/// (at worst after a wait in the queue: 10 s, longer than the time limit, 3 s, plus the
/// cancellation bound); all eight are cut at their limit; `/healthz` reports the load, then
/// the return to idle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_cross_products_then_ask_is_answered() {
    let mut config = config();
    config.query_timeout = Duration::from_secs(3);
    config.max_concurrent_queries = 8;
    config.queue_timeout = Duration::from_secs(10);
    let server = start(&seed_quads(), config).await;
    let slow: Vec<_> = (0..8).map(|_| spawn_slow_query(&server)).collect();
    tokio::time::sleep(Duration::from_millis(500)).await;

    // All eight run; past 50 ms, four were moved to the four slots for long evaluations,
    // so four slots stay for other queries.
    let busy = health(&server).await;
    assert_eq!(busy["queries"]["running"], 8, "{busy}");
    assert_eq!(busy["queries"]["long"], 4, "{busy}");
    assert_eq!(busy["queries"]["limit"], 8, "{busy}");
    assert_eq!(busy["queries"]["long_limit"], 4, "{busy}");
    assert_eq!(busy["status"], "ok", "{busy}");

    let answered = ask(&server).await;
    assert_eq!(
        answered.status(),
        200,
        "ASK {{}} waited in the queue and was answered"
    );
    assert!(answered.text().await.unwrap().contains("true"));

    for slow in slow {
        let slow = slow.await.unwrap().expect("answered");
        assert_eq!(slow.status(), 503);
        assert!(!slow.headers().contains_key("retry-after"));
        assert!(slow
            .text()
            .await
            .unwrap()
            .contains("exceeded the 3 s limit"));
    }
    // Every slot comes back: nothing left running, overdue or queued.
    let mut idle = serde_json::Value::Null;
    for _ in 0..100 {
        idle = health(&server).await;
        if idle["queries"]["running"] == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(idle["status"], "ok", "{idle}");
    assert_eq!(idle["queries"]["running"], 0, "{idle}");
    assert_eq!(idle["queries"]["overdue"], 0, "{idle}");
    assert_eq!(idle["queries"]["long"], 0, "{idle}");
    assert_eq!(idle["queries"]["queued"], 0, "{idle}");
}

/// A burst of 32 clients on two slots is normal traffic: all are answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_past_the_bound_waits_instead_of_503() {
    let mut config = config();
    config.max_concurrent_queries = 2;
    let server = start(&many(200), config).await;
    let query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s ?q ?x }";
    let answers = futures_util::future::join_all((0..32).map(|_| {
        client()
            .get(server.sparql())
            .query(&[("query", query)])
            .send()
    }))
    .await;
    for answer in answers {
        assert_eq!(answer.expect("answered").status(), 200);
    }
}

/// With the queue full, the next request is refused at once with `Retry-After`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_refuses_with_retry_after() {
    let mut config = config();
    config.query_timeout = Duration::from_secs(3);
    config.max_concurrent_queries = 1;
    config.max_queued_queries = 1;
    let server = start(&many(1000), config).await;
    // The first moves to the slot for long evaluations (older than 50 ms, it moves
    // aside for the second, which waits in the queue), the second keeps the short slot.
    let slow = spawn_slow_query(&server);
    wait_for_load(&server, |h| h["queries"]["running"].as_u64() >= Some(1)).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let slow2 = spawn_slow_query(&server);
    wait_for_load(&server, one_long_beside_one_short).await;
    let waiting = {
        let url = server.sparql();
        tokio::spawn(async move { client().get(url).query(&[("query", "ASK {}")]).send().await })
    };
    let mut queued = serde_json::Value::Null;
    for _ in 0..50 {
        queued = health(&server).await;
        if queued["queries"]["queued"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(queued["queries"]["queued"], 1, "{queued}");
    let refused = ask(&server).await;
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["retry-after"], "1");
    assert!(refused.text().await.unwrap().contains("too many queries"));
    assert_eq!(slow.await.unwrap().unwrap().status(), 503);
    assert_eq!(slow2.await.unwrap().unwrap().status(), 503);
    assert_eq!(waiting.await.unwrap().unwrap().status(), 200);
}

/// Cross products (of three and four patterns), ORDER BY over one, `(p|^p)*` between two
/// variables and a regex over every literal joined with every triple, each cut
/// at the limit; their slots come back (a second round is admitted and cut alike).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pathological_queries_stop_at_the_limit() {
    let mut config = config();
    config.query_timeout = Duration::from_secs(2);
    config.max_concurrent_queries = 5;
    config.max_queued_queries = 0;
    let server = start(&seed_quads(), config).await;
    let queries = [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s (a|^a)* ?o . ?o ?p ?x }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?l FILTER(REGEX(CONCAT(STR(?o), STR(?l)), \"(a|b|c)*z$\")) }",
    ];
    for round in 0..2 {
        let answers = futures_util::future::join_all(
            queries
                .iter()
                .map(|q| client().get(server.sparql()).query(&[("query", *q)]).send()),
        )
        .await;
        for (answer, query) in answers.into_iter().zip(queries) {
            let answer = answer.expect("answered");
            let status = answer.status();
            let body = answer.text().await.unwrap();
            // A query that happens to finish within the limit is fine too; never a 5xx else.
            assert!(
                status == 200 || (status == 503 && body.contains("exceeded the 2 s limit")),
                "round {round}: {status} {body} for {query}"
            );
        }
        // All five slots come back before the next round (no queue: 503 otherwise).
        assert_eq!(running_after_waiting(&server).await, 0);
    }
}

/// At the text bounds a query is parsed, and planned and evaluated unless a planning bound
/// refuses it (the threads have the stack for it); past them it is refused, the bound named.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nesting_and_size_bounds_answer_400_naming_them() {
    let mut config = config();
    config.max_body_bytes = 1 << 20;
    config.query_timeout = Duration::from_secs(3);
    let server = start(&fixture(), config).await;
    let post = |text: String| {
        client()
            .post(server.sparql())
            .header("content-type", "application/sparql-query")
            .body(text)
            .send()
    };
    let at_depth = |d: usize| format!("ASK {}{}", "{".repeat(d), "}".repeat(d));
    let answer = post(at_depth(MAX_NESTING)).await.unwrap();
    assert_eq!(answer.status(), 200);
    let answer = post(at_depth(MAX_NESTING + 1)).await.unwrap();
    assert_eq!(answer.status(), 400);
    let body = answer.text().await.unwrap();
    assert!(
        body.contains(&format!("more than {MAX_NESTING} levels")),
        "{body}"
    );

    let p = "<http://example.org/maillage-test/type>";
    // Chains as long as the token bound allows: parsed, optimized and evaluated.
    for text in [
        format!(
            "SELECT * {{ ?s {} ?o }}",
            vec![p; MAX_TOKENS / 2 - 10].join("/")
        ),
        format!(
            "SELECT * {{ ?s {} ?o }}",
            vec![p; MAX_TOKENS / 2 - 10].join("|")
        ),
        format!(
            "ASK {{ FILTER({} = 0) }}",
            vec!["1"; MAX_TOKENS / 2 - 10].join("+")
        ),
        format!(
            "SELECT * {{ {} }}",
            vec!["{ ?s ?p ?o }"; MAX_TOKENS / 8].join(" UNION ")
        ),
        format!(
            "DESCRIBE {}",
            vec!["<http://example.org/maillage-test/msp-pont>"; MAX_TOKENS - 10].join(" ")
        ),
        format!(
            "SELECT * {{ {} }}",
            (0..MAX_TOKENS / 5)
                .map(|i| format!("?s{i} {p} ?s{} .", i + 1))
                .collect::<String>()
        ),
    ] {
        let answer = post(text.clone()).await.unwrap();
        let status = answer.status();
        let body = answer.text().await.unwrap();
        // Answered, cut at the time limit, or refused by a planning bound: never a crash.
        assert!(
            status == 200
                || (status == 503 && body.contains("exceeded the 3 s limit"))
                || (status == 400 && body.contains("this endpoint accepts at most")),
            "{status} {body} for {text:.60}"
        );
    }
    let answer = post(format!("DESCRIBE {}", vec![p; MAX_TOKENS + 1].join(" ")))
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert!(answer.text().await.unwrap().contains("tokens"));
}

/// `maillage query` checks the same bounds before parsing.
#[test]
fn the_cli_refuses_deep_queries() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.nt");
    std::fs::write(&data, "<http://ex/s> <http://ex/p> <http://ex/o> .\n").unwrap();
    let deep = format!("ASK {}{}", "{".repeat(10_000), "}".repeat(10_000));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_maillage"))
        .args(["query", "--input"])
        .arg(&data)
        .arg("--")
        .arg(&deep)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("levels deep"), "{stderr}");
}

/// The views' queries take the same slots as `/sparql`'s: with the only slot held by a
/// long query and no queue, a page that needs a query is refused (503, `Retry-After`)
/// instead of evaluating beside it; once the slot is free the page is answered, and then
/// answered again from what was kept, even while the slot is taken again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn views_wait_for_a_query_slot_like_sparql() {
    let mut config = config();
    config.query_timeout = Duration::from_secs(2);
    config.max_concurrent_queries = 1;
    config.max_queued_queries = 0;
    let server = start(&seed_quads(), config).await;
    let page = || async {
        client()
            .get(server.url("/references?format=json"))
            .send()
            .await
            .expect("answered")
    };
    let slow = spawn_slow_query(&server);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let refused = page().await;
    assert_eq!(refused.status(), 503);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(
        slow.await.unwrap().unwrap().status(),
        503,
        "cut at its limit"
    );
    assert_eq!(running_after_waiting(&server).await, 0);
    let answered = page().await;
    assert_eq!(answered.status(), 200);
    let first: serde_json::Value = answered.json().await.unwrap();
    assert!(
        first["pagination"]["total"].as_u64().unwrap() > 100,
        "{first}"
    );
    let slow = spawn_slow_query(&server);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let kept = page().await;
    assert_eq!(
        kept.status(),
        200,
        "the store has not changed: no query needed"
    );
    assert_eq!(kept.json::<serde_json::Value>().await.unwrap(), first);
    assert_eq!(slow.await.unwrap().unwrap().status(), 503);
}

/// A query gathering rows faster than its time limit would stop it (an `ORDER BY` over a
/// cross product of the seed graph: gigabytes within the 120 s limit) is stopped at its
/// memory limit with a 503 naming it, and the server goes on; a result streamed to the
/// client is not held by the evaluation, so one larger than the limit is answered whole.
/// In a child process: the binary installs the counting allocator.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_past_its_memory_limit_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let server = ChildServer::start_with(
        &dir.path().join("store"),
        "warn",
        std::process::Stdio::inherit(),
        &["--query-memory-limit", "8", "--query-timeout", "120"],
    )
    .await;
    let get = |query: &'static str, accept: &'static str| {
        client()
            .get(server.url("/sparql"))
            .header("accept", accept)
            .query(&[("query", query)])
            .send()
    };
    let stopped = get(
        "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
        "text/csv",
    )
    .await
    .unwrap();
    assert_eq!(stopped.status(), 503);
    let message = stopped.text().await.unwrap();
    assert!(
        message.contains("more than 8 MiB of memory") && message.contains("--query-memory-limit"),
        "{message}"
    );
    let all = "SELECT * { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }";
    let streamed = get(all, "application/sparql-results+json").await.unwrap();
    assert_eq!(streamed.status(), 200);
    let body = streamed.text().await.unwrap();
    assert!(
        body.len() > 8 << 20,
        "larger than the limit: {} bytes",
        body.len()
    );
    let results: serde_json::Value = serde_json::from_str(&body).expect("a complete result");
    let count = get(
        "SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
        "text/csv",
    )
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    let n: usize = count.lines().nth(1).unwrap().trim().parse().unwrap();
    assert_eq!(results["results"]["bindings"].as_array().unwrap().len(), n);
    let health = health_at(&server.url("/healthz")).await;
    assert_eq!(health["queries"]["running"], 0, "{health}");
}
