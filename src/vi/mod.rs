//! Vietnamese language rules shared by every stage: comparison keys for
//! spelling variants, item markers, numbers and dates as plans write them.

pub mod abbrev;
pub mod date;
pub mod key;
pub mod marker;
pub mod number;
pub mod pattern;

/// `char::is_alphabetic`, answered from the code point for ASCII and the
/// Latin blocks Vietnamese is written in: the standard library's table lookup
/// is one of the hottest calls when every syllable of every plan is classified.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric` with the fast paths of [`is_letter`].
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && c.is_numeric())
}

/// Matches of `regex` that start a word: the character before is not a letter
/// or digit. This is what a leading `\b` asks, checked outside the regex,
/// because a Unicode word boundary keeps the regex engine off its fast
/// automaton as soon as the text is not ASCII, which Vietnamese never is.
/// A match that does not start a word is retried one character later.
pub fn word_start_captures<'t>(
    regex: &'t regex::Regex,
    text: &'t str,
) -> impl Iterator<Item = regex::Captures<'t>> + 't {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at <= text.len() {
            let found = regex.captures_at(text, at)?;
            let whole = found.get(0).expect("group 0 is the match");
            let starts_word = !text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(|c| is_letter_or_digit(c) || c == '_');
            if starts_word {
                at = if whole.is_empty() {
                    whole.end() + 1
                } else {
                    whole.end()
                };
                return Some(found);
            }
            at = whole.start()
                + text[whole.start()..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
        }
        None
    })
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if max >= text.len() {
        return text;
    }
    let end = (0..=max)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[..end]
}

/// Clauses of `text` with their byte offsets: split at a "." that ends a
/// sentence (not a decimal point), and at a ";" when `at_semicolon` accepts
/// what follows it.
pub fn clauses(text: &str, at_semicolon: impl Fn(&str) -> bool) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let ends = match b {
            b'.' => bytes.get(i + 1).is_none_or(|&n| n == b' '),
            b';' => at_semicolon(&text[i + 1..]),
            _ => false,
        };
        if ends {
            out.push((start, &text[start..i]));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// Start positions of `phrase` in `text` where it stands as whole words
/// (no letter or digit touches it on either side); `phrase` is not empty.
/// Occurrences do not overlap, as with `str::match_indices`, whose searcher
/// costs more to build than most of the short texts compared here cost to
/// scan: candidates are found by the phrase's first byte instead.
pub fn whole_word_positions<'a>(
    text: &'a str,
    phrase: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    debug_assert!(!phrase.is_empty());
    let (haystack, needle) = (text.as_bytes(), phrase.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        let first = *needle.first()?;
        while let Some(found) = memchr::memchr(first, haystack.get(from..)?) {
            let i = from + found;
            if !haystack[i..].starts_with(needle) {
                from = i + 1;
                continue;
            }
            from = i + needle.len();
            let whole = !text[..i]
                .chars()
                .next_back()
                .is_some_and(is_letter_or_digit)
                && !text[from..].chars().next().is_some_and(is_letter_or_digit);
            if whole {
                return Some(i);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn word_start_captures_skip_matches_inside_words() {
        let re = regex::Regex::new(r"(?i)(quyết định)\s+(\d+)").unwrap();
        let starts: Vec<usize> = super::word_start_captures(&re, "xquyết định 1, Quyết định 2")
            .map(|c| c.get(0).unwrap().start())
            .collect();
        assert_eq!(starts, [20]);
        let inner = regex::Regex::new(r"định\s+\d").unwrap();
        assert_eq!(
            super::word_start_captures(&inner, "quyếtđịnh 1 định 2")
                .map(|c| c[0].to_string())
                .collect::<Vec<_>>(),
            ["định 2"]
        );
    }

    #[test]
    fn letter_classes_agree_with_the_standard_library() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(super::is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn clauses_split_at_sentence_ends_not_decimals() {
        let c: Vec<&str> = super::clauses(
            "giảm từ 0.82% xuống còn 0.79%; giảm dưới 2%. Tiếp theo",
            |_| true,
        )
        .into_iter()
        .map(|(_, c)| c)
        .collect();
        assert_eq!(
            c,
            [
                "giảm từ 0.82% xuống còn 0.79%",
                " giảm dưới 2%",
                " Tiếp theo"
            ]
        );
        let kept: Vec<&str> = super::clauses("Dự án 2; Dự án 4", |_| false)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(kept, ["Dự án 2; Dự án 4"]);
    }

    #[test]
    fn whole_word_positions_do_not_overlap() {
        let at = |text, phrase| super::whole_word_positions(text, phrase).collect::<Vec<_>>();
        // As `match_indices`: "x x" at 1 is inside a word and hides the one at 3.
        assert_eq!(at("yx x x", "x x"), Vec::<usize>::new());
        assert_eq!(at("a x x, x x", "x x"), [2, 7]);
        assert_eq!(at("đã có, chưa đã", "đã"), [0, 16]);
        assert_eq!(at("việc làm", "làm"), [7]);
    }

    #[test]
    fn prefix_never_splits_a_character() {
        assert_eq!(super::prefix("Rẫy", 2), "R");
        assert_eq!(super::prefix("Rẫy", 4), "Rẫ");
        assert_eq!(super::prefix("Rẫy", 99), "Rẫy");
    }
}
