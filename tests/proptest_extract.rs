//! Property tests (fuzzing on a stable toolchain) of the text extractor and the reference
//! parser: any document, however mangled, is read without a panic, and every record points
//! at a line that exists.
//!
//! Short runs in the suite; longer ones with `PROPTEST_CASES=20000 cargo test --release
//! --test proptest_extract`.

use maillage::extract::{self, references, SourceDocument};
use maillage::refdata::RefData;
use proptest::prelude::*;
use std::sync::OnceLock;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

fn refdata() -> &'static RefData {
    static REFDATA: OnceLock<RefData> = OnceLock::new();
    REFDATA.get_or_init(|| RefData::bundled().expect("bundled reference data"))
}

/// Lines built from the pieces the extractor looks for, shuffled with noise.
fn documentish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("loi n° 2016-41 du 26 janvier 2016".to_owned()),
        Just("La loi HPST a créé les CPTS".to_owned()),
        Just("décret n° 2018-629".to_owned()),
        Just("article L. 1434-12 du code de la santé publique".to_owned()),
        Just("Dupont J, Martin P. Titre. Revue. 2019;12(3):45-67. doi:10.1000/xyz".to_owned()),
        Just("[1] ".to_owned()),
        Just("¹ ".to_owned()),
        Just("Source : ".to_owned()),
        Just("https://www.legifrance.gouv.fr/".to_owned()),
        Just("maisons de santé pluriprofessionnelles (MSP)".to_owned()),
        Just("ARS".to_owned()),
        Just("depuis 2017".to_owned()),
        Just(" n'a pas ".to_owned()),
        Just(". ".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        "[A-Za-zÀ-ÿ0-9 ,;:'’«»–-]{0,20}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn extraction_never_panics(raw in documentish()) {
        let document = SourceDocument { id: "fuzz".to_owned(), raw: raw.clone() };
        let extraction = extract::extract(&document, refdata());
        let lines = extraction.line_count.max(1);
        for mention in extraction.entity_mentions.iter().chain(&extraction.legal_mentions) {
            prop_assert!(mention.line >= 1 && mention.line <= lines, "{mention:?} of {lines} lines");
        }
    }

    #[test]
    fn the_reference_parser_never_panics(lines in prop::collection::vec(documentish(), 0..12)) {
        let lines: Vec<String> = lines.iter().flat_map(|l| l.lines().map(str::to_owned)).collect();
        let _ = references::extract(&lines);
        let _ = references::extract_with(&lines, refdata());
    }

    #[test]
    fn normalisation_never_panics(raw in "\\PC{0,400}") {
        let lines = extract::text::normalise(&raw);
        let _ = extract::text::sentences(&lines);
        let _ = extract::text::title_and_date(&lines);
    }
}

/// Found by `extraction_never_panics`: a `Source :` notice whose first character after the
/// colon is several bytes long (a superscript footnote call) was sliced inside it.
#[test]
fn a_source_notice_starting_with_a_multibyte_character() {
    let document = SourceDocument {
        id: "regression".to_owned(),
        raw: "Source : ¹ décret n° 2018-629\n".to_owned(),
    };
    let extraction = extract::extract(&document, refdata());
    assert_eq!(extraction.line_count, 1);
}
