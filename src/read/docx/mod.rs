//! Word files (DOCX, Office Open XML): the package's document part, with
//! its styles, numbering and notes, read into the markdown every structured
//! reader hands the pipeline (see [`crate::read::Format`]).
//!
//! The parts are parsed into trees (roxmltree): tables, text boxes and
//! content controls nest, and a tree walks them in document order with
//! plain recursion. [`body`] walks the story into blocks, rebuilding the
//! numbers Word draws from numbering.xml ([`numbering`]) and reading styles
//! through their chains ([`styles`]); [`markdown`] writes the blocks.

mod body;
mod markdown;
mod numbering;
mod package;
mod styles;
mod symbols;
mod xml;

use super::ReadError;
use body::{NoteParts, Walker};
use numbering::Numbering;
use package::Package;
use styles::Styles;

/// Limits on what one file may unpack to, so a zip bomb is refused with a
/// reason instead of filling memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest part, inflated.
    pub entry_bytes: u64,
    /// All parts read, inflated.
    pub total_bytes: u64,
    /// Entries in the archive.
    pub entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // A 500-page plan's document.xml is about 20 MB.
        Limits {
            entry_bytes: 64 << 20,
            total_bytes: 160 << 20,
            entries: 10_000,
        }
    }
}

fn parse_part<'a>(
    text: &'a Option<String>,
    name: &str,
) -> Result<Option<roxmltree::Document<'a>>, ReadError> {
    text.as_deref().map(|t| xml::parse(t, name)).transpose()
}

/// The document as markdown.
pub fn read(bytes: &[u8], limits: Limits) -> Result<String, ReadError> {
    let parts = Package::open(bytes, limits)?.parts()?;
    let document = xml::parse(&parts.document, "the document part")?;
    let styles_doc = parse_part(&parts.styles, "styles.xml")?;
    let numbering_doc = parse_part(&parts.numbering, "numbering.xml")?;
    let footnotes_doc = parse_part(&parts.footnotes, "footnotes.xml")?;
    let endnotes_doc = parse_part(&parts.endnotes, "endnotes.xml")?;

    let styles = styles_doc
        .as_ref()
        .map_or_else(Styles::default, |d| Styles::parse(d.root_element()));
    let numbering = numbering_doc
        .as_ref()
        .map_or_else(Numbering::default, |d| Numbering::parse(d.root_element()));
    let root = document.root_element();
    if root.tag_name().name() != "document" {
        return Err(ReadError::Office(format!(
            "no Word document part in the package (its main part is a {})",
            root.tag_name().name()
        )));
    }
    let body = xml::child(root, "body")
        .ok_or_else(|| ReadError::Office("the document part has no body".into()))?;
    let parts = NoteParts {
        footnotes: footnotes_doc.as_ref().map(|d| d.root_element()),
        endnotes: endnotes_doc.as_ref().map(|d| d.root_element()),
    };
    let mut walker = Walker::new(&styles, numbering, parts);
    let blocks = walker.blocks(body);
    let referenced = std::mem::take(&mut walker.notes);
    let notes: Vec<String> = referenced
        .into_iter()
        .map(|n| markdown::plain(&walker.blocks(n)))
        .collect();
    Ok(markdown::render(&blocks, &notes))
}

#[cfg(test)]
mod tests;
