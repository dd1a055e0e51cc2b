//! Metadata (GUIDE.md): what kind of document it is, its number and date,
//! for which year and place, who issued and who signed it.
//!
//! Each field is read from the place documents put it: kind, number and date
//! in the head ("QUYẾT ĐỊNH", "Số: 29 /KH-UBND", "Trà Lâm, ngày 26 tháng 02
//! năm 2024"), year and locality in the title ("... năm 2024 trên địa bàn thị
//! trấn Kông Chro"), the issuing body in the header or the signature ("TM.
//! ỦY BAN NHÂN DÂN"). A field the text does not give is null, never a guess.

mod issuer;
mod place;

use once_cell::sync::Lazy;
use regex::Regex;

use super::locate::Locator;
use crate::data::DOC_KIND_LIST;
use crate::model::Metadata;
use crate::segment::header::{header_line, number_label, place_date_at, HeaderLine, LETTER_KIND};
use crate::segment::Document;
use crate::vi::abbrev::expand;
use crate::vi::date;
use crate::vi::key::{canonical, fold};
use crate::vi::prefix;
use issuer::{central_signatory, header_body, issuer_of, office_title, sentence_case, LOCAL_BODY};
use place::{find_locality, kind_word_len, level_of, place_at_start, province_mention, Place};

/// The number after "Số:": digits first, then its codes, spaces around "/" allowed.
static NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\d[\w.&-]*(?:\s*/\s*[\w.&-]+)*").unwrap());
static YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)(\S+\s+)?năm\s+((?:19|20)\d{2})\b").unwrap());
static PERIOD: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\b(?:19|20)\d{2}\s*(?:[-–—]|đến)\s*((?:19|20)\d{2})\b").unwrap());
static AREA: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)địa\s+bàn").unwrap());
/// What an issuer does in the clause that names it: "... ban hành Kế hoạch", "... báo cáo kết quả".
static ISSUES: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^(?:ban hành|xây dựng|triển khai|báo cáo|thông báo)\b").unwrap());
static ADDRESSEES: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?m)^Kính gửi\s*:").unwrap());

pub fn extract(doc: &Document) -> Metadata {
    let header: Vec<String> = doc
        .header
        .iter()
        .map(|&i| canonical(doc.paragraph(i)))
        .collect();
    let preamble = doc.preamble.as_ref().map(|p| expand(&canonical(&p.text)));
    let title = doc.title_text().map(|t| canonical(&t));
    let signature: Vec<String> = doc.closing.signature.iter().map(|s| canonical(s)).collect();

    let number = document_number(&header);
    let date = issue_date(&header);
    let date_year = date
        .as_deref()
        .and_then(|d| d[..4].parse().ok())
        .or_else(|| dated_year(&header));
    let year = title.as_deref().and_then(plan_year).or(date_year);

    let from_header = header_body(&header).and_then(|b| issuer_of(&b));
    let central = match &from_header {
        Some(i) => i.central.then(|| i.clone()),
        None => signature.iter().find_map(|s| central_signatory(s)),
    };
    let locality = if central.is_some() {
        None
    } else {
        title
            .as_deref()
            .and_then(|t| AREA.find(t).and_then(|m| find_locality(&t[m.start()..])))
            .or_else(|| title.as_deref().and_then(find_locality))
            .or_else(|| {
                preamble
                    .as_deref()
                    .and_then(issuing_clause)
                    .and_then(|(_, place)| place)
            })
            .or_else(|| from_header.as_ref().and_then(|i| i.place.clone()))
            .or_else(|| first_body_locality(doc))
    };
    let (locality_kind, locality_name) = match locality {
        Some((k, n)) => (Some(k), Some(n)),
        None => (None, None),
    };
    let level = match &central {
        Some(_) => Some("central".to_string()),
        None => locality_kind
            .as_deref()
            .map(|k| level_of(k, locality_name.as_deref(), date_year.or(year))),
    };
    let province = match level.as_deref() {
        Some("central") => None,
        Some("province") => locality_name.clone(),
        _ => province_mention(doc.text()),
    };
    let issuer = central
        .map(|c| c.name)
        .or_else(|| from_header.filter(|i| i.place.is_some()).map(|i| i.name))
        .or_else(|| {
            let body = signature
                .iter()
                .chain(header.iter())
                .find_map(|s| LOCAL_BODY.find(s).map(|m| sentence_case(m.as_str())))
                .or_else(|| {
                    preamble
                        .as_deref()
                        .and_then(issuing_clause)
                        .map(|(body, _)| body)
                })?;
            Some(match (&locality_kind, &locality_name) {
                (Some(k), Some(n)) => format!("{body} {k} {n}"),
                _ => body,
            })
        });
    let signer_title = signature
        .iter()
        .rev()
        .find(|s| !s.contains('.') && !s.contains('/'))
        .map(|s| office_title(s));

    let mut metadata = Metadata {
        doc_type: doc_type(doc, number.as_deref(), preamble.as_deref()),
        number,
        date,
        year,
        level,
        locality: locality_name,
        locality_kind,
        province,
        place: None,
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
    };
    metadata.place = Locator::new(&metadata).plan().cloned();
    metadata
}

/// The kind its heading or subject line names; without either, the kind its
/// number's code names ("29/KH-UBND": Kế hoạch), and a letter's when the
/// number carries no kind code ("4214/BCA-C04") or the text opens with
/// addressees ("Kính gửi:").
fn doc_type(doc: &Document, number: Option<&str>, preamble: Option<&str>) -> Option<String> {
    if let Some(kind) = doc.kind() {
        return Some(kind.to_string());
    }
    let from_number = number.map(|n| kind_of_number(n).unwrap_or(LETTER_KIND));
    let addressed = preamble.is_some_and(|p| ADDRESSEES.is_match(p));
    from_number
        .or(addressed.then_some(LETTER_KIND))
        .map(str::to_string)
}

/// The kind named by the first code of a number: "51/2025/QĐ-TTg", "05-NQ/TU".
fn kind_of_number(number: &str) -> Option<&'static str> {
    let code = number
        .split(['/', '-'])
        .find(|part| !part.is_empty() && !part.chars().all(|c| c.is_ascii_digit()))?;
    DOC_KIND_LIST
        .iter()
        .find(|k| k.codes.contains(&code))
        .map(|k| k.name)
}

/// "Số: 29 /KH-UBND" -> "29/KH-UBND", the number on the line after a bare
/// "Số:" too. A draft leaves the number blank ("Số:      /QĐ-UBND"): null.
fn document_number(header: &[String]) -> Option<String> {
    let (at, (_, from)) = header
        .iter()
        .enumerate()
        .find_map(|(i, h)| number_label(h).map(|l| (i, l)))?;
    let own = header[at][from..].trim();
    let written = if own.is_empty() {
        header[at + 1..]
            .iter()
            .map(|h| h.trim())
            .find(|h| h.chars().any(char::is_alphanumeric))?
    } else {
        own
    };
    let found = NUMBER.find(written)?.as_str();
    // A number always carries a code: a lone "4" is what OCR made of "4214".
    found
        .contains(['/', '-'])
        .then(|| found.split_whitespace().collect())
}

/// The header's place-and-date phrase in `line`: the line, or where a layout
/// ran the phrase into another cell.
fn place_date(line: &str) -> Option<&str> {
    match header_line(line) {
        Some(HeaderLine::PlaceDate) => Some(line),
        _ => place_date_at(line).map(|at| &line[at..]),
    }
}

/// The date of the header's place-and-date line, wherever a layout put it
/// ("V/v ... Hà Nội, ngày 16 tháng 9 năm 2025"); else the first date of the header.
fn issue_date(header: &[String]) -> Option<String> {
    header
        .iter()
        .filter_map(|h| place_date(h))
        .chain(header.iter().map(String::as_str))
        .find_map(date::first)
        .map(|d| d.iso)
}

/// The year of the header's date line when its day is left blank ("ngày
/// tháng 3 năm 2026").
fn dated_year(header: &[String]) -> Option<i32> {
    header
        .iter()
        .filter_map(|h| place_date(h))
        .find_map(|h| YEAR.captures(h).and_then(|c| c[2].parse().ok()))
}

/// The year a title gives its plan (GUIDE.md): its own "năm 2024"; for a
/// period, its last year ("giai đoạn 2026-2030", "đến năm 2030"); an
/// orientation beyond the period ("định hướng đến năm 2045") is no year of it.
/// Words are compared folded: OCR writes "đên năm 2030".
fn plan_year(title: &str) -> Option<i32> {
    let years: Vec<(usize, String, i32)> = YEAR
        .captures_iter(title)
        .filter_map(|c| {
            let before = c.get(1).map_or(String::new(), |w| fold(w.as_str().trim()));
            Some((c.get(0).unwrap().start(), before, c[2].parse().ok()?))
        })
        .collect();
    let horizon = |word: &str| matches!(word, "den" | "toi");
    // "tháng 02 năm 2024", "02 năm 2024": a date's year.
    let dated = |word: &str| {
        word == "thang" || (!word.is_empty() && word.chars().all(|c| c.is_ascii_digit()))
    };
    let own = years
        .iter()
        .find(|(_, before, _)| !horizon(before) && !dated(before));
    let orientation = |at: usize| {
        let before = fold(&title[..at]);
        let before = before.trim_end().trim_end_matches(',').trim_end();
        before.ends_with("dinh huong") || before.ends_with("tam nhin")
    };
    own.map(|&(_, _, y)| y)
        .or_else(|| PERIOD.captures(title).and_then(|c| c[1].parse().ok()))
        .or_else(|| {
            years
                .iter()
                .find(|(at, before, _)| horizon(before) && !orientation(*at))
                .map(|&(_, _, y)| y)
        })
}

/// The clause that issues the plan: "Ủy ban nhân dân xã Trà Lâm xây dựng Kế
/// hoạch", "Ủy ban nhân dân huyện ban hành Kế hoạch": its body, and its place
/// when named. Bodies merely cited ("của Ủy ban nhân dân huyện Kbang") do not count.
fn issuing_clause(text: &str) -> Option<(String, Option<Place>)> {
    LOCAL_BODY.find_iter(text).find_map(|m| {
        let rest = text[m.end()..].trim_start();
        let (place, after) = match place_at_start(rest) {
            Some((place, end)) => (Some(place), &rest[end..]),
            None => (None, &rest[kind_word_len(rest).unwrap_or(0)..]),
        };
        ISSUES.find(after.trim_start())?;
        Some((sentence_case(m.as_str()), place))
    })
}

/// The first body-and-place in the plan ("Ủy ban nhân dân huyện X ban hành").
fn first_body_locality(doc: &Document) -> Option<Place> {
    let body = &doc.text()[doc.body_span().start.min(doc.text().len())..];
    issuing_clause(&expand(&canonical(prefix(body, 4000)))).and_then(|(_, place)| place)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn years_of_titles() {
        assert_eq!(
            plan_year("Thực hiện Chương trình năm 2024 trên địa bàn"),
            Some(2024)
        );
        assert_eq!(plan_year("PHÒNG, CHỐNG MA TÚY ĐẾN NĂM 2030"), Some(2030));
        assert_eq!(plan_year("giai đoạn 2021-2025"), Some(2025));
        assert_eq!(plan_year("GIAI ĐOẠN 2026 - 2030"), Some(2030));
        assert_eq!(
            plan_year("GIAI ĐOẠN 2025 - 2035, ĐỊNH HƯỚNG ĐẾN NĂM 2045"),
            Some(2035)
        );
        assert_eq!(plan_year("đến năm 2030, tầm nhìn đến năm 2045"), Some(2030));
        assert_eq!(
            plan_year("Chương trình giai đoạn 2021-2025 năm 2023"),
            Some(2023),
            "an annual plan under a programme is for its year"
        );
        assert_eq!(
            plan_year("Thực hiện Quyết định số 90/QĐ-TTg ngày 18 tháng 01 năm 2022"),
            None,
            "a date is no year of the plan"
        );
        assert_eq!(plan_year("PHÁT ĐỘNG PHONG TRÀO THI ĐUA"), None);
        assert_eq!(plan_year("năm 2025"), Some(2025));
        assert_eq!(
            plan_year("phòng, chống ma tuý đên năm 2030"),
            Some(2030),
            "OCR's đên"
        );
    }

    #[test]
    fn document_numbers_from_the_header() {
        let number = |text: &str| document_number(&lines(text));
        assert_eq!(number("Số: 29 /KH-UBND").as_deref(), Some("29/KH-UBND"));
        assert_eq!(
            number("Số: 51/2025/QĐ-TTg").as_deref(),
            Some("51/2025/QĐ-TTg")
        );
        assert_eq!(
            number("Số: 4214/BCA-C04 Hà Nội, ngày 16 tháng 9 năm 2025").as_deref(),
            Some("4214/BCA-C04")
        );
        assert_eq!(
            number("Số:\n|\n182/KH-UBND").as_deref(),
            Some("182/KH-UBND")
        );
        assert_eq!(number("Số:      /QĐ-UBND"), None, "a draft's blank number");
        assert_eq!(number("Số: /KH-UBND"), None);
        assert_eq!(number("Số: 4+214/BCA-C04"), None);
        assert_eq!(number("Số người được hỗ trợ"), None);
    }

    #[test]
    fn kinds_from_numbers() {
        assert_eq!(kind_of_number("29/KH-UBND"), Some("Kế hoạch"));
        assert_eq!(kind_of_number("51/2025/QĐ-TTg"), Some("Quyết định"));
        assert_eq!(kind_of_number("05-NQ/TU"), Some("Nghị quyết"));
        assert_eq!(kind_of_number("4214/BCA-C04"), None);
    }

    #[test]
    fn the_year_of_a_date_left_blank() {
        assert_eq!(
            dated_year(&lines(
                "Số:     /KH-UBND\nLâm Đồng, ngày     tháng 3 năm 2026"
            )),
            Some(2026)
        );
    }

    #[test]
    fn issuing_clauses() {
        assert_eq!(
            issuing_clause("Ủy ban nhân dân xã Trà Lâm xây dựng Kế hoạch"),
            Some((
                "Ủy ban nhân dân".to_string(),
                Some(("xã".to_string(), "Trà Lâm".to_string()))
            ))
        );
        assert_eq!(
            issuing_clause("Ủy ban nhân dân tỉnh ban hành Kế hoạch"),
            Some(("Ủy ban nhân dân".to_string(), None))
        );
        assert_eq!(
            issuing_clause("Kế hoạch của Ủy ban nhân dân huyện Kbang về"),
            None
        );
    }
}
