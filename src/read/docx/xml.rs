//! Small helpers over roxmltree for WordprocessingML.
//!
//! Elements are matched by local name: the transitional and the strict
//! flavours of the format put the same names in different namespaces, and
//! the reader only descends into elements whose names it knows.

use roxmltree::{Document, Node, ParsingOptions};

use crate::read::ReadError;

pub fn parse<'a>(text: &'a str, part: &str) -> Result<Document<'a>, ReadError> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|e| ReadError::Office(format!("{part} is not well-formed XML: {e}")))
}

/// XML text from its bytes: UTF-8 (with or without BOM) or UTF-16 with BOM.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
        String::from_utf16(&units).map_err(|_| "invalid UTF-16".to_string())
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => {
            let mut text = String::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
            if text.starts_with('\u{FEFF}') {
                text.drain(..3);
            }
            Ok(text)
        }
    }
}

pub fn is(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is(*c, name))
}

pub fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| is(*c, name))
}

pub fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

/// The `w:val` of the child `name`.
pub fn child_val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| attr(c, "val"))
}

pub fn child_number(node: Node, name: &str) -> Option<u32> {
    child_val(node, name).and_then(|v| v.trim().parse().ok())
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`): present and not switched off.
pub fn on(node: Node) -> bool {
    !matches!(attr(node, "val"), Some("0" | "false" | "off" | "none"))
}

/// The on/off property `name` of a properties element, if it is set there.
pub fn toggle(props: Option<Node>, name: &str) -> Option<bool> {
    props.and_then(|p| child(p, name)).map(on)
}
