//! A district plan and a commune plan that implements it, written here in
//! the plans' own words: the citation links them both ways, the tree puts
//! the commune under the district, and the cascade sets the district's
//! target for the commune beside the commune's own.

mod common;

use serde_json::Value;

const DISTRICT: &str = "ỦY BAN NHÂN DÂN
HUYỆN TRÀ BỒNG
Số: 21/KH-UBND
Trà Bồng, ngày 29 tháng 02 năm 2024
KẾ HOẠCH
Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Trà Bồng năm 2024
Thực hiện Kế hoạch số 12/KH-UBND ngày 20/01/2024 của UBND tỉnh Quảng Ngãi về thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024;
I. MỤC TIÊU
1. Phấn đấu giảm tỷ lệ hộ nghèo toàn huyện còn 15%.
2. Tỷ lệ hộ nghèo ở xã Trà Lâm giảm 4%.
II. TỔ CHỨC THỰC HIỆN
Ủy ban nhân dân các xã xây dựng kế hoạch thực hiện./.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
";

const COMMUNE: &str = "ỦY BAN NHÂN DÂN
XÃ TRÀ LÂM
Số: 29/KH-UBND
Trà Lâm, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn xã Trà Lâm năm 2024
Thực hiện Kế hoạch số 21/KH-UBND ngày 29/02/2024 của UBND huyện Trà Bồng về thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Trà Bồng năm 2024;
I. MỤC TIÊU
Phấn đấu giảm tỷ lệ hộ nghèo 3,5%.
II. TỔ CHỨC THỰC HIỆN
Các thôn tổ chức thực hiện./.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
";

fn ingested() -> (tempfile::TempDir, tempfile::TempDir) {
    let inputs = tempfile::tempdir().unwrap();
    std::fs::write(inputs.path().join("huyen-tra-bong.txt"), DISTRICT).unwrap();
    std::fs::write(inputs.path().join("xa-tra-lam.txt"), COMMUNE).unwrap();
    let (data, output) = common::ingest(&[inputs.path()]);
    assert!(output.status.success(), "{output:?}");
    for plan in common::plans(data.path()) {
        common::validate(&plan, "a synthetic plan");
    }
    (inputs, data)
}

fn json(args: &[&str]) -> Value {
    let output = common::vnplan(args);
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_commune_plan_implements_the_district_plan_it_cites() {
    let (_inputs, data) = ingested();
    let dir = data.path().to_str().unwrap();
    let hierarchy = json(&["plans", "--tree", "--format", "json", "--data", dir]);
    let nodes = hierarchy["nodes"].as_array().unwrap();
    let node = |number: &str| {
        nodes
            .iter()
            .find(|n| n["plan"] == number)
            .unwrap_or_else(|| panic!("{number} in {hierarchy}"))
    };
    let (district, commune) = (node("21/KH-UBND"), node("29/KH-UBND"));
    assert_eq!(
        commune["implements"],
        serde_json::json!([district["plan_id"]])
    );
    assert_eq!(
        district["implemented_by"],
        serde_json::json!([commune["plan_id"]])
    );
    // The province's plan is cited but not here.
    assert_eq!(
        district["unresolved"],
        serde_json::json!(["Kế hoạch 12/KH-UBND ngày 2024-01-20 của UBND tỉnh Quảng Ngãi"])
    );

    let tree = common::vnplan(&["plans", "--tree", "--data", dir]);
    let tree = String::from_utf8(tree.stdout).unwrap();
    let lines: Vec<&str> = tree.lines().collect();
    assert!(
        lines[0].starts_with("huyện Trà Bồng — 21/KH-UBND"),
        "{tree}"
    );
    assert!(
        lines[1].contains("unresolved: Kế hoạch 12/KH-UBND"),
        "{tree}"
    );
    assert!(lines[2].starts_with("  xã Trà Lâm — 29/KH-UBND"), "{tree}");
}

#[test]
fn the_cascade_shows_both_targets_and_their_difference() {
    let (_inputs, data) = ingested();
    let dir = data.path().to_str().unwrap();
    let steps = json(&["compare", "--cascade", "--format", "json", "--data", dir]);
    let steps = steps.as_array().unwrap();
    assert_eq!(steps.len(), 1, "{steps:?}");
    let step = &steps[0];
    assert_eq!(step["locality"], "xã Trà Lâm");
    assert_eq!(step["indicator"], "poverty_rate_reduction");
    assert_eq!(step["year"], 2024);
    assert_eq!(step["unit"], "%");
    assert_eq!(step["set_by"], "21/KH-UBND");
    assert_eq!(step["set_value"], 4.0);
    assert_eq!(step["own_plan"], "29/KH-UBND");
    assert_eq!(step["own_value"], 3.5);
    assert_eq!(step["difference"], -0.5);
    assert_eq!(step["implements"], true);

    let csv = common::vnplan(&[
        "compare",
        "--cascade",
        "--format",
        "csv",
        "--excel-vi",
        "--data",
        dir,
    ]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.contains("xã Trà Lâm;poverty_rate_reduction;2024;%;21/KH-UBND;4;29/KH-UBND;3,5;-0,5"),
        "{csv}"
    );
}
