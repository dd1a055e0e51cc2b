//! The details of a mention: its date, its issuer and subject, and its
//! number as the document's own (spaces out, a misread kind code repaired).
//!
//! The issuer is the body after "của" (or "giữa" for joint documents), up to
//! a word that opens the subject (`issuer_end` in `data/citation_words.tsv`);
//! a list of bodies goes on after a comma when the next one starts with a
//! body's word (`data/issuer_heads.txt`). Without one, the body the clause
//! names as the author before the document ("của Bộ Chính trị tại Kết luận
//! số ...", "Bộ Tài chính đã có Tờ trình số ...") is the issuer.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, DocKind, CITATION_WORDS, DOC_KIND_LIST, ISSUER_HEADS};
use crate::vi::date;
use crate::vi::key::{canonical, fold};
use crate::vi::whole_word_positions;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details {
    pub date: Option<String>,
    /// As written.
    pub issuer: Option<String>,
    pub subject: Option<String>,
}

/// The phrases of one kind of `data/citation_words.tsv`, as a regex alternation.
pub(super) fn alternation(kind: &str) -> String {
    let mut phrases: Vec<&str> = rows(CITATION_WORDS)
        .filter(|r| r[0] == kind)
        .map(|r| r[1])
        .collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    phrases
        .iter()
        .map(|p| regex::escape(p))
        .collect::<Vec<_>>()
        .join("|")
}

static ISSUER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[\s,]*(?:của|giữa)\s+").unwrap());
/// Where an issuer's name ends: a word opening the subject, punctuation, a
/// "số"/"ngày" part, or "và" before a word in lower case ("của Bộ Chính trị
/// và các chỉ thị"; "và Ban Thường trực" goes on). Only where the match
/// starts is used, so a word's end is a consumed non-word character rather
/// than `\b`, which would keep the engine off its DFA (12x slower).
static ISSUER_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\s+(?:{})(?:[^\p{{L}}\p{{N}}_]|$)|[,;.:()\n]|\s+(?:số|ngày)\s|\s+và\s+(?-i:\p{{Ll}})",
        alternation("issuer_end")
    ))
    .unwrap()
});
static SUBJECT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(về việc|về|phê duyệt|ban hành|quy định|hướng dẫn)\s+([^;\n]*)").unwrap()
});
/// The words before a document that name its author: "... <body> tại ".
static AUTHOR_LINK: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"(?i)\s(?:{})\s*$", alternation("author_link"))).unwrap());

static HEADS: Lazy<Vec<&'static str>> = Lazy::new(|| rows(ISSUER_HEADS).map(|r| r[0]).collect());

/// Whether `text` starts with the name of a body.
fn names_a_body(text: &str) -> bool {
    let folded = fold(text.trim_start());
    text.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        && HEADS
            .iter()
            .any(|h| whole_word_positions(&folded, h).next() == Some(0))
}

/// Date, issuer and subject from the words after a number.
pub fn after(tail: &str) -> Details {
    let mut rest = tail;
    let mut out = Details::default();
    // The date comes first when given: ", ngày 18/01/2022", "ngyà 29/12/2023".
    if let Some(d) =
        date::first(prefix_chars(rest, 60)).filter(|d| !rest[..d.start].contains("của"))
    {
        out.date = Some(d.iso);
        rest = &rest[d.end..];
    }
    if let Some(m) = ISSUER.find(rest) {
        let after = &rest[m.end()..];
        let end = issuer_end(after);
        // A name cut by the next mention ("của Thủ tướng Chính phủ và | Kế hoạch số ...").
        let name = after[..end].trim();
        let name = name
            .strip_suffix(" và")
            .unwrap_or(name)
            .trim_end_matches(',');
        if !name.is_empty() {
            out.issuer = Some(canonical(name));
        }
        rest = &after[end..];
        if out.date.is_none() {
            out.date = date::first(prefix_chars(rest, 40)).map(|d| d.iso);
        }
    }
    out.subject = SUBJECT.captures(rest).map(|c| {
        canonical(&format!(
            "{} {}",
            &c[1],
            c[2].trim_end_matches(['.', ',', ' ', ')'])
        ))
    });
    out
}

/// The end of an issuer's name at the start of `text`; a list of bodies
/// goes on after each comma that a body's name follows.
fn issuer_end(text: &str) -> usize {
    let mut end = 0;
    loop {
        let found = ISSUER_END
            .find(&text[end..])
            .map_or(text.len(), |e| end + e.start());
        let list_goes_on = text[found..].starts_with(',') && names_a_body(&text[found + 1..]);
        if !list_goes_on {
            return found;
        }
        end = found + 1;
    }
}

/// The issuer written before the number: "Nghị quyết của Quốc hội số ..."
/// between the kind at `kind_start` and the number, else the author the
/// clause names before the kind ("của Bộ Chính trị tại Kết luận số ...").
pub fn issuer_before(text: &str, kind_start: usize, number_start: usize) -> Option<String> {
    let name = &text[kind_start..number_start];
    if let Some(at) = whole_word_positions(name, "của").next() {
        let issuer = name[at + "của".len()..]
            .trim()
            .trim_end_matches("số")
            .trim();
        if names_a_body(issuer) {
            return Some(canonical(issuer));
        }
    }
    let before = prefix_chars_back(&text[..kind_start], 160);
    let link = AUTHOR_LINK.find(before)?;
    let clause = &before[..link.start()];
    let clause = &clause[clause
        .rfind([';', '\n', '(', ',', '.'])
        .map_or(0, |p| p + 1)..];
    let author = match whole_word_positions(clause, "của").last() {
        Some(at) => &clause[at + "của".len()..],
        None => clause,
    };
    let author = author.trim();
    names_a_body(author).then(|| canonical(author))
}

/// The folded code segment of a number, without a legislature number:
/// "90/QĐ-TTg" -> "qd", "05-CT/TW" -> "ct", "24/2021/QH15" -> "qh".
pub fn kind_code(number: &str) -> Option<String> {
    number
        .split(['/', '-'])
        .skip(1)
        .map(str::trim)
        .find(|s| s.chars().any(char::is_alphabetic))
        .map(|s| fold(s.trim_end_matches(|c: char| c.is_ascii_digit())))
}

/// The number as the document's own: spaces out ("51- CTr/HU" ->
/// "51-CTr/HU"), and a kind code that OCR misread by one letter ("QĐĐ",
/// "VĐ" for the "NĐ" of a Nghị định) or whose legislature digits it read as
/// letters ("QHI5") set right.
pub fn repaired_number(raw: &str, kind: &DocKind) -> String {
    let clean: String = canonical(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut out = String::with_capacity(clean.len());
    let mut code_seen = false;
    for (i, segment) in clean.split_inclusive(['/', '-']).enumerate() {
        let (body, separator) = match segment.char_indices().last() {
            Some((at, c)) if c == '/' || c == '-' => (&segment[..at], &segment[at..]),
            _ => (segment, ""),
        };
        let lettered = body.chars().any(char::is_alphabetic);
        let repaired = if i > 0 && lettered && !code_seen {
            code_seen = true;
            repaired_code(body, kind)
        } else if i > 0 && lettered {
            legislature(body)
        } else {
            body.to_string()
        };
        out.push_str(&repaired);
        out.push_str(separator);
    }
    out
}

/// A kind code one letter away from the kind's own code, when it is no
/// kind's code at all, is the kind's code misread.
fn repaired_code(code: &str, kind: &DocKind) -> String {
    let known = DOC_KIND_LIST
        .iter()
        .flat_map(|k| &k.codes)
        .any(|c| fold(c) == fold(code));
    if known || code.chars().any(|c| c.is_ascii_digit()) {
        return legislature(code);
    }
    kind.codes
        .iter()
        .find(|c| one_letter_apart(c, code))
        .map_or_else(|| code.to_string(), |c| c.to_string())
}

/// "QHI5" -> "QH15": after the letters of a legislature code, its number.
fn legislature(segment: &str) -> String {
    let Some(digits) = segment.strip_prefix("QH") else {
        return segment.to_string();
    };
    let misread = |c: char| matches!(c, 'I' | 'l' | '|' | 'O' | 'o');
    if digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || misread(c))
    {
        let fixed: String = digits
            .chars()
            .map(|c| match c {
                'I' | 'l' | '|' => '1',
                'O' | 'o' => '0',
                d => d,
            })
            .collect();
        format!("QH{fixed}")
    } else {
        segment.to_string()
    }
}

/// One letter substituted, added or removed.
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            short
                .iter()
                .zip(long.iter())
                .filter(|(x, y)| x != y)
                .count()
                == 1
        }
        1 => (0..long.len()).any(|skip| {
            long.iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, c)| c)
                .eq(short.iter())
        }),
        _ => false,
    }
}

fn prefix_chars(text: &str, chars: usize) -> &str {
    text.char_indices()
        .nth(chars)
        .map_or(text, |(i, _)| &text[..i])
}

fn prefix_chars_back(text: &str, chars: usize) -> &str {
    text.char_indices()
        .rev()
        .nth(chars)
        .map_or(text, |(i, _)| &text[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str) -> &'static DocKind {
        DOC_KIND_LIST.iter().find(|k| k.name == name).unwrap()
    }

    #[test]
    fn dates_in_both_forms_and_with_typos() {
        for (tail, iso) in [
            (" ngày 18/01/2022 của Thủ tướng", "2022-01-18"),
            (" ngày 28 tháng 7 năm 2021 của Quốc hội", "2021-07-28"),
            (", ngyà 29/12/2023 của UBND", "2023-12-29"),
            (", ngày 20/12/2023 của", "2023-12-20"),
        ] {
            assert_eq!(after(tail).date.as_deref(), Some(iso), "{tail}");
        }
    }

    #[test]
    fn issuers_end_before_the_subject() {
        for (tail, issuer) in [
            (" ngày 15/02/2023 của UBND huyện Kbang Thực hiện Chương trình", "UBND huyện Kbang"),
            (" ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình", "Thủ tướng Chính phủ"),
            (" ngày 28/12/2023 của Hội đồng nhân dân thị trấn Kông Chro về tình hình", "Hội đồng nhân dân thị trấn Kông Chro"),
            (" ngày 09/8/2017 giữa Ủy ban nhân dân tỉnh và Ban Thường trực; tiếp", "Ủy ban nhân dân tỉnh và Ban Thường trực"),
            (" ngày 16/8/2019 của Bộ Chính trị và các chỉ thị, nghị quyết", "Bộ Chính trị"),
            (" ngày 21/7/2025 của Văn phòng Chính phủ thông báo ý kiến chỉ đạo", "Văn phòng Chính phủ"),
            (
                " ngày 21/11/2024 giữa Bộ Công an, Viện kiểm sát nhân dân tối cao, Tòa án nhân dân tối cao trong điều tra, truy tố",
                "Bộ Công an, Viện kiểm sát nhân dân tối cao, Tòa án nhân dân tối cao",
            ),
            (" của UBND huyện, các xã thực hiện", "UBND huyện"),
        ] {
            assert_eq!(after(tail).issuer.as_deref(), Some(issuer), "{tail}");
        }
        let d = after(" ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình");
        assert_eq!(d.subject.as_deref(), Some("phê duyệt Chương trình"));
        assert_eq!(after(" ngày 2/1/2024.").issuer, None);
    }

    #[test]
    fn issuers_named_before_the_number() {
        let at = |text: &str, kind: &str| {
            let k = text.find(kind).unwrap();
            let n = text[k..].find("số").unwrap() + k + "số".len() + 1;
            issuer_before(text, k, n)
        };
        let text = "Bám sát quan điểm chỉ đạo của Bộ Chính trị tại Kết luận số 132-KL/TW";
        assert_eq!(at(text, "Kết luận").as_deref(), Some("Bộ Chính trị"));
        let text = "Bộ Tài chính đã có Tờ trình số 12/TTr-BTC";
        assert_eq!(at(text, "Tờ trình").as_deref(), Some("Bộ Tài chính"));
        let text = "Căn cứ Nghị quyết của Quốc hội số 24/2021/QH15";
        assert_eq!(at(text, "Nghị quyết").as_deref(), Some("Quốc hội"));
        let text = "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15";
        assert_eq!(at(text, "Luật"), None, "a law's name is no issuer");
        let text = "phối hợp tại Kế hoạch số 5/KH-UBND";
        assert_eq!(at(text, "Kế hoạch"), None);
    }

    #[test]
    fn numbers_as_their_own() {
        assert_eq!(
            repaired_number("51- CTr/HU", kind("Chương trình")),
            "51-CTr/HU"
        );
        assert_eq!(
            repaired_number("7619/QĐĐ-BCA", kind("Quyết định")),
            "7619/QĐ-BCA"
        );
        assert_eq!(
            repaired_number("38/2023/VĐ-CP", kind("Nghị định")),
            "38/2023/NĐ-CP"
        );
        assert_eq!(
            repaired_number("163/2024/QHI5", kind("Nghị quyết")),
            "163/2024/QH15"
        );
        for (number, k) in [
            ("6785/VPCP-KGVX", "Công văn"),
            ("123/UBND-VX", "Công văn"),
            ("3067/CTrPH-UBND-BTTUBMTTQ", "Chương trình"),
            ("05-NQ/TU", "Nghị quyết"),
            ("24/2021/QH15", "Nghị quyết"),
        ] {
            assert_eq!(repaired_number(number, kind(k)), number, "{number}");
        }
        assert_eq!(kind_code("90/QĐ-TTg").as_deref(), Some("qd"));
        assert_eq!(kind_code("24/2021/QH15").as_deref(), Some("qh"));
    }
}
