//! `vnplan synth --count N --out DIR` (hidden): writes N generated plans, the
//! seeds varied, for benchmarks and batch tests.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    count: u64,
    /// Number of the first plan (to extend a corpus).
    #[arg(long, default_value_t = 0)]
    start: u64,
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    std::fs::create_dir_all(&args.out)?;
    (args.start..args.start + args.count)
        .into_par_iter()
        .try_for_each(|n| {
            let (name, text) = vnplan::synth::plan(n);
            std::fs::write(args.out.join(name), text)
        })?;
    Ok(ExitCode::SUCCESS)
}
