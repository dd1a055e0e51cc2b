//! Vietnamese language rules shared by every stage: comparison keys for
//! spelling variants, item markers, numbers and dates as plans write them.

pub mod abbrev;
pub mod date;
pub mod key;
pub mod marker;
pub mod number;

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if max >= text.len() {
        return text;
    }
    let end = (0..=max)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[..end]
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefix_never_splits_a_character() {
        assert_eq!(super::prefix("Rẫy", 2), "R");
        assert_eq!(super::prefix("Rẫy", 4), "Rẫ");
        assert_eq!(super::prefix("Rẫy", 99), "Rẫy");
    }
}
