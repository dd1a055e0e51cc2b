//! Targets: matched on value and unit, one to one.

use serde_json::Value;

use super::values::{number, same_value, show, text};
use super::{ListScore, Miss, Report};
use crate::vi::key::canonical;

/// Targets match on value and unit, one-to-one; among candidates the one with
/// the same indicator, then the same comparator, is taken.
pub(super) fn score_targets(gold: &[Value], pred: &[Value], report: &mut Report, plan: &str) {
    let mut used = vec![false; pred.len()];
    let mut matched = 0;
    for g in gold {
        let candidates = pred.iter().enumerate().filter(|(i, p)| {
            !used[*i]
                && number(&g["value"])
                    .zip(number(&p["value"]))
                    .is_some_and(|(a, b)| (a - b).abs() < 1e-6)
                && canonical(&text(g, "unit")).to_lowercase()
                    == canonical(&text(p, "unit")).to_lowercase()
        });
        let best = candidates.max_by_key(|(_, p)| {
            (
                text(p, "indicator") == text(g, "indicator"),
                text(p, "comparator") == text(g, "comparator"),
            )
        });
        match best {
            Some((i, p)) => {
                used[i] = true;
                matched += 1;
                for (field, acc) in [
                    ("indicator", &mut report.target_indicator),
                    ("comparator", &mut report.target_comparator),
                    ("year", &mut report.target_year),
                ] {
                    let ok = same_value(&g[field], &p[field]);
                    acc.record(ok);
                    if !ok {
                        report.misses.push(Miss {
                            plan: plan.into(),
                            field: format!("targets.{field}"),
                            kind: "wrong".into(),
                            gold: Some(format!(
                                "{} ({})",
                                show(&g[field]).unwrap_or_default(),
                                text(g, "quote")
                            )),
                            predicted: show(&p[field]),
                        });
                    }
                }
            }
            None => report.misses.push(Miss {
                plan: plan.into(),
                field: "targets".into(),
                kind: "missed".into(),
                gold: Some(format!(
                    "{} {} ({})",
                    show(&g["value"]).unwrap_or_default(),
                    text(g, "unit"),
                    text(g, "quote")
                )),
                predicted: None,
            }),
        }
    }
    for (i, p) in pred.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let _ = i;
        report.misses.push(Miss {
            plan: plan.into(),
            field: "targets".into(),
            kind: "spurious".into(),
            gold: None,
            predicted: Some(format!(
                "{} {} ({})",
                show(&p["value"]).unwrap_or_default(),
                text(p, "unit"),
                text(p, "quote")
            )),
        });
    }
    report.targets.add(&ListScore {
        gold: gold.len(),
        predicted: pred.len(),
        matched,
    });
}
