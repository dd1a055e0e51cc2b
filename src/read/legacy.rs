//! Legacy Vietnamese encodings: TCVN3 (ABC, the .VnTime fonts) and VNI.
//!
//! Text typed in those fonts reaches us as mojibake: its bytes read as Latin-1
//! ("B¶o Th¾ng" for "Bảo Thắng", TCVN3) or as a base letter plus a mark
//! letter ("Xin chaøo" for "Xin chào", VNI). Files in Windows-1258 are plain
//! 8-bit text. The mapping tables are data (`data/encodings/`); detection
//! counts characters that never occur in Vietnamese written in Unicode.

use std::collections::HashMap;

use once_cell::sync::Lazy;

use crate::data::rows;

const TCVN3: &str = include_str!("../../data/encodings/tcvn3.tsv");
const VNI: &str = include_str!("../../data/encodings/vni.tsv");
const FONTS: &str = include_str!("../../data/encodings/fonts.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
        }
    }
}

/// (Unicode letter, its legacy spelling) pairs of one encoding.
type Table = Vec<(String, String)>;

/// Legacy spelling -> Unicode, and the longest spelling in characters.
struct Decoder {
    legacy: Legacy,
    map: HashMap<String, String>,
    longest: usize,
}

static TABLES: Lazy<[(Legacy, Table); 2]> = Lazy::new(|| {
    let tcvn3 = rows(TCVN3)
        .map(|r| {
            let byte = u8::from_str_radix(r[1], 16).expect("hex byte in tcvn3.tsv");
            (r[0].to_string(), char::from(byte).to_string())
        })
        .collect();
    let vni = rows(VNI)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    [(Legacy::Tcvn3, tcvn3), (Legacy::Vni, vni)]
});

/// Legacy spelling -> Unicode, per encoding, and the longest spelling.
static DECODERS: Lazy<Vec<Decoder>> = Lazy::new(|| {
    TABLES
        .iter()
        .map(|(legacy, table)| Decoder {
            legacy: *legacy,
            map: table.iter().map(|(u, l)| (l.clone(), u.clone())).collect(),
            longest: table
                .iter()
                .map(|(_, l)| l.chars().count())
                .max()
                .unwrap_or(1),
        })
        .collect()
});

const UNICODE_ONLY_LETTERS: [char; 8] = ['ơ', 'ư', 'ă', 'đ', 'Ơ', 'Ư', 'Ă', 'Đ'];
const VNI_VOWELS: [char; 16] = [
    'a', 'e', 'i', 'o', 'u', 'y', 'A', 'E', 'I', 'O', 'U', 'Y', 'ô', 'ö', 'Ô', 'Ö',
];
const VNI_MARKS: [char; 15] = [
    'ø', 'û', 'ï', 'å', 'ä', 'ë', 'ü', 'ÿ', 'Ø', 'Û', 'Ï', 'Å', 'Ä', 'Ë', 'Ü',
];

/// The legacy encoding `text` is written in, if its mojibake shows.
pub fn detect(text: &str) -> Option<Legacy> {
    // One pass, counting: letters only Unicode Vietnamese has (ạ ả ấ ... ỹ, ơ ư ă đ);
    // TCVN3's frequent letters, on bytes 0xA1-0xBF, symbols in Latin-1 ("¸" á,
    // "µ" à, "¶" ả, "¹" ạ, "®" đ, "­" ư); and VNI's mark letters after a vowel
    // ("aø", "eä", "oå"), which no Unicode Vietnamese word has.
    let (mut genuine, mut tcvn3, mut vni, mut letters) = (0usize, 0usize, 0usize, 0usize);
    let mut previous = ' ';
    for c in text.chars() {
        if c.is_ascii() {
            letters += c.is_ascii_alphabetic() as usize;
        } else {
            letters += crate::vi::is_letter(c) as usize;
            genuine += (('\u{1EA0}'..='\u{1EF9}').contains(&c) || UNICODE_ONLY_LETTERS.contains(&c))
                as usize;
            tcvn3 += ('\u{A1}'..='\u{BF}').contains(&c) as usize;
            vni += (VNI_VOWELS.contains(&previous) && VNI_MARKS.contains(&c)) as usize;
        }
        previous = c;
    }
    let letters = letters.max(1);
    // Enough to be more than stray symbols ("«", "§"): five, one letter in fifty.
    let enough = |n: usize| n >= 5 && n * 50 >= letters && n > 2 * genuine;
    if enough(tcvn3) && tcvn3 >= vni {
        Some(Legacy::Tcvn3)
    } else if enough(vni) {
        Some(Legacy::Vni)
    } else {
        None
    }
}

static FONT_PREFIXES: Lazy<Vec<(&'static str, Legacy)>> = Lazy::new(|| {
    rows(FONTS)
        .map(|r| {
            let legacy = match r[1] {
                "tcvn3" => Legacy::Tcvn3,
                "vni" => Legacy::Vni,
                other => panic!("unknown encoding {other} in fonts.tsv"),
            };
            (r[0], legacy)
        })
        .collect()
});

/// How text set in a font is stored: its legacy encoding, and whether the
/// font draws it in capitals. Word files keep the font of every run, so
/// text typed in .VnTime or VNI-Times is known without guessing.
pub fn of_font(font: &str) -> Option<(Legacy, bool)> {
    let (_, legacy) = FONT_PREFIXES
        .iter()
        .find(|(prefix, _)| font.starts_with(prefix))?;
    Some((*legacy, *legacy == Legacy::Tcvn3 && font.ends_with('H')))
}

/// Converts legacy-encoded text to Unicode (NFC).
pub fn to_unicode(text: &str, legacy: Legacy) -> String {
    let Decoder { map, longest, .. } = DECODERS
        .iter()
        .find(|d| d.legacy == legacy)
        .expect("a decoder per encoding");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'next: while i < chars.len() {
        for len in (1..=*longest).rev() {
            if i + len <= chars.len() {
                let piece: String = chars[i..i + len].iter().collect();
                if let Some(unicode) = map.get(&piece) {
                    out.push_str(unicode);
                    i += len;
                    continue 'next;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Writes Unicode Vietnamese the way a legacy font would (for tests and fixtures).
pub fn from_unicode(text: &str, legacy: Legacy) -> String {
    let (_, table) = TABLES
        .iter()
        .find(|(l, _)| *l == legacy)
        .expect("a table per encoding");
    let map: HashMap<&str, &str> = table
        .iter()
        .map(|(u, l)| (u.as_str(), l.as_str()))
        .collect();
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        let mut buf = [0u8; 4];
        out.push_str(
            map.get(c.encode_utf8(&mut buf) as &str)
                .copied()
                .unwrap_or(c.encode_utf8(&mut buf)),
        );
    }
    out
}

/// Decodes 8-bit bytes (not UTF-8): TCVN3 when its letters show, else Windows-1258.
pub fn decode_8bit(bytes: &[u8]) -> (String, &'static str) {
    let latin1: String = bytes.iter().map(|&b| char::from(b)).collect();
    if detect(&latin1) == Some(Legacy::Tcvn3) {
        return (to_unicode(&latin1, Legacy::Tcvn3), "tcvn3");
    }
    let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    (crate::vi::key::nfc(&text).into_owned(), "windows-1258")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCES: [&str; 3] = [
        "Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn huyện Bảo Thắng",
        "Ủy ban nhân dân xã ban hành Kế hoạch; Tỷ lệ hộ nghèo giảm còn dưới 3%.",
        "Xin chào, Đắk Lắk, Ưu tiên hỗ trợ đồng bào dân tộc thiểu số ở vùng đặc biệt khó khăn",
    ];

    #[test]
    fn known_mojibake() {
        assert_eq!(to_unicode("B¶o Th¾ng", Legacy::Tcvn3), "Bảo Thắng");
        assert_eq!(to_unicode("Xin chaøo", Legacy::Vni), "Xin chào");
    }

    #[test]
    fn sentences_round_trip_both_ways() {
        for legacy in [Legacy::Tcvn3, Legacy::Vni] {
            for s in SENTENCES {
                let encoded = from_unicode(s, legacy);
                assert_ne!(encoded, s);
                assert_eq!(detect(&encoded), Some(legacy), "{encoded}");
                assert_eq!(to_unicode(&encoded, legacy), s, "{legacy:?}");
            }
        }
    }

    #[test]
    fn fonts_say_their_encoding() {
        assert_eq!(of_font(".VnTime"), Some((Legacy::Tcvn3, false)));
        assert_eq!(of_font(".VnTimeH"), Some((Legacy::Tcvn3, true)));
        assert_eq!(of_font("VNI-Times"), Some((Legacy::Vni, false)));
        assert_eq!(of_font("Times New Roman"), None);
    }

    #[test]
    fn unicode_vietnamese_is_left_alone() {
        for s in SENTENCES {
            assert_eq!(detect(s), None, "{s}");
        }
        assert_eq!(detect("Giá 5 € « trích dẫn » § 3"), None);
    }

    #[test]
    fn eight_bit_files() {
        let tcvn3_bytes: Vec<u8> = from_unicode(SENTENCES[0], Legacy::Tcvn3)
            .chars()
            .map(|c| c as u32 as u8)
            .collect();
        assert_eq!(
            decode_8bit(&tcvn3_bytes),
            (SENTENCES[0].to_string(), "tcvn3")
        );
        // Windows-1258 writes "ế" as "ê" + a combining acute, "ạ" as "a" + a combining dot.
        let cp1258 = [b'K', 0xEA, 0xEC, b' ', b'h', b'o', b'a', 0xF2, b'c', b'h'];
        assert_eq!(
            decode_8bit(&cp1258),
            ("Kế hoạch".to_string(), "windows-1258")
        );
    }
}
