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

mod footnotes;
mod patterns;
mod records;
#[cfg(test)]
mod tests;

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
    let matcher = refdata.legal_matcher();
    let doc = Document::new(lines);
    let mut mentions = Vec::new();
    let mut new_texts = BTreeMap::new();
    let mut articles = BTreeSet::new();
    let mut last_code: Option<String> = None;

    for block in &doc.blocks {
        let folded = Folded::new(&block.text);
        let ft = folded.text.as_str();
        let mut spans: Vec<(usize, usize, Cite)> = Vec::new();
        let mut parent_mentions: Vec<(usize, usize, String)> = Vec::new();

        let mut nearby: Option<BTreeSet<String>> = None;
        for hit in matcher.find(&block.text, &folded) {
            let (s, e) = (
                folded.folded_offset(hit.start),
                folded.folded_offset(hit.end),
            );
            let mut entities = hit.entities;
            if entities.len() > 1 {
                // A shared name: keep the texts acting on what the passage names.
                let nearby = nearby.get_or_insert_with(|| {
                    let hits = refdata.gazetteer_matcher().find(&block.text, &folded);
                    hits.into_iter().flat_map(|h| h.entities).collect()
                });
                entities.retain(|iri| {
                    patterns
                        .targets
                        .get(iri)
                        .is_some_and(|t| !t.is_disjoint(nearby))
                });
            }
            for iri in entities {
                let known = patterns.known.get(&iri);
                let is_code = known.is_some_and(|(c, _, _)| c == "Code");
                // A named article ("expérimentations article 51") also cites its text.
                if let Some(parent) = known.and_then(|(_, _, p)| p.clone()) {
                    parent_mentions.push((s, e, parent));
                }
                spans.push((s, e, Cite { iri, is_code }));
            }
        }
        for c in patterns.number.captures_iter(ft) {
            let (whole, num) = (c.get(0).expect("match"), c.name("num").expect("num"));
            if patterns.bill.is_match(&ft[..whole.start()]) {
                continue; // bills are not laws
            }
            let class = patterns.class_of(c.name("kw").map(|m| m.as_str()));
            let date = c.name("d").and_then(|_| parse_date(&c));
            let folded_num = num.as_str();
            let known = Patterns::lookup(
                &patterns.by_number,
                folded_num,
                class.map(|k| k.class.as_str()),
            )
            .or_else(|| Patterns::lookup(&patterns.by_number, folded_num, None));
            let iri = match (known, class) {
                (Some(iri), _) => iri,
                (None, Some(class)) => {
                    let (ss, se) = folded.source_span(num.start(), num.end());
                    let number = display_number(folded_num, &block.text[ss..se]);
                    let record = mint(class, Some(number), date);
                    let iri = record.iri.clone();
                    add_record(&mut new_texts, record);
                    iri
                }
                (None, None) => continue,
            };
            spans.push((
                whole.start(),
                whole.end(),
                Cite {
                    iri,
                    is_code: false,
                },
            ));
        }
        for c in patterns.date.captures_iter(ft) {
            let whole = c.get(0).expect("match");
            let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
                continue;
            };
            if patterns.bill.is_match(&ft[..whole.start()]) {
                continue;
            }
            let mut dated = vec![(whole.start(), whole.end(), parse_date(&c))];
            let mut end = whole.end();
            while let Some(more) = patterns.and_date.captures(&ft[end..]) {
                let m = more.get(0).expect("match");
                dated.push((end + " et ".len(), end + m.end(), parse_date(&more)));
                end += m.end();
            }
            for (s, e, date) in dated {
                let Some(date) = date else { continue };
                let iri = match Patterns::lookup(&patterns.by_date, &date, Some(&class.class)) {
                    Some(iri) => iri,
                    None => {
                        let record = mint(class, None, Some(date));
                        let iri = record.iri.clone();
                        add_record(&mut new_texts, record);
                        iri
                    }
                };
                spans.push((
                    s,
                    e,
                    Cite {
                        iri,
                        is_code: false,
                    },
                ));
            }
        }
        // A type with a month and year only: the one known text of that month.
        for c in patterns.month_year.captures_iter(ft) {
            let whole = c.get(0).expect("match");
            let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
                continue;
            };
            let Some(month) = MONTHS.iter().position(|m| *m == &c["m"]) else {
                continue;
            };
            let found = patterns.dated(&class.class, &format!("{}-{:02}", &c["y"], month + 1));
            if let [iri] = found.as_slice() {
                let cite = Cite {
                    iri: iri.clone(),
                    is_code: false,
                };
                spans.push((whole.start(), whole.end(), cite));
            }
        }
        // Published in the Journal officiel: signed that day or the day before.
        for c in patterns.journal.captures_iter(ft) {
            let whole = c.get(0).expect("match");
            let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
                continue;
            };
            let Some(date) = parse_date(&c) else { continue };
            let mut found = patterns.dated(&class.class, &date);
            if found.is_empty() {
                if let Some(before) = day_before(&date) {
                    found = patterns.dated(&class.class, &before);
                }
            }
            for iri in found {
                let cite = Cite {
                    iri,
                    is_code: false,
                };
                spans.push((whole.start(), whole.end(), cite));
            }
        }
        amendment_spans(patterns, ft, &mut spans);
        // Bills are not laws.
        spans.retain(|(s, _, _)| !patterns.bill.is_match(&ft[..*s]));
        let spans = select_longest(spans);

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

/// Amendments cited by number or count next to the text they amend ("l'avenant
/// 2 à l'ACI CPTS", "l'ACI …, complété par 2 avenants"): among the known
/// amendments of a text the passage cites, the one of that number, or all of
/// them when the count is theirs.
fn amendment_spans(patterns: &Patterns, ft: &str, spans: &mut Vec<(usize, usize, Cite)>) {
    let amended: Vec<&Vec<(String, String)>> = spans
        .iter()
        .filter_map(|(_, _, c)| patterns.amendments.get(&c.iri))
        .collect();
    let mut found = Vec::new();
    for c in patterns.amendment_number.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let numbered: Vec<&String> = amended
            .iter()
            .flat_map(|list| list.iter())
            .filter(|(n, _)| *n == c["n"])
            .map(|(_, iri)| iri)
            .collect();
        if let [iri] = numbered.as_slice() {
            found.push((whole.start(), whole.end(), (*iri).clone()));
        }
    }
    for c in patterns.amendment_count.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let count = match &c["c"] {
            "deux" => 2,
            "trois" => 3,
            "quatre" => 4,
            "cinq" => 5,
            digit => digit.parse().unwrap_or(0),
        };
        for list in amended.iter().filter(|l| l.len() == count) {
            for (_, iri) in list.iter() {
                found.push((whole.start(), whole.end(), iri.clone()));
            }
        }
    }
    for (s, e, iri) in found {
        spans.push((
            s,
            e,
            Cite {
                iri,
                is_code: false,
            },
        ));
    }
}
