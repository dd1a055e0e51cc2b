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
/// wins, the longest on a tie; "other" when none matches.
pub fn section_kind(heading: &str) -> &'static str {
    let folded = fold(heading);
    KIND_PHRASES
        .iter()
        .filter_map(|(kind, phrase)| {
            whole_word_positions(&folded, phrase)
                .next()
                .map(|pos| (pos, std::cmp::Reverse(phrase.len()), *kind))
        })
        .min()
        .map_or("other", |(_, _, kind)| kind)
}

/// The document kind named by a line in capitals that holds only it
/// ("KẾ HOẠCH", "QUYẾT ĐỊNH"), in the kind's own spelling ("Kế hoạch").
pub fn doc_kind_heading(line: &str) -> Option<&'static str> {
    let line = canonical(line);
    let trimmed = line.trim().trim_end_matches(['.', ':']);
    if trimmed.is_empty() || trimmed.chars().any(char::is_lowercase) {
        return None;
    }
    let folded = fold(trimmed);
    DOC_KIND_LIST
        .iter()
        .find(|k| fold(k.name) == folded)
        .map(|k| k.name)
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
}
