//! Places a sentence names: a kind word, then a capitalised name ("ở huyện
//! Kông Chro", "tại xã Đắk Pling", "TP. Huế"), and the names listed after it
//! under the same word ("các xã Đắk Pling, Ya Ma và Chơ Long"). A name's
//! extent is the longest run of its capitalised words that names a unit, so
//! "KÔNG CHRO NĂM 2024" in a title stops at the place. Higher units named in
//! the sentence ("... thuộc huyện Kông Chro") are context for the lower ones.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::load::{is_abbreviation, KINDS};
use super::{Context, Gazetteer, Kind, Resolution};
use crate::vi::{is_letter, is_letter_or_digit, word_start_captures};

/// Longest name, in words, a mention may have ("Phan Rang - Tháp Chàm" is five).
const MAX_NAME_WORDS: usize = 6;

#[derive(Debug, Clone, PartialEq)]
pub struct Mention<'s, 'g> {
    /// Byte range in the sentence: the kind word and the name, or the name
    /// alone for a later item of a list.
    pub span: Range<usize>,
    /// The kind word as written ("xã", "TP."), shared by the items of a list.
    pub kind_word: &'s str,
    /// The name as written.
    pub name: &'s str,
    pub resolution: Resolution<'g>,
}

/// A kind word at a word start, with what separates it from the name: spaces
/// or a colon, and for an abbreviation its dots ("T.P.", "TP.HCM").
static KIND_WORD: Lazy<Regex> = Lazy::new(|| {
    let alternatives: Vec<String> = KINDS
        .spellings
        .iter()
        .map(|spelling| {
            if is_abbreviation(spelling) {
                let letters: Vec<String> = spelling.chars().map(|c| c.to_string()).collect();
                format!(r"{}(?:\.\s*|\s+)", letters.join(r"\.?"))
            } else {
                let words: Vec<String> = spelling.split(' ').map(regex::escape).collect();
                format!(r"{}(?:\s*:\s*|\s+)", words.join(r"\s+"))
            }
        })
        .collect();
    Regex::new(&format!("(?i)(?:{})", alternatives.join("|"))).expect("kind words make a regex")
});

/// A list goes on after a comma, a semicolon or "và".
static LIST_SEPARATOR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:,\s*và|,|;|và)\s+").expect("a valid regex"));

/// The kind word `phrase` starts with, and the rest: "TP. Huế" -> ("TP.", "Huế").
pub(super) fn leading_kind_word(phrase: &str) -> Option<(&str, &str)> {
    let phrase = phrase.trim_start();
    let found = KIND_WORD.find(phrase).filter(|m| m.start() == 0)?;
    let word = phrase[..found.end()].trim_end_matches(|c: char| c.is_whitespace() || c == ':');
    Some((word, phrase[found.end()..].trim()))
}

impl Gazetteer {
    /// Every place `sentence` names, in order.
    pub fn mentions<'s>(&self, sentence: &'s str, context: &Context) -> Vec<Mention<'s, '_>> {
        let mut found: Vec<(Mention<'s, '_>, &[Kind])> = Vec::new();
        for kind_match in word_start_captures(&KIND_WORD, sentence) {
            let whole = kind_match.get(0).expect("group 0 is the match");
            let kind_word =
                sentence[whole.range()].trim_end_matches(|c: char| c.is_whitespace() || c == ':');
            let Some(kinds) = KINDS.kinds(kind_word) else {
                continue;
            };
            let mut at = whole.end();
            let mut span_start = whole.start();
            // A name the gazetteer does not know is kept only where nothing
            // else is likely: right after a full kind word, not after an
            // abbreviation or a colon ("Ban Dân tộc tỉnh: Phối hợp ...").
            let mut keep_unknown =
                !KINDS.is_abbreviation(kind_word) && !sentence[whole.range()].contains(':');
            while let Some(name) = self.name_at(sentence, at, kinds, context, keep_unknown) {
                found.push((
                    Mention {
                        span: span_start..name.end,
                        kind_word,
                        name: &sentence[name.clone()],
                        resolution: Resolution::Unknown,
                    },
                    kinds,
                ));
                let Some(separator) = LIST_SEPARATOR.find(&sentence[name.end..]) else {
                    break;
                };
                at = name.end + separator.end();
                if KIND_WORD
                    .find(&sentence[at..])
                    .is_some_and(|m| m.start() == 0)
                {
                    break;
                }
                span_start = at;
                keep_unknown = false;
            }
        }
        self.resolve_with_each_other(&mut found, context);
        found.into_iter().map(|(m, _)| m).collect()
    }

    /// The name that starts at `at`: its longest run of capitalised words that
    /// names a unit of `kinds`, else, if `keep_unknown`, the whole run (callers flag it).
    fn name_at(
        &self,
        sentence: &str,
        at: usize,
        kinds: &[Kind],
        context: &Context,
        keep_unknown: bool,
    ) -> Option<Range<usize>> {
        let words = capitalised_words(sentence, at);
        let era_only = Context::new(context.era);
        let known = (1..=words.len())
            .rev()
            .map(|n| at..words[n - 1])
            .find(|name| {
                self.resolve_kinds(&sentence[name.clone()], Some(kinds), &era_only)
                    != Resolution::Unknown
            });
        // In capitals every word looks like a name ("XÃ HỘI" in a title):
        // there only names the gazetteer knows count.
        let unknown = || {
            let name = at..*words.last()?;
            let capitals = !sentence[name.clone()].chars().any(char::is_lowercase);
            (keep_unknown && !capitals).then_some(name)
        };
        known.or_else(unknown)
    }

    /// Resolves each mention with the higher units the sentence names as
    /// context: provinces first, then districts, then communes.
    fn resolve_with_each_other<'g>(
        &'g self,
        found: &mut [(Mention<'_, 'g>, &[Kind])],
        context: &Context,
    ) {
        let level = |kinds: &[Kind]| kinds.iter().map(|k| k.level()).min();
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|&i| level(found[i].1));
        for i in order {
            let own = level(found[i].1);
            let mut within = context.clone();
            for (other, _) in found.iter() {
                if let Some(unit) = other.resolution.unique().filter(|u| Some(u.level()) < own) {
                    within = within.within(unit.id);
                }
            }
            let (mention, kinds) = &found[i];
            let resolution = self.resolve_kinds(mention.name, Some(kinds), &within);
            found[i].0.resolution = resolution;
        }
    }
}

/// End offsets of the capitalised words from `at` on: each starts with a
/// capital letter (a number may be the first word: "Phường 3"); apostrophes
/// and hyphens join their parts ("H'Drai", "Rang-Tháp"), a spaced hyphen joins
/// words ("Bà Rịa - Vũng Tàu").
fn capitalised_words(sentence: &str, at: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut pos = at;
    while ends.len() < MAX_NAME_WORDS {
        let rest = &sentence[pos..];
        let Some(first) = rest.chars().next() else {
            break;
        };
        let number = ends.is_empty() && first.is_ascii_digit();
        let next_place = !ends.is_empty() && KIND_WORD.find(rest).is_some_and(|m| m.start() == 0);
        if !(first.is_uppercase() || number) || next_place {
            break;
        }
        let len = rest
            .char_indices()
            .find(|&(i, c)| {
                let joins = matches!(c, '\'' | '’' | '-')
                    && rest[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_letter);
                !(is_letter_or_digit(c) || joins)
            })
            .map_or(rest.len(), |(i, _)| i);
        if number && !rest[..len].bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        ends.push(pos + len);
        let after = &sentence[pos + len..];
        let gap = [" - ", " – ", "' ", " "]
            .iter()
            .find(|g| after.starts_with(*g))
            .map_or(0, |g| g.len());
        // "H' Drai": the apostrophe ends the word it belongs to.
        if gap == 0 {
            break;
        }
        pos += len + gap;
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{get, Era};

    fn codes<'a>(mentions: &[Mention<'a, '_>]) -> Vec<(&'a str, Option<&'static str>)> {
        mentions
            .iter()
            .map(|m| (m.name, m.resolution.unique().map(|u| u.code)))
            .collect()
    }

    #[test]
    fn kind_words_then_names() {
        let g = get();
        let old = Context::new(Some(Era::Before2025));
        let found = g.mentions(
            "Tỷ lệ hộ nghèo ở huyện Kông Chro giảm 5%/năm; tại xã Đắk Pling giảm 3%.",
            &old,
        );
        assert_eq!(
            codes(&found),
            [("Kông Chro", Some("630")), ("Đắk Pling", Some("23843"))]
        );
        assert_eq!(found[0].kind_word, "huyện");
        assert_eq!(
            &"Tỷ lệ hộ nghèo ở huyện Kông Chro giảm"[found[0].span.clone()],
            "huyện Kông Chro"
        );
    }

    #[test]
    fn lists_share_their_kind_word_and_take_context_from_the_sentence() {
        let g = get();
        let old = Context::new(Some(Era::Before2025));
        let found = g.mentions(
            "các xã Đăk Pling, Ya Ma và Chơ Long thuộc huyện Kông Chro",
            &old,
        );
        assert_eq!(
            codes(&found),
            [
                ("Đăk Pling", Some("23843")),
                ("Ya Ma", Some("23848")),
                ("Chơ Long", Some("23851")),
                ("Kông Chro", Some("630"))
            ]
        );
        assert!(found[..3].iter().all(|m| m.kind_word == "xã"));
    }

    #[test]
    fn extents_stop_where_the_place_ends() {
        let g = get();
        let old = Context::new(Some(Era::Before2025));
        let found = g.mentions(
            "KẾ HOẠCH NĂM 2024 TRÊN ĐỊA BÀN THỊ TRẤN KÔNG CHRO NĂM 2024",
            &old,
        );
        assert_eq!(codes(&found), [("KÔNG CHRO", Some("23824"))]);
        let found = g.mentions("Sở Y tế TP.HCM và thành phố Phan Rang - Tháp Chàm", &old);
        assert_eq!(
            codes(&found),
            [("HCM", Some("79")), ("Phan Rang - Tháp Chàm", Some("582"))]
        );
    }

    #[test]
    fn unknown_names_are_kept_as_written() {
        let g = get();
        let found = g.mentions("tại xã Xyz Abc, huyện Kông Chro", &Context::default());
        assert_eq!(found[0].name, "Xyz Abc");
        assert_eq!(found[0].resolution, Resolution::Unknown);
        for noise in [
            "các xã, thị trấn trên địa bàn; 15 xã đạt chuẩn",
            "- TT. Đảng ủy (b/c); Ban Dân tộc tỉnh: Phối hợp với các sở",
            "CHÍNH SÁCH XÃ HỘI",
        ] {
            assert!(g.mentions(noise, &Context::default()).is_empty(), "{noise}");
        }
    }

    #[test]
    fn leading_kind_words() {
        assert_eq!(leading_kind_word("TP. Huế"), Some(("TP.", "Huế")));
        assert_eq!(
            leading_kind_word("thị trấn Kông Chro"),
            Some(("thị trấn", "Kông Chro"))
        );
        assert_eq!(leading_kind_word("Thừa Thiên Huế"), None);
        assert_eq!(leading_kind_word("xãhội"), None);
    }
}
