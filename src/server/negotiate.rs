//! Result formats and `Accept` negotiation (q-values, `type/*` and `*/*` wildcards).
//!
//! Ranking: highest q first, then the most specific matching range (an exact media type
//! beats `text/*`, which beats `*/*`), then the server's preference order (the first
//! offer is the default: SPARQL JSON for solutions, Turtle for graphs).

use super::error::ApiError;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// A serialization the endpoint answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    NTriples,
    RdfXml,
    JsonLd,
    NQuads,
    TriG,
}

use Format::*;

impl Format {
    /// Formats for SELECT and ASK results, in preference order.
    pub const SOLUTIONS: [Format; 4] = [Json, Xml, Csv, Tsv];
    /// Formats for CONSTRUCT and DESCRIBE results (and RDF documents), in preference order.
    pub const GRAPHS: [Format; 6] = [Turtle, NTriples, RdfXml, JsonLd, NQuads, TriG];
    /// Every format, solutions first.
    pub const ALL: [Format; 10] = [
        Json, Xml, Csv, Tsv, Turtle, NTriples, RdfXml, JsonLd, NQuads, TriG,
    ];

    /// The short name accepted by `?format=`.
    pub fn name(self) -> &'static str {
        match self {
            Json => "json",
            Xml => "xml",
            Csv => "csv",
            Tsv => "tsv",
            Turtle => "turtle",
            NTriples => "ntriples",
            RdfXml => "rdfxml",
            JsonLd => "jsonld",
            NQuads => "nquads",
            TriG => "trig",
        }
    }

    /// The canonical media type, without parameters.
    pub fn media_type(self) -> &'static str {
        let with_parameters = match self.kind() {
            Kind::Results(f) => f.media_type(),
            Kind::Rdf(f) => f.media_type(),
        };
        with_parameters
            .split(';')
            .next()
            .unwrap_or(with_parameters)
            .trim_end()
    }

    /// Other media types a client may ask for this format with.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Json | JsonLd => &["application/json"],
            Turtle => &["application/x-turtle"],
            Tsv => &["text/tsv"],
            _ => &[],
        }
    }

    /// The `Content-Type` header value (text formats say their charset).
    pub fn content_type(self) -> String {
        let media_type = self.media_type();
        if media_type.starts_with("text/") {
            format!("{media_type}; charset=utf-8")
        } else {
            media_type.to_owned()
        }
    }

    /// The format's IRI in the W3C "Unique URIs for file formats" registry.
    pub fn iri(self) -> &'static str {
        match self.kind() {
            // oxrdfio names JSON-LD under `/ns/formats/data/`; the registry says this.
            Kind::Rdf(RdfFormat::JsonLd { .. }) => "http://www.w3.org/ns/formats/JSON-LD",
            Kind::Results(f) => f.iri(),
            Kind::Rdf(f) => f.iri(),
        }
    }

    /// The serializer behind the format.
    pub fn kind(self) -> Kind {
        match self {
            Json => Kind::Results(QueryResultsFormat::Json),
            Xml => Kind::Results(QueryResultsFormat::Xml),
            Csv => Kind::Results(QueryResultsFormat::Csv),
            Tsv => Kind::Results(QueryResultsFormat::Tsv),
            Turtle => Kind::Rdf(RdfFormat::Turtle),
            NTriples => Kind::Rdf(RdfFormat::NTriples),
            RdfXml => Kind::Rdf(RdfFormat::RdfXml),
            JsonLd => Kind::Rdf(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            NQuads => Kind::Rdf(RdfFormat::NQuads),
            TriG => Kind::Rdf(RdfFormat::TriG),
        }
    }

    /// Looks a `?format=` value up: a short name or a media type.
    pub fn from_name(value: &str) -> Option<Format> {
        let value = value.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.name() == value || f.media_type() == value)
    }
}

/// The serializer family of a [`Format`].
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Results(QueryResultsFormat),
    Rdf(RdfFormat),
}

/// One media range of an `Accept` header.
#[derive(Debug, PartialEq)]
struct MediaRange {
    kind: String,
    subtype: String,
    q: f32,
}

/// Parses an `Accept` header; malformed ranges are skipped.
fn parse_accept(header: &str) -> Vec<MediaRange> {
    header
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let (kind, subtype) = parts.next()?.trim().split_once('/')?;
            let mut q = 1.0;
            for param in parts {
                if let Some((name, value)) = param.split_once('=') {
                    if name.trim().eq_ignore_ascii_case("q") {
                        q = value
                            .trim()
                            .parse::<f32>()
                            .ok()
                            .filter(|q| (0.0..=1.0).contains(q))?;
                    }
                }
            }
            Some(MediaRange {
                kind: kind.trim().to_ascii_lowercase(),
                subtype: subtype.trim().to_ascii_lowercase(),
                q,
            })
        })
        .collect()
}

/// Quality and specificity of the most specific range of `ranges` matching `media_type`.
fn quality(ranges: &[MediaRange], media_type: &str) -> Option<(f32, u8)> {
    let (kind, subtype) = media_type.split_once('/')?;
    ranges
        .iter()
        .filter_map(|r| {
            let specificity = match (r.kind.as_str(), r.subtype.as_str()) {
                ("*", "*") => 0,
                (k, "*") if k == kind => 1,
                (k, s) if k == kind && s == subtype => 2,
                _ => return None,
            };
            Some((r.q, specificity))
        })
        .max_by_key(|&(_, specificity)| specificity)
}

/// Picks the best of `offers` (in server preference order) for an `Accept` header.
pub fn negotiate(accept: Option<&str>, offers: &[Format]) -> Result<Format, ApiError> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return offers
            .first()
            .copied()
            .ok_or_else(|| not_acceptable("", offers));
    };
    let ranges = parse_accept(accept);
    let mut best: Option<(f32, u8, Format)> = None;
    for &offer in offers {
        // The most specific range naming the format under any of its names decides
        // (so `application/json` cannot revive a format excluded by name with q=0).
        let q = std::iter::once(offer.media_type())
            .chain(offer.aliases().iter().copied())
            .filter_map(|m| quality(&ranges, m))
            .fold(None, |best: Option<(f32, u8)>, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            });
        if let Some((q, specificity)) = q.filter(|(q, _)| *q > 0.0) {
            if best.is_none_or(|(bq, bs, _)| (q, specificity) > (bq, bs)) {
                best = Some((q, specificity, offer));
            }
        }
    }
    best.map(|(_, _, f)| f)
        .ok_or_else(|| not_acceptable(accept, offers))
}

/// The index of the best of `media_types` (server preference order) for an `Accept`
/// header, ranked as [`negotiate`] ranks formats; the first without `Accept`, `None` when
/// none is acceptable. For offers that are not [`Format`]s (HTML pages, view JSON).
pub fn best_media_type(accept: Option<&str>, media_types: &[&str]) -> Option<usize> {
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return (!media_types.is_empty()).then_some(0);
    };
    let ranges = parse_accept(accept);
    let mut best: Option<(f32, u8, usize)> = None;
    for (i, media_type) in media_types.iter().enumerate() {
        if let Some((q, specificity)) = quality(&ranges, media_type).filter(|(q, _)| *q > 0.0) {
            if best.is_none_or(|(bq, bs, _)| (q, specificity) > (bq, bs)) {
                best = Some((q, specificity, i));
            }
        }
    }
    best.map(|(_, _, i)| i)
}

/// Resolves the format: a `?format=` (or `output=`) override wins over `Accept`.
///
/// The override is a comma-separated list of short names or media types, read
/// according to the query form, as other endpoints and their clients expect
/// (SPARQLWrapper sends `format=xml` with `Accept: application/rdf+xml` for a
/// CONSTRUCT): `xml` is SPARQL XML for solutions and RDF/XML for graphs, `json`
/// is SPARQL JSON or JSON-LD, `n3` is served as Turtle. The first listed value
/// that fits the form wins. An override never turns an otherwise acceptable
/// request into an error: when none of its values fits, `Accept` decides, and
/// when that fails too, the form's default is served (as `*/*` would allow).
pub fn choose(
    format_param: Option<&str>,
    accept: Option<&str>,
    offers: &[Format],
) -> Result<Format, ApiError> {
    let Some(param) = format_param else {
        return negotiate(accept, offers);
    };
    if let Some(format) = param.split(',').find_map(|t| Format::for_token(t, offers)) {
        return Ok(format);
    }
    negotiate(accept, offers).or_else(|e| offers.first().copied().ok_or(e))
}

impl Format {
    /// The format a `format=` token names among `offers`, read by query form.
    pub fn for_token(token: &str, offers: &[Format]) -> Option<Format> {
        let token = token.trim().to_ascii_lowercase();
        let token = token.split(';').next().unwrap_or_default().trim();
        if token.is_empty() {
            return None;
        }
        let candidates: &[Format] = match token {
            "xml" | "application/xml" | "text/xml" => &[Xml, RdfXml],
            "json" | "application/json" => &[Json, JsonLd],
            "json-ld" | "jsonld" | "application/ld+json" | "application/x-json+ld" => &[JsonLd],
            "rdf" | "rdf+xml" | "rdfxml" | "rdf/xml" | "application/rdf+xml" => &[RdfXml],
            "n3"
            | "text/n3"
            | "text/rdf+n3"
            | "turtle"
            | "ttl"
            | "text/turtle"
            | "application/x-turtle" => &[Turtle],
            "nt" | "n-triples" | "ntriples" => &[NTriples],
            "nq" | "n-quads" | "nquads" => &[NQuads],
            "csv" => &[Csv],
            "tsv" => &[Tsv],
            _ => &[],
        };
        candidates
            .iter()
            .copied()
            .chain(Self::ALL.into_iter().filter(|f| {
                f.name() == token || f.media_type() == token || f.aliases().contains(&token)
            }))
            .find(|f| offers.contains(f))
    }
}

fn not_acceptable(accept: &str, offers: &[Format]) -> ApiError {
    let types = offers
        .iter()
        .map(|f| f.media_type())
        .collect::<Vec<_>>()
        .join("\n");
    ApiError::NotAcceptable(format!(
        "none of the media types in Accept: {accept} can be produced for this result.\n\
         Acceptable media types (or use ?format={}):\n{types}",
        offers
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join("|")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(accept: &str, offers: &[Format]) -> Option<Format> {
        negotiate(Some(accept), offers).ok()
    }

    #[test]
    fn defaults_without_accept() {
        assert_eq!(negotiate(None, &Format::SOLUTIONS).unwrap(), Json);
        assert_eq!(negotiate(Some(" "), &Format::GRAPHS).unwrap(), Turtle);
        assert_eq!(pick("*/*", &Format::GRAPHS), Some(Turtle));
    }

    #[test]
    fn q_values_and_specificity() {
        assert_eq!(
            pick(
                "text/csv;q=0.5, application/sparql-results+xml",
                &Format::SOLUTIONS
            ),
            Some(Xml)
        );
        assert_eq!(pick("text/csv, */*", &Format::SOLUTIONS), Some(Csv));
        assert_eq!(pick("text/*", &Format::SOLUTIONS), Some(Csv));
        assert_eq!(
            pick(
                "text/*;q=0.2, text/tab-separated-values",
                &Format::SOLUTIONS
            ),
            Some(Tsv)
        );
        assert_eq!(
            pick("*/*;q=0.1, application/n-triples;q=0.9", &Format::GRAPHS),
            Some(NTriples)
        );
        // An explicit q=0 excludes a type even if a wildcard would admit it.
        assert_eq!(
            pick(
                "application/sparql-results+json;q=0, */*",
                &Format::SOLUTIONS
            ),
            Some(Xml)
        );
    }

    #[test]
    fn browsers_get_the_default() {
        let accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(pick(accept, &Format::SOLUTIONS), Some(Json));
        assert_eq!(pick(accept, &Format::GRAPHS), Some(Turtle));
    }

    #[test]
    fn aliases_and_parameters() {
        assert_eq!(pick("application/json", &Format::SOLUTIONS), Some(Json));
        assert_eq!(pick("application/json", &Format::GRAPHS), Some(JsonLd));
        assert_eq!(
            pick("text/turtle; charset=utf-8", &Format::GRAPHS),
            Some(Turtle)
        );
        assert_eq!(pick("APPLICATION/LD+JSON", &Format::GRAPHS), Some(JsonLd));
    }

    #[test]
    fn nothing_fits_is_406_with_the_list() {
        let err = negotiate(Some("image/png"), &Format::SOLUTIONS).unwrap_err();
        assert_eq!(err.status(), axum::http::StatusCode::NOT_ACCEPTABLE);
        assert!(err.to_string().contains("application/sparql-results+json"));
        assert!(pick("text/turtle", &Format::SOLUTIONS).is_none());
        assert!(pick("garbage", &Format::SOLUTIONS).is_none());
    }

    #[test]
    fn format_override() {
        assert_eq!(
            choose(Some("csv"), Some("image/png"), &Format::SOLUTIONS).unwrap(),
            Csv
        );
        assert_eq!(
            choose(Some("text/turtle"), None, &Format::GRAPHS).unwrap(),
            Turtle
        );
        // A value that does not fit the form: Accept decides, else the default.
        assert_eq!(
            choose(Some("turtle"), Some("text/csv"), &Format::SOLUTIONS).unwrap(),
            Csv
        );
        assert_eq!(
            choose(Some("png"), Some("image/png"), &Format::SOLUTIONS).unwrap(),
            Json
        );
    }

    #[test]
    fn format_tokens_are_read_by_query_form() {
        let graphs = |p| choose(Some(p), None, &Format::GRAPHS).unwrap();
        let solutions = |p| choose(Some(p), None, &Format::SOLUTIONS).unwrap();
        assert_eq!(graphs("xml"), RdfXml);
        assert_eq!(solutions("xml"), Xml);
        assert_eq!(graphs("json"), JsonLd);
        assert_eq!(solutions("json"), Json);
        assert_eq!(graphs("n3"), Turtle);
        assert_eq!(graphs("application/ld+json,application/x-json+ld"), JsonLd);
        assert_eq!(graphs("rdf+xml"), RdfXml);
        assert_eq!(solutions("application/sparql-results+xml"), Xml);
        // The first listed value that fits wins.
        assert_eq!(solutions("json-ld, csv"), Csv);
        assert_eq!(solutions("json-ld"), Json);
    }
}
