//! What a target measures, in a few of the sentence's words: "tỷ lệ hộ
//! nghèo" of "Tỷ lệ hộ nghèo ở huyện Kông Chro giảm 5%/năm", "hộ nghèo được
//! hỗ trợ nhà ở" of "hỗ trợ 120 hộ nghèo được hỗ trợ nhà ở". The words
//! before the number name it; when they are only verbs and comparators
//! ("đạt 100%"), the words after it do ("100% xã có điểm bưu điện"). At
//! the ends, what frames the measure is dropped: verbs, connectives,
//! comparators, years, per-year phrases (`data/target_words.tsv`), and the
//! places the sentence names, which the target's `place` holds.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::words::{phrases, Kind};
use crate::vi::key::fold;

/// A readable label has no more words than this; a longer run of words is
/// cut at its end nearest the number.
const MAX_WORDS: usize = 14;
/// The marker an item of a list opens with: "c)", "(2)", "1.", "-".
static LIST_MARKER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:\(?[0-9]{1,2}\)|[a-zđ]\)|[0-9]{1,2}\.|[-+•])\s*").unwrap());
/// The kinds of words that frame a measure wherever it stands.
const FRAMES: [Kind; 4] = [
    Kind::Frame,
    Kind::Comparator,
    Kind::PerYear,
    Kind::Commitment,
];
/// Longest frame phrase, in words.
const MAX_FRAME_WORDS: usize = 4;

/// The measure of a number between `before` and `after` (the clause's text
/// on either side of it, back to and up to its neighbours), leaving out the
/// byte ranges of `before` that name places. A `share` (a percentage) is of
/// the group after it when the words before end with a link word or are
/// only one or two.
pub fn measure(before: &str, after: &str, places: &[Range<usize>], share: bool) -> String {
    let mut kept = String::with_capacity(before.len());
    let mut at = 0;
    for place in places {
        kept.push_str(&before[at..place.start.max(at)]);
        kept.push(' ');
        at = place.end.max(at);
    }
    kept.push_str(&before[at..]);
    let kept = without_asides(&kept);
    // The clause's last comma or colon before the number opens its item.
    let item = kept.rsplit([',', ':', ';']).next().unwrap_or("");
    let item = LIST_MARKER.replace(item, "");
    let own = framed(words(&item), true);
    // A share's group follows it: "Đào tạo nghề cho 100% lao động", and
    // after a lone verb, "Xây dựng 40% xã ...".
    let linked = share && !own.is_empty() && (ends_linked(&item) || own.len() <= 2);
    let next = || {
        let first = after.split([':', ';', '(', '.']).next().unwrap_or("");
        framed(words(first).into_iter().take(MAX_WORDS).collect(), false)
    };
    let chosen = if linked {
        // "Đào tạo nghề cho 100% lao động nông thôn": the group follows the number.
        let mut both = framed(words(&item), false);
        both.extend(next());
        framed(both.into_iter().take(MAX_WORDS).collect(), false)
    } else if own.len() >= 2 {
        let skip = own.len().saturating_sub(MAX_WORDS);
        framed(own.into_iter().skip(skip).collect(), true)
    } else {
        let next = next();
        if next.len() > own.len() {
            next
        } else {
            own
        }
    };
    chosen.join(" ")
}

/// "(theo chuẩn nghèo đa chiều)", "(cân nặng/tuổi)": asides say how, not what.
fn without_asides(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether the words before the number end with a word that ties them to
/// what follows it ("cho", "tại").
fn ends_linked(item: &str) -> bool {
    item.split_whitespace()
        .last()
        .is_some_and(|w| phrases(Kind::Link).contains(&fold(w).as_str()))
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '/'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words without the frame at either end; link words at the end only
/// when `links_at_end` ("nhà ở" ends with the word "ở").
fn framed(words: Vec<&str>, links_at_end: bool) -> Vec<&str> {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let (mut start, mut end) = (0, words.len());
    while start < end {
        match frame_len(&folded[start..end], false, true) {
            0 => break,
            n => start += n,
        }
    }
    while start < end {
        match frame_len(&folded[start..end], true, links_at_end) {
            0 => break,
            n => end -= n,
        }
    }
    words[start..end].to_vec()
}

/// How many words at the start (or the end) of `words` are frame.
fn frame_len(words: &[String], at_end: bool, links: bool) -> usize {
    let edge = if at_end {
        &words[words.len() - 1]
    } else {
        &words[0]
    };
    if edge.len() == 4 && edge.bytes().all(|b| b.is_ascii_digit()) {
        return 1;
    }
    (1..=MAX_FRAME_WORDS.min(words.len()))
        .rev()
        .find(|&n| {
            let run = if at_end {
                &words[words.len() - n..]
            } else {
                &words[..n]
            };
            let phrase = run.join(" ");
            let link = links && phrases(Kind::Link).contains(&phrase.as_str());
            link || FRAMES
                .iter()
                .any(|&kind| phrases(kind).contains(&phrase.as_str()))
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_before_name_the_measure_without_their_frame() {
        let before = "Tỷ lệ hộ nghèo ở huyện Kông Chro giảm ";
        let place = before.find("huyện").unwrap()..before.find(" giảm").unwrap();
        assert_eq!(measure(before, "/năm;", &[place], true), "Tỷ lệ hộ nghèo");
        assert_eq!(
            measure(
                "Phấn đấu đến cuối năm 2024, tỷ lệ hộ nghèo giảm còn ",
                "",
                &[],
                true
            ),
            "tỷ lệ hộ nghèo"
        );
        assert_eq!(
            measure(
                "tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi ở mức dưới ",
                "",
                &[],
                true
            ),
            "tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi"
        );
    }

    #[test]
    fn asides_and_list_markers_are_left_out() {
        assert_eq!(
            measure(
                "c) Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều, 2022-2025) giảm ",
                "",
                &[],
                true
            ),
            "Tỷ lệ hộ nghèo"
        );
        assert_eq!(
            measure("thể nhẹ cân (cân nặng/tuổi) xuống dưới ", "", &[], true),
            "thể nhẹ cân"
        );
    }

    #[test]
    fn a_link_word_joins_the_group_after_the_number() {
        assert_eq!(
            measure("Đào tạo nghề cho ", " lao động nông thôn, ...", &[], true),
            "Đào tạo nghề cho lao động nông thôn"
        );
    }

    #[test]
    fn a_share_after_a_lone_verb_takes_its_group() {
        assert_eq!(
            measure("Xây dựng ", " xã, phường không ma túy", &[], true),
            "Xây dựng xã phường không ma túy"
        );
        assert_eq!(
            measure("số trạm y tế cấp xã trên toàn tỉnh đạt ", "", &[], true),
            "số trạm y tế cấp xã"
        );
    }

    #[test]
    fn a_bare_comparator_takes_the_words_after_the_number() {
        assert_eq!(
            measure(
                "Phấn đấu đạt ",
                " xã có điểm bưu điện văn hóa, ...",
                &[],
                true
            ),
            "xã có điểm bưu điện văn hóa"
        );
        assert_eq!(
            measure("", " hộ nghèo được hỗ trợ nhà ở.", &[], true),
            "hộ nghèo được hỗ trợ nhà ở"
        );
    }

    #[test]
    fn long_runs_keep_the_words_nearest_the_number() {
        let before = format!("{}tỷ lệ hộ nghèo giảm ", "chữ ".repeat(MAX_WORDS));
        let before = before.as_str();
        assert_eq!(measure(before, "", &[], true).split(' ').count(), MAX_WORDS);
        assert!(measure(before, "", &[], true).ends_with("tỷ lệ hộ nghèo"));
    }
}
