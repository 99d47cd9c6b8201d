//! The SPARQL 1.1 Protocol endpoint, end to end: real on-disk store, real server on a
//! loopback port, real HTTP client.

mod common;

use common::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::StatusCode;
use std::time::Duration;

const TYPED: &str = "SELECT ?s WHERE { ?s <http://example.org/maillage-test/type> ?t }";

/// Parses a results document; `None` for a boolean, the sorted `?var` values otherwise.
fn parse_results(body: &[u8], format: QueryResultsFormat, var: &str) -> Result<Vec<String>, bool> {
    match QueryResultsParser::from_format(format)
        .for_reader(body)
        .expect("results parse")
    {
        ReaderQueryResultsParserOutput::Boolean(b) => Err(b),
        ReaderQueryResultsParserOutput::Solutions(rows) => {
            let mut values: Vec<String> = rows
                .map(|row| {
                    row.expect("row parses")
                        .get(var)
                        .map(|t| t.to_string())
                        .unwrap_or_default()
                })
                .collect();
            values.sort();
            Ok(values)
        }
    }
}

fn subjects(local: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = local.iter().map(|l| format!("<{EX}{l}>")).collect();
    v.sort();
    v
}

async fn get(
    server: &TestServer,
    params: &[(&str, &str)],
    accept: Option<&str>,
) -> reqwest::Response {
    let mut request = client().get(server.sparql()).query(params);
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    request.send().await.expect("request answered")
}

async fn select_json(server: &TestServer, params: &[(&str, &str)]) -> Vec<String> {
    let response = get(server, params, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.expect("body");
    parse_results(&body, QueryResultsFormat::Json, "s").expect("solutions")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_protocol_paths_answer_the_same() {
    let server = start(&fixture(), config()).await;
    let all = subjects(&["msp-pont", "centre-gare", "cpts-nord"]);
    assert_eq!(select_json(&server, &[("query", TYPED)]).await, all);

    let direct = client()
        .post(server.sparql())
        .header(CONTENT_TYPE, "application/sparql-query")
        .body(TYPED)
        .send()
        .await
        .unwrap();
    assert_eq!(direct.status(), StatusCode::OK);
    assert_eq!(
        direct.headers()[CONTENT_TYPE],
        "application/sparql-results+json"
    );
    assert_eq!(
        parse_results(
            &direct.bytes().await.unwrap(),
            QueryResultsFormat::Json,
            "s"
        ),
        Ok(all.clone())
    );

    let form = client()
        .post(server.sparql())
        .form(&[("query", TYPED)])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    assert_eq!(
        parse_results(&form.bytes().await.unwrap(), QueryResultsFormat::Json, "s"),
        Ok(all)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dataset_parameters_and_current_state_default_graph() {
    let server = start(&fixture(), config()).await;
    // The default graph is the current state: named-graph triples are visible without GRAPH.
    let labels = "SELECT ?s WHERE { ?s <http://example.org/maillage-test/label> ?l }";
    assert_eq!(
        select_json(&server, &[("query", labels)]).await,
        subjects(&["msp-pont", "cpts-nord", "dataset"])
    );
    // default-graph-uri restricts the default graph (repeatable).
    assert_eq!(
        select_json(&server, &[("query", TYPED), ("default-graph-uri", G1)]).await,
        subjects(&["msp-pont", "centre-gare"])
    );
    assert_eq!(
        select_json(
            &server,
            &[
                ("query", TYPED),
                ("default-graph-uri", G1),
                ("default-graph-uri", G2)
            ]
        )
        .await,
        subjects(&["msp-pont", "centre-gare", "cpts-nord"])
    );
    // named-graph-uri restricts GRAPH ?g; via form POST too.
    let graphs = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }";
    assert_eq!(
        select_json(&server, &[("query", graphs), ("named-graph-uri", G2)])
            .await
            .len(),
        2
    );
    assert_eq!(select_json(&server, &[("query", graphs)]).await.len(), 7);
    let form = client()
        .post(server.sparql())
        .form(&[("query", graphs), ("named-graph-uri", G1)])
        .send()
        .await
        .unwrap();
    let rows = parse_results(&form.bytes().await.unwrap(), QueryResultsFormat::Json, "s").unwrap();
    assert_eq!(rows.len(), 4);
    // The query's own FROM applies when no parameter is given.
    let from = format!("SELECT ?s FROM <{G2}> WHERE {{ ?s ?p ?o }}");
    assert_eq!(
        select_json(&server, &[("query", &from)]).await,
        subjects(&["cpts-nord", "cpts-nord"])
    );
    // An invalid graph IRI is the user's error.
    let bad = get(
        &server,
        &[("query", TYPED), ("default-graph-uri", "not an iri")],
        None,
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_solution_format_negotiated_and_overridden() {
    let server = start(&fixture(), config()).await;
    let expected = subjects(&["msp-pont", "centre-gare", "cpts-nord"]);
    for (accept, format, content_type) in [
        (
            "application/sparql-results+json",
            QueryResultsFormat::Json,
            "application/sparql-results+json",
        ),
        (
            "application/sparql-results+xml",
            QueryResultsFormat::Xml,
            "application/sparql-results+xml",
        ),
        (
            "text/csv",
            QueryResultsFormat::Csv,
            "text/csv; charset=utf-8",
        ),
        (
            "text/tab-separated-values",
            QueryResultsFormat::Tsv,
            "text/tab-separated-values; charset=utf-8",
        ),
        (
            "text/html;q=0.9, text/tab-separated-values;q=0.5, text/csv;q=0.4",
            QueryResultsFormat::Tsv,
            "text/tab-separated-values; charset=utf-8",
        ),
        (
            "*/*",
            QueryResultsFormat::Json,
            "application/sparql-results+json",
        ),
    ] {
        let response = get(&server, &[("query", TYPED)], Some(accept)).await;
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        assert_eq!(response.headers()[CONTENT_TYPE], content_type, "{accept}");
        let body = response.bytes().await.unwrap();
        if format == QueryResultsFormat::Csv {
            // CSV results carry plain IRIs (no angle brackets).
            let text = String::from_utf8(body.to_vec()).unwrap();
            assert!(text.starts_with("s\r\n"), "{text}");
            assert_eq!(text.lines().count(), 4);
            assert!(text.contains(&format!("{EX}cpts-nord")));
        } else {
            assert_eq!(
                parse_results(&body, format, "s"),
                Ok(expected.clone()),
                "{accept}"
            );
        }
    }
    // ASK in every solution format.
    for format in [
        QueryResultsFormat::Json,
        QueryResultsFormat::Xml,
        QueryResultsFormat::Tsv,
    ] {
        let response = get(
            &server,
            &[("query", "ASK { ?s ?p ?o }")],
            Some(format.media_type()),
        )
        .await;
        assert_eq!(
            parse_results(&response.bytes().await.unwrap(), format, "s"),
            Err(true)
        );
    }
    let csv = get(
        &server,
        &[("query", "ASK { ?s ?p 42 }"), ("format", "csv")],
        None,
    )
    .await;
    assert_eq!(csv.text().await.unwrap().trim(), "false");
    // ?format= overrides Accept, for browsers.
    let response = get(
        &server,
        &[("query", TYPED), ("format", "xml")],
        Some("text/html"),
    )
    .await;
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/sparql-results+xml"
    );
    assert_eq!(
        parse_results(
            &response.bytes().await.unwrap(),
            QueryResultsFormat::Xml,
            "s"
        ),
        Ok(expected)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_graph_format_negotiated_and_overridden() {
    let server = start(&fixture(), config()).await;
    let construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }";
    let json_ld = RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    };
    let cases = [
        (None, "turtle", RdfFormat::Turtle),
        (
            Some("application/n-triples"),
            "ntriples",
            RdfFormat::NTriples,
        ),
        (Some("application/rdf+xml"), "rdfxml", RdfFormat::RdfXml),
        (Some("application/ld+json"), "jsonld", json_ld),
        (Some("application/n-quads"), "nquads", RdfFormat::NQuads),
        (Some("application/trig"), "trig", RdfFormat::TriG),
    ];
    for (accept, name, format) in cases {
        for response in [
            get(&server, &[("query", construct)], accept).await,
            get(
                &server,
                &[("query", construct), ("format", name)],
                Some("text/html"),
            )
            .await,
        ] {
            assert_eq!(response.status(), StatusCode::OK, "{name}");
            let content_type = response.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(
                content_type.starts_with(format.media_type()),
                "{name}: {content_type}"
            );
            let body = response.bytes().await.unwrap();
            let quads = RdfParser::from_format(format)
                .for_reader(body.as_ref())
                .collect::<Result<Vec<_>, _>>()
                .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            assert_eq!(quads.len(), fixture().len(), "{name}");
        }
    }
    let describe = get(
        &server,
        &[("query", &format!("DESCRIBE <{EX}cpts-nord>"))],
        None,
    )
    .await;
    assert!(describe.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/turtle"));
    assert!(describe.text().await.unwrap().contains("CPTS Nord"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_description_lists_features_formats_and_graphs() {
    let mut config = config();
    config.federation_allow = vec!["http://127.0.0.1:9/sparql".to_owned()];
    let server = start(&fixture(), config).await;
    let response = get(&server, &[], None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/turtle"));
    let description = Store::new().unwrap();
    description
        .load_from_reader(RdfFormat::Turtle, response.bytes().await.unwrap().as_ref())
        .expect("the description is Turtle");
    let ask = |body: String| {
        let query = format!(
            "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
             PREFIX void: <http://rdfs.org/ns/void#> {body}"
        );
        match SparqlEvaluator::new()
            .parse_query(&query)
            .unwrap()
            .on_store(&description)
            .execute()
            .unwrap()
        {
            QueryResults::Boolean(b) => b,
            _ => panic!("not an ASK"),
        }
    };
    let endpoint = server.sparql();
    assert!(ask(format!(
        "ASK {{ ?s a sd:Service ; sd:endpoint <{endpoint}> ; sd:supportedLanguage sd:SPARQL11Query ;
              sd:feature sd:BasicFederatedQuery ;
              sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
              sd:defaultDataset [ sd:defaultGraph [ void:triples 7 ] ] }}"
    )));
    // The default graph is the derived current state, not a union of the named graphs.
    assert!(!ask("ASK { ?s sd:feature sd:UnionDefaultGraph }".to_owned()));
    for format in [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
        "N-Quads",
        "TriG",
    ] {
        assert!(
            ask(format!(
                "ASK {{ ?s sd:resultFormat <http://www.w3.org/ns/formats/{format}> }}"
            )),
            "{format}"
        );
    }
    assert!(ask(format!(
        "ASK {{ ?d sd:namedGraph [ sd:name <{G1}> ; sd:graph [ void:triples 4 ] ],
                                 [ sd:name <{G2}> ; sd:graph [ void:triples 2 ] ] }}"
    )));
    assert!(ask(format!(
        "ASK {{ ?d sd:namedGraph [ sd:name <{G3}> ; sd:graph [ void:triples 1 ] ] }}"
    )));
    assert!(!ask(
        "ASK { ?d sd:namedGraph ?a, ?b, ?c, ?e FILTER(?a != ?b && ?b != ?c && ?a != ?c && ?e != ?a && ?e != ?b && ?e != ?c) }".into()
    ));
    // Negotiated like any RDF.
    let ntriples = get(&server, &[], Some("application/n-triples")).await;
    assert_eq!(ntriples.headers()[CONTENT_TYPE], "application/n-triples");
    assert!(ntriples
        .text()
        .await
        .unwrap()
        .contains("sparql-service-description#Service>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_errors_have_their_status_and_a_readable_message() {
    let server = start(&fixture(), config()).await;
    // 400 with the parser's position.
    let response = get(&server, &[("query", "SELECT * WHERE {\n  ?s ?p \n}")], None).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let message = response.text().await.unwrap();
    assert!(
        message.contains("malformed SPARQL query") && message.contains("3:"),
        "{message}"
    );
    // 406, listing what is acceptable.
    let response = get(&server, &[("query", TYPED)], Some("image/png")).await;
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
    let message = response.text().await.unwrap();
    assert!(
        message.contains("application/sparql-results+json") && message.contains("text/csv"),
        "{message}"
    );
    let response = get(
        &server,
        &[("query", "CONSTRUCT WHERE { ?s ?p ?o }")],
        Some("text/csv"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
    // 415 for an unsupported Content-Type.
    let response = client()
        .post(server.sparql())
        .header(CONTENT_TYPE, "text/plain")
        .body(TYPED)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("application/sparql-query"));
    // 413 past max_body_bytes (4096 in tests).
    let padded = format!("{TYPED} #{}", "x".repeat(5000));
    let response = client()
        .post(server.sparql())
        .header(CONTENT_TYPE, "application/sparql-query")
        .body(padded)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.unwrap().contains("4096"));
    // Updates are refused, whichever way they come, on a server without a token file
    // (tests/sparql_update.rs has administrators' updates).
    let update = "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }";
    let response = client()
        .post(server.sparql())
        .header(CONTENT_TYPE, "application/sparql-update")
        .body(update)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap().contains("token file"));
    let response = client()
        .post(server.sparql())
        .form(&[("update", update)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        server.store.len().unwrap(),
        2 * fixture().len(),
        "nothing was written"
    );
    // An update sent as a query is a syntax error; an unknown format never makes an
    // error of a request (as SPARQLWrapper's clients expect): the default is served.
    assert_eq!(
        get(&server, &[("query", update)], None).await.status(),
        StatusCode::BAD_REQUEST
    );
    let response = get(&server, &[("query", TYPED), ("format", "png")], None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/sparql-results+json"
    );
    // A POST without a query, and an unknown path.
    let response = client()
        .post(server.sparql())
        .form(&[("format", "json")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        client()
            .get(server.url("/nope"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_gzip_and_healthz() {
    let server = start(&fixture(), config()).await;
    // Preflight of a cross-origin POST of a query.
    let preflight = client()
        .request(reqwest::Method::OPTIONS, server.sparql())
        .header("Origin", "https://yasgui.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    let methods = preflight.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        methods.contains("GET") && methods.contains("POST") && methods.contains("OPTIONS"),
        "{methods}"
    );
    assert!(preflight
        .headers()
        .contains_key("access-control-allow-headers"));
    // A simple cross-origin GET.
    let simple = client()
        .get(server.sparql())
        .query(&[("query", TYPED)])
        .header("Origin", "https://yasgui.example")
        .send()
        .await
        .unwrap();
    assert_eq!(simple.status(), StatusCode::OK);
    assert_eq!(simple.headers()["access-control-allow-origin"], "*");
    assert!(simple
        .headers()
        .contains_key("access-control-expose-headers"));

    // gzip when asked (a raw client, so the body is seen compressed).
    let raw = reqwest::Client::builder()
        .no_proxy()
        .no_gzip()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let response = raw
        .get(server.sparql())
        .query(&[("query", TYPED)])
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let body = response.bytes().await.unwrap();
    assert_eq!(&body[..2], &[0x1f, 0x8b], "gzip magic number");
    let plain = raw
        .get(server.sparql())
        .query(&[("query", TYPED)])
        .send()
        .await
        .unwrap();
    assert!(!plain.headers().contains_key("content-encoding"));

    let health = client().get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let json: serde_json::Value = health.json().await.unwrap();
    assert_eq!(json["status"], "ok");
    // The health check never counts (it answers at once whatever the size).
    assert!(json.get("triples").is_none(), "{json}");
    assert_eq!(json["queries"]["running"], 0, "{json}");
}

/// Polls until `n` simple queries at once are all answered: the permit of a cancelled
/// query is released once its evaluation has stopped, never leaked.
async fn answers_again(server: &TestServer, n: usize) {
    for _ in 0..100 {
        let answers = futures_util::future::join_all(
            (0..n).map(|_| get(server, &[("query", "ASK {}")], None)),
        )
        .await;
        if answers.iter().all(|r| r.status() == StatusCode::OK) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server never accepted {n} queries at once again: a permit leaked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeout_cancels_the_query_while_others_are_served() {
    let mut config = config();
    config.query_timeout = Duration::from_secs(2);
    config.max_concurrent_queries = 2;
    let server = start(&many(1000), config).await;
    let slow = spawn_slow_query(&server);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let quick = get(
        &server,
        &[("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")],
        None,
    )
    .await;
    assert_eq!(quick.status(), StatusCode::OK);
    assert!(quick.text().await.unwrap().contains("1000"));
    assert!(
        !slow.is_finished(),
        "the cross product was still running while the quick query was answered"
    );

    let slow = slow.await.unwrap().expect("the slow query is answered");
    assert_eq!(slow.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(!slow.headers().contains_key("retry-after"));
    let message = slow.text().await.unwrap();
    assert!(message.contains("exceeded the 2 s limit"), "{message}");
    // Both permits come back: two queries at once are admitted again.
    answers_again(&server, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_is_refused_with_retry_after() {
    let mut config = config();
    config.query_timeout = std::time::Duration::from_secs(5);
    config.max_concurrent_queries = 1;
    config.max_queued_queries = 0; // No queue: refused at once.
    let server = start(&many(1000), config).await;
    // The first moves to the slot for long evaluations, the second keeps the only slot.
    let (slow, slow2) = fill_the_only_slot(&server).await;
    let refused = get(&server, &[("query", "ASK {}")], None).await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers()["retry-after"], "1");
    assert!(refused.text().await.unwrap().contains("too many queries"));
    // The health check is not a query: still answered.
    assert_eq!(
        client()
            .get(server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let slow = slow.await.unwrap().unwrap();
    assert_eq!(slow.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        slow2.await.unwrap().unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    answers_again(&server, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_results_stream_completely() {
    let server = start(&many(3000), config()).await;
    let response = get(
        &server,
        &[
            ("query", "SELECT ?s ?o WHERE { ?s ?p ?o }"),
            ("format", "tsv"),
        ],
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.unwrap();
    assert!(
        body.len() > 64 * 1024,
        "large enough to be streamed in chunks"
    );
    assert_eq!(
        parse_results(&body, QueryResultsFormat::Tsv, "s")
            .unwrap()
            .len(),
        3000
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeout_cuts_a_result_already_streaming() {
    let mut config = config();
    config.query_timeout = Duration::from_secs(2);
    config.max_concurrent_queries = 1;
    let server = start(&many(1000), config).await;
    // Rows flow at once (no aggregate), so the response starts as a 200 stream; the
    // cut at the deadline must then abort the body rather than end it cleanly.
    let endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let mut response = get(&server, &[("query", endless), ("format", "tsv")], None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut received = 0usize;
    let outcome = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    assert!(
        outcome.is_err(),
        "a truncated result must not look complete"
    );
    assert!(
        received > 64 * 1024,
        "the result was streaming when cut ({received} bytes)"
    );
    answers_again(&server, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_hanging_up_cancels_its_query() {
    let mut config = config();
    config.query_timeout = Duration::from_secs(60);
    config.max_concurrent_queries = 1;
    let server = start(&many(1000), config).await;
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let gave_up = impatient
        .get(server.sparql())
        .query(&[("query", CROSS_PRODUCT)])
        .send()
        .await;
    assert!(
        gave_up.is_err(),
        "the cross product cannot finish in 500 ms"
    );
    // Long before the 60 s limit, the only permit is free again.
    answers_again(&server, 1).await;
}
