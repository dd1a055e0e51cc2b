//! Spelling keys of place names, on the project's folding ([`crate::vi::key`]).
//!
//! Plans write one place many ways: "Đắk Pling" and "Đăk Pling", "Hoà" and
//! "Hòa", "Phan Rang-Tháp Chàm" and "Phan Rang - Tháp Chàm", "Ia H' Drai" and
//! "Ia H'Drai", "Phường 03" and "Phường 3", all capitals in titles, no
//! diacritics at all when typed in a hurry. Two keys keep only letters and
//! digits (so spaces, hyphens and apostrophes never matter) and drop the
//! leading zeros of numbers:
//! - [`loose`] also drops every diacritic: what finds candidates;
//! - [`exact`] keeps them (with modern tone placement): what prefers the
//!   candidate spelled as written when loose spellings collide ("Hòa"/"Hóa").

use crate::vi::key::{canonical, fold};

pub fn loose(name: &str) -> String {
    compact(&fold(name))
}

pub fn exact(name: &str) -> String {
    compact(&canonical(name).to_lowercase())
}

fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let digits = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
        let word = if digits {
            match word.trim_start_matches('0') {
                "" => "0",
                trimmed => trimmed,
            }
        } else {
            word
        };
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_keys_equate_spellings_of_one_name() {
        for (a, b) in [
            ("Đắk Pling", "Đăk Pling"),
            ("Đắk Pling", "dak pling"),
            ("Hoà Bình", "Hòa Bình"),
            ("Thuỷ Nguyên", "THỦY NGUYÊN"),
            ("Phan Rang-Tháp Chàm", "Phan Rang - Tháp Chàm"),
            ("Ia H' Drai", "Ia H'Drai"),
            ("Cư M’gar", "Cư M'gar"),
            ("03", "3"),
        ] {
            assert_eq!(loose(a), loose(b), "{a} / {b}");
        }
        assert_eq!(loose("Kông Chro"), "kongchro");
        assert_eq!(loose("10"), "10");
        assert_eq!(loose("0"), "0");
    }

    #[test]
    fn exact_keys_keep_tones_but_not_their_placement() {
        assert_eq!(exact("Hoà Bình"), exact("HÒA BÌNH"));
        assert_ne!(exact("Hòa"), exact("Hóa"));
        assert_ne!(exact("Đắk Hà"), exact("Đăk Hà"));
        assert_eq!(loose("Hòa"), loose("Hóa"));
    }
}
