//! What a target measures: an indicator code of GUIDE.md from the words
//! around its number (`data/indicators.tsv`), and its comparator.
//!
//! The words before a number name what it measures ("Tỷ lệ hộ nghèo còn
//! 5%"); after it stand the people or places it counts, then what is said of
//! them ("100% cán bộ | được bồi dưỡng"). What is said decides before whom
//! it is said of: "70% người lao động được tuyên truyền" is coverage, not
//! employment.

use once_cell::sync::Lazy;

use super::words::{self, Kind};
use crate::data::{rows, INDICATORS};
use crate::vi::key::fold;
use crate::vi::whole_word_positions;

/// Where a lexicon phrase may name its indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Anywhere,
    /// Before the number, or in what is said after it.
    Activity,
    /// Only in what is said after the number.
    Predicate,
    /// People counted: before the number, or as the head of who it counts.
    Population,
}

struct Entry {
    code: &'static str,
    phrase: &'static str,
    place: Where,
}

static LEXICON: Lazy<Vec<Entry>> = Lazy::new(|| {
    rows(INDICATORS)
        .map(|r| Entry {
            code: r[0],
            phrase: r[1],
            place: match r.get(2).copied().unwrap_or("") {
                "" => Where::Anywhere,
                "activity" => Where::Activity,
                "predicate" => Where::Predicate,
                "population" => Where::Population,
                other => panic!("data/indicators.tsv: unknown place {other:?}"),
            },
        })
        .collect()
});

/// The indicator the phrases name, if any, looked for in this order:
/// - the nearest phrase in `before` (folded);
/// - when `shared` (the number is one more of a list, as in "cho 100% nhà
///   trường và trên 70% người lao động") and nothing is said after it,
///   `shared`'s indicator;
/// - the first phrase naming a thing in who or what it counts ("100% bản
///   tin tuyển dụng lao động được thông tin ...");
/// - the people it counts ("100% người lao động ..."), unless what is said
///   of them names another indicator and not theirs ("... được tuyên
///   truyền" is coverage; "... được tư vấn, hỗ trợ tìm việc làm" is theirs);
/// - the first phrase in what is said of them.
///
/// `after` is as written: predicates are found before folding.
pub fn named(before: &str, after: &str, shared: Option<&'static str>) -> Option<&'static str> {
    let nearest_before = LEXICON
        .iter()
        .filter(|e| e.place != Where::Predicate)
        .filter_map(|e| {
            whole_word_positions(before, e.phrase)
                .last()
                .map(|at| (at + e.phrase.len(), e.phrase.len(), e.code))
        })
        .max()
        .map(|(_, _, code)| code);
    if nearest_before.is_some() {
        return nearest_before;
    }
    let (subject, said) = split_predicate(after);
    let (subject, said) = (fold(subject), said.map(fold));
    if let Some(code) = shared.filter(|_| said.is_none()) {
        return Some(code);
    }
    let first = |text: &str, allowed: &dyn Fn(Where) -> bool| {
        LEXICON
            .iter()
            .filter(|e| allowed(e.place))
            .filter_map(|e| {
                whole_word_positions(text, e.phrase)
                    .next()
                    .map(|at| (at, std::cmp::Reverse(e.phrase.len()), e.code))
            })
            .min()
            .map(|(_, _, code)| code)
    };
    if let Some(code) = first(&subject, &|w| w == Where::Anywhere) {
        return Some(code);
    }
    let head = subject
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_start_matches("so ")
        .trim_start_matches("cac ");
    let people = LEXICON
        .iter()
        .filter(|e| e.place == Where::Population)
        .filter(|e| whole_word_positions(head, e.phrase).next() == Some(0))
        .max_by_key(|e| e.phrase.len())
        .map(|e| e.code);
    // People named in what is said are whom it is done for ("thông tin đến
    // người lao động"), not what is measured.
    let said_code = said
        .as_deref()
        .and_then(|s| first(s, &|w| w != Where::Population));
    match (people, &said) {
        (Some(code), Some(s)) if said_code.is_some() && !names(s, code) => said_code,
        (Some(code), _) => Some(code),
        (None, _) => said_code,
    }
}

/// Whether `text` holds a phrase of indicator `code`.
fn names(text: &str, code: &str) -> bool {
    LEXICON
        .iter()
        .filter(|e| e.code == code)
        .any(|e| whole_word_positions(text, e.phrase).next().is_some())
}

/// The words after a number as (who or what it counts, what is said of
/// them), split at the first predicate word of `data/target_words.tsv`.
/// Matched as written: folded, "có" would be "cơ" of "cơ sở" too.
fn split_predicate(after: &str) -> (&str, Option<&str>) {
    let at = words::positions_as_written(Kind::Predicate, after)
        .first()
        .copied();
    match at {
        Some(at) => (&after[..at], Some(&after[at..])),
        None => (after, None),
    }
}

/// The poverty family refined by the words before the number: a level
/// ("còn", "xuống") or a reduction ("giảm"), for ethnic minorities or not.
pub fn refine_poverty(code: &'static str, before: &str) -> &'static str {
    if !code.starts_with("poverty_rate") {
        return code;
    }
    let minority = before.contains("dan toc thieu so") || before.contains("dtts");
    let tail_start = before.char_indices().rev().nth(19).map_or(0, |(i, _)| i);
    let tail = &before[tail_start..];
    let level = whole_word_positions(tail, "con").next().is_some()
        || whole_word_positions(tail, "xuong").next().is_some();
    let reduction = before.contains("giam") && !level;
    match (minority, reduction, code) {
        (true, _, _) => "minority_poverty_rate_reduction",
        (false, true, _) => "poverty_rate_reduction",
        (false, false, "poverty_rate_reduction") if !level => "poverty_rate_reduction",
        _ => "poverty_rate",
    }
}

/// The comparator the words just before a number give ("=" by default): a
/// comparator phrase at most two words from the number.
pub fn comparator(before: &str) -> &'static str {
    words::entries(Kind::Comparator)
        .iter()
        .filter_map(|&(phrase, cmp)| {
            let at = whole_word_positions(before, phrase).last()?;
            let gap = before[at + phrase.len()..].split_whitespace().count();
            (gap <= 2).then_some((at + phrase.len(), phrase.len(), cmp))
        })
        .max()
        .map_or("=", |(_, _, cmp)| cmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named_in(before: &str, after: &str) -> Option<&'static str> {
        named(&fold(before), after, None)
    }

    #[test]
    fn comparators_from_words() {
        for (text, cmp) in [
            ("Tỷ lệ hộ nghèo giảm còn bằng hoặc dưới", "<="),
            ("xuống dưới", "<"),
            ("giảm ít nhất", ">="),
            ("Tối thiểu", ">="),
            ("giảm trên", ">"),
            ("đạt", "="),
            ("có khoảng", "="),
            ("ở mức", "="),
            ("tối đa", "<="),
            ("tỷ lệ không quá", "<="),
            ("không dưới", ">="),
            ("Hỗ trợ", "="),
            ("trên địa bàn xã năm 2024 là:", "="),
        ] {
            assert_eq!(comparator(&fold(text)), cmp, "{text}");
        }
    }

    #[test]
    fn the_words_before_name_it_first() {
        assert_eq!(named_in("Tỷ lệ hộ nghèo còn", ""), Some("poverty_rate"));
        assert_eq!(
            named_in(
                "Phấn đấu trợ giúp pháp lý cho",
                "số người vi phạm pháp luật"
            ),
            Some("coverage")
        );
        assert_eq!(named_in("Tổng kinh phí dự kiến là", ""), Some("budget"));
    }

    #[test]
    fn what_is_said_after_the_number_before_whom_it_counts() {
        for (after, code) in [
            ("người lao động được tuyên truyền về ma túy", "coverage"),
            (
                "người lao động có nhu cầu được tư vấn, hỗ trợ tìm việc làm",
                "employment",
            ),
            ("người lao động thuộc hộ nghèo", "employment"),
            (
                "bản tin tuyển dụng lao động được thông tin đến người lao động",
                "employment",
            ),
            (
                "cán bộ quản lý, giáo viên được bồi dưỡng nâng cao năng lực",
                "training",
            ),
            (
                "cán bộ được tiếp cận tài liệu trên nền tảng số",
                "information_access",
            ),
            (
                "trẻ em là con công nhân, người lao động có nhu cầu được đến trường",
                "school_attendance",
            ),
            (
                "xã, phường tổ chức thực hiện công tác cai nghiện",
                "coverage",
            ),
            (
                "phường xây dựng và triển khai các mô hình giáo dục",
                "coverage",
            ),
            (
                "cấp xã, thôn, khu dân cư ký cam kết không tham gia",
                "coverage",
            ),
            (
                "người thuộc hộ nghèo được hỗ trợ tham gia bảo hiểm y tế",
                "health_insurance",
            ),
            ("hộ nghèo sử dụng nước sinh hoạt hợp vệ sinh", "clean_water"),
        ] {
            assert_eq!(named_in("Phấn đấu", after), Some(code), "{after}");
        }
    }

    #[test]
    fn a_name_is_not_an_activity() {
        assert_eq!(
            named_in(
                "",
                "các cơ quan truyền thông chủ lực có chuyên trang, chuyên mục"
            ),
            None
        );
        assert_eq!(
            named_in("Tổ chức ít nhất", "cuộc đối thoại chính sách"),
            None
        );
        assert_eq!(
            named_in(
                "",
                "các điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy"
            ),
            None
        );
    }

    #[test]
    fn one_more_of_a_list_shares_the_indicator() {
        let shared = named(
            &fold("nhà trường và trên"),
            "người lao động tại các khu công nghiệp",
            Some("coverage"),
        );
        assert_eq!(shared, Some("coverage"));
        let own = named(
            &fold("và"),
            "người dân được tham gia bảo hiểm y tế",
            Some("poverty_rate"),
        );
        assert_eq!(
            own,
            Some("health_insurance"),
            "what is said of them comes first"
        );
    }

    #[test]
    fn poverty_family() {
        let refined = |before: &str| refine_poverty("poverty_rate", &fold(before));
        assert_eq!(refined("Tỷ lệ hộ nghèo còn"), "poverty_rate");
        assert_eq!(
            refined("Phấn đấu giảm tỷ lệ hộ nghèo ít nhất"),
            "poverty_rate_reduction"
        );
        assert_eq!(
            refined("giảm tỉ lệ hộ nghèo đa chiều xuống dưới"),
            "poverty_rate"
        );
        assert_eq!(
            refined("Tỷ lệ hộ nghèo dân tộc thiểu số giảm"),
            "minority_poverty_rate_reduction"
        );
    }
}
