//! The Graph Store Protocol's reads (`/store`; writes are in sparql_update.rs), the VoID description and the home
//! page, end to end: real on-disk store, real server on a loopback port, real HTTP client.

mod common;

use common::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use reqwest::header::{ACCEPT, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// Parses an RDF document into sorted N-Quads lines.
fn parse(body: &[u8], format: RdfFormat) -> BTreeSet<String> {
    RdfParser::from_format(format)
        .for_slice(body)
        .map(|q| q.expect("valid RDF").to_string())
        .collect()
}

/// The fixture quads of `graph` (all of them for `None`), as triples or quads.
fn expected(graph: Option<&str>, keep_graph: bool) -> BTreeSet<String> {
    fixture()
        .into_iter()
        .filter(|q| graph.is_none_or(|g| q.graph_name.to_string() == format!("<{g}>")))
        .map(|q| {
            let graph_name = if keep_graph {
                q.graph_name
            } else {
                GraphName::DefaultGraph
            };
            Quad::new(q.subject, q.predicate, q.object, graph_name).to_string()
        })
        .collect()
}

async fn get(server: &TestServer, query: &str, accept: Option<&str>) -> reqwest::Response {
    let mut request = client().get(server.url(&format!("/store{query}")));
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    request.send().await.expect("request answered")
}

fn encoded(iri: &str) -> String {
    form_urlencoded::byte_serialize(iri.as_bytes()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_named_graph_in_three_syntaxes() {
    let server = start(&fixture(), config()).await;
    let query = format!("?graph={}", encoded(G1));

    let turtle = get(&server, &query, None).await;
    assert_eq!(turtle.status(), StatusCode::OK);
    assert_eq!(turtle.headers()[CONTENT_TYPE], "text/turtle; charset=utf-8");
    let body = turtle.bytes().await.unwrap();
    assert_eq!(parse(&body, RdfFormat::Turtle), expected(Some(G1), false));
    // The shared prefixes are declared.
    assert!(String::from_utf8_lossy(&body).contains("@prefix skos:"));

    let ntriples = get(&server, &query, Some("application/n-triples")).await;
    assert_eq!(ntriples.headers()[CONTENT_TYPE], "application/n-triples");
    let body = ntriples.bytes().await.unwrap();
    assert_eq!(parse(&body, RdfFormat::NTriples), expected(Some(G1), false));

    // N-Quads keeps the graph name; ?format= overrides Accept.
    let nquads = get(
        &server,
        &format!("{query}&format=nquads"),
        Some("text/turtle"),
    )
    .await;
    assert_eq!(nquads.headers()[CONTENT_TYPE], "application/n-quads");
    let body = nquads.bytes().await.unwrap();
    assert_eq!(parse(&body, RdfFormat::NQuads), expected(Some(G1), true));

    let jsonld = get(&server, &query, Some("application/ld+json")).await;
    assert_eq!(jsonld.status(), StatusCode::OK);
    let body = jsonld.bytes().await.unwrap();
    let format = RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    };
    assert_eq!(parse(&body, format), expected(Some(G1), false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_graph_is_the_union_of_all_graphs() {
    let mut quads = fixture();
    // The same triple in two graphs appears once in the union.
    let mut copy = quads[0].clone();
    copy.graph_name = oxigraph::model::NamedNode::new(G2).unwrap().into();
    quads.push(copy);
    let server = start(&quads, config()).await;
    let response = get(&server, "?default", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.unwrap();
    let lines = parse(&body, RdfFormat::Turtle);
    assert_eq!(lines, expected(None, false));
    let text = String::from_utf8_lossy(&body).to_string();
    let triples = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .count();
    assert_eq!(triples, fixture().len(), "each triple once");

    let trig = get(&server, "?default=&format=trig", None).await;
    assert_eq!(trig.headers()[CONTENT_TYPE], "application/trig");
    let body = trig.bytes().await.unwrap();
    assert_eq!(parse(&body, RdfFormat::TriG), expected(None, false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_dataset_only_in_dataset_syntaxes() {
    let server = start(&fixture(), config()).await;
    let nquads = get(&server, "", None).await;
    assert_eq!(nquads.status(), StatusCode::OK);
    assert_eq!(nquads.headers()[CONTENT_TYPE], "application/n-quads");
    let body = nquads.bytes().await.unwrap();
    // The named graphs, and the default graph: the current state derived from them.
    let whole: BTreeSet<String> = expected(None, true)
        .union(&expected(None, false))
        .cloned()
        .collect();
    assert_eq!(parse(&body, RdfFormat::NQuads), whole);

    let trig = get(&server, "", Some("application/trig")).await;
    assert_eq!(trig.headers()[CONTENT_TYPE], "application/trig");
    let body = trig.bytes().await.unwrap();
    assert_eq!(parse(&body, RdfFormat::TriG), whole);
    assert!(String::from_utf8_lossy(&body).contains("@prefix rdfs:"));

    let turtle = get(&server, "", Some("text/turtle")).await;
    assert_eq!(turtle.status(), StatusCode::NOT_ACCEPTABLE);
    let message = turtle.text().await.unwrap();
    assert!(message.contains("application/n-quads"), "{message}");
    // An override that does not fit (or is unknown) never makes an error of a
    // request: without an acceptable Accept, the dataset's default syntax.
    for forced in ["?format=turtle", "?format=png"] {
        let response = get(&server, forced, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{forced}");
        assert_eq!(response.headers()[CONTENT_TYPE], "application/n-quads");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_graph_and_bad_parameters() {
    let server = start(&fixture(), config()).await;
    let missing = format!("{EX}graph/nowhere");
    let response = get(&server, &format!("?graph={}", encoded(&missing)), None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let message = response.text().await.unwrap();
    assert!(message.contains(&missing), "{message}");

    let head = client()
        .head(server.url(&format!("/store?graph={}", encoded(&missing))))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::NOT_FOUND);

    for query in ["?graph=not%20an%20iri", "?graph=http://a&default"] {
        assert_eq!(
            get(&server, query, None).await.status(),
            StatusCode::BAD_REQUEST,
            "{query}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_need_a_token_file_and_other_methods_are_405_with_allow() {
    // Administrators' writes are in tests/sparql_update.rs; without a token file there
    // are none.
    let server = start(&fixture(), config()).await;
    let url = server.url(&format!("/store?graph={}", encoded(G1)));
    let c = client();
    for request in [
        c.put(&url)
            .header(CONTENT_TYPE, "text/turtle")
            .body("<a:a> <a:b> <a:c> ."),
        c.post(&url)
            .header(CONTENT_TYPE, "text/turtle")
            .body("<a:a> <a:b> <a:c> ."),
        c.delete(&url),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response.text().await.unwrap().contains("token file"));
    }
    let response = c.patch(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()[ALLOW], "GET, HEAD, PUT, POST, DELETE");
    assert!(response.text().await.unwrap().contains("admin token"));
    // Nothing was written (each triple is in its graph and in the current state).
    assert_eq!(server.store.len().unwrap(), 2 * fixture().len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_has_the_headers_and_no_body() {
    let server = start(&fixture(), config()).await;
    for (query, accept, content_type) in [
        (
            format!("?graph={}", encoded(G2)),
            None,
            "text/turtle; charset=utf-8",
        ),
        (
            "?default".to_owned(),
            Some("application/n-triples"),
            "application/n-triples",
        ),
        (String::new(), Some("application/trig"), "application/trig"),
    ] {
        let url = server.url(&format!("/store{query}"));
        let mut request = client().head(&url);
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        assert_eq!(response.headers()[CONTENT_TYPE], content_type);
        assert!(response
            .headers()
            .get(CONTENT_LENGTH)
            .is_none_or(|l| l != "0"));
        assert!(response.bytes().await.unwrap().is_empty());
    }
    let refused = client()
        .head(server.url("/store"))
        .header(ACCEPT, "text/turtle")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_ACCEPTABLE);
}

const VOID_PREFIXES: &str = "PREFIX void: <http://rdfs.org/ns/void#>
PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
PREFIX dcterms: <http://purl.org/dc/terms/>
";
const CC_BY: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The fixture plus an ontology header with a license and a SKOS label.
fn fixture_with_header() -> Vec<Quad> {
    use oxigraph::model::{Literal, NamedNode};
    let n = |iri: &str| NamedNode::new(iri).unwrap();
    let g2: GraphName = n(G2).into();
    let mut quads = fixture();
    let onto = iri("ontology");
    quads.extend([
        Quad::new(
            onto.clone(),
            n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            n("http://www.w3.org/2002/07/owl#Ontology"),
            g2.clone(),
        ),
        Quad::new(
            onto,
            n("http://purl.org/dc/terms/license"),
            n(CC_BY),
            g2.clone(),
        ),
        Quad::new(
            iri("cpts-nord"),
            n("http://www.w3.org/2004/02/skos/core#prefLabel"),
            Literal::new_language_tagged_literal_unchecked("CPTS Nord", "fr"),
            g2,
        ),
    ]);
    quads
}

/// Runs a SELECT on an in-memory store; the values of `?var`, as strings, sorted.
fn values(store: &oxigraph::store::Store, query: &str, var: &str) -> Vec<String> {
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    let QueryResults::Solutions(rows) = SparqlEvaluator::new()
        .parse_query(&format!("{VOID_PREFIXES}{query}"))
        .expect("query parses")
        .on_store(store)
        .execute()
        .expect("query runs")
    else {
        panic!("not a SELECT")
    };
    let mut out: Vec<String> = rows
        .map(|r| {
            r.expect("row")
                .get(var)
                .map(|t| t.to_string())
                .unwrap_or_default()
        })
        .collect();
    out.sort();
    out
}

/// One SELECT on the server's endpoint, as `?a`-`?b` pairs of CSV cells.
async fn endpoint_rows(server: &TestServer, query: &str) -> Vec<(String, String)> {
    let csv = client()
        .get(server.sparql())
        .query(&[("query", query), ("format", "csv")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut rows: Vec<(String, String)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let (a, b) = l.split_once(',').unwrap_or((l, ""));
            (a.to_owned(), b.to_owned())
        })
        .collect();
    rows.sort();
    rows
}

fn integer(n: &str) -> String {
    format!("\"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn void_counts_match_the_store() {
    let server = start(&fixture_with_header(), config()).await;
    let response = client()
        .get(server.url("/.well-known/void"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "text/turtle; charset=utf-8"
    );
    let body = response.bytes().await.unwrap();
    let void = oxigraph::store::Store::new().unwrap();
    void.extend(
        RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(&body)
            .map(|q| q.expect("VoID is valid Turtle")),
    )
    .unwrap();

    // The dataset's size is the count of every quad: on the endpoint, the union
    // default graph counts each graph's triples.
    let total = endpoint_rows(&server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").await;
    assert_eq!(total[0].0, fixture_with_header().len().to_string());
    let dataset = "?d a void:Dataset ; void:sparqlEndpoint ?e";
    assert_eq!(
        values(
            &void,
            &format!("SELECT ?n WHERE {{ {dataset} ; void:triples ?n }}"),
            "n"
        ),
        [integer(&total[0].0)]
    );
    assert_eq!(
        values(&void, &format!("SELECT ?e WHERE {{ {dataset} }}"), "e"),
        [format!("<{}>", server.sparql())]
    );
    assert_eq!(
        values(
            &void,
            &format!("SELECT ?u WHERE {{ {dataset} ; void:dataDump ?u }} ORDER BY ?u"),
            "u"
        ),
        [
            format!("<{}>", server.url("/dump.nq.gz")),
            format!("<{}>", server.url("/store"))
        ]
    );
    assert_eq!(
        values(
            &void,
            &format!("SELECT ?l WHERE {{ {dataset} ; dcterms:license ?l }}"),
            "l"
        ),
        [format!("<{CC_BY}>")]
    );
    assert_eq!(
        values(
            &void,
            &format!("SELECT ?u WHERE {{ {dataset} ; void:uriSpace ?u }}"),
            "u"
        ),
        ["\"https://w3id.org/maillage/id/\""]
    );
    assert_eq!(
        values(
            &void,
            &format!("SELECT ?v WHERE {{ {dataset} ; void:vocabulary ?v }}"),
            "v"
        ),
        [
            "<http://purl.org/dc/terms/>",
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#>",
            "<http://www.w3.org/2002/07/owl#>",
            "<http://www.w3.org/2004/02/skos/core#>",
        ]
    );

    // One subset per named graph, with the graph's COUNT.
    let per_graph = endpoint_rows(
        &server,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    )
    .await;
    let subsets = values(
        &void,
        "SELECT ?line WHERE { ?d void:subset [ sd:name ?g ; void:triples ?n ] \
         BIND(CONCAT(STR(?g), ',', STR(?n)) AS ?line) }",
        "line",
    );
    let expected: Vec<String> = per_graph
        .iter()
        .map(|(g, n)| format!("\"{g},{n}\""))
        .collect();
    assert_eq!(subsets, expected);
    assert_eq!(per_graph.len(), 3);

    // Property partitions add up to the total; the class partition counts instances.
    let sum = values(
        &void,
        "SELECT (SUM(?n) AS ?sum) WHERE { ?d void:propertyPartition [ void:triples ?n ] }",
        "sum",
    );
    assert_eq!(sum, [integer(&total[0].0)]);
    let ontologies = values(
        &void,
        "SELECT ?n WHERE { ?d void:classPartition [ void:class <http://www.w3.org/2002/07/owl#Ontology> ; void:entities ?n ] }",
        "n",
    );
    assert_eq!(ontologies, [integer("1")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn void_follows_the_forwarded_host_and_negotiates() {
    let server = start(&fixture(), config()).await;
    let response = client()
        .get(server.url("/.well-known/void?format=ntriples"))
        .header("x-forwarded-host", "kg.example.org")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[CONTENT_TYPE], "application/n-triples");
    let triples = parse(&response.bytes().await.unwrap(), RdfFormat::NTriples);
    assert!(triples.contains(
        "<https://kg.example.org/.well-known/void#maillage> \
         <http://rdfs.org/ns/void#sparqlEndpoint> <https://kg.example.org/sparql>"
    ));
    // No ontology header in this store: no license claimed.
    assert!(!triples.iter().any(|t| t.contains("/terms/license>")));

    let jsonld = client()
        .get(server.url("/.well-known/void"))
        .header(ACCEPT, "application/ld+json")
        .send()
        .await
        .unwrap();
    assert_eq!(jsonld.headers()[CONTENT_TYPE], "application/ld+json");

    // The service description points to the VoID description.
    let sd = client().get(server.sparql()).send().await.unwrap();
    let sd = parse(&sd.bytes().await.unwrap(), RdfFormat::Turtle);
    let see_also = format!(
        "<http://www.w3.org/2000/01/rdf-schema#seeAlso> <{}>",
        server.url("/.well-known/void")
    );
    assert!(sd.iter().any(|t| t.contains(&see_also)), "{sd:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_is_french_and_links_the_curated_queries() {
    // The French views themselves are tested over the seed graph in tests/views.rs.
    let server = start(&fixture(), config()).await;
    let response = client()
        .get(server.url("/"))
        .header(
            ACCEPT,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    let page = response.text().await.unwrap();
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(
        page.contains("href=\"/api/queries\""),
        "links the curated queries"
    );
    // No external script, stylesheet, image or font.
    for external in ["<script", "src=\"http", "href=\"http"] {
        assert!(!page.contains(external), "{external}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landing_page_redirects_machines_to_the_service_description() {
    let server = start(&fixture(), config()).await;
    let no_redirect = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for accept in ["application/sparql-results+json", "text/turtle"] {
        let response = no_redirect
            .get(server.url("/"))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{accept}");
        assert_eq!(response.headers()["location"], "/sparql");
        assert_eq!(response.headers()["vary"], "Accept");
    }
    // Followed, the redirect lands on the service description.
    let followed = client()
        .get(server.url("/"))
        .header(ACCEPT, "text/turtle")
        .send()
        .await
        .unwrap();
    assert_eq!(followed.status(), StatusCode::OK);
    let sd = parse(&followed.bytes().await.unwrap(), RdfFormat::Turtle);
    assert!(sd
        .iter()
        .any(|t| t.contains("sparql-service-description#endpoint")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_graph_streams_completely() {
    let server = start(&many(3000), config()).await;
    let response = get(
        &server,
        &format!("?graph={}", encoded(G1)),
        Some("application/n-triples"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.unwrap();
    assert!(
        body.len() > 64 * 1024,
        "large enough to be streamed in chunks"
    );
    assert_eq!(parse(&body, RdfFormat::NTriples).len(), 3000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dumps_count_against_the_query_bound() {
    let mut config = config();
    config.query_timeout = std::time::Duration::from_secs(5);
    config.max_concurrent_queries = 1;
    config.max_queued_queries = 0; // No queue: refused at once.
    let server = start(&many(1000), config).await;
    // The first moves to the slot for long evaluations, the second keeps the only slot.
    let (slow, slow2) = fill_the_only_slot(&server).await;
    let refused = get(&server, "", None).await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers()["retry-after"], "1");
    let slow = slow.await.unwrap().unwrap();
    assert_eq!(slow.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        slow2.await.unwrap().unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    // The permit comes back once the evaluation has stopped: the dump is served again.
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        status = get(&server, "", None).await.status();
        if status != StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::OK);
}
