//! Facet counts of a search: for each value of each facet, how many plans
//! have a matching passage with it, the files of one document
//! ([`super::identity`]) counting as one plan. Asked for, not computed with
//! every search: it walks every match, where hits stop at the page.
//!
//! A plan's passages are added together and sit side by side in a segment,
//! so a plan's values are gathered while walking it and given to its
//! document when the walk leaves it.

use std::collections::BTreeMap;

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
    /// The facets [`Facets::top`] cut: how many values each has in full.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<&'static str, usize>,
}

impl Facets {
    /// The same counts with at most `n` values per facet, those of the most
    /// plans (years: the latest), so that an answer's size does not grow
    /// with the places indexed (thousands of localities).
    pub fn top(&self, n: usize) -> Facets {
        let mut values = self.values.clone();
        Facets {
            passages: self.passages,
            plans: self.plans,
            programmes: cut(&mut values, "programmes", &self.programmes, n),
            projects: cut(&mut values, "projects", &self.projects, n),
            kinds: cut(&mut values, "kinds", &self.kinds, n),
            doc_types: cut(&mut values, "doc_types", &self.doc_types, n),
            levels: cut(&mut values, "levels", &self.levels, n),
            provinces: cut(&mut values, "provinces", &self.provinces, n),
            localities: cut(&mut values, "localities", &self.localities, n),
            years: cut(&mut values, "years", &self.years, n),
            values,
        }
    }
}

/// The first `n` of the facet `name`'s `list`, noting in `values` how many
/// it had when that was more.
fn cut<T: Clone>(
    values: &mut BTreeMap<&'static str, usize>,
    name: &'static str,
    list: &[T],
    n: usize,
) -> Vec<T> {
    if list.len() > n {
        values.insert(name, list.len());
    }
    list.iter().take(n).cloned().collect()
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

/// The string facets a passage has of its own, by fast field name.
const PASSAGE_FACETS: [&str; 3] = ["programmes", "projects", "kind"];
/// The string facets every passage of a plan shares: read once per plan.
const PLAN_FACETS: [&str; 4] = ["doc_type", "level", "province", "locality"];

/// Counts over the passages `matching` holds.
pub fn count(searcher: &Searcher, matching: &dyn Query) -> tantivy::Result<Facets> {
    // Facet -> value -> documents, each document as often as a segment
    // gives it (sorted and deduplicated at the end: cheaper than a set).
    let mut counts: BTreeMap<&str, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
    let mut passages = 0;
    let mut documents: Vec<u64> = Vec::new();
    let weight = matching.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for reader in searcher.segment_readers() {
        let fast = reader.fast_fields();
        let plan_keys = fast.u64("plan_key")?;
        let document_keys = fast.u64("document_key")?;
        let years = fast.i64("year")?;
        let open = |names: &[&'static str]| -> tantivy::Result<Vec<(&'static str, StrColumn)>> {
            let mut columns = Vec::new();
            for name in names {
                if let Some(column) = fast.str(name)? {
                    columns.push((*name, column));
                }
            }
            Ok(columns)
        };
        let passage_columns = open(&PASSAGE_FACETS)?;
        let plan_columns = open(&PLAN_FACETS)?;
        let mut docs: Vec<DocId> = Vec::new();
        weight.for_each_no_score(reader, &mut |block| docs.extend_from_slice(block))?;
        let alive = reader.alive_bitset();
        // Per column, per term ordinal (dense: a segment's dictionary
        // numbers its terms from 0), the documents having it; named once
        // at the segment's end.
        let mut by_ord: Vec<Vec<Vec<u64>>> = passage_columns
            .iter()
            .chain(&plan_columns)
            .map(|(_, c)| vec![Vec::new(); c.num_terms()])
            .collect();
        let mut by_year: BTreeMap<i64, Vec<u64>> = BTreeMap::new();
        // The plan being walked, its document, and the ordinals its matching
        // passages have (per passage column).
        let mut current: Option<(u64, u64)> = None;
        let mut seen: Vec<Vec<u64>> = vec![Vec::new(); passage_columns.len()];
        let flush = |document: u64, seen: &mut Vec<Vec<u64>>, by_ord: &mut [Vec<Vec<u64>>]| {
            for (ords, counted) in seen.iter_mut().zip(by_ord.iter_mut()) {
                ords.sort_unstable();
                ords.dedup();
                for ord in ords.drain(..) {
                    counted[ord as usize].push(document);
                }
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
                    flush(document, &mut seen, &mut by_ord);
                }
                let document = document_keys.first(doc).unwrap_or(0);
                documents.push(document);
                current = Some((plan, document));
                let plan_counts = &mut by_ord[passage_columns.len()..];
                for ((_, column), counted) in plan_columns.iter().zip(plan_counts) {
                    for ord in column.term_ords(doc) {
                        counted[ord as usize].push(document);
                    }
                }
                for year in years.values_for_doc(doc) {
                    by_year.entry(year).or_default().push(document);
                }
            }
            for ((_, column), ords) in passage_columns.iter().zip(seen.iter_mut()) {
                ords.extend(column.term_ords(doc));
            }
        }
        if let Some((_, document)) = current {
            flush(document, &mut seen, &mut by_ord);
        }
        let columns = passage_columns.iter().chain(&plan_columns);
        for ((name, column), counted) in columns.zip(by_ord) {
            let ords: Vec<u64> = (0..counted.len() as u64)
                .filter(|&o| !counted[o as usize].is_empty())
                .collect();
            let named = counts.entry(name).or_default();
            let mut found = ords.iter();
            column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
                let ord = *found.next().expect("one term per ordinal");
                let value = String::from_utf8_lossy(term).into_owned();
                named
                    .entry(value)
                    .or_default()
                    .extend_from_slice(&counted[ord as usize]);
            })?;
        }
        let named = counts.entry("year").or_default();
        for (year, docs) in by_year {
            named.entry(year.to_string()).or_default().extend(docs);
        }
    }
    documents.sort_unstable();
    documents.dedup();
    let mut take = |name: &str| -> Vec<Count> {
        let mut list: Vec<Count> = counts
            .remove(name)
            .unwrap_or_default()
            .into_iter()
            .map(|(value, mut plans)| {
                plans.sort_unstable();
                plans.dedup();
                Count {
                    value,
                    plans: plans.len(),
                }
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
        values: BTreeMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(values: &[(&str, usize)]) -> Vec<Count> {
        values
            .iter()
            .map(|(value, plans)| Count {
                value: value.to_string(),
                plans: *plans,
            })
            .collect()
    }

    #[test]
    fn the_top_values_are_kept_and_the_facets_cut_say_how_many_they_had() {
        let facets = Facets {
            passages: 9,
            plans: 4,
            localities: counts(&[("Kông Chro", 3), ("An Khê", 2), ("Ia Pa", 1)]),
            levels: counts(&[("commune", 4)]),
            ..Facets::default()
        };
        let top = facets.top(2);
        assert_eq!(top.localities, counts(&[("Kông Chro", 3), ("An Khê", 2)]));
        assert_eq!(top.levels, facets.levels);
        assert_eq!((top.passages, top.plans), (9, 4));
        assert_eq!(top.values, BTreeMap::from([("localities", 3)]));
        let json = serde_json::to_value(&top).unwrap();
        assert_eq!(json["values"], serde_json::json!({"localities": 3}));
        // Nothing cut, nothing said.
        let whole = serde_json::to_value(facets.top(10)).unwrap();
        assert!(whole.get("values").is_none(), "{whole}");
    }
}
