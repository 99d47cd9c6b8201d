//! Streamed imports: an RDF body read in passes, never held as triples.
//!
//! Held whole, a large import sits in memory several times (its triples, their copies
//! for the change set and the current state's plan, the validator's graph, the
//! canonical form). An import of additions without blank nodes is read three times
//! instead, from memory or from the file its body was spooled to
//! ([`Content::File`], written by `server::body`):
//!
//! 1. **survey**: syntax (an error names its line and column), the preview, the
//!    canonical lines of the content hash ([`CanonicalLines`]: the one copy of the
//!    content kept whole, as compact text), in which part each subject's triples lie,
//!    and the `rdf:type`s the import states;
//! 2. **validation part by part**: runs of consecutive whole subjects of about
//!    [`PART`] triples, each validated like a whole import ([`validate::validate`])
//!    with the types the import gives the nodes it names; the
//!    subjects whose triples are scattered over several parts are validated together
//!    at the end, so each subject is always validated with all its triples;
//! 3. **write**: the store's streamed load of new graphs (Oxigraph's bulk loader,
//!    atomic at its commit: a crash before it leaves nothing), with the provenance
//!    record in the same commit.
//!
//! A parser labels blank nodes afresh at each reading, so a body with blank nodes (or
//! RDF 1.2 triple terms) is read once into memory and imported whole
//! ([`super::Curation::import`]).

use super::canonical::CanonicalLines;
use super::shapes::Shapes;
use super::validate::{self, Ontology, Violation};
use super::{CurationError, Preview};
use crate::store::{GraphStore, StoreError};
use crate::vocab::RDF;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex};

/// Triples per validated part (whole subjects: a part ends at the first subject change
/// past it).
pub const PART: usize = 20_000;

/// An import's body: in memory, or spooled to an unnamed temporary file (removed by
/// the system when closed, even after a crash).
#[derive(Clone)]
pub enum Content {
    Memory(Arc<[u8]>),
    File(Arc<std::fs::File>),
}

impl Content {
    /// A reader from the start, independent of any other.
    fn reader(&self) -> Box<dyn Read + Send> {
        match self {
            Self::Memory(bytes) => Box::new(std::io::Cursor::new(bytes.clone())),
            Self::File(file) => Box::new(std::io::BufReader::with_capacity(
                1 << 16,
                FileReader {
                    file: file.clone(),
                    position: 0,
                },
            )),
        }
    }

    /// The whole body in memory (a body with blank nodes is imported whole).
    pub fn bytes(&self) -> std::io::Result<Arc<[u8]>> {
        match self {
            Self::Memory(bytes) => Ok(bytes.clone()),
            Self::File(_) => {
                let mut out = Vec::new();
                self.reader().read_to_end(&mut out)?;
                Ok(out.into())
            }
        }
    }
}

/// Reads a shared file from its own position.
struct FileReader {
    file: Arc<std::fs::File>,
    position: u64,
}

impl Read for FileReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read_at(buf, self.position)?;
        self.position += n as u64;
        Ok(n)
    }
}

/// The triples of `content` (graph names dropped: an import is one graph of its own).
fn triples(
    content: &Content,
    format: RdfFormat,
    base: &str,
) -> Result<impl Iterator<Item = Result<Triple, CurationError>> + Send + 'static, CurationError> {
    let parser = RdfParser::from_format(format)
        .with_base_iri(base)
        .map_err(|e| CurationError::Syntax(e.to_string()))?;
    Ok(parser.for_reader(content.reader()).map(|quad| {
        quad.map(|q| Triple::new(q.subject, q.predicate, q.object))
            .map_err(parse_error)
    }))
}

fn parse_error(e: RdfParseError) -> CurationError {
    match e {
        RdfParseError::Syntax(e) => CurationError::Syntax(super::payload::syntax_message(&e)),
        RdfParseError::Io(e) => CurationError::Spool(e.to_string()),
    }
}

/// Assigns triples to parts, the same way at each reading.
#[derive(Default)]
struct Parts {
    part: u32,
    in_part: usize,
    last: Option<u64>,
    size: usize,
}

impl Parts {
    fn new(size: usize) -> Self {
        Self {
            size: size.max(1),
            ..Self::default()
        }
    }

    /// The part of a triple with this subject key, and whether it starts a new part.
    fn place(&mut self, subject: u64) -> (u32, bool) {
        let new = self.in_part >= self.size && self.last != Some(subject);
        if new {
            self.part += 1;
            self.in_part = 0;
        }
        self.in_part += 1;
        self.last = Some(subject);
        (self.part, new)
    }
}

/// What the first reading found.
pub struct Survey {
    /// Triples read (repeats included).
    pub triples: usize,
    pub preview: Preview,
    /// The content hash (when asked for).
    pub hash: Option<String>,
    /// Whether the import may change what validation reads from the ontology.
    pub touches_schema: bool,
    /// Subjects (by key) whose triples lie in more than one part.
    scattered: HashSet<u64>,
    /// The types the import states, by node.
    types: HashMap<NamedNode, Vec<NamedNode>>,
    keys: std::hash::RandomState,
    part: usize,
}

/// Why a body cannot be streamed.
pub enum Refusal {
    /// Blank nodes or triple terms: import it whole.
    NeedsMemory,
    Failed(CurationError),
}

impl From<CurationError> for Refusal {
    fn from(e: CurationError) -> Self {
        Self::Failed(e)
    }
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Self::Failed(e.into())
    }
}

/// The first reading (see the module documentation); `hash` when the import is to be
/// written (a dry run needs none). `schema` says whether a triple touches the schema.
pub fn survey(
    store: &GraphStore,
    content: &Content,
    format: RdfFormat,
    base: &str,
    hash: bool,
    part: usize,
    schema: impl Fn(&Triple) -> bool,
) -> Result<Survey, Refusal> {
    let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
    let keys = std::hash::RandomState::new();
    let mut lines = hash.then(CanonicalLines::default);
    let mut parts = Parts::new(part);
    let mut first_part = HashMap::<u64, u32>::new();
    let mut survey = Survey {
        triples: 0,
        preview: Preview::default(),
        hash: None,
        touches_schema: false,
        scattered: HashSet::new(),
        types: HashMap::new(),
        keys,
        part,
    };
    if matches!(format, RdfFormat::JsonLd { .. }) {
        super::payload::check_json_nesting(content.reader())
            .map_err(|e| CurationError::Syntax(e.to_string()))?;
    }
    for t in triples(content, format, base)? {
        let t = t?;
        let streamable = matches!(t.subject, NamedOrBlankNode::NamedNode(_))
            && matches!(t.object, Term::NamedNode(_) | Term::Literal(_));
        if !streamable {
            return Err(Refusal::NeedsMemory);
        }
        if let Some(lines) = &mut lines {
            lines.push(&t);
        }
        survey.triples += 1;
        let current = store.contains(&Quad::new(
            t.subject.clone(),
            t.predicate.clone(),
            t.object.clone(),
            GraphName::DefaultGraph,
        ))?;
        if current {
            survey.preview.already_present += 1;
        } else {
            survey.preview.added += 1;
        }
        survey.touches_schema |= schema(&t);
        let key = survey.keys.hash_one(&t.subject);
        let (part, _) = parts.place(key);
        if *first_part.entry(key).or_insert(part) != part {
            survey.scattered.insert(key);
        }
        if t.predicate == rdf_type {
            if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(c)) = (t.subject, t.object) {
                survey.types.entry(s).or_default().push(c);
            }
        }
    }
    survey.hash = lines.map(CanonicalLines::hash);
    Ok(survey)
}

/// The second reading: every violation, part by part (see the module documentation).
/// Parts are validated on as many threads as there are cores (at most four) while the
/// body is read; the violations come out in the order of the parts.
pub fn validate(
    store: &GraphStore,
    content: &Content,
    format: RdfFormat,
    base: &str,
    survey: &Survey,
    ontology: &Ontology,
    shapes: &Shapes,
) -> Result<Vec<Violation>, CurationError> {
    let check = |part: &[Triple]| -> Result<Vec<Violation>, CurationError> {
        validate::validate(store, part, &survey.known_types(part), ontology, shapes)
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Vec<Triple>)>(workers);
    let receive = Mutex::new(receive);
    let results = Mutex::new(Vec::<(usize, Vec<Violation>)>::new());
    let failed = Mutex::new(None::<CurationError>);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let Ok((index, part)) = lock(&receive).recv() else {
                    break;
                };
                match check(&part) {
                    Ok(found) => lock(&results).push((index, found)),
                    Err(e) => {
                        lock(&failed).get_or_insert(e);
                    }
                }
            });
        }
        let read = (|| -> Result<(), CurationError> {
            let mut index = 0;
            let mut give = |part: Vec<Triple>| {
                if !part.is_empty() && lock(&failed).is_none() {
                    // The workers outlive this thread's sends: a send cannot fail.
                    let _ = send.send((index, part));
                    index += 1;
                }
            };
            let mut parts = Parts::new(survey.part);
            let (mut part, mut scattered) = (Vec::new(), Vec::new());
            for t in triples(content, format, base)? {
                let t = t?;
                let key = survey.keys.hash_one(&t.subject);
                let (_, new) = parts.place(key);
                if new {
                    give(std::mem::take(&mut part));
                }
                if survey.scattered.contains(&key) {
                    scattered.push(t);
                } else {
                    part.push(t);
                }
            }
            give(part);
            // The scattered subjects, gathered by subject, in parts of whole subjects.
            let key = |t: &Triple| survey.keys.hash_one(&t.subject);
            scattered.sort_by_cached_key(key);
            let mut rest = scattered.into_iter().peekable();
            let mut part = Vec::new();
            while let Some(t) = rest.next() {
                let k = key(&t);
                part.push(t);
                let subject_ends = rest.peek().is_none_or(|next| key(next) != k);
                if subject_ends && part.len() >= survey.part {
                    give(std::mem::take(&mut part));
                }
            }
            give(part);
            Ok(())
        })();
        drop(send);
        read
    })?;
    if let Some(e) = lock(&failed).take() {
        return Err(e);
    }
    let mut results = std::mem::take(&mut *lock(&results));
    results.sort_by_key(|(index, _)| *index);
    Ok(results.into_iter().flat_map(|(_, found)| found).collect())
}

/// A mutex's guard, even after a panic elsewhere (what it guards stays consistent).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Survey {
    /// The types the import gives the nodes `part` names as values, when `part` does not
    /// state them itself.
    fn known_types(&self, part: &[Triple]) -> Vec<Triple> {
        let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
        let subjects: HashSet<&NamedOrBlankNode> = part.iter().map(|t| &t.subject).collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for t in part {
            let Term::NamedNode(o) = &t.object else {
                continue;
            };
            if subjects.contains(&NamedOrBlankNode::NamedNode(o.clone())) || !seen.insert(o) {
                continue;
            }
            for c in self.types.get(o).into_iter().flatten() {
                out.push(Triple::new(o.clone(), rdf_type.clone(), c.clone()));
            }
        }
        out
    }
}

/// The third reading: the import's graph, then `record` (its provenance), loaded in one
/// atomic commit.
pub fn write(
    store: &GraphStore,
    content: &Content,
    format: RdfFormat,
    base: &str,
    graph: NamedNode,
    record: Vec<Quad>,
) -> Result<(), CurationError> {
    // A parse error cannot come now (the survey read the same bytes); if reading the
    // spool fails, the load stops and writes nothing.
    let quads = triples(content, format, base)?
        .map(move |t| match t {
            Ok(t) => Ok(Quad::new(t.subject, t.predicate, t.object, graph.clone())),
            Err(e) => Err(StoreError::Input(e.to_string())),
        })
        .chain(record.into_iter().map(Ok));
    store.load_new_graphs(Box::new(quads))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_end_at_a_subject_change_past_their_size() {
        let mut parts = Parts::new(2);
        let placed: Vec<(u32, bool)> = [1, 1, 1, 2, 3, 3, 4].map(|s| parts.place(s)).to_vec();
        assert_eq!(
            placed,
            [
                (0, false),
                (0, false),
                (0, false),
                (1, true),
                (1, false),
                (1, false),
                (2, true)
            ]
            .to_vec()
        );
    }

    #[test]
    fn a_spooled_file_reads_the_same_twice() {
        use std::io::Write;
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"<urn:a> <urn:p> \"x\" .\n").unwrap();
        let content = Content::File(Arc::new(file));
        let read = |c: &Content| {
            let mut s = String::new();
            c.reader().read_to_string(&mut s).unwrap();
            s
        };
        assert_eq!(read(&content), "<urn:a> <urn:p> \"x\" .\n");
        assert_eq!(read(&content), read(&content));
        assert_eq!(&*content.bytes().unwrap(), b"<urn:a> <urn:p> \"x\" .\n");
    }
}
