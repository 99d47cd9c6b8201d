//! Numbered notices: `(24) JABOT Françoise, LAURENT Anne, Title, Journal,
//! vol. 30, n°2, 2018-03, pp. 155-156 [Consulter le document...]`, and the
//! same comma-separated shape behind a superscript footnote call
//! (`¹³ FAUCHIER-MAGNAN Emilie, Title, IGAS, 2018-08, 88 p.`).
//! Authors are printed `SURNAME Firstname` (or `SURNAME F.`).

use std::sync::LazyLock;

use regex::Regex;

use super::fields;
use super::kinds::KindCues;
use crate::extract::Reference;

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\((\d{1,3})\)\s+\S").expect("regex"));
static FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s+\S").expect("regex"));
static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\(\d{1,3}\)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+").expect("regex"));
static LINK_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*:?\s*(?:Consulter|Accéder)\b[^,]*$").expect("regex"));
static CAPS_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu}'\-]+(?: \p{Lu}[\p{Lu}'\-]+)* \p{Lu}[\p{L}\-]*\.?(?: \(et al\.\))?$")
        .expect("regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<y>(?:19|20)\d\d)(?:-\d\d(?:-\d\d)?)?\.?$|^s\.d\.?$").expect("regex")
});
static VOLUME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^vol\. ?(\S+)$").expect("regex"));
static ISSUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^n° ?(.+)$").expect("regex"));
static PAGES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:pp?\. ?\S+|\d+ p\.)$").expect("regex"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d\b").expect("regex"));

/// The notice starting at line `i`: a `(N)` line, or a footnote line that
/// reads as a notice (a comma list with a year or a link label), with the
/// rest of its paragraph and a following link-label line.
pub fn detect(lines: &[String], i: usize) -> Option<(usize, usize)> {
    let line = lines[i].trim();
    let dated = YEAR.is_match(&fields::strip_urls(line)) || LINK_LABEL.is_match(line);
    let numbered = NUMBER.is_match(line) && dated;
    let footnote = FOOTNOTE.is_match(line)
        && (line.contains(", ") && YEAR.is_match(&fields::strip_urls(line))
            || LINK_LABEL.is_match(line));
    if !numbered && !footnote {
        return None;
    }
    let mut end = i;
    while end + 1 < lines.len() {
        let next = lines[end + 1].trim();
        if next.is_empty()
            || NUMBER.is_match(next)
            || FOOTNOTE.is_match(next)
            || next.chars().count() > 300
        {
            break;
        }
        end += 1;
    }
    if let Some(k) = super::author_year::next_non_blank(lines, end + 1, 2) {
        if super::is_marker(&lines[k]) {
            end = k;
        }
    }
    Some((i, end))
}

/// Splits on ", " outside parentheses.
fn items(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth <= 0 && chars.get(k + 1) == Some(&' ') {
            out.push(std::mem::take(&mut cur).trim().to_owned());
            k += 2;
            continue;
        }
        cur.push(c);
        k += 1;
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_owned());
    }
    out
}

/// Parses a numbered or footnote notice.
pub fn parse(notice: &[&str], cues: &KindCues) -> Reference {
    let text = notice
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !super::is_marker(l))
        .collect::<Vec<_>>()
        .join(" ");
    let text = MARKER.replace(&text, "");
    let text = LINK_LABEL.replace(&text, "");
    let raw = text.trim().to_owned();
    let mut r = Reference {
        raw: raw.clone(),
        ..Reference::default()
    };
    read_items(&mut r, &items(&fields::strip_urls(&raw)), cues);
    r
}

/// Reads `authors…, title, [journal | publisher…], [vol.], [n°], date,
/// [pages]` items; shared with "Source :" lines of the same shape.
pub fn read_items(r: &mut Reference, items: &[String], cues: &KindCues) {
    let mut k = 0;
    while k < items.len() && CAPS_PERSON.is_match(&items[k]) {
        r.authors.extend(fields::author(&items[k]));
        k += 1;
    }
    if r.authors.is_empty() && is_organisation_before_title(items, k, cues) {
        // `Direction générale de l'offre de soins, Guide relatif…, Publisher`.
        r.authors.extend(fields::author(&items[k]).map(|mut a| {
            a.kind = crate::extract::AuthorKind::Organisation;
            a
        }));
        k += 1;
    }
    if k >= items.len() {
        return;
    }
    let mut title = items[k].clone();
    k += 1;
    while k < items.len()
        && (items[k].starts_with(char::is_lowercase)
            || title.split_whitespace().count() < 3 && k + 1 < items.len())
        && !is_detail(&items[k])
    {
        title.push_str(", ");
        title.push_str(&items[k]);
        k += 1;
    }
    let mut middle: Vec<String> = Vec::new();
    if let Some((t, rest)) = title.rsplit_once(" ? ") {
        // "… ? Publisher", but "… ? Actes de colloque" is still the title.
        if !rest.is_empty() && !rest.contains('?') && !cues.starts_with_type_word(rest) {
            middle.push(rest.trim().to_owned());
            title = format!("{t} ?");
        }
    }
    r.title = fields::clean_title(&title);
    let mut has_journal_marks = false;
    for item in &items[k..] {
        let item = item.trim().trim_end_matches(['.', ' ']).trim();
        let dotted = format!("{item}.");
        if let Some(c) = DATE.captures(item) {
            r.year = c.name("y").and_then(|y| y.as_str().parse().ok());
        } else if let Some(c) = VOLUME.captures(item) {
            r.volume = Some(c[1].to_owned());
            has_journal_marks = true;
        } else if let Some(c) = ISSUE.captures(item) {
            r.issue = Some(c[1].trim().to_owned());
            has_journal_marks = true;
        } else if PAGES.is_match(&dotted) || PAGES.is_match(item) {
            r.pages = fields::pages(&dotted);
        } else if !item.is_empty() {
            middle.push(item.to_owned());
        }
    }
    if has_journal_marks && !middle.is_empty() {
        r.journal = Some(middle.remove(0));
    }
    if !middle.is_empty() {
        r.publisher = Some(middle.join(", "));
    }
}

/// Whether item `k` is an organisation author: a plain name (no `:`, `?`,
/// `.`, digit or document-type word) followed by a title that opens with a
/// document-type word (`Guide…`, `Rapport…`), then a publisher or details.
fn is_organisation_before_title(items: &[String], k: usize, cues: &KindCues) -> bool {
    let (Some(name), Some(title)) = (items.get(k), items.get(k + 1)) else {
        return false;
    };
    k + 2 < items.len()
        && name.starts_with(char::is_uppercase)
        && !name.contains([':', '?', '.', '«'])
        && !name.chars().any(|c| c.is_ascii_digit())
        && !cues.starts_with_type_word(name)
        && title.starts_with(char::is_uppercase)
        && cues.starts_with_type_word(title)
}

/// Whether an item is a detail (volume, issue, pages, date) rather than
/// part of a title.
fn is_detail(item: &str) -> bool {
    let i = item.trim_end_matches('.');
    VOLUME.is_match(i) || ISSUE.is_match(i) || DATE.is_match(i) || PAGES.is_match(item)
}
