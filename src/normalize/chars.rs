//! Character clean-up of one line: NFC, odd spaces, OCR's `Ð`, invisible characters.

use std::borrow::Cow;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::vi::key::nfc;
use crate::vi::marker::roman_value;

/// NFC; NBSP and other space characters to ' '; tabs to ' '; zero-width and
/// control characters removed; `Ð` (U+00D0, Icelandic eth, which OCR and some
/// fonts give for `Đ`) to `Đ`. Borrows when there is nothing to do, which is
/// the common case.
pub fn clean_line(line: &str) -> Cow<'_, str> {
    if line.is_ascii() && !line.bytes().any(|b| b.is_ascii_control()) {
        return Cow::Borrowed(line);
    }
    let needs_work = line
        .chars()
        .any(|c| c.is_ascii_control() || !c.is_ascii() && needs_mapping(c));
    let line = nfc(line);
    if !needs_work {
        return line;
    }
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => out.push(' '),
            '\u{00D0}' => out.push('Đ'),
            '\u{00F0}' => out.push('đ'),
            c if is_space(c) => out.push(' '),
            c if is_invisible(c) || c.is_control() => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_mapping(c: char) -> bool {
    matches!(c, '\u{00D0}' | '\u{00F0}') || is_space(c) || is_invisible(c) || c.is_control()
}

fn is_space(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace() && c != ' '
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

static MISREAD_ROMAN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\s*)([IVXil1|]{1,4})(\.\s+)(.+)$").unwrap());

/// OCR reads the "I" of a Roman numeral as "l", "i", "1" or "|" ("lii. CÁC
/// HÌNH THỨC"). Repaired only before a heading in capitals, where a numeral is
/// the only reading.
pub fn repair_roman_numeral(line: &str) -> Option<String> {
    let c = MISREAD_ROMAN.captures(line)?;
    let numeral = &c[2];
    // All digits is an Arabic number ("1. CT/TW"), not a misread numeral.
    if !numeral.contains(['i', 'l', '1', '|']) || numeral.chars().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    let heading = &c[4];
    let letters: Vec<char> = heading.chars().filter(|ch| ch.is_alphabetic()).collect();
    if letters.len() < 4 || letters.iter().any(|ch| ch.is_lowercase()) {
        return None;
    }
    let fixed: String = numeral
        .chars()
        .map(|ch| {
            if matches!(ch, 'i' | 'l' | '1' | '|') {
                'I'
            } else {
                ch
            }
        })
        .collect();
    roman_value(&fixed)?;
    Some(format!("{}{fixed}{}{heading}", &c[1], &c[3]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_are_borrowed() {
        assert!(matches!(clean_line("Kế hoạch số 29"), Cow::Borrowed(_)));
    }

    #[test]
    fn odd_spaces_eth_and_invisibles() {
        assert_eq!(clean_line("a\u{a0}b\u{2003}c\td"), "a b c d");
        assert_eq!(clean_line("ÐẢNG ðoàn"), "ĐẢNG đoàn");
        assert_eq!(clean_line("x\u{200B}y\u{FEFF}z\u{00AD}"), "xyz");
    }

    #[test]
    fn roman_numerals_misread_by_ocr() {
        assert_eq!(
            repair_roman_numeral("lii. CÁC HÌNH THỨC PHỤ TRÁCH").as_deref(),
            Some("III. CÁC HÌNH THỨC PHỤ TRÁCH")
        );
        assert_eq!(
            repair_roman_numeral("1V. TỔ CHỨC THỰC HIỆN").as_deref(),
            Some("IV. TỔ CHỨC THỰC HIỆN")
        );
        assert_eq!(
            repair_roman_numeral("1. Mục tiêu tổng quát"),
            None,
            "an Arabic number before lower case"
        );
        assert_eq!(
            repair_roman_numeral("II. MỤC TIÊU"),
            None,
            "nothing to repair"
        );
        assert_eq!(repair_roman_numeral("li. abc"), None);
    }

    #[test]
    fn decomposed_text_is_composed() {
        assert_eq!(clean_line("Ke\u{0302}\u{0301} hoa\u{0323}ch"), "Kế hoạch");
    }
}
