//! Facet counts of a search: for each value of each facet, how many plans
//! have a matching passage with it, the files of one document
//! ([`super::identity`]) counting as one plan. Asked for, not computed with
//! every search: it walks every match, where hits stop at the page.
//!
//! A plan's passages are added together and sit side by side in a segment,
//! so a plan's values are gathered while walking it and given to its
//! document when the walk leaves it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;
use tantivy::columnar::StrColumn;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocId, Searcher};

use super::passage::tag_key;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Facets {
    /// Passages matching.
    pub passages: usize,
    /// Plans with a passage matching.
    pub plans: usize,
    pub programmes: Vec<Count>,
    pub projects: Vec<ProjectCount>,
    /// Section kinds (and "title", "annex", "table", ...).
    pub kinds: Vec<Count>,
    pub doc_types: Vec<Count>,
    pub levels: Vec<Count>,
    pub provinces: Vec<Count>,
    pub localities: Vec<Count>,
    pub years: Vec<Count>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Count {
    pub value: String,
    pub plans: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProjectCount {
    pub programme: String,
    /// "5" or "3.2".
    pub number: String,
    pub plans: usize,
}

/// The string facets, by fast field name.
const STRING_FACETS: [&str; 7] = [
    "programmes",
    "projects",
    "kind",
    "doc_type",
    "level",
    "province",
    "locality",
];

/// Counts over the passages matching any of `tiers`.
pub fn count(searcher: &Searcher, tiers: &[Box<dyn Query>]) -> tantivy::Result<Facets> {
    // Facet -> value -> documents.
    let mut counts: BTreeMap<&str, BTreeMap<String, HashSet<u64>>> = BTreeMap::new();
    let mut passages = 0;
    let mut documents: HashSet<u64> = HashSet::new();
    let weights = tiers
        .iter()
        .map(|t| t.weight(EnableScoring::disabled_from_searcher(searcher)))
        .collect::<tantivy::Result<Vec<_>>>()?;
    for reader in searcher.segment_readers() {
        let fast = reader.fast_fields();
        let plan_keys = fast.u64("plan_key")?;
        let document_keys = fast.u64("document_key")?;
        let years = fast.i64("year")?;
        let columns: Vec<(&str, Option<StrColumn>)> = STRING_FACETS
            .iter()
            .map(|name| Ok((*name, fast.str(name)?)))
            .collect::<tantivy::Result<_>>()?;
        let mut docs: Vec<DocId> = Vec::new();
        for w in &weights {
            w.for_each_no_score(reader, &mut |block| docs.extend_from_slice(block))?;
        }
        docs.sort_unstable();
        docs.dedup();
        let alive = reader.alive_bitset();
        // The plan being walked, and its document.
        let mut current: Option<(u64, u64)> = None;
        // Ordinals (per facet) and years of the plan being walked.
        let mut ords: Vec<BTreeSet<u64>> = vec![BTreeSet::new(); columns.len()];
        let mut plan_years: BTreeSet<i64> = BTreeSet::new();
        let mut flush =
            |document: u64, ords: &mut Vec<BTreeSet<u64>>, plan_years: &mut BTreeSet<i64>| {
                for ((name, column), seen) in columns.iter().zip(ords.iter_mut()) {
                    if let Some(column) = column {
                        let mut value = String::new();
                        for ord in std::mem::take(seen) {
                            value.clear();
                            if column.ord_to_str(ord, &mut value).unwrap_or(false) {
                                counts
                                    .entry(name)
                                    .or_default()
                                    .entry(value.clone())
                                    .or_default()
                                    .insert(document);
                            }
                        }
                    }
                }
                for y in std::mem::take(plan_years) {
                    counts
                        .entry("year")
                        .or_default()
                        .entry(y.to_string())
                        .or_default()
                        .insert(document);
                }
            };
        for doc in docs {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                continue;
            }
            passages += 1;
            let plan = plan_keys.first(doc).unwrap_or(0);
            if current.is_none_or(|(p, _)| p != plan) {
                if let Some((_, document)) = current {
                    flush(document, &mut ords, &mut plan_years);
                }
                let document = document_keys.first(doc).unwrap_or(0);
                documents.insert(document);
                current = Some((plan, document));
            }
            for ((_, column), seen) in columns.iter().zip(ords.iter_mut()) {
                if let Some(column) = column {
                    seen.extend(column.term_ords(doc));
                }
            }
            plan_years.extend(years.first(doc));
        }
        if let Some((_, document)) = current {
            flush(document, &mut ords, &mut plan_years);
        }
    }
    let mut take = |name: &str| -> Vec<Count> {
        let mut list: Vec<Count> = counts
            .remove(name)
            .unwrap_or_default()
            .into_iter()
            .map(|(value, plans)| Count {
                value,
                plans: plans.len(),
            })
            .collect();
        list.sort_by(|a, b| b.plans.cmp(&a.plans).then(a.value.cmp(&b.value)));
        list
    };
    let projects = take("projects")
        .into_iter()
        .filter_map(|c| {
            let key = tag_key(&c.value)?;
            Some(ProjectCount {
                number: key.number(),
                programme: key.programme,
                plans: c.plans,
            })
        })
        .collect();
    let mut years = take("year");
    years.sort_by(|a, b| b.value.cmp(&a.value));
    Ok(Facets {
        passages,
        plans: documents.len(),
        programmes: take("programmes"),
        projects,
        kinds: take("kind"),
        doc_types: take("doc_type"),
        levels: take("level"),
        provinces: take("province"),
        localities: take("locality"),
        years,
    })
}
