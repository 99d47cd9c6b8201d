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
use crate::vocab::{ID, MLG};
use oxigraph::model::{NamedOrBlankNode, Term};

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

/// The cue lexicon, folded.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// `(folded cue, relation local name)`, longest cues first.
    pub cues: Vec<(String, String)>,
    pub blocking: Vec<String>,
}

impl Cues {
    /// Reads `mlg:cue` / `mlg:blockingCue` annotations from the ontology graph.
    pub fn from_quads(quads: &[oxigraph::model::Quad]) -> Self {
        let cue = format!("{MLG}cue");
        let blocking = format!("{MLG}blockingCue");
        let mut out = Cues::default();
        for q in quads {
            let (NamedOrBlankNode::NamedNode(s), Term::Literal(o)) = (&q.subject, &q.object) else {
                continue;
            };
            if q.predicate.as_str() == cue {
                if let Some(local) = s.as_str().strip_prefix(MLG) {
                    out.cues.push((fold(o.value()), local.to_owned()));
                }
            } else if q.predicate.as_str() == blocking {
                out.blocking.push(fold(o.value()));
            }
        }
        out.cues
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        out.cues.dedup();
        out.blocking.sort();
        out.blocking.dedup();
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

fn is_target(iri: &str) -> bool {
    ["dispositif/", "acteur/"]
        .iter()
        .any(|k| iri.strip_prefix(ID).is_some_and(|rest| rest.starts_with(k)))
}

/// A mention placed in its sentence.
#[derive(Debug, Clone)]
struct Placed<'a> {
    mention: &'a Mention,
    at: usize,
    end: usize,
}

fn place<'a>(folded: &str, mentions: impl Iterator<Item = &'a Mention>) -> Vec<Placed<'a>> {
    let mut placed = Vec::new();
    let mut used: Vec<(usize, usize)> = Vec::new();
    for mention in mentions {
        let needle = fold(&mention.matched);
        let hit = find_words(folded, &needle)
            .into_iter()
            .find(|&at| !used.iter().any(|&(s, e)| at < e && s < at + needle.len()))
            .or_else(|| folded.find(&needle));
        if let Some(at) = hit {
            used.push((at, at + needle.len()));
            placed.push(Placed {
                mention,
                at,
                end: at + needle.len(),
            });
        }
    }
    placed.sort_by_key(|p| p.at);
    placed
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
    for sentence in sentences {
        let in_sentence = |m: &&Mention| {
            m.quote == sentence.text && (sentence.line..=sentence.end_line).contains(&m.line)
        };
        let (laws, articles) = acting_texts(legal.iter().filter(in_sentence));
        if laws.is_empty() {
            continue;
        }
        let targets: Vec<&Mention> = entities
            .iter()
            .filter(in_sentence)
            .filter(|m| is_target(&m.entity))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let folded = fold(&sentence.text);
        if cues
            .blocking
            .iter()
            .any(|b| !find_words(&folded, b).is_empty())
        {
            continue;
        }
        let laws = place(&folded, laws.iter());
        let targets = place(&folded, targets.into_iter());
        let spans = cue_spans(&folded, cues);
        for (at, end, relation) in &spans {
            let (at, end) = (*at, *end);
            let Some(law) = law_for_cue(&folded, &laws, at, end) else {
                continue;
            };
            for target in targets_for_cue(&targets, &laws, &spans, (at, end), law.at) {
                out.push(Relation {
                    law: law.mention.entity.clone(),
                    relation: relation.clone(),
                    target: target.mention.entity.clone(),
                    line: sentence.line,
                    end_line: sentence.end_line,
                    quote: sentence.text.clone(),
                    article: articles.get(&law.mention.entity).cloned(),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The legal texts that can act in a sentence: an article of a law acts
/// through its law (the article is kept for the evidence); an article of a
/// code acts itself, in place of the code. Returns the acting mentions and,
/// per law, the article cited.
fn acting_texts<'a>(
    mentions: impl Iterator<Item = &'a Mention>,
) -> (Vec<Mention>, std::collections::BTreeMap<String, String>) {
    let mentions: Vec<&Mention> = mentions.collect();
    let code_prefix = format!("{ID}code/");
    let mut articles = std::collections::BTreeMap::new();
    let mut acting: Vec<Mention> = Vec::new();
    for m in &mentions {
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
            _ => {
                let is_code_with_article = m.entity.starts_with(&code_prefix)
                    && !m.entity.contains("/article/")
                    && mentions
                        .iter()
                        .any(|o| o.entity.starts_with(&format!("{}/article/", m.entity)));
                if !is_code_with_article {
                    acting.push((*m).clone());
                }
            }
        }
    }
    (acting, articles)
}

/// Non-overlapping cue occurrences, longest cue first, in sentence order.
fn cue_spans(folded: &str, cues: &Cues) -> Vec<(usize, usize, String)> {
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for (cue, relation) in &cues.cues {
        for at in find_words(folded, cue) {
            let end = at + cue.len();
            if !spans.iter().any(|&(s, e, _)| at < e && s < end) {
                spans.push((at, end, relation.clone()));
            }
        }
    }
    spans.sort();
    spans
}

/// The law a cue points to: in the passive ("créées par la loi …", "issu de la
/// loi …") the first citation after the cue; otherwise the nearest before it,
/// or failing that the first after it.
fn law_for_cue<'a, 'b>(
    folded: &str,
    laws: &'b [Placed<'a>],
    at: usize,
    end: usize,
) -> Option<&'b Placed<'a>> {
    let after = laws.iter().find(|l| l.at >= end);
    let before = laws.iter().rev().find(|l| l.end <= at);
    let passive = after.is_some_and(|l| {
        let gap = &folded[end..l.at];
        let words: Vec<&str> = gap
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        words.len() <= 6
            && words
                .iter()
                .any(|w| matches!(*w, "par" | "de" | "du" | "des" | "dans" | "selon"))
    });
    if passive || before.is_none() {
        after.or(before)
    } else {
        before
    }
}

/// The targets a cue governs: in the active voice those after it, up to the
/// next cue or citation; otherwise those before it, back to the previous cue
/// or citation, or failing that the nearest one before it.
fn targets_for_cue<'a, 'b>(
    targets: &'b [Placed<'a>],
    laws: &[Placed<'a>],
    cues: &[(usize, usize, String)],
    (at, end): (usize, usize),
    law_at: usize,
) -> Vec<&'b Placed<'a>> {
    let next_stop = laws
        .iter()
        .map(|l| l.at)
        .filter(|&l| l >= end && l != law_at)
        .chain(cues.iter().map(|c| c.0).filter(|&c| c >= end))
        .min()
        .unwrap_or(usize::MAX);
    if law_at < at {
        let forward: Vec<&Placed> = targets
            .iter()
            .filter(|t| t.at >= end && t.at < next_stop)
            .collect();
        if !forward.is_empty() {
            return forward;
        }
    }
    let prev_stop = laws
        .iter()
        .map(|l| l.end)
        .filter(|&l| l <= at && l != law_at)
        .chain(cues.iter().map(|c| c.1).filter(|&c| c <= at))
        .max()
        .unwrap_or(0);
    let backward: Vec<&Placed> = targets
        .iter()
        .filter(|t| t.end <= at && t.at >= prev_stop)
        .collect();
    if !backward.is_empty() {
        return backward;
    }
    if let Some(nearest) = targets.iter().rev().find(|t| t.end <= at) {
        return vec![nearest];
    }
    targets
        .iter()
        .filter(|t| t.at >= end && t.at < next_stop)
        .take(1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refdata::RefData;

    fn cues() -> Cues {
        let ttl = include_str!("../../ontology/relation-cues.ttl");
        Cues::from_quads(
            &RefData::from_turtle(&[("relation-cues.ttl", ttl)])
                .unwrap()
                .quads,
        )
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

    #[test]
    fn fold_keeps_one_char_per_char() {
        let text = "Créées l’ARS À";
        assert_eq!(fold(text).chars().count(), text.chars().count());
        assert_eq!(fold(text), "creees l'ars a");
    }
}
