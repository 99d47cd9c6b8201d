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
mod changes;
mod cues;
mod discourse;
mod span;
mod targets;
#[cfg(test)]
mod tests;

use agents::*;
use changes::*;
pub use cues::Cues;
use cues::*;
use discourse::*;
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
    /// The first dispositif or actor the previous sentence named: what a
    /// demonstrative class noun ("Ces structures …") refers to.
    antecedent: Option<String>,
    /// The law last cited by name in the document: what a bare "la loi" is.
    last_law: Option<String>,
    /// A fact on a class of dispositifs ("a introduit de nouveaux
    /// dispositifs") whose members the next sentence may name.
    pending: Option<Pending>,
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
        let antecedent = std::mem::replace(
            &mut ctx.antecedent,
            targets.first().map(|t| t.entity.clone()),
        );
        targets.extend(demonstrative(&folded, cues, antecedent.as_deref()));
        targets.sort_by_key(|p| (p.at, p.end));
        if laws.is_empty() {
            laws.extend(
                same_law_as(&folded, &targets, &out, cues)
                    .or_else(|| bare_law(&folded, ctx.last_law.as_deref())),
            );
        }
        if let Some(p) = ctx.pending.take() {
            for member in class_members(&folded, &targets, &p.noun) {
                out.push(Relation {
                    law: p.law.clone(),
                    relation: p.relation.clone(),
                    target: member.entity.clone(),
                    line: p.line,
                    end_line: sentence.end_line,
                    quote: format!("{} {}", p.quote, sentence.text),
                    article: p.article.clone(),
                });
            }
        }
        if let Some(law) = texts
            .iter()
            .rev()
            .find(|l| is_law(&l.entity) && !l.footnote)
        {
            ctx.last_law = Some(law.entity.clone());
        }
        // A short line citing a text with a cue states a fact ("- 2021 :
        // l'avenant 2 modifie l'ACI"); a glossary head only names a term.
        let found = cue_spans((&sentence.text, &folded), cues);
        let statement = !laws.is_empty() && found.iter().any(|c| !c.relations.is_empty());
        if is_entry_head(sentences, i) && !statement {
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
        let law_led = std::mem::take(&mut ctx.law_led);
        if laws.is_empty() {
            if let (Some(topic), Some(len)) = (&ctx.topic, anaphor_at(&folded[start..], cues)) {
                laws.push(Placed {
                    entity: topic.clone(),
                    at: start,
                    end: start + len,
                    footnote: false,
                    plural: false,
                });
            } else if let (Some(topic), Some((at, end))) = (
                ctx.topic.as_ref().filter(|_| law_led),
                resumed_at(&folded, start, cues),
            ) {
                // "Cette ordonnance a pour but … En réalité, cela se traduit
                // par …": "cela" resumes what the text just did.
                laws.push(Placed {
                    entity: topic.clone(),
                    at,
                    end,
                    footnote: false,
                    plural: false,
                });
            }
        }
        // Led: the text opens the sentence ("La loi …", "Cette ordonnance …").
        ctx.law_led = laws
            .first()
            .is_some_and(|l| words(folded.get(start..l.at).unwrap_or_default()).len() <= 1);
        if let Some(s) = subject {
            ctx.topic = Some(s);
        }
        let theme = ctx.theme.take();
        ctx.theme = targets
            .first()
            .filter(|t| words(folded.get(start..t.at).unwrap_or_default()).len() <= 2)
            .map(|t| t.entity.clone());
        let previous_subject = ctx.clitic.take();
        ctx.clitic = targets
            .first()
            .filter(|t| words(folded.get(start..t.at).unwrap_or_default()).len() <= 6)
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
        let spans = relay_agents(
            &folded,
            found
                .into_iter()
                .filter(|c| !inside_name(&folded, &texts, c))
                .collect(),
            cues,
        );
        let clauses = clause_starts(&folded, cues);
        let mut acted: BTreeSet<String> = BTreeSet::new();
        let mut previous: Vec<&Placed> = Vec::new();
        let mut pending = None;
        for cue in &spans {
            // "Aucun texte n'a encadré …, à l'exception d'une instruction …":
            // the excepted text did what the negation denies of the others.
            let blocked = is_blocked(&folded, cue, cues, &clauses);
            let excepted = blocked
                .then(|| excepted_text(&folded, cue, &laws, cues))
                .flatten();
            if cue.relations.is_empty() || (blocked && excepted.is_none()) {
                continue;
            }
            // A bill in the clause voids the cue unless its agent is a text
            // named after it ("outils issus de la loi de 2016").
            let billed = bill_before(&folded, cue, cues, &clauses);
            // A cue stating both a law→law and a law→dispositif relation
            // ("complété par"): when a legal text is its patient, it is the
            // law→law one.
            let mut relations: Vec<&String> = cue.relations.iter().collect();
            relations.sort_by_key(|r| !cues.text_relations.contains(*r));
            let mut text_patient = false;
            for relation in relations {
                if text_patient {
                    continue;
                }
                if cues.text_relations.contains(relation) {
                    if blocked || billed {
                        continue;
                    }
                    let Some(law) = text_agent((&sentence.text, &folded), &texts, &spans, cue)
                    else {
                        continue;
                    };
                    let mut patients = patients_for_cue(&folded, &texts, cue, law);
                    // "complété par 2 avenants": every text the citation names.
                    let mut agents: Vec<&Placed> = texts
                        .iter()
                        .filter(|t| (t.at, t.end) == (law.at, law.end))
                        .collect();
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
                            text_patient = true;
                        }
                    }
                    continue;
                }
                let Some(law) =
                    excepted.or_else(|| law_for_cue((&sentence.text, &folded), &laws, &spans, cue))
                else {
                    continue;
                };
                if billed && law.at < cue.end {
                    continue;
                }
                // A participle far from the text it would have as subject
                // qualifies a noun ("l'accompagnement renforcé des …").
                let far = law.end <= cue.at
                    && words(folded.get(law.end..cue.at).unwrap_or_default()).len() > 3;
                if far && adjectival((&sentence.text, &folded), cue) {
                    continue;
                }
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
                // The excepted text comes last; the cue's object follows the cue.
                let agent = Placed {
                    at: 0,
                    end: 0,
                    ..law.clone()
                };
                let as_agent = if excepted.is_some() { &agent } else { law };
                let mut chosen = if cues.backward.contains(&folded[cue.at..cue.end]) {
                    // "aux ASV la possibilité d'être intégrés …": the patient
                    // is before; "leur a permis d'être intégrés …": the
                    // previous sentence's subject.
                    let before = subject_before_cue(&folded, &targets, law, cue);
                    if before.is_empty() && clitic_before(&folded, cue) {
                        if let Some(c) = &previous_subject {
                            push(&law.entity, relation, c);
                            acted.insert(law.entity.clone());
                        }
                    }
                    before
                } else {
                    targets_for_cue(&folded, &targets, &laws, &spans, cue, as_agent)
                };
                // A participle coordinated to the previous one shares its
                // subject ("mis en place par la loi X et renforcés par la loi Y").
                let coordinated_verb = words(folded.get(..cue.at).unwrap_or_default())
                    .last()
                    .is_some_and(|w| *w == "et");
                if chosen.is_empty() && coordinated_verb && law.at > cue.at {
                    chosen = previous.clone();
                }
                // A class noun ("des outils issus de la loi …") stands for the
                // dispositifs the sentence lists after it, or the next names.
                if chosen.is_empty() {
                    match class_noun(&folded, cue, law, cues) {
                        Some(ClassNoun::Listed(from)) => {
                            chosen = announced_list(&folded, &targets, from);
                        }
                        Some(ClassNoun::Object(noun)) => {
                            pending = Some(Pending {
                                law: law.entity.clone(),
                                relation: relation.clone(),
                                noun,
                                line: sentence.line,
                                quote: sentence.text.clone(),
                                article: articles.get(&law.entity).cloned(),
                            });
                        }
                        _ => {}
                    }
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
        ctx.pending = pending;
        // A glossary entry's sentence with no cue whose only citation is a
        // footnote: the cited text is the source of the definition.
        let cueless = spans.iter().all(|c| c.relations.is_empty());
        if let Some(entry) = ctx.entry.as_ref().filter(|_| cueless) {
            let blocked = cues
                .blocking
                .iter()
                .any(|b| !find_words(&folded, b).is_empty());
            // A footnote on a dated change ("et, depuis la crise, la
            // participation à …³⁰") sources the change, not the definition.
            let relation = change_marked(&folded, cues).unwrap_or("defines");
            // Its source: a footnote call, or a closing parenthesis
            // ("… territoriales de santé.\" (Article L1411-11-1 du CSP) »").
            let source = |l: &Placed| l.footnote || closing_citation(&folded, l);
            for law in laws
                .iter()
                .filter(|l| source(l) && !acted.contains(&l.entity))
            {
                if !blocked && laws.iter().all(source) {
                    push(&law.entity, relation, entry);
                }
            }
        }
        if cueless_for(&laws, &acted) {
            for (law, relation, target) in dated_change(&folded, &laws, &targets, cues) {
                push(&law, relation, &target);
            }
        }
    }
    out.sort();
    out.dedup();
    out
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
