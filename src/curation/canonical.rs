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
}
