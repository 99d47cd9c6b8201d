//! Block notices, built around a publication line:
//!
//! ```text
//! Chauvin Franck                                     (authors, optional)
//! Dessiner la santé publique de demain               (title)
//! Paris : Ministère des solidarités et de la santé, 2021, 157 p.
//! En ligne : https://solidarites-sante.gouv.fr/...   (URL, optional)
//! ```
//!
//! Authors may follow the title; an `In :` line introduces the host book;
//! journal articles print `Journal 2020 ; 63 : 51-55`; one-line variants
//! put everything on one line (`Kouchner Bernard. Title. Paris : Flammarion,
//! 2004, p. XVI`). A line with `En ligne :` or `Doi :` also anchors a notice.

use std::sync::LazyLock;

use regex::Regex;

use super::author_year::next_non_blank;
use super::fields;
use crate::extract::{Author, Reference};

fn re(p: &str) -> Regex {
    Regex::new(p).expect("static regex")
}

static EN_LIGNE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:^|\s)en ligne\s*:?\s*(?:https?://|www\.|$)|(?i)^doi\s*:"));
static PUB_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<place>\p{Lu}[\p{L}'\- ]{1,40}?(?:, \p{Lu}[\p{L}\- ]+)?)\s?:\s(?P<pub>[^:]{2,200}?)[,;]\s(?:\p{L}+\s)?(?P<year>1[89]\d\d|20\d\d|s\.?\s?d\b\.?|sd\b)",
    )
});
static PUB_JOURNAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<journal>\p{Lu}[^.;:,]{1,100}?)\s+(?P<year>1[89]\d\d|20\d\d)\s?;\s?(?P<rest>[^;]{1,60}?)(?:\.?\s*$|\s+En ligne|\.\s+\p{Lu})",
    )
});
static URL_ONLY: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:https?://|www\.)\S+$|^[\w.\-]+\.[a-z]{2,}/\S*$|^[\w%.\-]+/\S+$"));
static MARKER: LazyLock<Regex> = LazyLock::new(|| re(r"^\[[^\]]{2,40}\]\.?$"));
static TRAILING_MARKER: LazyLock<Regex> = LazyLock::new(|| re(r"\s*\[[^\]]{2,40}\]\s*$"));
static IN_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:In ?:|Cité dans ?:)\s*"));
static UNDATED: LazyLock<Regex> = LazyLock::new(|| re(r"[,;]\s(?:s\.?\s?d\b\.?|sd\b)"));

/// Whether the document prints its notices this way: at least three
/// `En ligne :` / `Doi :` lines.
pub fn document_has_shape(lines: &[String]) -> bool {
    lines.iter().filter(|l| EN_LIGNE.is_match(l)).count() >= 3
}

/// Whether the notice says it is undated (`s.d.`, `sd`).
pub fn undated(raw: &str) -> bool {
    UNDATED.is_match(raw)
        && PUB_PLACE
            .captures(raw)
            .is_none_or(|c| fields::first_year(&c["year"]).is_none())
}

fn is_publication(line: &str) -> bool {
    line.trim().chars().count() <= 250 && states_publication(line)
}

/// Whether the line holds a publication statement, whatever its length.
fn states_publication(line: &str) -> bool {
    let l = line.trim();
    (l.starts_with(char::is_uppercase) || IN_LINE.is_match(l))
        && !l.starts_with('«')
        && (PUB_PLACE.is_match(l) || PUB_JOURNAL.is_match(l))
}

fn is_url_anchor(line: &str) -> bool {
    EN_LIGNE.is_match(line.trim())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Authors,
    In,
    Marker,
    Other,
}

/// Lines that end a backward walk: running text, lists, links.
fn is_prose(line: &str) -> bool {
    let l = line.trim();
    let n = l.chars().count();
    l.starts_with(char::is_lowercase)
        || (l.starts_with('«') && (l.ends_with('»') || n > 200))
        || closes_quotation(l)
        || l.starts_with("- ")
        || l.starts_with(">>")
        || l.starts_with("[Extrait")
        || l.starts_with("[...]")
        || l.contains('@')
        || n > 300
        || (n > 160 && l.matches(". ").count() >= 2)
        || is_url_anchor(l)
        || URL_ONLY.is_match(l)
}

/// Whether a line ends a quotation: `« … »` on the line, or the last
/// sentence of a quotation opened above (`… multisite. »`). A title printed
/// with a stray closing guillemet (`… première ligne »`) does not.
fn closes_quotation(line: &str) -> bool {
    line.strip_suffix('»')
        .is_some_and(|stem| line.contains('«') || stem.trim_end().ends_with(['.', '!', '…']))
}

/// Splits an author list (`Rist S, Rogez R`, `Ono, T., Schoenstein, M.`,
/// `Benisvy Carole, Bray Renaud (et al.).`) into names, merging a bare
/// initials item into the name before it; `None` if an item is not a name.
fn author_names(line: &str) -> Option<Vec<String>> {
    let l = line.trim().trim_end_matches('.');
    if l.contains(':') || l.chars().count() > 250 {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    for item in l.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()) {
        let item = item.trim_end_matches("(et al.)").trim();
        if item == "et al" || item == "et al." || item.is_empty() {
            continue;
        }
        let parts: Vec<&str> = item.split(" et ").collect();
        for p in parts {
            if fields::is_initials(p) && !names.is_empty() {
                let last = names.last_mut()?;
                last.push_str(", ");
                last.push_str(p);
            } else if fields::is_person_name(p) {
                names.push(p.to_owned());
            } else {
                return None;
            }
        }
    }
    (!names.is_empty()).then_some(names)
}

fn role(line: &str) -> Role {
    let l = line.trim();
    if IN_LINE.is_match(l) {
        Role::In
    } else if MARKER.is_match(l) {
        Role::Marker
    } else if author_names(l).is_some() {
        Role::Authors
    } else {
        Role::Other
    }
}

/// Whether an "Other" line is short and plain enough to be an organisation
/// printed between the title and the publication line.
fn org_like(line: &str) -> bool {
    let l = line.trim();
    l.chars().count() <= 100 && !l.contains([':', '.', '?', '!', '«', '['])
}

/// The notice anchored at line `i` (a publication line or an `En ligne :`
/// line), extended backwards over its title and author lines and forwards
/// over its URL lines.
pub fn detect(lines: &[String], i: usize, consumed: &[bool]) -> Option<(usize, usize)> {
    let anchor = lines[i].trim();
    if !(is_publication(anchor) || is_url_anchor(anchor)) || anchor.starts_with(char::is_lowercase)
    {
        return None;
    }
    let start = walk_back(lines, i, consumed);
    let end = walk_forward(lines, i, consumed);
    Some((start, end))
}

fn walk_back(lines: &[String], i: usize, consumed: &[bool]) -> usize {
    let mut start = i;
    let (mut have_title, mut have_authors, mut swapped) = (false, false, false);
    let mut last: Option<(Role, usize)> = None;
    let (mut taken, mut blanks) = (0, 0);
    let mut k = i;
    while k > 0 && taken < 5 {
        k -= 1;
        let l = lines[k].trim();
        if l.is_empty() {
            blanks += 1;
            if blanks > 3 {
                break;
            }
            continue;
        }
        blanks = 0;
        if consumed[k]
            || is_prose(l)
            || is_publication(l)
            || super::is_strong_heading(l)
            || l.ends_with(':') && !IN_LINE.is_match(l)
        {
            break;
        }
        let r = role(l);
        match r {
            Role::Marker => {}
            Role::In => have_authors = false,
            Role::Authors => {
                if have_authors {
                    break;
                }
                have_authors = true;
            }
            Role::Other => {
                if have_title && last.is_none_or(|(r, _)| r != Role::In) {
                    let lower_is_org = last.is_some_and(|(_, idx)| org_like(&lines[idx]));
                    if swapped || have_authors || !lower_is_org {
                        break;
                    }
                    swapped = true;
                }
                have_title = true;
            }
        }
        start = k;
        taken += 1;
        last = Some((r, k));
        if have_title && have_authors {
            break;
        }
    }
    start
}

fn walk_forward(lines: &[String], i: usize, consumed: &[bool]) -> usize {
    let mut end = i;
    let mut has_url =
        fields::urls(&[lines[i].as_str()]).len() + usize::from(lines[i].contains("Doi")) > 0;
    while end + 1 < lines.len() {
        let l = lines[end + 1].trim();
        if l.is_empty()
            || consumed[end + 1]
            || is_publication(l) && !is_url_anchor(l)
            || l.chars().count() > 300
        {
            break;
        }
        if is_url_anchor(l) || URL_ONLY.is_match(l) {
            has_url = true;
        } else if l.starts_with(char::is_lowercase) && !l.starts_with("p.") {
            break;
        }
        end += 1;
    }
    while let Some(k) = next_non_blank(lines, end + 1, 2) {
        let l = lines[k].trim();
        let prev = lines[end].trim();
        let take = !consumed[k]
            && ((is_url_anchor(l) && !has_url)
                || (URL_ONLY.is_match(l)
                    && (!has_url
                        || prev.ends_with(['-', '/', '_', '='])
                        || URL_ONLY.is_match(prev)))
                || MARKER.is_match(l));
        if !take {
            break;
        }
        has_url |= !fields::urls(&[l]).is_empty();
        end = k;
    }
    end
}

/// Parses a block notice.
pub fn parse(notice: &[&str]) -> Reference {
    let mut lines: Vec<&str> = notice
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    // A notice quoted in parentheses inside a paragraph: keep the quotation.
    let inner: Option<String> = lines.first().and_then(|l| parenthesised_notice(l));
    if let Some(inner) = &inner {
        lines = vec![inner.as_str()];
    }
    let raw = lines.join(" ");
    let mut r = Reference {
        raw: raw.clone(),
        ..Reference::default()
    };
    let mut title_lines: Vec<&str> = Vec::new();
    let mut after_in = false;
    for l in &lines {
        // Text before an inline "En ligne :" is the notice; the URL is read later.
        let l = &match EN_LIGNE.find(l) {
            Some(m) if m.start() > 0 => l[..m.start()].trim(),
            _ => l,
        };
        if URL_ONLY.is_match(l)
            || (is_url_anchor(l)
                && !states_publication(l)
                && EN_LIGNE.find(l).is_some_and(|m| m.start() == 0))
        {
            continue;
        }
        if states_publication(l) {
            let before = read_publication(&mut r, l);
            let before = IN_LINE.replace(before.trim(), "");
            if !before.trim().is_empty() && r.title.is_none() && title_lines.is_empty() && !after_in
            {
                split_one_line(&mut r, before.trim());
            }
            continue;
        }
        match role(l) {
            Role::Marker => {}
            Role::In => after_in = true,
            Role::Authors if !after_in && r.authors.is_empty() => {
                r.authors = author_names(l)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|n| fields::author(n))
                    .collect();
            }
            Role::Authors => {}
            Role::Other if after_in => {}
            Role::Other => title_lines.push(l),
        }
    }
    if r.title.is_none() {
        if let [only] = title_lines.as_slice() {
            if only.chars().count() > 150 {
                split_one_line(&mut r, only);
            }
        }
    }
    if r.title.is_none() {
        assign_titles(&mut r, &title_lines);
    }
    if r.title.is_none() {
        // A URL-anchored one-liner with no publication line.
        let text = EN_LIGNE
            .splitn(&raw, 2)
            .next()
            .unwrap_or(&raw)
            .trim()
            .to_owned();
        split_one_line(&mut r, &text);
    }
    r
}

/// The parenthesised notice inside a long paragraph line, if any.
fn parenthesised_notice(line: &str) -> Option<String> {
    if line.chars().count() <= 300 {
        return None;
    }
    let open = line.find(" (")?;
    let inner = line[open + 2..].trim_end().strip_suffix(')')?;
    (is_url_anchor(inner) || is_publication(inner)).then(|| inner.to_owned())
}

/// Reads place, publisher, year or journal details; returns the text before
/// the publication statement.
fn read_publication<'a>(r: &mut Reference, line: &'a str) -> &'a str {
    let j = PUB_JOURNAL.captures(line);
    let p = PUB_PLACE.captures(line);
    let use_journal = match (&j, &p) {
        (Some(j), Some(p)) => j.get(0).map(|m| m.start()) < p.get(0).map(|m| m.start()),
        (Some(_), None) => true,
        _ => false,
    };
    if use_journal {
        let Some(c) = j else { return "" };
        r.journal = Some(c["journal"].trim().to_owned());
        r.year = c["year"].parse().ok();
        read_journal_rest(r, &c["rest"]);
        return &line[..c.get(0).map_or(0, |m| m.start())];
    }
    let Some(c) = p else { return "" };
    r.place = Some(c["place"].trim().to_owned());
    r.publisher = Some(c["pub"].trim().to_owned());
    r.year = c["year"].parse().ok();
    let after = &line[c.get(0).map_or(0, |m| m.end())..];
    r.pages = fields::pages(after);
    &line[..c.get(0).map_or(0, |m| m.start())]
}

/// `63 : 51-55`, `3(28) : 375-379`, `Hors-série 1 (S1) : pp. 139-143`,
/// `n° 49 : pp. 34-44`, `25 p.`, `12:80`.
fn read_journal_rest(r: &mut Reference, rest: &str) {
    let (vol, pages) = match rest.split_once(':') {
        Some((v, p)) => (v.trim(), p.trim()),
        None if rest.trim().ends_with("p") || rest.contains(" p") => ("", rest.trim()),
        None => (rest.trim(), ""),
    };
    if !vol.is_empty() {
        match vol.split_once('(') {
            Some((v, i)) => {
                r.volume = Some(v.trim().to_owned()).filter(|v| !v.is_empty());
                r.issue = Some(i.trim_end_matches(')').trim().to_owned());
            }
            None => match vol.strip_prefix("n°") {
                Some(i) => r.issue = Some(i.trim().to_owned()),
                None => r.volume = Some(vol.to_owned()),
            },
        }
    }
    if !pages.is_empty() {
        let p = pages.trim_end_matches('.');
        r.pages = Some(
            p.trim_start_matches("pp.")
                .trim_start_matches("p.")
                .trim()
                .to_owned(),
        )
        .map(|p| {
            if p.ends_with(" p") || p.ends_with('p') && p.len() > 1 {
                format!("{p}.")
            } else {
                p
            }
        });
    }
}

/// Title (and organisation author) from the lines that are neither authors
/// nor publication details.
fn assign_titles(r: &mut Reference, title_lines: &[&str]) {
    let mut rest: Vec<&str> = Vec::new();
    for l in title_lines {
        // "Kouchner Bernard. L'aventure de la santé publique : préface"
        if r.authors.is_empty() {
            if let Some((authors, title)) = split_author_title(l) {
                r.authors = authors;
                rest.insert(0, title);
                continue;
            }
        }
        rest.push(l);
    }
    let Some(first) = rest.first() else {
        return;
    };
    let mut title = first.to_string();
    for l in &rest[1..] {
        if r.authors.is_empty() && org_like(l) {
            r.authors.extend(fields::author(l).map(|mut a| {
                a.kind = crate::extract::AuthorKind::Organisation;
                a
            }));
        } else {
            title.push_str(". ");
            title.push_str(l);
        }
    }
    r.title = clean(&title);
}

fn clean(title: &str) -> Option<String> {
    fields::clean_title(&TRAILING_MARKER.replace(title, ""))
}

/// `Authors. Title.` on one line: the leading sentence is an author list.
fn split_author_title(text: &str) -> Option<(Vec<Author>, &str)> {
    let (head, tail) = text.split_once(". ")?;
    let head = head.trim();
    // Initials end with a period too ("Sørensen K, Fullam J, et al.").
    let names = author_names(head)?;
    if tail.trim().is_empty() || names.iter().any(|n| !n.contains(' ')) {
        return None;
    }
    let tail = tail
        .trim_start_matches("et al. ")
        .trim_start_matches("al. ");
    Some((
        names.iter().filter_map(|n| fields::author(n)).collect(),
        tail,
    ))
}

/// A one-line notice before its publication statement:
/// `Authors. Title. Journal` or `Title. Subtitle`.
fn split_one_line(r: &mut Reference, text: &str) {
    let text = text.trim().trim_end_matches(['.', ' ']);
    let text = IN_LINE.replace(text, "");
    let text = text.as_ref();
    let title_part = match split_author_title(text) {
        Some((authors, t)) if r.authors.is_empty() => {
            r.authors = authors;
            t
        }
        _ => text,
    };
    let mut title = title_part;
    if r.publisher.is_none() && r.journal.is_none() {
        // "Title. Publisher, s.d, 6 p.": the first sentence is the title.
        if let Some((t, rest)) = title_part.split_once(". ") {
            title = t;
            r.publisher = rest.split(", ").next().map(|p| p.trim().to_owned());
        }
        if title.chars().count() > 150 {
            title = title.split(", ").next().unwrap_or(title);
        }
    }
    if r.title.is_none() {
        r.title = clean(title);
    }
}
