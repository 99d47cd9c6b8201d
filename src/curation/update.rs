//! Administrators' standard writes, evaluated into a [`Draft`]: SPARQL 1.1 Update
//! operations in order (each sees the previous ones), and Graph Store Protocol writes.
//!
//! | operation | on a named graph | on the default graph (the current state) |
//! |---|---|---|
//! | `INSERT DATA`, `INSERT {…} WHERE` | the triples are added to it (created if absent) | they go to the write's import graph; a retraction of them is lifted |
//! | `DELETE DATA`, `DELETE {…} WHERE`, `DELETE WHERE` | the triples are removed from it | they go to the write's retraction graph (and leave its import graph) |
//! | `CLEAR GRAPH g` | emptied (kept); an absent graph is already empty | refused (400): it would retract everything |
//! | `DROP GRAPH g` | removed; absent: an error unless `SILENT` | refused (400) |
//! | `CREATE GRAPH g` | an empty graph; present: an error unless `SILENT` | — |
//! | `CLEAR`/`DROP` `NAMED`/`ALL` | every named graph but the system graphs; the default graph follows (empty) | |
//! | `ADD`, `COPY`, `MOVE` | as the specification rewrites them (`DROP SILENT` + `INSERT … WHERE`) | `… TO DEFAULT` with `COPY`/`MOVE` is refused (its first step empties the default graph) |
//! | `LOAD` | refused (400): the server fetches nothing; send the data to `/store` or `/imports` | |
//!
//! System graphs (`graph/provenance`, `graph/system/…`) can be read by a `WHERE`
//! clause, never written.

use super::draft::{Draft, DraftError};
use crate::store::{QueryOptions, Role};
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::QuerySolution;
use spargebra::algebra::{GraphTarget, QueryDataset};
use spargebra::term::{
    GraphName as UpdateGraph, GraphNamePattern, GroundTerm, GroundTermPattern, NamedNodePattern,
    TermPattern,
};
use spargebra::{GraphUpdateOperation, Update};
use std::collections::HashMap;

/// A Graph Store Protocol write.
#[derive(Debug, Clone)]
pub enum GraphStoreWrite {
    /// `PUT ?graph=`: the graph becomes exactly these triples.
    Replace(NamedNode, Vec<Triple>),
    /// `POST ?graph=`: the triples are added to the graph.
    Add(NamedNode, Vec<Triple>),
    /// `POST ?default` (or `POST` on the store): the triples are stated in the default
    /// graph, i.e. in the write's own import graph.
    AddDefault(Vec<Triple>),
    /// `DELETE ?graph=`: the graph is removed.
    Drop(NamedNode),
}

impl GraphStoreWrite {
    pub fn apply(&self, draft: &mut Draft<'_>) -> Result<(), DraftError> {
        match self {
            Self::Replace(graph, triples) => {
                draft.clear(graph)?;
                draft.create(graph)?;
                for t in triples {
                    draft.insert(graph, t.clone())?;
                }
            }
            Self::Add(graph, triples) => {
                draft.create(graph)?;
                for t in triples {
                    draft.insert(graph, t.clone())?;
                }
            }
            Self::AddDefault(triples) => {
                for t in triples {
                    draft.insert_default(t.clone())?;
                }
            }
            Self::Drop(graph) => {
                if !draft.graph_exists(graph) {
                    return Err(DraftError::Refused(format!("no graph named {graph}")));
                }
                draft.drop_graph(graph)?;
            }
        }
        Ok(())
    }

    /// The graph written (`None`: the default graph).
    pub fn graph(&self) -> Option<&NamedNode> {
        match self {
            Self::Replace(g, _) | Self::Add(g, _) | Self::Drop(g) => Some(g),
            Self::AddDefault(_) => None,
        }
    }
}

/// Evaluates every operation of `update` in order into `draft`. `protocol` is the dataset
/// given by the protocol's `using-graph-uri`/`using-named-graph-uri`, which applies to
/// every `WHERE` clause (the caller refuses it together with `USING`/`WITH`).
pub fn evaluate(
    draft: &mut Draft<'_>,
    update: &Update,
    protocol: Option<&QueryDataset>,
    options: &QueryOptions,
) -> Result<(), DraftError> {
    for (i, operation) in update.operations.iter().enumerate() {
        operation_step(draft, operation, protocol, options).map_err(|e| match e {
            DraftError::Refused(m) if update.operations.len() > 1 => DraftError::Refused(format!(
                "operation {} of {} ({}): {m}; nothing was written",
                i + 1,
                update.operations.len(),
                name(operation)
            )),
            DraftError::Refused(m) => DraftError::Refused(format!("{m}; nothing was written")),
            other => other,
        })?;
    }
    Ok(())
}

/// The keyword of an operation, for messages.
fn name(operation: &GraphUpdateOperation) -> &'static str {
    match operation {
        GraphUpdateOperation::InsertData { .. } => "INSERT DATA",
        GraphUpdateOperation::DeleteData { .. } => "DELETE DATA",
        GraphUpdateOperation::DeleteInsert { .. } => "DELETE/INSERT",
        GraphUpdateOperation::Load { .. } => "LOAD",
        GraphUpdateOperation::Clear { .. } => "CLEAR",
        GraphUpdateOperation::Create { .. } => "CREATE",
        GraphUpdateOperation::Drop { .. } => "DROP",
    }
}

/// Whether the operations carry their own dataset (`USING`, `USING NAMED` or `WITH`).
pub fn has_own_dataset(update: &Update) -> bool {
    update.operations.iter().any(|op| {
        matches!(
            op,
            GraphUpdateOperation::DeleteInsert { using: Some(_), .. }
        )
    })
}

/// The `WHERE` patterns of an update (to vet and bound them like queries).
pub fn patterns(update: &Update) -> impl Iterator<Item = &spargebra::algebra::GraphPattern> {
    update.operations.iter().filter_map(|op| match op {
        GraphUpdateOperation::DeleteInsert { pattern, .. } => Some(&**pattern),
        _ => None,
    })
}

fn operation_step(
    draft: &mut Draft<'_>,
    operation: &GraphUpdateOperation,
    protocol: Option<&QueryDataset>,
    options: &QueryOptions,
) -> Result<(), DraftError> {
    match operation {
        GraphUpdateOperation::InsertData { data } => {
            // Blank nodes: fresh ones, shared within the operation.
            let mut blank = HashMap::new();
            for q in data {
                let subject = match &q.subject {
                    NamedOrBlankNode::BlankNode(b) => fresh(&mut blank, b).into(),
                    other => other.clone(),
                };
                let object = match &q.object {
                    Term::BlankNode(b) => fresh(&mut blank, b).into(),
                    other => other.clone(),
                };
                let t = Triple::new(subject, q.predicate.clone(), object);
                insert(draft, &update_graph(&q.graph_name), t)?;
            }
        }
        GraphUpdateOperation::DeleteData { data } => {
            for q in data {
                let Some(object) = ground(&q.object) else {
                    continue;
                };
                let t = Triple::new(q.subject.clone(), q.predicate.clone(), object);
                delete(draft, &update_graph(&q.graph_name), &t)?;
            }
        }
        GraphUpdateOperation::DeleteInsert {
            delete: delete_templates,
            insert: insert_templates,
            using,
            pattern,
        } => {
            let dataset = protocol.or(using.as_ref());
            let solutions = draft.solutions(pattern, dataset, options)?;
            let (mut deletions, mut insertions) = (Vec::new(), Vec::new());
            for solution in &solutions {
                for template in delete_templates {
                    let graph = graph_of(&template.graph_name, solution);
                    let subject = ground_pattern(&template.subject, solution);
                    let predicate = predicate(&template.predicate, solution);
                    let object = ground_pattern(&template.object, solution);
                    if let (Some(g), Some(s), Some(p), Some(o)) =
                        (graph, subject, predicate, object)
                    {
                        if let Some(s) = as_subject(s) {
                            deletions.push((g, Triple::new(s, p, o)));
                        }
                    }
                }
                let mut blank = HashMap::new();
                for template in insert_templates {
                    let graph = graph_of(&template.graph_name, solution);
                    let subject = term(&template.subject, solution, &mut blank);
                    let predicate = predicate(&template.predicate, solution);
                    let object = term(&template.object, solution, &mut blank);
                    if let (Some(g), Some(s), Some(p), Some(o)) =
                        (graph, subject, predicate, object)
                    {
                        if let Some(s) = as_subject(s) {
                            insertions.push((g, Triple::new(s, p, o)));
                        }
                    }
                }
            }
            for (g, t) in &deletions {
                delete(draft, g, t)?;
            }
            for (g, t) in insertions {
                insert(draft, &g, t)?;
            }
        }
        GraphUpdateOperation::Load { source, .. } => {
            return Err(DraftError::Refused(format!(
                "LOAD <{}> is not supported (even SILENT, which would hide that nothing was \
                 loaded): this server fetches nothing from the network. Send the data itself: \
                 PUT or POST it to /store?graph=IRI, or POST it to /imports",
                source.as_str()
            )))
        }
        GraphUpdateOperation::Clear { graph, .. } => {
            for g in targets(draft, graph, "CLEAR")? {
                // An absent graph is already empty: nothing to do, SILENT or not.
                draft.clear(&g)?;
            }
        }
        GraphUpdateOperation::Drop { graph, silent } => {
            for g in targets(draft, graph, "DROP")? {
                if draft.graph_exists(&g) {
                    draft.drop_graph(&g)?;
                } else if !silent {
                    return Err(DraftError::Refused(format!(
                        "DROP GRAPH {g}: there is no such graph (DROP SILENT ignores this)"
                    )));
                }
            }
        }
        GraphUpdateOperation::Create { graph, silent } => {
            if draft.graph_exists(graph) {
                if !silent {
                    return Err(DraftError::Refused(format!(
                        "CREATE GRAPH {graph}: the graph already exists (CREATE SILENT ignores this)"
                    )));
                }
            } else {
                draft.create(graph)?;
            }
        }
    }
    Ok(())
}

/// The graphs `CLEAR`/`DROP` apply to.
fn targets(
    draft: &Draft<'_>,
    target: &GraphTarget,
    verb: &str,
) -> Result<Vec<NamedNode>, DraftError> {
    match target {
        GraphTarget::NamedNode(g) => {
            if Role::of(g.as_ref()) == Role::System {
                return Err(DraftError::Refused(format!(
                    "{verb} GRAPH {g}: a system graph (provenance and history) is kept by the \
                     server and cannot be written"
                )));
            }
            Ok(vec![g.clone()])
        }
        GraphTarget::DefaultGraph => Err(DraftError::Refused(format!(
            "{verb} DEFAULT is refused: the default graph is the current state, derived from \
             the named graphs (documents, ontology, imports) minus retractions, so it cannot be \
             emptied on its own (COPY and MOVE … TO DEFAULT start by emptying it too). Write to \
             named graphs ({verb} GRAPH <g>), or withdraw triples from the current state with \
             DELETE {{ … }} WHERE {{ … }}"
        ))),
        // Every named graph but the system graphs (provenance, history): with every source
        // and retraction gone, the default graph is empty as well.
        GraphTarget::NamedGraphs | GraphTarget::AllGraphs => Ok(draft.data_graphs()),
    }
}

fn update_graph(graph: &UpdateGraph) -> GraphName {
    match graph {
        UpdateGraph::NamedNode(g) => g.clone().into(),
        UpdateGraph::DefaultGraph => GraphName::DefaultGraph,
    }
}

fn insert(draft: &mut Draft<'_>, graph: &GraphName, t: Triple) -> Result<(), DraftError> {
    match graph {
        GraphName::NamedNode(g) => draft.insert(g, t),
        _ => draft.insert_default(t),
    }
}

fn delete(draft: &mut Draft<'_>, graph: &GraphName, t: &Triple) -> Result<(), DraftError> {
    match graph {
        GraphName::NamedNode(g) => draft.remove(g, t),
        _ => draft.delete_default(t),
    }
}

fn fresh(map: &mut HashMap<BlankNode, BlankNode>, b: &BlankNode) -> BlankNode {
    map.entry(b.clone()).or_default().clone()
}

fn ground(term: &GroundTerm) -> Option<Term> {
    match term {
        GroundTerm::NamedNode(n) => Some(n.clone().into()),
        GroundTerm::Literal(l) => Some(l.clone().into()),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

fn as_subject(term: Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.into()),
        Term::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

/// A template's graph under a solution; `None` when it is not bound to an IRI (the
/// triple is skipped, as the specification says).
fn graph_of(pattern: &GraphNamePattern, solution: &QuerySolution) -> Option<GraphName> {
    match pattern {
        GraphNamePattern::NamedNode(g) => Some(g.clone().into()),
        GraphNamePattern::DefaultGraph => Some(GraphName::DefaultGraph),
        GraphNamePattern::Variable(v) => match solution.get(v) {
            Some(Term::NamedNode(g)) => Some(g.clone().into()),
            _ => None,
        },
    }
}

fn predicate(pattern: &NamedNodePattern, solution: &QuerySolution) -> Option<NamedNode> {
    match pattern {
        NamedNodePattern::NamedNode(n) => Some(n.clone()),
        NamedNodePattern::Variable(v) => match solution.get(v) {
            Some(Term::NamedNode(n)) => Some(n.clone()),
            _ => None,
        },
    }
}

fn ground_pattern(pattern: &GroundTermPattern, solution: &QuerySolution) -> Option<Term> {
    match pattern {
        GroundTermPattern::NamedNode(n) => Some(n.clone().into()),
        GroundTermPattern::Literal(l) => Some(l.clone().into()),
        GroundTermPattern::Variable(v) => solution.get(v).cloned(),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// An `INSERT` template's term: blank nodes are fresh for each solution.
fn term(
    pattern: &TermPattern,
    solution: &QuerySolution,
    blank: &mut HashMap<BlankNode, BlankNode>,
) -> Option<Term> {
    match pattern {
        TermPattern::NamedNode(n) => Some(n.clone().into()),
        TermPattern::Literal(l) => Some(l.clone().into()),
        TermPattern::BlankNode(b) => Some(fresh(blank, b).into()),
        TermPattern::Variable(v) => solution.get(v).cloned(),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}
