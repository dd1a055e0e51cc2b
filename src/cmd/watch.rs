//! `vnplan watch DIR... [--data DIR] [--settle 2s]`: a drop folder. Ingests
//! what the folders hold at start (what arrived while nobody watched), then
//! every file created, changed or moved into them once it has settled
//! (`batch::settle`), through the same batch as `vnplan ingest`: unchanged
//! files are skipped, failures are reported on stderr with their reason and
//! recorded for `vnplan failures`. A file deleted from the folder keeps its
//! plan (`vnplan ingest --prune` forgets it). Runs until SIGTERM or SIGINT,
//! which stop after the files already started; exits 0 then, 2 when the
//! folders cannot be watched.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use notify::{RecursiveMode, Watcher};
use vnplan::batch::settle::{look, Settler};
use vnplan::batch::{self, inputs, Options, Outcome, Progress};

use super::DataDir;

/// How often the stop flag is looked at while no event comes.
const POLL: Duration = Duration::from_millis(250);
/// How long to wait before trying files again when a run could not start
/// (another ingest holds the data directory).
const RETRY_AFTER: Duration = Duration::from_secs(5);

#[derive(clap::Args)]
pub struct Args {
    /// Folders to watch, recursively.
    #[arg(required = true)]
    folders: Vec<PathBuf>,
    #[command(flatten)]
    data: DataDir,
    /// How long a file must be left alone before it is read ("2s", "500ms").
    #[arg(long, value_parser = humantime::parse_duration, default_value = "2s")]
    settle: Duration,
    /// Time one file may spend in the pipeline.
    #[arg(long, value_parser = humantime::parse_duration, default_value = "5m")]
    file_timeout: Duration,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (stop, _) = super::ingest::stop_on_signals()?;
    batch::quiet_worker_panics();
    let roots = args
        .folders
        .iter()
        .map(|f| {
            f.canonicalize()
                .with_context(|| format!("cannot watch {}", f.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let (events, received) = channel();
    let mut watcher = notify::recommended_watcher(events)?;
    for root in &roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
    }
    let options = Options {
        file_timeout: args.file_timeout,
        stop: Arc::clone(&stop),
        ..Options::default()
    };
    eprintln!(
        "watching {} -> {} (settle {})",
        roots
            .iter()
            .map(|r| r.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        args.data.dir.display(),
        humantime::format_duration(args.settle)
    );
    let mut settler = Settler::new(args.settle);
    if let Err(err) = ingest(&roots, &args.data.dir, &options) {
        eprintln!("error: {err:#}");
    }
    while !stop.load(Ordering::Relaxed) {
        let wait = settler
            .next_in(Instant::now())
            .map_or(POLL, |next| next.min(POLL));
        match received.recv_timeout(wait) {
            Ok(Ok(event)) if event.kind.is_create() || event.kind.is_modify() => {
                for path in event.paths {
                    touch(&mut settler, &roots, &path, &args.data.dir);
                }
            }
            Ok(Ok(_)) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Err(err)) => eprintln!("warning: watching: {err}"),
            Err(RecvTimeoutError::Disconnected) => bail!("the folder watcher stopped"),
        }
        let ready = settler.ready(Instant::now(), look);
        if ready.is_empty() || stop.load(Ordering::Relaxed) {
            continue;
        }
        if let Err(err) = ingest(&ready, &args.data.dir, &options) {
            eprintln!("error: {err:#}; trying again");
            std::thread::sleep(RETRY_AFTER);
            let now = Instant::now();
            for path in &ready {
                settler.touched(path, now, look(path));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Queues what an event names: a file, or every file of a folder moved in
/// whole (one event names only the folder).
fn touch(settler: &mut Settler, roots: &[PathBuf], path: &Path, data_dir: &Path) {
    let Some(root) = roots.iter().find(|r| path.starts_with(r)) else {
        return;
    };
    let now = Instant::now();
    if path.is_dir() {
        let hidden = path.strip_prefix(root).is_ok_and(|below| {
            below
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        });
        if !hidden {
            for file in inputs::list(&[path.to_path_buf()], data_dir).files {
                settler.touched(&file, now, look(&file));
            }
        }
    } else if inputs::lists(root, path, data_dir) {
        settler.touched(path, now, look(path));
    }
}

fn ingest(paths: &[PathBuf], data_dir: &Path, options: &Options) -> Result<()> {
    let summary = batch::run(paths, data_dir, options, &Lines)?;
    eprintln!("{}", super::ingest::summary_line(&summary, data_dir));
    Ok(())
}

/// One line per file read: where it went, or why it failed.
struct Lines;

impl Progress for Lines {
    fn done(&self, path: &Path, outcome: &Outcome) {
        match outcome {
            Outcome::Written(entry) | Outcome::Copy(entry) => eprintln!(
                "{}: {}",
                path.display(),
                entry.plan_id.as_deref().unwrap_or("written")
            ),
            Outcome::Failed(entry) => eprintln!(
                "error: {}: {}",
                path.display(),
                entry.error.as_deref().unwrap_or("failed")
            ),
            Outcome::Skipped | Outcome::StillFailed(_) => {}
        }
    }
}
