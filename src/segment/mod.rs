//! Segment: normalised paragraphs in, a [`Document`] out: header, kind,
//! title, preamble, the section tree, the closing (recipients, signature,
//! annex), and the documents issued with it (a Quyết định's plan).
//!
//! A text is one document, or a document followed by those it issues, each
//! opening with its own kind line and a "kèm theo" note: each is segmented
//! on its own (its own title, levels and closing), and the sections of all
//! follow one another at the top of the tree, as GUIDE.md lists them.

pub mod closing;
pub mod header;
pub mod kinds;
pub mod tree;

use std::ops::Range;

use crate::model::{Attachment, Closing, Footnote, Location, Passage, Section, Span};
use crate::normalize::Normalized;
use header::{header_line, Opening};

/// A plan's text with its structure: what every extractor reads.
#[derive(Debug, Clone)]
pub struct Document {
    pub norm: Normalized,
    /// Paragraphs of the header: the issuing body, the national motto, "Số: ...", place and date.
    pub header: Vec<usize>,
    /// The paragraph naming the document kind ("KẾ HOẠCH"), or a letter's
    /// subject line ("V/v ..."), and the kind it names.
    pub opening: Option<Opening>,
    /// Paragraphs of the title: after the kind line, or the subject line and its continuation.
    pub title: Vec<usize>,
    pub preamble: Option<Passage>,
    /// Top-level sections of the document, then those of each attachment.
    pub sections: Vec<Section>,
    pub closing: Closing,
    pub attachments: Vec<Attachment>,
    pub footnotes: Vec<Footnote>,
    /// From the end of the title to the closing of the last document in the text.
    body: Span,
}

impl Document {
    pub fn text(&self) -> &str {
        &self.norm.text
    }

    pub fn paragraph(&self, i: usize) -> &str {
        self.norm.paragraph_text(&self.norm.paragraphs[i])
    }

    /// The kind its opening names, in its own spelling: "Kế hoạch", "Công văn".
    pub fn kind(&self) -> Option<&'static str> {
        self.opening.map(|o| o.kind)
    }

    /// The title as one line; a letter's without its "V/v".
    pub fn title_text(&self) -> Option<String> {
        header::title_text(&self.norm, self.opening?, &self.title)
    }

    /// The deepest section holding `offset`.
    pub fn section_at(&self, offset: usize) -> Option<&Section> {
        let mut found = None;
        let mut level = &self.sections;
        while let Some(s) = level.iter().find(|s| s.span.contains(offset)) {
            found = Some(s);
            level = &s.children;
        }
        found
    }

    /// Every section, depth first.
    pub fn sections_flat(&self) -> Vec<&Section> {
        fn walk<'a>(list: &'a [Section], out: &mut Vec<&'a Section>) {
            for s in list {
                out.push(s);
                walk(&s.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }

    pub fn location(&self, span: Span) -> Location {
        Location {
            span,
            line: self.norm.source_line(span.start),
            section: self.section_at(span.start).map(|s| s.id.clone()),
        }
    }

    /// The byte range of the body: from the end of the title to the closing
    /// (of the last attachment, when the document carries some).
    pub fn body_span(&self) -> Span {
        self.body
    }
}

/// One document of a text, segmented on its own.
struct Part {
    header: Vec<usize>,
    title: Vec<usize>,
    preamble: Option<Passage>,
    sections: Vec<(u32, Section)>,
    closing: Closing,
    /// Paragraph where its body ends: its closing, or the next document.
    body_end: usize,
}

pub fn segment(norm: Normalized) -> Document {
    let n = norm.paragraphs.len();
    let opening = header::opening(&norm);
    let attached = header::attachments(&norm, opening.map_or(0, |o| o.paragraph + 1)..n);
    let starts: Vec<usize> = attached.iter().map(|a| a.paragraph).chain([n]).collect();
    let main = part(&norm, opening, 0..starts[0]);
    let mut parts: Vec<(Opening, Part)> = attached
        .iter()
        .zip(starts.windows(2))
        .map(|(&a, w)| (a, part(&norm, Some(a), w[0]..w[1])))
        .collect();

    let body_start = main
        .title
        .last()
        .copied()
        .or(opening.map(|o| o.paragraph))
        .map_or(0, |i| norm.paragraphs[i].end);
    let last_end = parts.last().map_or(main.body_end, |(_, p)| p.body_end);
    let body_end = norm
        .paragraphs
        .get(last_end)
        .map_or(norm.text.len(), |p| p.start);
    // Each document's top-level sections follow the previous one's.
    let mut flat = main.sections;
    let mut tops = Vec::with_capacity(parts.len());
    for (_, p) in &mut parts {
        let before = flat.iter().filter(|(d, _)| *d == 1).count();
        let own = p.sections.iter().filter(|(d, _)| *d == 1).count();
        tops.push(before..before + own);
        flat.append(&mut p.sections);
    }
    let sections = tree::nest(flat, "s");
    let attachments = parts
        .into_iter()
        .zip(tops)
        .map(|((opening, p), tops)| attachment(&norm, opening, p, &sections[tops]))
        .collect();
    let mut doc = Document {
        header: main.header,
        opening,
        title: main.title,
        preamble: main.preamble,
        sections,
        closing: main.closing,
        attachments,
        footnotes: Vec::new(),
        body: Span::new(body_start, body_end.max(body_start)),
        norm,
    };
    doc.footnotes = doc
        .norm
        .footnotes
        .iter()
        .map(|f| Footnote {
            number: f.number,
            text: f.text.clone(),
            anchor: f.anchor,
            line: f.source_line,
            section: f
                .anchor
                .and_then(|a| doc.section_at(a.saturating_sub(1)))
                .map(|s| s.id.clone()),
        })
        .collect();
    doc
}

/// Segments the document of paragraphs `range`, opened by `opening`.
fn part(norm: &Normalized, opening: Option<Opening>, range: Range<usize>) -> Part {
    let text = |i: usize| norm.paragraph_text(&norm.paragraphs[i]);
    let body_from = opening.map_or(range.start, |o| o.paragraph + 1);
    let closing_start = closing::find_start(norm, range.clone(), body_from);
    // Without a closing, an annex ends the body (an attached plan seldom signs).
    let body_end = closing_start
        .or_else(|| (body_from..range.end).find(|&i| is_annex_heading(text(i))))
        .unwrap_or(range.end);
    let headings = tree::headings(norm, body_from.min(body_end)..body_end);
    let first_section = headings.first().map_or(body_end, |h| h.paragraph);
    let title = opening.map_or_else(Vec::new, |o| header::title(norm, o, first_section));
    let mut header: Vec<usize> = match opening {
        Some(o) => (range.start..o.paragraph).collect(),
        // Without a kind line, the header is whatever header lines open the text.
        None => (range.start..first_section)
            .take_while(|&i| header_line(text(i)).is_some() || is_organ_line(text(i)))
            .collect(),
    };
    // A letter's subject sits in its header, which layouts run into it
    // ("Số: 12/UBND V/v ...", "V/v ... Hà Nội, ngày 16 tháng 9 năm 2025").
    if let Some(o) = opening.filter(|o| o.subject) {
        header.push(o.paragraph);
    }
    // Header lines printed under the title (a letter's date under its subject).
    let mut preamble_start = title
        .last()
        .copied()
        .or(opening.map(|o| o.paragraph))
        .or(header.last().copied())
        .map_or(range.start, |i| i + 1);
    while preamble_start < first_section && header_line(text(preamble_start)).is_some() {
        header.push(preamble_start);
        preamble_start += 1;
    }
    Part {
        header,
        title,
        preamble: passage(norm, preamble_start, first_section),
        sections: tree::flat_sections(norm, &headings, body_end),
        closing: closing::parse(norm, closing_start, range.end),
        body_end,
    }
}

/// "PHỤ LỤC", "PHỤ LỤC I": the heading of an annex, in capitals.
fn is_annex_heading(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with("PHỤ LỤC") && text.len() <= 200 && !text.chars().any(char::is_lowercase)
}

/// The issuing body's cells in a header: a short line in capitals.
fn is_organ_line(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    text.len() <= 120 && letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

fn attachment(norm: &Normalized, opening: Opening, part: Part, sections: &[Section]) -> Attachment {
    let kind_line = &norm.paragraphs[opening.paragraph];
    let note = header::attached_note(
        norm,
        opening.paragraph..(opening.paragraph + 6).min(part.body_end),
    );
    let end = norm
        .paragraphs
        .get(part.body_end)
        .map_or(norm.text.len(), |p| p.start);
    let span_end = part.closing.span.map_or(end, |s| s.end.max(end));
    Attachment {
        doc_type: opening.kind.to_string(),
        title: header::title_text(norm, opening, &part.title),
        note,
        sections: sections.iter().map(|s| s.id.clone()).collect(),
        closing: part.closing,
        span: Span::new(kind_line.start, span_end),
        line: kind_line.source_line,
    }
}

fn passage(norm: &Normalized, from: usize, until: usize) -> Option<Passage> {
    if from >= until {
        return None;
    }
    let start = norm.paragraphs[from].start;
    let end = norm.paragraphs[until - 1].end;
    Some(Passage {
        text: norm.text[start..end].to_string(),
        span: Span::new(start, end),
        line: norm.source_line(start),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::read::{decode, SourceText};

    fn doc(text: &str) -> Document {
        let source: SourceText = decode(text.as_bytes()).unwrap();
        segment(normalize(&source))
    }

    fn outline(sections: &[Section]) -> Vec<String> {
        let mut out = Vec::new();
        for s in sections {
            out.push(format!(
                "{}{} {} [{}]",
                "  ".repeat(s.depth as usize - 1),
                s.number,
                s.heading,
                s.kind
            ));
            out.extend(outline(&s.children));
        }
        out
    }

    #[test]
    fn tree_from_numbering_styles() {
        let d = doc("KẾ HOẠCH\n\nThực hiện Chương trình năm 2024\n\nCăn cứ Quyết định số 90/QĐ-TTg;\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích: Phấn đấu đạt chỉ tiêu.\n2. Yêu cầu\n- Bám sát nhiệm vụ.\nII. MỤC TIÊU\n1. Mục tiêu tổng quát\n1.1. Chi tiết\na) Một\nb) Hai\n2. Mục tiêu cụ thể\n");
        assert_eq!(
            outline(&d.sections),
            [
                "I MỤC ĐÍCH, YÊU CẦU [purpose]",
                "  1 Mục đích [purpose]",
                "  2 Yêu cầu [purpose]",
                "II MỤC TIÊU [objectives]",
                "  1 Mục tiêu tổng quát [objectives]",
                "    1.1 Chi tiết [other]",
                "      a Một [other]",
                "      b Hai [other]",
                "  2 Mục tiêu cụ thể [objectives]",
            ]
        );
        assert_eq!(d.sections[0].children[0].text, "Phấn đấu đạt chỉ tiêu.");
        assert_eq!(d.sections[1].children[0].children[0].id, "s2.1.1");
        assert_eq!(
            d.preamble.as_ref().unwrap().text,
            "Căn cứ Quyết định số 90/QĐ-TTg;"
        );
    }

    #[test]
    fn repeated_numbers_are_kept_as_written() {
        let d = doc("## KẾ HOẠCH\n\n## II. MỤC TIÊU\n\ntext\n\n## **II. NỘI DUNG VÀ KINH PHÍ THỰC HIỆN**\n\n## **III. NHIỆM VỤ VÀ GIẢI PHÁP**\n\n## V. TỔ CHỨC THỰC HIỆN\n\n## **2. Công chức Tài chính**\n");
        assert_eq!(
            outline(&d.sections),
            [
                "II MỤC TIÊU [objectives]",
                "II NỘI DUNG VÀ KINH PHÍ THỰC HIỆN [tasks]",
                "III NHIỆM VỤ VÀ GIẢI PHÁP [tasks]",
                "V TỔ CHỨC THỰC HIỆN [organization]",
                "  2 Công chức Tài chính [other]",
            ]
        );
    }

    #[test]
    fn documents_issued_after_the_closing_are_attachments() {
        let d = doc("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Quyết định có hiệu lực từ ngày ký.\nNơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\nKẾ HOẠCH\nThực hiện Chương trình năm 2024\n(Ban hành kèm theo Quyết định số 1/QĐ-UBND)\nI. MỤC TIÊU\nGiảm tỷ lệ hộ nghèo.\nII. TỔ CHỨC THỰC HIỆN\nCác phòng thực hiện.\nPHỤ LỤC\nKẾ HOẠCH VỐN NĂM 2024\n(Kèm theo Kế hoạch số 1/KH-UBND)\nI. VỐN ĐẦU TƯ\n");
        assert_eq!(
            outline(&d.sections),
            [
                "Điều 1 Ban hành kèm theo Quyết định này Kế hoạch [other]",
                "Điều 2 Quyết định có hiệu lực từ ngày ký [other]",
                "I MỤC TIÊU [objectives]",
                "II TỔ CHỨC THỰC HIỆN [organization]",
            ],
            "the annex's table titled like a plan is no document"
        );
        assert_eq!(d.attachments.len(), 1);
        assert_eq!(d.attachments[0].sections, ["s3", "s4"]);
        assert_eq!(d.closing.signer.as_deref(), Some("Nguyễn Văn An"));
    }

    #[test]
    fn a_noted_kind_heading_before_the_closing_is_no_attachment() {
        let d = doc("KẾ HOẠCH\nThực hiện Chương trình năm 2024\n(Ban hành kèm theo Quyết định số 1/QĐ-UBND)\nI. MỤC TIÊU\nKẾ HOẠCH\n(Kèm theo Kế hoạch số 2/KH-UBND)\nII. TỔ CHỨC THỰC HIỆN\nNơi nhận:\n- Lưu: VT.\n");
        assert!(d.attachments.is_empty());
        assert_eq!(
            d.title_text().as_deref(),
            Some("Thực hiện Chương trình năm 2024")
        );
        assert_eq!(d.sections.len(), 2);
    }

    #[test]
    fn closing_is_not_swallowed_by_the_last_section() {
        let d = doc("KẾ HOẠCH\nI. TỔ CHỨC THỰC HIỆN\nCác đơn vị thực hiện./.\nNơi nhận:\n- Phòng Lao động;\n- Lưu VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Tuấn\nPHỤ LỤC\nBảng số liệu\n");
        assert_eq!(d.sections[0].text, "Các đơn vị thực hiện./.");
        assert_eq!(d.closing.recipients, ["Phòng Lao động", "Lưu VT"]);
        assert_eq!(d.closing.signer.as_deref(), Some("Nguyễn Văn Tuấn"));
        assert_eq!(
            d.closing.signature,
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        );
        assert_eq!(
            d.closing.annex.as_ref().unwrap().text,
            "PHỤ LỤC\nBảng số liệu"
        );
    }
}
