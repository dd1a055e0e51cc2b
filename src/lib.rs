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
pub mod data;
pub mod eval;
pub mod extract;
pub mod index;
pub mod model;
pub mod normalize;
pub mod read;
pub mod report;
pub mod segment;
pub mod synth;
pub mod vi;
pub mod write;

use thiserror::Error;

use model::{Plan, Source, SCHEMA_VERSION};

#[derive(Debug, Error)]
pub enum PlanError {
    #[error(transparent)]
    Read(#[from] read::ReadError),
    #[error("not a plan: {0}")]
    NotAPlan(&'static str),
}

/// Stable plan id from the source bytes.
pub fn plan_id(bytes: &[u8]) -> (String, String) {
    let hash = blake3::hash(bytes).to_hex().to_string();
    (hash[..16].to_string(), hash)
}

/// Runs every stage over one file's bytes. `path` is recorded, and read
/// again only for a PDF, whose engines work on the file.
pub fn process(path: &str, bytes: &[u8]) -> Result<Plan, PlanError> {
    let (source, pages) = read::read_source(std::path::Path::new(path), bytes)?;
    let normalized = normalize::normalize(&source);
    let document = segment::segment(normalized);
    if document.sections.is_empty() {
        return Err(PlanError::NotAPlan(
            "no numbered sections (a truncated file, or not a plan)",
        ));
    }
    if document.doc_type.is_none() && document.sections.len() < 2 {
        return Err(PlanError::NotAPlan(
            "no document kind line (KẾ HOẠCH, ...) and a single section",
        ));
    }
    let extracted = extract::extract(&document);
    let (id, hash) = plan_id(bytes);
    Ok(Plan {
        schema_version: SCHEMA_VERSION,
        id,
        source: Source {
            path: path.to_string(),
            hash,
            format: source.format.name().to_string(),
            encoding: source.encoding.to_string(),
            bytes: bytes.len() as u64,
            pages: pages
                .iter()
                .map(|p| model::PageInfo {
                    number: p.number,
                    engine: p.engine.to_string(),
                    chars: p.chars,
                })
                .collect(),
        },
        metadata: extracted.metadata,
        text: document.norm.text.clone(),
        preamble: document.preamble.clone(),
        sections: extracted.sections,
        closing: document.closing.clone(),
        footnotes: document.footnotes.clone(),
        citations: extracted.citations,
        targets: extracted.targets,
        programmes: extracted.programmes,
        projects: extracted.projects,
        assignments: extracted.assignments,
        tables: extracted.tables,
        warnings: extracted
            .warnings
            .into_iter()
            .chain(pages.iter().filter(|p| p.engine == "tesseract").map(|p| {
                format!(
                    "page {} was read by OCR: its numbers are less certain",
                    p.number
                )
            }))
            .collect(),
    })
}
