//! `vnplan verify [--data DIR]`: checks that the manifest, the plan JSON and
//! the index of a data directory agree; prints the report and exits 1 when
//! anything is inconsistent or an input failed (`vnplan failures` lists
//! those). Reads only: a missing or foreign directory is an error (exit 2).

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
    Ok(if report.clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
