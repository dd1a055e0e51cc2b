//! Targets compared across localities: each target of each plan as a row
//! for the locality it is for (its `place`), in the normalised unit of what
//! it counts, filtered, then laid out as a locality × year or locality ×
//! indicator [`grid`], drawn as a [`chart`], linked to the plans it cites
//! ([`hierarchy`]) and to the targets lower plans set for the same locality
//! ([`cascade`]). Pure functions over plans already read.

pub mod cascade;
pub mod chart;
pub mod format;
pub mod grid;
pub mod hierarchy;

use serde::Serialize;

use crate::extract::programmes;
use crate::gazetteer::Level;
use crate::model::{Plan, Target};
use crate::vi::key::fold;

/// One target of one plan, as compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The locality the target is for, with its kind word: "huyện Kông Chro".
    pub locality: String,
    /// Its GSO code, when it resolved.
    pub code: Option<String>,
    /// "province", "district" or "commune".
    pub level: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub indicator: String,
    pub measure: String,
    pub comparator: String,
    /// In the normalised unit (`Target.normalized`).
    pub value: f64,
    pub unit: String,
    pub per_year: bool,
    pub plan_id: String,
    /// The plan's number ("29/KH-UBND"), else its file name.
    pub plan: String,
    /// Codes of the national programmes the plan belongs to.
    pub programmes: Vec<String>,
    /// The sentence's words for the target.
    pub quote: String,
}

impl Row {
    /// The unit as a reader reads it: "%/năm" for a yearly rate.
    pub fn unit_label(&self) -> String {
        unit_label(&self.unit, self.per_year)
    }
}

pub fn unit_label(unit: &str, per_year: bool) -> String {
    if per_year {
        format!("{unit}/năm")
    } else {
        unit.to_string()
    }
}

/// The name a plan goes by in a comparison: its number, else its file's name.
pub fn plan_name(plan: &Plan) -> String {
    plan.metadata.number.clone().unwrap_or_else(|| {
        std::path::Path::new(&plan.source.path)
            .file_name()
            .map_or_else(|| plan.id.clone(), |n| n.to_string_lossy().into_owned())
    })
}

/// The plan's targets as rows, each for the locality it names.
pub fn rows(plan: &Plan) -> Vec<Row> {
    plan.targets.iter().map(|t| row(plan, t)).collect()
}

/// The locality a target is for, as compared.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetLocality {
    /// With its kind word: "huyện Kông Chro"; as written when it did not resolve.
    pub name: String,
    pub code: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
}

/// The target's own place when it resolved, else the plan's locality.
pub fn target_locality(plan: &Plan, target: &Target) -> TargetLocality {
    let m = &plan.metadata;
    let unit = target.place.as_ref().and_then(|p| p.unit.as_ref());
    let name = match (unit, &target.place) {
        (Some(u), _) => format!("{} {}", u.kind.word(), u.name),
        (None, Some(p)) => p.written.clone(),
        (None, None) => m.locality.clone().unwrap_or_else(|| "?".into()),
    };
    let province = unit
        .and_then(|u| {
            if u.level == Level::Province {
                Some(u.name.clone())
            } else {
                u.parents
                    .iter()
                    .find(|p| p.level == Level::Province)
                    .map(|p| p.name.clone())
            }
        })
        .or_else(|| m.province.clone());
    TargetLocality {
        name,
        code: unit.map(|u| u.code.clone()),
        level: unit
            .map(|u| level_name(u.level).to_string())
            .or_else(|| m.level.clone()),
        province,
    }
}

fn row(plan: &Plan, target: &Target) -> Row {
    let m = &plan.metadata;
    let locality = target_locality(plan, target);
    Row {
        locality: locality.name,
        code: locality.code,
        level: locality.level,
        province: locality.province,
        year: target.year.or(m.year),
        indicator: target.indicator.clone(),
        measure: target.measure.clone(),
        comparator: target.comparator.clone(),
        value: target.normalized.value,
        unit: target.normalized.unit.clone(),
        per_year: target.per_year,
        plan_id: plan.id.clone(),
        plan: plan_name(plan),
        programmes: plan
            .programmes
            .iter()
            .filter(|p| p.belongs)
            .map(|p| p.code.clone())
            .collect(),
        quote: target.quote.clone(),
    }
}

pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Province => "province",
        Level::District => "district",
        Level::Commune => "commune",
    }
}

/// Which rows to keep; an empty field keeps all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub province: Option<String>,
    pub level: Option<String>,
    pub year: Option<i32>,
    /// Indicator codes; any of them.
    pub indicators: Vec<String>,
    /// Codes of programmes ([`programme_codes`]): the plan belongs to one of them.
    pub programmes: Vec<String>,
}

/// The codes of the programmes a user means by `name`, a code
/// ("poverty-2021-2025") or a family ("poverty"); an error naming the known
/// ones when it is neither.
pub fn programme_codes(name: &str) -> Result<Vec<String>, String> {
    let codes: Vec<String> = programmes::resolve(name)
        .iter()
        .map(|p| p.code.to_string())
        .collect();
    if codes.is_empty() {
        return Err(format!(
            "no programme is called {name:?}; known: {}",
            programmes::known_names().join(", ")
        ));
    }
    Ok(codes)
}

impl Filter {
    pub fn keeps(&self, row: &Row) -> bool {
        self.province
            .as_ref()
            .is_none_or(|p| row.province.as_deref().map(fold) == Some(fold(p)))
            && self
                .level
                .as_ref()
                .is_none_or(|l| row.level.as_ref() == Some(l))
            && self.year.is_none_or(|y| row.year == Some(y))
            && (self.indicators.is_empty() || self.indicators.contains(&row.indicator))
            && (self.programmes.is_empty()
                || row.programmes.iter().any(|p| self.programmes.contains(p)))
    }
}

#[cfg(test)]
mod tests {
    use super::grid::tests::row;
    use super::*;

    #[test]
    fn a_programme_keeps_the_plans_that_belong_to_it() {
        let poverty = row("huyện A", "poverty_rate", 3.0, "%", 2025);
        let drugs = Row {
            programmes: vec!["drug-prevention-2025-2030".into()],
            ..row("huyện B", "poverty_rate", 4.0, "%", 2025)
        };
        let by = |name: &str| Filter {
            programmes: programme_codes(name).unwrap(),
            ..Filter::default()
        };
        assert!(by("poverty").keeps(&poverty) && !by("poverty").keeps(&drugs));
        assert!(by("poverty-2021-2025").keeps(&poverty));
        assert!(Filter::default().keeps(&drugs));
    }

    #[test]
    fn an_unknown_programme_names_the_known_ones() {
        let message = programme_codes("povrety").unwrap_err();
        assert!(
            message.contains("povrety") && message.contains("poverty"),
            "{message}"
        );
    }
}
