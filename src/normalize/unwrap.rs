//! Joins lines that PDF extraction wrapped back into paragraphs.
//!
//! A line continues the paragraph before it unless one of them is structure:
//! a heading, a list item, a table line, or a paragraph that ended its
//! sentence before a capitalised line. A line ending in a hyphen glued to a
//! word ("05-" / "CT/TW", "2021-" / "2025") joins without a space.

use once_cell::sync::Lazy;
use regex::Regex;

use super::{Line, Markup, Paragraph, Unwrapped};
use crate::vi::marker::{closing_line, leading_marker, MarkerKind};

/// Lines of a wrapped page are at most this long (in characters) at the median.
const WRAPPED_LINE_MAX: usize = 100;

/// Headings of numbered items are shorter than this (in characters).
const HEADING_MAX_CHARS: usize = 160;

/// How many blank lines make a paragraph break: two where the extractor put a
/// blank line after nearly every wrapped line (the seeds), otherwise one. Long
/// lines each followed by a blank line are whole paragraphs (OCR markdown).
pub fn paragraph_gap(lines: &[Line]) -> u32 {
    let spaced = lines.iter().filter(|l| l.blank_lines > 0).count();
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
    lengths.sort_unstable();
    let median = lengths.get(lengths.len() / 2).copied().unwrap_or(0);
    if lines.len() >= 10 && spaced * 10 >= lines.len() * 6 && median <= WRAPPED_LINE_MAX {
        2
    } else {
        1
    }
}

/// Joins `lines` into paragraphs; `gap` blank lines always separate paragraphs.
/// Capitalised openers of the clauses of a plan's preamble; mid-sentence they
/// would be in lower case.
const PREAMBLE_OPENERS: [&str; 4] = ["Căn cứ ", "Thực hiện ", "Trên cơ sở ", "Theo đề nghị "];

static DOCUMENT_NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*Số\s*:\s*\d").unwrap());

pub fn paragraphs(lines: &[Line], gap: u32) -> Unwrapped {
    // Sized once: grown by doubling, the text of a large plan would hold up
    // to twice its length.
    let mut out = Unwrapped {
        text: String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum()),
        paragraphs: Vec::new(),
        origin: Vec::with_capacity(lines.len()),
        line_starts: Vec::with_capacity(lines.len()),
    };
    let mut open: Option<Paragraph> = None;
    for line in lines {
        crate::budget::check("normalize");
        // Table lines keep their leading spaces: column positions are data.
        let keep_layout = matches!(line.markup, Markup::TableLine | Markup::PipeRow);
        let content = if keep_layout {
            line.text.trim_end().to_string()
        } else {
            collapse_spaces(&line.text)
        };
        let join = line.blank_lines < gap
            && open
                .as_ref()
                .is_some_and(|p| continues(&out.text[p.start..], p.markup, line, &content));
        if join {
            let p = open.as_mut().unwrap();
            if !glued_hyphen(&out.text[p.start..]) {
                out.text.push(' ');
            }
        } else {
            if let Some(p) = open.take() {
                out.paragraphs.push(p);
                out.text.push('\n');
            }
            open = Some(Paragraph {
                start: out.text.len(),
                end: 0,
                source_line: line.source_line,
                markup: line.markup,
            });
        }
        out.line_starts.push(out.text.len());
        out.origin.push((out.text.len(), line.source_line));
        out.text.push_str(&content);
        open.as_mut().unwrap().end = out.text.len();
    }
    if let Some(p) = open {
        out.paragraphs.push(p);
    }
    out
}

/// Whether `line` continues the open paragraph `prev`.
fn continues(prev: &str, prev_markup: Markup, line: &Line, content: &str) -> bool {
    if content.is_empty() {
        return true;
    }
    let structural =
        |m: Markup| matches!(m, Markup::Heading(_) | Markup::PipeRow | Markup::TableLine);
    if structural(prev_markup) || structural(line.markup) || prev_markup != line.markup {
        return false;
    }
    // Inside markdown emphasis opened on the line before ("*2.4. Bộ\nChỉ huy Quân sự
    // tỉnh*", "**TM. ỦY BAN NHÂN\nDÂN**"): one paragraph, whatever the words.
    if line.inside_span {
        return true;
    }
    if leading_marker(content).is_some()
        || closing_line(content).is_some()
        || closing_line(prev).is_some()
    {
        return false;
    }
    // Legal preambles open each clause on a new line ("Căn cứ ...", "Thực hiện ...").
    if PREAMBLE_OPENERS.iter().any(|o| content.starts_with(o)) {
        return false;
    }
    // The document number line of the header ("Số: 29/KH-UBND") is complete.
    if DOCUMENT_NUMBER.is_match(prev) {
        return false;
    }
    let first = content.chars().next().unwrap();
    let starts_upper = first.is_uppercase() || matches!(first, '“' | '"' | '(' | '[');
    let prev = prev.trim_end();
    // A line in capitals ("KẾ HOẠCH", "TRIỂN KHAI ... PHÒNG,") ends before text in lower case.
    // ... and a line in capitals after one that is not starts a new block ("PHỤ LỤC").
    if is_upper_case(prev) != is_upper_case(content)
        && content.chars().filter(|c| c.is_alphabetic()).count() > 3
    {
        return false;
    }
    if prev.ends_with(['.', ';', ':', '!', '?']) && starts_upper {
        return false;
    }
    let prev_marker = leading_marker(prev).filter(|m| m.kind != MarkerKind::Bullet);
    if let Some(m) = prev_marker {
        let heading = &prev[m.len..];
        let upper_heading = is_upper_case(heading);
        if upper_heading && !is_upper_case(content) {
            return false;
        }
        let open_paren = heading.matches('(').count() > heading.matches(')').count();
        // An item already longer than any heading is prose wrapping onto a
        // capitalised word ("... của Thủ tướng" / "Chính phủ phê duyệt").
        let long = heading.chars().count() > HEADING_MAX_CHARS;
        if !upper_heading && starts_upper && !open_paren && !long && !ends_mid_phrase(prev) {
            return false;
        }
    }
    true
}

/// A paragraph that stops on a word that cannot end a phrase ("của", "và", ",").
fn ends_mid_phrase(text: &str) -> bool {
    const LINKS: [&str; 12] = [
        "của", "và", "về", "cho", "các", "với", "tại", "theo", "trên", "thuộc", "số", "ngày",
    ];
    let last = text.split_whitespace().next_back().unwrap_or("");
    text.ends_with([',', '-', '–']) || LINKS.contains(&last)
}

fn is_upper_case(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

/// "05-" + "CT/TW" and "2021-" + "2025" join without a space; " - " does not.
fn glued_hyphen(prev: &str) -> bool {
    let mut rev = prev.chars().rev();
    matches!(rev.next(), Some('-')) && rev.next().is_some_and(char::is_alphanumeric)
}

/// Single spaces, none at either end.
pub fn collapse_spaces(text: &str) -> String {
    let text = text.trim();
    if !text.contains("  ") {
        return text.to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(texts: &[&str]) -> String {
        let lines = crate::normalize::test_lines(texts);
        paragraphs(&lines, 2).text
    }

    #[test]
    fn wrapped_prose_is_joined() {
        assert_eq!(
            join(&["Căn cứ Nghị quyết số 24/2021/NQ ngày 28/7/2021 của Quốc hội phê duyệt chủ ", "trương đầu tư Chương trình"]),
            "Căn cứ Nghị quyết số 24/2021/NQ ngày 28/7/2021 của Quốc hội phê duyệt chủ trương đầu tư Chương trình"
        );
    }

    #[test]
    fn hyphenated_codes_and_ranges_join_without_space() {
        assert_eq!(
            join(&["thực hiện Chỉ thị số 05-", "CT/TW ngày 23/6/2021"]),
            "thực hiện Chỉ thị số 05-CT/TW ngày 23/6/2021"
        );
        assert_eq!(join(&["giai đoạn 2021-", "2025;"]), "giai đoạn 2021-2025;");
        assert_eq!(
            join(&["Phòng Lao động -", "Thương binh và Xã hội"]),
            "Phòng Lao động - Thương binh và Xã hội"
        );
    }

    #[test]
    fn never_across_items_or_headings() {
        assert_eq!(
            join(&[
                "II. MỤC TIÊU",
                "1. Mục tiêu tổng quát",
                "- Thực hiện giảm nghèo"
            ]),
            "II. MỤC TIÊU\n1. Mục tiêu tổng quát\n- Thực hiện giảm nghèo"
        );
        assert_eq!(
            join(&["a) Nội dung hoạt động:", "b) Phân công nhiệm vụ:"]),
            "a) Nội dung hoạt động:\nb) Phân công nhiệm vụ:"
        );
        assert_eq!(
            join(&["+ Nội dung 1: Tăng cường", "+ Nội dung 2: Hướng dẫn"]),
            "+ Nội dung 1: Tăng cường\n+ Nội dung 2: Hướng dẫn"
        );
        assert_eq!(
            join(&["1. Mục tiêu tổng quát", "Thực hiện giảm nghèo đa chiều"]),
            "1. Mục tiêu tổng quát\nThực hiện giảm nghèo đa chiều"
        );
    }

    #[test]
    fn headings_split_over_lines_are_joined() {
        assert_eq!(
            join(&["I. MỤC ĐÍCH,", "YÊU CẦU", "Phấn đấu đạt"]),
            "I. MỤC ĐÍCH, YÊU CẦU\nPhấn đấu đạt"
        );
        assert_eq!(
            join(&["KẾ HOẠCH", "Thực hiện Chương trình"]),
            "KẾ HOẠCH\nThực hiện Chương trình"
        );
        assert_eq!(
            join(&["1. Xây dựng kế hoạch giảm nghèo, tăng cường trách nhiệm của cấp ủy,", "chính quyền, cán bộ"]),
            "1. Xây dựng kế hoạch giảm nghèo, tăng cường trách nhiệm của cấp ủy, chính quyền, cán bộ"
        );
        assert_eq!(
            join(&[
                "2.9. Công chức Địa chính (Đ/c Công Văn",
                "Trọng)",
                "- Tổ chức thực hiện"
            ]),
            "2.9. Công chức Địa chính (Đ/c Công Văn Trọng)\n- Tổ chức thực hiện"
        );
        assert_eq!(
            join(&[
                "e) Chủ trì, phối hợp với các đơn vị liên quan tiếp tục quan tâm đầu tư xây dựng các cơ sở giáo dục",
                "mầm non theo Quyết định số 655/QĐ-TTg ngày 12 tháng 5 năm 2017 của Thủ tướng",
                "Chính phủ phê duyệt Đề án"
            ]),
            "e) Chủ trì, phối hợp với các đơn vị liên quan tiếp tục quan tâm đầu tư xây dựng các cơ sở giáo dục mầm non theo Quyết định số 655/QĐ-TTg ngày 12 tháng 5 năm 2017 của Thủ tướng Chính phủ phê duyệt Đề án",
            "an item longer than a heading is prose"
        );
    }

    #[test]
    fn sentence_end_before_capital_breaks() {
        assert_eq!(
            join(&["Số: 29 /KH-UBND", "Trà Lâm, ngày 26 tháng 02 năm 2024"]),
            "Số: 29 /KH-UBND\nTrà Lâm, ngày 26 tháng 02 năm 2024"
        );
        assert_eq!(
            join(&["nghèo năm 2024.", "Trên cơ sở các chỉ tiêu"]),
            "nghèo năm 2024.\nTrên cơ sở các chỉ tiêu"
        );
        assert_eq!(
            join(&["giảm nghèo, ở mức 5,00%.", "tiếp theo"]),
            "giảm nghèo, ở mức 5,00%. tiếp theo"
        );
    }
}
