//! `vnplan compare [--indicator CODE]... [--province P] [--level L] [--year Y]
//! [--programme P] [--by indicator|year] [--format table|csv|json] [--excel-vi] [--chart FILE.svg]
//! [--png FILE.png] [--cascade]`: targets across localities, a line per
//! locality and a column per indicator (or indicator and year) in one unit;
//! optionally a bar chart of one column. With `--cascade`, the targets plans
//! set for localities below them beside the localities' own.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use vnplan::compare::{
    cascade, chart, format, grid, hierarchy, programme_codes, rows, Filter, Row,
};
use vnplan::model::Plan;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
    /// Indicator code (GUIDE.md): poverty_rate, housing_support, ...; repeat for several.
    #[arg(long)]
    indicator: Vec<String>,
    /// Localities of this province (or the province itself).
    #[arg(long)]
    province: Option<String>,
    /// province, district or commune: the level of the locality a target is for.
    #[arg(long)]
    level: Option<String>,
    /// The year the target is for.
    #[arg(long)]
    year: Option<i32>,
    /// Plans of a national programme, by family (poverty, new-rural,
    /// ethnic-minority, drug-prevention, culture) or code (poverty-2021-2025).
    #[arg(long)]
    programme: Option<String>,
    /// Columns: one per indicator (a locality's latest year), or per indicator and year.
    #[arg(long, value_enum, default_value_t = By::Indicator)]
    by: By,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// CSV as a Vietnamese-locale Excel opens it: `;` separator, decimal comma, BOM.
    #[arg(long)]
    excel_vi: bool,
    /// Writes a bar chart of the fullest column as SVG.
    #[arg(long)]
    chart: Option<PathBuf>,
    /// Writes the same chart as PNG.
    #[arg(long)]
    png: Option<PathBuf>,
    /// Instead of the grid: each target a plan sets for a locality below it,
    /// beside the locality's own target for it and the difference.
    #[arg(long, conflicts_with_all = ["by", "chart", "png"])]
    cascade: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum By {
    Indicator,
    Year,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let programmes = match args.programme.as_deref().map(programme_codes) {
        None => Vec::new(),
        Some(Ok(codes)) => codes,
        Some(Err(message)) => {
            eprintln!("vnplan compare: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    let filter = Filter {
        province: args.province.clone(),
        level: args.level.clone(),
        year: args.year,
        indicators: args.indicator.clone(),
        programmes,
    };
    let plans: Vec<Plan> = super::read_plans(&args.data.dir)?.collect::<Result<_>>()?;
    if args.cascade {
        return cascade(&plans, &filter, &args);
    }
    let kept: Vec<Row> = plans
        .iter()
        .flat_map(rows)
        .filter(|r| filter.keeps(r))
        .collect();
    let layout = match args.by {
        By::Indicator => grid::Layout::ByIndicator,
        By::Year => grid::Layout::ByYear,
    };
    let grid = grid::grid(&kept, layout);
    if grid.is_empty() {
        return super::no_target_matches(
            "compare",
            matches!(args.format, Format::Json).then_some(&grid),
        );
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Table => writeln!(out, "{}", format::table(&grid))?,
        Format::Csv => out.write_all(&format::csv(&grid, args.excel_vi)?)?,
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&grid)?)?,
    }
    if args.chart.is_some() || args.png.is_some() {
        let column = grid
            .fullest_column()
            .expect("a grid with lines has columns");
        let chart = chart::of_column(&grid, column);
        let svg = chart::svg(&chart);
        if let Some(path) = &args.chart {
            std::fs::write(path, &svg).with_context(|| path.display().to_string())?;
            eprintln!(
                "chart of {}: {}",
                grid.columns[column].header(),
                path.display()
            );
        }
        if let Some(path) = &args.png {
            std::fs::write(path, chart::png(&svg)?).with_context(|| path.display().to_string())?;
            eprintln!(
                "chart of {}: {}",
                grid.columns[column].header(),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cascade(plans: &[Plan], filter: &Filter, args: &Args) -> Result<ExitCode> {
    let steps = cascade::cascade(plans, &hierarchy::hierarchy(plans), filter);
    if steps.is_empty() {
        println!("No plan sets a target for a locality below it.");
        return Ok(ExitCode::from(1));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Table => writeln!(out, "{}", format::cascade_table(&steps))?,
        Format::Csv => out.write_all(&format::cascade_csv(&steps, args.excel_vi)?)?,
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&steps)?)?,
    }
    Ok(ExitCode::SUCCESS)
}
