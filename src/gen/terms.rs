//! The predicates and classes the generator writes, bracketed once and rebased
//! (maillage's own `def#` terms follow `--base`, as `Rebase` rewrites them).

use crate::vocab::{BIBO, DCTERMS, DEFAULT_BASE, ELI, FOAF, PROV, RDF, SKOS, XSD};

/// A predicate: as written (`<…>`, rebased) and as the extractor hashes it
/// (under the default base) into fact IRIs.
pub struct Pred {
    pub out: String,
    pub full: String,
}

macro_rules! terms {
    ($($field:ident = $ns:expr, $local:expr;)*) => {
        /// Bracketed IRIs of every term the generator writes.
        pub struct Terms {
            $(pub $field: String,)*
        }
        impl Terms {
            pub fn new(base: &str) -> Self {
                let iri = |ns: &str, local: &str| match ns.strip_prefix(DEFAULT_BASE) {
                    Some(rest) => format!("<{base}{rest}{local}>"),
                    None => format!("<{ns}{local}>"),
                };
                Self { $($field: iri($ns, $local),)* }
            }
        }
    };
}

const MLG: &str = crate::vocab::MLG;

terms! {
    a = RDF, "type";
    rdf_subject = RDF, "subject";
    rdf_predicate = RDF, "predicate";
    rdf_object = RDF, "object";
    statement = RDF, "Statement";
    pref_label = SKOS, "prefLabel";
    source_document = MLG, "SourceDocument";
    line_count = MLG, "lineCount";
    evidence = MLG, "evidence";
    evidence_class = MLG, "Evidence";
    line = MLG, "line";
    reading = MLG, "reading";
    reading_class = MLG, "Reading";
    reading_kind = MLG, "readingKind";
    confidence = MLG, "confidence";
    number = MLG, "number";
    article_class = MLG, "Article";
    article = MLG, "article";
    dispositif = MLG, "Dispositif";
    candidate = MLG, "CandidateDispositif";
    proposed_relation = MLG, "proposedRelation";
    conflict = MLG, "Conflict";
    stated = MLG, "stated";
    conflicts_with = MLG, "conflictsWith";
    stated_date = MLG, "statedDate";
    known_date = MLG, "knownDate";
    section = MLG, "section";
    first_author = MLG, "firstAuthor";
    place_of_publication = MLG, "placeOfPublication";
    reference = MLG, "Reference";
    commune = MLG, "Commune";
    territory = MLG, "Territory";
    insee_code = MLG, "inseeCode";
    identifier = DCTERMS, "identifier";
    title = DCTERMS, "title";
    date = DCTERMS, "date";
    language = DCTERMS, "language";
    citation = DCTERMS, "bibliographicCitation";
    issued = DCTERMS, "issued";
    creator = DCTERMS, "creator";
    publisher = DCTERMS, "publisher";
    is_part_of = DCTERMS, "isPartOf";
    abstract_ = DCTERMS, "abstract";
    subject = DCTERMS, "subject";
    dc_type = DCTERMS, "type";
    journal = BIBO, "Journal";
    volume = BIBO, "volume";
    issue = BIBO, "issue";
    pages = BIBO, "pages";
    uri = BIBO, "uri";
    doi = BIBO, "doi";
    person = FOAF, "Person";
    organization = FOAF, "Organization";
    name = FOAF, "name";
    quoted_from = PROV, "wasQuotedFrom";
    value = PROV, "value";
    eli_part_of = ELI, "is_part_of";
    date_document = ELI, "date_document";
    integer = XSD, "integer";
    decimal = XSD, "decimal";
    xsd_date = XSD, "date";
    g_year = XSD, "gYear";
    any_uri = XSD, "anyURI";
    french = "http://id.loc.gov/vocabulary/iso639-1/", "fr";
}

impl Terms {
    /// A term of maillage's ontology (`mlg:{local}`), bracketed and rebased.
    pub fn mlg(base: &str, local: &str) -> String {
        format!("<{base}def#{local}>")
    }

    /// A predicate with its default-base form for hashing.
    pub fn pred(base: &str, ns: &str, local: &str) -> Pred {
        let full = format!("{ns}{local}");
        let out = match full.strip_prefix(DEFAULT_BASE) {
            Some(rest) => format!("<{base}{rest}>"),
            None => format!("<{full}>"),
        };
        Pred { out, full }
    }
}
