//! Comparison keys for Vietnamese text.
//!
//! Plans spell the same word two ways ("Uỷ"/"Ủy", "hoá"/"hóa", "khoẻ"/"khỏe")
//! and OCR adds a third ("Ðảng" with U+00D0). Output text keeps what the plan
//! wrote; these keys are what matching, grouping and indexing compare.
//!
//! - [`canonical`]: NFC, modern tone placement, `Ð` -> `Đ`, single spaces.
//!   Extracted fields (agencies, issuers, headings) are given in this form,
//!   which is also the form of the gold annotations.
//! - [`fold`]: [`canonical`], lower-cased, every diacritic removed, `đ` -> `d`.
//!   What a user types without a Vietnamese keyboard ("du an 5").

use unicode_normalization::char::{compose, decompose_canonical};

use super::is_letter;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

const TONE_MARKS: [char; 5] = ['\u{0301}', '\u{0300}', '\u{0309}', '\u{0303}', '\u{0323}'];

/// NFC, only allocating when the input is not already NFC.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    // Nearly every line of a plan is made of these alone; the general check
    // looks each character up in Unicode's tables. It starts at the first
    // other character: what comes before is NFC with combining class 0, so
    // the check would start there in the same state.
    let Some(first_other) = text.find(|c| !always_nfc(c)) else {
        return std::borrow::Cow::Borrowed(text);
    };
    match is_nfc_quick(text[first_other..].chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// Characters that are NFC wherever they stand and never reorder or
/// combine with their neighbours (canonical combining class 0): everything
/// below the combining diacritics (U+0300), and Latin Extended Additional,
/// where Vietnamese's precomposed letters are.
fn always_nfc(c: char) -> bool {
    (c as u32) < 0x300 || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// The canonical spelling used for every extracted field and every key.
pub fn canonical(text: &str) -> String {
    let text = nfc(text);
    let mut out = String::with_capacity(text.len());
    // Where the word being copied starts in `out`: words are copied as they
    // come and only their last two letters may be rewritten.
    let mut word_start = None;
    let mut pending_space = false;
    for ch in text.chars() {
        let ch = if ch == '\u{00D0}' { 'Đ' } else { ch };
        if is_letter(ch) {
            if word_start.is_none() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                word_start = Some(out.len());
            }
            out.push(ch);
            continue;
        }
        if let Some(start) = word_start.take() {
            modernise_tone_placement(&mut out, start);
        }
        if ch.is_whitespace() {
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        }
    }
    if let Some(start) = word_start {
        modernise_tone_placement(&mut out, start);
    }
    out
}

/// Lower-cased, diacritics removed, `đ` -> `d`: "Ủy ban" -> "uy ban".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        push_folded(ch, &mut out);
    }
    out
}

/// Folded forms of Latin-1, Latin Extended and Vietnamese letters
/// (U+00C0..U+024F, U+1E00..U+1EFF), indexed by code point ('\0' where a
/// letter does not fold to one character): folding runs over every sentence
/// the extractors compare, so it is a lookup, not a decomposition.
static FOLD_TABLE: once_cell::sync::Lazy<Vec<char>> = once_cell::sync::Lazy::new(|| {
    FOLD_TABLE_RANGES
        .iter()
        .flat_map(|r| r.clone())
        .map(|cp| {
            let mut folded = String::new();
            if let Some(c) = char::from_u32(cp) {
                fold_slow(c, &mut folded);
            }
            let mut chars = folded.chars();
            match (chars.next(), chars.next()) {
                (Some(f), None) => f,
                _ => '\0',
            }
        })
        .collect()
});
const FOLD_TABLE_RANGES: [std::ops::Range<u32>; 2] = [0xC0..0x250, 0x1E00..0x1F00];

/// Folds one character into `out` (several for ligatures, none for lone marks).
#[inline]
pub fn push_folded(ch: char, out: &mut String) {
    if ch.is_ascii() {
        out.push(ch.to_ascii_lowercase());
        return;
    }
    let cp = ch as u32;
    let [latin, vietnamese] = &FOLD_TABLE_RANGES;
    let slot = if latin.contains(&cp) {
        Some(cp - latin.start)
    } else if vietnamese.contains(&cp) {
        Some(cp - vietnamese.start + latin.len() as u32)
    } else {
        None
    };
    match slot.map(|i| FOLD_TABLE[i as usize]) {
        Some(folded) if folded != '\0' => out.push(folded),
        _ => fold_slow(ch, out),
    }
}

fn fold_slow(ch: char, out: &mut String) {
    match ch {
        'đ' | 'Đ' | '\u{00D0}' => out.push('d'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() && !is_combining_mark(d) {
                    base = Some(d);
                }
            });
            if let Some(b) = base {
                out.extend(b.to_lowercase());
            }
        }
    }
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Key of a document number: "90/QÐ-TTg", "90 /qđ-TTg" -> "90/QĐ-TTG".
pub fn document_number(number: &str) -> String {
    canonical(number)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Moves the tone mark of an open "oa", "oe", "uy" syllable to the first vowel
/// ("hoá" -> "hóa", "Uỷ" -> "Ủy", "khoẻ" -> "khỏe") in the word that starts at
/// `start` and ends `text`. "qu" + "y" keeps its mark on the "y" ("quý"), as
/// does any syllable with a final consonant.
fn modernise_tone_placement(text: &mut String, start: usize) {
    let word = &text[start..];
    let mut rev = word.char_indices().rev();
    let Some((_, last)) = rev.next() else {
        return;
    };
    // A toned letter is never ASCII: most words end here.
    if last.is_ascii() {
        return;
    }
    let Some((prev_at, prev)) = rev.next() else {
        return;
    };
    let letters = word.chars().count();
    if letters > 7 {
        return;
    }
    let (Some((last_base, Some(tone))), Some((prev_base, None))) =
        (split_tone(last), split_tone(prev))
    else {
        return;
    };
    let pair = (
        prev_base.to_lowercase().next().unwrap_or(prev_base),
        last_base.to_lowercase().next().unwrap_or(last_base),
    );
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return;
    }
    // "qu" is a consonant: "quý", "quả" keep their placement.
    if rev.next().is_some_and(|(_, c)| matches!(c, 'q' | 'Q')) {
        return;
    }
    text.truncate(start + prev_at);
    text.push(compose(prev_base, tone).unwrap_or(prev_base));
    text.push(last_base);
}

/// Splits a precomposed letter into (letter without tone, tone mark).
/// Returns None for non-letters.
fn split_tone(c: char) -> Option<(char, Option<char>)> {
    if !is_letter(c) {
        return None;
    }
    let mut parts: Vec<char> = Vec::with_capacity(3);
    decompose_canonical(c, |d| parts.push(d));
    let tone = parts.iter().copied().find(|d| TONE_MARKS.contains(d));
    let mut base = parts[0];
    for &m in parts[1..].iter().filter(|d| !TONE_MARKS.contains(d)) {
        base = compose(base, m).unwrap_or(base);
    }
    Some((base, tone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_taken_as_nfc_are_nfc_and_combine_with_nothing() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..0x300u32)
            .chain(0x1E00..0x1F00)
            .filter_map(char::from_u32)
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            // Quick-check "Yes": no character composes with one before it.
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        assert!(always_nfc('ệ') && always_nfc('Đ') && !always_nfc('\u{0301}'));
        assert_eq!(nfc("Ke\u{0302}\u{0301} hoa\u{0323}ch"), "Kế hoạch");
    }

    #[test]
    fn old_tone_placement_becomes_modern() {
        assert_eq!(canonical("Uỷ ban nhân dân"), "Ủy ban nhân dân");
        assert_eq!(canonical("Văn hoá- xã hội"), "Văn hóa- xã hội");
        assert_eq!(canonical("sức khoẻ"), "sức khỏe");
        assert_eq!(canonical("thuỷ lợi"), "thủy lợi");
        assert_eq!(canonical("HOÁ"), "HÓA");
    }

    #[test]
    fn modern_and_unrelated_spellings_are_untouched() {
        for s in [
            "Ủy ban",
            "hóa",
            "quý",
            "quả",
            "khuya",
            "hoàn thành",
            "tuyên truyền",
            "Huỳnh",
        ] {
            assert_eq!(canonical(s), s);
        }
    }

    #[test]
    fn ocr_eth_and_spaces_are_canonical() {
        assert_eq!(canonical("Ðảng  ủy\u{a0} xã"), "Đảng ủy xã");
        assert_eq!(canonical("  a  b "), "a b");
    }

    #[test]
    fn decomposed_input_is_composed() {
        let decomposed: String = "Kế hoạch".nfd().collect();
        assert_eq!(canonical(&decomposed), "Kế hoạch");
    }

    #[test]
    fn document_numbers_compare_by_key() {
        assert_eq!(document_number("90/QÐ-TTg"), document_number("90 /QĐ-TTg"));
        assert_eq!(document_number("29 /KH-UBND"), "29/KH-UBND");
    }

    #[test]
    fn folding_by_table_is_folding_by_decomposition() {
        for c in (0..0x2000).filter_map(char::from_u32) {
            let (mut fast, mut slow) = (String::new(), String::new());
            push_folded(c, &mut fast);
            fold_slow(c, &mut slow);
            assert_eq!(fast, slow, "{c:?}");
        }
    }

    #[test]
    fn fold_removes_every_diacritic() {
        assert_eq!(fold("Dự án 5"), "du an 5");
        assert_eq!(fold("Ðảng ỦY"), "dang uy");
        assert_eq!(fold(&canonical("Uỷ")), fold("Ủy"));
        assert_eq!(fold("Nghị  quyết\n số"), "nghi quyet so");
    }
}
