//! Checks that a data directory is consistent: every input the manifest
//! records as done has its plan JSON, every plan JSON is held by an input,
//! and the index holds exactly each plan's passages, once, beside the plan's
//! record where a search by plan reads them. Reads only: a
//! directory that is not a data directory is an error, and nothing is created.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::manifest::{Manifest, Status};
use super::store;
use crate::index::passage::passages;
use crate::index::PlanIndex;
use crate::model::Plan;
use crate::write::{plan_ids_on_disk, plan_path};

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Consistency {
    pub inputs: usize,
    pub failed_inputs: usize,
    pub plans: usize,
    pub indexed_plans: usize,
    pub passages: usize,
    /// Every inconsistency found; empty when the directory is sound.
    pub problems: Vec<String>,
}

impl Consistency {
    /// Sound, and every input written.
    pub fn clean(&self) -> bool {
        self.problems.is_empty() && self.failed_inputs == 0
    }
}

pub fn verify(data_dir: &Path) -> Result<Consistency> {
    store::ensure_no_writer(data_dir)?;
    let manifest = Manifest::open_read_only(data_dir)?;
    let entries = manifest.entries()?;
    let held: BTreeSet<String> = entries
        .iter()
        .filter(|e| e.status == Status::Done)
        .filter_map(|e| e.plan_id.clone())
        .collect();
    let mut report = Consistency {
        inputs: entries.len(),
        failed_inputs: entries
            .iter()
            .filter(|e| e.status == Status::Failed)
            .count(),
        ..Consistency::default()
    };
    let mut on_disk: BTreeMap<String, usize> = BTreeMap::new();
    for id in plan_ids_on_disk(data_dir)? {
        let path = plan_path(data_dir, &id);
        match std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Plan>(&b).ok())
        {
            Some(plan) if plan.id == id => {
                on_disk.insert(id, passages(&plan).len());
            }
            Some(plan) => report.problems.push(format!(
                "{} holds plan {}, not {id}",
                path.display(),
                plan.id
            )),
            None => report
                .problems
                .push(format!("{}: unreadable plan JSON", path.display())),
        }
    }
    report.plans = on_disk.len();
    for id in held.iter().filter(|id| !on_disk.contains_key(*id)) {
        report
            .problems
            .push(format!("plan {id} is recorded as done but has no JSON"));
    }
    for id in on_disk.keys().filter(|id| !held.contains(*id)) {
        report
            .problems
            .push(format!("plan {id} has a JSON but no input holds it"));
    }
    let index = PlanIndex::open(data_dir)?;
    let indexed = index.plan_passages()?;
    report.indexed_plans = indexed.len();
    report.passages = indexed.values().sum();
    for (id, expected) in &on_disk {
        match indexed.get(id) {
            None => report
                .problems
                .push(format!("plan {id} is not in the index")),
            Some(n) if n != expected => report.problems.push(format!(
                "plan {id} has {n} passages in the index, not {expected}"
            )),
            _ => {}
        }
    }
    for (id, beside, all) in index.plans_apart_from_records()? {
        report.problems.push(format!(
            "plan {id}: {} of its {all} passages stand apart from its record, where a search by plan does not read them (ingest it again)",
            all.saturating_sub(beside)
        ));
    }
    for id in indexed.keys().filter(|id| !on_disk.contains_key(*id)) {
        report
            .problems
            .push(format!("the index holds plan {id}, which has no JSON"));
    }
    Ok(report)
}
