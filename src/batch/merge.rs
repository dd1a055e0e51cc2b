//! Joins the data directories of shard runs into one: manifests, plans and
//! the index. Merging the shards of a corpus gives what one unsharded run gives.

use std::path::Path;

use anyhow::{Context, Result};

use super::manifest::{Manifest, Status};
use crate::index::PlanIndex;
use crate::model::Plan;
use crate::write::{plan_path, write_plan};

/// Entries per manifest transaction while merging.
const MERGE_CHECKPOINT: usize = 1024;

/// Merges `shards` into `out`; returns the number of inputs merged.
pub fn merge(shards: &[&Path], out: &Path) -> Result<usize> {
    let manifest = Manifest::open(out)?;
    let index = PlanIndex::open_or_create(out)?;
    let mut writer = index.writer()?;
    let mut merged = 0;
    for shard in shards {
        let entries = Manifest::open(shard)
            .with_context(|| format!("{}: not a data directory", shard.display()))?
            .entries()?;
        for chunk in entries.chunks(MERGE_CHECKPOINT) {
            for entry in chunk.iter().filter(|e| e.status == Status::Done) {
                let id = entry
                    .plan_id
                    .as_deref()
                    .context("a done entry without a plan")?;
                let source = plan_path(shard, id);
                let bytes = std::fs::read(&source)
                    .with_context(|| format!("cannot read {}", source.display()))?;
                let plan: Plan = serde_json::from_slice(&bytes)
                    .with_context(|| format!("{}: not a plan", source.display()))?;
                write_plan(out, &plan)?;
                writer.put(&plan)?;
            }
            writer.commit()?;
            manifest.commit(chunk, &[])?;
            merged += chunk.len();
        }
    }
    writer.finish()?;
    Ok(merged)
}
