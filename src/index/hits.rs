//! Hits as a search returns them: a passage with its plan's description
//! and a snippet, a plan (a document, however many files it was read from)
//! with its best passages and its sources; read from the stored fields.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::collect::Columns;
use super::document::PLAN;
use super::held::Candidate;
use super::passage::tag_key;
use super::search::SearchError;
use super::snippet::{self, Snippet};
use super::sought::AnyOf;
use super::stored::Stored;
use super::PlanIndex;

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

/// `found` without the passages another file of the same document already
/// gave: a part of a document is one hit, from the file whose copy of it
/// ranks first.
pub(super) fn once_per_document(
    index: &PlanIndex,
    searcher: &Searcher,
    found: Vec<(usize, Candidate)>,
) -> Result<Vec<(usize, Candidate)>, SearchError> {
    let f = &index.fields;
    let mut first_file: HashMap<(u64, String), String> = HashMap::new();
    let mut kept = Vec::with_capacity(found.len());
    for (tier, c) in found {
        let mut doc: Stored = searcher.doc(c.address)?;
        let plan = doc.take_or_empty(f.plan_id);
        let first = first_file
            .entry((c.document, doc.take_or_empty(f.part)))
            .or_insert_with(|| plan.clone());
        if *first == plan {
            kept.push((tier, c));
        }
    }
    Ok(kept)
}

/// The files of each of `documents` read from more than one, in one search
/// (a page's plans, each searched apart, cost a look into every segment
/// each). A document absent from the answer was read from one file: the
/// one its passages come from. Most are, and their records are not read.
pub(super) fn sources_of(
    index: &PlanIndex,
    searcher: &Searcher,
    documents: &[u64],
) -> Result<HashMap<u64, Vec<Source>>, SearchError> {
    let f = &index.fields;
    let keys = documents
        .iter()
        .map(|d| term_query(Term::from_field_u64(f.document_key, *d)))
        .collect();
    let records = BooleanQuery::new(vec![
        (
            Occur::Must,
            term_query(Term::from_field_text(f.record, PLAN)),
        ),
        (Occur::Must, Box::new(AnyOf::new(keys))),
    ]);
    let mut files: HashMap<u64, Vec<tantivy::DocAddress>> = HashMap::new();
    let mut document_keys = Columns::new(searcher, "document_key");
    for address in searcher.search(&records, &DocSetCollector)? {
        let column = document_keys.of(address.segment_ord)?;
        if let Some(document) = column.first(address.doc_id) {
            files.entry(document).or_default().push(address);
        }
    }
    let mut out = HashMap::new();
    for (document, addresses) in files.into_iter().filter(|(_, a)| a.len() > 1) {
        let mut sources = Vec::with_capacity(addresses.len());
        for address in addresses {
            let mut doc: Stored = searcher.doc(address)?;
            sources.push(Source {
                plan_id: doc.take_or_empty(f.plan_id),
                source_path: doc.take_or_empty(f.source_path),
            });
        }
        out.insert(document, sources);
    }
    Ok(out)
}

/// A document's files, `first` (a plan id) first, the others by path.
pub(super) fn in_order(mut sources: Vec<Source>, first: &str) -> Vec<Source> {
    sources.sort_by(|a, b| {
        (a.plan_id != first)
            .cmp(&(b.plan_id != first))
            .then_with(|| a.source_path.cmp(&b.source_path))
    });
    sources
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// A candidate as a hit: its stored fields and its snippet.
pub(super) fn hit(
    index: &PlanIndex,
    searcher: &Searcher,
    c: &Candidate,
    exact: bool,
    patterns: &[snippet::Pattern],
) -> Result<Hit, SearchError> {
    let f = &index.fields;
    let mut doc: Stored = searcher.doc(c.address)?;
    let passage_text = doc.take_or_empty(f.text);
    let snippet = snippet::find(&passage_text, patterns, "passage")
        .or_else(|| snippet::find(&doc.take_or_empty(f.context), patterns, "context"))
        .unwrap_or_else(|| snippet::start(&passage_text));
    let tags = doc.take_all(f.projects);
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
        passage_id: doc.take_or_empty(f.id),
        plan_id: doc.take_or_empty(f.plan_id),
        document: format!("{:016x}", c.document),
        part: doc.take_or_empty(f.part),
        source_path: doc.take_or_empty(f.source_path),
        doc_type: doc.take(f.doc_type),
        doc_number: doc.take(f.doc_number),
        title: doc.take(f.title),
        locality: doc.take(f.locality),
        level: doc.take(f.level),
        province: doc.take(f.province),
        year: doc.i64(f.year),
        section_id: doc.take(f.section_id),
        section_path: doc.take_or_empty(f.section_path),
        heading: doc.take_or_empty(f.heading),
        kind: doc.take_or_empty(f.kind),
        span: doc
            .u64(f.span_start)
            .zip(doc.u64(f.span_end))
            .map(|(s, e)| [s, e]),
        programmes: doc.take_all(f.programmes),
        projects,
        snippet,
    })
}
