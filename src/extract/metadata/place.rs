//! Places: "<kind word> <Name>" ("thị trấn Kông Chro", "TỈNH ĐỒNG NAI"),
//! the level a kind word stands for, and the provinces and centrally-run
//! cities of `data/provinces.tsv`, before and after the 2025 reorganisation.
//!
//! Every position is taken in the text searched, never in a lowercased or
//! folded copy of it: case mapping changes the length of some characters
//! ("İ" lowercases to two), so offsets from a copy are not offsets in the text.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::data::{rows, LOCALITY_KINDS, PROVINCES};
use crate::vi::is_letter_or_digit;
use crate::vi::key::{canonical, fold};

/// A place as a kind word and a name: ("thị trấn", "Kông Chro").
pub type Place = (String, String);

const NAME_STOP_WORDS: [&str; 12] = [
    "năm",
    "giai",
    "đến",
    "về",
    "và",
    "trong",
    "theo",
    "thực",
    "ban",
    "xây",
    "giai đoạn",
    "tỉnh",
];

/// Kind words with their level, longest first so "thành phố trực thuộc trung
/// ương" wins over "thành phố".
static KIND_WORDS: Lazy<Vec<(&'static str, &'static str)>> = Lazy::new(|| {
    let mut kinds: Vec<(&str, &str)> = rows(LOCALITY_KINDS).map(|r| (r[0], r[1])).collect();
    kinds.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    kinds
});

/// Any kind word followed by a space, case-insensitively.
static KIND_WORD: Lazy<Regex> = Lazy::new(|| {
    let words: Vec<String> = KIND_WORDS
        .iter()
        .map(|(k, _)| regex::escape(k).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(r"(?i)({})\s+", words.join("|"))).unwrap()
});

struct Province {
    name: &'static str,
    key: String,
    /// Folded words of the name.
    words: Vec<String>,
    kind: &'static str,
    /// Years in which it is a unit of province level (inclusive), if bounded.
    from: Option<i32>,
    until: Option<i32>,
}

static PROVINCE_LIST: Lazy<Vec<Province>> = Lazy::new(|| {
    let mut list: Vec<Province> = rows(PROVINCES)
        .map(|r| {
            let years = r.get(2).copied().unwrap_or("");
            let (from, until) = years.split_once('-').unwrap_or(("", ""));
            Province {
                name: r[0],
                key: fold(r[0]),
                words: fold(r[0]).split_whitespace().map(str::to_string).collect(),
                kind: r[1],
                from: from.parse().ok(),
                until: until.parse().ok(),
            }
        })
        .collect();
    list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    list
});

/// The first "<kind word> <Name>" in `text`: ("thị trấn", "Kông Chro").
pub fn find_locality(text: &str) -> Option<Place> {
    let mut at = 0;
    while let Some(m) = KIND_WORD.captures_at(text, at) {
        let word = m.get(1).unwrap();
        at = word.end();
        let boundary_before = !text[..word.start()]
            .chars()
            .next_back()
            .is_some_and(is_letter_or_digit);
        if !boundary_before {
            continue;
        }
        let kind = kind_word(word.as_str());
        if let Some((name, _)) = place_name(kind, &text[m.get(0).unwrap().end()..]) {
            return Some((kind.to_string(), name));
        }
    }
    None
}

/// The place `text` starts with, and the bytes of `text` it takes.
pub fn place_at_start(text: &str) -> Option<(Place, usize)> {
    let m = KIND_WORD
        .captures(text)
        .filter(|m| m.get(0).unwrap().start() == 0)?;
    let kind = kind_word(m.get(1).unwrap().as_str());
    let after = m.get(0).unwrap().end();
    let (name, len) = place_name(kind, &text[after..])?;
    Some(((kind.to_string(), name), after + len))
}

/// The bytes of the kind word (and the spaces after it) that `text` starts with.
pub fn kind_word_len(text: &str) -> Option<usize> {
    KIND_WORD
        .find(text)
        .filter(|m| m.start() == 0)
        .map(|m| m.end())
}

/// The data's spelling of a kind word as written in any case.
fn kind_word(written: &str) -> &'static str {
    let key = fold(&written.split_whitespace().collect::<Vec<_>>().join(" "));
    KIND_WORDS
        .iter()
        .find(|(k, _)| fold(k) == key)
        .map_or("", |(k, _)| k)
}

/// The name after a kind word and the bytes of `rest` it takes: a province
/// of the list in its own spelling ("Bà Rịa - Vũng Tàu"), else the
/// capitalised words ("Kông Chro", "Đam Rông 2"); an all-caps name ("ĐỒNG
/// NAI") is recased.
fn place_name(kind: &str, rest: &str) -> Option<(String, usize)> {
    let words = words_with_offsets(rest);
    if matches!(
        kind,
        "tỉnh" | "thành phố" | "thành phố trực thuộc trung ương"
    ) {
        if let Some(found) = known_province(&words) {
            return Some(found);
        }
    }
    let mut name: Vec<String> = Vec::new();
    let mut end = 0;
    for &(at, raw) in &words {
        let word = raw.trim_end_matches([',', '.', ';', ':', ')', '”', '"']);
        let Some(first) = word.chars().next() else {
            break;
        };
        // Communes merged in 2025 are numbered: "xã Đam Rông 2".
        let numbered =
            !name.is_empty() && word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit());
        let stop = NAME_STOP_WORDS.contains(&word.to_lowercase().as_str());
        if !numbered && (!first.is_uppercase() || stop || word.chars().any(|c| c.is_ascii_digit()))
        {
            break;
        }
        name.push(if word.chars().skip(1).any(char::is_lowercase) {
            word.to_string()
        } else {
            title_case(word)
        });
        end = at + word.len();
        if numbered || name.len() == 4 || word.len() < raw.len() {
            break;
        }
    }
    (!name.is_empty()).then(|| (name.join(" "), end))
}

/// The words of `text` with their byte offsets.
fn words_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let base = text.as_ptr() as usize;
    text.split_whitespace()
        .take(8)
        .map(|w| (w.as_ptr() as usize - base, w))
        .collect()
}

/// The province or centrally-run city the words start with, compared word
/// by word on their folded forms, and the bytes it takes.
fn known_province(words: &[(usize, &str)]) -> Option<(String, usize)> {
    let folded: Vec<String> = words
        .iter()
        .map(|(_, w)| {
            fold(&canonical(
                w.trim_end_matches([',', '.', ';', ':', ')', '”', '"']),
            ))
        })
        .collect();
    PROVINCE_LIST.iter().find_map(|p| {
        let n = p.words.len();
        (folded.len() >= n && folded[..n] == p.words[..]).then(|| {
            let (at, last) = words[n - 1];
            let last = last.trim_end_matches([',', '.', ';', ':', ')', '”', '"']);
            (p.name.to_string(), at + last.len())
        })
    })
}

/// The level a kind word stands for; a "thành phố" is a province in the
/// years it is centrally run, a district otherwise.
pub fn level_of(kind: &str, name: Option<&str>, year: Option<i32>) -> String {
    if kind.starts_with("thành phố") {
        let key = name.map(fold);
        let central = PROVINCE_LIST.iter().any(|p| {
            p.kind == "thành phố"
                && Some(&p.key) == key.as_ref()
                && year
                    .is_none_or(|y| p.from.is_none_or(|f| y >= f) && p.until.is_none_or(|u| y <= u))
        });
        if central {
            return "province".into();
        }
    }
    KIND_WORDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("other", |(_, l)| l)
        .to_string()
}

/// The first "tỉnh <Name>" of the text, for plans of a lower level.
pub fn province_mention(text: &str) -> Option<String> {
    let pos = text.find("tỉnh ")?;
    place_name(
        "tỉnh",
        &canonical(crate::vi::prefix(&text[pos + "tỉnh ".len()..], 80)),
    )
    .map(|(name, _)| name)
}

pub fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(f) => f
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(kind: &str, name: &str) -> Option<Place> {
        Some((kind.into(), name.into()))
    }

    #[test]
    fn localities_from_titles() {
        assert_eq!(
            find_locality("năm 2024 trên địa bàn thị trấn Kông Chro"),
            place("thị trấn", "Kông Chro")
        );
        assert_eq!(
            find_locality("trên địa bàn huyện Kon Rẫy năm 2023"),
            place("huyện", "Kon Rẫy")
        );
        assert_eq!(
            find_locality("TRÊN ĐỊA BÀN TỈNH ĐỒNG NAI"),
            place("tỉnh", "Đồng Nai")
        );
        assert_eq!(find_locality("trên địa bàn xã năm 2023"), None);
        assert_eq!(
            find_locality("trên địa bàn thành phố Cần Thơ"),
            place("thành phố", "Cần Thơ")
        );
        assert_eq!(find_locality("các chính sách xã hội"), None);
    }

    #[test]
    fn provinces_take_their_own_spelling() {
        assert_eq!(
            find_locality("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU"),
            place("tỉnh", "Bà Rịa - Vũng Tàu")
        );
        assert_eq!(
            find_locality("Ủy ban nhân dân Thành phố Hồ Chí Minh ban hành"),
            place("thành phố", "Hồ Chí Minh")
        );
        assert_eq!(
            find_locality("xây dựng xã Đam Rông 2, xã Bảo Lâm 5"),
            place("xã", "Đam Rông 2")
        );
    }

    #[test]
    fn offsets_are_taken_in_the_text_itself() {
        // "İ" lowercases to two characters: offsets from a lowercased copy
        // fall inside "Đ" here.
        assert_eq!(find_locality("İ xãĐ"), None);
        assert_eq!(find_locality("İİ xã Đông"), place("xã", "Đông"));
        assert_eq!(find_locality("İ TỈNH GIA LAI"), place("tỉnh", "Gia Lai"));
        let text = "Tỉnh Đồng Nai ban hành";
        let (found, end) = place_at_start(text).unwrap();
        assert_eq!(found, ("tỉnh".to_string(), "Đồng Nai".to_string()));
        assert_eq!(&text[end..], " ban hành");
    }

    #[test]
    fn levels_from_kind_words() {
        assert_eq!(level_of("thị trấn", Some("Kông Chro"), None), "commune");
        assert_eq!(level_of("đặc khu", Some("Phú Quý"), Some(2026)), "commune");
        assert_eq!(level_of("thành phố", Some("Cần Thơ"), None), "province");
        assert_eq!(
            level_of("thành phố", Some("Pleiku"), Some(2023)),
            "district"
        );
        assert_eq!(level_of("thị xã", Some("An Khê"), None), "district");
    }

    #[test]
    fn hue_is_centrally_run_since_2025() {
        assert_eq!(level_of("thành phố", Some("Huế"), Some(2025)), "province");
        assert_eq!(level_of("thành phố", Some("Huế"), None), "province");
        assert_eq!(level_of("thành phố", Some("Huế"), Some(2023)), "district");
    }
}
