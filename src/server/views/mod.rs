//! The French views people read: each is built from files in `queries/views/` (run through
//! [`super::queries_api`]), turned into one JSON value, and answered either as that JSON
//! (`Accept: application/json` or `?format=json`) or as an HTML page rendered from
//! `templates/` by minijinja (auto-escaped by construction: templates end in `.html`).
//!
//! Shared here: the template environment, negotiation between HTML and JSON, breadcrumbs,
//! `Link: rel="alternate"` headers, pagination, the 404 page and the static assets.

pub mod accueil;
pub mod dispositifs;
pub mod documents;
pub mod entites;
pub mod overview;
pub mod svg;
pub mod textes;

/// Entries shown per section of a resource's page (a dispositif's instances, a
/// resource's incoming links…): at scale there are thousands; the page lists the first
/// ones and links to the whole list.
pub const SECTION_LIMIT: usize = 200;

use super::error::ApiError;
use super::negotiate;
use crate::queries::Table;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};
use minijinja::Environment;
use oxigraph::model::Term;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// Rows per page of every list.
pub const PER_PAGE: usize = 50;

/// The template environment, built once from `templates/`.
fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for file in TEMPLATES.files() {
            if let (Some(name), Some(text)) = (file.path().to_str(), file.contents_utf8()) {
                env.add_template(name, text)
                    .unwrap_or_else(|e| panic!("template {name}: {e}"));
            }
        }
        env
    })
}

/// What a page shows around its data: title, template, breadcrumbs, alternates.
#[derive(Debug, Clone)]
pub struct Page {
    title: String,
    template: &'static str,
    crumbs: Vec<Value>,
    alternates: Vec<Value>,
    query: String,
}

impl Page {
    pub fn new(title: &str, template: &'static str) -> Self {
        Self {
            title: title.to_owned(),
            template,
            crumbs: vec![json!({ "label": "Accueil", "href": "/" })],
            alternates: Vec::new(),
            query: String::new(),
        }
    }

    /// Adds a breadcrumb (the current page has no link).
    pub fn crumb(mut self, label: &str, href: Option<&str>) -> Self {
        self.crumbs.push(json!({ "label": label, "href": href }));
        self
    }

    /// Adds an alternate representation (`?format=name` of this page).
    pub fn alternate(mut self, uri: &Uri, name: &str, media_type: &str) -> Self {
        let href = with_param(uri, "format", name);
        self.alternates
            .push(json!({ "name": name, "type": media_type, "href": href }));
        self
    }

    /// The JSON alternate every view has.
    pub fn json_alternate(self, uri: &Uri) -> Self {
        self.alternate(uri, "json", "application/json")
    }

    /// No breadcrumbs (the home page).
    pub fn crumbs_clear(&mut self) {
        self.crumbs.clear();
    }

    /// The text of the search box.
    pub fn search(mut self, q: &str) -> Self {
        q.clone_into(&mut self.query);
        self
    }

    /// The `Link` header listing the alternates.
    pub fn link_header(&self) -> Option<HeaderValue> {
        let value = self
            .alternates
            .iter()
            .map(|a| {
                format!(
                    "<{}>; rel=\"alternate\"; type=\"{}\"",
                    a["href"].as_str().unwrap_or_default(),
                    a["type"].as_str().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        HeaderValue::from_str(&value)
            .ok()
            .filter(|_| !value.is_empty())
    }
}

/// `uri`'s path and query with `name=value` set (replacing any previous value).
pub fn with_param(uri: &Uri, name: &str, value: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        if k != name {
            query.append_pair(&k, &v);
        }
    }
    query.append_pair(name, value);
    format!("{}?{}", uri.path(), query.finish())
}

/// A URL query parameter.
pub fn param(uri: &Uri, name: &str) -> Option<String> {
    form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.trim().is_empty())
}

/// Whether `text/html` ranks at least as high as any other media type named in `Accept`
/// (by the most specific range that matches it: `text/html`, `text/*`, `*/*`).
pub fn prefers_html(accept: Option<&str>) -> bool {
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

/// What a view answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Html,
    Json,
}

/// HTML or JSON, from `?format=` (`html`, `json`) or `Accept` (HTML for browsers and by default).
pub fn want(headers: &HeaderMap, uri: &Uri) -> Result<Want, ApiError> {
    match param(uri, "format").as_deref() {
        Some("html") => Ok(Want::Html),
        Some("json") => Ok(Want::Json),
        Some(other) => Err(ApiError::BadRequest(format!(
            "unknown format={other:?} for this page; use format=html or format=json"
        ))),
        None => {
            let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
            match negotiate::best_media_type(accept, &["text/html", "application/json"]) {
                Some(0) => Ok(Want::Html),
                Some(_) => Ok(Want::Json),
                None => Err(ApiError::NotAcceptable(format!(
                    "this page is available as text/html or application/json, not {}",
                    accept.unwrap_or_default()
                ))),
            }
        }
    }
}

/// Answers `data` as negotiated: the page's HTML or the JSON itself.
pub fn respond(headers: &HeaderMap, uri: &Uri, page: Page, data: Value) -> Response {
    match want(headers, uri) {
        Ok(Want::Html) => render(page, data),
        Ok(Want::Json) => json_response(&page, &data),
        Err(e) => error_page(headers, e),
    }
}

fn json_response(page: &Page, data: &Value) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::VARY, "Accept"),
        ],
        serde_json::to_string_pretty(data).unwrap_or_default(),
    )
        .into_response();
    if let Some(link) = page.link_header() {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}

/// The page's HTML, 200.
pub fn render(page: Page, data: Value) -> Response {
    render_status(StatusCode::OK, page, data)
}

fn render_status(status: StatusCode, page: Page, data: Value) -> Response {
    let context = json!({
        "page": {
            "title": page.title,
            "crumbs": page.crumbs,
            "alternates": page.alternates,
            "q": page.query,
        },
        "data": data,
    });
    let html = environment()
        .get_template(page.template)
        .and_then(|t| t.render(&context));
    match html {
        Ok(html) => {
            let mut response = (
                status,
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (header::VARY, "Accept"),
                ],
                html,
            )
                .into_response();
            if let Some(link) = page.link_header() {
                response.headers_mut().insert(header::LINK, link);
            }
            response
        }
        Err(e) => ApiError::Internal(format!("template {}: {e:#}", page.template)).into_response(),
    }
}

/// An error as a page for browsers (404s with a search box and entry points), else as text.
pub fn error_page(headers: &HeaderMap, error: ApiError) -> Response {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    if !prefers_html(accept) || error.status().is_server_error() {
        return error.into_response();
    }
    let status = error.status();
    let title = if status == StatusCode::NOT_FOUND {
        "Page introuvable"
    } else {
        "Requête incorrecte"
    };
    let page = Page::new(title, "error.html").crumb(title, None);
    render_status(
        status,
        page,
        json!({ "status": status.as_u16(), "message": error.to_string() }),
    )
}

/// The router's fallback: a helpful 404.
pub async fn not_found(headers: HeaderMap, uri: Uri) -> Response {
    error_page(
        &headers,
        ApiError::NotFound(format!(
            "nothing at {}: see / for the pages, /sparql for the SPARQL endpoint",
            uri.path()
        )),
    )
}

/// `GET /assets/{file}`: the stylesheet and the icon, compiled into the binary.
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.get_file(&file) {
        Some(f) => {
            let media_type = match file.rsplit('.').next() {
                Some("css") => "text/css; charset=utf-8",
                Some("svg") => "image/svg+xml",
                Some("js") => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            };
            (
                [
                    (header::CONTENT_TYPE, media_type),
                    (header::CACHE_CONTROL, "public, max-age=3600"),
                ],
                f.contents(),
            )
                .into_response()
        }
        None => ApiError::NotFound(format!("no asset {file:?}")).into_response(),
    }
}

/// `GET /favicon.ico`: the SVG icon.
pub async fn favicon() -> Response {
    asset(Path("favicon.svg".to_owned())).await
}

/// The local path of an IRI under the base (`/id/loi/2016-41`), else the IRI itself.
pub fn href(iri: &str, base: &str) -> String {
    match iri.strip_prefix(base) {
        Some(rest) => format!("/{rest}"),
        None => iri.to_owned(),
    }
}

/// The text of a term: an IRI, a literal's lexical form.
pub fn text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// The value of `variable` in `row` of `table`, as text.
pub fn cell(table: &Table, row: &[Option<Term>], variable: &str) -> Option<String> {
    let i = table.variables.iter().position(|v| v == variable)?;
    row.get(i)?.as_ref().map(text)
}

/// The value of `variable` in `row` as a number (0 when unbound or not a number).
pub fn count(table: &Table, row: &[Option<Term>], variable: &str) -> u64 {
    cell(table, row, variable)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A link to a resource: `{iri, href, label}` (the label falls back to the IRI's last segment).
pub fn link(iri: &str, label: Option<String>, base: &str) -> Value {
    let label = label
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| short(iri));
    json!({ "iri": iri, "href": href(iri, base), "label": label })
}

/// The last segment of an IRI (`cpts`, `created`).
pub fn short(iri: &str) -> String {
    iri.rsplit(['/', '#']).next().unwrap_or(iri).to_owned()
}

/// A result table as JSON rows: `{variable: {value, iri?, href?}}`.
pub fn table_json(table: &Table, base: &str) -> Value {
    let rows: Vec<Value> = table
        .rows
        .iter()
        .map(|row| {
            let mut object = Map::new();
            for (variable, term) in table.variables.iter().zip(row) {
                let value = match term {
                    Some(Term::NamedNode(n)) => {
                        json!({ "value": n.as_str(), "href": href(n.as_str(), base) })
                    }
                    Some(t) => json!({ "value": text(t) }),
                    None => Value::Null,
                };
                object.insert(variable.clone(), value);
            }
            Value::Object(object)
        })
        .collect();
    json!({ "variables": table.variables, "rows": rows })
}

/// One page of `items` (1-based `page` from `?page=`) and the pagination links.
pub fn paginate<T>(items: Vec<T>, uri: &Uri) -> (Vec<T>, Value) {
    let total = items.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = param(uri, "page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let shown: Vec<T> = items
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let link = |p: usize| with_param(uri, "page", &p.to_string());
    let pagination = json!({
        "page": page,
        "pages": pages,
        "total": total,
        "previous": (page > 1).then(|| link(page - 1)),
        "next": (page < pages).then(|| link(page + 1)),
    });
    (shown, pagination)
}

/// The order relations are listed in (creation first), and their colour in pictures.
pub fn relation_order(relation: &str) -> usize {
    RELATIONS
        .iter()
        .position(|(r, _)| *r == relation)
        .unwrap_or(RELATIONS.len())
}

/// `mlg:actsOn` sub-properties and their colour in the timelines and the network.
pub const RELATIONS: [(&str, &str); 7] = [
    ("created", "#1b7f3b"),
    ("modified", "#b26b00"),
    ("regulates", "#3355aa"),
    ("funds", "#8a2be2"),
    ("generalised", "#00838f"),
    ("givesLegalBasis", "#555555"),
    ("defines", "#aa3366"),
];

/// The colour of a relation (grey when unknown).
pub fn relation_color(relation: &str) -> &'static str {
    RELATIONS
        .iter()
        .find(|(r, _)| *r == relation)
        .map_or("#777777", |(_, c)| c)
}

/// Folds case and accents (`Santé` → `sante`) for matching and sorting.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
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
    fn folding_and_links() {
        assert_eq!(fold("Santé ÎLE"), "sante ile");
        assert_eq!(
            href(
                "https://w3id.org/maillage/id/loi/2016-41",
                crate::vocab::DEFAULT_BASE
            ),
            "/id/loi/2016-41"
        );
        assert_eq!(short("https://w3id.org/maillage/def#created"), "created");
        let uri: Uri = "/textes?type=loi&page=2".parse().unwrap();
        assert_eq!(with_param(&uri, "page", "3"), "/textes?type=loi&page=3");
    }

    #[test]
    fn every_template_compiles() {
        let env = environment();
        for file in TEMPLATES.files() {
            let name = file.path().to_str().unwrap();
            env.get_template(name)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
