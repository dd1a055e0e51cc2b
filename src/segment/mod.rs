//! Segment: normalised paragraphs in, a [`Document`] out: header, title,
//! preamble, the section tree, and the closing (recipients, signature, annex).
//!
//! Section levels come from numbering styles, not from markdown levels (OCR
//! gets those wrong: seed 003 puts "## **2. Công chức ...**" under "## V."):
//! the first style seen opens a level, a style already open closes back to
//! it. Roman numerals always open the top level. Numbers are kept as written,
//! even when the source repeats or skips one (seed 003: II, II, III, V).

pub mod closing;
pub mod kinds;

use crate::model::{Closing, Footnote, Location, Passage, Section, Span};
use crate::normalize::{Markup, Normalized, Paragraph};
use crate::vi::marker::{leading_marker, Marker, MarkerKind};

/// A plan's text with its structure: what every extractor reads.
#[derive(Debug, Clone)]
pub struct Document {
    pub norm: Normalized,
    /// Paragraphs before the document-kind line ("ỦY BAN NHÂN DÂN", "Số: ...", place and date).
    pub header: Vec<usize>,
    /// The paragraph naming the document kind ("KẾ HOẠCH").
    pub doc_type: Option<usize>,
    /// Paragraphs of the title, after the kind line.
    pub title: Vec<usize>,
    pub preamble: Option<Passage>,
    pub sections: Vec<Section>,
    pub closing: Closing,
    pub footnotes: Vec<Footnote>,
}

impl Document {
    pub fn text(&self) -> &str {
        &self.norm.text
    }

    pub fn paragraph(&self, i: usize) -> &str {
        self.norm.paragraph_text(&self.norm.paragraphs[i])
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

    /// The byte range of the body: from the end of the title to the closing.
    pub fn body_span(&self) -> Span {
        let start = self
            .title
            .last()
            .or(self.doc_type.as_ref())
            .map_or(0, |&i| self.norm.paragraphs[i].end);
        let end = self.closing.span.map_or(self.norm.text.len(), |s| s.start);
        Span::new(start, end.max(start))
    }
}

struct Heading {
    paragraph: usize,
    marker: Marker,
}

pub fn segment(norm: Normalized) -> Document {
    let paras = &norm.paragraphs;
    let text_of = |i: usize| norm.paragraph_text(&paras[i]);
    let closing_start = closing::find_start(&norm);
    let body_end = closing_start.unwrap_or(paras.len());

    let doc_type = (0..body_end.min(40)).find(|&i| kinds::doc_kind_heading(text_of(i)).is_some());
    let headings: Vec<Heading> = (doc_type.map_or(0, |d| d + 1)..body_end)
        .filter_map(|i| {
            crate::budget::check("segment");
            heading_marker(text_of(i), paras[i].markup).map(|marker| Heading {
                paragraph: i,
                marker,
            })
        })
        .collect();
    let first_section = headings.first().map_or(body_end, |h| h.paragraph);
    let header: Vec<usize> = (0..doc_type.unwrap_or(0)).collect();
    let title = doc_type.map_or_else(Vec::new, |d| title_paragraphs(&norm, d + 1, first_section));
    let preamble_start = title.last().or(doc_type.as_ref()).map_or(0, |&i| i + 1);
    let preamble = passage(&norm, preamble_start, first_section);
    let sections = build_tree(&norm, &headings, body_end);
    let closing = closing::parse(&norm, closing_start);
    let mut doc = Document {
        norm,
        header,
        doc_type,
        title,
        preamble,
        sections,
        closing,
        footnotes: Vec::new(),
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

/// The marker of a paragraph that is a section heading, if it is one.
fn heading_marker(text: &str, markup: Markup) -> Option<Marker> {
    if matches!(markup, Markup::PipeRow | Markup::TableLine) {
        return None;
    }
    let marker = leading_marker(text)?;
    match marker.kind {
        MarkerKind::Bullet => None,
        // A Roman numeral opens a section when its heading is in capitals or marked up.
        MarkerKind::Roman => {
            let heading = &text[marker.len..];
            let letters: Vec<char> = heading.chars().filter(|c| c.is_alphabetic()).collect();
            let upper = letters.iter().filter(|c| c.is_uppercase()).count();
            let marked = matches!(markup, Markup::Heading(_) | Markup::Bold);
            (marked || letters.is_empty() || upper * 10 >= letters.len() * 7).then_some(marker)
        }
        _ => Some(marker),
    }
}

/// Title paragraphs: after the kind line, before the first paragraph that
/// starts the preamble (a sentence or a section).
fn title_paragraphs(norm: &Normalized, from: usize, until: usize) -> Vec<usize> {
    const PREAMBLE_OPENERS: [&str; 6] =
        ["căn cứ", "thực hiện", "theo ", "trên cơ sở", "nhằm ", "để "];
    let mut out = Vec::new();
    for i in from..until.min(from + 3) {
        let text = norm.paragraph_text(&norm.paragraphs[i]);
        let lower = text.to_lowercase();
        let sentence = text.len() > 300 || text.trim_end().ends_with([';', '.']) && !out.is_empty();
        let opener = !out.is_empty() && PREAMBLE_OPENERS.iter().any(|o| lower.starts_with(o));
        if sentence || opener {
            break;
        }
        out.push(i);
        // A title in sentence case is one paragraph; a capitalised one may wrap.
        if !text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        {
            break;
        }
    }
    out
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

fn build_tree(norm: &Normalized, headings: &[Heading], body_end: usize) -> Vec<Section> {
    // Flat list with depths first, then nest.
    let mut styles: Vec<MarkerKind> = Vec::new();
    let mut flat: Vec<(u32, Section)> = Vec::with_capacity(headings.len());
    for (h_index, h) in headings.iter().enumerate() {
        crate::budget::check("segment");
        let style = h.marker.kind;
        if style == MarkerKind::Roman {
            styles.clear();
        }
        match styles.iter().position(|&s| s == style) {
            Some(p) => styles.truncate(p + 1),
            None => styles.push(style),
        }
        let depth = styles.len() as u32;
        let para: &Paragraph = &norm.paragraphs[h.paragraph];
        let text = norm.paragraph_text(para);
        let (heading, inline) = split_heading(&text[h.marker.len..], style);
        let next = headings.get(h_index + 1).map_or(body_end, |n| n.paragraph);
        let own_end = if next > h.paragraph + 1 {
            norm.paragraphs[next - 1].end
        } else {
            para.end
        };
        let mut body = inline.to_string();
        for p in &norm.paragraphs[h.paragraph + 1..next] {
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(norm.paragraph_text(p));
        }
        let section = Section {
            id: String::new(),
            number: h.marker.label.clone(),
            depth,
            kind: kinds::section_kind(&heading).to_string(),
            heading,
            text: body,
            span: Span::new(para.start, own_end),
            line: para.source_line,
            projects: Vec::new(),
            children: Vec::new(),
        };
        flat.push((depth, section));
    }
    nest(flat, "s")
}

/// Builds the tree from (depth, section) in document order, assigning ids and
/// stretching each span over its children.
fn nest(flat: Vec<(u32, Section)>, prefix: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut iter = flat.into_iter().peekable();
    while let Some((depth, mut section)) = iter.next() {
        let mut children = Vec::new();
        while let Some((d, _)) = iter.peek() {
            if *d <= depth {
                break;
            }
            children.push(iter.next().unwrap());
        }
        section.id = format!("{prefix}{}", out.len() + 1);
        section.children = nest(children, &format!("{}.", section.id));
        if let Some(last) = section.children.last() {
            section.span.end = section.span.end.max(last.span.end);
        }
        for child in &mut section.children {
            child.depth = section.depth + 1;
        }
        out.push(section);
    }
    out
}

/// Splits "Mục đích: Phấn đấu đạt ..." into heading and inline text. A long
/// numbered paragraph without a colon keeps its first clause as heading.
fn split_heading(rest: &str, style: MarkerKind) -> (String, &str) {
    let rest = rest.trim();
    if style == MarkerKind::Roman {
        let heading = clean_heading(rest);
        return (
            kinds::repair_heading(&heading).map_or(heading, str::to_string),
            "",
        );
    }
    let clause_end = |chars: &[char]| rest.find(chars);
    if let Some(colon) = clause_end(&[':'])
        .filter(|&c| c <= 160 && rest[..c].matches('(').count() == rest[..c].matches(')').count())
    {
        let inline = rest[colon + 1..].trim();
        return (clean_heading(&rest[..colon]), inline);
    }
    if rest.chars().count() <= 200 {
        return (clean_heading(rest), "");
    }
    match clause_end(&['.', ';']).filter(|&c| c <= 300) {
        Some(end) => (clean_heading(&rest[..end]), rest[end + 1..].trim()),
        None => (clean_heading(rest), ""),
    }
}

fn clean_heading(text: &str) -> String {
    text.trim()
        .trim_end_matches(['.', ':', ';', ','])
        .trim()
        .to_string()
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
