//! `vnplan eval --gold DIR --pred DIR [--json]`: scores plan JSON against gold.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    /// Folder of NAME.gold.json files.
    #[arg(long)]
    gold: PathBuf,
    /// Data directory with plans/ (as written by ingest), or a folder of plan JSON.
    #[arg(long)]
    pred: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(_args: Args) -> Result<ExitCode> {
    anyhow::bail!("eval is not built yet")
}
