//! maillage: a knowledge-graph server about French primary-care policy.
//!
//! See `ARCHITECTURE.md` for the codemap. In one line: [`extract`] reads
//! documents into records, [`rdf`] turns records into quads, [`build`] runs the
//! whole corpus deterministically, [`store`] holds the quads in Oxigraph, and
//! [`server`] answers HTTP.

pub mod build;
pub mod bundled;
pub mod cli;
pub mod curation;
pub mod evaluate;
pub mod extract;
pub mod gen;
pub mod logging;
pub mod memory;
pub mod queries;
pub mod rdf;
pub mod refdata;
pub mod server;
pub mod sparql_limits;
pub mod sparql_walk;
pub mod store;
pub mod vocab;
