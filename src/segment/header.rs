//! The head of a document: its header block (issuing body, national motto,
//! "Số: ...", place and date), the line that names its kind ("KẾ HOẠCH",
//! "QUYẾT ĐỊNH") or, in a letter, its subject ("V/v ..."), and its title.
//! Also the kind lines of documents issued with it ("KẾ HOẠCH" then "(Ban
//! hành kèm theo Quyết định số ...)").

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::kinds::{doc_kind_heading, doc_kind_opening};
use crate::data::{rows, ISSUING_BODIES, OFFICES};
use crate::normalize::Normalized;
use crate::vi::key::fold;
use crate::vi::marker::{closing_line, leading_marker, MarkerKind};

/// The kind a letter has when it names none: a subject line and no kind heading.
pub const LETTER_KIND: &str = "Công văn";

/// How far into a text its kind line is looked for, in paragraphs: past a
/// header whose cells each became a paragraph, and a web page's chrome.
const OPENING_WINDOW: usize = 60;

/// The paragraph that opens a document: its kind heading or subject line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub paragraph: usize,
    /// The kind in its own spelling: "Kế hoạch"; [`LETTER_KIND`] for a subject line.
    pub kind: &'static str,
    /// The paragraph is a subject line ("V/v ...") rather than a kind heading.
    pub subject: bool,
    /// Where the title starts in the paragraph, when it shares it: after
    /// "V/v", or after a kind heading that a wrapped title was joined to
    /// ("QUYẾT ĐỊNH BAN HÀNH BỘ TIÊU CHÍ ...").
    pub title_at: Option<usize>,
}

/// What a header paragraph holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderLine {
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc".
    Motto,
    /// "Số: 29/KH-UBND", "Số:      /QĐ-UBND", "Số:".
    Number,
    /// "Trà Lâm, ngày 26 tháng 02 năm 2024".
    PlaceDate,
    /// "-------", "___": the rules under the header's cells.
    Rule,
}

static MOTTO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"cong hoa xa hoi chu nghia viet nam|doc lap\W+tu do\W+hanh phuc").unwrap()
});
static NUMBER_LINE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:Số|SỐ)\s*(?::|\d+\s*/)").unwrap());
/// "ngày ... tháng" opening a text.
static DATE_FIRST: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:ngày|Ngày)\b.{0,20}\btháng\b").unwrap());
/// A capital and the letters, spaces, dots, apostrophes and hyphens after it.
static PLACE_RUN: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\p{Lu}[\p{L} .'-]*").unwrap());
/// The longest place before a date, in characters after its capital.
const PLACE_MAX_CHARS: usize = 40;

/// A place-and-date line: "Hà Nội, ngày 16 tháng 9 năm 2025", or the date
/// alone. The place is a capital, one to forty letters, spaces, dots,
/// apostrophes or hyphens, then a comma or dot.
///
/// Written as one regex (`[\p{L} .'-]{1,40}`), the forty copies of the
/// letter class took 74 M instructions to compile, 8% of an ingest of the
/// five seed plans; here each place length is tried in turn on one run.
fn is_place_date(text: &str) -> bool {
    if DATE_FIRST.is_match(text) {
        return true;
    }
    let Some(run) = PLACE_RUN.find(text) else {
        return false;
    };
    // Where a place of 1..=40 characters after the capital ends: where each
    // character of the run after the capital starts, or the run's end, but
    // not the capital's own end.
    let mut ends = text[..run.end()]
        .char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain(std::iter::once(run.end()))
        .skip(1)
        .take(PLACE_MAX_CHARS);
    ends.any(|end| {
        let mut rest = text[end..].chars();
        matches!(rest.next(), Some(',' | '.')) && DATE_FIRST.is_match(rest.as_str().trim_start())
    })
}

/// The same inside a line that a layout ran into another cell ("V/v ... Hà Nội, ngày 16 tháng 9").
static PLACE_DATE_INSIDE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\s(\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){0,3}[,.]\s*ngày\b.{0,20}\btháng\b)").unwrap()
});
/// Folded words of the bodies and offices that enact a document: the line
/// naming them ("HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI", "CHỦ TỊCH ỦY BAN NHÂN DÂN
/// HUYỆN ...") follows the title, and is not part of it.
static ENACTING: Lazy<Vec<Vec<String>>> = Lazy::new(|| {
    rows(ISSUING_BODIES)
        .filter(|r| r[1] != "department")
        .chain(rows(OFFICES))
        .map(|r| fold(r[0]).split_whitespace().map(str::to_string).collect())
        .collect()
});
/// Words after which a body's name belongs to the title: "... CỦA HỘI ĐỒNG NHÂN DÂN TỈNH".
const LINKS: [&str; 9] = [
    "cua", "ve", "cho", "voi", "tai", "thuoc", "va", "giua", "giao",
];
/// The subject of a letter: "V/v triển khai ...", "V/v: ...", "Về việc ...".
static SUBJECT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:V/[vV]|v/v)\.?\s*:?\s*|^Về việc\s*:?\s+").unwrap());
/// The same after another header cell, where a layout ran them into one line.
static SUBJECT_AFTER_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\s(?:V/[vV]|v/v)\.?\s*:?\s+").unwrap());
/// The note under the title of a document issued with another: a line of
/// its own ("Kèm theo ..."), or in parentheses where a title ran into it.
static ATTACHED_NOTE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|\()\s*(?:được\s+)?(?:ban hành\s+)?kèm theo\s+\p{L}").unwrap()
});

pub fn header_line(text: &str) -> Option<HeaderLine> {
    let text = text.trim();
    if !text.is_empty() && text.chars().all(|c| "-–—_=*.~ ".contains(c)) {
        return Some(HeaderLine::Rule);
    }
    if NUMBER_LINE.is_match(text) {
        return Some(HeaderLine::Number);
    }
    if is_place_date(text) {
        return Some(HeaderLine::PlaceDate);
    }
    // Only the start is folded: the motto is a header's first cells, not prose.
    MOTTO
        .is_match(&fold(crate::vi::prefix(text, 120)))
        .then_some(HeaderLine::Motto)
}

/// "Số:" opening a header line, or inside one that a layout ran into another cell.
static NUMBER_LABEL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:Số|SỐ)\s*:?\s*|\s(?:Số|SỐ)\s*:\s*").unwrap());

/// The "Số:" label of the document's number in `text`, when the line is its
/// number line or holds one: the label's start and where the number starts.
pub fn number_label(text: &str) -> Option<(usize, usize)> {
    let found = match header_line(text) {
        Some(HeaderLine::Number) => NUMBER_LABEL.find(text),
        _ => NUMBER_LABEL.find(text).filter(|m| m.start() > 0),
    };
    found.map(|m| (m.start(), m.end()))
}

/// Where a place-and-date phrase starts inside `text` (after its first word).
pub fn place_date_at(text: &str) -> Option<usize> {
    PLACE_DATE_INSIDE
        .captures(text)
        .map(|c| c.get(1).unwrap().start())
}

/// Where the line naming the body or office that enacts the document starts
/// in `text`: at its start, or where a layout ran it into the title, in
/// capitals and not after a word that ties it to the title.
fn enacting_at(text: &str) -> Option<usize> {
    let base = text.as_ptr() as usize;
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .take(80)
        .map(|w| (w.as_ptr() as usize - base, w))
        .collect();
    let folded: Vec<String> = words.iter().map(|(_, w)| fold(w)).collect();
    (0..words.len()).find_map(|i| {
        let tied = i > 0 && LINKS.contains(&folded[i - 1].as_str());
        let capitals = !words[i].1.chars().any(char::is_lowercase);
        let at = i + usize::from(folded[i] == "pho");
        let named = ENACTING
            .iter()
            .any(|body| folded.get(at..at + body.len()) == Some(&body[..]));
        (named && !tied && (i == 0 || capitals)).then_some(words[i].0)
    })
}

/// The byte offset in `text` where the subject after "V/v" starts. Inside a
/// paragraph only in a header line that a layout ran into it ("Số: 12/UBND
/// V/v ..."): prose that cites a letter by its subject ("Công văn số
/// 12/UBND V/v ...") is no subject line.
pub fn subject_start(text: &str) -> Option<usize> {
    SUBJECT
        .find(text)
        .or_else(|| {
            header_line(text)
                .is_some()
                .then(|| SUBJECT_AFTER_NUMBER.find(text))
                .flatten()
        })
        .map(|m| m.end())
}

/// Where the "kèm theo" note starts in `text`, its parenthesis included.
pub fn attached_note_at(text: &str) -> Option<usize> {
    ATTACHED_NOTE.find(text.trim_end()).map(|m| m.start())
}

/// The note of the document whose title and preamble are `paragraphs`: from
/// "(Ban hành kèm theo" to its closing parenthesis, over wrapped lines.
pub fn attached_note(norm: &Normalized, paragraphs: Range<usize>) -> Option<String> {
    let text = |i: usize| norm.paragraph_text(&norm.paragraphs[i]);
    let (first, at) = paragraphs
        .clone()
        .find_map(|i| attached_note_at(text(i)).map(|at| (i, at)))?;
    let mut note = String::new();
    for i in first..paragraphs.end.min(first + 3) {
        let part = if i == first { &text(i)[at..] } else { text(i) };
        if !note.is_empty() {
            note.push(' ');
        }
        match part.find(')') {
            Some(close) => {
                note.push_str(&part[..=close]);
                break;
            }
            None => note.push_str(part),
        }
    }
    Some(note)
}

/// The first kind heading or subject line among the first paragraphs, before
/// the body's first numbered item.
pub fn opening(norm: &Normalized) -> Option<Opening> {
    for (i, p) in norm.paragraphs.iter().enumerate().take(OPENING_WINDOW) {
        let text = norm.paragraph_text(p);
        if let Some(kind) = short_kind_heading(text.trim()) {
            return Some(Opening {
                paragraph: i,
                kind,
                subject: false,
                title_at: None,
            });
        }
        if let Some((kind, len)) = doc_kind_opening(text) {
            return Some(Opening {
                paragraph: i,
                kind,
                subject: false,
                title_at: Some(len),
            });
        }
        if let Some(at) = subject_start(text) {
            return Some(Opening {
                paragraph: i,
                kind: LETTER_KIND,
                subject: true,
                title_at: Some(at),
            });
        }
        if leading_marker(text.trim()).is_some_and(|m| m.kind != MarkerKind::Bullet) {
            return None;
        }
    }
    None
}

/// Documents issued with the one that opens the text and printed after its
/// closing: a kind heading with a "kèm theo" note among the lines under it.
/// The enacting "QUYẾT ĐỊNH:" before "Điều 1." is not one, nor an annex's
/// table titled like a document ("PHỤ LỤC" / "KẾ HOẠCH VỐN ...").
pub fn attachments(norm: &Normalized, within: Range<usize>) -> Vec<Opening> {
    let text = |i: usize| norm.paragraph_text(&norm.paragraphs[i]).trim();
    let mut closed = false;
    let mut out = Vec::new();
    for i in within.clone() {
        closed = closed || closing_line(text(i)).is_some();
        if !closed || text(i).ends_with(':') {
            continue;
        }
        let kind = match short_kind_heading(text(i)) {
            Some(kind) => Some((kind, None)),
            None => doc_kind_opening(text(i)).map(|(kind, len)| (kind, Some(len))),
        };
        let Some((kind, title_at)) = kind else {
            continue;
        };
        let noted = (i..(i + 6).min(within.end))
            .any(|j| attached_note_at(text(j)).is_some_and(|at| j > i || at > 0));
        let annexed =
            i > within.start && fold(crate::vi::prefix(text(i - 1), 16)).starts_with("phu luc");
        if noted && !annexed {
            out.push(Opening {
                paragraph: i,
                kind,
                subject: false,
                title_at,
            });
        }
    }
    out
}

/// A kind heading is a few words: longer paragraphs are not looked up.
fn short_kind_heading(text: &str) -> Option<&'static str> {
    (text.len() <= 48).then(|| doc_kind_heading(text)).flatten()
}

/// Title paragraphs after the opening, before the paragraph that starts the
/// preamble (a sentence, a clause opener, a note, a header line) or a section.
/// The subject line of a letter is the title's first paragraph, and lines in
/// lower case continue it.
pub fn title(norm: &Normalized, opening: Opening, until: usize) -> Vec<usize> {
    const PREAMBLE_OPENERS: [&str; 7] = [
        "căn cứ",
        "thực hiện",
        "theo ",
        "trên cơ sở",
        "nhằm ",
        "để ",
        "kính gửi",
    ];
    let text = |i: usize| norm.paragraph_text(&norm.paragraphs[i]);
    let mut out = Vec::new();
    if opening.title_at.is_some() {
        out.push(opening.paragraph);
    }
    let from = opening.paragraph + 1;
    for i in from..until.min(from + 3) {
        let text = text(i);
        let lower = text.to_lowercase();
        let opener = PREAMBLE_OPENERS.iter().any(|o| lower.starts_with(o));
        if opening.subject {
            if !text.starts_with(char::is_lowercase) || opener {
                break;
            }
            out.push(i);
            continue;
        }
        let sentence = text.len() > 300 || text.trim_end().ends_with([';', '.']) && !out.is_empty();
        let note = attached_note_at(text);
        if sentence
            || (opener && !out.is_empty())
            || note == Some(0)
            || header_line(text).is_some()
            || enacting_at(text) == Some(0)
        {
            break;
        }
        out.push(i);
        // A title run into its note or its enacting body ends there.
        if note.is_some() || enacting_at(text).is_some() {
            break;
        }
        // A title in sentence case is one paragraph; a capitalised one may wrap.
        if !text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        {
            break;
        }
    }
    out
}

/// The title paragraphs as one line, without the kind or "V/v" that shares
/// the first of them, without a "kèm theo" note run into the last, and
/// without a letter's date run into its subject.
pub fn title_text(norm: &Normalized, opening: Opening, title: &[usize]) -> Option<String> {
    let parts: Vec<&str> = title
        .iter()
        .map(|&i| {
            let text = norm.paragraph_text(&norm.paragraphs[i]);
            let text = match opening.title_at.filter(|_| i == opening.paragraph) {
                Some(at) => &text[at..],
                None => text,
            };
            let text =
                match attached_note_at(text).or_else(|| enacting_at(text).filter(|&at| at > 0)) {
                    Some(at) => &text[..at],
                    None => text,
                };
            // A letter's subject ends where its date or addressees begin.
            let end = opening
                .subject
                .then(|| place_date_at(text).or_else(|| text.find("Kính gửi")))
                .flatten();
            text[..end.unwrap_or(text.len())].trim()
        })
        .filter(|t| !t.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split check answers as the one regex it replaces, on lines built
    /// from places of every length around the limit, dots and commas inside
    /// and after them, and dates that do or do not follow.
    #[test]
    fn place_date_lines_as_the_single_regex_found_them() {
        let reference =
            Regex::new(r"^(?:\p{Lu}[\p{L} .'-]{1,40}[,.]\s*)?(?:ngày|Ngày)\b.{0,20}\btháng\b")
                .unwrap();
        let places = [
            "",
            "H",
            "Hà Nội",
            "TP. Hồ Chí Minh",
            "Đắk Lắk",
            "Bà Rịa - Vũng Tàu",
            "ĐIỆN BIÊN",
            "Krông A'na",
            "hà nội",
            "1Hà",
            "Ê",
        ];
        let mut lines = Vec::new();
        for place in places {
            for n in [0usize, 1, 30, 38, 39, 40, 41, 60] {
                let padded = format!("{place}{}", "a".repeat(n));
                for sep in ["", ",", ".", ", ", ".  ", " ,", ";", ",\t"] {
                    for date in [
                        "ngày 16 tháng 9 năm 2025",
                        "Ngày    tháng 9",
                        "ngày 5/3",
                        "ngàyx tháng",
                        "ngày 123456789012345678901 tháng",
                        "",
                    ] {
                        lines.push(format!("{padded}{sep}{date}"));
                    }
                }
            }
        }
        for line in &lines {
            assert_eq!(is_place_date(line), reference.is_match(line), "{line:?}");
        }
        assert!(is_place_date("Hà Nội, ngày 16 tháng 9 năm 2025"));
        assert!(lines.iter().filter(|l| is_place_date(l)).count() > 100);
    }

    #[test]
    fn header_lines_by_content() {
        for (line, kind) in [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HeaderLine::Motto),
            ("Độc lập – Tự do – Hạnh phúc", HeaderLine::Motto),
            (
                "BỌ CÔNG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                HeaderLine::Motto,
            ),
            ("Số: 29 /KH-UBND", HeaderLine::Number),
            ("Số:      /QĐ-UBND", HeaderLine::Number),
            ("Số:", HeaderLine::Number),
            ("Trà Lâm, ngày 26 tháng 02 năm 2024", HeaderLine::PlaceDate),
            ("Lâm Đồng, ngày     tháng 3 năm 2026", HeaderLine::PlaceDate),
            ("ngày 20 tháng 11 năm 2025", HeaderLine::PlaceDate),
            ("---------------", HeaderLine::Rule),
        ] {
            assert_eq!(header_line(line), Some(kind), "{line}");
        }
        for prose in [
            "Số người được hỗ trợ",
            "Ngày hội đại đoàn kết toàn dân tộc",
            "Thực hiện Nghị quyết số 24/2021/QH15 ngày 28 tháng 7 năm 2021",
            "ỦY BAN NHÂN DÂN",
        ] {
            assert_eq!(header_line(prose), None, "{prose}");
        }
    }

    #[test]
    fn subject_lines() {
        let line = "V/v triển khai thực hiện Chương trình";
        assert_eq!(
            &line[subject_start(line).unwrap()..],
            "triển khai thực hiện Chương trình"
        );
        let merged = "Số: 12/UBND-VX V/v: báo cáo kết quả";
        assert_eq!(&merged[subject_start(merged).unwrap()..], "báo cáo kết quả");
        assert_eq!(
            subject_start("Về việc ban hành Kế hoạch").map(|s| s > 0),
            Some(true)
        );
        assert_eq!(subject_start("Ủy ban nhân dân về việc ban hành"), None);
        assert_eq!(
            subject_start("Thực hiện Công văn số 12/UBND V/v triển khai"),
            None
        );
    }

    #[test]
    fn dates_run_into_other_cells() {
        let line = "V/v triển khai Chương trình Hà Nội, ngày 16 tháng 9 năm 2025";
        assert_eq!(
            &line[place_date_at(line).unwrap()..],
            "Hà Nội, ngày 16 tháng 9 năm 2025"
        );
        assert_eq!(place_date_at("theo Quyết định ngày 16 tháng 9"), None);
    }

    #[test]
    fn enacting_bodies_end_the_title() {
        assert_eq!(enacting_at("HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI"), Some(0));
        assert_eq!(enacting_at("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN KBANG"), Some(0));
        assert_eq!(enacting_at("THỦ TƯỚNG CHÍNH PHỦ"), Some(0));
        assert_eq!(enacting_at("BỘ TRƯỞNG BỘ Y TẾ"), Some(0));
        assert_eq!(enacting_at("BAN HÀNH BỘ TIÊU CHÍ QUỐC GIA"), None);
        assert_eq!(enacting_at("PHÒNG, CHỐNG MA TÚY"), None);
        let joined = "GIAI ĐOẠN 2024 - 2025 HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI KHÓA XII";
        assert_eq!(
            &joined[enacting_at(joined).unwrap()..],
            "HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI KHÓA XII"
        );
        assert_eq!(
            enacting_at("THỰC HIỆN NGHỊ QUYẾT CỦA HỘI ĐỒNG NHÂN DÂN TỈNH"),
            None
        );
        assert_eq!(
            enacting_at("Thực hiện kế hoạch của Ủy ban nhân dân tỉnh"),
            None
        );
        assert_eq!(enacting_at("năm 2024 Ủy ban nhân dân huyện ban hành"), None);
    }

    #[test]
    fn notes_of_attached_documents() {
        let at = |t: &str| attached_note_at(t);
        assert_eq!(
            at("(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 05/3/2024)"),
            Some(0)
        );
        assert_eq!(at("(Kèm theo Công văn số 4214/BCA-C04)"), Some(0));
        assert_eq!(at("Kèm theo Quyết định số 12/QĐ-UBND"), Some(0));
        let joined = "Thực hiện Chương trình năm 2024 (Ban hành kèm theo Quyết định số 1)";
        assert_eq!(at(joined), joined.find('('));
        assert_eq!(
            at("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch"),
            None,
            "inside a sentence, not in parentheses"
        );
    }
}
