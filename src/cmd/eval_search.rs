//! `vnplan eval-search --queries PATH [--data DIR] [--json] [--misses]`: runs
//! judged queries (a JSON file, or a folder of them: `fixtures/queries/`)
//! against an ingested data directory and reports recall@10, MRR and
//! nDCG@10 as trec_eval defines them, for passages and for plans.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use vnplan::eval::search::{evaluate, render, QuerySet};
use vnplan::index::PlanIndex;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// A query set (JSON), or a folder of them.
    #[arg(long)]
    queries: PathBuf,
    #[command(flatten)]
    data: DataDir,
    /// Print the whole report, every query's scores and misses, as JSON.
    #[arg(long)]
    json: bool,
    /// List every query below a perfect score and the judged passages it missed.
    #[arg(long)]
    misses: bool,
}

fn query_sets(path: &Path) -> Result<QuerySet> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("{}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut all = QuerySet {
        about: String::new(),
        queries: Vec::new(),
    };
    for file in files {
        let set: QuerySet = serde_json::from_slice(
            &std::fs::read(&file).with_context(|| format!("{}", file.display()))?,
        )
        .with_context(|| format!("{}: not a query set", file.display()))?;
        all.queries.extend(set.queries);
    }
    Ok(all)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let set = query_sets(&args.queries)?;
    let plans = super::read_plans(&args.data.dir)?.collect::<Result<Vec<_>>>()?;
    let index = PlanIndex::open(&args.data.dir)?;
    let report = evaluate(&index, &plans, &set)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{}", render(&report, args.misses))?;
    }
    Ok(ExitCode::SUCCESS)
}
