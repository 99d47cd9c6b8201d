//! Bibliographic notices: each notice style on small made-up inputs, then
//! notice counts on the seeds checked against an independent, simpler count,
//! then exact fields of a handful of real notices read from the seeds.

use std::collections::BTreeSet;
use std::path::PathBuf;

use maillage::extract::references::{extract, extract_citations, extract_notices};
use maillage::extract::text::normalise;
use maillage::extract::{AuthorKind, Reference, ReferenceKind};
use regex::Regex;

fn read(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn notices(rel: &str) -> (Vec<String>, Vec<Reference>) {
    let lines = normalise(&read(rel));
    let refs = extract_notices(&lines);
    (lines, refs)
}

fn at(refs: &[Reference], line: usize) -> &Reference {
    refs.iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("no notice starts at line {line}"))
}

fn first_author(r: &Reference) -> Option<&str> {
    r.authors.first().map(|a| a.name.as_str())
}

// ---------------------------------------------------------------- styles

#[test]
fn author_year_style() {
    let (_, refs) = notices("tests/fixtures/author_year.txt");
    assert_eq!(refs.len(), 4, "{refs:#?}");
    let r = &refs[0];
    assert_eq!((r.line, r.end_line), (3, 5));
    assert_eq!(r.title.as_deref(), Some("Le rapport imaginaire des soins"));
    assert_eq!(r.authors[0].kind, AuthorKind::Organisation);
    assert_eq!(r.year, Some(2021));
    assert_eq!(r.place.as_deref(), Some("Paris"));
    assert_eq!(
        r.url.as_deref(),
        Some("https://www.example.org/rapport_imaginaire")
    );
    assert_eq!(
        r.abstract_text.as_deref(),
        Some("Un résumé du rapport, sur une ligne.")
    );
    assert_eq!(r.section.as_deref(), Some("Rapports, études"));
    assert_eq!(r.kind, ReferenceKind::Report);

    let r = &refs[1];
    let names: Vec<&str> = r.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Dupont, J.-P.", "Martin, A.", "Durand, M. H."]);
    assert!(r.authors.iter().all(|a| a.kind == AuthorKind::Person));
    assert_eq!(r.title.as_deref(), Some("Un titre entre guillemets"));
    assert_eq!(r.url.as_deref(), Some("https://www.example.org/titre"));

    let r = &refs[2];
    assert!(r.authors.is_empty());
    assert_eq!(r.year, Some(2019));
    assert_eq!(r.title.as_deref(), Some("Rapport sans auteur"));

    let r = &refs[3];
    assert_eq!(r.kind, ReferenceKind::Article);
    assert_eq!(r.journal.as_deref(), Some("Revue Imaginaire"));
    assert_eq!(
        (r.volume.as_deref(), r.issue.as_deref(), r.pages.as_deref()),
        (Some("12"), Some("3"), Some("45-67"))
    );
    assert_eq!(r.doi.as_deref(), Some("10.1234/abc(12)3"));
    assert_eq!(r.section.as_deref(), Some("Articles"));
}

#[test]
fn numbered_style() {
    let (_, refs) = notices("tests/fixtures/numbered.txt");
    assert_eq!(refs.len(), 3, "{refs:#?}");
    let r = &refs[0];
    let names: Vec<&str> = r.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["MARTIN Claire", "DUPONT J."]);
    assert_eq!(
        r.title.as_deref(),
        Some("Les soins imaginaires en 5 étapes")
    );
    assert_eq!(r.journal.as_deref(), Some("Revue Fictive"));
    assert_eq!(
        (r.volume.as_deref(), r.issue.as_deref()),
        (Some("12"), Some("3"))
    );
    assert_eq!((r.year, r.pages.as_deref()), (Some(2019), Some("10-20")));
    assert_eq!(
        r.abstract_text.as_deref(),
        Some("Ce résumé décrit le document.")
    );
    assert_eq!(r.section.as_deref(), Some("2.1. Les documents inventés"));

    let r = &refs[1];
    assert!(r.authors.is_empty());
    assert_eq!(
        (r.line, r.end_line),
        (7, 9),
        "the link label belongs to the notice"
    );
    assert_eq!(r.publisher.as_deref(), Some("Agence Fictive"));
    assert_eq!(r.abstract_text, None);

    let r = &refs[2];
    assert_eq!(r.title.as_deref(), Some("Une note de bas de page"));
    assert_eq!(first_author(r), Some("LEBLANC Paul"));
    assert_eq!(r.year, Some(2020));
}

#[test]
fn block_style() {
    let (_, refs) = notices("tests/fixtures/block.txt");
    assert_eq!(refs.len(), 4, "{refs:#?}");
    let r = &refs[0];
    assert_eq!((r.line, r.end_line), (3, 11));
    assert_eq!(
        r.title.as_deref(),
        Some("Un rapport imaginaire sur les soins")
    );
    assert_eq!(first_author(r), Some("Martin Claire"));
    assert_eq!(
        (r.place.as_deref(), r.publisher.as_deref()),
        (Some("Paris"), Some("Éditions Fictives"))
    );
    assert_eq!((r.year, r.pages.as_deref()), (Some(2022), Some("120 p.")));
    assert_eq!(
        r.url.as_deref(),
        Some("https://www.example.org/un-rapport-imaginaire_2022.pdf"),
        "wrapped URL re-joined"
    );
    assert_eq!(r.section.as_deref(), Some("1 – PREMIÈRE PARTIE"));
    assert!(r
        .abstract_text
        .as_deref()
        .is_some_and(|a| a.starts_with("Ce rapport imaginaire")));

    let r = &refs[1];
    assert_eq!(r.title.as_deref(), Some("Un article de revue"));
    assert_eq!(r.journal.as_deref(), Some("Revue Imaginaire"));
    assert_eq!(
        (r.volume.as_deref(), r.issue.as_deref(), r.pages.as_deref()),
        (Some("8"), Some("2"), Some("33-44"))
    );
    assert_eq!(r.doi.as_deref(), Some("10.1234/rev.2020.0033"));

    let r = &refs[2];
    assert_eq!(first_author(r), Some("Kouchner Bernadette"));
    assert_eq!(r.title.as_deref(), Some("Un livre sans lien : préface"));
    assert_eq!((r.year, r.url.as_deref()), (Some(2004), None));

    let r = &refs[3];
    assert_eq!(r.title.as_deref(), Some("Une page web"));
    assert_eq!(r.year, None, "s.d. means undated");
    assert_eq!(r.kind, ReferenceKind::WebPage);
}

#[test]
fn source_style_and_citations() {
    let lines = normalise(&read("tests/fixtures/source.txt"));
    let refs = extract_notices(&lines);
    assert_eq!(refs.len(), 1, "{refs:#?}");
    let r = &refs[0];
    assert_eq!((r.line, r.end_line), (3, 6), "wrapped over a blank line");
    assert_eq!(r.year, Some(2017));
    assert_eq!(r.title.as_deref(), Some("Stratégie imaginaire 2018-2022"));
    assert_eq!(r.authors[0].kind, AuthorKind::Organisation);
    assert_eq!(
        r.url.as_deref(),
        Some("https://www.example.org/strategie-imaginaire/article/la-strategie")
    );
    let cites: Vec<String> = extract_citations(&lines)
        .into_iter()
        .map(|c| c.raw)
        .collect();
    assert_eq!(
        cites,
        [
            "Martin, 2015",
            "Durand et al., 2010",
            "Petit et Leroy, 2012"
        ]
    );
    assert_eq!(extract(&lines).len(), 4);
}

// ---------------------------------------------------------------- counts

const IRDES: &str = "seeds/001_49a27ccff87efa44.txt";
const OCCITANIE: &str = "seeds/002_d167c5ef3e7b9dda.txt";
const BFC: &str = "seeds/000_95b47d113a140789.txt";
const SLIDES: &str = "seeds/003_f76e98d1edfd760f.txt";
const EXAM: &str = "seeds/004_54ae963a27456e86.txt";

/// Irdes: every notice opens with `Authors (YYYY). ` (or `(YYYY). ` with
/// no author) at the start of a line, and nothing else in the document
/// starts that way (abstracts never open with a parenthesised year); the
/// wrapped notices only continue on later lines. So head lines count the
/// notices, and distinct head lines the distinct ones. Read through: 178
/// head lines, two exact repeats (PromoSanté 2021, Simon & Moulin 2021),
/// each kept where it is printed (a notice printed twice is cited twice).
#[test]
fn count_irdes() {
    let raw = read(IRDES);
    let head = Regex::new(r"^[^\n]{0,300}\(\d{4}[a-z]?\)\. |^\(\d{4}\)\.").unwrap();
    let heads: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| head.is_match(l))
        .collect();
    let distinct: BTreeSet<&str> = heads.iter().copied().collect();
    let (_, refs) = notices(IRDES);
    let raws: BTreeSet<&str> = refs.iter().map(|r| r.raw.as_str()).collect();
    eprintln!(
        "{IRDES}: {} notices, {} distinct (independent count {} / {})",
        refs.len(),
        raws.len(),
        heads.len(),
        distinct.len()
    );
    assert_eq!(refs.len(), heads.len());
    assert_eq!(raws.len(), distinct.len());
    assert_eq!(refs.len(), 178);
}

/// Occitanie: notices are `(N) ` lines, `Source : ` lines and footnote
/// lines (superscript call) carrying a link label or a year — one line
/// each in this document. Counted line by line; after removing the marker,
/// the bold marks and the link label, distinct texts count the distinct
/// notices (a law cited both as notice (2) and as footnotes 28, 33, 39, 47
/// is one notice cited five times).
#[test]
fn count_occitanie() {
    let raw = read(OCCITANIE);
    let number = Regex::new(r"^\((\d+)\) ").unwrap();
    let footnote = Regex::new(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+ ").unwrap();
    let year = Regex::new(r"\b(19|20)\d\d\b").unwrap();
    let marker = Regex::new(r"^(\(\d+\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+) ").unwrap();
    let label = Regex::new(r"\s*:?\s*\[(Consulter|Accéder)[^\]]*\]\(#\)\s*$").unwrap();
    let mut numbers = BTreeSet::new();
    let mut expected = BTreeSet::new();
    let mut lines_count = 0;
    for l in raw.lines().map(str::trim) {
        let is_footnote = footnote.is_match(l) && (l.contains("Consulter") || year.is_match(l));
        if let Some(m) = number.captures(l) {
            numbers.insert(m[1].to_owned());
        }
        if number.is_match(l) || l.starts_with("Source :") || is_footnote {
            let t = marker.replace(l, "").replace('*', "");
            expected.insert(label.replace(&t, "").trim().to_owned());
            lines_count += 1;
        }
    }
    let (lines, refs) = notices(OCCITANIE);
    let numbered = refs
        .iter()
        .filter(|r| number.is_match(lines[r.line - 1].trim()))
        .count();
    let raws: BTreeSet<&str> = refs.iter().map(|r| r.raw.as_str()).collect();
    eprintln!(
        "{OCCITANIE}: {} notices, {} distinct ({numbered} numbered; independent count {lines_count} / {})",
        refs.len(),
        raws.len(),
        expected.len()
    );
    assert_eq!(numbers.len(), 43);
    assert_eq!(numbered, numbers.len());
    assert_eq!(refs.len(), lines_count);
    assert_eq!(raws.len(), expected.len());
}

/// BFC: a notice with a link carries exactly one `En ligne` (or `Doi :`)
/// line, and no other line of the document says `En ligne` with a capital
/// (the introduction's "accessibles en ligne" is lowercase). Read through:
/// three notices have no link (Kouchner 2004, Fournier 2022 and Cachard 2022
/// chapters in the Irdes book), and the parenthesised notice of the
/// introduction (Sandon 2023) counts as one.
#[test]
fn count_bfc() {
    let raw = read(BFC);
    let online = Regex::new(r"En ligne|^(Doi|DOI) ?:").unwrap();
    let with_link = raw.lines().filter(|l| online.is_match(l)).count();
    let (_, refs) = notices(BFC);
    let linked = refs.iter().filter(|r| r.url.is_some()).count();
    let unlinked: Vec<usize> = refs
        .iter()
        .filter(|r| r.url.is_none())
        .map(|r| r.line)
        .collect();
    eprintln!(
        "{BFC}: {} notices ({linked} with a link; independent count {with_link} + 3)",
        refs.len()
    );
    assert_eq!(linked, with_link);
    assert_eq!(unlinked, [97, 670, 833]);
    assert_eq!(refs.len(), with_link + 3);
}

/// Exam file: notices are the `Source :` lines (hard-wrapped); one is
/// printed twice (Sebai & Yatim), kept at both places. Citations are the
/// `(Surname[ et al.| et Surname], YYYY)` groups of the text.
#[test]
fn count_exam_and_slides() {
    let raw = read(EXAM);
    let sources: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("Source :"))
        .collect();
    let distinct: BTreeSet<&str> = sources.iter().copied().collect();
    let (lines, refs) = notices(EXAM);
    let cite = Regex::new(r"[(;] ?([A-Z][a-z]+(?: et al\.| et [A-Z][a-z]+)?, \d{4})").unwrap();
    let expected: BTreeSet<&str> = cite
        .captures_iter(&raw)
        .map(|c| c.get(1).map_or("", |m| m.as_str()))
        .collect();
    let cites = extract_citations(&lines);
    let raws: BTreeSet<&str> = refs.iter().map(|r| r.raw.as_str()).collect();
    eprintln!(
        "{EXAM}: {} notices, {} citations (independent {} / {})",
        refs.len(),
        cites.len(),
        sources.len(),
        expected.len()
    );
    assert_eq!(refs.len(), sources.len());
    assert_eq!(raws.len(), distinct.len());
    assert_eq!(cites.len(), expected.len());

    let lines = normalise(&read(SLIDES));
    let slides = extract(&lines);
    eprintln!("{SLIDES}: {} references (citations only)", slides.len());
    let found: Vec<(Vec<&str>, Option<i32>)> = slides
        .iter()
        .map(|r| (r.authors.iter().map(|a| a.name.as_str()).collect(), r.year))
        .collect();
    assert_eq!(
        found,
        [
            (vec!["AF Taiclet"], Some(2011)),
            (vec!["Mariette", "Pitti"], Some(2021))
        ]
    );
}

/// Field coverage over every seed: a notice whose text holds a URL has one,
/// a notice whose text (URLs aside) holds a year has one of those years,
/// and nearly all notices have a title (data-source credits have none).
#[test]
fn field_coverage() {
    let url = Regex::new(r"https?://").unwrap();
    let year = Regex::new(r"\b(1[89]\d\d|20\d\d)\b").unwrap();
    for seed in [IRDES, OCCITANIE, BFC, EXAM] {
        let (_, refs) = notices(seed);
        let mut titled = 0;
        for r in &refs {
            if url.is_match(&r.raw) {
                assert!(r.url.is_some(), "{seed}:{} no URL: {}", r.line, r.raw);
            }
            let bare = url.replace_all(&r.raw, "");
            let years: Vec<i32> = year
                .captures_iter(&bare)
                .filter_map(|c| c[1].parse().ok())
                .collect();
            if let Some(y) = r.year {
                assert!(
                    years.contains(&y),
                    "{seed}:{} year {y} not in {}",
                    r.line,
                    r.raw
                );
            }
            // A figure credit naming data sources ("…, traitements ORS")
            // has no title.
            let credit = r.raw.contains(", traitement");
            assert!(
                !(credit && r.title.is_some()),
                "{seed}:{} titled credit",
                r.line
            );
            titled += usize::from(r.title.is_some() || credit);
        }
        let dated = refs.iter().filter(|r| r.year.is_some()).count();
        eprintln!(
            "{seed}: {} notices, {dated} dated, {titled} titled",
            refs.len()
        );
        assert!(
            titled * 100 >= refs.len() * 98,
            "{seed}: {titled}/{} titled",
            refs.len()
        );
    }
}

// ---------------------------------------------------------------- fields

#[test]
fn irdes_fields() {
    let (_, refs) = notices(IRDES);
    let r = at(&refs, 53);
    assert_eq!(
        r.title.as_deref(),
        Some("L'organisation territoriale des soins de premier recours")
    );
    assert_eq!(
        (first_author(r), r.authors[0].kind),
        (Some("Cour des comptes"), AuthorKind::Organisation)
    );
    assert_eq!(r.year, Some(2024));
    assert_eq!(r.url.as_deref(), Some("https://www.ccomptes.fr/fr/publications/organisation-territoriale-des-soins-de-premier-recours"));
    assert!(r
        .abstract_text
        .as_deref()
        .is_some_and(|a| a.starts_with("Définis par l'article L. 1411-11")));

    let r = at(&refs, 214);
    assert_eq!(first_author(r), Some("Bonzom, F."));
    assert_eq!(r.year, Some(2020));
    assert_eq!(
        r.title.as_deref(),
        Some("Mieux accompagner les professionnels de santé : Quelle coordination territoriale et quels outils pour une structuration efficace des soins de ville ?")
    );
    assert_eq!(
        r.url.as_deref(),
        Some("https://en3s.fr/secudoc/produits-documentaires/publications-en3s/4095-2/")
    );

    let r = at(&refs, 232);
    assert!(r.authors.is_empty());
    assert_eq!(r.title.as_deref(), Some("Projet de loi relatif à l'organisation et à la transformation du système de santé: Étude d'impact"));
    assert_eq!(
        r.url.as_deref(),
        Some("https://www.assemblee-nationale.fr/dyn/15/textes/l15b1681_etude-impact")
    );

    let r = at(&refs, 648);
    assert_eq!(first_author(r), Some("Bousquet, F."));
    assert_eq!(r.journal.as_deref(), Some("Regards"));
    assert_eq!(
        (r.volume.as_deref(), r.issue.as_deref(), r.pages.as_deref()),
        (Some("56"), Some("2"), Some("117-137"))
    );

    let r = at(&refs, 716);
    assert_eq!(r.doi.as_deref(), Some("10.1016/S1957-2557(18)30046-4"));
    assert_eq!(r.year, Some(2018));

    let promo: Vec<&Reference> = refs
        .iter()
        .filter(|r| r.title.as_deref() == Some("Diagnostic territorial"))
        .collect();
    assert_eq!(promo.len(), 2, "the repeated notice is kept at both places");
    assert_eq!(promo[0].raw, promo[1].raw);
    assert!(promo[0].line < promo[1].line);
    assert!(
        promo[1].abstract_text.is_none(),
        "a repeated notice is described once"
    );
}

#[test]
fn occitanie_fields() {
    let (_, refs) = notices(OCCITANIE);
    let r = at(&refs, 328);
    let names: Vec<&str> = r.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["JABOT Françoise", "LAURENT Anne"]);
    assert_eq!(
        r.title.as_deref(),
        Some("Les contrats locaux de santé en quête de sens")
    );
    assert_eq!(r.journal.as_deref(), Some("Santé publique"));
    assert_eq!(
        (r.volume.as_deref(), r.issue.as_deref(), r.pages.as_deref()),
        (Some("30"), Some("2"), Some("155-156"))
    );
    assert_eq!(r.year, Some(2018));
    assert_eq!(
        r.section.as_deref(),
        Some("2.2.2. Les Contrats Locaux de Santé (CLS)")
    );

    let r = at(&refs, 308);
    assert_eq!(
        r.title.as_deref(),
        Some("Elaborer un contrat local de santé en 8 étapes")
    );
    assert_eq!(
        (r.publisher.as_deref(), r.year),
        (Some("Club Santé Social"), Some(2021))
    );
    assert!(r
        .abstract_text
        .as_deref()
        .is_some_and(|a| a.starts_with("Cet article liste les 8 étapes")));

    let r = at(&refs, 62);
    assert_eq!(r.kind, ReferenceKind::LegalText);
    assert_eq!(r.year, Some(2009));

    let r = at(&refs, 144);
    assert_eq!(first_author(r), Some("CLAIR Alice"));
    assert_eq!(
        r.title.as_deref(),
        Some("Près d'un quart des Français vivent dans un désert médical")
    );
    assert_eq!(
        (r.publisher.as_deref(), r.year),
        (Some("Libération"), Some(2022))
    );
}

#[test]
fn bfc_fields() {
    let (_, refs) = notices(BFC);
    let r = at(&refs, 431);
    assert_eq!(first_author(r), Some("Chauvin Franck"));
    assert_eq!(
        r.title.as_deref(),
        Some("Dessiner la santé publique de demain")
    );
    assert_eq!(
        (r.place.as_deref(), r.year, r.pages.as_deref()),
        (Some("Paris"), Some(2021), Some("157 p."))
    );
    assert_eq!(
        r.url.as_deref(),
        Some("https://solidarites-sante.gouv.fr/IMG/pdf/rapport_chauvin.pdf")
    );
    assert_eq!(
        r.section.as_deref(),
        Some("2.2 – Soins primaires et politiques publiques")
    );

    let r = at(&refs, 97);
    assert_eq!(first_author(r), Some("Kouchner Bernard"));
    assert_eq!(
        r.title.as_deref(),
        Some("L'aventure de la santé publique : préface")
    );
    assert_eq!((r.year, r.url.as_deref()), (Some(2004), None));

    let r = at(&refs, 405);
    assert_eq!(first_author(r), Some("Polton Dominique"));
    assert_eq!(
        r.url.as_deref(),
        Some("https://www.securite-sociale.fr/files/live/sites/SSFR/files/HCAAM/2022/Rapport%20Hcaam%20Organisation%20soins%20proximite.pdf")
    );

    let r = at(&refs, 1132);
    assert_eq!(r.url.as_deref(), Some("https://www.ors-idf.org/fileadmin/DataStorageKit/ORS/Etudes/Etude_1490/ORS_deserts_medicaux_vf.pdf"));

    let r = at(&refs, 1186);
    assert_eq!(first_author(r), Some("Elma A"));
    assert_eq!(
        (r.doi.as_deref(), r.year),
        (Some("10.1186/s12960-022-00726-z"), Some(2022))
    );
    assert_eq!(r.journal.as_deref(), Some("Hum Resour Health"));
}

#[test]
fn exam_fields() {
    let (_, refs) = notices(EXAM);
    let r = at(&refs, 71);
    assert_eq!(
        r.title.as_deref(),
        Some("Stratégie nationale de santé 2018-2022")
    );
    assert_eq!(r.year, Some(2017));
    assert_eq!(
        r.url.as_deref(),
        Some("https://solidarites-sante.gouv.fr/systeme-de-sante-et-medico-social/strategie-nationale-de-sante/article/la-strategie-nationale-de-sante-2018-2022")
    );

    let r = at(&refs, 260);
    assert_eq!(
        (first_author(r), r.year),
        (Some("Catherine Mangeney"), Some(2018))
    );
    assert_eq!(r.url.as_deref(), Some("https://www.ors-idf.org/fileadmin/DataStorageKit/ORS/Etudes/Etude_1490/ORS_deserts_medicaux_vf.pdf"));

    let r = at(&refs, 489);
    assert_eq!(
        (first_author(r), r.year),
        (Some("Blandine Legendre"), Some(2020))
    );
    assert_eq!(
        r.url.as_deref(),
        Some("https://drees.solidarites-sante.gouv.fr/publications/etudes-et-resultats/en-2018-les-territoires-sous-dotes-en-medecins-generalistes")
    );
}
