//! The embedded backend: Oxigraph on RocksDB (or in memory).
//!
//! The current state lives in Oxigraph's own default graph, so a query without
//! a dataset reads it directly (no union, each triple once), and named graphs
//! keep where each triple came from.

use super::current::{is_current, Role};
use super::{Applied, Backend, ChangeSet, DatasetSpec, QuadStream, QueryOptions, StoreError};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, QuadRef, Triple,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{Store, Transaction};
use spargebra::Query;
use std::collections::HashSet;
use std::path::Path;

pub struct OxigraphBackend {
    store: Store,
}

impl OxigraphBackend {
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let store = Store::open(dir).map_err(|e| StoreError::Open {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        Ok(Self { store })
    }

    pub fn in_memory() -> Result<Self, StoreError> {
        Ok(Self {
            store: Store::new()?,
        })
    }
}

impl Backend for OxigraphBackend {
    fn query(
        &self,
        query: Query,
        dataset: &DatasetSpec,
        options: &QueryOptions,
    ) -> Result<QueryResults<'static>, StoreError> {
        let mut evaluator = SparqlEvaluator::new().with_http_redirection_limit(0);
        if let Some(token) = &options.cancel {
            evaluator = evaluator.with_cancellation_token(token.clone());
        }
        if let Some(timeout) = options.service_timeout {
            evaluator = evaluator.with_http_timeout(timeout);
        }
        let mut prepared = evaluator.for_query(query);
        if let DatasetSpec::Graphs { default, named } = dataset {
            let spec = prepared.dataset_mut();
            spec.set_default_graph(default.iter().cloned().map(Into::into).collect());
            spec.set_available_named_graphs(named.iter().cloned().map(Into::into).collect());
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(StoreError::from)
    }

    fn apply(&self, changes: ChangeSet) -> Result<Applied, StoreError> {
        let mut transaction = self.store.start_transaction()?;
        let mut touched = HashSet::<Triple>::new();
        let cleared: Vec<&NamedNode> = changes.drop.iter().chain(changes.replace.keys()).collect();
        for graph in &cleared {
            for quad in transaction.quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            {
                touched.insert(triple(quad?));
            }
        }
        for graph in &changes.drop {
            transaction.remove_named_graph(graph)?;
        }
        for graph in changes.replace.keys() {
            transaction.clear_graph(graph)?;
            transaction.insert_named_graph(graph);
        }
        for (graph, triples) in &changes.replace {
            for t in triples {
                transaction.insert(QuadRef::new(&t.subject, &t.predicate, &t.object, graph));
                touched.insert(t.clone());
            }
        }
        for quad in &changes.remove {
            named(quad)?;
            transaction.remove(quad);
            touched.insert(triple(quad.clone()));
        }
        for quad in &changes.add {
            let graph = named(quad)?;
            transaction.insert_named_graph(graph);
            transaction.insert(quad);
            touched.insert(triple(quad.clone()));
        }
        let applied = settle(&mut transaction, touched)?;
        transaction.commit()?;
        Ok(applied)
    }

    fn quads(&self, graph: Option<GraphName>) -> Result<QuadStream, StoreError> {
        let iter = match &graph {
            None => self.store.iter(),
            Some(g) => self
                .store
                .quads_for_pattern(None, None, None, Some(g.as_ref())),
        };
        Ok(Box::new(iter.map(|q| q.map_err(StoreError::from))))
    }

    fn named_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut graphs = Vec::new();
        for graph in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(g) = graph? {
                graphs.push(g);
            }
        }
        Ok(graphs)
    }

    fn contains(&self, quad: &Quad) -> Result<bool, StoreError> {
        Ok(self.store.contains(quad)?)
    }

    fn contains_named_graph(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        Ok(self.store.contains_named_graph(graph)?)
    }

    fn quad_count(&self) -> Result<usize, StoreError> {
        Ok(self.store.len()?)
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.store.flush()?;
        self.store.optimize()?;
        Ok(())
    }
}

/// Brings each touched triple's presence in the default graph in line with
/// the graphs that now hold it (see [`super::current`]).
fn settle(
    transaction: &mut Transaction<'_>,
    touched: HashSet<Triple>,
) -> Result<Applied, StoreError> {
    let mut applied = Applied::default();
    for t in touched {
        let mut roles = Vec::new();
        let mut in_default = false;
        for quad in transaction.quads_for_pattern(
            Some(t.subject.as_ref()),
            Some(t.predicate.as_ref()),
            Some(t.object.as_ref()),
            None,
        ) {
            match quad?.graph_name {
                GraphName::NamedNode(g) => roles.push(Role::of(g.as_ref())),
                GraphName::DefaultGraph => in_default = true,
                GraphName::BlankNode(_) => roles.push(Role::Source),
            }
        }
        let quad = QuadRef::new(
            &t.subject,
            &t.predicate,
            &t.object,
            GraphNameRef::DefaultGraph,
        );
        match (is_current(roles), in_default) {
            (true, false) => {
                transaction.insert(quad);
                applied.added += 1;
            }
            (false, true) => {
                transaction.remove(quad);
                applied.removed += 1;
            }
            _ => {}
        }
    }
    Ok(applied)
}

fn triple(quad: Quad) -> Triple {
    Triple::new(quad.subject, quad.predicate, quad.object)
}

fn named(quad: &Quad) -> Result<&NamedNode, StoreError> {
    match &quad.graph_name {
        GraphName::NamedNode(g) => Ok(g),
        _ => Err(StoreError::DefaultGraphIsDerived),
    }
}
