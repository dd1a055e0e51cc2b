//! The year a target is for: "năm 2025", "đến năm 2030", "đến hết năm 2030",
//! "vào năm 2030", "trong năm 2026", in its sentence or in the heading of
//! its section ("6. Chỉ tiêu chủ yếu đến năm 2030").
//!
//! Not a target's year: a date ("ngày 20 tháng 11 năm 2025"), a baseline
//! ("so với năm 2020") or the start of a period ("từ năm 2021"), by the words
//! before "năm" (`not_year` in `data/target_words.tsv`).

use once_cell::sync::Lazy;
use regex::Regex;

use super::words::{self, Kind};
use crate::vi::key::fold;

/// Up to two words before "năm", the year, and a non-digit after it (the
/// regex crate's `\b` is slow on Vietnamese text).
static YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)((?:\S+\s+){0,2})năm\s+(20\d{2})(?:\D|$)").unwrap());

/// The years of `text` a target can be for, as (byte offset, year), in order.
pub fn mentions(text: &str) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = YEAR.captures_at(text, at) {
        crate::budget::check("targets");
        let year = c.get(2).unwrap();
        at = year.end();
        let before = fold(&c[1]);
        let date = before
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.chars().all(|ch| ch.is_ascii_digit() || ch == '/'));
        let excluded = words::phrases(Kind::NotYear)
            .iter()
            .any(|p| before == *p || before.ends_with(&format!(" {p}")));
        if !date && !excluded {
            out.push((year.start(), year.as_str().parse().expect("four digits")));
        }
    }
    out
}

/// The year of the quantity at `start..end`: the nearest mention inside
/// `window` (the words between the quantities around it), else the nearest
/// in `years` at all; none after `after_limit` counts.
pub fn nearest(
    years: &[(usize, i32)],
    start: usize,
    end: usize,
    window: (usize, usize),
    after_limit: usize,
) -> Option<i32> {
    let after = years.partition_point(|&(at, _)| at < start);
    let candidates = [
        after.checked_sub(1).map(|i| years[i]),
        years
            .get(after)
            .copied()
            .filter(|&(at, _)| at < after_limit),
    ];
    let distance = |at: usize| {
        if at < start {
            start - at
        } else {
            at.saturating_sub(end)
        }
    };
    let best = |inside: bool| {
        candidates
            .iter()
            .flatten()
            .filter(|&&(at, _)| !inside || (window.0 <= at && at < window.1))
            .min_by_key(|&&(at, _)| distance(at))
            .map(|&(_, year)| year)
    };
    best(true).or_else(|| best(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(text: &str) -> Vec<i32> {
        mentions(text).into_iter().map(|(_, y)| y).collect()
    }

    #[test]
    fn years_a_target_is_for() {
        assert_eq!(years("phấn đấu đến năm 2030 đạt ít nhất 50%"), [2030]);
        assert_eq!(years("bảo đảm đến hết năm 2030, có ít nhất 50%"), [2030]);
        assert_eq!(years("ngay trong năm 2025; vào năm 2030"), [2025, 2030]);
        assert_eq!(years("Tỷ lệ hộ nghèo còn 20,28% vào cuối năm 2024"), [2024]);
    }

    #[test]
    fn dates_baselines_and_period_starts_are_not() {
        assert!(years("ngày 20 tháng 11 năm 2025").is_empty());
        assert!(years("tăng 10% so với năm 2020").is_empty());
        assert_eq!(years("từ năm 2021 đến năm 2025"), [2025]);
        assert!(years("năm 20250").is_empty());
    }

    #[test]
    fn the_nearest_year_in_the_window_first() {
        let text = "phấn đấu đạt 20% xã năm 2025, bảo đảm đến hết năm 2030 đạt 50% địa bàn";
        let found = mentions(text);
        let q20 = text.find("20%").unwrap();
        let q50 = text.find("50%").unwrap();
        assert_eq!(
            nearest(&found, q20, q20 + 3, (0, q50), text.len()),
            Some(2025)
        );
        assert_eq!(
            nearest(&found, q50, q50 + 3, (q20 + 3, text.len()), text.len()),
            Some(2030)
        );
        assert_eq!(nearest(&[], 0, 1, (0, 1), 1), None);
        assert_eq!(
            nearest(&found, q20, q20 + 3, (0, q50), q20 + 5),
            None,
            "none after the limit"
        );
        assert_eq!(
            nearest(&[(0, 2025)], 40, 43, (30, 50), 99),
            Some(2025),
            "else the nearest in the clause"
        );
    }
}
