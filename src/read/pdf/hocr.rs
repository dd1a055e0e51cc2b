//! Tesseract's hOCR: the page's text rebuilt from its paragraphs, lines and
//! words, with what the plain-text output leaves out: the angle the page was
//! read at (tesseract turns rotated pages itself, `--psm 1`) and how sure
//! it was of each word.

/// One page as tesseract read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// Paragraphs separated by blank lines, as tesseract's text output has them.
    pub text: String,
    /// Degrees counter-clockwise the page's text was turned (0, 90, 180 or
    /// 270), from most of its lines.
    pub rotation: u16,
    /// Mean word confidence, 0-100; None when no word was read.
    pub confidence: Option<f32>,
}

/// hOCR classes of the elements that hold one line of words.
const LINE_CLASSES: [&str; 4] = ["ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"];

pub fn parse(hocr: &str) -> Result<Recognised, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(hocr, options)
        .map_err(|e| format!("unreadable hOCR: {e}"))?;
    fn class<'a>(n: &roxmltree::Node<'a, '_>) -> &'a str {
        n.attribute("class").unwrap_or("")
    }
    let mut paragraphs: Vec<String> = Vec::new();
    // Lines per angle, and the confidences of all words.
    let mut angles: Vec<(u16, usize)> = Vec::new();
    let mut confidences: Vec<f32> = Vec::new();
    for par in doc.descendants().filter(|n| class(n) == "ocr_par") {
        let mut lines: Vec<String> = Vec::new();
        for line in par
            .descendants()
            .filter(|n| LINE_CLASSES.contains(&class(n)))
        {
            let words: Vec<String> = line
                .descendants()
                .filter(|n| class(n) == "ocrx_word")
                .filter_map(|w| {
                    let text: String = w
                        .descendants()
                        .filter(|t| t.is_text())
                        .filter_map(|t| t.text())
                        .collect();
                    let text = text.trim();
                    if text.is_empty() {
                        return None;
                    }
                    if let Some(c) = title_value(w, "x_wconf") {
                        confidences.push(c);
                    }
                    Some(text.to_string())
                })
                .collect();
            if words.is_empty() {
                continue;
            }
            let angle = title_value(line, "textangle").map_or(0, |a| a as u16 % 360);
            match angles.iter_mut().find(|(a, _)| *a == angle) {
                Some((_, n)) => *n += 1,
                None => angles.push((angle, 1)),
            }
            lines.push(words.join(" "));
        }
        if !lines.is_empty() {
            paragraphs.push(lines.join("\n"));
        }
    }
    let rotation = angles.iter().max_by_key(|(_, n)| *n).map_or(0, |&(a, _)| a);
    let confidence = (!confidences.is_empty())
        .then(|| confidences.iter().sum::<f32>() / confidences.len() as f32);
    let mut text = paragraphs.join("\n\n");
    if !text.is_empty() {
        text.push('\n');
    }
    Ok(Recognised {
        text,
        rotation,
        confidence,
    })
}

/// A number in an hOCR title ("bbox 1 2 3 4; textangle 270; x_wconf 96").
fn title_value(node: roxmltree::Node, key: &str) -> Option<f32> {
    node.attribute("title")?
        .split(';')
        .find_map(|part| part.trim().strip_prefix(key)?.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hocr(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head><title></title></head>
 <body><div class='ocr_page' id='page_1' title='image "p.pgm"; bbox 0 0 2100 2879; ppageno 0'>{body}</div></body>
</html>"#
        )
    }

    fn word(text: &str, conf: u32) -> String {
        format!("<span class='ocrx_word' title='bbox 1 1 2 2; x_wconf {conf}'>{text}</span> ")
    }

    fn line(class: &str, angle: Option<u16>, words: &[(&str, u32)]) -> String {
        let angle = angle.map_or(String::new(), |a| format!("; textangle {a}"));
        let words: String = words.iter().map(|(t, c)| word(t, *c)).collect();
        format!("<span class='{class}' title=\"bbox 1 1 2 2{angle}; x_size 40\">{words}</span>\n")
    }

    #[test]
    fn paragraphs_lines_and_words() {
        let body = format!(
            "<div class='ocr_carea'><p class='ocr_par'>{}{}</p><p class='ocr_par'>{}</p></div><div class='ocr_photo'></div>",
            line("ocr_header", None, &[("I.", 95), ("MỤC", 90), ("ĐÍCH", 85)]),
            line("ocr_line", None, &[("1.", 96), ("Mục", 96), ("tiêu", 92)]),
            line("ocr_line", None, &[("Lê", 40), ("&amp;", 60), (" ", 0)]),
        );
        let r = parse(&hocr(&body)).unwrap();
        assert_eq!(r.text, "I. MỤC ĐÍCH\n1. Mục tiêu\n\nLê &\n");
        assert_eq!(r.rotation, 0);
        let mean = (95 + 90 + 85 + 96 + 96 + 92 + 40 + 60) as f32 / 8.0;
        assert_eq!(r.confidence, Some(mean));
    }

    #[test]
    fn the_angle_of_most_lines_is_the_pages() {
        let lines: String = (0..5)
            .map(|_| line("ocr_line", Some(180), &[("Kế", 90), ("hoạch", 90)]))
            .chain([line("ocr_caption", None, &[("Hình", 50)])])
            .collect();
        let r = parse(&hocr(&format!("<p class='ocr_par'>{lines}</p>"))).unwrap();
        assert_eq!(r.rotation, 180);
    }

    #[test]
    fn an_empty_page_and_a_broken_one() {
        let r = parse(&hocr("")).unwrap();
        assert_eq!((r.text.as_str(), r.confidence), ("", None));
        assert!(parse("<html><body>").is_err());
    }
}
