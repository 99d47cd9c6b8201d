//! Bibliographic notices.

use super::Reference;

/// Every bibliographic notice of the document, in document order.
pub fn extract(_lines: &[String]) -> Vec<Reference> {
    Vec::new()
}
