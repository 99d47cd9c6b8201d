//! Which dispositifs or actors a cue governs (its patients).

use super::*;

/// Adds the dispositifs named by their head noun next to a citation of the
/// article that is their source ("les expérimentations issues de l'article
/// 51 de la LFSS pour 2018", "l'article 51 … a créé le cadre des
/// expérimentations"), or of its law when the sentence names the article's
/// number apart: the nearest occurrence, within ten words.
pub(super) fn named_by_article(
    folded: &str,
    here: &[&Mention],
    cues: &Cues,
    targets: &mut Vec<Placed>,
) {
    for (article, dispositif) in &cues.by_article {
        let Some(head) = cues.label_heads.get(dispositif) else {
            continue;
        };
        if targets.iter().any(|t| &t.entity == dispositif) {
            continue;
        }
        let mut cited: Vec<Mention> = here
            .iter()
            .filter(|m| &m.entity == article)
            .map(|m| (*m).clone())
            .collect();
        // "projet « article 51 » (expérimentations prévues par la loi de
        // financement de la sécurité sociale pour 2018)": the article named
        // apart from its law, the law cited by name.
        if cited.is_empty() {
            if let Some((law, number)) = article.split_once("/article/") {
                if !find_words(folded, &format!("article {}", fold(number))).is_empty() {
                    cited = here
                        .iter()
                        .filter(|m| m.entity == law)
                        .map(|m| (*m).clone())
                        .collect();
                }
            }
        }
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
            // "les expérimentations Peps et Ipep": a head noun apposed to
            // named dispositifs is their class, not the article's own.
            .filter(|&(_, end)| {
                !targets.iter().any(|t| {
                    t.at >= end && words(folded.get(end..t.at).unwrap_or_default()).is_empty()
                })
            })
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

/// A participial phrase opening the sentence ("Créées par la loi HPST, les
/// ARS pilotent …"): its targets are the subject after the comma that closes it.
pub(super) fn fronted_participle<'b>(
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
    coordinated_run(folded, targets.iter().filter(|t| t.at > comma), |t| {
        words(folded.get(comma..t.at).unwrap_or_default()).len() <= 2
    })
}

/// The subject of a verb separated from it by an incise ("Les CPTS, créées
/// par la loi de 2016, sont financées par …"): the nearest target before the
/// cue when everything between them outside the commas is free of cues and
/// citations.
pub(super) fn subject_over_incise<'b>(
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

/// The targets a cue governs: in the active voice those after it, up to the
/// next cue, citation or relative clause; otherwise the nearest before it,
/// with those coordinated to it ("les CPTS et les MSP, créées par …"), back
/// to the previous cue or citation.
pub(super) fn targets_for_cue<'b>(
    folded: &str,
    (targets, laws): (&'b [Placed], &[Placed]),
    spans: &[Cue],
    cue: &Cue,
    law: &Placed,
    cues: &Cues,
) -> Vec<&'b Placed> {
    let (at, end, law_at) = (cue.at, cue.end, law.at);
    // "des expérimentations dans le cadre de l'article 51": a cue whose
    // first words name the dispositif acts on it.
    let headed: Vec<&Placed> = targets
        .iter()
        .filter(|t| t.at == at && t.end < end)
        .collect();
    if !headed.is_empty() {
        return headed;
    }
    // "Les hôpitaux de proximité, dont la loi … a redéfini les missions":
    // the cue of a "dont" clause acts on what "dont" stands for.
    if let Some(owner) = relative_owner(folded, targets, (spans, cues), cue, law) {
        return owner;
    }
    // "les ESP, forme d'exercice coordonné définie par …": a dispositif
    // that completes a classifying noun is not what the cue acts on.
    let complement = |t: &Placed| {
        let before = words(folded.get(..t.at).unwrap_or_default());
        let n = before.len();
        n >= 2
            && matches!(before[n - 1], "de" | "d'" | "du" | "des")
            && cues.generic_heads.iter().any(|h| h == before[n - 2])
    };
    // "… et fixé à juillet 2022 l'échéance d'unification des PTA, des MAIA
    // …": what a succession word after the cue takes over is not its object.
    let absorbed = |t: &Placed| {
        let before = folded.get(..t.at).unwrap_or_default();
        cues.succession
            .iter()
            .any(|s| find_words(before, s).into_iter().any(|p| p >= end))
    };
    let relative = [
        ", qui ",
        ", dont ",
        " dont ",
        " qui ",
        ", que ",
        ", auxquel",
        ", auquel",
        ", lequel",
        ", laquelle",
        ", lesquel",
    ]
    .iter()
    .filter_map(|r| folded.get(end..).and_then(|t| t.find(r)).map(|p| end + p));
    // "a créé les ESP, aujourd'hui définies à l'article …, les CPTS et les
    // PTA": what an apposition between two objects cites or states does not
    // end the list.
    let apposed = list_appositions(folded, targets, end);
    let outside = |p: usize| !apposed.iter().any(|&(a, b)| a < p && p < b);
    let next_stop = laws
        .iter()
        .map(|l| l.at)
        .filter(|&l| l >= end && l != law_at)
        .chain(stating(spans).map(|c| c.at).filter(|&c| c >= end))
        .chain(relative)
        .filter(|&p| outside(p))
        .min()
        .unwrap_or(usize::MAX);
    // A nominal cue ("la mise en place de", "le financement des") governs
    // what follows it only.
    let lead = words(folded.get(lead_len(folded)..at).unwrap_or_default());
    let nominal = words(folded.get(..at).unwrap_or_default())
        .last()
        .is_some_and(|w| {
            matches!(
                *w,
                "la" | "le" | "l'" | "une" | "un" | "leur" | "sa" | "son"
            )
        })
        // "Les rémunérations d'équipe prévues par l'ACI … pour les MSP": a
        // plural determiner opening the sentence makes a noun of the cue
        // (a clitic "les" there would need a subject before it).
        || matches!(lead.as_slice(), ["les" | "des"]);
    if law_at < at || nominal {
        // "le SAS, auquel la loi … a donné une base légale, s'appuie sur …
        // les CPTS": the relative's antecedent, when what follows the cue
        // lies past the comma that closes the relative.
        if law_at < at && !nominal {
            if let Some(object) = relative_object(folded, targets, law, cue, cues) {
                let closed = targets
                    .iter()
                    .find(|t| t.at >= end && t.at < next_stop)
                    .is_none_or(|t| folded.get(end..t.at).unwrap_or_default().contains(','));
                if closed {
                    return object;
                }
            }
        }
        // The object follows its verb closely ("a créé en 2011 la SISA"),
        // is announced by a colon or "notamment" ("fait apparaître un acteur :
        // la CPTS"), or is where the text puts what it adds ("impose un volet
        // consacré à la santé mentale dans chaque CLS").
        let close = |t: &Placed| {
            // The agent's citation counts as one word when "pour" names the
            // beneficiary after it ("prévues par l'accord conventionnel
            // interprofessionnel du 20 avril 2017 pour les MSP").
            let beneficiary = |from: usize| {
                // After the citation's date, if it is not part of the name.
                let w = words(folded.get(from..t.at).unwrap_or_default());
                let date = |w: &&str| date_word(w) || matches!(*w, "de" | "le");
                w.iter().find(|w| !date(w)) == Some(&"pour")
            };
            let from = if law.at >= end && law.end <= t.at && beneficiary(law.end) {
                law.end
            } else {
                end
            };
            let gap = folded.get(from..t.at).unwrap_or_default();
            let after_colon = gap.rsplit(':').next().unwrap_or(gap);
            let after_colon = after_colon
                .rsplit(" notamment")
                .next()
                .unwrap_or(after_colon);
            let gap_words = words(gap);
            let placed_in =
                gap_words.len() <= 14 && gap_words.iter().rev().take(2).any(|w| *w == "dans");
            // "rémunère des missions : accès à un médecin traitant, …": past
            // a colon, only what opens the list is the object.
            let colon = gap.contains(':');
            (gap_words.len() <= 8 && !colon) || words(after_colon).len() <= 2 || placed_in
        };
        let forward = coordinated_run(
            folded,
            targets
                .iter()
                .filter(|t| t.at >= end && t.at < next_stop && !complement(t) && !absorbed(t)),
            close,
        );
        if !forward.is_empty() {
            return forward;
        }
        // "l'accord du 20 avril 2017, qui finance leur travail en équipe": a
        // possessive object stands for the dispositif named before the text.
        let possessive_object = words(folded.get(end..).unwrap_or_default())
            .first()
            .is_some_and(|w| cues.possessives.iter().any(|p| p == w));
        if !nominal && law.end <= at && possessive_object {
            let owner = targets.iter().rev().find(|t| {
                t.end <= law.at && !in_title(laws, t) && t.entity.contains("/dispositif/")
            });
            if let Some(owner) = owner {
                return vec![owner];
            }
        }
        if nominal {
            // "Leur financement est assuré par …": the possessive's
            // dispositif; "le financement conventionnel des CPTS prévu par
            // l'ACI" (a relay widened the cue): what it names inside.
            let inside: Vec<&Placed> = targets
                .iter()
                .filter(|t| t.at >= at && t.end <= end)
                .collect();
            if !inside.is_empty() {
                return inside;
            }
            let possessed: Vec<&Placed> = targets
                .iter()
                .filter(|t| {
                    t.end <= at && words(folded.get(t.end..at).unwrap_or_default()).is_empty()
                })
                .collect();
            // "…, qui prévoit à leur profit une rémunération forfaitaire":
            // a possessive just before the cue stands for the clause's
            // subject, the dispositif named last before the text.
            let possessive = words(folded.get(..at).unwrap_or_default())
                .iter()
                .rev()
                .take(3)
                .any(|w| cues.possessives.iter().any(|p| p == w));
            if possessed.is_empty() && possessive {
                let limit = if law.end <= at { law.at } else { at };
                return targets
                    .iter()
                    .rev()
                    .find(|t| t.end <= limit && !in_title(laws, t))
                    .into_iter()
                    .collect();
            }
            return possessed;
        }
    }
    // "La SISA, que la loi du 10 août 2011 a instituée, …": the text is the
    // subject of a relative "que"; the cue acts on what "que" stands for.
    if law_at < at && !nominal {
        if let Some(object) = relative_object(folded, targets, law, cue, cues) {
            return object;
        }
    }
    let prev_stop = laws
        .iter()
        .map(|l| l.end)
        .filter(|&l| l <= at && l != law_at)
        .chain(
            stating(spans)
                // "Leur cadre juridique a été modifié par …": a frame noun
                // is the subject of the cue, not a cue of its own.
                .filter(|c| {
                    !folded
                        .get(c.at..c.end)
                        .is_some_and(|p| cues.frame_nouns.iter().any(|f| f == p))
                })
                .map(|c| c.end)
                .filter(|&c| c <= at)
                // Coordinated participles share their subject ("clarifiées et
                // simplifiées par …").
                .filter(|&c| !matches!(folded.get(c..at).map(str::trim), Some("et" | "ou" | ","))),
        )
        .max()
        .unwrap_or(0);
    // "… dans lesquelles l'agence régionale de santé les reconnaît": an
    // actor with only a clitic object between it and the cue is the cue's
    // subject, not its patient.
    let subject_actor = |t: &Placed| {
        let gap = words(folded.get(t.end..at).unwrap_or_default());
        t.entity.contains("/acteur/")
            && gap
                .iter()
                .any(|w| matches!(*w, "les" | "la" | "le" | "l'" | "leur" | "lui"))
            && gap.iter().all(|w| {
                matches!(
                    *w,
                    "les" | "la" | "le" | "l'" | "leur" | "lui" | "y" | "en" | "ne" | "n'"
                )
            })
    };
    // What the actor does is not what a text did, but for its paying under
    // a text ("l'Assurance maladie les finance au titre de l'accord").
    if !cue.relations.iter().any(|r| r == "funds")
        && targets
            .iter()
            .any(|t| t.end <= at && t.at >= prev_stop && subject_actor(t))
    {
        return Vec::new();
    }
    // "l'ACI du 20 juin 2019 (à ne pas confondre avec celui de 2017 pour
    // les MSP !), qui rémunère …": an aside between the text and its cue.
    let aside = |t: &Placed| {
        let between = folded.get(law.end.min(at)..at).unwrap_or_default();
        law.end <= t.at
            && agents::PARENTHESISED.find_iter(between).any(|m| {
                let (from, to) = (law.end + m.start(), law.end + m.end());
                from < t.at && t.end < to
            })
    };
    let mut before: Vec<&Placed> = targets
        .iter()
        .filter(|t| {
            t.end <= at && t.at >= prev_stop && !complement(t) && !subject_actor(t) && !aside(t)
        })
        .collect();
    // "Le CLS signé entre la commune et l'ARS, un outil créé par …": an
    // apposed class noun stands for a dispositif, not for the actor named last.
    if apposed_class_noun(folded.get(..at).unwrap_or_default(), cues) {
        before.retain(|t| t.entity.contains("/dispositif/"));
    }
    // "la SISA de la maison de santé, forme juridique créée par …": an
    // apposed form is that of the head of the noun phrase before it, not of
    // its complement.
    if apposed_form(folded.get(..at).unwrap_or_default()) {
        let complements: Vec<(usize, usize)> = before
            .windows(2)
            .filter(|w| {
                matches!(
                    folded.get(w[0].end..w[1].at).map(str::trim),
                    Some("de la" | "du" | "des" | "de l'" | "de")
                )
            })
            .map(|w| (w[1].at, w[1].end))
            .collect();
        before.retain(|t| !complements.contains(&(t.at, t.end)));
    }
    // "la loi …, qui a créé les DAC et fixé à 2022 l'échéance …": a verb
    // coordinated after an earlier cue's object, with their text before
    // both, has its own object, a noun the text does not name ("les a
    // fixés" would take the DAC back).
    let object_of_earlier = law.end <= at
        && stating(spans).any(|c| c.end == prev_stop && c.at >= law.end)
        && before.last().is_some_and(|t| {
            let gap = words(folded.get(t.end..at).unwrap_or_default());
            gap.first() == Some(&"et")
                && !gap
                    .iter()
                    .any(|w| matches!(*w, "les" | "la" | "le" | "l'" | "leur" | "lui"))
        });
    if object_of_earlier {
        return Vec::new();
    }
    let Some(nearest) = before
        .last()
        .copied()
        .or_else(|| subject_over_incise(folded, targets, laws, spans, (at, law_at)))
        .or_else(|| pronoun_after_clause(folded, targets, cues, (at, law_at)))
    else {
        // "La forme associative est imposée aux CPTS par l'ordonnance …": a
        // passive with no subject the text acts on, and a dispositif in the
        // dative between the cue and its agent.
        // … or the complement of a cue ending in "de", before a text dated
        // after it ("sont réputés membres de la CPTS depuis la loi …").
        let complement_cue = cue.relations.iter().any(|r| r == "modified")
            && words(folded.get(at..end).unwrap_or_default())
                .last()
                .is_some_and(|w| *w == "de");
        let dative: Vec<&Placed> = targets
            .iter()
            .filter(|t| t.at >= end && t.end <= law_at)
            .filter(|t| {
                let gap = words(folded.get(end..t.at).unwrap_or_default());
                matches!(gap.as_slice(), ["aux"] | ["au"] | ["a", "la"] | ["a", "l'"])
                    || (complement_cue
                        && t.entity.contains("/dispositif/")
                        && matches!(gap.as_slice(), ["la" | "le" | "les" | "l'"] | []))
            })
            .collect();
        if let [first, ..] = dative.as_slice() {
            return coordinated_run(
                folded,
                targets
                    .iter()
                    .filter(|t| t.at >= first.at && t.end <= law_at),
                |_| true,
            );
        }
        return fronted_participle(folded, targets, cue, law);
    };
    let mut chosen = coordinated_run(
        folded,
        std::iter::once(nearest).chain(before.iter().rev().skip(1).copied()),
        |_| true,
    );
    chosen.reverse();
    chosen
}

/// "Les MSP ne sont pas une création de la loi HPST : elles ont été
/// introduites … par la LFSS pour 2008": a subject pronoun opening the clause
/// a colon or semicolon starts, before the cue, stands for the dispositif
/// the sentence opened on (past an opening phrase up to a comma), when the
/// text acting is in that clause or after (a text before the colon is what
/// the pronoun would stand for).
fn pronoun_after_clause<'b>(
    folded: &str,
    targets: &'b [Placed],
    cues: &Cues,
    (at, law_at): (usize, usize),
) -> Option<&'b Placed> {
    let head = folded.get(..at)?;
    let opened = head.rfind([':', ';'])? + 1;
    if law_at < opened {
        return None;
    }
    let first = *words(head.get(opened..)?).first()?;
    if !cues.subject_pronouns.iter().any(|p| p == first) {
        return None;
    }
    // A cue in a relative clause on the text ("elle a été créée par la loi Fourcade,
    // qui a modifié plusieurs dispositions de la loi HPST") has that relative's object.
    if find_words(folded, "qui")
        .into_iter()
        .any(|q| law_at < q && q < at)
    {
        return None;
    }
    let lead = lead_len(folded);
    let opens_at = |from: usize, t: &Placed| {
        from <= t.at && words(folded.get(from..t.at).unwrap_or_default()).len() <= 2
    };
    // An opening phrase up to a comma that names no dispositif ("Contrairement à ce que
    // nous avons écrit, la SISA n'a pas été … : elle …") leaves the subject after it.
    let after_phrase = folded
        .get(lead..opened)
        .and_then(|h| h.find(','))
        .map(|c| lead + c + 1)
        .filter(|&c| !targets.iter().any(|t| t.at < c));
    targets.iter().find(|t| {
        t.end <= opened && (opens_at(lead, t) || after_phrase.is_some_and(|c| opens_at(c, t)))
    })
}

/// What a "dont" before the cue stands for, when the cue is the verb of that
/// relative clause ("Les hôpitaux de proximité, dont la loi … a redéfini les
/// missions", "les CPTS …, dont les missions sont financées par l'ACI", "les
/// centres de santé, dont le cadre juridique a été rénové par …"): the
/// nearest dispositif before "dont", with those coordinated to it. None when
/// the clause names a dispositif or has another cue before this one, or when
/// the text acting is not inside it.
fn relative_owner<'b>(
    folded: &str,
    targets: &'b [Placed],
    (spans, cues): (&[Cue], &Cues),
    cue: &Cue,
    law: &Placed,
) -> Option<Vec<&'b Placed>> {
    let d = find_words(folded, "dont")
        .into_iter()
        .rfind(|&d| d < cue.at)?;
    if words(folded.get(d..cue.at).unwrap_or_default()).len() > 12 {
        return None;
    }
    let inside = |a: usize, b: usize| a >= d && b <= cue.at;
    let crowded = targets.iter().any(|t| inside(t.at, t.end))
        // A frame noun ("dont le cadre juridique a été rénové par …") is the
        // clause's subject, not a cue of its own.
        || stating(spans).any(|c| {
            c.at != cue.at
                && inside(c.at, c.end)
                && !folded
                    .get(c.at..c.end)
                    .is_some_and(|p| cues.frame_nouns.iter().any(|f| f == p))
        });
    if crowded || (law.end <= cue.at && law.at < d) {
        return None;
    }
    let mut before: Vec<&Placed> = targets.iter().filter(|t| t.end <= d).collect();
    if before.is_empty() {
        return None;
    }
    // "l'infirmière en pratique avancée de la MSP de Rioz, dont l'exercice
    // …": a dispositif that completes the one before it is not the head.
    while let [.., head, last] = before.as_slice() {
        let between = words(folded.get(head.end..last.at).unwrap_or_default());
        if matches!(
            between.as_slice(),
            ["de", "la"] | ["du"] | ["des"] | ["de", "l'"] | ["d'un"] | ["d'une"]
        ) {
            before.pop();
        } else {
            break;
        }
    }
    Some(run_up_to(folded, &before))
}

/// What a relative "que" stands for when its subject is the text acting
/// ("la société interprofessionnelle …, que la loi du 10 août 2011 a
/// instituée", "les DAC, que cette même loi a institués"): the dispositif
/// right before the comma that opens the relative, with those coordinated to
/// it; the text comes right after "que", the cue within three words after
/// the text.
fn relative_object<'b>(
    folded: &str,
    targets: &'b [Placed],
    law: &Placed,
    cue: &Cue,
    cues: &Cues,
) -> Option<Vec<&'b Placed>> {
    let mut head = folded.get(..law.at)?.trim_end();
    // The text's determiner, when its citation starts after it.
    for det in ["la", "le", "l'"] {
        if let Some(h) = head.strip_suffix(det) {
            if h.ends_with(' ') || det == "l'" {
                head = h.trim_end();
                break;
            }
        }
    }
    // "que", "qu'", "auquel", "à laquelle" … (mlg:objectRelative).
    let head = cues
        .object_relatives
        .iter()
        .find_map(|r| head.strip_suffix(r.as_str()))?;
    // The text's date, when its citation stops before it ("la loi n°
    // 2021-502 du 26 avril 2021 a donné"), is not counted.
    let gap = words(folded.get(law.end..cue.at)?);
    let undated = gap.iter().filter(|w| !date_word(w)).count();
    if !head.ends_with([' ', ',']) || undated > 3 {
        return None;
    }
    let comma = head.trim_end().strip_suffix(',')?.len();
    let before: Vec<&Placed> = targets.iter().filter(|t| t.end <= comma).collect();
    let nearest = *before.last()?;
    // An acronym in parentheses may follow the name ("le service d'accès
    // aux soins (SAS), auquel …").
    let tail = folded.get(nearest.end..comma)?.trim();
    let tail = match (tail.strip_prefix('('), tail.ends_with(')')) {
        (Some(_), true) => "",
        _ => tail,
    };
    // … or a stressing pronoun ("Le SAS lui-même, auquel …").
    let tail = if cues.intensifiers.iter().any(|i| i == tail) {
        ""
    } else {
        tail
    };
    if !words(tail).is_empty() {
        return None;
    }
    Some(run_up_to(folded, &before))
}

/// The cues that state a relation: a non-cue ("conditions de création")
/// claims its words but does not bound what a cue governs.
fn stating(spans: &[Cue]) -> impl Iterator<Item = &Cue> {
    spans.iter().filter(|c| !c.relations.is_empty())
}

/// The patient of a cue that governs what precedes it ("donne aux ASV la
/// possibilité d'être intégrés"): the nearest target between the law and
/// the cue, with those coordinated to it.
pub(super) fn subject_before_cue<'b>(
    folded: &str,
    targets: &'b [Placed],
    law: &Placed,
    cue: &Cue,
) -> Vec<&'b Placed> {
    let from = if law.end <= cue.at { law.end } else { 0 };
    let before: Vec<&Placed> = targets
        .iter()
        .filter(|t| t.at >= from && t.end <= cue.at)
        .collect();
    run_up_to(folded, &before)
}

/// Whether a folded word belongs to a written date ("du 1er avril 2021"): "du", "1er", a
/// number or a month name.
fn date_word(w: &str) -> bool {
    matches!(w, "du" | "1er")
        || w.chars().all(|c| c.is_ascii_digit())
        || crate::extract::text::MONTHS.contains(&w)
}

/// The last of `before` and the targets coordinated with it, read backwards, in
/// reading order.
fn run_up_to<'b>(folded: &str, before: &[&'b Placed]) -> Vec<&'b Placed> {
    let mut run = coordinated_run(folded, before.iter().rev().copied(), |_| true);
    run.reverse();
    run
}

/// Whether a clitic object pronoun ("leur", "lui") stands within three
/// words before the cue ("qui leur a permis d'être intégrés").
pub(super) fn clitic_before(folded: &str, cue: &Cue) -> bool {
    words(folded.get(..cue.at).unwrap_or_default())
        .iter()
        .rev()
        .take(4)
        .any(|w| matches!(*w, "leur" | "lui"))
}

/// The appositions set off by two commas between two objects after `from`
/// ("les ESP, aujourd'hui définies à l'article L. 1411-11-1 …, les CPTS"):
/// a comma right after a target, the next comma (no `;` or `:` between),
/// then a determiner and a target. Offsets of the two commas.
fn list_appositions(folded: &str, targets: &[Placed], from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for t in targets.iter().filter(|t| t.at >= from) {
        let rest = folded.get(t.end..).unwrap_or_default();
        if !rest.trim_start().starts_with(',') {
            continue;
        }
        let open = t.end + rest.find(',').unwrap_or(0);
        let inner = folded.get(open + 1..).unwrap_or_default();
        let Some(close) = inner.find([',', ';', ':']).map(|p| open + 1 + p) else {
            continue;
        };
        if !folded[close..].starts_with(',') || words(&folded[open..close]).len() < 2 {
            continue;
        }
        let next = targets.iter().find(|n| n.at > close);
        let continues = next.is_some_and(|n| {
            matches!(
                words(folded.get(close..n.at).unwrap_or_default()).as_slice(),
                ["les" | "la" | "le" | "l'" | "des" | "aux" | "au"]
            )
        });
        if continues {
            out.push((open, close));
        }
    }
    out
}

/// Whether `head` ends with an apposition made of an indefinite article and a
/// class noun (", un outil", ", une structure").
fn apposed_class_noun(head: &str, cues: &Cues) -> bool {
    let w = words(head);
    let n = w.len();
    n >= 2
        && matches!(w[n - 2], "un" | "une")
        && cues.class_nouns.iter().any(|c| c == w[n - 1])
        && head
            .trim_end()
            .strip_suffix(w[n - 1])
            .map(str::trim_end)
            .and_then(|h| h.strip_suffix(w[n - 2]))
            .is_some_and(|h| h.trim_end().ends_with(','))
}

/// Whether `head` ends with an apposition naming a form ("…, forme juridique",
/// "… — forme de société"), set off by a comma, a dash or a parenthesis.
fn apposed_form(head: &str) -> bool {
    let Some(cut) = head.rfind([',', '\u{2014}', '\u{2013}', '(']) else {
        return false;
    };
    let w = words(&head[cut..]);
    w.first() == Some(&"forme") && w.len() <= 4
}
