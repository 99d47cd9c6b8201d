//! The views' query results, kept per state of the store.
//!
//! A view runs the same curated queries until the dataset changes; over a large graph
//! they take from tens of milliseconds to seconds (a list of 18,000 references is one
//! index lookup per field per reference). Results are kept under the query's text for the
//! store's [`generation`](crate::store::GraphStore::generation): every write changes it, so
//! a page never shows a state older than the last write it could see. Requests for a
//! result not yet there wait for the one evaluation that computes it (no stampede of
//! identical queries on a cold page). Bounded by the number of cells kept (terms, over
//! all tables), least recently used dropped first; a result larger than the bound is not
//! kept at all. The same cache keeps what is derived from a result at some cost (the
//! sorted description of a resource).

use crate::queries::Table;
use lru::LruCache;
use oxigraph::model::Triple;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::OnceCell;

/// What the cache keeps, and its size in terms.
pub trait Cells {
    fn cells(&self) -> usize;
}

impl Cells for Table {
    fn cells(&self) -> usize {
        self.rows.len().max(1) * self.variables.len().max(1)
    }
}

impl Cells for (crate::server::views::Page, serde_json::Value) {
    /// Strings and numbers of the page's data.
    fn cells(&self) -> usize {
        fn count(v: &serde_json::Value) -> usize {
            match v {
                serde_json::Value::Array(a) => a.iter().map(count).sum::<usize>().max(1),
                serde_json::Value::Object(o) => o.values().map(count).sum::<usize>().max(1),
                _ => 1,
            }
        }
        count(&self.1)
    }
}

impl Cells for Vec<u8> {
    /// A serialised description: about 64 bytes a term.
    fn cells(&self) -> usize {
        self.len() / 64 + 1
    }
}

impl Cells for Vec<Triple> {
    fn cells(&self) -> usize {
        self.len().max(1) * 3
    }
}

/// One result, computed once by whichever request comes first.
type Slot<V> = Arc<OnceCell<Arc<V>>>;

/// The bound on the cells kept, shared by the caches of one server (results, descriptions,
/// pages, serialised bodies): `--view-cache-cells` is a bound on all of them together.
pub struct Bound {
    max: usize,
    used: AtomicUsize,
}

impl Bound {
    pub fn new(max_cells: usize) -> Arc<Self> {
        Arc::new(Self {
            max: max_cells,
            used: AtomicUsize::new(0),
        })
    }

    fn release(&self, cells: usize) {
        self.used.fetch_sub(cells, Ordering::SeqCst);
    }
}

/// See the module documentation.
pub struct ViewCache<V = Table> {
    inner: Mutex<Inner<V>>,
    bound: Arc<Bound>,
}

struct Inner<V> {
    generation: u64,
    /// Slots by key, with the cells of their value once known.
    slots: LruCache<String, (Slot<V>, usize)>,
    cells: usize,
}

impl<V: Cells> ViewCache<V> {
    /// A cache keeping, with the others sharing `bound`, at most its terms (0: keeps
    /// nothing). Past the bound, a cache drops its own least recently used results.
    pub fn new(bound: Arc<Bound>) -> Self {
        Self {
            inner: Mutex::new(Inner {
                generation: 0,
                slots: LruCache::unbounded(),
                cells: 0,
            }),
            bound,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner<V>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The result of `key` at `generation`: kept, being computed by another request, or
    /// computed now by `compute`. A failure is not kept (the next request tries again).
    pub async fn get_or_compute<F, Fut, E>(
        &self,
        generation: u64,
        key: &str,
        compute: F,
    ) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        if self.bound.max == 0 {
            return compute().await.map(Arc::new);
        }
        let slot = {
            let mut inner = self.lock();
            if inner.generation != generation {
                inner.slots.clear();
                self.bound.release(inner.cells);
                inner.cells = 0;
                inner.generation = generation;
            }
            inner
                .slots
                .get_or_insert(key.to_owned(), || (Slot::<V>::default(), 0))
                .0
                .clone()
        };
        let table = slot
            .get_or_try_init(|| async { compute().await.map(Arc::new) })
            .await?
            .clone();
        self.account(generation, key, &slot, &table);
        Ok(table)
    }

    /// Counts a computed table's cells once, then drops least recently used results while
    /// past the bound.
    fn account(&self, generation: u64, key: &str, slot: &Slot<V>, value: &V) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        let cells = value.cells();
        if cells > self.bound.max {
            // Kept, it would push every other result out.
            inner.slots.pop(key);
            return;
        }
        match inner.slots.peek_mut(key) {
            Some((s, counted)) if Arc::ptr_eq(s, slot) && *counted == 0 => *counted = cells,
            _ => return,
        }
        inner.cells += cells;
        self.bound.used.fetch_add(cells, Ordering::SeqCst);
        while self.bound.used.load(Ordering::SeqCst) > self.bound.max {
            match inner.slots.pop_lru() {
                Some((_, (_, counted))) => {
                    inner.cells -= counted;
                    self.bound.release(counted);
                }
                None => break,
            }
        }
    }

    /// Terms kept.
    #[cfg(test)]
    fn cells(&self) -> usize {
        self.lock().cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, Term};

    fn table(rows: usize) -> Table {
        Table {
            variables: vec!["x".into()],
            rows: (0..rows)
                .map(|i| vec![Some(Term::from(Literal::from(i as i64)))])
                .collect(),
        }
    }

    async fn get(
        cache: &ViewCache,
        generation: u64,
        key: &str,
        rows: usize,
        runs: &AtomicUsize,
    ) -> usize {
        cache
            .get_or_compute(generation, key, || async {
                runs.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(table(rows))
            })
            .await
            .unwrap()
            .rows
            .len()
    }

    #[tokio::test]
    async fn a_result_is_computed_once_per_generation() {
        let cache = ViewCache::<Table>::new(Bound::new(100));
        let runs = AtomicUsize::new(0);
        assert_eq!(get(&cache, 1, "q", 3, &runs).await, 3);
        assert_eq!(get(&cache, 1, "q", 3, &runs).await, 3);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(cache.cells(), 3);
        // A write: the next request computes again, and the old results are gone.
        assert_eq!(get(&cache, 2, "q", 4, &runs).await, 4);
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        assert_eq!(cache.cells(), 4);
    }

    #[tokio::test]
    async fn concurrent_requests_share_one_evaluation() {
        let cache = Arc::new(ViewCache::<Table>::new(Bound::new(100)));
        let runs = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(tokio::sync::Notify::new());
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (cache, runs, gate) = (cache.clone(), runs.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_compute(1, "q", || async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        gate.notified().await;
                        Ok::<_, ()>(table(2))
                    })
                    .await
                    .unwrap()
                    .rows
                    .len()
            }));
        }
        while runs.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        gate.notify_one();
        for t in tasks {
            assert_eq!(t.await.unwrap(), 2);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn failures_are_not_kept_and_the_bound_drops_the_least_recently_used() {
        let cache = ViewCache::<Table>::new(Bound::new(10));
        let failed = cache
            .get_or_compute(1, "q", || async { Err::<Table, _>("time limit") })
            .await;
        assert_eq!(failed.unwrap_err(), "time limit");
        let runs = AtomicUsize::new(0);
        assert_eq!(get(&cache, 1, "q", 4, &runs).await, 4);
        assert_eq!(get(&cache, 1, "r", 4, &runs).await, 4);
        assert_eq!(get(&cache, 1, "q", 4, &runs).await, 4); // q used last: r goes first
        assert_eq!(get(&cache, 1, "s", 4, &runs).await, 4);
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        assert_eq!(cache.cells(), 8);
        assert_eq!(get(&cache, 1, "q", 4, &runs).await, 4);
        assert_eq!(runs.load(Ordering::SeqCst), 3, "q was kept");
        assert_eq!(get(&cache, 1, "r", 4, &runs).await, 4);
        assert_eq!(runs.load(Ordering::SeqCst), 4, "r was dropped");
        // Larger than the bound: answered, not kept.
        assert_eq!(get(&cache, 1, "big", 11, &runs).await, 11);
        assert_eq!(get(&cache, 1, "big", 11, &runs).await, 11);
        assert_eq!(runs.load(Ordering::SeqCst), 6);
        assert_eq!(cache.cells(), 8, "the others stay");
    }

    #[tokio::test]
    async fn caches_sharing_a_bound_keep_at_most_its_cells_together() {
        let bound = Bound::new(10);
        let (a, b) = (
            ViewCache::<Table>::new(bound.clone()),
            ViewCache::<Table>::new(bound.clone()),
        );
        let runs = AtomicUsize::new(0);
        assert_eq!(get(&a, 1, "q", 6, &runs).await, 6);
        assert_eq!(get(&b, 1, "r", 6, &runs).await, 6);
        // Past the bound together: b drops its own oldest result (r itself).
        assert!(bound.used.load(Ordering::SeqCst) <= 10);
        assert_eq!(a.cells() + b.cells(), bound.used.load(Ordering::SeqCst));
        // A new generation gives the cells of what it drops back.
        assert_eq!(get(&a, 2, "q", 3, &runs).await, 3);
        assert_eq!(a.cells() + b.cells(), bound.used.load(Ordering::SeqCst));
    }
}
