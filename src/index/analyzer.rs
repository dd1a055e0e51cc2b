//! Vietnamese analysis for the index.
//!
//! Syllables are the tokens (Vietnamese writes one syllable per word-space),
//! split on anything that is not a letter or digit. The analyzers share that
//! tokenizer and differ in the key each token is mapped to:
//! - `vi_exact`: lower-cased, diacritics kept, tone placement unified
//!   ("Uỷ" and "Ủy" are one token);
//! - `vi_folded`: diacritics removed, `đ` -> `d` ("Dự án" and "du an" are one);
//! - `vi_pairs`: two neighbouring folded syllables as one token ("nuoc
//!   sach", "qd ttg"). Most Vietnamese words are two syllables, and a folded
//!   syllable means many ("sach": sạch, sách), so a pair is nearly a word: a
//!   query ranks passages holding its words as words, not its syllables
//!   scattered, and a phrase is checked by its pairs, without positions.
//!
//! Text reaching the index is NFC (the normaliser's output); queries are
//! canonicalised before parsing.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;

use crate::vi::is_letter_or_digit;
use crate::vi::key::{canonical, fold};

pub const EXACT: &str = "vi_exact";
pub const FOLDED: &str = "vi_folded";
pub const PAIRS: &str = "vi_pairs";

/// Registers the analyzers; must run every time an index is opened.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(EXACT, TextAnalyzer::from(Syllables::new(exact_key)));
    manager.register(FOLDED, TextAnalyzer::from(Syllables::new(folded_key)));
    manager.register(PAIRS, TextAnalyzer::from(Syllables::pairs(folded_key)));
}

/// The key `vi_pairs` gives two neighbouring syllables' folded keys.
pub fn pair_key(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// The key `vi_exact` gives a syllable.
pub fn exact_key(token: &str) -> String {
    canonical(token).to_lowercase()
}

/// The key `vi_folded` gives a syllable.
pub fn folded_key(token: &str) -> String {
    fold(token)
}

/// Byte ranges of the syllables of `text`, as both analyzers split it: runs of letters and digits.
pub fn syllables(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|&(_, c)| is_letter_or_digit(c))?;
        // The character ending a syllable is none: taking it skips nothing.
        let end = chars
            .find(|&(_, c)| !is_letter_or_digit(c))
            .map_or(text.len(), |(at, _)| at);
        Some((start, end))
    })
}

/// Keys of non-ASCII syllables kept per tokenizer. Vietnamese has a few
/// thousand syllables, so the memo fills early and then answers nearly every
/// token; the bound only matters for text that is not Vietnamese.
const MEMO_LIMIT: usize = 50_000;

/// Splits text into runs of letters and digits and maps each to its key.
///
/// Indexing spends most of its time here (every syllable of every passage,
/// twice), so the key of a syllable is computed once and then remembered:
/// ASCII syllables only need lower-casing, the rest are looked up.
#[derive(Clone)]
pub struct Syllables {
    key: fn(&str) -> String,
    /// Emit pairs of neighbouring syllables instead of syllables.
    pairs: bool,
    memo: FxHashMap<Box<str>, Box<str>>,
    token: Token,
    /// The previous syllable's key, in pair mode.
    previous: String,
}

impl Syllables {
    fn new(key: fn(&str) -> String) -> Syllables {
        Syllables {
            key,
            pairs: false,
            memo: FxHashMap::default(),
            token: Token::default(),
            previous: String::new(),
        }
    }

    fn pairs(key: fn(&str) -> String) -> Syllables {
        Syllables {
            pairs: true,
            ..Syllables::new(key)
        }
    }

    /// Appends the key of `syllable` to `out`.
    fn push_key(&mut self, syllable: &str, out: &mut String) {
        if syllable.is_ascii() {
            let from = out.len();
            out.push_str(syllable);
            out[from..].make_ascii_lowercase();
        } else if let Some(known) = self.memo.get(syllable) {
            out.push_str(known);
        } else {
            let computed = (self.key)(syllable);
            out.push_str(&computed);
            if self.memo.len() < MEMO_LIMIT {
                self.memo.insert(syllable.into(), computed.into_boxed_str());
            }
        }
    }
}

impl Tokenizer for Syllables {
    type TokenStream<'a> = SyllableStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SyllableStream<'a> {
        self.token.reset();
        self.previous.clear();
        SyllableStream {
            text,
            chars: text.char_indices(),
            tokenizer: self,
            has_previous: false,
            previous_start: 0,
        }
    }
}

pub struct SyllableStream<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    tokenizer: &'a mut Syllables,
    /// Where the previous syllable starts, in pair mode.
    has_previous: bool,
    previous_start: usize,
}

impl TokenStream for SyllableStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, _)) = self.chars.find(|&(_, c)| is_letter_or_digit(c)) else {
                return false;
            };
            let end = self
                .chars
                .find(|&(_, c)| !is_letter_or_digit(c))
                .map_or(self.text.len(), |(i, _)| i);
            let syllable = &self.text[start..end];
            let t = &mut *self.tokenizer;
            if !t.pairs {
                let mut key = std::mem::take(&mut t.token.text);
                key.clear();
                t.push_key(syllable, &mut key);
                t.token.text = key;
                t.token.position = t.token.position.wrapping_add(1);
                t.token.offset_from = start;
                t.token.offset_to = end;
                return true;
            }
            let mut current = std::mem::take(&mut t.token.text);
            current.clear();
            t.push_key(syllable, &mut current);
            let previous = std::mem::replace(&mut t.previous, current);
            let from = std::mem::replace(&mut self.previous_start, start);
            if std::mem::replace(&mut self.has_previous, true) {
                let mut pair = previous;
                pair.push(' ');
                pair.push_str(&t.previous);
                t.token.text = pair;
                t.token.position = t.token.position.wrapping_add(1);
                t.token.offset_from = from;
                t.token.offset_to = end;
                return true;
            }
            t.token.text = previous;
        }
    }

    fn token(&self) -> &Token {
        &self.tokenizer.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokenizer.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(key: fn(&str) -> String, text: &str) -> Vec<String> {
        let mut a = TextAnalyzer::from(Syllables::new(key));
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn exact_keeps_diacritics_and_unifies_tone_placement() {
        assert_eq!(
            tokens(exact_key, "Dự án 5 của Uỷ ban"),
            ["dự", "án", "5", "của", "ủy", "ban"]
        );
        assert_eq!(tokens(exact_key, "Ủy"), tokens(exact_key, "Uỷ"));
    }

    #[test]
    fn folded_removes_diacritics() {
        assert_eq!(tokens(fold, "Dự án 5, Ðảng"), ["du", "an", "5", "dang"]);
        assert_eq!(tokens(fold, "90/QĐ-TTg"), ["90", "qd", "ttg"]);
    }

    #[test]
    fn pairs_are_neighbouring_syllables() {
        let mut pairs = Syllables::pairs(folded_key);
        let mut stream = pairs.token_stream("Nước sạch nhà  ở\n cho 90/QĐ-TTg");
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        let keys: Vec<&str> = out.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "nuoc sach",
                "sach nha",
                "nha o",
                "o cho",
                "cho 90",
                "90 qd",
                "qd ttg"
            ]
        );
        assert_eq!((out[0].1, out[0].2), (0, "Nước sạch".len()));
        assert_eq!(pair_key("nuoc", "sach"), "nuoc sach");
    }

    #[test]
    fn remembered_keys_are_the_computed_ones() {
        let text = "Uỷ ban Uỷ ban ĐẢNG Đảng đảng";
        let mut tokenizer = Syllables::new(exact_key);
        for _ in 0..2 {
            let mut stream = tokenizer.token_stream(text);
            let mut keys = Vec::new();
            while stream.advance() {
                keys.push(stream.token().text.clone());
            }
            assert_eq!(keys, ["ủy", "ban", "ủy", "ban", "đảng", "đảng", "đảng"]);
        }
    }

    #[test]
    fn syllable_ranges_are_the_tokens() {
        let text = "Dự án 5: 90/QĐ-TTg";
        let mut a = TextAnalyzer::from(Syllables::new(exact_key));
        let mut stream = a.token_stream(text);
        let mut spans = Vec::new();
        while stream.advance() {
            spans.push((stream.token().offset_from, stream.token().offset_to));
        }
        assert_eq!(syllables(text).collect::<Vec<_>>(), spans);
    }

    #[test]
    fn splits_like_tantivys_simple_tokenizer() {
        use tantivy::tokenizer::SimpleTokenizer;
        let text = "Dự án 5: hỗ trợ 1.500 hộ (Tiểu dự án 2) ½ × Ω–x_y 90/QĐ-TTg";
        let spans = |mut stream: Box<dyn TokenStream + '_>| {
            let mut out = Vec::new();
            while stream.advance() {
                let t = stream.token();
                out.push((t.position, t.offset_from, t.offset_to));
            }
            out
        };
        let mut ours = Syllables::new(fold);
        let mut simple = SimpleTokenizer::default();
        assert_eq!(
            spans(Box::new(ours.token_stream(text))),
            spans(Box::new(simple.token_stream(text)))
        );
    }
}
