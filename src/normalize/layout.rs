//! Page furniture and table zones.
//!
//! Page numbers are lone small numbers between two lines of running prose. A
//! linearised table (one cell per line, as PDF extraction leaves annex tables)
//! is a long run of short lines, many of them numbers; its lines are kept as
//! they are so the unwrapper never glues cells into prose and the table stage
//! can rebuild them.

use once_cell::sync::Lazy;
use regex::Regex;

use super::{Line, Markup};

static PAGE_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:-\s*)?(?:[Tt]rang\s+)?\d{1,3}(?:\s*-)?\s*$").unwrap());
static NUMERIC_CELL: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*(?:-|[\d.,]+%?)\s*$").unwrap());
static ALIGNED_GAP: Lazy<Regex> = Lazy::new(|| Regex::new(r"\S {3,}\S").unwrap());

const PROSE_MIN_CHARS: usize = 25;
const CELL_MAX_CHARS: usize = 40;
const ZONE_MIN_LINES: usize = 12;

fn is_prose(line: Option<&Line>) -> bool {
    line.is_some_and(|l| {
        l.text.trim().chars().count() >= PROSE_MIN_CHARS && l.markup == Markup::Plain
    })
}

/// Drops page numbers ("3", " 11   ", "- 4 -", "Trang 5") between prose lines.
pub fn drop_page_numbers(lines: Vec<Line>) -> Vec<Line> {
    let drop: Vec<bool> = (0..lines.len())
        .map(|i| {
            PAGE_NUMBER.is_match(&lines[i].text)
                && is_prose(i.checked_sub(1).and_then(|j| lines.get(j)))
                && is_prose(lines.get(i + 1))
        })
        .collect();
    let mut kept: Vec<Line> = Vec::with_capacity(lines.len());
    let mut after_page_number = false;
    for (mut line, dropped) in lines.into_iter().zip(drop) {
        if dropped {
            after_page_number = true;
            continue;
        }
        // The blank lines around a page number are page layout, not a paragraph break.
        if after_page_number {
            line.blank_lines = line.blank_lines.min(1);
            after_page_number = false;
        }
        kept.push(line);
    }
    kept
}

/// Marks the lines of linearised and space-aligned tables as [`Markup::TableLine`].
pub fn mark_table_zones(lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        crate::budget::check("normalize");
        let is_cell =
            |l: &Line| l.markup == Markup::Plain && l.text.trim().chars().count() <= CELL_MAX_CHARS;
        if !is_cell(&lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_cell(&lines[i]) {
            i += 1;
        }
        let run = &lines[start..i];
        let numeric = run
            .iter()
            .filter(|l| NUMERIC_CELL.is_match(&l.text))
            .count();
        if run.len() >= ZONE_MIN_LINES && numeric * 10 >= run.len() * 3 {
            for l in &mut lines[start..i] {
                l.markup = Markup::TableLine;
            }
        }
    }
    mark_aligned_rows(lines);
}

/// Two or more consecutive lines with three or more columns separated by wide gaps.
fn mark_aligned_rows(lines: &mut [Line]) {
    let is_row = |l: &Line| {
        l.markup == Markup::Plain
            && ALIGNED_GAP.find_iter(&l.text).count() >= 2
            && l.text
                .split_whitespace()
                .filter(|t| NUMERIC_CELL.is_match(t))
                .count()
                >= 2
    };
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        while i < lines.len() && is_row(&lines[i]) {
            i += 1;
        }
        if i - start >= 2 {
            // The header lines above the rows are columns too, without numbers.
            let mut top = start;
            while top > 0
                && lines[top - 1].markup == Markup::Plain
                && ALIGNED_GAP.is_match(&lines[top - 1].text)
            {
                top -= 1;
            }
            for l in &mut lines[top..i] {
                l.markup = Markup::TableLine;
            }
        }
        i = i.max(start + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::normalize::test_lines as lines;

    #[test]
    fn page_number_between_prose_is_dropped() {
        let out = drop_page_numbers(lines(&[
            "2024 của UBND thị trấn, các ban, ngành, CBCC có trách",
            "3",
            "xây dựng kế hoạch thực hiện Chương trình giảm nghèo",
            " 11   ",
            "Kế hoạch số 29 của UBND xã Trà Lâm về giảm nghèo",
        ]));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn numbers_among_short_lines_stay() {
        let out = drop_page_numbers(lines(&["DP 1", "409", "27"]));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn linearised_table_is_marked() {
        let mut ls = lines(&[
            "Một đoạn văn bản dài trước bảng, không phải ô của bảng.",
            "STT",
            "Tổ dân phố",
            "1",
            "DP 1",
            "409",
            "27",
            "21",
            "5.13",
            "2",
            "TDP 2",
            "401",
            "12",
            "-",
            "0.00",
        ]);
        mark_table_zones(&mut ls);
        assert_eq!(ls[0].markup, Markup::Plain);
        assert!(ls[1..].iter().all(|l| l.markup == Markup::TableLine));
    }

    #[test]
    fn short_list_without_numbers_is_not_a_table() {
        let mut ls = lines(&["- Phòng Lao động;", "- TT. Đảng ủy;", "- Lưu VT."].repeat(5));
        mark_table_zones(&mut ls);
        assert!(ls.iter().all(|l| l.markup == Markup::Plain));
    }

    #[test]
    fn space_aligned_rows_are_marked() {
        let mut ls = lines(&[
            "1    DP 1     409    27",
            "2    TDP 2    401    12",
            "Văn bản thường sau bảng.",
        ]);
        mark_table_zones(&mut ls);
        assert_eq!(ls[0].markup, Markup::TableLine);
        assert_eq!(ls[1].markup, Markup::TableLine);
        assert_eq!(ls[2].markup, Markup::Plain);
    }
}
