//! Eval: scores plan JSON against the gold annotations, field by field, the
//! way GROBID evaluates every field against gold on every release.
//!
//! Matching rules follow `GUIDE.md`: metadata per field; sections by number
//! (case and spacing aside: "ĐIỀU 1" is "Điều 1") and heading, then kind
//! accuracy, over the top-level sections GUIDE.md lists (Roman numerals,
//! chapters, articles: a letter's numbered paragraphs are not among them);
//! citations by kind + number (then date and
//! issuer accuracy); targets by value + unit, one-to-one, preferring the same
//! indicator (then indicator, comparator and year accuracy); assignments by
//! project, subproject, role and agency; table cells by position. Strings are
//! compared in their canonical form ([`crate::vi::key::canonical`]).

pub mod report;
pub mod search;
mod targets;
mod values;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use targets::score_targets;
use values::{citation_number, list, listed_section, rows, same_value, section_number, show, text};

/// Precision, recall and F1 of one list field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ListScore {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
}

impl ListScore {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: &ListScore) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.matched += other.matched;
    }
}

/// Share of compared items that agree.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn value(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            ratio(self.correct, self.total)
        }
    }
    fn record(&mut self, ok: bool) {
        self.total += 1;
        self.correct += ok as usize;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        if a == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        a as f64 / b as f64
    }
}

/// One disagreement, for people to read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Miss {
    pub plan: String,
    pub field: String,
    /// "missed" (in gold, not predicted), "spurious" (predicted, not in gold) or "wrong" (attribute differs).
    pub kind: String,
    pub gold: Option<String>,
    pub predicted: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Report {
    pub plans: usize,
    /// Gold plans with no prediction (scored as all missed).
    pub unpredicted: Vec<String>,
    /// Metadata accuracy per field and over all fields.
    pub metadata: BTreeMap<String, Accuracy>,
    pub metadata_all: Accuracy,
    pub sections: ListScore,
    pub section_kind: Accuracy,
    pub citations: ListScore,
    pub citation_date: Accuracy,
    pub citation_issuer: Accuracy,
    pub targets: ListScore,
    pub target_indicator: Accuracy,
    pub target_comparator: Accuracy,
    pub target_year: Accuracy,
    pub assignments: ListScore,
    pub tables: ListScore,
    pub table_cells: Accuracy,
    pub misses: Vec<Miss>,
}

const METADATA_FIELDS: [&str; 10] = [
    "doc_type",
    "number",
    "date",
    "year",
    "level",
    "locality",
    "locality_kind",
    "issuer",
    "signer",
    "signer_title",
];

/// Scores every `*.gold.json` in `gold_dir` against the plan JSON in
/// `pred_dir` (a data directory with `plans/`, or a folder of plan JSON).
pub fn evaluate_dirs(gold_dir: &Path, pred_dir: &Path) -> Result<Report> {
    let plans_dir = if pred_dir.join("plans").is_dir() {
        pred_dir.join("plans")
    } else {
        pred_dir.to_path_buf()
    };
    let mut predictions: BTreeMap<String, Value> = BTreeMap::new();
    for entry in std::fs::read_dir(&plans_dir)
        .with_context(|| format!("cannot read {}", plans_dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let plan: Value = serde_json::from_slice(&std::fs::read(&path)?)
                .with_context(|| format!("{}: not JSON", path.display()))?;
            if let Some(source) = plan.pointer("/source/path").and_then(Value::as_str) {
                predictions.insert(file_name(source), plan);
            }
        }
    }
    let mut golds: Vec<(String, Value)> = Vec::new();
    for entry in std::fs::read_dir(gold_dir)
        .with_context(|| format!("cannot read {}", gold_dir.display()))?
    {
        let path = entry?.path();
        if path.to_string_lossy().ends_with(".gold.json") {
            let gold: Value = serde_json::from_slice(&std::fs::read(&path)?)
                .with_context(|| format!("{}: not JSON", path.display()))?;
            let source = gold
                .get("source")
                .and_then(Value::as_str)
                .map(file_name)
                .unwrap_or_default();
            golds.push((source, gold));
        }
    }
    golds.sort_by(|a, b| a.0.cmp(&b.0));
    let mut report = Report::default();
    for (source, gold) in &golds {
        let empty = Value::Null;
        let pred = predictions.get(source).unwrap_or_else(|| {
            report.unpredicted.push(source.clone());
            &empty
        });
        score_plan(source, gold, pred, &mut report);
    }
    Ok(report)
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Adds one plan's scores to `report`.
pub fn score_plan(plan: &str, gold: &Value, pred: &Value, report: &mut Report) {
    report.plans += 1;
    let mut misses: Vec<Miss> = Vec::new();
    let mut miss = |field: &str, kind: &str, g: Option<String>, p: Option<String>| {
        misses.push(Miss {
            plan: plan.into(),
            field: field.into(),
            kind: kind.into(),
            gold: g,
            predicted: p,
        })
    };

    for field in METADATA_FIELDS {
        let g = gold
            .pointer(&format!("/metadata/{field}"))
            .unwrap_or(&Value::Null);
        let p = pred
            .pointer(&format!("/metadata/{field}"))
            .unwrap_or(&Value::Null);
        let ok = same_value(g, p);
        report.metadata.entry(field.into()).or_default().record(ok);
        report.metadata_all.record(ok);
        if !ok {
            miss(&format!("metadata.{field}"), "wrong", show(g), show(p));
        }
    }

    let key_section = |s: &Value| format!("{}|{}", section_number(s), text(s, "heading"));
    let predicted_sections: Vec<Value> = list(pred, "sections")
        .iter()
        .filter(|s| listed_section(&section_number(s)))
        .cloned()
        .collect();
    let pairs = match_lists(
        list(gold, "sections"),
        &predicted_sections,
        key_section,
        &mut report.sections,
        "sections",
        &mut miss,
    );
    for (g, p) in pairs {
        let ok = text(g, "kind") == text(p, "kind");
        report.section_kind.record(ok);
        if !ok {
            miss(
                "sections.kind",
                "wrong",
                Some(key_section(g) + " " + &text(g, "kind")),
                Some(text(p, "kind")),
            );
        }
    }

    let key_citation = |c: &Value| {
        format!(
            "{}|{}",
            text(c, "kind").to_lowercase(),
            citation_number(&text(c, "number"))
        )
    };
    let pairs = match_lists(
        list(gold, "citations"),
        list(pred, "citations"),
        key_citation,
        &mut report.citations,
        "citations",
        &mut miss,
    );
    for (g, p) in pairs {
        for (field, acc) in [
            ("date", &mut report.citation_date),
            ("issuer", &mut report.citation_issuer),
        ] {
            let ok = same_value(&g[field], &p[field]);
            acc.record(ok);
            if !ok {
                miss(
                    &format!("citations.{field}"),
                    "wrong",
                    Some(key_citation(g) + " " + &show(&g[field]).unwrap_or_default()),
                    show(&p[field]),
                );
            }
        }
    }

    let key_assignment = |a: &Value| {
        format!(
            "{}.{}|{}|{}",
            show(&a["project"]).unwrap_or_default(),
            show(&a["subproject"]).unwrap_or_default(),
            text(a, "role"),
            text(a, "agency").to_lowercase()
        )
    };
    match_lists(
        list(gold, "assignments"),
        list(pred, "assignments"),
        key_assignment,
        &mut report.assignments,
        "assignments",
        &mut miss,
    );
    report.misses.extend(misses);
    score_targets(list(gold, "targets"), list(pred, "targets"), report, plan);

    let (gold_tables, pred_tables) = (list(gold, "tables"), list(pred, "tables"));
    let matched = gold_tables.len().min(pred_tables.len());
    report.tables.add(&ListScore {
        gold: gold_tables.len(),
        predicted: pred_tables.len(),
        matched,
    });
    for (i, g) in gold_tables.iter().enumerate() {
        let p_rows: Vec<Vec<String>> = pred_tables
            .get(i)
            .map(|p| rows(p, true))
            .unwrap_or_default();
        for (r, g_row) in rows(g, false).iter().enumerate() {
            for (c, cell) in g_row.iter().enumerate() {
                let found = p_rows.get(r).and_then(|row| row.get(c));
                let ok = found == Some(cell);
                report.table_cells.record(ok);
                if !ok {
                    report.misses.push(Miss {
                        plan: plan.into(),
                        field: format!("tables[{i}].rows[{r}][{c}]"),
                        kind: "wrong".into(),
                        gold: Some(cell.clone()),
                        predicted: found.cloned(),
                    });
                }
            }
        }
    }
}

/// Matches two lists by key as multisets; returns the matched pairs.
fn match_lists<'a>(
    gold: &'a [Value],
    pred: &'a [Value],
    key: impl Fn(&Value) -> String,
    score: &mut ListScore,
    field: &str,
    miss: &mut impl FnMut(&str, &str, Option<String>, Option<String>),
) -> Vec<(&'a Value, &'a Value)> {
    let mut used = vec![false; pred.len()];
    let mut pairs = Vec::new();
    for g in gold {
        let k = key(g);
        match pred
            .iter()
            .enumerate()
            .find(|(i, p)| !used[*i] && key(p) == k)
        {
            Some((i, p)) => {
                used[i] = true;
                pairs.push((g, p));
            }
            None => miss(field, "missed", Some(k), None),
        }
    }
    for (p, _) in pred.iter().zip(&used).filter(|(_, u)| !**u) {
        miss(field, "spurious", None, Some(key(p)));
    }
    score.add(&ListScore {
        gold: gold.len(),
        predicted: pred.len(),
        matched: pairs.len(),
    });
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn perfect_prediction_scores_one() {
        let gold = json!({
            "metadata": {"doc_type": "Kế hoạch", "year": 2024, "issuer": "Ủy ban nhân dân xã A"},
            "sections": [{"number": "I", "heading": "MỤC ĐÍCH", "kind": "purpose"}],
            "citations": [{"kind": "Quyết định", "number": "90/QĐ-TTg", "date": "2022-01-18", "issuer": "Thủ tướng Chính phủ"}],
            "targets": [{"indicator": "poverty_rate", "value": 20.28, "unit": "%", "comparator": "=", "year": 2024}],
            "assignments": [{"project": 5, "subproject": null, "agency": "Trạm Y tế", "role": "lead"}],
            "tables": [{"rows": [["1", "DP 1"]]}]
        });
        let mut pred = gold.clone();
        pred["metadata"]["issuer"] = json!("Uỷ ban nhân dân xã A");
        pred["tables"] = json!([{"rows": [{"cells": ["1", "DP 1"]}]}]);
        let mut r = Report::default();
        score_plan("p", &gold, &pred, &mut r);
        assert_eq!(r.metadata_all.value(), 1.0, "{:?}", r.misses);
        for s in [
            &r.sections,
            &r.citations,
            &r.targets,
            &r.assignments,
            &r.tables,
        ] {
            assert_eq!(s.f1(), 1.0);
        }
        assert_eq!(r.table_cells.value(), 1.0);
        assert!(r.misses.is_empty());
    }

    #[test]
    fn sections_are_those_the_guide_lists() {
        let gold = json!({
            "metadata": {"level": "central", "locality": null, "number": null},
            "sections": [
                {"number": "Điều 1", "heading": "Phạm vi điều chỉnh", "kind": "other"},
                {"number": "Chương II", "heading": "QUY ĐỊNH CỤ THỂ", "kind": "other"},
                {"number": "I", "heading": "MỤC ĐÍCH, YÊU CẦU", "kind": "purpose"}
            ]
        });
        let pred = json!({
            "metadata": {"level": "central", "locality": null, "number": null},
            "sections": [
                {"number": "ĐIỀU  1", "heading": "Phạm vi điều chỉnh", "kind": "other"},
                {"number": "Chương II", "heading": "QUY ĐỊNH CỤ THỂ", "kind": "other"},
                {"number": "I", "heading": "MỤC ĐÍCH, YÊU CẦU", "kind": "purpose"},
                {"number": "1", "heading": "Tiếp tục thực hiện", "kind": "other"},
                {"number": "Mục 1", "heading": "NGUỒN VỐN", "kind": "resources"}
            ]
        });
        let mut r = Report::default();
        score_plan("p", &gold, &pred, &mut r);
        assert_eq!(r.sections.f1(), 1.0, "{:?}", r.misses);
        assert_eq!(r.section_kind.value(), 1.0);
        assert_eq!(
            r.metadata_all.value(),
            1.0,
            "null and central compare as written"
        );
        let mut wrong = pred.clone();
        wrong["sections"][0]["number"] = json!("Điều 2");
        wrong["metadata"]["level"] = json!("province");
        let mut r = Report::default();
        score_plan("p", &gold, &wrong, &mut r);
        assert_eq!(r.sections.matched, 2);
        assert_eq!(r.metadata["level"].value(), 0.0);
    }

    #[test]
    fn misses_and_spurious_items_lower_the_scores() {
        let gold = json!({"citations": [
            {"kind": "Quyết định", "number": "90/QĐ-TTg", "date": "2022-01-18", "issuer": null},
            {"kind": "Nghị quyết", "number": "24/2021/QH15", "date": null, "issuer": "Quốc hội"}
        ], "targets": [{"indicator": "poverty_rate", "value": 5.0, "unit": "%", "comparator": "=", "year": 2024}]});
        let pred = json!({"citations": [
            {"kind": "Quyết định", "number": "90/QÐ-TTg", "date": "2022-01-19", "issuer": null},
            {"kind": "Kế hoạch", "number": "1/KH", "date": null, "issuer": null}
        ], "targets": [{"indicator": "other", "value": 5, "unit": "%", "comparator": "=", "year": 2024}]});
        let mut r = Report::default();
        score_plan("p", &gold, &pred, &mut r);
        assert_eq!(
            (r.citations.matched, r.citations.gold, r.citations.predicted),
            (1, 2, 2)
        );
        assert_eq!(r.citations.f1(), 0.5);
        assert_eq!(r.citation_date.value(), 0.0);
        assert_eq!(r.targets.matched, 1);
        assert_eq!(r.target_indicator.value(), 0.0);
        assert!(r
            .misses
            .iter()
            .any(|m| m.kind == "spurious" && m.field == "citations"));
    }
}
