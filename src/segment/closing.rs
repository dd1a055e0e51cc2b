//! The end of a document: recipients ("Nơi nhận:"), the signature block
//! ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", the name) and
//! whatever follows it up to the next document in the text (annex tables,
//! "PHỤ LỤC").
//!
//! Two-column layouts put the signature beside the recipients, so a line may
//! hold both ("Nơi nhận: KT. BỘ TRƯỞNG", "- Như Điều 3; PHÓ CHỦ TỊCH"): the
//! signature part is split off the end of any closing line.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, OFFICES};
use crate::model::{Closing, Passage, Span};
use crate::normalize::Normalized;
use crate::vi::marker::{
    after_recipients_label, closing_line, leading_marker, ClosingLine, MarkerKind,
};

/// A signature line is short: a longer one starting "TM." is prose.
const SIGNATURE_LINE_MAX: usize = 80;

static OFFICE_LIST: Lazy<String> = Lazy::new(|| {
    rows(OFFICES)
        .map(|r| regex::escape(r[0]).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
});
static OFFICE: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^(?:PHÓ\s+)?(?:{})(?:\s|$)", *OFFICE_LIST)).unwrap());
/// The signature part at the end of a closing line: a signing-on-behalf
/// marker and what follows, or an office in capitals.
static SIGNATURE_TAIL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s,;.:])((?:(?:TM|T/M|KT|K/T|TL|TUQ)\s*[./]\s*\p{{Lu}}[^\p{{Ll}}]*)|(?:PHÓ\s+)?(?:{}))\s*$",
        *OFFICE_LIST
    ))
    .unwrap()
});
static NAME: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,5}$").unwrap());
/// The mark copies print where the signature was, before the name: "(Đã ký)".
static SIGNED_MARK: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^\(\s*(?:đã ký|ký tên|ký, ghi rõ họ tên)[^)]*\)\s*").unwrap());

/// Index of the first closing paragraph of the document in `range` whose
/// body starts at `from`: the first signature line, or the "Nơi nhận" list
/// just before it (or anywhere, when no signature line is found).
pub fn find_start(norm: &Normalized, range: Range<usize>, from: usize) -> Option<usize> {
    let line = |i: usize| {
        let text = norm.paragraph_text(&norm.paragraphs[i]);
        closing_line(text)
            .filter(|&k| k == ClosingLine::Recipients || text.len() <= SIGNATURE_LINE_MAX)
    };
    let from = from.max(range.start);
    let signature = (from..range.end).find(|&i| line(i) == Some(ClosingLine::Signature));
    let recipients_from = signature.map_or(from, |s| s.saturating_sub(40).max(from));
    let recipients = (recipients_from..signature.unwrap_or(range.end))
        .find(|&i| line(i) == Some(ClosingLine::Recipients));
    recipients.or(signature)
}

/// The closing that starts at paragraph `start` and runs to paragraph `end`.
pub fn parse(norm: &Normalized, start: Option<usize>, end: usize) -> Closing {
    let Some(start) = start else {
        return Closing::default();
    };
    let paras = &norm.paragraphs;
    let end_byte = paras
        .get(end)
        .map_or(norm.text.len(), |p| p.start.saturating_sub(1));
    let text = |i: usize| norm.paragraph_text(&paras[i]).trim();
    let mut closing = Closing {
        span: Some(Span::new(
            paras[start].start,
            end_byte.max(paras[start].start),
        )),
        ..Closing::default()
    };
    let mut in_recipients = false;
    let mut name_at = None;
    for i in start..end {
        let line = text(i);
        let line = SIGNED_MARK.find(line).map_or(line, |m| &line[m.end()..]);
        let (t, tail) = split_signature_tail(line);
        if let Some(tail) = tail {
            closing.signature.push(tail.to_string());
        }
        let kind = closing_line(t);
        if kind == Some(ClosingLine::Recipients) {
            in_recipients = true;
            push_recipient(&mut closing.recipients, after_recipients_label(t));
        } else if kind == Some(ClosingLine::Signature) || OFFICE.is_match(t) {
            in_recipients = false;
            closing.signature.push(t.to_string());
        } else if in_recipients && leading_marker(t).is_some_and(|m| m.kind == MarkerKind::Bullet) {
            push_recipient(&mut closing.recipients, t);
        } else if !closing.signature.is_empty() && NAME.is_match(t) {
            closing.signer = Some(t.to_string());
            name_at = Some(i);
            break;
        } else if !closing.signature.is_empty() && !t.is_empty() && !in_recipients {
            // An unexpected line after the signature ends the block.
            break;
        }
    }
    if let Some(n) = name_at.filter(|&n| n + 1 < end) {
        let start = paras[n + 1].start;
        let end = end_byte.max(start);
        closing.annex = Some(Passage {
            text: norm.text[start..end].to_string(),
            span: Span::new(start, end),
            line: norm.source_line(start),
        });
    }
    closing
}

/// "Nơi nhận: KT. BỘ TRƯỞNG" -> ("Nơi nhận:", "KT. BỘ TRƯỞNG"). A line that is
/// all signature keeps it as the line.
fn split_signature_tail(line: &str) -> (&str, Option<&str>) {
    match SIGNATURE_TAIL.captures(line) {
        Some(c) if c.get(1).unwrap().start() > 0 => {
            let tail = c.get(1).unwrap();
            (line[..tail.start()].trim_end(), Some(tail.as_str().trim()))
        }
        _ => (line, None),
    }
}

/// One recipient per "- ...;" item; an item listing several ("- Các phòng: A; B;") stays one.
fn push_recipient(list: &mut Vec<String>, item: &str) {
    let item = item.trim();
    let item = leading_marker(item)
        .filter(|m| m.kind == MarkerKind::Bullet)
        .map_or(item, |m| &item[m.len..]);
    let item = item.trim().trim_end_matches(['.', ';', ',']).trim();
    if !item.is_empty() {
        list.push(item.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_beside_recipients_are_split_off() {
        assert_eq!(
            split_signature_tail("Nơi nhận: KT.BỘ TRƯỞNG"),
            ("Nơi nhận:", Some("KT.BỘ TRƯỞNG"))
        );
        assert_eq!(
            split_signature_tail("- Như Điều 3; PHÓ CHỦ TỊCH"),
            ("- Như Điều 3;", Some("PHÓ CHỦ TỊCH"))
        );
        assert_eq!(
            split_signature_tail("ni ĐÓ, THỨ TRƯỞNG"),
            ("ni ĐÓ,", Some("THỨ TRƯỞNG"))
        );
        assert_eq!(split_signature_tail("KT. CHỦ TỊCH"), ("KT. CHỦ TỊCH", None));
        assert_eq!(
            split_signature_tail("- Chủ tịch, các PCT UBND tỉnh;"),
            ("- Chủ tịch, các PCT UBND tỉnh;", None)
        );
    }

    #[test]
    fn offices_from_the_data() {
        for office in [
            "PHÓ THỦ TƯỚNG",
            "THỨ TRƯỞNG",
            "BỘ TRƯỞNG",
            "CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
        ] {
            assert!(OFFICE.is_match(office), "{office}");
        }
        assert!(!OFFICE.is_match("CHỦ TỊCHX"));
    }
}
