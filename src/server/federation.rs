//! The federation allow-list: every `SERVICE` of a query is vetted before evaluation.
//!
//! The parsed algebra is walked completely (nested groups, subqueries, `EXISTS`/`NOT EXISTS`
//! inside filters, binds, ordering and aggregates), so no `SERVICE` escapes the check.
//! A `SERVICE` whose endpoint is a variable is refused: only fixed IRIs can be vetted.

use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};
use spargebra::term::NamedNodePattern;
use spargebra::Query;

/// Why a query's `SERVICE` was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ServiceRefused {
    #[error(
        "SERVICE <{0}> refused: federated queries are disabled on this endpoint (empty allow-list)"
    )]
    Disabled(String),
    #[error("SERVICE <{iri}> refused: not on this endpoint's federation allow-list (allowed: {allowed})")]
    NotAllowed { iri: String, allowed: String },
    #[error("SERVICE ?{0} refused: the endpoint of a SERVICE must be a fixed, allow-listed IRI, not a variable")]
    Variable(String),
}

/// Whether `query` has a `SERVICE` pattern anywhere.
pub fn has_services(query: &Query) -> bool {
    let mut names = Vec::new();
    collect_pattern(query_pattern(query), &mut names);
    !names.is_empty()
}

/// Checks every `SERVICE` endpoint of `query` against `allow` (exact IRIs).
pub fn check_services(query: &Query, allow: &[String]) -> Result<(), ServiceRefused> {
    let mut names = Vec::new();
    collect_pattern(query_pattern(query), &mut names);
    for name in names {
        match name {
            NamedNodePattern::Variable(v) => {
                return Err(ServiceRefused::Variable(v.as_str().to_owned()))
            }
            NamedNodePattern::NamedNode(n) if allow.is_empty() => {
                return Err(ServiceRefused::Disabled(n.as_str().to_owned()))
            }
            NamedNodePattern::NamedNode(n) if !allow.iter().any(|a| a == n.as_str()) => {
                return Err(ServiceRefused::NotAllowed {
                    iri: n.as_str().to_owned(),
                    allowed: allow.join(", "),
                })
            }
            NamedNodePattern::NamedNode(_) => {}
        }
    }
    Ok(())
}

fn query_pattern(query: &Query) -> &GraphPattern {
    match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    }
}

fn collect_pattern<'a>(pattern: &'a GraphPattern, out: &mut Vec<&'a NamedNodePattern>) {
    match pattern {
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
        GraphPattern::Service { name, inner, .. } => {
            out.push(name);
            collect_pattern(inner, out);
        }
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            collect_pattern(left, out);
            collect_pattern(right, out);
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            collect_pattern(left, out);
            collect_pattern(right, out);
            if let Some(e) = expression {
                collect_expression(e, out);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            collect_expression(expr, out);
            collect_pattern(inner, out);
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            collect_expression(expression, out);
            collect_pattern(inner, out);
        }
        GraphPattern::OrderBy { inner, expression } => {
            for e in expression {
                match e {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                        collect_expression(e, out)
                    }
                }
            }
            collect_pattern(inner, out);
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            for (_, aggregate) in aggregates {
                if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                    collect_expression(expr, out);
                }
            }
            collect_pattern(inner, out);
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => collect_pattern(inner, out),
    }
}

fn collect_expression<'a>(expression: &'a Expression, out: &mut Vec<&'a NamedNodePattern>) {
    match expression {
        Expression::Exists(pattern) => collect_pattern(pattern, out),
        other => crate::sparql_walk::for_each_operand(other, |e| collect_expression(e, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spargebra::SparqlParser;

    const OK: &str = "http://ok.example/sparql";

    fn check(query: &str) -> Result<(), ServiceRefused> {
        let query = SparqlParser::new()
            .parse_query(query)
            .expect("test query parses");
        check_services(&query, &[OK.to_owned()])
    }

    fn refused_iri(query: &str) -> String {
        match check(query).unwrap_err() {
            ServiceRefused::NotAllowed { iri, .. } => iri,
            other => panic!("unexpected refusal {other:?}"),
        }
    }

    #[test]
    fn allowed_and_plain_queries_pass() {
        assert!(check("SELECT * { ?s ?p ?o }").is_ok());
        assert!(check(&format!("SELECT * {{ SERVICE <{OK}> {{ ?s ?p ?o }} }}")).is_ok());
    }

    #[test]
    fn finds_services_everywhere() {
        let bad = "http://bad.example/sparql";
        for query in [
            format!("SELECT * {{ ?s ?p ?o SERVICE <{bad}> {{ ?s ?p ?o }} }}"),
            format!("SELECT * {{ OPTIONAL {{ SERVICE SILENT <{bad}> {{ ?s ?p ?o }} }} }}"),
            format!("SELECT * {{ {{ SELECT ?s {{ SERVICE <{bad}> {{ ?s ?p ?o }} }} LIMIT 1 }} }}"),
            format!("SELECT * {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{bad}> {{ ?s ?p ?o }} }} }}"),
            format!("ASK {{ ?s ?p ?o FILTER(?o = 1 || EXISTS {{ SERVICE <{bad}> {{ ?s ?p ?o }} }}) }}"),
            format!("CONSTRUCT {{ ?s ?p ?o }} {{ GRAPH ?g {{ SERVICE <{bad}> {{ ?s ?p ?o }} }} }}"),
            format!("SELECT * {{ ?s ?p ?o MINUS {{ SERVICE <{bad}> {{ ?s ?p ?o }} }} }}"),
            format!("SELECT * {{ SERVICE <{OK}> {{ SERVICE <{bad}> {{ ?s ?p ?o }} }} }}"),
            format!("SELECT * {{ ?s ?p ?o BIND(IF(EXISTS {{ SERVICE <{bad}> {{ ?s ?p ?o }} }}, 1, 0) AS ?x) }}"),
        ] {
            assert_eq!(refused_iri(&query), bad, "{query}");
        }
    }

    #[test]
    fn variable_services_and_empty_list_refused() {
        assert_eq!(
            check("SELECT * { SERVICE ?e { ?s ?p ?o } }").unwrap_err(),
            ServiceRefused::Variable("e".to_owned())
        );
        let query = SparqlParser::new()
            .parse_query(&format!("SELECT * {{ SERVICE <{OK}> {{ ?s ?p ?o }} }}"))
            .unwrap();
        assert_eq!(
            check_services(&query, &[]).unwrap_err(),
            ServiceRefused::Disabled(OK.to_owned())
        );
    }
}
