//! A parsed query ([`super::query::Node`]) and its scope, compiled straight
//! into tantivy queries (never into a query string: nothing the user types is
//! read as tantivy syntax).
//!
//! A search is two parts ([`Compiled`]), so that tantivy's block-max WAND
//! can skip what cannot reach the page (its pruning only works on a plain
//! union of terms):
//! - the *core*: every positive word of the query, or-ed: it scores passages
//!   (BM25), the same for "Dự án 5" and "du an 5". A word counts in the
//!   passage's folded text, and for less in what the passage stands under;
//!   syllables typed side by side count again as a pair where they stand side
//!   by side ("nhà ở" the word, not "nhà" and "ở" apart);
//! - the *tiers*: what a passage must satisfy, without scores: the query's
//!   logic (AND, OR, NOT, phrases, projects) and the filters. A query typed
//!   with diacritics has two: passages with its words as typed, then those
//!   that match only without diacritics.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::analyzer::{exact_key, folded_key, pair_key};
use super::passage::project_tag;
use super::query::Node;
use super::Fields;
use crate::extract::programmes::Programme;
use crate::vi::key::{canonical, document_number, fold};

/// Weight of two typed neighbours found side by side.
const PAIR_WEIGHT: f32 = 1.0;
/// Weight of a word found in what the passage stands under (the headings
/// above it, the plan's description) rather than in the passage: many
/// passages share it, the passage's own words should decide.
const CONTEXT_WEIGHT: f32 = 0.3;

/// What a search asks of passages besides its words, each already resolved.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub locality: Option<String>,
    pub province: Option<String>,
    pub level: Option<String>,
    pub years: Option<(i32, i32)>,
    pub kind: Option<String>,
    pub doc_type: Option<String>,
    /// Only passages about these programmes (empty: any).
    pub programmes: Vec<&'static Programme>,
    /// Whose projects a project number means.
    pub project_programmes: Vec<&'static Programme>,
    pub project: Option<(u8, Option<u8>)>,
    /// A document number.
    pub cites: Option<String>,
}

pub struct Compiled {
    /// Scores passages; None when the query has no positive words (filters only).
    pub core: Option<Box<dyn Query>>,
    /// What a passage must satisfy, in rank order: every passage of the first
    /// ranks above every passage of the second.
    pub tiers: Vec<Box<dyn Query>>,
}

pub fn compile(fields: &Fields, node: Option<&Node>, scope: &Scope) -> Compiled {
    let c = Compiler { f: fields, scope };
    let filters = c.filters();
    let tier = |mut clauses: Vec<(Occur, Box<dyn Query>)>| -> Box<dyn Query> {
        clauses.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
        if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(clauses))
    };
    let Some(node) = node else {
        return Compiled {
            core: None,
            tiers: vec![tier(Vec::new())],
        };
    };
    let mut core_terms = Vec::new();
    c.core_terms(node, &mut core_terms);
    // Boosted term queries stay term scorers, so the union keeps its pruning.
    let core = (!core_terms.is_empty()).then(|| {
        Box::new(BooleanQuery::new(
            core_terms
                .into_iter()
                .map(|(t, weight)| {
                    let q: Box<dyn Query> = Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
                        weight,
                    ));
                    (Occur::Should, q)
                })
                .collect(),
        )) as Box<dyn Query>
    });
    let matching = c.matching(node);
    let exact = node.has_diacritics().then(|| c.exact(node)).flatten();
    let tiers = match exact {
        Some(exact) => vec![
            tier(vec![
                (Occur::Must, matching.box_clone()),
                (Occur::Must, exact.box_clone()),
            ]),
            tier(vec![(Occur::Must, matching), (Occur::MustNot, exact)]),
        ],
        None => vec![tier(vec![(Occur::Must, matching)])],
    };
    Compiled { core, tiers }
}

struct Compiler<'a> {
    f: &'a Fields,
    scope: &'a Scope,
}

fn term(field: Field, key: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, key),
        IndexRecordOption::Basic,
    ))
}

fn any(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// A filter: it narrows, and adds nothing to the score.
fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// "du an N": how a project number reads, folded.
fn project_words(project: u8) -> Vec<String> {
    vec!["du".into(), "an".into(), project.to_string()]
}

impl Compiler<'_> {
    /// Syllables in one field: a term, or a phrase of them.
    fn words(&self, field: Field, keys: &[String]) -> Box<dyn Query> {
        if let [one] = keys {
            return term(field, one);
        }
        Box::new(PhraseQuery::new(
            keys.iter()
                .map(|k| Term::from_field_text(field, k))
                .collect(),
        ))
    }

    fn project_tags(&self, project: u8, subproject: Option<u8>) -> Vec<Term> {
        self.scope
            .project_programmes
            .iter()
            .map(|p| {
                Term::from_field_text(self.f.projects, &project_tag(p.code, project, subproject))
            })
            .collect()
    }

    /// Every positive word, folded, in the passage and (weighed less) in the
    /// plan's description, and the tags of the projects named; with their weights.
    fn core_terms(&self, node: &Node, out: &mut Vec<(Term, f32)>) {
        let (text, context) = (self.f.text_folded, self.f.context_folded);
        let mut push = |t: Term, weight: f32| {
            if !out.iter().any(|(o, _)| *o == t) {
                out.push((t, weight));
            }
        };
        let pairs = self.f.text_pairs;
        let words = |keys: &[String], push: &mut dyn FnMut(Term, f32)| {
            for key in keys {
                push(Term::from_field_text(text, key), 1.0);
                push(Term::from_field_text(context, key), CONTEXT_WEIGHT);
            }
            for pair in keys.windows(2) {
                push(
                    Term::from_field_text(pairs, &pair_key(&pair[0], &pair[1])),
                    PAIR_WEIGHT,
                );
            }
        };
        let folded = |list: &[String]| list.iter().map(|w| folded_key(w)).collect::<Vec<_>>();
        match node {
            Node::Term(t) => words(&[folded_key(t)], &mut push),
            Node::Phrase(list) => words(&folded(list), &mut push),
            Node::Project {
                project,
                subproject,
                ..
            } => {
                words(&project_words(*project), &mut push);
                for t in self.project_tags(*project, *subproject) {
                    push(t, 1.0);
                }
            }
            Node::And(children) => {
                // Words typed one after another also count as pairs.
                for pair in children.windows(2) {
                    if let [Node::Term(a), Node::Term(b)] = pair {
                        let key = pair_key(&folded_key(a), &folded_key(b));
                        push(Term::from_field_text(pairs, &key), PAIR_WEIGHT);
                    }
                }
                for c in children {
                    self.core_terms(c, out);
                }
            }
            Node::Or(children) => {
                for c in children {
                    self.core_terms(c, out);
                }
            }
            Node::Ways(ways) => {
                // Each other way weighs, all its terms together, what the
                // typed one weighs: a long way of writing a thing (six
                // syllables for "nước sạch") must not outrank the thing.
                let mut typed = Vec::new();
                self.core_terms(&ways[0], &mut typed);
                let budget: f32 = typed.iter().map(|(_, w)| w).sum();
                let mut all = typed;
                for other in &ways[1..] {
                    let mut terms = Vec::new();
                    self.core_terms(other, &mut terms);
                    let total: f32 = terms.iter().map(|(_, w)| w).sum();
                    all.extend(terms.into_iter().map(|(t, w)| (t, w * budget / total)));
                }
                for (t, w) in all {
                    push(t, w);
                }
            }
            Node::Not(_) => {}
        }
    }

    /// Syllables in the passage or in the plan's description.
    fn passage_or_plan(&self, text: Field, context: Field, keys: &[String]) -> Box<dyn Query> {
        any(vec![self.words(text, keys), self.words(context, keys)])
    }

    /// What the query asks, spelling aside.
    fn matching(&self, node: &Node) -> Box<dyn Query> {
        let (text, context) = (self.f.text_folded, self.f.context_folded);
        match node {
            Node::Term(t) => self.passage_or_plan(text, context, &[folded_key(t)]),
            Node::Phrase(words) => {
                let keys: Vec<String> = words.iter().map(|w| folded_key(w)).collect();
                self.passage_or_plan(text, context, &keys)
            }
            Node::Project {
                project,
                subproject,
                ..
            } => any(self
                .project_tags(*project, *subproject)
                .into_iter()
                .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as _)
                .collect()),
            Node::And(children) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = children
                    .iter()
                    .map(|child| match child {
                        Node::Not(inner) => (Occur::MustNot, self.matching(inner)),
                        _ => (Occur::Must, self.matching(child)),
                    })
                    .collect();
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Or(children) | Node::Ways(children) => {
                any(children.iter().map(|c| self.matching(c)).collect())
            }
            Node::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, self.matching(inner)),
            ])),
        }
    }

    /// What a query typed with diacritics adds to [`Self::matching`]: its
    /// words as typed (a word without any, "dinh" of "dinh dưỡng", is then
    /// typed without any on purpose); None for what asks no spelling (a
    /// project, a NOT).
    fn exact(&self, node: &Node) -> Option<Box<dyn Query>> {
        let (text, context) = (self.f.text, self.f.context);
        match node {
            Node::Term(t) => Some(self.passage_or_plan(text, context, &[exact_key(t)])),
            Node::Phrase(words) => {
                let keys: Vec<String> = words.iter().map(|w| exact_key(w)).collect();
                Some(self.passage_or_plan(text, context, &keys))
            }
            Node::And(children) => {
                let required: Vec<(Occur, Box<dyn Query>)> = children
                    .iter()
                    .filter_map(|c| self.exact(c))
                    .map(|q| (Occur::Must, q))
                    .collect();
                (!required.is_empty()).then(|| Box::new(BooleanQuery::new(required)) as _)
            }
            Node::Or(children) | Node::Ways(children) => Some(any(children
                .iter()
                .map(|c| self.exact(c).unwrap_or_else(|| self.matching(c)))
                .collect())),
            _ => None,
        }
    }

    fn filters(&self) -> Vec<Box<dyn Query>> {
        let (f, s) = (self.f, self.scope);
        let keywords = [
            (f.locality_key, s.locality.as_deref().map(fold)),
            (f.province_key, s.province.as_deref().map(fold)),
            (f.level, s.level.as_deref().map(|l| l.trim().to_lowercase())),
            (f.kind, s.kind.as_deref().map(|k| k.trim().to_lowercase())),
            (
                f.doc_type_key,
                s.doc_type.as_deref().map(|d| fold(&canonical(d))),
            ),
            (f.cites, s.cites.as_deref().map(document_number)),
        ];
        let mut out: Vec<Box<dyn Query>> = keywords
            .into_iter()
            .filter_map(|(field, value)| Some(filter(term(field, &value?))))
            .collect();
        if !s.programmes.is_empty() {
            out.push(filter(any(s
                .programmes
                .iter()
                .map(|p| term(f.programmes, p.code))
                .collect())));
        }
        if let Some((project, subproject)) = s.project {
            out.push(filter(any(self
                .project_tags(project, subproject)
                .into_iter()
                .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as _)
                .collect())));
        }
        if let Some((from, to)) = s.years {
            let bound = |y: i32| Term::from_field_i64(f.year, y.into());
            out.push(filter(Box::new(RangeQuery::new(
                Bound::Included(bound(from)),
                Bound::Included(bound(to)),
            ))));
        }
        out
    }
}
