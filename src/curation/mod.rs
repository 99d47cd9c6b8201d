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

pub mod payload;
pub mod provenance;
pub mod report;
pub mod tokens;
pub mod validate;

use crate::store::{ChangeSet, GraphStore, StoreError};
use oxigraph::model::{GraphName, NamedNode, Quad, Triple};
pub use payload::Patch;
use provenance::{ImportRecord, Provenance};
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
}

/// The curation service over one store.
pub struct Curation {
    store: GraphStore,
    prov: Provenance,
    /// One write at a time: validation sees the state it is applied to.
    writer: Mutex<()>,
    /// The ontology as validation reads it, kept until an import touches the schema.
    ontology: Mutex<Option<std::sync::Arc<validate::Ontology>>>,
}

impl Curation {
    /// `base` is the deployment's base IRI (ends with `/`).
    pub fn new(store: GraphStore, base: &str) -> Self {
        Self {
            store,
            prov: Provenance::new(base),
            writer: Mutex::new(()),
            ontology: Mutex::new(None),
        }
    }

    pub fn provenance(&self) -> &Provenance {
        &self.prov
    }

    /// Validates and applies (or previews) an import.
    pub fn import(&self, request: ImportRequest) -> Result<ImportOutcome, CurationError> {
        if request.message.trim().is_empty() {
            return Err(CurationError::Invalid(
                "a message saying why is required (header Maillage-Message or parameter message)"
                    .into(),
            ));
        }
        if request.patch.add.is_empty() && request.patch.retract.is_empty() {
            return Err(CurationError::Invalid(
                "the import states and retracts nothing".into(),
            ));
        }
        let _guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let started = std::time::Instant::now();
        let ontology = self.ontology()?;
        let violations = validate::validate(&self.store, &request.patch.add, &ontology)?;
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            violations = violations.len(),
            "import validated"
        );
        if !violations.is_empty() {
            return Ok(ImportOutcome::Invalid(violations));
        }
        let preview = self.preview(&request.patch)?;
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "import previewed"
        );
        if request.dry_run {
            return Ok(ImportOutcome::DryRun(preview));
        }
        let hash = content_hash(&request.patch);
        if let Some(first) = self.prov.active_import_with_hash(&self.store, &hash)? {
            return Ok(ImportOutcome::Duplicate(first));
        }
        let now = jiff::Timestamp::now();
        let id = format!("{}-{}", now.strftime("%Y%m%dT%H%M%S%.3fZ"), &hash[..8]);
        let record = ImportRecord {
            id: id.clone(),
            curator: request.account.name.clone(),
            time: now.to_string(),
            message: request.message.clone(),
            source: request.source.as_ref().map(|s| s.as_str().to_owned()),
            added: request.patch.add.len(),
            retracted: request.patch.retract.len(),
            hash,
            reverted: None,
        };
        let mut changes = ChangeSet::default();
        if !request.patch.add.is_empty() {
            changes
                .replace
                .insert(self.prov.import_graph(&id), request.patch.add.clone());
        }
        if !request.patch.retract.is_empty() {
            changes.replace.insert(
                self.prov.retraction_graph(&id),
                request.patch.retract.clone(),
            );
        }
        changes.add = self.prov.import_quads(&record);
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "import hashed"
        );
        self.store.apply(changes)?;
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "import written"
        );
        Ok(ImportOutcome::Created(Box::new(record), preview))
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
        let now = jiff::Timestamp::now().to_string();
        changes.add = self.prov.revert_quads(id, &account.name, &now, message);
        self.store.apply(changes)?;
        record.reverted = Some(provenance::Revert {
            by: account.name.clone(),
            time: now,
            message: message.to_owned(),
        });
        Ok(record)
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
        let valid = !submission.id.is_empty()
            && submission.id.len() <= 100
            && submission
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
        if !valid {
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

/// SHA-256 of the patch in a canonical form: sorted N-Triples lines of the
/// additions, then of the retractions. (Blank nodes keep their labels: RDFC-1.0
/// canonicalisation is not applied yet, so two payloads differing only in
/// blank-node labels hash differently.)
pub fn content_hash(patch: &Patch) -> String {
    let lines = |triples: &[Triple]| {
        let mut lines: Vec<String> = triples.iter().map(|t| format!("{t} .\n")).collect();
        lines.sort();
        lines.dedup();
        lines.concat()
    };
    let mut hasher = Sha256::new();
    hasher.update(lines(&patch.add));
    hasher.update("# retract\n");
    hasher.update(lines(&patch.retract));
    tokens::hex(&hasher.finalize())
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
