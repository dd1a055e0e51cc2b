//! styles.xml: what a paragraph, character or table style gives the text
//! through its `basedOn` chain: a heading level, bold, a numbering list
//! (offices attach "I.", "1." to their heading styles), table borders.

use std::collections::HashMap;

use roxmltree::Node;

use super::xml;

/// A `w:numPr`: the list a paragraph belongs to, and its level when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberingRef {
    pub num_id: u32,
    pub level: Option<u8>,
}

impl NumberingRef {
    pub fn from_props(props: Node) -> Option<NumberingRef> {
        let num_pr = xml::child(props, "numPr")?;
        Some(NumberingRef {
            num_id: xml::child_number(num_pr, "numId")?,
            level: xml::child_number(num_pr, "ilvl").map(|l| l.min(8) as u8),
        })
    }
}

#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    bold: Option<bool>,
    caps: Option<bool>,
    centered: Option<bool>,
    numbering: Option<NumberingRef>,
    /// 0-based outline level of the paragraph style.
    outline: Option<u8>,
    borders: Option<bool>,
}

#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
}

/// basedOn chains longer than this are cycles.
const MAX_CHAIN: usize = 32;

impl Styles {
    pub fn parse(root: Node) -> Styles {
        let mut out = Styles::default();
        for node in xml::children(root, "style") {
            let Some(id) = xml::attr(node, "styleId") else {
                continue;
            };
            let ppr = xml::child(node, "pPr");
            let rpr = xml::child(node, "rPr");
            let style = Style {
                name: xml::child_val(node, "name").unwrap_or("").to_lowercase(),
                based_on: xml::child_val(node, "basedOn").map(str::to_string),
                bold: xml::toggle(rpr, "b"),
                caps: xml::toggle(rpr, "caps"),
                centered: ppr.and_then(centered),
                numbering: ppr.and_then(NumberingRef::from_props),
                outline: ppr
                    .and_then(|p| xml::child_number(p, "outlineLvl"))
                    .map(|l| l.min(9) as u8),
                borders: xml::child(node, "tblPr")
                    .and_then(|t| xml::child(t, "tblBorders"))
                    .map(has_visible_border),
            };
            if xml::attr(node, "type") == Some("paragraph")
                && xml::attr(node, "default").is_some_and(|d| d == "1" || d == "true")
            {
                out.default_paragraph = Some(id.to_string());
            }
            out.styles.insert(id.to_string(), style);
        }
        out
    }

    /// The first value `get` finds along the style's basedOn chain.
    fn inherited<T>(&self, id: Option<&str>, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id.or(self.default_paragraph.as_deref())?;
        for _ in 0..MAX_CHAIN {
            let style = self.styles.get(id)?;
            if let Some(v) = get(style) {
                return Some(v);
            }
            id = style.based_on.as_deref()?;
        }
        None
    }

    /// 1-based heading level of a paragraph style: a built-in "heading N"
    /// (localised Word keeps the English name) or an outline level.
    pub fn heading_level(&self, id: Option<&str>) -> Option<u8> {
        let named = id
            .and_then(|i| self.styles.get(i))
            .and_then(|s| s.name.strip_prefix("heading "))
            .and_then(|n| n.trim().parse::<u8>().ok());
        named
            .or_else(|| self.inherited(id, |s| s.outline).map(|l| l + 1))
            .filter(|l| (1..=9).contains(l))
    }

    pub fn bold(&self, id: Option<&str>) -> Option<bool> {
        self.inherited(id, |s| s.bold)
    }

    pub fn caps(&self, id: Option<&str>) -> Option<bool> {
        self.inherited(id, |s| s.caps)
    }

    pub fn centered(&self, id: Option<&str>) -> Option<bool> {
        self.inherited(id, |s| s.centered)
    }

    pub fn numbering(&self, id: Option<&str>) -> Option<NumberingRef> {
        self.inherited(id, |s| s.numbering)
    }

    /// Whether a table style draws borders.
    pub fn table_borders(&self, id: &str) -> Option<bool> {
        let mut id = id;
        for _ in 0..MAX_CHAIN {
            let style = self.styles.get(id)?;
            if let Some(b) = style.borders {
                return Some(b);
            }
            id = style.based_on.as_deref()?;
        }
        None
    }

    /// Whether the style is one of Word's table-of-contents styles, whose
    /// paragraphs repeat the headings.
    pub fn is_contents(&self, id: Option<&str>) -> bool {
        id.and_then(|i| self.styles.get(i))
            .is_some_and(|s| s.name.starts_with("toc "))
    }
}

/// Whether paragraph properties centre the paragraph, if they say.
pub fn centered(props: Node) -> Option<bool> {
    xml::child_val(props, "jc").map(|j| j == "center")
}

/// A `w:tblBorders` or `w:tcBorders` with at least one line drawn.
pub fn has_visible_border(borders: Node) -> bool {
    borders
        .children()
        .filter(|b| b.is_element())
        .any(|b| !matches!(xml::attr(b, "val"), Some("nil" | "none") | None))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
        <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Mục"/><w:basedOn w:val="Heading1"/>
        <w:rPr><w:b w:val="0"/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
      <w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/>
        <w:tblPr><w:tblBorders><w:top w:val="single"/></w:tblBorders></w:tblPr></w:style>
      <w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>
    </w:styles>"#;

    #[test]
    fn properties_follow_the_based_on_chain() {
        let doc = roxmltree::Document::parse(STYLES).unwrap();
        let styles = Styles::parse(doc.root_element());
        assert_eq!(styles.heading_level(Some("Heading1")), Some(1));
        assert_eq!(
            styles.heading_level(Some("Muc")),
            Some(1),
            "outline inherited"
        );
        assert_eq!(styles.heading_level(None), None);
        assert_eq!(styles.bold(Some("Heading1")), Some(true));
        assert_eq!(styles.bold(Some("Muc")), Some(false), "switched off");
        assert_eq!(
            styles.numbering(Some("Muc")),
            Some(NumberingRef {
                num_id: 3,
                level: None
            })
        );
        assert_eq!(styles.centered(Some("Muc")), Some(true));
        assert_eq!(styles.bold(Some("Loop")), None, "a cycle ends");
        assert_eq!(styles.table_borders("Grid"), Some(true));
        assert!(styles.is_contents(Some("TOC1")));
    }
}
