use super::*;

const LMSS: &str = "https://w3id.org/maillage/id/loi/2016-41";
const HPST: &str = "https://w3id.org/maillage/id/loi/2009-879";

fn refdata() -> RefData {
    RefData::bundled().expect("bundled reference data")
}

fn run(text: &str) -> LegalExtraction {
    extract(
        &text.lines().map(str::to_owned).collect::<Vec<_>>(),
        &refdata(),
    )
}

fn entities(text: &str) -> Vec<String> {
    let mut v: Vec<String> = run(text).mentions.into_iter().map(|m| m.entity).collect();
    v.dedup();
    v
}

fn short(iri: &str) -> &str {
    iri.strip_prefix(ID).unwrap_or(iri)
}

#[test]
fn by_number_with_messy_spacing_and_signs() {
    for text in [
        "la loi n° 2016-41 du 26 janvier 2016",
        "la loi n°2016-41",
        "LOI n° 2016-41 du 26 janvier 2016 de modernisation",
        "Loi No 2016-41",
        "la loi nº\u{a0}2016-41",
        "selon le n°2016-41, ...",
    ] {
        assert_eq!(entities(text), vec![LMSS.to_owned()], "{text}");
    }
}

#[test]
fn by_class_and_date_with_footnotes_and_wraps() {
    for text in [
        "créées par la loi du 26 janvier 2016, associent",
        "par la loi du 26 janvier 2016¹ de modernisation",
        "par la loi du 26\njanvier 2016 de modernisation",
    ] {
        assert_eq!(entities(text), vec![LMSS.to_owned()], "{text:?}");
    }
    // Two ordonnances of 12 May 2021 are known: what the passage names
    // tells them apart; naming neither, both are cited.
    assert_eq!(
        entities("l'ordonnance du 12 mai 2021 relative aux CPTS a assoupli leurs règles"),
        vec![format!("{ID}ordonnance/2021-584")]
    );
    assert_eq!(
        entities("l'ordonnance du 12 mai 2021 a fixé la labellisation des hôpitaux de proximité"),
        vec![format!("{ID}ordonnance/2021-582")]
    );
    assert_eq!(
        entities("l'ordonnance du 12 mai 2021 relative"),
        vec![
            format!("{ID}ordonnance/2021-582"),
            format!("{ID}ordonnance/2021-584")
        ]
    );
}

#[test]
fn glued_footnote_digit_after_year_is_dropped() {
    let x = run("Arrêté du 24 juillet 20177 portant approbation");
    assert_eq!(x.mentions.len(), 1);
    assert_eq!(short(&x.mentions[0].entity), "arrete/2017-07-24");
}

#[test]
fn by_nickname_title_and_acronym() {
    for text in [
        "la loi HPST",
        "la loi « Hôpital, Patients, Santé, Territoires »",
        "la loi ‘Hôpital, patients, santé et territoires’ (HPST)",
        "la loi HPST5 autorise",
        "la loi Bachelot",
    ] {
        assert_eq!(entities(text), vec![HPST.to_owned()], "{text}");
    }
    assert_eq!(
        entities("la loi de modernisation de notre système de santé"),
        vec![LMSS.to_owned()]
    );
    assert_eq!(entities("depuis la LMSS, les CPTS"), vec![LMSS.to_owned()]);
    assert_eq!(
        entities("la lmss"),
        Vec::<String>::new(),
        "acronyms are case-sensitive"
    );
}

#[test]
fn articles_of_different_laws_do_not_merge() {
    let x = run("L'article 51 de la loi Bachelot et l'article 51 de la loi de financement de la sécurité sociale pour 2018.");
    let iris: BTreeSet<&str> = x.mentions.iter().map(|m| short(&m.entity)).collect();
    assert!(iris.contains("loi/2009-879/article/51"), "{iris:?}");
    assert!(iris.contains("loi/2017-1836/article/51"), "{iris:?}");
    assert!(
        iris.contains("loi/2009-879") && iris.contains("loi/2017-1836"),
        "{iris:?}"
    );
}

#[test]
fn article_of_a_law_cited_by_date() {
    let x = run("créées par l'article 65 de la loi du 26 janvier 2016 de modernisation");
    let iris: Vec<&str> = x.mentions.iter().map(|m| short(&m.entity)).collect();
    assert!(iris.contains(&"loi/2016-41/article/65"), "{iris:?}");
    let art = x
        .articles
        .iter()
        .find(|a| a.iri.ends_with("2016-41/article/65"))
        .expect("article record");
    assert_eq!(art.part_of, LMSS);
    assert_eq!(art.number, "65");
}

#[test]
fn experimentation_alias_resolves_only_through_reference_data() {
    let x = run("des expérimentations article 51 (Peps, Ipep)");
    let iris: Vec<_> = x.mentions.iter().map(|m| short(&m.entity)).collect();
    assert_eq!(iris, vec!["loi/2017-1836", "loi/2017-1836/article/51"]);
    assert!(run("voir l'article 51 ci-dessous").mentions.is_empty());
}

#[test]
fn amendments_by_number_or_count_next_to_their_accord() {
    let aci = "l'accord conventionnel interprofessionnel en faveur du développement de l'exercice coordonné et du déploiement des communautés professionnelles territoriales de santé";
    let x: Vec<String> = entities(&format!("L'avenant 2 modifie {aci}."))
        .iter()
        .map(|e| short(e).to_owned())
        .collect();
    assert!(x.contains(&"avenant/aci-cpts-2".to_owned()), "{x:?}");
    assert!(!x.contains(&"avenant/aci-cpts-1".to_owned()), "{x:?}");
    let x: Vec<String> = entities(&format!("{aci}, complété par 2 avenants en 2021."))
        .iter()
        .map(|e| short(e).to_owned())
        .collect();
    assert!(x.contains(&"avenant/aci-cpts-1".to_owned()), "{x:?}");
    assert!(x.contains(&"avenant/aci-cpts-2".to_owned()), "{x:?}");
    // A count that is not theirs, or no accord in the passage: nothing.
    let x: Vec<String> = entities(&format!("{aci}, complété par 3 avenants."))
        .iter()
        .map(|e| short(e).to_owned())
        .collect();
    assert!(!x.iter().any(|e| e.starts_with("avenant/")), "{x:?}");
    let x: Vec<String> = entities("L'avenant 2 a été signé en décembre.")
        .iter()
        .map(|e| short(e).to_owned())
        .collect();
    assert!(!x.iter().any(|e| e.starts_with("avenant/")), "{x:?}");
}

#[test]
fn code_articles_with_and_without_the_code_name() {
    let x = run("au sens de l'article L. 1411-11 du code de la santé publique (CSP)\n\nCode de la santé publique : Article L6323-3\n\nl'article L. 162-5-3 du code de\nla sécurité sociale");
    let iris: BTreeSet<&str> = x.mentions.iter().map(|m| short(&m.entity)).collect();
    for expected in [
        "code/csp/article/L1411-11",
        "code/csp/article/L6323-3",
        "code/css/article/L162-5-3",
        "code/csp",
        "code/css",
    ] {
        assert!(iris.contains(expected), "{expected} missing from {iris:?}");
    }
    let later = run("Code de la santé publique.\n\nvoir l'article L. 1434-2.");
    assert!(
        later
            .mentions
            .iter()
            .any(|m| short(&m.entity) == "code/csp/article/L1434-2"),
        "{:?}",
        later.mentions
    );
}

#[test]
fn unknown_numbered_texts_are_minted_once() {
    let x = run("le décret n° 2099-123 du 1er mars 2099 et le Décret n°2099-123.");
    assert_eq!(x.new_texts.len(), 1, "{:?}", x.new_texts);
    let t = &x.new_texts[0];
    assert_eq!(short(&t.iri), "decret/2099-123");
    assert_eq!(t.class, "Decret");
    assert_eq!(t.number.as_deref(), Some("2099-123"));
    assert_eq!(t.date.as_deref(), Some("2099-03-01"));
    assert_eq!(t.label, "Décret n° 2099-123 du 1er mars 2099");
    assert!(x.mentions.iter().all(|m| m.entity == t.iri));
}

#[test]
fn bills_are_not_laws() {
    assert!(run(
        "le projet de loi relative à l'organisation et à la transformation du système de santé"
    )
    .mentions
    .is_empty());
    assert!(run("la proposition de loi n° 2099-1").new_texts.is_empty());
    assert!(run("la proposition de loi portant amélioration de l'accès aux soins par la confiance aux professionnels de santé").mentions.is_empty());
}

#[test]
fn instructions_with_service_codes() {
    let x = run("Instruction n°DGS/ SP4/CGET/2016/289 du 30 septembre 2016 relative");
    assert_eq!(
        x.mentions
            .iter()
            .map(|m| short(&m.entity))
            .collect::<Vec<_>>(),
        vec!["instruction/dgs-sp4-cget-2016-289"]
    );
    let c = run("Circulaire DGS/SP 2 n° 2000-324 du 13 juin 2000");
    assert_eq!(
        c.mentions
            .iter()
            .map(|m| short(&m.entity))
            .collect::<Vec<_>>(),
        vec!["circulaire/2000-324"]
    );
}

#[test]
fn shared_names_resolve_by_what_the_passage_names() {
    let cpts = run("La CPTS signe l'accord conventionnel interprofessionnel (ACI) avec l'ARS.");
    let iris: BTreeSet<&str> = cpts.mentions.iter().map(|m| short(&m.entity)).collect();
    assert_eq!(iris, BTreeSet::from(["accord-conventionnel/2019-06-20"]));
    let msp = run("Les maisons de santé perçoivent l'ACI.");
    let iris: BTreeSet<&str> = msp.mentions.iter().map(|m| short(&m.entity)).collect();
    assert_eq!(iris, BTreeSet::from(["accord-conventionnel/2017-04-20"]));
    assert!(
        run("L'ACI est signé.").mentions.is_empty(),
        "ambiguous without context"
    );
    let both = run("L'ACI finance les MSP et les CPTS.");
    let iris: BTreeSet<&str> = both.mentions.iter().map(|m| short(&m.entity)).collect();
    let expected = [
        "accord-conventionnel/2017-04-20",
        "accord-conventionnel/2019-06-20",
    ];
    assert_eq!(iris, BTreeSet::from(expected));
}

#[test]
fn month_and_year_resolve_only_one_known_text() {
    let found = entities("Les CLSM font ensuite l'objet d'une instruction en septembre 2016.");
    assert_eq!(
        found.iter().map(|e| short(e)).collect::<Vec<_>>(),
        ["instruction/dgs-sp4-cget-2016-289"]
    );
    // No known text of that type that month: nothing is invented.
    assert!(entities("Une circulaire en mars 2013 l'a précisé.").is_empty());
}

#[test]
fn journal_officiel_date_is_the_signature_or_the_day_after() {
    let found = entities("Les ordonnances publiées au Journal officiel du 13 mai 2021 précisent.");
    assert_eq!(
        found.iter().map(|e| short(e)).collect::<Vec<_>>(),
        ["ordonnance/2021-582", "ordonnance/2021-584"]
    );
    assert_eq!(day_before("2021-03-01").as_deref(), Some("2021-02-28"));
    assert_eq!(day_before("2020-01-01").as_deref(), Some("2019-12-31"));
}

#[test]
fn plural_keyword_with_two_dates() {
    let x = run("Approuvé par les arrêtés du 24 juillet 2017¹⁷ et du 21 août 2019¹⁸, l'ACI");
    let iris: Vec<&str> = x.mentions.iter().map(|m| short(&m.entity)).collect();
    assert_eq!(iris, vec!["arrete/2017-07-24", "arrete/2019-08-21"]);
}

#[test]
fn footnote_calls_cite_the_text_of_their_definition() {
    let calls = |text: &str| -> Vec<(String, usize, String)> {
        run(text)
            .mentions
            .into_iter()
            .filter(|m| m.matched.ends_with(|c| SUPERSCRIPT_DIGITS.contains(c)))
            .map(|m| (short(&m.entity).to_owned(), m.line, m.matched))
            .collect()
    };
    assert_eq!(
        calls("Les CPTS ont été créées par la loi² pour permettre.\n\n² Loi n° 2016-41 du 26 janvier 2016 de modernisation"),
        vec![("loi/2016-41".into(), 1, "loi²".into())]
    );
    assert_eq!(
        calls("Ce métier a été créé en 20187.\n\n7 Décret n° 2018-629 du 18 juillet 2018 relatif"),
        vec![("decret/2018-629".into(), 1, "2018⁷".into())]
    );
    assert_eq!(
        calls("Elles ont été créées par la loi¹.\n\n¹ <https://www.legifrance.gouv.fr/loda/id/JORFTEXT000031912641>"),
        vec![("loi/2016-41".into(), 1, "loi¹".into())]
    );
    assert!(
        calls("Vu la loi HPST⁵ et le reste.\n\n⁵ Loi n° 2009-879 du 21 juillet 2009").is_empty(),
        "a call on a named text only sources it"
    );
    assert!(
        calls("Voir le rapport³.\n\n³ Rapport de la Cour des comptes, 2021").is_empty(),
        "a note citing no legal text cites nothing"
    );
}

#[test]
fn quotes_and_lines_point_into_the_source() {
    let x = run("Titre\n\nLes CPTS, créées par la loi du 26 janvier 2016, associent.");
    assert_eq!(x.mentions.len(), 1);
    assert_eq!(x.mentions[0].line, 3);
    assert_eq!(x.mentions[0].matched, "loi du 26 janvier 2016");
    assert!(x.mentions[0].quote.contains("loi du 26 janvier 2016"));
}

#[test]
fn a_shared_name_dated_right_after_is_the_text_of_that_date() {
    let iris = |text: &str| -> BTreeSet<String> {
        run(text)
            .mentions
            .iter()
            .map(|m| short(&m.entity).to_owned())
            .collect()
    };
    // Both dispositifs are named, the date decides.
    assert_eq!(
        iris("Les MSP perçoivent l'accord conventionnel interprofessionnel du 20 avril 2017, distinct de celui des CPTS."),
        BTreeSet::from(["accord-conventionnel/2017-04-20".to_owned()])
    );
    assert_eq!(
        iris("Les MSP et les CPTS citent l'ACI signé en juin 2019."),
        BTreeSet::from(["accord-conventionnel/2019-06-20".to_owned()])
    );
    // Counter-case: a date no known text of that name has keeps them all.
    assert_eq!(
        iris("Les MSP et les CPTS citent l'ACI de 2012."),
        BTreeSet::from([
            "accord-conventionnel/2017-04-20".to_owned(),
            "accord-conventionnel/2019-06-20".to_owned()
        ])
    );
}

#[test]
fn bracketed_note_calls_cite_the_text_of_their_numbered_note() {
    let calls = |text: &str| -> Vec<(String, usize, String)> {
        run(text)
            .mentions
            .into_iter()
            .filter(|m| m.matched.ends_with(|c| SUPERSCRIPT_DIGITS.contains(c)))
            .map(|m| (short(&m.entity).to_owned(), m.line, m.matched))
            .collect()
    };
    assert_eq!(
        calls("Elles entrent dans le code en 2008[3].\n\nNotes\n\n3. ↑ Loi n° 2007-1786 du 19 décembre 2007 de financement de la sécurité sociale pour 2008."),
        vec![("loi/2007-1786".into(), 1, "2008³".into())]
    );
    assert_eq!(
        calls("Elle est définie par le code[1].\n\n[1] « Article L6323-3 du code de la santé publique », sur Légifrance."),
        vec![("code/csp/article/L6323-3".into(), 1, "code¹".into())]
    );
    // Counter-cases: a numbered line that is no note ("3. Rapport …"), and
    // a note citing no legal text.
    assert!(calls("Voir le point 3[3].\n\n3. Rapport financier de l'association.").is_empty());
    assert!(calls("Voir l'étude[2].\n\n2. ↑ Irdes, rapport n° 559, 2014.").is_empty());
}

#[test]
fn a_nickname_dated_by_another_text_is_that_text() {
    const RIST: &str = "https://w3id.org/maillage/id/loi/2021-502";
    const RIST2: &str = "https://w3id.org/maillage/id/loi/2023-379";
    for text in [
        "la loi Rist du 19 mai 2023 a ouvert l'accès direct",
        "ouvert par la loi Rist du 19/05/2023.",
        "la loi Rist (la deuxième, celle du 19 mai 2023) nous a ouvert l'accès direct",
        // A year only: the text of that year whose nickname extends this
        // one ("loi Rist 2").
        "la loi Rist de 2023 s'est contentée d'ouvrir l'accès direct",
    ] {
        assert_eq!(entities(text), vec![RIST2.to_owned()], "{text}");
    }
    // Counter-cases: the nickname's own date, a year no text with a longer
    // nickname has, a date no known text of the class has, a date that is
    // not right after the name.
    for text in [
        "la loi Rist du 26 avril 2021",
        "la loi Rist de 2021",
        "la loi Rist de 2022",
        "la loi Rist du 3 mars 2022",
        "la loi Rist, votée avant le décret du 19 mai 2023",
    ] {
        let found = entities(text);
        assert!(found.contains(&RIST.to_owned()), "{text}: {found:?}");
        assert!(!found.contains(&RIST2.to_owned()), "{text}: {found:?}");
    }
    assert_eq!(
        entities("la loi HPST du 21 juillet 2009"),
        vec![HPST.to_owned()]
    );
}

#[test]
fn a_shared_name_dated_by_a_bare_year() {
    // A table cell or a slide writes "ACI 2017": the year says which ACI.
    assert_eq!(
        entities("Financement principal : ACI 2017 (rémunération d'équipe)"),
        vec![format!("{ID}accord-conventionnel/2017-04-20")]
    );
    assert_eq!(
        entities("Financement : ACI 2019"),
        vec![format!("{ID}accord-conventionnel/2019-06-20")]
    );
}

#[test]
fn a_class_and_a_hyphenated_number_without_numero() {
    assert_eq!(
        entities("| CPTS | loi 2016-41 (art. 65) |"),
        vec![LMSS.to_owned()]
    );
    assert_eq!(
        entities("encadré par le décret 2021-295"),
        vec![format!("{ID}decret/2021-295")]
    );
    // Two numbers in a row are no citation.
    assert!(entities("une loi votée en 2019 774 fois citée").is_empty());
}

#[test]
fn the_head_word_of_a_two_word_class_finds_known_texts_only() {
    assert_eq!(
        entities("L'accord du 20 avril 2017, lui, finance le travail en équipe."),
        vec!["https://w3id.org/maillage/id/accord-conventionnel/2017-04-20".to_owned()]
    );
    // Counter-cases: no known text of that date, nothing minted; the full
    // keyword still mints.
    let run_unknown = run("Un accord du 3 mars 2020 a été signé.");
    assert!(
        run_unknown.mentions.is_empty(),
        "{:?}",
        run_unknown.mentions
    );
    assert!(run_unknown.new_texts.is_empty());
    let minted = run("Un accord conventionnel du 3 mars 2020 a été signé.");
    assert_eq!(
        minted
            .mentions
            .iter()
            .map(|m| short(&m.entity))
            .collect::<Vec<_>>(),
        ["accord-conventionnel/2020-03-03"]
    );
}

#[test]
fn a_class_and_a_year_name_the_one_known_text_of_that_year() {
    for text in [
        "la maison de santé touche les rémunérations de l'accord conventionnel de 2017",
        "au titre de l'accord de 2017",
    ] {
        assert_eq!(
            entities(text),
            vec!["https://w3id.org/maillage/id/accord-conventionnel/2017-04-20".to_owned()],
            "{text}"
        );
    }
    // Counter-cases: a law of a year is left to the discourse; a year with
    // no known text of the class names none.
    assert!(entities("la loi de 2016 a créé les CPTS").is_empty());
    assert!(entities("l'accord conventionnel de 2003").is_empty());
}

#[test]
fn a_colloquial_social_security_law_resolves_through_its_hidden_label() {
    assert_eq!(
        entities(
            "Elles sont entrées dans le code avec la loi de financement de la sécu pour 2008."
        ),
        ["https://w3id.org/maillage/id/loi/2007-1786"]
    );
    // Counter-case: the same words with another year name another law.
    assert_eq!(
        entities("La loi de financement de la sécu pour 2012 a créé le FIR."),
        ["https://w3id.org/maillage/id/loi/2011-1906"]
    );
}

#[test]
fn an_amendment_by_number_names_its_text_as_complement_or_from_earlier() {
    let ids = |text: &str| -> Vec<String> {
        entities(text)
            .into_iter()
            .map(|e| e.replace("https://w3id.org/maillage/id/", ""))
            .collect()
    };
    // The accord named twice in the passage is still one text: its avenant 2.
    let x = ids("L'ACI du 20 juin 2019 (« ACI CPTS ») a reçu l'avenant 2 en 2021.");
    assert!(x.contains(&"avenant/aci-cpts-2".to_owned()), "{x:?}");
    // The accord named as the avenant's complement is part of its name.
    let x = run("Une mission rendue obligatoire par l'avenant 2 à l'ACI CPTS.");
    let matched: Vec<(&str, &str)> = x
        .mentions
        .iter()
        .map(|m| {
            (
                m.entity.rsplit('/').next().unwrap_or(""),
                m.matched.as_str(),
            )
        })
        .collect();
    assert_eq!(matched, [("aci-cpts-2", "avenant 2 à l'ACI CPTS")]);
    // The accord cited in an earlier paragraph, "l'accord" here.
    let x = ids("Les CPTS sont financées par l'accord conventionnel interprofessionnel du 20 juin 2019.\n\nL'avenant 2 à l'accord a ajouté une mission.");
    assert!(x.contains(&"avenant/aci-cpts-2".to_owned()), "{x:?}");
    // Counter-case: no text with an avenant 2 cited anywhere.
    let x = ids("L'avenant 2 à l'accord a ajouté une mission.");
    assert!(!x.iter().any(|e| e.starts_with("avenant/")), "{x:?}");
}

#[test]
fn the_two_interprofessional_accords_by_their_year() {
    assert_eq!(
        entities("L'ACI 2017 finance les maisons de santé."),
        ["https://w3id.org/maillage/id/accord-conventionnel/2017-04-20"]
    );
    assert_eq!(
        entities("L'ACI de 2019 finance les CPTS."),
        ["https://w3id.org/maillage/id/accord-conventionnel/2019-06-20"]
    );
}

#[test]
fn a_nickname_given_to_a_cited_text_is_that_text() {
    const RIST: &str = "https://w3id.org/maillage/id/loi/2021-502";
    const RIST2: &str = "https://w3id.org/maillage/id/loi/2023-379";
    for text in [
        "La loi n° 2023-379 du 19 mai 2023, dite « loi Rist », a ouvert l'accès direct",
        "la loi du 19 mai 2023, dite loi Rist, a ouvert l'accès direct",
        "la loi n° 2023-379, surnommée « loi Rist », a ouvert l'accès direct",
    ] {
        assert_eq!(entities(text), vec![RIST2.to_owned()], "{text}");
    }
    // Counter-cases: a name with no "dite" between, a "dite" after a text
    // cited further back.
    for text in [
        "la loi n° 2023-379 du 19 mai 2023 complète la loi Rist",
        "la loi n° 2023-379 du 19 mai 2023 et l'ordonnance, dite « loi Rist »",
    ] {
        let found = entities(text);
        assert!(found.contains(&RIST.to_owned()), "{text}: {found:?}");
    }
}
