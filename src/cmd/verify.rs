//! `vnplan verify [--data DIR]`: checks that the manifest, the plan JSON and
//! the index of a data directory agree; prints the problems and exits 1 if any.

use std::process::ExitCode;

use anyhow::Result;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let report = vnplan::batch::verify::verify(&args.data.dir)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
