//! Compaction: the index's segments merged into a few of about equal size,
//! as an operator does once a large ingest is done (Lucene's force merge).
//!
//! The batch keeps its merges small so that its memory stays flat
//! ([`super::SEGMENT_DOCS_MERGE_LIMIT`]): a large corpus ends in one
//! segment per ~2,000 plans. A search pays for each segment, as its scorers
//! are made and its pruning starts afresh in each: over 100,000 generated
//! plans, 55 segments gave a p99 of 14.8-16.5 ms, the same index in 2
//! segments 8.4-11.0 ms. One segment per core keeps a search's segments
//! searched side by side.
//!
//! A merge keeps each segment's documents in order, so a plan's passages
//! still stand just before its record ([`super::collect::passages_of`]);
//! the passages of replaced plans, deleted, are dropped.

use std::num::NonZeroUsize;

use anyhow::Result;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::NoMergePolicy;
use tantivy::IndexWriter;

use super::PlanIndex;

/// What a compaction found and left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compaction {
    pub segments_before: usize,
    pub segments_after: usize,
    /// Passages (and plan records) the index holds.
    pub documents: u32,
    /// Deleted documents the merges dropped.
    pub dropped: u32,
    /// Merges run: none when the index was compact already.
    pub merges: usize,
}

/// Merges the segments of `index` into `segments` of about equal size (as
/// many as it holds, when fewer), each holding no deleted document. Nothing
/// to do when it is so already. The caller holds the data directory's
/// writer lock; searches meanwhile see the segments they started with.
pub fn compact(index: &PlanIndex, segments: NonZeroUsize) -> Result<Compaction> {
    let metas = index.index.searchable_segment_metas()?;
    let documents = metas.iter().map(SegmentMeta::num_docs).sum();
    let dropped = metas.iter().map(SegmentMeta::num_deleted_docs).sum();
    let segments_before = metas.len();
    let merged: Vec<Vec<SegmentId>> = groups(&metas, segments.get())
        .iter()
        .filter(|group| group.len() > 1 || group.iter().any(|m| m.has_deletes()))
        .map(|group| group.iter().map(SegmentMeta::id).collect())
        .collect();
    let segments_after = segments_before.min(segments.get());
    // tantivy keeps the files of every segment whose meta is still held:
    // held here, the merged segments' files would outlive the merges.
    drop(metas);
    let mut writer: IndexWriter = index.index.writer_with_num_threads(1, 64 * 1024 * 1024)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let merges: Vec<_> = merged.iter().map(|ids| writer.merge(ids)).collect();
    for merge in merges {
        merge.wait()?;
    }
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()?;
    Ok(Compaction {
        segments_before,
        segments_after,
        documents,
        dropped,
        merges: merged.len(),
    })
}

/// `metas` in `count` groups of about as many documents each: the largest
/// segment first, each to the group holding fewest so far.
fn groups(metas: &[SegmentMeta], count: usize) -> Vec<Vec<SegmentMeta>> {
    let mut by_size: Vec<&SegmentMeta> = metas.iter().collect();
    by_size.sort_by_key(|m| std::cmp::Reverse(m.num_docs()));
    let mut groups: Vec<(u64, Vec<SegmentMeta>)> = Vec::new();
    for meta in by_size {
        if groups.len() < count {
            groups.push((u64::from(meta.num_docs()), vec![meta.clone()]));
            continue;
        }
        let lightest = groups
            .iter_mut()
            .min_by_key(|(size, _)| *size)
            .expect("count is at least one");
        lightest.0 += u64::from(meta.num_docs());
        lightest.1.push(meta.clone());
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::search::{self, PlanHit, Request};

    /// Each plan's passages, by id.
    fn passages(plans: &[PlanHit]) -> Vec<Vec<String>> {
        plans
            .iter()
            .map(|p| p.passages.iter().map(|h| h.passage_id.clone()).collect())
            .collect()
    }

    /// The segments whose files the index directory holds.
    fn segment_files(data_dir: &std::path::Path) -> std::collections::BTreeSet<String> {
        std::fs::read_dir(crate::index::index_dir(data_dir))
            .unwrap()
            .filter_map(|entry| {
                let name = entry.unwrap().file_name().into_string().unwrap();
                let (segment, _) = name.split_once('.')?;
                (segment.len() == 32).then(|| segment.to_owned())
            })
            .collect()
    }

    fn live_segments(index: &PlanIndex) -> std::collections::BTreeSet<String> {
        index
            .index
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .map(|m| m.id().uuid_string())
            .collect()
    }

    fn plan(n: u64) -> crate::model::Plan {
        let (name, text) = crate::synth::plan(n);
        crate::process(&name, text.as_bytes()).unwrap()
    }

    #[test]
    fn a_compacted_index_answers_as_before_from_fewer_segments_without_the_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let index = PlanIndex::open_or_create(dir.path()).unwrap();
        let put = |plans: std::ops::Range<u64>, commits: u64| {
            let mut writer = index.writer().unwrap();
            let per_commit = (plans.end - plans.start).div_ceil(commits);
            for n in plans {
                writer.put(&plan(n)).unwrap();
                if (n + 1) % per_commit == 0 {
                    writer.commit().unwrap();
                }
            }
            writer.commit().unwrap();
        };
        // Every plan that matches, by id: which of plans tied in score
        // comes first follows their segments, which compaction changes.
        let searched = || {
            let index = PlanIndex::open(dir.path()).unwrap();
            let request = Request {
                query: "giảm nghèo".into(),
                limit: 100,
                ..Request::default()
            };
            let mut plans = search::plans(&index, &request).unwrap().plans;
            plans.sort_by(|a, b| a.plan_id.cmp(&b.plan_id));
            plans
        };
        put(0..50, 5);
        let before = searched();
        assert_eq!(before.len(), 50);
        let segments = index.index.searchable_segment_metas().unwrap().len();
        assert!(segments >= 3, "{segments} segments");

        let two = NonZeroUsize::new(2).unwrap();
        let done = compact(&index, two).unwrap();
        assert_eq!((done.segments_before, done.segments_after), (segments, 2));
        assert_eq!(done.dropped, 0);
        assert_eq!(index.index.searchable_segment_metas().unwrap().len(), 2);
        assert_eq!(segment_files(dir.path()), live_segments(&index));
        // The same words in the same passages: the same passages found, with
        // the same scores (but for the order their statistics are summed in).
        let after = searched();
        assert_eq!(passages(&after), passages(&before));
        for (a, b) in after.iter().zip(&before) {
            assert!(
                (a.score - b.score).abs() < 1e-4,
                "{} against {}",
                a.score,
                b.score
            );
        }

        // Plans put again: their earlier passages, deleted, are dropped,
        // and each plan's passages still stand before its record.
        put(0..5, 1);
        let done = compact(&index, two).unwrap();
        assert!(done.dropped > 0);
        let metas = index.index.searchable_segment_metas().unwrap();
        assert_eq!(metas.len(), 2);
        assert!(metas.iter().all(|m| !m.has_deletes()));
        assert_eq!(segment_files(dir.path()), live_segments(&index));
        assert_eq!(
            metas.iter().map(SegmentMeta::num_docs).sum::<u32>(),
            done.documents
        );
        let plan_ids = |plans: &[PlanHit]| -> Vec<String> {
            plans.iter().map(|p| p.plan_id.clone()).collect()
        };
        assert_eq!(plan_ids(&searched()), plan_ids(&before));
        assert!(index.plans_apart_from_records().unwrap().is_empty());

        // Compacted already: nothing moves.
        let again = compact(&index, two).unwrap();
        assert_eq!(
            (again.segments_before, again.segments_after, again.merges),
            (2, 2, 0)
        );
    }

    #[test]
    fn segments_are_grouped_into_groups_of_about_equal_size() {
        let dir = tempfile::tempdir().unwrap();
        let index = PlanIndex::open_or_create(dir.path()).unwrap();
        let mut writer = index.writer().unwrap();
        for n in 0..6 {
            writer.put(&plan(n)).unwrap();
            writer.commit().unwrap();
        }
        drop(writer);
        let metas = index.index.searchable_segment_metas().unwrap();
        let sizes = |count: usize| {
            let mut sizes: Vec<u32> = groups(&metas, count)
                .iter()
                .map(|g| g.iter().map(SegmentMeta::num_docs).sum())
                .collect();
            sizes.sort();
            sizes
        };
        let all: u32 = metas.iter().map(SegmentMeta::num_docs).sum();
        assert_eq!(sizes(1), vec![all]);
        assert_eq!(sizes(6).len(), metas.len().min(6));
        let halves = sizes(2);
        assert_eq!(halves.iter().sum::<u32>(), all);
        let largest = metas.iter().map(SegmentMeta::num_docs).max().unwrap();
        assert!(halves[1] - halves[0] <= largest, "{halves:?}");
    }
}
