//! A filter matching the documents any of its queries matches, made to be
//! sought. Searches check their candidates against filters one document at
//! a time (the best passages tantivy's pruning lets through, the passages of
//! the plans a first look named), far apart. tantivy's union of a boolean
//! query refills a window of 4,096 documents at each such jump, decoding
//! every posting in it; this union seeks each of its queries to the target
//! and takes the lowest, which costs a skip per query. It scores nothing:
//! it is for filters.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

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
        let weights = self
            .0
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyOfWeight(weights)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.0 {
            q.query_terms(visitor);
        }
    }
}

struct AnyOfWeight(Vec<Box<dyn Weight>>);

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut children = Vec::with_capacity(self.0.len());
        for weight in &self.0 {
            let child = weight.scorer(reader, boost)?;
            if child.doc() != TERMINATED {
                children.push(child);
            }
        }
        let doc = children.iter().map(|c| c.doc()).min().unwrap_or(TERMINATED);
        Ok(Box::new(SoughtUnion { children, doc }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("AnyOf (a filter)", 0.0))
    }
}

struct SoughtUnion {
    children: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl SoughtUnion {
    fn lowest(&self) -> DocId {
        self.children
            .iter()
            .map(|c| c.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for SoughtUnion {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for child in &mut self.children {
            if child.doc() == current {
                child.advance();
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for child in &mut self.children {
            if child.doc() < target {
                child.seek(target);
            }
        }
        self.doc = self.lowest();
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
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, STRING};
    use tantivy::{doc, Index};

    #[test]
    fn it_matches_what_a_boolean_union_matches_walked_or_sought() {
        let mut schema = Schema::builder();
        let word = schema.add_text_field("word", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for n in 0..3000u32 {
            let w = match (n % 7 == 0, n % 11 == 0) {
                (true, true) => "both",
                (true, false) => "seven",
                (false, true) => "eleven",
                _ => "none",
            };
            writer.add_document(doc!(word => w)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(word, w),
                IndexRecordOption::Basic,
            ))
        };
        let words = ["seven", "eleven", "both", "absent"];
        let ours = AnyOf::new(words.iter().map(|w| term(w)).collect());
        let theirs = BooleanQuery::new(words.iter().map(|w| (Occur::Should, term(w))).collect());
        let mut found: Vec<_> = searcher
            .search(&ours, &DocSetCollector)
            .unwrap()
            .into_iter()
            .collect();
        let mut expected: Vec<_> = searcher
            .search(&theirs, &DocSetCollector)
            .unwrap()
            .into_iter()
            .collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected);
        assert_eq!(
            found.len(),
            (0..3000).filter(|n| n % 7 == 0 || n % 11 == 0).count()
        );

        // Sought far apart, as a filter is.
        let weight = ours
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        let mut scorer = weight.scorer(searcher.segment_reader(0), 1.0).unwrap();
        assert_eq!(scorer.seek(700), 700);
        assert_eq!(scorer.seek(701), 704);
        assert_eq!(scorer.advance(), 707);
        assert_eq!(scorer.seek(2999), TERMINATED);
        let none = AnyOf::new(vec![term("absent")]);
        let weight = none
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        assert_eq!(
            weight
                .scorer(searcher.segment_reader(0), 1.0)
                .unwrap()
                .doc(),
            TERMINATED
        );
    }
}
