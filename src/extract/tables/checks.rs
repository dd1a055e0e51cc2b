//! Arithmetic checks, found from the numbers themselves so they work whatever
//! the header says (or fails to say, in a linearised layout):
//! - sum: each count column's data rows add up to the total row;
//! - rate: a rate column equals count / base x 100 for the pair of count
//!   columns that explains most rows, to the column's rounding;
//! - derived: a count column equals an earlier one minus one and plus others
//!   between them (next year's poor = this year's - exits + re-entries + new);
//! - difference: a rate column equals one rate column minus another.
//!
//! A relation is kept when it explains most rows; every row is then checked
//! against it, so one wrong cell is one failing check that names the cells.
//!
//! A computed column's inputs are looked for among the [`INPUT_WINDOW`]
//! columns before it, and a candidate is dropped as soon as too many rows
//! miss it: the search then grows with the column count, not with its fourth
//! power (a 1,000-column table is checked in about a second).

use crate::budget;
use crate::model::{Table, TableCheck, Target};

/// Share of rows a relation must explain to be taken as the table's rule.
const MAJORITY: f64 = 0.75;

/// How many columns before a computed column its inputs may stand. A table's
/// computed columns sit in their group beside the columns they come from
/// (seed 000: next year's poor households, 12 columns after this year's).
pub const INPUT_WINDOW: usize = 24;

struct Columns<'a> {
    table: &'a Table,
    /// Value of a cell, "-" and blanks as 0.
    values: Vec<Vec<f64>>,
    counts: Vec<usize>,
    rates: Vec<usize>,
    /// Decimal places of each rate column.
    decimals: Vec<usize>,
}

impl<'a> Columns<'a> {
    fn of(table: &'a Table) -> Columns<'a> {
        let values: Vec<Vec<f64>> = table
            .rows
            .iter()
            .map(|r| {
                (0..table.columns)
                    .map(|c| r.values.get(c).copied().flatten().unwrap_or(0.0))
                    .collect()
            })
            .collect();
        let numeric = |c: usize| {
            table
                .rows
                .iter()
                .filter(|r| r.values.get(c).copied().flatten().is_some())
                .count()
                * 2
                > table.rows.len()
        };
        let decimals: Vec<usize> = (0..table.columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .filter_map(|r| r.cells.get(c))
                    .filter_map(|s| s.rfind(['.', ',']).map(|p| s.len() - p - 1))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let cells: Vec<Vec<String>> = table.rows.iter().map(|r| r.cells.clone()).collect();
        let is_rate = |c: usize| super::is_rate_column(&cells, c);
        let counts = (0..table.columns)
            .filter(|&c| numeric(c) && !is_rate(c))
            .collect();
        let rates = (0..table.columns)
            .filter(|&c| numeric(c) && is_rate(c))
            .collect();
        Columns {
            table,
            values,
            counts,
            rates,
            decimals,
        }
    }

    fn tolerance(&self, column: usize) -> f64 {
        0.5 * 10f64.powi(-(self.decimals[column] as i32)) + 1e-6
    }

    /// The columns of `of` within [`INPUT_WINDOW`] before `column`.
    fn inputs<'c>(&self, of: &'c [usize], column: usize) -> &'c [usize] {
        let from = of.partition_point(|&c| c + INPUT_WINDOW < column);
        let to = of.partition_point(|&c| c < column);
        &of[from..to]
    }

    fn row_count(&self) -> usize {
        self.table.rows.len()
    }

    /// How many rows `fits`, or None once so many have missed that a
    /// majority is out of reach.
    fn explained(&self, fits: impl Fn(usize) -> bool) -> Option<usize> {
        budget::check("tables");
        let rows = self.row_count();
        let allowed = rows - (MAJORITY * rows as f64).ceil() as usize;
        let mut missed = 0;
        for row in 0..rows {
            if !fits(row) {
                missed += 1;
                if missed > allowed {
                    return None;
                }
            }
        }
        Some(rows - missed)
    }
}

pub fn arithmetic(table: &Table) -> Vec<TableCheck> {
    let cols = Columns::of(table);
    let mut checks = Vec::new();
    sums(&cols, &mut checks);
    rates(&cols, &mut checks);
    derived(&cols, &mut checks);
    differences(&cols, &mut checks);
    checks
}

fn data_rows(table: &Table) -> Vec<usize> {
    (0..table.rows.len())
        .filter(|&r| !table.rows[r].total)
        .collect()
}

fn sums(cols: &Columns, out: &mut Vec<TableCheck>) {
    let Some(total) = cols.table.rows.iter().position(|r| r.total) else {
        return;
    };
    let rows = data_rows(cols.table);
    // A blank total cell (the row-number column) has nothing to check.
    for &c in cols
        .counts
        .iter()
        .filter(|&&c| !cols.table.rows[total].cells[c].trim().is_empty())
    {
        let expected: f64 = rows.iter().map(|&r| cols.values[r][c]).sum();
        let found = cols.values[total][c];
        let mut cells: Vec<[usize; 2]> = rows.iter().map(|&r| [r, c]).collect();
        cells.push([total, c]);
        out.push(TableCheck {
            kind: "sum".into(),
            description: format!("column {} sums to its total", c + 1),
            cells,
            expected,
            found,
            holds: (expected - found).abs() < 1e-6,
            indicator: None,
        });
    }
}

/// For each rate column, the (count, base) pair explaining most rows.
fn rates(cols: &Columns, out: &mut Vec<TableCheck>) {
    let rows: Vec<usize> = (0..cols.row_count()).collect();
    for &r in &cols.rates {
        let fits = |n: usize, d: usize, row: usize| {
            let (num, den, rate) = (
                cols.values[row][n],
                cols.values[row][d],
                cols.values[row][r],
            );
            if den == 0.0 {
                num == 0.0 && rate == 0.0
            } else {
                (100.0 * num / den - rate).abs() <= cols.tolerance(r)
            }
        };
        let informative = |n: usize, d: usize| {
            rows.iter()
                .any(|&row| cols.values[row][d] != 0.0 && cols.values[row][n] != 0.0)
        };
        let inputs = cols.inputs(&cols.counts, r);
        let best = inputs
            .iter()
            .flat_map(|&n| inputs.iter().map(move |&d| (n, d)))
            .filter(|&(n, d)| n != d && informative(n, d))
            .filter_map(|(n, d)| Some((cols.explained(|row| fits(n, d, row))?, n, d)))
            // Most rows explained; then the nearest columns.
            .max_by_key(|&(k, n, d)| (k, n + d));
        let Some((_, n, d)) = best else { continue };
        for &row in &rows {
            let den = cols.values[row][d];
            let expected = if den == 0.0 {
                0.0
            } else {
                100.0 * cols.values[row][n] / den
            };
            out.push(TableCheck {
                kind: "rate".into(),
                description: format!(
                    "row {} column {} = column {} / column {} x 100",
                    row + 1,
                    r + 1,
                    n + 1,
                    d + 1
                ),
                cells: vec![[row, n], [row, d], [row, r]],
                expected: round_to(expected, cols.decimals[r]),
                found: cols.values[row][r],
                holds: fits(n, d, row),
                indicator: None,
            });
        }
    }
}

/// A count column equal to an earlier count minus one and plus up to two
/// others between them, spaced evenly (the columns of a "changes" group).
fn derived(cols: &Columns, out: &mut Vec<TableCheck>) {
    let rows: Vec<usize> = (0..cols.row_count()).collect();
    let mut is_count = vec![false; cols.table.columns];
    for &c in &cols.counts {
        is_count[c] = true;
    }
    let moves: Vec<bool> = (0..cols.table.columns)
        .map(|c| rows.iter().any(|&row| cols.values[row][c] != 0.0))
        .collect();
    for &target in &cols.counts {
        let inputs = cols.inputs(&cols.counts, target);
        let mut best: Option<(usize, [usize; 2], Vec<usize>)> = None;
        for (i, &base) in inputs.iter().enumerate() {
            let differs = rows
                .iter()
                .any(|&row| cols.values[row][base] != cols.values[row][target]);
            if !differs {
                continue;
            }
            for &minus in inputs[i + 1..].iter().filter(|&&m| moves[m]) {
                for step in 1..=target - minus {
                    let plus: Vec<usize> = [minus + step, minus + 2 * step]
                        .into_iter()
                        .filter(|&c| c < target && is_count[c])
                        .collect();
                    let compute = |row: usize| {
                        cols.values[row][base] - cols.values[row][minus]
                            + plus.iter().map(|&p| cols.values[row][p]).sum::<f64>()
                    };
                    let Some(explained) = cols
                        .explained(|row| (compute(row) - cols.values[row][target]).abs() < 1e-6)
                    else {
                        continue;
                    };
                    // On a tie the fuller formula, then the wider step (a group's columns alternate).
                    if best.as_ref().is_none_or(|(k, _, p)| {
                        explained > *k || explained == *k && plus.len() >= p.len()
                    }) {
                        best = Some((explained, [base, minus], plus));
                    }
                }
            }
        }
        let Some((_, [base, minus], plus)) = best else {
            continue;
        };
        for &row in &rows {
            let expected = cols.values[row][base] - cols.values[row][minus]
                + plus.iter().map(|&p| cols.values[row][p]).sum::<f64>();
            let mut cells = vec![[row, base], [row, minus]];
            cells.extend(plus.iter().map(|&p| [row, p]));
            cells.push([row, target]);
            let plus_text: String = plus
                .iter()
                .map(|p| format!(" + column {}", p + 1))
                .collect();
            out.push(TableCheck {
                kind: "derived".into(),
                description: format!(
                    "row {} column {} = column {} - column {}{plus_text}",
                    row + 1,
                    target + 1,
                    base + 1,
                    minus + 1
                ),
                cells,
                expected,
                found: cols.values[row][target],
                holds: (expected - cols.values[row][target]).abs() < 1e-6,
                indicator: None,
            });
        }
    }
}

/// A rate column equal to the difference of two earlier rate columns.
fn differences(cols: &Columns, out: &mut Vec<TableCheck>) {
    let rows: Vec<usize> = (0..cols.row_count()).collect();
    for &r in &cols.rates {
        if rows.iter().all(|&row| cols.values[row][r] == 0.0) {
            continue;
        }
        let fits = |a: usize, b: usize, row: usize| {
            (cols.values[row][a] - cols.values[row][b] - cols.values[row][r]).abs()
                <= cols.tolerance(r)
        };
        let inputs = cols.inputs(&cols.rates, r);
        let best = inputs
            .iter()
            .flat_map(|&a| inputs.iter().map(move |&b| (a, b)))
            .filter(|&(a, b)| a != b)
            .filter_map(|(a, b)| Some((cols.explained(|row| fits(a, b, row))?, a, b)))
            .max_by_key(|&(k, a, b)| (k, std::cmp::Reverse(b - a.min(b))));
        let Some((_, a, b)) = best else { continue };
        for &row in &rows {
            out.push(TableCheck {
                kind: "difference".into(),
                description: format!(
                    "row {} column {} = column {} - column {}",
                    row + 1,
                    r + 1,
                    a + 1,
                    b + 1
                ),
                cells: vec![[row, a], [row, b], [row, r]],
                expected: round_to(cols.values[row][a] - cols.values[row][b], cols.decimals[r]),
                found: cols.values[row][r],
                holds: fits(a, b, row),
                indicator: None,
            });
        }
    }
}

fn round_to(value: f64, decimals: usize) -> f64 {
    let f = 10f64.powi(decimals as i32);
    (value * f).round() / f
}

/// Headline rate targets of the text against the table's total row: the
/// poverty rate and its reduction, when the table has a total row with rates.
pub fn against_text(table: &Table, targets: &[Target]) -> Vec<TableCheck> {
    let Some(total) = table.rows.iter().position(|r| r.total) else {
        return Vec::new();
    };
    let cols = Columns::of(table);
    let candidates: Vec<(usize, f64)> = cols
        .rates
        .iter()
        .map(|&c| (c, cols.values[total][c]))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    targets
        .iter()
        .filter(|t| {
            t.unit == "%"
                && matches!(
                    t.indicator.as_str(),
                    "poverty_rate" | "poverty_rate_reduction"
                )
        })
        .map(|t| {
            let nearest = candidates
                .iter()
                .min_by(|a, b| (a.1 - t.value).abs().total_cmp(&(b.1 - t.value).abs()))
                .copied()
                .unwrap();
            let holds = (nearest.1 - t.value).abs() <= cols.tolerance(nearest.0);
            TableCheck {
                kind: "text".into(),
                description: format!(
                    "the text's {} \"{}\" against the total row, column {}",
                    t.indicator,
                    t.quote,
                    nearest.0 + 1
                ),
                cells: vec![[total, nearest.0]],
                expected: t.value,
                found: nearest.1,
                holds,
                indicator: Some(t.indicator.clone()),
            }
        })
        .collect()
}
