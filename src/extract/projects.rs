//! The programme's seven projects: which sections are about which project,
//! and which agency leads or supports each.
//!
//! Mentions take every form plans write: "Dự án 5", "Tiểu dự án 1 thuộc Dự án
//! 3", "Tiểu dự án 2 - Dự án 6", "tiều Dự án 1, Dự án 6" (OCR), "Dự án 1 (Tiểu
//! dự án 1)", "DA5", "TDA1 DA3", a bare "Tiểu dự án 2" under a project, a
//! footnote "Thuộc Dự án 2" on a heading, or a heading that only gives a
//! project's title (matched loosely against `data/catalogue.tsv`). Sentences
//! naming another national programme (`data/other_programmes.txt`) are left out.
//!
//! Assignments come from two shapes: lists ("Đơn vị chủ trì: A", "Đơn vị phối
//! hợp: A, B, C") under a section about a project, and sentences in a section
//! headed by an agency ("2.7. Công chức Văn hóa- xã hội: - Tổ chức thực hiện:
//! Dự án 5"), whose first role phrase (`data/roles.tsv`) gives the role.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, AGENCY_HEADS, CATALOGUE, OTHER_PROGRAMMES, ROLES};
use crate::model::{Assignment, Location, ProjectKey, ProjectRef, Section, Span};
use crate::segment::Document;
use crate::vi::key::{canonical, fold};
use crate::vi::whole_word_positions;

#[derive(Debug, Clone, Default)]
pub struct ProjectFindings {
    /// Section id -> projects the section is about.
    pub by_section: BTreeMap<String, Vec<ProjectKey>>,
    pub projects: Vec<ProjectRef>,
    pub assignments: Vec<Assignment>,
}

impl ProjectFindings {
    /// Copies `by_section` into the sections' `projects` fields.
    pub fn tag_sections(&self, sections: &mut [Section]) {
        for s in sections {
            if let Some(keys) = self.by_section.get(&s.id) {
                s.projects = keys.clone();
            }
            self.tag_sections(&mut s.children);
        }
    }
}

/// A project reference as written: a sub-project may lack its project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mention {
    start: usize,
    end: usize,
    project: Option<u8>,
    subproject: Option<u8>,
}

impl Mention {
    /// The key, taking a bare sub-project's project from `context`.
    fn key(&self, context: Option<u8>) -> Option<ProjectKey> {
        let project = self.project.or(if self.subproject.is_some() {
            context
        } else {
            None
        })?;
        (1..=7).contains(&project).then_some(ProjectKey {
            project,
            subproject: self.subproject,
        })
    }
}

// "tiểu dự án 2 thuộc dự án 3", "tiều Dự án 1, Dự án 6", "TDA1 DA3", "Dự án 1 (Tiểu dự án 1)", "DA5".
static MENTION: Lazy<Regex> = Lazy::new(|| {
    let sub = r"(?:ti[eểề]u\s+d[ựu]\s+[áa]n|TDA)\s*(\d)\b";
    let project = r"(?:d[ựu]\s+[áa]n|DA)\s*(\d)\b";
    Regex::new(&format!(
        r"(?i)\b(?:{sub}(?:\s*(?:thuộc|của|[-–,])?\s*{project})?|{project}(?:\s*\(\s*{sub}\s*\))?)"
    ))
    .unwrap()
});

fn mentions(text: &str) -> Vec<Mention> {
    MENTION
        .captures_iter(text)
        .map(|c| {
            let m = c.get(0).unwrap();
            let num = |i: usize| c.get(i).and_then(|g| g.as_str().parse::<u8>().ok());
            let (project, subproject) = match num(1) {
                Some(sub) => (num(2), Some(sub)),
                None => (num(3), num(4)),
            };
            Mention {
                start: m.start(),
                end: m.end(),
                project,
                subproject,
            }
        })
        .collect()
}

static OTHER: Lazy<Vec<String>> =
    Lazy::new(|| rows(OTHER_PROGRAMMES).map(|r| r[0].to_string()).collect());
static AGENCY_WORDS: Lazy<Vec<String>> =
    Lazy::new(|| rows(AGENCY_HEADS).map(|r| r[0].to_string()).collect());
static ROLE_PHRASES: Lazy<Vec<(String, &'static str)>> = Lazy::new(|| {
    let mut phrases: Vec<(String, &'static str)> =
        rows(ROLES).map(|r| (r[1].to_string(), r[0])).collect();
    phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    phrases
});

struct CatalogueEntry {
    key: ProjectKey,
    title: &'static str,
    tokens: HashSet<String>,
}

static CATALOGUE_ENTRIES: Lazy<Vec<CatalogueEntry>> = Lazy::new(|| {
    rows(CATALOGUE)
        .map(|r| CatalogueEntry {
            key: ProjectKey {
                project: r[0].parse().expect("project number"),
                subproject: r[1].parse().ok(),
            },
            title: r[2],
            tokens: tokens(r[2]),
        })
        .collect()
});

fn tokens(text: &str) -> HashSet<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn names_other_programme(text: &str) -> bool {
    let folded = fold(text);
    OTHER.iter().any(|p| folded.contains(p.as_str()))
}

/// The catalogue entry a heading that only gives a title names, if any.
fn title_match(heading: &str) -> Option<ProjectKey> {
    let words = tokens(heading);
    if words.is_empty() {
        return None;
    }
    CATALOGUE_ENTRIES
        .iter()
        .filter(|e| words.len() <= e.tokens.len() + 6)
        .map(|e| {
            let shared = e.tokens.intersection(&words).count() as f64;
            (
                shared / e.tokens.len() as f64,
                shared / words.len() as f64,
                e,
            )
        })
        .filter(|(of_title, of_heading, _)| *of_title >= 0.75 && *of_heading >= 0.6)
        // Best coverage; on a tie (projects 1 and 1.1 share a title) the project.
        .max_by(|a, b| {
            (a.0 + a.1)
                .total_cmp(&(b.0 + b.1))
                .then(b.2.key.subproject.cmp(&a.2.key.subproject))
        })
        .map(|(_, _, e)| e.key)
}

pub fn extract(doc: &Document) -> ProjectFindings {
    let title: String = doc
        .title
        .iter()
        .map(|&i| doc.paragraph(i))
        .collect::<Vec<_>>()
        .join(" ");
    if names_other_programme(&title) && !fold(&title).contains("giam ngheo") {
        return ProjectFindings::default();
    }
    let mut findings = ProjectFindings::default();
    tag(doc, &doc.sections, &[], &mut None, &mut findings.by_section);
    for section in doc.sections_flat() {
        let context = findings
            .by_section
            .get(&section.id)
            .and_then(|k| k.first())
            .map(|k| k.project);
        assign(
            doc,
            section,
            context,
            &findings.by_section,
            &mut findings.assignments,
        );
    }
    findings.projects = project_refs(doc, &findings.by_section);
    findings
}

/// Tags each section with the projects its heading (or a footnote on it, or
/// its title) names; children inherit unless they name their own. `previous`
/// is the last project named, for bare sub-projects ("2.4. Tiểu dự án 2").
fn tag(
    doc: &Document,
    sections: &[Section],
    inherited: &[ProjectKey],
    previous: &mut Option<u8>,
    out: &mut BTreeMap<String, Vec<ProjectKey>>,
) {
    for s in sections {
        let own = heading_projects(doc, s, *previous);
        if let Some(k) = own.first() {
            *previous = Some(k.project);
        }
        let keys = if own.is_empty() {
            inherited.to_vec()
        } else {
            own
        };
        if !keys.is_empty() {
            out.insert(s.id.clone(), keys.clone());
        }
        tag(doc, &s.children, &keys, previous, out);
    }
}

fn heading_projects(doc: &Document, s: &Section, previous: Option<u8>) -> Vec<ProjectKey> {
    if names_other_programme(&s.heading) {
        return Vec::new();
    }
    let mut keys: Vec<ProjectKey> = mentions(&s.heading)
        .iter()
        .filter_map(|m| m.key(previous))
        .collect();
    // A footnote anchored in the heading: "1. Đa dạng hóa sinh kế ...giảm nghèo²" + "² Thuộc Dự án 2".
    let heading_end = s.span.start
        + doc.text()[s.span.start..s.span.end]
            .find('\n')
            .unwrap_or(s.span.end - s.span.start);
    for note in doc.footnotes.iter().filter(|f| {
        f.anchor
            .is_some_and(|a| a > s.span.start && a <= heading_end)
    }) {
        keys.extend(mentions(&note.text).iter().filter_map(|m| m.key(previous)));
    }
    if keys.is_empty() {
        keys.extend(title_match(&s.heading));
    }
    dedup(keys)
}

fn dedup<T: PartialEq + Clone>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The agency a section is about, when its heading names one.
fn section_agency(heading: &str) -> Option<String> {
    let heading = heading.trim_start_matches(|c: char| !c.is_alphanumeric());
    let heading = heading.strip_prefix("Đề nghị ").unwrap_or(heading);
    let folded = fold(heading);
    let first_word_ok = AGENCY_WORDS
        .iter()
        .any(|w| folded.starts_with(w.as_str()) && folded[w.len()..].starts_with(' '));
    (first_word_ok && heading.chars().count() <= 160).then(|| clean_agency(heading))
}

fn clean_agency(name: &str) -> String {
    canonical(name.trim().trim_end_matches(['.', ':', ';', ',']))
        .trim()
        .to_string()
}

static LIST_ROLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*(?:đơn vị|cơ quan)\s+(chủ trì|phối hợp)\s*:\s*(.+)$").unwrap()
});
static PARTNER_OBJECT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*chủ trì,?\s+phối hợp\s+với\s+(.+?)(?:\s+và\s+các\b|,|\s+(?:tổ chức|thực hiện|triển khai|kiểm tra)\b)")
        .unwrap()
});

/// Assignments in one section's own text.
fn assign(
    doc: &Document,
    s: &Section,
    context: Option<u8>,
    by_section: &BTreeMap<String, Vec<ProjectKey>>,
    out: &mut Vec<Assignment>,
) {
    let section_keys = by_section.get(&s.id).cloned().unwrap_or_default();
    let agency = section_agency(&s.heading);
    let body_start = s.span.start;
    let body_text = &doc.text()[s.span.start..s.span.end];
    // Own text only: stop at the first child.
    let own_end = s
        .children
        .first()
        .map_or(body_text.len(), |c| c.span.start - body_start);
    let own = &body_text[..own_end];
    let mut offset = 0;
    for line in own.split('\n') {
        let line_start = body_start + offset;
        offset += line.len() + 1;
        if let Some(c) = LIST_ROLE.captures(line) {
            let role = if fold(&c[1]).contains("chu tri") {
                "lead"
            } else {
                "partner"
            };
            for name in split_agencies(&c[2]) {
                for key in &section_keys {
                    push(
                        out,
                        doc,
                        &name,
                        role,
                        *key,
                        line.trim(),
                        line_start,
                        line.len(),
                    );
                }
            }
            continue;
        }
        let Some(agency) = &agency else { continue };
        // A ";" separates sentences when a new role phrase follows it.
        for sentence in crate::vi::clauses(line, starts_with_role) {
            if names_other_programme(sentence.1) {
                continue;
            }
            let keys: Vec<ProjectKey> = mentions(sentence.1)
                .iter()
                .filter_map(|m| m.key(context))
                .collect();
            if keys.is_empty() {
                continue;
            }
            let Some(role) = first_role(sentence.1) else {
                continue;
            };
            let start = line_start + sentence.0;
            for key in dedup(keys) {
                push(
                    out,
                    doc,
                    agency,
                    role,
                    key,
                    sentence.1.trim(),
                    start,
                    sentence.1.len(),
                );
                if role == "lead" {
                    if let Some(partner) = PARTNER_OBJECT
                        .captures(sentence.1)
                        .and_then(|c| named_agency(&c[1]))
                    {
                        push(
                            out,
                            doc,
                            &partner,
                            "partner",
                            key,
                            sentence.1.trim(),
                            start,
                            sentence.1.len(),
                        );
                    }
                }
            }
        }
    }
}

/// A specific agency (not "các ban, ngành liên quan").
fn named_agency(text: &str) -> Option<String> {
    let folded = fold(text);
    let specific = AGENCY_WORDS
        .iter()
        .any(|w| folded.starts_with(w.as_str()) && folded[w.len()..].starts_with(' '));
    specific.then(|| clean_agency(text))
}

fn starts_with_role(text: &str) -> bool {
    // A role phrase is short: fold only the start, not the whole rest of the line.
    let folded = fold(crate::vi::prefix(text.trim_start(), 48));
    let folded = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    ROLE_PHRASES
        .iter()
        .any(|(p, _)| folded.starts_with(p.as_str()))
}

/// The role the first role phrase of a sentence gives its subject.
fn first_role(sentence: &str) -> Option<&'static str> {
    let folded = fold(sentence);
    ROLE_PHRASES
        .iter()
        .filter_map(|(phrase, role)| {
            whole_word_positions(&folded, phrase)
                .next()
                .map(|at| (at, std::cmp::Reverse(phrase.len()), *role))
        })
        .min()
        .map(|(_, _, role)| role)
}

/// "Phòng NN&PTNT, Phòng Tài chính-Kế hoạch, UBND các xã, thị trấn." -> three
/// agencies: a part that opens in lower case continues the one before it,
/// except a new "các ..." ("các Doanh nghiệp trên địa bàn").
fn split_agencies(list: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in list.trim().trim_end_matches(['.', ';']).split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let continues =
            part.chars().next().is_some_and(char::is_lowercase) && !part.starts_with("các ");
        match out.last_mut() {
            Some(last) if continues => {
                last.push_str(", ");
                last.push_str(part);
            }
            _ => out.push(part.to_string()),
        }
    }
    out.into_iter().map(|a| clean_agency(&a)).collect()
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Assignment>,
    doc: &Document,
    agency: &str,
    role: &str,
    key: ProjectKey,
    quote: &str,
    start: usize,
    len: usize,
) {
    let duplicate = out.iter().any(|a| {
        a.project == key.project
            && a.subproject == key.subproject
            && a.role == role
            && fold(&a.agency) == fold(agency)
    });
    if !duplicate {
        out.push(Assignment {
            agency: agency.to_string(),
            role: role.to_string(),
            project: key.project,
            subproject: key.subproject,
            quote: quote.to_string(),
            location: doc.location(Span::new(start, start + len)),
        });
    }
}

/// Every project the plan names or has a section about.
fn project_refs(doc: &Document, by_section: &BTreeMap<String, Vec<ProjectKey>>) -> Vec<ProjectRef> {
    let mut found: BTreeMap<ProjectKey, ProjectRef> = BTreeMap::new();
    let add_section = |found: &mut BTreeMap<ProjectKey, ProjectRef>, key: ProjectKey, id: &str| {
        let r = found.entry(key).or_insert_with(|| new_ref(key));
        if !r.sections.iter().any(|s| s == id) {
            r.sections.push(id.to_string());
        }
    };
    for (id, keys) in by_section {
        for key in keys {
            add_section(&mut found, *key, id);
        }
    }
    let text = doc.text();
    for s in doc.sections_flat() {
        let context = by_section
            .get(&s.id)
            .and_then(|k| k.first())
            .map(|k| k.project);
        let own_end = s.children.first().map_or(s.span.end, |c| c.span.start);
        let own = &text[s.span.start..own_end];
        let mut seen: BTreeSet<usize> = BTreeSet::new();
        for sentence in own.split(['.', '\n']) {
            let base = sentence.as_ptr() as usize - own.as_ptr() as usize;
            if names_other_programme(sentence) {
                continue;
            }
            for m in mentions(sentence) {
                if let Some(key) = m.key(context) {
                    let start = s.span.start + base + m.start;
                    if seen.insert(start) {
                        let r = found.entry(key).or_insert_with(|| new_ref(key));
                        r.mentions
                            .push(doc.location(Span::new(start, s.span.start + base + m.end)));
                    }
                }
            }
        }
    }
    found.into_values().collect()
}

fn new_ref(key: ProjectKey) -> ProjectRef {
    ProjectRef {
        project: key.project,
        subproject: key.subproject,
        title: catalogue_title(key).unwrap_or_default().to_string(),
        sections: Vec::new(),
        mentions: Vec::<Location>::new(),
    }
}

fn catalogue_title(key: ProjectKey) -> Option<&'static str> {
    CATALOGUE_ENTRIES
        .iter()
        .find(|e| e.key == key)
        .map(|e| e.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, context: Option<u8>) -> Vec<(u8, Option<u8>)> {
        mentions(text)
            .iter()
            .filter_map(|m| m.key(context))
            .map(|k| (k.project, k.subproject))
            .collect()
    }

    #[test]
    fn mention_forms() {
        assert_eq!(keys("Tổ chức thực hiện: Dự án 5.", None), [(5, None)]);
        assert_eq!(
            keys("thực hiện dự án 3 và DA4", None),
            [(3, None), (4, None)]
        );
        assert_eq!(
            keys("Tiểu dự án 1 thuộc Dự án 3; Dự án 2", None),
            [(3, Some(1)), (2, None)]
        );
        assert_eq!(
            keys(
                "Dự án 1, Dự án 2, Dự án 4, Tiểu dự án 2 - Dự án 6 và Dự án 7",
                None
            ),
            [(1, None), (2, None), (4, None), (6, Some(2)), (7, None)]
        );
        assert_eq!(
            keys("thực hiện tiều Dự án 1, Dự án 6.", None),
            [(6, Some(1))]
        );
        assert_eq!(keys("2.1. Dự án 1 (Tiểu dự án 1)", None), [(1, Some(1))]);
        assert_eq!(keys("TDA1 DA3", None), [(3, Some(1))]);
        assert_eq!(
            keys("Tiểu dự án 2: Cải thiện dinh dưỡng", Some(3)),
            [(3, Some(2))]
        );
        assert_eq!(keys("Tiểu dự án 2", None), []);
        assert_eq!(keys("Dự án 9 của tỉnh", None), []);
    }

    #[test]
    fn titles_only() {
        let k = |p, s| {
            Some(ProjectKey {
                project: p,
                subproject: s,
            })
        };
        assert_eq!(
            title_match("Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo trên địa bàn huyện"),
            k(5, None)
        );
        assert_eq!(
            title_match("Đa dạng hóa sinh kế, nhân rộng mô hình giảm nghèo"),
            k(2, None)
        );
        assert_eq!(
            title_match("Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp"),
            k(3, Some(1))
        );
        assert_eq!(title_match("Cải thiện dinh dưỡng"), k(3, Some(2)));
        assert_eq!(title_match("Giám sát, đánh giá"), k(7, Some(2)));
        assert_eq!(title_match("Tổ chức thực hiện"), None);
        assert_eq!(title_match("Mục tiêu cụ thể"), None);
    }

    #[test]
    fn other_programmes_are_not_this_one() {
        assert!(names_other_programme(
            "Dự án 2 thuộc Chương trình MTQG xây dựng nông thôn mới"
        ));
        assert!(names_other_programme("Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi"));
        assert!(!names_other_programme(
            "Dự án 2 Chương trình MTQGGN giai đoạn 2021-2025"
        ));
    }

    #[test]
    fn roles_from_the_first_phrase() {
        assert_eq!(first_role("- Tổ chức thực hiện: Dự án 5."), Some("lead"));
        assert_eq!(
            first_role("Tham mưu UBND xã thực hiện Dự án 2"),
            Some("lead")
        );
        assert_eq!(
            first_role("Trực tiếp quản lý, hướng dẫn tổ chức thực hiện Dự án 5"),
            Some("lead")
        );
        assert_eq!(
            first_role("Chủ trì, phối hợp với các ban ngành thực hiện Dự án 7"),
            Some("lead")
        );
        assert_eq!(
            first_role("- Phối hợp và hướng dẫn công chức tổ chức thực hiện Dự án 5"),
            Some("partner")
        );
        assert_eq!(
            first_role("Trạm y tế xã: phối hợp với trung tâm y tế huyện thực hiện Tiểu dự án 2"),
            Some("partner")
        );
        assert_eq!(first_role("Báo cáo kết quả Dự án 5"), None);
    }

    #[test]
    fn agency_lists() {
        assert_eq!(
            split_agencies("Phòng NN&PTNT, Phòng Tài chính-Kế hoạch, UBND các xã, thị trấn."),
            [
                "Phòng NN&PTNT",
                "Phòng Tài chính-Kế hoạch",
                "UBND các xã, thị trấn"
            ]
        );
        assert_eq!(
            split_agencies(
                "UBND các xã, thị trấn, Hội Nông dân huyện, các Doanh nghiệp trên địa bàn"
            ),
            [
                "UBND các xã, thị trấn",
                "Hội Nông dân huyện",
                "các Doanh nghiệp trên địa bàn"
            ]
        );
        assert_eq!(
            split_agencies("Các cơ quan, đơn vị thuộc UBND huyện được giao nhiệm vụ"),
            ["Các cơ quan, đơn vị thuộc UBND huyện được giao nhiệm vụ"]
        );
    }

    #[test]
    fn agencies_from_headings() {
        assert_eq!(
            section_agency("Công chức Văn hoá- xã hội (Phụ trách LĐ, TB&XH)").as_deref(),
            Some("Công chức Văn hóa- xã hội (Phụ trách LĐ, TB&XH)")
        );
        assert_eq!(
            section_agency("Sở Xây dựng").as_deref(),
            Some("Sở Xây dựng")
        );
        assert_eq!(section_agency("Mục tiêu cụ thể"), None);
        assert_eq!(section_agency("Sơn La"), None);
    }

    #[test]
    fn a_lead_names_its_partner() {
        let c = PARTNER_OBJECT
            .captures("Chủ trì, phối hợp với Công chức Lao động - Thương binh và Xã hội và các ban ngành liên quan tổ chức thực hiện Dự án 5")
            .unwrap();
        assert_eq!(
            named_agency(&c[1]).as_deref(),
            Some("Công chức Lao động - Thương binh và Xã hội")
        );
        let c = PARTNER_OBJECT
            .captures("Chủ trì, phối hợp với các ban, ngành liên quan tổ chức")
            .unwrap();
        assert_eq!(named_agency(&c[1]), None);
    }
}
