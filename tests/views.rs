//! The French views and dereferenceable IRIs over the seed graph, on a real on-disk store
//! served on a loopback port: every view as HTML and JSON (JSON snapshotted), every kind of
//! IRI in every RDF syntax (parsed back), 404s, the ontology, the curated-queries API, the
//! dump, and the "three clicks" path of issue 9 (home → CPTS → the law that created it,
//! with its quote → the line of the source document).

mod common;

use common::{client, start, TestServer};
use maillage::{build, refdata::RefData, vocab};
use oxigraph::io::{RdfFormat, RdfParser};
use std::sync::OnceLock;

fn seed_quads() -> &'static [oxigraph::model::Quad] {
    static QUADS: OnceLock<Vec<oxigraph::model::Quad>> = OnceLock::new();
    QUADS.get_or_init(|| {
        build::build(
            &build::bundled_documents(),
            &RefData::bundled().unwrap(),
            &vocab::Rebase::new(vocab::DEFAULT_BASE),
            true,
        )
    })
}

async fn seed_server() -> TestServer {
    start(seed_quads(), common::config()).await
}

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

async fn get(server: &TestServer, path: &str, accept: &str) -> reqwest::Response {
    client()
        .get(server.url(path))
        .header("Accept", accept)
        .send()
        .await
        .unwrap()
}

async fn html(server: &TestServer, path: &str) -> String {
    let r = get(server, path, BROWSER).await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(
        r.headers()["content-type"],
        "text/html; charset=utf-8",
        "{path}"
    );
    let body = html_unescape(&r.text().await.unwrap());
    assert!(body.contains("<html lang=\"fr\">"), "{path} is French");
    assert!(!body.contains("<script"), "{path} works without JavaScript");
    body
}

async fn json(server: &TestServer, path: &str) -> serde_json::Value {
    let r = get(server, path, "application/json").await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(r.headers()["content-type"], "application/json", "{path}");
    assert!(r.headers()["vary"].to_str().unwrap().contains("Accept"));
    r.json().await.unwrap()
}

/// The hrefs of `<a>` elements in a page.
fn links(page: &str) -> Vec<String> {
    page.split("<a ")
        .skip(1)
        .filter_map(|a| {
            let start = a.find("href=\"")? + 6;
            let end = a[start..].find('"')?;
            Some(a[start..start + end].replace("&amp;", "&"))
        })
        .collect()
}

#[tokio::test]
async fn every_view_answers_html_and_json() {
    let server = seed_server().await;
    let views = [
        ("accueil", "/"),
        ("recherche-cpts", "/recherche?q=cpts"),
        ("textes", "/textes"),
        ("textes-lois-2016", "/textes?type=Loi&annee=2016"),
        ("dispositifs", "/dispositifs"),
        ("acteurs", "/acteurs"),
        ("territoires", "/territoires"),
        ("references-cpts", "/references?q=cpts"),
        ("documents", "/documents"),
        ("lois-dispositifs", "/lois-dispositifs"),
        ("texte-2016-41", "/id/loi/2016-41"),
        ("dispositif-cpts", "/id/dispositif/cpts"),
        ("acteur-ars", "/id/acteur/ars"),
        ("ontologie", "/def"),
        ("requetes", "/api/queries"),
    ];
    for (name, path) in views {
        let page = html(&server, path).await;
        assert!(
            page.contains("<nav class=\"crumbs\"") || path == "/",
            "{path} has breadcrumbs"
        );
        let data = json(&server, path).await;
        let with_format = client()
            .get(server.url(path))
            .query(&[("format", "json")])
            .send()
            .await
            .unwrap();
        assert_eq!(with_format.status(), 200, "{path}?format=json");
        if path.starts_with("/api/queries") || path == "/def" {
            continue; // query texts and the ontology are snapshotted elsewhere
        }
        insta::assert_json_snapshot!(name, data);
    }
}

#[tokio::test]
async fn search_is_accent_and_case_insensitive_and_ranked() {
    let server = seed_server().await;
    let data = json(&server, "/recherche?q=cpts").await;
    let first = &data["results"][0];
    assert_eq!(first["entity"]["href"], "/id/dispositif/cpts", "{data:#}");
    let accents = json(&server, "/recherche?q=MAISON%20SANTE").await;
    let hits: Vec<&str> = accents["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["entity"]["href"].as_str())
        .collect();
    assert!(hits.contains(&"/id/dispositif/msp"), "{hits:?}");
    let none = json(&server, "/recherche?q=zzzzqqq").await;
    assert_eq!(none["results"].as_array().unwrap().len(), 0);
    let page = html(&server, "/recherche?q=%3Cscript%3E").await;
    assert!(page.contains("&lt;script&gt;"), "the query is escaped");
}

#[tokio::test]
async fn three_clicks_from_home_to_the_lines_that_say_the_law_created_the_cpts() {
    let server = seed_server().await;
    // 1. Home → the CPTS.
    let home = html(&server, "/").await;
    let cpts = links(&home)
        .into_iter()
        .find(|l| l == "/id/dispositif/cpts")
        .expect("the home page links the CPTS");
    // 2. The CPTS page: the law that created it, with its quote and line.
    let page = html(&server, &cpts).await;
    assert!(page.contains("<svg"), "the timeline is drawn");
    let history = &page[page.find("id=\"histoire\"").unwrap()..];
    let created = history
        .split("<li class=\"rel-created\">")
        .nth(1)
        .expect("a creation in the legal history");
    assert!(created.contains("href=\"/id/loi/2016-41\""), "{created}");
    assert!(created.contains("<blockquote>"));
    let line_link = links(created)
        .into_iter()
        .find(|l| l.starts_with("/document/") && l.contains("#L"))
        .expect("a link to the line");
    // 3. The line in the source document.
    let (path, anchor) = line_link.split_once('#').unwrap();
    let document = html(&server, path).await;
    let line = &document[document
        .find(&format!("<li id=\"{anchor}\""))
        .expect("the line's anchor")..];
    let line = &line[..line.find("</li>").unwrap()];
    assert!(
        line.contains("class=\"ev\""),
        "the line is evidence: {line}"
    );
    let data = json(&server, &cpts).await;
    let quote = data["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["relation"] == "created" && h["law"]["href"] == "/id/loi/2016-41")
        .and_then(|h| h["evidence"][0]["quote"].as_str())
        .unwrap()
        .to_owned();
    let start: String = quote.chars().take(30).collect();
    let text = line.replace("&amp;", "&");
    assert!(
        text.contains(&start),
        "the line holds the quote {start:?}: {text}"
    );
}

/// Undoes minijinja's escaping of characters that need none in text (`/`, `'`, `"`);
/// `&lt;` and `&gt;` stay, so an escaped `<script>` is still visible as such.
fn html_unescape(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

/// Finds one IRI of a kind in the store.
async fn one_of(server: &TestServer, class: &str) -> String {
    let r = client()
        .get(server.sparql())
        .query(&[(
            "query",
            format!("SELECT ?x WHERE {{ ?x a <{class}> }} ORDER BY ?x LIMIT 1"),
        )])
        .header("Accept", "text/tab-separated-values")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    r.lines()
        .nth(1)
        .unwrap()
        .trim_matches(['<', '>'])
        .to_owned()
}

#[tokio::test]
async fn every_kind_of_iri_dereferences_in_every_syntax() {
    let server = seed_server().await;
    let mlg = vocab::MLG;
    let reference = one_of(&server, &format!("{mlg}Reference")).await;
    let instance = one_of(&server, &format!("{mlg}Dispositif")).await;
    let iris = [
        format!("{}id/loi/2016-41", vocab::DEFAULT_BASE),
        format!("{}id/dispositif/cpts", vocab::DEFAULT_BASE),
        format!("{}id/acteur/ars", vocab::DEFAULT_BASE),
        format!("{}id/territoire/bretagne", vocab::DEFAULT_BASE),
        format!("{}id/document/001_49a27ccff87efa44", vocab::DEFAULT_BASE),
        reference,
        instance,
        format!("{}graph/document/001_49a27ccff87efa44", vocab::DEFAULT_BASE),
        format!("{}def", vocab::DEFAULT_BASE),
    ];
    let syntaxes = [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ];
    for iri in &iris {
        let path = format!("/{}", iri.strip_prefix(vocab::DEFAULT_BASE).unwrap());
        html(&server, &path).await;
        for (media_type, format) in &syntaxes {
            let r = get(&server, &path, media_type).await;
            assert_eq!(r.status(), 200, "{path} as {media_type}");
            assert!(
                r.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with(media_type),
                "{path} as {media_type}"
            );
            assert_eq!(r.headers()["vary"], "Accept");
            let link = r.headers()["link"].to_str().unwrap().to_owned();
            assert!(
                link.contains("rel=\"alternate\"") && link.contains("format=turtle"),
                "{link}"
            );
            let body = r.bytes().await.unwrap();
            let triples: Vec<_> = RdfParser::from_format(*format)
                .for_slice(&body)
                .collect::<Result<_, _>>()
                .unwrap_or_else(|e| panic!("{path} as {media_type}: {e}"));
            assert!(!triples.is_empty(), "{path} as {media_type}");
            let mentioned = triples.iter().any(|q: &oxigraph::model::Quad| {
                q.subject.to_string() == format!("<{iri}>")
                    || q.object.to_string() == format!("<{iri}>")
                    || q.graph_name.to_string() == format!("<{iri}>")
            }) || path.starts_with("/graph/")
                || path == "/def";
            assert!(mentioned, "{path} as {media_type} describes <{iri}>");
        }
        let r = client()
            .get(server.url(&path))
            .query(&[("format", "ntriples")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/n-triples");
    }
}

#[tokio::test]
async fn the_description_carries_facts_with_their_evidence() {
    let server = seed_server().await;
    let body = get(&server, "/id/dispositif/cpts", "application/n-triples")
        .await
        .text()
        .await
        .unwrap();
    let law = format!("<{}id/loi/2016-41>", vocab::DEFAULT_BASE);
    let cpts = format!("<{}id/dispositif/cpts>", vocab::DEFAULT_BASE);
    assert!(
        body.contains(&format!("{law} <{}created> {cpts}", vocab::MLG)),
        "incoming link"
    );
    assert!(
        body.contains(&format!(
            "{law} <http://www.w3.org/2004/02/skos/core#prefLabel>"
        )),
        "label of a linked resource"
    );
    assert!(
        body.contains(&format!("<{}evidence>", vocab::MLG)),
        "fact nodes"
    );
    assert!(
        body.contains("<http://www.w3.org/ns/prov#wasQuotedFrom>"),
        "evidence"
    );
    assert!(body.contains(&format!("<{}line>", vocab::MLG)));
    assert!(body.contains("<http://www.w3.org/ns/prov#value>"));
}

#[tokio::test]
async fn unknown_iris_and_pages_are_helpful_404s() {
    let server = seed_server().await;
    for path in [
        "/id/loi/9999-1",
        "/graph/document/nope",
        "/nulle-part",
        "/document/nope",
        "/api/queries/nope",
    ] {
        let r = get(&server, path, BROWSER).await;
        assert_eq!(r.status(), 404, "{path}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains("action=\"/recherche\""),
            "{path}: a search box"
        );
        assert!(
            body.contains("href=\"/dispositifs\""),
            "{path}: entry points"
        );
        let r = get(&server, path, "text/turtle").await;
        assert_eq!(r.status(), 404, "{path}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
    }
    // An unknown format= falls back to Accept, as on /sparql (never an error).
    let r = get(&server, "/id/loi/2016-41?format=png", BROWSER).await;
    assert_eq!(r.status(), 200);
    let r = get(&server, "/textes", "image/png").await;
    assert_eq!(r.status(), 406);
}

#[tokio::test]
async fn the_ontology_is_documented_at_its_namespace() {
    let server = seed_server().await;
    let page = html(&server, "/def").await;
    assert!(page.contains("id=\"created\""), "an anchor per term");
    assert!(page.contains("id=\"DispositifType\""));
    let turtle = get(&server, "/def", "text/turtle")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        turtle.contains("owl:Ontology")
            || turtle.contains("<http://www.w3.org/2002/07/owl#Ontology>")
    );
}

#[tokio::test]
async fn curated_queries_are_an_api() {
    let server = seed_server().await;
    let list = json(&server, "/api/queries").await;
    let names: Vec<&str> = list["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"laws-created-dispositifs") && names.contains(&"dispositif-history"));
    let history = list["queries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "dispositif-history")
        .unwrap();
    assert_eq!(history["parameters"][0]["name"], "dispositif");
    assert!(history["description"]
        .as_str()
        .unwrap()
        .contains("legal history"));

    let csv = get(&server, "/api/queries/laws-created-dispositifs", "text/csv").await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("law,lawLabel,dispositif,acronym"));
    assert!(csv.contains("/id/dispositif/cpts,CPTS"));

    let r = client()
        .get(server.url("/api/queries/dispositif-history"))
        .query(&[(
            "dispositif",
            format!("{}id/dispositif/msp", vocab::DEFAULT_BASE),
        )])
        .header("Accept", "application/sparql-results+json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let results: serde_json::Value = r.json().await.unwrap();
    let bindings = results["results"]["bindings"].as_array().unwrap();
    assert!(!bindings.is_empty());
    assert!(bindings.iter().all(|b| b["quote"]["value"].is_string()));

    let page = html(&server, "/api/queries/dispositif-history?dispositif=https%3A%2F%2Fw3id.org%2Fmaillage%2Fid%2Fdispositif%2Fcpts").await;
    assert!(page.contains("<table class=\"results\">"));
    assert!(page.contains("href=\"/id/loi/2016-41\""));

    for (query, status) in [
        ("/api/queries/dispositif-history?nope=1", 400),
        (
            "/api/queries/dispositif-history?dispositif=not%20an%20iri",
            400,
        ),
        // A format that does not fit a SELECT falls back to Accept (never an error).
        ("/api/queries/laws-created-dispositifs?format=turtle", 200),
    ] {
        let r = get(&server, query, "application/json").await;
        assert_eq!(r.status(), status, "{query}");
        assert!(!r.text().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_dump_is_gzipped_nquads_linked_from_void() {
    let server = seed_server().await;
    let r = client()
        .get(server.url("/dump.nq.gz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/gzip");
    let bytes = r.bytes().await.unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    // The named graphs (the default graph, the current state, derives from them).
    let named: usize = server
        .store
        .graph_sizes()
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(text.lines().count(), named);
    let void = get(&server, "/.well-known/void", "application/n-triples")
        .await
        .text()
        .await
        .unwrap();
    assert!(void.contains("<http://rdfs.org/ns/void#dataDump>"));
    assert!(void.contains("/dump.nq.gz>"));
}

#[tokio::test]
async fn the_query_editor_is_served_for_browsers_without_a_cdn() {
    let server = seed_server().await;
    for path in ["/query", "/sparql"] {
        let r = get(&server, path, BROWSER).await;
        assert_eq!(r.status(), 200, "{path}");
        let page = html_unescape(&r.text().await.unwrap());
        assert!(
            page.contains("<script src=\"/assets/yasgui/yasgui.min.js\">"),
            "{path}"
        );
        assert!(!page.contains("src=\"http"), "{path}: no external script");
        assert!(
            page.contains("laws-created-dispositifs"),
            "{path}: curated examples"
        );
        assert!(page.contains("PREFIX mlg:"), "{path}: the prefixes");
    }
    let r = client()
        .get(server.url("/assets/yasgui/yasgui.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    // Clients still get the service description, and queries still run.
    let r = get(&server, "/sparql", "text/turtle").await;
    assert_eq!(r.status(), 200);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("sparql-service-description"));
    let r = get(&server, "/sparql?query=ASK%7B%7D", BROWSER).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn openapi_describes_the_views_iris_and_every_curated_query() {
    let server = seed_server().await;
    let r = get(&server, "/openapi.json", "application/json").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let api: serde_json::Value = r.json().await.unwrap();
    assert!(api["openapi"].as_str().unwrap().starts_with("3."));
    let paths = api["paths"].as_object().unwrap();
    for path in [
        "/",
        "/textes",
        "/id/{path}",
        "/def",
        "/sparql",
        "/dump.nq.gz",
    ] {
        assert!(paths.contains_key(path), "{path}");
    }
    for query in maillage_query_names() {
        let path = format!("/api/queries/{query}");
        assert!(paths.contains_key(&path), "{path}");
    }
    let history = &paths["/api/queries/dispositif-history"]["get"]["parameters"];
    assert!(history
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "dispositif" && p["required"] == false));
}

/// The stems of every `.rq` file under `queries/`.
fn maillage_query_names() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
    let mut names = Vec::new();
    for dir in [root.to_owned(), format!("{root}/views")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rq") {
                names.push(path.file_stem().unwrap().to_str().unwrap().to_owned());
            }
        }
    }
    assert!(names.len() > 20);
    names
}

#[tokio::test]
async fn assets_and_favicon_are_served() {
    let server = seed_server().await;
    let r = client()
        .get(server.url("/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    let r = client()
        .get(server.url("/assets/style.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains(":target"));
}

/// rdflib, as a client would use it: `Graph().parse(iri)` on each kind of IRI (the server's
/// address standing for the base's host).
#[tokio::test]
async fn rdflib_parses_every_kind_of_iri() {
    let python = std::env::var("MAILLAGE_TEST_PYTHON")
        .unwrap_or_else(|_| "/root/.cache/maillage/venv/bin/python".to_owned());
    let server = seed_server().await;
    let paths = [
        "/id/loi/2016-41",
        "/id/dispositif/cpts",
        "/id/acteur/ars",
        "/id/territoire/bretagne",
        "/id/document/001_49a27ccff87efa44",
        "/graph/document/001_49a27ccff87efa44",
        "/def",
    ];
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/deref_rdflib.py");
    let args = urls.clone();
    let interpreter = python.clone();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(&interpreter)
            .arg(script)
            .args(&args)
            .env("NO_PROXY", "127.0.0.1")
            .output()
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("{python} (run scripts/test-env.sh): {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for url in &urls {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(url.as_str()))
            .unwrap_or_else(|| panic!("{url} in {stdout}"));
        let n: usize = line.rsplit(' ').next().unwrap().parse().unwrap();
        assert!(n > 0, "{line}");
    }
}

#[test]
fn the_readme_query_is_the_curated_file() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<<'SPARQL'\n").unwrap() + 11;
    let end = start + readme[start..].find("\nSPARQL\n").unwrap();
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/queries/laws-created-dispositifs.rq"
    ))
    .unwrap();
    let body: Vec<&str> = file.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(readme[start..end].trim(), body.join("\n").trim());
}

#[tokio::test]
async fn iris_resolve_under_another_base() {
    let base = "http://example.org/m/";
    let quads = build::build(
        &build::bundled_documents(),
        &RefData::bundled().unwrap(),
        &vocab::Rebase::new(base),
        true,
    );
    let config = maillage::server::ServerConfig {
        base: base.to_owned(),
        ..common::config()
    };
    let server = start(&quads, config).await;
    let turtle = get(&server, "/id/dispositif/cpts", "application/n-triples")
        .await
        .text()
        .await
        .unwrap();
    assert!(turtle.contains("<http://example.org/m/id/loi/2016-41> <http://example.org/m/def#created> <http://example.org/m/id/dispositif/cpts>"));
    let page = html(&server, "/id/dispositif/cpts").await;
    assert!(
        page.contains("href=\"/id/loi/2016-41\""),
        "links stay local"
    );
    assert!(
        page.contains("href=\"/document/"),
        "evidence links to lines"
    );
    let created = json(&server, "/lois-dispositifs").await;
    assert!(!created["created"].as_array().unwrap().is_empty());
    let r = get(&server, "/def", "application/n-triples")
        .await
        .text()
        .await
        .unwrap();
    assert!(r.contains("<http://example.org/m/def#created>"));
}

/// At scale a dispositif type has hundreds of references and territories: its page lists
/// the first [`SECTION_LIMIT`] of each, says how many there are and links to the whole
/// list (a generated graph of 250,000 triples, as `maillage gen` writes it).
#[tokio::test(flavor = "multi_thread")]
async fn a_dispositif_page_at_scale_lists_the_first_entries_and_links_to_all() {
    use maillage::server::views::SECTION_LIMIT;
    let mut lines = Vec::new();
    let options = maillage::gen::Options {
        triples: 250_000,
        seed: 1,
        quads: true,
    };
    maillage::gen::generate(
        &options,
        &vocab::Rebase::new(vocab::DEFAULT_BASE),
        &mut lines,
    )
    .unwrap();
    let quads: Vec<oxigraph::model::Quad> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&lines)
        .collect::<Result<_, _>>()
        .unwrap();
    let server = start(&quads, common::config()).await;
    let r = get(
        &server,
        "/id/dispositif/cpts?format=json",
        "application/json",
    )
    .await;
    assert_eq!(r.status(), 200);
    let data: serde_json::Value = r.json().await.unwrap();
    let more = data["more"].as_object().expect("a `more` object");
    for section in ["references", "territories"] {
        let entry = &more[section];
        let total = entry["total"].as_u64().expect("a total");
        assert!(total > SECTION_LIMIT as u64, "{section}: {entry}");
        assert_eq!(entry["shown"], SECTION_LIMIT, "{section}");
        assert_eq!(
            data[section].as_array().unwrap().len(),
            SECTION_LIMIT,
            "{section}"
        );
        // The link gives every entry of the section.
        let href = entry["href"].as_str().unwrap();
        let all: serde_json::Value = get(&server, href, "application/sparql-results+json")
            .await
            .json()
            .await
            .unwrap();
        let kind = &section[..section.len() - 1].replace("territorie", "territory");
        let rows = all["results"]["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["link"]["value"] == kind.as_str())
            .count();
        assert_eq!(rows as u64, total, "{section}: {href}");
    }
    let page = html(&server, "/id/dispositif/cpts").await;
    assert!(
        page.contains("liste complète"),
        "no link to the whole lists"
    );
    // A resource page of no dedicated view (an actor): its incoming links too.
    let r = get(&server, "/id/acteur/ars?format=json", "application/json").await;
    assert_eq!(r.status(), 200);
    let data: serde_json::Value = r.json().await.unwrap();
    let entry = &data["more"]["incoming"];
    let total = entry["total"].as_u64().expect("a total of incoming links");
    assert!(total > SECTION_LIMIT as u64, "{entry}");
    assert_eq!(data["incoming"].as_array().unwrap().len(), SECTION_LIMIT);
    let href = entry["href"].as_str().unwrap();
    let all: serde_json::Value = get(&server, href, "application/sparql-results+json")
        .await
        .json()
        .await
        .unwrap();
    let ars = format!("{}id/acteur/ars", vocab::DEFAULT_BASE);
    let incoming = all["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| {
            b["o"]["value"] == ars.as_str()
                && b["s"]["value"] != ars.as_str()
                && !b["p"]["value"].as_str().unwrap().starts_with(vocab::RDF)
        })
        .count();
    assert_eq!(incoming as u64, total, "{href}");
}

/// A resource thousands of others link to (a hub, as a kind of dispositif is at scale) is
/// described within bounds, so that dereferencing it does not grow with the store: the
/// first 1,000 incoming links; its page says "au moins" and links to a query for all.
#[tokio::test]
async fn a_hub_is_described_within_bounds_and_links_to_all_its_links() {
    use oxigraph::model::{GraphName, NamedNode, Quad};
    let base = vocab::DEFAULT_BASE;
    let hub = format!("{base}id/acteur/ars");
    let subject = NamedNode::new("http://purl.org/dc/terms/subject").unwrap();
    let graph = GraphName::NamedNode(NamedNode::new(format!("{base}graph/test/hub")).unwrap());
    let mut quads = seed_quads().to_vec();
    for i in 0..1500 {
        quads.push(Quad::new(
            NamedNode::new(format!("{base}id/test/ref-{i:04}")).unwrap(),
            subject.clone(),
            NamedNode::new(hub.as_str()).unwrap(),
            graph.clone(),
        ));
    }
    let server = start(&quads, common::config()).await;
    let nt = get(&server, "/id/acteur/ars", "application/n-triples")
        .await
        .text()
        .await
        .unwrap();
    let added = nt
        .lines()
        .filter(|l| l.contains("/id/test/ref-") && l.ends_with(&format!("<{hub}> .")))
        .count();
    assert!(
        added > 0 && added <= 1000,
        "{added} of the 1,500 added links described"
    );
    // The page says the count is a lower bound, and its link gives every link.
    let data = json(&server, "/id/acteur/ars?format=json").await;
    let entry = &data["more"]["incoming"];
    assert_eq!(entry["atLeast"], true, "{entry}");
    let href = entry["href"].as_str().unwrap();
    assert!(href.starts_with("/api/queries/incoming?"), "{href}");
    let all: serde_json::Value = get(&server, href, "application/sparql-results+json")
        .await
        .json()
        .await
        .unwrap();
    let rows = all["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["s"]["value"].as_str().unwrap().contains("/id/test/ref-"))
        .count();
    assert_eq!(rows, 1500);
    let page = html(&server, "/id/acteur/ars").await;
    assert!(page.contains("sur au moins"), "no lower bound on the page");
}
