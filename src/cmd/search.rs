//! `vnplan search QUERY [filters] [--data DIR] [--limit N] [--offset N]
//! [--per-plan K] [--facets] [--format table|json|ndjson] [--color auto|always|never]`:
//! full-text search over every ingested plan's passages.
//!
//! `table` and `json` give plans, best first, each with its best passages;
//! `ndjson` gives passages, best first, one per line. Conventions follow
//! ripgrep's: results on stdout, messages on stderr; `--format json` always
//! prints JSON (`[]` when nothing matches); exit 0 when something matched, 1
//! when nothing did, 2 on an error; a closed pipe ends the output quietly;
//! `NO_COLOR` and output that is not a terminal get no escape codes.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;
use vnplan::index::search::{self, Filters, Hit, PlanHit, ProjectNumber, Request, SearchError};
use vnplan::index::PlanIndex;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// Words, "quoted phrases", AND/OR/NOT, (groups); empty to list by filters only.
    #[arg(default_value = "")]
    query: String,
    #[command(flatten)]
    data: DataDir,
    /// Only plans of this locality ("Kông Chro", "kong chro").
    #[arg(long)]
    locality: Option<String>,
    /// Only plans of this province ("Gia Lai").
    #[arg(long)]
    province: Option<String>,
    /// central, province, district or commune.
    #[arg(long)]
    level: Option<String>,
    /// A year (2024) or an inclusive range (2023..2025).
    #[arg(long)]
    year: Option<String>,
    /// Section kind: purpose, objectives, tasks, organization, ..., or a part:
    /// title, preamble, closing, annex, table, footnotes.
    #[arg(long)]
    kind: Option<String>,
    /// Document kind: "Kế hoạch", "Quyết định", "Công văn" (diacritics optional).
    #[arg(long)]
    doc_type: Option<String>,
    /// A national programme, by family (poverty, new-rural, ethnic-minority,
    /// drug-prevention, culture) or code (poverty-2021-2025): only passages
    /// about it; project numbers then mean its projects.
    #[arg(long)]
    programme: Option<String>,
    /// A project, "5", or a sub-project, "3.2": the poverty programme's
    /// unless --programme names another.
    #[arg(long, value_parser = parse_project)]
    project: Option<ProjectNumber>,
    /// Passages citing this document number ("90/QĐ-TTg").
    #[arg(long)]
    cites: Option<String>,
    /// Plans to show (passages with --format ndjson).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Plans (passages with --format ndjson) to skip: the page's start.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Passages shown per plan.
    #[arg(long, default_value_t = 3)]
    per_plan: usize,
    /// Also count the matching plans by programme, project, kind, place and
    /// year (with --format json the output is then an object: plans, facets).
    #[arg(long)]
    facets: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
    Ndjson,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_project(text: &str) -> Result<ProjectNumber, String> {
    text.parse()
}

pub fn run(args: Args) -> Result<ExitCode> {
    let years = match args.year.as_deref().map(parse_years).transpose() {
        Ok(years) => years,
        Err(message) => return Ok(fail(&message)),
    };
    let request = Request {
        query: args.query.clone(),
        filters: Filters {
            locality: args.locality.clone(),
            province: args.province.clone(),
            level: args.level.clone(),
            years,
            kind: args.kind.clone(),
            doc_type: args.doc_type.clone(),
            programme: args.programme.clone(),
            project: args.project,
            cites: args.cites.clone(),
        },
        offset: args.offset,
        limit: args.limit,
        per_plan: args.per_plan,
        facets: args.facets && args.format != Format::Ndjson,
    };
    let index = PlanIndex::open(&args.data.dir)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let found = if args.format == Format::Ndjson {
        let found = search::passages(&index, &request);
        let found = match found {
            Ok(found) => found,
            Err(err) => return Ok(search_failed(&args.query, err)),
        };
        for hit in &found.hits {
            writeln!(out, "{}", serde_json::to_string(&hit_json(hit))?)?;
        }
        !found.hits.is_empty()
    } else {
        let found = match search::plans(&index, &request) {
            Ok(found) => found,
            Err(err) => return Ok(search_failed(&args.query, err)),
        };
        if args.format == Format::Json {
            let plans: Vec<serde_json::Value> = found.plans.iter().map(plan_json).collect();
            let value = match &found.facets {
                Some(facets) => json!({"plans": plans, "more": found.more, "facets": facets}),
                None => json!(plans),
            };
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        } else {
            let (open, close) = marks(args.color);
            print_table(&mut out, &found.plans, open, close)?;
            if let Some(facets) = &found.facets {
                print_facets(&mut out, facets)?;
            }
        }
        !found.plans.is_empty()
    };
    out.flush()?;
    if !found {
        eprintln!(
            "vnplan search: no passage matches {:?}{}",
            args.query,
            if args.query.trim().is_empty() {
                " with these filters"
            } else {
                ""
            }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("vnplan search: {message}");
    ExitCode::from(2)
}

/// A query or filter the search refused, said in plain words; a syntax
/// error also shows the query with a mark under the character at fault.
fn search_failed(query: &str, err: SearchError) -> ExitCode {
    match err {
        SearchError::Syntax(e) => {
            let under: String = query
                .chars()
                .take(e.position.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            fail(&format!("{e}\n  {query}\n  {under}^"))
        }
        other => fail(&other.to_string()),
    }
}

/// "2024" or "2023..2025".
fn parse_years(text: &str) -> Result<(i32, i32), String> {
    let bad = || format!("--year takes a year (2024) or a range (2023..2025), not {text:?}");
    let year = |t: &str| t.trim().parse::<i32>().map_err(|_| bad());
    match text.split_once("..") {
        Some((a, b)) => Ok((year(a)?, year(b)?)),
        None => year(text).map(|y| (y, y)),
    }
}

/// Escape codes for a terminal that wants them, plain marks otherwise.
fn marks(color: Color) -> (&'static str, &'static str) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colored = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => !no_color && std::io::stdout().is_terminal(),
    };
    if colored {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("**", "**")
    }
}

fn hit_json(hit: &Hit) -> serde_json::Value {
    let mut value = serde_json::to_value(hit).expect("a hit serialises");
    value["snippet_marked"] = json!(hit.snippet.marked("<mark>", "</mark>"));
    value
}

fn plan_json(plan: &PlanHit) -> serde_json::Value {
    let mut value = serde_json::to_value(plan).expect("a plan hit serialises");
    value["passages"] = json!(plan.passages.iter().map(hit_json).collect::<Vec<_>>());
    value
}

fn print_table(out: &mut impl Write, plans: &[PlanHit], open: &str, close: &str) -> Result<()> {
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    for plan in plans {
        writeln!(
            out,
            "{} {} ({}, {}) {} [{}]",
            plan.source_path,
            or_unknown(&plan.locality),
            or_unknown(&plan.level),
            plan.year.map_or("?".to_string(), |y| y.to_string()),
            plan.doc_number.as_deref().unwrap_or(""),
            plan.plan_id,
        )?;
        for other in plan.sources.iter().filter(|s| s.plan_id != plan.plan_id) {
            writeln!(out, "  also {} [{}]", other.source_path, other.plan_id)?;
        }
        for h in &plan.passages {
            let projects: Vec<String> = h.projects.iter().map(|p| p.number.clone()).collect();
            let about = match (h.programmes.first(), projects.is_empty()) {
                (Some(p), false) => format!("  ({p}: {})", projects.join(", ")),
                (Some(p), true) => format!("  ({p})"),
                (None, _) => String::new(),
            };
            let place = if h.section_path.is_empty() {
                h.part.clone()
            } else {
                format!("{} {}", h.section_path, h.heading)
            };
            writeln!(out, "  {:.2}  {place}{about}", h.score)?;
            writeln!(
                out,
                "        {}",
                h.snippet.marked(open, close).replace('\n', " ")
            )?;
        }
    }
    Ok(())
}

fn print_facets(out: &mut impl Write, facets: &vnplan::index::facets::Facets) -> Result<()> {
    writeln!(
        out,
        "\n{} passages in {} plans",
        facets.passages, facets.plans
    )?;
    let line = |name: &str, counts: &[vnplan::index::facets::Count]| {
        let shown: Vec<String> = counts
            .iter()
            .take(12)
            .map(|c| format!("{} ({})", c.value, c.plans))
            .collect();
        format!("{name:<11} {}", shown.join(", "))
    };
    let projects: Vec<vnplan::index::facets::Count> = facets
        .projects
        .iter()
        .map(|p| vnplan::index::facets::Count {
            value: format!("{} {}", p.programme, p.number),
            plans: p.plans,
        })
        .collect();
    for (name, counts) in [
        ("programmes", &facets.programmes),
        ("projects", &projects),
        ("kinds", &facets.kinds),
        ("documents", &facets.doc_types),
        ("levels", &facets.levels),
        ("provinces", &facets.provinces),
        ("localities", &facets.localities),
        ("years", &facets.years),
    ] {
        if !counts.is_empty() {
            writeln!(out, "{}", line(name, counts))?;
        }
    }
    Ok(())
}
