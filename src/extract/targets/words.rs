//! The phrase lists of `data/target_words.tsv`, by kind.

use std::collections::HashMap;

use once_cell::sync::Lazy;

use crate::data::{rows, TARGET_WORDS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Comparator,
    Present,
    Topic,
    Commitment,
    PerYear,
    Predicate,
    Cap,
    Schedule,
    NotYear,
    Past,
    Regulation,
    Frame,
    Link,
}

impl Kind {
    fn of(name: &str) -> Kind {
        match name {
            "comparator" => Kind::Comparator,
            "present" => Kind::Present,
            "topic" => Kind::Topic,
            "commitment" => Kind::Commitment,
            "per_year" => Kind::PerYear,
            "predicate" => Kind::Predicate,
            "cap" => Kind::Cap,
            "schedule" => Kind::Schedule,
            "not_year" => Kind::NotYear,
            "past" => Kind::Past,
            "regulation" => Kind::Regulation,
            "frame" => Kind::Frame,
            "link" => Kind::Link,
            other => panic!("data/target_words.tsv: unknown kind {other:?}"),
        }
    }
}

type Entries = Vec<(&'static str, &'static str)>;

static TABLE: Lazy<HashMap<Kind, (Vec<&'static str>, Entries)>> = Lazy::new(|| {
    let mut table: HashMap<Kind, (Vec<&'static str>, Entries)> = HashMap::new();
    for r in rows(TARGET_WORDS) {
        let entry = table.entry(Kind::of(r[0])).or_default();
        entry.0.push(r[1]);
        entry.1.push((r[1], r.get(2).copied().unwrap_or("")));
    }
    table
});

/// The phrases of one kind.
pub fn phrases(kind: Kind) -> &'static [&'static str] {
    TABLE.get(&kind).map_or(&[], |(p, _)| p.as_slice())
}

/// The (phrase, value) pairs of one kind.
pub fn entries(kind: Kind) -> &'static [(&'static str, &'static str)] {
    TABLE.get(&kind).map_or(&[], |(_, e)| e.as_slice())
}

/// Whether `folded` holds a phrase of `kind` as whole words.
pub fn any_in(kind: Kind, folded: &str) -> bool {
    phrases(kind)
        .iter()
        .any(|p| crate::vi::whole_word_positions(folded, p).next().is_some())
}

/// Where the phrases of `kind` (written with their diacritics, in lower
/// case) stand in `text` as whole words, in order.
pub fn positions_as_written(kind: Kind, text: &str) -> Vec<usize> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case changed a byte length (rare letters): positions would not map.
        return Vec::new();
    }
    let mut at: Vec<usize> = phrases(kind)
        .iter()
        .flat_map(|p| crate::vi::whole_word_positions(&lower, p).collect::<Vec<_>>())
        .collect();
    at.sort_unstable();
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_phrases() {
        for kind in [
            Kind::Comparator,
            Kind::Present,
            Kind::Topic,
            Kind::Commitment,
            Kind::PerYear,
            Kind::Predicate,
            Kind::Cap,
            Kind::Schedule,
            Kind::NotYear,
            Kind::Past,
            Kind::Regulation,
            Kind::Frame,
            Kind::Link,
        ] {
            assert!(!phrases(kind).is_empty(), "{kind:?}");
        }
        assert!(entries(Kind::Comparator).iter().all(|(_, v)| !v.is_empty()));
    }
}
