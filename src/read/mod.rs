//! Read: bytes in, decoded text and its format out.
//!
//! The format is sniffed from the content, never the file name: seed 003 is
//! markdown in a `.txt`. Anything that is not text is refused with a reason.
//! Legacy Vietnamese encodings (TCVN3, VNI, Windows-1258) are converted here,
//! before anything else reads the text ([`legacy`]); PDFs are read by
//! [`pdf`], which runs its engines as separate processes ([`child`]); Word,
//! OpenDocument and RTF files by [`office`] and [`docx`]; web pages by
//! [`html`].

pub mod child;
pub mod docx;
pub mod html;
pub mod legacy;
pub mod office;
pub mod pdf;

use std::path::Path;

use thiserror::Error;

use crate::model::{PageInfo, Signature};

/// The format a source came in. Readers of structured formats (Word, web
/// pages) hand the pipeline markdown: headings, bold, pipe tables and
/// footnotes are the one document model every reader writes and
/// [`crate::normalize`] reads, so no stage after this one knows formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    /// Text read from a PDF's pages (a text layer or OCR).
    Pdf,
    Docx,
    /// Word 97-2003, converted to DOCX by LibreOffice.
    Doc,
    /// OpenDocument text, converted to DOCX by LibreOffice.
    Odt,
    /// Rich Text Format, converted to DOCX by LibreOffice.
    Rtf,
    Html,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Html => "html",
        }
    }

    /// Whether the text read from this format is markdown.
    pub fn is_markdown(self) -> bool {
        !matches!(self, Format::Text | Format::Pdf)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub text: String,
    pub format: Format,
    pub encoding: &'static str,
}

#[derive(Debug, Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is empty")]
    Empty,
    #[error("the file holds no text, only white space")]
    Blank,
    #[error("binary content ({0}), not a text plan")]
    Binary(&'static str),
    #[error("{0} files are not supported by this reader")]
    Unsupported(&'static str),
    #[error("cannot read the PDF: {0}")]
    Pdf(String),
    #[error("cannot read the office document: {0}")]
    Office(String),
    /// A named limit (pages, time) the file is over: refused rather than read for hours.
    #[error("{0}")]
    Limit(String),
}

/// How a source was read, beside its text: a PDF's pages and the signature
/// stamps over them, and what the reader is unsure of.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    pub pages: Vec<PageInfo>,
    pub signatures: Vec<Signature>,
    pub warnings: Vec<String>,
}

/// Reads a source: PDFs through [`pdf`] (the file at `path`), office
/// documents through [`office`], web pages through [`html`], anything else
/// from `bytes` through [`decode`].
pub fn read_source(path: &Path, bytes: &[u8]) -> Result<(SourceText, Reading), ReadError> {
    if html::sniff(bytes) {
        return Ok((html::read(bytes)?, Reading::default()));
    }
    if let Some(format) = office::sniff(bytes) {
        return Ok((
            office::read(bytes, format, &office::Options::default())?,
            Reading::default(),
        ));
    }
    if !bytes.starts_with(b"%PDF") {
        return Ok((decode(bytes)?, Reading::default()));
    }
    let read = pdf::read(path, &pdf::Options::default())?;
    let text = read
        .pages
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.trim().is_empty() {
        return Err(ReadError::Pdf(
            "no page has text, in its text layer or by OCR (fonts missing?)".into(),
        ));
    }
    let pages = read
        .pages
        .iter()
        .map(|p| PageInfo {
            number: p.number,
            engine: p.engine.name().to_string(),
            chars: p.text.chars().count(),
            dpi: p.ocr.map(|o| o.dpi),
            rotation: p.ocr.and_then(|o| o.rotation),
            // One decimal: the confidence is a rough measure.
            confidence: p
                .ocr
                .and_then(|o| o.confidence)
                .map(|c| (c * 10.0).round() / 10.0),
        })
        .collect();
    Ok((
        SourceText {
            text,
            format: Format::Pdf,
            encoding: "pdf",
        },
        Reading {
            pages,
            signatures: read.signatures,
            warnings: read.warnings,
        },
    ))
}

/// Decodes UTF-8 (with or without BOM) and UTF-16 (with BOM, or detected from
/// its zero bytes), then sniffs the format.
pub fn decode(bytes: &[u8]) -> Result<SourceText, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ReadError::Unsupported("PDF"));
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (utf8(rest)?, "utf-8")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (utf16(rest, u16::from_le_bytes)?, "utf-16le")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (utf16(rest, u16::from_be_bytes)?, "utf-16be")
    } else if let Some(endian) = utf16_without_bom(bytes) {
        match endian {
            Endian::Little => (utf16(bytes, u16::from_le_bytes)?, "utf-16le"),
            Endian::Big => (utf16(bytes, u16::from_be_bytes)?, "utf-16be"),
        }
    } else {
        match utf8(bytes) {
            Ok(text) => (text, "utf-8"),
            // Not UTF-8 but text-like: an 8-bit Vietnamese encoding.
            Err(_) if !looks_binary(bytes) => {
                let (text, encoding) = legacy::decode_8bit(bytes);
                (text, encoding)
            }
            Err(e) => return Err(e),
        }
    };
    let (text, encoding) = match legacy::detect(&text) {
        Some(l) if encoding == "utf-8" || encoding.starts_with("utf-16") => {
            (legacy::to_unicode(&text, l), l.name())
        }
        _ => (text, encoding),
    };
    if text.trim().is_empty() {
        return Err(ReadError::Blank);
    }
    // C0 controls are single bytes in UTF-8, so a byte count is exact and fast.
    let controls = text
        .bytes()
        .filter(|&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls * 100 > text.len() {
        return Err(ReadError::Binary("control characters"));
    }
    let format = sniff_format(&text);
    Ok(SourceText {
        text,
        format,
        encoding,
    })
}

/// NUL bytes or many control bytes: not text in any encoding.
fn looks_binary(bytes: &[u8]) -> bool {
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    bytes.contains(&0) || controls * 100 > bytes.len()
}

fn utf8(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.contains(&0) {
        return Err(ReadError::Binary("NUL bytes"));
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| ReadError::Binary("not UTF-8 or UTF-16 text"))
}

enum Endian {
    Little,
    Big,
}

/// ASCII-heavy UTF-16 has a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<Endian> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let odd_zero = sample.chunks(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    let even_zero = sample.chunks(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    if odd_zero * 10 >= pairs * 3 && even_zero == 0 {
        Some(Endian::Little)
    } else if even_zero * 10 >= pairs * 3 && odd_zero == 0 {
        Some(Endian::Big)
    } else {
        None
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ReadError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(ReadError::Binary("odd number of bytes for UTF-16"));
    }
    let units: Vec<u16> = bytes.chunks(2).map(|p| unit([p[0], p[1]])).collect();
    String::from_utf16(&units).map_err(|_| ReadError::Binary("invalid UTF-16"))
}

/// Markdown when several lines carry markdown structure: `#` headings,
/// lines wrapped in `**`, or pipe-table rows.
pub fn sniff_format(text: &str) -> Format {
    let mut signals = 0;
    for line in text.lines().take(2000) {
        let t = line.trim_start();
        let heading = t.starts_with('#') && t.trim_start_matches('#').starts_with(' ');
        let bold = t.starts_with("**") || t.trim_end().ends_with("**");
        let pipe = t.starts_with('|');
        if heading || bold || pipe {
            signals += 1;
            if signals >= 3 {
                return Format::Markdown;
            }
        }
    }
    Format::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Kế hoạch".as_bytes()).unwrap().text, "Kế hoạch");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Kế hoạch".as_bytes());
        assert_eq!(decode(&bom).unwrap().text, "Kế hoạch");
    }

    #[test]
    fn utf16_with_bom_both_endians() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Kế hoạch số 29".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Kế hoạch số 29".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().text, "Kế hoạch số 29");
        assert_eq!(decode(&be).unwrap().encoding, "utf-16be");
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let le: Vec<u8> = "Kế hoạch thực hiện năm 2024"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&le).unwrap().text, "Kế hoạch thực hiện năm 2024");
    }

    #[test]
    fn bad_inputs_have_reasons() {
        assert!(matches!(decode(b""), Err(ReadError::Empty)));
        assert!(matches!(decode(b"  \n\n "), Err(ReadError::Blank)));
        assert!(matches!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 0xff, 0xfe, 3]),
            Err(ReadError::Binary(_))
        ));
        assert!(matches!(
            decode(b"%PDF-1.7\n"),
            Err(ReadError::Unsupported("PDF"))
        ));
    }

    #[test]
    fn legacy_encodings_are_converted() {
        let tcvn3 = legacy::from_unicode(
            "Kế hoạch giảm nghèo huyện Bảo Thắng năm 2024",
            legacy::Legacy::Tcvn3,
        );
        let decoded = decode(tcvn3.as_bytes()).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            ("Kế hoạch giảm nghèo huyện Bảo Thắng năm 2024", "tcvn3")
        );
        let bytes: Vec<u8> = tcvn3.chars().map(|c| c as u32 as u8).collect();
        assert_eq!(decode(&bytes).unwrap().encoding, "tcvn3");
        let text = "Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn xã, hỗ trợ người nghèo.";
        let vni = legacy::from_unicode(text, legacy::Legacy::Vni);
        let decoded = decode(vni.as_bytes()).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), (text, "vni"));
    }

    #[test]
    fn format_is_sniffed_from_content() {
        assert_eq!(
            sniff_format("## KẾ HOẠCH\n#### I. MỤC ĐÍCH\n**Nơi nhận:**\n"),
            Format::Markdown
        );
        assert_eq!(
            sniff_format(" KẾ HOẠCH \n\nI. MỤC ĐÍCH\n- Một\n"),
            Format::Text
        );
    }
}
