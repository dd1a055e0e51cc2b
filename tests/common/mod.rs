//! Shared helpers for the integration tests: run the real binary, validate
//! every output against schemas/plan.schema.json, score against gold.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures(sub: &str) -> PathBuf {
    root().join("fixtures").join(sub)
}

/// A folder of `../shared` (real office files, the corpus and their gold),
/// which CI keeps beside the checkout.
pub fn shared(sub: &str) -> PathBuf {
    let path = root().join("..").join("shared").join(sub);
    assert!(
        path.is_dir(),
        "{} is missing: the tests read ../shared beside the checkout",
        path.display()
    );
    path
}

/// Runs `vnplan ARGS...` and returns its output.
pub fn vnplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .args(args)
        .env_remove("VNPLAN_DATA")
        .output()
        .expect("vnplan runs")
}

/// Ingests `inputs` into a fresh temporary data directory.
pub fn ingest(inputs: &[&Path]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["ingest".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), dir.path().display().to_string()]);
    let output = vnplan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    (dir, output)
}

/// Asserts that `plan` matches schemas/plan.schema.json; `what` names it.
pub fn validate(plan: &Value, what: &str) {
    let schema: Value =
        serde_json::from_slice(&std::fs::read(root().join("schemas/plan.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(plan)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the schema: {errors:?}"
    );
}

/// Every plan JSON under `data/plans`, each validated against the schema.
pub fn plans(data: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(data.join("plans")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let plan: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            validate(&plan, &path.display().to_string());
            out.push(plan);
        }
    }
    out
}
