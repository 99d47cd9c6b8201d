//! Federated queries between two real maillage servers on loopback ports.

mod common;

use common::*;
use oxigraph::model::Literal;
use reqwest::StatusCode;

const HEALTH: &str = "http://example.org/maillage-test/graph/sante";

/// A second endpoint: health figures about communes, keyed by INSEE code.
fn health_dataset() -> Vec<oxigraph::model::Quad> {
    vec![
        quad("commune-75056", "insee", Literal::from("75056"), HEALTH),
        quad(
            "commune-75056",
            "densiteMedecins",
            Literal::from(312),
            HEALTH,
        ),
        quad("commune-13055", "insee", Literal::from("13055"), HEALTH),
        quad(
            "commune-13055",
            "densiteMedecins",
            Literal::from(287),
            HEALTH,
        ),
    ]
}

fn joined_query(service: &str) -> String {
    format!(
        "PREFIX ex: <{EX}>
         SELECT ?structure ?densite WHERE {{
           ?structure ex:insee ?code .
           SERVICE <{service}> {{ ?commune ex:insee ?code ; ex:densiteMedecins ?densite }}
         }}"
    )
}

async fn query(server: &TestServer, query: &str) -> reqwest::Response {
    client()
        .get(server.sparql())
        .query(&[("query", query)])
        .send()
        .await
        .expect("request answered")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_joins_local_data_with_an_allowed_endpoint() {
    let health = start(&health_dataset(), config()).await;
    let mut local_config = config();
    local_config.federation_allow = vec![health.sparql()];
    let local = start(&fixture(), local_config).await;

    let response = query(&local, &joined_query(&health.sparql())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let json: serde_json::Value = response.json().await.unwrap();
    let rows = json["results"]["bindings"].as_array().expect("bindings");
    assert_eq!(rows.len(), 1, "{json}");
    assert_eq!(rows[0]["structure"]["value"], format!("{EX}msp-pont"));
    assert_eq!(rows[0]["densite"]["value"], "312");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_off_the_allow_list_are_refused_before_evaluation() {
    let health = start(&health_dataset(), config()).await;
    let mut local_config = config();
    local_config.federation_allow = vec![health.sparql()];
    let local = start(&fixture(), local_config).await;

    // Another port of the same host is another endpoint: exact IRIs only.
    let other = "http://127.0.0.1:9/sparql";
    let response = query(&local, &joined_query(other)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let message = response.text().await.unwrap();
    assert!(
        message.contains(other) && message.contains("allow-list"),
        "{message}"
    );

    // Hidden in a FILTER EXISTS of a subquery.
    let hidden = format!(
        "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{other}> {{ ?s ?p ?o }} }} }} }} }}"
    );
    assert_eq!(query(&local, &hidden).await.status(), StatusCode::FORBIDDEN);

    // A variable endpoint cannot be vetted.
    let variable =
        "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/sparql> } SERVICE ?e { ?s ?p ?o } }";
    let response = query(&local, variable).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap().contains("?e"));

    // Without an allow-list, SERVICE is off altogether.
    let closed = start(&fixture(), config()).await;
    let response = query(&closed, &joined_query(&health.sparql())).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap().contains("disabled"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_allowed_endpoint_is_a_bad_gateway() {
    // Bind then drop a listener: the port is known and (almost surely) closed.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let gone = format!("http://127.0.0.1:{port}/sparql");
    let mut local_config = config();
    local_config.federation_allow = vec![gone.clone()];
    let local = start(&fixture(), local_config).await;
    let response = query(&local, &joined_query(&gone)).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert!(response.text().await.unwrap().contains("SERVICE"));
}

fn silent_query(service: &str) -> String {
    joined_query(service).replace("SERVICE <", "SERVICE SILENT <")
}

/// A loopback endpoint that accepts connections and answers each with `answer` (after
/// reading the request), or never answers when `answer` is `None`.
fn fake_endpoint(answer: Option<&'static [u8]>) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/sparql", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut stream in listener.incoming().flatten() {
            match answer {
                None => held.push(stream),
                Some(answer) => {
                    let mut request = [0; 4096];
                    let _ = stream.read(&mut request);
                    let _ = stream.write_all(answer);
                }
            }
        }
    });
    url
}

/// The rows of a JSON results body.
async fn rows(response: reqwest::Response) -> Vec<serde_json::Value> {
    assert_eq!(response.status(), StatusCode::OK);
    let json: serde_json::Value = response.json().await.unwrap();
    json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_silent_ignores_an_unreachable_endpoint() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let gone = format!("http://127.0.0.1:{port}/sparql");
    let mut local_config = config();
    local_config.federation_allow = vec![gone.clone()];
    let local = start(&fixture(), local_config).await;
    let rows = rows(query(&local, &silent_query(&gone)).await).await;
    // The SERVICE pattern is the empty solution: the local row stays, unextended.
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["structure"]["value"], format!("{EX}msp-pont"));
    assert!(rows[0].get("densite").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_timeout_names_the_endpoint_and_silent_ignores_it() {
    let stalled = fake_endpoint(None);
    let mut local_config = config();
    local_config.federation_allow = vec![stalled.clone()];
    local_config.federation_timeout = std::time::Duration::from_millis(1500);
    let local = start(&fixture(), local_config).await;

    let response = query(&local, &joined_query(&stalled)).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let message = response.text().await.unwrap();
    assert!(
        message.contains(&format!("<{stalled}> did not answer within 1.5 s")),
        "{message}"
    );
    assert!(!message.contains("os error"), "{message}");

    let rows = rows(query(&local, &silent_query(&stalled)).await).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_remote_answer_is_a_bad_gateway_unless_silent() {
    // Headers fine, body cut in the middle of the results.
    let broken = fake_endpoint(Some(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\
          Content-Length: 60\r\nConnection: close\r\n\r\n{\"head\":{\"vars\":[\"commune\"]},\"results\":{\"bindings\":[{",
    ));
    let failing = fake_endpoint(Some(
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\
          Content-Length: 6\r\nConnection: close\r\n\r\nboom!\n",
    ));
    let mut local_config = config();
    local_config.federation_allow = vec![broken.clone(), failing.clone()];
    let local = start(&fixture(), local_config).await;

    let response = query(&local, &joined_query(&broken)).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let message = response.text().await.unwrap();
    assert!(message.contains(&format!("<{broken}>")), "{message}");
    let response = query(&local, &joined_query(&failing)).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let message = response.text().await.unwrap();
    assert!(message.contains("HTTP 500: boom!"), "{message}");

    for endpoint in [&broken, &failing] {
        let rows = rows(query(&local, &silent_query(endpoint)).await).await;
        assert_eq!(rows.len(), 1, "{endpoint}: {rows:?}");
    }
}
