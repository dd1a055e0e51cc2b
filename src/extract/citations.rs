//! Legal citations: every document the plan cites, merged by kind + number.
//!
//! A mention is a document kind (from `data/doc_kinds.tsv`) followed by a
//! number ("Quyết định số 90/QĐ-TTg", "Chương trình phối hợp số 3067/...",
//! "Quyết định 263/QĐ-TTg"), then, in the same clause, its date, its issuer
//! after "của" (or "giữa" for joint documents) and its subject. Mentions of
//! the same kind and number are one citation; the first mention that gives a
//! detail gives it. Footnote bodies are read too, located at their anchor.

use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, DOC_KIND_LIST, ISSUER_CODES};
use crate::model::{Citation, Location, Span};
use crate::segment::Document;
use crate::vi::abbrev::expand;
use crate::vi::date;
use crate::vi::key::{canonical, document_number, fold};
use crate::vi::word_start_captures;

/// Kinds, longest first ("Chương trình hành động" before "Chương trình").
static KIND_PATTERN: Lazy<String> = Lazy::new(|| {
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
/// More numbers of the same kind: "Nghị quyết số 35/2022/NQ-HĐND, 39/2022/NQ-HĐND".
static LISTED: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^\s*(?:,|và|;)\s*(?:số\s*:?\s*)?({NUMBER})")).unwrap());
static ISSUER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[\s,]*(?:của|giữa)\s+").unwrap());
/// Words that end the issuer's name and open the subject. Only where the
/// match starts is used, so the word's end is a consumed non-word character
/// rather than `\b`, which would keep the engine off its DFA (12x slower).
static ISSUER_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\s+(?:về|phê duyệt|ban hành|quy định|thực hiện|triển khai|giao|hướng dẫn|kết luận|tại|đã|đối với|trong|nhằm|theo)(?:[^\p{L}\p{N}_]|$)|[,;.:()\n]|\s+(?:số|ngày)\s").unwrap()
});
static SUBJECT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(về việc|về|phê duyệt|ban hành|quy định|hướng dẫn)\s+([^;\n]*)").unwrap()
});

/// Issuer code -> body, from `data/issuer_codes.tsv`.
static CODES: Lazy<HashMap<String, &'static str>> =
    Lazy::new(|| rows(ISSUER_CODES).map(|r| (fold(r[0]), r[1])).collect());

/// Every distinct document cited, in order of first mention; `own_number`
/// (the plan's own number) is not a citation.
pub fn extract(doc: &Document, own_number: Option<&str>) -> Vec<Citation> {
    let mut mentions: Vec<Mention> = Vec::new();
    let body = doc.text();
    mentions.extend(find_mentions(body).into_iter().map(|m| {
        let location = doc.location(Span::new(m.start, m.end));
        Mention { location, ..m }
    }));
    for note in &doc.footnotes {
        let anchor = note.anchor.unwrap_or(0);
        mentions.extend(find_mentions(&note.text).into_iter().map(|m| {
            let location = Location {
                span: Span::new(anchor, anchor),
                line: note.line,
                section: note.section.clone(),
            };
            Mention { location, ..m }
        }));
    }
    mentions.sort_by_key(|m| m.location.span.start);
    merge(mentions, own_number)
}

/// One mention, before merging.
#[derive(Debug, Clone, Default)]
struct Mention {
    start: usize,
    end: usize,
    kind: String,
    number: String,
    date: Option<String>,
    issuer: Option<String>,
    subject: Option<String>,
    location: Location,
}

fn find_mentions(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for c in word_start_captures(&MENTION, text) {
        let kind = canonical_kind(&c[1]);
        let number = c.get(2).unwrap();
        let mut numbers = vec![(number.start(), number.end())];
        let mut at = number.end();
        while let Some(more) = LISTED.captures(&text[at..]) {
            let m = more.get(1).unwrap();
            numbers.push((at + m.start(), at + m.end()));
            at += more.get(0).unwrap().end();
        }
        let clause_end = clause_end(text, at);
        let tail = &text[at..clause_end];
        let (date, issuer, subject) = details(tail);
        for (s, e) in numbers {
            out.push(Mention {
                start: c.get(0).unwrap().start(),
                end: e,
                kind: kind.clone(),
                number: clean_number(&text[s..e]),
                date: date.clone(),
                issuer: issuer.clone(),
                subject: subject.clone(),
                location: Location::default(),
            });
        }
    }
    out
}

/// The clause after a number ends at ";", a line break, or the next mention.
fn clause_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let stop = rest.find([';', '\n']).unwrap_or(rest.len());
    let next = word_start_captures(&MENTION, &rest[..stop])
        .next()
        .map_or(stop, |c| c.get(0).expect("group 0 is the match").start());
    from + next
}

/// Date, issuer and subject from the words after a number.
fn details(tail: &str) -> (Option<String>, Option<String>, Option<String>) {
    let mut rest = tail;
    let mut date = None;
    // The date comes first when given: ", ngày 18/01/2022", "ngyà 29/12/2023".
    if let Some(d) =
        date::first(prefix_chars(rest, 60)).filter(|d| !rest[..d.start].contains("của"))
    {
        date = Some(d.iso);
        rest = &rest[d.end..];
    }
    let mut issuer = None;
    if let Some(m) = ISSUER.find(rest) {
        let after = &rest[m.end()..];
        let end = ISSUER_END.find(after).map_or(after.len(), |e| e.start());
        let name = after[..end].trim();
        if !name.is_empty() {
            issuer = Some(canonical(name));
        }
        rest = &after[end..];
        if date.is_none() {
            date = date::first(prefix_chars(rest, 40)).map(|d| d.iso);
        }
    }
    let subject = SUBJECT.captures(rest).map(|c| {
        canonical(&format!(
            "{} {}",
            &c[1],
            c[2].trim_end_matches(['.', ',', ' ', ')'])
        ))
    });
    (date, issuer, subject)
}

fn prefix_chars(text: &str, chars: usize) -> &str {
    text.char_indices()
        .nth(chars)
        .map_or(text, |(i, _)| &text[..i])
}

/// "51- CTr/HU" -> "51-CTr/HU"; "29 /KH-UBND" -> "29/KH-UBND".
fn clean_number(raw: &str) -> String {
    canonical(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn canonical_kind(found: &str) -> String {
    let key = fold(found);
    DOC_KIND_LIST
        .iter()
        .find(|k| fold(k.name) == key)
        .map_or_else(|| canonical(found), |k| k.name.to_string())
}

/// The body an issuer code in the number names: "90/QĐ-TTg" -> Thủ tướng Chính phủ.
fn issuing_body(number: &str) -> Option<String> {
    let segments: Vec<&str> = number.split(['/', '-']).skip(1).collect();
    segments.iter().rev().find_map(|s| {
        let code = fold(s.trim_end_matches(|c: char| c.is_ascii_digit()));
        CODES.get(&code).map(|b| b.to_string())
    })
}

fn merge(mentions: Vec<Mention>, own_number: Option<&str>) -> Vec<Citation> {
    let own = own_number.map(document_number);
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, Citation> = HashMap::new();
    for m in mentions {
        let number_key = document_number(&m.number);
        if own.as_deref() == Some(number_key.as_str()) {
            continue;
        }
        let key = format!("{}|{}", fold(&m.kind), number_key);
        let citation = by_key.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Citation {
                key: key.clone(),
                kind: m.kind.clone(),
                number: m.number.clone(),
                date: None,
                issuer: None,
                issuer_as_written: None,
                issuing_body: issuing_body(&m.number),
                subject: None,
                mentions: Vec::new(),
            }
        });
        // "Keeps the first complete one": details come from the first mention giving both.
        let complete = citation.date.is_some() && citation.issuer.is_some();
        if !complete && m.date.is_some() && m.issuer.is_some() {
            citation.date = m.date.clone();
            citation.issuer = m.issuer.clone();
        } else if !complete {
            citation.date = citation.date.clone().or(m.date.clone());
            citation.issuer = citation.issuer.clone().or(m.issuer.clone());
        }
        if citation.subject.is_none() {
            citation.subject = m.subject.clone();
        }
        citation.mentions.push(m.location);
    }
    order
        .into_iter()
        .map(|k| {
            // Mentions carry the issuer as written; the citation spells it out.
            let mut c = by_key.remove(&k).unwrap();
            c.issuer_as_written = c.issuer.take();
            c.issuer = c.issuer_as_written.as_deref().map(expand);
            c
        })
        .collect()
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
    fn not_citations() {
        assert!(find_mentions("Kế hoạch này gắn với giai đoạn 2021-2025").is_empty());
        assert!(find_mentions("Quyết định nêu trên và Dự án 5").is_empty());
        assert!(find_mentions("Kế hoạch năm 2024").is_empty());
    }

    #[test]
    fn dates_in_both_forms_and_with_typos() {
        assert_eq!(
            one("Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng")
                .date
                .as_deref(),
            Some("2022-01-18")
        );
        assert_eq!(
            one("Nghị quyết số 24/2021/NQ ngày 28 tháng 7 năm 2021 của Quốc hội")
                .date
                .as_deref(),
            Some("2021-07-28")
        );
        assert_eq!(
            one("Kế hoạch số: 194/KH-UBND, ngyà 29/12/2023 của UBND")
                .date
                .as_deref(),
            Some("2023-12-29")
        );
        assert_eq!(
            one("Quyết định số 273/QĐ-UBND, ngày 20/12/2023 của")
                .date
                .as_deref(),
            Some("2023-12-20")
        );
    }

    #[test]
    fn issuers_are_spelled_out_and_end_before_the_subject() {
        let m = one(
            "Kế hoạch số 165/KH-UBND ngày 15/02/2023 của UBND huyện Kbang Thực hiện Chương trình",
        );
        assert_eq!(
            m.issuer.as_deref(),
            Some("UBND huyện Kbang"),
            "a mention keeps the issuer as written"
        );
        assert_eq!(
            expand(m.issuer.as_deref().unwrap()),
            "Ủy ban nhân dân huyện Kbang"
        );
        let m = one("Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình");
        assert_eq!(m.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(m.subject.as_deref(), Some("phê duyệt Chương trình"));
        let m = one("Nghị quyết số 20/NQ-HĐND ngày 28/12/2023 của Hội đồng nhân dân thị trấn Kông Chro về tình hình");
        assert_eq!(
            m.issuer.as_deref(),
            Some("Hội đồng nhân dân thị trấn Kông Chro")
        );
        let m = one("Chương trình phối hợp số 1/CTrPH ngày 09/8/2017 giữa Ủy ban nhân dân tỉnh và Ban Thường trực; tiếp");
        assert_eq!(
            m.issuer.as_deref(),
            Some("Ủy ban nhân dân tỉnh và Ban Thường trực")
        );
        assert_eq!(one("Quyết định số 1/QĐ-UBND ngày 2/1/2024.").issuer, None);
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

    #[test]
    fn issuer_codes_name_the_body() {
        assert_eq!(
            issuing_body("90/QĐ-TTg").as_deref(),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(issuing_body("24/2021/QH15").as_deref(), Some("Quốc hội"));
        assert_eq!(
            issuing_body("05-CT/TW").as_deref(),
            Some("Ban Chấp hành Trung ương")
        );
        assert_eq!(issuing_body("24/2021/NQ"), None);
    }

    #[test]
    fn mentions_merge_and_the_first_complete_one_wins() {
        let text = "Quyết định số 273/QĐ-UBND của UBND huyện; Quyết định số 273/QĐ-UBND ngày 20/12/2023 của UBND huyện Kông Chro; Kế hoạch số 29/KH-UBND";
        let mut mentions = find_mentions(text);
        for (i, m) in mentions.iter_mut().enumerate() {
            m.location.span = Span::new(i, i + 1);
        }
        let merged = merge(mentions, Some("29 /KH-UBND"));
        assert_eq!(
            merged.len(),
            1,
            "the plan's own number is not a citation: {merged:?}"
        );
        assert_eq!(merged[0].mentions.len(), 2);
        assert_eq!(merged[0].date.as_deref(), Some("2023-12-20"));
        assert_eq!(
            merged[0].issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Kông Chro")
        );
        assert_eq!(
            merged[0].issuer_as_written.as_deref(),
            Some("UBND huyện Kông Chro")
        );
    }
}
