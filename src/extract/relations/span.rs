//! Folded text and positions: whole-word search, mentions placed in their
//! sentence, the small syntactic tests the rules share.

use super::*;

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

/// How a footnote call is printed: legal extraction gives a text cited only
/// in a footnote the matched text `word` + the call in superscript, `loi²`.
pub(super) use crate::extract::text::SUPERSCRIPT_DIGITS as SUPERSCRIPTS;

/// Where a phrase occurs as whole words; one that ends in an elision ("n'a
/// fait qu'", "a fait de l'") runs into the word after it.
pub(super) fn find_phrase(haystack: &str, phrase: &str) -> Vec<usize> {
    if phrase.ends_with('\'') {
        let boundary = |at: usize| {
            haystack[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        haystack
            .match_indices(phrase)
            .map(|(at, _)| at)
            .filter(|&at| boundary(at))
            .collect()
    } else {
        find_words(haystack, phrase)
    }
}

/// Byte offsets of whole-word occurrences of `needle` in `haystack` (both folded).
pub(super) fn find_words(haystack: &str, needle: &str) -> Vec<usize> {
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
pub(super) fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect()
}

/// Dispositifs, actors and types of territory: what a text acts on.
pub(super) fn is_target(iri: &str) -> bool {
    ["dispositif/", "acteur/", "territoire/type/"]
        .iter()
        .any(|k| iri.strip_prefix(ID).is_some_and(|rest| rest.starts_with(k)))
}

pub(super) fn place(folded: &str, mentions: &[Mention]) -> Vec<Placed> {
    place_outside(folded, mentions, &[])
}

/// Places mentions as [`place`] does, preferring occurrences outside the
/// `occupied` spans: a dispositif named again after a text whose title holds
/// its name ("l'accord national des centres de santé …, qui prévoit la
/// rémunération des centres de santé") is the later one.
pub(super) fn place_outside(
    folded: &str,
    mentions: &[Mention],
    occupied: &[(usize, usize)],
) -> Vec<Placed> {
    let mut placed = Vec::new();
    let mut used: Vec<(usize, usize)> = occupied.to_vec();
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
        .or_else(|| {
            // Past the occupied spans, the first occurrence not yet taken.
            let taken = |at: &usize| {
                used[occupied.len()..]
                    .iter()
                    .any(|&(s, e)| *at < e && s < at + needle.len())
            };
            hits.iter().find(|at| !taken(at)).copied()
        })
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

/// Length of a leading list or citation marker: `- `, `(12) `, `3. `.
pub(super) fn lead_len(folded: &str) -> usize {
    let trimmed = folded.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '-' | '•' | '(' | ')' | '.' | ' ' | '*')
    });
    folded.len() - speaker_turn(trimmed).unwrap_or(trimmed).len()
}

/// A transcript's turn opening ("[00:03:34] M. PERRIN : Les hôpitaux …"): a
/// timestamp in brackets, then a speaker label of at most three words before
/// " : ". The rest of the sentence, when it opens so.
fn speaker_turn(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    if close == 0
        || !inner[..close]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':')
    {
        return None;
    }
    let rest = inner[close + 1..].trim_start();
    match rest.find(" : ") {
        Some(colon) if words(&rest[..colon]).len() <= 3 => Some(rest[colon + 3..].trim_start()),
        _ => Some(rest),
    }
}

/// Whether `[from, to)` holds a relative clause opener (", qui", ", dont")
/// still open at `to`: a coordination after a comma closes it ("l'accord
/// de 2019, qui finance les CPTS, et l'avenant 7, qui finance …").
pub(super) fn relative_between(folded: &str, from: usize, to: usize) -> bool {
    let gap = folded.get(from..to).unwrap_or_default();
    let Some(opened) = [", qui ", ", dont ", ", que ", " dont "]
        .iter()
        .filter_map(|r| gap.rfind(r))
        .max()
    else {
        return false;
    };
    let rest = &gap[opened + 2..];
    ![", et ", ", puis ", ", ainsi que ", ", mais "]
        .iter()
        .any(|c| rest.contains(c))
}

/// The original-case text of the folded span `[from, to)`: `fold` is one
/// char for one char, so char indices agree.
pub(super) fn original_span(original: &str, folded: &str, from: usize, to: usize) -> String {
    let (Some(a), Some(b)) = (
        folded.get(..from).map(|s| s.chars().count()),
        folded.get(..to).map(|s| s.chars().count()),
    ) else {
        return String::new();
    };
    original.chars().skip(a).take(b.saturating_sub(a)).collect()
}

/// Whether `gap` only links two coordinated names ("les CPTS et les MSP",
/// "les ARS, chargées de …, ainsi que les CLS").
pub(super) fn coordinated(gap: &str) -> bool {
    if joins_clauses(gap) {
        return false;
    }
    let gap = match (gap.find(','), gap.rfind(',')) {
        (Some(a), Some(b)) if a < b => &gap[b..],
        _ => gap,
    };
    // "la participation des CPTS au service d'accès aux soins": a bare
    // "au" is a complement, not a coordination ("aux MSP, aux CDS" is).
    if !gap.contains(',') && matches!(words(gap).as_slice(), ["au" | "aux"]) {
        return false;
    }
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

/// "les soins de premier recours ; les CPTS sont …", "Des réseaux aux DAC :
/// les DAC …", "… des CPTS, et le projet territorial …": a semicolon, a
/// colon or a comma before "et" joins clauses, not the names in them.
pub(super) fn joins_clauses(gap: &str) -> bool {
    gap.contains([';', ':'])
        || gap
            .split(',')
            .skip(1)
            .any(|after| words(after).first() == Some(&"et"))
}

/// Whether a citation is a parenthesis that closes the sentence, the source
/// of what it says: "(" just before it, only closing marks after it.
pub(super) fn closing_citation(folded: &str, law: &Placed) -> bool {
    let before = folded.get(..law.at).unwrap_or_default();
    let opened = before
        .rfind('(')
        .is_some_and(|p| words(&before[p..]).len() <= 1 && !before[p..].contains(')'));
    let after = folded.get(law.end..).unwrap_or_default();
    opened
        && after.contains(')')
        && after.chars().all(|c| {
            c.is_whitespace()
                || matches!(c, ')' | '»' | '"' | '.' | ';')
                || SUPERSCRIPTS.contains(c)
        })
}

/// A run of coordinated targets ("les CPTS, les MSP et les ESP") read from
/// `candidates` in their order (forward, or backward from the nearest): the
/// first when `first` accepts it, then each one linked to the previous
/// (overlapping it, the same entity, or joined by "et", "ou", a comma…).
pub(super) fn coordinated_run<'b>(
    folded: &str,
    candidates: impl IntoIterator<Item = &'b Placed>,
    first: impl Fn(&Placed) -> bool,
) -> Vec<&'b Placed> {
    let mut run: Vec<&Placed> = Vec::new();
    for t in candidates {
        let linked = match run.last() {
            None => first(t),
            Some(last) => {
                let (a, b) = if t.at >= last.at {
                    (*last, t)
                } else {
                    (t, *last)
                };
                let gap = folded.get(a.end..b.at).unwrap_or_default();
                b.at < a.end || (t.entity == last.entity && !joins_clauses(gap)) || coordinated(gap)
            }
        };
        if !linked {
            break;
        }
        run.push(t);
    }
    run
}

/// The offset right after the `n`th word from `from` (or the end of the text).
pub(super) fn after_words(folded: &str, from: usize, n: usize) -> usize {
    let rest = folded.get(from..).unwrap_or_default();
    words(rest)
        .get(n.saturating_sub(1))
        .map_or(folded.len(), |w| {
            from + (w.as_ptr() as usize - rest.as_ptr() as usize) + w.len()
        })
}

/// Whether a target is a word of a cited text's title ("l'ordonnance …
/// relative aux CPTS"): what the text is about, not what a clause names.
pub(super) fn in_title(laws: &[Placed], t: &Placed) -> bool {
    laws.iter().any(|l| l.at <= t.at && t.end <= l.end)
}
