//! Textes juridiques: the list (`GET /textes?type=Loi&annee=2016&page=2`, from
//! queries/views/textes.rq, sorted by date then IRI) and one page per text, served at the
//! text's own IRI (`/id/loi/2016-41`, see [`crate::server::deref`]): type, number, date,
//! nicknames, Légifrance link, what it created / changed / framed / funded with the
//! evidence quotes linked to their lines (texte.rq, texte-actions.rq), its articles, the
//! texts it amends or is based on, and the documents citing it (texte-links.rq).

use super::{cell, count, fold, link, paginate, param, respond, Page};
use crate::server::deref::evidence_href;
use crate::server::error::ApiError;
use crate::server::queries_api;
use crate::server::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// `GET /textes`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let base = &state.config.base;
        let table = queries_api::run(&state, "textes", &[]).await?;
        let type_filter = param(&uri, "type");
        let year_filter = param(&uri, "annee");
        let mut types: BTreeMap<String, (String, u64)> = BTreeMap::new();
        let mut years: BTreeMap<String, u64> = BTreeMap::new();
        let mut items = Vec::new();
        for row in &table.rows {
            let Some(law) = cell(&table, row, "law") else {
                continue;
            };
            let type_iri = cell(&table, row, "type").unwrap_or_default();
            let type_key = super::short(&type_iri);
            let type_label = cell(&table, row, "typeLabel").unwrap_or_else(|| type_key.clone());
            let date = cell(&table, row, "date");
            let year = date.as_deref().and_then(|d| d.get(..4)).map(str::to_owned);
            types
                .entry(type_key.clone())
                .or_insert((type_label.clone(), 0))
                .1 += 1;
            if let Some(y) = &year {
                *years.entry(y.clone()).or_default() += 1;
            }
            if type_filter.as_ref().is_some_and(|t| *t != type_key)
                || year_filter
                    .as_ref()
                    .is_some_and(|y| Some(y) != year.as_ref())
            {
                continue;
            }
            items.push(json!({
                "text": link(&law, cell(&table, row, "label"), base),
                "type": type_key,
                "typeLabel": type_label,
                "number": cell(&table, row, "number"),
                "date": date,
            }));
        }
        let (items, pagination) = paginate(items, &uri);
        let facet = |key: &str, value: &str| super::with_param(&uri_without_page(&uri), key, value);
        let types: Vec<Value> = types
            .into_iter()
            .map(|(key, (label, n))| json!({ "key": key, "label": label, "count": n, "href": facet("type", &key), "selected": type_filter.as_deref() == Some(key.as_str()) }))
            .collect();
        let years: Vec<Value> = years
            .into_iter()
            .map(|(y, n)| json!({ "year": y, "count": n, "href": facet("annee", &y), "selected": year_filter.as_deref() == Some(y.as_str()) }))
            .collect();
        Ok::<_, ApiError>(json!({
            "filters": { "type": type_filter, "annee": year_filter },
            "types": types,
            "years": years,
            "texts": items,
            "pagination": pagination,
        }))
    };
    match result.await {
        Ok(data) => {
            let page = Page::new("Textes juridiques", "textes.html")
                .crumb("Textes juridiques", None)
                .json_alternate(&uri);
            respond(&headers, &uri, page, data)
        }
        Err(e) => super::error_page(&headers, e),
    }
}

fn uri_without_page(uri: &Uri) -> Uri {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        if k != "page" && k != "format" {
            query.append_pair(&k, &v);
        }
    }
    format!("{}?{}", uri.path(), query.finish())
        .parse()
        .unwrap_or_else(|_| uri.clone())
}

/// The page of one legal text (its IRI's HTML and JSON).
pub async fn page(state: &AppState, iri: &str, _uri: &Uri) -> Result<(Page, Value), ApiError> {
    let base = &state.config.base;
    let fields = queries_api::run(state, "texte", &[("law", iri)]).await?;
    let mut props: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for row in &fields.rows {
        let (Some(field), Some(value)) = (cell(&fields, row, "field"), cell(&fields, row, "value"))
        else {
            continue;
        };
        let value = if field == "type" || field == "seeAlso" {
            link(&value, cell(&fields, row, "valueLabel"), base)
        } else {
            json!(value)
        };
        props.entry(field).or_default().push(value);
    }
    let first = |k: &str| props.get(k).and_then(|v| v.first()).cloned();
    let label = first("label")
        .or_else(|| first("title"))
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| super::short(iri));
    let legifrance = props
        .get("seeAlso")
        .into_iter()
        .flatten()
        .find(|l| {
            l["iri"]
                .as_str()
                .is_some_and(|i| i.contains("legifrance.gouv.fr"))
        })
        .and_then(|l| l["iri"].as_str().map(str::to_owned))
        .or_else(|| {
            first("idLocal").and_then(|v| {
                v.as_str()
                    .map(|id| format!("https://www.legifrance.gouv.fr/loda/id/{id}"))
            })
        });

    let actions = queries_api::run(state, "texte-actions", &[("law", iri)]).await?;
    let mut grouped: BTreeMap<(String, String), Value> = BTreeMap::new();
    for row in &actions.rows {
        let (Some(relation), Some(target)) = (
            cell(&actions, row, "relation"),
            cell(&actions, row, "target"),
        ) else {
            continue;
        };
        let entry = grouped
            .entry((relation.clone(), target.clone()))
            .or_insert_with(|| {
                let label = cell(&actions, row, "targetNotation")
                    .map(|n| format!("{n} — {}", cell(&actions, row, "targetLabel").unwrap_or_default()))
                    .or_else(|| cell(&actions, row, "targetLabel"));
                json!({
                    "relation": super::short(&relation),
                    "relationLabel": cell(&actions, row, "relationLabel").unwrap_or_else(|| super::short(&relation)),
                    "target": link(&target, label, base),
                    "evidence": [],
                })
            });
        let document = cell(&actions, row, "document").unwrap_or_default();
        let line = cell(&actions, row, "line").unwrap_or_default();
        if let Some(list) = entry["evidence"].as_array_mut() {
            list.push(json!({
                "document": link(&document, None, base),
                "line": line.parse::<u64>().unwrap_or(0),
                "quote": cell(&actions, row, "quote"),
                "article": cell(&actions, row, "article").map(|a| link(&a, None, base)),
                "href": evidence_href(&document, &line, base),
            }));
        }
    }
    let order = |r: &str| crate::server::views::relation_order(r);
    let mut actions: Vec<Value> = grouped.into_values().collect();
    actions.sort_by_key(|a| {
        (
            order(a["relation"].as_str().unwrap_or_default()),
            fold(a["target"]["label"].as_str().unwrap_or_default()),
        )
    });

    let links = queries_api::run(state, "texte-links", &[("law", iri)]).await?;
    let mut around: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for row in &links.rows {
        let (Some(kind), Some(other)) = (cell(&links, row, "link"), cell(&links, row, "other"))
        else {
            continue;
        };
        let mut l = link(&other, cell(&links, row, "otherLabel"), base);
        l["passages"] = json!(count(&links, row, "passages"));
        around.entry(kind).or_default().push(l);
    }
    let data = json!({
        "iri": iri,
        "label": label,
        "type": first("type"),
        "number": first("number"),
        "date": first("date"),
        "title": first("title"),
        "nicknames": props.get("nickname").cloned().unwrap_or_default(),
        "altLabels": props.get("alt").cloned().unwrap_or_default(),
        "definition": first("definition"),
        "legifrance": legifrance,
        "actions": actions,
        "articles": around.remove("article").unwrap_or_default(),
        "amends": around.remove("amends").unwrap_or_default(),
        "amendedBy": around.remove("amendedBy").unwrap_or_default(),
        "basedOn": around.remove("basedOn").unwrap_or_default(),
        "basisOf": around.remove("basisOf").unwrap_or_default(),
        "citedBy": around.remove("citedBy").unwrap_or_default(),
    });
    let page = Page::new(&label, "texte.html")
        .crumb("Textes juridiques", Some("/textes"))
        .crumb(&label, None);
    Ok((page, data))
}
