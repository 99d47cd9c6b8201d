//! Measures extraction against the hand-annotated gold set in `tests/gold/`:
//! precision and recall per relation type, trap sentences wrongly turned into
//! facts, and field accuracy of bibliographic references.

use crate::extract::{self, Extraction, SourceDocument};
use crate::refdata::RefData;
use anyhow::Context;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// One annotated fact: `(document, line, law, relation, target)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoldFact {
    pub document: String,
    pub line: usize,
    pub law: String,
    pub relation: String,
    pub target: String,
}

/// Reads a `document line law relation target quote` TSV file.
pub fn read_facts(path: &Path) -> anyhow::Result<Vec<GoldFact>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (i, row) in text
        .lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let cells: Vec<&str> = row.split('\t').collect();
        anyhow::ensure!(
            cells.len() >= 5,
            "{}:{}: expected 6 tab-separated columns",
            path.display(),
            i + 1
        );
        out.push(GoldFact {
            document: cells[0].to_owned(),
            line: cells[1]
                .parse()
                .with_context(|| format!("{}:{}: bad line number", path.display(), i + 1))?,
            law: cells[2].to_owned(),
            relation: cells[3].to_owned(),
            target: cells[4].to_owned(),
        });
    }
    Ok(out)
}

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of relation extraction over a set of documents.
#[derive(Debug, Clone, Default)]
pub struct RelationScores {
    pub per_relation: BTreeMap<String, Counts>,
    /// Facts whose target is a dispositif or an actor.
    pub law_to_dispositif: Counts,
    pub overall: Counts,
    /// Gold facts not found, and predictions not in the gold set.
    pub missed: Vec<GoldFact>,
    pub spurious: Vec<GoldFact>,
    /// Trap sentences turned into the fact they must not yield.
    pub traps_taken: Vec<GoldFact>,
}

/// A prediction: a relation with the lines of its sentence.
fn predictions(extractions: &[Extraction]) -> Vec<(GoldFact, usize)> {
    let mut out: Vec<(GoldFact, usize)> = extractions
        .iter()
        .flat_map(|x| {
            x.relations.iter().map(|r| {
                (
                    GoldFact {
                        document: x.document_id.clone(),
                        line: r.line,
                        law: r.law.clone(),
                        relation: r.relation.clone(),
                        target: r.target.clone(),
                    },
                    r.end_line,
                )
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn same_fact(p: &GoldFact, end_line: usize, g: &GoldFact) -> bool {
    p.document == g.document
        && p.law == g.law
        && p.relation == g.relation
        && p.target == g.target
        && g.line + 1 >= p.line
        && g.line <= end_line + 1
}

fn is_dispositif_or_actor(iri: &str) -> bool {
    iri.contains("/id/dispositif/") || iri.contains("/id/acteur/")
}

/// Scores predicted relations against gold facts and trap sentences.
pub fn score_relations(
    extractions: &[Extraction],
    gold: &[GoldFact],
    traps: &[GoldFact],
) -> RelationScores {
    let predicted = predictions(extractions);
    let mut scores = RelationScores::default();
    let mut matched = vec![false; gold.len()];
    for (p, end) in &predicted {
        let hit = gold
            .iter()
            .enumerate()
            .find(|(i, g)| !matched[*i] && same_fact(p, *end, g));
        let counts = scores.per_relation.entry(p.relation.clone()).or_default();
        let bump = |c: &mut Counts| match hit {
            Some(_) => c.tp += 1,
            None => c.fp += 1,
        };
        bump(counts);
        bump(&mut scores.overall);
        if is_dispositif_or_actor(&p.target) {
            bump(&mut scores.law_to_dispositif);
        }
        match hit {
            Some((i, _)) => matched[i] = true,
            None => scores.spurious.push(p.clone()),
        }
        if traps.iter().any(|t| same_fact(p, *end, t)) {
            scores.traps_taken.push(p.clone());
        }
    }
    for (g, found) in gold.iter().zip(&matched) {
        if !found {
            scores
                .per_relation
                .entry(g.relation.clone())
                .or_default()
                .fn_ += 1;
            scores.overall.fn_ += 1;
            if is_dispositif_or_actor(&g.target) {
                scores.law_to_dispositif.fn_ += 1;
            }
            scores.missed.push(g.clone());
        }
    }
    scores
}

/// Law→dispositif counts and traps taken, document by document.
pub fn per_document(
    extractions: &[Extraction],
    gold: &[GoldFact],
    traps: &[GoldFact],
) -> BTreeMap<String, (Counts, usize)> {
    let mut documents: BTreeSet<&str> = gold.iter().map(|g| g.document.as_str()).collect();
    documents.extend(extractions.iter().map(|x| x.document_id.as_str()));
    documents
        .into_iter()
        .map(|d| {
            let of = |facts: &[GoldFact]| -> Vec<GoldFact> {
                facts.iter().filter(|g| g.document == d).cloned().collect()
            };
            let own: Vec<Extraction> = extractions
                .iter()
                .filter(|x| x.document_id == d)
                .cloned()
                .collect();
            let s = score_relations(&own, &of(gold), &of(traps));
            (d.to_owned(), (s.law_to_dispositif, s.traps_taken.len()))
        })
        .collect()
}

/// One row of `tests/gold/ledger.tsv`: a held-out document, its genre, and
/// its law→dispositif counts at the first run of the extractor on it (written
/// once, never edited) and now.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    pub document: String,
    pub genre: String,
    /// Date of the first run (`-` when the document was written alongside the rules).
    pub first_run_date: String,
    pub first_run: Option<Counts>,
    pub current: Counts,
}

/// The ledger's header line.
pub const LEDGER_HEADER: &str = "document\tgenre\tfirst_run_date\tfirst_tp\tfirst_fp\tfirst_fn\tfirst_P\tfirst_R\tcurrent_tp\tcurrent_fp\tcurrent_fn\tcurrent_P\tcurrent_R";

fn counts_cells(c: Option<Counts>) -> String {
    match c {
        Some(c) => format!(
            "{}\t{}\t{}\t{:.1}\t{:.1}",
            c.tp,
            c.fp,
            c.fn_,
            100.0 * c.precision(),
            100.0 * c.recall()
        ),
        None => "-\t-\t-\t-\t-".to_owned(),
    }
}

impl LedgerRow {
    /// The row as a TSV line.
    pub fn to_tsv(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}",
            self.document,
            self.genre,
            self.first_run_date,
            counts_cells(self.first_run),
            counts_cells(Some(self.current))
        )
    }
}

/// Reads `ledger.tsv`.
pub fn read_ledger(path: &Path) -> anyhow::Result<Vec<LedgerRow>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let at = || format!("{}:{}", path.display(), i + 1);
        anyhow::ensure!(cells.len() == 13, "{}: expected 13 columns", at());
        let number = |j: usize| -> anyhow::Result<usize> {
            cells[j]
                .parse()
                .with_context(|| format!("{}: column {} is not a count", at(), j + 1))
        };
        let counts = |j: usize| -> anyhow::Result<Option<Counts>> {
            if cells[j] == "-" {
                return Ok(None);
            }
            Ok(Some(Counts {
                tp: number(j)?,
                fp: number(j + 1)?,
                fn_: number(j + 2)?,
            }))
        };
        rows.push(LedgerRow {
            document: cells[0].to_owned(),
            genre: cells[1].to_owned(),
            first_run_date: cells[2].to_owned(),
            first_run: counts(3)?,
            current: counts(8)?.unwrap_or_default(),
        });
    }
    Ok(rows)
}

/// The ledger with its current columns recomputed (first-run columns kept as written).
pub fn updated_ledger(
    rows: &[LedgerRow],
    current: &BTreeMap<String, (Counts, usize)>,
) -> Vec<LedgerRow> {
    rows.iter()
        .map(|r| LedgerRow {
            current: current.get(&r.document).map(|c| c.0).unwrap_or_default(),
            ..r.clone()
        })
        .collect()
}

/// The ledger as TSV text.
pub fn render_ledger(rows: &[LedgerRow]) -> String {
    let mut out = format!("{LEDGER_HEADER}\n");
    for r in rows {
        out.push_str(&r.to_tsv());
        out.push('\n');
    }
    out
}

fn sum(counts: impl Iterator<Item = Counts>) -> Counts {
    counts.fold(Counts::default(), |a, c| Counts {
        tp: a.tp + c.tp,
        fp: a.fp + c.fp,
        fn_: a.fn_ + c.fn_,
    })
}

/// First-run and current law→dispositif figures per held-out document, and
/// over the documents that have a first run (the generalisation figure).
fn ledger_report(
    out: &mut String,
    ledger: &[LedgerRow],
    current: &BTreeMap<String, (Counts, usize)>,
) -> std::fmt::Result {
    writeln!(
        out,
        "== law→dispositif per held-out document: first run (ledger.tsv) and now"
    )?;
    writeln!(
        out,
        "{:<38} {:<26} {:>10} {:>15} {:>15} {:>5}",
        "document", "genre", "first run", "first P/R", "current P/R", "traps"
    )?;
    let pr = |c: Option<Counts>| match c {
        Some(c) => format!("{:5.1}/{:5.1}%", 100.0 * c.precision(), 100.0 * c.recall()),
        None => "-".to_owned(),
    };
    for r in ledger {
        let (now, traps) = current.get(&r.document).copied().unwrap_or_default();
        writeln!(
            out,
            "{:<38} {:<26} {:>10} {:>15} {:>15} {:>5}",
            r.document,
            r.genre,
            r.first_run_date,
            pr(r.first_run),
            pr(Some(now)),
            traps
        )?;
    }
    let new: Vec<&LedgerRow> = ledger.iter().filter(|r| r.first_run.is_some()).collect();
    let first = sum(new.iter().filter_map(|r| r.first_run));
    let now = sum(new
        .iter()
        .filter_map(|r| current.get(&r.document).map(|c| c.0)));
    writeln!(
        out,
        "{:<38} {:<26} {:>10} {:>15} {:>15}",
        "documents with a first run",
        format!("{} documents", new.len()),
        "",
        pr(Some(first)),
        pr(Some(now))
    )
}

/// Field accuracy of references: correct / annotated, per field.
#[derive(Debug, Clone, Default)]
pub struct ReferenceScores {
    pub fields: BTreeMap<&'static str, (usize, usize)>,
    pub errors: Vec<String>,
}

/// Compares fields modulo typography: apostrophes, superscript markup
/// (`13^e`, `1^{er}`), surrounding quotes, spacing and a final period.
fn norm(text: &str) -> String {
    let text: String = text
        .replace("^{", "")
        .chars()
        .map(|c| {
            if matches!(c, '\u{2019}' | '\u{2018}') {
                '\''
            } else {
                c
            }
        })
        .filter(|c| !matches!(c, '^' | '}'))
        .collect();
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_end_matches(['.', ' '])
        .trim_matches(['"', '«', '»', ' '])
        .to_owned()
}

/// Compares reference fields with `references.tsv` rows
/// (`document line year url_or_doi title first_author`).
pub fn score_references(
    extractions: &[Extraction],
    gold_path: &Path,
) -> anyhow::Result<ReferenceScores> {
    let text = std::fs::read_to_string(gold_path)
        .with_context(|| format!("cannot read {}", gold_path.display()))?;
    let mut scores = ReferenceScores::default();
    for row in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = row.split('\t').collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or_default();
        let (document, line) = (cell(0), cell(1).parse::<usize>().unwrap_or(0));
        let found = extractions
            .iter()
            .filter(|x| x.document_id == document)
            .flat_map(|x| &x.references)
            .find(|r| r.line == line || (r.line <= line && line <= r.end_line));
        let fields: [(&'static str, &str, Option<String>); 4] = match found {
            Some(r) => [
                ("year", cell(2), r.year.map(|y| y.to_string())),
                (
                    "url_or_doi",
                    cell(3),
                    if cell(3).starts_with("10.") {
                        r.doi.clone()
                    } else {
                        r.url.clone()
                    },
                ),
                ("title", cell(4), r.title.clone()),
                (
                    "first_author",
                    cell(5),
                    r.authors.first().map(|a| a.name.clone()),
                ),
            ],
            None => [
                ("year", cell(2), None),
                ("url_or_doi", cell(3), None),
                ("title", cell(4), None),
                ("first_author", cell(5), None),
            ],
        };
        for (field, expected, got) in fields {
            let entry = scores.fields.entry(field).or_default();
            entry.1 += 1;
            let got = got.unwrap_or_default();
            if norm(expected) == norm(&got) {
                entry.0 += 1;
            } else {
                scores.errors.push(format!(
                    "{document}:{line} {field}: expected {expected:?}, got {got:?}"
                ));
            }
        }
    }
    Ok(scores)
}

/// Extraction of every `.txt` document of a folder.
pub fn extract_folder(dir: &Path, refdata: &RefData) -> anyhow::Result<Vec<Extraction>> {
    let paths = crate::build::text_files(dir)?;
    Ok(crate::build::read_documents(&paths)?
        .iter()
        .map(|d| extract::extract(d, refdata))
        .collect())
}

/// Extraction of the bundled seeds.
pub fn extract_seeds(refdata: &RefData) -> Vec<Extraction> {
    crate::build::bundled_documents()
        .iter()
        .map(|d: &SourceDocument| extract::extract(d, refdata))
        .collect()
}

/// The full report printed by `maillage evaluate`.
pub fn report(gold_dir: &Path) -> anyhow::Result<String> {
    let refdata = RefData::bundled()?;
    let seeds = extract_seeds(&refdata);
    let heldout = extract_folder(&gold_dir.join("heldout"), &refdata)?;
    let mut out = String::new();
    for (name, extractions, dir) in [
        ("seeds", &seeds, gold_dir.to_owned()),
        ("held-out", &heldout, gold_dir.join("heldout")),
    ] {
        let gold = read_facts(&dir.join("relations.tsv"))?;
        let traps = read_facts(&dir.join("negatives.tsv"))?;
        let s = score_relations(extractions, &gold, &traps);
        writeln!(
            out,
            "== relations, {name}: {} gold facts, {} trap facts",
            gold.len(),
            traps.len()
        )?;
        writeln!(
            out,
            "{:<18} {:>4} {:>4} {:>4} {:>9} {:>7}",
            "relation", "tp", "fp", "fn", "precision", "recall"
        )?;
        let mut rows: Vec<(String, Counts)> = s.per_relation.clone().into_iter().collect();
        rows.push(("law→dispositif".into(), s.law_to_dispositif));
        rows.push(("overall".into(), s.overall));
        for (relation, c) in rows {
            writeln!(
                out,
                "{relation:<18} {:>4} {:>4} {:>4} {:>8.1}% {:>6.1}%",
                c.tp,
                c.fp,
                c.fn_,
                100.0 * c.precision(),
                100.0 * c.recall()
            )?;
        }
        let created_missed = s.missed.iter().filter(|g| g.relation == "created").count();
        writeln!(
            out,
            "created facts missed: {created_missed}; traps taken: {}",
            s.traps_taken.len()
        )?;
        for (label, facts) in [("missed  ", &s.missed), ("spurious", &s.spurious)] {
            for g in facts {
                let (law, target) = (short(&g.law), short(&g.target));
                writeln!(
                    out,
                    "  {label} {}:{} {law} {} {target}",
                    g.document, g.line, g.relation
                )?;
            }
        }
    }
    let heldout_dir = gold_dir.join("heldout");
    let current = per_document(
        &heldout,
        &read_facts(&heldout_dir.join("relations.tsv"))?,
        &read_facts(&heldout_dir.join("negatives.tsv"))?,
    );
    let ledger = read_ledger(&gold_dir.join("ledger.tsv"))?;
    ledger_report(&mut out, &ledger, &current)?;
    let refs = score_references(&seeds, &gold_dir.join("references.tsv"))?;
    writeln!(out, "== references, seeds")?;
    for (field, (ok, all)) in &refs.fields {
        writeln!(
            out,
            "{field:<14} {ok:>4}/{all:<4} {:>6.1}%",
            100.0 * ratio(*ok, *all)
        )?;
    }
    for e in &refs.errors {
        writeln!(out, "  {e}")?;
    }
    let docs: BTreeSet<&str> = seeds.iter().map(|x| x.document_id.as_str()).collect();
    writeln!(
        out,
        "documents: {}",
        docs.into_iter().collect::<Vec<_>>().join(", ")
    )?;
    Ok(out)
}

fn short(iri: &str) -> &str {
    iri.split("/id/").nth(1).unwrap_or(iri)
}
