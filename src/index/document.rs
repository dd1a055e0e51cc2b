//! Index documents: one per passage, and one record per plan that holds all
//! of its words, so that a search can find the best plans among a hundred
//! thousand before it looks at their passages.
//!
//! Documents are built from a plan alone, on the caller's thread (see
//! [`super::PlanWriter::put`]), so many threads build them at once.

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::schema::Field;
use tantivy::TantivyDocument;

use super::analyzer::{folded_key, syllables};
use super::identity::document_key;
use super::passage::{self, Passage};
use super::Fields;
use crate::vi::key::fold;

/// The number of a plan id or a [`Passage::document`]: its 16 hex digits
/// (the first 64 bits of its hash).
pub fn plan_key(plan_id: &str) -> u64 {
    u64::from_str_radix(plan_id, 16).unwrap_or_else(|_| {
        let hash = blake3::hash(plan_id.as_bytes());
        u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
    })
}

pub const PASSAGE: &str = "passage";
pub const PLAN: &str = "plan";

pub fn passage_document(f: &Fields, p: &Passage) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.record, PASSAGE);
    doc.add_text(f.id, &p.id);
    doc.add_text(f.plan_id, &p.plan_id);
    doc.add_u64(f.plan_key, plan_key(&p.plan_id));
    doc.add_u64(f.document_key, plan_key(&p.document));
    doc.add_text(f.part, &p.part);
    doc.add_text(f.source_path, &p.source_path);
    let optional = [
        (f.doc_type, &p.doc_type),
        (f.title, &p.title),
        (f.doc_number, &p.doc_number),
        (f.issuer, &p.issuer),
        (f.locality, &p.locality),
        (f.locality_kind, &p.locality_kind),
        (f.level, &p.level),
        (f.province, &p.province),
        (f.section_id, &p.section_id),
    ];
    for (field, value) in optional {
        if let Some(v) = value {
            doc.add_text(field, v);
        }
    }
    if let Some(l) = &p.locality {
        doc.add_text(f.locality_key, fold(l));
    }
    if let Some(pr) = &p.province {
        doc.add_text(f.province_key, fold(pr));
    }
    if let Some(y) = p.year {
        doc.add_i64(f.year, y.into());
    }
    if let Some(span) = p.span {
        doc.add_u64(f.span_start, span.start as u64);
        doc.add_u64(f.span_end, span.end as u64);
    }
    doc.add_text(f.section_path, p.section_path.join(" › "));
    doc.add_text(f.heading, &p.heading);
    for kind in p.kinds() {
        doc.add_text(f.kind, kind);
    }
    doc.add_text(f.text, &p.text);
    doc.add_text(f.text_folded, &p.text);
    doc.add_text(f.text_pairs, &p.text);
    doc.add_text(f.context, &p.context);
    doc.add_text(f.context_folded, &p.context);
    if let Some(d) = &p.doc_type {
        doc.add_text(f.doc_type_key, fold(d));
    }
    for code in &p.programmes {
        doc.add_text(f.programmes, code);
    }
    for t in with_projects(&p.projects) {
        doc.add_text(f.projects, t);
    }
    for key in &p.cites {
        doc.add_text(f.cites, key);
    }
    doc
}

/// Project tags with the project of each sub-project: "p/3/1" is also "p/3".
fn with_projects<'a>(tags: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        if let Some(key) = passage::tag_key(tag) {
            for t in [
                passage::project_tag(&key.programme, key.project, None),
                tag.clone(),
            ] {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// A plan's record: every word of its passages, and what the filters read,
/// for the whole plan (level, place, year, kind of document) or gathered
/// from its passages (section kinds, programmes, projects, citations).
/// Stored: only its plan id and source path, for listing a document's files.
pub fn plan_document(f: &Fields, plan: &crate::model::Plan, parts: &[Passage]) -> TantivyDocument {
    let m = &plan.metadata;
    let mut doc = TantivyDocument::default();
    doc.add_text(f.record, PLAN);
    doc.add_text(f.plan_id, &plan.id);
    doc.add_u64(f.plan_key, plan_key(&plan.id));
    let document = parts
        .first()
        .map_or_else(|| document_key(plan), |p| plan_key(&p.document));
    doc.add_u64(f.document_key, document);
    // The record lists the plan among its document's sources.
    doc.add_text(f.source_path, &plan.source.path);
    if let Some(y) = m.year {
        doc.add_i64(f.year, y.into());
    }
    let gathered = |values: Vec<&String>| {
        let mut values: Vec<String> = values.into_iter().cloned().collect();
        values.sort();
        values.dedup();
        values
    };
    // Each value in the field the passages share (read for facets) and
    // as the record's own filter term.
    let answers = [
        (PlanFilter::Level, m.level.iter().cloned().collect()),
        (
            PlanFilter::Locality,
            m.locality.iter().map(|l| fold(l)).collect(),
        ),
        (
            PlanFilter::Province,
            m.province.iter().map(|p| fold(p)).collect(),
        ),
        (
            PlanFilter::DocType,
            m.doc_type.iter().map(|d| fold(d)).collect(),
        ),
        (
            PlanFilter::Programme,
            gathered(plan.programmes.iter().map(|g| &g.code).collect()),
        ),
        (
            PlanFilter::Kind,
            gathered(parts.iter().flat_map(Passage::kinds).collect()),
        ),
        (
            PlanFilter::Cites,
            gathered(parts.iter().flat_map(|p| &p.cites).collect()),
        ),
    ];
    for (filter, values) in answers {
        for value in values {
            doc.add_text(f.plan_filters, filter.token(&value));
            doc.add_text(filter.shared_field(f), value);
        }
    }
    for p in parts {
        doc.add_text(f.plan_text, &p.text);
        doc.add_text(f.plan_pairs, &p.text);
    }
    for t in with_projects(parts.iter().flat_map(|p| &p.projects)) {
        doc.add_text(f.plan_projects, t);
    }
    for t in scoped_words(parts) {
        doc.add_text(f.plan_scoped_words, t);
    }
    doc
}

/// A filter a plan's record answers for the whole plan, by its own term in
/// [`Fields::plan_filters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFilter {
    Level,
    Locality,
    Province,
    DocType,
    Programme,
    Kind,
    Cites,
}

impl PlanFilter {
    /// The field passages and records share for this filter, holding the
    /// same keys as the record's own terms.
    pub fn shared_field(self, f: &Fields) -> Field {
        match self {
            PlanFilter::Level => f.level,
            PlanFilter::Locality => f.locality_key,
            PlanFilter::Province => f.province_key,
            PlanFilter::DocType => f.doc_type_key,
            PlanFilter::Programme => f.programmes,
            PlanFilter::Kind => f.kind,
            PlanFilter::Cites => f.cites,
        }
    }

    /// The record's term for `value`, the key the passages' field holds.
    pub fn token(self, value: &str) -> String {
        let name = match self {
            PlanFilter::Level => "level",
            PlanFilter::Locality => "locality",
            PlanFilter::Province => "province",
            PlanFilter::DocType => "doc_type",
            PlanFilter::Programme => "programme",
            PlanFilter::Kind => "kind",
            PlanFilter::Cites => "cites",
        };
        format!("{name}={value}")
    }
}

/// The token of [`Fields::plan_scoped_words`] saying that a passage in
/// `scope` (a section kind, or a project tag) holds the folded word `key`.
pub fn scoped_word(scope: &str, key: &str) -> String {
    format!("{scope} {key}")
}

/// What a search narrowed to a passage's scope (its section kind, the kinds
/// of the sections above it, the projects it names) must find in a plan's
/// record: each scope of its passages with every word a passage in it
/// matches, its own and those of what it stands under (headings, title), as
/// a search accepts a word in either. Counted as numbers: each syllable is
/// looked up once per passage, only the distinct pairs are spelt out.
fn scoped_words(parts: &[Passage]) -> Vec<String> {
    let mut key_of: FxHashMap<&str, usize> = FxHashMap::default();
    let mut keys: Vec<String> = Vec::new();
    let mut scopes: Vec<String> = Vec::new();
    let mut held: FxHashSet<(usize, usize)> = FxHashSet::default();
    let mut words: Vec<usize> = Vec::new();
    for p in parts {
        words.clear();
        for text in [p.text.as_str(), p.context.as_str()] {
            for (start, end) in syllables(text) {
                let syllable = &text[start..end];
                let next = keys.len();
                words.push(*key_of.entry(syllable).or_insert_with(|| {
                    keys.push(folded_key(syllable));
                    next
                }));
            }
        }
        words.sort_unstable();
        words.dedup();
        for scope in p.kinds().cloned().chain(with_projects(&p.projects)) {
            let at = scopes.iter().position(|s| *s == scope).unwrap_or_else(|| {
                scopes.push(scope);
                scopes.len() - 1
            });
            held.extend(words.iter().map(|w| (at, *w)));
        }
    }
    // Syllables spelt apart ("Bảo", "bảo") share a key.
    let mut out: Vec<String> = held
        .into_iter()
        .map(|(at, w)| scoped_word(&scopes[at], &keys[w]))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_record_pairs_each_scope_with_the_words_its_passages_match() {
        let parts = [
            Passage {
                kind: "tasks".into(),
                kinds_above: vec!["objectives".into()],
                text: "Hỗ trợ bảo hiểm".into(),
                context: "Y tế".into(),
                ..Passage::default()
            },
            Passage {
                kind: "organization".into(),
                text: "Bảo HIỂM, cấp thẻ".into(),
                projects: vec![passage::project_tag("poverty-2021-2025", 3, Some(2))],
                ..Passage::default()
            },
        ];
        let words = scoped_words(&parts);
        let has = |scope: &str, key: &str| words.contains(&scoped_word(scope, key));
        // Its own words, folded, and those it stands under, for its kind
        // and the kinds above it.
        for kind in ["tasks", "objectives"] {
            for key in ["ho", "tro", "bao", "hiem", "y", "te"] {
                assert!(has(kind, key), "{kind} {key}");
            }
            assert!(
                !has(kind, "the"),
                "{kind}: a word of another kind's passage"
            );
        }
        assert!(has("organization", "bao") && has("organization", "the"));
        assert!(!has("organization", "y"));
        // A project's passages, under its tag and under its parent's.
        for tag in ["poverty-2021-2025/3/2", "poverty-2021-2025/3"] {
            assert!(has(tag, "the") && !has(tag, "tro"), "{tag}");
        }
        // Spellings of one key are one token.
        assert_eq!(words.iter().filter(|w| *w == "organization bao").count(), 1);
    }
}
