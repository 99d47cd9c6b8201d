//! Bibliographic notices.
//!
//! Each notice style has its own module, detected by shape line by line,
//! never by document name:
//! - [`author_year`]: `Surname, I. (2020). "Title". Place : Publisher`
//!   followed by a URL line (Irdes bibliographies);
//! - [`numbered`]: `(24) SURNAME Firstname, Title, Journal, vol. 30, n°2,
//!   2018-03, pp. 155-156` and the same shape behind superscript footnote
//!   calls (Ireps Occitanie);
//! - [`block`]: multi-line notices (authors line, title line,
//!   `Place : Publisher, Year, N p.` line, `En ligne : <url>`) and their
//!   one-line variants (Ireps BFC);
//! - [`source`]: `Source : Author, Title, ..., [en ligne], consulté le ...,
//!   https://...` lines, possibly hard-wrapped (exam files, figure credits);
//! - [`citations`]: author-date citations in running text, "(Czernichow,
//!   2015)", kept as author + year.
//!
//! After detection, every notice gets the heading it sits under and the
//! paragraphs that follow it as its abstract. A notice printed twice is
//! kept at both places (two citations), its abstract on the first only.

mod author_year;
mod block;
mod citations;
mod fields;
mod kinds;
mod numbered;
mod source;

pub use kinds::KindCues;

use super::text::is_heading;
use super::Reference;
use crate::extract::text::is_footnote_line;
use crate::refdata::RefData;

/// A notice found by a style detector: 0-based first and last lines.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    AuthorYear,
    Numbered,
    Block,
    Source,
}

/// Every bibliographic notice of the document, in document order: the
/// notices proper (see [`extract_notices`]) then the author-date citations
/// of the running text (see [`extract_citations`]) not already listed.
/// Notice kinds are read with the cue words of the bundled ontology.
pub fn extract(lines: &[String]) -> Vec<Reference> {
    extract_cued(lines, KindCues::bundled())
}

/// [`extract`] with the notice-kind cue words of `refdata`.
pub fn extract_with(lines: &[String], refdata: &RefData) -> Vec<Reference> {
    extract_cued(lines, refdata.kind_cues())
}

fn extract_cued(lines: &[String], cues: &KindCues) -> Vec<Reference> {
    let mut refs = notices(lines, cues);
    refs.extend(extract_citations(lines));
    refs.sort_by_key(|r| (r.line, r.end_line));
    refs
}

/// The bibliographic notices of the document (no in-text citations), in
/// document order, repeated notices included.
pub fn extract_notices(lines: &[String]) -> Vec<Reference> {
    notices(lines, KindCues::bundled())
}

fn notices(lines: &[String], cues: &KindCues) -> Vec<Reference> {
    let spans = detect(lines);
    let mut covered = vec![false; lines.len()];
    for s in &spans {
        covered[s.start..=s.end].iter_mut().for_each(|c| *c = true);
    }
    let mut refs: Vec<Reference> = Vec::new();
    for (k, span) in spans.iter().enumerate() {
        let notice: Vec<&str> = lines[span.start..=span.end]
            .iter()
            .map(String::as_str)
            .collect();
        let mut r = match span.style {
            Style::AuthorYear => author_year::parse(&notice, cues),
            Style::Numbered => numbered::parse(&notice, cues),
            Style::Block => block::parse(&notice),
            Style::Source => source::parse(&notice, cues),
        };
        if r.raw.is_empty() {
            continue;
        }
        r.line = span.start + 1;
        r.end_line = span.end + 1;
        r.section = section(lines, span.start, &covered);
        fields::fill_common(&mut r, &notice);
        if span.style == Style::Block && block::undated(&r.raw) {
            r.year = None;
        }
        r.kind = fields::kind(&r, cues);
        let footnote = is_footnote_line(lines[span.start].trim_start());
        if span.style != Style::Source && !footnote {
            let stop = spans.get(k + 1).map_or(lines.len(), |s| s.start);
            r.abstract_text = abstract_text(lines, span.end + 1, stop);
        }
        if let Some(first) = refs.iter_mut().find(|d| d.raw == r.raw) {
            // A notice printed again: another citation (own line and
            // section), described once.
            if first.abstract_text.is_none() {
                first.abstract_text = r.abstract_text.take();
            }
            r.abstract_text = None;
        }
        refs.push(r);
    }
    refs
}

/// Author-date citations of the running text, one per distinct author and
/// year.
pub fn extract_citations(lines: &[String]) -> Vec<Reference> {
    citations::extract(lines)
}

/// Finds the notices, scanning lines in order; a line belongs to at most
/// one notice.
fn detect(lines: &[String]) -> Vec<Span> {
    let block_enabled = block::document_has_shape(lines);
    let mut consumed = vec![false; lines.len()];
    let mut spans = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if consumed[i] || lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let found = numbered::detect(lines, i)
            .map(|(s, e)| (s, e, Style::Numbered))
            .or_else(|| source::detect(lines, i).map(|(s, e)| (s, e, Style::Source)))
            .or_else(|| author_year::detect(lines, i).map(|(s, e)| (s, e, Style::AuthorYear)))
            .or_else(|| {
                block_enabled
                    .then(|| block::detect(lines, i, &consumed))
                    .flatten()
                    .map(|(s, e)| (s, e, Style::Block))
            });
        match found {
            Some((start, end, style)) => {
                consumed[start..=end].iter_mut().for_each(|c| *c = true);
                spans.push(Span { start, end, style });
                i = end + 1;
            }
            None => i += 1,
        }
    }
    spans.sort_by_key(|s| s.start);
    spans
}

/// Whether a line is a numbered or all-capitals section heading (not a
/// table-of-contents entry).
fn is_strong_heading(line: &str) -> bool {
    let l = line.trim();
    let toc = l.ends_with(|c: char| c.is_ascii_digit()) && (l.contains("..") || l.contains("  "));
    // The line taken alone: neither standing between blank lines nor continued below.
    !toc && is_heading(l, false, Some("X")) && !l.ends_with(':')
}

/// The heading the notice starting at `start` sits under: the nearest
/// numbered or all-capitals heading above it, else the nearest standalone
/// short line.
fn section(lines: &[String], start: usize, covered: &[bool]) -> Option<String> {
    let is_blank = |k: usize| lines.get(k).is_none_or(|l| l.trim().is_empty());
    let free = |k: &usize| !covered[*k];
    let strong = (0..start)
        .rev()
        .filter(free)
        .find(|&k| is_strong_heading(&lines[k]));
    let weak = (0..start).rev().filter(free).find(|&k| {
        let prev_blank = k == 0 || is_blank(k - 1);
        is_heading(&lines[k], prev_blank, lines.get(k + 1).map(String::as_str))
            && is_blank(k + 1)
            && !lines[k].trim().ends_with(':')
    });
    let k = strong.or(weak)?;
    Some(lines[k].trim().to_owned())
}

/// Whether a line is a short label closing a notice's abstract ("Documents à
/// consulter", "Pour aller plus loin :").
fn is_label(line: &str, prev_blank: bool, next: Option<&str>) -> bool {
    let l = line.trim();
    (l.ends_with(':') && l.chars().count() <= 60) || is_heading(l, prev_blank, next)
}

/// The paragraphs between a notice and the next one, up to a heading.
fn abstract_text(lines: &[String], from: usize, stop: usize) -> Option<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for k in from..stop.min(lines.len()) {
        let l = lines[k].trim();
        let prev_blank = k == 0 || lines[k - 1].trim().is_empty();
        if l.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if is_marker(l) {
            continue;
        }
        if is_footnote_line(l) || is_label(l, prev_blank, lines.get(k + 1).map(String::as_str)) {
            break;
        }
        if current.is_empty() && l.starts_with(char::is_lowercase) {
            // A paragraph continued after a page break.
            if let Some(last) = paragraphs.pop() {
                current = last;
            }
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(l);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let text = paragraphs.join("\n\n");
    (!text.trim().is_empty()).then_some(text)
}

/// Link labels left by the normaliser ("Consulter le document...").
fn is_marker(line: &str) -> bool {
    let l = line.trim();
    (l.starts_with("Consulter") || l.starts_with("Accéder")) && l.chars().count() <= 40
}

#[cfg(test)]
mod tests;
