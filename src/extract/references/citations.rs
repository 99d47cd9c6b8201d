//! Author-date citations in running text: `(Czernichow, 2015)`,
//! `(Kringos et al., 2010)`, `(Bras, 2011 ; Kilo et Wasson, 2010)`,
//! `(AF Taiclet 2011)`, `(Mariette et Pitti, 2021)`. Interview credits such
//! as `(MG, MSP, 2021)` or `(Coordinateur, MSP, 2021)` are not citations:
//! every author must read as a surname, optionally after initials.

use std::sync::LazyLock;

use regex::Regex;

use super::fields;
use crate::extract::{Reference, ReferenceKind};

static PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()]{3,200})\)").expect("regex"));
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<auth>.+?),? (?P<year>(?:19|20)\d\d)[a-z]?(?:, (?:19|20)\d\d[a-z]?)*$")
        .expect("regex")
});
static SURNAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}{1,3} )?\p{Lu}\p{Ll}[\p{L}'\-]*(?: \p{Lu}\p{Ll}[\p{L}'\-]*)?$")
        .expect("regex")
});

/// Splits the author part of a citation into surnames, or `None` when a
/// part is not a surname.
fn surnames(auth: &str) -> Option<Vec<String>> {
    let auth = auth
        .trim()
        .trim_end_matches(" et al.")
        .trim_end_matches(" et al");
    let mut out = Vec::new();
    for part in auth.split([',', '&']).flat_map(|p| p.split(" et ")) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if !SURNAME.is_match(p) {
            return None;
        }
        out.push(p.to_owned());
    }
    (!out.is_empty() && out.len() <= 6).then_some(out)
}

/// Every author-date citation, once per (authors, year), in document order.
pub fn extract(lines: &[String]) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for group in PARENS.captures_iter(line) {
            for part in group[1].split(';') {
                let part = part.trim();
                let Some(c) = CITATION.captures(part) else {
                    continue;
                };
                let Some(names) = surnames(&c["auth"]) else {
                    continue;
                };
                if out.iter().any(|r| r.raw == part) {
                    continue;
                }
                out.push(Reference {
                    line: i + 1,
                    end_line: i + 1,
                    raw: part.to_owned(),
                    authors: names.iter().filter_map(|n| fields::author(n)).collect(),
                    year: c["year"].parse().ok(),
                    kind: ReferenceKind::Document,
                    ..Reference::default()
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(text: &str) -> Vec<String> {
        extract(&[text.to_owned()])
            .into_iter()
            .map(|r| r.raw)
            .collect()
    }

    #[test]
    fn finds_author_date_citations() {
        assert_eq!(cites("vu (Czernichow, 2015) et"), vec!["Czernichow, 2015"]);
        assert_eq!(
            cites("(Bras, 2011 ; Kilo et Wasson, 2010)"),
            vec!["Bras, 2011", "Kilo et Wasson, 2010"]
        );
        assert_eq!(
            cites("prise en charge » (AF Taiclet 2011)"),
            vec!["AF Taiclet 2011"]
        );
        assert_eq!(
            cites("(Bourgueil et al., 2012, 2009)"),
            vec!["Bourgueil et al., 2012, 2009"]
        );
        assert_eq!(
            cites("(Lazega, Jourda, Mounier, et Stofer, 2007)"),
            vec!["Lazega, Jourda, Mounier, et Stofer, 2007"]
        );
    }

    #[test]
    fn ignores_interview_credits_and_numbers() {
        assert!(cites("(MG, MSP, 2021) (Coordinateur, MSP, 2021) (N = 1562) (2019)").is_empty());
    }
}
