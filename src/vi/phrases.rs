//! Many phrases found as whole words in one pass over a text.
//!
//! The extractors ask each clause whether, and where, any phrase of a
//! vocabulary stands in it. Searching the phrases one by one
//! (`str::match_indices`) scanned the clause once per phrase and cost more
//! than the rest of the target extractor; one automaton scans it once.

use aho_corasick::AhoCorasick;

/// A list of phrases, searched together.
pub struct PhraseSet {
    finder: AhoCorasick,
}

impl PhraseSet {
    /// The set of `phrases`; a phrase's index in the list is its id.
    pub fn new<P: AsRef<[u8]>>(phrases: impl IntoIterator<Item = P>) -> PhraseSet {
        PhraseSet {
            finder: AhoCorasick::new(phrases).expect("phrases make an automaton"),
        }
    }

    /// Every (phrase id, start) where a phrase stands in `text` as whole
    /// words, in the order the matches end.
    ///
    /// Each phrase's occurrences are taken as [`super::whole_word_positions`]
    /// takes them (left to right, none inside the one taken before), so an
    /// occurrence overlapping an earlier one of the same phrase is skipped
    /// even when that earlier one is not a whole word: a phrase's set of
    /// positions is what searching it alone gives.
    pub fn whole_words<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let mut taken_until = vec![0usize; self.finder.patterns_len()];
        self.finder
            .find_overlapping_iter(text)
            .filter_map(move |m| {
                let phrase = m.pattern().as_usize();
                if m.start() < taken_until[phrase] {
                    return None;
                }
                taken_until[phrase] = m.end();
                super::is_whole_word(text, m.start(), m.end()).then_some((phrase, m.start()))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        v.sort_unstable();
        v
    }

    /// What searching each phrase alone finds.
    fn one_by_one(phrases: &[&str], text: &str) -> Vec<(usize, usize)> {
        sorted(
            phrases
                .iter()
                .enumerate()
                .flat_map(|(id, p)| {
                    super::super::whole_word_positions(text, p).map(move |at| (id, at))
                })
                .collect(),
        )
    }

    #[test]
    fn finds_what_each_phrase_alone_finds() {
        let phrases = ["ho ngheo", "ngheo", "ho can ngheo", "can", "ho ngheo ho"];
        let texts = [
            "ty le ho ngheo, ho can ngheo giam; ho ngheo ho ngheo ho",
            "hongheo ho ngheox ngheo",
            "ho ngheo ho ngheo ho ngheo ho",
            "",
            "Dự án 5: hỗ trợ ho ngheo",
        ];
        let set = PhraseSet::new(phrases);
        for text in texts {
            assert_eq!(
                sorted(set.whole_words(text).collect()),
                one_by_one(&phrases, text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn an_occurrence_inside_its_phrase_s_earlier_match_is_skipped() {
        // "a a" first matches inside "ba a", no whole word; the whole-word
        // one overlapping it is skipped, as `str::match_indices` skips it.
        let text = "ba a a, a a";
        assert_eq!(one_by_one(&["a a"], text), [(0, 8)]);
        let set = PhraseSet::new(["a a", "a"]);
        assert_eq!(
            sorted(set.whole_words(text).collect()),
            [(0, 8), (1, 3), (1, 5), (1, 8), (1, 10)]
        );
    }

    #[test]
    fn a_phrase_listed_twice_is_found_under_both_ids() {
        let set = PhraseSet::new(["giam ngheo", "x", "giam ngheo"]);
        assert_eq!(
            sorted(set.whole_words("muc tieu giam ngheo").collect()),
            [(0, 9), (2, 9)]
        );
    }
}
