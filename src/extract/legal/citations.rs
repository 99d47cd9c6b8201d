//! The forms a legal text is cited by, each read over one block of folded
//! text into spans `(start, end, citation)`: a name from the reference data,
//! a number, a class and date, a class and month, a Journal officiel date,
//! an amendment by number or count next to the text it amends.

use super::*;

/// A citation span in folded coordinates.
pub(super) type Span = (usize, usize, Cite);

/// Titles, nicknames and acronyms of known texts (`loi HPST`, `LMSS`); a
/// name several texts share (`ACI`) keeps those acting on what the passage
/// names. Also returns, for a named article ("expérimentations article 51"),
/// its text cited at the same place.
pub(super) fn by_name(
    refdata: &RefData,
    text: &str,
    folded: &Folded,
) -> (Vec<Span>, Vec<(usize, usize, String)>) {
    let patterns = refdata.legal_patterns();
    let matcher = refdata.legal_matcher();
    let mut spans: Vec<(usize, usize, Cite)> = Vec::new();
    let mut parent_mentions: Vec<(usize, usize, String)> = Vec::new();

    let mut nearby: Option<BTreeSet<String>> = None;
    for hit in matcher.find(text, folded) {
        let (s, e) = (
            folded.folded_offset(hit.start),
            folded.folded_offset(hit.end),
        );
        let mut entities = hit.entities;
        // A shared name dated right after ("l'accord conventionnel
        // interprofessionnel du 20 avril 2017", "l'ACI signé en juin 2019"):
        // the texts of that date.
        if entities.len() > 1 {
            if let Some(prefix) = dated_name(patterns, folded.text.get(e..).unwrap_or_default()) {
                let dated: Vec<String> = entities
                    .iter()
                    .filter(|iri| {
                        refdata
                            .entity(iri)
                            .and_then(|x| x.legal.as_ref())
                            .and_then(|l| l.date.as_deref())
                            .is_some_and(|d| d.starts_with(&prefix))
                    })
                    .cloned()
                    .collect();
                if !dated.is_empty() {
                    entities = dated;
                }
            }
        }
        // A name dated right after by another text's full date ("la loi
        // Rist du 19 mai 2023", "du 19/05/2023", "(la deuxième, celle du 19
        // mai 2023)"): the nickname is reused, the date says which text; the
        // known text of that class and date, when there is one.
        // "la loi Rist de 2023": a nickname dated by a year its text does not
        // have names the text whose longer nickname starts with it and whose
        // date has that year ("loi Rist 2", 19 mai 2023).
        if let [only] = entities.as_slice() {
            let after = folded.text.get(e..).unwrap_or_default();
            let name = text.get(hit.start..hit.end).unwrap_or_default();
            if let Some(other) = redated(patterns, refdata, only, after)
                .or_else(|| renamed(refdata, only, name, after))
            {
                entities = vec![other];
            }
        }
        if entities.len() > 1 {
            // A shared name: keep the texts acting on what the passage names.
            let nearby = nearby.get_or_insert_with(|| named_in(refdata, text, folded));
            entities.retain(|iri| acts_on(patterns, iri, nearby));
        }
        for iri in entities {
            let known = patterns.known.get(&iri);
            let is_code = known.is_some_and(|(c, _, _)| c == "Code");
            // A named article ("expérimentations article 51") also cites its text.
            if let Some(parent) = known.and_then(|(_, _, p)| p.clone()) {
                parent_mentions.push((s, e, parent));
            }
            spans.push((s, e, Cite { iri, is_code }));
        }
    }
    (spans, parent_mentions)
}

/// The dispositifs and actors a block names (the reference data's gazetteer).
fn named_in(refdata: &RefData, text: &str, folded: &Folded) -> BTreeSet<String> {
    let hits = refdata.gazetteer_matcher().find(text, folded);
    hits.into_iter().flat_map(|h| h.entities).collect()
}

/// Whether the title of the known text `iri` names one of `nearby`.
fn acts_on(patterns: &Patterns, iri: &str, nearby: &BTreeSet<String>) -> bool {
    patterns
        .targets
        .get(iri)
        .is_some_and(|t| !t.is_disjoint(nearby))
}

/// The known text of the same class as `iri` whose date is the full date
/// given right after its name, when that date is not `iri`'s own.
fn redated(patterns: &Patterns, refdata: &RefData, iri: &str, after: &str) -> Option<String> {
    let date = full_date_after(patterns, after)?;
    let own = refdata.entity(iri)?.legal.as_ref()?.date.clone()?;
    if own == date {
        return None;
    }
    let class = patterns.known.get(iri).map(|(c, _, _)| c.as_str())?;
    Patterns::lookup(&patterns.by_date, &date, Some(class)).filter(|other| other != iri)
}

/// The one known text of the same class whose date has the year (or month)
/// given right after `name`, when `iri`'s date has not, and one of whose
/// labels is `name` followed by more words.
fn renamed(refdata: &RefData, iri: &str, name: &str, after: &str) -> Option<String> {
    let prefix = dated_name(refdata.legal_patterns(), after)?;
    let entity = refdata.entity(iri)?;
    let legal = entity.legal.as_ref()?;
    if legal.date.as_deref().is_none_or(|d| d.starts_with(&prefix)) {
        return None;
    }
    let longer = format!("{} ", name.to_lowercase());
    let mut found = refdata.entities.iter().filter(|other| {
        other.iri != iri
            && other.kind == entity.kind
            && other.legal.as_ref().is_some_and(|l| {
                l.class == legal.class && l.date.as_deref().is_some_and(|d| d.starts_with(&prefix))
            })
            && other
                .labels
                .iter()
                .any(|l| l.to_lowercase().starts_with(&longer))
    });
    let first = found.next()?;
    found.next().is_none().then(|| first.iri.clone())
}

/// A full `YYYY-MM-DD` date right after a name: "du 19 mai 2023",
/// "du 19/05/2023", or in a parenthesis "(la deuxième, celle du 19 mai 2023)".
fn full_date_after(patterns: &Patterns, after: &str) -> Option<String> {
    if let Some(prefix) = dated_name(patterns, after) {
        return (prefix.len() == 10).then_some(prefix);
    }
    let c = patterns.dated_name_numeric.captures(after)?;
    let (d, m, y) = match (c.name("d"), c.name("pd")) {
        (Some(d), _) => (d.as_str(), c["m"].parse::<u32>().ok()?, &c["y"]),
        (None, Some(d)) => {
            let m = MONTHS.iter().position(|x| *x == &c["pm"])? + 1;
            (d.as_str(), u32::try_from(m).ok()?, &c["py"])
        }
        (None, None) => return None,
    };
    let d: u32 = if d == "1er" { 1 } else { d.parse().ok()? };
    ((1..=31).contains(&d) && (1..=12).contains(&m)).then(|| format!("{y}-{m:02}-{d:02}"))
}

/// The date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) that the folded text right
/// after a name gives it, if any.
fn dated_name(patterns: &Patterns, after: &str) -> Option<String> {
    let c = patterns.dated_name.captures(after)?;
    let year = &c["y"];
    let Some(m) = c.name("m") else {
        return Some(year.to_owned());
    };
    let month = MONTHS.iter().position(|x| *x == m.as_str())? + 1;
    match c.name("d") {
        Some(_) => parse_date(&c),
        None => Some(format!("{year}-{month:02}")),
    }
}

/// `loi n° 2016-41`: a known text by number, or one minted from the citation.
pub(super) fn by_number(
    patterns: &Patterns,
    text: &str,
    folded: &Folded,
    new_texts: &mut BTreeMap<String, LegalTextRecord>,
) -> Vec<Span> {
    let ft = folded.text.as_str();
    let mut spans = Vec::new();
    // A bare number is a citation only as printed with its hyphen
    // ("loi 2016-41"), not two numbers in a row ("en 2019 12 CPTS").
    let hyphenated = |num: regex::Match| {
        let (ss, se) = folded.source_span(num.start(), num.end());
        text[ss..se].contains('-')
    };
    let bare = patterns
        .number_bare
        .captures_iter(ft)
        .filter(|c| hyphenated(c.name("num").expect("num")));
    for c in patterns.number.captures_iter(ft).chain(bare) {
        let (whole, num) = (c.get(0).expect("match"), c.name("num").expect("num"));
        if patterns.bill.is_match(&ft[..whole.start()]) {
            continue; // bills are not laws
        }
        let class = patterns.class_of(c.name("kw").map(|m| m.as_str()));
        let date = c.name("d").and_then(|_| parse_date(&c));
        let folded_num = num.as_str();
        let known = Patterns::lookup(
            &patterns.by_number,
            folded_num,
            class.map(|k| k.class.as_str()),
        )
        .or_else(|| Patterns::lookup(&patterns.by_number, folded_num, None));
        let alias = patterns.is_alias(c.name("kw").map(|m| m.as_str()));
        let iri = match (known, class) {
            (Some(iri), _) => iri,
            (None, Some(class)) if !alias => {
                let (ss, se) = folded.source_span(num.start(), num.end());
                let number = display_number(folded_num, &text[ss..se]);
                let record = mint(class, Some(number), date);
                let iri = record.iri.clone();
                add_record(new_texts, record);
                iri
            }
            (None, _) => continue,
        };
        spans.push((
            whole.start(),
            whole.end(),
            Cite {
                iri,
                is_code: false,
            },
        ));
    }
    spans
}

/// `loi du 26 janvier 2016` (and `… et du …`): a known text by class and
/// date, or one minted from the citation. Two known texts of one class and
/// date ("l'ordonnance du 12 mai 2021": four were signed that day) are told
/// apart by what the passage names, as a shared name is; when it names
/// what neither acts on, both are cited and the facts split by their scope.
pub(super) fn by_date(
    refdata: &RefData,
    text: &str,
    folded: &Folded,
    new_texts: &mut BTreeMap<String, LegalTextRecord>,
) -> Vec<Span> {
    let patterns = refdata.legal_patterns();
    let ft = folded.text.as_str();
    let mut nearby: Option<BTreeSet<String>> = None;
    let mut spans = Vec::new();
    for c in patterns.date.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
            continue;
        };
        let alias = patterns.is_alias(c.name("kw").map(|m| m.as_str()));
        if patterns.bill.is_match(&ft[..whole.start()]) {
            continue;
        }
        let mut dated = vec![(whole.start(), whole.end(), parse_date(&c))];
        let mut end = whole.end();
        while let Some(more) = patterns.and_date.captures(&ft[end..]) {
            let m = more.get(0).expect("match");
            dated.push((end + " et ".len(), end + m.end(), parse_date(&more)));
            end += m.end();
        }
        for (s, e, date) in dated {
            let Some(date) = date else { continue };
            let mut known = patterns.dated(&class.class, &date);
            if known.len() > 1 {
                let nearby = nearby.get_or_insert_with(|| named_in(refdata, text, folded));
                let acting: Vec<String> = known
                    .iter()
                    .filter(|iri| acts_on(patterns, iri, nearby))
                    .cloned()
                    .collect();
                if !acting.is_empty() {
                    known = acting;
                }
            }
            if known.is_empty() {
                if alias {
                    continue;
                }
                let record = mint(class, None, Some(date));
                known.push(record.iri.clone());
                add_record(new_texts, record);
            }
            for iri in known {
                spans.push((
                    s,
                    e,
                    Cite {
                        iri,
                        is_code: false,
                    },
                ));
            }
        }
    }
    spans
}

/// `une instruction en septembre 2016`: the one known text of that class
/// and month. The words between the class and the month stay in one
/// sentence ("… par la loi Rist. La loi Rist de mai 2023 …" is two
/// citations, not one from the first "loi").
pub(super) fn by_month(patterns: &Patterns, text: &str, folded: &Folded) -> Vec<Span> {
    let ft = folded.text.as_str();
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(c) = patterns.month_year.captures_at(ft, from) {
        let whole = c.get(0).expect("match");
        let (ss, se) = folded.source_span(whole.start(), whole.end());
        let source = text.get(ss..se).unwrap_or_default();
        let crosses = source.char_indices().any(|(i, ch)| {
            matches!(ch, '.' | '?' | '!') && source[i + 1..].starts_with(char::is_whitespace)
        });
        if crosses {
            from = whole.start() + 1;
            while !ft.is_char_boundary(from) {
                from += 1;
            }
            continue;
        }
        from = whole.end().max(whole.start() + 1);
        let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
            continue;
        };
        let Some(month) = MONTHS.iter().position(|m| *m == &c["m"]) else {
            continue;
        };
        let found = patterns.dated(&class.class, &format!("{}-{:02}", &c["y"], month + 1));
        if let [iri] = found.as_slice() {
            let cite = Cite {
                iri: iri.clone(),
                is_code: false,
            };
            spans.push((whole.start(), whole.end(), cite));
        }
    }
    spans
}

/// `l'accord conventionnel de 2017`, `l'accord de 2017`: the one known text
/// of that class dated that year, for the classes other than laws (a law
/// of a year is the discourse's to resolve: "la loi de 2016" after its
/// citation).
pub(super) fn by_class_year(patterns: &Patterns, ft: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for c in patterns.class_year.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
            continue;
        };
        if class.class == "Loi" {
            continue;
        }
        if let [iri] = patterns.dated(&class.class, &c["y"]).as_slice() {
            let cite = Cite {
                iri: iri.clone(),
                is_code: false,
            };
            spans.push((whole.start(), whole.end(), cite));
        }
    }
    spans
}

/// `les ordonnances publiées au Journal officiel du 13 mai 2021`: the known
/// texts of that class signed that day or the day before.
pub(super) fn by_journal(patterns: &Patterns, ft: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for c in patterns.journal.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let Some(class) = patterns.class_of(c.name("kw").map(|m| m.as_str())) else {
            continue;
        };
        let Some(date) = parse_date(&c) else { continue };
        let mut found = patterns.dated(&class.class, &date);
        if found.is_empty() {
            if let Some(before) = day_before(&date) {
                found = patterns.dated(&class.class, &before);
            }
        }
        for iri in found {
            let cite = Cite {
                iri,
                is_code: false,
            };
            spans.push((whole.start(), whole.end(), cite));
        }
    }
    spans
}

/// Amendments cited by number or count next to the text they amend ("l'avenant
/// 2 à l'ACI CPTS", "l'ACI …, complété par 2 avenants"): among the known
/// amendments of a text the passage cites, the one of that number, or all of
/// them when the count is theirs. A number finds its text among those the
/// document cited before (`earlier`) when the passage cites none of them
/// ("l'avenant 2 à l'accord", the accord named in an earlier paragraph). The
/// amended text named as its complement ("l'avenant 2 à l'ACI CPTS") is part of
/// the amendment's name: the amendment is what the sentence is about.
pub(super) fn amendment_spans(
    patterns: &Patterns,
    ft: &str,
    earlier: &[Mention],
    spans: &mut Vec<(usize, usize, Cite)>,
) {
    let amended: Vec<&Vec<(String, String)>> = spans
        .iter()
        .filter_map(|(_, _, c)| patterns.amendments.get(&c.iri))
        .collect();
    let before: Vec<&Vec<(String, String)>> = earlier
        .iter()
        .filter_map(|m| patterns.amendments.get(&m.entity))
        .collect();
    let numbered = |lists: &[&Vec<(String, String)>], n: &str| -> Vec<String> {
        let mut v: Vec<String> = lists
            .iter()
            .flat_map(|list| list.iter())
            .filter(|(number, _)| number == n)
            .map(|(_, iri)| iri.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let mut found = Vec::new();
    for c in patterns.amendment_number.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let mut candidates = numbered(&amended, &c["n"]);
        if candidates.is_empty() {
            candidates = numbered(&before, &c["n"]);
        }
        if let [iri] = candidates.as_slice() {
            let end = complement_end(ft, whole.end(), iri, patterns, spans);
            found.push((whole.start(), end, iri.clone()));
        }
    }
    for c in patterns.amendment_count.captures_iter(ft) {
        let whole = c.get(0).expect("match");
        let count = match &c["c"] {
            "deux" => 2,
            "trois" => 3,
            "quatre" => 4,
            "cinq" => 5,
            digit => digit.parse().unwrap_or(0),
        };
        for list in amended.iter().filter(|l| l.len() == count) {
            for (_, iri) in list.iter() {
                found.push((whole.start(), whole.end(), iri.clone()));
            }
        }
    }
    for (s, e, iri) in found {
        spans.push((
            s,
            e,
            Cite {
                iri,
                is_code: false,
            },
        ));
    }
}

/// Where "l'avenant 2" ends when the text it amends follows as its complement
/// ("à l'ACI CPTS", "de l'accord du 20 juin 2019"): at the end of that text's
/// citation; otherwise at `end`.
fn complement_end(
    ft: &str,
    end: usize,
    amendment: &str,
    patterns: &Patterns,
    spans: &[(usize, usize, Cite)],
) -> usize {
    let rest = &ft[end..];
    let Some(skip) = [" a l ", " de l ", " a la ", " de la ", " au ", " du "]
        .iter()
        .find(|p| rest.starts_with(**p))
        .map(|p| p.len())
    else {
        return end;
    };
    spans
        .iter()
        .filter(|(s, _, c)| {
            *s == end + skip
                && patterns
                    .amendments
                    .get(&c.iri)
                    .is_some_and(|list| list.iter().any(|(_, iri)| iri == amendment))
        })
        .map(|(_, e, _)| *e)
        .max()
        .unwrap_or(end)
}

/// A name given right after another citation by "dite", "surnommée" …
/// ("la loi n° 2023-379 du 19 mai 2023, dite « loi Rist »") is that text's
/// nickname, whatever text the name alone would resolve to (2021-502 for
/// "loi Rist"). `spans` are sorted as [`select_longest`] leaves them.
pub(super) fn nicknames(patterns: &Patterns, ft: &str, spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for (s, e, cite) in spans {
        let Some(text) = nicknamed(patterns, ft, &out, s) else {
            out.push((s, e, cite));
            continue;
        };
        // Several texts sharing the name collapse into the one nicknamed.
        if out.last().is_none_or(|(ls, le, _)| (*ls, *le) != (s, e)) {
            out.push((s, e, text));
        }
    }
    out
}

/// The one text cited last before `start`, when what separates them names
/// a nickname.
fn nicknamed(patterns: &Patterns, ft: &str, before: &[Span], start: usize) -> Option<Cite> {
    let end = before
        .iter()
        .map(|(_, e, _)| *e)
        .filter(|e| *e <= start)
        .max()?;
    let mut last = before.iter().filter(|(_, e, _)| *e == end);
    let (_, _, cite) = last.next()?;
    let single = last.next().is_none() && !cite.is_code;
    (single && patterns.nickname.is_match(ft.get(end..start)?)).then(|| cite.clone())
}
