//! Properties of normalisation over generated plan-like text: it is
//! idempotent, and it never loses a letter or a digit other than page numbers
//! and footnote markers.
//!
//! The normalised text separates paragraphs with one newline; read back as a
//! source, a paragraph break must be written as the two blank lines that
//! always separate paragraphs. Generated lines have two words or more, so none
//! is a lone page number (those are dropped by design, tested beside the code).

use proptest::prelude::*;
use vnplan::normalize::normalize;
use vnplan::read::{Format, SourceText};
use vnplan::vi::key::{canonical, fold};

fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Kế", "hoạch", "số", "giảm", "nghèo", "bền", "vững", "Uỷ", "ban", "nhân", "dân", "hoá",
        "khoẻ", "xã", "Kông", "Chro", "năm", "2024", "20,28%", "05-", "CT/TW", "2021-", "2025;",
        "của", "và", "(Đ/c", "Trọng)", "Ðảng", "DỰ", "ÁN", "tỉnh", "7/7", "01", "mô", "hình.",
        "thực", "hiện:", "đạt",
    ]);
    prop::collection::vec(word, 2..14).prop_map(|w| w.join(" "))
}

fn line() -> impl Strategy<Value = String> {
    let marker = prop::sample::select(vec![
        "", "", "", "- ", "+ ", "1. ", "2.1. ", "a) ", "II. ", " ",
    ]);
    (
        marker,
        words(),
        prop::sample::select(vec!["", " ", "  ", "\u{a0}"]),
    )
        .prop_map(|(m, w, trail)| format!("{m}{w}{trail}"))
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((line(), 0..3usize), 1..30).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(l, blanks)| format!("{l}\n{}", "\n".repeat(blanks)))
            .collect()
    })
}

fn normalized_text(text: &str) -> String {
    normalize(&SourceText {
        text: text.into(),
        format: Format::Text,
        encoding: "utf-8",
    })
    .text
}

/// Letters and digits in order, compared in the folded form (spelling variants and
/// odd characters are what normalisation is allowed to change).
fn alphanumerics(text: &str) -> String {
    fold(&canonical(text))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

proptest! {
    #[test]
    fn normalising_twice_changes_nothing(doc in document()) {
        let once = normalized_text(&doc);
        let reread = once.split('\n').collect::<Vec<_>>().join("\n\n\n");
        prop_assert_eq!(normalized_text(&reread), once);
    }

    #[test]
    fn no_letter_or_digit_is_lost(doc in document()) {
        prop_assert_eq!(alphanumerics(&normalized_text(&doc)), alphanumerics(&doc));
    }

    #[test]
    fn keys_are_idempotent(s in "\\PC{0,40}") {
        let c = canonical(&s);
        prop_assert_eq!(canonical(&c), c.clone());
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f);
    }
}
