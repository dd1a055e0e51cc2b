//! Who issued a document and who signed it.
//!
//! The issuing body is printed in capitals at the top left of the header,
//! one cell per line, which layouts break anywhere ("HỘI ĐỒNG NHÂN" / "DÂN" /
//! "TỈNH GIA LAI") or run into the motto beside it ("ỦY BAN NHÂN DÂN CỘNG HÒA
//! XÃ HỘI ..."): its words are gathered line by line up to the number. A
//! central body (`data/central_bodies.tsv`) issues with no locality, a
//! department under it in its own name; a local body ("Ủy ban nhân dân")
//! with the place named after it.

use once_cell::sync::Lazy;
use regex::Regex;

use super::place::{find_locality, title_case, Place};
use crate::data::{rows, ISSUING_BODIES};
use crate::segment::header::{header_line, number_label, HeaderLine};
use crate::vi::abbrev::expand;
use crate::vi::key::{canonical, fold};

/// A body of a locality that issues documents: "Ủy ban nhân dân", "Hội đồng nhân dân", ...
pub static LOCAL_BODY: Lazy<Regex> = Lazy::new(|| {
    let names: Vec<String> = rows(ISSUING_BODIES)
        .filter(|r| r[1] == "local")
        .map(|r| regex::escape(r[0]).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(r"(?i)\b({})\b", names.join("|"))).unwrap()
});

/// The words of a motto's start, folded: where the body's words end on a line.
const MOTTO_START: [&str; 2] = ["cong hoa", "doc lap"];

#[derive(Debug, Clone, PartialEq)]
pub struct Issuer {
    pub name: String,
    pub central: bool,
    /// The place a local body is named for: ("tỉnh", "Lâm Đồng").
    pub place: Option<Place>,
}

struct CentralName {
    name: &'static str,
    /// Folded words.
    words: Vec<String>,
    department: bool,
}

static CENTRAL: Lazy<Vec<CentralName>> = Lazy::new(|| {
    let mut list: Vec<CentralName> = rows(ISSUING_BODIES)
        .filter(|r| r[1] != "local")
        .map(|r| CentralName {
            name: r[0],
            words: fold(r[0]).split_whitespace().map(str::to_string).collect(),
            department: r.get(1) == Some(&"department"),
        })
        .collect();
    list.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
    list
});

/// The issuing body's words in the header paragraphs: the lines in capitals
/// just above the first motto or number line, and the capitals that open the
/// lines from there to the number.
pub fn header_body(header: &[String]) -> Option<String> {
    let kind = |h: &String| header_line(h);
    let numbered = |h: &String| number_label(h).is_some();
    let anchor = header
        .iter()
        .position(|h| kind(h) == Some(HeaderLine::Motto) || numbered(h))?;
    let mut first = anchor;
    while first > 0 {
        let above = &header[first - 1];
        let letters = || above.chars().filter(|c| c.is_alphabetic());
        if letters().any(char::is_lowercase) || kind(above) == Some(HeaderLine::PlaceDate) {
            break;
        }
        first -= 1;
    }
    // Through the number's line: what precedes "Số:" on it is the body's too.
    let end = (anchor..header.len())
        .find(|&i| numbered(&header[i]))
        .map_or(header.len(), |i| i + 1);
    let words: Vec<&str> = header[first..end]
        .iter()
        .flat_map(|h| capitals_before_motto(h))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The words in capitals that open `line`, up to the motto.
fn capitals_before_motto(line: &str) -> Vec<&str> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let pair = words
            .get(i + 1)
            .map(|next| format!("{} {}", fold(w), fold(next)));
        if pair.is_some_and(|p| MOTTO_START.contains(&p.as_str()))
            || w.chars().any(char::is_lowercase)
        {
            break;
        }
        let rule = w.chars().count() > 1 && w.chars().all(|c| "-–—_=*|".contains(c));
        if !rule && *w != "|" {
            out.push(*w);
        }
    }
    out
}

/// The issuer a body's words name: a central body, a department under it,
/// or a local body with its place.
pub fn issuer_of(body: &str) -> Option<Issuer> {
    let text = expand(&canonical(body));
    central(&text).or_else(|| {
        let m = LOCAL_BODY.find_iter(&text).last()?;
        let place = find_locality(&text[m.end()..]);
        let body = sentence_case(m.as_str());
        Some(Issuer {
            name: match &place {
                Some((kind, name)) => format!("{body} {kind} {name}"),
                None => body,
            },
            central: false,
            place,
        })
    })
}

/// A central body that `text` starts with, or the department under it that follows.
fn central(text: &str) -> Option<Issuer> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let starts = |at: usize, name: &CentralName| {
        folded.len() >= at + name.words.len() && folded[at..at + name.words.len()] == name.words[..]
    };
    let body = CENTRAL.iter().find(|c| !c.department && starts(0, c))?;
    let after = body.words.len();
    let department = CENTRAL
        .iter()
        .find(|c| c.department && starts(after, c))
        .map(|d| {
            let rest: Vec<String> = words[after + d.words.len()..]
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    if i == 0 {
                        title_case(w)
                    } else {
                        w.to_lowercase()
                    }
                })
                .collect();
            format!("{} {}", d.name, rest.join(" "))
        });
    Some(Issuer {
        name: department.unwrap_or_else(|| body.name.to_string()),
        central: true,
        place: None,
    })
}

static SIGNING_MARK: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:TM|T/M|KT|K/T|TL|TUQ|Q)\s*[./]\s*").unwrap());

/// The central body a signature line signs for: "TM. CHÍNH PHỦ".
pub fn central_signatory(line: &str) -> Option<Issuer> {
    let line = canonical(line);
    let body = SIGNING_MARK
        .find(&line)
        .map_or(line.as_str(), |m| &line[m.end()..]);
    central(body)
}

pub fn sentence_case(text: &str) -> String {
    title_case(&text.to_lowercase())
}

/// "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch": the office in sentence case after "Phó".
pub fn office_title(line: &str) -> String {
    let lower = line.trim().to_lowercase();
    match lower.strip_prefix("phó ") {
        Some(rest) => format!("Phó {}", title_case(rest)),
        None => title_case(&lower),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn header_cells_broken_over_lines() {
        let body = header_body(&lines(
            "HỘI ĐỒNG NHÂN\nDÂN\nTỈNH GIA LAI\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 24/NQ-HĐND",
        ))
        .unwrap();
        assert_eq!(body, "HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI");
        let issuer = issuer_of(&body).unwrap();
        assert_eq!(issuer.name, "Hội đồng nhân dân tỉnh Gia Lai");
        assert_eq!(issuer.place, Some(("tỉnh".into(), "Gia Lai".into())));
    }

    #[test]
    fn header_run_into_the_motto() {
        let body = header_body(&lines(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN KON RẪY Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND",
        ));
        assert_eq!(body.as_deref(), Some("ỦY BAN NHÂN DÂN HUYỆN KON RẪY"));
    }

    #[test]
    fn header_run_into_the_number() {
        let body = header_body(&lines("ỦY BAN NHÂN DÂN XÃ TÀ NĂNG Số:\n15/UBND-VP"));
        assert_eq!(body.as_deref(), Some("ỦY BAN NHÂN DÂN XÃ TÀ NĂNG"));
    }

    #[test]
    fn a_page_chrome_above_the_header_is_not_the_body() {
        let body = header_body(&lines(
            "Tải về\nTHỦ TƯỚNG CHÍNH PHỦ\n--------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 51/2025/QĐ-TTg",
        ));
        assert_eq!(body.as_deref(), Some("THỦ TƯỚNG CHÍNH PHỦ"));
    }

    #[test]
    fn central_bodies_and_their_departments() {
        let issuer = |b: &str| issuer_of(b).unwrap();
        assert_eq!(issuer("THỦ TƯỚNG CHÍNH PHỦ").name, "Thủ tướng Chính phủ");
        assert_eq!(issuer("CHÍNH PHỦ").name, "Chính phủ");
        assert!(issuer("BỌ CÔNG AN").central, "OCR's tone mark");
        assert_eq!(issuer("BỌ CÔNG AN").name, "Bộ Công an");
        assert_eq!(
            issuer("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG").name,
            "Bộ Nông nghiệp và Môi trường"
        );
        let department = issuer("BỘ CÔNG AN CỤC CẢNH SÁT ĐIỀU TRA TỘI PHẠM VỀ MA TÚY");
        assert_eq!(department.name, "Cục Cảnh sát điều tra tội phạm về ma túy");
        assert!(department.central);
        assert_eq!(
            central_signatory("TM. CHÍNH PHỦ").unwrap().name,
            "Chính phủ"
        );
        assert!(!issuer("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG").central);
    }

    #[test]
    fn offices_in_sentence_case() {
        assert_eq!(office_title("PHÓ CHỦ TỊCH"), "Phó Chủ tịch");
        assert_eq!(office_title("CHỦ TỊCH"), "Chủ tịch");
        assert_eq!(office_title("PHÓ THỦ TƯỚNG"), "Phó Thủ tướng");
        assert_eq!(office_title("THỨ TRƯỞNG"), "Thứ trưởng");
    }
}
