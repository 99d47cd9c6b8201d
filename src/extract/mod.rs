//! Extraction: source text in, plain Rust records out.
//!
//! Invariant: extraction never touches the store and never mints RDF; it
//! returns records with line numbers and quotes, which [`crate::rdf`] turns into
//! quads. Every rule here works on any document of the same kind: no rule may
//! name a seed file, a line number or a specific sentence.
//!
//! Steps: [`text`] normalises the raw text into lines; [`references`] finds
//! bibliographic notices; [`legal`] resolves citations of legal texts;
//! [`gazetteer`] finds dispositifs, actors and territories.

pub mod conflicts;
pub mod gazetteer;
pub mod instances;
pub mod legal;
pub mod references;
pub mod relations;
pub mod text;

use crate::refdata::RefData;

/// A source document: a plain-text file (markdown-ish, PDF-to-text, OCR).
#[derive(Debug, Clone)]
pub struct SourceDocument {
    /// Stable identifier: the file stem (`000_95b47d113a140789`).
    pub id: String,
    /// The raw text as read from the file.
    pub raw: String,
}

/// What extraction found in one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub document_id: String,
    /// Title and date as stated on the document's first page, when found.
    pub title: Option<String>,
    pub date: Option<String>,
    /// Number of lines of the source (1-based line numbers below refer to it).
    pub line_count: usize,
    pub references: Vec<Reference>,
    /// For each reference (same order), the entities its notice and abstract
    /// speak of: dispositifs, legal texts, actors, territories.
    pub reference_subjects: Vec<Vec<String>>,
    /// Resolved mentions of legal texts (laws, ordonnances, décrets, ACI, articles).
    pub legal_mentions: Vec<Mention>,
    /// Resolved mentions of dispositifs, actors and territories.
    pub entity_mentions: Vec<Mention>,
    /// Legal texts cited but unknown to the reference data (minted from their number).
    pub new_legal_texts: Vec<legal::LegalTextRecord>,
    /// Articles of laws and codes cited (`…/article/65`).
    pub new_articles: Vec<legal::ArticleRecord>,
    /// Named local instances of dispositifs ("la CPTS Centre Vendée").
    pub instances: Vec<instances::LocalInstance>,
    /// Where the document disagrees with what is known of a legal text.
    pub conflicts: Vec<conflicts::Conflict>,
    /// What legal texts did to dispositifs and actors, sentence by sentence.
    pub relations: Vec<relations::Relation>,
    /// Unknown dispositif-like noun phrases a legal text acted on, for a
    /// curator to confirm.
    pub candidates: Vec<relations::Candidate>,
}

/// A bibliographic notice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reference {
    /// First and last 1-based source lines of the notice (abstract excluded).
    pub line: usize,
    pub end_line: usize,
    /// The notice as printed, whitespace-normalised.
    pub raw: String,
    pub title: Option<String>,
    pub authors: Vec<Author>,
    pub year: Option<i32>,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub journal: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub url: Option<String>,
    pub doi: Option<String>,
    pub kind: ReferenceKind,
    pub abstract_text: Option<String>,
    /// The heading of the document section the notice sits in.
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub kind: AuthorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorKind {
    Person,
    Organisation,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReferenceKind {
    Report,
    Article,
    Book,
    Chapter,
    Thesis,
    WebPage,
    LegalText,
    #[default]
    Document,
}

/// A resolved mention of a known entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    /// The entity's IRI (under the default base).
    pub entity: String,
    /// 1-based source line.
    pub line: usize,
    /// The text as matched in the document.
    pub matched: String,
    /// The sentence (or line) it was read in, verbatim.
    pub quote: String,
}

/// Runs every extraction step on one document.
pub fn extract(document: &SourceDocument, refdata: &RefData) -> Extraction {
    let lines = text::normalise(&document.raw);
    let (title, date) = text::title_and_date(&lines);
    let references = references::extract_with(&lines, refdata);
    let legal = legal::extract(&lines, refdata);
    let entity_mentions = gazetteer::extract(&lines, refdata);
    let sentences = text::sentences(&lines);
    let relations = relations::extract(
        &sentences,
        &legal.mentions,
        &entity_mentions,
        refdata.relation_cues(),
    );
    let candidates = relations::candidates(
        &sentences,
        &legal.mentions,
        &entity_mentions,
        refdata.relation_cues(),
    );
    let mentions: Vec<&Mention> = legal.mentions.iter().chain(&entity_mentions).collect();
    let reference_subjects = reference_subjects(&references, &mentions);
    let instances = instances::extract(&lines, &entity_mentions, refdata);
    let conflicts = conflicts::extract(&sentences, &legal.new_texts, refdata);
    Extraction {
        document_id: document.id.clone(),
        reference_subjects,
        title,
        date,
        line_count: lines.len(),
        references,
        legal_mentions: legal.mentions,
        entity_mentions,
        new_legal_texts: legal.new_texts,
        new_articles: legal.articles,
        instances,
        conflicts,
        relations,
        candidates,
    }
}

/// Lines after a notice that can still belong to its abstract.
const ABSTRACT_SPAN: usize = 12;

/// The entities mentioned in each reference's notice and abstract: from its
/// first line up to the next notice (at most [`ABSTRACT_SPAN`] lines past the
/// notice itself). Author-date citations in running text have no abstract.
fn reference_subjects(references: &[Reference], mentions: &[&Mention]) -> Vec<Vec<String>> {
    let mut starts: Vec<usize> = references.iter().map(|r| r.line).collect();
    starts.sort_unstable();
    references
        .iter()
        .map(|r| {
            let next = starts
                .iter()
                .copied()
                .find(|&s| s > r.end_line)
                .unwrap_or(usize::MAX);
            let last = if r.kind == ReferenceKind::Document && r.title.is_none() {
                r.end_line
            } else {
                next.saturating_sub(1).min(r.end_line + ABSTRACT_SPAN)
            };
            let mut subjects: Vec<String> = mentions
                .iter()
                .filter(|m| (r.line..=last).contains(&m.line))
                .filter(|m| r.place.as_deref() != Some(m.matched.as_str()))
                .map(|m| m.entity.clone())
                .collect();
            subjects.sort();
            subjects.dedup();
            subjects
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(entity: &str, line: usize, matched: &str) -> Mention {
        Mention {
            entity: entity.into(),
            line,
            matched: matched.into(),
            quote: String::new(),
        }
    }

    #[test]
    fn a_reference_is_about_what_its_notice_and_abstract_mention() {
        let references = vec![
            Reference {
                line: 10,
                end_line: 11,
                title: Some("Les CPTS".into()),
                place: Some("Paris".into()),
                ..Default::default()
            },
            Reference {
                line: 14,
                end_line: 14,
                title: Some("Les CLS".into()),
                ..Default::default()
            },
        ];
        let mentions = [
            mention("cpts", 10, "CPTS"),
            mention("paris", 11, "Paris"),
            mention("loi", 12, "loi HPST"),
            mention("cls", 14, "CLS"),
            mention("far", 40, "MSP"),
        ];
        let refs: Vec<&Mention> = mentions.iter().collect();
        let subjects = reference_subjects(&references, &refs);
        assert_eq!(
            subjects,
            vec![
                vec!["cpts".to_owned(), "loi".to_owned()],
                vec!["cls".to_owned()]
            ]
        );
    }
}
