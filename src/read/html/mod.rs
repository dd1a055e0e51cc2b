//! Web pages saved from legal portals (the national database of legal
//! documents, thuvienphapluat, chinhphu.vn, provincial portals) and HTML
//! exported by office suites, read into the markdown every structured
//! reader hands the pipeline.
//!
//! Steps: the encoding ([`charset`]), an HTML5 parse (scraper, on html5ever:
//! the tree a browser builds from the same broken markup, entities decoded),
//! the page measured and its furniture dropped ([`page`]), the document's
//! body found ([`page::Page::body`]), and the body written as markdown
//! ([`render`], tables by [`table`], notes by [`footnotes`]). Text written in a legacy Vietnamese
//! font encoding (TCVN3, VNI) on an 8-bit page is converted last, as
//! [`crate::read::decode`] does for text files.

pub mod charset;
pub mod footnotes;
pub mod marks;
pub mod page;
pub mod render;
pub mod table;

use scraper::Html;

use super::{legacy, Format, ReadError, SourceText};

/// How much of the start of a file the sniffer looks at.
const SNIFF_BYTES: usize = 8 * 1024;

/// Tags that open a whole page.
const PAGE_TAGS: [&str; 5] = ["html", "head", "body", "meta", "title"];
/// Tags a saved fragment of a page opens with.
const FRAGMENT_TAGS: [&str; 10] = [
    "div", "p", "table", "span", "font", "center", "section", "article", "style", "h1",
];

/// Whether `bytes` are a web page, judged from their first markup (after a
/// byte-order mark, white space, comments such as a browser's "saved from
/// url" line, and an XML declaration): a doctype or a page's own element
/// (`<html>`, `<head>`, `<body>`, `<meta>`) is a page; a block element
/// (`<div>`, `<p>`, `<table>`) is a fragment of one only when most of its
/// lines are markup, so markdown or text with an occasional tag stays text.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = start_as_text(bytes);
    let mut rest = head.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r).trim_start();
        } else if rest.starts_with("<?xml") {
            rest = rest.split_once('>').map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    let Some(after) = rest.strip_prefix('<') else {
        return false;
    };
    let name: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
        .collect::<String>()
        .to_ascii_lowercase();
    let delimited =
        after[name.len()..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/');
    if !delimited {
        return false;
    }
    if name == "!doctype" {
        return after[name.len()..]
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("html");
    }
    PAGE_TAGS.contains(&name.as_str())
        || FRAGMENT_TAGS.contains(&name.as_str()) && mostly_markup(&head)
}

/// The first [`SNIFF_BYTES`] as text: UTF-16 when a byte-order mark says so,
/// else bytes read as UTF-8 (markup is ASCII in every 8-bit encoding).
fn start_as_text(bytes: &[u8]) -> String {
    let start = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    match encoding_rs::Encoding::for_bom(start) {
        Some((encoding, bom)) => encoding
            .decode_without_bom_handling(&start[bom..])
            .0
            .into_owned(),
        None => String::from_utf8_lossy(start).into_owned(),
    }
}

/// At least half of the non-empty lines hold a tag.
fn mostly_markup(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tagged = lines
        .iter()
        .filter(|l| {
            l.match_indices('<')
                .any(|(i, _)| l[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/'))
        })
        .count();
    tagged * 2 >= lines.len()
}

/// Reads a web page: its document's body as markdown.
pub fn read(bytes: &[u8]) -> Result<SourceText, ReadError> {
    let (text, encoding) = charset::decode(bytes);
    let html = Html::parse_document(&text);
    let page = page::Page::new(&html);
    let markdown = render::markdown(&page, page.body());
    let (text, encoding) = match legacy::detect(&markdown) {
        Some(l) => (legacy::to_unicode(&markdown, l), l.name()),
        None => (markdown, encoding),
    };
    if text.trim().is_empty() {
        return Err(ReadError::Blank);
    }
    Ok(SourceText {
        text,
        format: Format::Html,
        encoding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_sniffed_from_their_first_markup() {
        assert!(sniff(
            b"<!DOCTYPE html>\n<html lang=\"vi\"><body><p>x</p></body></html>"
        ));
        assert!(sniff(
            b"\xEF\xBB\xBF  <!-- saved from url=(0042)https://vbpl.vn/ -->\n<HTML><BODY>x"
        ));
        assert!(sniff(
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">"
        ));
        assert!(sniff(b"<meta charset=\"windows-1258\"><p>K\xEA\xECt</p>"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "<html><body>Kế hoạch"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert!(sniff(&utf16));
        assert!(sniff(
            b"<div class=\"doc\">\n<p>KE HOACH</p>\n<p>Can cu</p>\n</div>"
        ));
    }

    #[test]
    fn text_and_markdown_with_a_tag_are_not_pages() {
        assert!(!sniff(
            "KẾ HOẠCH\n\nThực hiện <b>Chương trình</b>".as_bytes()
        ));
        assert!(!sniff(
            "<div align=\"center\">\n\n## KẾ HOẠCH\n\nThực hiện Chương trình\n\nI. MỤC ĐÍCH\n\n- Một<br>\n".as_bytes()
        ));
        assert!(!sniff(b"<p>"));
        assert!(!sniff(b"<pre>x</pre>"));
        assert!(!sniff(b"<htmlx>"));
        assert!(!sniff(b"%PDF-1.7"));
    }

    #[test]
    fn a_page_is_read_as_markdown() {
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Trang</title></head>
            <body><nav><a href=\"/\">Trang chủ</a></nav><div class=\"doc\"><p>Số: 5/KH-UBND</p>
            <p><b>KẾ HOẠCH</b></p><p>Căn cứ Luật Tổ chức chính quyền địa phương;</p></div></body></html>";
        let read = read(page.as_bytes()).unwrap();
        assert_eq!(read.format, Format::Html);
        assert_eq!(read.encoding, "utf-8");
        assert_eq!(
            read.text,
            "Số: 5/KH-UBND\n\n**KẾ HOẠCH**\n\nCăn cứ Luật Tổ chức chính quyền địa phương;"
        );
    }

    #[test]
    fn legacy_font_text_on_an_8bit_page_is_converted() {
        let tcvn3 = legacy::from_unicode(
            "Kế hoạch giảm nghèo huyện Bảo Thắng năm 2024",
            legacy::Legacy::Tcvn3,
        );
        let mut bytes = b"<html><head><meta charset=\"windows-1252\"></head><body><p>".to_vec();
        bytes.extend(tcvn3.chars().map(|c| c as u32 as u8));
        bytes.extend_from_slice(b"</p></body></html>");
        let read = read(&bytes).unwrap();
        assert_eq!(
            (read.text.as_str(), read.encoding),
            ("Kế hoạch giảm nghèo huyện Bảo Thắng năm 2024", "tcvn3")
        );
    }

    #[test]
    fn a_page_without_text_is_refused() {
        assert!(matches!(
            read(b"<html><body><script>x()</script></body></html>"),
            Err(ReadError::Blank)
        ));
    }
}
