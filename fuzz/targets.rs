// The fuzz targets: a name and the entry point it feeds bytes to. Shared by
// the fuzzer (fuzz/src/main.rs) and the regression test that replays every
// input the fuzzer found (tests/fuzz_regressions.rs), so adding a target is
// one line here.

use vnplan::read::{legacy, Format, SourceText};

pub type Entry = fn(&[u8]);

pub const TARGETS: &[(&str, Entry)] = &[
    ("pipeline", pipeline),
    ("text", |bytes| drop(vnplan::read::decode(bytes))),
    ("markdown", |bytes| as_text(bytes, Format::Markdown)),
    ("plain", |bytes| as_text(bytes, Format::Text)),
    ("legacy", legacy_8bit),
];

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
