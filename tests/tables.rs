//! Tables through the whole pipeline: seed 000's annex, a copy of it with one
//! cell changed, and tables written here in each of the three layouts.

mod common;

use common::fixtures;
use vnplan::model::{Plan, Table};

fn plan(name: &str, text: &str) -> Plan {
    vnplan::process(name, text.as_bytes()).unwrap()
}

fn seed_000() -> String {
    std::fs::read_to_string(fixtures("seeds/000_eba3d3845090eb91.txt")).unwrap()
}

fn cells(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}

#[test]
fn seed_000_annex_table_and_its_checks() {
    let p = plan("000.txt", &seed_000());
    assert_eq!(p.tables.len(), 1);
    let t = &p.tables[0];
    assert_eq!(
        t.title.as_deref(),
        Some("TỔNG HỢP BIỂU MẪU CHỈ TIÊU ĐĂNG KÝ GIẢM NGHÈO NĂM 2024")
    );
    assert_eq!(
        (t.columns, t.rows.len(), t.layout.as_str()),
        (21, 8, "linearised")
    );
    assert!(t.rows[7].total && t.rows[7].cells[1] == "Tổng cộng");
    assert_eq!(t.rows[7].values[2], Some(2737.0), "2,737 households");
    assert_eq!(t.rows[0].values[5], Some(5.13));
    assert_eq!(t.rows[1].values[6], None, "a dash is empty");
    for kind in ["sum", "rate", "derived", "difference"] {
        assert!(t.checks.iter().any(|c| c.kind == kind), "no {kind} check");
    }
    let failing: Vec<_> = t.checks.iter().filter(|c| !c.holds).collect();
    assert!(failing.is_empty(), "{failing:#?}");
    let text: Vec<_> = t.checks.iter().filter(|c| c.kind == "text").collect();
    assert_eq!(
        text.len(),
        2,
        "the poverty rate 20,28% and its reduction 5,00% agree with the total row"
    );
    assert!(text.iter().any(|c| c.expected == 20.28) && text.iter().any(|c| c.expected == 5.0));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn a_changed_cell_fails_the_checks_that_use_it() {
    // Row 1's households at the end of 2023: 409 becomes 419.
    let changed = seed_000().replacen("   409  ", "   419  ", 1);
    let p = plan("000-changed.txt", &changed);
    let t = &p.tables[0];
    assert_eq!(t.rows[0].cells[2], "419");
    let failing: Vec<_> = t.checks.iter().filter(|c| !c.holds).collect();
    assert!(!failing.is_empty());
    assert!(
        failing
            .iter()
            .all(|c| c.cells.contains(&[0, 2]) || c.cells.contains(&[7, 2])),
        "{failing:#?}"
    );
    assert!(
        failing.iter().any(|c| c.kind == "sum"),
        "the column no longer adds up"
    );
    assert!(
        failing.iter().any(|c| c.kind == "rate"),
        "row 1's rate no longer follows"
    );
    assert!(
        p.warnings.iter().any(|w| w.contains("[0, 2]")),
        "{:?}",
        p.warnings
    );
}

const PLAN_HEAD: &str = "KẾ HOẠCH\n\nGiảm nghèo năm 2024 trên địa bàn xã Thử\n\nI. MỤC TIÊU\n\nTỷ lệ hộ nghèo còn 3,00% vào cuối năm 2024.\n\nII. TỔ CHỨC THỰC HIỆN\n\nCác thôn thực hiện./.\n\nNơi nhận:\n- Lưu VT.\n\nTM. ỦY BAN NHÂN DÂN\n\nCHỦ TỊCH\n\nNguyễn Văn A\n\n";

#[test]
fn linearised_table_with_a_glued_pair_a_dash_and_a_failing_sum() {
    let cells_text = [
        "BẢNG CHỈ TIÊU GIẢM NGHÈO",
        "S",
        "T",
        "T",
        "Thôn",
        "Tổng số hộ",
        "Số hộ nghèo",
        "Tỷ lệ %",
        "1",
        "Thôn A",
        "200",
        "8",
        "4.00",
        "2",
        "Thôn B",
        "100       -",
        "0.00",
        "3",
        "Thôn C",
        "100",
        "2",
        "2.00",
        "Tổng cộng",
        "400",
        "12",
        "3.00",
    ];
    let text = format!("{PLAN_HEAD}{}\n", cells_text.join("\n\n"));
    let p = plan("linearised.txt", &text);
    let t = &p.tables[0];
    assert_eq!(t.layout, "linearised");
    assert_eq!(
        cells(t),
        [
            vec!["1", "Thôn A", "200", "8", "4.00"],
            vec!["2", "Thôn B", "100", "-", "0.00"],
            vec!["3", "Thôn C", "100", "2", "2.00"],
            vec!["", "Tổng cộng", "400", "12", "3.00"],
        ]
    );
    let sum_households = t
        .checks
        .iter()
        .find(|c| c.kind == "sum" && c.cells.contains(&[3, 2]))
        .unwrap();
    assert!(sum_households.holds);
    let sum_poor = t
        .checks
        .iter()
        .find(|c| c.kind == "sum" && c.cells.contains(&[3, 3]))
        .unwrap();
    assert!(!sum_poor.holds, "8 + 0 + 2 is 10, not 12");
    assert_eq!((sum_poor.expected, sum_poor.found), (10.0, 12.0));
    let text_check = t.checks.iter().find(|c| c.kind == "text").unwrap();
    assert!(text_check.holds, "3,00% in the text, 3.00 in the total row");
}

#[test]
fn pipe_table_with_a_two_level_header() {
    let table = "| STT | Xã | Số hộ nghèo | | Tỷ lệ |\n| --- | --- | --- | --- | --- |\n| | | Tổng số | Tr.đó DTTS | % |\n| 1 | Xã A | 20 | 5 | 4.00 |\n| 2 | Xã B | 30 | - | 6.00 |\n| | Cộng | 50 | 5 | 5.00 |\n";
    let text = format!("## KẾ HOẠCH\n\n### Giảm nghèo năm 2024\n\n## I. MỤC TIÊU\n\nGiảm nghèo.\n\n**BẢNG SỐ LIỆU**\n\n{table}\n## II. TỔ CHỨC THỰC HIỆN\n\nThực hiện./.\n");
    let p = plan("pipe.md", &text);
    assert_eq!(p.tables.len(), 1, "{:?}", p.tables);
    let t = &p.tables[0];
    assert_eq!(t.layout, "pipe");
    assert_eq!(cells(t)[1], ["2", "Xã B", "30", "-", "6.00"]);
    assert!(t.rows[2].total);
    let labels: Vec<&str> = t.header[2]
        .children
        .iter()
        .map(|h| h.label.as_str())
        .collect();
    assert_eq!(
        (t.header[2].label.as_str(), labels),
        ("Số hộ nghèo", vec!["Tổng số", "Tr.đó DTTS"])
    );
    assert!(t.checks.iter().filter(|c| c.kind == "sum").all(|c| c.holds));
    assert_eq!(
        t.location.section.as_deref(),
        Some("s1"),
        "the table keeps its place in the section tree"
    );
    assert_eq!(
        p.sections[1].heading, "TỔ CHỨC THỰC HIỆN",
        "the table does not swallow what follows"
    );
}

#[test]
fn space_aligned_table_with_a_header_above_its_columns() {
    let table = [
        "TT    Thôn          Số hộ nghèo        Tỷ lệ",
        "                    Năm 2023   DTTS",
        "1     Thôn A        10         4       5.00",
        "2     Thôn B        6          2       3.00",
        "      Tổng cộng     16         6       4.00",
    ];
    let text = format!("{PLAN_HEAD}BẢNG SỐ HỘ NGHÈO\n\n{}\n", table.join("\n\n"));
    let p = plan("aligned.txt", &text);
    let t = &p.tables[0];
    assert_eq!(t.layout, "aligned");
    assert_eq!(cells(t)[0], ["1", "Thôn A", "10", "4", "5.00"]);
    assert!(t.rows[2].total);
    let kids: Vec<&str> = t.header[2]
        .children
        .iter()
        .map(|h| h.label.as_str())
        .collect();
    assert_eq!(kids, ["Năm 2023", "DTTS"]);
    assert!(t.checks.iter().filter(|c| c.kind == "sum").all(|c| c.holds));
}

#[test]
fn no_table_where_there_is_none() {
    for seed in [
        "001_4b0e3b8465e57477",
        "002_429e92981eab9d16",
        "003_e74546dc58b16c27",
        "004_51edf642af5df24a",
    ] {
        let text = std::fs::read_to_string(fixtures(&format!("seeds/{seed}.txt"))).unwrap();
        assert!(plan(seed, &text).tables.is_empty(), "{seed}");
    }
}

/// A pipe table of `columns` columns and `rows` rows in which every third
/// column is the rate of the two before it.
fn wide_table(columns: usize, rows: usize) -> String {
    let header: Vec<String> = (1..=columns).map(|c| format!("Cột {c}")).collect();
    let mut lines = vec![format!("| {} |", header.join(" | "))];
    for r in 0..rows {
        let cells: Vec<String> = (0..columns)
            .map(|c| match c % 3 {
                0 => format!("{}", 2 + (r * 7 + c) % 50),
                1 => format!("{}", 100 + (r * 13 + c) % 400),
                _ => {
                    let (n, d) = (2 + (r * 7 + c - 2) % 50, 100 + (r * 13 + c - 1) % 400);
                    format!("{:.2}", 100.0 * n as f64 / d as f64)
                }
            })
            .collect();
        lines.push(format!("| {} |", cells.join(" | ")));
    }
    format!("## KẾ HOẠCH\n\n### Giảm nghèo năm 2024\n\n## I. MỤC TIÊU\n\nGiảm nghèo.\n\n**BẢNG SỐ LIỆU**\n\n{}\n\n## II. TỔ CHỨC THỰC HIỆN\n\nThực hiện./.\n", lines.join("\n"))
}

#[test]
fn a_thousand_columns_are_checked_within_a_budget() {
    // Checks grew with the 3.7th power of the columns: 1,000 never ended.
    let text = wide_table(1000, 6);
    let p = vnplan::budget::within(std::time::Duration::from_secs(20), || {
        plan("wide.md", &text)
    })
    .expect("checked within its budget");
    let t = &p.tables[0];
    assert_eq!((t.columns, t.rows.len()), (1000, 6));
    let rates = t.checks.iter().filter(|c| c.kind == "rate").count();
    assert_eq!(rates, 333 * 6, "every rate column is found and checked");
    assert!(t
        .checks
        .iter()
        .filter(|c| c.kind == "rate")
        .all(|c| c.holds));
}

#[test]
fn a_table_over_the_cell_limit_is_kept_unchecked_with_a_warning() {
    let limit = vnplan::extract::tables::MAX_CHECKED_CELLS;
    let text = wide_table(1000, limit / 1000 + 1);
    let p = plan("huge.md", &text);
    let t = &p.tables[0];
    assert!(t.checks.is_empty());
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains(&format!("over the limit of {limit}"))),
        "{:?}",
        p.warnings
    );
}

#[test]
fn web_page_table_of_one_cell_per_line() {
    // Corpus 07's annex: cells between lone "|" lines, "| |" between rows,
    // long cells over several lines, a group row with a single number.
    let text = std::fs::read_to_string(fixtures("corpus/07_cantho-kh157-2025-tro-giup-xa-hoi.txt"))
        .unwrap();
    let p = plan("07.txt", &text);
    assert_eq!(p.tables.len(), 1, "the header block is no table");
    let t = &p.tables[0];
    assert_eq!(
        (t.layout.as_str(), t.columns, t.rows.len()),
        ("pipe", 4, 11)
    );
    assert_eq!(cells(t)[0], ["I", "NHÓM XÃ, PHƯỜNG", "115", ""]);
    assert!(
        t.rows[1].cells[1].starts_with("Tỷ lệ % người hưởng trợ cấp xã hội, trợ cấp hưu trí"),
        "a cell's lines are joined"
    );
    assert!(t
        .title
        .as_deref()
        .is_some_and(|title| title.starts_with("THANG ĐIỂM THI ĐUA")));
    assert_eq!(p.metadata.number.as_deref(), Some("157/KH-UBND"));
}
