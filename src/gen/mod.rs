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

mod bibliography;
mod document;
mod out;
mod places;
mod references;
mod rng;
mod terms;
mod texts;
mod words;
mod world;

use crate::refdata::RefData;
use crate::vocab::{self, Rebase, BIBO, DCTERMS, DEFAULT_BASE, ID, MLG};
use out::{Halt, Out, Res, T};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::{self, Write};
use terms::{Pred, Terms};
use world::{Fact, Target, World, RELATIONS};

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
        rng: rng::Rng::new(options.seed),
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
    rng: rng::Rng,
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
