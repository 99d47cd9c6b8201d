use super::*;
use crate::refdata::RefData;

fn cues() -> Cues {
    let files = [
        (
            "relation-cues.ttl",
            include_str!("../../../ontology/relation-cues.ttl"),
        ),
        (
            "maillage.ttl",
            include_str!("../../../ontology/maillage.ttl"),
        ),
    ];
    Cues::from_quads(&RefData::from_turtle(&files).unwrap().quads)
}

fn m(entity: &str, matched: &str, s: &Sentence) -> Mention {
    Mention {
        entity: format!("{ID}{entity}"),
        line: s.line,
        matched: matched.into(),
        quote: s.text.clone(),
    }
}

fn sentence(text: &str) -> Sentence {
    Sentence {
        line: 7,
        end_line: 7,
        text: text.into(),
    }
}

fn facts(s: &Sentence, legal: &[Mention], ents: &[Mention]) -> Vec<(String, String, String)> {
    extract(std::slice::from_ref(s), legal, ents, &cues())
        .into_iter()
        .map(|r| (r.law.replace(ID, ""), r.relation, r.target.replace(ID, "")))
        .collect()
}

#[test]
fn one_text_of_a_group_acts_only_on_what_its_title_names() {
    let cues = Cues::from_quads(&RefData::bundled().expect("reference data").quads);
    let s = sentence("Les ordonnances publiées au Journal officiel du 13 mai 2021 ont assoupli les règles des CPTS et des hôpitaux de proximité.");
    let cited = "ordonnances publiées au Journal officiel du 13 mai 2021";
    let ents = [
        m("dispositif/cpts", "CPTS", &s),
        m(
            "dispositif/hopital-de-proximite",
            "hôpitaux de proximité",
            &s,
        ),
    ];
    let run = |matched: &str| {
        let legal = [m("ordonnance/2021-584", matched, &s)];
        extract(std::slice::from_ref(&s), &legal, &ents, &cues)
            .into_iter()
            .map(|r| r.target.replace(ID, ""))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(cited), ["dispositif/cpts"]);
    // Cited alone, the text acts on everything the cue governs.
    let single = "ordonnance publiée au Journal officiel du 13 mai 2021";
    let s2 = sentence(&s.text.replace(cited, single));
    let legal = [m("ordonnance/2021-584", single, &s2)];
    let ents2: Vec<Mention> = ents
        .iter()
        .map(|e| m(&e.entity.replace(ID, ""), &e.matched, &s2))
        .collect();
    assert_eq!(
        extract(std::slice::from_ref(&s2), &legal, &ents2, &cues).len(),
        2
    );
}

#[test]
fn a_name_shared_by_two_texts_splits_its_facts_by_their_scope() {
    let cues = Cues::from_quads(&RefData::bundled().expect("reference data").quads);
    let s = sentence("L'ACI encadre le financement des MSP et des CPTS.");
    let legal = [
        m("accord-conventionnel/2017-04-20", "ACI", &s),
        m("accord-conventionnel/2019-06-20", "ACI", &s),
    ];
    let ents = [
        m("dispositif/msp", "MSP", &s),
        m("dispositif/cpts", "CPTS", &s),
    ];
    let mut got: Vec<(String, String)> = extract(std::slice::from_ref(&s), &legal, &ents, &cues)
        .into_iter()
        .map(|r| (r.law.replace(ID, ""), r.target.replace(ID, "")))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (
                "accord-conventionnel/2017-04-20".into(),
                "dispositif/msp".into()
            ),
            (
                "accord-conventionnel/2019-06-20".into(),
                "dispositif/cpts".into()
            ),
        ]
    );
}

#[test]
fn fronted_approval_by_two_texts_pairs_them_through_the_reference_data() {
    let cues = Cues::from_quads(&RefData::bundled().expect("reference data").quads);
    let s = sentence("Approuvé par les arrêtés du 24 juillet 2017 et du 21 août 2019, l'ACI encadre le financement des MSP.");
    let legal = [
        m("arrete/2017-07-24", "arrêtés du 24 juillet 2017", &s),
        m("arrete/2019-08-21", "du 21 août 2019", &s),
        m("accord-conventionnel/2017-04-20", "ACI", &s),
        m("accord-conventionnel/2019-06-20", "ACI", &s),
    ];
    let mut got: Vec<(String, String)> = extract(std::slice::from_ref(&s), &legal, &[], &cues)
        .into_iter()
        .filter(|r| r.relation == "basedOn")
        .map(|r| (r.law.replace(ID, ""), r.target.replace(ID, "")))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (
                "arrete/2017-07-24".into(),
                "accord-conventionnel/2017-04-20".into()
            ),
            (
                "arrete/2019-08-21".into(),
                "accord-conventionnel/2019-06-20".into()
            ),
        ]
    );
}

#[test]
fn amended_text_named_before_its_agent() {
    let s = sentence(
        "Elle expose les modifications apportées à la loi HPST par la loi Fourcade en 2011.",
    );
    let legal = [
        m("loi/2009-879", "loi HPST", &s),
        m("loi/2011-940", "loi Fourcade", &s),
    ];
    assert_eq!(
        facts(&s, &legal, &[]),
        vec![(
            "loi/2011-940".into(),
            "amends".into(),
            "loi/2009-879".into()
        )]
    );
}

#[test]
fn participles_coordinated_by_et_share_their_subject() {
    let s = sentence("Les centres de santé ont été clarifiés et simplifiés par l'ordonnance n°2018-17 du 12 janvier 2018.");
    let legal = [m(
        "ordonnance/2018-17",
        "ordonnance n°2018-17 du 12 janvier 2018",
        &s,
    )];
    let ents = [m("dispositif/centre-de-sante", "centres de santé", &s)];
    assert_eq!(
        facts(&s, &legal, &ents),
        vec![(
            "ordonnance/2018-17".into(),
            "modified".into(),
            "dispositif/centre-de-sante".into()
        )]
    );
}

#[test]
fn passive_creation_points_to_the_law_after_the_cue() {
    let s = sentence("Les communautés professionnelles territoriales de santé ont été créées par l'article 65 de la loi du 26 janvier 2016.");
    let legal = [m("loi/2016-41", "loi du 26 janvier 2016", &s)];
    let ents = [m(
        "dispositif/cpts",
        "communautés professionnelles territoriales de santé",
        &s,
    )];
    assert_eq!(
        facts(&s, &legal, &ents),
        vec![(
            "loi/2016-41".into(),
            "created".into(),
            "dispositif/cpts".into()
        )]
    );
}

#[test]
fn active_voice_with_two_cues_and_two_targets() {
    let s = sentence("La loi HPST crée les ARS et définit les maisons de santé.");
    let legal = [m("loi/2009-879", "loi HPST", &s)];
    let ents = [
        m("acteur/ars", "ARS", &s),
        m("dispositif/msp", "maisons de santé", &s),
    ];
    assert_eq!(
        facts(&s, &legal, &ents),
        vec![
            ("loi/2009-879".into(), "created".into(), "acteur/ars".into()),
            (
                "loi/2009-879".into(),
                "defines".into(),
                "dispositif/msp".into()
            ),
        ]
    );
}

#[test]
fn two_laws_in_one_sentence_keep_their_own_relation() {
    let s = sentence("Les CPTS, créées par la loi de 2016, sont financées par l'accord conventionnel interprofessionnel.");
    let legal = [
        m("loi/2016-41", "loi de 2016", &s),
        m(
            "accord/aci-cpts-2019",
            "accord conventionnel interprofessionnel",
            &s,
        ),
    ];
    let ents = [m("dispositif/cpts", "CPTS", &s)];
    assert_eq!(
        facts(&s, &legal, &ents),
        vec![
            (
                "accord/aci-cpts-2019".into(),
                "funds".into(),
                "dispositif/cpts".into()
            ),
            (
                "loi/2016-41".into(),
                "created".into(),
                "dispositif/cpts".into()
            ),
        ]
    );
}

#[test]
fn negations_hypotheticals_and_bills_state_nothing() {
    for text in [
        "La loi HPST n'a pas créé les CPTS.",
        "La loi de 2016 pourrait permettre la création de nouveaux CLS.",
        "Le projet de loi prévoit la création des DAC.",
    ] {
        let s = sentence(text);
        let legal = [m(
            "loi/x",
            if text.contains("HPST") {
                "loi HPST"
            } else if text.contains("2016") {
                "loi de 2016"
            } else {
                "loi"
            },
            &s,
        )];
        let ents = [m(
            "dispositif/d",
            if text.contains("CPTS") {
                "CPTS"
            } else if text.contains("CLS") {
                "CLS"
            } else {
                "DAC"
            },
            &s,
        )];
        assert!(facts(&s, &legal, &ents).is_empty(), "{text}");
    }
}

#[test]
fn a_sentence_without_cue_states_nothing() {
    let s = sentence("La loi du 26 janvier 2016 et les CPTS sont au programme.");
    let legal = [m("loi/2016-41", "loi du 26 janvier 2016", &s)];
    let ents = [m("dispositif/cpts", "CPTS", &s)];
    assert!(facts(&s, &legal, &ents).is_empty());
}

type Fact = (String, String, String);

fn fact(law: &str, relation: &str, target: &str) -> Fact {
    (law.into(), relation.into(), target.into())
}

/// Runs a passage of sentences (one per line, lines 1, 3, 5 …); mentions
/// are `(sentence index, entity, matched)`.
fn passage(
    texts: &[&str],
    legal: &[(usize, &str, &str)],
    ents: &[(usize, &str, &str)],
) -> Vec<Fact> {
    let sentences: Vec<Sentence> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Sentence {
            line: 2 * i + 1,
            end_line: 2 * i + 1,
            text: (*t).into(),
        })
        .collect();
    let mk = |list: &[(usize, &str, &str)]| -> Vec<Mention> {
        list.iter()
            .map(|(i, e, matched)| m(e, matched, &sentences[*i]))
            .collect()
    };
    let mut out: Vec<Fact> = extract(&sentences, &mk(legal), &mk(ents), &cues())
        .into_iter()
        .map(|r| (r.law.replace(ID, ""), r.relation, r.target.replace(ID, "")))
        .collect();
    out.sort();
    out
}

#[test]
fn a_negation_does_not_reach_the_next_clause() {
    let got = passage(
        &["Contrairement à ce qui est écrit, la loi HPST n'a pas créé les CPTS : elle a seulement défini les soins de premier recours."],
        &[(0, "loi/2009-879", "loi HPST")],
        &[(0, "dispositif/cpts", "CPTS"), (0, "dispositif/soins-de-premier-recours", "soins de premier recours")],
    );
    assert_eq!(
        got,
        vec![fact(
            "loi/2009-879",
            "defines",
            "dispositif/soins-de-premier-recours"
        )]
    );
    let got = passage(
        &["La loi du 24 juillet 2019 n'a pas créé les CPTS ; elle a en revanche créé les projets territoriaux de santé."],
        &[(0, "loi/2019-774", "loi du 24 juillet 2019")],
        &[(0, "dispositif/cpts", "CPTS"), (0, "dispositif/pts", "projets territoriaux de santé")],
    );
    assert_eq!(got, vec![fact("loi/2019-774", "created", "dispositif/pts")]);
}

#[test]
fn a_law_cited_only_by_a_footnote_call_acts() {
    let got = passage(
        &["Les CPTS ont été créées par la loi pour permettre aux professionnels de s'organiser."],
        &[(0, "loi/2016-41", "loi²")],
        &[(0, "dispositif/cpts", "CPTS")],
    );
    assert_eq!(got, vec![fact("loi/2016-41", "created", "dispositif/cpts")]);
}

#[test]
fn an_agent_that_is_not_a_legal_text_states_nothing() {
    let got = passage(
        &["Mis en place par le Comité interministériel des villes en 1999, les ateliers santé ville visent la promotion de la santé."],
        &[(0, "circulaire/2000-213", "1999²")],
        &[(0, "dispositif/asv", "ateliers santé ville")],
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn article_of_a_law_acts_through_its_law_article_of_a_code_itself() {
    let s = sentence("Les CPTS ont été créées par l'article 65 de la loi du 26 janvier 2016.");
    let legal = [
        m(
            "loi/2016-41/article/65",
            "article 65 de la loi du 26 janvier 2016",
            &s,
        ),
        m("loi/2016-41", "loi du 26 janvier 2016", &s),
    ];
    let rels = extract(
        std::slice::from_ref(&s),
        &legal,
        &[m("dispositif/cpts", "CPTS", &s)],
        &cues(),
    );
    assert_eq!(rels.len(), 1, "{rels:?}");
    assert_eq!(rels[0].law, format!("{ID}loi/2016-41"));
    assert_eq!(
        rels[0].article.as_deref(),
        Some(format!("{ID}loi/2016-41/article/65").as_str())
    );
    let got = passage(
        &["Définis par l'article L. 1411-11 du code de la santé publique, les soins de premier recours recouvrent la prévention."],
        &[
            (0, "code/csp/article/L1411-11", "article L. 1411-11 du code de la santé publique"),
            (0, "code/csp", "code de la santé publique"),
        ],
        &[(0, "dispositif/soins-de-premier-recours", "soins de premier recours")],
    );
    assert_eq!(
        got,
        vec![fact(
            "code/csp/article/L1411-11",
            "defines",
            "dispositif/soins-de-premier-recours"
        )]
    );
}

#[test]
fn a_whole_code_never_acts() {
    let got = passage(
        &["Les maisons de santé ont été introduites dans le code de la santé publique par la loi de financement de la sécurité sociale pour 2008."],
        &[
            (0, "code/csp", "code de la santé publique"),
            (0, "loi/2007-1786", "loi de financement de la sécurité sociale pour 2008"),
        ],
        &[(0, "dispositif/msp", "maisons de santé")],
    );
    assert_eq!(
        got,
        vec![fact("loi/2007-1786", "created", "dispositif/msp")],
        "no funds from the law's name either"
    );
}

#[test]
fn law_to_law_amends_active_and_passive() {
    let got = passage(
        &["Pour faciliter la rémunération des équipes, la loi Fourcade, qui modifie plusieurs dispositions de la loi HPST, a créé en 2011 la société interprofessionnelle de soins ambulatoires."],
        &[(0, "loi/2011-940", "loi Fourcade"), (0, "loi/2009-879", "loi HPST")],
        &[(0, "dispositif/sisa", "société interprofessionnelle de soins ambulatoires")],
    );
    assert_eq!(
        got,
        vec![
            fact("loi/2011-940", "amends", "loi/2009-879"),
            fact("loi/2011-940", "created", "dispositif/sisa"),
        ]
    );
    let got = passage(
        &["Article L1411-11 du code de la santé publique, modifié par la loi n° 2016-41 du 26 janvier 2016 :"],
        &[
            (0, "code/csp/article/L1411-11", "Article L1411-11 du code de la santé publique"),
            (0, "loi/2016-41", "loi n° 2016-41 du 26 janvier 2016"),
        ],
        &[],
    );
    assert_eq!(
        got,
        vec![fact("loi/2016-41", "amends", "code/csp/article/L1411-11")]
    );
}

#[test]
fn law_to_law_based_on_next_to_a_modification() {
    let got = passage(
        &["Les centres de santé ont vu leurs règles réécrites par l'ordonnance n° 2018-17 du 12 janvier 2018, prise sur le fondement de la loi du 26 janvier 2016."],
        &[
            (0, "ordonnance/2018-17", "ordonnance n° 2018-17 du 12 janvier 2018"),
            (0, "loi/2016-41", "loi du 26 janvier 2016"),
        ],
        &[(0, "dispositif/centre-de-sante", "centres de santé")],
    );
    assert_eq!(
        got,
        vec![
            fact("ordonnance/2018-17", "basedOn", "loi/2016-41"),
            fact(
                "ordonnance/2018-17",
                "modified",
                "dispositif/centre-de-sante"
            ),
        ]
    );
}

#[test]
fn an_anaphoric_subject_refers_to_the_notice_title() {
    let got = passage(
        &[
            "(3) Loi n° 2021-502 du 26 avril 2021 visant à améliorer le système de santé",
            "Elle permet de déployer les services d'accès aux soins.",
        ],
        &[(0, "loi/2021-502", "Loi n° 2021-502 du 26 avril 2021")],
        &[(1, "dispositif/sas", "services d'accès aux soins")],
    );
    assert_eq!(
        got,
        vec![fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
}

#[test]
fn a_glossary_definition_cites_its_text_in_a_footnote() {
    let got = passage(
        &[
            "- Centres de santé (CdS)",
            "Les centres de santé sont des structures de proximité dispensant des soins.",
            "Leur financement est assuré par l'accord conventionnel interprofessionnel.",
        ],
        &[
            (1, "ordonnance/2018-17", "soins²⁷"),
            (
                2,
                "accord-conventionnel/2017-04-20",
                "accord conventionnel interprofessionnel",
            ),
        ],
        &[(0, "dispositif/centre-de-sante", "Centres de santé")],
    );
    assert_eq!(
        got,
        vec![
            fact(
                "accord-conventionnel/2017-04-20",
                "funds",
                "dispositif/centre-de-sante"
            ),
            fact(
                "ordonnance/2018-17",
                "defines",
                "dispositif/centre-de-sante"
            ),
        ]
    );
}

#[test]
fn a_cue_must_keep_its_accents_in_an_accented_text() {
    let legal = [(0, "loi/2021-502", "loi n° 2021-502")];
    let ents = [(0, "acteur/ministere-sante", "ministère de la Santé")];
    let got = passage(
        &["La loi n° 2021-502 présente les réformes prioritaires du ministère de la Santé."],
        &legal,
        &ents,
    );
    assert!(got.is_empty(), "{got:?}");
    let got = passage(
        &["La loi n° 2021-502 a reforme le ministère de la Santé."],
        &legal,
        &ents,
    );
    assert_eq!(
        got,
        vec![fact("loi/2021-502", "modified", "acteur/ministere-sante")]
    );
}

#[test]
fn a_text_cited_in_an_incise_does_not_act_on_the_main_verb() {
    let got = passage(
        &["Les CPTS, créées par la loi du 26 janvier 2016, permettent aux professionnels de déroger aux règles en matière de financement."],
        &[(0, "loi/2016-41", "loi du 26 janvier 2016")],
        &[(0, "dispositif/cpts", "CPTS")],
    );
    assert_eq!(got, vec![fact("loi/2016-41", "created", "dispositif/cpts")]);
}

#[test]
fn coordinated_participles_share_their_subject() {
    let got = passage(
        &["Les CLS ont été mis en place par la loi HPST et renforcés par la loi du 26 janvier 2016."],
        &[(0, "loi/2009-879", "loi HPST"), (0, "loi/2016-41", "loi du 26 janvier 2016")],
        &[(0, "dispositif/cls", "CLS")],
    );
    assert_eq!(
        got,
        vec![
            fact("loi/2009-879", "created", "dispositif/cls"),
            fact("loi/2016-41", "modified", "dispositif/cls"),
        ]
    );
}

#[test]
fn the_clitic_en_refers_to_the_previous_subject() {
    let got = passage(
        &[
            "Les maisons de santé ont été introduites dans le code de la santé publique en 2007.",
            "La loi HPST en a ensuite précisé la définition et les a rattachées aux soins de premier recours.",
        ],
        &[(1, "loi/2009-879", "loi HPST")],
        &[
            (0, "dispositif/msp", "maisons de santé"),
            (1, "dispositif/soins-de-premier-recours", "soins de premier recours"),
        ],
    );
    assert_eq!(
        got,
        vec![fact("loi/2009-879", "modified", "dispositif/msp")]
    );
}

#[test]
fn texts_listed_as_the_subject_all_act() {
    let got = passage(
        &["Convention médicale, accord conventionnel interprofessionnel et fonds régionaux : ces trois dispositifs financent les premiers SAS."],
        &[
            (0, "convention/medicale", "Convention médicale"),
            (0, "accord-conventionnel/2019-06-20", "accord conventionnel interprofessionnel"),
        ],
        &[(0, "dispositif/sas", "SAS")],
    );
    assert_eq!(
        got,
        vec![
            fact("accord-conventionnel/2019-06-20", "funds", "dispositif/sas"),
            fact("convention/medicale", "funds", "dispositif/sas"),
        ]
    );
}

#[test]
fn a_stray_line_opens_no_glossary_entry() {
    let got = passage(
        &[
            "idf.org/fileadmin/Etudes/ORS_deserts_medicaux.pdf",
            "Article L1411-11 du code de la santé publique, modifié par la loi n° 2016-41 du 26 janvier 2016 :",
        ],
        &[
            (1, "code/csp/article/L1411-11", "Article L1411-11 du code de la santé publique"),
            (1, "loi/2016-41", "loi n° 2016-41 du 26 janvier 2016"),
        ],
        &[(0, "acteur/ors", "ORS")],
    );
    assert_eq!(
        got,
        vec![fact("loi/2016-41", "amends", "code/csp/article/L1411-11")]
    );
}

#[test]
fn a_relative_clause_bounds_the_targets() {
    let got = passage(
        &["La loi de 2016 a institué les équipes de soins primaires, dont les MSP constituent l'une des formes."],
        &[(0, "loi/2016-41", "loi de 2016")],
        &[(0, "dispositif/esp", "équipes de soins primaires"), (0, "dispositif/msp", "MSP")],
    );
    assert_eq!(got, vec![fact("loi/2016-41", "created", "dispositif/esp")]);
}

#[test]
fn a_dispositif_is_named_by_its_head_noun_next_to_its_source_article() {
    let mut c = cues();
    c.by_article.push((
        format!("{ID}loi/2017-1836/article/51"),
        format!("{ID}dispositif/experimentation-article-51"),
    ));
    c.label_heads.insert(
        format!("{ID}dispositif/experimentation-article-51"),
        "experimentation".into(),
    );
    let s = sentence("Des modes de rémunération sont testés dans le cadre d'expérimentations issues de l'article 51 de la loi de financement de la sécurité sociale pour 2018.");
    let legal = [m(
        "loi/2017-1836/article/51",
        "article 51 de la loi de financement de la sécurité sociale pour 2018",
        &s,
    )];
    let got: Vec<_> = extract(std::slice::from_ref(&s), &legal, &[], &c)
        .into_iter()
        .map(|r| (r.law.replace(ID, ""), r.relation, r.target.replace(ID, "")))
        .collect();
    assert_eq!(
        got,
        vec![fact(
            "loi/2017-1836",
            "created",
            "dispositif/experimentation-article-51"
        )]
    );
    // Another article 51 names nothing.
    let legal = [m(
        "loi/2009-879/article/51",
        "article 51 de la loi de financement de la sécurité sociale pour 2018",
        &s,
    )];
    assert!(extract(std::slice::from_ref(&s), &legal, &[], &c).is_empty());
}

#[test]
fn fold_keeps_one_char_per_char() {
    let text = "Créées l’ARS À";
    assert_eq!(fold(text).chars().count(), text.chars().count());
    assert_eq!(fold(text), "creees l'ars a");
}

#[test]
fn a_change_marker_before_a_law_modifies_the_clause_subject() {
    let got = passage(
        &["Depuis la loi du 24 juillet 2019, dite loi « Ma santé 2022 », les hôpitaux de proximité accueillent des médecins libéraux."],
        &[
            (0, "loi/2019-774", "loi du 24 juillet 2019"),
            (0, "loi/2019-774", "loi « Ma santé 2022 »"),
        ],
        &[(0, "dispositif/hopital-de-proximite", "hôpitaux de proximité")],
    );
    assert_eq!(
        got,
        vec![fact(
            "loi/2019-774",
            "modified",
            "dispositif/hopital-de-proximite"
        )]
    );
    // An event since then is no change the text made; "ont vu le jour"
    // says it created them.
    let got = passage(
        &["Depuis la loi du 24 juillet 2019, les hôpitaux de proximité se sont multipliés."],
        &[(0, "loi/2019-774", "loi du 24 juillet 2019")],
        &[(
            0,
            "dispositif/hopital-de-proximite",
            "hôpitaux de proximité",
        )],
    );
    assert!(got.is_empty(), "{got:?}");
    let got = passage(
        &["Depuis la loi du 24 juillet 2019, de nombreux hôpitaux de proximité ont vu le jour."],
        &[(0, "loi/2019-774", "loi du 24 juillet 2019")],
        &[(
            0,
            "dispositif/hopital-de-proximite",
            "hôpitaux de proximité",
        )],
    );
    assert_eq!(
        got,
        vec![fact(
            "loi/2019-774",
            "created",
            "dispositif/hopital-de-proximite"
        )]
    );
    // Negated, the change is denied.
    let got = passage(
        &["Depuis la loi du 24 juillet 2019, les hôpitaux de proximité n'accueillent aucun médecin."],
        &[(0, "loi/2019-774", "loi du 24 juillet 2019")],
        &[(0, "dispositif/hopital-de-proximite", "hôpitaux de proximité")],
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_footnote_on_a_dated_change_in_a_glossary_entry_modifies_it() {
    let got = passage(
        &[
            "- Maison de santé pluriprofessionnelle (MSP)",
            "Les MSP peuvent désormais prendre la forme d'une SISA.⁴",
        ],
        &[(1, "ordonnance/2021-584", "SISA.⁴")],
        &[(0, "dispositif/msp", "Maison de santé pluriprofessionnelle")],
    );
    assert_eq!(
        got,
        vec![fact("ordonnance/2021-584", "modified", "dispositif/msp")]
    );
}

#[test]
fn an_exception_to_a_negated_cue_names_the_text_that_acted() {
    let got = passage(
        &["Aucun texte n'a encadré les équipes de soins primaires, à l'exception d'une instruction de 2016."],
        &[(0, "instruction/dgos-r5-2016-392", "instruction de 2016")],
        &[(0, "dispositif/esp", "équipes de soins primaires")],
    );
    assert_eq!(
        got,
        vec![fact(
            "instruction/dgos-r5-2016-392",
            "regulates",
            "dispositif/esp"
        )]
    );
}

#[test]
fn a_participle_far_from_the_law_qualifies_a_noun() {
    let got = passage(
        &["L'article L. 6327-2 confie au DAC l'appui aux professionnels et un suivi renforcé des patients."],
        &[(0, "code/csp/article/L6327-2", "article L. 6327-2")],
        &[(0, "dispositif/dac", "DAC")],
    );
    assert!(got.is_empty(), "{got:?}");
    // An auxiliary a few words before makes it a verb again.
    let got = passage(
        &["La loi de 2019 a en outre renforcé les DAC."],
        &[(0, "loi/2019-774", "loi de 2019")],
        &[(0, "dispositif/dac", "DAC")],
    );
    assert_eq!(
        got,
        vec![fact("loi/2019-774", "modified", "dispositif/dac")]
    );
}

#[test]
fn a_footnoted_bare_law_is_the_law_last_cited_by_name() {
    let texts = [
        "Les centres de santé ont été réformés par l'ordonnance du 12 janvier 2018.",
        "Les équipes de soins primaires sont nées avec la loi du 26 janvier 2016.",
        "L'article 64 de la loi³ instaurant les ESP les définit.",
        "Les MSP ont été instituées par la loi en 2007.",
    ];
    let got = passage(
        &texts,
        &[
            (0, "ordonnance/2018-17", "ordonnance du 12 janvier 2018"),
            (1, "loi/2016-41", "loi du 26 janvier 2016"),
        ],
        &[(2, "dispositif/esp", "ESP"), (3, "dispositif/msp", "MSP")],
    );
    // The ordonnance is not a law; "la loi" without a call is the law in
    // general and names none.
    assert_eq!(
        got,
        vec![
            fact("loi/2016-41", "created", "dispositif/esp"),
            fact("loi/2016-41", "defines", "dispositif/esp"),
        ]
    );
}

#[test]
fn the_same_law_as_another_dispositif_is_the_one_an_earlier_fact_names() {
    let got = passage(
        &[
            "Les ESP ont été créées par la loi du 26 janvier 2016.",
            "Instituées par la même loi que les ESP, les CPTS réunissent des professionnels.",
        ],
        &[(0, "loi/2016-41", "loi du 26 janvier 2016")],
        &[
            (0, "dispositif/esp", "ESP"),
            (1, "dispositif/esp", "ESP"),
            (1, "dispositif/cpts", "CPTS"),
        ],
    );
    assert_eq!(
        got,
        vec![
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("loi/2016-41", "created", "dispositif/esp"),
        ]
    );
}

#[test]
fn a_class_noun_stands_for_the_dispositifs_listed_or_named_next() {
    // Listed after a colon in the same sentence, a bill earlier in it.
    let got = passage(
        &["Avant le projet de loi de 2019, les outils de coordination issus surtout de la loi de 2016 ont été évalués : en particulier, les CPTS et les PTA."],
        &[(0, "loi/2016-41", "loi de 2016")],
        &[(0, "dispositif/cpts", "CPTS"), (0, "dispositif/pta", "PTA")],
    );
    assert_eq!(
        got,
        vec![
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("loi/2016-41", "created", "dispositif/pta"),
        ]
    );
    // Named by the next sentence as members of the class.
    let texts = [
        "La loi du 24 juillet 2019 a instauré de nouvelles structures de coordination.",
        "Les hôpitaux de proximité sont l'une de ces structures.",
    ];
    let ents = [(
        1,
        "dispositif/hopital-de-proximite",
        "hôpitaux de proximité",
    )];
    let got = passage(
        &texts,
        &[(0, "loi/2019-774", "loi du 24 juillet 2019")],
        &ents,
    );
    assert_eq!(
        got,
        vec![fact(
            "loi/2019-774",
            "created",
            "dispositif/hopital-de-proximite"
        )]
    );
    // A next sentence that does not say they belong to the class: nothing.
    let texts = [
        texts[0],
        "Les hôpitaux de proximité accueillent des patients.",
    ];
    let got = passage(
        &texts,
        &[(0, "loi/2019-774", "loi du 24 juillet 2019")],
        &ents,
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn an_adverb_inside_a_multi_word_cue_keeps_it() {
    let got = passage(
        &["Les PTA, prévues notamment par la loi du 26 janvier 2016, appuient les médecins."],
        &[(0, "loi/2016-41", "loi du 26 janvier 2016")],
        &[(0, "dispositif/pta", "PTA")],
    );
    assert_eq!(got, vec![fact("loi/2016-41", "created", "dispositif/pta")]);
}

#[test]
fn a_backward_cue_acts_on_what_precedes_it_or_on_the_previous_subject() {
    let got = passage(
        &["La loi de 2016 offre aux CLSM la possibilité d'être intégrés aux contrats locaux de santé."],
        &[(0, "loi/2016-41", "loi de 2016")],
        &[(0, "dispositif/clsm", "CLSM"), (0, "dispositif/cls", "contrats locaux de santé")],
    );
    assert_eq!(
        got,
        vec![fact("loi/2016-41", "modified", "dispositif/clsm")]
    );
    let got = passage(
        &[
            "Depuis vingt ans, les ateliers santé ville ont beaucoup évolué.",
            "La loi HPST, qui leur a permis d'être intégrés aux CLS, a aussi créé les ARS.",
        ],
        &[(1, "loi/2009-879", "loi HPST")],
        &[
            (0, "dispositif/asv", "ateliers santé ville"),
            (1, "dispositif/cls", "CLS"),
            (1, "acteur/ars", "ARS"),
        ],
    );
    assert_eq!(
        got,
        vec![
            fact("loi/2009-879", "created", "acteur/ars"),
            fact("loi/2009-879", "modified", "dispositif/asv"),
        ]
    );
}

#[test]
fn cela_resumes_a_text_only_after_a_sentence_it_led() {
    let ents = [(1, "dispositif/cpts", "CPTS")];
    let got = passage(
        &[
            "Cette ordonnance simplifie le droit des sociétés de soins.",
            "Concrètement, cela apporte plus de souplesse aux CPTS.",
        ],
        &[(0, "ordonnance/2021-584", "Cette ordonnance")],
        &ents,
    );
    assert_eq!(
        got,
        vec![fact("ordonnance/2021-584", "modified", "dispositif/cpts")]
    );
    let got = passage(
        &[
            "Les professionnels attendaient l'ordonnance depuis longtemps.",
            "Concrètement, cela apporte plus de souplesse aux CPTS.",
        ],
        &[(0, "ordonnance/2021-584", "ordonnance")],
        &ents,
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_non_cue_does_not_bound_what_a_cue_governs() {
    let got = passage(
        &["Les maisons de santé ont vu leurs conditions de création réécrites par l'ordonnance n° 2018-17."],
        &[(0, "ordonnance/2018-17", "ordonnance n° 2018-17")],
        &[(0, "dispositif/msp", "maisons de santé")],
    );
    assert_eq!(
        got,
        vec![fact("ordonnance/2018-17", "modified", "dispositif/msp")]
    );
}

#[test]
fn a_closing_parenthetical_citation_sources_a_glossary_definition() {
    let texts = [
        "## PLATEFORME TERRITORIALE D'APPUI (PTA)",
        "« Les plateformes territoriales d'appui apportent un soutien aux professionnels pour les parcours complexes. » (Article L6327-2 du code de la santé publique)",
        "Elles ont depuis rejoint les DAC (voir l'article L6327-2 du code de la santé publique pour le détail).",
    ];
    let cited = "Article L6327-2 du code de la santé publique";
    let got = passage(
        &texts,
        &[
            (1, "code/csp/article/L6327-2", cited),
            (
                2,
                "code/csp/article/L6327-2",
                "article L6327-2 du code de la santé publique",
            ),
        ],
        &[(0, "dispositif/pta", "PLATEFORME TERRITORIALE D'APPUI")],
    );
    // The parenthesis that does not close its sentence sources nothing.
    assert_eq!(
        got,
        vec![fact(
            "code/csp/article/L6327-2",
            "defines",
            "dispositif/pta"
        )]
    );
}

#[test]
fn a_demonstrative_class_noun_and_a_relayed_agent() {
    // "Ces structures" is the previous sentence's dispositif; "prévu par"
    // after "bénéficier d'un financement" names the funder, and creates nothing.
    let got = passage(
        &[
            "Le rapport décrit les maisons de santé pluriprofessionnelles.",
            "Ces structures peuvent bénéficier d'un financement forfaitaire prévu par l'accord conventionnel interprofessionnel de 2017.",
        ],
        &[(
            1,
            "accord-conventionnel/2017-04-20",
            "accord conventionnel interprofessionnel de 2017",
        )],
        &[(0, "dispositif/msp", "maisons de santé pluriprofessionnelles")],
    );
    assert_eq!(
        got,
        vec![fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Without a dispositif before, the demonstrative stands for nothing.
    let got = passage(
        &["Ces structures peuvent bénéficier d'un financement prévu par l'accord conventionnel interprofessionnel de 2017."],
        &[(
            0,
            "accord-conventionnel/2017-04-20",
            "accord conventionnel interprofessionnel de 2017",
        )],
        &[],
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn amendments_cited_together_all_amend_and_modify_nothing_else() {
    let s = "L'accord conventionnel interprofessionnel CPTS, signé avec l'Assurance maladie en 2019, complété par 2 avenants en 2021, finance les CPTS.";
    let got = passage(
        &[s],
        &[
            (
                0,
                "accord-conventionnel/2019-06-20",
                "accord conventionnel interprofessionnel CPTS",
            ),
            (0, "avenant/aci-cpts-1", "2 avenants"),
            (0, "avenant/aci-cpts-2", "2 avenants"),
        ],
        &[
            (0, "acteur/assurance-maladie", "Assurance maladie"),
            // The gazetteer names both occurrences, the one in the title too.
            (0, "dispositif/cpts", "CPTS"),
            (0, "dispositif/cpts", "CPTS"),
        ],
    );
    assert_eq!(
        got,
        vec![
            fact(
                "accord-conventionnel/2019-06-20",
                "funds",
                "dispositif/cpts"
            ),
            fact(
                "avenant/aci-cpts-1",
                "amends",
                "accord-conventionnel/2019-06-20"
            ),
            fact(
                "avenant/aci-cpts-2",
                "amends",
                "accord-conventionnel/2019-06-20"
            ),
        ]
    );
}

#[test]
fn a_text_that_lists_its_provisions_regulates() {
    let got = passage(
        &["Le décret n° 2021-295 relatif aux DAC prévoit :"],
        &[(0, "decret/2021-295", "décret n° 2021-295")],
        &[(0, "dispositif/dac", "DAC")],
    );
    assert_eq!(
        got,
        vec![fact("decret/2021-295", "regulates", "dispositif/dac")]
    );
    // Without the list it announces, "prévoit" frames nothing.
    let got = passage(
        &["Le décret n° 2021-295 prévoit que les DAC rendent compte de leur activité."],
        &[(0, "decret/2021-295", "décret n° 2021-295")],
        &[(0, "dispositif/dac", "DAC")],
    );
    assert!(got.is_empty(), "{got:?}");
}

/// Facts the whole pipeline (reference data, citations, gazetteer, rules)
/// reads in a fresh text: `(law, relation, target)` with IRIs shortened.
fn read(text: &str) -> Vec<(String, String, String)> {
    let refdata = RefData::bundled().expect("reference data");
    let doc = crate::extract::SourceDocument {
        id: "fresh".into(),
        raw: text.into(),
    };
    let mut out: Vec<(String, String, String)> = crate::extract::extract(&doc, &refdata)
        .relations
        .into_iter()
        .map(|r| (r.law.replace(ID, ""), r.relation, r.target.replace(ID, "")))
        .collect();
    out.sort();
    out.dedup();
    out
}
#[test]
fn absorption_and_replacement_are_not_creation() {
    // The new dispositif was created; those it took over were not.
    let got = read("Les dispositifs d'appui à la coordination, créés par la loi n° 2019-774 du 24 juillet 2019, ont absorbé les MAIA et les plateformes territoriales d'appui.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // With the text in an incise and a succession verb that is also a cue.
    let got = read("La loi n° 2019-774 du 24 juillet 2019 est promulguée. Les DAC, issus de la loi de 2019, ont remplacé les PTA et les MAIA.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-case: a text that replaces is still acting.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 remplace les MAIA.");
    assert_eq!(got, [fact("loi/2016-41", "modified", "dispositif/maia")]);
    // What a text unifies or merges is absorbed, not changed by the text, and
    // not the object of a cue before the succession noun.
    let got = read("La loi n° 2019-774 du 24 juillet 2019 a créé les DAC et prévoit l'unification des PTA et des MAIA.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    let got = read("La loi n° 2019-774 du 24 juillet 2019 impose la fusion des MAIA et des PTA.");
    assert!(got.is_empty(), "{got:?}");
    // Counter-case: the same cue with the dispositif as its direct object.
    let got = read("La loi n° 2019-774 du 24 juillet 2019 impose aux MAIA un délai.");
    assert_eq!(got, [fact("loi/2019-774", "modified", "dispositif/maia")]);
}

#[test]
fn a_coordinated_verb_after_an_earlier_object_has_its_own_object() {
    // "fixé" acts on "l'échéance", not on the DAC "créé" took.
    let got = read("La loi n° 2019-774 du 24 juillet 2019, qui a créé les DAC et fixé à juillet 2022 l'échéance, est promulguée.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-case: the coordinated verb's object named after it.
    let got = read("La loi n° 2019-774 du 24 juillet 2019 a créé les DAC et encadré les MAIA.");
    assert_eq!(
        got,
        [
            fact("loi/2019-774", "created", "dispositif/dac"),
            fact("loi/2019-774", "regulates", "dispositif/maia")
        ]
    );
}

#[test]
fn legal_form_is_not_regulation_of_the_dispositif() {
    let got = read("Chaque CPTS est une association régie par la loi du 1er juillet 1901.");
    assert!(got.is_empty(), "{got:?}");
    // Counter-case: a text that governs the dispositif itself.
    let got = read("Les CPTS sont régies par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(got, [fact("loi/2016-41", "regulates", "dispositif/cpts")]);
}

#[test]
fn noun_phrase_reading_with_an_apposition() {
    let got = read("La création des agences régionales de santé par la loi du 21 juillet 2009, dite « HPST », qui a regroupé sept administrations, a changé le pilotage.");
    assert_eq!(got, [fact("loi/2009-879", "created", "acteur/ars")]);
    let got = read("L'instauration du médecin traitant par la loi du 13 août 2004 a réorganisé l'accès aux soins.");
    assert_eq!(
        got,
        [fact(
            "loi/2004-810",
            "created",
            "dispositif/medecin-traitant"
        )]
    );
}

#[test]
fn pronoun_and_possessive_subjects_stand_for_the_previous_dispositif() {
    let got = read("Les DAC ont été créés par la loi n° 2019-774 du 24 juillet 2019. Leurs missions ont été précisées par le décret n° 2021-295 du 18 mars 2021.");
    assert!(
        got.contains(&fact("decret/2021-295", "regulates", "dispositif/dac")),
        "{got:?}"
    );
    // A pronoun after a sentence opened by a text is that text.
    let got = read("La loi n° 2019-774 du 24 juillet 2019 a poursuivi ce mouvement. Elle a créé les dispositifs d'appui à la coordination.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-case: a pronoun after a sentence about a dispositif.
    let got = read("Les équipes de soins spécialisés se développent en dermatologie. Elles sont définies à l'article L. 1411-11-1 du code de la santé publique.");
    assert_eq!(
        got,
        [fact(
            "code/csp/article/L1411-11-1",
            "defines",
            "dispositif/ess"
        )]
    );
}

#[test]
fn the_discourse_names_texts_by_sameness_novelty_or_year() {
    let got = read("La loi n° 2016-41 du 26 janvier 2016 crée les CPTS. Les CLSM ont été reconnus par la même loi.");
    assert!(
        got.contains(&fact("loi/2016-41", "created", "dispositif/clsm")),
        "{got:?}"
    );
    // "la même loi de 2016": the last text of that year, not the last text.
    let got = read("Les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016. J'ai retiré la loi n° 2009-879 du 21 juillet 2009 de l'infobox. Les ESP ont été créées par la même loi de 2016.");
    assert!(
        got.contains(&fact("loi/2016-41", "created", "dispositif/esp")),
        "{got:?}"
    );
    assert!(
        !got.contains(&fact("loi/2009-879", "created", "dispositif/esp")),
        "{got:?}"
    );
    // Counter-case: without a year, the last text cited.
    let got = read("Les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016. J'ai retiré la loi n° 2009-879 du 21 juillet 2009 de l'infobox. Les CLS ont été créés par la même loi.");
    assert!(
        got.contains(&fact("loi/2009-879", "created", "dispositif/cls")),
        "{got:?}"
    );
    let got = read("La loi n° 2016-41 du 26 janvier 2016 et la loi n° 2023-379 du 19 mai 2023 sont citées. La nouvelle loi a modifié les IPA.");
    assert!(
        got.contains(&fact("loi/2023-379", "modified", "dispositif/ipa")),
        "{got:?}"
    );
    // Two texts of the year: "la loi de 2016" names neither.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 et la loi n° 2016-1827 du 23 décembre 2016 sont citées. Les CPTS, issues de la loi de 2016, se développent.");
    assert!(!got.iter().any(|f| f.2 == "dispositif/cpts"), "{got:?}");
}

#[test]
fn recognition_is_creation_unless_the_dispositif_existed_before() {
    let got = read("Les maisons de santé ont été reconnues par l'article 44 de la loi de financement de la sécurité sociale pour 2008.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
    let got = read("Les CLSM, nés bien avant d'avoir un fondement législatif, ont été reconnus par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(
        got,
        [fact("loi/2016-41", "givesLegalBasis", "dispositif/clsm")]
    );
}

#[test]
fn an_apposed_participle_escapes_the_main_negation() {
    let got = read("Le texte ne touche pas au médecin traitant, issu de la loi du 13 août 2004, qui reste le pivot du parcours.");
    assert_eq!(
        got,
        [fact(
            "loi/2004-810",
            "created",
            "dispositif/medecin-traitant"
        )]
    );
    // Counter-case: the participle inside the negated clause stays negated.
    let got = read("La loi du 13 août 2004 n'a pas créé le médecin traitant.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn chained_agents_each_act_and_the_earlier_agent_is_no_patient() {
    let got = read("Les CPTS, créées par la loi du 26 janvier 2016, ont vu leur cadre modifié par la loi du 24 juillet 2019 puis par l'ordonnance n° 2021-584 du 12 mai 2021.");
    assert_eq!(
        got,
        [
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("loi/2019-774", "modified", "dispositif/cpts"),
            fact("ordonnance/2021-584", "modified", "dispositif/cpts"),
        ]
    );
    let got = read("La loi n° 2023-379 du 19 mai 2023 est publiée. L'article L. 4301-1 du code de la santé publique, issu de la loi n° 2016-41 du 26 janvier 2016, a été modifié à son tour par le texte de 2023.");
    assert!(
        got.contains(&fact("loi/2023-379", "amends", "code/csp/article/L4301-1")),
        "{got:?}"
    );
    assert!(!got.iter().any(|f| f.2 == "loi/2016-41"), "{got:?}");
}

#[test]
fn footnote_only_law_and_nominal_cues() {
    let got = read("Les réseaux de santé reçoivent une définition législative¹.\n\n¹ Loi n° 2002-303 du 4 mars 2002 relative aux droits des malades et à la qualité du système de santé.");
    assert!(
        got.contains(&fact(
            "loi/2002-303",
            "defines",
            "dispositif/reseau-de-sante"
        )),
        "{got:?}"
    );
    let got = read("Il faut stabiliser le financement conventionnel des CPTS prévu par l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
    // Counter-case: "avant toute modification" is no change.
    let got = read("Il faut évaluer l'ordonnance n° 2021-584 du 12 mai 2021 avant toute modification des CPTS.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_text_followed_by_a_change_marker_changed_its_clause() {
    let got = read("La loi n° 2023-379 du 19 mai 2023 permet désormais de consulter directement un infirmier en pratique avancée.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
    // Counter-case: negated.
    let got = read("La loi n° 2023-379 du 19 mai 2023 ne permet désormais plus de consulter un infirmier en pratique avancée.");
    assert!(got.is_empty(), "{got:?}");
}

/// Candidates the whole pipeline proposes in a fresh text: `(label, law, relation)`.
fn proposed(text: &str) -> Vec<(String, String, String)> {
    let refdata = RefData::bundled().expect("reference data");
    let doc = crate::extract::SourceDocument {
        id: "fresh".into(),
        raw: text.into(),
    };
    crate::extract::extract(&doc, &refdata)
        .candidates
        .into_iter()
        .map(|c| (c.label, c.law.replace(ID, ""), c.relation))
        .collect()
}

#[test]
fn an_unknown_dispositif_with_a_cue_and_a_text_is_a_candidate() {
    let created = |label: &str| {
        (
            label.to_owned(),
            "loi/2009-879".to_owned(),
            "created".to_owned(),
        )
    };
    assert_eq!(
        proposed("La loi n° 2009-879 du 21 juillet 2009 a créé les conférences de territoire."),
        [created("conférences de territoire")]
    );
    assert_eq!(
        proposed("Les conférences de territoire ont été instituées par la loi HPST."),
        [created("conférences de territoire")]
    );
    // Counter-cases: negated, no text cited, a known dispositif, a bare class noun.
    assert!(proposed("La loi HPST n'a pas créé les conférences de territoire.").is_empty());
    assert!(proposed("Les conférences de territoire ont été créées en 2009.").is_empty());
    assert!(proposed("La loi HPST a créé les contrats locaux de santé.").is_empty());
    assert!(proposed("La loi HPST a créé des dispositifs.").is_empty());
}

#[test]
fn each_fact_keeps_the_support_of_its_reading() {
    let refdata = RefData::bundled().expect("reference data");
    let supports = |text: &str| -> Vec<(String, Support)> {
        let doc = crate::extract::SourceDocument {
            id: "fresh".into(),
            raw: text.into(),
        };
        crate::extract::extract(&doc, &refdata)
            .relations
            .into_iter()
            .map(|r| (r.target.replace(ID, ""), r.support))
            .collect()
    };
    assert_eq!(
        supports("Les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016."),
        [("dispositif/cpts".to_owned(), Support::Direct)]
    );
    assert_eq!(
        supports("Les CPTS ont été créées par la loi¹.\n\n¹ Loi n° 2016-41 du 26 janvier 2016 de modernisation de notre système de santé."),
        [("dispositif/cpts".to_owned(), Support::Footnote)]
    );
    assert_eq!(
        supports("La loi n° 2016-41 du 26 janvier 2016 est longue. Elle a créé les CPTS."),
        [("dispositif/cpts".to_owned(), Support::Discourse)]
    );
    assert_eq!(
        supports("Depuis la loi n° 2016-41 du 26 janvier 2016, les CPTS organisent les soins."),
        [("dispositif/cpts".to_owned(), Support::Inferred)]
    );
    assert!(Support::Direct.confidence() > Support::Inferred.confidence());
}

#[test]
fn a_restriction_is_not_a_negation() {
    let got = read("Les maisons de santé existent depuis 2008. La loi HPST n'a fait qu'en compléter le régime.");
    assert_eq!(got, [fact("loi/2009-879", "modified", "dispositif/msp")]);
    // Counter-case: a plain negation still blocks.
    let got = read(
        "Les maisons de santé existent depuis 2008. La loi HPST n'en a pas complété le régime.",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn clitics_and_possessives_inside_the_sentence_stand_for_its_subject() {
    let got = read("Les centres de santé sont régis par l'ordonnance n° 2018-17 du 12 janvier 2018, qui en a réécrit les conditions de fonctionnement.");
    assert!(
        got.contains(&fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )),
        "{got:?}"
    );
    let got = read("Les CPTS ont été instituées par la loi du 26 janvier 2016, et l'ordonnance n° 2021-584 du 12 mai 2021 a assoupli leur cadre.");
    assert!(
        got.contains(&fact("ordonnance/2021-584", "modified", "dispositif/cpts")),
        "{got:?}"
    );
    // Counter-case: an object named after the cue is the patient.
    let got = read("Les CPTS ont été instituées par la loi du 26 janvier 2016, et l'ordonnance n° 2021-584 du 12 mai 2021 a assoupli les règles des maisons de santé.");
    assert!(
        got.contains(&fact("ordonnance/2021-584", "modified", "dispositif/msp")),
        "{got:?}"
    );
    assert!(
        !got.contains(&fact("ordonnance/2021-584", "modified", "dispositif/cpts")),
        "{got:?}"
    );
}

// Issue 12, second batch of genres (h10–h13): each mechanism on fresh
// sentences, with its counter-case.

#[test]
fn a_frame_noun_after_a_change_cue_is_its_object() {
    let got =
        read("Le décret n° 2021-295 du 18 mars 2021 a fait évoluer le cadre juridique des DAC.");
    assert_eq!(got, [fact("decret/2021-295", "modified", "dispositif/dac")]);
    let got = read("Les centres de santé se sont multipliés. L'ordonnance n° 2018-17 du 12 janvier 2018 relative aux centres de santé a rénové leur cadre juridique.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )]
    );
    // Counter-case: with no change cue before it, the frame regulates.
    let got = read("Le décret n° 2021-295 du 18 mars 2021 pose le cadre juridique des DAC.");
    assert_eq!(
        got,
        [fact("decret/2021-295", "regulates", "dispositif/dac")]
    );
}

#[test]
fn a_heading_or_metadata_line_opens_no_glossary_entry() {
    // "Transmise au Ministère …" names an actor in passing: the next
    // sentences do not define the ministry.
    let got = read("Transmise au Ministère de la santé et de la prévention\n\nRéponse du ministère\n\nCes structures sont définies à l'article L. 6323-1 du code de la santé publique.");
    assert!(got.is_empty(), "{got:?}");
    // Counter-cases: a head named by its closing acronym, and a question.
    let got = read("- Dispositif d'Appui Coordonné (DAC)\n\nIl est défini par le décret n° 2021-295 du 18 mars 2021.");
    assert_eq!(got, [fact("decret/2021-295", "defines", "dispositif/dac")]);
    let got = read("Q. Comment la MSP est-elle financée ?\nR. Par une rémunération forfaitaire prévue par l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
}

#[test]
fn the_subject_after_a_fronted_participle_may_be_a_pronoun_or_a_demonstrative() {
    let got = read("Les centres de santé accueillent tous les patients. Définis à l'article L. 6323-1 du code de la santé publique, ils emploient des salariés.");
    assert_eq!(
        got,
        [fact(
            "code/csp/article/L6323-1",
            "defines",
            "dispositif/centre-de-sante"
        )]
    );
    // "ces projets": the head noun of the dispositif named before.
    let got = read("Le sénateur interroge le ministre sur les projets territoriaux de santé mentale. Prévus par la loi n° 2016-41 du 26 janvier 2016, ces projets restent inégaux.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/ptsm")]);
    // Counter-cases: a subject named after the comma is the patient, and
    // another noun does not refer back.
    let got = read("Les maisons de santé se développent. Définis à l'article L. 6323-1 du code de la santé publique, les centres de santé emploient des salariés.");
    assert_eq!(
        got,
        [fact(
            "code/csp/article/L6323-1",
            "defines",
            "dispositif/centre-de-sante"
        )]
    );
    let got = read("Le sénateur interroge le ministre sur les projets territoriaux de santé mentale. Prévus par la loi n° 2016-41 du 26 janvier 2016, ces contrats restent inégaux.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_dont_clause_acts_on_what_dont_stands_for() {
    let got = read("Les hôpitaux de proximité, dont la loi n° 2019-774 du 24 juillet 2019 a redéfini les missions, travaillent avec les CPTS.");
    assert_eq!(
        got,
        [fact(
            "loi/2019-774",
            "modified",
            "dispositif/hopital-de-proximite"
        )]
    );
    let got = read("Les centres de santé rejoignent les CPTS créées par la loi n° 2016-41 du 26 janvier 2016, dont les missions sont financées par l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|f| f.2 == "dispositif/centre-de-sante"),
        "{got:?}"
    );
    // Counter-cases: "dont" meaning "including" names the patient itself,
    // and a redefinition of the dispositif itself defines it.
    let got = read("Plusieurs dispositifs, dont les CPTS, ont été créés par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
    let got = read("La loi n° 2019-774 du 24 juillet 2019 a redéfini les hôpitaux de proximité.");
    assert_eq!(
        got,
        [fact(
            "loi/2019-774",
            "defines",
            "dispositif/hopital-de-proximite"
        )]
    );
}

#[test]
fn a_conformity_marker_names_the_agent_and_a_fusion_is_no_creation() {
    let got = read("Le département a vu la mise en place d'un dispositif d'appui à la coordination, né de la fusion de la PTA et de la MAIA, comme le prévoyait la loi n° 2019-774 du 24 juillet 2019.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-case: without the marker, no text is the agent.
    let got = read("La loi n° 2019-774 du 24 juillet 2019 est promulguée. Le département a vu la mise en place d'un dispositif d'appui à la coordination, né de la fusion de la PTA et de la MAIA, l'an dernier.");
    assert!(!got.iter().any(|f| f.2 == "dispositif/dac"), "{got:?}");
}

#[test]
fn a_beneficiary_verb_says_who_is_funded() {
    let got = read("Alors que les maisons de santé pluriprofessionnelles bénéficient, depuis l'accord conventionnel interprofessionnel du 20 avril 2017, d'une rémunération spécifique de la coordination, les centres de santé se sentent oubliés.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    let got = read("C'est un modèle comparable à celui dont bénéficient les maisons de santé au titre de l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    let got = read("Les MSP perçoivent leur rémunération forfaitaire au titre de l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-cases: "au titre de" with no beneficiary verb states nothing,
    // and an actor a funding noun governs pays, it is not funded.
    let got = read("Les CPTS signent un contrat au titre de l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("La loi n° 2011-940 du 10 août 2011 a fixé le cadre de la SISA, forme autorisée à percevoir les rémunérations forfaitaires de l'Assurance maladie.");
    assert_eq!(got, [fact("loi/2011-940", "regulates", "dispositif/sisa")]);
}

#[test]
fn a_possessive_before_a_funding_noun_stands_for_the_clause_subject() {
    let got = read("Les centres de santé relèvent de l'accord national conclu le 8 juillet 2015 avec l'Union nationale des caisses d'assurance maladie, qui prévoit à leur profit une rémunération forfaitaire.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2015-07-08",
            "funds",
            "dispositif/centre-de-sante"
        )]
    );
    // A first-person possessive: the document's own dispositif.
    let got = read("Notre CPTS a signé son contrat : c'est l'accord conventionnel interprofessionnel du 20 juin 2019 qui finance nos missions.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
    // Forfaits relayed to their agent.
    let got = read("Les centres de santé sont déficitaires : les forfaits prévus par l'accord national des centres de santé ne couvrent pas leurs coûts.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2015-07-08",
            "funds",
            "dispositif/centre-de-sante"
        )]
    );
}

#[test]
fn an_expletive_ne_negates_nothing() {
    let got = read("Le règlement arbitral prend le relais, avant que l'accord conventionnel interprofessionnel du 20 avril 2017 ne pérennise la rémunération des maisons de santé.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-case: "ne … pas" still negates, after "avant que" too.
    let got = read("L'accord conventionnel interprofessionnel du 20 avril 2017 ne pérennise pas la rémunération des maisons de santé.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("Il faudra attendre, avant que l'accord conventionnel interprofessionnel du 20 avril 2017 ne pérennise plus la rémunération des maisons de santé.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_class_noun_object_announces_the_list_after_a_colon() {
    let got = read("La loi du 26 janvier 2016 de modernisation de notre système de santé crée ensuite deux nouvelles formes d'exercice coordonné, auxquelles les maisons de santé peuvent participer : les équipes de soins primaires et les communautés professionnelles territoriales de santé.");
    assert_eq!(
        got,
        [
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("loi/2016-41", "created", "dispositif/esp"),
        ]
    );
    // Counter-case: "crée" is a verb, not a participle qualifying a noun.
    let got = read("La loi du 26 janvier 2016 de modernisation de notre système de santé crée les équipes de soins primaires.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/esp")]);
}

#[test]
fn a_generic_head_noun_is_not_what_the_cue_acts_on() {
    let got = read("Les équipes de soins primaires, forme d'exercice coordonné définie par la loi du 26 janvier 2016, se multiplient.");
    assert_eq!(got, [fact("loi/2016-41", "defines", "dispositif/esp")]);
    // Counter-case: "le dispositif du médecin traitant" names it.
    let got = read("Le dispositif du médecin traitant a été instauré par la loi du 13 août 2004.");
    assert_eq!(
        got,
        [fact(
            "loi/2004-810",
            "created",
            "dispositif/medecin-traitant"
        )]
    );
}

#[test]
fn an_attribution_frame_with_a_copula_defines() {
    let got = read("Selon l'article L. 6323-3 du code de la santé publique, la maison de santé est une personne morale.");
    assert_eq!(
        got,
        [fact(
            "code/csp/article/L6323-3",
            "defines",
            "dispositif/msp"
        )]
    );
    // Counter-cases: no copula, or no legal text.
    let got = read("Selon l'article L. 6323-3 du code de la santé publique, la maison de santé peut signer l'accord.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("Selon la DREES, la maison de santé est attractive.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_text_after_a_named_dispositif_is_no_passive_agent() {
    // The note call [7] on "santé" cites a text as the sentence's source.
    let got = read("Le règlement arbitral prend le relais, avant que l'accord conventionnel interprofessionnel du 20 avril 2017 ne pérennise la rémunération des maisons de santé[7].\n\n7. ↑ Arrêté du 24 juillet 2017 portant approbation de l'accord.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-case: a bracketed call on a date names the acting text.
    let got = read("Les maisons de santé se développent. Elles font leur entrée dans le code de la santé publique en 2008[3].\n\n3. ↑ Loi n° 2007-1786 du 19 décembre 2007 de financement de la sécurité sociale pour 2008, article 44.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
}

#[test]
fn new_cues_of_the_second_batch() {
    let got = read("Le SAS, expérimenté dans 22 sites pilotes, a reçu une base légale avec la loi n° 2021-502 du 26 avril 2021.");
    assert_eq!(
        got,
        [fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
    let got = read("Les expérimentations de nouveaux modes de rémunération, lancées sur le fondement de la loi de financement de la sécurité sociale pour 2008, ont duré cinq ans.");
    assert_eq!(
        got,
        [fact("loi/2007-1786", "givesLegalBasis", "dispositif/enmr")]
    );
    let got = read("Le projet territorial de santé mentale associe les acteurs. Le décret n° 2017-1200 du 27 juillet 2017 en a fixé les priorités.");
    assert_eq!(
        got,
        [fact("decret/2017-1200", "regulates", "dispositif/ptsm")]
    );
    let got = read("Le Peps, expérimentation conduite dans le cadre de l'article 51 de la loi de financement de la sécurité sociale pour 2018, rémunère les équipes.");
    assert!(
        got.contains(&fact("loi/2017-1836", "regulates", "dispositif/peps")),
        "{got:?}"
    );
    let got = read("Les centres de santé, dont les conditions de fonctionnement ont été refondues par l'ordonnance n° 2018-17 du 12 janvier 2018, se développent.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )]
    );
}

#[test]
fn a_source_article_named_apart_from_its_law_still_names_its_dispositif() {
    let got = read("Une expérience de projet « article 51 » (expérimentations prévues par la loi de financement de la sécurité sociale pour 2018) serait appréciée.");
    assert_eq!(
        got,
        [fact(
            "loi/2017-1836",
            "created",
            "dispositif/experimentation-article-51"
        )]
    );
    // Counter-case: without the article's number, the head noun alone is no
    // dispositif.
    let got = read("Des expérimentations prévues par la loi de financement de la sécurité sociale pour 2018 seront évaluées.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_beneficiary_subject_may_carry_the_text_as_its_complement() {
    let got = read("Les maisons de santé signataires de l'accord conventionnel interprofessionnel du 20 avril 2017 perçoivent une rémunération d'équipe qui finance le temps de coordination.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-case: words outside the citation still count; a subject
    // that far from its verb is not what the clause funds.
    let got = read("Les maisons de santé que nous avons rencontrées l'an dernier lors de l'enquête sur l'accord conventionnel interprofessionnel du 20 avril 2017 perçoivent une rémunération qui finance le temps de coordination.");
    assert!(!got.iter().any(|f| f.2 == "dispositif/msp"), "{got:?}");
}

#[test]
fn a_head_noun_apposed_to_named_dispositifs_is_their_class() {
    let got = read("- 2018 : l'article 51 de la LFSS pour 2018 ouvre la voie aux expérimentations Peps et Ipep");
    assert_eq!(
        got,
        [
            fact("loi/2017-1836", "givesLegalBasis", "dispositif/ipep"),
            fact("loi/2017-1836", "givesLegalBasis", "dispositif/peps"),
        ]
    );
    // Counter-case: alone, the head noun names the article's experiments.
    let got = read("- 2018 : l'article 51 de la LFSS pour 2018 ouvre la voie aux expérimentations");
    assert_eq!(
        got,
        [fact(
            "loi/2017-1836",
            "givesLegalBasis",
            "dispositif/experimentation-article-51"
        )]
    );
}

#[test]
fn a_status_conferred_on_a_dispositif_is_a_change() {
    let got = read("La loi n° 2011-940 du 10 août 2011 crée la société interprofessionnelle de soins ambulatoires. Elle fait aussi de la maison de santé une personne morale.");
    assert_eq!(
        got,
        [
            fact("loi/2011-940", "created", "dispositif/sisa"),
            fact("loi/2011-940", "modified", "dispositif/msp"),
        ]
    );
    let got = read("La loi n° 2004-810 du 13 août 2004 a fait du médecin traitant le pivot du parcours de soins.");
    assert_eq!(
        got,
        [fact(
            "loi/2004-810",
            "modified",
            "dispositif/medecin-traitant"
        )]
    );
    // Counter-cases: negated; a noun, not the dispositif, after the verb.
    let got = read("La loi n° 2011-940 du 10 août 2011 n'a pas fait de la maison de santé une personne morale.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("La loi n° 2016-41 du 26 janvier 2016 fait de la coordination des maisons de santé une priorité.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_remuneration_funds_only_the_subject_of_a_beneficiary_verb() {
    let got = read("Au titre de l'accord conventionnel interprofessionnel du 20 juin 2019, chaque CPTS perçoit une aide au fonctionnement et une rémunération pour ses missions.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
    let got = read("Les MSP qui adhèrent à l'accord conventionnel interprofessionnel du 20 avril 2017 reçoivent une rémunération forfaitaire.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-cases: the receiver is no dispositif, or there is no
    // receiving verb: "rémunération" states nothing.
    let got = read("La loi n° 2011-940 du 10 août 2011 crée la société interprofessionnelle de soins ambulatoires, forme conçue pour permettre à des professionnels libéraux de percevoir collectivement ces rémunérations.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    let got = read("La rémunération des médecins des centres de santé est négociée dans l'accord national des centres de santé.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn passive_cues_with_their_agent() {
    let got = read("Le projet territorial de santé mentale, dont le contenu est fixé par le décret n° 2017-1200 du 27 juillet 2017, est arrêté par l'ARS.");
    assert!(
        got.contains(&fact("decret/2017-1200", "regulates", "dispositif/ptsm")),
        "{got:?}"
    );
    let got = read("Les protocoles de coopération, autorisés par la loi n° 2009-879 du 21 juillet 2009, permettent de déléguer des actes.");
    assert_eq!(
        got,
        [fact(
            "loi/2009-879",
            "givesLegalBasis",
            "dispositif/protocole-de-cooperation"
        )]
    );
    let got = read("L'accès direct aux infirmiers en pratique avancée, ouvert par la loi n° 2023-379 du 19 mai 2023, reste réservé à l'exercice coordonné.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
    // Counter-cases: no text as agent; negated.
    let got = read(
        "Le centre de santé, ouvert par la commune en 2021, est autorisé par le maire à recruter.",
    );
    assert!(got.is_empty(), "{got:?}");
    let got = read("Le contenu du projet territorial de santé mentale n'est pas fixé par le décret n° 2017-1200 du 27 juillet 2017.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn an_adverb_inside_a_passive_law_to_law_cue() {
    let got = read("Leur financement repose sur l'accord conventionnel interprofessionnel du 20 juin 2019 signé avec l'Assurance Maladie, complété depuis par deux avenants.");
    assert!(
        got.contains(&fact(
            "avenant/aci-cpts-1",
            "amends",
            "accord-conventionnel/2019-06-20"
        )),
        "{got:?}"
    );
    assert!(!got.iter().any(|f| f.2.contains("acteur/")), "{got:?}");
}

#[test]
fn a_reported_claim_states_nothing() {
    let got = read("On entend souvent dire que la loi n° 2016-41 du 26 janvier 2016 a créé les maisons de santé.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("On attribue à tort à la loi n° 2016-41 du 26 janvier 2016 la création des maisons de santé.");
    assert!(got.is_empty(), "{got:?}");
    // Counter-case: the same statement made by the writer.
    let got = read(
        "On le sait : la loi n° 2016-41 du 26 janvier 2016 a créé les équipes de soins primaires.",
    );
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/esp")]);
}

#[test]
fn a_comparative_joins_patients_after_the_agent() {
    let got = read("Les CPTS sont instituées par la loi n° 2016-41 du 26 janvier 2016, tout comme les équipes de soins primaires.");
    assert_eq!(
        got,
        [
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("loi/2016-41", "created", "dispositif/esp"),
        ]
    );
    // Counter-case: a clause of its own after the comma.
    let got = read("Les CPTS sont instituées par la loi n° 2016-41 du 26 janvier 2016, et les équipes de soins primaires restent informelles.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
}

#[test]
fn a_birth_year_before_a_recognition_is_prior_existence() {
    let got = read("Le conseil local de santé mentale, né en 2014, a été reconnu par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(
        got,
        [fact("loi/2016-41", "givesLegalBasis", "dispositif/clsm")]
    );
    // Counter-case: recognised with no earlier existence said: created.
    let got = read(
        "Le conseil local de santé mentale a été reconnu par la loi n° 2016-41 du 26 janvier 2016.",
    );
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/clsm")]);
}

#[test]
fn the_wording_of_an_article_comes_from_the_text_after_the_cue() {
    let got = read("Le centre de santé est régi par l'article L. 6323-1 du code de la santé publique, dans sa rédaction issue de l'ordonnance n° 2018-17 du 12 janvier 2018.");
    assert!(
        !got.contains(&fact(
            "ordonnance/2018-17",
            "created",
            "dispositif/centre-de-sante"
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&fact(
            "code/csp/article/L6323-1",
            "regulates",
            "dispositif/centre-de-sante"
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&fact(
            "ordonnance/2018-17",
            "amends",
            "code/csp/article/L6323-1"
        )),
        "{got:?}"
    );
    // Counter-case: "issue de" alone is still a creation.
    let got = read("La société interprofessionnelle de soins ambulatoires est issue de la loi n° 2011-940 du 10 août 2011.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
}

#[test]
fn a_pronoun_subject_keeps_the_dispositif_it_stands_for() {
    let got = read("Les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016. Elles regroupent des acteurs de santé de ville. Leur financement repose sur l'accord conventionnel interprofessionnel (ACI) signé le 20 juin 2019.");
    assert_eq!(
        got,
        [
            fact(
                "accord-conventionnel/2019-06-20",
                "funds",
                "dispositif/cpts"
            ),
            fact("loi/2016-41", "created", "dispositif/cpts"),
        ]
    );
    // Counter-case: a sentence with another subject breaks the chain.
    let got = read("Les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016. Les médecins regroupent des acteurs de santé de ville. Leur financement repose sur l'accord conventionnel interprofessionnel (ACI) signé le 20 juin 2019.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
}

#[test]
fn an_active_recognition_after_a_cleft() {
    let got = read("La loi n° 2016-41 du 26 janvier 2016 n'a pas créé les maisons de santé, elles existaient avant, c'est la loi n° 2007-1786 du 19 décembre 2007 qui les a reconnues.");
    assert_eq!(
        got,
        [fact("loi/2007-1786", "givesLegalBasis", "dispositif/msp")]
    );
    let got =
        read("C'est la loi n° 2007-1786 du 19 décembre 2007 qui a reconnu les maisons de santé.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
    // Counter-case: the negation still reaches a cue in its own clause.
    let got = read(
        "Ce n'est pas la loi n° 2016-41 du 26 janvier 2016 qui a reconnu les maisons de santé.",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_frame_noun_may_be_the_subject_of_a_dont_clause() {
    let got = read("Les centres de santé, dont le cadre juridique a été rénové par l'ordonnance n° 2018-17 du 12 janvier 2018, relèvent quant à eux de l'accord national des centres de santé.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )]
    );
    // Counter-case: a frame noun with no change cue is regulation.
    let got = read("Les centres de santé, dont le cadre juridique est fixé par l'ordonnance n° 2018-17 du 12 janvier 2018, se développent.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "regulates",
            "dispositif/centre-de-sante"
        )]
    );
}

#[test]
fn a_transcript_turn_opens_after_its_speaker_label() {
    let got = read("[00:03:34] M. PERRIN : Les hôpitaux de proximité existaient déjà, mais la loi n° 2019-774 du 24 juillet 2019 a redéfini leurs missions : soins de premier recours, consultations de spécialistes.");
    assert_eq!(
        got,
        [fact(
            "loi/2019-774",
            "modified",
            "dispositif/hopital-de-proximite"
        )]
    );
    // Counter-case: a label with no timestamp is text ("Objet : …").
    assert_eq!(super::span::lead_len("objet : les cpts"), 0);
    assert_eq!(super::span::lead_len("[00:03:34] m. perrin : les cpts"), 23);
}

#[test]
fn existence_since_a_text_and_an_indirect_clitic() {
    let got = read("On a les IPA, les infirmières en pratique avancée. Elles existent depuis la loi n° 2016-41 du 26 janvier 2016, justement, et la loi n° 2023-379 du 19 mai 2023, là, leur a ouvert l'accès direct quand elles exercent dans une structure coordonnée.");
    assert_eq!(
        got,
        [
            fact("loi/2016-41", "created", "dispositif/ipa"),
            fact("loi/2023-379", "modified", "dispositif/ipa"),
        ]
    );
    // Counter-case: no text right after "depuis", no creation by a far one.
    let got = read("On a les IPA, les infirmières en pratique avancée. Elles existent depuis longtemps, et la loi n° 2023-379 du 19 mai 2023 leur a ouvert l'accès direct.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
}

#[test]
fn a_coordinated_predicate_shares_the_sentence_subject() {
    let got = read("Considérant que le conseil local de santé mentale du territoire, né en 2014 d'une initiative des élus, n'a pas été créé par la loi n° 2009-879 du 21 juillet 2009 mais a vu son existence reconnue par la loi n° 2016-41 du 26 janvier 2016 ;");
    assert_eq!(
        got,
        [fact("loi/2016-41", "givesLegalBasis", "dispositif/clsm")]
    );
    // Counter-case: a clause with a subject of its own.
    let got = read("Le conseil local de santé mentale se réunit chaque mois, mais la loi n° 2016-41 du 26 janvier 2016 a été adoptée ensuite.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn an_elided_clitic_carries_the_auxiliary() {
    let got = read("Il y a le service d'accès aux soins, le SAS. On l'a expérimenté dès 2021, et la loi de 2021, la loi Rist première du nom, l'a… l'a consacré.");
    assert_eq!(
        got,
        [fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
    // Counter-case: a participle with no auxiliary far from the text
    // qualifies a noun.
    let got = read("Il y a le service d'accès aux soins, le SAS. La loi Rist première du nom traite du temps consacré.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_relative_que_names_the_patient_of_a_law_to_law_cue() {
    let got = read("Les CPTS sont financées par l'accord conventionnel interprofessionnel du 20 juin 2019, que deux avenants ont complété en 2021.");
    assert!(
        got.contains(&fact(
            "avenant/aci-cpts-2",
            "amends",
            "accord-conventionnel/2019-06-20"
        )),
        "{got:?}"
    );
    // Counter-case: a subject text acting on what follows the cue.
    let got = read(
        "L'ordonnance n° 2021-584 du 12 mai 2021 complète la loi n° 2016-41 du 26 janvier 2016.",
    );
    assert_eq!(got, [fact("ordonnance/2021-584", "amends", "loi/2016-41")]);
}

// Fixes for the fourth batch of new genres (h18–h21): each mechanism with
// its counter-case, on fresh sentences.

#[test]
fn a_restrictive_ne_que_negates_nothing() {
    let got = read("Les CPTS n'ont véritablement pris leur essor qu'après la signature de l'accord conventionnel interprofessionnel du 20 juin 2019, qui finance leurs missions.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
    // Counter-case: "pas" before the "que" makes it a negation.
    let got = read("Les CPTS n'ont pas été financées par l'accord conventionnel interprofessionnel du 20 juin 2019 qu'elles avaient signé.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_modal_of_the_beneficiary_leaves_the_funding_asserted() {
    // h54:40.
    let got = read("Une fois ouvertes, les MSP pourront prétendre à la rémunération d'équipe prévue par l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-cases: the modal of the funding itself stays hypothetical, so do a
    // recommendation and a negation before a beneficiary verb.
    let got = read("Les MSP pourront être financées par l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("Les MSP devraient bénéficier du financement prévu par l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("Les centres de santé ne perçoivent pas les financements prévus par l'accord conventionnel interprofessionnel du 20 juin 2019 pour les CPTS.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_restrictive_ne_que_reaches_past_the_text_cited_between() {
    // h56:50: eleven words between "ne" and "qu'après".
    let got = read("Les CPTS ne sont financées par l'accord conventionnel interprofessionnel du 20 juin 2019 qu'après la signature d'un contrat tripartite.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
    // Counter-case: a negation as far away stays one.
    let got = read("Les CPTS ne sont financées par l'accord conventionnel interprofessionnel du 20 juin 2019 ni par le FIR, quoi qu'on en dise.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_resumptive_relative_has_no_text_as_subject() {
    let got = read("La loi n° 2023-379 du 19 mai 2023 a ouvert l'accès direct aux infirmiers en pratique avancée, ce qui renforce l'attractivité des MSP.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
    // Counter-case: "en ce qui concerne" is no relative.
    let got = read(
        "La loi n° 2023-379 du 19 mai 2023 renforce les MSP, en ce qui concerne l'accès direct.",
    );
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/msp")]);
}

#[test]
fn a_relative_after_an_apposed_agent_stands_for_the_head() {
    let got = read("Le fonds d'intervention régional (FIR), créé par la loi n° 2011-1906 du 21 décembre 2011, qui finance notamment les DAC, est géré par les ARS.");
    assert_eq!(got, [fact("loi/2011-1906", "created", "dispositif/fir")]);
    // Counter-case: a relative right after a text that is no agent.
    let got = read("L'accord conventionnel interprofessionnel du 20 juin 2019, qui finance les CPTS, a été signé par les syndicats.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
}

#[test]
fn a_dispositif_named_again_after_a_title_holding_its_name() {
    let got = read("L'accord national des centres de santé du 8 juillet 2015 prévoit la rémunération forfaitaire des centres de santé.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2015-07-08",
            "funds",
            "dispositif/centre-de-sante"
        )]
    );
    // Counter-case: the name only in the title states nothing.
    let got = read(
        "L'accord national des centres de santé du 8 juillet 2015 a été signé par les fédérations.",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn the_same_article_and_a_cue_inside_a_dispositif_name() {
    let got = read("Les maisons de santé ont été introduites dans le code de la santé publique par l'article 44 de la loi de financement de la sécurité sociale (LFSS) pour 2008. Les expérimentations de nouveaux modes de rémunération (ENMR), prévues par le même article, ont débuté en 2010.");
    assert_eq!(
        got,
        [
            fact("loi/2007-1786", "created", "dispositif/enmr"),
            fact("loi/2007-1786", "created", "dispositif/msp"),
        ]
    );
    // Counter-case: a funding cue outside the name still funds.
    let got = read("La rémunération d'équipe des MSP est prévue par l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
}

#[test]
fn a_rewritten_article_is_amended_not_the_dispositif() {
    let got = read("- article L. 6323-1 du code de la santé publique, relatif aux centres de santé, réécrit par l'ordonnance n° 2018-17 du 12 janvier 2018 ;");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "amends",
            "code/csp/article/L6323-1"
        )]
    );
    // Counter-case: no article, the dispositif's conditions were rewritten.
    let got = read("Les centres de santé ont vu leurs conditions de création réécrites par l'ordonnance n° 2018-17 du 12 janvier 2018.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )]
    );
}

#[test]
fn a_possessive_opening_a_later_clause_and_juxtaposed_participles() {
    let got = read("Notre DAC a été créé en application de la loi n° 2019-774 du 24 juillet 2019 et ses missions sont fixées par le décret n° 2021-295 du 18 mars 2021.");
    assert_eq!(
        got,
        [
            fact("decret/2021-295", "regulates", "dispositif/dac"),
            fact("loi/2019-774", "created", "dispositif/dac"),
        ]
    );
    // Counter-case: a clause naming its own dispositif.
    let got = read("Le DAC a été créé par la loi n° 2019-774 du 24 juillet 2019, et les missions des CPTS sont fixées par le décret n° 2021-295 du 18 mars 2021.");
    assert!(
        !got.contains(&fact("decret/2021-295", "regulates", "dispositif/dac")),
        "{got:?}"
    );
    let got = read("- CPTS : créées par la loi n° 2016-41 du 26 janvier 2016, financées par l'accord conventionnel interprofessionnel du 20 juin 2019 ;");
    assert_eq!(
        got,
        [
            fact(
                "accord-conventionnel/2019-06-20",
                "funds",
                "dispositif/cpts"
            ),
            fact("loi/2016-41", "created", "dispositif/cpts"),
        ]
    );
    // Counter-case: the second participle has a subject of its own.
    let got = read("Les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016, les MSP financées par l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert!(
        !got.contains(&fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/cpts"
        )),
        "{got:?}"
    );
}

#[test]
fn a_clitic_after_an_earlier_clause_and_a_year_named_later() {
    let got = read("- CLS : créés par la loi HPST en 2009, la loi n° 2022-217 du 21 février 2022 y a ajouté un volet santé mentale.");
    assert_eq!(
        got,
        [
            fact("loi/2009-879", "created", "dispositif/cls"),
            fact("loi/2022-217", "modified", "dispositif/cls"),
        ]
    );
    // An e-mail thread: the reply comes before the message that cites the law.
    let got = read("Pour les CLSM : le nôtre existait depuis 2011, la loi de 2016 l'a seulement reconnu.\n\nMessage d'origine : les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(
        got,
        [
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("loi/2016-41", "givesLegalBasis", "dispositif/clsm"),
        ]
    );
    // Counter-cases: a year after "depuis" is no origin; two laws of the year
    // leave "la loi de 2016" unresolved.
    let got =
        read("Les IPA existent depuis 2016, la loi n° 2016-41 du 26 janvier 2016 les a renforcés.");
    assert!(
        !got.contains(&fact("loi/2016-41", "created", "dispositif/ipa")),
        "{got:?}"
    );
    let got = read("Pour les CLSM : le nôtre existait depuis 2011, la loi de 2016 l'a seulement reconnu.\n\nVoir la loi n° 2016-41 du 26 janvier 2016 et la loi n° 2016-1888 du 28 décembre 2016.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_correction_names_the_text_that_did_it() {
    let got =
        read("Les CESP, ce n'est pas le pacte territoire santé qui les a créés mais la loi HPST.");
    assert_eq!(got, [fact("loi/2009-879", "created", "dispositif/cesp")]);
    let got = read("Les SISA ne viennent pas de la loi n° 2016-41 du 26 janvier 2016 : c'est la loi Fourcade de 2011.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    // Counter-case: a clause with a cue of its own says what the other text did.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 n'a pas créé les CPTS, mais la loi n° 2019-774 du 24 juillet 2019 les a modifiées.");
    assert_eq!(got, [fact("loi/2019-774", "modified", "dispositif/cpts")]);
}

#[test]
fn a_month_citation_stays_in_its_sentence() {
    let got = read("Les IPA n'ont pas été créés par la loi Rist. La loi Rist de mai 2023 leur a ouvert l'accès direct.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
}

#[test]
fn a_code_article_in_a_footnote_holds_the_definition() {
    let got = read("La loi n° 2009-879 du 21 juillet 2009 a défini les soins de premier recours¹.\n\n¹ Article L. 1411-11 du code de la santé publique.");
    assert_eq!(
        got,
        [
            fact(
                "code/csp/article/L1411-11",
                "defines",
                "dispositif/soins-de-premier-recours"
            ),
            fact(
                "loi/2009-879",
                "defines",
                "dispositif/soins-de-premier-recours"
            ),
        ]
    );
    // Counter-case: a footnoted article beside another cue acts on nothing.
    let got = read("La loi n° 2009-879 du 21 juillet 2009 a créé les agences régionales de santé¹.\n\n¹ Article L. 1432-1 du code de la santé publique.");
    assert_eq!(got, [fact("loi/2009-879", "created", "acteur/ars")]);
}

// Fixes for the fifth batch of new genres (h22–h25): each mechanism with its
// counter-case, on fresh sentences.

#[test]
fn a_semicolon_a_colon_or_a_comma_before_et_joins_clauses_not_names() {
    let got = read("La loi n° 2009-879 du 21 juillet 2009 a créé les agences régionales de santé et défini les soins de premier recours ; les communautés professionnelles territoriales de santé sont, elles, issues de l'article 65 de la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(
        got,
        [
            fact("loi/2009-879", "created", "acteur/ars"),
            fact(
                "loi/2009-879",
                "defines",
                "dispositif/soins-de-premier-recours"
            ),
            fact("loi/2016-41", "created", "dispositif/cpts"),
        ]
    );
    let got = read("- Des réseaux de santé aux DAC : les dispositifs d'appui à la coordination, institués par la loi n° 2019-774 du 24 juillet 2019, accompagnent les parcours.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    let got = read("Les hôpitaux de proximité participent aux projets des CPTS, et le projet territorial de santé, introduit par la loi n° 2019-774 du 24 juillet 2019, les réunit.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/pts")]);
    // Counter-case: names joined by "et" or a comma are still coordinated.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 a créé les équipes de soins primaires, les plateformes territoriales d'appui et les communautés professionnelles territoriales de santé.");
    assert_eq!(
        got,
        [
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("loi/2016-41", "created", "dispositif/esp"),
            fact("loi/2016-41", "created", "dispositif/pta"),
        ]
    );
}

#[test]
fn a_relative_que_with_the_text_as_subject_stands_for_its_antecedent() {
    let got = read("La société interprofessionnelle de soins ambulatoires, que la loi n° 2011-940 du 10 août 2011 a instituée, reste un casse-tête juridique.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    let got = read("La loi n° 2019-774 du 24 juillet 2019 a été promulguée. Les dispositifs d'appui à la coordination, que cette même loi a institués, offrent un appui.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-case: a completive "que" (no comma before it) is no relative.
    let got = read("Les maisons de santé rappellent que la loi n° 2011-940 du 10 août 2011 a institué les SISA.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
}

#[test]
fn a_frame_noun_subject_lets_the_cue_reach_its_possessive() {
    let got = read("Les communautés professionnelles territoriales de santé, créées par la loi n° 2016-41 du 26 janvier 2016, se développent. Leur cadre juridique a été modifié par l'ordonnance n° 2021-584 du 12 mai 2021.");
    assert_eq!(
        got,
        [
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("ordonnance/2021-584", "modified", "dispositif/cpts"),
        ]
    );
    // Counter-case: with no change cue, the frame noun is regulation.
    let got = read("Les communautés professionnelles territoriales de santé se développent. Leur cadre juridique est fixé par l'ordonnance n° 2021-584 du 12 mai 2021.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
}

#[test]
fn the_antecedent_is_the_dispositif_that_opens_a_clause() {
    let got = read("La loi n° 2009-879 du 21 juillet 2009 a créé les agences régionales de santé ; les communautés professionnelles territoriales de santé sont, elles, issues de la loi n° 2016-41 du 26 janvier 2016. Leur financement pérenne a été assuré par l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )) && !got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "acteur/ars"
        )),
        "{got:?}"
    );
    // Counter-case: no dispositif opens a clause, the first named is kept.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 a créé les communautés professionnelles territoriales de santé et les équipes de soins primaires. Leur financement est assuré par l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )) && !got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/esp"
        )),
        "{got:?}"
    );
}

#[test]
fn ces_derniers_stands_for_the_dispositif_named_last() {
    let got = read("Cet amendement vise à ce que les CPTS puissent contractualiser avec les hôpitaux de proximité. Je rappelle que ces derniers ont été créés par la loi de financement de la sécurité sociale pour 2015 et que la loi n° 2019-774 du 24 juillet 2019 a redéfini leurs missions.");
    assert_eq!(
        got,
        [
            fact(
                "loi/2014-1554",
                "created",
                "dispositif/hopital-de-proximite"
            ),
            fact(
                "loi/2019-774",
                "modified",
                "dispositif/hopital-de-proximite"
            ),
        ]
    );
    // Counter-case: the previous sentence names nothing.
    let got = read("Le débat reprend. Je rappelle que ces derniers ont été créés par la loi de financement de la sécurité sociale pour 2015.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_demonstrative_text_inside_a_sentence_and_an_apposed_text() {
    let got = read("Ma MSP a été créée en 2017, l'année de l'accord conventionnel interprofessionnel du 20 avril 2017. Elle touche la rémunération d'équipe prévue par cet accord, ce qui nous permet de financer la coordination.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-cases: "cet accord" is no law; a text after "avec" is an agent.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 a créé les CPTS. Elles touchent la rémunération prévue par cet accord.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
    let got = read("Le Conseil Local de Santé Mentale (CLSM) prend sa source en 1972, avec la circulaire relative à la lutte contre les maladies mentales, l'alcoolisme et les toxicomanies.");
    assert_eq!(
        got,
        [fact("circulaire/1972-03-14", "created", "dispositif/clsm")]
    );
}

#[test]
fn an_article_list_belongs_to_the_agent_citation() {
    let got = read("Les équipes de soins primaires et les CPTS, instituées par les articles 64 et 65 de la loi n° 2016-41 du 26 janvier 2016, se développent.");
    assert_eq!(
        got,
        [
            fact("loi/2016-41", "created", "dispositif/cpts"),
            fact("loi/2016-41", "created", "dispositif/esp"),
        ]
    );
    // Counter-case: "par" leading to people, far from the text.
    let got = read("Les CPTS, mises en place par les professionnels de santé de leurs territoires et de leurs bassins de vie, relèvent de la loi n° 2016-41 du 26 janvier 2016.");
    assert!(
        !got.contains(&fact("loi/2016-41", "created", "dispositif/cpts")),
        "{got:?}"
    );
}

#[test]
fn participles_joined_by_puis_share_their_patient() {
    let got = read("Les protocoles de coopération, autorisés par la loi n° 2009-879 du 21 juillet 2009 puis réformés par la loi n° 2019-774 du 24 juillet 2019, se sont multipliés.");
    assert_eq!(
        got,
        [
            fact(
                "loi/2009-879",
                "givesLegalBasis",
                "dispositif/protocole-de-cooperation"
            ),
            fact(
                "loi/2019-774",
                "modified",
                "dispositif/protocole-de-cooperation"
            ),
        ]
    );
    // Counter-case: a clause with its own subject after "puis".
    let got = read("Les protocoles de coopération ont été autorisés par la loi n° 2009-879 du 21 juillet 2009, puis les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016.");
    assert!(
        !got.contains(&fact(
            "loi/2016-41",
            "created",
            "dispositif/protocole-de-cooperation"
        )),
        "{got:?}"
    );
}

#[test]
fn born_of_a_text_and_unification_as_succession() {
    let got =
        read("- Le contrat local de santé : un outil né de la loi n° 2009-879 du 21 juillet 2009");
    assert_eq!(got, [fact("loi/2009-879", "created", "dispositif/cls")]);
    let got = read("Les dispositifs d'appui à la coordination, institués par la loi n° 2019-774 du 24 juillet 2019, ont unifié les PTA et les MAIA.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-case: born of people, not of a text.
    let got = read("Le CLSM, né en 2014 d'une initiative des élus, applique la loi n° 2016-41 du 26 janvier 2016.");
    assert!(got.is_empty(), "{got:?}");
    // A text that unifies states no fact on what it merged (the gold's
    // reading: the absorption itself is no row).
    let got = read("La loi n° 2019-774 du 24 juillet 2019 a unifié les PTA et les MAIA.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_mistaken_belief_states_nothing() {
    let got = read("Pendant des années, j'ai cru que c'était la loi n° 2009-879 du 21 juillet 2009 qui avait créé les IPA.");
    assert!(got.is_empty(), "{got:?}");
    // Counter-case: a reminder states the fact.
    let got =
        read("Je rappelle que c'est la loi n° 2016-41 du 26 janvier 2016 qui a créé les IPA.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/ipa")]);
}

#[test]
fn a_plural_determiner_opening_the_sentence_makes_a_noun_of_the_cue() {
    let got = read("- Les rémunérations d'équipe prévues par l'accord conventionnel interprofessionnel du 20 avril 2017 pour les MSP");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-case: nothing named, nothing funded.
    let got = read("Les rémunérations d'équipe prévues par l'accord conventionnel interprofessionnel du 20 avril 2017 ont augmenté en 2023.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_relative_dont_is_outside_the_main_clause_negation() {
    let got = read("Le présent contrat ne se substitue pas aux engagements des maisons de santé pluriprofessionnelles, dont la rémunération d'équipe relève de l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-case: the negation still reaches the main clause's cue.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 ne finance pas les maisons de santé pluriprofessionnelles, dont la rémunération d'équipe relève de l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
}

#[test]
fn a_defined_term_names_its_entity_and_a_payment_funds_its_payee() {
    let contract = "La communauté professionnelle territoriale de santé du Pays fléchois, association régie par la loi du 1er juillet 1901,\nCi-après désignée « la communauté professionnelle »,\n\nL'accord conventionnel interprofessionnel du 20 juin 2019 fixe le cadre du financement pérenne des communautés professionnelles par l'assurance maladie, en contrepartie de missions définies dans le présent contrat.\n\nEn application de l'accord conventionnel interprofessionnel du 20 juin 2019, la caisse primaire d'assurance maladie verse à la communauté professionnelle un financement de fonctionnement.";
    let got = read(contract);
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
    // Counter-case: without the definition, the short term names nothing,
    // and neither the payer after "par" nor the one paying is funded.
    let got = read(&contract.replace("Ci-après désignée « la communauté professionnelle »,", ""));
    assert!(got.is_empty(), "{got:?}");
    // Counter-case: "définies" qualifies a noun; after an auxiliary it defines.
    let got = read("Les missions des CPTS sont définies par l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "defines",
            "dispositif/cpts"
        )]
    );
}

#[test]
fn a_possessive_subject_after_the_text_stands_for_the_previous_subject() {
    let got = read("La pratique avancée infirmière existe depuis la loi n° 2016-41 du 26 janvier 2016. Mais il a fallu attendre le décret n° 2018-629 du 18 juillet 2018 pour que notre exercice soit enfin encadré.");
    assert_eq!(
        got,
        [
            fact("decret/2018-629", "regulates", "dispositif/ipa"),
            fact("loi/2016-41", "created", "dispositif/ipa"),
        ]
    );
    // Counter-case: no previous subject, nothing.
    let got = read("Mais il a fallu attendre le décret n° 2018-629 du 18 juillet 2018 pour que notre exercice soit enfin encadré.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_text_named_by_its_year_resolves_against_the_reference_data() {
    let got = read("Les DAC, créés par la loi de 2019, ont remplacé la PTA. La CPTS de notre secteur est financée par l'accord de 2019.");
    assert_eq!(
        got,
        [
            fact(
                "accord-conventionnel/2019-06-20",
                "funds",
                "dispositif/cpts"
            ),
            fact("loi/2019-774", "created", "dispositif/dac"),
        ]
    );
    // Counter-case: two laws of 2011 in the reference data, none chosen.
    let got = read("Les SISA, créées par la loi de 2011, se développent.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_state_dated_by_a_text_after_the_copula() {
    let got = read("Je voudrais rappeler que la permanence des soins ambulatoires est, depuis la loi n° 2009-879 du 21 juillet 2009, une mission de service public.");
    assert_eq!(got, [fact("loi/2009-879", "modified", "dispositif/pdsa")]);
    // Counter-cases: no attribute after the text; a negated copula.
    let got = read("La permanence des soins ambulatoires est, depuis la loi n° 2009-879 du 21 juillet 2009, très inégale selon les territoires.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("La permanence des soins ambulatoires n'est pas, depuis la loi n° 2009-879 du 21 juillet 2009, une obligation individuelle.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn after_an_arrow_a_note_speaks_of_its_head() {
    let got = read("FIR (fonds d'intervention régional) : créé par la LFSS 2012 (art. 65) → finance notamment les CLS, les DAC, la PDSA.");
    assert_eq!(got, [fact("loi/2011-1906", "created", "dispositif/fir")]);
    // Counter-cases: a text after the arrow still acts; without the arrow
    // the text before the cue is its agent.
    let got = read("MSP → financées par l'ACI du 20/04/2017 (rémunération d'équipe).");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    let got = read(
        "L'accord conventionnel interprofessionnel du 20 juin 2019 finance les missions des CPTS.",
    );
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
}

#[test]
fn a_claim_quoted_after_a_verb_of_saying_is_not_vouched_for() {
    let got = read("Interrogé, un vice-président affirme que « c'est la loi 3DS qui a créé les contrats locaux de santé ».");
    assert!(got.is_empty(), "{got:?}");
    let got = read(
        "Petite erreur relevée : l'article écrit que les MSP « ont été créées par la loi HPST ».",
    );
    assert!(got.is_empty(), "{got:?}");
    // Counter-cases: a verb that takes the fact as given, guillemets closed
    // before the cue, a quotation with no verb of saying.
    let got = read("Il rappelle que « les CLS ont été créés par la loi HPST ».");
    assert_eq!(got, [fact("loi/2009-879", "created", "dispositif/cls")]);
    let got = read(
        "Le maire affirme que « le contrat est signé », et les CLS ont été créés par la loi HPST.",
    );
    assert_eq!(got, [fact("loi/2009-879", "created", "dispositif/cls")]);
    let got = read("Les CLS, « créés par la loi HPST », se sont multipliés.");
    assert_eq!(got, [fact("loi/2009-879", "created", "dispositif/cls")]);
}

#[test]
fn dating_appearing_and_modernising_cues() {
    let got = read("Les CLS datent de la loi HPST du 21 juillet 2009.");
    assert_eq!(got, [fact("loi/2009-879", "created", "dispositif/cls")]);
    let got = read("Les MSP sont apparues avec la LFSS pour 2008.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
    let got = read("Les centres de santé ont vu leurs règles modernisées par l'ordonnance n° 2018-17 du 12 janvier 2018.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )]
    );
    // Counter-cases: the noun "date de", a negated appearance.
    let got = read("La date de la loi HPST du 21 juillet 2009 est bien connue des CLS.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("Les MSP ne sont pas apparues avec la loi HPST.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn examples_of_an_open_list_purposes_and_relatives_after_a_preposition() {
    let got = read("L'article 51 de la LFSS pour 2018 a créé le cadre des expérimentations organisationnelles (PEPS, IPEP…).");
    assert!(
        got.iter()
            .all(|(_, _, t)| t != "dispositif/peps" && t != "dispositif/ipep"),
        "{got:?}"
    );
    // Counter-case: a parenthesis that is no open list.
    let got = read("La loi n° 2016-41 a créé les équipes de soins primaires (ESP).");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/esp")]);
    // A purpose is not a fact of the text.
    let got = read("La SISA a été créée par la loi Fourcade pour permettre aux MSP de percevoir des rémunérations collectives.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    // "auquel la loi … a donné une base légale": the antecedent.
    let got = read("Le service d'accès aux soins (SAS), auquel la loi n° 2021-502 du 26 avril 2021 a donné une base légale, s'appuie sur les effecteurs que les CPTS mobilisent.");
    assert_eq!(
        got,
        [fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
    // A stressing pronoun between the antecedent and its relative.
    let got = read("Le SAS lui-même, auquel la loi n° 2021-502 du 26 avril 2021 a donné une base légale, n'est pas une structure à laquelle la SISA pourrait adhérer.");
    assert_eq!(
        got,
        [fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
    // Counter-case: words other than a stressing pronoun hide the antecedent.
    let got = read("Le SAS de la Charente créé en 2022 avec la SISA, auquel la loi n° 2021-502 du 26 avril 2021 a donné une base légale, fonctionne.");
    assert!(
        !got.contains(&fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")),
        "{got:?}"
    );
}

#[test]
fn agreement_forms_the_lexicon_does_not_list_are_cues() {
    // The lexicon lists "datent de" and "étendu", not these.
    let one = |text: &str| {
        passage(
            &[text],
            &[(0, "loi/2016-41", "loi du 26 janvier 2016")],
            &[(0, "dispositif/ipa", "pratique avancée")],
        )
    };
    assert_eq!(
        one("La pratique avancée date de la loi du 26 janvier 2016."),
        [fact("loi/2016-41", "created", "dispositif/ipa")]
    );
    assert_eq!(
        one("La pratique avancée a été étendue par la loi du 26 janvier 2016."),
        [fact("loi/2016-41", "modified", "dispositif/ipa")]
    );
    // An accented text must still spell the generated form with its accents.
    let cues = cues();
    assert!(cues.spellings["date de"].contains("date de"));
    assert!(cues.spellings["etendue"].contains("étendue"));
}

#[test]
fn no_agent_past_the_end_of_the_cues_clause() {
    let s = sentence("Le FIR finance les CLS : ne pas écrire « la LFSS 2012 finance les CLS ».");
    let legal = [m("loi/2011-1906", "LFSS 2012", &s)];
    let ents = [
        m("dispositif/fir", "FIR", &s),
        m("dispositif/cls", "CLS", &s),
    ];
    assert_eq!(facts(&s, &legal, &ents), vec![]);
    // A colon that introduces the text keeps it in the cue's clause.
    assert_eq!(
        passage(
            &["Le financement des CPTS : l'ACI du 20 juin 2019 et ses avenants."],
            &[(0, "accord-conventionnel/2019-06-20", "ACI du 20 juin 2019")],
            &[(0, "dispositif/cpts", "CPTS")],
        ),
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
}

#[test]
fn since_a_text_what_can_be_done_with_a_dispositif_dates_from_it() {
    let one = |text: &str, target: &str| {
        passage(
            &[text],
            &[(0, "loi/2023-379", "loi du 19 mai 2023")],
            &[(0, "dispositif/ipa", target)],
        )
    };
    assert_eq!(
        one("Depuis la loi du 19 mai 2023, les patients peuvent consulter un infirmier en pratique avancée sans prescription.", "infirmier en pratique avancée"),
        [fact("loi/2023-379", "modified", "dispositif/ipa")]
    );
    // The dispositif in the clause's subject.
    assert_eq!(
        one("Depuis la loi du 19 mai 2023, les kinés et les IPA peuvent voir les patients en accès direct.", "IPA"),
        [fact("loi/2023-379", "modified", "dispositif/ipa")]
    );
    // No modal of possibility: nothing is said to have changed.
    assert_eq!(
        one("Depuis la loi du 19 mai 2023, les patients consultent souvent un infirmier en pratique avancée.", "infirmier en pratique avancée"),
        []
    );
}

#[test]
fn a_text_named_as_the_instrument_of_an_actor_acts() {
    let one = |text: &str| {
        passage(
            &[text],
            &[(
                0,
                "accord-conventionnel/2017-04-20",
                "accord conventionnel interprofessionnel de 2017",
            )],
            &[
                (0, "dispositif/msp", "maisons de santé"),
                (0, "acteur/assurance-maladie", "Assurance maladie"),
            ],
        )
    };
    assert_eq!(
        one("Les maisons de santé sont rémunérées par l'Assurance maladie dans le cadre de l'accord conventionnel interprofessionnel de 2017."),
        [fact("accord-conventionnel/2017-04-20", "funds", "dispositif/msp")]
    );
    // The same text as far from the cue, not named as its instrument: no agent.
    assert_eq!(
        one("Les maisons de santé sont rémunérées par l'Assurance maladie bien avant la signature de l'accord conventionnel interprofessionnel de 2017."),
        []
    );
}

#[test]
fn an_instrument_right_after_a_participle_is_its_agent() {
    // A code article cited before the cue is not its agent: the accord the
    // participle names as its instrument is.
    let s = sentence("Les CPTS, dont les missions sont fixées par l'article L. 1434-12, sont rémunérées au titre de l'accord conventionnel interprofessionnel du 20 juin 2019.");
    let legal = [
        m("code/csp/article/L1434-12", "article L. 1434-12", &s),
        m(
            "accord-conventionnel/2019-06-20",
            "accord conventionnel interprofessionnel du 20 juin 2019",
            &s,
        ),
    ];
    let ents = [m("dispositif/cpts", "CPTS", &s)];
    let got = facts(&s, &legal, &ents);
    assert!(
        got.contains(&(
            "accord-conventionnel/2019-06-20".into(),
            "funds".into(),
            "dispositif/cpts".into()
        )),
        "{got:?}"
    );
}

#[test]
fn a_text_that_is_an_earlier_cues_complement_is_not_the_next_cues_subject() {
    assert_eq!(
        passage(
            &["La loi Fourcade modifie plusieurs dispositions de la loi HPST et crée la SISA."],
            &[
                (0, "loi/2011-940", "loi Fourcade"),
                (0, "loi/2009-879", "loi HPST")
            ],
            &[(0, "dispositif/sisa", "SISA")],
        ),
        [
            fact("loi/2011-940", "amends", "loi/2009-879"),
            fact("loi/2011-940", "created", "dispositif/sisa")
        ]
    );
}

#[test]
fn a_notice_summary_opening_on_its_verb_has_the_notice_text_as_subject() {
    let notice = |summary: &str| {
        passage(
            &[
                "Loi n° 2016-41 du 26 janvier 2016 de modernisation de notre système de santé, article 74.",
                summary,
            ],
            &[(0, "loi/2016-41", "Loi n° 2016-41 du 26 janvier 2016")],
            &[(1, "dispositif/pta", "plateformes territoriales d'appui")],
        )
    };
    assert_eq!(
        notice("Résumé : Institue les plateformes territoriales d'appui (PTA) aux professionnels."),
        [fact("loi/2016-41", "created", "dispositif/pta")]
    );
    // A summary that opens on anything but a cue says nothing of the text.
    assert_eq!(
        notice("Résumé : Les plateformes territoriales d'appui (PTA) aident les professionnels."),
        []
    );
}

#[test]
fn an_infinitive_after_a_restriction_states_what_the_text_did() {
    let got = read("L'ordonnance n° 2018-17 du 12 janvier 2018 n'a fait que simplifier la création des centres de santé.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )]
    );
    // With a clitic "en" for the dispositif named before.
    let got = read("Les centres de santé existent depuis longtemps ; l'ordonnance n° 2018-17 du 12 janvier 2018 n'a fait qu'en simplifier la création.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )]
    );
    let got =
        read("La loi n° 2023-379 du 19 mai 2023 s'est contentée d'ouvrir l'accès direct aux IPA.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
    // Counter-case: an infinitive with no restriction before it is an aim.
    let got = read("La loi n° 2023-379 du 19 mai 2023 visait à simplifier les IPA.");
    assert!(got.is_empty(), "{got:?}");
    // The infinitive phrase is read whole, not the noun inside it: to
    // specify a definition is to modify it ("définition" alone defines).
    let got = read("Les maisons de santé existent depuis 2008 ; la loi n° 2009-879 du 21 juillet 2009 n'a fait qu'en préciser la définition.");
    assert_eq!(got, [fact("loi/2009-879", "modified", "dispositif/msp")]);
    // Counter-case: without the restriction, the definition a text gives.
    let got = read(
        "La définition des maisons de santé est donnée par la loi n° 2009-879 du 21 juillet 2009.",
    );
    assert_eq!(got, [fact("loi/2009-879", "defines", "dispositif/msp")]);
}

#[test]
fn a_text_that_imposes_a_legal_form_regulates_the_dispositif() {
    let got = read(
        "La forme associative est imposée aux CPTS par l'ordonnance n° 2021-584 du 12 mai 2021.",
    );
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
    // The law of the form itself is no agent.
    let got = read("L'ordonnance n° 2021-584 du 12 mai 2021 impose aux CPTS de se constituer sous la forme d'une association régie par la loi du 1er juillet 1901.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
    // Counter-case: what is imposed is no legal form.
    let got = read("L'ordonnance n° 2021-584 du 12 mai 2021 impose aux CPTS un projet de santé.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "modified", "dispositif/cpts")]
    );
}

#[test]
fn a_participle_of_a_succession_noun_leaves_the_origin_its_agent() {
    let got = read("Le DAC, issu de l'unification imposée par la loi n° 2019-774 du 24 juillet 2019, est opérationnel.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-case: the participle of a dispositif is a cue.
    let got = read("Le DAC, imposé par la loi n° 2019-774 du 24 juillet 2019, est opérationnel.");
    assert_eq!(got, [fact("loi/2019-774", "modified", "dispositif/dac")]);
}

#[test]
fn a_text_that_makes_something_the_rule_changed_the_dispositif() {
    let got = read("La loi n° 2023-1268 du 27 décembre 2023 a fait de l'adhésion des professionnels de santé à une CPTS la règle.");
    assert_eq!(got, [fact("loi/2023-1268", "modified", "dispositif/cpts")]);
    // Counter-case: the noun "le fait de", a rule named after it.
    let got = read("La loi n° 2023-1268 du 27 décembre 2023 évoque le fait de rejoindre une CPTS sans en faire la règle.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_deeming_since_a_text_dates_the_change_from_it() {
    let got = read("Depuis la loi n° 2023-1268 du 27 décembre 2023, chaque professionnel de santé de ville est réputé membre de la CPTS de son territoire.");
    assert_eq!(got, [fact("loi/2023-1268", "modified", "dispositif/cpts")]);
    // Counter-case: a state with no modal nor deeming says nothing of it.
    let got = read("Depuis la loi n° 2023-1268 du 27 décembre 2023, chaque professionnel de santé de ville discute de la CPTS de son territoire.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_relative_dont_takes_its_antecedent_not_a_complement_before_it() {
    let got = read("La participation des CPTS au service d'accès aux soins, dont la loi n° 2021-502 du 26 avril 2021 a posé le cadre législatif, est prioritaire.");
    assert_eq!(got, [fact("loi/2021-502", "regulates", "dispositif/sas")]);
    // Counter-case: a coordination with "aux" after a comma is one.
    let got = read("La loi n° 2021-502 du 26 avril 2021 a ouvert l'accès aux CPTS, aux MSP.");
    assert_eq!(
        got,
        [
            fact("loi/2021-502", "modified", "dispositif/cpts"),
            fact("loi/2021-502", "modified", "dispositif/msp")
        ]
    );
}

#[test]
fn a_semi_auxiliary_is_part_of_the_beneficiary_verb() {
    let got = read("Les deux MSP du territoire continueront de percevoir la rémunération prévue par l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-case: a subject too far from the verb receives nothing.
    let got = read("Les deux MSP du territoire et leurs nombreux partenaires associatifs locaux continueront de percevoir la rémunération prévue par l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn experiments_in_the_frame_of_a_text_are_regulated_by_it() {
    // The experiments the cue's head names, not the teams that run them.
    let got = read("Plusieurs DAC conduisent des expérimentations au titre de l'article 51 de la loi n° 2017-1836 du 30 décembre 2017.");
    assert_eq!(
        got,
        [fact(
            "loi/2017-1836",
            "regulates",
            "dispositif/experimentation-article-51"
        )]
    );
    let got = read("Le PEPS est expérimenté dans le cadre de l'article 51 de la loi n° 2017-1836 du 30 décembre 2017.");
    assert_eq!(got, [fact("loi/2017-1836", "regulates", "dispositif/peps")]);
    // Counter-case: a wish states no fact.
    let got = read("Le conseil souhaite qu'une expérimentation au titre de l'article 51 de la loi n° 2017-1836 du 30 décembre 2017 soit engagée.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_clause_after_a_colon_speaks_of_what_the_one_before_named() {
    // A subject pronoun for the dispositif the sentence opened on, its agent
    // after "par" past where the code put it.
    let got = read("Les MSP ne sont pas une création de la loi n° 2009-879 du 21 juillet 2009 : elles ont été introduites dans le code de la santé publique par la loi n° 2007-1786 du 19 décembre 2007.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
    // Past an opening phrase up to a comma.
    let got = read("Contrairement à ce que nous avons écrit, la société interprofessionnelle de soins ambulatoires n'a pas été « instituée par la loi n° 2009-879 du 21 juillet 2009 » : elle a été créée par la loi n° 2011-940 du 10 août 2011.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    // Counter-cases: after the opening phrase, the subject is a text; a cue in a
    // relative clause on the text acting is not the pronoun's.
    let got = read("Contrairement à ce que nous avons écrit, la loi n° 2009-879 du 21 juillet 2009 n'a pas créé les CPTS : elle a été modifiée par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(got, [fact("loi/2016-41", "amends", "loi/2009-879")]);
    let got = read("La SISA n'a pas été instituée par la loi n° 2009-879 du 21 juillet 2009 : elle a été créée par la loi n° 2011-940 du 10 août 2011, dite loi Fourcade, qui a modifié plusieurs dispositions de la loi HPST.");
    assert!(
        !got.contains(&fact("loi/2011-940", "modified", "dispositif/sisa")),
        "{got:?}"
    );
    assert!(got.contains(&fact("loi/2011-940", "created", "dispositif/sisa")));
    // A clitic "en" for the dispositif of the clause before, the text acting
    // in both; the law of a legal form is no patient.
    let got = read("L'ordonnance n° 2021-584 du 12 mai 2021 n'a pas créé les CPTS : elle en a modifié le régime, en leur imposant la forme d'une association régie par la loi du 1er juillet 1901.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "modified", "dispositif/cpts")]
    );
    // A clitic "en" before a participle of a restriction.
    let got = read("Les MSP ont été introduites dans le code de la santé publique par la loi n° 2007-1786 du 19 décembre 2007, la loi n° 2009-879 du 21 juillet 2009 n'en ayant que précisé la définition.");
    assert_eq!(
        got,
        [
            fact("loi/2007-1786", "created", "dispositif/msp"),
            fact("loi/2009-879", "modified", "dispositif/msp")
        ]
    );
    // Counter-case: with the text before the colon, the pronoun is not the
    // dispositif the sentence opened on.
    let got = read("Les soins de second recours sont organisés selon l'article L. 1411-11 du code de la santé publique : ils sont définis dans le respect des exigences de proximité.");
    assert!(
        !got.contains(&fact(
            "code/csp/article/L1411-11",
            "defines",
            "dispositif/soins-de-second-recours"
        )),
        "{got:?}"
    );
}

#[test]
fn the_agent_after_par_past_a_code_article_that_places_the_dispositif() {
    let got = read("La pratique avancée a été introduite à l'article L. 4301-1 du code de la santé publique par l'article 119 de la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/ipa")]);
    // Counter-case: a "par" that belongs to the next cue leaves the article
    // its own definition.
    let got = read("La CPTS est une communauté définie à l'article L. 1434-12 du code de la santé publique et créée par l'article 65 de la loi n° 2016-41 du 26 janvier 2016.");
    assert!(
        got.contains(&fact(
            "code/csp/article/L1434-12",
            "defines",
            "dispositif/cpts"
        )) && got.contains(&fact("loi/2016-41", "created", "dispositif/cpts")),
        "{got:?}"
    );
}

#[test]
fn a_participle_after_a_succession_noun_and_its_complements_is_no_cue() {
    let got = read("Les DAC sont issus de l'unification des plateformes territoriales d'appui, des MAIA et des réseaux de santé imposée par la loi n° 2019-774 du 24 juillet 2019.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-case: a participle of a dispositif a succession verb governs.
    let got = read("Les DAC ont absorbé les plateformes territoriales d'appui issues de la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/pta")]);
}

#[test]
fn cue_phrases_with_an_adverb_or_a_legal_basis_posed() {
    let got = read("Le décret n° 2021-295 du 18 mars 2021 fixe effectivement les règles de gouvernance des DAC.");
    assert_eq!(
        got,
        [fact("decret/2021-295", "regulates", "dispositif/dac")]
    );
    let got = read("Le service d'accès aux soins (SAS), dont la loi n° 2021-502 du 26 avril 2021 a posé la base légale, se déploie.");
    assert_eq!(
        got,
        [fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
}

#[test]
fn money_a_dispositif_lets_others_receive_is_no_funding_by_the_text() {
    let got = read("La loi n° 2011-940 du 10 août 2011 crée la société interprofessionnelle de soins ambulatoires (SISA), qui permet aux maisons de santé de percevoir des financements collectifs.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    let got = read("La loi n° 2011-940 du 10 août 2011 a créé la SISA, seule forme juridique permettant à une MSP de percevoir collectivement des rémunérations.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    // Counter-case: a relative after the text's own title is the text's.
    let got = read("La loi n° 2004-810 du 13 août 2004 relative à l'assurance maladie, qui a institué le médecin traitant, est ancienne.");
    assert_eq!(
        got,
        [fact(
            "loi/2004-810",
            "created",
            "dispositif/medecin-traitant"
        )]
    );
}

#[test]
fn a_question_states_no_fact_unless_rhetorical() {
    let got =
        read("La loi n° 2019-774 du 24 juillet 2019 a-t-elle créé les hôpitaux de proximité ?");
    assert!(got.is_empty(), "{got:?}");
    let got = read("Parmi les questions : « Un DAC peut-il être financé par l'accord conventionnel interprofessionnel du 20 juin 2019 ? ».");
    assert!(got.is_empty(), "{got:?}");
    // A belief reported ("on entend souvent que") is no fact either.
    let got =
        read("On entend souvent que les CPTS viennent de la loi n° 2009-879 du 21 juillet 2009.");
    assert!(got.is_empty(), "{got:?}");
    // Counter-case: a rhetorical question asserts.
    let got = read("Faut-il rappeler les expérimentations créées par l'article 51 de la loi n° 2017-1836 du 30 décembre 2017 ?");
    assert_eq!(
        got,
        [fact(
            "loi/2017-1836",
            "created",
            "dispositif/experimentation-article-51"
        )]
    );
}

#[test]
fn a_possessive_object_stands_for_the_dispositif_before_the_text() {
    let got = read("On compte 2 600 maisons de santé, dont 2 100 adhèrent à l'accord conventionnel interprofessionnel du 20 avril 2017, qui finance leur travail en équipe.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
}

#[test]
fn every_text_a_cell_lists_acts() {
    let got = read("- Communauté professionnelle territoriale de santé — Textes modificatifs — Loi n° 2019-774 du 24 juillet 2019, Ordonnance n° 2021-584 du 12 mai 2021 (forme associative), Loi n° 2023-1268 du 27 décembre 2023.");
    assert_eq!(
        got,
        [
            fact("loi/2019-774", "modified", "dispositif/cpts"),
            fact("loi/2023-1268", "modified", "dispositif/cpts"),
            fact("ordonnance/2021-584", "modified", "dispositif/cpts"),
        ]
    );
    // Counter-case: outside a cell, a text after a comma is no second agent.
    let got = read("Les CPTS ont été modifiées par la loi n° 2019-774 du 24 juillet 2019, la loi n° 2023-1268 du 27 décembre 2023 étant plus récente.");
    assert_eq!(got, [fact("loi/2019-774", "modified", "dispositif/cpts")]);
}

#[test]
fn a_misattribution_voids_its_clause_both_ways() {
    let got = read("La création des MSP est souvent attribuée à tort à la loi n° 2009-879 du 21 juillet 2009, qui en a seulement précisé la définition.");
    assert!(
        !got.contains(&fact("loi/2009-879", "created", "dispositif/msp")),
        "{got:?}"
    );
    // Counter-case: in the next clause, a cue is read.
    let got = read("Les MSP sont attribuées à tort au plan Ma santé 2022, mais la loi n° 2011-940 du 10 août 2011 a créé la SISA.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
}

#[test]
fn a_cleft_with_a_clitic_object_acts_on_the_previous_subject() {
    let got = read("Les MSP sont anciennes. C'est la loi n° 2007-1786 du 19 décembre 2007, article 44, qui les introduit dans le code de la santé publique.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
    let got = read("La loi n° 2007-1786 du 19 décembre 2007 a fait entrer les maisons de santé dans le code de la santé publique.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
}

#[test]
fn a_text_that_deems_professionals_members_changed_the_dispositif() {
    let got = read("La loi n° 2023-1268 du 27 décembre 2023 a prévu que les professionnels exerçant sur le territoire sont réputés membres de la CPTS.");
    assert_eq!(got, [fact("loi/2023-1268", "modified", "dispositif/cpts")]);
    // "répute X membre de Y", and "en est réputé membre" right after the
    // dispositif the clitic stands for.
    let got = read("La loi n° 2023-1268 du 27 décembre 2023 répute chaque professionnel de santé de ville membre de la CPTS de son territoire.");
    assert_eq!(got, [fact("loi/2023-1268", "modified", "dispositif/cpts")]);
    let got = read("Les MSP sont nombreuses. Depuis la loi n° 2023-1268 du 27 décembre 2023, tout professionnel exerçant sur le territoire d'une CPTS en est réputé membre.");
    assert_eq!(got, [fact("loi/2023-1268", "modified", "dispositif/cpts")]);
    // Counter-case: deemed members of no dispositif.
    let got = read("La loi n° 2023-1268 du 27 décembre 2023 a prévu que les professionnels sont réputés membres de leur ordre.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_legal_form_required_since_a_text_is_its_regulation() {
    let got = read("Les CPTS doivent, depuis l'ordonnance n° 2021-584 du 12 mai 2021, être constituées sous la forme d'une association régie par la loi du 1er juillet 1901.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
    // Counter-cases: no word of obligation; a question.
    let got = read("Les CPTS sont, depuis l'ordonnance n° 2021-584 du 12 mai 2021, souvent constituées sous la forme d'une association.");
    assert!(!got.iter().any(|f| f.1 == "regulates"), "{got:?}");
    let got = read("Depuis l'ordonnance n° 2021-584 du 12 mai 2021, la forme d'une association est obligatoire pour les CPTS, non ?");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_negation_after_the_modal_of_a_dated_change_does_not_deny_it() {
    let got = read("Depuis la loi n° 2023-379 du 19 mai 2023, les patients peuvent consulter sans prescription un infirmier en pratique avancée.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
    // Counter-cases: a negated modal; a clitic object for a dispositif named
    // before (not the structure the clause names after it).
    let got = read("Depuis la loi n° 2023-379 du 19 mai 2023, les patients ne peuvent pas consulter un infirmier en pratique avancée.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("Depuis la loi n° 2023-379 du 19 mai 2023, les patients peuvent les consulter sans prescription dans une maison de santé.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn an_instrument_introduced_by_an_indefinite_article() {
    let got = read("Les CPTS sont financées par l'assurance maladie dans le cadre d'un accord conventionnel interprofessionnel du 20 juin 2019.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
}

#[test]
fn a_text_that_authorised_a_dispositif_gave_it_a_legal_basis() {
    let got = read("Rien à voir avec l'article 51 de la loi n° 2009-879 du 21 juillet 2009, qui a autorisé les protocoles de coopération entre professionnels.");
    assert_eq!(
        got,
        [fact(
            "loi/2009-879",
            "givesLegalBasis",
            "dispositif/protocole-de-cooperation"
        )]
    );
    let got = read("Autorisés dès 2009 par l'article 51 de la loi n° 2009-879 du 21 juillet 2009, les protocoles de coopération ont été simplifiés.");
    assert!(
        got.contains(&fact(
            "loi/2009-879",
            "givesLegalBasis",
            "dispositif/protocole-de-cooperation"
        )),
        "{got:?}"
    );
    // Counter-case: a negated authorisation.
    let got = read("La loi n° 2009-879 du 21 juillet 2009 n'a pas autorisé les protocoles de coopération entre médecins.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_dont_relative_stands_for_the_head_not_its_complement() {
    let got = read("Le parcours associe l'infirmière en pratique avancée de la MSP de Rioz, dont l'exercice est encadré par le décret n° 2018-629 du 18 juillet 2018.");
    assert_eq!(
        got,
        [fact("decret/2018-629", "regulates", "dispositif/ipa")]
    );
    // Counter-case: two dispositifs coordinated before "dont" are both its
    // antecedent.
    let got = read("Les MSP et les centres de santé, dont le financement est assuré par l'accord conventionnel interprofessionnel du 20 avril 2017, se développent.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )),
        "{got:?}"
    );
}

#[test]
fn a_clitic_right_after_the_text_acting_stands_for_the_earlier_clauses_dispositif() {
    let got = read("Les IPA ont été créés par la loi n° 2016-41 du 26 janvier 2016 ; le décret n° 2018-629 du 18 juillet 2018 en fixe les conditions.");
    assert_eq!(
        got,
        [
            fact("decret/2018-629", "regulates", "dispositif/ipa"),
            fact("loi/2016-41", "created", "dispositif/ipa")
        ]
    );
    // Counter-case: a stressed pronoun between commas is the subject, not a clitic.
    let got = read("Les CPTS sont financées par l'accord du 20 juin 2019. L'accord du 20 avril 2017, lui, finance le travail en équipe des maisons de santé pluriprofessionnelles.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )),
        "{got:?}"
    );
    assert!(
        !got.contains(&fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/cpts"
        )),
        "{got:?}"
    );
}

#[test]
fn entering_the_code_with_a_text_is_creation() {
    let got = read("Les maisons de santé sont entrées dans le code de la santé publique avec la loi de financement de la sécurité sociale pour 2008.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
    // Counter-case: a dispositif entering a plan is no legal fact.
    let got = read("Les maisons de santé sont entrées dans le plan Ma santé 2022 en 2018.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_claim_the_next_sentence_refutes_states_nothing() {
    let got = read("Page 112, on lit que les CPTS « ont été créées par la loi HPST de 2009 ». C'est inexact, puisque les CPTS ont été créées par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
    let got = read("Il est écrit que la loi n° 2019-774 du 24 juillet 2019 a créé les plateformes territoriales d'appui. C'est inexact : cette loi a créé les DAC.");
    assert_eq!(got, [fact("loi/2019-774", "created", "dispositif/dac")]);
    // Counter-cases: a refutation that names what is wrong itself leaves the
    // sentence before it standing; so does a sentence that does not open on one.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 a créé les CPTS. C'est faux de dire qu'elles datent de 2009.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
    let got = read("La loi n° 2016-41 du 26 janvier 2016 a créé les CPTS. Il serait faux de les croire plus anciennes.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
}

#[test]
fn an_amendment_to_a_text_is_the_agent_not_the_text() {
    let got = read("La réponse aux crises sanitaires graves est une mission des CPTS rendue obligatoire par l'avenant 2 à l'ACI CPTS.");
    assert_eq!(
        got,
        [fact("avenant/aci-cpts-2", "modified", "dispositif/cpts")]
    );
    // Counter-case: the accord acting, its avenant cited beside it.
    let got = read("L'accord conventionnel interprofessionnel du 20 juin 2019 finance les CPTS ; l'avenant 2 l'a complété en 2021.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )),
        "{got:?}"
    );
}

#[test]
fn the_form_a_text_imposes_or_the_form_taken_since_a_text_is_regulation() {
    // "forme que … impose": the form named by its relative.
    let got = read("La CPTS est une association régie par la loi du 1er juillet 1901, forme que l'ordonnance n° 2021-584 impose depuis 2021 à toutes les communautés professionnelles territoriales de santé.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
    // "sont constituées sous forme d'associations … depuis <texte>".
    let got = read("Les CPTS sont constituées sous forme d'associations régies par la loi du 1er juillet 1901 depuis l'ordonnance n° 2021-584 du 12 mai 2021.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
    // Counter-case: a form taken with no "depuis <texte>" says nothing of the text.
    let got = read("Les CPTS sont constituées sous forme d'associations ; l'ordonnance n° 2021-584 du 12 mai 2021 a créé les hôpitaux de proximité.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2021-584",
            "created",
            "dispositif/hopital-de-proximite"
        )]
    );
}

#[test]
fn serving_as_frame_is_regulation_and_a_basis_had_since_a_text_is_given_by_it() {
    let got = read("L'article 51 de la loi n° 2017-1836 du 30 décembre 2017 sert de cadre aux expérimentations d'organisations innovantes.");
    assert_eq!(
        got,
        [fact(
            "loi/2017-1836",
            "regulates",
            "dispositif/experimentation-article-51"
        )]
    );
    let got = read("Le SAS fonctionne depuis 2023 et a une base légale depuis la loi n° 2021-502 du 26 avril 2021.");
    assert_eq!(
        got,
        [fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
    // Counter-cases: a base légale with no text, and a frame that is no text.
    let got = read("Le SAS a une base légale depuis 2021 ; la loi n° 2021-502 du 26 avril 2021 a été promulguée en avril.");
    assert!(got.is_empty(), "{got:?}");
    let got = read(
        "Le plan Ma santé 2022 sert de cadre aux expérimentations d'organisations innovantes.",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn an_apposed_class_noun_stands_for_a_dispositif_not_the_actor_named_last() {
    let got = read("La loi n° 2009-879 du 21 juillet 2009 a créé les ARS. Le contrat local de santé signé entre la commune et l'ARS, un outil créé par la même loi, n'a rien changé.");
    assert!(
        got.contains(&fact("loi/2009-879", "created", "dispositif/cls")),
        "{got:?}"
    );
    // Counter-case: without the class noun, the participle goes with the
    // noun it follows.
    let got = read("La loi n° 2009-879 du 21 juillet 2009 est promulguée. Le contrat local de santé est signé avec l'ARS, créée par la même loi.");
    assert_eq!(got, [fact("loi/2009-879", "created", "acteur/ars")]);
}

#[test]
fn redefined_missions_are_a_modification_and_this_status_is_the_dispositif_before() {
    let got = read("Les hôpitaux de proximité, créés par la loi de financement de la sécurité sociale pour 2015, ont vu leurs missions redéfinies par la loi n° 2019-774 du 24 juillet 2019.");
    assert!(
        got.contains(&fact(
            "loi/2019-774",
            "modified",
            "dispositif/hopital-de-proximite"
        )),
        "{got:?}"
    );
    assert!(!got.iter().any(|f| f.1 == "defines"), "{got:?}");
    // "Ce statut": the dispositif the previous sentence named.
    let got = read("Trois établissements sont labellisés hôpitaux de proximité. Ce statut a été créé par la loi de financement de la sécurité sociale pour 2015.");
    assert_eq!(
        got,
        [fact(
            "loi/2014-1554",
            "created",
            "dispositif/hopital-de-proximite"
        )]
    );
    // Counter-case: no dispositif before, no target.
    let got = read("Trois établissements ont signé. Ce statut a été créé par la loi de financement de la sécurité sociale pour 2015.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_demonstrative_names_by_the_label_head_past_a_sentence_naming_nothing() {
    // "Ces communautés" for a CPTS named by its acronym, past a sentence
    // that names neither dispositif nor text.
    let got = read("La CPTS du Sancerrois couvre 30 communes. C'est une association qu'ils ont créée en 2022. Ces communautés ont été créées par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
    // Counter-case: a dispositif named in between is the antecedent, and its
    // head noun is not the demonstrative's.
    let got = read("La CPTS du Sancerrois couvre 30 communes. La maison de santé de Sancerre est ouverte. Ces communautés ont été créées par la loi n° 2016-41 du 26 janvier 2016.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_clitic_after_a_modal_since_a_text_stands_for_the_previous_subject() {
    let got = read("Une IPA s'installe en janvier. Depuis la loi n° 2023-379 du 19 mai 2023, les patients peuvent la consulter directement, dans le cadre de la maison de santé.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
    // Counter-cases: a negated modal, and nothing named before.
    let got = read("Une IPA s'installe en janvier. Depuis la loi n° 2023-379 du 19 mai 2023, les patients ne peuvent pas la consulter sans ordonnance.");
    assert!(got.is_empty(), "{got:?}");
    let got = read("Une infirmière s'installe en janvier. Depuis la loi n° 2023-379 du 19 mai 2023, les patients peuvent la consulter directement.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn completing_a_definition_imposing_to_be_associations_and_a_presentative_status() {
    let got = read("Les maisons de santé existaient ; la loi n° 2009-879 du 21 juillet 2009 a seulement complété leur définition.");
    assert_eq!(got, [fact("loi/2009-879", "modified", "dispositif/msp")]);
    let got = read("Les maisons de santé existaient ; la loi n° 2009-879 du 21 juillet 2009 a réécrit leur définition.");
    assert_eq!(got, [fact("loi/2009-879", "modified", "dispositif/msp")]);
    let got = read("On a été obligés de prendre cette forme : c'est l'ordonnance n° 2021-584 du 12 mai 2021 qui impose aux CPTS d'être des associations régies par la loi de 1901.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
    let got = read("La réponse aux crises sanitaires graves est une mission des CPTS devenue obligatoire avec l'avenant 2 à l'ACI CPTS.");
    assert_eq!(
        got,
        [fact("avenant/aci-cpts-2", "modified", "dispositif/cpts")]
    );
    let got = read("Le centre hospitalier a été labellisé hôpital de proximité en 2022. C'est un statut créé par la loi n° 2019-774 du 24 juillet 2019.");
    assert_eq!(
        got,
        [fact(
            "loi/2019-774",
            "created",
            "dispositif/hopital-de-proximite"
        )]
    );
    // Counter-cases: an ordonnance that imposes something other than a form,
    // and a presentative with no dispositif before it.
    let got = read(
        "C'est l'ordonnance n° 2021-584 du 12 mai 2021 qui impose aux CPTS un projet de santé.",
    );
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "modified", "dispositif/cpts")]
    );
    let got = read("Le centre hospitalier a signé en 2022. C'est un statut créé par la loi n° 2019-774 du 24 juillet 2019.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn an_apposed_form_is_that_of_the_head_not_of_its_complement() {
    let got = read("Les rémunérations transitent par la société interprofessionnelle de soins ambulatoires de la maison de santé, forme juridique créée par la loi n° 2011-940 du 10 août 2011.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    let got = read("Les professionnels se sont associés dans une SISA, forme de société imaginée par la loi n° 2011-940 du 10 août 2011.");
    assert_eq!(got, [fact("loi/2011-940", "created", "dispositif/sisa")]);
    // Counter-case: without an apposed form, a participle after "X de la Y"
    // still goes with the noun it follows.
    let got = read("Les professionnels de la maison de santé créée par la loi n° 2007-1786 du 19 décembre 2007 se réunissent.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
}

#[test]
fn a_text_giving_its_foundation_gives_a_legal_basis() {
    let got = read("Le SAS n'est pas sorti du Ségur. Le Ségur l'a popularisé, la loi n° 2021-502 du 26 avril 2021 lui a donné son fondement.");
    assert_eq!(
        got,
        [fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
    // Counter-case: a plan giving its foundation is no legal text.
    let got = read("Le SAS a été lancé en 2019. Le Ségur de la santé lui a donné son fondement.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn organised_by_a_text_is_regulation_organised_by_an_actor_is_nothing() {
    let got = read("Créés par la loi n° 2019-774 du 24 juillet 2019, les DAC sont organisés par le décret n° 2021-295 du 18 mars 2021.");
    assert!(
        got.contains(&fact("decret/2021-295", "regulates", "dispositif/dac")),
        "{got:?}"
    );
    // Counter-case: the agent after "par" is an actor; the article named
    // further on is not.
    let got = read("Les soins de premier recours sont organisés par l'agence régionale de santé conformément au schéma régional de santé prévu à l'article L. 1434-2 du code de la santé publique.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn an_actor_that_pays_under_a_text_is_not_what_the_text_funds() {
    let got = read("Signature en 2021 du contrat tripartite ARS–CPAM–CPTS ; financement des missions socles par l'Assurance Maladie au titre de l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )),
        "{got:?}"
    );
    assert!(!got.iter().any(|f| f.2.starts_with("acteur/")), "{got:?}");
    // Counter-case: a text that creates an actor still does.
    let got = read("La loi n° 2009-879 du 21 juillet 2009 a créé les agences régionales de santé.");
    assert_eq!(got, [fact("loi/2009-879", "created", "acteur/ars")]);
}

#[test]
fn a_quotation_refuted_in_its_own_sentence_states_nothing() {
    let got = read("« La maison de santé a été créée par la loi n° 2009-879 du 21 juillet 2009. »\nFAUX. Les maisons de santé existaient avant.");
    assert!(got.is_empty(), "{got:?}");
    // Counter-case: a quotation followed by an approval stands.
    let got = read("« La maison de santé a été créée par la loi n° 2007-1786 du 19 décembre 2007. »\nVRAI. Elle est entrée dans le code cette année-là.");
    assert!(
        got.contains(&fact("loi/2007-1786", "created", "dispositif/msp")),
        "{got:?}"
    );
}

#[test]
fn an_apposed_article_created_by_a_law_is_amended_by_it() {
    // "…, article créé par l'article 44 de la loi …": the apposition's head
    // is the code article cited before it; the law amends the code, it does
    // not create the dispositif the article is about.
    let got = read("Ils exercent au sein d'une maison de santé au sens de l'article L. 6323-3 du code de la santé publique, article créé par l'article 44 de la loi n° 2007-1786 du 19 décembre 2007 de financement de la sécurité sociale pour 2008.");
    assert_eq!(
        got,
        [fact("loi/2007-1786", "amends", "code/csp/article/L6323-3")]
    );
    // Counter-case: a dispositif apposed to its own class noun is created.
    let got = read("Les maisons de santé, structures créées par la loi n° 2007-1786 du 19 décembre 2007, se développent.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
}

#[test]
fn adapted_by_a_text_and_an_obligation_it_provides_modify() {
    let got = read("Le régime des CPTS a été adapté par l'ordonnance n° 2021-584 du 12 mai 2021.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "modified", "dispositif/cpts")]
    );
    let got = read("La loi n° 2022-217 du 21 février 2022 a prévu l'obligation d'inscrire un volet consacré à la santé mentale dans les contrats locaux de santé.");
    assert_eq!(got, [fact("loi/2022-217", "modified", "dispositif/cls")]);
    // Counter-cases: an enabling law's gerund ("en adaptant") is what the
    // ordonnance to come will do; "adaptés aux" is not said of a text.
    assert!(read("La loi n° 2019-774 du 24 juillet 2019 a habilité le Gouvernement à prendre par ordonnance toute mesure afin de favoriser le développement des CPTS, en adaptant leurs statuts.").is_empty());
    let got =
        read("Ces outils sont adaptés aux CPTS créées par la loi n° 2016-41 du 26 janvier 2016.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
}

#[test]
fn a_funding_noun_provided_for_by_a_text_is_funding() {
    let got = read("Le financement des postes d'assistant médical est prévu par l'avenant 7 à la convention médicale.");
    assert_eq!(
        got,
        [fact(
            "avenant/convention-medicale-7",
            "funds",
            "dispositif/assistant-medical"
        )]
    );
    let got = read("Elle prend en compte la rémunération forfaitaire des centres de santé prévue par l'accord national du 8 juillet 2015.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2015-07-08",
            "funds",
            "dispositif/centre-de-sante"
        )]
    );
    // Counter-cases: the participle agrees with the dispositif, not with
    // the noun ("le financement de la CPTS prévue par la loi", "la
    // rémunération des maisons de santé, structures prévues par la loi").
    let got = read("Le financement de la communauté professionnelle territoriale de santé prévue par la loi n° 2016-41 du 26 janvier 2016 reste à trouver.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
    let got = read("La rémunération des maisons de santé, structures prévues par la loi n° 2007-1786 du 19 décembre 2007, progresse.");
    assert_eq!(got, [fact("loi/2007-1786", "created", "dispositif/msp")]);
}

#[test]
fn plural_indefinite_funding_is_not_the_entrys() {
    // The question opens an entry (the SAS); "de nouveaux financements" an
    // article allows to try funds nothing the entry names.
    let got = read("<i>Et le service d'accès aux soins, le SAS ?</i>\nSa base légale, c'est la loi Rist d'avril 2021.\n\nPour innover, l'article 51 de la loi de financement de la sécurité sociale pour 2018 permet d'expérimenter de nouveaux financements.");
    assert_eq!(
        got,
        [fact("loi/2021-502", "givesLegalBasis", "dispositif/sas")]
    );
    // Counter-case: a singular indefinite answering the entry's question.
    let got = read("Q. Comment la MSP est-elle rémunérée ?\nR. Par une rémunération forfaitaire prévue par l'accord conventionnel interprofessionnel du 20 avril 2017.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
}

#[test]
fn an_apposition_between_two_objects_does_not_end_the_list() {
    let got = read("La loi n° 2016-41 du 26 janvier 2016 a créé les équipes de soins primaires, aujourd'hui définies à l'article L. 1411-11-1 du code de la santé publique, les CPTS et les plateformes territoriales d'appui.");
    for target in ["dispositif/esp", "dispositif/cpts", "dispositif/pta"] {
        assert!(
            got.contains(&fact("loi/2016-41", "created", target)),
            "{target}: {got:?}"
        );
    }
    // Counter-case: what follows the apposition is another clause, with a
    // text of its own.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 a créé les équipes de soins primaires, aujourd'hui définies à l'article L. 1411-11-1 du code de la santé publique, puis la loi n° 2019-774 du 24 juillet 2019 a créé les DAC.");
    assert!(
        got.contains(&fact("loi/2019-774", "created", "dispositif/dac")),
        "{got:?}"
    );
    assert!(
        !got.contains(&fact("loi/2016-41", "created", "dispositif/dac")),
        "{got:?}"
    );
}

#[test]
fn a_text_that_provided_for_a_dispositif_created_it() {
    let got = read("Les agences régionales de santé ont été créées par la loi n° 2009-879 du 21 juillet 2009, qui a également prévu les contrats locaux de santé.");
    assert_eq!(
        got,
        [
            fact("loi/2009-879", "created", "acteur/ars"),
            fact("loi/2009-879", "created", "dispositif/cls"),
        ]
    );
    // Counter-case: what a text provided that a dispositif's members are is
    // a change ("a prévu que").
    let got = read("La loi n° 2023-1268 du 27 décembre 2023 a prévu que les professionnels de santé du territoire sont réputés membres de la CPTS.");
    assert!(
        !got.contains(&fact("loi/2023-1268", "created", "dispositif/cpts")),
        "{got:?}"
    );
}

#[test]
fn a_legal_form_required_since_a_text_is_not_also_a_change() {
    let got = read("Et depuis une ordonnance du 12 mai 2021, une CPTS doit prendre la forme d'une association loi 1901.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
}

#[test]
fn the_clitic_y_and_a_reworked_regime_modify() {
    let got = read("Les CLS ont été créés par la loi HPST. La loi 3DS y ajoute un volet santé mentale obligatoire.");
    assert!(
        got.contains(&fact("loi/2022-217", "modified", "dispositif/cls")),
        "{got:?}"
    );
    let got = read("La loi du 26 janvier 2016 a créé les communautés professionnelles territoriales de santé, dont l'ordonnance du 12 mai 2021 a profondément remanié le régime.");
    assert!(
        got.contains(&fact("ordonnance/2021-584", "modified", "dispositif/cpts")),
        "{got:?}"
    );
    let got = read("La loi du 19 mai 2023 a ouvert aux patients l'accès direct aux infirmiers en pratique avancée.");
    assert_eq!(got, [fact("loi/2023-379", "modified", "dispositif/ipa")]);
    // Counter-case: "y" with no cue states nothing.
    let got = read("Les CLS ont été créés par la loi HPST. La loi 3DS y fait référence.");
    assert_eq!(got, [fact("loi/2009-879", "created", "dispositif/cls")]);
}

#[test]
fn a_text_that_sets_out_missions_regulates() {
    let got = read("Les DAC ont été créés en 2019. Le décret du 18 mars 2021 précise leurs missions : aider les professionnels face aux parcours complexes.");
    assert_eq!(
        got,
        [fact("decret/2021-295", "regulates", "dispositif/dac")]
    );
    // What the DAC took over is not what "en" stands for.
    let got = read("La loi n° 2019-774 du 24 juillet 2019 a créé les dispositifs d'appui à la coordination (DAC), appelés à se substituer aux plateformes territoriales d'appui ; le décret n° 2021-295 du 18 mars 2021 en a fixé les missions et le fonctionnement.");
    assert_eq!(
        got,
        [
            fact("decret/2021-295", "regulates", "dispositif/dac"),
            fact("loi/2019-774", "created", "dispositif/dac"),
        ]
    );
    // A possessive in the cue: what the sentence's previous cue acted on.
    let got = read("Créés par la loi n° 2014-1554 du 22 décembre 2014, les hôpitaux de proximité ont été redéfinis par la loi n° 2019-774 du 24 juillet 2019, avant que l'ordonnance n° 2021-582 du 12 mai 2021 ne fixe leurs missions.");
    assert!(
        got.contains(&fact(
            "ordonnance/2021-582",
            "regulates",
            "dispositif/hopital-de-proximite"
        )),
        "{got:?}"
    );
}

#[test]
fn an_actor_subject_of_an_active_cue_is_not_its_patient() {
    let got = read("Décret n° 2016-919 du 4 juillet 2016 relatif aux fonctions d'appui aux professionnels pour la coordination des parcours de santé complexes. Il précise les missions des plateformes territoriales d'appui et les conditions dans lesquelles l'agence régionale de santé les reconnaît.");
    assert_eq!(
        got,
        [fact("decret/2016-919", "regulates", "dispositif/pta")]
    );
    // Counter-case: an actor paying under a text (funds keeps its patient).
    let got = read("Les CPTS signent un contrat : l'Assurance maladie les finance au titre de l'accord conventionnel interprofessionnel du 20 juin 2019.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )),
        "{got:?}"
    );
}

#[test]
fn a_demonstrative_object_stands_for_the_previous_subject() {
    let got = read("Les protocoles de coopération ont été autorisés par la loi HPST. La loi du 24 juillet 2019 relative à l'organisation et à la transformation du système de santé a ensuite profondément remanié ce dispositif.");
    assert!(
        got.contains(&fact(
            "loi/2019-774",
            "modified",
            "dispositif/protocole-de-cooperation"
        )),
        "{got:?}"
    );
    // Counter-case: "ces dispositifs" stands for a whole list, not for its
    // first item.
    let got = read("Les réseaux de santé, définis par la loi du 4 mars 2002, et les plateformes territoriales d'appui, créées par la loi du 26 janvier 2016, coexistaient. La loi de 2019 n'a pas créé ces dispositifs : elle a imposé leur fusion.");
    assert!(!got.iter().any(|f| f.0 == "loi/2019-774"), "{got:?}");
    let got = read("La permanence des soins ambulatoires a été érigée en mission de service public par la loi n° 2009-879 du 21 juillet 2009.");
    assert_eq!(got, [fact("loi/2009-879", "modified", "dispositif/pdsa")]);
}

#[test]
fn a_change_cue_ending_in_de_takes_its_complement_before_a_dated_text() {
    let got = read("Les professionnels de santé du territoire sont réputés membres de la CPTS depuis la loi n° 2023-1268 du 27 décembre 2023.");
    assert_eq!(got, [fact("loi/2023-1268", "modified", "dispositif/cpts")]);
    // Counter-case: an origin cue ("vient de") whose complement is an actor.
    let got = read("Mais son financement courant vient de l'Assurance maladie : c'est l'accord conventionnel interprofessionnel de 2017 qui rémunère le travail en équipe des maisons de santé.");
    assert!(!got.iter().any(|f| f.2.contains("acteur/")), "{got:?}");
}

#[test]
fn a_regulated_creation_is_regulation() {
    let got = read("L'ordonnance n° 2018-17 du 12 janvier 2018 régit la création et le fonctionnement des centres de santé.");
    assert_eq!(
        got,
        [fact(
            "ordonnance/2018-17",
            "regulates",
            "dispositif/centre-de-sante"
        )]
    );
    // Counter-case: "encadre le financement" funds.
    let got = read("L'accord conventionnel interprofessionnel du 20 avril 2017 encadre le financement des maisons de santé pluriprofessionnelles.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
}

#[test]
fn a_coordination_closes_a_relative_clause() {
    let got = read("La CPAM accompagne les professionnels, notamment pour l'accord conventionnel interprofessionnel du 20 juin 2019, qui finance les missions de la CPTS, et l'avenant 7 à la convention médicale, qui finance l'emploi d'assistants médicaux.");
    assert!(
        got.contains(&fact(
            "avenant/convention-medicale-7",
            "funds",
            "dispositif/assistant-medical"
        )),
        "{got:?}"
    );
    assert!(
        !got.contains(&fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/assistant-medical"
        )),
        "{got:?}"
    );
    // Counter-case: a text inside a relative still open at the cue is not
    // its subject.
    let got =
        read("La loi Fourcade, qui modifie plusieurs dispositions de la loi HPST, a créé la SISA.");
    assert!(
        got.contains(&fact("loi/2011-940", "created", "dispositif/sisa")),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|f| f.0 == "loi/2009-879" && f.1 == "created"),
        "{got:?}"
    );
}

#[test]
fn a_negation_does_not_reach_into_a_relative_clause() {
    let got = read("Cette aide ne relève pas de l'accord conventionnel interprofessionnel du 20 avril 2017, qui finance le travail en équipe des maisons de santé.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )]
    );
    // Counter-case: a cleft with no comma keeps the negation.
    let got = read("Ce n'est pas la loi HPST qui a créé les maisons de santé.");
    assert!(got.is_empty(), "{got:?}");
    // "ni X, qui …, ni Y": the relative states a fact, Y is no object of it.
    let got = read("Ni l'ordonnance n° 2021-584 du 12 mai 2021, qui a modifié le régime des CPTS, ni l'avenant 2 à l'ACI n'ont clarifié cette articulation.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "modified", "dispositif/cpts")]
    );
}

#[test]
fn a_funding_noun_completing_a_name_is_no_cue() {
    let got = read("Ne pas confondre avec l'article 51 de la LFSS pour 2018, qui encadre des expérimentations de financement dérogatoire.");
    assert_eq!(
        got,
        [fact(
            "loi/2017-1836",
            "regulates",
            "dispositif/experimentation-article-51"
        )]
    );
    // Counter-case: with a determiner, the noun is the cue's object.
    let got = read("L'accord conventionnel interprofessionnel du 20 avril 2017 encadre le financement des maisons de santé pluriprofessionnelles.");
    assert!(
        got.contains(&fact(
            "accord-conventionnel/2017-04-20",
            "funds",
            "dispositif/msp"
        )),
        "{got:?}"
    );
}

#[test]
fn a_list_after_a_colon_and_an_aside_are_no_objects() {
    let got = read("Les CPTS sont financées par l'ACI du 20 juin 2019 (à ne pas confondre avec celui de 2017 pour les MSP !), qui rémunère des missions : accès à un médecin traitant, soins non programmés, prévention.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
    // Counter-case: a colon announcing the object right after it.
    let got = read("La loi du 26 janvier 2016 fait apparaître un nouvel acteur : la CPTS.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
}

#[test]
fn a_text_followed_by_its_own_cue_is_its_subject() {
    let got = read("Les hôpitaux de proximité ont été créés par la loi de financement de la sécurité sociale pour 2015 ; la loi de 2019 a redéfini leurs missions et l'ordonnance n° 2021-582 du 12 mai 2021 a organisé leur labellisation.");
    assert!(
        got.contains(&fact(
            "ordonnance/2021-582",
            "regulates",
            "dispositif/hopital-de-proximite"
        )),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|f| f.0 == "loi/2019-774" && f.1 == "regulates"),
        "{got:?}"
    );
    // … nor the patient of the cue before it.
    let got = read("La loi de 2019 a modifié les CPTS et l'ordonnance n° 2021-584 du 12 mai 2021 a encadré la gouvernance des MSP.");
    assert!(
        got.contains(&fact("loi/2019-774", "modified", "dispositif/cpts")),
        "{got:?}"
    );
    assert!(!got.iter().any(|f| f.1 == "amends"), "{got:?}");
    // Counter-case: a text after an incise's comma is still the object's
    // subject of the clause ("X, prise en application de Y, a réécrit").
    let got = read("L'ordonnance n° 2018-17 du 12 janvier 2018, prise en application de l'article 204 de la loi du 26 janvier 2016, a réécrit les conditions de création et de fonctionnement des centres de santé.");
    assert!(
        got.contains(&fact(
            "ordonnance/2018-17",
            "modified",
            "dispositif/centre-de-sante"
        )),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|f| f.0 == "loi/2016-41" && f.2.contains("dispositif/")),
        "{got:?}"
    );
}

#[test]
fn a_light_verb_leaves_its_object_noun_to_say_what_was_done() {
    let got = read("Les conseils locaux de santé mentale, dont l'instruction du 30 septembre 2016 a organisé la consolidation et la généralisation, complètent ce paysage.");
    assert_eq!(
        got,
        [fact(
            "instruction/dgs-sp4-cget-2016-289",
            "generalised",
            "dispositif/clsm"
        )]
    );
    // Counter-case: with no nominal cue as its object, it regulates.
    let got = read("Pour les références, c'est le décret n° 2021-295 du 18 mars 2021 qui organise les DAC ; je l'ajoute en note.");
    assert_eq!(
        got,
        [fact("decret/2021-295", "regulates", "dispositif/dac")]
    );
}

#[test]
fn a_text_named_by_its_kind_alone_is_the_last_of_that_kind() {
    let got = read("Décret n° 2018-629 du 18 juillet 2018 relatif à l'exercice infirmier en pratique avancée\n\nNotice : la loi du 26 janvier 2016 a introduit un article L. 4301-1. Le présent décret détermine les domaines d'intervention de l'infirmier en pratique avancée.");
    assert!(
        got.contains(&fact("decret/2018-629", "regulates", "dispositif/ipa")),
        "{got:?}"
    );
    // Counter-case: words after the noun name another text.
    let got = read("Décret n° 2018-629 du 18 juillet 2018 relatif à l'exercice infirmier en pratique avancée\n\nLe décret du 18 mars 2021 détermine les missions des DAC.");
    assert_eq!(
        got,
        [fact("decret/2021-295", "regulates", "dispositif/dac")]
    );
    // Nor does a kind stand for a text of another kind.
    let got = read("La loi n° 2016-41 du 26 janvier 2016 a créé les CPTS. L'ordonnance fixe le statut juridique des CPTS.");
    assert_eq!(got, [fact("loi/2016-41", "created", "dispositif/cpts")]);
}

#[test]
fn a_purpose_clause_states_no_fact_and_an_actor_is_not_regulated() {
    let got = read("L'ordonnance n° 2021-584 du 12 mai 2021 fixe le statut juridique des CPTS, qui se constitueront sous la forme d'une association, afin de sécuriser les financements publics qu'elles perçoivent.");
    assert_eq!(
        got,
        [fact("ordonnance/2021-584", "regulates", "dispositif/cpts")]
    );
    // The actor whose part the text sets is not regulated.
    let got = read("L'accord conventionnel interprofessionnel du 20 juin 2019 détermine les modalités selon lesquelles l'assurance maladie finance les missions des CPTS.");
    assert_eq!(
        got,
        [fact(
            "accord-conventionnel/2019-06-20",
            "funds",
            "dispositif/cpts"
        )]
    );
}

#[test]
fn a_code_article_after_a_apposed_participle_defines() {
    let got = read("L'ordonnance n° 2021-584 du 12 mai 2021 assouplit le régime des maisons de santé, définies à l'article L. 6323-3 du code de la santé publique.");
    assert!(
        got.contains(&fact(
            "code/csp/article/L6323-3",
            "defines",
            "dispositif/msp"
        )),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|f| f.0 == "ordonnance/2021-584" && f.1 == "defines"),
        "{got:?}"
    );
    // Counter-case: with the text as the cue's subject, the text defines.
    let got = read("À la différence des équipes de soins primaires, que la loi de 2016 a définies à l'article L. 1411-11-1 du code de la santé publique, les CPTS ont une vocation territoriale.");
    assert!(
        got.contains(&fact("loi/2016-41", "defines", "dispositif/esp")),
        "{got:?}"
    );
}
