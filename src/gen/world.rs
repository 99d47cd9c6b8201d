//! What the synthetic graph is about: the reference data's entities (dispositif
//! types, actors, territories, legal texts) and the generated ones (legal texts,
//! people, references, local dispositifs, communes), each a pure function of
//! the seed and its index, so nothing generated is kept in memory.

use super::words::*;
use crate::refdata::{EntityKind, RefData};
use crate::vocab::{self, ID, MLG};
use std::collections::HashSet;

/// SplitMix64: small, fast, and enough for synthetic data.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The generator of one entity: `(seed, tag, index)` always gives the same draws.
    pub fn keyed(seed: u64, tag: u64, index: u64) -> Self {
        let mut r = Rng(seed ^ tag.wrapping_mul(0xA076_1D64_78BD_642F));
        let k = r.next() ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        Rng(k)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    pub fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// In `0..n`, small values more likely (`power` > 1: the first entities are the
    /// most cited, as major laws and classic reports are).
    pub fn skewed(&mut self, n: u64, power: f64) -> u64 {
        ((n as f64 * self.f64().powf(power)) as u64).min(n.saturating_sub(1))
    }

    /// An index drawn with these weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut x = self.below(total.max(1));
        for (i, &w) in weights.iter().enumerate() {
            if x < w as u64 {
                return i;
            }
            x -= w as u64;
        }
        0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Wrong dates per known text: 1 to 5 years early or late, and 0 to 27 days.
const CONFLICTS_PER_TEXT: u64 = 280;

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
    known_codes: HashSet<String>,
    /// Facts of the reference data's texts read in the real seeds (and stated
    /// by the reference data itself: `triples_known`).
    real_facts: Vec<Vec<Fact>>,
    triples_known: HashSet<(u64, Fact)>,
    /// When each dispositif type was created, by the real facts.
    created: Vec<Option<String>>,
    /// Conflicts whose minted text no earlier conflict minted.
    distinct_conflicts: Vec<bool>,
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
        let (real_facts, triples_known) = real_facts(refdata, &texts, &dispositifs, &actors);
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

    // ---- territories ----

    /// Generated commune `c`: its name and INSEE code.
    pub fn commune(&self, c: u64) -> (String, String) {
        let (r, p) = (COMMUNE_ROOTS.len() as u64, COMMUNE_PREFIXES.len() as u64);
        let name = format!(
            "{}{}{}",
            COMMUNE_PREFIXES[((c / r) % p) as usize],
            COMMUNE_ROOTS[(c % r) as usize],
            COMMUNE_SUFFIXES[(c / (r * p)) as usize % COMMUNE_SUFFIXES.len()]
        );
        let d = DEPARTEMENT_CODES.len() as u64;
        let dept = DEPARTEMENT_CODES[(c % d) as usize];
        let mut code = format!("{dept}{:03}", 400 + c / d);
        if self.known_codes.contains(&code) {
            code = format!("{dept}{:03}", 900 + (c / d) % 100);
        }
        (name, code)
    }

    pub fn commune_path(name: &str) -> String {
        format!("territoire/{}", vocab::slug(name))
    }

    /// Path and label of a place.
    pub fn place(&self, place: Place) -> (String, String) {
        match place {
            Place::Ref(i) => (
                self.territories[i].path.clone(),
                self.territories[i].label.clone(),
            ),
            Place::Commune(c) => {
                let (name, _) = self.commune(c);
                (Self::commune_path(&name), name)
            }
        }
    }

    /// Reference territories first, then generated communes.
    fn place_at(&self, index: u64) -> Place {
        let refs = self.territories.len() as u64;
        if index < refs {
            Place::Ref(index as usize)
        } else {
            Place::Commune(index - refs)
        }
    }

    // ---- legal texts ----

    /// Legal text `i`: the reference data's first, then generated ones, with
    /// unique `(year, number)`: year `1990 + j % 35`, number `base(year) + j / 35`.
    pub fn text(&self, i: u64) -> Text {
        if let Some(t) = self.texts.get(i as usize) {
            return t.clone();
        }
        let j = i - self.texts.len() as u64;
        let mut rng = Rng::keyed(self.seed, TAG_TEXT, i);
        let class = rng.weighted(&self.class_weights);
        let year = 1990 + j % 35;
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let date = format!("{year}-{month:02}-{day:02}");
        let mut number = format!("{year}-{}", 100 + year * 37 % 400 + j / 35);
        let c = &self.classes[class];
        if self.known.contains(&format!("{}/{number}", c.segment)) {
            number.push_str("-1");
        }
        Text {
            path: format!("{}/{}", c.segment, vocab::slug(&number)),
            class: Some(class),
            label: format!("{} n° {number} du {}", c.keyword, human_date(&date)),
            number: Some(number),
            date: Some(date),
            generated: true,
        }
    }

    /// What legal text `i` did (its facts, stated first by the document that
    /// introduces it, then again by others): distinct `(relation, target)`.
    pub fn facts(&self, i: u64) -> Vec<Fact> {
        let mut rng = Rng::keyed(self.seed, TAG_FACTS, i);
        let weights: Vec<u32> = RELATIONS.iter().map(|r| r.1).collect();
        let mut facts: Vec<Fact> = self.real_facts.get(i as usize).cloned().unwrap_or_default();
        let count = if facts.is_empty() {
            1 + rng.below(4)
        } else {
            1 + rng.below(2)
        };
        let date = self.text(i).date;
        for _ in 0..count {
            let rel = rng.weighted(&weights);
            let target = match RELATIONS[rel].0 {
                "amends" | "basedOn" => {
                    // An older text: among the first ones (major texts) more often.
                    let found = (0..3).map(|_| rng.skewed(i, 1.6)).find(|&j| {
                        j < i
                            && self
                                .text(j)
                                .date
                                .is_some_and(|d| date.as_ref().is_some_and(|own| d < *own))
                    });
                    match found {
                        Some(j) => Target::Text(j),
                        None => continue,
                    }
                }
                _ if rng.chance(0.8) => {
                    // Nothing acts on a dispositif before it exists, and one the
                    // seeds say a real text created is not created again.
                    let k = rng.weighted(&self.dispositif_weights);
                    match (&self.created[k], &date) {
                        (Some(_), _) if RELATIONS[rel].0 == "created" => continue,
                        (Some(created), Some(own)) if own < created => continue,
                        _ => Target::Dispositif(k),
                    }
                }
                _ => Target::Actor(rng.weighted(&self.actor_weights)),
            };
            if !facts.contains(&(rel, target)) {
                facts.push((rel, target));
            }
        }
        facts
    }

    /// Whether the reference data itself states fact `fact` of text `i`.
    pub fn triple_known(&self, i: u64, fact: Fact) -> bool {
        self.triples_known.contains(&(i, fact))
    }

    /// Numbers of the articles of legal text `i` cited by the documents.
    pub fn articles(&self, i: u64) -> Vec<String> {
        let mut rng = Rng::keyed(self.seed, TAG_ARTICLES, i);
        let text = self.text(i);
        let code = text.path.starts_with("code/");
        let count = [0, 0, 1, 1, 2, 3][rng.below(6) as usize] + if code { 2 } else { 0 };
        let base = 1 + rng.below(150);
        let step = 1 + rng.below(12);
        (0..count)
            .map(|k| {
                let n = base + k * step;
                if code {
                    format!("L{}-{}", 1411 + rng.below(30), n % 40 + 1)
                } else {
                    n.to_string()
                }
            })
            .filter(|n| !self.known.contains(&format!("{}/article/{n}", text.path)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// A text a document cited wrongly (conflict `c`): the known text, the date
    /// the document gives it, and the path that date mints; `None` when that
    /// path is taken.
    pub fn conflict(&self, c: u64) -> Option<(usize, String, String)> {
        match self.distinct_conflicts.get(c as usize) {
            Some(true) => self.any_conflict(c),
            _ => None,
        }
    }

    fn any_conflict(&self, c: u64) -> Option<(usize, String, String)> {
        let n = self.dated_texts.len() as u64;
        if n == 0 {
            return None;
        }
        let known = self.dated_texts[(c % n) as usize];
        let m = c / n;
        let (years, days) = (1 + (m % 5) as i64, (m / 5 % 28) as i64);
        let sign = if (m / 140).is_multiple_of(2) { 1 } else { -1 };
        let date: jiff::civil::Date = self.texts[known].date.as_deref()?.parse().ok()?;
        let stated = date
            .checked_add(jiff::Span::new().years(sign * years).days(days))
            .ok()?
            .to_string();
        let segment = &self.classes[self.texts[known].class?].segment;
        let path = format!("{segment}/{stated}");
        (!self.known.contains(&path) && m < CONFLICTS_PER_TEXT).then_some((known, stated, path))
    }

    // ---- people and references ----

    /// Person `p`'s name ("Martin J", "Martin-Durand JP"): one name per index.
    pub fn person(p: u64) -> String {
        let (s, i) = (SURNAMES.len() as u64, INITIALS.len() as u64);
        let first = SURNAMES[((p % s) * 37 % s) as usize];
        let mut rest = p / s;
        let initial = INITIALS[(rest % i) as usize];
        rest /= i;
        if rest == 0 {
            return format!("{first} {initial}");
        }
        rest -= 1;
        let second = SURNAMES[(rest % s) as usize];
        rest /= s;
        if rest == 0 {
            return format!("{first}-{second} {initial}");
        }
        rest -= 1;
        let initial2 = INITIALS[(rest % i) as usize];
        rest /= i;
        let tail = if rest == 0 {
            String::new()
        } else {
            format!(" {}", rest + 1)
        };
        format!("{first}-{second} {initial}{initial2}{tail}")
    }

    /// People reference `r` is the first to name: persons `2r .. 2r + own`.
    pub fn own_persons(&self, r: u64) -> u64 {
        Rng::keyed(self.seed, TAG_OWN_PERSONS, r).weighted(&[35, 35, 30]) as u64
    }

    /// The number of organisations authors and publishers are drawn from.
    pub fn organisation_count(&self) -> usize {
        ORGANISATIONS.len() + REGIONAL_ORGANISATIONS.len() * self.regions.len()
    }

    pub fn organisation(&self, o: usize) -> String {
        match ORGANISATIONS.get(o) {
            Some(name) => (*name).to_owned(),
            None => {
                let k = o - ORGANISATIONS.len();
                let region = &self.territories[self.regions[k % self.regions.len()]].label;
                REGIONAL_ORGANISATIONS[k / self.regions.len()].replace("{}", region)
            }
        }
    }

    /// Reference `r` (whose own people are already counted by `own_persons`).
    pub fn reference(&self, r: u64) -> Reference {
        let mut rng = Rng::keyed(self.seed, TAG_REFERENCE, r);
        let kinds = [
            ("Report", 32),
            ("AcademicArticle", 30),
            ("Book", 8),
            ("Chapter", 5),
            ("Thesis", 8),
            ("Webpage", 10),
            ("Legislation", 3),
            ("Document", 4),
        ];
        let kind = kinds[rng.weighted(&kinds.map(|k| k.1))].0;
        let year = 2024 - rng.skewed(35, 1.8) as u32;
        // One title per index: opening × topic × ending, then a territory.
        let (o, t, e) = (
            TITLE_OPENINGS.len() as u64,
            TITLE_TOPICS.len() as u64,
            TITLE_ENDINGS.len() as u64,
        );
        let mut title = format!(
            "{} {}{}",
            TITLE_OPENINGS[(r % o) as usize],
            TITLE_TOPICS[(r / o % t) as usize],
            TITLE_ENDINGS[(r / (o * t) % e) as usize]
        );
        let rest = r / (o * t * e);
        if rest > 0 {
            let (_, label) = self.place(self.place_at(rest - 1));
            title.push_str(" — ");
            title.push_str(&label);
        }
        // Authors: its own new people first, then known people, then an organisation.
        let own = self.own_persons(r);
        let mut authors: Vec<Author> = (2 * r..2 * r + own).map(Author::Person).collect();
        let coauthors = if own == 0 && rng.chance(0.5) {
            0
        } else {
            rng.below(4)
        };
        for _ in 0..coauthors {
            if r == 0 {
                break;
            }
            let q = rng.skewed(2 * r, 1.5);
            if q % 2 < self.own_persons(q / 2) && !authors.contains(&Author::Person(q)) {
                authors.push(Author::Person(q));
            }
        }
        let orgs = self.organisation_count() as u64;
        if (authors.is_empty() && rng.chance(0.7)) || rng.chance(0.08) {
            authors.push(Author::Org(rng.skewed(orgs, 1.5) as usize));
        }
        let mut reference = Reference {
            path: String::new(),
            kind,
            title,
            year,
            authors,
            publisher: None,
            place: None,
            journal: None,
            volume: None,
            issue: None,
            pages: None,
            url: None,
            doi: None,
            abstract_text: None,
            subjects: Vec::new(),
            raw: String::new(),
        };
        match kind {
            "AcademicArticle" => {
                reference.journal = Some(rng.skewed(JOURNALS.len() as u64, 1.5) as usize);
                reference.volume = Some((1 + rng.below(60)).to_string());
                reference.issue = rng.chance(0.8).then(|| (1 + rng.below(12)).to_string());
                let first = 1 + rng.below(600);
                reference.pages = Some(format!("{first}-{}", first + 4 + rng.below(20)));
                reference.doi = rng.chance(0.3).then(|| {
                    format!(
                        "10.{}/{}.{year}.{r}",
                        3000 + rng.below(900),
                        rng.below(100_000)
                    )
                });
            }
            "Report" | "Book" | "Thesis" => {
                reference.publisher = Some(rng.skewed(orgs, 1.5) as usize);
                reference.place = rng.chance(0.6).then(|| *rng.pick(PLACES));
                reference.pages = rng
                    .chance(0.6)
                    .then(|| format!("{} p.", 20 + rng.below(400)));
            }
            _ => {}
        }
        if kind == "Webpage" || rng.chance(0.5) {
            reference.url = Some(format!("https://www.example.org/docs/{year}/ref-{r}.html"));
        }
        reference.abstract_text = rng.chance(0.6).then(|| *rng.pick(ABSTRACTS));
        for _ in 0..rng.below(6) {
            let subject = match rng.below(10) {
                0..=3 => self.dispositifs[rng.weighted(&self.dispositif_weights)]
                    .path
                    .clone(),
                4..=5 => self.actors[rng.weighted(&self.actor_weights)].path.clone(),
                6..=7 => rng.pick(&self.territories).path.clone(),
                8 => rng.pick(&self.texts).path.clone(),
                _ => match rng.chance(0.5) {
                    true if !self.plans.is_empty() => rng.pick(&self.plans).path.clone(),
                    _ => rng.pick(&self.territory_types).path.clone(),
                },
            };
            if !reference.subjects.contains(&subject) {
                reference.subjects.push(subject);
            }
        }
        reference.raw = self.citation(&reference);
        let first = reference.authors.first().map(|a| self.author_name(*a));
        let head = first
            .map(|a| {
                vocab::slug(&a)
                    .split('-')
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .map_or(year.to_string(), |a| format!("{a}-{year}"));
        let hash = crate::rdf::short_hash(&[&reference.title.to_lowercase()]);
        reference.path = format!("reference/{head}-{hash}");
        reference
    }

    pub fn author_name(&self, author: Author) -> String {
        match author {
            Author::Person(p) => Self::person(p),
            Author::Org(o) => self.organisation(o),
        }
    }

    /// The notice as a bibliography prints it.
    fn citation(&self, r: &Reference) -> String {
        let mut out: Vec<String> = r.authors.iter().map(|a| self.author_name(*a)).collect();
        let mut raw = if out.is_empty() {
            String::new()
        } else {
            out.join(", ") + ". "
        };
        raw.push_str(&r.title);
        raw.push_str(". ");
        out.clear();
        if let Some(j) = r.journal {
            raw.push_str(&format!(
                "{} {} ; {}",
                JOURNALS[j],
                r.year,
                r.volume.as_deref().unwrap_or("")
            ));
            if let Some(i) = &r.issue {
                raw.push_str(&format!("({i})"));
            }
            if let Some(p) = &r.pages {
                raw.push_str(&format!(" : {p}"));
            }
            raw.push('.');
        } else {
            if let Some(place) = r.place {
                raw.push_str(place);
                raw.push_str(" : ");
            }
            if let Some(p) = r.publisher {
                raw.push_str(&self.organisation(p));
                raw.push_str(" ; ");
            }
            raw.push_str(&r.year.to_string());
            raw.push('.');
            if let Some(p) = &r.pages {
                raw.push_str(&format!(" {p}"));
            }
        }
        if let Some(url) = &r.url {
            raw.push_str(&format!(" En ligne : {url}"));
        }
        raw
    }

    // ---- local dispositifs ----

    /// Local dispositif `k`: a place and a naming pattern, one pair per index
    /// (a permutation of places × patterns), then numbered rounds.
    pub fn instance(&self, k: u64) -> Instance {
        let places = self.territories.len() as u64 + commune_count();
        let space = places * INSTANCE_PATTERNS.len() as u64;
        let step = [1_000_003u64, 999_983, 1_000_033]
            .into_iter()
            .find(|&p| gcd(p, space) == 1)
            .unwrap_or(1);
        let scrambled = ((k % space) as u128 * step as u128 % space as u128) as u64;
        let place = self.place_at(scrambled % places);
        let pattern = INSTANCE_PATTERNS[(scrambled / places) as usize];
        let round = k / space;
        let (_, label) = self.place(place);
        let mut name = pattern.replace("{}", &label);
        if round > 0 {
            name.push_str(&format!(" {}", round + 1));
        }
        let mut rng = Rng::keyed(self.seed, TAG_INSTANCE, k);
        let dispositif = self.instance_types[rng.weighted(&self.instance_weights)];
        let d = &self.dispositifs[dispositif];
        let type_slug = d.path.rsplit('/').next().unwrap_or_default();
        Instance {
            path: format!("dispositif/{type_slug}/{}", vocab::slug(&name)),
            name: format!("{} {name}", d.notation.as_deref().unwrap_or(&d.label)),
            dispositif,
            place,
        }
    }

    /// A candidate dispositif's label: head × qualifier, then numbered rounds.
    pub fn candidate(c: u64) -> String {
        let (h, q) = (
            CANDIDATE_HEADS.len() as u64,
            CANDIDATE_QUALIFIERS.len() as u64,
        );
        let mut label = format!(
            "{} {}",
            CANDIDATE_HEADS[(c % h) as usize],
            CANDIDATE_QUALIFIERS[(c / h % q) as usize]
        );
        if c >= h * q {
            label.push_str(&format!(" {}", c / (h * q) + 1));
        }
        label
    }
}

/// What the reference data's texts did to its dispositifs, actors and texts,
/// as the reference data states it and as the extractor reads it in the
/// bundled seeds: the major texts keep their real facts.
fn real_facts(
    refdata: &RefData,
    texts: &[Text],
    dispositifs: &[Ent],
    actors: &[Ent],
) -> (Vec<Vec<Fact>>, HashSet<(u64, Fact)>) {
    let index = |items: Vec<&str>| -> std::collections::HashMap<String, usize> {
        items
            .into_iter()
            .enumerate()
            .map(|(i, p)| (format!("{ID}{p}"), i))
            .collect()
    };
    let text_index = index(texts.iter().map(|t| t.path.as_str()).collect());
    let dispositif_index = index(dispositifs.iter().map(|e| e.path.as_str()).collect());
    let actor_index = index(actors.iter().map(|e| e.path.as_str()).collect());
    let fact = |q: &oxigraph::model::Quad| -> Option<(usize, Fact)> {
        let s = text_index.get(q.subject.to_string().trim_matches(['<', '>']))?;
        let rel = RELATIONS
            .iter()
            .position(|(r, _)| q.predicate.as_str().strip_prefix(MLG) == Some(r))?;
        let o = q.object.to_string();
        let o = o.trim_matches(['<', '>']);
        let target = match (
            dispositif_index.get(o),
            actor_index.get(o),
            text_index.get(o),
        ) {
            (Some(&k), _, _) => Target::Dispositif(k),
            (_, Some(&k), _) => Target::Actor(k),
            (_, _, Some(&j)) if j != *s => Target::Text(j as u64),
            _ => return None,
        };
        Some((*s, (rel, target)))
    };
    let mut facts = vec![Vec::new(); texts.len()];
    let mut known = HashSet::new();
    for (s, f) in refdata.quads.iter().filter_map(fact) {
        known.insert((s as u64, f));
        facts[s].push(f);
    }
    let seeds = crate::build::build(
        &crate::build::bundled_documents(),
        refdata,
        &crate::vocab::Rebase::new(crate::vocab::DEFAULT_BASE),
        false,
    );
    for (s, f) in seeds.iter().filter_map(fact) {
        if !facts[s].contains(&f) {
            facts[s].push(f);
        }
    }
    (facts, known)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

const MONTHS: [&str; 12] = [
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

/// `2016-01-26` → `26 janvier 2016`, as the extractor labels a text it mints.
pub fn human_date(date: &str) -> String {
    let mut it = date.split('-');
    let (y, m, d) = (
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    );
    let month = m
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or(m);
    let day = d.trim_start_matches('0');
    let day = if day == "1" { "1er" } else { day };
    format!("{day} {month} {y}")
}
