//! The current state: which named graphs feed the default graph.
//!
//! A triple is in the current state (the default graph) when some **source**
//! graph holds it and no **retraction** graph does. Graphs are told apart by
//! their IRI's path, whatever the deployment's base: `…/graph/retraction/…`
//! retracts, `…/graph/provenance` and `…/graph/system/…` keep bookkeeping and
//! feed nothing; every other named graph is a source (seed documents, the
//! ontology, imports, files loaded from the command line).

use oxigraph::model::NamedNodeRef;

/// What a named graph is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Its triples are in the current state (unless retracted).
    Source,
    /// Its triples are withdrawn from the current state.
    Retraction,
    /// Bookkeeping (provenance, accounts): never in the current state.
    System,
}

/// Path segment of retraction graphs.
pub const RETRACTION_SEGMENT: &str = "/graph/retraction/";
/// Path segment of system graphs.
pub const SYSTEM_SEGMENT: &str = "/graph/system/";
/// Path suffix of the provenance graph.
pub const PROVENANCE_SUFFIX: &str = "/graph/provenance";

impl Role {
    pub fn of(graph: NamedNodeRef<'_>) -> Self {
        let iri = graph.as_str();
        if iri.contains(RETRACTION_SEGMENT) {
            Self::Retraction
        } else if iri.contains(SYSTEM_SEGMENT) || iri.ends_with(PROVENANCE_SUFFIX) {
            Self::System
        } else {
            Self::Source
        }
    }
}

/// Whether a triple held by graphs of these roles is in the current state.
pub fn is_current(roles: impl IntoIterator<Item = Role>) -> bool {
    let (mut source, mut retracted) = (false, false);
    for role in roles {
        match role {
            Role::Source => source = true,
            Role::Retraction => retracted = true,
            Role::System => {}
        }
    }
    source && !retracted
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    fn role(iri: &str) -> Role {
        Role::of(NamedNode::new(iri).unwrap().as_ref())
    }

    #[test]
    fn roles_by_path_whatever_the_base() {
        assert_eq!(
            role("https://w3id.org/maillage/graph/document/000_x"),
            Role::Source
        );
        assert_eq!(role("http://localhost:7878/graph/import/abc"), Role::Source);
        assert_eq!(
            role("https://w3id.org/maillage/graph/retraction/abc"),
            Role::Retraction
        );
        assert_eq!(
            role("https://w3id.org/maillage/graph/provenance"),
            Role::System
        );
        assert_eq!(
            role("https://w3id.org/maillage/graph/system/tokens"),
            Role::System
        );
        assert_eq!(role("http://example.org/any/graph"), Role::Source);
    }

    #[test]
    fn a_retraction_wins_over_any_number_of_sources() {
        assert!(is_current([Role::Source]));
        assert!(is_current([Role::Source, Role::Source, Role::System]));
        assert!(!is_current([Role::Source, Role::Retraction]));
        assert!(!is_current([Role::System]));
        assert!(!is_current([]));
    }
}
