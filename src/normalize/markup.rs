//! Markdown from OCR and web pages: `#` headings, `**bold**`, `*emphasis*`,
//! pipe-table fragments and rule lines. The marks are removed; what they said
//! about structure is kept as [`Markup`].

use super::Markup;

/// Whether a `**` opened on an earlier line is still open ("**I. MỤC ĐÍCH,\nYÊU CẦU**").
#[derive(Debug, Default)]
pub struct BoldState {
    open: bool,
}

pub fn strip(line: &str, bold: &mut BoldState) -> (String, Markup) {
    let trimmed = line.trim();
    // Rules ("-----", "===") and empty pipe fragments ("|", "| |") carry no text.
    if trimmed.len() >= 3 && trimmed.chars().all(|c| matches!(c, '-' | '=' | '_' | '*')) {
        return (String::new(), Markup::Plain);
    }
    if trimmed.starts_with('|') || trimmed.ends_with('|') && trimmed.contains(" | ") {
        let cells: Vec<&str> = trimmed
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells
            .iter()
            .all(|c| c.is_empty() || c.chars().all(|ch| matches!(ch, '-' | ':')))
        {
            return (String::new(), Markup::Plain);
        }
        let cleaned = cells
            .iter()
            .map(|c| strip_emphasis(c))
            .collect::<Vec<_>>()
            .join(" | ");
        return (format!("| {cleaned} |"), Markup::PipeRow);
    }
    let (level, rest) = heading_level(trimmed);
    let was_open = bold.open;
    let marks = rest.matches("**").count() + rest.matches("__").count();
    if marks % 2 == 1 {
        bold.open = !bold.open;
    }
    let inner = rest.trim_matches(|c| c == '*' || c == '_' || c == ' ');
    let fully_bold = (was_open || rest.starts_with("**") || rest.starts_with("__"))
        && (bold.open || rest.ends_with("**") || rest.ends_with("__"))
        && !inner.contains("**");
    let text = strip_emphasis(rest);
    let markup = match level {
        Some(l) => Markup::Heading(l),
        None if fully_bold && !text.trim().is_empty() => Markup::Bold,
        None => Markup::Plain,
    };
    (text, markup)
}

fn heading_level(line: &str) -> (Option<u8>, &str) {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        (Some(hashes as u8), line[hashes..].trim_start())
    } else {
        (None, line)
    }
}

/// Removes `**`, `__` and single `*`/`_` used as emphasis. A lone `*` between
/// spaces ("3 * 4") is text, not emphasis, and stays.
fn strip_emphasis(text: &str) -> String {
    let text = text.replace("**", "").replace("__", "");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '*' || c == '_' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let spaced =
                before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace);
            if !spaced {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(line: &str) -> (String, Markup) {
        strip(line, &mut BoldState::default())
    }

    #[test]
    fn headings_and_bold() {
        assert_eq!(
            s("#### I. MỤC ĐÍCH, YÊU CẦU"),
            ("I. MỤC ĐÍCH, YÊU CẦU".into(), Markup::Heading(4))
        );
        assert_eq!(
            s("## **II. NỘI DUNG**"),
            ("II. NỘI DUNG".into(), Markup::Heading(2))
        );
        assert_eq!(s("**CHỦ TỊCH**"), ("CHỦ TỊCH".into(), Markup::Bold));
        assert_eq!(
            s("1. **Đẩy mạnh:** Tăng cường"),
            ("1. Đẩy mạnh: Tăng cường".into(), Markup::Plain)
        );
        assert_eq!(
            s("*1.1. *Quán triệt"),
            ("1.1. Quán triệt".into(), Markup::Plain)
        );
    }

    #[test]
    fn bold_spanning_lines() {
        let mut state = BoldState::default();
        assert_eq!(
            strip("**I. MỤC ĐÍCH,", &mut state),
            ("I. MỤC ĐÍCH,".into(), Markup::Bold)
        );
        assert_eq!(
            strip("YÊU CẦU**", &mut state),
            ("YÊU CẦU".into(), Markup::Bold)
        );
        assert_eq!(
            strip("Thực hiện", &mut state),
            ("Thực hiện".into(), Markup::Plain)
        );
    }

    #[test]
    fn rules_and_empty_pipes_vanish() {
        assert_eq!(s("-------").0, "");
        assert_eq!(s("|").0, "");
        assert_eq!(s("| --- | :-: |").0, "");
        assert_eq!(
            s("| STT | Tổ dân phố |"),
            ("| STT | Tổ dân phố |".into(), Markup::PipeRow)
        );
    }
}
