//! The hostile-input corpus: well over a thousand generated requests over every route,
//! sent as raw bytes (so invalid UTF-8, bad percent-encoding, odd methods and lying headers
//! reach the server as a hostile client would send them) to the real server on a loopback
//! port, over a real on-disk store.
//!
//! For every case: the server answers (or, for a body it is still waiting for, stays
//! up), the status is never a 5xx other than the documented 502/503, an error body says
//! what was wrong (and names the limit for the nesting and size bounds), and at the end
//! the store's dump hashes as before and the server still answers. The counts per route
//! and status are printed (`cargo test --release --test hostile -- --nocapture`).
//!
//! Requests hyper's parser refuses before any route (malformed request line or header,
//! invalid `Content-Length`, a head or target over the bounds) are answered with a body
//! that says what was wrong; the app's own answers go out byte for byte as plain hyper
//! writes them.

mod common;

use common::*;
use maillage::sparql_limits::{MAX_NESTING, MAX_TOKENS};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

/// One request of the corpus.
struct Case {
    route: &'static str,
    raw: Vec<u8>,
    /// Words the error body must contain (any of them), when the status is an error.
    expect: &'static [&'static str],
    /// The client stops sending before the announced body: the server may wait for it.
    body_withheld: bool,
}

struct Answer {
    status: u16,
    body: Vec<u8>,
    /// Made by the HTTP parser before any route saw the request (its body ends with
    /// [`PARSER_REFUSAL`]).
    from_parser: bool,
}

/// How the body of an answer from hyper's parser ends (`server::conn_errors`).
const PARSER_REFUSAL: &[u8] = b"the request was not read and the connection is closed\n";

fn request(method: &str, target: &[u8], headers: &[(&str, &[u8])], body: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    raw.extend_from_slice(method.as_bytes());
    raw.push(b' ');
    raw.extend_from_slice(target);
    raw.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    let mut has_length = false;
    for (name, value) in headers {
        has_length |= name.eq_ignore_ascii_case("content-length");
        raw.extend_from_slice(name.as_bytes());
        raw.extend_from_slice(b": ");
        raw.extend_from_slice(value);
        raw.extend_from_slice(b"\r\n");
    }
    if !has_length && (!body.is_empty() || method == "POST" || method == "PUT") {
        raw.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(body);
    raw
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn get_query(query: &str) -> Vec<u8> {
    request(
        "GET",
        format!("/sparql?query={}", encode(query)).as_bytes(),
        &[],
        b"",
    )
}

fn post_query(query: &str) -> Vec<u8> {
    request(
        "POST",
        b"/sparql",
        &[("Content-Type", b"application/sparql-query")],
        query.as_bytes(),
    )
}

fn post_form(query: &str) -> Vec<u8> {
    request(
        "POST",
        b"/sparql",
        &[("Content-Type", b"application/x-www-form-urlencoded")],
        format!("query={}", encode(query)).as_bytes(),
    )
}

/// The query sent every way the protocol allows (GET only while the URL stays modest).
fn every_way(cases: &mut Vec<Case>, query: &str, expect: &'static [&'static str]) {
    let mut add = |raw| {
        cases.push(Case {
            route: "/sparql",
            raw,
            expect,
            body_withheld: false,
        })
    };
    if query.len() < 20_000 {
        add(get_query(query));
    }
    add(post_query(query));
    add(post_form(query));
}

/// A small deterministic generator (xorshift), so the corpus is the same at every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const VALID: &[&str] = &[
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3",
    "ASK { ?s <http://example.org/maillage-test/type> ?t }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
    "DESCRIBE <http://example.org/maillage-test/msp-pont>",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/maillage-test/> SELECT ?l WHERE { ?s ex:label ?l FILTER(LANG(?l) = 'fr') }",
    "SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?x } FILTER NOT EXISTS { ?s ?p 3 } } ORDER BY ?s",
];

fn syntax_errors(cases: &mut Vec<Case>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let junk = [
        "{",
        "}",
        "(",
        ")",
        "SELEC",
        "WHERE",
        "?",
        "<",
        ">",
        "\"",
        "'''",
        "\\",
        ".",
        ";",
        "FILTER(",
        "UNION",
        "ex:",
        "@fr",
        "^^",
        "#",
        "%",
        "\u{0}",
        "\u{feff}",
        "é",
        "🦀",
        "*",
        "LIMIT -1",
        "OFFSET x",
        "GROUP BY",
        "HAVING(",
        "VALUES ?x {",
        "BIND(",
        "SERVICE",
        "a",
        "[]",
        "()",
    ];
    for i in 0..110 {
        let base = VALID[i % VALID.len()];
        let mut text = base.to_owned();
        match i % 3 {
            0 => {
                let cut = rng.below(text.len().max(1));
                text.truncate(
                    (0..=cut)
                        .rev()
                        .find(|&c| text.is_char_boundary(c))
                        .unwrap_or(0),
                );
                text.push_str(junk[rng.below(junk.len())]);
            }
            1 => {
                let at = (0..=rng.below(text.len()))
                    .rev()
                    .find(|&c| text.is_char_boundary(c))
                    .unwrap_or(0);
                text.insert_str(at, junk[rng.below(junk.len())]);
                text.insert_str(at, junk[rng.below(junk.len())]);
            }
            _ => {
                let words: Vec<&str> = text.split(' ').collect();
                let mut words = words.clone();
                let (a, b) = (rng.below(words.len()), rng.below(words.len()));
                words.swap(a, b);
                words.push(junk[rng.below(junk.len())]);
                text = words.join(" ");
            }
        }
        every_way(cases, &text, &[]);
    }
}

fn nested(cases: &mut Vec<Case>) {
    const DEEP: &[&str] = &["levels", "nests"];
    let shapes: &[(&str, &str, &str, &str)] = &[
        ("ASK ", "{", "}", ""),
        ("SELECT * { ?s ?p ?o FILTER(", "(", ")", "1) }"),
        ("SELECT * { ?s ?p ?o ", "OPTIONAL { ?s ?p ?o ", "}", "}"),
        ("SELECT * { ", "{ ?s ?p ?o } UNION {", "}", "}"),
        ("SELECT * { ", "{ SELECT * WHERE ", "}", "{ ?s ?p ?o } }"),
        (
            "SELECT * { ?s ?p ?o ",
            "FILTER NOT EXISTS { ?s ?p ?o ",
            "}",
            "}",
        ),
        (
            "SELECT * { ?s ?p ?o BIND(",
            "IF(true, ",
            ", 0)",
            "1 AS ?x) }",
        ),
        (
            "SELECT * { ?s <http://ex/p> ",
            "[ <http://ex/p> ",
            "]",
            "1 }",
        ),
        ("SELECT * { ?s <http://ex/p> ", "( ", ")", "1 }"),
        ("SELECT * { ?s ", "(", ")", "<http://ex/p> ?o }"),
    ];
    for (head, open, close, tail) in shapes {
        for depth in [1, 8, 32, MAX_NESTING - 2, MAX_NESTING + 1, 200, 10_000] {
            let text = format!("{head}{}{tail}{}", open.repeat(depth), close.repeat(depth));
            // Within the bound: any clean answer; past it: the limit is named.
            let expect: &'static [&'static str] = if depth > MAX_NESTING - 2 { DEEP } else { &[] };
            every_way(cases, &text, expect);
        }
    }
}

fn chains(cases: &mut Vec<Case>) {
    const LARGE: &[&str] = &["tokens"];
    let p = "<http://example.org/maillage-test/type>";
    for n in [10, 300, 2_000, 4_000, MAX_TOKENS] {
        let big: &'static [&'static str] = if n >= MAX_TOKENS / 2 { LARGE } else { &[] };
        let texts = [
            format!("SELECT * {{ ?s {} ?o }}", vec![p; n].join("/")),
            format!("SELECT * {{ ?s {} ?o }}", vec![p; n].join("|")),
            format!(
                "SELECT * {{ ?s ({})* ?o }}",
                vec![format!("{p}|^{p}"); n / 3 + 1].join("|")
            ),
            format!(
                "DESCRIBE {}",
                (0..n)
                    .map(|i| format!("<http://example.org/maillage-test/s{i}>"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            format!("ASK {{ FILTER({} = 0) }}", vec!["1"; n].join("+")),
            format!(
                "SELECT * {{ {} }}",
                vec!["{ ?s ?p ?o }"; n / 4 + 1].join(" UNION ")
            ),
            format!(
                "SELECT * {{ {} }}",
                (0..n / 3 + 1)
                    .map(|i| format!("?s{i} {p} ?s{} .", i + 1))
                    .collect::<String>()
            ),
            format!(
                "SELECT * {{ ?s ?p ?o FILTER(?o IN ({})) }}",
                (0..n / 2 + 1)
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            format!(
                "SELECT * {{ VALUES ?x {{ {} }} }}",
                (0..n)
                    .map(|i| format!("<http://ex/{i}>"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ];
        for text in texts {
            every_way(cases, &text, big);
        }
    }
}

fn huge_terms(cases: &mut Vec<Case>) {
    for size in [1_000, 15_000, 200_000, 2_000_000] {
        let iri = format!("http://example.org/{}", "a".repeat(size));
        let literal = "é".repeat(size / 2);
        for text in [
            format!("ASK {{ <{iri}> ?p ?o }}"),
            format!("SELECT * {{ ?s ?p \"{literal}\" }}"),
            format!("SELECT * {{ ?s ?p \"\"\"{literal}\"\"\"@fr }}"),
            format!("PREFIX {}: <http://ex/> ASK {{}}", "p".repeat(size)),
        ] {
            every_way(cases, &text, &[]);
        }
        if size < 20_000 {
            cases.push(Case {
                route: "/store",
                raw: request(
                    "GET",
                    format!("/store?graph={}", encode(&iri)).as_bytes(),
                    &[],
                    b"",
                ),
                expect: &[],
                body_withheld: false,
            });
        }
    }
}

fn bad_encodings(cases: &mut Vec<Case>) {
    let targets: &[&[u8]] = &[
        b"/sparql?query=%FF%FE",
        b"/sparql?query=ASK%20%7B%7D%C3%28",
        b"/sparql?query=%",
        b"/sparql?query=%G1",
        b"/sparql?query=%%%%",
        b"/sparql?query=ASK+{}&query=ASK+{}",
        b"/sparql?query=\xc3\x28",
        b"/sparql?query=\xff",
        b"/sparql?%ff=%ff",
        b"/sparql?query=ASK%7B%7D&format=%FF",
        b"/sparql?query=ASK%7B%7D&default-graph-uri=%FF",
        b"/sparql?query=ASK%7B%7D&named-graph-uri=not%20an%20iri",
        b"/sparql?query=ASK%7B%7D&default-graph-uri=",
        b"/store?graph=%FF",
        b"/store?graph=%",
        b"/store?graph=\xc3\x28",
        b"/store?graph=http://ex/a&graph=http://ex/b",
        b"/store?graph=http://ex/a&default",
        b"/.well-known/void?%FF",
        b"/?%C3%28",
        b"/%FF",
        b"/\xff",
    ];
    for target in targets {
        let route = route_of(target);
        for method in ["GET", "HEAD"] {
            cases.push(Case {
                route,
                raw: request(method, target, &[], b""),
                expect: &[],
                body_withheld: false,
            });
        }
    }
    for body in [
        &b"\xff\xfe ASK {}"[..],
        b"ASK { ?s ?p \"\xc3\x28\" }",
        b"\x00\x00\x00",
        b"",
    ] {
        for content_type in [
            &b"application/sparql-query"[..],
            b"application/x-www-form-urlencoded",
        ] {
            cases.push(Case {
                route: "/sparql",
                raw: request("POST", b"/sparql", &[("Content-Type", content_type)], body),
                expect: &[],
                body_withheld: false,
            });
        }
    }
    for form in [
        &b"query=%FF"[..],
        b"query=%",
        b"query=ASK+%7B%7D&query=ASK+%7B%7D",
        b"query=ASK+%7B%7D&update=CLEAR+ALL",
        b"update=DROP+ALL",
        b"query=ASK+%7B%7D&using-graph-uri=http://ex/",
        b"query=ASK+%7B%7D&format=csv&format=xml",
        b"&&&=&=",
    ] {
        cases.push(Case {
            route: "/sparql",
            raw: request(
                "POST",
                b"/sparql?query=ASK%7B%7D",
                &[("Content-Type", b"application/x-www-form-urlencoded")],
                form,
            ),
            expect: &[],
            body_withheld: false,
        });
    }
}

fn headers(cases: &mut Vec<Case>) {
    let accepts: &[&[u8]] = &[
        b"*/*;q=abc",
        b"application/sparql-results+json;q=0",
        b"text/html;q=2, */*;q=-1",
        b"nothing/known",
        b";;;,,,",
        b"*",
        b"application/*;q=0.5, image/png",
        b"\xff\xfe",
    ];
    let long_accept = "text/plain;q=0.1, ".repeat(500);
    let content_types: &[&[u8]] = &[
        b";;;",
        b"application/sparql-query; charset=latin1",
        b"multipart/form-data; boundary=x",
        b"application/json",
        b"APPLICATION/SPARQL-QUERY",
        b"text/plain",
        b"\xff",
        b"application/sparql-update",
    ];
    for target in [
        &b"/sparql?query=ASK%7B%7D"[..],
        b"/sparql?query=SELECT%20*%7B%3Fs%20%3Fp%20%3Fo%7D",
        b"/sparql",
        b"/store",
        b"/store?default",
        b"/.well-known/void",
        b"/",
    ] {
        let route = route_of(target);
        for accept in accepts.iter().copied().chain([long_accept.as_bytes()]) {
            cases.push(Case {
                route,
                raw: request("GET", target, &[("Accept", accept)], b""),
                expect: &[],
                body_withheld: false,
            });
        }
    }
    for content_type in content_types {
        for body in [&b"ASK {}"[..], b"query=ASK+%7B%7D"] {
            cases.push(Case {
                route: "/sparql",
                raw: request("POST", b"/sparql", &[("Content-Type", content_type)], body),
                expect: &[],
                body_withheld: false,
            });
        }
    }
    // Conflicting and repeated headers.
    for (a, b) in [
        (
            &b"application/sparql-query"[..],
            &b"application/x-www-form-urlencoded"[..],
        ),
        (b"text/plain", b"application/sparql-query"),
    ] {
        cases.push(Case {
            route: "/sparql",
            raw: request(
                "POST",
                b"/sparql",
                &[("Content-Type", a), ("Content-Type", b)],
                b"ASK {}",
            ),
            expect: &[],
            body_withheld: false,
        });
    }
    // Oversize and lying Content-Length: the body never comes.
    for length in [
        &b"1000000000000"[..],
        b"99999999999999999999999",
        b"5000000",
        b"100",
    ] {
        cases.push(Case {
            route: "/sparql",
            raw: request(
                "POST",
                b"/sparql",
                &[
                    ("Content-Type", b"application/sparql-query"),
                    ("Content-Length", length),
                ],
                b"ASK {}",
            ),
            expect: &[],
            body_withheld: true,
        });
    }
    for length in [&b"-1"[..], b"abc", b"1, 2"] {
        cases.push(Case {
            route: "/sparql",
            raw: request(
                "POST",
                b"/sparql",
                &[
                    ("Content-Type", b"application/sparql-query"),
                    ("Content-Length", length),
                ],
                b"ASK {}",
            ),
            expect: &[],
            body_withheld: true,
        });
    }
}

fn methods(cases: &mut Vec<Case>) {
    let targets: &[&[u8]] = &[
        b"/",
        b"/sparql",
        b"/sparql?query=ASK%7B%7D",
        b"/store",
        b"/store?default",
        b"/store?graph=http://example.org/maillage-test/graph/structures",
        b"/.well-known/void",
        b"/healthz",
        b"/nowhere",
        b"/sparql/",
    ];
    for target in targets {
        let route = route_of(target);
        for method in [
            "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO",
        ] {
            let body: &[u8] = if matches!(method, "POST" | "PUT" | "PATCH") {
                b"<http://ex/s> <http://ex/p> <http://ex/o> ."
            } else {
                b""
            };
            cases.push(Case {
                route,
                raw: request(method, target, &[("Content-Type", b"text/turtle")], body),
                expect: &[],
                body_withheld: false,
            });
        }
    }
}

fn traversal(cases: &mut Vec<Case>) {
    let graphs = [
        "../../etc/passwd",
        "file:///etc/passwd",
        "http://example.org/maillage-test/graph/../../../etc/passwd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..%2F..%2F",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "http://example.org/maillage-test/graph/structures/../territoires",
        "urn:x:\u{0}",
        "<http://ex/a>",
    ];
    for graph in graphs {
        for target in [
            format!("/store?graph={}", encode(graph)),
            format!("/store?graph={graph}"),
            format!(
                "/sparql?query=ASK%7B%7D&default-graph-uri={}",
                encode(graph)
            ),
            format!("/sparql?query=ASK%7B%7D&named-graph-uri={}", encode(graph)),
        ] {
            let target = target.replace(' ', "%20");
            for method in ["GET", "HEAD"] {
                cases.push(Case {
                    route: route_of(target.as_bytes()),
                    raw: request(method, target.as_bytes(), &[], b""),
                    expect: &[],
                    body_withheld: false,
                });
            }
        }
        every_way(
            cases,
            &format!("SELECT * FROM <{graph}> {{ ?s ?p ?o }}"),
            &[],
        );
    }
    for path in [
        "/store/../sparql",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//sparql",
        "/./store",
        "/store/..%2f..%2fetc%2fpasswd",
        "/.well-known/../healthz",
    ] {
        cases.push(Case {
            route: route_of(path.as_bytes()),
            raw: request("GET", path.as_bytes(), &[], b""),
            expect: &[],
            body_withheld: false,
        });
    }
}

fn services(cases: &mut Vec<Case>) {
    for endpoint in [
        "<http://127.0.0.1:1/sparql>",
        "<file:///etc/passwd>",
        "<http://[::1]:0/>",
        "<ftp://example.org/>",
        "?endpoint",
        "<http://example.org/maillage-test/nowhere>",
    ] {
        for silent in ["", "SILENT "] {
            every_way(
                cases,
                &format!("SELECT * {{ SERVICE {silent}{endpoint} {{ ?s ?p ?o }} }}"),
                &["SERVICE"],
            );
        }
    }
}

fn route_of(target: &[u8]) -> &'static str {
    let path = target.split(|&b| b == b'?').next().unwrap_or_default();
    match path {
        b"/" => "/",
        b"/sparql" => "/sparql",
        b"/store" => "/store",
        b"/.well-known/void" => "/.well-known/void",
        b"/healthz" => "/healthz",
        _ => "(other paths)",
    }
}

/// Sends one case on a fresh connection and reads the answer until the server closes it
/// (blocking: the server runs on a runtime of its own).
fn send(addr: SocketAddr, case: &Case) -> Option<Answer> {
    let mut stream = std::net::TcpStream::connect(addr).expect("the server accepts connections");
    let wait = if case.body_withheld {
        Duration::from_secs(2)
    } else {
        Duration::from_secs(60)
    };
    stream.set_read_timeout(Some(wait)).expect("read timeout");
    // The server may answer (and close) before reading a large body: ignore write errors.
    let _ = stream.write_all(&case.raw);
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Ok(_) if !raw.is_empty() => Some(parse(&raw)),
        Ok(_) => None,
        Err(_) if !raw.is_empty() => Some(parse(&raw)),
        Err(_) if case.body_withheld => None,
        Err(e) => panic!(
            "no answer within {wait:?} ({e}) to {:?}",
            String::from_utf8_lossy(&case.raw[..case.raw.len().min(200)])
        ),
    }
}

fn parse(raw: &[u8]) -> Answer {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    let mut body = raw[end + 4..].to_vec();
    let lower = head.to_ascii_lowercase();
    if lower.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    let from_parser = body.ends_with(PARSER_REFUSAL);
    Answer {
        status,
        body,
        from_parser,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..eol])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        let stop = (start + size).min(data.len());
        out.extend_from_slice(&data[start..stop]);
        data = &data[(stop + 2).min(data.len())..];
    }
    out
}

/// The dump of the whole store, hashed.
fn store_hash(server: &TestServer) -> String {
    let mut lines: Vec<String> = server
        .store
        .quads(None)
        .expect("store reads")
        .map(|q| q.expect("quad reads").to_string())
        .collect();
    lines.sort();
    let mut hasher = Sha256::new();
    for line in &lines {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    format!("{:x} ({} quads)", hasher.finalize(), lines.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hostile_corpus_neither_crashes_nor_changes_the_server() {
    let mut config = config();
    config.max_body_bytes = 1 << 20;
    config.query_timeout = Duration::from_secs(10);
    config.max_concurrent_queries = 4;
    // A federation endpoint that refuses connections: SERVICE calls fail (502 documented).
    config.federation_allow = vec!["http://127.0.0.1:1/sparql".to_owned()];
    config.federation_timeout = Duration::from_secs(2);
    let server = start(&fixture(), config).await;
    let before = store_hash(&server);

    let mut cases = Vec::new();
    syntax_errors(&mut cases);
    nested(&mut cases);
    chains(&mut cases);
    huge_terms(&mut cases);
    bad_encodings(&mut cases);
    headers(&mut cases);
    methods(&mut cases);
    traversal(&mut cases);
    services(&mut cases);
    assert!(cases.len() >= 1000, "only {} cases", cases.len());

    let mut tally: BTreeMap<(&str, String), usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut parser_refusals = Vec::new();
    for case in &cases {
        let sent = std::time::Instant::now();
        let answer = send(server.addr, case);
        let shown = String::from_utf8_lossy(&case.raw[..case.raw.len().min(160)]).to_string();
        if sent.elapsed() > Duration::from_secs(1) {
            let start: String = shown.chars().take(100).collect();
            eprintln!("slow case ({:?}): {start:?}", sent.elapsed());
        }
        let Some(answer) = answer else {
            assert!(case.body_withheld, "no answer to {shown:?}");
            *tally
                .entry((case.route, "no answer (body withheld)".into()))
                .or_default() += 1;
            continue;
        };
        *tally
            .entry((case.route, answer.status.to_string()))
            .or_default() += 1;
        let head = case.raw.starts_with(b"HEAD ");
        if answer.status >= 500 && !matches!(answer.status, 502 | 503) {
            failures.push(format!("undocumented {} for {shown:?}", answer.status));
        }
        if answer.from_parser {
            // hyper refuses some request lines itself (raw non-ASCII or control bytes in the
            // target), before any route, with a body saying what was wrong: counted apart,
            // listed in the output.
            parser_refusals.push(format!(
                "{} {shown:?}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body).trim_end()
            ));
            if !matches!(answer.status, 400 | 414 | 431) {
                failures.push(format!("parser answer {} for {shown:?}", answer.status));
            }
            continue;
        }
        if answer.status >= 400 && !head {
            let body = String::from_utf8_lossy(&answer.body);
            if body.trim().is_empty() {
                failures.push(format!("empty {} body for {shown:?}", answer.status));
            } else if !case.expect.is_empty() && !case.expect.iter().any(|w| body.contains(w)) {
                failures.push(format!(
                    "{} body {:?} names none of {:?} for {shown:?}",
                    answer.status,
                    &body[..body.len().min(200)],
                    case.expect
                ));
            }
        }
        if !case.expect.is_empty() && case.expect != ["SERVICE"] {
            // Past a bound, the answer is a 400 naming it.
            if answer.status != 400 {
                failures.push(format!(
                    "{} (not 400) past a bound for {shown:?}",
                    answer.status
                ));
            }
        }
    }
    eprintln!("hostile corpus: {} cases", cases.len());
    for ((route, status), n) in &tally {
        eprintln!("  {route:<20} {status:<28} {n}");
    }
    eprintln!(
        "refused by the HTTP parser (with a body): {}",
        parser_refusals.len()
    );
    for refusal in &parser_refusals {
        eprintln!("  {refusal}");
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // The server is still up and the store is exactly as before.
    let alive = client()
        .get(server.sparql())
        .query(&[("query", "ASK {}")])
        .send()
        .await
        .expect("still answering");
    assert_eq!(alive.status(), 200);
    assert_eq!(store_hash(&server), before, "the store changed");
}

/// Writes `raw` on a fresh connection and reads until the server closes it.
fn exchange(addr: SocketAddr, raw: &[u8]) -> Vec<u8> {
    let mut stream = std::net::TcpStream::connect(addr).expect("the server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    // The server may answer and close before reading all of a large head.
    let _ = stream.write_all(raw);
    let mut answer = Vec::new();
    if let Err(e) = stream.read_to_end(&mut answer) {
        assert!(
            !answer.is_empty(),
            "no answer ({e}) to {:?}",
            String::from_utf8_lossy(&raw[..raw.len().min(120)])
        );
    }
    answer
}

/// One answer's head (lower-cased) and body, checking that `content-length` frames it,
/// and the bytes it takes (an answer to `HEAD` has no body).
fn framed(raw: &[u8], to_head: bool) -> (String, Vec<u8>, usize) {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head")
        + 4;
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .expect("a content-length")
        .trim()
        .parse()
        .expect("a number");
    if to_head {
        return (head, Vec::new(), end);
    }
    assert!(
        raw.len() >= end + length,
        "body shorter than its content-length in {:?}",
        String::from_utf8_lossy(raw)
    );
    (head, raw[end..end + length].to_vec(), end + length)
}

/// Requests hyper's HTTP/1 parser refuses before any route sees them. hyper answers them
/// itself with `content-length: 0`; the server's accept loop gives each a body saying what
/// was wrong (`server::conn_errors`), with the same status.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_http_parsers_refusals_say_what_was_wrong() {
    let server = start(&fixture(), config()).await;
    let big_header = format!("X-Big: {}\r\n", "a".repeat(110 * 1024));
    let many_headers: String = (0..120).map(|i| format!("X-Field-{i}: v\r\n")).collect();
    let long_target = format!("/sparql?query={}", "a".repeat(70_000));
    let cases: Vec<(&str, Vec<u8>, u16, &[&str])> = vec![
        (
            "garbage request line",
            b"GARBAGE\r\n\r\n".to_vec(),
            400,
            &["request line", "method"],
        ),
        (
            "header line without a colon",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n".to_vec(),
            400,
            &["header", "Name: value"],
        ),
        (
            "110 KiB header block",
            format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{big_header}\r\n").into_bytes(),
            431,
            &["too large", "98304 bytes"],
        ),
        (
            "120 header fields",
            format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n").into_bytes(),
            431,
            &["too large", "100 header fields"],
        ),
        (
            "70 000-byte target",
            format!("GET {long_target} HTTP/1.1\r\nHost: x\r\n\r\n").into_bytes(),
            414,
            &["too long", "65534 bytes", "POST"],
        ),
        (
            "Content-Length not a number",
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".to_vec(),
            400,
            &["Content-Length"],
        ),
        (
            "two Content-Lengths that disagree",
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nASK {}".to_vec(),
            400,
            &["Content-Length"],
        ),
        (
            "Transfer-Encoding not ending with chunked",
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n".to_vec(),
            400,
            &["Transfer-Encoding", "chunked"],
        ),
        (
            "unknown protocol version",
            b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(),
            400,
            &["HTTP/1.1"],
        ),
        (
            "space in the target",
            b"GET /heal thz HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
            &["request line"],
        ),
    ];
    for (name, raw, status, words) in cases {
        let answer = exchange(server.addr, &raw);
        let (head, body, used) = framed(&answer, false);
        let body = String::from_utf8(body).expect("a UTF-8 body");
        eprintln!("{name}: {}", head.lines().next().unwrap_or_default());
        eprintln!("  {}", body.trim_end());
        assert!(
            head.starts_with(&format!("http/1.1 {status} ")),
            "{name}: {head}"
        );
        assert!(
            head.contains("\r\ncontent-type: text/plain; charset=utf-8\r\n"),
            "{name}: {head}"
        );
        assert!(head.contains("\r\nconnection: close\r\n"), "{name}: {head}");
        assert!(!body.trim().is_empty(), "{name}: empty body");
        for word in words {
            assert!(
                body.contains(word),
                "{name}: {body:?} does not say {word:?}"
            );
        }
        assert_eq!(used, answer.len(), "{name}: bytes after the body");
    }

    // To a HEAD request, the same head and no body.
    let answer = exchange(server.addr, b"HEAD /\xff HTTP/1.1\r\nHost: x\r\n\r\n");
    let (head, _, used) = framed(&answer, true);
    assert!(head.starts_with("http/1.1 400 "), "{head}");
    assert!(!head.contains("content-length: 0\r\n"), "{head}");
    assert_eq!(used, answer.len(), "a body after a HEAD: {answer:?}");

    // A valid request, then an invalid one on the same connection: the first is answered as
    // usual, the second with its explanation.
    let answer = exchange(
        server.addr,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nbad header\r\n\r\n",
    );
    let (head, _, used) = framed(&answer, false);
    assert!(head.starts_with("http/1.1 200 "), "{head}");
    let (head, body, rest) = framed(&answer[used..], false);
    assert!(head.starts_with("http/1.1 400 "), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("header"));
    assert_eq!(used + rest, answer.len());
}

/// The same router served by axum's own `serve` (plain hyper, no `conn_errors`).
fn start_plain(store: maillage::store::GraphStore) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("loopback port");
    listener.set_nonblocking(true).expect("non-blocking socket");
    let addr = listener.local_addr().expect("bound address");
    let app = maillage::server::router(store, config());
    std::thread::spawn(move || {
        let runtime = maillage::cli::server_runtime().expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            axum::serve(listener, app).await.expect("server runs");
        });
    });
    addr
}

/// Without its `date:` lines (the only field that differs from one second to the next).
fn undated(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.windows(8).position(|w| w == b"\r\ndate: ") {
        out.extend_from_slice(&rest[..at]);
        let line = rest[at + 2..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("the date line ends");
        rest = &rest[at + 2 + line..];
    }
    out.extend_from_slice(rest);
    out
}

/// What the app answers, successes and its own errors alike, goes out byte for byte as
/// plain hyper writes it: the same exchanges through the server's accept loop and through
/// `axum::serve` are identical but for the `date` fields, and each `content-length`
/// frames its body (none after a `HEAD`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apps_own_answers_are_untouched() {
    let server = start(&fixture(), config()).await;
    let plain = start_plain(server.store.clone());
    let query = encode("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o");
    let exchanges: Vec<(&str, Vec<u8>)> = vec![
        (
            "GET /healthz",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "HEAD /healthz",
            b"HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "a SPARQL query",
            format!("GET /sparql?query={query} HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\nConnection: close\r\n\r\n").into_bytes(),
        ),
        (
            "a SPARQL query, HTTP/1.0",
            format!("GET /sparql?query={query} HTTP/1.0\r\nAccept: text/csv\r\n\r\n").into_bytes(),
        ),
        (
            "the app's 400",
            b"GET /sparql?query=SELEC HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "the app's 404, then HEAD and a query on one connection",
            format!(
                "GET /nowhere HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n\
                 HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n\
                 GET /sparql?query={query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .into_bytes(),
        ),
        (
            "a CORS preflight (200, empty)",
            b"OPTIONS /sparql HTTP/1.1\r\nHost: x\r\nOrigin: http://example.org\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n".to_vec(),
        ),
    ];
    for (name, raw) in exchanges {
        let ours = exchange(server.addr, &raw);
        let theirs = exchange(plain, &raw);
        assert_eq!(
            String::from_utf8_lossy(&undated(&ours)),
            String::from_utf8_lossy(&undated(&theirs)),
            "{name}"
        );
        // Every answer on the connection is framed by its content-length.
        let methods: Vec<&[u8]> = raw
            .split(|&b| b == b'\n')
            .filter(|l| l.ends_with(b" HTTP/1.1\r") || l.ends_with(b" HTTP/1.0\r"))
            .map(|l| l.split(|&b| b == b' ').next().unwrap_or_default())
            .collect();
        let mut at = 0;
        for method in methods {
            let (head, _, used) = framed(&ours[at..], method == b"HEAD");
            at += used;
            eprintln!("{name}: {}", head.lines().next().unwrap_or_default());
        }
        assert_eq!(at, ours.len(), "{name}: bytes past the last answer");
    }

    // A streamed answer (chunked, past the 64 KiB sent whole): the same head, the same
    // bytes once dechunked, and the last chunk.
    let rows = encode(
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?b ?c ?d ?e ?f ?g ?h ?i",
    );
    let raw = format!(
        "GET /sparql?query={rows} HTTP/1.1\r\nHost: x\r\n\
         Accept: application/sparql-results+json\r\nConnection: close\r\n\r\n"
    );
    let ours = exchange(server.addr, raw.as_bytes());
    let theirs = exchange(plain, raw.as_bytes());
    let split = |raw: &[u8]| {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        (undated(&raw[..end]), raw[end..].to_vec())
    };
    let ((our_head, our_body), (their_head, their_body)) = (split(&ours), split(&theirs));
    assert_eq!(
        String::from_utf8_lossy(&our_head),
        String::from_utf8_lossy(&their_head)
    );
    assert!(
        String::from_utf8_lossy(&our_head).contains("transfer-encoding: chunked"),
        "{}",
        String::from_utf8_lossy(&our_head)
    );
    assert!(our_body.ends_with(b"\r\n0\r\n\r\n"), "no last chunk");
    let body = dechunk(&our_body);
    assert!(body.len() > 64 * 1024, "{} bytes", body.len());
    assert_eq!(body, dechunk(&their_body));
    eprintln!("a streamed answer: {} bytes, identical", body.len());
}
