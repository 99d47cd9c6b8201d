//! The cue lexicon read from the ontology, and where its cues occur in a
//! sentence: spans, clause boundaries, blocking words.

use super::inflection::agreement_forms;
use super::*;

/// The cue lexicon, folded (`ontology/relation-cues.ttl`).
#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// `(folded cue, relation local name)`, longest cues first; a cue with
    /// no relation (`mlg:nonCue`, empty name) claims its words and states nothing.
    pub cues: Vec<(String, String)>,
    /// All cue phrases in one automaton (aho-corasick): a sentence is read
    /// once, not once per cue. Pattern `i` is `phrases[i]`, whose entries
    /// in `cues` are `phrase_cues[i]`.
    matcher: Option<aho_corasick::AhoCorasick>,
    phrase_cues: Vec<Vec<usize>>,
    /// Negations, hypotheticals, bills: they void the cues that follow them
    /// in their clause.
    pub blocking: Vec<String>,
    /// Words that open a new clause ("tandis que", "mais").
    pub boundaries: Vec<String>,
    /// Relative pronouns that, after a comma, open a clause a negation
    /// before them does not reach ("qui").
    pub relative_openers: Vec<String>,
    /// Subjects that refer back to the text the passage is about ("cette loi", "il").
    pub anaphors: Vec<String>,
    /// A text named by its kind alone ("le décret"), with the kind's IRI
    /// path segment (`decret`): the text of that kind cited last.
    pub bare_text_nouns: Vec<(String, String)>,
    /// Pronouns that resume what the previous sentence's text did ("cela"):
    /// its subject only when that sentence had a legal text as subject.
    pub resumptives: Vec<String>,
    /// Words that date a change ("depuis", "désormais"), with the relation a
    /// text cited beside them has to what changed (`modified`).
    pub changes: Vec<(String, String)>,
    /// Exception markers ("à l'exception de", "sauf"): after a negated cue,
    /// the text they name did what the negation denies of the others.
    pub exceptions: Vec<String>,
    /// Bills ("projet de loi"): they void the cues of their clause unless the
    /// cue names its agent, a legal text, after it ("issus de la loi …").
    pub bills: Vec<String>,
    /// Nouns that stand for dispositifs as a class ("outils", "nouveaux
    /// dispositifs"): a cue acting on one acts on the dispositifs the
    /// passage then lists.
    pub class_nouns: Vec<String>,
    /// Cues whose patient comes before them, as the subject of their
    /// infinitive ("la possibilité d'être intégrés"): folded.
    pub backward: BTreeSet<String>,
    /// Participles that, right after a cue's phrase, name its agent ("un
    /// financement pérenne prévu par l'ACI"): folded.
    pub relays: Vec<String>,
    /// Relations between two legal texts (range `mlg:LegalText`).
    pub text_relations: BTreeSet<String>,
    /// Dispositifs named after the article of a law that is their source
    /// (`dcterms:source`): `(article, dispositif)`, the dispositif having a
    /// head noun in `label_heads`, so "expérimentations issues de l'article 51
    /// de la LFSS pour 2018" names the dispositif.
    pub by_article: Vec<(String, String)>,
    /// The head noun of each dispositif's French preferred label
    /// ("communaute" for the CPTS), folded.
    pub label_heads: BTreeMap<String, String>,
    /// Per folded cue, its written forms (lowercase, accents kept): an
    /// accented text must spell the cue with its accents ("réformes", the
    /// noun, is not "réformés").
    pub spellings: BTreeMap<String, BTreeSet<String>>,
    /// Legal text → the dispositifs and actors its French title names: what
    /// it may act on when it is cited only as one of a group ("les
    /// ordonnances publiées au Journal officiel du …").
    pub titled: BTreeMap<String, BTreeSet<String>>,
    /// Legal text → the dispositifs and actors the reference data says it
    /// acts on: how a name shared by several texts ("l'ACI") splits its facts.
    pub scope: BTreeMap<String, BTreeSet<String>>,
    /// Pronouns that open a sentence as its subject ("Elles sont définies …"):
    /// the dispositif the previous sentence named first.
    pub subject_pronouns: Vec<String>,
    /// Possessive determiners opening a sentence ("Leurs missions …", "Son
    /// contenu …"): the dispositif the previous sentence named first.
    pub possessives: Vec<String>,
    /// Verbs of succession ("ont absorbé", "ont remplacé", "ont pris la
    /// suite"): with a dispositif as subject they say what it took over,
    /// nothing a text did.
    pub succession: Vec<String>,
    /// Recognition cues ("reconnues par"): created, or, with a
    /// prior-existence marker in the sentence, the relation they carry
    /// (`givesLegalBasis`).
    pub recognition: Vec<(String, String)>,
    /// Cues ("impose", "imposée") that, with a legal form named in their
    /// clause ("la forme associative"), carry the relation given here.
    pub legal_form_cues: Vec<(String, String)>,
    /// Nouns for what a text provides ("financement", "rémunération") and
    /// the relation a provision participle agreeing with them states.
    pub provision_heads: Vec<(String, String)>,
    /// Creation cues saying a text provides for something ("prévue par").
    pub provision_participles: Vec<String>,
    /// Noun phrases naming a legal form ("forme associative", "sous la forme
    /// d'une association").
    pub legal_forms: Vec<String>,
    /// Words of obligation and the relation they give a legal form dated by
    /// "depuis <texte>" ("doivent", "obligatoire").
    pub obligations: Vec<(String, String)>,
    /// "a fait de" and its relation: a cue only with a make attribute after.
    pub make_cues: Vec<(String, String)>,
    /// What a make cue turns its object into ("la règle").
    pub make_attributes: Vec<String>,
    /// Words saying a dispositif existed before ("bien avant").
    pub prior_existence: Vec<String>,
    /// Restrictive "ne … que" phrases ("n'a fait qu'en compléter"): their
    /// "ne" negates nothing.
    pub restrictions: Vec<String>,
    /// Head nouns of dispositif-like noun phrases ("conférences",
    /// "contrats"): an unknown one a cue relates to a text is a candidate.
    pub candidate_heads: Vec<String>,
    /// "La même loi" (no "que" after it): the law last cited by name.
    pub same_text: Vec<String>,
    /// "La nouvelle loi": the most recent law cited so far.
    pub newest_text: Vec<String>,
    /// "La loi", "le texte" followed by "de <year>": the one text of that
    /// year cited so far.
    pub text_of_year: Vec<String>,
    /// The legal texts of the reference data (with an `eli:title`): what
    /// "la loi de 2019" is when the document cites no law of that year and
    /// the reference data has one.
    pub known_texts: Vec<String>,
    /// `(text, text)` pairs the reference data links (`mlg:basedOn`, ...):
    /// which of the texts sharing a name another text relates to.
    pub links: BTreeSet<(String, String)>,
    /// Verbs whose subject receives money ("bénéficient", "perçoivent"): a
    /// funding cue after one in its clause funds that subject.
    pub beneficiary_verbs: Vec<String>,
    /// Modals that, right before a beneficiary verb, block nothing ("pourront
    /// prétendre à …"): folded.
    pub beneficiary_modals: Vec<String>,
    /// Funding cues that state something only after a beneficiary verb
    /// ("au titre de"): folded.
    pub beneficiary_cues: BTreeSet<String>,
    /// Conjunctions after which "ne" is expletive ("avant que … ne").
    pub expletive_contexts: Vec<String>,
    /// Regulation cues naming a legal framework ("cadre juridique"): the
    /// object of another cue, they state nothing of their own.
    pub frame_nouns: Vec<String>,
    /// Nominal cues naming what is done to a dispositif ("création",
    /// "financement"): the object, not a cue, after a change cue.
    pub action_nouns: Vec<String>,
    /// Verbs that say little of their own ("organise"): a nominal cue as
    /// their object says what the text did.
    pub light_verbs: Vec<String>,
    /// "Comme le prévoyait": the text after it is the agent of a cue with none.
    pub conformity: Vec<String>,
    /// Classifying nouns ("forme d'exercice coordonné"): their complement is
    /// not what a cue acts on.
    pub generic_heads: Vec<String>,
    /// Sentence-opening attributions ("Selon l'article …, X est …"), with
    /// the relation the cited text has to the subject (`defines`).
    pub attribution_frames: Vec<(String, String)>,
    /// Copulas that introduce a definition after an attribution frame.
    pub copulas: Vec<String>,
    /// Verbs conferring a status ("fait de X un Y"), with the relation the
    /// text that is their subject has to X (`modified`), and their forms with
    /// an insertable adverb ("fait aussi de"): folded, longest first.
    pub status_cues: Vec<(String, String)>,
    /// Determiners that open the attribute after "fait de X" ("une").
    pub status_attributes: Vec<String>,
    /// Law→law cues whose agent follows them ("dans sa rédaction issue de
    /// l'ordonnance …"): folded.
    pub origin: BTreeSet<String>,
    /// Words that join, after a cue's agent, more patients to it ("…, tout
    /// comme les équipes de soins primaires"): folded.
    pub comparatives: Vec<String>,
    /// Relatives whose antecedent is the clause before them ("…, ce qui
    /// renforce …"): no text before them is the subject of a cue after.
    pub resumptive_relatives: Vec<String>,
    /// Arrows of notes ("FIR : créé par la LFSS 2012 → finance les CLS"):
    /// what follows one is said of the item's head, so a text before the
    /// arrow is never the subject of a cue after it.
    pub item_arrows: Vec<String>,
    /// Verbs of saying that do not vouch for what they report ("un élu
    /// affirme que « c'est la loi 3DS qui a créé les CLS »"): a cue inside
    /// the guillemets opened right after "<verb> que" states no fact.
    pub claim_verbs: Vec<String>,
    /// Markers closing an open list of examples in a parenthesis ("(PEPS,
    /// IPEP…)"): the targets in it are not what a cue acts on.
    pub open_lists: Vec<String>,
    /// Relative pronouns whose antecedent a text, their subject, acts on
    /// ("la SISA, que la loi … a instituée", "le SAS, auquel la loi … a
    /// donné une base légale"): folded.
    pub object_relatives: Vec<String>,
    /// Pronouns that stress the noun before them ("lui-même"): folded.
    pub intensifiers: Vec<String>,
    /// Relations whose target is a dispositif, never an actor ("funds").
    pub dispositif_only: Vec<String>,
    /// Words opening the clause after a negated cue that name the text that
    /// did it instead ("… mais la loi HPST", "… : c'est la loi Fourcade").
    pub corrections: Vec<String>,
    /// Adverbs that may sit between an auxiliary or a clitic and a cue
    /// ("l'a seulement reconnu"): folded, one word each.
    pub insertables: Vec<String>,
    /// Funding cues whose subject pays ("la caisse verse à …"): they fund
    /// only what follows them. Folded.
    pub payment_verbs: BTreeSet<String>,
    /// Modals of possibility ("peut", "peuvent"): after "depuis <text>,",
    /// what can now be done with a target dates from the text.
    pub enabling_modals: Vec<String>,
    /// Markers of a text that is a cue's instrument ("dans le cadre de",
    /// "au titre de", "grâce à"): folded.
    pub instruments: Vec<String>,
    /// Labels opening a notice's summary ("résumé :"): folded. A summary
    /// that goes on with a cue has the notice's text as its unsaid subject.
    pub summary_labels: Vec<String>,
    /// Phrases saying what a text only did ("n'a fait que", "s'est contentée
    /// de"): the infinitive after them states the fact.
    pub restriction_leads: Vec<String>,
    /// Markers of a claim the sentence says is wrong ("à tort").
    pub misattributions: Vec<String>,
    /// Openings of a sentence that says the one before it is wrong ("C'est
    /// inexact :"): folded.
    pub refutations: Vec<String>,
    /// Leads of a rhetorical question, which asserts ("faut-il rappeler").
    pub rhetorical: Vec<String>,
    /// Infinitives of the cues ("préciser", "simplifier"), with the relation
    /// of the cue they come from: cues only after a restriction lead.
    pub infinitives: Vec<(String, String)>,
    /// Demonstratives that stand for the dispositif the previous sentence
    /// named last ("ces derniers ont été créés par …"): folded.
    pub latter: Vec<String>,
}

impl Cues {
    /// Reads the cue annotations, and the ranges of the relation properties,
    /// from the ontology graph.
    pub fn from_quads(quads: &[oxigraph::model::Quad]) -> Self {
        let p = |local: &str| format!("{MLG}{local}");
        // Word lists by annotation property (`mlg:blockingCue` → "ne", …).
        let mut lists: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut adverbs: Vec<String> = Vec::new();
        let range = format!("{RDFS}range");
        let legal_text = p("LegalText");
        let mut out = Cues::default();
        let (source, pref) = (format!("{DCTERMS}source"), format!("{SKOS}prefLabel"));
        let law_article = |o: &str| {
            o.strip_prefix(ID)
                .is_some_and(|r| r.contains("/article/") && !r.starts_with("code/"))
        };
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut heads: BTreeMap<String, String> = BTreeMap::new();
        let title = format!("{ELI}title");
        let (alt, hidden) = (format!("{SKOS}altLabel"), format!("{SKOS}hiddenLabel"));
        let mut titles: Vec<(String, String)> = Vec::new();
        let mut labels: Vec<(String, String)> = Vec::new();
        for q in quads {
            let NamedOrBlankNode::NamedNode(s) = &q.subject else {
                continue;
            };
            let pred = q.predicate.as_str();
            if let Term::NamedNode(o) = &q.object {
                let legal = s.as_str().starts_with(ID) && !is_target(s.as_str());
                let text = o.as_str().starts_with(ID) && !is_target(o.as_str());
                if legal && text && pred.starts_with(MLG) {
                    out.links
                        .insert((s.as_str().to_owned(), o.as_str().to_owned()));
                }
                if legal && is_target(o.as_str()) && pred.starts_with(MLG) {
                    out.scope
                        .entry(s.as_str().to_owned())
                        .or_default()
                        .insert(o.as_str().to_owned());
                }
            }
            if let Term::Literal(o) = &q.object {
                let fr = o.language() == Some("fr");
                if fr && pred == title {
                    titles.push((s.as_str().to_owned(), fold(o.value())));
                } else if fr
                    && is_target(s.as_str())
                    && [&pref, &alt, &hidden].contains(&&pred.to_owned())
                {
                    labels.push((s.as_str().to_owned(), fold(o.value())));
                }
            }
            if s.as_str().starts_with(&format!("{ID}dispositif/")) {
                match &q.object {
                    Term::NamedNode(o) if pred == source && law_article(o.as_str()) => {
                        sources.push((o.as_str().to_owned(), s.as_str().to_owned()));
                    }
                    Term::Literal(o) if pred == pref && o.language() == Some("fr") => {
                        if let Some(head) = fold(o.value()).split_whitespace().next() {
                            heads.insert(s.as_str().to_owned(), head.to_owned());
                        }
                    }
                    _ => {}
                }
            }
            match &q.object {
                Term::Literal(o) => {
                    let Some(property) = pred.strip_prefix(MLG) else {
                        continue;
                    };
                    let value = fold(o.value());
                    let relation = s.as_str().strip_prefix(MLG).map(str::to_owned);
                    match property {
                        "cue" | "backwardCue" | "nonCue" | "beneficiaryCue" | "originCue" => {
                            out.spellings
                                .entry(value.clone())
                                .or_default()
                                .insert(lower(o.value()));
                            if property == "backwardCue" {
                                out.backward.insert(value.clone());
                            }
                            if property == "beneficiaryCue" {
                                out.beneficiary_cues.insert(value.clone());
                            }
                            if property == "originCue" {
                                out.origin.insert(value.clone());
                            }
                            let relation = relation.filter(|_| property != "nonCue");
                            out.cues.push((value, relation.unwrap_or_default()));
                        }
                        "changeMarker" => out.changes.extend(relation.map(|r| (value, r))),
                        "bareTextNoun" => out
                            .bare_text_nouns
                            .extend(relation.map(|r| (value, r.to_lowercase()))),
                        "recognitionCue" => out.recognition.extend(relation.map(|r| (value, r))),
                        "legalFormCue" => out.legal_form_cues.extend(relation.map(|r| (value, r))),
                        "provisionHead" => out.provision_heads.extend(relation.map(|r| (value, r))),
                        "makeCue" => out.make_cues.extend(relation.map(|r| (value, r))),
                        "obligationMarker" => out.obligations.extend(relation.map(|r| (value, r))),
                        "attributionFrame" => {
                            out.attribution_frames.extend(relation.map(|r| (value, r)));
                        }
                        "statusCue" => out.status_cues.extend(relation.map(|r| (value, r))),
                        "insertable" => adverbs.push(lower(o.value())),
                        _ => lists.entry(property).or_default().push(value),
                    }
                }
                Term::NamedNode(o) if pred == range && o.as_str() == legal_text => {
                    if let Some(local) = s.as_str().strip_prefix(MLG) {
                        out.text_relations.insert(local.to_owned());
                    }
                }
                _ => {}
            }
        }
        for (article, dispositif) in sources {
            if heads.contains_key(&dispositif) {
                out.by_article.push((article, dispositif));
            }
        }
        out.known_texts = titles.iter().map(|(t, _)| t.clone()).collect();
        out.known_texts.sort();
        out.known_texts.dedup();
        for (text, title) in &titles {
            for (target, label) in &labels {
                if !find_words(title, label).is_empty() {
                    out.titled
                        .entry(text.clone())
                        .or_default()
                        .insert(target.clone());
                }
            }
        }
        out.by_article.sort();
        out.label_heads = heads;
        out.insert_agreements();
        out.insert_adverbs(&adverbs);
        let status = out.status_cues.clone();
        for (phrase, relation) in status {
            if let Some((head, rest)) = phrase.split_once(' ') {
                out.status_cues.extend(
                    adverbs
                        .iter()
                        .map(|a| (format!("{head} {} {rest}", fold(a)), relation.clone())),
                );
            }
        }
        out.status_cues
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        out.status_cues.dedup();
        out.cues
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        out.cues.dedup();
        out.index_phrases();
        out.changes.sort();
        // Longest first, so that a longer phrase is tried before its words.
        let mut list = |property: &str| {
            let mut words = lists.remove(property).unwrap_or_default();
            words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            words.dedup();
            words
        };
        out.blocking = list("blockingCue");
        out.boundaries = list("clauseBoundary");
        out.relative_openers = list("relativeOpener");
        out.anaphors = list("anaphor");
        out.resumptives = list("resumptive");
        out.relays = list("relayCue");
        out.exceptions = list("exceptionMarker");
        out.bills = list("billMarker");
        out.class_nouns = list("classNoun");
        out.subject_pronouns = list("subjectPronoun");
        out.possessives = list("possessive");
        out.succession = list("successionCue");
        out.same_text = list("sameText");
        out.newest_text = list("newestText");
        out.text_of_year = list("textOfYear");
        out.prior_existence = list("priorExistence");
        out.candidate_heads = list("candidateHead");
        out.restrictions = list("restriction");
        out.beneficiary_verbs = list("beneficiaryVerb");
        out.beneficiary_modals = list("beneficiaryModal");
        out.expletive_contexts = list("expletiveContext");
        out.frame_nouns = list("frameNoun");
        out.action_nouns = list("actionNoun");
        out.light_verbs = list("lightVerb");
        out.legal_forms = list("legalForm");
        out.provision_participles = list("provisionParticiple");
        out.make_attributes = list("makeAttribute");
        out.make_cues
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        out.conformity = list("conformityMarker");
        out.generic_heads = list("genericHead");
        out.copulas = list("copula");
        out.status_attributes = list("statusAttribute");
        out.comparatives = list("comparativeCoordinator");
        out.resumptive_relatives = list("resumptiveRelative");
        out.item_arrows = list("itemArrow");
        out.claim_verbs = list("claimVerb");
        out.open_lists = list("openListMarker");
        out.object_relatives = list("objectRelative");
        out.intensifiers = list("intensifier");
        out.dispositif_only = list("dispositifOnlyRelation");
        out.corrections = list("correctionMarker");
        out.latter = list("latterDemonstrative");
        out.payment_verbs = list("paymentVerb").into_iter().collect();
        out.enabling_modals = list("enablingModal");
        out.instruments = list("instrumentMarker");
        out.summary_labels = list("summaryLabel");
        out.restriction_leads = out.restrictions.clone();
        out.restriction_leads.extend(list("restrictionLead"));
        out.rhetorical = list("rhetoricalLead");
        out.misattributions = list("misattribution");
        out.refutations = list("refutation");
        out.restriction_leads
            .sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        out.infinitives = out.infinitive_forms();
        out.insertables = adverbs
            .iter()
            .map(|a| fold(a))
            .filter(|a| !a.contains(' '))
            .collect();
        out.recognition.sort();
        out.legal_form_cues.sort();
        out.provision_heads.sort();
        out.attribution_frames
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        out
    }

    /// Builds the automaton over the distinct cue phrases (`cues` is sorted,
    /// so the entries of one phrase are next to each other).
    fn index_phrases(&mut self) {
        let mut phrases: Vec<&str> = Vec::new();
        self.phrase_cues.clear();
        for (i, (phrase, _)) in self.cues.iter().enumerate() {
            if phrases.last() == Some(&phrase.as_str()) {
                self.phrase_cues
                    .last_mut()
                    .expect("one list per phrase")
                    .push(i);
            } else {
                phrases.push(phrase);
                self.phrase_cues.push(vec![i]);
            }
        }
        self.matcher = aho_corasick::AhoCorasick::new(&phrases).ok();
    }

    /// Adds the agreement forms of each cue's first word that the lexicon
    /// does not list ("prévu par" → "prévue par"; "datent de" → "date de"),
    /// with the relation and the kind (backward, beneficiary, origin) of the
    /// cue they come from; a form the lexicon lists keeps its own entries.
    fn insert_agreements(&mut self) {
        let listed: BTreeSet<String> = self.cues.iter().map(|(c, _)| c.clone()).collect();
        let mut extra = Vec::new();
        for (cue, relation) in &self.cues {
            for written in self.spellings.get(cue).into_iter().flatten() {
                let (head, rest) = written.split_once(' ').unwrap_or((written, ""));
                for form in agreement_forms(head) {
                    let varied = if rest.is_empty() {
                        form
                    } else {
                        format!("{form} {rest}")
                    };
                    let folded = fold(&varied);
                    if !listed.contains(&folded) {
                        extra.push((folded, relation.clone(), varied, cue.clone()));
                    }
                }
            }
        }
        for (folded, relation, written, from) in extra {
            self.spellings
                .entry(folded.clone())
                .or_default()
                .insert(written);
            for set in [
                &mut self.backward,
                &mut self.beneficiary_cues,
                &mut self.origin,
            ] {
                if set.contains(&from) {
                    set.insert(folded.clone());
                }
            }
            self.cues.push((folded, relation));
        }
    }

    /// The infinitive of each cue's first word, for verbs of the first and
    /// second groups ("precise" → "preciser", "defini" → "definir"); other
    /// words get forms no text spells, which never match.
    fn infinitive_forms(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .cues
            .iter()
            .filter(|(_, relation)| !relation.is_empty())
            .filter_map(|(cue, relation)| {
                let (head, rest) = cue.split_once(' ').unwrap_or((cue, ""));
                // "ouvre" → "ouvrir" too: the third group's verbs in -vrir, -frir.
                let infinitive = match head.strip_suffix("re") {
                    Some(stem) if stem.ends_with(['v', 'f']) => format!("{stem}rir"),
                    _ => (head.chars().count() > 3 && head.ends_with(['e', 'i']))
                        .then(|| format!("{head}r"))?,
                };
                let phrase = if rest.is_empty() {
                    infinitive
                } else {
                    format!("{infinitive} {rest}")
                };
                Some((phrase, relation.clone()))
            })
            .collect();
        out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        out.dedup();
        out
    }

    /// Adds the forms of each multi-word cue with an adverb after its first
    /// word ("issus notamment de", "mis également en place").
    fn insert_adverbs(&mut self, adverbs: &[String]) {
        let mut extra = Vec::new();
        for (cue, relation) in &self.cues {
            let Some((head, rest)) = cue.split_once(' ') else {
                continue;
            };
            for adverb in adverbs {
                let folded = format!("{head} {} {rest}", fold(adverb));
                let written: BTreeSet<String> = self
                    .spellings
                    .get(cue)
                    .into_iter()
                    .flatten()
                    .filter_map(|w| w.split_once(' '))
                    .map(|(h, r)| format!("{h} {adverb} {r}"))
                    .collect();
                self.spellings
                    .entry(folded.clone())
                    .or_default()
                    .extend(written);
                extra.push((folded, relation.clone()));
            }
        }
        self.cues.extend(extra);
    }
}

/// Lowercase with apostrophes and spaces unified, accents kept.
pub(super) fn lower(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
            '\u{a0}' | '\u{202f}' => ' ',
            _ => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Whether the original text at a cue's place spells it: any spelling when
/// the words carry no accent (a text typed without them), else one of the
/// cue's own.
pub(super) fn spelled(cues: &Cues, cue: &str, written: &str) -> bool {
    let written = lower(written);
    !written.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
        || cues.spellings.get(cue).is_none_or(|s| s.contains(&written))
}

/// Cue occurrences, longest cue first, non-overlapping, in sentence order;
/// a span carries every relation its words state.
pub(super) fn cue_spans((original, folded): (&str, &str), cues: &Cues) -> Vec<Cue> {
    // Every whole-word occurrence of every cue, in the lexicon's order
    // (longest first), then the text's.
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    if let Some(matcher) = &cues.matcher {
        for m in matcher.find_overlapping_iter(folded) {
            let (at, end) = (m.start(), m.end());
            if boundary(folded[..at].chars().next_back()) && boundary(folded[end..].chars().next())
            {
                for &i in &cues.phrase_cues[m.pattern().as_usize()] {
                    found.push((i, at, end));
                }
            }
        }
    }
    found.sort_unstable();
    let mut spans: Vec<Cue> = Vec::new();
    for (i, at, end) in found {
        let (cue, relation) = &cues.cues[i];
        if !spelled(cues, cue, &original_span(original, folded, at, end)) {
            continue;
        }
        let relations = if relation.is_empty() {
            Vec::new()
        } else {
            vec![relation.clone()]
        };
        merge_span(&mut spans, Cue { at, end, relations });
    }
    for cue in restricted_infinitives(folded, cues) {
        // The infinitive phrase is the longer reading of the words it covers
        // ("n'a fait qu'en préciser la définition": not "définition").
        spans.retain(|c| !(cue.at <= c.at && c.end <= cue.end && c.end - c.at < cue.end - cue.at));
        merge_span(&mut spans, cue);
    }
    for cue in made_into(folded, cues) {
        merge_span(&mut spans, cue);
    }
    spans.sort_by_key(|c| c.at);
    spans
}

/// Adds a cue found: its relations join those of a cue at the same place;
/// one that overlaps a cue found before (a longer one) is dropped.
fn merge_span(spans: &mut Vec<Cue>, cue: Cue) {
    if let Some(same) = spans
        .iter_mut()
        .find(|c| c.at == cue.at && c.end == cue.end)
    {
        for relation in cue.relations {
            if !same.relations.contains(&relation) {
                same.relations.push(relation);
            }
        }
    } else if !spans.iter().any(|c| cue.at < c.end && c.at < cue.end) {
        spans.push(cue);
    }
}

/// "a fait de l'adhésion à une CPTS la règle": a make cue with a make
/// attribute within twelve words after it, as a cue of its relation. The
/// longest make cue at a place wins.
fn made_into(folded: &str, cues: &Cues) -> Vec<Cue> {
    let mut out: Vec<Cue> = Vec::new();
    for (phrase, relation) in &cues.make_cues {
        for at in find_phrase(folded, phrase) {
            // "le fait de rejoindre …": the noun, not the verb.
            let noun = words(folded.get(..at).unwrap_or_default())
                .last()
                .is_some_and(|w| matches!(*w, "le" | "du" | "au"));
            if noun {
                continue;
            }
            let end = at + phrase.len();
            let reach = after_words(folded, end, 12);
            let window = folded.get(end..reach).unwrap_or_default();
            let attribute = cues.make_attributes.iter().find_map(|a| {
                find_words(window, a)
                    .first()
                    .map(|&p| (a.as_str(), end + p + a.len()))
            });
            // "répute X membre de la CPTS": an attribute that ends in "de"
            // introduces the dispositif; the cue reaches it.
            let end = match attribute {
                Some((a, after)) if a.ends_with(" de") => after,
                _ => end,
            };
            if attribute.is_some() && !out.iter().any(|c| at < c.end && c.at < end) {
                out.push(Cue {
                    at,
                    end,
                    relations: vec![relation.clone()],
                });
            }
        }
    }
    out
}

/// "n'a fait que préciser l'organisation des DAC", "s'est contentée d'en
/// simplifier la création": the infinitive after a restriction lead (a
/// clitic "en" or "y" may come between), as a cue of its verb's relations.
fn restricted_infinitives(folded: &str, cues: &Cues) -> Vec<Cue> {
    let mut out: Vec<Cue> = Vec::new();
    for lead in &cues.restriction_leads {
        for at in find_phrase(folded, lead) {
            let mut from = at + lead.len();
            let rest = folded.get(from..).unwrap_or_default();
            let trimmed = rest.trim_start();
            from += rest.len() - trimmed.len();
            for clitic in ["en ", "y "] {
                if folded.get(from..).is_some_and(|t| t.starts_with(clitic)) {
                    from += clitic.len();
                }
            }
            let tail = folded.get(from..).unwrap_or_default();
            let mut relations: Vec<String> = Vec::new();
            let mut end = 0;
            for (phrase, relation) in &cues.infinitives {
                let whole = tail.starts_with(phrase.as_str())
                    && tail[phrase.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric());
                if whole && phrase.len() >= end {
                    if phrase.len() > end {
                        relations.clear();
                        end = phrase.len();
                    }
                    if !relations.contains(relation) {
                        relations.push(relation.clone());
                    }
                }
            }
            if end > 0 && !out.iter().any(|c| c.at == from) {
                out.push(Cue {
                    at: from,
                    end: from + end,
                    relations,
                });
            }
        }
    }
    out
}

/// Whether a cue is a word of a cited text's name ("loi de financement de la
/// sécurité sociale") rather than of its subject ("instruction … relative à
/// la généralisation des CLSM").
pub(super) fn inside_name(folded: &str, texts: &[Placed], cue: &Cue) -> bool {
    texts.iter().any(|t| {
        t.at <= cue.at && cue.end <= t.end && {
            let head = folded.get(t.at..cue.at).unwrap_or_default();
            !["relati", "portant", "visant", "en faveur", "pour "]
                .iter()
                .any(|m| head.contains(m))
        }
    })
}

/// Where the clause holding offset `at` starts (one of `clauses`, or 0).
pub(super) fn clause_start(clauses: &[usize], at: usize) -> usize {
    clauses
        .iter()
        .copied()
        .filter(|&c| c <= at)
        .max()
        .unwrap_or(0)
}

/// Offsets where a clause starts: after `;`, `:` and clause-opening words.
pub(super) fn clause_starts(folded: &str, cues: &Cues) -> Vec<usize> {
    let mut out: Vec<usize> = folded
        .char_indices()
        .filter(|(_, c)| matches!(c, ';' | ':'))
        .map(|(i, _)| i + 1)
        .collect();
    for b in &cues.boundaries {
        out.extend(find_words(folded, b));
    }
    out.sort_unstable();
    out
}

/// A negation or hypothetical voids the cues that follow it (or that it
/// encloses: "ne crée pas") up to the end of its clause.
pub(super) fn is_blocked(folded: &str, cue: &Cue, cues: &Cues, clauses: &[usize]) -> bool {
    if quoted_claim(folded, cue, cues)
        || asked(folded, cue, cues)
        || misattributed(folded, cue, cues, clauses)
    {
        return true;
    }
    // "n'a fait qu'en compléter …": a restriction, not a negation.
    let mut restricted: Vec<(usize, usize)> = cues
        .restrictions
        .iter()
        .flat_map(|p| {
            folded
                .match_indices(p.as_str())
                .map(move |(at, _)| (at, at + p.len()))
        })
        .collect();
    restricted.extend(expletive_ne(folded, cues, clauses));
    restricted.extend(restrictive_ne(folded, cues, clauses));
    restricted.extend(participle_ne(folded));
    restricted.extend(beneficiary_modals(folded, cues));
    // A relative clause after a comma ("Cette aide ne relève pas de l'accord
    // de 2017, qui finance …") states what its antecedent does: a negation
    // before it does not reach in.
    let mut clauses = clauses.to_vec();
    clauses.extend(relative_openers(folded, cues));
    clauses.sort_unstable();
    if restricted.is_empty() {
        return blocked_by(folded, cue, &cues.blocking, &clauses);
    }
    let mut masked = folded.to_owned();
    for (at, end) in restricted {
        masked.replace_range(at..end, &" ".repeat(end - at));
    }
    blocked_by(&masked, cue, &cues.blocking, &clauses)
}

/// Where a relative clause set off by a comma opens (", qui …").
fn relative_openers(folded: &str, cues: &Cues) -> Vec<usize> {
    cues.relative_openers
        .iter()
        .flat_map(|r| find_words(folded, r))
        .filter(|&at| folded[..at].trim_end().ends_with(','))
        .collect()
}

/// A beneficiary's modal right before a beneficiary verb ("les MSP pourront
/// prétendre à la rémunération d'équipe prévue par l'accord …"): what they
/// will be able to claim, which the text provides already. Its span.
fn beneficiary_modals(folded: &str, cues: &Cues) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for b in &cues.beneficiary_modals {
        for at in find_words(folded, b) {
            let end = at + b.len();
            let next = words(folded.get(end..).unwrap_or_default());
            if next
                .first()
                .is_some_and(|w| cues.beneficiary_verbs.iter().any(|v| v == w))
            {
                out.push((at, end));
            }
        }
    }
    out
}

/// A cue in the reach of a misattribution ("La création des MSP est
/// souvent attribuée à tort à la loi HPST, qui …"): from the start of its
/// clause to the first comma after the marker.
fn misattributed(folded: &str, cue: &Cue, cues: &Cues, clauses: &[usize]) -> bool {
    cues.misattributions.iter().any(|m| {
        find_words(folded, m).into_iter().any(|at| {
            let start = clause_start(clauses, at);
            let end = folded[at..].find(',').map_or(folded.len(), |c| at + c);
            start <= cue.at && cue.end <= end
        })
    })
}

/// Whether a sentence opens by saying the one before it is wrong ("C'est
/// inexact : …", "Faux, …"): a refutation followed by punctuation, not one
/// that goes on to name what is wrong ("C'est faux de dire que …").
pub(super) fn refutes_previous(text: &str, cues: &Cues) -> bool {
    let folded = fold(text.trim_start_matches(|c: char| !c.is_alphanumeric()));
    cues.refutations.iter().any(|r| {
        folded.strip_prefix(r.as_str()).is_some_and(|rest| {
            rest.trim_start()
                .chars()
                .next()
                .is_none_or(|c| matches!(c, ':' | ',' | '.' | ';' | '!' | '\u{2014}' | '\u{2013}'))
        })
    })
}

/// Whether a quotation in the sentence is followed by a refutation that ends
/// it ("« La maison de santé a été créée par la loi HPST. » FAUX."): the
/// quoted claim states nothing.
pub(super) fn refutes_own_quote(text: &str, cues: &Cues) -> bool {
    text.match_indices('»')
        .any(|(at, q)| refutes_previous(&text[at + q.len()..], cues))
}

/// Whether the first end of clause after `from` is a question mark.
pub(super) fn question_follows(folded: &str, from: usize) -> bool {
    let rest = folded.get(from..).unwrap_or_default();
    rest.find(['.', ';', '!', '?'])
        .is_some_and(|i| rest[i..].starts_with('?'))
}

/// A cue in a question ("La loi de 2019 a-t-elle créé les hôpitaux de
/// proximité ?", "« Un DAC peut-il être financé par l'ACI ? »"): the first
/// end of clause after it is a question mark. A rhetorical question
/// ("Faut-il rappeler les expérimentations ouvertes par … ?") asserts.
fn asked(folded: &str, cue: &Cue, cues: &Cues) -> bool {
    question_follows(folded, cue.end)
        && !cues
            .rhetorical
            .iter()
            .any(|r| !find_words(folded.get(..cue.at).unwrap_or_default(), r).is_empty())
}

/// A cue inside guillemets opened right after a verb of saying and "que"
/// ("l'article écrit que les MSP « ont été créées par la loi HPST »"): a
/// claim reported, not vouched for. Still open at the cue: no "»" between.
fn quoted_claim(folded: &str, cue: &Cue, cues: &Cues) -> bool {
    let head = folded.get(..cue.at).unwrap_or_default();
    let Some(open) = head.rfind('«') else {
        return false;
    };
    if head[open..].contains('»') {
        return false;
    }
    let before = words(&head[..open]);
    let n = before.len();
    // "affirme que « … »", "écrit que les MSP « … »": the verb and "que"
    // within the four words before the guillemets.
    (0..n).rev().take(4).any(|i| {
        (before[i] == "que" || before[i] == "qu'")
            && i > 0
            && cues.claim_verbs.iter().any(|v| v == before[i - 1])
    })
}

/// The words that complete a negating "ne" ("pas", "jamais", …): with none
/// of them, "ne" is expletive or restrictive.
const NEGATION_COMPLEMENTS: [&str; 11] = [
    "pas",
    "plus",
    "jamais",
    "rien",
    "aucun",
    "aucune",
    "guere",
    "point",
    "personne",
    "nullement",
    "ni",
];

/// Words after a "ne" within which a "que" makes it restrictive.
const RESTRICTION_REACH: usize = 16;

/// A restrictive "ne … que" ("les CPTS n'ont véritablement pris leur essor
/// qu'après la signature de l'ACI …", "les CPTS ne sont financées par l'accord
/// conventionnel interprofessionnel du 20 juin 2019 qu'après …"): a "ne" (or
/// "n'" + verb) followed in its clause, within [`RESTRICTION_REACH`] words, by
/// "que" or "qu'…" with no negation complement between. Its span, which
/// negates nothing.
fn restrictive_ne(folded: &str, cues: &Cues, clauses: &[usize]) -> Vec<(usize, usize)> {
    let negators = cues
        .blocking
        .iter()
        .filter(|b| b.as_str() == "ne" || (b.starts_with("n'") && !b.contains(' ')));
    let mut out = Vec::new();
    for b in negators {
        for at in find_words(folded, b) {
            let from = at + b.len();
            let clause_end = clauses
                .iter()
                .copied()
                .find(|&c| c > at)
                .unwrap_or(folded.len());
            let after = words(folded.get(from..clause_end).unwrap_or_default());
            let mut restrictive = false;
            for w in after.iter().take(RESTRICTION_REACH) {
                if NEGATION_COMPLEMENTS.contains(w) {
                    break;
                }
                if *w == "que" || w.starts_with("qu'") {
                    restrictive = true;
                    break;
                }
            }
            if restrictive {
                out.push((at, from));
            }
        }
    }
    out
}

/// A folded "ne" that is the participle "né" ("né en 2014", "né de la
/// fusion"): the word after it is one a negated verb never starts with (a
/// preposition; a negation elides before a vowel, "n'en").
fn participle_ne(folded: &str) -> Vec<(usize, usize)> {
    find_words(folded, "ne")
        .into_iter()
        .filter(|&at| {
            words(folded.get(at + 2..).unwrap_or_default())
                .first()
                .is_some_and(|w| {
                    matches!(
                        *w,
                        "en" | "de"
                            | "du"
                            | "des"
                            | "dans"
                            | "a"
                            | "au"
                            | "aux"
                            | "sous"
                            | "avec"
                            | "pour"
                            | "par"
                            | "entre"
                    ) || w.starts_with("d'")
                })
        })
        .map(|at| (at, at + 2))
        .collect()
}

/// The expletive "ne" of the sentence ("avant que l'ACI ne pérennise …"): a
/// "ne" after an expletive context in the same clause, with no "pas",
/// "plus", "jamais", "rien", "aucun" … within three words after it.
fn expletive_ne(folded: &str, cues: &Cues, clauses: &[usize]) -> Vec<(usize, usize)> {
    let contexts: Vec<usize> = cues
        .expletive_contexts
        .iter()
        .flat_map(|c| {
            let len = c.len();
            find_words(folded, c).into_iter().map(move |at| at + len)
        })
        .collect();
    find_words(folded, "ne")
        .into_iter()
        .filter(|&at| {
            contexts
                .iter()
                .any(|&c| c <= at && !clauses.iter().any(|&k| c < k && k <= at))
        })
        .filter(|&at| {
            !words(folded.get(at + 2..).unwrap_or_default())
                .iter()
                .take(3)
                .any(|w| {
                    matches!(
                        *w,
                        "pas"
                            | "plus"
                            | "jamais"
                            | "rien"
                            | "aucun"
                            | "aucune"
                            | "guere"
                            | "point"
                            | "personne"
                            | "nullement"
                    )
                })
        })
        .map(|at| (at, at + 2))
        .collect()
}

/// Whether a bill ("projet de loi") is in the cue's clause before it.
pub(super) fn bill_before(folded: &str, cue: &Cue, cues: &Cues, clauses: &[usize]) -> bool {
    blocked_by(folded, cue, &cues.bills, clauses)
}

fn blocked_by(folded: &str, cue: &Cue, words: &[String], clauses: &[usize]) -> bool {
    // A participle apposed after a comma ("ne touche pas au médecin
    // traitant, issu de la loi du 13 août 2004, …") is a clause of its own.
    let before = folded.get(..cue.at).unwrap_or_default().trim_end();
    let apposed = before.ends_with(',').then(|| before.len() - 1);
    words.iter().any(|b| {
        find_words(folded, b).into_iter().any(|at| {
            at <= cue.at + 1
                && !clauses.iter().any(|&c| at < c && c <= cue.at)
                && apposed.is_none_or(|comma| at > comma)
                || (cue.at..cue.end).contains(&at)
        })
    })
}

/// Whether a past-participle cue qualifies the noun before it ("le suivi
/// et l'accompagnement renforcé des situations") rather than states what a
/// text did: no auxiliary before it, no comma (a fronted or apposed
/// participle), and no agent after "par".
pub(super) fn adjectival((original, folded): (&str, &str), cue: &Cue) -> bool {
    let written = original_span(original, folded, cue.at, cue.end);
    // "crée" is the present of "créer", not a participle ("créée").
    let lowered = written.to_lowercase();
    let present = lowered.ends_with("crée") && !lowered.ends_with("créée");
    let participle = !written.contains(' ')
        && !present
        // "de missions définies dans le présent contrat": -ir verbs too.
        && ["é", "ée", "és", "ées", "i", "ie", "is", "ies"]
            .iter()
            .any(|e| lowered.ends_with(e));
    if !participle || agent_marked(folded, cue) {
        return false;
    }
    let before = folded.get(..cue.at).unwrap_or_default().trim_end();
    let clause = before.rsplit([',', ';', ':']).next().unwrap_or(before);
    // An auxiliary within three words ("a en revanche créé", "ont été
    // renforcées"), also after an elided clitic ("l'a consacré").
    let auxiliary = words(clause).iter().rev().take(3).any(|w| {
        let w = w.rsplit('\'').next().unwrap_or(w);
        matches!(
            w,
            "a" | "ont"
                | "avait"
                | "avaient"
                | "aura"
                | "auront"
                | "est"
                | "sont"
                | "ete"
                | "etait"
                | "etaient"
                | "sera"
                | "seront"
                | "etre"
                | "fut"
                | "furent"
                // The subjunctive ("pour que leur exercice soit encadré").
                | "soit"
                | "soient"
                | "ait"
                | "aient"
        )
    });
    !words(before).is_empty() && !auxiliary && !before.ends_with(',') && !before.ends_with("et")
}

/// A definite, possessive or demonstrative determiner ("la", "leur", "ces").
fn determiner(w: &str) -> bool {
    matches!(
        w,
        "le" | "la"
            | "les"
            | "l'"
            | "leur"
            | "leurs"
            | "son"
            | "sa"
            | "ses"
            | "notre"
            | "nos"
            | "votre"
            | "vos"
            | "ce"
            | "cet"
            | "cette"
            | "ces"
    )
}

/// Drops a frame or action noun ("cadre juridique", "création") that is the
/// object of the change cue right before it ("a fait évoluer le cadre
/// juridique des CPTS", "a rénové leur cadre juridique", "n'a fait qu'en
/// simplifier la création"), or the creation a regulating cue governs
/// ("régit la création et le fonctionnement des centres de santé"): that
/// cue says what the text did.
pub(super) fn drop_framed(folded: &str, mut spans: Vec<Cue>, cues: &Cues) -> Vec<Cue> {
    let framed: Vec<usize> = (1..spans.len())
        .filter(|&i| {
            let (object, verb) = (&spans[i], &spans[i - 1]);
            let phrase = folded.get(object.at..object.end).unwrap_or_default();
            let gap = words(folded.get(verb.end..object.at).unwrap_or_default());
            cues.frame_nouns
                .iter()
                .chain(&cues.action_nouns)
                .any(|f| f == phrase)
                && (verb.relations.iter().any(|r| r == "modified")
                    // "régit la création … des centres de santé" regulates
                    // them; "encadre le financement des MSP" still funds.
                    || (verb.relations.iter().any(|r| r == "regulates")
                        && object.relations.iter().all(|r| r == "created")))
                && gap.len() <= 2
                && gap.iter().all(|w| determiner(w))
        })
        .collect();
    for i in framed.into_iter().rev() {
        spans.remove(i);
    }
    spans
}

/// Drops a light verb ("a organisé") whose object is a nominal cue ("a
/// organisé la consolidation et la généralisation des CLSM", "a organisé
/// leur labellisation" is no such noun): the noun says what the text did.
pub(super) fn drop_light_verbs(folded: &str, mut spans: Vec<Cue>, cues: &Cues) -> Vec<Cue> {
    let light: Vec<usize> = (0..spans.len().saturating_sub(1))
        .filter(|&i| {
            let (verb, object) = (&spans[i], &spans[i + 1]);
            let gap = words(folded.get(verb.end..object.at).unwrap_or_default());
            folded
                .get(verb.at..verb.end)
                .is_some_and(|v| cues.light_verbs.iter().any(|l| l == v))
                && !object.relations.is_empty()
                && !folded
                    .get(object.at..object.end)
                    .unwrap_or_default()
                    .contains(' ')
                && gap.len() <= 5
                && !folded
                    .get(verb.end..object.at)
                    .is_some_and(|g| g.contains([',', ';', ':', '.']))
                && gap.last().is_some_and(|w| determiner(w))
        })
        .collect();
    for i in light.into_iter().rev() {
        spans.remove(i);
    }
    spans
}

/// Folds a relay participle into the cue it follows within three words
/// ("bénéficier d'un financement conventionnel pérenne prévu par …"): the
/// cue then ends with "par" and names its agent; the participle states
/// nothing of its own.
pub(super) fn relay_agents(folded: &str, mut spans: Vec<Cue>, cues: &Cues) -> Vec<Cue> {
    let mut i = 0;
    while i + 1 < spans.len() {
        let (a, b) = (&spans[i], &spans[i + 1]);
        let relay = cues
            .relays
            .iter()
            .any(|r| folded.get(b.at..b.end) == Some(r.as_str()));
        let close = words(folded.get(a.end..b.at).unwrap_or_default()).len() <= 3;
        if relay && close && !a.relations.is_empty() {
            spans[i].end = spans[i + 1].end;
            spans.remove(i + 1);
        } else {
            i += 1;
        }
    }
    spans
}
