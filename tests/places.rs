//! Plans and their targets located in the gazetteer: the plan's locality
//! with its chain of parents, and the locality each target is for.

mod common;

use serde_json::Value;

fn process(path: &std::path::Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let plan = vnplan::process(&path.display().to_string(), &bytes).unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    common::validate(&json, &path.display().to_string());
    json
}

fn process_text(name: &str, text: &str) -> Value {
    let plan = vnplan::process(name, text.as_bytes()).unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    common::validate(&json, name);
    json
}

/// The unit's code and name, then its parents' with their kinds.
fn chain(place: &Value) -> Vec<String> {
    let unit = &place["unit"];
    let mut out = vec![format!(
        "{} {} {}",
        unit["code"], unit["kind"], unit["name"]
    )];
    for parent in unit["parents"].as_array().unwrap() {
        out.push(format!(
            "{} {} {}",
            parent["code"], parent["kind"], parent["name"]
        ));
    }
    out.into_iter().map(|s| s.replace('"', "")).collect()
}

#[test]
fn the_township_of_kong_chro_is_in_its_district_then_its_province() {
    let plan = process(&common::fixtures("seeds").join("000_eba3d3845090eb91.txt"));
    let place = &plan["metadata"]["place"];
    assert_eq!(place["status"], "resolved");
    assert_eq!(place["unit"]["era"], "before_2025");
    assert_eq!(
        chain(place),
        [
            "23824 township Kông Chro",
            "630 rural_district Kông Chro",
            "64 province Gia Lai"
        ]
    );
}

#[test]
fn the_province_plans_target_for_kong_chro_is_kong_chros_per_year() {
    let plan = process(&common::fixtures("seeds").join("004_51edf642af5df24a.txt"));
    let targets = plan["targets"].as_array().unwrap();
    let target = targets
        .iter()
        .find(|t| t["quote"].as_str().unwrap().contains("Kông Chro giảm 5%"))
        .expect("the Kông Chro target");
    assert_eq!(target["per_year"], true);
    assert_eq!(target["indicator"], "poverty_rate_reduction");
    assert_eq!(target["measure"], "Tỷ lệ hộ nghèo");
    assert_eq!(
        chain(&target["place"]),
        ["630 rural_district Kông Chro", "64 province Gia Lai"]
    );
    // The province's own targets stay the province's.
    let others: Vec<&Value> = targets
        .iter()
        .filter(|t| !t["quote"].as_str().unwrap().contains("Kông Chro"))
        .collect();
    assert!(!others.is_empty());
    for t in others {
        assert_eq!(
            chain(&t["place"]),
            ["64 province Gia Lai"],
            "{}",
            t["quote"]
        );
    }
}

#[test]
fn hues_resolutions_are_the_city_of_hue() {
    let resolution = "HỘI ĐỒNG NHÂN DÂN
THÀNH PHỐ HUẾ
Số: 45/NQ-HĐND
Huế, ngày 10 tháng 12 năm 2025
NGHỊ QUYẾT
Về việc phân bổ vốn thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2026 trên địa bàn thành phố Huế
HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HUẾ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
QUYẾT NGHỊ:
Điều 1. Phân bổ vốn thực hiện Chương trình năm 2026.
Điều 2. Ủy ban nhân dân thành phố tổ chức thực hiện Nghị quyết này./.
CHỦ TỊCH
Nguyễn Văn Phương
";
    let plan = process_text("nghi-quyet-hue.txt", resolution);
    let place = &plan["metadata"]["place"];
    assert_eq!(place["status"], "resolved", "{place}");
    assert_eq!(place["unit"]["era"], "from_2025");
    assert_eq!(chain(place), ["46 central_city Huế"]);
}

#[test]
fn an_unknown_locality_stays_as_written_and_flagged() {
    let plan = "ỦY BAN NHÂN DÂN
XÃ ZYXWV
Số: 12/KH-UBND
Zyxwv, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn xã Zyxwv
I. MỤC TIÊU
Phấn đấu giảm tỷ lệ hộ nghèo còn 3%.
II. TỔ CHỨC THỰC HIỆN
Các ban ngành thực hiện./.
";
    let plan = process_text("ke-hoach.txt", plan);
    let place = &plan["metadata"]["place"];
    assert_eq!(place["status"], "unknown");
    assert_eq!(place["written"], "xã Zyxwv");
    assert!(place["unit"].is_null());
    assert_eq!(plan["targets"][0]["place"]["written"], "xã Zyxwv");
}
