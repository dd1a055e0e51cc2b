//! Extract: a [`Document`] in, the plan's facts out. Each extractor is a pure
//! function of the document.

pub mod assignments;
pub mod citations;
pub mod locate;
pub mod metadata;
pub mod programmes;
pub mod projects;
pub mod tables;
pub mod targets;

use crate::model::{
    Assignment, Citation, Metadata, ProgrammeRef, ProjectRef, Section, Table, Target,
};
use crate::segment::Document;

/// Everything the extractors find in one document.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub metadata: Metadata,
    /// The document's sections, with the projects each is about filled in.
    pub sections: Vec<Section>,
    pub citations: Vec<Citation>,
    pub targets: Vec<Target>,
    pub programmes: Vec<ProgrammeRef>,
    pub projects: Vec<ProjectRef>,
    pub assignments: Vec<Assignment>,
    pub tables: Vec<Table>,
    pub warnings: Vec<String>,
}

pub fn extract(doc: &Document) -> Extracted {
    let metadata = metadata::extract(doc);
    let citations = citations::extract(doc, metadata.number.as_deref());
    let (targets, mut warnings) = targets::extract(doc, &metadata);
    let programme_map = programmes::ProgrammeMap::of(doc, metadata.year);
    let found = projects::extract(doc, &programme_map);
    let mut sections = doc.sections.clone();
    found.tag_sections(&mut sections);
    let (tables, table_warnings) = tables::extract(doc, &targets);
    warnings.extend(table_warnings);
    Extracted {
        metadata,
        sections,
        citations,
        targets,
        programmes: programme_map.refs(doc),
        projects: found.projects,
        assignments: found.assignments,
        tables,
        warnings,
    }
}
