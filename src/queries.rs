//! Curated SPARQL (`queries/*.rq`), run through the store's one query entry
//! point with the endpoint's dataset: the default graph is the current state.

use crate::store::{GraphStore, QueryOptions, StoreError};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

/// A curated query: its file stem, its first comment line, its text.
#[derive(Debug, Clone)]
pub struct CuratedQuery {
    pub name: &'static str,
    pub summary: String,
    pub text: &'static str,
}

/// Every curated query compiled into the binary, sorted by name.
pub fn all() -> Vec<CuratedQuery> {
    crate::bundled::files(&crate::bundled::QUERIES, "rq")
        .into_iter()
        .map(|(file, text)| CuratedQuery {
            name: file.strip_suffix(".rq").unwrap_or(file),
            summary: text
                .lines()
                .take_while(|l| l.starts_with('#'))
                .map(|l| l.trim_start_matches('#').trim())
                .collect::<Vec<_>>()
                .join(" "),
            text,
        })
        .collect()
}

/// A SELECT result as a header and rows of N-Triples-style cells (empty for unbound).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub variables: Vec<String>,
    pub rows: Vec<Vec<Option<Term>>>,
}

impl Table {
    /// Tab-separated text, one row a line, cells as SPARQL TSV terms.
    pub fn to_tsv(&self) -> String {
        let mut out = self
            .variables
            .iter()
            .map(|v| format!("?{v}"))
            .collect::<Vec<_>>()
            .join("\t");
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| c.as_ref().map(|t| t.to_string()).unwrap_or_default())
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        out
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("no curated query named {0:?}")]
    Unknown(String),
    #[error("query: {0}")]
    Store(#[from] StoreError),
    #[error("{0} is not a SELECT query")]
    NotSelect(String),
}

/// Runs a SELECT query over the current state (and the named graphs).
pub fn select(store: &GraphStore, text: &str) -> Result<Table, QueryError> {
    select_with(store, text, &QueryOptions::default())
}

/// [`select`] with options (a cancellation token: the server's limits).
pub fn select_with(
    store: &GraphStore,
    text: &str,
    options: &QueryOptions,
) -> Result<Table, QueryError> {
    match store.query_text(text, options)? {
        QueryResults::Solutions(solutions) => {
            let variables = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_owned())
                .collect();
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(StoreError::from)?;
                rows.push(solution.values().to_vec());
            }
            Ok(Table { variables, rows })
        }
        _ => Err(QueryError::NotSelect(
            text.lines().next().unwrap_or_default().to_owned(),
        )),
    }
}

/// Runs a curated query by name.
pub fn run(store: &GraphStore, name: &str) -> Result<Table, QueryError> {
    let text = crate::bundled::query(name).ok_or_else(|| QueryError::Unknown(name.to_owned()))?;
    select(store, text)
}
