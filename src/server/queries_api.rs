//! Curated queries as a Web API, in the convention grlc made popular: every `queries/*.rq`
//! (and `queries/views/*.rq`, the views' queries) is `GET /api/queries/{name}`, listed at
//! `GET /api/queries`.
//!
//! A file's leading `#` comment is its description; `#+ key: value` lines are grlc
//! decorators (`#+ defaults:` then `#+   - name: value` lines give parameter defaults).
//! Parameters are the query's variables named `?_name` (a plain literal) or `?_name_iri`
//! (an IRI), bound from the URL parameter `name`. Binding replaces the variable by the term
//! written in SPARQL syntax (validated IRI, escaped literal), so no parameter value can change
//! the query's shape. IRIs under the default base are rebased to the deployment's base.
//! Results are negotiated as on `/sparql` (SPARQL JSON, XML, CSV, TSV) and browsers get an
//! HTML table.

use super::error::ApiError;
use super::negotiate::{self, Format};
use super::views::{self, Page};
use super::AppState;
use crate::queries::Table;
use crate::store::QueryOptions;
use crate::vocab::{Rebase, DEFAULT_BASE};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::results::QueryResultsFormat;
use regex::Regex;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// One `.rq` file, read with grlc's conventions.
#[derive(Debug, Clone)]
pub struct RqFile {
    /// File stem, unique across `queries/` and `queries/views/`.
    pub name: String,
    /// Path under `queries/`.
    pub path: String,
    pub description: String,
    pub params: Vec<Param>,
    pub text: &'static str,
}

/// A parameter: the `?_name` / `?_name_iri` variable of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub iri: bool,
    pub default: Option<String>,
}

fn param_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\?_([A-Za-z][A-Za-z0-9]*?)(_iri)?\b").expect("valid regex"))
}

impl RqFile {
    fn parse(path: &str, text: &'static str) -> Self {
        let name = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".rq")
            .to_owned();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        let description = header
            .iter()
            .filter(|l| !l.starts_with("#+"))
            .map(|l| l.trim_start_matches('#').trim())
            .collect::<Vec<_>>()
            .join(" ");
        let mut defaults = BTreeMap::new();
        let mut in_defaults = false;
        for line in header.iter().filter_map(|l| l.strip_prefix("#+")) {
            let line = line.trim();
            if let Some(item) = line.strip_prefix('-').filter(|_| in_defaults) {
                if let Some((k, v)) = item.split_once(':') {
                    defaults.insert(k.trim().to_owned(), v.trim().to_owned());
                }
            } else {
                in_defaults = line.starts_with("defaults:");
            }
        }
        let body: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let mut params: Vec<Param> = Vec::new();
        for cap in param_regex().captures_iter(&body) {
            let name = cap[1].to_owned();
            if params.iter().all(|p| p.name != name) {
                params.push(Param {
                    default: defaults.get(&name).cloned(),
                    iri: cap.get(2).is_some(),
                    name,
                });
            }
        }
        Self {
            name,
            path: path.to_owned(),
            description,
            params,
            text,
        }
    }

    /// The query text with every parameter bound (from `values`, else its default) and
    /// the default base rewritten to `base`. 400 naming the parameter when one is missing
    /// or is not a valid IRI.
    pub fn bind(&self, values: &BTreeMap<String, String>, base: &str) -> Result<String, ApiError> {
        let rebase = Rebase::new(base);
        let mut terms: BTreeMap<&str, String> = BTreeMap::new();
        for p in &self.params {
            let value = values.get(&p.name).or(p.default.as_ref()).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "query {}: parameter {:?} is required ({})",
                    self.name,
                    p.name,
                    if p.iri { "an IRI" } else { "a string" }
                ))
            })?;
            let term: Term = if p.iri {
                let node = NamedNode::new(value.trim()).map_err(|e| {
                    ApiError::BadRequest(format!(
                        "query {}: parameter {:?} must be an absolute IRI: {e}",
                        self.name, p.name
                    ))
                })?;
                rebase.node(node).into()
            } else {
                Literal::new_simple_literal(value).into()
            };
            terms.insert(&p.name, term.to_string());
        }
        let text = self.text.replace(DEFAULT_BASE, base);
        // Comments are left as they are; only variables are replaced.
        let bound = param_regex().replace_all(&text, |cap: &regex::Captures<'_>| {
            terms
                .get(&cap[1])
                .cloned()
                .unwrap_or_else(|| cap[0].to_owned())
        });
        Ok(bound.into_owned())
    }

    fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "path": format!("queries/{}", self.path),
            "description": self.description,
            "href": format!("/api/queries/{}", self.name),
            "parameters": self.params.iter().map(|p| json!({
                "name": p.name,
                "type": if p.iri { "iri" } else { "string" },
                "default": p.default,
                "required": p.default.is_none(),
            })).collect::<Vec<_>>(),
            "query": self.text,
        })
    }
}

/// Every curated and view query, sorted by name.
pub fn all() -> &'static [RqFile] {
    static ALL: OnceLock<Vec<RqFile>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out: Vec<RqFile> = crate::bundled::files(&crate::bundled::QUERIES, "rq")
            .into_iter()
            .map(|(file, text)| RqFile::parse(file, text))
            .collect();
        if let Some(dir) = crate::bundled::QUERIES.get_dir("views") {
            for file in dir.files() {
                let (Some(path), Some(text)) = (file.path().to_str(), file.contents_utf8()) else {
                    continue;
                };
                if path.ends_with(".rq") {
                    out.push(RqFile::parse(path, text));
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    })
}

/// A query by name.
pub fn find(name: &str) -> Option<&'static RqFile> {
    all().iter().find(|q| q.name == name)
}

/// Runs a query by name with `params` bound, under the query limits; its result is kept
/// until the next write ([`super::view_cache`]).
pub async fn run(
    state: &AppState,
    name: &str,
    params: &[(&str, &str)],
) -> Result<Arc<Table>, ApiError> {
    let file = find(name).ok_or_else(|| ApiError::Internal(format!("no query {name}")))?;
    let values = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    run_file(state, file, &values).await
}

async fn run_file(
    state: &AppState,
    file: &RqFile,
    values: &BTreeMap<String, String>,
) -> Result<Arc<Table>, ApiError> {
    let text = file.bind(values, &state.config.base)?;
    let generation = state.store.generation();
    state
        .views
        .get_or_compute(generation, &text, || {
            let (store, limits, text) = (state.store.clone(), state.limits.clone(), text.clone());
            let memory_limit = state.config.query_memory_limit;
            async move {
                limits
                    .compute(move |token| {
                        let options = QueryOptions {
                            cancel: Some(token.clone()),
                            memory_limit,
                            ..QueryOptions::default()
                        };
                        crate::queries::select_with(&store, &text, &options)
                            .map_err(|e| ApiError::Internal(e.to_string()))
                    })
                    .await
            }
        })
        .await
}

/// `GET /api/queries`.
pub async fn list(headers: HeaderMap, uri: Uri) -> Response {
    let data = json!({
        "queries": all().iter().map(RqFile::to_json).collect::<Vec<_>>(),
    });
    let page = Page::new("Requêtes", "queries.html")
        .crumb("Requêtes", None)
        .json_alternate(&uri);
    views::respond(&headers, &uri, page, data)
}

/// `GET /api/queries/{name}?param=value…`.
pub async fn get(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    answer(&state, &name, &headers, &uri)
        .await
        .unwrap_or_else(|e| views::error_page(&headers, e))
}

async fn answer(
    state: &AppState,
    name: &str,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<Response, ApiError> {
    let file = find(name).ok_or_else(|| {
        ApiError::NotFound(format!(
            "no curated query named {name:?}; see /api/queries for the list"
        ))
    })?;
    let mut values = BTreeMap::new();
    let mut format = None;
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        if k == "format" {
            format = Some(v.into_owned());
        } else if file.params.iter().any(|p| p.name == k) {
            values.insert(k.into_owned(), v.into_owned());
        } else {
            let known: Vec<&str> = file.params.iter().map(|p| p.name.as_str()).collect();
            return Err(ApiError::BadRequest(if known.is_empty() {
                format!("query {name} takes no parameter (only format=), not {k:?}")
            } else {
                format!(
                    "query {name} has no parameter {k:?}; its parameters: {}",
                    known.join(", ")
                )
            }));
        }
    }
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let html = match format.as_deref() {
        Some("html") => true,
        Some(_) => false,
        None => views::prefers_html(accept),
    };
    let table = run_file(state, file, &values).await?;
    if html {
        let data = json!({ "query": file.to_json(), "values": values, "table": views::table_json(&table, &state.config.base) });
        let page = Page::new(&file.name, "query.html")
            .crumb("Requêtes", Some("/api/queries"))
            .crumb(&file.name, None);
        return Ok(views::render(page, data));
    }
    let format = negotiate::choose(format.as_deref(), accept, &Format::SOLUTIONS)?;
    let negotiate::Kind::Results(results_format) = format.kind() else {
        return Err(ApiError::NotAcceptable("not a results format".into()));
    };
    let body = serialize(&table, results_format)?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type()),
            (header::VARY, "Accept".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// A table in a SPARQL results format.
fn serialize(table: &Table, format: QueryResultsFormat) -> Result<Vec<u8>, ApiError> {
    use oxigraph::sparql::results::QueryResultsSerializer;
    use oxigraph::sparql::Variable;
    let variables: Vec<Variable> = table
        .variables
        .iter()
        .map(|v| Variable::new_unchecked(v.clone()))
        .collect();
    let mut writer = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(Vec::new(), variables.clone())
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    for row in &table.rows {
        let pairs = variables
            .iter()
            .zip(row)
            .filter_map(|(v, t)| t.as_ref().map(|t| (v.as_ref(), t.as_ref())));
        writer
            .serialize(pairs)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    writer
        .finish()
        .map_err(|e| ApiError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_and_defaults_come_from_the_file() {
        let q = RqFile::parse(
            "views/x.rq",
            "# Says what.\n# More.\n#+ defaults:\n#+   - law: https://w3id.org/maillage/id/loi/2016-41\n\
             SELECT * WHERE { ?_law_iri ?p ?_q . ?_law_iri ?p ?o }",
        );
        assert_eq!(q.name, "x");
        assert_eq!(q.description, "Says what. More.");
        assert_eq!(
            q.params,
            vec![
                Param {
                    name: "law".into(),
                    iri: true,
                    default: Some("https://w3id.org/maillage/id/loi/2016-41".into())
                },
                Param {
                    name: "q".into(),
                    iri: false,
                    default: None
                }
            ]
        );
        let mut values = BTreeMap::new();
        assert!(q.bind(&values, DEFAULT_BASE).is_err(), "q is required");
        values.insert("q".to_owned(), "a\" } DROP ALL {".to_owned());
        let text = q.bind(&values, "http://example.org/").unwrap();
        assert!(text.contains("<http://example.org/id/loi/2016-41> ?p \"a\\\" } DROP ALL {\""));
        values.insert("law".to_owned(), "not an iri".to_owned());
        let err = q.bind(&values, DEFAULT_BASE).unwrap_err();
        assert!(err.to_string().contains("\"law\" must be an absolute IRI"));
    }

    #[test]
    fn every_bundled_query_binds_with_its_defaults() {
        assert!(find("laws-created-dispositifs").is_some());
        assert!(find("describe").is_some());
        for q in all() {
            let text = q.bind(&BTreeMap::new(), DEFAULT_BASE);
            if q.params.iter().all(|p| p.default.is_some()) {
                let text = text.unwrap();
                assert!(!text.contains("?_"), "{} is fully bound", q.name);
                assert!(!q.description.is_empty(), "{} says what it answers", q.name);
            }
        }
    }
}
