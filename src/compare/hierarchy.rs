//! The plans' hierarchy as their citations draw it: a commune's plan that
//! says "Thực hiện Kế hoạch số 21/KH-UBND ngày 29/02/2024 của UBND huyện
//! Trà Bồng" implements that plan when it is among the plans compared. A
//! citation names its plan by kind and number, its issuer's locality (the
//! gazetteer's unit, in the era of the citation's date; "UBND huyện" alone
//! is the citing plan's own district), and its date when it gives one.
//! Citations of local bodies that match no plan are kept as unresolved.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::plan_name;
use crate::extract::locate::Locator;
use crate::gazetteer::{Era, Kind, Level};
use crate::model::{Citation, Metadata, PlaceMatch, Plan};
use crate::vi::key::fold;

/// A plan in the hierarchy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub plan_id: String,
    pub plan: String,
    pub title: Option<String>,
    pub locality: Option<String>,
    pub level: Option<String>,
    pub date: Option<String>,
    /// Ids of the plans this one implements (cites, and they are here).
    pub implements: Vec<String>,
    /// Ids of the plans that implement this one.
    pub implemented_by: Vec<String>,
    /// Citations of plans of local bodies that are not here.
    pub unresolved: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hierarchy {
    pub nodes: Vec<Node>,
    /// Node index by plan id.
    #[serde(skip)]
    index: FxHashMap<String, usize>,
}

/// What identifies a plan: its unit (era and code), else its issuer's words.
#[derive(Debug, Clone, PartialEq)]
enum Issuer {
    Unit(Era, String),
    Words(String),
}

fn number_key(number: &str) -> String {
    fold(number).split_whitespace().collect()
}

fn unit_of(place: Option<&PlaceMatch>) -> Option<Issuer> {
    let unit = place?.unit.as_ref()?;
    Some(Issuer::Unit(unit.era, unit.code.clone()))
}

/// The level a bare kind word at the end of an issuer stands for ("Ủy ban
/// nhân dân huyện").
fn bare_level(issuer: &str) -> Option<Level> {
    let folded = fold(issuer);
    Kind::ALL
        .iter()
        .find(|k| folded.ends_with(&format!(" {}", fold(k.word()))))
        .map(|k| k.level())
}

/// The issuer a citation names, seen from the plan that cites it.
fn cited_issuer(citing: &Metadata, citation: &Citation) -> Option<Issuer> {
    let written = citation.issuer_as_written.as_deref()?;
    let seen_from = Metadata {
        date: citation.date.clone().or_else(|| citing.date.clone()),
        ..citing.clone()
    };
    let locator = Locator::new(&seen_from);
    if let Some((_, place)) = locator.places(written).pop() {
        return unit_of(Some(&place)).or_else(|| citation.issuer.as_deref().map(words));
    }
    let level = bare_level(written)?;
    let own = locator.plan()?.unit.as_ref()?;
    if own.level == level {
        return Some(Issuer::Unit(own.era, own.code.clone()));
    }
    own.parents
        .iter()
        .find(|p| p.level == level)
        .map(|p| Issuer::Unit(own.era, p.code.clone()))
}

fn words(issuer: &str) -> Issuer {
    Issuer::Words(fold(issuer))
}

/// Whether `citation`, whose issuer is `cited`, names `plan` (of its number).
fn names(cited: Option<&Issuer>, citation: &Citation, plan: &Plan) -> bool {
    let m = &plan.metadata;
    if m.doc_type.as_deref().map(fold) != Some(fold(&citation.kind))
        || citation.date.is_some() && m.date.is_some() && citation.date != m.date
    {
        return false;
    }
    match (cited, unit_of(m.place.as_ref())) {
        (Some(Issuer::Unit(era, code)), Some(Issuer::Unit(plan_era, plan_code))) => {
            *era == plan_era && *code == plan_code
        }
        (Some(Issuer::Words(cited)), _) => m.issuer.as_deref().map(fold).as_ref() == Some(cited),
        _ => false,
    }
}

/// A citation of a local body's document: one that could be a plan here.
fn local(citation: &Citation) -> bool {
    citation
        .issuer_as_written
        .as_deref()
        .is_some_and(|issuer| bare_level(issuer).is_some() || issuer_names_a_place(issuer))
}

fn issuer_names_a_place(issuer: &str) -> bool {
    !crate::gazetteer::get()
        .mentions(issuer, &crate::gazetteer::Context::new(None))
        .is_empty()
}

fn describe(citation: &Citation) -> String {
    let mut text = format!("{} {}", citation.kind, citation.number);
    if let Some(date) = &citation.date {
        text.push_str(&format!(" ngày {date}"));
    }
    if let Some(issuer) = &citation.issuer_as_written {
        text.push_str(&format!(" của {issuer}"));
    }
    text
}

pub fn hierarchy(plans: &[Plan]) -> Hierarchy {
    let mut nodes: Vec<Node> = plans
        .iter()
        .map(|p| Node {
            plan_id: p.id.clone(),
            plan: plan_name(p),
            title: p.metadata.title.clone(),
            locality: p.metadata.place.as_ref().map(|l| l.written.clone()),
            level: p.metadata.level.clone(),
            date: p.metadata.date.clone(),
            implements: Vec::new(),
            implemented_by: Vec::new(),
            unresolved: Vec::new(),
        })
        .collect();
    // Plans by number: a citation looks at those of its number only.
    let mut by_number: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (j, plan) in plans.iter().enumerate() {
        if let Some(number) = &plan.metadata.number {
            by_number.entry(number_key(number)).or_default().push(j);
        }
    }
    for (i, citing) in plans.iter().enumerate() {
        for citation in &citing.citations {
            let candidates = by_number
                .get(&number_key(&citation.number))
                .map_or(&[][..], Vec::as_slice);
            let cited = if candidates.is_empty() {
                None
            } else {
                cited_issuer(&citing.metadata, citation)
            };
            let found = candidates
                .iter()
                .copied()
                .find(|&j| j != i && names(cited.as_ref(), citation, &plans[j]));
            match found {
                // A plan cited twice is implemented once.
                Some(j) if !nodes[i].implements.contains(&plans[j].id) => {
                    nodes[i].implements.push(plans[j].id.clone());
                    nodes[j].implemented_by.push(citing.id.clone());
                }
                Some(_) => {}
                None if local(citation) => nodes[i].unresolved.push(describe(citation)),
                None => {}
            }
        }
    }
    let index = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.plan_id.clone(), i))
        .collect();
    Hierarchy { nodes, index }
}

impl Hierarchy {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    /// Plans that implement none of the others: the tops of the tree.
    pub fn roots(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.implements.is_empty())
    }

    /// The tree as indented text, each plan under the plans it implements.
    pub fn tree(&self) -> String {
        let mut out = String::new();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for root in self.roots() {
            self.write(root, 0, &mut seen, &mut out);
        }
        // Plans on a cycle of citations have no root: listed on their own.
        for node in &self.nodes {
            if !seen.contains(&node.plan_id.as_str()) {
                self.write(node, 0, &mut seen, &mut out);
            }
        }
        out
    }

    fn write<'a>(
        &'a self,
        node: &'a Node,
        depth: usize,
        seen: &mut FxHashSet<&'a str>,
        out: &mut String,
    ) {
        let indent = "  ".repeat(depth);
        let again = seen.contains(&node.plan_id.as_str());
        out.push_str(&format!(
            "{indent}{} — {}{}{}\n",
            node.locality.as_deref().unwrap_or("?"),
            node.plan,
            node.date
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default(),
            if again { " (above)" } else { "" },
        ));
        if again {
            return;
        }
        seen.insert(&node.plan_id);
        for citation in &node.unresolved {
            out.push_str(&format!("{indent}    unresolved: {citation}\n"));
        }
        for child in &node.implemented_by {
            if let Some(child) = self.node(child) {
                self.write(child, depth + 1, seen, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_whatever_their_spacing_and_case() {
        assert_eq!(number_key("29 /KH-UBND"), number_key("29/kh-ubnd"));
        assert_ne!(number_key("29/KH-UBND"), number_key("21/KH-UBND"));
    }

    #[test]
    fn a_bare_kind_word_names_a_level() {
        assert_eq!(bare_level("Ủy ban nhân dân huyện"), Some(Level::District));
        assert_eq!(bare_level("UBND tỉnh"), Some(Level::Province));
        assert_eq!(bare_level("UBND huyện Trà Bồng"), None);
        assert_eq!(bare_level("Thủ tướng Chính phủ"), None);
    }
}
