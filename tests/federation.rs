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
