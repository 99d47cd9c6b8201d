//! Files compiled into the binary: the seed documents, the ontology and
//! reference data, and the curated queries. The server needs nothing on disk.

use include_dir::{include_dir, Dir};

pub static SEEDS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/seeds");
pub static ONTOLOGY: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/ontology");
pub static QUERIES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/queries");

/// The SHACL shapes imports are validated against (`ontology/shapes.ttl`).
pub const SHAPES: &str = include_str!("../ontology/shapes.ttl");

/// `(file name, contents)` of every UTF-8 file of `dir` with extension `ext`,
/// sorted by name.
pub fn files(dir: &'static Dir<'static>, ext: &str) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = dir
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == ext))
        .filter_map(|f| Some((f.path().file_name()?.to_str()?, f.contents_utf8()?)))
        .collect();
    out.sort();
    out
}

/// A curated query by file stem (`triples-per-graph`).
pub fn query(name: &str) -> Option<&'static str> {
    QUERIES.get_file(format!("{name}.rq"))?.contents_utf8()
}
