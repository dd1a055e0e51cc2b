//! Tables: rebuilt from the three layouts PDF extraction and web pages leave
//! (one cell per line, markdown pipes, columns aligned by spaces), with typed
//! values, arithmetic checks, and checks against the text's targets.
//!
//! The normaliser marks table lines ([`Markup::TableLine`], [`Markup::PipeRow`])
//! and never joins them; here each run of them becomes a [`Grid`] by its
//! layout ([`layout`]), then a [`Table`] with the checks of [`checks`].

pub mod checks;
pub mod layout;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::budget;
use crate::model::{HeaderCell, Location, Span, Table, TableRow, Target};
use crate::normalize::Markup;
use crate::segment::Document;
use crate::vi::number::{self, Quantity};

/// A table as rebuilt from its layout, before typing and checks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub header: Vec<HeaderCell>,
    pub rows: Vec<Vec<String>>,
    /// Index of the total row in `rows`, if any.
    pub total: Option<usize>,
}

// A whole cell: "Tổng số" alone heads a column, it is no total row.
static TOTAL_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:tổng cộng|tổng|cộng|toàn (?:xã|huyện|tỉnh|thị trấn))\s*:?$").unwrap()
});

/// Tables larger than this are kept without their arithmetic checks: no
/// annex of a plan comes near it, and the checks' work grows with the cells.
pub const MAX_CHECKED_CELLS: usize = 100_000;

/// Whether a cell labels a total row ("Tổng cộng", "Cộng", "Toàn xã").
pub fn is_total_label(cell: &str) -> bool {
    TOTAL_LABEL.is_match(cell.trim())
}

/// Tables in document order, and a warning for every check that fails.
pub fn extract(doc: &Document, targets: &[Target]) -> (Vec<Table>, Vec<String>) {
    let paras = &doc.norm.paragraphs;
    let mut tables = Vec::new();
    let mut warnings = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        budget::check("tables");
        let markup = paras[i].markup;
        if !matches!(markup, Markup::TableLine | Markup::PipeRow) {
            i += 1;
            continue;
        }
        let start = i;
        while i < paras.len() && paras[i].markup == markup {
            i += 1;
        }
        let lines: Vec<&str> = (start..i).map(|k| doc.paragraph(k)).collect();
        let (kind, grid) = match markup {
            Markup::PipeRow => ("pipe", layout::pipe(&lines)),
            _ if layout::is_aligned(&lines) => ("aligned", layout::aligned(&lines)),
            _ => ("linearised", layout::linearised(&lines)),
        };
        let Some(grid) = grid else { continue };
        let title = caption(doc, start);
        let span = Span::new(paras[start].start, paras[i - 1].end);
        let mut table = typed(grid, title, kind, doc.location(span));
        let number = tables.len() + 1;
        let cells = table.columns * table.rows.len();
        if cells > MAX_CHECKED_CELLS {
            warnings.push(format!(
                "table {number}: {cells} cells, over the limit of {MAX_CHECKED_CELLS} for arithmetic checks: not checked"
            ));
        } else {
            table.checks = checks::arithmetic(&table);
            table.checks.extend(checks::against_text(&table, targets));
        }
        for failed in table.checks.iter().filter(|c| !c.holds) {
            warnings.push(format!(
                "table {number} ({}): {} does not hold: expected {}, found {} (cells {:?})",
                table.title.as_deref().unwrap_or("untitled"),
                failed.description,
                failed.expected,
                failed.found,
                failed.cells
            ));
        }
        tables.push(table);
    }
    (tables, warnings)
}

/// The caption above the table that starts at paragraph `start`: the
/// paragraph before it, past notes in parentheses ("(Kèm theo Kế hoạch số
/// ...)", "(Đơn vị tính: hộ)").
fn caption(doc: &Document, start: usize) -> Option<String> {
    (0..start)
        .rev()
        .take(CAPTION_LOOKBACK)
        .map(|t| doc.paragraph(t).trim())
        .find(|t| !(t.starts_with('(') && t.ends_with(')')))
        .filter(|t| !t.is_empty() && t.chars().count() <= 200 && !t.ends_with(['.', ';']))
        .map(str::to_string)
}

/// Paragraphs looked at above a table for its caption: the caption, and
/// notes between it and the table.
const CAPTION_LOOKBACK: usize = 3;

fn typed(grid: Grid, title: Option<String>, layout: &str, location: Location) -> Table {
    let columns = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    let rates: Vec<bool> = (0..columns)
        .map(|c| is_rate_column(&grid.rows, c))
        .collect();
    let rows = grid
        .rows
        .iter()
        .enumerate()
        .map(|(r, cells)| TableRow {
            values: cells
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    number::parse(
                        cell,
                        if rates[c] {
                            Quantity::Rate
                        } else {
                            Quantity::Count
                        },
                    )
                })
                .collect(),
            cells: cells.clone(),
            total: grid.total == Some(r),
        })
        .collect();
    Table {
        title,
        columns,
        header: grid.header,
        rows,
        checks: Vec::new(),
        layout: layout.to_string(),
        location,
    }
}

/// A column of rates: its numbers carry a decimal part ("5.13", "0.00"), not
/// a thousands group ("2,737").
pub fn is_rate_column(rows: &[Vec<String>], column: usize) -> bool {
    let cells: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.get(column))
        .map(|c| c.trim())
        .filter(|c| c.chars().any(|ch| ch.is_ascii_digit()))
        .collect();
    !cells.is_empty()
        && cells.iter().any(|c| c.contains(['.', ',']))
        && cells.iter().all(|c| match c.rfind(['.', ',']) {
            Some(p) => c.len() - p - 1 != 3 || c.starts_with("0"),
            None => true,
        })
}
