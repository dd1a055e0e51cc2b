//! The vocabularies a page's elements are judged by, all kept in `data/`:
//! document marks (phrases that open lines of an administrative document),
//! the words that name site furniture in class and id values, and the
//! containers of the big portals.

use once_cell::sync::Lazy;
use rustc_hash::FxHashSet;
use scraper::Selector;

use crate::data;
use crate::vi::key::fold;

/// A set of body marks, one bit per mark of `data/html_marks.tsv`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkSet(u32);

impl MarkSet {
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains_all(self, other: MarkSet) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn add(&mut self, other: MarkSet) {
        self.0 |= other.0;
    }
}

struct Mark {
    folded: String,
    body: bool,
    layout: bool,
}

static MARKS: Lazy<Vec<Mark>> = Lazy::new(|| {
    let marks: Vec<Mark> = data::rows(data::HTML_MARKS)
        .map(|r| {
            let roles = r.get(1).copied().unwrap_or_default();
            Mark {
                folded: folded_opening(r[0]),
                body: roles.split(',').any(|k| k == "body"),
                layout: roles.split(',').any(|k| k == "layout"),
            }
        })
        .collect();
    assert!(marks.len() <= 32, "a MarkSet holds 32 marks");
    marks
});

/// The folded first characters of `text`, with "Số :" written as "Số:".
fn folded_opening(text: &str) -> String {
    fold(crate::vi::prefix(text.trim_start(), 160)).replace(" :", ":")
}

/// The marks whose phrase opens `text`, as whole words.
fn opening_marks(text: &str) -> impl Iterator<Item = (usize, &'static Mark)> {
    let folded = folded_opening(text);
    MARKS.iter().enumerate().filter(move |(_, m)| {
        folded.strip_prefix(m.folded.as_str()).is_some_and(|rest| {
            !m.folded.ends_with(char::is_alphanumeric) || !rest.starts_with(char::is_alphanumeric)
        })
    })
}

/// The body marks that open `text`.
pub fn body_marks(text: &str) -> MarkSet {
    let mut set = MarkSet::default();
    for (i, _) in opening_marks(text).filter(|(_, m)| m.body) {
        set.0 |= 1 << i;
    }
    set
}

/// Whether `text` opens with a mark of a header or signature block.
pub fn opens_layout(text: &str) -> bool {
    opening_marks(text).any(|(_, m)| m.layout)
}

static CHROME_WORDS: Lazy<FxHashSet<&'static str>> =
    Lazy::new(|| data::rows(data::HTML_CHROME).map(|r| r[0]).collect());

/// Whether a class or id value names site furniture: split into words at
/// punctuation, spaces and lower-to-upper case changes ("NavigationMenu_menuList").
pub fn names_chrome(value: &str) -> bool {
    let mut word = String::new();
    let mut previous_lower = false;
    for c in value.chars().chain([' ']) {
        let boundary = !c.is_alphanumeric() || (c.is_uppercase() && previous_lower);
        if boundary && !word.is_empty() {
            if CHROME_WORDS.contains(word.as_str()) {
                return true;
            }
            word.clear();
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        previous_lower = c.is_lowercase();
    }
    false
}

/// The known content containers, in the order they are tried.
pub static CONTAINERS: Lazy<Vec<Selector>> = Lazy::new(|| {
    data::rows(data::HTML_CONTAINERS)
        .map(|r| Selector::parse(r[0]).expect("data/html_containers.txt holds CSS selectors"))
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_open_lines_as_whole_words() {
        assert!(!body_marks("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM").is_empty());
        assert!(!body_marks("  Số : 51/2025/QĐ-TTg").is_empty());
        assert!(!body_marks("Căn cứ").is_empty());
        assert!(!body_marks("Điều 1. Phạm vi điều chỉnh").is_empty());
        assert!(body_marks("Điều 10. Hiệu lực").is_empty());
        assert!(body_marks("Số 60 Trần Phú - Ba Đình").is_empty());
        assert!(body_marks("Văn bản căn cứ").is_empty());
        assert!(opens_layout("KT. CHỦ TỊCH"));
        assert!(opens_layout("Độc lập - Tự do - Hạnh phúc"));
        assert!(!opens_layout("Kết quả thực hiện"));
    }

    #[test]
    fn mark_sets_compare_by_kind() {
        let header = body_marks("Số: 29/KH-UBND");
        let mut page = body_marks("Căn cứ Luật");
        page.add(header);
        assert!(page.contains_all(header));
        assert!(!header.contains_all(page));
        assert!(header.contains_all(MarkSet::default()));
    }

    #[test]
    fn chrome_names_are_split_into_words() {
        assert!(names_chrome("NavigationMenu_menuList__Pzxb8"));
        assert!(names_chrome("Footer_wrapMainFooter__e_pgb"));
        assert!(names_chrome("box-vanbanlienquan"));
        assert!(names_chrome("ant-tabs-nav"));
        assert!(!names_chrome("preview-content"));
        assert!(!names_chrome("canvas download"));
        assert!(!names_chrome("lawDocumentContent"));
    }

    #[test]
    fn container_selectors_match_the_portals_elements() {
        for element in [
            r#"<div data-vbpl-content-root="true">"#,
            r#"<div id="toanvancontent">"#,
            r#"<div id="divContentDoc">"#,
            r#"<div class="content1">"#,
        ] {
            let html = scraper::Html::parse_fragment(element);
            assert!(
                CONTAINERS.iter().any(|s| html.select(s).next().is_some()),
                "{element}"
            );
        }
    }
}
