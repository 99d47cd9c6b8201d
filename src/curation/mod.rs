//! Curation: imports (additions and retractions), their provenance, history
//! and revert, on top of the store's one write path.
//!
//! An import is one atomic change set: its added triples become the named
//! graph `graph/import/{id}`, its retracted triples `graph/retraction/{id}`
//! (which hides them from the current state without touching the graphs that
//! state them), and its PROV-O description goes to `graph/provenance`, all in
//! one transaction. A revert moves the import's graphs under
//! `graph/system/reverted/…` (kept for inspection and history, no longer in
//! the current state) and records who reverted, when and why.
//!
//! Administrators' standard writes (SPARQL 1.1 Update, Graph Store Protocol writes,
//! see [`update`]) are evaluated into a [`draft::Draft`] and written the same way, as
//! one change set with their provenance: what they state in or withdraw from the
//! default graph goes to their own import and retraction graphs, and what they do to
//! other named graphs is kept under `graph/system/changes/…`, so that they are listed,
//! found by the history and reverted like imports.

pub mod canonical;
pub mod draft;
pub mod payload;
pub mod provenance;
pub mod report;
pub mod shapes;
pub mod stream;
pub mod tokens;
pub mod update;
pub mod validate;

use crate::store::{Applied, ChangeSet, GraphStore, QueryOptions, Role as GraphRole, StoreError};
use draft::{Draft, DraftError, GraphDiff};
use oxigraph::model::{GraphName, NamedNode, Quad, Triple};
pub use payload::Patch;
use provenance::{GraphChange, ImportRecord, Kind, Provenance};
use sha2::{Digest, Sha256};
use std::sync::Mutex;
pub use tokens::{Account, Role};
pub use validate::Violation;

/// What a curator asks.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub account: Account,
    /// Why (required).
    pub message: String,
    /// Where the content comes from (a document, a web page), if said.
    pub source: Option<NamedNode>,
    pub patch: Patch,
    pub dry_run: bool,
}

/// A curator's import of RDF additions, read from its body as it is (see [`stream`]).
#[derive(Clone)]
pub struct ContentRequest {
    pub account: Account,
    /// Why (required).
    pub message: String,
    pub source: Option<NamedNode>,
    pub content: stream::Content,
    pub format: oxigraph::io::RdfFormat,
    pub dry_run: bool,
}

/// What would change, or changed, in the current state.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Preview {
    /// Added triples not yet in the current state.
    pub added: usize,
    /// Added triples already in it.
    pub already_present: usize,
    /// Retracted triples that leave it.
    pub retracted: usize,
    /// Retracted triples that were not in it.
    pub already_absent: usize,
}

/// How an import ended.
#[derive(Debug)]
pub enum ImportOutcome {
    /// Written; its record.
    Created(Box<ImportRecord>, Preview),
    /// `dry_run`: nothing written.
    DryRun(Preview),
    /// The same content is already imported (and not reverted): its id.
    Duplicate(String),
    /// Validation failed: nothing written.
    Invalid(Vec<Violation>),
}

#[derive(Debug, thiserror::Error)]
pub enum CurationError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no import {0:?}")]
    NotFound(String),
    #[error("import {0} is already reverted")]
    AlreadyReverted(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Invalid(String),
    /// The dataset changed since in a way that a revert would not undo exactly.
    #[error("{0}")]
    Conflict(String),
    /// The body does not parse (the message names the line and column).
    #[error("{0}")]
    Syntax(String),
    /// The body spooled to a temporary file could not be read back.
    #[error("the import's body could not be read back from its temporary file: {0}")]
    Spool(String),
}

impl From<DraftError> for CurationError {
    fn from(e: DraftError) -> Self {
        match e {
            DraftError::Store(e) => Self::Store(e),
            DraftError::Refused(m) => Self::Invalid(m),
        }
    }
}

/// An administrator's standard write.
#[derive(Debug, Clone)]
pub enum Write {
    /// A SPARQL 1.1 Update request; `dataset` comes from the protocol's
    /// `using-graph-uri` / `using-named-graph-uri` (the caller has refused it together
    /// with `USING`/`WITH`).
    Sparql {
        update: spargebra::Update,
        dataset: Option<spargebra::algebra::QueryDataset>,
    },
    /// A Graph Store Protocol write.
    GraphStore(update::GraphStoreWrite),
}

/// What an administrator asks.
#[derive(Clone)]
pub struct UpdateRequest {
    pub account: Account,
    /// Why (a default one is given when the client said nothing).
    pub message: String,
    pub write: Write,
    /// Cancellation and federation limits of the `WHERE` clauses.
    pub options: QueryOptions,
}

/// How an administrator's write ended.
#[derive(Debug)]
pub enum UpdateOutcome {
    /// Written; its record and its effect on the current state.
    Applied(Box<ImportRecord>, Applied),
    /// Nothing to change: nothing written, nothing recorded.
    Unchanged,
    /// The triples it adds break the shapes: nothing written.
    Invalid(Vec<Violation>),
}

/// The curation service over one store.
pub struct Curation {
    store: GraphStore,
    prov: Provenance,
    /// One write at a time: validation sees the state it is applied to.
    writer: Mutex<()>,
    /// The ontology as validation reads it, kept until an import touches the schema.
    ontology: Mutex<Option<std::sync::Arc<validate::Ontology>>>,
    /// Whether imports are validated (see [`Self::validating`]).
    validating: bool,
}

impl Curation {
    /// `base` is the deployment's base IRI (ends with `/`).
    pub fn new(store: GraphStore, base: &str) -> Self {
        Self {
            store,
            prov: Provenance::new(base),
            writer: Mutex::new(()),
            ontology: Mutex::new(None),
            validating: true,
        }
    }

    /// Whether imports are validated against the shapes (on by default; off for trusted
    /// pipelines and to measure what validation costs).
    pub fn validating(self, validating: bool) -> Self {
        Self { validating, ..self }
    }

    pub fn provenance(&self) -> &Provenance {
        &self.prov
    }

    /// Validates and applies (or previews) an import.
    pub fn import(&self, request: ImportRequest) -> Result<ImportOutcome, CurationError> {
        require_message(&request.message)?;
        if request.patch.add.is_empty() && request.patch.retract.is_empty() {
            return Err(CurationError::Invalid(
                "the import states and retracts nothing".into(),
            ));
        }
        let _guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let started = std::time::Instant::now();
        // Validation (rudof's, the longest step of a large import) runs beside the
        // preview and the content hash, which only read: on two cores a valid import
        // waits for the longer of the two, an invalid one throws the second away.
        let (violations, others) = std::thread::scope(|scope| {
            let others = scope.spawn(|| -> Result<(Preview, Option<String>), StoreError> {
                let preview = self.preview(&request.patch)?;
                let hash = (!request.dry_run).then(|| canonical::content_hash(&request.patch));
                Ok((preview, hash))
            });
            let violations = self.validate(&request.patch.add);
            (violations, others.join())
        });
        let violations = violations?;
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            violations = violations.len(),
            "import validated, previewed and hashed"
        );
        if !violations.is_empty() {
            return Ok(ImportOutcome::Invalid(violations));
        }
        let (preview, hash) = others.map_err(|_| {
            CurationError::Invalid("the import's preview or content hash failed".into())
        })??;
        let Some(hash) = hash else {
            return Ok(ImportOutcome::DryRun(preview));
        };
        if let Some(first) = self.prov.active_import_with_hash(&self.store, &hash)? {
            return Ok(ImportOutcome::Duplicate(first));
        }
        let mut record = new_import(
            &request.account,
            &request.message,
            request.source.as_ref(),
            (request.patch.add.len(), request.patch.retract.len()),
            hash,
        );
        let id = record.id.clone();
        let schema = self.touch_the_schema(request.patch.add.iter().chain(&request.patch.retract));
        let mut changes = ChangeSet::default();
        let Patch { add, retract } = request.patch;
        if !add.is_empty() {
            changes.replace.insert(self.prov.import_graph(&id), add);
        }
        if !retract.is_empty() {
            changes
                .replace
                .insert(self.prov.retraction_graph(&id), retract);
        }
        self.commit(&mut record, &[], changes)?;
        if schema {
            self.forget_ontology();
        }
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "import written"
        );
        Ok(ImportOutcome::Created(Box::new(record), preview))
    }

    /// Validates and applies (or previews) an import of RDF additions, streamed from its
    /// body (see [`stream`]); a body with blank nodes is imported whole ([`Self::import`]).
    pub fn import_content(&self, request: ContentRequest) -> Result<ImportOutcome, CurationError> {
        require_message(&request.message)?;
        let streamed = {
            let _guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
            self.stream_import(&request)
        };
        match streamed {
            Ok(outcome) => Ok(outcome),
            Err(stream::Refusal::Failed(e)) => Err(e),
            Err(stream::Refusal::NeedsMemory) => {
                let bytes = request
                    .content
                    .bytes()
                    .map_err(|e| CurationError::Spool(e.to_string()))?;
                let patch = payload::read(
                    request.format.media_type(),
                    &bytes,
                    false,
                    &self.prov.base(),
                )
                .map_err(|e| match e {
                    payload::PayloadError::Syntax(m) => CurationError::Syntax(m),
                    other => CurationError::Invalid(other.to_string()),
                })?;
                drop(bytes);
                self.import(ImportRequest {
                    account: request.account,
                    message: request.message,
                    source: request.source,
                    patch,
                    dry_run: request.dry_run,
                })
            }
        }
    }

    /// The three readings of a streamed import, under the writer lock.
    fn stream_import(&self, r: &ContentRequest) -> Result<ImportOutcome, stream::Refusal> {
        let started = std::time::Instant::now();
        let (base, mlg) = (self.prov.base(), self.prov.mlg());
        let survey = stream::survey(
            &self.store,
            &r.content,
            r.format,
            &base,
            !r.dry_run,
            stream::PART,
            |t| touches_schema(t, &mlg),
        )?;
        if survey.triples == 0 {
            return Err(
                CurationError::Invalid("the import states and retracts nothing".into()).into(),
            );
        }
        if let Some(hash) = &survey.hash {
            if let Some(first) = self.prov.active_import_with_hash(&self.store, hash)? {
                return Ok(ImportOutcome::Duplicate(first));
            }
        }
        let surveyed_ms = started.elapsed().as_millis() as u64;
        let shapes = shapes::Shapes::for_base(&base).map_err(CurationError::Invalid)?;
        let violations = if !self.validating {
            Vec::new()
        } else {
            stream::validate(
                &self.store,
                &r.content,
                r.format,
                &base,
                &survey,
                &*self.ontology()?,
                &shapes,
            )?
        };
        tracing::debug!(
            surveyed_ms,
            validated_ms = started.elapsed().as_millis() as u64 - surveyed_ms,
            triples = survey.triples,
            violations = violations.len(),
            "streamed import surveyed and validated"
        );
        if !violations.is_empty() {
            return Ok(ImportOutcome::Invalid(violations));
        }
        let Some(hash) = survey.hash.clone() else {
            return Ok(ImportOutcome::DryRun(survey.preview));
        };
        let record = new_import(
            &r.account,
            &r.message,
            r.source.as_ref(),
            (survey.triples, 0),
            hash,
        );
        let id = record.id.clone();
        stream::write(
            &self.store,
            &r.content,
            r.format,
            &base,
            self.prov.import_graph(&id),
            self.prov.import_quads(&record),
        )?;
        if survey.touches_schema {
            self.forget_ontology();
        }
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "streamed import written"
        );
        Ok(ImportOutcome::Created(Box::new(record), survey.preview))
    }

    /// Evaluates an administrator's SPARQL Update or Graph Store write and applies it as
    /// one change set, recorded like an import (see the module documentation).
    pub fn update(&self, request: UpdateRequest) -> Result<UpdateOutcome, CurationError> {
        let _guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut now = jiff::Timestamp::now();
        let (kind, hash) = request.write.kind_and_hash();
        let mut id = mint_id(&now, &hash);
        // The same write twice within a millisecond: the second waits for a fresh id.
        while self.prov.import(&self.store, &id)?.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(1));
            now = jiff::Timestamp::now();
            id = mint_id(&now, &hash);
        }
        let (own_import, own_retraction) =
            (self.prov.import_graph(&id), self.prov.retraction_graph(&id));
        let mut draft = Draft::new(&self.store, own_import.clone(), own_retraction.clone())?;
        match &request.write {
            Write::Sparql { update, dataset } => {
                update::evaluate(&mut draft, update, dataset.as_ref(), &request.options)?
            }
            Write::GraphStore(write) => write.apply(&mut draft)?,
        }
        if draft.is_unchanged() {
            return Ok(UpdateOutcome::Unchanged);
        }
        let diffs = draft.finish();
        let stated: Vec<Triple> = diffs
            .iter()
            .filter(|d| GraphRole::of(d.graph().as_ref()) == GraphRole::Source)
            .flat_map(|d| d.added.iter().cloned())
            .collect();
        let violations = self.validate(&stated)?;
        if !violations.is_empty() {
            return Ok(UpdateOutcome::Invalid(violations));
        }
        let own = |g: &NamedNode| {
            diffs
                .iter()
                .find(|d| d.graph() == g)
                .map_or(0, |d| d.added.len())
        };
        let mut record = ImportRecord {
            id: id.clone(),
            curator: request.account.name.clone(),
            time: now.to_string(),
            message: request.message.clone(),
            source: None,
            added: own(&own_import),
            retracted: own(&own_retraction),
            hash,
            reverted: None,
            kind,
            graphs: Vec::new(),
        };
        let others: Vec<GraphDiff> = diffs
            .iter()
            .filter(|d| d.graph() != &own_import && d.graph() != &own_retraction)
            .cloned()
            .collect();
        let applied = self.commit(&mut record, &others, draft::change_set(&diffs))?;
        self.schema_touched(diffs.iter().flat_map(|d| d.added.iter().chain(&d.removed)));
        Ok(UpdateOutcome::Applied(Box::new(record), applied))
    }

    /// Writes `changes` together with the record's provenance and, for each graph of
    /// `others` (changed graphs other than the record's own), the system graphs that keep
    /// what was added and removed, for the revert: one change set.
    fn commit(
        &self,
        record: &mut ImportRecord,
        others: &[GraphDiff],
        mut changes: ChangeSet,
    ) -> Result<Applied, StoreError> {
        for (k, diff) in others.iter().enumerate() {
            let mut change = GraphChange {
                graph: diff.graph().as_str().to_owned(),
                added: diff.added.len(),
                removed: diff.removed.len(),
                created: diff.created,
                dropped: diff.dropped,
                added_graph: None,
                removed_graph: None,
            };
            for (triples, direction, kept) in [
                (&diff.added, "added", &mut change.added_graph),
                (&diff.removed, "removed", &mut change.removed_graph),
            ] {
                if !triples.is_empty() {
                    let graph = self.prov.change_graph(k + 1, direction, &record.id);
                    *kept = Some(graph.as_str().to_owned());
                    changes.replace.insert(graph, triples.clone());
                }
            }
            record.graphs.push(change);
        }
        changes.add.extend(self.prov.import_quads(record));
        self.store.apply(changes)
    }

    /// Forgets the cached ontology when `triples` may change what validation reads.
    fn schema_touched<'t>(&self, triples: impl IntoIterator<Item = &'t Triple>) {
        if self.touch_the_schema(triples) {
            self.forget_ontology();
        }
    }

    /// Whether `triples` may change what validation reads from the ontology.
    fn touch_the_schema<'t>(&self, triples: impl IntoIterator<Item = &'t Triple>) -> bool {
        let mlg = self.prov.mlg();
        triples.into_iter().any(|t| touches_schema(t, &mlg))
    }

    /// Drops the cached ontology: read again by the next validation.
    fn forget_ontology(&self) {
        *self.ontology.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Validates triples to be added against the shapes, with the current graph.
    fn validate(&self, add: &[Triple]) -> Result<Vec<Violation>, CurationError> {
        if !self.validating {
            return Ok(Vec::new());
        }
        let shapes = shapes::Shapes::for_base(&self.prov.base()).map_err(CurationError::Invalid)?;
        validate::validate(&self.store, add, &[], &*self.ontology()?, &shapes)
    }

    /// The cached ontology, read on first use.
    fn ontology(&self) -> Result<std::sync::Arc<validate::Ontology>, StoreError> {
        let mut cached = self.ontology.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ontology) = cached.as_ref() {
            return Ok(ontology.clone());
        }
        let ontology =
            std::sync::Arc::new(validate::Ontology::read(&self.store, &self.prov.mlg())?);
        *cached = Some(ontology.clone());
        Ok(ontology)
    }

    /// What `patch` would do to the current state.
    fn preview(&self, patch: &Patch) -> Result<Preview, StoreError> {
        let mut preview = Preview::default();
        let current = |t: &Triple| {
            self.store.contains(&Quad::new(
                t.subject.clone(),
                t.predicate.clone(),
                t.object.clone(),
                GraphName::DefaultGraph,
            ))
        };
        for t in &patch.add {
            if current(t)? {
                preview.already_present += 1;
            } else {
                preview.added += 1;
            }
        }
        for t in &patch.retract {
            if current(t)? {
                preview.retracted += 1;
            } else {
                preview.already_absent += 1;
            }
        }
        Ok(preview)
    }

    /// Reverts an import: its graphs leave the current state (kept under
    /// `graph/system/reverted/…`), the revert is recorded.
    pub fn revert(
        &self,
        id: &str,
        account: &Account,
        message: &str,
    ) -> Result<ImportRecord, CurationError> {
        let _guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut record = self
            .prov
            .import(&self.store, id)?
            .ok_or_else(|| CurationError::NotFound(id.to_owned()))?;
        if record.reverted.is_some() {
            return Err(CurationError::AlreadyReverted(id.to_owned()));
        }
        if account.role != Role::Admin && account.name != record.curator {
            return Err(CurationError::Forbidden(format!(
                "import {id} was made by {}; a curator reverts only their own imports (an admin may revert any)",
                record.curator
            )));
        }
        let mut changes = ChangeSet::default();
        for (live, kept) in [
            (
                self.prov.import_graph(id),
                self.prov.reverted_graph("import", id),
            ),
            (
                self.prov.retraction_graph(id),
                self.prov.reverted_graph("retraction", id),
            ),
        ] {
            let triples: Vec<Triple> = self
                .store
                .quads(Some(live.clone().into()))?
                .map(|q| q.map(|q: Quad| Triple::new(q.subject, q.predicate, q.object)))
                .collect::<Result<_, _>>()?;
            if !triples.is_empty() {
                changes.replace.insert(kept, triples);
                changes.drop.push(live);
            }
        }
        let mut touched = Vec::new();
        for change in &record.graphs {
            self.undo(change, &mut changes, &mut touched)?;
        }
        let now = jiff::Timestamp::now().to_string();
        changes
            .add
            .extend(self.prov.revert_quads(id, &account.name, &now, message));
        for triples in changes.replace.values() {
            touched.extend(triples.iter().cloned());
        }
        self.store.apply(changes)?;
        self.schema_touched(&touched);
        record.reverted = Some(provenance::Revert {
            by: account.name.clone(),
            time: now,
            message: message.to_owned(),
        });
        Ok(record)
    }
}

impl Curation {
    /// Adds to `changes` the undoing of what a write did to one named graph, after checking
    /// that the graph is as the write left it (else the revert would not restore the
    /// dataset exactly: 409, revert the later writes first).
    fn undo(
        &self,
        change: &GraphChange,
        changes: &mut ChangeSet,
        touched: &mut Vec<Triple>,
    ) -> Result<(), CurationError> {
        let graph = NamedNode::new_unchecked(&change.graph);
        let kept = |name: &Option<String>| -> Result<Vec<Triple>, StoreError> {
            let Some(name) = name else {
                return Ok(Vec::new());
            };
            self.store
                .quads(Some(NamedNode::new_unchecked(name).into()))?
                .map(|q| q.map(|q: Quad| Triple::new(q.subject, q.predicate, q.object)))
                .collect()
        };
        let (added, removed) = (kept(&change.added_graph)?, kept(&change.removed_graph)?);
        let conflict = |why: String| {
            CurationError::Conflict(format!(
                "{graph} changed since this write ({why}): reverting it would not restore the \
                 dataset as it was; revert the later writes to this graph first"
            ))
        };
        let exists = self.store.contains_named_graph(&graph)?;
        let at = |t: &Triple| {
            Quad::new(
                t.subject.clone(),
                t.predicate.clone(),
                t.object.clone(),
                graph.clone(),
            )
        };
        if change.dropped {
            if exists {
                return Err(conflict("it exists again".into()));
            }
            touched.extend(removed.iter().cloned());
            changes.replace.insert(graph, removed);
            return Ok(());
        }
        if !exists {
            return Err(conflict("it no longer exists".into()));
        }
        for t in &added {
            if !self.store.contains(&at(t))? {
                return Err(conflict(format!("{t} is no longer in it")));
            }
        }
        for t in &removed {
            if self.store.contains(&at(t))? {
                return Err(conflict(format!("{t} is in it again")));
            }
        }
        let remaining = self.store.quads(Some(graph.clone().into()))?.count();
        touched.extend(added.iter().chain(&removed).cloned());
        if change.created && remaining == added.len() {
            changes.drop.push(graph);
            return Ok(());
        }
        changes.remove.extend(added.iter().map(&at));
        changes.add.extend(removed.iter().map(&at));
        Ok(())
    }
}

/// An import's id: its time and the start of its content hash.
/// Refuses an import without a reason.
fn require_message(message: &str) -> Result<(), CurationError> {
    if message.trim().is_empty() {
        return Err(CurationError::Invalid(
            "a message saying why is required (header Maillage-Message or parameter message)"
                .into(),
        ));
    }
    Ok(())
}

/// The record of an import about to be written now: `counts` are the triples it adds
/// and retracts, `hash` its content hash (the end of its id).
fn new_import(
    account: &Account,
    message: &str,
    source: Option<&NamedNode>,
    counts: (usize, usize),
    hash: String,
) -> ImportRecord {
    let now = jiff::Timestamp::now();
    ImportRecord {
        id: mint_id(&now, &hash),
        curator: account.name.clone(),
        time: now.to_string(),
        message: message.to_owned(),
        source: source.map(|s| s.as_str().to_owned()),
        added: counts.0,
        retracted: counts.1,
        hash,
        reverted: None,
        kind: Kind::Import,
        graphs: Vec::new(),
    }
}

/// Whether `id` can name a submitted document: 1 to 100 letters, digits, `_` or `-`.
pub fn valid_document_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
}

/// Largest text a curator may submit as a document (`POST /documents`): the extractor's
/// time grows faster than the text (80 KB of adversarial text took 2.8 s); the largest
/// seed is 188 KiB.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 10;

/// Whether a triple may change what validation reads from the ontology (`mlg` is the
/// deployment's namespace).
fn touches_schema(t: &Triple, mlg: &str) -> bool {
    validate::touches_schema(std::slice::from_ref(t))
        || matches!(&t.subject, oxigraph::model::NamedOrBlankNode::NamedNode(s) if s.as_str().starts_with(mlg))
}

fn mint_id(now: &jiff::Timestamp, hash: &str) -> String {
    format!("{}-{}", now.strftime("%Y%m%dT%H%M%S%.3fZ"), &hash[..8])
}

impl Write {
    /// Its kind, and the SHA-256 of the request (the start of its id). Framed by kind, it
    /// never equals an import's content hash, so imports are never taken for duplicates
    /// of an update.
    fn kind_and_hash(&self) -> (Kind, String) {
        let mut hasher = Sha256::new();
        let kind = match self {
            Self::Sparql { update, dataset } => {
                hasher.update(format!("sparql-update\n{update}\n{dataset:?}"));
                Kind::SparqlUpdate
            }
            Self::GraphStore(write) => {
                use update::GraphStoreWrite as W;
                let (verb, graph, triples) = match write {
                    W::Replace(g, t) => ("PUT", Some(g), &t[..]),
                    W::Add(g, t) => ("POST", Some(g), &t[..]),
                    W::AddDefault(t) => ("POST", None, &t[..]),
                    W::Drop(g) => ("DELETE", Some(g), &[][..]),
                };
                hasher.update(format!("graph-store\n{verb} {graph:?}\n"));
                for t in triples {
                    hasher.update(format!("{t} .\n"));
                }
                Kind::GraphStore
            }
        };
        (kind, tokens::hex(&hasher.finalize()))
    }
}

/// A text document submitted for extraction (the seeds' kind).
#[derive(Debug, Clone)]
pub struct DocumentSubmission {
    pub account: Account,
    /// Identifier (letters, digits, `_`, `-`); the document's IRI is `id/document/{id}`.
    pub id: String,
    pub text: String,
    pub message: String,
    pub dry_run: bool,
}

impl Curation {
    /// Runs the extractor on a document and imports what it read (facts with
    /// their evidence, references, mentions) as one import whose source is the
    /// document's IRI.
    pub fn submit_document(
        &self,
        submission: DocumentSubmission,
    ) -> Result<ImportOutcome, CurationError> {
        if !valid_document_id(&submission.id) {
            return Err(CurationError::Invalid(format!(
                "document id {:?}: 1 to 100 letters, digits, '_' or '-'",
                submission.id
            )));
        }
        if submission.text.trim().is_empty() {
            return Err(CurationError::Invalid("the document is empty".into()));
        }
        let refdata = crate::refdata::RefData::shared();
        let document = crate::extract::SourceDocument {
            id: submission.id.clone(),
            raw: submission.text,
        };
        let rebase = crate::vocab::Rebase::new(&self.prov.base());
        let quads = crate::build::build(&[document], refdata, &rebase, false);
        let add = quads
            .into_iter()
            .map(|q| Triple::new(q.subject, q.predicate, q.object))
            .collect();
        let source = rebase.node(crate::rdf::document_iri(&submission.id));
        self.import(ImportRequest {
            account: submission.account,
            message: submission.message,
            source: Some(source),
            patch: Patch {
                add,
                retract: Vec::new(),
            },
            dry_run: submission.dry_run,
        })
    }
}

/// Rows of a SELECT over the current state, each cell's lexical value (IRIs
/// bare, literals' values), `None` when unbound.
fn rows(store: &GraphStore, query: &str) -> Result<Vec<Vec<Option<String>>>, StoreError> {
    use oxigraph::model::Term;
    use oxigraph::sparql::QueryResults;
    let options = crate::store::QueryOptions::default();
    let QueryResults::Solutions(solutions) = store.query_text(query, &options)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for solution in solutions {
        let solution = solution?;
        out.push(
            solution
                .values()
                .iter()
                .map(|v| {
                    v.as_ref().map(|t| match t {
                        Term::NamedNode(n) => n.as_str().to_owned(),
                        Term::Literal(l) => l.value().to_owned(),
                        other => other.to_string(),
                    })
                })
                .collect(),
        );
    }
    Ok(out)
}
