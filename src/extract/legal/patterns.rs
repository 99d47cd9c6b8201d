//! The citation grammar compiled from the reference data, and the
//! indexes of known texts by number, date, Légifrance id and amendments.

use super::*;

pub(super) const MONTH_NAMES: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The compiled citation grammar and the number/date indexes of known texts.
#[derive(Debug, Clone)]
pub struct Patterns {
    pub(super) number: Regex,
    /// `loi 2016-41`, `décret 2021-295`: a class and a hyphenated number
    /// with no "n°" (tables, slides, notes).
    pub(super) number_bare: Regex,
    pub(super) date: Regex,
    pub(super) and_date: Regex,
    pub(super) law_article: Regex,
    pub(super) code_article: Regex,
    pub(super) connector: Regex,
    pub(super) bill: Regex,
    /// `, dite « `, `, surnommée `: what separates a citation from the
    /// nickname given to it (its date may come in between).
    pub(super) nickname: Regex,
    /// `une instruction en septembre 2016`: type, month and year only.
    pub(super) month_year: Regex,
    /// `l'accord conventionnel de 2017`: a class and a year only.
    pub(super) class_year: Regex,
    /// `les ordonnances publiées au Journal officiel du 13 mai 2021`.
    pub(super) journal: Regex,
    /// What follows a name shared by several texts and dates it: `(ACI) du
    /// 20 avril 2017`, `signé en juin 2019`, `de 2019`.
    pub(super) dated_name: Regex,
    /// A numeric full date right after a name ("du 19/05/2023", folded "du
    /// 19 05 2023"), or one in an apposition ("(la deuxième, celle du 19 mai
    /// 2023)").
    pub(super) dated_name_numeric: Regex,
    /// Folded keyword → class.
    pub(super) classes: BTreeMap<String, LegalClass>,
    /// Folded number → `(class, iri)` of known texts.
    pub(super) by_number: BTreeMap<String, Vec<(String, String)>>,
    /// `YYYY-MM-DD` → `(class, iri)` of known texts.
    pub(super) by_date: BTreeMap<String, Vec<(String, String)>>,
    /// Known legal entities: IRI → (class, prefLabel, part of).
    pub(super) known: BTreeMap<String, (String, String, Option<String>)>,
    /// Légifrance identifier (`eli:id_local`, `JORFTEXT…`) → IRI.
    pub(super) by_local_id: BTreeMap<String, String>,
    /// Known legal entity → the dispositifs, actors... it acts on (any
    /// property of the reference data): how a name shared by two texts
    /// (`ACI`) is resolved from the rest of the passage.
    pub(super) targets: BTreeMap<String, BTreeSet<String>>,
    /// Amended text → its known amendments `(number, IRI)` (`mlg:amends`):
    /// how "l'avenant 2" or "2 avenants" next to the accord are resolved.
    pub(super) amendments: BTreeMap<String, Vec<(String, String)>>,
    /// Head words standing for a two-word class keyword ("accord"): they
    /// find known texts, they mint none.
    pub(super) aliases: BTreeSet<String>,
    /// `avenant 2`, `avenant n° 2`: an amendment by its number.
    pub(super) amendment_number: Regex,
    /// `2 avenants`, `deux avenants`: a count of amendments.
    pub(super) amendment_count: Regex,
}

impl Patterns {
    pub fn new(refdata: &RefData) -> Self {
        let classes: BTreeMap<String, LegalClass> = refdata
            .legal_classes
            .iter()
            .map(|c| (crate::extract::gazetteer::fold(&c.keyword), c.clone()))
            .collect();
        // "l'accord du 20 avril 2017": the head word of a class named by two
        // words, for known texts only (nothing is minted from it).
        let mut classes = classes;
        let mut aliases = BTreeSet::new();
        let heads: Vec<(String, LegalClass)> = classes
            .iter()
            .filter_map(|(k, c)| Some((k.split_once(' ')?.0.to_owned(), c.clone())))
            .collect();
        for (head, class) in heads {
            if !classes.contains_key(&head) {
                classes.insert(head.clone(), class);
                aliases.insert(head);
            }
        }
        let mut keywords: Vec<&str> = classes
            .keys()
            .map(String::as_str)
            .filter(|k| !k.is_empty())
            .collect();
        keywords.sort_by_key(|k| std::cmp::Reverse(k.len()));
        let kw = keywords
            .iter()
            .map(|k| regex::escape(k))
            .collect::<Vec<_>>()
            .join("|");
        let kw = if kw.is_empty() {
            r"\b\B".to_owned()
        } else {
            kw
        }; // never matches
        let months = MONTHS.join("|");
        let date = format!(r"(?P<d>\d{{1,2}}|1er) (?P<m>{months}) (?P<y>(?:19|20)\d\d)\d{{0,2}}\b");
        let re = |s: &str| Regex::new(s).expect("citation grammar compiles");
        let mut by_number: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut by_date: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut known = BTreeMap::new();
        for e in refdata.entities.iter().filter(|e| !e.kind.is_gazetteer()) {
            let Some(info) = &e.legal else { continue };
            let label = e.pref_label.clone().unwrap_or_default();
            known.insert(
                e.iri.clone(),
                (info.class.clone(), label, info.part_of.clone()),
            );
            if e.kind != EntityKind::LegalText {
                continue;
            }
            if let Some(n) = &info.number {
                by_number
                    .entry(crate::extract::gazetteer::fold(n))
                    .or_default()
                    .push((info.class.clone(), e.iri.clone()));
            }
            if let Some(d) = &info.date {
                by_date
                    .entry(d.clone())
                    .or_default()
                    .push((info.class.clone(), e.iri.clone()));
            }
        }
        let id_local = format!("{}id_local", vocab::ELI);
        let by_local_id = refdata
            .quads
            .iter()
            .filter(|q| q.predicate.as_str() == id_local)
            .filter_map(|q| match (&q.subject, &q.object) {
                (NamedOrBlankNode::NamedNode(s), Term::Literal(o)) => {
                    Some((o.value().to_owned(), s.as_str().to_owned()))
                }
                _ => None,
            })
            .collect();
        // What known texts act on, and which amendments amend which text.
        let amends = format!("{}amends", vocab::MLG);
        let mut targets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut amendments: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for q in &refdata.quads {
            let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object)
            else {
                continue;
            };
            let acts_on = refdata
                .entity(o.as_str())
                .is_some_and(|e| e.kind.is_gazetteer());
            if acts_on && known.contains_key(s.as_str()) {
                targets
                    .entry(s.as_str().to_owned())
                    .or_default()
                    .insert(o.as_str().to_owned());
            }
            if q.predicate.as_str() == amends {
                let number = refdata
                    .entity(s.as_str())
                    .and_then(|e| e.legal.as_ref())
                    .filter(|l| l.class == "Avenant")
                    .and_then(|l| l.number.clone());
                if let Some(number) = number {
                    amendments
                        .entry(o.as_str().to_owned())
                        .or_default()
                        .push((number, s.as_str().to_owned()));
                }
            }
        }
        Patterns {
            aliases,
            targets,
            amendments,
            amendment_number: re(r"\bavenant (?:n(?:o|umero)? )?(?P<n>\d{1,2})\b"),
            amendment_count: re(r"\b(?P<c>\d|deux|trois|quatre|cinq) avenants\b"),
            by_local_id,
            number: re(&format!(
                r"(?:\b(?P<kw>{kw})(?:s|x)? (?:organique )?(?:[a-z0-9]+ ){{0,4}}?)?\bn(?:o|umero)? (?P<num>(?:[a-z][a-z0-9]* ){{0,4}}(?:19|20)\d\d \d{{1,5}})\b(?: du {date})?"
            )),
            number_bare: re(&format!(
                r"\b(?P<kw>{kw})(?:s|x)? (?P<num>(?:19|20)\d\d \d{{1,5}})\b"
            )),
            date: re(&format!(r"\b(?P<kw>{kw})(?:s|x)? du {date}")),
            and_date: re(&format!(r"^ et du {date}")),
            law_article: re(
                r"\barticle (?P<n>\d{1,4})(?: (?:bis|ter|quater))? (?:de la|du|de l) $",
            ),
            code_article: re(r"\barticles? (?P<p>[lrd]) ?(?P<n>\d{1,5}(?: \d{1,3}){0,3})\b"),
            connector: re(r"^ (?:du|de la|de l|des)? ?"),
            bill: re(r"\b(?:projets?|propositions?|avant projet) de $"),
            nickname: re(&format!(
                r"^ (?:du (?:\d{{1,2}}|1er) (?:{months}) (?:19|20)\d\d )?(?:dite?s?|surnommee?s?|appelee?s?|denommee?s?|communement appelee?s?) (?:aussi |encore |parfois )?$"
            )),
            class_year: re(&format!(
                r"\b(?P<kw>{kw})(?:s|x)? (?:interprofessionnel |national |de l assurance maladie )?(?:de|du) (?P<y>(?:19|20)\d\d)\b"
            )),
            month_year: re(&format!(
                r"\b(?P<kw>{kw})(?:s|x)? (?:[a-z]+ ){{0,6}}?(?:en|d|de) (?P<m>{months}) (?P<y>(?:19|20)\d\d)\b"
            )),
            dated_name: re(&format!(
                r"^ (?:(?:[a-z]+ )?(?:du|de|signee? (?:le|en)|conclue? (?:le|en)|en date du) (?:(?P<d>\d{{1,2}}|1er) )?(?:(?P<m>{months}) )?)?(?P<y>(?:19|20)\d\d)\b"
            )),
            dated_name_numeric: re(&format!(
                r"^ (?:du (?P<d>\d{{1,2}}) (?P<m>\d{{1,2}}) (?P<y>(?:19|20)\d\d)\b|(?:(?:la|le|l|premiere|premier|deuxieme|seconde|second|nouvelle) ){{0,3}}(?:celle|celui) du (?P<pd>\d{{1,2}}|1er) (?P<pm>{months}) (?P<py>(?:19|20)\d\d)\b)"
            )),
            journal: re(&format!(
                r"\b(?P<kw>{kw})(?:s|x)? (?:publiee?s? )?(?:au|dans le) journal officiel du {date}"
            )),
            classes,
            by_number,
            by_date,
            known,
        }
    }

    /// Known texts of `class` dated within `prefix` (`YYYY-MM`, or a full date).
    pub(super) fn dated(&self, class: &str, prefix: &str) -> Vec<String> {
        self.by_date
            .range(prefix.to_owned()..)
            .take_while(|(d, _)| d.starts_with(prefix))
            .flat_map(|(_, v)| v.iter().filter(|(c, _)| c == class))
            .map(|(_, iri)| iri.clone())
            .collect()
    }

    /// Whether a matched keyword is a head word alias, which mints nothing.
    pub(super) fn is_alias(&self, keyword: Option<&str>) -> bool {
        keyword.is_some_and(|k| self.aliases.contains(k))
    }

    pub(super) fn class_of(&self, keyword: Option<&str>) -> Option<&LegalClass> {
        keyword.and_then(|k| self.classes.get(k))
    }

    pub(super) fn lookup(
        map: &BTreeMap<String, Vec<(String, String)>>,
        key: &str,
        class: Option<&str>,
    ) -> Option<String> {
        let found = map.get(key)?;
        match class {
            Some(c) => found
                .iter()
                .find(|(k, _)| k == c)
                .map(|(_, iri)| iri.clone()),
            None if found.len() == 1 => Some(found[0].1.clone()),
            None => None,
        }
    }
}
