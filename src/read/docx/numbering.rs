//! Word's automatic numbering, rebuilt from numbering.xml.
//!
//! Offices number "I.", "1.", "1.1.", "a)" with lists, so the numbers are not
//! in the text: a paragraph names a list (`numId`, directly or through its
//! style) and a level, the list names an abstract definition whose levels
//! give a format, a start and a text pattern ("%1.", "%1.%2.", "%3)"). The
//! counters are kept per abstract definition, as Word keeps them, so lists
//! that share one continue each other unless a list restarts a level
//! (`lvlOverride/startOverride`).

use std::collections::{HashMap, HashSet};

use roxmltree::Node;

use super::styles::{NumberingRef, Styles};
use super::{symbols, xml};

const LEVELS: usize = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumFormat {
    Decimal,
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    Bullet,
    None,
}

impl NumFormat {
    fn parse(name: &str) -> NumFormat {
        match name {
            "decimalZero" => NumFormat::DecimalZero,
            "upperRoman" => NumFormat::UpperRoman,
            "lowerRoman" => NumFormat::LowerRoman,
            "upperLetter" => NumFormat::UpperLetter,
            "lowerLetter" => NumFormat::LowerLetter,
            "bullet" => NumFormat::Bullet,
            "none" => NumFormat::None,
            // Ordinals, spelled-out and East Asian counting read as numbers.
            _ => NumFormat::Decimal,
        }
    }

    fn render(self, n: u32) -> String {
        match self {
            NumFormat::Decimal | NumFormat::Bullet => n.to_string(),
            NumFormat::DecimalZero => format!("{n:02}"),
            NumFormat::UpperRoman => roman(n),
            NumFormat::LowerRoman => roman(n).to_lowercase(),
            NumFormat::UpperLetter => letters(n).to_uppercase(),
            NumFormat::LowerLetter => letters(n),
            NumFormat::None => String::new(),
        }
    }
}

fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 {
        return "0".into();
    }
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Word's letters: a..z, then aa..zz, then aaa...
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = (b'a' + ((n - 1) % 26) as u8) as char;
    letter.to_string().repeat(((n - 1) / 26 + 1) as usize)
}

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: NumFormat,
    text: String,
    /// 1-based level whose use restarts this one; 0 never restarts it.
    restart_after: Option<u32>,
    legal: bool,
    suffix: &'static str,
    style: Option<String>,
}

impl Level {
    fn parse(node: Node) -> Level {
        let text = xml::child_val(node, "lvlText").unwrap_or("").to_string();
        Level {
            start: xml::child_number(node, "start").unwrap_or(1),
            format: NumFormat::parse(xml::child_val(node, "numFmt").unwrap_or("decimal")),
            text,
            restart_after: xml::child_number(node, "lvlRestart"),
            legal: xml::toggle(Some(node), "isLgl").unwrap_or(false),
            suffix: match xml::child_val(node, "suff") {
                Some("nothing") => "",
                _ => " ",
            },
            style: xml::child_val(node, "pStyle").map(str::to_string),
        }
    }
}

#[derive(Debug, Default)]
struct Abstract {
    levels: Vec<Option<Level>>,
    /// `numStyleLink`: the levels are those of the list the numbering style names.
    style_link: Option<String>,
}

#[derive(Debug, Default)]
struct List {
    abstract_id: u32,
    starts: HashMap<u8, u32>,
    levels: HashMap<u8, Level>,
}

/// Definitions and the running counters of one document.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    lists: HashMap<u32, List>,
    counters: HashMap<u32, [Option<u32>; LEVELS]>,
    /// Lists whose start overrides have been applied.
    started: HashSet<u32>,
}

impl Numbering {
    pub fn parse(root: Node) -> Numbering {
        let mut out = Numbering::default();
        for node in xml::children(root, "abstractNum") {
            let Some(id) = xml::attr(node, "abstractNumId").and_then(|v| v.parse().ok()) else {
                continue;
            };
            let mut levels = vec![None; LEVELS];
            for lvl in xml::children(node, "lvl") {
                if let Some(i) = level_index(lvl) {
                    levels[i] = Some(Level::parse(lvl));
                }
            }
            let style_link = xml::child_val(node, "numStyleLink").map(str::to_string);
            out.abstracts.insert(id, Abstract { levels, style_link });
        }
        for node in xml::children(root, "num") {
            let Some(id) = xml::attr(node, "numId").and_then(|v| v.parse().ok()) else {
                continue;
            };
            let Some(abstract_id) = xml::child_number(node, "abstractNumId") else {
                continue;
            };
            let mut list = List {
                abstract_id,
                ..List::default()
            };
            for o in xml::children(node, "lvlOverride") {
                let Some(i) = level_index(o) else { continue };
                if let Some(start) = xml::child_number(o, "startOverride") {
                    list.starts.insert(i as u8, start);
                }
                if let Some(lvl) = xml::child(o, "lvl") {
                    list.levels.insert(i as u8, Level::parse(lvl));
                }
            }
            out.lists.insert(id, list);
        }
        out
    }

    /// The abstract definition that holds a list's levels, following a
    /// numbering style's link to the list it defines.
    fn definition(&self, list: &List, styles: &Styles) -> Option<u32> {
        let mut id = list.abstract_id;
        for _ in 0..4 {
            let Some(link) = self.abstracts.get(&id)?.style_link.as_deref() else {
                return Some(id);
            };
            let linked = styles.numbering(Some(link))?;
            id = self.lists.get(&linked.num_id)?.abstract_id;
        }
        Some(id)
    }

    fn level<'a>(&'a self, list: &'a List, definition: u32, i: usize) -> Option<&'a Level> {
        list.levels
            .get(&(i as u8))
            .or_else(|| self.abstracts.get(&definition)?.levels.get(i)?.as_ref())
    }

    /// The level of a list that a paragraph style is linked to (`lvl/pStyle`).
    fn style_level(&self, num_id: u32, style: &str, styles: &Styles) -> Option<u8> {
        let list = self.lists.get(&num_id)?;
        let definition = self.definition(list, styles)?;
        (0..LEVELS)
            .find(|&i| {
                self.level(list, definition, i)
                    .is_some_and(|l| l.style.as_deref() == Some(style))
            })
            .map(|i| i as u8)
    }

    /// The number of the next paragraph of list `reference` (with its
    /// separator), advancing the counters; None when it is not numbered.
    pub fn next_label(
        &mut self,
        reference: NumberingRef,
        style: Option<&str>,
        styles: &Styles,
    ) -> Option<String> {
        let num_id = reference.num_id;
        let list = self.lists.get(&num_id)?;
        let definition = self.definition(list, styles)?;
        let i = reference
            .level
            .or_else(|| style.and_then(|s| self.style_level(num_id, s, styles)))
            .unwrap_or(0) as usize;
        let level = self.level(list, definition, i)?.clone();
        let levels: Vec<Option<Level>> = (0..LEVELS)
            .map(|k| self.level(list, definition, k).cloned())
            .collect();
        let first_use = self.started.insert(num_id);
        let starts = list.starts.clone();
        let counters = self.counters.entry(definition).or_default();
        if first_use {
            for (&k, &start) in &starts {
                counters[k as usize] = Some(start.saturating_sub(1));
            }
        }
        counters[i] = Some(counters[i].map_or(level.start, |n| n + 1));
        for (k, deeper) in levels.iter().enumerate().skip(i + 1) {
            let restarts = match deeper.as_ref().and_then(|l| l.restart_after) {
                Some(0) => false,
                Some(after) => i < after as usize,
                None => true,
            };
            if restarts {
                counters[k] = None;
            }
        }
        let label = match level.format {
            NumFormat::Bullet => symbols::bullet(&level.text),
            _ => expand(&level, &levels, counters),
        };
        (!label.is_empty()).then(|| format!("{label}{}", level.suffix))
    }
}

fn level_index(node: Node) -> Option<usize> {
    xml::attr(node, "ilvl")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&i| i < LEVELS)
}

/// Fills a level's text pattern ("%1.%2.") with the counters of the levels it names.
fn expand(level: &Level, levels: &[Option<Level>], counters: &[Option<u32>; LEVELS]) -> String {
    let mut out = String::new();
    let mut chars = level.text.chars().peekable();
    while let Some(c) = chars.next() {
        let named = chars
            .peek()
            .and_then(|d| d.to_digit(10))
            .filter(|d| (1..=LEVELS as u32).contains(d));
        match (c, named) {
            ('%', Some(d)) => {
                chars.next();
                let k = d as usize - 1;
                let def = levels[k].as_ref();
                let value = counters[k].unwrap_or_else(|| def.map_or(1, |l| l.start));
                let format = match def.map(|l| l.format) {
                    Some(_) if level.legal => NumFormat::Decimal,
                    Some(f) => f,
                    None => NumFormat::Decimal,
                };
                out.push_str(&format.render(value));
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(numbering: &str) -> String {
        format!(
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{numbering}</w:numbering>"#
        )
    }

    fn lvl(i: u8, start: u32, format: &str, text: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/></w:lvl>"#
        )
    }

    /// Labels of a run of (numId, level) paragraphs.
    fn labels(
        numbering: &str,
        styles: &Styles,
        paragraphs: &[(u32, Option<u8>, Option<&str>)],
    ) -> Vec<String> {
        let xml = doc(numbering);
        let parsed = roxmltree::Document::parse(&xml).unwrap();
        let mut n = Numbering::parse(parsed.root_element());
        paragraphs
            .iter()
            .map(|&(num_id, level, style)| {
                n.next_label(NumberingRef { num_id, level }, style, styles)
                    .unwrap_or_default()
            })
            .collect()
    }

    fn plan_levels() -> String {
        format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, 1, "upperRoman", "%1."),
            lvl(1, 1, "decimal", "%2."),
            lvl(2, 1, "decimal", "%2.%3."),
            lvl(3, 1, "lowerLetter", "%4)"),
        )
    }

    #[test]
    fn formats_and_multi_level_patterns() {
        let got = labels(
            &plan_levels(),
            &Styles::default(),
            &[
                (1, Some(0), None),
                (1, Some(1), None),
                (1, Some(2), None),
                (1, Some(2), None),
                (1, Some(3), None),
                (1, Some(3), None),
                (1, Some(1), None),
                (1, Some(0), None),
                (1, Some(1), None),
            ],
        );
        assert_eq!(
            got,
            ["I. ", "1. ", "1.1. ", "1.2. ", "a) ", "b) ", "2. ", "II. ", "1. "]
        );
    }

    #[test]
    fn restarts_per_level_and_per_list() {
        let never = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>"#;
        let lists = r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride></w:num>"#;
        let got = labels(
            &format!("{never}{lists}"),
            &Styles::default(),
            &[
                (1, Some(1), None),
                (1, Some(0), None),
                (1, Some(1), None),
                (2, Some(1), None),
                (3, Some(1), None),
                (3, Some(1), None),
            ],
        );
        // Level 2 never restarts; list 2 continues list 1; list 3 restarts at 5.
        assert_eq!(got, ["1. ", "I. ", "2. ", "3. ", "5. ", "6. "]);
    }

    #[test]
    fn start_values_suffixes_bullets_and_legal_numbers() {
        let abstract_ = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:suff w:val="nothing"/><w:lvlText w:val="%1.%2"/></w:lvl>{}</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, 3, "upperRoman", "%1."),
            lvl(2, 1, "bullet", "\u{F0B7}"),
        );
        let got = labels(
            &abstract_,
            &Styles::default(),
            &[
                (4, Some(0), None),
                (4, Some(1), None),
                (4, Some(2), None),
                (9, Some(0), None),
            ],
        );
        assert_eq!(
            got,
            ["III. ", "3.1", "• ", ""],
            "an unknown list is no number"
        );
    }

    #[test]
    fn numbering_linked_through_paragraph_styles() {
        let styles_xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:type="numbering" w:styleId="PlanList"><w:name w:val="Plan list"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        </w:styles>"#;
        let parsed = roxmltree::Document::parse(styles_xml).unwrap();
        let styles = Styles::parse(parsed.root_element());
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="PlanList"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:pStyle w:val="H1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:pStyle w:val="H2"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="PlanList"/></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;
        let h1 = styles.numbering(Some("H1")).unwrap();
        let h2 = styles.numbering(Some("H2")).unwrap();
        let got = labels(
            numbering,
            &styles,
            &[
                (h1.num_id, h1.level, Some("H1")),
                (h2.num_id, h2.level, Some("H2")),
                (h2.num_id, h2.level, Some("H2")),
                (h1.num_id, h1.level, Some("H1")),
                (2, Some(1), None),
            ],
        );
        assert_eq!(
            got,
            ["I. ", "1. ", "2. ", "II. ", "1. "],
            "numStyleLink shares the list"
        );
    }

    #[test]
    fn numbers_render_in_each_format() {
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(letters(1), "a");
        assert_eq!(letters(27), "aa");
        assert_eq!(NumFormat::DecimalZero.render(7), "07");
        assert_eq!(NumFormat::LowerRoman.render(4), "iv");
        assert_eq!(NumFormat::UpperLetter.render(2), "B");
    }
}
