//! Curation over HTTP: `POST /imports`, `GET /imports`, `GET|DELETE /imports/{id}`,
//! `GET /imports/feed.json` (a JSON Feed for mirrors), `GET /history?iri=…`.
//!
//! - `POST /imports` (curator): an RDF body (Turtle, N-Triples, N-Quads, TriG,
//!   JSON-LD, RDF/XML by `Content-Type`) or a SPARQL Update patch
//!   (`application/sparql-update`, `INSERT DATA` / `DELETE DATA` only); the reason in
//!   `Maillage-Message` (header) or `message` (parameter), required; `source=IRI`;
//!   `retract=true` retracts the body's triples; `dry_run=true` validates and reports
//!   what would change without writing. 201 + `Location: /imports/{id}`; 409 with
//!   `Location` of the first import when the same content is already there; 422
//!   with a SHACL `sh:ValidationReport` (JSON, or Turtle by `Accept`); 400 with line
//!   and column for a syntax error; 415 for another media type; 413 past
//!   `--max-import-bytes`. RDF additions are read from the body as it is, in passes
//!   (`curation::stream`; a body past 1 MiB arrives spooled to a temporary file).
//! - `DELETE /imports/{id}` (its curator, or an admin): reverts it, recorded.
//! - Reads are public.

use super::auth;
use super::body::Spooled;
use super::error::ApiError;
use super::negotiate::{self, Format};
use super::AppState;
use crate::curation::payload::{self, PayloadError};
use crate::curation::provenance::{ImportRecord, ListFilter};
use crate::curation::stream::Content;
use crate::curation::{report, ContentRequest, CurationError, ImportOutcome, ImportRequest, Role};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode};
use std::collections::HashMap;

/// Imports listed per page by default, and at most.
const PAGE: usize = 50;
const MAX_PAGE: usize = 500;

/// The query's parameters; one given twice with different values is refused (which one
/// would be meant, `dry_run=true&dry_run=false`, is not for the server to guess).
fn params(uri: &Uri) -> Result<HashMap<String, String>, ApiError> {
    let mut params = HashMap::new();
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        if let Some(first) = params.insert(k.clone().into_owned(), v.clone().into_owned()) {
            if first != v {
                return Err(ApiError::BadRequest(format!(
                    "parameter {k} is given twice, as {first:?} and {v:?}: give it once"
                )));
            }
        }
    }
    Ok(params)
}

fn flag(params: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match params.get(name).map(String::as_str) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(ApiError::BadRequest(format!(
            "{name}={other:?}: expected true or false"
        ))),
    }
}

/// `POST /imports`.
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    spooled: Option<Extension<Spooled>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    create(&state, &headers, &uri, spooled.map(|s| s.0), body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn create(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    spooled: Option<Spooled>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let account = auth::require(state, headers, Role::Curator).await?;
    let body = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(format!(
                "the import is larger than the {} bytes accepted (--max-import-bytes)",
                state.config.max_import_bytes
            ))
        } else {
            ApiError::BadRequest(r.body_text())
        }
    })?;
    let params = params(uri)?;
    let message = super::update::header_message(headers)?
        .or_else(|| params.get("message").cloned())
        .unwrap_or_default();
    let source =
        match params.get("source") {
            Some(s) => Some(payload::iri(s).ok_or_else(|| {
                ApiError::BadRequest(format!("source={s:?} is not an absolute IRI"))
            })?),
            None => None,
        };
    let (dry_run, retract) = (flag(&params, "dry_run")?, flag(&params, "retract")?);
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("(none)")
        .to_owned();
    let base = state.config.base.clone();
    let content = match spooled {
        Some(Spooled(file)) => Content::File(file),
        None => Content::Memory(body.to_vec().into()),
    };
    if let (false, Some(format)) = (
        retract,
        RdfFormat::from_media_type(&payload::essence(&media_type)),
    ) {
        // RDF additions: read as they are, in passes (`curation::stream`).
        let request = ContentRequest {
            account,
            message,
            source,
            content,
            format,
            dry_run,
        };
        let curation = state.curation.clone();
        let outcome = write(state, move || curation.import_content(request)).await?;
        return answer(outcome, headers, &base, |record| {
            format!("/imports/{}", record.id)
        });
    }
    let body = content
        .bytes()
        .map_err(|e| curation_error(CurationError::Spool(e.to_string())))?;
    let parse_base = base.clone();
    let read = tokio::task::spawn_blocking(move || {
        payload::read(&media_type, &body, retract, &parse_base)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let patch = read.map_err(|e| match e {
        PayloadError::Unsupported(_) => ApiError::UnsupportedMediaType(e.to_string()),
        PayloadError::Syntax(m) => ApiError::BadRequest(m),
        PayloadError::NotAPatch(m) => ApiError::Unprocessable(m),
    })?;
    let request = ImportRequest {
        account,
        message,
        source,
        patch,
        dry_run,
    };
    let curation = state.curation.clone();
    let outcome = write(state, move || curation.import(request)).await?;
    answer(outcome, headers, &base, |record| {
        format!("/imports/{}", record.id)
    })
}

/// Runs a curation write off the async runtime, under the bound of pending writes
/// (503 + `Retry-After` past it).
async fn write(
    state: &AppState,
    work: impl FnOnce() -> Result<ImportOutcome, CurationError> + Send + 'static,
) -> Result<ImportOutcome, ApiError> {
    let permit = state
        .writes
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Overloaded {
            limit: state.config.max_pending_writes,
        })?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(curation_error)
}

/// The answer to an import or a document submission: 201 with `location` of the
/// new record, 200 for a dry run, 409 pointing at the first import of the same
/// content, 422 with the SHACL report (JSON, or RDF when an RDF syntax is asked for).
fn answer(
    outcome: ImportOutcome,
    headers: &HeaderMap,
    base: &str,
    location: impl Fn(&ImportRecord) -> String,
) -> Result<Response, ApiError> {
    Ok(match outcome {
        ImportOutcome::Created(record, preview) => (
            StatusCode::CREATED,
            [(header::LOCATION, location(&record))],
            Json(serde_json::json!({ "import": record, "changes": preview })),
        )
            .into_response(),
        ImportOutcome::DryRun(preview) => {
            Json(serde_json::json!({ "dry_run": true, "changes": preview })).into_response()
        }
        ImportOutcome::Duplicate(first) => (
            StatusCode::CONFLICT,
            [(header::LOCATION, format!("/imports/{first}"))],
            Json(serde_json::json!({
                "error": "the same content is already imported",
                "import": format!("/imports/{first}"),
            })),
        )
            .into_response(),
        ImportOutcome::Invalid(violations) => invalid(&violations, headers, base)?,
    })
}

/// 422 with the SHACL report of `violations`: JSON, or RDF when an RDF syntax is asked for.
pub(super) fn invalid(
    violations: &[crate::curation::Violation],
    headers: &HeaderMap,
    base: &str,
) -> Result<Response, ApiError> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let mut offers = vec![Format::Json];
    offers.extend(Format::GRAPHS);
    Ok(
        match negotiate::negotiate(accept, &offers).unwrap_or(Format::Json) {
            Format::Json => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(report::json(violations)),
            )
                .into_response(),
            format => {
                let body = super::graph_store::write_triples(
                    &report::triples(violations),
                    format,
                    base,
                    Vec::new(),
                )?;
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    [(header::CONTENT_TYPE, format.content_type())],
                    body,
                )
                    .into_response()
            }
        },
    )
}

pub(super) fn curation_error(e: CurationError) -> ApiError {
    match e {
        CurationError::Store(e) => e.into(),
        CurationError::NotFound(_) => ApiError::NotFound(e.to_string()),
        CurationError::AlreadyReverted(_) | CurationError::Conflict(_) => {
            ApiError::Conflict(e.to_string())
        }
        CurationError::Forbidden(m) => ApiError::Forbidden(m),
        CurationError::Invalid(m) | CurationError::Syntax(m) => ApiError::BadRequest(m),
        CurationError::Spool(_) => ApiError::Internal(e.to_string()),
    }
}

/// The list filter of `GET /imports` and `/history`.
fn filter(params: &HashMap<String, String>) -> Result<ListFilter, ApiError> {
    let number = |name: &str, default: usize| -> Result<usize, ApiError> {
        params.get(name).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| ApiError::BadRequest(format!("{name}={v:?}: expected a whole number")))
        })
    };
    let time = |name: &str| -> Result<Option<String>, ApiError> {
        params
            .get(name)
            .map(|v| {
                v.parse::<jiff::Timestamp>()
                    .map(|t| t.to_string())
                    .map_err(|e| {
                        ApiError::BadRequest(format!(
                            "{name}={v:?}: expected an RFC 3339 time ({e})"
                        ))
                    })
            })
            .transpose()
    };
    let limit = number("limit", PAGE)?.clamp(1, MAX_PAGE);
    let page = number("page", 1)?.max(1);
    Ok(ListFilter {
        curator: params.get("curator").cloned(),
        since: time("since")?,
        until: time("until")?,
        iri: None,
        source: None,
        offset: (page - 1).saturating_mul(limit),
        limit,
    })
}

async fn list_records(state: &AppState, filter: ListFilter) -> Result<Vec<ImportRecord>, ApiError> {
    let curation = state.curation.clone();
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || curation.provenance().list(&store, &filter))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::from)
}

/// `GET /imports`: newest first; `curator`, `since`, `until` (RFC 3339), `page`, `limit`.
/// With `since`, oldest first: a mirror follows the graph by asking from its last time.
pub async fn list(State(state): State<AppState>, uri: Uri) -> Response {
    let result = async {
        let params = params(&uri)?;
        let filter = filter(&params)?;
        let (page, limit) = (filter.offset / filter.limit + 1, filter.limit);
        let records = list_records(&state, filter).await?;
        let next = (records.len() == limit).then(|| {
            let mut query: Vec<(String, String)> =
                params.into_iter().filter(|(k, _)| k != "page").collect();
            query.sort();
            query.push(("page".into(), (page + 1).to_string()));
            let encoded = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(query)
                .finish();
            format!("/imports?{encoded}")
        });
        Ok::<_, ApiError>(
            Json(serde_json::json!({ "imports": records, "page": page, "next": next }))
                .into_response(),
        )
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /imports/feed.json`: the newest imports as a JSON Feed 1.1.
pub async fn feed(State(state): State<AppState>, uri: Uri) -> Response {
    let result = async {
        let records = list_records(&state, filter(&params(&uri)?)?).await?;
        let items: Vec<_> = records
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": format!("/imports/{}", r.id),
                    "url": format!("/imports/{}", r.id),
                    "date_published": r.time,
                    "authors": [{ "name": r.curator }],
                    "title": format!("{} (+{} −{})", r.message, r.added, r.retracted),
                    "content_text": r.message,
                    "_maillage": r,
                })
            })
            .collect();
        Ok::<_, ApiError>(
            (
                [(header::CONTENT_TYPE, "application/feed+json")],
                Json(serde_json::json!({
                    "version": "https://jsonfeed.org/version/1.1",
                    "title": "maillage — imports",
                    "feed_url": "/imports/feed.json",
                    "items": items,
                })),
            )
                .into_response(),
        )
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /imports/{id}`: the record as JSON, or its content (the import's graphs,
/// live or reverted) in a negotiated RDF dataset syntax (`Accept` or `?format=`).
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = async {
        let curation = state.curation.clone();
        let store = state.store.clone();
        let wanted = id.clone();
        let record =
            tokio::task::spawn_blocking(move || curation.provenance().import(&store, &wanted))
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))??
                .ok_or_else(|| {
                    ApiError::NotFound(format!("no import {id:?}; GET /imports lists them"))
                })?;
        // JSON by default (`*/*`); a dataset syntax when asked for by name.
        let params = params(&uri)?;
        let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
        let offers = [Format::Json, Format::TriG, Format::NQuads];
        let format = negotiate::choose(params.get("format").map(String::as_str), accept, &offers)?;
        if format == Format::Json {
            return Ok(Json(serde_json::json!({ "import": record })).into_response());
        }
        let prov = state.curation.provenance();
        let mut graphs: Vec<NamedNode> = vec![
            prov.import_graph(&record.id),
            prov.retraction_graph(&record.id),
            prov.reverted_graph("import", &record.id),
            prov.reverted_graph("retraction", &record.id),
        ];
        // What an administrator's write added to and removed from other graphs.
        for change in &record.graphs {
            for kept in [&change.added_graph, &change.removed_graph]
                .into_iter()
                .flatten()
            {
                graphs.push(NamedNode::new_unchecked(kept));
            }
        }
        let (store, base) = (state.store.clone(), state.config.base.clone());
        let body = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ApiError> {
            let mut quads = Vec::new();
            for g in graphs {
                for q in store.quads(Some(GraphName::NamedNode(g)))? {
                    quads.push(q?);
                }
            }
            super::graph_store::write_quads(&quads, format, &base, Vec::new())
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
        Ok::<_, ApiError>(([(header::CONTENT_TYPE, format.content_type())], body).into_response())
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `DELETE /imports/{id}`: reverts it (its curator, or an admin); `message` says why.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = async {
        let account = auth::require(&state, &headers, Role::Curator).await?;
        let message = params(&uri)?
            .remove("message")
            .unwrap_or_else(|| "revert".to_owned());
        let curation = state.curation.clone();
        let record = tokio::task::spawn_blocking(move || curation.revert(&id, &account, &message))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(curation_error)?;
        Ok::<_, ApiError>(Json(serde_json::json!({ "import": record })).into_response())
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /history?iri=…`: every import (live or reverted) that stated or retracted a
/// triple with the resource as subject or object, newest first.
pub async fn history(State(state): State<AppState>, uri: Uri) -> Response {
    let result = async {
        let params = params(&uri)?;
        let iri = params
            .get("iri")
            .ok_or_else(|| ApiError::BadRequest("give the resource: /history?iri=IRI".into()))?;
        let iri =
            NamedNode::new(iri).map_err(|e| ApiError::BadRequest(format!("iri={iri:?}: {e}")))?;
        let mut filter = filter(&params)?;
        filter.iri = Some(iri.clone());
        let records = list_records(&state, filter).await?;
        Ok::<_, ApiError>(
            Json(serde_json::json!({ "iri": iri.as_str(), "imports": records })).into_response(),
        )
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /documents?id=…` (curator): a text document of the seeds' kind
/// (`text/plain`, UTF-8); the extractor reads it and its output — facts with
/// their evidence — becomes an import whose source is the document's IRI.
/// Answers like `POST /imports` (201 + `Location: /documents/{id}`).
pub async fn post_document(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let account = auth::require(&state, &headers, Role::Curator).await?;
        let body = body.map_err(|r| ApiError::PayloadTooLarge(r.body_text()))?;
        let media_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("(none)");
        if !media_type.starts_with("text/plain") {
            return Err(ApiError::UnsupportedMediaType(format!(
                "a document is sent as text/plain (UTF-8), not {media_type}"
            )));
        }
        let limit = crate::curation::MAX_DOCUMENT_BYTES;
        if body.len() > limit {
            return Err(ApiError::PayloadTooLarge(format!(
                "the document is {} bytes, past the {limit} bytes a submitted document may have \
                 (split it, or load it with `maillage load`)",
                body.len()
            )));
        }
        let text = String::from_utf8(body.to_vec()).map_err(|e| {
            ApiError::BadRequest(format!(
                "the document is not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let params = params(&uri)?;
        let id = params.get("id").cloned().ok_or_else(|| {
            ApiError::BadRequest(
                "name the document: POST /documents?id=NAME (letters, digits, '_', '-')".into(),
            )
        })?;
        let submission = crate::curation::DocumentSubmission {
            message: params
                .get("message")
                .cloned()
                .unwrap_or_else(|| format!("document {id}")),
            dry_run: flag(&params, "dry_run")?,
            account,
            id: id.clone(),
            text,
        };
        let curation = state.curation.clone();
        let outcome = write(&state, move || curation.submit_document(submission)).await?;
        answer(outcome, &headers, &state.config.base, |_| {
            format!("/documents/{id}")
        })
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /documents/{id}`: what the extractor read from a submitted document —
/// the import, and each law → target fact with its line and quote.
pub async fn get_document(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let result = async {
        if !crate::curation::valid_document_id(&id) {
            return Err(ApiError::NotFound(format!(
                "no submitted document {id:?} (a document id is 1 to 100 letters, digits, '_' or '-')"
            )));
        }
        let source =
            crate::vocab::Rebase::new(&state.config.base).node(crate::rdf::document_iri(&id));
        let filter = ListFilter {
            source: Some(source.clone()),
            limit: 1,
            ..ListFilter::default()
        };
        let record = list_records(&state, filter)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::NotFound(format!("no submitted document {id:?}")))?;
        let graph = state.curation.provenance().import_graph(&record.id);
        let mlg = state.curation.provenance().mlg();
        let query = format!(
            "PREFIX mlg: <{mlg}> PREFIX prov: <http://www.w3.org/ns/prov#> \
             PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> \
             SELECT ?law ?relation ?target ?line ?quote WHERE {{ GRAPH <{g}> {{ \
               ?fact a rdf:Statement ; rdf:subject ?law ; rdf:predicate ?relation ; rdf:object ?target ; mlg:evidence ?e . \
               ?e mlg:line ?line ; prov:value ?quote }} \
               ?relation <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> mlg:actsOn }} \
             ORDER BY ?line ?law ?relation ?target",
            g = graph.as_str()
        );
        let store = state.store.clone();
        let table = tokio::task::spawn_blocking(move || crate::queries::select(&store, &query))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let cell = |t: &Option<oxigraph::model::Term>| match t {
            Some(oxigraph::model::Term::NamedNode(n)) => n.as_str().to_owned(),
            Some(oxigraph::model::Term::Literal(l)) => l.value().to_owned(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let facts: Vec<_> = table
            .rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "law": cell(&r[0]), "relation": cell(&r[1]), "target": cell(&r[2]),
                    "line": cell(&r[3]).parse::<u64>().ok(), "quote": cell(&r[4]),
                })
            })
            .collect();
        Ok::<_, ApiError>(
            Json(serde_json::json!({ "document": source.as_str(), "import": record, "facts": facts })).into_response(),
        )
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}
