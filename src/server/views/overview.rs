//! The analysts' first question, `GET /lois-dispositifs`: which laws created which
//! dispositifs, as a table (queries/laws-created-dispositifs.rq, the README's query) and as
//! two pictures drawn on the server: a timeline of the legal texts and what they created
//! or changed, and a network of texts → dispositifs, coloured by relation
//! (queries/law-dispositif-relations.rq, folded to one edge per text, relation, target).

use super::dispositifs::short_law;
use super::svg::{self, Edge, Event};
use super::{cell, link, respond, Page, RELATIONS};
use crate::server::error::ApiError;
use crate::server::queries_api;
use crate::server::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One (legal text, relation, target) fact, folded over its evidence.
struct Fact {
    date: Option<String>,
    law_label: String,
    target_label: String,
    evidence: u64,
}

/// `GET /lois-dispositifs`.
pub async fn get(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let base = &state.config.base;
        let created = queries_api::run(&state, "laws-created-dispositifs", &[]).await?;
        let table: Vec<Value> = created
            .rows
            .iter()
            .filter_map(|row| {
                let law = cell(&created, row, "law")?;
                let d = cell(&created, row, "dispositif")?;
                Some(json!({
                    "law": link(&law, cell(&created, row, "lawLabel"), base),
                    "dispositif": link(&d, cell(&created, row, "acronym"), base),
                }))
            })
            .collect();

        let relations = queries_api::run(&state, "law-dispositif-relations", &[]).await?;
        // One fact per (law, relation, target), with its date, labels and evidence count.
        let mut facts: BTreeMap<(String, String, String), Fact> = BTreeMap::new();
        for row in &relations.rows {
            let (Some(law), Some(relation), Some(target)) = (
                cell(&relations, row, "law"),
                cell(&relations, row, "relation"),
                cell(&relations, row, "target"),
            ) else {
                continue;
            };
            let target_label = cell(&relations, row, "targetNotation")
                .or_else(|| cell(&relations, row, "targetLabel"))
                .unwrap_or_else(|| super::short(&target));
            let entry = facts
                .entry((law, super::short(&relation), target))
                .or_insert_with(|| Fact {
                    date: cell(&relations, row, "lawDate"),
                    law_label: cell(&relations, row, "lawLabel").unwrap_or_default(),
                    target_label,
                    evidence: 0,
                });
            entry.evidence += 1;
        }
        // Timeline: one event per (law, relation), naming its targets.
        let mut per_law: BTreeMap<(String, String), (&Fact, Vec<&str>)> = BTreeMap::new();
        for ((law, relation, _), fact) in &facts {
            per_law
                .entry((law.clone(), relation.clone()))
                .or_insert_with(|| (fact, Vec::new()))
                .1
                .push(&fact.target_label);
        }
        let relation_labels: BTreeMap<&str, &str> = [
            ("created", "crée"),
            ("modified", "modifie"),
            ("regulates", "encadre"),
            ("funds", "finance"),
            ("generalised", "généralise"),
            ("givesLegalBasis", "fonde"),
            ("defines", "définit"),
        ]
        .into_iter()
        .collect();
        let events: Vec<Event> = per_law
            .iter()
            .filter(|((_, relation), _)| relation == "created" || relation == "modified")
            .filter_map(|((law, relation), (fact, targets))| {
                Some(Event {
                    date: fact.date.clone()?,
                    label: format!(
                        "{} {}",
                        relation_labels
                            .get(relation.as_str())
                            .copied()
                            .unwrap_or(relation),
                        targets.join(", ")
                    ),
                    title: fact.law_label.clone(),
                    href: super::href(law, base),
                    relation: relation.clone(),
                })
            })
            .collect();
        // Network: legal texts by date, then IRI.
        let mut laws: Vec<(Option<String>, String, String)> = facts
            .iter()
            .map(|((law, _, _), fact)| {
                (
                    fact.date.clone(),
                    super::href(law, base),
                    short_law(&fact.law_label),
                )
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        laws.sort_by(|a, b| (a.0.is_none(), &a.0, &a.1).cmp(&(b.0.is_none(), &b.0, &b.1)));
        let law_nodes: Vec<(String, String)> = laws
            .iter()
            .map(|(_, h, l)| (h.clone(), l.clone()))
            .collect();
        let edges: Vec<Edge> = facts
            .iter()
            .filter_map(|((law, relation, target), fact)| {
                Some(Edge {
                    law: (super::href(law, base), short_law(&fact.law_label)),
                    dispositif: (super::href(target, base), fact.target_label.clone()),
                    relation: relation.clone(),
                })
                .filter(|e| law_nodes.contains(&e.law))
            })
            .collect();
        let legend: Vec<Value> = RELATIONS
            .iter()
            .map(|(r, c)| json!({ "relation": r, "label": relation_labels.get(r).copied().unwrap_or(r), "color": c }))
            .collect();
        Ok::<_, ApiError>(json!({
            "created": table,
            "timeline": svg::timeline(&events),
            "network": svg::network(&law_nodes, &edges),
            "legend": legend,
            "facts": facts.len(),
        }))
    };
    match result.await {
        Ok(data) => {
            let page = Page::new("Quelles lois ont créé quels dispositifs ?", "overview.html")
                .crumb("Lois → dispositifs", None)
                .json_alternate(&uri);
            respond(&headers, &uri, page, data)
        }
        Err(e) => super::error_page(&headers, e),
    }
}
