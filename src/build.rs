//! The corpus build: documents + reference data → one sorted set of quads.
//!
//! Deterministic: the output is sorted N-Quads without blank nodes, so the
//! same inputs give the same bytes.

use crate::extract::{self, SourceDocument};
use crate::rdf;
use crate::refdata::RefData;
use crate::vocab::Rebase;
use anyhow::Context;
use oxigraph::model::Quad;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The seed documents compiled into the binary, sorted by id.
pub fn bundled_documents() -> Vec<SourceDocument> {
    crate::bundled::files(&crate::bundled::SEEDS, "txt")
        .into_iter()
        .map(|(name, text)| SourceDocument {
            id: document_id(Path::new(name)),
            raw: text.to_owned(),
        })
        .collect()
}

/// The `.txt` files of a folder, sorted by name.
pub fn text_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads documents from disk; the id is the file stem.
pub fn read_documents(paths: &[PathBuf]) -> anyhow::Result<Vec<SourceDocument>> {
    let mut documents = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let raw = String::from_utf8(bytes)
            .with_context(|| format!("{} is not UTF-8 text", path.display()))?;
        documents.push(SourceDocument {
            id: document_id(path),
            raw,
        });
    }
    Ok(documents)
}

fn document_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document");
    crate::vocab::slug(stem).replace('-', "_")
}

/// Extraction and RDF for every document, plus the ontology graph when
/// `with_ontology`; sorted, without duplicates, rebased.
pub fn build(
    documents: &[SourceDocument],
    refdata: &RefData,
    rebase: &Rebase,
    with_ontology: bool,
) -> Vec<Quad> {
    build_with_progress(documents, refdata, rebase, with_ontology, |_| {})
}

/// [`build`], calling `on_document` after each document (for progress bars).
pub fn build_with_progress(
    documents: &[SourceDocument],
    refdata: &RefData,
    rebase: &Rebase,
    with_ontology: bool,
    mut on_document: impl FnMut(&SourceDocument),
) -> Vec<Quad> {
    let mut all: Vec<Quad> = if with_ontology {
        refdata.quads.clone()
    } else {
        Vec::new()
    };
    for document in documents {
        let extraction = extract::extract(document, refdata);
        all.extend(rdf::document_quads(&extraction));
        on_document(document);
    }
    sorted(all.into_iter().map(|q| rebase.quad(q)))
}

/// Sorts quads by their N-Quads line and removes duplicates.
pub fn sorted(quads: impl IntoIterator<Item = Quad>) -> Vec<Quad> {
    let by_line: BTreeMap<String, Quad> = quads.into_iter().map(|q| (q.to_string(), q)).collect();
    by_line.into_values().collect()
}

/// Canonical N-Quads: one sorted line per quad.
pub fn to_nquads(quads: &[Quad]) -> String {
    let mut out = String::new();
    for quad in quads {
        out.push_str(&quad.to_string());
        out.push_str(" .\n");
    }
    out
}
