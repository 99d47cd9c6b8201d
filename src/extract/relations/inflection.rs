//! The agreement forms of a cue's first word, so that the lexicon need not
//! list every one: a participle in all four genders and numbers ("prévu" →
//! "prévue", "prévus", "prévues"), a verb in the third person singular and
//! plural ("datent de" → "date de"). Words that are no such form get forms
//! that no text spells ("cadre" → "cadrent"), which never match.

/// The other agreement forms of `word` (lowercase, accents kept), without
/// `word` itself.
pub(super) fn agreement_forms(word: &str) -> Vec<String> {
    let chars = word.chars().count();
    if chars < 4 || word.contains('\'') {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Participles: the stem and its masculine-singular ending.
    const PARTICIPLES: &[(&str, &str)] = &[
        ("ées", "é"),
        ("és", "é"),
        ("ée", "é"),
        ("é", "é"),
        ("ues", "u"),
        ("us", "u"),
        ("ue", "u"),
        ("u", "u"),
        ("ites", "it"),
        ("its", "it"),
        ("ite", "it"),
        ("it", "it"),
        ("ertes", "ert"),
        ("erts", "ert"),
        ("erte", "ert"),
        ("ert", "ert"),
        ("ies", "i"),
        ("ie", "i"),
        ("is", "i"),
        ("i", "i"),
    ];
    if let Some((ending, masculine)) = PARTICIPLES.iter().find(|(e, _)| word.ends_with(e)) {
        let stem = &word[..word.len() - ending.len()];
        for suffix in ["", "e", "s", "es"] {
            out.push(format!("{stem}{masculine}{suffix}"));
        }
        // "mis", "pris", "soumis": the masculine already ends in "s".
        if *masculine == "i" && word.ends_with("is") {
            out.push(format!("{word}e"));
            out.push(format!("{word}es"));
        }
    }
    // Verbs: third person singular and plural of the present.
    if let Some(stem) = word.strip_suffix("ent").filter(|_| chars > 5) {
        out.push(format!("{stem}e"));
    } else if word.ends_with('e')
        && !["ée", "ue", "ite", "erte"]
            .iter()
            .any(|f| word.ends_with(f))
    {
        out.push(format!("{word}nt"));
    }
    out.retain(|w| w != word);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::agreement_forms;

    #[test]
    fn participles_take_all_four_agreements() {
        assert_eq!(
            agreement_forms("prévus"),
            ["prévu", "prévue", "prévues"].map(String::from)
        );
        assert_eq!(
            agreement_forms("remplacé"),
            ["remplacée", "remplacées", "remplacés"].map(String::from)
        );
        assert_eq!(
            agreement_forms("inscrite"),
            ["inscrit", "inscrites", "inscrits"].map(String::from)
        );
        assert_eq!(
            agreement_forms("ouvert"),
            ["ouverte", "ouvertes", "ouverts"].map(String::from)
        );
        assert!(agreement_forms("mis").is_empty(), "too short to vary");
        let mises = agreement_forms("assouplis");
        assert!(mises.contains(&"assouplie".to_owned()), "{mises:?}");
        assert!(mises.contains(&"assouplies".to_owned()), "{mises:?}");
    }

    #[test]
    fn verbs_take_singular_and_plural() {
        assert_eq!(agreement_forms("datent"), ["date"].map(String::from));
        assert_eq!(agreement_forms("impose"), ["imposent"].map(String::from));
        assert_eq!(
            agreement_forms("créée"),
            ["créé", "créées", "créés"].map(String::from)
        );
    }

    #[test]
    fn short_words_and_elisions_are_left_alone() {
        assert!(agreement_forms("né").is_empty());
        assert!(agreement_forms("d'être").is_empty());
    }
}
