//! Regular expressions that find a folded phrase however the text spells it.
//!
//! Vocabularies are kept folded in `data/` ("chuong trinh muc tieu quoc
//! gia"), while the text keeps its diacritics and case ("Chương trình mục tiêu
//! Quốc gia", "CHƯƠNG TRÌNH"). Folding the text to compare would cost a pass
//! and an allocation per word; a pattern that accepts every spelling lets the
//! regex engine scan the text once.

use once_cell::sync::Lazy;

use super::key::fold;

/// Every letter that folds to each ASCII letter, in both cases: 'a' ->
/// "aAàÀáÁ...", 'd' -> "dDđĐ". Built from the ranges Vietnamese is written in.
static SPELLINGS: Lazy<Vec<String>> = Lazy::new(|| {
    let mut classes = vec![String::new(); 26];
    let letters = (0x41..0x7B).chain(0xC0..0x250).chain(0x1E00..0x1F00);
    for c in letters
        .filter_map(char::from_u32)
        .filter(|c| c.is_alphabetic())
    {
        let folded = fold(&c.to_string());
        let mut chars = folded.chars();
        if let (Some(f @ 'a'..='z'), None) = (chars.next(), chars.next()) {
            classes[(f as u8 - b'a') as usize].push(c);
        }
    }
    classes
});

/// A regex fragment (no flags, no groups) matching `phrase` in any spelling:
/// each ASCII letter as the class of every letter that folds to it, each
/// space as a run of anything that is neither a letter nor a digit
/// ("kinh te xa hoi" matches "kinh tế - xã hội"), anything else literally.
pub fn any_spelling(phrase: &str) -> String {
    let mut out = String::new();
    for word in phrase.split_whitespace() {
        if !out.is_empty() {
            out.push_str(r"[^\p{L}\p{N}]+");
        }
        for c in word.chars() {
            match c {
                'a'..='z' => {
                    out.push('[');
                    out.push_str(&SPELLINGS[(c as u8 - b'a') as usize]);
                    out.push(']');
                }
                _ => out.push_str(&regex::escape(&c.to_string())),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(phrase: &str, text: &str) -> bool {
        regex::Regex::new(&format!("^{}$", any_spelling(phrase)))
            .unwrap()
            .is_match(text)
    }

    #[test]
    fn every_spelling_of_a_folded_phrase() {
        assert!(matches("chuong trinh", "Chương trình"));
        assert!(matches("chuong trinh", "CHƯƠNG TRÌNH"));
        assert!(matches("chuong trinh", "chuong  trinh"));
        assert!(matches("phong chong ma tuy", "phòng, chống ma túy"));
        assert!(matches("kinh te xa hoi", "kinh tế-xã hội"));
        assert!(matches("dan toc", "DÂN TỘC"));
        assert!(matches("mtqg", "MTQG"));
        assert!(matches("2021 2025", "2021 - 2025"));
    }

    #[test]
    fn other_words_do_not_match() {
        assert!(!matches("chuong trinh", "chương trinhx"));
        assert!(!matches("ma tuy", "mã túi"));
        assert!(!matches("kinh te", "kinhte"));
    }
}
