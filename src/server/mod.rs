//! The HTTP server: a SPARQL 1.1 Protocol endpoint (queries for everyone, updates for
//! administrators) and friends.
//!
//! Routes:
//! - `GET /` and the French views ([`views`]), every minted IRI (`/id/…`, `/graph/…`,
//!   [`deref`]), the ontology (`/def`, [`ontology_doc`]), curated queries (`/api/queries`,
//!   [`queries_api`]);
//! - `GET|POST /sparql`: SPARQL 1.1 queries ([`sparql`]); `GET /sparql` without `query`
//!   answers the Service Description ([`service_description`]); `POST /sparql` and
//!   `POST /update` take SPARQL 1.1 Update from administrators ([`update`]);
//! - `GET|HEAD /store`: SPARQL 1.1 Graph Store HTTP Protocol; `PUT|POST|DELETE` for
//!   administrators ([`graph_store`]);
//! - `GET /.well-known/void`: the VoID description of the dataset ([`void`]);
//! - `GET /healthz`: liveness, store size and query load (see [`healthz`]).
//!
//! Every response carries permissive CORS headers (any origin, `GET`/`POST`/`OPTIONS`), is
//! gzip-compressed when the client accepts it, and is logged as one `tracing` line
//! (method, path, status, duration to the response head; [`frame`]). Request bodies are limited
//! to `max_body_bytes` (413) and read within `body_timeout` ([`body`]); connections,
//! header timeout, graceful shutdown and hyper's own error answers are in [`listener`]
//! and [`conn_errors`]. Status choices are
//! documented in [`error`].

mod auth;
mod body;
mod conn_errors;

mod deref;
mod dump;
mod editor;
mod error;
mod federation;
mod frame;
mod graph_store;
mod imports;
mod limits;
mod listener;
mod messages;
pub mod negotiate;
mod ontology_doc;
mod openapi;
pub mod protocol;
mod queries_api;
mod service_description;
mod sparql;
mod ticker;
mod update;
mod view_cache;
pub mod views;
mod void;
mod yielding;

pub use error::ApiError;
pub use negotiate::Format;

use crate::curation::Curation;
use crate::store::GraphStore;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use body::BodyLimits;
use limits::{Admission, QueryLimits};
use listener::{ListenerConfig, Phase};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};

/// Operator settings of `maillage serve`.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    /// Base IRI of the deployment (ends with `/`).
    pub base: String,
    /// Wall-clock limit of one query evaluation.
    pub query_timeout: Duration,
    /// Queries evaluated at once; past it, requests wait in the queue.
    pub max_concurrent_queries: usize,
    /// Requests that may wait for an evaluation slot; past it, 503 with `Retry-After`.
    pub max_queued_queries: usize,
    /// Longest wait in that queue before a 503 with `Retry-After`.
    pub queue_timeout: Duration,
    /// Largest accepted request body, in bytes (413 past it).
    pub max_body_bytes: usize,
    /// SPARQL endpoints that `SERVICE` may reach (exact IRIs).
    pub federation_allow: Vec<String>,
    /// Timeout of one outgoing `SERVICE` request.
    pub federation_timeout: Duration,
    /// The curators' token file; `None` disables writes.
    pub tokens: Option<std::path::PathBuf>,
    /// Largest accepted import body, in bytes (413 past it).
    pub max_import_bytes: usize,
    /// Imports running or waiting at once; past it, 503 with `Retry-After`.
    pub max_pending_writes: usize,
    /// Whether imports are validated against the shapes (`--no-import-validation`).
    pub validate_imports: bool,
    /// Time to receive a request head; also the longest idle keep-alive.
    pub header_timeout: Duration,
    /// Time to receive a request body, from the end of its head (408 past it).
    pub body_timeout: Duration,
    /// Connections open at once; past it, 503 and closed.
    pub max_connections: usize,
    /// On SIGTERM or SIGINT, time left to the requests in progress before they are
    /// cancelled (503).
    pub shutdown_grace: Duration,
    /// Terms of the views' query results kept until the next write ([`view_cache`]).
    pub view_cache_cells: usize,
    /// Memory one query evaluation may hold, in bytes (`None`: unbounded); counted only
    /// when the binary installs [`crate::memory::Counting`].
    pub query_memory_limit: Option<usize>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:7878".parse().expect("valid address"),
            base: crate::vocab::DEFAULT_BASE.to_owned(),
            query_timeout: Duration::from_secs(30),
            max_concurrent_queries: 8,
            max_queued_queries: 64,
            queue_timeout: Duration::from_secs(10),
            max_body_bytes: 1 << 20,
            federation_allow: Vec::new(),
            federation_timeout: Duration::from_secs(10),
            tokens: None,
            max_import_bytes: 64 << 20,
            max_pending_writes: 64,
            validate_imports: true,
            view_cache_cells: 1_000_000,
            query_memory_limit: Some(2 << 30),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 512,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// What every handler shares: one reference count per clone (axum clones the state for
/// each request, more than once; a struct of `Arc`s cost an atomic operation per field).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The fields of [`AppState`].
pub struct Shared {
    store: GraphStore,
    config: ServerConfig,
    limits: Arc<QueryLimits>,
    curation: Arc<Curation>,
    /// Bounds the imports running or waiting for the writer.
    writes: Arc<tokio::sync::Semaphore>,
    views: view_cache::ViewCache,
    /// Resources' descriptions, sorted, kept like the views' results.
    descriptions: view_cache::ViewCache<Vec<oxigraph::model::Triple>>,
    /// Resources' descriptions, serialised, by IRI and format.
    bodies: view_cache::ViewCache<Vec<u8>>,
    /// Resources' pages (their data, before the curators' changes are added).
    pages: view_cache::ViewCache<(views::Page, serde_json::Value)>,
}

/// The application, ready to be served on any listener.
pub fn router(store: GraphStore, config: ServerConfig) -> Router {
    // Without a server to stop it, the phase stays `Running`.
    app(store, config, watch::channel(Phase::Running).1).0
}

/// The application, whose requests still running when `phase` becomes `Expired` are
/// cancelled.
/// Also returns the query limits, whose running evaluations shutdown waits for.
fn app(
    store: GraphStore,
    config: ServerConfig,
    phase: watch::Receiver<Phase>,
) -> (Router, Arc<QueryLimits>) {
    let body_limits = BodyLimits {
        max_import_bytes: config.max_import_bytes,
        max_bytes: config.max_body_bytes,
        timeout: config.body_timeout,
    };
    let limits = Arc::new(QueryLimits::new(Admission {
        max_concurrent: config.max_concurrent_queries,
        max_queued: config.max_queued_queries,
        queue_timeout: config.queue_timeout,
        query_timeout: config.query_timeout,
    }));
    let body_limit = config.max_body_bytes;
    let import_limit = config.max_import_bytes;
    let kept = view_cache::Bound::new(config.view_cache_cells);
    let state = AppState(Arc::new(Shared {
        views: view_cache::ViewCache::new(kept.clone()),
        descriptions: view_cache::ViewCache::new(kept.clone()),
        pages: view_cache::ViewCache::new(kept.clone()),
        bodies: view_cache::ViewCache::new(kept),
        curation: Arc::new(
            Curation::new(store.clone(), &config.base).validating(config.validate_imports),
        ),
        writes: Arc::new(tokio::sync::Semaphore::new(
            config.max_pending_writes.max(1),
        )),
        store,
        config,
        limits: limits.clone(),
    }));
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers(Any)
        .expose_headers(Any)
        .max_age(Duration::from_secs(86_400));
    let router = Router::new()
        .route("/", get(views::accueil::home))
        .route("/recherche", get(views::accueil::search))
        .route("/textes", get(views::textes::list))
        .route("/dispositifs", get(views::dispositifs::list))
        .route("/acteurs", get(views::entites::acteurs))
        .route("/territoires", get(views::entites::territoires))
        .route("/references", get(views::entites::references))
        .route("/documents", get(views::documents::list))
        .route("/document/{id}", get(deref::document))
        .route("/lois-dispositifs", get(views::overview::get))
        .route("/id/{*path}", get(deref::entity))
        .route("/graph/{*path}", get(deref::graph))
        .route("/def", get(ontology_doc::get))
        .route("/api/queries", get(queries_api::list))
        .route("/api/queries/{name}", get(queries_api::get))
        .route("/assets/{*file}", get(views::asset))
        .route("/favicon.ico", get(views::favicon))
        .route("/dump.nq.gz", get(dump::get))
        .route("/openapi.json", get(openapi::get))
        .route("/sparql", get(editor::sparql_get).post(sparql::post))
        .route("/update", axum::routing::post(update::post))
        .route("/query", get(editor::get))
        .route(
            "/store",
            get(graph_store::get)
                .head(graph_store::head)
                .put(graph_store::put)
                .post(graph_store::post)
                .delete(graph_store::delete)
                .fallback(graph_store::refuse)
                .layer(DefaultBodyLimit::max(import_limit)),
        )
        .route("/.well-known/void", get(void::get))
        .route(
            "/imports",
            get(imports::list)
                .post(imports::post)
                .layer(DefaultBodyLimit::max(import_limit)),
        )
        .route("/imports/feed.json", get(imports::feed))
        .route("/imports/{id}", get(imports::get).delete(imports::delete))
        .route("/history", get(imports::history))
        .route(
            "/documents",
            axum::routing::post(imports::post_document).layer(DefaultBodyLimit::max(import_limit)),
        )
        .route("/documents/{id}", get(imports::get_document))
        .route("/shapes", get(shapes))
        .route("/healthz", get(healthz))
        .fallback(views::not_found)
        .with_state(state);
    // The layers wrap the router once, as one service whose type is known: layered on the
    // router itself (`Router::layer`), each would wrap every route in a boxed service of
    // its own, cloned and boxed again for each request. Outermost first.
    let layered = tower::ServiceBuilder::new()
        .layer(cors)
        .layer(CompressionLayer::new())
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(
            frame::Frame { body_limits, phase },
            frame::frame,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .service(router);
    (Router::new().fallback_service(layered), limits)
}

/// A handler that panicked (a bug) answers 500 saying so, instead of dropping the
/// connection; the panic is logged, the server goes on.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = what, "a request handler panicked");
    ApiError::Internal(
        "the server failed on this request (a bug, logged; the server goes on): please report it"
            .into(),
    )
    .into_response()
}

/// Longest wait at shutdown for cancelled evaluations to stop.
const EVALUATIONS_BOUND: Duration = Duration::from_secs(10);

/// Longest wait for the store's flush at shutdown.
const FLUSH_BOUND: Duration = Duration::from_secs(10);

/// Serves `store` on `config.bind` until SIGTERM or SIGINT, then shuts down gracefully
/// ([`listener`]) and flushes the store.
pub async fn serve(store: GraphStore, config: ServerConfig) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    // Handled from now on: the default action (dying at once) no longer applies.
    let signals = listener::unix_signals()?;
    tracing::info!(
        address = %listener.local_addr()?,
        endpoint = %format!("http://{}/sparql", listener.local_addr()?),
        query_timeout_s = config.query_timeout.as_secs_f64(),
        max_concurrent_queries = config.max_concurrent_queries,
        max_connections = config.max_connections,
        header_timeout_s = config.header_timeout.as_secs_f64(),
        body_timeout_s = config.body_timeout.as_secs_f64(),
        shutdown_grace_s = config.shutdown_grace.as_secs_f64(),
        federation_allow = ?config.federation_allow,
        "listening"
    );
    let (report, limits) = run(listener, store.clone(), config, signals).await;
    // Cancelled evaluations still unwinding hold the store: the process must not
    // exit under them (the storage's static state would be torn down mid-use).
    let stopping = Instant::now();
    while limits.snapshot().running > 0 && stopping.elapsed() < EVALUATIONS_BOUND {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    if limits.snapshot().running > 0 {
        tracing::warn!("evaluations still running after 10 s of cancellation; exiting anyway");
    }
    let flushed = tokio::time::timeout(
        FLUSH_BOUND,
        tokio::task::spawn_blocking(move || store.flush()),
    )
    .await;
    match flushed {
        Ok(Ok(Ok(()))) => tracing::info!(?report, "store flushed; stopped"),
        Ok(Ok(Err(e))) => tracing::error!(error = %e, ?report, "store flush failed; stopped"),
        Ok(Err(e)) => tracing::error!(error = %e, ?report, "store flush failed; stopped"),
        Err(_) => tracing::error!(?report, "store flush still running after 10 s; stopped"),
    }
    Ok(())
}

/// Serves `store` on `listener` through maillage's own accept loop ([`listener`]: connection
/// limit, header timeout, hyper's error answers given a body) until a signal name comes on
/// `signals`, then drains the connections. [`serve`] is this with the process's signals,
/// plus the store's flush at the end; the tests serve through it.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    store: GraphStore,
    config: ServerConfig,
    signals: tokio::sync::mpsc::Receiver<&'static str>,
) {
    run(listener, store, config, signals).await;
}

async fn run(
    listener: tokio::net::TcpListener,
    store: GraphStore,
    config: ServerConfig,
    signals: tokio::sync::mpsc::Receiver<&'static str>,
) -> (listener::ShutdownReport, Arc<QueryLimits>) {
    let listener_config = ListenerConfig {
        header_timeout: config.header_timeout,
        max_connections: config.max_connections,
        shutdown_grace: config.shutdown_grace,
    };
    let (phase_tx, phase_rx) = watch::channel(Phase::Running);
    let (app, limits) = app(store, config, phase_rx);
    let report = listener::run(listener, app, &listener_config, phase_tx, signals).await;
    (report, limits)
}

/// `GET /healthz`: liveness and the query load, always 200 while the process serves,
/// answered at once whatever the store's size (it never counts: the size is in VoID):
/// `{"status":"ok"|"saturated","queries":{"running":R,"long":G,"overdue":O,"queued":Q,"limit":L,"long_limit":LL,"max_queued":M}}`.
/// `saturated` means every slot is taken (new queries wait in the queue, or get 503 once it
/// is full); `long` counts the evaluations moved to the slots for long ones; `overdue` counts evaluations past their time limit that are still
/// stopping (each within the cancellation bound the README states).
async fn healthz(State(state): State<AppState>) -> Response {
    let queries = state.limits.snapshot();
    let status = if queries.running.saturating_sub(queries.long) >= queries.limit {
        "saturated"
    } else {
        "ok"
    };
    // The store answers (one seek, not a count).
    if let Err(e) = state.store.is_empty() {
        return unhealthy(e.to_string());
    }
    Json(serde_json::json!({
        "status": status,
        "queries": queries,
    }))
    .into_response()
}

fn unhealthy(error: String) -> Response {
    tracing::error!(%error, "health check failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({ "status": "error", "error": error })),
    )
        .into_response()
}

/// `GET /shapes`: the SHACL shapes imports are validated against (Turtle).
async fn shapes() -> Response {
    (
        [(header::CONTENT_TYPE, "text/turtle; charset=utf-8")],
        crate::bundled::SHAPES,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A route that panics answers 500 with a body, and the next request is served.
    #[tokio::test]
    async fn a_handler_that_panics_answers_500_and_the_router_goes_on() {
        use tower::ServiceExt;
        let app: Router = Router::new()
            .route("/boom", get(|| async { panic!("boom") as &'static str }))
            .route("/ok", get(|| async { "ok" }))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked));
        let request = |path: &str| {
            axum::http::Request::builder()
                .uri(path)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let response = app.clone().oneshot(request("/boom")).await.unwrap();
        assert_eq!(
            response.status(),
            axum::http::StatusCode::INTERNAL_SERVER_ERROR
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&body).contains("a bug"), "{body:?}");
        let response = app.oneshot(request("/ok")).await.unwrap();
        assert_eq!(response.status(), axum::http::StatusCode::OK);
    }
}
