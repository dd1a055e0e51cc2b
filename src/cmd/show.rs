//! `vnplan show FILE`: runs the pipeline on one plan and prints its JSON to stdout.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    /// A plan file.
    file: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("{}", args.file.display()))?;
    let plan = vnplan::process(&args.file.display().to_string(), &bytes)
        .with_context(|| format!("{}", args.file.display()))?;
    println!("{}", serde_json::to_string_pretty(&plan)?);
    Ok(ExitCode::SUCCESS)
}
