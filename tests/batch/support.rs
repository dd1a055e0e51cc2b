//! Helpers shared by the batch tests (tests/batch*.rs): generated inputs,
//! ingest runs with their JSON summary, and consistency checks.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use vnplan::batch::verify::{verify, Consistency};

/// Writes generated plans `from..from + count` into `dir`.
pub fn generate(dir: &Path, from: u64, count: u64) {
    std::fs::create_dir_all(dir).unwrap();
    for n in from..from + count {
        let (name, text) = vnplan::synth::plan(n);
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// The binary, with no data directory from the environment.
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vnplan"));
    cmd.env_remove("VNPLAN_DATA");
    cmd
}

/// `vnplan ingest --json ARGS...`: the summary and the output.
pub fn ingest(args: &[&str]) -> (Value, Output) {
    let output = command()
        .arg("ingest")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let summary = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (summary, output)
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Verifies `data`, failing on any problem, and validates every plan JSON
/// against schemas/plan.schema.json.
pub fn sound(data: &Path) -> Consistency {
    let report = verify(data).unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/plan.schema.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for id in vnplan::write::plan_ids_on_disk(data).unwrap() {
        let path = vnplan::write::plan_path(data, &id);
        let plan: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&plan)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    report
}

/// The plan ids of the current bytes of every file in `inputs`.
pub fn expected_plans(inputs: &Path) -> BTreeSet<String> {
    std::fs::read_dir(inputs)
        .unwrap()
        .map(|e| vnplan::plan_id(&std::fs::read(e.unwrap().path()).unwrap()).0)
        .collect()
}

/// The plan ids of `data`: on disk, and in the index.
pub fn stored_plans(data: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let on_disk = vnplan::write::plan_ids_on_disk(data)
        .unwrap()
        .into_iter()
        .collect();
    let indexed = vnplan::index::PlanIndex::open(data)
        .unwrap()
        .plan_passages()
        .unwrap()
        .into_keys()
        .collect();
    (on_disk, indexed)
}
