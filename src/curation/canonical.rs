//! The content hash of an import: SHA-256 of its canonical N-Quads (W3C RDF Dataset
//! Canonicalization, RDFC-1.0, by `sophia_c14n`), the additions in one graph and the
//! retractions in another. Two payloads that differ only in blank-node labels, in order
//! or in repeated triples have the same hash, so a re-sent import is recognised.
//!
//! RDFC-1.0 bounds its work on blank-node-heavy ("toxic") graphs; past the bound, and for
//! RDF 1.2 triple terms, which it does not cover, the hash falls back to the sorted
//! N-Triples lines with their blank-node labels as sent (marked `labels:` so the two
//! kinds never compare equal).

use super::payload::Patch;
use super::tokens;
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use sha2::{Digest, Sha256};
use sophia_api::term::{BnodeId, IriRef, LanguageTag, SimpleTerm};
use sophia_api::MownStr;
use std::collections::BTreeSet;

/// The graphs the additions and the retractions are canonicalised in.
const ADDED: &str = "urn:maillage:patch:add";
const RETRACTED: &str = "urn:maillage:patch:retract";

type SophiaQuad<'a> = ([SimpleTerm<'a>; 3], Option<SimpleTerm<'a>>);

/// The hash recorded with an import and compared to find duplicates (hex).
pub fn content_hash(patch: &Patch) -> String {
    match canonical_nquads(patch) {
        Some(nquads) => tokens::hex(&Sha256::digest(nquads)),
        None => format!("labels:{}", labelled_hash(patch)),
    }
}

/// The patch as canonical N-Quads, or `None` when RDFC-1.0 does not apply.
pub fn canonical_nquads(patch: &Patch) -> Option<Vec<u8>> {
    let mut dataset: BTreeSet<SophiaQuad<'_>> = BTreeSet::new();
    for (graph, triples) in [(ADDED, &patch.add), (RETRACTED, &patch.retract)] {
        for t in triples.iter() {
            let quad = [
                subject(&t.subject),
                iri(t.predicate.as_str()),
                term(&t.object)?,
            ];
            dataset.insert((quad, Some(iri(graph))));
        }
    }
    let mut out = Vec::new();
    sophia_c14n::rdfc10::normalize(&dataset, &mut out).ok()?;
    Some(out)
}

fn iri(value: &str) -> SimpleTerm<'_> {
    SimpleTerm::Iri(IriRef::new_unchecked(MownStr::from_ref(value)))
}

fn subject(subject: &NamedOrBlankNode) -> SimpleTerm<'_> {
    match subject {
        NamedOrBlankNode::NamedNode(n) => iri(n.as_str()),
        NamedOrBlankNode::BlankNode(b) => blank(b.as_str()),
    }
}

fn blank(label: &str) -> SimpleTerm<'_> {
    SimpleTerm::BlankNode(BnodeId::new_unchecked(MownStr::from_ref(label)))
}

fn term(term: &Term) -> Option<SimpleTerm<'_>> {
    Some(match term {
        Term::NamedNode(n) => iri(n.as_str()),
        Term::BlankNode(b) => {
            SimpleTerm::BlankNode(BnodeId::new_unchecked(MownStr::from_ref(b.as_str())))
        }
        Term::Literal(l) => match l.language() {
            Some(lang) => SimpleTerm::LiteralLanguage(
                MownStr::from_ref(l.value()),
                LanguageTag::new_unchecked(MownStr::from_ref(lang)),
                None,
            ),
            None => SimpleTerm::LiteralDatatype(
                MownStr::from_ref(l.value()),
                IriRef::new_unchecked(MownStr::from_ref(l.datatype().as_str())),
            ),
        },
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

/// The additions of a patch without blank nodes, gathered one triple at a time, whose
/// [`CanonicalLines::hash`] equals [`content_hash`] of the same additions: with no blank
/// node to label, RDFC-1.0's canonical form is each quad in canonical N-Quads, sorted by
/// code point, without repeats. The lines are kept in one text (about the size of an
/// N-Triples body), not as triples, so a streamed import holds its content once.
#[derive(Debug, Default)]
pub struct CanonicalLines {
    text: String,
    /// Where each line starts in `text` (each line ends where the next starts).
    starts: Vec<usize>,
}

impl CanonicalLines {
    /// Adds a triple; `None` for a blank node or a triple term (RDFC-1.0's labelling, or
    /// the fallback, is needed: see [`content_hash`]).
    pub fn push(&mut self, t: &Triple) -> Option<()> {
        let start = self.text.len();
        let written = (|| {
            match &t.subject {
                NamedOrBlankNode::NamedNode(n) => nq_iri(n.as_str(), &mut self.text),
                NamedOrBlankNode::BlankNode(_) => return None,
            }
            self.text.push(' ');
            nq_iri(t.predicate.as_str(), &mut self.text);
            self.text.push(' ');
            match &t.object {
                Term::NamedNode(n) => nq_iri(n.as_str(), &mut self.text),
                Term::Literal(l) => nq_literal(l, &mut self.text),
                _ => return None,
            }
            Some(())
        })();
        if written.is_none() {
            self.text.truncate(start);
            return None;
        }
        self.starts.push(start);
        Some(())
    }

    /// The content hash of the additions gathered, as [`content_hash`] gives it.
    pub fn hash(self) -> String {
        let line = |i: usize| {
            let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
            &self.text[self.starts[i]..end]
        };
        let mut order: Vec<usize> = (0..self.starts.len()).collect();
        order.sort_unstable_by(|a, b| line(*a).cmp(line(*b)));
        order.dedup_by(|a, b| line(*a) == line(*b));
        let mut hasher = Sha256::new();
        let suffix = format!(" <{ADDED}> .\n");
        for i in order {
            hasher.update(line(i));
            hasher.update(&suffix);
        }
        tokens::hex(&hasher.finalize())
    }
}

/// An IRI in canonical N-Quads.
fn nq_iri(iri: &str, out: &mut String) {
    out.push('<');
    out.push_str(iri);
    out.push('>');
}

/// A literal in canonical N-Quads (RDFC-1.0 § 4.1: the escapes of N-Quads' canonical
/// form, lower-case language tags, no `xsd:string` datatype).
fn nq_literal(l: &oxigraph::model::Literal, out: &mut String) {
    use std::fmt::Write;
    out.push('"');
    for c in l.value().chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x7f' => out.push_str("\\u007F"),
            c if c <= '\x1f' => {
                let _ = write!(out, "\\u{:04X}", c as u8);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    if let Some(lang) = l.language() {
        out.push('@');
        out.push_str(&lang.to_ascii_lowercase());
    } else if l.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" {
        out.push_str("^^");
        nq_iri(l.datatype().as_str(), out);
    }
}

/// SHA-256 of the sorted N-Triples lines of the additions, then of the retractions.
fn labelled_hash(patch: &Patch) -> String {
    let lines = |triples: &[Triple]| {
        let mut lines: Vec<String> = triples.iter().map(|t| format!("{t} .\n")).collect();
        lines.sort();
        lines.dedup();
        lines.concat()
    };
    let mut hasher = Sha256::new();
    hasher.update(lines(&patch.add));
    hasher.update("# retract\n");
    hasher.update(lines(&patch.retract));
    tokens::hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal, NamedNode};

    fn patch(label: &str, order_reversed: bool) -> Patch {
        let b = BlankNode::new(label).unwrap();
        let p = NamedNode::new("urn:p").unwrap();
        let mut add = vec![
            Triple::new(NamedNode::new("urn:s").unwrap(), p.clone(), b.clone()),
            Triple::new(
                b,
                p,
                Literal::new_language_tagged_literal("cpts", "fr").unwrap(),
            ),
        ];
        if order_reversed {
            add.reverse();
        }
        Patch {
            add,
            retract: Vec::new(),
        }
    }

    #[test]
    fn blank_node_labels_and_order_do_not_change_the_hash() {
        let a = content_hash(&patch("x", false));
        assert_eq!(a, content_hash(&patch("another", true)));
        assert_eq!(a.len(), 64, "{a}");
        let nquads = String::from_utf8(canonical_nquads(&patch("x", false)).unwrap()).unwrap();
        assert!(nquads.contains("_:c14n0"), "{nquads}");
        // Retracting is not adding.
        let mut retracted = patch("x", false);
        std::mem::swap(&mut retracted.add, &mut retracted.retract);
        assert_ne!(a, content_hash(&retracted));
    }

    #[test]
    fn lines_gathered_one_by_one_hash_as_rdfc10_does() {
        let s = NamedNode::new("urn:s").unwrap();
        let p = NamedNode::new("http://example.org/p").unwrap();
        let mut add: Vec<Triple> = [
            Literal::new_simple_literal("quote \" backslash \\ nl \n cr \r tab \t"),
            Literal::new_simple_literal("bell \x07 bs \x08 ff \x0c vt \x0b us \x1f del \x7f é 😀"),
            Literal::new_simple_literal(""),
            Literal::new_language_tagged_literal("Santé", "FR-fr").unwrap(),
            Literal::new_typed_literal(
                "2016-01-26",
                NamedNode::new("http://www.w3.org/2001/XMLSchema#date").unwrap(),
            ),
            Literal::new_typed_literal(
                "x",
                NamedNode::new("http://www.w3.org/2001/XMLSchema#string").unwrap(),
            ),
            Literal::new_simple_literal("a"),
            Literal::new_language_tagged_literal("a", "en").unwrap(),
            Literal::new_language_tagged_literal("a", "en-us").unwrap(),
        ]
        .into_iter()
        .map(|l| Triple::new(s.clone(), p.clone(), l))
        .collect();
        add.push(Triple::new(
            s.clone(),
            p.clone(),
            NamedNode::new("urn:o").unwrap(),
        ));
        add.push(Triple::new(
            NamedNode::new("urn:a").unwrap(),
            p.clone(),
            s.clone(),
        ));
        // Repeated, and in an order that is not the canonical one.
        add.push(add[3].clone());
        add.reverse();
        let mut lines = CanonicalLines::default();
        for t in &add {
            lines.push(t).unwrap();
        }
        let patch = Patch {
            add,
            retract: Vec::new(),
        };
        assert_eq!(lines.hash(), content_hash(&patch));
        // Blank nodes need RDFC-1.0's labelling.
        let mut lines = CanonicalLines::default();
        assert!(lines
            .push(&Triple::new(BlankNode::default(), p, s))
            .is_none());
        assert!(lines.starts.is_empty() && lines.text.is_empty());
    }
}
