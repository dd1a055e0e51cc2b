//! Which document a plan is. A plan's id is the hash of the bytes it was
//! read from, so the same document read from a .doc and from its PDF, or a
//! web page saved twice, is several plans; search shows it as one result
//! with every source listed. A document is known by its number, issuer and
//! date, which together name one act of one body; without all three (a
//! draft, a page with its number lost, an unnumbered report), by its issuer
//! and the words of its body, from the preamble (or first section) to the
//! signature, read without diacritics, case, punctuation or line breaks:
//! the header block above and the annexes below are where readers of
//! different formats differ most (a Word table against the same table laid
//! out as lines by a PDF's text layer; a web page's layout), and the words
//! between decide.

use crate::model::{Metadata, Plan};
use crate::vi::key::{document_number, fold};

/// The document `plan` is, as 64 bits: equal for every file of one document.
pub fn document_key(plan: &Plan) -> u64 {
    let body_start = plan
        .preamble
        .as_ref()
        .map(|p| p.span.start)
        .or_else(|| plan.sections.first().map(|s| s.span.start))
        .unwrap_or(0);
    let body_end = plan
        .closing
        .span
        .as_ref()
        .map(|s| s.start)
        .filter(|&end| end > body_start)
        .unwrap_or(plan.text.len());
    key(
        &plan.metadata,
        plan.text.get(body_start..body_end).unwrap_or(&plan.text),
    )
}

fn key(m: &Metadata, body: &str) -> u64 {
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
            hasher.update(words(m.issuer.as_deref().unwrap_or_default()).as_bytes());
            hasher.update(&[0]);
            hasher.update(words(body).as_bytes());
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

    fn of(number: Option<&str>, issuer: Option<&str>, date: Option<&str>, text: &str) -> u64 {
        let m = Metadata {
            number: number.map(str::to_string),
            issuer: issuer.map(str::to_string),
            date: date.map(str::to_string),
            ..Metadata::default()
        };
        super::key(&m, text)
    }

    #[test]
    fn number_issuer_and_date_name_a_document_whatever_its_text() {
        let doc = of(
            Some("45/KH-UBND"),
            Some("Ủy ban nhân dân huyện Kông Chro"),
            Some("2024-02-26"),
            "KẾ HOẠCH\nThực hiện Dự án 5",
        );
        let scanned = of(
            Some("45 /KH-UBND"),
            Some("ỦY BAN NHÂN DÂN HUYỆN KÔNG CHRO"),
            Some("2024-02-26"),
            "KE HOACH  Thuc hien Du an 5 (OCR)",
        );
        assert_eq!(doc, scanned);
        let later = of(
            Some("45/KH-UBND"),
            Some("Ủy ban nhân dân huyện Kông Chro"),
            Some("2025-02-26"),
            "KẾ HOẠCH\nThực hiện Dự án 5",
        );
        assert_ne!(doc, later);
        let elsewhere = of(
            Some("45/KH-UBND"),
            Some("Ủy ban nhân dân huyện Đak Pơ"),
            Some("2024-02-26"),
            "KẾ HOẠCH\nThực hiện Dự án 5",
        );
        assert_ne!(doc, elsewhere);
    }

    #[test]
    fn annexes_after_the_signature_do_not_tell_copies_apart() {
        // As a Word file's annex table and the same table read from its PDF:
        // the words and their order agree above the signature, not below.
        let (name, text) = crate::synth::plan(5);
        let signed = text.find("Nơi nhận").expect("a closing");
        let (body, annex) = text.split_at(signed);
        let plan = |text: String| {
            let mut plan = crate::process(&name, text.as_bytes()).unwrap();
            assert!(plan.closing.span.is_some());
            plan.metadata.number = None;
            document_key(&plan)
        };
        let as_read = plan(text.clone());
        let (signature, table) = annex.split_at(annex.find("TỔNG HỢP").expect("an annex"));
        let table = table
            .replacen("TỔNG HỢP", "Tổng hợp các", 1)
            .replace("\n \n", "\n");
        let annex_relaid = format!("{signature}{table}");
        assert_eq!(plan(format!("{body}{annex_relaid}")), as_read);
        let last = body.rfind("giảm nghèo").expect("a body");
        let body_changed = format!("{}bền vững {}", &body[..last], &body[last..]);
        assert_ne!(plan(format!("{body_changed}{annex}")), as_read);
    }

    #[test]
    fn without_a_full_identity_the_issuer_and_words_decide() {
        let issuer = Some("Ủy ban nhân dân tỉnh Gia Lai");
        let page = of(None, issuer, None, "Báo cáo\nkết quả giảm nghèo.");
        let saved_again = of(
            None,
            Some("ỦY BAN NHÂN DÂN TỈNH GIA LAI"),
            None,
            "BÁO CÁO kết quả\n\ngiảm nghèo",
        );
        assert_eq!(page, saved_again);
        let other = of(None, issuer, None, "Báo cáo kết quả giảm nghèo năm 2024");
        assert_ne!(page, other);
        // The same words from another body are another document.
        let elsewhere = of(
            None,
            Some("Ủy ban nhân dân tỉnh Kon Tum"),
            None,
            "Báo cáo kết quả giảm nghèo",
        );
        assert_ne!(page, elsewhere);
        // A number alone is not a document: many bodies number from 1 each year.
        let numbered = of(
            Some("12/BC-UBND"),
            issuer,
            None,
            "Báo cáo kết quả giảm nghèo",
        );
        assert_eq!(numbered, page);
    }
}
