//! Administrators' standard writes over HTTP: SPARQL 1.1 Update on `POST /sparql` and
//! `POST /update`, and (with [`super::graph_store`]) Graph Store Protocol writes on
//! `/store`. Each is evaluated into one change set and recorded like an import
//! ([`crate::curation::Curation::update`]): listed by `GET /imports`, found by
//! `/history`, reverted by `DELETE /imports/{id}`.
//!
//! - Authentication first: no token 401 (`WWW-Authenticate: Bearer`), a curator's 403;
//!   anonymous text is never parsed.
//! - The update text is bounded like a query ([`crate::sparql_limits`]), parsed against the
//!   deployment base (400 with line and column), and each `WHERE` clause bounded and its
//!   `SERVICE`s vetted like a query's.
//! - `using-graph-uri` / `using-named-graph-uri` give every `WHERE` clause its dataset; with
//!   `USING`, `USING NAMED` or `WITH` in the text they are a 400 (SPARQL 1.1 Protocol 2.2.3).
//! - The reason recorded: `comment=` (or `message=`), else the `Maillage-Message` header,
//!   else the `#` comment lines that open the update, else "SPARQL Update".
//! - The write runs on a thread of [`EVALUATION_STACK_BYTES`] under the bound of pending
//!   writes (503 + `Retry-After`) and the query time limit (503, nothing written).
//! - 200 with `{"import": record, "changes": {"added", "removed"}}` (triples that entered
//!   and left the current state) and `Location: /imports/{id}`; `"import": null` when
//!   nothing changed (nothing recorded); 400 for an operation the model refuses or that
//!   fails (nothing written); 422 with a SHACL report when added triples break the shapes.
//!
//! [`EVALUATION_STACK_BYTES`]: crate::sparql_limits::EVALUATION_STACK_BYTES

use super::error::ApiError;
use super::federation::check_services;
use super::imports::{curation_error, invalid};
use super::messages::syntax_error;
use super::protocol::SparqlRequest;
use super::{auth, AppState};
use crate::curation::provenance::ImportRecord;
use crate::curation::update::{has_own_dataset, patterns};
use crate::curation::{Account, CurationError, Role, UpdateOutcome, UpdateRequest, Write};
use crate::store::cancel::Aborted;
use crate::store::{Applied, Cancellation, QueryOptions, StoreError};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use oxigraph::model::NamedNode;
use spargebra::algebra::QueryDataset;
use spargebra::{Query, SparqlParser, Update};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// `POST /update`: updates only (queries go to `/sparql`).
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = async {
        let body = body.map_err(|r| super::sparql::body_error(r, state.config.max_body_bytes))?;
        let request = SparqlRequest::from_post(uri.query(), &headers, &body)?;
        if request.query.is_some() {
            return Err(ApiError::BadRequest(
                "POST /update takes SPARQL updates; send queries to /sparql".into(),
            ));
        }
        sparql_update(&state, &headers, request).await
    };
    result.await.into_response()
}

/// Runs the update of a protocol request (see the module documentation).
pub async fn sparql_update(
    state: &AppState,
    headers: &HeaderMap,
    request: SparqlRequest,
) -> Result<Response, ApiError> {
    let text = request.update.as_deref().ok_or_else(|| {
        ApiError::BadRequest(
            "no update given: send update=... or an application/sparql-update body".into(),
        )
    })?;
    let account = auth::require(state, headers, Role::Admin).await?;
    let update = parse(text, &state.config.base)?;
    for pattern in patterns(&update) {
        let query = Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: None,
        };
        crate::sparql_limits::check_query(&query)
            .map_err(|e| ApiError::BadRequest(e.to_string()))?;
        check_services(&query, &state.config.federation_allow)
            .map_err(|e| ApiError::Forbidden(e.to_string()))?;
    }
    let dataset = dataset(&request)?;
    if dataset.is_some() && has_own_dataset(&update) {
        return Err(ApiError::BadRequest(
            "using-graph-uri / using-named-graph-uri cannot be combined with USING, USING NAMED \
             or WITH in the update (SPARQL 1.1 Protocol, 2.2.3): give the dataset one way"
                .into(),
        ));
    }
    let message = request
        .comment
        .clone()
        .or(header_message(headers)?)
        .or_else(|| leading_comment(text))
        .unwrap_or_else(|| "SPARQL Update".to_owned());
    let outcome = write(state, account, message, Write::Sparql { update, dataset }).await?;
    answer(outcome, headers, &state.config.base, None)
}

/// Bounds and parses an update; relative IRIs resolve against the deployment base.
fn parse(text: &str, base: &str) -> Result<Update, ApiError> {
    crate::sparql_limits::check(text).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    SparqlParser::new()
        .with_base_iri(base)
        .unwrap_or_else(|_| SparqlParser::new())
        .parse_update(text)
        .map_err(|e| {
            ApiError::BadRequest(syntax_error(text, &e.to_string()).replacen(
                "malformed SPARQL query",
                "malformed SPARQL update",
                1,
            ))
        })
}

/// The protocol's dataset parameters, if any.
fn dataset(request: &SparqlRequest) -> Result<Option<QueryDataset>, ApiError> {
    if request.using_graphs.is_empty() && request.using_named_graphs.is_empty() {
        return Ok(None);
    }
    let iris = |values: &[String], param: &str| -> Result<Vec<NamedNode>, ApiError> {
        values
            .iter()
            .map(|v| {
                NamedNode::new(v)
                    .map_err(|e| ApiError::BadRequest(format!("invalid {param} <{v}>: {e}")))
            })
            .collect()
    };
    Ok(Some(QueryDataset {
        default: iris(&request.using_graphs, "using-graph-uri")?,
        named: Some(iris(&request.using_named_graphs, "using-named-graph-uri")?),
    }))
}

/// The `Maillage-Message` header (percent-encoded UTF-8), if given.
pub fn header_message(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    headers
        .get("maillage-message")
        .map(|v| {
            v.to_str()
                .map(|s| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .map_err(|_| {
                    ApiError::BadRequest(
                        "Maillage-Message must be visible ASCII (percent-encode UTF-8)".into(),
                    )
                })
        })
        .transpose()
}

/// The `#` comment lines that open an update (blank lines skipped), joined.
fn leading_comment(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// Runs an administrator's write off the async runtime, on a thread with the evaluation
/// stack, under the bound of pending writes and the query time limit.
pub async fn write(
    state: &AppState,
    account: Account,
    message: String,
    write: Write,
) -> Result<UpdateOutcome, ApiError> {
    let permit = state
        .writes
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Overloaded {
            limit: state.config.max_pending_writes,
        })?;
    let token = Cancellation::new();
    let request = UpdateRequest {
        account,
        message,
        write,
        options: QueryOptions {
            cancel: Some(token.clone()),
            service_timeout: Some(state.config.federation_timeout),
            memory_limit: None,
            prompt: false,
        },
    };
    let curation = state.curation.clone();
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("maillage-update".into())
        .stack_size(crate::sparql_limits::EVALUATION_STACK_BYTES)
        .spawn(move || {
            let _permit = permit;
            let outcome = catch_unwind(AssertUnwindSafe(|| curation.update(request)));
            let _ = tx.send(outcome);
        })
        .map_err(|e| ApiError::Internal(format!("cannot start the update: {e}")))?;
    let timeout = state.config.query_timeout;
    let watchdog = token.clone();
    let cancel = tokio::spawn(async move {
        tokio::time::sleep(timeout).await;
        watchdog.cancel();
    });
    let outcome = rx.await;
    cancel.abort();
    match outcome {
        Ok(Ok(Ok(outcome))) => Ok(outcome),
        Ok(Ok(Err(CurationError::Store(StoreError::Cancelled)))) => Err(ApiError::Timeout(timeout)),
        Ok(Ok(Err(e))) => Err(curation_error(e)),
        Ok(Err(payload)) if payload.is::<Aborted>() => Err(ApiError::Timeout(timeout)),
        _ => Err(ApiError::Internal(
            "the update failed unexpectedly (see the server log); nothing was written".into(),
        )),
    }
}

/// The answer to an administrator's write (see the module documentation); `created` is
/// the Graph Store location of a graph a `PUT`/`POST` created (201).
pub fn answer(
    outcome: UpdateOutcome,
    headers: &HeaderMap,
    base: &str,
    created: Option<String>,
) -> Result<Response, ApiError> {
    let summary = |record: Option<&ImportRecord>, applied: &Applied| {
        Json(serde_json::json!({
            "import": record,
            "location": record.map(|r| format!("/imports/{}", r.id)),
            "changes": { "added": applied.added, "removed": applied.removed },
        }))
    };
    Ok(match outcome {
        UpdateOutcome::Applied(record, applied) => {
            let import = format!("/imports/{}", record.id);
            match created {
                Some(location) => (
                    StatusCode::CREATED,
                    [(header::LOCATION, location)],
                    summary(Some(&record), &applied),
                )
                    .into_response(),
                None => (
                    StatusCode::OK,
                    [(header::LOCATION, import)],
                    summary(Some(&record), &applied),
                )
                    .into_response(),
            }
        }
        UpdateOutcome::Unchanged => summary(None, &Applied::default()).into_response(),
        UpdateOutcome::Invalid(violations) => invalid(&violations, headers, base)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reason_is_the_opening_comment() {
        assert_eq!(
            leading_comment("\n  # Corrige le libellé\n# de la CPTS\nPREFIX x: <y:>\n# not this"),
            Some("Corrige le libellé de la CPTS".to_owned())
        );
        assert_eq!(leading_comment("INSERT DATA {} # late"), None);
    }
}
