//! Legal texts: the reference data's, then generated ones, with what each did
//! (its facts), its articles, and the wrong dates documents give them (conflicts).

use super::rng::Rng;
use super::world::*;
use crate::refdata::RefData;
use crate::vocab::{self, ID, MLG};
use std::collections::HashSet;

impl World {
    /// Legal text `i`: the reference data's first, then generated ones, with
    /// unique `(year, number)`: year `1990 + j % 35`, number `base(year) + j / 35`.
    pub fn text(&self, i: u64) -> Text {
        if let Some(t) = self.texts.get(i as usize) {
            return t.clone();
        }
        let j = i - self.texts.len() as u64;
        let mut rng = Rng::keyed(self.seed, TAG_TEXT, i);
        let class = rng.weighted(&self.class_weights);
        let year = 1990 + j % 35;
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let date = format!("{year}-{month:02}-{day:02}");
        let mut number = format!("{year}-{}", 100 + year * 37 % 400 + j / 35);
        let c = &self.classes[class];
        if self.known.contains(&format!("{}/{number}", c.segment)) {
            number.push_str("-1");
        }
        Text {
            path: format!("{}/{}", c.segment, vocab::slug(&number)),
            class: Some(class),
            label: format!("{} n° {number} du {}", c.keyword, human_date(&date)),
            number: Some(number),
            date: Some(date),
            generated: true,
        }
    }

    /// What legal text `i` did (its facts, stated first by the document that
    /// introduces it, then again by others): distinct `(relation, target)`.
    pub fn facts(&self, i: u64) -> Vec<Fact> {
        let mut rng = Rng::keyed(self.seed, TAG_FACTS, i);
        let weights: Vec<u32> = RELATIONS.iter().map(|r| r.1).collect();
        let mut facts: Vec<Fact> = self.real_facts.get(i as usize).cloned().unwrap_or_default();
        let count = if facts.is_empty() {
            1 + rng.below(4)
        } else {
            1 + rng.below(2)
        };
        let date = self.text(i).date;
        for _ in 0..count {
            let rel = rng.weighted(&weights);
            let target = match RELATIONS[rel].0 {
                "amends" | "basedOn" => {
                    // An older text: among the first ones (major texts) more often.
                    let found = (0..3).map(|_| rng.skewed(i, 1.6)).find(|&j| {
                        j < i
                            && self
                                .text(j)
                                .date
                                .is_some_and(|d| date.as_ref().is_some_and(|own| d < *own))
                    });
                    match found {
                        Some(j) => Target::Text(j),
                        None => continue,
                    }
                }
                _ if rng.chance(0.8) => {
                    // Nothing acts on a dispositif before it exists, and one the
                    // seeds say a real text created is not created again.
                    let k = rng.weighted(&self.dispositif_weights);
                    match (&self.created[k], &date) {
                        (Some(_), _) if RELATIONS[rel].0 == "created" => continue,
                        (Some(created), Some(own)) if own < created => continue,
                        _ => Target::Dispositif(k),
                    }
                }
                _ => Target::Actor(rng.weighted(&self.actor_weights)),
            };
            if !facts.contains(&(rel, target)) {
                facts.push((rel, target));
            }
        }
        facts
    }

    /// Whether the reference data itself states fact `fact` of text `i`.
    pub fn triple_known(&self, i: u64, fact: Fact) -> bool {
        self.triples_known.contains(&(i, fact))
    }

    /// Numbers of the articles of legal text `i` cited by the documents.
    pub fn articles(&self, i: u64) -> Vec<String> {
        let mut rng = Rng::keyed(self.seed, TAG_ARTICLES, i);
        let text = self.text(i);
        let code = text.path.starts_with("code/");
        let count = [0, 0, 1, 1, 2, 3][rng.below(6) as usize] + if code { 2 } else { 0 };
        let base = 1 + rng.below(150);
        let step = 1 + rng.below(12);
        (0..count)
            .map(|k| {
                let n = base + k * step;
                if code {
                    format!("L{}-{}", 1411 + rng.below(30), n % 40 + 1)
                } else {
                    n.to_string()
                }
            })
            .filter(|n| !self.known.contains(&format!("{}/article/{n}", text.path)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// A text a document cited wrongly (conflict `c`): the known text, the date
    /// the document gives it, and the path that date mints; `None` when that
    /// path is taken.
    pub fn conflict(&self, c: u64) -> Option<(usize, String, String)> {
        match self.distinct_conflicts.get(c as usize) {
            Some(true) => self.any_conflict(c),
            _ => None,
        }
    }

    pub(super) fn any_conflict(&self, c: u64) -> Option<(usize, String, String)> {
        let n = self.dated_texts.len() as u64;
        if n == 0 {
            return None;
        }
        let known = self.dated_texts[(c % n) as usize];
        let m = c / n;
        let (years, days) = (1 + (m % 5) as i64, (m / 5 % 28) as i64);
        let sign = if (m / 140).is_multiple_of(2) { 1 } else { -1 };
        let date: jiff::civil::Date = self.texts[known].date.as_deref()?.parse().ok()?;
        let stated = date
            .checked_add(jiff::Span::new().years(sign * years).days(days))
            .ok()?
            .to_string();
        let segment = &self.classes[self.texts[known].class?].segment;
        let path = format!("{segment}/{stated}");
        (!self.known.contains(&path) && m < CONFLICTS_PER_TEXT).then_some((known, stated, path))
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `2016-01-26` → `26 janvier 2016`, as the extractor labels a text it mints.
pub fn human_date(date: &str) -> String {
    let mut it = date.split('-');
    let (y, m, d) = (
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    );
    let month = m
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or(m);
    let day = d.trim_start_matches('0');
    let day = if day == "1" { "1er" } else { day };
    format!("{day} {month} {y}")
}

/// What the reference data's texts did to its dispositifs, actors and texts,
/// as the reference data states it and as the extractor reads it in the
/// bundled seeds: the major texts keep their real facts.
pub(super) fn real_facts(
    refdata: &RefData,
    texts: &[Text],
    dispositifs: &[Ent],
    actors: &[Ent],
) -> (Vec<Vec<Fact>>, HashSet<(u64, Fact)>) {
    let index = |items: Vec<&str>| -> std::collections::HashMap<String, usize> {
        items
            .into_iter()
            .enumerate()
            .map(|(i, p)| (format!("{ID}{p}"), i))
            .collect()
    };
    let text_index = index(texts.iter().map(|t| t.path.as_str()).collect());
    let dispositif_index = index(dispositifs.iter().map(|e| e.path.as_str()).collect());
    let actor_index = index(actors.iter().map(|e| e.path.as_str()).collect());
    let fact = |q: &oxigraph::model::Quad| -> Option<(usize, Fact)> {
        let s = text_index.get(q.subject.to_string().trim_matches(['<', '>']))?;
        let rel = RELATIONS
            .iter()
            .position(|(r, _)| q.predicate.as_str().strip_prefix(MLG) == Some(r))?;
        let o = q.object.to_string();
        let o = o.trim_matches(['<', '>']);
        let target = match (
            dispositif_index.get(o),
            actor_index.get(o),
            text_index.get(o),
        ) {
            (Some(&k), _, _) => Target::Dispositif(k),
            (_, Some(&k), _) => Target::Actor(k),
            (_, _, Some(&j)) if j != *s => Target::Text(j as u64),
            _ => return None,
        };
        Some((*s, (rel, target)))
    };
    let mut facts = vec![Vec::new(); texts.len()];
    let mut known = HashSet::new();
    for (s, f) in refdata.quads.iter().filter_map(fact) {
        known.insert((s as u64, f));
        facts[s].push(f);
    }
    let seeds = crate::build::build(
        &crate::build::bundled_documents(),
        refdata,
        &crate::vocab::Rebase::new(crate::vocab::DEFAULT_BASE),
        false,
    );
    for (s, f) in seeds.iter().filter_map(fact) {
        if !facts[s].contains(&f) {
            facts[s].push(f);
        }
    }
    (facts, known)
}
