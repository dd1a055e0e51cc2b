//! Tables that web-page markdown writes one cell per line: a lone "|" line
//! between cells, cells of one or more lines (long text wraps), "| |"
//! (two lone bars) between rows:
//!
//! ```text
//! |
//! STT
//! |
//! Tiêu chí
//! |
//! |
//! 1
//! |
//! Tỷ lệ % người hưởng trợ cấp
//! xã hội ...
//! |
//! ```
//!
//! Each such run becomes one [`Markup::PipeRow`] line per row, so the table
//! stage reads it as any pipe table. The column count is the one that puts
//! an empty gap between every two rows. A run whose rows hold no numbers (the
//! two-column header block of a web page: issuer | motto, number | date) is
//! layout, not data: its bars are dropped and its lines stay as they were.

use super::{Line, Markup};
use crate::vi::number::{self, Quantity};

/// Rows holding a number that make a run of cells a data table.
const DATA_ROWS_MIN: usize = 2;

/// Rebuilds the tables of `lines` written one cell per line; every other
/// [`Markup::CellBreak`] line is dropped, counted as the blank line it was.
pub fn rebuild(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if lines[i].markup != Markup::CellBreak {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        let end = run_end(&lines, i);
        match table_rows(&lines[i..end]) {
            Some(rows) => out.extend(rows),
            None => out.extend(without_bars(&lines[i..end])),
        }
        i = end;
    }
    out
}

/// The end of the run of cells starting at the bar `start`: just after its
/// last bar before a blank line, a heading or a pipe row. A table's cells
/// follow each other without blank lines, even those of many lines.
fn run_end(lines: &[Line], start: usize) -> usize {
    let mut last_bar = start;
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        if l.blank_lines > 0 || matches!(l.markup, Markup::PipeRow | Markup::Heading(_)) {
            break;
        }
        if l.markup == Markup::CellBreak {
            last_bar = i;
        }
    }
    last_bar + 1
}

/// The cells between consecutive bars of a run, with the line each starts on.
fn segments(run: &[Line]) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut line = run[0].source_line;
    for l in &run[1..] {
        if l.markup == Markup::CellBreak {
            out.push((current.join(" "), line));
            current.clear();
            line = l.source_line;
        } else {
            if current.is_empty() {
                line = l.source_line;
            }
            current.push(l.text.trim());
        }
    }
    out
}

/// The run as pipe rows, when it is a grid of data.
fn table_rows(run: &[Line]) -> Option<Vec<Line>> {
    let segments = segments(run);
    let columns = (2..=segments.len()).find(|&c| {
        (segments.len() + 1).is_multiple_of(c + 1)
            && segments
                .iter()
                .skip(c)
                .step_by(c + 1)
                .all(|(s, _)| s.is_empty())
    })?;
    let rows: Vec<&[(String, u32)]> = segments
        .chunks(columns + 1)
        .map(|chunk| &chunk[..columns])
        .collect();
    let with_numbers = rows
        .iter()
        .filter(|r| r.iter().any(|(cell, _)| is_number(cell)))
        .count();
    if rows.len() < 2 || with_numbers < DATA_ROWS_MIN {
        return None;
    }
    Some(
        rows.iter()
            .enumerate()
            .map(|(k, cells)| Line {
                text: format!(
                    "| {} |",
                    cells
                        .iter()
                        .map(|(c, _)| super::unwrap::collapse_spaces(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
                source_line: cells
                    .iter()
                    .find(|(c, _)| !c.is_empty())
                    .map_or(cells[0].1, |(_, l)| *l),
                blank_lines: if k == 0 { run[0].blank_lines } else { 0 },
                markup: Markup::PipeRow,
                inside_span: false,
            })
            .collect(),
    )
}

fn is_number(cell: &str) -> bool {
    number::parse(cell.trim(), Quantity::Unknown).is_some()
}

/// The lines of a run that is no table, each line of bars counted as the
/// blank line it was.
fn without_bars(run: &[Line]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut blanks = 0;
    let mut bar_line = None;
    for l in run {
        if l.markup == Markup::CellBreak {
            if bar_line != Some(l.source_line) {
                blanks += l.blank_lines + 1;
                bar_line = Some(l.source_line);
            }
        } else {
            let mut kept = l.clone();
            kept.blank_lines += blanks;
            blanks = 0;
            out.push(kept);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                text: t.to_string(),
                source_line: i as u32 + 1,
                blank_lines: 0,
                markup: if *t == "|" {
                    Markup::CellBreak
                } else {
                    Markup::Plain
                },
                inside_span: false,
            })
            .collect()
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn cells_between_bars_become_rows() {
        let out = rebuild(lines(&[
            "Bảng điểm",
            "|",
            "STT",
            "|",
            "Tiêu chí",
            "|",
            "Điểm",
            "|",
            "|",
            "I",
            "|",
            "Nhóm xã",
            "|",
            "115",
            "|",
            "|",
            "1",
            "|",
            "Tỷ lệ % người hưởng",
            "trợ cấp xã hội",
            "|",
            "20",
            "|",
            "Văn bản sau bảng.",
        ]));
        assert_eq!(
            texts(&out),
            [
                "Bảng điểm",
                "| STT | Tiêu chí | Điểm |",
                "| I | Nhóm xã | 115 |",
                "| 1 | Tỷ lệ % người hưởng trợ cấp xã hội | 20 |",
                "Văn bản sau bảng."
            ]
        );
        assert!(out[1..4].iter().all(|l| l.markup == Markup::PipeRow));
        assert_eq!(
            out[3].source_line, 17,
            "a row starts where its first cell does"
        );
    }

    #[test]
    fn empty_cells_keep_their_place() {
        let out = rebuild(lines(&[
            "|",
            "II",
            "|",
            "Nhóm",
            "|",
            "|",
            "|",
            "|",
            "|",
            "Căn cứ",
            "|",
            "30",
            "|",
            "Xếp loại",
            "|",
            "|",
            "5",
            "|",
            "Điểm cộng",
            "|",
            "15",
            "|",
            "|",
        ]));
        assert_eq!(
            texts(&out),
            [
                "| II | Nhóm |  |  |",
                "|  | Căn cứ | 30 | Xếp loại |",
                "| 5 | Điểm cộng | 15 |  |"
            ]
        );
    }

    #[test]
    fn two_bars_on_one_line_end_a_row_and_start_the_next() {
        let text = "Bảng\n\n|\nSTT\n|\nĐiểm\n| |\n1\n|\n20\n| |\n2\n|\n30\n|\n";
        let n = crate::normalize::normalize(&crate::read::SourceText {
            text: text.into(),
            format: crate::read::Format::Markdown,
            encoding: "utf-8",
        });
        assert_eq!(n.text, "Bảng\n| STT | Điểm |\n| 1 | 20 |\n| 2 | 30 |");
    }

    #[test]
    fn a_header_block_without_numbers_stays_text() {
        let input = lines(&[
            "|",
            "ỦY BAN NHÂN DÂN",
            "TỈNH ĐỒNG NAI",
            "|",
            "CỘNG HÒA XÃ HỘI",
            "|",
            "|",
            "Số: 182/KH-UBND",
            "|",
            "Đồng Nai, ngày 20 tháng 11 năm 2025",
            "|",
            "KẾ HOẠCH",
        ]);
        let out = rebuild(input);
        assert_eq!(
            texts(&out),
            [
                "ỦY BAN NHÂN DÂN",
                "TỈNH ĐỒNG NAI",
                "CỘNG HÒA XÃ HỘI",
                "Số: 182/KH-UBND",
                "Đồng Nai, ngày 20 tháng 11 năm 2025",
                "KẾ HOẠCH"
            ]
        );
        assert_eq!(out[0].blank_lines, 1, "each bar was a blank line");
        assert_eq!(out[3].blank_lines, 2);
    }
}
