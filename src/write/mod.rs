//! Write: plans to disk, atomically. A reader never sees a half-written file:
//! each file is written to a temporary sibling, then renamed over. A killed
//! process cannot leave half a file; against power loss the batch flushes the
//! file system once per checkpoint ([`sync_file_system`]) before its manifest
//! records the checkpoint, instead of once per file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::model::Plan;

/// Writes `bytes` to `path` through a temporary file in the same directory.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .context("output path has no parent directory")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().unwrap().to_string_lossy(),
        std::process::id()
    ));
    let mut file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    file.write_all(bytes)?;
    drop(file);
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot move {} into place", path.display()))?;
    Ok(())
}

/// The folder of plan JSON files in a data directory.
pub fn plans_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("plans")
}

/// Where a plan's JSON lives under a data directory.
pub fn plan_path(data_dir: &Path, id: &str) -> PathBuf {
    plans_dir(data_dir).join(format!("{id}.json"))
}

/// Writes one plan as compact JSON to `DIR/plans/ID.json` (`vnplan show`
/// prints it indented).
pub fn write_plan(out_dir: &Path, plan: &Plan) -> Result<PathBuf> {
    let path = plan_path(out_dir, &plan.id);
    let json = serde_json::to_vec(plan)?;
    atomic_write(&path, &json)?;
    Ok(path)
}

/// Reads the plan `id` of a data directory; `None` when it has no such plan.
pub fn read_plan(data_dir: &Path, id: &str) -> Result<Option<Plan>> {
    if !is_plan_id(id) {
        return Ok(None);
    }
    let path = plan_path(data_dir, id);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .with_context(|| format!("{}: not a plan JSON", path.display()))
}

/// The ids of every plan of a data directory, sorted.
pub fn plan_ids(data_dir: &Path) -> Result<Vec<String>> {
    let dir = plans_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    };
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = name.strip_suffix(".json")?;
            is_plan_id(id).then(|| id.to_string())
        })
        .collect();
    ids.sort();
    Ok(ids)
}

/// Plan ids are hex digits: anything else (a path, "..") names no plan.
pub fn is_plan_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The JSON Schema (draft 2020-12) of [`Plan`].
pub fn plan_schema() -> serde_json::Value {
    let settings = schemars::gen::SchemaSettings::draft2019_09()
        .with(|s| s.meta_schema = Some("https://json-schema.org/draft/2020-12/schema".into()));
    let schema = settings.into_generator().into_root_schema_for::<Plan>();
    serde_json::to_value(schema).expect("schema serialises")
}

/// Flushes a directory's entries to disk, so that a file renamed into it
/// survives a power loss.
pub fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))
}

/// Flushes the file system holding `dir` to disk (one `syncfs`).
pub fn sync_file_system(dir: &Path) -> Result<()> {
    use std::os::fd::AsRawFd;
    let handle =
        std::fs::File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
    // SAFETY: syncfs only reads the descriptor, which `handle` keeps open.
    if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
        return Err(std::io::Error::last_os_error())
            .with_context(|| format!("cannot sync {}", dir.display()));
    }
    Ok(())
}
