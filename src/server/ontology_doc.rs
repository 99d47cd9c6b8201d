//! The ontology at its namespace, `GET /def` (terms are `{base}def#Term`, so dereferencing
//! any term fetches this): HTML documentation generated from `ontology/*.ttl` for browsers
//! (one anchor per term, `/def#created`), the ontology's triples in Turtle, N-Triples,
//! RDF/XML or JSON-LD for clients, negotiated like every IRI ([`super::deref`]).

use super::deref::{self, Representation};
use super::views::{self, Page};
use super::AppState;
use crate::refdata::RefData;
use crate::vocab::{Rebase, MLG, OWL, RDF, RDFS, SKOS};
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The bundled ontology and reference data, parsed once.
pub fn refdata() -> &'static RefData {
    RefData::shared()
}

/// The ontology's own triples (terms under `def#` and the ontology header), rebased.
fn ontology_triples(base: &str) -> Vec<Triple> {
    let rebase = Rebase::new(base);
    let ontology = format!("{}def", crate::vocab::DEFAULT_BASE);
    let mut out: Vec<Triple> = refdata()
        .quads
        .iter()
        .filter(|q| {
            matches!(&q.subject, NamedOrBlankNode::NamedNode(n)
                if n.as_str().starts_with(MLG) || n.as_str() == ontology)
        })
        .map(|q| Triple::from(rebase.quad(q.clone())))
        .collect();
    out.sort_by_cached_key(|t| t.to_string());
    out.dedup();
    out
}

/// `GET /def`.
pub async fn get(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let base = state.config.base.clone();
    let result = (|| {
        let triples = ontology_triples(&base);
        match deref::representation(&headers, &uri)? {
            Representation::Rdf(format) => deref::rdf_response(&triples, format, &base, &uri),
            wanted => {
                let data = document(&triples, &base);
                let page = deref::alternates(
                    Page::new("Ontologie maillage", "ontology.html").crumb("Ontologie", None),
                    &uri,
                );
                let uri = if wanted == Representation::Json {
                    views::with_param(&uri, "format", "json")
                        .parse()
                        .unwrap_or(uri.clone())
                } else {
                    uri.clone()
                };
                Ok(views::respond(&headers, &uri, page, data))
            }
        }
    })();
    result.unwrap_or_else(|e| views::error_page(&headers, e))
}

/// Groups the ontology's terms by kind, with labels, definitions and their links.
fn document(triples: &[Triple], base: &str) -> Value {
    let mlg = MLG.replace(crate::vocab::DEFAULT_BASE, base);
    let mut terms: BTreeMap<String, BTreeMap<String, Vec<&Term>>> = BTreeMap::new();
    for t in triples {
        if let NamedOrBlankNode::NamedNode(s) = &t.subject {
            terms
                .entry(s.as_str().to_owned())
                .or_default()
                .entry(t.predicate.as_str().to_owned())
                .or_default()
                .push(&t.object);
        }
    }
    let literal = |props: &BTreeMap<String, Vec<&Term>>, p: &str, lang: &str| -> Option<String> {
        props.get(p)?.iter().find_map(|t| match t {
            Term::Literal(l) if l.language().is_some_and(|l| l == lang) => {
                Some(l.value().to_owned())
            }
            _ => None,
        })
    };
    let links = |props: &BTreeMap<String, Vec<&Term>>, p: &str| -> Vec<Value> {
        props
            .get(p)
            .into_iter()
            .flatten()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(json!({
                    "iri": n.as_str(),
                    "compact": deref::compact(n.as_str(), base),
                    "href": match n.as_str().strip_prefix(&mlg) {
                        Some(local) => format!("#{local}"),
                        None => n.as_str().to_owned(),
                    },
                })),
                _ => None,
            })
            .collect()
    };
    let kinds = [
        ("classes", "Classes", format!("{OWL}Class")),
        (
            "objectProperties",
            "Relations",
            format!("{OWL}ObjectProperty"),
        ),
        (
            "datatypeProperties",
            "Attributs",
            format!("{OWL}DatatypeProperty"),
        ),
        (
            "annotationProperties",
            "Annotations",
            format!("{OWL}AnnotationProperty"),
        ),
    ];
    let mut sections = Vec::new();
    for (key, title, class) in &kinds {
        let mut items = Vec::new();
        for (iri, props) in &terms {
            let Some(local) = iri.strip_prefix(&mlg) else {
                continue;
            };
            let is_kind = props.get(&format!("{RDF}type")).is_some_and(|ts| {
                ts.iter()
                    .any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == class.as_str()))
            });
            if !is_kind {
                continue;
            }
            items.push(json!({
                "id": local,
                "iri": iri,
                "compact": format!("mlg:{local}"),
                "label": literal(props, &format!("{RDFS}label"), "fr"),
                "labelEn": literal(props, &format!("{RDFS}label"), "en"),
                "definition": literal(props, &format!("{SKOS}definition"), "fr"),
                "definitionEn": literal(props, &format!("{SKOS}definition"), "en"),
                "subClassOf": links(props, &format!("{RDFS}subClassOf")),
                "subPropertyOf": links(props, &format!("{RDFS}subPropertyOf")),
                "domain": links(props, &format!("{RDFS}domain")),
                "range": links(props, &format!("{RDFS}range")),
            }));
        }
        sections.push(json!({ "key": key, "title": title, "terms": items }));
    }
    let header = terms
        .iter()
        .find(|(_, props)| {
            props
                .get(&format!("{RDF}type"))
                .is_some_and(|ts| ts.iter().any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == format!("{OWL}Ontology"))))
        })
        .map(|(iri, props)| {
            let dc = |p: &str, lang: &str| literal(props, &format!("http://purl.org/dc/terms/{p}"), lang);
            json!({
                "iri": iri,
                "title": dc("title", "fr"),
                "description": dc("description", "fr"),
                "version": props.get(&format!("{OWL}versionInfo")).and_then(|v| v.first()).map(|t| views::text(t)),
                "license": links(props, "http://purl.org/dc/terms/license"),
            })
        });
    json!({ "ontology": header, "namespace": mlg, "sections": sections, "triples": triples.len() })
}
