//! `vnplan compare` over the fixtures: a locality per line, a unit per
//! column, CSV in the Vietnamese Excel convention, and a chart with a bar
//! per locality.

mod common;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;

fn compare(data: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["compare", "--data", data.to_str().unwrap()];
    args.extend_from_slice(extra);
    common::vnplan(&args)
}

#[test]
fn one_indicator_across_localities_as_json_csv_and_a_chart() {
    let (data, output) = common::ingest(&[&common::fixtures("seeds")]);
    assert!(output.status.success(), "{output:?}");
    for plan in common::plans(data.path()) {
        common::validate(&plan, "a seed plan");
    }

    let json = compare(
        data.path(),
        &["--indicator", "poverty_rate_reduction", "--format", "json"],
    );
    assert!(json.status.success(), "{json:?}");
    let grid: Value = serde_json::from_slice(&json.stdout).unwrap();
    let columns: Vec<String> = grid["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["unit"].as_str().unwrap().to_string())
        .collect();
    // The province's 5%/năm for Kông Chro is a yearly rate: a column of its own.
    assert_eq!(columns, ["%", "%/năm"]);
    let lines = grid["lines"].as_array().unwrap();
    let kong_chro = lines
        .iter()
        .find(|l| l["locality"] == "huyện Kông Chro")
        .expect("Kông Chro's line");
    assert_eq!(kong_chro["code"], "630");
    assert_eq!(kong_chro["cells"][1]["value"], 5.0);

    let csv = compare(
        data.path(),
        &[
            "--indicator",
            "poverty_rate",
            "--format",
            "csv",
            "--excel-vi",
        ],
    );
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.starts_with("\u{feff}locality;"), "{text}");
    assert!(text.contains(";20,28;"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("chart.svg");
    let png_path = dir.path().join("chart.png");
    let charted = compare(
        data.path(),
        &[
            "--indicator",
            "poverty_rate",
            "--format",
            "json",
            "--chart",
            svg_path.to_str().unwrap(),
            "--png",
            png_path.to_str().unwrap(),
        ],
    );
    assert!(charted.status.success(), "{charted:?}");
    let grid: Value = serde_json::from_slice(&charted.stdout).unwrap();
    let localities = grid["lines"].as_array().unwrap().len();
    assert!(localities >= 3, "{grid}");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let (bars, texts) = bars_and_texts(&svg);
    assert_eq!(bars, localities, "one bar per locality");
    assert!(texts.iter().any(|t| t == "thị trấn Kông Chro"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t == "poverty_rate (%)"),
        "the unit on the axis"
    );
    let png = std::fs::read(&png_path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

/// Parses the SVG as XML (failing on any malformed markup) and counts its bars.
fn bars_and_texts(svg: &str) -> (usize, Vec<String>) {
    let mut reader = Reader::from_str(svg);
    let (mut bars, mut texts, mut depth) = (0, Vec::new(), 0usize);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                depth += 1;
                let class = e
                    .try_get_attribute("class")
                    .unwrap()
                    .map(|a| a.value.into_owned());
                if e.name().0 == "g" && class.as_deref() == Some("bar") {
                    bars += 1;
                }
            }
            Event::End(_) => depth -= 1,
            // The names checked have no entities: the raw text is theirs.
            Event::Text(t) => texts.push(t.to_string()),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    (bars, texts)
}

#[test]
fn a_programme_keeps_its_plans_and_an_unknown_one_is_refused() {
    let (data, output) = common::ingest(&[&common::fixtures("seeds")]);
    assert!(output.status.success(), "{output:?}");
    let lines = |extra: &[&str]| -> usize {
        let mut args = vec!["--indicator", "poverty_rate", "--format", "json"];
        args.extend_from_slice(extra);
        let out = compare(data.path(), &args);
        // Like grep, nothing found is exit code 1, and JSON stays JSON.
        assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
        let grid: Value = serde_json::from_slice(&out.stdout).unwrap();
        grid["lines"].as_array().unwrap().len()
    };
    // The seeds are plans of the poverty programme, none of drug prevention.
    let all = lines(&[]);
    assert!(all >= 2);
    assert_eq!(lines(&["--programme", "poverty"]), all);
    assert_eq!(lines(&["--programme", "drug-prevention"]), 0);
    let unknown = compare(data.path(), &["--programme", "povrety"]);
    assert_eq!(unknown.status.code(), Some(2));
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        message.contains("povrety") && message.contains("new-rural"),
        "{message}"
    );
}
