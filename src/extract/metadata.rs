//! Metadata (GUIDE.md): who issued the plan, for where, for which year, who signed.
//!
//! Each field is read from the place plans put it: number and date in the
//! header ("Số: 29 /KH-UBND", "Trà Lâm, ngày 26 tháng 02 năm 2024"), year and
//! locality in the title ("... năm 2024 trên địa bàn thị trấn Kông Chro"),
//! the issuing body in the signature ("TM. ỦY BAN NHÂN DÂN") or the header.
//! A field the text does not give is null, never a guess.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, CENTRAL_CITIES, LOCALITY_KINDS};
use crate::model::Metadata;
use crate::segment::kinds::doc_kind_heading;
use crate::segment::Document;
use crate::vi::abbrev::expand;
use crate::vi::date;
use crate::vi::key::{canonical, fold};
use crate::vi::prefix;

static NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^\s*số\s*:?\s*(\d[\w\s./\-&Đđ]*?)\s*$").unwrap());
static YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)(\S+\s+)?năm\s+((?:19|20)\d{2})\b").unwrap());
static BODY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(ủy ban nhân dân|hội đồng nhân dân|ban chỉ đạo|ban thường vụ|đảng ủy)\b")
        .unwrap()
});
static ISSUES: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\b(ban hành|xây dựng|triển khai)\b").unwrap());
const NAME_STOP_WORDS: [&str; 12] = [
    "năm",
    "giai",
    "đến",
    "về",
    "và",
    "trong",
    "theo",
    "thực",
    "ban",
    "xây",
    "giai đoạn",
    "tỉnh",
];

/// Kind words, longest first so "thành phố trực thuộc trung ương" wins over "thành phố".
static LOCALITY_KIND_WORDS: Lazy<Vec<(String, &'static str)>> = Lazy::new(|| {
    let mut kinds: Vec<(String, &'static str)> = rows(LOCALITY_KINDS)
        .map(|r| (r[0].to_string(), r[1]))
        .collect();
    kinds.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    kinds
});
static CENTRAL_CITY_KEYS: Lazy<Vec<String>> = Lazy::new(|| {
    CENTRAL_CITIES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(fold)
        .collect()
});

pub fn extract(doc: &Document) -> Metadata {
    let header: Vec<String> = doc
        .header
        .iter()
        .map(|&i| canonical(doc.paragraph(i)))
        .collect();
    let preamble = doc.preamble.as_ref().map(|p| expand(&canonical(&p.text)));
    let title = (!doc.title.is_empty()).then(|| {
        canonical(
            &doc.title
                .iter()
                .map(|&i| doc.paragraph(i))
                .collect::<Vec<_>>()
                .join(" "),
        )
    });
    let signature: Vec<String> = doc.closing.signature.iter().map(|s| canonical(s)).collect();

    let number = header
        .iter()
        .find_map(|h| NUMBER.captures(h))
        .map(|c| c[1].split_whitespace().collect::<String>());
    let date = header.iter().find_map(|h| date::first(h)).map(|d| d.iso);
    let year = title.as_deref().and_then(plan_year);

    let locality = title
        .as_deref()
        .and_then(|t| {
            t.find("địa bàn")
                .or_else(|| t.to_lowercase().find("địa bàn"))
                .and_then(|i| find_locality(&t[i..]))
        })
        .or_else(|| title.as_deref().and_then(find_locality))
        .or_else(|| {
            preamble
                .as_deref()
                .and_then(issuing_clause)
                .and_then(|(_, place)| place)
        })
        .or_else(|| {
            header
                .iter()
                .find_map(|h| BODY.find(h).and_then(|m| find_locality(&h[m.end()..])))
        })
        .or_else(|| first_body_locality(doc));
    let (locality_kind, locality_name) = match locality {
        Some((k, n)) => (Some(k), Some(n)),
        None => (None, None),
    };
    let level = locality_kind
        .as_deref()
        .map(|k| level_of(k, locality_name.as_deref()));
    let province = if level.as_deref() == Some("province") {
        locality_name.clone()
    } else {
        province_mention(doc.text())
    };
    let body = signature
        .iter()
        .chain(header.iter())
        .find_map(|s| BODY.find(s).map(|m| sentence_case(m.as_str())))
        .or_else(|| {
            preamble
                .as_deref()
                .and_then(issuing_clause)
                .map(|(body, _)| body)
        });
    let issuer = match (&body, &locality_kind, &locality_name) {
        (Some(b), Some(k), Some(n)) => Some(format!("{b} {k} {n}")),
        (Some(b), _, _) => Some(b.clone()),
        _ => None,
    };
    let signer_title = signature
        .iter()
        .rev()
        .find(|s| !s.contains('.') && !s.contains('/'))
        .map(|s| office_title(s));

    Metadata {
        doc_type: doc
            .doc_type
            .and_then(|i| doc_kind_heading(doc.paragraph(i)))
            .map(str::to_string),
        number: number.filter(|n| n.chars().any(|c| c.is_ascii_digit())),
        date,
        year,
        level,
        locality: locality_name,
        locality_kind,
        province,
        title,
        issuer,
        signer: doc.closing.signer.as_deref().map(canonical),
        signer_title,
        recipients: doc
            .closing
            .recipients
            .iter()
            .map(|r| canonical(r))
            .collect(),
    }
}

/// "năm 2024" of the title; "đến năm 2030" is a horizon, not the plan's year.
fn plan_year(title: &str) -> Option<i32> {
    YEAR.captures_iter(title)
        .find(|c| c.get(1).is_none_or(|w| fold(w.as_str()).trim() != "den"))
        .and_then(|c| c[2].parse().ok())
}

/// The first "<kind word> <Name>" in `text`: ("thị trấn", "Kông Chro").
fn find_locality(text: &str) -> Option<(String, String)> {
    let lower = text.to_lowercase();
    let mut best: Option<(usize, String, String)> = None;
    for (kind, _) in LOCALITY_KIND_WORDS.iter() {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(kind.as_str()).map(|p| p + from) {
            from = pos + kind.len();
            let boundary_before = !lower[..pos]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let rest = &text[pos + kind.len()..];
            if !boundary_before || !rest.starts_with(' ') {
                continue;
            }
            if let Some(name) = place_name(rest) {
                if best.as_ref().is_none_or(|(p, _, _)| pos < *p) {
                    best = Some((pos, kind.clone(), name));
                }
                break;
            }
        }
    }
    best.map(|(_, k, n)| (k, n))
}

/// Capitalised words after a kind word: "Kông Chro", "Gia Lai"; in an all-caps
/// title ("TỈNH ĐỒNG NAI") the words are recased.
fn place_name(rest: &str) -> Option<String> {
    let mut words = Vec::new();
    for word in rest.split_whitespace() {
        let word = word.trim_end_matches([',', '.', ';', ':', ')', '”', '"']);
        let first = word.chars().next()?;
        let stop = NAME_STOP_WORDS.contains(&word.to_lowercase().as_str());
        if !first.is_uppercase() || stop || word.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        words.push(if word.chars().skip(1).any(char::is_lowercase) {
            word.to_string()
        } else {
            title_case(word)
        });
        if words.len() == 4 || rest.contains(&format!("{word},")) {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// The clause that issues the plan: "Ủy ban nhân dân xã Trà Lâm xây dựng Kế
/// hoạch", "Ủy ban nhân dân huyện ban hành Kế hoạch": its body, and its place
/// when named. Bodies merely cited ("của Ủy ban nhân dân huyện Kbang") do not count.
fn issuing_clause(text: &str) -> Option<(String, Option<(String, String)>)> {
    BODY.find_iter(text).find_map(|m| {
        let rest = text[m.end()..].trim_start();
        let lower = rest.to_lowercase();
        let place = find_locality(rest).filter(|(kind, _)| lower.starts_with(kind.as_str()));
        let after = match &place {
            Some((kind, name)) => rest[kind.len()..]
                .trim_start()
                .strip_prefix(name.as_str())
                .unwrap_or(""),
            None => LOCALITY_KIND_WORDS
                .iter()
                .find(|(k, _)| lower.starts_with(k.as_str()))
                .map_or(rest, |(k, _)| &rest[k.len()..]),
        };
        ISSUES.find(after.trim_start()).filter(|v| v.start() == 0)?;
        Some((sentence_case(m.as_str()), place))
    })
}

/// The first body-and-place in the plan ("Ủy ban nhân dân huyện X ban hành").
fn first_body_locality(doc: &Document) -> Option<(String, String)> {
    let body = &doc.text()[doc.body_span().start.min(doc.text().len())..];
    issuing_clause(&expand(&canonical(prefix(body, 4000)))).and_then(|(_, place)| place)
}

fn province_mention(text: &str) -> Option<String> {
    let pos = text.find("tỉnh ")?;
    place_name(&canonical(prefix(&text[pos + "tỉnh ".len()..], 80)))
}

fn level_of(kind: &str, name: Option<&str>) -> String {
    if kind == "thành phố" && name.is_some_and(|n| CENTRAL_CITY_KEYS.contains(&fold(n))) {
        return "province".into();
    }
    LOCALITY_KIND_WORDS
        .iter()
        .find(|(k, _)| k == kind)
        .map_or("other", |(_, l)| l)
        .to_string()
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(f) => f
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

fn sentence_case(text: &str) -> String {
    title_case(&text.to_lowercase())
}

/// "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch": the office in sentence case after "Phó".
fn office_title(line: &str) -> String {
    let lower = line.trim().to_lowercase();
    match lower.strip_prefix("phó ") {
        Some(rest) => format!("Phó {}", title_case(rest)),
        None => title_case(&lower),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localities_from_titles() {
        assert_eq!(
            find_locality("năm 2024 trên địa bàn thị trấn Kông Chro"),
            Some(("thị trấn".into(), "Kông Chro".into()))
        );
        assert_eq!(
            find_locality("trên địa bàn huyện Kon Rẫy năm 2023"),
            Some(("huyện".into(), "Kon Rẫy".into()))
        );
        assert_eq!(
            find_locality("TRÊN ĐỊA BÀN TỈNH ĐỒNG NAI"),
            Some(("tỉnh".into(), "Đồng Nai".into()))
        );
        assert_eq!(find_locality("trên địa bàn xã năm 2023"), None);
        assert_eq!(
            find_locality("trên địa bàn thành phố Cần Thơ"),
            Some(("thành phố".into(), "Cần Thơ".into()))
        );
    }

    #[test]
    fn levels_from_kind_words() {
        assert_eq!(level_of("thị trấn", Some("Kông Chro")), "commune");
        assert_eq!(level_of("thành phố", Some("Cần Thơ")), "province");
        assert_eq!(level_of("thành phố", Some("Pleiku")), "district");
        assert_eq!(level_of("thị xã", Some("An Khê")), "district");
    }

    #[test]
    fn year_is_not_a_horizon() {
        assert_eq!(
            plan_year("Thực hiện Chương trình năm 2024 trên địa bàn"),
            Some(2024)
        );
        assert_eq!(plan_year("PHÒNG, CHỐNG MA TÚY ĐẾN NĂM 2030"), None);
        assert_eq!(plan_year("giai đoạn 2021-2025"), None);
    }

    #[test]
    fn offices_in_sentence_case() {
        assert_eq!(office_title("PHÓ CHỦ TỊCH"), "Phó Chủ tịch");
        assert_eq!(office_title("CHỦ TỊCH"), "Chủ tịch");
        assert_eq!(office_title("GIÁM ĐỐC"), "Giám đốc");
    }

    #[test]
    fn document_numbers_from_the_header() {
        let c = NUMBER.captures("Số: 29 /KH-UBND").unwrap();
        assert_eq!(c[1].split_whitespace().collect::<String>(), "29/KH-UBND");
        assert!(NUMBER.captures("Số người được hỗ trợ").is_none());
    }
}
