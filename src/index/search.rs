//! Queries over the index: free text and quoted phrases in both text fields,
//! project mentions in words ("Dự án 5", "tiểu dự án 2 dự án 3") widened to
//! the passages tagged with that project, and filters.

use std::ops::Bound;

use once_cell::sync::Lazy;
use regex::Regex;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};
use thiserror::Error;

use super::passage::project_facet;
use super::PlanIndex;
use crate::model::ProjectKey;
use crate::vi::key::{canonical, document_number, fold};

/// Added to the score of a passage that matches with its diacritics as typed,
/// so every exact match ranks above every match found only without them
/// (BM25 scores of passages stay far below it).
const EXACT_TIER: f32 = 1000.0;
/// Words of context on each side of the first match in a snippet.
const SNIPPET_CONTEXT: usize = 12;

#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub locality: Option<String>,
    pub province: Option<String>,
    pub level: Option<String>,
    /// Inclusive year range.
    pub years: Option<(i32, i32)>,
    pub kind: Option<String>,
    pub project: Option<ProjectKey>,
    /// A document number: "90/QĐ-TTg".
    pub cites: Option<String>,
}

#[derive(Debug, Error, PartialEq)]
pub enum SearchError {
    #[error("malformed query: {message} (at character {position})")]
    Syntax { message: String, position: usize },
    #[error("malformed query: {0}")]
    Parser(String),
    #[error(transparent)]
    Index(#[from] IndexFailure),
}

#[derive(Debug, Error, PartialEq)]
#[error("index error: {0}")]
pub struct IndexFailure(String);

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(IndexFailure(e.to_string()))
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub score: f32,
    pub passage_id: String,
    pub plan_id: String,
    pub source_path: String,
    pub locality: Option<String>,
    pub level: Option<String>,
    pub year: Option<i64>,
    pub section_id: String,
    pub section_path: String,
    pub heading: String,
    pub kind: String,
    pub projects: Vec<String>,
    pub snippet: Snippet,
}

/// A window of the passage's text and the byte ranges of the matched words in it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

impl Snippet {
    /// The snippet with each match wrapped in `open` .. `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(
            self.text.len() + self.highlights.len() * (open.len() + close.len()),
        );
        let mut at = 0;
        for [s, e] in &self.highlights {
            out.push_str(&self.text[at..*s]);
            out.push_str(open);
            out.push_str(&self.text[*s..*e]);
            out.push_str(close);
            at = *e;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

// "Dự án 5", "du an 5", "DA5", "Tiểu dự án 2 thuộc Dự án 3", "TDA2 DA3", on the canonical query.
static PROJECT_IN_WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)(?:\b(?:ti[eểề]u\s+d[uự]\s+[aá]n|tda)\s*(\d)\s*(?:thuộc|thuoc|của|cua|-)?\s*)?\b(?:d[uự]\s+[aá]n|da)\s*(\d)\b",
    )
    .unwrap()
});

/// Projects a query names in words: "du an 5" -> 5, "tiểu dự án 2 dự án 3" -> 3.2.
pub fn projects_named(query: &str) -> Vec<ProjectKey> {
    PROJECT_IN_WORDS
        .captures_iter(query)
        .filter_map(|c| project_key(&c))
        .collect()
}

fn project_key(c: &regex::Captures) -> Option<ProjectKey> {
    let project: u8 = c[2].parse().ok().filter(|p| (1..=7).contains(p))?;
    let subproject = c.get(1).and_then(|s| s.as_str().parse().ok());
    Some(ProjectKey {
        programme: crate::extract::programmes::ALL[0].code.to_string(),
        project,
        subproject,
    })
}

/// Rewrites each project named in words into "the words as a phrase, or the
/// passages tagged with the project": `("dự án 5" OR projects:/5)`.
fn widen_project_mentions(query: &str) -> String {
    PROJECT_IN_WORDS
        .replace_all(query, |c: &regex::Captures| match project_key(c) {
            None => c[0].to_string(),
            Some(key) => {
                let phrase = match key.subproject {
                    Some(sub) => format!("\"tiểu dự án {sub}\" AND \"dự án {}\"", key.project),
                    None => format!("\"dự án {}\"", key.project),
                };
                format!(" (({phrase}) OR projects:{}) ", project_facet(&key))
            }
        })
        .into_owned()
}

/// Unbalanced quotes and parentheses, with the character where the problem is.
fn check_syntax(query: &str) -> Result<(), SearchError> {
    let mut open_quote = None;
    let mut parens = Vec::new();
    for (i, c) in query.chars().enumerate() {
        match c {
            '"' => open_quote = if open_quote.is_some() { None } else { Some(i) },
            '(' if open_quote.is_none() => parens.push(i),
            ')' if open_quote.is_none() && parens.pop().is_none() => {
                return Err(SearchError::Syntax {
                    message: "')' without '('".into(),
                    position: i + 1,
                });
            }
            _ => {}
        }
    }
    if let Some(i) = open_quote {
        return Err(SearchError::Syntax {
            message: "unclosed quote".into(),
            position: i + 1,
        });
    }
    if let Some(i) = parens.pop() {
        return Err(SearchError::Syntax {
            message: "unclosed '('".into(),
            position: i + 1,
        });
    }
    Ok(())
}

pub fn search(
    index: &PlanIndex,
    query: &str,
    filters: &Filters,
    limit: usize,
) -> Result<Vec<Hit>, SearchError> {
    let f = &index.fields;
    let query_text = canonical(query);
    check_syntax(&query_text)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !query_text.trim().is_empty() {
        let widened = widen_project_mentions(&query_text);
        let parse = |field: Field| {
            let mut parser = QueryParser::for_index(&index.index, vec![field]);
            parser.set_conjunction_by_default();
            parser
                .parse_query(&widened)
                .map_err(|e| SearchError::Parser(e.to_string()))
        };
        // Every exact match is also a folded match: the folded query decides
        // what matches and ranks within a tier, the exact one lifts its matches
        // into the tier above. A query typed without diacritics asks for no
        // exactness, and skips the second evaluation.
        let folded = parse(f.text_folded)?;
        if fold(&query_text) == query_text.to_lowercase() {
            clauses.push((Occur::Must, folded));
        } else {
            let exact = parse(f.text)?;
            let tiered: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Must, folded),
                (
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(exact, EXACT_TIER)),
                ),
            ];
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(tiered))));
        }
    }
    let term = |field: Field, value: String| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, &value),
            IndexRecordOption::Basic,
        ))
    };
    if let Some(l) = &filters.locality {
        clauses.push((Occur::Must, term(f.locality_key, fold(l))));
    }
    if let Some(p) = &filters.province {
        clauses.push((Occur::Must, term(f.province_key, fold(p))));
    }
    if let Some(l) = &filters.level {
        clauses.push((Occur::Must, term(f.level, l.to_lowercase())));
    }
    if let Some(k) = &filters.kind {
        clauses.push((Occur::Must, term(f.kind, k.to_lowercase())));
    }
    if let Some(c) = &filters.cites {
        clauses.push((Occur::Must, term(f.cites, document_number(c))));
    }
    if let Some(k) = &filters.project {
        clauses.push((Occur::Must, facet_query(f.projects, k)));
    }
    if let Some((from, to)) = filters.years {
        let bound = |y: i32| Term::from_field_i64(f.year, y.into());
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(bound(from)),
                Bound::Included(bound(to)),
            )),
        ));
    }
    let query: Box<dyn Query> = if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        Box::new(BooleanQuery::new(clauses))
    };

    let searcher = index
        .searcher()
        .map_err(|e| SearchError::Index(IndexFailure(e.to_string())))?;
    let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
    let keys = highlight_keys(&query_text);
    let mut hits = Vec::with_capacity(top.len());
    for (score, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let optional = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        hits.push(Hit {
            score,
            passage_id: text(f.id),
            plan_id: text(f.plan_id),
            source_path: text(f.source_path),
            locality: optional(f.locality),
            level: optional(f.level),
            year: doc.get_first(f.year).and_then(|v| v.as_i64()),
            section_id: text(f.section_id),
            section_path: text(f.section_path),
            heading: text(f.heading),
            kind: text(f.kind),
            projects: doc
                .get_all(f.projects)
                .filter_map(|v| v.as_facet().map(str::to_string))
                .collect(),
            snippet: snippet(&text(f.text), &keys),
        });
    }
    Ok(hits)
}

fn facet_query(field: Field, key: &ProjectKey) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, &Facet::from(project_facet(key).as_str())),
        IndexRecordOption::Basic,
    ))
}

/// Folded words of the query, operators left out: what snippets highlight.
fn highlight_keys(query: &str) -> Vec<String> {
    let query = PROJECT_IN_WORDS.replace_all(query, |c: &regex::Captures| match project_key(c) {
        Some(key) => format!(
            "dự án {} {}",
            key.project,
            key.subproject
                .map_or(String::new(), |s| format!("tiểu {s}"))
        ),
        None => c[0].to_string(),
    });
    word_ranges(&query)
        .into_iter()
        .map(|(s, e)| &query[s..e])
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT"))
        .map(fold)
        .collect()
}

/// The window of `text` holding the most words of `keys` (folded), with their ranges.
pub fn snippet(text: &str, keys: &[String]) -> Snippet {
    let words: Vec<(usize, usize)> = word_ranges(text);
    if words.is_empty() {
        return Snippet {
            text: String::new(),
            highlights: Vec::new(),
        };
    }
    let hits: Vec<bool> = words
        .iter()
        .map(|&(s, e)| keys.iter().any(|k| *k == fold(&text[s..e])))
        .collect();
    let width = SNIPPET_CONTEXT * 3;
    let window_hits = |from: usize| {
        hits[from..(from + width).min(hits.len())]
            .iter()
            .filter(|h| **h)
            .count()
    };
    let best = (0..words.len())
        .max_by_key(|&from| (window_hits(from), std::cmp::Reverse(from)))
        .unwrap_or(0);
    let first_hit = hits[best..]
        .iter()
        .position(|h| *h)
        .map_or(best, |i| best + i);
    let from = first_hit
        .saturating_sub(SNIPPET_CONTEXT / 2)
        .max(best.saturating_sub(SNIPPET_CONTEXT / 2));
    let to = (from + width).min(words.len());
    let (start, end) = (words[from].0, words[to - 1].1);
    let highlights = (from..to)
        .filter(|&i| hits[i])
        .map(|i| [words[i].0 - start, words[i].1 - start])
        .collect();
    Snippet {
        text: text[start..end].to_string(),
        highlights,
    }
}

fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_in_words_with_and_without_diacritics() {
        let key = |p, s| ProjectKey {
            programme: "poverty-2021-2025".into(),
            project: p,
            subproject: s,
        };
        assert_eq!(projects_named("Dự án 5"), [key(5, None)]);
        assert_eq!(projects_named("du an 5 nhà ở"), [key(5, None)]);
        assert_eq!(projects_named("DA5"), [key(5, None)]);
        assert_eq!(projects_named("tiểu dự án 2 dự án 3"), [key(3, Some(2))]);
        assert_eq!(
            projects_named("Tiểu dự án 1 thuộc Dự án 3"),
            [key(3, Some(1))]
        );
        assert_eq!(projects_named("TDA1 DA3"), [key(3, Some(1))]);
        assert!(projects_named("dự án 9").is_empty());
        assert!(projects_named("công an 5").is_empty());
    }

    #[test]
    fn mentions_become_a_phrase_or_the_facet() {
        assert_eq!(
            widen_project_mentions("du an 5"),
            " ((\"dự án 5\") OR projects:/5) "
        );
        assert!(widen_project_mentions("nhà ở").contains("nhà ở"));
    }

    #[test]
    fn syntax_errors_say_where() {
        assert_eq!(
            check_syntax("a \"b"),
            Err(SearchError::Syntax {
                message: "unclosed quote".into(),
                position: 3
            })
        );
        assert_eq!(
            check_syntax("a)"),
            Err(SearchError::Syntax {
                message: "')' without '('".into(),
                position: 2
            })
        );
        assert!(check_syntax("(a \"b)\")").is_ok());
    }

    #[test]
    fn snippets_mark_folded_matches() {
        let s = snippet(
            "Tổ chức thực hiện: Dự án 5. Theo dõi",
            &["du".into(), "an".into(), "5".into()],
        );
        assert_eq!(
            s.marked("[", "]"),
            "Tổ chức thực hiện: [Dự] [án] [5]. Theo dõi"
        );
    }
}
