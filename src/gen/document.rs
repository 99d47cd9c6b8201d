//! One synthetic document: its plan, legal texts and what they did, local
//! dispositifs, mentions, a conflict or a candidate; the bibliography is
//! [`super::bibliography`]'s.

use super::out::{Kind, Res, T};
use super::world::{self, Fact, Place, Target, Text, World, RELATIONS};
use super::*;

impl<W: Write> Gen<'_, W> {
    pub(super) fn document(&mut self) -> Res {
        let (w, v) = (self.w, self.v);
        let d = self.documents;
        self.documents += 1;
        let id = format!("{d:06}_{:016x}", self.rng.next());
        self.doc = Doc {
            path: format!("document/{id}"),
            id,
            ..Doc::default()
        };
        self.o
            .set_graph(&format!("<{}graph/document/{}>", v.base, self.doc.id));

        // The plan: how many of each, so that the line count is known first.
        let known = w.texts.len() as u64;
        let new_texts = if self.texts < known {
            (known - self.texts).min(4)
        } else {
            1 + self.rng.below(2)
        };
        let before = self.texts;
        self.doc.intro = before..before + new_texts;
        self.texts += new_texts;
        let intro: Vec<(u64, Text, Vec<Fact>)> = self
            .doc
            .intro
            .clone()
            .map(|i| (i, w.text(i), w.facts(i)))
            .collect();
        let restated = if before > 0 {
            3 + self.rng.below(10)
        } else {
            0
        };
        let new_instances = self.rng.below(5);
        let old_instances = if self.instances > 0 {
            self.rng.below(4)
        } else {
            0
        };
        let mentions = 20 + self.rng.below(140);
        let references = match self.rng.below(20) {
            0..=9 => self.rng.below(16),
            10..=16 => 30 + self.rng.below(90),
            _ => 150 + self.rng.below(150),
        };
        let (conflict, candidate) = (d % 8 == 1, d % 6 == 2);
        let lines = intro.iter().map(|t| t.2.len() as u64).sum::<u64>()
            + restated
            + new_instances
            + old_instances
            + mentions
            + references
            + 2;
        let line_count = 12 + 4 * lines + self.rng.below(40);

        self.o.kind = Kind::Documents;
        let doc = self.doc.path.clone();
        let topic = *self.rng.pick(words::TITLE_TOPICS);
        let title = self.rng.pick(words::DOCUMENT_TITLES).replace("{}", topic);
        self.o
            .t(T::Id(&doc), &v.t.a, T::Iri(&v.t.source_document))?;
        self.o
            .t(T::Id(&doc), &v.t.identifier, T::Lit(&self.doc.id.clone()))?;
        self.o.t(T::Id(&doc), &v.t.title, T::Fr(&title))?;
        if self.rng.chance(0.7) {
            let date = format!(
                "{}-{:02}",
                2015 + self.rng.below(10),
                1 + self.rng.below(12)
            );
            self.o.t(T::Id(&doc), &v.t.date, T::Lit(&date))?;
        }
        let n = line_count.to_string();
        self.o
            .t(T::Id(&doc), &v.t.line_count, T::Typed(&n, &v.t.integer))?;
        self.o.t(T::Id(&doc), &v.t.language, T::Iri(&v.t.french))?;

        self.o.kind = Kind::LegalTexts;
        for (i, text, _) in &intro {
            self.describe_text(*i, text)?;
            for (k, _) in w.articles(*i).iter().enumerate() {
                self.describe_article(*i, text, k)?;
            }
        }
        for (i, text, facts) in &intro {
            for fact in facts {
                self.doc.facts.insert((*i, fact_key(fact)));
                self.relation(*i, text, *fact, Say::New)?;
            }
        }
        for _ in 0..restated {
            let i = self.rng.skewed(before, 2.2);
            let facts = w.facts(i);
            if facts.is_empty() {
                continue;
            }
            let fact = facts[self.rng.below(facts.len() as u64) as usize];
            if self.doc.facts.insert((i, fact_key(&fact))) {
                self.relation(i, &w.text(i), fact, Say::Again)?;
            }
        }
        let known_instances = self.instances;
        for _ in 0..old_instances {
            let k = self.rng.skewed(known_instances, 1.5);
            if self.doc.instances.insert(k) {
                self.instance(k, Say::Again)?;
            }
        }
        for _ in 0..new_instances {
            let k = self.instances;
            self.instances += 1;
            self.doc.instances.insert(k);
            self.instance(k, Say::New)?;
        }
        self.o.kind = Kind::Mentions;
        for _ in 0..4 + self.rng.below(8) {
            let topic = self.mentionable()?;
            self.doc.focus.push(topic);
        }
        for _ in 0..mentions {
            self.mention_line()?;
        }
        if conflict {
            self.conflict()?;
        }
        if candidate {
            self.candidate()?;
        }
        self.bibliography(references)
    }

    /// A generated legal text, as `rdf.rs` writes a text the extractor minted.
    fn describe_text(&mut self, i: u64, text: &Text) -> Res {
        if !text.generated {
            return Ok(());
        }
        let Some(say) = self.describes((K_TEXT, i), self.doc.intro.contains(&i)) else {
            return Ok(());
        };
        let v = self.v;
        let (t, s) = (&v.t, T::Id(&text.path));
        let class = &v.classes[text.class.unwrap_or_default()];
        self.say(say, s, &t.a, T::Iri(class))?;
        self.say(say, s, &t.pref_label, T::Fr(&text.label))?;
        if let Some(n) = &text.number {
            self.say(say, s, &t.number, T::Lit(n))?;
        }
        if let Some(d) = &text.date {
            self.say(say, s, &t.date_document, T::Typed(d, &t.xsd_date))?;
        }
        Ok(())
    }

    /// Article `k` of text `i`; returns its path.
    fn describe_article(&mut self, i: u64, text: &Text, k: usize) -> Res<String> {
        let (articles, v) = (self.w.articles(i), self.v);
        let number = &articles[k];
        let path = format!("{}/article/{number}", text.path);
        if let Some(say) =
            self.describes((K_ARTICLE, i * 64 + k as u64), self.doc.intro.contains(&i))
        {
            let (t, s) = (&v.t, T::Id(&path));
            self.say(say, s, &t.a, T::Iri(&t.article_class))?;
            self.say(say, s, &t.eli_part_of, T::Id(&text.path))?;
            self.say(say, s, &t.number, T::Lit(number))?;
            let label = format!("{}, article {number}", text.label);
            self.say(say, s, &t.pref_label, T::Fr(&label))?;
        }
        Ok(path)
    }

    /// A sentence stating what text `i` did, with its reading and maybe its article.
    fn relation(&mut self, i: u64, text: &Text, (rel, target): Fact, say: Say) -> Res {
        let (w, v) = (self.w, self.v);
        let kind = self.o.kind;
        self.o.kind = Kind::Relations;
        self.describe_text(i, text)?;
        let target_key = target;
        let (target, named) = match target {
            Target::Dispositif(k) => (
                w.dispositifs[k].path.clone(),
                format!("« {} »", w.dispositifs[k].named),
            ),
            Target::Actor(k) => (
                w.actors[k].path.clone(),
                format!("« {} »", w.actors[k].named),
            ),
            Target::Text(j) => {
                let other = w.text(j);
                self.describe_text(j, &other)?;
                (other.path, other.label)
            }
        };
        let quote = self
            .rng
            .pick(words::RELATION_SENTENCES)
            .replace("{L}", &text.label)
            .replace("{V}", words::verb(RELATIONS[rel].0))
            .replace("{T}", &named);
        let mut l = self.line(quote);
        self.mention(&mut l, &text.path)?;
        self.mention(&mut l, &target)?;
        let triple = match say {
            Say::New if w.triple_known(i, (rel, target_key)) => Say::Again,
            other => other,
        };
        let hash = self.stated_as(
            &mut l,
            (&text.path, &v.relations[rel], &target),
            triple,
            say,
        )?;
        let articles = w.articles(i).len();
        if articles > 0 && self.rng.chance(0.35) {
            let k = self.rng.below(articles as u64) as usize;
            let article = self.describe_article(i, text, k)?;
            self.o.t(T::Id(&l.ev), &v.t.article, T::Id(&article))?;
        }
        let node = format!("reading/{}-l{}-{hash}", self.doc.id, l.line);
        let fact = format!("fact/{hash}");
        let (kind_iri, confidence) = &v.reading_kinds[self.rng.weighted(&[75, 8, 10, 7])];
        let t = &v.t;
        self.o.t(T::Id(&fact), &t.reading, T::Id(&node))?;
        self.o.t(T::Id(&node), &t.a, T::Iri(&t.reading_class))?;
        self.o.t(T::Id(&node), &t.evidence, T::Id(&l.ev))?;
        self.o.t(T::Id(&node), &t.reading_kind, T::Iri(kind_iri))?;
        self.o.t(
            T::Id(&node),
            &t.confidence,
            T::Typed(confidence, &t.decimal),
        )?;
        self.o.kind = kind;
        Ok(())
    }

    /// A place's path and label; a generated commune is described (once, in
    /// the ontology graph, as reference data) the first time it is used.
    fn place(&mut self, place: Place) -> Res<(String, String)> {
        if let Place::Commune(c) = place {
            let (word, bit) = ((c / 64) as usize, 1u64 << (c % 64));
            if self.communes[word] & bit == 0 {
                self.communes[word] |= bit;
                let (name, code) = self.w.commune(c);
                let path = World::commune_path(&name);
                let (t, s, kind) = (&self.v.t, T::Id(&path), self.o.kind);
                self.o.kind = Kind::Territories;
                self.o.set_graph(&self.v.ontology_graph);
                self.o.t(s, &t.a, T::Iri(&t.commune))?;
                self.o.t(s, &t.a, T::Iri(&t.territory))?;
                self.o.t(s, &t.pref_label, T::Fr(&name))?;
                self.o.t(s, &t.insee_code, T::Lit(&code))?;
                self.o
                    .set_graph(&format!("<{}graph/document/{}>", self.v.base, self.doc.id));
                self.o.kind = kind;
            }
        }
        Ok(self.w.place(place))
    }

    /// A sentence about local dispositif `k` ("la CPTS du Pays de Tannay").
    fn instance(&mut self, k: u64, say: Say) -> Res {
        let (w, v) = (self.w, self.v);
        self.o.kind = Kind::Instances;
        let instance = w.instance(k);
        let (place, label) = self.place(instance.place)?;
        let quote = self
            .rng
            .pick(words::INSTANCE_SENTENCES)
            .replace("{I}", &instance.name)
            .replace("{T}", &label);
        let mut l = self.line(quote);
        if let Some(say) = self.describes((K_INSTANCE, k), say == Say::New) {
            let (t, s) = (&v.t, T::Id(&instance.path));
            self.say(say, s, &t.a, T::Iri(&t.dispositif))?;
            let kind = &w.dispositifs[instance.dispositif].path;
            self.say(say, s, &t.dc_type, T::Id(kind))?;
            self.say(say, s, &t.pref_label, T::Fr(&instance.name))?;
        }
        self.mention(&mut l, &w.dispositifs[instance.dispositif].path)?;
        self.mention(&mut l, &place)?;
        self.stated(&mut l, &instance.path, &v.about, &place, say)?;
        self.mention(&mut l, &instance.path)
    }

    /// A sentence naming one to three dispositifs, texts, actors, places, plans.
    fn mention_line(&mut self) -> Res {
        let n = 1 + self.rng.weighted(&[55, 30, 15]);
        let mut targets: Vec<(String, String)> = Vec::new();
        for _ in 0..n {
            let target = match self.rng.chance(0.7) {
                true => self.rng.pick(&self.doc.focus).clone(),
                false => self.mentionable()?,
            };
            if !targets.iter().any(|t| t.0 == target.0) {
                targets.push(target);
            }
        }
        let mut quote = self
            .rng
            .pick(words::MENTION_SENTENCES[targets.len() - 1])
            .to_string();
        for (k, (_, label)) in targets.iter().enumerate() {
            quote = quote.replace(&format!("{{{k}}}"), label);
        }
        let mut l = self.line(quote);
        for (path, _) in &targets {
            self.mention(&mut l, path)?;
        }
        Ok(())
    }

    fn mentionable(&mut self) -> Res<(String, String)> {
        let w = self.w;
        let ent = |e: &world::Ent| (e.path.clone(), e.named.clone());
        Ok(match self.rng.below(100) {
            0..=39 => ent(&w.dispositifs[self.rng.weighted(&w.dispositif_weights)]),
            40..=59 => {
                let i = self.rng.skewed(self.texts, 2.0);
                let text = w.text(i);
                self.describe_text(i, &text)?;
                (text.path, text.label)
            }
            60..=74 => ent(&w.actors[self.rng.weighted(&w.actor_weights)]),
            75..=89 => {
                let place = if self.rng.chance(0.5) {
                    Place::Ref(self.rng.below(w.territories.len() as u64) as usize)
                } else {
                    Place::Commune(self.rng.skewed(world::commune_count(), 2.5))
                };
                self.place(place)?
            }
            90..=94 if !w.plans.is_empty() => ent(self.rng.pick(&w.plans)),
            _ => ent(self.rng.pick(&w.territory_types)),
        })
    }

    /// A document giving a known text a wrong date: both kept, as `mlg:Conflict`.
    fn conflict(&mut self) -> Res {
        let (w, v) = (self.w, self.v);
        let c = self.conflicts;
        self.conflicts += 1;
        let Some((known, date, path)) = w.conflict(c) else {
            return Ok(());
        };
        self.o.kind = Kind::Conflicts;
        let text = &w.texts[known];
        let class = text.class.unwrap_or_default();
        let label = format!(
            "{} du {}",
            w.classes[class].keyword,
            super::texts::human_date(&date)
        );
        let quote =
            format!("{label} a profondément modifié l'organisation des soins de proximité.");
        let mut l = self.line(quote);
        let (t, s) = (&v.t, T::Id(&path));
        self.o.t(s, &t.a, T::Iri(&v.classes[class]))?;
        self.o.t(s, &t.pref_label, T::Fr(&label))?;
        self.o
            .t(s, &t.date_document, T::Typed(&date, &t.xsd_date))?;
        self.mention(&mut l, &path)?;
        let node = format!(
            "conflict/{}-l{}-{}",
            self.doc.id,
            l.line,
            crate::rdf::short_hash(&[&format!("{ID}{path}"), &format!("{ID}{}", text.path), &date])
        );
        let known_date = text.date.clone().unwrap_or_default();
        let n = T::Id(&node);
        self.o.t(n, &t.a, T::Iri(&t.conflict))?;
        self.o.t(n, &t.stated, T::Id(&path))?;
        self.o.t(n, &t.conflicts_with, T::Id(&text.path))?;
        self.o.t(n, &t.stated_date, T::Typed(&date, &t.xsd_date))?;
        self.o
            .t(n, &t.known_date, T::Typed(&known_date, &t.xsd_date))?;
        self.o.t(n, &t.evidence, T::Id(&l.ev))
    }

    /// A dispositif-like noun phrase the reference data lacks, related to a text.
    fn candidate(&mut self) -> Res {
        let (w, v) = (self.w, self.v);
        self.o.kind = Kind::Candidates;
        let label = World::candidate(self.candidates);
        self.candidates += 1;
        let path = format!("candidat/{}", vocab::slug(&label));
        let i = self.rng.skewed(self.texts, 2.0);
        let text = w.text(i);
        self.describe_text(i, &text)?;
        let quote = format!("{} a créé la {label}.", text.label);
        let mut l = self.line(quote);
        let (t, s) = (&v.t, T::Id(&path));
        self.o.t(s, &t.a, T::Iri(&t.candidate))?;
        self.o.t(s, &t.pref_label, T::Fr(&label))?;
        self.mention(&mut l, &text.path)?;
        self.stated(&mut l, &text.path, &v.proposed, &path, Say::New)?;
        let relation = &v.relation_iris[if self.rng.chance(0.7) { 4 } else { 3 }];
        self.o
            .t(T::Id(&l.ev), &t.proposed_relation, T::Iri(relation))
    }
}
