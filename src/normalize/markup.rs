//! Markdown from OCR, web pages and Word files: `#` headings, `**bold**`,
//! `*emphasis*`, pipe-table fragments, rule lines and backslash escapes
//! (`\*` is a star, not emphasis). The marks are removed; what they said
//! about structure is kept as [`Markup`]. In pipe rows a `|` inside a cell
//! stays escaped, so the table reader splits rows only between cells
//! ([`split_cells`]).

use super::Markup;

/// Emphasis opened on an earlier line and still open: bold ("**I. MỤC ĐÍCH,\nYÊU
/// CẦU**") or italic ("*2.4. Bộ\nChỉ huy Quân sự tỉnh*"). Emphasis never spans
/// paragraphs, so a line that starts inside one continues the paragraph.
#[derive(Debug, Default)]
pub struct EmphasisState {
    bold: bool,
    italic: bool,
}

/// A markdown line stripped of its marks.
#[derive(Debug, Clone, PartialEq)]
pub struct Stripped {
    pub text: String,
    pub markup: Markup,
    /// The line starts inside emphasis opened on an earlier line.
    pub inside_span: bool,
}

pub fn strip(line: &str, state: &mut EmphasisState) -> Stripped {
    let plain = |text: String, markup: Markup| Stripped {
        text,
        markup,
        inside_span: false,
    };
    let trimmed = line.trim();
    // Rules ("-----", "===") and empty pipe fragments ("| --- |") carry no
    // text; lone bars ("|", "| |") separate the cells of a table written one
    // cell per line.
    if trimmed.len() >= 3 && trimmed.chars().all(|c| matches!(c, '-' | '=' | '_' | '*')) {
        return plain(String::new(), Markup::Plain);
    }
    if !trimmed.is_empty() && trimmed.chars().all(|c| c == '|' || c.is_whitespace()) {
        let bars = trimmed.matches('|').count();
        return plain("|".repeat(bars), Markup::CellBreak);
    }
    if trimmed.starts_with('|') || trimmed.ends_with('|') && trimmed.contains(" | ") {
        let cells = split_cells(trimmed);
        if cells
            .iter()
            .all(|c| c.is_empty() || c.chars().all(|ch| matches!(ch, '-' | ':')))
        {
            return plain(String::new(), Markup::Plain);
        }
        let cleaned = cells
            .iter()
            .map(|c| strip_emphasis(c).replace('|', "\\|"))
            .collect::<Vec<_>>()
            .join(" | ");
        return plain(format!("| {cleaned} |"), Markup::PipeRow);
    }
    let (level, rest) = heading_level(trimmed);
    let was_open = state.bold;
    let inside_span = state.bold || state.italic;
    // Most lines carry no mark: nothing to count, and the state stays.
    if has_marks(rest) {
        let marks = rest.matches("**").count() + rest.matches("__").count();
        if marks % 2 == 1 {
            state.bold = !state.bold;
        }
        let without_bold = rest.replace("**", "").replace("__", "");
        let single_marks = without_bold
            .chars()
            .filter(|&c| c == '*' || c == '_')
            .count()
            - strip_emphasis(&without_bold)
                .chars()
                .filter(|&c| c == '*' || c == '_')
                .count();
        if single_marks % 2 == 1 {
            state.italic = !state.italic;
        }
    }
    let inner = rest.trim_matches(|c| c == '*' || c == '_' || c == ' ');
    let fully_bold = (was_open || rest.starts_with("**") || rest.starts_with("__"))
        && (state.bold || rest.ends_with("**") || rest.ends_with("__"))
        && !inner.contains("**");
    let text = strip_emphasis(rest);
    let markup = match level {
        Some(l) => Markup::Heading(l),
        None if fully_bold && !text.trim().is_empty() => Markup::Bold,
        None => Markup::Plain,
    };
    Stripped {
        text,
        markup,
        inside_span,
    }
}

/// Whether `text` holds an emphasis mark, `*` or `_`.
fn has_marks(text: &str) -> bool {
    memchr::memchr2(b'*', b'_', text.as_bytes()).is_some()
}

fn heading_level(line: &str) -> (Option<u8>, &str) {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        (Some(hashes as u8), line[hashes..].trim_start())
    } else {
        (None, line)
    }
}

/// The cells of a pipe row, split at the pipes that are not escaped, each
/// trimmed and still escaped.
pub fn split_cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = match row.strip_suffix('|') {
        Some(inner) if !inner.ends_with('\\') => inner,
        _ => row,
    };
    let mut cells = vec![String::new()];
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        let cell = cells.last_mut().unwrap();
        match c {
            '\\' => {
                cell.push(c);
                cell.extend(chars.next());
            }
            '|' => cells.push(String::new()),
            _ => cell.push(c),
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// A cell of a stripped pipe row as written: the one escape left resolved.
pub fn unescape_pipes(cell: &str) -> String {
    cell.replace("\\|", "|")
}

/// Removes `**`, `__` and single `*`/`_` used as emphasis, and resolves
/// backslash escapes. A lone `*` between spaces ("3 * 4") is text, not
/// emphasis, and stays.
fn strip_emphasis(text: &str) -> String {
    if !has_marks(text) && !text.contains('\\') {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\\' && next.is_some_and(|n| n.is_ascii_punctuation()) {
            out.extend(next);
            i += 2;
            continue;
        }
        if (c == '*' || c == '_') && next == Some(c) {
            i += 2;
            continue;
        }
        if c == '*' || c == '_' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let spaced =
                before.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
            if !spaced {
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(line: &str) -> (String, Markup) {
        let out = strip(line, &mut EmphasisState::default());
        (out.text, out.markup)
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
    fn emphasis_spanning_lines() {
        let mut state = EmphasisState::default();
        let mut next = |line: &str| {
            let out = strip(line, &mut state);
            (out.text, out.markup, out.inside_span)
        };
        assert_eq!(
            next("**I. MỤC ĐÍCH,"),
            ("I. MỤC ĐÍCH,".into(), Markup::Bold, false)
        );
        assert_eq!(next("YÊU CẦU**"), ("YÊU CẦU".into(), Markup::Bold, true));
        assert_eq!(
            next("Thực hiện"),
            ("Thực hiện".into(), Markup::Plain, false)
        );
        assert_eq!(next("*2.4. Bộ"), ("2.4. Bộ".into(), Markup::Plain, false));
        assert_eq!(
            next("Chỉ huy Quân sự tỉnh*"),
            ("Chỉ huy Quân sự tỉnh".into(), Markup::Plain, true)
        );
        assert_eq!(
            next("*1.1. *Quán triệt"),
            ("1.1. Quán triệt".into(), Markup::Plain, false)
        );
        assert_eq!(
            next("và triển khai"),
            ("và triển khai".into(), Markup::Plain, false),
            "balanced marks close"
        );
    }

    #[test]
    fn escapes_are_text() {
        assert_eq!(
            s(r"Ghi chú (\*): \_\_ \#1 a\\b"),
            (r"Ghi chú (*): __ #1 a\b".into(), Markup::Plain)
        );
        assert_eq!(
            s(r"**Số: \*\*\***"),
            ("Số: ***".into(), Markup::Bold),
            "escaped stars are no bold marks"
        );
        assert_eq!(
            s(r"| Thôn 1 (A\|B) | \*12 |"),
            (r"| Thôn 1 (A\|B) | *12 |".into(), Markup::PipeRow)
        );
        assert_eq!(
            split_cells(r"| Thôn 1 (A\|B) | 12 |"),
            [r"Thôn 1 (A\|B)", "12"]
        );
        assert_eq!(unescape_pipes(r"Thôn 1 (A\|B)"), "Thôn 1 (A|B)");
    }

    #[test]
    fn rules_and_empty_pipes_vanish() {
        assert_eq!(s("-------").0, "");
        assert_eq!(s("|"), ("|".into(), Markup::CellBreak));
        assert_eq!(s("| |"), ("||".into(), Markup::CellBreak));
        assert_eq!(s("| --- | :-: |").0, "");
        assert_eq!(
            s("| STT | Tổ dân phố |"),
            ("| STT | Tổ dân phố |".into(), Markup::PipeRow)
        );
    }
}
