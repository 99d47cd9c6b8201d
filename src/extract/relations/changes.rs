//! Changes dated by a marker rather than stated by a verb: "depuis la loi
//! Lamy, le CLS constitue le volet santé des contrats de ville" (the law
//! changed the CLS), "et, depuis la crise, la participation à …³⁰" (the
//! footnoted text added it).

use super::*;

/// The relation a change marker of the sentence implies, if it has one.
pub(super) fn change_marked<'c>(folded: &str, cues: &'c Cues) -> Option<&'c str> {
    cues.changes
        .iter()
        .find(|(marker, _)| !find_words(folded, marker).is_empty())
        .map(|(_, relation)| relation.as_str())
}

/// Whether no cue of the sentence made any of its texts act.
pub(super) fn cueless_for(laws: &[Placed], acted: &BTreeSet<String>) -> bool {
    !laws.is_empty() && laws.iter().all(|l| !acted.contains(&l.entity))
}

/// "Depuis <text>, <target> …": the text cited right after a change marker
/// changed the subject of the clause its citation opens, the first target
/// after the comma that closes the citation (an apposition, "dite loi
/// « Lamy »", may sit in between).
///
/// A clitic object after the modal ("Depuis la loi du 19 mai 2023, les
/// patients peuvent les consulter …") stands for `previous`, the dispositif
/// the sentence before opened on.
pub(super) fn dated_change<'c>(
    folded: &str,
    laws: &[Placed],
    targets: &[Placed],
    previous: Option<&str>,
    (cues, clauses): (&'c Cues, &[usize]),
) -> Vec<(String, &'c str, String)> {
    let mut out = Vec::new();
    for (marker, relation) in &cues.changes {
        for at in find_words(folded, marker) {
            let end = at + marker.len();
            let Some(law) = laws.iter().find(|l| l.at >= end && !l.footnote) else {
                continue;
            };
            if words(folded.get(end..law.at).unwrap_or_default()).len() > 2 {
                continue;
            }
            // The last citation of the same text in a row ("…, dite loi Lamy").
            let last = laws
                .iter()
                .filter(|l| l.entity == law.entity && l.at >= law.at)
                .map(|l| l.end)
                .max()
                .unwrap_or(law.end);
            // "la PDSA est, depuis la loi HPST, une mission de service
            // public": the marker and its text set off after a copula, an
            // attribute after them: the subject's state dates from the text.
            if let Some(target) = copula_subject(folded, targets, at, cues) {
                let rest = folded.get(last..).unwrap_or_default().trim_start();
                let attribute = rest.starts_with(',')
                    && words(rest)
                        .first()
                        .is_some_and(|w| attribute_opener(w, cues));
                let reach = Cue {
                    at: target.at,
                    end: last,
                    relations: Vec::new(),
                };
                if attribute && !is_blocked(folded, &reach, cues, clauses) {
                    out.push((law.entity.clone(), relation.as_str(), target.entity.clone()));
                }
                continue;
            }
            let rest = folded.get(last..).unwrap_or_default();
            let clitic = previous
                .filter(|_| rest.trim_start().starts_with(','))
                .and_then(|p| {
                    let opened = last + rest.find(',').unwrap_or(0) + 1;
                    let modal_end = clitic_after_modal(folded, opened, cues)?;
                    // No target of its own before the clitic ("… dans le cadre
                    // de la maison de santé" after it is no subject).
                    (!targets.iter().any(|t| t.at >= last && t.at < modal_end))
                        .then_some((p, modal_end))
                });
            if let Some((previous, modal_end)) = clitic {
                {
                    let reach = Cue {
                        at,
                        end: modal_end,
                        relations: Vec::new(),
                    };
                    if !is_blocked(folded, &reach, cues, clauses) {
                        out.push((law.entity.clone(), relation.as_str(), previous.to_owned()));
                    }
                }
                continue;
            }
            let Some(mut target) = targets.iter().find(|t| t.at >= last) else {
                continue;
            };
            let gap = folded.get(last..target.at).unwrap_or_default();
            let Some(comma) = gap.rfind(',') else {
                continue;
            };
            // "Depuis la loi du 19 mai 2023, les patients peuvent consulter
            // notre IPA en accès direct": a clause whose subject is no target
            // but which says what can now be done with one; the text changed
            // that target.
            let opened = last + comma + 1;
            let object = words(&gap[comma..]).len() > 2;
            let mut modal_end = None;
            if object {
                match enabled_object(folded, targets, opened, cues) {
                    Some((found, end)) => {
                        target = found;
                        modal_end = Some(end);
                    }
                    None => continue,
                }
            }
            // The clause the target opens, to its verb, or up to the object:
            // a negation there denies the change ("sans prescription" later
            // in it does not).
            let clause_end = if object {
                modal_end.map_or(target.at, |m| m.min(target.at))
            } else {
                clauses
                    .iter()
                    .copied()
                    .find(|&c| c > target.end)
                    .unwrap_or(folded.len())
                    .min(after_words(folded, target.end, 3))
            };
            let reach = Cue {
                at,
                end: clause_end,
                relations: Vec::new(),
            };
            // A state the text set up ("le CLS constitue …"), not an event
            // since then ("les CPTS se sont multipliées", "… ont émergé").
            let verb = words(folded.get(target.end..).unwrap_or_default());
            let event = verb.first().is_some_and(|w| {
                matches!(*w, "a" | "ont" | "avait" | "avaient" | "se" | "s'") || w.starts_with("s'")
            });
            if words(folded.get(last..opened).unwrap_or_default()).len() <= 8
                && !event
                && !is_blocked(folded, &reach, cues, clauses)
            {
                out.push((law.entity.clone(), relation.as_str(), target.entity.clone()));
            }
        }
    }
    out
}

/// Where the first modal of possibility ("peut", "peuvent") or deeming
/// within the first eight words of the clause opened at `opened` ends.
fn modal_end(folded: &str, opened: usize, cues: &Cues) -> Option<usize> {
    let rest = folded.get(opened..)?;
    let modal = words(rest)
        .into_iter()
        .take(8)
        .find(|w| cues.enabling_modals.iter().any(|m| m == w))?;
    Some(opened + (modal.as_ptr() as usize - rest.as_ptr() as usize) + modal.len())
}

/// Where the modal ends when it is followed by a clitic object and an
/// infinitive ("les patients peuvent les consulter").
fn clitic_after_modal(folded: &str, opened: usize, cues: &Cues) -> Option<usize> {
    let modal_end = modal_end(folded, opened, cues)?;
    let after = words(folded.get(modal_end..).unwrap_or_default());
    let clitic = after
        .first()
        .is_some_and(|w| matches!(*w, "les" | "la" | "le" | "l'"))
        && after
            .get(1)
            .is_some_and(|v| v.ends_with("er") || v.ends_with("ir") || v.ends_with("re"));
    clitic.then_some(modal_end)
}

/// After "depuis <text>,": a modal of possibility ("peut", "peuvent") or a
/// deeming ("est réputé membre de la CPTS") within the clause's first eight
/// words, and the first target of the clause, in its subject ("les kinés et
/// les IPA peuvent voir …") or after the modal ("les patients peuvent
/// consulter notre IPA"): what can now be done. Also where the modal ends: a
/// negation counts up to it only ("peuvent consulter sans prescription un
/// IPA" is no negated change).
fn enabled_object<'b>(
    folded: &str,
    targets: &'b [Placed],
    opened: usize,
    cues: &Cues,
) -> Option<(&'b Placed, usize)> {
    let rest = folded.get(opened..)?;
    let modal_end = modal_end(folded, opened, cues)?;
    // "… peuvent les consulter": the object is a clitic for a dispositif
    // named before (see `dated_change`), not a target of this clause.
    if clitic_after_modal(folded, opened, cues).is_some() {
        return None;
    }
    let clause_end = rest
        .find([';', ':', '.'])
        .map_or(folded.len(), |e| opened + e);
    targets
        .iter()
        .find(|t| t.at >= opened && t.end <= clause_end)
        .map(|t| (t, modal_end))
}

/// The dispositif right before a copula that a comma closes before `at`
/// ("la permanence des soins ambulatoires est, depuis …").
fn copula_subject<'b>(
    folded: &str,
    targets: &'b [Placed],
    at: usize,
    cues: &Cues,
) -> Option<&'b Placed> {
    let head = folded.get(..at)?.trim_end().strip_suffix(',')?.trim_end();
    let copula = cues.copulas.iter().find(|c| head.ends_with(c.as_str()))?;
    let copula_at = head.len() - copula.len();
    if !head[..copula_at].ends_with(' ') {
        return None;
    }
    targets
        .iter()
        .rfind(|t| t.end <= copula_at)
        .filter(|t| words(folded.get(t.end..copula_at).unwrap_or_default()).is_empty())
}

/// Whether a word opens an attribute (a determiner: "une mission …").
fn attribute_opener(word: &str, cues: &Cues) -> bool {
    cues.status_attributes
        .iter()
        .any(|d| d == word || (d.ends_with('\'') && word.starts_with(d.as_str())))
}

/// "<text>, …, permet désormais aux patients de consulter un IPA": a text
/// that opens the sentence and whose verb a change marker follows changed
/// the first dispositif of its clause after the marker.
pub(super) fn subject_change<'c>(
    r: &super::sentence::Reading,
    (cues, clauses): (&'c Cues, &[usize]),
) -> Vec<(String, &'c str, String)> {
    let folded = r.folded.as_str();
    let mut out = Vec::new();
    for (marker, relation) in &cues.changes {
        for at in find_words(folded, marker) {
            let end = at + marker.len();
            // The text ends at most two words before the marker (its verb),
            // and no dispositif comes before it: it is the subject.
            let Some(law) = r.laws.iter().rev().find(|l| l.end <= at && !l.footnote) else {
                continue;
            };
            let gap = words(folded.get(law.end..at).unwrap_or_default());
            let subject = !r.targets.iter().any(|t| t.end <= law.at);
            if gap.is_empty() || gap.len() > 2 || !subject {
                continue;
            }
            let clause_end = clauses
                .iter()
                .copied()
                .find(|&c| c > end)
                .unwrap_or(folded.len());
            let Some(target) = r
                .targets
                .iter()
                .find(|t| t.at >= end && t.end <= clause_end)
                .filter(|t| words(folded.get(end..t.at).unwrap_or_default()).len() <= 10)
            else {
                continue;
            };
            let reach = Cue {
                at: law.at,
                end: target.end,
                relations: Vec::new(),
            };
            if !is_blocked(folded, &reach, cues, clauses) {
                out.push((law.entity.clone(), relation.as_str(), target.entity.clone()));
            }
        }
    }
    out
}

/// "Les CPTS doivent, depuis l'ordonnance du 12 mai 2021, être constituées
/// sous la forme d'une association": a legal form, a word of obligation and
/// "depuis <texte>" in one sentence; the text regulates the dispositif named
/// last before the form (outside a title). None when the sentence names no
/// such dispositif.
pub(super) fn legal_form_since<'c>(
    folded: &str,
    (laws, targets): (&[Placed], &[Placed]),
    cues: &'c Cues,
) -> Vec<(String, &'c str, String)> {
    let Some((_, relation)) = cues
        .obligations
        .iter()
        .find(|(w, _)| !find_words(folded, w).is_empty())
    else {
        return Vec::new();
    };
    let Some(form) = cues
        .legal_forms
        .iter()
        .filter_map(|f| find_words(folded, f).first().copied())
        .min()
    else {
        return Vec::new();
    };
    let since = find_words(folded, "depuis").into_iter().find_map(|at| {
        laws.iter().find(|l| {
            l.at > at
                && !l.footnote
                && words(folded.get(at + 6..l.at).unwrap_or_default()).len() <= 2
        })
    });
    let Some(law) = since else {
        return Vec::new();
    };
    // "… depuis la loi Valletoux, l'adhésion est devenue obligatoire, non ?"
    if question_follows(folded, law.end) {
        return Vec::new();
    }
    targets
        .iter()
        .rfind(|t| t.end <= form && !in_title(laws, t) && t.entity.contains("/dispositif/"))
        .map(|t| vec![(law.entity.clone(), relation.as_str(), t.entity.clone())])
        .unwrap_or_default()
}
