//! Citations of legal texts, resolved to one entity per text.

use super::Mention;
use crate::refdata::RefData;

/// A legal text cited by a document but absent from the reference data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LegalTextRecord {
    pub iri: String,
    /// Local name of the ontology class (`Loi`, `Decret`, ...).
    pub class: String,
    pub number: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub label: String,
}

#[derive(Debug, Clone, Default)]
pub struct LegalExtraction {
    pub mentions: Vec<Mention>,
    pub new_texts: Vec<LegalTextRecord>,
}

pub fn extract(_lines: &[String], _refdata: &RefData) -> LegalExtraction {
    LegalExtraction::default()
}
