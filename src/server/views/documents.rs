//! Source documents: the list (`GET /documents`, queries/views/documents.rq) and one page
//! per document (`/document/{id}` and its IRI `/id/document/{id}`): the text, one anchor per
//! line (`#L123`, highlighted by `:target` CSS, so every evidence link lands on its line),
//! and next to each line that is evidence the facts it supports (document-lines.rq). The
//! text is the seed compiled into the binary; a document loaded from elsewhere shows its
//! evidence lines only (the store keeps quotes, not whole texts).

use super::{cell, count, link, paginate, respond, Page};
use crate::server::deref::compact;
use crate::server::error::ApiError;
use crate::server::queries_api;
use crate::server::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `GET /documents`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let base = &state.config.base;
        let t = queries_api::run(&state, "documents", &[]).await?;
        let items: Vec<Value> = t
            .rows
            .iter()
            .filter_map(|row| {
                let iri = cell(&t, row, "document")?;
                let id = cell(&t, row, "identifier").unwrap_or_else(|| super::short(&iri));
                let mut l = link(&iri, cell(&t, row, "title").or(Some(id.clone())), base);
                l["href"] = json!(format!("/document/{id}"));
                Some(json!({
                    "document": l,
                    "identifier": id,
                    "date": cell(&t, row, "date"),
                    "lines": count(&t, row, "lines"),
                    "passages": count(&t, row, "passages"),
                }))
            })
            .collect();
        let (items, pagination) = paginate(items, &uri);
        Ok::<_, ApiError>(json!({ "documents": items, "pagination": pagination }))
    };
    match result.await {
        Ok(data) => {
            let page = Page::new("Documents sources", "documents.html")
                .crumb("Documents sources", None)
                .json_alternate(&uri);
            respond(&headers, &uri, page, data)
        }
        Err(e) => super::error_page(&headers, e),
    }
}

/// The seed texts compiled into the binary, by document id.
fn texts() -> &'static BTreeMap<String, String> {
    static TEXTS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        crate::build::bundled_documents()
            .into_iter()
            .map(|d| (d.id, d.raw))
            .collect()
    })
}

/// The page of one document (its IRI's HTML and JSON).
pub async fn page(state: &AppState, iri: &str, _uri: &Uri) -> Result<(Page, Value), ApiError> {
    let base = &state.config.base;
    let id = iri.rsplit('/').next().unwrap_or_default().to_owned();
    let lines = queries_api::run(state, "document-lines", &[("document", iri)]).await?;
    let mut facts: BTreeMap<u64, Vec<Value>> = BTreeMap::new();
    let mut quotes: BTreeMap<u64, String> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for row in &lines.rows {
        let Some(line) = cell(&lines, row, "line").and_then(|l| l.parse::<u64>().ok()) else {
            continue;
        };
        if let Some(q) = cell(&lines, row, "quote") {
            quotes.entry(line).or_insert(q);
        }
        let (Some(s), Some(p), Some(o)) = (
            cell(&lines, row, "subject"),
            cell(&lines, row, "predicate"),
            cell(&lines, row, "object"),
        ) else {
            continue;
        };
        // One entry per fact, however many quotes of the line support it.
        if !seen.insert((line, s.clone(), p.clone(), o.clone())) {
            continue;
        }
        let subject = if s == iri {
            link(&s, Some("ce document".to_owned()), base)
        } else {
            link(&s, None, base)
        };
        facts.entry(line).or_default().push(json!({
            "subject": subject,
            "predicate": compact(&p, base),
            "object": link(&o, None, base),
        }));
    }
    let text = texts().get(&id);
    if text.is_none() && facts.is_empty() {
        return Err(ApiError::NotFound(format!("no source document {id:?}")));
    }
    let rows: Vec<Value> = match text {
        Some(text) => text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let n = i as u64 + 1;
                json!({ "n": n, "text": l, "facts": facts.get(&n).cloned().unwrap_or_default() })
            })
            .collect(),
        None => quotes
            .iter()
            .map(|(n, q)| json!({ "n": n, "text": q, "facts": facts.get(n).cloned().unwrap_or_default() }))
            .collect(),
    };
    let data = json!({
        "iri": iri,
        "identifier": id,
        "complete": text.is_some(),
        "evidenceLines": facts.len(),
        "lines": rows,
        "graph": format!("/graph/document/{id}"),
    });
    let page = Page::new(&format!("Document {id}"), "document.html")
        .crumb("Documents sources", Some("/documents"))
        .crumb(&id, None);
    Ok((page, data))
}
