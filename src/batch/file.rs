//! One input's trip through the batch: identified by its content hash first
//! (cheap, and enough to skip what is unchanged or already held), then, if
//! it needs it, read, processed within its time budget and written.

use std::cell::{Cell, RefCell};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::manifest::{Entry, Status};
use crate::index::PlanWriter;
use crate::write::write_plan;
use crate::PlanError;

/// An input with its size and content hash, or why they could not be had.
pub(super) struct Identified {
    pub input: PathBuf,
    pub shown: String,
    pub hash: Result<String, Entry>,
}

/// Hashes `input` as a stream, so that memory does not grow with the file.
pub(super) fn identify(input: &Path, max_bytes: u64) -> Identified {
    let shown = input.display().to_string();
    let hash = hash_file(input, max_bytes).map_err(|(reason, error, bytes)| {
        failure(
            input,
            &shown,
            reason,
            error,
            String::new(),
            bytes,
            Instant::now(),
        )
    });
    Identified {
        input: input.to_path_buf(),
        shown,
        hash,
    }
}

/// The BLAKE3 hash of a file, or (reason, error, size).
fn hash_file(input: &Path, max_bytes: u64) -> Result<String, (&'static str, String, u64)> {
    let unreadable =
        |e: std::io::Error, size| ("unreadable", format!("cannot read the file: {e}"), size);
    let file = std::fs::File::open(input).map_err(|e| unreadable(e, 0))?;
    let size = file.metadata().map_err(|e| unreadable(e, 0))?.len();
    if size > max_bytes {
        let error = format!("{size} bytes, more than the limit of {max_bytes} (--max-bytes)");
        return Err(("too large", error, size));
    }
    let mut hasher = blake3::Hasher::new();
    hasher
        .update_reader(file.take(max_bytes + 1))
        .map_err(|e| unreadable(e, size))?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// Reads, processes within `limit` and writes one input: the entry to record.
pub(super) fn process(
    input: &Path,
    shown: &str,
    data_dir: &Path,
    writer: &PlanWriter,
    limit: Duration,
) -> Entry {
    let started = Instant::now();
    let bytes = match std::fs::read(input) {
        Ok(b) => b,
        Err(e) => {
            let error = format!("cannot read the file: {e}");
            return failure(input, shown, "unreadable", error, String::new(), 0, started);
        }
    };
    let (_, hash) = crate::plan_id(&bytes);
    let size = bytes.len() as u64;
    let failed = |reason: &str, error: String| {
        failure(input, shown, reason, error, hash.clone(), size, started)
    };
    IN_FILE.set(true);
    let result =
        std::panic::catch_unwind(|| crate::budget::within(limit, || crate::process(shown, &bytes)));
    IN_FILE.set(false);
    drop(bytes);
    let plan = match result {
        // A stage without checks cannot stop itself, but a file that took
        // longer than its limit fails all the same: the limit is the same
        // for every file, wherever its time went.
        Ok(Ok(_)) if started.elapsed() > limit => {
            let exceeded = crate::budget::Exceeded {
                stage: "the pipeline",
                limit,
            };
            return failed("time limit", format!("{exceeded} (--file-timeout)"));
        }
        Ok(Ok(Ok(plan))) => plan,
        Ok(Ok(Err(e))) => return failed(e.reason(), e.to_string()),
        Ok(Err(exceeded)) => return failed("time limit", format!("{exceeded} (--file-timeout)")),
        Err(panic) => {
            let error = format!("internal error: {}", panic_message(&panic));
            return failed("internal error", error);
        }
    };
    if let Err(e) = write_plan(data_dir, &plan).and_then(|_| writer.put(&plan)) {
        return failed("cannot write", format!("{e:#}"));
    }
    Entry {
        input: input.to_path_buf(),
        path: shown.to_string(),
        hash,
        bytes: size,
        status: Status::Done,
        plan_id: Some(plan.id),
        error: None,
        reason: None,
        format: Some(plan.source.format),
        millis: started.elapsed().as_millis() as u64,
        at: now(),
    }
}

fn failure(
    input: &Path,
    shown: &str,
    reason: &str,
    error: String,
    hash: String,
    bytes: u64,
    started: Instant,
) -> Entry {
    Entry {
        input: input.to_path_buf(),
        path: shown.to_string(),
        hash,
        bytes,
        status: Status::Failed,
        plan_id: None,
        error: Some(error),
        reason: Some(reason.into()),
        format: None,
        millis: started.elapsed().as_millis() as u64,
        at: now(),
    }
}

/// Seconds since the Unix epoch.
pub(super) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

thread_local! {
    /// Whether this thread is processing a file, whose panics are its failure.
    static IN_FILE: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic of this thread happened, kept by [`quiet_worker_panics`].
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    match PANIC_LOCATION.take() {
        Some(at) => format!("{message} (at {at})"),
        None => message,
    }
}

/// Panics while a file is processed (on whichever thread: rayon runs a lone
/// file on the caller's) become that file's failure, with the message and
/// where it happened; printing them too, with a backtrace, would bury the
/// run's report. Other panics print as usual.
pub fn quiet_worker_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if IN_FILE.get() {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            PANIC_LOCATION.set(at);
        } else {
            default(info);
        }
    }));
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
            PlanError::Read(ReadError::Office(_)) => "unreadable office document",
            PlanError::Read(ReadError::Limit(_)) => "over a limit",
            PlanError::NotADocument(_) => "not a document",
        }
    }
}
