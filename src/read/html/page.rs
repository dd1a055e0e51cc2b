//! What of a parsed page is the document: elements measured once (text,
//! link text, document marks), site furniture dropped, and the document's
//! body found by a known portal container or by content scoring.
//!
//! Scoring works across sites because it asks what every administrative
//! document has, not how a site is built: the body is the smallest element
//! that holds every document mark of the page ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA
//! VIỆT NAM", "Số:", "Căn cứ", "Điều 1.", "Nơi nhận") and most of its text
//! outside links. Menus and lists of related documents are mostly links, a
//! table of contents beside the body repeats only some marks, and footers
//! carry none.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{ElementRef, Html, Node};

use super::marks::{self, MarkSet};

/// Elements never read: code, styling, media, form controls, metadata.
const SKIPPED: [&str; 22] = [
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "canvas", "iframe",
    "object", "embed", "img", "video", "audio", "map", "button", "input", "select", "textarea",
    "option", "link",
];

/// Elements that are furniture unless they hold a document mark.
const FURNITURE: [&str; 4] = ["nav", "aside", "header", "footer"];

/// Elements that lay out blocks, where the body may be looked for.
const CONTAINERS: [&str; 11] = [
    "body",
    "main",
    "article",
    "section",
    "div",
    "form",
    "center",
    "table",
    "td",
    "th",
    "blockquote",
];

/// A known container is taken when it holds this share of the page's text.
const KNOWN_CONTAINER_SHARE: f64 = 0.3;
/// Scoring steps into a child holding this share of its parent's text.
const DESCENT_SHARE: f64 = 0.6;
/// A block of at least this many links, mostly link text, is a list of links.
const LINK_LIST_MIN_LINKS: usize = 3;

/// Text measured in an element and its kept descendants.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Characters of text, white space not counted.
    pub chars: usize,
    pub link_chars: usize,
    pub links: usize,
    pub marks: MarkSet,
}

impl Stats {
    /// Text outside links: what content scoring weighs.
    pub fn weight(&self) -> usize {
        self.chars - self.link_chars
    }

    fn add(&mut self, other: &Stats) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.links += other.links;
        self.marks.add(other.marks);
    }
}

/// A parsed page with its measurements.
pub struct Page<'a> {
    pub html: &'a Html,
    stats: FxHashMap<NodeId, Stats>,
    dropped: FxHashSet<NodeId>,
}

/// Whether an element is never read, whatever it holds.
pub fn is_skipped(element: ElementRef) -> bool {
    let e = element.value();
    SKIPPED.contains(&e.name())
        || e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("style").is_some_and(hides)
}

fn hides(style: &str) -> bool {
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    style.contains("display:none") || style.contains("visibility:hidden")
}

impl<'a> Page<'a> {
    /// Measures every element in one pass and decides which are furniture.
    pub fn new(html: &'a Html) -> Page<'a> {
        let mut page = Page {
            html,
            stats: FxHashMap::default(),
            dropped: FxHashSet::default(),
        };
        let mut open: Vec<(NodeId, Stats)> = Vec::new();
        let mut skipping: Option<NodeId> = None;
        let mut in_link = 0usize;
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) if skipping.is_none() => match node.value() {
                    Node::Element(e) => {
                        if is_skipped(ElementRef::wrap(node).unwrap()) {
                            skipping = Some(node.id());
                            continue;
                        }
                        in_link += (e.name() == "a") as usize;
                        open.push((node.id(), Stats::default()));
                    }
                    Node::Text(text) => {
                        if let Some((_, s)) = open.last_mut() {
                            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
                            s.chars += chars;
                            if in_link > 0 {
                                s.link_chars += chars;
                            } else if chars > 0 {
                                s.marks.add(marks::body_marks(text));
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if skipping == Some(node.id()) {
                        skipping = None;
                        continue;
                    }
                    let Some(element) = ElementRef::wrap(node) else {
                        continue;
                    };
                    if skipping.is_some() {
                        continue;
                    }
                    let (id, mut stats) = open.pop().expect("elements close in order");
                    debug_assert_eq!(id, node.id());
                    if element.value().name() == "a" {
                        in_link -= 1;
                        stats.links += 1;
                    }
                    page.stats.insert(id, stats);
                    if is_furniture(element, &stats) {
                        page.dropped.insert(id);
                    } else if let Some((_, parent)) = open.last_mut() {
                        parent.add(&stats);
                    }
                }
                Edge::Open(_) => {}
            }
        }
        page
    }

    pub fn stats(&self, node: NodeId) -> Stats {
        self.stats.get(&node).copied().unwrap_or_default()
    }

    /// Whether the element was judged furniture (its descendants are not marked).
    pub fn is_dropped(&self, node: NodeId) -> bool {
        self.dropped.contains(&node)
    }

    /// The element holding the document.
    pub fn body(&self) -> ElementRef<'a> {
        let root = self.html.root_element();
        let body = root
            .child_elements()
            .find(|e| e.value().name() == "body")
            .unwrap_or(root);
        let whole = self.stats(body.id());
        let known = marks::CONTAINERS.iter().find_map(|selector| {
            self.html
                .select(selector)
                .filter(|e| {
                    self.is_kept(*e) && holds(&self.stats(e.id()), &whole, KNOWN_CONTAINER_SHARE)
                })
                .max_by_key(|e| self.stats(e.id()).weight())
        });
        known.unwrap_or_else(|| self.descend(body))
    }

    /// Steps from `node` into the child that holds it, while there is one.
    /// A table's children are its cells: a row is never the body, and a
    /// cell may be, in pages laid out by tables.
    fn descend(&self, mut node: ElementRef<'a>) -> ElementRef<'a> {
        loop {
            let here = self.stats(node.id());
            let children: Vec<ElementRef> = if node.value().name() == "table" {
                super::table::cells(node).collect()
            } else {
                node.child_elements().collect()
            };
            let best = children
                .into_iter()
                .filter(|c| !self.is_dropped(c.id()) && lays_out_blocks(*c))
                .max_by_key(|c| self.stats(c.id()).weight());
            match best {
                Some(child) if holds(&self.stats(child.id()), &here, DESCENT_SHARE) => node = child,
                _ => return node,
            }
        }
    }

    /// Neither the element nor any ancestor was skipped or dropped.
    fn is_kept(&self, element: ElementRef) -> bool {
        let mut node: Option<NodeRef<Node>> = Some(*element);
        while let Some(n) = node {
            if let Some(e) = ElementRef::wrap(n) {
                if self.is_dropped(n.id()) || is_skipped(e) {
                    return false;
                }
            }
            node = n.parent();
        }
        true
    }
}

/// Whether `inner` holds every mark of `outer` and `share` of its text.
fn holds(inner: &Stats, outer: &Stats, share: f64) -> bool {
    inner.marks.contains_all(outer.marks) && inner.weight() as f64 >= share * outer.weight() as f64
}

/// A container element with at least one block among its children: a
/// paragraph is never the body, however long.
fn lays_out_blocks(element: ElementRef) -> bool {
    CONTAINERS.contains(&element.value().name())
        && element
            .child_elements()
            .any(|c| super::render::is_block(c.value().name()))
}

/// Navigation, menus, footers, share buttons and lists of related
/// documents: by element, by class or id words, or by link density. An
/// element holding a document mark is kept, whatever it is called.
fn is_furniture(element: ElementRef, stats: &Stats) -> bool {
    if !stats.marks.is_empty() {
        return false;
    }
    let e = element.value();
    let named = || {
        e.id().is_some_and(marks::names_chrome) || e.attr("class").is_some_and(marks::names_chrome)
    };
    let link_list = || {
        !matches!(
            e.name(),
            "a" | "p" | "td" | "th" | "li" | "span" | "b" | "strong" | "i" | "em"
        ) && stats.links >= LINK_LIST_MIN_LINKS
            && stats.link_chars * 2 >= stats.chars
    };
    FURNITURE.contains(&e.name()) || named() || link_list()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_text(html: &str) -> String {
        let html = Html::parse_document(html);
        let page = Page::new(&html);
        page.body().text().collect::<String>()
    }

    const DOCUMENT: &str = r#"<div class="doc">
        <table><tr><td><p>ỦY BAN NHÂN DÂN</p><p>Số: 12/KH-UBND</p></td>
        <td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></td></tr></table>
        <p>KẾ HOẠCH</p><p>Căn cứ Quyết định số 90/QĐ-TTg của Thủ tướng Chính phủ về phê duyệt Chương trình;</p>
        <p>I. MỤC ĐÍCH</p><p>Phấn đấu giảm tỷ lệ hộ nghèo xuống còn 2% trong năm, hỗ trợ người nghèo.</p>
        <p>Nơi nhận:</p></div>"#;

    #[test]
    fn body_is_found_by_its_marks_among_menus_and_related_lists() {
        let page = format!(
            r#"<html><body><div class="top"><ul class="menu"><li><a href="/">Trang chủ</a></li>
            <li><a href="/vb">Văn bản</a></li><li><a href="/tt">Tin tức</a></li></ul></div>
            <div class="main"><div class="left">{DOCUMENT}</div>
            <div class="right"><h3>Văn bản cùng lĩnh vực</h3><ul>
            <li><a href="/1">Quyết định 90/QĐ-TTg phê duyệt Chương trình mục tiêu quốc gia giảm nghèo</a></li>
            <li><a href="/2">Nghị quyết 24/2021/QH15 về chủ trương đầu tư</a></li>
            <li><a href="/3">Thông tư 07/2021/TT-BLĐTBXH hướng dẫn phương pháp rà soát</a></li></ul></div></div>
            <div id="site-footer"><p>Cơ quan chủ quản: Sở Tư pháp. Địa chỉ: số 1 đường Trần Phú.</p></div>
            </body></html>"#
        );
        let text = body_text(&page);
        assert!(
            text.contains("Số: 12/KH-UBND") && text.contains("Nơi nhận"),
            "{text}"
        );
        assert!(!text.contains("Trang chủ"), "{text}");
        assert!(!text.contains("Thông tư 07/2021"), "{text}");
        assert!(!text.contains("Cơ quan chủ quản"), "{text}");
    }

    #[test]
    fn a_table_of_contents_beside_the_body_is_not_it() {
        let page = format!(
            r#"<html><body><main><div class="content">{DOCUMENT}</div></main>
            <div class="toc"><div>Mục lục</div><div>Căn cứ</div><div>I. MỤC ĐÍCH</div></div></body></html>"#
        );
        let text = body_text(&page);
        assert!(
            text.contains("KẾ HOẠCH") && !text.contains("Mục lục"),
            "{text}"
        );
    }

    #[test]
    fn a_known_container_is_taken_when_it_holds_the_marks() {
        let page = format!(
            r#"<html><body><div id="divContentDoc">{DOCUMENT}</div>
            <div class="other"><p>Căn cứ pháp lý của trang này là giấy phép số 1.</p></div></body></html>"#
        );
        let html = Html::parse_document(&page);
        let page = Page::new(&html);
        assert_eq!(page.body().value().id(), Some("divContentDoc"));
    }

    #[test]
    fn hidden_and_scripted_text_is_not_measured() {
        let html = Html::parse_document(
            r#"<body><div><script>var a = "Điều 1. x";</script><p style="display: none">Số: 9</p>
            <p hidden>ẩn</p><p>Văn bản</p></div></body>"#,
        );
        let page = Page::new(&html);
        let body = page.body();
        let stats = page.stats(body.id());
        assert_eq!(stats.chars, "Vănbản".chars().count());
        assert!(stats.marks.is_empty());
    }

    #[test]
    fn a_mark_keeps_an_element_named_like_furniture() {
        let html = Html::parse_document(
            r#"<body><div class="banner-doc"><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></div>
            <nav><a href="/">Trang chủ</a></nav></body>"#,
        );
        let page = Page::new(&html);
        let dropped: Vec<&str> = html
            .root_element()
            .descendent_elements()
            .filter(|e| page.is_dropped(e.id()))
            .map(|e| e.value().name())
            .collect();
        assert_eq!(dropped, ["nav"]);
    }
}
