//! PDFs, read page by page into the same text the pipeline reads from files.
//!
//! Text layers come from one of two engines: `pdftotext -layout` (poppler) or
//! the pdf-extract crate. pdf-extract can panic, overflow its stack or hang on
//! malformed files, none of which catch_unwind stops, so it runs in a child
//! process (`vnplan pdf-worker`, hidden) under a time and a memory limit; so
//! do the poppler and tesseract tools. A PDF that kills its worker is that
//! file's error. A page whose text layer is unusable (empty, U+FFFD, glyph
//! garbage from fonts without a ToUnicode map, words without vowels) is
//! rasterised with `pdftoppm -r 300 -gray` and read by `tesseract -l vie`,
//! pages in parallel with one OCR thread each.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use rayon::prelude::*;

use super::child::{self, run};
use super::ReadError;

/// Which program produced a page's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Pdftotext,
    PdfExtract,
    Tesseract,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Pdftotext => "pdftotext",
            Engine::PdfExtract => "pdf-extract",
            Engine::Tesseract => "tesseract",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub number: u32,
    pub text: String,
    pub engine: Engine,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The text-layer engine tried first; the other is the fallback.
    pub engine: Engine,
    pub timeout: Duration,
    /// Address-space limit of the pdf-extract worker, in bytes.
    pub memory: u64,
}

impl Default for Options {
    fn default() -> Self {
        // pdftotext: faster and closer to the text seeds (see README, "PDF engines").
        Options {
            engine: Engine::Pdftotext,
            timeout: Duration::from_secs(60),
            memory: 2 << 30,
        }
    }
}

/// Reads every page of the PDF at `path`.
pub fn read(path: &Path, options: &Options) -> Result<Vec<Page>, ReadError> {
    let fallback = if options.engine == Engine::Pdftotext {
        Engine::PdfExtract
    } else {
        Engine::Pdftotext
    };
    let layer = text_layer(path, options.engine, options).or_else(|first| {
        text_layer(path, fallback, options)
            .map_err(|second| ReadError::Pdf(format!("{first}; {second}")))
    })?;
    let unusable: Vec<u32> = layer
        .iter()
        .filter(|p| !usable(&p.text))
        .map(|p| p.number)
        .collect();
    if unusable.is_empty() {
        return Ok(layer);
    }
    if !child::on_path("pdftoppm") || !child::on_path("tesseract") {
        return Err(ReadError::Pdf(format!(
            "pages {unusable:?} have no usable text layer and need OCR: install poppler-utils, tesseract-ocr and tesseract-ocr-vie"
        )));
    }
    let scratch = tempfile::tempdir().map_err(ReadError::Io)?;
    let recognised: Vec<Result<Page, String>> = unusable
        .par_iter()
        .map(|&n| ocr_page(path, n, scratch.path(), options))
        .collect();
    let mut pages = layer;
    for page in recognised {
        let page = page.map_err(ReadError::Pdf)?;
        if let Some(slot) = pages.iter_mut().find(|p| p.number == page.number) {
            *slot = page;
        }
    }
    Ok(pages)
}

fn text_layer(path: &Path, engine: Engine, options: &Options) -> Result<Vec<Page>, String> {
    let texts: Vec<String> = match engine {
        Engine::Pdftotext => {
            let mut cmd = Command::new("pdftotext");
            cmd.args(["-layout", "-enc", "UTF-8"]).arg(path).arg("-");
            let out = run(cmd, options.timeout, None).map_err(|e| format!("pdftotext: {e}"))?;
            let mut pages: Vec<String> = out.split('\u{c}').map(str::to_string).collect();
            if pages.last().is_some_and(|p| p.trim().is_empty()) {
                pages.pop();
            }
            pages
        }
        Engine::PdfExtract => {
            let mut cmd = Command::new(worker_executable());
            cmd.arg("pdf-worker").arg(path);
            let out = run(cmd, options.timeout, Some(options.memory))
                .map_err(|e| format!("pdf-extract: {e}"))?;
            serde_json::from_str(&out)
                .map_err(|e| format!("pdf-extract: unreadable worker output: {e}"))?
        }
        Engine::Tesseract => unreachable!("OCR is not a text layer"),
    };
    Ok(texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Page {
            number: i as u32 + 1,
            text,
            engine,
        })
        .collect())
}

fn ocr_page(path: &Path, number: u32, scratch: &Path, options: &Options) -> Result<Page, String> {
    let prefix = scratch.join(format!("page-{number}"));
    let mut raster = Command::new("pdftoppm");
    raster.args([
        "-r",
        "300",
        "-gray",
        "-png",
        "-singlefile",
        "-f",
        &number.to_string(),
        "-l",
        &number.to_string(),
    ]);
    raster.arg(path).arg(&prefix);
    run(raster, options.timeout, None).map_err(|e| format!("pdftoppm, page {number}: {e}"))?;
    let mut ocr = Command::new("tesseract");
    ocr.arg(prefix.with_extension("png"))
        .args(["stdout", "-l", "vie"])
        .env("OMP_THREAD_LIMIT", "1");
    let text =
        run(ocr, options.timeout, None).map_err(|e| format!("tesseract, page {number}: {e}"))?;
    Ok(Page {
        number,
        text,
        engine: Engine::Tesseract,
    })
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

/// The vnplan executable that serves `pdf-worker`: this one, or, when this is
/// a test harness, the vnplan binary built beside it.
fn worker_executable() -> PathBuf {
    if let Some(path) = std::env::var_os("VNPLAN_WORKER") {
        return path.into();
    }
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("vnplan"));
    if exe.file_stem().is_some_and(|s| s == "vnplan") {
        return exe;
    }
    let beside = |dir: Option<&Path>| dir.map(|d| d.join("vnplan")).filter(|p| p.exists());
    beside(exe.parent())
        .or_else(|| beside(exe.parent().and_then(Path::parent)))
        .unwrap_or(exe)
}

/// The body of `vnplan pdf-worker FILE`: every page's text, as a JSON array.
pub fn worker(path: &Path) -> Result<String, String> {
    let pages = pdf_extract::extract_text_by_pages(path).map_err(|e| e.to_string())?;
    serde_json::to_string(&pages).map_err(|e| e.to_string())
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
}
