//! The manifest: what the batch has done with every input, in `DIR/manifest.redb`.
//!
//! An embedded, crash-safe store (redb): a transaction either happened or did
//! not, whatever kills the process, and memory does not grow with the corpus.
//! Two tables: input path -> [`Entry`] (JSON), and plan id -> paths (several
//! inputs may hold the same bytes, hence the same plan).

use std::path::Path;

use anyhow::{Context, Result};
use redb::{Database, MultimapTableDefinition, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

const ENTRIES: TableDefinition<&str, &str> = TableDefinition::new("entries");
const PLAN_PATHS: MultimapTableDefinition<&str, &str> = MultimapTableDefinition::new("plan_paths");

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
}

pub struct Manifest {
    db: Database,
}

impl Manifest {
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
        txn.open_table(ENTRIES)?;
        txn.open_multimap_table(PLAN_PATHS)?;
        txn.commit()?;
        Ok(Manifest { db })
    }

    pub fn get(&self, path: &str) -> Result<Option<Entry>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(ENTRIES)?;
        let found = table.get(path)?;
        found
            .map(|v| serde_json::from_str(v.value()).context("corrupt manifest entry"))
            .transpose()
    }

    /// Paths that hold plan `plan_id`.
    pub fn paths_of(&self, plan_id: &str) -> Result<Vec<String>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_multimap_table(PLAN_PATHS)?;
        let mut out = Vec::new();
        for path in table.get(plan_id)? {
            out.push(path?.value().to_string());
        }
        Ok(out)
    }

    /// Records `entries` (replacing earlier ones for the same paths) and forgets
    /// `removed` paths, in one transaction.
    pub fn commit(&self, entries: &[Entry], removed: &[String]) -> Result<()> {
        let txn = self.db.begin_write()?;
        {
            let mut table = txn.open_table(ENTRIES)?;
            let mut plans = txn.open_multimap_table(PLAN_PATHS)?;
            for path in removed
                .iter()
                .map(String::as_str)
                .chain(entries.iter().map(|e| e.path.as_str()))
            {
                let old: Option<Entry> = table
                    .get(path)?
                    .map(|v| serde_json::from_str(v.value()))
                    .transpose()?;
                if let Some(id) = old.and_then(|e| e.plan_id) {
                    plans.remove(id.as_str(), path)?;
                }
            }
            for path in removed {
                table.remove(path.as_str())?;
            }
            for e in entries {
                table.insert(e.path.as_str(), serde_json::to_string(e)?.as_str())?;
                if let Some(id) = &e.plan_id {
                    plans.insert(id.as_str(), e.path.as_str())?;
                }
            }
        }
        txn.commit()?;
        Ok(())
    }

    /// Every entry, in path order.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(ENTRIES)?;
        let mut out = Vec::new();
        for row in table.iter()? {
            let (_, v) = row?;
            out.push(serde_json::from_str(v.value()).context("corrupt manifest entry")?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, plan: Option<&str>) -> Entry {
        Entry {
            path: path.into(),
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
        }
    }

    #[test]
    fn entries_and_plan_paths_stay_in_step() {
        let dir = tempfile::tempdir().unwrap();
        let m = Manifest::open(dir.path()).unwrap();
        m.commit(
            &[
                entry("a", Some("p1")),
                entry("b", Some("p1")),
                entry("c", None),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(m.paths_of("p1").unwrap(), ["a", "b"]);
        m.commit(&[entry("a", Some("p2"))], &["b".into()]).unwrap();
        assert!(m.paths_of("p1").unwrap().is_empty());
        assert_eq!(m.paths_of("p2").unwrap(), ["a"]);
        assert_eq!(m.entries().unwrap().len(), 2);
        drop(m);
        let reopened = Manifest::open(dir.path()).unwrap();
        assert_eq!(
            reopened.get("a").unwrap().unwrap().plan_id.as_deref(),
            Some("p2")
        );
        assert!(reopened.get("b").unwrap().is_none());
    }
}
