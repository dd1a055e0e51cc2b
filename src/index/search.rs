//! The search library call: query text, filters and a page in; hits (by
//! passage or grouped by plan) and, when asked, facet counts out. The CLI and
//! any other front end are thin layers over [`passages`] and [`plans`].

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use serde::Serialize;
use tantivy::query::{EnableScoring, Query};
use tantivy::{Searcher, SegmentOrdinal, Term};
use thiserror::Error;

use super::collect::{passages_of, Except, Top, Within};
use super::compile::{compile, Compiled, Scope, Tier};
use super::document::PLAN;
use super::facets::{count, Facets};
use super::held::{Candidate, Shape};
use super::hits::{hit, in_order, once_per_document, sources_of};
pub use super::hits::{Hit, HitProject, PlanHit, Source};
use super::query::{parse, Node, SyntaxError};
use super::recent;
use super::snippet;
use super::PlanIndex;
use crate::extract::programmes::{self, Programme};

#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only plans of this locality ("Kông Chro", "kong chro").
    pub locality: Option<String>,
    pub province: Option<String>,
    /// "province", "district", "commune", "central".
    pub level: Option<String>,
    /// Inclusive year range.
    pub years: Option<(i32, i32)>,
    /// Section kind: "objectives", "tasks", ... or "annex", "table", "title".
    pub kind: Option<String>,
    /// Document kind: "Kế hoạch", "Quyết định" (diacritics optional).
    pub doc_type: Option<String>,
    /// A programme code ("poverty-2021-2025") or family ("drug-prevention"):
    /// only passages about it, and whose projects a project number means.
    pub programme: Option<String>,
    pub project: Option<ProjectNumber>,
    /// A document number: "90/QĐ-TTg".
    pub cites: Option<String>,
}

/// A project as users write it: "5", or a sub-project, "3.2".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProjectNumber {
    pub project: u8,
    pub subproject: Option<u8>,
}

impl FromStr for ProjectNumber {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("a project is a number (5) or a sub-project (3.2), not {text:?}");
        let (p, s) = match text.trim().split_once('.') {
            Some((p, s)) => (p, Some(s)),
            None => (text.trim(), None),
        };
        Ok(ProjectNumber {
            project: p.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?,
            subproject: s
                .map(|s| s.parse().ok().filter(|&n| n > 0).ok_or_else(bad))
                .transpose()?,
        })
    }
}

impl fmt::Display for ProjectNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.subproject {
            Some(sub) => write!(f, "{}.{sub}", self.project),
            None => write!(f, "{}", self.project),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    pub filters: Filters,
    /// Hits (passages, or plans) to skip: the page's start.
    pub offset: usize,
    pub limit: usize,
    /// Passages shown per plan, by [`plans`].
    pub per_plan: usize,
    /// Count the matches by facet.
    pub facets: bool,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            query: String::new(),
            filters: Filters::default(),
            offset: 0,
            limit: 10,
            per_plan: 3,
            facets: false,
        }
    }
}

#[derive(Debug, Error)]
pub enum SearchError {
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// A filter that names nothing known.
    #[error("{0}")]
    Filter(String),
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Open(#[from] anyhow::Error),
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Passages {
    pub hits: Vec<Hit>,
    /// Whether hits follow this page.
    pub more: bool,
    pub facets: Option<Facets>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Plans {
    pub plans: Vec<PlanHit>,
    pub more: bool,
    pub facets: Option<Facets>,
}

/// What every search first does: parse, resolve the filters, compile.
struct Prepared {
    node: Option<Node>,
    compiled: Compiled,
}

fn prepare(index: &PlanIndex, request: &Request) -> Result<Prepared, SearchError> {
    let node = parse(&request.query)?;
    let scope = scope(&request.filters)?;
    let compiled = compile(&index.fields, node.as_ref(), &scope);
    Ok(Prepared { node, compiled })
}

fn scope(filters: &Filters) -> Result<Scope, SearchError> {
    let programmes: Vec<&'static Programme> = match &filters.programme {
        Some(name) => {
            let found = programmes::resolve(name);
            if found.is_empty() {
                return Err(SearchError::Filter(format!(
                    "no programme is called {name:?}; known: {}",
                    programmes::known_names().join(", ")
                )));
            }
            found
        }
        None => Vec::new(),
    };
    let project_programmes = if programmes.is_empty() {
        programmes::resolve(programmes::default_family())
    } else {
        programmes.clone()
    };
    let years = filters.years;
    if let Some((from, to)) = years.filter(|(from, to)| from > to) {
        return Err(SearchError::Filter(format!(
            "the years run backwards: {from}..{to}"
        )));
    }
    Ok(Scope {
        locality: filters.locality.clone(),
        province: filters.province.clone(),
        level: filters.level.clone(),
        years,
        kind: filters.kind.clone(),
        doc_type: filters.doc_type.clone(),
        programmes,
        project_programmes,
        project: filters.project.map(|p| (p.project, p.subproject)),
        cites: filters.cites.clone(),
    })
}

/// The segments each of a list of tiers holds nothing in, as the searches
/// of one request learn them: a segment a tier's filter holds nothing in
/// is not searched for it again (whatever the plans looked in).
type HoldNothing = Vec<HashSet<SegmentOrdinal>>;

fn hold_nothing(tiers: &[Tier]) -> HoldNothing {
    vec![HashSet::new(); tiers.len()]
}

/// Candidates of every tier, the exact tier first, with the tier each comes
/// from: scored by `core` (None: in document order) among what each tier holds.
fn candidates(
    searcher: &Searcher,
    core: Option<&dyn Query>,
    (tiers, known): (&[Tier], &mut HoldNothing),
    shape: Shape,
    wanted: usize,
    within: Option<&Within>,
) -> Result<Vec<(usize, Candidate)>, SearchError> {
    let mut out: Vec<(usize, Candidate)> = Vec::new();
    let mut taken: HashSet<u64> = HashSet::new();
    let unscored = || EnableScoring::disabled_from_searcher(searcher);
    // The segments every earlier tier holds nothing in.
    let mut earlier_hold_none: Option<HashSet<SegmentOrdinal>> = None;
    for (rank, tier) in tiers.iter().enumerate() {
        let held = match shape {
            Shape::Passages(_) => out.len(),
            Shape::Plans { .. } => taken.len(),
        };
        if held >= wanted {
            break;
        }
        let shape = match shape {
            Shape::Passages(n) => Shape::Passages(n - held),
            Shape::Plans { plans, per_plan } => Shape::Plans {
                plans: plans - held,
                per_plan,
            },
        };
        let except = tier
            .except
            .as_ref()
            .map(|q| q.weight(unscored()))
            .transpose()?;
        let needless_in = earlier_hold_none.clone().unwrap_or_default();
        let except = except.as_deref().map(|weight| Except {
            weight,
            needless_in: &needless_in,
        });
        let holds_none = Mutex::new(std::mem::take(&mut known[rank]));
        let found = match core {
            Some(core) => {
                let weight = tier.matching.weight(unscored())?;
                let top = Top {
                    shape,
                    filter: Some(weight.as_ref()),
                    except,
                    taken: &taken,
                    within,
                    holds_none: &holds_none,
                };
                searcher.search(core, &top)?
            }
            None => {
                let top = Top {
                    shape,
                    filter: None,
                    except,
                    taken: &taken,
                    within,
                    holds_none: &holds_none,
                };
                searcher.search(tier.matching.as_ref(), &top)?
            }
        };
        if let Shape::Plans { .. } = shape {
            taken.extend(found.iter().map(|c| c.document));
        }
        known[rank] = holds_none.into_inner().unwrap_or_else(|e| e.into_inner());
        earlier_hold_none = Some(match earlier_hold_none {
            Some(before) => before.intersection(&known[rank]).copied().collect(),
            None => known[rank].clone(),
        });
        out.extend(found.into_iter().map(|c| (rank, c)));
    }
    Ok(out)
}

/// The best passages, `offset..offset + limit`.
pub fn passages(index: &PlanIndex, request: &Request) -> Result<Passages, SearchError> {
    let prepared = prepare(index, request)?;
    let searcher = index.searcher()?;
    let wanted = request.offset + request.limit + 1;
    let compiled = &prepared.compiled;
    let mut fetch = wanted;
    let found = loop {
        let found = candidates(
            &searcher,
            compiled.core.as_deref(),
            (&compiled.tiers, &mut hold_nothing(&compiled.tiers)),
            Shape::Passages(fetch),
            fetch,
            None,
        )?;
        let fetched = found.len();
        let kept = once_per_document(index, &searcher, found)?;
        if kept.len() >= wanted || fetched < fetch {
            break kept;
        }
        fetch = fetch.saturating_mul(2);
    };
    let patterns = snippet::patterns(prepared.node.as_ref());
    let exact_tier = |tier: usize| tier == 0;
    let mut hits = Vec::new();
    for (tier, c) in found.iter().skip(request.offset).take(request.limit) {
        hits.push(hit(index, &searcher, c, exact_tier(*tier), &patterns)?);
    }
    Ok(Passages {
        more: found.len() > request.offset + request.limit,
        hits,
        facets: facets(index, &searcher, &prepared, request)?,
    })
}

/// Plans the first look may name before the passages are searched directly.
const FIRST_LOOK_LIMIT: usize = 4096;

/// The share of all plans (one in this many) a first look may name: walking
/// the passages of more costs more than searching every passage with
/// pruning (10,000 plans: the walk costs about 7 us per plan named, the
/// direct search about 10 ms, as much as walking 1,400 plans).
const FIRST_LOOK_SHARE: u64 = 8;

/// The best plans, `offset..offset + limit`, each with its best passages.
///
/// A first look over the plans' records names the likely plans (twice the
/// page at first), and their passages are searched; plans are ranked by
/// their best passage. When fewer plans than the page hold a matching
/// passage (a plan held the words apart, or only in passages of another
/// kind), the look widens ([`wider_look`]); past [`FIRST_LOOK_LIMIT`], or
/// past one plan in [`FIRST_LOOK_SHARE`], the passages of every plan are
/// searched directly.
///
/// Pages are kept per index generation ([`super::recent`]), as facet counts are.
pub fn plans(index: &PlanIndex, request: &Request) -> Result<Plans, SearchError> {
    let prepared = prepare(index, request)?;
    let searcher = index.searcher()?;
    let asked = (
        &request.query,
        &request.filters,
        request.offset,
        request.limit,
        request.per_plan,
    );
    let page = index
        .recent_pages
        .get_or_compute(recent::key(&searcher, &asked), || {
            plan_page(index, &searcher, &prepared, request)
        })?;
    Ok(Plans {
        plans: page.plans,
        more: page.more,
        facets: facets(index, &searcher, &prepared, request)?,
    })
}

/// The plans of one page of a result, and whether more follow.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanPage {
    pub plans: Vec<PlanHit>,
    pub more: bool,
}

fn plan_page(
    index: &PlanIndex,
    searcher: &Searcher,
    prepared: &Prepared,
    request: &Request,
) -> Result<PlanPage, SearchError> {
    let wanted = request.offset + request.limit + 1;
    let shape = Shape::Plans {
        plans: wanted,
        per_plan: request.per_plan.max(1),
    };
    let compiled = &prepared.compiled;
    let plans_indexed = searcher.doc_freq(&Term::from_field_text(index.fields.record, PLAN))?;
    let look_limit = FIRST_LOOK_LIMIT.min((plans_indexed / FIRST_LOOK_SHARE) as usize);
    let mut look = (wanted * 2).max(20);
    let mut yielded_before = 0;
    let mut known = hold_nothing(&compiled.tiers);
    let found = loop {
        if look > look_limit {
            break candidates(
                searcher,
                compiled.core.as_deref(),
                (&compiled.tiers, &mut known),
                shape,
                wanted,
                None,
            )?;
        }
        let records = |core: Option<&dyn Query>| {
            let filter = std::slice::from_ref(&compiled.plans.filter);
            candidates(
                searcher,
                core,
                (filter, &mut hold_nothing(filter)),
                Shape::Passages(look),
                look,
                None,
            )
        };
        let mut named = records(compiled.plans.core.as_deref())?;
        if named.len() < look {
            if let Some(complete) = compiled.plans.complete.as_deref() {
                named = records(Some(complete))?;
            }
        }
        let named: Vec<Candidate> = named.into_iter().map(|(_, c)| c).collect();
        let within = passages_of(searcher, &named)?;
        let found = candidates(
            searcher,
            compiled.core.as_deref(),
            (&compiled.tiers, &mut known),
            shape,
            wanted,
            Some(&within),
        )?;
        let plans: HashSet<u64> = found.iter().map(|(_, c)| c.document).collect();
        if plans.len() >= wanted || named.len() < look {
            break found;
        }
        look = wider_look(look, plans.len(), yielded_before, wanted);
        yielded_before = plans.len();
    };
    // Documents in the order of their first (best) passage, tiers kept apart.
    let mut order: Vec<(usize, u64)> = Vec::new();
    for (tier, c) in &found {
        if !order.iter().any(|(_, d)| *d == c.document) {
            order.push((*tier, c.document));
        }
    }
    let patterns = snippet::patterns(prepared.node.as_ref());
    let page: Vec<(usize, u64)> = order
        .iter()
        .skip(request.offset)
        .take(request.limit)
        .copied()
        .collect();
    let documents: Vec<u64> = page.iter().map(|(_, d)| *d).collect();
    let mut files = sources_of(index, searcher, &documents)?;
    let mut plans = Vec::new();
    for (tier, document) in &page {
        let mut passages: Vec<Hit> = Vec::new();
        for (_, c) in found.iter().filter(|(_, c)| c.document == *document) {
            let hit = hit(index, searcher, c, *tier == 0, &patterns)?;
            // The passages shown are of the file with the best one: another
            // file's are the same passages read again.
            if passages
                .first()
                .is_none_or(|best| best.plan_id == hit.plan_id)
            {
                passages.push(hit);
            }
        }
        let first = &passages[0];
        let sources = files.remove(document).unwrap_or_else(|| {
            vec![Source {
                plan_id: first.plan_id.clone(),
                source_path: first.source_path.clone(),
            }]
        });
        plans.push(PlanHit {
            sources: in_order(sources, &first.plan_id),
            plan_id: first.plan_id.clone(),
            document: first.document.clone(),
            source_path: first.source_path.clone(),
            doc_type: first.doc_type.clone(),
            doc_number: first.doc_number.clone(),
            title: first.title.clone(),
            locality: first.locality.clone(),
            level: first.level.clone(),
            province: first.province.clone(),
            year: first.year,
            score: first.score,
            exact: first.exact,
            passages,
        });
    }
    Ok(PlanPage {
        more: order.len() > request.offset + request.limit,
        plans,
    })
}

/// The next look after one of `look` plans of which `yielded` held a
/// matching passage: as many as that rate says the page needs, with room to
/// spare, and at least four times as many. A look that yielded nothing, or
/// no more than the narrower look before it (`yielded_before`), says the
/// plans' records do not foretell the passages (a filter on a section kind
/// or a project the record ranking knows nothing of; words that every
/// record holds but few passages hold together): widening again would
/// repeat the work, so the passages are searched directly.
fn wider_look(look: usize, yielded: usize, yielded_before: usize, wanted: usize) -> usize {
    if yielded <= yielded_before {
        return usize::MAX;
    }
    let needed = (look * wanted).div_ceil(yielded) * 2;
    needed.max(look.saturating_mul(4))
}

/// The counts depend only on what the query matches (any tier) in this
/// generation of the index: that is their key.
fn facets(
    index: &PlanIndex,
    searcher: &Searcher,
    prepared: &Prepared,
    request: &Request,
) -> Result<Option<Facets>, SearchError> {
    if !request.facets {
        return Ok(None);
    }
    let matching = &prepared.compiled.any_tier;
    let facets = index
        .recent_facets
        .get_or_compute(recent::key(searcher, matching), || {
            count(searcher, matching.as_ref())
        })?;
    Ok(Some(facets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_look_widens_by_its_yield_and_gives_up_on_none_or_no_gain() {
        // Five plans of the page found among 22: the rate asks for 49, doubled.
        assert_eq!(wider_look(22, 5, 0, 11), 98);
        // A good yield still widens fourfold.
        assert_eq!(wider_look(22, 10, 0, 11), 88);
        assert_eq!(wider_look(22, 0, 0, 11), usize::MAX);
        assert_eq!(wider_look(1024, 1, 0, 11), 22528);
        // Four times the plans looked at, and no more found than before.
        assert_eq!(wider_look(88, 5, 5, 11), usize::MAX);
        assert_eq!(wider_look(88, 6, 5, 11), 352);
    }

    #[test]
    fn project_numbers_as_users_write_them() {
        let five: ProjectNumber = "5".parse().unwrap();
        assert_eq!(five.to_string(), "5");
        let sub: ProjectNumber = " 3.2 ".parse().unwrap();
        assert_eq!((sub.project, sub.subproject), (3, Some(2)));
        assert_eq!(sub.to_string(), "3.2");
        for bad in ["", "x", "3.", "0", "3.x", "300"] {
            assert!(bad.parse::<ProjectNumber>().is_err(), "{bad}");
        }
    }

    #[test]
    fn filters_name_known_programmes() {
        let unknown = Filters {
            programme: Some("sports".into()),
            ..Filters::default()
        };
        let err = scope(&unknown).unwrap_err().to_string();
        assert!(err.contains("no programme is called \"sports\""), "{err}");
        assert!(err.contains("drug-prevention"), "{err}");
        let drug = Filters {
            programme: Some("drug-prevention".into()),
            ..Filters::default()
        };
        let s = scope(&drug).unwrap();
        assert_eq!(s.project_programmes[0].code, "drug-prevention-2025-2030");
        let default = scope(&Filters::default()).unwrap();
        assert!(default.programmes.is_empty());
        assert!(default
            .project_programmes
            .iter()
            .all(|p| p.families.contains(&"poverty")));
    }
}
