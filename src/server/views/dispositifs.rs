//! Dispositifs: the list of dispositif types (`GET /dispositifs`, queries/views/dispositifs.rq)
//! and one page per type at its IRI (`/id/dispositif/cpts`): definition with its source
//! (dispositif.rq), the legal history as a dated timeline and a table with the evidence of
//! every fact (dispositif-history.rq), local instances (dispositif-instances.rq), and the
//! actors, territories, references and documents around it (dispositif-context.rq).

use super::svg::{self, Event};
use super::{cell, count, fold, link, paginate, respond, Page};
use crate::server::deref::evidence_href;
use crate::server::error::ApiError;
use crate::server::queries_api;
use crate::server::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;

use super::SECTION_LIMIT;

/// `GET /dispositifs`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let base = &state.config.base;
        let table = queries_api::run(&state, "dispositifs", &[]).await?;
        let items: Vec<Value> = table
            .rows
            .iter()
            .filter_map(|row| {
                let iri = cell(&table, row, "dispositif")?;
                Some(json!({
                    "dispositif": link(&iri, cell(&table, row, "label"), base),
                    "notation": cell(&table, row, "notation"),
                    "broader": cell(&table, row, "broader").map(|b| link(&b, cell(&table, row, "broaderLabel"), base)),
                    "instances": count(&table, row, "instances"),
                    "texts": count(&table, row, "texts"),
                }))
            })
            .collect();
        let (items, pagination) = paginate(items, &uri);
        Ok::<_, ApiError>(json!({ "dispositifs": items, "pagination": pagination }))
    };
    match result.await {
        Ok(data) => {
            let page = Page::new("Dispositifs", "dispositifs.html")
                .crumb("Dispositifs", None)
                .json_alternate(&uri);
            respond(&headers, &uri, page, data)
        }
        Err(e) => super::error_page(&headers, e),
    }
}

/// The page of one dispositif type (its IRI's HTML and JSON).
pub async fn page(state: &AppState, iri: &str, _uri: &Uri) -> Result<(Page, Value), ApiError> {
    let base = &state.config.base;
    let fields = queries_api::run(state, "dispositif", &[("dispositif", iri)]).await?;
    let mut props: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for row in &fields.rows {
        let (Some(field), Some(value)) = (cell(&fields, row, "field"), cell(&fields, row, "value"))
        else {
            continue;
        };
        let value = if ["source", "broader", "narrower", "seeAlso"].contains(&field.as_str()) {
            link(&value, cell(&fields, row, "valueLabel"), base)
        } else {
            json!(value)
        };
        props.entry(field).or_default().push(value);
    }
    let first = |k: &str| props.get(k).and_then(|v| v.first()).cloned();
    let label = first("label")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| super::short(iri));
    let notation = first("acronym").and_then(|v| v.as_str().map(str::to_owned));

    let history = queries_api::run(state, "dispositif-history", &[("dispositif", iri)]).await?;
    // One entry per (text, relation), its evidence listed.
    let mut grouped: BTreeMap<(String, String, String), Value> = BTreeMap::new();
    for row in &history.rows {
        let (Some(law), Some(relation)) =
            (cell(&history, row, "law"), cell(&history, row, "relation"))
        else {
            continue;
        };
        let date = cell(&history, row, "lawDate").unwrap_or_default();
        let relation_short = super::short(&relation);
        let entry = grouped
            .entry((date.clone(), law.clone(), relation_short.clone()))
            .or_insert_with(|| {
                json!({
                    "date": (!date.is_empty()).then_some(date.clone()),
                    "law": link(&law, cell(&history, row, "lawLabel"), base),
                    "relation": relation_short,
                    "relationLabel": cell(&history, row, "relationLabel").unwrap_or_else(|| super::short(&relation)),
                    "color": super::relation_color(&super::short(&relation)),
                    "evidence": [],
                })
            });
        let document = cell(&history, row, "document").unwrap_or_default();
        let line = cell(&history, row, "line").unwrap_or_default();
        if let Some(list) = entry["evidence"].as_array_mut() {
            list.push(json!({
                "document": link(&document, None, base),
                "line": line.parse::<u64>().unwrap_or(0),
                "quote": cell(&history, row, "quote"),
                "href": evidence_href(&document, &line, base),
            }));
        }
    }
    // Dated first, by date; undated after.
    let mut history: Vec<Value> = grouped.into_values().collect();
    history.sort_by_key(|h| {
        (
            h["date"].is_null(),
            h["date"].as_str().unwrap_or_default().to_owned(),
            super::relation_order(h["relation"].as_str().unwrap_or_default()),
            h["law"]["iri"].as_str().unwrap_or_default().to_owned(),
        )
    });
    let events: Vec<Event> = history
        .iter()
        .filter_map(|h| {
            Some(Event {
                date: h["date"].as_str()?.to_owned(),
                label: format!(
                    "{} {}",
                    h["relationLabel"].as_str().unwrap_or_default(),
                    short_law(h["law"]["label"].as_str().unwrap_or_default())
                ),
                title: h["law"]["label"].as_str().unwrap_or_default().to_owned(),
                href: h["law"]["href"].as_str().unwrap_or_default().to_owned(),
                relation: h["relation"].as_str().unwrap_or_default().to_owned(),
            })
        })
        .collect();

    let instances = queries_api::run(state, "dispositif-instances", &[("dispositif", iri)]).await?;
    // Only the entries shown are built (a type can have tens of thousands of instances).
    let instance_rows: Vec<_> = instances
        .rows
        .iter()
        .filter_map(|row| Some((row, cell(&instances, row, "instance")?)))
        .collect();
    let instance_total = instance_rows.len();
    let instances: Vec<Value> = instance_rows
        .into_iter()
        .take(SECTION_LIMIT)
        .map(|(row, i)| {
            json!({
                "instance": link(&i, cell(&instances, row, "label"), base),
                "territory": cell(&instances, row, "territory").map(|t| link(&t, cell(&instances, row, "territoryLabel"), base)),
                "documents": count(&instances, row, "documents"),
            })
        })
        .collect();

    let context = queries_api::run(state, "dispositif-context", &[("dispositif", iri)]).await?;
    let mut around: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for row in &context.rows {
        let (Some(kind), Some(other)) = (cell(&context, row, "link"), cell(&context, row, "other"))
        else {
            continue;
        };
        let mut l = link(&other, cell(&context, row, "otherLabel"), base);
        l["documents"] = json!(count(&context, row, "documents"));
        around.entry(kind).or_default().push(l);
    }
    for list in around.values_mut() {
        list.sort_by_cached_key(|l| {
            (
                std::cmp::Reverse(l["documents"].as_u64().unwrap_or(0)),
                fold(l["label"].as_str().unwrap_or_default()),
            )
        });
    }
    // At scale a type has thousands of instances, references and territories: the page
    // lists the first ones of each, and links to the whole list (the query's JSON).
    let mut more = serde_json::Map::new();
    let mut shorten = |section: &str, query: &str, total: usize, list: Vec<Value>| -> Vec<Value> {
        if total > SECTION_LIMIT {
            let href = format!(
                "/api/queries/{query}?{}",
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("dispositif", iri)
                    .finish()
            );
            more.insert(
                section.into(),
                json!({ "shown": SECTION_LIMIT, "total": total, "href": href }),
            );
        }
        list.into_iter().take(SECTION_LIMIT).collect()
    };
    let instances = shorten(
        "instances",
        "dispositif-instances",
        instance_total,
        instances,
    );
    let mut sections = serde_json::Map::new();
    for (section, kind) in [
        ("actors", "actor"),
        ("territories", "territory"),
        ("references", "reference"),
        ("documents", "document"),
    ] {
        let list = around.remove(kind).unwrap_or_default();
        let total = list.len();
        sections.insert(
            section.into(),
            json!(shorten(section, "dispositif-context", total, list)),
        );
    }
    let title = match &notation {
        Some(n) => format!("{n} — {label}"),
        None => label.clone(),
    };
    let mut data = json!({
        "iri": iri,
        "label": label,
        "notation": notation,
        "altLabels": props.get("alt").cloned().unwrap_or_default(),
        "definition": first("definition"),
        "source": first("source"),
        "broader": props.get("broader").cloned().unwrap_or_default(),
        "narrower": props.get("narrower").cloned().unwrap_or_default(),
        "history": history,
        "timeline": svg::timeline(&events),
        "instances": instances,
        "more": more,
    });
    if let Some(fields) = data.as_object_mut() {
        fields.extend(sections);
    }
    let page = Page::new(&title, "dispositif.html")
        .crumb("Dispositifs", Some("/dispositifs"))
        .crumb(notation.as_deref().unwrap_or(&label), None);
    Ok((page, data))
}

/// A legal text's label cut before its subject (`Loi n° 2016-41 du 26 janvier 2016`).
pub fn short_law(label: &str) -> String {
    let cut = [
        " relative",
        " de modernisation",
        " portant",
        " de financement",
        " pour ",
    ]
    .iter()
    .filter_map(|m| label.find(m))
    .min();
    match cut {
        Some(i) if i > 8 => label[..i].to_owned(),
        _ => label.chars().take(60).collect(),
    }
}
