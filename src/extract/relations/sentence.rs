//! One sentence as the rules read it: its folded text, the texts and targets
//! placed in it, its cues; and the checks every fact it yields passes.

use super::*;

/// What one sentence offers the rules.
pub(super) struct Reading<'s> {
    pub sentence: &'s Sentence,
    pub folded: String,
    /// The legal texts it cites (an article acting through its law).
    pub texts: Vec<Placed>,
    /// The texts that can act: those cited, and those only the discourse
    /// names ("Cette loi …", "la même loi que …").
    pub laws: Vec<Placed>,
    pub targets: Vec<Placed>,
    /// Per law, the article the sentence cites.
    pub articles: BTreeMap<String, String>,
    /// Its cues, before relays are folded and text names left out.
    pub found: Vec<Cue>,
    /// Spans of the texts and targets only the discourse names ("Elle",
    /// "la même loi", "Leurs missions"): facts read through them are less sure.
    pub discourse: Vec<(usize, usize)>,
}

impl<'s> Reading<'s> {
    /// Places the sentence's mentions (those whose quote is this sentence).
    pub fn new(
        sentence: &'s Sentence,
        legal: &[Mention],
        entities: &[Mention],
        cues: &Cues,
    ) -> Self {
        let in_sentence = |m: &&Mention| {
            m.quote == sentence.text && (sentence.line..=sentence.end_line).contains(&m.line)
        };
        let folded = fold(&sentence.text);
        let here: Vec<&Mention> = legal.iter().filter(in_sentence).collect();
        let (acting, articles) = acting_texts(&here);
        let texts = place(&folded, &acting);
        let named: Vec<Mention> = entities
            .iter()
            .filter(in_sentence)
            .filter(|m| is_target(&m.entity))
            .cloned()
            .collect();
        let occupied: Vec<(usize, usize)> = texts.iter().map(|t| (t.at, t.end)).collect();
        let mut targets = place_outside(&folded, &named, &occupied);
        named_by_article(&folded, &here, cues, &mut targets);
        // "(PEPS, IPEP…)": examples of an open list, not what a cue acts on.
        targets.retain(|t| !in_open_list(&folded, t, &cues.open_lists));
        let found = cue_spans((&sentence.text, &folded), cues);
        // "une association régie par la loi du 1er juillet 1901": the law of
        // a legal form acts on no dispositif.
        let laws = texts
            .iter()
            .filter(|t| !legal_form_law(&folded, t))
            .cloned()
            .collect();
        Reading {
            sentence,
            laws,
            texts,
            targets,
            articles,
            found,
            folded,
            discourse: Vec::new(),
        }
    }

    /// Offset after a leading list or citation marker.
    pub fn start(&self) -> usize {
        lead_len(&self.folded)
    }

    /// Words between the start and `at`.
    pub fn words_before(&self, at: usize) -> usize {
        words(self.folded.get(self.start()..at).unwrap_or_default()).len()
    }

    /// Whether it cites a text and has a cue: a statement, not a glossary
    /// head ("- 2021 : l'avenant 2 modifie l'ACI").
    pub fn states_fact(&self) -> bool {
        !self.laws.is_empty() && self.found.iter().any(|c| !c.relations.is_empty())
    }

    /// The cues the rules read: none inside a text's name, relays folded
    /// into the cue they follow.
    pub fn spans(&self, cues: &Cues) -> Vec<Cue> {
        let own = self
            .found
            .iter()
            .filter(|c| !inside_name(&self.folded, &self.texts, c))
            // A word of a dispositif's own name ("expérimentations de nouveaux
            // modes de rémunération") states nothing.
            .filter(|c| {
                !self.targets.iter().any(|t| {
                    t.at <= c.at && c.end <= t.end && !self.discourse.contains(&(t.at, t.end))
                })
            })
            .cloned()
            .collect();
        let spans = drop_framed(&self.folded, relay_agents(&self.folded, own, cues), cues);
        drop_light_verbs(&self.folded, spans, cues)
    }

    /// The fact as a relation with this sentence's evidence, unless the
    /// checks every fact passes reject it: a text does not act on itself;
    /// a text cited as one of a group ("les ordonnances du …") acts only on
    /// what its title names, and one of several texts sharing a name only on
    /// what the reference data says it acts on.
    pub fn relation(
        &self,
        (law, relation, target): Fact,
        cues: &Cues,
        cueless: bool,
    ) -> Option<Relation> {
        let cited_as =
            |pick: &dyn Fn(&Placed) -> bool| self.laws.iter().any(|l| l.entity == law && pick(l));
        let grouped = cited_as(&|l| l.plural);
        let shared = cited_as(&|l| {
            self.laws
                .iter()
                .any(|o| (o.at, o.end) == (l.at, l.end) && o.entity != l.entity)
        });
        let outside = |known: &BTreeMap<String, BTreeSet<String>>| {
            known.get(&law).is_some_and(|t| !t.contains(&target))
        };
        let outside_title = is_target(&target)
            && ((grouped && outside(&cues.titled)) || (shared && outside(&cues.scope)));
        // "le financement … par l'Assurance maladie au titre de l'accord": an
        // actor pays, a text funds a dispositif (mlg:dispositifOnlyRelation).
        let actor_for_dispositif_relation =
            target.contains("/acteur/") && cues.dispositif_only.contains(&relation);
        let support = self.support(&law, &target, cueless);
        (law != target && !outside_title && !actor_for_dispositif_relation).then(|| Relation {
            support,
            article: self.articles.get(&law).cloned(),
            law,
            relation,
            target,
            line: self.sentence.line,
            end_line: self.sentence.end_line,
            quote: self.sentence.text.clone(),
        })
    }
}

/// A fact before its evidence: `(law, relation, target)`.
pub(super) type Fact = (String, String, String);

impl Reading<'_> {
    /// How directly the sentence names the fact's text and target: by name,
    /// through a footnote call only, or through the discourse; a fact
    /// stated with no cue is an inference.
    fn support(&self, law: &str, target: &str, cueless: bool) -> Support {
        let by_discourse = |p: &Placed| self.discourse.contains(&(p.at, p.end));
        let named = |list: &[Placed], entity: &str| -> Option<bool> {
            let mine: Vec<&Placed> = list.iter().filter(|p| p.entity == entity).collect();
            (!mine.is_empty()).then(|| mine.iter().any(|p| !by_discourse(p)))
        };
        if cueless {
            return Support::Inferred;
        }
        let law_named = named(&self.laws, law);
        let target_named = if is_target(target) {
            named(&self.targets, target)
        } else {
            named(&self.texts, target)
        };
        if law_named != Some(true) || target_named != Some(true) {
            return Support::Discourse;
        }
        let by_name = self
            .laws
            .iter()
            .any(|p| p.entity == law && !p.footnote && !by_discourse(p));
        if by_name {
            Support::Direct
        } else {
            Support::Footnote
        }
    }
}

/// Whether a target sits in a parenthesis that closes an open list of
/// examples ("les expérimentations organisationnelles (PEPS, IPEP…)"): the
/// parenthesis ends with a marker of `mlg:openListMarker` ("…", "etc.").
fn in_open_list(folded: &str, t: &Placed, markers: &[String]) -> bool {
    let before = folded.get(..t.at).unwrap_or_default();
    let Some(open) = before.rfind('(') else {
        return false;
    };
    if before[open..].contains(')') {
        return false;
    }
    let after = folded.get(t.end..).unwrap_or_default();
    let Some(close) = after.find(')') else {
        return false;
    };
    let inner = folded.get(open + 1..t.end + close).unwrap_or_default();
    let inner = inner.trim_end();
    markers.iter().any(|m| {
        // "etc." also without its full stop; "…" and "..." as printed.
        let bare = m.trim_end_matches('.');
        inner.ends_with(m.as_str()) || (!bare.is_empty() && inner.ends_with(bare))
    })
}

/// Whether a text is cited as the law of a legal form (neither agent nor
/// patient of any cue): right after
/// "association" or "société", with "régie(s) par" between or nothing
/// ("association loi 1901").
pub(super) fn legal_form_law(folded: &str, text: &Placed) -> bool {
    let before = words(folded.get(..text.at).unwrap_or_default());
    let tail: Vec<&str> = before
        .iter()
        .rev()
        .skip_while(|w| matches!(**w, "la" | "le" | "l'"))
        .take(3)
        .copied()
        .collect();
    let form = |w: &str| matches!(w, "association" | "associations" | "societe" | "societes");
    match tail.as_slice() {
        [w, ..] if form(w) => true,
        ["par", regie, w, ..] => regie.starts_with("regi") && form(w),
        _ => false,
    }
}
