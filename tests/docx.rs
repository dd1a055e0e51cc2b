//! Word files: the DOCX fixtures (scripts/make-office-fixtures.py) score as
//! their text seeds do, and a real Word 97 file of ../shared is read through
//! LibreOffice. The DOC test needs LibreOffice (.ci/run installs it);
//! without it the test says so and stops.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_close, fixtures, ingest, plans, score, shared, vnplan};
use vnplan::eval::evaluate_dirs;

const SEEDS: [&str; 5] = [
    "000_eba3d3845090eb91",
    "001_4b0e3b8465e57477",
    "002_429e92981eab9d16",
    "003_e74546dc58b16c27",
    "004_51edf642af5df24a",
];

fn paths(dir: &str, extension: &str) -> Vec<PathBuf> {
    SEEDS
        .iter()
        .map(|s| fixtures(&format!("{dir}/{s}.{extension}")))
        .collect()
}

fn refs(paths: &[PathBuf]) -> Vec<&Path> {
    paths.iter().map(PathBuf::as_path).collect()
}

#[test]
fn docx_fixtures_score_as_the_text_seeds() {
    let text = paths("seeds", "txt");
    let docx = paths("docx", "docx");
    let from_text = score(&refs(&text), &SEEDS, "txt");
    let from_docx = score(&refs(&docx), &SEEDS, "docx");
    assert_close(&from_text, &from_docx, 0.02, "DOCX");
}

#[test]
fn docx_fixtures_keep_what_word_holds_apart_from_the_text() {
    let (data, output) = ingest(&[fixtures("docx").as_path()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plans = plans(data.path());
    assert_eq!(plans.len(), SEEDS.len());
    for plan in &plans {
        assert_eq!(plan["source"]["format"], "docx");
        let text = plan["text"].as_str().unwrap();
        assert!(!text.contains("[^"), "footnote markers are resolved");
        assert!(!text.contains('\\'), "escapes are resolved");
    }
    let with_notes = plans
        .iter()
        .find(|p| p["source"]["path"].as_str().unwrap().contains("001_"))
        .unwrap();
    let notes = with_notes["footnotes"].as_array().unwrap();
    assert_eq!(notes.len(), 14);
    assert!(notes.iter().all(|n| n["anchor"].is_u64()), "{notes:?}");
    let with_table = plans
        .iter()
        .find(|p| p["source"]["path"].as_str().unwrap().contains("000_"))
        .unwrap();
    assert_eq!(with_table["tables"][0]["layout"], "pipe");
    assert_eq!(
        with_table["tables"][0]["header"][3]["children"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "the merged header cell heads its four columns"
    );
}

fn libreoffice_present() -> bool {
    let ok = vnplan::read::child::on_path("soffice");
    if !ok {
        eprintln!("skipped: LibreOffice is not installed (see README)");
    }
    ok
}

#[test]
fn a_real_word_97_plan_is_read_through_libreoffice() {
    if !libreoffice_present() {
        return;
    }
    let name = "14_lamdong-kh-2026-xa-phuong-khong-ma-tuy";
    let (data, output) = ingest(&[shared("real").join(format!("{name}.doc")).as_path()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plans = plans(data.path());
    let plan = &plans[0];
    assert_eq!(plan["source"]["format"], "doc");
    let numbers: Vec<&str> = plan["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["I", "II", "III", "IV", "V"]);
    let metadata = &plan["metadata"];
    assert_eq!(metadata["issuer"], "Ủy ban nhân dân tỉnh Lâm Đồng");
    assert_eq!(metadata["locality"], "Lâm Đồng");
    assert_eq!(metadata["signer"], "Nguyễn Minh");
    assert!(
        metadata["number"].is_null(),
        "the draft's blank number is no number"
    );

    let gold = tempfile::tempdir().unwrap();
    let file = format!("{name}.gold.json");
    std::fs::copy(shared("gold-real").join(&file), gold.path().join(&file)).unwrap();
    let report = evaluate_dirs(gold.path(), data.path()).unwrap();
    eprintln!(
        "{name}: sections {:.3}, citations {:.3}, targets {:.3}, metadata {:.3}",
        report.sections.f1(),
        report.citations.f1(),
        report.targets.f1(),
        report.metadata_all.value()
    );
    assert_eq!(report.sections.f1(), 1.0, "{:?}", report.misses);
}

#[test]
fn office_files_that_are_not_documents_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.docx");
    let mut bytes = std::fs::read(fixtures("docx/002_429e92981eab9d16.docx")).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&broken, &bytes).unwrap();
    let out = vnplan(&["show", broken.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.docx") && stderr.contains("zip archive"),
        "{stderr}"
    );
}
