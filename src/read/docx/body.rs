//! The document's story walked in order into [`Block`]s: paragraphs with
//! their rebuilt numbers, bold and heading level, tables with their merged
//! cells, text boxes after the paragraph that anchors them, footnote
//! references as markers. What Word would not print is left out: deleted
//! revisions, hidden text, field instructions.

use roxmltree::Node;

use super::numbering::Numbering;
use super::styles::{centered, has_visible_border, NumberingRef, Styles};
use super::{symbols, xml};
use crate::read::legacy;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// 1-based level of a heading style.
    pub heading: Option<u8>,
    pub centered: bool,
    pub pieces: Vec<Piece>,
    /// Text boxes anchored in the paragraph, read after it.
    pub anchored: Vec<Block>,
}

/// Text with its weight; `bold` is None for what has none of its own (the
/// number of a list, a footnote marker).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    pub bold: Option<bool>,
    /// A footnote marker, `[^N]`, written as it is.
    pub marker: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    /// Whether any border of the table or its cells is drawn.
    pub bordered: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub blocks: Vec<Block>,
    /// Grid columns the cell spans (`gridSpan`).
    pub span: usize,
    /// A continuation of the cell above (`vMerge`) or before (`hMerge`).
    pub continued: bool,
}

/// The root elements of the footnotes and endnotes parts.
#[derive(Clone, Copy, Default)]
pub struct NoteParts<'a, 'i> {
    pub footnotes: Option<Node<'a, 'i>>,
    pub endnotes: Option<Node<'a, 'i>>,
}

impl<'a, 'i> NoteParts<'a, 'i> {
    /// The note a reference names, if it has any text.
    fn find(&self, reference: Node) -> Option<Node<'a, 'i>> {
        let part = if reference.tag_name().name() == "footnoteReference" {
            self.footnotes
        } else {
            self.endnotes
        }?;
        let id = xml::attr(reference, "id")?;
        part.children()
            .find(|n| n.is_element() && xml::attr(*n, "id") == Some(id))
            .filter(|n| {
                n.descendants()
                    .any(|d| xml::is(d, "t") && d.text().is_some_and(|t| !t.trim().is_empty()))
            })
    }
}

pub struct Walker<'s, 'a, 'i> {
    styles: &'s Styles,
    numbering: Numbering,
    parts: NoteParts<'a, 'i>,
    /// Notes in the order they are referenced: the marker of the k-th is k+1.
    pub notes: Vec<Node<'a, 'i>>,
    /// Open complex fields: whether each is past its instruction.
    fields: Vec<bool>,
}

/// Properties a run inherits from its paragraph.
struct Inherited {
    bold: bool,
    caps: bool,
}

impl<'s, 'a, 'i> Walker<'s, 'a, 'i> {
    pub fn new(styles: &'s Styles, numbering: Numbering, parts: NoteParts<'a, 'i>) -> Self {
        Walker {
            styles,
            numbering,
            parts,
            notes: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// The blocks of a story: the body, a cell, a text box, a note.
    pub fn blocks(&mut self, container: Node) -> Vec<Block> {
        let mut out = Vec::new();
        for node in container.children().filter(Node::is_element) {
            self.block(node, &mut out);
        }
        out
    }

    fn block(&mut self, node: Node, out: &mut Vec<Block>) {
        match node.tag_name().name() {
            "p" => {
                if let Some(p) = self.paragraph(node) {
                    out.push(Block::Paragraph(p));
                }
            }
            "tbl" => out.push(Block::Table(self.table(node))),
            "sdt" => {
                if let Some(content) = xml::child(node, "sdtContent") {
                    out.extend(self.blocks(content));
                }
            }
            "customXml" | "ins" | "moveTo" => out.extend(self.blocks(node)),
            "AlternateContent" => {
                if let Some(choice) = xml::child(node, "Choice") {
                    out.extend(self.blocks(choice));
                }
            }
            _ => {}
        }
    }

    fn paragraph(&mut self, p: Node) -> Option<Paragraph> {
        crate::budget::check("docx paragraphs");
        let props = xml::child(p, "pPr");
        let style = props.and_then(|x| xml::child_val(x, "pStyle"));
        let direct_outline = props
            .and_then(|x| xml::child_number(x, "outlineLvl"))
            .filter(|&l| l < 9)
            .map(|l| l as u8 + 1);
        let mut para = Paragraph {
            heading: direct_outline.or_else(|| self.styles.heading_level(style)),
            centered: props
                .and_then(centered)
                .or_else(|| self.styles.centered(style))
                .unwrap_or(false),
            ..Paragraph::default()
        };
        let reference = props
            .and_then(NumberingRef::from_props)
            .or_else(|| self.styles.numbering(style))
            .filter(|r| r.num_id != 0);
        if let Some(label) =
            reference.and_then(|r| self.numbering.next_label(r, style, self.styles))
        {
            para.pieces.push(Piece {
                text: label,
                bold: None,
                marker: false,
            });
        }
        let inherited = Inherited {
            bold: self.styles.bold(style).unwrap_or(false),
            caps: self.styles.caps(style).unwrap_or(false),
        };
        self.inline(p, &inherited, &mut para);
        // A table of contents repeats the headings; its fields still count.
        (!self.styles.is_contents(style)).then_some(para)
    }

    fn inline(&mut self, node: Node, inherited: &Inherited, para: &mut Paragraph) {
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "r" => self.run(child, inherited, para),
                "hyperlink" | "smartTag" | "customXml" | "ins" | "moveTo" | "fldSimple" | "bdo"
                | "dir" => self.inline(child, inherited, para),
                "sdt" => {
                    if let Some(content) = xml::child(child, "sdtContent") {
                        self.inline(content, inherited, para);
                    }
                }
                "AlternateContent" => {
                    if let Some(choice) = xml::child(child, "Choice") {
                        self.inline(choice, inherited, para);
                    }
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, r: Node, inherited: &Inherited, para: &mut Paragraph) {
        let props = xml::child(r, "rPr");
        if xml::toggle(props, "vanish") == Some(true) {
            return;
        }
        let char_style = props.and_then(|p| xml::child_val(p, "rStyle"));
        let from_style = |get: fn(&Styles, Option<&str>) -> Option<bool>| {
            char_style.and_then(|s| get(self.styles, Some(s)))
        };
        let bold = xml::toggle(props, "b")
            .or_else(|| from_style(Styles::bold))
            .unwrap_or(inherited.bold);
        let caps = xml::toggle(props, "caps")
            .or_else(|| from_style(Styles::caps))
            .unwrap_or(inherited.caps);
        let font = props
            .and_then(|p| xml::child(p, "rFonts"))
            .and_then(|f| xml::attr(f, "ascii").or_else(|| xml::attr(f, "hAnsi")));
        let legacy = font.and_then(legacy::of_font);
        for item in r.children().filter(Node::is_element) {
            let text: String = match item.tag_name().name() {
                "t" => {
                    let raw = item.text().unwrap_or("");
                    let (raw, capitals) = match legacy {
                        Some((encoding, capitals)) => {
                            (legacy::to_unicode(raw, encoding).into(), capitals)
                        }
                        None => (std::borrow::Cow::Borrowed(raw), false),
                    };
                    let caps = caps || capitals;
                    let mapped: String = raw
                        .chars()
                        .filter_map(|c| {
                            if symbols::is_private(c) {
                                symbols::symbol(font, c as u32)
                            } else {
                                Some(c)
                            }
                        })
                        .collect();
                    if caps {
                        mapped.to_uppercase()
                    } else {
                        mapped
                    }
                }
                "tab" | "ptab" => "\t".into(),
                "br" | "cr" => "\n".into(),
                "noBreakHyphen" => "-".into(),
                "sym" => xml::attr(item, "char")
                    .and_then(|c| u32::from_str_radix(c, 16).ok())
                    .and_then(|code| symbols::symbol(xml::attr(item, "font"), code))
                    .map(String::from)
                    .unwrap_or_default(),
                "fldChar" => {
                    match xml::attr(item, "fldCharType") {
                        Some("begin") => self.fields.push(false),
                        Some("separate") => {
                            if let Some(last) = self.fields.last_mut() {
                                *last = true;
                            }
                        }
                        Some("end") => {
                            self.fields.pop();
                        }
                        _ => {}
                    }
                    continue;
                }
                "footnoteReference" | "endnoteReference" => {
                    // A reference to an empty note marks nothing.
                    if let Some(note) = self.parts.find(item) {
                        self.notes.push(note);
                        para.pieces.push(Piece {
                            text: format!("[^{}]", self.notes.len()),
                            bold: None,
                            marker: true,
                        });
                    }
                    continue;
                }
                "drawing" | "pict" | "object" | "AlternateContent" => {
                    let mut boxes = Vec::new();
                    text_boxes(item, &mut boxes);
                    for content in boxes {
                        let blocks = self.blocks(content);
                        para.anchored.extend(blocks);
                    }
                    continue;
                }
                _ => continue,
            };
            if text.is_empty() || !self.fields.iter().all(|&in_result| in_result) {
                continue;
            }
            let weight = (!text.trim().is_empty()).then_some(bold);
            match para.pieces.last_mut() {
                Some(last) if !last.marker && last.bold == weight => last.text.push_str(&text),
                _ => para.pieces.push(Piece {
                    text,
                    bold: weight,
                    marker: false,
                }),
            }
        }
    }

    fn table(&mut self, tbl: Node) -> Table {
        let props = xml::child(tbl, "tblPr");
        let mut table = Table {
            bordered: props
                .and_then(|p| xml::child(p, "tblBorders"))
                .map(has_visible_border)
                .or_else(|| {
                    props
                        .and_then(|p| xml::child_val(p, "tblStyle"))
                        .and_then(|s| self.styles.table_borders(s))
                })
                .unwrap_or(false),
            rows: Vec::new(),
        };
        for tr in xml::children(tbl, "tr") {
            let deleted = xml::child(tr, "trPr").is_some_and(|p| xml::child(p, "del").is_some());
            if deleted {
                continue;
            }
            // A row that starts right of the grid's first column.
            let before = xml::child(tr, "trPr")
                .and_then(|p| xml::child_number(p, "gridBefore"))
                .map_or(0, |n| n.min(64) as usize);
            let mut row = Vec::new();
            if before > 0 {
                row.push(Cell {
                    span: before,
                    ..Cell::default()
                });
            }
            for tc in xml::children(tr, "tc") {
                let props = xml::child(tc, "tcPr");
                let merge = |name: &str| {
                    props
                        .and_then(|p| xml::child(p, name))
                        .map(|m| xml::attr(m, "val").unwrap_or("continue") == "continue")
                };
                if props
                    .and_then(|p| xml::child(p, "tcBorders"))
                    .is_some_and(has_visible_border)
                {
                    table.bordered = true;
                }
                row.push(Cell {
                    span: props
                        .and_then(|p| xml::child_number(p, "gridSpan"))
                        .map_or(1, |s| s.clamp(1, 64) as usize),
                    continued: merge("vMerge").unwrap_or(false) || merge("hMerge").unwrap_or(false),
                    blocks: self.blocks(tc),
                });
            }
            table.rows.push(row);
        }
        table
    }
}

/// The outermost text boxes at or under `node`; of alternative contents,
/// the first choice (the fallback repeats it).
fn text_boxes<'a, 'i>(node: Node<'a, 'i>, out: &mut Vec<Node<'a, 'i>>) {
    match node.tag_name().name() {
        "txbxContent" => out.push(node),
        "AlternateContent" => {
            if let Some(choice) = xml::child(node, "Choice") {
                text_boxes(choice, out);
            }
        }
        _ => {
            for child in node.children().filter(Node::is_element) {
                text_boxes(child, out);
            }
        }
    }
}
