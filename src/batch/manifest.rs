//! The manifest: what the batch has done with every input, in `DIR/manifest.redb`.
//!
//! An embedded, crash-safe store (redb): a transaction either happened or did
//! not, whatever kills the process, and memory does not grow with the corpus.
//! Two tables: input -> [`Entry`] (JSON), and plan id -> inputs (several
//! inputs may hold the same bytes, hence the same plan). An input is its
//! canonical path as bytes: the file system's name for it, which need not be
//! UTF-8 and does not depend on how the path was typed.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use redb::{
    Database, MultimapTableDefinition, ReadOnlyDatabase, ReadTransaction, ReadableDatabase,
    ReadableMultimapTable, ReadableTable, TableDefinition,
};
use serde::{Deserialize, Serialize};

const INPUTS: TableDefinition<&[u8], &str> = TableDefinition::new("inputs");
const PLAN_INPUTS: MultimapTableDefinition<&str, &[u8]> =
    MultimapTableDefinition::new("plan_inputs");

pub const FILE_NAME: &str = "manifest.redb";
const MANIFEST_CACHE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Done,
    Failed,
}

/// One input as the last run that touched it left it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input's canonical path: the manifest's key.
    #[serde(skip)]
    pub input: PathBuf,
    /// The same path for people (lossy where the name is not UTF-8).
    pub path: String,
    /// BLAKE3 of the bytes read.
    pub hash: String,
    pub bytes: u64,
    pub status: Status,
    pub plan_id: Option<String>,
    /// Why it failed, for failed inputs.
    pub error: Option<String>,
    /// A short, stable category of the failure ("empty", "binary", "not a document", ...).
    pub reason: Option<String>,
    pub format: Option<String>,
    pub millis: u64,
    /// When this outcome was recorded, in seconds since the Unix epoch.
    #[serde(default)]
    pub at: u64,
}

fn key(input: &Path) -> &[u8] {
    input.as_os_str().as_bytes()
}

fn input_of(key: &[u8]) -> PathBuf {
    PathBuf::from(OsStr::from_bytes(key))
}

enum Db {
    Write(Database),
    Read(ReadOnlyDatabase),
}

pub struct Manifest {
    db: Db,
}

impl Manifest {
    /// Opens the manifest of `data_dir` to record work, creating it when absent.
    pub fn open(data_dir: &Path) -> Result<Manifest> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create {}", data_dir.display()))?;
        let path = data_dir.join(FILE_NAME);
        // A small page cache: the manifest is read one entry at a time, and
        // memory must not grow with the corpus.
        let db = redb::Builder::new()
            .set_cache_size(MANIFEST_CACHE_BYTES)
            .create(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let txn = db.begin_write()?;
        txn.open_table(INPUTS)?;
        txn.open_multimap_table(PLAN_INPUTS)?;
        txn.commit()?;
        Ok(Manifest { db: Db::Write(db) })
    }

    /// Opens the manifest of an existing data directory to read it, and
    /// writes nothing.
    pub fn open_read_only(data_dir: &Path) -> Result<Manifest> {
        require_data_dir(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        let db = redb::Builder::new()
            .set_cache_size(MANIFEST_CACHE_BYTES)
            .open_read_only(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        Ok(Manifest { db: Db::Read(db) })
    }

    fn read(&self) -> Result<ReadTransaction> {
        Ok(match &self.db {
            Db::Write(db) => db.begin_read()?,
            Db::Read(db) => db.begin_read()?,
        })
    }

    pub fn get(&self, input: &Path) -> Result<Option<Entry>> {
        let txn = self.read()?;
        let Ok(table) = txn.open_table(INPUTS) else {
            return Ok(None);
        };
        let found = table.get(key(input))?;
        found.map(|v| decode(key(input), v.value())).transpose()
    }

    /// Inputs that hold plan `plan_id`.
    pub fn inputs_of(&self, plan_id: &str) -> Result<Vec<PathBuf>> {
        let txn = self.read()?;
        let Ok(table) = txn.open_multimap_table(PLAN_INPUTS) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for input in table.get(plan_id)? {
            out.push(input_of(input?.value()));
        }
        Ok(out)
    }

    /// Every plan id some input holds, sorted.
    pub fn held_plans(&self) -> Result<Vec<String>> {
        let txn = self.read()?;
        let Ok(table) = txn.open_multimap_table(PLAN_INPUTS) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in table.iter()? {
            let (id, _) = row?;
            out.push(id.value().to_string());
        }
        Ok(out)
    }

    /// Records `entries` (replacing earlier ones for the same inputs) and
    /// forgets the `removed` inputs, in one transaction. A plan that no input
    /// holds after it is retired in the same transaction; its files are
    /// removed afterwards, or by the next run's recovery.
    pub fn commit(&self, entries: &[Entry], removed: &[PathBuf]) -> Result<()> {
        let Db::Write(db) = &self.db else {
            bail!("the manifest was opened read-only");
        };
        let txn = db.begin_write()?;
        {
            let mut table = txn.open_table(INPUTS)?;
            let mut plans = txn.open_multimap_table(PLAN_INPUTS)?;
            for input in removed
                .iter()
                .map(PathBuf::as_path)
                .chain(entries.iter().map(|e| e.input.as_path()))
            {
                let old: Option<Entry> = table
                    .get(key(input))?
                    .map(|v| decode(key(input), v.value()))
                    .transpose()?;
                if let Some(id) = old.and_then(|e| e.plan_id) {
                    plans.remove(id.as_str(), key(input))?;
                }
            }
            for input in removed {
                table.remove(key(input))?;
            }
            for e in entries {
                table.insert(key(&e.input), serde_json::to_string(e)?.as_str())?;
                if let Some(id) = &e.plan_id {
                    plans.insert(id.as_str(), key(&e.input))?;
                }
            }
        }
        txn.commit()?;
        Ok(())
    }

    /// Every entry, in input order.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let txn = self.read()?;
        let Ok(table) = txn.open_table(INPUTS) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in table.iter()? {
            let (k, v) = row?;
            out.push(decode(k.value(), v.value())?);
        }
        Ok(out)
    }
}

/// Fails unless `data_dir` is a data directory (it holds a manifest).
pub fn require_data_dir(data_dir: &Path) -> Result<()> {
    if !data_dir.join(FILE_NAME).is_file() {
        bail!(
            "{} is not a vnplan data directory (no {FILE_NAME}; `vnplan ingest` makes one)",
            data_dir.display()
        );
    }
    Ok(())
}

fn decode(key: &[u8], json: &str) -> Result<Entry> {
    let mut entry: Entry = serde_json::from_str(json).context("corrupt manifest entry")?;
    entry.input = input_of(key);
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(input: &[u8], plan: Option<&str>) -> Entry {
        let input = input_of(input);
        Entry {
            path: input.display().to_string(),
            input,
            hash: "h".into(),
            bytes: 1,
            status: if plan.is_some() {
                Status::Done
            } else {
                Status::Failed
            },
            plan_id: plan.map(str::to_string),
            error: None,
            reason: None,
            format: None,
            millis: 0,
            at: 0,
        }
    }

    #[test]
    fn entries_and_plan_inputs_stay_in_step() {
        let dir = tempfile::tempdir().unwrap();
        let m = Manifest::open(dir.path()).unwrap();
        m.commit(
            &[
                entry(b"/a", Some("p1")),
                entry(b"/b", Some("p1")),
                entry(b"/c", None),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(
            m.inputs_of("p1").unwrap(),
            [input_of(b"/a"), input_of(b"/b")]
        );
        m.commit(&[entry(b"/a", Some("p2"))], &[input_of(b"/b")])
            .unwrap();
        assert!(m.inputs_of("p1").unwrap().is_empty());
        assert_eq!(m.held_plans().unwrap(), ["p2"]);
        assert_eq!(m.entries().unwrap().len(), 2);
        drop(m);
        let reopened = Manifest::open_read_only(dir.path()).unwrap();
        let a = reopened.get(Path::new("/a")).unwrap().unwrap();
        assert_eq!(
            (a.plan_id.as_deref(), a.input.as_path()),
            (Some("p2"), Path::new("/a"))
        );
        assert!(reopened.get(Path::new("/b")).unwrap().is_none());
        assert!(reopened.commit(&[], &[]).is_err());
    }

    #[test]
    fn names_that_are_not_utf8_are_their_own_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let m = Manifest::open(dir.path()).unwrap();
        // Latin-1 "é" and the UTF-8 replacement character display alike.
        m.commit(
            &[
                entry(b"/in/k\xe9.txt", Some("p1")),
                entry("/in/k\u{fffd}.txt".as_bytes(), Some("p2")),
            ],
            &[],
        )
        .unwrap();
        let entries = m.entries().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].path, entries[1].path);
        assert_eq!(entries[0].input.as_os_str().as_bytes(), b"/in/k\xe9.txt");
    }

    #[test]
    fn a_folder_without_a_manifest_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let err = Manifest::open_read_only(dir.path()).err().unwrap();
        assert!(
            err.to_string().contains("not a vnplan data directory"),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
