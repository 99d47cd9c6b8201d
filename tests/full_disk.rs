//! A full disk, for real: the store lives on a small tmpfs mounted for the test (the test
//! runs as root, as `make test` does in CI; without the right to mount it fails and says
//! why), `maillage serve` runs as a child process over it, and the disk is filled with a
//! file. Imports (bulk and transaction paths) and SPARQL updates are answered `507` with a
//! body naming the problem, the store keeps exactly what it had, reads go on, the process
//! stays up; once the file is removed writes work again without a restart (RocksDB,
//! stopped by the full disk, resumes by itself, measured and printed). `maillage load`
//! fails with the same message and succeeds once space is freed.
//!
//! Before this, every storage error crashed the binary (SIGSEGV in mimalloc's `free` of
//! RocksDB's error message): the test also guards against that.

mod common;

use common::{add_token, client, ChildServer};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ID: &str = "https://w3id.org/maillage/id/";
/// Large enough to free the 128 MiB RocksDB wants before it resumes writes.
const TMPFS_MIB: u64 = 200;

/// A tmpfs mounted on a fresh directory, unmounted on drop (also when the test fails).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(mib: u64) -> Self {
        let dir = tempfile::tempdir().expect("a directory to mount on");
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(dir.path())
            .output()
            .expect("mount runs");
        assert!(
            output.status.success(),
            "this test needs to mount a tmpfs (it runs as root in CI, `make test`): `mount` \
             failed as uid {}: {}",
            String::from_utf8_lossy(&Command::new("id").arg("-u").output().unwrap().stdout).trim(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Free bytes on the tmpfs.
    fn free(&self) -> u64 {
        let output = Command::new("df")
            .args(["-B1", "--output=avail"])
            .arg(self.path())
            .output()
            .expect("df runs");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .expect("df prints the free bytes")
    }

    /// Fills the tmpfs with `name` until `leave` bytes are free.
    fn fill(&self, name: &str, leave: u64) {
        let path = self.path().join(name);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .expect("filler opens");
        let chunk = vec![0x5a; 1 << 20];
        let mut written = file.metadata().unwrap().len();
        loop {
            match file.write(&chunk) {
                Ok(n) => written += n as u64,
                Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        file.set_len(written.saturating_sub(leave)).unwrap();
        file.sync_all().unwrap();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let path = self.dir.path().to_owned();
        let unmounted = Command::new("umount").arg(&path).status();
        if !unmounted.is_ok_and(|s| s.success()) {
            let _ = Command::new("umount").arg("-l").arg(&path).status();
        }
    }
}

/// `maillage serve` on a free loopback port, killed on drop (before the tmpfs goes).
impl ChildServer {
    fn assert_running(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!("the server died: {status}");
        }
    }

    /// SIGTERM, then waits for it to exit.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the server exited with {status}");
    }
}

/// `n` N-Triples about `tag` (past 10 000 quads an import takes the bulk loader).
fn triples(tag: &str, n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "<{ID}cpts/{tag}-{i}> <http://www.w3.org/2000/01/rdf-schema#label> \
                 \"CPTS {tag} {i}, a label long enough to take some room\" .\n"
            )
        })
        .collect()
}

const ALL: &str = "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }";

async fn count(server: &ChildServer) -> u64 {
    let response = client()
        .get(server.url("/sparql"))
        .query(&[("query", ALL)])
        .header("Accept", "application/sparql-results+json")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), 200, "a read failed");
    let json: serde_json::Value = response.json().await.unwrap();
    json["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Reads that must keep working: a query, a page, the health check.
async fn reads_work(server: &ChildServer) {
    for path in ["/healthz", "/dispositifs", "/.well-known/void"] {
        let response = client().get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "GET {path} while the disk is full");
    }
}

async fn import(server: &ChildServer, token: &str, body: String) -> (u16, String) {
    write(server, "/imports", "application/n-triples", token, body).await
}

async fn update(server: &ChildServer, token: &str, text: String) -> (u16, String) {
    write(server, "/update", "application/sparql-update", token, text).await
}

/// An admin's write of `body` to `path`: its status and body.
async fn write(
    server: &ChildServer,
    path: &str,
    content_type: &str,
    token: &str,
    body: String,
) -> (u16, String) {
    let response = client()
        .post(server.url(path))
        .bearer_auth(token)
        .header("Content-Type", content_type)
        .header("Maillage-Message", "full disk test")
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("the server answers the write to {path}: {e}"));
    (response.status().as_u16(), response.text().await.unwrap())
}

fn assert_507(what: &str, (status, body): &(u16, String)) {
    eprintln!("{what}: {status} {body}");
    assert_eq!(*status, 507, "{what}: {body}");
    assert!(
        body.starts_with("no space left on the device holding the store"),
        "{what}: {body}"
    );
    assert!(body.contains("nothing was written"), "{what}: {body}");
}

/// The bulk loader's sorted files in the store's directory.
fn bulk_files(data: &Path) -> Vec<String> {
    std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("bulk-"))
        .collect()
}

fn load(data: &Path, file: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_maillage"))
        .args(["load", "--data"])
        .arg(data)
        .arg(file)
        .output()
        .expect("maillage load runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_507_writes_nothing_and_writes_resume_once_space_is_freed() {
    let disk = Tmpfs::mount(TMPFS_MIB);
    let data: PathBuf = disk.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let token = add_token(&data, "ops", "admin");
    let mut server = ChildServer::start(&data, "warn", Stdio::inherit()).await;
    let before = count(&server).await;
    eprintln!("store: {before} quads, {} MiB free", disk.free() >> 20);

    // A bulk import (100 000 triples) with 8 MiB free: its sorted files do not fit.
    disk.fill("filler-1", 8 << 20);
    let answer = import(&server, &token, triples("bulk", 100_000)).await;
    assert_507("bulk import, 8 MiB free", &answer);
    server.assert_running();
    // The loader's files are gone, the partly written one too: the room is back.
    assert_eq!(bulk_files(&data), Vec::<String>::new());
    eprintln!(
        "after the failed bulk import: {} KiB free",
        disk.free() >> 10
    );
    assert!(disk.free() >= 7 << 20, "{} bytes free", disk.free());
    assert_eq!(count(&server).await, before, "the failed bulk import wrote");
    reads_work(&server).await;

    // A small import (a transaction) and a SPARQL update with no room left: the log write
    // fails, and RocksDB stops taking writes.
    disk.fill("filler-2", 0);
    let answer = import(&server, &token, triples("small", 500)).await;
    assert_507("small import, disk full", &answer);
    let answer = update(
        &server,
        &token,
        format!(
            "INSERT DATA {{ GRAPH <{ID}graph/full> {{ {} }} }}",
            triples("update", 50)
        ),
    )
    .await;
    assert_507("SPARQL update, disk full", &answer);
    server.assert_running();
    assert_eq!(count(&server).await, before, "a failed write wrote");
    reads_work(&server).await;

    // Space freed: writes resume without a restart (RocksDB checks every 5 s).
    std::fs::remove_file(disk.path().join("filler-1")).unwrap();
    std::fs::remove_file(disk.path().join("filler-2")).unwrap();
    let freed = Instant::now();
    let mut refused = 0;
    loop {
        let (status, body) = import(&server, &token, triples("after", 500)).await;
        if status == 201 {
            break;
        }
        assert_507("small import, space just freed", &(status, body));
        refused += 1;
        assert!(
            freed.elapsed() < Duration::from_secs(60),
            "writes did not resume within 60 s of freeing {} MiB",
            disk.free() >> 20
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    eprintln!(
        "writes resumed {:.1} s after the space was freed ({refused} refusals meanwhile)",
        freed.elapsed().as_secs_f64()
    );
    let (status, body) = import(&server, &token, triples("bulk-after", 100_000)).await;
    assert_eq!(status, 201, "{body}");
    let after = count(&server).await;
    // Each triple in its import graph and in the current state, plus provenance records.
    assert!(
        after >= before + 2 * 100_500,
        "{before} quads, then {after}"
    );
    server.stop();

    // `maillage load` (the bulk loader, no server): the same message, then success.
    let file = disk.path().join("load.nt");
    std::fs::write(&file, triples("load", 100_000)).unwrap();
    disk.fill("filler-3", 8 << 20);
    let failed = load(&data, &file);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    eprintln!(
        "maillage load, 8 MiB free: {} {}",
        failed.status,
        stderr.trim()
    );
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no space left on the device holding the store"),
        "{stderr}"
    );
    assert_eq!(bulk_files(&data), Vec::<String>::new());
    std::fs::remove_file(disk.path().join("filler-3")).unwrap();
    let loaded = load(&data, &file);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let server = ChildServer::start(&data, "warn", Stdio::inherit()).await;
    assert_eq!(
        count(&server).await,
        after + 2 * 100_000,
        "maillage load after the failed one"
    );
}
