//! End-to-end tests in headless Chromium (Debian's `chromium`, installed with
//! `chromium-driver` by `scripts/browser.sh`, which `make test` runs), driven over the W3C
//! WebDriver protocol that chromedriver speaks, with the test's HTTP client: open the home
//! page, search "CPTS", follow a dispositif to the law that created it and back, see the
//! timeline, land on an evidence line, and run a query in the editor and see the result
//! table. Screenshots are saved under `$CARGO_TARGET_TMPDIR/screenshots/`.

mod common;

use common::{client, start, TestServer};
use maillage::{build, refdata::RefData, vocab};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session; both end on drop.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start() -> Browser {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (bash scripts/browser.sh installs it)");
        let base = format!("http://127.0.0.1:{port}");
        let mut ready = false;
        for _ in 0..100 {
            if let Ok(r) = client().get(format!("{base}/status")).send().await {
                let status: Value = r.json().await.unwrap_or_default();
                if status["value"]["ready"] == true {
                    ready = true;
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ready, "chromedriver answers on {base}");
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,1000",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
        }}});
        let r: Value = client()
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a browser session: {r}"))
            .to_owned();
        Browser {
            driver,
            base,
            session,
            _profile: profile,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut request = client().request(method.clone(), url);
        if method == reqwest::Method::POST {
            request = request.json(&body);
        }
        let r: Value = request.send().await.unwrap().json().await.unwrap();
        assert!(
            r["value"]["error"].is_null(),
            "WebDriver {method} {path}: {}",
            r["value"]
        );
        r["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({ "url": url }))
            .await;
    }

    async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .call(
                reqwest::Method::POST,
                "/element",
                json!({ "using": "css selector", "value": css }),
            )
            .await;
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: {v}"))
            .to_owned()
    }

    async fn count(&self, css: &str) -> usize {
        self.call(
            reqwest::Method::POST,
            "/elements",
            json!({ "using": "css selector", "value": css }),
        )
        .await
        .as_array()
        .map_or(0, Vec::len)
    }

    async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{e}/click"),
            json!({}),
        )
        .await;
    }

    async fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{e}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    async fn script(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            json!({ "script": script, "args": [] }),
        )
        .await
    }

    /// Waits (up to 20 s) until `css` matches something.
    async fn wait_for(&self, css: &str) {
        for _ in 0..200 {
            if self.count(css).await > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never appeared on {}", self.url().await);
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let png = self
            .call(reqwest::Method::GET, "/screenshot", Value::Null)
            .await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Browser {
    /// Ends the session (closes Chromium).
    async fn close(&self) {
        let _ = client()
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

async fn seed_server() -> TestServer {
    let quads = build::build(
        &build::bundled_documents(),
        &RefData::bundled().unwrap(),
        &vocab::Rebase::new(vocab::DEFAULT_BASE),
        true,
    );
    start(&quads, common::config()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_finds_the_laws_that_created_the_cpts_and_runs_a_query() {
    let server = seed_server().await;
    let browser = Browser::start().await;

    // Home page, search "CPTS".
    browser.goto(&server.url("/")).await;
    browser.wait_for("form.search.big input").await;
    browser.screenshot("1-accueil").await;
    browser.type_in("form.search.big input", "CPTS").await;
    browser.click("form.search.big button").await;
    browser.wait_for("ol.results").await;
    assert!(browser.url().await.contains("/recherche?q=CPTS"));
    browser.screenshot("2-recherche").await;

    // The first result is the CPTS: its page shows the legal history as a timeline.
    browser.click("ol.results li:first-child a").await;
    browser.wait_for("figure.picture svg").await;
    assert!(browser.url().await.ends_with("/id/dispositif/cpts"));
    browser.screenshot("3-cpts").await;

    // Follow the law that created it, then back from the law to the dispositif.
    browser
        .click("ol.history li.rel-created a[href='/id/loi/2016-41']")
        .await;
    browser.wait_for("section.action").await;
    assert!(browser.url().await.ends_with("/id/loi/2016-41"));
    browser.screenshot("4-loi-2016-41").await;
    browser
        .click("section.rel-created h3 a[href='/id/dispositif/cpts']")
        .await;
    browser.wait_for("ol.history").await;
    assert!(browser.url().await.ends_with("/id/dispositif/cpts"));

    // An evidence link lands on its line, highlighted.
    browser
        .click("ol.history li.rel-created ul.evidence a.source")
        .await;
    browser.wait_for("ol.lines li:target").await;
    let target = browser
        .script("return document.querySelector('ol.lines li:target').id")
        .await;
    assert!(browser
        .url()
        .await
        .ends_with(&format!("#{}", target.as_str().unwrap())));
    browser.screenshot("5-document-ligne").await;

    // The overview pictures.
    browser.goto(&server.url("/lois-dispositifs")).await;
    browser.wait_for("figure.picture svg path.edge").await;
    browser.screenshot("6-lois-dispositifs").await;

    // The query editor runs a query and shows the result table.
    browser.goto(&server.url("/query")).await;
    browser.wait_for(".yasqe .CodeMirror").await;
    browser
        .script(
            "const y = window.maillageYasgui.getTab().getYasqe();\
             y.setValue('PREFIX mlg: <https://w3id.org/maillage/def#>\\n\
             SELECT ?loi ?dispositif WHERE { ?loi mlg:created ?dispositif } ORDER BY ?loi');\
             y.query(); return true;",
        )
        .await;
    browser.wait_for(".yasr table tbody tr").await;
    let rows = browser.count(".yasr table tbody tr").await;
    assert!(rows > 0, "the editor shows the result table");
    let text = browser
        .script("return document.querySelector('.yasr').innerText")
        .await;
    assert!(text.as_str().unwrap().contains("cpts"), "{text}");
    browser.screenshot("7-editeur").await;
    browser.close().await;
}
