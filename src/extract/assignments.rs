//! Which agency leads or supports which project.
//!
//! Two shapes: lists ("Đơn vị chủ trì: A", "Đơn vị phối hợp: A, B, C") under
//! a section about a project, and sentences in a section headed by an agency
//! ("2.7. Công chức Văn hóa- xã hội: - Tổ chức thực hiện: Dự án 5"), whose
//! first role phrase (`data/roles.tsv`) gives the role.
//!
//! Like the gold (`GUIDE.md`), assignments are those of the first programme of
//! `data/programmes.tsv`, the poverty programme's seven projects; the projects
//! of other programmes are still found and tagged ([`super::projects`]).

use std::collections::BTreeMap;

use once_cell::sync::Lazy;
use regex::Regex;

use super::programmes::{ProgrammeMap, ALL};
use super::projects::mentions;
use crate::data::{rows, AGENCY_HEADS, ROLES};
use crate::model::{Assignment, ProjectKey, Section, Span};
use crate::segment::Document;
use crate::vi::key::{canonical, fold};
use crate::vi::whole_word_positions;

static AGENCY_WORDS: Lazy<Vec<String>> =
    Lazy::new(|| rows(AGENCY_HEADS).map(|r| r[0].to_string()).collect());
static ROLE_PHRASES: Lazy<Vec<(String, &'static str)>> = Lazy::new(|| {
    let mut phrases: Vec<(String, &'static str)> =
        rows(ROLES).map(|r| (r[1].to_string(), r[0])).collect();
    phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    phrases
});

static LIST_ROLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*(?:đơn vị|cơ quan)\s+(chủ trì|phối hợp)\s*:\s*(.+)$").unwrap()
});
static PARTNER_OBJECT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\W*chủ trì,?\s+phối hợp\s+với\s+(.+?)(?:\s+và\s+các\b|,|\s+(?:tổ chức|thực hiện|triển khai|kiểm tra)\b)")
        .unwrap()
});

fn assignable(key: &ProjectKey) -> bool {
    key.programme == ALL[0].code
}

/// Assignments in one section's own text.
pub fn assign(
    doc: &Document,
    s: &Section,
    programmes: &ProgrammeMap,
    by_section: &BTreeMap<String, Vec<ProjectKey>>,
    out: &mut Vec<Assignment>,
) {
    let section_keys: Vec<&ProjectKey> = by_section
        .get(&s.id)
        .into_iter()
        .flatten()
        .filter(|k| assignable(k))
        .collect();
    let context = by_section.get(&s.id).and_then(|k| k.first());
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
        let at = |start: usize, len: usize| Span::new(start, start + len);
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
                        key,
                        line.trim(),
                        at(line_start, line.len()),
                    );
                }
            }
            continue;
        }
        let Some(agency) = &agency else { continue };
        // A ";" separates sentences when a new role phrase follows it.
        for (start, sentence) in crate::vi::clauses(line, starts_with_role) {
            let start = line_start + start;
            let keys: Vec<ProjectKey> = mentions(sentence)
                .iter()
                .filter_map(|m| m.key(context, programmes.at(doc, start + m.start)))
                .filter(assignable)
                .collect();
            if keys.is_empty() {
                continue;
            }
            let Some(role) = first_role(sentence) else {
                continue;
            };
            let span = at(start, sentence.len());
            for key in &super::projects::dedup(keys) {
                push(out, doc, agency, role, key, sentence.trim(), span);
                if role == "lead" {
                    if let Some(partner) = PARTNER_OBJECT
                        .captures(sentence)
                        .and_then(|c| named_agency(&c[1]))
                    {
                        push(out, doc, &partner, "partner", key, sentence.trim(), span);
                    }
                }
            }
        }
    }
}

/// The agency a section is about, when its heading names one.
fn section_agency(heading: &str) -> Option<String> {
    let heading = heading.trim_start_matches(|c: char| !c.is_alphanumeric());
    let heading = heading.strip_prefix("Đề nghị ").unwrap_or(heading);
    (starts_with_agency_word(heading) && heading.chars().count() <= 160)
        .then(|| clean_agency(heading))
}

fn starts_with_agency_word(text: &str) -> bool {
    let folded = fold(text);
    AGENCY_WORDS
        .iter()
        .any(|w| folded.starts_with(w.as_str()) && folded[w.len()..].starts_with(' '))
}

fn clean_agency(name: &str) -> String {
    canonical(name.trim().trim_end_matches(['.', ':', ';', ',']))
        .trim()
        .to_string()
}

/// A specific agency (not "các ban, ngành liên quan").
fn named_agency(text: &str) -> Option<String> {
    starts_with_agency_word(text).then(|| clean_agency(text))
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

fn push(
    out: &mut Vec<Assignment>,
    doc: &Document,
    agency: &str,
    role: &str,
    key: &ProjectKey,
    quote: &str,
    span: Span,
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
            location: doc.location(span),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
