//! Dates: "18/01/2022", "18-01-2022", "18.01.2022" and
//! "(ngày) 18 tháng 01 năm 2022", returned as ISO strings.

use once_cell::sync::Lazy;
use regex::Regex;

static NUMERIC: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?([/.\-])\s?((?:19|20)\d{2})\b").unwrap()
});
static WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})\b").unwrap()
});

/// A date found in text: its byte range and ISO form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub iso: String,
}

/// ISO date from day, month, year, if it exists in the calendar.
pub fn iso(day: u32, month: u32, year: i32) -> Option<String> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Every date in `text`, in order.
pub fn find_all(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for c in NUMERIC.captures_iter(text) {
        if c[2] != c[4] {
            continue;
        }
        if let Some(iso) = iso(
            c[1].parse().unwrap(),
            c[3].parse().unwrap(),
            c[5].parse().unwrap(),
        ) {
            let m = c.get(0).unwrap();
            found.push(FoundDate {
                start: m.start(),
                end: m.end(),
                iso,
            });
        }
    }
    for c in WORDS.captures_iter(text) {
        if let Some(iso) = iso(
            c[1].parse().unwrap(),
            c[2].parse().unwrap(),
            c[3].parse().unwrap(),
        ) {
            let m = c.get(0).unwrap();
            found.push(FoundDate {
                start: m.start(),
                end: m.end(),
                iso,
            });
        }
    }
    found.sort_by_key(|d| d.start);
    found
}

/// The first date in `text`.
pub fn first(text: &str) -> Option<FoundDate> {
    find_all(text).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_forms() {
        assert_eq!(first("ngày 18/01/2022 của").unwrap().iso, "2022-01-18");
        assert_eq!(first("ngyà 29/12/2023").unwrap().iso, "2023-12-29");
        assert_eq!(first("ngày 5-6-2021").unwrap().iso, "2021-06-05");
        assert_eq!(first("ngày 28/7/2021").unwrap().iso, "2021-07-28");
    }

    #[test]
    fn word_forms() {
        assert_eq!(
            first("Trà Lâm, ngày 26 tháng 02 năm 2024").unwrap().iso,
            "2024-02-26"
        );
        assert_eq!(
            first("ngày 12 tháng 10 năm 2017 của").unwrap().iso,
            "2017-10-12"
        );
    }

    #[test]
    fn impossible_or_mixed_dates_are_not_dates() {
        assert!(first("31/02/2022").is_none());
        assert!(first("10/5-2024").is_none());
        assert!(first("số 24/2021/QH15").is_none());
        assert!(first("năm 2024").is_none());
    }

    #[test]
    fn all_dates_in_order() {
        let d = find_all("trước ngày 10/5/2024 (báo cáo 06 tháng) và ngày 20 tháng 10 năm 2024");
        assert_eq!(
            d.iter().map(|d| d.iso.as_str()).collect::<Vec<_>>(),
            ["2024-05-10", "2024-10-20"]
        );
    }
}
