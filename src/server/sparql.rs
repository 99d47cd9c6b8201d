//! The `/sparql` handlers: SPARQL 1.1 Protocol queries, and updates by administrators
//! (`POST` only; see [`super::update`]).
//!
//! Dataset: `default-graph-uri` / `named-graph-uri` parameters, when present, define the
//! dataset (and override the query's `FROM` / `FROM NAMED`, as the protocol says); a request
//! with only `named-graph-uri` has an empty default graph. Without them, a query's own
//! `FROM` / `FROM NAMED` apply; and with neither, the default graph is the **current state**
//! (every source graph merged as a set, minus retractions: see [`crate::store`]) and every
//! named graph is available.

use super::error::ApiError;
use super::federation::check_services;
use super::limits::ChunkWriter;
use super::messages::syntax_error;
use super::negotiate::{self, Format, Kind};
use super::protocol::SparqlRequest;
use super::{service_description, AppState};
use crate::sparql_limits::Complexity;
use crate::store::{
    Cancellation as CancellationToken, DatasetSpec, GraphStore, QueryOptions, StoreError,
};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::io::RdfSerializer;
use oxigraph::model::NamedNode;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::QueryResults;
use spargebra::{Query, SparqlParser};
use std::time::Duration;

/// `GET /sparql`: a query, or the service description when no `query` is given.
pub async fn get(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = match SparqlRequest::from_get(uri.query()) {
        Ok(request) if request.query.is_none() => {
            service_description::respond(&state, &headers, request.format.as_deref()).await
        }
        Ok(request) => answer(&state, &headers, request).await,
        Err(e) => Err(e),
    };
    result.into_response()
}

/// `POST /sparql`: a query as `application/sparql-query` or as a form; an update as
/// `application/sparql-update` or as a form ([`super::update`]).
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let body = body.map_err(|r| body_error(r, state.config.max_body_bytes))?;
        let request = SparqlRequest::from_post(uri.query(), &headers, &body)?;
        if request.update.is_some() {
            return super::update::sparql_update(&state, &headers, request).await;
        }
        answer(&state, &headers, request).await
    };
    result.await.into_response()
}

pub(super) fn body_error(rejection: BytesRejection, limit: usize) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge(format!(
            "the request body is larger than the {limit} bytes accepted"
        ))
    } else {
        ApiError::BadRequest(rejection.body_text())
    }
}

/// Parses, vets and evaluates one query.
async fn answer(
    state: &AppState,
    headers: &HeaderMap,
    request: SparqlRequest,
) -> Result<Response, ApiError> {
    let text = request.query.as_deref().ok_or_else(|| {
        ApiError::BadRequest(
            "no query given: send query=... or an application/sparql-query body".into(),
        )
    })?;
    let (query, complexity) = parse(text, &state.config.base)?;
    check_services(&query, &state.config.federation_allow)
        .map_err(|e| ApiError::Forbidden(e.to_string()))?;
    let offers: &[Format] = match query {
        Query::Select { .. } | Query::Ask { .. } => &Format::SOLUTIONS,
        Query::Construct { .. } | Query::Describe { .. } => &Format::GRAPHS,
    };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let format = negotiate::choose(request.format.as_deref(), accept, offers)?;
    let dataset = dataset(&request)?;
    let store = state.store.clone();
    let bounds = Bounds::of(&state.config);
    if super::federation::has_services(&query) || !complexity.plans_quickly() {
        // Remote calls are neither repeated nor made on a runtime thread, and a long
        // planning would block one.
        return state
            .limits
            .run(format, move |token, out| {
                evaluate(&store, query, &dataset, format, token, bounds, out)
            })
            .await;
    }
    let key = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (
            text,
            &request.default_graphs,
            &request.named_graphs,
            format.name(),
        )
            .hash(&mut hasher);
        hasher.finish()
    };
    state
        .limits
        .run_fast(format, key, move |token, out| {
            evaluate(&store, query.clone(), &dataset, format, token, bounds, out)
        })
        .await
}

/// What bounds one evaluation besides its time limit (from the server's configuration).
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub federation_timeout: Duration,
    pub memory_limit: Option<usize>,
}

impl Bounds {
    pub fn of(config: &super::ServerConfig) -> Self {
        Self {
            federation_timeout: config.federation_timeout,
            memory_limit: config.query_memory_limit,
        }
    }

    /// The store's options for an evaluation cancelled by `token`; `prompt` for an inline
    /// attempt, which must stop at its budget whatever the query.
    pub fn options(&self, token: &CancellationToken, prompt: bool) -> QueryOptions {
        QueryOptions {
            cancel: Some(token.clone()),
            prompt,
            service_timeout: Some(self.federation_timeout),
            memory_limit: self.memory_limit,
        }
    }
}

/// Parses a query; relative IRIs resolve against the deployment base. The text's nesting
/// and size are bounded first ([`crate::sparql_limits`]): the parser is recursive.
fn parse(text: &str, base: &str) -> Result<(Query, Complexity), ApiError> {
    crate::sparql_limits::check(text).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let query = SparqlParser::new()
        .with_base_iri(base)
        .unwrap_or_else(|_| SparqlParser::new())
        .parse_query(text)
        .map_err(|e| ApiError::BadRequest(syntax_error(text, &e.to_string())))?;
    let complexity = crate::sparql_limits::check_query(&query)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    Ok((query, complexity))
}

/// The protocol's dataset parameters (see the module documentation).
fn dataset(request: &SparqlRequest) -> Result<DatasetSpec, ApiError> {
    let iris = |values: &[String], param: &str| -> Result<Vec<NamedNode>, ApiError> {
        values
            .iter()
            .map(|v| {
                NamedNode::new(v)
                    .map_err(|e| ApiError::BadRequest(format!("invalid {param} <{v}>: {e}")))
            })
            .collect()
    };
    let default = iris(&request.default_graphs, "default-graph-uri")?;
    let named = iris(&request.named_graphs, "named-graph-uri")?;
    Ok(if default.is_empty() && named.is_empty() {
        DatasetSpec::Query
    } else {
        DatasetSpec::Graphs { default, named }
    })
}

/// Evaluates and serializes (in a blocking task; see [`super::limits`]).
fn evaluate(
    store: &GraphStore,
    query: Query,
    dataset: &DatasetSpec,
    format: Format,
    token: &CancellationToken,
    bounds: Bounds,
    out: &mut ChunkWriter,
) -> Result<(), ApiError> {
    let options = bounds.options(token, out.is_inline());
    let results = store.query(query, dataset, &options)?;
    // The serializers write a few bytes at a time (each JSON token): gathered here, they
    // reach the writer's checks in blocks (a fifth of a point lookup's own time before).
    let mut buffered = std::io::BufWriter::with_capacity(WRITE_BLOCK, out);
    match serialize(results, format, &mut buffered) {
        Ok(()) => std::io::Write::flush(&mut buffered).map_err(write_error),
        Err(e) => {
            // A failed result is not written further.
            let _ = buffered.into_parts();
            Err(e)
        }
    }
}

/// Writes `results` in `format`.
fn serialize(
    results: QueryResults<'_>,
    format: Format,
    out: &mut impl std::io::Write,
) -> Result<(), ApiError> {
    match (results, format.kind()) {
        (QueryResults::Solutions(solutions), Kind::Results(f)) => {
            let mut serializer = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(out, solutions.variables().to_vec())
                .map_err(write_error)?;
            for solution in solutions {
                serializer
                    .serialize(&solution.map_err(StoreError::from)?)
                    .map_err(write_error)?;
            }
            serializer.finish().map_err(write_error)?;
        }
        (QueryResults::Boolean(value), Kind::Results(f)) => {
            QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(out, value)
                .map_err(write_error)?;
        }
        (QueryResults::Graph(triples), Kind::Rdf(f)) => {
            let mut serializer = RdfSerializer::from_format(f).for_writer(out);
            for triple in triples {
                serializer
                    .serialize_triple(&triple.map_err(StoreError::from)?)
                    .map_err(write_error)?;
            }
            serializer.finish().map_err(write_error)?;
        }
        _ => {
            return Err(ApiError::Internal(format!(
                "{} does not fit this query form",
                format.name()
            )))
        }
    }
    Ok(())
}

/// Bytes of serialized result gathered before they are handed to the [`ChunkWriter`].
const WRITE_BLOCK: usize = 8 * 1024;

fn write_error(e: std::io::Error) -> ApiError {
    ApiError::Internal(format!("cannot write the result: {e}"))
}
