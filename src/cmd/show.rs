//! `vnplan show FILE`: runs the pipeline on one plan and prints its JSON to stdout.

use std::io::Write;
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
    // writeln, not println: a closed pipe (`vnplan show F | head`) is an error to end on, not a panic.
    writeln!(
        std::io::stdout().lock(),
        "{}",
        serde_json::to_string_pretty(&plan)?
    )?;
    Ok(ExitCode::SUCCESS)
}
