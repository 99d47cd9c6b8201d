//! The VoID description of the dataset, at `GET /.well-known/void` (RFC 5785 location
//! named by the VoID specification), in any negotiated RDF syntax (Turtle by default).
//!
//! One `void:Dataset` (`<…/.well-known/void#maillage>`) with its endpoint, dumps, URI
//! space (`{base}id/`), the license of the ontology header when the store has one
//! (`owl:Ontology` + `dcterms:license`), the vocabularies its predicates and classes
//! come from, one `void:subset` per named graph, and class and property partitions.
//! Every count is computed by SPARQL at each request, under the query limits
//! ([`super::limits`]). `void:triples` and the class and property partitions count the
//! current state (the default graph: each triple once, retractions left out); each
//! subset counts its own named graph, so a triple stated by two documents counts in
//! both subsets. Endpoint IRIs follow the request's host, as in the service description.

use super::error::ApiError;
use super::graph_store::write_triples;
use super::negotiate::{self, Format};
use super::service_description::public_iri;
use super::AppState;
use crate::store::Cancellation as CancellationToken;
use crate::store::{GraphStore, QueryOptions};
use crate::vocab::{self, Rebase, PREFIXES};
use axum::extract::State;
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::QueryResults;
use std::collections::BTreeMap;

/// Where the description is served (no leading `/`).
pub const PATH: &str = ".well-known/void";

const TITLE: &str = "maillage";
const DESCRIPTION: &str = "Knowledge graph of French primary-care policy (coordinated-care \
     schemes, actors, territories, legal texts, public policies) read from source documents, \
     each document in its own named graph, with the provenance of every fact.";

/// `GET /.well-known/void`.
pub async fn get(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    respond(&state, &headers, &uri).await.into_response()
}

async fn respond(state: &AppState, headers: &HeaderMap, uri: &Uri) -> Result<Response, ApiError> {
    let format_param = form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "format" || name == "output")
        .map(|(_, value)| value.into_owned());
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let format = negotiate::choose(format_param.as_deref(), accept, &Format::GRAPHS)?;
    let base = state.config.base.clone();
    let links = Links {
        dataset: NamedNode::new_unchecked(format!(
            "{}#maillage",
            public_iri(headers, &base, PATH).as_str()
        )),
        home: public_iri(headers, &base, ""),
        endpoint: public_iri(headers, &base, "sparql"),
        store: public_iri(headers, &base, "store"),
        gzip_dump: public_iri(headers, &base, super::dump::PATH),
    };
    let store = state.store.clone();
    state
        .limits
        .run(format, move |token, out| {
            let stats = Stats::compute(&store, token)?;
            write_triples(&describe(&stats, &links, &base), format, &base, out).map(|_| ())
        })
        .await
}

/// IRIs of this deployment, as the client reached it.
struct Links {
    dataset: NamedNode,
    home: NamedNode,
    endpoint: NamedNode,
    store: NamedNode,
    /// The gzipped N-Quads dump (`super::dump`).
    gzip_dump: NamedNode,
}

/// What the description counts.
#[derive(Debug, Default)]
struct Stats {
    /// Triples in the store's own default graph.
    default_graph: usize,
    /// Triples per named graph.
    graphs: BTreeMap<NamedNode, usize>,
    /// Distinct instances per class.
    classes: BTreeMap<NamedNode, usize>,
    /// Triples per predicate.
    properties: BTreeMap<NamedNode, usize>,
    /// Licenses declared in an ontology header.
    licenses: Vec<NamedNode>,
}

// Partitions of the current state (the default graph).
const CLASSES: &str = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) \
    WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c";
const PROPERTIES: &str = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p";
const LICENSES: &str = "PREFIX owl: <http://www.w3.org/2002/07/owl#> \
    PREFIX dcterms: <http://purl.org/dc/terms/> \
    SELECT DISTINCT ?l WHERE { { ?o a owl:Ontology ; dcterms:license ?l } \
    UNION { GRAPH ?g { ?o a owl:Ontology ; dcterms:license ?l } } FILTER(isIRI(?l)) } ORDER BY ?l";

impl Stats {
    fn compute(store: &GraphStore, token: &CancellationToken) -> Result<Self, ApiError> {
        let mut stats = Self::default();
        for g in store.named_graphs()? {
            stats.graphs.insert(g, 0);
        }
        let rows = select(
            store,
            token,
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        )?;
        for (g, n) in counts(rows) {
            stats.graphs.insert(g, n);
        }
        let rows = select(store, token, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")?;
        stats.default_graph = rows
            .first()
            .and_then(|row| row.first().and_then(count))
            .unwrap_or(0);
        stats.classes = counts(select(store, token, CLASSES)?).collect();
        stats.properties = counts(select(store, token, PROPERTIES)?).collect();
        stats.licenses = select(store, token, LICENSES)?
            .into_iter()
            .filter_map(|row| match row.into_iter().next().flatten() {
                Some(Term::NamedNode(n)) => Some(n),
                _ => None,
            })
            .collect();
        Ok(stats)
    }

    fn total(&self) -> usize {
        self.default_graph
    }
}

/// Runs a SELECT over the store's own dataset (default graph = the store's default graph).
fn select(
    store: &GraphStore,
    token: &CancellationToken,
    query: &str,
) -> Result<Vec<Vec<Option<Term>>>, ApiError> {
    let options = QueryOptions {
        cancel: Some(token.clone()),
        ..QueryOptions::default()
    };
    let results = store.query_text(query, &options)?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(ApiError::Internal("VoID query is not a SELECT".into()));
    };
    let variables = solutions.variables().to_vec();
    solutions
        .map(|solution| {
            let solution = solution.map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(variables.iter().map(|v| solution.get(v).cloned()).collect())
        })
        .collect()
}

fn count(term: &Option<Term>) -> Option<usize> {
    match term {
        Some(Term::Literal(l)) => l.value().parse().ok(),
        _ => None,
    }
}

/// `(IRI, count)` rows.
fn counts(rows: Vec<Vec<Option<Term>>>) -> impl Iterator<Item = (NamedNode, usize)> {
    rows.into_iter().filter_map(|row| match row.as_slice() {
        [Some(Term::NamedNode(iri)), n] => Some((iri.clone(), count(n)?)),
        _ => None,
    })
}

fn void(local: &str) -> NamedNode {
    vocab::iri(vocab::VOID, local)
}

fn integer(n: usize) -> Term {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into()
}

/// The description's triples.
fn describe(stats: &Stats, links: &Links, base: &str) -> Vec<Triple> {
    let mut out = Vec::new();
    let mut add = |s: &NamedOrBlankNode, p: NamedNode, o: Term| {
        out.push(Triple::new(s.clone(), p, o));
    };
    let dcterms = |local: &str| vocab::iri(vocab::DCTERMS, local);
    let ds: NamedOrBlankNode = links.dataset.clone().into();
    add(&ds, rdf::TYPE.into_owned(), void("Dataset").into());
    add(&ds, dcterms("title"), Literal::from(TITLE).into());
    add(
        &ds,
        dcterms("description"),
        Literal::new_language_tagged_literal_unchecked(DESCRIPTION, "en").into(),
    );
    for license in &stats.licenses {
        add(&ds, dcterms("license"), license.clone().into());
    }
    add(
        &ds,
        vocab::iri(vocab::FOAF, "homepage"),
        links.home.clone().into(),
    );
    add(&ds, void("sparqlEndpoint"), links.endpoint.clone().into());
    add(&ds, void("dataDump"), links.store.clone().into());
    add(&ds, void("dataDump"), links.gzip_dump.clone().into());
    for format in [Format::NQuads, Format::TriG] {
        add(
            &ds,
            void("feature"),
            NamedNode::new_unchecked(format.iri()).into(),
        );
    }
    add(
        &ds,
        void("uriSpace"),
        Literal::from(format!("{base}id/")).into(),
    );
    add(&ds, void("triples"), integer(stats.total()));
    add(&ds, void("classes"), integer(stats.classes.len()));
    add(&ds, void("properties"), integer(stats.properties.len()));
    for vocabulary in vocabularies(stats, base) {
        add(&ds, void("vocabulary"), vocabulary.into());
    }
    for (graph, n) in &stats.graphs {
        let subset: NamedOrBlankNode = BlankNode::default().into();
        add(&ds, void("subset"), subset.clone().into());
        add(&subset, rdf::TYPE.into_owned(), void("Dataset").into());
        add(&subset, vocab::iri(vocab::SD, "name"), graph.clone().into());
        add(&subset, void("triples"), integer(*n));
        let dump = format!(
            "{}?graph={}",
            links.store.as_str(),
            form_urlencoded::byte_serialize(graph.as_str().as_bytes()).collect::<String>()
        );
        if let Ok(dump) = NamedNode::new(dump) {
            add(&subset, void("dataDump"), dump.into());
        }
    }
    for (class, n) in &stats.classes {
        let partition: NamedOrBlankNode = BlankNode::default().into();
        add(&ds, void("classPartition"), partition.clone().into());
        add(&partition, void("class"), class.clone().into());
        add(&partition, void("entities"), integer(*n));
    }
    for (property, n) in &stats.properties {
        let partition: NamedOrBlankNode = BlankNode::default().into();
        add(&ds, void("propertyPartition"), partition.clone().into());
        add(&partition, void("property"), property.clone().into());
        add(&partition, void("triples"), integer(*n));
    }
    out
}

/// The namespaces of [`PREFIXES`] (entity IRIs aside) that some predicate or class is in.
fn vocabularies(stats: &Stats, base: &str) -> Vec<NamedNode> {
    let rebase = Rebase::new(base);
    PREFIXES
        .iter()
        .filter(|(_, namespace)| *namespace != vocab::ID)
        .map(|(_, namespace)| rebase.node(NamedNode::new_unchecked(*namespace)))
        .filter(|namespace| {
            stats
                .properties
                .keys()
                .chain(stats.classes.keys())
                .any(|term| term.as_str().starts_with(namespace.as_str()))
        })
        .collect()
}
