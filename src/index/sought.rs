//! Unions made to be sought. A search checks candidates one document at a
//! time against its filters, and scores them one at a time against its core:
//! the best passages tantivy's pruning lets through, the passages of the
//! plans a first look named, the documents of a selective filter, all far
//! apart. tantivy's union of a boolean query answers each such jump by
//! refilling a window of 4,096 documents, decoding and scoring every posting
//! of every term in it (a third of a search's time over two-word queries);
//! these unions seek each of their queries to the target and take the
//! lowest, a skip per query.
//!
//! [`AnyOf`] is the union for what a passage must satisfy; [`Core`] is the
//! scoring union of a search's terms, which hands whole walks to tantivy's
//! boolean weight so that block-max WAND still prunes them.

use std::sync::Arc;

use tantivy::query::{
    BooleanWeight, EnableScoring, Explanation, Occur, Query, Scorer, SumCombiner, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// The documents any of its queries matches, scored by the sum of the
/// scores of those that match.
#[derive(Debug)]
pub struct AnyOf(Vec<Box<dyn Query>>);

impl AnyOf {
    pub fn new(queries: Vec<Box<dyn Query>>) -> AnyOf {
        AnyOf(queries)
    }
}

impl Clone for AnyOf {
    fn clone(&self) -> AnyOf {
        AnyOf(self.0.iter().map(|q| q.box_clone()).collect())
    }
}

impl Query for AnyOf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AnyOfWeight(weights(&self.0, scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.0 {
            q.query_terms(visitor);
        }
    }
}

fn weights(
    queries: &[Box<dyn Query>],
    scoring: EnableScoring<'_>,
) -> tantivy::Result<Vec<Arc<dyn Weight>>> {
    queries
        .iter()
        .map(|q| q.weight(scoring).map(Arc::from))
        .collect()
}

struct AnyOfWeight(Vec<Arc<dyn Weight>>);

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        sought_union(&self.0, reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_sum(&self.0, reader, doc)
    }
}

fn sought_union(
    weights: &[Arc<dyn Weight>],
    reader: &SegmentReader,
    boost: Score,
) -> tantivy::Result<Box<dyn Scorer>> {
    let mut children = Vec::with_capacity(weights.len());
    for weight in weights {
        let child = weight.scorer(reader, boost)?;
        if child.doc() != TERMINATED {
            children.push(child);
        }
    }
    let docs: Vec<DocId> = children.iter().map(|c| c.doc()).collect();
    let doc = lowest(&docs);
    Ok(Box::new(SoughtUnion {
        children,
        docs,
        doc,
    }))
}

fn explain_sum(
    weights: &[Arc<dyn Weight>],
    reader: &SegmentReader,
    doc: DocId,
) -> tantivy::Result<Explanation> {
    let mut scorer = sought_union(weights, reader, 1.0)?;
    if scorer.seek(doc) != doc {
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} does not match"
        )));
    }
    let mut explanation = Explanation::new("sum of the matching queries", scorer.score());
    for weight in weights {
        if let Ok(child) = weight.explain(reader, doc) {
            explanation.add_detail(child);
        }
    }
    Ok(explanation)
}

/// The scoring union of a search's terms: sought one document at a time
/// like [`AnyOf`], walked whole by tantivy's boolean weight over the same
/// term weights (block-max WAND prunes such a walk; it only recognises its
/// own union of term scorers).
#[derive(Debug, Clone)]
pub struct Core(AnyOf);

impl Core {
    /// `terms` should be term queries (boosted or not): a union of anything
    /// else is walked without pruning.
    pub fn new(terms: Vec<Box<dyn Query>>) -> Core {
        Core(AnyOf::new(terms))
    }
}

impl Query for Core {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let terms = weights(&self.0 .0, scoring)?;
        let shared = terms
            .iter()
            .map(|w| {
                (
                    Occur::Should,
                    Box::new(Shared(w.clone())) as Box<dyn Weight>,
                )
            })
            .collect();
        let walked = BooleanWeight::with_minimum_number_should_match(
            shared,
            1,
            scoring.is_scoring_enabled(),
            Box::new(SumCombiner::default),
        );
        Ok(Box::new(CoreWeight { terms, walked }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct CoreWeight {
    terms: Vec<Arc<dyn Weight>>,
    walked: BooleanWeight<SumCombiner>,
}

impl Weight for CoreWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        sought_union(&self.terms, reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_sum(&self.terms, reader, doc)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.walked.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.walked.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.walked.for_each_pruning(threshold, reader, callback)
    }
}

/// A weight owned with others: the term weights serve both the sought union
/// and the walked one.
struct Shared(Arc<dyn Weight>);

impl Weight for Shared {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// The children's current documents are kept beside them: finding the
/// lowest, and which children are on it, is most of what a seek does, and
/// asking each child is a call through its box.
struct SoughtUnion {
    children: Vec<Box<dyn Scorer>>,
    docs: Vec<DocId>,
    doc: DocId,
}

fn lowest(docs: &[DocId]) -> DocId {
    docs.iter().copied().min().unwrap_or(TERMINATED)
}

impl DocSet for SoughtUnion {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for (child, doc) in self.children.iter_mut().zip(&mut self.docs) {
            if *doc == current {
                *doc = child.advance();
            }
        }
        self.doc = lowest(&self.docs);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (child, doc) in self.children.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = child.seek(target);
            }
        }
        self.doc = lowest(&self.docs);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .map(|c| c.size_hint())
            .fold(0u32, u32::saturating_add)
    }
}

impl Scorer for SoughtUnion {
    fn score(&mut self) -> Score {
        let current = self.doc;
        self.children
            .iter_mut()
            .zip(&self.docs)
            .filter(|(_, doc)| **doc == current)
            .map(|(child, _)| child.score())
            .sum()
    }
}

/// A word's query, weighted: what the tests of the collectors build their
/// cores and filters from.
#[cfg(test)]
pub(super) fn boosted_term(
    field: tantivy::schema::Field,
    word: &str,
    boost: f32,
) -> Box<dyn tantivy::query::Query> {
    use tantivy::query::{BoostQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;
    Box::new(BoostQuery::new(
        Box::new(TermQuery::new(
            tantivy::Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        )),
        boost,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{DocSetCollector, TopDocs};
    use tantivy::query::BooleanQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, Searcher};

    /// 3,000 documents of the words "seven" (n % 7 == 0) and "eleven" (n % 11 == 0), some twice.
    fn searcher() -> (Searcher, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for n in 0..3000u32 {
            let mut words = vec!["none"];
            if n % 7 == 0 {
                words.push("seven");
            }
            if n % 11 == 0 {
                words.push("eleven");
            }
            if n % 13 == 0 {
                words.push("seven");
            }
            writer.add_document(doc!(text => words.join(" "))).unwrap();
        }
        writer.commit().unwrap();
        (index.reader().unwrap().searcher(), text)
    }

    #[test]
    fn any_of_matches_what_a_boolean_union_matches_walked_or_sought() {
        let (searcher, text) = searcher();
        let words = ["seven", "eleven", "absent"];
        let ours = AnyOf::new(words.iter().map(|w| boosted_term(text, w, 1.0)).collect());
        let theirs = BooleanQuery::new(
            words
                .iter()
                .map(|w| (Occur::Should, boosted_term(text, w, 1.0)))
                .collect(),
        );
        let found = searcher.search(&ours, &DocSetCollector).unwrap();
        let expected = searcher.search(&theirs, &DocSetCollector).unwrap();
        assert_eq!(found, expected);
        assert_eq!(
            found.len(),
            (0..3000)
                .filter(|n| n % 7 == 0 || n % 11 == 0 || n % 13 == 0)
                .count()
        );

        // Sought far apart, as a filter is.
        let weight = ours
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        let mut scorer = weight.scorer(searcher.segment_reader(0), 1.0).unwrap();
        assert_eq!(scorer.seek(700), 700);
        assert_eq!(scorer.seek(701), 702);
        assert_eq!(scorer.advance(), 704);
        assert_eq!(scorer.seek(2999), TERMINATED);
        let none = AnyOf::new(vec![boosted_term(text, "absent", 1.0)]);
        let weight = none
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        let scorer = weight.scorer(searcher.segment_reader(0), 1.0).unwrap();
        assert_eq!(scorer.doc(), TERMINATED);
    }

    #[test]
    fn core_ranks_as_a_boolean_union_and_scores_alike_when_sought() {
        let (searcher, text) = searcher();
        let terms = || {
            vec![
                boosted_term(text, "seven", 1.0),
                boosted_term(text, "eleven", 0.3),
            ]
        };
        let ours = Core::new(terms());
        let theirs = BooleanQuery::new(terms().into_iter().map(|t| (Occur::Should, t)).collect());
        // Walked whole (pruned) the top ten are the boolean union's.
        let top = TopDocs::with_limit(10).order_by_score();
        let found = searcher.search(&ours, &top).unwrap();
        let expected = searcher.search(&theirs, &top).unwrap();
        assert_eq!(found, expected);

        // Sought, each document scores what the boolean union gives it.
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let reader = searcher.segment_reader(0);
        let mut sought = ours.weight(scoring).unwrap().scorer(reader, 1.0).unwrap();
        let mut walked = theirs.weight(scoring).unwrap().scorer(reader, 1.0).unwrap();
        for target in [0, 77, 78, 143, 1001, 2002, 2990] {
            let doc = walked.seek(target);
            assert_eq!(sought.seek(target), doc);
            if doc != TERMINATED {
                assert!((sought.score() - walked.score()).abs() < 1e-5, "{doc}");
            }
        }
    }
}
