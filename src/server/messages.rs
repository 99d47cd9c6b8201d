//! SPARQL syntax errors rewritten into messages a SPARQL user understands.
//!
//! The parser's own message is a poor guide: its keywords are read by taking as many
//! characters as the keyword has, so the reported position is often a few characters past
//! the mistake and the "expected" set names whatever keyword was tried last (`SELEC * …`
//! gives "expected CONSTRUCT"); an undeclared prefix gives "expected one of Prefix not
//! found, ['%'], …" and a dump of Unicode ranges. So a failed query is read again by a
//! small lexer (strings, IRIs and comments skipped) that finds the usual mistakes, each
//! with its own `line:column`:
//! - a word that is not SPARQL: a misspelled keyword (`WHER` → did you mean `WHERE`?, by
//!   edit distance among the grammar's keywords and function names) or, where the query
//!   form is due, `expected SELECT, CONSTRUCT, ASK or DESCRIBE`;
//! - an undeclared prefix: `unknown prefix x: — declare it with PREFIX x: <…>`;
//! - a string never closed, a bracket that closes nothing or the wrong one, or one never
//!   closed.
//!
//! Otherwise the parser's position is kept, with the literal tokens it expected there
//! (character classes dropped), or, when it only names a keyword (a look-ahead), the
//! place where that look-ahead began, which is where the text stops making sense.

/// The query forms, as said when the query does not start with one.
const QUERY_FORMS: &str = "SELECT, CONSTRUCT, ASK or DESCRIBE";
const FORMS: [&str; 4] = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];
/// Expected tokens listed at most in a generic message.
const MAX_LISTED: usize = 12;

/// Every keyword and built-in function name of the grammar (spargebra 0.4, with its
/// extensions), upper-cased; `a`, `true` and `false` too.
const KEYWORDS: &[&str] = &[
    "A",
    "ABS",
    "ADD",
    "ADJUST",
    "ALL",
    "AS",
    "ASC",
    "ASK",
    "AVG",
    "BASE",
    "BIND",
    "BNODE",
    "BOUND",
    "BY",
    "CEIL",
    "CLEAR",
    "COALESCE",
    "CONCAT",
    "CONSTRUCT",
    "CONTAINS",
    "COPY",
    "COUNT",
    "CREATE",
    "DATA",
    "DATATYPE",
    "DAY",
    "DEFAULT",
    "DELETE",
    "DESC",
    "DESCRIBE",
    "DISTINCT",
    "DROP",
    "ENCODE_FOR_URI",
    "EXISTS",
    "FALSE",
    "FILTER",
    "FLOOR",
    "FROM",
    "GRAPH",
    "GROUP",
    "GROUP_CONCAT",
    "HASLANG",
    "HASLANGDIR",
    "HAVING",
    "HOURS",
    "IF",
    "IN",
    "INSERT",
    "INTO",
    "IRI",
    "ISBLANK",
    "ISIRI",
    "ISLITERAL",
    "ISNUMERIC",
    "ISTRIPLE",
    "ISURI",
    "LANG",
    "LANGDIR",
    "LANGMATCHES",
    "LATERAL",
    "LCASE",
    "LIMIT",
    "LOAD",
    "MAX",
    "MD5",
    "MIN",
    "MINUS",
    "MINUTES",
    "MONTH",
    "MOVE",
    "NAMED",
    "NOT",
    "NOW",
    "OBJECT",
    "OFFSET",
    "OPTIONAL",
    "ORDER",
    "PREDICATE",
    "PREFIX",
    "RAND",
    "REDUCED",
    "REGEX",
    "REPLACE",
    "ROUND",
    "SAMETERM",
    "SAMPLE",
    "SECONDS",
    "SELECT",
    "SEPARATOR",
    "SERVICE",
    "SHA1",
    "SHA256",
    "SHA384",
    "SHA512",
    "SILENT",
    "STR",
    "STRAFTER",
    "STRBEFORE",
    "STRDT",
    "STRENDS",
    "STRLANG",
    "STRLANGDIR",
    "STRLEN",
    "STRSTARTS",
    "STRUUID",
    "SUBJECT",
    "SUBSTR",
    "SUM",
    "TIMEZONE",
    "TO",
    "TRIPLE",
    "TRUE",
    "TZ",
    "UCASE",
    "UNDEF",
    "UNION",
    "URI",
    "USING",
    "UUID",
    "VALUES",
    "VERSION",
    "WHERE",
    "WITH",
    "YEAR",
];

/// The message of a query syntax error `error` (the parser's text) about `query`.
pub fn syntax_error(query: &str, error: &str) -> String {
    let Some((line, column, expected)) = split_peg_error(error) else {
        return format!("malformed SPARQL query: {error}");
    };
    let offset = byte_offset(query, line, column);
    if let Some((offset, message)) = stated_error(query, offset, expected) {
        let (line, column) = line_column(query, offset);
        return format!("malformed SPARQL query at {line}:{column}: {message}");
    }
    if let Some((offset, message)) = lexical_mistake(query) {
        let (line, column) = line_column(query, offset);
        return format!("malformed SPARQL query at {line}:{column}: {message}");
    }
    let listed = expected_tokens(expected);
    if !listed.is_empty() {
        return format!(
            "malformed SPARQL query at {line}:{column}: unexpected {} — expected {}",
            describe(token_at(query, offset)),
            listed.join(", ")
        );
    }
    // Only a keyword was expected: the parser looked that many characters ahead.
    let lookahead = items(expected)
        .filter(|k| {
            k.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::len)
        .max()
        .unwrap_or(0);
    if lookahead == 0 {
        return format!(
            "malformed SPARQL query at {line}:{column}: the query stops making sense at or \
             before this point"
        );
    }
    let start = query[..offset]
        .char_indices()
        .rev()
        .nth(lookahead.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let start = start + (query[start..].len() - query[start..].trim_start().len());
    let (start_line, start_column) = line_column(query, start);
    format!(
        "malformed SPARQL query at {start_line}:{start_column}: cannot read on from {} \
         (the parser stopped at {line}:{column})",
        describe(&snippet(&query[start..]))
    )
}

/// The items of the parser's expected set.
fn items(expected: &str) -> impl Iterator<Item = &str> {
    expected
        .strip_prefix("one of ")
        .unwrap_or(expected)
        .split(", ")
}

/// An error the grammar states in words (`The SELECT contains a variable that is unbound`,
/// `IRI parsing failed`) rather than as expected tokens: said at the parser's position,
/// an invalid IRI quoted. Undeclared prefixes are left to [`lexical_mistake`].
fn stated_error(query: &str, offset: usize, expected: &str) -> Option<(usize, String)> {
    let stated =
        items(expected).find(|item| item.contains(' ') && !item.starts_with(['"', '[']))?;
    match stated {
        "Prefix not found" => None,
        "IRI parsing failed" => {
            let start = query[..offset].rfind('<').unwrap_or(offset);
            let iri = query[start..offset].trim_end();
            Some((
                start,
                format!(
                    "invalid IRI {iri} (an IRI has no spaces and must be absolute or resolve \
                     against the BASE)"
                ),
            ))
        }
        sentence => Some((offset, sentence.to_owned())),
    }
}

/// `error at L:C: expected E` → (L, C, E).
fn split_peg_error(error: &str) -> Option<(usize, usize, &str)> {
    let rest = error.strip_prefix("error at ")?;
    let (position, expected) = rest.split_once(": expected ")?;
    let (line, column) = position.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?, expected))
}

/// What a token is, for [`lexical_mistake`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A bare word: a keyword, a function name, or a mistake.
    Word,
    /// A prefixed name (`ex:thing`, `ex:`, `:thing`).
    PrefixedName,
    Variable,
    Iri,
    String,
    /// A string without its closing quote.
    OpenString,
    /// Numbers, language tags, blank node labels.
    Other,
    Punctuation,
}

#[derive(Debug)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
}

/// The first usual mistake of a query that does not parse: its byte offset and message.
fn lexical_mistake(query: &str) -> Option<(usize, String)> {
    let tokens = lex(query);
    let mut declared: Vec<&str> = Vec::new();
    let mut open: Vec<&Token> = Vec::new();
    let mut prologue = true;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let upper = token.text.to_ascii_uppercase();
        match token.kind {
            Kind::Word if prologue && upper == "PREFIX" => {
                if let Some(name) = tokens.get(i + 1).filter(|t| t.kind == Kind::PrefixedName) {
                    declared.push(name.text.split(':').next().unwrap_or_default());
                    i += 1;
                }
            }
            Kind::Word if prologue && upper == "BASE" => {}
            Kind::Word if prologue => {
                if !FORMS.contains(&upper.as_str()) {
                    return Some((token.start, not_a_query_form(token.text)));
                }
                prologue = false;
            }
            _ if prologue && token.kind != Kind::Iri => {
                return Some((
                    token.start,
                    format!("found `{}` — expected {QUERY_FORMS}", token.text),
                ));
            }
            Kind::Word if !KEYWORDS.contains(&upper.as_str()) => {
                let message = match misspelled(token.text, |_| true) {
                    Some(keyword) => format!(
                        "keyword misspelled: {} — did you mean {keyword}?",
                        token.text
                    ),
                    None => format!(
                        "`{}` is not a SPARQL keyword (a variable is written ?{0}, an IRI \
                         <…> or prefix:name)",
                        token.text
                    ),
                };
                return Some((token.start, message));
            }
            Kind::PrefixedName => {
                let prefix = token.text.split(':').next().unwrap_or_default();
                if !declared.contains(&prefix) {
                    return Some((
                        token.start,
                        format!("unknown prefix {prefix}: — declare it with PREFIX {prefix}: <…>"),
                    ));
                }
            }
            Kind::OpenString => {
                return Some((token.start, "this string is never closed".to_owned()))
            }
            Kind::Punctuation if matches!(token.text, "{" | "(" | "[") => open.push(token),
            Kind::Punctuation if matches!(token.text, "}" | ")" | "]") => match open.pop() {
                Some(opener) if closes(opener.text, token.text) => {}
                Some(opener) => {
                    let (line, column) = line_column(query, opener.start);
                    return Some((
                        token.start,
                        format!(
                            "`{}` does not close the `{}` opened at {line}:{column}",
                            token.text, opener.text
                        ),
                    ));
                }
                None => return Some((token.start, format!("`{}` closes nothing", token.text))),
            },
            _ => {}
        }
        i += 1;
    }
    if prologue {
        return Some((query.len(), format!("expected {QUERY_FORMS}")));
    }
    open.last().map(|opener| {
        (
            opener.start,
            format!("this `{}` is never closed", opener.text),
        )
    })
}

fn not_a_query_form(word: &str) -> String {
    match misspelled(word, |k| FORMS.contains(&k)) {
        Some(_) => format!("keyword misspelled: {word} — expected {QUERY_FORMS}"),
        None => format!("found `{word}` — expected {QUERY_FORMS}"),
    }
}

fn closes(opener: &str, closer: &str) -> bool {
    matches!((opener, closer), ("{", "}") | ("(", ")") | ("[", "]"))
}

/// Characters of a name (keyword, prefixed name, variable name).
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '\\' | '%' | '\u{B7}')
}

/// Splits a query into tokens (see [`Kind`]); comments and spaces are dropped.
fn lex(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let start = i;
        let rest = &text[i..];
        let (kind, len) = match c {
            _ if c.is_whitespace() => {
                i += c.len_utf8();
                continue;
            }
            '#' => {
                i += rest.find('\n').unwrap_or(rest.len());
                continue;
            }
            '<' => match iri_length(rest) {
                Some(len) => (Kind::Iri, len),
                None => (Kind::Punctuation, 1),
            },
            '"' | '\'' => string_length(rest),
            '?' | '$' => match name_length(&rest[1..]) {
                0 => (Kind::Punctuation, 1),
                n => (Kind::Variable, 1 + n),
            },
            '@' => (Kind::Other, 1 + name_length(&rest[1..])),
            '_' if rest.starts_with("_:") => (Kind::Other, 2 + name_length(&rest[2..])),
            '0'..='9' => (Kind::Other, number_length(rest)),
            '.' if rest[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                (Kind::Other, number_length(rest))
            }
            _ if c.is_alphabetic() || c == ':' || c == '_' => {
                let len = name_length(rest).max(c.len_utf8());
                let kind = if rest[..len].contains(':') {
                    Kind::PrefixedName
                } else {
                    Kind::Word
                };
                (kind, len)
            }
            _ => (Kind::Punctuation, c.len_utf8()),
        };
        tokens.push(Token {
            kind,
            text: &text[start..start + len],
            start,
        });
        i = start + len;
    }
    tokens
}

/// Length of the name at the start of `text`, without a final `.` (a triple's end).
fn name_length(text: &str) -> usize {
    let name = &text[..text.find(|c: char| !is_name_char(c)).unwrap_or(text.len())];
    name.trim_end_matches('.').len()
}

fn number_length(text: &str) -> usize {
    let mut len = 0;
    let bytes = text.as_bytes();
    while len < bytes.len() {
        let b = bytes[len];
        let exponent_sign =
            matches!(b, b'+' | b'-') && len > 0 && matches!(bytes[len - 1], b'e' | b'E');
        let decimal_point = b == b'.' && bytes.get(len + 1).is_some_and(u8::is_ascii_digit);
        if !(b.is_ascii_digit() || matches!(b, b'e' | b'E') || exponent_sign || decimal_point) {
            break;
        }
        len += 1;
    }
    len.max(1)
}

/// Length of an IRI `<…>` at the start of `text`, if it is one (else `<` is an operator).
fn iri_length(text: &str) -> Option<usize> {
    for (i, c) in text.char_indices().skip(1) {
        match c {
            '>' => return Some(i + 1),
            '<' | '"' | '{' | '}' | '|' | '^' | '`' => return None,
            _ if c.is_whitespace() => return None,
            _ => {}
        }
    }
    None
}

/// A string literal at the start of `text` (short or long form, with escapes).
fn string_length(text: &str) -> (Kind, usize) {
    let quote = &text[..1];
    let long = text.starts_with(&quote.repeat(3));
    let delimiter = if long {
        quote.repeat(3)
    } else {
        quote.to_owned()
    };
    let mut i = delimiter.len();
    while i < text.len() {
        let rest = &text[i..];
        if let Some(escaped) = rest.strip_prefix('\\') {
            i += 1 + escaped.chars().next().map_or(0, char::len_utf8);
        } else if rest.starts_with(delimiter.as_str()) {
            return (Kind::String, i + delimiter.len());
        } else if !long && rest.starts_with('\n') {
            break;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    (Kind::OpenString, text.len().min(i))
}

/// Byte offset of a 1-based line and column (in characters), clamped to the text.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.chars().rev().take_while(|&c| c != '\n').count() + 1;
    (line, column)
}

/// The token at `offset`, after any spaces; empty at the end.
fn token_at(text: &str, offset: usize) -> &str {
    lex(&text[offset..]).first().map_or("", |t| t.text)
}

/// The start of `text`, up to 20 characters of its first line.
fn snippet(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim_end();
    let mut cut: String = line.chars().take(20).collect();
    if cut.len() < line.len() {
        cut.push('…');
    }
    cut
}

/// The keyword (kept by `accept`) that `word` most likely misspells.
fn misspelled(word: &str, accept: impl Fn(&str) -> bool) -> Option<&'static str> {
    if word.len() < 2 || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let upper = word.to_ascii_uppercase();
    let allowed = if upper.len() <= 4 { 1 } else { 2 };
    KEYWORDS
        .iter()
        .copied()
        .filter(|k| k.len() > 1 && accept(k))
        .map(|k| (edit_distance(&upper, k), k))
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance between two ASCII words.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// How a found token is named in a message.
fn describe(found: &str) -> String {
    if found.is_empty() {
        "the end of the query".to_owned()
    } else {
        format!("`{found}`")
    }
}

/// The literal tokens of the parser's expected set (`"{"`, `"."`), without character
/// classes and internal notes.
fn expected_tokens(expected: &str) -> Vec<String> {
    let mut tokens: Vec<String> = items(expected)
        .filter(|t| t.len() >= 3 && t.starts_with('"') && t.ends_with('"'))
        .map(|t| t[1..t.len() - 1].replace("\\\"", "\""))
        .collect();
    tokens.sort();
    tokens.dedup();
    if tokens.len() > MAX_LISTED {
        tokens.truncate(MAX_LISTED);
        tokens.push("…".to_owned());
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use spargebra::SparqlParser;

    fn message(query: &str) -> String {
        let error = SparqlParser::new().parse_query(query).unwrap_err();
        syntax_error(query, &error.to_string())
    }

    #[test]
    fn misspelled_query_form() {
        assert_eq!(
            message("SELEC * WHERE { ?s ?p ?o }"),
            "malformed SPARQL query at 1:1: keyword misspelled: SELEC — \
             expected SELECT, CONSTRUCT, ASK or DESCRIBE"
        );
        let m = message("PREFIX ex: <http://e/>\n  CONSTRCT { ?s ?p ?o } WHERE { ?s ?p ?o }");
        assert!(
            m.starts_with("malformed SPARQL query at 2:3: keyword misspelled: CONSTRCT"),
            "{m}"
        );
        let m = message("{ ?s ?p ?o }");
        assert_eq!(
            m,
            "malformed SPARQL query at 1:1: found `{` — expected SELECT, CONSTRUCT, ASK or DESCRIBE"
        );
        let m = message("# nothing but a comment\n");
        assert!(
            m.ends_with("expected SELECT, CONSTRUCT, ASK or DESCRIBE"),
            "{m}"
        );
    }

    #[test]
    fn unknown_prefix_is_named() {
        assert_eq!(
            message("SELECT * WHERE {\n  ?s x:p ?o }"),
            "malformed SPARQL query at 2:6: unknown prefix x: — declare it with PREFIX x: <…>"
        );
        let m = message("PREFIX a: <http://a/>\nSELECT * WHERE { ?s a:p ex:o }");
        assert!(m.contains("at 2:25: unknown prefix ex:"), "{m}");
        assert!(!m.contains("'..='"), "{m}");
        let m = message("SELECT * WHERE { ?s ?p :o }");
        assert!(
            m.contains("unknown prefix : — declare it with PREFIX : <…>"),
            "{m}"
        );
        // Prefixes inside strings, IRIs and comments are not names.
        let m = message(
            "PREFIX a: <http://a/> # b:c\nSELECT * WHERE { ?s a:p \"d:e\" . <http://x/y:z> ?p f:g }",
        );
        assert!(m.contains("unknown prefix f:"), "{m}");
    }

    #[test]
    fn misspelled_keywords_elsewhere() {
        let m = message("SELECT * WHER { ?s ?p ?o }");
        assert_eq!(
            m,
            "malformed SPARQL query at 1:10: keyword misspelled: WHER — did you mean WHERE?"
        );
        let m = message("SELECT * WHERE { ?s ?p ?o OPTINAL { ?s ?q ?r } }");
        assert!(
            m.contains("at 1:27: keyword misspelled: OPTINAL — did you mean OPTIONAL?"),
            "{m}"
        );
        let m = message("SELECT * WHERE { ?s ?p ?o FILTR(?o > 1) }");
        assert!(m.contains("did you mean FILTER?"), "{m}");
        let m = message("SELECT * WHERE { ?s ?p ?o } ORDER BI ?s");
        assert!(m.contains("did you mean BY?"), "{m}");
        let m = message("SELECT * WHERE { ?s ?p zebra }");
        assert!(m.contains("`zebra` is not a SPARQL keyword"), "{m}");
        // Keywords in any case, and the a shorthand, are fine: the mistake is the brace.
        let m = message("select * where { ?s a ?o . filter(strlen(?o) > 1) ");
        assert!(m.contains("at 1:16: this `{` is never closed"), "{m}");
    }

    #[test]
    fn strings_and_brackets() {
        let m = message("SELECT * WHERE { ?s ?p \"abc }");
        assert!(m.contains("at 1:24: this string is never closed"), "{m}");
        let m = message("SELECT * WHERE { ?s ?p ?o FILTER(?o > 1 }");
        assert!(
            m.contains("`}` does not close the `(` opened at 1:33"),
            "{m}"
        );
        let m = message("SELECT * WHERE { ?s ?p ?o } }");
        assert!(m.contains("at 1:29: `}` closes nothing"), "{m}");
        // Escaped and long strings are read whole.
        let m = message("SELECT * WHERE { ?s ?p 'it\\'s' , \"\"\"a \" b\"\"\" , x:y }");
        assert!(m.contains("unknown prefix x:"), "{m}");
    }

    #[test]
    fn other_mistakes_keep_the_parser_position() {
        // A triple without its object: the parser's own position is kept in the message.
        let m = message("SELECT * WHERE {\n  ?s ?p \n}");
        assert!(
            m.starts_with("malformed SPARQL query at 2:3: cannot read on from `?s ?p`"),
            "{m}"
        );
        assert!(m.contains("(the parser stopped at 3:2)"), "{m}");
        let m = message("SELECT * WHERE { ?s ?p ?o . . }");
        assert!(!m.contains("['"), "{m}");
        assert!(m.starts_with("malformed SPARQL query at 1:"), "{m}");
    }

    #[test]
    fn errors_stated_in_words_are_kept() {
        let m = message("SELECT ?x (COUNT(*) AS ?c) WHERE { ?x ?p ?o }");
        assert_eq!(
            m,
            "malformed SPARQL query at 1:46: The SELECT contains a variable that is unbound"
        );
        let m = message("SELECT * WHERE { ?s ?p ?o } GROUP BY ?s");
        assert!(
            m.ends_with("SELECT * is not authorized with GROUP BY"),
            "{m}"
        );
        let m = message("SELECT * WHERE { ?s <http://a b> ?o }");
        assert!(m.contains("at 1:21: invalid IRI <http://a b>"), "{m}");
        let m = message("BASE <rel> SELECT * WHERE { ?s <a> ?o }");
        assert!(m.contains("at 1:6: invalid IRI <rel>"), "{m}");
        let m = message("SELECT * WHERE { ?s ?p 1.2.3 }");
        assert!(m.contains("stops making sense at or before"), "{m}");
    }

    #[test]
    fn other_errors_pass_through() {
        assert_eq!(
            syntax_error(
                "x",
                "The blank node _:b cannot be shared by multiple blocks"
            ),
            "malformed SPARQL query: The blank node _:b cannot be shared by multiple blocks"
        );
    }

    #[test]
    fn positions_round_trip() {
        let text = "ab\ncdé\nf";
        for (line, column) in [(1, 1), (2, 3), (2, 4), (3, 1)] {
            assert_eq!(
                line_column(text, byte_offset(text, line, column)),
                (line, column)
            );
        }
        assert_eq!(edit_distance("SELEC", "SELECT"), 1);
        assert_eq!(edit_distance("WHRE", "WHERE"), 1);
    }

    #[test]
    fn valid_queries_have_no_lexical_mistake() {
        for query in [
            "PREFIX ex: <http://e/> SELECT ?x (COUNT(*) AS ?n) WHERE { ?x a ex:C ; ex:p 1.5e3, -2, .5 . \
             FILTER(?x < <http://e/a> && LANG(?l) = 'fr' && ?n <= 3) OPTIONAL { ?x ex:q _:b } } \
             GROUP BY ?x ORDER BY DESC(?n) LIMIT 10",
            "BASE <http://e/> PREFIX : <http://e/> ASK { :a :b \"x\"@fr-FR, \"1\"^^:t }",
        ] {
            SparqlParser::new().parse_query(query).expect(query);
            assert_eq!(lexical_mistake(query).map(|(_, m)| m), None, "{query}");
        }
    }
}
