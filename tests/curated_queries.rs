//! Snapshots of every curated query over the seed graph, on a real on-disk store.
//!
//! Rows are sorted before snapshotting so the snapshots only change when the
//! graph does. Review a changed snapshot with `cargo insta review`.

mod common;

use common::seed_store;
use maillage::queries;

#[test]
fn every_curated_query_has_a_summary_and_runs() {
    let (_dir, store) = seed_store();
    let all = queries::all();
    assert!(all.len() >= 4, "curated queries are bundled: {}", all.len());
    for query in all {
        assert!(
            !query.summary.is_empty(),
            "{} starts with a comment saying what it answers",
            query.name
        );
        let table =
            queries::run(&store, query.name).unwrap_or_else(|e| panic!("{}: {e}", query.name));
        assert!(
            !table.rows.is_empty(),
            "{} returns rows over the seed graph",
            query.name
        );
        let mut tsv: Vec<String> = table.to_tsv().lines().map(str::to_owned).collect();
        let header = tsv.remove(0);
        tsv.sort();
        insta::assert_snapshot!(query.name, format!("{header}\n{}", tsv.join("\n")));
    }
}
