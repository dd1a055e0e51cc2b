//! A page's raster as `pdftoppm -gray` writes it (binary PGM), for the two
//! things done to it before OCR: telling a blank page from a written one,
//! and whiting out a signature stamp so that it is not read as text.
//!
//! PGM is the format because it costs nothing to write or read: the PNG the
//! reader used before took pdftoppm 9 s of CPU per 300-dpi A4 page to
//! compress, four times what tesseract then spent reading it.

use super::geometry::Rect;

pub struct Raster {
    pub width: usize,
    pub height: usize,
    /// Gray levels, 0 black to 255 white, row by row.
    pixels: Vec<u8>,
}

/// Ink darker than the paper by this many gray levels: the show-through of a
/// duplex back is lighter than that, faint print is darker.
const INK_CONTRAST: u8 = 64;
/// A page with less ink than this share of its pixels is blank: specks of
/// dust. A page number alone is 0.01-0.02%, one word 0.03%, and is read:
/// recognising a near-empty page costs little.
const BLANK_INK: f64 = 0.000_05;
/// Scanners darken the edges of a sheet; they are not ink.
const MARGIN: f64 = 0.05;

impl Raster {
    /// Parses a binary PGM (P5) of 8-bit samples.
    pub fn from_pgm(bytes: &[u8]) -> Result<Raster, String> {
        let mut fields = Vec::with_capacity(4);
        let mut at = 0;
        while fields.len() < 4 {
            // Header fields are separated by white space; '#' starts a comment line.
            while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'#') {
                if bytes[at] == b'#' {
                    while at < bytes.len() && bytes[at] != b'\n' {
                        at += 1;
                    }
                }
                at += 1;
            }
            let start = at;
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if start == at {
                return Err("truncated PGM header".into());
            }
            fields.push(&bytes[start..at]);
        }
        let number = |f: &[u8]| {
            std::str::from_utf8(f)
                .ok()
                .and_then(|s| s.parse::<usize>().ok())
                .ok_or("bad PGM header")
        };
        if fields[0] != b"P5" {
            return Err("not a binary PGM".into());
        }
        let (width, height, max) = (number(fields[1])?, number(fields[2])?, number(fields[3])?);
        if max != 255 {
            return Err(format!("PGM with {max} gray levels, not 255"));
        }
        // One white-space byte ends the header.
        let data = bytes.get(at + 1..).unwrap_or_default();
        if data.len() < width * height {
            return Err("truncated PGM".into());
        }
        Ok(Raster {
            width,
            height,
            pixels: data[..width * height].to_vec(),
        })
    }

    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    /// Whether the page holds no ink worth reading (inside its margins).
    pub fn is_blank(&self) -> bool {
        let (x0, x1) = inner(self.width);
        let (y0, y1) = inner(self.height);
        let mut histogram = [0u64; 256];
        for row in self.pixels.chunks_exact(self.width).take(y1).skip(y0) {
            for &p in &row[x0..x1] {
                histogram[p as usize] += 1;
            }
        }
        let total: u64 = histogram.iter().sum();
        if total == 0 {
            return true;
        }
        // The paper is the median gray level: on a page, most pixels are paper.
        let mut seen = 0;
        let paper = histogram
            .iter()
            .position(|&n| {
                seen += n;
                seen * 2 >= total
            })
            .unwrap_or(255) as u8;
        // A dark page (a photograph, a negative) has no paper to tell ink from.
        if paper < 128 {
            return false;
        }
        let ink: u64 = histogram[..(paper - INK_CONTRAST) as usize].iter().sum();
        (ink as f64) < BLANK_INK * total as f64
    }

    /// Paints `rect` (in points, on a page rasterised at `dpi`) white.
    pub fn erase(&mut self, rect: &Rect, dpi: u32) {
        let scale = dpi as f64 / 72.0;
        let px = |v: f64, limit: usize| ((v * scale).round().max(0.0) as usize).min(limit);
        let (x0, x1) = (px(rect.x0, self.width), px(rect.x1, self.width));
        let (y0, y1) = (px(rect.y0, self.height), px(rect.y1, self.height));
        for row in self.pixels.chunks_exact_mut(self.width).take(y1).skip(y0) {
            row[x0..x1.max(x0)].fill(255);
        }
    }
}

fn inner(length: usize) -> (usize, usize) {
    let margin = (length as f64 * MARGIN) as usize;
    (margin, length - margin)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An A4 page at 100 dpi: white paper, with `ink` dark pixels in the middle
    /// and a scanner's black edge.
    fn page(ink: usize, paper: u8) -> Raster {
        let (width, height) = (827, 1169);
        let mut pixels = vec![paper; width * height];
        for row in pixels.chunks_exact_mut(width) {
            row[..10].fill(0);
        }
        let middle = height / 2 * width + 100;
        pixels[middle..middle + ink].fill(20);
        Raster {
            width,
            height,
            pixels,
        }
    }

    #[test]
    fn pgm_round_trip() {
        let raster = page(50, 250);
        let again = Raster::from_pgm(&raster.to_pgm()).unwrap();
        assert_eq!((again.width, again.height), (827, 1169));
        assert_eq!(again.pixels, raster.pixels);
        let commented = b"P5\n# by hand\n2 1\n255\n\x00\xff";
        assert_eq!(Raster::from_pgm(commented).unwrap().pixels, [0, 255]);
        assert!(Raster::from_pgm(b"P6\n2 1\n255\n\x00\xff").is_err());
        assert!(Raster::from_pgm(b"P5\n2 2\n255\n\x00\xff").is_err());
    }

    #[test]
    fn blank_pages_and_written_ones() {
        assert!(
            page(0, 250).is_blank(),
            "a blank back with a scanner's edge"
        );
        assert!(page(20, 230).is_blank(), "a speck of dust");
        assert!(!page(150, 250).is_blank(), "a page number");
        assert!(!page(2_000, 250).is_blank(), "a short line of print");
        let mut show_through = page(0, 245);
        show_through.pixels[200_000..300_000].fill(200);
        assert!(
            show_through.is_blank(),
            "print of the other side, seen through"
        );
        assert!(!page(0, 40).is_blank(), "a dark picture is not blank");
    }

    #[test]
    fn erasing_whites_out_a_rectangle() {
        let mut raster = page(0, 250);
        // An inch square from the corner: 100 pixels at 100 dpi.
        let inch = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 72.0,
            y1: 72.0,
        };
        raster.erase(&inch, 100);
        let at = |x: usize, y: usize| raster.pixels[y * raster.width + x];
        assert_eq!((at(0, 0), at(99, 99), at(5, 99)), (255, 255, 255));
        assert_eq!((at(100, 50), at(5, 100)), (250, 0), "outside is untouched");
    }
}
