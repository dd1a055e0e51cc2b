//! `vnplan ingest PATH... [--out DIR] [--shard K/N] [--prune] [--json]`: reads
//! every plan under the paths (files or folders, recursively), writes
//! DIR/plans/ID.json, indexes the passages in DIR/index and records each input
//! in DIR/manifest.redb. Unchanged inputs are skipped on later runs; a file
//! that cannot be read is reported with its reason and the others are written.
//! Exits 1 when an input failed, in this run or an earlier one and unchanged
//! since (`vnplan failures` lists them). SIGTERM or SIGINT stops after the
//! files already started, records their checkpoint, prints the summary and
//! exits 128 + the signal; a second signal stops at once.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use signal_hook::consts::{SIGINT, SIGTERM};
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
    #[arg(long, default_value_t = Options::default().max_bytes)]
    max_bytes: u64,
    /// Time one file may spend in the pipeline ("90s", "500ms", "5m").
    #[arg(long, value_parser = humantime::parse_duration, default_value = "5m")]
    file_timeout: Duration,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let stop = Arc::new(AtomicBool::new(false));
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [SIGTERM, SIGINT] {
        // The shutdown goes first: armed by the first signal, it ends the
        // process on the second.
        signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&stop))?;
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    batch::quiet_worker_panics();
    let options = Options {
        checkpoint: args.checkpoint,
        shard: args.shard,
        prune: args.prune,
        retry_failed: args.retry_failed,
        max_bytes: args.max_bytes,
        file_timeout: args.file_timeout,
        stop,
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
        let mut line = format!(
            "{} inputs: {} written, {} copies, {} unchanged, {} failed{}",
            summary.inputs,
            summary.processed,
            summary.copies,
            summary.skipped,
            summary.failed,
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join(", "))
            },
        );
        if summary.standing_failures > 0 {
            line += &format!(
                ", {} failed earlier and unchanged (`vnplan failures` lists them, --retry-failed tries them)",
                summary.standing_failures
            );
        }
        line += &format!(
            "; {} pruned, {} plans removed",
            summary.pruned, summary.plans_removed
        );
        let recovered = &summary.recovered;
        if recovered.temp_files + recovered.unheld_plans > 0 {
            line += &format!(
                "; recovered from an interrupted run: {} plans and {} temporary files removed",
                recovered.unheld_plans, recovered.temp_files
            );
        }
        if summary.interrupted {
            line += &format!(
                "; stopped: {} inputs left for the next run",
                summary.not_started
            );
        }
        eprintln!(
            "{line}; {:.1} s -> {}",
            summary.seconds,
            args.data.dir.display()
        );
    }
    Ok(match signal.load(Ordering::SeqCst) {
        0 if summary.clean() => ExitCode::SUCCESS,
        0 => ExitCode::from(1),
        sig => ExitCode::from(128 + sig as u8),
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
