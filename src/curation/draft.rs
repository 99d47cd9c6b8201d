//! A write in progress: the committed store plus the changes made so far, kept as a net
//! difference per named graph, so that each operation of a SPARQL Update sees the effect
//! of the previous ones while nothing is written until the whole request is applied as
//! one change set.
//!
//! Reads are *pending-aware*: a graph's triples, whether a graph exists, which graphs
//! hold a triple, whether a triple is in the current state, and the solutions of a
//! `WHERE` clause. A `WHERE` clause is evaluated through [`GraphStore::query`]: on the
//! store itself while nothing is pending, else on a scratch in-memory store holding the
//! fragment of the dataset the pattern can read (every quad matching one of its triple
//! patterns or path predicates, in every named graph) with the pending changes applied
//! to it, so its current state (the default graph) is derived by the same rule as the
//! store's.
//!
//! The default graph maps onto the curation model ([`Draft::insert_default`],
//! [`Draft::delete_default`]): stating a triple adds it to the write's own import graph
//! (and lifts any retraction of it), withdrawing one adds it to the write's own
//! retraction graph.

use crate::store::current::{is_current, Role};
use crate::store::{ChangeSet, DatasetSpec, GraphStore, QueryOptions, StoreError};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::sparql::{QueryResults, QuerySolution};
use spargebra::algebra::{
    AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression,
};
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern, Variable};
use spargebra::Query;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Why a write cannot be done as asked (the whole request fails, nothing is written).
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request asks for something the model refuses or the data does not allow.
    #[error("{0}")]
    Refused(String),
}

/// What one named graph gains and loses, and whether it appears or disappears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphDiff {
    pub graph: NamedNode,
    pub added: Vec<Triple>,
    pub removed: Vec<Triple>,
    /// The graph did not exist and does now.
    pub created: bool,
    /// The graph existed and does not any more.
    pub dropped: bool,
}

impl GraphDiff {
    pub fn graph(&self) -> &NamedNode {
        &self.graph
    }
}

/// See the module documentation.
pub struct Draft<'a> {
    store: &'a GraphStore,
    /// The write's own graphs: what it states in, and withdraws from, the default graph.
    own_import: NamedNode,
    own_retraction: NamedNode,
    /// Named graphs of the committed store, read once (writes are serialised).
    stored_graphs: BTreeSet<NamedNode>,
    /// Per graph, triples added that the store does not hold there.
    added: BTreeMap<NamedNode, HashSet<Triple>>,
    /// Per graph, triples removed that the store holds there.
    removed: BTreeMap<NamedNode, HashSet<Triple>>,
    /// Graphs whose existence differs from the store's: `true` created, `false` dropped.
    existence: BTreeMap<NamedNode, bool>,
}

fn quad(t: &Triple, g: &NamedNode) -> Quad {
    Quad::new(
        t.subject.clone(),
        t.predicate.clone(),
        t.object.clone(),
        g.clone(),
    )
}

fn has_blank_node(t: &Triple) -> bool {
    matches!(t.subject, NamedOrBlankNode::BlankNode(_)) || matches!(t.object, Term::BlankNode(_))
}

impl<'a> Draft<'a> {
    pub fn new(
        store: &'a GraphStore,
        own_import: NamedNode,
        own_retraction: NamedNode,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            stored_graphs: store.named_graphs()?.into_iter().collect(),
            store,
            own_import,
            own_retraction,
            added: BTreeMap::new(),
            removed: BTreeMap::new(),
            existence: BTreeMap::new(),
        })
    }

    /// Whether nothing is pending.
    pub fn is_unchanged(&self) -> bool {
        self.changed_graphs().is_empty()
    }

    /// The graphs that gain or lose triples, appear or disappear; the write's own graphs
    /// only when they hold something (made while stating a triple then withdrawn again).
    fn changed_graphs(&self) -> BTreeSet<NamedNode> {
        let mut graphs: BTreeSet<NamedNode> = self
            .existence
            .keys()
            .filter(|g| {
                (*g != &self.own_import && *g != &self.own_retraction)
                    || self.added.get(*g).is_some_and(|s| !s.is_empty())
            })
            .cloned()
            .collect();
        graphs.extend(
            self.added
                .iter()
                .chain(&self.removed)
                .filter(|(_, s)| !s.is_empty())
                .map(|(g, _)| g.clone()),
        );
        graphs
    }

    /// Refuses writes to system graphs (provenance, accounts, kept history).
    fn writable(&self, graph: &NamedNode) -> Result<(), DraftError> {
        if Role::of(graph.as_ref()) == Role::System {
            return Err(DraftError::Refused(format!(
                "{graph} is a system graph (provenance and history), kept by the server: \
                 it cannot be written"
            )));
        }
        Ok(())
    }

    pub fn graph_exists(&self, graph: &NamedNode) -> bool {
        self.existence
            .get(graph)
            .copied()
            .unwrap_or_else(|| self.stored_graphs.contains(graph))
    }

    fn set_exists(&mut self, graph: &NamedNode, exists: bool) {
        if self.stored_graphs.contains(graph) == exists {
            self.existence.remove(graph);
        } else {
            self.existence.insert(graph.clone(), exists);
        }
    }

    /// Every named graph as the write sees it, sorted.
    pub fn named_graphs(&self) -> Vec<NamedNode> {
        let mut all: BTreeSet<NamedNode> = self.stored_graphs.clone();
        for (graph, exists) in &self.existence {
            if *exists {
                all.insert(graph.clone());
            } else {
                all.remove(graph);
            }
        }
        all.into_iter().collect()
    }

    /// Named graphs other than system graphs: what `ALL` and `NAMED` stand for.
    pub fn data_graphs(&self) -> Vec<NamedNode> {
        self.named_graphs()
            .into_iter()
            .filter(|g| Role::of(g.as_ref()) != Role::System)
            .collect()
    }

    pub fn contains(&self, graph: &NamedNode, t: &Triple) -> Result<bool, StoreError> {
        if self.added.get(graph).is_some_and(|s| s.contains(t)) {
            return Ok(true);
        }
        if self.removed.get(graph).is_some_and(|s| s.contains(t)) {
            return Ok(false);
        }
        self.store.contains(&quad(t, graph))
    }

    /// Adds `t` to a named graph (created if absent).
    pub fn insert(&mut self, graph: &NamedNode, t: Triple) -> Result<(), DraftError> {
        self.writable(graph)?;
        self.set_exists(graph, true);
        let unremoved = self.removed.get_mut(graph).is_some_and(|s| s.remove(&t));
        if !unremoved && !self.store.contains(&quad(&t, graph))? {
            self.added.entry(graph.clone()).or_default().insert(t);
        }
        Ok(())
    }

    /// Removes `t` from a named graph (nothing if it does not hold it).
    pub fn remove(&mut self, graph: &NamedNode, t: &Triple) -> Result<(), DraftError> {
        self.writable(graph)?;
        let unadded = self.added.get_mut(graph).is_some_and(|s| s.remove(t));
        if !unadded
            && self.graph_exists(graph)
            && !self.removed.get(graph).is_some_and(|s| s.contains(t))
            && self.store.contains(&quad(t, graph))?
        {
            self.removed
                .entry(graph.clone())
                .or_default()
                .insert(t.clone());
        }
        Ok(())
    }

    /// A graph's triples as the write sees them.
    pub fn triples(&self, graph: &NamedNode) -> Result<Vec<Triple>, StoreError> {
        let mut out = Vec::new();
        if self.graph_exists(graph) && self.stored_graphs.contains(graph) {
            let removed = self.removed.get(graph);
            for q in self.store.quads(Some(graph.clone().into()))? {
                let q = q?;
                let t = Triple::new(q.subject, q.predicate, q.object);
                if !removed.is_some_and(|r| r.contains(&t)) {
                    out.push(t);
                }
            }
        }
        if let Some(added) = self.added.get(graph) {
            out.extend(added.iter().cloned());
        }
        Ok(out)
    }

    /// Empties a graph (it stays, if it existed).
    pub fn clear(&mut self, graph: &NamedNode) -> Result<(), DraftError> {
        self.writable(graph)?;
        for t in self.triples(graph)? {
            self.remove(graph, &t)?;
        }
        Ok(())
    }

    /// Removes a graph and its triples.
    pub fn drop_graph(&mut self, graph: &NamedNode) -> Result<(), DraftError> {
        self.clear(graph)?;
        self.set_exists(graph, false);
        Ok(())
    }

    /// Creates an empty graph.
    pub fn create(&mut self, graph: &NamedNode) -> Result<(), DraftError> {
        self.writable(graph)?;
        self.set_exists(graph, true);
        Ok(())
    }

    /// Whether pending changes mention `t` in some graph.
    fn touched(&self, t: &Triple) -> bool {
        self.added.values().any(|s| s.contains(t)) || self.removed.values().any(|s| s.contains(t))
    }

    /// The named graphs holding `t`, as the write sees them.
    fn holders(&self, t: &Triple) -> Result<Vec<NamedNode>, StoreError> {
        let mut stored = Vec::new();
        if has_blank_node(t) {
            // A blank node in a query is a variable: ask each graph instead.
            for g in &self.stored_graphs {
                if self.store.contains(&quad(t, g))? {
                    stored.push(g.clone());
                }
            }
        } else {
            let query = format!(
                "SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {} {} {} }} }}",
                t.subject, t.predicate, t.object
            );
            for row in super::rows(self.store, &query)? {
                if let Some(Some(g)) = row.into_iter().next() {
                    stored.push(NamedNode::new_unchecked(g));
                }
            }
        }
        let mut out: Vec<NamedNode> = stored
            .into_iter()
            .filter(|g| !self.removed.get(g).is_some_and(|s| s.contains(t)))
            .collect();
        for (g, added) in &self.added {
            if added.contains(t) {
                out.push(g.clone());
            }
        }
        Ok(out)
    }

    /// Whether `t` is in the current state as the write sees it.
    pub fn is_current(&self, t: &Triple) -> Result<bool, StoreError> {
        if !self.touched(t) {
            return self.store.contains(&Quad::new(
                t.subject.clone(),
                t.predicate.clone(),
                t.object.clone(),
                GraphName::DefaultGraph,
            ));
        }
        Ok(is_current(
            self.holders(t)?.iter().map(|g| Role::of(g.as_ref())),
        ))
    }

    /// Stating `t` in the default graph (the current state): it goes to the write's own
    /// import graph, and every retraction of it is lifted.
    pub fn insert_default(&mut self, t: Triple) -> Result<(), DraftError> {
        let retractions: Vec<NamedNode> = self
            .stored_graphs
            .iter()
            .chain(self.existence.keys())
            .filter(|g| Role::of(g.as_ref()) == Role::Retraction && self.graph_exists(g))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for g in retractions {
            if self.contains(&g, &t)? {
                self.remove(&g, &t)?;
            }
        }
        let own = self.own_import.clone();
        self.insert(&own, t)
    }

    /// Withdrawing `t` from the default graph: it leaves the write's own import graph and,
    /// if still current (another source states it), goes to the write's retraction graph.
    pub fn delete_default(&mut self, t: &Triple) -> Result<(), DraftError> {
        let own = self.own_import.clone();
        self.remove(&own, t)?;
        if self.is_current(t)? {
            let retraction = self.own_retraction.clone();
            self.insert(&retraction, t.clone())?;
        }
        Ok(())
    }

    /// Evaluates a `WHERE` pattern on the dataset as the write sees it (see the module
    /// documentation). `using` is the dataset of the operation (`USING`, `WITH`, or the
    /// protocol's `using-graph-uri`/`using-named-graph-uri`); `None` is the default one.
    pub fn solutions(
        &self,
        pattern: &GraphPattern,
        using: Option<&spargebra::algebra::QueryDataset>,
        options: &QueryOptions,
    ) -> Result<Vec<QuerySolution>, StoreError> {
        let dataset = match using {
            None => DatasetSpec::Query,
            Some(d) => DatasetSpec::Graphs {
                default: d.default.clone(),
                // WITH alone leaves every named graph available.
                named: d.named.clone().unwrap_or_else(|| self.named_graphs()),
            },
        };
        let query = Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: None,
        };
        if self.is_unchanged() {
            return collect(self.store.query(query, &dataset, options)?);
        }
        let mut reads = Reads::default();
        reads.pattern(pattern);
        let scratch = self.scratch(&reads, options)?;
        collect(scratch.query(query, &dataset, options)?)
    }

    /// The scratch store of [`Draft::solutions`]: the fragment `reads` can match, with the
    /// pending changes applied.
    fn scratch(&self, reads: &Reads, options: &QueryOptions) -> Result<GraphStore, StoreError> {
        let cancelled = || options.cancel.as_ref().is_some_and(|t| t.is_cancelled());
        let mut fragment = BTreeMap::<NamedNode, HashSet<Triple>>::new();
        let mut keep = |q: Quad| {
            if let GraphName::NamedNode(g) = q.graph_name {
                fragment.entry(g).or_default().insert(Triple::new(
                    q.subject,
                    q.predicate,
                    q.object,
                ));
            }
        };
        if reads.all {
            for (i, q) in self.store.quads(None)?.enumerate() {
                if i % 4096 == 0 && cancelled() {
                    return Err(StoreError::Cancelled);
                }
                keep(q?);
            }
        } else {
            let (s, p, o, g) = (
                Variable::new_unchecked("s"),
                Variable::new_unchecked("p"),
                Variable::new_unchecked("o"),
                Variable::new_unchecked("g"),
            );
            for (subject, predicate, object) in &reads.patterns {
                let position = |constant: &Option<Term>, v: &Variable| match constant {
                    Some(Term::NamedNode(n)) => TermPattern::NamedNode(n.clone()),
                    Some(Term::Literal(l)) => TermPattern::Literal(l.clone()),
                    _ => TermPattern::Variable(v.clone()),
                };
                let triple = TriplePattern {
                    subject: position(subject, &s),
                    predicate: match predicate {
                        Some(n) => NamedNodePattern::NamedNode(n.clone()),
                        None => NamedNodePattern::Variable(p.clone()),
                    },
                    object: position(object, &o),
                };
                let query = Query::Select {
                    dataset: None,
                    pattern: GraphPattern::Graph {
                        name: NamedNodePattern::Variable(g.clone()),
                        inner: Box::new(GraphPattern::Bgp {
                            patterns: vec![triple.clone()],
                        }),
                    },
                    base_iri: None,
                };
                if cancelled() {
                    return Err(StoreError::Cancelled);
                }
                for solution in collect(self.store.query(query, &DatasetSpec::Query, options)?)? {
                    let term = |pattern: &TermPattern, v: &Variable| match pattern {
                        TermPattern::NamedNode(n) => Some(Term::NamedNode(n.clone())),
                        TermPattern::Literal(l) => Some(Term::Literal(l.clone())),
                        _ => solution.get(v).cloned(),
                    };
                    let (Some(Term::NamedNode(graph)), Some(subject), Some(object)) = (
                        solution.get(&g).cloned(),
                        term(&triple.subject, &s),
                        term(&triple.object, &o),
                    ) else {
                        continue;
                    };
                    let predicate = match &triple.predicate {
                        NamedNodePattern::NamedNode(n) => n.clone(),
                        NamedNodePattern::Variable(_) => match solution.get(&p) {
                            Some(Term::NamedNode(n)) => n.clone(),
                            _ => continue,
                        },
                    };
                    let subject = match subject {
                        Term::NamedNode(n) => NamedOrBlankNode::from(n),
                        Term::BlankNode(b) => NamedOrBlankNode::from(b),
                        _ => continue,
                    };
                    keep(Quad::new(subject, predicate, object, graph));
                }
            }
        }
        let mut changes = ChangeSet::default();
        for graph in self.named_graphs() {
            let mut triples = fragment.remove(&graph).unwrap_or_default();
            if let Some(removed) = self.removed.get(&graph) {
                triples.retain(|t| !removed.contains(t));
            }
            if let Some(added) = self.added.get(&graph) {
                triples.extend(added.iter().cloned());
            }
            changes.replace.insert(graph, triples.into_iter().collect());
        }
        let scratch = GraphStore::in_memory()?;
        scratch.apply(changes)?;
        Ok(scratch)
    }

    /// The net changes, one diff per graph that changes, sorted by graph IRI.
    pub fn finish(self) -> Vec<GraphDiff> {
        let graphs = self.changed_graphs();
        let sorted = |set: Option<&HashSet<Triple>>| {
            let mut v: Vec<Triple> = set.into_iter().flatten().cloned().collect();
            v.sort_by_cached_key(ToString::to_string);
            v
        };
        graphs
            .into_iter()
            .map(|g| GraphDiff {
                added: sorted(self.added.get(&g)),
                removed: sorted(self.removed.get(&g)),
                created: self.existence.get(&g) == Some(&true),
                dropped: self.existence.get(&g) == Some(&false),
                graph: g,
            })
            .collect()
    }
}

/// The net changes as one change set on the named graphs.
pub fn change_set(diffs: &[GraphDiff]) -> ChangeSet {
    let mut changes = ChangeSet::default();
    for diff in diffs {
        let graph = diff.graph();
        if diff.dropped {
            changes.drop.push(graph.clone());
            continue;
        }
        if diff.created && diff.added.is_empty() {
            changes.replace.insert(graph.clone(), Vec::new());
            continue;
        }
        changes
            .remove
            .extend(diff.removed.iter().map(|t| quad(t, graph)));
        changes
            .add
            .extend(diff.added.iter().map(|t| quad(t, graph)));
    }
    changes
}

fn collect(results: QueryResults<'static>) -> Result<Vec<QuerySolution>, StoreError> {
    match results {
        QueryResults::Solutions(solutions) => {
            solutions.map(|s| s.map_err(StoreError::from)).collect()
        }
        _ => Err(StoreError::Query("a WHERE clause gives solutions".into())),
    }
}

/// What a pattern can read: triple patterns with their constants (`None`: a variable or
/// blank node), or everything.
#[derive(Default)]
struct Reads {
    patterns: HashSet<(Option<Term>, Option<NamedNode>, Option<Term>)>,
    all: bool,
}

impl Reads {
    fn triple(&mut self, t: &TriplePattern) {
        let constant = |p: &TermPattern| match p {
            TermPattern::NamedNode(n) => Some(Term::NamedNode(n.clone())),
            TermPattern::Literal(l) => Some(Term::Literal(l.clone())),
            _ => None,
        };
        let predicate = match &t.predicate {
            NamedNodePattern::NamedNode(n) => Some(n.clone()),
            NamedNodePattern::Variable(_) => None,
        };
        let key = (constant(&t.subject), predicate, constant(&t.object));
        if key == (None, None, None) {
            self.all = true;
        }
        self.patterns.insert(key);
    }

    fn path(&mut self, path: &PropertyPathExpression) {
        use PropertyPathExpression as P;
        match path {
            P::NamedNode(n) => {
                self.patterns.insert((None, Some(n.clone()), None));
            }
            P::Reverse(p) | P::ZeroOrMore(p) | P::OneOrMore(p) | P::ZeroOrOne(p) => self.path(p),
            P::Sequence(a, b) | P::Alternative(a, b) => {
                self.path(a);
                self.path(b);
            }
            P::NegatedPropertySet(_) => self.all = true,
        }
    }

    fn pattern(&mut self, pattern: &GraphPattern) {
        use GraphPattern as P;
        match pattern {
            P::Bgp { patterns } => patterns.iter().for_each(|t| self.triple(t)),
            P::Path { path, .. } => self.path(path),
            P::Join { left, right }
            | P::Lateral { left, right }
            | P::Union { left, right }
            | P::Minus { left, right } => {
                self.pattern(left);
                self.pattern(right);
            }
            P::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left);
                self.pattern(right);
                if let Some(e) = expression {
                    self.expression(e);
                }
            }
            P::Filter { expr, inner }
            | P::Extend {
                inner,
                expression: expr,
                ..
            } => {
                self.expression(expr);
                self.pattern(inner);
            }
            P::OrderBy { inner, expression } => {
                for e in expression {
                    match e {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => self.expression(e),
                    }
                }
                self.pattern(inner);
            }
            P::Group {
                inner, aggregates, ..
            } => {
                for (_, aggregate) in aggregates {
                    if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                        self.expression(expr);
                    }
                }
                self.pattern(inner);
            }
            P::Graph { inner, .. }
            | P::Project { inner, .. }
            | P::Distinct { inner }
            | P::Reduced { inner }
            | P::Slice { inner, .. } => self.pattern(inner),
            // Evaluated by the remote endpoint.
            P::Service { .. } | P::Values { .. } => {}
        }
    }

    fn expression(&mut self, e: &Expression) {
        match e {
            Expression::Exists(p) => self.pattern(p),
            other => crate::sparql_walk::for_each_operand(other, |a| self.expression(a)),
        }
    }
}
