//! `Source :` notices, as printed under an extract or a figure:
//! `Source : Jihane Sebai, Fatima Yatim, Title, in Journal- 2017/4 (N° 164),
//! pp. 887 à 902, [en ligne], consulté le 17 septembre 2021 https://...`.
//! In PDF-to-text files the notice is hard-wrapped, sometimes over blank
//! lines, and its URL may be cut by the wrap.

use std::sync::LazyLock;

use regex::Regex;

use super::kinds::{Kind, KindCues, Place};
use super::{fields, numbered};
use crate::extract::Reference;

static HEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Sources? ?: ?\S").expect("regex"));
static CONSULTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),?\s*\[?en\s+ligne\]?,?|,?\s*consulté le [^,]*?(?:\d{4})|,?\s*:?\s*(?:Accéder|Consulter)\b[^,]*$").expect("regex")
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d-\d\d\b").expect("regex"));
static ACRONYM_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\p{Lu}[\p{Lu}\d&\-]{1,15}) \(([^()]{3,})\)$").expect("regex"));
/// `Rennes : Presses de l'EHESP`.
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}'\-]+(?: \p{Lu}[\p{L}'\-]+)?) : (.+)$").expect("regex")
});
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}[\p{L}'\-]+ ){1,2}\p{Lu}[\p{L}'\-]+(?: \([^)]*\))?$").expect("regex")
});

/// Maximum number of lines a wrapped notice may span.
const MAX_LINES: usize = 8;

/// The notice starting at line `i`: the `Source :` line and its wrapped
/// continuation lines (an unfinished line is continued, across one or two
/// blank lines, by a line starting in lowercase, `[en ligne]` or a URL, and
/// after a comma, dash or colon by any line but a bracket or a number).
pub fn detect(lines: &[String], i: usize) -> Option<(usize, usize)> {
    if !HEAD.is_match(lines[i].trim()) {
        return None;
    }
    let mut end = i;
    while end - i + 1 < MAX_LINES {
        let Some(k) = super::author_year::next_non_blank(lines, end + 1, 2) else {
            break;
        };
        let prev = lines[end].trim();
        let next = lines[k].trim();
        let open = prev.ends_with([',', '-', ':', '(', '/', '_'])
            || !prev.ends_with(['.', ')'])
                && !prev
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.starts_with("http"));
        let continues = next.starts_with(char::is_lowercase)
            || next.to_lowercase().starts_with("[en")
            || next.starts_with("http")
            || prev.ends_with([',', '-', ':'])
                && !next.starts_with('[')
                && !next.starts_with(|c: char| c.is_ascii_digit());
        if open && continues && !HEAD.is_match(next) {
            end = k;
        } else {
            break;
        }
    }
    Some((i, end))
}

/// Parses a `Source :` notice.
pub fn parse(notice: &[&str], cues: &KindCues) -> Reference {
    let mut text = String::new();
    for l in notice.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if text.ends_with('-') && !text.ends_with(" -") {
            // A word or URL cut by the wrap.
            text.push_str(l);
        } else {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(l);
        }
    }
    // The body starts at the match's last character (`\S`, possibly several bytes).
    let body = HEAD
        .find(&text)
        .map_or(text.as_str(), |m| {
            let last = m.as_str().char_indices().next_back().map_or(0, |(i, _)| i);
            &text[m.start() + last..]
        })
        .trim()
        .to_owned();
    let mut r = Reference {
        raw: body.clone(),
        ..Reference::default()
    };
    let bare = fields::strip_urls(&body);
    let bare = CONSULTED.replace_all(&bare, "");
    let bare = bare.trim().trim_end_matches([',', '.', ':', ' ']);
    let items: Vec<String> = bare
        .split(", ")
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let data_credit = items
        .iter()
        .skip(1)
        .any(|i| cues.starts(Kind::Dataset, Place::Notice, i));
    if data_credit {
        // "RPPS – Drees – 2016, traitements ORS": data sources, no title.
    } else if ISO_DATE.is_match(bare) {
        // Title, Publisher, 2022-05 (the numbered-notice order).
        numbered::read_items(&mut r, &items, cues);
    } else {
        read_items(&mut r, &items, cues);
    }
    r.year = fields::last_year(bare).or(r.year);
    r
}

/// `CNAM (Suivi des adhésions à l'ACI)`: an acronym, then the title in
/// parentheses.
fn acronym_and_title(item: &str) -> Option<(&str, &str)> {
    let c = ACRONYM_TITLE.captures(item)?;
    let (a, t) = (c.get(1)?, c.get(2)?);
    Some((a.as_str(), t.as_str()))
}

/// Cuts what follows a title: a second, quoted title (`… - « Améliorer… » -`)
/// and a closing parenthesis naming the legal text the document answers
/// (`… au titre de 2022 (loi du 13 août 2005)`).
fn trim_title<'a>(title: &'a str, cues: &KindCues) -> &'a str {
    let mut t = title.split(" - «").next().unwrap_or(title).trim();
    t = t.trim_end_matches([' ', '-']);
    if let Some(open) = t.rfind(" (") {
        let inner = t[open + 2..].strip_suffix(')').unwrap_or("");
        if !inner.contains(['(', ')']) && cues.starts(Kind::Legislation, Place::TitleStart, inner) {
            t = t[..open].trim_end();
        }
    }
    t
}

/// Authors (person names, or an organisation followed by a title), title,
/// then publication details.
fn read_items(r: &mut Reference, items: &[String], cues: &KindCues) {
    if let Some((org, title)) = items.first().and_then(|i| acronym_and_title(i)) {
        r.authors.extend(fields::author(org).map(|mut a| {
            a.kind = crate::extract::AuthorKind::Organisation;
            a
        }));
        r.title = fields::clean_title(title);
        return;
    }
    let mut k = 0;
    while k < items.len() {
        let item = items[k].trim_end_matches('.');
        if item.starts_with("sous la direction") && !r.authors.is_empty() {
            k += 1;
            continue;
        }
        // "Jean Dupont et Anne Durand", "Jean DUPONT - Anne DURAND".
        let parts: Vec<&str> = item.split(" et ").flat_map(|p| p.split(" - ")).collect();
        if parts.iter().all(|p| {
            NAME.is_match(p.trim())
                || super::fields::is_person_name(p) && p.split_whitespace().count() == 2
        }) && k + 1 < items.len()
        {
            for p in parts {
                let p = p.split(" (").next().unwrap_or(p);
                r.authors.extend(fields::author(p));
            }
            k += 1;
        } else {
            break;
        }
    }
    let is_year_item =
        |s: &str| fields::first_year(s).is_some() && s.split_whitespace().count() <= 2;
    if r.authors.is_empty()
        && items.len() >= 3
        && !is_year_item(&items[1])
        && !items[1].starts_with(char::is_lowercase)
    {
        r.authors.extend(fields::author(&items[0]).map(|mut a| {
            a.kind = crate::extract::AuthorKind::Organisation;
            a
        }));
        k = 1;
    }
    if let Some(t) = items.get(k) {
        let mut title = t.clone();
        let mut j = k + 1;
        // A title cut by a comma continues in lowercase ("..., une dynamique").
        while let Some(next) = items.get(j) {
            if next.starts_with(char::is_lowercase)
                && !is_year_item(next)
                && !next.starts_with("in ")
                && !next.starts_with("pp")
                && !next.starts_with("sous la")
            {
                title.push_str(", ");
                title.push_str(next);
                j += 1;
            } else {
                break;
            }
        }
        r.title = fields::clean_title(trim_title(&title, cues));
        let rest: Vec<&str> = items[j..].iter().map(String::as_str).collect();
        if let Some(journal) = rest.iter().find_map(|s| s.strip_prefix("in ")) {
            let name = journal.split(['-', '(']).next().unwrap_or(journal).trim();
            r.journal = Some(name.to_owned());
        } else {
            let publisher: Vec<&str> = rest
                .iter()
                .copied()
                .filter(|s| {
                    !is_year_item(s)
                        && !s.starts_with("pp")
                        && !s.ends_with("p.")
                        && !s.starts_with("sous la")
                })
                .collect();
            if !publisher.is_empty() {
                let publisher = publisher.join(", ");
                match PLACE.captures(&publisher) {
                    Some(c) => {
                        r.place = Some(c[1].to_owned());
                        r.publisher = Some(c[2].to_owned());
                    }
                    None => r.publisher = Some(publisher),
                }
            }
        }
    }
}
