//! Dictionary matching of dispositifs, actors and territories.

use super::Mention;
use crate::refdata::RefData;

pub fn extract(_lines: &[String], _refdata: &RefData) -> Vec<Mention> {
    Vec::new()
}
