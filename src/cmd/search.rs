//! `vnplan search QUERY [filters] [--data DIR] [--limit N] [--format table|json|ndjson]`:
//! full-text search over every ingested plan's passages. Results are grouped by
//! plan, with locality, year, section and a snippet whose matches are marked.
//! "du an 5" finds what "Dự án 5" finds; a project named in words also finds
//! the passages tagged with it.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;
use vnplan::index::search::{search, Filters, Hit, SearchError};
use vnplan::index::PlanIndex;
use vnplan::model::ProjectKey;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// Words, "quoted phrases", AND/OR/NOT; empty to list by filters only.
    #[arg(default_value = "")]
    query: String,
    #[command(flatten)]
    data: DataDir,
    /// Only plans of this locality ("Kông Chro").
    #[arg(long)]
    locality: Option<String>,
    /// Only plans of this province ("Gia Lai").
    #[arg(long)]
    province: Option<String>,
    /// province, district or commune.
    #[arg(long)]
    level: Option<String>,
    /// A year (2024) or an inclusive range (2023..2025).
    #[arg(long)]
    year: Option<String>,
    /// Section kind: purpose, objectives, tasks, organization, ...
    #[arg(long)]
    kind: Option<String>,
    /// A programme project, "5", or a sub-project, "3.1".
    #[arg(long)]
    project: Option<String>,
    /// Passages citing this document number ("90/QĐ-TTg").
    #[arg(long)]
    cites: Option<String>,
    /// Passages to return at most.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Json,
    Ndjson,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let filters = Filters {
        locality: args.locality,
        province: args.province,
        level: args.level,
        years: args.year.as_deref().map(parse_years).transpose()?,
        kind: args.kind,
        project: args.project.as_deref().map(parse_project).transpose()?,
        cites: args.cites,
    };
    let index = PlanIndex::open(&args.data.dir)?;
    let hits = match search(&index, &args.query, &filters, args.limit) {
        Ok(hits) => hits,
        Err(err @ (SearchError::Syntax { .. } | SearchError::Parser(_))) => {
            eprintln!("vnplan search: {err}");
            return Ok(ExitCode::from(2));
        }
        Err(err) => return Err(err.into()),
    };
    if hits.is_empty() {
        println!(
            "No passage matches {:?}{}.",
            args.query,
            if args.query.is_empty() {
                " with these filters"
            } else {
                ""
            }
        );
        return Ok(ExitCode::from(1));
    }
    match args.format {
        Format::Table => print_table(&hits),
        Format::Json => println!("{}", serde_json::to_string_pretty(&grouped(&hits))?),
        Format::Ndjson => {
            for hit in &hits {
                println!("{}", serde_json::to_string(&hit_json(hit))?);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "2024" or "2023..2025".
fn parse_years(text: &str) -> Result<(i32, i32)> {
    let bad =
        || anyhow::anyhow!("--year takes a year (2024) or a range (2023..2025), not {text:?}");
    match text.split_once("..") {
        Some((a, b)) => Ok((
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        )),
        None => text.trim().parse().map(|y| (y, y)).map_err(|_| bad()),
    }
}

/// "5" or "3.1".
fn parse_project(text: &str) -> Result<ProjectKey> {
    let bad =
        || anyhow::anyhow!("--project takes a project (5) or a sub-project (3.1), not {text:?}");
    let (p, s) = text
        .split_once('.')
        .map_or((text, None), |(p, s)| (p, Some(s)));
    let project: u8 = p.trim().parse().map_err(|_| bad())?;
    let subproject = s
        .map(|s| s.trim().parse::<u8>().map_err(|_| bad()))
        .transpose()?;
    Ok(ProjectKey {
        programme: vnplan::extract::programmes::ALL[0].code.to_string(),
        project,
        subproject,
    })
}

fn hit_json(hit: &Hit) -> serde_json::Value {
    let mut value = serde_json::to_value(hit).expect("hit serialises");
    value["snippet_marked"] = json!(hit.snippet.marked("<mark>", "</mark>"));
    value
}

/// Hits grouped by plan, plans in the order of their best passage.
fn grouped(hits: &[Hit]) -> Vec<serde_json::Value> {
    let mut order: Vec<&str> = Vec::new();
    for h in hits {
        if !order.contains(&h.plan_id.as_str()) {
            order.push(&h.plan_id);
        }
    }
    order
        .into_iter()
        .map(|plan| {
            let mine: Vec<&Hit> = hits.iter().filter(|h| h.plan_id == plan).collect();
            let first = mine[0];
            json!({
                "plan_id": plan,
                "source_path": first.source_path,
                "locality": first.locality,
                "level": first.level,
                "year": first.year,
                "passages": mine.iter().map(|h| hit_json(h)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn print_table(hits: &[Hit]) {
    let (bold, plain) = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    for plan in grouped(hits) {
        println!(
            "{} {} ({}, {}) [{}]",
            plan["source_path"].as_str().unwrap_or_default(),
            plan["locality"].as_str().unwrap_or("?"),
            plan["level"].as_str().unwrap_or("?"),
            plan["year"]
                .as_i64()
                .map_or("?".to_string(), |y| y.to_string()),
            plan["plan_id"].as_str().unwrap_or_default(),
        );
        for h in hits
            .iter()
            .filter(|h| plan["plan_id"] == h.plan_id.as_str())
        {
            println!("  {:.2}  {}  {}", h.score, h.section_path, h.heading);
            println!(
                "        {}",
                h.snippet.marked(bold, plain).replace('\n', " ")
            );
        }
    }
}
