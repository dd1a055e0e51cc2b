//! Tables. A data table becomes a markdown pipe table on a rectangular grid:
//! a cell spanning columns or rows (colspan, rowspan) is written in its
//! top-left slot and the slots it covers are left empty, as the printed
//! table shows them, so an upper header cell heads the cells below it.
//! A layout table (the header block with the issuer on the left and the
//! national motto on the right, the signature block, a frame around the
//! page) is not data: its cells are written as paragraphs, row by row, in
//! reading order.

use scraper::ElementRef;

use super::marks;
use super::page::{is_skipped, Page};
use super::render::Writer;

/// Header and signature blocks have two columns, now and then three.
const LAYOUT_MAX_COLUMNS: usize = 3;
/// Wider grids are cut here: no document's table is wider, and a span of
/// thousands of columns would cost memory for nothing.
const MAX_COLUMNS: usize = 200;

/// Whether `table` holds another table: then it lays out the page, and its
/// cells are read as blocks where the walk meets them.
pub fn has_nested_table(table: ElementRef) -> bool {
    table
        .descendent_elements()
        .skip(1)
        .any(|e| e.value().name() == "table")
}

/// A grid of slots: `Some(markdown)` where a cell starts, `None` where a
/// span covers a slot or a row is short.
type Grid = Vec<Vec<Option<String>>>;

/// Writes `table` (which holds no other table) into `w`; `render` gives a
/// cell's markdown.
pub fn write(
    page: &Page,
    table: ElementRef,
    w: &mut Writer,
    render: impl Fn(ElementRef) -> String,
) {
    for caption in table
        .child_elements()
        .filter(|c| c.value().name() == "caption")
    {
        w.write_block(&render(caption));
    }
    let grid = grid(page, table, &render);
    if is_layout(&grid) {
        for cell in grid.iter().flatten().flatten() {
            w.write_block(cell);
        }
    } else {
        w.write_block(&pipe_rows(&grid).join("\n"));
    }
}

/// The rows of `table` itself, not of tables inside it.
fn rows<'a>(table: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    table.child_elements().flat_map(|c| {
        let rows: Vec<ElementRef> = match c.value().name() {
            "tr" => vec![c],
            "thead" | "tbody" | "tfoot" => c
                .child_elements()
                .filter(|r| r.value().name() == "tr")
                .collect(),
            _ => Vec::new(),
        };
        rows
    })
}

/// The cells of `table`'s own rows, in reading order.
pub fn cells<'a>(table: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    rows(table).flat_map(|r| {
        r.child_elements()
            .filter(|c| matches!(c.value().name(), "td" | "th"))
    })
}

fn span(cell: ElementRef, attr: &str) -> Option<usize> {
    cell.value().attr(attr)?.trim().parse().ok()
}

fn grid(page: &Page, table: ElementRef, render: &impl Fn(ElementRef) -> String) -> Grid {
    let kept = |e: &ElementRef| !is_skipped(*e) && !page.is_dropped(e.id());
    let rows: Vec<ElementRef> = rows(table).filter(kept).collect();
    let mut grid: Grid = vec![Vec::new(); rows.len()];
    // Slots already covered by a span from an earlier cell.
    let mut taken: Vec<Vec<bool>> = vec![Vec::new(); rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        let cells = row
            .child_elements()
            .filter(|c| matches!(c.value().name(), "td" | "th") && kept(c));
        for cell in cells {
            while taken[r].get(col).copied().unwrap_or(false) {
                col += 1;
            }
            if col >= MAX_COLUMNS {
                break;
            }
            let colspan = span(cell, "colspan")
                .unwrap_or(1)
                .clamp(1, MAX_COLUMNS - col);
            // rowspan="0" spans to the end of the table.
            let rowspan = match span(cell, "rowspan") {
                Some(0) => rows.len() - r,
                s => s.unwrap_or(1).clamp(1, rows.len() - r),
            };
            for slots in &mut taken[r..r + rowspan] {
                if slots.len() < col + colspan {
                    slots.resize(col + colspan, false);
                }
                slots[col..col + colspan].fill(true);
            }
            if grid[r].len() <= col {
                grid[r].resize(col + 1, None);
            }
            grid[r][col] = Some(render(cell));
            col += colspan;
        }
    }
    let width = taken.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut grid {
        row.resize(width, None);
    }
    grid.retain(|row| row.iter().flatten().any(|c| !c.trim().is_empty()));
    grid
}

/// One row or one column is a frame; a narrow table whose cells open with
/// the header's or the signature's marks lays out those blocks.
fn is_layout(grid: &Grid) -> bool {
    let columns = grid.first().map_or(0, Vec::len);
    grid.len() <= 1
        || columns <= 1
        || columns <= LAYOUT_MAX_COLUMNS
            && grid.iter().flatten().flatten().any(|cell| {
                cell.lines()
                    .any(|l| marks::opens_layout(&l.replace("**", "")))
            })
}

/// The grid as pipe-table rows, a rule under the first.
fn pipe_rows(grid: &Grid) -> Vec<String> {
    let mut lines = Vec::with_capacity(grid.len() + 1);
    for (i, row) in grid.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| c.as_deref().map(pipe_cell).unwrap_or_default())
            .collect();
        lines.push(format!("| {} |", cells.join(" | ")));
        if i == 0 {
            lines.push(format!("|{}", " --- |".repeat(row.len())));
        }
    }
    lines
}

/// A cell on one line; a `|` in its text is written as `¦`, which reads the
/// same and does not split the cell.
fn pipe_cell(markdown: &str) -> String {
    markdown
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "¦")
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
    fn spans_expand_into_a_rectangular_grid() {
        let table = r#"<table border="1">
            <tr><td rowspan="2"><b>TT</b></td><td rowspan="2">Đơn vị</td><td colspan="2">Hộ nghèo</td></tr>
            <tr><td>Số hộ</td><td>Tỷ lệ (%)</td></tr>
            <tr><td>1</td><td>Thôn 1</td><td>12</td><td>3,5</td></tr>
            <tr><td>2</td><td>Thôn 2 | Làng 3</td><td>7</td><td>2,1</td></tr></table>"#;
        assert_eq!(
            md(table),
            "| **TT** | Đơn vị | Hộ nghèo |  |\n| --- | --- | --- | --- |\n|  |  | Số hộ | Tỷ lệ (%) |\n| 1 | Thôn 1 | 12 | 3,5 |\n| 2 | Thôn 2 ¦ Làng 3 | 7 | 2,1 |"
        );
    }

    #[test]
    fn a_span_in_a_data_row_leaves_its_slots_empty() {
        let table = "<table><tr><th>TT</th><th>Tiêu chí</th><th>Chỉ tiêu</th></tr>
            <tr><td rowspan=\"2\">1</td><td>Quy hoạch</td><td>Đạt</td></tr>
            <tr><td colspan=\"2\">Bộ Xây dựng<br>hướng dẫn</td></tr></table>";
        assert_eq!(
            md(table),
            "| TT | Tiêu chí | Chỉ tiêu |\n| --- | --- | --- |\n| 1 | Quy hoạch | Đạt |\n|  | Bộ Xây dựng hướng dẫn |  |"
        );
    }

    #[test]
    fn header_and_signature_blocks_are_lines_in_reading_order() {
        let header = r#"<table><tr><td><p align="center"><b>ỦY BAN NHÂN DÂN<br>XÃ TRÀ LÂM</b></p></td>
            <td><p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b></p></td></tr>
            <tr><td>Số: 29/KH-UBND</td><td><i>Trà Lâm, ngày 26 tháng 02 năm 2024</i></td></tr></table>"#;
        assert_eq!(
            md(header),
            "**ỦY BAN NHÂN DÂN**\n**XÃ TRÀ LÂM**\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n\nSố: 29/KH-UBND\n\nTrà Lâm, ngày 26 tháng 02 năm 2024"
        );
        let signature = "<table><tr><td><b>Nơi nhận:</b><br>- Như trên;<br>- Lưu: VT.</td>
            <td><b>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH</b><br><br><b>Võ Thị Mai Vỹ</b></td></tr></table>";
        assert_eq!(
            md(signature),
            "**Nơi nhận:**\n- Như trên;\n- Lưu: VT.\n\n**TM. ỦY BAN NHÂN DÂN**\n**CHỦ TỊCH**\n\n**Võ Thị Mai Vỹ**"
        );
    }

    #[test]
    fn a_table_around_the_page_is_read_as_blocks_and_its_menu_dropped() {
        let page = "<table><tr><td><a href='/'>Trang chủ</a></td></tr><tr><td>
            <p>KẾ HOẠCH</p><table><tr><td>STT</td><td>Chỉ tiêu</td></tr><tr><td>1</td><td>5%</td></tr></table>
            <p>Nơi nhận:</p></td></tr></table>";
        assert_eq!(
            md(page),
            "KẾ HOẠCH\n\n| STT | Chỉ tiêu |\n| --- | --- |\n| 1 | 5% |\n\nNơi nhận:"
        );
    }

    #[test]
    fn huge_spans_are_bounded() {
        let table = r#"<table><tr><td colspan="100000" rowspan="100000">A</td><td>B</td></tr><tr><td>C</td><td>D</td></tr></table>"#;
        let out = md(table);
        assert!(out.len() < 5_000, "{}", out.len());
    }
}
