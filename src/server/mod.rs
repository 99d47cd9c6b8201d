//! The HTTP server: SPARQL 1.1 Protocol endpoint and friends.

use crate::store::GraphStore;
use std::net::SocketAddr;
use std::time::Duration;

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

/// Serves `store` until the process is interrupted.
pub async fn serve(_store: GraphStore, _config: ServerConfig) -> anyhow::Result<()> {
    anyhow::bail!("the HTTP server is not built yet")
}
