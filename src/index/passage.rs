//! Passages: the unit of search. A plan's text is cut into parts that cover
//! it whole (the title block, the preamble, each section's own text, the
//! closing, the annexes, and the title block and closing of each document
//! issued with it), long parts into pieces at line breaks; each table
//! and the footnotes no part holds are passages of their own. Every passage
//! carries what the plan says about itself, so it can be filtered and shown
//! without opening the plan, and the facets of what is located inside it
//! (project and programme mentions, citations, assignments). The same
//! records feed the tantivy index and the OpenSearch export.

use serde::Serialize;

use super::identity::document_key;
use crate::model::{Closing, HeaderCell, Plan, ProjectKey, Section, Span, Table};
use crate::vi::key::document_number;

/// A part longer than this (bytes) is cut at line breaks: a 20-page annex is
/// many passages, each one a reader can take in.
const PIECE_BYTES: usize = 4000;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Passage {
    /// Stable: "{plan id}/{part}".
    pub id: String,
    pub plan_id: String,
    /// The document the plan is, as 16 hex digits
    /// ([`super::identity::document_key`]): the same for every file of it.
    pub document: String,
    /// Which part of the plan: "title", "preamble", a section id ("s3.2"),
    /// "closing", "annex", "table-1", "footnotes"; "-2", "-3" for the
    /// further pieces of a long part ("annex-2").
    pub part: String,
    pub source_path: String,
    pub doc_type: Option<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub locality: Option<String>,
    pub locality_kind: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    /// The deepest section holding the passage, if any.
    pub section_id: Option<String>,
    /// Numbers from the top: ["III", "2", "2.5"].
    pub section_path: Vec<String>,
    pub number: String,
    pub heading: String,
    /// The section's kind (GUIDE.md), or the part: "title", "preamble",
    /// "closing", "annex", "table", "footnotes".
    pub kind: String,
    /// The kinds of the sections above: a filter on a kind ("objectives")
    /// takes the subsections of a section of that kind.
    pub kinds_above: Vec<String>,
    /// The passage's text: for a part, its slice of the plan's text and the
    /// footnotes anchored in it; for a table, its caption, header and rows.
    pub text: String,
    /// Where the text lies in the plan's `text` (none for tables and footnotes).
    pub span: Option<Span>,
    /// What the passage stands under, searched with it but weighed less: the
    /// headings of the sections above it, and the plan's title (which names
    /// its place and programme; the rest of what a plan says of itself is in
    /// its title part, and in the filters).
    pub context: String,
    /// Programme codes the passage is about ([`crate::model::ProgrammeRef::code`]).
    pub programmes: Vec<String>,
    /// Projects named in or tagged on the passage ([`project_tag`]).
    pub projects: Vec<String>,
    /// Keys of the document numbers cited in the passage ([`document_number`]).
    pub cites: Vec<String>,
}

impl Passage {
    /// Every kind a filter on kinds finds the passage by: its own, then
    /// those of the sections above it.
    pub fn kinds(&self) -> impl Iterator<Item = &String> {
        let above = self.kinds_above.iter().filter(|k| **k != self.kind);
        std::iter::once(&self.kind).chain(above)
    }
}

/// A project as a tag: "poverty-2021-2025/5", "poverty-2021-2025/3/1".
pub fn project_tag(programme: &str, project: u8, subproject: Option<u8>) -> String {
    match subproject {
        Some(sub) => format!("{programme}/{project}/{sub}"),
        None => format!("{programme}/{project}"),
    }
}

pub fn key_tag(key: &ProjectKey) -> String {
    project_tag(&key.programme, key.project, key.subproject)
}

/// The key of a tag made by [`project_tag`].
pub fn tag_key(tag: &str) -> Option<ProjectKey> {
    let mut parts = tag.split('/');
    let key = ProjectKey {
        programme: parts.next()?.to_string(),
        project: parts.next()?.parse().ok()?,
        subproject: parts.next().map(str::parse).transpose().ok()?,
    };
    parts.next().is_none().then_some(key)
}

/// A region of the plan's text that starts a part.
struct Start<'a> {
    at: usize,
    part: String,
    kind: String,
    section: Option<&'a Section>,
    path: Vec<String>,
    /// Headings and kinds of the sections above.
    above: Vec<String>,
    kinds_above: Vec<String>,
}

/// Every passage of a plan, in document order.
pub fn passages(plan: &Plan) -> Vec<Passage> {
    let text = &plan.text;
    let document = format!("{:016x}", document_key(plan));
    let mut starts: Vec<Start> = vec![part_start(0, "title")];
    if let Some(p) = &plan.preamble {
        starts.push(part_start(p.span.start, "preamble"));
    }
    walk(&plan.sections, &mut Above::default(), &mut starts);
    closing_starts(&plan.closing, "", &mut starts);
    for (i, attached) in plan.attachments.iter().enumerate() {
        // Its title block (kind line, title, the note tying it to the
        // document) up to its first section; its sections are in `sections`.
        let name = format!("attachment-{}", i + 1);
        starts.push(Start {
            kind: "title".into(),
            ..part_start(attached.span.start, &name)
        });
        closing_starts(&attached.closing, &format!("{name}-"), &mut starts);
    }
    // The document's closing lies between its sections and its attachments'.
    starts.sort_by_key(|s| s.at);
    starts.retain(|s| s.at <= text.len());

    let title: Vec<String> = plan.metadata.title.iter().cloned().collect();
    let mut out: Vec<Passage> = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |n| n.at);
        for (n, piece) in pieces(text, Span::new(s.at, end)).into_iter().enumerate() {
            let part = if n == 0 {
                s.part.clone()
            } else {
                format!("{}-{}", s.part, n + 1)
            };
            let mut p = base(plan, &document, &part, &s.kind);
            if let Some(section) = s.section {
                p.section_id = Some(section.id.clone());
                p.number = section.number.clone();
                p.heading = section.heading.clone();
            }
            p.section_path = s.path.clone();
            p.kinds_above = s.kinds_above.clone();
            p.text = text[piece.start..piece.end].trim().to_string();
            p.span = Some(piece);
            p.context = s
                .above
                .iter()
                .chain(&title)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n");
            out.push(p);
        }
    }
    out.retain(|p| !p.text.is_empty());
    let parts = out.len();
    attach_footnotes(plan, &document, &mut out);
    for (i, table) in plan.tables.iter().enumerate() {
        let mut p = base(plan, &document, &format!("table-{}", i + 1), "table");
        p.context = title.join("\n");
        if let Some(holder) = holding(&out[..parts], table.location.span.start) {
            p.section_id = out[holder].section_id.clone();
            p.section_path = out[holder].section_path.clone();
            p.number = out[holder].number.clone();
            p.heading = out[holder].heading.clone();
            p.context = out[holder].context.clone();
            p.kinds_above = out[holder].kinds_above.clone();
            p.kinds_above.push(out[holder].kind.clone());
        }
        p.text = table_text(table);
        out.push(p);
    }
    tag(plan, &mut out, parts);
    out
}

/// The parts of a closing block: the signature, then the annexes; `prefix`
/// names whose closing it is ("attachment-1-").
fn closing_starts(closing: &Closing, prefix: &str, starts: &mut Vec<Start>) {
    if let Some(span) = closing.span {
        starts.push(Start {
            kind: "closing".into(),
            ..part_start(span.start, &format!("{prefix}closing"))
        });
    }
    if let Some(annex) = &closing.annex {
        starts.push(Start {
            kind: "annex".into(),
            ..part_start(annex.span.start, &format!("{prefix}annex"))
        });
    }
}

fn part_start<'a>(at: usize, part: &str) -> Start<'a> {
    Start {
        at,
        part: part.into(),
        kind: part.into(),
        section: None,
        path: Vec::new(),
        above: Vec::new(),
        kinds_above: Vec::new(),
    }
}

/// The sections above the one being walked: numbers, headings, kinds.
#[derive(Default)]
struct Above {
    path: Vec<String>,
    headings: Vec<String>,
    kinds: Vec<String>,
}

fn walk<'a>(sections: &'a [Section], above: &mut Above, out: &mut Vec<Start<'a>>) {
    for s in sections {
        above.path.push(s.number.clone());
        out.push(Start {
            at: s.span.start,
            part: s.id.clone(),
            kind: s.kind.clone(),
            section: Some(s),
            path: above.path.clone(),
            above: above.headings.clone(),
            kinds_above: above.kinds.clone(),
        });
        above.headings.push(s.heading.clone());
        above.kinds.push(s.kind.clone());
        walk(&s.children, above, out);
        above.kinds.pop();
        above.headings.pop();
        above.path.pop();
    }
}

/// `span` cut at line breaks into pieces of about [`PIECE_BYTES`].
fn pieces(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    while span.end - start > PIECE_BYTES {
        let window = &text[start..span.end];
        let limit = crate::vi::prefix(window, PIECE_BYTES).len();
        let cut = window[..limit]
            .rfind('\n')
            .filter(|&i| i > 0)
            .map_or(limit, |i| i + 1);
        out.push(Span::new(start, start + cut));
        start += cut;
    }
    out.push(Span::new(start, span.end));
    out
}

fn base(plan: &Plan, document: &str, part: &str, kind: &str) -> Passage {
    let m = &plan.metadata;
    Passage {
        id: format!("{}/{part}", plan.id),
        plan_id: plan.id.clone(),
        document: document.to_string(),
        part: part.to_string(),
        source_path: plan.source.path.clone(),
        doc_type: m.doc_type.clone(),
        title: m.title.clone(),
        doc_number: m.number.clone(),
        issuer: m.issuer.clone(),
        locality: m.locality.clone(),
        locality_kind: m.locality_kind.clone(),
        level: m.level.clone(),
        province: m.province.clone(),
        year: m.year,
        section_id: None,
        section_path: Vec::new(),
        number: String::new(),
        heading: String::new(),
        kind: kind.to_string(),
        kinds_above: Vec::new(),
        text: String::new(),
        span: None,
        context: String::new(),
        programmes: Vec::new(),
        projects: Vec::new(),
        cites: Vec::new(),
    }
}

/// The part holding `offset`: parts are in text order and cover it.
fn holding(parts: &[Passage], offset: usize) -> Option<usize> {
    let after = parts.partition_point(|p| p.span.is_some_and(|s| s.start <= offset));
    after.checked_sub(1)
}

/// Each footnote goes to the part its anchor is in; footnotes without an
/// anchor make one passage of their own.
fn attach_footnotes(plan: &Plan, document: &str, parts: &mut Vec<Passage>) {
    let mut loose: Vec<&str> = Vec::new();
    for note in &plan.footnotes {
        match note
            .anchor
            .and_then(|a| holding(parts, a.saturating_sub(1)))
        {
            Some(i) => {
                parts[i].text.push('\n');
                parts[i].text.push_str(&note.text);
            }
            None => loose.push(&note.text),
        }
    }
    if !loose.is_empty() {
        let mut p = base(plan, document, "footnotes", "footnotes");
        p.context = plan.metadata.title.clone().unwrap_or_default();
        p.text = loose.join("\n");
        parts.push(p);
    }
}

/// A table as text: its caption, its column labels, one line per row.
fn table_text(table: &Table) -> String {
    fn labels<'a>(cells: &'a [HeaderCell], out: &mut Vec<&'a str>) {
        for c in cells {
            out.push(&c.label);
            labels(&c.children, out);
        }
    }
    let mut header = Vec::new();
    labels(&table.header, &mut header);
    let mut lines: Vec<String> = table.title.iter().cloned().collect();
    if !header.is_empty() {
        lines.push(header.join(" | "));
    }
    lines.extend(table.rows.iter().map(|r| r.cells.join(" | ")));
    lines.join("\n")
}

/// Facets from everything located in the plan: a located item tags the
/// part its span starts in, and the table holding it; a section about a
/// project tags every piece of the section; a programme the plan belongs to
/// tags every passage, one a heading names tags the section and its subsections.
fn tag(plan: &Plan, passages: &mut [Passage], parts: usize) {
    let tables: Vec<(usize, Span)> = plan
        .tables
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let id = format!("{}/table-{}", plan.id, i + 1);
            let at = passages.iter().position(|p| p.id == id)?;
            Some((at, t.location.span))
        })
        .collect();
    let footnote_holder = |number: u32| -> Option<usize> {
        let note = plan.footnotes.iter().find(|f| f.number == number)?;
        match note.anchor {
            Some(a) => holding(&passages[..parts], a.saturating_sub(1)),
            None => passages.iter().position(|p| p.part == "footnotes"),
        }
    };
    let mut add: Vec<(usize, Facet)> = Vec::new();
    let located = |span: Span, facet: Facet, add: &mut Vec<(usize, Facet)>| {
        if let Some(i) = holding(&passages[..parts], span.start) {
            add.push((i, facet.clone()));
        }
        for (i, t) in &tables {
            if t.contains(span.start) {
                add.push((*i, facet.clone()));
            }
        }
    };
    for r in &plan.projects {
        let key = ProjectKey {
            programme: r.programme.clone(),
            project: r.project,
            subproject: r.subproject,
        };
        let facet = Facet::Project(key_tag(&key));
        for m in &r.mentions {
            located(m.span, facet.clone(), &mut add);
        }
        for n in &r.footnotes {
            add.extend(footnote_holder(*n).map(|i| (i, facet.clone())));
        }
        for (i, p) in passages[..parts].iter().enumerate() {
            if p.section_id
                .as_ref()
                .is_some_and(|s| r.sections.contains(s))
            {
                add.push((i, facet.clone()));
            }
        }
    }
    let assigned = &crate::extract::programmes::ALL[0];
    for a in &plan.assignments {
        let key = ProjectKey {
            programme: assigned.code.to_string(),
            project: a.project,
            subproject: a.subproject,
        };
        located(a.location.span, Facet::Project(key_tag(&key)), &mut add);
    }
    for c in &plan.citations {
        for m in &c.mentions {
            located(m.span, Facet::Cites(document_number(&c.number)), &mut add);
        }
    }
    for g in &plan.programmes {
        let facet = Facet::Programme(g.code.clone());
        if g.belongs {
            add.extend((0..passages.len()).map(|i| (i, facet.clone())));
        }
        for m in &g.mentions {
            located(m.span, facet.clone(), &mut add);
            if let Some(section) = m.section.as_deref().filter(|_| in_heading(plan, m.span)) {
                let prefix = format!("{section}.");
                for (i, p) in passages.iter().enumerate() {
                    if p.section_id
                        .as_deref()
                        .is_some_and(|s| s == section || s.starts_with(&prefix))
                    {
                        add.push((i, facet.clone()));
                    }
                }
            }
        }
    }
    for (i, facet) in add {
        let (list, value) = match facet {
            Facet::Project(v) => (&mut passages[i].projects, v),
            Facet::Programme(v) => (&mut passages[i].programmes, v),
            Facet::Cites(v) => (&mut passages[i].cites, v),
        };
        if !list.contains(&value) {
            list.push(value);
        }
    }
    for p in passages.iter_mut() {
        p.projects.sort();
        p.programmes.sort();
        p.cites.sort();
    }
}

#[derive(Debug, Clone)]
enum Facet {
    Project(String),
    Programme(String),
    Cites(String),
}

/// Whether `span` lies in the first line of its section (the heading).
fn in_heading(plan: &Plan, span: Span) -> bool {
    fn find(sections: &[Section], offset: usize) -> Option<&Section> {
        let s = sections.iter().find(|s| s.span.contains(offset))?;
        find(&s.children, offset).or(Some(s))
    }
    find(&plan.sections, span.start).is_some_and(|s| {
        let first_line = plan.text[s.span.start..s.span.end]
            .find('\n')
            .map_or(s.span.end, |i| s.span.start + i);
        span.start < first_line
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_tags_round_trip() {
        let key = ProjectKey {
            programme: "drug-prevention-2025-2030".into(),
            project: 7,
            subproject: Some(2),
        };
        assert_eq!(key_tag(&key), "drug-prevention-2025-2030/7/2");
        assert_eq!(tag_key(&key_tag(&key)), Some(key.clone()));
        let project = ProjectKey {
            subproject: None,
            ..key
        };
        assert_eq!(tag_key(&key_tag(&project)), Some(project));
        assert_eq!(tag_key("x"), None);
        assert_eq!(tag_key("x/1/2/3"), None);
    }

    const DECISION_WITH_PLAN: &str = "ỦY BAN NHÂN DÂN
HUYỆN KBANG
Số: 123/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Kbang, ngày 05 tháng 3 năm 2024

QUYẾT ĐỊNH
Ban hành Kế hoạch giảm nghèo năm 2024

CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN KBANG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch giảm nghèo năm 2024.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An

ỦY BAN NHÂN DÂN
HUYỆN KBANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

KẾ HOẠCH
Giảm nghèo năm 2024
(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 05/3/2024 của Chủ tịch Ủy ban nhân dân huyện Kbang)
I. MỤC ĐÍCH, YÊU CẦU
Triển khai có hiệu quả Chương trình trên địa bàn huyện.
II. MỤC TIÊU
Phấn đấu giảm tỷ lệ hộ nghèo 2% trong năm 2024.
";

    #[test]
    fn a_decision_and_the_plan_it_issues_keep_their_own_parts() {
        let plan = crate::process("quyet-dinh.txt", DECISION_WITH_PLAN.as_bytes()).unwrap();
        assert_eq!(plan.attachments.len(), 1, "{:?}", plan.sections);
        let parts = passages(&plan);
        let part = |name: &str| parts.iter().find(|p| p.part == name);
        let closing = part("closing").expect("the decision's signature");
        assert_eq!(closing.kind, "closing");
        assert!(closing.text.contains("Nguyễn Văn An"), "{}", closing.text);
        assert!(!closing.text.contains("KẾ HOẠCH"), "{}", closing.text);
        let head = part("attachment-1").expect("the plan's title block");
        assert_eq!(head.kind, "title");
        assert!(head.text.contains("Ban hành kèm theo"), "{}", head.text);
        // Parts run in text order and cover it.
        let spans: Vec<Span> = parts.iter().filter_map(|p| p.span).collect();
        assert!(
            spans.windows(2).all(|w| w[0].end == w[1].start),
            "{spans:?}"
        );
    }

    #[test]
    fn long_parts_are_cut_at_line_breaks() {
        let line = "Một dòng của phụ lục, đủ dài để đếm.\n";
        let text = line.repeat(400);
        let cut = pieces(&text, Span::new(0, text.len()));
        assert!(cut.len() > 3);
        assert_eq!(cut[0].start, 0);
        assert_eq!(cut.last().unwrap().end, text.len());
        for w in cut.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(text[..w[0].end].ends_with('\n'));
        }
        assert!(cut.iter().all(|s| s.end - s.start <= PIECE_BYTES));
        let one_line = "x".repeat(PIECE_BYTES * 2 + 5);
        assert_eq!(pieces(&one_line, Span::new(0, one_line.len())).len(), 3);
    }
}
