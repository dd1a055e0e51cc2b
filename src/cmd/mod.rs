//! Subcommands. Each file opens with what its command does.

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
    Ingest(ingest::Args),
    Watch(watch::Args),
    Show(show::Args),
    Search(search::Args),
    Serve(serve::Args),
    Targets(targets::Args),
    Compare(compare::Args),
    Plans(plans::Args),
    Export(export::Args),
    Merge(merge::Args),
    Verify(verify::Args),
    Failures(failures::Args),
    #[command(hide = true)]
    Synth(synth::Args),
    #[command(hide = true)]
    PdfWorker(pdf_worker::Args),
    Eval(eval::Args),
    EvalSearch(eval_search::Args),
    Schema(schema::Args),
}

/// The data directory every command shares: `--data`/`--out`, else $VNPLAN_DATA, else ./vnplan-data.
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
        Command::Verify(args) => verify::run(args),
        Command::Failures(args) => failures::run(args),
        Command::Synth(args) => synth::run(args),
        Command::PdfWorker(args) => pdf_worker::run(args),
        Command::Eval(args) => eval::run(args),
        Command::EvalSearch(args) => eval_search::run(args),
        Command::Schema(args) => schema::run(args),
    }
}
