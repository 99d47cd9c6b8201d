//! Bounds on SPARQL text, checked before any parser sees it.
//!
//! spargebra (the parser Oxigraph uses) and Oxigraph's optimizer and evaluator are
//! recursive: every nested `{ }`, `( )` or `[ ]`, and every element of a left-associative
//! chain (`UNION`, `OPTIONAL`, `a/b/c` paths, `1+1+…`, triple patterns, `DESCRIBE` lists)
//! costs stack frames, and a Rust stack overflow aborts the whole process (neither crate
//! has a recursion limit: oxigraph/oxigraph has no such issue or setting). So every text
//! a client sends is scanned first, in one linear pass that never recurses:
//!
//! - **nesting**: brackets `( [ {` open at once, at most [`MAX_NESTING`];
//! - **size**: tokens (IRIs, literals, names, variables, operators), at most [`MAX_TOKENS`],
//!   which bounds every chain the parser folds into a deep tree.
//!
//! Brackets and tokens inside IRIs, string literals (all four quotings, with escapes) and
//! comments do not count. At the bounds, parsing needs up to 4 MiB of stack (a
//! 5,000-step path sequence; 2 MiB overflow at 5,000, not at 2,500): the server parses on
//! runtime threads and evaluates on threads of [`EVALUATION_STACK_BYTES`] (the runtime's
//! too, which evaluate short queries: see `server::limits`); the tests check both at the bounds.
//!
//! Once parsed, [`check_query`] bounds what makes Oxigraph's *optimizer* slow, which runs
//! before evaluation and cannot be cancelled (measured on 2 cores: a star of 100 triple
//! patterns takes 2 s to plan, 200 more than 30 s; 200 chained `OPTIONAL` 2.9 s; a 500-step
//! path sequence 13 s): at most [`MAX_GROUP_PATTERNS`] triple patterns joined in one group,
//! [`MAX_PATTERNS`] in the whole query, [`MAX_OPERATORS`] other operators (`OPTIONAL`,
//! `UNION`, `MINUS`, sub-`SELECT`, `FILTER`, `BIND`, `GRAPH`…) and [`MAX_PATH_STEPS`]
//! property-path operators. Within them, planning takes well under a second.
//!
//! Every entry point that parses SPARQL calls [`check`] first and [`check_query`] after: `/sparql` (GET and POST)
//! and `maillage query` today; SPARQL Update, imports and any other parser of client text
//! must do the same (RDF payloads: the same scan works for Turtle/TriG, whose nesting is
//! `[ ]` and `( )`).

use std::fmt;

/// Most brackets open at once (real queries use fewer than 20).
pub const MAX_NESTING: usize = 64;
/// Most tokens in one text (a 3,000-row two-column `VALUES` block is about 6,000).
pub const MAX_TOKENS: usize = 10_000;
/// Most triple patterns and paths joined in one group (a star of 64 plans in 0.3 s).
pub const MAX_GROUP_PATTERNS: usize = 64;
/// Most triple patterns and paths in one query.
pub const MAX_PATTERNS: usize = 256;
/// Most operators other than joins (`OPTIONAL`, `UNION`, `MINUS`, sub-`SELECT`, `FILTER`…).
pub const MAX_OPERATORS: usize = 128;
/// Most property-path operators (`/`, `|`, `^`, `*`, `+`, `?`, `!`) in one query.
pub const MAX_PATH_STEPS: usize = 64;
/// Stack of the threads that optimize and evaluate queries: far more than
/// texts within the bounds need (only touched pages are ever committed).
pub const EVALUATION_STACK_BYTES: usize = 64 << 20;

/// Why a text was refused; the message names the limit and where it was passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitError {
    /// Brackets nested deeper than [`MAX_NESTING`]; `line`/`column` of the first bracket past it.
    TooDeep {
        limit: usize,
        line: usize,
        column: usize,
    },
    /// More than [`MAX_TOKENS`] tokens.
    TooLarge { limit: usize },
    /// More than `limit` of `what` in the parsed query.
    TooComplex { what: &'static str, limit: usize },
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooDeep {
                limit,
                line,
                column,
            } => write!(
                f,
                "the text nests brackets ( ), [ ], {{ }} more than {limit} levels deep \
                 (at line {line}, column {column}); this endpoint accepts at most {limit}"
            ),
            Self::TooLarge { limit } => write!(
                f,
                "the text has more than {limit} tokens (IRIs, literals, names, operators); \
                 this endpoint accepts at most {limit}: split it into smaller queries"
            ),
            Self::TooComplex { what, limit } => write!(
                f,
                "the query has more than {limit} {what}; this endpoint accepts at most \
                 {limit}: split it into smaller queries"
            ),
        }
    }
}

impl std::error::Error for LimitError {}

/// What one scan measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Deepest bracket nesting.
    pub depth: usize,
    /// Tokens outside comments.
    pub tokens: usize,
}

/// Checks `text` against [`MAX_NESTING`] and [`MAX_TOKENS`].
pub fn check(text: &str) -> Result<Shape, LimitError> {
    check_with(text, MAX_NESTING, MAX_TOKENS)
}

/// [`check`] with other bounds (tests, future per-route settings).
pub fn check_with(text: &str, max_depth: usize, max_tokens: usize) -> Result<Shape, LimitError> {
    let bytes = text.as_bytes();
    let mut shape = Shape::default();
    let mut depth = 0usize;
    let (mut line, mut line_start) = (1usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        match b {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    let column = text[line_start..i].chars().count() + 1;
                    return Err(LimitError::TooDeep {
                        limit: max_depth,
                        line,
                        column,
                    });
                }
                shape.depth = shape.depth.max(depth);
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'"' | b'\'' => i = skip_string(bytes, i),
            b'<' => i = skip_iri(bytes, i).unwrap_or(i + 1),
            _ if is_name_byte(b) => {
                while i < bytes.len() && is_name_byte(bytes[i]) {
                    i += 1;
                }
            }
            _ => i += 1, // One operator or punctuation character.
        }
        shape.tokens += 1;
        if shape.tokens > max_tokens {
            return Err(LimitError::TooLarge { limit: max_tokens });
        }
        // Lines inside a multi-line string or IRI still count for positions.
        for &c in &bytes[start + 1..i] {
            if c == b'\n' {
                line += 1;
            }
        }
        if let Some(nl) = bytes[start + 1..i].iter().rposition(|&c| c == b'\n') {
            line_start = start + 1 + nl + 1;
        }
    }
    Ok(shape)
}

/// What [`check_query`] measured of a query within the bounds.
#[derive(Debug)]
pub struct Complexity(Counts);

impl Complexity {
    /// Whether Oxigraph plans the query in well under a millisecond: a dozen triple
    /// patterns per group and few operators (planning cannot be interrupted, so only such
    /// queries are tried inline on the server's runtime threads).
    pub fn plans_quickly(&self) -> bool {
        let c = &self.0;
        c.group_max <= 12 && c.patterns <= 32 && c.operators <= 32 && c.path_steps <= 8
    }
}

/// Checks a parsed query against the planning bounds (see the module documentation);
/// within them, tells what it measured.
pub fn check_query(query: &spargebra::Query) -> Result<Complexity, LimitError> {
    let counts = Counts::of(query);
    let bounds = [
        (
            counts.group_max,
            MAX_GROUP_PATTERNS,
            "triple patterns joined in one group",
        ),
        (counts.patterns, MAX_PATTERNS, "triple patterns and paths"),
        (
            counts.operators,
            MAX_OPERATORS,
            "operators (OPTIONAL, UNION, MINUS, sub-SELECT, FILTER, BIND, GRAPH…)",
        ),
        (
            counts.path_steps,
            MAX_PATH_STEPS,
            "property-path operators (/ | ^ * + ? !)",
        ),
    ];
    for (count, limit, what) in bounds {
        if count > limit {
            return Err(LimitError::TooComplex { what, limit });
        }
    }
    Ok(Complexity(counts))
}

/// What [`check_query`] counts.
#[derive(Debug, Default)]
struct Counts {
    patterns: usize,
    group_max: usize,
    operators: usize,
    path_steps: usize,
}

impl Counts {
    fn of(query: &spargebra::Query) -> Self {
        use spargebra::Query;
        let pattern = match query {
            Query::Select { pattern, .. }
            | Query::Construct { pattern, .. }
            | Query::Describe { pattern, .. }
            | Query::Ask { pattern, .. } => pattern,
        };
        let mut counts = Self::default();
        counts.pattern(pattern, 0);
        counts
    }

    /// Walks `pattern`; `group` is the size of the join group it belongs to so far, and
    /// the new size is returned.
    fn pattern(&mut self, pattern: &spargebra::algebra::GraphPattern, group: usize) -> usize {
        use spargebra::algebra::GraphPattern as P;
        let grown = |me: &mut Self, n: usize| {
            me.patterns += n;
            me.group_max = me.group_max.max(group + n);
            group + n
        };
        match pattern {
            P::Bgp { patterns } => grown(self, patterns.len()),
            P::Path { path, .. } => {
                self.path_steps += path_steps(path);
                grown(self, 1)
            }
            P::Join { left, right } => {
                let group = self.pattern(left, group);
                self.pattern(right, group)
            }
            P::Values { .. } => group,
            P::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.operators += 1;
                self.pattern(left, 0);
                self.pattern(right, 0);
                if let Some(e) = expression {
                    self.expression(e);
                }
                group
            }
            P::Lateral { left, right } | P::Union { left, right } | P::Minus { left, right } => {
                self.operators += 1;
                self.pattern(left, 0);
                self.pattern(right, 0);
                group
            }
            P::Filter { expr, inner }
            | P::Extend {
                inner,
                expression: expr,
                ..
            } => {
                self.operators += 1;
                self.expression(expr);
                self.pattern(inner, 0);
                group
            }
            P::OrderBy { inner, expression } => {
                self.operators += 1;
                for e in expression {
                    match e {
                        spargebra::algebra::OrderExpression::Asc(e)
                        | spargebra::algebra::OrderExpression::Desc(e) => self.expression(e),
                    }
                }
                self.pattern(inner, 0);
                group
            }
            P::Group {
                inner, aggregates, ..
            } => {
                self.operators += 1;
                for (_, aggregate) in aggregates {
                    if let spargebra::algebra::AggregateExpression::FunctionCall { expr, .. } =
                        aggregate
                    {
                        self.expression(expr);
                    }
                }
                self.pattern(inner, 0);
                group
            }
            P::Graph { inner, .. }
            | P::Project { inner, .. }
            | P::Distinct { inner }
            | P::Reduced { inner }
            | P::Slice { inner, .. }
            | P::Service { inner, .. } => {
                self.operators += 1;
                self.pattern(inner, 0);
                group
            }
        }
    }

    /// Counts the patterns of `EXISTS` inside an expression.
    fn expression(&mut self, expression: &spargebra::algebra::Expression) {
        match expression {
            spargebra::algebra::Expression::Exists(p) => {
                self.operators += 1;
                self.pattern(p, 0);
            }
            other => crate::sparql_walk::for_each_operand(other, |a| self.expression(a)),
        }
    }
}

/// Property-path operators in `path`.
fn path_steps(path: &spargebra::algebra::PropertyPathExpression) -> usize {
    use spargebra::algebra::PropertyPathExpression as Path;
    match path {
        Path::NamedNode(_) => 0,
        Path::NegatedPropertySet(_) => 1,
        Path::Reverse(p) | Path::ZeroOrMore(p) | Path::OneOrMore(p) | Path::ZeroOrOne(p) => {
            1 + path_steps(p)
        }
        Path::Sequence(a, b) | Path::Alternative(a, b) => 1 + path_steps(a) + path_steps(b),
    }
}

/// Letters, digits and the characters of prefixed names, variables, numbers and language tags
/// (any non-ASCII byte too: names may use any Unicode letter).
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'_' | b':' | b'?' | b'$' | b'-' | b'.' | b'%' | b'@' | b'\\'
        )
        || b >= 0x80
}

/// The end of the string literal opening at `start` (`"…"`, `'…'`, `"""…"""`, `'''…'''`),
/// or the end of the text if it is not closed (the parser reports that).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let long = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if long { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => {
                if !long {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            b'\n' | b'\r' if !long => return i, // Unclosed short string: the parser says so.
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The end of the IRI reference opening at `start`, or `None` when `<` is an operator
/// (an IRI reference has no spaces, quotes, brackets or `<` before its `>`).
fn skip_iri(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i + 1),
            b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b' ' | b'\t' | b'\n' | b'\r' => {
                return None
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_queries_pass() {
        let shape = check(
            "PREFIX ex: <http://ex/a(b[c>\n# a comment { { ( [\nSELECT ?s WHERE { ?s ex:p \"{ ( [\" . \
             FILTER(?s < 3 && (?s > 1)) OPTIONAL { ?s ex:q '''multi\n{ line'''@fr } }",
        )
        .unwrap();
        assert_eq!(shape.depth, 3);
        assert!(shape.tokens > 20 && shape.tokens < 60, "{shape:?}");
    }

    #[test]
    fn nesting_is_refused_with_its_position() {
        let query = format!("ASK {}{}", "{".repeat(100), "}".repeat(100));
        assert_eq!(
            check(&query).unwrap_err(),
            LimitError::TooDeep {
                limit: MAX_NESTING,
                line: 1,
                column: 5 + MAX_NESTING
            }
        );
        let filter = format!(
            "SELECT * {{\n?s ?p ?o FILTER({}1{}) }}",
            "(".repeat(70),
            ")".repeat(70)
        );
        let e = check(&filter).unwrap_err();
        assert!(matches!(e, LimitError::TooDeep { line: 2, .. }), "{e:?}");
        assert!(e.to_string().contains("more than 64 levels"), "{e}");
        // Exactly at the limit passes.
        let at = format!("ASK {}{}", "{".repeat(MAX_NESTING), "}".repeat(MAX_NESTING));
        assert_eq!(check(&at).unwrap().depth, MAX_NESTING);
    }

    #[test]
    fn brackets_in_strings_iris_and_comments_do_not_count() {
        let many = "{".repeat(1000);
        let iri_brackets = "([".repeat(500); // IRIs cannot hold braces, but can these.
        for text in [
            format!("ASK {{ ?s ?p \"{many}\" }}"),
            format!("ASK {{ ?s ?p '{many}' }}"),
            format!("ASK {{ ?s ?p \"\"\"\n{many}\"\"\" }}"),
            format!("ASK {{ ?s ?p <http://ex/{iri_brackets}> }}"),
            format!("ASK {{ ?s ?p ?o }} # {many}"),
            format!("ASK {{ ?s ?p \"a\\\"{many}\" }}"),
        ] {
            assert_eq!(check(&text).unwrap().depth, 1, "{text:.40}");
        }
    }

    #[test]
    fn less_than_is_an_operator_not_an_iri() {
        let text = format!(
            "ASK {{ FILTER(1 < 2 && {}3{} > 2) }}",
            "(".repeat(80),
            ")".repeat(80)
        );
        assert!(matches!(check(&text), Err(LimitError::TooDeep { .. })));
    }

    #[test]
    fn long_chains_are_refused_by_size() {
        for text in [
            format!(
                "SELECT * {{ ?s {} ?o }}",
                vec!["<http://ex/p>"; 6000].join("/")
            ),
            format!("DESCRIBE {}", vec!["<http://ex/a>"; 10_001].join(" ")),
            format!("ASK {{ FILTER({}) }}", vec!["1"; 6000].join("+")),
            vec!["{ ?s ?p ?o }"; 3000].join(" UNION "),
        ] {
            assert_eq!(
                check(&text).unwrap_err(),
                LimitError::TooLarge { limit: MAX_TOKENS }
            );
        }
    }

    #[test]
    fn planning_bounds_name_what_was_passed() {
        let parse = |q: &str| spargebra::SparqlParser::new().parse_query(q).unwrap();
        let star = |n: usize| {
            format!(
                "SELECT * {{ {} }}",
                (0..n)
                    .map(|i| format!("?s <http://ex/p> ?o{i} . "))
                    .collect::<String>()
            )
        };
        assert!(check_query(&parse(&star(MAX_GROUP_PATTERNS))).is_ok());
        let e = check_query(&parse(&star(MAX_GROUP_PATTERNS + 1))).unwrap_err();
        assert!(e.to_string().contains("joined in one group"), "{e}");
        // The same patterns in separate groups pass the group bound.
        let groups = format!(
            "SELECT * {{ {} }}",
            (0..70)
                .map(|i| format!("{{ ?s <http://ex/p> ?o{i} }} UNION "))
                .collect::<String>()
                + "{}"
        );
        assert!(check_query(&parse(&groups)).is_ok());
        let optionals = format!(
            "SELECT * {{ ?s ?p ?o {} }}",
            "OPTIONAL { ?s ?p ?o } ".repeat(MAX_OPERATORS + 1)
        );
        let e = check_query(&parse(&optionals)).unwrap_err();
        assert!(e.to_string().contains("operators"), "{e}");
        // (A sequence of IRIs is parsed as chained triple patterns; alternatives stay a path.)
        let path = |n: usize| format!("ASK {{ ?s {} ?o }}", vec!["<http://ex/p>"; n + 1].join("|"));
        assert!(check_query(&parse(&path(MAX_PATH_STEPS))).is_ok());
        let e = check_query(&parse(&path(MAX_PATH_STEPS + 1))).unwrap_err();
        assert!(e.to_string().contains("property-path"), "{e}");
    }

    #[test]
    fn unclosed_strings_and_iris_end_the_scan_quietly() {
        assert!(check("ASK { ?s ?p \"never closed").is_ok());
        assert!(check("ASK { ?s ?p <http://never").is_ok());
        assert!(check("").is_ok());
    }
}
