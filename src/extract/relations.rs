//! Relations: what a legal text did to a dispositif or an actor, read from a
//! sentence that cites both.
//!
//! The cue lexicon is data (`ontology/relation-cues.ttl`, `mlg:cue` and
//! `mlg:blockingCue`). In a sentence with a cue, the law is the citation the
//! cue points to (after it in the passive, "créées par la loi…"; before it in
//! the active, "la loi … crée…") and the targets are the dispositifs or actors
//! the cue governs.

use super::text::Sentence;
use super::Mention;
use crate::vocab::{DCTERMS, ELI, ID, MLG, RDFS, SKOS};
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::{BTreeMap, BTreeSet};

/// A fact read in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relation {
    pub law: String,
    /// Local name of the `mlg:` property (`created`, `funds`, ...).
    pub relation: String,
    pub target: String,
    /// First and last source lines of the sentence.
    pub line: usize,
    pub end_line: usize,
    pub quote: String,
    /// The article of the law the sentence cites, if any (`…/loi/2016-41/article/65`).
    pub article: Option<String>,
}

/// The cue lexicon, folded (`ontology/relation-cues.ttl`).
#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// `(folded cue, relation local name)`, longest cues first; a cue with
    /// no relation (`mlg:nonCue`, empty name) claims its words and states nothing.
    pub cues: Vec<(String, String)>,
    /// Negations, hypotheticals, bills: they void the cues that follow them
    /// in their clause.
    pub blocking: Vec<String>,
    /// Words that open a new clause ("tandis que", "mais").
    pub boundaries: Vec<String>,
    /// Subjects that refer back to the text the passage is about ("cette loi", "il").
    pub anaphors: Vec<String>,
    /// Relations between two legal texts (range `mlg:LegalText`).
    pub text_relations: BTreeSet<String>,
    /// Dispositifs named after the article of a law that is their source
    /// (`dcterms:source`): `(article, dispositif, folded head noun of the
    /// French label)`, so "expérimentations issues de l'article 51 de la
    /// LFSS pour 2018" names the dispositif.
    pub by_article: Vec<(String, String, String)>,
    /// Per folded cue, its written forms (lowercase, accents kept): an
    /// accented text must spell the cue with its accents ("réformes", the
    /// noun, is not "réformés").
    pub spellings: BTreeMap<String, BTreeSet<String>>,
    /// Legal text → the dispositifs and actors its French title names: what
    /// it may act on when it is cited only as one of a group ("les
    /// ordonnances publiées au Journal officiel du …").
    pub titled: BTreeMap<String, BTreeSet<String>>,
    /// Legal text → the dispositifs and actors the reference data says it
    /// acts on: how a name shared by several texts ("l'ACI") splits its facts.
    pub scope: BTreeMap<String, BTreeSet<String>>,
    /// `(text, text)` pairs the reference data links (`mlg:basedOn`, ...):
    /// which of the texts sharing a name another text relates to.
    pub links: BTreeSet<(String, String)>,
}

impl Cues {
    /// Reads the cue annotations, and the ranges of the relation properties,
    /// from the ontology graph.
    pub fn from_quads(quads: &[oxigraph::model::Quad]) -> Self {
        let p = |local: &str| format!("{MLG}{local}");
        let (cue, non_cue, blocking, boundary, anaphor) = (
            p("cue"),
            p("nonCue"),
            p("blockingCue"),
            p("clauseBoundary"),
            p("anaphor"),
        );
        let range = format!("{RDFS}range");
        let legal_text = p("LegalText");
        let mut out = Cues::default();
        let (source, pref) = (format!("{DCTERMS}source"), format!("{SKOS}prefLabel"));
        let law_article = |o: &str| {
            o.strip_prefix(ID)
                .is_some_and(|r| r.contains("/article/") && !r.starts_with("code/"))
        };
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut heads: BTreeMap<String, String> = BTreeMap::new();
        let title = format!("{ELI}title");
        let (alt, hidden) = (format!("{SKOS}altLabel"), format!("{SKOS}hiddenLabel"));
        let mut titles: Vec<(String, String)> = Vec::new();
        let mut labels: Vec<(String, String)> = Vec::new();
        for q in quads {
            let NamedOrBlankNode::NamedNode(s) = &q.subject else {
                continue;
            };
            let pred = q.predicate.as_str();
            if let Term::NamedNode(o) = &q.object {
                let legal = s.as_str().starts_with(ID) && !is_target(s.as_str());
                let text = o.as_str().starts_with(ID) && !is_target(o.as_str());
                if legal && text && pred.starts_with(MLG) {
                    out.links
                        .insert((s.as_str().to_owned(), o.as_str().to_owned()));
                }
                if legal && is_target(o.as_str()) && pred.starts_with(MLG) {
                    out.scope
                        .entry(s.as_str().to_owned())
                        .or_default()
                        .insert(o.as_str().to_owned());
                }
            }
            if let Term::Literal(o) = &q.object {
                let fr = o.language() == Some("fr");
                if fr && pred == title {
                    titles.push((s.as_str().to_owned(), fold(o.value())));
                } else if fr
                    && is_target(s.as_str())
                    && [&pref, &alt, &hidden].contains(&&pred.to_owned())
                {
                    labels.push((s.as_str().to_owned(), fold(o.value())));
                }
            }
            if s.as_str().starts_with(&format!("{ID}dispositif/")) {
                match &q.object {
                    Term::NamedNode(o) if pred == source && law_article(o.as_str()) => {
                        sources.push((o.as_str().to_owned(), s.as_str().to_owned()));
                    }
                    Term::Literal(o) if pred == pref && o.language() == Some("fr") => {
                        if let Some(head) = fold(o.value()).split_whitespace().next() {
                            heads.insert(s.as_str().to_owned(), head.to_owned());
                        }
                    }
                    _ => {}
                }
            }
            match &q.object {
                Term::Literal(o) => {
                    let value = fold(o.value());
                    if pred == cue || pred == non_cue {
                        out.spellings
                            .entry(value.clone())
                            .or_default()
                            .insert(lower(o.value()));
                    }
                    if pred == cue {
                        if let Some(local) = s.as_str().strip_prefix(MLG) {
                            out.cues.push((value, local.to_owned()));
                        }
                    } else if pred == non_cue {
                        out.cues.push((value, String::new()));
                    } else if pred == blocking {
                        out.blocking.push(value);
                    } else if pred == boundary {
                        out.boundaries.push(value);
                    } else if pred == anaphor {
                        out.anaphors.push(value);
                    }
                }
                Term::NamedNode(o) if pred == range && o.as_str() == legal_text => {
                    if let Some(local) = s.as_str().strip_prefix(MLG) {
                        out.text_relations.insert(local.to_owned());
                    }
                }
                _ => {}
            }
        }
        for (article, dispositif) in sources {
            if let Some(head) = heads.get(&dispositif) {
                out.by_article.push((article, dispositif, head.clone()));
            }
        }
        for (text, title) in &titles {
            for (target, label) in &labels {
                if !find_words(title, label).is_empty() {
                    out.titled
                        .entry(text.clone())
                        .or_default()
                        .insert(target.clone());
                }
            }
        }
        out.by_article.sort();
        out.cues
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        out.cues.dedup();
        for list in [&mut out.blocking, &mut out.boundaries, &mut out.anaphors] {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            list.dedup();
        }
        out
    }
}

/// Lowercase, accents removed, apostrophes unified; one char for one char,
/// so positions in the folded text are comparable between needles.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
            '\u{a0}' | '\u{202f}' => ' ',
            _ => {
                let lower = c.to_lowercase().next().unwrap_or(c);
                std::iter::once(lower).nfd().next().unwrap_or(lower)
            }
        })
        .collect()
}

/// Lowercase with apostrophes and spaces unified, accents kept.
fn lower(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
            '\u{a0}' | '\u{202f}' => ' ',
            _ => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Whether the original text at a cue's place spells it: any spelling when
/// the words carry no accent (a text typed without them), else one of the
/// cue's own.
fn spelled(cues: &Cues, cue: &str, written: &str) -> bool {
    let written = lower(written);
    !written.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
        || cues.spellings.get(cue).is_none_or(|s| s.contains(&written))
}

/// Superscript digits: how a footnote call is printed (see
/// [`super::legal`], which gives a text cited only in a footnote the
/// matched text `word` + the call in superscript, `loi²`).
const SUPERSCRIPTS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/// Byte offsets of whole-word occurrences of `needle` in `haystack` (both folded).
fn find_words(haystack: &str, needle: &str) -> Vec<usize> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let mut start = 0;
    while let Some(pos) = haystack[start..].find(needle) {
        let at = start + pos;
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            out.push(at);
        }
        start = at + needle.len().max(1);
        while !haystack.is_char_boundary(start) {
            start += 1;
        }
    }
    out
}

/// Words of a folded span (apostrophes kept inside words: `l'article`).
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect()
}

/// Dispositifs, actors and types of territory: what a text acts on.
fn is_target(iri: &str) -> bool {
    ["dispositif/", "acteur/", "territoire/type/"]
        .iter()
        .any(|k| iri.strip_prefix(ID).is_some_and(|rest| rest.starts_with(k)))
}

/// A mention placed in its sentence.
#[derive(Debug, Clone)]
struct Placed {
    entity: String,
    at: usize,
    end: usize,
    /// Cited only by a footnote call.
    footnote: bool,
    /// Cited as one of a group ("les ordonnances du …").
    plural: bool,
}

fn place(folded: &str, mentions: &[Mention]) -> Vec<Placed> {
    let mut placed = Vec::new();
    let mut used: Vec<(usize, usize)> = Vec::new();
    for mention in mentions {
        let footnote = mention.matched.ends_with(|c| SUPERSCRIPTS.contains(c));
        let bare: String = mention
            .matched
            .chars()
            .filter(|c| !SUPERSCRIPTS.contains(*c))
            .collect();
        let needle = fold(&bare);
        let hits = find_words(folded, &needle);
        let free = |at: &usize| !used.iter().any(|&(s, e)| *at < e && s < at + needle.len());
        // A footnote call sits after the word it is glued to: prefer the last
        // free occurrence, the others the first.
        let hit = if footnote {
            hits.iter().rev().find(|at| free(at)).copied()
        } else {
            hits.iter().find(|at| free(at)).copied()
        }
        .or_else(|| folded.find(&needle));
        if let Some(at) = hit {
            if !footnote {
                used.push((at, at + needle.len()));
            }
            let plural = needle
                .split_whitespace()
                .next()
                .is_some_and(|w| w.len() > 3 && w.ends_with(['s', 'x']));
            placed.push(Placed {
                entity: mention.entity.clone(),
                at,
                end: at + needle.len(),
                footnote,
                plural,
            });
        }
    }
    placed.sort_by_key(|p| (p.at, p.end));
    placed
}

/// What the passage is about, carried from sentence to sentence.
#[derive(Debug, Default)]
struct Context {
    /// The legal text last seen as a subject (a notice title, "La loi X …").
    topic: Option<String>,
    /// The term of the glossary entry being read.
    entry: Option<String>,
    /// The dispositif or actor the previous sentence opened with (its subject).
    theme: Option<String>,
}

/// A relation cue found in a sentence.
#[derive(Debug, Clone)]
struct Cue {
    at: usize,
    end: usize,
    relations: Vec<String>,
}

/// Facts stated by `sentences`, given the legal-text and entity mentions
/// found in them (a mention belongs to the sentence whose quote it carries).
pub fn extract(
    sentences: &[Sentence],
    legal: &[Mention],
    entities: &[Mention],
    cues: &Cues,
) -> Vec<Relation> {
    let mut out = Vec::new();
    let mut ctx = Context::default();
    for (i, sentence) in sentences.iter().enumerate() {
        let in_sentence = |m: &&Mention| {
            m.quote == sentence.text && (sentence.line..=sentence.end_line).contains(&m.line)
        };
        let folded = fold(&sentence.text);
        let here: Vec<&Mention> = legal.iter().filter(in_sentence).collect();
        let (acting, articles) = acting_texts(&here);
        let mut laws = place(&folded, &acting);
        let texts = laws.clone();
        let named: Vec<Mention> = entities
            .iter()
            .filter(in_sentence)
            .filter(|m| is_target(&m.entity))
            .cloned()
            .collect();
        let mut targets = place(&folded, &named);
        named_by_article(&folded, &here, cues, &mut targets);
        if is_entry_head(sentences, i) {
            // The term must open the head ("- Centres de santé (CdS)"), not
            // sit in a stray line (a wrapped URL, a caption).
            let start = lead_len(&folded);
            ctx.entry = targets
                .first()
                .filter(|t| words(folded.get(start..t.at).unwrap_or_default()).len() <= 4)
                .filter(|_| !folded.contains('/'))
                .map(|t| t.entity.clone());
            ctx.topic = laws.first().map(|l| l.entity.clone());
            continue;
        }
        let start = lead_len(&folded);
        let subject = laws
            .iter()
            .find(|l| words(&folded[start..l.at.max(start)]).len() <= 4)
            .map(|l| l.entity.clone());
        if laws.is_empty() {
            if let (Some(topic), Some(len)) = (&ctx.topic, anaphor_at(&folded[start..], cues)) {
                laws.push(Placed {
                    entity: topic.clone(),
                    at: start,
                    end: start + len,
                    footnote: false,
                    plural: false,
                });
            }
        }
        if let Some(s) = subject {
            ctx.topic = Some(s);
        }
        let theme = ctx.theme.take();
        ctx.theme = targets
            .first()
            .filter(|t| words(folded.get(start..t.at).unwrap_or_default()).len() <= 2)
            .map(|t| t.entity.clone());
        if laws.is_empty() {
            continue;
        }
        // One text of a group acts only on what its title names, when it names any.
        let grouped: BTreeSet<&String> = laws
            .iter()
            .filter(|l| l.plural)
            .map(|l| &l.entity)
            .collect();
        // A name shared by several texts: each acts only on its own scope.
        let shared: BTreeSet<&String> = laws
            .iter()
            .filter(|l| {
                laws.iter()
                    .any(|o| (o.at, o.end) == (l.at, l.end) && o.entity != l.entity)
            })
            .map(|l| &l.entity)
            .collect();
        let outside_title = |law: &String, target: &str| {
            let outside = |known: &BTreeMap<String, BTreeSet<String>>| {
                known.get(law).is_some_and(|t| !t.contains(target))
            };
            is_target(target)
                && ((grouped.contains(law) && outside(&cues.titled))
                    || (shared.contains(law) && outside(&cues.scope)))
        };
        let mut push = |law: &String, relation: &str, target: &str| {
            if law != target && !outside_title(law, target) {
                out.push(Relation {
                    law: law.to_owned(),
                    relation: relation.to_owned(),
                    target: target.to_owned(),
                    line: sentence.line,
                    end_line: sentence.end_line,
                    quote: sentence.text.clone(),
                    article: articles.get(law).cloned(),
                });
            }
        };
        let spans = cue_spans((&sentence.text, &folded), cues)
            .into_iter()
            .filter(|c| !inside_name(&folded, &texts, c))
            .collect::<Vec<_>>();
        let clauses = clause_starts(&folded, cues);
        let mut acted: BTreeSet<String> = BTreeSet::new();
        let mut previous: Vec<&Placed> = Vec::new();
        for cue in &spans {
            if cue.relations.is_empty() || is_blocked(&folded, cue, cues, &clauses) {
                continue;
            }
            for relation in &cue.relations {
                if cues.text_relations.contains(relation) {
                    let Some(law) = text_agent((&sentence.text, &folded), &texts, &spans, cue)
                    else {
                        continue;
                    };
                    let mut patients = patients_for_cue(&folded, &texts, cue, law);
                    let mut agents = vec![law];
                    if patients.is_empty() {
                        // "Approuvé par les arrêtés du … et du …, l'ACI …": a
                        // fronted participle's patient is the subject after it.
                        (agents, patients) = fronted_text_relation(&folded, &texts, cue, law);
                    }
                    for agent in agents {
                        let shared = |p: &Placed| {
                            texts
                                .iter()
                                .any(|o| (o.at, o.end) == (p.at, p.end) && o.entity != p.entity)
                        };
                        for patient in &patients {
                            let pair = (agent.entity.clone(), patient.entity.clone());
                            if shared(patient) && !cues.links.contains(&pair) {
                                continue;
                            }
                            push(&agent.entity, relation, &patient.entity);
                            acted.insert(agent.entity.clone());
                        }
                    }
                    continue;
                }
                let Some(law) = law_for_cue((&sentence.text, &folded), &laws, &spans, cue) else {
                    continue;
                };
                // A cue whose object is the clitic "en" ("en a précisé la
                // définition") acts on the previous sentence's subject.
                let before = words(folded.get(..cue.at).unwrap_or_default());
                let clitic = before
                    .iter()
                    .rev()
                    .take(3)
                    .collect::<Vec<_>>()
                    .windows(2)
                    .any(|w| *w[1] == "en" && matches!(*w[0], "a" | "ont" | "avait" | "avaient"));
                if folded[cue.at..].starts_with("en ") || clitic {
                    if let Some(theme) = &theme {
                        push(&law.entity, relation, theme);
                        acted.insert(law.entity.clone());
                    }
                    continue;
                }
                let mut chosen = targets_for_cue(&folded, &targets, &laws, &spans, cue, law);
                // A participle coordinated to the previous one shares its
                // subject ("mis en place par la loi X et renforcés par la loi Y").
                let coordinated_verb = words(folded.get(..cue.at).unwrap_or_default())
                    .last()
                    .is_some_and(|w| *w == "et");
                if chosen.is_empty() && coordinated_verb && law.at > cue.at {
                    chosen = previous.clone();
                }
                previous = chosen.clone();
                let titled = texts.iter().any(|t| t.at <= cue.at && cue.end <= t.end);
                if chosen.is_empty() && targets.is_empty() && !titled {
                    if let Some(entry) = &ctx.entry {
                        push(&law.entity, relation, entry);
                        acted.insert(law.entity.clone());
                    }
                }
                for agent in coordinated_subjects(&folded, &laws, law, cue) {
                    for target in &chosen {
                        push(&agent.entity, relation, &target.entity);
                        acted.insert(agent.entity.clone());
                    }
                }
            }
        }
        // A glossary entry's sentence with no cue whose only citation is a
        // footnote: the cited text is the source of the definition.
        let cueless = spans.iter().all(|c| c.relations.is_empty());
        if let Some(entry) = ctx.entry.as_ref().filter(|_| cueless) {
            let blocked = cues
                .blocking
                .iter()
                .any(|b| !find_words(&folded, b).is_empty());
            for law in laws
                .iter()
                .filter(|l| l.footnote && !acted.contains(&l.entity))
            {
                if !blocked && laws.iter().all(|l| l.footnote) {
                    push(&law.entity, "defines", entry);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Adds the dispositifs named by their head noun next to a citation of the
/// article that is their source ("les expérimentations issues de l'article
/// 51 de la LFSS pour 2018", "l'article 51 … a créé le cadre des
/// expérimentations"): the nearest occurrence, within ten words.
fn named_by_article(folded: &str, here: &[&Mention], cues: &Cues, targets: &mut Vec<Placed>) {
    for (article, dispositif, head) in &cues.by_article {
        if targets.iter().any(|t| &t.entity == dispositif) {
            continue;
        }
        let cited: Vec<Mention> = here
            .iter()
            .filter(|m| &m.entity == article)
            .map(|m| (*m).clone())
            .collect();
        let Some(citation) = place(folded, &cited).into_iter().next() else {
            continue;
        };
        let plural = format!("{head}s");
        let distance = |at: usize, end: usize| {
            let (a, b) = if end <= citation.at {
                (end, citation.at)
            } else {
                (citation.end, at)
            };
            words(folded.get(a..b).unwrap_or_default()).len()
        };
        let nearest = [head.as_str(), plural.as_str()]
            .iter()
            .flat_map(|h| {
                find_words(folded, h)
                    .into_iter()
                    .map(|at| (at, at + h.len()))
            })
            .filter(|&(at, end)| end <= citation.at || at >= citation.end)
            .map(|(at, end)| (distance(at, end), at, end))
            .min();
        if let Some((_, at, end)) = nearest.filter(|n| n.0 <= 10) {
            targets.push(Placed {
                entity: dispositif.clone(),
                at,
                end,
                footnote: false,
                plural: false,
            });
            targets.sort_by_key(|p| (p.at, p.end));
        }
    }
}

/// Length of a leading list or citation marker: `- `, `(12) `, `3. `.
fn lead_len(folded: &str) -> usize {
    let trimmed = folded.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '-' | '•' | '(' | ')' | '.' | ' ' | '*')
    });
    folded.len() - trimmed.len()
}

/// Length of the anaphoric subject the text starts with, if any.
fn anaphor_at(text: &str, cues: &Cues) -> Option<usize> {
    cues.anaphors
        .iter()
        .find(|a| find_words(text, a).first() == Some(&0))
        .map(String::len)
}

/// Whether sentence `i` is the head of a glossary entry: a short list item or
/// a short line standing alone, without a final period.
fn is_entry_head(sentences: &[Sentence], i: usize) -> bool {
    let s = &sentences[i];
    let text = s.text.trim();
    if text.ends_with(['.', ':', ';', ',']) || text.split_whitespace().count() > 12 {
        return false;
    }
    let alone = i
        .checked_sub(1)
        .is_none_or(|p| sentences[p].end_line < s.line)
        && sentences.get(i + 1).is_none_or(|n| n.line > s.end_line);
    alone && (text.starts_with("- ") || text.starts_with("• ") || s.line == s.end_line)
}

/// The legal texts that can act in a sentence: an article of a law acts
/// through its law (the article is kept for the evidence); an article of a
/// code acts itself; a whole code only contains ("introduit dans le code …
/// par la loi …") and never acts. Returns the acting mentions and, per law,
/// the article cited.
fn acting_texts(mentions: &[&Mention]) -> (Vec<Mention>, BTreeMap<String, String>) {
    let code_prefix = format!("{ID}code/");
    let mut articles = BTreeMap::new();
    let mut acting: Vec<Mention> = Vec::new();
    for m in mentions {
        match m.entity.split_once("/article/") {
            Some((parent, _)) if !m.entity.starts_with(&code_prefix) => {
                articles
                    .entry(parent.to_owned())
                    .or_insert_with(|| m.entity.clone());
                if !mentions.iter().any(|o| o.entity == parent) {
                    acting.push(Mention {
                        entity: parent.to_owned(),
                        ..(*m).clone()
                    });
                }
            }
            None if m.entity.starts_with(&code_prefix) => {}
            _ => acting.push((*m).clone()),
        }
    }
    (acting, articles)
}

/// Cue occurrences, longest cue first, non-overlapping, in sentence order;
/// a span carries every relation its words state.
fn cue_spans((original, folded): (&str, &str), cues: &Cues) -> Vec<Cue> {
    let mut spans: Vec<Cue> = Vec::new();
    for (cue, relation) in &cues.cues {
        for at in find_words(folded, cue) {
            let end = at + cue.len();
            if !spelled(cues, cue, &original_span(original, folded, at, end)) {
                continue;
            }
            if let Some(same) = spans.iter_mut().find(|c| c.at == at && c.end == end) {
                if !relation.is_empty() && !same.relations.contains(relation) {
                    same.relations.push(relation.clone());
                }
            } else if !spans.iter().any(|c| at < c.end && c.at < end) {
                spans.push(Cue {
                    at,
                    end,
                    relations: if relation.is_empty() {
                        Vec::new()
                    } else {
                        vec![relation.clone()]
                    },
                });
            }
        }
    }
    spans.sort_by_key(|c| c.at);
    spans
}

/// Whether a cue is a word of a cited text's name ("loi de financement de la
/// sécurité sociale") rather than of its subject ("instruction … relative à
/// la généralisation des CLSM").
fn inside_name(folded: &str, texts: &[Placed], cue: &Cue) -> bool {
    texts.iter().any(|t| {
        t.at <= cue.at && cue.end <= t.end && {
            let head = folded.get(t.at..cue.at).unwrap_or_default();
            !["relati", "portant", "visant", "en faveur", "pour "]
                .iter()
                .any(|m| head.contains(m))
        }
    })
}

/// Offsets where a clause starts: after `;`, `:` and clause-opening words.
fn clause_starts(folded: &str, cues: &Cues) -> Vec<usize> {
    let mut out: Vec<usize> = folded
        .char_indices()
        .filter(|(_, c)| matches!(c, ';' | ':'))
        .map(|(i, _)| i + 1)
        .collect();
    for b in &cues.boundaries {
        out.extend(find_words(folded, b));
    }
    out.sort_unstable();
    out
}

/// A negation, hypothetical or bill voids the cues that follow it (or that
/// it encloses: "ne crée pas") up to the end of its clause.
fn is_blocked(folded: &str, cue: &Cue, cues: &Cues, clauses: &[usize]) -> bool {
    cues.blocking.iter().any(|b| {
        find_words(folded, b).into_iter().any(|at| {
            at <= cue.at + 1 && !clauses.iter().any(|&c| at < c && c <= cue.at)
                || (cue.at..cue.end).contains(&at)
        })
    })
}

/// Whether `[from, to)` holds a relative clause opener (", qui", ", dont").
fn relative_between(folded: &str, from: usize, to: usize) -> bool {
    let gap = folded.get(from..to).unwrap_or_default();
    [", qui ", ", dont ", ", que ", " dont "]
        .iter()
        .any(|r| gap.contains(r))
}

/// The law a cue points to. In the passive ("créées par la loi …", "issu de
/// la loi …") the first citation after the cue; when the cue is followed by
/// "par" and something other than a legal text ("mis en place par le
/// Comité …"), none. Otherwise the citation whose title holds the cue, the
/// nearest citation before it that is not inside a relative clause, or
/// failing that the first after it with no other cue between.
fn law_for_cue<'b>(
    (original, folded): (&str, &str),
    laws: &'b [Placed],
    spans: &[Cue],
    cue: &Cue,
) -> Option<&'b Placed> {
    let (at, end) = (cue.at, cue.end);
    let after = laws.iter().find(|l| l.at >= end);
    let gap_to = |l: &Placed| folded.get(end..l.at).unwrap_or_default();
    let tail = words(folded.get(at..end).unwrap_or_default());
    if agent_marked(folded, cue) {
        return explicit_agent((original, folded), laws, spans, cue);
    }
    if let Some(holder) = laws.iter().find(|l| l.at < at && end <= l.end) {
        return Some(holder);
    }
    let passive = after.is_some_and(|l| {
        let w = words(gap_to(l));
        let marker = |w: &&str| {
            matches!(*w, "de" | "du" | "des" | "dans" | "selon" | "d'") || w.starts_with("d'")
        };
        w.len() <= 6
            && (tail.last().is_some_and(marker) || w.iter().take(2).any(marker))
            && !spans.iter().any(|c| c.at >= end && c.end <= l.at)
    });
    if passive {
        return after;
    }
    subject_before(folded, laws, at)
        .or_else(|| after.filter(|l| !spans.iter().any(|c| c.at >= end && c.end <= l.at)))
}

/// Whether a cue is followed by "par" (within three words, or ends with it):
/// its agent is named after it.
fn agent_marked(folded: &str, cue: &Cue) -> bool {
    let tail = words(folded.get(cue.at..cue.end).unwrap_or_default());
    let lead: Vec<&str> = words(folded.get(cue.end..).unwrap_or_default())
        .into_iter()
        .take(3)
        .collect();
    tail.last() == Some(&"par") || lead.contains(&"par")
}

/// The agent after "par" when it is a legal text: none when "par" leads to
/// something else ("mis en place par le Comité …"), to a far citation, or
/// to a citation that belongs to a later cue.
fn explicit_agent<'b>(
    (original, folded): (&str, &str),
    laws: &'b [Placed],
    spans: &[Cue],
    cue: &Cue,
) -> Option<&'b Placed> {
    let end = cue.end;
    let law = laws.iter().find(|l| l.at >= end)?;
    let tail = words(folded.get(cue.at..end).unwrap_or_default());
    {
        let gap = folded.get(end..law.at).unwrap_or_default();
        let after_par = gap.rsplit(" par ").next().unwrap_or(gap);
        let gap_words = words(after_par);
        let proper = words(&original_span(original, folded, end, law.at))
            .iter()
            .skip_while(|w| **w != "par")
            .skip(1)
            .any(|w| w.chars().next().is_some_and(char::is_uppercase));
        let far = gap_words.len() > 5 && !tail.contains(&"par");
        if proper || far || spans.iter().any(|c| c.at >= end && c.end <= law.at) {
            return None;
        }
    }
    Some(law)
}

/// The agent of a law→law cue: after "par" in the passive ("X, modifié par
/// Y"), else the subject before the cue ("Y, prise en application de X").
fn text_agent<'b>(
    (original, folded): (&str, &str),
    texts: &'b [Placed],
    spans: &[Cue],
    cue: &Cue,
) -> Option<&'b Placed> {
    if agent_marked(folded, cue) {
        explicit_agent((original, folded), texts, spans, cue)
    } else {
        subject_before(folded, texts, cue.at).or_else(|| patient_then_agent(folded, texts, cue))
    }
}

/// The agent after the patient ("les modifications apportées à la loi HPST
/// par la loi Fourcade"): the text right after "par" that follows the cue's
/// object.
fn patient_then_agent<'b>(folded: &str, texts: &'b [Placed], cue: &Cue) -> Option<&'b Placed> {
    let mut after = texts.iter().filter(|t| t.at >= cue.end && !t.footnote);
    let patient = after.next()?;
    if words(folded.get(cue.end..patient.at)?).len() > 2 {
        return None;
    }
    let agent = after.find(|t| t.at >= patient.end && t.entity != patient.entity)?;
    let gap = words(folded.get(patient.end..agent.at)?);
    (gap.first() == Some(&"par") && gap.len() <= 3).then_some(agent)
}

/// The nearest citation before `at` that is its subject.
fn subject_before<'b>(folded: &str, laws: &'b [Placed], at: usize) -> Option<&'b Placed> {
    // A citation inside a relative clause closed before the cue ("la loi
    // Fourcade, qui modifie la loi HPST, a créé …") is not its subject.
    let in_closed_relative = |l: &Placed| {
        let from = laws
            .iter()
            .rev()
            .find(|o| o.end <= l.at)
            .map_or(0, |o| o.end);
        relative_between(folded, from, l.at)
            && folded.get(l.end..at).is_some_and(|g| g.contains(','))
    };
    let before = laws
        .iter()
        .rev()
        .filter(|l| l.end <= at)
        .find(|l| !in_closed_relative(l))
        .or_else(|| laws.iter().rev().find(|l| l.end <= at));
    before
}

/// The original-case text of the folded span `[from, to)`: `fold` is one
/// char for one char, so char indices agree.
fn original_span(original: &str, folded: &str, from: usize, to: usize) -> String {
    let (Some(a), Some(b)) = (
        folded.get(..from).map(|s| s.chars().count()),
        folded.get(..to).map(|s| s.chars().count()),
    ) else {
        return String::new();
    };
    original.chars().skip(a).take(b.saturating_sub(a)).collect()
}

/// The texts a law→law cue acts on: with an agent after "par" (passive,
/// "X, modifié par Y", "modifications apportées à X par Y") the other texts
/// before it; otherwise (active, "Y, qui modifie X", "prise en application
/// de X") the first text after the cue.
fn patients_for_cue<'b>(
    folded: &str,
    texts: &'b [Placed],
    cue: &Cue,
    law: &Placed,
) -> Vec<&'b Placed> {
    let others = texts.iter().filter(|t| t.entity != law.entity);
    if law.at >= cue.end {
        let between: Vec<&Placed> = texts
            .iter()
            .filter(|t| t.at >= cue.end && t.end <= law.at && t.entity != law.entity)
            .collect();
        if !between.is_empty()
            && folded
                .get(cue.end..law.at)
                .is_some_and(|g| g.contains(" par "))
        {
            return between;
        }
        return others.filter(|t| t.end <= cue.at).rev().take(1).collect();
    }
    others.filter(|t| t.at >= cue.end).take(1).collect()
}

/// A participle opening the sentence with its agents ("Approuvé par les
/// arrêtés du … et du …, …, l'ACI encadre …"): the coordinated agents, and
/// the texts named first after the comma that closes the phrase.
fn fronted_text_relation<'b>(
    folded: &str,
    texts: &'b [Placed],
    cue: &Cue,
    law: &'b Placed,
) -> (Vec<&'b Placed>, Vec<&'b Placed>) {
    let start = lead_len(folded);
    let opens = words(folded.get(start..cue.at).unwrap_or_default()).is_empty();
    if !opens || law.at < cue.end {
        return (vec![law], Vec::new());
    }
    let mut agents = vec![law];
    for t in texts.iter().filter(|t| t.at >= law.end && !t.footnote) {
        let last = agents.last().expect("non-empty");
        let gap = folded.get(last.end..t.at).unwrap_or_default();
        if t.at < last.end || !(gap.trim() == "et" || gap.trim().is_empty()) {
            break;
        }
        agents.push(t);
    }
    let end = agents.last().map_or(law.end, |a| a.end);
    let Some(comma) = folded.get(end..).and_then(|r| r.find(',')).map(|c| end + c) else {
        return (agents, Vec::new());
    };
    let after: Vec<&Placed> = texts
        .iter()
        .filter(|t| t.at > comma && !t.footnote && !agents.iter().any(|a| a.entity == t.entity))
        .collect();
    let first = after.first().map(|t| (t.at, t.end));
    let patients = after
        .into_iter()
        .filter(|t| Some((t.at, t.end)) == first)
        .collect();
    (agents, patients)
}

/// A participial phrase opening the sentence ("Créées par la loi HPST, les
/// ARS pilotent …"): its targets are the subject after the comma that closes it.
fn fronted_participle<'b>(
    folded: &str,
    targets: &'b [Placed],
    cue: &Cue,
    law: &Placed,
) -> Vec<&'b Placed> {
    let lead = lead_len(folded);
    if words(folded.get(lead..cue.at).unwrap_or_default()).len() > 1 {
        return Vec::new();
    }
    let from = law.end.max(cue.end);
    let Some(comma) = folded
        .get(from..)
        .and_then(|t| t.find(','))
        .map(|p| from + p)
    else {
        return Vec::new();
    };
    let mut chosen: Vec<&Placed> = Vec::new();
    for t in targets.iter().filter(|t| t.at > comma) {
        let linked = chosen.last().is_none_or(|last: &&Placed| {
            t.entity == last.entity || folded.get(last.end..t.at).is_some_and(coordinated)
        });
        if !linked {
            break;
        }
        if chosen.is_empty() && words(folded.get(comma..t.at).unwrap_or_default()).len() > 2 {
            break;
        }
        chosen.push(t);
    }
    chosen
}

/// The subject of a verb separated from it by an incise ("Les CPTS, créées
/// par la loi de 2016, sont financées par …"): the nearest target before the
/// cue when everything between them outside the commas is free of cues and
/// citations.
fn subject_over_incise<'b>(
    folded: &str,
    targets: &'b [Placed],
    laws: &[Placed],
    spans: &[Cue],
    (at, law_at): (usize, usize),
) -> Option<&'b Placed> {
    let t = targets.iter().rev().find(|t| t.end <= at)?;
    let gap = folded.get(t.end..at)?;
    let (first, last) = (gap.find(',')?, gap.rfind(',')?);
    // The text cited inside the (first) incise acts there, not on the main verb.
    let second = gap[first + 1..].find(',').map_or(last, |p| first + 1 + p);
    if first == last || (t.end + first..t.end + second).contains(&law_at) {
        return None;
    }
    let outside = |a: usize, b: usize| {
        !laws.iter().any(|l| l.at >= a && l.end <= b)
            && !spans.iter().any(|c| c.at >= a && c.end <= b)
    };
    (outside(t.end, t.end + first) && outside(t.end + last, at)).then_some(t)
}

/// The law a cue points to and, when it ends a list of texts resumed after
/// a colon, the texts listed with it ("Convention médicale, accord conventionnel … : ces
/// trois dispositifs financent …").
fn coordinated_subjects<'b>(
    folded: &str,
    laws: &'b [Placed],
    law: &'b Placed,
    cue: &Cue,
) -> Vec<&'b Placed> {
    let mut out = vec![law];
    // The other texts of a shared name ("l'ACI") act alongside.
    out.extend(
        laws.iter()
            .filter(|l| (l.at, l.end) == (law.at, law.end) && l.entity != law.entity),
    );
    if law.end > cue.at {
        return out;
    }
    // Only a list resumed after a colon ("A, B et C : ces trois … ").
    let resumed = folded.get(law.end..cue.at).is_some_and(|g| g.contains(':'));
    if law.footnote || !resumed {
        return out;
    }
    for l in laws.iter().rev().filter(|l| l.end <= law.at && !l.footnote) {
        let last = out.last().expect("non-empty");
        if l.entity == last.entity || l.end > last.at {
            continue;
        }
        if !folded.get(l.end..last.at).is_some_and(coordinated) {
            break;
        }
        out.push(l);
    }
    out
}

/// Whether `gap` only links two coordinated names ("les CPTS et les MSP",
/// "les ARS, chargées de …, ainsi que les CLS").
fn coordinated(gap: &str) -> bool {
    let gap = match (gap.find(','), gap.rfind(',')) {
        (Some(a), Some(b)) if a < b => &gap[b..],
        _ => gap,
    };
    words(gap).iter().all(|w| {
        matches!(
            *w,
            "et" | "ou"
                | "ainsi"
                | "que"
                | "les"
                | "des"
                | "la"
                | "le"
                | "l'"
                | "aux"
                | "au"
                | "d'un"
                | "d'une"
                | "un"
                | "une"
        )
    })
}

/// The targets a cue governs: in the active voice those after it, up to the
/// next cue, citation or relative clause; otherwise the nearest before it,
/// with those coordinated to it ("les CPTS et les MSP, créées par …"), back
/// to the previous cue or citation.
fn targets_for_cue<'b>(
    folded: &str,
    targets: &'b [Placed],
    laws: &[Placed],
    spans: &[Cue],
    cue: &Cue,
    law: &Placed,
) -> Vec<&'b Placed> {
    let (at, end, law_at) = (cue.at, cue.end, law.at);
    let relative = [", qui ", ", dont ", " dont ", " qui "]
        .iter()
        .filter_map(|r| folded.get(end..).and_then(|t| t.find(r)).map(|p| end + p));
    let next_stop = laws
        .iter()
        .map(|l| l.at)
        .filter(|&l| l >= end && l != law_at)
        .chain(spans.iter().map(|c| c.at).filter(|&c| c >= end))
        .chain(relative)
        .min()
        .unwrap_or(usize::MAX);
    // A nominal cue ("la mise en place de", "le financement des") governs
    // what follows it only.
    let nominal = words(folded.get(..at).unwrap_or_default())
        .last()
        .is_some_and(|w| {
            matches!(
                *w,
                "la" | "le" | "l'" | "une" | "un" | "leur" | "sa" | "son"
            )
        });
    if law_at < at || nominal {
        let mut forward: Vec<&Placed> = Vec::new();
        for t in targets.iter().filter(|t| t.at >= end && t.at < next_stop) {
            // The object follows its verb closely ("a créé en 2011 la SISA"),
            // or is announced by a colon ("fait apparaître un acteur : la CPTS").
            let gap = folded.get(end..t.at).unwrap_or_default();
            let after_colon = gap.rsplit(':').next().unwrap_or(gap);
            if forward.is_empty() && words(gap).len() > 8 && words(after_colon).len() > 2 {
                break;
            }
            let linked = forward.last().is_none_or(|last: &&Placed| {
                t.at < last.end
                    || t.entity == last.entity
                    || folded.get(last.end..t.at).is_some_and(coordinated)
            });
            if !linked {
                break;
            }
            forward.push(t);
        }
        if !forward.is_empty() || nominal {
            return forward;
        }
    }
    let prev_stop = laws
        .iter()
        .map(|l| l.end)
        .filter(|&l| l <= at && l != law_at)
        .chain(
            spans
                .iter()
                .map(|c| c.end)
                .filter(|&c| c <= at)
                // Coordinated participles share their subject ("clarifiées et
                // simplifiées par …").
                .filter(|&c| !matches!(folded.get(c..at).map(str::trim), Some("et" | "ou" | ","))),
        )
        .max()
        .unwrap_or(0);
    let before: Vec<&Placed> = targets
        .iter()
        .filter(|t| t.end <= at && t.at >= prev_stop)
        .collect();
    let Some(nearest) = before
        .last()
        .copied()
        .or_else(|| subject_over_incise(folded, targets, laws, spans, (at, law_at)))
    else {
        return fronted_participle(folded, targets, cue, law);
    };
    let mut chosen = vec![nearest];
    for t in before.iter().rev().skip(1) {
        let last = chosen.last().expect("non-empty");
        let linked = t.end > last.at
            || t.entity == last.entity
            || folded.get(t.end..last.at).is_some_and(coordinated);
        if !linked {
            break;
        }
        chosen.push(t);
    }
    chosen.reverse();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refdata::RefData;

    fn cues() -> Cues {
        let files = [
            (
                "relation-cues.ttl",
                include_str!("../../ontology/relation-cues.ttl"),
            ),
            ("maillage.ttl", include_str!("../../ontology/maillage.ttl")),
        ];
        Cues::from_quads(&RefData::from_turtle(&files).unwrap().quads)
    }

    fn m(entity: &str, matched: &str, s: &Sentence) -> Mention {
        Mention {
            entity: format!("{ID}{entity}"),
            line: s.line,
            matched: matched.into(),
            quote: s.text.clone(),
        }
    }

    fn sentence(text: &str) -> Sentence {
        Sentence {
            line: 7,
            end_line: 7,
            text: text.into(),
        }
    }

    fn facts(s: &Sentence, legal: &[Mention], ents: &[Mention]) -> Vec<(String, String, String)> {
        extract(std::slice::from_ref(s), legal, ents, &cues())
            .into_iter()
            .map(|r| (r.law.replace(ID, ""), r.relation, r.target.replace(ID, "")))
            .collect()
    }

    #[test]
    fn one_text_of_a_group_acts_only_on_what_its_title_names() {
        let cues = Cues::from_quads(&RefData::bundled().expect("reference data").quads);
        let s = sentence("Les ordonnances publiées au Journal officiel du 13 mai 2021 ont assoupli les règles des CPTS et des hôpitaux de proximité.");
        let cited = "ordonnances publiées au Journal officiel du 13 mai 2021";
        let ents = [
            m("dispositif/cpts", "CPTS", &s),
            m(
                "dispositif/hopital-de-proximite",
                "hôpitaux de proximité",
                &s,
            ),
        ];
        let run = |matched: &str| {
            let legal = [m("ordonnance/2021-584", matched, &s)];
            extract(std::slice::from_ref(&s), &legal, &ents, &cues)
                .into_iter()
                .map(|r| r.target.replace(ID, ""))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(cited), ["dispositif/cpts"]);
        // Cited alone, the text acts on everything the cue governs.
        let single = "ordonnance publiée au Journal officiel du 13 mai 2021";
        let s2 = sentence(&s.text.replace(cited, single));
        let legal = [m("ordonnance/2021-584", single, &s2)];
        let ents2: Vec<Mention> = ents
            .iter()
            .map(|e| m(&e.entity.replace(ID, ""), &e.matched, &s2))
            .collect();
        assert_eq!(
            extract(std::slice::from_ref(&s2), &legal, &ents2, &cues).len(),
            2
        );
    }

    #[test]
    fn a_name_shared_by_two_texts_splits_its_facts_by_their_scope() {
        let cues = Cues::from_quads(&RefData::bundled().expect("reference data").quads);
        let s = sentence("L'ACI encadre le financement des MSP et des CPTS.");
        let legal = [
            m("accord-conventionnel/2017-04-20", "ACI", &s),
            m("accord-conventionnel/2019-06-20", "ACI", &s),
        ];
        let ents = [
            m("dispositif/msp", "MSP", &s),
            m("dispositif/cpts", "CPTS", &s),
        ];
        let mut got: Vec<(String, String)> =
            extract(std::slice::from_ref(&s), &legal, &ents, &cues)
                .into_iter()
                .map(|r| (r.law.replace(ID, ""), r.target.replace(ID, "")))
                .collect();
        got.sort();
        assert_eq!(
            got,
            [
                (
                    "accord-conventionnel/2017-04-20".into(),
                    "dispositif/msp".into()
                ),
                (
                    "accord-conventionnel/2019-06-20".into(),
                    "dispositif/cpts".into()
                ),
            ]
        );
    }

    #[test]
    fn fronted_approval_by_two_texts_pairs_them_through_the_reference_data() {
        let cues = Cues::from_quads(&RefData::bundled().expect("reference data").quads);
        let s = sentence("Approuvé par les arrêtés du 24 juillet 2017 et du 21 août 2019, l'ACI encadre le financement des MSP.");
        let legal = [
            m("arrete/2017-07-24", "arrêtés du 24 juillet 2017", &s),
            m("arrete/2019-08-21", "du 21 août 2019", &s),
            m("accord-conventionnel/2017-04-20", "ACI", &s),
            m("accord-conventionnel/2019-06-20", "ACI", &s),
        ];
        let mut got: Vec<(String, String)> = extract(std::slice::from_ref(&s), &legal, &[], &cues)
            .into_iter()
            .filter(|r| r.relation == "basedOn")
            .map(|r| (r.law.replace(ID, ""), r.target.replace(ID, "")))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                (
                    "arrete/2017-07-24".into(),
                    "accord-conventionnel/2017-04-20".into()
                ),
                (
                    "arrete/2019-08-21".into(),
                    "accord-conventionnel/2019-06-20".into()
                ),
            ]
        );
    }

    #[test]
    fn amended_text_named_before_its_agent() {
        let s = sentence(
            "Elle expose les modifications apportées à la loi HPST par la loi Fourcade en 2011.",
        );
        let legal = [
            m("loi/2009-879", "loi HPST", &s),
            m("loi/2011-940", "loi Fourcade", &s),
        ];
        assert_eq!(
            facts(&s, &legal, &[]),
            vec![(
                "loi/2011-940".into(),
                "amends".into(),
                "loi/2009-879".into()
            )]
        );
    }

    #[test]
    fn participles_coordinated_by_et_share_their_subject() {
        let s = sentence("Les centres de santé ont été clarifiés et simplifiés par l'ordonnance n°2018-17 du 12 janvier 2018.");
        let legal = [m(
            "ordonnance/2018-17",
            "ordonnance n°2018-17 du 12 janvier 2018",
            &s,
        )];
        let ents = [m("dispositif/centre-de-sante", "centres de santé", &s)];
        assert_eq!(
            facts(&s, &legal, &ents),
            vec![(
                "ordonnance/2018-17".into(),
                "modified".into(),
                "dispositif/centre-de-sante".into()
            )]
        );
    }

    #[test]
    fn passive_creation_points_to_the_law_after_the_cue() {
        let s = sentence("Les communautés professionnelles territoriales de santé ont été créées par l'article 65 de la loi du 26 janvier 2016.");
        let legal = [m("loi/2016-41", "loi du 26 janvier 2016", &s)];
        let ents = [m(
            "dispositif/cpts",
            "communautés professionnelles territoriales de santé",
            &s,
        )];
        assert_eq!(
            facts(&s, &legal, &ents),
            vec![(
                "loi/2016-41".into(),
                "created".into(),
                "dispositif/cpts".into()
            )]
        );
    }

    #[test]
    fn active_voice_with_two_cues_and_two_targets() {
        let s = sentence("La loi HPST crée les ARS et définit les maisons de santé.");
        let legal = [m("loi/2009-879", "loi HPST", &s)];
        let ents = [
            m("acteur/ars", "ARS", &s),
            m("dispositif/msp", "maisons de santé", &s),
        ];
        assert_eq!(
            facts(&s, &legal, &ents),
            vec![
                ("loi/2009-879".into(), "created".into(), "acteur/ars".into()),
                (
                    "loi/2009-879".into(),
                    "defines".into(),
                    "dispositif/msp".into()
                ),
            ]
        );
    }

    #[test]
    fn two_laws_in_one_sentence_keep_their_own_relation() {
        let s = sentence("Les CPTS, créées par la loi de 2016, sont financées par l'accord conventionnel interprofessionnel.");
        let legal = [
            m("loi/2016-41", "loi de 2016", &s),
            m(
                "accord/aci-cpts-2019",
                "accord conventionnel interprofessionnel",
                &s,
            ),
        ];
        let ents = [m("dispositif/cpts", "CPTS", &s)];
        assert_eq!(
            facts(&s, &legal, &ents),
            vec![
                (
                    "accord/aci-cpts-2019".into(),
                    "funds".into(),
                    "dispositif/cpts".into()
                ),
                (
                    "loi/2016-41".into(),
                    "created".into(),
                    "dispositif/cpts".into()
                ),
            ]
        );
    }

    #[test]
    fn negations_hypotheticals_and_bills_state_nothing() {
        for text in [
            "La loi HPST n'a pas créé les CPTS.",
            "La loi de 2016 pourrait permettre la création de nouveaux CLS.",
            "Le projet de loi prévoit la création des DAC.",
        ] {
            let s = sentence(text);
            let legal = [m(
                "loi/x",
                if text.contains("HPST") {
                    "loi HPST"
                } else if text.contains("2016") {
                    "loi de 2016"
                } else {
                    "loi"
                },
                &s,
            )];
            let ents = [m(
                "dispositif/d",
                if text.contains("CPTS") {
                    "CPTS"
                } else if text.contains("CLS") {
                    "CLS"
                } else {
                    "DAC"
                },
                &s,
            )];
            assert!(facts(&s, &legal, &ents).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_sentence_without_cue_states_nothing() {
        let s = sentence("La loi du 26 janvier 2016 et les CPTS sont au programme.");
        let legal = [m("loi/2016-41", "loi du 26 janvier 2016", &s)];
        let ents = [m("dispositif/cpts", "CPTS", &s)];
        assert!(facts(&s, &legal, &ents).is_empty());
    }

    type Fact = (String, String, String);

    fn fact(law: &str, relation: &str, target: &str) -> Fact {
        (law.into(), relation.into(), target.into())
    }

    /// Runs a passage of sentences (one per line, lines 1, 3, 5 …); mentions
    /// are `(sentence index, entity, matched)`.
    fn passage(
        texts: &[&str],
        legal: &[(usize, &str, &str)],
        ents: &[(usize, &str, &str)],
    ) -> Vec<Fact> {
        let sentences: Vec<Sentence> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Sentence {
                line: 2 * i + 1,
                end_line: 2 * i + 1,
                text: (*t).into(),
            })
            .collect();
        let mk = |list: &[(usize, &str, &str)]| -> Vec<Mention> {
            list.iter()
                .map(|(i, e, matched)| m(e, matched, &sentences[*i]))
                .collect()
        };
        let mut out: Vec<Fact> = extract(&sentences, &mk(legal), &mk(ents), &cues())
            .into_iter()
            .map(|r| (r.law.replace(ID, ""), r.relation, r.target.replace(ID, "")))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_negation_does_not_reach_the_next_clause() {
        let got = passage(
            &["Contrairement à ce qui est écrit, la loi HPST n'a pas créé les CPTS : elle a seulement défini les soins de premier recours."],
            &[(0, "loi/2009-879", "loi HPST")],
            &[(0, "dispositif/cpts", "CPTS"), (0, "dispositif/soins-de-premier-recours", "soins de premier recours")],
        );
        assert_eq!(
            got,
            vec![fact(
                "loi/2009-879",
                "defines",
                "dispositif/soins-de-premier-recours"
            )]
        );
        let got = passage(
            &["La loi du 24 juillet 2019 n'a pas créé les CPTS ; elle a en revanche créé les projets territoriaux de santé."],
            &[(0, "loi/2019-774", "loi du 24 juillet 2019")],
            &[(0, "dispositif/cpts", "CPTS"), (0, "dispositif/pts", "projets territoriaux de santé")],
        );
        assert_eq!(got, vec![fact("loi/2019-774", "created", "dispositif/pts")]);
    }

    #[test]
    fn a_law_cited_only_by_a_footnote_call_acts() {
        let got = passage(
            &["Les CPTS ont été créées par la loi pour permettre aux professionnels de s'organiser."],
            &[(0, "loi/2016-41", "loi²")],
            &[(0, "dispositif/cpts", "CPTS")],
        );
        assert_eq!(got, vec![fact("loi/2016-41", "created", "dispositif/cpts")]);
    }

    #[test]
    fn an_agent_that_is_not_a_legal_text_states_nothing() {
        let got = passage(
            &["Mis en place par le Comité interministériel des villes en 1999, les ateliers santé ville visent la promotion de la santé."],
            &[(0, "circulaire/2000-213", "1999²")],
            &[(0, "dispositif/asv", "ateliers santé ville")],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn article_of_a_law_acts_through_its_law_article_of_a_code_itself() {
        let s = sentence("Les CPTS ont été créées par l'article 65 de la loi du 26 janvier 2016.");
        let legal = [
            m(
                "loi/2016-41/article/65",
                "article 65 de la loi du 26 janvier 2016",
                &s,
            ),
            m("loi/2016-41", "loi du 26 janvier 2016", &s),
        ];
        let rels = extract(
            std::slice::from_ref(&s),
            &legal,
            &[m("dispositif/cpts", "CPTS", &s)],
            &cues(),
        );
        assert_eq!(rels.len(), 1, "{rels:?}");
        assert_eq!(rels[0].law, format!("{ID}loi/2016-41"));
        assert_eq!(
            rels[0].article.as_deref(),
            Some(format!("{ID}loi/2016-41/article/65").as_str())
        );
        let got = passage(
            &["Définis par l'article L. 1411-11 du code de la santé publique, les soins de premier recours recouvrent la prévention."],
            &[
                (0, "code/csp/article/L1411-11", "article L. 1411-11 du code de la santé publique"),
                (0, "code/csp", "code de la santé publique"),
            ],
            &[(0, "dispositif/soins-de-premier-recours", "soins de premier recours")],
        );
        assert_eq!(
            got,
            vec![fact(
                "code/csp/article/L1411-11",
                "defines",
                "dispositif/soins-de-premier-recours"
            )]
        );
    }

    #[test]
    fn a_whole_code_never_acts() {
        let got = passage(
            &["Les maisons de santé ont été introduites dans le code de la santé publique par la loi de financement de la sécurité sociale pour 2008."],
            &[
                (0, "code/csp", "code de la santé publique"),
                (0, "loi/2007-1786", "loi de financement de la sécurité sociale pour 2008"),
            ],
            &[(0, "dispositif/msp", "maisons de santé")],
        );
        assert_eq!(
            got,
            vec![fact("loi/2007-1786", "created", "dispositif/msp")],
            "no funds from the law's name either"
        );
    }

    #[test]
    fn law_to_law_amends_active_and_passive() {
        let got = passage(
            &["Pour faciliter la rémunération des équipes, la loi Fourcade, qui modifie plusieurs dispositions de la loi HPST, a créé en 2011 la société interprofessionnelle de soins ambulatoires."],
            &[(0, "loi/2011-940", "loi Fourcade"), (0, "loi/2009-879", "loi HPST")],
            &[(0, "dispositif/sisa", "société interprofessionnelle de soins ambulatoires")],
        );
        assert_eq!(
            got,
            vec![
                fact("loi/2011-940", "amends", "loi/2009-879"),
                fact("loi/2011-940", "created", "dispositif/sisa"),
            ]
        );
        let got = passage(
            &["Article L1411-11 du code de la santé publique, modifié par la loi n° 2016-41 du 26 janvier 2016 :"],
            &[
                (0, "code/csp/article/L1411-11", "Article L1411-11 du code de la santé publique"),
                (0, "loi/2016-41", "loi n° 2016-41 du 26 janvier 2016"),
            ],
            &[],
        );
        assert_eq!(
            got,
            vec![fact("loi/2016-41", "amends", "code/csp/article/L1411-11")]
        );
    }

    #[test]
    fn law_to_law_based_on_next_to_a_modification() {
        let got = passage(
            &["Les centres de santé ont vu leurs règles réécrites par l'ordonnance n° 2018-17 du 12 janvier 2018, prise sur le fondement de la loi du 26 janvier 2016."],
            &[
                (0, "ordonnance/2018-17", "ordonnance n° 2018-17 du 12 janvier 2018"),
                (0, "loi/2016-41", "loi du 26 janvier 2016"),
            ],
            &[(0, "dispositif/centre-de-sante", "centres de santé")],
        );
        assert_eq!(
            got,
            vec![
                fact("ordonnance/2018-17", "basedOn", "loi/2016-41"),
                fact(
                    "ordonnance/2018-17",
                    "modified",
                    "dispositif/centre-de-sante"
                ),
            ]
        );
    }

    #[test]
    fn an_anaphoric_subject_refers_to_the_notice_title() {
        let got = passage(
            &[
                "(3) Loi n° 2021-502 du 26 avril 2021 visant à améliorer le système de santé",
                "Elle permet de déployer les services d'accès aux soins.",
            ],
            &[(0, "loi/2021-502", "Loi n° 2021-502 du 26 avril 2021")],
            &[(1, "dispositif/sas", "services d'accès aux soins")],
        );
        assert_eq!(
            got,
            vec![fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
        );
    }

    #[test]
    fn a_glossary_definition_cites_its_text_in_a_footnote() {
        let got = passage(
            &[
                "- Centres de santé (CdS)",
                "Les centres de santé sont des structures de proximité dispensant des soins.",
                "Leur financement est assuré par l'accord conventionnel interprofessionnel.",
            ],
            &[
                (1, "ordonnance/2018-17", "soins²⁷"),
                (
                    2,
                    "accord-conventionnel/2017-04-20",
                    "accord conventionnel interprofessionnel",
                ),
            ],
            &[(0, "dispositif/centre-de-sante", "Centres de santé")],
        );
        assert_eq!(
            got,
            vec![
                fact(
                    "accord-conventionnel/2017-04-20",
                    "funds",
                    "dispositif/centre-de-sante"
                ),
                fact(
                    "ordonnance/2018-17",
                    "defines",
                    "dispositif/centre-de-sante"
                ),
            ]
        );
    }

    #[test]
    fn a_cue_must_keep_its_accents_in_an_accented_text() {
        let legal = [(0, "loi/2021-502", "loi n° 2021-502")];
        let ents = [(0, "acteur/ministere-sante", "ministère de la Santé")];
        let got = passage(
            &["La loi n° 2021-502 présente les réformes prioritaires du ministère de la Santé."],
            &legal,
            &ents,
        );
        assert!(got.is_empty(), "{got:?}");
        let got = passage(
            &["La loi n° 2021-502 a reforme le ministère de la Santé."],
            &legal,
            &ents,
        );
        assert_eq!(
            got,
            vec![fact("loi/2021-502", "modified", "acteur/ministere-sante")]
        );
    }

    #[test]
    fn a_text_cited_in_an_incise_does_not_act_on_the_main_verb() {
        let got = passage(
            &["Les CPTS, créées par la loi du 26 janvier 2016, permettent aux professionnels de déroger aux règles en matière de financement."],
            &[(0, "loi/2016-41", "loi du 26 janvier 2016")],
            &[(0, "dispositif/cpts", "CPTS")],
        );
        assert_eq!(got, vec![fact("loi/2016-41", "created", "dispositif/cpts")]);
    }

    #[test]
    fn coordinated_participles_share_their_subject() {
        let got = passage(
            &["Les CLS ont été mis en place par la loi HPST et renforcés par la loi du 26 janvier 2016."],
            &[(0, "loi/2009-879", "loi HPST"), (0, "loi/2016-41", "loi du 26 janvier 2016")],
            &[(0, "dispositif/cls", "CLS")],
        );
        assert_eq!(
            got,
            vec![
                fact("loi/2009-879", "created", "dispositif/cls"),
                fact("loi/2016-41", "modified", "dispositif/cls"),
            ]
        );
    }

    #[test]
    fn the_clitic_en_refers_to_the_previous_subject() {
        let got = passage(
            &[
                "Les maisons de santé ont été introduites dans le code de la santé publique en 2007.",
                "La loi HPST en a ensuite précisé la définition et les a rattachées aux soins de premier recours.",
            ],
            &[(1, "loi/2009-879", "loi HPST")],
            &[
                (0, "dispositif/msp", "maisons de santé"),
                (1, "dispositif/soins-de-premier-recours", "soins de premier recours"),
            ],
        );
        assert_eq!(
            got,
            vec![fact("loi/2009-879", "modified", "dispositif/msp")]
        );
    }

    #[test]
    fn texts_listed_as_the_subject_all_act() {
        let got = passage(
            &["Convention médicale, accord conventionnel interprofessionnel et fonds régionaux : ces trois dispositifs financent les premiers SAS."],
            &[
                (0, "convention/medicale", "Convention médicale"),
                (0, "accord-conventionnel/2019-06-20", "accord conventionnel interprofessionnel"),
            ],
            &[(0, "dispositif/sas", "SAS")],
        );
        assert_eq!(
            got,
            vec![
                fact("accord-conventionnel/2019-06-20", "funds", "dispositif/sas"),
                fact("convention/medicale", "funds", "dispositif/sas"),
            ]
        );
    }

    #[test]
    fn a_stray_line_opens_no_glossary_entry() {
        let got = passage(
            &[
                "idf.org/fileadmin/Etudes/ORS_deserts_medicaux.pdf",
                "Article L1411-11 du code de la santé publique, modifié par la loi n° 2016-41 du 26 janvier 2016 :",
            ],
            &[
                (1, "code/csp/article/L1411-11", "Article L1411-11 du code de la santé publique"),
                (1, "loi/2016-41", "loi n° 2016-41 du 26 janvier 2016"),
            ],
            &[(0, "acteur/ors", "ORS")],
        );
        assert_eq!(
            got,
            vec![fact("loi/2016-41", "amends", "code/csp/article/L1411-11")]
        );
    }

    #[test]
    fn a_relative_clause_bounds_the_targets() {
        let got = passage(
            &["La loi de 2016 a institué les équipes de soins primaires, dont les MSP constituent l'une des formes."],
            &[(0, "loi/2016-41", "loi de 2016")],
            &[(0, "dispositif/esp", "équipes de soins primaires"), (0, "dispositif/msp", "MSP")],
        );
        assert_eq!(got, vec![fact("loi/2016-41", "created", "dispositif/esp")]);
    }

    #[test]
    fn a_dispositif_is_named_by_its_head_noun_next_to_its_source_article() {
        let mut c = cues();
        c.by_article.push((
            format!("{ID}loi/2017-1836/article/51"),
            format!("{ID}dispositif/experimentation-article-51"),
            "experimentation".into(),
        ));
        let s = sentence("Des modes de rémunération sont testés dans le cadre d'expérimentations issues de l'article 51 de la loi de financement de la sécurité sociale pour 2018.");
        let legal = [m(
            "loi/2017-1836/article/51",
            "article 51 de la loi de financement de la sécurité sociale pour 2018",
            &s,
        )];
        let got: Vec<_> = extract(std::slice::from_ref(&s), &legal, &[], &c)
            .into_iter()
            .map(|r| (r.law.replace(ID, ""), r.relation, r.target.replace(ID, "")))
            .collect();
        assert_eq!(
            got,
            vec![fact(
                "loi/2017-1836",
                "created",
                "dispositif/experimentation-article-51"
            )]
        );
        // Another article 51 names nothing.
        let legal = [m(
            "loi/2009-879/article/51",
            "article 51 de la loi de financement de la sécurité sociale pour 2018",
            &s,
        )];
        assert!(extract(std::slice::from_ref(&s), &legal, &[], &c).is_empty());
    }

    #[test]
    fn fold_keeps_one_char_per_char() {
        let text = "Créées l’ARS À";
        assert_eq!(fold(text).chars().count(), text.chars().count());
        assert_eq!(fold(text), "creees l'ars a");
    }
}
