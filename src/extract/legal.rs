//! Citations of legal texts, resolved to one entity per text however cited:
//! by number (`loi n° 2016-41`), by class and date (`loi du 26 janvier 2016`),
//! by title, nickname or acronym (`loi HPST`, `LMSS`), and articles of laws
//! (`article 65 de la loi ...`) or codes (`article L. 1411-11 du CSP`).
//!
//! Every name comes from [`RefData`]; the citation grammar (keywords are the
//! French labels of the legal-text classes) is built once per `RefData`.
//! Matching runs on folded text (see [`Folded`]): case, accents, `n°`/`no`,
//! apostrophes, non-breaking spaces and superscript footnote markers vanish.

use super::gazetteer::{select_longest, Document, Folded};
use super::text::MONTHS;
use super::Mention;
use crate::refdata::{EntityKind, LegalClass, RefData};
use crate::vocab::{self, ID};
use oxigraph::model::{NamedOrBlankNode, Term};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A legal text cited by a document but absent from the reference data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LegalTextRecord {
    pub iri: String,
    /// Local name of the ontology class (`Loi`, `Decret`, ...).
    pub class: String,
    pub number: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub label: String,
}

/// An article cited by a document and absent from the reference data; to be
/// typed `mlg:Article` with `eli:is_part_of` its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ArticleRecord {
    /// `{text iri}/article/{number}`.
    pub iri: String,
    /// The law or code it belongs to.
    pub part_of: String,
    /// `65`, `L1411-11`.
    pub number: String,
    pub label: String,
}

#[derive(Debug, Clone, Default)]
pub struct LegalExtraction {
    /// Mentions of legal texts, codes and articles, sorted.
    pub mentions: Vec<Mention>,
    pub new_texts: Vec<LegalTextRecord>,
    pub articles: Vec<ArticleRecord>,
}

const MONTH_NAMES: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The compiled citation grammar and the number/date indexes of known texts.
#[derive(Debug, Clone)]
pub struct Patterns {
    number: Regex,
    date: Regex,
    and_date: Regex,
    law_article: Regex,
    code_article: Regex,
    connector: Regex,
    bill: Regex,
    /// `une instruction en septembre 2016`: type, month and year only.
    month_year: Regex,
    /// `les ordonnances publiées au Journal officiel du 13 mai 2021`.
    journal: Regex,
    /// Folded keyword → class.
    classes: BTreeMap<String, LegalClass>,
    /// Folded number → `(class, iri)` of known texts.
    by_number: BTreeMap<String, Vec<(String, String)>>,
    /// `YYYY-MM-DD` → `(class, iri)` of known texts.
    by_date: BTreeMap<String, Vec<(String, String)>>,
    /// Known legal entities: IRI → (class, prefLabel, part of).
    known: BTreeMap<String, (String, String, Option<String>)>,
    /// Légifrance identifier (`eli:id_local`, `JORFTEXT…`) → IRI.
    by_local_id: BTreeMap<String, String>,
    /// Known legal entity → the dispositifs, actors... it acts on (any
    /// property of the reference data): how a name shared by two texts
    /// (`ACI`) is resolved from the rest of the passage.
    targets: BTreeMap<String, BTreeSet<String>>,
    /// Amended text → its known amendments `(number, IRI)` (`mlg:amends`):
    /// how "l'avenant 2" or "2 avenants" next to the accord are resolved.
    amendments: BTreeMap<String, Vec<(String, String)>>,
    /// `avenant 2`, `avenant n° 2`: an amendment by its number.
    amendment_number: Regex,
    /// `2 avenants`, `deux avenants`: a count of amendments.
    amendment_count: Regex,
}

impl Patterns {
    pub fn new(refdata: &RefData) -> Self {
        let classes: BTreeMap<String, LegalClass> = refdata
            .legal_classes
            .iter()
            .map(|c| (super::gazetteer::fold(&c.keyword), c.clone()))
            .collect();
        let mut keywords: Vec<&str> = classes
            .keys()
            .map(String::as_str)
            .filter(|k| !k.is_empty())
            .collect();
        keywords.sort_by_key(|k| std::cmp::Reverse(k.len()));
        let kw = keywords
            .iter()
            .map(|k| regex::escape(k))
            .collect::<Vec<_>>()
            .join("|");
        let kw = if kw.is_empty() {
            r"\b\B".to_owned()
        } else {
            kw
        }; // never matches
        let months = MONTHS.join("|");
        let date = format!(r"(?P<d>\d{{1,2}}|1er) (?P<m>{months}) (?P<y>(?:19|20)\d\d)\d{{0,2}}\b");
        let re = |s: &str| Regex::new(s).expect("citation grammar compiles");
        let mut by_number: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut by_date: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut known = BTreeMap::new();
        for e in refdata.entities.iter().filter(|e| !e.kind.is_gazetteer()) {
            let Some(info) = &e.legal else { continue };
            let label = e.pref_label.clone().unwrap_or_default();
            known.insert(
                e.iri.clone(),
                (info.class.clone(), label, info.part_of.clone()),
            );
            if e.kind != EntityKind::LegalText {
                continue;
            }
            if let Some(n) = &info.number {
                by_number
                    .entry(super::gazetteer::fold(n))
                    .or_default()
                    .push((info.class.clone(), e.iri.clone()));
            }
            if let Some(d) = &info.date {
                by_date
                    .entry(d.clone())
                    .or_default()
                    .push((info.class.clone(), e.iri.clone()));
            }
        }
        let id_local = format!("{}id_local", vocab::ELI);
        let by_local_id = refdata
            .quads
            .iter()
            .filter(|q| q.predicate.as_str() == id_local)
            .filter_map(|q| match (&q.subject, &q.object) {
                (NamedOrBlankNode::NamedNode(s), Term::Literal(o)) => {
                    Some((o.value().to_owned(), s.as_str().to_owned()))
                }
                _ => None,
            })
            .collect();
        let mut targets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for q in &refdata.quads {
            let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object)
            else {
                continue;
            };
            let acts_on = refdata
                .entity(o.as_str())
                .is_some_and(|e| e.kind.is_gazetteer());
            if acts_on && known.contains_key(s.as_str()) {
                targets
                    .entry(s.as_str().to_owned())
                    .or_default()
                    .insert(o.as_str().to_owned());
            }
        }
        let amends = format!("{}amends", vocab::MLG);
        let mut amendments: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for q in refdata
            .quads
            .iter()
            .filter(|q| q.predicate.as_str() == amends)
        {
            let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object)
            else {
                continue;
            };
            let number = refdata
                .entity(s.as_str())
                .and_then(|e| e.legal.as_ref())
                .filter(|l| l.class == "Avenant")
                .and_then(|l| l.number.clone());
            if let Some(number) = number {
                amendments
                    .entry(o.as_str().to_owned())
                    .or_default()
                    .push((number, s.as_str().to_owned()));
            }
        }
        Patterns {
            targets,
            amendments,
            amendment_number: re(r"\bavenant (?:n(?:o|umero)? )?(?P<n>\d{1,2})\b"),
            amendment_count: re(r"\b(?P<c>\d|deux|trois|quatre|cinq) avenants\b"),
            by_local_id,
            number: re(&format!(
                r"(?:\b(?P<kw>{kw})(?:s|x)? (?:organique )?(?:[a-z0-9]+ ){{0,4}}?)?\bn(?:o|umero)? (?P<num>(?:[a-z][a-z0-9]* ){{0,4}}(?:19|20)\d\d \d{{1,5}})\b(?: du {date})?"
            )),
            date: re(&format!(r"\b(?P<kw>{kw})(?:s|x)? du {date}")),
            and_date: re(&format!(r"^ et du {date}")),
            law_article: re(
                r"\barticle (?P<n>\d{1,4})(?: (?:bis|ter|quater))? (?:de la|du|de l) $",
            ),
            code_article: re(r"\barticles? (?P<p>[lrd]) ?(?P<n>\d{1,5}(?: \d{1,3}){0,3})\b"),
            connector: re(r"^ (?:du|de la|de l|des)? ?"),
            bill: re(r"\b(?:projets?|propositions?|avant projet) de $"),
            month_year: re(&format!(
                r"\b(?P<kw>{kw})(?:s|x)? (?:[a-z]+ ){{0,6}}?(?:en|d|de) (?P<m>{months}) (?P<y>(?:19|20)\d\d)\b"
            )),
            journal: re(&format!(
                r"\b(?P<kw>{kw})(?:s|x)? (?:publiee?s? )?(?:au|dans le) journal officiel du {date}"
            )),
            classes,
            by_number,
            by_date,
            known,
        }
    }

    /// Known texts of `class` dated within `prefix` (`YYYY-MM`, or a full date).
    fn dated(&self, class: &str, prefix: &str) -> Vec<String> {
        self.by_date
            .range(prefix.to_owned()..)
            .take_while(|(d, _)| d.starts_with(prefix))
            .flat_map(|(_, v)| v.iter().filter(|(c, _)| c == class))
            .map(|(_, iri)| iri.clone())
            .collect()
    }

    fn class_of(&self, keyword: Option<&str>) -> Option<&LegalClass> {
        keyword.and_then(|k| self.classes.get(k))
    }

    fn lookup(
        map: &BTreeMap<String, Vec<(String, String)>>,
        key: &str,
        class: Option<&str>,
    ) -> Option<String> {
        let found = map.get(key)?;
        match class {
            Some(c) => found
                .iter()
                .find(|(k, _)| k == c)
                .map(|(_, iri)| iri.clone()),
            None if found.len() == 1 => Some(found[0].1.clone()),
            None => None,
        }
    }
}

/// A resolved citation in folded coordinates.
#[derive(Debug, Clone)]
struct Cite {
    iri: String,
    /// A code (`mlg:Code`): articles without a code refer to the last one cited.
    is_code: bool,
}

/// Resolves every legal citation of a document.
pub fn extract(lines: &[String], refdata: &RefData) -> LegalExtraction {
    let patterns = refdata.legal_patterns();
    let matcher = refdata.legal_matcher();
    let doc = Document::new(lines);
    let mut mentions = Vec::new();
    let mut new_texts = BTreeMap::new();
    let mut articles = BTreeSet::new();
    let mut last_code: Option<String> = None;

    for block in &doc.blocks {
        let folded = Folded::new(&block.text);
        let ft = folded.text.as_str();
        let mut spans: Vec<(usize, usize, Cite)> = Vec::new();
        let mut parent_mentions: Vec<(usize, usize, String)> = Vec::new();

        let mut nearby: Option<BTreeSet<String>> = None;
        for hit in matcher.find(&block.text, &folded) {
            let (s, e) = (
                folded.folded_offset(hit.start),
                folded.folded_offset(hit.end),
            );
            let mut entities = hit.entities;
            if entities.len() > 1 {
                // A shared name: keep the texts acting on what the passage names.
                let nearby = nearby.get_or_insert_with(|| {
                    let hits = refdata.gazetteer_matcher().find(&block.text, &folded);
                    hits.into_iter().flat_map(|h| h.entities).collect()
                });
                entities.retain(|iri| {
                    patterns
                        .targets
                        .get(iri)
                        .is_some_and(|t| !t.is_disjoint(nearby))
                });
            }
            for iri in entities {
                let known = patterns.known.get(&iri);
                let is_code = known.is_some_and(|(c, _, _)| c == "Code");
                // A named article ("expérimentations article 51") also cites its text.
                if let Some(parent) = known.and_then(|(_, _, p)| p.clone()) {
                    parent_mentions.push((s, e, parent));
                }
                spans.push((s, e, Cite { iri, is_code }));
            }
        }
        for c in patterns.number.captures_iter(ft) {
            let (whole, num) = (c.get(0).expect("match"), c.name("num").expect("num"));
            if patterns.bill.is_match(&ft[..whole.start()]) {
                continue; // bills are not laws
            }
            let class = patterns.class_of(c.name("kw").map(|m| m.as_str()));
            let date = c.name("d").and_then(|_| parse_date(&c));
            let folded_num = num.as_str();
            let known = Patterns::lookup(
                &patterns.by_number,
                folded_num,
                class.map(|k| k.class.as_str()),
            )
            .or_else(|| Patterns::lookup(&patterns.by_number, folded_num, None));
            let iri = match (known, class) {
                (Some(iri), _) => iri,
                (None, Some(class)) => {
                    let (ss, se) = folded.source_span(num.start(), num.end());
                    let number = display_number(folded_num, &block.text[ss..se]);
                    let record = mint(class, Some(number), date);
                    let iri = record.iri.clone();
                    add_record(&mut new_texts, record);
                    iri
                }
                (None, None) => continue,
            };
            spans.push((
                whole.start(),
                whole.end(),
                Cite {
                    iri,
                    is_code: false,
                },
            ));
        }
        for c in patterns.date.captures_iter(ft) {
            let whole = c.get(0).expect("match");
            let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
                continue;
            };
            if patterns.bill.is_match(&ft[..whole.start()]) {
                continue;
            }
            let mut dated = vec![(whole.start(), whole.end(), parse_date(&c))];
            let mut end = whole.end();
            while let Some(more) = patterns.and_date.captures(&ft[end..]) {
                let m = more.get(0).expect("match");
                dated.push((end + " et ".len(), end + m.end(), parse_date(&more)));
                end += m.end();
            }
            for (s, e, date) in dated {
                let Some(date) = date else { continue };
                let iri = match Patterns::lookup(&patterns.by_date, &date, Some(&class.class)) {
                    Some(iri) => iri,
                    None => {
                        let record = mint(class, None, Some(date));
                        let iri = record.iri.clone();
                        add_record(&mut new_texts, record);
                        iri
                    }
                };
                spans.push((
                    s,
                    e,
                    Cite {
                        iri,
                        is_code: false,
                    },
                ));
            }
        }
        // A type with a month and year only: the one known text of that month.
        for c in patterns.month_year.captures_iter(ft) {
            let whole = c.get(0).expect("match");
            let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
                continue;
            };
            let Some(month) = MONTHS.iter().position(|m| *m == &c["m"]) else {
                continue;
            };
            let found = patterns.dated(&class.class, &format!("{}-{:02}", &c["y"], month + 1));
            if let [iri] = found.as_slice() {
                let cite = Cite {
                    iri: iri.clone(),
                    is_code: false,
                };
                spans.push((whole.start(), whole.end(), cite));
            }
        }
        // Published in the Journal officiel: signed that day or the day before.
        for c in patterns.journal.captures_iter(ft) {
            let whole = c.get(0).expect("match");
            let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
                continue;
            };
            let Some(date) = parse_date(&c) else { continue };
            let mut found = patterns.dated(&class.class, &date);
            if found.is_empty() {
                if let Some(before) = day_before(&date) {
                    found = patterns.dated(&class.class, &before);
                }
            }
            for iri in found {
                let cite = Cite {
                    iri,
                    is_code: false,
                };
                spans.push((whole.start(), whole.end(), cite));
            }
        }
        amendment_spans(patterns, ft, &mut spans);
        // Bills are not laws.
        spans.retain(|(s, _, _)| !patterns.bill.is_match(&ft[..*s]));
        let spans = select_longest(spans);

        let mut push = |s: usize, e: usize, iri: &str| {
            let (ss, se) = folded.source_span(s, e);
            let matched = &block.text[ss..se];
            let line = block.line_of(ss);
            mentions.push(Mention {
                entity: iri.to_owned(),
                line,
                matched: matched.to_owned(),
                quote: doc.quote_at(block, ss, matched),
            });
        };
        for (s, e, cite) in &spans {
            push(*s, *e, &cite.iri);
            if let Some((_, _, parent)) = parent_mentions
                .iter()
                .find(|(ps, pe, _)| ps == s && pe == e)
            {
                push(*s, *e, parent);
            }
        }

        // Articles of laws: "article 65 de la loi ...".
        for (s, e, cite) in spans.iter().filter(|(_, _, c)| !c.is_code) {
            let before = &ft[..*s];
            let Some(c) = patterns.law_article.captures(before) else {
                continue;
            };
            let start = c.get(0).expect("match").start();
            let number = c["n"].to_owned();
            let article = article_record(patterns, &cite.iri, &number);
            push(start, *e, &article.iri);
            if !patterns.known.contains_key(&article.iri) {
                articles.insert(article);
            }
        }

        // Articles of codes: "article L. 1411-11 du code de la santé publique".
        let codes: Vec<&(usize, usize, Cite)> =
            spans.iter().filter(|(_, _, c)| c.is_code).collect();
        for c in patterns.code_article.captures_iter(ft) {
            let whole = c.get(0).expect("match");
            let after = whole.end()
                + patterns
                    .connector
                    .find(&ft[whole.end()..])
                    .map_or(0, |m| m.end());
            let following = codes
                .iter()
                .find(|(s, _, _)| *s == after || *s + 1 == after);
            let preceding = codes.iter().rev().find(|(_, e, _)| *e <= whole.start());
            let (code, end) = match (following, preceding) {
                (Some((_, e, cite)), _) => (Some(cite.iri.clone()), *e),
                (None, Some((_, _, cite))) => (Some(cite.iri.clone()), whole.end()),
                (None, None) => (last_code.clone(), whole.end()),
            };
            let Some(code) = code else { continue };
            let number = format!("{}{}", c["p"].to_uppercase(), c["n"].replace(' ', "-"));
            let article = article_record(patterns, &code, &number);
            push(whole.start(), end, &article.iri);
            if !patterns.known.contains_key(&article.iri) {
                articles.insert(article);
            }
        }
        if let Some((_, _, cite)) = codes.last() {
            last_code = Some(cite.iri.clone());
        }
    }
    let calls = footnote_mentions(&doc, lines, &mentions, patterns);
    mentions.extend(calls);
    mentions.sort();
    mentions.dedup();
    LegalExtraction {
        mentions,
        new_texts: new_texts.into_values().collect(),
        articles: articles.into_iter().collect(),
    }
}

/// Amendments cited by number or count next to the text they amend ("l'avenant
/// 2 à l'ACI CPTS", "l'ACI …, complété par 2 avenants"): among the known
/// amendments of a text the passage cites, the one of that number, or all of
/// them when the count is theirs.
fn amendment_spans(patterns: &Patterns, ft: &str, spans: &mut Vec<(usize, usize, Cite)>) {
    let amended: Vec<&Vec<(String, String)>> = spans
        .iter()
        .filter_map(|(_, _, c)| patterns.amendments.get(&c.iri))
        .collect();
    let mut found = Vec::new();
    for c in patterns.amendment_number.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let numbered: Vec<&String> = amended
            .iter()
            .flat_map(|list| list.iter())
            .filter(|(n, _)| *n == c["n"])
            .map(|(_, iri)| iri)
            .collect();
        if let [iri] = numbered.as_slice() {
            found.push((whole.start(), whole.end(), (*iri).clone()));
        }
    }
    for c in patterns.amendment_count.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let count = match &c["c"] {
            "deux" => 2,
            "trois" => 3,
            "quatre" => 4,
            "cinq" => 5,
            digit => digit.parse().unwrap_or(0),
        };
        for list in amended.iter().filter(|l| l.len() == count) {
            for (_, iri) in list.iter() {
                found.push((whole.start(), whole.end(), iri.clone()));
            }
        }
    }
    for (s, e, iri) in found {
        spans.push((
            s,
            e,
            Cite {
                iri,
                is_code: false,
            },
        ));
    }
}

const SUPERSCRIPT_DIGITS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/// A footnote number printed in superscript (`²⁸`), or `None`.
fn superscript_number(text: &str) -> Option<u32> {
    let digits: String = text
        .chars()
        .map_while(|c| SUPERSCRIPT_DIGITS.chars().position(|d| d == c))
        .map(|d| char::from(b'0' + d as u8))
        .collect();
    digits.parse().ok()
}

fn superscript(n: u32) -> String {
    n.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10))
        .filter_map(|d| SUPERSCRIPT_DIGITS.chars().nth(d as usize))
        .collect()
}

/// A footnote definition: its number, whether the number is printed in
/// superscript, and the legal texts it cites first.
struct FootnoteDef {
    number: u32,
    superscript: bool,
    texts: Vec<String>,
}

/// Footnote definitions of a document: lines that start with a note number
/// (`² Loi n° 2016-41 …`, `7 Décret n° 2018-629 …`, `¹ <…JORFTEXT000031912641>`)
/// and whose text opens with a legal citation.
fn footnote_defs(lines: &[String], mentions: &[Mention], patterns: &Patterns) -> Vec<FootnoteDef> {
    static ASCII_DEF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2}) +[\p{Lu}<«]").expect("regex"));
    static JORF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:JORFTEXT|LEGITEXT)\d{12}\b").expect("regex"));
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let (number, superscript, body) = if let Some(n) = superscript_number(t) {
            let body = t.trim_start_matches(|c| SUPERSCRIPT_DIGITS.contains(c));
            if !body.starts_with(' ') {
                continue;
            }
            (n, true, body)
        } else if let Some(c) = ASCII_DEF.captures(t) {
            let Ok(n) = c[1].parse::<u32>() else { continue };
            (n, false, &t[c[1].len()..])
        } else {
            continue;
        };
        let folded = super::gazetteer::fold(body);
        let mut texts: Vec<(usize, String)> = mentions
            .iter()
            .filter(|m| m.line == i + 1)
            .filter_map(|m| {
                let at = folded.find(&super::gazetteer::fold(&m.matched))?;
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
                superscript,
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
fn footnote_mentions(
    doc: &Document,
    lines: &[String],
    mentions: &[Mention],
    patterns: &Patterns,
) -> Vec<Mention> {
    static ASCII_CALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\p{L}{2,})(\d{1,2})\b|\b((?:19|20)\d{3,4})\b").expect("regex")
    });
    let defs = footnote_defs(lines, mentions, patterns);
    if defs.is_empty() {
        return Vec::new();
    }
    let def = |n: u32, sup: bool| defs.iter().find(|d| d.number == n && d.superscript == sup);
    let mut out = Vec::new();
    for block in &doc.blocks {
        let text = &block.text;
        let mut calls: Vec<(usize, usize, u32, bool)> = Vec::new(); // word span, number, superscript
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
            calls.push((word_start, word_end, n, true));
        }
        for c in ASCII_CALL.captures_iter(text) {
            if let (Some(word), Some(num)) = (c.get(1), c.get(2)) {
                if let Ok(n) = num.as_str().parse() {
                    calls.push((word.start(), word.end(), n, false));
                }
            } else if let Some(token) = c.get(3) {
                if let Some((_, n)) = super::text::split_footnote_year(token.as_str()) {
                    calls.push((token.start(), token.start() + 4, n, false));
                }
            }
        }
        for (start, end, n, sup) in calls {
            let Some(d) = def(n, sup) else { continue };
            if start >= end || block.line_of(start) == d_line(lines, n, sup) {
                continue;
            }
            let word = &text[start..end];
            let quote = doc.quote_at(block, start, word);
            // A call on a citation already read ("la loi HPST⁵") only sources it.
            let key = super::gazetteer::fold(word);
            let on_citation = mentions.iter().any(|m| {
                m.quote == quote
                    && super::gazetteer::fold(&m.matched)
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
fn d_line(lines: &[String], n: u32, sup: bool) -> usize {
    lines
        .iter()
        .position(|l| {
            let t = l.trim();
            if sup {
                superscript_number(t) == Some(n)
            } else {
                t.split(' ').next() == Some(n.to_string().as_str())
            }
        })
        .map_or(0, |i| i + 1)
}

/// Adds a minted text, one per IRI; a later citation that states the date
/// completes an earlier one that did not.
fn add_record(records: &mut BTreeMap<String, LegalTextRecord>, record: LegalTextRecord) {
    match records.get(&record.iri) {
        Some(old) if old.date.is_some() || record.date.is_none() => {}
        _ => {
            records.insert(record.iri.clone(), record);
        }
    }
}

/// `YYYY-MM-DD` from the `d`, `m`, `y` groups.
fn parse_date(c: &regex::Captures) -> Option<String> {
    let day: u32 = match c.name("d")?.as_str() {
        "1er" => 1,
        d => d.parse().ok()?,
    };
    let name = c.name("m")?.as_str();
    let month = MONTHS.iter().position(|m| *m == name)? + 1;
    let year = c.name("y")?.as_str();
    (1..=31)
        .contains(&day)
        .then(|| format!("{year}-{month:02}-{day:02}"))
}

/// The `YYYY-MM-DD` date one day earlier.
fn day_before(date: &str) -> Option<String> {
    let mut parts = date.splitn(3, '-').map(str::parse::<u32>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    if d > 1 {
        return Some(format!("{y}-{m:02}-{:02}", d - 1));
    }
    let (y, m) = if m == 1 {
        (y.checked_sub(1)?, 12)
    } else {
        (y, m - 1)
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let last = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Some(format!("{y}-{m:02}-{last:02}"))
}

/// The number as printed: `YYYY-N` for ordinary numbers, else the source
/// text without spaces (`DGS/SP4/CGET/2016/289`).
fn display_number(folded: &str, source: &str) -> String {
    let parts: Vec<&str> = folded.split(' ').collect();
    if parts.len() == 2 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        format!("{}-{}", parts[0], parts[1])
    } else {
        source.split_whitespace().collect::<String>()
    }
}

fn human_date(date: &str) -> String {
    let mut it = date.split('-');
    let (y, m, d) = (
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    );
    let month = m
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTH_NAMES.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or(m);
    let day = d.trim_start_matches('0');
    let day = if day == "1" { "1er" } else { day };
    format!("{day} {month} {y}")
}

/// A legal text unknown to the reference data: `id/{segment}/{number}`, or
/// `id/{segment}/{date}` when only the date is cited.
fn mint(class: &LegalClass, number: Option<String>, date: Option<String>) -> LegalTextRecord {
    let mut chars = class.keyword.chars();
    let keyword: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let key = number.clone().or_else(|| date.clone()).unwrap_or_default();
    let mut label = keyword;
    if let Some(n) = &number {
        label.push_str(&format!(" n° {n}"));
    }
    if let Some(d) = &date {
        label.push_str(&format!(" du {}", human_date(d)));
    }
    LegalTextRecord {
        iri: format!("{ID}{}/{}", class.segment, vocab::slug(&key)),
        class: class.class.clone(),
        number,
        date,
        label,
    }
}

fn article_record(patterns: &Patterns, parent: &str, number: &str) -> ArticleRecord {
    let parent_label = patterns
        .known
        .get(parent)
        .map(|(_, l, _)| l.clone())
        .unwrap_or_else(|| {
            parent
                .rsplit('/')
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join(" ")
        });
    ArticleRecord {
        iri: format!("{parent}/article/{number}"),
        part_of: parent.to_owned(),
        number: number.to_owned(),
        label: format!("{parent_label}, article {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LMSS: &str = "https://w3id.org/maillage/id/loi/2016-41";
    const HPST: &str = "https://w3id.org/maillage/id/loi/2009-879";

    fn refdata() -> RefData {
        RefData::bundled().expect("bundled reference data")
    }

    fn run(text: &str) -> LegalExtraction {
        extract(
            &text.lines().map(str::to_owned).collect::<Vec<_>>(),
            &refdata(),
        )
    }

    fn entities(text: &str) -> Vec<String> {
        let mut v: Vec<String> = run(text).mentions.into_iter().map(|m| m.entity).collect();
        v.dedup();
        v
    }

    fn short(iri: &str) -> &str {
        iri.strip_prefix(ID).unwrap_or(iri)
    }

    #[test]
    fn by_number_with_messy_spacing_and_signs() {
        for text in [
            "la loi n° 2016-41 du 26 janvier 2016",
            "la loi n°2016-41",
            "LOI n° 2016-41 du 26 janvier 2016 de modernisation",
            "Loi No 2016-41",
            "la loi nº\u{a0}2016-41",
            "selon le n°2016-41, ...",
        ] {
            assert_eq!(entities(text), vec![LMSS.to_owned()], "{text}");
        }
    }

    #[test]
    fn by_class_and_date_with_footnotes_and_wraps() {
        for text in [
            "créées par la loi du 26 janvier 2016, associent",
            "par la loi du 26 janvier 2016¹ de modernisation",
            "par la loi du 26\njanvier 2016 de modernisation",
        ] {
            assert_eq!(entities(text), vec![LMSS.to_owned()], "{text:?}");
        }
        assert_eq!(
            entities("l'ordonnance du 12 mai 2021 relative"),
            vec![format!("{ID}ordonnance/2021-584")]
        );
    }

    #[test]
    fn glued_footnote_digit_after_year_is_dropped() {
        let x = run("Arrêté du 24 juillet 20177 portant approbation");
        assert_eq!(x.mentions.len(), 1);
        assert_eq!(short(&x.mentions[0].entity), "arrete/2017-07-24");
    }

    #[test]
    fn by_nickname_title_and_acronym() {
        for text in [
            "la loi HPST",
            "la loi « Hôpital, Patients, Santé, Territoires »",
            "la loi ‘Hôpital, patients, santé et territoires’ (HPST)",
            "la loi HPST5 autorise",
            "la loi Bachelot",
        ] {
            assert_eq!(entities(text), vec![HPST.to_owned()], "{text}");
        }
        assert_eq!(
            entities("la loi de modernisation de notre système de santé"),
            vec![LMSS.to_owned()]
        );
        assert_eq!(entities("depuis la LMSS, les CPTS"), vec![LMSS.to_owned()]);
        assert_eq!(
            entities("la lmss"),
            Vec::<String>::new(),
            "acronyms are case-sensitive"
        );
    }

    #[test]
    fn articles_of_different_laws_do_not_merge() {
        let x = run("L'article 51 de la loi Bachelot et l'article 51 de la loi de financement de la sécurité sociale pour 2018.");
        let iris: BTreeSet<&str> = x.mentions.iter().map(|m| short(&m.entity)).collect();
        assert!(iris.contains("loi/2009-879/article/51"), "{iris:?}");
        assert!(iris.contains("loi/2017-1836/article/51"), "{iris:?}");
        assert!(
            iris.contains("loi/2009-879") && iris.contains("loi/2017-1836"),
            "{iris:?}"
        );
    }

    #[test]
    fn article_of_a_law_cited_by_date() {
        let x = run("créées par l'article 65 de la loi du 26 janvier 2016 de modernisation");
        let iris: Vec<&str> = x.mentions.iter().map(|m| short(&m.entity)).collect();
        assert!(iris.contains(&"loi/2016-41/article/65"), "{iris:?}");
        let art = x
            .articles
            .iter()
            .find(|a| a.iri.ends_with("2016-41/article/65"))
            .expect("article record");
        assert_eq!(art.part_of, LMSS);
        assert_eq!(art.number, "65");
    }

    #[test]
    fn experimentation_alias_resolves_only_through_reference_data() {
        let x = run("des expérimentations article 51 (Peps, Ipep)");
        let iris: Vec<_> = x.mentions.iter().map(|m| short(&m.entity)).collect();
        assert_eq!(iris, vec!["loi/2017-1836", "loi/2017-1836/article/51"]);
        assert!(run("voir l'article 51 ci-dessous").mentions.is_empty());
    }

    #[test]
    fn amendments_by_number_or_count_next_to_their_accord() {
        let aci = "l'accord conventionnel interprofessionnel en faveur du développement de l'exercice coordonné et du déploiement des communautés professionnelles territoriales de santé";
        let x: Vec<String> = entities(&format!("L'avenant 2 modifie {aci}."))
            .iter()
            .map(|e| short(e).to_owned())
            .collect();
        assert!(x.contains(&"avenant/aci-cpts-2".to_owned()), "{x:?}");
        assert!(!x.contains(&"avenant/aci-cpts-1".to_owned()), "{x:?}");
        let x: Vec<String> = entities(&format!("{aci}, complété par 2 avenants en 2021."))
            .iter()
            .map(|e| short(e).to_owned())
            .collect();
        assert!(x.contains(&"avenant/aci-cpts-1".to_owned()), "{x:?}");
        assert!(x.contains(&"avenant/aci-cpts-2".to_owned()), "{x:?}");
        // A count that is not theirs, or no accord in the passage: nothing.
        let x: Vec<String> = entities(&format!("{aci}, complété par 3 avenants."))
            .iter()
            .map(|e| short(e).to_owned())
            .collect();
        assert!(!x.iter().any(|e| e.starts_with("avenant/")), "{x:?}");
        let x: Vec<String> = entities("L'avenant 2 a été signé en décembre.")
            .iter()
            .map(|e| short(e).to_owned())
            .collect();
        assert!(!x.iter().any(|e| e.starts_with("avenant/")), "{x:?}");
    }

    #[test]
    fn code_articles_with_and_without_the_code_name() {
        let x = run("au sens de l'article L. 1411-11 du code de la santé publique (CSP)\n\nCode de la santé publique : Article L6323-3\n\nl'article L. 162-5-3 du code de\nla sécurité sociale");
        let iris: BTreeSet<&str> = x.mentions.iter().map(|m| short(&m.entity)).collect();
        for expected in [
            "code/csp/article/L1411-11",
            "code/csp/article/L6323-3",
            "code/css/article/L162-5-3",
            "code/csp",
            "code/css",
        ] {
            assert!(iris.contains(expected), "{expected} missing from {iris:?}");
        }
        let later = run("Code de la santé publique.\n\nvoir l'article L. 1434-2.");
        assert!(
            later
                .mentions
                .iter()
                .any(|m| short(&m.entity) == "code/csp/article/L1434-2"),
            "{:?}",
            later.mentions
        );
    }

    #[test]
    fn unknown_numbered_texts_are_minted_once() {
        let x = run("le décret n° 2099-123 du 1er mars 2099 et le Décret n°2099-123.");
        assert_eq!(x.new_texts.len(), 1, "{:?}", x.new_texts);
        let t = &x.new_texts[0];
        assert_eq!(short(&t.iri), "decret/2099-123");
        assert_eq!(t.class, "Decret");
        assert_eq!(t.number.as_deref(), Some("2099-123"));
        assert_eq!(t.date.as_deref(), Some("2099-03-01"));
        assert_eq!(t.label, "Décret n° 2099-123 du 1er mars 2099");
        assert!(x.mentions.iter().all(|m| m.entity == t.iri));
    }

    #[test]
    fn bills_are_not_laws() {
        assert!(run(
            "le projet de loi relative à l'organisation et à la transformation du système de santé"
        )
        .mentions
        .is_empty());
        assert!(run("la proposition de loi n° 2099-1").new_texts.is_empty());
        assert!(run("la proposition de loi portant amélioration de l'accès aux soins par la confiance aux professionnels de santé").mentions.is_empty());
    }

    #[test]
    fn instructions_with_service_codes() {
        let x = run("Instruction n°DGS/ SP4/CGET/2016/289 du 30 septembre 2016 relative");
        assert_eq!(
            x.mentions
                .iter()
                .map(|m| short(&m.entity))
                .collect::<Vec<_>>(),
            vec!["instruction/dgs-sp4-cget-2016-289"]
        );
        let c = run("Circulaire DGS/SP 2 n° 2000-324 du 13 juin 2000");
        assert_eq!(
            c.mentions
                .iter()
                .map(|m| short(&m.entity))
                .collect::<Vec<_>>(),
            vec!["circulaire/2000-324"]
        );
    }

    #[test]
    fn shared_names_resolve_by_what_the_passage_names() {
        let cpts = run("La CPTS signe l'accord conventionnel interprofessionnel (ACI) avec l'ARS.");
        let iris: BTreeSet<&str> = cpts.mentions.iter().map(|m| short(&m.entity)).collect();
        assert_eq!(iris, BTreeSet::from(["accord-conventionnel/2019-06-20"]));
        let msp = run("Les maisons de santé perçoivent l'ACI.");
        let iris: BTreeSet<&str> = msp.mentions.iter().map(|m| short(&m.entity)).collect();
        assert_eq!(iris, BTreeSet::from(["accord-conventionnel/2017-04-20"]));
        assert!(
            run("L'ACI est signé.").mentions.is_empty(),
            "ambiguous without context"
        );
        let both = run("L'ACI finance les MSP et les CPTS.");
        let iris: BTreeSet<&str> = both.mentions.iter().map(|m| short(&m.entity)).collect();
        let expected = [
            "accord-conventionnel/2017-04-20",
            "accord-conventionnel/2019-06-20",
        ];
        assert_eq!(iris, BTreeSet::from(expected));
    }

    #[test]
    fn month_and_year_resolve_only_one_known_text() {
        let found = entities("Les CLSM font ensuite l'objet d'une instruction en septembre 2016.");
        assert_eq!(
            found.iter().map(|e| short(e)).collect::<Vec<_>>(),
            ["instruction/dgs-sp4-cget-2016-289"]
        );
        // No known text of that type that month: nothing is invented.
        assert!(entities("Une circulaire en mars 2013 l'a précisé.").is_empty());
    }

    #[test]
    fn journal_officiel_date_is_the_signature_or_the_day_after() {
        let found =
            entities("Les ordonnances publiées au Journal officiel du 13 mai 2021 précisent.");
        assert_eq!(
            found.iter().map(|e| short(e)).collect::<Vec<_>>(),
            ["ordonnance/2021-584"]
        );
        assert_eq!(day_before("2021-03-01").as_deref(), Some("2021-02-28"));
        assert_eq!(day_before("2020-01-01").as_deref(), Some("2019-12-31"));
    }

    #[test]
    fn plural_keyword_with_two_dates() {
        let x = run("Approuvé par les arrêtés du 24 juillet 2017¹⁷ et du 21 août 2019¹⁸, l'ACI");
        let iris: Vec<&str> = x.mentions.iter().map(|m| short(&m.entity)).collect();
        assert_eq!(iris, vec!["arrete/2017-07-24", "arrete/2019-08-21"]);
    }

    #[test]
    fn footnote_calls_cite_the_text_of_their_definition() {
        let calls = |text: &str| -> Vec<(String, usize, String)> {
            run(text)
                .mentions
                .into_iter()
                .filter(|m| m.matched.ends_with(|c| SUPERSCRIPT_DIGITS.contains(c)))
                .map(|m| (short(&m.entity).to_owned(), m.line, m.matched))
                .collect()
        };
        assert_eq!(
            calls("Les CPTS ont été créées par la loi² pour permettre.\n\n² Loi n° 2016-41 du 26 janvier 2016 de modernisation"),
            vec![("loi/2016-41".into(), 1, "loi²".into())]
        );
        assert_eq!(
            calls(
                "Ce métier a été créé en 20187.\n\n7 Décret n° 2018-629 du 18 juillet 2018 relatif"
            ),
            vec![("decret/2018-629".into(), 1, "2018⁷".into())]
        );
        assert_eq!(
            calls("Elles ont été créées par la loi¹.\n\n¹ <https://www.legifrance.gouv.fr/loda/id/JORFTEXT000031912641>"),
            vec![("loi/2016-41".into(), 1, "loi¹".into())]
        );
        assert!(
            calls("Vu la loi HPST⁵ et le reste.\n\n⁵ Loi n° 2009-879 du 21 juillet 2009")
                .is_empty(),
            "a call on a named text only sources it"
        );
        assert!(
            calls("Voir le rapport³.\n\n³ Rapport de la Cour des comptes, 2021").is_empty(),
            "a note citing no legal text cites nothing"
        );
    }

    #[test]
    fn quotes_and_lines_point_into_the_source() {
        let x = run("Titre\n\nLes CPTS, créées par la loi du 26 janvier 2016, associent.");
        assert_eq!(x.mentions.len(), 1);
        assert_eq!(x.mentions[0].line, 3);
        assert_eq!(x.mentions[0].matched, "loi du 26 janvier 2016");
        assert!(x.mentions[0].quote.contains("loi du 26 janvier 2016"));
    }
}
