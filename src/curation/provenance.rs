//! Imports described with PROV-O in `graph/provenance`, and read back.
//!
//! ```turtle
//! id:import/{id} a prov:Activity, mlg:Import ;
//!     prov:wasAssociatedWith id:account/{curator} ;
//!     prov:startedAtTime "…"^^xsd:dateTime ;
//!     dcterms:description "why" ;
//!     prov:used <source> ;                      # when given
//!     prov:generated graph:import/{id} , graph:retraction/{id} ;
//!     mlg:contentHash "sha256 hex of the RDFC-1.0 canonical form" ;
//!     mlg:triplesAdded 3 ; mlg:triplesRetracted 1 .
//! graph:import/{id} prov:wasAttributedTo id:account/{curator} ; prov:wasGeneratedBy id:import/{id} .
//! ```
//!
//! An administrator's SPARQL Update or Graph Store write is recorded the same way (it
//! appears in the list and the history, and is reverted alike), with what it did to
//! other named graphs kept in system graphs for the revert:
//!
//! ```turtle
//! id:import/{id} dcterms:conformsTo <http://www.w3.org/TR/sparql11-update/> ;  # or …-http-rdf-update/
//!     prov:generated <created graph> ; prov:invalidated <dropped graph> .
//! graph:system/changes/{k}/added/{id} prov:wasGeneratedBy id:import/{id} ; mlg:addedTo <graph> .
//! graph:system/changes/{k}/removed/{id} prov:wasGeneratedBy id:import/{id} ; mlg:removedFrom <graph> .
//! id:revert/{id} a prov:Activity, mlg:Revert ; prov:used id:import/{id} ;
//!     prov:wasAssociatedWith id:account/{who} ; prov:startedAtTime "…" ; dcterms:description "why" .
//! ```

use super::rows;
use crate::store::{GraphStore, StoreError};
use crate::vocab::{DCTERMS, PROV, RDF, XSD};
use oxigraph::model::{Literal, NamedNode, Quad, Term};
use serde::Serialize;
use std::collections::BTreeMap;

/// One import as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRecord {
    pub id: String,
    pub curator: String,
    pub time: String,
    pub message: String,
    pub source: Option<String>,
    pub added: usize,
    pub retracted: usize,
    pub hash: String,
    pub reverted: Option<Revert>,
    /// How it was written: `import` (`/imports`, `/documents`), `sparql-update` or
    /// `graph-store` (an administrator's standard write).
    pub kind: Kind,
    /// What it did to named graphs other than its own import and retraction graphs.
    pub graphs: Vec<GraphChange>,
}

/// How a change was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Import,
    SparqlUpdate,
    GraphStore,
}

impl Kind {
    /// The specification an administrator's write conforms to (`dcterms:conformsTo`).
    pub fn specification(self) -> Option<&'static str> {
        match self {
            Self::Import => None,
            Self::SparqlUpdate => Some("http://www.w3.org/TR/sparql11-update/"),
            Self::GraphStore => Some("http://www.w3.org/TR/sparql11-http-rdf-update/"),
        }
    }

    fn of(specification: Option<&str>) -> Self {
        [Self::SparqlUpdate, Self::GraphStore]
            .into_iter()
            .find(|k| k.specification() == specification)
            .unwrap_or(Self::Import)
    }
}

/// What a change did to one named graph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GraphChange {
    pub graph: String,
    /// Triples added to it.
    pub added: usize,
    /// Triples removed from it.
    pub removed: usize,
    /// It did not exist before.
    pub created: bool,
    /// It does not exist after.
    pub dropped: bool,
    /// The system graph keeping the added triples (for the revert).
    #[serde(skip)]
    pub added_graph: Option<String>,
    /// The system graph keeping the removed triples.
    #[serde(skip)]
    pub removed_graph: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revert {
    pub by: String,
    pub time: String,
    pub message: String,
}

/// Filters of the import list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub curator: Option<String>,
    /// Imports at or after this RFC 3339 time.
    pub since: Option<String>,
    /// Imports before this RFC 3339 time.
    pub until: Option<String>,
    /// Only imports whose graphs state or retract triples about this IRI.
    pub iri: Option<NamedNode>,
    /// Only imports from this source (`prov:used`).
    pub source: Option<NamedNode>,
    pub offset: usize,
    pub limit: usize,
}

/// IRIs of the provenance vocabulary under one deployment base.
pub struct Provenance {
    base: String,
}

impl Provenance {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
        }
    }

    pub fn base(&self) -> String {
        self.base.clone()
    }

    pub fn mlg(&self) -> String {
        format!("{}def#", self.base)
    }

    fn node(&self, path: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{path}", self.base))
    }

    pub fn graph(&self) -> NamedNode {
        self.node("graph/provenance")
    }

    pub fn import_graph(&self, id: &str) -> NamedNode {
        self.node(&format!("graph/import/{id}"))
    }

    pub fn retraction_graph(&self, id: &str) -> NamedNode {
        self.node(&format!("graph/retraction/{id}"))
    }

    /// Where a reverted import's `kind` ("import" or "retraction") graph is kept.
    pub fn reverted_graph(&self, kind: &str, id: &str) -> NamedNode {
        self.node(&format!("graph/system/reverted/{kind}/{id}"))
    }

    /// Where a change keeps the triples it `added` to, or `removed` from, its `k`-th
    /// changed graph (k from 1, in the order of the graphs' IRIs).
    pub fn change_graph(&self, k: usize, direction: &str, id: &str) -> NamedNode {
        self.node(&format!("graph/system/changes/{k}/{direction}/{id}"))
    }

    pub fn activity(&self, id: &str) -> NamedNode {
        self.node(&format!("id/import/{id}"))
    }

    fn account(&self, name: &str) -> NamedNode {
        self.node(&format!("id/account/{name}"))
    }

    fn term(&self, local: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{local}", self.mlg()))
    }

    /// The provenance quads of a new import.
    pub fn import_quads(&self, r: &ImportRecord) -> Vec<Quad> {
        let g = self.graph();
        let a = self.activity(&r.id);
        let q = |p: NamedNode, o: Term| Quad::new(a.clone(), p, o, g.clone());
        let mut out = vec![
            q(iri(RDF, "type"), iri(PROV, "Activity").into()),
            q(iri(RDF, "type"), self.term("Import").into()),
            q(
                iri(PROV, "wasAssociatedWith"),
                self.account(&r.curator).into(),
            ),
            q(iri(PROV, "startedAtTime"), date_time(&r.time)),
            q(
                iri(DCTERMS, "description"),
                Literal::from(r.message.as_str()).into(),
            ),
            q(
                self.term("contentHash"),
                Literal::from(r.hash.as_str()).into(),
            ),
            q(
                self.term("triplesAdded"),
                Literal::from(r.added as i64).into(),
            ),
            q(
                self.term("triplesRetracted"),
                Literal::from(r.retracted as i64).into(),
            ),
        ];
        if let Some(source) = &r.source {
            out.push(q(
                iri(PROV, "used"),
                NamedNode::new_unchecked(source).into(),
            ));
        }
        if let Some(specification) = r.kind.specification() {
            out.push(q(
                iri(DCTERMS, "conformsTo"),
                NamedNode::new_unchecked(specification).into(),
            ));
        }
        for change in &r.graphs {
            let graph = NamedNode::new_unchecked(&change.graph);
            if change.created {
                out.push(q(iri(PROV, "generated"), graph.clone().into()));
            }
            if change.dropped {
                out.push(q(iri(PROV, "invalidated"), graph.clone().into()));
            }
            for (kept, relation) in [
                (&change.added_graph, "addedTo"),
                (&change.removed_graph, "removedFrom"),
            ] {
                if let Some(kept) = kept {
                    let kept = NamedNode::new_unchecked(kept);
                    out.push(Quad::new(
                        kept.clone(),
                        iri(PROV, "wasGeneratedBy"),
                        a.clone(),
                        g.clone(),
                    ));
                    out.push(Quad::new(
                        kept,
                        self.term(relation),
                        graph.clone(),
                        g.clone(),
                    ));
                }
            }
        }
        for (graph, n) in [
            (self.import_graph(&r.id), r.added),
            (self.retraction_graph(&r.id), r.retracted),
        ] {
            if n > 0 {
                out.push(q(iri(PROV, "generated"), graph.clone().into()));
                out.push(Quad::new(
                    graph.clone(),
                    iri(PROV, "wasGeneratedBy"),
                    a.clone(),
                    g.clone(),
                ));
                out.push(Quad::new(
                    graph,
                    iri(PROV, "wasAttributedTo"),
                    self.account(&r.curator),
                    g.clone(),
                ));
            }
        }
        out
    }

    /// The provenance quads of a revert.
    pub fn revert_quads(&self, id: &str, who: &str, time: &str, message: &str) -> Vec<Quad> {
        let g = self.graph();
        let r = self.node(&format!("id/revert/{id}"));
        let q = |p: NamedNode, o: Term| Quad::new(r.clone(), p, o, g.clone());
        vec![
            q(iri(RDF, "type"), iri(PROV, "Activity").into()),
            q(iri(RDF, "type"), self.term("Revert").into()),
            q(iri(PROV, "used"), self.activity(id).into()),
            q(iri(PROV, "wasAssociatedWith"), self.account(who).into()),
            q(iri(PROV, "startedAtTime"), date_time(time)),
            q(iri(DCTERMS, "description"), Literal::from(message).into()),
        ]
    }

    /// The first import with this content hash that is not reverted.
    pub fn active_import_with_hash(
        &self,
        store: &GraphStore,
        hash: &str,
    ) -> Result<Option<String>, StoreError> {
        let query = format!(
            "SELECT ?a WHERE {{ GRAPH <{g}> {{ ?a <{h}> {lit} ; <{PROV}startedAtTime> ?t \
             FILTER NOT EXISTS {{ ?r <{PROV}used> ?a ; a <{revert}> }} }} }} ORDER BY ?t LIMIT 1",
            g = self.graph().as_str(),
            h = self.term("contentHash").as_str(),
            lit = Literal::from(hash),
            revert = self.term("Revert").as_str(),
        );
        Ok(rows(store, &query)?
            .into_iter()
            .next()
            .and_then(|r| r[0].clone())
            .map(|a| self.id_of(&a)))
    }

    fn id_of(&self, activity: &str) -> String {
        activity.rsplit('/').next().unwrap_or(activity).to_owned()
    }

    /// One import's record.
    pub fn import(&self, store: &GraphStore, id: &str) -> Result<Option<ImportRecord>, StoreError> {
        if !plain_segment(id) {
            return Ok(None);
        }
        let filter = ListFilter {
            limit: 1,
            ..ListFilter::default()
        };
        Ok(self
            .list_where(store, &filter, Some(&self.activity(id)))?
            .into_iter()
            .next())
    }

    /// Imports, newest first (or oldest first from `since`, for change feeds).
    pub fn list(
        &self,
        store: &GraphStore,
        filter: &ListFilter,
    ) -> Result<Vec<ImportRecord>, StoreError> {
        self.list_where(store, filter, None)
    }

    fn list_where(
        &self,
        store: &GraphStore,
        filter: &ListFilter,
        only: Option<&NamedNode>,
    ) -> Result<Vec<ImportRecord>, StoreError> {
        let mut constraints = String::new();
        if let Some(a) = only {
            constraints.push_str(&format!("FILTER(?a = <{}>) ", a.as_str()));
        }
        if let Some(c) = &filter.curator {
            if !plain_segment(c) {
                return Ok(Vec::new());
            }
            constraints.push_str(&format!("FILTER(?who = <{}>) ", self.account(c).as_str()));
        }
        if let Some(source) = &filter.source {
            constraints.push_str(&format!("FILTER(?src = <{}>) ", source.as_str()));
        }
        if let Some(since) = &filter.since {
            constraints.push_str(&format!("FILTER(?t >= {}) ", date_time(since)));
        }
        if let Some(until) = &filter.until {
            constraints.push_str(&format!("FILTER(?t < {}) ", date_time(until)));
        }
        let about = match &filter.iri {
            // Live or reverted graphs of the import that mention the IRI.
            Some(iri) => format!(
                "FILTER EXISTS {{ GRAPH ?cg {{ {{ <{i}> ?x ?y }} UNION {{ ?x ?y <{i}> }} }} \
                 FILTER(STRENDS(STR(?cg), CONCAT(\"/\", ?id)) && (CONTAINS(STR(?cg), \"/graph/import/\") \
                 || CONTAINS(STR(?cg), \"/graph/retraction/\") || CONTAINS(STR(?cg), \"/graph/system/reverted/\") \
                 || CONTAINS(STR(?cg), \"/graph/system/changes/\"))) }}",
                i = iri.as_str()
            ),
            None => String::new(),
        };
        let order = if filter.since.is_some() {
            "ASC(?t)"
        } else {
            "DESC(?t)"
        };
        let query = format!(
            "SELECT ?a ?who ?t ?msg ?src ?added ?retracted ?hash ?rwho ?rt ?rmsg ?spec WHERE {{ \
               GRAPH <{g}> {{ ?a a <{import}> ; <{PROV}wasAssociatedWith> ?who ; <{PROV}startedAtTime> ?t ; \
                 <{DCTERMS}description> ?msg ; <{hash_p}> ?hash ; <{added_p}> ?added ; <{retracted_p}> ?retracted . \
                 OPTIONAL {{ ?a <{PROV}used> ?src }} OPTIONAL {{ ?a <{DCTERMS}conformsTo> ?spec }} \
                 OPTIONAL {{ ?r <{PROV}used> ?a ; a <{revert}> ; <{PROV}wasAssociatedWith> ?rwho ; \
                   <{PROV}startedAtTime> ?rt ; <{DCTERMS}description> ?rmsg }} }} \
               BIND(REPLACE(STR(?a), \"^.*/\", \"\") AS ?id) {constraints} {about} }} \
             ORDER BY {order} ?a OFFSET {offset} LIMIT {limit}",
            g = self.graph().as_str(),
            import = self.term("Import").as_str(),
            hash_p = self.term("contentHash").as_str(),
            added_p = self.term("triplesAdded").as_str(),
            retracted_p = self.term("triplesRetracted").as_str(),
            revert = self.term("Revert").as_str(),
            offset = filter.offset,
            limit = filter.limit.max(1),
        );
        let account_prefix = self.account("").as_str().to_owned();
        let name = |s: &Option<String>| {
            s.as_deref()
                .unwrap_or_default()
                .trim_start_matches(&account_prefix)
                .to_owned()
        };
        let records = rows(store, &query)?
            .into_iter()
            .map(|r| ImportRecord {
                id: self.id_of(r[0].as_deref().unwrap_or_default()),
                curator: name(&r[1]),
                time: r[2].clone().unwrap_or_default(),
                message: r[3].clone().unwrap_or_default(),
                source: r[4].clone(),
                added: r[5].as_deref().and_then(|n| n.parse().ok()).unwrap_or(0),
                retracted: r[6].as_deref().and_then(|n| n.parse().ok()).unwrap_or(0),
                hash: r[7].clone().unwrap_or_default(),
                reverted: r[8].as_ref().map(|_| Revert {
                    by: name(&r[8]),
                    time: r[9].clone().unwrap_or_default(),
                    message: r[10].clone().unwrap_or_default(),
                }),
                kind: Kind::of(r[11].as_deref()),
                graphs: Vec::new(),
            })
            .collect();
        self.with_graph_changes(store, records)
    }

    /// Fills in what administrators' writes did to other named graphs.
    fn with_graph_changes(
        &self,
        store: &GraphStore,
        mut records: Vec<ImportRecord>,
    ) -> Result<Vec<ImportRecord>, StoreError> {
        let writes: Vec<String> = records
            .iter()
            .filter(|r| r.kind != Kind::Import)
            .map(|r| format!("<{}>", self.activity(&r.id).as_str()))
            .collect();
        if writes.is_empty() {
            return Ok(records);
        }
        let values = writes.join(" ");
        let g = self.graph();
        let kept = format!(
            "SELECT ?a ?kept ?rel ?target (COUNT(?s) AS ?n) WHERE {{ VALUES ?a {{ {values} }} \
               GRAPH <{g}> {{ ?kept <{PROV}wasGeneratedBy> ?a ; ?rel ?target \
                 FILTER(?rel IN (<{added}>, <{removed}>)) }} \
               OPTIONAL {{ GRAPH ?kept {{ ?s ?p ?o }} }} }} GROUP BY ?a ?kept ?rel ?target",
            g = g.as_str(),
            added = self.term("addedTo").as_str(),
            removed = self.term("removedFrom").as_str(),
        );
        let existence = format!(
            "SELECT ?a ?rel ?target WHERE {{ VALUES ?a {{ {values} }} \
               GRAPH <{g}> {{ ?a ?rel ?target FILTER(?rel IN (<{PROV}generated>, <{PROV}invalidated>)) }} }}",
            g = g.as_str(),
        );
        let mut changes = BTreeMap::<(String, String), GraphChange>::new();
        let prefix = self.activity("").as_str().to_owned();
        for r in rows(store, &kept)? {
            let (Some(a), Some(kept), Some(rel), Some(target)) =
                (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone())
            else {
                continue;
            };
            let n = r[4].as_deref().and_then(|n| n.parse().ok()).unwrap_or(0);
            let id = a.trim_start_matches(&prefix).to_owned();
            let change = changes.entry((id, target.clone())).or_default();
            change.graph = target;
            if rel == self.term("addedTo").as_str() {
                (change.added, change.added_graph) = (n, Some(kept));
            } else {
                (change.removed, change.removed_graph) = (n, Some(kept));
            }
        }
        for r in rows(store, &existence)? {
            let (Some(a), Some(rel), Some(target)) = (r[0].clone(), r[1].clone(), r[2].clone())
            else {
                continue;
            };
            let id = a.trim_start_matches(&prefix).to_owned();
            if target == self.import_graph(&id).as_str()
                || target == self.retraction_graph(&id).as_str()
            {
                continue;
            }
            let change = changes.entry((id, target.clone())).or_default();
            change.graph = target;
            if rel.ends_with("#generated") {
                change.created = true;
            } else {
                change.dropped = true;
            }
        }
        for ((id, _), change) in changes {
            if let Some(record) = records.iter_mut().find(|r| r.id == id) {
                record.graphs.push(change);
            }
        }
        Ok(records)
    }
}

fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// Whether a value from a request can be the last segment of an import's or an account's
/// IRI: ids and account names are made of these characters only, so any other value names
/// nothing (and never reaches a query's text).
fn plain_segment(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._~-".contains(c))
}

fn date_time(value: &str) -> Term {
    Literal::new_typed_literal(value, iri(XSD, "dateTime")).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_that_no_import_can_have_name_nothing() {
        let store = GraphStore::in_memory().unwrap();
        let prov = Provenance::new("https://w3id.org/maillage/");
        for id in [
            "20261129T214500.123Z-1a2b3c4d",
            "x> } UNION { ?a ?b ?c",
            "a b",
            "",
            "é",
        ] {
            assert!(prov.import(&store, id).unwrap().is_none(), "{id:?}");
        }
        let filter = ListFilter {
            curator: Some("x> ) } #".into()),
            ..ListFilter::default()
        };
        assert!(prov.list(&store, &filter).unwrap().is_empty());
        assert!(plain_segment("alice.b-c_d~e") && !plain_segment("a/b") && !plain_segment("a>"));
    }
}
