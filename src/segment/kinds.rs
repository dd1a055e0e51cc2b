//! What a heading means: the section kind vocabulary of GUIDE.md, and the
//! document-kind line ("KẾ HOẠCH") that opens a plan.

use once_cell::sync::Lazy;

use crate::data::{rows, DOC_KIND_LIST, SECTION_HEADINGS, SECTION_KINDS};
use crate::vi::key::{canonical, fold};
use crate::vi::whole_word_positions;

static KIND_PHRASES: Lazy<Vec<(&'static str, String)>> =
    Lazy::new(|| rows(SECTION_KINDS).map(|r| (r[0], fold(r[1]))).collect());

static STANDARD_HEADINGS: Lazy<Vec<(String, &'static str)>> =
    Lazy::new(|| rows(SECTION_HEADINGS).map(|r| (fold(r[0]), r[0])).collect());

/// A standard heading's own spelling for a heading that differs from it only
/// in diacritics (OCR drops and swaps tone marks: "YÊU CẤU" for "YÊU CẦU").
pub fn repair_heading(heading: &str) -> Option<&'static str> {
    let folded = fold(heading);
    STANDARD_HEADINGS
        .iter()
        .find(|(f, h)| *f == folded && *h != heading)
        .map(|(_, h)| *h)
}

/// The kind of a section from its heading: the phrase that starts earliest
/// wins, the longest on a tie; "other" when none matches. Phrases inside a
/// name that only holds them (kind "-") do not count.
pub fn section_kind(heading: &str) -> &'static str {
    let folded = fold(heading);
    let masked: Vec<(usize, usize)> = KIND_PHRASES
        .iter()
        .filter(|(kind, _)| *kind == "-")
        .flat_map(|(_, phrase)| {
            whole_word_positions(&folded, phrase).map(|at| (at, at + phrase.len()))
        })
        .collect();
    KIND_PHRASES
        .iter()
        .filter(|(kind, _)| *kind != "-")
        .filter_map(|(kind, phrase)| {
            whole_word_positions(&folded, phrase)
                .find(|&at| !masked.iter().any(|&(s, e)| s <= at && at < e))
                .map(|pos| (pos, std::cmp::Reverse(phrase.len()), *kind))
        })
        .min()
        .map_or("other", |(_, _, kind)| kind)
}

/// The document kind named by a line in capitals that holds only it
/// ("KẾ HOẠCH", "QUYẾT ĐỊNH"), in the kind's own spelling ("Kế hoạch").
pub fn doc_kind_heading(line: &str) -> Option<&'static str> {
    // Most lines hold a lower-case ASCII letter, which no spelling repair
    // turns into a capital: they are not in capitals, known before the
    // whole line is put in canonical form.
    if line.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let line = canonical(line);
    let trimmed = line.trim().trim_end_matches(['.', ':']);
    if trimmed.is_empty() || trimmed.chars().any(char::is_lowercase) {
        return None;
    }
    let folded = fold(trimmed);
    FOLDED_DOC_KINDS
        .iter()
        .find(|(f, _)| *f == folded)
        .map(|&(_, name)| name)
}

/// The document kinds' names, folded, with their own spelling.
static FOLDED_DOC_KINDS: Lazy<Vec<(String, &'static str)>> = Lazy::new(|| {
    DOC_KIND_LIST
        .iter()
        .map(|k| (fold(k.name), k.name))
        .collect()
});

/// A kind heading that a title in capitals was joined to ("QUYẾT ĐỊNH BAN
/// HÀNH ..."): the kind and the bytes of its words. The whole paragraph is in
/// capitals; a kind name alone is [`doc_kind_heading`]'s.
pub fn doc_kind_opening(text: &str) -> Option<(&'static str, usize)> {
    if text.len() > 400 || text.chars().any(char::is_lowercase) {
        return None;
    }
    let base = text.as_ptr() as usize;
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .take(5)
        .map(|w| (w.as_ptr() as usize - base, w))
        .collect();
    (1..words.len().min(5)).rev().find_map(|n| {
        let (at, last) = words[n - 1];
        let head = fold(&canonical(&text[..at + last.len()]));
        FOLDED_DOC_KINDS
            .iter()
            .find(|(f, _)| *f == head)
            .map(|&(_, name)| (name, at + last.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guide_vocabulary() {
        for (heading, kind) in [
            ("MỤC ĐÍCH, YÊU CẦU", "purpose"),
            ("MỤC TIÊU", "objectives"),
            ("ĐỐI TƯỢNG, THỰC TRẠNG", "situation"),
            ("NHIỆM VỤ VÀ GIẢI PHÁP", "tasks"),
            ("NỘI DUNG KẾ HOẠCH", "tasks"),
            ("NỘI DUNG VÀ KINH PHÍ THỰC HIỆN", "tasks"),
            ("CÁC HÌNH THỨC PHỤ TRÁCH GIÚP ĐỠ", "tasks"),
            ("GIẢI PHÁP THỰC HIỆN", "solutions"),
            ("NGUỒN LỰC THỰC HIỆN", "resources"),
            ("KINH PHÍ THỰC HIỆN", "resources"),
            ("THỜI GIAN THỰC HIỆN", "timeline"),
            ("TỔ CHỨC THỰC HIỆN", "organization"),
            ("KHEN THƯỞNG", "other"),
            ("ĐỐI TƯỢNG VÀ THỜI GIAN THI ĐUA", "other"),
            ("GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ", "solutions"),
            ("NHIỆM VỤ, GIẢI PHÁP, PHÂN CÔNG TRÁCH NHIỆM", "tasks"),
            ("Mục tiêu cụ thể", "objectives"),
            ("Tổ chức thực hiện", "organization"),
        ] {
            assert_eq!(section_kind(heading), kind, "{heading}");
        }
    }

    #[test]
    fn headings_misread_by_ocr_are_repaired() {
        assert_eq!(
            repair_heading("MỤC ĐÍCH, YÊU CẤU"),
            Some("MỤC ĐÍCH, YÊU CẦU")
        );
        assert_eq!(
            repair_heading("ĐỔI TƯỢNG, THỰC TRẠNG"),
            Some("ĐỐI TƯỢNG, THỰC TRẠNG")
        );
        assert_eq!(repair_heading("MỤC TIÊU"), None, "already right");
        assert_eq!(
            repair_heading("KHEN THƯỞNG"),
            None,
            "not a standard heading"
        );
    }

    #[test]
    fn articles_by_their_heading_meaning() {
        for (heading, kind) in [
            ("Phạm vi điều chỉnh và đối tượng áp dụng", "other"),
            ("Giải thích từ ngữ", "other"),
            ("Tổ chức thực hiện", "organization"),
            ("Hiệu lực và trách nhiệm thi hành", "other"),
            (
                "Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024",
                "other",
            ),
            ("Mục tiêu của Chương trình mục tiêu quốc gia", "objectives"),
        ] {
            assert_eq!(section_kind(heading), kind, "{heading}");
        }
    }

    #[test]
    fn phrases_match_whole_words_only() {
        assert_eq!(section_kind("Hỗ trợ nhà ở"), "other");
    }

    #[test]
    fn document_kind_lines() {
        assert_eq!(doc_kind_heading(" KẾ HOẠCH "), Some("Kế hoạch"));
        assert_eq!(doc_kind_heading("QUYẾT ĐỊNH"), Some("Quyết định"));
        assert_eq!(doc_kind_heading("Kế hoạch"), None);
        assert_eq!(doc_kind_heading("KẾ HOẠCH NĂM 2024"), None);
    }

    #[test]
    fn kind_headings_joined_to_their_title() {
        let text = "QUYẾT ĐỊNH BAN HÀNH BỘ TIÊU CHÍ QUỐC GIA";
        let (kind, len) = doc_kind_opening(text).unwrap();
        assert_eq!(
            (kind, &text[len..]),
            ("Quyết định", " BAN HÀNH BỘ TIÊU CHÍ QUỐC GIA")
        );
        assert_eq!(
            doc_kind_opening("THÔNG TƯ LIÊN TỊCH HƯỚNG DẪN").map(|(k, _)| k),
            Some("Thông tư liên tịch")
        );
        assert_eq!(doc_kind_opening("KẾ HOẠCH"), None, "a kind alone");
        assert_eq!(doc_kind_opening("KẾ HOẠCH thực hiện"), None);
        assert_eq!(doc_kind_opening("ỦY BAN NHÂN DÂN TỈNH"), None);
    }
}
