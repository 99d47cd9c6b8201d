//! Reading request bodies before any handler: size limit and read timeout.
//!
//! - A `Content-Length` above the body limit is refused with 413 at once, before a byte of
//!   the body is read (a client announcing a terabyte does not wait, nor make us wait);
//! - the body is read whole within the body timeout, counted from the end of the request
//!   head; a client that sends it too slowly gets 408 and its connection is closed;
//! - a body longer than the limit without `Content-Length` (chunked) gets 413 as soon as the
//!   limit is passed.
//!
//! Handlers then get the body from memory (the routes take at most `max_body_bytes`),
//! except an import (`POST /imports`) past [`SPOOL_FROM`]: its body is written to an unnamed
//! temporary file as it arrives (removed by the system once closed, even after a crash),
//! handed over as [`Spooled`], so a large import is never held in memory as bytes.

use super::error::ApiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::Duration;

/// Bytes of an import held in memory before its body goes to a temporary file; also the
/// size of each write to it.
pub const SPOOL_FROM: usize = 1 << 20;

/// An import's body, spooled to an unnamed temporary file (a request extension; the body
/// is then empty).
#[derive(Clone)]
pub struct Spooled(pub Arc<std::fs::File>);

/// The limits [`read_body`] applies.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    pub max_bytes: usize,
    /// The limit of curators' writes (`/imports`, `/documents`) and of Graph Store
    /// writes (`PUT`/`POST /store`).
    pub max_import_bytes: usize,
    pub timeout: Duration,
}

impl BodyLimits {
    /// The body limit of a request.
    fn for_request(&self, method: &axum::http::Method, path: &str) -> usize {
        use axum::http::Method;
        let graph_write = path == "/store" && (method == Method::PUT || method == Method::POST);
        if path == "/imports" || path == "/documents" || graph_write {
            self.max_import_bytes
        } else {
            self.max_bytes
        }
    }
}

/// Reads the body under [`BodyLimits`] (see the module documentation), then runs `next`
/// (part of [`super::frame`]).
pub async fn read_body(limits: BodyLimits, request: Request, next: Next) -> Response {
    if axum::body::HttpBody::is_end_stream(request.body()) {
        // No body (a GET): nothing to read, no timer to set.
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let limits = BodyLimits {
        max_bytes: limits.for_request(&parts.method, parts.uri.path()),
        ..limits
    };
    let announced = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > limits.max_bytes as u64) {
        return closing(too_large(limits.max_bytes, announced));
    }
    let spoolable = parts.method == axum::http::Method::POST && parts.uri.path() == "/imports";
    let mut stream = body.into_data_stream();
    let mut capacity = announced.unwrap_or(0) as usize;
    if spoolable {
        capacity = capacity.min(SPOOL_FROM);
    }
    let mut bytes = Vec::with_capacity(capacity);
    let (mut received, mut spool) = (0, None);
    let deadline = tokio::time::Instant::now() + limits.timeout;
    loop {
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Err(_) => {
                return closing(ApiError::RequestTimeout(format!(
                    "the request body was not received within {} s ({} of {} bytes received)",
                    limits.timeout.as_secs_f64(),
                    received,
                    announced.map_or_else(|| "an unknown number of".to_owned(), |n| n.to_string())
                )))
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                return closing(ApiError::BadRequest(format!(
                    "the request body could not be read: {e}"
                )))
            }
            Ok(Some(Ok(chunk))) => {
                if received + chunk.len() > limits.max_bytes {
                    return closing(too_large(limits.max_bytes, announced));
                }
                received += chunk.len();
                bytes.extend_from_slice(&chunk);
                if spoolable && bytes.len() >= SPOOL_FROM {
                    spool = match write_spool(spool, std::mem::take(&mut bytes)).await {
                        Ok(file) => Some(file),
                        Err(e) => return closing(e),
                    };
                }
            }
        }
    }
    let body = match spool {
        None => Body::from(bytes),
        Some(file) => match write_spool(Some(file), bytes).await {
            Ok(file) => {
                parts.extensions.insert(Spooled(Arc::new(file)));
                Body::empty()
            }
            Err(e) => return closing(e),
        },
    };
    next.run(Request::from_parts(parts, body)).await
}

/// Appends `bytes` to the spool file (created on first use), off the async threads.
async fn write_spool(
    file: Option<std::fs::File>,
    bytes: Vec<u8>,
) -> Result<std::fs::File, ApiError> {
    use std::io::Write;
    let written = tokio::task::spawn_blocking(move || {
        let mut file = match file {
            Some(file) => file,
            None => tempfile::tempfile()?,
        };
        file.write_all(&bytes)?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    written.map_err(|e| {
        let message = format!("the import's body could not be written to a temporary file: {e}");
        if matches!(
            e.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        ) {
            ApiError::InsufficientStorage(message)
        } else {
            ApiError::Internal(message)
        }
    })
}

fn too_large(limit: usize, announced: Option<u64>) -> ApiError {
    ApiError::PayloadTooLarge(match announced {
        Some(n) => format!(
            "the request body is larger than the {limit} bytes accepted (Content-Length: {n})"
        ),
        None => format!("the request body is larger than the {limit} bytes accepted"),
    })
}

/// The error, closing the connection: the rest of the body will not be read.
fn closing(error: ApiError) -> Response {
    let mut response = error.into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
