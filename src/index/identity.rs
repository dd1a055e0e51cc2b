//! Which document a plan is. A plan's id is the hash of the bytes it was
//! read from, so the same document read from a .doc and from its PDF, or a
//! web page saved twice, is several plans; search shows it as one result
//! with every source listed. A document is known by its number, issuer and
//! date, which together name one act of one body; without all three (a
//! page with its number lost, an unnumbered report), by its text, read
//! without diacritics, case, punctuation or line breaks, so only the same
//! words in the same order are the same document.

use crate::model::Metadata;
use crate::vi::key::{document_number, fold};

/// The document a plan with `metadata` and `text` is, as 64 bits: equal for
/// every file of one document.
pub fn document_key(m: &Metadata, text: &str) -> u64 {
    let mut hasher = blake3::Hasher::new();
    match (&m.number, &m.issuer, &m.date) {
        (Some(number), Some(issuer), Some(date)) => {
            for part in [document_number(number), words(issuer), date.clone()] {
                hasher.update(part.as_bytes());
                // A separator no part holds, so parts cannot run into each other.
                hasher.update(&[0]);
            }
        }
        _ => {
            hasher.update(b"text\0");
            hasher.update(words(text).as_bytes());
        }
    }
    let hash = hasher.finalize();
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// The words of `text`, folded, one space apart.
fn words(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(number: Option<&str>, issuer: Option<&str>, date: Option<&str>, text: &str) -> u64 {
        let m = Metadata {
            number: number.map(str::to_string),
            issuer: issuer.map(str::to_string),
            date: date.map(str::to_string),
            ..Metadata::default()
        };
        document_key(&m, text)
    }

    #[test]
    fn number_issuer_and_date_name_a_document_whatever_its_text() {
        let doc = key(
            Some("45/KH-UBND"),
            Some("Ủy ban nhân dân huyện Kông Chro"),
            Some("2024-02-26"),
            "KẾ HOẠCH\nThực hiện Dự án 5",
        );
        let scanned = key(
            Some("45 /KH-UBND"),
            Some("ỦY BAN NHÂN DÂN HUYỆN KÔNG CHRO"),
            Some("2024-02-26"),
            "KE HOACH  Thuc hien Du an 5 (OCR)",
        );
        assert_eq!(doc, scanned);
        let later = key(
            Some("45/KH-UBND"),
            Some("Ủy ban nhân dân huyện Kông Chro"),
            Some("2025-02-26"),
            "KẾ HOẠCH\nThực hiện Dự án 5",
        );
        assert_ne!(doc, later);
        let elsewhere = key(
            Some("45/KH-UBND"),
            Some("Ủy ban nhân dân huyện Đak Pơ"),
            Some("2024-02-26"),
            "KẾ HOẠCH\nThực hiện Dự án 5",
        );
        assert_ne!(doc, elsewhere);
    }

    #[test]
    fn without_a_full_identity_the_words_decide() {
        let page = key(
            None,
            Some("UBND tỉnh"),
            None,
            "Báo cáo\nkết quả giảm nghèo.",
        );
        let saved_again = key(None, None, None, "BÁO CÁO kết quả\n\ngiảm nghèo");
        assert_eq!(page, saved_again);
        let other = key(None, None, None, "Báo cáo kết quả giảm nghèo năm 2024");
        assert_ne!(page, other);
        // A number alone is not a document: many bodies number from 1 each year.
        let numbered = key(Some("12/BC-UBND"), None, None, "Báo cáo kết quả giảm nghèo");
        assert_eq!(numbered, page);
    }
}
