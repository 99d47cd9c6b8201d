//! Dictionary matching of dispositifs, actors, territories and plans.
//!
//! Labels are matched accent- and case-folded, acronyms (`skos:notation`)
//! case-sensitively; both only as whole words, leftmost-longest. The
//! dictionaries come from [`RefData`]; the automata are built once per
//! `RefData` ([`RefData::gazetteer_matcher`]).

use super::text::{self, Sentence};
use super::Mention;
use crate::refdata::{Entity, EntityKind, RefData};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// Finds the dispositifs, actors, territories and plans a document names.
pub fn extract(lines: &[String], refdata: &RefData) -> Vec<Mention> {
    let matcher = refdata.gazetteer_matcher();
    let doc = Document::new(lines);
    let mut out = Vec::new();
    let mut found: Vec<Vec<Hit>> = Vec::new();
    for block in &doc.blocks {
        let folded = Folded::new(&block.text);
        let hits = matcher.find(&block.text, &folded);
        for hit in &hits {
            let matched = &block.text[hit.start..hit.end];
            for entity in &hit.entities {
                let line = block.line_of(hit.start);
                out.push(Mention {
                    entity: entity.clone(),
                    line,
                    matched: matched.to_owned(),
                    quote: doc.quote_at(block, hit.start, matched),
                });
            }
        }
        found.push(hits);
    }
    out.extend(defined_terms(&doc, &found));
    out.sort();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------
// Folding

/// Text folded for matching: lowercase, no diacritics, every run of
/// characters other than letters and ASCII digits turned into one space.
/// Keeps, for every folded byte, the byte span of its source character.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Folded {
    pub fn new(source: &str) -> Self {
        let mut f = Folded {
            text: String::with_capacity(source.len()),
            starts: Vec::new(),
            ends: Vec::new(),
        };
        for (i, c) in source.char_indices() {
            let end = i + c.len_utf8();
            for out in fold_char(c) {
                if out == ' ' && (f.text.is_empty() || f.text.ends_with(' ')) {
                    continue;
                }
                f.push(out, i, end);
            }
        }
        if f.text.ends_with(' ') {
            f.text.pop();
            f.starts.pop();
            f.ends.pop();
        }
        f
    }

    fn push(&mut self, c: char, start: usize, end: usize) {
        for _ in 0..c.len_utf8() {
            self.starts.push(start);
            self.ends.push(end);
        }
        self.text.push(c);
    }

    /// The source byte span of the folded span `start..end` (`end > start`).
    pub fn source_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.starts[start], self.ends[end - 1])
    }

    /// The folded offset of a source byte offset (first folded byte at or after it).
    pub fn folded_offset(&self, source: usize) -> usize {
        self.starts.partition_point(|&s| s < source)
    }
}

/// Folds one character into zero or more characters.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let mut buf: Vec<char> = Vec::with_capacity(2);
    match c {
        'œ' | 'Œ' => buf.extend(['o', 'e']),
        'æ' | 'Æ' => buf.extend(['a', 'e']),
        'º' | 'ª' => buf.push(' '),
        c if c.is_ascii_alphanumeric() => buf.push(c.to_ascii_lowercase()),
        c if c.is_alphabetic() => {
            for d in c.nfd() {
                if unicode_normalization::char::is_combining_mark(d) {
                    continue;
                }
                buf.extend(d.to_lowercase());
            }
        }
        c if unicode_normalization::char::is_combining_mark(c) => {}
        _ => buf.push(' '),
    }
    buf.into_iter()
}

/// The folded form of a label.
pub fn fold(text: &str) -> String {
    Folded::new(text).text
}

// ---------------------------------------------------------------------------
// Matcher

/// A dictionary hit: a source byte span and the entities it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entities: Vec<String>,
}

/// Label and acronym automata over a set of entities.
#[derive(Debug, Clone)]
pub struct Matcher {
    labels: AhoCorasick,
    label_entities: Vec<Vec<usize>>,
    acronyms: AhoCorasick,
    acronym_entities: Vec<Vec<usize>>,
    /// `(iri, proper noun)`: territories must be capitalised in the text.
    entities: Vec<(String, bool)>,
}

impl Matcher {
    pub fn new<'a>(entities: impl Iterator<Item = &'a Entity>) -> Self {
        let mut by_label: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_acronym: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut list = Vec::new();
        for (i, e) in entities.enumerate() {
            list.push((e.iri.clone(), e.kind == EntityKind::Territory));
            for label in &e.labels {
                let key = fold(label);
                if !key.is_empty() {
                    by_label.entry(key).or_default().push(i);
                }
            }
            for n in &e.notations {
                if !n.trim().is_empty() {
                    by_acronym.entry(n.trim().to_owned()).or_default().push(i);
                }
            }
        }
        let build = |map: &BTreeMap<String, Vec<usize>>| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(map.keys())
                .expect("dictionary automaton builds")
        };
        let dedup = |map: BTreeMap<String, Vec<usize>>| -> Vec<Vec<usize>> {
            map.into_values()
                .map(|mut v| {
                    v.sort();
                    v.dedup();
                    v
                })
                .collect()
        };
        Matcher {
            labels: build(&by_label),
            acronyms: build(&by_acronym),
            label_entities: dedup(by_label),
            acronym_entities: dedup(by_acronym),
            entities: list,
        }
    }

    /// Whole-word, leftmost-longest hits in `source` (whose folded form is `folded`).
    pub fn find(&self, source: &str, folded: &Folded) -> Vec<Hit> {
        let mut candidates: Vec<(usize, usize, &[usize])> = Vec::new();
        let ft = folded.text.as_bytes();
        for m in self.labels.find_overlapping_iter(&folded.text) {
            let (s, e) = (m.start(), m.end());
            if s > 0 && ft[s - 1] != b' ' {
                continue;
            }
            let Some(e) = word_end(ft, e) else { continue };
            let (ss, se) = folded.source_span(s, e);
            candidates.push((ss, se, &self.label_entities[m.pattern().as_usize()]));
        }
        let sb = source.as_bytes();
        for m in self.acronyms.find_overlapping_iter(source) {
            let (s, e) = (m.start(), m.end());
            let before_ok = source[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = source[e..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphabetic())
                && !(sb[e - 1].is_ascii_digit() && sb.get(e).is_some_and(u8::is_ascii_digit));
            if before_ok && after_ok {
                candidates.push((s, e, &self.acronym_entities[m.pattern().as_usize()]));
            }
        }
        let mut hits = Vec::new();
        for (start, end, ids) in select_longest(candidates) {
            let matched = &source[start..end];
            let capitalised = matched.chars().next().is_some_and(char::is_uppercase);
            let entities: Vec<String> = ids
                .iter()
                .filter(|&&i| !self.entities[i].1 || capitalised)
                .map(|&i| self.entities[i].0.clone())
                .collect();
            if !entities.is_empty() {
                hits.push(Hit {
                    start,
                    end,
                    entities,
                });
            }
        }
        hits
    }
}

/// A term a document defines: its forms (folded, singular and plural), the
/// entity it names, the block and span of its definition.
struct DefinedTerm {
    forms: Vec<String>,
    entity: String,
    block: usize,
    span: (usize, usize),
}

/// A term a document defines for what it names just before ("La communauté
/// professionnelle territoriale de santé du Pays fléchois, …, ci-après
/// désignée « la communauté professionnelle »", as contracts and decisions
/// do): the term, without its determiner, in the singular and the plural,
/// names that entity wherever the document uses it.
fn defined_terms(doc: &Document, found: &[Vec<Hit>]) -> Vec<Mention> {
    static DEFINITION: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let definition = DEFINITION.get_or_init(|| {
        regex::Regex::new(
            r#"(?i)ci-apr[eè]s\s+(?:(?:d[ée]nomm|d[ée]sign|appel)[ée]e?s?\s+)?[«“"]\s*([^»”"]{3,60}?)\s*[»”"]"#,
        )
        .expect("definition pattern")
    });
    let mut terms: Vec<DefinedTerm> = Vec::new();
    for (b, block) in doc.blocks.iter().enumerate() {
        for c in definition.captures_iter(&block.text) {
            let (Some(whole), Some(term)) = (c.get(0), c.get(1)) else {
                continue;
            };
            // The entity named last before the definition, in its block.
            let Some(entity) = found[b]
                .iter()
                .rfind(|h| h.end <= whole.start())
                .and_then(|h| h.entities.first())
            else {
                continue;
            };
            let folded = fold(term.as_str());
            let bare = ["la ", "le ", "les ", "l "]
                .iter()
                .find_map(|d| folded.strip_prefix(d))
                .unwrap_or(&folded)
                .to_owned();
            if bare.len() < 4 {
                continue;
            }
            let plural = bare
                .split(' ')
                .map(|w| {
                    if w.ends_with(['s', 'x']) {
                        w.to_owned()
                    } else {
                        format!("{w}s")
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            terms.push(DefinedTerm {
                forms: vec![bare, plural],
                entity: entity.clone(),
                block: b,
                span: (whole.start(), whole.end()),
            });
        }
    }
    let mut out = Vec::new();
    for (b, block) in doc.blocks.iter().enumerate() {
        let folded = Folded::new(&block.text);
        let ft = folded.text.as_bytes();
        for DefinedTerm {
            forms,
            entity,
            block: defined_in,
            span: (from, to),
        } in &terms
        {
            for form in forms {
                for (s, _) in folded.text.match_indices(form.as_str()) {
                    let e = s + form.len();
                    let whole_word =
                        (s == 0 || ft[s - 1] == b' ') && (e == ft.len() || ft[e] == b' ');
                    if !whole_word {
                        continue;
                    }
                    let (ss, se) = folded.source_span(s, e);
                    let in_definition = b == *defined_in && ss < *to && *from < se;
                    let named = found[b].iter().any(|h| h.start < se && ss < h.end);
                    if in_definition || named {
                        continue;
                    }
                    let matched = &block.text[ss..se];
                    out.push(Mention {
                        entity: entity.clone(),
                        line: block.line_of(ss),
                        matched: matched.to_owned(),
                        quote: doc.quote_at(block, ss, matched),
                    });
                }
            }
        }
    }
    out
}

/// The end of a whole-word match ending at folded byte `e`: the next byte
/// is a space or the end; or one or two glued footnote digits follow a letter.
fn word_end(ft: &[u8], e: usize) -> Option<usize> {
    match ft.get(e) {
        None | Some(b' ') => Some(e),
        Some(d) if d.is_ascii_digit() && ft[e - 1].is_ascii_alphabetic() => {
            let digits = ft[e..].iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 2 && matches!(ft.get(e + digits), None | Some(b' '))).then_some(e)
        }
        _ => None,
    }
}

/// Greedy leftmost-longest selection of non-overlapping spans; spans equal
/// to a selected one are all kept (one name, several entities).
pub fn select_longest<T>(mut spans: Vec<(usize, usize, T)>) -> Vec<(usize, usize, T)> {
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(usize, usize, T)> = Vec::new();
    for span in spans {
        let free = out
            .last()
            .is_none_or(|last| span.0 >= last.1 || (span.0, span.1) == (last.0, last.1));
        if free {
            out.push(span);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Document layout: blocks for matching across wrapped lines, sentences for quotes

/// Consecutive non-blank lines joined by single spaces.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    /// `(byte offset in text, 1-based source line)` of each joined line.
    lines: Vec<(usize, usize)>,
}

impl Block {
    /// The 1-based source line of a byte offset of the block.
    pub fn line_of(&self, offset: usize) -> usize {
        let i = self.lines.partition_point(|&(o, _)| o <= offset);
        self.lines[i.saturating_sub(1)].1
    }
}

/// A document's blocks and sentences.
#[derive(Debug, Clone)]
pub struct Document {
    pub blocks: Vec<Block>,
    sentences: Vec<Sentence>,
    lines: Vec<String>,
}

impl Document {
    pub fn new(lines: &[String]) -> Self {
        let mut blocks = Vec::new();
        let mut current: Option<Block> = None;
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim();
            if t.is_empty() {
                blocks.extend(current.take());
                continue;
            }
            let b = current.get_or_insert_with(|| Block {
                text: String::new(),
                lines: Vec::new(),
            });
            if !b.text.is_empty() {
                b.text.push(' ');
            }
            b.lines.push((b.text.len(), i + 1));
            b.text.push_str(t);
        }
        blocks.extend(current);
        Document {
            blocks,
            sentences: text::sentences(lines),
            lines: lines.to_vec(),
        }
    }

    /// The sentence holding the text matched at byte `start` of `block`: the
    /// k-th occurrence of `matched` in the block is the k-th occurrence in
    /// the block's sentences, taken in order (so two sentences of one line
    /// naming the same thing each get their own mention). Falls back to
    /// [`Document::quote`].
    pub fn quote_at(&self, block: &Block, start: usize, matched: &str) -> String {
        let key = fold(matched);
        if !key.is_empty() {
            let folded = Folded::new(&block.text);
            let before = folded
                .text
                .get(..folded.folded_offset(start))
                .unwrap_or(&folded.text);
            let mut k = before.matches(key.as_str()).count();
            let first = block.lines.first().map_or(0, |l| l.1);
            let last = block.lines.last().map_or(0, |l| l.1);
            for s in self
                .sentences
                .iter()
                .filter(|s| first <= s.line && s.end_line <= last)
            {
                let n = fold(&s.text).matches(key.as_str()).count();
                if k < n {
                    return s.text.clone();
                }
                k -= n;
            }
        }
        self.quote(block.line_of(start), matched)
    }

    /// The sentence containing `matched` that covers `line`; else the line.
    pub fn quote(&self, line: usize, matched: &str) -> String {
        let key = fold(matched);
        let covering = self
            .sentences
            .iter()
            .filter(|s| s.line <= line && line <= s.end_line);
        let mut first = None;
        for s in covering {
            if fold(&s.text).contains(&key) {
                return s.text.clone();
            }
            first.get_or_insert(s);
        }
        match first {
            Some(s) => s.text.clone(),
            None => self
                .lines
                .get(line - 1)
                .map(|l| l.trim().to_owned())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refdata() -> RefData {
        RefData::bundled().expect("bundled reference data")
    }

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    fn found(text: &str) -> Vec<(String, usize, String)> {
        extract(&lines(text), &refdata())
            .into_iter()
            .map(|m| {
                (
                    m.entity.rsplit("/id/").next().unwrap_or("").to_owned(),
                    m.line,
                    m.matched,
                )
            })
            .collect()
    }

    #[test]
    fn each_occurrence_is_quoted_with_its_own_sentence() {
        let text = "Les MSP sont nées en 2007. L'ordonnance a assoupli les règles des MSP.";
        let quotes: Vec<String> = extract(&lines(text), &refdata())
            .into_iter()
            .filter(|m| m.matched == "MSP")
            .map(|m| m.quote)
            .collect();
        assert_eq!(
            quotes,
            vec![
                "L'ordonnance a assoupli les règles des MSP.".to_owned(),
                "Les MSP sont nées en 2007.".to_owned()
            ]
        );
    }

    #[test]
    fn folding_drops_accents_case_and_punctuation_and_maps_back() {
        let f = Folded::new("L’Île-de-France « Santé »¹ Œuvre");
        assert_eq!(f.text, "l ile de france sante oeuvre");
        let s = f.text.find("ile").unwrap();
        let (a, b) = f.source_span(s, s + "ile de france".len());
        assert_eq!(&"L’Île-de-France « Santé »¹ Œuvre"[a..b], "Île-de-France");
    }

    #[test]
    fn labels_match_folded_and_plural_forms() {
        let got = found("Les Maisons de Santé pluri-professionnelles et les centres de sante.");
        assert!(
            got.contains(&(
                "dispositif/msp".into(),
                1,
                "Maisons de Santé pluri-professionnelles".into()
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "dispositif/centre-de-sante".into(),
                1,
                "centres de sante".into()
            )),
            "{got:?}"
        );
    }

    #[test]
    fn longest_label_wins() {
        let got = found("un centre de santé communautaire ouvre");
        assert_eq!(
            got,
            vec![(
                "dispositif/centre-de-sante-communautaire".into(),
                1,
                "centre de santé communautaire".into()
            )]
        );
    }

    #[test]
    fn acronyms_are_case_sensitive_whole_words() {
        let got = found("En MARS, l'ARS et la CPTS¹ ; les cpts ; MSPs ; DARS\nl'ARS2 a dit");
        let iris: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            iris.iter().filter(|i| **i == "acteur/ars").count(),
            2,
            "{got:?}"
        );
        assert!(iris.contains(&"dispositif/cpts"), "{got:?}");
        assert!(!iris.contains(&"dispositif/msp"), "{got:?}");
    }

    #[test]
    fn territories_must_be_capitalised() {
        let got = found("Un projet à Besançon (Bourgogne-Franche-Comté), pas à paris.");
        let iris: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            iris,
            vec!["territoire/besancon", "territoire/bourgogne-franche-comte"]
        );
    }

    #[test]
    fn wrapped_lines_match_with_the_right_line() {
        let got = found("Intro.\nLes communautés professionnelles\nterritoriales de santé (CPTS) sont là.\n\nFin");
        assert!(
            got.contains(&(
                "dispositif/cpts".into(),
                2,
                "communautés professionnelles territoriales de santé".into()
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&("dispositif/cpts".into(), 3, "CPTS".into())),
            "{got:?}"
        );
    }

    #[test]
    fn equal_spans_are_all_kept() {
        let got = select_longest(vec![(0, 4, 'a'), (0, 4, 'b'), (0, 2, 'c'), (5, 6, 'd')]);
        assert_eq!(got, vec![(0, 4, 'a'), (0, 4, 'b'), (5, 6, 'd')]);
    }

    #[test]
    fn output_is_sorted_and_deduplicated() {
        let m = extract(&lines("CPTS CPTS\nCPTS"), &refdata());
        let mut sorted = m.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(m, sorted);
        assert_eq!(m.len(), 2);
    }
}
