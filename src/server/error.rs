//! Errors the HTTP layer answers with: one status each, a plain-text body a person can read.
//!
//! Status choices:
//! - 400 malformed query or protocol misuse (the parser's message carries line:column);
//! - 403 refused by policy: SPARQL Update (writes go through the curation endpoint),
//!   `SERVICE` outside the federation allow-list;
//! - 404 an unknown resource, view item or curated query;
//! - 406 no acceptable result format, 413 body too large, 415 unsupported `Content-Type`;
//! - 502 a federated `SERVICE` call failed;
//! - 503 overloaded (with `Retry-After`) or query time limit exceeded (without: retrying the
//!   same query would hit the same limit). 503 rather than 504 because this server is the
//!   origin refusing to spend more resources, not a gateway waiting on an upstream
//!   (same choice as Apache Jena Fuseki);
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
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    NotAcceptable(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("a federated SERVICE call failed: {0}")]
    BadGateway(String),
    #[error("too many queries are being evaluated (limit {limit}); retry in {RETRY_AFTER_SECS} s")]
    Overloaded { limit: usize },
    #[error("query exceeded the {} s limit and was cancelled", format_secs(*.0))]
    Timeout(Duration),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::BadGateway(_) => StatusCode::BAD_GATEWAY,
            Self::Overloaded { .. } | Self::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
    fn overload_carries_retry_after() {
        let response = ApiError::Overloaded { limit: 1 }.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    }
}
