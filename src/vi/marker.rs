//! Item markers at the start of a line: the numbering of headings ("II.",
//! "2.3.1.", "đ)"), the divisions of legal texts ("Chương II", "Mục 1",
//! "Điều 3.") and list bullets ("-", "+"). The line unwrapper uses them to
//! never join across an item; the segmenter uses them to build the tree.

use once_cell::sync::Lazy;
use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// "Chương I", "CHƯƠNG 2": a chapter of a legal text.
    Chapter,
    /// "Mục 1": a division of a chapter.
    Division,
    /// "Điều 1.", "ĐIỀU 12:": an article.
    Article,
    /// "I.", "IV.", "II -"
    Roman,
    /// "1.", "1.1.", "2.3.1." with the number of components.
    Arabic(u8),
    /// "a)", "đ)"
    Letter,
    /// "-", "–", "+", "•", "*"
    Bullet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: MarkerKind,
    /// The numbering as written, without punctuation: "II", "2.3.1", "a";
    /// with its word for the divisions of legal texts ("Điều 1", "Chương II");
    /// "-" for bullets.
    pub label: String,
    /// Bytes of the line taken by the marker, its punctuation and following spaces.
    pub len: usize,
}

static ROMAN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([IVX]{1,5})(?:\s*[.:)]|\s+[-–]\s|\s*$)\s*").unwrap());
static ARABIC: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\s*[.)]\s*|\s+[-–]\s+)").unwrap());
// "1.1 Heading" without the final dot, only with two or more components.
static ARABIC_NO_DOT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\s+\p{Lu}").unwrap());
// A division word, its number, then punctuation or the end of the line: "Điều 5
// Nghị định số ..." that a wrapped line starts with is prose, "Điều 5." a heading.
static CHAPTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^((?:Chương|CHƯƠNG)\s+(?:[IVXL]{1,7}|\d{1,3}))(?:\s*[.:]\s*|\s+[-–]\s+|\s*$)")
        .unwrap()
});
static DIVISION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^((?:Mục|MỤC)\s+(?:[IVX]{1,5}|\d{1,2}))(?:\s*[.:]\s*|\s+[-–]\s+|\s*$)").unwrap()
});
static ARTICLE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^((?:Điều|ĐIỀU)\s+\d{1,3}[a-z]?)(?:\s*[.:]\s*|\s*$)").unwrap());
static LETTER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^([a-zđ])\)\s*").unwrap());
static BULLET: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:[-–—•+∙]|\*\s)\s*").unwrap());

static RECIPIENTS: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^\s*nơi\s+nhận\s*:?").unwrap());
static SIGNATURE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:TM|T/M|KT|K/T|Q|TL|TUQ)\s*[./]\s*\p{Lu}").unwrap());

/// Lines that open the closing block of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosingLine {
    /// "Nơi nhận:"
    Recipients,
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH": signing on behalf of a body or an office.
    Signature,
}

pub fn closing_line(line: &str) -> Option<ClosingLine> {
    if RECIPIENTS.is_match(line) {
        Some(ClosingLine::Recipients)
    } else if SIGNATURE.is_match(line) {
        Some(ClosingLine::Signature)
    } else {
        None
    }
}

/// The text of a "Nơi nhận:" line after the label.
pub fn after_recipients_label(line: &str) -> &str {
    RECIPIENTS.find(line).map_or(line, |m| &line[m.end()..])
}

/// Parses the marker at the start of `line` (leading spaces are the caller's).
pub fn leading_marker(line: &str) -> Option<Marker> {
    // Every marker family starts with its own characters; most lines are
    // prose and start with none of them, so they skip every pattern.
    let first = line.chars().next()?;
    match first {
        'I' | 'V' | 'X' => roman_marker(line),
        'C' => division_marker(line, &CHAPTER, MarkerKind::Chapter),
        'M' => division_marker(line, &DIVISION, MarkerKind::Division),
        'Đ' => division_marker(line, &ARTICLE, MarkerKind::Article),
        '0'..='9' => arabic_marker(line),
        'a'..='z' | 'đ' => letter_marker(line),
        '-' | '–' | '—' | '•' | '+' | '∙' | '*' => bullet_marker(line),
        _ => None,
    }
}

fn roman_marker(line: &str) -> Option<Marker> {
    if let Some(c) = ROMAN.captures(line) {
        let label = c.get(1).unwrap().as_str();
        if roman_value(label).is_some() {
            return Some(Marker {
                kind: MarkerKind::Roman,
                label: label.into(),
                len: c.get(0).unwrap().end(),
            });
        }
    }
    None
}

fn arabic_marker(line: &str) -> Option<Marker> {
    if let Some(c) = ARABIC.captures(line) {
        let label = c.get(1).unwrap().as_str();
        let len = c.get(0).unwrap().end();
        // "20.28%", "5, 6": a number in prose, not a marker.
        let next = line[len..].chars().next();
        if !next.is_some_and(|ch| ch.is_ascii_digit() || "%,/".contains(ch)) {
            let depth = label.split('.').count() as u8;
            return Some(Marker {
                kind: MarkerKind::Arabic(depth),
                label: label.into(),
                len,
            });
        }
    }
    if let Some(c) = ARABIC_NO_DOT.captures(line) {
        let label = c.get(1).unwrap().as_str();
        let len = label.len() + line[label.len()..].len() - line[label.len()..].trim_start().len();
        let depth = label.split('.').count() as u8;
        return Some(Marker {
            kind: MarkerKind::Arabic(depth),
            label: label.into(),
            len,
        });
    }
    None
}

/// "Chương II", "Mục 1", "Điều 3.": the label keeps its word, single-spaced.
/// What follows the punctuation is a heading, so it starts with a capital.
fn division_marker(line: &str, pattern: &Regex, kind: MarkerKind) -> Option<Marker> {
    let c = pattern.captures(line)?;
    let len = c.get(0).unwrap().end();
    if line[len..]
        .chars()
        .next()
        .is_some_and(|ch| ch.is_lowercase() || ch.is_ascii_digit())
    {
        return None;
    }
    Some(Marker {
        kind,
        label: c[1].split_whitespace().collect::<Vec<_>>().join(" "),
        len,
    })
}

fn letter_marker(line: &str) -> Option<Marker> {
    let c = LETTER.captures(line)?;
    Some(Marker {
        kind: MarkerKind::Letter,
        label: c.get(1).unwrap().as_str().into(),
        len: c.get(0).unwrap().end(),
    })
}

fn bullet_marker(line: &str) -> Option<Marker> {
    let m = BULLET.find(line)?;
    Some(Marker {
        kind: MarkerKind::Bullet,
        label: "-".into(),
        len: m.end(),
    })
}

/// Value of a well-formed Roman numeral from 1 to 39.
pub fn roman_value(s: &str) -> Option<u32> {
    const TABLE: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = s.chars().take_while(|&c| c == 'X').count();
    if tens > 3 {
        return None;
    }
    let rest = &s[tens..];
    let units = TABLE.iter().position(|&u| u == rest)?;
    let v = (tens * 10 + units) as u32;
    (v > 0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<(MarkerKind, String)> {
        leading_marker(line).map(|m| (m.kind, m.label))
    }

    #[test]
    fn roman_headings() {
        assert_eq!(kind("II. MỤC TIÊU"), Some((MarkerKind::Roman, "II".into())));
        assert_eq!(
            kind("IV - KINH PHÍ"),
            Some((MarkerKind::Roman, "IV".into()))
        );
        assert_eq!(kind("I"), Some((MarkerKind::Roman, "I".into())));
        assert_eq!(kind("IIII. x"), None);
        assert_eq!(kind("Ia. x"), None);
    }

    #[test]
    fn arabic_headings_at_every_depth() {
        assert_eq!(
            kind("1. Mục đích: Phấn đấu"),
            Some((MarkerKind::Arabic(1), "1".into()))
        );
        assert_eq!(
            kind("2.3.1. Tiểu dự án 1"),
            Some((MarkerKind::Arabic(3), "2.3.1".into()))
        );
        assert_eq!(
            kind("1.1 Các ban ngành"),
            Some((MarkerKind::Arabic(2), "1.1".into()))
        );
        assert_eq!(
            kind("3) Nội dung"),
            Some((MarkerKind::Arabic(1), "3".into()))
        );
        let m = leading_marker("1.2. Tổ trưởng").unwrap();
        assert_eq!(&"1.2. Tổ trưởng"[m.len..], "Tổ trưởng");
    }

    #[test]
    fn numbers_in_prose_are_not_markers() {
        assert_eq!(kind("20.28% hộ nghèo"), None);
        assert_eq!(kind("2024 của UBND"), None);
        assert_eq!(kind("1 Kế hoạch số 2871/KH-UBND"), None);
        assert_eq!(kind("29/12/2023 của UBND"), None);
        assert_eq!(kind("0.82% xuống"), None);
        assert_eq!(kind("5, 6 và 7"), None);
    }

    #[test]
    fn divisions_of_legal_texts() {
        assert_eq!(
            kind("Điều 1. Phạm vi điều chỉnh"),
            Some((MarkerKind::Article, "Điều 1".into()))
        );
        assert_eq!(
            kind("ĐIỀU 12: HIỆU LỰC"),
            Some((MarkerKind::Article, "ĐIỀU 12".into()))
        );
        assert_eq!(kind("Điều 3"), Some((MarkerKind::Article, "Điều 3".into())));
        assert_eq!(
            kind("Chương II"),
            Some((MarkerKind::Chapter, "Chương II".into()))
        );
        assert_eq!(
            kind("CHƯƠNG I. QUY ĐỊNH CHUNG"),
            Some((MarkerKind::Chapter, "CHƯƠNG I".into()))
        );
        assert_eq!(
            kind("Mục 2. NGUỒN VỐN"),
            Some((MarkerKind::Division, "Mục 2".into()))
        );
        let m = leading_marker("Điều  4.  Hiệu lực thi hành").unwrap();
        assert_eq!(m.label, "Điều 4");
        assert_eq!(&"Điều  4.  Hiệu lực thi hành"[m.len..], "Hiệu lực thi hành");
    }

    #[test]
    fn divisions_cited_in_prose_are_not_markers() {
        assert_eq!(kind("Điều 37 Nghị định số 27/2022/NĐ-CP"), None);
        assert_eq!(kind("Điều 1. của Luật"), None);
        assert_eq!(kind("Mục tiêu cụ thể"), None);
        assert_eq!(kind("Mục 1 Chương II của Luật"), None);
        assert_eq!(kind("Chương trình mục tiêu quốc gia"), None);
        assert_eq!(kind("Điều kiện thực hiện"), None);
    }

    #[test]
    fn letters_and_bullets() {
        assert_eq!(kind("đ) Phấn đấu"), Some((MarkerKind::Letter, "đ".into())));
        assert_eq!(kind("a)Nội dung"), Some((MarkerKind::Letter, "a".into())));
        assert_eq!(kind("- Mục tiêu"), Some((MarkerKind::Bullet, "-".into())));
        assert_eq!(kind("+ Nội dung 1"), Some((MarkerKind::Bullet, "-".into())));
        assert_eq!(kind("Mục tiêu"), None);
    }
}
