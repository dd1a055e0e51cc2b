//! Search, as a page and as `/api/v1/search`: both make the one library
//! call `index::search::plans` that `vnplan search` makes. The parameters are
//! the page's whole state, so its URL can be shared; every facet value is a
//! link to the same search narrowed by it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use super::AppState;
use crate::index::facets::{Count, Facets};
use crate::index::search::{self, Filters, Plans, ProjectNumber, Request, SearchError};
use crate::index::snippet::Snippet;

/// Plans per page of results.
pub const PLANS_PER_PAGE: usize = 10;

/// Values listed per facet on the page, the most frequent; narrowing by
/// another facet (a province, then its localities) or the URL's parameter
/// reaches the others.
pub const PAGE_FACET_VALUES: usize = 15;

/// A search as its URL holds it. Empty values are no filter (what a form
/// sends for an empty field).
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
pub struct SearchParams {
    /// Words, "quoted phrases", AND / OR / NOT and parentheses; diacritics
    /// optional ("du an 5" finds "Dự án 5").
    pub q: String,
    /// A project ("5") or sub-project ("3.2") of the programme.
    pub project: String,
    /// A programme code or family ("poverty-2021-2025", "new-rural").
    pub programme: String,
    /// Document kind as written: "Kế hoạch", "Quyết định".
    pub doc_type: String,
    /// central, province, district or commune.
    pub level: String,
    pub province: String,
    pub locality: String,
    pub year: String,
    /// Section kind: objectives, tasks, annex, table, ...
    pub kind: String,
    /// 1-based.
    pub page: String,
}

/// The facet parameters, in the order the page shows them.
pub const FACETS: [&str; 8] = [
    "project",
    "programme",
    "doc_type",
    "level",
    "province",
    "locality",
    "year",
    "kind",
];

fn given(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

impl SearchParams {
    pub fn page(&self) -> usize {
        self.page.trim().parse().unwrap_or(1).max(1)
    }

    /// The library request for this search: `per_page` plans from the page's
    /// start, with facet counts.
    pub fn request(&self, per_page: usize) -> Result<Request, String> {
        let project = given(&self.project)
            .map(|p| p.parse::<ProjectNumber>())
            .transpose()?;
        let year = given(&self.year)
            .map(|y| {
                y.parse::<i32>()
                    .map_err(|_| format!("a year is a number, not {y:?}"))
            })
            .transpose()?;
        Ok(Request {
            query: self.q.clone(),
            filters: Filters {
                locality: given(&self.locality),
                province: given(&self.province),
                level: given(&self.level),
                years: year.map(|y| (y, y)),
                kind: given(&self.kind),
                doc_type: given(&self.doc_type),
                programme: given(&self.programme),
                project,
                ..Filters::default()
            },
            offset: (self.page() - 1) * per_page,
            limit: per_page,
            facets: true,
            ..Request::default()
        })
    }

    /// The value of facet parameter `name`.
    pub fn value(&self, name: &str) -> &str {
        match name {
            "project" => &self.project,
            "programme" => &self.programme,
            "doc_type" => &self.doc_type,
            "level" => &self.level,
            "province" => &self.province,
            "locality" => &self.locality,
            "year" => &self.year,
            "kind" => &self.kind,
            _ => "",
        }
    }

    fn set(&mut self, name: &str, value: &str) {
        let slot = match name {
            "project" => &mut self.project,
            "programme" => &mut self.programme,
            "doc_type" => &mut self.doc_type,
            "level" => &mut self.level,
            "province" => &mut self.province,
            "locality" => &mut self.locality,
            "year" => &mut self.year,
            "kind" => &mut self.kind,
            "page" => &mut self.page,
            _ => return,
        };
        *slot = value.to_string();
    }

    /// The URL of this search with `name` set to `value` (or cleared, for an
    /// empty value), from its first page.
    pub fn url_with(&self, name: &str, value: &str) -> String {
        let mut next = self.clone();
        next.set(name, value);
        next.page.clear();
        next.url()
    }

    /// The URL of another page of this search.
    pub fn url_of_page(&self, page: usize) -> String {
        let mut next = self.clone();
        next.page = page.to_string();
        next.url()
    }

    /// `/?...` holding only the parameters given.
    pub fn url(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if !self.q.trim().is_empty() {
            pairs.push(("q", &self.q));
        }
        for name in FACETS {
            let value = self.value(name);
            if !value.trim().is_empty() {
                pairs.push((name, value));
            }
        }
        if self.page() > 1 {
            pairs.push(("page", &self.page));
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            "/".to_string()
        } else {
            format!("/?{query}")
        }
    }
}

/// Runs a search on a blocking thread (tantivy's searches are synchronous).
/// `None`: nothing is indexed yet.
pub async fn run(state: Arc<AppState>, request: Request) -> Result<Option<Plans>, SearchError> {
    let turn = state
        .searching
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| SearchError::Open(e.into()))?;
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let Some(index) = state.index()? else {
            return Ok(None);
        };
        search::plans(&index, &request).map(Some)
    })
    .await
    .map_err(|e| SearchError::Open(e.into()))?
}

/// One facet as the page lists it: each value a link narrowing the search,
/// or, for the value already chosen, widening it again.
pub struct FacetView {
    /// Values not listed: only the most frequent are.
    pub hidden: usize,
    pub name: &'static str,
    pub label: &'static str,
    pub values: Vec<FacetValue>,
}

pub struct FacetValue {
    pub text: String,
    pub plans: usize,
    pub url: String,
    pub active: bool,
}

/// The facets of a result, as links from the search `params`.
pub fn facet_views(params: &SearchParams, facets: &Facets) -> Vec<FacetView> {
    let counts = |name: &str| -> Vec<(String, String, usize)> {
        let plain = |counts: &[Count]| {
            counts
                .iter()
                .map(|c| (c.value.clone(), c.value.clone(), c.plans))
                .collect()
        };
        match name {
            "project" => facets
                .projects
                .iter()
                .map(|p| (p.number.clone(), format!("Dự án {}", p.number), p.plans))
                .collect(),
            "programme" => plain(&facets.programmes),
            "doc_type" => plain(&facets.doc_types),
            "level" => plain(&facets.levels),
            "province" => plain(&facets.provinces),
            "locality" => plain(&facets.localities),
            "year" => plain(&facets.years),
            "kind" => plain(&facets.kinds),
            _ => Vec::new(),
        }
    };
    FACETS
        .iter()
        .map(|&name| {
            let chosen = params.value(name).trim();
            let all = counts(name);
            let total = all.len();
            // The chosen value stays, wherever it ranks, so it can be cleared.
            let values: Vec<FacetValue> = all
                .into_iter()
                .enumerate()
                .filter_map(|(rank, (value, text, plans))| {
                    let active = !chosen.is_empty()
                        && crate::vi::key::fold(chosen) == crate::vi::key::fold(&value);
                    (rank < PAGE_FACET_VALUES || active).then(|| FacetValue {
                        url: params.url_with(name, if active { "" } else { &value }),
                        text,
                        plans,
                        active,
                    })
                })
                .collect();
            FacetView {
                hidden: total - values.len(),
                name,
                label: label(name),
                values,
            }
        })
        .filter(|f| !f.values.is_empty())
        .collect()
}

fn label(name: &str) -> &'static str {
    match name {
        "project" => "Dự án · Project",
        "programme" => "Chương trình · Programme",
        "doc_type" => "Loại văn bản · Kind",
        "level" => "Cấp · Level",
        "province" => "Tỉnh · Province",
        "locality" => "Địa bàn · Locality",
        "year" => "Năm · Year",
        "kind" => "Phần · Section",
        _ => "",
    }
}

/// A snippet cut into plain and highlighted runs, for the template to escape.
pub fn snippet_pieces(snippet: &Snippet) -> Vec<(String, bool)> {
    let text = &snippet.text;
    let mut pieces = Vec::new();
    let mut at = 0;
    for &[start, end] in &snippet.highlights {
        let (start, end) = (start.max(at).min(text.len()), end.min(text.len()));
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            pieces.push((text[at..start].to_string(), false));
        }
        pieces.push((text[start..end].to_string(), true));
        at = end;
    }
    if at < text.len() {
        pieces.push((text[at..].to_string(), false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_facet_lists_its_most_frequent_values_and_the_chosen_one_and_counts_the_rest() {
        let many = PAGE_FACET_VALUES + 3;
        let facets = Facets {
            localities: (0..many)
                .map(|n| Count {
                    value: format!("Xã {n:02}"),
                    plans: many - n,
                })
                .collect(),
            ..Facets::default()
        };
        let chosen = format!("Xã {:02}", many - 1);
        let params = SearchParams {
            locality: chosen.clone(),
            ..SearchParams::default()
        };
        let views = facet_views(&params, &facets);
        let locality = views.iter().find(|v| v.name == "locality").unwrap();
        assert_eq!(locality.values.len(), PAGE_FACET_VALUES + 1);
        assert!(locality
            .values
            .last()
            .is_some_and(|v| v.active && v.text == chosen));
        assert_eq!(locality.hidden, 2, "the chosen value is shown, not hidden");
    }
}
