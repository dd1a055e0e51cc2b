//! Subcommands. Each file opens with what its command does.

mod compact;
mod compare;
mod eval;
mod eval_search;
mod export;
mod failures;
mod ingest;
mod merge;
mod pdf_worker;
mod plans;
mod schema;
mod search;
mod serve;
mod show;
mod synth;
mod targets;
mod verify;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "vnplan",
    version,
    about = "Turns Vietnamese poverty-reduction plans into structured, searchable data"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads plans (files or folders) into the data directory: JSON, index, manifest.
    Ingest(ingest::Args),
    /// Watches drop folders and ingests each file once it has settled.
    Watch(watch::Args),
    /// Runs the pipeline on one file and prints its plan JSON.
    Show(show::Args),
    /// Full-text search over the ingested plans' passages.
    Search(search::Args),
    /// The web application and its JSON API over a data directory.
    Serve(serve::Args),
    /// Every numeric target of every ingested plan, one row each.
    Targets(targets::Args),
    /// Targets across localities: a line per locality, a column per indicator.
    Compare(compare::Args),
    /// The ingested plans, or with --tree the hierarchy their citations draw.
    Plans(plans::Args),
    /// Every passage as an Elasticsearch/OpenSearch bulk body.
    Export(export::Args),
    /// Joins the data directories of sharded ingests into one.
    Merge(merge::Args),
    /// Merges the index's segments into one per core, after a large ingest.
    Compact(compact::Args),
    /// Checks that manifest, plan JSON and index of a data directory agree.
    Verify(verify::Args),
    /// Every input whose last run failed, with the reason.
    Failures(failures::Args),
    #[command(hide = true)]
    Synth(synth::Args),
    #[command(hide = true)]
    PdfWorker(pdf_worker::Args),
    /// Scores plan JSON against gold annotations, field by field.
    Eval(eval::Args),
    /// Recall@10, MRR and nDCG@10 of judged queries over a data directory.
    EvalSearch(eval_search::Args),
    /// Prints the JSON Schema of the plan JSON.
    Schema(schema::Args),
}

// The data directory every command shares. A plain comment: clap would
// take a doc comment here as the about text of every command flattening it.
#[derive(clap::Args, Clone)]
pub struct DataDir {
    /// Data directory (plans/, index/); defaults to $VNPLAN_DATA, else ./vnplan-data.
    #[arg(
        long = "data",
        visible_alias = "out",
        env = "VNPLAN_DATA",
        default_value = "vnplan-data"
    )]
    pub dir: PathBuf,
}

/// Every plan JSON under `DIR/plans`, in file-name order, read lazily.
pub fn read_plans(
    dir: &std::path::Path,
) -> anyhow::Result<impl Iterator<Item = anyhow::Result<vnplan::model::Plan>>> {
    use anyhow::Context;
    vnplan::batch::manifest::require_data_dir(dir)?;
    let plans_dir = vnplan::write::plans_dir(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&plans_dir)
        .with_context(|| {
            format!(
                "no plans in {} (run `vnplan ingest` first)",
                plans_dir.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    Ok(paths.into_iter().map(|path| {
        let bytes = std::fs::read(&path).with_context(|| format!("{}", path.display()))?;
        serde_json::from_slice(&bytes)
            .with_context(|| format!("{}: not a plan JSON", path.display()))
    }))
}

/// The end of a command whose filters kept no target: like grep, exit code
/// 1, said on stderr; `empty`, when the output is JSON, still printed so that
/// JSON stays JSON.
fn no_target_matches(
    command: &str,
    empty: Option<&impl serde::Serialize>,
) -> anyhow::Result<ExitCode> {
    eprintln!("vnplan {command}: no target matches these filters");
    if let Some(empty) = empty {
        println!("{}", serde_json::to_string_pretty(empty)?);
    }
    Ok(ExitCode::from(1))
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Show(args) => show::run(args),
        Command::Search(args) => search::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Targets(args) => targets::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Plans(args) => plans::run(args),
        Command::Export(args) => export::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Compact(args) => compact::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Failures(args) => failures::run(args),
        Command::Synth(args) => synth::run(args),
        Command::PdfWorker(args) => pdf_worker::run(args),
        Command::Eval(args) => eval::run(args),
        Command::EvalSearch(args) => eval_search::run(args),
        Command::Schema(args) => schema::run(args),
    }
}
