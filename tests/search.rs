//! Search and target comparison over the bundled plans, through the CLI.

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use common::{fixtures, ingest, vnplan};
use serde_json::Value;

/// One ingest of the seeds shared by every test here.
fn data() -> &'static str {
    static DATA: OnceLock<tempfile::TempDir> = OnceLock::new();
    DATA.get_or_init(|| {
        let (dir, output) = ingest(&[&fixtures("seeds")]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        dir
    })
    .path()
    .to_str()
    .unwrap()
}

/// Passages found, as "file name#section id", by `vnplan search ... --format ndjson`.
fn found(args: &[&str]) -> BTreeSet<String> {
    let mut full = vec!["search"];
    full.extend_from_slice(args);
    full.extend(["--data", data(), "--format", "ndjson", "--limit", "500"]);
    let output = vnplan(&full);
    let stdout = String::from_utf8_lossy(&output.stdout);
    if output.status.code() == Some(1) {
        return BTreeSet::new();
    }
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .map(|l| {
            let hit: Value = serde_json::from_str(l).unwrap();
            let file = hit["source_path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()[..3]
                .to_string();
            format!("{file}#{}", hit["section_id"].as_str().unwrap())
        })
        .collect()
}

fn plans_of(passages: &BTreeSet<String>) -> BTreeSet<String> {
    passages.iter().map(|p| p[..3].to_string()).collect()
}

#[test]
fn project_in_words_with_and_without_diacritics() {
    let exact = found(&["Dự án 5"]);
    let folded = found(&["du an 5"]);
    assert_eq!(exact, folded);
    // Seed 000: section 2.5 (Dự án 5) and 2.7 (its lead: "Tổ chức thực hiện: Dự án 5").
    assert!(exact.contains("000#s3.2.5"), "{exact:?}");
    assert!(exact.contains("000#s3.2.7"), "{exact:?}");
    let plans = plans_of(&exact);
    assert!(plans.contains("003") && plans.contains("004"), "{plans:?}");
    assert!(
        !plans.contains("002"),
        "seed 002 never mentions Dự án 5: {exact:?}"
    );
}

#[test]
fn project_filter_finds_sections_tagged_through_footnotes() {
    // Seed 001 names its sub-project 6.2 only in a footnote on the heading.
    let tagged = found(&["--project", "6.2"]);
    assert!(plans_of(&tagged).contains("001"), "{tagged:?}");
    let all_six = found(&["--project", "6"]);
    assert!(tagged.is_subset(&all_six));
}

#[test]
fn citation_filter_returns_exactly_the_citing_plans() {
    let citing = plans_of(&found(&["--cites", "90/QĐ-TTg"]));
    assert_eq!(
        citing,
        BTreeSet::from(["000".to_string(), "002".into(), "003".into()])
    );
    assert_eq!(
        plans_of(&found(&["--cites", "90/QÐ-TTg"])),
        citing,
        "OCR's Ð is Đ"
    );
}

#[test]
fn filters_narrow() {
    let everything = plans_of(&found(&["giảm nghèo"]));
    assert_eq!(everything.len(), 5);
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--level", "district"])),
        BTreeSet::from(["001".to_string()])
    );
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--level", "province"])),
        BTreeSet::from(["004".to_string()])
    );
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--year", "2023"])),
        BTreeSet::from(["001".to_string(), "002".into()])
    );
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--year", "2022..2023"])).len(),
        3
    );
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--locality", "kong chro"])),
        BTreeSet::from(["000".to_string()])
    );
    let organization = found(&["giảm nghèo", "--kind", "organization"]);
    assert!(!organization.is_empty() && organization.len() < found(&["giảm nghèo"]).len());
}

#[test]
fn exact_diacritics_rank_first() {
    // The same sentence in a plan with its diacritics, and in one whose OCR lost them,
    // padded so that BM25 alone would prefer the OCR'd one (a shorter passage).
    let dir = tempfile::tempdir().unwrap();
    let plan = |body: &str| {
        format!("KẾ HOẠCH\n\nGiảm nghèo năm 2024\n\nI. MỤC TIÊU\n\n{body}\n\nII. TỔ CHỨC THỰC HIỆN\n\nCác đơn vị thực hiện.\n")
    };
    let padding = "Các ban, ngành phối hợp thực hiện các nhiệm vụ được giao trong năm. ".repeat(12);
    std::fs::write(
        dir.path().join("exact.txt"),
        plan(&format!("Hỗ trợ cán bộ giảm nghèo cấp xã. {padding}")),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ocr.txt"),
        plan("Ho tro can bo giam ngheo cap xa."),
    )
    .unwrap();
    let (data, output) = ingest(&[dir.path()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let data = data.path().to_str().unwrap();
    let search = |q: &str| -> Vec<String> {
        let out = vnplan(&["search", q, "--data", data, "--format", "ndjson"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["source_path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        search("cán bộ"),
        ["exact.txt", "ocr.txt"],
        "both match, the exact spelling first"
    );
    assert_eq!(
        search("can bo").len(),
        2,
        "a query without diacritics finds both"
    );
}

#[test]
fn nothing_found_and_malformed_queries_are_one_line_answers() {
    let none = vnplan(&["search", "xyzzyq", "--data", data()]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&none.stdout).trim().lines().count(),
        1
    );
    let bad = vnplan(&["search", "\"giảm nghèo", "--data", data()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unclosed quote (at character 1)"));
}

#[test]
fn export_is_a_bulk_body_with_stable_ids() {
    let output = vnplan(&["export", "--format", "ndjson", "--data", data()]);
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 100 && lines.len().is_multiple_of(2));
    let mapping: Value = serde_json::from_slice(
        &std::fs::read(common::root().join("schemas/opensearch-index.json")).unwrap(),
    )
    .unwrap();
    let properties = mapping["mappings"]["properties"].as_object().unwrap();
    let mut ids = BTreeSet::new();
    for pair in lines.chunks(2) {
        let id = pair[0]["index"]["_id"].as_str().unwrap();
        assert_eq!(pair[1]["id"], id);
        assert!(ids.insert(id.to_string()), "duplicate _id {id}");
        for field in pair[1].as_object().unwrap().keys() {
            assert!(
                properties.contains_key(field),
                "{field} is not in the mapping (dynamic: strict)"
            );
        }
    }
    let again = vnplan(&["export", "--data", data()]);
    assert_eq!(again.stdout, output.stdout, "ids and order are stable");
}

#[test]
fn poverty_rate_targets_and_their_csv() {
    let table = vnplan(&["targets", "--indicator", "poverty_rate", "--data", data()]);
    assert!(
        table.status.success(),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );
    let json = vnplan(&[
        "targets",
        "--indicator",
        "poverty_rate",
        "--format",
        "json",
        "--data",
        data(),
    ]);
    let rows: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();
    let values: BTreeSet<String> = rows
        .iter()
        .map(|r| format!("{}:{}", r["locality"].as_str().unwrap(), r["value"]))
        .collect();
    // A target's locality is the unit it is for, with its kind word.
    assert!(values.contains("thị trấn Kông Chro:20.28"), "{values:?}");
    assert!(values.contains("huyện Kon Rẫy:10.28"), "{values:?}");
    let from_table: Vec<&Value> = rows.iter().filter(|r| r["origin"] == "table").collect();
    assert_eq!(
        from_table.len(),
        7,
        "seed 000's annex gives a 2024 rate per residential group"
    );
    assert!(from_table
        .iter()
        .any(|r| r["locality"] == "DP 1" && r["value"] == 4.39 && r["parent"] == "Kông Chro"));
    let sorted: Vec<f64> = rows.iter().map(|r| r["value"].as_f64().unwrap()).collect();
    assert!(
        sorted.windows(2).all(|w| w[0] <= w[1]),
        "sorted by value for comparison"
    );
    let csv_out = vnplan(&[
        "targets",
        "--indicator",
        "poverty_rate",
        "--format",
        "csv",
        "--data",
        data(),
    ]);
    assert!(
        csv_out.stdout.starts_with("\u{feff}".as_bytes()),
        "CSV starts with a BOM for Excel"
    );
    let mut reader = csv::Reader::from_reader(&csv_out.stdout[3..]);
    let parsed: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(parsed.len(), rows.len());
    let headers = reader.headers().unwrap().clone();
    let quote_col = headers.iter().position(|h| h == "quote").unwrap();
    for (record, row) in parsed.iter().zip(&rows) {
        assert_eq!(
            &record[quote_col],
            row["quote"].as_str().unwrap(),
            "cells round-trip"
        );
    }
}
