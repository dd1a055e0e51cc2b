//! `vnplan pdf-worker FILE` (hidden): extracts a PDF's text layer with
//! pdf-extract and prints the pages as a JSON array. Run by the reader as a
//! child process under time and memory limits, since pdf-extract can crash.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    file: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match vnplan::read::pdf::worker(&args.file) {
        Ok(json) => {
            println!("{json}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::from(1))
        }
    }
}
