//! `vnplan targets [--data DIR] [--indicator CODE] [--year Y] [--level L] [--province P] [--format table|csv|json]`:
//! every target of every ingested document, one row per document and target, sorted
//! for comparison (by indicator, then value). CSV is UTF-8 with a BOM so
//! Excel opens Vietnamese correctly.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use vnplan::index::identity::document_key;
use vnplan::report::targets::{target_rows, TargetRow};
use vnplan::vi::key::fold;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
    /// Indicator code (GUIDE.md): poverty_rate, housing_support, ...
    #[arg(long)]
    indicator: Option<String>,
    /// The year the target is for.
    #[arg(long)]
    year: Option<i32>,
    /// province, district or commune.
    #[arg(long)]
    level: Option<String>,
    /// Plans of this province (or the province itself).
    #[arg(long)]
    province: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    // One file per document (a .doc and its PDF are one plan's targets):
    // the one with the most targets read, the first by plan id among equals.
    let mut by_document: HashMap<u64, Vec<TargetRow>> = HashMap::new();
    for plan in super::read_plans(&args.data.dir)? {
        let plan = plan?;
        let rows = target_rows(&plan);
        let kept = by_document.entry(document_key(&plan)).or_default();
        if rows.len() > kept.len() {
            *kept = rows;
        }
    }
    let mut rows: Vec<TargetRow> = by_document.into_values().flatten().collect();
    rows.retain(|r| {
        args.indicator.as_ref().is_none_or(|i| &r.indicator == i)
            && args.year.is_none_or(|y| r.year == Some(y))
            && args
                .level
                .as_ref()
                .is_none_or(|l| r.level.as_ref() == Some(l))
            && args
                .province
                .as_ref()
                .is_none_or(|p| r.province.as_deref().map(fold) == Some(fold(p)))
    });
    rows.sort_by(|a, b| {
        a.indicator
            .cmp(&b.indicator)
            .then(a.value.total_cmp(&b.value))
            .then(a.locality.cmp(&b.locality))
            .then(a.plan_id.cmp(&b.plan_id))
    });
    if rows.is_empty() {
        return super::no_target_matches(
            "targets",
            matches!(args.format, Format::Json).then_some(&rows),
        );
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
        Format::Csv => {
            out.write_all("\u{feff}".as_bytes())?;
            let mut csv = csv::Writer::from_writer(out);
            for row in &rows {
                csv.serialize(row)?;
            }
            csv.flush()?;
        }
        Format::Table => {
            let mut table = Table::new();
            table
                .load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic);
            table.set_header([
                "locality",
                "level",
                "parent",
                "year",
                "indicator",
                "cmp",
                "value",
                "unit",
                "baseline",
                "from",
                "quote",
            ]);
            for r in &rows {
                table.add_row([
                    r.locality.clone().unwrap_or_default(),
                    r.level.clone().unwrap_or_default(),
                    r.parent.clone().unwrap_or_default(),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.indicator.clone(),
                    r.comparator.clone(),
                    r.value.to_string(),
                    r.unit.clone(),
                    r.baseline.map(|b| b.to_string()).unwrap_or_default(),
                    r.origin.clone(),
                    r.quote.chars().take(60).collect(),
                ]);
            }
            writeln!(out, "{table}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
