//! A district plan and a commune plan that implements it, written here in
//! the plans' own words: the citation links them both ways, the tree puts
//! the commune under the district, and the cascade sets the district's
//! target for the commune beside the commune's own.

mod common;

use common::linked::ingested;

use serde_json::Value;

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
