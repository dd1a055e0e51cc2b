//! Joins the data directories of shard runs into one: manifests, plans and
//! the index. Merging the shards of a corpus gives what one unsharded run
//! gives. The shards are only read; the output is written as ingest writes
//! it (locked, recovered first, checkpoints in the same order).

use std::path::Path;

use anyhow::{Context, Result};

use super::manifest::{Manifest, Status};
use super::store;
use crate::index::PlanIndex;
use crate::model::Plan;
use crate::write::{atomic_write, plan_path, sync_file_system};

/// Entries per manifest transaction while merging.
const MERGE_CHECKPOINT: usize = 1024;

/// Merges `shards` into `out`; returns the number of inputs merged.
pub fn merge(shards: &[&Path], out: &Path) -> Result<usize> {
    // Every shard is checked before the output is touched: a mistyped shard
    // creates nothing.
    let mut sources = Vec::with_capacity(shards.len());
    for shard in shards {
        store::ensure_no_writer(shard)?;
        sources.push((shard, Manifest::open_read_only(shard)?));
    }
    let _lock = store::lock(out, "merge")?;
    let manifest = Manifest::open(out)?;
    let index = PlanIndex::open_or_create(out)?;
    let mut writer = index.writer()?;
    store::recover(out, &manifest, &mut writer)?;
    let mut merged = 0;
    for (shard, source) in sources {
        let entries = source.entries()?;
        for chunk in entries.chunks(MERGE_CHECKPOINT) {
            let mut retired = Vec::new();
            for entry in chunk {
                let previous = manifest.get(&entry.input)?.and_then(|e| e.plan_id);
                retired.extend(previous.filter(|p| entry.plan_id.as_ref() != Some(p)));
                if entry.status != Status::Done {
                    continue;
                }
                let id = entry
                    .plan_id
                    .as_deref()
                    .context("a done entry without a plan")?;
                let source = plan_path(shard, id);
                let bytes = std::fs::read(&source)
                    .with_context(|| format!("cannot read {}", source.display()))?;
                let plan: Plan = serde_json::from_slice(&bytes)
                    .with_context(|| format!("{}: not a plan", source.display()))?;
                atomic_write(&plan_path(out, id), &bytes)?;
                writer.put(&plan)?;
            }
            writer.commit()?;
            sync_file_system(out)?;
            manifest.commit(chunk, &[])?;
            store::retire(&retired, out, &manifest, &mut writer)?;
            merged += chunk.len();
        }
    }
    writer.finish()?;
    Ok(merged)
}
