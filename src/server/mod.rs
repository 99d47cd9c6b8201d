//! The HTTP server: a read-only SPARQL 1.1 Protocol endpoint and friends.
//!
//! Routes:
//! - `GET /` and the French views ([`views`]), every minted IRI (`/id/…`, `/graph/…`,
//!   [`deref`]), the ontology (`/def`, [`ontology_doc`]), curated queries (`/api/queries`,
//!   [`queries_api`]);
//! - `GET|POST /sparql`: SPARQL 1.1 queries ([`sparql`]); `GET /sparql` without `query`
//!   answers the Service Description ([`service_description`]);
//! - `GET|HEAD /store`: SPARQL 1.1 Graph Store HTTP Protocol, read-only ([`graph_store`]);
//! - `GET /.well-known/void`: the VoID description of the dataset ([`void`]);
//! - `GET /healthz`: `{"status":"ok","triples":N}`.
//!
//! Every response carries permissive CORS headers (any origin, `GET`/`POST`/`OPTIONS`), is
//! gzip-compressed when the client accepts it, and is logged as one `tracing` line
//! (method, path, status, duration to the response head). Request bodies are limited
//! to `max_body_bytes` (413). Status choices are documented in [`error`].

mod deref;
mod dump;
mod editor;
mod error;
mod federation;
mod graph_store;
mod limits;
mod negotiate;
mod ontology_doc;
mod openapi;
mod protocol;
mod queries_api;
mod service_description;
mod sparql;
mod views;
mod void;

pub use error::ApiError;
pub use negotiate::Format;

use crate::store::GraphStore;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use limits::QueryLimits;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
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
    /// Queries evaluated at once; past it, 503 with `Retry-After`.
    pub max_concurrent_queries: usize,
    /// Largest accepted request body, in bytes (413 past it).
    pub max_body_bytes: usize,
    /// SPARQL endpoints that `SERVICE` may reach (exact IRIs).
    pub federation_allow: Vec<String>,
    /// Timeout of one outgoing `SERVICE` request.
    pub federation_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:7878".parse().expect("valid address"),
            base: crate::vocab::DEFAULT_BASE.to_owned(),
            query_timeout: Duration::from_secs(30),
            max_concurrent_queries: 8,
            max_body_bytes: 1 << 20,
            federation_allow: Vec::new(),
            federation_timeout: Duration::from_secs(10),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    store: GraphStore,
    config: Arc<ServerConfig>,
    limits: Arc<QueryLimits>,
}

/// The application, ready to be served on any listener.
pub fn router(store: GraphStore, config: ServerConfig) -> Router {
    let limits = Arc::new(QueryLimits::new(
        config.max_concurrent_queries,
        config.query_timeout,
    ));
    let body_limit = config.max_body_bytes;
    let state = AppState {
        store,
        config: Arc::new(config),
        limits,
    };
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers(Any)
        .expose_headers(Any)
        .max_age(Duration::from_secs(86_400));
    Router::new()
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
        .route("/query", get(editor::get))
        .route(
            "/store",
            get(graph_store::get)
                .head(graph_store::head)
                .fallback(graph_store::refuse),
        )
        .route("/.well-known/void", get(void::get))
        .route("/healthz", get(healthz))
        .fallback(views::not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Serves `store` on `config.bind` until the process is interrupted.
pub async fn serve(store: GraphStore, config: ServerConfig) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    tracing::info!(
        address = %listener.local_addr()?,
        endpoint = %format!("http://{}/sparql", listener.local_addr()?),
        query_timeout_s = config.query_timeout.as_secs_f64(),
        max_concurrent_queries = config.max_concurrent_queries,
        federation_allow = ?config.federation_allow,
        "listening"
    );
    axum::serve(listener, router(store, config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
        })
        .await?;
    Ok(())
}

/// `GET /healthz`: liveness plus the store size.
async fn healthz(State(state): State<AppState>) -> Response {
    let store = state.store.clone();
    match tokio::task::spawn_blocking(move || store.len()).await {
        Ok(Ok(triples)) => {
            Json(serde_json::json!({ "status": "ok", "triples": triples })).into_response()
        }
        Ok(Err(e)) => unhealthy(e.to_string()),
        Err(e) => unhealthy(e.to_string()),
    }
}

fn unhealthy(error: String) -> Response {
    tracing::error!(%error, "health check failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({ "status": "error", "error": error })),
    )
        .into_response()
}

/// One structured log line per request.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        duration_ms = (started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
        "request"
    );
    response
}
