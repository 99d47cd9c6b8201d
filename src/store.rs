//! The seam between maillage and its RDF store: one query entry point, one
//! change-set write path, and the rule that makes the default graph the
//! **current state**.
//!
//! Everything above this module (server, views, CLI, curated queries) reads
//! through [`GraphStore::query`] and [`GraphStore::quads`], and writes through
//! [`GraphStore::apply`]; it never sees the backend. The backend is a
//! [`Backend`] trait object: today Oxigraph on RocksDB or in memory
//! ([`oxigraph_backend`]); a remote SPARQL 1.1 store fits behind the same
//! trait (it speaks RDF terms, SPARQL algebra and result iterators only).
//!
//! The dataset:
//! - every source (a seed document, the ontology, an import, a loaded file) is
//!   a named graph; retractions are named graphs of their own
//!   (`…/graph/retraction/…`) and bookkeeping lives in system graphs
//!   (`…/graph/provenance`, `…/graph/system/…`), see [`current::Role`];
//! - the default graph is **derived**: the set union of the source graphs minus
//!   the retracted triples, kept up to date by [`GraphStore::apply`] in the
//!   same transaction as each change. So SPARQL's default graph is a set (each
//!   triple once), and `GRAPH ?g { … }` still tells where a triple came from.

pub mod cancel;
pub mod current;
mod oxigraph_backend;
pub mod service_client;

pub use current::Role;
pub use oxigraph::sparql::CancellationToken as Cancellation;

use oxigraph::model::{GraphName, NamedNode, Quad, Triple};
use oxigraph::sparql::QueryResults;
use spargebra::Query;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a query sees as its dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DatasetSpec {
    /// The query's own `FROM` / `FROM NAMED`; without them the default graph is
    /// the current state and every named graph is available.
    #[default]
    Query,
    /// SPARQL Protocol parameters (`default-graph-uri`, `named-graph-uri`),
    /// which override the query's own dataset.
    Graphs {
        default: Vec<NamedNode>,
        named: Vec<NamedNode>,
    },
}

/// How a query is run.
#[derive(Clone, Default)]
pub struct QueryOptions {
    /// Checked by the evaluation; cancelling it stops the query.
    pub cancel: Option<Cancellation>,
    /// Time limit of one outgoing `SERVICE` request (none: no federation limit).
    pub service_timeout: Option<Duration>,
    /// With `cancel`: stop within moments of the cancellation whatever the query, at the
    /// price of a check on each row a `GROUP BY` gathers (see [`cancel::instrument`]).
    pub prompt: bool,
    /// Bytes the evaluation may hold past what its thread held when it started (with
    /// `cancel` only: checked at the same checkpoints); past it, it unwinds with
    /// [`cancel::OverMemory`].
    pub memory_limit: Option<usize>,
}

/// One atomic change to the dataset. Only named graphs are written: the
/// default graph follows (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// Named graphs whose content becomes exactly these triples (created if absent).
    pub replace: BTreeMap<NamedNode, Vec<Triple>>,
    /// Quads added to named graphs.
    pub add: Vec<Quad>,
    /// Quads removed from named graphs.
    pub remove: Vec<Quad>,
    /// Named graphs removed with all their triples.
    pub drop: Vec<NamedNode>,
}

impl ChangeSet {
    /// A change replacing every named graph that `quads` mention with exactly
    /// the quads given for it (a load of whole documents).
    pub fn replacing(quads: impl IntoIterator<Item = Quad>) -> Result<Self, StoreError> {
        let mut changes = Self::default();
        for quad in quads {
            let GraphName::NamedNode(graph) = quad.graph_name else {
                return Err(StoreError::DefaultGraphIsDerived);
            };
            changes.replace.entry(graph).or_default().push(Triple::new(
                quad.subject,
                quad.predicate,
                quad.object,
            ));
        }
        Ok(changes)
    }
}

/// What a streamed load of new graphs wrote ([`GraphStore::load_new_graphs`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Quads read and written to their named graphs.
    pub quads: usize,
    /// Named graphs created.
    pub graphs: usize,
}

/// What a change did to the current state (the default graph).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Triples that entered the current state.
    pub added: usize,
    /// Triples that left it.
    pub removed: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store at {path}: {message}")]
    Open { path: String, message: String },
    #[error("storage: {0}")]
    Storage(String),
    /// The device holding the store is full (or the store's quota is used up): the write
    /// failed whole. After a full disk stopped its writes, RocksDB resumes them by itself
    /// once enough space is free, see [`RESUME_FREE_BYTES`].
    #[error("no space left on the device holding the store ({0})")]
    NoSpace(String),
    #[error("the query cannot be evaluated: {0}")]
    Query(String),
    #[error("a federated endpoint failed: {0}")]
    Service(String),
    #[error("the query was cancelled")]
    Cancelled,
    #[error("the default graph is the derived current state: write to a named graph")]
    DefaultGraphIsDerived,
    /// A streamed load only creates graphs; this one exists or retracts (nothing was written).
    #[error("<{0}> exists already or is a retraction graph: a streamed load only adds new source or system graphs")]
    NotNewGraph(String),
    /// Reading the quads to load failed (nothing was written).
    #[error("{0}")]
    Input(String),
}

/// Free bytes the device holding the store needs before RocksDB, stopped by a full disk
/// (a failed write of its log), takes writes again: its reserve, the largest write buffer
/// (measured: 128 MiB, logged in the store's `LOG` as "required disk buffer"). It checks
/// every 5 s; reads go on meanwhile. On a device that cannot reach it, a restart clears
/// the stop (measured on a 64 MiB tmpfs). A bulk load that runs out of space does not stop
/// it.
pub const RESUME_FREE_BYTES: u64 = 128 << 20;

impl From<oxigraph::store::StorageError> for StoreError {
    fn from(e: oxigraph::store::StorageError) -> Self {
        use std::io::ErrorKind;
        let full = matches!(&e, oxigraph::store::StorageError::Io(io)
            if matches!(io.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded));
        let message = e.to_string();
        if full || says_no_space(&message) {
            Self::NoSpace(message)
        } else {
            Self::Storage(message)
        }
    }
}

/// RocksDB's words for a full device or a used-up quota (its status text, kept when an
/// error reaches us without its `io::ErrorKind`).
fn says_no_space(message: &str) -> bool {
    [
        "No space left on device",
        "Space limit reached",
        "Disk quota exceeded",
    ]
    .iter()
    .any(|words| message.contains(words))
}

impl From<oxigraph::sparql::QueryEvaluationError> for StoreError {
    fn from(e: oxigraph::sparql::QueryEvaluationError) -> Self {
        use oxigraph::sparql::QueryEvaluationError as E;
        match e {
            E::Service(e) => Self::Service(e.to_string()),
            E::Cancelled => Self::Cancelled,
            E::Dataset(e) | E::Unexpected(e) => {
                let message = e.to_string();
                if says_no_space(&message) {
                    Self::NoSpace(message)
                } else {
                    Self::Storage(message)
                }
            }
            other => Self::Query(other.to_string()),
        }
    }
}

/// The operations every backend provides (see the module documentation).
pub trait Backend: Send + Sync {
    /// Evaluates a parsed query; results are lazy (consuming them is evaluating).
    fn query(
        &self,
        query: Query,
        dataset: &DatasetSpec,
        options: &QueryOptions,
    ) -> Result<QueryResults<'static>, StoreError>;
    /// Applies a change set in one transaction, keeping the current state.
    fn apply(&self, changes: ChangeSet) -> Result<Applied, StoreError>;
    /// Adds new named graphs from a stream, atomically, the current state kept: a
    /// change set of additions whose content need not fit in memory. Refuses
    /// ([`StoreError::NotNewGraph`]) a source graph that exists or a retraction graph,
    /// writing nothing; a system graph (bookkeeping, such as the provenance record of
    /// the graphs loaded) is added to.
    /// This default collects the stream into one [`ChangeSet`]; backends override it
    /// with a streaming path.
    fn load_new_graphs(&self, quads: QuadStream) -> Result<Loaded, StoreError> {
        let mut changes = ChangeSet::default();
        let mut count = 0;
        for quad in quads {
            let quad = quad?;
            let GraphName::NamedNode(graph) = &quad.graph_name else {
                return Err(StoreError::DefaultGraphIsDerived);
            };
            count += 1;
            let role = Role::of(graph.as_ref());
            if role == Role::System && self.contains_named_graph(graph)? {
                changes.add.push(quad);
                continue;
            }
            if !changes.replace.contains_key(graph)
                && (role == Role::Retraction || self.contains_named_graph(graph)?)
            {
                return Err(StoreError::NotNewGraph(graph.as_str().to_owned()));
            }
            changes
                .replace
                .entry(graph.clone())
                .or_default()
                .push(Triple::new(quad.subject, quad.predicate, quad.object));
        }
        let graphs = changes.replace.len();
        self.apply(changes)?;
        Ok(Loaded {
            quads: count,
            graphs,
        })
    }
    /// The quads of one graph (`Some(DefaultGraph)`: the current state), or of
    /// the whole dataset (`None`).
    fn quads(&self, graph: Option<GraphName>) -> Result<QuadStream, StoreError>;
    fn named_graphs(&self) -> Result<Vec<NamedNode>, StoreError>;
    fn contains(&self, quad: &Quad) -> Result<bool, StoreError>;
    fn contains_named_graph(&self, graph: &NamedNode) -> Result<bool, StoreError>;
    /// Number of quads in the whole dataset (the default graph included).
    fn quad_count(&self) -> Result<usize, StoreError>;
    /// Whether the dataset holds no quad (without counting them).
    fn is_empty(&self) -> Result<bool, StoreError>;
    /// Makes every committed write durable on disk, so the next open replays nothing.
    fn flush(&self) -> Result<(), StoreError>;
    /// Compacts the storage (after a large load: reads stay fast, opening stays quick).
    fn compact(&self) -> Result<(), StoreError>;
}

/// A lazy sequence of quads.
pub type QuadStream = Box<dyn Iterator<Item = Result<Quad, StoreError>> + Send>;

/// A maillage store: the seam (see the module documentation).
#[derive(Clone)]
pub struct GraphStore {
    backend: Arc<dyn Backend>,
    /// Quads in the dataset, counted once and forgotten at each write (every
    /// write goes through [`GraphStore::apply`]): counting walks the store.
    count: Arc<Mutex<Option<usize>>>,
    /// See [`GraphStore::generation`].
    generation: Arc<AtomicU64>,
}

/// Source of [`GraphStore::generation`] values, process-wide.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, Ordering::SeqCst)
}

impl GraphStore {
    /// Opens (or creates) an on-disk store in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Ok(Self::with_backend(oxigraph_backend::OxigraphBackend::open(
            dir,
        )?))
    }

    /// A throwaway in-memory store.
    pub fn in_memory() -> Result<Self, StoreError> {
        Ok(Self::with_backend(
            oxigraph_backend::OxigraphBackend::in_memory()?,
        ))
    }

    pub fn with_backend(backend: impl Backend + 'static) -> Self {
        Self {
            backend: Arc::new(backend),
            count: Arc::default(),
            generation: Arc::new(AtomicU64::new(next_generation())),
        }
    }

    /// The one query entry point.
    pub fn query(
        &self,
        query: Query,
        dataset: &DatasetSpec,
        options: &QueryOptions,
    ) -> Result<QueryResults<'static>, StoreError> {
        self.backend.query(query, dataset, options)
    }

    /// Parses `text` (relative IRIs against `base`) and runs it on the default dataset.
    pub fn query_text(
        &self,
        text: &str,
        options: &QueryOptions,
    ) -> Result<QueryResults<'static>, StoreError> {
        let query = spargebra::SparqlParser::new()
            .parse_query(text)
            .map_err(|e| StoreError::Query(format!("syntax: {e}")))?;
        self.query(query, &DatasetSpec::Query, options)
    }

    /// The one write path: applies `changes` atomically.
    pub fn apply(&self, changes: ChangeSet) -> Result<Applied, StoreError> {
        let result = self.backend.apply(changes);
        self.changed();
        result
    }

    fn changed(&self) {
        *self.count.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.generation.store(next_generation(), Ordering::SeqCst);
    }

    /// See [`Backend::load_new_graphs`]: a large load of new graphs, streamed.
    pub fn load_new_graphs(&self, quads: QuadStream) -> Result<Loaded, StoreError> {
        let result = self.backend.load_new_graphs(quads);
        self.changed();
        result
    }

    /// Replaces, in one transaction, every named graph that `quads` mention
    /// with exactly the quads given for it.
    pub fn load_quads(&self, quads: &[Quad]) -> Result<Applied, StoreError> {
        self.apply(ChangeSet::replacing(quads.iter().cloned())?)
    }

    /// See [`Backend::quads`].
    pub fn quads(&self, graph: Option<GraphName>) -> Result<QuadStream, StoreError> {
        self.backend.quads(graph)
    }

    pub fn named_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        self.backend.named_graphs()
    }

    pub fn contains_named_graph(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        self.backend.contains_named_graph(graph)
    }

    /// Whether the dataset holds `quad` (in the default graph: the current state has it).
    pub fn contains(&self, quad: &Quad) -> Result<bool, StoreError> {
        self.backend.contains(quad)
    }

    /// Whether the store is empty; constant time (start-up asks it before loading seeds).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.backend.is_empty()
    }

    /// The number of quads in the dataset (kept between writes).
    pub fn len(&self) -> Result<usize, StoreError> {
        let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = *count {
            return Ok(n);
        }
        let n = self.backend.quad_count()?;
        *count = Some(n);
        Ok(n)
    }

    /// Changes whenever the dataset may have changed: a key for caches of derived data
    /// (constant time, unlike [`len`](Self::len)). Never the same for two stores or two
    /// states of one store in a process.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        self.backend.flush()
    }

    /// Flushes, then compacts: what a large load ends with.
    pub fn flush_and_compact(&self) -> Result<(), StoreError> {
        self.backend.flush()?;
        self.backend.compact()
    }

    /// Triples per named graph, sorted by graph IRI.
    pub fn graph_sizes(&self) -> Result<Vec<(String, usize)>, StoreError> {
        let mut sizes = BTreeMap::<String, usize>::new();
        for quad in self.quads(None)? {
            let quad = quad?;
            if let GraphName::NamedNode(g) = &quad.graph_name {
                *sizes.entry(g.to_string()).or_default() += 1;
            }
        }
        Ok(sizes.into_iter().collect())
    }
}

#[cfg(test)]
mod tests;
