//! Uploads: files people send through the API, stored under `DIR/uploads`
//! by content hash and ingested by one background worker through the same
//! batch as `vnplan ingest`, so they get its isolation, checkpoints and crash
//! safety.
//!
//! A file is accepted only once it is on disk, flushed, under its final name
//! (`uploads/ID/NAME`, ID the first 16 hex digits of its BLAKE3 hash, as plan
//! ids are). What the worker has done with it is the batch's manifest, so a
//! server killed at any moment loses nothing it accepted: on restart the
//! worker's first run ingests whatever the manifest does not record, and
//! skips the rest. The same bytes uploaded twice are one upload.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use crate::batch;
use crate::batch::manifest::{Entry, Manifest, Status};

/// Where uploads being received are written before they are accepted; the
/// batch skips hidden folders.
const INCOMING: &str = ".incoming";
/// How long the worker waits before trying again when a run failed (another
/// ingest holds the data directory, the disk is full, ...).
const RETRY_AFTER: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UploadState {
    /// Stored, waiting for the worker.
    Queued,
    /// In the worker's current run.
    Ingesting,
    /// Read into a plan.
    Done,
    /// Stored, but could not be read as a document: `error` says why.
    Failed,
}

impl UploadState {
    pub fn name(self) -> &'static str {
        match self {
            UploadState::Queued => "queued",
            UploadState::Ingesting => "ingesting",
            UploadState::Done => "done",
            UploadState::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct UploadStatus {
    /// The upload's id: the first 16 hex digits of the BLAKE3 hash of its bytes.
    pub id: String,
    /// The file name it was sent with.
    pub name: String,
    pub bytes: u64,
    pub state: UploadState,
    /// The plan it became, once done.
    pub plan_id: Option<String>,
    /// Why it failed, in plain words.
    pub error: Option<String>,
}

pub struct Uploads {
    data_dir: PathBuf,
    root: PathBuf,
    statuses: Mutex<HashMap<String, UploadStatus>>,
    /// Set when there is work, or the worker must stop.
    signal: (Mutex<Wake>, Condvar),
    /// Ends a run in progress after the files already started: a server
    /// shutting down does not wait for a long queue of OCR.
    halt: Arc<AtomicBool>,
}

#[derive(Default)]
struct Wake {
    pending: bool,
    stop: bool,
}

impl Uploads {
    pub fn open(data_dir: &Path) -> Result<Uploads> {
        let root = data_dir.join("uploads");
        let incoming = root.join(INCOMING);
        std::fs::create_dir_all(&incoming)
            .with_context(|| format!("cannot create {}", incoming.display()))?;
        remove_abandoned(&incoming);
        let uploads = Uploads {
            data_dir: data_dir.to_path_buf(),
            root,
            statuses: Mutex::new(HashMap::new()),
            signal: (
                Mutex::new(Wake {
                    pending: true,
                    stop: false,
                }),
                Condvar::new(),
            ),
            halt: Arc::default(),
        };
        uploads.load_stored()?;
        Ok(uploads)
    }

    /// Stores one file and queues it; the same bytes stored before are the
    /// same upload, returned as they stand.
    pub fn store(&self, name: &str, bytes: &[u8]) -> Result<UploadStatus> {
        let id = crate::plan_id(bytes).0;
        if let Some(known) = self.status(&id) {
            return Ok(known);
        }
        let name = safe_file_name(name);
        let dir = self.root.join(&id);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let mut file = tempfile::NamedTempFile::new_in(self.root.join(INCOMING))
            .context("cannot store the upload")?;
        file.write_all(bytes).context("cannot store the upload")?;
        file.as_file()
            .sync_all()
            .context("cannot store the upload")?;
        file.persist(dir.join(&name))
            .map_err(|e| e.error)
            .context("cannot store the upload")?;
        crate::write::sync_dir(&dir)?;
        let status = UploadStatus {
            id: id.clone(),
            name,
            bytes: bytes.len() as u64,
            state: UploadState::Queued,
            plan_id: None,
            error: None,
        };
        self.lock().insert(id, status.clone());
        self.wake();
        Ok(status)
    }

    pub fn status(&self, id: &str) -> Option<UploadStatus> {
        self.lock().get(id).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, UploadStatus>> {
        self.statuses.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wake(&self) {
        let (lock, condvar) = &self.signal;
        lock.lock().unwrap_or_else(|p| p.into_inner()).pending = true;
        condvar.notify_all();
    }

    /// The uploads already on disk, queued until the worker's first run says
    /// what became of them.
    fn load_stored(&self) -> Result<()> {
        let mut statuses = self.lock();
        for (id, path) in stored_files(&self.root)? {
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            statuses.insert(
                id.clone(),
                UploadStatus {
                    id,
                    name,
                    bytes,
                    state: UploadState::Queued,
                    plan_id: None,
                    error: None,
                },
            );
        }
        Ok(())
    }

    /// Takes what the manifest says of every stored upload.
    fn record_outcomes(&self) -> Result<()> {
        let manifest = Manifest::open_read_only(&self.data_dir)?;
        let files = stored_files(&self.root)?;
        let mut statuses = self.lock();
        for (id, path) in files {
            // The manifest knows inputs by their canonical paths.
            let Ok(input) = std::fs::canonicalize(&path) else {
                continue;
            };
            let Some(entry) = manifest.get(&input)? else {
                continue;
            };
            if let Some(status) = statuses.get_mut(&id) {
                apply(status, &entry);
            }
        }
        Ok(())
    }

    fn move_state(&self, from: UploadState, to: UploadState) {
        for status in self.lock().values_mut() {
            if status.state == from {
                status.state = to;
            }
        }
    }
}

fn apply(status: &mut UploadStatus, entry: &Entry) {
    match entry.status {
        Status::Done => {
            status.state = UploadState::Done;
            status.plan_id = entry.plan_id.clone();
            status.error = None;
        }
        Status::Failed => {
            status.state = UploadState::Failed;
            status.plan_id = None;
            status.error = entry.error.clone();
        }
    }
}

/// Every stored upload: (id, path of its file).
fn stored_files(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root).with_context(|| format!("cannot list {}", root.display()))? {
        let dir = dir?;
        let Ok(id) = dir.file_name().into_string() else {
            continue;
        };
        if !crate::write::is_plan_id(&id) || !dir.path().is_dir() {
            continue;
        }
        if let Some(file) = std::fs::read_dir(dir.path())?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| p.is_file())
        {
            out.push((id, file));
        }
    }
    out.sort();
    Ok(out)
}

/// Receiving files older than any request may last belong to no live
/// request: a server stopped while receiving them left them.
fn remove_abandoned(incoming: &Path) {
    let Ok(entries) = std::fs::read_dir(incoming) else {
        return;
    };
    let cutoff = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < cutoff);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The last component of a client's file name, without control characters,
/// never empty, never hidden, at most 120 characters.
pub fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "upload".to_string()
    } else {
        cleaned
    }
}

/// The background worker: one thread that runs the batch over the upload
/// folder whenever something was stored, and once at start.
pub struct Worker {
    state: Arc<AppState>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    pub fn start(state: Arc<AppState>) -> Worker {
        let for_thread = state.clone();
        let thread = std::thread::Builder::new()
            .name("vnplan-ingest".into())
            .spawn(move || work(&for_thread))
            .expect("the ingest thread starts");
        Worker {
            state,
            thread: Some(thread),
        }
    }

    /// Asks the worker to stop after the files it has started and waits for
    /// it; the files left are ingested on the next start.
    pub fn stop(mut self) {
        self.state.uploads.halt.store(true, Ordering::Relaxed);
        let (lock, condvar) = &self.state.uploads.signal;
        lock.lock().unwrap_or_else(|p| p.into_inner()).stop = true;
        condvar.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn work(state: &AppState) {
    let uploads = &state.uploads;
    loop {
        {
            let (lock, condvar) = &uploads.signal;
            let mut wake = lock.lock().unwrap_or_else(|p| p.into_inner());
            while !wake.pending && !wake.stop {
                wake = condvar.wait(wake).unwrap_or_else(|p| p.into_inner());
            }
            if wake.stop {
                return;
            }
            wake.pending = false;
        }
        uploads.move_state(UploadState::Queued, UploadState::Ingesting);
        // Statuses come from the manifest once the run has committed, and
        // after the catalogue has the plans: "done" links to a plan that is
        // there.
        let run = batch::run(
            std::slice::from_ref(&uploads.root),
            &state.config.data_dir,
            &batch::Options {
                stop: uploads.halt.clone(),
                ..batch::Options::default()
            },
            &batch::Silent,
        )
        .and_then(|_| {
            state.refresh_catalogue(true);
            uploads.record_outcomes()
        });
        match run {
            Ok(()) => {}
            Err(err) => {
                eprintln!("vnplan serve: ingest of uploads failed, trying again: {err:#}");
                uploads.move_state(UploadState::Ingesting, UploadState::Queued);
                std::thread::sleep(RETRY_AFTER);
                uploads.wake();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_and_controls() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(
            safe_file_name("C:\\Users\\a\\kế hoạch.docx"),
            "kế hoạch.docx"
        );
        assert_eq!(safe_file_name(".hidden"), "hidden");
        assert_eq!(safe_file_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(safe_file_name(""), "upload");
        assert_eq!(safe_file_name("..."), "upload");
    }

    #[test]
    fn the_same_bytes_are_one_upload() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = Uploads::open(dir.path()).unwrap();
        let a = uploads.store("a.txt", b"KE HOACH").unwrap();
        let b = uploads.store("b.txt", b"KE HOACH").unwrap();
        assert_eq!(a, b);
        assert_eq!(stored_files(&uploads.root).unwrap().len(), 1);
        let reopened = Uploads::open(dir.path()).unwrap();
        assert_eq!(reopened.status(&a.id).unwrap().state, UploadState::Queued);
    }
}
