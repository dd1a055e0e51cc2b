//! The whole pipeline over the bundled plans: every output matches the schema,
//! and the scores against gold stay above the thresholds the issues set.

mod common;

use common::{fixtures, ingest, plans, root};
use vnplan::eval::{evaluate_dirs, Report};

fn seeds_report() -> Report {
    let (data, output) = ingest(&[&fixtures("seeds")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(plans(data.path()).len(), 5);
    evaluate_dirs(&fixtures("gold"), data.path()).unwrap()
}

#[test]
fn committed_schema_is_the_generated_one() {
    let committed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("schemas/plan.schema.json")).unwrap())
            .unwrap();
    assert_eq!(
        committed,
        vnplan::write::plan_schema(),
        "run `vnplan schema > schemas/plan.schema.json`"
    );
}

#[test]
fn sections_and_metadata_meet_the_thresholds() {
    let r = seeds_report();
    assert!(r.unpredicted.is_empty());
    assert_eq!(r.sections.f1(), 1.0, "{:?}", r.misses);
    assert_eq!(r.section_kind.value(), 1.0);
    assert!(
        r.metadata_all.value() >= 0.95,
        "metadata {:.3}",
        r.metadata_all.value()
    );
}

#[test]
fn citations_meet_the_thresholds() {
    let r = seeds_report();
    assert!(
        r.citations.f1() >= 0.97,
        "citations F1 {:.3}: {:?}",
        r.citations.f1(),
        r.misses
    );
    assert!(
        r.citation_date.value() >= 0.95,
        "date {:.3}",
        r.citation_date.value()
    );
    assert!(
        r.citation_issuer.value() >= 0.95,
        "issuer {:.3}",
        r.citation_issuer.value()
    );
}

#[test]
fn assignments_meet_the_threshold() {
    let r = seeds_report();
    assert!(
        r.assignments.f1() >= 0.9,
        "assignments F1 {:.3}: {:?}",
        r.assignments.f1(),
        r.misses
    );
}

#[test]
fn targets_meet_the_thresholds() {
    let r = seeds_report();
    assert!(
        r.targets.f1() >= 0.85,
        "targets F1 {:.3}: {:?}",
        r.targets.f1(),
        r.misses
    );
    assert!(
        r.target_indicator.value() >= 0.8,
        "indicator {:.3}",
        r.target_indicator.value()
    );
}

#[test]
fn tables_meet_the_threshold() {
    let r = seeds_report();
    assert!(
        r.table_cells.value() >= 0.98,
        "table cells {:.3}",
        r.table_cells.value()
    );
    assert_eq!(
        r.tables.predicted, r.tables.gold,
        "no table where there is none"
    );
}

#[test]
fn corpus_plans_are_read_with_their_roman_sections() {
    let (data, output) = ingest(&[&fixtures("corpus")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plans = plans(data.path());
    assert_eq!(plans.len(), 3);
    for plan in plans {
        let numbers: Vec<&str> = plan["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["number"].as_str().unwrap())
            .collect();
        assert!(
            numbers.len() >= 4 && numbers[..3] == ["I", "II", "III"],
            "{}: {numbers:?}",
            plan["source"]["path"]
        );
        assert!(
            plan["closing"]["signer"].is_string(),
            "{}",
            plan["source"]["path"]
        );
        // A heading wrapped inside markdown emphasis ("*2.4. Bộ\nChỉ huy Quân sự tỉnh*") stays whole.
        let mut short = Vec::new();
        short_headings(&plan["sections"], &mut short);
        assert!(short.is_empty(), "{}: {short:?}", plan["source"]["path"]);
        assert_eq!(plan["metadata"]["level"], "province");
    }
}

/// Section headings of fewer than four characters: a name cut off, or nothing.
fn short_headings(sections: &serde_json::Value, out: &mut Vec<String>) {
    for s in sections.as_array().unwrap() {
        let heading = s["heading"].as_str().unwrap();
        if heading.chars().count() < 4 {
            out.push(format!("{} {heading:?}", s["number"]));
        }
        short_headings(&s["children"], out);
    }
}

#[test]
fn ids_are_stable_and_outputs_deterministic() {
    let (a, _) = ingest(&[&fixtures("seeds")]);
    let (b, _) = ingest(&[&fixtures("seeds")]);
    let mut left = plans(a.path());
    let mut right = plans(b.path());
    let by_id = |p: &serde_json::Value| p["id"].as_str().unwrap().to_string();
    left.sort_by_key(by_id);
    right.sort_by_key(by_id);
    for (l, r) in left.iter().zip(&right) {
        assert_eq!(l["id"], r["id"]);
        assert_eq!(l["sections"], r["sections"]);
    }
}

#[test]
fn every_offset_points_into_the_text_and_back_to_a_source_line() {
    let (data, _) = ingest(&[&fixtures("seeds")]);
    for plan in plans(data.path()) {
        let text = plan["text"].as_str().unwrap();
        let source =
            std::fs::read_to_string(root().join(plan["source"]["path"].as_str().unwrap())).unwrap();
        let lines = source.lines().count() as u64;
        fn walk(sections: &serde_json::Value, text: &str, lines: u64) {
            for s in sections.as_array().unwrap() {
                let (start, end) = (
                    s["span"]["start"].as_u64().unwrap() as usize,
                    s["span"]["end"].as_u64().unwrap() as usize,
                );
                assert!(
                    start < end
                        && end <= text.len()
                        && text.is_char_boundary(start)
                        && text.is_char_boundary(end)
                );
                let heading_word = s["heading"]
                    .as_str()
                    .unwrap()
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                assert!(
                    text[start..end].contains(heading_word),
                    "{heading_word} not in its span"
                );
                assert!((1..=lines).contains(&s["line"].as_u64().unwrap()));
                walk(&s["children"], text, lines);
            }
        }
        walk(&plan["sections"], text, lines);
    }
}
