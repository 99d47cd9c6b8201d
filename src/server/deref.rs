//! Dereferenceable IRIs (W3C "Cool URIs for the Semantic Web"): every IRI maillage mints
//! under its base resolves on this server, whatever the base's host. `GET /id/loi/2016-41`
//! answers for `{base}id/loi/2016-41`, `GET /graph/document/{id}` for that named graph
//! (the default base, `https://w3id.org/maillage/`, redirects to this server's paths).
//!
//! Direct content negotiation, not 303: the IRI itself answers `200` with a representation
//! chosen from `Accept` (or `?format=`), with `Vary: Accept` and `Link: rel="alternate"`
//! to every other representation. A browser gets the page (the text, dispositif or
//! document view when the resource is one, else a generic page); `application/json` the
//! view's JSON; Turtle, N-Triples, RDF/XML and JSON-LD the RDF description. Chosen so that
//! `curl -H 'Accept: text/turtle' IRI` and `rdflib.Graph().parse(IRI)` get the data in one
//! request and every link stays the IRI itself (the TAG's 2007 httpRange-14 resolution
//! allowed 303 only; its later amendment and current practice accept 200 with a description).
//!
//! The description (queries/views/describe.rq): outgoing triples, the first
//! [`DESCRIBED_INCOMING`] incoming links, labels of the resources linked either way, the first
//! [`DESCRIBED_FACTS`] facts about the resource (`rdf:Statement` nodes) and their evidence
//! nodes (document, line, quote); bounded so that a hub answers as quickly as any resource,
//! with `incoming.rq` and `facts-about.rq` for the whole lists. An IRI the store does not
//! know is a 404 page with a search box.

use super::error::ApiError;
use super::graph_store::write_triples;
use super::negotiate::{self, Format};
use super::ontology_doc;
use super::queries_api;
use super::views::{self, dispositifs, documents, textes, Page};
use super::AppState;
use crate::queries::Table;
use crate::vocab::{DEFAULT_BASE, PREFIXES, PROV, RDF};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The RDF syntaxes an IRI answers in (`?format=` names), in preference order.
pub const RDF_FORMATS: [Format; 4] = [
    Format::Turtle,
    Format::NTriples,
    Format::RdfXml,
    Format::JsonLd,
];

/// A representation of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    Html,
    Json,
    Rdf(Format),
}

/// `?format=` first (`html`, `json` or an RDF syntax), else `Accept`: HTML for browsers and
/// by default, `application/json` for the view's JSON, the best RDF syntax otherwise.
pub fn representation(headers: &HeaderMap, uri: &Uri) -> Result<Representation, ApiError> {
    if let Some(name) = views::param(uri, "format") {
        return match name.as_str() {
            "html" => Ok(Representation::Html),
            "json" => Ok(Representation::Json),
            _ => negotiate::choose(Some(&name), None, &RDF_FORMATS).map(Representation::Rdf),
        };
    }
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    if views::prefers_html(accept) {
        return Ok(Representation::Html);
    }
    let mut offers = vec!["text/html", "application/json"];
    offers.extend(RDF_FORMATS.iter().map(|f| f.media_type()));
    offers.push("application/x-turtle");
    match negotiate::best_media_type(accept, &offers) {
        Some(0) => Ok(Representation::Html),
        Some(1) => Ok(Representation::Json),
        Some(i) if i < 2 + RDF_FORMATS.len() => Ok(Representation::Rdf(RDF_FORMATS[i - 2])),
        Some(_) => Ok(Representation::Rdf(Format::Turtle)),
        None => Err(ApiError::NotAcceptable(format!(
            "this resource is available as {} (or use ?format=html|json|{})",
            offers[..offers.len() - 1].join(", "),
            RDF_FORMATS.map(|f| f.name()).join("|")
        ))),
    }
}

/// Adds the alternates of a resource page (`json` and every RDF syntax).
pub fn alternates(page: Page, uri: &Uri) -> Page {
    let mut page = page.alternate(uri, "html", "text/html").json_alternate(uri);
    for f in RDF_FORMATS {
        page = page.alternate(uri, f.name(), f.media_type());
    }
    page
}

/// `GET /id/{*path}`: an entity.
pub async fn entity(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    resolve(&state, &headers, &uri)
        .await
        .unwrap_or_else(|e| views::error_page(&headers, e))
}

/// `GET /document/{id}`: the source document's page (its text with line anchors).
pub async fn document(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let id = uri.path().trim_start_matches("/document/");
    let iri = format!("{}id/document/{id}", state.config.base);
    let result = async {
        let (page, data) = documents::page(&state, &iri, &uri).await?;
        Ok::<_, ApiError>(views::respond(&headers, &uri, alternates(page, &uri), data))
    };
    result
        .await
        .unwrap_or_else(|e| views::error_page(&headers, e))
}

async fn resolve(state: &AppState, headers: &HeaderMap, uri: &Uri) -> Result<Response, ApiError> {
    let base = &state.config.base;
    let iri = format!("{base}{}", uri.path().trim_start_matches('/'));
    let iri_node = NamedNode::new(&iri)
        .map_err(|e| ApiError::BadRequest(format!("{iri} is not a valid IRI: {e}")))?;
    let wanted = representation(headers, uri)?;
    let not_found = || ApiError::NotFound(format!("maillage knows nothing about <{iri}>"));
    if let Representation::Rdf(format) = wanted {
        // Serialised once per state of the store and format (a type's description
        // holds tens of thousands of triples at scale).
        let key = format!("{iri}\n{}", format.name());
        let body = state
            .bodies
            .get_or_compute(state.store.generation(), &key, || async {
                let triples = describe(state, iri_node.as_str()).await?;
                if triples.is_empty() {
                    return Err(not_found());
                }
                write_triples(&triples, format, base, Vec::new())
            })
            .await?;
        return Ok(rdf_body_response(Body::from(body.to_vec()), format, uri));
    }
    let kept = state
        .pages
        .get_or_compute(state.store.generation(), &iri, || {
            page_of(state, &iri_node, uri)
        })
        .await?;
    let (page, mut data) = (*kept).clone();
    if let Some(fields) = data.as_object_mut() {
        fields.insert("changes".into(), changes(state, &iri_node).await?);
        fields.insert("changes_of".into(), json!(iri_node.as_str()));
    }
    let page = alternates(page, uri);
    Ok(match wanted {
        Representation::Json => {
            let mut r = views::respond(headers, &json_uri(uri), page, data);
            r.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("Accept"));
            r
        }
        _ => views::render(page, data),
    })
}

/// The page of `iri`: a view for the kinds that have one (no need for the whole
/// description), else the generic page of its description. Kept until the next write.
async fn page_of(
    state: &AppState,
    iri_node: &NamedNode,
    uri: &Uri,
) -> Result<(Page, Value), ApiError> {
    let base = &state.config.base;
    let iri = iri_node.as_str().to_owned();
    let not_found = || ApiError::NotFound(format!("maillage knows nothing about <{iri}>"));
    let classes = queries_api::run(state, "types", &[("iri", iri_node.as_str())]).await?;
    let types: BTreeSet<String> = classes
        .rows
        .iter()
        .filter_map(|row| views::cell(&classes, row, "type"))
        .map(|t| views::short(&t))
        .collect();
    let (page, data) = if types.contains("DispositifType") {
        dispositifs::page(state, &iri, uri).await?
    } else if types.contains("SourceDocument") {
        documents::page(state, &iri, uri).await?
    } else if ontology_doc::refdata()
        .legal_classes
        .iter()
        .any(|c| types.contains(&c.class))
    {
        textes::page(state, &iri, uri).await?
    } else {
        let triples = describe(state, iri_node.as_str()).await?;
        if triples.is_empty() {
            return Err(not_found());
        }
        generic(&iri, &triples, base)
    };
    Ok((page, data))
}

/// Who changed what is said about `iri`, when and why: the curators' writes (imports,
/// retractions, updates) that stated or withdrew a triple about it, newest first, with
/// whether each was reverted (as `GET /history?iri=` gives them).
async fn changes(state: &AppState, iri: &NamedNode) -> Result<Value, ApiError> {
    let (curation, store) = (state.curation.clone(), state.store.clone());
    let filter = crate::curation::provenance::ListFilter {
        iri: Some(iri.clone()),
        limit: 50,
        ..Default::default()
    };
    let records = tokio::task::spawn_blocking(move || curation.provenance().list(&store, &filter))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(json!(records))
}

fn json_uri(uri: &Uri) -> Uri {
    views::with_param(uri, "format", "json")
        .parse()
        .unwrap_or_else(|_| uri.clone())
}

/// The description of `iri`: triples, sorted (kept until the next write).
pub async fn describe(state: &AppState, iri: &str) -> Result<Arc<Vec<Triple>>, ApiError> {
    state
        .descriptions
        .get_or_compute(state.store.generation(), iri, || async {
            let table = queries_api::run(state, "describe", &[("iri", iri)]).await?;
            Ok(triples(&table))
        })
        .await
}

/// `?s ?p ?o` rows as sorted triples.
pub fn triples(table: &Table) -> Vec<Triple> {
    let mut out: Vec<Triple> = table
        .rows
        .iter()
        .filter_map(|row| match (row.first()?, row.get(1)?, row.get(2)?) {
            (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) => Some(Triple::new(
                NamedOrBlankNode::from(s.clone()),
                p.clone(),
                o.clone(),
            )),
            _ => None,
        })
        .collect();
    out.sort_by_cached_key(|t| t.to_string());
    out.dedup();
    out
}

/// Serialises `triples` with `Vary`, `Link` and the format's content type.
pub fn rdf_response(
    triples: &[Triple],
    format: Format,
    base: &str,
    uri: &Uri,
) -> Result<Response, ApiError> {
    let body = write_triples(triples, format, base, Vec::new())?;
    Ok(rdf_body_response(Body::from(body), format, uri))
}

/// An RDF body with `Vary`, `Link` and the format's content type.
fn rdf_body_response(body: Body, format: Format, uri: &Uri) -> Response {
    let page = alternates(Page::new("", "resource.html"), uri);
    let mut response = (
        [
            (header::CONTENT_TYPE, format.content_type()),
            (header::VARY, "Accept".to_owned()),
        ],
        body,
    )
        .into_response();
    if let Some(link) = page.link_header() {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}

/// `GET /graph/{*path}`: a named graph: its triples in RDF, a summary page in HTML.
pub async fn graph(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let base = &state.config.base;
        let iri = format!("{base}{}", uri.path().trim_start_matches('/'));
        let wanted = representation(&headers, &uri)?;
        let table = queries_api::run(&state, "graph", &[("graph", &iri)]).await?;
        let triples = triples(&table);
        if triples.is_empty() {
            return Err(ApiError::NotFound(format!("no named graph <{iri}>")));
        }
        if let Representation::Rdf(format) = wanted {
            return rdf_response(&triples, format, base, &uri);
        }
        let document = iri
            .strip_prefix(&format!("{base}graph/document/"))
            .map(|id| format!("/document/{id}"));
        let store_link = format!(
            "/store?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("graph", &iri)
                .finish()
        );
        let data = json!({
            "iri": iri,
            "triples": triples.len(),
            "document": document,
            "store": store_link,
        });
        let page = alternates(
            Page::new(&views::short(&iri), "graph.html").crumb("Graphe nommé", None),
            &uri,
        );
        Ok(views::respond(
            &headers,
            &json_uri_if(&wanted, &uri),
            page,
            data,
        ))
    };
    result
        .await
        .unwrap_or_else(|e| views::error_page(&headers, e))
}

fn json_uri_if(wanted: &Representation, uri: &Uri) -> Uri {
    match wanted {
        Representation::Json => json_uri(uri),
        _ => uri.clone(),
    }
}

/// Predicates giving a resource's name, best first.
const LABELS: [&str; 6] = [
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2004/02/skos/core#notation",
    "http://data.europa.eu/eli/ontology#title",
];

/// The best label of every subject in `triples` (French or untagged first).
pub fn labels(triples: &[Triple]) -> BTreeMap<String, String> {
    let mut best: BTreeMap<String, (usize, bool, String)> = BTreeMap::new();
    for t in triples {
        let Some(rank) = LABELS.iter().position(|l| *l == t.predicate.as_str()) else {
            continue;
        };
        let Term::Literal(l) = &t.object else {
            continue;
        };
        let foreign = l.language().is_some_and(|lang| !lang.starts_with("fr"));
        let key = match &t.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            other => other.to_string(),
        };
        let candidate = (rank, foreign, l.value().to_owned());
        let better = best
            .get(&key)
            .is_none_or(|b| (candidate.1, candidate.0) < (b.1, b.0));
        if better {
            best.insert(key, candidate);
        }
    }
    best.into_iter().map(|(k, (_, _, v))| (k, v)).collect()
}

/// `mlg:created`-style compact name of an IRI, with the deployment's namespaces.
pub fn compact(iri: &str, base: &str) -> String {
    for (prefix, namespace) in PREFIXES {
        let namespace = namespace.replace(DEFAULT_BASE, base);
        if let Some(local) = iri.strip_prefix(namespace.as_str()) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{prefix}:{local}");
            }
        }
    }
    iri.to_owned()
}

/// Where an evidence line is shown: `/document/{id}#L{line}`.
pub fn evidence_href(document: &str, line: &str, base: &str) -> String {
    match document.strip_prefix(&format!("{base}id/document/")) {
        Some(id) => format!("/document/{id}#L{line}"),
        None => document.to_owned(),
    }
}

fn term_json(term: &Term, labels: &BTreeMap<String, String>, base: &str) -> Value {
    match term {
        Term::NamedNode(n) => {
            let mut v = views::link(n.as_str(), labels.get(n.as_str()).cloned(), base);
            v["compact"] = json!(compact(n.as_str(), base));
            v
        }
        Term::Literal(l) => json!({ "value": l.value(), "lang": l.language() }),
        other => json!({ "value": other.to_string() }),
    }
}

/// Incoming links a description holds at most (`queries/views/describe.rq`'s `LIMIT`).
pub const DESCRIBED_INCOMING: usize = 1000;
/// Facts a description holds at most (the same query's other `LIMIT`).
pub const DESCRIBED_FACTS: usize = 200;

/// The generic page of a resource: its properties, incoming links and facts with evidence.
pub fn generic(iri: &str, triples: &[Triple], base: &str) -> (Page, Value) {
    let labels = labels(triples);
    let subject_is = |t: &Triple, s: &str| matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == s);
    let mut properties: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut incoming = Vec::new();
    let mut incoming_total = 0;
    // Every triple to the resource, fact nodes' included: the description's bound counts them.
    let mut to_iri = 0;
    for t in triples {
        if matches!(&t.object, Term::NamedNode(n) if n.as_str() == iri) && !subject_is(t, iri) {
            to_iri += 1;
        }
        if subject_is(t, iri) {
            properties
                .entry(t.predicate.as_str().to_owned())
                .or_default()
                .push(term_json(&t.object, &labels, base));
        } else if matches!(&t.object, Term::NamedNode(n) if n.as_str() == iri) {
            let NamedOrBlankNode::NamedNode(s) = &t.subject else {
                continue;
            };
            if t.predicate.as_str().starts_with(RDF) {
                continue; // rdf:subject / rdf:object of fact nodes: shown as facts
            }
            incoming_total += 1;
            if incoming_total > views::SECTION_LIMIT {
                continue; // at scale, thousands: the first ones, and a link to all
            }
            incoming.push(json!({
                "subject": views::link(s.as_str(), labels.get(s.as_str()).cloned(), base),
                "predicate": term_json(&Term::NamedNode(t.predicate.clone()), &labels, base),
            }));
        }
    }
    let properties: Vec<Value> = properties
        .into_iter()
        .map(|(p, values)| {
            json!({
                "predicate": term_json(&Term::NamedNode(NamedNode::new_unchecked(p)), &labels, base),
                "values": values,
            })
        })
        .collect();
    let mut facts = facts(iri, triples, &labels, base);
    let facts_total = facts.len();
    facts.truncate(views::SECTION_LIMIT);
    let label = labels
        .get(iri)
        .cloned()
        .unwrap_or_else(|| views::short(iri));
    // The whole lists, as tables: curated queries without the description's bounds.
    let all = |query: &str| {
        format!(
            "/api/queries/{query}?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("iri", iri)
                .finish()
        )
    };
    // Past the description's bound, the count is a lower bound.
    let more = |total: usize, bounded: bool, query: &str| {
        (total > views::SECTION_LIMIT || bounded).then(|| {
            json!({ "shown": total.min(views::SECTION_LIMIT), "total": total, "atLeast": bounded, "href": all(query) })
        })
    };
    let data = json!({
        "iri": iri,
        "label": label,
        "properties": properties,
        "incoming": incoming,
        "facts": facts,
        "more": {
            "incoming": more(incoming_total, to_iri >= DESCRIBED_INCOMING, "incoming"),
            "facts": more(facts_total, facts_total >= DESCRIBED_FACTS, "facts-about"),
        },
    });
    let page = Page::new(&label, "resource.html").crumb(&label, None);
    (page, data)
}

/// The facts about `iri` (fact nodes in `triples`) with their evidence.
fn facts(
    iri: &str,
    triples: &[Triple],
    labels: &BTreeMap<String, String>,
    base: &str,
) -> Vec<Value> {
    let mut by_node: BTreeMap<String, BTreeMap<&str, Vec<&Term>>> = BTreeMap::new();
    for t in triples {
        if let NamedOrBlankNode::NamedNode(s) = &t.subject {
            by_node
                .entry(s.as_str().to_owned())
                .or_default()
                .entry(t.predicate.as_str())
                .or_default()
                .push(&t.object);
        }
    }
    let statement = format!("{RDF}Statement");
    let one = |node: &BTreeMap<&str, Vec<&Term>>, p: &str| -> Option<Term> {
        node.get(p).and_then(|v| v.first()).map(|t| (*t).clone())
    };
    let mut out = Vec::new();
    for (node, props) in &by_node {
        let is_fact = props
            .get(format!("{RDF}type").as_str())
            .is_some_and(|types| {
                types
                    .iter()
                    .any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == statement))
            });
        if !is_fact || node == iri {
            continue;
        }
        let (Some(s), Some(p), Some(o)) = (
            one(props, &format!("{RDF}subject")),
            one(props, &format!("{RDF}predicate")),
            one(props, &format!("{RDF}object")),
        ) else {
            continue;
        };
        let mut evidence = Vec::new();
        for ev in props
            .get(format!("{}evidence", crate::vocab::MLG.replace(DEFAULT_BASE, base)).as_str())
            .into_iter()
            .flatten()
        {
            let Term::NamedNode(ev) = ev else { continue };
            let Some(ev_props) = by_node.get(ev.as_str()) else {
                continue;
            };
            let document = one(ev_props, &format!("{PROV}wasQuotedFrom")).map(|t| views::text(&t));
            let line = one(
                ev_props,
                &format!("{}line", crate::vocab::MLG.replace(DEFAULT_BASE, base)),
            )
            .map(|t| views::text(&t));
            let quote = one(ev_props, &format!("{PROV}value")).map(|t| views::text(&t));
            if let (Some(document), Some(line)) = (document, line) {
                evidence.push(json!({
                    "document": views::link(&document, labels.get(&document).cloned(), base),
                    "line": line.parse::<u64>().unwrap_or(0),
                    "quote": quote,
                    "href": evidence_href(&document, &line, base),
                }));
            }
        }
        evidence.sort_by(|a, b| {
            (a["document"]["iri"].as_str(), a["line"].as_u64())
                .cmp(&(b["document"]["iri"].as_str(), b["line"].as_u64()))
        });
        out.push(json!({
            "fact": node,
            "subject": term_json(&s, labels, base),
            "predicate": term_json(&p, labels, base),
            "object": term_json(&o, labels, base),
            "evidence": evidence,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's lower bounds use the bounds the description's query applies.
    #[test]
    fn the_bounds_are_those_of_the_description_query() {
        let text = queries_api::find("describe").expect("describe.rq").text;
        for (bound, times) in [(DESCRIBED_INCOMING, 2), (DESCRIBED_FACTS, 2)] {
            assert_eq!(
                text.matches(&format!("LIMIT {bound} ")).count(),
                times,
                "LIMIT {bound}"
            );
        }
    }
}
