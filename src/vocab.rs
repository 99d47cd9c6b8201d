//! Namespaces and IRI minting.
//!
//! Everything is minted under [`DEFAULT_BASE`]; a deployment with another base
//! rewrites IRIs once, when the graph is built (see [`Rebase`]). Extraction code
//! and the Turtle files in `ontology/` therefore only ever know the default base.

use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};

/// The stable default base of every maillage IRI.
pub const DEFAULT_BASE: &str = "https://w3id.org/maillage/";
/// maillage's own ontology terms (`mlg:`).
pub const MLG: &str = "https://w3id.org/maillage/def#";
/// Entities: `id/loi/2016-41`, `id/dispositif/cpts`, ...
pub const ID: &str = "https://w3id.org/maillage/id/";
/// Named graphs: `graph/document/{id}`, `graph/ontology`.
pub const GRAPH: &str = "https://w3id.org/maillage/graph/";

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const BIBO: &str = "http://purl.org/ontology/bibo/";
pub const FOAF: &str = "http://xmlns.com/foaf/0.1/";
pub const ELI: &str = "http://data.europa.eu/eli/ontology#";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const SCHEMA: &str = "https://schema.org/";
pub const VOID: &str = "http://rdfs.org/ns/void#";
pub const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
pub const DCAT: &str = "http://www.w3.org/ns/dcat#";

/// Prefixes used when serialising Turtle/TriG and in curated queries.
pub const PREFIXES: &[(&str, &str)] = &[
    ("mlg", MLG),
    ("id", ID),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("bibo", BIBO),
    ("foaf", FOAF),
    ("eli", ELI),
    ("org", ORG),
    ("prov", PROV),
    ("schema", SCHEMA),
    ("void", VOID),
    ("sd", SD),
    ("dcat", DCAT),
];

/// An IRI in a namespace. Panics only on a programming error (a namespace
/// constant joined with a term that is not a valid IRI suffix).
pub fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new(format!("{namespace}{local}")).expect("valid IRI")
}

/// A maillage ontology term, `mlg:{local}`.
pub fn mlg(local: &str) -> NamedNode {
    iri(MLG, local)
}

/// An entity IRI, `id/{kind}/{slug}`.
pub fn entity(kind: &str, slug: &str) -> NamedNode {
    iri(ID, &format!("{kind}/{slug}"))
}

/// The named graph of one source document.
pub fn document_graph(document_id: &str) -> NamedNode {
    iri(GRAPH, &format!("document/{document_id}"))
}

/// The named graph holding the ontology and the reference data.
pub fn ontology_graph() -> NamedNode {
    iri(GRAPH, "ontology")
}

/// A lowercase ASCII slug: accents folded, runs of other characters become `-`.
pub fn slug(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Rewrites IRIs minted under [`DEFAULT_BASE`] to a deployment's own base.
#[derive(Debug, Clone)]
pub struct Rebase {
    base: Option<String>,
}

impl Rebase {
    /// `base` must end with `/` or `#`; the default base is a no-op.
    pub fn new(base: &str) -> Self {
        Self {
            base: (base != DEFAULT_BASE).then(|| base.to_owned()),
        }
    }

    pub fn node(&self, node: NamedNode) -> NamedNode {
        match &self.base {
            Some(base) => match node.as_str().strip_prefix(DEFAULT_BASE) {
                Some(rest) => NamedNode::new_unchecked(format!("{base}{rest}")),
                None => node,
            },
            None => node,
        }
    }

    pub fn quad(&self, quad: Quad) -> Quad {
        if self.base.is_none() {
            return quad;
        }
        let subject = match quad.subject {
            NamedOrBlankNode::NamedNode(n) => NamedOrBlankNode::NamedNode(self.node(n)),
            other => other,
        };
        let object = match quad.object {
            Term::NamedNode(n) => Term::NamedNode(self.node(n)),
            other => other,
        };
        let graph_name = match quad.graph_name {
            oxigraph::model::GraphName::NamedNode(n) => self.node(n).into(),
            other => other,
        };
        Quad::new(subject, self.node(quad.predicate), object, graph_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slug("Centre de santé"), "centre-de-sante");
        assert_eq!(slug("  Loi n° 2016-41 "), "loi-n-2016-41");
        assert_eq!(slug("Île-de-France"), "ile-de-france");
    }

    #[test]
    fn rebase_rewrites_only_default_base_iris() {
        let r = Rebase::new("http://example.org/m/");
        assert_eq!(
            r.node(entity("loi", "2016-41")).as_str(),
            "http://example.org/m/id/loi/2016-41"
        );
        assert_eq!(
            r.node(iri(SKOS, "Concept")).as_str(),
            format!("{SKOS}Concept")
        );
    }
}
