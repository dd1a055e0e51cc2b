//! Programme projects: every place a plan names one, and which sections are
//! about which project.
//!
//! Mentions take every form plans write: "Dự án 5", "Tiểu dự án 1 thuộc Dự án
//! 3", "Tiểu dự án 2 - Dự án 6", "Tiểu dự án 2 (Dự án 7)", "Tiểu dự án 1: Mua
//! sắm ... (thuộc Dự án 3: ...)", "tiều Dự án 1, Dự án 6" (OCR), "Dự án 1
//! (Tiểu dự án 1)", "DA5", "TDA1 DA3", a bare "Tiểu dự án 2" under a project,
//! a footnote "Thuộc Dự án 2" on a heading, or a heading that only gives a
//! project's title (matched loosely against `data/catalogue.tsv`).
//!
//! Every mention belongs to a programme ([`ProgrammeMap::at`]): the drug-
//! prevention programme's "Dự án 5" is not the poverty programme's.

use std::collections::BTreeMap;

use once_cell::sync::Lazy;
use regex::Regex;

use super::assignments;
use super::programmes::{self, Programme, ProgrammeMap};
use crate::data::{rows, CATALOGUE};
use crate::model::{Assignment, Location, ProjectKey, ProjectRef, Section, Span};
use crate::segment::Document;
use crate::vi::key::fold;
use crate::vi::{is_letter_or_digit, word_start_captures};

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
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub project: Option<u8>,
    pub subproject: Option<u8>,
}

impl Mention {
    /// The key in `programme`, taking a bare sub-project's project from
    /// `context` (the project of the section it stands in) when that is of the
    /// same programme.
    pub fn key(&self, context: Option<&ProjectKey>, programme: &Programme) -> Option<ProjectKey> {
        let inherited = context
            .filter(|c| c.programme == programme.code)
            .map(|c| c.project);
        let project = self.project.or(if self.subproject.is_some() {
            inherited
        } else {
            None
        })?;
        programme.has_project(project).then(|| ProjectKey {
            programme: programme.code.to_string(),
            project,
            subproject: self.subproject,
        })
    }
}

// "tiểu dự án 2 thuộc dự án 3", "Tiểu dự án 2 (Dự án 7)", "Tiểu dự án 1: ... (thuộc Dự án 3",
// "tiều Dự án 1, Dự án 6", "TDA1 DA3", "Dự án 1 (Tiểu dự án 1)", "DA5". Each match
// must start a word ([`word_start_captures`]) and end one.
static MENTION: Lazy<Regex> = Lazy::new(|| {
    let sub = r"(?:ti[eểề]u\s+d[ựu]\s+[áa]n|TDA)\s*(\d{1,2})";
    let project = |group: &str| format!(r"(?:d[ựu]\s+[áa]n|DA)\s*({group}\d{{1,2}})");
    let near = format!(r"\s*\(?\s*(?:thuộc|của|[-–,])?\s*{}", project(""));
    let far = format!(r"[^.;()\n]{{0,200}}?\(\s*thuộc\s+{}", project(""));
    Regex::new(&format!(
        r"(?i)(?:{sub}(?:{near}|{far})?|{}(?:\s*\(\s*{sub}\s*\))?)",
        project("")
    ))
    .unwrap()
});

/// Every project mention in `text`, offsets relative to it.
pub fn mentions(text: &str) -> Vec<Mention> {
    word_start_captures(&MENTION, text)
        .filter(|c| {
            let end = c.get(0).expect("group 0").end();
            !text[end..].chars().next().is_some_and(is_letter_or_digit)
        })
        .map(|c| {
            let m = c.get(0).expect("group 0");
            let num = |i: usize| c.get(i).and_then(|g| g.as_str().parse::<u8>().ok());
            let (project, subproject) = match num(1) {
                Some(sub) => (num(2).or(num(3)), Some(sub)),
                None => (num(4), num(5)),
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

struct CatalogueEntry {
    key: ProjectKey,
    title: &'static str,
    /// Its distinct folded words, sorted.
    tokens: Vec<String>,
}

static CATALOGUE_ENTRIES: Lazy<Vec<CatalogueEntry>> = Lazy::new(|| {
    rows(CATALOGUE)
        .map(|r| CatalogueEntry {
            key: ProjectKey {
                programme: programmes::by_code(r[0])
                    .unwrap_or_else(|| panic!("catalogue: unknown programme {}", r[0]))
                    .code
                    .to_string(),
                project: r[1].parse().expect("project number"),
                subproject: r[2].parse().ok(),
            },
            title: r[3],
            tokens: tokens(&fold(r[3]))
                .into_iter()
                .map(str::to_string)
                .collect(),
        })
        .collect()
});

/// The distinct words of `folded`, sorted: a heading's are compared with
/// every catalogue title of its programme, by a merge of the two lists.
fn tokens(folded: &str) -> Vec<&str> {
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// How many words two sorted lists of distinct words share.
fn shared_words(a: &[String], b: &[&str]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while let (Some(x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.as_str().cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The project of `programme` whose catalogue title a heading gives alone, if any.
fn title_match(heading: &str, programme: &Programme) -> Option<ProjectKey> {
    let folded = fold(heading);
    let words = tokens(&folded);
    if words.is_empty() {
        return None;
    }
    CATALOGUE_ENTRIES
        .iter()
        .filter(|e| e.key.programme == programme.code && words.len() <= e.tokens.len() + 6)
        .map(|e| {
            let shared = shared_words(&e.tokens, &words) as f64;
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
        .map(|(_, _, e)| e.key.clone())
}

pub fn extract(doc: &Document, programmes: &ProgrammeMap) -> ProjectFindings {
    let mut findings = ProjectFindings::default();
    tag(
        doc,
        programmes,
        &doc.sections,
        &[],
        &mut None,
        &mut findings.by_section,
    );
    for section in doc.sections_flat() {
        assignments::assign(
            doc,
            section,
            programmes,
            &findings.by_section,
            &mut findings.assignments,
        );
    }
    findings.projects = project_refs(doc, programmes, &findings.by_section);
    findings
}

/// Tags each section with the projects its heading (or a footnote on it, or
/// its title) names; children inherit unless they name their own. `previous`
/// is the last project named, for bare sub-projects ("2.4. Tiểu dự án 2").
fn tag(
    doc: &Document,
    programmes: &ProgrammeMap,
    sections: &[Section],
    inherited: &[ProjectKey],
    previous: &mut Option<ProjectKey>,
    out: &mut BTreeMap<String, Vec<ProjectKey>>,
) {
    for s in sections {
        let own = heading_projects(doc, programmes, s, previous.as_ref());
        if let Some(k) = own.first() {
            *previous = Some(k.clone());
        }
        let keys = if own.is_empty() {
            inherited.to_vec()
        } else {
            own
        };
        if !keys.is_empty() {
            out.insert(s.id.clone(), keys.clone());
        }
        tag(doc, programmes, &s.children, &keys, previous, out);
    }
}

/// The heading's end: the first line of the section.
fn heading_end(doc: &Document, s: &Section) -> usize {
    s.span.start
        + doc.text()[s.span.start..s.span.end]
            .find('\n')
            .unwrap_or(s.span.end - s.span.start)
}

fn heading_projects(
    doc: &Document,
    programmes: &ProgrammeMap,
    s: &Section,
    previous: Option<&ProjectKey>,
) -> Vec<ProjectKey> {
    let programme = programmes.at(doc, s.span.start);
    let mut keys: Vec<ProjectKey> = mentions(&s.heading)
        .iter()
        .filter_map(|m| m.key(previous, programme))
        .collect();
    // A footnote anchored in the heading: "1. Đa dạng hóa sinh kế ...giảm nghèo²" + "² Thuộc Dự án 2".
    let end = heading_end(doc, s);
    for note in doc
        .footnotes
        .iter()
        .filter(|f| f.anchor.is_some_and(|a| a > s.span.start && a <= end))
    {
        let programme = programmes.named_in(&note.text).unwrap_or(programme);
        keys.extend(
            mentions(&note.text)
                .iter()
                .filter_map(|m| m.key(previous, programme)),
        );
    }
    if keys.is_empty() {
        keys.extend(title_match(&s.heading, programme));
    }
    dedup(keys)
}

pub(super) fn dedup<T: PartialEq + Clone>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// Every project the plan names (its title, preamble, sections, closing,
/// annexes and footnotes) or has a section about.
fn project_refs(
    doc: &Document,
    programmes: &ProgrammeMap,
    by_section: &BTreeMap<String, Vec<ProjectKey>>,
) -> Vec<ProjectRef> {
    let mut found: BTreeMap<ProjectKey, ProjectRef> = BTreeMap::new();
    let context = |section: Option<&str>| section.and_then(|id| by_section.get(id)?.first());
    for (id, keys) in by_section {
        for key in keys {
            let r = found
                .entry(key.clone())
                .or_insert_with(|| new_ref(key.clone()));
            if !r.sections.iter().any(|s| s == id) {
                r.sections.push(id.clone());
            }
        }
    }
    for m in mentions(doc.text()) {
        let section = doc.section_at(m.start).map(|s| s.id.as_str());
        if let Some(key) = m.key(context(section), programmes.at(doc, m.start)) {
            let location: Location = doc.location(Span::new(m.start, m.end));
            found
                .entry(key.clone())
                .or_insert_with(|| new_ref(key))
                .mentions
                .push(location);
        }
    }
    for note in &doc.footnotes {
        let programme = programmes
            .named_in(&note.text)
            .unwrap_or_else(|| programmes.at(doc, note.anchor.unwrap_or(0)));
        for m in mentions(&note.text) {
            if let Some(key) = m.key(context(note.section.as_deref()), programme) {
                let r = found.entry(key.clone()).or_insert_with(|| new_ref(key));
                if !r.footnotes.contains(&note.number) {
                    r.footnotes.push(note.number);
                }
            }
        }
    }
    found.into_values().collect()
}

fn new_ref(key: ProjectKey) -> ProjectRef {
    ProjectRef {
        title: catalogue_title(&key).unwrap_or_default().to_string(),
        programme: key.programme,
        project: key.project,
        subproject: key.subproject,
        sections: Vec::new(),
        mentions: Vec::new(),
        footnotes: Vec::new(),
    }
}

fn catalogue_title(key: &ProjectKey) -> Option<&'static str> {
    CATALOGUE_ENTRIES
        .iter()
        .find(|e| e.key == *key)
        .map(|e| e.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poverty() -> &'static Programme {
        programmes::by_code("poverty-2021-2025").unwrap()
    }

    fn keys(text: &str, context: Option<u8>) -> Vec<(u8, Option<u8>)> {
        let context = context.map(|project| ProjectKey {
            programme: poverty().code.to_string(),
            project,
            subproject: None,
        });
        mentions(text)
            .iter()
            .filter_map(|m| m.key(context.as_ref(), poverty()))
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
            keys("Tiểu dự án 2 (Dự án 7): truyền thông", None),
            [(7, Some(2))]
        );
        assert_eq!(
            keys(
                "thực hiện Tiểu dự án 1: Mua sắm trang thiết bị, nâng cao năng lực (thuộc Dự án 3: Nâng cao năng lực)",
                None
            ),
            [(3, Some(1))]
        );
        assert_eq!(
            keys("Tiểu dự án 2: Cải thiện dinh dưỡng", Some(3)),
            [(3, Some(2))]
        );
        assert_eq!(keys("Tiểu dự án 2", None), []);
        assert_eq!(keys("Dự án 9 của tỉnh", None), []);
        assert_eq!(keys("Dự án 52, dự án 5a, xdự án 5", None), []);
    }

    #[test]
    fn project_numbers_are_the_programmes() {
        let drug = programmes::by_code("drug-prevention-2025-2030").unwrap();
        let m = mentions("Dự án 9: Quản lý, giám sát");
        assert_eq!(m[0].key(None, poverty()), None);
        assert_eq!(
            m[0].key(None, drug).map(|k| (k.programme, k.project)),
            Some((drug.code.to_string(), 9))
        );
        // A bare sub-project takes its project only from a section of its own programme.
        let sub = mentions("Tiểu dự án 2")[0];
        let drug_seven = ProjectKey {
            programme: drug.code.into(),
            project: 7,
            subproject: None,
        };
        assert_eq!(sub.key(Some(&drug_seven), poverty()), None);
        assert_eq!(
            sub.key(Some(&drug_seven), drug).map(|k| k.number()),
            Some("7.2".to_string())
        );
    }

    #[test]
    fn titles_only() {
        let k = |p, s| {
            Some(ProjectKey {
                programme: poverty().code.to_string(),
                project: p,
                subproject: s,
            })
        };
        let m = |heading: &str| title_match(heading, poverty());
        assert_eq!(
            m("Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo trên địa bàn huyện"),
            k(5, None)
        );
        assert_eq!(
            m("Đa dạng hóa sinh kế, nhân rộng mô hình giảm nghèo"),
            k(2, None)
        );
        assert_eq!(
            m("Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp"),
            k(3, Some(1))
        );
        assert_eq!(m("Cải thiện dinh dưỡng"), k(3, Some(2)));
        assert_eq!(m("Giám sát, đánh giá"), k(7, Some(2)));
        assert_eq!(m("Tổ chức thực hiện"), None);
        assert_eq!(m("Mục tiêu cụ thể"), None);
        let drug = programmes::by_code("drug-prevention-2025-2030").unwrap();
        assert_eq!(
            title_match(
                "Nâng cao hiệu quả cai nghiện ma túy và quản lý sau cai",
                drug
            )
            .map(|k| k.number()),
            Some("5".to_string())
        );
        assert_eq!(
            title_match(
                "Nâng cao hiệu quả cai nghiện ma túy và quản lý sau cai",
                poverty()
            ),
            None
        );
    }

    #[test]
    fn every_catalogue_row_parses() {
        assert!(CATALOGUE_ENTRIES.len() > 30);
        for e in CATALOGUE_ENTRIES.iter() {
            let programme = programmes::by_code(&e.key.programme).unwrap();
            assert!(programme.has_project(e.key.project), "{}", e.title);
        }
    }
}
