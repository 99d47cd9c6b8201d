//! Validation results as a SHACL `sh:ValidationReport` (RDF), and as JSON.

use super::validate::Violation;
use crate::vocab::RDF;
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};

pub use super::shapes::SH;

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// The report's triples: one `sh:result` per violation, with its focus node, path,
/// value, source shape and constraint component, severity and messages.
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
        let mut add = |p: &str, o: Term| out.push(Triple::new(result.clone(), sh(p), o));
        add("focusNode", v.focus.clone());
        if let Some(path) = &v.path {
            add("resultPath", path.clone().into());
        }
        if let Some(value) = &v.value {
            add("value", value.clone());
        }
        if let Some(shape) = &v.shape {
            add("sourceShape", shape.clone().into());
        }
        add("sourceConstraintComponent", v.component.clone().into());
        add("resultSeverity", v.severity.clone().into());
        for m in &v.messages {
            add("resultMessage", m.clone().into());
        }
        out.push(Triple::new(
            result.clone(),
            NamedNode::new_unchecked(format!("{RDF}type")),
            sh("ValidationResult"),
        ));
        out.push(Triple::new(
            report.clone(),
            sh("result"),
            Term::from(result),
        ));
    }
    out
}

/// The same report as JSON: `{"conforms": false, "results": [{focusNode, path, value,
/// sourceShape, component, severity, message, messages}]}`; `message` is the French one
/// when there is one.
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
            "sourceShape": v.shape.as_ref().map(|s| s.as_str()),
            "component": format!("sh:{}", v.component_name()),
            "severity": format!("sh:{}", v.severity.as_str().strip_prefix(SH).unwrap_or(v.severity.as_str())),
            "message": v.messages.first().map(|m| m.value()),
            "messages": v.messages.iter().map(|m| serde_json::json!({
                "value": m.value(),
                "language": m.language(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
