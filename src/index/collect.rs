//! Collecting the best passages, or the best plans with their best passages,
//! while tantivy's block-max WAND skips what cannot reach them.
//!
//! The query searched is the core (a union of terms, which keeps the
//! pruning); what a passage must satisfy is a second weight, checked for each
//! candidate the pruning lets through (candidates come in document order, so
//! the check only moves forward). Each filter is first walked, each of its
//! documents scored by the core, until it has given a page's worth, which
//! settles the filters that hold few documents (words each common, rarely
//! together). How far into the segment that walk reached tells how many the
//! filter holds: one that holds few of what the core matches (a project of
//! another programme, a locality) is walked to its end, as the pruning cannot
//! help when nearly every candidate fails the check. With no core, the
//! filter itself is walked in document order and the walk stops as soon as
//! enough is held.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Mutex;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Weight;
use tantivy::{DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

use super::held::{sort, Candidate, Held, Shape};

/// A filter holding fewer than one document in this many of those the core
/// matches is walked whole rather than checked ([`selective`]). (Against
/// the core, not the segment: the core of a first look over plans matches
/// only plans' records, as its filter does, and is pruned best.)
const SELECTIVE: u64 = 32;

/// Every filter is walked first, until it has given as many documents as
/// the page holds (within these bounds): a conjunction whose words are
/// everywhere apart may hold few passages, which its walk finds at
/// the cost of its rarest word, while the pruning would check every passage
/// holding any of the words. Past that, the pruning has a threshold to
/// start from.
const WALK_MIN: usize = 64;
const WALK_MAX: usize = 1024;

pub struct Top<'a> {
    pub shape: Shape,
    /// Checked for each candidate of the core; None when the searched query is the filter.
    pub filter: Option<&'a dyn Weight>,
    /// What the tier leaves to an earlier one: a candidate it matches is not
    /// one. Looked up for each candidate in turn, as tantivy's own exclusion
    /// walks, when its scorer is made, to the first document not excluded:
    /// through the whole segment for a tier that holds little besides
    /// what the earlier one held.
    pub except: Option<Except<'a>>,
    /// Documents an earlier tier already holds: their passages are not candidates here.
    pub taken: &'a HashSet<u64>,
    /// Only these documents: the passages of the plans a first look named.
    pub within: Option<&'a Within>,
    /// The segments this tier holds nothing in: those known already are
    /// not searched, those found are noted, for the next tier's
    /// [`Except::needless_in`] and the next search of this one.
    pub holds_none: &'a Mutex<HashSet<SegmentOrdinal>>,
}

/// What earlier tiers hold, and the segments they hold nothing in: there a
/// candidate cannot be one of theirs, and the exclusion, whose scorer's
/// first seek would walk the whole segment to learn it, is not made.
#[derive(Clone, Copy)]
pub struct Except<'a> {
    pub weight: &'a dyn Weight,
    pub needless_in: &'a HashSet<SegmentOrdinal>,
}

/// Ranges of documents, by segment, in order.
pub type Within = HashMap<SegmentOrdinal, Vec<Range<DocId>>>;

/// The passages of the plans whose records are `records`. A plan's
/// documents are added together ([`super::PlanWriter::put`]), its record
/// last, so its passages are the documents just before its record that
/// carry its key.
pub fn passages_of(searcher: &Searcher, records: &[Candidate]) -> tantivy::Result<Within> {
    let mut within: Within = HashMap::new();
    let mut plan_keys = Columns::new(searcher, "plan_key");
    for r in records {
        let segment = r.address.segment_ord;
        let keys = plan_keys.of(segment)?;
        let end = r.address.doc_id;
        let plan = keys.first(end);
        let mut start = end;
        while start > 0 && keys.first(start - 1) == plan {
            start -= 1;
        }
        within.entry(segment).or_default().push(start..end);
    }
    for ranges in within.values_mut() {
        ranges.sort_by_key(|r| r.start);
    }
    Ok(within)
}

/// A fast field's column in each segment, opened once, when first needed.
pub struct Columns<'a> {
    searcher: &'a Searcher,
    name: &'static str,
    open: HashMap<SegmentOrdinal, Column<u64>>,
}

impl<'a> Columns<'a> {
    pub fn new(searcher: &'a Searcher, name: &'static str) -> Columns<'a> {
        Columns {
            searcher,
            name,
            open: HashMap::new(),
        }
    }

    pub fn of(&mut self, segment: SegmentOrdinal) -> tantivy::Result<&Column<u64>> {
        if !self.open.contains_key(&segment) {
            let reader = self.searcher.segment_reader(segment);
            let column = reader.fast_fields().u64(self.name)?;
            self.open.insert(segment, column);
        }
        Ok(&self.open[&segment])
    }
}

/// Unused: [`Top`] collects in `collect_segment`.
pub struct Unused;

impl SegmentCollector for Unused {
    type Fruit = Vec<Candidate>;
    fn collect(&mut self, _: DocId, _: Score) {}
    fn harvest(self) -> Vec<Candidate> {
        Vec::new()
    }
}

impl Collector for Top<'_> {
    type Fruit = Vec<Candidate>;
    type Child = Unused;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Unused> {
        Ok(Unused)
    }

    fn requires_scoring(&self) -> bool {
        self.filter.is_some()
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Candidate>>) -> tantivy::Result<Vec<Candidate>> {
        let mut all: Vec<Candidate> = fruits.into_iter().flatten().collect();
        sort(&mut all);
        if let Shape::Passages(limit) = self.shape {
            all.truncate(limit);
        }
        Ok(all)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<Candidate>> {
        let known_empty = self
            .holds_none
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&segment);
        if known_empty {
            return Ok(Vec::new());
        }
        let documents: Column<u64> = reader.fast_fields().u64("document_key")?;
        let document_of = |doc: DocId| documents.first(doc).unwrap_or(0);
        let alive = reader.alive_bitset();
        let mut held = Held::new(self.shape);
        // Made once the segment is known to be searched: making a scorer
        // seeks its first document.
        let except = || -> tantivy::Result<Excluded> {
            Ok(Excluded(
                self.except
                    .filter(|e| !e.needless_in.contains(&segment))
                    .map(|e| e.weight.scorer(reader, 1.0))
                    .transpose()?,
            ))
        };
        // A scorer is made on its first document: none, and the tier holds
        // nothing in this segment.
        let note_if_empty = |first: DocId| {
            if first == TERMINATED {
                let mut held = self.holds_none.lock().unwrap_or_else(|e| e.into_inner());
                held.insert(segment);
            }
        };
        if let Some(within) = self.within {
            let Some(ranges) = within.get(&segment) else {
                return Ok(Vec::new());
            };
            let mut except = except()?;
            // The searched query is the filter when there is no core.
            let (mut check, mut core) = match self.filter {
                Some(filter) => (
                    filter.scorer(reader, 1.0)?,
                    Some(weight.scorer(reader, 1.0)?),
                ),
                None => (weight.scorer(reader, 1.0)?, None),
            };
            note_if_empty(check.doc());
            for doc in ranges.iter().flat_map(|r| r.clone()) {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    continue;
                }
                if check.doc() < doc {
                    check.seek(doc);
                }
                if check.doc() != doc || except.holds(doc) {
                    continue;
                }
                let score = match core.as_mut() {
                    Some(core) => {
                        if core.doc() < doc {
                            core.seek(doc);
                        }
                        if core.doc() == doc {
                            core.score()
                        } else {
                            0.0
                        }
                    }
                    None => 0.0,
                };
                let document = document_of(doc);
                if !self.taken.contains(&document) && (score > held.threshold() || core.is_none()) {
                    held.offer(score, doc, document);
                }
            }
            return Ok(held.into_candidates(segment));
        }
        let mut except = except()?;
        match self.filter {
            Some(filter) => {
                let mut check = filter.scorer(reader, 1.0)?;
                note_if_empty(check.doc());
                let mut core = weight.scorer(reader, 1.0)?;
                let budget = held.capacity().clamp(WALK_MIN, WALK_MAX);
                let mut walked = 0;
                let mut doc = check.doc();
                while doc != TERMINATED {
                    // Judged once, when the walk has given a page's worth.
                    if walked == budget
                        && !selective(walked, doc, reader.max_doc(), core.size_hint())
                    {
                        break;
                    }
                    if except.holds(doc) {
                        doc = check.advance();
                        continue;
                    }
                    if !alive.is_some_and(|a| a.is_deleted(doc)) {
                        if core.doc() < doc {
                            core.seek(doc);
                        }
                        let score = if core.doc() == doc { core.score() } else { 0.0 };
                        if score > held.threshold() {
                            let document = document_of(doc);
                            if !self.taken.contains(&document) {
                                held.offer(score, doc, document);
                            }
                        }
                    }
                    walked += 1;
                    doc = check.advance();
                }
                if doc == TERMINATED {
                    return Ok(held.into_candidates(segment));
                }
                // The filter holds more than the page: the pruning takes the
                // rest, from the first document the walk left, with the
                // threshold the walk reached.
                let resume = doc;
                weight.for_each_pruning(held.threshold(), reader, &mut |doc, score| {
                    if doc < resume || alive.is_some_and(|a| a.is_deleted(doc)) {
                        return held.threshold();
                    }
                    if check.doc() < doc {
                        check.seek(doc);
                    }
                    if check.doc() == doc && !except.holds(doc) {
                        let document = document_of(doc);
                        if !self.taken.contains(&document) {
                            held.offer(score, doc, document);
                        }
                    }
                    held.threshold()
                })?;
            }
            None => {
                let mut docs = weight.scorer(reader, 1.0)?;
                let mut doc = docs.doc();
                note_if_empty(doc);
                while doc != TERMINATED {
                    let document = document_of(doc);
                    if !alive.is_some_and(|a| a.is_deleted(doc))
                        && !self.taken.contains(&document)
                        && !except.holds(doc)
                    {
                        if held.full_for(document) {
                            break;
                        }
                        held.offer(0.0, doc, document);
                    }
                    doc = docs.advance();
                }
            }
        }
        Ok(held.into_candidates(segment))
    }
}

/// The documents of an earlier tier, asked about in document order.
struct Excluded(Option<Box<dyn tantivy::query::Scorer>>);

impl Excluded {
    fn holds(&mut self, doc: DocId) -> bool {
        let Some(earlier) = self.0.as_mut() else {
            return false;
        };
        if earlier.doc() < doc {
            earlier.seek(doc);
        }
        earlier.doc() == doc
    }
}

/// Whether a filter is best walked whole: it holds far fewer documents
/// than the core matches. Its size is judged from how far through the
/// segment its first `walked` documents reached (`at`), as tantivy's hint
/// for an intersection assumes its parts independent, where a filter's
/// parts go together (a plan's record holds all of its words), and is 0 or
/// 1 for most.
fn selective(walked: usize, at: DocId, max_doc: DocId, core_size: u32) -> bool {
    let size = walked as u64 * u64::from(max_doc) / u64::from(at.max(1));
    size * SELECTIVE < u64::from(core_size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::sought::{boosted_term, Core};
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, FAST, STRING, TEXT};
    use tantivy::{doc, Index, Term};

    /// 5,000 documents of "nuoc", "sach" and "x" in varied numbers; one in
    /// fifty an annex, a third of the rest tasks.
    fn passages() -> (Index, Field, Field) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let kind = schema.add_text_field("kind", STRING);
        let key = schema.add_u64_field("document_key", FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for n in 0..5000u64 {
            let mut words = vec!["nuoc"; (n * 7919 % 13) as usize];
            words.extend(vec!["sach"; (n % 5) as usize]);
            words.extend(vec!["x"; (n % 7) as usize + 1]);
            let k = match n {
                n if n % 50 == 0 => "annex",
                n if n % 3 == 0 => "tasks",
                _ => "other",
            };
            writer
                .add_document(doc!(text => words.join(" "), kind => k, key => n))
                .unwrap();
        }
        writer.commit().unwrap();
        (index, text, kind)
    }

    #[test]
    fn a_filter_walked_then_pruned_keeps_the_best_of_what_it_holds() {
        // A third of the documents are tasks: too many to be walked whole,
        // so each search walks a page's worth, then prunes the rest. One in
        // fifty is an annex: few enough to be walked whole. The filter says
        // what matches (a passage in it the core misses scores 0), the core
        // how well.
        let (index, text, kind) = passages();
        let searcher = index.reader().unwrap().searcher();
        let core = Core::new(vec![
            boosted_term(text, "nuoc", 1.0),
            boosted_term(text, "sach", 0.3),
        ]);
        for passing in ["tasks", "annex"] {
            let filter = TermQuery::new(
                Term::from_field_text(kind, passing),
                IndexRecordOption::Basic,
            );
            let check = filter
                .weight(EnableScoring::disabled_from_searcher(&searcher))
                .unwrap();
            let every: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(Box::new(filter.clone()), 0.0)) as Box<dyn Query>,
                ),
                (Occur::Should, Box::new(core.clone())),
            ]));
            for wanted in [1, 10, 100, 1500] {
                let top = Top {
                    shape: Shape::Passages(wanted),
                    filter: Some(check.as_ref()),
                    except: None,
                    taken: &HashSet::new(),
                    within: None,
                    holds_none: &Mutex::default(),
                };
                let found: Vec<Score> = searcher
                    .search(&core, &top)
                    .unwrap()
                    .iter()
                    .map(|c| c.score)
                    .collect();
                let best: Vec<Score> = searcher
                    .search(&every, &TopDocs::with_limit(wanted).order_by_score())
                    .unwrap()
                    .iter()
                    .map(|(s, _)| *s)
                    .collect();
                assert_eq!(found.len(), best.len(), "{passing} {wanted}");
                for (a, b) in found.iter().zip(&best) {
                    assert!((a - b).abs() < 1e-4, "{passing} {wanted}: {a} against {b}");
                }
            }
        }
    }

    #[test]
    fn a_tier_left_to_an_earlier_one_is_left_out_as_tantivys_exclusion_leaves_it() {
        // The exclusion looked up candidate by candidate keeps what a
        // boolean MUST_NOT keeps, in every way a segment is collected:
        // walked then pruned, walked whole, in document order without a
        // core, and within ranges. "sach" leaves a fifth of the documents,
        // "x" none.
        let (index, text, kind) = passages();
        let searcher = index.reader().unwrap().searcher();
        let unscored = || EnableScoring::disabled_from_searcher(&searcher);
        let core = Core::new(vec![
            boosted_term(text, "nuoc", 1.0),
            boosted_term(text, "sach", 0.3),
        ]);
        let within: Within = HashMap::from([(0, vec![0..120, 2500..2900])]);
        let nowhere = HashSet::new();
        for passing in ["tasks", "annex"] {
            let filter: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(kind, passing),
                IndexRecordOption::Basic,
            ));
            for left in ["sach", "x"] {
                let except = boosted_term(text, left, 1.0);
                let boolean: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (Occur::Must, filter.box_clone()),
                    (Occur::MustNot, except.box_clone()),
                ]));
                let lazily = (
                    filter.weight(unscored()).unwrap(),
                    Some(except.weight(unscored()).unwrap()),
                );
                let eagerly = (boolean.weight(unscored()).unwrap(), None);
                for wanted in [1, 10, 100, 1500] {
                    for ranges in [None, Some(&within)] {
                        let found =
                            |(check, except): &(Box<dyn Weight>, Option<Box<dyn Weight>>),
                             scored: bool| {
                                let top = Top {
                                    shape: Shape::Passages(wanted),
                                    filter: scored.then_some(check.as_ref()),
                                    except: except.as_deref().map(|weight| Except {
                                        weight,
                                        needless_in: &nowhere,
                                    }),
                                    taken: &HashSet::new(),
                                    within: ranges,
                                    holds_none: &Mutex::default(),
                                };
                                let searched: &dyn Query = if scored {
                                    &core
                                } else if except.is_some() {
                                    filter.as_ref()
                                } else {
                                    boolean.as_ref()
                                };
                                searcher.search(searched, &top).unwrap()
                            };
                        for scored in [true, false] {
                            assert_eq!(
                                found(&lazily, scored),
                                found(&eagerly, scored),
                                "{passing} without {left}, {wanted}, within {}, scored {scored}",
                                ranges.is_some()
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_tier_notes_the_segments_it_holds_nothing_in_and_the_next_needs_no_exclusion_there() {
        let (index, text, kind) = passages();
        let searcher = index.reader().unwrap().searcher();
        let unscored = || EnableScoring::disabled_from_searcher(&searcher);
        let core = Core::new(vec![boosted_term(text, "nuoc", 1.0)]);
        let of_kind = |k: &str| {
            TermQuery::new(Term::from_field_text(kind, k), IndexRecordOption::Basic)
                .weight(unscored())
                .unwrap()
        };
        let noted = |filter: Option<&dyn Weight>, searched: &dyn Query| {
            let holds_none = Mutex::default();
            let top = Top {
                shape: Shape::Passages(10),
                filter,
                except: None,
                taken: &HashSet::new(),
                within: None,
                holds_none: &holds_none,
            };
            searcher.search(searched, &top).unwrap();
            holds_none.into_inner().unwrap()
        };
        let (missing, annex) = (of_kind("missing"), of_kind("annex"));
        assert_eq!(noted(Some(missing.as_ref()), &core), HashSet::from([0]));
        assert_eq!(noted(Some(annex.as_ref()), &core), HashSet::new());
        let absent = TermQuery::new(
            Term::from_field_text(kind, "missing"),
            IndexRecordOption::Basic,
        );
        assert_eq!(noted(None, &absent), HashSet::from([0]));
        // Left to a tier that holds nothing here, the annexes are all kept,
        // as they are when the exclusion is looked up.
        let found = |needless_in: &HashSet<SegmentOrdinal>| {
            let top = Top {
                shape: Shape::Passages(200),
                filter: Some(annex.as_ref()),
                except: Some(Except {
                    weight: missing.as_ref(),
                    needless_in,
                }),
                taken: &HashSet::new(),
                within: None,
                holds_none: &Mutex::default(),
            };
            searcher.search(&core, &top).unwrap()
        };
        let kept = found(&HashSet::from([0]));
        assert_eq!(kept.len(), 100);
        assert_eq!(kept, found(&HashSet::new()));
        // A segment already known to hold nothing for the tier is not searched.
        let top = Top {
            shape: Shape::Passages(10),
            filter: Some(annex.as_ref()),
            except: None,
            taken: &HashSet::new(),
            within: None,
            holds_none: &Mutex::new(HashSet::from([0])),
        };
        assert!(searcher.search(&core, &top).unwrap().is_empty());
    }

    #[test]
    fn a_filter_is_walked_whole_when_its_first_page_spreads_far_into_the_segment() {
        // 64 documents within the first 200 of 100,000: the filter holds
        // about 32,000, too many to walk against a core of 50,000.
        assert!(!selective(64, 200, 100_000, 50_000));
        // The same 64 spread over 80,000: about 80, each worth walking.
        assert!(selective(64, 80_000, 100_000, 50_000));
        // A core that matches little is pruned however rare the filter.
        assert!(!selective(64, 80_000, 100_000, 1_000));
        // A walk stopped at the segment's first document does not divide
        // by zero.
        assert!(!selective(64, 0, 100_000, 50_000));
    }
}
