//! SPARQL 1.1 Graph Store HTTP Protocol at `/store`: reads for everyone, writes for
//! administrators.
//!
//! - `GET /store?graph=IRI`: one named graph (404 if the store has no such graph);
//! - `GET /store?default`: the default graph, which is the **current state** (every
//!   source graph merged as a set, minus retractions), as on the SPARQL endpoint;
//! - `GET /store`: the whole dataset, only in a dataset syntax (N-Quads by default, or
//!   TriG); any other asked format is 406 (the resource exists, not in that syntax);
//! - `HEAD` on each: the same status and headers, without serialising anything;
//! - `PUT /store?graph=IRI` (the graph becomes the body's triples), `POST /store?graph=IRI`
//!   (the body's triples are added; the graph is created if absent), `DELETE
//!   /store?graph=IRI` (the graph is removed; 404 if absent): admin token (401/403), body
//!   in an RDF syntax by `Content-Type` (415 otherwise, 400 with line and column for a
//!   syntax error), recorded like an import (see [`super::update`]); 201 when the graph was
//!   created, else 200, with the JSON summary;
//! - `POST /store?default` states the body's triples in the default graph (the current
//!   state): they form the write's own import graph. `POST /store` does the same and
//!   answers 201 with the `Location` of that new graph (GSP 5.5). `PUT` and `DELETE` of the
//!   default graph or of the whole store are 400: the default graph is derived;
//! - any other method: 405 with `Allow`.
//!
//! Graphs are negotiated among the RDF syntaxes of [`Format::GRAPHS`] (Turtle by default;
//! N-Quads and TriG keep the graph name); `?format=` overrides `Accept`. Turtle and TriG
//! use the prefixes of [`crate::vocab::PREFIXES`]. Serialisation runs under the query
//! limits ([`super::limits`]): off the async runtime, counted against the concurrency
//! bound (503 past it) and cut at the query time limit.

use super::error::ApiError;
use super::limits::ChunkWriter;
use super::negotiate::{self, Format, Kind};
use super::protocol::decode_pairs;
use super::{auth, update, AppState};
use crate::curation::payload::{self, PayloadError};
use crate::curation::update::GraphStoreWrite;
use crate::curation::{Role, UpdateOutcome, Write as AdminWrite};
use crate::store::{Cancellation as CancellationToken, GraphStore};
use crate::vocab::{Rebase, PREFIXES};
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, QuadRef};
use std::io::Write;

/// Formats of the whole dataset, N-Quads first (the default).
pub const DATASET_FORMATS: [Format; 2] = [Format::NQuads, Format::TriG];

/// The methods of `/store`.
const ALLOW: &str = "GET, HEAD, PUT, POST, DELETE";

/// Quads serialised between two checks of the cancellation token.
const CHECK_EVERY: usize = 4096;

/// What a request addresses.
#[derive(Debug, PartialEq)]
enum Target {
    Graph(NamedNode),
    Default,
    Dataset,
}

/// The request's parameters.
struct GspRequest {
    target: Target,
    format: Option<String>,
}

impl GspRequest {
    fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let (mut graph, mut default, mut format) = (None, false, None);
        let pairs = decode_pairs(query.unwrap_or_default().as_bytes(), "query string")?;
        for (name, value) in pairs {
            match name.as_str() {
                "graph" if graph.is_some() => {
                    return Err(ApiError::BadRequest(
                        "graph= is given more than once: ask for one graph at a time".into(),
                    ))
                }
                "graph" => {
                    graph = Some(NamedNode::new(value.as_str()).map_err(|e| {
                        ApiError::BadRequest(format!("graph={value:?} is not an absolute IRI: {e}"))
                    })?)
                }
                "default" => default = true,
                "format" | "output" => format = Some(value),
                _ => {} // Unknown parameters are ignored, as on /sparql.
            }
        }
        let target = match (graph, default) {
            (Some(_), true) => {
                return Err(ApiError::BadRequest(
                    "give either graph=IRI or default, not both".into(),
                ))
            }
            (Some(g), false) => Target::Graph(g),
            (None, true) => Target::Default,
            (None, false) => Target::Dataset,
        };
        Ok(Self { target, format })
    }
}

/// `GET /store`.
pub async fn get(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    answer(&state, &headers, &uri, true).await.into_response()
}

/// `HEAD /store`: the checks and headers of `GET`, nothing serialised.
pub async fn head(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    answer(&state, &headers, &uri, false).await.into_response()
}

/// Any other method: 405.
pub async fn refuse(method: Method) -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [
            (header::ALLOW, ALLOW),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        format!(
            "{method} is not allowed on /store: GET and HEAD read, PUT, POST and DELETE \
             write (with an admin token)\n"
        ),
    )
        .into_response()
}

/// `PUT /store`.
pub async fn put(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    store_write(&state, Method::PUT, &headers, &uri, body)
        .await
        .into_response()
}

/// `POST /store`.
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    store_write(&state, Method::POST, &headers, &uri, body)
        .await
        .into_response()
}

/// `DELETE /store`.
pub async fn delete(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    store_write(&state, Method::DELETE, &headers, &uri, Ok(Bytes::new()))
        .await
        .into_response()
}

/// A Graph Store write (see the module documentation).
async fn store_write(
    state: &AppState,
    method: Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request = GspRequest::parse(uri.query())?;
    let account = auth::require(state, headers, Role::Admin).await?;
    let body = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(format!(
                "the body is larger than the {} bytes accepted (--max-import-bytes)",
                state.config.max_import_bytes
            ))
        } else {
            ApiError::BadRequest(r.body_text())
        }
    })?;
    let triples = || -> Result<Vec<oxigraph::model::Triple>, ApiError> {
        let media_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        payload::read_graph(media_type, &body, &state.config.base).map_err(|e| match e {
            PayloadError::Unsupported(t) => ApiError::UnsupportedMediaType(format!(
                "unsupported Content-Type {t:?}: send the graph as Turtle, N-Triples, N-Quads, \
                 TriG, JSON-LD or RDF/XML"
            )),
            PayloadError::Syntax(m) | PayloadError::NotAPatch(m) => ApiError::BadRequest(m),
        })
    };
    let derived = |what: &str| {
        ApiError::BadRequest(format!(
            "{method} {what} is refused: the default graph is the current state, derived from \
             the named graphs (documents, ontology, imports) minus retractions; {method} a named \
             graph (?graph=IRI), or POST triples to ?default to state them"
        ))
    };
    let exists = match &request.target {
        Target::Graph(graph) => {
            let (probe, graph) = (state.store.clone(), graph.clone());
            tokio::task::spawn_blocking(move || probe.contains_named_graph(&graph))
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))??
        }
        _ => false,
    };
    let write = match (&request.target, &method) {
        (Target::Graph(g), &Method::PUT) => GraphStoreWrite::Replace(g.clone(), triples()?),
        (Target::Graph(g), &Method::POST) => GraphStoreWrite::Add(g.clone(), triples()?),
        (Target::Graph(_), _) if !exists => return Ok(no_such_graph(&request.target)),
        (Target::Graph(g), _) => GraphStoreWrite::Drop(g.clone()),
        (Target::Default | Target::Dataset, &Method::POST) => {
            GraphStoreWrite::AddDefault(triples()?)
        }
        (Target::Default, _) => return Err(derived("of the default graph (?default)")),
        (Target::Dataset, _) => return Err(derived("of the whole store")),
    };
    let message = update::header_message(headers)?.unwrap_or_else(|| {
        let what = write
            .graph()
            .map_or_else(|| "the default graph".to_owned(), |g| g.to_string());
        format!("Graph Store {method} {what}")
    });
    let outcome = update::write(state, account, message, AdminWrite::GraphStore(write)).await?;
    // 201 when a graph was created: the one named, or the write's own import graph.
    let created = match (&outcome, &request.target) {
        (UpdateOutcome::Applied(..), Target::Graph(g)) if !exists && method != Method::DELETE => {
            Some(location(g))
        }
        (UpdateOutcome::Applied(record, _), Target::Dataset) => Some(location(
            &state.curation.provenance().import_graph(&record.id),
        )),
        _ => None,
    };
    update::answer(outcome, headers, &state.config.base, created)
}

/// The Graph Store URL of a graph.
fn location(graph: &NamedNode) -> String {
    let encoded: String = form_urlencoded::byte_serialize(graph.as_str().as_bytes()).collect();
    format!("/store?graph={encoded}")
}

async fn answer(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    with_body: bool,
) -> Result<Response, ApiError> {
    let request = GspRequest::parse(uri.query())?;
    let offers: &[Format] = match request.target {
        Target::Dataset => &DATASET_FORMATS,
        Target::Graph(_) | Target::Default => &Format::GRAPHS,
    };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let format = negotiate::choose(request.format.as_deref(), accept, offers)?;
    let store = state.store.clone();
    if let Target::Graph(graph) = &request.target {
        let (probe, graph) = (store.clone(), graph.clone());
        let exists = tokio::task::spawn_blocking(move || probe.contains_named_graph(&graph))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
        if !exists {
            return Ok(no_such_graph(&request.target));
        }
    }
    if !with_body {
        // A body of unknown length: an empty one would say `Content-Length: 0`.
        let nothing = futures_util::stream::empty::<Result<Bytes, std::io::Error>>();
        return Ok(rdf_response(Body::from_stream(nothing), format));
    }
    let base = state.config.base.clone();
    state
        .limits
        .run(format, move |token, out| {
            write(&store, &request.target, format, &base, token, out)
        })
        .await
}

fn no_such_graph(target: &Target) -> Response {
    let name = match target {
        Target::Graph(g) => g.to_string(),
        _ => String::new(),
    };
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "no graph named {name} in this store. The named graphs are listed in the \
             service description (GET /sparql) and in GET /.well-known/void.\n"
        ),
    )
        .into_response()
}

/// The headers of an RDF answer (as [`super::limits`] sets them).
fn rdf_response(body: Body, format: Format) -> Response {
    (
        [
            (header::CONTENT_TYPE, format.content_type()),
            (header::VARY, "Accept".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// A serializer for `format` with maillage's prefixes (rebased onto `base`) where the
/// syntax has prefixes.
pub fn serializer(format: Format, base: &str) -> Result<RdfSerializer, ApiError> {
    let Kind::Rdf(rdf_format) = format.kind() else {
        return Err(ApiError::Internal(format!(
            "{} is not an RDF syntax",
            format.name()
        )));
    };
    let mut serializer = RdfSerializer::from_format(rdf_format);
    if matches!(rdf_format, RdfFormat::Turtle | RdfFormat::TriG) {
        let rebase = Rebase::new(base);
        for (prefix, namespace) in PREFIXES {
            let namespace = rebase.node(NamedNode::new_unchecked(*namespace));
            serializer = serializer
                .with_prefix(*prefix, namespace.as_str())
                .map_err(|e| ApiError::Internal(e.to_string()))?;
        }
    }
    Ok(serializer)
}

/// Serialises `triples` in `format` with maillage's prefixes into `out`.
pub fn write_triples<W: std::io::Write>(
    triples: &[oxigraph::model::Triple],
    format: Format,
    base: &str,
    out: W,
) -> Result<W, ApiError> {
    let mut writer = serializer(format, base)?.for_writer(out);
    for triple in triples {
        writer
            .serialize_triple(triple)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    writer
        .finish()
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Serialises `quads` in a dataset syntax (N-Quads, TriG) with maillage's prefixes into `out`.
pub fn write_quads<W: std::io::Write>(
    quads: &[oxigraph::model::Quad],
    format: Format,
    base: &str,
    out: W,
) -> Result<W, ApiError> {
    let mut writer = serializer(format, base)?.for_writer(out);
    for quad in quads {
        writer.serialize_quad(quad).map_err(write_error)?;
    }
    writer.finish().map_err(write_error)
}

/// Whether the syntax holds quads (the graph name is kept) rather than triples.
fn is_dataset_syntax(format: Format) -> bool {
    matches!(format, Format::NQuads | Format::TriG)
}

/// Serialises the target (in a blocking task; see [`super::limits`]).
fn write(
    store: &GraphStore,
    target: &Target,
    format: Format,
    base: &str,
    token: &CancellationToken,
    out: &mut ChunkWriter,
) -> Result<(), ApiError> {
    let mut writer = serializer(format, base)?.for_writer(out);
    let (graph, as_quads) = match target {
        Target::Graph(graph) => (Some(graph.clone().into()), is_dataset_syntax(format)),
        // The default graph is the current state, each triple once.
        Target::Default => (Some(GraphName::DefaultGraph), false),
        Target::Dataset => (None, true),
    };
    for (i, quad) in store.quads(graph)?.enumerate() {
        check(token, i)?;
        emit(&mut writer, quad?.as_ref(), as_quads)?;
    }
    writer.finish().map_err(write_error)?;
    Ok(())
}

fn emit<W: Write>(
    writer: &mut oxigraph::io::WriterQuadSerializer<W>,
    quad: QuadRef<'_>,
    as_quad: bool,
) -> Result<(), ApiError> {
    if as_quad {
        writer.serialize_quad(quad).map_err(write_error)
    } else {
        writer
            .serialize_triple(oxigraph::model::TripleRef::from(quad))
            .map_err(write_error)
    }
}

fn check(token: &CancellationToken, i: usize) -> Result<(), ApiError> {
    if i.is_multiple_of(CHECK_EVERY) && token.is_cancelled() {
        return Err(ApiError::Internal("serialisation cancelled".into()));
    }
    Ok(())
}

fn write_error(e: std::io::Error) -> ApiError {
    ApiError::Internal(format!("cannot write the graph: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(query: &str) -> Result<Target, u16> {
        GspRequest::parse(Some(query))
            .map(|r| r.target)
            .map_err(|e| e.status().as_u16())
    }

    #[test]
    fn parameters() {
        assert_eq!(target(""), Ok(Target::Dataset));
        assert_eq!(target("default"), Ok(Target::Default));
        assert_eq!(target("default=&format=trig"), Ok(Target::Default));
        assert_eq!(
            target("graph=http%3A%2F%2Fex.org%2Fg"),
            Ok(Target::Graph(NamedNode::new_unchecked("http://ex.org/g")))
        );
        assert_eq!(target("graph=relative"), Err(400));
        assert_eq!(target("graph=http://a&graph=http://b"), Err(400));
        assert_eq!(target("graph=http://a&default"), Err(400));
    }
}
