//! Administrators' standard writes through the real server on a loopback port, over a
//! real on-disk store: SPARQL 1.1 Update on `/sparql` and `/update` (the update tests of
//! the W3C SPARQL 1.1 Protocol test suite, with an admin token), Graph Store Protocol
//! writes on `/store`, their recording as imports (list, history, revert) and the
//! refusals (anonymous, curators, the derived default graph, `LOAD`).
//!
//! The W3C tests' expected results are adapted to the current-state model where it
//! matters, and say so: `CLEAR ALL` / `DROP ALL` empty every named graph but the system
//! graphs (provenance and kept history stay), and the default graph follows (empty);
//! the suite's data set-up by `LOAD` is done with `INSERT DATA` (maillage loads nothing
//! from the network).

mod common;

use common::{client, config, fixture, many, start, TestServer, CROSS_PRODUCT, EX, G1, G2, G3};
use maillage::curation::tokens::Tokens;
use maillage::curation::Role;
use maillage::server::ServerConfig;
use maillage::store::Role as GraphRole;
use oxigraph::model::{GraphName, NamedNode};
use reqwest::header::{ALLOW, AUTHORIZATION, CONTENT_TYPE, LOCATION, WWW_AUTHENTICATE};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

const BASE: &str = "https://w3id.org/maillage/";
const DATA1: &str = "http://kasei.us/2009/09/sparql/data/data1.rdf";
const DATA2: &str = "http://kasei.us/2009/09/sparql/data/data2.rdf";

struct Admin {
    server: TestServer,
    admin: String,
    curator: String,
    _tokens: tempfile::TempDir,
}

/// The fixture served with a token file holding an admin (`root`) and a curator (`alice`).
async fn serve() -> Admin {
    serve_with(&fixture(), config()).await
}

async fn serve_with(quads: &[oxigraph::model::Quad], config: ServerConfig) -> Admin {
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
    let config = ServerConfig {
        tokens: Some(path),
        max_body_bytes: 1 << 20,
        ..config
    };
    Admin {
        server: start(quads, config).await,
        admin,
        curator,
        _tokens: tokens_dir,
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn encoded(iri: &str) -> String {
    form_urlencoded::byte_serialize(iri.as_bytes()).collect()
}

impl Admin {
    /// `POST /sparql` with an `application/sparql-update` body; `params` go in the URL.
    async fn update(&self, text: &str, params: &str) -> reqwest::Response {
        client()
            .post(format!("{}?{params}", self.server.sparql()))
            .header(AUTHORIZATION, bearer(&self.admin))
            .header(CONTENT_TYPE, "application/sparql-update")
            .body(text.to_owned())
            .send()
            .await
            .unwrap()
    }

    /// `POST /sparql` with a form body; `params` go in the URL.
    async fn form(&self, pairs: &[(&str, &str)], params: &str) -> reqwest::Response {
        client()
            .post(format!("{}?{params}", self.server.sparql()))
            .header(AUTHORIZATION, bearer(&self.admin))
            .form(pairs)
            .send()
            .await
            .unwrap()
    }

    async fn ask(&self, query: &str) -> bool {
        let response = client()
            .post(self.server.sparql())
            .header(CONTENT_TYPE, "application/sparql-query")
            .header("Accept", "application/sparql-results+json")
            .body(query.to_owned())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        response.json::<Value>().await.unwrap()["boolean"]
            .as_bool()
            .unwrap()
    }

    async fn select(&self, query: &str) -> Vec<Value> {
        let response = client()
            .get(self.server.sparql())
            .query(&[("query", query)])
            .header("Accept", "application/sparql-results+json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        let json: Value = response.json().await.unwrap();
        json["results"]["bindings"].as_array().unwrap().clone()
    }

    /// The data: every quad of the named graphs other than system graphs, and the
    /// current state, as sorted N-Quads lines (no blank nodes in these tests).
    fn data(&self) -> (BTreeSet<String>, BTreeSet<String>) {
        let (mut named, mut current) = (BTreeSet::new(), BTreeSet::new());
        for quad in self.server.store.quads(None).unwrap() {
            let quad = quad.unwrap();
            match &quad.graph_name {
                GraphName::NamedNode(g) if GraphRole::of(g.as_ref()) == GraphRole::System => {}
                GraphName::NamedNode(_) => {
                    named.insert(quad.to_string());
                }
                _ => {
                    current.insert(quad.to_string());
                }
            }
        }
        (named, current)
    }

    async fn imports(&self) -> Vec<Value> {
        let list: Value = client()
            .get(self.server.url("/imports"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        list["imports"].as_array().unwrap().clone()
    }

    /// Non-system named graphs that hold a triple.
    async fn data_graphs(&self) -> BTreeSet<String> {
        self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            .await
            .iter()
            .map(|r| r["g"]["value"].as_str().unwrap().to_owned())
            .filter(|g| GraphRole::of(NamedNode::new_unchecked(g).as_ref()) != GraphRole::System)
            .collect()
    }
}

async fn success(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn failure(response: reqwest::Response, status: StatusCode) -> String {
    let got = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    assert!(!text.trim().is_empty(), "an error says why");
    text
}

// --- The W3C SPARQL 1.1 Protocol update tests -----------------------------------------

/// update_post_form and update_post_direct: `CLEAR ALL` by form and directly. Adapted:
/// the data graphs are emptied, the default graph follows, the system graphs stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w3c_update_post_form_and_direct() {
    let a = serve().await;
    assert!(a.ask("ASK { ?s ?p ?o }").await);
    success(a.form(&[("update", "CLEAR ALL")], "").await).await;
    assert!(
        !a.ask("ASK { ?s ?p ?o }").await,
        "the current state is empty"
    );
    assert!(
        a.data_graphs().await.is_empty(),
        "every data graph is empty"
    );
    // CLEAR keeps the (now empty) graphs: the store records empty graphs.
    let kept = client()
        .get(a.server.url(&format!("/store?graph={}", encoded(G1))))
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), StatusCode::OK);
    // The provenance graph is still there, with the record of the update.
    assert!(
        a.ask(&format!(
            "ASK {{ GRAPH <{BASE}graph/provenance> {{ ?a a <{BASE}def#Import> }} }}"
        ))
        .await
    );
    // update_post_direct, on what is left (already empty: nothing changes, 2xx).
    let body = success(a.update("CLEAR ALL", "").await).await;
    assert_eq!(body["import"], Value::Null, "nothing to record: {body}");
}

/// update_base_uri: relative IRIs resolve against the service's base (the deployment base).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w3c_update_base_uri() {
    let a = serve().await;
    // CLEAR of a graph that does not exist yet succeeds: it is already empty.
    let text = "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n\
                INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { \
                <http://example.org/s> <http://example.org/p> <test> } }";
    success(a.update(text, "").await).await;
    let rows = a
        .select(
            "SELECT ?o WHERE { GRAPH <http://example.org/protocol-base-test/> { \
             <http://example.org/s> <http://example.org/p> ?o } }",
        )
        .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["o"]["type"], "uri");
    assert_eq!(rows[0]["o"]["value"], format!("{BASE}test"));
}

const SET_UP: &str = "PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
";

fn data(n: u8) -> String {
    format!("http://kasei.us/2009/09/sparql/data/data{n}.rdf")
}

/// `ASK` that `graph` has `?s a dc:BibliographicResource` for exactly data `yes`, not `no`.
fn bibliographic(graph: &str, yes: &[u8], no: u8) -> String {
    let have: String = yes
        .iter()
        .map(|n| {
            format!(
                "<{}> a <http://purl.org/dc/terms/BibliographicResource> . ",
                data(*n)
            )
        })
        .collect();
    format!(
        "ASK {{ GRAPH <{graph}> {{ {have} }} FILTER NOT EXISTS {{ GRAPH <{graph}> {{ \
         <{}> a <http://purl.org/dc/terms/BibliographicResource> }} }} }}",
        data(no)
    )
}

/// update_dataset_default_graph: `using-graph-uri` in the URL of a form POST.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w3c_update_dataset_default_graph() {
    let a = serve().await;
    let text = "PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document
    }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}";
    success(
        a.form(
            &[("update", text)],
            &format!("using-graph-uri={}", encoded(DATA1)),
        )
        .await,
    )
    .await;
    assert!(
        a.ask(&format!(
            "ASK {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ \
             <{DATA1}> a <http://purl.org/dc/terms/BibliographicResource> }} }}"
        ))
        .await
    );
}

/// update_dataset_default_graphs, update_dataset_named_graphs, update_dataset_full: the
/// protocol's dataset parameters; update_using_graph(s), update_using_named_graphs: the
/// same datasets given by USING / USING NAMED in the text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w3c_update_datasets_by_parameters_and_by_using() {
    let a = serve().await;
    let graphs_test = "http://example.org/protocol-update-dataset-graphs-test/";
    let named_test = "http://example.org/protocol-update-dataset-named-graphs-test/";
    let default_where = format!(
        "{SET_UP}INSERT {{ GRAPH <{graphs_test}> {{ ?s a dc:BibliographicResource }} }}\n{{using}}WHERE {{ ?s a foaf:Document }}"
    );
    let named_where = format!(
        "{SET_UP}INSERT {{ GRAPH <{named_test}> {{ ?s a dc:BibliographicResource }} }}\n{{using}}WHERE {{ GRAPH ?g {{ ?s a foaf:Document }} }}"
    );
    let cases = [
        (
            "update_dataset_default_graphs",
            default_where.replace("{using}", ""),
            format!(
                "using-graph-uri={}&using-graph-uri={}",
                encoded(DATA1),
                encoded(DATA2)
            ),
            bibliographic(graphs_test, &[1, 2], 3),
        ),
        (
            "update_using_graphs",
            default_where.replace("{using}", &format!("USING <{DATA1}>\nUSING <{DATA2}>\n")),
            String::new(),
            bibliographic(graphs_test, &[1, 2], 3),
        ),
        (
            "update_using_graph",
            default_where.replace("{using}", &format!("USING <{DATA1}>\n")),
            String::new(),
            bibliographic(graphs_test, &[1], 2),
        ),
        (
            "update_dataset_named_graphs",
            named_where.replace("{using}", ""),
            format!(
                "using-named-graph-uri={}&using-named-graph-uri={}",
                encoded(DATA1),
                encoded(DATA2)
            ),
            bibliographic(named_test, &[1, 2], 3),
        ),
        (
            "update_using_named_graphs",
            named_where.replace(
                "{using}",
                &format!("USING NAMED <{DATA1}>\nUSING NAMED <{DATA2}>\n"),
            ),
            String::new(),
            bibliographic(named_test, &[1, 2], 3),
        ),
    ];
    for (name, text, params, check) in cases {
        success(a.update(&text, &params).await).await;
        assert!(a.ask(&check).await, "{name}: {text}");
    }
    // update_dataset_full: both parameters, a default-graph branch and a named-graph branch.
    let full_test = "http://example.org/protocol-update-dataset-full-test/";
    let text = format!(
        "{SET_UP}INSERT {{ GRAPH <{full_test}> {{ ?s <http://example.org/in> ?in }} }}
WHERE {{
    {{ GRAPH ?g {{ ?s a foaf:Document }} BIND(?g AS ?in) }}
    UNION
    {{ ?s a foaf:Document . BIND(\"default\" AS ?in) }}
}}"
    );
    success(
        a.update(
            &text,
            &format!(
                "using-graph-uri={}&using-named-graph-uri={}",
                encoded(DATA1),
                encoded(DATA2)
            ),
        )
        .await,
    )
    .await;
    assert!(
        a.ask(&format!(
            "ASK {{ GRAPH <{full_test}> {{ <{DATA1}> <http://example.org/in> \"default\" . \
             <{DATA2}> <http://example.org/in> <{DATA2}> }} \
             FILTER NOT EXISTS {{ GRAPH <{full_test}> {{ <{}> ?p ?o }} }} }}",
            data(3)
        ))
        .await
    );
    // DROP ALL dropped the fixture's graphs: only the test's graphs hold data.
    let graphs = a.data_graphs().await;
    assert!(!graphs.contains(G1) && !graphs.contains(G2) && !graphs.contains(G3));
    assert!(graphs.contains(&data(3)) && graphs.contains(full_test));
}

/// The protocol's negative update tests, sent with an admin token: each is a 4xx and
/// changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w3c_bad_updates_are_4xx_and_change_nothing() {
    let a = serve().await;
    let before = a.data();
    let http = client();
    let admin = bearer(&a.admin);
    let data0 = encoded("http://kasei.us/2009/09/sparql/data/data0.rdf");
    // bad_update_get
    let response = http
        .get(format!(
            "{}?update=CLEAR%20ALL&using-graph-uri={data0}",
            a.server.sparql()
        ))
        .header(AUTHORIZATION, &admin)
        .send()
        .await
        .unwrap();
    assert!(failure(response, StatusCode::BAD_REQUEST)
        .await
        .contains("POST"));
    // bad_multiple_updates
    let response = http
        .post(a.server.sparql())
        .header(AUTHORIZATION, &admin)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!(
            "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT&using-graph-uri={data0}"
        ))
        .send()
        .await
        .unwrap();
    assert!(failure(response, StatusCode::BAD_REQUEST)
        .await
        .contains("more than once"));
    // bad_update_wrong_media_type
    let response = http
        .post(format!("{}?using-graph-uri={data0}", a.server.sparql()))
        .header(AUTHORIZATION, &admin)
        .header(CONTENT_TYPE, "text/plain")
        .body("CLEAR NAMED")
        .send()
        .await
        .unwrap();
    assert!(failure(response, StatusCode::UNSUPPORTED_MEDIA_TYPE)
        .await
        .contains("application/sparql-update"));
    // bad_update_missing_form_type
    let response = http
        .post(a.server.sparql())
        .header(AUTHORIZATION, &admin)
        .body(format!("update=CLEAR%20NAMED&using-graph-uri={data0}"))
        .send()
        .await
        .unwrap();
    failure(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    // bad_update_non_utf8 (UTF-16, with its byte order mark)
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("CLEAR NAMED".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let response = http
        .post(format!("{}?using-graph-uri={data0}", a.server.sparql()))
        .header(AUTHORIZATION, &admin)
        .header(CONTENT_TYPE, "application/sparql-update; charset=UTF-16")
        .body(utf16)
        .send()
        .await
        .unwrap();
    assert!(failure(response, StatusCode::BAD_REQUEST)
        .await
        .contains("UTF-8"));
    // bad_update_syntax: line and column.
    let response = a
        .form(
            &[("update", "CLEAR XYZ")],
            &format!("using-graph-uri={data0}"),
        )
        .await;
    assert!(failure(response, StatusCode::BAD_REQUEST)
        .await
        .contains("malformed SPARQL update at 1:"));
    // bad_update_dataset_conflict: WITH (or USING) and the protocol's dataset.
    let with = "PREFIX foaf: <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE { ?person foaf:givenName 'Bill' }";
    let response = a
        .form(
            &[
                ("using-named-graph-uri", "http://example/people"),
                ("update", with),
            ],
            "",
        )
        .await;
    assert!(failure(response, StatusCode::BAD_REQUEST)
        .await
        .contains("USING"));
    let using = format!("INSERT {{ <{EX}a> <{EX}p> ?o }} USING <{G1}> WHERE {{ ?s ?p ?o }}");
    let response = a
        .update(&using, &format!("using-graph-uri={}", encoded(G2)))
        .await;
    failure(response, StatusCode::BAD_REQUEST).await;
    // A query and an update at once; an update with a query's dataset parameter.
    let response = a
        .form(&[("query", "ASK {}"), ("update", "CLEAR ALL")], "")
        .await;
    failure(response, StatusCode::BAD_REQUEST).await;
    let response = a
        .update("CLEAR ALL", &format!("default-graph-uri={data0}"))
        .await;
    assert!(failure(response, StatusCode::BAD_REQUEST)
        .await
        .contains("using-graph-uri"));
    assert_eq!(a.data(), before, "not a triple changed");
    assert!(a.imports().await.is_empty(), "nothing recorded");
}

// --- maillage's model -----------------------------------------------------------------

/// DELETE/INSERT WHERE on a named graph and on the default graph (the current state).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_insert_where_on_named_graphs_and_on_the_current_state() {
    let a = serve().await;
    // A named graph: the labels of G1 in upper case, in place.
    let text = format!(
        "# Libellés en capitales\n\
         DELETE {{ GRAPH <{G1}> {{ ?s <{EX}label> ?l }} }}\n\
         INSERT {{ GRAPH <{G1}> {{ ?s <{EX}label> ?u }} }}\n\
         WHERE {{ GRAPH <{G1}> {{ ?s <{EX}label> ?l }} BIND(UCASE(STR(?l)) AS ?u) }}"
    );
    let body = success(a.update(&text, "").await).await;
    assert_eq!(body["import"]["kind"], "sparql-update");
    assert_eq!(body["import"]["message"], "Libellés en capitales");
    assert_eq!(body["import"]["graphs"][0]["graph"], G1);
    assert_eq!(body["import"]["graphs"][0]["added"], 1);
    assert_eq!(body["import"]["graphs"][0]["removed"], 1);
    assert_eq!(body["changes"]["added"], 1);
    assert_eq!(body["changes"]["removed"], 1);
    assert!(
        a.ask(&format!(
            "ASK {{ GRAPH <{G1}> {{ <{EX}msp-pont> <{EX}label> \"MSP DU PONT\" }} }}"
        ))
        .await
    );
    // The current state: the CPTS becomes a Structure. The old triple is retracted (G2,
    // the document stating it, is untouched), the new one stated in the update's graph.
    let text = format!(
        "DELETE {{ ?s a <{EX}CPTS> }} INSERT {{ ?s a <{EX}Structure> }} WHERE {{ ?s a <{EX}CPTS> }}"
    );
    let text = text.replace(" a ", &format!(" <{EX}type> "));
    let body = success(a.update(&text, "comment=Reclassement").await).await;
    let id = body["import"]["id"].as_str().unwrap().to_owned();
    assert_eq!(body["import"]["message"], "Reclassement");
    assert_eq!(
        (
            body["import"]["added"].as_u64(),
            body["import"]["retracted"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert!(body["import"]["graphs"].as_array().unwrap().is_empty());
    assert_eq!(body["location"].as_str().unwrap(), format!("/imports/{id}"));
    assert!(
        !a.ask(&format!("ASK {{ <{EX}cpts-nord> <{EX}type> <{EX}CPTS> }}"))
            .await
    );
    assert!(
        a.ask(&format!(
            "ASK {{ GRAPH <{G2}> {{ <{EX}cpts-nord> <{EX}type> <{EX}CPTS> }} }}"
        ))
        .await
    );
    assert!(
        a.ask(&format!(
            "ASK {{ <{EX}cpts-nord> <{EX}type> <{EX}Structure> . \
             GRAPH <{BASE}graph/import/{id}> {{ <{EX}cpts-nord> <{EX}type> <{EX}Structure> }} \
             GRAPH <{BASE}graph/retraction/{id}> {{ <{EX}cpts-nord> <{EX}type> <{EX}CPTS> }} }}"
        ))
        .await
    );
    // DELETE WHERE shorthand, on the default graph.
    let body = success(
        a.update(&format!("DELETE WHERE {{ <{EX}dataset> ?p ?o }}"), "")
            .await,
    )
    .await;
    assert_eq!(body["changes"]["removed"], 1);
    assert!(!a.ask(&format!("ASK {{ <{EX}dataset> ?p ?o }}")).await);
}

/// Operations run in order, each seeing the previous ones; stating then withdrawing the
/// same triple changes nothing; inserting a retracted triple lifts the retraction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_see_the_previous_ones() {
    let a = serve().await;
    let before = a.data();
    let text = format!(
        "INSERT DATA {{ <{EX}x> <{EX}p> 1 }} ;\n\
         INSERT {{ <{EX}x> <{EX}q> ?v }} WHERE {{ <{EX}x> <{EX}p> ?v }} ;\n\
         DELETE WHERE {{ <{EX}x> ?p ?o }}"
    );
    let body = success(a.update(&text, "").await).await;
    assert_eq!(
        body["import"],
        Value::Null,
        "nothing left to record: {body}"
    );
    assert_eq!(a.data(), before);
    // Withdraw a triple, then state it again in the same request: it stays current, and
    // nothing is recorded (the net change is nothing).
    let t = format!("<{EX}cpts-nord> <{EX}label> \"CPTS Nord\"");
    let body = success(
        a.update(
            &format!("DELETE DATA {{ {t} }} ; INSERT DATA {{ {t} }}"),
            "",
        )
        .await,
    )
    .await;
    assert!(a.ask(&format!("ASK {{ {t} }}")).await, "{body}");
    // Withdrawn by one update, stated by the next: the retraction is lifted.
    success(a.update(&format!("DELETE DATA {{ {t} }}"), "").await).await;
    assert!(!a.ask(&format!("ASK {{ {t} }}")).await);
    let body = success(a.update(&format!("INSERT DATA {{ {t} }}"), "").await).await;
    assert!(a.ask(&format!("ASK {{ {t} }}")).await);
    assert_eq!(body["import"]["graphs"][0]["removed"], 1, "{body}");
    // A WHERE clause on the current state sees a retraction made earlier in the request
    // (and not the retracted triple), and a triple stated earlier.
    let text = format!(
        "DELETE DATA {{ {t} }} ;\n\
         INSERT DATA {{ <{EX}cpts-nord> <{EX}label> \"CPTS du Nord\" }} ;\n\
         INSERT {{ <{EX}check> <{EX}saw> ?l }} WHERE {{ <{EX}cpts-nord> <{EX}label> ?l }}"
    );
    success(a.update(&text, "").await).await;
    let seen: Vec<String> = a
        .select(&format!("SELECT ?l WHERE {{ <{EX}check> <{EX}saw> ?l }}"))
        .await
        .iter()
        .map(|r| r["l"]["value"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, ["CPTS du Nord"]);
    // COPY and MOVE between named graphs, then ADD to the default graph.
    let copy = format!("{EX}graph/copy");
    let moved = format!("{EX}graph/moved");
    success(
        a.update(
            &format!(
                "COPY <{G1}> TO <{copy}> ; MOVE <{copy}> TO <{moved}> ; ADD <{G3}> TO DEFAULT"
            ),
            "",
        )
        .await,
    )
    .await;
    let graphs = a.data_graphs().await;
    assert!(graphs.contains(&moved) && !graphs.contains(&copy));
    assert!(
        a.ask(&format!(
            "ASK {{ GRAPH <{moved}> {{ <{EX}msp-pont> <{EX}insee> \"75056\" }} }}"
        ))
        .await
    );
}

/// A failing operation leaves nothing: the request is one change set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_operation_leaves_nothing() {
    let a = serve().await;
    let before = a.data();
    let insert = format!(
        "INSERT DATA {{ GRAPH <{EX}graph/new> {{ <{EX}a> <{EX}p> 1 }} }} ; DELETE DATA {{ GRAPH <{G1}> {{ <{EX}centre-gare> <{EX}type> <{EX}CentreDeSante> }} }}"
    );
    for (second, says) in [
        (format!("DROP GRAPH <{EX}graph/absent>"), "no such graph"),
        ("CLEAR DEFAULT".to_owned(), "current state"),
        ("DROP DEFAULT".to_owned(), "current state"),
        (format!("COPY <{G1}> TO DEFAULT"), "DEFAULT"),
        (format!("CREATE GRAPH <{G2}>"), "already exists"),
        (
            format!("LOAD <http://127.0.0.1:1/data.ttl> INTO GRAPH <{G1}>"),
            "LOAD",
        ),
        (
            format!("INSERT DATA {{ GRAPH <{BASE}graph/provenance> {{ <{EX}a> <{EX}p> 1 }} }}"),
            "system graph",
        ),
        (
            format!("CLEAR GRAPH <{BASE}graph/system/reverted/import/x>"),
            "system graph",
        ),
    ] {
        let text = format!("{insert} ;\n{second}");
        let message = failure(a.update(&text, "").await, StatusCode::BAD_REQUEST).await;
        assert!(
            message.contains(says) && message.contains("operation 3 of"),
            "{second}: {message}"
        );
        assert!(message.contains("nothing was written"), "{message}");
        assert_eq!(a.data(), before, "{second}");
    }
    assert!(a.imports().await.is_empty());
    // SILENT makes the same operations succeed.
    success(
        a.update(
            &format!("DROP SILENT GRAPH <{EX}graph/absent> ; CREATE SILENT GRAPH <{G2}>"),
            "",
        )
        .await,
    )
    .await;
}

/// Added triples that break the shapes: 422 with the report, nothing written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_triples_are_a_422_report() {
    let a = serve().await;
    let before = a.data();
    let response = a
        .update(
            &format!("INSERT DATA {{ <{EX}a> <{BASE}def#notATerm> 1 }}"),
            "",
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["conforms"], false);
    assert_eq!(a.data(), before);
}

/// Anonymous clients and curators cannot change a triple through any admin route.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_and_curators_cannot_write_through_any_route() {
    let a = serve().await;
    let before = a.data();
    let http = client();
    let update = format!("INSERT DATA {{ <{EX}a> <{EX}p> 1 }}");
    let store_graph = a.server.url(&format!("/store?graph={}", encoded(G1)));
    let store_default = a.server.url("/store?default");
    let store = a.server.url("/store");
    for token in [None, Some(a.curator.as_str())] {
        let requests = vec![
            http.post(a.server.sparql())
                .header(CONTENT_TYPE, "application/sparql-update")
                .body(update.clone()),
            http.post(a.server.sparql())
                .form(&[("update", update.as_str())]),
            http.post(a.server.url("/update"))
                .header(CONTENT_TYPE, "application/sparql-update")
                .body(update.clone()),
            http.post(a.server.url("/update"))
                .form(&[("update", "DROP ALL")]),
            http.put(&store_graph)
                .header(CONTENT_TYPE, "text/turtle")
                .body("<http://ex/a> <http://ex/p> 1 ."),
            http.post(&store_graph)
                .header(CONTENT_TYPE, "text/turtle")
                .body("<http://ex/a> <http://ex/p> 1 ."),
            http.delete(&store_graph),
            http.post(&store_default)
                .header(CONTENT_TYPE, "text/turtle")
                .body("<http://ex/a> <http://ex/p> 1 ."),
            http.post(&store)
                .header(CONTENT_TYPE, "text/turtle")
                .body("<http://ex/a> <http://ex/p> 1 ."),
            http.delete(&store_default),
        ];
        for request in requests {
            let request = match token {
                Some(t) => request.header(AUTHORIZATION, bearer(t)),
                None => request,
            };
            let response = request.send().await.unwrap();
            let url = response.url().to_string();
            match token {
                None => {
                    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{url}");
                    assert!(response.headers()[WWW_AUTHENTICATE]
                        .to_str()
                        .unwrap()
                        .starts_with("Bearer"));
                    assert!(failure(response, StatusCode::UNAUTHORIZED)
                        .await
                        .contains("Authorization: Bearer"));
                }
                Some(_) => {
                    let message = failure(response, StatusCode::FORBIDDEN).await;
                    assert!(
                        message.contains("alice is a curator") && message.contains("admin token"),
                        "{url}: {message}"
                    );
                }
            }
        }
    }
    // A forged token is no better.
    let response = http
        .post(a.server.url("/update"))
        .header(AUTHORIZATION, "Bearer mlg_00000000_00")
        .header(CONTENT_TYPE, "application/sparql-update")
        .body(update)
        .send()
        .await
        .unwrap();
    failure(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(a.data(), before, "not a triple changed");
    assert!(a.imports().await.is_empty());
}

/// An update is listed, found by the history of the resources it touched, its content
/// served, and its revert restores the dataset exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_is_recorded_and_its_revert_restores_the_dataset() {
    let a = serve().await;
    let before = a.data();
    let text = format!(
        "# Réorganisation des structures\n\
         DELETE DATA {{ GRAPH <{G1}> {{ <{EX}centre-gare> <{EX}type> <{EX}CentreDeSante> }} }} ;\n\
         INSERT DATA {{ GRAPH <{EX}graph/new> {{ <{EX}centre-gare> <{EX}label> \"Centre de la gare\" }} }} ;\n\
         DROP GRAPH <{G2}> ;\n\
         CREATE GRAPH <{EX}graph/empty> ;\n\
         INSERT DATA {{ <{EX}centre-gare> <{EX}insee> \"75056\" }} ;\n\
         DELETE DATA {{ <{EX}msp-pont> <{EX}insee> \"75056\" }}"
    );
    let response = client()
        .post(a.server.url("/update"))
        .header(AUTHORIZATION, bearer(&a.admin))
        .header(CONTENT_TYPE, "application/sparql-update")
        .body(text)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    let id = body["import"]["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/imports/{id}"));
    assert_ne!(a.data(), before);
    // Listed, with who, why, how and what it did to each graph.
    let imports = a.imports().await;
    assert_eq!(imports.len(), 1);
    let record = &imports[0];
    assert_eq!(record["curator"], "root");
    assert_eq!(record["kind"], "sparql-update");
    assert_eq!(record["message"], "Réorganisation des structures");
    assert_eq!(
        (record["added"].as_u64(), record["retracted"].as_u64()),
        (Some(1), Some(1))
    );
    let graphs: Vec<(String, u64, u64, bool, bool)> = record["graphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["graph"].as_str().unwrap().to_owned(),
                g["added"].as_u64().unwrap(),
                g["removed"].as_u64().unwrap(),
                g["created"].as_bool().unwrap(),
                g["dropped"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        graphs,
        [
            (format!("{EX}graph/empty"), 0, 0, true, false),
            (format!("{EX}graph/new"), 1, 0, true, false),
            (G1.to_owned(), 0, 1, false, false),
            (G2.to_owned(), 0, 2, false, true),
        ],
        "{record}"
    );
    // The history of a resource it touched in a named graph, and in the default graph.
    for resource in ["centre-gare", "cpts-nord", "msp-pont"] {
        let history: Value = client()
            .get(a.server.url("/history"))
            .query(&[("iri", format!("{EX}{resource}"))])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            history["imports"][0]["id"],
            id.as_str(),
            "{resource}: {history}"
        );
    }
    // Its content: its own graphs and what it kept for the revert.
    let trig = client()
        .get(a.server.url(&location))
        .header("Accept", "application/n-quads")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        trig.contains("CPTS Nord") && trig.contains("Centre de la gare"),
        "{trig}"
    );
    // Reverted by the admin: the dataset is as before, to the quad.
    let reverted = client()
        .delete(a.server.url(&format!("{location}?message=annulation")))
        .header(AUTHORIZATION, bearer(&a.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(
        reverted.status(),
        StatusCode::OK,
        "{}",
        reverted.text().await.unwrap()
    );
    assert_eq!(a.data(), before);
    let graphs = a.data_graphs().await;
    assert!(graphs.contains(G2));
    let empty = client()
        .get(a.server.url(&format!(
            "/store?graph={}",
            encoded(&format!("{EX}graph/empty"))
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(
        empty.status(),
        StatusCode::NOT_FOUND,
        "the created graph is gone"
    );
    let record: Value = client()
        .get(a.server.url(&location))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(record["import"]["reverted"]["by"], "root");
    // Twice: 409.
    let again = client()
        .delete(a.server.url(&location))
        .header(AUTHORIZATION, bearer(&a.admin))
        .send()
        .await
        .unwrap();
    failure(again, StatusCode::CONFLICT).await;
}

/// A revert that would not restore the dataset exactly (a later write changed the same
/// triples) is a 409; reverting the later write first makes it possible.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revert_after_later_changes_to_the_same_triples_is_a_conflict() {
    let a = serve().await;
    let before = a.data();
    let first = success(
        a.update(
            &format!("INSERT DATA {{ GRAPH <{G1}> {{ <{EX}a> <{EX}p> 1 }} }}"),
            "",
        )
        .await,
    )
    .await;
    let second = success(
        a.update(
            &format!("DELETE DATA {{ GRAPH <{G1}> {{ <{EX}a> <{EX}p> 1 }} }}"),
            "",
        )
        .await,
    )
    .await;
    let revert = |record: &Value| {
        let url = a.server.url(&format!(
            "/imports/{}",
            record["import"]["id"].as_str().unwrap()
        ));
        client()
            .delete(url)
            .header(AUTHORIZATION, bearer(&a.admin))
            .send()
    };
    let message = failure(revert(&first).await.unwrap(), StatusCode::CONFLICT).await;
    assert!(message.contains("revert the later writes"), "{message}");
    success(revert(&second).await.unwrap()).await;
    success(revert(&first).await.unwrap()).await;
    assert_eq!(a.data(), before);
}

/// Graph Store Protocol writes by an admin: PUT, POST, DELETE on a named graph, POST to
/// the default graph and to the store; each recorded; the refusals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_store_writes_by_an_admin() {
    let a = serve().await;
    let http = client();
    let admin = bearer(&a.admin);
    let graph = format!("{EX}graph/gsp");
    let url = a.server.url(&format!("/store?graph={}", encoded(&graph)));
    let turtle = |body: &str| body.to_owned();
    // PUT creates: 201.
    let response = http
        .put(&url)
        .header(AUTHORIZATION, &admin)
        .header(CONTENT_TYPE, "text/turtle")
        .body(turtle(&format!("<{EX}a> <{EX}p> 1 , 2 .")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.headers()[LOCATION].to_str().unwrap(),
        format!("/store?graph={}", encoded(&graph))
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["import"]["kind"], "graph-store");
    assert_eq!(body["changes"]["added"], 2);
    // PUT replaces: 200.
    let response = http
        .put(&url)
        .header(AUTHORIZATION, &admin)
        .header(CONTENT_TYPE, "application/n-triples")
        .header("Maillage-Message", "remplacement")
        .body(format!(
            "<{EX}a> <{EX}p> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["import"]["message"], "remplacement");
    assert_eq!(
        (
            body["changes"]["added"].as_u64(),
            body["changes"]["removed"].as_u64()
        ),
        (Some(1), Some(2))
    );
    // POST adds.
    let response = http
        .post(&url)
        .header(AUTHORIZATION, &admin)
        .header(CONTENT_TYPE, "text/turtle")
        .body(format!("<{EX}a> <{EX}p> 4 ."))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let rows = a
        .select(&format!(
            "SELECT ?o WHERE {{ GRAPH <{graph}> {{ <{EX}a> <{EX}p> ?o }} }} ORDER BY ?o"
        ))
        .await;
    let values: Vec<&str> = rows
        .iter()
        .map(|r| r["o"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["3", "4"]);
    // DELETE drops it; again: 404.
    let response = http
        .delete(&url)
        .header(AUTHORIZATION, &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        http.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let response = http
        .delete(&url)
        .header(AUTHORIZATION, &admin)
        .send()
        .await
        .unwrap();
    failure(response, StatusCode::NOT_FOUND).await;
    // POST ?default states the triples: they form the write's own import graph.
    let response = http
        .post(a.server.url("/store?default"))
        .header(AUTHORIZATION, &admin)
        .header(CONTENT_TYPE, "text/turtle")
        .body(format!("<{EX}b> <{EX}p> 5 ."))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let id = response.json::<Value>().await.unwrap()["import"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        a.ask(&format!(
            "ASK {{ <{EX}b> <{EX}p> 5 GRAPH <{BASE}graph/import/{id}> {{ <{EX}b> <{EX}p> 5 }} }}"
        ))
        .await
    );
    // POST to the store: a new graph, 201 with its location (GSP 5.5).
    let response = http
        .post(a.server.url("/store"))
        .header(AUTHORIZATION, &admin)
        .header(CONTENT_TYPE, "text/turtle")
        .body(format!("<{EX}c> <{EX}p> 6 ."))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/store?graph=https%3A%2F%2Fw3id.org%2Fmaillage%2Fgraph%2Fimport%2F")
    );
    let created = http.get(a.server.url(&location)).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::OK);
    assert!(created.text().await.unwrap().contains("maillage-test/c>"));
    assert_eq!(a.imports().await.len(), 6);
    assert!(a.imports().await.iter().all(|r| r["kind"] == "graph-store"));
    // Refusals: nothing written.
    let before = a.data();
    for (request, status, says) in [
        (
            http.put(a.server.url("/store?default"))
                .header(CONTENT_TYPE, "text/turtle")
                .body(String::new()),
            StatusCode::BAD_REQUEST,
            "derived",
        ),
        (
            http.delete(a.server.url("/store?default")),
            StatusCode::BAD_REQUEST,
            "derived",
        ),
        (
            http.delete(a.server.url("/store")),
            StatusCode::BAD_REQUEST,
            "derived",
        ),
        (
            http.put(&url).header(CONTENT_TYPE, "image/png").body("x"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Turtle",
        ),
        (
            http.put(&url).body("<a:a> <a:b> 1 ."),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Turtle",
        ),
        (
            http.put(&url)
                .header(CONTENT_TYPE, "text/turtle")
                .body("<a:a> <a:b> 1 .\n<a:a> <a:b> ."),
            StatusCode::BAD_REQUEST,
            "line 2",
        ),
        (
            http.put(&url)
                .header(CONTENT_TYPE, "application/trig")
                .body("<a:g> { <a:a> <a:b> 1 . }"),
            StatusCode::BAD_REQUEST,
            "one graph",
        ),
        (
            http.put(a.server.url(&format!(
                "/store?graph={}",
                encoded(&format!("{BASE}graph/provenance"))
            )))
            .header(CONTENT_TYPE, "text/turtle")
            .body("<a:a> <a:b> 1 ."),
            StatusCode::BAD_REQUEST,
            "system graph",
        ),
    ] {
        let response = request.header(AUTHORIZATION, &admin).send().await.unwrap();
        let message = failure(response, status).await;
        assert!(message.contains(says), "{message}");
    }
    let response = http.patch(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()[ALLOW], "GET, HEAD, PUT, POST, DELETE");
    assert_eq!(a.data(), before);
}

/// `/update` takes updates only; the service description announces update support.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_update_endpoint_and_the_service_description() {
    let a = serve().await;
    let response = client()
        .post(a.server.url("/update"))
        .header(AUTHORIZATION, bearer(&a.admin))
        .form(&[("query", "ASK {}")])
        .send()
        .await
        .unwrap();
    assert!(failure(response, StatusCode::BAD_REQUEST)
        .await
        .contains("/sparql"));
    let response = client().get(a.server.url("/update")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let description = client()
        .get(a.server.sparql())
        .header("Accept", "application/n-triples")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    assert!(description.contains(&format!("<{sd}supportedLanguage> <{sd}SPARQL11Update>")));
    assert!(description.contains(&format!("<{sd}feature> <{sd}EmptyGraphs>")));
    assert!(!description.contains("UnionDefaultGraph>"));
    // Without a token file, no update support is announced.
    let read_only = start(&fixture(), config()).await;
    let description = client()
        .get(read_only.sparql())
        .header("Accept", "application/n-triples")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!description.contains("SPARQL11Update"));
}

/// An update whose WHERE clause runs past the query time limit is cancelled: 503, nothing
/// written, and the writer is free for the next write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_update_is_cancelled_at_the_time_limit() {
    let config = ServerConfig {
        query_timeout: std::time::Duration::from_secs(1),
        ..config()
    };
    let a = serve_with(&many(1000), config).await;
    let before = a.data();
    let text = format!("INSERT {{ <{EX}count> <{EX}is> ?c }} WHERE {{ {{ {CROSS_PRODUCT} }} }}");
    let started = std::time::Instant::now();
    let message = failure(a.update(&text, "").await, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(message.contains("1 s limit"), "{message}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(a.data(), before);
    success(
        a.update(&format!("INSERT DATA {{ <{EX}a> <{EX}p> 1 }}"), "")
            .await,
    )
    .await;
}
