//! Violations as a SHACL `sh:ValidationReport` (RDF), and as JSON.

use super::validate::Violation;
use crate::vocab::RDF;
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};

pub const SH: &str = "http://www.w3.org/ns/shacl#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// The report's triples: one `sh:result` per violation.
pub fn triples(violations: &[Violation]) -> Vec<Triple> {
    let report: NamedOrBlankNode = BlankNode::default().into();
    let mut out = vec![
        Triple::new(
            report.clone(),
            NamedNode::new_unchecked(format!("{RDF}type")),
            sh("ValidationReport"),
        ),
        Triple::new(
            report.clone(),
            sh("conforms"),
            Literal::from(violations.is_empty()),
        ),
    ];
    for v in violations {
        let result: NamedOrBlankNode = BlankNode::default().into();
        out.push(Triple::new(
            report.clone(),
            sh("result"),
            Term::from(result.clone()),
        ));
        out.push(Triple::new(
            result.clone(),
            NamedNode::new_unchecked(format!("{RDF}type")),
            sh("ValidationResult"),
        ));
        out.push(Triple::new(
            result.clone(),
            sh("focusNode"),
            v.focus.clone(),
        ));
        if let Some(path) = &v.path {
            out.push(Triple::new(result.clone(), sh("resultPath"), path.clone()));
        }
        if let Some(value) = &v.value {
            out.push(Triple::new(result.clone(), sh("value"), value.clone()));
        }
        out.push(Triple::new(
            result.clone(),
            sh("resultSeverity"),
            sh("Violation"),
        ));
        out.push(Triple::new(
            result.clone(),
            sh("sourceConstraintComponent"),
            sh(v.component),
        ));
        out.push(Triple::new(
            result,
            sh("resultMessage"),
            Literal::from(v.message.as_str()),
        ));
    }
    out
}

/// The same report as JSON: `{"conforms": false, "results": [{focusNode, path, value, component, message}]}`.
pub fn json(violations: &[Violation]) -> serde_json::Value {
    let term = |t: &Term| match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    };
    serde_json::json!({
        "conforms": violations.is_empty(),
        "results": violations.iter().map(|v| serde_json::json!({
            "focusNode": term(&v.focus),
            "path": v.path.as_ref().map(|p| p.as_str()),
            "value": v.value.as_ref().map(term),
            "component": format!("sh:{}", v.component),
            "message": v.message,
        })).collect::<Vec<_>>(),
    })
}
