//! Validation of an import with rudof's SHACL validator (`shacl_validation`), against
//! the shapes of `ontology/shapes.ttl` ([`super::shapes`]), the import seen together
//! with the current graph (a relation to a dispositif defined elsewhere is fine).
//!
//! The data graph rudof validates is the import plus the part of the current graph
//! the shapes can reach from it, never the whole store: for every IRI the import
//! names, its current `rdf:type`s and its values for the predicates the shapes
//! constrain (`sh:path`); the types of those values; and the ontology's class
//! hierarchy, transitively closed (`sh:class` follows `rdfs:subClassOf` in the data
//! graph, and rudof's native engine follows one level only). The context is read by
//! batched SPARQL through the store's one query entry point.
//!
//! Two checks stay here, beside rudof: terms of the maillage namespace that the
//! ontology does not declare (the SHACL-SPARQL shape `mlg:DeclaredTermShape`; SHACL
//! Core cannot say it and rudof runs SHACL Core), and the lexical forms of the
//! datatypes whose literals rudof does not parse (`xsd:date`, `xsd:gYear`…; rudof
//! checks `xsd:integer`, `xsd:decimal`, `xsd:dateTime` and the other numeric ones),
//! reported under the datatype shape that asks for them.

use super::shapes::{Shapes, SH};
use super::CurationError;
use crate::store::{GraphStore, QueryOptions, StoreError};
use crate::vocab::{RDF, RDFS, XSD};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::QueryResults;
use rudof_rdf::rdf_core::SHACLPath;
use rudof_rdf::rdf_impl::InMemoryGraph;
use shacl_validation::shacl_processor::{GraphValidation, ShaclProcessor, ShaclValidationMode};
use shacl_validation::store::Graph;
use std::collections::{BTreeSet, HashSet};
use std::str::FromStr;

/// One result of the validation: what a `sh:result` of the report says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    pub focus: Term,
    pub path: Option<NamedNode>,
    pub value: Option<Term>,
    /// The SHACL constraint component (`sh:ClassConstraintComponent`…).
    pub component: NamedNode,
    /// The shape whose constraint the focus node breaks.
    pub shape: Option<NamedNode>,
    /// `sh:Violation`, `sh:Warning` or `sh:Info`.
    pub severity: NamedNode,
    /// For people: the shape's `sh:message`s (French first), else the validator's.
    pub messages: Vec<Literal>,
}

impl Violation {
    /// The component's local name (`ClassConstraintComponent`).
    pub fn component_name(&self) -> &str {
        self.component
            .as_str()
            .strip_prefix(SH)
            .unwrap_or(self.component.as_str())
    }
}

/// What validation reads from the ontology in the current state, kept until a write
/// touches the schema.
pub struct Ontology {
    mlg: String,
    /// Every `mlg:` IRI that is the subject of a triple in the current state.
    declared: HashSet<String>,
    /// `rdfs:subClassOf`, transitively closed (IRIs only).
    subclass_closure: Vec<(NamedNode, NamedNode)>,
}

/// Whether an import touches the schema (so the cached [`Ontology`] must be read again).
pub fn touches_schema(add: &[Triple]) -> bool {
    use crate::vocab::OWL;
    add.iter().any(|t| {
        let p = t.predicate.as_str();
        p.starts_with(RDFS) || p.starts_with(OWL)
    })
}

impl Ontology {
    /// Reads the ontology from the current state; `mlg` is the deployment's namespace.
    pub fn read(store: &GraphStore, mlg: &str) -> Result<Self, StoreError> {
        let declared = super::rows(
            store,
            &format!(
                "SELECT DISTINCT ?t WHERE {{ ?t ?p ?o FILTER(STRSTARTS(STR(?t), \"{mlg}\")) }}"
            ),
        )?
        .into_iter()
        .filter_map(|mut r| r.swap_remove(0))
        .collect();
        let subclass_closure = super::rows(
            store,
            &format!(
                "SELECT DISTINCT ?c ?s WHERE {{ ?c <{RDFS}subClassOf>+ ?s FILTER(isIRI(?c) && isIRI(?s)) }}"
            ),
        )?
        .into_iter()
        .filter_map(|r| match (&r[0], &r[1]) {
            (Some(c), Some(s)) => Some((NamedNode::new_unchecked(c), NamedNode::new_unchecked(s))),
            _ => None,
        })
        .collect();
        Ok(Self {
            mlg: mlg.to_owned(),
            declared,
            subclass_closure,
        })
    }
}

/// Validates the triples an import adds, with the current graph as context.
///
/// `known`: triples the import states elsewhere that the shapes may read from `add`'s
/// values (a streamed import validated part by part gives each part the types the import
/// gives the nodes it names; `add` must then hold every triple the import states about
/// its subjects). Empty for an import validated whole.
pub fn validate(
    store: &GraphStore,
    add: &[Triple],
    known: &[Triple],
    ontology: &Ontology,
    shapes: &Shapes,
) -> Result<Vec<Violation>, CurationError> {
    let mut violations = per_triple(add, ontology, shapes);
    if violations.iter().any(is_triple_term) {
        return Ok(violations);
    }
    violations.extend(shacl(store, add, known, ontology, shapes)?);
    Ok(violations)
}

/// The checks that read one triple at a time: undeclared `mlg:` terms, triple terms
/// (rudof's terms have none: refused before it sees them) and lexical forms.
fn per_triple(add: &[Triple], ontology: &Ontology, shapes: &Shapes) -> Vec<Violation> {
    let mut violations = declared_terms(add, ontology, shapes);
    if let Some(v) = triple_terms(add, shapes) {
        violations.push(v);
        return violations;
    }
    violations.extend(lexical_forms(add, shapes));
    violations
}

/// Whether a violation is the refusal of a triple term (nothing else is validated then).
fn is_triple_term(v: &Violation) -> bool {
    matches!(v.value, Some(Term::Triple(_)))
}

/// rudof's SHACL validation of `add` with the current graph as context, plus `known`
/// (see [`validate`]).
fn shacl(
    store: &GraphStore,
    add: &[Triple],
    known: &[Triple],
    ontology: &Ontology,
    shapes: &Shapes,
) -> Result<Vec<Violation>, CurationError> {
    let started = std::time::Instant::now();
    let mut data = InMemoryGraph::new();
    // Only the triples the shapes can read: the others cannot change a result.
    for t in add.iter().filter(|t| {
        shapes
            .relevant
            .as_ref()
            .is_none_or(|r| r.contains(&t.predicate))
    }) {
        insert(&mut data, t);
    }
    let rdfs_subclass = NamedNode::new_unchecked(format!("{RDFS}subClassOf"));
    for (c, s) in &ontology.subclass_closure {
        insert(
            &mut data,
            &Triple::new(c.clone(), rdfs_subclass.clone(), s.clone()),
        );
    }
    let graph_ms = started.elapsed().as_millis() as u64;
    let mut context = context(store, add, shapes)?;
    context.extend_from_slice(known);
    for t in &context {
        insert(&mut data, t);
    }
    let context_ms = started.elapsed().as_millis() as u64 - graph_ms;
    let results = rudof(data, shapes)?;
    tracing::debug!(
        graph_ms,
        context_ms,
        context = context.len(),
        rudof_ms = started.elapsed().as_millis() as u64 - graph_ms - context_ms,
        results = results.len(),
        "shacl validation"
    );
    Ok(of_the_import(results, add, &context, shapes))
}

fn insert(data: &mut InMemoryGraph, t: &Triple) {
    // Infallible for InMemoryGraph (an insertion into an oxrdf graph).
    let _ = data.add_triple_ref(&t.subject, &t.predicate, &t.object);
}

/// Runs rudof's native SHACL Core engine on `data`.
fn rudof(data: InMemoryGraph, shapes: &Shapes) -> Result<Vec<Violation>, CurationError> {
    let graph = Graph::from_graph(data).map_err(|e| validator_error(&e))?;
    let mut processor = GraphValidation::from_graph(graph, ShaclValidationMode::Native);
    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        processor.validate(&shapes.schema)
    }))
    .map_err(|_| CurationError::Invalid("the SHACL validator failed on this import".into()))?
    .map_err(|e| validator_error(&e))?;
    let mut out = Vec::new();
    for r in report.results() {
        let shape = r.source().and_then(|s| match Term::from(s.clone()) {
            Term::NamedNode(n) => Some(n),
            _ => None,
        });
        let path = match r.path() {
            Some(SHACLPath::Predicate { pred }) => Some(NamedNode::new_unchecked(pred.as_str())),
            _ => None,
        };
        let mut messages = shape
            .as_ref()
            .map(|s| shapes.messages(s.as_str()).to_vec())
            .unwrap_or_default();
        if messages.is_empty() {
            // A property shape nested in a node shape without its own message.
            messages.extend(
                r.message()
                    .map(|m| Literal::new_language_tagged_literal_unchecked(m, "en")),
            );
        }
        let component = component(r.component().clone());
        out.push(Violation {
            focus: Term::from(r.focus_node().clone()),
            path,
            value: r.value().map(|v| Term::from(v.clone())),
            component,
            shape,
            severity: NamedNode::new_unchecked(r.severity().to_iri().as_str()),
            messages,
        });
    }
    Ok(out)
}

/// The constraint component of a result. rudof names the constraint's parameter
/// (`sh:class`, `sh:minCount`) where SHACL names its component
/// (`sh:ClassConstraintComponent`, `sh:MinCountConstraintComponent`): mapped back.
fn component(rudof: rudof_rdf::rdf_core::term::Object) -> NamedNode {
    let iri = match Term::from(rudof) {
        Term::NamedNode(n) => n.into_string(),
        other => other.to_string(),
    };
    let local = iri.strip_prefix(SH).unwrap_or(&iri);
    if local.ends_with("ConstraintComponent") {
        return NamedNode::new_unchecked(format!("{SH}{local}"));
    }
    let local = match local {
        "qualifiedValueShape" | "qualifiedMinCount" => "qualifiedMinCount",
        "qualifiedMaxCount" => "qualifiedMaxCount",
        other => other,
    };
    let mut chars = local.chars();
    let capitalised: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect();
    NamedNode::new_unchecked(format!("{SH}{capitalised}ConstraintComponent"))
}

/// The results the import is answerable for. The data graph holds part of the current
/// graph, where the import's nodes may already break a shape (or seem to, seen in
/// part); only what the import's additions can break is kept. A focus node is new to a
/// shape when the import types a node the current graph does not, and the shape is
/// reached by `sh:targetClass`, or when the import states a triple of one of the
/// shape's `sh:targetSubjectsOf` predicates about a node the current graph states none
/// of; a result is the import's when its focus is new to its shape,
/// or when the import states the value it names (a path and a value) or a value of
/// its path (a cardinality).
fn of_the_import(
    results: Vec<Violation>,
    add: &[Triple],
    context: &[Triple],
    shapes: &Shapes,
) -> Vec<Violation> {
    if results.is_empty() {
        return results;
    }
    let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
    let typed: HashSet<Term> = add
        .iter()
        .filter(|t| t.predicate == rdf_type)
        .map(|t| t.subject.clone().into())
        .collect();
    let stated: HashSet<(Term, &NamedNode, &Term)> = add
        .iter()
        .map(|t| (t.subject.clone().into(), &t.predicate, &t.object))
        .collect();
    let valued: HashSet<(Term, &NamedNode)> = add
        .iter()
        .map(|t| (t.subject.clone().into(), &t.predicate))
        .collect();
    let stored: HashSet<(Term, &NamedNode)> = context
        .iter()
        .map(|t| (t.subject.clone().into(), &t.predicate))
        .collect();
    results
        .into_iter()
        .filter(|r| {
            let shape = r.shape.as_ref().map_or("", |s| s.as_str());
            fn pair<'p>(focus: &Term, p: &'p NamedNode) -> (Term, &'p NamedNode) {
                (focus.clone(), p)
            }
            let focus_of = |p| pair(&r.focus, p);
            let new_focus = (typed.contains(&r.focus)
                && shapes.class_targeted.contains(shape)
                && !stored.contains(&focus_of(&rdf_type)))
                || shapes.subjects_of.get(shape).is_some_and(|ps| {
                    ps.iter().any(|p| valued.contains(&focus_of(p)))
                        && !ps.iter().any(|p| stored.contains(&focus_of(p)))
                });
            new_focus
                || match (&r.path, &r.value) {
                    (Some(p), Some(v)) => stated.contains(&(r.focus.clone(), p, v)),
                    (Some(p), None) => valued.contains(&(r.focus.clone(), p)),
                    (None, _) => false,
                }
        })
        .collect()
}

fn validator_error(e: &impl std::fmt::Display) -> CurationError {
    CurationError::Invalid(format!("the SHACL validator failed on this import: {e}"))
}

/// The current graph's part that the shapes can reach from the import: each IRI's types
/// and constrained values, then the types of those values. Batched SPARQL SELECTs.
fn context(store: &GraphStore, add: &[Triple], shapes: &Shapes) -> Result<Vec<Triple>, StoreError> {
    let mut named = BTreeSet::<&NamedNode>::new();
    for t in add {
        if let NamedOrBlankNode::NamedNode(s) = &t.subject {
            named.insert(s);
        }
        if let Term::NamedNode(o) = &t.object {
            named.insert(o);
        }
    }
    let predicates: Vec<String> = shapes.paths.iter().map(|p| p.to_string()).collect();
    let found = batched(store, named.iter().copied(), &predicates.join(", "))?;
    let seen: HashSet<&NamedNode> = named.iter().copied().collect();
    let values: BTreeSet<&NamedNode> = found
        .iter()
        .filter_map(|t| match &t.object {
            Term::NamedNode(o) if !seen.contains(o) => Some(o),
            _ => None,
        })
        .collect();
    let types = batched(store, values.into_iter(), &format!("<{RDF}type>"))?;
    Ok(found.into_iter().chain(types).collect())
}

/// `?s ?p ?o` in the current state for the given subjects, `?p` among `predicates`.
fn batched<'a>(
    store: &GraphStore,
    subjects: impl Iterator<Item = &'a NamedNode>,
    predicates: &str,
) -> Result<Vec<Triple>, StoreError> {
    const BATCH: usize = 2_000;
    let subjects: Vec<&NamedNode> = subjects.collect();
    let mut out = Vec::new();
    for chunk in subjects.chunks(BATCH) {
        let mut values = String::with_capacity(chunk.len() * 64);
        for s in chunk {
            values.push_str(&s.to_string());
            values.push(' ');
        }
        let query = format!(
            "SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o FILTER(?p IN ({predicates})) }}"
        );
        let QueryResults::Solutions(solutions) =
            store.query_text(&query, &QueryOptions::default())?
        else {
            continue;
        };
        for solution in solutions {
            let solution = solution?;
            if let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) =
                (solution.get("s"), solution.get("p"), solution.get("o"))
            {
                if !matches!(o, Term::Triple(_)) {
                    out.push(Triple::new(s.clone(), p.clone(), o.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// `mlg:DeclaredTermShape`: every maillage term the import uses (subject, predicate or
/// object) is declared by the ontology.
fn declared_terms(add: &[Triple], ontology: &Ontology, shapes: &Shapes) -> Vec<Violation> {
    let (shape, constraint) = &shapes.declared_term;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for t in add {
        let subject = match &t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
            _ => None,
        };
        let object = match &t.object {
            Term::NamedNode(n) => Some(n.as_str()),
            _ => None,
        };
        for iri in [subject, Some(t.predicate.as_str()), object]
            .into_iter()
            .flatten()
        {
            if iri.starts_with(&ontology.mlg)
                && !ontology.declared.contains(iri)
                && seen.insert((t.subject.clone(), iri.to_owned()))
            {
                out.push(Violation {
                    focus: t.subject.clone().into(),
                    path: Some(t.predicate.clone()),
                    value: Some(NamedNode::new_unchecked(iri).into()),
                    component: NamedNode::new_unchecked(format!("{SH}SPARQLConstraintComponent")),
                    shape: Some(shape.clone()),
                    severity: NamedNode::new_unchecked(format!("{SH}Violation")),
                    messages: shapes.messages(constraint.as_str()).to_vec(),
                });
            }
        }
    }
    out
}

/// Triple terms (RDF 1.2) have no place in maillage's model; refused up front.
fn triple_terms(add: &[Triple], shapes: &Shapes) -> Option<Violation> {
    let t = add.iter().find(|t| matches!(t.object, Term::Triple(_)))?;
    Some(Violation {
        focus: t.subject.clone().into(),
        path: Some(t.predicate.clone()),
        value: Some(t.object.clone()),
        component: NamedNode::new_unchecked(format!("{SH}NodeKindConstraintComponent")),
        shape: Some(shapes.declared_term.0.clone()),
        severity: NamedNode::new_unchecked(format!("{SH}Violation")),
        messages: vec![
            Literal::new_language_tagged_literal_unchecked(
                "un triplet ne peut pas être l'objet d'un triplet (RDF 1.2) dans maillage",
                "fr",
            ),
            Literal::new_language_tagged_literal_unchecked(
                "a triple term (RDF 1.2) cannot be an object in maillage",
                "en",
            ),
        ],
    })
}

/// The lexical forms rudof leaves unchecked: for each datatype shape, a value of its
/// datatype that is not a valid lexical form of it (`"2021-13-45"^^xsd:date`).
fn lexical_forms(add: &[Triple], shapes: &Shapes) -> Vec<Violation> {
    let mut out = Vec::new();
    for (shape, path, datatype) in &shapes.datatypes {
        let Some(local) = datatype.as_str().strip_prefix(XSD) else {
            continue;
        };
        for t in add.iter().filter(|t| &t.predicate == path) {
            let Term::Literal(l) = &t.object else {
                continue;
            };
            if l.datatype() != datatype.as_ref() || valid_lexical_form(l.value(), local) {
                continue;
            }
            out.push(Violation {
                focus: t.subject.clone().into(),
                path: Some(path.clone()),
                value: Some(t.object.clone()),
                component: NamedNode::new_unchecked(format!("{SH}DatatypeConstraintComponent")),
                shape: Some(shape.clone()),
                severity: NamedNode::new_unchecked(format!("{SH}Violation")),
                messages: shapes.messages(shape.as_str()).to_vec(),
            });
        }
    }
    out
}

/// Whether `value` is a valid lexical form of `xsd:{datatype}`, for the datatypes rudof
/// does not parse; `true` for the others (rudof's, and those no one checks).
fn valid_lexical_form(value: &str, datatype: &str) -> bool {
    use oxsdatatypes::{Date, Duration, GDay, GMonth, GMonthDay, GYear, GYearMonth, Time};
    match datatype {
        "date" => Date::from_str(value).is_ok(),
        "time" => Time::from_str(value).is_ok(),
        "gYear" => GYear::from_str(value).is_ok(),
        "gYearMonth" => GYearMonth::from_str(value).is_ok(),
        "gMonthDay" => GMonthDay::from_str(value).is_ok(),
        "gMonth" => GMonth::from_str(value).is_ok(),
        "gDay" => GDay::from_str(value).is_ok(),
        "duration" => Duration::from_str(value).is_ok(),
        _ => true,
    }
}
