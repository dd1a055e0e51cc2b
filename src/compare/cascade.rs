//! The cascade of targets: what a higher plan sets for a locality below it
//! ("Tỷ lệ hộ nghèo ở huyện Kông Chro giảm 5%/năm" in the province's plan)
//! beside what the locality's own plan sets for the same indicator, unit
//! and year, and the difference. The locality's plans are those whose unit
//! is the target's; one that implements the higher plan comes first. A
//! yearly rate of the higher plan meets the locality's target of any year.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::hierarchy::Hierarchy;
use super::{plan_name, Filter, Row};
use crate::gazetteer::Era;
use crate::model::{PlaceMatch, Plan, Target};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub locality: String,
    pub code: String,
    pub indicator: String,
    /// The normalised unit of both values.
    pub unit: String,
    pub year: Option<i32>,
    pub set_by: String,
    pub set_by_id: String,
    pub set_value: f64,
    pub set_comparator: String,
    pub set_per_year: bool,
    /// The locality's own plan and target, when one is here.
    pub own_plan: Option<String>,
    pub own_plan_id: Option<String>,
    pub own_value: Option<f64>,
    pub own_comparator: Option<String>,
    /// The locality's value less the higher plan's.
    pub difference: Option<f64>,
    /// The locality's plan cites the higher plan.
    pub implements: bool,
}

fn unit_key(place: Option<&PlaceMatch>) -> Option<(Era, &str)> {
    let unit = place?.unit.as_ref()?;
    Some((unit.era, unit.code.as_str()))
}

/// Every target a plan sets for a locality other than its own, with the
/// locality's own targets that answer it; `filter` applies to the higher
/// plan's targets.
pub fn cascade(plans: &[Plan], hierarchy: &Hierarchy, filter: &Filter) -> Vec<Step> {
    let rows_of: Vec<Vec<Row>> = plans.iter().map(super::rows).collect();
    let mut by_place: FxHashMap<(Era, &str), Vec<&Plan>> = FxHashMap::default();
    for plan in plans {
        if let Some(place) = unit_key(plan.metadata.place.as_ref()) {
            by_place.entry(place).or_default().push(plan);
        }
    }
    let mut steps = Vec::new();
    for (p, higher) in plans.iter().enumerate() {
        let own_place = unit_key(higher.metadata.place.as_ref());
        for (t, target) in higher.targets.iter().enumerate() {
            let Some(place) = unit_key(target.place.as_ref()) else {
                continue;
            };
            if Some(place) == own_place || !filter.keeps(&rows_of[p][t]) {
                continue;
            }
            let mut lower: Vec<&Plan> = by_place.get(&place).cloned().unwrap_or_default();
            let implements = |q: &Plan| {
                hierarchy
                    .node(&q.id)
                    .is_some_and(|n| n.implements.contains(&higher.id))
            };
            lower.sort_by_key(|q| !implements(q));
            let answers: Vec<(&Plan, &Target)> = lower
                .iter()
                .flat_map(|q| q.targets.iter().map(move |own| (*q, own)))
                .filter(|(_, own)| answers(target, own))
                .collect();
            let row = &rows_of[p][t];
            let base = Step {
                locality: row.locality.clone(),
                code: place.1.to_string(),
                indicator: target.indicator.clone(),
                unit: row.unit_label(),
                year: row.year,
                set_by: plan_name(higher),
                set_by_id: higher.id.clone(),
                set_value: target.normalized.value,
                set_comparator: target.comparator.clone(),
                set_per_year: target.per_year,
                own_plan: None,
                own_plan_id: None,
                own_value: None,
                own_comparator: None,
                difference: None,
                implements: false,
            };
            if answers.is_empty() {
                steps.push(base);
                continue;
            }
            for (q, own) in answers {
                steps.push(Step {
                    year: own.year.or(base.year),
                    own_plan: Some(plan_name(q)),
                    own_plan_id: Some(q.id.clone()),
                    own_value: Some(own.normalized.value),
                    own_comparator: Some(own.comparator.clone()),
                    difference: Some(own.normalized.value - target.normalized.value),
                    implements: implements(q),
                    ..base.clone()
                });
            }
        }
    }
    steps
}

/// Whether the locality's `own` target is for what the higher plan's sets.
fn answers(set: &Target, own: &Target) -> bool {
    own.indicator == set.indicator
        && own.normalized.unit == set.normalized.unit
        && (set.per_year || own.per_year == set.per_year && own.year == set.year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Amount;

    fn target(indicator: &str, value: f64, per_year: bool, year: i32) -> Target {
        Target {
            indicator: indicator.into(),
            label: String::new(),
            value,
            unit: "%".into(),
            per_year,
            normalized: Amount {
                value,
                unit: "%".into(),
            },
            comparator: "=".into(),
            year: Some(year),
            scope: None,
            place: None,
            measure: String::new(),
            baseline: None,
            quote: String::new(),
            location: Default::default(),
        }
    }

    #[test]
    fn a_yearly_rate_meets_any_year_and_a_year_its_own() {
        let yearly = target("poverty_rate_reduction", 5.0, true, 2022);
        let once = target("poverty_rate_reduction", 4.0, false, 2024);
        assert!(answers(
            &yearly,
            &target("poverty_rate_reduction", 3.5, false, 2024)
        ));
        assert!(answers(
            &once,
            &target("poverty_rate_reduction", 3.5, false, 2024)
        ));
        assert!(!answers(
            &once,
            &target("poverty_rate_reduction", 3.5, false, 2025)
        ));
        assert!(!answers(&once, &target("poverty_rate", 3.5, false, 2024)));
    }
}
