//! Curation through the real server on a loopback port, over a real on-disk
//! store holding the seed graph: tokens, imports, validation, retraction,
//! history and revert.

mod common;

use common::{client, config, seed_store, TestServer};
use maillage::curation::tokens::Tokens;
use maillage::curation::Role;
use maillage::server::{router, ServerConfig};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, LOCATION, WWW_AUTHENTICATE};
use reqwest::StatusCode;
use serde_json::Value;

const ID: &str = "https://w3id.org/maillage/id/";
const MLG: &str = "https://w3id.org/maillage/def#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const PROV: &str = "http://www.w3.org/ns/prov#";

struct Curated {
    server: TestServer,
    admin: String,
    alice: String,
    bob: String,
    _tokens: tempfile::TempDir,
}

/// The seed graph served with a token file holding an admin and two curators.
async fn start() -> Curated {
    let tokens_dir = tempfile::tempdir().unwrap();
    let path = tokens_dir.path().join("tokens.json");
    let mut tokens = Tokens::load(&path).unwrap();
    let admin = tokens
        .add("root", Role::Admin, "2026-11-29T00:00:00Z")
        .unwrap()
        .0;
    let alice = tokens
        .add("alice", Role::Curator, "2026-11-29T00:00:00Z")
        .unwrap()
        .0;
    let bob = tokens
        .add("bob", Role::Curator, "2026-11-29T00:00:00Z")
        .unwrap()
        .0;
    let (dir, store) = seed_store();
    let config = ServerConfig {
        tokens: Some(path),
        max_body_bytes: 1 << 20,
        ..config()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(store.clone(), config);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Curated {
        server: TestServer::from_parts(addr, store, dir),
        admin,
        alice,
        bob,
        _tokens: tokens_dir,
    }
}

impl Curated {
    async fn import(
        &self,
        token: Option<&str>,
        content_type: &str,
        query: &str,
        body: &str,
    ) -> reqwest::Response {
        let mut request = client()
            .post(self.server.url(&format!("/imports?{query}")))
            .header(CONTENT_TYPE, content_type)
            .body(body.to_owned());
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        request.send().await.unwrap()
    }

    /// A query's SPARQL JSON results over `/sparql`.
    async fn results(&self, query: &str) -> Value {
        let response = client()
            .get(self.server.sparql())
            .query(&[("query", query)])
            .header("Accept", "application/sparql-results+json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        response.json().await.unwrap()
    }

    async fn ask(&self, query: &str) -> bool {
        self.results(query).await["boolean"].as_bool().unwrap()
    }

    /// Whether the CPTS page's legal history (its curated query) shows loi 2016-41 creating it.
    async fn cpts_history_has_the_creation(&self) -> bool {
        let json: Value = client()
            .get(self.server.url("/api/queries/dispositif-history"))
            .query(&[("dispositif", format!("{ID}dispositif/cpts"))])
            .header("Accept", "application/sparql-results+json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let rows = json["results"]["bindings"]
            .as_array()
            .expect("SPARQL JSON rows");
        assert!(!rows.is_empty(), "the CPTS has a legal history: {json}");
        rows.iter().any(|r| {
            r["law"]["value"] == format!("{ID}loi/2016-41")
                && r["relation"]["value"] == format!("{MLG}created")
        })
    }

    /// Every quad outside the provenance and system graphs, sorted (no blank nodes here).
    fn dataset(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .server
            .store
            .quads(None)
            .unwrap()
            .map(|q| q.unwrap().to_string())
            .filter(|l| !l.contains("/graph/provenance>") && !l.contains("/graph/system/"))
            .collect();
        lines.sort();
        lines
    }
}

const CPTS_LOCAL: &str = "<https://w3id.org/maillage/id/cpts/val-de-bievre> a <https://w3id.org/maillage/def#Dispositif> ;
    <http://www.w3.org/2000/01/rdf-schema#label> \"CPTS du Val de Bièvre\"@fr .";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_and_bad_tokens_cannot_write_through_any_route() {
    let c = start().await;
    let before = c.dataset();
    let anonymous = c.import(None, "text/turtle", "message=x", CPTS_LOCAL).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(anonymous.headers()[WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    assert!(anonymous
        .text()
        .await
        .unwrap()
        .contains("Authorization: Bearer"));
    let forged = c
        .import(
            Some("mlg_00000000_00"),
            "text/turtle",
            "message=x",
            CPTS_LOCAL,
        )
        .await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let http = client();
    let update = "INSERT DATA { <http://ex/a> <http://ex/p> 1 }";
    for response in [
        http.post(c.server.sparql())
            .header(CONTENT_TYPE, "application/sparql-update")
            .body(update)
            .send()
            .await
            .unwrap(),
        http.post(c.server.sparql())
            .form(&[("update", update)])
            .send()
            .await
            .unwrap(),
        http.put(c.server.url("/store?default"))
            .header(CONTENT_TYPE, "text/turtle")
            .body("<http://ex/a> <http://ex/p> 1 .")
            .send()
            .await
            .unwrap(),
        http.delete(c.server.url("/store?default"))
            .send()
            .await
            .unwrap(),
        http.delete(c.server.url("/imports/anything"))
            .send()
            .await
            .unwrap(),
    ] {
        assert!(!response.status().is_success(), "{}", response.url());
        assert!(
            !response.text().await.unwrap().is_empty(),
            "an error says why"
        );
    }
    assert_eq!(c.dataset(), before, "not a triple changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_lands_whole_with_its_provenance_once() {
    let c = start().await;
    let created = c
        .import(
            Some(&c.alice),
            "text/turtle",
            "message=CPTS%20manquante&source=https%3A%2F%2Fexample.org%2Fars",
            CPTS_LOCAL,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let location = created.headers()[LOCATION].to_str().unwrap().to_owned();
    let body: Value = created.json().await.unwrap();
    assert_eq!(body["changes"]["added"], 2);
    let id = body["import"]["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/imports/{id}"));
    // In the current state and in its own graph.
    let label = "<https://w3id.org/maillage/id/cpts/val-de-bievre> <http://www.w3.org/2000/01/rdf-schema#label> ?l";
    assert!(c.ask(&format!("ASK {{ {label} }}")).await);
    assert!(
        c.ask(&format!(
            "ASK {{ GRAPH <https://w3id.org/maillage/graph/import/{id}> {{ {label} }} }}"
        ))
        .await
    );
    // The resource's page says who changed it, when and why, with a link to the import.
    let page = client()
        .get(c.server.url("/id/cpts/val-de-bievre"))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Modifications des curateurs"), "{html}");
    assert!(html.contains("alice : « CPTS manquante »"), "{html}");
    assert!(html.contains(&format!("href=\"/imports/{id}\"")), "{html}");
    let json: Value = client()
        .get(c.server.url("/id/cpts/val-de-bievre?format=json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["changes"][0]["id"], id.as_str(), "{json}");
    assert_eq!(json["changes"][0]["curator"], "alice", "{json}");
    // Who, when, why, from where.
    let record = client().get(c.server.url(&location)).send().await.unwrap();
    assert_eq!(record.status(), StatusCode::OK);
    let record: Value = serde_json::from_str(&record.text().await.unwrap()).unwrap();
    assert_eq!(record["import"]["curator"], "alice");
    assert_eq!(record["import"]["message"], "CPTS manquante");
    assert_eq!(record["import"]["source"], "https://example.org/ars");
    assert!(record["import"]["time"].as_str().unwrap().starts_with("20"));
    assert!(c.ask(&format!(
        "PREFIX prov: <http://www.w3.org/ns/prov#> ASK {{ GRAPH <https://w3id.org/maillage/graph/provenance> {{ \
         <{ID}import/{id}> prov:wasAssociatedWith <{ID}account/alice> ; prov:startedAtTime ?t }} }}"
    )).await);
    // Its content, negotiated.
    let trig = client()
        .get(c.server.url(&location))
        .header("Accept", "application/trig")
        .send()
        .await
        .unwrap();
    assert_eq!(trig.status(), StatusCode::OK);
    assert!(trig.text().await.unwrap().contains("Val de Bièvre"));
    // The same content again: 409 pointing at the first.
    let again = c
        .import(Some(&c.bob), "text/turtle", "message=again", CPTS_LOCAL)
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(again.headers()[LOCATION].to_str().unwrap(), location);
    // Listed, filtered by curator; the history of the resource names it.
    let list: Value = client()
        .get(c.server.url("/imports?curator=alice"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["imports"].as_array().unwrap().len(), 1);
    let none: Value = client()
        .get(c.server.url("/imports?curator=bob"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(none["imports"].as_array().unwrap().is_empty());
    let history: Value = client()
        .get(c.server.url("/history"))
        .query(&[("iri", format!("{ID}cpts/val-de-bievre"))])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(history["imports"][0]["id"], id.as_str());
    let feed = client()
        .get(c.server.url("/imports/feed.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(feed.headers()[CONTENT_TYPE], "application/feed+json");
    assert_eq!(
        feed.json::<Value>().await.unwrap()["items"][0]["authors"][0]["name"],
        "alice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_with_reasons_and_nothing_is_written() {
    let c = start().await;
    let before = c.dataset();
    let syntax = c
        .import(
            Some(&c.alice),
            "text/turtle",
            "message=x",
            "<http://ex/a> <http://ex/p> 1 .\n<http://ex/a> <http://ex/p> .",
        )
        .await;
    assert_eq!(syntax.status(), StatusCode::BAD_REQUEST);
    assert!(syntax.text().await.unwrap().contains("line 2"));
    let unsupported = c
        .import(Some(&c.alice), "image/png", "message=x", "x")
        .await;
    assert_eq!(unsupported.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let no_message = c
        .import(Some(&c.alice), "text/turtle", "", CPTS_LOCAL)
        .await;
    assert_eq!(no_message.status(), StatusCode::BAD_REQUEST);
    assert!(no_message.text().await.unwrap().contains("message"));
    let not_a_patch = c
        .import(
            Some(&c.alice),
            "application/sparql-update",
            "message=x",
            "CLEAR ALL",
        )
        .await;
    assert_eq!(not_a_patch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A dry run reports and writes nothing.
    let dry = c
        .import(
            Some(&c.alice),
            "text/turtle",
            "message=x&dry_run=true",
            CPTS_LOCAL,
        )
        .await;
    assert_eq!(dry.status(), StatusCode::OK);
    let report: Value = dry.json().await.unwrap();
    assert_eq!(report["changes"]["added"], 2);
    assert_eq!(c.dataset(), before);
}

/// A payload that breaks each shape of `/shapes` (each of its constraints) is refused
/// with a report naming that shape and that constraint component; every named shape is
/// covered. The domain, range and datatype shapes, stated from the ontology, get
/// payloads made from the shapes themselves; the others are written here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_constraint_is_reported_as_shacl() {
    use oxigraph::io::{RdfFormat, RdfParser};
    const SH: &str = "http://www.w3.org/ns/shacl#";
    let c = start().await;
    let before = c.dataset();
    let served = client().get(c.server.url("/shapes")).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    let shapes_ttl = served.text().await.unwrap();
    let triples: Vec<(String, String, String)> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(shapes_ttl.as_bytes())
        .map(|q| {
            let q = q.unwrap();
            let bare = |s: String| s.trim_matches(|c| c == '<' || c == '>').to_owned();
            (
                bare(q.subject.to_string()),
                q.predicate.as_str().to_owned(),
                bare(q.object.to_string()),
            )
        })
        .collect();
    let of = |s: &str, local: &str| -> Vec<String> {
        triples
            .iter()
            .filter(|t| t.0 == s && t.1 == format!("{SH}{local}"))
            .map(|t| t.2.clone())
            .collect()
    };
    let fact = |fields: &str| format!("<{ID}fact/x> a <{RDF}Statement> {fields} .");
    let (subject, predicate, object, evidence) = (
        format!("; <{RDF}subject> <{ID}loi/2016-41>"),
        format!("; <{RDF}predicate> <{MLG}created>"),
        format!("; <{RDF}object> <{ID}dispositif/cpts>"),
        format!("; <{MLG}evidence> <{ID}evidence/x>"),
    );
    let evidence_node = |fields: &str| format!("<{ID}evidence/x> a <{MLG}Evidence> {fields} .");
    let (document, line, quote) = (
        format!("; <{PROV}wasQuotedFrom> <{ID}document/x>"),
        format!("; <{MLG}line> 12"),
        format!("; <{PROV}value> \"q\""),
    );
    let good_evidence = evidence_node(&format!("{document}{line}{quote}"));
    // (payload, shape, component), the shapes other than the ontology's.
    let mut cases: Vec<(String, String, &str)> = vec![
        (format!("<{ID}loi/2016-41> <{MLG}inventedRelation> <{ID}dispositif/cpts> ."), "DeclaredTermShape".into(), "SPARQLConstraintComponent"),
        (format!("{} {good_evidence}", fact(&format!("{predicate}{object}{evidence}"))), "FactShape-subject".into(), "MinCountConstraintComponent"),
        (format!("{} {good_evidence}", fact(&format!("{subject}{predicate}{object}{evidence}; <{RDF}subject> <{ID}loi/2019-774>"))), "FactShape-subject".into(), "MaxCountConstraintComponent"),
        (format!("{} {good_evidence}", fact(&format!("{subject}{object}{evidence}"))), "FactShape-predicate".into(), "MinCountConstraintComponent"),
        (format!("{} {good_evidence}", fact(&format!("{subject}{predicate}{object}{evidence}; <{RDF}predicate> <{MLG}modified>"))), "FactShape-predicate".into(), "MaxCountConstraintComponent"),
        (format!("{} {good_evidence}", fact(&format!("{subject}{predicate}{evidence}"))), "FactShape-object".into(), "MinCountConstraintComponent"),
        (format!("{} {good_evidence}", fact(&format!("{subject}{predicate}{object}{evidence}; <{RDF}object> <{ID}dispositif/msp>"))), "FactShape-object".into(), "MaxCountConstraintComponent"),
        (fact(&format!("{subject}{predicate}{object}")), "FactShape-evidence".into(), "MinCountConstraintComponent"),
        (evidence_node(&format!("{line}{quote}")), "EvidenceShape-document".into(), "MinCountConstraintComponent"),
        (evidence_node(&format!("{line}{quote}; <{PROV}wasQuotedFrom> \"x\"")), "EvidenceShape-document".into(), "NodeKindConstraintComponent"),
        (evidence_node(&format!("{document}{quote}")), "EvidenceShape-line".into(), "MinCountConstraintComponent"),
        (evidence_node(&format!("{document}{line}")), "EvidenceShape-quote".into(), "MinCountConstraintComponent"),
        (evidence_node(&format!("{document}{line}; <{PROV}value> <{ID}quote/x>")), "EvidenceShape-quote".into(), "NodeKindConstraintComponent"),
        // Ill-typed literals: one rudof parses (xsd:integer), one it does not (xsd:date).
        (evidence_node(&format!("{document}{quote}; <{MLG}line> \"douze\"^^<http://www.w3.org/2001/XMLSchema#integer>")), "DatatypeShape-line".into(), "DatatypeConstraintComponent"),
        (format!("<{ID}conflict/x> a <{MLG}Conflict> ; <{MLG}statedDate> \"2021-13-45\"^^<http://www.w3.org/2001/XMLSchema#date> ."), "DatatypeShape-statedDate".into(), "DatatypeConstraintComponent"),
    ];
    // The ontology's shapes: a subject of no kind, an object of no kind, a literal of
    // another datatype.
    let named: std::collections::BTreeSet<String> = triples
        .iter()
        .filter(|t| {
            t.1 == format!("{RDF}type")
                && t.0.starts_with(MLG)
                && (t.2 == format!("{SH}NodeShape") || t.2 == format!("{SH}PropertyShape"))
        })
        .map(|t| t.0[MLG.len()..].to_owned())
        .collect();
    for shape in &named {
        let iri = format!("{MLG}{shape}");
        let Some(p) = of(&iri, "targetSubjectsOf").into_iter().next() else {
            continue;
        };
        if shape.starts_with("DomainShape-") {
            cases.push((
                format!("<{ID}x/untyped> <{p}> <{ID}x/other> ."),
                shape.clone(),
                "ClassConstraintComponent",
            ));
        } else if shape.starts_with("RangeShape-") {
            cases.push((
                format!("<{ID}x/s> <{p}> \"not a node\" ."),
                shape.clone(),
                "ClassConstraintComponent",
            ));
        } else if shape.starts_with("DatatypeShape-") {
            let datatype = &of(&iri, "datatype")[0];
            let wrong = if datatype.ends_with("#string") {
                "12"
            } else {
                "\"douze\""
            };
            cases.push((
                format!("<{ID}x/s> <{p}> {wrong} ."),
                shape.clone(),
                "DatatypeConstraintComponent",
            ));
        }
    }
    let covered: std::collections::BTreeSet<String> = cases
        .iter()
        .map(|(_, shape, _)| shape.clone())
        .chain(["FactShape".to_owned(), "EvidenceShape".to_owned()])
        .collect();
    assert_eq!(
        covered, named,
        "every named shape has a payload that breaks it"
    );
    for (turtle, shape, component) in &cases {
        let response = c
            .import(Some(&c.alice), "text/turtle", "message=x", turtle)
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{shape}: {turtle}"
        );
        let report: Value = response.json().await.unwrap();
        assert_eq!(report["conforms"], false);
        let results = report["results"].as_array().unwrap();
        assert!(
            results
                .iter()
                .any(|r| r["component"] == format!("sh:{component}")
                    && r["sourceShape"] == format!("{MLG}{shape}")
                    && r["severity"] == "sh:Violation"
                    && r["message"].as_str().is_some_and(|m| !m.is_empty())),
            "{shape} {component}: {turtle}: {report:#}"
        );
    }
    // The same payloads, made right, pass (dry run): the breaking part was the reason.
    let fine = format!(
        "{} {good_evidence}",
        fact(&format!("{subject}{predicate}{object}{evidence}"))
    );
    let dry = c
        .import(
            Some(&c.alice),
            "text/turtle",
            "message=x&dry_run=true",
            &fine,
        )
        .await;
    assert_eq!(
        dry.status(),
        StatusCode::OK,
        "{}",
        dry.text().await.unwrap()
    );
    let unknown = cases[0].0.clone();
    // The report in RDF: a sh:ValidationReport that does not conform.
    let turtle = c
        .import(Some(&c.alice), "text/turtle", "message=x", &unknown)
        .await;
    assert_eq!(turtle.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let rdf = client()
        .post(c.server.url("/imports?message=x"))
        .header(AUTHORIZATION, format!("Bearer {}", c.alice))
        .header(CONTENT_TYPE, "text/turtle")
        .header("Accept", "text/turtle")
        .body(unknown.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(rdf.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = rdf.text().await.unwrap();
    let report: Vec<(String, String)> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(|q| {
            let q = q.unwrap();
            (q.predicate.as_str().to_owned(), q.object.to_string())
        })
        .collect();
    let has = |p: &str, o: &str| {
        report
            .iter()
            .any(|(rp, ro)| rp == &format!("{SH}{p}") && ro.contains(o))
    };
    assert!(
        has("conforms", "false") && has("result", "") && has("focusNode", "loi/2016-41"),
        "{text}"
    );
    assert!(
        has("resultPath", "inventedRelation") && has("value", "inventedRelation"),
        "{text}"
    );
    assert!(
        has("sourceShape", "DeclaredTermShape")
            && has("sourceConstraintComponent", "SPARQLConstraintComponent"),
        "{text}"
    );
    assert!(
        has("resultSeverity", "Violation") && has("resultMessage", "@fr"),
        "{text}"
    );
    assert!(
        report
            .iter()
            .any(|(p, o)| p == &format!("{RDF}type") && o.contains("ValidationReport")),
        "{text}"
    );
    // Valid against the current graph: a relation to a dispositif defined elsewhere.
    let fine = c
        .import(
            Some(&c.alice),
            "text/turtle",
            "message=ok",
            &format!("<{ID}loi/2016-41> <{MLG}regulates> <{ID}dispositif/msp> ."),
        )
        .await;
    assert_eq!(
        fine.status(),
        StatusCode::CREATED,
        "{}",
        fine.text().await.unwrap()
    );
    // One quad in the import's graph, one in the current state.
    assert_eq!(c.dataset().len(), before.len() + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retraction_hides_a_seed_fact_and_its_revert_restores_the_dataset() {
    let c = start().await;
    let fact = format!("<{ID}loi/2016-41> <{MLG}created> <{ID}dispositif/cpts>");
    assert!(c.ask(&format!("ASK {{ {fact} }}")).await);
    let before = c.dataset();
    let retract = c
        .import(
            Some(&c.alice),
            "application/sparql-update",
            "message=faux",
            &format!("DELETE DATA {{ {fact} }}"),
        )
        .await;
    assert_eq!(retract.status(), StatusCode::CREATED);
    let body: Value = retract.json().await.unwrap();
    assert_eq!(body["changes"]["retracted"], 1);
    let id = body["import"]["id"].as_str().unwrap().to_owned();
    // Gone from the current state and from the views; the seed document still says it.
    assert!(!c.ask(&format!("ASK {{ {fact} }}")).await);
    assert!(
        !c.cpts_history_has_the_creation().await,
        "a retracted fact still shows"
    );
    assert!(
        c.ask(&format!(
            "ASK {{ GRAPH ?g {{ {fact} }} FILTER(CONTAINS(STR(?g), \"/graph/document/\")) }}"
        ))
        .await
    );
    // Bob may not revert Alice's import; Alice may.
    let by_bob = client()
        .delete(c.server.url(&format!("/imports/{id}")))
        .header(AUTHORIZATION, format!("Bearer {}", c.bob))
        .send()
        .await
        .unwrap();
    assert_eq!(by_bob.status(), StatusCode::FORBIDDEN);
    let revert = client()
        .delete(c.server.url(&format!("/imports/{id}?message=erreur")))
        .header(AUTHORIZATION, format!("Bearer {}", c.alice))
        .send()
        .await
        .unwrap();
    assert_eq!(revert.status(), StatusCode::OK);
    let record: Value = revert.json().await.unwrap();
    assert_eq!(record["import"]["reverted"]["by"], "alice");
    assert!(c.ask(&format!("ASK {{ {fact} }}")).await);
    assert!(c.cpts_history_has_the_creation().await);
    assert_eq!(
        c.dataset(),
        before,
        "the revert restores the dataset exactly"
    );
    // Recorded, not erased: listed as reverted, and twice is a conflict.
    let listed: Value = client()
        .get(c.server.url(&format!("/imports/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["import"]["reverted"]["message"], "erreur");
    let twice = client()
        .delete(c.server.url(&format!("/imports/{id}")))
        .header(AUTHORIZATION, format!("Bearer {}", c.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), StatusCode::CONFLICT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_graph_holds_each_triple_once() {
    let c = start().await;
    let count = |query: &'static str| {
        let url = c.server.sparql();
        async move {
            let json: Value = client()
                .get(url)
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
                .parse::<usize>()
                .unwrap()
        }
    };
    let all = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").await;
    let distinct =
        count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
            .await;
    let named = count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").await;
    assert_eq!(all, distinct);
    assert!(
        all > 10_000 && all < named,
        "{all} current, {named} in the sources"
    );
    let created = count("PREFIX mlg: <https://w3id.org/maillage/def#> SELECT (COUNT(*) AS ?n) WHERE { ?l mlg:created ?d }").await;
    let created_distinct = count("PREFIX mlg: <https://w3id.org/maillage/def#> SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?l ?d WHERE { ?l mlg:created ?d } }").await;
    assert_eq!(created, created_distinct);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_imports_all_land() {
    let c = start().await;
    let before = c.dataset().len();
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (url, token) = (c.server.url("/imports?message=lot"), c.alice.clone());
        tasks.push(tokio::spawn(async move {
            client()
                .post(url)
                .header(AUTHORIZATION, format!("Bearer {token}"))
                .header(CONTENT_TYPE, "application/n-triples")
                .body(format!("<{ID}cpts/lot-{i}> <http://www.w3.org/2000/01/rdf-schema#label> \"CPTS {i}\" .\n"))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::CREATED);
    }
    // Each import: one triple in its graph and one in the current state.
    assert_eq!(c.dataset().len(), before + 100);
    let list: Value = client()
        .get(c.server.url("/imports?limit=100"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["imports"].as_array().unwrap().len(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submitted_document_adds_its_extracted_facts_with_evidence() {
    let c = start().await;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/gold/heldout/h03_dossier_exercice_coordonne.txt"
    ))
    .unwrap();
    let submit = |token: Option<String>, content_type: &'static str| {
        let (url, text) = (
            c.server
                .url("/documents?id=dossier-h03&message=nouveau%20dossier"),
            text.clone(),
        );
        async move {
            let mut request = client()
                .post(url)
                .header(CONTENT_TYPE, content_type)
                .body(text);
            if let Some(token) = token {
                request = request.header(AUTHORIZATION, format!("Bearer {token}"));
            }
            request.send().await.unwrap()
        }
    };
    assert_eq!(
        submit(None, "text/plain").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        submit(Some(c.alice.clone()), "text/turtle").await.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let created = submit(Some(c.alice.clone()), "text/plain; charset=utf-8").await;
    let status = created.status();
    let body = created.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let extracted: Value = client()
        .get(c.server.url("/documents/dossier-h03"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(extracted["import"]["curator"], "alice");
    let facts = extracted["facts"].as_array().unwrap();
    assert!(facts.len() >= 5, "{extracted:#}");
    assert!(facts
        .iter()
        .all(|f| f["line"].as_u64().is_some() && !f["quote"].as_str().unwrap().is_empty()));
    // In the current state, with evidence that points at the document.
    assert!(
        c.ask(&format!(
            "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX mlg: <{MLG}> \
         ASK {{ ?e prov:wasQuotedFrom <{ID}document/dossier-h03> ; mlg:line ?l }}"
        ))
        .await
    );
    // Twice: the same content is not imported again.
    assert_eq!(
        submit(Some(c.alice.clone()), "text/plain").await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        client()
            .get(c.server.url("/documents/nowhere"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// The content hash is RDFC-1.0's: the same triples in another syntax, another order and
/// with other blank-node labels are the same content (409), a different one is not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_content_with_other_blank_node_labels_is_a_duplicate() {
    let c = start().await;
    let turtle = "<https://w3id.org/maillage/id/cpts/hash-test> a <https://w3id.org/maillage/def#Dispositif> ;
        <http://www.w3.org/2000/01/rdf-schema#label> \"CPTS de test\"@fr ;
        <http://www.w3.org/2000/01/rdf-schema#seeAlso> [ <http://www.w3.org/2000/01/rdf-schema#label> \"une note\"@fr ] .";
    let created = c
        .import(Some(&c.alice), "text/turtle", "message=first", turtle)
        .await;
    assert_eq!(
        created.status(),
        StatusCode::CREATED,
        "{}",
        created.text().await.unwrap()
    );
    let location = created.headers()[LOCATION].to_str().unwrap().to_owned();
    let ntriples = "_:other <http://www.w3.org/2000/01/rdf-schema#label> \"une note\"@fr .
<https://w3id.org/maillage/id/cpts/hash-test> <http://www.w3.org/2000/01/rdf-schema#seeAlso> _:other .
<https://w3id.org/maillage/id/cpts/hash-test> <http://www.w3.org/2000/01/rdf-schema#label> \"CPTS de test\"@fr .
<https://w3id.org/maillage/id/cpts/hash-test> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/maillage/def#Dispositif> .
";
    let again = c
        .import(
            Some(&c.alice),
            "application/n-triples",
            "message=again",
            ntriples,
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(again.headers()[LOCATION].to_str().unwrap(), location);
    let different = ntriples.replace("une note", "une autre note");
    let other = c
        .import(
            Some(&c.alice),
            "application/n-triples",
            "message=other",
            &different,
        )
        .await;
    assert_eq!(
        other.status(),
        StatusCode::CREATED,
        "{}",
        other.text().await.unwrap()
    );
}

/// A large import is validated part by part as it is read (`curation::stream`), never
/// whole: the report must be the one validating it whole gives. The same N-Triples body
/// is posted twice, the second time with one blank-node triple more (blank nodes are
/// imported whole): its violations must be the same. The body spans several parts, with
/// a subject whose triples are scattered over them, and values typed in other parts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_import_is_validated_part_by_part_as_it_would_be_whole() {
    use std::collections::BTreeSet;
    const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    let c = start().await;
    let before = c.dataset();
    let n = |local: &str| format!("<{ID}test/{local}>");
    let (a, legal, territory, statement, evidence) = (
        format!("<{RDF}type>"),
        format!("<{MLG}LegalText>"),
        format!("<{MLG}Territory>"),
        format!("<{RDF}Statement>"),
        format!("<{MLG}Evidence>"),
    );
    let amends = format!("<{MLG}amends>");
    let mut body = String::new();
    let mut line = |s: &str, p: &str, o: &str| body.push_str(&format!("{s} {p} {o} .\n"));
    // First part. l1 amends a1 (typed a legal text in the second part), and is typed at
    // the end only (a scattered subject): neither is a violation. l2 amends t2, a
    // territory (typed in the second part): a range violation.
    line(&n("l1"), &amends, &n("a1"));
    line(&n("l2"), &a, &legal);
    line(&n("l2"), &amends, &n("t2"));
    // f1 gets its evidence at the end (e1, typed here); f2 never does.
    for fact in ["f1", "f2"] {
        line(&n(fact), &a, &statement);
        line(
            &n(fact),
            &format!("<{RDF}subject>"),
            &format!("<{ID}loi/2016-41>"),
        );
        line(
            &n(fact),
            &format!("<{RDF}predicate>"),
            &format!("<{MLG}created>"),
        );
        line(
            &n(fact),
            &format!("<{RDF}object>"),
            &format!("<{ID}dispositif/cpts>"),
        );
    }
    line(&n("e1"), &a, &evidence);
    line(
        &n("e1"),
        &format!("<{PROV}wasQuotedFrom>"),
        &format!("<{ID}document/x>"),
    );
    line(
        &n("e1"),
        &format!("<{MLG}line>"),
        "\"douze\"^^<http://www.w3.org/2001/XMLSchema#integer>",
    );
    line(&n("e1"), &format!("<{PROV}value>"), "\"q\"");
    line(&n("x"), &format!("<{MLG}notDeclared>"), "\"x\"");
    let filler = maillage::curation::stream::PART * 5 / 4;
    for i in 0..filler {
        line(
            &n(&format!("filler/{i}")),
            &format!("<{LABEL}>"),
            &format!("\"{i}\""),
        );
    }
    // Second part.
    line(&n("a1"), &a, &legal);
    line(&n("t2"), &a, &territory);
    for i in filler..2 * filler {
        line(
            &n(&format!("filler/{i}")),
            &format!("<{LABEL}>"),
            &format!("\"{i}\""),
        );
    }
    // Third part: the scattered subjects' other triples.
    line(&n("l1"), &a, &legal);
    line(&n("f1"), &format!("<{MLG}evidence>"), &n("e1"));
    let report = |response: reqwest::Response| async move {
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let json: Value = response.json().await.unwrap();
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let field = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
                [
                    field("focusNode"),
                    field("path"),
                    field("value"),
                    field("sourceShape"),
                    field("component"),
                ]
            })
            .collect::<BTreeSet<[String; 5]>>()
    };
    // The two posts take the two paths: the first body streams, the second (one blank
    // node more) is read whole.
    {
        use maillage::curation::stream::{survey, Content, Refusal, PART};
        use oxigraph::io::RdfFormat;
        let read = |text: &str| {
            let content = Content::Memory(text.as_bytes().into());
            let (store, base) = (&c.server.store, "https://w3id.org/maillage/");
            survey(
                store,
                &content,
                RdfFormat::NTriples,
                base,
                true,
                PART,
                |_| false,
            )
        };
        let surveyed = read(&body).unwrap_or_else(|_| panic!("the body streams"));
        assert_eq!(surveyed.triples, body.lines().count());
        let whole = format!("{body}_:b <{LABEL}> \"blank\" .\n");
        assert!(matches!(read(&whole), Err(Refusal::NeedsMemory)));
    }
    let streamed = report(
        c.import(
            Some(&c.alice),
            "application/n-triples",
            "message=big",
            &body,
        )
        .await,
    )
    .await;
    let whole_body = format!("{body}_:b <{LABEL}> \"blank\" .\n");
    let whole = report(
        c.import(
            Some(&c.alice),
            "application/n-triples",
            "message=big",
            &whole_body,
        )
        .await,
    )
    .await;
    assert_eq!(streamed, whole, "validated part by part as whole");
    let focus: BTreeSet<&str> = streamed.iter().map(|r| r[0].as_str()).collect();
    let test = |local: &str| format!("{ID}test/{local}");
    assert_eq!(
        focus,
        [test("l2"), test("f2"), test("e1"), test("x")]
            .iter()
            .map(String::as_str)
            .collect(),
        "{streamed:#?}"
    );
    let components: BTreeSet<&str> = streamed.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(
        components,
        [
            "sh:ClassConstraintComponent",
            "sh:MinCountConstraintComponent",
            "sh:DatatypeConstraintComponent",
            "sh:SPARQLConstraintComponent"
        ]
        .into(),
        "{streamed:#?}"
    );
    assert_eq!(c.dataset(), before, "nothing written");
    // Mended (no violation left), the same body lands whole, once.
    let mended: String = body
        .lines()
        .filter(|l| {
            !l.contains("/test/l2>")
                && !l.contains("/test/f2>")
                && !l.contains("/test/x>")
                && !l.contains("douze")
        })
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + &format!(
            "{} <{MLG}line> \"12\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
            n("e1")
        );
    let created = c
        .import(
            Some(&c.alice),
            "application/n-triples",
            "message=big",
            &mended,
        )
        .await;
    assert_eq!(
        created.status(),
        StatusCode::CREATED,
        "{}",
        created.text().await.unwrap()
    );
    let lines = mended.lines().count();
    assert!(
        c.ask(&format!(
            "ASK {{ {} {amends} {} . {} <{LABEL}> \"{}\" }}",
            n("l1"),
            n("a1"),
            n(&format!("filler/{}", 2 * filler - 1)),
            2 * filler - 1
        ))
        .await
    );
    let again = c
        .import(
            Some(&c.alice),
            "application/n-triples",
            "message=big",
            &mended,
        )
        .await;
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "the same content twice"
    );
    let count = c
        .results("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), \"/graph/import/\")) }")
        .await;
    assert_eq!(
        count["results"]["bindings"][0]["n"]["value"],
        lines.to_string(),
        "the import's graph holds every triple once"
    );
}

/// Blank nodes belong to the payload that writes them: two imports both writing `_:b`
/// describe two nodes (RDF merge), never one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_imports_writing_the_same_blank_node_label_describe_two_nodes() {
    let c = start().await;
    for (label, content_type, body) in [
        (
            "un",
            "text/turtle",
            "_:b <http://www.w3.org/2000/01/rdf-schema#label> \"un\" .",
        ),
        (
            "deux",
            "application/n-triples",
            "_:b <http://www.w3.org/2000/01/rdf-schema#label> \"deux\" .",
        ),
    ] {
        let response = c
            .import(Some(&c.alice), content_type, "message=blank", body)
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{label}");
    }
    assert!(c.ask("ASK { ?a <http://www.w3.org/2000/01/rdf-schema#label> \"un\" . ?b <http://www.w3.org/2000/01/rdf-schema#label> \"deux\" }").await);
    assert!(
        !c.ask("ASK { ?b <http://www.w3.org/2000/01/rdf-schema#label> \"un\", \"deux\" }")
            .await,
        "one node for both"
    );
}
