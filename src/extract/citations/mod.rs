//! Legal citations: every document the plan cites, merged by kind + number.
//!
//! A mention is a document kind (from `data/doc_kinds.tsv`) and its number
//! ([`mention`]: "Quyết định số 90/QĐ-TTg", "Nghị quyết 93/NQ-CP", "Luật Đầu
//! tư công số 58/2024/QH15"), then, in the same clause, its date, issuer and
//! subject ([`details`]). Mentions of the same kind and number are one
//! citation; the first mention that gives a detail gives it. "Quyết định nêu
//! trên" is one more mention of the Quyết định cited last. Footnote bodies
//! are read too, located at their anchor.

use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, ISSUER_CODES};
use crate::model::{Citation, Location, Span};
use crate::segment::Document;
use crate::vi::abbrev::expand;
use crate::vi::key::{document_number, fold};
use crate::vi::word_start_captures;
use mention::{find_mentions, Mention, KIND_PATTERN};

mod details;
mod mention;

/// A kind pointing back to the document of that kind cited last: "Quyết
/// định nêu trên" (`back_reference` in `data/citation_words.tsv`).
static BACK_REFERENCE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)({})\s+(?:{})(?:[^\p{{L}}\p{{N}}]|$)",
        *KIND_PATTERN,
        details::alternation("back_reference")
    ))
    .unwrap()
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
    let back = back_references(doc, &mentions);
    mentions.extend(back);
    mentions.sort_by_key(|m| m.location.span.start);
    merge(mentions, own_number)
}

/// "Quyết định nêu trên" as a mention of the Quyết định mentioned last
/// before it, outside the plan's own number.
fn back_references(doc: &Document, mentions: &[Mention]) -> Vec<Mention> {
    word_start_captures(&BACK_REFERENCE, doc.text())
        .filter_map(|c| {
            let m = c.get(0).unwrap();
            let kind = mention::kind_of(&c[1]).name;
            let before = mentions.partition_point(|x| x.location.span.start < m.start());
            let cited = mentions[..before].iter().rev().find(|x| x.kind == kind)?;
            Some(Mention {
                start: m.start(),
                end: c.get(1).unwrap().end(),
                location: doc.location(Span::new(m.start(), c.get(1).unwrap().end())),
                details: Default::default(),
                ..cited.clone()
            })
        })
        .collect()
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
        let d = &m.details;
        let complete = citation.date.is_some() && citation.issuer.is_some();
        if !complete && d.date.is_some() && d.issuer.is_some() {
            citation.date = d.date.clone();
            citation.issuer = d.issuer.clone();
        } else if !complete {
            citation.date = citation.date.clone().or(d.date.clone());
            citation.issuer = citation.issuer.clone().or(d.issuer.clone());
        }
        if citation.subject.is_none() {
            citation.subject = d.subject.clone();
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

    #[test]
    fn a_back_reference_is_a_mention_of_the_document_it_points_to() {
        let text = "ỦY BAN NHÂN DÂN\nXÃ A\n\nKẾ HOẠCH\nGiảm nghèo\n\nI. MỤC TIÊU\n\nThực hiện Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ và Kế hoạch số 5/KH-UBND.\n\nII. NHIỆM VỤ\n\nTriển khai Quyết định nêu trên trên địa bàn xã; Kế hoạch trên địa bàn xã.\n";
        let doc = crate::segment::segment(crate::normalize::normalize(&crate::read::SourceText {
            text: text.into(),
            format: crate::read::Format::Text,
            encoding: "utf-8",
        }));
        let cited = extract(&doc, None);
        assert_eq!(cited.len(), 2);
        let decision = &cited[0];
        assert_eq!(decision.number, "90/QĐ-TTg");
        assert_eq!(decision.mentions.len(), 2, "{:?}", decision.mentions);
        assert_eq!(decision.mentions[1].section.as_deref(), Some("s2"));
        assert_eq!(
            decision.issuer.as_deref(),
            Some("Thủ tướng Chính phủ"),
            "a back reference adds no details"
        );
        assert_eq!(
            cited[1].mentions.len(),
            1,
            "\"Kế hoạch trên địa bàn\" points nowhere"
        );
    }
}
