//! The plan JSON: what vnplan writes for every plan it reads.
//!
//! Field names follow `../shared/gold/GUIDE.md` so that `vnplan eval` compares
//! like with like; everything the gold does not score (offsets, ids, mentions,
//! checks) rides alongside. `schemas/plan.schema.json` is generated from these
//! types (`vnplan schema`) and every test output is validated against it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Bumped whenever a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 2;

/// A byte range in the plan's normalised `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// Where an extracted item came from: its span in the normalised text, the
/// 1-based line of the source file it starts on, and the id of the deepest
/// section that holds it (null before the first section).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub span: Span,
    pub line: u32,
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub schema_version: u32,
    /// Stable id: the first 16 hex digits of the BLAKE3 hash of the source bytes.
    pub id: String,
    pub source: Source,
    pub metadata: Metadata,
    /// The normalised text that every `span` points into.
    pub text: String,
    /// Text between the title and the first section (the "Căn cứ ..." clauses).
    pub preamble: Option<Passage>,
    /// Top-level sections of the document, then those of each attachment.
    pub sections: Vec<Section>,
    /// Signature block, recipients and annexes: recognised, never part of a section.
    pub closing: Closing,
    /// Documents issued with this one and printed after its signature.
    pub attachments: Vec<Attachment>,
    pub footnotes: Vec<Footnote>,
    pub citations: Vec<Citation>,
    pub targets: Vec<Target>,
    /// National target programmes the plan belongs to or names.
    pub programmes: Vec<ProgrammeRef>,
    pub projects: Vec<ProjectRef>,
    pub assignments: Vec<Assignment>,
    pub tables: Vec<Table>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub path: String,
    /// Full BLAKE3 hash of the bytes read, hex.
    pub hash: String,
    /// "text", "markdown" or "pdf".
    pub format: String,
    /// The character encoding the bytes were decoded from ("utf-8", "utf-16le",
    /// "tcvn3", "vni", "windows-1258"), or "pdf".
    pub encoding: String,
    pub bytes: u64,
    /// For a PDF, how each page was read.
    pub pages: Vec<PageInfo>,
    /// Digital-signature stamps laid over a PDF's pages, kept out of `text`.
    #[serde(default)]
    pub signatures: Vec<Signature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageInfo {
    pub number: u32,
    /// "pdftotext", "pdf-extract" (its text layer), "tesseract" (OCR: its
    /// numbers are less certain), "blank" (no ink) or "failed" (see `warnings`).
    pub engine: String,
    pub chars: usize,
    /// For a rasterised page: the resolution it was rasterised at.
    #[serde(default)]
    pub dpi: Option<u32>,
    /// For an OCR'd page: how far its text was turned on the scan, in degrees
    /// counter-clockwise (0, 90, 180, 270): 180 for a page fed upside down.
    #[serde(default)]
    pub rotation: Option<u16>,
    /// For an OCR'd page: tesseract's mean word confidence, 0-100.
    #[serde(default)]
    pub confidence: Option<f32>,
}

/// A digital-signature stamp ("SAO Y" / "Bộ Công an" / "Thời gian ký:
/// 2025-09-16T14:37:50+07:00"), as e-government signing tools lay it over a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub page: u32,
    /// Who signed: a person, or an office for its seal.
    pub signer: Option<String>,
    /// The signer's office, when the stamp names it apart ("Cơ quan: …").
    pub organization: Option<String>,
    /// ISO 8601, with the offset when the stamp gives one.
    pub time: Option<String>,
    /// The stamp certifies a copy ("SAO Y"): its signer made the copy and its
    /// time is the copy's, not the document's.
    pub copy: bool,
    /// The stamp's lines as written.
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub doc_type: Option<String>,
    pub number: Option<String>,
    /// ISO date of issue.
    pub date: Option<String>,
    pub year: Option<i32>,
    /// "central", "province", "district" or "commune".
    pub level: Option<String>,
    pub locality: Option<String>,
    pub locality_kind: Option<String>,
    /// The province the locality belongs to, when the text names it.
    pub province: Option<String>,
    /// The locality as a unit of the gazetteer, in the era of the plan's date.
    #[serde(default)]
    pub place: Option<PlaceMatch>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub signer: Option<String>,
    pub signer_title: Option<String>,
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Passage {
    pub text: String,
    pub span: Span,
    pub line: u32,
}

/// One node of the section tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Unique within the plan, from the position in the tree: "s2", "s2.3", "s2.3.1".
    pub id: String,
    /// The numbering as written: "II", "2.3.1", "a".
    pub number: String,
    /// Depth in the tree, 1 for top-level sections.
    pub depth: u32,
    pub heading: String,
    /// Vocabulary of GUIDE.md: purpose, objectives, situation, tasks, solutions,
    /// resources, timeline, organization, other.
    pub kind: String,
    /// The section's own text, without its heading and its children.
    pub text: String,
    /// From the heading's first byte to the end of the last child.
    pub span: Span,
    pub line: u32,
    /// Programme projects this section is about (from its heading, a footnote on
    /// it, or a catalogue title as its heading); its subsections inherit them.
    pub projects: Vec<ProjectKey>,
    pub children: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    pub span: Option<Span>,
    pub recipients: Vec<String>,
    /// Lines of the signature block above the name: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", ...
    pub signature: Vec<String>,
    pub signer: Option<String>,
    /// Text after the signature (annexes, tables), if any.
    pub annex: Option<Passage>,
}

/// A document that this one issues and carries after its signature: the plan
/// a Quyết định approves ("KẾ HOẠCH ... (Ban hành kèm theo Quyết định số ...)").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Its kind in its own spelling: "Kế hoạch", "Quy định".
    pub doc_type: String,
    pub title: Option<String>,
    /// The note that ties it to this document: "(Ban hành kèm theo Quyết định số ...)".
    pub note: Option<String>,
    /// Ids of its top-level sections in the plan's `sections`.
    pub sections: Vec<String>,
    /// Its own signature block and annexes, when it has them.
    pub closing: Closing,
    /// From its kind line to the next attachment or the end of the text.
    pub span: Span,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    pub number: u32,
    pub text: String,
    /// Offset in `text` just after the word the marker was glued to, if found.
    pub anchor: Option<usize>,
    pub line: u32,
    /// Section holding the anchor.
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Canonical key that merges mentions: folded kind + number.
    pub key: String,
    pub kind: String,
    pub number: String,
    pub date: Option<String>,
    /// The body after "của" (or "giữa"), spelled out: abbreviations expanded
    /// (UBND -> Ủy ban nhân dân), canonical tone marks, single spaces. The gold's form.
    pub issuer: Option<String>,
    /// The same body as the plan wrote it ("UBND huyện Kông Chro"), canonical tone marks.
    pub issuer_as_written: Option<String>,
    /// The body the number's issuer code names (TTg -> Thủ tướng Chính phủ).
    pub issuing_body: Option<String>,
    pub subject: Option<String>,
    pub mentions: Vec<Location>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub indicator: String,
    /// The plan's own words for the indicator.
    pub label: String,
    pub value: f64,
    /// As the text counts it: "%", "hộ", "triệu đồng", "lần/tháng",
    /// "bé trai/100 bé gái". A "/năm" is not kept here but in `per_year`.
    pub unit: String,
    /// A rate for every year ("5%/năm", "hằng năm"), not once by `year`.
    pub per_year: bool,
    /// The value in the base unit of what it counts, for comparing plans:
    /// money in đồng ("3.230 triệu đồng" is 3,230,000,000 đồng), people
    /// whatever the plan calls them ("lao động", "học viên": "người").
    pub normalized: Amount,
    pub comparator: String,
    pub year: Option<i32>,
    pub scope: Option<String>,
    /// The locality the target is for: the one its sentence names, else the plan's.
    #[serde(default)]
    pub place: Option<PlaceMatch>,
    /// What is measured and for whom, in the sentence's words, without the
    /// verbs, comparators, years and places around it: "tỷ lệ hộ nghèo".
    #[serde(default)]
    pub measure: String,
    pub baseline: Option<f64>,
    pub quote: String,
    pub location: Location,
}

/// A place a plan names and the administrative unit it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceMatch {
    /// As the plan writes it, kind word included: "thị trấn Kông Chro".
    pub written: String,
    pub status: PlaceStatus,
    /// The unit with its chain of parents, when the name resolves to one.
    pub unit: Option<crate::gazetteer::Place>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaceStatus {
    Resolved,
    /// Several units of that name fit what the plan says: kept as written.
    Ambiguous,
    /// No unit of the gazetteer has that name: kept as written.
    Unknown,
}

/// A value in a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    pub value: f64,
    pub unit: String,
}

/// A national target programme (`data/programmes.tsv`) named by the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeRef {
    /// "poverty-2021-2025", "drug-prevention-2025-2030", ...
    pub code: String,
    /// What users call it: "poverty", "new-rural", "ethnic-minority", "drug-prevention", ...
    pub families: Vec<String>,
    /// The official name.
    pub name: String,
    /// The plan belongs to it: its title names it, or, when the title names
    /// none, its text names this one most. False: only mentioned.
    pub belongs: bool,
    pub mentions: Vec<Location>,
}

/// A project of a programme: project 5, or sub-project 2 of project 3.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct ProjectKey {
    /// The programme's code ([`ProgrammeRef::code`]): several programmes number projects from 1.
    pub programme: String,
    pub project: u8,
    pub subproject: Option<u8>,
}

impl ProjectKey {
    /// "5" or "3.2", as plans and users write it.
    pub fn number(&self) -> String {
        match self.subproject {
            Some(sub) => format!("{}.{sub}", self.project),
            None => self.project.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectRef {
    pub programme: String,
    pub project: u8,
    pub subproject: Option<u8>,
    /// The catalogue's official title; empty when the catalogue does not list it.
    pub title: String,
    /// Ids of the sections about this project.
    pub sections: Vec<String>,
    /// Where the text names it (title, preamble, sections, closing, annexes).
    pub mentions: Vec<Location>,
    /// Numbers of the footnotes naming it.
    pub footnotes: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub agency: String,
    /// "lead" or "partner".
    pub role: String,
    pub project: u8,
    pub subproject: Option<u8>,
    pub quote: String,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub title: Option<String>,
    /// How many cells a full data row has.
    pub columns: usize,
    /// Column labels as a tree (multi-level headers).
    pub header: Vec<HeaderCell>,
    pub rows: Vec<TableRow>,
    pub checks: Vec<TableCheck>,
    /// "linearised", "pipe" or "aligned".
    pub layout: String,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderCell {
    pub label: String,
    pub children: Vec<HeaderCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRow {
    /// Cells as written.
    pub cells: Vec<String>,
    /// Typed values beside the text; null for empty, "-" or non-numeric cells.
    pub values: Vec<Option<f64>>,
    pub total: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableCheck {
    /// "sum", "rate", "derived", "difference" or "text".
    pub kind: String,
    pub description: String,
    /// Cells used, as [row, column] (0-based data rows and columns).
    pub cells: Vec<[usize; 2]>,
    pub expected: f64,
    pub found: f64,
    pub holds: bool,
    /// For a "text" check: the indicator of the target the column holds.
    pub indicator: Option<String>,
}
