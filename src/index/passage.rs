//! Passages: the unit of search. One per section of a plan (and one for the
//! preamble), carrying what the plan says about itself so a passage can be
//! filtered and shown without opening the plan. The same records feed the
//! tantivy index and the OpenSearch export.

use serde::Serialize;

use crate::model::{Plan, ProjectKey, Section};
use crate::vi::key::document_number;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// Stable: "{plan id}/{section id}".
    pub id: String,
    pub plan_id: String,
    pub source_path: String,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub locality: Option<String>,
    pub locality_kind: Option<String>,
    pub level: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub section_id: String,
    /// Numbers from the top: ["III", "2", "2.5"].
    pub section_path: Vec<String>,
    pub number: String,
    pub heading: String,
    pub kind: String,
    /// Heading, own text, and the footnotes anchored in the section.
    pub text: String,
    /// Project facets: "/5", "/3/1".
    pub projects: Vec<String>,
    /// Keys of the document numbers cited in the passage ([`document_number`]).
    pub cites: Vec<String>,
}

pub fn project_facet(key: &ProjectKey) -> String {
    match key.subproject {
        Some(sub) => format!("/{}/{}", key.project, sub),
        None => format!("/{}", key.project),
    }
}

/// Every passage of a plan, in document order.
pub fn passages(plan: &Plan) -> Vec<Passage> {
    let mut out = Vec::new();
    if let Some(preamble) = &plan.preamble {
        let mut p = base(plan, "preamble");
        p.kind = "preamble".into();
        p.text = preamble.text.clone();
        p.cites = cited_in(plan, None);
        out.push(p);
    }
    walk(plan, &plan.sections, &mut Vec::new(), &mut out);
    out
}

fn walk(plan: &Plan, sections: &[Section], path: &mut Vec<String>, out: &mut Vec<Passage>) {
    for s in sections {
        path.push(s.number.clone());
        let mut p = base(plan, &s.id);
        p.section_path = path.clone();
        p.number = s.number.clone();
        p.heading = s.heading.clone();
        p.kind = s.kind.clone();
        let notes = plan
            .footnotes
            .iter()
            .filter(|f| f.section.as_deref() == Some(s.id.as_str()));
        p.text = std::iter::once(s.heading.as_str())
            .chain(std::iter::once(s.text.as_str()))
            .chain(notes.map(|f| f.text.as_str()))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        p.projects = s
            .projects
            .iter()
            .filter(|k| k.programme == crate::extract::programmes::ALL[0].code)
            .map(project_facet)
            .collect();
        p.cites = cited_in(plan, Some(&s.id));
        out.push(p);
        walk(plan, &s.children, path, out);
        path.pop();
    }
}

fn base(plan: &Plan, section_id: &str) -> Passage {
    let m = &plan.metadata;
    Passage {
        id: format!("{}/{}", plan.id, section_id),
        plan_id: plan.id.clone(),
        source_path: plan.source.path.clone(),
        title: m.title.clone(),
        doc_number: m.number.clone(),
        locality: m.locality.clone(),
        locality_kind: m.locality_kind.clone(),
        level: m.level.clone(),
        province: m.province.clone(),
        year: m.year,
        section_id: section_id.to_string(),
        section_path: Vec::new(),
        number: String::new(),
        heading: String::new(),
        kind: String::new(),
        text: String::new(),
        projects: Vec::new(),
        cites: Vec::new(),
    }
}

/// Document numbers cited in a section (None: before the first section).
fn cited_in(plan: &Plan, section: Option<&str>) -> Vec<String> {
    let mut keys: Vec<String> = plan
        .citations
        .iter()
        .filter(|c| c.mentions.iter().any(|m| m.section.as_deref() == section))
        .map(|c| document_number(&c.number))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}
