//! `maillage gen`: a synthetic graph with the shape of the real one, for benchmarks.
//!
//! It writes what the extractor writes (`rdf.rs`): source documents, legal texts
//! and articles, bibliographic references with authors and `dcterms:subject`
//! links, mentions, law → dispositif/actor/law facts with their readings, local
//! dispositifs located in territories, conflicts and candidates, every fact
//! reified with its evidence (document, line, quote), after the reference data
//! (the ontology graph), so the curated queries answer on it alone.
//!
//! - **Exact and deterministic**: exactly `triples` lines (the last entity may
//!   be cut short); the same seed and count give the same bytes, and a smaller
//!   count gives a prefix of a larger one.
//! - **Streaming**: every generated entity is a pure function of the seed and
//!   its index ([`world`]), so memory does not grow with the count.
//! - **Distinct triples**: in N-Triples, each triple is written once (a
//!   description by the document introducing the entity, a fact's triple and
//!   fact node by the first document stating it). In N-Quads, each document's
//!   graph is whole as `maillage build` writes it: later documents repeat the
//!   descriptions and fact nodes they use, as distinct quads.

mod out;
mod terms;
mod words;
mod world;

use crate::refdata::RefData;
use crate::vocab::{self, Rebase, BIBO, DCTERMS, DEFAULT_BASE, ID, MLG};
use out::{Halt, Out, Res, T};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::{self, Write};
use terms::{Pred, Terms};
use world::{Author, Fact, Place, Target, Text, World, RELATIONS};

pub use out::Kind;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Exactly this many lines (triples, or quads with `quads`).
    pub triples: u64,
    pub seed: u64,
    /// N-Quads with one graph per document (and the ontology graph), else N-Triples.
    pub quads: bool,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Summary {
    pub written: u64,
    pub documents: u64,
    /// Reading the reference data and the seeds' facts, before the first line.
    pub startup: std::time::Duration,
    /// Generating and writing the lines.
    pub elapsed: std::time::Duration,
    /// Lines per kind, in [`Kind::ALL`] order.
    pub counts: Vec<(Kind, u64)>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        writeln!(
            f,
            "{} lines, {} documents in {seconds:.2} s ({:.0} lines/s; start-up {:.2} s)",
            self.written,
            self.documents,
            self.written as f64 / seconds.max(1e-9),
            self.startup.as_secs_f64()
        )?;
        for (kind, n) in &self.counts {
            let share = 100.0 * *n as f64 / self.written.max(1) as f64;
            writeln!(f, "  {share:5.1} %  {n:>12}  {}", kind.name())?;
        }
        Ok(())
    }
}

/// Writes the synthetic graph to `out` (unbuffered writers are fine: lines are
/// gathered in 256 KiB blocks).
pub fn generate(options: &Options, rebase: &Rebase, out: impl Write) -> io::Result<Summary> {
    let started = std::time::Instant::now();
    let refdata = RefData::shared();
    let world = World::new(refdata, options.seed);
    let base = rebase
        .node(oxigraph::model::NamedNode::new_unchecked(DEFAULT_BASE))
        .into_string();
    let vocab = Vocab::new(&base, &world);
    let mut gen = Gen {
        w: &world,
        v: &vocab,
        o: Out::new(out, &base, options.triples, options.quads),
        rng: world::Rng::new(options.seed),
        texts: 0,
        refs: 0,
        instances: 0,
        conflicts: 0,
        candidates: 0,
        documents: 0,
        communes: vec![0; world::commune_count().div_ceil(64) as usize],
        orgs: vec![false; world.organisation_count()],
        journals: vec![false; words::JOURNALS.len()],
        doc: Doc::default(),
    };
    let startup = started.elapsed();
    match gen.run(refdata, rebase) {
        Err(Halt::Full) | Ok(()) => {}
        Err(Halt::Io(e)) => return Err(e),
    }
    let documents = gen.documents;
    let (written, counts) = gen.o.finish()?;
    Ok(Summary {
        written,
        documents,
        startup,
        elapsed: started.elapsed() - startup,
        counts: Kind::ALL.iter().map(|&k| (k, counts[k as usize])).collect(),
    })
}

/// Terms and predicates, built once.
struct Vocab {
    t: Terms,
    relations: Vec<Pred>,
    relation_iris: Vec<String>,
    mentions: Pred,
    references: Pred,
    about: Pred,
    proposed: Pred,
    reading_kinds: Vec<(String, &'static str)>,
    classes: Vec<String>,
    ontology_graph: String,
    base: String,
}

impl Vocab {
    fn new(base: &str, world: &World) -> Self {
        let relations: Vec<Pred> = RELATIONS
            .iter()
            .map(|(r, _)| Terms::pred(base, MLG, r))
            .collect();
        Vocab {
            t: Terms::new(base),
            relation_iris: relations.iter().map(|p| p.out.clone()).collect(),
            relations,
            mentions: Terms::pred(base, MLG, "mentions"),
            references: Terms::pred(base, DCTERMS, "references"),
            about: Terms::pred(base, MLG, "aboutTerritory"),
            proposed: Terms::pred(base, MLG, "proposed"),
            reading_kinds: [
                ("directReading", "0.9"),
                ("footnoteReading", "0.8"),
                ("discourseReading", "0.7"),
                ("inferredReading", "0.6"),
            ]
            .map(|(k, c)| (Terms::mlg(base, k), c))
            .to_vec(),
            classes: world
                .classes
                .iter()
                .map(|c| Terms::mlg(base, &c.local))
                .collect(),
            ontology_graph: format!("<{base}graph/ontology>"),
            base: base.to_owned(),
        }
    }
}

/// How a triple a document states is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Say {
    /// First stated: always written.
    New,
    /// Stated first by an earlier document: written in N-Quads only.
    Again,
    /// Already in this document's graph: not written.
    Here,
}

// Keys of what a document's graph already describes.
const K_TEXT: u8 = 0;
const K_ARTICLE: u8 = 1;
const K_INSTANCE: u8 = 2;
const K_PERSON: u8 = 3;
const K_ORG: u8 = 4;
const K_JOURNAL: u8 = 5;

/// The document being written; its sets are bounded by its size.
#[derive(Default)]
struct Doc {
    id: String,
    path: String,
    line: u64,
    /// Legal texts this document introduces.
    intro: std::ops::Range<u64>,
    mentioned: HashSet<String>,
    here: HashSet<(u8, u64)>,
    cited: HashSet<u64>,
    facts: HashSet<(u64, usize)>,
    instances: HashSet<u64>,
    /// What the document is about: most of its mentions name these.
    focus: Vec<(String, String)>,
}

/// One line of a document: its quote and evidence node, written on first use.
struct Line {
    ev: String,
    quote: String,
    line: u64,
    written: bool,
}

struct Gen<'a, W: Write> {
    w: &'a World,
    v: &'a Vocab,
    o: Out<W>,
    rng: world::Rng,
    /// Entities introduced so far (the next index of each).
    texts: u64,
    refs: u64,
    instances: u64,
    conflicts: u64,
    candidates: u64,
    documents: u64,
    /// Generated communes already described (a bitset), organisations and journals.
    communes: Vec<u64>,
    orgs: Vec<bool>,
    journals: Vec<bool>,
    doc: Doc,
}

/// `rdf::short_hash(&[s, p, o])` of a fact between two entities, without
/// building the IRIs.
fn fact_hash(s: &str, p: &str, o: &str) -> String {
    let mut h = Sha256::new();
    for part in [[ID, s], [p, ""], [ID, o]] {
        h.update(part[0].as_bytes());
        h.update(part[1].as_bytes());
        h.update([0x1f]);
    }
    h.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl<W: Write> Gen<'_, W> {
    fn run(&mut self, refdata: &RefData, rebase: &Rebase) -> Res {
        self.o.kind = Kind::ReferenceData;
        for quad in &refdata.quads {
            let quad = rebase.quad(quad.clone());
            let line = if self.o.quads {
                quad.to_string()
            } else {
                oxigraph::model::Triple::from(quad).to_string()
            };
            self.o.raw_line(&line)?;
        }
        loop {
            self.document()?;
        }
    }

    fn say(&mut self, say: Say, s: T<'_>, p: &str, o: T<'_>) -> Res {
        match say {
            Say::New => self.o.t(s, p, o),
            Say::Again => self.o.again(s, p, o),
            Say::Here => Ok(()),
        }
    }

    fn document(&mut self) -> Res {
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

    /// A new line of the document (its evidence is written by its first fact).
    fn line(&mut self, quote: String) -> Line {
        self.doc.line += 1 + self.rng.below(4);
        let ev = format!(
            "evidence/{}-l{}-{}",
            self.doc.id,
            self.doc.line,
            crate::rdf::short_hash(&[&quote])
        );
        Line {
            ev,
            quote,
            line: self.doc.line,
            written: false,
        }
    }

    fn evidence(&mut self, l: &mut Line) -> Res {
        if l.written {
            return Ok(());
        }
        l.written = true;
        let (t, ev) = (&self.v.t, T::Id(&l.ev));
        self.o.t(ev, &t.a, T::Iri(&t.evidence_class))?;
        self.o.t(ev, &t.quoted_from, T::Id(&self.doc.path))?;
        let n = l.line.to_string();
        self.o.t(ev, &t.line, T::Typed(&n, &t.integer))?;
        self.o.t(ev, &t.value, T::Fr(&l.quote))
    }

    /// `s p o` as read on line `l`: the triple, its fact node and the evidence
    /// link (as `rdf::stated`). Returns the fact's hash.
    fn stated(&mut self, l: &mut Line, s: &str, p: &Pred, o: &str, say: Say) -> Res<String> {
        self.stated_as(l, (s, p, o), say, say)
    }

    /// [`Self::stated`], the triple itself written as `triple` says (the
    /// reference data may state it already).
    fn stated_as(
        &mut self,
        l: &mut Line,
        (s, p, o): (&str, &Pred, &str),
        triple: Say,
        say: Say,
    ) -> Res<String> {
        self.evidence(l)?;
        let v = self.v;
        let t = &v.t;
        let hash = fact_hash(s, &p.full, o);
        let fact = format!("fact/{hash}");
        self.say(triple, T::Id(s), &p.out, T::Id(o))?;
        self.say(say, T::Id(&fact), &t.a, T::Iri(&t.statement))?;
        self.say(say, T::Id(&fact), &t.rdf_subject, T::Id(s))?;
        self.say(say, T::Id(&fact), &t.rdf_predicate, T::Iri(&p.out))?;
        self.say(say, T::Id(&fact), &t.rdf_object, T::Id(o))?;
        self.o.t(T::Id(&fact), &t.evidence, T::Id(&l.ev))?;
        Ok(hash)
    }

    /// The document mentions `target` on line `l`.
    fn mention(&mut self, l: &mut Line, target: &str) -> Res {
        let say = if self.doc.mentioned.insert(target.to_owned()) {
            Say::New
        } else {
            Say::Here
        };
        let (doc, v) = (self.doc.path.clone(), self.v);
        self.stated(l, &doc, &v.mentions, target, say).map(drop)
    }

    /// `Say` for a description of something this document introduces or not,
    /// `None` when this graph already has it.
    fn describes(&mut self, key: (u8, u64), new: bool) -> Option<Say> {
        if !self.doc.here.insert(key) {
            None
        } else if new {
            Some(Say::New)
        } else {
            Some(Say::Again)
        }
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
            world::human_date(&date)
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

    /// The bibliography: new references (described) and ones earlier documents cited.
    fn bibliography(&mut self, count: u64) -> Res {
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

/// A fact's key among its text's facts.
fn fact_key((rel, target): &Fact) -> usize {
    let t = match target {
        Target::Dispositif(k) => *k as u64 * 3,
        Target::Actor(k) => *k as u64 * 3 + 1,
        Target::Text(j) => *j * 3 + 2,
    };
    (t as usize) * RELATIONS.len() + rel
}

#[cfg(test)]
mod tests;
