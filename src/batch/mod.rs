//! The batch: turns folders of uploads into plans, unattended, and never
//! loses, doubles or keeps a stale one.
//!
//! One writer at a time holds a data directory ([`store::lock`]). A run first
//! recovers from whatever an interrupted one left ([`store::recover`]), then
//! works a checkpoint at a time, in an order that keeps the directory
//! consistent whatever kills the process: plan JSON (atomic writes) -> index
//! commit -> file system flush -> manifest commit, which records the new
//! versions and retires the old ones in one transaction -> removal of the
//! retired plans. A run killed between two steps leaves work the manifest
//! does not record, which the next run redoes, and plans no input holds,
//! which its recovery removes.
//!
//! Files are processed in parallel (rayon), each isolated and within a time
//! budget: an error, a panic or a file that takes too long is that file's
//! failure. Inputs are identified by content first: unchanged inputs are
//! skipped, and an input whose bytes another input already holds (a copy, a
//! move) records that plan without processing it again. `prune` forgets
//! inputs whose files are gone; `shard` takes one hash partition of the
//! inputs, for array jobs whose outputs [`merge`] joins. A stop request
//! (`Options::stop`) ends the run after the files already started, with
//! their checkpoint recorded.

mod file;
pub mod inputs;
pub mod manifest;
pub mod merge;
pub mod settle;
pub mod store;
pub mod verify;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use crate::index::{PlanIndex, PlanWriter};
use crate::write::plan_path;
pub use file::quiet_worker_panics;
pub use inputs::Shard;
use manifest::{Entry, Manifest, Status};
use store::Recovery;

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
    /// Time one file may spend in the pipeline.
    pub file_timeout: Duration,
    /// Set to stop: files not started yet are left for the next run.
    pub stop: Arc<AtomicBool>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            checkpoint: 256,
            shard: None,
            prune: false,
            retry_failed: false,
            // A large file in process holds about twelve times its size
            // (scripts/bench-memory.sh: 50 MB of text, 570 MiB), so one
            // worker stays under about 800 MiB.
            max_bytes: 64 * 1024 * 1024,
            // A 50 MB text takes 30-40 s on a loaded 2-core machine; OCR of a
            // long scan takes minutes.
            file_timeout: Duration::from_secs(300),
            stop: Arc::default(),
        }
    }
}

/// What happened to one input in this run.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Written(Entry),
    /// Its bytes are another input's: recorded as holding that plan.
    Copy(Entry),
    Skipped,
    /// Unchanged since it failed (`retry_failed` tries it again).
    StillFailed(Entry),
    Failed(Entry),
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub inputs: usize,
    pub processed: usize,
    /// Inputs holding bytes another input holds: recorded, not processed again.
    pub copies: usize,
    pub skipped: usize,
    pub failed: usize,
    pub failed_by_reason: BTreeMap<String, usize>,
    /// Inputs that failed in an earlier run and are unchanged (`vnplan failures` lists them).
    pub standing_failures: usize,
    /// Inputs forgotten because their files are gone.
    pub pruned: usize,
    /// Plans removed because no input holds them any more.
    pub plans_removed: usize,
    /// What an interrupted earlier run left, removed at the start.
    pub recovered: Recovery,
    /// Stopped on request before every input was seen.
    pub interrupted: bool,
    /// Inputs left for the next run by a stop.
    pub not_started: usize,
    pub bytes_read: u64,
    pub seconds: f64,
    /// Inputs whose path could not be listed, with the error.
    pub unlisted: Vec<(String, String)>,
}

impl Summary {
    /// Whether every input is written: nothing failed, now or before.
    pub fn clean(&self) -> bool {
        self.failed + self.standing_failures + self.unlisted.len() == 0
    }
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
    let _lock = store::lock(data_dir, "ingest")?;
    let listing = inputs::list(inputs, data_dir);
    let mut files = listing.files;
    if let Some(shard) = options.shard {
        files.retain(|f| shard.holds(f));
    }
    let manifest = Manifest::open(data_dir)?;
    let index = PlanIndex::open_or_create(data_dir)?;
    let mut writer = index.writer()?;
    let mut summary = Summary {
        inputs: files.len(),
        unlisted: listing.unlisted,
        recovered: store::recover(data_dir, &manifest, &mut writer)?,
        ..Summary::default()
    };
    progress.start(files.len());
    let work = Work {
        data_dir,
        manifest: &manifest,
        options,
        progress,
    };
    for chunk in files.chunks(options.checkpoint.max(1)) {
        let outcomes = work.checkpoint(chunk, &writer);
        writer.commit()?;
        crate::write::sync_file_system(data_dir)?;
        let mut entries = Vec::new();
        let mut retired = Vec::new();
        for (outcome, previous_plan) in outcomes {
            let recorded = match outcome {
                Some(Outcome::Written(e)) => {
                    summary.processed += 1;
                    summary.bytes_read += e.bytes;
                    e
                }
                Some(Outcome::Copy(e)) => {
                    summary.copies += 1;
                    e
                }
                Some(Outcome::Failed(e)) => {
                    summary.failed += 1;
                    *summary
                        .failed_by_reason
                        .entry(e.reason.clone().unwrap_or_default())
                        .or_default() += 1;
                    e
                }
                Some(Outcome::StillFailed(_)) => {
                    summary.standing_failures += 1;
                    continue;
                }
                Some(Outcome::Skipped) => {
                    summary.skipped += 1;
                    continue;
                }
                None => {
                    summary.not_started += 1;
                    continue;
                }
            };
            retired.extend(previous_plan.filter(|p| recorded.plan_id.as_ref() != Some(p)));
            entries.push(recorded);
        }
        manifest.commit(&entries, &[])?;
        let writer = &mut writer;
        summary.plans_removed += store::retire(&retired, data_dir, &manifest, writer)?;
        if options.stop.load(Ordering::Relaxed) {
            break;
        }
    }
    let seen = summary.processed
        + summary.copies
        + summary.skipped
        + summary.failed
        + summary.standing_failures;
    summary.not_started = summary.inputs - seen;
    summary.interrupted = summary.not_started > 0;
    if options.prune && !summary.interrupted {
        let gone: Vec<Entry> = manifest
            .entries()?
            .into_iter()
            .filter(|e| options.shard.is_none_or(|s| s.holds(&e.input)) && !e.input.exists())
            .collect();
        let removed: Vec<PathBuf> = gone.iter().map(|e| e.input.clone()).collect();
        manifest.commit(&[], &removed)?;
        summary.pruned = removed.len();
        let plans: Vec<String> = gone.into_iter().filter_map(|e| e.plan_id).collect();
        summary.plans_removed += store::retire(&plans, data_dir, &manifest, &mut writer)?;
    }
    writer.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// What every file of a run shares.
struct Work<'a> {
    data_dir: &'a Path,
    manifest: &'a Manifest,
    options: &'a Options,
    progress: &'a dyn Progress,
}

/// What to do with an identified input.
enum Plan {
    Done(Outcome),
    Process,
    /// The same bytes as the input at this position of the checkpoint.
    SameAs(usize),
}

impl Work<'_> {
    fn stopped(&self) -> bool {
        self.options.stop.load(Ordering::Relaxed)
    }

    /// Each input's outcome (None when a stop left it for later) and the
    /// plan it held before.
    fn checkpoint(
        &self,
        chunk: &[PathBuf],
        writer: &PlanWriter,
    ) -> Vec<(Option<Outcome>, Option<String>)> {
        let identified: Vec<Option<file::Identified>> = chunk
            .par_iter()
            .map(|input| (!self.stopped()).then(|| file::identify(input, self.options.max_bytes)))
            .collect();
        let mut first_of_hash: HashMap<&str, usize> = HashMap::new();
        let mut previous_plans = Vec::with_capacity(chunk.len());
        let mut plans = Vec::with_capacity(chunk.len());
        for (i, id) in identified.iter().enumerate() {
            let Some(id) = id else {
                previous_plans.push(None);
                plans.push(None);
                continue;
            };
            let previous = self.manifest.get(&id.input).ok().flatten();
            previous_plans.push(previous.as_ref().and_then(|e| e.plan_id.clone()));
            let plan = match &id.hash {
                Err(failure) => Plan::Done(Outcome::Failed(failure.clone())),
                Ok(hash) => match self.unchanged(previous, hash) {
                    Some(outcome) => Plan::Done(outcome),
                    None => match first_of_hash.get(hash.as_str()) {
                        Some(&first) => Plan::SameAs(first),
                        None => {
                            first_of_hash.insert(hash, i);
                            self.held_elsewhere(id, hash)
                                .map_or(Plan::Process, |e| Plan::Done(Outcome::Copy(e)))
                        }
                    },
                },
            };
            plans.push(Some(plan));
        }
        let processed: Vec<Option<Outcome>> = identified
            .par_iter()
            .zip(&plans)
            .map(|(id, plan)| match (id, plan) {
                (Some(id), Some(Plan::Process)) if !self.stopped() => {
                    let entry = file::process(
                        &id.input,
                        &id.shown,
                        self.data_dir,
                        writer,
                        self.options.file_timeout,
                    );
                    let outcome = match entry.status {
                        Status::Done => Outcome::Written(entry),
                        Status::Failed => Outcome::Failed(entry),
                    };
                    self.progress.done(&id.input, &outcome);
                    Some(outcome)
                }
                _ => None,
            })
            .collect();
        let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(chunk.len());
        for (i, plan) in plans.into_iter().enumerate() {
            // Processed files reported themselves as they finished.
            let reported = matches!(plan, Some(Plan::Process));
            let outcome = match plan {
                Some(Plan::Done(outcome)) => Some(outcome),
                Some(Plan::Process) => processed[i].clone(),
                Some(Plan::SameAs(first)) => outcomes[first].as_ref().map(|o| {
                    let id = identified[i].as_ref().expect("identified");
                    copy_of(o, &id.input, &id.shown)
                }),
                None => None,
            };
            if let (Some(outcome), Some(id), false) = (&outcome, &identified[i], reported) {
                self.progress.done(&id.input, outcome);
            }
            outcomes.push(outcome);
        }
        outcomes.into_iter().zip(previous_plans).collect()
    }

    /// The outcome of an input whose bytes have not changed since the last
    /// run recorded it, if they have not.
    fn unchanged(&self, previous: Option<Entry>, hash: &str) -> Option<Outcome> {
        let previous = previous.filter(|p| p.hash == hash)?;
        match previous.status {
            Status::Done => previous
                .plan_id
                .as_ref()
                .is_some_and(|id| plan_path(self.data_dir, id).exists())
                .then_some(Outcome::Skipped),
            Status::Failed if !self.options.retry_failed => Some(Outcome::StillFailed(previous)),
            Status::Failed => None,
        }
    }

    /// An entry for `id` holding the plan of its bytes, when another input
    /// already holds that plan (a copy, or a file moved since the last run).
    fn held_elsewhere(&self, id: &file::Identified, hash: &str) -> Option<Entry> {
        let plan_id = &hash[..16];
        let holder = self.manifest.inputs_of(plan_id).ok()?.into_iter().next()?;
        if !plan_path(self.data_dir, plan_id).exists() {
            return None;
        }
        let held = self.manifest.get(&holder).ok()??;
        Some(Entry {
            input: id.input.clone(),
            path: id.shown.clone(),
            millis: 0,
            at: file::now(),
            ..held
        })
    }
}

/// `outcome` of another input with the same bytes, as this input's.
fn copy_of(outcome: &Outcome, input: &Path, shown: &str) -> Outcome {
    let rename = |e: &Entry| Entry {
        input: input.to_path_buf(),
        path: shown.to_string(),
        millis: 0,
        ..e.clone()
    };
    match outcome {
        Outcome::Written(e) | Outcome::Copy(e) => Outcome::Copy(rename(e)),
        Outcome::Failed(e) | Outcome::StillFailed(e) => Outcome::Failed(rename(e)),
        Outcome::Skipped => Outcome::Skipped,
    }
}
