//! Which legal text a cue points to (its agent), and which texts a
//! law→law cue acts on.

use super::*;

/// A parenthesised aside ("(HPST)", "(accès direct)").
pub(super) static PARENTHESISED: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\([^()]*\)").expect("regex"));

/// The legal texts that can act in a sentence: an article of a law acts
/// through its law (the article is kept for the evidence); an article of a
/// code acts itself; a whole code only contains ("introduit dans le code …
/// par la loi …") and never acts. Returns the acting mentions and, per law,
/// the article cited.
pub(super) fn acting_texts(mentions: &[&Mention]) -> (Vec<Mention>, BTreeMap<String, String>) {
    let code_prefix = format!("{ID}code/");
    let mut articles = BTreeMap::new();
    let mut acting: Vec<Mention> = Vec::new();
    for m in mentions {
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
            None if m.entity.starts_with(&code_prefix) => {}
            _ => acting.push((*m).clone()),
        }
    }
    (acting, articles)
}

/// The law a cue points to. In the passive ("créées par la loi …", "issu de
/// la loi …") the first citation after the cue; when the cue is followed by
/// "par" and something other than a legal text ("mis en place par le
/// Comité …"), none. Otherwise the citation whose title holds the cue, the
/// nearest citation before it that is not inside a relative clause, or
/// failing that the first after it in its clause with no other cue between. A dispositif
/// named between the cue and a citation after it is the cue's object ("la
/// rémunération des maisons de santé[7]"): that citation is no passive agent.
pub(super) fn law_for_cue<'b>(
    (original, folded): (&str, &str),
    (laws, targets): (&'b [Placed], &[Placed]),
    spans: &[Cue],
    cue: &Cue,
) -> Option<&'b Placed> {
    let (at, end) = (cue.at, cue.end);
    let after = laws.iter().find(|l| l.at >= end);
    let gap_to = |l: &Placed| folded.get(end..l.at).unwrap_or_default();
    let tail = words(folded.get(at..end).unwrap_or_default());
    // "introduite à l'article L. 4301-1 du CSP par l'article 119 de la loi
    // …": where the code put the dispositif, then the agent after "par".
    let placed_in_code =
        after.filter(|l| l.entity.contains("/code/") && words(gap_to(l)).len() <= 3);
    if let Some(code) = placed_in_code {
        let rest = words(folded.get(code.end..).unwrap_or_default());
        if rest.iter().take(3).any(|w| *w == "par") {
            let agent = laws
                .iter()
                .find(|l| l.at >= code.end && !l.entity.contains("/code/"))
                .filter(|l| !spans.iter().any(|c| c.at >= code.end && c.end <= l.at));
            if agent.is_some() {
                return agent;
            }
        }
    }
    if agent_marked(folded, cue) {
        return explicit_agent((original, folded), laws, spans, cue);
    }
    if let Some(holder) = laws.iter().find(|l| l.at < at && end <= l.end) {
        return Some(holder);
    }
    let subject = subject_before(folded, laws, at);
    let passive = after.is_some_and(|l| {
        let w = words(gap_to(l));
        let marker = |w: &&str| {
            matches!(*w, "de" | "du" | "des" | "dans" | "selon" | "d'") || w.starts_with("d'")
        };
        // "fixées à l'article …": "à" closes the cue, the text follows.
        let to = tail.len() > 1 && tail.last() == Some(&"a");
        // "définies à l'article L. 6323-3 du code …": a code article after
        // "à" is where the text put it, and acts itself.
        // Not when a text before is the cue's subject ("que la loi de 2016
        // a définies à l'article …").
        let in_code = w.first() == Some(&"a")
            && l.entity.contains("/code/")
            && subject.is_none_or(|s| folded.get(s.end..at).is_some_and(|g| g.contains(',')));
        w.len() <= 6
            && (tail.last().is_some_and(marker) || to || in_code || w.iter().take(2).any(marker))
            && !spans.iter().any(|c| c.at >= end && c.end <= l.at)
            && !targets.iter().any(|t| t.at >= end && t.at < l.at)
    });
    if passive {
        return after;
    }
    // "Ma MSP a été créée en 2017, l'année de l'accord …": a text in a noun
    // phrase set off by a comma, with no agent marker, is an apposition, not
    // the agent ("… en 1972, avec la circulaire …" is).
    let apposed = |l: &Placed| {
        let gap = gap_to(l);
        gap.rfind(',').is_some_and(|c| {
            words(&gap[c..]).first().is_some_and(|w| {
                matches!(*w, "le" | "la" | "les" | "un" | "une") || w.starts_with("l'")
            })
        })
    };
    // Nor is a text past the end of the cue's clause ("Le FIR finance les
    // CLS : ne pas écrire « la LFSS 2012 … »"), unless a colon introduces
    // it ("Le financement des CPTS : l'ACI du 20 juin 2019").
    let past_clause = |l: &Placed| {
        let gap = gap_to(l);
        gap.contains([';', '«'])
            || gap
                .rfind(':')
                .is_some_and(|c| words(&gap[c + 1..]).len() > 2)
    };
    subject
        .map(|l| not_an_object(folded, laws, spans, l))
        .or_else(|| {
            after.filter(|l| {
                !spans.iter().any(|c| c.at >= end && c.end <= l.at)
                    && !apposed(l)
                    && !past_clause(l)
            })
        })
}

/// A text introduced as the instrument of a cue whose agent is no text
/// ("rémunéré par l'Assurance maladie dans le cadre de l'accord de 2017",
/// "rémunérées au titre de l'ACI"): the first text after the cue in its
/// clause, right after an instrument marker, with no other cue between.
pub(super) fn instrument_law<'b>(
    folded: &str,
    laws: &'b [Placed],
    spans: &[Cue],
    cue: &Cue,
    cues: &Cues,
) -> Option<&'b Placed> {
    let law = laws.iter().find(|l| l.at >= cue.end)?;
    let gap = folded.get(cue.end..law.at)?;
    if gap.contains([';', ':', '«']) || words(gap).len() > 12 {
        return None;
    }
    if spans.iter().any(|c| c.at >= cue.end && c.end <= law.at) {
        return None;
    }
    let lead = gap.trim_end();
    let marked = cues.instruments.iter().any(|m| {
        find_words(gap, m).into_iter().any(|at| {
            let after = &lead[(at + m.len()).min(lead.len())..];
            words(after).len() <= 1
        })
    });
    marked.then_some(law)
}

/// The subject a citation before a cue stands for, when that citation is
/// the complement of an earlier active cue ("elle modifie plusieurs
/// dispositions de la loi HPST et crée la SISA", "l'ordonnance, prise en
/// application de la loi de 2016, a réécrit …"): the earlier cue's subject.
fn not_an_object<'b>(
    folded: &str,
    laws: &'b [Placed],
    spans: &[Cue],
    law: &'b Placed,
) -> &'b Placed {
    if subject_of_next_cue(folded, spans, law) {
        return law;
    }
    let mut law = law;
    for _ in 0..3 {
        let governor = spans.iter().rfind(|c| {
            c.end <= law.at
                && !agent_marked(folded, c)
                && folded
                    .get(c.end..law.at)
                    .is_some_and(|g| !g.contains([',', ';', ':']) && words(g).len() <= 6)
        });
        match governor.and_then(|c| subject_before(folded, laws, c.at)) {
            Some(subject) if subject.at < law.at => law = subject,
            _ => break,
        }
    }
    law
}

/// The auxiliaries of a compound past ("a", "ont" … "créé").
const AUXILIARIES: [&str; 4] = ["a", "ont", "avait", "avaient"];

/// Whether a text is the subject of the cue right after it, with only an
/// auxiliary between ("… a redéfini leurs missions et l'ordonnance n°
/// 2021-582 a organisé …"): no object of an earlier cue.
fn subject_of_next_cue(folded: &str, spans: &[Cue], text: &Placed) -> bool {
    spans.iter().find(|c| c.at >= text.end).is_some_and(|c| {
        let between = folded.get(text.end..c.at).unwrap_or_default();
        let gap = words(between);
        !between.contains([',', ';', ':', '('])
            && gap.len() <= 3
            && gap.iter().all(|w| {
                AUXILIARIES.contains(w)
                    || matches!(*w, "ensuite" | "aussi" | "egalement" | "en" | "y")
            })
            && gap
                .iter()
                .chain(words(folded.get(c.at..c.end).unwrap_or_default()).first())
                .any(|w| AUXILIARIES.contains(w))
    })
}

/// Whether a cue is followed by "par" (within three words, or ends with it):
/// its agent is named after it.
pub(super) fn agent_marked(folded: &str, cue: &Cue) -> bool {
    let tail = words(folded.get(cue.at..cue.end).unwrap_or_default());
    let mut after = words(folded.get(cue.end..).unwrap_or_default());
    // "introduites dans le code de la santé publique par …": where the text
    // put the dispositif comes between the cue and its agent.
    let code = after
        .iter()
        .take(3)
        .position(|w| *w == "code")
        .filter(|_| matches!(after.first(), Some(&"dans" | &"au")));
    if let Some(at) = code {
        let mut rest = after.split_off(at + 1);
        if rest.starts_with(&["de", "la", "sante", "publique"])
            || rest.starts_with(&["de", "la", "securite", "sociale"])
        {
            rest.drain(..4);
        }
        after = rest;
    }
    let lead: Vec<&str> = after.into_iter().take(3).collect();
    tail.last() == Some(&"par") || lead.contains(&"par")
}

/// The agent after "par" when it is a legal text: none when "par" leads to
/// something else ("mis en place par le Comité …"), to a far citation, or
/// to a citation that belongs to a later cue.
pub(super) fn explicit_agent<'b>(
    (original, folded): (&str, &str),
    laws: &'b [Placed],
    spans: &[Cue],
    cue: &Cue,
) -> Option<&'b Placed> {
    let end = cue.end;
    let law = laws.iter().find(|l| l.at >= end)?;
    let tail = words(folded.get(cue.at..end).unwrap_or_default());
    {
        let gap = folded.get(end..law.at).unwrap_or_default();
        let after_par = gap.rsplit(" par ").next().unwrap_or(gap);
        // "par les articles 64 et 65 de la loi …": the articles cited before
        // the text belong to its citation.
        let gap_words: Vec<&str> = words(after_par)
            .into_iter()
            .filter(|w| {
                !(w.chars().all(|c| c.is_ascii_digit())
                    || matches!(*w, "article" | "articles" | "l'article" | "et" | "de"))
            })
            .collect();
        let proper = words(&original_span(original, folded, end, law.at))
            .iter()
            .skip_while(|w| **w != "par")
            .skip(1)
            .any(|w| w.chars().next().is_some_and(char::is_uppercase));
        let far = gap_words.len() > 5 && !tail.contains(&"par");
        if proper || far || spans.iter().any(|c| c.at >= end && c.end <= law.at) {
            return None;
        }
    }
    Some(law)
}

/// The agent of a law→law cue: after "par" in the passive ("X, modifié par
/// Y"), else the subject before the cue ("Y, prise en application de X").
pub(super) fn text_agent<'b>(
    (original, folded): (&str, &str),
    texts: &'b [Placed],
    (spans, origin): (&[Cue], &BTreeSet<String>),
    cue: &Cue,
) -> Option<&'b Placed> {
    // "L. 6323-1 …, dans sa rédaction issue de l'ordonnance …": the text
    // the wording comes from is named after the cue.
    if folded
        .get(cue.at..cue.end)
        .is_some_and(|c| origin.contains(c))
    {
        return explicit_agent((original, folded), texts, spans, cue);
    }
    if agent_marked(folded, cue) {
        explicit_agent((original, folded), texts, spans, cue)
    } else {
        subject_before(folded, texts, cue.at).or_else(|| patient_then_agent(folded, texts, cue))
    }
}

/// The agent after the patient ("les modifications apportées à la loi HPST
/// par la loi Fourcade"): the text right after "par" that follows the cue's
/// object.
pub(super) fn patient_then_agent<'b>(
    folded: &str,
    texts: &'b [Placed],
    cue: &Cue,
) -> Option<&'b Placed> {
    let mut after = texts.iter().filter(|t| t.at >= cue.end && !t.footnote);
    let patient = after.next()?;
    if words(folded.get(cue.end..patient.at)?).len() > 2 {
        return None;
    }
    let agent = after.find(|t| t.at >= patient.end && t.entity != patient.entity)?;
    let gap = words(folded.get(patient.end..agent.at)?);
    (gap.first() == Some(&"par") && gap.len() <= 3).then_some(agent)
}

/// The nearest citation before `at` that is its subject.
pub(super) fn subject_before<'b>(
    folded: &str,
    laws: &'b [Placed],
    at: usize,
) -> Option<&'b Placed> {
    // A citation inside a relative clause closed before the cue ("la loi
    // Fourcade, qui modifie la loi HPST, a créé …") is not its subject.
    let in_closed_relative = |l: &Placed| {
        let from = laws
            .iter()
            .rev()
            .find(|o| o.end <= l.at)
            .map_or(0, |o| o.end);
        let closed = folded.get(l.end..at).is_some_and(|g| g.contains(','));
        // … or the agent of an incise ("l'ACI, complété par 2 avenants, finance …").
        let segment = folded.get(..l.at).unwrap_or_default();
        let segment = &segment[segment.rfind(',').map_or(0, |c| c + 1)..];
        let agent_of_incise = segment.ends_with(" par ");
        closed && (relative_between(folded, from, l.at) || agent_of_incise)
    };
    let before = laws
        .iter()
        .rev()
        .filter(|l| l.end <= at)
        .find(|l| !in_closed_relative(l))
        .or_else(|| laws.iter().rev().find(|l| l.end <= at));
    before
}

/// The texts a law→law cue acts on: with an agent after "par" (passive,
/// "X, modifié par Y", "modifications apportées à X par Y") the other texts
/// before it; otherwise (active, "Y, qui modifie X", "prise en application
/// de X") the first text after the cue.
pub(super) fn patients_for_cue<'b>(
    folded: &str,
    texts: &'b [Placed],
    (spans, cue): (&[Cue], &Cue),
    law: &Placed,
) -> Vec<&'b Placed> {
    // A text that is the agent of an earlier passive ("les CPTS, créées
    // par la loi de 2016, ont vu leur cadre modifié par …") is no patient.
    let agent_before = |t: &Placed| {
        let before = words(folded.get(..t.at).unwrap_or_default());
        let n = before.len();
        // … or of another cue right before it ("issu de la loi de 2016").
        let of_cue = spans.iter().any(|c| {
            !std::ptr::eq(c, cue)
                && !c.relations.is_empty()
                && c.end <= t.at
                && words(folded.get(c.end..t.at).unwrap_or_default()).len() <= 1
        });
        t.end <= cue.at
            && (of_cue
                || before.last() == Some(&"par")
                || (n >= 2
                    && before[n - 2] == "par"
                    && matches!(before[n - 1], "la" | "le" | "les" | "l'")))
    };
    let others = texts
        .iter()
        .filter(|t| t.entity != law.entity && !agent_before(t));
    if law.at >= cue.end {
        let between: Vec<&Placed> = texts
            .iter()
            .filter(|t| t.at >= cue.end && t.end <= law.at && t.entity != law.entity)
            .collect();
        if !between.is_empty()
            && folded
                .get(cue.end..law.at)
                .is_some_and(|g| g.contains(" par "))
        {
            return between;
        }
        let nearest = others.clone().rfind(|t| t.end <= cue.at);
        return same_citation(others, nearest);
    }
    // "ni l'ordonnance, qui a modifié le régime des CPTS, ni l'avenant 2":
    // a text past the next member of the list is no object of the cue.
    // Nor is the subject of a later cue ("a modifié les CPTS et l'ordonnance
    // … a encadré …").
    let nearest = others.clone().find(|t| t.at >= cue.end).filter(|t| {
        folded
            .get(cue.end..t.at)
            .is_some_and(|g| !g.contains(", ni ") && !g.contains(';'))
            && !subject_of_next_cue(folded, spans, t)
    });
    same_citation(others, nearest)
}

/// Every text cited by the same words as `first` (a name shared by two
/// accords, "l'ACI"): the reference data decides which one is meant.
fn same_citation<'b>(
    texts: impl Iterator<Item = &'b Placed>,
    first: Option<&Placed>,
) -> Vec<&'b Placed> {
    let Some(first) = first else {
        return Vec::new();
    };
    texts
        .filter(|t| (t.at, t.end) == (first.at, first.end))
        .collect()
}

/// A participle opening the sentence with its agents ("Approuvé par les
/// arrêtés du … et du …, …, l'ACI encadre …"): the coordinated agents, and
/// the texts named first after the comma that closes the phrase.
pub(super) fn fronted_text_relation<'b>(
    folded: &str,
    texts: &'b [Placed],
    cue: &Cue,
    law: &'b Placed,
) -> (Vec<&'b Placed>, Vec<&'b Placed>) {
    let start = lead_len(folded);
    let opens = words(folded.get(start..cue.at).unwrap_or_default()).is_empty();
    if !opens || law.at < cue.end {
        return (vec![law], Vec::new());
    }
    let mut agents = vec![law];
    for t in texts.iter().filter(|t| t.at >= law.end && !t.footnote) {
        let last = agents.last().expect("non-empty");
        let gap = folded.get(last.end..t.at).unwrap_or_default();
        if t.at < last.end || !(gap.trim() == "et" || gap.trim().is_empty()) {
            break;
        }
        agents.push(t);
    }
    let end = agents.last().map_or(law.end, |a| a.end);
    let Some(comma) = folded.get(end..).and_then(|r| r.find(',')).map(|c| end + c) else {
        return (agents, Vec::new());
    };
    let after: Vec<&Placed> = texts
        .iter()
        .filter(|t| t.at > comma && !t.footnote && !agents.iter().any(|a| a.entity == t.entity))
        .collect();
    let first = after.first().map(|t| (t.at, t.end));
    let patients = after
        .into_iter()
        .filter(|t| Some((t.at, t.end)) == first)
        .collect();
    (agents, patients)
}

/// The law a cue points to and, when it ends a list of texts resumed after
/// a colon, the texts listed with it ("Convention médicale, accord conventionnel … : ces
/// trois dispositifs financent …").
pub(super) fn coordinated_subjects<'b>(
    folded: &str,
    laws: &'b [Placed],
    law: &'b Placed,
    cue: &Cue,
) -> Vec<&'b Placed> {
    let mut out = vec![law];
    // The other texts of a shared name ("l'ACI") act alongside.
    out.extend(
        laws.iter()
            .filter(|l| (l.at, l.end) == (law.at, law.end) && l.entity != law.entity),
    );
    if law.end > cue.at {
        // "- CPTS — Textes modificatifs — Loi …, Ordonnance …, Loi …": in a
        // cell read from a table or a record, every text it lists.
        let cell = folded.get(cue.end..law.at).is_some_and(|g| g.contains('—'));
        // "modifié par la loi X puis par l'ordonnance Y": agents in a chain.
        for l in laws.iter().filter(|l| l.at >= law.end && !l.footnote) {
            let last = out.last().expect("non-empty");
            if l.entity == last.entity || l.at < last.end {
                continue;
            }
            let between = folded.get(last.end..l.at).unwrap_or_default();
            let listed = cell && {
                let bare = PARENTHESISED.replace_all(between, "");
                bare.chars().all(|c| c == ',' || c == ' ') || bare.trim() == "et"
            };
            if listed {
                out.push(l);
                continue;
            }
            let mut gap = words(folded.get(last.end..l.at).unwrap_or_default());
            if gap
                .last()
                .is_some_and(|w| matches!(*w, "l'" | "la" | "le" | "les"))
            {
                gap.pop();
            }
            if !matches!(
                gap.as_slice(),
                ["puis", "par"] | ["et", "par"] | ["puis"] | ["ou", "par"]
            ) {
                break;
            }
            out.push(l);
        }
        return out;
    }
    // Only a list resumed after a colon ("A, B et C : ces trois … ").
    let resumed = folded.get(law.end..cue.at).is_some_and(|g| g.contains(':'));
    if law.footnote || !resumed {
        return out;
    }
    for l in laws.iter().rev().filter(|l| l.end <= law.at && !l.footnote) {
        let last = out.last().expect("non-empty");
        if l.entity == last.entity || l.end > last.at {
            continue;
        }
        if !folded.get(l.end..last.at).is_some_and(coordinated) {
            break;
        }
        out.push(l);
    }
    out
}

/// The text an exception marker names after a negated cue ("aucun texte n'a
/// encadré les CPTS, à l'exception d'une instruction …"): the first citation
/// within six words of the marker, later in the sentence.
pub(super) fn excepted_text<'b>(
    folded: &str,
    cue: &Cue,
    laws: &'b [Placed],
    cues: &Cues,
) -> Option<&'b Placed> {
    cues.exceptions.iter().find_map(|marker| {
        let at = *find_words(folded, marker)
            .iter()
            .find(|&&at| at >= cue.end)?;
        let end = at + marker.len();
        laws.iter()
            .find(|l| l.at >= end)
            .filter(|l| words(folded.get(end..l.at).unwrap_or_default()).len() <= 6)
    })
}
