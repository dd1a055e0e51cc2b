//! A grid as text: a table for the terminal, CSV for spreadsheets. With the
//! Vietnamese convention (`vi`), CSV is what a Vietnamese-locale Excel
//! opens with a double click: `;` between fields, a decimal comma, and a
//! UTF-8 byte-order mark so that the letters come out right.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use super::cascade::Step;
use super::grid::{Cell, Grid};

/// A number as a reader writes it: no trailing zeros, at most 4 decimals.
pub fn number(value: f64, decimal_comma: bool) -> String {
    let mut text = format!("{value:.4}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if decimal_comma {
        text = text.replace('.', ",");
    }
    text
}

fn cell_text(cell: &Cell, decimal_comma: bool) -> String {
    let comparator = match cell.comparator.as_str() {
        "=" => "",
        other => other,
    };
    let more = match cell.others {
        0 => String::new(),
        n => format!(" (+{n})"),
    };
    format!("{comparator}{}{more}", number(cell.value, decimal_comma))
}

/// A CSV writer into memory, in the Vietnamese convention when `vi`.
fn csv_writer(vi: bool) -> csv::Writer<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    if vi {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    csv::WriterBuilder::new()
        .delimiter(if vi { b';' } else { b',' })
        .from_writer(out)
}

const FIXED: [&str; 3] = ["locality", "level", "province"];

pub fn table(grid: &Grid) -> String {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    let mut header: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    header.extend(grid.columns.iter().map(|c| c.header()));
    header.push("plans".into());
    table.set_header(header);
    for line in &grid.lines {
        let mut cells = vec![
            line.locality.clone(),
            line.level.clone().unwrap_or_default(),
            line.province.clone().unwrap_or_default(),
        ];
        cells.extend(
            line.cells
                .iter()
                .map(|c| c.as_ref().map(|c| cell_text(c, false)).unwrap_or_default()),
        );
        cells.push(plans(line.cells.iter().flatten()));
        table.add_row(cells);
    }
    table.to_string()
}

/// The plans a line's cells come from, each once.
fn plans<'a>(cells: impl Iterator<Item = &'a Cell>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for cell in cells {
        if !names.contains(&cell.plan.as_str()) {
            names.push(&cell.plan);
        }
    }
    names.join(", ")
}

/// The grid as CSV: a locality per record, a value column per grid column
/// and the plan each value is from beside it.
pub fn csv(grid: &Grid, vi: bool) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv_writer(vi);
    let mut header: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    header.push("code".into());
    for column in &grid.columns {
        header.push(column.header());
        header.push(format!("{} plan", column.header()));
    }
    writer.write_record(&header)?;
    for line in &grid.lines {
        let mut record = vec![
            line.locality.clone(),
            line.level.clone().unwrap_or_default(),
            line.province.clone().unwrap_or_default(),
            line.code.clone().unwrap_or_default(),
        ];
        for cell in &line.cells {
            match cell {
                Some(cell) => {
                    record.push(cell_text(cell, vi));
                    record.push(cell.plan.clone());
                }
                None => record.extend([String::new(), String::new()]),
            }
        }
        writer.write_record(&record)?;
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}

const CASCADE: [&str; 9] = [
    "locality",
    "indicator",
    "year",
    "unit",
    "set by",
    "set",
    "own plan",
    "own",
    "difference",
];

fn with_comparator(comparator: &str, value: f64, decimal_comma: bool) -> String {
    match comparator {
        "=" => number(value, decimal_comma),
        other => format!("{other}{}", number(value, decimal_comma)),
    }
}

fn step_record(step: &Step, decimal_comma: bool) -> Vec<String> {
    vec![
        step.locality.clone(),
        step.indicator.clone(),
        step.year.map(|y| y.to_string()).unwrap_or_default(),
        step.unit.clone(),
        step.set_by.clone(),
        with_comparator(&step.set_comparator, step.set_value, decimal_comma),
        step.own_plan
            .clone()
            .unwrap_or_else(|| "(none here)".into()),
        match (&step.own_comparator, step.own_value) {
            (Some(c), Some(v)) => with_comparator(c, v, decimal_comma),
            _ => String::new(),
        },
        step.difference
            .map(|d| {
                let sign = if d > 0.0 { "+" } else { "" };
                format!("{sign}{}", number(d, decimal_comma))
            })
            .unwrap_or_default(),
    ]
}

/// The cascade as a table: a line per target a plan sets for a locality below it.
pub fn cascade_table(steps: &[Step]) -> String {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(CASCADE);
    for step in steps {
        table.add_row(step_record(step, false));
    }
    table.to_string()
}

pub fn cascade_csv(steps: &[Step], vi: bool) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv_writer(vi);
    writer.write_record(CASCADE)?;
    for step in steps {
        writer.write_record(step_record(step, vi))?;
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}

#[cfg(test)]
mod tests {
    use super::super::grid::{grid, tests::row, Layout};
    use super::*;

    #[test]
    fn numbers_drop_trailing_zeros_and_take_a_comma_in_vietnamese() {
        assert_eq!(number(20.28, false), "20.28");
        assert_eq!(number(20.28, true), "20,28");
        assert_eq!(number(5.0, true), "5");
        assert_eq!(number(3_230_000_000.0, true), "3230000000");
    }

    #[test]
    fn vietnamese_csv_has_a_bom_semicolons_and_decimal_commas() {
        let rows = [row("huyện A", "poverty_rate", 10.28, "%", 2024)];
        let bytes = csv(&grid(&rows, Layout::ByIndicator), true).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with("\u{feff}locality;level;province;code;"));
        assert_eq!(
            lines.next().unwrap(),
            "huyện A;district;Gia Lai;;10,28;1/KH-UBND huyện A"
        );
        let plain =
            String::from_utf8(csv(&grid(&rows, Layout::ByIndicator), false).unwrap()).unwrap();
        assert!(plain.starts_with("locality,"));
        assert!(plain.contains(",10.28,"));
    }
}
