//! What a search holds while it collects: the best passages, or the best
//! plans with their best passages, and the order they leave in.

use std::collections::{BinaryHeap, HashMap};

use tantivy::{DocAddress, DocId, Score, SegmentOrdinal};

/// A passage kept: its score, where it is, and the document its plan is
/// ([`super::identity::document_key`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub score: Score,
    pub address: DocAddress,
    pub document: u64,
}

/// What a search collects.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// The best passages.
    Passages(usize),
    /// The best documents (by their best passage), with up to `per_plan`
    /// passages each: the files of one document are one plan of the results.
    Plans { plans: usize, per_plan: usize },
}

/// Best first; equal scores in document order.
pub fn sort(candidates: &mut [Candidate]) {
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.address.segment_ord.cmp(&b.address.segment_ord))
            .then(a.address.doc_id.cmp(&b.address.doc_id))
    });
}

/// A min-heap entry: the lowest score (then the latest document) on top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Entry(Score, DocId, u64);

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.total_cmp(&self.0).then(self.1.cmp(&other.1))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// What one segment holds so far.
pub(super) enum Held {
    Passages {
        limit: usize,
        heap: BinaryHeap<Entry>,
    },
    Plans {
        plans: usize,
        per_plan: usize,
        /// Plan -> its best passages, best first.
        held: HashMap<u64, Vec<Entry>>,
        /// The lowest best score of the plans held, when `plans` are held.
        floor: Score,
    },
}

impl Held {
    pub(super) fn new(shape: Shape) -> Held {
        match shape {
            Shape::Passages(limit) => Held::Passages {
                limit: limit.max(1),
                heap: BinaryHeap::new(),
            },
            Shape::Plans { plans, per_plan } => Held::Plans {
                plans: plans.max(1),
                per_plan: per_plan.max(1),
                held: HashMap::new(),
                floor: Score::MIN,
            },
        }
    }

    /// The score a candidate must beat to change what is held. For plans, a
    /// passage below the last plan's best is left out even if its own plan
    /// has room: the plans are exact, their passages the best above that.
    pub(super) fn threshold(&self) -> Score {
        match self {
            Held::Passages { limit, heap } if heap.len() >= *limit => {
                heap.peek().map_or(Score::MIN, |e| e.0)
            }
            Held::Passages { .. } => Score::MIN,
            Held::Plans { floor, .. } => *floor,
        }
    }

    /// How many passages can be held at most.
    pub(super) fn capacity(&self) -> usize {
        match self {
            Held::Passages { limit, .. } => *limit,
            Held::Plans {
                plans, per_plan, ..
            } => plans.saturating_mul(*per_plan),
        }
    }

    /// Whether a document of `plan` can add nothing (walking in document order,
    /// where a plan's passages come together).
    pub(super) fn full_for(&self, plan: u64) -> bool {
        match self {
            Held::Passages { limit, heap } => heap.len() >= *limit,
            Held::Plans {
                plans,
                per_plan,
                held,
                ..
            } => match held.get(&plan) {
                Some(mine) => mine.len() >= *per_plan && held.len() >= *plans,
                None => held.len() >= *plans,
            },
        }
    }

    pub(super) fn offer(&mut self, score: Score, doc: DocId, plan: u64) {
        let entry = Entry(score, doc, plan);
        match self {
            Held::Passages { limit, heap } => {
                heap.push(entry);
                if heap.len() > *limit {
                    heap.pop();
                }
            }
            Held::Plans {
                plans,
                per_plan,
                held,
                floor,
            } => {
                let mine = held.entry(plan).or_default();
                let at = mine.partition_point(|e| e.0 >= score);
                mine.insert(at, entry);
                mine.truncate(*per_plan);
                if held.len() > *plans {
                    // The lowest best score leaves; of equal ones the latest
                    // document's, as equal scores rank in document order.
                    let worst = held
                        .iter()
                        .min_by(|a, b| a.1[0].0.total_cmp(&b.1[0].0).then(b.1[0].1.cmp(&a.1[0].1)))
                        .map(|(p, _)| *p);
                    if let Some(worst) = worst {
                        held.remove(&worst);
                    }
                }
                if held.len() >= *plans {
                    *floor = held.values().map(|v| v[0].0).fold(Score::MAX, Score::min);
                }
            }
        }
    }

    pub(super) fn into_candidates(self, segment: SegmentOrdinal) -> Vec<Candidate> {
        let entries: Vec<Entry> = match self {
            Held::Passages { heap, .. } => heap.into_vec(),
            Held::Plans { held, .. } => held.into_values().flatten().collect(),
        };
        entries
            .into_iter()
            .map(|Entry(score, doc, document)| Candidate {
                score,
                address: DocAddress::new(segment, doc),
                document,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_of_equal_scores_are_kept_in_document_order_whatever_the_map_order() {
        // Generated plans tie often: which of them make the page must not
        // depend on a hash map's order (new for every map).
        for _ in 0..20 {
            let mut held = Held::new(Shape::Plans {
                plans: 2,
                per_plan: 1,
            });
            held.offer(1.0, 10, 100);
            held.offer(1.0, 20, 200);
            held.offer(1.0, 30, 300);
            held.offer(2.0, 40, 400);
            let mut kept: Vec<DocId> = held
                .into_candidates(0)
                .iter()
                .map(|c| c.address.doc_id)
                .collect();
            kept.sort();
            assert_eq!(kept, vec![10, 40]);
        }
    }
}
