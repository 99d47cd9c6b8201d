//! People, organisations and bibliographic references, as the extractor reads
//! a notice: one name per index, one title per index.

use super::rng::Rng;
use super::words::*;
use super::world::*;
use crate::vocab;

impl World {
    /// Person `p`'s name ("Martin J", "Martin-Durand JP"): one name per index.
    pub fn person(p: u64) -> String {
        let (s, i) = (SURNAMES.len() as u64, INITIALS.len() as u64);
        let first = SURNAMES[((p % s) * 37 % s) as usize];
        let mut rest = p / s;
        let initial = INITIALS[(rest % i) as usize];
        rest /= i;
        if rest == 0 {
            return format!("{first} {initial}");
        }
        rest -= 1;
        let second = SURNAMES[(rest % s) as usize];
        rest /= s;
        if rest == 0 {
            return format!("{first}-{second} {initial}");
        }
        rest -= 1;
        let initial2 = INITIALS[(rest % i) as usize];
        rest /= i;
        let tail = if rest == 0 {
            String::new()
        } else {
            format!(" {}", rest + 1)
        };
        format!("{first}-{second} {initial}{initial2}{tail}")
    }

    /// People reference `r` is the first to name: persons `2r .. 2r + own`.
    pub fn own_persons(&self, r: u64) -> u64 {
        Rng::keyed(self.seed, TAG_OWN_PERSONS, r).weighted(&[35, 35, 30]) as u64
    }

    /// The number of organisations authors and publishers are drawn from.
    pub fn organisation_count(&self) -> usize {
        ORGANISATIONS.len() + REGIONAL_ORGANISATIONS.len() * self.regions.len()
    }

    pub fn organisation(&self, o: usize) -> String {
        match ORGANISATIONS.get(o) {
            Some(name) => (*name).to_owned(),
            None => {
                let k = o - ORGANISATIONS.len();
                let region = &self.territories[self.regions[k % self.regions.len()]].label;
                REGIONAL_ORGANISATIONS[k / self.regions.len()].replace("{}", region)
            }
        }
    }

    /// Reference `r` (whose own people are already counted by `own_persons`).
    pub fn reference(&self, r: u64) -> Reference {
        let mut rng = Rng::keyed(self.seed, TAG_REFERENCE, r);
        let kinds = [
            ("Report", 32),
            ("AcademicArticle", 30),
            ("Book", 8),
            ("Chapter", 5),
            ("Thesis", 8),
            ("Webpage", 10),
            ("Legislation", 3),
            ("Document", 4),
        ];
        let kind = kinds[rng.weighted(&kinds.map(|k| k.1))].0;
        let year = 2024 - rng.skewed(35, 1.8) as u32;
        // One title per index: opening × topic × ending, then a territory.
        let (o, t, e) = (
            TITLE_OPENINGS.len() as u64,
            TITLE_TOPICS.len() as u64,
            TITLE_ENDINGS.len() as u64,
        );
        let mut title = format!(
            "{} {}{}",
            TITLE_OPENINGS[(r % o) as usize],
            TITLE_TOPICS[(r / o % t) as usize],
            TITLE_ENDINGS[(r / (o * t) % e) as usize]
        );
        let rest = r / (o * t * e);
        if rest > 0 {
            let (_, label) = self.place(self.place_at(rest - 1));
            title.push_str(" — ");
            title.push_str(&label);
        }
        // Authors: its own new people first, then known people, then an organisation.
        let own = self.own_persons(r);
        let mut authors: Vec<Author> = (2 * r..2 * r + own).map(Author::Person).collect();
        let coauthors = if own == 0 && rng.chance(0.5) {
            0
        } else {
            rng.below(4)
        };
        for _ in 0..coauthors {
            if r == 0 {
                break;
            }
            let q = rng.skewed(2 * r, 1.5);
            if q % 2 < self.own_persons(q / 2) && !authors.contains(&Author::Person(q)) {
                authors.push(Author::Person(q));
            }
        }
        let orgs = self.organisation_count() as u64;
        if (authors.is_empty() && rng.chance(0.7)) || rng.chance(0.08) {
            authors.push(Author::Org(rng.skewed(orgs, 1.5) as usize));
        }
        let mut reference = Reference {
            path: String::new(),
            kind,
            title,
            year,
            authors,
            publisher: None,
            place: None,
            journal: None,
            volume: None,
            issue: None,
            pages: None,
            url: None,
            doi: None,
            abstract_text: None,
            subjects: Vec::new(),
            raw: String::new(),
        };
        match kind {
            "AcademicArticle" => {
                reference.journal = Some(rng.skewed(JOURNALS.len() as u64, 1.5) as usize);
                reference.volume = Some((1 + rng.below(60)).to_string());
                reference.issue = rng.chance(0.8).then(|| (1 + rng.below(12)).to_string());
                let first = 1 + rng.below(600);
                reference.pages = Some(format!("{first}-{}", first + 4 + rng.below(20)));
                reference.doi = rng.chance(0.3).then(|| {
                    format!(
                        "10.{}/{}.{year}.{r}",
                        3000 + rng.below(900),
                        rng.below(100_000)
                    )
                });
            }
            "Report" | "Book" | "Thesis" => {
                reference.publisher = Some(rng.skewed(orgs, 1.5) as usize);
                reference.place = rng.chance(0.6).then(|| *rng.pick(PLACES));
                reference.pages = rng
                    .chance(0.6)
                    .then(|| format!("{} p.", 20 + rng.below(400)));
            }
            _ => {}
        }
        if kind == "Webpage" || rng.chance(0.5) {
            reference.url = Some(format!("https://www.example.org/docs/{year}/ref-{r}.html"));
        }
        reference.abstract_text = rng.chance(0.6).then(|| *rng.pick(ABSTRACTS));
        for _ in 0..rng.below(6) {
            let subject = match rng.below(10) {
                0..=3 => self.dispositifs[rng.weighted(&self.dispositif_weights)]
                    .path
                    .clone(),
                4..=5 => self.actors[rng.weighted(&self.actor_weights)].path.clone(),
                6..=7 => rng.pick(&self.territories).path.clone(),
                8 => rng.pick(&self.texts).path.clone(),
                _ => match rng.chance(0.5) {
                    true if !self.plans.is_empty() => rng.pick(&self.plans).path.clone(),
                    _ => rng.pick(&self.territory_types).path.clone(),
                },
            };
            if !reference.subjects.contains(&subject) {
                reference.subjects.push(subject);
            }
        }
        reference.raw = self.citation(&reference);
        let first = reference.authors.first().map(|a| self.author_name(*a));
        let head = first
            .map(|a| {
                vocab::slug(&a)
                    .split('-')
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .map_or(year.to_string(), |a| format!("{a}-{year}"));
        let hash = crate::rdf::short_hash(&[&reference.title.to_lowercase()]);
        reference.path = format!("reference/{head}-{hash}");
        reference
    }

    pub fn author_name(&self, author: Author) -> String {
        match author {
            Author::Person(p) => Self::person(p),
            Author::Org(o) => self.organisation(o),
        }
    }

    /// The notice as a bibliography prints it.
    fn citation(&self, r: &Reference) -> String {
        let mut out: Vec<String> = r.authors.iter().map(|a| self.author_name(*a)).collect();
        let mut raw = if out.is_empty() {
            String::new()
        } else {
            out.join(", ") + ". "
        };
        raw.push_str(&r.title);
        raw.push_str(". ");
        out.clear();
        if let Some(j) = r.journal {
            raw.push_str(&format!(
                "{} {} ; {}",
                JOURNALS[j],
                r.year,
                r.volume.as_deref().unwrap_or("")
            ));
            if let Some(i) = &r.issue {
                raw.push_str(&format!("({i})"));
            }
            if let Some(p) = &r.pages {
                raw.push_str(&format!(" : {p}"));
            }
            raw.push('.');
        } else {
            if let Some(place) = r.place {
                raw.push_str(place);
                raw.push_str(" : ");
            }
            if let Some(p) = r.publisher {
                raw.push_str(&self.organisation(p));
                raw.push_str(" ; ");
            }
            raw.push_str(&r.year.to_string());
            raw.push('.');
            if let Some(p) = &r.pages {
                raw.push_str(&format!(" {p}"));
            }
        }
        if let Some(url) = &r.url {
            raw.push_str(&format!(" En ligne : {url}"));
        }
        raw
    }
}
