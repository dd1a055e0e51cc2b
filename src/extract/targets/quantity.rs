//! Quantities: a number and the unit it counts in (`data/units.tsv`):
//! "20,28%", "13 căn", "07 lớp", "7/7 xã", "3.230 triệu đồng", "một thành
//! viên", and compound units (`data/unit_denominators.txt`): "01 lần/tháng",
//! "1.500.000 đồng/hộ/tháng", "110 bé trai/100 bé gái". A "/năm" makes a
//! yearly rate ("5%/năm": 5 "%", per year).

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, UNITS, UNIT_DENOMINATORS};
use crate::model::Amount;
use crate::vi::is_letter_or_digit;
use crate::vi::number::{self, Quantity as Kind};

struct Unit {
    written: &'static str,
    unit: &'static str,
    implied: Option<&'static str>,
    base: Option<&'static str>,
    factor: f64,
    counts: Counts,
}

/// What a unit counts, where it matters to the reading of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    Events,
    Places,
    Other,
}

static UNIT_LIST: Lazy<Vec<Unit>> = Lazy::new(|| {
    let field = |r: &[&'static str], i: usize| r.get(i).copied().filter(|f| !f.is_empty());
    rows(UNITS)
        .map(|r| Unit {
            written: r[0],
            unit: r[1],
            implied: field(&r, 2),
            base: field(&r, 3),
            factor: field(&r, 4).map_or(1.0, |f| f.parse().expect("a numeric factor")),
            counts: match field(&r, 5) {
                Some("events") => Counts::Events,
                Some("places") => Counts::Places,
                None => Counts::Other,
                Some(other) => panic!("data/units.tsv: unknown count {other:?}"),
            },
        })
        .collect()
});

static DENOMINATORS: Lazy<Vec<&'static str>> = Lazy::new(|| {
    let mut list: Vec<&str> = rows(UNIT_DENOMINATORS).map(|r| r[0]).collect();
    list.sort_by_key(|d| std::cmp::Reverse(d.len()));
    list
});

/// A number, then its unit; what stands around them is checked in code. The
/// character before the number is consumed so that "3.230" or "2021-2025"
/// never yields a number from its middle.
static QUANTITY: Lazy<Regex> = Lazy::new(|| {
    let units = UNIT_LIST
        .iter()
        .map(|u| regex::escape(u.written))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\d/.,\-])(\d{{1,3}}(?:[.,]\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?|một|hai)(?:\s*/\s*\d+)?\s*({units})"
    ))
    .unwrap()
});

/// The round base a denominator may carry: "/100 bé gái", "/10.000 dân".
static ROUND_BASE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(10{1,2}|10{0,2}[.,]000)\s+").unwrap());

#[derive(Debug, Clone, PartialEq)]
pub struct Found<'a> {
    /// Byte range from the number to the end of the unit, in the clause.
    pub start: usize,
    pub end: usize,
    pub token: &'a str,
    pub value: f64,
    pub unit: String,
    pub per_year: bool,
    pub normalized: Amount,
    /// The indicator the unit implies, if any.
    pub implied: Option<&'static str>,
    pub counts: Counts,
}

/// Every quantity of `clause`, in order.
pub fn quantities(clause: &str) -> Vec<Found<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = QUANTITY.captures_at(clause, at) {
        crate::budget::check("targets");
        let (number, written) = (c.get(1).unwrap(), c.get(2).unwrap());
        at = written.end();
        if clause[written.end()..]
            .chars()
            .next()
            .is_some_and(is_letter_or_digit)
        {
            // "5 hội": the unit is part of a longer word; try from the next character.
            at = number.start() + number.as_str().chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let key = written.as_str().to_lowercase();
        let Some(unit) = UNIT_LIST.iter().find(|u| u.written == key) else {
            continue;
        };
        let kind = if unit.unit == "%" {
            Kind::Rate
        } else {
            Kind::Count
        };
        let value = match number.as_str().to_lowercase().as_str() {
            "một" => 1.0,
            "hai" => 2.0,
            token => match number::parse(token, kind) {
                Some(v) => v,
                None => continue,
            },
        };
        let (per, end, per_year) = denominators(clause, written.end());
        at = end;
        let base = unit.base.unwrap_or(unit.unit);
        out.push(Found {
            start: number.start(),
            end,
            token: number.as_str(),
            value,
            unit: format!("{}{per}", unit.unit),
            per_year,
            normalized: Amount {
                value: value * unit.factor,
                unit: format!("{base}{per}"),
            },
            implied: unit.implied,
            counts: unit.counts,
        });
    }
    out
}

/// The "/..." parts after a unit at `from`: their text ("/hộ/tháng"), where
/// they end, and whether one of them was "/năm".
fn denominators(clause: &str, from: usize) -> (String, usize, bool) {
    let mut per = String::new();
    let mut end = from;
    let mut per_year = false;
    loop {
        let rest = &clause[end..];
        let Some(after_slash) = rest.trim_start().strip_prefix('/') else {
            break;
        };
        let mut at = clause.len() - after_slash.trim_start().len();
        let base = ROUND_BASE.captures(&clause[at..]).map(|b| {
            at += b.get(0).unwrap().end();
            b[1].to_string()
        });
        let word = &clause[at..];
        let Some(denominator) = DENOMINATORS.iter().find(|d| {
            word.get(..d.len()).is_some_and(|w| w.to_lowercase() == **d)
                && !word[d.len()..]
                    .chars()
                    .next()
                    .is_some_and(is_letter_or_digit)
        }) else {
            break;
        };
        end = at + denominator.len();
        match base {
            None if *denominator == "năm" => per_year = true,
            None => per.push_str(&format!("/{denominator}")),
            Some(b) => per.push_str(&format!("/{b} {denominator}")),
        }
    }
    (per, end, per_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(clause: &str) -> Found<'_> {
        let found = quantities(clause);
        assert_eq!(found.len(), 1, "{clause}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn numbers_and_units() {
        let q = one("Tỷ lệ hộ nghèo còn 20,28% vào cuối năm 2024");
        assert_eq!((q.value, q.unit.as_str()), (20.28, "%"));
        assert_eq!(one("kinh phí là: 3.230 triệu đồng").value, 3230.0);
        assert_eq!(one("Xây mới 13 căn nhà").unit, "căn");
        assert_eq!(one("tại 7/7 xã, thị trấn").unit, "xã");
        assert_eq!(one("ít nhất một thành viên có việc làm").unit, "thành viên");
        assert_eq!(one("Xây dựng mới 35 địa bàn cấp xã").unit, "địa bàn cấp xã");
        assert_eq!(quantities("từ 0.82% xuống còn 0.79%").len(), 2);
        assert_eq!(quantities("giảm 5% 6% và 7%").len(), 3);
        let q = one("với 07 lớp/07 xã");
        assert_eq!(
            (q.value, q.unit.as_str()),
            (7.0, "lớp"),
            "the places are no part of it"
        );
    }

    #[test]
    fn compound_units() {
        for (text, unit) in [
            ("giao ban ít nhất 01 lần/tháng", "lần/tháng"),
            ("ít nhất 1 buổi/cơ sở giáo dục", "buổi/cơ sở giáo dục"),
            ("mức 1.500.000 đồng/hộ/tháng", "đồng/hộ/tháng"),
            ("tổng tỷ suất sinh 2,1 con/phụ nữ", "con/phụ nữ"),
            (
                "tỷ số giới tính 110 bé trai/100 bé gái",
                "bé trai/100 bé gái",
            ),
            ("01 lớp / xã", "lớp/xã"),
        ] {
            assert_eq!(one(text).unit, unit, "{text}");
        }
        assert_eq!(one("1.500.000 đồng/hộ/tháng").value, 1_500_000.0);
    }

    #[test]
    fn a_yearly_rate_keeps_its_unit() {
        let q = one("Tỷ lệ hộ nghèo giảm 5%/năm;");
        assert_eq!((q.value, q.unit.as_str(), q.per_year), (5.0, "%", true));
        let q = one("hỗ trợ 2 triệu đồng/hộ/năm");
        assert_eq!((q.unit.as_str(), q.per_year), ("triệu đồng/hộ", true));
        assert!(!one("giảm 5%").per_year);
    }

    #[test]
    fn values_in_base_units() {
        let q = one("Tổng kinh phí 3.230 triệu đồng");
        assert_eq!(q.normalized.value, 3_230_000_000.0);
        assert_eq!(q.normalized.unit, "đồng");
        let q = one("hỗ trợ 2 tỷ đồng/xã");
        assert_eq!(
            (q.normalized.value, q.normalized.unit.as_str()),
            (2e9, "đồng/xã")
        );
        assert_eq!(
            one("giải quyết việc làm cho 500 lao động").normalized.unit,
            "người"
        );
        assert_eq!(
            one("đạt 96%").normalized,
            Amount {
                value: 96.0,
                unit: "%".into()
            }
        );
    }

    #[test]
    fn no_quantity_without_a_unit() {
        for text in [
            "trước ngày 31/5/2024",
            "trẻ em dưới 5 tuổi",
            "Quyết định số 90/QĐ-TTg",
            "giai đoạn 2021-2025",
            "trong vòng 36 tháng",
            "diện tích 30m2",
            "một số hộ",
            "có 5 hội viên",
            "ít nhất 01 triệu căn hộ",
        ] {
            assert!(quantities(text).is_empty(), "{text}");
        }
    }
}
