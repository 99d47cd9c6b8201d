//! The query editor: YASGUI (bundled from the npm registry by `scripts/yasgui.sh` into
//! `assets/yasgui/`, embedded in the binary, no CDN) at `GET /query`, and at `GET /sparql`
//! for a browser that sends no query (clients still get the service description there,
//! and every query goes to [`super::sparql`]). The editor starts with the prefixes of
//! [`crate::vocab::PREFIXES`] and offers every curated query as an example.

use super::queries_api;
use super::sparql;
use super::views::{self, Page};
use super::AppState;
use crate::vocab::{DEFAULT_BASE, PREFIXES};
use axum::extract::State;
use axum::http::{header, HeaderMap, Uri};
use axum::response::Response;
use serde_json::json;

/// `GET /query`.
pub async fn get(State(state): State<AppState>) -> Response {
    page(&state)
}

/// `GET /sparql`: the editor for a browser without a query, else the SPARQL protocol.
pub async fn sparql_get(state: State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let has_query = form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .any(|(k, _)| k == "query");
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let browser = accept.is_some_and(|a| a.contains("text/html")) && views::prefers_html(accept);
    if !has_query && browser {
        return page(&state);
    }
    sparql::get(state, headers, uri).await
}

fn page(state: &AppState) -> Response {
    let base = &state.config.base;
    let prefixes: String = PREFIXES
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{}>\n", ns.replace(DEFAULT_BASE, base)))
        .collect();
    let start = format!(
        "{prefixes}\n# Quelles lois ont créé quels dispositifs ?\nSELECT ?loi ?dispositif WHERE {{\n  ?loi mlg:created ?dispositif .\n}}\nORDER BY ?loi ?dispositif\n"
    );
    let examples: Vec<_> = queries_api::all()
        .iter()
        .map(|q| {
            json!({
                "name": q.name,
                "description": q.description,
                "query": q.text.replace(DEFAULT_BASE, base),
            })
        })
        .collect();
    let page = Page::new("Éditeur de requêtes SPARQL", "editor.html").crumb("Éditeur SPARQL", None);
    views::render(page, json!({ "start": start, "examples": examples }))
}
