//! The section tree of one document from the numbering of its paragraphs.
//!
//! Levels come from numbering styles, not from markdown levels (OCR gets
//! those wrong: seed 003 puts "## **2. Công chức ...**" under "## V."): the
//! first style seen opens a level, a style already open closes back to it.
//! The divisions of legal texts and Roman numerals hold one another in a
//! fixed order (Chương > Mục > Điều > I.) whatever comes first, and close
//! every level under them. Numbers are kept as written, even when the source
//! repeats or skips one (seed 003: II, II, III, V).
//!
//! A numbered paragraph inside a quotation that opens with a numbered item
//! is quoted text, not structure: the article an amendment rewrites ("Sửa đổi
//! Điều 6 như sau: “Điều 6. …”") stays in the text of the article quoting it.

use std::ops::Range;

use super::kinds;
use crate::model::{Section, Span};
use crate::normalize::{Markup, Normalized, Paragraph};
use crate::vi::marker::{leading_marker, Marker, MarkerKind};

pub struct Heading {
    pub paragraph: usize,
    marker: Marker,
    /// The paragraph under a bare number that holds its name ("Chương I" / "QUY ĐỊNH CHUNG").
    name: Option<usize>,
}

/// The headings among paragraphs `range`: numbered paragraphs outside tables and quotations.
pub fn headings(norm: &Normalized, range: Range<usize>) -> Vec<Heading> {
    let quoted = quoted_paragraphs(norm, range.clone());
    let text = |i: usize| norm.paragraph_text(&norm.paragraphs[i]);
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        crate::budget::check("segment");
        let marker = (!quoted[i - range.start])
            .then(|| heading_marker(text(i), norm.paragraphs[i].markup))
            .flatten();
        if let Some(marker) = marker {
            let bare = text(i)[marker.len..].trim().is_empty();
            let name = (bare && i + 1 < range.end && !quoted[i + 1 - range.start])
                .then_some(i + 1)
                .filter(|&n| names_a_heading(text(n), norm.paragraphs[n].markup));
            out.push(Heading {
                paragraph: i,
                marker,
                name,
            });
            if name.is_some() {
                i += 1;
            }
        }
        i += 1;
    }
    out
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

/// A line in capitals that is no numbered item: the name under a bare number.
fn names_a_heading(text: &str, markup: Markup) -> bool {
    let letters = || text.chars().filter(|c| c.is_alphabetic());
    !matches!(markup, Markup::PipeRow | Markup::TableLine)
        && leading_marker(text).is_none()
        && letters().count() >= 3
        && letters().all(|c| !c.is_lowercase())
}

/// The longest quotation, in paragraphs: an amendment quotes an article or
/// a few, and a search for a lost closing mark must not grow with the text.
const QUOTATION_MAX: usize = 400;

/// Which paragraphs of `range` are inside a quotation that opens with a
/// numbered item. A quotation that never closes quotes nothing: a lost
/// closing mark must not hide the rest of the document's structure.
fn quoted_paragraphs(norm: &Normalized, range: Range<usize>) -> Vec<bool> {
    let text = |i: usize| norm.paragraph_text(&norm.paragraphs[i]).trim_start();
    let mut quoted = vec![false; range.len()];
    let mut i = range.start;
    while i < range.end {
        let opens = text(i)
            .strip_prefix(['“', '"'])
            .and_then(|rest| leading_marker(rest.trim_start()))
            .is_some_and(|m| m.kind != MarkerKind::Bullet);
        if opens {
            let mut quotes = Quotes::default();
            let until = range.end.min(i + QUOTATION_MAX);
            if let Some(close) = (i..until).find(|&j| quotes.closed_after(text(j))) {
                quoted[i - range.start..=close - range.start].fill(true);
                i = close + 1;
                continue;
            }
        }
        i += 1;
    }
    quoted
}

/// Open quotation marks, curly ones counted and straight ones paired.
#[derive(Default)]
struct Quotes {
    curly: i64,
    straight: usize,
}

impl Quotes {
    fn closed_after(&mut self, text: &str) -> bool {
        for c in text.chars() {
            match c {
                '“' => self.curly += 1,
                '”' => self.curly -= 1,
                '"' => self.straight += 1,
                _ => {}
            }
        }
        self.curly <= 0 && self.straight.is_multiple_of(2)
    }
}

/// Sections of one document from its headings, with their depths, in order;
/// `body_end` is the paragraph where its body stops (its closing).
pub fn flat_sections(
    norm: &Normalized,
    headings: &[Heading],
    body_end: usize,
) -> Vec<(u32, Section)> {
    let mut styles: Vec<MarkerKind> = Vec::new();
    let mut flat: Vec<(u32, Section)> = Vec::with_capacity(headings.len());
    for (h_index, h) in headings.iter().enumerate() {
        crate::budget::check("segment");
        let style = h.marker.kind;
        open_level(&mut styles, style);
        let depth = styles.len() as u32;
        let para: &Paragraph = &norm.paragraphs[h.paragraph];
        let own = &norm.paragraph_text(para)[h.marker.len..];
        let (heading, inline) = match h.name {
            Some(n) => (clean_heading(norm.paragraph_text(&norm.paragraphs[n])), ""),
            None => split_heading(own, style),
        };
        let body_from = h.name.unwrap_or(h.paragraph) + 1;
        let next = headings.get(h_index + 1).map_or(body_end, |n| n.paragraph);
        let own_end = if next > h.paragraph + 1 {
            norm.paragraphs[next - 1].end
        } else {
            para.end
        };
        let mut body = inline.to_string();
        for p in &norm.paragraphs[body_from.min(next)..next] {
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
    flat
}

/// The rank of a style that holds others in a fixed order; None for the
/// styles whose level depends on what came before them. A "Mục" divides a
/// chapter: outside one it is a numbered item like any other.
fn rank(style: MarkerKind, in_chapter: bool) -> Option<u8> {
    match style {
        MarkerKind::Chapter => Some(0),
        MarkerKind::Division if in_chapter => Some(1),
        MarkerKind::Article => Some(2),
        MarkerKind::Roman => Some(3),
        _ => None,
    }
}

/// Opens `style`'s level on the stack of open styles.
fn open_level(styles: &mut Vec<MarkerKind>, style: MarkerKind) {
    let in_chapter = styles.contains(&MarkerKind::Chapter);
    let rank = |s: MarkerKind| rank(s, in_chapter);
    match rank(style) {
        Some(r) => {
            while styles
                .last()
                .is_some_and(|&top| rank(top).is_none_or(|t| t >= r))
            {
                styles.pop();
            }
            styles.push(style);
        }
        None => match styles.iter().rposition(|&s| s == style) {
            Some(p) => styles.truncate(p + 1),
            None => styles.push(style),
        },
    }
}

/// Builds the tree from (depth, section) in document order, assigning ids and
/// stretching each span over its children.
pub fn nest(flat: Vec<(u32, Section)>, prefix: &str) -> Vec<Section> {
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
/// Roman numerals and chapters name their whole line.
fn split_heading(rest: &str, style: MarkerKind) -> (String, &str) {
    let rest = rest.trim();
    if matches!(
        style,
        MarkerKind::Roman | MarkerKind::Chapter | MarkerKind::Division
    ) {
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
        .trim_end_matches(['.', ':', ';', ',', '/'])
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_ranks_close_what_is_under_them() {
        let mut styles = Vec::new();
        let mut depths = Vec::new();
        for style in [
            MarkerKind::Chapter,
            MarkerKind::Article,
            MarkerKind::Arabic(1),
            MarkerKind::Letter,
            MarkerKind::Article,
            MarkerKind::Chapter,
            MarkerKind::Division,
            MarkerKind::Article,
        ] {
            open_level(&mut styles, style);
            depths.push(styles.len());
        }
        assert_eq!(depths, [1, 2, 3, 4, 2, 1, 2, 3]);
    }

    #[test]
    fn a_division_outside_a_chapter_takes_its_level_from_order() {
        let mut styles = Vec::new();
        let depths: Vec<usize> = [
            MarkerKind::Roman,
            MarkerKind::Division,
            MarkerKind::Arabic(1),
            MarkerKind::Roman,
        ]
        .into_iter()
        .map(|s| {
            open_level(&mut styles, s);
            styles.len()
        })
        .collect();
        assert_eq!(depths, [1, 2, 3, 1]);
    }

    #[test]
    fn roman_numerals_open_the_top_of_a_plan() {
        let mut styles = Vec::new();
        let depths: Vec<usize> = [
            MarkerKind::Arabic(1),
            MarkerKind::Roman,
            MarkerKind::Arabic(1),
            MarkerKind::Arabic(2),
            MarkerKind::Letter,
            MarkerKind::Roman,
        ]
        .into_iter()
        .map(|s| {
            open_level(&mut styles, s);
            styles.len()
        })
        .collect();
        assert_eq!(depths, [1, 1, 2, 3, 4, 1]);
    }

    #[test]
    fn quotation_marks_balance_over_paragraphs() {
        let mut q = Quotes::default();
        assert!(!q.closed_after("“Điều 6. Lập kế hoạch"));
        assert!(!q.closed_after("1. Kế hoạch “năm” được lập"));
        assert!(q.closed_after("2. Hằng năm.”"));
        let mut straight = Quotes::default();
        assert!(!straight.closed_after("\"Điều 7. Giám sát"));
        assert!(straight.closed_after("Nội dung giám sát.\""));
    }
}
