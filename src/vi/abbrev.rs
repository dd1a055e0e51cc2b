//! Abbreviations of bodies ("UBND huyện" -> "Ủy ban nhân dân huyện"), from
//! `data/abbreviations.tsv`.

use crate::data::ABBREVIATION_LIST;

/// Replaces whole-word abbreviations with their spelled-out forms.
pub fn expand(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    'outer: while !rest.is_empty() {
        let at_word_start = out.chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if at_word_start {
            for (abbr, full) in ABBREVIATION_LIST.iter() {
                if let Some(after) = rest.strip_prefix(abbr) {
                    if after.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                        out.push_str(full);
                        rest = after;
                        continue 'outer;
                    }
                }
            }
        }
        let ch = rest.chars().next().unwrap();
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert_eq!(
            expand("UBND huyện Kông Chro"),
            "Ủy ban nhân dân huyện Kông Chro"
        );
        assert_eq!(
            expand("HĐND tỉnh; UBND"),
            "Hội đồng nhân dân tỉnh; Ủy ban nhân dân"
        );
        assert_eq!(expand("UBNDX"), "UBNDX");
        assert_eq!(
            expand("Phòng LĐ-TB&XH"),
            "Phòng Lao động - Thương binh và Xã hội"
        );
    }
}
