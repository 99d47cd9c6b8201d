//! Notice-kind cue words, read from the ontology (`ontology/reference-kinds.ttl`):
//! `bibo:Thesis mlg:kindCue "thèse"`, `bibo:Report mlg:titleCue "guide"`...

use std::sync::OnceLock;

use oxigraph::model::{NamedOrBlankNode, Quad, Term};

use crate::extract::relations::fold;
use crate::refdata::RefData;
use crate::vocab::{BIBO, MLG};

/// The kinds the cues speak of (the subjects of the cue triples).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Legislation,
    Thesis,
    Webpage,
    Chapter,
    Article,
    Report,
    Proceedings,
    Dataset,
}

impl Kind {
    fn from_iri(iri: &str) -> Option<Self> {
        let local = iri
            .strip_prefix(BIBO)
            .or_else(|| iri.strip_prefix("http://purl.org/dc/dcmitype/"))?;
        Some(match local {
            "Legislation" => Self::Legislation,
            "Thesis" => Self::Thesis,
            "Webpage" => Self::Webpage,
            "Chapter" => Self::Chapter,
            "AcademicArticle" => Self::Article,
            "Report" => Self::Report,
            "Proceedings" => Self::Proceedings,
            "Dataset" => Self::Dataset,
            _ => return None,
        })
    }
}

/// Where a cue is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Anywhere in the notice (`mlg:kindCue`).
    Notice,
    /// At the start of the title (`mlg:titleStartCue`).
    TitleStart,
    /// Anywhere in the title: a document-type word (`mlg:titleCue`).
    Title,
    /// In the heading the notice sits under (`mlg:sectionCue`).
    Section,
}

/// The cue lexicon: `(kind, place, folded cue)`.
#[derive(Debug, Clone, Default)]
pub struct KindCues {
    cues: Vec<(Kind, Place, String)>,
}

impl KindCues {
    /// Reads the cue annotations from the ontology graph.
    pub fn from_quads(quads: &[Quad]) -> Self {
        let place = |p: &str| match p.strip_prefix(MLG)? {
            "kindCue" => Some(Place::Notice),
            "titleStartCue" => Some(Place::TitleStart),
            "titleCue" => Some(Place::Title),
            "sectionCue" => Some(Place::Section),
            _ => None,
        };
        let mut cues = Vec::new();
        for q in quads {
            let (NamedOrBlankNode::NamedNode(s), Term::Literal(o)) = (&q.subject, &q.object) else {
                continue;
            };
            if let (Some(kind), Some(place)) =
                (Kind::from_iri(s.as_str()), place(q.predicate.as_str()))
            {
                cues.push((kind, place, fold(o.value())));
            }
        }
        // Longest first, so that a phrase wins over a word it starts with.
        cues.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then_with(|| a.2.cmp(&b.2)));
        cues.dedup();
        Self { cues }
    }

    /// The cues of the bundled ontology, read once (empty, with an error
    /// logged, if the bundled Turtle does not parse).
    pub fn bundled() -> &'static Self {
        static CUES: OnceLock<KindCues> = OnceLock::new();
        CUES.get_or_init(|| match RefData::bundled() {
            Ok(data) => Self::from_quads(&data.quads),
            Err(e) => {
                tracing::error!("bundled ontology: {e}");
                Self::default()
            }
        })
    }

    fn of(&self, kind: Kind, place: Place) -> impl Iterator<Item = &str> {
        self.cues
            .iter()
            .filter(move |(k, p, _)| *k == kind && *p == place)
            .map(|(_, _, c)| c.as_str())
    }

    /// Whether `text` holds a cue of `kind` for `place`, as words.
    pub fn found(&self, kind: Kind, place: Place, text: &str) -> bool {
        let text = fold(text);
        self.of(kind, place).any(|c| find_word(&text, c, false))
    }

    /// Whether `text` starts with a cue of `kind` for `place`.
    pub fn starts(&self, kind: Kind, place: Place, text: &str) -> bool {
        let text = fold(text.trim_start());
        self.of(kind, place).any(|c| find_word(&text, c, true))
    }

    /// Whether `text` opens with a document-type word (`Guide relatif…`,
    /// `Actes de colloque`).
    pub fn starts_with_type_word(&self, text: &str) -> bool {
        self.starts(Kind::Report, Place::Title, text)
            || self.starts(Kind::Proceedings, Place::Title, text)
    }
}

/// Whether `cue` occurs in `text` (both folded) at the start of a word and
/// up to the end of a word (a digit may follow: `article L1411`), a plural
/// `s`/`x` allowed; at offset 0 only when `anchored`.
fn find_word(text: &str, cue: &str, anchored: bool) -> bool {
    if cue.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let mut from = 0;
    while let Some(pos) = text[from..].find(cue) {
        let at = from + pos;
        if anchored && at > 0 {
            return false;
        }
        let before = text[..at].chars().next_back();
        let mut after = text[at + cue.len()..].chars();
        let (a1, a2) = (after.next(), after.next());
        let ends = !letter(a1) || matches!(a1, Some('s' | 'x')) && !letter(a2);
        let starts = !word(before) || !cue.starts_with(char::is_alphanumeric);
        if starts && (ends || !cue.ends_with(char::is_alphanumeric)) {
            return true;
        }
        from = at + cue.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues() -> KindCues {
        KindCues::bundled().clone()
    }

    #[test]
    fn reads_the_bundled_cues() {
        let c = cues();
        assert!(c.found(Kind::Thesis, Place::Notice, "Thèse de médecine, 2020"));
        assert!(c.found(Kind::Report, Place::Section, "Rapports, études"));
        assert!(c.found(Kind::Thesis, Place::Section, "Thèses, diplômes"));
        assert!(c.found(Kind::Chapter, Place::Notice, "In : Un livre"));
        assert!(!c.found(Kind::Chapter, Place::Notice, "Berlin : Springer"));
        assert!(!c.found(Kind::Report, Place::Title, "Les étudiants en médecine"));
        assert!(c.starts(Kind::Legislation, Place::TitleStart, "LOI n° 2016-41"));
        assert!(c.starts(
            Kind::Legislation,
            Place::TitleStart,
            "Article L1411-11 du CSP"
        ));
        assert!(!c.starts(Kind::Legislation, Place::TitleStart, "Loisirs et santé"));
        assert!(c.starts_with_type_word("Actes de colloque"));
        assert!(c.starts_with_type_word("Guide relatif aux centres de santé"));
        assert!(!c.starts_with_type_word("Direction générale de l'offre de soins"));
        assert!(c.found(Kind::Webpage, Place::Notice, "Un site [Page internet]"));
    }

    #[test]
    fn reads_cues_from_any_turtle() {
        let ttl = "@prefix mlg: <https://w3id.org/maillage/def#> .\n\
                   @prefix bibo: <http://purl.org/ontology/bibo/> .\n\
                   bibo:Report mlg:titleCue \"cahier\" .";
        let data = RefData::from_turtle(&[("k.ttl", ttl)]).expect("turtle");
        let c = KindCues::from_quads(&data.quads);
        assert!(c.starts_with_type_word("Cahiers de l'Irdes"));
        assert!(!c.starts_with_type_word("Guide pratique"));
    }
}
