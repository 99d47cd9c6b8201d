//! Reading a SPARQL 1.1 Protocol request: `GET ?query=`, `POST application/sparql-query`,
//! `POST application/x-www-form-urlencoded`, with `default-graph-uri` / `named-graph-uri`
//! (repeatable) and maillage's `format` override.

use super::error::ApiError;
use axum::body::Bytes;
use axum::http::{header, HeaderMap};

/// The parameters of one protocol request.
#[derive(Debug, Default, PartialEq)]
pub struct SparqlRequest {
    pub query: Option<String>,
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
    /// `?format=` / `output=` (short names or media types, comma-separated), overriding `Accept`.
    pub format: Option<String>,
}

/// Message of every refused SPARQL Update.
pub const UPDATE_REFUSED: &str =
    "SPARQL Update is not accepted on this public endpoint: it is read-only. \
     Writes come through the authenticated curation endpoint: POST /imports, which \
     takes INSERT DATA / DELETE DATA patches (application/sparql-update).";

impl SparqlRequest {
    /// Reads URL-encoded pairs (a query string or a form body).
    pub fn add_pairs(&mut self, encoded: &[u8]) -> Result<(), ApiError> {
        for (name, value) in form_urlencoded::parse(encoded) {
            match name.as_ref() {
                "query" => self.set_query(value.into_owned())?,
                "update" | "using-graph-uri" | "using-named-graph-uri" => {
                    return Err(ApiError::Forbidden(UPDATE_REFUSED.to_owned()))
                }
                "default-graph-uri" => self.default_graphs.push(value.into_owned()),
                "named-graph-uri" => self.named_graphs.push(value.into_owned()),
                // Repeated overrides (SPARQLWrapper sends `format=xml&output=xml`)
                // are read as one list; see `negotiate::choose`.
                "format" | "output" => match &mut self.format {
                    Some(list) => {
                        list.push(',');
                        list.push_str(&value);
                    }
                    None => self.format = Some(value.into_owned()),
                },
                _ => {} // Unknown parameters are ignored, as most endpoints do.
            }
        }
        Ok(())
    }

    fn set_query(&mut self, query: String) -> Result<(), ApiError> {
        if self.query.is_some() {
            return Err(ApiError::BadRequest(
                "the query is given more than once".to_owned(),
            ));
        }
        self.query = Some(query);
        Ok(())
    }

    /// A `GET` request: everything is in the query string.
    pub fn from_get(query_string: Option<&str>) -> Result<Self, ApiError> {
        let mut request = Self::default();
        request.add_pairs(query_string.unwrap_or_default().as_bytes())?;
        Ok(request)
    }

    /// A `POST` request, dispatched on its `Content-Type`.
    pub fn from_post(
        query_string: Option<&str>,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Result<Self, ApiError> {
        let mut request = Self::from_get(query_string)?;
        match media_type(headers).as_deref() {
            Some("application/sparql-query") => {
                let query = std::str::from_utf8(body).map_err(|e| {
                    ApiError::BadRequest(format!("the query is not valid UTF-8: {e}"))
                })?;
                request.set_query(query.to_owned())?;
            }
            Some("application/x-www-form-urlencoded") => request.add_pairs(body)?,
            Some("application/sparql-update") => {
                return Err(ApiError::Forbidden(UPDATE_REFUSED.to_owned()))
            }
            other => {
                return Err(ApiError::UnsupportedMediaType(format!(
                    "unsupported request Content-Type {}; POST a query as application/sparql-query \
                     or application/x-www-form-urlencoded (query=...)",
                    other.map_or_else(|| "(none)".to_owned(), |t| format!("{t:?}"))
                )))
            }
        }
        Ok(request)
    }
}

/// The request's media type, lower-cased and without parameters.
fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let media_type = value.split(';').next()?.trim().to_ascii_lowercase();
    (!media_type.is_empty()).then_some(media_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(content_type: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        h
    }

    #[test]
    fn get_with_repeated_graphs() {
        let r = SparqlRequest::from_get(Some(
            "query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fa&default-graph-uri=http://b&named-graph-uri=http://c&format=csv",
        ))
        .unwrap();
        assert_eq!(r.query.as_deref(), Some("ASK{}"));
        assert_eq!(r.default_graphs, ["http://a", "http://b"]);
        assert_eq!(r.named_graphs, ["http://c"]);
        assert_eq!(r.format.as_deref(), Some("csv"));
    }

    #[test]
    fn post_kinds() {
        let body = Bytes::from_static(b"ASK {}");
        let r = SparqlRequest::from_post(
            Some("named-graph-uri=http://g"),
            &headers("application/sparql-query; charset=UTF-8"),
            &body,
        )
        .unwrap();
        assert_eq!(
            (r.query.as_deref(), r.named_graphs.len()),
            (Some("ASK {}"), 1)
        );
        let form = Bytes::from_static(b"query=ASK+%7B%7D");
        let r =
            SparqlRequest::from_post(None, &headers("application/x-www-form-urlencoded"), &form)
                .unwrap();
        assert_eq!(r.query.as_deref(), Some("ASK {}"));
    }

    #[test]
    fn refusals() {
        let body = Bytes::from_static(b"ASK {}");
        let status = |r: Result<SparqlRequest, ApiError>| r.unwrap_err().status().as_u16();
        assert_eq!(
            status(SparqlRequest::from_post(
                None,
                &headers("text/plain"),
                &body
            )),
            415
        );
        assert_eq!(
            status(SparqlRequest::from_post(None, &HeaderMap::new(), &body)),
            415
        );
        assert_eq!(
            status(SparqlRequest::from_post(
                None,
                &headers("application/sparql-update"),
                &body
            )),
            403
        );
        assert_eq!(
            status(SparqlRequest::from_get(Some("update=CLEAR+ALL"))),
            403
        );
        assert_eq!(
            status(SparqlRequest::from_post(
                Some("query=ASK{}"),
                &headers("application/sparql-query"),
                &body
            )),
            400
        );
    }
}
