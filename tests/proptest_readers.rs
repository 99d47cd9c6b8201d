//! Property tests (fuzzing on a stable toolchain) of what reads client input before any
//! query runs: the SPARQL Protocol request reader, content negotiation and the text bounds.
//!
//! Short runs in the suite; longer ones with `PROPTEST_CASES=100000 cargo test --release
//! --test proptest_readers`.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};
use maillage::server::negotiate::{choose, negotiate};
use maillage::server::protocol::SparqlRequest;
use maillage::server::Format;
use maillage::sparql_limits::{check_with, LimitError};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Text made of the characters that matter to the readers, plus anything.
fn protocolish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("query=".to_owned()),
            Just("&".to_owned()),
            Just("=".to_owned()),
            Just("%".to_owned()),
            Just("%FF".to_owned()),
            Just("+".to_owned()),
            Just("default-graph-uri=".to_owned()),
            Just("named-graph-uri=".to_owned()),
            Just("format=".to_owned()),
            Just("update=".to_owned()),
            "[a-z0-9{}()<>?:/#\"' ]{0,6}",
            any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn media_range() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("application/sparql-results+json".to_owned()),
            Just("text/csv".to_owned()),
            Just("text/turtle".to_owned()),
            Just("*/*".to_owned()),
            Just("text/*".to_owned()),
            Just(";q=".to_owned()),
            Just(",".to_owned()),
            Just(";".to_owned()),
            "[0-9.]{0,4}",
            "[ -~]{0,8}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Any query string: read or refused with a 4xx, never a panic.
    #[test]
    fn get_requests_never_panic(query_string in protocolish()) {
        if let Err(e) = SparqlRequest::from_get(Some(&query_string)) {
            prop_assert!(e.status().is_client_error(), "{e}");
            prop_assert!(!e.to_string().trim().is_empty());
        }
    }

    /// Any body bytes under any content type: read or refused with a 4xx.
    #[test]
    fn post_requests_never_panic(
        body in prop::collection::vec(any::<u8>(), 0..256),
        content_type in prop_oneof![
            Just("application/sparql-query".to_owned()),
            Just("application/x-www-form-urlencoded".to_owned()),
            Just("application/sparql-update".to_owned()),
            "[ -~]{0,40}",
        ],
        query_string in protocolish(),
    ) {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(&content_type) {
            headers.insert(header::CONTENT_TYPE, value);
        }
        match SparqlRequest::from_post(Some(&query_string), &headers, &Bytes::from(body.clone())) {
            // A direct POST carries the body, unchanged, as the query.
            Ok(request) if content_type == "application/sparql-query" => {
                prop_assert_eq!(request.query.as_deref().map(str::as_bytes), Some(&body[..]));
            }
            // An update body likewise, as the update.
            Ok(request) if content_type == "application/sparql-update" => {
                prop_assert_eq!(request.update.as_deref().map(str::as_bytes), Some(&body[..]));
            }
            Ok(_) => {
                // Only the protocol's three media types are read (case and parameters aside).
                let media_type = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                let readable = media_type == "application/sparql-query"
                    || media_type == "application/sparql-update"
                    || media_type == "application/x-www-form-urlencoded";
                prop_assert!(readable, "read as a query or an update: {:?}", content_type);
            }
            Err(e) => prop_assert!(e.status().is_client_error(), "{e}"),
        }
    }

    /// Any `Accept` and `?format=`: a format among the offers, or a 4xx naming what is offered.
    #[test]
    fn negotiation_never_panics(accept in media_range(), format in proptest::option::of("[a-z/+-]{0,24}")) {
        for offers in [&Format::SOLUTIONS[..], &Format::GRAPHS[..]] {
            match negotiate(Some(&accept), offers) {
                Ok(chosen) => prop_assert!(offers.contains(&chosen)),
                Err(e) => prop_assert_eq!(e.status().as_u16(), 406),
            }
            match choose(format.as_deref(), Some(&accept), offers) {
                Ok(chosen) => prop_assert!(offers.contains(&chosen)),
                Err(e) => prop_assert!(e.status().is_client_error()),
            }
        }
    }

    /// The bracket scan agrees with a plain count on texts without strings, IRIs or comments.
    #[test]
    fn the_depth_scan_counts_brackets(text in "[(){}\\[\\] a-z?.]{0,200}") {
        let mut depth = 0usize;
        let mut deepest = 0usize;
        for c in text.chars() {
            match c {
                '(' | '[' | '{' => { depth += 1; deepest = deepest.max(depth); }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        match check_with(&text, 8, usize::MAX) {
            Ok(shape) => { prop_assert!(deepest <= 8); prop_assert_eq!(shape.depth, deepest); }
            Err(LimitError::TooDeep { limit, .. }) => { prop_assert_eq!(limit, 8); prop_assert!(deepest > 8); }
            Err(e) => prop_assert!(false, "unexpected {e}"),
        }
    }

    /// Any text at all: the scan ends, and whatever it lets through parses or fails cleanly.
    #[test]
    fn the_scan_then_the_parser_never_panic(text in "\\PC{0,300}") {
        if maillage::sparql_limits::check(&text).is_ok() {
            let _ = spargebra::SparqlParser::new().parse_query(&text);
        }
    }
}
