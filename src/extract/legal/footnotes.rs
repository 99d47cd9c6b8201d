//! Footnotes: the text a note's definition cites, and the calls in the
//! body (superscript or glued digits) that cite it.

use super::*;

pub(super) use crate::extract::text::SUPERSCRIPT_DIGITS;

/// A footnote number printed in superscript (`²⁸`), or `None`.
pub(super) fn superscript_number(text: &str) -> Option<u32> {
    let digits: String = text
        .chars()
        .map_while(|c| SUPERSCRIPT_DIGITS.chars().position(|d| d == c))
        .map(|d| char::from(b'0' + d as u8))
        .collect();
    digits.parse().ok()
}

pub(super) fn superscript(n: u32) -> String {
    n.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10))
        .filter_map(|d| SUPERSCRIPT_DIGITS.chars().nth(d as usize))
        .collect()
}

/// How a note number is printed, in its call and its definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// `loi²` and `² Loi n° …`.
    Superscript,
    /// `loi2` and `2 Loi n° …`.
    Ascii,
    /// `loi[2]` and `2. ↑ Loi n° …` or `[2] Loi n° …` (an encyclopedia's notes).
    Bracket,
}

/// A footnote definition: its number, how the number is printed, and the
/// legal texts it cites first.
pub(super) struct FootnoteDef {
    number: u32,
    style: Style,
    texts: Vec<String>,
}

/// Footnote definitions of a document: lines that start with a note number
/// (`² Loi n° 2016-41 …`, `7 Décret n° 2018-629 …`, `¹ <…JORFTEXT000031912641>`)
/// and whose text opens with a legal citation.
pub(super) fn footnote_defs(
    lines: &[String],
    mentions: &[Mention],
    patterns: &Patterns,
) -> Vec<FootnoteDef> {
    static ASCII_DEF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2}) +[\p{Lu}<«]").expect("regex"));
    static BRACKET_DEF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\[(\d{1,3})\]|(\d{1,3})\. *↑)(?: *[a-z](?: et [a-z])?\b)? *")
            .expect("regex")
    });
    static JORF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:JORFTEXT|LEGITEXT)\d{12}\b").expect("regex"));
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let (number, style, body) = if let Some(n) = superscript_number(t) {
            let body = t.trim_start_matches(|c| SUPERSCRIPT_DIGITS.contains(c));
            if !body.starts_with(' ') {
                continue;
            }
            (n, Style::Superscript, body)
        } else if let Some(c) = ASCII_DEF.captures(t) {
            let Ok(n) = c[1].parse::<u32>() else { continue };
            (n, Style::Ascii, &t[c[1].len()..])
        } else if let Some(c) = BRACKET_DEF.captures(t) {
            let digits = c.get(1).or(c.get(2)).expect("one of the two");
            let Ok(n) = digits.as_str().parse::<u32>() else {
                continue;
            };
            (n, Style::Bracket, &t[c.get(0).expect("match").end()..])
        } else {
            continue;
        };
        let folded = crate::extract::gazetteer::fold(body);
        let mut texts: Vec<(usize, String)> = mentions
            .iter()
            .filter(|m| m.line == i + 1)
            .filter_map(|m| {
                let at = folded.find(&crate::extract::gazetteer::fold(&m.matched))?;
                (at <= 25).then(|| (at, m.entity.clone()))
            })
            .collect();
        texts.sort();
        let mut texts: Vec<String> = match texts.first() {
            Some((first, _)) => texts
                .iter()
                .filter(|(at, _)| at == first)
                .map(|(_, e)| e.clone())
                .collect(),
            None => Vec::new(),
        };
        for id in JORF.find_iter(body) {
            if let Some(iri) = patterns.by_local_id.get(id.as_str()) {
                texts.push(iri.clone());
            }
        }
        if !texts.is_empty() {
            out.push(FootnoteDef {
                number,
                style,
                texts,
            });
        }
    }
    out
}

/// Mentions of the texts cited only through a footnote call: the call
/// (`la loi²`, `la loi1`, `en 20187`) refers to the definition with its
/// number. The mention's matched text is the word the call is glued to,
/// followed by the call in superscript (`loi²`), which marks it as a
/// footnote citation for [`super::relations`].
pub(super) fn footnote_mentions(
    doc: &Document,
    lines: &[String],
    mentions: &[Mention],
    patterns: &Patterns,
) -> Vec<Mention> {
    static ASCII_CALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\p{L}{2,})(\d{1,2})\b|\b((?:19|20)\d{3,4})\b").expect("regex")
    });
    static BRACKET_CALL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([\p{L}\p{N}]+)\[(\d{1,3})\]").expect("regex"));
    let defs = footnote_defs(lines, mentions, patterns);
    if defs.is_empty() {
        return Vec::new();
    }
    let def = |n: u32, style: Style| defs.iter().find(|d| d.number == n && d.style == style);
    let mut out = Vec::new();
    for block in &doc.blocks {
        let text = &block.text;
        let mut calls: Vec<(usize, usize, u32, Style)> = Vec::new(); // word span, number, style
        for (i, c) in text.char_indices() {
            if !SUPERSCRIPT_DIGITS.contains(c) {
                continue;
            }
            let before = &text[..i];
            if before.ends_with(|p: char| SUPERSCRIPT_DIGITS.contains(p) || p.is_whitespace())
                || before.is_empty()
            {
                continue;
            }
            let Some(n) = superscript_number(&text[i..]) else {
                continue;
            };
            let word_end = before
                .trim_end_matches(|p: char| !p.is_alphanumeric())
                .len();
            let word_start = before[..word_end]
                .char_indices()
                .rev()
                .take_while(|(_, p)| p.is_alphanumeric())
                .last()
                .map_or(word_end, |(k, _)| k);
            calls.push((word_start, word_end, n, Style::Superscript));
        }
        for c in ASCII_CALL.captures_iter(text) {
            if let (Some(word), Some(num)) = (c.get(1), c.get(2)) {
                if let Ok(n) = num.as_str().parse() {
                    calls.push((word.start(), word.end(), n, Style::Ascii));
                }
            } else if let Some(token) = c.get(3) {
                if let Some((_, n)) = crate::extract::text::split_footnote_year(token.as_str()) {
                    calls.push((token.start(), token.start() + 4, n, Style::Ascii));
                }
            }
        }
        for c in BRACKET_CALL.captures_iter(text) {
            let word = c.get(1).expect("word");
            if let Ok(n) = c[2].parse() {
                calls.push((word.start(), word.end(), n, Style::Bracket));
            }
        }
        for (start, end, n, style) in calls {
            let Some(d) = def(n, style) else { continue };
            if start >= end || block.line_of(start) == d_line(lines, n, style) {
                continue;
            }
            let word = &text[start..end];
            let quote = doc.quote_at(block, start, word);
            // A call on a citation already read ("la loi HPST⁵") only sources it.
            let key = crate::extract::gazetteer::fold(word);
            let on_citation = mentions.iter().any(|m| {
                m.quote == quote
                    && crate::extract::gazetteer::fold(&m.matched)
                        .split(' ')
                        .any(|w| w == key)
            });
            if on_citation {
                continue;
            }
            for iri in &d.texts {
                let cited = mentions
                    .iter()
                    .any(|m| &m.entity == iri && m.quote == quote);
                if !cited {
                    out.push(Mention {
                        entity: iri.clone(),
                        line: block.line_of(start),
                        matched: format!("{word}{}", superscript(n)),
                        quote: quote.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The line of the definition of note `n` (0 when none): a call is never
/// read on its own definition line.
pub(super) fn d_line(lines: &[String], n: u32, style: Style) -> usize {
    lines
        .iter()
        .position(|l| {
            let t = l.trim();
            let first = t.split(' ').next();
            match style {
                Style::Superscript => superscript_number(t) == Some(n),
                Style::Ascii => first == Some(n.to_string().as_str()),
                Style::Bracket => {
                    first == Some(format!("{n}.").as_str())
                        || first == Some(format!("[{n}]").as_str())
                }
            }
        })
        .map_or(0, |i| i + 1)
}
