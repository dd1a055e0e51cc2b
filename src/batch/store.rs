//! A data directory as its one writer holds it: the lock, recovery from an
//! interrupted run, and retiring plans that no input holds any more.
//!
//! Plans are written before the manifest records them and removed after it
//! forgets them, so a run killed at any moment leaves at worst plan files and
//! index documents that no input holds. [`recover`] removes exactly those
//! (and the temporary files of dead writers) at the start of every run,
//! before any new work: then every plan on disk and in the index is held.

use std::collections::BTreeSet;
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Serialize;

use super::manifest::Manifest;
use crate::index::PlanWriter;
use crate::write::{plan_ids_on_disk, plan_path, plans_dir, remove_dead_temp_files};

const LOCK_FILE: &str = "writer.lock";

/// The right to write a data directory, held until dropped (an advisory
/// lock, released by the kernel however the process ends).
pub struct WriterLock {
    _file: File,
}

/// Takes the writer lock of `data_dir` (created when absent) for `command`,
/// before anything else opens the directory.
pub fn lock(data_dir: &Path, command: &str) -> Result<WriterLock> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let path = data_dir.join(LOCK_FILE);
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => bail!("{}", holder(&mut file, data_dir)),
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
    file.set_len(0)?;
    file.rewind()?;
    write!(file, "{} {command}", std::process::id())?;
    Ok(WriterLock { _file: file })
}

/// Fails when a writer holds `data_dir`: what it is writing is not settled
/// yet. Reads the lock, never creates it.
pub fn ensure_no_writer(data_dir: &Path) -> Result<()> {
    let Ok(mut file) = File::open(data_dir.join(LOCK_FILE)) else {
        return Ok(());
    };
    match file.try_lock_shared() {
        Err(TryLockError::WouldBlock) => bail!("{}", holder(&mut file, data_dir)),
        _ => Ok(()),
    }
}

/// "another ingest is running in DIR (pid N)", from what the holder wrote.
fn holder(file: &mut File, data_dir: &Path) -> String {
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    let (pid, command) = text.trim().split_once(' ').unwrap_or(("?", "ingest"));
    format!(
        "another {command} is running in {} (pid {pid})",
        data_dir.display()
    )
}

/// What recovery removed.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Recovery {
    /// Temporary files of writers that died.
    pub temp_files: usize,
    /// Plans (JSON or index documents) that no input held.
    pub unheld_plans: usize,
}

/// Removes what an interrupted run left: temporary files of dead writers,
/// and plan JSON and index documents that no input holds.
pub fn recover(data_dir: &Path, manifest: &Manifest, writer: &mut PlanWriter) -> Result<Recovery> {
    let temp_files = remove_dead_temp_files(&plans_dir(data_dir));
    let held: BTreeSet<String> = manifest.held_plans()?.into_iter().collect();
    let mut unheld: BTreeSet<String> = plan_ids_on_disk(data_dir)?.into_iter().collect();
    unheld.extend(writer.indexed_plan_ids()?);
    let unheld: Vec<String> = unheld.difference(&held).cloned().collect();
    remove_plans(&unheld, data_dir, writer)?;
    Ok(Recovery {
        temp_files,
        unheld_plans: unheld.len(),
    })
}

/// Removes the plans of `ids` that no input holds any more (index, then
/// JSON); returns how many.
pub fn retire(
    ids: &[String],
    data_dir: &Path,
    manifest: &Manifest,
    writer: &mut PlanWriter,
) -> Result<usize> {
    let mut unheld = Vec::new();
    for id in ids {
        if manifest.inputs_of(id)?.is_empty() {
            unheld.push(id.clone());
        }
    }
    unheld.sort();
    unheld.dedup();
    remove_plans(&unheld, data_dir, writer)?;
    Ok(unheld.len())
}

/// Index first: a plan JSON outlives its index documents, so whatever kills
/// the process, an index document always has its JSON for recovery to find.
fn remove_plans(ids: &[String], data_dir: &Path, writer: &mut PlanWriter) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    for id in ids {
        writer.remove(id);
    }
    writer.commit()?;
    for id in ids {
        let path = plan_path(data_dir, id);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("cannot remove {}", path.display()))
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let _held = lock(dir.path(), "ingest").unwrap();
        let err = lock(dir.path(), "merge").err().unwrap().to_string();
        let expected = format!(
            "another ingest is running in {} (pid {})",
            dir.path().display(),
            std::process::id()
        );
        assert_eq!(err, expected);
        assert_eq!(
            ensure_no_writer(dir.path()).unwrap_err().to_string(),
            expected
        );
        drop(_held);
        assert!(ensure_no_writer(dir.path()).is_ok());
        assert!(lock(dir.path(), "merge").is_ok());
    }
}
