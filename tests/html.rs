//! Web pages: each page made from a seed by scripts/make-html-fixtures.py
//! scores as the seed's text does; a page saved from the national database
//! of legal documents is read with its body, its tables and none of the
//! site around it.

mod common;

use std::path::Path;

use common::{assert_close, fixtures, ingest, plans, score, shared};
use vnplan::read::{read_source, Format};

const SEEDS: [&str; 5] = [
    "000_eba3d3845090eb91",
    "001_4b0e3b8465e57477",
    "002_429e92981eab9d16",
    "003_e74546dc58b16c27",
    "004_51edf642af5df24a",
];

/// Text of the portals' furniture in the fixtures: none of it is the document.
const FURNITURE: [&str; 11] = [
    "Trang chủ",
    "Sơ đồ trang",
    "Văn bản liên quan",
    "Chia sẻ: Facebook",
    "Cơ quan chủ quản",
    "Số ký hiệu",
    "Mục lục",
    "Ý kiến của bạn",
    "dataLayer",
    "Còn hiệu lực",
    "Tải về",
];

#[test]
fn every_page_scores_as_its_text_seed() {
    for seed in SEEDS {
        let text = fixtures(&format!("seeds/{seed}.txt"));
        let page = fixtures(&format!("html/{seed}.html"));
        let from_text = score(&[&text], &[seed], "txt");
        let from_page = score(&[&page], &[seed], "html");
        assert_close(&from_text, &from_page, 0.02, &format!("web page {seed}"));
    }
}

#[test]
fn pages_are_read_as_html_in_their_encodings_without_the_site() {
    let (data, output) = ingest(&[&fixtures("html")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plans = plans(data.path());
    assert_eq!(plans.len(), SEEDS.len());
    for plan in plans {
        let source = &plan["source"];
        assert_eq!(source["format"], "html");
        let expected = if source["path"].as_str().unwrap().contains("001_")
            || source["path"].as_str().unwrap().contains("004_")
        {
            "windows-1258"
        } else {
            "utf-8"
        };
        assert_eq!(source["encoding"], expected, "{}", source["path"]);
        let text = plan["text"].as_str().unwrap();
        for furniture in FURNITURE {
            assert!(
                !text.contains(furniture),
                "{furniture:?} in {}",
                source["path"]
            );
        }
        assert!(
            text.contains("Độc lập - Tự do - Hạnh phúc"),
            "the header block is read"
        );
        assert!(text.contains("Nơi nhận"), "the signature block is read");
    }
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let (source, reading) = read_source(path, &bytes).expect("the page is read");
    assert_eq!(source.format, Format::Html);
    assert!(reading.pages.is_empty());
    source.text
}

#[test]
fn a_page_of_the_national_database_is_read_with_its_body_only() {
    let path = shared("real").join("17_qd51-2025-ttg-tieu-chi-ntm-2026-2030.vbpl.html");
    let text = read(&path);
    let position = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} is missing"))
    };
    // The header block, in reading order: issuer, motto, number, place and date.
    assert!(position("THỦ TƯỚNG CHÍNH PHỦ") < position("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(position("CỘNG HÒA") < position("Số: 51/2025/QĐ-TTg"));
    assert!(position("Số: 51/2025/QĐ-TTg") < position("Hà Nội, ngày 29 tháng 12 năm 2025"));
    let articles: Vec<usize> = (1..=4).map(|n| position(&format!("**Điều {n}."))).collect();
    assert!(articles.windows(2).all(|w| w[0] < w[1]), "{articles:?}");
    assert!(position("Nơi nhận:") < position("Trần Hồng Hà"));
    // The site around the document: menus, the site's own title and status
    // line, the table of contents, the footer.
    for furniture in [
        "TRANG CHỦ",
        "Văn bản quy phạm pháp luật Trung ương",
        "Còn hiệu lực",
        "Ngày cập nhật",
        "Mục lục",
        "Khoản 1",
        "Điểm a",
        "Đơn vị chủ quản",
        "Hiển thị chi tiết cập nhật",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} was read");
    }
    // Phụ lục I is a data table: two header rows under a spanned cell, then its criteria.
    assert!(text.contains(
        "\n| **TT** | **Tên tiêu chí** | **Nội dung tiêu chí** | **Chỉ tiêu chung** | **Yêu cầu đối với từng nhóm xã** |  |  |\n| --- |"
    ));
    assert!(text.contains("\n|  |  |  |  | **Xã nhóm 1** | **Xã nhóm 2** | **Xã nhóm 3** |\n"));
    assert!(text.contains("\n| 1 | Quy hoạch | 1.1. Có quy hoạch chung xã"));
    // The header and signature blocks are lines, not tables.
    assert!(!text.contains("| **THỦ TƯỚNG CHÍNH PHỦ"));
    assert!(!text.contains("| **Nơi nhận"));
}

#[test]
fn the_national_database_page_is_ingested_not_refused() {
    let path = shared("real").join("17_qd51-2025-ttg-tieu-chi-ntm-2026-2030.vbpl.html");
    let (data, output) = ingest(&[&path]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plans = plans(data.path());
    let metadata = &plans[0]["metadata"];
    assert_eq!(metadata["doc_type"], "Quyết định");
    assert_eq!(metadata["number"], "51/2025/QĐ-TTg");
    assert_eq!(metadata["date"], "2025-12-29");
    let notes = plans[0]["footnotes"].as_array().unwrap();
    assert_eq!(notes.len(), 3, "the criteria table's notes: {notes:?}");
    assert!(notes[2]["text"]
        .as_str()
        .unwrap()
        .starts_with("Bao gồm cả cơ sở chăn nuôi"));
}
