//! The facts one sentence states: for each cue, the text it points to and
//! what it governs; then the rules that need no cue (a glossary entry's
//! source, a change dated by "depuis").

use super::sentence::{Fact, Reading};
use super::*;

/// What the discourse makes salient when a sentence is read.
pub(super) struct Salient<'c> {
    /// The previous sentence's subject: what a clitic "en" stands for.
    pub theme: Option<&'c str>,
    /// The previous sentence's first dispositif: what a clitic "leur" stands for.
    pub previous_subject: Option<&'c str>,
    /// The glossary entry being read.
    pub entry: Option<&'c str>,
}

/// The facts of a sentence, in the order found, and the fact on a class
/// noun the next sentence may complete.
pub(super) struct SentenceFacts {
    pub facts: Vec<Fact>,
    pub pending: Option<Pending>,
    /// The facts stated with no cue (a glossary entry's source, a dated change).
    pub inferred: BTreeSet<Fact>,
}

/// All the facts a sentence states.
pub(super) fn sentence_facts(r: &Reading, salient: &Salient, cues: &Cues) -> SentenceFacts {
    let clauses = clause_starts(&r.folded, cues);
    let spans = licensed(r, r.spans(cues), cues, &clauses);
    let mut out = Collector::default();
    let mut pending = None;
    let mut previous: Vec<&Placed> = Vec::new();
    for cue in &spans {
        // "Aucun texte n'a encadré …, à l'exception d'une instruction …":
        // the excepted text did what the negation denies of the others.
        let blocked = is_blocked(&r.folded, cue, cues, &clauses);
        let excepted = blocked
            .then(|| excepted_text(&r.folded, cue, &r.laws, cues))
            .flatten();
        // "Ce n'est pas le pacte qui les a créés mais la loi HPST", "… ne
        // viennent pas de la loi de 2016 : c'est la loi Fourcade": the text
        // the next clause names, with no cue of its own, did it instead.
        let corrected = (blocked && excepted.is_none())
            .then(|| corrected_text(&r.folded, cue, &r.laws, &spans, (cues, &clauses)))
            .flatten();
        if cue.relations.is_empty() || (blocked && excepted.is_none() && corrected.is_none()) {
            continue;
        }
        // A bill in the clause voids the cue unless its agent is a text
        // named after it ("outils issus de la loi de 2016").
        let billed = bill_before(&r.folded, cue, cues, &clauses);
        // A cue stating both a law→law and a law→dispositif relation
        // ("complété par"): when a legal text is its patient, it is the
        // law→law one.
        let mut relations: Vec<&String> = cue.relations.iter().collect();
        relations.sort_by_key(|r| !cues.text_relations.contains(*r));
        // "Nés bien avant d'avoir un fondement législatif, ils ont été
        // reconnus par la loi": what existed before got a legal basis.
        let recognised = recognition(&r.folded, cue, cues);
        if let Some(basis) = recognised {
            for relation in relations.iter_mut().filter(|r| r.as_str() == "created") {
                *relation = basis;
            }
        }
        // "La forme associative est imposée aux CPTS par l'ordonnance …":
        // a text that imposes a legal form regulates the dispositif.
        if let Some(regulated) = legal_form_imposed(&r.folded, cue, cues, &clauses) {
            relations = vec![regulated];
        }
        // "Le financement des postes … est prévu par l'avenant 7": what the
        // text provides is the noun heading the subject, not the dispositif.
        if let Some(provided) = provision_head(&r.folded, cue, cues, &clauses) {
            relations = vec![provided];
        }
        for relation in relations {
            if cues.text_relations.contains(relation) {
                if !(blocked || billed) && text_relation(r, &spans, cue, relation, cues, &mut out) {
                    break;
                }
                continue;
            }
            let mut read = CueReading {
                cue,
                relation,
                excepted,
                corrected,
                billed,
                previous: &mut previous,
                pending: &mut pending,
            };
            target_relation(r, &spans, &mut read, salient, cues, &mut out);
        }
    }
    let cueless = spans.iter().all(|c| c.relations.is_empty());
    let stated = out.facts.len();
    if let Some(entry) = salient.entry.filter(|_| cueless) {
        glossary_source(r, entry, cues, &mut out);
    }
    // "doivent, depuis l'ordonnance …, être constituées sous la forme d'une
    // association": a legal form required since a text.
    // The text acted: no dated change is read of it as well.
    for (law, relation, target) in legal_form_since(&r.folded, (&r.laws, &r.targets), cues) {
        out.acted.insert(law.clone());
        let fact = (law, relation.to_owned(), target);
        if !out.facts.contains(&fact) {
            out.facts.push(fact);
        }
    }
    // Sources and dated changes state facts, they do not make a text "act"
    // for the rules after them.
    if cueless_for(&r.laws, &out.acted) {
        let mut changes = dated_change(
            &r.folded,
            &r.laws,
            &r.targets,
            salient.previous_subject,
            (cues, &clauses),
        );
        if changes.is_empty() {
            changes = subject_change(r, (cues, &clauses));
        }
        if changes.is_empty() {
            changes = attributed(r, cues);
        }
        if changes.is_empty() {
            changes = status_conferred(r, cues, &clauses);
        }
        for (law, relation, target) in changes {
            out.facts.push((law, relation.to_owned(), target));
        }
    }
    SentenceFacts {
        inferred: out.facts[stated..]
            .iter()
            .filter(|f| !out.facts[..stated].contains(f))
            .cloned()
            .collect(),
        facts: out.facts,
        pending,
    }
}

/// The cues less the beneficiary cues ("au titre de", "rémunération") that
/// no beneficiary verb licenses: those state funding only after a verb whose
/// subject receives the money and is named ("dont bénéficient les MSP au
/// titre de …", "chaque CPTS perçoit une rémunération"); otherwise they are
/// not cues at all. Less too the participles of a succession noun.
fn licensed(r: &Reading, spans: Vec<Cue>, cues: &Cues, clauses: &[usize]) -> Vec<Cue> {
    let folded = r.folded.as_str();
    let conditional = |c: &Cue| {
        folded
            .get(c.at..c.end)
            .is_some_and(|p| cues.beneficiary_cues.contains(p))
    };
    // "issu de l'unification imposée par la loi …": a participle that
    // qualifies a succession noun says what the text did to the merger,
    // nothing of a dispositif; its agent is the cue's before it.
    // Back over the dispositifs it names ("l'unification des PTA, des MAIA
    // et des réseaux de santé imposée par la loi").
    let qualifies_succession = |c: &Cue| {
        let head = folded.get(..c.at).unwrap_or_default();
        let all = words(head);
        for (i, w) in all.iter().enumerate().rev().take(24) {
            let at = w.as_ptr() as usize - head.as_ptr() as usize;
            if r.targets.iter().any(|t| t.at <= at && at < t.end) {
                continue;
            }
            // A noun ("l'unification des …"), not a verb ("ont absorbé les
            // PTA issues de la loi de 2016").
            let bare = w.trim_start_matches("l'").trim_start_matches("d'");
            let complement = all
                .get(i + 1)
                .is_none_or(|n| matches!(*n, "des" | "de" | "du") || n.starts_with("d'"));
            if complement && cues.succession.iter().any(|s| s == bare) {
                return true;
            }
            if !matches!(*w, "des" | "de" | "du" | "la" | "le" | "les" | "et" | "ou") {
                return false;
            }
        }
        false
    };
    // "les expérimentations de financement dérogatoire": a noun cue with
    // no determiner right after a dispositif's name completes that name.
    let completes_a_name = |c: &Cue| {
        let cue = folded.get(c.at..c.end).unwrap_or_default();
        let head = folded.get(..c.at).unwrap_or_default().trim_end();
        !cue.contains(' ')
            && cues.action_nouns.iter().any(|n| n == cue)
            && head
                .strip_suffix(" de")
                .is_some_and(|h| r.targets.iter().any(|t| t.end == h.len()))
    };
    let keep: Vec<bool> = spans
        .iter()
        .map(|c| {
            !qualifies_succession(c)
                && !completes_a_name(c)
                && (!conditional(c)
                    || beneficiary_verb(folded, c, &spans, cues, clauses).is_some_and(|v| {
                        !beneficiaries(folded, (&r.targets, &r.laws), v, c).is_empty()
                    }))
        })
        .collect();
    spans
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// Facts in the order found, and the texts that acted.
#[derive(Default)]
struct Collector {
    facts: Vec<Fact>,
    acted: BTreeSet<String>,
}

impl Collector {
    fn push(&mut self, law: &str, relation: &str, target: &str) {
        self.facts
            .push((law.to_owned(), relation.to_owned(), target.to_owned()));
        self.acted.insert(law.to_owned());
    }
}

/// A law→law cue ("modifié par", "pris en application de"): its agent and
/// patients among the cited texts. Whether a text was its patient.
fn text_relation(
    r: &Reading,
    spans: &[Cue],
    cue: &Cue,
    relation: &str,
    cues: &Cues,
    out: &mut Collector,
) -> bool {
    let (folded, texts) = (r.folded.as_str(), &r.texts);
    let Some(law) = text_agent(
        (&r.sentence.text, folded),
        texts,
        (spans, &cues.origin),
        cue,
    ) else {
        return false;
    };
    let mut patients = if folded
        .get(cue.at..cue.end)
        .is_some_and(|c| cues.origin.contains(c))
    {
        // "… l'article L. 6323-1 du code …, dans sa rédaction issue de
        // l'ordonnance …": the wording is the nearest article's (also when
        // that article is the agent of an earlier cue), not the whole code's.
        let whole_code =
            |t: &Placed| t.entity.contains("/code/") && !t.entity.contains("/article/");
        texts
            .iter()
            .rfind(|t| t.end <= cue.at && !whole_code(t) && t.entity != law.entity)
            .into_iter()
            .collect()
    } else {
        patients_for_cue(folded, texts, (spans, cue), law)
    };
    // "la forme d'une association régie par la loi de 1901": the law of a
    // legal form is changed by no text.
    patients.retain(|p| !super::sentence::legal_form_law(folded, p));
    // "complété par 2 avenants": every text the citation names.
    let mut agents: Vec<&Placed> = texts
        .iter()
        .filter(|t| (t.at, t.end) == (law.at, law.end))
        .collect();
    // "l'accord … du 20 juin 2019, que deux avenants ont complété": the
    // object of a relative "que" is the text it follows.
    let relative_object = words(folded.get(..law.at).unwrap_or_default())
        .last()
        .is_some_and(|w| matches!(*w, "que" | "qu'"));
    if patients.is_empty() && relative_object && law.end <= cue.at {
        let shares_span = |t: &Placed| (t.at, t.end) == (law.at, law.end);
        patients.extend(texts.iter().rfind(|t| t.end <= law.at && !shares_span(t)));
    }
    if patients.is_empty() {
        // "Approuvé par les arrêtés du … et du …, l'ACI …": a fronted
        // participle's patient is the subject after it.
        (agents, patients) = fronted_text_relation(folded, texts, cue, law);
    }
    let shared = |p: &Placed| {
        texts
            .iter()
            .any(|o| (o.at, o.end) == (p.at, p.end) && o.entity != p.entity)
    };
    let mut any = false;
    for agent in agents {
        for patient in &patients {
            let pair = (agent.entity.clone(), patient.entity.clone());
            if shared(patient) && !cues.links.contains(&pair) {
                continue;
            }
            out.push(&agent.entity, relation, &patient.entity);
            any = true;
        }
    }
    any
}

/// One law→dispositif cue being read, and what it leaves to the next.
struct CueReading<'a, 'r> {
    cue: &'a Cue,
    relation: &'a str,
    excepted: Option<&'r Placed>,
    /// The text a correction names after the negated cue: it did what the
    /// cue says, to what the cue governs ("… mais la loi HPST").
    corrected: Option<&'r Placed>,
    billed: bool,
    /// The targets of the previous cue (a coordinated participle shares them).
    previous: &'a mut Vec<&'r Placed>,
    pending: &'a mut Option<Pending>,
}

/// A law→dispositif cue: the text it points to and the targets it governs.
fn target_relation<'r>(
    r: &'r Reading,
    spans: &[Cue],
    read: &mut CueReading<'_, 'r>,
    salient: &Salient,
    cues: &Cues,
    out: &mut Collector,
) {
    let (folded, laws, targets) = (r.folded.as_str(), &r.laws, &r.targets);
    let (cue, relation) = (read.cue, read.relation);
    // "… sont organisés par l'agence régionale de santé conformément au
    // schéma prévu à l'article L. 1434-2": a passive whose agent is an actor
    // says nothing of a text named further on.
    let by_actor = folded.get(..cue.end).is_some_and(|c| c.ends_with(" par"))
        && targets.iter().any(|t| {
            t.at >= cue.end
                && t.entity.contains("/acteur/")
                && words(folded.get(cue.end..t.at).unwrap_or_default()).len() <= 1
        });
    if by_actor {
        return;
    }
    let instrument = instrument_law(folded, laws, spans, cue, cues);
    // "rémunérées au titre de l'ACI": an instrument right after the cue is its
    // agent before any text elsewhere in the sentence.
    let near = |l: &&Placed| words(folded.get(cue.end..l.at).unwrap_or_default()).len() <= 5;
    let Some(law) = read
        .excepted
        .or_else(|| instrument.filter(near))
        .or_else(|| law_for_cue((&r.sentence.text, folded), (laws, targets), spans, cue))
        .or(instrument)
        .or_else(|| conformity_law(folded, laws, cues))
    else {
        return;
    };
    if read.billed && law.at < cue.end {
        return;
    }
    // "… créé la SISA, seule forme permettant à une MSP de percevoir des
    // rémunérations": money a dispositif enables others to receive; the text
    // before did not fund them.
    if relation == "funds" && law.end <= cue.at && enabled_receipt(folded, law.end, cue.at) {
        return;
    }
    // "…, ce qui renforce l'attractivité des MSP": what the clause before
    // did, not the text named in it; "le FIR, créé par la LFSS pour 2012,
    // qui finance les DAC": the relative after an apposed participle's agent
    // stands for the phrase's head, not for the agent.
    if law.end <= cue.at && read.excepted.is_none() {
        let gap = folded.get(law.end..cue.at).unwrap_or_default();
        // After a comma: "en ce qui concerne" is no relative.
        let resumed = cues.resumptive_relatives.iter().any(|p| {
            find_words(gap, p)
                .into_iter()
                .any(|at| gap[..at].trim_end().ends_with(','))
        });
        // "FIR : créé par la LFSS 2012 (art. 65) → finance les CLS": after
        // an arrow, the note speaks of its head again.
        let arrowed = cues.item_arrows.iter().any(|a| gap.contains(a.as_str()));
        if resumed
            || arrowed
            || apposed_agent_relative(folded, targets, law, cue)
            || dispositif_relative(folded, (targets, spans), law, cue)
        {
            return;
        }
    }
    // "Elles existent depuis la loi de 2016": a cue ending in a temporal
    // preposition takes as agent only a text right after it.
    let temporal = folded
        .get(cue.at..cue.end)
        .is_some_and(|c| c.ends_with(" depuis"));
    // Only determiners between ("existait depuis 2011, la loi de 2016 …"
    // names no origin).
    let gap = folded.get(cue.end..law.at.max(cue.end)).unwrap_or_default();
    let determiners = words(gap)
        .iter()
        .all(|w| matches!(*w, "la" | "le" | "les" | "l'"));
    if temporal && (law.at < cue.end || !determiners || gap.contains(',')) {
        return;
    }
    // "Les DAC, issus de la loi de 2019, ont remplacé les PTA": a
    // dispositif that took others over, not a text acting on them.
    let subject_first = targets
        .iter()
        .any(|t| t.end <= law.at && r.words_before(t.at) <= 2);
    // "le DAC du département, né de la fusion de la PTA et de la MAIA, comme
    // le prévoyait la loi …": what it succeeded, whatever text comes after.
    if let Some(phrase) = succession(folded, cue, cues) {
        let named_before = targets.iter().any(|t| t.end <= phrase);
        if (law.end <= cue.at && subject_first) || (law.at >= cue.end && named_before) {
            return;
        }
    }
    // A participle far from the text it would have as subject qualifies a
    // noun ("l'accompagnement renforcé des …").
    let far = law.end <= cue.at && words(folded.get(law.end..cue.at).unwrap_or_default()).len() > 3;
    if far && adjectival((&r.sentence.text, folded), cue) {
        return;
    }
    // A cue whose object is the clitic "en" ("en a précisé la définition")
    // acts on the previous sentence's subject.
    let mut before = words(folded.get(..cue.at).unwrap_or_default());
    // "l'a seulement reconnu": an adverb between the auxiliary and the cue.
    // "n'en ayant que précisé la définition": the "que" of a restriction too.
    while before.len() > 1
        && before
            .last()
            .is_some_and(|w| *w == "que" || cues.insertables.iter().any(|a| a == w))
    {
        before.pop();
    }
    let clitic = before
        .iter()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| {
            matches!(*w[1], "en" | "n'en" | "les" | "leur" | "lui" | "y")
                && matches!(*w[0], "a" | "ont" | "avait" | "avaient" | "ayant")
        })
        // "l'a étendu aux enfants": the object is the previous subject.
        || before
            .last()
            .is_some_and(|w| matches!(*w, "l'a" | "l'ont" | "l'avait" | "l'avaient"))
        // "n'a fait qu'en compléter le régime".
        || before.last().is_some_and(|w| w.ends_with("'en"))
        // "c'est la loi … qui les introduit dans le code": a clitic right
        // before a verb in the present, after its subject.
        || (before.len() >= 2
            && matches!(before[before.len() - 1], "les" | "leur" | "lui" | "en")
            && matches!(
                before[before.len() - 2],
                "qui" | "elle" | "il" | "elles" | "ils"
            ))
        // "le décret n° 2018-629 du 18 juillet 2018 en fixe les conditions": right
        // after the text acting, its subject (not "L'accord de 2017, lui, finance …",
        // a stressed pronoun between commas).
        || (law.end <= cue.at
            && matches!(
                folded.get(law.end..cue.at).map(str::trim),
                Some("les" | "leur" | "lui" | "en")
            ));
    // "La loi 3DS y ajoute un volet …": a cue holding the clitic "y".
    if folded[cue.at..].starts_with("en ") || folded[cue.at..].starts_with("y ") || clitic {
        // Inside a relative clause ("…, qui en a réécrit les conditions"),
        // the clitic stands for the main clause's subject, named before.
        let relative = before.iter().rev().take(4).any(|w| {
            matches!(
                *w,
                "qui" | "lequel" | "laquelle" | "lesquels" | "lesquelles"
            )
        });
        let subject = targets
            .iter()
            .find(|t| t.end <= law.at.min(cue.at))
            .filter(|_| relative)
            .map(|t| t.entity.as_str());
        // … or the dispositif the sentence named in an earlier clause, before
        // the text that is the clitic's subject ("CLS : créés par la loi
        // HPST, la loi 3DS y a ajouté un volet", "Pour les CLSM : le nôtre
        // existait depuis 2011, la loi de 2016 l'a seulement reconnu").
        // What a dispositif of that clause took over ("les DAC, appelés à se
        // substituer aux PTA, aux MAIA …") is not it.
        let succeeded = |t: &Placed| {
            let before = folded.get(..t.at).unwrap_or_default();
            let clause = &before[before.rfind([';', ':']).map_or(0, |p| p + 1)..];
            cues.succession
                .iter()
                .any(|s| !find_words(clause, s).is_empty())
        };
        let earlier_clause = targets
            .iter()
            .filter(|t| !succeeded(t))
            .rfind(|t| t.end <= law.at && law.end <= cue.at)
            .filter(|t| {
                folded
                    .get(t.end..law.at)
                    .is_some_and(|g| g.contains([',', ':', ';']))
            })
            .map(|t| t.entity.as_str());
        // … or, the text acting in both, the dispositif of the clause a colon
        // or semicolon closes ("n'a pas créé les CPTS : elle en a modifié le
        // régime").
        let previous_object = targets
            .iter()
            .rfind(|t| t.at >= law.end && t.end <= cue.at)
            .filter(|t| {
                folded
                    .get(t.end..cue.at)
                    .is_some_and(|g| g.contains([':', ';']))
            })
            .map(|t| t.entity.as_str());
        // … or, the clitic opening the cue, the dispositif right before it
        // ("exerçant sur le territoire d'une CPTS en est réputé membre").
        let adjacent = targets
            .iter()
            .rfind(|t| {
                t.end <= cue.at && words(folded.get(t.end..cue.at).unwrap_or_default()).is_empty()
            })
            .filter(|_| folded[cue.at..].starts_with("en "))
            .map(|t| t.entity.as_str());
        let agent = read.corrected.unwrap_or(law);
        if let Some(theme) = adjacent
            .or(subject)
            .or(earlier_clause)
            .or(previous_object)
            .or(salient.theme)
            .or(salient.previous_subject)
            .or(salient.entry)
        {
            out.push(&agent.entity, relation, theme);
        }
        return;
    }
    // The excepted text comes last; the cue's object follows the cue.
    let agent = Placed {
        at: 0,
        end: 0,
        ..law.clone()
    };
    let as_agent = if read.excepted.is_some() { &agent } else { law };
    let mut chosen = if cues.backward.contains(&folded[cue.at..cue.end]) {
        // "aux ASV la possibilité d'être intégrés …": the patient is before;
        // "leur a permis d'être intégrés …": the previous sentence's subject.
        let before = subject_before_cue(folded, targets, law, cue);
        if before.is_empty() && clitic_before(folded, cue) {
            if let Some(subject) = salient.previous_subject {
                out.push(&law.entity, relation, subject);
            }
        }
        before
    } else {
        targets_for_cue(folded, (targets, laws), spans, cue, as_agent, cues)
    };
    // "…, et l'ordonnance … a assoupli leur cadre": a possessive object
    // stands for the sentence's subject, or else the previous one's.
    let after_cue = words(folded.get(cue.end..).unwrap_or_default());
    let possessive_object = after_cue
        .first()
        .is_some_and(|w| cues.possessives.iter().any(|p| p == w));
    // "elle a imposé leur fusion": their merging is no change of one of them.
    if possessive_object
        && after_cue
            .get(1)
            .is_some_and(|w| cues.succession.iter().any(|s| s == w))
    {
        return;
    }
    // "a redéfini leurs missions : soins de premier recours, …": a cue that
    // holds its possessive object; what it lists after it are not patients.
    let possessive_in_cue = words(folded.get(cue.at..cue.end).unwrap_or_default())
        .iter()
        .skip(1)
        .any(|w| cues.possessives.iter().any(|p| p == w));
    if possessive_in_cue {
        chosen.clear();
    }
    if chosen.is_empty() && (possessive_object || possessive_in_cue) {
        // … or the dispositif the text's title names ("L'ordonnance …
        // relative aux … centres de santé a rénové leur cadre juridique").
        let in_title = targets
            .iter()
            .find(|t| law.at <= t.at && t.end <= law.end && law.end <= cue.at)
            .map(|t| t.entity.as_str());
        // A dispositif the discourse names before the text ("Je rappelle
        // que ces derniers ont été créés par … et que la loi … a redéfini
        // leurs missions") is a subject too, wherever it stands.
        let subject = targets
            .iter()
            .find(|t| {
                t.end <= law.at.min(cue.at)
                    && (r.words_before(t.at) <= 2 || r.discourse.contains(&(t.at, t.end)))
            })
            .map(|t| t.entity.as_str())
            // … or what the sentence's previous cue acted on ("les
            // hôpitaux de proximité ont été redéfinis par la loi …, avant que
            // l'ordonnance … ne fixe leurs missions").
            .or(read.previous.first().map(|t| t.entity.as_str()))
            .or(salient.previous_subject)
            .or(in_title);
        if let Some(subject) = subject {
            out.push(&law.entity, relation, subject);
            return;
        }
    }
    // "…, leurs conditions d'exercice sont fixées par le décret …", "… et
    // ses missions sont fixées par …": a possessive opening a later clause,
    // with no dispositif of its own before its passive cue, stands for the
    // sentence's subject.
    if chosen.is_empty() && law.at >= cue.end {
        if let Some(subject) = possessive_clause_subject(r, cue, cues) {
            chosen.push(subject);
        }
    }
    // "… il a fallu attendre le décret du 18 juillet 2018 pour que notre
    // exercice soit enfin encadré": a possessive subject of the cue's
    // clause, after the text, in a sentence that names no dispositif,
    // stands for the previous sentence's subject.
    if chosen.is_empty() && targets.is_empty() && law.end <= cue.at {
        let between = words(folded.get(law.end..cue.at).unwrap_or_default());
        let possessive = between
            .iter()
            .rev()
            .take(5)
            .any(|w| cues.possessives.iter().any(|p| p == w));
        if let Some(theme) = salient
            .theme
            .or(salient.previous_subject)
            .filter(|_| possessive)
        {
            out.push(&law.entity, relation, theme);
            return;
        }
    }
    // A participle coordinated to the previous one shares its subject ("mis
    // en place par la loi X et renforcés par la loi Y", "créées par la loi
    // de 2016, financées par l'ACI …").
    let juxtaposed = folded
        .get(..cue.at)
        .is_some_and(|b| b.trim_end().ends_with(','))
        && agent_marked(folded, cue);
    // "autorisés par la loi HPST puis réformés par la loi …".
    let coordinated_verb = before.last().is_some_and(|w| matches!(*w, "et" | "puis")) || juxtaposed;
    if chosen.is_empty() && coordinated_verb && law.at > cue.at {
        chosen = read.previous.clone();
    }
    // "Le CLSM, né en 2014, n'a pas été créé par la loi HPST mais a vu son
    // existence reconnue par la loi de 2016": a predicate coordinated by a
    // clause boundary, with no subject of its own (an auxiliary opens it),
    // shares the sentence's subject.
    if chosen.is_empty() && law.at >= cue.end {
        let clauses = clause_starts(folded, cues);
        if let Some(&c) = clauses.iter().filter(|&&c| c <= cue.at).max() {
            let lead = words(folded.get(c..cue.at).unwrap_or_default());
            let coordinated = lead.len() >= 2
                && cues.boundaries.iter().any(|b| b == lead[0])
                && matches!(lead[1], "a" | "ont" | "avait" | "avaient" | "est" | "sont");
            if coordinated {
                chosen.extend(
                    targets
                        .iter()
                        .find(|t| t.end <= c && r.words_before(t.at) <= 3),
                );
            }
        }
    }
    // A class noun ("des outils issus de la loi …") stands for the
    // dispositifs the sentence lists after it, or the next names.
    if chosen.is_empty() {
        match class_noun(folded, cue, law, cues) {
            Some(ClassNoun::Listed(from)) => chosen = announced_list(folded, targets, from),
            Some(ClassNoun::Object(noun)) => {
                *read.pending = Some(Pending {
                    law: law.entity.clone(),
                    relation: relation.to_owned(),
                    noun,
                    line: r.sentence.line,
                    quote: r.sentence.text.clone(),
                    article: r.articles.get(&law.entity).cloned(),
                });
            }
            None => {}
        }
    }
    // "Les MSP bénéficient, depuis l'ACI …, d'une rémunération spécifique":
    // the beneficiary verb's subject is funded, not what follows the cue;
    // an actor a funding noun governs pays ("les rémunérations forfaitaires
    // de l'Assurance maladie").
    if relation == "funds" {
        let payer = |t: &&Placed| {
            let gap = words(folded.get(cue.end..t.at).unwrap_or_default());
            // "… des communautés professionnelles par l'assurance maladie":
            // an actor introduced by "par" pays.
            let by = gap.iter().rev().take(2).any(|w| *w == "par")
                && gap
                    .iter()
                    .rev()
                    .take_while(|w| **w != "par")
                    .all(|w| matches!(*w, "l'" | "la" | "le" | "les"));
            t.at >= cue.end
                && t.entity.contains("/acteur/")
                && !gap.is_empty()
                && (by
                    || (gap.len() <= 2
                        && gap
                            .iter()
                            .all(|w| matches!(*w, "de" | "du" | "des" | "l'" | "d'"))))
        };
        chosen.retain(|t| !payer(t));
        // "la caisse verse à la communauté …": a payment verb funds what it
        // pays to, after it, never its subject.
        if folded
            .get(cue.at..cue.end)
            .is_some_and(|c| cues.payment_verbs.contains(c))
        {
            chosen.retain(|t| t.at >= cue.end);
        }
        let clauses = clause_starts(folded, cues);
        if let Some(verb) = beneficiary_verb(folded, cue, spans, cues, &clauses) {
            let funded = beneficiaries(folded, (targets, laws), verb, cue);
            if !funded.is_empty() {
                chosen = funded;
            }
        }
    }
    // "instituées par la loi …, tout comme les équipes de soins primaires":
    // what a comparative joins after the agent shares the cue.
    if !chosen.is_empty() && law.at >= cue.end {
        chosen.extend(compared(folded, targets, law, cues));
    }
    *read.previous = chosen.clone();
    let titled = r.texts.iter().any(|t| t.at <= cue.at && cue.end <= t.end);
    // A glossary entry's sentence may name other dispositifs in passing,
    // far after the cue ("… en particulier aux médecins traitants"): none
    // before it or close after it leaves the cue to the entry.
    let unrelated = |t: &Placed| {
        t.at >= cue.end && words(folded.get(cue.end..t.at).unwrap_or_default()).len() > 8
    };
    if chosen.is_empty() && targets.iter().all(unrelated) && !titled && !indefinite(folded, cue) {
        if let Some(entry) = salient.entry {
            out.push(&law.entity, relation, entry);
        }
    }
    if let Some(corrected) = read.corrected {
        for target in &chosen {
            out.push(&corrected.entity, relation, &target.entity);
        }
        return;
    }
    for agent in coordinated_subjects(folded, laws, law, cue) {
        for target in &chosen {
            out.push(&agent.entity, relation, &target.entity);
        }
    }
    // "La loi … a défini les soins de premier recours …¹" with the note
    // "¹ Article L. 1411-11 du code …": the code article the sentence cites
    // only in a footnote holds the definition the text wrote.
    if relation == "defines" && !law.footnote {
        for article in laws
            .iter()
            .filter(|l| l.footnote && l.entity.contains("/code/") && l.entity.contains("/article/"))
        {
            for target in &chosen {
                out.push(&article.entity, relation, &target.entity);
            }
        }
    }
}

/// "le fonds d'intervention régional (FIR), créé par la LFSS pour 2012⁴,
/// qui finance …": the text is the agent of a participle apposed to a named
/// dispositif, and the relative right after it stands for that dispositif.
fn apposed_agent_relative(folded: &str, targets: &[Placed], law: &Placed, cue: &Cue) -> bool {
    let gap = folded.get(law.end..cue.at).unwrap_or_default();
    let gap = gap
        .trim_start_matches(|c: char| c.is_ascii_digit() || SUPERSCRIPTS.contains(c) || c == ' ');
    if !(gap.starts_with(", qui ") || gap.starts_with(",qui ")) {
        return false;
    }
    let before = folded.get(..law.at).unwrap_or_default();
    let w = words(before);
    let n = w.len();
    let agent = w.last() == Some(&"par")
        || (n >= 2 && w[n - 2] == "par" && matches!(w[n - 1], "la" | "le" | "les" | "l'"));
    let Some(comma) = before.rfind(',') else {
        return false;
    };
    agent
        && words(&before[comma..]).len() <= 4
        && targets.iter().any(|t| {
            t.end <= comma && words(folded.get(t.end..comma).unwrap_or_default()).is_empty()
        })
}

/// Whether "permet à …", "permettant aux …" (a verb of enabling and its
/// beneficiary) stands between a text and a funding cue after it.
fn enabled_receipt(folded: &str, from: usize, to: usize) -> bool {
    let w = words(folded.get(from..to).unwrap_or_default());
    w.windows(2).any(|p| {
        matches!(
            p[0],
            "permet" | "permettent" | "permettant" | "permettait" | "permis"
        ) && matches!(p[1], "a" | "aux" | "au")
    })
}

/// "La loi Fourcade crée la SISA, qui permet aux maisons de santé de
/// percevoir des financements": a relative "qui" right after a dispositif
/// that an earlier cue of the text governs has that dispositif as subject;
/// its cues are not the text's ("la loi du 13 août 2004 relative à
/// l'assurance maladie, qui a institué …" is).
fn dispositif_relative(
    folded: &str,
    (targets, spans): (&[Placed], &[Cue]),
    law: &Placed,
    cue: &Cue,
) -> bool {
    let gap = folded.get(law.end..cue.at).unwrap_or_default();
    let Some(qui) = gap.rfind(", qui ") else {
        return false;
    };
    let comma = law.end + qui;
    targets.iter().any(|t| {
        t.at >= law.end
            && t.end <= comma
            && t.entity.contains("/dispositif/")
            && spans
                .iter()
                .any(|c| !c.relations.is_empty() && c.at >= law.end && c.end <= t.at)
            && folded.get(t.end..comma).is_some_and(|g| {
                g.chars().all(|c| c == ')' || c == ' ') || {
                    // "(SISA)": an acronym in brackets after the name.
                    let g = g.trim();
                    g.starts_with('(') && g.ends_with(')') && words(g).len() == 1
                }
            })
    })
}

/// The dispositif a possessive opening a later clause stands for ("…,
/// leurs conditions d'exercice sont fixées par le décret …", "… et ses
/// missions sont fixées par …"): the one the sentence names first, at its
/// start, when that clause names none before the cue.
fn possessive_clause_subject<'r>(r: &'r Reading, cue: &Cue, cues: &Cues) -> Option<&'r Placed> {
    let folded = r.folded.as_str();
    let head = folded.get(..cue.at)?;
    let comma = head.rfind([',', ';']).map(|c| c + 1);
    let et = head.rfind(" et ").map(|e| e + " et ".len());
    let from = comma.max(et)?;
    let lead = words(&head[from..]);
    let possessive = lead
        .first()
        .is_some_and(|w| cues.possessives.iter().any(|p| p == w));
    if !possessive || lead.len() > 6 || r.targets.iter().any(|t| t.at >= from && t.end <= cue.at) {
        return None;
    }
    r.targets
        .first()
        .filter(|t| t.end <= from && r.words_before(t.at) <= 3)
}

/// The text a correction names after a negated cue: the next clause opens
/// with a correction marker ("mais", "c'est") and names a text within three
/// words, and that clause states nothing of its own.
fn corrected_text<'b>(
    folded: &str,
    cue: &Cue,
    laws: &'b [Placed],
    spans: &[Cue],
    (cues, clauses): (&Cues, &[usize]),
) -> Option<&'b Placed> {
    let start = clauses.iter().copied().find(|&c| c > cue.end)?;
    let rest = folded.get(start..)?;
    let at = start + (rest.len() - rest.trim_start().len());
    let marker = cues
        .corrections
        .iter()
        .find(|m| find_words(folded.get(at..).unwrap_or_default(), m).first() == Some(&0))?;
    let from = at + marker.len();
    let end = clauses
        .iter()
        .copied()
        .find(|&c| c > from)
        .unwrap_or(folded.len());
    let law = laws
        .iter()
        .find(|l| l.at >= from && l.end <= end && !l.footnote)
        .filter(|l| words(folded.get(from..l.at).unwrap_or_default()).len() <= 3)?;
    let stating = spans
        .iter()
        .any(|c| !c.relations.is_empty() && c.at >= at && c.end <= end);
    (!stating).then_some(law)
}

/// A glossary entry's sentence with no cue whose only citations are its
/// sources (a footnote call, a closing parenthesis): each source defines the
/// entry, or changed it when a change marker dates the sentence ("et,
/// depuis la crise, la participation à …³⁰").
fn glossary_source(r: &Reading, entry: &str, cues: &Cues, out: &mut Collector) {
    let folded = r.folded.as_str();
    let blocked = cues
        .blocking
        .iter()
        .any(|b| !find_words(folded, b).is_empty());
    let relation = change_marked(folded, cues).unwrap_or("defines");
    let source = |l: &Placed| l.footnote || closing_citation(folded, l);
    if blocked || !r.laws.iter().all(source) {
        return;
    }
    let sources: Vec<Fact> = r
        .laws
        .iter()
        .filter(|l| !out.acted.contains(&l.entity))
        .map(|l| (l.entity.clone(), relation.to_owned(), entry.to_owned()))
        .collect();
    out.facts.extend(sources);
}

/// The relation a recognition cue ("reconnues par") carries when the
/// sentence says the dispositif existed before; `None` otherwise (created).
fn recognition<'c>(folded: &str, cue: &Cue, cues: &'c Cues) -> Option<&'c String> {
    let phrase = folded.get(cue.at..cue.end)?;
    let (_, relation) = cues.recognition.iter().find(|(p, _)| p == phrase)?;
    cues.prior_existence
        .iter()
        .any(|m| !find_words(folded, m).is_empty())
        .then_some(relation)
}

/// The relation of a legal-form cue ("impose", "imposée") whose clause
/// names a legal form ("forme associative", "sous la forme d'une
/// association"), if it is one.
fn legal_form_imposed<'c>(
    folded: &str,
    cue: &Cue,
    cues: &'c Cues,
    clauses: &[usize],
) -> Option<&'c String> {
    let phrase = folded.get(cue.at..cue.end)?;
    let (_, relation) = cues.legal_form_cues.iter().find(|(p, _)| p == phrase)?;
    let start = clause_start(clauses, cue.at);
    let end = clauses
        .iter()
        .copied()
        .find(|&c| c > cue.at)
        .unwrap_or(folded.len());
    let clause = folded.get(start..end)?;
    cues.legal_forms
        .iter()
        .any(|f| !find_words(clause, f).is_empty())
        .then_some(relation)
}

/// Whether the cue is a noun with a plural indefinite determiner ("permet
/// d'expérimenter de nouveaux financements", "des financements"): it names
/// no funding of the entry the passage is about (a singular one may: "Q.
/// Comment la MSP est-elle rémunérée ? R. Par une rémunération …").
fn indefinite(folded: &str, cue: &Cue) -> bool {
    let before = words(folded.get(..cue.at).unwrap_or_default());
    before
        .iter()
        .rev()
        .find(|w| {
            !matches!(
                **w,
                "nouveaux" | "nouvelles" | "nouveau" | "nouvelle" | "autres"
            )
        })
        .is_some_and(|w| matches!(*w, "de" | "des" | "d'"))
}

/// The relation of the provision noun heading the subject of a provision
/// participle ("le financement des postes … est prévu par …", "la
/// rémunération forfaitaire des centres de santé prévue par …"): the last
/// such noun of the clause before the cue, within fourteen words, after a
/// determiner, agreeing with the participle in number (and in gender when
/// the determiner shows it: "le financement de la CPTS prévue par la loi"
/// is the CPTS provided for).
fn provision_head<'c>(
    folded: &str,
    cue: &Cue,
    cues: &'c Cues,
    clauses: &[usize],
) -> Option<&'c String> {
    let participle = folded.get(cue.at..cue.end)?;
    if !cues.provision_participles.iter().any(|p| p == participle) {
        return None;
    }
    let form = *words(participle).first()?;
    let plural = form.ends_with('s');
    let feminine = form.trim_end_matches('s').ends_with('e');
    let before = words(folded.get(clause_start(clauses, cue.at)..cue.at)?);
    let (i, noun, relation) = before
        .iter()
        .enumerate()
        .rev()
        .take(14)
        .find_map(|(i, w)| {
            let noun = w.strip_prefix("l'").unwrap_or(w);
            let (_, relation) = cues.provision_heads.iter().find(|(h, _)| h == noun)?;
            Some((i, noun, relation))
        })?;
    let determiner = if before[i].starts_with("l'") {
        "l'"
    } else {
        *before.get(i.checked_sub(1)?)?
    };
    let (gender, number) = match determiner {
        "le" | "un" | "ce" | "du" | "au" => (Some(false), false),
        "la" | "une" | "cette" => (Some(true), false),
        "l'" | "leur" | "son" | "sa" | "notre" | "votre" => (None, false),
        "les" | "des" | "ces" | "leurs" | "ses" | "aux" | "nos" | "vos" => (None, true),
        _ => return None,
    };
    let noun_plural = noun.ends_with(['s', 'x']);
    (number == plural && noun_plural == plural && gender.is_none_or(|f| f == feminine))
        .then_some(relation)
}

/// Where the succession verb ("ont remplacé", "ont absorbé", "né de la
/// fusion") that covers the cue starts, if one does.
fn succession(folded: &str, cue: &Cue, cues: &Cues) -> Option<usize> {
    cues.succession.iter().find_map(|s| {
        find_words(folded, s)
            .into_iter()
            .find(|&at| at <= cue.at && cue.end <= at + s.len())
    })
}

/// The text a conformity marker names ("…, comme le prévoyait la loi du 24
/// juillet 2019"): the agent of a cue that has none of its own.
fn conformity_law<'b>(folded: &str, laws: &'b [Placed], cues: &Cues) -> Option<&'b Placed> {
    cues.conformity.iter().find_map(|marker| {
        find_words(folded, marker).into_iter().find_map(|at| {
            let end = at + marker.len();
            laws.iter()
                .find(|l| l.at >= end && !l.footnote)
                .filter(|l| words(folded.get(end..l.at).unwrap_or_default()).len() <= 2)
        })
    })
}

/// The beneficiary verb that governs a funding cue: in its clause, before it,
/// with no other stating cue between (`"les MSP bénéficient, depuis l'ACI …,
/// d'une rémunération spécifique"`). Its span.
pub(super) fn beneficiary_verb(
    folded: &str,
    cue: &Cue,
    spans: &[Cue],
    cues: &Cues,
    clauses: &[usize],
) -> Option<(usize, usize)> {
    let clause = clause_start(clauses, cue.at);
    cues.beneficiary_verbs
        .iter()
        .flat_map(|v| {
            find_words(folded, v)
                .into_iter()
                .map(move |at| (at, at + v.len()))
        })
        .filter(|&(at, end)| at >= clause && end <= cue.at)
        // Another funding cue may sit between ("perçoivent leur rémunération
        // forfaitaire au titre de …"), no cue of another relation.
        .filter(|&(_, end)| {
            !spans.iter().any(|c| {
                !c.relations.is_empty()
                    && c.relations.iter().any(|r| r != "funds")
                    && c.at >= end
                    && c.end <= cue.at
            })
        })
        .max()
}

/// Who a beneficiary verb says receives the money: its subject, right before
/// it ("les MSP perçoivent"), or after it when inverted ("dont bénéficient
/// les MSP"), with those coordinated to it. The subject may carry a short
/// complement that cites a text, with its date, up to the verb ("les MSP
/// signataires de l'accord … de 2017 perçoivent").
fn beneficiaries<'b>(
    folded: &str,
    (targets, laws): (&'b [Placed], &[Placed]),
    (at, end): (usize, usize),
    cue: &Cue,
) -> Vec<&'b Placed> {
    let close = |a: usize, b: usize| {
        // Elided articles ("l'", "d'") are not counted.
        // "les MSP du territoire continueront de percevoir": a semi-auxiliary
        // before the infinitive is part of the verb.
        let gap = |x: usize, y: usize| {
            let mut w = words(folded.get(x..y).unwrap_or_default());
            if matches!(w.last(), Some(&"de" | &"d'")) && w.len() >= 2 {
                let aux = w[w.len() - 2];
                if aux.starts_with("continu") || aux.starts_with("cess") {
                    w.truncate(w.len() - 2);
                }
            }
            if w.last().is_some_and(|a| {
                matches!(
                    *a,
                    "peut"
                        | "peuvent"
                        | "pourront"
                        | "doit"
                        | "doivent"
                        | "devront"
                        | "vont"
                        | "va"
                )
            }) {
                w.pop();
            }
            w.iter().filter(|w| !w.ends_with('\'')).count()
        };
        // "signataires de", "qui adhèrent à" + the citation, its date or
        // number up to the verb.
        let complement = laws.iter().find(|l| !l.footnote && a <= l.at && l.end <= b);
        gap(a, b) <= 2
            || complement.is_some_and(|l| {
                gap(a, l.at) <= 3
                    && gap(l.end, b) <= 6
                    && !folded.get(l.end..b).unwrap_or_default().contains(',')
            })
    };
    let before: Vec<&Placed> = targets.iter().filter(|t| t.end <= at).collect();
    let mut run = coordinated_run(folded, before.iter().rev().copied(), |t| close(t.end, at));
    if !run.is_empty() {
        run.reverse();
        return run;
    }
    coordinated_run(
        folded,
        targets.iter().filter(|t| t.at >= end && t.end <= cue.at),
        |t| close(end, t.at),
    )
}

/// "Selon l'article L. 6323-3 du code de la santé publique, la maison de
/// santé est …": an attribution frame opening the sentence, the text it
/// cites, then the subject and a copula after the comma.
fn attributed<'c>(r: &Reading, cues: &'c Cues) -> Vec<(String, &'c str, String)> {
    let folded = r.folded.as_str();
    let start = r.start();
    for (frame, relation) in &cues.attribution_frames {
        if find_words(folded, frame).first() != Some(&start) {
            continue;
        }
        let end = start + frame.len();
        let Some(law) = r.laws.iter().find(|l| l.at >= end && !l.footnote) else {
            continue;
        };
        if words(folded.get(end..law.at).unwrap_or_default()).len() > 2 {
            continue;
        }
        let last = r
            .texts
            .iter()
            .filter(|t| t.at >= law.at)
            .map(|t| t.end)
            .max()
            .unwrap_or(law.end)
            .max(law.end);
        let Some(comma) = folded
            .get(last..)
            .and_then(|g| g.find(','))
            .map(|c| last + c)
        else {
            continue;
        };
        let Some(subject) = r
            .targets
            .iter()
            .find(|t| t.at > comma)
            .filter(|t| words(folded.get(comma..t.at).unwrap_or_default()).len() <= 2)
        else {
            continue;
        };
        let after = folded.get(subject.end..).unwrap_or_default().trim_start();
        let copula = cues
            .copulas
            .iter()
            .any(|c| find_words(after, c).first() == Some(&0));
        if copula {
            return vec![(
                law.entity.clone(),
                relation.as_str(),
                subject.entity.clone(),
            )];
        }
    }
    Vec::new()
}

/// "La loi … fait de la maison de santé une personne morale": a text, the
/// subject before a status verb, changed what follows the verb when an
/// attribute (a determiner, "une") comes right after it.
fn status_conferred<'c>(
    r: &Reading,
    cues: &'c Cues,
    clauses: &[usize],
) -> Vec<(String, &'c str, String)> {
    let folded = r.folded.as_str();
    for (phrase, relation) in &cues.status_cues {
        for at in find_words(folded, phrase) {
            let end = at + phrase.len();
            let cue = Cue {
                at,
                end,
                relations: vec![relation.clone()],
            };
            if is_blocked(folded, &cue, cues, clauses) {
                continue;
            }
            let Some(law) = subject_before(folded, &r.laws, at) else {
                continue;
            };
            // The patient right after the verb ("de la maison de santé").
            let Some(target) = r.targets.iter().find(|t| t.at >= end).filter(|t| {
                words(folded.get(end..t.at).unwrap_or_default())
                    .iter()
                    .filter(|w| !w.ends_with('\''))
                    .count()
                    <= 1
            }) else {
                continue;
            };
            let after = words(folded.get(target.end..).unwrap_or_default());
            let attribute = after.first().is_some_and(|w| {
                cues.status_attributes
                    .iter()
                    .any(|d| d == w || (d.ends_with('\'') && w.starts_with(d.as_str())))
            });
            if attribute {
                return vec![(law.entity.clone(), relation.as_str(), target.entity.clone())];
            }
        }
    }
    Vec::new()
}

/// The targets a comparative coordinator joins after a cue's agent ("créées
/// par la loi de 2016, tout comme les ESP"): the agent's citation, its date
/// and title up to a comma, the coordinator, then the run of targets.
fn compared<'b>(folded: &str, targets: &'b [Placed], law: &Placed, cues: &Cues) -> Vec<&'b Placed> {
    let Some(comma) = folded
        .get(law.end..)
        .and_then(|g| g.find(','))
        .map(|c| law.end + c)
    else {
        return Vec::new();
    };
    let tail = folded.get(law.end..comma).unwrap_or_default();
    if words(tail).len() > 10 || targets.iter().any(|t| t.at >= law.end && t.end <= comma) {
        return Vec::new();
    }
    let after = folded.get(comma + 1..).unwrap_or_default().trim_start();
    let from = folded.len() - after.len();
    let Some(phrase) = cues
        .comparatives
        .iter()
        .find(|c| find_words(after, c).first() == Some(&0))
    else {
        return Vec::new();
    };
    let start = from + phrase.len();
    coordinated_run(folded, targets.iter().filter(|t| t.at >= start), |t| {
        words(folded.get(start..t.at).unwrap_or_default()).len() <= 2
    })
}
