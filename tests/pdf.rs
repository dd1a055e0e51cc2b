//! PDFs: text-layer and scanned plans score as their text seeds do; every
//! broken PDF gets its own clear error and the rest of the run is written.
//! Needs poppler-utils and tesseract-ocr-vie (.ci/run installs them); without
//! them the tests say so and stop.

mod common;

use std::process::Command;

use common::{assert_close, fixtures, ingest, plans, score};
use vnplan::read::pdf::{self, Engine, Options};

fn tools_present() -> bool {
    let present = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    let ok = present("pdftotext") && present("pdftoppm") && present("tesseract");
    if !ok {
        eprintln!("skipped: poppler-utils and tesseract-ocr are not installed (see README)");
    }
    ok
}

#[test]
fn text_layer_pdfs_score_as_the_text_seeds() {
    if !tools_present() {
        return;
    }
    let seeds = ["000_eba3d3845090eb91", "002_429e92981eab9d16"];
    let text: Vec<_> = seeds
        .iter()
        .map(|s| fixtures(&format!("seeds/{s}.txt")))
        .collect();
    let pdfs: Vec<_> = seeds
        .iter()
        .map(|s| fixtures(&format!("pdf/{s}.pdf")))
        .collect();
    let from_text = score(
        &text.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
        &seeds,
        "txt",
    );
    let from_pdf = score(
        &pdfs.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
        &seeds,
        "pdf",
    );
    assert_close(&from_text, &from_pdf, 0.02, "text-layer PDF");
}

#[test]
fn scanned_pdfs_score_close_to_the_text_seeds() {
    if !tools_present() {
        return;
    }
    let seed = "002_429e92981eab9d16";
    let from_text = score(&[&fixtures(&format!("seeds/{seed}.txt"))], &[seed], "txt");
    let from_scan = score(
        &[&fixtures(&format!("pdf/scanned/{seed}.pdf"))],
        &[seed],
        "pdf",
    );
    assert_close(&from_text, &from_scan, 0.1, "scanned PDF");
}

#[test]
fn pages_say_how_they_were_read() {
    if !tools_present() {
        return;
    }
    let (data, _) = ingest(&[
        &fixtures("pdf/scanned/002_429e92981eab9d16.pdf"),
        &fixtures("pdf/002_429e92981eab9d16.pdf"),
    ]);
    for plan in plans(data.path()) {
        let pages = plan["source"]["pages"].as_array().unwrap();
        assert!(!pages.is_empty());
        let scanned = plan["source"]["path"].as_str().unwrap().contains("scanned");
        let engine = if scanned { "tesseract" } else { "pdftotext" };
        assert!(pages.iter().all(|p| p["engine"] == engine), "{pages:?}");
        let warned = plan["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("OCR"));
        assert_eq!(warned, scanned, "numbers read by OCR are flagged");
    }
}

#[test]
fn both_text_layer_engines_read_the_same_plan() {
    if !tools_present() {
        return;
    }
    let path = fixtures("pdf/002_429e92981eab9d16.pdf");
    for engine in [Engine::Pdftotext, Engine::PdfExtract] {
        let pages = pdf::read(
            &path,
            &Options {
                engine,
                ..Options::default()
            },
        )
        .unwrap();
        assert!(pages.iter().all(|p| p.engine == engine), "{engine:?}");
        let text: String = pages.iter().map(|p| p.text.as_str()).collect();
        assert!(text.contains("Kông Lơng Khơng"), "{engine:?}");
    }
}

#[test]
fn every_broken_pdf_has_its_own_error_and_the_rest_is_written() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures("broken-pdf")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        fixtures("pdf/002_429e92981eab9d16.pdf"),
        dir.path().join("good.pdf"),
    )
    .unwrap();
    std::fs::copy(
        fixtures("seeds/000_eba3d3845090eb91.txt"),
        dir.path().join("good.txt"),
    )
    .unwrap();
    let (data, output) = ingest(&[dir.path()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for (file, reason) in [
        ("encrypted.pdf", "password"),
        ("truncated.pdf", "xref"),
        ("missing-font.pdf", "no page has text"),
        ("deeply-nested.pdf", "not a plan"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no error for {file}: {stderr}"));
        assert!(line.contains(reason), "{line}");
    }
    assert_eq!(plans(data.path()).len(), 2, "{stderr}");
}
