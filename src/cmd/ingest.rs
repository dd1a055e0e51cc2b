//! `vnplan ingest PATH... [--out DIR]`: reads every plan under the paths (files
//! or folders, recursively), runs the pipeline, and writes DIR/plans/ID.json.
//! A file that cannot be read is reported with its reason; the others are written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use rayon::prelude::*;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders of plans.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    data: DataDir,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let files = collect_files(&args.paths)?;
    let results: Vec<(PathBuf, Result<PathBuf>)> = files
        .par_iter()
        .map(|path| (path.clone(), ingest_one(path, &args.data.dir)))
        .collect();
    let mut failed = 0;
    for (path, result) in &results {
        if let Err(err) = result {
            failed += 1;
            eprintln!("error: {}: {err:#}", path.display());
        }
    }
    eprintln!("{} plans written to {}, {failed} failed", results.len() - failed, args.data.dir.join("plans").display());
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn ingest_one(path: &Path, out: &Path) -> Result<PathBuf> {
    let bytes = std::fs::read(path)?;
    let shown = path.display().to_string();
    let plan = std::panic::catch_unwind(|| vnplan::process(&shown, &bytes))
        .map_err(|_| anyhow::anyhow!("internal error while processing (panic)"))??;
    vnplan::write::write_plan(out, &plan)
}

/// Every regular, non-hidden file under `paths`, sorted for stable output.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)?;
        } else if path.exists() {
            out.push(path.clone());
        } else {
            anyhow::bail!("{}: no such file or folder", path.display());
        }
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}
