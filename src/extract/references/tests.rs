//! Made-up notices in the styles of the seeds, one per parsing rule.

use super::*;
use crate::extract::AuthorKind;

fn notices(text: &str) -> Vec<Reference> {
    let lines: Vec<String> = crate::extract::text::normalise(text);
    extract_notices(&lines)
}

fn one(text: &str) -> Reference {
    let refs = notices(text);
    assert_eq!(refs.len(), 1, "{refs:#?}");
    refs.into_iter().next().unwrap_or_default()
}

fn first_author(r: &Reference) -> Option<&str> {
    r.authors.first().map(|a| a.name.as_str())
}

/// Three linked notices so that the block style is enabled, then `extra`.
fn block_doc(extra: &str) -> String {
    let filler = "Auteur Un\n\nTitre un\n\nParis : Éditeur, 2020, 10 p.\n\nEn ligne : https://example.org/1\n\n\
                  Auteur Deux\n\nTitre deux\n\nParis : Éditeur, 2021, 12 p.\n\nEn ligne : https://example.org/2\n\n";
    format!("{filler}\n\n{extra}")
}

#[test]
fn author_year_nested_quotes_keep_the_inner_quotation() {
    let r = one(
        "Durand, A. et Petit, B. (2023). \"\"Il faut agir vite\" : entretien avec Paul Martin.\" pp.6-8.",
    );
    assert_eq!(
        r.title.as_deref(),
        Some("\"Il faut agir vite\" : entretien avec Paul Martin")
    );
    assert_eq!(first_author(&r), Some("Durand, A."));
}

#[test]
fn author_year_unclosed_quote_stops_at_the_publication_statement() {
    let r = one(
        "Agence Imaginaire de Santé, (2019). \"Monter un projet en Bretagne. Guide pratique. Saint-Denis : Agence Imaginaire, https://example.org/guide",
    );
    assert_eq!(
        r.title.as_deref(),
        Some("Monter un projet en Bretagne. Guide pratique")
    );
    assert_eq!(r.url.as_deref(), Some("https://example.org/guide"));
    // Without a place and a colon, the title runs to the end.
    let r = one("Martin, C. (2020). \"Une thèse sans fin : étude de 12 cas");
    assert_eq!(
        r.title.as_deref(),
        Some("Une thèse sans fin : étude de 12 cas")
    );
}

#[test]
fn author_year_organisation_printed_as_person_is_kept_as_printed() {
    let r = one("ONDAM, P. (2021). \"Un avis\". Paris, ONDAM");
    assert_eq!(first_author(&r), Some("ONDAM, P."));
    assert_eq!(r.authors[0].kind, AuthorKind::Organisation);
}

#[test]
fn author_year_link_line_with_a_stray_space() {
    let r = one(
        "Roux, E. (2018). \"Un rapport\". Paris, IGAS\n\nwww.example.org/doc/R12 .pdf http://www.example.org/doc/R12.pdf\n\nUn résumé.",
    );
    assert_eq!(r.url.as_deref(), Some("http://www.example.org/doc/R12.pdf"));
    assert_eq!(r.publisher.as_deref(), Some("IGAS"));
    assert_eq!(r.end_line, 3);
    assert_eq!(r.abstract_text.as_deref(), Some("Un résumé."));
}

#[test]
fn block_title_with_an_unmatched_closing_guillemet() {
    let doc = block_doc(
        "Martin Paul, Durand Anne\n\n### **Une santé de proximité, plus qu'un slogan »**\n\n\
         Revue Imaginaire 2019 ; 2(14) : pp. 10-19\n\nEn ligne : https://example.org/article\n\nUn résumé.\n",
    );
    let refs = notices(&doc);
    let r = refs.last().expect("a notice");
    assert_eq!(
        r.title.as_deref(),
        Some("Une santé de proximité, plus qu'un slogan")
    );
    assert_eq!(first_author(r), Some("Martin Paul"));
    assert_eq!(r.year, Some(2019));
    assert_eq!(r.url.as_deref(), Some("https://example.org/article"));
}

#[test]
fn numbered_document_type_words_after_a_question_mark_stay_in_the_title() {
    let r = one("(7) Les MSP, 10 ans après : quel bilan ? Actes de colloque, Élus, Réseau Fictif, 2020, 80 p.");
    assert_eq!(
        r.title.as_deref(),
        Some("Les MSP, 10 ans après : quel bilan ? Actes de colloque")
    );
    assert_eq!(r.year, Some(2020));
    // A publisher after the question mark is not.
    let r = one("(8) Quel avenir pour les centres de santé ? Vie locale, 2019-05-27");
    assert_eq!(
        r.title.as_deref(),
        Some("Quel avenir pour les centres de santé ?")
    );
    assert_eq!(r.publisher.as_deref(), Some("Vie locale"));
}

#[test]
fn numbered_organisation_author_before_a_typed_title() {
    let r = one("(9) Agence fictive de la santé, Guide relatif aux maisons de santé, Ministère fictif, 2018, 21 p.");
    assert_eq!(first_author(&r), Some("Agence fictive de la santé"));
    assert_eq!(r.authors[0].kind, AuthorKind::Organisation);
    assert_eq!(
        r.title.as_deref(),
        Some("Guide relatif aux maisons de santé")
    );
    assert_eq!(r.publisher.as_deref(), Some("Ministère fictif"));
    assert_eq!(r.kind, crate::extract::ReferenceKind::Report);
    // A title followed by two publishers keeps its place.
    let r = one(
        "(10) Agir pour la santé des territoires, Réseau fictif, Agence fictive, 2020-02, 12 p.",
    );
    assert!(r.authors.is_empty());
    assert_eq!(
        r.title.as_deref(),
        Some("Agir pour la santé des territoires")
    );
}

#[test]
fn repeated_notice_is_kept_at_each_place_and_described_once() {
    let text = "Martin, A. (2020). \"Un titre\". Paris, Éditeur\n\nUn résumé.\n\nDurand, B. (2019). \"Autre\". Paris, Éditeur\n\nMartin, A. (2020). \"Un titre\". Paris, Éditeur\n\nLe même résumé.\n";
    let refs = notices(text);
    let lines: Vec<usize> = refs.iter().map(|r| r.line).collect();
    assert_eq!(lines, [1, 5, 7]);
    assert_eq!(refs[0].abstract_text.as_deref(), Some("Un résumé."));
    assert_eq!(refs[2].raw, refs[0].raw);
    assert!(refs[2].abstract_text.is_none());
}

#[test]
fn extract_with_reads_cues_from_the_given_reference_data() {
    let ttl = "@prefix mlg: <https://w3id.org/maillage/def#> .\n\
               @prefix bibo: <http://purl.org/ontology/bibo/> .\n\
               bibo:Thesis mlg:kindCue \"dissertation\" .";
    let data = RefData::from_turtle(&[("k.ttl", ttl)]).expect("turtle");
    let lines =
        vec!["Martin, A. (2020). \"Un titre\". Dissertation, Université fictive".to_owned()];
    assert_eq!(
        extract_with(&lines, &data)[0].kind,
        crate::extract::ReferenceKind::Thesis
    );
    assert_ne!(
        extract(&lines)[0].kind,
        crate::extract::ReferenceKind::Thesis
    );
}

#[test]
fn source_consultation_date_is_not_a_publication_year() {
    let r = one("Source : Code imaginaire de la santé, [en ligne], consulté le 3 mars 2020,\nhttps://example.org/code");
    assert_eq!(r.title.as_deref(), Some("Code imaginaire de la santé"));
    assert_eq!(r.year, None);
    assert_eq!(r.url.as_deref(), Some("https://example.org/code"));
}

#[test]
fn source_data_credit_has_a_year_and_no_title() {
    let r = one("Source : SNDS et FINESS – Drees – 2019, traitements ORS Bretagne");
    assert_eq!(r.title, None);
    assert!(r.authors.is_empty());
    assert_eq!(r.year, Some(2019));
}

#[test]
fn source_dash_separates_authors_not_title_parts() {
    let r = one("Source : Jean DUPONT - Anne DURAND, Soins et territoires - Une étude de cas, Éditions fictives, mai 2019");
    let names: Vec<&str> = r.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Jean DUPONT", "Anne DURAND"]);
    assert_eq!(
        r.title.as_deref(),
        Some("Soins et territoires - Une étude de cas")
    );
    assert_eq!(r.year, Some(2019));
}

#[test]
fn source_acronym_then_title_in_parentheses() {
    let r = one("Source : DREES (Suivi des maisons de santé), 2020");
    assert_eq!(first_author(&r), Some("DREES"));
    assert_eq!(r.authors[0].kind, AuthorKind::Organisation);
    assert_eq!(r.title.as_deref(), Some("Suivi des maisons de santé"));
    assert_eq!(r.year, Some(2020));
}

#[test]
fn source_title_stops_before_its_legal_basis_and_a_quoted_second_title() {
    let r = one(
        "Source : Caisse fictive, Rapport annuel sur les charges au titre de 2023 (loi du 2 mars 2010) -\n\
         « Mieux soigner – Propositions pour 2023 » -, juillet 2022 [en ligne], consulté le 4 mai 2023, https://example.org/r",
    );
    assert_eq!(first_author(&r), Some("Caisse fictive"));
    assert_eq!(
        r.title.as_deref(),
        Some("Rapport annuel sur les charges au titre de 2023")
    );
    assert_eq!(r.year, Some(2022));
    // A parenthesis that is not a legal text stays.
    let r = one(
        "Source : Caisse fictive, Les soins en question(s) (édition 2), Presses fictives, 2021",
    );
    assert_eq!(
        r.title.as_deref(),
        Some("Les soins en question(s) (édition 2)")
    );
}

#[test]
fn block_quotation_closing_above_a_notice_is_not_its_title() {
    let doc = block_doc(
        "« Une citation ouverte ici.\n\nElle se termine là, sur une autre ligne. »\n\n\
         Un guide des maisons de santé\n\nNantes : Association fictive, s.d, 6 p.\n\nEn ligne : https://example.org/guide\n",
    );
    let refs = notices(&doc);
    let r = refs.last().expect("a notice");
    assert_eq!(r.title.as_deref(), Some("Un guide des maisons de santé"));
    assert!(r.authors.is_empty());
}

#[test]
fn author_year_outer_quote_printed_once_for_an_inner_quotation() {
    let r = one("Petit, C. (2022). \"Bilan de l'expérimentation \"Parcours fictif\". *Revue Fictive* **12**(3): 4-9.");
    assert_eq!(
        r.title.as_deref(),
        Some("Bilan de l'expérimentation \"Parcours fictif\"")
    );
    assert_eq!(r.journal.as_deref(), Some("Revue Fictive"));
}

#[test]
fn own_words_beat_the_heading_for_the_kind() {
    let text = "Thèses, diplômes\n\nSimon, P. (2021). \"Chapitre 2 - Un chapitre\". In: [Un livre]. Paris, Éditeur: 9-19.\n\nDupont, J. (2020). \"Une recherche\". Université fictive\n";
    let refs = notices(text);
    let kinds: Vec<_> = refs.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            crate::extract::ReferenceKind::Chapter,
            crate::extract::ReferenceKind::Thesis
        ]
    );
}

#[test]
fn source_wrapped_after_place_colon_and_month_year_not_in_title() {
    let r = one(
        "Source : Anne Martin, Une histoire des soins, Lyon :\nPresses fictives, 2020, [en ligne], consulté le 3 mars 2023, https://example.org/h",
    );
    assert_eq!(r.end_line, 2);
    assert_eq!(r.title.as_deref(), Some("Une histoire des soins"));
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.url.as_deref(), Some("https://example.org/h"));
    assert_eq!(
        (r.place.as_deref(), r.publisher.as_deref()),
        (Some("Lyon"), Some("Presses fictives"))
    );
    let r = one("Source : Caisse fictive, Rapport annuel pour 2022, juillet 2021, [en ligne], consulté le 4 mai 2022");
    assert_eq!(r.title.as_deref(), Some("Rapport annuel pour 2022"));
    assert_eq!(r.year, Some(2021));
}
