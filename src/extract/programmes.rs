//! National target programmes: which ones a document belongs to, and which
//! one each part of it is about.
//!
//! Several national programmes number their projects from "Dự án 1" (poverty
//! reduction, ethnic-minority areas, drug prevention), so a project number
//! means nothing until its programme is known. The programmes are data
//! (`data/programmes.tsv`), and so are the phrases that name them
//! (`data/programme_names.tsv`): a programme noun ("Chương trình mục tiêu quốc
//! gia", "Chương trình MTQG", "CTMTQG"), fillers ("(MTQG)", "về"), a name
//! ("giảm nghèo bền vững"), and the period written after it, which chooses
//! between programmes sharing a name (the poverty programme of 2021-2025 and
//! the merged one of 2026-2035); without a period, the document's year does.
//!
//! A document belongs to the programmes its title names, or, when the title
//! names none, to the one its text names most (more than once). A place in
//! the text is about the programme its sentence names, else the one the
//! nearest enclosing section heading names, else the document's.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, PROGRAMMES, PROGRAMME_NAMES};
use crate::model::{Location, ProgrammeRef, Section, Span};
use crate::segment::Document;
use crate::vi::key::fold;
use crate::vi::pattern::any_spelling;
use crate::vi::{is_letter_or_digit, word_start_captures};

#[derive(Debug, PartialEq, Eq)]
pub struct Programme {
    pub code: &'static str,
    /// What a user may call it: "poverty", "new-rural", ... A merged programme has several.
    pub families: Vec<&'static str>,
    pub name: &'static str,
    pub first_year: i32,
    pub last_year: i32,
    /// The highest "Dự án" number it has, when known.
    pub last_project: Option<u8>,
}

impl Programme {
    /// Whether "Dự án `number`" can be one of its projects.
    pub fn has_project(&self, number: u8) -> bool {
        number >= 1 && self.last_project.is_none_or(|last| number <= last)
    }

    /// Years of `from..=to` inside its period.
    fn overlap(&self, from: i32, to: i32) -> i32 {
        (to.min(self.last_year) - from.max(self.first_year) + 1).max(0)
    }
}

pub static ALL: Lazy<Vec<Programme>> = Lazy::new(|| {
    rows(PROGRAMMES)
        .map(|r| Programme {
            code: r[0],
            families: r[1].split(',').map(str::trim).collect(),
            first_year: r[2].parse().expect("first year"),
            last_year: r[3].parse().expect("last year"),
            last_project: r[4].parse().ok(),
            name: r[5],
        })
        .collect()
});

pub fn by_code(code: &str) -> Option<&'static Programme> {
    ALL.iter().find(|p| p.code == code)
}

/// The family a bare project number belongs to: the first of the first programme.
pub fn default_family() -> &'static str {
    ALL[0].families[0]
}

/// The programmes a user means by `name`: a code ("poverty-2021-2025") or a
/// family ("poverty"); empty when it is neither.
pub fn resolve(name: &str) -> Vec<&'static Programme> {
    let name = name.trim().to_lowercase();
    match by_code(&name) {
        Some(p) => vec![p],
        None => ALL
            .iter()
            .filter(|p| p.families.contains(&name.as_str()))
            .collect(),
    }
}

/// Every code and family, for messages.
pub fn known_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ALL
        .iter()
        .flat_map(|p| p.families.iter().copied())
        .collect();
    names.sort();
    names.dedup();
    names.extend(ALL.iter().map(|p| p.code));
    names
}

/// The default family's programme for a document of `year`.
fn default_for(year: Option<i32>) -> &'static Programme {
    choose(&resolve(default_family()), None, year).unwrap_or(&ALL[0])
}

/// Of the programmes a name may mean, the one its stated period fits best,
/// else the one whose period holds the document's year, else (no year known)
/// the first. None when the period or the year fits none of them: another
/// programme of the same name (the poverty programme of 2016-2020).
fn choose(
    candidates: &[&'static Programme],
    stated: Option<(i32, i32)>,
    year: Option<i32>,
) -> Option<&'static Programme> {
    let (from, to) = match (stated, year) {
        (Some(period), _) => period,
        (None, Some(y)) => (y, y),
        (None, None) => return candidates.first().copied(),
    };
    candidates
        .iter()
        .copied()
        .filter(|p| p.overlap(from, to) > 0)
        .max_by_key(|p| (p.overlap(from, to), std::cmp::Reverse(p.first_year)))
}

struct Names {
    /// Nouns and standalone names, in any spelling, longest first.
    finder: Regex,
    nouns: Vec<Vec<String>>,
    fillers: Vec<Vec<String>>,
    periods: Vec<Vec<String>>,
    /// Phrases and the programmes each may name, longest first.
    names: Vec<(Vec<String>, Vec<&'static Programme>)>,
    alone: Vec<(Vec<String>, Vec<&'static Programme>)>,
}

fn words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(str::to_string).collect()
}

static NAMES: Lazy<Names> = Lazy::new(|| {
    let mut names = Names {
        finder: Regex::new("$^").unwrap(),
        nouns: Vec::new(),
        fillers: Vec::new(),
        periods: Vec::new(),
        names: Vec::new(),
        alone: Vec::new(),
    };
    let programmes = |codes: &str| -> Vec<&'static Programme> {
        codes
            .split(',')
            .map(|c| by_code(c.trim()).unwrap_or_else(|| panic!("unknown programme {c}")))
            .collect()
    };
    for r in rows(PROGRAMME_NAMES) {
        let phrase = words(r[2]);
        match r[0] {
            "noun" => names.nouns.push(phrase),
            "filler" => names.fillers.push(phrase),
            "period" => names.periods.push(phrase),
            "name" => names.names.push((phrase, programmes(r[1]))),
            "alone" => names.alone.push((phrase, programmes(r[1]))),
            other => panic!("unknown kind {other} in programme_names.tsv"),
        }
    }
    let mut found: Vec<&Vec<String>> = names
        .nouns
        .iter()
        .chain(names.alone.iter().map(|(w, _)| w))
        .collect();
    found.sort_by_key(|w| std::cmp::Reverse(w.join(" ").len()));
    let alternatives: Vec<String> = found.iter().map(|w| any_spelling(&w.join(" "))).collect();
    // A word must end where the phrase does: "Chương trình MTQGGN" is the noun
    // "chương trình" before the name "MTQGGN", not the noun "chương trình MTQG".
    names.finder = Regex::new(&format!(
        r"(?:{})(?:[^\p{{L}}\p{{N}}]|$)",
        alternatives.join("|")
    ))
    .expect("programme nouns compile");
    // A standalone name may also follow a noun.
    names.names.extend(names.alone.iter().cloned());
    names.names.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    names
});

/// A programme named in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub programme: &'static Programme,
}

/// Up to `limit` words after `from`, folded, with their byte ranges, up to the end of the line.
fn words_after(text: &str, from: usize, limit: usize) -> Vec<(usize, usize, String)> {
    let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[from..line_end].char_indices() {
        let at = from + i;
        match (is_letter_or_digit(c), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push((s, at, fold(&text[s..at])));
                start = None;
                if out.len() == limit {
                    return out;
                }
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, line_end, fold(&text[s..line_end])));
    }
    out
}

fn starts_with(words: &[(usize, usize, String)], phrase: &[String]) -> bool {
    words.len() >= phrase.len() && words.iter().zip(phrase).all(|(w, p)| w.2 == *p)
}

/// The years a period after a name states: "giai đoạn 2021-2025" -> (2021, 2025),
/// "năm 2024" -> (2024, 2024), and how many words it takes.
fn stated_period(words: &[(usize, usize, String)]) -> Option<((i32, i32), usize)> {
    let lead = NAMES
        .periods
        .iter()
        .filter(|p| starts_with(words, p))
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let year = |i: usize| {
        words
            .get(i)
            .filter(|w| w.2.len() == 4)
            .and_then(|w| w.2.parse::<i32>().ok())
            .filter(|y| (1990..=2100).contains(y))
    };
    let from = year(lead)?;
    match year(lead + 1) {
        Some(to) if to >= from => Some(((from, to), lead + 2)),
        _ => Some(((from, from), lead + 1)),
    }
}

/// Every programme named in `text`; `year` is the document's, for names without a period.
pub fn mentions(text: &str, year: Option<i32>) -> Vec<Mention> {
    let names = &*NAMES;
    let mut out: Vec<Mention> = Vec::new();
    for found in word_start_captures(&names.finder, text) {
        let whole = found.get(0).expect("group 0");
        // The match ends with the character after the phrase.
        let end = whole
            .as_str()
            .trim_end_matches(|c: char| !is_letter_or_digit(c))
            .len();
        let (start, end) = (whole.start(), whole.start() + end);
        if out.last().is_some_and(|l| l.span.end > start) {
            continue;
        }
        let key = words(&fold(&text[start..end]).replace(|c: char| !c.is_alphanumeric(), " "));
        let after = words_after(text, end, 40);
        let named = match names.alone.iter().find(|(w, _)| *w == key) {
            Some((_, candidates)) => resolve_name(&[candidates], &after, 0, year),
            None => {
                let mut at = 0;
                while let Some(f) = names.fillers.iter().find(|f| starts_with(&after[at..], f)) {
                    at += f.len();
                }
                let phrases: Vec<&(Vec<String>, Vec<&'static Programme>)> = names
                    .names
                    .iter()
                    .filter(|(phrase, _)| starts_with(&after[at..], phrase))
                    .collect();
                let longest = phrases.first().map_or(0, |(phrase, _)| phrase.len());
                let candidates: Vec<&Vec<&'static Programme>> =
                    phrases.iter().map(|(_, c)| c).collect();
                resolve_name(&candidates, &after, at + longest, year)
            }
        };
        if let Some((programme, used)) = named {
            let end = used
                .checked_sub(1)
                .and_then(|i| after.get(i))
                .map_or(end, |w| w.1);
            out.push(Mention {
                span: Span::new(start, end),
                programme,
            });
        }
    }
    out
}

/// The programme a name means, trying the programmes of the longest phrase
/// first, and how many words of `after` the mention takes with the period
/// written after the longest phrase (ending at `after[name_end]`).
fn resolve_name(
    candidates: &[&Vec<&'static Programme>],
    after: &[(usize, usize, String)],
    name_end: usize,
    year: Option<i32>,
) -> Option<(&'static Programme, usize)> {
    let period = stated_period(&after[name_end.min(after.len())..]);
    let programme = candidates
        .iter()
        .find_map(|c| choose(c, period.map(|(years, _)| years), year))?;
    Some((programme, name_end + period.map_or(0, |(_, used)| used)))
}

/// Which programme each part of a document is about.
#[derive(Debug, Clone)]
pub struct ProgrammeMap {
    /// Every mention in text order.
    mentions: Vec<Mention>,
    /// The programmes the document belongs to, in the order its title names them.
    belongs: Vec<&'static Programme>,
    /// The document's programme when nothing nearer names one.
    fallback: &'static Programme,
    /// The document's year, for names written without a period.
    year: Option<i32>,
}

impl ProgrammeMap {
    pub fn of(doc: &Document, year: Option<i32>) -> ProgrammeMap {
        let all = mentions(doc.text(), year);
        let title_end = doc.body_span().start;
        let mut belongs: Vec<&'static Programme> = Vec::new();
        for m in all.iter().filter(|m| m.span.start < title_end) {
            if !belongs.contains(&m.programme) {
                belongs.push(m.programme);
            }
        }
        if belongs.is_empty() {
            belongs.extend(most_named(&all));
        }
        ProgrammeMap {
            fallback: belongs
                .first()
                .copied()
                .unwrap_or_else(|| default_for(year)),
            mentions: all,
            belongs,
            year,
        }
    }

    /// The first programme named in a text outside the document's (a footnote).
    pub fn named_in(&self, text: &str) -> Option<&'static Programme> {
        mentions(text, self.year).first().map(|m| m.programme)
    }

    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }

    /// The programme the text at `offset` is about: the one named nearest in
    /// its sentence, else the one the nearest heading above names, else the document's.
    pub fn at(&self, doc: &Document, offset: usize) -> &'static Programme {
        let (from, to) = sentence_around(doc.text(), offset);
        let in_sentence = self
            .mentions
            .iter()
            .filter(|m| m.span.start >= from && m.span.start < to)
            .min_by_key(|m| m.span.start.abs_diff(offset));
        if let Some(m) = in_sentence {
            return m.programme;
        }
        let mut chain = Vec::new();
        enclosing(&doc.sections, offset, &mut chain);
        chain
            .iter()
            .rev()
            .find_map(|s| self.in_heading(doc, s))
            .unwrap_or(self.fallback)
    }

    /// The programme a section's heading names, if any.
    pub fn in_heading(&self, doc: &Document, s: &Section) -> Option<&'static Programme> {
        let heading_end = doc.text()[s.span.start..s.span.end]
            .find('\n')
            .map_or(s.span.end, |i| s.span.start + i);
        self.mentions
            .iter()
            .find(|m| m.span.start >= s.span.start && m.span.start < heading_end)
            .map(|m| m.programme)
    }

    /// The plan's `programmes`: those it belongs to first, then the others it names.
    pub fn refs(&self, doc: &Document) -> Vec<ProgrammeRef> {
        let mut order: Vec<&'static Programme> = self.belongs.clone();
        for m in &self.mentions {
            if !order.contains(&m.programme) {
                order.push(m.programme);
            }
        }
        order
            .into_iter()
            .map(|p| ProgrammeRef {
                code: p.code.to_string(),
                name: p.name.to_string(),
                families: p.families.iter().map(|f| f.to_string()).collect(),
                belongs: self.belongs.contains(&p),
                mentions: self
                    .mentions
                    .iter()
                    .filter(|m| m.programme == p)
                    .map(|m| doc.location(m.span))
                    .collect::<Vec<Location>>(),
            })
            .collect()
    }
}

/// The programme named most, when it is named more than once and more than any other.
fn most_named(mentions: &[Mention]) -> Option<&'static Programme> {
    let mut counts: Vec<(&'static Programme, usize)> = Vec::new();
    for m in mentions {
        match counts.iter_mut().find(|(p, _)| *p == m.programme) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.programme, 1)),
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    match counts.as_slice() {
        [(p, n), rest @ ..] if *n > 1 && rest.first().is_none_or(|(_, m)| m < n) => Some(p),
        _ => None,
    }
}

/// The sentence holding `offset`: bounded by line breaks, ";" and a "." before a space.
fn sentence_around(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let ends = |i: usize| match bytes[i] {
        b'\n' | b';' => true,
        b'.' => bytes.get(i + 1).is_none_or(|&b| b == b' ' || b == b'\n'),
        _ => false,
    };
    let offset = offset.min(text.len());
    let from = (0..offset).rev().find(|&i| ends(i)).map_or(0, |i| i + 1);
    let to = (offset..text.len())
        .find(|&i| ends(i))
        .unwrap_or(text.len());
    (from, to)
}

/// The sections holding `offset`, outermost first.
fn enclosing<'a>(sections: &'a [Section], offset: usize, chain: &mut Vec<&'a Section>) {
    if let Some(s) = sections.iter().find(|s| s.span.contains(offset)) {
        chain.push(s);
        enclosing(&s.children, offset, chain);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str, year: Option<i32>) -> Vec<&'static str> {
        mentions(text, year)
            .iter()
            .map(|m| m.programme.code)
            .collect()
    }

    #[test]
    fn every_data_row_parses() {
        assert_eq!(default_family(), "poverty");
        assert!(ALL.iter().all(|p| p.first_year <= p.last_year));
        assert!(by_code("drug-prevention-2025-2030").is_some_and(|p| p.has_project(9)));
        assert!(!by_code("poverty-2021-2025").unwrap().has_project(8));
        assert!(!NAMES.names.is_empty() && !NAMES.nouns.is_empty());
    }

    #[test]
    fn names_with_nouns_fillers_and_abbreviations() {
        let poverty = ["poverty-2021-2025"];
        assert_eq!(
            named(
                "Chương trình mục tiêu quốc gia giảm nghèo bền vững",
                Some(2024)
            ),
            poverty
        );
        assert_eq!(
            named(
                "Chương trình mục tiêu quốc gia (MTQG) giảm nghèo bền vững",
                None
            ),
            poverty
        );
        assert_eq!(named("chương trình MTQG GN bền vững", None), poverty);
        assert_eq!(
            named(
                "Thuộc Dự án 2 Chương trình MTQGGN giai đoạn 2021-2025.",
                None
            ),
            poverty
        );
        assert_eq!(
            named(
                "CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA PHÒNG, CHỐNG MA TÚY ĐẾN NĂM 2030",
                None
            ),
            ["drug-prevention-2025-2030"]
        );
        assert_eq!(
            named(
                "chương trình MTQG xây dựng nông thôn mới có tác động",
                Some(2023)
            ),
            ["new-rural-2021-2025"]
        );
        assert_eq!(
            named(
                "Chương trình mục tiêu quốc gia phát triển kinh tế-xã hội vùng đồng bào dân tộc thiểu số và miền núi",
                Some(2023)
            ),
            ["ethnic-minority-2021-2025"]
        );
    }

    #[test]
    fn the_period_or_the_year_chooses_between_programmes_of_one_name() {
        let merged = "rural-poverty-ethnic-2026-2035";
        assert_eq!(
            named(
                "Chương trình MTQG giảm nghèo bền vững giai đoạn 2026 - 2035",
                Some(2024)
            ),
            [merged]
        );
        assert_eq!(
            named("Chương trình MTQG giảm nghèo bền vững năm 2024", Some(2027)),
            ["poverty-2021-2025"]
        );
        assert_eq!(named("Chương trình giảm nghèo", Some(2027)), [merged]);
        assert_eq!(
            named(
                "Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026 - 2035",
                None
            ),
            [merged]
        );
        // In a plan of 2023 the long name lists the three programmes of the time.
        assert_eq!(
            named(
                "các Chương trình MTQG xây dựng nông thôn mới, giảm nghèo bền vững và phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi",
                Some(2023)
            ),
            ["new-rural-2021-2025"]
        );
        // A period no programme of that name covers: another programme, not ours.
        assert!(named(
            "Chương trình MTQG giảm nghèo bền vững giai đoạn 2016-2020",
            None
        )
        .is_empty());
    }

    #[test]
    fn mention_spans_cover_name_and_period() {
        let text = "Căn cứ Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025; và";
        let m = mentions(text, None);
        assert_eq!(
            &text[m[0].span.start..m[0].span.end],
            "Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025"
        );
    }

    #[test]
    fn nouns_without_a_known_name_name_nothing() {
        assert!(named(
            "các Chương trình mục tiêu quốc gia giai đoạn 2021-2025",
            None
        )
        .is_empty());
        assert!(named("chương trình phối hợp thực hiện giảm nghèo bền vững", None).is_empty());
        assert!(named("chương trình cai nghiện", None).is_empty());
        assert!(named("MTQGGNX", None).is_empty());
    }

    #[test]
    fn users_name_programmes_by_code_or_family() {
        assert_eq!(resolve("poverty").len(), 2);
        assert_eq!(
            resolve("Drug-Prevention")[0].code,
            "drug-prevention-2025-2030"
        );
        assert_eq!(resolve("poverty-2021-2025").len(), 1);
        assert!(resolve("sports").is_empty());
        assert!(known_names().contains(&"new-rural"));
    }

    #[test]
    fn sentences_end_at_lines_semicolons_and_full_stops() {
        let text = "A 1.5 b. C d; e\nf";
        assert_eq!(sentence_around(text, 3), (0, 7));
        assert_eq!(sentence_around(text, 10), (8, 12));
        assert_eq!(sentence_around(text, 16), (16, 17));
    }
}
