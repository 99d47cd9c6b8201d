//! Legal citations and dictionary entities over the real seed documents.
//!
//! Asserts that every way the seeds cite the 2016 and 2009 health laws
//! resolves to one node each, and prints the table of legal texts found
//! (`cargo test --test refdata -- --nocapture`).

use maillage::extract::{gazetteer, legal, text, Mention};
use maillage::refdata::RefData;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const ID: &str = "https://w3id.org/maillage/id/";

/// A table row: the (document, line) pairs citing a text, and the documents.
type Row<'a> = (BTreeSet<(&'a str, usize)>, BTreeSet<&'a str>);

fn seeds() -> Vec<(String, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("seeds directory") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let raw = std::fs::read_to_string(&path).expect("UTF-8 seed");
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            out.push((name, text::normalise(&raw)));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no seed in {}", dir.display());
    out
}

fn fold(s: &str) -> String {
    gazetteer::fold(s)
}

/// All legal mentions of all seeds, with their document.
fn legal_mentions(
    refdata: &RefData,
) -> (
    Vec<(String, Mention)>,
    Vec<legal::LegalTextRecord>,
    Vec<legal::ArticleRecord>,
) {
    let mut mentions = Vec::new();
    let mut texts = BTreeMap::new();
    let mut articles = BTreeSet::new();
    for (doc, lines) in seeds() {
        let x = legal::extract(&lines, refdata);
        for record in x.new_texts {
            texts.insert(record.iri.clone(), record);
        }
        articles.extend(x.articles);
        mentions.extend(x.mentions.into_iter().map(|m| (doc.clone(), m)));
    }
    (
        mentions,
        texts.into_values().collect(),
        articles.into_iter().collect(),
    )
}

fn label(refdata: &RefData, iri: &str, new: &[legal::LegalTextRecord]) -> String {
    refdata
        .entity(iri)
        .and_then(|e| e.pref_label.clone())
        .or_else(|| {
            new.iter()
                .find(|t| t.iri == iri)
                .map(|t| format!("{} (new)", t.label))
        })
        .unwrap_or_default()
}

#[test]
fn seed_citations_of_the_2016_and_2009_laws_resolve_to_one_node_each() {
    let refdata = RefData::bundled().expect("reference data");
    let (mentions, new_texts, articles) = legal_mentions(&refdata);
    let lmss = format!("{ID}loi/2016-41");
    let hpst = format!("{ID}loi/2009-879");

    let mut checked = BTreeMap::<&str, usize>::new();
    for (doc, m) in &mentions {
        let f = fold(&m.matched);
        let expect = if f.starts_with("article") {
            None
        } else if f.starts_with("loi du 26 janvier 2016")
            || f.contains("2016 41")
            || m.matched == "LMSS"
        {
            Some((&lmss, "2016"))
        } else if f.contains("hpst")
            || f.contains("hopital patients sante")
            || f.contains("loi du 21 juillet 2009")
        {
            Some((&hpst, "2009"))
        } else {
            None
        };
        if let Some((iri, key)) = expect {
            assert_eq!(
                &m.entity, iri,
                "{doc}:{}: {:?} resolved to {}",
                m.line, m.matched, m.entity
            );
            *checked.entry(key).or_default() += 1;
        }
    }
    assert!(
        checked.get("2016").copied().unwrap_or(0) >= 10,
        "few 2016-41 citations: {checked:?}"
    );
    assert!(
        checked.get("2009").copied().unwrap_or(0) >= 10,
        "few 2009-879 citations: {checked:?}"
    );

    // Each citation style is present in the seeds and resolved.
    let matched: BTreeSet<String> = mentions
        .iter()
        .filter(|(_, m)| m.entity == lmss)
        .map(|(_, m)| fold(&m.matched))
        .collect();
    for style in [
        "loi du 26 janvier 2016",
        "loi n 2016 41 du 26 janvier 2016",
        "lmss",
        "loi de modernisation de notre systeme de sante",
    ] {
        assert!(
            matched.iter().any(|m| m.starts_with(style)),
            "no {style:?} among {matched:?}"
        );
    }
    let matched: BTreeSet<String> = mentions
        .iter()
        .filter(|(_, m)| m.entity == hpst)
        .map(|(_, m)| fold(&m.matched))
        .collect();
    for style in [
        "loi hpst",
        "loi bachelot",
        "loi hopital patients sante et territoires",
        "loi n 2009 879",
    ] {
        assert!(
            matched.iter().any(|m| m.starts_with(style)),
            "no {style:?} among {matched:?}"
        );
    }

    // Article 65 of the 2016 law, and the two different article 51s.
    let entities: BTreeSet<&str> = mentions.iter().map(|(_, m)| m.entity.as_str()).collect();
    for article in [
        "loi/2016-41/article/65",
        "loi/2009-879/article/51",
        "loi/2017-1836/article/51",
        "loi/2022-217/article/122",
    ] {
        assert!(
            entities.contains(format!("{ID}{article}").as_str()),
            "article {article} not found"
        );
    }
    // Bills are never resolved to laws.
    for (doc, m) in &mentions {
        let f = fold(&m.quote);
        if let Some(i) = f.find(&fold(&m.matched)) {
            let before = &f[..i];
            assert!(
                !before.ends_with("projet de ") && !before.ends_with("proposition de "),
                "{doc}:{}: bill {:?}",
                m.line,
                m.matched
            );
        }
    }

    // The table the lead reports: legal text, mentions (document lines), documents.
    let mut table: BTreeMap<&str, Row> = BTreeMap::new();
    for (doc, m) in &mentions {
        let row = table.entry(m.entity.as_str()).or_default();
        row.0.insert((doc.as_str(), m.line));
        row.1.insert(doc.as_str());
    }
    let mut rows: Vec<_> = table.into_iter().collect();
    rows.sort_by_key(|(iri, (lines, _))| (std::cmp::Reverse(lines.len()), *iri));
    eprintln!("\n{:<44} {:>5} {:>4}  label", "legal text", "lines", "docs");
    for (iri, (lines, docs)) in &rows {
        let short = iri.strip_prefix(ID).unwrap_or(iri);
        eprintln!(
            "{short:<44} {:>5} {:>4}  {}",
            lines.len(),
            docs.len(),
            label(&refdata, iri, &new_texts)
        );
    }
    eprintln!("\nnew legal texts minted: {}", new_texts.len());
    for t in &new_texts {
        eprintln!(
            "  {} — {}",
            t.iri.strip_prefix(ID).unwrap_or(&t.iri),
            t.label
        );
    }
    eprintln!("articles outside the reference data: {}", articles.len());
    for a in &articles {
        eprintln!(
            "  {} — {}",
            a.iri.strip_prefix(ID).unwrap_or(&a.iri),
            a.label
        );
    }
}

#[test]
fn seeds_name_the_main_dispositifs_actors_and_territories() {
    let refdata = RefData::bundled().expect("reference data");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, lines) in seeds() {
        for m in gazetteer::extract(&lines, &refdata) {
            *counts.entry(m.entity).or_default() += 1;
        }
    }
    for expected in [
        "dispositif/cpts",
        "dispositif/msp",
        "dispositif/centre-de-sante",
        "dispositif/cls",
        "dispositif/clsm",
        "dispositif/asv",
        "dispositif/esp",
        "acteur/ars",
        "acteur/assurance-maladie",
        "acteur/hcaam",
        "territoire/occitanie",
        "territoire/bourgogne-franche-comte",
        "territoire/type/qpv",
        "politique/ma-sante-2022",
        "politique/segur-de-la-sante",
    ] {
        let n = counts.get(&format!("{ID}{expected}")).copied().unwrap_or(0);
        assert!(n > 0, "{expected} never found");
    }
    assert!(
        counts[&format!("{ID}dispositif/cpts")] > 100,
        "CPTS count {}",
        counts[&format!("{ID}dispositif/cpts")]
    );
    let mut rows: Vec<_> = counts.iter().collect();
    rows.sort_by_key(|(iri, n)| (std::cmp::Reverse(**n), (*iri).clone()));
    eprintln!("\n{} entities found; top 40:", rows.len());
    for (iri, n) in rows.iter().take(40) {
        eprintln!("  {:>5}  {}", n, iri.strip_prefix(ID).unwrap_or(iri));
    }
}

/// The reference data covers the dispositifs of the code de la santé
/// publique's territorial organisation and the conventions' structures, so
/// that no target is missed for lack of an entry; each is matched by its
/// label in running text.
#[test]
fn the_territorial_organisation_of_care_is_covered() {
    let refdata = RefData::bundled().unwrap();
    let expected = [
        ("ptsm", "projet territorial de santé mentale"),
        ("clsm", "conseil local de santé mentale"),
        ("dac", "dispositif d'appui à la coordination"),
        ("cpts", "communauté professionnelle territoriale de santé"),
        ("esp", "équipe de soins primaires"),
        ("ess", "équipe de soins spécialisés"),
        ("msp", "maison de santé pluriprofessionnelle"),
        ("centre-de-sante", "centre de santé"),
        ("hopital-de-proximite", "hôpital de proximité"),
        ("ght", "groupement hospitalier de territoire"),
        ("cht", "communauté hospitalière de territoire"),
        ("reseau-de-sante", "réseau de santé"),
        ("pta", "plateforme territoriale d'appui"),
        ("maia", "MAIA"),
        ("medecin-traitant", "médecin traitant"),
        ("ipa", "infirmier en pratique avancée"),
        ("assistant-medical", "assistant médical"),
        ("sas", "service d'accès aux soins"),
        ("pdsa", "permanence des soins ambulatoires"),
        ("cls", "contrat local de santé"),
        ("sisa", "société interprofessionnelle de soins ambulatoires"),
    ];
    let mut missing = Vec::new();
    for (slug, label) in expected {
        let iri = format!("{ID}dispositif/{slug}");
        let Some(entity) = refdata.entity(&iri) else {
            missing.push(iri);
            continue;
        };
        let matches = entity.labels.iter().any(|l| fold(l) == fold(label))
            || entity.notations.iter().any(|n| n == label);
        assert!(matches, "{iri}: no label {label:?} in {:?}", entity.labels);
    }
    assert!(
        missing.is_empty(),
        "missing from the reference data: {missing:?}"
    );
    for actor in ["ars", "mdph", "arh", "cnsa"] {
        assert!(
            refdata.entity(&format!("{ID}acteur/{actor}")).is_some(),
            "{actor}"
        );
    }
}
