//! Normalise: decoded text in, clean paragraphs out.
//!
//! PDF extraction and OCR leave a plan's text with wrapped lines (the seeds put a
//! blank line after every one), page numbers, footnote markers glued to words,
//! footnote bodies in the middle of sentences, and odd characters. This stage
//! undoes that and keeps, for every byte of its output, the source line it
//! came from ([`Normalized::source_line`]).
//!
//! Steps, each a function over lines: [`chars::clean_line`] (NFC, spaces, `Ð`),
//! [`markup::strip`] (markdown), [`cells::rebuild`] (tables of one cell per
//! line), [`layout::drop_page_numbers`],
//! [`footnotes::split_off`], [`layout::mark_table_zones`], and
//! [`unwrap::paragraphs`] (joining wrapped lines).

pub mod cells;
pub mod chars;
pub mod footnotes;
pub mod layout;
pub mod markup;
pub mod unwrap;

use crate::read::SourceText;

/// How a paragraph was marked up in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Markup {
    #[default]
    Plain,
    /// A markdown `#` heading of this level.
    Heading(u8),
    /// Entirely bold (`**...**`).
    Bold,
    /// One row of a markdown pipe table.
    PipeRow,
    /// A line inside a linearised or space-aligned table, kept as it was.
    TableLine,
    /// A lone "|" between the cells of a table written one cell per line;
    /// [`cells::rebuild`] turns its table into pipe rows.
    CellBreak,
}

/// One source line after character clean-up and markup stripping.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub text: String,
    /// 1-based line number in the source.
    pub source_line: u32,
    /// How many blank lines preceded it in the source.
    pub blank_lines: u32,
    pub markup: Markup,
    /// It starts inside markdown emphasis opened on an earlier line, so it
    /// continues that line's paragraph.
    pub inside_span: bool,
}

/// A paragraph of normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Byte range in [`Normalized::text`], without the trailing newline.
    pub start: usize,
    pub end: usize,
    pub source_line: u32,
    pub markup: Markup,
}

/// A footnote body, found between pages or as a markdown definition
/// (`[^1]: ...`), before its marker is located.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFootnote {
    pub number: u32,
    pub text: String,
    pub source_line: u32,
    /// Byte offset in the normalised text just after the word carrying the marker.
    pub anchor: Option<usize>,
    /// The label of a markdown footnote, whose marker is `[^label]` rather
    /// than a number glued to a word.
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Normalized {
    /// Paragraphs separated by '\n'.
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub footnotes: Vec<RawFootnote>,
    /// (offset in text, source line) at the start of every joined source line, sorted.
    origin: Vec<(usize, u32)>,
}

impl Normalized {
    /// The 1-based source line that the byte at `offset` came from.
    pub fn source_line(&self, offset: usize) -> u32 {
        match self.origin.binary_search_by(|&(o, _)| o.cmp(&offset)) {
            Ok(i) => self.origin[i].1,
            Err(0) => self.origin.first().map_or(1, |o| o.1),
            Err(i) => self.origin[i - 1].1,
        }
    }

    pub fn paragraph_text(&self, p: &Paragraph) -> &str {
        &self.text[p.start..p.end]
    }
}

/// Runs every normalisation step over a decoded source.
pub fn normalize(source: &SourceText) -> Normalized {
    let mut lines: Vec<Line> = Vec::new();
    let mut blank_lines = 0;
    let mut emphasis = markup::EmphasisState::default();
    for (i, raw) in source.text.lines().enumerate() {
        crate::budget::check("normalize");
        let cleaned = chars::clean_line(raw);
        let stripped = if source.format.is_markdown() {
            markup::strip(&cleaned, &mut emphasis)
        } else {
            markup::Stripped {
                text: cleaned.into_owned(),
                markup: Markup::Plain,
                inside_span: false,
            }
        };
        let (text, markup, inside_span) = (stripped.text, stripped.markup, stripped.inside_span);
        if markup == Markup::CellBreak {
            emphasis = markup::EmphasisState::default();
            // "| |" is two bars: the end of a row and the start of the next.
            for _ in 0..text.len() {
                lines.push(Line {
                    text: "|".into(),
                    source_line: i as u32 + 1,
                    blank_lines,
                    markup,
                    inside_span: false,
                });
                blank_lines = 0;
            }
            continue;
        }
        let text = chars::repair_roman_numeral(&text)
            .unwrap_or(text)
            .trim_end()
            .to_string();
        if text.trim().is_empty() {
            // Emphasis never spans paragraphs: an unbalanced mark ends here.
            emphasis = markup::EmphasisState::default();
            // Whitespace-only lines matter: a long one is a footnote separator.
            if raw.chars().count() >= footnotes::SEPARATOR_MIN_WIDTH {
                lines.push(Line {
                    text: footnotes::SEPARATOR.into(),
                    source_line: i as u32 + 1,
                    blank_lines,
                    markup,
                    inside_span: false,
                });
                blank_lines = 0;
            }
            blank_lines += 1;
            continue;
        }
        lines.push(Line {
            text,
            source_line: i as u32 + 1,
            blank_lines,
            markup,
            inside_span,
        });
        blank_lines = 0;
    }
    let lines = cells::rebuild(lines);
    let gap = unwrap::paragraph_gap(&lines);
    let lines = layout::drop_page_numbers(lines);
    let (mut lines, mut notes) = footnotes::split_off(lines);
    layout::mark_table_zones(&mut lines);
    // Spaces settle before markers are located, so their offsets stay exact.
    for line in lines
        .iter_mut()
        .filter(|l| !matches!(l.markup, Markup::TableLine | Markup::PipeRow))
    {
        line.text = unwrap::collapse_spaces(&line.text);
    }
    let anchors = footnotes::strip_markers(&mut lines, &notes);
    let out = unwrap::paragraphs(&lines, gap);
    for (note, anchor) in notes.iter_mut().zip(anchors) {
        note.anchor = anchor.map(|(line, byte)| out.offset_of(line, byte));
    }
    Normalized {
        text: out.text,
        paragraphs: out.paragraphs,
        footnotes: notes,
        origin: out.origin,
    }
}

/// Output of the unwrapper, with the information needed to map line positions.
pub struct Unwrapped {
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub origin: Vec<(usize, u32)>,
    /// For every input line, the offset where its text starts in `text`.
    line_starts: Vec<usize>,
}

impl Unwrapped {
    fn offset_of(&self, line: usize, byte: usize) -> usize {
        self.line_starts[line] + byte
    }
}

/// Plain lines, one blank line before each, for the tests of the steps.
#[cfg(test)]
pub(crate) fn test_lines(texts: &[&str]) -> Vec<Line> {
    let line = |(i, t): (usize, &&str)| Line {
        text: t.to_string(),
        source_line: i as u32 + 1,
        blank_lines: 1,
        markup: Markup::Plain,
        inside_span: false,
    };
    texts.iter().enumerate().map(line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Format, SourceText};

    fn norm(text: &str) -> Normalized {
        normalize(&SourceText {
            text: text.into(),
            format: Format::Text,
            encoding: "utf-8",
        })
    }

    #[test]
    fn offsets_map_back_to_source_lines() {
        let n = norm("I. MỤC ĐÍCH\nPhấn đấu đạt các chỉ tiêu\nvề giảm nghèo.\n");
        assert_eq!(
            n.text,
            "I. MỤC ĐÍCH\nPhấn đấu đạt các chỉ tiêu về giảm nghèo."
        );
        let at = n.text.find("về").unwrap();
        assert_eq!(n.source_line(at), 3);
        assert_eq!(n.source_line(0), 1);
        assert_eq!(n.source_line(n.text.find("Phấn").unwrap()), 2);
    }

    #[test]
    fn footnote_is_attached_to_its_marker() {
        let sep = " ".repeat(49);
        let text = format!(
            "1. Đa dạng hóa sinh kế, nhân rộng mô hình giảm nghèo2 \n\n- Hỗ trợ phát triển sản xuất gắn với \n\n{sep}\n 2 Thuộc Dự án 2 Chương trình MTQGGN. \n theo hướng sản xuất hàng hóa.\n"
        );
        let n = norm(&text);
        assert_eq!(n.footnotes.len(), 1);
        assert_eq!(n.footnotes[0].number, 2);
        assert_eq!(n.footnotes[0].text, "Thuộc Dự án 2 Chương trình MTQGGN.");
        let anchor = n.footnotes[0].anchor.unwrap();
        assert!(
            n.text[..anchor].ends_with("giảm nghèo"),
            "{}",
            &n.text[..anchor]
        );
        assert!(n.text.contains("gắn với theo hướng sản xuất"), "{}", n.text);
        assert!(!n.text.contains("nghèo2"));
    }

    #[test]
    fn anchor_is_exact_after_leading_spaces_are_trimmed() {
        let sep = " ".repeat(49);
        let n = norm(&format!("  3.1.  Phát triển giáo dục nghề nghiệp7 \n\na) Nội dung:\n\n{sep}\n7 Tiểu dự án 1 thuộc dự án 4.\n b) Phân công\n"));
        let anchor = n.footnotes[0].anchor.unwrap();
        assert_eq!(&n.text[..anchor], "3.1. Phát triển giáo dục nghề nghiệp");
        assert!(!n.text.contains("nghèo2"));
    }
}
