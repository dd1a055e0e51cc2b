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
//!   that match only without diacritics. Phrases are checked by their pairs
//!   of syllables, terms without positions: the check runs on every
//!   candidate, and reading positions was most of a search's time.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::analyzer::{exact_key, folded_key, pair_key};
use super::document::PlanFilter;
use super::passage::project_tag;
use super::query::Node;
use super::sought::{AnyOf, Core};
use super::Fields;
use crate::extract::programmes::Programme;
use crate::vi::key::{canonical, document_number, fold};

mod records;

/// Weight of two typed neighbours found side by side.
const PAIR_WEIGHT: f32 = 1.0;
/// Weight of a word found in what the passage stands under (the headings
/// above it, the plan's title) rather than in the passage: many
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
    pub tiers: Vec<Tier>,
    /// What any tier holds, as one query (the exact tier and the rest
    /// together are what the query matches): what facets count.
    pub any_tier: Box<dyn Query>,
    /// The first look for plans, over their records.
    pub plans: PlanLook,
}

/// The passages of one tier: those `matching` holds, but not those of
/// `except` (an earlier tier's), left to the collector to look up candidate
/// by candidate ([`super::collect::Top::except`]).
pub struct Tier {
    pub matching: Box<dyn Query>,
    pub except: Option<Box<dyn Query>>,
}

impl Tier {
    /// A tier of every passage `matching` holds: none left to an earlier one.
    fn of(matching: Box<dyn Query>) -> Tier {
        Tier {
            matching,
            except: None,
        }
    }
}

/// A search's first look, for the best plans: the same core and a looser
/// filter, over the plans' records ([`super::document::plan_document`]),
/// forty times fewer than passages. A plan it finds may hold no passage
/// that matches (its words apart in two passages, a NOT, a kind): the
/// passages, searched among its plans, decide.
pub struct PlanLook {
    /// Ranks the records: the query's words, those typed side by side as
    /// their pairs ([`Compiler::core_terms`]).
    pub core: Option<Box<dyn Query>>,
    /// Every word of the query besides the pairs, when the core may miss a
    /// record the filter holds (words typed side by side, held apart): a look
    /// ranked by the core that names fewer plans than asked may have left
    /// some out, and is taken again with this one, which matches them all.
    pub complete: Option<Box<dyn Query>>,
    pub filter: Tier,
}

/// Which documents a query is for.
#[derive(Clone, Copy, PartialEq)]
enum Records {
    Passages,
    Plans,
}

/// Boosted term queries stay term scorers, so their union keeps its pruning.
fn union(terms: Vec<(Term, f32)>) -> Option<Box<dyn Query>> {
    (!terms.is_empty()).then(|| {
        Box::new(Core::new(
            terms
                .into_iter()
                .map(|(t, weight)| {
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
                        weight,
                    )) as Box<dyn Query>
                })
                .collect(),
        )) as Box<dyn Query>
    })
}

/// All of `clauses`, and at least every document of `records` when they only exclude.
fn all_of(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
}

pub fn compile(fields: &Fields, node: Option<&Node>, scope: &Scope) -> Compiled {
    let c = Compiler { f: fields, scope };
    let filters = c.filters(Records::Passages);
    let tier = |mut clauses: Vec<(Occur, Box<dyn Query>)>| -> Box<dyn Query> {
        clauses.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
        all_of(clauses)
    };
    let plans = c.plan_look(node);
    let Some(node) = node else {
        return Compiled {
            core: None,
            tiers: vec![Tier::of(tier(Vec::new()))],
            any_tier: tier(Vec::new()),
            plans,
        };
    };
    let mut core_terms = Vec::new();
    c.core_terms(node, Records::Passages, false, &mut core_terms);
    let core = union(core_terms);
    let matching = c.matching(node);
    let exact = node.has_diacritics().then(|| c.exact(node)).flatten();
    let any_tier = tier(vec![(Occur::Must, matching.box_clone())]);
    let tiers = match exact {
        Some(exact) => vec![
            Tier::of(tier(vec![(Occur::Must, c.as_typed(node))])),
            Tier {
                matching: tier(vec![(Occur::Must, matching)]),
                except: Some(exact),
            },
        ],
        None => vec![Tier::of(tier(vec![(Occur::Must, matching)]))],
    };
    Compiled {
        core,
        tiers,
        any_tier,
        plans,
    }
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
    Box::new(AnyOf::new(queries))
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
    /// Folded syllables side by side in the passage: one term, or every
    /// neighbouring pair (no positions to read: a phrase of three is taken
    /// for its two pairs).
    fn side_by_side(&self, keys: &[String]) -> Box<dyn Query> {
        if let [one] = keys {
            return term(self.f.text_folded, one);
        }
        Box::new(BooleanQuery::new(
            keys.windows(2)
                .map(|w| {
                    let pair = term(self.f.text_pairs, &pair_key(&w[0], &w[1]));
                    (Occur::Must, pair)
                })
                .collect(),
        ))
    }

    fn project_tags(&self, project: u8, subproject: Option<u8>, records: Records) -> Vec<Term> {
        let field = match records {
            Records::Passages => self.f.projects,
            Records::Plans => self.f.plan_projects,
        };
        self.project_tag_names(project, subproject)
            .iter()
            .map(|tag| Term::from_field_text(field, tag))
            .collect()
    }

    /// The tags of a project, one per programme it may be of.
    fn project_tag_names(&self, project: u8, subproject: Option<u8>) -> Vec<String> {
        self.scope
            .project_programmes
            .iter()
            .map(|p| project_tag(p.code, project, subproject))
            .collect()
    }

    /// What a passage must be in besides its words, each as its
    /// alternatives: the section kind asked for, the project asked for.
    fn passage_scopes(&self) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        if let Some(kind) = self.kind() {
            out.push(vec![kind]);
        }
        if let Some((project, subproject)) = self.scope.project {
            out.push(self.project_tag_names(project, subproject));
        }
        out
    }

    /// Every positive word, folded, in the passage and (weighed less) in the
    /// headings above and the plan's title, and the tags of the projects named; with their weights.
    ///
    /// With `as_pairs` (plans' records only), syllables typed side by side
    /// count only as their pairs: a whole plan holds nearly every syllable
    /// somewhere, so each costs a walk over nearly every record and tells
    /// little, where the pair says whether the plan holds them together.
    /// Returns whether a word so left out may be in a record apart from its
    /// neighbours (typed without quotes), one the pairs then do not match.
    fn core_terms(
        &self,
        node: &Node,
        records: Records,
        as_pairs: bool,
        out: &mut Vec<(Term, f32)>,
    ) -> bool {
        let f = self.f;
        // A plan's record holds its headings and title among its words.
        let (text, context, pairs) = match records {
            Records::Passages => (f.text_folded, Some(f.context_folded), f.text_pairs),
            Records::Plans => (f.plan_text, None, f.plan_pairs),
        };
        let mut push = |t: Term, weight: f32| {
            if !out.iter().any(|(o, _)| *o == t) {
                out.push((t, weight));
            }
        };
        let words = |keys: &[String], push: &mut dyn FnMut(Term, f32)| {
            if !as_pairs || keys.len() == 1 {
                for key in keys {
                    push(Term::from_field_text(text, key), 1.0);
                    if let Some(context) = context {
                        push(Term::from_field_text(context, key), CONTEXT_WEIGHT);
                    }
                }
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
                for t in self.project_tags(*project, *subproject, records) {
                    push(t, 1.0);
                }
            }
            Node::And(children) => {
                // Words typed one after another also count as pairs.
                let mut paired = vec![false; children.len()];
                for (at, pair) in children.windows(2).enumerate() {
                    if let [Node::Term(a), Node::Term(b)] = pair {
                        let key = pair_key(&folded_key(a), &folded_key(b));
                        push(Term::from_field_text(pairs, &key), PAIR_WEIGHT);
                        paired[at] = true;
                        paired[at + 1] = true;
                    }
                }
                let mut apart = false;
                for (c, paired) in children.iter().zip(paired) {
                    if as_pairs && paired {
                        apart = true;
                    } else {
                        apart |= self.core_terms(c, records, as_pairs, out);
                    }
                }
                return apart;
            }
            Node::Or(children) => {
                let mut apart = false;
                for c in children {
                    apart |= self.core_terms(c, records, as_pairs, out);
                }
                return apart;
            }
            Node::Ways(ways) => {
                // Each other way weighs, all its terms together, what the
                // typed one weighs: a long way of writing a thing (six
                // syllables for "nước sạch") must not outrank the thing.
                let mut typed = Vec::new();
                let mut apart = self.core_terms(&ways[0], records, as_pairs, &mut typed);
                let budget: f32 = typed.iter().map(|(_, w)| w).sum();
                let mut all = typed;
                for other in &ways[1..] {
                    let mut terms = Vec::new();
                    apart |= self.core_terms(other, records, as_pairs, &mut terms);
                    let total: f32 = terms.iter().map(|(_, w)| w).sum();
                    all.extend(terms.into_iter().map(|(t, w)| (t, w * budget / total)));
                }
                for (t, w) in all {
                    push(t, w);
                }
                return apart;
            }
            Node::Not(_) => {}
        }
        false
    }

    /// A word in the passage or in what it stands under.
    fn passage_or_context(&self, text: Field, context: Field, key: &str) -> Box<dyn Query> {
        any(vec![term(text, key), term(context, key)])
    }

    /// What the query asks, spelling aside. A word may be in the passage or
    /// in what it stands under; a phrase must be in the passage.
    fn matching(&self, node: &Node) -> Box<dyn Query> {
        let (text, context) = (self.f.text_folded, self.f.context_folded);
        match node {
            Node::Term(t) => self.passage_or_context(text, context, &folded_key(t)),
            Node::Phrase(words) => {
                let keys: Vec<String> = words.iter().map(|w| folded_key(w)).collect();
                self.side_by_side(&keys)
            }
            Node::Project {
                project,
                subproject,
                ..
            } => any(self
                .project_tags(*project, *subproject, Records::Passages)
                .into_iter()
                .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as _)
                .collect()),
            Node::And(children) => self.every_child(children, |c| self.matching(c)),
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
            Node::Term(t) => Some(self.passage_or_context(text, context, &exact_key(t))),
            // The pairs of `matching` hold the syllables together; here each
            // must be in the passage as typed.
            Node::Phrase(words) => Some(Box::new(BooleanQuery::new(
                words
                    .iter()
                    .map(|w| (Occur::Must, term(text, &exact_key(w))))
                    .collect(),
            ))),
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

    /// Every child of an AND, each asked as `each` asks it, and none of
    /// those under NOT (whose spelling never matters).
    fn every_child(
        &self,
        children: &[Node],
        each: impl Fn(&Node) -> Box<dyn Query>,
    ) -> Box<dyn Query> {
        all_of(
            children
                .iter()
                .map(|child| match child {
                    Node::Not(inner) => (Occur::MustNot, self.matching(inner)),
                    _ => (Occur::Must, each(child)),
                })
                .collect(),
        )
    }

    /// [`Self::matching`] and [`Self::exact`] together, as the exact tier
    /// asks them, with each word asked once: as typed, which holds it
    /// without diacritics too (both analyzers split the same text, and a
    /// syllable's folded key is its exact key's). An intersection walks
    /// every list it holds: half as many is about half the walk. What
    /// `exact` does not imply (a phrase's pairs, an OR of phrases) is asked
    /// of both.
    fn as_typed(&self, node: &Node) -> Box<dyn Query> {
        match node {
            Node::Term(t) => self.passage_or_context(self.f.text, self.f.context, &exact_key(t)),
            Node::And(children) => self.every_child(children, |c| self.as_typed(c)),
            _ => match self.exact(node) {
                Some(exact) => Box::new(BooleanQuery::new(vec![
                    (Occur::Must, self.matching(node)),
                    (Occur::Must, exact),
                ])),
                None => self.matching(node),
            },
        }
    }

    /// The section kind the scope asks for, as passages carry it.
    fn kind(&self) -> Option<String> {
        self.scope.kind.as_deref().map(|k| k.trim().to_lowercase())
    }

    /// The scope as filters on `records`. A plan's record answers for the
    /// plan: its place, level, year and kind of document, and the section
    /// kinds, programmes, projects and citations any of its passages has.
    fn filters(&self, records: Records) -> Vec<Box<dyn Query>> {
        let (f, s) = (self.f, self.scope);
        // A filter a plan answers whole: the passages' field, or the
        // record's own term for it.
        let answered = |filter: PlanFilter, value: &str| match records {
            Records::Passages => term(filter.shared_field(f), value),
            Records::Plans => term(f.plan_filters, &filter.token(value)),
        };
        let keywords = [
            (PlanFilter::Locality, s.locality.as_deref().map(fold)),
            (PlanFilter::Province, s.province.as_deref().map(fold)),
            (
                PlanFilter::Level,
                s.level.as_deref().map(|l| l.trim().to_lowercase()),
            ),
            (PlanFilter::Kind, self.kind()),
            (
                PlanFilter::DocType,
                s.doc_type.as_deref().map(|d| fold(&canonical(d))),
            ),
            (PlanFilter::Cites, s.cites.as_deref().map(document_number)),
        ];
        let mut out: Vec<Box<dyn Query>> = keywords
            .into_iter()
            .filter_map(|(of_plan, value)| Some(filter(answered(of_plan, &value?))))
            .collect();
        if records == Records::Passages {
            out.push(filter(term(f.record, super::document::PASSAGE)));
        }
        if !s.programmes.is_empty() {
            out.push(filter(any(s
                .programmes
                .iter()
                .map(|p| answered(PlanFilter::Programme, p.code))
                .collect())));
        }
        if let Some((project, subproject)) = s.project {
            out.push(filter(any(self
                .project_tags(project, subproject, records)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::query::parse;
    use crate::index::PlanIndex;
    use tantivy::collector::DocSetCollector;

    #[test]
    fn the_exact_tier_asks_each_word_once_and_holds_what_both_spellings_hold() {
        let dir = tempfile::tempdir().unwrap();
        let index = PlanIndex::open_or_create(dir.path()).unwrap();
        let mut writer = index.writer().unwrap();
        for n in 0..30 {
            let (name, text) = crate::synth::plan(n);
            // Every third line without its diacritics, every fifth in
            // capitals: words the folded spelling holds and the typed one not.
            let text: Vec<String> = text
                .lines()
                .enumerate()
                .map(|(at, line)| match at {
                    at if at % 3 == 1 => fold(line),
                    at if at % 5 == 2 => line.to_uppercase(),
                    _ => line.to_string(),
                })
                .collect();
            let plan = crate::process(&name, text.join("\n").as_bytes()).unwrap();
            writer.put(&plan).unwrap();
        }
        writer.commit().unwrap();
        writer.finish().unwrap();
        let searcher = index.searcher().unwrap();
        let scope = Scope::default();
        let c = Compiler {
            f: &index.fields,
            scope: &scope,
        };
        let mut held_apart = 0;
        for typed in [
            "nhà ở",
            "NHÀ Ở hộ nghèo",
            "nước sạch NOT hộ nghèo",
            "\"tỷ lệ hộ nghèo\"",
            "nước sạch OR \"nhà ở\"",
            "dinh dưỡng",
            "hộ nghèo Dự án 3",
            "tiểu dự án 2 dự án 3 nhà ở",
            "giảm nghèo (nhà ở OR vốn)",
            "UBND xã",
        ] {
            let node = parse(typed).unwrap().unwrap();
            let both = BooleanQuery::new(vec![
                (Occur::Must, c.matching(&node)),
                (Occur::Must, c.exact(&node).unwrap()),
            ]);
            let found = |q: &dyn Query| searcher.search(q, &DocSetCollector).unwrap();
            let exact = found(&both);
            assert_eq!(found(c.as_typed(&node).as_ref()), exact, "{typed}");
            let folded = found(c.matching(&node).as_ref());
            held_apart += usize::from(!exact.is_empty() && folded.len() > exact.len());
        }
        // Most queries find passages, and passages of the other spelling.
        assert!(held_apart >= 7, "{held_apart}");
    }
}
