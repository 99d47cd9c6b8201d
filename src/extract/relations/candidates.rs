//! Candidate dispositifs: a dispositif-like noun phrase the reference data
//! does not know, that a cue relates to a cited legal text ("la loi HPST a
//! créé les conférences de territoire"). It is kept for a curator to
//! confirm (`mlg:CandidateDispositif`, with its evidence), never dropped.

use super::sentence::Reading;
use super::*;

/// An unknown dispositif-like noun phrase a text acted on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// The noun phrase as written, without its determiner.
    pub label: String,
    pub law: String,
    /// Local name of the `mlg:` relation the cue states.
    pub relation: String,
    pub line: usize,
    pub end_line: usize,
    pub quote: String,
}

/// Words that end a noun phrase (besides punctuation and cues).
const STOPS: &[&str] = &[
    "par", "qui", "que", "dont", "et", "ou", "a", "ont", "est", "sont", "ete", "avait", "avaient",
    "en", "pour", "dans", "avec", "sur", "afin", "lors", "depuis", "aux", "au", "se", "ne", "n'",
];

/// Determiners a patient noun phrase opens with.
const DETERMINERS: &[&str] = &["les", "le", "la", "l'", "des", "un", "une", "de", "du"];

/// The candidates of a document's sentences: for each sentence citing a
/// legal text, the unknown noun phrases headed by a dispositif-like noun
/// (`mlg:candidateHead`) that a cue governs: right after an active cue ("a
/// créé les conférences de territoire"), or opening the sentence before a
/// passive one ("Les conférences de territoire, créées par la loi …").
pub fn candidates(
    sentences: &[Sentence],
    legal: &[Mention],
    entities: &[Mention],
    cues: &Cues,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for sentence in sentences {
        let r = Reading::new(sentence, legal, entities, cues);
        if r.texts.is_empty() {
            continue;
        }
        let spans = r.spans(cues);
        let clauses = clause_starts(&r.folded, cues);
        for cue in spans.iter().filter(|c| !c.relations.is_empty()) {
            if is_blocked(&r.folded, cue, cues, &clauses)
                || bill_before(&r.folded, cue, cues, &clauses)
            {
                continue;
            }
            let Some(law) = law_for_cue(
                (&sentence.text, &r.folded),
                (&r.texts, &r.targets),
                &spans,
                cue,
            ) else {
                continue;
            };
            let Some((at, end)) = patient_phrase(&r, cue, law, cues) else {
                continue;
            };
            let label = original_span(&sentence.text, &r.folded, at, end);
            let relation = cue
                .relations
                .iter()
                .find(|x| !cues.text_relations.contains(*x))
                .cloned();
            if let Some(relation) = relation {
                out.push(Candidate {
                    label: label.trim().to_owned(),
                    law: law.entity.clone(),
                    relation,
                    line: sentence.line,
                    end_line: sentence.end_line,
                    quote: sentence.text.clone(),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The folded span of the unknown noun phrase a cue governs, if any.
fn patient_phrase(r: &Reading, cue: &Cue, law: &Placed, cues: &Cues) -> Option<(usize, usize)> {
    let folded = r.folded.as_str();
    let start = if law.at >= cue.end {
        // Passive: the sentence's subject, before the cue.
        r.start()
    } else {
        // Active: the object right after the cue.
        cue.end
    };
    let (at, end) = noun_phrase(folded, start, cues)?;
    let governed = if law.at >= cue.end {
        end <= cue.at && words(folded.get(end..cue.at)?).len() <= 4
    } else {
        at >= cue.end
    };
    let known = |a: usize, b: usize| {
        r.targets
            .iter()
            .chain(&r.texts)
            .any(|t| t.at < b && a < t.end)
    };
    (governed && !known(at, end)).then_some((at, end))
}

/// A determiner, a dispositif-like head noun and its complements, from
/// `from`: "les conférences de territoire" → "conférences de territoire".
fn noun_phrase(folded: &str, from: usize, cues: &Cues) -> Option<(usize, usize)> {
    let rest = folded.get(from..)?;
    let mut offsets = rest
        .split(' ')
        .scan(from, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty());
    let (_, det) = offsets.next()?;
    let (head_at, head) = if let Some(noun) = det.strip_prefix("l'") {
        (from + rest.find(det)? + 2, noun)
    } else {
        if !DETERMINERS.contains(&det) {
            return None;
        }
        offsets.next()?
    };
    if !cues.candidate_heads.iter().any(|h| h == head) {
        return None;
    }
    // Complements: "de territoire", "territoriaux de santé", up to a stop.
    let mut end = head_at + head.len();
    let mut complements = 0;
    for (at, w) in offsets {
        let bare = w.trim_end_matches([',', '.', ';', ':', ')', '»']);
        if STOPS.contains(&bare)
            || bare.is_empty()
            || !bare
                .chars()
                .all(|c| c.is_alphanumeric() || c == '\'' || c == '-')
        {
            break;
        }
        end = at + bare.len();
        complements += 1;
        if bare.len() != w.len() || complements == 5 {
            break;
        }
    }
    // A bare class noun ("des dispositifs") names no dispositif.
    (complements > 0 && !folded[end - 1..end].contains('\'')).then_some((head_at, end))
}
