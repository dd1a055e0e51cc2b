//! Blocks written as the markdown the pipeline reads (see `read::Format`).
//!
//! Paragraphs are hard breaks: two blank lines between them, more than any
//! paragraph gap the unwrapper uses, so it never joins what Word kept apart.
//! Two kinds of paragraphs are lines of a display block instead, one line
//! each with no blank between, as a PDF gives them, for the unwrapper to
//! join by the same rules: the paragraphs of one cell of a layout table
//! (the header's "ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG" / "Số: ...", the
//! signature), and runs of centred paragraphs (a title that the typist
//! broke with Enter: "Tăng cường công tác ..." / "và xây dựng ... năm 2026").
//! Layout tables are read cell by cell in reading order; data tables become
//! pipe rows.

use once_cell::sync::Lazy;
use regex::Regex;

use super::body::{Block, Cell, Paragraph, Table};
use crate::vi::key::fold;
use crate::vi::marker::closing_line;

const PARAGRAPH_BREAK: &str = "\n\n\n";

/// Layout tables are small: at most this many grid columns and rows.
const LAYOUT_MAX_COLUMNS: usize = 3;
const LAYOUT_MAX_ROWS: usize = 6;

// The header block of an administrative document: its number and the
// national motto (folded, so "CỘNG HOÀ" and "Cộng hòa" match).
static HEADER_CUE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:so\s*:|cong hoa xa hoi chu nghia viet nam)").unwrap());

/// The document as markdown, the notes' bodies last as `[^N]: text` lines.
pub fn render(blocks: &[Block], notes: &[String]) -> String {
    let mut chunks = Vec::new();
    write_blocks(blocks, &mut chunks);
    for (i, note) in notes.iter().enumerate() {
        if !note.trim().is_empty() {
            chunks.push(format!("[^{}]: {}", i + 1, escape(note.trim())));
        }
    }
    let mut out = chunks.join(PARAGRAPH_BREAK);
    out.push('\n');
    out
}

/// A note's or a cell's text on one line, without markup.
pub fn plain(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                parts.push(text_of(p));
                parts.push(plain(&p.anchored));
            }
            Block::Table(t) => {
                for cell in t.rows.iter().flatten() {
                    parts.push(plain(&cell.blocks));
                }
            }
        }
    }
    let joined = parts.join(" ");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Blocks in order, each run of centred paragraphs as one display block.
fn write_blocks(blocks: &[Block], chunks: &mut Vec<String>) {
    let display = |b: &Block| match b {
        Block::Paragraph(p) => p.centered && p.anchored.is_empty() && !text_of(p).trim().is_empty(),
        Block::Table(_) => false,
    };
    let mut i = 0;
    while i < blocks.len() {
        let run = blocks[i..].iter().take_while(|b| display(b)).count();
        if run < 2 {
            write_block(&blocks[i], chunks);
            i += 1;
            continue;
        }
        let lines: Vec<String> = blocks[i..i + run]
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => paragraph_line(p, None),
                Block::Table(_) => None,
            })
            .collect();
        chunks.push(lines.join("\n"));
        i += run;
    }
}

fn write_block(block: &Block, chunks: &mut Vec<String>) {
    match block {
        Block::Paragraph(p) => {
            if let Some(line) = paragraph_line(p, p.heading) {
                chunks.push(line);
            }
            write_blocks(&p.anchored, chunks);
        }
        Block::Table(t) if is_layout(t) => {
            for cell in t.rows.iter().flatten().filter(|c| !c.continued) {
                write_cell(cell, chunks);
            }
        }
        Block::Table(t) => {
            let rows = pipe_rows(t);
            if !rows.is_empty() {
                chunks.push(rows.join("\n"));
            }
        }
    }
}

/// A layout cell: its paragraphs as lines of one chunk, its tables apart.
fn write_cell(cell: &Cell, chunks: &mut Vec<String>) {
    let mut lines: Vec<String> = Vec::new();
    for block in &cell.blocks {
        match block {
            Block::Paragraph(p) if p.anchored.is_empty() => lines.extend(paragraph_line(p, None)),
            other => {
                if !lines.is_empty() {
                    chunks.push(lines.join("\n"));
                    lines.clear();
                }
                write_block(other, chunks);
            }
        }
    }
    if !lines.is_empty() {
        chunks.push(lines.join("\n"));
    }
}

/// Whether a table only places text side by side: the header block, the
/// signature, a frame around a paragraph. One column is never data; a small
/// table is layout when nothing is drawn around its cells or when it holds
/// the header's or the closing's lines.
fn is_layout(t: &Table) -> bool {
    let columns = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    if columns <= 1 {
        return true;
    }
    columns <= LAYOUT_MAX_COLUMNS
        && t.rows.len() <= LAYOUT_MAX_ROWS
        && (!t.bordered || t.rows.iter().flatten().any(holds_layout_cue))
}

fn holds_layout_cue(cell: &Cell) -> bool {
    cell.blocks.iter().any(|b| match b {
        Block::Paragraph(p) => {
            let text = text_of(p);
            closing_line(&text).is_some() || HEADER_CUE.is_match(&fold(text.trim()))
        }
        Block::Table(t) => t.rows.iter().flatten().any(holds_layout_cue),
    })
}

fn pipe_rows(t: &Table) -> Vec<String> {
    let mut rows = Vec::new();
    for row in &t.rows {
        let mut cells = Vec::new();
        for cell in row {
            let text = if cell.continued {
                String::new()
            } else {
                escape(&plain(&cell.blocks))
            };
            cells.push(text);
            cells.extend(std::iter::repeat_n(String::new(), cell.span - 1));
        }
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push(format!("| {} |", cells.join(" | ")));
        if rows.len() == 1 {
            rows.push(format!("|{}", " --- |".repeat(cells.len())));
        }
    }
    rows
}

/// A paragraph's text: its number, its runs, its footnote markers.
fn text_of(p: &Paragraph) -> String {
    p.pieces.iter().map(|piece| piece.text.as_str()).collect()
}

/// A paragraph as one markdown line (or several, at its line breaks), a
/// heading of level `heading`.
fn paragraph_line(p: &Paragraph, heading: Option<u8>) -> Option<String> {
    let text: String = p
        .pieces
        .iter()
        .map(|piece| {
            if piece.marker {
                piece.text.clone()
            } else {
                escape(&piece.text)
            }
        })
        .collect();
    let lines: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return None;
    }
    if let Some(level) = heading {
        let hashes = "#".repeat(level.min(6) as usize);
        return Some(format!("{hashes} {}", lines.join(" ")));
    }
    let mut weights = p.pieces.iter().filter_map(|piece| piece.bold).peekable();
    let bold = weights.peek().is_some() && weights.all(|b| b);
    let body = lines.join("\n");
    Some(if bold { format!("**{body}**") } else { body })
}

/// Backslash before the characters markdown reads as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '|' | '[' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
