//! Mentions: a document kind and its number, with the details of its clause.
//!
//! Two forms:
//! - the kind right before its number, with or without "số": "Quyết định số
//!   90/QĐ-TTg", "Nghị quyết 93/NQ-CP", "Chương trình phối hợp số 3067/...";
//! - a number after "số" whose kind stands a few words before it, past the
//!   document's name: "Luật Đầu tư công số 58/2024/QH15", "Kết luận liên
//!   ngành Tư pháp Trung ương số 23/KL-LNTPTW", "Nghị quyết của Quốc hội số
//!   24/2021/QH15". Of the kinds before it, the one whose code the number
//!   carries wins ("Kế hoạch triển khai Chỉ thị số 36-CT/TW" is the Chỉ thị).

use std::collections::HashSet;

use once_cell::sync::Lazy;
use regex::Regex;

use super::details::{self, Details};
use crate::data::{DocKind, DOC_KIND_LIST};
use crate::model::Location;
use crate::vi::key::{canonical, fold};
use crate::vi::word_start_captures;

/// Kinds, longest first ("Chương trình hành động" before "Chương trình").
pub(super) static KIND_PATTERN: Lazy<String> = Lazy::new(|| {
    let mut names: Vec<&str> = DOC_KIND_LIST.iter().map(|k| k.name).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names
        .iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|")
});

/// A document number: digits, then segments joined by "/" or "-", one of
/// which holds a letter ("90/QĐ-TTg", "24/2021/QH15", "51- CTr/HU", "29 /KH-UBND").
const NUMBER: &str = r"\d{1,5}(?:\s?[/\-]\s?[\p{L}\d&.]*\p{L}[\p{L}\d&.]*|\s?/\s?\d{2,4})+";

/// A kind and its number; only where the kind starts a word ([`word_start_captures`]).
static MENTION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)({})(?:\s+(?:phối hợp|liên tịch|hành động|liên ngành))?\s+(?:(?:số|so)\s*:?\s*)?({NUMBER})",
        *KIND_PATTERN
    ))
    .unwrap()
});
/// A number after "số", for the kinds named before it.
static NUMBERED: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"(?i)số\s*:?\s*({NUMBER})")).unwrap());
static KIND: Lazy<Regex> = Lazy::new(|| Regex::new(&format!(r"(?i)({})", *KIND_PATTERN)).unwrap());
/// More numbers of the same kind: "Nghị quyết số 35/2022/NQ-HĐND, 39/2022/NQ-HĐND".
static LISTED: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^\s*(?:,|và|;)\s*(?:số\s*:?\s*)?({NUMBER})")).unwrap());

/// How many words a document's name may hold between its kind and "số".
const NAME_MAX_WORDS: usize = 15;

/// One mention, before merging.
#[derive(Debug, Clone, Default)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub number: String,
    pub details: Details,
    pub location: Location,
}

/// Where a mention starts, its kind, and the byte ranges of its numbers.
type Found = (usize, &'static DocKind, Vec<(usize, usize)>);

/// Every mention of `text`, in order.
pub fn find_mentions(text: &str) -> Vec<Mention> {
    let mut found: Vec<Found> = Vec::new();
    let mut numbers: HashSet<usize> = HashSet::new();
    for c in word_start_captures(&MENTION, text) {
        crate::budget::check("citations");
        let spans = listed(text, c.get(2).unwrap());
        numbers.extend(spans.iter().map(|s| s.0));
        found.push((c.get(0).unwrap().start(), kind_of(&c[1]), spans));
    }
    for c in word_start_captures(&NUMBERED, text) {
        crate::budget::check("citations");
        let number = c.get(1).unwrap();
        if numbers.contains(&number.start()) {
            continue;
        }
        let at = c.get(0).unwrap().start();
        if let Some((start, kind)) = named_kind(text, at, number.as_str()) {
            let spans = listed(text, number);
            numbers.extend(spans.iter().map(|s| s.0));
            found.push((start, kind, spans));
        }
    }
    found.sort_by_key(|f| f.0);
    // The clause after a number ends at ";", a line break, or the next mention.
    let breaks: Vec<usize> = text.match_indices([';', '\n']).map(|(i, _)| i).collect();
    let next_starts: Vec<usize> = found
        .iter()
        .skip(1)
        .map(|f| f.0)
        .chain([text.len()])
        .collect();
    let mut out = Vec::new();
    for ((start, kind, spans), next) in found.into_iter().zip(next_starts) {
        let (first_number, last_end) = (spans[0].0, spans[spans.len() - 1].1);
        let next_break = breaks
            .get(breaks.partition_point(|&b| b < last_end))
            .copied()
            .unwrap_or(text.len());
        let tail_end = next_break.min(next.max(last_end));
        let mut details = details::after(&text[last_end..tail_end]);
        if details.issuer.is_none() {
            details.issuer = details::issuer_before(text, start, first_number);
        }
        for (s, e) in spans {
            out.push(Mention {
                start,
                end: e,
                kind: kind.name.to_string(),
                number: details::repaired_number(&text[s..e], kind),
                details: details.clone(),
                location: Location::default(),
            });
        }
    }
    out
}

/// The number `first` and the numbers listed after it.
fn listed(text: &str, first: regex::Match) -> Vec<(usize, usize)> {
    let mut spans = vec![(first.start(), first.end())];
    let mut at = first.end();
    while let Some(more) = LISTED.captures(&text[at..]) {
        let m = more.get(1).unwrap();
        spans.push((at + m.start(), at + m.end()));
        at += more.get(0).unwrap().end();
    }
    spans
}

/// The kind a name stands for: the kind named within [`NAME_MAX_WORDS`]
/// words before "số" at `at` in the same clause, preferring one whose code
/// `number` carries; with where its name starts.
fn named_kind(text: &str, at: usize, number: &str) -> Option<(usize, &'static DocKind)> {
    let window_start = crate::vi::prefix(text, at)
        .char_indices()
        .rev()
        .nth(NAME_MAX_WORDS * 12)
        .map_or(0, |(i, _)| i);
    let window = &text[window_start..at];
    let clause_start = window
        .rfind([';', '\n', '(', ')'])
        .map_or(0, |p| p + 1)
        .max(window.rfind(". ").map_or(0, |p| p + 2));
    let code = details::kind_code(number);
    let candidates: Vec<(usize, &'static DocKind)> =
        word_start_captures(&KIND, &window[clause_start..])
            .map(|c| {
                let m = c.get(0).unwrap();
                (window_start + clause_start + m.start(), kind_of(m.as_str()))
            })
            .filter(|&(start, _)| text[start..at].split_whitespace().count() <= NAME_MAX_WORDS + 1)
            .collect();
    candidates
        .iter()
        .rev()
        .find(|(_, k)| {
            code.as_deref()
                .is_some_and(|c| k.codes.iter().any(|k| fold(k) == *c))
        })
        .or(candidates.last())
        .copied()
}

pub(super) fn kind_of(found: &str) -> &'static DocKind {
    let key = fold(found);
    DOC_KIND_LIST
        .iter()
        .find(|k| fold(k.name) == key)
        .unwrap_or_else(|| panic!("{} is a kind of data/doc_kinds.tsv", canonical(found)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Mention {
        let found = find_mentions(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn number_forms() {
        for (text, number) in [
            ("theo Quyết định số 90/QĐ-TTg ngày 18/01/2022", "90/QĐ-TTg"),
            ("Nghị quyết số 24/2021/QH15 của Quốc hội", "24/2021/QH15"),
            ("Chỉ thị số 05-CT/TW ngày 23/6/2021", "05-CT/TW"),
            ("Nghị quyết số 140-NQ/ĐU ngày", "140-NQ/ĐU"),
            (
                "Chương trình phối hợp số 3067/CTrPH-UBND-BTTUBMTTQ ngày 09/8/2017",
                "3067/CTrPH-UBND-BTTUBMTTQ",
            ),
            ("Kế hoạch số: 194/KH-UBND, ngyà 29/12/2023", "194/KH-UBND"),
            ("Chương trình số 51- CTr/HU ngày 30/5/2017", "51-CTr/HU"),
            ("Kế hoạch số 29 /KH-UBND của UBND xã", "29/KH-UBND"),
            ("theo Quyết định 263/QĐ-TTg ngày 22/02/2022", "263/QĐ-TTg"),
            (
                "Thông tư số 02/2022/TT-BLĐTBXH ngày 30/3/2022",
                "02/2022/TT-BLĐTBXH",
            ),
            ("căn cứ quyết định số 12/2024/QĐ-UBND", "12/2024/QĐ-UBND"),
            ("Bám sát Kết luận số 132- KL/TW;", "132-KL/TW"),
            ("Nghị quyết 93/NQ-CP của Chính phủ", "93/NQ-CP"),
        ] {
            assert_eq!(one(text).number, number, "{text}");
        }
    }

    #[test]
    fn kinds_are_canonical() {
        assert_eq!(one("căn cứ quyết định số 12/QĐ-UBND").kind, "Quyết định");
        assert_eq!(one("NGHỊ QUYẾT SỐ 5/NQ-HĐND").kind, "Nghị quyết");
        assert_eq!(
            one("Chương trình hành động số 7/CTr-UBND").kind,
            "Chương trình hành động"
        );
    }

    #[test]
    fn named_documents() {
        for (text, kind, number) in [
            (
                "Căn cứ Luật Đầu tư công số 58/2024/QH15;",
                "Luật",
                "58/2024/QH15",
            ),
            (
                "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;",
                "Luật",
                "63/2025/QH15",
            ),
            (
                "Căn cứ Bộ luật Hình sự số 100/2015/QH13;",
                "Bộ luật",
                "100/2015/QH13",
            ),
            (
                "Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14;",
                "Pháp lệnh",
                "02/2020/UBTVQH14",
            ),
            (
                "triển khai Kết luận liên ngành Tư pháp Trung ương số 23/KL-LNTPTW ngày 21/11/2024",
                "Kết luận",
                "23/KL-LNTPTW",
            ),
            (
                "Kế hoạch triển khai thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019",
                "Chỉ thị",
                "36-CT/TW",
            ),
        ] {
            let m = one(text);
            assert_eq!(
                (m.kind.as_str(), m.number.as_str()),
                (kind, number),
                "{text}"
            );
        }
        let law = one("Căn cứ Luật Đầu tư công số 58/2024/QH15;");
        assert_eq!((law.details.date, law.details.issuer), (None, None));
    }

    #[test]
    fn not_citations() {
        assert!(find_mentions("Kế hoạch này gắn với giai đoạn 2021-2025").is_empty());
        assert!(find_mentions("Quyết định nêu trên và Dự án 5").is_empty());
        assert!(find_mentions("Kế hoạch năm 2024").is_empty());
        assert!(
            find_mentions("Luật Phòng, chống ma túy và Luật Giáo dục năm 2019").is_empty(),
            "a law named without its number"
        );
        assert!(
            find_mentions("hỗ trợ số 10/2024 hộ").is_empty(),
            "no kind before it"
        );
    }

    #[test]
    fn a_long_line_of_mentions_costs_linear_time() {
        let line =
            "Căn cứ Luật Đầu tư công số 58/2024/QH15 của Quốc hội và Nghị quyết số 5/NQ-CP, "
                .repeat(2000);
        let found =
            crate::budget::within(std::time::Duration::from_secs(10), || find_mentions(&line))
                .expect("well within its budget");
        assert_eq!(found.len(), 4000);
    }

    #[test]
    fn listed_numbers_share_the_kind() {
        let found = find_mentions(
            "các Nghị quyết số 35/2022/NQ-HĐND, 39/2022/NQ-HĐND ngày 09/12/2022 của HĐND tỉnh",
        );
        let numbers: Vec<&str> = found.iter().map(|m| m.number.as_str()).collect();
        assert_eq!(numbers, ["35/2022/NQ-HĐND", "39/2022/NQ-HĐND"]);
        assert!(found.iter().all(|m| m.kind == "Nghị quyết"));
    }
}
