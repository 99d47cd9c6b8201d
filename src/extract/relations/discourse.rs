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
