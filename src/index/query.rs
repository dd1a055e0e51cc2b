//! The query language: what a person types or pastes, parsed into a tree.
//!
//! - Words: `giảm nghèo`, with or without diacritics. Every word must match
//!   (words next to each other also rank higher when they stand together).
//! - Quoted phrases, straight or curly quotes: `"tỷ lệ hộ nghèo"`, `“nhà ở”`.
//! - A word written with inner punctuation is a phrase of its syllables:
//!   `90/QĐ-TTg`, `2021-2025`.
//! - `AND`, `OR`, `NOT` (upper case; `AND` is also what a space means) and
//!   parentheses. `OR` binds looser than `AND`.
//! - A project named in words, "Dự án 5", "du an 5", "DA5", "Tiểu dự án 2 dự
//!   án 3", quoted or not, is that project ([`Node::Project`]).
//! - Any other punctuation is text, and separates words: a pasted heading
//!   "Mục tiêu: giảm nghèo", "[a]", "a/b" searches its words. A `)` that
//!   closes nothing is a list marker ("a) Mục tiêu"), not an error.
//! - Words that plans also write another way (`data/synonyms.tsv`, and the
//!   abbreviations of `data/abbreviations.tsv`: "UBND", "Ủy ban nhân dân")
//!   find every way, each as a phrase.
//!
//! Errors are in plain words with the character (1-based) where the problem is.

use thiserror::Error;

use once_cell::sync::Lazy;

use super::analyzer::{folded_key, syllables};
use crate::data::{rows, ABBREVIATIONS, SYNONYMS};
use crate::extract::projects::mentions;
use crate::vi::key::canonical;

/// Characters that open or close a phrase.
const QUOTES: [char; 7] = ['"', '“', '”', '„', '‟', '«', '»'];

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One syllable, as typed (canonical spelling).
    Term(String),
    /// Syllables that must stand together in this order.
    Phrase(Vec<String>),
    /// "Dự án 5": the project, whatever the words; which programme's is
    /// decided with the filters. `words` are the syllables as typed.
    Project {
        project: u8,
        subproject: Option<u8>,
        words: Vec<String>,
    },
    And(Vec<Node>),
    Or(Vec<Node>),
    /// One thing written several ways (`data/synonyms.tsv`): the first as typed.
    Ways(Vec<Node>),
    Not(Box<Node>),
}

#[derive(Debug, Clone, PartialEq, Error)]
#[error("{message} (at character {position})")]
pub struct SyntaxError {
    pub message: String,
    /// 1-based, in characters of the query.
    pub position: usize,
}

fn error(message: impl Into<String>, position: usize) -> SyntaxError {
    SyntaxError {
        message: message.into(),
        position,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A whitespace-delimited chunk with its syllables.
    Chunk(String),
    Quoted(String),
    Open,
    Close,
    And,
    Or,
    Not,
}

/// Tokens with the 1-based character position where each starts.
fn lex(query: &str) -> Result<Vec<(Token, usize)>, SyntaxError> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let position = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if QUOTES.contains(&c) {
            let close = (i + 1..chars.len())
                .find(|&j| QUOTES.contains(&chars[j]))
                .ok_or_else(|| error("this quote is never closed", position))?;
            out.push((
                Token::Quoted(chars[i + 1..close].iter().collect()),
                position,
            ));
            i = close + 1;
        } else if c == '(' {
            out.push((Token::Open, position));
            i += 1;
        } else if c == ')' {
            out.push((Token::Close, position));
            i += 1;
        } else {
            let end = (i..chars.len())
                .find(|&j| {
                    let c = chars[j];
                    c.is_whitespace() || QUOTES.contains(&c) || c == '(' || c == ')'
                })
                .unwrap_or(chars.len());
            let chunk: String = chars[i..end].iter().collect();
            let token = match chunk.as_str() {
                "AND" => Token::And,
                "OR" => Token::Or,
                "NOT" => Token::Not,
                _ => Token::Chunk(chunk),
            };
            out.push((token, position));
            i = end;
        }
    }
    Ok(out)
}

/// The syllables of a text, canonical (as the exact analyzer spells them, case kept).
fn syllables_of(text: &str) -> Vec<String> {
    let text = canonical(text);
    syllables(&text)
        .map(|(s, e)| text[s..e].to_string())
        .collect()
}

/// The tree of a query; None when it has no words at all (only punctuation, or nothing).
pub fn parse(query: &str) -> Result<Option<Node>, SyntaxError> {
    let tokens = lex(query)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        open: Vec::new(),
    };
    let node = parser.or()?;
    if let Some((_, position)) = parser.tokens.get(parser.at) {
        return Err(error("unexpected text", *position));
    }
    Ok(node)
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    /// Positions of the parentheses open at this point.
    open: Vec<usize>,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn position(&self) -> usize {
        self.tokens.get(self.at).map_or(0, |(_, p)| *p)
    }

    fn or(&mut self) -> Result<Option<Node>, SyntaxError> {
        let mut alternatives = Vec::new();
        loop {
            let start = self.position();
            let branch = self.and()?;
            if self.peek() == Some(&Token::Or) {
                let position = self.position();
                let branch = branch.ok_or_else(|| error("'OR' needs words before it", position))?;
                alternatives.push(branch);
                self.at += 1;
                if self.at_end_of_group() {
                    return Err(error("'OR' needs words after it", position));
                }
                continue;
            }
            match branch {
                Some(b) => alternatives.push(b),
                None if !alternatives.is_empty() => {
                    return Err(error("'OR' needs words after it", start));
                }
                None => {}
            }
            break;
        }
        Ok(match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Node::Or(alternatives)),
        })
    }

    fn at_end_of_group(&self) -> bool {
        match self.peek() {
            None => true,
            Some(Token::Close) => !self.open.is_empty(),
            Some(Token::Or) => true,
            _ => false,
        }
    }

    fn and(&mut self) -> Result<Option<Node>, SyntaxError> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                Some(Token::And) => {
                    let position = self.position();
                    self.at += 1;
                    if parts.is_empty() {
                        return Err(error("'AND' needs words before it", position));
                    }
                    if self.at_end_of_group() {
                        return Err(error("'AND' needs words after it", position));
                    }
                }
                Some(Token::Not | Token::Quoted(_) | Token::Open | Token::Chunk(_)) => {
                    parts.extend(self.operand()?);
                }
                // A ")" that closes nothing is text: "a) Mục tiêu".
                Some(Token::Close) if self.open.is_empty() => self.at += 1,
                _ => break,
            }
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::And(parts)),
        })
    }

    /// One operand, as the nodes to AND: a phrase, a group, a NOT of the
    /// operand after it, or the words up to the next operator, quote or
    /// parenthesis (so "NOT cận nghèo" leaves out both words together).
    fn operand(&mut self) -> Result<Vec<Node>, SyntaxError> {
        let position = self.position();
        match self.peek() {
            Some(Token::Not) => {
                self.at += 1;
                let negated = self.operand()?;
                if negated.is_empty() {
                    return Err(error("'NOT' needs words after it", position));
                }
                Ok(vec![Node::Not(Box::new(and_of(negated)))])
            }
            Some(Token::Quoted(text)) => {
                let text = text.clone();
                let syllables = syllables_of(&text);
                self.at += 1;
                if syllables.is_empty() {
                    return Err(error("nothing between these quotes", position));
                }
                Ok(vec![phrase(&text, syllables)])
            }
            Some(Token::Open) => {
                self.at += 1;
                self.open.push(position);
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(error("this '(' is never closed", position));
                }
                self.open.pop();
                self.at += 1;
                inner
                    .map(|node| vec![node])
                    .ok_or_else(|| error("nothing between these parentheses", position))
            }
            _ => {
                let mut chunks = Vec::new();
                loop {
                    match self.tokens.get(self.at) {
                        Some((Token::Chunk(chunk), _)) => chunks.push(chunk.clone()),
                        Some((Token::Close, _)) if self.open.is_empty() => {}
                        _ => break,
                    }
                    self.at += 1;
                }
                Ok(run(&chunks))
            }
        }
    }
}

fn and_of(mut nodes: Vec<Node>) -> Node {
    if nodes.len() == 1 {
        nodes.pop().expect("one node")
    } else {
        Node::And(nodes)
    }
}

/// A quoted phrase: a project when it is exactly a project mention.
fn phrase(text: &str, words: Vec<String>) -> Node {
    let canonical_text = canonical(text);
    let found = mentions(&canonical_text);
    if let [m] = found.as_slice() {
        let before = syllables(&canonical_text[..m.start]).count();
        let after = syllables(&canonical_text[m.end..]).count();
        if before == 0 && after == 0 {
            if let Some(project) = m.project {
                return Node::Project {
                    project,
                    subproject: m.subproject,
                    words,
                };
            }
        }
    }
    match <[String; 1]>::try_from(words) {
        Ok([one]) => Node::Term(one),
        Err(many) => Node::Phrase(many),
    }
}

/// Groups of phrases that mean the same, each phrase as its syllables.
static SYNONYM_GROUPS: Lazy<Vec<Vec<Vec<String>>>> = Lazy::new(|| {
    let abbreviations = rows(ABBREVIATIONS).map(|r| vec![r[0], r[1]]);
    rows(SYNONYMS)
        .chain(abbreviations)
        .map(|group| group.into_iter().map(syllables_of).collect())
        .collect()
});

/// The group of phrases whose folded syllables are `folded`, if any.
fn synonyms(folded: &[String]) -> Option<&'static Vec<Vec<String>>> {
    SYNONYM_GROUPS.iter().find(|group| {
        group.iter().any(|phrase| {
            phrase.len() == folded.len()
                && phrase.iter().zip(folded).all(|(p, f)| folded_key(p) == *f)
        })
    })
}

/// A run of syllables as a node: a term, or a phrase.
fn words_node(words: Vec<String>) -> Option<Node> {
    match <[String; 1]>::try_from(words) {
        Ok([one]) => Some(Node::Term(one)),
        Err(many) if many.is_empty() => None,
        Err(many) => Some(Node::Phrase(many)),
    }
}

/// Unquoted words: projects named in them, then words that plans also
/// write another way, then each remaining chunk as a term, or a phrase
/// when punctuation joins its syllables ("90/QĐ-TTg").
fn run(chunks: &[String]) -> Vec<Node> {
    if chunks.is_empty() {
        return Vec::new();
    }
    let text = canonical(&chunks.join(" "));
    let mut nodes = Vec::new();
    let mut at = 0;
    for m in mentions(&text) {
        let Some(project) = m.project else { continue };
        literal(&text[at..m.start], &mut nodes);
        nodes.push(Node::Project {
            project,
            subproject: m.subproject,
            words: syllables_of(&text[m.start..m.end]),
        });
        at = m.end;
    }
    literal(&text[at..], &mut nodes);
    nodes
}

/// Chunks without projects: each a term or phrase, or, for the longest
/// run of chunks that a synonym group holds, any phrase of the group.
fn literal(text: &str, nodes: &mut Vec<Node>) {
    let chunks: Vec<Vec<String>> = text
        .split_whitespace()
        .map(syllables_of)
        .filter(|s| !s.is_empty())
        .collect();
    let mut i = 0;
    while i < chunks.len() {
        let found = (i + 1..=chunks.len()).rev().find_map(|j| {
            let typed: Vec<String> = chunks[i..j].concat();
            let folded: Vec<String> = typed.iter().map(|w| folded_key(w)).collect();
            synonyms(&folded).map(|group| (j, typed, folded, group))
        });
        match found {
            Some((j, typed, folded, group)) => {
                // The words as typed, then the group's other phrases.
                let mut variants: Vec<Node> = words_node(typed).into_iter().collect();
                for phrase in group {
                    let own: Vec<String> = phrase.iter().map(|w| folded_key(w)).collect();
                    if own != folded {
                        variants.extend(words_node(phrase.clone()));
                    }
                }
                nodes.push(Node::Ways(variants));
                i = j;
            }
            None => {
                nodes.extend(words_node(chunks[i].clone()));
                i += 1;
            }
        }
    }
}

impl Node {
    /// Whether any word of the query carries a diacritic: then passages with
    /// those words as typed rank above those matching only without them.
    pub fn has_diacritics(&self) -> bool {
        let typed = |s: &String| crate::vi::key::fold(s) != s.to_lowercase();
        match self {
            Node::Term(t) => typed(t),
            Node::Phrase(words) => words.iter().any(typed),
            Node::Project { .. } => false,
            Node::And(v) | Node::Or(v) => v.iter().any(Node::has_diacritics),
            Node::Ways(v) => v[0].has_diacritics(),
            Node::Not(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str) -> Node {
        Node::Term(t.into())
    }
    fn phrase_of(words: &[&str]) -> Node {
        Node::Phrase(words.iter().map(|w| w.to_string()).collect())
    }
    fn parsed(q: &str) -> Node {
        parse(q).unwrap().unwrap()
    }

    #[test]
    fn words_and_phrases() {
        assert_eq!(
            parsed("giảm nghèo"),
            Node::And(vec![term("giảm"), term("nghèo")])
        );
        assert_eq!(
            parsed("\"tỷ lệ hộ nghèo\""),
            phrase_of(&["tỷ", "lệ", "hộ", "nghèo"])
        );
        assert_eq!(parsed("“nhà ở”"), phrase_of(&["nhà", "ở"]));
        assert_eq!(parsed("”nhà ở“"), phrase_of(&["nhà", "ở"]));
        assert_eq!(parsed("\"nước\""), term("nước"));
        assert_eq!(parsed("Uỷ"), term("Ủy"), "canonical tone placement");
    }

    #[test]
    fn punctuation_inside_a_word_makes_a_phrase() {
        assert_eq!(parsed("90/QĐ-TTg"), phrase_of(&["90", "QĐ", "TTg"]));
        assert_eq!(parsed("90/QD-TTg"), phrase_of(&["90", "QD", "TTg"]));
        assert_eq!(parsed("2021-2025"), phrase_of(&["2021", "2025"]));
    }

    #[test]
    fn pasted_headings_are_text() {
        assert_eq!(
            parsed("Mục tiêu: giảm nghèo"),
            Node::And(vec![term("Mục"), term("tiêu"), term("giảm"), term("nghèo")])
        );
        assert_eq!(
            parsed("a) Mục tiêu"),
            Node::And(vec![term("a"), term("Mục"), term("tiêu")])
        );
        assert_eq!(
            parsed("[Phụ lục] - / :"),
            Node::And(vec![term("Phụ"), term("lục")])
        );
        assert_eq!(
            parsed("THỰC HIỆN CHƯƠNG TRÌNH “NÂNG CAO CHẤT LƯỢNG”"),
            Node::And(vec![
                term("THỰC"),
                term("HIỆN"),
                term("CHƯƠNG"),
                term("TRÌNH"),
                phrase_of(&["NÂNG", "CAO", "CHẤT", "LƯỢNG"])
            ])
        );
        assert_eq!(parse(": - /").unwrap(), None);
        assert_eq!(parse("").unwrap(), None);
    }

    #[test]
    fn operators_and_groups() {
        assert_eq!(
            parsed("nhà ở OR hộ nghèo"),
            Node::Or(vec![
                Node::And(vec![term("nhà"), term("ở")]),
                Node::And(vec![term("hộ"), term("nghèo")])
            ])
        );
        assert_eq!(
            parsed("hộ nghèo NOT (cận nghèo)"),
            Node::And(vec![
                term("hộ"),
                term("nghèo"),
                Node::Not(Box::new(Node::And(vec![term("cận"), term("nghèo")])))
            ])
        );
        assert_eq!(
            parsed("(a OR b) AND c"),
            Node::And(vec![Node::Or(vec![term("a"), term("b")]), term("c")])
        );
        assert_eq!(parsed("NOT a"), Node::Not(Box::new(term("a"))));
        assert_eq!(
            parsed("a NOT Dự án 5"),
            Node::And(vec![
                term("a"),
                Node::Not(Box::new(Node::Project {
                    project: 5,
                    subproject: None,
                    words: ["Dự", "án", "5"].map(String::from).to_vec()
                }))
            ])
        );
        assert_eq!(
            parsed("and or not"),
            Node::And(vec![term("and"), term("or"), term("not")]),
            "operators are upper case"
        );
    }

    #[test]
    fn projects_in_words_quoted_or_not() {
        let five = |words: &[&str]| Node::Project {
            project: 5,
            subproject: None,
            words: words.iter().map(|w| w.to_string()).collect(),
        };
        assert_eq!(parsed("Dự án 5"), five(&["Dự", "án", "5"]));
        assert_eq!(parsed("\"Dự án 5\""), five(&["Dự", "án", "5"]));
        assert_eq!(parsed("du an 5"), five(&["du", "an", "5"]));
        assert_eq!(parsed("DA5"), five(&["DA5"]));
        assert_eq!(
            parsed("nhà ở Dự án 5"),
            Node::And(vec![term("nhà"), term("ở"), five(&["Dự", "án", "5"])])
        );
        assert_eq!(
            parsed("tiểu dự án 2 dự án 3"),
            Node::Project {
                project: 3,
                subproject: Some(2),
                words: ["tiểu", "dự", "án", "2", "dự", "án", "3"]
                    .map(String::from)
                    .to_vec()
            }
        );
        assert!(matches!(parsed("\"Dự án 5 hỗ trợ\""), Node::Phrase(_)));
        assert!(matches!(parsed("tiểu dự án 2"), Node::And(_)));
    }

    #[test]
    fn words_plans_write_another_way_find_every_way() {
        let Node::Ways(ways) = parsed("nuoc sach") else {
            panic!("a synonym group")
        };
        assert_eq!(ways[0], phrase_of(&["nuoc", "sach"]));
        assert!(ways.contains(&phrase_of(&["nước", "sinh", "hoạt"])));
        assert!(
            !ways.contains(&phrase_of(&["nước", "sạch"])),
            "the typed form once"
        );
        let Node::And(parts) = parsed("UBND huyện") else {
            panic!("two parts")
        };
        assert_eq!(
            parts[0],
            Node::Ways(vec![term("UBND"), phrase_of(&["Ủy", "ban", "nhân", "dân"])])
        );
        assert_eq!(parts[1], term("huyện"));
        assert!(
            matches!(parsed("\"nước sạch\""), Node::Phrase(_)),
            "quotes take it as written"
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        let err = |q: &str| parse(q).unwrap_err();
        assert_eq!(err("\"giảm nghèo"), error("this quote is never closed", 1));
        assert_eq!(err("a “b"), error("this quote is never closed", 3));
        assert_eq!(err("(a b"), error("this '(' is never closed", 1));
        assert_eq!(err("a ()"), error("nothing between these parentheses", 3));
        assert_eq!(err("a \"\""), error("nothing between these quotes", 3));
        assert_eq!(err("OR a"), error("'OR' needs words before it", 1));
        assert_eq!(err("a OR"), error("'OR' needs words after it", 3));
        assert_eq!(err("a AND"), error("'AND' needs words after it", 3));
        assert_eq!(err("AND a"), error("'AND' needs words before it", 1));
        assert_eq!(err("a NOT"), error("'NOT' needs words after it", 3));
        assert_eq!(err("a NOT :"), error("'NOT' needs words after it", 3));
        assert_eq!(
            err("a \"b").to_string(),
            "this quote is never closed (at character 3)"
        );
    }

    #[test]
    fn diacritics_typed() {
        assert!(parsed("nhà ở").has_diacritics());
        assert!(!parsed("nha o").has_diacritics());
        assert!(
            !parsed("Dự án 5").has_diacritics(),
            "a project is spelling-free"
        );
        assert!(!parsed("GIAM NGHEO").has_diacritics());
    }
}
