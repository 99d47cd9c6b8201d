//! The line writer of `maillage gen`: N-Triples (or N-Quads) written straight
//! into a buffer, counted, and stopped at exactly the requested number.

use std::io::{self, Write};

/// Why generation stopped: the requested number was written, or the output failed.
#[derive(Debug)]
pub enum Halt {
    Full,
    Io(io::Error),
}

impl From<io::Error> for Halt {
    fn from(e: io::Error) -> Self {
        Halt::Io(e)
    }
}

pub type Res<T = ()> = Result<T, Halt>;

/// An object (or subject) term, written without building an IRI string.
#[derive(Clone, Copy)]
pub enum T<'a> {
    /// An entity, `{base}id/{path}`.
    Id(&'a str),
    /// A bracketed IRI, already rebased (`<…>`).
    Iri(&'a str),
    /// A plain string literal.
    Lit(&'a str),
    /// A French literal (`@fr`).
    Fr(&'a str),
    /// A typed literal: lexical form and bracketed datatype IRI.
    Typed(&'a str, &'a str),
}

/// What a triple belongs to, for the summary of shares.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    ReferenceData,
    Territories,
    Documents,
    LegalTexts,
    References,
    Citations,
    Mentions,
    Relations,
    Instances,
    Conflicts,
    Candidates,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::ReferenceData,
        Kind::Territories,
        Kind::Documents,
        Kind::LegalTexts,
        Kind::References,
        Kind::Citations,
        Kind::Mentions,
        Kind::Relations,
        Kind::Instances,
        Kind::Conflicts,
        Kind::Candidates,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::ReferenceData => "reference data (ontology graph)",
            Kind::Territories => "synthetic communes",
            Kind::Documents => "source documents",
            Kind::LegalTexts => "legal texts and articles",
            Kind::References => "bibliographic references (authors, journals, about)",
            Kind::Citations => "citations of references (fact + evidence)",
            Kind::Mentions => "mentions (fact + evidence)",
            Kind::Relations => "law relations (fact + evidence + reading)",
            Kind::Instances => "local dispositifs (fact + evidence)",
            Kind::Conflicts => "source conflicts",
            Kind::Candidates => "candidate dispositifs",
        }
    }
}

const FLUSH_AT: usize = 1 << 18;

/// Writes lines until `limit`, then answers [`Halt::Full`].
pub struct Out<W: Write> {
    w: W,
    buf: Vec<u8>,
    /// `{base}` of every `T::Id`.
    base: Vec<u8>,
    /// ` <graph>` after each triple in N-Quads, empty in N-Triples.
    graph: Vec<u8>,
    pub quads: bool,
    pub written: u64,
    limit: u64,
    pub kind: Kind,
    pub counts: [u64; Kind::ALL.len()],
}

impl<W: Write> Out<W> {
    pub fn new(w: W, base: &str, limit: u64, quads: bool) -> Self {
        Self {
            w,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            base: base.as_bytes().to_vec(),
            graph: Vec::new(),
            quads,
            written: 0,
            limit,
            kind: Kind::ReferenceData,
            counts: [0; Kind::ALL.len()],
        }
    }

    /// The graph of the next lines (N-Quads only): a bracketed IRI.
    pub fn set_graph(&mut self, graph: &str) {
        if self.quads {
            self.graph.clear();
            self.graph.push(b' ');
            self.graph.extend_from_slice(graph.as_bytes());
        }
    }

    /// One line; [`Halt::Full`] once `limit` lines are written.
    pub fn t(&mut self, s: T<'_>, p: &str, o: T<'_>) -> Res {
        if self.written >= self.limit {
            return Err(Halt::Full);
        }
        self.term(s);
        self.buf.push(b' ');
        self.buf.extend_from_slice(p.as_bytes());
        self.buf.push(b' ');
        self.term(o);
        self.buf.extend_from_slice(&self.graph);
        self.buf.extend_from_slice(b" .\n");
        self.written += 1;
        self.counts[self.kind as usize] += 1;
        if self.buf.len() >= FLUSH_AT {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// A line that repeats, in another document's graph, a triple an earlier
    /// document stated: written in N-Quads (each document graph is whole, as
    /// `maillage build` writes it), skipped in N-Triples (one graph, no duplicates).
    pub fn again(&mut self, s: T<'_>, p: &str, o: T<'_>) -> Res {
        if self.quads {
            self.t(s, p, o)
        } else {
            Ok(())
        }
    }

    /// A line written by another serializer (the reference data), counted.
    pub fn raw_line(&mut self, line: &str) -> Res {
        if self.written >= self.limit {
            return Err(Halt::Full);
        }
        self.buf.extend_from_slice(line.as_bytes());
        self.buf.extend_from_slice(b" .\n");
        self.written += 1;
        self.counts[self.kind as usize] += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<(u64, [u64; Kind::ALL.len()])> {
        self.w.write_all(&self.buf)?;
        self.w.flush()?;
        Ok((self.written, self.counts))
    }

    fn term(&mut self, t: T<'_>) {
        match t {
            T::Id(path) => {
                self.buf.push(b'<');
                self.buf.extend_from_slice(&self.base);
                self.buf.extend_from_slice(b"id/");
                self.buf.extend_from_slice(path.as_bytes());
                self.buf.push(b'>');
            }
            T::Iri(iri) => self.buf.extend_from_slice(iri.as_bytes()),
            T::Lit(v) => self.literal(v),
            T::Fr(v) => {
                self.literal(v);
                self.buf.extend_from_slice(b"@fr");
            }
            T::Typed(v, dt) => {
                self.literal(v);
                self.buf.extend_from_slice(b"^^");
                self.buf.extend_from_slice(dt.as_bytes());
            }
        }
    }

    /// A quoted literal, escaped as N-Triples requires.
    fn literal(&mut self, v: &str) {
        self.buf.push(b'"');
        if v.bytes().any(|b| matches!(b, b'"' | b'\\' | b'\n' | b'\r')) {
            for b in v.bytes() {
                match b {
                    b'"' => self.buf.extend_from_slice(b"\\\""),
                    b'\\' => self.buf.extend_from_slice(b"\\\\"),
                    b'\n' => self.buf.extend_from_slice(b"\\n"),
                    b'\r' => self.buf.extend_from_slice(b"\\r"),
                    _ => self.buf.push(b),
                }
            }
        } else {
            self.buf.extend_from_slice(v.as_bytes());
        }
        self.buf.push(b'"');
    }
}
