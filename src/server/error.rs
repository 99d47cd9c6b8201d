//! Errors the HTTP layer answers with: one status each, a plain-text body a person can read.
//!
//! Status choices:
//! - 400 malformed query or update, or protocol misuse (the parser's message carries
//!   line:column); an update operation that fails or that the model refuses (`CLEAR
//!   DEFAULT`, `LOAD`, a system graph…), nothing written;
//! - 403 refused by policy: `SERVICE` outside the federation allow-list, writes on a server
//!   without a token file;
//! - 404 an unknown resource, view item or curated query;
//! - 406 no acceptable result format, 413 body too large (at once when `Content-Length`
//!   says so), 415 unsupported `Content-Type`;
//! - 408 the request body was not received within the body timeout;
//! - 502 a federated `SERVICE` call failed;
//! - 503 overloaded (with `Retry-After`) or query time limit exceeded (without: retrying the
//!   same query would hit the same limit). 503 rather than 504 because this server is the
//!   origin refusing to spend more resources, not a gateway waiting on an upstream
//!   (same choice as Apache Jena Fuseki); 503 also for a request still running when the
//!   shutdown grace period ends (cancelled);
//! - 401 a write without a valid bearer token (`WWW-Authenticate: Bearer`), 403 a role
//!   that may not (a curator's token on an admin route); 404 no such resource; 409 a
//!   conflict with the current state (the same content imported twice, an import already
//!   reverted, a revert that later writes would keep from restoring exactly); 422 content that
//!   parses but breaks the ontology's constraints (a SHACL report is answered instead);
//! - 507 no space left on the device holding the store: the write failed whole (the
//!   store keeps what it had, reads go on); retried once space is freed;
//! - 500 only for storage failures, never for user input.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// Seconds suggested to a client refused for overload.
pub const RETRY_AFTER_SECS: u64 = 1;

/// An error answered to an HTTP client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    NotAcceptable(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    RequestTimeout(String),
    #[error("a federated SERVICE call failed: {0}")]
    BadGateway(String),
    #[error("too many queries are being evaluated (limit {limit}); retry in {RETRY_AFTER_SECS} s")]
    Overloaded { limit: usize },
    #[error("query exceeded the {} s limit and was cancelled", format_secs(*.0))]
    Timeout(Duration),
    #[error(
        "the query needed more than {} MiB of memory, the limit of one query on this server \
         (--query-memory-limit), and was stopped; narrow it (fewer rows: LIMIT, more selective \
         patterns, no cross product)",
        .0 >> 20
    )]
    QueryMemory(usize),
    #[error(
        "the server is shutting down: this request was still running at the end of the grace \
         period and was cancelled; retry when the server is back"
    )]
    ShuttingDown,
    #[error(
        "no space left on the device holding the store: nothing was written, the store keeps \
         what it had and still answers queries; free space on that device and retry (after \
         a full disk stopped its writes, the store takes writes again by itself within 5 s \
         of {resume_mib} MiB being free, or at a restart) [{0}]",
        resume_mib = crate::store::RESUME_FREE_BYTES >> 20
    )]
    InsufficientStorage(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::BadGateway(_) => StatusCode::BAD_GATEWAY,
            Self::Overloaded { .. }
            | Self::Timeout(_)
            | Self::QueryMemory(_)
            | Self::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
            Self::InsufficientStorage(_) => StatusCode::INSUFFICIENT_STORAGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<crate::store::StoreError> for ApiError {
    /// The user's query is at fault unless storage failed; a cancellation is
    /// replaced by the time-limit error by the runner, which knows the limit.
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError as E;
        match e {
            E::Query(m) => Self::BadRequest(format!("the query cannot be evaluated: {m}")),
            E::Service(m) => Self::BadGateway(m),
            E::DefaultGraphIsDerived | E::NotNewGraph(_) | E::Input(_) => {
                Self::BadRequest(e.to_string())
            }
            E::Cancelled => Self::Internal("query cancelled".into()),
            E::NoSpace(detail) => Self::InsufficientStorage(detail),
            E::Open { .. } | E::Storage(_) => Self::Internal(e.to_string()),
        }
    }
}

fn format_secs(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0}")
    } else {
        format!("{secs}")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::warn!(status = status.as_u16(), error = %self, "request failed");
        }
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{self}\n"),
        )
            .into_response();
        if matches!(self, Self::Unauthorized(_)) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"maillage\""),
            );
        }
        if matches!(self, Self::Overloaded { .. }) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_message_names_the_limit() {
        let e = ApiError::Timeout(Duration::from_secs(2));
        assert_eq!(
            e.to_string(),
            "query exceeded the 2 s limit and was cancelled"
        );
        assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE);
        let e = ApiError::Timeout(Duration::from_millis(1500));
        assert!(e.to_string().contains("1.5 s"));
    }

    #[test]
    fn a_full_disk_is_507_naming_it() {
        let full = crate::store::StoreError::NoSpace(
            "IO error: No space left on device: While appending to file: 000008.log".into(),
        );
        let e = ApiError::from(full);
        assert_eq!(e.status(), StatusCode::INSUFFICIENT_STORAGE);
        let text = e.to_string();
        assert!(text.starts_with("no space left on the device holding the store"));
        assert!(
            text.contains("128 MiB") && text.contains("000008.log"),
            "{text}"
        );
        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full");
        let storage = oxigraph::store::StorageError::Io(io);
        assert!(matches!(
            crate::store::StoreError::from(storage),
            crate::store::StoreError::NoSpace(_)
        ));
    }

    #[test]
    fn overload_carries_retry_after() {
        let response = ApiError::Overloaded { limit: 1 }.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    }
}
