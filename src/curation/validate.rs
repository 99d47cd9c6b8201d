//! Validation of an import against the ontology, seen together with the
//! current graph (a relation to a dispositif defined elsewhere is fine).
//!
//! The constraints are those of `ontology/shapes.ttl`, read from the
//! ontology in the store: maillage terms must be declared; `rdfs:domain` and
//! `rdfs:range` (inherited along `rdfs:subPropertyOf`) give the kinds of
//! things a property relates, `rdfs:subClassOf` their subkinds; an `xsd:`
//! range gives a literal's datatype and lexical form; fact nodes
//! (`rdf:Statement`) and evidence nodes carry their required fields. Each
//! violation names its focus node, path, value and SHACL constraint component,
//! so it reads as a `sh:ValidationReport` ([`super::report`]).

use crate::store::{GraphStore, StoreError};
use crate::vocab::{PROV, RDF, RDFS, XSD};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;

/// One constraint a node breaks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    pub focus: Term,
    pub path: Option<NamedNode>,
    pub value: Option<Term>,
    /// Local name of the SHACL constraint component (`ClassConstraintComponent`…).
    pub component: &'static str,
    pub message: String,
}

/// Violations in the order found, each once.
#[derive(Default)]
struct Violations(Vec<Violation>);

impl Violations {
    fn insert(&mut self, v: Violation) {
        if !self.0.contains(&v) {
            self.0.push(v);
        }
    }
}

/// What the ontology says, read from the current state.
pub struct Ontology {
    mlg: String,
    declared: BTreeSet<String>,
    domains: BTreeMap<String, BTreeSet<String>>,
    ranges: BTreeMap<String, BTreeSet<String>>,
    /// Class → itself and every superclass.
    supers: BTreeMap<String, BTreeSet<String>>,
}

/// Whether an import touches the schema (so the cached [`Ontology`] must be read again).
pub fn touches_schema(add: &[Triple]) -> bool {
    use crate::vocab::OWL;
    add.iter().any(|t| {
        let p = t.predicate.as_str();
        p.starts_with(RDFS) || p.starts_with(OWL)
    })
}

/// Validates the triples an import adds against `ontology` (see [`Ontology::read`]).
pub fn validate(
    store: &GraphStore,
    add: &[Triple],
    ontology: &Ontology,
) -> Result<Vec<Violation>, StoreError> {
    let types = Types::new(store, add);
    let mut violations = Violations::default();
    let rdf_type = format!("{RDF}type");
    for t in add {
        let focus: Term = t.subject.clone().into();
        let p = t.predicate.as_str();
        for iri in [Some(p), subject_iri(&t.subject), object_iri(&t.object)]
            .into_iter()
            .flatten()
        {
            if iri.starts_with(&ontology.mlg) && !ontology.declared.contains(iri) {
                violations.insert(Violation {
                    focus: focus.clone(),
                    path: Some(t.predicate.clone()),
                    value: Some(NamedNode::new_unchecked(iri).into()),
                    component: "ClassConstraintComponent",
                    message: format!("<{iri}> is not a term of the maillage ontology"),
                });
            }
        }
        if p == rdf_type {
            continue;
        }
        for domain in ontology.domains.get(p).into_iter().flatten() {
            if !types.has(&focus, domain, ontology)? {
                violations.insert(Violation {
                    focus: focus.clone(),
                    path: Some(t.predicate.clone()),
                    value: None,
                    component: "ClassConstraintComponent",
                    message: format!("the subject of <{p}> must be a <{domain}>"),
                });
            }
        }
        for range in ontology.ranges.get(p).into_iter().flatten() {
            if let Some(datatype) = range.strip_prefix(XSD) {
                if let Some(message) = datatype_error(&t.object, datatype) {
                    violations.insert(Violation {
                        focus: focus.clone(),
                        path: Some(t.predicate.clone()),
                        value: Some(t.object.clone()),
                        component: "DatatypeConstraintComponent",
                        message: format!("<{p}>: {message}"),
                    });
                }
            } else if !range.starts_with(RDFS) && !types.has(&t.object, range, ontology)? {
                violations.insert(Violation {
                    focus: focus.clone(),
                    path: Some(t.predicate.clone()),
                    value: Some(t.object.clone()),
                    component: "ClassConstraintComponent",
                    message: format!("the object of <{p}> must be a <{range}>"),
                });
            }
        }
    }
    required_fields(add, &types, ontology, &mut violations)?;
    Ok(violations.0)
}

/// Fact nodes and evidence nodes carry every field the extractor writes.
fn required_fields(
    add: &[Triple],
    types: &Types<'_>,
    ontology: &Ontology,
    violations: &mut Violations,
) -> Result<(), StoreError> {
    let kinds = [
        (
            format!("{RDF}Statement"),
            vec![
                format!("{RDF}subject"),
                format!("{RDF}predicate"),
                format!("{RDF}object"),
                format!("{}evidence", ontology.mlg),
            ],
        ),
        (
            format!("{}Evidence", ontology.mlg),
            vec![
                format!("{PROV}wasQuotedFrom"),
                format!("{}line", ontology.mlg),
                format!("{PROV}value"),
            ],
        ),
    ];
    let rdf_type = format!("{RDF}type");
    for t in add.iter().filter(|t| t.predicate.as_str() == rdf_type) {
        for (kind, fields) in &kinds {
            if !matches!(&t.object, Term::NamedNode(n) if n.as_str() == kind) {
                continue;
            }
            let focus: Term = t.subject.clone().into();
            for field in fields {
                if !types.has_value(&t.subject, field)? {
                    violations.insert(Violation {
                        focus: focus.clone(),
                        path: Some(NamedNode::new_unchecked(field)),
                        value: None,
                        component: "MinCountConstraintComponent",
                        message: format!("a <{kind}> needs a <{field}>"),
                    });
                }
            }
        }
    }
    Ok(())
}

/// `Some(message)` when `object` is not a valid literal of `xsd:{datatype}`.
fn datatype_error(object: &Term, datatype: &str) -> Option<String> {
    let Term::Literal(literal) = object else {
        return Some(format!("expected a literal of type xsd:{datatype}"));
    };
    let actual = literal.datatype().as_str();
    let expected = format!("{XSD}{datatype}");
    let lenient_string = datatype == "string" && literal.language().is_some();
    if actual != expected && !lenient_string {
        return Some(format!(
            "{literal} has type <{actual}>, expected xsd:{datatype}"
        ));
    }
    valid_lexical_form(literal, datatype)
        .then_some(())
        .map_or_else(
            || Some(format!("{literal} is not a valid xsd:{datatype}")),
            |()| None,
        )
}

fn valid_lexical_form(literal: &Literal, datatype: &str) -> bool {
    use oxsdatatypes::{Boolean, Date, DateTime, Decimal, Double, GYear, Integer};
    let v = literal.value();
    match datatype {
        "integer" => Integer::from_str(v).is_ok(),
        "decimal" => Decimal::from_str(v).is_ok(),
        "double" => Double::from_str(v).is_ok(),
        "boolean" => Boolean::from_str(v).is_ok(),
        "date" => Date::from_str(v).is_ok(),
        "dateTime" => DateTime::from_str(v).is_ok(),
        "gYear" => GYear::from_str(v).is_ok(),
        _ => true,
    }
}

fn subject_iri(s: &NamedOrBlankNode) -> Option<&str> {
    match s {
        NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

fn object_iri(o: &Term) -> Option<&str> {
    match o {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

impl Ontology {
    /// Reads the ontology from the current state; `mlg` is the deployment's namespace.
    pub fn read(store: &GraphStore, mlg: &str) -> Result<Self, StoreError> {
        let declared = rows(
            store,
            &format!(
                "SELECT DISTINCT ?t WHERE {{ ?t ?p ?o FILTER(STRSTARTS(STR(?t), \"{mlg}\")) }}"
            ),
        )?
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
        let pairs = |query: &str| -> Result<BTreeMap<String, BTreeSet<String>>, StoreError> {
            let mut map = BTreeMap::<String, BTreeSet<String>>::new();
            for r in rows(store, query)? {
                map.entry(r[0].clone()).or_default().insert(r[1].clone());
            }
            Ok(map)
        };
        Ok(Self {
            mlg: mlg.to_owned(),
            declared,
            domains: pairs(&format!("SELECT ?p ?c WHERE {{ ?p <{RDFS}subPropertyOf>* ?q . ?q <{RDFS}domain> ?c FILTER(isIRI(?c)) }}"))?,
            ranges: pairs(&format!("SELECT ?p ?c WHERE {{ ?p <{RDFS}subPropertyOf>* ?q . ?q <{RDFS}range> ?c FILTER(isIRI(?c)) }}"))?,
            supers: pairs(&format!("SELECT ?c ?s WHERE {{ ?c <{RDFS}subClassOf>* ?s FILTER(isIRI(?c) && isIRI(?s)) }}"))?,
        })
    }

    fn is_subclass(&self, class: &str, of: &str) -> bool {
        class == of || self.supers.get(class).is_some_and(|s| s.contains(of))
    }
}

/// Types and values of nodes, from the import and the current state; each
/// node's stored types are looked up once (an import names the same nodes often).
struct Types<'a> {
    store: &'a GraphStore,
    /// Types stated by the import, by node.
    local: HashMap<Term, Vec<String>>,
    /// Types in the current state, by node, as looked up.
    stored: RefCell<HashMap<NamedNode, Vec<String>>>,
    /// (node, property) pairs the import gives a value.
    valued: HashSet<(NamedOrBlankNode, NamedNode)>,
}

impl<'a> Types<'a> {
    fn new(store: &'a GraphStore, add: &'a [Triple]) -> Self {
        let rdf_type = format!("{RDF}type");
        let mut local = HashMap::<Term, Vec<String>>::new();
        let mut valued = HashSet::new();
        for t in add {
            valued.insert((t.subject.clone(), t.predicate.clone()));
            if t.predicate.as_str() == rdf_type {
                if let Term::NamedNode(c) = &t.object {
                    local
                        .entry(t.subject.clone().into())
                        .or_default()
                        .push(c.as_str().to_owned());
                }
            }
        }
        Self {
            store,
            local,
            stored: RefCell::default(),
            valued,
        }
    }

    /// Whether `node` has a type that is `class` or a subclass of it.
    fn has(&self, node: &Term, class: &str, ontology: &Ontology) -> Result<bool, StoreError> {
        if self
            .local
            .get(node)
            .into_iter()
            .flatten()
            .any(|c| ontology.is_subclass(c, class))
        {
            return Ok(true);
        }
        let Term::NamedNode(n) = node else {
            return Ok(false);
        };
        if !self.stored.borrow().contains_key(n) {
            let types = rows(
                self.store,
                &format!(
                    "SELECT ?t WHERE {{ <{}> a ?t FILTER(isIRI(?t)) }}",
                    n.as_str()
                ),
            )?
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
            self.stored.borrow_mut().insert(n.clone(), types);
        }
        Ok(self.stored.borrow()[n]
            .iter()
            .any(|c| ontology.is_subclass(c, class)))
    }

    /// Whether `node` has some value for `property`.
    fn has_value(&self, node: &NamedOrBlankNode, property: &str) -> Result<bool, StoreError> {
        let p = NamedNode::new_unchecked(property);
        if self.valued.contains(&(node.clone(), p)) {
            return Ok(true);
        }
        let NamedOrBlankNode::NamedNode(n) = node else {
            return Ok(false);
        };
        Ok(!rows(
            self.store,
            &format!(
                "SELECT ?o WHERE {{ <{}> <{property}> ?o }} LIMIT 1",
                n.as_str()
            ),
        )?
        .is_empty())
    }
}

/// Rows of a SELECT over the current state, each cell's lexical value ("" unbound).
fn rows(store: &GraphStore, query: &str) -> Result<Vec<Vec<String>>, StoreError> {
    Ok(super::rows(store, query)?
        .into_iter()
        .map(|row| row.into_iter().map(Option::unwrap_or_default).collect())
        .collect())
}
