//! How gold and predicted values are read and compared: strings in their
//! canonical form, numbers as numbers, section and citation numbers as
//! GUIDE.md writes them.

use serde_json::Value;

use crate::vi::key::{canonical, fold};

pub(super) fn list<'a>(v: &'a Value, field: &str) -> &'a [Value] {
    v.get(field)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(super) fn text(v: &Value, field: &str) -> String {
    v.get(field)
        .and_then(Value::as_str)
        .map(canonical)
        .unwrap_or_default()
}

pub(super) fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// A section number as GUIDE.md compares it: single-spaced, in lower case.
pub(super) fn section_number(s: &Value) -> String {
    text(s, "number")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether GUIDE.md lists a top-level section with this number: a Roman
/// numeral, a chapter or an article ("ii", "chương ii", "điều 1").
pub(super) fn listed_section(number: &str) -> bool {
    let roman = |n: &str| !n.is_empty() && n.chars().all(|c| "ivxlc".contains(c));
    match number.split_once(' ') {
        Some((word, n)) => {
            matches!(fold(word).as_str(), "chuong" | "dieu")
                && (roman(n) || n.chars().next().is_some_and(|c| c.is_ascii_digit()))
        }
        None => roman(number),
    }
}

/// Citation numbers compare without spaces, with OCR's `Ð` as `Đ`, case-insensitively.
pub(super) fn citation_number(n: &str) -> String {
    canonical(n)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

pub(super) fn same_value(g: &Value, p: &Value) -> bool {
    match (g, p) {
        (Value::String(a), Value::String(b)) => canonical(a) == canonical(b),
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .zip(b.as_f64())
            .is_some_and(|(x, y)| (x - y).abs() < 1e-9),
        _ => g == p,
    }
}

pub(super) fn show(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Table rows as strings: gold rows are lists of cells; predicted rows are objects with `cells`.
pub(super) fn rows(table: &Value, predicted: bool) -> Vec<Vec<String>> {
    list(table, "rows")
        .iter()
        .map(|row| {
            let cells = if predicted {
                row.get("cells").unwrap_or(&Value::Null)
            } else {
                row
            };
            cells.as_array().map_or_else(Vec::new, |cs| {
                cs.iter()
                    .map(|c| c.as_str().unwrap_or_default().trim().to_string())
                    .collect()
            })
        })
        .collect()
}
