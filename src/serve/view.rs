//! What the plan page shows, computed from a plan: the section tree as rows,
//! and the text cut into pieces, each marked when something was found in it
//! (a citation, a target, a project mention, an assignment) so the reader sees
//! where every finding comes from. Pure functions of the plan; the template
//! escapes every piece.

use crate::model::{Plan, Section, Span};

/// One row of the section tree.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionRow {
    pub id: String,
    pub number: String,
    pub heading: String,
    pub kind: String,
    pub depth: u32,
}

pub fn section_rows(plan: &Plan) -> Vec<SectionRow> {
    fn walk(sections: &[Section], out: &mut Vec<SectionRow>) {
        for s in sections {
            out.push(SectionRow {
                id: s.id.clone(),
                number: s.number.clone(),
                heading: s.heading.clone(),
                kind: s.kind.clone(),
                depth: s.depth.min(6),
            });
            walk(&s.children, out);
        }
    }
    let mut out = Vec::new();
    walk(&plan.sections, &mut out);
    out
}

/// What a marked piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Finding {
    Target,
    Assignment,
    Citation,
    Project,
}

impl Finding {
    /// The CSS class of its mark.
    pub fn class(self) -> &'static str {
        match self {
            Finding::Target => "target",
            Finding::Assignment => "assignment",
            Finding::Citation => "citation",
            Finding::Project => "project",
        }
    }
}

/// A piece of the plan's text: marked with what was found there, or plain.
/// `anchor` is the id of the listed finding it links to ("target-3").
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    pub finding: Option<Finding>,
    pub anchor: Option<String>,
    /// A section starts here: its id, for links from the tree.
    pub section: Option<String>,
}

/// The plan's text cut at every finding. Where findings overlap, the one
/// that starts first is marked whole and the other is cut to what is left:
/// a target inside a project mention shows as the target.
pub fn pieces(plan: &Plan) -> Vec<Piece> {
    let mut marks: Vec<(Span, Finding, String)> = Vec::new();
    for (i, t) in plan.targets.iter().enumerate() {
        marks.push((t.location.span, Finding::Target, format!("target-{i}")));
    }
    for (i, a) in plan.assignments.iter().enumerate() {
        marks.push((
            a.location.span,
            Finding::Assignment,
            format!("assignment-{i}"),
        ));
    }
    for (i, c) in plan.citations.iter().enumerate() {
        for m in &c.mentions {
            marks.push((m.span, Finding::Citation, format!("citation-{i}")));
        }
    }
    for (i, p) in plan.projects.iter().enumerate() {
        for m in &p.mentions {
            marks.push((m.span, Finding::Project, format!("project-{i}")));
        }
    }
    let text = &plan.text;
    let valid = |s: &Span| {
        s.start < s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    marks.retain(|(s, _, _)| valid(s));
    marks.sort_by_key(|(s, f, _)| (s.start, *f));
    let mut section_starts: Vec<(usize, String)> = Vec::new();
    fn starts(sections: &[Section], out: &mut Vec<(usize, String)>) {
        for s in sections {
            out.push((s.span.start, s.id.clone()));
            starts(&s.children, out);
        }
    }
    starts(&plan.sections, &mut section_starts);
    section_starts.retain(|(at, _)| *at <= text.len() && text.is_char_boundary(*at));
    section_starts.sort();

    // Cut points: every mark's start and end, and every section start.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(marks.iter().flat_map(|(s, _, _)| [s.start, s.end]));
    cuts.extend(section_starts.iter().map(|(at, _)| *at));
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = Vec::with_capacity(cuts.len());
    let mut next_mark = 0;
    let mut open: Option<(usize, Finding, String)> = None;
    let mut next_section = 0;
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        if open.as_ref().is_some_and(|(until, _, _)| *until <= start) {
            open = None;
        }
        while next_mark < marks.len() && marks[next_mark].0.start <= start {
            let (span, finding, anchor) = &marks[next_mark];
            if open.is_none() && span.end > start {
                open = Some((span.end, *finding, anchor.clone()));
            }
            next_mark += 1;
        }
        let mut section = None;
        while next_section < section_starts.len() && section_starts[next_section].0 <= start {
            if section_starts[next_section].0 == start {
                section = Some(section_starts[next_section].1.clone());
            }
            next_section += 1;
        }
        out.push(Piece {
            text: text[start..end].to_string(),
            finding: open.as_ref().map(|(_, f, _)| *f),
            anchor: open.as_ref().map(|(_, _, a)| a.clone()),
            section,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Plan {
        crate::process("t.txt", text.as_bytes()).expect("the test plan reads")
    }

    const TEXT: &str = "KẾ HOẠCH\nThực hiện giảm nghèo năm 2024\n\nCăn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;\n\nI. MỤC TIÊU\n\nTỷ lệ hộ nghèo giảm 2% so với năm 2023.\n\nII. TỔ CHỨC THỰC HIỆN\n\nPhòng Lao động - Thương binh và Xã hội chủ trì thực hiện Dự án 4.\n";

    #[test]
    fn pieces_rebuild_the_text_and_mark_findings() {
        let plan = plan(TEXT);
        let pieces = pieces(&plan);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, plan.text);
        let marked = |f: Finding| {
            pieces
                .iter()
                .filter(|p| p.finding == Some(f))
                .map(|p| p.text.as_str())
                .collect::<String>()
        };
        assert!(
            marked(Finding::Citation).contains("90/QĐ-TTg"),
            "{pieces:?}"
        );
        assert!(marked(Finding::Target).contains("2%"), "{pieces:?}");
        let sections: Vec<&str> = pieces.iter().filter_map(|p| p.section.as_deref()).collect();
        assert!(sections.len() >= 2, "{sections:?}");
    }

    #[test]
    fn overlapping_and_broken_spans_are_safe() {
        let mut plan = plan(TEXT);
        let first = plan.targets[0].clone();
        let mut wider = first.clone();
        wider.location.span.start = first.location.span.start.saturating_sub(3);
        wider.location.span.end = first.location.span.end + 2;
        let mut broken = first.clone();
        broken.location.span.end = plan.text.len() + 10;
        plan.targets.extend([wider, broken]);
        let joined: String = pieces(&plan).iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, plan.text);
    }
}
