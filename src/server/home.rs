//! The landing page, `GET /`.
//!
//! A client that prefers `text/html` (a browser; also no `Accept` or `*/*`) gets one small
//! self-contained page: what maillage is, the endpoint, the routes, the curated queries
//! (each with a link that runs it as CSV and its text), and a form to try a query. No
//! external asset, inline CSS only, every text escaped. Any other client (asking for
//! JSON, RDF, SPARQL results...) is sent to the service description: 303 to `/sparql`.

use super::negotiate::Format;
use super::service_description::endpoint_iri;
use super::AppState;
use crate::queries::{self, CuratedQuery};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::fmt::Write;

/// `GET /`.
pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    if !prefers_html(accept) {
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
    let endpoint = endpoint_iri(&headers, &state.config.base);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::VARY, "Accept"),
        ],
        page(endpoint.as_str(), &queries::all()),
    )
        .into_response()
}

/// Whether `text/html` ranks at least as high as any other media type named in `Accept`
/// (by the most specific range that matches it: `text/html`, `text/*`, `*/*`).
fn prefers_html(accept: Option<&str>) -> bool {
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return true;
    };
    let mut html: Option<(u8, f32)> = None;
    let mut other = 0.0f32;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media_type = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(0.0));
        let specificity = match media_type.as_str() {
            "text/html" => 2,
            "text/*" => 1,
            "*/*" => 0,
            _ => {
                other = other.max(q);
                continue;
            }
        };
        if html.is_none_or(|(s, _)| specificity > s) {
            html = Some((specificity, q));
        }
    }
    html.is_some_and(|(_, q)| q > 0.0 && q >= other)
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `/sparql?query=…&format=…`, URL-encoded (not yet HTML-escaped).
fn run_link(query: &str, format: Format) -> String {
    let params = form_urlencoded::Serializer::new(String::new())
        .append_pair("query", query)
        .append_pair("format", format.name())
        .finish();
    format!("/sparql?{params}")
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;\
padding:0 1rem;color:#1d1d1f}h1{margin-bottom:0}code,pre,textarea{font:14px/1.4 ui-monospace,\
monospace}pre{background:#f4f4f6;padding:.75rem;overflow-x:auto}table{border-collapse:collapse}\
td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}\
textarea{width:100%;box-sizing:border-box}.muted{color:#555}";

const TRY_QUERY: &str = "SELECT ?graph (COUNT(*) AS ?triples)\nWHERE { GRAPH ?graph { ?s ?p ?o } }\nGROUP BY ?graph\nORDER BY DESC(?triples)";

/// The whole page.
fn page(endpoint: &str, curated: &[CuratedQuery]) -> String {
    let endpoint = escape(endpoint);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>maillage: SPARQL endpoint</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>maillage</h1>\n\
         <p class=\"muted\">A knowledge graph of French primary-care policy.</p>\n\
         <p>maillage reads policy documents (bibliographies, slides, legal and \
         administrative texts) into RDF: coordinated-care schemes, actors, territories, \
         legal texts and public policies, each document in its own named graph, with the \
         provenance of every fact. It is served read-only over SPARQL 1.1.</p>\n\
         <p>SPARQL endpoint: <code>{endpoint}</code></p>\n\
         <h2>Routes</h2>\n<table>\n<tr><th>Route</th><th>What</th></tr>\n\
         <tr><td><code>GET|POST /sparql</code></td><td>SPARQL 1.1 Protocol queries; the \
         default graph is the union of all graphs</td></tr>\n\
         <tr><td><a href=\"/sparql\"><code>GET /sparql</code></a></td><td>Service \
         description (no query)</td></tr>\n\
         <tr><td><a href=\"/store?default\"><code>GET /store</code></a></td><td>Graph Store \
         Protocol, read-only: <code>?graph=IRI</code>, <code>?default</code> (union), or the \
         whole dataset (N-Quads, TriG)</td></tr>\n\
         <tr><td><a href=\"/.well-known/void\"><code>GET /.well-known/void</code></a></td>\
         <td>VoID description: graphs, classes, properties, counts</td></tr>\n\
         <tr><td><a href=\"/healthz\"><code>GET /healthz</code></a></td><td>Health and \
         size</td></tr>\n</table>\n\
         <h2>Try a query</h2>\n\
         <form action=\"/sparql\" method=\"get\">\n\
         <textarea name=\"query\" rows=\"8\" spellcheck=\"false\">{try_query}</textarea>\n\
         <p><label>Result format <select name=\"format\">\n",
        try_query = escape(TRY_QUERY),
    );
    for format in Format::ALL {
        let selected = if format == Format::Json {
            " selected"
        } else {
            ""
        };
        let _ = writeln!(
            html,
            "<option value=\"{name}\"{selected}>{name} ({media_type})</option>",
            name = escape(format.name()),
            media_type = escape(format.media_type()),
        );
    }
    html.push_str(
        "</select></label> <button type=\"submit\">Run</button></p>\n</form>\n\
         <p class=\"muted\">Solutions (SELECT, ASK) come as json, xml, csv or tsv; graphs \
         (CONSTRUCT, DESCRIBE) as turtle, ntriples, rdfxml, jsonld, nquads or trig.</p>\n\
         <h2>Curated queries</h2>\n",
    );
    for query in curated {
        let _ = write!(
            html,
            "<section>\n<h3 id=\"{id}\">{name}</h3>\n<p>{summary} \
             <a href=\"{link}\">Run (CSV)</a></p>\n<details><summary>Query</summary>\
             <pre>{text}</pre></details>\n</section>\n",
            id = escape(query.name),
            name = escape(query.name),
            summary = escape(&query.summary),
            link = escape(&run_link(query.text, Format::Csv)),
            text = escape(query.text),
        );
    }
    html.push_str("</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_chosen_by_browsers_and_by_default() {
        assert!(prefers_html(None));
        assert!(prefers_html(Some("*/*")));
        assert!(prefers_html(Some(
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        )));
        assert!(!prefers_html(Some("application/sparql-results+json")));
        assert!(!prefers_html(Some("text/turtle, */*;q=0.1")));
        assert!(!prefers_html(Some("application/json, text/html;q=0.5")));
        assert!(!prefers_html(Some("text/html;q=0, */*")));
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let link = escape(&run_link("SELECT * { ?s ?p ?o }", Format::Csv));
        assert!(link.starts_with("/sparql?query=SELECT"));
        assert!(link.ends_with("&amp;format=csv"));
    }
}
