//! The first look for plans, over their records: what a plan must hold
//! for one of its passages to match, and how the records are ranked.

use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::{any, term, union, Compiler, PlanLook, Records, Tier};
use crate::index::analyzer::{folded_key, pair_key};
use crate::index::document::scoped_word;
use crate::index::query::Node;

impl Compiler<'_> {
    /// The first look for plans: the core over records, and what a plan
    /// must hold for one of its passages to match: every word (not together;
    /// in the section kind and the project asked for, if they are), every
    /// phrase's pairs, the projects; the filters a plan answers whole.
    pub(super) fn plan_look(&self, node: Option<&Node>) -> PlanLook {
        let mut terms = Vec::new();
        let mut complete = None;
        if let Some(node) = node {
            if self.core_terms(node, Records::Plans, true, &mut terms) {
                let mut every = Vec::new();
                self.core_terms(node, Records::Plans, false, &mut every);
                complete = union(every);
            }
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            term(self.f.record, crate::index::document::PLAN),
        )];
        clauses.extend(
            node.and_then(|n| self.plan_holds(n))
                .map(|q| (Occur::Must, q)),
        );
        clauses.extend(
            self.filters(Records::Plans)
                .into_iter()
                .map(|q| (Occur::Must, q)),
        );
        PlanLook {
            core: union(terms),
            complete,
            filter: Tier::of(Box::new(BooleanQuery::new(clauses))),
        }
    }

    /// What a plan's record must hold for `node` to match one of its
    /// passages; None when nothing can be said of the whole plan (a NOT).
    fn plan_holds(&self, node: &Node) -> Option<Box<dyn Query>> {
        let f = self.f;
        // Narrowed to a section kind or a project, each word must be in it.
        let scopes = self.passage_scopes();
        let word = |key: &str| -> Box<dyn Query> {
            if scopes.is_empty() {
                return term(f.plan_text, key);
            }
            let within = |alternatives: &Vec<String>| {
                any(alternatives
                    .iter()
                    .map(|scope| term(f.plan_scoped_words, &scoped_word(scope, key)))
                    .collect())
            };
            Box::new(BooleanQuery::new(
                scopes.iter().map(|a| (Occur::Must, within(a))).collect(),
            ))
        };
        let phrase = |words: &[String]| -> Box<dyn Query> {
            let keys: Vec<String> = words.iter().map(|w| folded_key(w)).collect();
            if let [one] = keys.as_slice() {
                return word(one);
            }
            let mut held: Vec<Box<dyn Query>> = keys
                .windows(2)
                .map(|w| term(f.plan_pairs, &pair_key(&w[0], &w[1])))
                .collect();
            if !scopes.is_empty() {
                held.extend(keys.iter().map(|k| word(k)));
            }
            Box::new(BooleanQuery::new(
                held.into_iter().map(|q| (Occur::Must, q)).collect(),
            ))
        };
        match node {
            Node::Term(t) => Some(word(&folded_key(t))),
            Node::Phrase(words) => Some(phrase(words)),
            Node::Project {
                project,
                subproject,
                ..
            } => Some(any(self
                .project_tags(*project, *subproject, Records::Plans)
                .into_iter()
                .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as _)
                .collect())),
            Node::And(children) => {
                let required: Vec<(Occur, Box<dyn Query>)> = children
                    .iter()
                    .filter_map(|c| self.plan_holds(c))
                    .map(|q| (Occur::Must, q))
                    .collect();
                (!required.is_empty()).then(|| Box::new(BooleanQuery::new(required)) as _)
            }
            Node::Or(children) | Node::Ways(children) => children
                .iter()
                .map(|c| self.plan_holds(c))
                .collect::<Option<Vec<_>>>()
                .map(any),
            Node::Not(_) => None,
        }
    }
}
