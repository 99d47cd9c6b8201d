//! The middleware around every handler (one, not four: each `from_fn` layer boxes the
//! services below it and a future for every request). In order, it
//! - reads the request body under the body limits ([`super::body`]);
//! - answers `503` to a request still running when the shutdown's grace period ends
//!   ([`super::listener`]): dropping the handler cancels its query;
//! - gives a readable body to the error answers the framework makes with none (405 for a
//!   method a route does not have, some rejections): every error says what was wrong;
//! - logs one structured line per request.

use super::body::{self, BodyLimits};
use super::listener::{self, Phase};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tokio::sync::watch;

/// What the middleware needs.
#[derive(Clone)]
pub struct Frame {
    pub body_limits: BodyLimits,
    pub phase: watch::Receiver<Phase>,
}

pub async fn frame(State(frame): State<Frame>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    // Both clones share the request's buffers (no copy of the path).
    let method = request.method().clone();
    let uri = request.uri().clone();
    let response = tokio::select! {
        biased;
        response = body::read_body(frame.body_limits, request, next) => response,
        () = listener::expired(frame.phase) => listener::shutting_down(),
    };
    let response = explained(response, &method, &uri);
    tracing::info!(
        %method,
        path = %uri.path(),
        status = response.status().as_u16(),
        duration_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

/// An error answer with an empty body gets one saying what was refused.
fn explained(response: Response, method: &axum::http::Method, uri: &Uri) -> Response {
    let status = response.status();
    let empty = axum::body::HttpBody::size_hint(response.body()).exact() == Some(0);
    if !(status.is_client_error() || status.is_server_error()) || !empty {
        return response;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = response
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("see /")
                .to_owned();
            format!(
                "{method} is not allowed on {}; allowed methods: {allowed}\n",
                uri.path()
            )
        }
        other => format!(
            "{} {}: {method} {} was refused\n",
            other.as_u16(),
            other.canonical_reason().unwrap_or("error"),
            uri.path()
        ),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(message))
}
