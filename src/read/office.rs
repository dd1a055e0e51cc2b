//! Office documents: DOCX read directly ([`super::docx`]); Word 97-2003,
//! OpenDocument text and RTF converted to DOCX by LibreOffice first, then
//! read the same way.
//!
//! Each conversion runs `soffice --headless --convert-to docx` as a child
//! process under a time limit, with a profile directory of its own:
//! LibreOffice lets one profile serve one process, so conversions running
//! in parallel (the batch reads files on every core) would otherwise wait
//! on or break each other. The input is copied into a scratch directory
//! that is removed whatever happens, with the profile and the output.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{child, docx, Format, ReadError, SourceText};

/// OLE2 compound file, the container of Word 97-2003 documents.
const OLE2_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODT_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.text";

/// The Debian package that gives LibreOffice headless for text documents.
const LIBREOFFICE_PACKAGE: &str = "libreoffice-writer-nogui";

#[derive(Debug, Clone)]
pub struct Options {
    /// The LibreOffice program.
    pub soffice: String,
    pub timeout: Duration,
    pub limits: docx::Limits,
}

impl Default for Options {
    fn default() -> Self {
        // A cold start with a new profile takes 7 s on a quiet machine and
        // 30-50 s on a loaded one.
        Options {
            soffice: "soffice".into(),
            timeout: Duration::from_secs(240),
            limits: docx::Limits::default(),
        }
    }
}

/// The office format of `bytes`, sniffed from their content.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"{\\rtf") {
        return Some(Format::Rtf);
    }
    if bytes.starts_with(&OLE2_MAGIC) && has_stream(bytes, "WordDocument") {
        return Some(Format::Doc);
    }
    // Any other zip is read as a Word package, which names what it lacks
    // (a truncated upload, a spreadsheet).
    if !bytes.starts_with(b"PK\x03\x04") {
        None
    } else if is_odt(bytes) {
        Some(Format::Odt)
    } else {
        Some(Format::Docx)
    }
}

/// Whether the compound file's directory names a stream `name`: directory
/// entries hold their names in UTF-16LE, NUL-terminated.
fn has_stream(bytes: &[u8], name: &str) -> bool {
    let mut pattern: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    pattern.extend_from_slice(&[0, 0]);
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

/// An OpenDocument package starts with an uncompressed `mimetype` entry.
fn is_odt(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let Ok(mut entry) = zip.by_name("mimetype") else {
        return false;
    };
    let mut head = Vec::new();
    use std::io::Read;
    (&mut entry).take(128).read_to_end(&mut head).is_ok() && head.trim_ascii() == ODT_MIMETYPE
}

/// Reads an office document of `format` (from [`sniff`]) as markdown.
pub fn read(bytes: &[u8], format: Format, options: &Options) -> Result<SourceText, ReadError> {
    let text = match format {
        Format::Docx => docx::read(bytes, options.limits)?,
        _ => docx::read(&convert(bytes, format, options)?, options.limits)?,
    };
    if text.trim().is_empty() {
        return Err(ReadError::Blank);
    }
    Ok(SourceText {
        text,
        format,
        encoding: format.name(),
    })
}

/// The DOCX that LibreOffice makes of a DOC, ODT or RTF file.
pub fn convert(bytes: &[u8], format: Format, options: &Options) -> Result<Vec<u8>, ReadError> {
    if !child::on_path(&options.soffice) {
        return Err(ReadError::Office(format!(
            "{} files are converted by LibreOffice, which is not installed: install {LIBREOFFICE_PACKAGE} (apt)",
            format.name().to_uppercase()
        )));
    }
    let scratch = tempfile::Builder::new()
        .prefix("vnplan-office-")
        .tempdir()
        .map_err(ReadError::Io)?;
    let input = scratch.path().join(format!("source.{}", format.name()));
    std::fs::write(&input, bytes)?;
    let profile = scratch.path().join("profile");
    let out_dir = scratch.path().join("out");
    let mut cmd = Command::new(&options.soffice);
    cmd.arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&input)
        // Its own temporary files go with the scratch directory.
        .env("TMPDIR", scratch.path());
    let log = child::run(cmd, child::Limits::wall(options.timeout))
        .map_err(|e| ReadError::Office(format!("LibreOffice could not convert the file: {e}")))?;
    let output = out_dir.join("source.docx");
    std::fs::read(&output).map_err(|_| {
        let said = child::last_line(&log);
        ReadError::Office(format!(
            "LibreOffice made no DOCX of the file{}",
            if said.is_empty() {
                String::new()
            } else {
                format!(" ({said})")
            }
        ))
    })
}

/// A `file://` URL of an absolute path, with the bytes URLs may not hold escaped.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_sniffed_from_content() {
        assert_eq!(sniff(b"{\\rtf1\\ansi Ke hoach}"), Some(Format::Rtf));
        let mut doc = OLE2_MAGIC.to_vec();
        doc.extend(std::iter::repeat_n(0u8, 100));
        assert_eq!(sniff(&doc), None, "an OLE2 file without a Word stream");
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        doc.extend([0, 0]);
        assert_eq!(sniff(&doc), Some(Format::Doc));
        assert_eq!(sniff("KẾ HOẠCH".as_bytes()), None);
        assert_eq!(sniff(b"PK\x03\x04 truncated"), Some(Format::Docx));
    }

    #[test]
    fn odt_is_known_by_its_mimetype_entry() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(ODT_MIMETYPE).unwrap();
        assert_eq!(
            sniff(&zip.finish().unwrap().into_inner()),
            Some(Format::Odt)
        );
    }

    #[test]
    fn without_libreoffice_the_error_names_the_package() {
        let options = Options {
            soffice: "vnplan-no-such-soffice".into(),
            ..Options::default()
        };
        let err = read(b"{\\rtf1 x}", Format::Rtf, &options)
            .unwrap_err()
            .to_string();
        assert!(err.contains(LIBREOFFICE_PACKAGE), "{err}");
    }

    #[test]
    fn profile_urls_escape_what_urls_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/hồ sơ")),
            "file:///tmp/a%20b/h%E1%BB%93%20s%C6%A1"
        );
    }
}
