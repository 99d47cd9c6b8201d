//! Named local instances of dispositifs: "la CPTS Centre Vendée", "la CPTS de
//! Yenne", "Communauté professionnelle territoriale de santé CaPaciTÉS
//! Besançon & Métropole" become instances of their type, located in the
//! territory their name carries.

use super::relations::fold;
use super::Mention;
use crate::refdata::{EntityKind, RefData};
use crate::vocab::{self, MLG, RDF};
use oxigraph::model::{NamedOrBlankNode, Term};

/// A named instance of a dispositif type, read in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalInstance {
    /// `id/dispositif/{type}/{slug of the name}`.
    pub iri: String,
    /// The dispositif type (`id/dispositif/cpts`).
    pub type_iri: String,
    /// The name as printed, type included ("CPTS Centre Vendée").
    pub name: String,
    /// The territory its name carries, if known.
    pub territory: Option<String>,
    pub line: usize,
    pub quote: String,
}

/// Longest name, in words, after the type.
const MAX_NAME_WORDS: usize = 6;
/// Lowercase words a name may contain between capitalised ones.
const LINKS: [&str; 8] = ["de", "du", "des", "la", "le", "et", "&", "sur"];

/// Local instances named right after a dispositif type: the type (acronym or
/// label), an optional `de`/`du`/`d'`, then capitalised words up to
/// punctuation. A name is kept when it carries a known territory, or when its
/// first word is a proper noun: a word the document never writes in lowercase
/// ("Asclepios", but not "Consulter" or "Médecin", which are common words
/// capitalised). A name that is only a region is a regional body, not a local
/// instance.
pub fn extract(
    lines: &[String],
    entity_mentions: &[Mention],
    refdata: &RefData,
) -> Vec<LocalInstance> {
    let regions = regions(refdata);
    let common = lowercase_words(lines);
    let mut out = Vec::new();
    for m in entity_mentions {
        // Structures that have local instances carry an acronym (CPTS, MSP,
        // CLS...); notions without one (exercice coordonné) have none.
        let is_type = refdata
            .entity(&m.entity)
            .is_some_and(|e| e.kind == EntityKind::DispositifType && !e.notations.is_empty());
        if !is_type {
            continue;
        }
        let Some(rest) = text_after(&m.quote, &m.matched) else {
            continue;
        };
        let Some(name) = name_at(rest) else { continue };
        let territories: Vec<&Mention> = entity_mentions
            .iter()
            .filter(|t| t.quote == m.quote && name.contains(t.matched.as_str()))
            .filter(|t| {
                refdata
                    .entity(&t.entity)
                    .is_some_and(|e| e.kind == EntityKind::Territory)
            })
            .collect();
        let territory = territories.first().map(|t| t.entity.clone());
        let first_word: String = name.chars().take_while(|c| c.is_alphanumeric()).collect();
        if territory.is_none() && common.contains(&first_word.to_lowercase()) {
            continue;
        }
        if territory.as_ref().is_some_and(|t| regions.contains(t)) && territories.len() == 1 {
            let only_region = territories[0].matched.len() + 2 >= name.len();
            if only_region {
                continue;
            }
        }
        let type_slug = m.entity.rsplit('/').next().unwrap_or_default();
        out.push(LocalInstance {
            iri: vocab::entity("dispositif", &format!("{type_slug}/{}", vocab::slug(&name)))
                .into_string(),
            type_iri: m.entity.clone(),
            name: format!("{} {name}", m.matched.trim()),
            territory,
            line: m.line,
            quote: m.quote.clone(),
        });
    }
    out.sort();
    out.dedup_by(|a, b| a.iri == b.iri && a.line == b.line);
    out
}

/// The text right after `matched` in `quote` (case- and accent-insensitive).
fn text_after<'a>(quote: &'a str, matched: &str) -> Option<&'a str> {
    let folded = fold(quote);
    let needle = fold(matched);
    let at_char = folded.find(&needle).map(|b| folded[..b].chars().count())?;
    let end_char = at_char + needle.chars().count();
    let byte = quote
        .char_indices()
        .nth(end_char)
        .map(|(i, _)| i)
        .unwrap_or(quote.len());
    Some(&quote[byte..])
}

/// A proper name at the start of `rest`: optional `de`/`du`/`d'`, then a
/// capitalised word, then capitalised words or linking words, up to
/// punctuation or a lowercase word.
fn name_at(rest: &str) -> Option<String> {
    let rest = rest.trim_start();
    let rest = ["de la ", "de l'", "du ", "des ", "de ", "d'"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    let mut words: Vec<&str> = Vec::new();
    for word in rest.split(' ') {
        let clean = word.trim_end_matches([',', ';', '.', ':', ')', '»', '"']);
        let capitalised = clean.chars().next().is_some_and(char::is_uppercase);
        if words.len() == MAX_NAME_WORDS || clean.is_empty() {
            break;
        }
        if capitalised || (!words.is_empty() && LINKS.contains(&clean)) {
            words.push(clean);
        } else {
            break;
        }
        if clean.len() != word.len() {
            break;
        }
    }
    while words.last().is_some_and(|w| LINKS.contains(w)) {
        words.pop();
    }
    let first = words.first()?;
    // An acronym alone ("CPTS MSP") is a list of types, not a name.
    if words.len() == 1 && first.chars().all(|c| c.is_uppercase()) {
        return None;
    }
    Some(words.join(" "))
}

/// Every word the document writes starting with a lowercase letter.
fn lowercase_words(lines: &[String]) -> std::collections::HashSet<String> {
    lines
        .iter()
        .flat_map(|l| l.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(str::to_owned)
        .collect()
}

fn regions(refdata: &RefData) -> Vec<String> {
    let region = format!("{MLG}Region");
    let rdf_type = format!("{RDF}type");
    refdata
        .quads
        .iter()
        .filter(|q| {
            q.predicate.as_str() == rdf_type
                && matches!(&q.object, Term::NamedNode(n) if n.as_str() == region)
        })
        .filter_map(|q| match &q.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_a_type() {
        assert_eq!(
            name_at(" Centre Vendée\". Nantes").as_deref(),
            Some("Centre Vendée")
        );
        assert_eq!(
            name_at(" de Yenne 2 (10 000 habitants)").as_deref(),
            Some("Yenne")
        );
        assert_eq!(
            name_at(" du Haut Doubs forestier, quelles").as_deref(),
            Some("Haut Doubs")
        );
        assert_eq!(
            name_at(" CaPaciTÉS Besançon & Métropole dont un").as_deref(),
            Some("CaPaciTÉS Besançon & Métropole")
        );
        assert_eq!(name_at(" ont été créées"), None);
        assert_eq!(name_at(" MSP et centres"), None);
    }

    #[test]
    fn instances_are_typed_and_located() {
        let refdata = RefData::bundled().unwrap();
        let quote =
            "Gestion de crise : l'exemple de la CPTS Centre Hérault pendant la première vague.";
        let ment = |entity: &str, matched: &str| Mention {
            entity: format!("{}{entity}", vocab::ID),
            line: 3,
            matched: matched.into(),
            quote: quote.into(),
        };
        let mentions = [
            ment("dispositif/cpts", "CPTS"),
            ment("territoire/herault", "Hérault"),
        ];
        let lines = vec![quote.to_owned()];
        let found = extract(&lines, &mentions, &refdata);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].iri,
            format!("{}dispositif/cpts/centre-herault", vocab::ID)
        );
        assert_eq!(found[0].name, "CPTS Centre Hérault");
        let herault_known = refdata
            .entity(&format!("{}territoire/herault", vocab::ID))
            .is_some();
        assert_eq!(found[0].territory.is_some(), herault_known);
    }

    #[test]
    fn a_region_alone_is_not_a_local_instance() {
        let refdata = RefData::bundled().unwrap();
        let quote = "Le Guichet CPTS Occitanie – URPS Occitanie";
        let ment = |entity: &str, matched: &str| Mention {
            entity: format!("{}{entity}", vocab::ID),
            line: 1,
            matched: matched.into(),
            quote: quote.into(),
        };
        let mentions = [
            ment("dispositif/cpts", "CPTS"),
            ment("territoire/occitanie", "Occitanie"),
        ];
        assert!(extract(&[quote.to_owned()], &mentions, &refdata).is_empty());
    }

    #[test]
    fn a_common_word_capitalised_is_not_a_name() {
        let refdata = RefData::bundled().unwrap();
        let quote = "Les MSP Consulter le document et la CPTS Asclepios.";
        let ment = |entity: &str, matched: &str| Mention {
            entity: format!("{}{entity}", vocab::ID),
            line: 1,
            matched: matched.into(),
            quote: quote.into(),
        };
        let lines = vec![quote.to_owned(), "consulter les documents".to_owned()];
        let found = extract(
            &lines,
            &[
                ment("dispositif/msp", "MSP"),
                ment("dispositif/cpts", "CPTS"),
            ],
            &refdata,
        );
        let names: Vec<&str> = found.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, vec!["CPTS Asclepios"]);
    }
}
