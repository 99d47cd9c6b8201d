//! Records to quads: turns an [`Extraction`] into the named graph of its document.
//!
//! Every IRI is minted deterministically from content (never from counters or
//! randomness), so the same seeds always give the same quads.

use crate::extract::{AuthorKind, Extraction, Mention, Reference, ReferenceKind};
use crate::vocab::{self, entity, iri, mlg, BIBO, DCTERMS, FOAF, PROV, RDF, XSD};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use sha2::{Digest, Sha256};

/// A short, stable content hash (12 hex digits).
pub fn short_hash(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    hasher.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The IRI of a source document.
pub fn document_iri(document_id: &str) -> NamedNode {
    entity("document", document_id)
}

/// Collects quads of one graph.
pub struct GraphWriter {
    graph: GraphName,
    pub quads: Vec<Quad>,
}

impl GraphWriter {
    pub fn new(graph: NamedNode) -> Self {
        Self {
            graph: graph.into(),
            quads: Vec::new(),
        }
    }

    pub fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), p, o, self.graph.clone()));
    }

    pub fn literal(&mut self, s: &NamedNode, p: NamedNode, value: &str) {
        self.add(s, p, Literal::new_simple_literal(value));
    }

    pub fn lang(&mut self, s: &NamedNode, p: NamedNode, value: &str, lang: &str) {
        self.add(
            s,
            p,
            Literal::new_language_tagged_literal_unchecked(value, lang),
        );
    }

    pub fn typed(&mut self, s: &NamedNode, p: NamedNode, value: &str, datatype: &str) {
        self.add(s, p, Literal::new_typed_literal(value, iri(XSD, datatype)));
    }
}

/// The quads of one document's named graph.
pub fn document_quads(extraction: &Extraction) -> Vec<Quad> {
    let doc = document_iri(&extraction.document_id);
    let source = Source {
        doc: &doc,
        id: &extraction.document_id,
    };
    let mut w = GraphWriter::new(vocab::document_graph(&extraction.document_id));
    w.add(&doc, iri(RDF, "type"), mlg("SourceDocument"));
    w.literal(&doc, iri(DCTERMS, "identifier"), &extraction.document_id);
    if let Some(title) = &extraction.title {
        w.lang(&doc, iri(DCTERMS, "title"), title, "fr");
    }
    if let Some(date) = &extraction.date {
        w.literal(&doc, iri(DCTERMS, "date"), date);
    }
    w.typed(
        &doc,
        mlg("lineCount"),
        &extraction.line_count.to_string(),
        "integer",
    );
    w.add(
        &doc,
        iri(DCTERMS, "language"),
        iri("http://id.loc.gov/vocabulary/iso639-1/", "fr"),
    );

    for (i, reference) in extraction.references.iter().enumerate() {
        let node = write_reference(&mut w, source, reference);
        for subject in extraction.reference_subjects.get(i).into_iter().flatten() {
            w.add(
                &node,
                iri(DCTERMS, "subject"),
                NamedNode::new_unchecked(subject.clone()),
            );
        }
    }
    for record in &extraction.new_legal_texts {
        let law = NamedNode::new_unchecked(record.iri.clone());
        w.add(&law, iri(RDF, "type"), mlg(&record.class));
        w.lang(&law, iri(vocab::SKOS, "prefLabel"), &record.label, "fr");
        if let Some(number) = &record.number {
            w.literal(&law, mlg("number"), number);
        }
        if let Some(date) = &record.date {
            w.typed(&law, iri(vocab::ELI, "date_document"), date, "date");
        }
    }
    for article in &extraction.new_articles {
        let node = NamedNode::new_unchecked(article.iri.clone());
        w.add(&node, iri(RDF, "type"), mlg("Article"));
        w.add(
            &node,
            iri(vocab::ELI, "is_part_of"),
            NamedNode::new_unchecked(article.part_of.clone()),
        );
        w.literal(&node, mlg("number"), &article.number);
        w.lang(&node, iri(vocab::SKOS, "prefLabel"), &article.label, "fr");
    }
    for mention in extraction
        .legal_mentions
        .iter()
        .chain(&extraction.entity_mentions)
    {
        write_mention(&mut w, source, mention);
    }
    for instance in &extraction.instances {
        let node = NamedNode::new_unchecked(instance.iri.clone());
        let kind = NamedNode::new_unchecked(instance.type_iri.clone());
        w.add(&node, iri(RDF, "type"), mlg("Dispositif"));
        w.add(&node, iri(DCTERMS, "type"), kind);
        w.lang(&node, iri(vocab::SKOS, "prefLabel"), &instance.name, "fr");
        if let Some(territory) = &instance.territory {
            let territory = NamedNode::new_unchecked(territory.clone());
            let triple = (&node, mlg("aboutTerritory"), &territory);
            stated(&mut w, source, triple, instance.line, &instance.quote);
        }
        let triple = (&doc, mlg("mentions"), &node);
        stated(&mut w, source, triple, instance.line, &instance.quote);
    }
    for candidate in &extraction.candidates {
        let node = entity("candidat", &vocab::slug(&candidate.label));
        let law = NamedNode::new_unchecked(candidate.law.clone());
        w.add(&node, iri(RDF, "type"), mlg("CandidateDispositif"));
        w.lang(&node, iri(vocab::SKOS, "prefLabel"), &candidate.label, "fr");
        let triple = (&law, mlg("proposed"), &node);
        let ev = stated(&mut w, source, triple, candidate.line, &candidate.quote);
        w.add(&ev, mlg("proposedRelation"), mlg(&candidate.relation));
    }
    for conflict in &extraction.conflicts {
        let stated = NamedNode::new_unchecked(conflict.stated.clone());
        let known = NamedNode::new_unchecked(conflict.known.clone());
        let node = entity(
            "conflict",
            &format!(
                "{}-l{}-{}",
                extraction.document_id,
                conflict.line,
                short_hash(&[stated.as_str(), known.as_str(), &conflict.stated_date])
            ),
        );
        w.add(&node, iri(RDF, "type"), mlg("Conflict"));
        w.add(&node, mlg("stated"), stated);
        w.add(&node, mlg("conflictsWith"), known);
        w.typed(&node, mlg("statedDate"), &conflict.stated_date, "date");
        w.typed(&node, mlg("knownDate"), &conflict.known_date, "date");
        let ev = evidence(
            &mut w,
            &doc,
            &extraction.document_id,
            conflict.line,
            &conflict.quote,
        );
        w.add(&node, mlg("evidence"), ev);
    }
    for relation in &extraction.relations {
        let law = NamedNode::new_unchecked(relation.law.clone());
        let target = NamedNode::new_unchecked(relation.target.clone());
        let triple = (&law, mlg(&relation.relation), &target);
        let ev = stated(
            &mut w,
            source,
            triple.clone(),
            relation.line,
            &relation.quote,
        );
        if let Some(article) = &relation.article {
            w.add(
                &ev,
                mlg("article"),
                NamedNode::new_unchecked(article.clone()),
            );
        }
        reading(&mut w, source, triple, relation, &ev);
    }
    w.quads
}

/// The reading behind one fact in one sentence: its evidence, how it was
/// read (`mlg:readingKind`) and the confidence that gives
/// (`mlg:confidence`), so views can sort and filter facts by it.
fn reading(
    w: &mut GraphWriter,
    source: Source<'_>,
    (s, p, o): (&NamedNode, NamedNode, &NamedNode),
    relation: &crate::extract::relations::Relation,
    evidence: &NamedNode,
) {
    let fact = fact(w, s, &p, o);
    let node = entity(
        "reading",
        &format!(
            "{}-l{}-{}",
            source.id,
            relation.line,
            short_hash(&[s.as_str(), p.as_str(), o.as_str()])
        ),
    );
    w.add(&fact, mlg("reading"), node.clone());
    w.add(&node, iri(RDF, "type"), mlg("Reading"));
    w.add(&node, mlg("evidence"), evidence.clone());
    w.add(&node, mlg("readingKind"), mlg(relation.support.name()));
    w.typed(
        &node,
        mlg("confidence"),
        relation.support.confidence(),
        "decimal",
    );
}

/// Where a fact was read: the document's node and identifier.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub doc: &'a NamedNode,
    pub id: &'a str,
}

/// States `s p o` as read at `line` of `source`: the triple, its fact node and
/// the evidence supporting it. Returns the evidence node (to add details).
pub fn stated(
    w: &mut GraphWriter,
    source: Source<'_>,
    (s, p, o): (&NamedNode, NamedNode, &NamedNode),
    line: usize,
    quote: &str,
) -> NamedNode {
    w.add(s, p.clone(), o.clone());
    let fact = fact(w, s, &p, o);
    let ev = evidence(w, source.doc, source.id, line, quote);
    w.add(&fact, mlg("evidence"), ev.clone());
    ev
}

/// An evidence record: where something was read. One node per (document,
/// line, quote), shared by every fact that sentence supports.
pub fn evidence(
    w: &mut GraphWriter,
    doc: &NamedNode,
    document_id: &str,
    line: usize,
    quote: &str,
) -> NamedNode {
    let node = entity(
        "evidence",
        &format!("{document_id}-l{line}-{}", short_hash(&[quote])),
    );
    w.add(&node, iri(RDF, "type"), mlg("Evidence"));
    w.add(&node, iri(PROV, "wasQuotedFrom"), doc.clone());
    w.typed(&node, mlg("line"), &line.to_string(), "integer");
    w.lang(&node, iri(PROV, "value"), quote, "fr");
    node
}

/// A fact node reifying `(s, p, o)`, so that its evidence is one lookup away.
pub fn fact(w: &mut GraphWriter, s: &NamedNode, p: &NamedNode, o: &NamedNode) -> NamedNode {
    let node = entity("fact", &short_hash(&[s.as_str(), p.as_str(), o.as_str()]));
    w.add(&node, iri(RDF, "type"), iri(RDF, "Statement"));
    w.add(&node, iri(RDF, "subject"), s.clone());
    w.add(&node, iri(RDF, "predicate"), p.clone());
    w.add(&node, iri(RDF, "object"), o.clone());
    node
}

fn write_mention(w: &mut GraphWriter, source: Source<'_>, mention: &Mention) {
    let target = NamedNode::new_unchecked(mention.entity.clone());
    let triple = (source.doc, mlg("mentions"), &target);
    stated(w, source, triple, mention.line, &mention.quote);
}

/// The IRI of a reference: readable (first author, year) and content-hashed
/// (title), so the same work cited by two documents is one node.
pub fn reference_iri(reference: &Reference) -> NamedNode {
    let author = reference
        .authors
        .first()
        .map(|a| vocab::slug(&a.name))
        .unwrap_or_default();
    let author: String = author.split('-').take(3).collect::<Vec<_>>().join("-");
    let year = reference
        .year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "nd".into());
    let key = reference
        .title
        .as_deref()
        .unwrap_or(&reference.raw)
        .to_lowercase();
    let head = if author.is_empty() {
        year
    } else {
        format!("{author}-{year}")
    };
    entity("reference", &format!("{head}-{}", short_hash(&[&key])))
}

fn kind_class(kind: ReferenceKind) -> &'static str {
    match kind {
        ReferenceKind::Report => "Report",
        ReferenceKind::Article => "AcademicArticle",
        ReferenceKind::Book => "Book",
        ReferenceKind::Chapter => "Chapter",
        ReferenceKind::Thesis => "Thesis",
        ReferenceKind::WebPage => "Webpage",
        ReferenceKind::LegalText => "Legislation",
        ReferenceKind::Document => "Document",
    }
}

fn write_reference(w: &mut GraphWriter, source: Source<'_>, r: &Reference) -> NamedNode {
    let node = reference_iri(r);
    w.add(&node, iri(RDF, "type"), mlg("Reference"));
    w.add(&node, iri(RDF, "type"), iri(BIBO, kind_class(r.kind)));
    w.lang(&node, iri(DCTERMS, "bibliographicCitation"), &r.raw, "fr");
    if let Some(title) = &r.title {
        w.lang(&node, iri(DCTERMS, "title"), title, "fr");
    }
    if let Some(year) = r.year {
        w.typed(&node, iri(DCTERMS, "issued"), &year.to_string(), "gYear");
    }
    for (i, author) in r.authors.iter().enumerate() {
        let (kind, class) = match author.kind {
            AuthorKind::Person => ("person", "Person"),
            AuthorKind::Organisation => ("organisation", "Organization"),
        };
        let agent = entity(kind, &vocab::slug(&author.name));
        w.add(&agent, iri(RDF, "type"), iri(FOAF, class));
        w.literal(&agent, iri(FOAF, "name"), &author.name);
        w.add(&node, iri(DCTERMS, "creator"), agent.clone());
        if i == 0 {
            w.add(&node, mlg("firstAuthor"), agent);
        }
    }
    if let Some(publisher) = &r.publisher {
        let org = entity("organisation", &vocab::slug(publisher));
        w.add(&org, iri(RDF, "type"), iri(FOAF, "Organization"));
        w.literal(&org, iri(FOAF, "name"), publisher);
        w.add(&node, iri(DCTERMS, "publisher"), org);
    }
    if let Some(place) = &r.place {
        w.literal(&node, mlg("placeOfPublication"), place);
    }
    if let Some(journal) = &r.journal {
        let j = entity("journal", &vocab::slug(journal));
        w.add(&j, iri(RDF, "type"), iri(BIBO, "Journal"));
        w.lang(&j, iri(DCTERMS, "title"), journal, "fr");
        w.add(&node, iri(DCTERMS, "isPartOf"), j);
    }
    for (field, value) in [
        ("volume", &r.volume),
        ("issue", &r.issue),
        ("pages", &r.pages),
    ] {
        if let Some(value) = value {
            w.literal(&node, iri(BIBO, field), value);
        }
    }
    if let Some(url) = &r.url {
        w.typed(&node, iri(BIBO, "uri"), url, "anyURI");
    }
    if let Some(doi) = &r.doi {
        w.literal(&node, iri(BIBO, "doi"), doi);
    }
    if let Some(abs) = &r.abstract_text {
        w.lang(&node, iri(DCTERMS, "abstract"), abs, "fr");
    }
    let quote = r.raw.chars().take(400).collect::<String>();
    let triple = (source.doc, iri(DCTERMS, "references"), &node);
    let ev = stated(w, source, triple, r.line, &quote);
    if let Some(section) = &r.section {
        w.literal(&ev, mlg("section"), section);
    }
    node
}
