//! Targets across plans: one flat row per plan and target, for comparing
//! districts and provinces in a spreadsheet.

use serde::Serialize;

use crate::model::Plan;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRow {
    pub locality: Option<String>,
    pub level: Option<String>,
    /// The province the locality belongs to, where known.
    pub province: Option<String>,
    pub year: Option<i32>,
    pub indicator: String,
    pub label: String,
    pub comparator: String,
    pub value: f64,
    pub unit: String,
    pub baseline: Option<f64>,
    /// "text", or "table" for a row of an annex table.
    pub origin: String,
    pub plan_id: String,
    pub source_path: String,
    pub quote: String,
}

/// The targets of one plan as rows.
pub fn target_rows(plan: &Plan) -> Vec<TargetRow> {
    let m = &plan.metadata;
    plan.targets
        .iter()
        .map(|t| TargetRow {
            locality: m.locality.clone(),
            level: m.level.clone(),
            province: m.province.clone(),
            year: t.year.or(m.year),
            indicator: t.indicator.clone(),
            label: t.label.clone(),
            comparator: t.comparator.clone(),
            value: t.value,
            unit: t.unit.clone(),
            baseline: t.baseline,
            origin: "text".into(),
            plan_id: plan.id.clone(),
            source_path: plan.source.path.clone(),
            quote: t.quote.clone(),
        })
        .collect()
}
