//! Territories and what is located in them: generated communes (roots ×
//! prefixes × suffixes, with INSEE codes), local dispositifs and candidates.

use super::rng::Rng;
use super::words::*;
use super::world::*;
use crate::vocab;

impl World {
    /// Generated commune `c`: its name and INSEE code.
    pub fn commune(&self, c: u64) -> (String, String) {
        let (r, p) = (COMMUNE_ROOTS.len() as u64, COMMUNE_PREFIXES.len() as u64);
        let name = format!(
            "{}{}{}",
            COMMUNE_PREFIXES[((c / r) % p) as usize],
            COMMUNE_ROOTS[(c % r) as usize],
            COMMUNE_SUFFIXES[(c / (r * p)) as usize % COMMUNE_SUFFIXES.len()]
        );
        let d = DEPARTEMENT_CODES.len() as u64;
        let dept = DEPARTEMENT_CODES[(c % d) as usize];
        let mut code = format!("{dept}{:03}", 400 + c / d);
        if self.known_codes.contains(&code) {
            code = format!("{dept}{:03}", 900 + (c / d) % 100);
        }
        (name, code)
    }

    pub fn commune_path(name: &str) -> String {
        format!("territoire/{}", vocab::slug(name))
    }

    /// Path and label of a place.
    pub fn place(&self, place: Place) -> (String, String) {
        match place {
            Place::Ref(i) => (
                self.territories[i].path.clone(),
                self.territories[i].label.clone(),
            ),
            Place::Commune(c) => {
                let (name, _) = self.commune(c);
                (Self::commune_path(&name), name)
            }
        }
    }

    /// Reference territories first, then generated communes.
    pub(super) fn place_at(&self, index: u64) -> Place {
        let refs = self.territories.len() as u64;
        if index < refs {
            Place::Ref(index as usize)
        } else {
            Place::Commune(index - refs)
        }
    }

    /// Local dispositif `k`: a place and a naming pattern, one pair per index
    /// (a permutation of places × patterns), then numbered rounds.
    pub fn instance(&self, k: u64) -> Instance {
        let places = self.territories.len() as u64 + commune_count();
        let space = places * INSTANCE_PATTERNS.len() as u64;
        let step = [1_000_003u64, 999_983, 1_000_033]
            .into_iter()
            .find(|&p| gcd(p, space) == 1)
            .unwrap_or(1);
        let scrambled = ((k % space) as u128 * step as u128 % space as u128) as u64;
        let place = self.place_at(scrambled % places);
        let pattern = INSTANCE_PATTERNS[(scrambled / places) as usize];
        let round = k / space;
        let (_, label) = self.place(place);
        let mut name = pattern.replace("{}", &label);
        if round > 0 {
            name.push_str(&format!(" {}", round + 1));
        }
        let mut rng = Rng::keyed(self.seed, TAG_INSTANCE, k);
        let dispositif = self.instance_types[rng.weighted(&self.instance_weights)];
        let d = &self.dispositifs[dispositif];
        let type_slug = d.path.rsplit('/').next().unwrap_or_default();
        Instance {
            path: format!("dispositif/{type_slug}/{}", vocab::slug(&name)),
            name: format!("{} {name}", d.notation.as_deref().unwrap_or(&d.label)),
            dispositif,
            place,
        }
    }

    /// A candidate dispositif's label: head × qualifier, then numbered rounds.
    pub fn candidate(c: u64) -> String {
        let (h, q) = (
            CANDIDATE_HEADS.len() as u64,
            CANDIDATE_QUALIFIERS.len() as u64,
        );
        let mut label = format!(
            "{} {}",
            CANDIDATE_HEADS[(c % h) as usize],
            CANDIDATE_QUALIFIERS[(c / h % q) as usize]
        );
        if c >= h * q {
            label.push_str(&format!(" {}", c / (h * q) + 1));
        }
        label
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
