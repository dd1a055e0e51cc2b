//! What every request shares: the configuration, the search index (opened
//! once, following the ingests' commits), the catalogue of plans (what lists,
//! comparisons and links need of each plan, kept in memory and refreshed from
//! the plans folder, each plan read once), and the upload store.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::Result;

use super::uploads::Uploads;
use super::Config;
use crate::compare::hierarchy::{hierarchy, Hierarchy};
use crate::index::PlanIndex;
use crate::model::Plan;
use crate::report::catalogue::PlanSummary;

/// How stale the catalogue may be: a listing of the plans folder costs a few
/// milliseconds per ten thousand plans, too much for every request.
const CATALOGUE_MAX_AGE: Duration = Duration::from_secs(1);

pub struct AppState {
    pub config: Config,
    pub uploads: Uploads,
    /// Two permits per core, one search running and one ready to take over:
    /// searches are CPU-bound, and more of them at once only share the cores,
    /// so under load every answer came as late as the slowest (32 connections
    /// over 10,000 plans: p99 320-357 ms unbounded, 123-137 ms bounded, at
    /// the same requests/s). Waiting in turn (the semaphore is fair) keeps
    /// each answer's time near its own cost plus the queue ahead of it; one
    /// permit per core lost a sixth of the requests/s to the hand-offs.
    /// A permit is held by the search itself, not by the request waiting
    /// on it, so a request given up on frees its turn only when its search ends.
    pub searching: Arc<tokio::sync::Semaphore>,
    index: Mutex<Option<Arc<PlanIndex>>>,
    catalogue: RwLock<Catalogue>,
}

#[derive(Default)]
struct Catalogue {
    plans: BTreeMap<String, Catalogued>,
    /// Built from the outlines when first asked for after a change.
    comparison: Option<Arc<Comparison>>,
    refreshed: Option<Instant>,
}

struct Catalogued {
    summary: Arc<PlanSummary>,
    outline: Plan,
}

/// Every plan's outline and the hierarchy their citations draw: what the
/// comparison pages and the links between plans are computed from.
pub struct Comparison {
    pub plans: Vec<Plan>,
    pub hierarchy: Hierarchy,
}

/// A plan without what only its own page shows (text, sections, tables):
/// metadata, citations, targets and programmes, a few kilobytes.
fn outline(mut plan: Plan) -> Plan {
    plan.text = String::new();
    plan.preamble = None;
    plan.sections = Vec::new();
    plan.closing = Default::default();
    plan.attachments = Vec::new();
    plan.footnotes = Vec::new();
    plan.projects = Vec::new();
    plan.assignments = Vec::new();
    plan.tables = Vec::new();
    plan
}

impl AppState {
    pub fn open(config: Config) -> Result<AppState> {
        let uploads = Uploads::open(&config.data_dir)?;
        let state = AppState {
            config,
            uploads,
            searching: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(1, |n| 2 * n.get()),
            )),
            index: Mutex::new(None),
            catalogue: RwLock::new(Catalogue::default()),
        };
        state.refresh_catalogue(true);
        Ok(state)
    }

    /// The index, once an ingest has created it.
    pub fn index(&self) -> Result<Option<Arc<PlanIndex>>> {
        let mut slot = self.index.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none()
            && crate::index::index_dir(&self.config.data_dir)
                .join("meta.json")
                .exists()
        {
            *slot = Some(Arc::new(PlanIndex::open_following(&self.config.data_dir)?));
        }
        Ok(slot.clone())
    }

    /// Every plan's summary, by id.
    pub fn plans(&self) -> Vec<Arc<PlanSummary>> {
        self.refresh_catalogue(false);
        let catalogue = self.catalogue.read().unwrap_or_else(|p| p.into_inner());
        catalogue
            .plans
            .values()
            .map(|c| c.summary.clone())
            .collect()
    }

    pub fn plan_summary(&self, id: &str) -> Option<Arc<PlanSummary>> {
        self.refresh_catalogue(false);
        let catalogue = self.catalogue.read().unwrap_or_else(|p| p.into_inner());
        catalogue.plans.get(id).map(|c| c.summary.clone())
    }

    /// The plans' outlines and hierarchy, as of the last refresh.
    pub fn comparison(&self) -> Arc<Comparison> {
        self.refresh_catalogue(false);
        if let Some(built) = &self
            .catalogue
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .comparison
        {
            return built.clone();
        }
        let mut catalogue = self.catalogue.write().unwrap_or_else(|p| p.into_inner());
        let plans: Vec<Plan> = catalogue
            .plans
            .values()
            .map(|c| c.outline.clone())
            .collect();
        let built = Arc::new(Comparison {
            hierarchy: hierarchy(&plans),
            plans,
        });
        catalogue.comparison = Some(built.clone());
        built
    }

    /// One plan, whole, from its JSON.
    pub fn plan(&self, id: &str) -> Result<Option<Plan>> {
        crate::write::read_plan(&self.config.data_dir, id)
    }

    /// Picks up plans written or removed since the last look, reading only
    /// the new ones.
    pub fn refresh_catalogue(&self, force: bool) {
        {
            let catalogue = self.catalogue.read().unwrap_or_else(|p| p.into_inner());
            if !force
                && catalogue
                    .refreshed
                    .is_some_and(|t| t.elapsed() < CATALOGUE_MAX_AGE)
            {
                return;
            }
        }
        let ids = crate::write::plan_ids(&self.config.data_dir).unwrap_or_default();
        let known: Vec<String> = {
            let catalogue = self.catalogue.read().unwrap_or_else(|p| p.into_inner());
            catalogue.plans.keys().cloned().collect()
        };
        let new: Vec<(String, Catalogued)> = ids
            .iter()
            .filter(|id| known.binary_search(id).is_err())
            .filter_map(|id| load(&self.config.data_dir, id).map(|c| (id.clone(), c)))
            .collect();
        let mut catalogue = self.catalogue.write().unwrap_or_else(|p| p.into_inner());
        let before = catalogue.plans.len();
        catalogue
            .plans
            .retain(|id, _| ids.binary_search(id).is_ok());
        if !new.is_empty() || catalogue.plans.len() != before {
            catalogue.comparison = None;
        }
        catalogue.plans.extend(new);
        catalogue.refreshed = Some(Instant::now());
    }
}

fn load(data_dir: &Path, id: &str) -> Option<Catalogued> {
    // A plan being replaced may vanish between the listing and the read.
    let plan = crate::write::read_plan(data_dir, id).ok().flatten()?;
    Some(Catalogued {
        summary: Arc::new(PlanSummary::of(&plan)),
        outline: outline(plan),
    })
}
