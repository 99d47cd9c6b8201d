//! `scripts/deps.sh`'s libclang detection against fake directory layouts: it
//! must find the library bindgen loads and not mistake libclang-cpp for it.

use std::path::Path;
use std::process::Command;

/// Runs `find_libclang ROOT` from the sourced script; `Some(path)` when found.
fn find_libclang(root: &Path) -> Option<String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/deps.sh");
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!("source {script} && find_libclang \"$1\""))
        .arg("find_libclang")
        .arg(root)
        .output()
        .expect("bash runs");
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn layout(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        std::fs::write(dir.path().join(file), b"").unwrap();
    }
    dir
}

#[test]
fn finds_each_name_bindgen_loads() {
    for name in [
        "libclang.so",
        "libclang-14.so",
        "libclang.so.14",
        "libclang-16.so.16.0.6",
    ] {
        let dir = layout(&[name]);
        let found = find_libclang(dir.path()).unwrap_or_else(|| panic!("{name} not found"));
        assert!(found.ends_with(name), "{name}: {found}");
    }
}

#[test]
fn absent_is_reported_absent() {
    let dir = layout(&["libLLVM-14.so.1", "libc.so.6"]);
    assert_eq!(find_libclang(dir.path()), None);
}

#[test]
fn libclang_cpp_alone_is_not_libclang() {
    // What this machine image ships: the C++ interface, not the C library bindgen loads.
    let dir = layout(&["libclang-cpp.so.14", "libclang-cpp.so"]);
    assert_eq!(find_libclang(dir.path()), None);
    let with_both = layout(&["libclang-cpp.so.14", "libclang.so.1"]);
    assert!(find_libclang(with_both.path())
        .unwrap()
        .ends_with("libclang.so.1"));
}
