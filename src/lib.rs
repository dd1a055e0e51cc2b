//! vnplan turns Vietnamese poverty-reduction plans into structured, searchable data.
//!
//! The pipeline is a chain of pure stages, each a module with a small typed
//! interface; I/O lives at the edges ([`read`], [`write`], the CLI in `cmd`):
//!
//! ```text
//! read::decode -> normalize::normalize -> segment::segment -> extract::extract -> write
//!   SourceText      Normalized              Document            Plan
//! ```
//!
//! [`process`] runs the whole chain on bytes already read.

pub mod batch;
pub mod budget;
pub mod compare;
pub mod data;
pub mod eval;
pub mod extract;
pub mod gazetteer;
pub mod index;
pub mod model;
pub mod normalize;
pub mod read;
pub mod report;
pub mod segment;
pub mod serve;
pub mod synth;
pub mod vi;
pub mod write;

use thiserror::Error;

use model::{Plan, Source, SCHEMA_VERSION};

#[derive(Debug, Error)]
pub enum PlanError {
    #[error(transparent)]
    Read(#[from] read::ReadError),
    /// The text shows none of what makes an administrative document.
    #[error("not a document: {0}")]
    NotADocument(&'static str),
}

/// Stable plan id from the source bytes.
pub fn plan_id(bytes: &[u8]) -> (String, String) {
    let hash = blake3::hash(bytes).to_hex().to_string();
    (hash[..16].to_string(), hash)
}

/// Runs every stage over one file's bytes. `path` is recorded, and read
/// again only for a PDF, whose engines work on the file.
pub fn process(path: &str, bytes: &[u8]) -> Result<Plan, PlanError> {
    let (source, reading) = read::read_source(std::path::Path::new(path), bytes)?;
    let normalized = normalize::normalize(&source);
    let (format, encoding) = (source.format, source.encoding);
    // The decoded text is not read again: freed before the stages that follow.
    drop(source);
    let document = segment::segment(normalized);
    if let Some(reason) = not_a_document(&document) {
        return Err(PlanError::NotADocument(reason));
    }
    let extracted = extract::extract(&document);
    let truncated = cut_short(&document);
    let (id, hash) = plan_id(bytes);
    Ok(Plan {
        schema_version: SCHEMA_VERSION,
        id,
        source: Source {
            path: path.to_string(),
            hash,
            format: format.name().to_string(),
            encoding: encoding.to_string(),
            bytes: bytes.len() as u64,
            pages: reading.pages,
            signatures: reading.signatures,
        },
        metadata: extracted.metadata,
        // Moved, not copied: the text is the largest thing a plan holds.
        text: document.norm.text,
        preamble: document.preamble,
        sections: extracted.sections,
        closing: document.closing,
        attachments: document.attachments,
        footnotes: document.footnotes,
        citations: extracted.citations,
        targets: extracted.targets,
        programmes: extracted.programmes,
        projects: extracted.projects,
        assignments: extracted.assignments,
        tables: extracted.tables,
        warnings: extracted
            .warnings
            .into_iter()
            .chain(reading.warnings)
            .chain(truncated)
            .collect(),
    })
}

/// Why a text is not an administrative document, if it is not: it has no
/// kind line or subject line, no header (number, national motto), no
/// signature or recipients, and not two top-level sections. Anything that
/// has one of them is read with what it has.
fn not_a_document(document: &segment::Document) -> Option<&'static str> {
    let opened = document.opening.is_some();
    let headed = document
        .header
        .iter()
        .any(|&i| segment::header::header_line(document.paragraph(i)).is_some());
    let closed = document.closing.span.is_some();
    let structured = document.sections.len() >= 2;
    (!(opened || headed || closed || structured)).then_some(
        "no kind line (KẾ HOẠCH, QUYẾT ĐỊNH, ...) or subject (V/v), \
         no header (Số:, the national motto), no signature and no numbered sections",
    )
}

/// A warning when the text stops mid-sentence and no closing block
/// (recipients, signature) follows: the end of the file, or the last pages
/// of a PDF, are likely missing. Written anyway: what is there is still a plan.
fn cut_short(document: &segment::Document) -> Option<String> {
    const SENTENCE_ENDS: &[char] = &['.', '!', '?', ':', ';', ')', '”', '"', '…', '*', '|'];
    let last = document.text().trim_end().chars().last()?;
    (document.closing.span.is_none() && !SENTENCE_ENDS.contains(&last)).then(|| {
        "the text ends mid-sentence with no closing block (recipients, signature): \
         the file may be truncated"
            .to_string()
    })
}
