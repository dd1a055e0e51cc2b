//! Snippets: the window of a passage that holds what the query matched, with
//! every match marked.
//!
//! What to mark comes from the query itself ([`patterns`]): each word, each
//! phrase as a whole, each project mention in the ways plans write it, never
//! a word under NOT. A passage that matched only through what it stands
//! under (the headings above it, the plan's title) is shown
//! by that; one that matched only through its tags (a section under "Dự án
//! 5") by its start.

use serde::Serialize;

use super::analyzer::{exact_key, folded_key, syllables};
use super::query::Node;
use crate::vi::key::push_folded;

/// Words in a snippet.
const WINDOW: usize = 36;
/// Words shown before the first match of the window.
const LEAD: usize = 6;

/// A window of text and the byte ranges of the matches in it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
    /// Where the window comes from: "passage" (its text holds a match),
    /// "context" (what it stands under holds it: the headings above it, the
    /// plan's title), "start" (the passage matched through its tags or
    /// the filters alone).
    pub from: &'static str,
}

impl Snippet {
    /// The snippet with each match wrapped in `open` .. `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(
            self.text.len() + self.highlights.len() * (open.len() + close.len()),
        );
        let mut at = 0;
        for [s, e] in &self.highlights {
            out.push_str(&self.text[at..*s]);
            out.push_str(open);
            out.push_str(&self.text[*s..*e]);
            out.push_str(close);
            at = *e;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Syllables a snippet marks together: folded, and as typed when the
/// query was typed with diacritics (then "dinh dưỡng" marks no "đình").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pattern {
    folded: Vec<String>,
    exact: Option<Vec<String>>,
}

impl Pattern {
    /// Whether the pattern starts at word `at` of `words`.
    fn matches(&self, words: &Words, at: usize) -> bool {
        at + self.folded.len() <= words.len()
            && self
                .folded
                .iter()
                .enumerate()
                .all(|(i, w)| words.folded(at + i) == Some(w.as_str()))
            && self.exact.as_ref().is_none_or(|exact| {
                // A word written as its key (most are) is its key: the key,
                // which allocates, is made only for the others.
                exact.iter().enumerate().all(|(i, w)| {
                    let text = words.text(at + i);
                    text == w || exact_key(text) == *w
                })
            })
    }

    fn len(&self) -> usize {
        self.folded.len()
    }
}

/// A text's syllables and the folded keys of those that may be a pattern's
/// word, in one buffer: snippets are made for every hit shown, and a key
/// per syllable was most of their cost.
struct Words<'a> {
    text: &'a str,
    spans: Vec<(usize, usize)>,
    folded: String,
    /// None for a syllable whose key starts with no pattern word's first byte.
    folded_spans: Vec<Option<(usize, usize)>>,
}

/// The first bytes of the keys of some words: a key starting otherwise is
/// none of them.
type FirstBytes = [bool; 256];

fn first_bytes<'p>(keys: impl Iterator<Item = &'p String>) -> FirstBytes {
    let mut opens = [false; 256];
    for first in keys.filter_map(|k| k.as_bytes().first()) {
        opens[usize::from(*first)] = true;
    }
    opens
}

impl<'a> Words<'a> {
    /// Split as the analyzers split ([`syllables`]); a syllable is folded
    /// whole when its first character, folded, starts a key of `wanted`.
    fn of(text: &'a str, wanted: &FirstBytes) -> Words<'a> {
        let mut spans = Vec::with_capacity(text.len() / 4);
        let mut folded = String::with_capacity(text.len());
        let mut folded_spans = Vec::with_capacity(text.len() / 4);
        for (start, end) in syllables(text) {
            let from = folded.len();
            let mut chars = text[start..end].chars();
            // A first character that folds to nothing leaves the key's first
            // byte to the next: that syllable is folded whole.
            while folded.len() == from {
                match chars.next() {
                    Some(c) => push_folded(c, &mut folded),
                    None => break,
                }
            }
            let kept = folded.len() > from && wanted[usize::from(folded.as_bytes()[from])];
            if kept {
                chars.for_each(|c| push_folded(c, &mut folded));
                folded_spans.push(Some((from, folded.len())));
            } else {
                folded.truncate(from);
                folded_spans.push(None);
            }
            spans.push((start, end));
        }
        Words {
            text,
            spans,
            folded,
            folded_spans,
        }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn text(&self, i: usize) -> &'a str {
        &self.text[self.spans[i].0..self.spans[i].1]
    }

    /// The syllable's key; None when it is no pattern's word.
    fn folded(&self, i: usize) -> Option<&str> {
        self.folded_spans[i].map(|(from, to)| &self.folded[from..to])
    }
}

/// What a snippet marks for a query.
pub fn patterns(node: Option<&Node>) -> Vec<Pattern> {
    fn walk(node: &Node, typed: bool, out: &mut Vec<Pattern>) {
        let words = |list: &[String]| Pattern {
            folded: list.iter().map(|w| folded_key(w)).collect(),
            exact: typed.then(|| list.iter().map(|w| exact_key(w)).collect()),
        };
        let spelling_free = |folded: Vec<String>| Pattern {
            folded,
            exact: None,
        };
        match node {
            Node::Term(t) => out.push(words(std::slice::from_ref(t))),
            Node::Phrase(list) => out.push(words(list)),
            Node::Project {
                project,
                subproject,
                words: typed_words,
            } => {
                out.push(spelling_free(
                    typed_words.iter().map(|w| folded_key(w)).collect(),
                ));
                let reads = |n: u8| vec!["du".to_string(), "an".into(), n.to_string()];
                out.push(spelling_free(reads(*project)));
                out.push(spelling_free(vec![format!("da{project}")]));
                if let Some(sub) = subproject {
                    let mut tieu = vec!["tieu".to_string()];
                    tieu.extend(reads(*sub));
                    out.push(spelling_free(tieu));
                    out.push(spelling_free(vec![format!("tda{sub}")]));
                }
            }
            Node::And(children) => {
                // Neighbours typed together are marked together where they stand so.
                for pair in children.windows(2) {
                    if let [Node::Term(a), Node::Term(b)] = pair {
                        out.push(words(&[a.clone(), b.clone()]));
                    }
                }
                for c in children {
                    walk(c, typed, out);
                }
            }
            Node::Or(children) | Node::Ways(children) => {
                for c in children {
                    walk(c, typed, out);
                }
            }
            Node::Not(_) => {}
        }
    }
    let mut out = Vec::new();
    if let Some(node) = node {
        walk(node, node.has_diacritics(), &mut out);
    }
    // An empty pattern would mark nothing and match everywhere.
    out.retain(|p| !p.folded.is_empty());
    out.sort();
    out.dedup();
    out
}

/// Matches of `patterns` (sorted, as [`patterns`] gives them) over a text's
/// words: (first word, words, pattern).
fn matches(words: &Words, patterns: &[Pattern]) -> Vec<(usize, usize, usize)> {
    // Most words start no pattern: their first byte says so before any comparison.
    let opens = first_bytes(patterns.iter().map(|p| &p.folded[0]));
    let mut out = Vec::new();
    for i in 0..words.len() {
        let Some(word) = words.folded(i) else {
            continue;
        };
        if !word
            .as_bytes()
            .first()
            .is_some_and(|&b| opens[usize::from(b)])
        {
            continue;
        }
        // Only the patterns starting with this word: sorted, they stand together.
        let from = patterns.partition_point(|p| p.folded[0].as_str() < word);
        let to = from + patterns[from..].partition_point(|p| p.folded[0] == word);
        // The longest pattern starting here, so "dự án 5" is one mark, not three.
        let best = (from..to)
            .filter(|&which| patterns[which].matches(words, i))
            .max_by_key(|&which| patterns[which].len());
        if let Some(which) = best {
            out.push((i, patterns[which].len(), which));
        }
    }
    // Drop matches inside a longer one.
    let mut kept: Vec<(usize, usize, usize)> = Vec::new();
    for m in out {
        if kept.last().is_none_or(|k| m.0 >= k.0 + k.1) {
            kept.push(m);
        }
    }
    kept
}

/// The best window of `text` for `patterns`, or None when nothing matches in it.
pub fn find(text: &str, patterns: &[Pattern], from: &'static str) -> Option<Snippet> {
    let all = Words::of(text, &first_bytes(patterns.iter().flat_map(|p| &p.folded)));
    let found = matches(&all, patterns);
    if found.is_empty() {
        return None;
    }
    let words = &all.spans;
    let first = found[best_window(&found, patterns.len())];
    let from_word = first.0.saturating_sub(LEAD);
    let to_word = (from_word + WINDOW).max(first.0 + first.1).min(words.len());
    Some(window(text, words, &found, from_word, to_word, from))
}

/// The match opening the window (of [`WINDOW`] words from a match) whose
/// matches cover the most patterns, then hold the most matches; the first
/// such. One pass: matches are in order and apart, so the window's end
/// only moves on as its start does.
fn best_window(found: &[(usize, usize, usize)], patterns: usize) -> usize {
    let mut per_pattern = vec![0u32; patterns];
    let mut covered = 0;
    let (mut start, mut end) = (0, 0);
    let mut best = (0, (0, 0));
    for (i, first) in found.iter().enumerate() {
        while start < i {
            if start < end {
                per_pattern[found[start].2] -= 1;
                if per_pattern[found[start].2] == 0 {
                    covered -= 1;
                }
            }
            start += 1;
        }
        end = end.max(i);
        while end < found.len() && found[end].0 + found[end].1 <= first.0 + WINDOW {
            per_pattern[found[end].2] += 1;
            if per_pattern[found[end].2] == 1 {
                covered += 1;
            }
            end += 1;
        }
        let score = (covered, end - i);
        if score > best.1 {
            best = (i, score);
        }
    }
    best.0
}

/// The first words of `text`, nothing marked.
pub fn start(text: &str) -> Snippet {
    let words: Vec<(usize, usize)> = syllables(text).collect();
    window(text, &words, &[], 0, WINDOW.min(words.len()), "start")
}

fn window(
    text: &str,
    words: &[(usize, usize)],
    found: &[(usize, usize, usize)],
    from_word: usize,
    to_word: usize,
    from: &'static str,
) -> Snippet {
    if from_word >= to_word {
        return Snippet {
            text: String::new(),
            highlights: Vec::new(),
            from,
        };
    }
    let (start, end) = (words[from_word].0, words[to_word - 1].1);
    let highlights = found
        .iter()
        .filter(|m| m.0 >= from_word && m.0 + m.1 <= to_word)
        .map(|m| [words[m.0].0 - start, words[m.0 + m.1 - 1].1 - start])
        .collect();
    Snippet {
        text: text[start..end].to_string(),
        highlights,
        from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::query::parse;

    fn marked(text: &str, query: &str) -> Option<String> {
        let node = parse(query).unwrap();
        find(text, &patterns(node.as_ref()), "passage").map(|s| s.marked("[", "]"))
    }

    #[test]
    fn words_and_phrases_are_marked_whole() {
        assert_eq!(
            marked("Tổ chức thực hiện: Dự án 5. Theo dõi", "du an 5").as_deref(),
            Some("Tổ chức thực hiện: [Dự án 5]. Theo dõi")
        );
        assert_eq!(
            marked("giảm tỷ lệ hộ nghèo và hộ cận nghèo", "\"hộ nghèo\"").as_deref(),
            Some("giảm tỷ lệ [hộ nghèo] và hộ cận nghèo")
        );
        assert_eq!(
            marked("nhà ở cho hộ nghèo, ở xã", "nha o").as_deref(),
            Some("[nhà ở] cho hộ nghèo, [ở] xã")
        );
    }

    #[test]
    fn projects_are_marked_as_plans_write_them() {
        assert_eq!(
            marked("thực hiện DA5 và Tiểu dự án 2 Dự án 3", "Dự án 5").as_deref(),
            Some("thực hiện [DA5] và Tiểu dự án 2 Dự án 3")
        );
        assert_eq!(
            marked("Tiểu dự án 2 thuộc Dự án 3: dinh dưỡng", "TDA2 DA3").as_deref(),
            Some("[Tiểu dự án 2] thuộc [Dự án 3]: dinh dưỡng")
        );
    }

    #[test]
    fn a_query_typed_with_diacritics_marks_its_words_as_typed() {
        assert_eq!(
            marked("gia đình, định kỳ, dinh dưỡng", "dinh dưỡng").as_deref(),
            Some("gia đình, định kỳ, [dinh dưỡng]")
        );
        assert_eq!(
            marked("gia đình, dinh dưỡng", "dinh duong").as_deref(),
            Some("gia [đình], [dinh dưỡng]")
        );
    }

    #[test]
    fn negated_words_are_not_marked_and_no_match_is_none() {
        assert_eq!(
            marked("hộ nghèo và hộ cận nghèo", "hộ NOT cận").as_deref(),
            Some("[hộ] nghèo và [hộ] cận nghèo")
        );
        assert_eq!(marked("nước sạch", "nhà ở"), None);
    }

    #[test]
    fn the_window_holds_the_match_it_was_chosen_for() {
        let filler = "các ban ngành phối hợp thực hiện ".repeat(20);
        let text = format!("{filler}hỗ trợ nhà ở cho hộ nghèo {filler}");
        let s = find(
            &text,
            &patterns(parse("nhà ở").unwrap().as_ref()),
            "passage",
        )
        .unwrap();
        assert!(s.marked("[", "]").contains("[nhà ở]"), "{}", s.text);
        assert!(s.text.split_whitespace().count() <= WINDOW + 1);
    }

    #[test]
    fn words_split_and_fold_as_the_analyzers_do() {
        for text in [
            "",
            "Dự án 5",
            "  (Tiểu dự án 2)--DA5; 3,5% hộ nghèo.",
            "Hoa\u{300} thua\u{309}n ĐẮK PLING x",
            "…\u{301}a b\u{1ec7}",
        ] {
            let words = Words::of(text, &[true; 256]);
            let expected: Vec<(usize, usize)> = syllables(text).collect();
            assert_eq!(words.spans, expected, "{text:?}");
            for (i, &(s, e)) in expected.iter().enumerate() {
                let key = folded_key(&text[s..e]);
                assert_eq!(words.folded(i), Some(key.as_str()), "{text:?}");
            }
            // Only the syllables whose key starts with a wanted byte are folded.
            let wanted = first_bytes(["da".to_string(), "ho".to_string()].iter());
            let words = Words::of(text, &wanted);
            for (i, &(s, e)) in expected.iter().enumerate() {
                let key = folded_key(&text[s..e]);
                let kept = key.starts_with('d') || key.starts_with('h');
                assert_eq!(words.folded(i), kept.then_some(key.as_str()), "{text:?}");
            }
        }
    }

    #[test]
    fn a_word_written_as_its_key_is_its_key() {
        // What lets a match skip making the key of a word equal to it.
        for word in [
            "nghèo",
            "Hoà",
            "hòa",
            "Hoa\u{300}",
            "THUỶ",
            "thuỷ",
            "ĐẮK",
            "Đ\u{00D0}",
            "dinh",
            "5",
        ] {
            let key = exact_key(word);
            assert_eq!(exact_key(&key), key, "{word:?}");
        }
    }

    /// The one-pass window against its definition: each match's window
    /// scored by the patterns and matches it holds, the first best kept.
    #[test]
    fn the_best_window_is_the_first_covering_most_patterns_then_matches() {
        let by_definition = |found: &[(usize, usize, usize)]| {
            let mut best = (0, (0, 0));
            for (i, first) in found.iter().enumerate() {
                let inside: Vec<_> = found[i..]
                    .iter()
                    .take_while(|m| m.0 + m.1 <= first.0 + WINDOW)
                    .collect();
                let mut kinds: Vec<usize> = inside.iter().map(|m| m.2).collect();
                kinds.sort();
                kinds.dedup();
                if (kinds.len(), inside.len()) > best.1 {
                    best = (i, (kinds.len(), inside.len()));
                }
            }
            best.0
        };
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2000 {
            let patterns = rng.usize(1..5);
            let mut found = Vec::new();
            let mut at = rng.usize(0..10);
            for _ in 0..rng.usize(1..40) {
                // Mostly short matches, now and then one longer than a window.
                let len = if rng.u8(..) < 8 {
                    WINDOW + 3
                } else {
                    rng.usize(1..4)
                };
                found.push((at, len, rng.usize(0..patterns)));
                at += len + rng.usize(0..12);
            }
            assert_eq!(
                best_window(&found, patterns),
                by_definition(&found),
                "{found:?}"
            );
        }
    }

    #[test]
    fn the_start_when_nothing_is_marked() {
        let s = start("a) Mục tiêu: hỗ trợ");
        assert_eq!(s.text, "a) Mục tiêu: hỗ trợ");
        assert!(s.highlights.is_empty());
        assert_eq!(s.from, "start");
    }
}
