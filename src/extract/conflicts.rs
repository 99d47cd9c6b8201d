//! Conflicts between what a document says and what is known of a legal text.
//!
//! maillage keeps what each source says, attributed to it, and flags the
//! disagreement instead of silently picking one:
//! - a text cited with its number and a date that is not its date
//!   ("loi n° 2016-41 du 27 janvier 2016");
//! - a text cited by a date that matches no known text while a known text of
//!   the same kind carries the same day and month a year apart ("loi du 13
//!   août 2005" where loi n° 2004-810 is of 13 août 2004): the cited node is
//!   kept, and linked to the likely one.

use super::legal::LegalTextRecord;
use super::relations::fold;
use super::text::{month_number, Sentence};
use crate::refdata::{EntityKind, RefData};
use regex::Regex;
use std::sync::OnceLock;

/// A disagreement read in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Conflict {
    /// The legal text the document cites (as the document says it).
    pub stated: String,
    /// The known legal text it disagrees with (may equal `stated`).
    pub known: String,
    /// The date the document gives (`YYYY-MM-DD`).
    pub stated_date: String,
    /// The date the reference data gives.
    pub known_date: String,
    pub line: usize,
    pub quote: String,
}

fn number_and_date() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"n\s*°\s*(\d{4}-\d+)\s+du\s+(\d{1,2})(?:er)?\s+([a-z]+)\s+(\d{4})")
            .expect("valid regex")
    })
}

fn iso(day: &str, month: &str, year: &str) -> Option<String> {
    let m = month_number(month)?;
    let d: u32 = day.parse().ok()?;
    Some(format!("{year}-{m:02}-{d:02}"))
}

/// Conflicts stated in `sentences`, given the legal texts cited but unknown
/// to the reference data.
pub fn extract(
    sentences: &[Sentence],
    new_texts: &[LegalTextRecord],
    refdata: &RefData,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    let known: Vec<_> = refdata
        .of_kind(EntityKind::LegalText)
        .filter_map(|e| Some((e, e.legal.as_ref()?)))
        .collect();
    for sentence in sentences {
        let folded = fold(&sentence.text);
        for c in number_and_date().captures_iter(&folded) {
            let Some(stated_date) = iso(&c[2], &c[3], &c[4]) else {
                continue;
            };
            let Some((entity, info)) = known
                .iter()
                .find(|(_, i)| i.number.as_deref() == Some(&c[1]))
            else {
                continue;
            };
            if let Some(known_date) = info.date.as_ref().filter(|d| **d != stated_date) {
                out.push(Conflict {
                    stated: entity.iri.clone(),
                    known: entity.iri.clone(),
                    stated_date,
                    known_date: known_date.clone(),
                    line: sentence.line,
                    quote: sentence.text.clone(),
                });
            }
        }
    }
    for record in new_texts.iter().filter(|r| r.number.is_none()) {
        let Some(date) = &record.date else { continue };
        let (Some(year), Some(day_month)) = (
            date.get(..4).and_then(|y| y.parse::<i32>().ok()),
            date.get(4..),
        ) else {
            continue;
        };
        let near = known.iter().find(|(_, i)| {
            i.class == record.class
                && i.date.as_deref().is_some_and(|d| {
                    d.get(4..) == Some(day_month)
                        && d.get(..4)
                            .and_then(|y| y.parse::<i32>().ok())
                            .is_some_and(|y| (y - year).abs() == 1)
                })
        });
        let Some((entity, info)) = near else { continue };
        let Some(sentence) = sentences.iter().find(|s| cites(s, date)) else {
            continue;
        };
        out.push(Conflict {
            stated: record.iri.clone(),
            known: entity.iri.clone(),
            stated_date: date.clone(),
            known_date: info.date.clone().unwrap_or_default(),
            line: sentence.line,
            quote: sentence.text.clone(),
        });
    }
    out.sort();
    out.dedup();
    out
}

/// Whether a sentence cites a date written out in French (`13 août 2005`).
fn cites(sentence: &Sentence, date: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"(\d{1,2})(?:er)?\s+([a-z]+)\s+(\d{4})").expect("valid regex"));
    re.captures_iter(&fold(&sentence.text))
        .any(|c| iso(&c[1], &c[2], &c[3]).as_deref() == Some(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ID;

    fn sentence(text: &str) -> Sentence {
        Sentence {
            line: 4,
            end_line: 4,
            text: text.into(),
        }
    }

    #[test]
    fn a_wrong_date_beside_a_number_is_flagged() {
        let refdata = RefData::bundled().unwrap();
        let s = sentence("Les CPTS ont été créées par la loi n° 2016-41 du 27 janvier 2016.");
        let found = extract(&[s], &[], &refdata);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].stated, format!("{ID}loi/2016-41"));
        assert_eq!(
            (found[0].stated_date.as_str(), found[0].known_date.as_str()),
            ("2016-01-27", "2016-01-26")
        );
    }

    #[test]
    fn a_right_date_is_not_a_conflict() {
        let refdata = RefData::bundled().unwrap();
        let s = sentence("La loi n° 2016-41 du 26 janvier 2016 crée les CPTS.");
        assert!(extract(&[s], &[], &refdata).is_empty());
    }

    #[test]
    fn a_date_a_year_off_a_known_text_is_linked_to_it() {
        let refdata = RefData::bundled().unwrap();
        let s = sentence("Rapport sur les charges et produits (loi du 13 août 2005).");
        let record = LegalTextRecord {
            iri: format!("{ID}loi/2005-08-13"),
            class: "Loi".into(),
            number: None,
            date: Some("2005-08-13".into()),
            label: "Loi du 13 août 2005".into(),
        };
        let found = extract(&[s], &[record], &refdata);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].known, format!("{ID}loi/2004-810"));
        assert_eq!(found[0].stated, format!("{ID}loi/2005-08-13"));
    }
}
