//! Numeric targets: every quantitative commitment of the plan.
//!
//! A candidate is a number with a unit ([`quantity`]). Each is read in its
//! clause (split at ";" and sentence ends): the words before it back to the
//! previous number and after it up to the next are where its indicator
//! ([`indicator`]), comparator, year ([`year`]), baseline ("từ 0.82% xuống
//! còn 0.79%") and scope ("dân tộc thiểu số", "ở huyện X", "Tại địa bàn đô
//! thị:") are looked for. Not targets: table cells, the closing, present-state
//! figures ("toàn xã có 242 hộ", "chiếm 19%"), the group an instruction is
//! for ("Đối với 29 xã"), limits on a quota ("khen thưởng ... không quá 10%"),
//! the phases of a schedule ("Thời gian thi đua chia thành 02 đợt"),
//! a place count that only distributes the target before it ("07 lớp ... cho
//! 07/07 xã"), and every number of a regulation (a title that issues rules,
//! `regulation` in `data/target_words.tsv`).
//!
//! Each clause costs time linear in its length; one longer than
//! [`MAX_CLAUSE_BYTES`] is skipped with a warning.

mod indicator;
mod measure;
mod quantity;
mod words;
mod year;

use once_cell::sync::Lazy;
use regex::Regex;

use super::locate::Locator;
use crate::model::{Metadata, PlaceMatch, Span, Target};
use crate::normalize::Markup;
use crate::segment::Document;
use crate::vi::key::{canonical, fold};
use crate::vi::{clauses, whole_word_positions};
use quantity::{Counts, Found};
use words::Kind;

/// No sentence of a plan comes near this; a longer run without a full stop
/// is a flattened table or a list, whose numbers are not one clause's.
pub const MAX_CLAUSE_BYTES: usize = 16 * 1024;

static PLACE_SCOPE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?:ở|tại)\s+(?:huyện|xã|thị trấn|thị xã|thành phố|tỉnh)\s+((?:\p{Lu}\p{Ll}*\s?){1,4})",
    )
    .unwrap()
});
/// "- Tại địa bàn đô thị: 100% ...": the scope an item opens with.
static ITEM_SCOPE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[\s\-+•]*(?:Tại|Ở)\s+([^:;]{3,80}):").unwrap());

/// Targets in document order and a warning for every clause skipped. A
/// target whose sentence and section give no year gets the plan's
/// (`metadata.year`).
pub fn extract(doc: &Document, metadata: &Metadata) -> (Vec<Target>, Vec<String>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    if is_regulation(metadata.title.as_deref()) {
        return (out, warnings);
    }
    let locator = Locator::new(metadata);
    let body = doc.body_span();
    let start = doc.preamble.as_ref().map_or(body.start, |p| p.span.start);
    for p in &doc.norm.paragraphs {
        if p.start < start
            || p.end > body.end
            || matches!(p.markup, Markup::TableLine | Markup::PipeRow)
        {
            continue;
        }
        let sections = enclosing_sections(doc, p.start);
        let situation = sections.last().is_some_and(|top| top.kind == "situation");
        let section_year = sections
            .iter()
            .find_map(|s| year::mentions(&s.heading).first().map(|&(_, y)| y));
        let scope = ITEM_SCOPE
            .captures(&doc.text()[p.start..p.end])
            .map(|c| canonical(c[1].trim()));
        let context = Context {
            doc,
            locator: &locator,
            situation,
            year: section_year.or(metadata.year),
            place: scope
                .as_deref()
                .and_then(|s| locator.places(s).pop())
                .map(|(_, place)| place)
                .or_else(|| locator.plan().cloned()),
            scope,
        };
        for (offset, clause) in clauses(&doc.text()[p.start..p.end], |_| true) {
            if clause.len() > MAX_CLAUSE_BYTES {
                warnings.push(format!(
                    "line {}: a clause of {} bytes, over the limit of {MAX_CLAUSE_BYTES} for targets: its numbers were not read",
                    doc.norm.source_line(p.start + offset),
                    clause.len()
                ));
                continue;
            }
            out.extend(clause_targets(&context, clause, p.start + offset));
        }
    }
    (out, warnings)
}

/// A title that issues rules, not a plan ("Ban hành Bộ tiêu chí ...").
fn is_regulation(title: Option<&str>) -> bool {
    let Some(title) = title else { return false };
    let folded = fold(title);
    let folded = folded.strip_prefix("ve viec ").unwrap_or(&folded);
    words::phrases(Kind::Regulation)
        .iter()
        .any(|p| folded.starts_with(p))
}

/// The sections holding `offset`, deepest first.
fn enclosing_sections(doc: &Document, offset: usize) -> Vec<&crate::model::Section> {
    let mut chain = Vec::new();
    let mut level = &doc.sections;
    while let Some(s) = level.iter().find(|s| s.span.contains(offset)) {
        chain.push(s);
        level = &s.children;
    }
    chain.reverse();
    chain
}

/// What a paragraph's clauses share.
struct Context<'a> {
    doc: &'a Document,
    locator: &'a Locator,
    /// In the plan's description of the present situation.
    situation: bool,
    /// The year of a target whose sentence gives none: its section's, else the plan's.
    year: Option<i32>,
    /// The scope the paragraph's item opens with.
    scope: Option<String>,
    /// The place of a target whose words name none: the item's, else the plan's.
    place: Option<PlaceMatch>,
}

/// What the previous quantity of a clause was, for the next one of a list.
#[derive(Default)]
struct Previous {
    end: Option<usize>,
    indicator: Option<&'static str>,
    measure: Option<String>,
    cap: bool,
}

fn clause_targets(context: &Context, clause: &str, base: usize) -> Vec<Target> {
    let folded_clause = fold(clause);
    let committed = words::any_in(Kind::Commitment, &folded_clause);
    if context.situation && !committed {
        return Vec::new();
    }
    let found = quantity::quantities(clause);
    // Most clauses hold no quantity: their years and past events are not needed.
    if found.is_empty() {
        return Vec::new();
    }
    let years = year::mentions(clause);
    let past = words::positions_as_written(Kind::Past, clause);
    let mut out: Vec<Target> = Vec::new();
    let mut baseline: Option<f64> = None;
    let mut previous = Previous::default();
    for (i, q) in found.iter().enumerate() {
        crate::budget::check("targets");
        let before_start = if i == 0 { 0 } else { found[i - 1].end };
        let after_end = found.get(i + 1).map_or(clause.len(), |n| n.start);
        let before = &clause[before_start..q.start];
        let after = &clause[q.end..after_end];
        let folded_before = fold(before);
        let shared = i > 0 && one_more_of_a_list(&folded_before);
        if skipped(q, &folded_before, committed) {
            continue;
        }
        // "từ 0.82% xuống còn 0.79%": the first is the second's baseline.
        let from_word = folded_before.ends_with(" tu") || folded_before == "tu";
        if from_word && fold(after).starts_with("xuong") {
            baseline = Some(q.value);
            continue;
        }
        // "07 lớp ... cho 07/07 xã": the places distribute the target before them.
        if q.counts == Counts::Places
            && previous
                .end
                .is_some_and(|e| !clause[e..q.start].contains(','))
        {
            continue;
        }
        let comparator = indicator::comparator(&folded_before);
        let cap = matches!(comparator, "<=" | "<") && words::any_in(Kind::Cap, &folded_before)
            || shared && previous.cap;
        previous.end = Some(q.end);
        previous.cap = cap;
        if cap {
            continue;
        }
        let code = indicator_of(q, &folded_before, after, previous.indicator, shared);
        previous.indicator = Some(code);
        let scope = if code == "minority_poverty_rate_reduction" {
            Some("DTTS".to_string())
        } else {
            PLACE_SCOPE
                .captures(before)
                .map(|c| c[1].trim().to_string())
                .or_else(|| context.scope.clone())
        };
        // A year after a past event ("các địa bàn đã có Quyết định công nhận
        // năm 2025") dates the event, not the target.
        let next_past = past.partition_point(|&at| at < q.end);
        let after_limit = past.get(next_past).copied().unwrap_or(clause.len());
        let own_year = year::nearest(
            &years,
            q.start,
            q.end,
            (before_start, after_end),
            after_limit,
        );
        // "hằng năm" makes a yearly rate of a target for no year of its own
        // ("theo lộ trình hằng năm, phấn đấu đạt 20% ... năm 2025" is for 2025).
        let per_year = q.per_year
            || own_year.is_none()
                && (words::any_in(Kind::PerYear, &folded_before)
                    || words::any_in(Kind::PerYear, &fold(after)));
        let quote_start = before
            .rfind([',', ':'])
            .map_or(before_start, |p| before_start + p + 1);
        let quote = canonical(
            clause[quote_start..q.end]
                .trim()
                .trim_start_matches(['-', '+', ' ']),
        );
        let places = context.locator.places(before);
        let mut measure = measure::measure(
            before,
            after,
            &places.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(),
            q.unit == "%",
        );
        if measure.is_empty() && shared {
            measure = previous.measure.clone().unwrap_or_default();
        }
        previous.measure = Some(measure.clone());
        out.push(Target {
            indicator: code.to_string(),
            label: canonical(before.trim().trim_start_matches(['-', '+', ' '])),
            value: q.value,
            unit: q.unit.clone(),
            per_year,
            normalized: q.normalized.clone(),
            comparator: comparator.to_string(),
            year: own_year.or(context.year),
            scope,
            place: places
                .into_iter()
                .next_back()
                .map(|(_, place)| place)
                .or_else(|| context.place.clone()),
            measure,
            baseline: baseline.take(),
            quote,
            location: context
                .doc
                .location(Span::new(base + q.start, base + q.end)),
        });
    }
    out
}

/// Present-state figures, the group an instruction is for, the phases of a
/// schedule, and a year read as a count ("Trong năm 2023 ...").
fn skipped(q: &Found, folded_before: &str, committed: bool) -> bool {
    let present = words::any_in(Kind::Present, folded_before) && !committed;
    let topic = words::phrases(Kind::Topic)
        .iter()
        .any(|t| folded_before.ends_with(t));
    let schedule = q.counts == Counts::Events && words::any_in(Kind::Schedule, folded_before);
    let a_year = folded_before.ends_with("nam") && q.token.len() == 4;
    present || topic || schedule || a_year
}

/// The words between two numbers end a list item and open the next: after
/// the last "," or "và" only a comparator stands ("100% nhà trường và trên
/// 70% ...", "10% tập thể, 5% cá nhân").
fn one_more_of_a_list(folded_before: &str) -> bool {
    let last_and = whole_word_positions(folded_before, "va")
        .last()
        .map(|at| at + "va".len());
    let last_comma = folded_before.rfind(',').map(|at| at + 1);
    let Some(from) = last_and.max(last_comma) else {
        return false;
    };
    let rest = folded_before[from..].trim();
    rest.is_empty() || indicator::comparator(rest) != "=" && rest.split_whitespace().count() <= 3
}

/// The indicator of `q`; `previous` is that of the clause's target before
/// it, which `q` shares when it is one more of a list.
fn indicator_of(
    q: &Found,
    folded_before: &str,
    after: &str,
    previous: Option<&'static str>,
    shared: bool,
) -> &'static str {
    if let Some(implied) = q.implied {
        return implied;
    }
    match indicator::named(folded_before, after, previous.filter(|_| shared)) {
        // Coverage counts the people or places an activity reaches, not its sessions.
        Some("coverage") if q.counts == Counts::Events => return "other",
        Some(code) => return indicator::refine_poverty(code, folded_before),
        None => {}
    }
    // "... đạt 50%, trong đó có bằng cấp chứng chỉ đạt 11,7%": part of the target before.
    if let Some(code) = previous.filter(|_| folded_before.contains("trong do")) {
        return code;
    }
    let folded_after = fold(after);
    let near_poor = (folded_before.contains("can ngheo") || folded_after.contains("can ngheo"))
        && folded_before.contains("giam")
        && q.unit == "hộ";
    if near_poor {
        "near_poor_reduction"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests;
