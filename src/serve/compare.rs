//! Comparison across localities, as a page and as the API's `targets`,
//! `compare` and `cascade`: the `compare` module's functions over the
//! catalogue's outlines, the ones `vnplan compare` and `vnplan targets` call.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use super::state::Comparison;
use crate::compare::cascade::{cascade, Step};
use crate::compare::grid::{grid, Grid, Layout};
use crate::compare::{chart, programme_codes, rows, Filter, Row};

/// A comparison as its URL holds it; empty values are no filter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
pub struct CompareParams {
    /// An indicator code (`poverty_rate`, `housing_support`, ... as in the
    /// plan JSON); empty: every indicator.
    pub indicator: String,
    /// Localities of this province (or the province itself).
    pub province: String,
    /// province, district or commune: the level of the locality a target is for.
    pub level: String,
    pub year: String,
    /// A national programme, by family (`poverty`, `new-rural`, ...) or code
    /// (`poverty-2021-2025`): plans that belong to it.
    pub programme: String,
    /// `indicator`: a column per indicator (a locality's latest year);
    /// `year`: a column per indicator and year.
    pub by: String,
    /// `true`: CSV as a Vietnamese-locale Excel opens it (`;`, decimal comma).
    pub excel_vi: String,
}

fn given(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

impl CompareParams {
    pub fn filter(&self) -> Result<Filter, String> {
        let year = given(&self.year)
            .map(|y| {
                y.parse::<i32>()
                    .map_err(|_| format!("a year is a number, not {y:?}"))
            })
            .transpose()?;
        let programmes = given(&self.programme)
            .map(|p| programme_codes(&p))
            .transpose()?
            .unwrap_or_default();
        Ok(Filter {
            province: given(&self.province),
            level: given(&self.level),
            year,
            indicators: given(&self.indicator).into_iter().collect(),
            programmes,
        })
    }

    pub fn layout(&self) -> Result<Layout, String> {
        match self.by.trim() {
            "" | "indicator" => Ok(Layout::ByIndicator),
            "year" => Ok(Layout::ByYear),
            other => Err(format!("by is indicator or year, not {other:?}")),
        }
    }

    /// The query string of this comparison, for its downloads.
    pub fn query(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = [
            ("indicator", &self.indicator),
            ("province", &self.province),
            ("level", &self.level),
            ("year", &self.year),
            ("programme", &self.programme),
            ("by", &self.by),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.as_str()))
        .collect();
        if self.excel_vi() {
            pairs.push(("excel_vi", "true"));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }

    pub fn excel_vi(&self) -> bool {
        matches!(self.excel_vi.trim(), "true" | "on" | "1")
    }
}

/// Every target of every plan, as compared, that the filter keeps.
pub fn kept_rows(comparison: &Comparison, filter: &Filter) -> Vec<Row> {
    comparison
        .plans
        .iter()
        .flat_map(rows)
        .filter(|r| filter.keeps(r))
        .collect()
}

pub fn compare(comparison: &Comparison, params: &CompareParams) -> Result<Grid, String> {
    Ok(grid(
        &kept_rows(comparison, &params.filter()?),
        params.layout()?,
    ))
}

pub fn cascade_steps(comparison: &Comparison, params: &CompareParams) -> Result<Vec<Step>, String> {
    Ok(cascade(
        &comparison.plans,
        &comparison.hierarchy,
        &params.filter()?,
    ))
}

/// The indicators the plans hold, with how many targets each, most first:
/// the page's choice of indicator.
pub fn indicators(comparison: &Comparison) -> Vec<(String, usize)> {
    most_first(
        comparison
            .plans
            .iter()
            .flat_map(|p| &p.targets)
            .map(|t| t.indicator.as_str()),
    )
}

/// The programmes the plans belong to, with how many plans each, most
/// first: the page's choice of programme.
pub fn programmes(comparison: &Comparison) -> Vec<(String, usize)> {
    most_first(
        comparison
            .plans
            .iter()
            .flat_map(|p| p.programmes.iter().filter(|r| r.belongs))
            .map(|r| r.code.as_str()),
    )
}

/// Each value with how often it comes, most first, then by value.
fn most_first<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The chart of the grid's fullest column, as SVG; None for an empty grid.
pub fn chart_svg(grid: &Grid) -> Option<String> {
    let column = grid.fullest_column()?;
    (!grid.is_empty()).then(|| chart::svg(&chart::of_column(grid, column)))
}
