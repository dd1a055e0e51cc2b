//! `vnplan ingest PATH... [--out DIR] [--shard K/N] [--prune] [--json]`: reads
//! every plan under the paths (files or folders, recursively), writes
//! DIR/plans/ID.json, indexes the passages in DIR/index and records each input
//! in DIR/manifest.redb. Unchanged inputs are skipped on later runs; a file
//! that cannot be read is reported with its reason and the others are written.
//! Exits 1 when a file failed in this run.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use vnplan::batch::{self, Options, Outcome, Progress, Shard};

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders of plans.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    data: DataDir,
    /// Process only hash partition K of N (for array jobs); join with `vnplan merge`.
    #[arg(long)]
    shard: Option<Shard>,
    /// Forget inputs whose files are gone, and their plans.
    #[arg(long)]
    prune: bool,
    /// Process failed inputs again even when unchanged.
    #[arg(long)]
    retry_failed: bool,
    /// Files per checkpoint: the index and manifest commit after each.
    #[arg(long, default_value_t = 256)]
    checkpoint: usize,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let options = Options {
        checkpoint: args.checkpoint,
        shard: args.shard,
        prune: args.prune,
        retry_failed: args.retry_failed,
        max_bytes: args.max_bytes,
    };
    let progress = Bar::new();
    let summary = batch::run(&args.paths, &args.data.dir, &options, &progress)?;
    progress.finish();
    for (path, error) in &summary.unlisted {
        eprintln!("error: {path}: {error}");
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        let reasons: Vec<String> = summary
            .failed_by_reason
            .iter()
            .map(|(r, n)| format!("{n} {r}"))
            .collect();
        eprintln!(
            "{} inputs: {} written, {} unchanged, {} failed{} ; {} pruned, {} plans removed; {:.1} s -> {}",
            summary.inputs,
            summary.processed,
            summary.skipped,
            summary.failed,
            if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) },
            summary.pruned,
            summary.plans_removed,
            summary.seconds,
            args.data.dir.display(),
        );
    }
    let failed = summary.failed + summary.unlisted.len();
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A progress bar on a terminal; nothing but the failures otherwise.
struct Bar(Option<ProgressBar>);

impl Bar {
    fn new() -> Bar {
        Bar(std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta} {wide_msg}")
                    .expect("valid template"),
            );
            bar
        }))
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&self, inputs: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(inputs as u64);
        }
    }

    fn done(&self, path: &Path, outcome: &Outcome) {
        if let Outcome::Failed(entry) = outcome {
            let line = format!(
                "error: {}: {}",
                path.display(),
                entry.error.as_deref().unwrap_or("failed")
            );
            match &self.0 {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
}
