// The fuzz targets: a name and the entry point it feeds bytes to. Shared by
// the fuzzer (fuzz/src/main.rs) and the regression test that replays every
// input the fuzzer found (tests/fuzz_regressions.rs), so adding a target is
// one line here.

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use vnplan::read::{docx, html, legacy, Format, SourceText};

pub type Entry = fn(&[u8]);

pub const TARGETS: &[(&str, Entry)] = &[
    ("pipeline", pipeline),
    ("text", |bytes| drop(vnplan::read::decode(bytes))),
    ("markdown", |bytes| as_text(bytes, Format::Markdown)),
    ("plain", |bytes| as_text(bytes, Format::Text)),
    ("legacy", legacy_8bit),
    ("docx", |bytes| {
        drop(docx::read(bytes, docx::Limits::default()))
    }),
    ("docx-body", docx_body),
    ("html", |bytes| drop(html::read(bytes))),
    ("query", |bytes| {
        drop(vnplan::index::query::parse(&String::from_utf8_lossy(bytes)))
    }),
];

/// The DOCX fixture whose parts surround the fuzzed document part.
const TEMPLATE: &[u8] = include_bytes!("../fixtures/docx/000_eba3d3845090eb91.docx");
/// Where a package keeps its body, which `docx-body` replaces.
pub const DOCUMENT_PART: &str = "word/document.xml";

/// The bytes as the document part of a real package (its styles, numbering
/// and notes kept): random bytes seldom make a valid zip, so the `docx`
/// target alone would spend its time in the archive reader.
fn docx_body(bytes: &[u8]) {
    drop(docx::read(
        &with_document_part(bytes),
        docx::Limits::default(),
    ));
}

/// The template package with its document part replaced by `document`.
pub fn with_document_part(document: &[u8]) -> Vec<u8> {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    let parts = PARTS.get_or_init(|| {
        let mut archive = zip::ZipArchive::new(Cursor::new(TEMPLATE)).expect("template zip");
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).expect("template entry");
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).expect("template entry");
                (
                    file.name().expect("template entry name").into_owned(),
                    bytes,
                )
            })
            .collect()
    });
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in parts {
        let part = if name == DOCUMENT_PART {
            document
        } else {
            part
        };
        out.start_file(name.as_str(), stored).expect("zip entry");
        out.write_all(part).expect("zip entry");
    }
    out.finish().expect("zip").into_inner()
}

/// The whole pipeline on a text file (PDFs are read by child processes, outside it).
fn pipeline(bytes: &[u8]) {
    if !bytes.starts_with(b"%PDF") {
        drop(vnplan::process("fuzz.txt", bytes));
    }
}

/// Normalise and segment text given as `format`, whatever its sniffed format.
fn as_text(bytes: &[u8], format: Format) {
    let source = SourceText {
        text: String::from_utf8_lossy(bytes).into_owned(),
        format,
        encoding: "utf-8",
    };
    drop(vnplan::segment::segment(vnplan::normalize::normalize(
        &source,
    )));
}

/// Bytes in an 8-bit legacy encoding, decoded and converted as the reader does.
fn legacy_8bit(bytes: &[u8]) {
    let (text, _) = legacy::decode_8bit(bytes);
    if let Some(encoding) = legacy::detect(&text) {
        drop(legacy::to_unicode(&text, encoding));
    }
}
