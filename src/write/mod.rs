//! Write: plans to disk, atomically. A reader never sees a half-written file:
//! each file is written to a uniquely named temporary sibling, then renamed
//! over. A killed process cannot leave half a file; against power loss the
//! batch flushes the file system once per checkpoint ([`sync_file_system`])
//! before its manifest records the checkpoint, instead of once per file.
//!
//! Temporary names carry the writer's pid (`.NAME.RANDOM.tmp-PID`), so that
//! cleaning up after a killed run removes only the files of dead processes
//! ([`remove_dead_temp_files`]), never those of a writer still at work.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::model::Plan;

/// Writes to `path` through a temporary file in the same directory: `fill`
/// writes the content, and the file replaces `path` only once it is whole.
pub fn atomic_write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .context("output path has no parent directory")?;
    let name = path
        .file_name()
        .context("output path has no file name")?
        .to_string_lossy();
    let suffix = temp_suffix();
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(&suffix)
        .tempfile_in(dir)
        .or_else(|_| {
            std::fs::create_dir_all(dir)?;
            tempfile::Builder::new()
                .prefix(&format!(".{name}."))
                .suffix(&suffix)
                .tempfile_in(dir)
        })
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    let mut out = BufWriter::new(tmp);
    fill(&mut out)?;
    let tmp = out
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot move {} into place", path.display()))?;
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    atomic_write_with(path, |out| Ok(out.write_all(bytes)?))
}

fn temp_suffix() -> String {
    format!("{TEMP_MARK}{}", std::process::id())
}

const TEMP_MARK: &str = ".tmp-";

/// The pid of the process writing the temporary file named `name`, if it is one.
fn temp_owner(name: &str) -> Option<i32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, pid) = name.rsplit_once(TEMP_MARK)?;
    pid.parse().ok()
}

/// Whether process `pid` is alive (or exists and belongs to someone else).
fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Removes the temporary files in `dir` whose writers are dead: what a killed
/// process left. Returns how many it removed.
pub fn remove_dead_temp_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let dead = temp_owner(&name.to_string_lossy()).is_some_and(|pid| !alive(pid));
        if dead && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The folder of plan JSON files in a data directory.
pub fn plans_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("plans")
}

/// Where a plan's JSON lives under a data directory.
pub fn plan_path(data_dir: &Path, id: &str) -> PathBuf {
    plans_dir(data_dir).join(format!("{id}.json"))
}

/// The ids of the plan JSON files in a data directory (temporary files aside).
pub fn plan_ids_on_disk(data_dir: &Path) -> Result<Vec<String>> {
    let dir = plans_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    };
    let mut ids = Vec::new();
    for entry in entries {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(id) = name
            .strip_suffix(".json")
            .filter(|_| !name.starts_with('.'))
        {
            ids.push(id.to_string());
        }
    }
    ids.sort();
    Ok(ids)
}

/// Writes one plan as compact JSON to `DIR/plans/ID.json` (`vnplan show`
/// prints it indented). The JSON streams to the file: a plan of a large
/// input is never held twice in memory.
pub fn write_plan(out_dir: &Path, plan: &Plan) -> Result<PathBuf> {
    let path = plan_path(out_dir, &plan.id);
    atomic_write_with(&path, |out| Ok(serde_json::to_writer(out, plan)?))?;
    Ok(path)
}

/// The JSON Schema (draft 2020-12) of [`Plan`].
pub fn plan_schema() -> serde_json::Value {
    let settings = schemars::gen::SchemaSettings::draft2019_09()
        .with(|s| s.meta_schema = Some("https://json-schema.org/draft/2020-12/schema".into()));
    let schema = settings.into_generator().into_root_schema_for::<Plan>();
    serde_json::to_value(schema).expect("schema serialises")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writers_in_parallel_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans").join("same.json");
        std::thread::scope(|s| {
            for n in 0..8u8 {
                let path = &path;
                s.spawn(move || atomic_write(path, &[n; 1000]).unwrap());
            }
        });
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.iter().all(|&b| b == bytes[0]) && bytes.len() == 1000);
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn only_temp_files_of_dead_processes_are_removed() {
        let data = tempfile::tempdir().unwrap();
        let dir = plans_dir(data.path());
        std::fs::create_dir_all(&dir).unwrap();
        // A pid above the kernel's limit (4,194,304) never belongs to a process.
        let dead = dir.join(".a.json.x1.tmp-99999999");
        let live = dir.join(format!(".b.json.x2.tmp-{}", std::process::id()));
        let plan = dir.join("c.json");
        for p in [&dead, &live, &plan] {
            std::fs::write(p, b"{}").unwrap();
        }
        assert_eq!(remove_dead_temp_files(&dir), 1);
        assert!(!dead.exists() && live.exists() && plan.exists());
        assert_eq!(plan_ids_on_disk(data.path()).unwrap(), ["c"]);
    }
}
