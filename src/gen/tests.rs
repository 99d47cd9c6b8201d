use super::world::{commune_count, World};
use super::*;
use std::collections::HashSet;

fn world() -> World {
    World::new(RefData::shared(), 7)
}

#[test]
fn fact_hash_is_the_extractors() {
    let (s, p, o) = ("loi/2016-41", format!("{MLG}created"), "dispositif/cpts");
    assert_eq!(
        fact_hash(s, &p, o),
        crate::rdf::short_hash(&[&format!("{ID}{s}"), &p, &format!("{ID}{o}")])
    );
}

#[test]
fn generated_names_are_unique_and_avoid_the_reference_data() {
    let w = world();
    let mut paths = HashSet::new();
    let mut codes = HashSet::new();
    for c in 0..commune_count() {
        let (name, code) = w.commune(c);
        let path = World::commune_path(&name);
        assert!(!w.known.contains(&path), "{path} is a reference territory");
        assert!(paths.insert(path), "commune {c} {name} twice");
        assert!(codes.insert(code.clone()), "code {code} twice");
    }
    let persons: HashSet<String> = (0..2_000_000)
        .map(|p| vocab::slug(&World::person(p)))
        .collect();
    assert_eq!(persons.len(), 2_000_000);
    let orgs: HashSet<String> = (0..w.organisation_count())
        .map(|o| vocab::slug(&w.organisation(o)))
        .collect();
    assert_eq!(orgs.len(), w.organisation_count());
    let candidates: HashSet<String> = (0..20_000)
        .map(|c| vocab::slug(&World::candidate(c)))
        .collect();
    assert_eq!(candidates.len(), 20_000);
    let instances: HashSet<String> = (0..200_000).map(|k| w.instance(k).path).collect();
    assert_eq!(instances.len(), 200_000);
    let texts: HashSet<String> = (0..100_000).map(|i| w.text(i).path).collect();
    assert_eq!(texts.len(), 100_000);
    let references: HashSet<String> = (0..50_000).map(|r| w.reference(r).path).collect();
    assert_eq!(references.len(), 50_000);
}

#[test]
fn conflicts_mint_distinct_texts() {
    let w = world();
    let mut seen = HashSet::new();
    let mut made = 0;
    for c in 0..(w.dated_texts.len() as u64 * 300) {
        if let Some((known, date, path)) = w.conflict(c) {
            assert_ne!(w.texts[known].date.as_deref(), Some(date.as_str()));
            assert!(seen.insert(path.clone()), "{path} twice");
            made += 1;
        }
    }
    assert!(made > 1000, "{made}");
}

#[test]
fn generated_texts_act_on_older_texts() {
    let w = world();
    assert!(!w.texts.is_empty() && !w.dispositifs.is_empty() && !w.regions.is_empty());
    for i in w.texts.len() as u64..2_000 {
        for (_, target) in w.facts(i) {
            if let world::Target::Text(j) = target {
                assert!(j < i);
                assert!(w.text(j).date < w.text(i).date);
            }
        }
    }
}
