//! Reading a SPARQL 1.1 Protocol request: `GET ?query=`, `POST application/sparql-query`,
//! `POST application/x-www-form-urlencoded`, with `default-graph-uri` / `named-graph-uri`
//! (repeatable) and maillage's `format` override; and an update: `POST
//! application/sparql-update` or a form with `update=`, with `using-graph-uri` /
//! `using-named-graph-uri` (repeatable, in the URL or the form) and maillage's `comment`
//! (or `message`) saying why. Protocol misuse is a 400: a query and an update in one
//! request, either given twice, an update by `GET`, a query's dataset parameters on an
//! update or the reverse.

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
    /// A SPARQL Update (`update=` or an `application/sparql-update` body).
    pub update: Option<String>,
    pub using_graphs: Vec<String>,
    pub using_named_graphs: Vec<String>,
    /// Why (`comment=` or `message=`), recorded with an update.
    pub comment: Option<String>,
}

impl SparqlRequest {
    /// Reads URL-encoded pairs (a query string or a form body, named by `source`).
    pub fn add_pairs(&mut self, encoded: &[u8], source: &str) -> Result<(), ApiError> {
        for (name, value) in decode_pairs(encoded, source)? {
            match name.as_str() {
                "query" => self.set_query(value)?,
                "update" => self.set_update(value)?,
                "using-graph-uri" => self.using_graphs.push(value),
                "using-named-graph-uri" => self.using_named_graphs.push(value),
                "comment" | "message" => self.comment = Some(value),
                "default-graph-uri" => self.default_graphs.push(value),
                "named-graph-uri" => self.named_graphs.push(value),
                // Repeated overrides (SPARQLWrapper sends `format=xml&output=xml`)
                // are read as one list; see `negotiate::choose`.
                "format" | "output" => match &mut self.format {
                    Some(list) => {
                        list.push(',');
                        list.push_str(&value);
                    }
                    None => self.format = Some(value),
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

    fn set_update(&mut self, update: String) -> Result<(), ApiError> {
        if self.update.is_some() {
            return Err(ApiError::BadRequest(
                "the update is given more than once: send one update parameter \
                 (operations are separated by ';' inside it)"
                    .to_owned(),
            ));
        }
        self.update = Some(update);
        Ok(())
    }

    /// A `GET` request: everything is in the query string. An update cannot come by `GET`.
    pub fn from_get(query_string: Option<&str>) -> Result<Self, ApiError> {
        let request = Self::from_url(query_string)?;
        if request.update.is_some() {
            return Err(ApiError::BadRequest(
                "an update cannot be sent with GET (SPARQL 1.1 Protocol, 2.2): POST it, \
                 as application/sparql-update or as a form with update=..."
                    .to_owned(),
            ));
        }
        request.check()?;
        Ok(request)
    }

    /// The parameters of the request's URL.
    fn from_url(query_string: Option<&str>) -> Result<Self, ApiError> {
        let mut request = Self::default();
        request.add_pairs(query_string.unwrap_or_default().as_bytes(), "query string")?;
        Ok(request)
    }

    /// A query or an update, not both, each with its own dataset parameters.
    fn check(&self) -> Result<(), ApiError> {
        if self.query.is_some() && self.update.is_some() {
            return Err(ApiError::BadRequest(
                "a request carries a query or an update, not both".to_owned(),
            ));
        }
        let (misplaced, instead) = if self.update.is_some() {
            (
                [
                    ("default-graph-uri", !self.default_graphs.is_empty()),
                    ("named-graph-uri", !self.named_graphs.is_empty()),
                ],
                "is a parameter of queries; an update's dataset is given by using-graph-uri \
                 and using-named-graph-uri",
            )
        } else {
            (
                [
                    ("using-graph-uri", !self.using_graphs.is_empty()),
                    ("using-named-graph-uri", !self.using_named_graphs.is_empty()),
                ],
                "is a parameter of updates; a query's dataset is given by default-graph-uri \
                 and named-graph-uri",
            )
        };
        match misplaced.iter().find(|(_, given)| *given) {
            Some((name, _)) => Err(ApiError::BadRequest(format!("{name} {instead}"))),
            None => Ok(()),
        }
    }

    /// A `POST` request, dispatched on its `Content-Type`.
    pub fn from_post(
        query_string: Option<&str>,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Result<Self, ApiError> {
        let mut request = Self::from_url(query_string)?;
        match media_type(headers).as_deref() {
            Some("application/sparql-query") => {
                let query = std::str::from_utf8(body).map_err(|e| {
                    let offset = e.valid_up_to();
                    ApiError::BadRequest(format!(
                        "the query is not valid UTF-8: byte 0x{:02X} at byte offset {offset} \
                         of the request body",
                        body[offset]
                    ))
                })?;
                request.set_query(query.to_owned())?;
            }
            Some("application/x-www-form-urlencoded") => request.add_pairs(body, "form body")?,
            Some("application/sparql-update") => {
                let update = std::str::from_utf8(body).map_err(|e| {
                    let offset = e.valid_up_to();
                    ApiError::BadRequest(format!(
                        "the update is not valid UTF-8: byte 0x{:02X} at byte offset {offset} \
                         of the request body",
                        body[offset]
                    ))
                })?;
                request.set_update(update.to_owned())?;
            }
            other => {
                return Err(ApiError::UnsupportedMediaType(format!(
                "unsupported request Content-Type {}; POST a query as application/sparql-query, \
                     an update as application/sparql-update, or either as \
                     application/x-www-form-urlencoded (query=... or update=...)",
                other.map_or_else(|| "(none)".to_owned(), |t| format!("{t:?}"))
            )))
            }
        }
        request.check()?;
        Ok(request)
    }
}

/// Decodes `application/x-www-form-urlencoded` pairs (`+` is a space, `%XX` a byte),
/// refusing names and values that are not UTF-8 once decoded (where `form_urlencoded`
/// would put U+FFFD): 400 naming the parameter, the byte and its offset in `source`.
pub fn decode_pairs(encoded: &[u8], source: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut pairs = Vec::new();
    let mut start = 0;
    for segment in encoded.split(|&b| b == b'&') {
        let segment_start = start;
        start += segment.len() + 1;
        if segment.is_empty() {
            continue;
        }
        let split = segment.iter().position(|&b| b == b'=');
        let (name, value) = match split {
            Some(i) => (&segment[..i], &segment[i + 1..]),
            None => (segment, &segment[segment.len()..]),
        };
        let value_start = segment_start + split.map_or(segment.len(), |i| i + 1);
        let name_text = decode_component(name).map_err(|decoded_offset| {
            utf8_error(
                name,
                decoded_offset,
                segment_start,
                "a parameter name",
                source,
            )
        })?;
        let value_text = decode_component(value).map_err(|decoded_offset| {
            let what = format!("the value of `{name_text}`");
            utf8_error(value, decoded_offset, value_start, &what, source)
        })?;
        pairs.push((name_text, value_text));
    }
    Ok(pairs)
}

/// Percent-decodes one component; `Err` holds the offset of the first invalid UTF-8 byte
/// in the decoded bytes. A `%` not followed by two hex digits stays as is.
fn decode_component(raw: &[u8]) -> Result<String, usize> {
    let decoded = decode_bytes(raw);
    String::from_utf8(decoded).map_err(|e| e.utf8_error().valid_up_to())
}

fn decode_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => match raw.get(i + 1..i + 3).and_then(hex_byte) {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn hex_byte(digits: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(digits).ok()?;
    u8::from_str_radix(text, 16).ok()
}

/// The 400 for an invalid byte at `decoded_offset` of the decoded `raw` component, which
/// starts at `component_start` of the whole `source`.
fn utf8_error(
    raw: &[u8],
    decoded_offset: usize,
    component_start: usize,
    what: &str,
    source: &str,
) -> ApiError {
    // Walk the raw component to the encoded form of the decoded byte.
    let (mut i, mut decoded) = (0, 0);
    while i < raw.len() && decoded < decoded_offset {
        let escaped = raw[i] == b'%' && raw.get(i + 1..i + 3).and_then(hex_byte).is_some();
        i += if escaped { 3 } else { 1 };
        decoded += 1;
    }
    let escaped = raw[i] == b'%' && raw.get(i + 1..i + 3).and_then(hex_byte).is_some();
    let (byte, shown) = if escaped {
        let byte = raw.get(i + 1..i + 3).and_then(hex_byte).unwrap_or_default();
        (byte, format!(" (written %{:02X})", byte))
    } else {
        (raw[i], String::new())
    };
    ApiError::BadRequest(format!(
        "invalid UTF-8 in the {source}: {what} has an invalid UTF-8 sequence starting with \
         the byte 0x{byte:02X}{shown} at byte offset {} of the {source}; \
         percent-encode text as UTF-8",
        component_start + i
    ))
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
            status(SparqlRequest::from_get(Some("update=CLEAR+ALL"))),
            400
        );
        let form = headers("application/x-www-form-urlencoded");
        for (url, form_body) in [
            (None, "update=CLEAR+ALL&update=CLEAR+ALL"),
            (None, "update=CLEAR+ALL&query=ASK{}"),
            (Some("default-graph-uri=http://g"), "update=CLEAR+ALL"),
            (None, "query=ASK{}&using-graph-uri=http://g"),
        ] {
            let form_body = Bytes::from(form_body.to_owned());
            assert_eq!(
                status(SparqlRequest::from_post(url, &form, &form_body)),
                400,
                "{form_body:?}"
            );
        }
        assert_eq!(
            status(SparqlRequest::from_post(
                Some("query=ASK{}"),
                &headers("application/sparql-query"),
                &body
            )),
            400
        );
    }

    #[test]
    fn updates_with_their_dataset_from_the_url_or_the_form() {
        let body = Bytes::from_static(b"CLEAR ALL");
        let r = SparqlRequest::from_post(
            Some("using-graph-uri=http://a&comment=why"),
            &headers("application/sparql-update; charset=utf-8"),
            &body,
        )
        .unwrap();
        assert_eq!(r.update.as_deref(), Some("CLEAR ALL"));
        assert_eq!(r.using_graphs, ["http://a"]);
        assert_eq!(r.comment.as_deref(), Some("why"));
        let form = Bytes::from_static(b"update=CLEAR+ALL&using-named-graph-uri=http%3A%2F%2Fb");
        let r = SparqlRequest::from_post(
            Some("using-graph-uri=http://a"),
            &headers("application/x-www-form-urlencoded"),
            &form,
        )
        .unwrap();
        assert_eq!(
            (r.using_graphs.len(), r.using_named_graphs.as_slice()),
            (1, &["http://b".to_owned()][..])
        );
    }

    #[test]
    fn pairs_decode_like_form_urlencoded() {
        let encoded = b"a=1+2&&b=%C3%A9t%C3%A9&c&d=%zz&e=100%";
        let strict = decode_pairs(encoded, "query string").unwrap();
        let lenient: Vec<(String, String)> = form_urlencoded::parse(encoded)
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(strict, lenient);
    }

    #[test]
    fn invalid_utf8_is_refused_with_its_offset() {
        let message = |r: Result<SparqlRequest, ApiError>| match r.unwrap_err() {
            ApiError::BadRequest(m) => m,
            other => panic!("unexpected {other:?}"),
        };
        // %FF starts at byte 20 of the query string.
        let m = message(SparqlRequest::from_get(Some("format=json&query=AS%FFK")));
        assert!(
            m.contains("query string")
                && m.contains("`query`")
                && m.contains("0xFF (written %FF)")
                && m.contains("byte offset 20"),
            "{m}"
        );
        // A truncated sequence: é is %C3%A9.
        let m = message(SparqlRequest::from_get(Some("query=%C3")));
        assert!(m.contains("0xC3") && m.contains("offset 6"), "{m}");
        // A raw byte in a form body, and in a parameter name.
        let form = Bytes::from_static(b"query=ASK+\xE9");
        let m = message(SparqlRequest::from_post(
            None,
            &headers("application/x-www-form-urlencoded"),
            &form,
        ));
        assert!(
            m.contains("form body") && m.contains("byte offset 10"),
            "{m}"
        );
        let m = message(SparqlRequest::from_get(Some("q%FF=1")));
        assert!(
            m.contains("parameter name") && m.contains("offset 1"),
            "{m}"
        );
        // An application/sparql-query body.
        let body = Bytes::from_static(b"ASK \xC0{}");
        let m = message(SparqlRequest::from_post(
            None,
            &headers("application/sparql-query"),
            &body,
        ));
        assert!(m.contains("0xC0") && m.contains("byte offset 4"), "{m}");
    }
}
