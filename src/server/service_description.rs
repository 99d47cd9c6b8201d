//! The SPARQL 1.1 Service Description answered by `GET /sparql` without a query.
//!
//! The `sd:endpoint` IRI is derived from the request: `X-Forwarded-Proto` (else `http`) and
//! `X-Forwarded-Host` (else `Host`) + `/sparql`, i.e. the address the client actually used;
//! `config.base` + `sparql` is the fallback when the request names no valid host.
//! Triple counts (`void:triples`) are computed from the store at each request; the
//! default graph is the current state (see [`crate::store`]). The
//! `sd:Dataset` links the VoID description (`rdfs:seeAlso </.well-known/void>`).
//!
//! `sd:SPARQL11Update` (and `sd:EmptyGraphs`: `CREATE GRAPH` and `CLEAR` keep empty
//! graphs) is announced only when writes are enabled (a token file), and the comment says
//! it needs an administrator's token. `sd:UnionDefaultGraph` is *not* announced: the
//! default graph is the merge of the source graphs minus retracted triples, and system
//! graphs (provenance) are left out, so it is not the plain merge of the named graphs that
//! feature means.

use super::error::ApiError;
use super::negotiate::{self, Format};
use super::AppState;
use crate::store::GraphStore;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::BTreeMap;

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
const VOID: &str = "http://rdfs.org/ns/void#";
const SIMPLE_ENTAILMENT: &str = "http://www.w3.org/ns/entailment/Simple";

/// Answers the service description in the negotiated RDF format (Turtle by default).
pub async fn respond(
    state: &AppState,
    headers: &HeaderMap,
    format_param: Option<&str>,
) -> Result<Response, ApiError> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let format = negotiate::choose(format_param, accept, &Format::GRAPHS)?;
    let endpoint = endpoint_iri(headers, &state.config.base);
    let void = public_iri(headers, &state.config.base, super::void::PATH);
    let federation = !state.config.federation_allow.is_empty();
    let update = state.config.tokens.is_some();
    let store = state.store.clone();
    let base = state.config.base.clone();
    let body = tokio::task::spawn_blocking(move || {
        let triples = describe(&store, &endpoint, &void, federation, update)?;
        super::graph_store::write_triples(&triples, format, &base, Vec::new())
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type()),
            (header::VARY, "Accept".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// The endpoint IRI, from the request's host (see the module documentation).
pub fn endpoint_iri(headers: &HeaderMap, base: &str) -> NamedNode {
    public_iri(headers, base, "sparql")
}

/// The IRI of `path` (relative, no leading `/`) on this server, as the client reached it:
/// `X-Forwarded-Proto`/`X-Forwarded-Host`, else `Host`, else `base`.
pub fn public_iri(headers: &HeaderMap, base: &str, path: &str) -> NamedNode {
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let host = first("x-forwarded-host")
        .or_else(|| first(header::HOST.as_str()))
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]_".contains(c))
        });
    let scheme = first("x-forwarded-proto")
        .filter(|p| *p == "https")
        .unwrap_or("http");
    host.and_then(|h| NamedNode::new(format!("{scheme}://{h}/{path}")).ok())
        .or_else(|| NamedNode::new(format!("{base}{path}")).ok())
        .unwrap_or_else(|| NamedNode::new_unchecked(format!("http://localhost/{path}")))
}

fn sd(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SD}{local}"))
}

fn triples_count(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

/// The description's triples.
fn describe(
    store: &GraphStore,
    endpoint: &NamedNode,
    void: &NamedNode,
    federation: bool,
    update: bool,
) -> Result<Vec<Triple>, ApiError> {
    let mut current = 0usize;
    let mut per_graph = BTreeMap::<String, usize>::new();
    for quad in store.quads(None)? {
        match quad?.graph_name {
            GraphName::NamedNode(g) => *per_graph.entry(g.into_string()).or_default() += 1,
            _ => current += 1,
        }
    }
    let mut out = Vec::new();
    let mut add =
        |s: &NamedOrBlankNode, p: NamedNode, o: Term| out.push(Triple::new(s.clone(), p, o));
    let service: NamedOrBlankNode = BlankNode::default().into();
    let dataset: NamedOrBlankNode = BlankNode::default().into();
    let default_graph: NamedOrBlankNode = BlankNode::default().into();
    add(&service, rdf::TYPE.into_owned(), sd("Service").into());
    add(&service, sd("endpoint"), endpoint.clone().into());
    add(
        &service,
        sd("supportedLanguage"),
        sd("SPARQL11Query").into(),
    );
    if update {
        add(
            &service,
            sd("supportedLanguage"),
            sd("SPARQL11Update").into(),
        );
        add(&service, sd("feature"), sd("EmptyGraphs").into());
    }
    for format in Format::ALL {
        add(
            &service,
            sd("resultFormat"),
            NamedNode::new_unchecked(format.iri()).into(),
        );
    }
    if federation {
        add(&service, sd("feature"), sd("BasicFederatedQuery").into());
    }
    add(
        &service,
        sd("defaultEntailmentRegime"),
        NamedNode::new_unchecked(SIMPLE_ENTAILMENT).into(),
    );
    add(
        &service,
        rdfs::COMMENT.into_owned(),
        Literal::new_language_tagged_literal_unchecked(
            "Unless default-graph-uri, named-graph-uri, FROM or FROM NAMED say otherwise, the \
             default graph is the current state: every source graph (documents, ontology, \
             imports) merged as a set, minus retracted triples (so not sd:UnionDefaultGraph: \
             retractions and the provenance graphs are left out). Each named graph is one source.",
            "en",
        )
        .into(),
    );
    if update {
        add(
            &service,
            rdfs::COMMENT.into_owned(),
            Literal::new_language_tagged_literal_unchecked(
                "SPARQL 1.1 Update (POST here or to /update) and Graph Store writes (/store) need \
                 an administrator's bearer token; each is recorded like an import (GET /imports) \
                 and can be reverted. Inserting into the default graph states triples in the \
                 update's own import graph; deleting from it retracts them; CLEAR/DROP DEFAULT \
                 and LOAD are refused.",
                "en",
            )
            .into(),
        );
    }
    add(&service, sd("defaultDataset"), dataset.clone().into());
    add(&dataset, rdf::TYPE.into_owned(), sd("Dataset").into());
    // The VoID description: partitions, vocabularies, dumps.
    add(&dataset, rdfs::SEE_ALSO.into_owned(), void.clone().into());
    add(&dataset, sd("defaultGraph"), default_graph.clone().into());
    add(&default_graph, rdf::TYPE.into_owned(), sd("Graph").into());
    add(
        &default_graph,
        NamedNode::new_unchecked(format!("{VOID}triples")),
        triples_count(current).into(),
    );
    for (name, count) in per_graph {
        let named: NamedOrBlankNode = BlankNode::default().into();
        let graph: NamedOrBlankNode = BlankNode::default().into();
        add(&dataset, sd("namedGraph"), named.clone().into());
        add(&named, rdf::TYPE.into_owned(), sd("NamedGraph").into());
        add(&named, sd("name"), NamedNode::new_unchecked(name).into());
        add(&named, sd("graph"), graph.clone().into());
        add(&graph, rdf::TYPE.into_owned(), sd("Graph").into());
        add(
            &graph,
            NamedNode::new_unchecked(format!("{VOID}triples")),
            triples_count(count).into(),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn endpoint_from_host_or_base() {
        let mut h = HeaderMap::new();
        assert_eq!(
            endpoint_iri(&h, "https://ex.org/m/").as_str(),
            "https://ex.org/m/sparql"
        );
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert_eq!(
            endpoint_iri(&h, "https://ex.org/m/").as_str(),
            "http://127.0.0.1:8080/sparql"
        );
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        h.insert(
            "x-forwarded-host",
            HeaderValue::from_static("kg.example.org"),
        );
        assert_eq!(
            endpoint_iri(&h, "https://ex.org/m/").as_str(),
            "https://kg.example.org/sparql"
        );
        h.insert("x-forwarded-host", HeaderValue::from_static("bad host/<x>"));
        assert_eq!(
            endpoint_iri(&h, "https://ex.org/m/").as_str(),
            "https://ex.org/m/sparql"
        );
    }
}
