//! Targets across plans: one flat row per plan and target, for comparing
//! districts and provinces in a spreadsheet.

use serde::Serialize;

use crate::compare::{target_locality, unit_label};
use crate::model::Plan;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRow {
    pub locality: Option<String>,
    pub level: Option<String>,
    /// The locality the row's locality belongs to, where known: the plan's
    /// locality for a row of its annex table, its province otherwise.
    pub parent: Option<String>,
    /// The province, where known.
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

/// The targets of one plan as rows: those of its text, then those of its
/// tables, one per locality row of a column that the text's target was
/// found in (the "text" checks of the table).
pub fn target_rows(plan: &Plan) -> Vec<TargetRow> {
    let m = &plan.metadata;
    let mut rows: Vec<TargetRow> = plan
        .targets
        .iter()
        .map(|t| {
            let locality = target_locality(plan, t);
            TargetRow {
                locality: Some(locality.name),
                parent: if locality.level.as_deref() == Some("province") {
                    None
                } else {
                    locality.province.clone()
                },
                level: locality.level,
                province: locality.province,
                year: t.year.or(m.year),
                indicator: t.indicator.clone(),
                label: if t.measure.is_empty() {
                    t.label.clone()
                } else {
                    t.measure.clone()
                },
                comparator: t.comparator.clone(),
                value: t.value,
                unit: unit_label(&t.unit, t.per_year),
                baseline: t.baseline,
                origin: "text".into(),
                plan_id: plan.id.clone(),
                source_path: plan.source.path.clone(),
                quote: t.quote.clone(),
            }
        })
        .collect();
    for table in &plan.tables {
        for check in table.checks.iter().filter(|c| c.kind == "text" && c.holds) {
            let (Some(indicator), Some(&[_, column])) = (&check.indicator, check.cells.first())
            else {
                continue;
            };
            let text_target = plan.targets.iter().find(|t| &t.indicator == indicator);
            for row in table.rows.iter().filter(|r| !r.total) {
                let Some(value) = row.values.get(column).copied().flatten() else {
                    continue;
                };
                let label = row
                    .cells
                    .iter()
                    .zip(&row.values)
                    .find(|(c, v)| v.is_none() && !c.trim().is_empty() && c.trim() != "-");
                let Some((label, _)) = label else { continue };
                rows.push(TargetRow {
                    locality: Some(label.clone()),
                    level: sublevel(m.level.as_deref()).map(str::to_string),
                    parent: m.locality.clone(),
                    province: m.province.clone(),
                    year: text_target.and_then(|t| t.year).or(m.year),
                    indicator: indicator.clone(),
                    label: table.title.clone().unwrap_or_default(),
                    comparator: "=".into(),
                    value,
                    unit: "%".into(),
                    baseline: None,
                    origin: "table".into(),
                    plan_id: plan.id.clone(),
                    source_path: plan.source.path.clone(),
                    quote: row.cells.join(" | "),
                });
            }
        }
    }
    rows
}

/// The level of the localities a plan's annex lists, one below the plan's.
fn sublevel(level: Option<&str>) -> Option<&'static str> {
    match level? {
        "province" => Some("district"),
        "district" => Some("commune"),
        _ => None,
    }
}
