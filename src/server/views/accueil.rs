//! Accueil (`GET /`) and recherche (`GET /recherche?q=`).
//!
//! The home page counts what the graph holds (queries/views/counts.rq), offers the search
//! box and the entry points (dispositifs by acronym, the laws → dispositifs overview).
//! The search ranks every name of queries/views/search-labels.rq against the query, case-
//! and accent-insensitively: an exact acronym or label first, then labels starting with the
//! query, then a word starting with it, then containing it; ties by kind, then label.
//! The names are read once per state of the store ([`GraphStore::generation`](crate::store::GraphStore::generation)).

use super::{count, fold, link, paginate, param, respond, Page};
use crate::server::error::ApiError;
use crate::server::queries_api;
use crate::server::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Kinds in the order the home page lists them: (key, French name, list page).
pub const KINDS: [(&str, &str, &str); 8] = [
    ("textes", "Textes juridiques", "/textes"),
    ("dispositifs", "Dispositifs", "/dispositifs"),
    ("instances", "Dispositifs locaux", "/dispositifs"),
    ("acteurs", "Acteurs", "/acteurs"),
    ("territoires", "Territoires", "/territoires"),
    ("references", "Références", "/references"),
    ("documents", "Documents sources", "/documents"),
    ("faits", "Faits avec leur preuve", "/lois-dispositifs"),
];

/// `GET /`. A client that accepts neither HTML nor JSON (asking for SPARQL results or
/// RDF) is sent to the service description: 303 to `/sparql`.
pub async fn home(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    if param(&uri, "format").is_none() && super::want(&headers, &uri).is_err() {
        return (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, "/sparql"),
                (header::VARY, "Accept"),
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            ],
            "See the SPARQL service description at /sparql\n",
        )
            .into_response();
    }
    let result = async {
        let base = &state.config.base;
        let counts = queries_api::run(&state, "counts", &[]).await?;
        let mut by_kind = BTreeMap::new();
        for row in &counts.rows {
            if let Some(kind) = super::cell(&counts, row, "kind") {
                by_kind.insert(kind, count(&counts, row, "count"));
            }
        }
        let kinds: Vec<Value> = KINDS
            .iter()
            .map(|(key, label, href)| {
                json!({ "key": key, "label": label, "href": href, "count": by_kind.get(*key).copied().unwrap_or(0) })
            })
            .collect();
        let dispositifs = queries_api::run(&state, "dispositifs", &[]).await?;
        let mut entry: Vec<Value> = dispositifs
            .rows
            .iter()
            .filter_map(|row| {
                let iri = super::cell(&dispositifs, row, "dispositif")?;
                let notation = super::cell(&dispositifs, row, "notation")?;
                let mut l = link(&iri, Some(notation), base);
                l["title"] = json!(super::cell(&dispositifs, row, "label"));
                l["texts"] = json!(count(&dispositifs, row, "texts"));
                Some(l)
            })
            .collect();
        entry.sort_by_key(|l| fold(l["label"].as_str().unwrap_or_default()));
        Ok::<_, ApiError>(json!({ "counts": kinds, "dispositifs": entry }))
    };
    match result.await {
        Ok(data) => {
            let mut page = Page::new("Accueil", "accueil.html").json_alternate(&uri);
            page.crumbs_clear();
            respond(&headers, &uri, page, data)
        }
        Err(e) => super::error_page(&headers, e),
    }
}

/// One name of an entity.
#[derive(Debug, Clone)]
struct Name {
    entity: String,
    kind: String,
    field: String,
    text: String,
    folded: String,
}

type Names = Arc<Vec<Name>>;

async fn names(state: &AppState) -> Result<Names, ApiError> {
    static CACHE: Mutex<Option<(u64, Names)>> = Mutex::new(None);
    let size = state.store.generation();
    if let Some((n, names)) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        if *n == size {
            return Ok(names.clone());
        }
    }
    let table = queries_api::run(state, "search-labels", &[]).await?;
    let mut names: Vec<Name> = table
        .rows
        .iter()
        .filter_map(|row| {
            let text = super::cell(&table, row, "text")?;
            Some(Name {
                entity: super::cell(&table, row, "entity")?,
                kind: super::cell(&table, row, "kind")?,
                field: super::cell(&table, row, "field")?,
                folded: fold(&text),
                text,
            })
        })
        .collect();
    // In a stable order, whatever order the query gives: ties in the ranking and the
    // label shown do not change from one run (or one query plan) to the next.
    names.sort_by(|a, b| {
        (&a.entity, &a.field, a.text.len(), &a.text, &a.kind).cmp(&(
            &b.entity,
            &b.field,
            b.text.len(),
            &b.text,
            &b.kind,
        ))
    });
    let names: Names = Arc::new(names);
    *CACHE.lock().unwrap_or_else(|e| e.into_inner()) = Some((size, names.clone()));
    Ok(names)
}

/// How well `name` matches the folded query words (0: not at all).
fn score(name: &Name, query: &str, words: &[&str]) -> u32 {
    if !words.iter().all(|w| name.folded.contains(w)) {
        return 0;
    }
    let exact = name.folded == query;
    let acronym = name.field == "acronym" || name.field == "number";
    match () {
        _ if exact && acronym => 120,
        _ if exact => 100,
        _ if name.folded.starts_with(query) => 60,
        _ if name
            .folded
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(query)) =>
        {
            40
        }
        _ => 20,
    }
}

fn kind_rank(kind: &str) -> u32 {
    match kind {
        "dispositif" => 6,
        "texte" => 5,
        "acteur" => 4,
        "territoire" => 3,
        "instance" => 2,
        "document" => 1,
        _ => 0,
    }
}

/// French names of the search result kinds.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "dispositif" => "dispositif",
        "texte" => "texte juridique",
        "acteur" => "acteur",
        "territoire" => "territoire",
        "instance" => "dispositif local",
        "document" => "document source",
        "reference" => "référence",
        _ => "ressource",
    }
}

/// `GET /recherche?q=…`.
pub async fn search(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let q = param(&uri, "q").unwrap_or_default();
    let result = async {
        let names = names(&state).await?;
        let query = fold(q.trim());
        let words: Vec<&str> = query.split_whitespace().collect();
        // Best score per entity, with its display label.
        let mut best: BTreeMap<&str, (u32, &Name)> = BTreeMap::new();
        let mut display: BTreeMap<&str, &str> = BTreeMap::new();
        for name in names.iter() {
            if name.field == "label"
                || (name.field == "title" && !display.contains_key(name.entity.as_str()))
            {
                display.insert(name.entity.as_str(), name.text.as_str());
            }
            if words.is_empty() {
                continue;
            }
            let s = score(name, &query, &words);
            if s > 0 && best.get(name.entity.as_str()).is_none_or(|(b, _)| s > *b) {
                best.insert(name.entity.as_str(), (s, name));
            }
        }
        let mut hits: Vec<(u32, String, &str, &Name)> = best
            .into_iter()
            .map(|(entity, (s, name))| {
                let label = display.get(entity).copied().unwrap_or(&name.text);
                (s * 10 + kind_rank(&name.kind), fold(label), entity, name)
            })
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
        let base = &state.config.base;
        let items: Vec<Value> = hits
            .iter()
            .map(|(s, _, entity, name)| {
                let label = display.get(entity).map(|l| l.to_string());
                json!({
                    "entity": link(entity, label, base),
                    "kind": name.kind,
                    "kindLabel": kind_label(&name.kind),
                    "matched": name.text,
                    "score": s,
                })
            })
            .collect();
        let (items, pagination) = paginate(items, &uri);
        Ok::<_, ApiError>(json!({ "q": q, "results": items, "pagination": pagination }))
    };
    match result.await {
        Ok(data) => {
            let title = if q.is_empty() {
                "Recherche".to_owned()
            } else {
                format!("Recherche « {q} »")
            };
            let page = Page::new(&title, "recherche.html")
                .crumb("Recherche", None)
                .json_alternate(&uri)
                .search(&q);
            respond(&headers, &uri, page, data)
        }
        Err(e) => super::error_page(&headers, e),
    }
}
