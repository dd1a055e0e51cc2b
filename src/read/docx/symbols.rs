//! Symbol fonts: Word writes "≥", "•" or "→" as a code of the Symbol or
//! Wingdings font (`w:sym`, or a private-use character in a run set in that
//! font), not as the Unicode character (data/symbol_fonts.tsv).

use std::collections::HashMap;

use once_cell::sync::Lazy;

use crate::data::{rows, SYMBOL_FONTS};

static TABLE: Lazy<HashMap<(String, u32), char>> = Lazy::new(|| {
    rows(SYMBOL_FONTS)
        .filter_map(|r| {
            let code = u32::from_str_radix(r.get(1)?, 16).ok()?;
            let ch = r.get(2)?.chars().next()?;
            Some(((r[0].to_lowercase(), code), ch))
        })
        .collect()
});

/// Word stores symbol codes in the private-use page F0xx.
const PRIVATE_PAGE: u32 = 0xF000;

pub fn is_private(c: char) -> bool {
    ('\u{F000}'..='\u{F0FF}').contains(&c)
}

/// The character of `code` (a byte, or its F0xx form) in `font`; fonts
/// other than the ones listed are read as Symbol.
pub fn symbol(font: Option<&str>, code: u32) -> Option<char> {
    let code = if code >= PRIVATE_PAGE {
        code - PRIVATE_PAGE
    } else {
        code
    };
    let font = font.map(str::to_lowercase).unwrap_or_default();
    let font = if font.starts_with("wingdings") {
        "wingdings"
    } else {
        "symbol"
    };
    TABLE.get(&(font.to_string(), code)).copied()
}

/// A bullet's text as a list marker: dashes and "+" keep their place in the
/// hierarchy Vietnamese plans give them; any other glyph is a bullet.
pub fn bullet(text: &str) -> String {
    let first = text.chars().next();
    let mapped = first.map(|c| {
        if is_private(c) {
            symbol(None, c as u32).unwrap_or('•')
        } else {
            c
        }
    });
    match mapped {
        Some(c @ ('-' | '–' | '—' | '+')) => c.to_string(),
        _ => "•".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_codes_map_to_characters() {
        assert_eq!(symbol(Some("Symbol"), 0xF0B3), Some('≥'));
        assert_eq!(symbol(None, 0xB7), Some('•'));
        assert_eq!(symbol(Some("Wingdings 2"), 0xFC), Some('✓'));
        assert_eq!(symbol(Some("Symbol"), 0xF001), None);
    }

    #[test]
    fn bullets_keep_dashes_and_plus() {
        assert_eq!(bullet("-"), "-");
        assert_eq!(bullet("+"), "+");
        assert_eq!(bullet("\u{F02D}"), "-");
        assert_eq!(bullet("\u{F0B7}"), "•");
        assert_eq!(bullet("o"), "•");
        assert_eq!(bullet(""), "•");
    }
}
