//! PDFs: text-layer and scanned plans score as their text seeds do, office
//! scans (250-dpi JPEG, turned pages, blank backs, signature stamps) too;
//! every broken PDF gets its own clear error and the rest of the run is
//! written. Needs poppler-utils and tesseract-ocr-vie (.ci/run installs them);
//! without them the tests say so and stop.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{assert_close, fixtures, ingest, plans, score, score_plans, shared};
use serde_json::Value;
use vnplan::read::pdf::{self, Engine, Layer, Options};
use vnplan::read::ReadError;

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
    for engine in [Layer::Pdftotext, Layer::PdfExtract] {
        let read = pdf::read(
            &path,
            &Options {
                engine,
                ..Options::default()
            },
        )
        .unwrap();
        let pages = &read.pages;
        assert!(
            pages.iter().all(|p| p.engine == Engine::Layer(engine)),
            "{engine:?}"
        );
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
        ("deeply-nested.pdf", "not a document"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no error for {file}: {stderr}"));
        assert!(line.contains(reason), "{line}");
    }
    assert_eq!(plans(data.path()).len(), 2, "{stderr}");
}

const OFFICE_SEED: &str = "002_429e92981eab9d16";

/// An office scan of the seed (`fixtures/pdf/scans/SEED.KIND.pdf`) scores
/// within 0.1 of the seed's text on every field; returns its plan.
fn office_scan(kind: &str) -> Option<Value> {
    if !tools_present() {
        return None;
    }
    let text = fixtures(&format!("seeds/{OFFICE_SEED}.txt"));
    let scan = fixtures(&format!("pdf/scans/{OFFICE_SEED}.{kind}.pdf"));
    let from_text = score(&[&text], &[OFFICE_SEED], "txt");
    let (from_scan, mut read) = score_plans(&[&scan], &[OFFICE_SEED], &format!("{kind}.pdf"));
    assert_close(&from_text, &from_scan, 0.1, kind);
    let plan = read.pop().unwrap();
    let pages = plan["source"]["pages"].as_array().unwrap();
    for page in pages.iter().filter(|p| p["engine"] == "tesseract") {
        assert_eq!(
            page["dpi"], 250,
            "rasterised at the scan's own resolution: {page}"
        );
    }
    Some(plan)
}

fn engines_and_rotations(plan: &Value) -> Vec<(String, Value)> {
    plan["source"]["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["engine"].as_str().unwrap().to_string(),
                p["rotation"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_250_dpi_duplex_scan_reads_as_its_text_and_its_blank_back_is_blank() {
    let Some(plan) = office_scan("duplex") else {
        return;
    };
    let pages = engines_and_rotations(&plan);
    assert_eq!(pages.len(), 5);
    assert!(
        pages[..4].iter().all(|(e, _)| e == "tesseract"),
        "{pages:?}"
    );
    assert_eq!(pages[4], ("blank".to_string(), Value::Null));
    let warnings = plan["warnings"].as_array().unwrap();
    assert!(
        !warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("page 5")),
        "a blank page is no error: {warnings:?}"
    );
}

#[test]
fn turned_pages_are_read_upright() {
    let Some(plan) = office_scan("rotated") else {
        return;
    };
    let rotations: Vec<Value> = engines_and_rotations(&plan)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    // Page 2 is upside down, page 3 turned a quarter counter-clockwise.
    assert_eq!(rotations, [0, 180, 90, 0].map(Value::from));
}

#[test]
fn a_signature_stamp_over_a_scan_is_data_not_text() {
    let Some(plan) = office_scan("signed") else {
        return;
    };
    let signatures = plan["source"]["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 1, "{signatures:?}");
    let s = &signatures[0];
    assert_eq!(s["page"], 1);
    assert_eq!(s["signer"], "Ủy ban nhân dân xã Kông Lơng Khơng");
    assert_eq!(s["organization"], "Tỉnh Gia Lai");
    assert_eq!(s["time"], "2023-03-10T16:05:12+07:00");
    assert_eq!(s["copy"], false);
    let text = plan["text"].as_str().unwrap();
    for stamp_word in ["Thời gian ký", "Email", "gialai.gov.vn", "16:05"] {
        assert!(
            !text.contains(stamp_word),
            "the stamp is not in the text: {stamp_word}"
        );
    }
    assert_eq!(
        engines_and_rotations(&plan)[0].0,
        "tesseract",
        "page 1 is OCR'd under its stamp"
    );
}

#[test]
fn a_real_signed_office_scan_is_read_under_its_stamp() {
    if !tools_present() {
        return;
    }
    let path = shared("real").join("12_bca-cv4214-2025-trienkhai-mtqg-ma-tuy.scan.pdf");
    let read = pdf::read(&path, &Options::default()).unwrap();
    let first = &read.pages[0];
    assert_eq!(first.engine, Engine::Tesseract);
    assert_eq!(first.ocr.unwrap().dpi, 250);
    for header in [
        "BỘ CÔNG AN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số",
        "/BCA-C04",
        "V/v",
    ] {
        assert!(
            first.text.contains(header),
            "page 1 holds {header}: {}",
            first.text
        );
    }
    assert!(!first.text.contains("Thời gian ký"), "{}", first.text);
    let signature = &read.signatures[..];
    assert_eq!(signature.len(), 1);
    assert_eq!(
        signature[0].time.as_deref(),
        Some("2025-09-16T14:37:50+07:00")
    );
    assert_eq!(signature[0].signer.as_deref(), Some("Bộ Công an"));
    assert!(signature[0].copy, "SAO Y: a certified copy");
    assert!(read.pages.iter().all(|p| p.engine == Engine::Tesseract));
    // Its number and day are handwritten: kept as read, and flagged.
    assert!(
        read.warnings.iter().any(
            |w| w.starts_with("page 1: the number or date looks handwritten")
                && w.contains("dated 2025-09-16")
        ),
        "{:?}",
        read.warnings
    );
}

/// A PDF of `pages` blank pages, as small as such a file can be made.
fn blank_pages_pdf(pages: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(pages + 3);
    let mut object = |pdf: &mut Vec<u8>, body: String| {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", offsets.len()).as_bytes());
    };
    object(&mut pdf, "<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: String = (0..pages).map(|i| format!("{} 0 R ", i + 4)).collect();
    object(
        &mut pdf,
        format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>"),
    );
    object(&mut pdf, "<< /Length 0 >>\nstream\n\nendstream".into());
    for _ in 0..pages {
        object(
            &mut pdf,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << >> >>".into(),
        );
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for offset in &offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn a_pdf_of_a_hundred_thousand_pages_is_refused_at_once() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.pdf");
    std::fs::write(&path, blank_pages_pdf(100_000)).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 10 << 20);
    let start = Instant::now();
    let err = pdf::read(&path, &Options::default()).unwrap_err();
    assert!(matches!(err, ReadError::Limit(_)), "{err}");
    assert!(
        err.to_string()
            .contains("100000 pages, more than the page limit of 2000"),
        "{err}"
    );
    // pdfinfo reads the page tree, nothing reads the pages: seconds, not hours.
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    // Below the limit, blank pages are blank pages.
    std::fs::write(&path, blank_pages_pdf(3)).unwrap();
    let err = pdf::read(&path, &Options::default()).map(|r| r.pages);
    let pages = err.unwrap();
    assert!(pages.iter().all(|p| p.engine == Engine::Blank), "{pages:?}");
}

#[test]
fn rasters_are_removed_however_the_read_ends() {
    if !tools_present() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let options = Options {
        scratch: Some(scratch.path().to_path_buf()),
        ..Options::default()
    };
    let left_behind = || std::fs::read_dir(scratch.path()).unwrap().count();
    let scan = fixtures(&format!("pdf/scans/{OFFICE_SEED}.rotated.pdf"));
    let done = pdf::read(&scan, &options).unwrap();
    assert_eq!(done.pages.len(), 4);
    assert_eq!(left_behind(), 0, "after a read");
    let over_time = pdf::read(
        &scan,
        &Options {
            file_limit: Duration::from_millis(1),
            ..options.clone()
        },
    )
    .unwrap_err();
    assert!(over_time.to_string().contains("time limit"), "{over_time}");
    assert_eq!(left_behind(), 0, "after the file's limit");
    let stopped = vnplan::budget::within(Duration::from_millis(500), || pdf::read(&scan, &options));
    assert_eq!(stopped.unwrap_err().stage, "ocr");
    assert_eq!(left_behind(), 0, "after the batch's budget ran out");
}
