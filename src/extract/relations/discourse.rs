//! Texts a sentence names only through the discourse: a bare "la loi" (the
//! law the passage last cited by name), "la même loi que les ESP" (the law
//! an earlier sentence related to the ESP).

use super::*;

/// Whether an IRI is a law (`…/id/loi/…`), not another kind of text.
pub(super) fn is_law(iri: &str) -> bool {
    iri.strip_prefix(ID).is_some_and(|r| r.starts_with("loi/"))
}

/// "La loi¹" (or "la loi1") whose footnote the document lacks: the call says
/// a specific law is meant, and nothing else names it, so it is the law the
/// passage last cited by name. A bare "la loi" without a call means the law
/// in general ("instituées par la loi") and names none.
pub(super) fn bare_law(folded: &str, last: Option<&str>) -> Option<Placed> {
    let last = last?;
    let call = |c: char| c.is_ascii_digit() || SUPERSCRIPTS.contains(c);
    let starts = folded
        .match_indices("la loi")
        .map(|(at, _)| at)
        .filter(|&at| {
            folded[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        });
    let at = starts.into_iter().find(|&at| {
        let after = &folded[at + "la loi".len()..];
        let rest = after.trim_start_matches(call);
        if rest.len() == after.len() || rest.starts_with(char::is_alphanumeric) {
            return false;
        }
        let next = words(rest).first().copied().unwrap_or_default();
        // Anything that would name the law makes it another one.
        !matches!(
            next,
            "de" | "du"
                | "des"
                | "n"
                | "no"
                | "relative"
                | "portant"
                | "sur"
                | "pour"
                | "dite"
                | "visant"
        ) && !rest.trim_start().starts_with(['«', '"', '(', '\''])
    })?;
    Some(Placed {
        entity: last.to_owned(),
        at,
        end: at + "la loi".len(),
        footnote: false,
        plural: false,
    })
}

/// "La même loi que les ESP": the law an earlier fact of the document
/// relates to the target named right after; the citation spans the phrase.
pub(super) fn same_law_as(
    folded: &str,
    targets: &[Placed],
    earlier: &[Relation],
    cues: &Cues,
) -> Option<Placed> {
    ["la meme loi que", "le meme texte que"]
        .iter()
        .find_map(|phrase| {
            let at = *find_words(folded, phrase).first()?;
            let end = at + phrase.len();
            let target = targets.iter().find(|t| {
                t.at >= end && words(folded.get(end..t.at).unwrap_or_default()).len() <= 1
            })?;
            let law = earlier.iter().rev().find(|r| {
                r.target == target.entity && !cues.text_relations.contains(&r.relation)
            })?;
            Some(Placed {
                entity: law.law.clone(),
                at,
                end: target.end,
                footnote: false,
                plural: false,
            })
        })
}

/// Where a cue's class noun sits.
pub(super) enum ClassNoun {
    /// Before the cue, with a list announced after the cue and its law
    /// ("des outils …, issus de la loi … : en particulier, les CPTS et les
    /// GHT"): the list starts at this offset.
    Listed(usize),
    /// Right after an active cue ("a introduit de nouveaux dispositifs"),
    /// nothing listed: the noun, for the next sentence.
    Object(String),
}

/// The class noun a cue acts on, if its object is one.
pub(super) fn class_noun(folded: &str, cue: &Cue, law: &Placed, cues: &Cues) -> Option<ClassNoun> {
    let from = cue.end.max(law.end);
    let announced = ["en particulier", "notamment", ":"]
        .iter()
        .filter_map(|m| {
            if *m == ":" {
                folded.get(from..)?.find(':').map(|p| from + p + 1)
            } else {
                find_words(folded, m)
                    .into_iter()
                    .find(|&at| at >= from)
                    .map(|at| at + m.len())
            }
        })
        .min();
    let before = words(folded.get(..cue.at).unwrap_or_default());
    let after = words(folded.get(cue.end..).unwrap_or_default());
    let is_class = |w: &&str| cues.class_nouns.iter().any(|n| n == w);
    if let Some(list) = announced.filter(|_| before.iter().any(is_class)) {
        return Some(ClassNoun::Listed(list));
    }
    (law.end <= cue.at)
        .then(|| after.iter().take(3).find(|w| is_class(w)))
        .flatten()
        .map(|n| ClassNoun::Object((*n).to_owned()))
}

/// The targets listed from `from` on: the first within three words, and
/// those coordinated to it.
pub(super) fn announced_list<'b>(
    folded: &str,
    targets: &'b [Placed],
    from: usize,
) -> Vec<&'b Placed> {
    coordinated_run(folded, targets.iter().filter(|t| t.at >= from), |t| {
        words(folded.get(from..t.at).unwrap_or_default()).len() <= 3
    })
}

/// The targets a sentence opens with when it says they are members of the
/// class ("Les CPTS sont l'un des dispositifs …", "… font partie de ces
/// outils"): the class noun (singular or plural) within six words after them.
pub(super) fn class_members<'b>(
    folded: &str,
    targets: &'b [Placed],
    noun: &str,
) -> Vec<&'b Placed> {
    let start = lead_len(folded);
    let Some(first) = targets.first() else {
        return Vec::new();
    };
    // "Les communautés professionnelles de santé (CPTS)": a name the
    // dictionary only knows by its acronym may come first.
    if words(folded.get(start..first.at).unwrap_or_default()).len() > 6 {
        return Vec::new();
    }
    let members = announced_list(folded, targets, first.at);
    let end = members.last().map_or(first.end, |m| m.end);
    let stem = noun.trim_end_matches('s');
    let names_class = words(folded.get(end..).unwrap_or_default())
        .iter()
        .take(6)
        .any(|w| w.trim_end_matches('s') == stem);
    if names_class {
        members
    } else {
        Vec::new()
    }
}

/// A pronoun that resumes the previous sentence ("cela", "ceci") as the
/// subject, after at most a short opener ("En réalité, cela …"): its span.
pub(super) fn resumed_at(folded: &str, start: usize, cues: &Cues) -> Option<(usize, usize)> {
    let text = folded.get(start..)?;
    let opener = match text.find(',') {
        Some(comma) if words(&text[..comma]).len() <= 3 => comma + 1,
        _ => 0,
    };
    let rest = &text[opener..];
    let skipped = rest.len() - rest.trim_start().len();
    let at = start + opener + skipped;
    cues.resumptives
        .iter()
        .find(|r| find_words(&folded[at..], r).first() == Some(&0))
        .map(|r| (at, at + r.len()))
}

/// A demonstrative class noun opening the sentence ("Ces structures …",
/// "Ce dispositif …"): the dispositif the previous sentence named first.
pub(super) fn demonstrative(folded: &str, cues: &Cues, antecedent: Option<&str>) -> Option<Placed> {
    let antecedent = antecedent?;
    let at = lead_len(folded);
    let mut w = words(&folded[at..]).into_iter();
    let (det, noun) = (w.next()?, w.next()?);
    if !matches!(det, "ces" | "cette" | "ce" | "cet") || !cues.class_nouns.iter().any(|n| n == noun)
    {
        return None;
    }
    let end = at + folded[at..].find(noun)? + noun.len();
    Some(Placed {
        entity: antecedent.to_owned(),
        at,
        end,
        footnote: false,
        plural: false,
    })
}
