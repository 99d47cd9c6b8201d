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

mod agents;
mod candidates;
mod changes;
mod cues;
mod discourse;
mod facts;
mod inflection;
mod sentence;
mod span;
mod targets;
#[cfg(test)]
mod tests;

use agents::*;
pub use candidates::{candidates, Candidate};
use changes::*;
pub use cues::Cues;
use cues::*;
use discourse::*;
use facts::{sentence_facts, Salient};
use sentence::Reading;
pub use span::fold;
use span::*;
use targets::*;

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
    /// The reading that produced the fact, most direct first: what its
    /// confidence is.
    pub support: Support,
}

/// How a fact was read, from the most to the least direct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Support {
    /// A cue with the text and the target both named in the sentence.
    Direct,
    /// The text named only through a footnote call.
    Footnote,
    /// The text or the target named only by the discourse (an anaphor, a
    /// pronoun, "la même loi", "la loi de 2019", the glossary entry).
    Discourse,
    /// No cue: a glossary entry's source, a change dated by "depuis", the
    /// members of a class named in the next sentence.
    Inferred,
}

impl Support {
    /// Its confidence, as an `xsd:decimal` lexical form.
    pub fn confidence(self) -> &'static str {
        match self {
            Support::Direct => "0.9",
            Support::Footnote => "0.8",
            Support::Discourse => "0.7",
            Support::Inferred => "0.6",
        }
    }

    /// Local name of its `mlg:` individual.
    pub fn name(self) -> &'static str {
        match self {
            Support::Direct => "directReading",
            Support::Footnote => "footnoteReading",
            Support::Discourse => "discourseReading",
            Support::Inferred => "inferredReading",
        }
    }
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

/// What the passage is about, carried from sentence to sentence.
#[derive(Debug, Default)]
struct Context {
    /// The legal text last seen as a subject (a notice title, "La loi X …").
    topic: Option<String>,
    /// The term of the glossary entry being read.
    entry: Option<String>,
    /// The dispositif or actor the previous sentence opened with (its subject).
    theme: Option<String>,
    /// The first dispositif or actor of the previous sentence's first clause:
    /// what a clitic "leur" refers to.
    clitic: Option<String>,
    /// Whether the previous sentence had a legal text as its subject.
    law_led: bool,
    /// The first dispositif or actor the previous sentence named, and the
    /// head noun it was named by: what a demonstrative ("Ces structures …",
    /// "ces projets") refers to.
    antecedent: Option<(String, String)>,
    /// The last dispositif a sentence opened on, kept past sentences that
    /// name none: `(entity, head noun)`.
    named_before: Option<(String, String)>,
    /// The dispositif or actor the previous sentence named last: what "ces
    /// derniers" refers to.
    latter: Option<String>,
    /// The law last cited by name in the document: what a bare "la loi" is.
    last_law: Option<String>,
    /// A fact on a class of dispositifs ("a introduit de nouveaux
    /// dispositifs") whose members the next sentence may name.
    pending: Option<Pending>,
    /// The texts cited by name so far, in order: what "la loi de 2019" or
    /// "la nouvelle loi" refers to.
    cited: Vec<String>,
    /// Every text the document cites by name, in order: what "la loi de
    /// 2016" refers to when no earlier sentence cites a text of that year.
    document: Vec<String>,
}

/// A fact whose target is a class noun, waiting for the sentence that names
/// its members ("Les CPTS sont l'un des dispositifs …").
#[derive(Debug)]
struct Pending {
    law: String,
    relation: String,
    noun: String,
    line: usize,
    quote: String,
    article: Option<String>,
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
    let mut out: Vec<Relation> = Vec::new();
    let mut ctx = Context {
        document: cited_in_order(legal),
        ..Context::default()
    };
    for (i, sentence) in sentences.iter().enumerate() {
        let mut r = Reading::new(sentence, legal, entities, cues);
        ctx.supply(&mut r, &out, cues);
        if let Some(pending) = ctx.pending.take() {
            out.extend(pending.members(&r));
        }
        if let Some(law) = r
            .texts
            .iter()
            .rev()
            .find(|l| is_law(&l.entity) && !l.footnote)
        {
            ctx.last_law = Some(law.entity.clone());
        }
        ctx.cited.extend(
            r.texts
                .iter()
                .filter(|l| !l.footnote)
                .map(|l| l.entity.clone()),
        );
        if is_entry_head(sentences, i) && !r.states_fact() {
            ctx.open_entry(&r);
            continue;
        }
        let (theme, previous_subject) = ctx.advance(&mut r, cues);
        if r.laws.is_empty() {
            continue;
        }
        let salient = Salient {
            theme: theme.as_deref(),
            previous_subject: previous_subject.as_deref(),
            entry: ctx.entry.as_deref(),
        };
        // A claim the next sentence refutes ("… « créées par la loi HPST ».
        // C'est inexact : …") states nothing.
        if sentences
            .get(i + 1)
            .is_some_and(|next| cues::refutes_previous(&next.text, cues))
            || cues::refutes_own_quote(&sentence.text, cues)
        {
            continue;
        }
        let facts = sentence_facts(&r, &salient, cues);
        ctx.pending = facts.pending;
        let inferred = facts.inferred;
        out.extend(facts.facts.into_iter().filter_map(|f| {
            let cueless = inferred.contains(&f);
            r.relation(f, cues, cueless)
        }));
    }
    out.sort();
    // One reading per fact and sentence: the most direct (sorted first).
    out.dedup_by(|b, a| {
        (&a.law, &a.relation, &a.target, a.line, a.end_line, &a.quote)
            == (&b.law, &b.relation, &b.target, b.line, b.end_line, &b.quote)
    });
    out
}

impl Context {
    /// Adds what the discourse names in the sentence: the previous
    /// sentence's dispositif for a demonstrative ("Ces structures"), and,
    /// when it cites no text, "la même loi que …" or a footnoted "la loi¹".
    fn supply(&mut self, r: &mut Reading, earlier: &[Relation], cues: &Cues) {
        let previous = self.antecedent.as_ref().map(|(e, _)| e.as_str());
        let pronoun = pronoun_target(r, cues, previous, self.law_led);
        r.discourse.extend(pronoun.iter().map(|p| (p.at, p.end)));
        r.targets.extend(pronoun);
        // "… avec les hôpitaux de proximité. Je rappelle que ces derniers ont
        // été créés par …": the dispositif the previous sentence named last.
        let latter = latter_target(r, cues, self.latter.as_deref());
        r.discourse.extend(latter.iter().map(|p| (p.at, p.end)));
        r.targets.extend(latter);
        r.targets.sort_by_key(|p| (p.at, p.end));
        self.latter = r.targets.last().map(|t| t.entity.clone());
        // The antecedent of the next sentence's pronoun: the first dispositif
        // that opens a clause ("la loi HPST a créé les ARS … ; les CPTS sont,
        // elles, issues de …": the CPTS), or else the first named.
        let clause_opening = |t: &&Placed| {
            let from = r.folded[..t.at]
                .rfind([';', ':'])
                .map_or(r.start(), |c| c + 1);
            from <= t.at && words(&r.folded[from..t.at]).len() <= 1
        };
        let opener = r.targets.iter().find(clause_opening).or(r.targets.first());
        let first = opener.map(|t| {
            let head = words(r.folded.get(t.at..t.end).unwrap_or_default())
                .first()
                .map_or(String::new(), |w| (*w).to_owned());
            (t.entity.clone(), head)
        });
        // "Les CPTS … Elles regroupent des acteurs … Leur financement …": a
        // sentence whose subject is a dispositif pronoun and that names no
        // dispositif keeps the one it refers to for the next.
        let pronoun_led = words(&r.folded[r.start()..])
            .first()
            .is_some_and(|w| cues.subject_pronouns.iter().any(|p| p == w));
        let first = if first.is_none() && pronoun_led && !self.law_led && r.laws.is_empty() {
            self.antecedent.clone()
        } else {
            first
        };
        let antecedent = std::mem::replace(&mut self.antecedent, first.clone());
        // Past sentences that name no dispositif ("C'est une association
        // qu'ils ont créée en 2022."), a demonstrative with the head noun of
        // the last one named ("Ces communautés") still stands for it.
        let named_before = self.named_before.clone();
        if first.is_some() {
            self.named_before = first;
        }
        let demonstrative = demonstrative(
            r,
            cues,
            antecedent.as_ref().map(|(e, h)| (e.as_str(), h.as_str())),
        )
        .or_else(|| {
            let (e, h) = named_before.as_ref().filter(|_| antecedent.is_none())?;
            demonstrative_by_head(r, cues, (e.as_str(), h.as_str()))
        });
        r.discourse
            .extend(demonstrative.iter().map(|p| (p.at, p.end)));
        r.targets.extend(demonstrative);
        r.targets.sort_by_key(|p| (p.at, p.end));
        // "La même loi", "la nouvelle loi", "la loi de 2019": a text the
        // discourse names, where no citation covers the phrase.
        // They cite the text as a name would, so they count as citations.
        // So does a text named by its kind alone ("le présent décret").
        let named = discourse_laws(&r.folded, (&self.cited, &self.document), cues)
            .into_iter()
            .chain(bare_texts(&r.folded, &self.cited, cues));
        for law in named {
            if !r.texts.iter().any(|l| l.at < law.end && law.at < l.end) {
                r.discourse.push((law.at, law.end));
                r.texts.push(law.clone());
                r.texts.sort_by_key(|p| (p.at, p.end));
                r.laws.push(law);
                r.laws.sort_by_key(|p| (p.at, p.end));
            }
        }
        if r.laws.is_empty() {
            let named = same_law_as(&r.folded, &r.targets, earlier, cues)
                .or_else(|| bare_law(&r.folded, self.last_law.as_deref()));
            r.discourse.extend(named.iter().map(|p| (p.at, p.end)));
            r.laws.extend(named);
        }
    }

    /// A glossary head: its term is the entry the next sentences define
    /// (it must open the head, "- Centres de santé (CdS)", after at most an
    /// article: not a heading or a metadata line that names an actor in
    /// passing, "Transmise au Ministère de la santé", nor a stray line such
    /// as a wrapped URL), its text the topic.
    fn open_entry(&mut self, r: &Reading) {
        // A question heads the answer that follows ("Q. Comment la MSP est-elle
        // rémunérée ?"): its dispositif may come after a few words.
        let question = r.sentence.text.trim_end().ends_with('?');
        self.entry = r
            .targets
            .first()
            .filter(|t| {
                // … or names it by the acronym that closes it ("Dispositif
                // d'Appui Coordonné (DAC)").
                let acronym =
                    r.folded[..t.at].trim_end().ends_with('(') && r.folded[t.end..].trim() == ")";
                acronym || r.words_before(t.at) <= if question { 4 } else { 1 }
            })
            .filter(|_| !r.folded.contains('/'))
            .map(|t| t.entity.clone());
        self.topic = r.laws.first().map(|l| l.entity.clone());
    }

    /// Resolves the sentence's anaphoric subject ("Cette loi", "cela") and
    /// moves the discourse on: topic, theme, first dispositif. Returns the
    /// previous sentence's theme and first dispositif.
    fn advance(&mut self, r: &mut Reading, cues: &Cues) -> (Option<String>, Option<String>) {
        let start = r.start();
        let subject = r
            .laws
            .iter()
            .find(|l| r.words_before(l.at.max(start)) <= 4)
            .map(|l| l.entity.clone());
        let law_led = std::mem::take(&mut self.law_led);
        // The anaphor is the subject: no text opens the sentence, and no
        // dispositif pronoun took the place ("Elle a créé les DAC …, dont
        // les missions sont fixées à l'article …").
        let opened = r.laws.iter().any(|l| r.words_before(l.at.max(start)) <= 4);
        let pronoun_taken = r.targets.iter().any(|t| t.at == start && t.end > t.at);
        if r.laws.is_empty() || (!opened && !pronoun_taken) {
            let anaphor = anaphor_at(&r.folded[start..], cues).map(|len| (start, start + len));
            // "Cette ordonnance a pour but … En réalité, cela se traduit par
            // …": "cela" resumes what the text just did.
            let resumed = || resumed_at(&r.folded, start, cues).filter(|_| law_led);
            // "Résumé : Institue les PTA …": a notice's summary opens on its verb;
            // the text the notice is about is the subject left unsaid.
            let unsaid = || {
                let label = cues
                    .summary_labels
                    .iter()
                    .find(|l| r.folded[start..].starts_with(l.as_str()))?;
                let verb = start + label.len() + 1;
                r.found
                    .iter()
                    .any(|c| c.at == verb && !c.relations.is_empty())
                    .then_some((start, start + label.len()))
            };
            if let (Some(topic), Some((at, end))) =
                (&self.topic, anaphor.or_else(resumed).or_else(unsaid))
            {
                r.discourse.push((at, end));
                r.laws.push(Placed {
                    entity: topic.clone(),
                    at,
                    end,
                    footnote: false,
                    plural: false,
                });
                r.laws.sort_by_key(|p| (p.at, p.end));
            }
        }
        // Led: the text opens the sentence ("La loi …", "Cette ordonnance …").
        self.law_led = r.laws.first().is_some_and(|l| r.words_before(l.at) <= 1);
        if let Some(s) = subject {
            self.topic = Some(s);
        }
        let first_within = |n: usize| {
            r.targets
                .first()
                .filter(|t| r.words_before(t.at) <= n)
                .map(|t| t.entity.clone())
        };
        let theme = std::mem::replace(&mut self.theme, first_within(2));
        let previous_subject = std::mem::replace(&mut self.clitic, first_within(6));
        (theme, previous_subject)
    }
}

impl Pending {
    /// The facts a sentence completes when it names the class's members.
    fn members(self, r: &Reading) -> Vec<Relation> {
        class_members(&r.folded, &r.targets, &self.noun)
            .into_iter()
            .map(|member| Relation {
                law: self.law.clone(),
                relation: self.relation.clone(),
                target: member.entity.clone(),
                line: self.line,
                end_line: r.sentence.end_line,
                quote: format!("{} {}", self.quote, r.sentence.text),
                article: self.article.clone(),
                support: Support::Inferred,
            })
            .collect()
    }
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
    // A footnote call may follow the final period ("… d'une SISA.⁴").
    let ending = text.trim_end_matches(|c: char| SUPERSCRIPTS.contains(c) || c.is_ascii_digit());
    if ending.ends_with(['.', ':', ';', ',']) || text.split_whitespace().count() > 12 {
        return false;
    }
    let alone = i
        .checked_sub(1)
        .is_none_or(|p| sentences[p].end_line < s.line)
        && sentences.get(i + 1).is_none_or(|n| n.line > s.end_line);
    alone && (text.starts_with("- ") || text.starts_with("• ") || s.line == s.end_line)
}

/// The texts `legal` cites, in the order of their lines (an article of a law
/// as its law), each once.
fn cited_in_order(legal: &[Mention]) -> Vec<String> {
    let mut mentions: Vec<&Mention> = legal.iter().collect();
    mentions.sort_by_key(|m| m.line);
    let mut out: Vec<String> = Vec::new();
    for m in mentions {
        let entity = match m.entity.split_once("/article/") {
            Some((parent, _)) if !m.entity.starts_with(&format!("{ID}code/")) => parent.to_owned(),
            _ => m.entity.clone(),
        };
        if !out.contains(&entity) {
            out.push(entity);
        }
    }
    out
}
