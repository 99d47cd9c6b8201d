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

/// "Le décret précise …", "l'ordonnance fixe …" (`mlg:bareTextNoun`): a
/// text named by its kind alone is the text of that kind the passage cited
/// last (a notice's title, a communiqué's heading), when nothing after the
/// noun names another ("le décret du 18 mars 2021", "l'ordonnance n° …").
pub(super) fn bare_texts(folded: &str, cited: &[String], cues: &Cues) -> Vec<Placed> {
    let mut out: Vec<Placed> = Vec::new();
    for (phrase, kind) in &cues.bare_text_nouns {
        let Some(entity) = cited.iter().rev().find(|c| {
            c.strip_prefix(ID)
                .is_some_and(|r| r.starts_with(&format!("{kind}/")) && !r.contains("/article/"))
        }) else {
            continue;
        };
        for at in find_words(folded, phrase) {
            let end = at + phrase.len();
            let rest = folded[end..].trim_start();
            let next = words(rest).first().copied().unwrap_or_default();
            let named = matches!(
                next,
                "de" | "du"
                    | "des"
                    | "n"
                    | "no"
                    | "relatif"
                    | "relative"
                    | "portant"
                    | "pris"
                    | "prise"
                    | "dite"
                    | "d'application"
            ) || next.starts_with("d'")
                || rest.starts_with(['«', '"', '(']);
            if !named && !out.iter().any(|p| p.at < end && at < p.end) {
                out.push(Placed {
                    entity: entity.clone(),
                    at,
                    end,
                    footnote: false,
                    plural: false,
                });
            }
        }
    }
    out.sort_by_key(|p| (p.at, p.end));
    out
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
    // … or an active cue's object ("crée ensuite deux nouvelles formes
    // d'exercice coordonné … : les ESP et les CPTS").
    if let Some(list) = announced.filter(|_| before.iter().any(is_class)) {
        return Some(ClassNoun::Listed(list));
    }
    let colon = folded.get(from..)?.find(':').map(|p| from + p + 1);
    if let Some(list) = colon.filter(|_| law.end <= cue.at && after.iter().take(4).any(is_class)) {
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

/// Where the subject of a sentence that opens with a participial phrase
/// stands ("Définis à l'article …, ils dispensent …", "Introduits par la loi
/// …, ces projets …"): right after the comma that closes the phrase.
pub(super) fn fronted_subject(r: &super::sentence::Reading) -> Option<usize> {
    let folded = r.folded.as_str();
    let first = r.found.iter().min_by_key(|c| c.at)?;
    if r.words_before(first.at) > 0 {
        return None;
    }
    let comma = first.end + folded.get(first.end..)?.find(',')?;
    let rest = folded.get(comma + 1..)?;
    Some(comma + 1 + (rest.len() - rest.trim_start().len()))
}

/// A demonstrative opening the sentence, or the subject after a fronted
/// participial phrase ("Ces structures …", "…, ces projets devaient …"),
/// whose noun is a class noun or the head noun of the previous sentence's
/// first dispositif ("des projets territoriaux de santé mentale … Ces
/// projets"): that dispositif.
pub(super) fn demonstrative(
    r: &super::sentence::Reading,
    cues: &Cues,
    antecedent: Option<(&str, &str)>,
) -> Option<Placed> {
    demonstrative_for(r, cues, antecedent?, true)
}

/// A demonstrative whose noun is the head noun of `antecedent` (as named,
/// or in its label), not a class noun: "Ces communautés" for a CPTS named
/// sentences before.
pub(super) fn demonstrative_by_head(
    r: &super::sentence::Reading,
    cues: &Cues,
    antecedent: (&str, &str),
) -> Option<Placed> {
    demonstrative_for(r, cues, antecedent, false)
}

fn demonstrative_for(
    r: &super::sentence::Reading,
    cues: &Cues,
    (antecedent, head): (&str, &str),
    class_nouns: bool,
) -> Option<Placed> {
    let folded = r.folded.as_str();
    let stem = |w: &str| w.trim_end_matches(['s', 'x']).to_owned();
    let start = r.start();
    // … or the object right after a cue ("la loi … a profondément remanié
    // ce dispositif").
    let objects = r.found.iter().map(|c| {
        let rest = folded.get(c.end..).unwrap_or_default();
        c.end + (rest.len() - rest.trim_start().len())
    });
    let object_at = |at: usize| {
        r.found
            .iter()
            .any(|c| c.end <= at && folded[c.end..at].trim().is_empty())
    };
    [Some(start), fronted_subject(r)]
        .into_iter()
        .flatten()
        .chain(objects)
        .find_map(|at| {
            let mut w = words(&folded[at..]).into_iter();
            let (det, noun) = (w.next()?, w.next()?);
            // "C'est un statut créé par …": the presentative names it too.
            let (det, noun) = match (det, noun) {
                ("c'est", "un" | "une") => ("ce", w.next()?),
                pair => pair,
            };
            // The head noun as named before, or as the label names it ("La
            // CPTS du Sancerrois … Ces communautés").
            let label_head = cues.label_heads.get(antecedent).map(String::as_str);
            let known = (class_nouns && cues.class_nouns.iter().any(|n| n == noun))
                || [Some(head), label_head]
                    .into_iter()
                    .flatten()
                    .any(|h| !h.is_empty() && stem(noun) == stem(h));
            if !matches!(det, "ces" | "cette" | "ce" | "cet") || !known {
                return None;
            }
            // An object "ces dispositifs" stands for a list the previous
            // sentence gave, not for its first dispositif alone.
            if object_at(at) && at != start && det == "ces" {
                return None;
            }
            if at != start && !object_at(at) && r.targets.iter().any(|t| t.at < at) {
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
        })
}

/// A pronoun or possessive opening the sentence for a dispositif ("Elles
/// sont définies à l'article …", "Leurs missions sont précisées par le
/// décret …", "Son contenu a été précisé par …"), or a subject pronoun right
/// after a fronted participial phrase ("Définis à l'article …, ils …"): the
/// dispositif the previous sentence named first, when this sentence names
/// none before. A subject pronoun stands for a text instead when the previous
/// sentence opened with one ("La loi … a poursuivi ce mouvement. Elle a
/// créé …"): `law_led` leaves it to the text anaphor.
pub(super) fn pronoun_target(
    r: &super::sentence::Reading,
    cues: &Cues,
    antecedent: Option<&str>,
    law_led: bool,
) -> Option<Placed> {
    let antecedent = antecedent?;
    let folded = r.folded.as_str();
    let first_cue = r.found.iter().map(|c| c.at).min()?;
    let placed = |at: usize, first: &str| Placed {
        entity: antecedent.to_owned(),
        at,
        end: at + first.len(),
        footnote: false,
        plural: false,
    };
    let at = r.start();
    if let Some(first) = words(&folded[at..]).first().copied() {
        let subject = cues.subject_pronouns.iter().any(|p| p == first) && !law_led;
        let possessive = cues.possessives.iter().any(|p| p == first);
        let named_before = r.targets.iter().any(|t| t.at < first_cue);
        if (subject || possessive) && !named_before && folded[at..].starts_with(first) {
            return Some(placed(at, first));
        }
    }
    let at = fronted_subject(r)?;
    let first = *words(&folded[at..]).first()?;
    let subject = cues.subject_pronouns.iter().any(|p| p == first) && !law_led;
    let named_before = r.targets.iter().any(|t| t.at < at);
    (subject && !named_before && folded[at..].starts_with(first)).then(|| placed(at, first))
}

/// "ces derniers", "cette dernière" (`mlg:latterDemonstrative`) when no
/// dispositif comes before it in the sentence: the one the previous sentence
/// named last.
pub(super) fn latter_target(
    r: &super::sentence::Reading,
    cues: &Cues,
    latter: Option<&str>,
) -> Option<Placed> {
    let latter = latter?;
    let folded = r.folded.as_str();
    cues.latter.iter().find_map(|phrase| {
        let at = *find_words(folded, phrase).first()?;
        if r.targets.iter().any(|t| t.at < at + phrase.len()) {
            return None;
        }
        Some(Placed {
            entity: latter.to_owned(),
            at,
            end: at + phrase.len(),
            footnote: false,
            plural: false,
        })
    })
}

/// A text named by the discourse rather than by its name: "la même loi"
/// (without "que": the law last cited by name), "la nouvelle loi" (the most
/// recent law cited so far), "la loi de 2019", "le texte de 2023" (the one
/// text of that year cited so far, or else the one the whole document cites:
/// an e-mail thread quotes the earlier messages after the reply). `cited`
/// lists the texts cited so far, in order; `document`, all of them.
pub(super) fn discourse_laws(
    folded: &str,
    (cited, document): (&[String], &[String]),
    cues: &Cues,
) -> Vec<Placed> {
    let mut out = Vec::new();
    let placed = |entity: &str, at: usize, end: usize| Placed {
        entity: entity.to_owned(),
        at,
        end,
        footnote: false,
        plural: false,
    };
    let year_of = |iri: &str| -> Option<u32> {
        let last = iri.rsplit('/').next()?;
        last.get(..4)?.parse().ok()
    };
    for phrase in &cues.same_text {
        for at in find_words(folded, phrase) {
            let end = at + phrase.len();
            let next = words(&folded[end..]).first().copied();
            if next == Some("que") || next == Some("qu'") {
                continue;
            }
            // "le même article": the article last cited, a code's or a law's.
            let article = phrase.ends_with("article");
            // "la même loi de 2016": the last one of that year.
            let year = match words(&folded[end..]).as_slice() {
                ["de", y, ..] if y.len() == 4 => y.parse::<u32>().ok(),
                _ => None,
            };
            let same = |l: &&String| {
                (is_law(l) || (article && l.contains("/article/")))
                    && year.is_none_or(|y| year_of(l) == Some(y))
            };
            if let Some(law) = cited.iter().rev().find(same) {
                out.push(placed(law, at, end));
            }
        }
    }
    // "… prévue par cet accord", "… que ce décret a précisées": a
    // demonstrative text inside the sentence (one opening it is the passage's
    // topic) is the last text of its kind cited so far.
    for phrase in cues
        .anaphors
        .iter()
        .filter(|a| a.starts_with("ce ") || a.starts_with("cet ") || a.starts_with("cette "))
    {
        let Some(kind) = phrase.rsplit(' ').next() else {
            continue;
        };
        for at in find_words(folded, phrase) {
            if words(&folded[..at]).len() < 2 {
                continue;
            }
            let of_kind = |l: &&String| {
                !l.contains("/article/")
                    && l.strip_prefix(ID)
                        .is_some_and(|rest| kind == "texte" || rest.starts_with(kind))
            };
            if let Some(text) = cited.iter().rev().find(of_kind) {
                out.push(placed(text, at, at + phrase.len()));
            }
        }
    }
    for phrase in &cues.newest_text {
        if let Some(&at) = find_words(folded, phrase).first() {
            let newest = cited
                .iter()
                .filter(|l| is_law(l))
                .max_by_key(|l| (year_of(l), l.as_str()));
            if let Some(law) = newest {
                out.push(placed(law, at, at + phrase.len()));
            }
        }
    }
    for phrase in &cues.text_of_year {
        for at in find_words(folded, phrase) {
            let end = at + phrase.len();
            let rest = folded[end..].trim_start();
            let Some(year) = rest
                .strip_prefix("de ")
                .and_then(|r| r.get(..4))
                .filter(|y| y.chars().all(|c| c.is_ascii_digit()))
            else {
                continue;
            };
            let after = &rest[3 + 4..];
            if after.starts_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            let year: u32 = year.parse().unwrap_or_default();
            // "la loi", "l'ordonnance", "le décret", "l'accord": a text of
            // that kind ("le texte": any).
            let noun = phrase.rsplit([' ', '\'']).next().unwrap_or_default();
            let kind_ok = |l: &&String| {
                noun == "texte"
                    || l.strip_prefix(ID)
                        .is_some_and(|rest| rest.starts_with(noun) && !rest.contains("/article/"))
            };
            let of_year_in = |list: &'_ [String]| {
                let mut found: Vec<String> = list
                    .iter()
                    .filter(|l| year_of(l) == Some(year))
                    .filter(kind_ok)
                    .cloned()
                    .collect();
                found.sort();
                found.dedup();
                found
            };
            let mut of_year = of_year_in(cited);
            if of_year.is_empty() {
                of_year = of_year_in(document);
            }
            // "les DAC, créés par la loi de 2019", in a post that cites no
            // law of 2019: the reference data's one law of that year.
            if of_year.is_empty() {
                of_year = of_year_in(&cues.known_texts);
            }
            if let [one] = of_year.as_slice() {
                let end = folded.len() - after.len();
                out.push(placed(one, at, end));
            }
        }
    }
    out
}
