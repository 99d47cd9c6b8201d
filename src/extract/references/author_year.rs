//! Author-year notices: `Cour des comptes (2024). Title. Paris : Cour des
//! comptes`, `Bonzom, F., Chabotier, C., et al. (2020). "Title". Place,
//! Publisher`, `(2019). "Title"` (no author), journal articles `"Title."
//! Journal 56(2): 117-137.`, chapters `In: [Book]. Editor. Paris, Publisher:
//! 3-8.`; the URL or DOI usually stands on the next line.

use std::sync::LazyLock;

use regex::Regex;

use super::fields;
use super::kinds::{Kind, KindCues, Place};
use crate::extract::Reference;

static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<auth>[^()]{0,300}?)\s*\((?P<year>(?:19|20)\d\d)[a-z]?\)\s*\.\s*(?P<rest>.*)$")
        .expect("regex")
});
static URL_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:doi ?: ?)?(?:https?://\S+|www\.\S+|10\.\d{4,9}/\S+)$").expect("regex")
});
static URL_PIECE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[./][\w.\-/%?=&]*$").expect("regex"));
/// `. Saint-Denis : ` — a sentence that opens with a place and a colon.
static PUBLISHED_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\. \p{Lu}[\p{L}'\-]+(?: (?:\p{Lu}[\p{L}'\-]+|sur|en|de|la))*? ?: ").expect("regex")
});
static JOURNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<journal>[^\d()]+)\s*(?P<vol>\d+)?\s*(?:\((?P<issue>[^)]{1,15})\))?\s*(?::\s*(?P<pages>[\w.\-]+(?:-\w+)?))?",
    )
    .expect("regex")
});
static JOURNAL_PAGES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<journal>[^:]+?)\s*:\s*pp?\.\s*(?P<pages>\d+(?:-\d+)?)").expect("regex")
});
static PLACE_PUB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<place>\p{Lu}[\p{L}'\-]+(?:[ -]\p{Lu}[\p{L}'\-]+){0,3})\s*[:;,]\s*(?P<pub>[^:;]+?)(?::\s*(?P<pages>[\dIVX]+(?:-\d+)?))?\s*$")
        .expect("regex")
});
static INITIALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}\.?(?:[ \-]?\p{Lu}\.?){0,2}$").expect("regex"));

/// A notice head: text before "(YYYY)." reads as an author list (at most
/// fifteen words) and something follows.
fn is_head(line: &str) -> bool {
    HEAD.captures(line)
        .is_some_and(|c| c["auth"].split_whitespace().count() <= 15 && !c["rest"].trim().is_empty())
}

/// The notice starting at line `i`, if it has this shape: the head line, the
/// lines of its paragraph, a second paragraph closing an open quotation, and
/// the URL/DOI lines that follow.
pub fn detect(lines: &[String], i: usize) -> Option<(usize, usize)> {
    if !is_head(lines[i].trim()) {
        return None;
    }
    let mut end = i;
    while end + 1 < lines.len() && !lines[end + 1].trim().is_empty() && !is_head(&lines[end + 1]) {
        let next = lines[end + 1].trim();
        if next.chars().count() > 300 {
            break;
        }
        end += 1;
    }
    let quotes: usize = (i..=end).map(|k| lines[k].matches('"').count()).sum();
    if quotes % 2 == 1 {
        if let Some(k) = next_non_blank(lines, end + 1, 1) {
            let l = lines[k].trim();
            if l.contains('"') && l.chars().count() < 250 && !is_head(l) {
                end = k;
            }
        }
    }
    while let Some(k) = next_non_blank(lines, end + 1, 2) {
        if is_link_line(&lines[k]) {
            end = k;
        } else {
            break;
        }
    }
    Some((i, end))
}

/// Whether a line holds only links: URLs or DOIs, possibly with a stray
/// space printed inside one (`www.x.fr/a/b .pdf http://www.x.fr/a/b.pdf`).
fn is_link_line(line: &str) -> bool {
    let mut tokens = line.split_whitespace();
    tokens.next().is_some_and(|t| URL_ONLY.is_match(t))
        && tokens.all(|t| URL_ONLY.is_match(t) || URL_PIECE.is_match(t))
}

/// The next non-blank line at or after `from`, skipping at most `max_blank`
/// blank lines.
pub(super) fn next_non_blank(lines: &[String], from: usize, max_blank: usize) -> Option<usize> {
    let mut blanks = 0;
    for (k, l) in lines.iter().enumerate().skip(from) {
        if !l.trim().is_empty() {
            return Some(k);
        }
        blanks += 1;
        if blanks > max_blank {
            return None;
        }
    }
    None
}

/// Parses an author-year notice.
pub fn parse(notice: &[&str], cues: &KindCues) -> Reference {
    let raw = notice
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut r = Reference {
        raw: raw.clone(),
        ..Reference::default()
    };
    let Some(c) = HEAD.captures(&raw) else {
        return r;
    };
    r.year = c["year"].parse().ok();
    r.authors = authors(&c["auth"]);
    let rest = fields::strip_urls(&c["rest"]);
    let rest = rest.trim();
    let (title, tail) = split_title(rest);
    r.title = fields::clean_title(title);
    read_tail(&mut r, tail, cues);
    r
}

/// Splits the text after the year into the title and what follows. A
/// quoted title ends at its closing quote (inner quotations kept); an
/// unclosed one at a `. Place : Publisher` statement, else after its last
/// inner quotation, else at the end.
fn split_title(rest: &str) -> (&str, &str) {
    if let Some(body) = rest.strip_prefix('"') {
        if let Some(close) = fields::closing_quote(rest) {
            return (&rest[1..close], &rest[close + 1..]);
        }
        if let Some(m) = PUBLISHED_AT.find(body) {
            return (&body[..m.start()], &body[m.start() + 1..]);
        }
        if let Some(close) = fields::last_inner_close(rest) {
            return (&rest[1..=close], &rest[close + 1..]);
        }
        return (body, "");
    }
    match rest.find(". ") {
        Some(k) => (&rest[..k], &rest[k + 2..]),
        None => (rest, ""),
    }
}

/// Reads journal, volume, issue, pages, place and publisher after the title.
fn read_tail(r: &mut Reference, tail: &str, cues: &KindCues) {
    let tail = tail
        .trim()
        .trim_start_matches(['.', ',', ';', ':', ' '])
        .trim();
    if tail.is_empty() {
        return;
    }
    if cues.found(Kind::Thesis, Place::Notice, tail) {
        r.publisher = Some(tail.trim_end_matches('.').to_owned());
        return;
    }
    if let Some(book) = tail
        .strip_prefix("In:")
        .or_else(|| tail.strip_prefix("In :"))
    {
        // In: [Book]. Editor. Paris, Publisher: 517-525.
        let after_book = book.rsplit_once("].").map_or(book, |(_, a)| a);
        let last = after_book.rsplit_once(". ").map_or(after_book, |(_, a)| a);
        if let Some(c) = PLACE_PUB.captures(last.trim().trim_end_matches('.')) {
            r.place = Some(c["place"].to_owned());
            r.publisher = Some(c["pub"].trim().to_owned());
            r.pages = c.name("pages").map(|p| p.as_str().to_owned());
        }
        return;
    }
    if let Some(c) = JOURNAL_PAGES.captures(tail) {
        r.journal = Some(c["journal"].trim().to_owned());
        r.pages = Some(c["pages"].to_owned());
        return;
    }
    if tail.starts_with("pp") {
        r.pages = fields::pages(tail);
        return;
    }
    if let Some(c) = JOURNAL.captures(tail) {
        let journal = c["journal"].trim();
        let marked = c.name("issue").is_some() || c.name("pages").is_some();
        if !journal.is_empty() && marked {
            r.journal = Some(journal.to_owned());
            r.volume = c.name("vol").map(|m| m.as_str().to_owned());
            r.issue = c.name("issue").map(|m| m.as_str().trim().to_owned());
            r.pages = c
                .name("pages")
                .map(|m| {
                    m.as_str()
                        .trim_start_matches("pp.")
                        .trim_start_matches("p.")
                        .trim_end_matches('.')
                        .to_owned()
                })
                .filter(|p| p.chars().any(|c| c.is_ascii_digit()));
            return;
        }
    }
    let head = tail.split(" In :").next().unwrap_or(tail);
    let head = head
        .split(" (")
        .next()
        .unwrap_or(head)
        .trim()
        .trim_end_matches('.');
    if let Some(c) = PLACE_PUB.captures(head) {
        r.place = Some(c["place"].to_owned());
        r.publisher = Some(c["pub"].trim().to_owned());
    } else if !head.is_empty() {
        r.publisher = Some(head.to_owned());
    }
}

/// Splits `Bonzom, F., Chabotier, C., et al.` / `Certain, M. H., Lautman, A.
/// et Gilardi, H.` / `Cour des comptes` into authors.
pub fn authors(text: &str) -> Vec<crate::extract::Author> {
    let text = text.trim().trim_end_matches([',', ' ']);
    if text.is_empty() {
        return Vec::new();
    }
    let original = text;
    let text = text
        .replace(", et al.", "")
        .replace(" et al.", "")
        .replace(", et ", ", ")
        .replace(" et ", ", ");
    let items: Vec<&str> = text
        .split(", ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let has_initials = items
        .iter()
        .any(|t| INITIALS.is_match(t.trim_end_matches(',')));
    if !has_initials {
        return fields::author(original)
            .map(as_organisation)
            .into_iter()
            .collect();
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let surname = items[k];
        match items.get(k + 1) {
            Some(init) if INITIALS.is_match(init.trim_end_matches(',')) => {
                let name = format!("{surname}, {init}");
                if let Some(mut a) = fields::author(&name) {
                    if surname
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase)
                    {
                        // "HCAAM, P.": an organisation printed as a person,
                        // its name kept as printed.
                        a.kind = crate::extract::AuthorKind::Organisation;
                    }
                    out.push(a);
                }
                k += 2;
            }
            _ => {
                out.extend(fields::author(surname));
                k += 1;
            }
        }
    }
    out
}

fn as_organisation(mut a: crate::extract::Author) -> crate::extract::Author {
    a.kind = crate::extract::AuthorKind::Organisation;
    a
}
