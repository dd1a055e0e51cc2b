//! What lists of plans show and filter on, without the plan's text: one
//! small summary per plan, for the web service's lists and facets and for
//! commands that go over every plan.

use serde::Serialize;
use utoipa::ToSchema;

use crate::model::Plan;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PlanSummary {
    pub id: String,
    pub doc_type: Option<String>,
    pub number: Option<String>,
    /// ISO date of issue.
    pub date: Option<String>,
    pub year: Option<i32>,
    pub level: Option<String>,
    pub locality: Option<String>,
    pub locality_kind: Option<String>,
    pub province: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    /// The file the plan was read from, and its format.
    pub source_path: String,
    pub source_format: String,
    pub sections: usize,
    pub targets: usize,
    pub citations: usize,
    pub tables: usize,
    pub warnings: usize,
}

impl PlanSummary {
    pub fn of(plan: &Plan) -> PlanSummary {
        let m = &plan.metadata;
        PlanSummary {
            id: plan.id.clone(),
            doc_type: m.doc_type.clone(),
            number: m.number.clone(),
            date: m.date.clone(),
            year: m.year,
            level: m.level.clone(),
            locality: m.locality.clone(),
            locality_kind: m.locality_kind.clone(),
            province: m.province.clone(),
            title: m.title.clone(),
            issuer: m.issuer.clone(),
            source_path: plan.source.path.clone(),
            source_format: plan.source.format.clone(),
            sections: plan.sections.len(),
            targets: plan.targets.len(),
            citations: plan.citations.len(),
            tables: plan.tables.len(),
            warnings: plan.warnings.len(),
        }
    }

    /// The name people know the plan by: "Kế hoạch 29/KH-UBND", else its title.
    pub fn display_name(&self) -> String {
        match (&self.doc_type, &self.number) {
            (Some(kind), Some(number)) => format!("{kind} {number}"),
            (Some(kind), None) => match &self.title {
                Some(title) => format!("{kind} {title}"),
                None => kind.clone(),
            },
            _ => self.title.clone().unwrap_or_else(|| self.id.clone()),
        }
    }

    /// The place, with its kind: "huyện Kông Chro", or "" when none.
    pub fn place(&self) -> String {
        match (&self.locality_kind, &self.locality) {
            (Some(kind), Some(name)) => format!("{kind} {name}"),
            (None, Some(name)) => name.clone(),
            _ => String::new(),
        }
    }
}

/// Filters a list of plans takes; each set field must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanFilter {
    pub doc_type: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
    pub locality: Option<String>,
    pub year: Option<i32>,
}

impl PlanFilter {
    pub fn matches(&self, plan: &PlanSummary) -> bool {
        let same = |want: &Option<String>, have: &Option<String>| match want {
            None => true,
            Some(w) => have
                .as_deref()
                .is_some_and(|h| crate::vi::key::fold(h) == crate::vi::key::fold(w)),
        };
        same(&self.doc_type, &plan.doc_type)
            && same(&self.level, &plan.level)
            && same(&self.province, &plan.province)
            && same(&self.locality, &plan.locality)
            && self.year.is_none_or(|y| plan.year == Some(y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> PlanSummary {
        PlanSummary {
            id: "abc".into(),
            doc_type: Some("Kế hoạch".into()),
            number: Some("29/KH-UBND".into()),
            date: None,
            year: Some(2024),
            level: Some("commune".into()),
            locality: Some("Kông Chro".into()),
            locality_kind: Some("thị trấn".into()),
            province: Some("Gia Lai".into()),
            title: None,
            issuer: None,
            source_path: "a.txt".into(),
            source_format: "text".into(),
            sections: 5,
            targets: 3,
            citations: 2,
            tables: 0,
            warnings: 0,
        }
    }

    #[test]
    fn names_and_places() {
        let s = summary();
        assert_eq!(s.display_name(), "Kế hoạch 29/KH-UBND");
        assert_eq!(s.place(), "thị trấn Kông Chro");
    }

    #[test]
    fn filters_fold_diacritics_and_case() {
        let s = summary();
        let by = |f: PlanFilter| f.matches(&s);
        assert!(by(PlanFilter::default()));
        assert!(by(PlanFilter {
            locality: Some("kong chro".into()),
            year: Some(2024),
            ..PlanFilter::default()
        }));
        assert!(!by(PlanFilter {
            province: Some("Kon Tum".into()),
            ..PlanFilter::default()
        }));
        assert!(!by(PlanFilter {
            year: Some(2025),
            ..PlanFilter::default()
        }));
    }
}
