//! Vietnamese analysis for the index.
//!
//! Syllables are the tokens (Vietnamese writes one syllable per word-space),
//! split on anything that is not a letter or digit. Two analyzers share that
//! tokenizer and differ in the key each token is mapped to:
//! - `vi_exact`: lower-cased, diacritics kept, tone placement unified
//!   ("Uỷ" and "Ủy" are one token);
//! - `vi_folded`: diacritics removed, `đ` -> `d` ("Dự án" and "du an" are one).
//!
//! Text reaching the index is NFC (the normaliser's output); queries are
//! canonicalised before parsing.

use tantivy::tokenizer::{
    SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::Index;

use crate::vi::key::{canonical, fold};

pub const EXACT: &str = "vi_exact";
pub const FOLDED: &str = "vi_folded";

/// Registers both analyzers; must run every time an index is opened.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(EXACT, analyzer(exact_key));
    manager.register(FOLDED, analyzer(fold));
}

fn analyzer(key: fn(&str) -> String) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(KeyFilter(key))
        .build()
}

fn exact_key(token: &str) -> String {
    if token.is_ascii() {
        return token.to_ascii_lowercase();
    }
    canonical(token).to_lowercase()
}

/// Maps every token's text through a key function.
#[derive(Clone, Copy)]
pub struct KeyFilter(pub fn(&str) -> String);

impl TokenFilter for KeyFilter {
    type Tokenizer<T: Tokenizer> = KeyFilterTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> KeyFilterTokenizer<T> {
        KeyFilterTokenizer {
            inner: tokenizer,
            key: self.0,
        }
    }
}

#[derive(Clone)]
pub struct KeyFilterTokenizer<T> {
    inner: T,
    key: fn(&str) -> String,
}

impl<T: Tokenizer> Tokenizer for KeyFilterTokenizer<T> {
    type TokenStream<'a> = KeyFilterStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        KeyFilterStream {
            inner: self.inner.token_stream(text),
            key: self.key,
        }
    }
}

pub struct KeyFilterStream<S> {
    inner: S,
    key: fn(&str) -> String,
}

impl<S: TokenStream> TokenStream for KeyFilterStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        token.text = (self.key)(&token.text);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(key: fn(&str) -> String, text: &str) -> Vec<String> {
        let mut a = analyzer(key);
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
}
