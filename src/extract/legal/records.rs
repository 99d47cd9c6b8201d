//! Records of texts and articles the reference data does not know, minted
//! from a citation, and the date helpers they need.

use super::*;

/// Adds a minted text, one per IRI; a later citation that states the date
/// completes an earlier one that did not.
pub(super) fn add_record(records: &mut BTreeMap<String, LegalTextRecord>, record: LegalTextRecord) {
    match records.get(&record.iri) {
        Some(old) if old.date.is_some() || record.date.is_none() => {}
        _ => {
            records.insert(record.iri.clone(), record);
        }
    }
}

/// `YYYY-MM-DD` from the `d`, `m`, `y` groups.
pub(super) fn parse_date(c: &regex::Captures) -> Option<String> {
    let day: u32 = match c.name("d")?.as_str() {
        "1er" => 1,
        d => d.parse().ok()?,
    };
    let name = c.name("m")?.as_str();
    let month = MONTHS.iter().position(|m| *m == name)? + 1;
    let year = c.name("y")?.as_str();
    (1..=31)
        .contains(&day)
        .then(|| format!("{year}-{month:02}-{day:02}"))
}

/// The `YYYY-MM-DD` date one day earlier.
pub(super) fn day_before(date: &str) -> Option<String> {
    let mut parts = date.splitn(3, '-').map(str::parse::<u32>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    if d > 1 {
        return Some(format!("{y}-{m:02}-{:02}", d - 1));
    }
    let (y, m) = if m == 1 {
        (y.checked_sub(1)?, 12)
    } else {
        (y, m - 1)
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let last = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Some(format!("{y}-{m:02}-{last:02}"))
}

/// The number as printed: `YYYY-N` for ordinary numbers, else the source
/// text without spaces (`DGS/SP4/CGET/2016/289`).
pub(super) fn display_number(folded: &str, source: &str) -> String {
    let parts: Vec<&str> = folded.split(' ').collect();
    if parts.len() == 2 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        format!("{}-{}", parts[0], parts[1])
    } else {
        source.split_whitespace().collect::<String>()
    }
}

pub(super) fn human_date(date: &str) -> String {
    let mut it = date.split('-');
    let (y, m, d) = (
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    );
    let month = m
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTH_NAMES.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or(m);
    let day = d.trim_start_matches('0');
    let day = if day == "1" { "1er" } else { day };
    format!("{day} {month} {y}")
}

/// A legal text unknown to the reference data: `id/{segment}/{number}`, or
/// `id/{segment}/{date}` when only the date is cited.
pub(super) fn mint(
    class: &LegalClass,
    number: Option<String>,
    date: Option<String>,
) -> LegalTextRecord {
    let mut chars = class.keyword.chars();
    let keyword: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let key = number.clone().or_else(|| date.clone()).unwrap_or_default();
    let mut label = keyword;
    if let Some(n) = &number {
        label.push_str(&format!(" n° {n}"));
    }
    if let Some(d) = &date {
        label.push_str(&format!(" du {}", human_date(d)));
    }
    LegalTextRecord {
        iri: format!("{ID}{}/{}", class.segment, vocab::slug(&key)),
        class: class.class.clone(),
        number,
        date,
        label,
    }
}

pub(super) fn article_record(patterns: &Patterns, parent: &str, number: &str) -> ArticleRecord {
    let parent_label = patterns
        .known
        .get(parent)
        .map(|(_, l, _)| l.clone())
        .unwrap_or_else(|| {
            parent
                .rsplit('/')
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join(" ")
        });
    ArticleRecord {
        iri: format!("{parent}/article/{number}"),
        part_of: parent.to_owned(),
        number: number.to_owned(),
        label: format!("{parent_label}, article {number}"),
    }
}
