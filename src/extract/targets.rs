//! Numeric targets: every quantitative commitment of the plan.
//!
//! A candidate is a number with a unit (`data/units.tsv`): "20,28%", "13 căn",
//! "07 lớp/07 xã", "7/7 xã", "5%/năm", "3.230 triệu đồng", "một thành viên".
//! Each is read in its clause (split at ";" and sentence ends): the words
//! before it back to the previous number are its label, where the indicator
//! lexicon (`data/indicators.tsv`), the comparator ("còn", "dưới", "ít
//! nhất" ...), a baseline ("từ 0.82% xuống còn 0.79%") and a scope ("dân tộc
//! thiểu số", "ở huyện X") are looked for. Not targets: table cells, the
//! preamble and closing, present-state figures ("toàn xã có 242 hộ",
//! "chiếm 19%") and a place count that only distributes the target before it
//! ("07 lớp ... cho 07/07 xã").

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, INDICATORS, UNITS};
use crate::model::{Span, Target};
use crate::normalize::Markup;
use crate::segment::Document;
use crate::vi::key::{canonical, fold};
use crate::vi::number::{self, Quantity};
use crate::vi::{clauses, whole_word_positions};

/// (as written, unit, implied indicator).
static UNIT_LIST: Lazy<Vec<(&'static str, &'static str, Option<&'static str>)>> = Lazy::new(|| {
    rows(UNITS)
        .map(|r| (r[0], r[1], r.get(2).copied().filter(|i| !i.is_empty())))
        .collect()
});

static QUANTITY: Lazy<Regex> = Lazy::new(|| {
    let units = UNIT_LIST
        .iter()
        .map(|(w, _, _)| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\d/.,\-])(\d{{1,3}}(?:[.,]\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?|một|hai)(?:\s*/\s*\d+)?\s*({units})(?:$|[^\p{{L}}\d])"
    ))
    .unwrap()
});

static LEXICON: Lazy<Vec<(&'static str, String)>> =
    Lazy::new(|| rows(INDICATORS).map(|r| (r[0], r[1].to_string())).collect());

/// Comparator phrases (folded), longest first.
const COMPARATORS: [(&str, &str); 13] = [
    ("bang hoac duoi", "<="),
    ("khong qua", "<="),
    ("khong duoi", ">="),
    ("bang hoac thap hon", "<="),
    ("toi da", "<="),
    ("it nhat", ">="),
    ("toi thieu", ">="),
    ("duoi", "<"),
    ("tren", ">"),
    ("o muc", "="),
    ("khoang", "="),
    ("con", "="),
    ("dat", "="),
];

const PRESENT_STATE: [&str; 8] = [
    "hien co",
    "hien nay",
    "toan xa co",
    "toan huyen co",
    "toan tinh co",
    "chiem",
    "tong so ho",
    "da ho tro",
];
const COMMITMENT: [&str; 5] = ["phan dau", "dang ky", "chi tieu", "muc tieu", "ke hoach"];
const PLACE_UNITS: [&str; 3] = ["xã", "thôn", "làng"];

static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)(\S+\s+)?năm\s+(20\d{2})\b").unwrap());
static PLACE_SCOPE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?:ở|tại)\s+(?:huyện|xã|thị trấn|thị xã|thành phố|tỉnh)\s+((?:\p{Lu}\p{Ll}*\s?){1,4})",
    )
    .unwrap()
});

/// Targets in document order; `plan_year` is the year of targets whose sentence gives none.
pub fn extract(doc: &Document, plan_year: Option<i32>) -> Vec<Target> {
    let body = doc.body_span();
    let preamble_end = doc.preamble.as_ref().map_or(body.start, |p| p.span.end);
    let mut out = Vec::new();
    for p in &doc.norm.paragraphs {
        if p.start < preamble_end.max(body.start)
            || p.end > body.end
            || matches!(p.markup, Markup::TableLine | Markup::PipeRow)
        {
            continue;
        }
        let situation = doc
            .section_at(p.start)
            .is_some_and(|s| top_kind(doc, &s.id) == Some("situation"));
        for (offset, clause) in clauses(&doc.text()[p.start..p.end], |_| true) {
            out.extend(clause_targets(
                doc,
                clause,
                p.start + offset,
                situation,
                plan_year,
            ));
        }
    }
    out
}

/// The kind of the top-level section holding section `id`.
fn top_kind<'a>(doc: &'a Document, id: &str) -> Option<&'a str> {
    let top = id.split('.').next()?;
    doc.sections
        .iter()
        .find(|s| s.id == top)
        .map(|s| s.kind.as_str())
}

struct Found<'a> {
    start: usize,
    end: usize,
    token: &'a str,
    unit: &'static str,
    /// The indicator the unit implies, if any.
    implied: Option<&'static str>,
}

fn written_end(c: &regex::Captures) -> usize {
    c.get(2).unwrap().end()
}

fn quantities(clause: &str) -> Vec<Found<'_>> {
    QUANTITY
        .captures_iter(clause)
        .map(|c| {
            let number = c.get(1).unwrap();
            let written = c.get(2).unwrap();
            let written = written.as_str().to_lowercase();
            let (unit, implied) = UNIT_LIST
                .iter()
                .find(|(w, _, _)| *w == written)
                .map_or(("", None), |(_, u, i)| (*u, *i));
            Found {
                start: number.start(),
                end: written_end(&c),
                token: number.as_str(),
                unit,
                implied,
            }
        })
        .collect()
}

fn clause_targets(
    doc: &Document,
    clause: &str,
    base: usize,
    situation: bool,
    plan_year: Option<i32>,
) -> Vec<Target> {
    let folded_clause = fold(clause);
    let committed = COMMITMENT.iter().any(|c| folded_clause.contains(c));
    if situation && !committed {
        return Vec::new();
    }
    let found = quantities(clause);
    let mut out: Vec<Target> = Vec::new();
    let mut baseline: Option<f64> = None;
    let mut last_target_end: Option<usize> = None;
    for (i, q) in found.iter().enumerate() {
        let before_start = if i == 0 { 0 } else { found[i - 1].end };
        let after_end = found.get(i + 1).map_or(clause.len(), |n| n.start);
        let before = &clause[before_start..q.start];
        let after = &clause[q.end..after_end];
        let folded_before = fold(before);
        if PRESENT_STATE.iter().any(|c| folded_before.contains(c)) && !committed {
            continue;
        }
        // "Trong năm 2023 ..." is a year, whatever follows it.
        if folded_before.trim_end().ends_with("nam") && q.token.len() == 4 {
            continue;
        }
        let quantity = if q.unit == "%" {
            Quantity::Rate
        } else {
            Quantity::Count
        };
        let value = match q.token.to_lowercase().as_str() {
            "một" => 1.0,
            "hai" => 2.0,
            token => match number::parse(token, quantity) {
                Some(v) => v,
                None => continue,
            },
        };
        // "từ 0.82% xuống còn 0.79%": the first is the second's baseline.
        let from_word = folded_before.trim_end().ends_with(" tu") || folded_before.trim() == "tu";
        if from_word && fold(after).trim_start().starts_with("xuong") {
            baseline = Some(value);
            continue;
        }
        // "07 lớp ... cho 07/07 xã": the places distribute the target before them.
        if PLACE_UNITS.contains(&q.unit)
            && last_target_end.is_some_and(|e| !clause[e..q.start].contains(','))
        {
            continue;
        }
        let label_window = &clause[before_start..q.start];
        let from_words = indicator(label_window, after, q.unit);
        let indicator = match q.implied {
            Some(implied) => implied,
            // "... đạt 50%, trong đó có bằng cấp chứng chỉ đạt 11,7%": part of the target before.
            None if from_words == "other" && folded_before.contains("trong do") => out
                .last()
                .map_or("other", |t: &Target| lexicon_code(&t.indicator)),
            None => from_words,
        };
        let scope = if indicator == "minority_poverty_rate_reduction" {
            Some("DTTS".to_string())
        } else {
            PLACE_SCOPE
                .captures(label_window)
                .map(|c| c[1].trim().to_string())
        };
        let year = YEAR
            .captures_iter(clause)
            .find(|c| {
                c.get(1)
                    .is_none_or(|w| !matches!(fold(w.as_str()).trim(), "den" | "doan"))
            })
            .and_then(|c| c[2].parse().ok())
            .or(plan_year);
        let quote_start = clause[..q.start]
            .rfind([',', ':'])
            .filter(|&p| p >= before_start)
            .map_or(before_start, |p| p + 1);
        let quote = canonical(
            clause[quote_start..q.end]
                .trim()
                .trim_start_matches(['-', '+', ' ']),
        );
        out.push(Target {
            indicator: indicator.to_string(),
            label: canonical(label_window.trim().trim_start_matches(['-', '+', ' '])),
            value,
            unit: q.unit.to_string(),
            comparator: comparator(&folded_before).to_string(),
            year,
            scope,
            baseline: baseline.take(),
            quote,
            location: doc.location(Span::new(base + q.start, base + q.end)),
        });
        last_target_end = Some(q.end);
    }
    out
}

/// The lexicon's own (static) copy of an indicator code.
fn lexicon_code(code: &str) -> &'static str {
    LEXICON
        .iter()
        .map(|(c, _)| *c)
        .find(|c| *c == code)
        .unwrap_or("other")
}

/// The comparator the words just before a number give ("=" by default): a
/// comparator phrase at most two words from the number.
fn comparator(folded_before: &str) -> &'static str {
    COMPARATORS
        .iter()
        .filter_map(|(phrase, cmp)| {
            let at = whole_word_positions(folded_before, phrase).last()?;
            let gap = folded_before[at + phrase.len()..]
                .split_whitespace()
                .count();
            (gap <= 2).then_some((at + phrase.len(), phrase.len(), *cmp))
        })
        .max()
        .map_or("=", |(_, _, cmp)| cmp)
}

/// The indicator: the longest lexicon phrase before the number, else after it;
/// the poverty family is then refined into level, reduction and minority.
fn indicator(before: &str, after: &str, unit: &str) -> &'static str {
    let (fb, fa) = (fold(before), fold(after));
    // The phrase nearest the number: the last one before it, else the first after.
    let nearest_before = LEXICON
        .iter()
        .filter_map(|(code, phrase)| {
            whole_word_positions(&fb, phrase)
                .last()
                .map(|at| (at + phrase.len(), phrase.len(), *code))
        })
        .max()
        .map(|(_, _, code)| code);
    let nearest_after = || {
        LEXICON
            .iter()
            .filter_map(|(code, phrase)| {
                fa.match_indices(phrase.as_str())
                    .next()
                    .map(|(at, _)| (at, std::cmp::Reverse(phrase.len()), *code))
            })
            .min()
            .map(|(_, _, code)| code)
    };
    let Some(code) = nearest_before.or_else(nearest_after) else {
        let near_poor = (fb.contains("can ngheo") || fa.contains("can ngheo"))
            && fb.contains("giam")
            && unit == "hộ";
        return if near_poor {
            "near_poor_reduction"
        } else {
            "other"
        };
    };
    if !code.starts_with("poverty_rate") {
        return code;
    }
    let minority = fb.contains("dan toc thieu so") || fb.contains("dtts");
    let tail: String = fb
        .chars()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let level = whole_word_positions(&tail, "con").last().is_some()
        || whole_word_positions(&tail, "xuong").last().is_some();
    let reduction = fb.contains("giam") && !level;
    match (minority, reduction, code) {
        (true, _, _) => "minority_poverty_rate_reduction",
        (false, true, _) => "poverty_rate_reduction",
        (false, false, "poverty_rate_reduction") if !level => "poverty_rate_reduction",
        _ => "poverty_rate",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(clause: &str) -> Vec<(f64, String, String, String)> {
        let found = quantities(clause);
        found
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let before = &clause[if i == 0 { 0 } else { found[i - 1].end }..q.start];
                let quantity = if q.unit == "%" {
                    Quantity::Rate
                } else {
                    Quantity::Count
                };
                let value = number::parse(q.token, quantity).unwrap_or(1.0);
                let code = q
                    .implied
                    .unwrap_or_else(|| indicator(before, &clause[q.end..], q.unit));
                (
                    value,
                    q.unit.to_string(),
                    comparator(&fold(before)).to_string(),
                    code.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn number_and_unit_forms() {
        let p = parsed("Tỷ lệ hộ nghèo còn 20,28% vào cuối năm 2024");
        assert_eq!((p[0].0, p[0].1.as_str()), (20.28, "%"));
        assert_eq!(parsed("kinh phí là: 3.230 triệu đồng")[0].0, 3230.0);
        assert_eq!(parsed("với 07 lớp/07 xã")[0].0, 7.0);
        assert_eq!(parsed("với 07 lớp/07 xã")[0].1, "lớp");
        assert_eq!(parsed("tại 7/7 xã, thị trấn")[0].1, "xã");
        assert_eq!(parsed("giảm 5%/năm")[0].0, 5.0);
        assert_eq!(parsed("Xây mới 13 căn nhà")[0].1, "căn");
        assert_eq!(parsed("từ 0.82% xuống còn 0.79%").len(), 2);
        assert_eq!(
            parsed("ít nhất một thành viên có việc làm")[0].1,
            "thành viên"
        );
    }

    #[test]
    fn non_targets_have_no_unit() {
        for text in [
            "trước ngày 31/5/2024",
            "trẻ em dưới 5 tuổi",
            "Quyết định số 90/QĐ-TTg",
            "giai đoạn 2021-2025",
            "trong vòng 36 tháng",
            "diện tích 30m2",
            "một số hộ",
        ] {
            assert!(quantities(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn comparators_from_words() {
        for (text, cmp) in [
            ("Tỷ lệ hộ nghèo giảm còn bằng hoặc dưới 10,28%", "<="),
            ("xuống dưới 19,8%", "<"),
            ("giảm ít nhất 6,6%", ">="),
            ("Tối thiểu 20 người lao động", ">="),
            ("giảm trên 2%", ">"),
            ("đạt 96%", "="),
            ("có khoảng 02 lao động", "="),
            ("ở mức 5,00%", "="),
            ("tối đa 5% hộ", "<="),
            ("tỷ lệ không quá 10%", "<="),
            ("không dưới 90% hộ", ">="),
            ("Hỗ trợ 05 hộ", "="),
            ("trên địa bàn xã năm 2024 là: 3.230 triệu đồng", "="),
        ] {
            assert_eq!(parsed(text)[0].2, cmp, "{text}");
        }
    }

    #[test]
    fn indicators_from_the_lexicon() {
        for (text, code) in [
            ("Tỷ lệ hộ nghèo còn 20,28%", "poverty_rate"),
            (
                "Mức giảm tỷ lệ hộ nghèo ở mức 5,00%",
                "poverty_rate_reduction",
            ),
            (
                "Phấn đấu giảm tỷ lệ hộ nghèo ít nhất 6,6%",
                "poverty_rate_reduction",
            ),
            ("giảm tỉ lệ hộ nghèo đa chiều xuống dưới 2%", "poverty_rate"),
            (
                "Tỷ lệ hộ nghèo dân tộc thiểu số giảm 11,50%",
                "minority_poverty_rate_reduction",
            ),
            ("Phấn đấu giảm 45 hộ cận nghèo", "near_poor_reduction"),
            (
                "thể thấp còi (chiều cao/tuổi) xuống dưới 19,8%",
                "stunting_rate",
            ),
            ("Xây mới 13 căn nhà", "housing_support"),
            (
                "100% người thuộc hộ nghèo được hỗ trợ tham gia bảo hiểm y tế",
                "health_insurance",
            ),
            (
                "75% hộ nghèo sử dụng nước sinh hoạt hợp vệ sinh",
                "clean_water",
            ),
            (
                "ít nhất 36% hộ nghèo sử dụng nhà tiêu hợp vệ sinh",
                "sanitation",
            ),
            ("Tổ chức 01 lớp tập huấn", "training"),
            ("Tổng kinh phí dự kiến là 3.230 triệu đồng", "budget"),
            ("Tổ chức ít nhất 01 cuộc đối thoại chính sách", "other"),
            ("tổ chức 07 lớp truyền thông về giảm nghèo", "training"),
            ("dữ liệu nhu cầu lao động cho 7/7 xã", "coverage"),
            (
                "thể nhẹ cân (cân nặng/tuổi) xuống còn 17,6%",
                "underweight_rate",
            ),
            (
                "Giảm suy dinh dưỡng thể nhẹ cân xuống còn 17,6%",
                "underweight_rate",
            ),
        ] {
            assert_eq!(parsed(text)[0].3, code, "{text}");
        }
    }
}
