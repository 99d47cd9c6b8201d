//! Reading request bodies before any handler: size limit and read timeout.
//!
//! - A `Content-Length` above the body limit is refused with 413 at once, before a byte of
//!   the body is read (a client announcing a terabyte does not wait, nor make us wait);
//! - the body is read whole within the body timeout, counted from the end of the request
//!   head; a client that sends it too slowly gets 408 and its connection is closed;
//! - a body longer than the limit without `Content-Length` (chunked) gets 413 as soon as the
//!   limit is passed.
//!
//! Handlers then get the body from memory (the routes take at most `max_body_bytes`).

use super::error::ApiError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::time::Duration;

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

/// Middleware: reads the body under [`BodyLimits`] (see the module documentation).
pub async fn read_body(State(limits): State<BodyLimits>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
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
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0) as usize);
    let deadline = tokio::time::Instant::now() + limits.timeout;
    loop {
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Err(_) => {
                return closing(ApiError::RequestTimeout(format!(
                    "the request body was not received within {} s ({} of {} bytes received)",
                    limits.timeout.as_secs_f64(),
                    bytes.len(),
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
                if bytes.len() + chunk.len() > limits.max_bytes {
                    return closing(too_large(limits.max_bytes, announced));
                }
                bytes.extend_from_slice(&chunk);
            }
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
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
