//! The ontology and reference data (`ontology/*.ttl`), parsed once and
//! turned into the dictionaries extraction matches against.

use crate::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;

/// Ontology + reference data: the quads of the ontology graph and the
/// dictionaries read from them.
#[derive(Debug, Clone, Default)]
pub struct RefData {
    /// Every triple of `ontology/*.ttl`, in the ontology graph.
    pub quads: Vec<Quad>,
}

#[derive(Debug, thiserror::Error)]
pub enum RefDataError {
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
}

impl RefData {
    /// The ontology and reference data compiled into the binary.
    pub fn bundled() -> Result<Self, RefDataError> {
        Self::from_turtle(&crate::bundled::files(&crate::bundled::ONTOLOGY, "ttl"))
    }

    /// Parses `(file name, Turtle)` pairs.
    pub fn from_turtle(files: &[(&str, &str)]) -> Result<Self, RefDataError> {
        let graph = vocab::ontology_graph();
        let mut quads = Vec::new();
        for (name, text) in files {
            let parser = RdfParser::from_format(RdfFormat::Turtle)
                .without_named_graphs()
                .with_default_graph(graph.clone());
            for quad in parser.for_slice(text.as_bytes()) {
                quads.push(quad.map_err(|e| RefDataError::Syntax {
                    file: (*name).to_owned(),
                    message: e.to_string(),
                })?);
            }
        }
        Ok(Self { quads })
    }
}
