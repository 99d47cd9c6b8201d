//! The HTTP client of `SERVICE` calls (SPARQL 1.1 Federated Query), in place of Oxigraph's.
//!
//! - The remote answer is read whole, within one deadline (the federation timeout covers
//!   connecting, sending, waiting and reading the body, not each socket read) and up to
//!   [`MAX_ANSWER_BYTES`], then parsed; the solutions are handed to the evaluator only then.
//! - So every failure happens inside the call, before any solution is produced: under
//!   `SERVICE SILENT` the evaluator ignores it and the pattern is the empty solution (the
//!   rest of the query is answered), as the standard says; without `SILENT` the query fails
//!   with a message naming the endpoint (the server answers 502).
//! - Redirections are not followed: an allow-listed IRI must not lead elsewhere.

use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Method, Request};
use oxigraph::model::NamedNode;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{DefaultServiceHandler, QuerySolution, QuerySolutionIter};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use std::io::{self, Read};
use std::time::{Duration, Instant};

/// Largest remote answer read, in bytes.
pub const MAX_ANSWER_BYTES: usize = 16 << 20;
/// Bytes of a remote error page quoted in a message.
const EXCERPT: usize = 300;

/// Calls remote SPARQL endpoints for `SERVICE` patterns.
pub struct ServiceClient {
    client: oxhttp::Client,
    timeout: Duration,
}

impl ServiceClient {
    pub fn new(timeout: Duration) -> Self {
        let client = oxhttp::Client::new()
            .with_global_timeout(timeout)
            .with_redirection_limit(0)
            .with_user_agent(concat!("maillage/", env!("CARGO_PKG_VERSION")))
            .expect("a valid User-Agent");
        Self { client, timeout }
    }
}

/// Why a `SERVICE` call failed; each message names the endpoint.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("the remote endpoint <{endpoint}> did not answer within {} s", seconds(*.timeout))]
    Timeout { endpoint: String, timeout: Duration },
    #[error("the remote endpoint <{endpoint}> could not be reached: {reason}")]
    Unreachable { endpoint: String, reason: String },
    #[error("the remote endpoint <{endpoint}> answered HTTP {status}: {excerpt}")]
    Status {
        endpoint: String,
        status: u16,
        excerpt: String,
    },
    #[error(
        "the remote endpoint <{endpoint}> sent an answer that is not SPARQL results: {reason}"
    )]
    BadAnswer { endpoint: String, reason: String },
    #[error("the remote endpoint <{endpoint}> sent more than {MAX_ANSWER_BYTES} bytes")]
    TooLarge { endpoint: String },
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s}")
    }
}

impl DefaultServiceHandler for ServiceClient {
    type Error = ServiceError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, ServiceError> {
        let endpoint = service_name.as_str();
        let started = Instant::now();
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        };
        let request = Request::builder()
            .method(Method::POST)
            .uri(endpoint)
            .header(
                ACCEPT,
                "application/sparql-results+json, application/sparql-results+xml;q=0.9",
            )
            .header(CONTENT_TYPE, "application/sparql-query")
            .body(query.to_string().into_bytes())
            .map_err(|e| ServiceError::Unreachable {
                endpoint: endpoint.to_owned(),
                reason: e.to_string(),
            })?;
        let io_error = |e: io::Error| self.io_error(endpoint, e, started);
        let response = self.client.request(request).map_err(io_error)?;
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut body = response.into_body();
        let bytes = read_all(&mut body, started, self.timeout).map_err(|e| {
            match self.io_error(endpoint, e, started) {
                ServiceError::Unreachable { endpoint, reason } => ServiceError::BadAnswer {
                    endpoint,
                    reason: format!("the answer was cut short ({reason})"),
                },
                other => other,
            }
        })?;
        let Some(bytes) = bytes else {
            return Err(ServiceError::TooLarge {
                endpoint: endpoint.to_owned(),
            });
        };
        if !status.is_success() {
            let text = String::from_utf8_lossy(&bytes);
            let excerpt: String = text.trim().chars().take(EXCERPT).collect();
            return Err(ServiceError::Status {
                endpoint: endpoint.to_owned(),
                status: status.as_u16(),
                excerpt,
            });
        }
        parse_solutions(endpoint, content_type.as_deref(), &bytes)
    }
}

impl ServiceClient {
    fn io_error(&self, endpoint: &str, e: io::Error, started: Instant) -> ServiceError {
        let timed_out = matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ) || started.elapsed() >= self.timeout;
        if timed_out {
            ServiceError::Timeout {
                endpoint: endpoint.to_owned(),
                timeout: self.timeout,
            }
        } else if e.kind() == io::ErrorKind::InvalidInput && endpoint.starts_with("https:") {
            ServiceError::Unreachable {
                endpoint: endpoint.to_owned(),
                reason: "this build of maillage calls http:// endpoints only (no TLS client)"
                    .to_owned(),
            }
        } else {
            ServiceError::Unreachable {
                endpoint: endpoint.to_owned(),
                reason: e.to_string(),
            }
        }
    }
}

/// Reads a body to its end: `None` past [`MAX_ANSWER_BYTES`], a timeout error past the
/// deadline (each read is itself bounded by the socket timeout).
fn read_all(
    body: &mut impl Read,
    started: Instant,
    timeout: Duration,
) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    let mut buffer = [0; 16 * 1024];
    loop {
        if started.elapsed() >= timeout {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "deadline reached"));
        }
        let n = match body.read(&mut buffer) {
            Ok(0) => return Ok(Some(bytes)),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if bytes.len() + n > MAX_ANSWER_BYTES {
            return Ok(None);
        }
        bytes.extend_from_slice(&buffer[..n]);
    }
}

fn parse_solutions(
    endpoint: &str,
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<QuerySolutionIter<'static>, ServiceError> {
    let bad = |reason: String| ServiceError::BadAnswer {
        endpoint: endpoint.to_owned(),
        reason,
    };
    let content_type = content_type.ok_or_else(|| bad("no Content-Type".into()))?;
    let format = QueryResultsFormat::from_media_type(content_type)
        .ok_or_else(|| bad(format!("unsupported Content-Type {content_type}")))?;
    let parsed = QueryResultsParser::from_format(format)
        .for_slice(bytes)
        .map_err(|e| bad(e.to_string()))?;
    let SliceQueryResultsParserOutput::Solutions(solutions) = parsed else {
        return Err(bad("a boolean instead of solutions".into()));
    };
    let variables = solutions.variables().to_vec();
    let solutions: Vec<QuerySolution> = solutions
        .collect::<Result<_, _>>()
        .map_err(|e| bad(e.to_string()))?;
    Ok(QuerySolutionIter::new(
        variables.into(),
        solutions.into_iter().map(Ok),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_parsed_whole() {
        let json = br#"{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}},{"x":{"type":"literal","value":"2"}}]}}"#;
        let solutions = parse_solutions(
            "http://e/sparql",
            Some("application/sparql-results+json"),
            json,
        )
        .unwrap();
        assert_eq!(solutions.count(), 2);
        let truncated = &json[..json.len() - 10];
        let error = parse_solutions(
            "http://e/sparql",
            Some("application/sparql-results+json"),
            truncated,
        )
        .err()
        .unwrap();
        assert!(error
            .to_string()
            .starts_with("the remote endpoint <http://e/sparql> sent"));
        let error = parse_solutions("http://e/sparql", Some("text/html"), b"<html>")
            .err()
            .unwrap();
        assert!(error.to_string().contains("text/html"), "{error}");
    }

    #[test]
    fn timeouts_name_the_endpoint_and_the_limit() {
        let client = ServiceClient::new(Duration::from_millis(2500));
        let e = client.io_error(
            "http://e/sparql",
            io::Error::from(io::ErrorKind::WouldBlock),
            Instant::now(),
        );
        assert_eq!(
            e.to_string(),
            "the remote endpoint <http://e/sparql> did not answer within 2.5 s"
        );
    }

    #[test]
    fn https_is_refused_with_a_reason() {
        let client = ServiceClient::new(Duration::from_secs(1));
        let pattern = spargebra::SparqlParser::new()
            .parse_query("SELECT * { ?s ?p ?o }")
            .unwrap();
        let spargebra::Query::Select { pattern, .. } = pattern else {
            unreachable!()
        };
        let endpoint = NamedNode::new("https://query.example/sparql").unwrap();
        let error = client.handle(&endpoint, &pattern, None).err().unwrap();
        assert!(
            error.to_string().contains("http:// endpoints only"),
            "{error}"
        );
    }

    #[test]
    fn large_answers_are_cut() {
        let mut big = io::repeat(b'x').take(MAX_ANSWER_BYTES as u64 + 1);
        let read = read_all(&mut big, Instant::now(), Duration::from_secs(60)).unwrap();
        assert!(read.is_none());
    }
}
