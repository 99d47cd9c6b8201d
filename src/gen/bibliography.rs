//! A document's bibliography: new references described with their authors,
//! journals and publishers, and references earlier documents cited.

use super::out::{Kind, Res, T};
use super::world::{self, Author, World};
use super::*;

impl<W: Write> Gen<'_, W> {
    /// The bibliography: new references (described) and ones earlier documents cited.
    pub(super) fn bibliography(&mut self, count: u64) -> Res {
        let (w, v) = (self.w, self.v);
        let sections: Vec<&str> = (0..1 + self.rng.below(3))
            .map(|_| *self.rng.pick(words::SECTIONS))
            .collect();
        for n in 0..count {
            let mut pick = None;
            if self.refs > 0 && self.rng.chance(0.3) {
                pick = (0..4)
                    .map(|_| self.rng.skewed(self.refs, 1.8))
                    .find(|r| !self.doc.cited.contains(r));
            }
            let (r, new) = match pick {
                Some(r) => (r, false),
                None => {
                    self.refs += 1;
                    (self.refs - 1, true)
                }
            };
            self.doc.cited.insert(r);
            let reference = w.reference(r);
            self.o.kind = Kind::References;
            self.describe_reference(r, &reference, new)?;
            self.o.kind = Kind::Citations;
            let mut l = self.line(reference.raw.chars().take(400).collect());
            let doc = self.doc.path.clone();
            self.stated(&mut l, &doc, &v.references, &reference.path, Say::New)?;
            let section = sections[(n * sections.len() as u64 / count.max(1)) as usize];
            self.o.t(T::Id(&l.ev), &v.t.section, T::Lit(section))?;
        }
        Ok(())
    }

    fn describe_reference(&mut self, r: u64, reference: &world::Reference, new: bool) -> Res {
        let (w, v) = (self.w, self.v);
        let say = if new { Say::New } else { Say::Again };
        let (t, s) = (&v.t, T::Id(&reference.path));
        self.say(say, s, &t.a, T::Iri(&t.reference))?;
        let kind = format!("<{BIBO}{}>", reference.kind);
        self.say(say, s, &t.a, T::Iri(&kind))?;
        self.say(say, s, &t.citation, T::Fr(&reference.raw))?;
        self.say(say, s, &t.title, T::Fr(&reference.title))?;
        let year = reference.year.to_string();
        self.say(say, s, &t.issued, T::Typed(&year, &t.g_year))?;
        for (k, author) in reference.authors.iter().enumerate() {
            let agent = match *author {
                Author::Person(p) => {
                    let own = new && p >= 2 * r;
                    let name = World::person(p);
                    let path = format!("person/{}", vocab::slug(&name));
                    if let Some(say) = self.describes((K_PERSON, p), own) {
                        self.say(say, T::Id(&path), &t.a, T::Iri(&t.person))?;
                        self.say(say, T::Id(&path), &t.name, T::Lit(&name))?;
                    }
                    path
                }
                Author::Org(o) => self.organisation(o)?,
            };
            self.say(say, s, &t.creator, T::Id(&agent))?;
            if k == 0 {
                self.say(say, s, &t.first_author, T::Id(&agent))?;
            }
        }
        if let Some(o) = reference.publisher {
            let org = self.organisation(o)?;
            self.say(say, s, &t.publisher, T::Id(&org))?;
        }
        if let Some(place) = reference.place {
            self.say(say, s, &t.place_of_publication, T::Lit(place))?;
        }
        if let Some(j) = reference.journal {
            let title = words::JOURNALS[j];
            let path = format!("journal/{}", vocab::slug(title));
            let first = !std::mem::replace(&mut self.journals[j], true);
            if let Some(say) = self.describes((K_JOURNAL, j as u64), first) {
                self.say(say, T::Id(&path), &t.a, T::Iri(&t.journal))?;
                self.say(say, T::Id(&path), &t.title, T::Fr(title))?;
            }
            self.say(say, s, &t.is_part_of, T::Id(&path))?;
        }
        for (value, p) in [
            (&reference.volume, &t.volume),
            (&reference.issue, &t.issue),
            (&reference.pages, &t.pages),
        ] {
            if let Some(value) = value {
                self.say(say, s, p, T::Lit(value))?;
            }
        }
        if let Some(url) = &reference.url {
            self.say(say, s, &t.uri, T::Typed(url, &t.any_uri))?;
        }
        if let Some(doi) = &reference.doi {
            self.say(say, s, &t.doi, T::Lit(doi))?;
        }
        if let Some(text) = reference.abstract_text {
            self.say(say, s, &t.abstract_, T::Fr(text))?;
        }
        for subject in &reference.subjects {
            self.say(say, s, &t.subject, T::Id(subject))?;
        }
        let _ = w;
        Ok(())
    }

    /// An organisation (author or publisher), described once per graph.
    fn organisation(&mut self, o: usize) -> Res<String> {
        let (name, v) = (self.w.organisation(o), self.v);
        let path = format!("organisation/{}", vocab::slug(&name));
        let first = !std::mem::replace(&mut self.orgs[o], true);
        if let Some(say) = self.describes((K_ORG, o as u64), first) {
            let t = &v.t;
            self.say(say, T::Id(&path), &t.a, T::Iri(&t.organization))?;
            self.say(say, T::Id(&path), &t.name, T::Lit(&name))?;
        }
        Ok(path)
    }
}
