//! The programme's seven projects: which sections are about which project,
//! and which agency leads or supports each.

use std::collections::BTreeMap;

use crate::model::{Assignment, ProjectKey, ProjectRef, Section};
use crate::segment::Document;

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

pub fn extract(_doc: &Document) -> ProjectFindings {
    ProjectFindings::default()
}
