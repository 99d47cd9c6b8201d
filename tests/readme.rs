//! The README's answers are the graph's: its "which laws created which
//! dispositifs" table and the first rows of the relation query are what the
//! queries return over the seeds. `README_UPDATE=1 cargo test --test readme`
//! rewrites them (review the diff).

mod common;

use common::seed_store;
use maillage::queries::{self, Table};
use oxigraph::model::Term;

const ID: &str = "https://w3id.org/maillage/id/";
const DEF: &str = "https://w3id.org/maillage/def#";

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The SPARQL of the README's curl example (the `<<'SPARQL'` here-document).
fn readme_query(text: &str) -> String {
    let start = text.find("<<'SPARQL'\n").expect("the README shows a query") + 11;
    let end = start + text[start..].find("\nSPARQL\n").expect("here-document end");
    text[start..end].to_owned()
}

/// A cell as the README prints it: IRIs shortened, literals bare, long text cut.
fn cell(term: Option<&Term>, width: usize) -> String {
    let text = match term {
        None => String::new(),
        Some(Term::NamedNode(n)) => n
            .as_str()
            .replace(&format!("{ID}document/"), "")
            .replace(ID, "")
            .replace(DEF, "mlg:"),
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(other) => other.to_string(),
    };
    if text.chars().count() > width {
        format!("{}…", text.chars().take(width).collect::<String>())
    } else {
        text
    }
}

fn column(table: &Table, name: &str) -> usize {
    table.variables.iter().position(|v| v == name).unwrap()
}

fn created_rows(table: &Table) -> Vec<String> {
    let c = |n| column(table, n);
    let mut lines = vec![
        "| law | lawLabel | dispositif | acronym |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    for row in &table.rows {
        let at = |n| cell(row[c(n)].as_ref(), 68);
        lines.push(format!(
            "| {} | {} | {} | {} |",
            at("law"),
            at("lawLabel"),
            at("dispositif"),
            at("acronym")
        ));
    }
    lines
}

fn relation_rows(table: &Table) -> Vec<String> {
    let c = |n| column(table, n);
    let mut lines = vec![
        "| ?law | ?lawDate | ?relation | ?target (?targetNotation) | ?document:?line | ?quote |"
            .to_owned(),
        "|---|---|---|---|---|---|".to_owned(),
    ];
    for row in table.rows.iter().take(8) {
        let at = |n, w| cell(row[c(n)].as_ref(), w);
        let notation = at("targetNotation", 40);
        let target = if notation.is_empty() {
            at("target", 80)
        } else {
            format!("{} ({notation})", at("target", 80))
        };
        lines.push(format!(
            "| {} | {} | {} | {target} | {}:{} | {} |",
            at("law", 80),
            at("lawDate", 20),
            at("relation", 40),
            at("document", 80),
            at("line", 10),
            at("quote", 108)
        ));
    }
    lines.push(String::new());
    lines.push(format!("({} rows in all.)", table.rows.len()));
    lines
}

/// The offsets of what stands between `<!-- name -->` and `<!-- /name -->`.
fn block(text: &str, name: &str) -> (usize, usize) {
    let open = format!("<!-- {name} -->\n");
    let start = text.find(&open).expect("opening marker in README") + open.len();
    let end = start
        + text[start..]
            .find(&format!("<!-- /{name} -->"))
            .expect("closing marker in README");
    (start, end)
}

#[test]
fn readme_tables_are_what_the_queries_return() {
    let (_dir, store) = seed_store();
    let mut text = readme();
    let created = created_rows(&queries::select(&store, &readme_query(&text)).unwrap());
    let relations = relation_rows(&queries::run(&store, "law-dispositif-relations").unwrap());
    assert!(created.len() > 10, "the seeds say which laws created what");
    assert!(
        created
            .iter()
            .any(|l| l.starts_with("| loi/2016-41 |") && l.contains("| CPTS |")),
        "the loi of 26 January 2016 created the CPTS: {created:#?}"
    );
    let mut stale = Vec::new();
    for (name, rows) in [("created-rows", created), ("relation-rows", relations)] {
        let (start, end) = block(&text, name);
        let want = format!("{}\n", rows.join("\n"));
        if text[start..end] != want {
            stale.push(name);
            text.replace_range(start..end, &want);
        }
    }
    if std::env::var_os("README_UPDATE").is_some() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), &text).unwrap();
    } else {
        assert!(
            stale.is_empty(),
            "README tables {stale:?} differ from the queries' answers; \
             run `README_UPDATE=1 cargo test --test readme` and review the diff"
        );
    }
}
