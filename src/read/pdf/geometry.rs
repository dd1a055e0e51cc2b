//! Where things sit on a PDF's pages, and what that says about how to read
//! each page.
//!
//! A page is judged by how much of it its text layer covers against its
//! images, not by whether it has text: e-government PDFs lay a signature
//! stamp of a few dozen characters ("SAO Y", "Thời gian ký: …") over a
//! full-page scan, and that stamp is not the page's text. Page sizes come
//! from `pdfinfo`, the images each page draws from `pdfimages -list`, the
//! words of the text layer from `pdftotext -bbox`; all in points, y down.

use super::usable;

/// Images covering at least this share of a page make it a picture of a page.
const SCAN_SHARE: f64 = 0.5;
/// A scan whose text layer covers less than this share of its images carries
/// an overlay (a stamp, a watermark), not the page's text: full text pages
/// cover 25-35% of their area with word boxes, sparse ones 1-5%, a stamp of
/// three lines 0.4%.
const LAYER_SHARE: f64 = 0.05;
/// Overlays (a stamp, a watermark, a scanner's caption) are a few lines; a
/// usable layer longer than this is the page's own text, whatever it lies over.
const OVERLAY_CHARS: usize = 1_000;
/// Scans of at least this resolution are rasterised at their own: tesseract
/// reads 250-dpi office scans at 94% confidence as they are. Coarser ones
/// (150-dpi scans, faxes) have letters too small for it, 10 pixels high, and
/// are rasterised at [`DEFAULT_DPI`], where poppler's smoothing enlarges them
/// to a size it reads (on the 150-dpi fixture: "thương bình" at 200 dpi,
/// "thương binh" at 300).
const MIN_DPI: f64 = 200.0;
/// Above this, pixels cost time and add nothing to 10-12 pt print.
const MAX_DPI: f64 = 400.0;
/// For coarse scans and pages drawn without images (text in fonts the layer cannot map).
pub const DEFAULT_DPI: u32 = 300;

/// A rectangle on a page, in points from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn area(&self) -> f64 {
        (self.x1 - self.x0).max(0.0) * (self.y1 - self.y0).max(0.0)
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// A word of a page's text layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub rect: Rect,
    pub text: String,
}

/// An image as a page draws it: its pixels and the resolution they land at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub x_ppi: f64,
    pub y_ppi: f64,
}

impl Image {
    /// The area the image covers on the page, in square points.
    fn drawn_area(&self) -> f64 {
        if self.x_ppi <= 0.0 || self.y_ppi <= 0.0 {
            return 0.0;
        }
        (self.width as f64 / self.x_ppi * 72.0) * (self.height as f64 / self.y_ppi * 72.0)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Geometry {
    /// Width and height in points.
    pub width: f64,
    pub height: f64,
    pub images: Vec<Image>,
}

impl Geometry {
    fn area(&self) -> f64 {
        self.width * self.height
    }

    fn image_area(&self) -> f64 {
        self.images.iter().map(Image::drawn_area).sum::<f64>()
    }

    /// Whether images cover most of the page: a scan, whatever text lies over it.
    pub fn is_scan(&self) -> bool {
        self.area() > 0.0 && self.image_area() >= SCAN_SHARE * self.area()
    }

    /// The resolution to rasterise the page at for OCR: that of the image
    /// that covers most of it, so that no pixel is invented or lost.
    pub fn raster_dpi(&self) -> u32 {
        if !self.is_scan() {
            return DEFAULT_DPI;
        }
        let largest = self
            .images
            .iter()
            .max_by(|a, b| a.drawn_area().total_cmp(&b.drawn_area()));
        largest.map_or(DEFAULT_DPI, |i| match i.x_ppi.max(i.y_ppi) {
            ppi if ppi < MIN_DPI => DEFAULT_DPI,
            ppi => ppi.min(MAX_DPI).round() as u32,
        })
    }

    /// Pixels of a raster of the page at `dpi`, in millions.
    pub fn megapixels(&self, dpi: u32) -> f64 {
        let scale = dpi as f64 / 72.0;
        self.width * scale * self.height * scale / 1e6
    }
}

/// How to read a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Its text layer is the page's text.
    Layer,
    /// Its text must be recognised from its picture.
    Ocr,
}

/// Whether a page's text layer may be an overlay rather than its text: only
/// then do its images and word boxes decide.
pub fn may_be_overlay(text: &str) -> bool {
    !usable(text) || text.chars().filter(|c| !c.is_whitespace()).count() < OVERLAY_CHARS
}

/// Judges a page by its text layer (`text`, and its `words` where known)
/// against the images it draws.
pub fn judge(text: &str, geometry: &Geometry, words: &[Word]) -> Verdict {
    if !may_be_overlay(text) {
        return Verdict::Layer;
    }
    if geometry.is_scan() {
        let covered: f64 = words.iter().map(|w| w.rect.area()).sum();
        if covered < LAYER_SHARE * geometry.image_area().min(geometry.area()) {
            return Verdict::Ocr;
        }
    }
    if usable(text) {
        Verdict::Layer
    } else {
        Verdict::Ocr
    }
}

/// The page count and each page's size from `pdfinfo -f 1 -l N`.
pub fn parse_info(out: &str) -> (Option<u32>, Vec<Geometry>) {
    let mut count = None;
    let mut pages: Vec<Geometry> = Vec::new();
    for line in out.lines() {
        if let Some(n) = line.strip_prefix("Pages:") {
            count = n.trim().parse().ok();
        } else if let Some(rest) = line.strip_prefix("Page") {
            // "Page    1 size:  604.8 x 828.864 pts (A4)"
            let mut fields = rest.split_whitespace();
            let (Some(number), Some("size:"), Some(w), Some("x"), Some(h)) = (
                fields.next().and_then(|n| n.parse::<usize>().ok()),
                fields.next(),
                fields.next().and_then(|w| w.parse::<f64>().ok()),
                fields.next(),
                fields.next().and_then(|h| h.parse::<f64>().ok()),
            ) else {
                continue;
            };
            if number >= 1 {
                if pages.len() < number {
                    pages.resize(number, Geometry::default());
                }
                pages[number - 1].width = w;
                pages[number - 1].height = h;
            }
        }
    }
    (count, pages)
}

/// Adds the images of `pdfimages -list` to their pages. Masks are left out:
/// they shape another image and cover nothing of their own.
pub fn add_images(out: &str, pages: &mut [Geometry]) {
    for line in out.lines().skip(2) {
        let f: Vec<&str> = line.split_whitespace().collect();
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        if f.len() < 14 || !matches!(f[2], "image" | "stencil") {
            continue;
        }
        let (Ok(page), Ok(width), Ok(height), Ok(x_ppi), Ok(y_ppi)) = (
            f[0].parse::<usize>(),
            f[3].parse(),
            f[4].parse(),
            f[12].parse(),
            f[13].parse(),
        ) else {
            continue;
        };
        if let Some(geometry) = page.checked_sub(1).and_then(|i| pages.get_mut(i)) {
            geometry.images.push(Image {
                width,
                height,
                x_ppi,
                y_ppi,
            });
        }
    }
}

/// The words of each page from `pdftotext -bbox` (XHTML).
pub fn parse_words(xhtml: &str) -> Result<Vec<Vec<Word>>, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xhtml, options)
        .map_err(|e| format!("unreadable word boxes: {e}"))?;
    let number = |node: roxmltree::Node, name: &str| {
        node.attribute(name)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| {
            page.children()
                .filter(|n| n.has_tag_name("word"))
                .map(|w| Word {
                    rect: Rect {
                        x0: number(w, "xMin"),
                        y0: number(w, "yMin"),
                        x1: number(w, "xMax"),
                        y1: number(w, "yMax"),
                    },
                    text: w.text().unwrap_or("").to_string(),
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const INFO: &str = "Producer:        GdPicture\nPages:           2\nPage    1 size:  604.8 x 828.864 pts\nPage    1 rot:   0\nPage    2 size:  595.276 x 841.89 pts (A4)\nPage    2 rot:   0\n";
    const IMAGES: &str = "page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio\n\
--------------------------------------------------------------------------------------------\n\
   1     0 image    2100  2878  rgb     3   8  jpeg   no        11  0   250   250  745K 4.2%\n\
   1     1 smask    2100  2878  gray    1   8  image  no        11  0   250   250  745K 4.2%\n\
   2     2 image     200   100  rgb     3   8  jpeg   no        12  0   150   150  7K 4.2%\n";

    fn pages() -> Vec<Geometry> {
        let (count, mut pages) = parse_info(INFO);
        assert_eq!(count, Some(2));
        add_images(IMAGES, &mut pages);
        pages
    }

    fn stamp() -> Vec<Word> {
        [
            "SAO Y",
            "Bộ Công an",
            "Thời gian ký: 2025-09-16T14:37:50+07:00",
        ]
        .iter()
        .enumerate()
        .map(|(i, line)| Word {
            rect: Rect {
                x0: 411.5,
                y0: 6.4 + 10.0 * i as f64,
                x1: 411.5 + 6.0 * line.len() as f64,
                y1: 15.5 + 10.0 * i as f64,
            },
            text: line.to_string(),
        })
        .collect()
    }

    #[test]
    fn sizes_and_images() {
        let pages = pages();
        assert_eq!((pages[0].width, pages[1].height), (604.8, 841.89));
        assert_eq!(pages[0].images.len(), 1, "the soft mask is not an image");
        assert!(pages[0].is_scan());
        assert!(!pages[1].is_scan(), "a small picture on a text page");
        assert_eq!(pages[0].raster_dpi(), 250);
        assert_eq!(pages[1].raster_dpi(), DEFAULT_DPI);
        assert!((pages[0].megapixels(250) - 6.04).abs() < 0.01);
    }

    #[test]
    fn resolution_is_the_scans_within_bounds() {
        let scan = |ppi| Geometry {
            width: 595.0,
            height: 842.0,
            images: vec![Image {
                width: (595.0 / 72.0 * ppi) as u32,
                height: (842.0 / 72.0 * ppi) as u32,
                x_ppi: ppi,
                y_ppi: ppi,
            }],
        };
        assert_eq!(scan(150.0).raster_dpi(), DEFAULT_DPI);
        assert_eq!(scan(200.0).raster_dpi(), 200);
        assert_eq!(scan(300.0).raster_dpi(), 300);
        assert_eq!(scan(600.0).raster_dpi(), 400);
    }

    #[test]
    fn a_stamp_over_a_scan_is_not_its_text() {
        let pages = pages();
        let text = "SAO Y\nBộ Công an\nThời gian ký: 2025-09-16T14:37:50+07:00\n";
        assert_eq!(judge(text, &pages[0], &stamp()), Verdict::Ocr);
        assert_eq!(judge("", &pages[0], &[]), Verdict::Ocr);
    }

    #[test]
    fn a_text_layer_that_covers_its_scan_is_read() {
        let pages = pages();
        // A searchable scan: an OCR layer of 20 lines in large print over the image.
        let words: Vec<Word> = (0..20)
            .map(|i| Word {
                rect: Rect {
                    x0: 60.0,
                    y0: 60.0 + 36.0 * i as f64,
                    x1: 540.0,
                    y1: 84.0 + 36.0 * i as f64,
                },
                text: "Kế hoạch thực hiện giảm nghèo bền vững".into(),
            })
            .collect();
        let text = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(may_be_overlay(&text), "short enough to be weighed");
        assert_eq!(judge(&text, &pages[0], &words), Verdict::Layer);
        // Without a scan, the layer is judged by its characters alone.
        assert_eq!(judge(&text, &pages[1], &[]), Verdict::Layer);
        assert_eq!(
            judge("\u{FFFD}\u{FFFD}\u{FFFD}", &pages[1], &[]),
            Verdict::Ocr
        );
        // A page of text is its text, whatever lies under it.
        let long = text.repeat(3);
        assert!(!may_be_overlay(&long));
        assert_eq!(judge(&long, &pages[0], &[]), Verdict::Layer);
    }

    #[test]
    fn word_boxes_from_pdftotext() {
        let xhtml = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head><title></title></head><body><doc>
  <page width="604.799990" height="828.864010">
    <word xMin="411.500000" yMin="6.434010" xMax="431.500000" yMax="15.514010">SAO</word>
    <word xMin="411.5" yMin="16.4" xMax="423.2" yMax="25.5">B&amp;ộ</word>
  </page>
  <page width="604.799990" height="828.864010">
  </page>
</doc></body></html>"#;
        let pages = parse_words(xhtml).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0][1].text, "B&ộ");
        assert_eq!(pages[0][0].rect.x1, 431.5);
        assert!(pages[1].is_empty());
    }
}
