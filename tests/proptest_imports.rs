//! Property tests (fuzzing on a stable toolchain) of the import parsers: what `POST
//! /imports` and the Graph Store read from a client's body, in every media type.
//!
//! Any bytes under any media type give triples or an error that says what was wrong,
//! never a panic; and triples written in any syntax are read back as exactly those
//! triples. Short runs in the suite; longer ones with `PROPTEST_CASES=100000 cargo test
//! --release --test proptest_imports`.

use maillage::curation::canonical::content_hash;
use maillage::curation::payload::{read, read_graph, PayloadError, SPARQL_UPDATE};
use maillage::curation::stream::{survey, Content, Refusal};
use maillage::curation::CurationError;
use maillage::store::GraphStore;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Literal, NamedNode, Triple};
use proptest::prelude::*;
use std::collections::BTreeSet;

const BASE: &str = "https://w3id.org/maillage/";

const MEDIA_TYPES: &[&str] = &[
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/ld+json",
    "application/rdf+xml",
    SPARQL_UPDATE,
    "text/turtle; charset=utf-8",
    "application/x-unknown",
    "",
];

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Text made of the characters that matter to RDF syntaxes and updates, plus anything.
fn rdfish() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            Just("<".to_owned()),
            Just(">".to_owned()),
            Just("_:b".to_owned()),
            Just("\"".to_owned()),
            Just("\"\"\"".to_owned()),
            Just("@prefix p: <http://e/> .".to_owned()),
            Just("@en".to_owned()),
            Just("^^".to_owned()),
            Just(" . ".to_owned()),
            Just(" ; ".to_owned()),
            Just(" , ".to_owned()),
            Just("[".to_owned()),
            Just("]".to_owned()),
            Just("(".to_owned()),
            Just(")".to_owned()),
            Just("{".to_owned()),
            Just("}".to_owned()),
            Just("<<".to_owned()),
            Just(">>".to_owned()),
            Just("INSERT DATA".to_owned()),
            Just("DELETE DATA".to_owned()),
            Just("GRAPH".to_owned()),
            Just("{\"@id\":".to_owned()),
            Just("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">".to_owned()),
            Just("\\u00e9".to_owned()),
            Just("http://e/x".to_owned()),
            "[a-z:/#]{1,8}",
            "\\PC{0,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat().into_bytes())
}

fn term_text() -> impl Strategy<Value = String> {
    "\\PC{0,12}"
}

fn triples() -> impl Strategy<Value = Vec<Triple>> {
    prop::collection::vec((0u8..20, 0u8..4, term_text(), prop::bool::ANY), 1..20).prop_map(|rows| {
        rows.into_iter()
            .map(|(s, p, text, tagged)| {
                let object = if tagged {
                    Literal::new_language_tagged_literal_unchecked(text, "fr")
                } else {
                    Literal::new_simple_literal(text)
                };
                Triple::new(
                    NamedNode::new_unchecked(format!("{BASE}id/cpts/s{s}")),
                    NamedNode::new_unchecked(format!("{BASE}def#p{p}")),
                    object,
                )
            })
            .collect()
    })
}

/// Literals with what canonical N-Quads escapes (quotes, backslashes, control characters),
/// language tags in either case, and datatypes (`xsd:string` among them).
fn literal_triples() -> impl Strategy<Value = Vec<Triple>> {
    let text = prop_oneof!["\\PC{0,12}", "[\\x00-\\x1f\\x7f\"\\\\a-zé]{0,8}"];
    let kind = prop::sample::select(vec!["", "fr", "FR-be", "string", "integer", "date"]);
    prop::collection::vec((0u8..20, 0u8..4, text, kind), 1..30).prop_map(|rows| {
        rows.into_iter()
            .map(|(s, p, text, kind)| {
                let object = match kind {
                    "" => Literal::new_simple_literal(text),
                    "fr" | "FR-be" => Literal::new_language_tagged_literal_unchecked(
                        text,
                        kind.to_ascii_lowercase(),
                    ),
                    datatype => Literal::new_typed_literal(
                        text,
                        NamedNode::new_unchecked(format!(
                            "http://www.w3.org/2001/XMLSchema#{datatype}"
                        )),
                    ),
                };
                Triple::new(
                    NamedNode::new_unchecked(format!("{BASE}id/cpts/s{s}")),
                    NamedNode::new_unchecked(format!("{BASE}def#p{p}")),
                    object,
                )
            })
            .collect()
    })
}

fn written(triples: &[Triple], format: RdfFormat) -> Vec<u8> {
    let mut writer = RdfSerializer::from_format(format).for_writer(Vec::new());
    for t in triples {
        writer.serialize_triple(t).unwrap();
    }
    writer.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn any_body_gives_triples_or_an_error_that_says_what(
        body in rdfish(),
        media in prop::sample::select(MEDIA_TYPES),
        retract in prop::bool::ANY,
    ) {
        match read(media, &body, retract, BASE) {
            Ok(patch) => prop_assert!(patch.add.is_empty() || patch.retract.is_empty() || media == SPARQL_UPDATE),
            Err(PayloadError::Unsupported(m)) => prop_assert!(
                RdfFormat::from_media_type(&m).is_none() && m != SPARQL_UPDATE,
                "{m:?} is readable"
            ),
            Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
        }
        match read_graph(media, &body, BASE) {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
        }
    }

    /// The streamed reading of an import (`curation::stream`) never panics, and any error
    /// it gives says what was wrong.
    #[test]
    fn any_body_surveyed_as_it_streams_gives_a_survey_or_a_reason(
        body in rdfish(),
        format in prop::sample::select(vec![
            RdfFormat::Turtle, RdfFormat::NTriples, RdfFormat::NQuads, RdfFormat::TriG,
            RdfFormat::RdfXml, RdfFormat::from_media_type("application/ld+json").unwrap(),
        ]),
    ) {
        let store = GraphStore::in_memory().unwrap();
        match survey(&store, &Content::Memory(body.into()), format, BASE, true, 2, |_| false) {
            Ok(_) | Err(Refusal::NeedsMemory) => {}
            Err(Refusal::Failed(CurationError::Syntax(m))) => prop_assert!(!m.trim().is_empty()),
            Err(Refusal::Failed(e)) => prop_assert!(false, "{format}: {e}"),
        }
    }

    /// Streamed, an import counts and hashes what reading it whole does: the canonical
    /// lines' hash is RDFC-1.0's (`sophia_c14n`), whatever the syntax and the literals.
    #[test]
    fn a_streamed_survey_hashes_as_the_whole_reading_does(triples in literal_triples()) {
        let store = GraphStore::in_memory().unwrap();
        for format in [RdfFormat::NTriples, RdfFormat::Turtle, RdfFormat::TriG] {
            let body = written(&triples, format);
            let whole = read(format.media_type(), &body, false, BASE)
                .map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?;
            let Ok(streamed) = survey(&store, &Content::Memory(body.into()), format, BASE, true, 3, |_| false) else {
                return Err(TestCaseError::fail(format!("{format}: the survey failed")));
            };
            prop_assert_eq!(streamed.triples, whole.add.len(), "{}", format);
            prop_assert_eq!(streamed.hash, Some(content_hash(&whole)), "{}", format);
        }
    }

    #[test]
    fn triples_written_in_any_syntax_are_read_back_exactly(triples in triples()) {
        let expected: BTreeSet<String> = triples.iter().map(ToString::to_string).collect();
        for format in [
            RdfFormat::Turtle,
            RdfFormat::NTriples,
            RdfFormat::NQuads,
            RdfFormat::TriG,
            RdfFormat::RdfXml,
            RdfFormat::from_media_type("application/ld+json").unwrap(),
        ] {
            let body = written(&triples, format);
            let patch = read(format.media_type(), &body, false, BASE)
                .map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?;
            let got: BTreeSet<String> = patch.add.iter().map(ToString::to_string).collect();
            prop_assert_eq!(&got, &expected, "{}", format);
            let retracted = read(format.media_type(), &body, true, BASE).unwrap();
            prop_assert!(retracted.add.is_empty());
            prop_assert_eq!(retracted.retract.len(), patch.add.len());
        }
    }
}
