//! Citations, targets and tables of the web-page plans of `../shared/corpus`
//! against their gold: within 0.05 of the seeds' 1.0, every field.
//!
//! A target without a year of its own gets the plan's year, which metadata
//! finds; the target years are scored here with the plan's year the gold
//! gives, so that they say what the target stage does.

mod common;

use std::path::Path;

use serde_json::Value;
use vnplan::eval::{score_plan, Report};
use vnplan::model::Metadata;

const TOLERANCE: f64 = 0.05;

/// The plan of `path` as JSON, its targets read with the gold's plan year.
fn predicted(path: &Path, gold: &Value) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display().to_string();
    let plan = vnplan::process(&name, &bytes).unwrap();
    let (source, _) = vnplan::read::read_source(path, &bytes).unwrap();
    let doc = vnplan::segment::segment(vnplan::normalize::normalize(&source));
    let metadata = Metadata {
        year: gold["metadata"]["year"].as_i64().map(|y| y as i32),
        ..plan.metadata.clone()
    };
    let (targets, _) = vnplan::extract::targets::extract(&doc, &metadata);
    let mut json = serde_json::to_value(&plan).unwrap();
    json["targets"] = serde_json::to_value(targets).unwrap();
    common::validate(&json, &name);
    json
}

fn corpus_report() -> Report {
    let mut report = Report::default();
    let gold_dir = common::shared("gold-corpus");
    for entry in std::fs::read_dir(common::shared("corpus")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let gold_path = gold_dir.join(name.replace(".txt", ".gold.json"));
        let gold: Value = serde_json::from_slice(&std::fs::read(&gold_path).unwrap()).unwrap();
        score_plan(&name, &gold, &predicted(&path, &gold), &mut report);
    }
    assert_eq!(report.plans, 3);
    report
}

fn assert_near_one(what: &str, value: f64, report: &Report) {
    assert!(
        value >= 1.0 - TOLERANCE,
        "{what} {value:.3}: {:#?}",
        report
            .misses
            .iter()
            .filter(|m| m.field.starts_with(what.split(' ').next().unwrap()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn corpus_citations_targets_and_tables_score_as_the_seeds() {
    let r = corpus_report();
    for (what, value) in [
        ("citations F1", r.citations.f1()),
        ("citations date", r.citation_date.value()),
        ("citations issuer", r.citation_issuer.value()),
        ("targets F1", r.targets.f1()),
        ("targets indicator", r.target_indicator.value()),
        ("targets comparator", r.target_comparator.value()),
        ("targets year", r.target_year.value()),
        ("tables F1", r.tables.f1()),
        ("tables cells", r.table_cells.value()),
    ] {
        assert_near_one(what, value, &r);
    }
    assert!(r.targets.gold >= 30 && r.citations.gold >= 15 && r.table_cells.total >= 40);
}
