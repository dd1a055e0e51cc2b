//! The full-text index (tantivy) over every plan's passages, in `DIR/index`.
//!
//! One index document per passage ([`passage::Passage`]). Its text goes into
//! two fields, `text` (exact: diacritics kept) and `text_folded` (no
//! diacritics), each with its analyzer from [`analyzer`], and its
//! neighbouring syllables into `text_pairs`; the headings above it and the
//! plan's title ([`passage::Passage::context`]) into `context` and
//! `context_folded`, so that a query's words may be found in the passage or in
//! what it stands under. Projects and programmes are tags (raw terms with
//! frequencies, so a query on them keeps tantivy's pruning); a sub-project's
//! passage is also tagged with its project. Plans are replaced whole: adding a
//! plan first deletes every passage with its `plan_id`, so re-ingesting never
//! duplicates.
//!
//! [`PlanWriter::put`] turns a plan into documents on its caller's thread
//! and hands them to the writer as one group, so callers on many threads
//! (the batch's rayon workers) build them in parallel.

pub mod analyzer;
pub mod collect;
pub mod compact;
pub mod compile;
pub mod directory;
pub mod document;
pub mod facets;
pub mod held;
pub mod hits;
pub mod identity;
pub mod passage;
pub mod query;
pub mod recent;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod sought;
pub mod stored;

use std::num::NonZeroUsize;
use std::path::Path;

use anyhow::{Context, Result};
use tantivy::indexer::UserOperation;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::model::Plan;
pub use document::plan_key;
use document::{passage_document, plan_document};
use passage::passages;
use schema::schema;
pub use schema::Fields;

/// Segments with this many passages are not merged again. A merge holds
/// part of each segment it reads in memory, so unbounded merges made the
/// batch's memory grow with the corpus (20,000 plans: a 670,000-passage
/// merge, 131 MiB peak). Bounded, merged segments stop at about 8 checkpoints
/// of passages (~85,000, ~2,000 plans) and the index holds one segment per
/// ~2,000 plans, which costs searches little (40 segments instead of 12 for
/// 10,000 plans: p99 +10%).
const SEGMENT_DOCS_MERGE_LIMIT: usize = 50_000;

/// An open index with its analyzers registered.
pub struct PlanIndex {
    pub index: Index,
    pub fields: Fields,
    /// Opened on first search and kept: opening a reader costs more than most queries.
    reader: std::sync::OnceLock<tantivy::IndexReader>,
    /// Facet counts of recent searches, by what the search matches:
    /// counting walks every match, and a server asks for the same counts
    /// again with each page of a result.
    pub(crate) recent_facets: recent::Recent<facets::Facets>,
    /// Pages of plans of recent searches, by the request.
    pub(crate) recent_pages: recent::Recent<search::PlanPage>,
}

/// How many searches' facet counts, and how many pages of plans, a
/// [`PlanIndex`] keeps (a page is ~30 KB; counts grow with the places indexed).
const RECENT_ANSWERS: NonZeroUsize = NonZeroUsize::new(256).expect("non-zero");

/// Where the index of a data directory lives.
pub fn index_dir(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("index")
}

impl PlanIndex {
    /// Opens the index of `data_dir` to write it, creating it when absent.
    /// Reading through this handle does not map the index
    /// ([`directory::StreamingDirectory`]); searches should use [`PlanIndex::open`].
    pub fn open_or_create(data_dir: &Path) -> Result<PlanIndex> {
        let dir = index_dir(data_dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let directory = directory::StreamingDirectory::open(&dir)?;
        let index = Index::open_or_create(directory, schema())
            .with_context(|| format!("cannot open {}", dir.display()))?;
        Self::ready(index)
    }

    /// Opens an existing index for reading.
    pub fn open(data_dir: &Path) -> Result<PlanIndex> {
        let dir = index_dir(data_dir);
        let index = Index::open_in_dir(&dir).with_context(|| {
            format!("no index in {} (run `vnplan ingest` first)", dir.display())
        })?;
        Self::ready(index)
    }

    /// Opens an existing index for a long-running reader: its searches see
    /// each commit of an ingest, in this process or another, shortly after it.
    /// Such a reader (a server) answers many searches at once, which keep
    /// the cores busy: each search runs on its caller's thread, sparing the
    /// hand-offs of splitting it over segments.
    pub fn open_following(data_dir: &Path) -> Result<PlanIndex> {
        let mut index = Self::open(data_dir)?;
        index.index.set_executor(tantivy::Executor::single_thread());
        let reader = index
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let _ = index.reader.set(reader);
        Ok(index)
    }

    fn ready(mut index: Index) -> Result<PlanIndex> {
        analyzer::register(&index);
        // Segments are searched side by side, one thread per core.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        index.set_multithread_executor(cores)?;
        let fields = Fields::of(&index.schema())?;
        Ok(PlanIndex {
            index,
            fields,
            reader: std::sync::OnceLock::new(),
            recent_facets: recent::Recent::new(RECENT_ANSWERS),
            recent_pages: recent::Recent::new(RECENT_ANSWERS),
        })
    }

    /// The searcher of the last commit visible when the reader was opened.
    pub fn searcher(&self) -> Result<tantivy::Searcher> {
        if self.reader.get().is_none() {
            let reader = self
                .index
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .try_into()?;
            let _ = self.reader.set(reader);
        }
        Ok(self.reader.get().expect("reader set above").searcher())
    }

    /// Forgets the recent answers ([`recent`]): the next searches are
    /// computed afresh, as a benchmark of the search itself needs.
    pub fn forget_recent_answers(&self) {
        self.recent_facets.clear();
        self.recent_pages.clear();
    }

    /// Plan id -> number of passages, for every plan in the index.
    pub fn plan_passages(&self) -> Result<std::collections::BTreeMap<String, usize>> {
        use tantivy::schema::{IndexRecordOption, Value};
        let searcher = self.index.reader()?.searcher();
        let mut counts = std::collections::BTreeMap::new();
        let passages = tantivy::query::TermQuery::new(
            Term::from_field_text(self.fields.record, document::PASSAGE),
            IndexRecordOption::Basic,
        );
        for address in searcher.search(&passages, &tantivy::collector::DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc
                .get_first(self.fields.plan_id)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            *counts.entry(id.to_string()).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// Plans whose passages do not all stand just before their record,
    /// where a search by plan reads them ([`collect::passages_of`]), as
    /// (plan id, passages beside the record, passages in all). An index
    /// written before plans went to the writer as one group can hold some:
    /// a segment flushed in the middle of a plan.
    pub fn plans_apart_from_records(&self) -> Result<Vec<(String, usize, usize)>> {
        use std::collections::HashMap;
        use tantivy::collector::DocSetCollector;
        use tantivy::query::TermQuery;
        use tantivy::schema::{IndexRecordOption, Value};
        let searcher = self.index.reader()?.searcher();
        let records_of = |kind: &str| {
            TermQuery::new(
                Term::from_field_text(self.fields.record, kind),
                IndexRecordOption::Basic,
            )
        };
        let keys = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().u64("plan_key"))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let key_of = |a: tantivy::DocAddress| keys[a.segment_ord as usize].first(a.doc_id);
        // Deleted documents are not collected: these are the live passages.
        let mut passages: HashMap<u64, usize> = HashMap::new();
        for address in searcher.search(&records_of(document::PASSAGE), &DocSetCollector)? {
            *passages.entry(key_of(address).unwrap_or(0)).or_default() += 1;
        }
        let records: Vec<held::Candidate> = searcher
            .search(&records_of(document::PLAN), &DocSetCollector)?
            .into_iter()
            .map(|address| held::Candidate {
                score: 0.0,
                address,
                document: 0,
            })
            .collect();
        let mut apart = Vec::new();
        // Each record's range of passages ends at the record.
        for (segment_ord, ranges) in collect::passages_of(&searcher, &records)? {
            let segment = searcher.segment_reader(segment_ord);
            for range in ranges {
                let record = tantivy::DocAddress::new(segment_ord, range.end);
                let all = passages
                    .get(&key_of(record).unwrap_or(0))
                    .copied()
                    .unwrap_or(0);
                let beside = range
                    .filter(|&doc| segment.alive_bitset().is_none_or(|b| b.is_alive(doc)))
                    .count();
                if beside != all {
                    let doc: TantivyDocument = searcher.doc(record)?;
                    let id = doc
                        .get_first(self.fields.plan_id)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default();
                    apart.push((id.to_string(), beside, all));
                }
            }
        }
        apart.sort();
        Ok(apart)
    }

    pub fn writer(&self) -> Result<PlanWriter<'_>> {
        // One thread and a modest arena: the batch is parallel over files already.
        let writer: IndexWriter = self.index.writer_with_num_threads(1, 64 * 1024 * 1024)?;
        let mut merges = tantivy::indexer::LogMergePolicy::default();
        merges.set_max_docs_before_merge(SEGMENT_DOCS_MERGE_LIMIT);
        writer.set_merge_policy(Box::new(merges));
        Ok(PlanWriter {
            index: self,
            writer,
            replacing_large: std::sync::Mutex::new(()),
        })
    }
}

/// Adds and removes plans; nothing is visible to readers before [`PlanWriter::commit`].
pub struct PlanWriter<'a> {
    index: &'a PlanIndex,
    writer: IndexWriter,
    /// Keeps a large plan's delete and adds together ([`PlanWriter::put`]).
    replacing_large: std::sync::Mutex<()>,
}

/// The most text (bytes, over its passages) of a plan sent to the writer as
/// one group ([`PlanWriter::put`]): a hundred times an ordinary plan.
pub const GROUP_TEXT_LIMIT: usize = 4 * 1024 * 1024;

impl PlanWriter<'_> {
    /// Replaces every passage of `plan` (by plan id). Safe to call from many threads.
    ///
    /// A plan goes to the writer as one group, its delete and its
    /// documents: a group is never split between segments, so the plan's
    /// passages stand just before its record ([`collect::passages_of`]),
    /// and its opstamps are contiguous, so two threads replacing the same
    /// plan cannot interleave (the later delete removes the earlier
    /// documents). Documents added one by one can be split wherever the
    /// writer's arena fills.
    ///
    /// A group is held whole until the writer takes it, about five times
    /// the plan's text; a plan of more than [`GROUP_TEXT_LIMIT`] goes
    /// document by document instead (50 MB of text: 573 MiB peak, not
    /// 785), under a lock that keeps its delete and adds together, and
    /// `vnplan verify` reports it if a flush split it.
    pub fn put(&self, plan: &Plan) -> Result<()> {
        let f = &self.index.fields;
        let parts = passages(plan);
        let text: usize = parts.iter().map(|p| p.text.len()).sum();
        if text <= GROUP_TEXT_LIMIT {
            let mut group = Vec::with_capacity(parts.len() + 2);
            group.push(UserOperation::Delete(self.plan_term(&plan.id)));
            group.extend(
                parts
                    .iter()
                    .map(|p| UserOperation::Add(passage_document(f, p))),
            );
            group.push(UserOperation::Add(plan_document(f, plan, &parts)));
            self.writer.run(group)?;
            return Ok(());
        }
        let _guard = self
            .replacing_large
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.remove(&plan.id);
        for p in &parts {
            self.writer.add_document(passage_document(f, p))?;
        }
        self.writer.add_document(plan_document(f, plan, &parts))?;
        Ok(())
    }

    fn plan_term(&self, plan_id: &str) -> Term {
        Term::from_field_text(self.index.fields.plan_id, plan_id)
    }

    /// Every plan id with a live document in the last commit, read from the
    /// terms of `plan_id` (documents are never loaded).
    pub fn indexed_plan_ids(&self) -> Result<Vec<String>> {
        use tantivy::schema::IndexRecordOption;
        use tantivy::{DocSet, TERMINATED};
        let searcher = self
            .index
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?
            .searcher();
        let mut ids = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.index.fields.plan_id)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                let alive = !segment.has_deletes() || {
                    let mut docs = inverted
                        .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
                    while docs.doc() != TERMINATED && segment.is_deleted(docs.doc()) {
                        docs.advance();
                    }
                    docs.doc() != TERMINATED
                };
                if alive {
                    ids.insert(String::from_utf8_lossy(terms.key()).into_owned());
                }
            }
        }
        Ok(ids.into_iter().collect())
    }

    pub fn remove(&self, plan_id: &str) {
        self.writer.delete_term(self.plan_term(plan_id));
    }

    /// Makes every change since the last commit visible, atomically.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        Ok(())
    }

    /// Waits for the segment merges the commits started. A writer dropped
    /// instead abandons them, and a batch that adds a few plans each run
    /// would then pile up small segments for ever.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &[u8] = include_bytes!("../../fixtures/seeds/001_4b0e3b8465e57477.txt");

    #[test]
    fn a_plan_split_between_segments_is_found_and_a_put_plan_is_not() {
        let plan = crate::process("seed.txt", SEED).unwrap();
        let parts = passages(&plan);
        assert!(parts.len() > 4);

        let dir = tempfile::tempdir().unwrap();
        let index = PlanIndex::open_or_create(dir.path()).unwrap();
        let f = index.fields;
        // As a segment flushed in the middle of the plan left it: its first
        // passages in one segment, the rest and its record in the next.
        let mut raw: IndexWriter = index.index.writer_with_num_threads(1, 15_000_000).unwrap();
        let (first, rest) = parts.split_at(2);
        for p in first {
            raw.add_document(passage_document(&f, p)).unwrap();
        }
        raw.commit().unwrap();
        for p in rest {
            raw.add_document(passage_document(&f, p)).unwrap();
        }
        raw.add_document(plan_document(&f, &plan, &parts)).unwrap();
        raw.commit().unwrap();
        drop(raw);
        assert_eq!(
            index.plans_apart_from_records().unwrap(),
            [(plan.id.clone(), rest.len(), parts.len())]
        );

        // Put again, as one group: whole, and the split copy deleted.
        let mut writer = index.writer().unwrap();
        writer.put(&plan).unwrap();
        writer.commit().unwrap();
        writer.finish().unwrap();
        assert_eq!(index.plans_apart_from_records().unwrap(), []);
        assert_eq!(index.plan_passages().unwrap()[&plan.id], parts.len());
    }
}
