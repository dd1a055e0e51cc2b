//! The batch: turns folders of uploads into plans, unattended, and never loses one.
//!
//! Files are processed in parallel (rayon), each isolated: an error or a
//! panic is that file's failure. Work is committed at checkpoints, in an order
//! that keeps the data directory consistent whatever kills the process:
//! plan JSON (atomic writes) -> index commit -> file system flush -> manifest commit. A run killed
//! between two commits leaves work the manifest does not record; the next
//! run redoes it, and since plans are keyed by content hash and the index
//! replaces a plan whole, redoing never duplicates.
//!
//! Re-running skips inputs whose bytes are unchanged, replaces the plan of a
//! changed input, and with `prune` forgets inputs whose files are gone.
//! `shard` processes one hash partition of the inputs so that an array job
//! can split a corpus across machines; [`merge`] joins the shards' outputs.

pub mod manifest;
pub mod merge;
pub mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::index::{PlanIndex, PlanWriter};
use crate::write::{plan_path, plans_dir, write_plan};
use crate::PlanError;
use manifest::{Entry, Manifest, Status};

/// One hash partition of the inputs: `K/N`, 1 <= K <= N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("a shard is K/N with 1 <= K <= N, not {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether `path` belongs to this shard: by a hash of the path, so the
    /// partition does not depend on which machine lists the files.
    pub fn holds(&self, path: &str) -> bool {
        let hash = blake3::hash(path.as_bytes());
        let n = u64::from_le_bytes(hash.as_bytes()[..8].try_into().unwrap());
        n % u64::from(self.count) == u64::from(self.index - 1)
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Files per checkpoint (index and manifest commit).
    pub checkpoint: usize,
    pub shard: Option<Shard>,
    /// Forget inputs whose files are gone, with their plans.
    pub prune: bool,
    /// Process failed inputs again even when unchanged.
    pub retry_failed: bool,
    /// Inputs larger than this are refused.
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            checkpoint: 256,
            shard: None,
            prune: false,
            retry_failed: false,
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// What happened to one input in this run.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Written(Entry),
    Skipped,
    Failed(Entry),
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub inputs: usize,
    pub processed: usize,
    pub skipped: usize,
    pub failed: usize,
    pub failed_by_reason: BTreeMap<String, usize>,
    /// Inputs forgotten because their files are gone.
    pub pruned: usize,
    /// Plans removed because no input holds them any more.
    pub plans_removed: usize,
    pub bytes_read: u64,
    pub seconds: f64,
    /// Inputs whose path could not be listed, with the error.
    pub unlisted: Vec<(String, String)>,
}

/// Reports progress: called once with the number of inputs, then once per input.
pub trait Progress: Sync {
    fn start(&self, _inputs: usize) {}
    fn done(&self, _path: &Path, _outcome: &Outcome) {}
}

/// No progress reporting.
pub struct Silent;
impl Progress for Silent {}

/// Runs the batch over `inputs` (files or folders) into `data_dir`.
pub fn run(
    inputs: &[PathBuf],
    data_dir: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Summary> {
    let started = Instant::now();
    let (mut files, unlisted) = list_files(inputs);
    if let Some(shard) = options.shard {
        files.retain(|f| shard.holds(&f.display().to_string()));
    }
    remove_stale_temp_files(data_dir);
    let manifest = Manifest::open(data_dir)?;
    let index = PlanIndex::open_or_create(data_dir)?;
    let mut writer = index.writer()?;
    let mut summary = Summary {
        inputs: files.len(),
        unlisted,
        ..Summary::default()
    };
    progress.start(files.len());
    for chunk in files.chunks(options.checkpoint.max(1)) {
        let results: Vec<(Outcome, Option<String>)> = chunk
            .par_iter()
            .map(|path| {
                let (outcome, retired) = process_file(path, data_dir, &manifest, &writer, options);
                progress.done(path, &outcome);
                (outcome, retired)
            })
            .collect();
        writer.commit()?;
        crate::write::sync_file_system(data_dir)?;
        let mut entries = Vec::new();
        let mut retired = Vec::new();
        for (outcome, old_plan) in results {
            retired.extend(old_plan);
            match outcome {
                Outcome::Written(e) => {
                    summary.processed += 1;
                    summary.bytes_read += e.bytes;
                    entries.push(e);
                }
                Outcome::Failed(e) => {
                    summary.failed += 1;
                    *summary
                        .failed_by_reason
                        .entry(e.reason.clone().unwrap_or_default())
                        .or_default() += 1;
                    entries.push(e);
                }
                Outcome::Skipped => summary.skipped += 1,
            }
        }
        manifest.commit(&entries, &[])?;
        summary.plans_removed += remove_unheld(&retired, data_dir, &manifest, &mut writer)?;
    }
    if options.prune {
        let gone: Vec<Entry> = manifest
            .entries()?
            .into_iter()
            .filter(|e| {
                options.shard.is_none_or(|s| s.holds(&e.path)) && !Path::new(&e.path).exists()
            })
            .collect();
        let paths: Vec<String> = gone.iter().map(|e| e.path.clone()).collect();
        manifest.commit(&[], &paths)?;
        summary.pruned = paths.len();
        let plans: Vec<String> = gone.into_iter().filter_map(|e| e.plan_id).collect();
        summary.plans_removed += remove_unheld(&plans, data_dir, &manifest, &mut writer)?;
    }
    writer.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Reads, processes and writes one input. Returns the outcome, and the plan
/// the input held before if it held another one.
fn process_file(
    path: &Path,
    data_dir: &Path,
    manifest: &Manifest,
    writer: &PlanWriter,
    options: &Options,
) -> (Outcome, Option<String>) {
    let started = Instant::now();
    let shown = path.display().to_string();
    let previous = manifest.get(&shown).ok().flatten();
    let failed = |reason: &str, error: String, hash: String, bytes: u64| {
        Outcome::Failed(Entry {
            path: shown.clone(),
            hash,
            bytes,
            status: Status::Failed,
            plan_id: None,
            error: Some(error),
            reason: Some(reason.into()),
            format: None,
            millis: started.elapsed().as_millis() as u64,
        })
    };
    let old_plan = previous.as_ref().and_then(|e| e.plan_id.clone());
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > options.max_bytes {
        let error = format!("{size} bytes, more than the limit of {}", options.max_bytes);
        return (failed("too large", error, String::new(), size), old_plan);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                failed(
                    "unreadable",
                    format!("cannot read the file: {e}"),
                    String::new(),
                    size,
                ),
                old_plan,
            )
        }
    };
    let (id, hash) = crate::plan_id(&bytes);
    if let Some(prev) = &previous {
        let unchanged = prev.hash == hash;
        let complete = match prev.status {
            Status::Done => prev
                .plan_id
                .as_ref()
                .is_some_and(|id| plan_path(data_dir, id).exists()),
            Status::Failed => !options.retry_failed,
        };
        if unchanged && complete {
            return (Outcome::Skipped, None);
        }
    }
    let retired = old_plan.filter(|old| *old != id);
    let result = std::panic::catch_unwind(|| crate::process(&shown, &bytes));
    let plan = match result {
        Ok(Ok(plan)) => plan,
        Ok(Err(e)) => {
            return (
                failed(e.reason(), e.to_string(), hash, bytes.len() as u64),
                retired,
            )
        }
        Err(panic) => {
            let message = panic_message(&panic);
            return (
                failed(
                    "internal error",
                    format!("internal error: {message}"),
                    hash,
                    bytes.len() as u64,
                ),
                retired,
            );
        }
    };
    let stored = write_plan(data_dir, &plan).and_then(|_| writer.put(&plan));
    if let Err(e) = stored {
        return (
            failed("cannot write", format!("{e:#}"), hash, bytes.len() as u64),
            retired,
        );
    }
    let entry = Entry {
        path: shown,
        hash,
        bytes: bytes.len() as u64,
        status: Status::Done,
        plan_id: Some(plan.id.clone()),
        error: None,
        reason: None,
        format: Some(plan.source.format.clone()),
        millis: started.elapsed().as_millis() as u64,
    };
    (Outcome::Written(entry), retired)
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Removes the plans of `ids` that no input holds any more (JSON and index).
fn remove_unheld(
    ids: &[String],
    data_dir: &Path,
    manifest: &Manifest,
    writer: &mut PlanWriter,
) -> Result<usize> {
    let unheld: Vec<&String> = ids
        .iter()
        .filter(|id| manifest.paths_of(id).map(|p| p.is_empty()).unwrap_or(false))
        .collect();
    if unheld.is_empty() {
        return Ok(0);
    }
    for id in &unheld {
        writer.remove(id);
    }
    writer.commit()?;
    for id in &unheld {
        let path = plan_path(data_dir, id);
        if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(unheld.len())
}

/// Temporary files of atomic writes a killed run left behind.
fn remove_stale_temp_files(data_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(plans_dir(data_dir)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.contains(".tmp-") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Every regular, non-hidden file under `paths`, sorted, and the paths that
/// could not be listed with their errors.
pub fn list_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut failures);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            failures.push((
                path.display().to_string(),
                "no such file or folder".to_string(),
            ));
        }
    }
    files.sort();
    files.dedup();
    (files, failures)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, failures: &mut Vec<(String, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return failures.push((dir.display().to_string(), e.to_string())),
    };
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                failures.push((dir.display().to_string(), e.to_string()));
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

impl PlanError {
    /// A short, stable category for summaries and the manifest.
    pub fn reason(&self) -> &'static str {
        use crate::read::ReadError;
        match self {
            PlanError::Read(ReadError::Io(_)) => "unreadable",
            PlanError::Read(ReadError::Empty) => "empty",
            PlanError::Read(ReadError::Blank) => "blank",
            PlanError::Read(ReadError::Binary(_)) => "binary",
            PlanError::Read(ReadError::Unsupported(_)) => "unsupported",
            PlanError::Read(ReadError::Pdf(_)) => "unreadable pdf",
            PlanError::Read(ReadError::Limit(_)) => "over a limit",
            PlanError::NotAPlan(_) => "not a plan",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_every_path_once() {
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        for i in 0..300 {
            let path = format!("uploads/plan-{i}.txt");
            assert_eq!(shards.iter().filter(|s| s.holds(&path)).count(), 1);
        }
        let counts: Vec<usize> = shards
            .iter()
            .map(|s| {
                (0..300)
                    .filter(|i| s.holds(&format!("uploads/plan-{i}.txt")))
                    .count()
            })
            .collect();
        assert!(counts.iter().all(|&c| c > 60), "{counts:?}");
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
