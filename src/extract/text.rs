//! Text normalisation: one normalised line per source line, so that line
//! numbers always point into the original file.
//!
//! [`normalise`] cleans each line on its own (Unicode NFC, quotes, spaces,
//! markdown/HTML debris); [`sentences`] rebuilds sentences across hard-wrapped
//! lines; [`title_and_date`] reads the first page.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// Normalises every line of `raw`; `result[i]` is source line `i + 1`.
///
/// Never adds nor drops a line.
pub fn normalise(raw: &str) -> Vec<String> {
    if raw.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<String> = raw.split('\n').map(normalise_line).collect();
    // `split` yields one extra empty item after a final newline.
    if raw.ends_with('\n') {
        out.pop();
    }
    linearise_tables(&mut out);
    linearise_records(&mut out);
    out
}

static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}'’-]*(?: [\p{L}'’-]+){0,3}) ?: (\S.*)$").expect("regex")
});

static NEXT_SENTENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\. \p{Lu}\p{Ll}").expect("regex"));

/// Rewrites a record of "Champ : valeur" lines (four or more in a row, the
/// first a short name: "Nom : Centre de santé", "Texte fondateur : …",
/// "Financement : …") as list items that name the record by its first value
/// and each field by its label ("- Centre de santé — Financement — Accord
/// national …."), as a table row is read; a value of several sentences
/// (a remark) is left as written. No line is added or dropped.
fn linearise_records(lines: &mut [String]) {
    let field = |l: &str| {
        FIELD
            .captures(l)
            .map(|c| (c[1].to_owned(), c[2].trim().to_owned()))
    };
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && field(&lines[j]).is_some() {
            j += 1;
        }
        let Some((_, name)) = field(&lines[i]) else {
            i += 1;
            continue;
        };
        let short_name = name.split_whitespace().count() <= 8 && !name.contains(['.', ';']);
        if j - i < 4 || !short_name {
            i = j.max(i + 1);
            continue;
        }
        lines[i] = format!("- {name}.");
        for line in &mut lines[i + 1..j] {
            let (label, value) = field(line).expect("a field line");
            let value = value.trim_end_matches('.');
            // One sentence only: a remark of several is left as written
            // ("art. L. 1434-12" is one).
            if NEXT_SENTENCE.is_match(value) {
                continue;
            }
            *line = format!("- {name} — {label} — {}.", value.replace(" ; ", ", "));
        }
        i = j;
    }
}

/// Rewrites each data row of a Markdown table as a list item that names
/// each cell by its column's header ("| MSP | LFSS 2008 |" under "|
/// Structure | Texte fondateur |" → "- MSP — Texte fondateur — LFSS
/// 2008."; each cell a sentence of its own, after the row's first cell), so
/// that a row reads as the sentences a table stands for: its first cell is
/// what the row is about, and a header that is a cue
/// ("Créé par", "Financement") relates the text in its cell to it. The
/// header and separator rows become blank lines; no line is added or
/// dropped.
fn linearise_tables(lines: &mut [String]) {
    let is_row = |l: &str| l.starts_with('|') && l.ends_with('|') && l.len() > 2;
    let is_separator = |l: &str| {
        is_row(l) && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) && l.contains("---")
    };
    let cells = |l: &str| -> Vec<String> {
        l[1..l.len() - 1]
            .split('|')
            .map(|c| c.trim().to_owned())
            .collect()
    };
    let mut i = 0;
    while i + 1 < lines.len() {
        if !(is_row(&lines[i]) && is_separator(&lines[i + 1])) {
            i += 1;
            continue;
        }
        let header = cells(&lines[i]);
        lines[i].clear();
        lines[i + 1].clear();
        let mut j = i + 2;
        while j < lines.len() && is_row(&lines[j]) {
            let row = cells(&lines[j]);
            let head = row.first().map_or("", String::as_str);
            let mut parts = Vec::new();
            for (k, cell) in row.iter().enumerate().skip(1) {
                let empty = cell.is_empty() || matches!(cell.as_str(), "—" | "-" | "–");
                if !empty {
                    let name = header.get(k).map_or("", String::as_str);
                    // A list inside a cell is one clause ("FIR ; convention médicale").
                    let cell = cell.replace(" ; ", ", ");
                    parts.push(format!("{head} — {name} — {cell}"));
                }
            }
            lines[j] = if parts.is_empty() {
                format!("- {head}.")
            } else {
                format!("- {}.", parts.join(". "))
            };
            j += 1;
        }
        i = j;
    }
}

static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>").expect("regex"));
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<((?:https?://|www\.|mailto:)[^<>\s]*)>").expect("regex"));
static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^#{1,6}\s+").expect("regex"));
static SUPERSCRIPT_MARKUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\^\{([^{}]*)\}|\^(\p{L}+)").expect("regex"));
static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" {2,}").expect("regex"));

/// Normalises one line (see the module doc).
pub fn normalise_line(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    for c in line.nfc() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{02BC}' | '\u{2032}' | '\u{201B}' => {
                s.push('\'')
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => s.push('"'),
            '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' | '\u{200A}' | '\u{2002}'
            | '\u{2003}' | '\u{3000}' | '\t' => s.push(' '),
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{FFFD}' => {}
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    let s = unescape_markdown(&s);
    let s = HTML_TAG.replace_all(&s, "");
    let s = AUTOLINK.replace_all(&s, "$1");
    let s = rewrite_links(&s);
    let s = SUPERSCRIPT_MARKUP.replace_all(&s, "$1$2");
    let s = s.replace('*', "");
    let s = s.trim();
    let s = HEADING.replace(s, "");
    let s = if s.chars().all(|c| c == '-' || c == '_' || c == '=') && s.len() >= 3 {
        String::new()
    } else {
        s.into_owned()
    };
    SPACES.replace_all(s.trim(), " ").into_owned()
}

/// `\\_` and `\_` become `_`; likewise for other escaped markdown punctuation.
fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            while chars.peek() == Some(&'\\') {
                chars.next();
            }
            match chars.peek() {
                Some(&n) if n.is_ascii_punctuation() => {}
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Rewrites markdown links `[text](target)`: a URL-like text is replaced by
/// its target, other texts are kept followed by the target; `#` and empty
/// targets are dropped, `mailto:` targets keep only the text. Targets may
/// hold balanced parentheses.
fn rewrite_links(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            if let Some((text, target, next)) = parse_link(&chars, i) {
                out.push_str(&render_link(&text, &target));
                i = next;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn parse_link(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let mut depth = 0usize;
    let mut j = start;
    let close = loop {
        match chars.get(j)? {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0usize;
    let mut k = close + 1;
    let end = loop {
        match chars.get(k)? {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    break k;
                }
            }
            ' ' if depth == 1 && k > close + 2 => return None,
            _ => {}
        }
        k += 1;
    };
    let text: String = chars[start + 1..close].iter().collect();
    let target: String = chars[close + 2..end].iter().collect();
    Some((text, target, end + 1))
}

fn render_link(text: &str, target: &str) -> String {
    let text = text.trim();
    let target = target.trim();
    if target.is_empty() || target.starts_with('#') || target.starts_with("mailto:") {
        return text.to_owned();
    }
    let url_like = !text.contains(' ')
        && (text.contains('/') || text.starts_with("http") || text.starts_with("www."));
    if text.is_empty() || url_like || target.contains(text) {
        target.to_owned()
    } else {
        format!("{text} {target}")
    }
}

/// French month names, folded (lowercase, no accents), for reading dates
/// such as "Septembre 2023" or "13 août 2004" once folded.
pub(crate) const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// Month number (1-12) of a French month name, accents and case ignored.
pub fn month_number(word: &str) -> Option<u32> {
    let folded: String = word
        .nfd()
        .filter(|c| c.is_alphabetic() && c.is_ascii())
        .collect::<String>()
        .to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == folded)
        .map(|i| i as u32 + 1)
}

static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\p{L}+ )?(\p{L}+) ((?:19|20)\d\d)$").expect("regex"));

/// Lines of the first page considered for the title and date.
const FIRST_PAGE_LINES: usize = 40;

/// The document's title and date, read from its first page.
///
/// The title is the first substantial paragraph (three words or more, not a
/// quotation), joined over wrapped lines; the date is a line stating a month
/// and a year ("Septembre 2023" gives `2023-09`).
pub fn title_and_date(lines: &[String]) -> (Option<String>, Option<String>) {
    let first_page = &lines[..lines.len().min(FIRST_PAGE_LINES)];
    let date = first_page.iter().find_map(|l| {
        let caps = MONTH_YEAR.captures(l.trim())?;
        let month = month_number(caps.get(1)?.as_str())?;
        Some(format!("{}-{month:02}", caps.get(2)?.as_str()))
    });
    let mut title = None;
    let mut i = 0;
    while i < first_page.len() {
        let line = first_page[i].trim();
        let words = line.split_whitespace().count();
        let letters = line.chars().filter(|c| c.is_alphabetic()).count();
        if words < 3 || letters < 15 || line.starts_with('«') || line.starts_with('"') {
            // Skip a whole quoted paragraph.
            if line.starts_with('«') || line.starts_with('"') {
                while i + 1 < first_page.len() && !first_page[i + 1].trim().is_empty() {
                    i += 1;
                }
            }
            i += 1;
            continue;
        }
        let mut text = line.to_owned();
        let mut j = i + 1;
        while j < first_page.len() && j < i + 3 {
            let next = first_page[j].trim();
            if next.is_empty() || text.ends_with(['.', '!', ':']) {
                break;
            }
            text.push(' ');
            text.push_str(next);
            j += 1;
        }
        title = Some(text.trim_end_matches([':', ' ']).to_owned());
        break;
    }
    (title, date)
}

/// A sentence of the document with the source lines it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// First and last 1-based source lines.
    pub line: usize,
    pub end_line: usize,
    /// The sentence, with wrapped lines joined by single spaces.
    pub text: String,
}

/// Abbreviations after which a period does not end a sentence (lowercase).
const ABBREVIATIONS: [&str; 24] = [
    "art", "p", "pp", "n°", "no", "m", "mm", "mme", "mlle", "dr", "pr", "cf", "vol", "al", "éd",
    "ed", "chap", "fig", "coll", "dir", "st", "ste", "env", "av",
];

/// Superscript digits: how a footnote call is printed (`loi²`, `¹ <https://…>`).
pub const SUPERSCRIPT_DIGITS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/// Reads a token such as `20187` printed after "en" as the year 2018 followed
/// by the footnote call 7. Conservative: only five- or six-digit tokens whose
/// first four digits are a plausible year (1950-2035) and whose rest is a
/// note number 1-99 not starting with 0.
pub fn split_footnote_year(token: &str) -> Option<(i32, u32)> {
    if !(5..=6).contains(&token.len()) || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, note) = token.split_at(4);
    let year: i32 = year.parse().ok()?;
    if !(1950..=2035).contains(&year) || note.starts_with('0') {
        return None;
    }
    let note: u32 = note.parse().ok()?;
    Some((year, note))
}

/// Words after which a five/six-digit token is read as year + footnote.
const YEAR_CONTEXT: [&str; 6] = ["en", "depuis", "dès", "année", "fin", "début"];

/// Whether a normalised line is a heading rather than running text: a short
/// numbered section ("2.1 – Titre", "I. TEXTES"), an all-capitals line, or a
/// short capitalised line with no final punctuation standing alone.
pub fn is_heading(line: &str, prev_blank: bool, next: Option<&str>) -> bool {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-H]\))\s*[-–—]?\s*\p{Lu}").expect("regex")
    });
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 120 {
        return false;
    }
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 4 && letters.iter().all(|c| !c.is_lowercase()) {
        return true;
    }
    // A line numbered like a list item ("1.", "1.2.", "2)") that the next line goes on in
    // lowercase is the first line of a wrapped numbered paragraph ("1. Oui. Les maisons de
    // santé … par l'article 44 de la loi" / "de financement de la sécurité sociale pour
    // 2008 …"), not a heading. A bare number ("6 Enquête …") opens a footnote: unchanged.
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d+(?:\.\d+)*[.)]\s").expect("regex"));
    let continued = ITEM.is_match(line)
        && next.is_some_and(|n| {
            n.trim_start()
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        });
    if NUMBERED.is_match(line) && !line.ends_with(['.', ';', ',']) && !continued {
        return true;
    }
    let next_blank = next.is_none_or(|n| n.trim().is_empty());
    prev_blank
        && next_blank
        && line.chars().count() <= 80
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.ends_with(['.', ',', ';', ':', '»', ')', '"'])
}

/// Splits the normalised lines into sentences; a sentence may span wrapped
/// lines, and never spans a blank line, a heading or a list item.
pub fn sentences(lines: &[String]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para: Vec<(char, usize)> = Vec::new();
    // Notes stepped over inside a cut sentence: they follow it.
    let mut notes: Vec<Vec<(char, usize)>> = Vec::new();
    let flush = |para: &mut Vec<(char, usize)>,
                 notes: &mut Vec<Vec<(char, usize)>>,
                 out: &mut Vec<Sentence>| {
        split_paragraph(para, out);
        para.clear();
        for note in notes.drain(..) {
            split_paragraph(&note, out);
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let text = line.trim();
        let prev_blank = i == 0 || lines[i - 1].trim().is_empty();
        let next = lines.get(i + 1).map(String::as_str);
        if text.is_empty() && continues_after_blank(&para, &lines[i..]) {
            continue;
        }
        // A footnote printed inside the page break that cuts a sentence is a
        // sentence of its own; the cut sentence goes on after it.
        if is_footnote_line(text) && continues_after_blank(&para, &lines[i..]) {
            let mut note = Vec::new();
            push_line(&mut note, text, i);
            notes.push(note);
            continue;
        }
        // A subtitle cue's number and timing lines are layout: the cue's
        // text starts a sentence of its own, on its own line.
        if is_cue_header(text, next) {
            flush(&mut para, &mut notes, &mut out);
            continue;
        }
        if text.is_empty() || is_heading(text, prev_blank, next) {
            flush(&mut para, &mut notes, &mut out);
            if !text.is_empty() {
                push_line(&mut para, text, i);
                flush(&mut para, &mut notes, &mut out);
            }
            continue;
        }
        if text.starts_with("- ")
            || text.starts_with("• ")
            || text.starts_with("* ")
            || is_numbered_item(text)
        {
            flush(&mut para, &mut notes, &mut out);
        }
        if let Some(&(last, _)) = para.last() {
            let glued = last == '-'
                && para.len() >= 2
                && para[para.len() - 2].0.is_alphabetic()
                && text.chars().next().is_some_and(char::is_lowercase);
            if !glued {
                para.push((' ', i));
            }
        }
        push_line(&mut para, text, i);
    }
    flush(&mut para, &mut notes, &mut out);
    out
}

/// Whether a line is the number or the timing of a subtitle cue (SRT,
/// WebVTT): "12" right before "00:01:04,200 --> 00:01:10,900", or that
/// timing line (WebVTT settings may follow it).
fn is_cue_header(text: &str, next: Option<&str>) -> bool {
    static TIMING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{1,3} --> (?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{1,3}\b",
        )
        .expect("regex")
    });
    TIMING.is_match(text)
        || (!text.is_empty()
            && text.len() <= 5
            && text.bytes().all(|b| b.is_ascii_digit())
            && next.is_some_and(|n| TIMING.is_match(n.trim())))
}

/// Whether a line opens a numbered list item ("3. ↑ Loi n° …", "2) …"): like
/// a "- " item, it starts a sentence of its own.
fn is_numbered_item(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && matches!(text.as_bytes().get(digits), Some(b'.' | b')'))
        && text.as_bytes().get(digits + 1) == Some(&b' ')
}

/// Whether a paragraph cut in mid-sentence (a long running line ending on a
/// lowercase word) goes on after the blank lines `rest` starts with: the
/// next text line starts with a lowercase word, or with a number followed by
/// one ("2009 pour que …"), as a page break leaves it.
fn continues_after_blank(para: &[(char, usize)], rest: &[String]) -> bool {
    let Some(&(last, line)) = para.last() else {
        return false;
    };
    let line_len = para.iter().filter(|(_, l)| *l == line).count();
    if !last.is_lowercase() || line_len < 60 {
        return false;
    }
    // Footnotes printed at the page break are stepped over.
    let Some(next) = rest
        .iter()
        .take(12)
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && !is_footnote_line(l))
    else {
        return false;
    };
    let mut words = next.split_whitespace();
    let lower = |w: &str| {
        w.chars().next().is_some_and(char::is_lowercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | ',' | '.'))
    };
    match words.next() {
        Some(w) if lower(w) => true,
        Some(w) if w.chars().all(|c| c.is_ascii_digit()) => words.next().is_some_and(lower),
        _ => false,
    }
}

/// A footnote's own line: it opens with its superscript call ("¹ <https://…>").
pub fn is_footnote_line(text: &str) -> bool {
    text.starts_with(|c| SUPERSCRIPT_DIGITS.contains(c))
}

fn push_line(para: &mut Vec<(char, usize)>, text: &str, line: usize) {
    para.extend(
        text.chars()
            .filter(|c| !SUPERSCRIPT_DIGITS.contains(*c))
            .map(|c| (c, line)),
    );
}

/// Splits one paragraph (characters tagged with their 0-based line) into
/// sentences.
fn split_paragraph(para: &[(char, usize)], out: &mut Vec<Sentence>) {
    let mut start = 0;
    let n = para.len();
    let mut i = 0;
    while i < n {
        let c = para[i].0;
        if matches!(c, '.' | '!' | '?' | '…') {
            // Extend over a run of closing punctuation.
            let mut j = i + 1;
            while j < n && matches!(para[j].0, '.' | '!' | '?' | '…' | '»' | '"' | ')') {
                j += 1;
            }
            // An elision mark after the end ("… santé. […] L'article …")
            // closes the quoted sentence, it does not open the next.
            for mark in [" […]", " [...]"] {
                let len = mark.chars().count();
                let here = para
                    .get(j..j + len)
                    .map(|w| w.iter().map(|(c, _)| *c).collect::<String>());
                if here.as_deref() == Some(mark) {
                    j += len;
                }
            }
            let at_end = j >= n;
            let followed = j + 1 < n
                && para[j].0 == ' '
                && (para[j + 1].0.is_uppercase()
                    || matches!(para[j + 1].0, '«' | '"' | '(' | '[' | '-' | '–')
                    || is_pictograph(para[j + 1].0));
            if (at_end || followed) && !(c == '.' && is_abbreviation(para, start, i)) {
                push_sentence(&para[start..j], out);
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if start < n {
        push_sentence(&para[start..], out);
    }
}

/// An arrow, dingbat or emoji ("⚠️", "👉", "✅") that opens a sentence as a
/// capital does.
fn is_pictograph(c: char) -> bool {
    matches!(u32::from(c), 0x2190..=0x21FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

/// Whether the period at `dot` closes an abbreviation, an initial or a list
/// number rather than a sentence.
fn is_abbreviation(para: &[(char, usize)], start: usize, dot: usize) -> bool {
    let mut k = dot;
    while k > start && !para[k - 1].0.is_whitespace() && para[k - 1].0 != '(' {
        k -= 1;
    }
    let word: String = para[k..dot].iter().map(|p| p.0).collect();
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let chars: Vec<char> = word.chars().collect();
    // Initials: "A." or "J.-P." or "L." (as in "L. 1411-11").
    if chars.len() == 1 && chars[0].is_uppercase() {
        return true;
    }
    if chars
        .iter()
        .all(|c| c.is_uppercase() || *c == '.' || *c == '-')
        && chars.len() <= 4
    {
        return word.contains('.') || word.contains('-');
    }
    // A list number at the start of the sentence: "1." or "2.1."
    let before: String = para[start..k].iter().map(|p| p.0).collect();
    before.trim().is_empty() && chars.iter().all(|c| c.is_ascii_digit() || *c == '.')
}

fn push_sentence(chars: &[(char, usize)], out: &mut Vec<Sentence>) {
    let first = chars.iter().position(|p| !p.0.is_whitespace());
    let last = chars.iter().rposition(|p| !p.0.is_whitespace());
    let (Some(first), Some(last)) = (first, last) else {
        return;
    };
    let raw: String = chars[first..=last].iter().map(|p| p.0).collect();
    let text = fix_footnote_years(&raw);
    out.push(Sentence {
        line: chars[first].1 + 1,
        end_line: chars[last].1 + 1,
        text,
    });
}

/// Rewrites "en 20187" as "en 2018" (see [`split_footnote_year`]).
fn fix_footnote_years(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let core = w.trim_end_matches(|c: char| !c.is_ascii_digit());
        let prev = i.checked_sub(1).map(|p| words[p].to_lowercase());
        let in_context = prev.is_some_and(|p| YEAR_CONTEXT.contains(&p.as_str()));
        match split_footnote_year(core) {
            Some((year, _)) if in_context => {
                out.push(format!("{year}{}", &w[core.len()..]));
            }
            _ => out.push((*w).to_owned()),
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        normalise(s)
    }

    #[test]
    fn keeps_line_count() {
        assert_eq!(normalise("a\n\nb\n").len(), 3);
        assert_eq!(normalise("a\r\n\r\nb").len(), 3);
        assert_eq!(normalise("").len(), 0);
    }

    #[test]
    fn cleans_quotes_spaces_and_debris() {
        assert_eq!(normalise_line("l’accès à l‘offre"), "l'accès à l'offre");
        assert_eq!(normalise_line("n°\u{00A0}2016-41\u{202F};"), "n° 2016-41 ;");
        assert_eq!(
            normalise_line("<b>AU SOMMAIRE</b> .....\t<b>3</b>"),
            "AU SOMMAIRE ..... 3"
        );
        assert_eq!(normalise_line("### **Quels bilans ?**"), "Quels bilans ?");
        assert_eq!(normalise_line("trans\u{00AD}port\u{0007}"), "transport");
        assert_eq!(
            normalise_line("1^{er} recours, 13^e arrondissement"),
            "1er recours, 13e arrondissement"
        );
        assert_eq!(normalise_line("e\u{0301}tude"), "étude");
        assert_eq!(normalise_line("---"), "");
    }

    #[test]
    fn keeps_urls_of_links() {
        assert_eq!(
            normalise_line(
                "En ligne : [https://a.fr/rapport\\\\_x.pdf](https://a.fr/rapport_x.pdf)"
            ),
            "En ligne : https://a.fr/rapport_x.pdf"
        );
        assert_eq!(normalise_line("<https://a.fr/x>"), "https://a.fr/x");
        assert_eq!(
            normalise_line("[https://doi.org/10.1016/S1957-2557\\(18\\)30046-4](https://doi.org/10.1016/S1957-2557(18)30046-4)"),
            "https://doi.org/10.1016/S1957-2557(18)30046-4"
        );
        assert_eq!(
            normalise_line("x [Consulter le document...](#)"),
            "x Consulter le document..."
        );
        assert_eq!(
            normalise_line("[Le site](https://a.fr)"),
            "Le site https://a.fr"
        );
        assert_eq!(normalise_line("[a@b.org](mailto:a@b.org)"), "a@b.org");
        assert_eq!(
            normalise_line("In: [Médecine Générale]. Paris"),
            "In: [Médecine Générale]. Paris"
        );
    }

    #[test]
    fn title_and_date_from_first_page() {
        let doc = lines("\n\n# **Les CPTS en France**\n\nBibliographie\n\nSeptembre 2024\n");
        assert_eq!(
            title_and_date(&doc),
            (Some("Les CPTS en France".into()), Some("2024-09".into()))
        );
        let doc = lines("« Une citation longue\nqui continue ». \n PREMIERE PARTIE \n\nL’exercice coordonné répond-il aux enjeux \nd’accès aux soins ? \n");
        let (title, date) = title_and_date(&doc);
        assert_eq!(
            title.as_deref(),
            Some("L'exercice coordonné répond-il aux enjeux d'accès aux soins ?")
        );
        assert_eq!(date, None);
    }

    #[test]
    fn markdown_table_rows_read_as_items_naming_each_cell() {
        let raw = "Avant.\n| Structure | Créé par | Financement |\n|---|---|---|\n| CPTS | loi 2016-41 | ACI 2019 |\n| ESP | — | |\nAprès.";
        let lines = normalise(raw);
        assert_eq!(lines.len(), 6, "no line added or dropped");
        assert_eq!(lines[1], "");
        assert_eq!(lines[2], "");
        assert_eq!(
            lines[3],
            "- CPTS — Créé par — loi 2016-41. CPTS — Financement — ACI 2019."
        );
        assert_eq!(lines[4], "- ESP.");
        assert_eq!(lines[5], "Après.");
        // A line of pipes without a separator row under it is no table.
        assert_eq!(normalise("| a | b |\ntexte")[0], "| a | b |");
    }

    #[test]
    fn field_records_read_as_items_naming_each_field() {
        let raw = "Nom : Communauté professionnelle territoriale de santé\nSigle : CPTS\nTexte fondateur : Loi n° 2016-41 du 26 janvier 2016, art. 65\nTextes modificatifs : Loi n° 2019-774 ; Ordonnance n° 2021-584\nRemarques : Forme associative. Les avenants ont suivi.\n\nTexte libre.";
        let lines = normalise(raw);
        assert_eq!(lines.len(), 7, "no line added or dropped");
        assert_eq!(
            lines[0],
            "- Communauté professionnelle territoriale de santé."
        );
        assert_eq!(
            lines[2],
            "- Communauté professionnelle territoriale de santé — Texte fondateur — Loi n° 2016-41 du 26 janvier 2016, art. 65."
        );
        assert_eq!(
            lines[3],
            "- Communauté professionnelle territoriale de santé — Textes modificatifs — Loi n° 2019-774, Ordonnance n° 2021-584."
        );
        // A value of several sentences stays as written.
        assert_eq!(
            lines[4],
            "Remarques : Forme associative. Les avenants ont suivi."
        );
        // Counter-cases: fewer than four fields, or a first value that is no
        // name (a notice's summary), is no record.
        let notice = normalise("Résumé : Institue les PTA pour la coordination des parcours complexes.\nMots-clés : PTA ; appui\nCote : TXT 2016\nLangue : français");
        assert!(notice[0].starts_with("Résumé :"), "{notice:?}");
        let short = normalise("De : Marie\nÀ : Paul\nObjet : la CPTS");
        assert_eq!(short[0], "De : Marie");
    }

    #[test]
    fn a_pictograph_after_a_full_stop_opens_a_sentence() {
        let lines = normalise(
            "- MSP → financées par l'ACI. ⚠️ Les CPTS ne sont pas des structures de soins.",
        );
        let s = sentences(&lines);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[1].text.starts_with("⚠"), "{s:?}");
    }

    #[test]
    fn sentences_join_wrapped_lines() {
        let doc = lines("Définis par l’article L. 1411-11 du code, les soins\nde premier recours. M. Martin et A. Durand\nont écrit, etc. en 2019.\n\nNouveau paragraphe.");
        let s = sentences(&doc);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(
            s[0].text,
            "Définis par l'article L. 1411-11 du code, les soins de premier recours."
        );
        assert_eq!((s[0].line, s[0].end_line), (1, 2));
        assert_eq!(s[1].text, "M. Martin et A. Durand ont écrit, etc. en 2019.");
        assert_eq!((s[1].line, s[1].end_line), (2, 3));
        assert_eq!(s[2].line, 5);
    }

    #[test]
    fn a_numbered_item_opens_a_sentence_of_its_own() {
        let doc = lines("Notes et références\n\n1. ↑ « Article L6323-3 », sur Légifrance.\n2. ↑ Juilhard J.-M., rapport, 2010\n3. ↑ Loi n° 2007-1786 du 19 décembre 2007\n12) Dernier point");
        let s = sentences(&doc);
        let starts: Vec<usize> = s.iter().map(|x| x.line).collect();
        assert_eq!(starts, [1, 3, 4, 5, 6], "{s:?}");
        // Counter-case: a year or a figure opening a wrapped line is no item.
        let doc = lines(
            "Les MSP étaient nombreuses en\n2019 et elles sont 2 000,\n3.5 fois plus qu'avant.",
        );
        assert_eq!(sentences(&doc).len(), 1, "{:?}", sentences(&doc));
    }

    #[test]
    fn sentences_drop_footnote_markers() {
        let doc = lines("créées par la loi du 26 janvier 2016.¹ Cette création\ns’inscrit dans la stratégie de 2022² en 20187 et art. 51 ; voir p. 3.");
        let s = sentences(&doc);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].text, "créées par la loi du 26 janvier 2016.");
        assert_eq!(
            s[1].text,
            "Cette création s'inscrit dans la stratégie de 2022 en 2018 et art. 51 ; voir p. 3."
        );
        assert_eq!((s[1].line, s[1].end_line), (1, 2));
    }

    #[test]
    fn a_sentence_cut_by_a_page_break_goes_on_past_its_footnotes() {
        let doc = lines(
            "Les maisons de santé pluriprofessionnelles peuvent recevoir une rémunération annuelle fixée par\n\n\
             ² <https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000034998617>\n\n\
             ³ <https://www.ameli.fr/>\n\n\
             l'accord conventionnel interprofessionnel de 2017.⁴\n\n\
             Une autre phrase.",
        );
        let s = sentences(&doc);
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Les maisons de santé pluriprofessionnelles peuvent recevoir une rémunération annuelle fixée par l'accord conventionnel interprofessionnel de 2017.",
                "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000034998617",
                "https://www.ameli.fr/",
                "Une autre phrase.",
            ]
        );
        assert_eq!((s[0].line, s[0].end_line), (1, 7));
        assert_eq!(s[1].line, 3);
        // A paragraph that ends a sentence is not continued.
        let doc = lines("Les centres de santé sont régis par le code de la santé publique.\n\n² note\n\nla suite.");
        assert_eq!(sentences(&doc).len(), 3);
    }

    #[test]
    fn an_elision_mark_closes_the_sentence_before_it() {
        let doc = lines("Les projets témoignent d'une mobilisation réelle. […] L'article 65 de la loi prévoit : rien.");
        let texts: Vec<String> = sentences(&doc).into_iter().map(|s| s.text).collect();
        assert_eq!(
            texts,
            [
                "Les projets témoignent d'une mobilisation réelle. […]",
                "L'article 65 de la loi prévoit : rien."
            ]
        );
    }

    #[test]
    fn a_numbered_paragraph_wrapped_in_lowercase_is_no_heading() {
        let doc = lines("1. Oui. Les maisons de santé ont été introduites par l'article 44 de la loi\nde financement de la sécurité sociale pour 2008, qui les définit.\n\n2. Les centres de santé\nLes textes qui les régissent.");
        let s = sentences(&doc);
        let texts: Vec<&str> = s.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "1. Oui.",
                "Les maisons de santé ont été introduites par l'article 44 de la loi de financement de la sécurité sociale pour 2008, qui les définit.",
                "2. Les centres de santé",
                "Les textes qui les régissent.",
            ]
        );
        assert_eq!((s[1].line, s[1].end_line), (1, 2));
    }

    #[test]
    fn sentences_stop_at_headings_and_hyphen_wraps() {
        let doc = lines("2.1 – L’organisation du système\nLes maisons médico-\nsociales existent. Le n° 3 aussi.");
        let s = sentences(&doc);
        assert_eq!(s[0].text, "2.1 – L'organisation du système");
        assert_eq!(s[1].text, "Les maisons médico-sociales existent.");
        assert_eq!(s[2].text, "Le n° 3 aussi.");
    }

    #[test]
    fn subtitle_cue_numbers_and_timings_are_layout() {
        let doc = lines(
            "9\n00:00:56,500 --> 00:01:04,000\nLeurs missions sont financées par l'accord.\n\n10\n00:01:04,200 --> 00:01:10,900 align:start\nEt depuis 2021, une CPTS doit\n\n11\n00:01:11,100 --> 00:01:16,000\nprendre la forme d'une association.\n\n2024 restera une année charnière.",
        );
        let s = sentences(&doc);
        let texts: Vec<(usize, &str)> = s.iter().map(|s| (s.line, s.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (3, "Leurs missions sont financées par l'accord."),
                (7, "Et depuis 2021, une CPTS doit"),
                (11, "prendre la forme d'une association."),
                // Counter-case: a number not followed by a timing is text.
                (13, "2024 restera une année charnière."),
            ]
        );
    }

    #[test]
    fn sentences_span_a_page_break_in_mid_sentence() {
        let doc = lines(
            "Hormis quelques règles, les conventions que les syndicats des différentes professions passent avec

2009 pour que les soins soient définis dans la loi.

Un titre court sans point

suite en minuscules.",
        );
        let s = sentences(&doc);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(
            s[0].text,
            "Hormis quelques règles, les conventions que les syndicats des différentes professions passent avec 2009 pour que les soins soient définis dans la loi."
        );
        assert_eq!((s[0].line, s[0].end_line), (1, 3));
        assert_eq!(s[1].text, "Un titre court sans point");
        assert_eq!(s[2].line, 7);
        for doc in [
            "Une phrase assez longue pour être du texte courant qui se termine ainsi.\n\ndeux.",
            "Auteur, A. (2020). \"Un rapport sur les soins primaires\", Paris : ministère chargé de la santé\n\nhttps://sante.gouv.fr/rapport.pdf",
        ] {
            let s = sentences(&lines(doc));
            assert_eq!(s.last().map(|s| s.line), Some(3), "{s:?}");
        }
    }

    #[test]
    fn footnote_year_split_is_conservative() {
        assert_eq!(split_footnote_year("20187"), Some((2018, 7)));
        assert_eq!(split_footnote_year("201812"), Some((2018, 12)));
        assert_eq!(split_footnote_year("2018"), None);
        assert_eq!(split_footnote_year("20180"), None);
        assert_eq!(split_footnote_year("12345"), None);
        assert_eq!(split_footnote_year("2018a"), None);
    }
}
