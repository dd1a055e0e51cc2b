//! `vnplan eval --gold DIR --pred DIR [--json] [--misses]`: scores plan JSON
//! against gold annotations, field by field: precision, recall and F1 of each
//! list, attribute accuracies, metadata accuracy per field, and the misses.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use vnplan::eval;

#[derive(clap::Args)]
pub struct Args {
    /// Folder of NAME.gold.json files.
    #[arg(long)]
    gold: PathBuf,
    /// Data directory with plans/ (as written by ingest), or a folder of plan JSON.
    #[arg(long)]
    pred: PathBuf,
    /// Print the whole report, misses included, as JSON.
    #[arg(long)]
    json: bool,
    /// List every miss after the scores.
    #[arg(long)]
    misses: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let report = eval::evaluate_dirs(&args.gold, &args.pred)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", eval::report::render(&report, args.misses));
    }
    Ok(ExitCode::SUCCESS)
}
