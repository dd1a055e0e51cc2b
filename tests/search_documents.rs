//! One document, one result: the seeds ingested as text, as Word files and
//! as saved web pages are three files each; search shows each document once,
//! with every file it was read from, and counts it once; the target
//! comparison takes one file of it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{fixtures, ingest, vnplan};
use serde_json::Value;
use vnplan::index::identity::document_key;
use vnplan::index::search::{self, Request};
use vnplan::index::PlanIndex;
use vnplan::model::Plan;

fn run_json(args: &[&str]) -> Vec<Value> {
    let output = vnplan(args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    match args.iter().position(|a| *a == "ndjson") {
        Some(_) => text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        None => serde_json::from_str::<Vec<Value>>(&text).unwrap(),
    }
}

/// Document key (as search prints it) -> plan ids of its files, from the plans written.
fn documents(data: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for value in common::plans(data) {
        let plan: Plan = serde_json::from_value(value).unwrap();
        let key = format!("{:016x}", document_key(&plan));
        out.entry(key).or_default().insert(plan.id);
    }
    out
}

#[test]
fn the_files_of_one_document_are_one_result_with_every_source() {
    let inputs = [fixtures("seeds"), fixtures("docx"), fixtures("html")];
    let inputs: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    let (dir, output) = ingest(&inputs);
    assert!(output.status.success());
    let data = dir.path().to_str().unwrap();
    let expected = documents(dir.path());
    let files: usize = expected.values().map(BTreeSet::len).sum();
    assert_eq!(files, 15);
    // A numbered plan (number, issuer and date) is one document in every format.
    assert!(expected.values().any(|ids| ids.len() == 3), "{expected:?}");

    let search_plans = |data: &str| {
        run_json(&[
            "search",
            "giảm nghèo",
            "--data",
            data,
            "--format",
            "json",
            "--limit",
            "100",
        ])
    };
    let hits = search_plans(data);
    let mut shown: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for hit in &hits {
        let document = hit["document"].as_str().unwrap().to_string();
        let sources: Vec<&str> = hit["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["plan_id"].as_str().unwrap())
            .collect();
        assert_eq!(sources[0], hit["plan_id"], "the file shown comes first");
        for passage in hit["passages"].as_array().unwrap() {
            assert_eq!(passage["plan_id"], hit["plan_id"], "passages of one file");
        }
        let ids = sources.iter().map(|s| s.to_string()).collect();
        assert!(
            shown.insert(document, ids).is_none(),
            "a document shown twice"
        );
    }
    assert_eq!(shown, expected, "every document once, with all its files");

    // Passages: a part of a document is found once, whichever file holds it.
    let passages = run_json(&[
        "search",
        "giảm nghèo",
        "--data",
        data,
        "--format",
        "ndjson",
        "--limit",
        "1000",
    ]);
    let mut parts: BTreeMap<(String, String), String> = BTreeMap::new();
    for p in &passages {
        let key = (
            p["document"].as_str().unwrap().to_string(),
            p["part"].as_str().unwrap().to_string(),
        );
        let plan = p["plan_id"].as_str().unwrap().to_string();
        assert_eq!(parts.entry(key).or_insert_with(|| plan.clone()), &plan);
    }

    // Facets count documents.
    let index = PlanIndex::open(dir.path()).unwrap();
    let request = Request {
        facets: true,
        ..Request::default()
    };
    let facets = search::plans(&index, &request).unwrap().facets.unwrap();
    assert_eq!(facets.plans, expected.len());
    drop(index);

    // Targets: one file's rows per document.
    let rows = run_json(&["targets", "--data", data, "--format", "json"]);
    let document_of: BTreeMap<&String, &String> = expected
        .iter()
        .flat_map(|(document, ids)| ids.iter().map(move |id| (id, document)))
        .collect();
    let mut file_of: BTreeMap<&String, &str> = BTreeMap::new();
    for row in &rows {
        let plan = row["plan_id"].as_str().unwrap();
        let document = document_of[&plan.to_string()];
        assert_eq!(*file_of.entry(document).or_insert(plan), plan);
    }
    assert!(file_of.len() > 1);

    // A rerun changes nothing.
    let mut args = vec!["ingest".to_string()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), data.into()]);
    let rerun = vnplan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(rerun.status.success());
    assert_eq!(search_plans(data), hits);
}
