//! What the synthetic graph is about: the reference data's entities (dispositif
//! types, actors, territories, legal texts) and the generated ones (legal texts,
//! people, references, local dispositifs, communes), each a pure function of
//! the seed and its index, so nothing generated is kept in memory.

use super::words::*;
use crate::refdata::{EntityKind, RefData};
use crate::vocab::{self, ID, MLG};
use std::collections::HashSet;

/// Wrong dates per known text: 1 to 5 years early or late, and 0 to 27 days.
pub(super) const CONFLICTS_PER_TEXT: u64 = 280;

pub const TAG_TEXT: u64 = 1;
pub const TAG_REFERENCE: u64 = 2;
pub const TAG_OWN_PERSONS: u64 = 3;
pub const TAG_INSTANCE: u64 = 4;
pub const TAG_FACTS: u64 = 5;
pub const TAG_ARTICLES: u64 = 6;

/// An entity of the reference data: its path under `id/` and how sentences name it.
#[derive(Debug, Clone)]
pub struct Ent {
    pub path: String,
    pub label: String,
    /// `label (NOTATION)` or the label.
    pub named: String,
    pub notation: Option<String>,
}

/// A class of legal texts, with its share of the generated texts.
#[derive(Debug, Clone)]
pub struct Class {
    pub local: String,
    pub segment: String,
    pub keyword: String,
    pub weight: u32,
}

/// A legal text, of the reference data (`described == false`) or generated.
#[derive(Debug, Clone)]
pub struct Text {
    pub path: String,
    /// Index in [`World::classes`] (generated texts only).
    pub class: Option<usize>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub label: String,
    /// Generated: its description is part of the documents, not the reference data.
    pub generated: bool,
}

/// What a legal text acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Dispositif(usize),
    Actor(usize),
    Text(u64),
}

/// `(relation index in RELATIONS, target)`.
pub type Fact = (usize, Target);

/// Relations of legal texts (`mlg:` local names) and how often each is read.
pub const RELATIONS: &[(&str, u32)] = &[
    ("modified", 25),
    ("regulates", 18),
    ("funds", 14),
    ("defines", 12),
    ("created", 11),
    ("givesLegalBasis", 7),
    ("generalised", 4),
    ("amends", 6),
    ("basedOn", 4),
];

/// An author of a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Person(u64),
    Org(usize),
}

/// A bibliographic reference, as the extractor reads a notice.
#[derive(Debug, Clone)]
pub struct Reference {
    pub path: String,
    pub kind: &'static str,
    pub title: String,
    pub year: u32,
    pub authors: Vec<Author>,
    pub publisher: Option<usize>,
    pub place: Option<&'static str>,
    pub journal: Option<usize>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub url: Option<String>,
    pub doi: Option<String>,
    pub abstract_text: Option<&'static str>,
    pub subjects: Vec<String>,
    pub raw: String,
}

/// A territory: one of the reference data's or a generated commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Ref(usize),
    Commune(u64),
}

/// A local dispositif ("CPTS du Pays de Tannay").
#[derive(Debug, Clone)]
pub struct Instance {
    pub path: String,
    pub dispositif: usize,
    pub name: String,
    pub place: Place,
}

/// The reference data the generator draws from, read once.
pub struct World {
    pub seed: u64,
    pub dispositifs: Vec<Ent>,
    pub dispositif_weights: Vec<u32>,
    /// Dispositif types with an acronym: those with local instances, and their weights.
    pub instance_types: Vec<usize>,
    pub instance_weights: Vec<u32>,
    pub actors: Vec<Ent>,
    pub actor_weights: Vec<u32>,
    /// Régions, départements and communes of the reference data.
    pub territories: Vec<Ent>,
    pub regions: Vec<usize>,
    pub territory_types: Vec<Ent>,
    pub plans: Vec<Ent>,
    /// Legal texts of the reference data (the first text indexes).
    pub texts: Vec<Text>,
    /// Those with a date (what conflicts are about).
    pub dated_texts: Vec<usize>,
    pub classes: Vec<Class>,
    pub class_weights: Vec<u32>,
    /// Every path under `id/` the reference data uses: generated ones avoid them.
    pub known: HashSet<String>,
    pub(super) known_codes: HashSet<String>,
    /// Facts of the reference data's texts read in the real seeds (and stated
    /// by the reference data itself: `triples_known`).
    pub(super) real_facts: Vec<Vec<Fact>>,
    pub(super) triples_known: HashSet<(u64, Fact)>,
    /// When each dispositif type was created, by the real facts.
    pub(super) created: Vec<Option<String>>,
    /// Conflicts whose minted text no earlier conflict minted.
    pub(super) distinct_conflicts: Vec<bool>,
}

/// Generated communes: roots × prefixes × suffixes.
pub fn commune_count() -> u64 {
    (COMMUNE_ROOTS.len() * COMMUNE_PREFIXES.len() * COMMUNE_SUFFIXES.len()) as u64
}

fn weight_of(path: &str, table: &[(&str, u32)]) -> u32 {
    let slug = path.rsplit('/').next().unwrap_or(path);
    table
        .iter()
        .find(|(s, _)| *s == slug)
        .map_or(1, |(_, w)| *w)
}

const DISPOSITIF_WEIGHTS: &[(&str, u32)] = &[
    ("cpts", 14),
    ("msp", 14),
    ("centre-de-sante", 8),
    ("esp", 5),
    ("cls", 5),
    ("clsm", 4),
    ("dac", 4),
    ("pta", 3),
    ("exercice-coordonne", 3),
    ("sas", 3),
];

const INSTANCE_WEIGHTS: &[(&str, u32)] = &[
    ("cpts", 30),
    ("msp", 35),
    ("centre-de-sante", 12),
    ("esp", 6),
    ("cls", 6),
    ("clsm", 4),
    ("dac", 3),
];

const ACTOR_WEIGHTS: &[(&str, u32)] = &[
    ("ars", 12),
    ("assurance-maladie", 8),
    ("cnam", 4),
    ("dgos", 3),
    ("urps", 3),
    ("collectivites-territoriales", 3),
];

const CLASS_WEIGHTS: &[(&str, u32)] = &[
    ("Loi", 14),
    ("Decret", 34),
    ("Arrete", 24),
    ("Ordonnance", 6),
    ("Circulaire", 6),
    ("Instruction", 9),
    ("AccordConventionnel", 3),
    ("Avenant", 3),
    ("Convention", 1),
];

impl World {
    pub fn new(refdata: &RefData, seed: u64) -> Self {
        let path = |iri: &str| iri.strip_prefix(ID).map(str::to_owned);
        let ent = |e: &crate::refdata::Entity| -> Option<Ent> {
            let label = e.pref_label.clone()?;
            let notation = e.notations.first().cloned();
            let named = match &notation {
                Some(n) if !label.contains(n.as_str()) => format!("{label} ({n})"),
                _ => label.clone(),
            };
            Some(Ent {
                path: path(&e.iri)?,
                label,
                named,
                notation,
            })
        };
        let of = |kind| refdata.of_kind(kind).filter_map(ent).collect::<Vec<_>>();
        let typed = |class: &str| -> HashSet<String> {
            let (rdf_type, class) = (format!("{}type", vocab::RDF), format!("{MLG}{class}"));
            refdata
                .quads
                .iter()
                .filter(|q| {
                    q.predicate.as_str() == rdf_type && q.object.to_string() == format!("<{class}>")
                })
                .map(|q| q.subject.to_string().trim_matches(['<', '>']).to_owned())
                .collect()
        };
        let dispositifs = of(EntityKind::DispositifType);
        let dispositif_weights = dispositifs
            .iter()
            .map(|e| weight_of(&e.path, DISPOSITIF_WEIGHTS))
            .collect();
        // Types that have local instances (CPTS, MSP…), else any with an acronym.
        let with_acronym = (0..dispositifs.len()).filter(|&i| dispositifs[i].notation.is_some());
        let mut instance_types: Vec<usize> = with_acronym
            .clone()
            .filter(|&i| {
                INSTANCE_WEIGHTS
                    .iter()
                    .any(|(s, _)| dispositifs[i].path.ends_with(&format!("/{s}")))
            })
            .collect();
        if instance_types.is_empty() {
            instance_types = with_acronym.collect();
        }
        let instance_weights = instance_types
            .iter()
            .map(|&i| weight_of(&dispositifs[i].path, INSTANCE_WEIGHTS))
            .collect();
        let actors = of(EntityKind::Actor);
        let actor_weights = actors
            .iter()
            .map(|e| weight_of(&e.path, ACTOR_WEIGHTS))
            .collect();
        let (regions_set, departements, communes) =
            (typed("Region"), typed("Departement"), typed("Commune"));
        let mut territories = Vec::new();
        let mut regions = Vec::new();
        for e in refdata.of_kind(EntityKind::Territory) {
            let is_region = regions_set.contains(&e.iri);
            if !(is_region || departements.contains(&e.iri) || communes.contains(&e.iri)) {
                continue;
            }
            if let Some(t) = ent(e) {
                if is_region {
                    regions.push(territories.len());
                }
                territories.push(t);
            }
        }
        let classes: Vec<Class> = refdata
            .legal_classes
            .iter()
            .map(|c| Class {
                local: c.class.clone(),
                segment: c.segment.clone(),
                keyword: capitalised(&c.keyword),
                weight: CLASS_WEIGHTS
                    .iter()
                    .find(|(l, _)| *l == c.class)
                    .map_or(0, |(_, w)| *w),
            })
            .collect();
        let class_weights = classes.iter().map(|c| c.weight).collect();
        let texts: Vec<Text> = refdata
            .of_kind(EntityKind::LegalText)
            .filter_map(|e| {
                let legal = e.legal.as_ref()?;
                Some(Text {
                    path: path(&e.iri)?,
                    class: classes.iter().position(|c| c.local == legal.class),
                    number: legal.number.clone(),
                    date: legal.date.clone(),
                    label: e.pref_label.clone()?,
                    generated: false,
                })
            })
            .collect();
        let dated_texts = (0..texts.len())
            .filter(|&i| texts[i].date.is_some() && texts[i].class.is_some())
            .collect();
        let known = refdata
            .entities
            .iter()
            .filter_map(|e| path(&e.iri))
            .collect();
        let insee = format!("{MLG}inseeCode");
        let known_codes = refdata
            .quads
            .iter()
            .filter(|q| q.predicate.as_str() == insee)
            .filter_map(|q| match &q.object {
                oxigraph::model::Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
            .collect();
        let (real_facts, triples_known) =
            super::texts::real_facts(refdata, &texts, &dispositifs, &actors);
        let created_rel = RELATIONS.iter().position(|r| r.0 == "created");
        let mut created: Vec<Option<String>> = vec![None; dispositifs.len()];
        for (i, facts) in real_facts.iter().enumerate() {
            for (rel, target) in facts {
                if let (Target::Dispositif(k), Some(date)) = (target, &texts[i].date) {
                    if Some(*rel) == created_rel && created[*k].as_ref().is_none_or(|d| date < d) {
                        created[*k] = Some(date.clone());
                    }
                }
            }
        }
        let mut world = World {
            created,
            distinct_conflicts: Vec::new(),
            real_facts,
            triples_known,
            seed,
            dispositifs,
            dispositif_weights,
            instance_types,
            instance_weights,
            actors,
            actor_weights,
            territories,
            regions,
            territory_types: of(EntityKind::TerritoryType),
            plans: of(EntityKind::Plan),
            texts,
            dated_texts,
            classes,
            class_weights,
            known,
            known_codes,
        };
        let mut seen = HashSet::new();
        world.distinct_conflicts = (0..world.dated_texts.len() as u64 * CONFLICTS_PER_TEXT)
            .map(|c| {
                world
                    .any_conflict(c)
                    .is_some_and(|(_, _, path)| seen.insert(path))
            })
            .collect();
        world
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
