//! Reading an import's body: RDF in any standard syntax (by media type), or a
//! SPARQL 1.1 Update patch made of `INSERT DATA` / `DELETE DATA`.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad, Term, Triple};
use spargebra::term::{GraphName as UpdateGraph, GroundTerm};
use spargebra::{GraphUpdateOperation, SparqlParser};

/// What an import asks for: triples to state, triples to retract.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patch {
    pub add: Vec<Triple>,
    pub retract: Vec<Triple>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PayloadError {
    /// 415: a media type maillage does not read.
    #[error("unsupported Content-Type {0:?}: send Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML or application/sparql-update")]
    Unsupported(String),
    /// 400: the body does not parse.
    #[error("{0}")]
    Syntax(String),
    /// 422: parses, but is not a patch maillage accepts.
    #[error("{0}")]
    NotAPatch(String),
}

/// A `Content-Type`'s media type without its parameters, in lower case.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Media types of SPARQL Update patches.
pub const SPARQL_UPDATE: &str = "application/sparql-update";

/// Reads `body` as `media_type` (parameters ignored). RDF triples are to be
/// added, or retracted when `retract`; graph names in a dataset syntax are
/// dropped (an import is one graph of its own).
pub fn read(
    media_type: &str,
    body: &[u8],
    retract: bool,
    base: &str,
) -> Result<Patch, PayloadError> {
    let essence = essence(media_type);
    if essence == SPARQL_UPDATE {
        let text = std::str::from_utf8(body).map_err(|e| {
            PayloadError::Syntax(format!(
                "the update is not valid UTF-8 (byte {})",
                e.valid_up_to()
            ))
        })?;
        return read_update(text, base);
    }
    let format = RdfFormat::from_media_type(&essence).ok_or(PayloadError::Unsupported(essence))?;
    if matches!(format, RdfFormat::JsonLd { .. }) {
        check_json_nesting(body)?;
    }
    let mut triples = Vec::new();
    // Blank nodes are the payload's own: renamed, so that two imports writing `_:b`
    // (RDF merge, not union) never share one.
    let parser = RdfParser::from_format(format)
        .rename_blank_nodes()
        .with_base_iri(base)
        .map_err(|e| PayloadError::Syntax(e.to_string()))?;
    for quad in parser.for_slice(body) {
        let quad: Quad = quad.map_err(syntax_position)?;
        triples.push(Triple::new(quad.subject, quad.predicate, quad.object));
    }
    Ok(if retract {
        Patch {
            add: Vec::new(),
            retract: triples,
        }
    } else {
        Patch {
            add: triples,
            retract: Vec::new(),
        }
    })
}

/// A Graph Store Protocol body: the triples of one graph, in an RDF syntax named by its
/// media type (relative IRIs against `base`). A dataset syntax may be used as long as
/// it names no graph: the request names the graph.
pub fn read_graph(media_type: &str, body: &[u8], base: &str) -> Result<Vec<Triple>, PayloadError> {
    let essence = essence(media_type);
    let format = RdfFormat::from_media_type(&essence).ok_or_else(|| {
        PayloadError::Unsupported(if essence.is_empty() {
            "(none)".to_owned()
        } else {
            essence.clone()
        })
    })?;
    if matches!(format, RdfFormat::JsonLd { .. }) {
        check_json_nesting(body)?;
    }
    // The payload's blank nodes are its own (a POST merges, never unions).
    let parser = RdfParser::from_format(format)
        .rename_blank_nodes()
        .with_base_iri(base)
        .map_err(|e| PayloadError::Syntax(e.to_string()))?;
    let mut triples = Vec::new();
    for quad in parser.for_slice(body) {
        let quad: Quad = quad.map_err(syntax_position)?;
        if let oxigraph::model::GraphName::NamedNode(g) = &quad.graph_name {
            return Err(PayloadError::Syntax(format!(
                "the body names the graph {g}: a Graph Store request carries the triples of \
                 the one graph its URL names (graph=IRI or default)"
            )));
        }
        triples.push(Triple::new(quad.subject, quad.predicate, quad.object));
    }
    Ok(triples)
}

/// A syntax error with its line and column (1-based), as people count them.
fn syntax_position(e: oxigraph::io::RdfSyntaxError) -> PayloadError {
    PayloadError::Syntax(syntax_message(&e))
}

/// A syntax error for people: where (line and column, from 1) and what.
pub fn syntax_message(e: &oxigraph::io::RdfSyntaxError) -> String {
    match e.location() {
        Some(range) => format!(
            "syntax error at line {}, column {}: {e}",
            range.start.line + 1,
            range.start.column + 1
        ),
        None if e.to_string().starts_with("syntax error") => e.to_string(),
        None => format!("syntax error: {e}"),
    }
}

/// Objects and arrays a JSON-LD body may nest: the JSON-LD parser's time and memory grow
/// with the square of the depth (1,000 levels: 1 s and 300 MB), and no document needs
/// more than a few.
pub const MAX_JSON_NESTING: usize = crate::sparql_limits::MAX_NESTING;

/// Refuses a JSON body nested deeper than [`MAX_JSON_NESTING`], before any parser sees it
/// (brackets inside strings do not count).
pub fn check_json_nesting(body: impl std::io::Read) -> Result<(), PayloadError> {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, body);
    let (mut depth, mut in_string, mut escaped, mut offset) = (0usize, false, false, 0usize);
    loop {
        let chunk = reader
            .fill_buf()
            .map_err(|e| PayloadError::Syntax(format!("the body could not be read: {e}")))?;
        if chunk.is_empty() {
            return Ok(());
        }
        for (i, byte) in chunk.iter().enumerate() {
            match (in_string, escaped, byte) {
                (true, true, _) => escaped = false,
                (true, false, b'\\') => escaped = true,
                (true, false, b'"') => in_string = false,
                (false, _, b'"') => in_string = true,
                (false, _, b'{' | b'[') => {
                    depth += 1;
                    if depth > MAX_JSON_NESTING {
                        return Err(PayloadError::Syntax(format!(
                            "the JSON-LD body nests objects and arrays more than {MAX_JSON_NESTING} \
                             levels deep (byte {}): the limit accepted",
                            offset + i
                        )));
                    }
                }
                (false, _, b'}' | b']') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let n = chunk.len();
        offset += n;
        reader.consume(n);
    }
}

fn read_update(text: &str, base: &str) -> Result<Patch, PayloadError> {
    // The parser is recursive: bound the nesting (not the size: a patch may be long).
    crate::sparql_limits::check_with(text, crate::sparql_limits::MAX_NESTING, usize::MAX)
        .map_err(|e| PayloadError::Syntax(e.to_string()))?;
    let update = SparqlParser::new()
        .with_base_iri(base)
        .map_err(|e| PayloadError::Syntax(e.to_string()))?
        .parse_update(text)
        .map_err(|e| PayloadError::Syntax(format!("malformed SPARQL Update: {e}")))?;
    let mut patch = Patch::default();
    for operation in update.operations {
        match operation {
            GraphUpdateOperation::InsertData { data } => {
                for quad in data {
                    check_default_graph(&quad.graph_name)?;
                    patch
                        .add
                        .push(Triple::new(quad.subject, quad.predicate, quad.object));
                }
            }
            GraphUpdateOperation::DeleteData { data } => {
                for quad in data {
                    check_default_graph(&quad.graph_name)?;
                    let object = match quad.object {
                        GroundTerm::NamedNode(n) => Term::NamedNode(n),
                        GroundTerm::Literal(l) => Term::Literal(l),
                        #[allow(unreachable_patterns)]
                        _ => {
                            return Err(PayloadError::NotAPatch(
                                "quoted triples are not accepted".into(),
                            ))
                        }
                    };
                    patch
                        .retract
                        .push(Triple::new(quad.subject, quad.predicate, object));
                }
            }
            other => {
                return Err(PayloadError::NotAPatch(format!(
                    "a patch is made of INSERT DATA and DELETE DATA only; {} is not accepted here \
                     (administrators run any SPARQL Update on /sparql or /update)",
                    other
                        .to_string()
                        .split_whitespace()
                        .next()
                        .unwrap_or("this operation")
                )))
            }
        }
    }
    Ok(patch)
}

fn check_default_graph(graph: &UpdateGraph) -> Result<(), PayloadError> {
    match graph {
        UpdateGraph::DefaultGraph => Ok(()),
        UpdateGraph::NamedNode(g) => Err(PayloadError::NotAPatch(format!(
            "GRAPH {g} in a patch: an import is one graph of its own; state the triples without GRAPH"
        ))),
    }
}

/// Whether `iri` is absolute and well-formed (for `source` parameters).
pub fn iri(value: &str) -> Option<NamedNode> {
    NamedNode::new(value).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_ld_nested_past_the_bound_is_refused_before_parsing() {
        let deep = format!(
            "{}{}",
            "{\"@id\":\"http://e/a\",\"http://e/p\":".repeat(MAX_JSON_NESTING + 1),
            "1".to_owned() + &"}".repeat(MAX_JSON_NESTING + 1)
        );
        for read_it in [
            |b: &[u8]| read("application/ld+json", b, false, "http://e/").map(|_| ()),
            |b: &[u8]| read_graph("application/ld+json", b, "http://e/").map(|_| ()),
        ] {
            match read_it(deep.as_bytes()) {
                Err(PayloadError::Syntax(m)) => assert!(m.contains("64 levels"), "{m}"),
                other => panic!("{other:?}"),
            }
        }
        // Brackets inside strings are text.
        let quoted = format!(
            "{{\"@id\":\"http://e/a\",\"http://e/p\":\"{}\"}}",
            "[{".repeat(500)
        );
        assert_eq!(
            read("application/ld+json", quoted.as_bytes(), false, "http://e/")
                .unwrap()
                .add
                .len(),
            1
        );
        assert!(check_json_nesting(&b"[[[\"\\\"[[\"]]]"[..]).is_ok());
    }

    use super::*;

    const BASE: &str = "https://w3id.org/maillage/";

    #[test]
    fn rdf_by_media_type_with_positions_on_errors() {
        let patch = read(
            "text/turtle; charset=utf-8",
            b"<http://a> <http://p> 1 .",
            false,
            BASE,
        )
        .unwrap();
        assert_eq!(patch.add.len(), 1);
        let retract = read(
            "application/n-triples",
            b"<http://a> <http://p> <http://b> .\n",
            true,
            BASE,
        )
        .unwrap();
        assert_eq!((retract.add.len(), retract.retract.len()), (0, 1));
        let error = read(
            "text/turtle",
            b"<http://a> <http://p> 1 .\n<http://a> <http://p> .",
            false,
            BASE,
        )
        .unwrap_err();
        let PayloadError::Syntax(message) = error else {
            panic!("{error:?}")
        };
        assert!(message.contains("line 2"), "{message}");
        assert!(matches!(
            read("image/png", b"", false, BASE),
            Err(PayloadError::Unsupported(_))
        ));
    }

    #[test]
    fn sparql_update_patches() {
        let patch = read(
            SPARQL_UPDATE,
            b"INSERT DATA { <http://a> <http://p> \"x\" } ; DELETE DATA { <http://b> <http://p> <http://c> }",
            false,
            BASE,
        )
        .unwrap();
        assert_eq!((patch.add.len(), patch.retract.len()), (1, 1));
        let other = read(SPARQL_UPDATE, b"CLEAR ALL", false, BASE).unwrap_err();
        assert!(matches!(other, PayloadError::NotAPatch(_)), "{other:?}");
        let graph = read(
            SPARQL_UPDATE,
            b"INSERT DATA { GRAPH <http://g> { <http://a> <http://p> 1 } }",
            false,
            BASE,
        );
        assert!(matches!(graph, Err(PayloadError::NotAPatch(_))));
        assert!(matches!(
            read(SPARQL_UPDATE, b"INSERT DATA {", false, BASE),
            Err(PayloadError::Syntax(_))
        ));
    }
}
