//! Citations of legal texts, resolved to one entity per text however cited:
//! by number (`loi n° 2016-41`), by class and date (`loi du 26 janvier 2016`),
//! by title, nickname or acronym (`loi HPST`, `LMSS`), and articles of laws
//! (`article 65 de la loi ...`) or codes (`article L. 1411-11 du CSP`).
//!
//! Every name comes from [`RefData`]; the citation grammar (keywords are the
//! French labels of the legal-text classes) is built once per `RefData`.
//! Matching runs on folded text (see [`Folded`]): case, accents, `n°`/`no`,
//! apostrophes, non-breaking spaces and superscript footnote markers vanish.

use super::Mention;
use crate::extract::gazetteer::{select_longest, Document, Folded};
use crate::extract::text::MONTHS;
use crate::refdata::{EntityKind, LegalClass, RefData};
use crate::vocab::{self, ID};
use oxigraph::model::{NamedOrBlankNode, Term};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

mod citations;
mod footnotes;
mod patterns;
mod records;
#[cfg(test)]
mod tests;

use citations::*;
use footnotes::*;
pub use patterns::Patterns;
use patterns::*;
use records::*;

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

/// An article cited by a document and absent from the reference data; to be
/// typed `mlg:Article` with `eli:is_part_of` its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ArticleRecord {
    /// `{text iri}/article/{number}`.
    pub iri: String,
    /// The law or code it belongs to.
    pub part_of: String,
    /// `65`, `L1411-11`.
    pub number: String,
    pub label: String,
}

#[derive(Debug, Clone, Default)]
pub struct LegalExtraction {
    /// Mentions of legal texts, codes and articles, sorted.
    pub mentions: Vec<Mention>,
    pub new_texts: Vec<LegalTextRecord>,
    pub articles: Vec<ArticleRecord>,
}

/// A resolved citation in folded coordinates.
#[derive(Debug, Clone)]
struct Cite {
    iri: String,
    /// A code (`mlg:Code`): articles without a code refer to the last one cited.
    is_code: bool,
}

/// Resolves every legal citation of a document.
pub fn extract(lines: &[String], refdata: &RefData) -> LegalExtraction {
    let patterns = refdata.legal_patterns();
    let doc = Document::new(lines);
    let mut mentions = Vec::new();
    let mut new_texts = BTreeMap::new();
    let mut articles = BTreeSet::new();
    let mut last_code: Option<String> = None;

    for block in &doc.blocks {
        let folded = Folded::new(&block.text);
        let ft = folded.text.as_str();
        let (mut spans, parent_mentions) = by_name(refdata, &block.text, &folded);
        spans.extend(by_number(patterns, &block.text, &folded, &mut new_texts));
        spans.extend(by_date(refdata, &block.text, &folded, &mut new_texts));
        spans.extend(by_month(patterns, &block.text, &folded));
        spans.extend(by_class_year(patterns, ft));
        spans.extend(by_journal(patterns, ft));
        amendment_spans(patterns, ft, &mentions, &mut spans);
        // Bills are not laws.
        spans.retain(|(s, _, _)| !patterns.bill.is_match(&ft[..*s]));
        let spans = nicknames(patterns, ft, select_longest(spans));

        let mut push = |s: usize, e: usize, iri: &str| {
            let (ss, se) = folded.source_span(s, e);
            let matched = &block.text[ss..se];
            let line = block.line_of(ss);
            mentions.push(Mention {
                entity: iri.to_owned(),
                line,
                matched: matched.to_owned(),
                quote: doc.quote_at(block, ss, matched),
            });
        };
        for (s, e, cite) in &spans {
            push(*s, *e, &cite.iri);
            if let Some((_, _, parent)) = parent_mentions
                .iter()
                .find(|(ps, pe, _)| ps == s && pe == e)
            {
                push(*s, *e, parent);
            }
        }

        // Articles of laws: "article 65 de la loi ...".
        for (s, e, cite) in spans.iter().filter(|(_, _, c)| !c.is_code) {
            let before = &ft[..*s];
            let Some(c) = patterns.law_article.captures(before) else {
                continue;
            };
            let start = c.get(0).expect("match").start();
            let number = c["n"].to_owned();
            let article = article_record(patterns, &cite.iri, &number);
            push(start, *e, &article.iri);
            if !patterns.known.contains_key(&article.iri) {
                articles.insert(article);
            }
        }

        // Articles of codes: "article L. 1411-11 du code de la santé publique".
        let codes: Vec<&(usize, usize, Cite)> =
            spans.iter().filter(|(_, _, c)| c.is_code).collect();
        for c in patterns.code_article.captures_iter(ft) {
            let whole = c.get(0).expect("match");
            let after = whole.end()
                + patterns
                    .connector
                    .find(&ft[whole.end()..])
                    .map_or(0, |m| m.end());
            let following = codes
                .iter()
                .find(|(s, _, _)| *s == after || *s + 1 == after);
            let preceding = codes.iter().rev().find(|(_, e, _)| *e <= whole.start());
            let (code, end) = match (following, preceding) {
                (Some((_, e, cite)), _) => (Some(cite.iri.clone()), *e),
                (None, Some((_, _, cite))) => (Some(cite.iri.clone()), whole.end()),
                (None, None) => (last_code.clone(), whole.end()),
            };
            let Some(code) = code else { continue };
            let number = format!("{}{}", c["p"].to_uppercase(), c["n"].replace(' ', "-"));
            let article = article_record(patterns, &code, &number);
            push(whole.start(), end, &article.iri);
            if !patterns.known.contains_key(&article.iri) {
                articles.insert(article);
            }
        }
        if let Some((_, _, cite)) = codes.last() {
            last_code = Some(cite.iri.clone());
        }
    }
    let calls = footnote_mentions(&doc, lines, &mentions, patterns);
    mentions.extend(calls);
    mentions.sort();
    mentions.dedup();
    LegalExtraction {
        mentions,
        new_texts: new_texts.into_values().collect(),
        articles: articles.into_iter().collect(),
    }
}
