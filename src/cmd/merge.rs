//! `vnplan merge SHARD_DIR... --out DIR`: joins the data directories of
//! `ingest --shard K/N` runs (manifests, plans, index) into one.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// Data directories of the shard runs.
    #[arg(required = true)]
    shards: Vec<PathBuf>,
    #[command(flatten)]
    data: DataDir,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let shards: Vec<&std::path::Path> = args.shards.iter().map(PathBuf::as_path).collect();
    let merged = vnplan::batch::merge::merge(&shards, &args.data.dir)?;
    eprintln!(
        "{merged} inputs from {} shards merged into {}",
        shards.len(),
        args.data.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
