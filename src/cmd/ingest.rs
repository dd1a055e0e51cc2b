//! `vnplan ingest PATH... [--out DIR]`: reads every plan under the paths (files
//! or folders, recursively), runs the pipeline, writes DIR/plans/ID.json and
//! adds the plans' passages to the search index DIR/index, committed at the end.
//! A file that cannot be read is reported with its reason; the others are written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use rayon::prelude::*;

use vnplan::index::{PlanIndex, PlanWriter};

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
    let (files, missing) = collect_files(&args.paths);
    let index = PlanIndex::open_or_create(&args.data.dir)?;
    let mut writer = index.writer()?;
    let mut results: Vec<(PathBuf, Result<PathBuf>)> = files
        .par_iter()
        .map(|path| (path.clone(), ingest_one(path, &args.data.dir, &writer)))
        .collect();
    writer.commit()?;
    results.extend(missing);
    let mut failed = 0;
    for (path, result) in &results {
        if let Err(err) = result {
            failed += 1;
            eprintln!("error: {}: {err:#}", path.display());
        }
    }
    eprintln!(
        "{} plans written to {}, {failed} failed",
        results.len() - failed,
        args.data.dir.join("plans").display()
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn ingest_one(path: &Path, out: &Path, index: &PlanWriter) -> Result<PathBuf> {
    let bytes = std::fs::read(path)?;
    let shown = path.display().to_string();
    let plan =
        std::panic::catch_unwind(|| vnplan::process(&shown, &bytes)).map_err(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            anyhow::anyhow!("internal error while processing: {message}")
        })??;
    let written = vnplan::write::write_plan(out, &plan)?;
    index.put(&plan)?;
    Ok(written)
}

type Failure = (PathBuf, Result<PathBuf>);

/// Every regular, non-hidden file under `paths`, sorted for stable output, and
/// the paths that could not be listed, each with its error.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut failures);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            failures.push((path.clone(), Err(anyhow::anyhow!("no such file or folder"))));
        }
    }
    files.sort();
    (files, failures)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => return failures.push((dir.to_path_buf(), Err(err.into()))),
    };
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(err) => {
                failures.push((dir.to_path_buf(), Err(err.into())));
                continue;
            }
        };
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, failures);
        } else if path.is_file() {
            out.push(path);
        }
    }
}
