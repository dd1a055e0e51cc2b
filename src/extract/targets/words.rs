//! The phrase lists of `data/target_words.tsv`, by kind.

use std::collections::HashMap;

use once_cell::sync::Lazy;

use crate::data::{rows, TARGET_WORDS};
use crate::vi::phrases::PhraseSet;

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

/// One kind's phrases, and the set that finds them all in one pass.
struct Phrases {
    phrases: Vec<&'static str>,
    entries: Entries,
    set: PhraseSet,
}

static TABLE: Lazy<HashMap<Kind, Phrases>> = Lazy::new(|| {
    let mut lists: HashMap<Kind, Entries> = HashMap::new();
    for r in rows(TARGET_WORDS) {
        let entries = lists.entry(Kind::of(r[0])).or_default();
        entries.push((r[1], r.get(2).copied().unwrap_or("")));
    }
    lists
        .into_iter()
        .map(|(kind, entries)| {
            let phrases: Vec<&'static str> = entries.iter().map(|(p, _)| *p).collect();
            let set = PhraseSet::new(&phrases);
            (
                kind,
                Phrases {
                    phrases,
                    entries,
                    set,
                },
            )
        })
        .collect()
});

/// The phrases of one kind.
pub fn phrases(kind: Kind) -> &'static [&'static str] {
    TABLE.get(&kind).map_or(&[], |p| p.phrases.as_slice())
}

/// The (phrase, value) entries of `kind` standing in `text` as whole
/// words, with where each starts.
pub fn entries_in(
    kind: Kind,
    text: &str,
) -> impl Iterator<Item = (&'static (&'static str, &'static str), usize)> + '_ {
    TABLE
        .get(&kind)
        .into_iter()
        .flat_map(move |p: &'static Phrases| {
            p.set
                .whole_words(text)
                .map(move |(id, at)| (&p.entries[id], at))
        })
}

/// Where the phrases of `kind` start in `text` as whole words.
fn starts(kind: Kind, text: &str) -> impl Iterator<Item = usize> + '_ {
    entries_in(kind, text).map(|(_, at)| at)
}

/// Whether `folded` holds a phrase of `kind` as whole words.
pub fn any_in(kind: Kind, folded: &str) -> bool {
    starts(kind, folded).next().is_some()
}

/// Where the phrases of `kind` (written with their diacritics, in lower
/// case) stand in `text` as whole words, in order.
pub fn positions_as_written(kind: Kind, text: &str) -> Vec<usize> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case changed a byte length (rare letters): positions would not map.
        return Vec::new();
    }
    let mut at: Vec<usize> = starts(kind, &lower).collect();
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
        assert!(TABLE[&Kind::Comparator]
            .entries
            .iter()
            .all(|(_, v)| !v.is_empty()));
    }

    /// The one-pass search finds what searching each phrase in turn finds,
    /// where phrases repeat, overlap, run together and touch other words.
    #[test]
    fn one_pass_finds_what_each_phrase_finds() {
        let kinds = [
            Kind::Comparator,
            Kind::Present,
            Kind::Commitment,
            Kind::PerYear,
            Kind::Predicate,
            Kind::Schedule,
            Kind::Past,
        ];
        for kind in kinds {
            let all = phrases(kind);
            let texts = [
                all.join(" "),
                all.join(""),
                all.join("x "),
                all.iter()
                    .map(|p| format!("{p} {p} {p}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ];
            for text in &texts {
                let mut expected: Vec<usize> = all
                    .iter()
                    .flat_map(|p| crate::vi::whole_word_positions(text, p))
                    .collect();
                expected.sort_unstable();
                let mut found: Vec<usize> = starts(kind, text).collect();
                found.sort_unstable();
                assert_eq!(found, expected, "{kind:?} in {text:?}");
                assert_eq!(any_in(kind, text), !expected.is_empty());
            }
        }
    }

    #[test]
    fn phrases_are_unique_within_a_kind() {
        // A phrase listed twice in one kind is a slip in the data.
        for (kind, p) in TABLE.iter() {
            let mut sorted = p.phrases.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), p.phrases.len(), "{kind:?}");
        }
    }
}
