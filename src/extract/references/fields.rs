//! Field readers shared by every notice style: URLs, DOIs, years, pages,
//! author names, kinds.

use std::sync::LazyLock;

use regex::Regex;

use super::super::{Author, AuthorKind, Reference, ReferenceKind};
use super::kinds::{Kind, KindCues, Place};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

static URL: LazyLock<Regex> = LazyLock::new(|| re(r#"(?:https?://|\bwww\.)[^\s<>"\]]+"#));
/// A URL with the file extension printed after a stray space (`…/R12 .pdf`).
static URL_WITH_PIECE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?:https?://|\bwww\.)[^\s<>"\]]+(?: \.[a-z]{2,5}\b)?"#));
static DOI: LazyLock<Regex> = LazyLock::new(|| re(r#"\b(10\.\d{4,9}/[^\s<>"]+)"#));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b(1[89]\d\d|20\d\d)\b"));
static PAGES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bpp?\. ?((?:\d+|[IVXLC]+)(?: ?(?:[-–]|à) ?\d+)?)|\b(\d+) ?p\.(?:\s|$|,|\))")
});
/// A consultation date (`consulté le 17 septembre 2021`), never a
/// publication year.
static CONSULTED_ON: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)consulté (?:le|en) (?:\d{1,2}(?:er)? )?(?:\p{L}+ )?\d{4}"));
static PERIOD_END: LazyLock<Regex> = LazyLock::new(|| re(r"^ ?[-–] ?(?:19|20)\d\d"));
static URL_FRAGMENT: LazyLock<Regex> = LazyLock::new(|| re(r"^[\w.\-/%?=&#~+:;,]+[\w/=\-]$"));

/// Trims the punctuation a sentence puts after a URL or DOI, keeping a
/// closing parenthesis that is part of it.
fn trim_url(u: &str) -> &str {
    let mut u = u.trim_end_matches(['.', ',', ';', ':', '>', '*']);
    while u.ends_with(')') && u.matches('(').count() < u.matches(')').count() {
        u = &u[..u.len() - 1];
        u = u.trim_end_matches(['.', ',', ';', ':']);
    }
    u
}

/// Every URL of the notice lines, in order, with URLs hard-wrapped over two
/// lines (first part ending in `-`, `/`, `_` or `=`) re-joined; a URL that
/// is a prefix of a later one (a truncated copy) is dropped.
pub fn urls(lines: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for m in URL.find_iter(line) {
            let mut u = trim_url(m.as_str()).to_owned();
            let at_line_end = line[m.end()..].trim().is_empty();
            if at_line_end && u.ends_with(['-', '/', '_', '=']) {
                let next = lines[i + 1..]
                    .iter()
                    .map(|l| l.trim())
                    .find(|l| !l.is_empty());
                if let Some(tok) = next.and_then(|l| l.split_whitespace().next()) {
                    if !tok.starts_with("http") && URL_FRAGMENT.is_match(trim_url(tok)) {
                        u.push_str(trim_url(tok));
                    }
                }
            }
            if u.starts_with("www.") {
                u.insert_str(0, "http://");
            }
            found.push(u);
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (i, u) in found.iter().enumerate() {
        let bare = u.trim_end_matches(['-', '/', '_', '=']);
        let truncated = found
            .iter()
            .enumerate()
            .any(|(j, v)| j != i && v.len() > u.len() && v.starts_with(bare));
        if !truncated && !out.contains(u) {
            out.push(u.clone());
        }
    }
    out
}

/// The DOI (`10.xxxx/...`) in the text or URLs, if any.
pub fn doi(text: &str, urls: &[String]) -> Option<String> {
    let from_url = urls.iter().find_map(|u| {
        let i = u.find("doi.org/")?;
        Some(u[i + "doi.org/".len()..].to_owned())
    });
    let d = from_url.or_else(|| DOI.captures(text).map(|c| c[1].to_owned()))?;
    let d = trim_url(&d).to_owned();
    d.starts_with("10.").then_some(d)
}

/// The first plausible publication year in `text`.
pub fn first_year(text: &str) -> Option<i32> {
    YEAR.captures(text).and_then(|c| c[1].parse().ok())
}

/// The last plausible publication year in `text` that is not the start of a
/// period ("2018-2022").
pub fn last_year(text: &str) -> Option<i32> {
    YEAR.captures_iter(text)
        .filter(|c| {
            let end = c.get(0).map_or(0, |m| m.end());
            !PERIOD_END.is_match(&text[end..])
        })
        .filter_map(|c| c[1].parse().ok())
        .last()
}

/// Pages: `pp. 155-156`, `p. XVI`, `157 p.`.
pub fn pages(text: &str) -> Option<String> {
    let c = PAGES.captures(text)?;
    if let Some(range) = c.get(1) {
        return Some(range.as_str().replace(" à ", "-").replace(' ', ""));
    }
    c.get(2).map(|n| format!("{} p.", n.as_str()))
}

/// Lowercase words that may sit inside a person's name.
const PARTICLES: [&str; 9] = ["de", "du", "des", "van", "von", "der", "den", "le", "la"];

/// Whether `name` reads as a person's name: one to five tokens, each
/// capitalised, an initial, or a particle; at least one real word or an
/// initial.
pub fn is_person_name(name: &str) -> bool {
    let name = name.trim().trim_end_matches(['.', ',']);
    let tokens: Vec<&str> = name.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 5 {
        return false;
    }
    let mut words = 0;
    for t in &tokens {
        let t = t.trim_start_matches("d'");
        let first = t.chars().next();
        if PARTICLES.contains(&t) {
            continue;
        }
        if !first.is_some_and(char::is_uppercase) {
            return false;
        }
        if t.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        words += 1;
    }
    words >= 1
}

/// Whether a token is an initial or a run of initials: `F.`, `M. H.`,
/// `J.-P.`, `MH`, `AL`.
pub fn is_initials(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars().count() <= 8
        && t.chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | ' '))
        && t.chars().filter(|c| c.is_uppercase()).count() <= 3
}

/// An author record: a person when the name reads as one, else an
/// organisation.
pub fn author(name: &str) -> Option<Author> {
    let name = clean_name(name);
    if name.is_empty() || !name.chars().any(char::is_alphabetic) {
        return None;
    }
    let kind = if is_person_name(&name) && !is_acronym(&name) {
        AuthorKind::Person
    } else {
        AuthorKind::Organisation
    };
    Some(Author { name, kind })
}

/// A single all-capitals token of three letters or more (`HCAAM`, `IGAS`).
fn is_acronym(name: &str) -> bool {
    let t = name.trim();
    !t.contains(' ')
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !t.chars().any(char::is_lowercase)
}

/// Trims list punctuation and "(et al.)" debris around a name; a final
/// period is kept only after an initial (`Bonzom, F.`).
pub fn clean_name(name: &str) -> String {
    let mut n = name.trim();
    for debris in ["(et al.)", "(Eds.)", "et al.", "et al"] {
        n = n.trim_end_matches(debris).trim();
    }
    let mut n = n.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | ' ' | '(' | ')'));
    if let Some(stem) = n.strip_suffix('.') {
        if !ends_with_initial(stem) {
            n = stem;
        }
    }
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the text ends with a single-letter initial (`Bonzom, F`).
fn ends_with_initial(s: &str) -> bool {
    s.split([' ', '.', '-'])
        .rfind(|t| !t.is_empty())
        .is_some_and(|t| t.chars().count() == 1 && t.chars().all(char::is_uppercase))
}

/// The kind of a notice from its fields, its text and the heading it sits
/// under ("Articles", "Thèses, diplômes", "Rapports, études"), by the cue
/// words of the ontology.
pub fn kind(r: &Reference, cues: &KindCues) -> ReferenceKind {
    let title = r.title.as_deref().unwrap_or("");
    let section = r.section.as_deref().unwrap_or("");
    let raw = r.raw.as_str();
    if cues.starts(Kind::Legislation, Place::TitleStart, title) {
        return ReferenceKind::LegalText;
    }
    // The notice's own words first, then the heading it sits under.
    if cues.found(Kind::Thesis, Place::Notice, raw) {
        return ReferenceKind::Thesis;
    }
    if cues.found(Kind::Webpage, Place::Notice, raw) {
        return ReferenceKind::WebPage;
    }
    if cues.found(Kind::Chapter, Place::Notice, raw) {
        return ReferenceKind::Chapter;
    }
    if cues.found(Kind::Thesis, Place::Section, section) {
        return ReferenceKind::Thesis;
    }
    if r.journal.is_some() || cues.found(Kind::Article, Place::Section, section) {
        return ReferenceKind::Article;
    }
    let report_title = [Kind::Report, Kind::Proceedings]
        .iter()
        .any(|&k| cues.found(k, Place::Title, title));
    if cues.found(Kind::Report, Place::Section, section) || report_title {
        return ReferenceKind::Report;
    }
    if r.publisher.is_some() || r.place.is_some() {
        return ReferenceKind::Report;
    }
    ReferenceKind::Document
}

/// Fills URL, DOI and (when missing) year and pages from the notice lines.
pub fn fill_common(r: &mut Reference, lines: &[&str]) {
    let urls = urls(lines);
    r.doi = doi(&r.raw, &urls);
    r.url = urls
        .into_iter()
        .next()
        .or_else(|| r.doi.as_ref().map(|d| format!("https://doi.org/{d}")));
    if r.year.is_none() {
        let text = strip_urls(&r.raw);
        r.year = first_year(&CONSULTED_ON.replace_all(&text, " "));
    }
    if r.pages.is_none() {
        r.pages = pages(&r.raw);
    }
}

/// The text with its URLs and DOIs removed (so that digits in them are not
/// read as years).
pub fn strip_urls(text: &str) -> String {
    let t = URL_WITH_PIECE.replace_all(text, " ");
    DOI.replace_all(&t, " ").into_owned()
}

/// Byte offset of the quote closing the one `text` starts with, nested
/// quotations counted: a `"` after a space, a bracket or another quote and
/// before a letter opens, any other closes (`""Inner" : outer."` closes at
/// the last quote).
pub fn closing_quote(text: &str) -> Option<usize> {
    scan_quotes(text).0
}

/// When the quote `text` starts with is never closed: the offset of the
/// last inner quotation's closing quote (`"Outer "inner". Journal` — the
/// outer quote printed once for both), if any.
pub fn last_inner_close(text: &str) -> Option<usize> {
    match scan_quotes(text) {
        (None, last) => last,
        _ => None,
    }
}

/// `(closing quote of the first one, last closing quote seen)`.
fn scan_quotes(text: &str) -> (Option<usize>, Option<usize>) {
    if !text.starts_with('"') {
        return (None, None);
    }
    let mut depth = 0usize;
    let mut last = None;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            let next = chars.peek().map(|&(_, n)| n);
            let after_gap = prev.is_none_or(|p| p.is_whitespace() || "([«\"'".contains(p));
            let before_word = next.is_some_and(|n| !n.is_whitespace() && !",.;:)]".contains(n));
            if after_gap && before_word {
                depth += 1;
            } else {
                depth = depth.saturating_sub(1);
                last = Some(i);
                if depth == 0 {
                    return (Some(i), last);
                }
            }
        }
        prev = Some(c);
    }
    (None, last)
}

/// Trims a title: surrounding quotes (inner quotations kept), list
/// punctuation, spaces, a final period, an unmatched closing guillemet.
pub fn clean_title(t: &str) -> Option<String> {
    let trim = |t: &str| -> String {
        t.trim()
            .trim_matches(|c: char| matches!(c, ',' | ';' | ' ' | ':'))
            .trim_end_matches(['.', ' '])
            .to_owned()
    };
    let mut t = trim(t);
    loop {
        let odd = t.matches('"').count() % 2 == 1;
        let wrapped = closing_quote(&t).is_some_and(|k| k + 1 == t.len());
        t = if wrapped {
            trim(&t[1..t.len() - 1])
        } else if odd && t.starts_with('"') {
            trim(&t[1..])
        } else if odd && t.ends_with('"') {
            trim(&t[..t.len() - 1])
        } else {
            break;
        };
    }
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    // A closing guillemet with no opening one is debris, not a quotation.
    let t = match t.strip_suffix('»') {
        Some(stem) if !stem.contains('«') => stem.trim_end().to_owned(),
        _ => t,
    };
    (t.chars().filter(|c| c.is_alphabetic()).count() >= 2).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_wrapped_urls_and_drops_truncated_copies() {
        let lines = ["En ligne : https://www.ors-", "", "idf.org/a/b_c.pdf"];
        assert_eq!(urls(&lines), vec!["https://www.ors-idf.org/a/b_c.pdf"]);
        let lines = [
            "En ligne : https://www.securite-",
            "https://www.securite-sociale.fr/x.pdf",
        ];
        assert_eq!(urls(&lines), vec!["https://www.securite-sociale.fr/x.pdf"]);
        let lines = ["doi : https://doi.org/10.1016/S1957-2557(18)30046-4)."];
        assert_eq!(
            urls(&lines),
            vec!["https://doi.org/10.1016/S1957-2557(18)30046-4"]
        );
    }

    #[test]
    fn reads_dois() {
        assert_eq!(
            doi("Doi : 10.1186/s12960-022-00726-z", &[]).as_deref(),
            Some("10.1186/s12960-022-00726-z")
        );
        let u = vec!["https://doi.org/10.3917/reru.154.0657".to_owned()];
        assert_eq!(doi("", &u).as_deref(), Some("10.3917/reru.154.0657"));
        assert_eq!(
            doi("https://10.3917/spub.216.0923", &[]).as_deref(),
            Some("10.3917/spub.216.0923")
        );
    }

    #[test]
    fn reads_people_and_organisations() {
        assert_eq!(
            author("Bonzom, F.").map(|a| a.kind),
            Some(AuthorKind::Person)
        );
        assert_eq!(
            author("JABOT Françoise").map(|a| a.kind),
            Some(AuthorKind::Person)
        );
        assert_eq!(
            author("Van Der Vennet Jean-Luc").map(|a| a.kind),
            Some(AuthorKind::Person)
        );
        assert_eq!(
            author("Cour des comptes").map(|a| a.kind),
            Some(AuthorKind::Organisation)
        );
        assert_eq!(
            author("HCAAM").map(|a| a.kind),
            Some(AuthorKind::Organisation)
        );
        assert_eq!(
            author("Bergeat Maxime.").map(|a| a.name),
            Some("Bergeat Maxime".into())
        );
        assert_eq!(
            author("Lautman, A.").map(|a| a.name),
            Some("Lautman, A.".into())
        );
    }

    #[test]
    fn finds_closing_quotes_and_cleans_titles() {
        assert_eq!(closing_quote("\"Titre\" Paris"), Some(6));
        assert_eq!(closing_quote("\"\"A\" : b.\" pp. 6"), Some(9));
        assert_eq!(closing_quote("\"Le \"virage\" ambulatoire\"."), Some(24));
        assert_eq!(closing_quote("\"Sans fin"), None);
        assert_eq!(last_inner_close("\"Sans fin"), None);
        assert_eq!(last_inner_close("\"A \"b\". Revue 2(1)"), Some(5));
        assert_eq!(last_inner_close("\"A \"b\" c\". Revue"), None);
        assert_eq!(
            clean_title("\"\"A b\" : c d.\"").as_deref(),
            Some("\"A b\" : c d")
        );
        assert_eq!(clean_title("Un titre ».").as_deref(), Some("Un titre"));
        assert_eq!(
            clean_title("Le « mot » juste »").as_deref(),
            Some("Le « mot » juste »")
        );
    }

    #[test]
    fn reads_years_and_pages() {
        assert_eq!(
            last_year("Stratégie nationale de santé 2018-2022, 2017"),
            Some(2017)
        );
        assert_eq!(
            pages("Paris : Flammarion, 2004, p. XVI"),
            Some("XVI".into())
        );
        assert_eq!(
            pages("vol. 30, n°2, 2018-03, pp. 155-156"),
            Some("155-156".into())
        );
        assert_eq!(pages("2021-11, 157 p."), Some("157 p.".into()));
    }
}
