//! Rebuilding a grid from each table layout. The column count always comes
//! from the data (the length of the numbered rows, the widest data row),
//! never from a constant.

use once_cell::sync::Lazy;
use regex::Regex;

use super::{is_total_label, Grid};
use crate::model::HeaderCell;
use crate::normalize::markup;

static NUMERIC: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:-|\d[\d.,]*%?)$").unwrap());
static WIDE_GAP: Lazy<Regex> = Lazy::new(|| Regex::new(r" {2,}").unwrap());

pub fn is_numeric(cell: &str) -> bool {
    NUMERIC.is_match(cell.trim())
}

/// "0       353" holds two cells; "TDP Plei Nghe" one.
fn split_glued(line: &str) -> Vec<String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens.len() > 1 && tokens.iter().all(|t| is_numeric(t)) {
        tokens.into_iter().map(str::to_string).collect()
    } else {
        vec![line.trim().to_string()]
    }
}

/// One cell per line, header cells first, then numbered rows ("1", "DP 1",
/// "409", ...) and a total row ("Tổng cộng", ...) that has no number.
pub fn linearised(lines: &[&str]) -> Option<Grid> {
    let cells: Vec<String> = lines.iter().flat_map(|l| split_glued(l)).collect();
    let mut starts = Vec::new();
    let mut next = 1;
    for i in 0..cells.len().saturating_sub(1) {
        if cells[i] == next.to_string() && !is_numeric(&cells[i + 1]) && !cells[i + 1].is_empty() {
            starts.push(i);
            next += 1;
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let last = *starts.last().unwrap();
    let total_at = (last + 1..cells.len()).find(|&i| is_total_label(&cells[i]));
    let columns = mode(starts.windows(2).map(|w| w[1] - w[0]))?;
    let mut rows: Vec<Vec<String>> = starts
        .iter()
        .map(|&s| padded(&cells[s..(s + columns).min(cells.len())], columns))
        .collect();
    let mut total = None;
    if let Some(t) = total_at {
        // The total row has no number: its first cell is empty.
        let mut row = vec![String::new()];
        row.extend(cells[t..(t + columns - 1).min(cells.len())].iter().cloned());
        rows.push(padded(&row, columns));
        total = Some(rows.len() - 1);
    }
    Some(Grid {
        header: header_labels(&cells[..starts[0]]),
        rows,
        total,
    })
}

fn padded(cells: &[String], columns: usize) -> Vec<String> {
    let mut row = cells.to_vec();
    row.resize(columns, String::new());
    row
}

fn mode(values: impl Iterator<Item = usize>) -> Option<usize> {
    let mut counts = std::collections::BTreeMap::new();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(v, n)| (n, v))
        .map(|(v, _)| v)
}

/// Header fragments of a linearised table, rejoined into labels: wrapped
/// words ("hộ", "cuối năm 2023") and split letters ("S", "T", "T") rejoin
/// the label before them. A linearised layout does not say which column a
/// label heads, so the labels come in reading order, one level.
fn header_labels(fragments: &[String]) -> Vec<HeaderCell> {
    let mut labels: Vec<String> = Vec::new();
    for f in fragments.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
        let letter = f.chars().count() == 1 && f.chars().all(char::is_uppercase);
        let continues = f
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
            || f == "%"
            || f == "DTTS";
        match labels.last_mut() {
            Some(last) if letter && last.chars().all(char::is_uppercase) && last.len() < 4 => {
                last.push_str(f)
            }
            Some(last) if continues => {
                last.push(' ');
                last.push_str(f);
            }
            _ => labels.push(f.to_string()),
        }
    }
    labels
        .into_iter()
        .map(|label| HeaderCell {
            label,
            children: Vec::new(),
        })
        .collect()
}

/// Markdown pipe rows: leading rows without numbers are the header (two or
/// more rows make a tree: a cell of the upper row heads the cells below it
/// up to the next non-empty upper cell).
pub fn pipe(lines: &[&str]) -> Option<Grid> {
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            markup::split_cells(l)
                .iter()
                .map(|c| markup::unescape_pipes(c))
                .collect()
        })
        .collect();
    grid_from_rows(rows, None)
}

/// Lines whose columns are separated by runs of spaces.
pub fn is_aligned(lines: &[&str]) -> bool {
    let wide = lines
        .iter()
        .filter(|l| WIDE_GAP.find_iter(l.trim()).count() >= 2)
        .count();
    wide * 2 > lines.len()
}

/// Columns side by side, separated by two or more spaces; a header cell heads
/// the data columns that start under it.
pub fn aligned(lines: &[&str]) -> Option<Grid> {
    // Positions are display columns (characters), not bytes: "ô" is one column.
    let split = |line: &str| -> Vec<(usize, String)> {
        let column = |byte: usize| line[..byte].chars().count();
        let mut cells = Vec::new();
        let mut at = 0;
        for gap in WIDE_GAP.find_iter(line) {
            if gap.start() > at {
                cells.push((column(at), line[at..gap.start()].trim().to_string()));
            }
            at = gap.end();
        }
        if at < line.len() {
            cells.push((column(at), line[at..].trim().to_string()));
        }
        cells
    };
    let positioned: Vec<Vec<(usize, String)>> = lines.iter().map(|l| split(l)).collect();
    let plain: Vec<Vec<String>> = positioned
        .iter()
        .map(|r| r.iter().map(|(_, c)| c.clone()).collect())
        .collect();
    let header_rows = plain.iter().take_while(|r| !is_data_row(r)).count();
    // Column anchors: where the cells of the widest data row start. Every
    // data cell goes to the nearest anchor, so a row with an empty first cell
    // (a total row) keeps its columns.
    let anchors: Vec<usize> = positioned[header_rows..]
        .iter()
        .max_by_key(|r| r.len())?
        .iter()
        .map(|(p, _)| *p)
        .collect();
    let place = |row: &[(usize, String)]| -> Vec<String> {
        let mut cells = vec![String::new(); anchors.len()];
        for (p, c) in row {
            let nearest = nearest_anchor(&anchors, *p);
            if cells[nearest].is_empty() {
                cells[nearest] = c.clone();
            } else {
                cells[nearest].push(' ');
                cells[nearest].push_str(c);
            }
        }
        cells
    };
    let rows: Vec<Vec<String>> = plain[..header_rows]
        .iter()
        .cloned()
        .chain(positioned[header_rows..].iter().map(|r| place(r)))
        .collect();
    let columns_of = |r: &[(usize, String)]| -> Vec<(usize, usize, String)> {
        // Each header cell spans from its start to the next cell's start.
        r.iter()
            .enumerate()
            .map(|(i, (p, c))| (*p, r.get(i + 1).map_or(usize::MAX, |n| n.0), c.clone()))
            .collect()
    };
    let header_spans: Vec<Vec<(usize, usize, String)>> = positioned[..header_rows]
        .iter()
        .map(|r| columns_of(r))
        .collect();
    grid_from_rows(rows, Some(header_spans))
}

/// The index of the anchor nearest `position`, the first on a tie; anchors
/// are in increasing order, so a binary search finds it.
fn nearest_anchor(anchors: &[usize], position: usize) -> usize {
    let after = anchors.partition_point(|&a| a < position);
    match (after.checked_sub(1), anchors.get(after)) {
        (Some(before), Some(&a)) if a.abs_diff(position) < anchors[before].abs_diff(position) => {
            after
        }
        (Some(before), _) => before,
        (None, _) => 0,
    }
}

fn is_data_row(row: &[String]) -> bool {
    let numeric = row.iter().filter(|c| is_numeric(c)).count();
    numeric >= 2 && numeric * 2 >= row.len().saturating_sub(1)
        || numeric >= 1 && row.iter().take(2).any(|c| is_total_label(c))
}

/// Header rows as (start column, end column, label) cells.
type Spans = Vec<Vec<(usize, usize, String)>>;

/// Header rows are the leading rows without a number: a group row ("I |
/// NHÓM XÃ, PHƯỜNG | 115 |") is data, though it has a single number.
fn grid_from_rows(rows: Vec<Vec<String>>, spans: Option<Spans>) -> Option<Grid> {
    let header_rows = rows
        .iter()
        .take_while(|r| !r.iter().any(|c| is_numeric(c)))
        .count();
    let data: Vec<Vec<String>> = rows[header_rows..].to_vec();
    if !data.iter().any(|r| is_data_row(r)) {
        return None;
    }
    let columns = data.iter().map(Vec::len).max()?;
    let data: Vec<Vec<String>> = data.into_iter().map(|r| padded(&r, columns)).collect();
    let total = data.iter().position(|r| {
        r.iter().take(2).any(|c| is_total_label(c)) && r.iter().any(|c| is_numeric(c))
    });
    let header = match spans {
        Some(header_spans) => header_tree_by_position(&header_spans),
        None => header_tree_by_index(&rows[..header_rows]),
    };
    Some(Grid {
        header,
        rows: data,
        total,
    })
}

/// Two header rows by cell index: an upper cell heads the cells below it up
/// to the next non-empty upper cell.
fn header_tree_by_index(header: &[Vec<String>]) -> Vec<HeaderCell> {
    let Some(top) = header.first() else {
        return Vec::new();
    };
    let below = header.get(1);
    let mut out: Vec<HeaderCell> = Vec::new();
    for (i, label) in top.iter().enumerate() {
        let child = below
            .and_then(|b| b.get(i))
            .filter(|c| !c.is_empty())
            .cloned();
        if !label.is_empty() || out.is_empty() {
            out.push(HeaderCell {
                label: label.clone(),
                children: Vec::new(),
            });
        }
        if let Some(c) = child {
            out.last_mut().unwrap().children.push(HeaderCell {
                label: c,
                children: Vec::new(),
            });
        }
    }
    out
}

/// Header rows by position: a lower cell belongs to the upper cell whose span
/// holds its start.
fn header_tree_by_position(header: &[Vec<(usize, usize, String)>]) -> Vec<HeaderCell> {
    let Some(top) = header.first() else {
        return Vec::new();
    };
    let mut out: Vec<HeaderCell> = top
        .iter()
        .map(|(_, _, l)| HeaderCell {
            label: l.clone(),
            children: Vec::new(),
        })
        .collect();
    if let Some(below) = header.get(1) {
        for (start, _, label) in below {
            // Cells of a row are in increasing position.
            let parent = top
                .partition_point(|(s, _, _)| s <= start)
                .saturating_sub(1);
            out[parent].children.push(HeaderCell {
                label: label.clone(),
                children: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[Vec<String>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn linearised_with_split_letters_glued_pair_dash_and_total() {
        let lines = [
            "S",
            "T",
            "T",
            "Thôn",
            "Tổng số",
            "hộ",
            "Số hộ nghèo",
            "1",
            "Thôn A",
            "100",
            "10",
            "2",
            "Thôn B",
            "0       200",
            "-",
            "Tổng cộng",
            "300",
            "10",
        ];
        let g = linearised(&lines).unwrap();
        assert_eq!(
            cells(&g.rows),
            [
                vec!["1", "Thôn A", "100", "10"],
                vec!["2", "Thôn B", "0", "200"],
                vec!["", "Tổng cộng", "300", "10"]
            ]
        );
        assert_eq!(g.total, Some(2));
        let labels: Vec<&str> = g.header.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(labels, ["STT", "Thôn", "Tổng số hộ", "Số hộ nghèo"]);
    }

    #[test]
    fn pipe_with_two_header_rows() {
        let lines = [
            "| STT | Xã | Số hộ nghèo | | Tỷ lệ |",
            "| | | Tổng số | Tr.đó DTTS | % |",
            "| 1 | Xã A | 20 | 5 | 4.00 |",
            "| 2 | Xã B | - | 3 | 2.50 |",
            "| | Cộng | 20 | 8 | 3.20 |",
        ];
        let g = pipe(&lines).unwrap();
        assert_eq!(g.rows.len(), 3);
        assert_eq!(g.total, Some(2));
        assert_eq!(g.header[2].label, "Số hộ nghèo");
        let kids: Vec<&str> = g.header[2]
            .children
            .iter()
            .map(|h| h.label.as_str())
            .collect();
        assert_eq!(kids, ["Tổng số", "Tr.đó DTTS"]);
    }

    #[test]
    fn aligned_columns_and_their_header() {
        let lines = [
            "STT   Thôn        Số hộ nghèo",
            "                  Tổng    DTTS",
            "1     Thôn A      12      4",
            "2     Thôn B      8       -",
            "      Tổng cộng   20      4",
        ];
        assert!(is_aligned(&lines));
        let g = aligned(&lines).unwrap();
        assert_eq!(cells(&g.rows)[1], ["2", "Thôn B", "8", "-"]);
        assert_eq!(g.total, Some(2));
        assert_eq!(g.header[2].children.len(), 2, "{:?}", g.header);
    }

    #[test]
    fn a_list_of_names_is_not_a_table() {
        assert!(linearised(&["Phòng A", "Phòng B", "Phòng C"]).is_none());
        assert!(pipe(&["| a | b |", "| c | d |"]).is_none());
    }
}
