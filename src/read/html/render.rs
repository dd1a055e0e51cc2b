//! The document's body as markdown: blocks become paragraphs (a blank line
//! between them), `<br>` a line break, headings `#` lines, bold `**bold**`,
//! list items their bullet or number, tables what [`super::table`] makes
//! of them, and footnotes what [`super::footnotes`] does.
//!
//! The walk is iterative (ego_tree's open/close edges), so a page of
//! thousands of unclosed nested elements cannot overflow the stack.

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{node::Element, ElementRef, Node};

use super::footnotes;
use super::page::{is_skipped, Page};
use super::table;
use crate::vi::marker::leading_marker;

/// Elements that start and end a block of text.
const BLOCKS: [&str; 38] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

pub fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// Markdown of `root` and what it holds.
pub fn markdown(page: &Page, root: ElementRef) -> String {
    let mut writer = Writer::default();
    walk(page, root, &mut writer);
    footnotes::append(&mut writer.out, &writer.notes);
    writer.out
}

fn walk(page: &Page, root: ElementRef, w: &mut Writer) {
    let mut skipping: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) if skipping.is_none() => match node.value() {
                Node::Text(text) => w.text(text),
                Node::Element(e) => {
                    let element = ElementRef::wrap(node).unwrap();
                    if is_skipped(element) || page.is_dropped(node.id()) {
                        skipping = Some(node.id());
                    } else if footnotes::is_body(e) && node.id() != root.id() {
                        w.notes.push(markdown(page, element));
                        skipping = Some(node.id());
                    } else if e.name() == "table" && !table::has_nested_table(element) {
                        table::write(page, element, w, |cell| markdown(page, cell));
                        skipping = Some(node.id());
                    } else {
                        w.open(e);
                    }
                }
                _ => {}
            },
            Edge::Open(_) => {}
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if let (None, Node::Element(e)) = (skipping, node.value()) {
                    w.close(e);
                }
            }
        }
    }
    w.block_break();
}

/// Bold by element or by inline style (Word's HTML writes `font-weight:bold`).
fn is_bold(e: &Element) -> bool {
    matches!(e.name(), "b" | "strong")
        || e.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            [
                "font-weight:bold",
                "font-weight:bolder",
                "font-weight:600",
                "font-weight:700",
                "font-weight:800",
                "font-weight:900",
            ]
            .iter()
            .any(|w| s.contains(w))
        })
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// An open `<ul>` or `<ol>`: the numbering style and the next number.
struct List {
    style: Option<char>,
    next: u32,
}

impl List {
    fn new(e: &Element) -> List {
        let ordered = e.name() == "ol";
        List {
            style: ordered.then(|| {
                e.attr("type")
                    .and_then(|t| t.chars().next())
                    .filter(|c| matches!(c, 'a' | 'A' | 'i' | 'I'))
                    .unwrap_or('1')
            }),
            next: e
                .attr("start")
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(1),
        }
    }

    /// The bullet or number the browser would show before the next item.
    fn marker(&mut self) -> String {
        let n = self.next;
        self.next += 1;
        match self.style {
            None => "-".into(),
            Some('a') => format!("{}.", letters(n)),
            Some('A') => format!("{}.", letters(n).to_uppercase()),
            Some('i') => format!("{}.", roman(n).to_lowercase()),
            Some('I') => format!("{}.", roman(n)),
            Some(_) => format!("{n}."),
        }
    }
}

/// 1 -> "a", 26 -> "z", 27 -> "aa", as browsers count.
fn letters(mut n: u32) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Markdown written line by line from the walk's events.
#[derive(Default)]
pub struct Writer {
    out: String,
    /// Runs of the line being written: (text, bold).
    runs: Vec<(String, bool)>,
    pending_space: bool,
    /// A block ended since the last line was written.
    blank_before: bool,
    bold: usize,
    heading: Option<u8>,
    pre: usize,
    lists: Vec<List>,
    /// The marker of the list item whose first line is being written.
    item: Option<String>,
    /// Inside a footnote marker: its number is glued to the word before it.
    marker: usize,
    /// The markdown of the footnote bodies met.
    notes: Vec<String>,
}

impl Writer {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if self.marker > 0 {
                if !c.is_whitespace() && c != '[' && c != ']' {
                    self.pending_space = false;
                    self.push(c);
                }
            } else if c == '\n' && self.pre > 0 {
                self.line_break();
            } else if c.is_whitespace() {
                self.pending_space = !self.runs.is_empty();
            } else {
                self.push(c);
            }
        }
    }

    fn push(&mut self, c: char) {
        let bold = self.bold > 0;
        // A space between two runs goes to the earlier one, so that
        // "<b>A</b> <b>B</b>" stays one bold run.
        if std::mem::take(&mut self.pending_space) {
            if let Some((text, _)) = self.runs.last_mut() {
                text.push(' ');
            }
        }
        match self.runs.last_mut() {
            Some((text, b)) if *b == bold => text.push(c),
            _ => self.runs.push((c.to_string(), bold)),
        }
    }

    fn open(&mut self, e: &Element) {
        let name = e.name();
        if is_bold(e) {
            self.bold += 1;
        }
        self.marker += footnotes::is_marker(e) as usize;
        match name {
            "br" => self.line_break(),
            "ul" | "ol" => {
                self.block_break();
                self.lists.push(List::new(e));
            }
            "li" => {
                self.block_break();
                self.item = Some(
                    self.lists
                        .last_mut()
                        .map_or_else(|| "-".into(), List::marker),
                );
            }
            "pre" => {
                self.block_break();
                self.pre += 1;
            }
            _ if heading_level(name).is_some() => {
                self.block_break();
                self.heading = heading_level(name);
            }
            _ if is_block(name) => self.block_break(),
            _ => {}
        }
    }

    fn close(&mut self, e: &Element) {
        let name = e.name();
        if is_bold(e) {
            self.bold = self.bold.saturating_sub(1);
        }
        if footnotes::is_marker(e) {
            self.marker = self.marker.saturating_sub(1);
        }
        match name {
            "ul" | "ol" => {
                self.lists.pop();
            }
            "pre" => self.pre = self.pre.saturating_sub(1),
            _ => {}
        }
        if is_block(name) {
            self.block_break();
            if heading_level(name).is_some() {
                self.heading = None;
            }
        }
    }

    /// `<br>`: the line ends; an empty line ends the paragraph. A heading is one line.
    fn line_break(&mut self) {
        if self.heading.is_some() {
            self.pending_space = !self.runs.is_empty();
        } else if self.runs.is_empty() {
            self.blank_before = true;
        } else {
            self.flush_line();
        }
    }

    pub fn block_break(&mut self) {
        self.flush_line();
        self.blank_before = true;
    }

    fn flush_line(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        self.pending_space = false;
        let plain: String = runs.iter().map(|(t, _)| t.as_str()).collect();
        let plain = plain.trim();
        if plain.is_empty() {
            return;
        }
        let line = match self.heading {
            Some(level) => format!("{} {plain}", "#".repeat(level as usize)),
            None => with_bold(&runs),
        };
        let line = match self.item.take() {
            Some(marker) if leading_marker(plain).is_none() => format!("{marker} {line}"),
            _ => line,
        };
        self.write_line(&line);
    }

    fn write_line(&mut self, line: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
            if self.blank_before {
                self.out.push('\n');
            }
        }
        self.blank_before = false;
        self.out.push_str(line);
    }

    /// Lines already written as markdown (a table's rows, a layout cell's
    /// paragraphs), as one block.
    pub fn write_block(&mut self, markdown: &str) {
        self.block_break();
        for line in markdown.lines() {
            if line.trim().is_empty() {
                self.blank_before = true;
            } else {
                self.write_line(line);
            }
        }
        self.blank_before = true;
    }
}

/// A line's runs with each bold run as `**run**`, its spaces outside the marks.
fn with_bold(runs: &[(String, bool)]) -> String {
    let mut out = String::new();
    for (text, bold) in runs {
        let inner = text.trim();
        if *bold && !inner.is_empty() {
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            out.push_str(lead);
            out.push_str("**");
            out.push_str(inner);
            out.push_str("**");
            out.push_str(trail);
        } else {
            out.push_str(text);
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn md(body: &str) -> String {
        let html = Html::parse_document(&format!("<html><body>{body}</body></html>"));
        let page = Page::new(&html);
        markdown(&page, page.body())
    }

    #[test]
    fn paragraphs_line_breaks_and_headings() {
        assert_eq!(
            md("<h2>KẾ HOẠCH</h2><p>Thực hiện <span>Chương trình</span>\n  năm 2024</p><p>Dòng một<br>dòng hai<br><br>Đoạn mới</p>"),
            "## KẾ HOẠCH\n\nThực hiện Chương trình năm 2024\n\nDòng một\ndòng hai\n\nĐoạn mới"
        );
        assert_eq!(md("<h3>I. MỤC<br>ĐÍCH</h3>"), "### I. MỤC ĐÍCH");
    }

    #[test]
    fn entities_are_decoded_and_nbsp_is_a_space() {
        assert_eq!(
            md("<p>K&#7871; ho&#x1EA1;ch&nbsp;&nbsp;th&agrave;nh ph&#7889; &amp; x&atilde;</p><p>&nbsp;</p>"),
            "Kế hoạch thành phố & xã"
        );
    }

    #[test]
    fn bold_is_marked_once_with_spaces_outside() {
        assert_eq!(
            md("<p><strong><b>Điều 1. Phạm vi</b><b></b></strong></p>"),
            "**Điều 1. Phạm vi**"
        );
        assert_eq!(
            md("<p><b>1. Mục đích:</b> Phấn đấu</p>"),
            "**1. Mục đích:** Phấn đấu"
        );
        assert_eq!(md("<p><b>A</b> <b>B</b></p>"), "**A B**");
        assert_eq!(
            md(r#"<p><span style="font-weight: bold">Nơi nhận:</span></p>"#),
            "**Nơi nhận:**"
        );
        assert_eq!(
            md("<p><b>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</b></p>"),
            "**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**"
        );
    }

    #[test]
    fn list_items_get_the_marker_the_browser_shows() {
        assert_eq!(
            md("<ul><li>Một</li><li>- Hai</li></ul><ol type=\"a\"><li>Ba</li><li>Bốn</li></ol><ol start=\"3\"><li>Năm</li></ol>"),
            "- Một\n\n- Hai\n\na. Ba\n\nb. Bốn\n\n3. Năm"
        );
        assert_eq!(letters(28), "ab");
        assert_eq!(roman(14), "XIV");
    }

    #[test]
    fn scripts_styles_and_forms_are_not_text() {
        assert_eq!(
            md("<p>Văn bản</p><script>alert(1)</script><style>p{}</style><button>In</button><p>tiếp</p>"),
            "Văn bản\n\ntiếp"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!(
            "{}Kế hoạch{}",
            "<div>".repeat(3_000),
            "</div>".repeat(3_000)
        );
        assert_eq!(md(&deep), "Kế hoạch");
    }
}
