//! Layouts of the server-side pictures: a dated timeline and a laws → dispositifs network.
//! Only geometry is computed here (numbers, labels, links, colours, as JSON); the SVG
//! elements are written by the templates (`templates/timeline.html`, `network.html`), so
//! every text is escaped by construction. No JavaScript, no external asset.

use super::relation_color;
use serde_json::{json, Value};

/// One dated event of a timeline.
#[derive(Debug, Clone)]
pub struct Event {
    /// `YYYY-MM-DD` (or `YYYY`).
    pub date: String,
    pub label: String,
    pub href: String,
    pub relation: String,
    pub title: String,
}

const WIDTH: f64 = 960.0;
const PAD: f64 = 40.0;
const LANE: f64 = 30.0;
/// Room kept right of the last event for its label.
const LABEL_ROOM: f64 = 330.0;
/// Longest label, in characters (longer ones end with "…").
const LABEL_CHARS: usize = 48;
/// Approximate width of one character of the 12 px label font.
const CHAR_WIDTH: f64 = 6.8;

/// A label cut to [`LABEL_CHARS`].
fn cut(label: &str) -> String {
    if label.chars().count() > LABEL_CHARS {
        let mut out: String = label.chars().take(LABEL_CHARS - 1).collect();
        out.push('…');
        out
    } else {
        label.to_owned()
    }
}

/// A year as a fraction (`2016-01-26` → 2016.07).
fn fractional_year(date: &str) -> Option<f64> {
    let year: f64 = date.get(..4)?.parse().ok()?;
    let month: f64 = date.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1.0);
    let day: f64 = date.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1.0);
    Some(year + (month - 1.0) / 12.0 + (day - 1.0) / 365.0)
}

/// Lays events out along a time axis; labels go in lanes below the axis so they never overlap.
pub fn timeline(events: &[Event]) -> Option<Value> {
    let mut dated: Vec<(f64, &Event)> = events
        .iter()
        .filter_map(|e| Some((fractional_year(&e.date)?, e)))
        .collect();
    if dated.is_empty() {
        return None;
    }
    dated.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.label.cmp(&b.1.label)));
    let first = dated.first().map(|d| d.0.floor()).unwrap_or(2000.0);
    let last = dated
        .last()
        .map(|d| d.0.floor() + 1.0)
        .unwrap_or(first + 1.0);
    let span = (last - first).max(1.0);
    let x = |year: f64| PAD + (year - first) / span * (WIDTH - 2.0 * PAD - LABEL_ROOM);
    let axis_y = 30.0;
    let mut lanes: Vec<f64> = Vec::new();
    let mut items = Vec::new();
    for (year, e) in &dated {
        let ex = x(*year);
        let lane = match lanes.iter().position(|end| *end < ex) {
            Some(i) => i,
            None => {
                lanes.push(f64::MIN);
                lanes.len() - 1
            }
        };
        let label = cut(&e.label);
        // The label starts with the year and a space.
        lanes[lane] = ex + (label.chars().count() + 6) as f64 * CHAR_WIDTH;
        let y = axis_y + 28.0 + lane as f64 * LANE;
        items.push(json!({
            "x": round(ex),
            "y": round(y),
            "label": label,
            "title": e.title,
            "href": e.href,
            "date": e.date,
            "relation": e.relation,
            "color": relation_color(&e.relation),
        }));
    }
    let step = if span > 30.0 {
        10
    } else if span > 12.0 {
        5
    } else {
        1
    };
    let ticks: Vec<Value> = (first as i64..=last as i64)
        .filter(|y| y % step == 0)
        .map(|y| json!({ "x": round(x(y as f64)), "label": y.to_string() }))
        .collect();
    let height = axis_y + 28.0 + lanes.len() as f64 * LANE + 10.0;
    Some(json!({
        "width": WIDTH,
        "height": round(height),
        "axisY": axis_y,
        "axisEnd": round(x(last)),
        "ticks": ticks,
        "events": items,
    }))
}

/// One edge of the network: a legal text acting on a dispositif.
#[derive(Debug, Clone)]
pub struct Edge {
    pub law: (String, String),
    pub dispositif: (String, String),
    pub relation: String,
}

/// Laws in a left column (in the order given), dispositifs in a right column (sorted by
/// label), one curve per edge coloured by relation.
pub fn network(laws: &[(String, String)], edges: &[Edge]) -> Option<Value> {
    if edges.is_empty() {
        return None;
    }
    let mut dispositifs: Vec<(String, String)> =
        edges.iter().map(|e| e.dispositif.clone()).collect();
    dispositifs.sort_by(|a, b| {
        super::fold(&a.1)
            .cmp(&super::fold(&b.1))
            .then(a.0.cmp(&b.0))
    });
    dispositifs.dedup();
    let row = 26.0;
    let top = 20.0;
    let (lx, rx) = (350.0, WIDTH - 230.0);
    let rows = laws.len().max(dispositifs.len()) as f64;
    let height = top * 2.0 + rows * row;
    let y_of = |i: usize, n: usize| {
        let offset = (rows - n as f64) * row / 2.0;
        round(top + offset + i as f64 * row + row / 2.0)
    };
    let left: Vec<Value> = laws
        .iter()
        .enumerate()
        .map(|(i, (href, label))| json!({ "x": lx, "y": y_of(i, laws.len()), "href": href, "label": cut(label), "title": label }))
        .collect();
    let right: Vec<Value> = dispositifs
        .iter()
        .enumerate()
        .map(|(i, (href, label))| json!({ "x": rx, "y": y_of(i, dispositifs.len()), "href": href, "label": label }))
        .collect();
    let lines: Vec<Value> = edges
        .iter()
        .filter_map(|e| {
            let l = laws.iter().position(|x| *x == e.law)?;
            let r = dispositifs.iter().position(|x| *x == e.dispositif)?;
            let (y1, y2) = (y_of(l, laws.len()), y_of(r, dispositifs.len()));
            let mid = (lx + rx) / 2.0;
            Some(json!({
                "d": format!("M{} {} C{} {} {} {} {} {}", lx + 6.0, y1, mid, y1, mid, y2, rx - 6.0, y2),
                "color": relation_color(&e.relation),
                "relation": e.relation,
            }))
        })
        .collect();
    Some(json!({
        "width": WIDTH,
        "height": round(height),
        "left": left,
        "right": right,
        "edges": lines,
    }))
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(date: &str, label: &str) -> Event {
        Event {
            date: date.into(),
            label: label.into(),
            href: "/x".into(),
            relation: "created".into(),
            title: String::new(),
        }
    }

    #[test]
    fn events_are_placed_in_date_order_without_overlap() {
        let t = timeline(&[
            event("2016-01-26", "b"),
            event("2009-07-21", "a"),
            event("2016-02-01", "c"),
        ])
        .unwrap();
        let events = t["events"].as_array().unwrap();
        assert_eq!(events[0]["label"], "a");
        let (b, c) = (&events[1], &events[2]);
        assert!(b["x"].as_f64() < c["x"].as_f64());
        assert_ne!(b["y"], c["y"], "close events take different lanes");
        assert_eq!(t["ticks"][0]["label"], "2009");
        assert!(timeline(&[event("sans date", "x")]).is_none());
    }

    #[test]
    fn network_links_both_columns() {
        let law = ("/id/loi/2016-41".to_owned(), "Loi 2016-41".to_owned());
        let edges = vec![Edge {
            law: law.clone(),
            dispositif: ("/id/dispositif/cpts".into(), "CPTS".into()),
            relation: "created".into(),
        }];
        let n = network(&[law], &edges).unwrap();
        assert_eq!(n["edges"].as_array().unwrap().len(), 1);
        assert_eq!(n["edges"][0]["color"], relation_color("created"));
        assert!(network(&[], &[]).is_none());
    }
}
