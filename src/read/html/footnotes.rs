//! Footnotes of a page: bodies in elements with a footnote id (Word's
//! "ftn1" and "_ftn1", the national database's "id_ftn1", "footnote-1") and
//! markers in `<sup>` or in links to a note ("[1]"). They are written as the
//! pipeline's text convention has them ([`crate::normalize::footnotes`]):
//! each marker as its note's number right after its word, the bodies after a
//! rule at the end, one "N text" paragraph each.

use once_cell::sync::Lazy;
use regex::Regex;
use scraper::node::Element;

static BODY_ID: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^(?:_|id_)?(?:ftn|edn)\d+$|^(?:footnote|fn)[-_:]?\d+$").unwrap());
static NOTE_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[\[(]?(\d{1,3})[\])]?\s+(\S.*)$").unwrap());

/// The rule that opens the notes: wide enough to be read as a separator.
const RULE: &str = "____________________";

/// An element holding footnote bodies.
pub fn is_body(e: &Element) -> bool {
    e.id().is_some_and(|id| BODY_ID.is_match(id))
}

/// An element whose text is a note's marker.
pub fn is_marker(e: &Element) -> bool {
    e.name() == "sup"
        || e.name() == "a"
            && e.attr("href").is_some_and(|h| {
                h.rsplit('#')
                    .next()
                    .is_some_and(|target| target.to_ascii_lowercase().contains("ftn"))
            })
}

/// Appends the notes (the markdown of each body element) to `out`, and
/// turns the bracketed markers of those notes in the text ("duyệt[1],")
/// into the convention's bare numbers.
pub fn append(out: &mut String, bodies: &[String]) {
    let mut notes: Vec<(u32, String)> = Vec::new();
    for paragraph in bodies.iter().flat_map(|b| b.split("\n\n")) {
        let paragraph = paragraph.replace('\n', " ").replace("**", "");
        let paragraph = paragraph.trim();
        match NOTE_START.captures(paragraph) {
            Some(c) => notes.push((c[1].parse().unwrap(), c[2].to_string())),
            None => match notes.last_mut() {
                Some((_, text)) if !paragraph.is_empty() => {
                    text.push(' ');
                    text.push_str(paragraph);
                }
                _ => {}
            },
        }
    }
    if notes.is_empty() {
        return;
    }
    let mut from = 0;
    for (n, _) in &notes {
        let bracketed = format!("[{n}]");
        if let Some(at) = out[from..].find(&bracketed).map(|i| from + i) {
            out.replace_range(at..at + bracketed.len(), &n.to_string());
            from = at;
        }
    }
    out.push_str("\n\n");
    out.push_str(RULE);
    for (n, text) in notes {
        out.push_str(&format!("\n\n{n} {text}"));
    }
}

#[cfg(test)]
mod tests {
    use scraper::Html;

    use super::super::page::Page;
    use super::super::render::markdown;

    fn md(body: &str) -> String {
        let html = Html::parse_document(&format!("<html><body>{body}</body></html>"));
        let page = Page::new(&html);
        markdown(&page, page.body())
    }

    #[test]
    fn word_footnotes_become_numbers_and_bodies_at_the_end() {
        assert_eq!(
            md(r##"<p>Kế hoạch của tỉnh<a href="#_ftn1" name="_ftnref1"><sup>[1]</sup></a>, và 30m<sup>2</sup></p>
            <div id="ftn1"><p><a href="#_ftnref1">[1]</a> Kế hoạch số 2871/KH-UBND.</p></div><p>Hết</p>"##),
            "Kế hoạch của tỉnh1, và 30m2\n\nHết\n\n____________________\n\n1 Kế hoạch số 2871/KH-UBND."
        );
    }

    #[test]
    fn bracketed_markers_of_the_national_database() {
        assert_eq!(
            md(r#"<p>được phê duyệt[1], dịch vụ[3], và [9]</p><hr><div id="id_ftn1"><p>[1] Quy hoạch</p></div>
            <div id="id_ftn2"><p>[2] 3 an</p><p>[3] Bao gồm</p><p>cả cơ sở</p></div>"#),
            "được phê duyệt1, dịch vụ3, và [9]\n\n____________________\n\n1 Quy hoạch\n\n2 3 an\n\n3 Bao gồm cả cơ sở"
        );
    }
}
