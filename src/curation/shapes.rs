//! The SHACL shapes imports are validated against (`ontology/shapes.ttl`, served at
//! `/shapes`), compiled for rudof's validator (`shacl_validation`) once per deployment
//! base, with what the report and the data graph need beyond rudof's compiled form:
//! each shape's `sh:message` (rudof does not carry it into its results), the
//! predicates the shapes constrain (their values in the current graph join the data
//! graph), the datatype shapes (for the lexical forms rudof does not check) and the
//! one SHACL-SPARQL shape maillage evaluates itself ([`DECLARED_TERM_SHAPE`]).

use crate::vocab::{Rebase, RDF};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, Quad, Term};
use rudof_rdf::rdf_core::RDFFormat;
use rudof_rdf::rdf_impl::ReaderMode;
use shacl_ir::compiled::schema_ir::SchemaIR;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

pub const SH: &str = "http://www.w3.org/ns/shacl#";

/// The local name (in the maillage namespace) of the SHACL-SPARQL shape "every `mlg:`
/// term an import uses is declared by the ontology", which SHACL Core cannot express.
pub const DECLARED_TERM_SHAPE: &str = "DeclaredTermShape";

/// The shapes of one deployment (IRIs rebased onto its base).
pub struct Shapes {
    /// rudof's compiled shapes graph.
    pub(crate) schema: SchemaIR,
    /// `sh:message`s by shape (or SPARQL constraint) IRI, French first.
    messages: HashMap<String, Vec<Literal>>,
    /// Every predicate some `sh:path` names.
    pub(crate) paths: BTreeSet<NamedNode>,
    /// `(shape, path, datatype)` of every property shape with `sh:datatype`.
    pub(crate) datatypes: Vec<(NamedNode, NamedNode, NamedNode)>,
    /// The declared-term shape and its SPARQL constraint.
    pub(crate) declared_term: (NamedNode, NamedNode),
    /// Shapes reached through `sh:targetClass` (the node shapes and their property
    /// shapes): a node the import types is a new focus of these.
    pub(crate) class_targeted: BTreeSet<String>,
    /// `sh:targetSubjectsOf` predicates by shape.
    pub(crate) subjects_of: HashMap<String, BTreeSet<NamedNode>>,
    /// The predicates whose triples can change a result: `rdf:type`,
    /// `rdfs:subClassOf`, the paths and the target predicates. `None` when the shapes
    /// use something that reads any triple (`sh:closed`, a path that is not a
    /// predicate), so the validator must see every triple.
    pub(crate) relevant: Option<HashSet<NamedNode>>,
}

impl Shapes {
    /// The bundled shapes for the deployment whose base IRI is `base`, compiled once.
    pub fn for_base(base: &str) -> Result<Arc<Shapes>, String> {
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<Shapes>>>> = OnceLock::new();
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(shapes) = cache.get(base) {
            return Ok(shapes.clone());
        }
        let shapes = Arc::new(Self::parse(crate::bundled::SHAPES, base)?);
        cache.insert(base.to_owned(), shapes.clone());
        Ok(shapes)
    }

    /// Parses and compiles `turtle` (written against the default base) for `base`.
    pub fn parse(turtle: &str, base: &str) -> Result<Self, String> {
        let rebase = Rebase::new(base);
        let quads = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(turtle.as_bytes())
            .map(|q| q.map(|q| rebase.quad(q)))
            .collect::<Result<Vec<Quad>, _>>()
            .map_err(|e| format!("shapes.ttl: {e}"))?;
        let mut ntriples = String::new();
        for q in &quads {
            ntriples.push_str(&format!("{} {} {} .\n", q.subject, q.predicate, q.object));
        }
        let schema = SchemaIR::from_str(
            &ntriples,
            &RDFFormat::NTriples,
            None,
            &ReaderMode::default(),
        )
        .map_err(|e| format!("shapes.ttl does not compile as SHACL: {e}"))?;
        let sh = |local: &str| format!("{SH}{local}");
        let mut messages = HashMap::<String, Vec<Literal>>::new();
        let mut paths = BTreeSet::new();
        let mut by_shape = BTreeMap::<String, (Option<NamedNode>, Option<NamedNode>)>::new();
        let mut class_targeted = BTreeSet::new();
        let mut subjects_of = HashMap::<String, BTreeSet<NamedNode>>::new();
        let mut properties = Vec::new();
        let mut relevant = HashSet::from([
            NamedNode::new_unchecked(format!("{RDF}type")),
            NamedNode::new_unchecked(format!("{}subClassOf", crate::vocab::RDFS)),
        ]);
        let mut reads_any_triple = false;
        for q in &quads {
            let p = q.predicate.as_str();
            if p == sh("closed") || (p == sh("path") && !matches!(q.object, Term::NamedNode(_))) {
                reads_any_triple = true;
            }
            if [sh("path"), sh("targetSubjectsOf"), sh("targetObjectsOf")]
                .iter()
                .any(|t| t == p)
            {
                if let Term::NamedNode(n) = &q.object {
                    relevant.insert(n.clone());
                }
            }
            let subject = q.subject.to_string();
            let subject = subject.trim_start_matches('<').trim_end_matches('>');
            match (&q.object, p) {
                (Term::Literal(l), _) if p == sh("message") => messages
                    .entry(subject.to_owned())
                    .or_default()
                    .push(l.clone()),
                (Term::NamedNode(n), _) if p == sh("path") => {
                    paths.insert(n.clone());
                    by_shape.entry(subject.to_owned()).or_default().0 = Some(n.clone());
                }
                (Term::NamedNode(n), _) if p == sh("datatype") => {
                    by_shape.entry(subject.to_owned()).or_default().1 = Some(n.clone());
                }
                (_, _) if p == sh("targetClass") => {
                    class_targeted.insert(subject.to_owned());
                }
                (Term::NamedNode(n), _) if p == sh("targetSubjectsOf") => {
                    subjects_of
                        .entry(subject.to_owned())
                        .or_default()
                        .insert(n.clone());
                }
                (Term::NamedNode(n), _) if p == sh("property") => {
                    properties.push((subject.to_owned(), n.as_str().to_owned()));
                }
                _ => {}
            }
        }
        for (node, property) in properties {
            if class_targeted.contains(&node) {
                class_targeted.insert(property);
            }
        }
        for list in messages.values_mut() {
            list.sort_by_key(|l| l.language() != Some("fr"));
        }
        let datatypes = by_shape
            .into_iter()
            .filter_map(|(shape, (path, datatype))| {
                Some((NamedNode::new_unchecked(shape), path?, datatype?))
            })
            .collect();
        let mlg = rebase.node(NamedNode::new_unchecked(crate::vocab::MLG));
        let declared_term = (
            NamedNode::new_unchecked(format!("{}{DECLARED_TERM_SHAPE}", mlg.as_str())),
            NamedNode::new_unchecked(format!("{}{DECLARED_TERM_SHAPE}-sparql", mlg.as_str())),
        );
        paths.insert(NamedNode::new_unchecked(format!("{RDF}type")));
        Ok(Self {
            schema,
            messages,
            paths,
            datatypes,
            declared_term,
            class_targeted,
            subjects_of,
            relevant: (!reads_any_triple).then_some(relevant),
        })
    }

    /// The `sh:message`s of a shape (French first), none when it has none.
    pub fn messages(&self, shape: &str) -> &[Literal] {
        self.messages.get(shape).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{MLG, RDFS, XSD};
    use std::collections::BTreeSet;

    /// The domain, range and datatype shapes are the ontology's `rdfs:domain` and
    /// `rdfs:range`, inherited along `rdfs:subPropertyOf`: derived here from
    /// `ontology/maillage.ttl` and compared with `shapes.ttl`, so that neither drifts.
    #[test]
    fn domain_range_and_datatype_shapes_are_the_ontology() {
        let parse = |text: &str| -> Vec<(String, String, String)> {
            RdfParser::from_format(RdfFormat::Turtle)
                .for_slice(text.as_bytes())
                .map(|q| {
                    let q = q.unwrap();
                    let bare = |s: String| s.trim_matches(|c| c == '<' || c == '>').to_owned();
                    (
                        bare(q.subject.to_string()),
                        q.predicate.as_str().to_owned(),
                        bare(q.object.to_string()),
                    )
                })
                .collect()
        };
        let ontology = parse(include_str!("../../ontology/maillage.ttl"));
        let objects = |s: &str, p: &str| -> Vec<String> {
            ontology
                .iter()
                .filter(|t| t.0 == s && t.1 == p)
                .map(|t| t.2.clone())
                .collect()
        };
        // Each property with itself and every super-property, then their domains and ranges.
        let properties: BTreeSet<String> = ontology
            .iter()
            .filter(|t| {
                t.1 == format!("{RDFS}domain")
                    || t.1 == format!("{RDFS}range")
                    || t.1 == format!("{RDFS}subPropertyOf")
            })
            .map(|t| t.0.clone())
            .collect();
        let mut expected = BTreeSet::new();
        for p in &properties {
            let mut supers = vec![p.clone()];
            let mut i = 0;
            while i < supers.len() {
                for s in objects(&supers[i], &format!("{RDFS}subPropertyOf")) {
                    if !supers.contains(&s) {
                        supers.push(s);
                    }
                }
                i += 1;
            }
            for s in &supers {
                for c in objects(s, &format!("{RDFS}domain")) {
                    expected.insert(("domain", p.clone(), c));
                }
                for c in objects(s, &format!("{RDFS}range")) {
                    let kind = if c.starts_with(XSD) {
                        "datatype"
                    } else {
                        "range"
                    };
                    expected.insert((kind, p.clone(), c));
                }
            }
        }
        let shapes = parse(crate::bundled::SHAPES);
        let of = |s: &str, local: &str| -> Vec<String> {
            shapes
                .iter()
                .filter(|t| t.0 == s && t.1 == format!("{SH}{local}"))
                .map(|t| t.2.clone())
                .collect()
        };
        let mut found = BTreeSet::new();
        let named: BTreeSet<&String> = shapes.iter().map(|t| &t.0).collect();
        for shape in named {
            let Some(local) = shape.strip_prefix(MLG) else {
                continue;
            };
            let kind = if local.starts_with("DomainShape-") {
                "domain"
            } else if local.starts_with("RangeShape-") {
                "range"
            } else if local.starts_with("DatatypeShape-") {
                "datatype"
            } else {
                continue;
            };
            let constraint = of(
                shape,
                if kind == "datatype" {
                    "datatype"
                } else {
                    "class"
                },
            );
            assert_eq!(constraint.len(), 1, "{shape}");
            for p in of(shape, "targetSubjectsOf") {
                if kind != "domain" {
                    assert_eq!(of(shape, "path"), vec![p.clone()], "{shape}");
                }
                found.insert((kind, p, constraint[0].clone()));
            }
        }
        let missing: Vec<_> = expected.difference(&found).collect();
        let extra: Vec<_> = found.difference(&expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "shapes.ttl and the ontology disagree: missing {missing:#?}, extra {extra:#?}"
        );
    }

    #[test]
    fn the_bundled_shapes_compile_with_messages_on_every_shape() {
        let shapes = Shapes::parse(crate::bundled::SHAPES, crate::vocab::DEFAULT_BASE).unwrap();
        assert!(shapes.schema.iter_with_targets().count() > 30);
        for (id, shape) in shapes.schema.iter() {
            let id = id.to_string();
            let id = id.trim_matches(|c| c == '<' || c == '>');
            let has_own = !shapes.messages(id).is_empty() || id == shapes.declared_term.0.as_str();
            assert!(
                has_own || !shape.property_shapes().is_empty(),
                "{id} has no sh:message"
            );
        }
        assert!(shapes
            .datatypes
            .iter()
            .any(|(s, _, d)| s.as_str().ends_with("DatatypeShape-line")
                && d.as_str().ends_with("integer")));
    }
}
