//! The end of a plan: recipients ("Nơi nhận:"), the signature block
//! ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", the name) and
//! whatever follows it (annex tables, "PHỤ LỤC").

use once_cell::sync::Lazy;
use regex::Regex;

use crate::model::{Closing, Passage, Span};
use crate::normalize::Normalized;
use crate::vi::marker::{
    after_recipients_label, closing_line, leading_marker, ClosingLine, MarkerKind,
};

static OFFICE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?i:phó\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|BÍ THƯ|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG)\b").unwrap()
});
static NAME: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,5}$").unwrap());

/// Index of the first closing paragraph: the first signature line after the
/// plan's first third, or the "Nơi nhận" list just before it.
pub fn find_start(norm: &Normalized) -> Option<usize> {
    let n = norm.paragraphs.len();
    let kind = |i: usize| closing_line(norm.paragraph_text(&norm.paragraphs[i]));
    let signature = (n / 3..n).find(|&i| kind(i) == Some(ClosingLine::Signature));
    let search_end = signature.unwrap_or(n);
    let recipients = (search_end.saturating_sub(40)..search_end)
        .find(|&i| kind(i) == Some(ClosingLine::Recipients));
    recipients.or(signature)
}

pub fn parse(norm: &Normalized, start: Option<usize>) -> Closing {
    let Some(start) = start else {
        return Closing::default();
    };
    let paras = &norm.paragraphs;
    let text = |i: usize| norm.paragraph_text(&paras[i]).trim();
    let mut closing = Closing {
        span: Some(Span::new(paras[start].start, norm.text.len())),
        ..Closing::default()
    };
    let mut i = start;
    let mut in_recipients = false;
    let mut name_at = None;
    while i < paras.len() {
        let t = text(i);
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
        } else if !closing.signature.is_empty() && !t.is_empty() {
            // An unexpected line after the signature ends the block.
            break;
        }
        i += 1;
    }
    if let Some(n) = name_at.filter(|&n| n + 1 < paras.len()) {
        let start = paras[n + 1].start;
        closing.annex = Some(Passage {
            text: norm.text[start..].to_string(),
            span: Span::new(start, norm.text.len()),
            line: norm.source_line(start),
        });
    }
    closing
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
