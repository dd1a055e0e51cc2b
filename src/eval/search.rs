//! Relevance of search, measured the way [`super`] measures extraction:
//! against answers made by hand. A query set (`fixtures/queries/*.json`,
//! described in its README) lists queries, each with the passages a reader
//! judged relevant, named by their plan's file and a quote of their text,
//! and a grade (2: about it, 1: says something about it).
//!
//! A judged quote stands for every passage of that plan whose text holds it
//! (compared syllable by syllable, without diacritics, case or punctuation),
//! so the judgements do not depend on how vnplan cuts or numbers passages.
//! A judgement without a quote judges a whole plan (a place, a programme):
//! queries judged only so are scored for plans, not for passages.
//! Scores follow trec_eval: `recall_10`, `recip_rank` and `ndcg_cut_10`
//! (linear gains, log2 discounts), averaged over the queries, for the
//! ranking of passages and for the ranking of plans (a plan's grade is its
//! best passage's).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::index::analyzer::{folded_key, syllables};
use crate::index::passage::passages;
use crate::index::search::{self, Filters, Request, SearchError};
use crate::index::PlanIndex;
use crate::model::Plan;

/// Ranks scored: the cut of recall and nDCG.
const CUT: usize = 10;
/// Passages retrieved per query for the reciprocal rank.
const RETRIEVED: usize = 100;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuerySet {
    #[serde(default)]
    pub about: String,
    pub queries: Vec<JudgedQuery>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgedQuery {
    pub id: String,
    pub query: String,
    #[serde(default)]
    pub filters: JudgedFilters,
    pub relevant: Vec<Judgement>,
    #[serde(default)]
    pub note: String,
}

/// The filters of `vnplan search`, as strings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgedFilters {
    pub locality: Option<String>,
    pub province: Option<String>,
    pub level: Option<String>,
    /// "2024" or "2023..2025".
    pub year: Option<String>,
    pub kind: Option<String>,
    pub doc_type: Option<String>,
    pub programme: Option<String>,
    /// "5" or "3.2".
    pub project: Option<String>,
    pub cites: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    /// The plan's source file name, without its extensions.
    pub plan: String,
    /// Text of the relevant passage; none: the plan as a whole.
    #[serde(default)]
    pub quote: Option<String>,
    pub grade: u8,
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Scores {
    pub recall_at_10: f64,
    pub mrr: f64,
    pub ndcg_at_10: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueryReport {
    pub id: String,
    pub query: String,
    /// None when the query judges plans only.
    pub passages: Option<Scores>,
    pub plans: Scores,
    pub relevant_passages: usize,
    /// Quotes of relevant passages not in the first ten.
    pub missed: Vec<String>,
    /// Quotes found in no passage of their plan: a judgement to check.
    pub unmatched: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub queries: Vec<QueryReport>,
    /// Over the queries that judge passages.
    pub passages: Scores,
    pub passage_queries: usize,
    pub plans: Scores,
}

/// A plan's name as judgements give it: its file name without extensions.
pub fn plan_name(plan: &Plan) -> String {
    let file = plan
        .source
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    file.split('.').next().unwrap_or(file).to_string()
}

fn keys(text: &str) -> Vec<String> {
    syllables(text)
        .map(|(s, e)| folded_key(&text[s..e]))
        .collect()
}

/// Every passage of every plan, by plan name: (unit, document, syllable
/// keys). Units are a document's parts, as search shows them: the files of
/// one document ([`crate::index::identity`]) are one plan, each part one
/// passage, so a judged passage is found once whichever file gives it.
type Corpus = BTreeMap<String, Vec<(String, String, Vec<String>)>>;

fn corpus(plans: &[Plan]) -> Corpus {
    let mut out: Corpus = BTreeMap::new();
    for plan in plans {
        let entry = out.entry(plan_name(plan)).or_default();
        for p in passages(plan) {
            entry.push((unit(&p.document, &p.part), p.document, keys(&p.text)));
        }
    }
    out
}

fn unit(document: &str, part: &str) -> String {
    format!("{document}/{part}")
}

fn contains(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The request a judged query stands for.
fn request(q: &JudgedQuery, limit: usize, per_plan: usize) -> Result<Request, SearchError> {
    let f = &q.filters;
    let bad = |what: String| SearchError::Filter(format!("query {}: {what}", q.id));
    let years = match f.year.as_deref() {
        None => None,
        Some(y) => {
            let year = |t: &str| {
                t.trim()
                    .parse::<i32>()
                    .map_err(|_| bad(format!("year {y:?}")))
            };
            Some(match y.split_once("..") {
                Some((a, b)) => (year(a)?, year(b)?),
                None => (year(y)?, year(y)?),
            })
        }
    };
    Ok(Request {
        query: q.query.clone(),
        filters: Filters {
            locality: f.locality.clone(),
            province: f.province.clone(),
            level: f.level.clone(),
            years,
            kind: f.kind.clone(),
            doc_type: f.doc_type.clone(),
            programme: f.programme.clone(),
            project: f
                .project
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(bad)?,
            cites: f.cites.clone(),
        },
        offset: 0,
        limit,
        per_plan,
        facets: false,
    })
}

/// trec_eval's measures of one ranking against graded judgements.
pub fn scores(ranking: &[String], grades: &BTreeMap<String, u8>) -> Scores {
    let relevant = grades.values().filter(|g| **g > 0).count();
    if relevant == 0 {
        return Scores::default();
    }
    let grade = |id: &String| grades.get(id).copied().unwrap_or(0);
    let found = ranking.iter().take(CUT).filter(|id| grade(id) > 0).count();
    let mrr = ranking
        .iter()
        .position(|id| grade(id) > 0)
        .map_or(0.0, |i| 1.0 / (i + 1) as f64);
    let discount = |i: usize| (i as f64 + 2.0).log2();
    let dcg: f64 = ranking
        .iter()
        .take(CUT)
        .enumerate()
        .map(|(i, id)| grade(id) as f64 / discount(i))
        .sum();
    let mut ideal: Vec<u8> = grades.values().copied().filter(|g| *g > 0).collect();
    ideal.sort_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(CUT)
        .enumerate()
        .map(|(i, g)| *g as f64 / discount(i))
        .sum();
    Scores {
        recall_at_10: found as f64 / relevant as f64,
        mrr,
        ndcg_at_10: dcg / idcg,
    }
}

fn mean(all: impl Iterator<Item = Scores>) -> Scores {
    let list: Vec<Scores> = all.collect();
    let n = list.len().max(1) as f64;
    Scores {
        recall_at_10: list.iter().map(|s| s.recall_at_10).sum::<f64>() / n,
        mrr: list.iter().map(|s| s.mrr).sum::<f64>() / n,
        ndcg_at_10: list.iter().map(|s| s.ndcg_at_10).sum::<f64>() / n,
    }
}

/// Runs every query of `set` against `index`, whose plans are `plans`.
pub fn evaluate(index: &PlanIndex, plans: &[Plan], set: &QuerySet) -> Result<Report, SearchError> {
    let corpus = corpus(plans);
    let mut reports = Vec::new();
    for q in &set.queries {
        let mut passage_grades: BTreeMap<String, u8> = BTreeMap::new();
        let mut plan_grades: BTreeMap<String, u8> = BTreeMap::new();
        // Judgement -> the passages it stands for (or a placeholder when none).
        let mut judged: Vec<(&Judgement, &String, BTreeSet<String>)> = Vec::new();
        let mut unmatched = Vec::new();
        for j in &q.relevant {
            let plans_named: Vec<&(String, String, Vec<String>)> =
                corpus.get(&j.plan).into_iter().flatten().collect();
            let Some(quote) = &j.quote else {
                let ids: BTreeSet<&String> = plans_named.iter().map(|(_, plan, _)| plan).collect();
                if ids.is_empty() {
                    unmatched.push(j.plan.clone());
                    plan_grades.insert(format!("unmatched:{}", j.plan), j.grade);
                }
                for id in ids {
                    let best = plan_grades.entry(id.clone()).or_default();
                    *best = (*best).max(j.grade);
                }
                continue;
            };
            let quote_keys = keys(quote);
            let mut ids = BTreeSet::new();
            for (passage, plan, text) in &plans_named {
                if contains(text, &quote_keys) {
                    ids.insert(passage.clone());
                    let best = plan_grades.entry(plan.clone()).or_default();
                    *best = (*best).max(j.grade);
                }
            }
            if ids.is_empty() {
                unmatched.push(format!("{}: {quote}", j.plan));
                ids.insert(format!("unmatched:{}:{quote}", j.plan));
                let best = plan_grades
                    .entry(format!("unmatched:{}", j.plan))
                    .or_default();
                *best = (*best).max(j.grade);
            }
            for id in &ids {
                let best = passage_grades.entry(id.clone()).or_default();
                *best = (*best).max(j.grade);
            }
            judged.push((j, quote, ids));
        }
        let found = search::passages(index, &request(q, RETRIEVED, 1)?)?;
        let ranking: Vec<String> = found
            .hits
            .iter()
            .map(|h| unit(&h.document, &h.part))
            .collect();
        let by_plan = search::plans(index, &request(q, CUT, 1)?)?;
        let plan_ranking: Vec<String> = by_plan.plans.iter().map(|p| p.document.clone()).collect();
        let top: BTreeSet<&String> = ranking.iter().take(CUT).collect();
        let missed = judged
            .iter()
            .filter(|(j, _, ids)| j.grade > 0 && !ids.iter().any(|id| top.contains(id)))
            .map(|(j, quote, _)| format!("{}: {quote}", j.plan))
            .collect();
        reports.push(QueryReport {
            id: q.id.clone(),
            query: q.query.clone(),
            passages: (!judged.is_empty()).then(|| scores(&ranking, &passage_grades)),
            plans: scores(&plan_ranking, &plan_grades),
            relevant_passages: passage_grades.values().filter(|g| **g > 0).count(),
            missed,
            unmatched,
        });
    }
    Ok(Report {
        passages: mean(reports.iter().filter_map(|r| r.passages)),
        passage_queries: reports.iter().filter(|r| r.passages.is_some()).count(),
        plans: mean(reports.iter().map(|r| r.plans)),
        queries: reports,
    })
}

/// The report as a table; with `misses`, every query below a perfect score and what it missed.
pub fn render(report: &Report, misses: bool) -> String {
    let mut out = format!(
        "vnplan eval-search: {} queries\n\n{:<10} {:>8} {:>10} {:>7} {:>9}\n",
        report.queries.len(),
        "",
        "queries",
        "recall@10",
        "MRR",
        "nDCG@10"
    );
    for (name, n, s) in [
        ("passages", report.passage_queries, report.passages),
        ("plans", report.queries.len(), report.plans),
    ] {
        out.push_str(&format!(
            "{name:<10} {n:>8} {:>10.3} {:>7.3} {:>9.3}\n",
            s.recall_at_10, s.mrr, s.ndcg_at_10
        ));
    }
    let unmatched: Vec<&QueryReport> = report
        .queries
        .iter()
        .filter(|q| !q.unmatched.is_empty())
        .collect();
    if !unmatched.is_empty() {
        out.push_str("\njudgements whose quote is in no passage of their plan:\n");
        for q in unmatched {
            for u in &q.unmatched {
                out.push_str(&format!("  {}: {u}\n", q.id));
            }
        }
    }
    if misses {
        out.push('\n');
        for q in report
            .queries
            .iter()
            .filter(|q| q.passages.unwrap_or(q.plans) != perfect())
        {
            let (what, s) = match q.passages {
                Some(s) => ("passages", s),
                None => ("plans", q.plans),
            };
            out.push_str(&format!(
                "{} {:?}: {what} recall@10 {:.2}, MRR {:.2}, nDCG@10 {:.2} ({} relevant passages)\n",
                q.id, q.query, s.recall_at_10, s.mrr, s.ndcg_at_10, q.relevant_passages
            ));
            for m in &q.missed {
                out.push_str(&format!("    missed {m}\n"));
            }
        }
    }
    out
}

fn perfect() -> Scores {
    Scores {
        recall_at_10: 1.0,
        mrr: 1.0,
        ndcg_at_10: 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(list: &[(&str, u8)]) -> BTreeMap<String, u8> {
        list.iter().map(|(id, g)| (id.to_string(), *g)).collect()
    }

    fn ranking(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn trec_eval_measures() {
        let g = grades(&[("a", 2), ("b", 1), ("c", 0)]);
        let perfect = scores(&ranking(&["a", "b", "x"]), &g);
        assert_eq!(perfect.recall_at_10, 1.0);
        assert_eq!(perfect.mrr, 1.0);
        assert!((perfect.ndcg_at_10 - 1.0).abs() < 1e-12);
        // b first, a third: DCG = 1/log2(2) + 2/log2(4) = 2; IDCG = 2 + 1/log2(3).
        let swapped = scores(&ranking(&["b", "x", "a"]), &g);
        assert!((swapped.ndcg_at_10 - 2.0 / (2.0 + 1.0 / 3f64.log2())).abs() < 1e-12);
        assert_eq!(swapped.mrr, 1.0);
        let late = scores(&ranking(&["x", "y", "b"]), &g);
        assert_eq!(late.recall_at_10, 0.5);
        assert!((late.mrr - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(scores(&ranking(&["x"]), &g).mrr, 0.0);
        // Beyond the cut, nothing counts for recall and nDCG.
        let mut far: Vec<&str> = vec!["x"; 10];
        far.push("a");
        let far = scores(&ranking(&far), &g);
        assert_eq!((far.recall_at_10, far.ndcg_at_10), (0.0, 0.0));
        assert!((far.mrr - 1.0 / 11.0).abs() < 1e-12);
    }

    #[test]
    fn quotes_match_syllables_whatever_the_spelling() {
        let text = keys("- Tổ chức thực hiện:\nDự án 5. Theo dõi");
        assert!(contains(&text, &keys("thực hiện: Dự án 5")));
        assert!(contains(&text, &keys("THUC HIEN DU AN 5")));
        assert!(!contains(&text, &keys("Dự án 6")));
        assert!(!contains(&text, &keys("")));
    }

    #[test]
    fn the_judged_sets_parse() {
        for entry in
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/queries")).unwrap()
        {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let set: QuerySet = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                for q in &set.queries {
                    assert!(!q.relevant.is_empty(), "{}", q.id);
                    assert!(q.relevant.iter().all(|j| j.grade <= 2), "{}", q.id);
                    request(q, 10, 1).unwrap();
                }
            }
        }
    }
}
