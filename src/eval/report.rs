//! The eval report as a table for people.

use std::fmt::Write;

use super::{Accuracy, ListScore, Report};

/// A list field's name, its score, and its attribute accuracies.
type ListRow<'a> = (&'a str, &'a ListScore, Vec<(&'a str, &'a Accuracy)>);

pub fn render(report: &Report, show_misses: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "vnplan eval: {} plans", report.plans);
    if !report.unpredicted.is_empty() {
        let _ = writeln!(out, "no prediction for: {}", report.unpredicted.join(", "));
    }
    let _ = writeln!(
        out,
        "\n{:<14} {:>6} {:>6} {:>6} {:>6} {:>6}  attributes",
        "field", "P", "R", "F1", "gold", "pred"
    );
    let lists: [ListRow; 5] = [
        (
            "sections",
            &report.sections,
            vec![("kind", &report.section_kind)],
        ),
        (
            "citations",
            &report.citations,
            vec![
                ("date", &report.citation_date),
                ("issuer", &report.citation_issuer),
            ],
        ),
        (
            "targets",
            &report.targets,
            vec![
                ("indicator", &report.target_indicator),
                ("comparator", &report.target_comparator),
                ("year", &report.target_year),
            ],
        ),
        ("assignments", &report.assignments, vec![]),
        (
            "tables",
            &report.tables,
            vec![("cells", &report.table_cells)],
        ),
    ];
    for (name, score, attrs) in lists {
        let attrs: Vec<String> = attrs
            .iter()
            .map(|(n, a)| format!("{n} {:.3} ({}/{})", a.value(), a.correct, a.total))
            .collect();
        let _ = writeln!(
            out,
            "{name:<14} {:>6.3} {:>6.3} {:>6.3} {:>6} {:>6}  {}",
            score.precision(),
            score.recall(),
            score.f1(),
            score.gold,
            score.predicted,
            attrs.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nmetadata accuracy {:.3} ({}/{})",
        report.metadata_all.value(),
        report.metadata_all.correct,
        report.metadata_all.total
    );
    for (field, acc) in &report.metadata {
        let _ = writeln!(
            out,
            "  {field:<14} {:.3} ({}/{})",
            acc.value(),
            acc.correct,
            acc.total
        );
    }
    if show_misses && !report.misses.is_empty() {
        let _ = writeln!(out, "\nmisses:");
        for m in &report.misses {
            let _ = writeln!(
                out,
                "  {} {} {}: gold {} / predicted {}",
                m.plan,
                m.field,
                m.kind,
                m.gold.as_deref().unwrap_or("-"),
                m.predicted.as_deref().unwrap_or("-")
            );
        }
    }
    out
}
