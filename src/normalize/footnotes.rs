//! Footnotes, in the two ways sources write them. PDF extraction leaves a
//! separator line (a long run of spaces where the rule was), then bodies
//! "1 Kế hoạch số 2871/KH-UBND ..." in the middle of the page's text, and
//! markers glued to words ("tỉnh1", "giảm nghèo2"). Markdown (Word files,
//! web pages) defines bodies on lines of their own (`[^1]: Kế hoạch ...`)
//! and marks the place with a reference (`tỉnh[^1]`). Either way bodies
//! become data; markers are removed and their place kept as the footnote's
//! anchor.

use once_cell::sync::Lazy;
use regex::Regex;

use super::{Line, Markup, RawFootnote};

/// Placeholder for a whitespace-only line at least this wide.
pub const SEPARATOR: &str = "\u{2015}footnote-separator\u{2015}";
pub const SEPARATOR_MIN_WIDTH: usize = 20;

static BODY_START: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*(\d{1,3})\s+(\S.*)$").unwrap());
// A word of letters (not "30m2") with a number glued to its end.
static GLUED_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:^|[^\p{L}\d])\p{L}+[)”\x22]?(\d{1,3})(?:[^\d\p{L}]|$)").unwrap());
static RULE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*[_\-–]{10,}\s*$").unwrap());
static MARKDOWN_BODY: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*\[\^([^\]\s]+)\]:\s*(.*?)\s*$").unwrap());

fn is_separator(line: &Line) -> bool {
    line.text == SEPARATOR || RULE.is_match(&line.text)
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', ';', '!', '?'])
}

/// Removes footnote blocks from `lines`; returns the remaining lines and the bodies.
///
/// A block ends at the first line that neither starts the next footnote nor
/// continues the current one. A continuation must follow a blank line (the page
/// text after a block starts without one) and the footnote must not have
/// ended its sentence yet.
pub fn split_off(mut lines: Vec<Line>) -> (Vec<Line>, Vec<RawFootnote>) {
    let mut kept = Vec::with_capacity(lines.len());
    let mut notes: Vec<RawFootnote> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        crate::budget::check("normalize");
        let line = &lines[i];
        if let Some(c) = MARKDOWN_BODY.captures(&line.text) {
            let label = c[1].to_string();
            let last = notes.last().map_or(0, |n| n.number);
            notes.push(RawFootnote {
                number: label.parse().unwrap_or(last + 1),
                text: c[2].to_string(),
                source_line: line.source_line,
                anchor: None,
                label: Some(label),
            });
            i += 1;
            continue;
        }
        if !is_separator(line) {
            // Taken, not cloned: only the footnote loop below looks ahead,
            // and it never looks back at a kept line.
            kept.push(std::mem::take(&mut lines[i]));
            i += 1;
            continue;
        }
        i += 1;
        let mut current: Option<RawFootnote> = None;
        while i < lines.len() {
            let line = &lines[i];
            let last = current.as_ref().or(notes.last()).map_or(0, |n| n.number);
            if let Some(c) = BODY_START.captures(&line.text) {
                let n: u32 = c[1].parse().unwrap_or(0);
                if n > 0 && (n == last + 1 || current.is_none() && n > last) {
                    if let Some(done) = current.take() {
                        notes.push(done);
                    }
                    current = Some(RawFootnote {
                        number: n,
                        text: c[2].trim().to_string(),
                        source_line: line.source_line,
                        anchor: None,
                        label: None,
                    });
                    i += 1;
                    continue;
                }
            }
            match current.as_mut() {
                Some(note)
                    if line.blank_lines > 0
                        && !ends_sentence(&note.text)
                        && line.markup == Markup::Plain =>
                {
                    note.text.push(' ');
                    note.text.push_str(line.text.trim());
                    i += 1;
                }
                _ => break,
            }
        }
        if let Some(done) = current.take() {
            notes.push(done);
        }
    }
    (kept, notes)
}

/// Finds each footnote's marker, the number glued to the end of a word before
/// the footnote's body or the reference to its label, removes it, and
/// returns its place as (line, byte).
pub fn strip_markers(lines: &mut [Line], notes: &[RawFootnote]) -> Vec<Option<(usize, usize)>> {
    let mut anchors = Vec::with_capacity(notes.len());
    let mut from = (0usize, 0usize);
    for note in notes {
        if let Some(label) = &note.label {
            anchors.push(strip_references(lines, label));
            continue;
        }
        let wanted = note.number.to_string();
        let mut found = None;
        'search: for (li, line) in lines.iter().enumerate().skip(from.0) {
            if line.source_line > note.source_line {
                break;
            }
            if line.markup == Markup::TableLine || line.markup == Markup::PipeRow {
                continue;
            }
            let start = if li == from.0 { from.1 } else { 0 };
            let glued = GLUED_NUMBER
                .captures_iter(&line.text[start..])
                .map(|c| c.get(1).unwrap());
            if let Some(digits) = glued.into_iter().find(|d| d.as_str() == wanted) {
                found = Some((li, start + digits.start(), start + digits.end()));
                break 'search;
            }
        }
        match found {
            Some((li, s, e)) => {
                lines[li].text.replace_range(s..e, "");
                anchors.push(Some((li, s)));
                from = (li, s);
            }
            None => anchors.push(None),
        }
    }
    anchors
}

/// Removes every reference `[^label]`, wherever it is (a web page defines
/// its notes anywhere); the first one is the anchor.
fn strip_references(lines: &mut [Line], label: &str) -> Option<(usize, usize)> {
    let reference = format!("[^{label}]");
    let mut first = None;
    for (li, line) in lines.iter_mut().enumerate() {
        while let Some(at) = line.text.find(&reference) {
            line.text.replace_range(at..at + reference.len(), "");
            first.get_or_insert((li, at));
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, n: u32, blank_before: bool) -> Line {
        Line {
            text: text.into(),
            source_line: n,
            blank_lines: blank_before as u32,
            markup: Markup::Plain,
            inside_span: false,
        }
    }

    #[test]
    fn consecutive_bodies_and_continuations() {
        let lines = vec![
            line("dinh dưỡng3 và nông nghiệp4 cho", 1, true),
            line(SEPARATOR, 2, true),
            line("3 Thuộc dự án 3 Chương trình", 3, false),
            line("4 Tiểu dự án 1 thuộc dự án 3.", 4, false),
            line("giai đoạn 2021-2025.", 5, true),
            line(" trẻ em dưới 5 tuổi", 6, false),
        ];
        let (kept, notes) = split_off(lines);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].text, "Thuộc dự án 3 Chương trình");
        assert_eq!(notes[1].text, "Tiểu dự án 1 thuộc dự án 3.");
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert_eq!(kept[1].text, "giai đoạn 2021-2025.");
    }

    #[test]
    fn unterminated_body_stops_at_page_text() {
        let lines = vec![
            line("thực hiện chủ", 1, true),
            line(SEPARATOR, 2, true),
            line("14 Tiểu dự án 2 thuộc dự án 7", 3, false),
            line(" trương của Đảng", 4, false),
        ];
        let (kept, notes) = split_off(lines);
        assert_eq!(notes[0].text, "Tiểu dự án 2 thuộc dự án 7");
        assert_eq!(kept.last().unwrap().text, " trương của Đảng");
    }

    #[test]
    fn markers_are_found_in_order_and_removed() {
        let mut lines = vec![
            line("Kế hoạch của tỉnh1, và 30m2 đất", 1, false),
            line("giảm nghèo2 trong", 2, true),
        ];
        let notes = vec![
            RawFootnote {
                number: 1,
                text: "a".into(),
                source_line: 5,
                anchor: None,
                label: None,
            },
            RawFootnote {
                number: 2,
                text: "b".into(),
                source_line: 5,
                anchor: None,
                label: None,
            },
        ];
        let anchors = strip_markers(&mut lines, &notes);
        assert_eq!(lines[0].text, "Kế hoạch của tỉnh, và 30m2 đất");
        assert_eq!(lines[1].text, "giảm nghèo trong");
        assert_eq!(
            anchors,
            vec![
                Some((0, "Kế hoạch của tỉnh".len())),
                Some((1, "giảm nghèo".len()))
            ]
        );
    }

    #[test]
    fn markdown_definitions_and_references() {
        let lines = vec![
            line("giảm nghèo[^1] bền vững, tỉnh[^ghi-chu].", 1, false),
            line("Thuộc dự án[^1] 2", 2, true),
            line("[^1]: Thuộc Dự án 2 Chương trình MTQG.", 3, true),
            line("[^ghi-chu]: Tỉnh Gia Lai.", 4, true),
        ];
        let (mut kept, notes) = split_off(lines);
        assert_eq!(kept.len(), 2, "definitions leave the text");
        assert_eq!(
            notes
                .iter()
                .map(|n| (n.number, n.text.as_str()))
                .collect::<Vec<_>>(),
            [
                (1, "Thuộc Dự án 2 Chương trình MTQG."),
                (2, "Tỉnh Gia Lai.")
            ]
        );
        let anchors = strip_markers(&mut kept, &notes);
        assert_eq!(kept[0].text, "giảm nghèo bền vững, tỉnh.");
        assert_eq!(kept[1].text, "Thuộc dự án 2", "a second reference goes too");
        assert_eq!(
            anchors,
            [
                Some((0, "giảm nghèo".len())),
                Some((0, "giảm nghèo bền vững, tỉnh".len()))
            ]
        );
    }

    #[test]
    fn a_number_is_not_a_marker_without_a_body() {
        let mut lines = vec![line("diện tích 30m2 trở lên", 1, false)];
        assert!(strip_markers(&mut lines, &[]).is_empty());
        assert_eq!(lines[0].text, "diện tích 30m2 trở lên");
    }
}
