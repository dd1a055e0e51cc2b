//! Rows laid out for reading across: one line per locality, one column per
//! indicator (or per indicator and year), each column in one unit. Targets
//! of one indicator in different units ("hộ" and "%") are different columns,
//! never one sorted together.

use serde::Serialize;

use super::{unit_label, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A column for each indicator, unit and year.
    ByYear,
    /// A column for each indicator and unit; a locality's latest year fills it.
    ByIndicator,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Column {
    pub indicator: String,
    /// The normalised unit, "/năm" for a yearly rate.
    pub unit: String,
    /// For [`Layout::ByYear`].
    pub year: Option<i32>,
}

impl Column {
    pub fn header(&self) -> String {
        match self.year {
            Some(year) => format!("{} {year} ({})", self.indicator, self.unit),
            None => format!("{} ({})", self.indicator, self.unit),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub value: f64,
    pub comparator: String,
    pub year: Option<i32>,
    pub measure: String,
    /// The plan that sets it.
    pub plan: String,
    pub plan_id: String,
    pub quote: String,
    /// Other targets of the same locality that fell in the cell (other
    /// measures of one indicator): the first in the plan is shown.
    pub others: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub locality: String,
    pub code: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
    pub cells: Vec<Option<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub lines: Vec<Line>,
}

impl Grid {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The index of the column with the most values.
    pub fn fullest_column(&self) -> Option<usize> {
        (0..self.columns.len()).max_by_key(|&c| {
            (
                self.lines.iter().filter(|l| l.cells[c].is_some()).count(),
                std::cmp::Reverse(c),
            )
        })
    }
}

fn column(row: &Row, layout: Layout) -> Column {
    Column {
        indicator: row.indicator.clone(),
        unit: unit_label(&row.unit, row.per_year),
        year: match layout {
            Layout::ByYear => row.year,
            Layout::ByIndicator => None,
        },
    }
}

/// The locality a row is for: its code, else its name as written.
fn key(row: &Row) -> String {
    row.code.clone().unwrap_or_else(|| row.locality.clone())
}

/// The grid of `rows`. Lines are sorted by the first column's value, highest
/// first, when there is one column; by province and locality otherwise.
pub fn grid(rows: &[Row], layout: Layout) -> Grid {
    let mut columns: Vec<Column> = rows.iter().map(|r| column(r, layout)).collect();
    columns.sort();
    columns.dedup();
    let mut lines: Vec<Line> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for row in rows {
        let at = match keys.iter().position(|k| *k == key(row)) {
            Some(at) => at,
            None => {
                keys.push(key(row));
                lines.push(Line {
                    locality: row.locality.clone(),
                    code: row.code.clone(),
                    level: row.level.clone(),
                    province: row.province.clone(),
                    cells: vec![None; columns.len()],
                });
                lines.len() - 1
            }
        };
        let c = columns
            .binary_search(&column(row, layout))
            .expect("every row's column is a column");
        let cell = &mut lines[at].cells[c];
        match cell {
            // A later year fills a by-indicator column.
            Some(old) if layout == Layout::ByIndicator && row.year > old.year => {
                *cell = Some(new_cell(row, old.others + 1));
            }
            Some(old) => old.others += 1,
            None => *cell = Some(new_cell(row, 0)),
        }
    }
    if columns.len() == 1 {
        lines.sort_by(|a, b| {
            let value = |l: &Line| l.cells[0].as_ref().map_or(f64::MIN, |c| c.value);
            value(b)
                .total_cmp(&value(a))
                .then(a.locality.cmp(&b.locality))
        });
    } else {
        lines.sort_by(|a, b| (&a.province, &a.locality).cmp(&(&b.province, &b.locality)));
    }
    Grid { columns, lines }
}

fn new_cell(row: &Row, others: usize) -> Cell {
    Cell {
        value: row.value,
        comparator: row.comparator.clone(),
        year: row.year,
        measure: row.measure.clone(),
        plan: row.plan.clone(),
        plan_id: row.plan_id.clone(),
        quote: row.quote.clone(),
        others,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub fn row(locality: &str, indicator: &str, value: f64, unit: &str, year: i32) -> Row {
        Row {
            locality: locality.into(),
            code: None,
            level: Some("district".into()),
            province: Some("Gia Lai".into()),
            year: Some(year),
            indicator: indicator.into(),
            measure: "tỷ lệ hộ nghèo".into(),
            comparator: "=".into(),
            value,
            unit: unit.into(),
            per_year: false,
            plan_id: format!("id-{locality}"),
            plan: format!("1/KH-UBND {locality}"),
            programmes: vec!["poverty-2021-2025".into()],
            quote: String::new(),
        }
    }

    #[test]
    fn units_are_never_mixed_in_a_column() {
        let rows = [
            row("huyện A", "near_poor_reduction", 45.0, "hộ", 2024),
            row("huyện B", "near_poor_reduction", 2.0, "%", 2024),
        ];
        let grid = grid(&rows, Layout::ByIndicator);
        let units: Vec<&str> = grid.columns.iter().map(|c| c.unit.as_str()).collect();
        assert_eq!(units, ["%", "hộ"]);
        assert!(grid
            .lines
            .iter()
            .all(|l| l.cells.iter().flatten().count() == 1));
    }

    #[test]
    fn one_column_sorts_highest_first_and_years_make_columns() {
        let rows = [
            row("huyện A", "poverty_rate", 3.0, "%", 2024),
            row("huyện B", "poverty_rate", 9.5, "%", 2024),
            row("huyện A", "poverty_rate", 2.5, "%", 2025),
        ];
        let by_indicator = grid(&rows, Layout::ByIndicator);
        assert_eq!(by_indicator.columns.len(), 1);
        assert_eq!(by_indicator.lines[0].locality, "huyện B");
        let latest = by_indicator.lines[1].cells[0].as_ref().unwrap();
        assert_eq!((latest.value, latest.year), (2.5, Some(2025)));
        let by_year = grid(&rows, Layout::ByYear);
        let years: Vec<Option<i32>> = by_year.columns.iter().map(|c| c.year).collect();
        assert_eq!(years, [Some(2024), Some(2025)]);
        assert_eq!(by_year.lines.len(), 2);
    }
}
