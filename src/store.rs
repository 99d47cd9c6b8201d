//! The embedded Oxigraph store and the single path by which maillage writes to it.
//!
//! Invariant: every write goes through [`GraphStore::replace_graphs`] (or the
//! bulk [`GraphStore::load_quads`] on an empty store), each one transaction, so a
//! failed load never leaves a partial write behind.

use oxigraph::model::{GraphName, NamedNode, Quad};
use oxigraph::store::{StorageError, Store};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A maillage store: an Oxigraph store on disk (RocksDB) or in memory.
#[derive(Clone)]
pub struct GraphStore {
    store: Store,
    /// The number of quads, counted once and forgotten at each write (every
    /// write goes through this type): counting walks the whole store.
    count: Arc<Mutex<Option<usize>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store at {path}: {source}")]
    Open { path: String, source: StorageError },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl GraphStore {
    /// Opens (or creates) an on-disk store in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let store = Store::open(dir).map_err(|source| StoreError::Open {
            path: dir.display().to_string(),
            source,
        })?;
        Ok(Self::wrap(store))
    }

    /// A throwaway in-memory store.
    pub fn in_memory() -> Result<Self, StoreError> {
        Ok(Self::wrap(Store::new()?))
    }

    fn wrap(store: Store) -> Self {
        Self {
            store,
            count: Arc::default(),
        }
    }

    /// The underlying Oxigraph store, for reads (queries, dumps).
    pub fn oxigraph(&self) -> &Store {
        &self.store
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.store.is_empty()?)
    }

    /// The number of quads (kept between writes).
    pub fn len(&self) -> Result<usize, StoreError> {
        let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = *count {
            return Ok(n);
        }
        let n = self.store.len()?;
        *count = Some(n);
        Ok(n)
    }

    /// Replaces, in one transaction, every named graph that `quads` mention
    /// with exactly the quads given for it. Quads in the default graph are added.
    pub fn replace_graphs(&self, quads: &[Quad]) -> Result<(), StoreError> {
        let graphs: BTreeSet<&NamedNode> = quads
            .iter()
            .filter_map(|q| match &q.graph_name {
                GraphName::NamedNode(n) => Some(n),
                _ => None,
            })
            .collect();
        let mut transaction = self.store.start_transaction()?;
        for graph in graphs {
            transaction.clear_graph(graph)?;
            transaction.insert_named_graph(graph);
        }
        transaction.extend(quads);
        transaction.commit()?;
        *self.count.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }

    /// Loads quads into the store, replacing the graphs they belong to.
    pub fn load_quads(&self, quads: &[Quad]) -> Result<(), StoreError> {
        self.replace_graphs(quads)
    }

    /// Triples per named graph, sorted by graph IRI.
    pub fn graph_sizes(&self) -> Result<Vec<(String, usize)>, StoreError> {
        let mut sizes = std::collections::BTreeMap::<String, usize>::new();
        for quad in self.store.iter() {
            let quad = quad?;
            *sizes.entry(quad.graph_name.to_string()).or_default() += 1;
        }
        Ok(sizes.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn quad(s: &str, g: &str) -> Quad {
        Quad::new(
            NamedNode::new(s).unwrap(),
            NamedNode::new("http://ex/p").unwrap(),
            Literal::from("o"),
            NamedNode::new(g).unwrap(),
        )
    }

    #[test]
    fn replace_graphs_is_per_graph_and_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let store = GraphStore::open(dir.path()).unwrap();
        store
            .replace_graphs(&[
                quad("http://ex/a", "http://ex/g1"),
                quad("http://ex/b", "http://ex/g2"),
            ])
            .unwrap();
        store
            .replace_graphs(&[quad("http://ex/c", "http://ex/g1")])
            .unwrap();
        let sizes = store.graph_sizes().unwrap();
        assert_eq!(
            sizes,
            vec![
                ("<http://ex/g1>".to_owned(), 1),
                ("<http://ex/g2>".to_owned(), 1)
            ]
        );
        drop(store);
        let reopened = GraphStore::open(dir.path()).unwrap();
        assert_eq!(reopened.len().unwrap(), 2);
    }

    #[test]
    fn the_kept_count_follows_every_write() {
        let store = GraphStore::in_memory().unwrap();
        assert_eq!(store.len().unwrap(), 0);
        store
            .replace_graphs(&[
                quad("http://ex/a", "http://ex/g1"),
                quad("http://ex/b", "http://ex/g1"),
            ])
            .unwrap();
        let clone = store.clone();
        assert_eq!(clone.len().unwrap(), 2);
        store
            .replace_graphs(&[quad("http://ex/c", "http://ex/g1")])
            .unwrap();
        assert_eq!(clone.len().unwrap(), 1, "a clone shares the count");
        assert_eq!(store.len().unwrap(), store.oxigraph().len().unwrap());
    }
}
