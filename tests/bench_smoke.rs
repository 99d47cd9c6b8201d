//! The comparison benchmark (`bench/compare.py`, `make bench-compare`) at a tiny size, so
//! that it never rots: generated data, both loads, both servers, every query of the mix
//! answered identically by maillage and by Oxigraph's own server (the script stops
//! otherwise), the views, an import, and the tables, figures and chart it writes. No
//! timing is asserted: figures come from the benchmark itself, as ratios.
//!
//! Needs the test virtualenv (`scripts/test-env.sh`: the `oxigraph` CLI) and `wrk`
//! (`scripts/bench-tools.sh`); `make test` prepares both.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The test virtualenv's interpreter (`$MAILLAGE_TEST_PYTHON`, as `python_clients.rs`).
fn python() -> PathBuf {
    std::env::var_os("MAILLAGE_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/maillage/venv/bin/python")
        })
}

#[test]
fn the_comparison_benchmark_runs_end_to_end_with_identical_answers() {
    let python = python();
    let oxigraph = python.with_file_name("oxigraph");
    assert!(
        oxigraph.exists(),
        "{} missing: run scripts/test-env.sh (make test does)",
        oxigraph.display()
    );
    assert!(
        Command::new("wrk").arg("-v").output().is_ok(),
        "wrk missing: run scripts/bench-tools.sh (make test does)"
    );
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(&python)
        .arg(root.join("bench/compare.py"))
        .args(["--maillage", env!("CARGO_BIN_EXE_maillage")])
        .arg("--oxigraph")
        .arg(&oxigraph)
        .args(["--sizes", "4000", "--connections", "1,2", "--duration", "1"])
        .args(["--max-import", "4000", "--label", "smoke", "--out"])
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success(), "bench/compare.py failed: {status}");

    let report = std::fs::read_to_string(out.path().join("smoke.md")).unwrap();
    for section in [
        "## Load",
        "## First start and memory",
        "## Query mix at N = 4,000",
        "## Imports",
    ] {
        assert!(report.contains(section), "{section} missing:\n{report}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("smoke.json")).unwrap()).unwrap();
    let result = &json["results"][0];
    assert_eq!(result["n"], 4000);
    // Every curated and benchmark query was compared and measured at both concurrencies.
    let queries = result["queries"].as_object().unwrap();
    for dir in ["queries", "bench/queries"] {
        for file in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            let name = file.path();
            if name.extension().is_some_and(|e| e == "rq") {
                let stem = name.file_stem().unwrap().to_string_lossy();
                let q = &queries[stem.as_ref()];
                assert!(q["rows"].is_u64(), "{stem} not compared: {q}");
                assert!(
                    q.get("skipped").is_some() || q["c2"]["ratio"].is_f64(),
                    "{stem} not measured: {q}"
                );
            }
        }
    }
    for figure in ["maillage", "oxigraph_named", "oxigraph_default"] {
        assert!(
            result["load"][figure]["triples_per_s"].as_f64().unwrap() > 0.0,
            "{figure}: {}",
            result["load"]
        );
    }
    assert!(
        result["import"]["seconds"].is_f64(),
        "the import failed: {}",
        result["import"]
    );
    let svg = std::fs::read_to_string(out.path().join("smoke.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("<polyline"),
        "{svg}"
    );
}
