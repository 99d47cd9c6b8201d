//! `GET /dump.nq.gz`: the whole dataset (every named graph and the default graph) as
//! gzip-compressed N-Quads, for download (advertised as a `void:dataDump`). Compressed once
//! per state of the store ([`crate::store::GraphStore::generation`]) and kept, so repeated
//! downloads cost a copy; `Content-Disposition` names the file.

use super::error::ApiError;
use super::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Where the dump is served (no leading `/`).
pub const PATH: &str = "dump.nq.gz";

type Cached = Option<(u64, Arc<Vec<u8>>)>;

/// `GET /dump.nq.gz`.
pub async fn get(State(state): State<AppState>) -> Response {
    static CACHE: Mutex<Cached> = Mutex::new(None);
    let store = state.store.clone();
    let result = tokio::task::spawn_blocking(move || -> Result<Arc<Vec<u8>>, ApiError> {
        let size = store.generation();
        if let Some((n, bytes)) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            if *n == size {
                return Ok(bytes.clone());
            }
        }
        // The named graphs: the default graph (the current state) derives from them.
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        for quad in store.quads(None)? {
            let quad = quad?;
            if !quad.graph_name.is_default_graph() {
                writeln!(encoder, "{quad} .").map_err(|e| ApiError::Internal(e.to_string()))?;
            }
        }
        let bytes = Arc::new(
            encoder
                .finish()
                .map_err(|e| ApiError::Internal(e.to_string()))?,
        );
        *CACHE.lock().unwrap_or_else(|e| e.into_inner()) = Some((size, bytes.clone()));
        Ok(bytes)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))
    .and_then(|r| r);
    match result {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/gzip"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"maillage.nq.gz\"",
                ),
            ],
            bytes.as_ref().clone(),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
