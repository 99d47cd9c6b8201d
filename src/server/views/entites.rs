//! Acteurs (`GET /acteurs`, queries/views/acteurs.rq), territoires (`GET /territoires`,
//! territoires.rq, with INSEE codes) and références (`GET /references?q=&annee=&type=`,
//! references.rq: searched by words of the title, citation or subjects, by year, by kind).
//! Each item links to its IRI, whose page is the generic description
//! ([`crate::server::deref`]): properties, incoming links, facts with evidence.

use super::{cell, count, fold, link, paginate, param, respond, Page};
use crate::server::error::ApiError;
use crate::server::queries_api;
use crate::server::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// `GET /acteurs`.
pub async fn acteurs(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let base = &state.config.base;
        let t = queries_api::run(&state, "acteurs", &[]).await?;
        let items: Vec<Value> = t
            .rows
            .iter()
            .filter_map(|row| {
                let iri = cell(&t, row, "actor")?;
                Some(json!({
                    "actor": link(&iri, cell(&t, row, "label"), base),
                    "notation": cell(&t, row, "notation"),
                    "definition": cell(&t, row, "definition"),
                    "documents": count(&t, row, "documents"),
                }))
            })
            .collect();
        let (items, pagination) = paginate(items, &uri);
        Ok::<_, ApiError>(json!({ "actors": items, "pagination": pagination }))
    };
    finish(result.await, "Acteurs", "acteurs.html", &headers, &uri)
}

/// `GET /territoires`.
pub async fn territoires(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let base = &state.config.base;
        let t = queries_api::run(&state, "territoires", &[]).await?;
        let items: Vec<Value> = t
            .rows
            .iter()
            .filter_map(|row| {
                let iri = cell(&t, row, "territory")?;
                Some(json!({
                    "territory": link(&iri, cell(&t, row, "label"), base),
                    "insee": cell(&t, row, "insee"),
                    "kind": cell(&t, row, "kind"),
                    "dispositifs": count(&t, row, "dispositifs"),
                    "documents": count(&t, row, "documents"),
                }))
            })
            .collect();
        let (items, pagination) = paginate(items, &uri);
        Ok::<_, ApiError>(json!({ "territories": items, "pagination": pagination }))
    };
    finish(
        result.await,
        "Territoires",
        "territoires.html",
        &headers,
        &uri,
    )
}

/// `GET /references`.
pub async fn references(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let base = &state.config.base;
        let t = queries_api::run(&state, "references", &[]).await?;
        let q = param(&uri, "q").map(|q| fold(&q)).unwrap_or_default();
        let words: Vec<&str> = q.split_whitespace().collect();
        let year = param(&uri, "annee");
        let kind = param(&uri, "type");
        let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
        let mut items = Vec::new();
        for row in &t.rows {
            let Some(iri) = cell(&t, row, "reference") else {
                continue;
            };
            let k = cell(&t, row, "kind")
                .map(|k| super::short(&k))
                .unwrap_or_default();
            *kinds.entry(k.clone()).or_default() += 1;
            let title = cell(&t, row, "title");
            let citation = cell(&t, row, "citation");
            let subjects = cell(&t, row, "subjects");
            let y = cell(&t, row, "year");
            let matches = || {
                let haystack = fold(&format!(
                    "{} {} {}",
                    title.as_deref().unwrap_or_default(),
                    citation.as_deref().unwrap_or_default(),
                    subjects.as_deref().unwrap_or_default()
                ));
                words.iter().all(|w| haystack.contains(w))
            };
            if year
                .as_ref()
                .is_some_and(|wanted| Some(wanted) != y.as_ref())
                || kind.as_ref().is_some_and(|wanted| *wanted != k)
                || (!words.is_empty() && !matches())
            {
                continue;
            }
            items.push((iri, title, y, k, citation, subjects));
        }
        // Only the page shown is built.
        let (items, pagination) = paginate(items, &uri);
        let items: Vec<Value> = items
            .into_iter()
            .map(|(iri, title, y, k, citation, subjects)| {
                json!({
                    "reference": link(&iri, title.or_else(|| citation.clone()), base),
                    "year": y,
                    "kind": k,
                    "citation": citation,
                    "subjects": subjects.filter(|s| !s.is_empty()),
                })
            })
            .collect();
        let kinds: Vec<Value> = kinds
            .into_iter()
            .map(|(k, n)| json!({ "key": k, "count": n }))
            .collect();
        Ok::<_, ApiError>(json!({
            "filters": { "q": param(&uri, "q"), "annee": year, "type": kind },
            "kinds": kinds,
            "references": items,
            "pagination": pagination,
        }))
    };
    finish(
        result.await,
        "Références",
        "references.html",
        &headers,
        &uri,
    )
}

fn finish(
    result: Result<Value, ApiError>,
    title: &str,
    template: &'static str,
    headers: &HeaderMap,
    uri: &Uri,
) -> Response {
    match result {
        Ok(data) => {
            let page = Page::new(title, template)
                .crumb(title, None)
                .json_alternate(uri);
            respond(headers, uri, page, data)
        }
        Err(e) => super::error_page(headers, e),
    }
}
