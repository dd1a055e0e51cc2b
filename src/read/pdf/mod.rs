//! PDFs, read page by page into the same text the pipeline reads from files.
//!
//! Every tool runs as a child process under limits ([`crate::read::child`]):
//! a PDF that crashes or hangs its reader is that file's error. The steps:
//!
//! 1. `pdfinfo`: the page count, refused past [`Options::max_pages`] before
//!    anything reads the pages, and each page's size;
//! 2. the text layer ([`layer`]: `pdftotext -layout`, or pdf-extract);
//! 3. the images each page draws (`pdfimages -list`) and, on pages that are
//!    scans, the words of their layer (`pdftotext -bbox`), which judge each
//!    page ([`geometry::judge`]): a layer that covers little of a scan is an
//!    overlay, and signature stamps in it become [`Signature`]s ([`stamp`]);
//! 4. OCR of the pages that need it ([`ocr`]), in parallel on the rayon pool
//!    within the file's time limit, rasters in a scratch directory that is
//!    removed however the read ends.

pub mod geometry;
mod handwriting;
mod hocr;
mod layer;
pub mod ocr;
mod raster;
mod stamp;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use layer::worker;

use super::child::{self, Limits};
use super::ReadError;
use crate::model::Signature;
use geometry::{Geometry, Rect, Verdict, Word};

/// The engines that read a text layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Pdftotext,
    PdfExtract,
}

/// How a page's text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Layer(Layer),
    Tesseract,
    /// Nothing to read: no ink on the page.
    Blank,
    /// OCR failed on this page (the reason is in the warnings).
    Failed,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Layer(Layer::Pdftotext) => "pdftotext",
            Engine::Layer(Layer::PdfExtract) => "pdf-extract",
            Engine::Tesseract => "tesseract",
            Engine::Blank => "blank",
            Engine::Failed => "failed",
        }
    }
}

/// What OCR knows of a page it rasterised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrInfo {
    pub dpi: u32,
    /// Degrees counter-clockwise its text was turned on the scan (tesseract's text angle).
    pub rotation: Option<u16>,
    pub confidence: Option<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub number: u32,
    pub text: String,
    pub engine: Engine,
    pub ocr: Option<OcrInfo>,
}

/// A PDF as read: its pages, the signature stamps found over them, and what
/// the reader is unsure of.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfRead {
    pub pages: Vec<Page>,
    pub signatures: Vec<Signature>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// The text-layer engine tried first; the other is the fallback.
    pub engine: Layer,
    /// CPU time each text-layer and geometry tool may spend on the file.
    pub timeout: Duration,
    /// Address-space limit of the pdf-extract worker, in bytes.
    pub memory: u64,
    /// PDFs with more pages are refused unread.
    pub max_pages: u32,
    /// Wall-clock time for reading the whole file, OCR included.
    pub file_limit: Duration,
    /// Where OCR puts its page rasters, in a directory of its own that is
    /// removed however the read ends; the system's temporary directory
    /// ($TMPDIR) when None.
    pub scratch: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        // pdftotext: faster and closer to the text seeds (see README, "PDF engines").
        Options {
            engine: Layer::Pdftotext,
            timeout: Duration::from_secs(60),
            memory: 2 << 30,
            // The longest plans with their annexes run to a few hundred pages.
            max_pages: 2_000,
            // 250 OCR pages at 2-4 s of CPU each, on one core.
            file_limit: Duration::from_secs(20 * 60),
            scratch: None,
        }
    }
}

impl Options {
    /// Limits of a text-layer or geometry tool: CPU time, and a wall clock
    /// long enough for a loaded machine.
    fn tool_limits(&self) -> Limits {
        Limits {
            wall: self.timeout * 10,
            cpu: Some(self.timeout),
            memory: None,
        }
    }
}

/// Reads every page of the PDF at `path`.
pub fn read(path: &Path, options: &Options) -> Result<PdfRead, ReadError> {
    let deadline = Instant::now() + options.file_limit;
    let mut geometry = page_sizes(path, options)?;
    let fallback = match options.engine {
        Layer::Pdftotext => Layer::PdfExtract,
        Layer::PdfExtract => Layer::Pdftotext,
    };
    let (texts, engine) = layer::read(path, options.engine, options)
        .map(|t| (t, options.engine))
        .or_else(|first| {
            layer::read(path, fallback, options)
                .map(|t| (t, fallback))
                .map_err(|second| ReadError::Pdf(format!("{first}; {second}")))
        })?;
    refuse_past(texts.len(), options)?;
    geometry.resize(texts.len(), Geometry::default());
    add_images(path, &texts, &mut geometry, options);
    let words = scan_words(path, &geometry, options);
    let mut signatures = Vec::new();
    let mut to_read: Vec<(usize, Vec<Rect>)> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let page_words = words.get(i).map_or(&[][..], Vec::as_slice);
        if geometry::judge(text, &geometry[i], page_words) == Verdict::Layer {
            continue;
        }
        let stamps = stamp::find(i as u32 + 1, page_words);
        to_read.push((i, stamps.iter().map(|s| s.rect).collect()));
        signatures.extend(stamps.into_iter().map(|s| s.signature));
    }
    let mut pages: Vec<Page> = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Page {
            number: i as u32 + 1,
            text,
            engine: Engine::Layer(engine),
            ocr: None,
        })
        .collect();
    let mut warnings = Vec::new();
    if !to_read.is_empty() {
        warnings = recognise(path, &geometry, to_read, &mut pages, deadline, options)?;
    }
    if let Some(first) = pages.first().filter(|p| p.engine == Engine::Tesseract) {
        warnings.extend(handwriting::check(first.number, &first.text, &signatures));
    }
    Ok(PdfRead {
        pages,
        signatures,
        warnings,
    })
}

fn refuse_past(pages: usize, options: &Options) -> Result<(), ReadError> {
    if pages > options.max_pages as usize {
        return Err(ReadError::Limit(format!(
            "the PDF has {pages} pages, more than the page limit of {}",
            options.max_pages
        )));
    }
    Ok(())
}

/// Page sizes, refusing a file over the page limit. Without them (poppler
/// missing, or failing where pdf-extract may not) pages are judged by their
/// text layer alone.
fn page_sizes(path: &Path, options: &Options) -> Result<Vec<Geometry>, ReadError> {
    let mut info = Command::new("pdfinfo");
    // Sizes of one page more than the limit: enough to refuse, never all of a huge file.
    let last = (options.max_pages + 1).to_string();
    info.args(["-f", "1", "-l", &last]).arg(path);
    let Ok(out) = child::run_text(info, options.tool_limits()) else {
        return Ok(Vec::new());
    };
    let (count, pages) = geometry::parse_info(&out);
    refuse_past(count.unwrap_or(0) as usize, options)?;
    Ok(pages)
}

/// The images of the pages whose layer may be an overlay (others are judged
/// by their text: listing images costs as much as reading the layer).
fn add_images(path: &Path, texts: &[String], geometry: &mut [Geometry], options: &Options) {
    let Some(first) = texts.iter().position(|t| geometry::may_be_overlay(t)) else {
        return;
    };
    let last = texts
        .iter()
        .rposition(|t| geometry::may_be_overlay(t))
        .unwrap_or(first);
    let mut images = Command::new("pdfimages");
    images
        .args([
            "-list",
            "-f",
            &(first + 1).to_string(),
            "-l",
            &(last + 1).to_string(),
        ])
        .arg(path);
    if let Ok(out) = child::run_text(images, options.tool_limits()) {
        geometry::add_images(&out, geometry);
    }
}

/// The layer's words on the pages that are scans (others need none).
fn scan_words(path: &Path, geometry: &[Geometry], options: &Options) -> Vec<Vec<Word>> {
    let Some(first) = geometry.iter().position(Geometry::is_scan) else {
        return Vec::new();
    };
    let last = geometry
        .iter()
        .rposition(Geometry::is_scan)
        .unwrap_or(first);
    let mut bbox = Command::new("pdftotext");
    bbox.args(["-bbox", "-enc", "UTF-8", "-f"])
        .arg((first + 1).to_string())
        .arg("-l")
        .arg((last + 1).to_string())
        .arg(path)
        .arg("-");
    let words = child::run_text(bbox, options.tool_limits())
        .and_then(|out| geometry::parse_words(&out))
        .unwrap_or_default();
    std::iter::repeat_with(Vec::new)
        .take(first)
        .chain(words)
        .collect()
}

/// OCRs the pages `to_read` (each with the stamps to white out) into `pages`,
/// returning the warnings of what it read.
fn recognise(
    path: &Path,
    geometry: &[Geometry],
    to_read: Vec<(usize, Vec<Rect>)>,
    pages: &mut [Page],
    deadline: Instant,
    options: &Options,
) -> Result<Vec<String>, ReadError> {
    let numbers: Vec<u32> = to_read.iter().map(|(i, _)| *i as u32 + 1).collect();
    if !child::on_path("pdftoppm") || !child::on_path("tesseract") {
        return Err(ReadError::Pdf(format!(
            "pages {numbers:?} have no usable text layer and need OCR: install poppler-utils, tesseract-ocr and tesseract-ocr-vie"
        )));
    }
    let mut scratch = tempfile::Builder::new();
    scratch.prefix("vnplan-ocr-");
    let scratch = match &options.scratch {
        Some(parent) => scratch.tempdir_in(parent),
        None => scratch.tempdir(),
    }
    .map_err(ReadError::Io)?;
    let budget = crate::budget::carry();
    let outcomes: Vec<(usize, Result<ocr::Outcome, String>)> = to_read
        .into_par_iter()
        .map(|(i, erase)| {
            budget.enter("ocr", || {
                let mut left = deadline.saturating_duration_since(Instant::now());
                if let Some(budget) = budget.left() {
                    left = left.min(budget);
                }
                if left.is_zero() {
                    return (i, Err("not started: no time left".to_string()));
                }
                let request = ocr::Request {
                    pdf: path,
                    number: i as u32 + 1,
                    geometry: &geometry[i],
                    erase,
                    scratch: scratch.path(),
                    left,
                };
                (i, ocr::read_page(&request))
            })
        })
        .collect();
    if Instant::now() >= deadline {
        return Err(ReadError::Limit(format!(
            "reading the PDF took longer than the file's time limit of {} s (OCR of pages {numbers:?})",
            options.file_limit.as_secs()
        )));
    }
    let mut warnings = Vec::new();
    for (i, outcome) in outcomes {
        let page = &mut pages[i];
        match outcome {
            Ok(ocr::Outcome::Blank { dpi }) => {
                page.text.clear();
                page.engine = Engine::Blank;
                page.ocr = Some(OcrInfo {
                    dpi,
                    rotation: None,
                    confidence: None,
                });
            }
            Ok(ocr::Outcome::Read { dpi, recognised }) => {
                page.text = recognised.text;
                page.engine = Engine::Tesseract;
                page.ocr = Some(OcrInfo {
                    dpi,
                    rotation: Some(recognised.rotation),
                    confidence: recognised.confidence,
                });
                warnings.push(format!(
                    "page {} was read by OCR: its numbers are less certain",
                    page.number
                ));
            }
            Err(reason) => {
                page.text.clear();
                page.engine = Engine::Failed;
                warnings.push(format!(
                    "page {} could not be read by OCR ({reason}): its text is missing",
                    page.number
                ));
            }
        }
    }
    Ok(warnings)
}

/// Whether a page's text layer can be trusted.
pub fn usable(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    // Digits are content too: the last page of an annex table is mostly numbers.
    let content = chars.iter().filter(|c| c.is_alphanumeric()).count();
    if content < 20 {
        return false;
    }
    let garbage = chars
        .iter()
        .filter(|&&c| c == '\u{FFFD}' || c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c))
        .count();
    if garbage * 50 > chars.len() {
        return false;
    }
    // Acronyms ("TDP", "HĐND") have no vowels by nature; only words with lower case count.
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphabetic) && w.chars().any(char::is_lowercase))
        .collect();
    let vowelless = words
        .iter()
        .filter(|w| !crate::vi::key::fold(w).contains(['a', 'e', 'i', 'o', 'u', 'y']))
        .count();
    vowelless * 10 <= words.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_text_layers() {
        assert!(usable(
            "Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024"
        ));
        assert!(!usable(""), "an empty page");
        assert!(!usable("   12   "), "a page number only");
        assert!(
            usable(&"0\n402\n12\n2.49\n0.3\n".repeat(3)),
            "a page of table numbers"
        );
        assert!(
            usable(&"TDP Plei Nghe 492 430 DTTS HĐND UBND 12 ".repeat(3)),
            "acronyms are not garbage"
        );
        assert!(
            !usable(&"\u{FFFD}\u{FFFD} Kế hoạch giảm nghèo bền vững năm 2024 ".repeat(3)),
            "replacement characters"
        );
        assert!(
            !usable("Kxw hgcch thwc hwn chwng trnh mc tw qwc gwa gvm nghw bvn vwng nvm"),
            "vowel-less words"
        );
        assert!(!usable("\u{E001}\u{E002}\u{E003}\u{E004} \u{E005}\u{E006} Giảm nghèo năm nay \u{E007}\u{E008}\u{E009}\u{E00A}\u{E00B}"));
    }

    #[test]
    fn page_counts_past_the_limit_are_refused() {
        let options = Options {
            max_pages: 10,
            ..Options::default()
        };
        assert!(refuse_past(10, &options).is_ok());
        let err = refuse_past(100_000, &options).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the PDF has 100000 pages, more than the page limit of 10"
        );
    }
}
