//! The search library call: query text, filters and a page in; hits (by
//! passage or grouped by plan) and, when asked, facet counts out. The CLI and
//! any other front end are thin layers over [`passages`] and [`plans`].

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};
use thiserror::Error;

use super::collect::{passages_of, Candidate, Shape, Top, Within};
use super::compile::{compile, Compiled, Scope};
use super::document::PLAN;
use super::facets::{count, Facets};
use super::passage::tag_key;
use super::query::{parse, Node, SyntaxError};
use super::snippet::{self, Snippet};
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

/// A project a passage names or is about.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HitProject {
    pub programme: String,
    /// "5" or "3.2".
    pub number: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// BM25 over the words without their diacritics: the same for "Dự án 5"
    /// and "du an 5". Not comparable across different words.
    pub score: f32,
    /// The passage keeps every diacritic the query was typed with (always true
    /// for a query typed without any). Exact hits come first.
    pub exact: bool,
    pub passage_id: String,
    pub plan_id: String,
    /// The document the plan is, as 16 hex digits: the same for each of its files.
    pub document: String,
    pub part: String,
    pub source_path: String,
    pub doc_type: Option<String>,
    pub doc_number: Option<String>,
    pub title: Option<String>,
    pub locality: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
    pub year: Option<i64>,
    pub section_id: Option<String>,
    pub section_path: String,
    pub heading: String,
    pub kind: String,
    /// The passage's byte range in the plan's `text`.
    pub span: Option<[u64; 2]>,
    /// The programmes the passage is about.
    pub programmes: Vec<String>,
    pub projects: Vec<HitProject>,
    pub snippet: Snippet,
}

/// A file a document was read from: one plan each.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    pub plan_id: String,
    pub source_path: String,
}

/// A document and its best passages. The same document read from several
/// files (a .doc and its PDF, a page saved twice) is one hit: its passages
/// are of the file with the best passage (`plan_id`), and `sources` lists
/// every file, that one first.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanHit {
    pub plan_id: String,
    pub document: String,
    pub source_path: String,
    pub sources: Vec<Source>,
    pub doc_type: Option<String>,
    pub doc_number: Option<String>,
    pub title: Option<String>,
    pub locality: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
    pub year: Option<i64>,
    /// Its best passage's.
    pub score: f32,
    pub exact: bool,
    pub passages: Vec<Hit>,
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

/// Candidates of every tier, the exact tier first, with the tier each comes
/// from: scored by `core` (None: in document order) among what each tier holds.
fn candidates(
    searcher: &Searcher,
    core: Option<&dyn Query>,
    tiers: &[Box<dyn Query>],
    shape: Shape,
    wanted: usize,
    within: Option<&Within>,
) -> Result<Vec<(usize, Candidate)>, SearchError> {
    let mut out: Vec<(usize, Candidate)> = Vec::new();
    let mut taken: HashSet<u64> = HashSet::new();
    for (tier, filter) in tiers.iter().enumerate() {
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
        let found = match core {
            Some(core) => {
                let weight = filter.weight(EnableScoring::disabled_from_searcher(searcher))?;
                let top = Top {
                    shape,
                    filter: Some(weight.as_ref()),
                    taken: &taken,
                    within,
                };
                searcher.search(core, &top)?
            }
            None => {
                let top = Top {
                    shape,
                    filter: None,
                    taken: &taken,
                    within,
                };
                searcher.search(filter.as_ref(), &top)?
            }
        };
        if let Shape::Plans { .. } = shape {
            taken.extend(found.iter().map(|c| c.document));
        }
        out.extend(found.into_iter().map(|c| (tier, c)));
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
            &compiled.tiers,
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
        facets: facets(&searcher, &prepared, request)?,
    })
}

/// `found` without the passages another file of the same document already
/// gave: a part of a document is one hit, from the file whose copy of it
/// ranks first.
fn once_per_document(
    index: &PlanIndex,
    searcher: &Searcher,
    found: Vec<(usize, Candidate)>,
) -> Result<Vec<(usize, Candidate)>, SearchError> {
    let f = &index.fields;
    let mut first_file: HashMap<(u64, String), String> = HashMap::new();
    let mut kept = Vec::with_capacity(found.len());
    for (tier, c) in found {
        let doc: TantivyDocument = searcher.doc(c.address)?;
        let plan = stored(&doc, f.plan_id);
        let first = first_file
            .entry((c.document, stored(&doc, f.part)))
            .or_insert_with(|| plan.clone());
        if *first == plan {
            kept.push((tier, c));
        }
    }
    Ok(kept)
}

/// Plans the first look may name before the passages are searched directly.
const FIRST_LOOK_LIMIT: usize = 4096;

/// The best plans, `offset..offset + limit`, each with its best passages.
///
/// A first look over the plans' records names the likely plans (twice the
/// page at first), and their passages are searched; plans are ranked by
/// their best passage. When fewer plans than the page hold a matching
/// passage (a plan held the words apart, or only in passages of another
/// kind), the look widens, fourfold each time; past [`FIRST_LOOK_LIMIT`]
/// the passages of every plan are searched directly.
pub fn plans(index: &PlanIndex, request: &Request) -> Result<Plans, SearchError> {
    let prepared = prepare(index, request)?;
    let searcher = index.searcher()?;
    let wanted = request.offset + request.limit + 1;
    let shape = Shape::Plans {
        plans: wanted,
        per_plan: request.per_plan.max(1),
    };
    let compiled = &prepared.compiled;
    let mut look = (wanted * 2).max(20);
    let found = loop {
        if look > FIRST_LOOK_LIMIT {
            break candidates(
                &searcher,
                compiled.core.as_deref(),
                &compiled.tiers,
                shape,
                wanted,
                None,
            )?;
        }
        let records = candidates(
            &searcher,
            compiled.plans.core.as_deref(),
            std::slice::from_ref(&compiled.plans.filter),
            Shape::Passages(look),
            look,
            None,
        )?;
        let named: Vec<Candidate> = records.into_iter().map(|(_, c)| c).collect();
        let within = passages_of(&searcher, &named)?;
        let found = candidates(
            &searcher,
            compiled.core.as_deref(),
            &compiled.tiers,
            shape,
            wanted,
            Some(&within),
        )?;
        let plans: HashSet<u64> = found.iter().map(|(_, c)| c.document).collect();
        if plans.len() >= wanted || named.len() < look {
            break found;
        }
        look = look.saturating_mul(4);
    };
    // Documents in the order of their first (best) passage, tiers kept apart.
    let mut order: Vec<(usize, u64)> = Vec::new();
    for (tier, c) in &found {
        if !order.iter().any(|(_, d)| *d == c.document) {
            order.push((*tier, c.document));
        }
    }
    let patterns = snippet::patterns(prepared.node.as_ref());
    let mut plans = Vec::new();
    for (tier, document) in order.iter().skip(request.offset).take(request.limit) {
        let mut passages: Vec<Hit> = Vec::new();
        for (_, c) in found.iter().filter(|(_, c)| c.document == *document) {
            let hit = hit(index, &searcher, c, *tier == 0, &patterns)?;
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
        plans.push(PlanHit {
            sources: sources(index, &searcher, *document, &first.plan_id)?,
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
    Ok(Plans {
        more: order.len() > request.offset + request.limit,
        plans,
        facets: facets(&searcher, &prepared, request)?,
    })
}

/// Every file of `document`, `first` (a plan id) first, the others by path.
fn sources(
    index: &PlanIndex,
    searcher: &Searcher,
    document: u64,
    first: &str,
) -> Result<Vec<Source>, SearchError> {
    let f = &index.fields;
    let records = BooleanQuery::new(vec![
        (
            Occur::Must,
            term_query(Term::from_field_text(f.record, PLAN)),
        ),
        (
            Occur::Must,
            term_query(Term::from_field_u64(f.document_key, document)),
        ),
    ]);
    let mut out = Vec::new();
    for address in searcher.search(&records, &DocSetCollector)? {
        let doc: TantivyDocument = searcher.doc(address)?;
        out.push(Source {
            plan_id: stored(&doc, f.plan_id),
            source_path: stored(&doc, f.source_path),
        });
    }
    out.sort_by(|a, b| {
        (a.plan_id != first)
            .cmp(&(b.plan_id != first))
            .then_with(|| a.source_path.cmp(&b.source_path))
    });
    Ok(out)
}

/// A stored text field of `doc`, empty when absent.
fn stored(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn facets(
    searcher: &Searcher,
    prepared: &Prepared,
    request: &Request,
) -> Result<Option<Facets>, SearchError> {
    if !request.facets {
        return Ok(None);
    }
    Ok(Some(count(searcher, &prepared.compiled.tiers)?))
}

/// A candidate as a hit: its stored fields and its snippet.
fn hit(
    index: &PlanIndex,
    searcher: &Searcher,
    c: &Candidate,
    exact: bool,
    patterns: &[snippet::Pattern],
) -> Result<Hit, SearchError> {
    let f = &index.fields;
    let doc: TantivyDocument = searcher.doc(c.address)?;
    let text = |field: Field| stored(&doc, field);
    let optional = |field: Field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let number = |field: Field| doc.get_first(field).and_then(|v| v.as_u64());
    let passage_text = text(f.text);
    let snippet = snippet::find(&passage_text, patterns, "passage")
        .or_else(|| snippet::find(&text(f.context), patterns, "context"))
        .unwrap_or_else(|| snippet::start(&passage_text));
    let tags: Vec<String> = doc
        .get_all(f.projects)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    // A sub-project's passage is also tagged with its project: show the sub-project.
    let projects = tags
        .iter()
        .filter(|t| {
            !tags
                .iter()
                .any(|o| o.len() > t.len() && o.starts_with(&format!("{t}/")))
        })
        .filter_map(|t| tag_key(t))
        .map(|k| HitProject {
            number: k.number(),
            programme: k.programme,
        })
        .collect();
    Ok(Hit {
        score: c.score,
        exact,
        passage_id: text(f.id),
        plan_id: text(f.plan_id),
        document: format!("{:016x}", c.document),
        part: text(f.part),
        source_path: text(f.source_path),
        doc_type: optional(f.doc_type),
        doc_number: optional(f.doc_number),
        title: optional(f.title),
        locality: optional(f.locality),
        level: optional(f.level),
        province: optional(f.province),
        year: doc.get_first(f.year).and_then(|v| v.as_i64()),
        section_id: optional(f.section_id),
        section_path: text(f.section_path),
        heading: text(f.heading),
        kind: text(f.kind),
        span: number(f.span_start)
            .zip(number(f.span_end))
            .map(|(s, e)| [s, e]),
        programmes: doc
            .get_all(f.programmes)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        projects,
        snippet,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
