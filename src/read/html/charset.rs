//! The character encoding of a saved page: a byte-order mark, else bytes that
//! are valid UTF-8, else what the page declares (`<meta charset>` or the
//! http-equiv Content-Type), else the Vietnamese 8-bit guess of
//! [`legacy::decode_8bit`].
//!
//! Valid UTF-8 wins over a declaration because browsers and download tools
//! re-save pages as UTF-8 and leave the old `<meta>` behind; text in an 8-bit
//! encoding is practically never valid UTF-8 once it has a letter beyond ASCII.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use once_cell::sync::Lazy;
use regex::bytes::Regex;

use crate::read::legacy;

/// How far into the page a charset declaration is looked for. Browsers stop
/// at 1024 bytes; saved pages put styles before the `<meta>`, so look further.
const PRESCAN_BYTES: usize = 16 * 1024;

// `<meta charset="x">` and `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
static DECLARED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?i)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).unwrap()
});

/// The page as text, and the name of the encoding it was read in.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), name(encoding));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), "utf-8");
    }
    match declared(bytes) {
        // A page cannot declare UTF-16 in ASCII bytes it is not written in.
        Some(encoding) if encoding != UTF_8 && encoding != UTF_16LE && encoding != UTF_16BE => {
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            (text.into_owned(), name(encoding))
        }
        _ => legacy::decode_8bit(bytes),
    }
}

/// The encoding the page's `<meta>` declares, if encoding_rs knows its label.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    DECLARED
        .captures_iter(head)
        .find_map(|c| Encoding::for_label(&c[1]))
}

fn name(encoding: &'static Encoding) -> &'static str {
    match encoding.name() {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_comes_first() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<p>Kế hoạch</p>".as_bytes());
        assert_eq!(decode(&bytes), ("<p>Kế hoạch</p>".into(), "utf-8"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<p>Số</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), ("<p>Số</p>".into(), "utf-16le"));
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        // "Kế" in Windows-1258: K, ê (0xEA), combining acute (0xEC).
        let page = |meta: &str| {
            let mut b = format!("<html><head>{meta}</head><body><p>").into_bytes();
            b.extend_from_slice(&[b'K', 0xEA, 0xEC]);
            b.extend_from_slice(b"</p></body></html>");
            b
        };
        let (text, encoding) = decode(&page(r#"<meta charset="windows-1258">"#));
        assert_eq!(encoding, "windows-1258");
        assert!(crate::vi::key::nfc(&text).contains("Kế"), "{text}");
        let (_, encoding) = decode(&page(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1258" />"#,
        ));
        assert_eq!(encoding, "windows-1258");
    }

    #[test]
    fn windows_1252_declared_is_read_as_declared() {
        let mut bytes =
            br#"<meta http-equiv="content-type" content="text/html;charset=iso-8859-1">"#.to_vec();
        bytes.extend_from_slice(&[b'c', 0xE0, 0x80]);
        let (text, encoding) = decode(&bytes);
        assert_eq!(encoding, "windows-1252");
        assert!(text.ends_with("cà€"), "{text}");
    }

    #[test]
    fn utf8_wins_over_a_stale_declaration() {
        let page = r#"<meta charset="windows-1258"><p>Kế hoạch</p>"#;
        assert_eq!(decode(page.as_bytes()), (page.into(), "utf-8"));
    }

    #[test]
    fn undeclared_8bit_is_guessed() {
        let bytes = [b'<', b'p', b'>', b'K', 0xEA, 0xEC, b'<', b'/', b'p', b'>'];
        let (text, encoding) = decode(&bytes);
        assert_eq!((text.as_str(), encoding), ("<p>Kế</p>", "windows-1258"));
    }
}
