//! OCR of one PDF page: rasterised by `pdftoppm` at the resolution of the
//! page's own scan, as an uncompressed gray PGM in the file's scratch
//! directory; blank pages told apart before any recognition; signature
//! stamps whited out; then `tesseract -l vie --psm 1`, whose orientation
//! detection turns rotated and upside-down pages before reading them.
//!
//! `--psm 1` rather than a separate `--psm 0` pass: detecting the
//! orientation inside the recognition run costs about 3% more than reading
//! without it, a separate run about 50% (it segments the page a second time).
//!
//! Each tool gets CPU time in proportion to the page's pixels (a tool that
//! runs away is stopped whatever the machine's load); the wall clock left to
//! the whole file bounds the rest.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::geometry::{Geometry, Rect};
use super::hocr::{self, Recognised};
use super::raster::Raster;
use crate::read::child::{self, Limits};

/// CPU seconds a tool may spend on a page: a base plus so much per megapixel.
/// Measured on 250-dpi A4 pages (6 MP): pdftoppm 0.15 s, tesseract 2-4 s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageCost {
    pub base: f64,
    pub per_megapixel: f64,
}

pub const RASTER_COST: PageCost = PageCost {
    base: 5.0,
    per_megapixel: 1.0,
};
pub const RECOGNITION_COST: PageCost = PageCost {
    base: 10.0,
    per_megapixel: 4.0,
};

impl PageCost {
    pub fn limit(&self, megapixels: f64) -> Duration {
        Duration::from_secs_f64(self.base + self.per_megapixel * megapixels)
    }
}

/// One page to recognise.
pub struct Request<'a> {
    pub pdf: &'a Path,
    pub number: u32,
    pub geometry: &'a Geometry,
    /// Regions to white out first (signature stamps), in points.
    pub erase: Vec<Rect>,
    pub scratch: &'a Path,
    /// Wall-clock time left for the file.
    pub left: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// No ink: a blank page (the back of a duplex scan).
    Blank {
        dpi: u32,
    },
    Read {
        dpi: u32,
        recognised: Recognised,
    },
}

/// Stamps are whited out with this margin around their words, in points.
const ERASE_MARGIN: f64 = 2.0;

pub fn read_page(request: &Request) -> Result<Outcome, String> {
    let dpi = request.geometry.raster_dpi();
    let megapixels = request.geometry.megapixels(dpi);
    let number = request.number.to_string();
    let prefix = request.scratch.join(format!("page-{number}"));
    let raster_path = prefix.with_extension("pgm");
    let mut pdftoppm = Command::new("pdftoppm");
    pdftoppm
        .args(["-r", &dpi.to_string(), "-gray", "-singlefile"])
        .args(["-f", &number, "-l", &number])
        .arg(request.pdf)
        .arg(&prefix);
    let limits = Limits {
        wall: request.left,
        cpu: Some(RASTER_COST.limit(megapixels)),
        memory: None,
    };
    child::run(pdftoppm, limits).map_err(|e| format!("pdftoppm: {e}"))?;
    let bytes = std::fs::read(&raster_path).map_err(|e| format!("pdftoppm's raster: {e}"))?;
    let mut raster = Raster::from_pgm(&bytes).map_err(|e| format!("pdftoppm's raster: {e}"))?;
    drop(bytes);
    let outcome = if raster.is_blank() {
        Ok(Outcome::Blank { dpi })
    } else {
        if !request.erase.is_empty() {
            for rect in &request.erase {
                let padded = Rect {
                    x0: rect.x0 - ERASE_MARGIN,
                    y0: rect.y0 - ERASE_MARGIN,
                    x1: rect.x1 + ERASE_MARGIN,
                    y1: rect.y1 + ERASE_MARGIN,
                };
                raster.erase(&padded, dpi);
            }
            std::fs::write(&raster_path, raster.to_pgm())
                .map_err(|e| format!("scratch raster: {e}"))?;
        }
        drop(raster);
        recognise(&raster_path, dpi, megapixels, request.left)
            .map(|recognised| Outcome::Read { dpi, recognised })
    };
    // A long scan would otherwise fill the scratch directory with every page.
    let _ = std::fs::remove_file(&raster_path);
    outcome
}

fn recognise(
    raster: &Path,
    dpi: u32,
    megapixels: f64,
    left: Duration,
) -> Result<Recognised, String> {
    let mut tesseract = Command::new("tesseract");
    tesseract
        .arg(raster)
        .args([
            "stdout",
            "-l",
            "vie",
            "--psm",
            "1",
            "--dpi",
            &dpi.to_string(),
            "hocr",
        ])
        // One thread per page: pages run in parallel already.
        .env("OMP_THREAD_LIMIT", "1");
    let limits = Limits {
        wall: left,
        cpu: Some(RECOGNITION_COST.limit(megapixels)),
        memory: None,
    };
    let out = child::run_text(tesseract, limits).map_err(|e| format!("tesseract: {e}"))?;
    hocr::parse(&out).map_err(|e| format!("tesseract: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_grow_with_the_page() {
        let a4_250 = RECOGNITION_COST.limit(6.0);
        let a3_400 = RECOGNITION_COST.limit(31.0);
        assert_eq!(a4_250, Duration::from_secs(34));
        assert!(a3_400 > a4_250 * 3);
        assert_eq!(RASTER_COST.limit(0.0), Duration::from_secs(5));
    }
}
