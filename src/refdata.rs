//! The ontology and reference data (`ontology/*.ttl`), parsed once and
//! turned into the dictionaries extraction matches against.
//!
//! Every dictionary is read from the quads: labels (`skos:prefLabel`,
//! `skos:altLabel`, `skos:hiddenLabel`, `mlg:nickname`), acronyms
//! (`skos:notation`), and for legal texts their class, `mlg:number`,
//! `eli:date_document` and `eli:title`. Nothing here names an entity.

use crate::extract::gazetteer::Matcher;
use crate::extract::legal::Patterns;
use crate::vocab::{self, ELI, MLG, RDF, RDFS, SKOS};
use oxigraph::io::{RdfFormat, RdfParser, RdfSyntaxError};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// What an entity of the reference data is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// A `mlg:DispositifType` concept (CPTS, MSP...).
    DispositifType,
    /// A `mlg:Actor` (ARS, Assurance maladie...).
    Actor,
    /// A `mlg:Territory` or one of its subclasses (region, commune...).
    Territory,
    /// A `mlg:TerritoryType` concept (QPV, zone sous-dense...).
    TerritoryType,
    /// A `mlg:PublicPolicy` (plans, strategies).
    Plan,
    /// An instance of a subclass of `mlg:LegalText`.
    LegalText,
    /// A `mlg:Article` of a legal text or code.
    Article,
}

impl EntityKind {
    /// Kinds the gazetteer looks for (legal texts are [`crate::extract::legal`]'s).
    pub fn is_gazetteer(self) -> bool {
        !matches!(self, Self::LegalText | Self::Article)
    }
}

/// Legal-text facts of an entity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegalInfo {
    /// Local name of the most specific `mlg:LegalText` subclass (`Loi`), or `Article`.
    pub class: String,
    pub number: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub title: Option<String>,
    /// `eli:is_part_of` (articles).
    pub part_of: Option<String>,
}

/// One entity of the reference data and the names it is cited by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub iri: String,
    pub kind: EntityKind,
    /// French (or untagged) `skos:prefLabel`.
    pub pref_label: Option<String>,
    /// French or untagged prefLabel, altLabel, hiddenLabel and nickname.
    pub labels: Vec<String>,
    /// `skos:notation`: acronyms, matched case-sensitively as whole words.
    pub notations: Vec<String>,
    pub legal: Option<LegalInfo>,
}

/// A class of legal texts: how its instances are cited and minted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalClass {
    /// Local name (`Decret`).
    pub class: String,
    /// IRI path segment (`decret`): `id/decret/{number}`.
    pub segment: String,
    /// The French word documents cite it by (`décret`), its `rdfs:label@fr`.
    pub keyword: String,
}

/// Ontology + reference data: the quads of the ontology graph and the
/// dictionaries read from them.
#[derive(Debug, Clone, Default)]
pub struct RefData {
    /// Every triple of `ontology/*.ttl`, in the ontology graph.
    pub quads: Vec<Quad>,
    /// Every typed entity with labels or notations, sorted by IRI.
    pub entities: Vec<Entity>,
    /// Legal-text classes that have an `mlg:iriSegment`.
    pub legal_classes: Vec<LegalClass>,
    gazetteer: OnceLock<Matcher>,
    legal_matcher: OnceLock<Matcher>,
    legal_patterns: OnceLock<Patterns>,
    relation_cues: OnceLock<crate::extract::relations::Cues>,
    kind_cues: OnceLock<crate::extract::references::KindCues>,
}

#[derive(Debug, thiserror::Error)]
pub enum RefDataError {
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
}

impl RefData {
    /// The ontology and reference data compiled into the binary.
    pub fn bundled() -> Result<Self, RefDataError> {
        Self::from_turtle(&crate::bundled::files(&crate::bundled::ONTOLOGY, "ttl"))
    }

    /// The bundled reference data, parsed once per process (the files are
    /// compiled in, so parsing cannot fail outside a broken build).
    pub fn shared() -> &'static RefData {
        static SHARED: std::sync::OnceLock<RefData> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| RefData::bundled().expect("the bundled ontology parses"))
    }

    /// Parses `(file name, Turtle)` pairs; errors carry 1-based line and column.
    pub fn from_turtle(files: &[(&str, &str)]) -> Result<Self, RefDataError> {
        let graph = vocab::ontology_graph();
        let mut quads = Vec::new();
        for (name, text) in files {
            let parser = RdfParser::from_format(RdfFormat::Turtle)
                .without_named_graphs()
                .with_default_graph(graph.clone());
            for quad in parser.for_slice(text.as_bytes()) {
                quads.push(quad.map_err(|e| syntax_error(name, e))?);
            }
        }
        let (entities, legal_classes) = dictionaries(&quads);
        Ok(Self {
            quads,
            entities,
            legal_classes,
            ..Self::default()
        })
    }

    /// The entity with this IRI.
    pub fn entity(&self, iri: &str) -> Option<&Entity> {
        self.entities
            .binary_search_by(|e| e.iri.as_str().cmp(iri))
            .ok()
            .map(|i| &self.entities[i])
    }

    /// Entities of one kind.
    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.kind == kind)
    }

    /// The dictionary matcher of dispositifs, actors, territories and plans,
    /// built on first use.
    pub fn gazetteer_matcher(&self) -> &Matcher {
        self.gazetteer
            .get_or_init(|| Matcher::new(self.entities.iter().filter(|e| e.kind.is_gazetteer())))
    }

    /// The relation cue lexicon (`ontology/relation-cues.ttl`), read on first use.
    pub fn relation_cues(&self) -> &crate::extract::relations::Cues {
        self.relation_cues
            .get_or_init(|| crate::extract::relations::Cues::from_quads(&self.quads))
    }

    /// The notice-kind cue words (`ontology/reference-kinds.ttl`), read on first use.
    pub fn kind_cues(&self) -> &crate::extract::references::KindCues {
        self.kind_cues
            .get_or_init(|| crate::extract::references::KindCues::from_quads(&self.quads))
    }

    /// The dictionary matcher of legal texts, articles and codes.
    pub fn legal_matcher(&self) -> &Matcher {
        self.legal_matcher
            .get_or_init(|| Matcher::new(self.entities.iter().filter(|e| !e.kind.is_gazetteer())))
    }

    /// The citation patterns of legal texts, built from [`Self::legal_classes`].
    pub fn legal_patterns(&self) -> &Patterns {
        self.legal_patterns.get_or_init(|| Patterns::new(self))
    }
}

fn syntax_error(file: &str, error: RdfSyntaxError) -> RefDataError {
    let (line, column) = error
        .location()
        .map_or((0, 0), |r| (r.start.line + 1, r.start.column + 1));
    RefDataError::Syntax {
        file: file.to_owned(),
        line,
        column,
        message: error.to_string(),
    }
}

/// Subject IRI → predicate IRI → objects.
type Index<'a> = BTreeMap<&'a str, BTreeMap<&'a str, Vec<&'a Term>>>;

fn dictionaries(quads: &[Quad]) -> (Vec<Entity>, Vec<LegalClass>) {
    let mut index: Index = BTreeMap::new();
    for q in quads {
        if let NamedOrBlankNode::NamedNode(s) = &q.subject {
            index
                .entry(s.as_str())
                .or_default()
                .entry(q.predicate.as_str())
                .or_default()
                .push(&q.object);
        }
    }
    let p = |ns: &str, local: &str| format!("{ns}{local}");
    let (rdf_type, sub_class) = (p(RDF, "type"), p(RDFS, "subClassOf"));
    let objects = |s: &str, pred: &str| -> Vec<&Term> {
        index
            .get(s)
            .and_then(|m| m.get(pred))
            .cloned()
            .unwrap_or_default()
    };
    let iris = |s: &str, pred: &str| -> Vec<String> {
        objects(s, pred)
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n.as_str().to_owned()),
                _ => None,
            })
            .collect()
    };
    // Subclass closure of the classes extraction cares about.
    let subclasses_of = |root: &str| -> BTreeSet<String> {
        let mut set = BTreeSet::from([root.to_owned()]);
        loop {
            let before = set.len();
            for (s, preds) in &index {
                let parents = preds.get(sub_class.as_str()).into_iter().flatten();
                if parents.filter_map(|t| named(t)).any(|o| set.contains(o)) {
                    set.insert((*s).to_owned());
                }
            }
            if set.len() == before {
                return set;
            }
        }
    };
    let legal_root = p(MLG, "LegalText");
    let legal_classes_set = subclasses_of(&legal_root);
    let kinds: Vec<(BTreeSet<String>, EntityKind)> = vec![
        (legal_classes_set.clone(), EntityKind::LegalText),
        (subclasses_of(&p(MLG, "Article")), EntityKind::Article),
        (subclasses_of(&p(MLG, "Territory")), EntityKind::Territory),
        (
            subclasses_of(&p(MLG, "TerritoryType")),
            EntityKind::TerritoryType,
        ),
        (
            subclasses_of(&p(MLG, "DispositifType")),
            EntityKind::DispositifType,
        ),
        (subclasses_of(&p(MLG, "Actor")), EntityKind::Actor),
        (subclasses_of(&p(MLG, "PublicPolicy")), EntityKind::Plan),
    ];

    let mut legal_classes = Vec::new();
    for class in &legal_classes_set {
        let segment = literals(&objects(class, &p(MLG, "iriSegment")), false)
            .into_iter()
            .next();
        let keyword = literals(&objects(class, &p(RDFS, "label")), true)
            .into_iter()
            .next();
        if let (Some(segment), Some(keyword)) = (segment, keyword) {
            let local = class.strip_prefix(MLG).unwrap_or(class).to_owned();
            legal_classes.push(LegalClass {
                class: local,
                segment,
                keyword,
            });
        }
    }

    let label_preds = [
        p(SKOS, "prefLabel"),
        p(SKOS, "altLabel"),
        p(SKOS, "hiddenLabel"),
        p(MLG, "nickname"),
    ];
    let mut entities = Vec::new();
    for subject in index.keys() {
        let types = iris(subject, &rdf_type);
        let Some(kind) = kinds
            .iter()
            .find(|(set, _)| types.iter().any(|t| set.contains(t)))
            .map(|(_, k)| *k)
        else {
            continue;
        };
        if types.iter().any(|t| t.starts_with(crate::vocab::OWL)) {
            continue; // classes and properties are not entities
        }
        let mut labels = Vec::new();
        for pred in &label_preds {
            for l in literals(&objects(subject, pred), true) {
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
        }
        let pref_label = literals(&objects(subject, &label_preds[0]), true)
            .into_iter()
            .next();
        let notations = literals(&objects(subject, &p(SKOS, "notation")), false);
        let legal = match kind {
            EntityKind::LegalText | EntityKind::Article => {
                let class = types
                    .iter()
                    .filter(|t| *t != &legal_root)
                    .find(|t| legal_classes_set.contains(*t) || t.ends_with("#Article"))
                    .or_else(|| types.first())
                    .map(|t| t.rsplit(['#', '/']).next().unwrap_or(t).to_owned())
                    .unwrap_or_default();
                let one = |pred: &str| literals(&objects(subject, pred), false).into_iter().next();
                Some(LegalInfo {
                    class,
                    number: one(&p(MLG, "number")),
                    date: one(&p(ELI, "date_document")),
                    title: literals(&objects(subject, &p(ELI, "title")), true)
                        .into_iter()
                        .next(),
                    part_of: iris(subject, &p(ELI, "is_part_of")).into_iter().next(),
                })
            }
            _ => None,
        };
        entities.push(Entity {
            iri: (*subject).to_owned(),
            kind,
            pref_label,
            labels,
            notations,
            legal,
        });
    }
    (entities, legal_classes)
}

fn named(term: &Term) -> Option<&str> {
    match term {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

/// Lexical forms of literal objects; with `french_only`, language-tagged
/// literals other than `fr` are skipped.
fn literals(terms: &[&Term], french_only: bool) -> Vec<String> {
    terms
        .iter()
        .filter_map(|t| match t {
            Term::Literal(l) => match l.language() {
                Some(lang) if french_only && !lang.eq_ignore_ascii_case("fr") => None,
                _ => Some(l.value().to_owned()),
            },
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> RefData {
        RefData::bundled().expect("bundled reference data parses")
    }

    #[test]
    fn bundled_parses_and_dictionaries_are_not_empty() {
        let r = bundled();
        assert!(r.quads.len() > 500, "{} quads", r.quads.len());
        for kind in [
            EntityKind::DispositifType,
            EntityKind::Actor,
            EntityKind::Territory,
            EntityKind::TerritoryType,
            EntityKind::Plan,
            EntityKind::LegalText,
            EntityKind::Article,
        ] {
            assert!(r.of_kind(kind).count() > 0, "no entity of kind {kind:?}");
        }
        let cpts = r
            .entity("https://w3id.org/maillage/id/dispositif/cpts")
            .expect("cpts");
        assert_eq!(cpts.notations, vec!["CPTS".to_owned()]);
        assert!(cpts
            .labels
            .iter()
            .any(|l| l == "communautés professionnelles territoriales de santé"));
        let keywords: Vec<_> = r.legal_classes.iter().map(|c| c.keyword.as_str()).collect();
        for k in [
            "loi",
            "ordonnance",
            "décret",
            "arrêté",
            "circulaire",
            "instruction",
        ] {
            assert!(
                keywords.contains(&k),
                "missing legal keyword {k}: {keywords:?}"
            );
        }
    }

    #[test]
    fn legal_texts_read_class_number_date_and_nicknames() {
        let r = bundled();
        let lmss = r
            .entity("https://w3id.org/maillage/id/loi/2016-41")
            .expect("loi 2016-41");
        let info = lmss.legal.as_ref().expect("legal info");
        assert_eq!(info.class, "Loi");
        assert_eq!(info.number.as_deref(), Some("2016-41"));
        assert_eq!(info.date.as_deref(), Some("2016-01-26"));
        assert!(lmss.notations.contains(&"LMSS".to_owned()));
        assert!(lmss.labels.contains(&"loi Touraine".to_owned()));
        let art = r
            .entity("https://w3id.org/maillage/id/loi/2017-1836/article/51")
            .expect("art. 51");
        assert_eq!(art.kind, EntityKind::Article);
        assert_eq!(
            art.legal.as_ref().and_then(|l| l.part_of.as_deref()),
            Some("https://w3id.org/maillage/id/loi/2017-1836")
        );
    }

    /// Codes and conventions are consolidated, periodically renegotiated
    /// bodies without number or date; every other legal text needs a class,
    /// a number or a date, and a label.
    #[test]
    fn every_legal_text_has_type_number_or_date_and_label() {
        let r = bundled();
        let texts: Vec<_> = r.of_kind(EntityKind::LegalText).collect();
        assert!(texts.len() >= 20, "{} legal texts", texts.len());
        for e in texts {
            let info = e.legal.as_ref().expect("legal info");
            assert!(
                !info.class.is_empty() && info.class != "LegalText",
                "{}: no class",
                e.iri
            );
            assert!(e.pref_label.is_some(), "{}: no prefLabel", e.iri);
            if info.class != "Code" && info.class != "Convention" {
                assert!(
                    info.number.is_some() || info.date.is_some(),
                    "{}: neither number nor date",
                    e.iri
                );
            }
            if let Some(date) = &info.date {
                assert!(
                    date.len() == 10 && date.as_bytes()[4] == b'-',
                    "{}: bad date {date}",
                    e.iri
                );
            }
        }
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let err = RefData::from_turtle(&[("bad.ttl", "@prefix x: <http://x/> .\nx:a x:b .\n")])
            .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("bad.ttl:2:"), "{text}");
    }

    #[test]
    fn entities_are_read_from_the_quads_not_from_code() {
        let ttl = r#"@prefix mlg: <https://w3id.org/maillage/def#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <https://w3id.org/maillage/id/acteur/x> a mlg:Actor ;
                skos:prefLabel "Agence X"@fr , "X agency"@en ; skos:notation "AGX" ."#;
        let r = RefData::from_turtle(&[("x.ttl", ttl)]).expect("parses");
        let x = r
            .entity("https://w3id.org/maillage/id/acteur/x")
            .expect("x");
        assert_eq!(x.kind, EntityKind::Actor);
        assert_eq!(x.labels, vec!["Agence X".to_owned()]);
        assert_eq!(x.notations, vec!["AGX".to_owned()]);
    }
}
