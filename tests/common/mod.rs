//! Shared helpers for the integration tests: run the real binary, validate
//! every output against schemas/plan.schema.json, score against gold.

#![allow(dead_code)]

pub mod browser;
pub mod linked;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use vnplan::eval::{evaluate_dirs, Report};

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
    let errors = schema_errors(plan);
    assert!(
        errors.is_empty(),
        "{what} does not match the schema: {errors:?}"
    );
}

/// Where `plan` departs from schemas/plan.schema.json (empty when it matches).
pub fn schema_errors(plan: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_slice(&std::fs::read(root().join("schemas/plan.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(plan)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
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

/// Gold of `seeds` with their source renamed to `extension`, and the eval of `inputs` against it.
pub fn score(inputs: &[&Path], seeds: &[&str], extension: &str) -> Report {
    score_plans(inputs, seeds, extension).0
}

/// As [`score`], with the plans read.
pub fn score_plans(inputs: &[&Path], seeds: &[&str], extension: &str) -> (Report, Vec<Value>) {
    let gold = tempfile::tempdir().unwrap();
    for seed in seeds {
        let mut g: serde_json::Value = serde_json::from_slice(
            &std::fs::read(fixtures(&format!("gold/{seed}.gold.json"))).unwrap(),
        )
        .unwrap();
        g["source"] = format!("{seed}.{extension}").into();
        std::fs::write(gold.path().join(format!("{seed}.gold.json")), g.to_string()).unwrap();
    }
    let (data, output) = ingest(inputs);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = plans(data.path());
    (evaluate_dirs(gold.path(), data.path()).unwrap(), read)
}

/// Every field's score, for comparing two runs.
pub fn fields(r: &Report) -> Vec<(&'static str, f64)> {
    vec![
        ("sections", r.sections.f1()),
        ("section kind", r.section_kind.value()),
        ("citations", r.citations.f1()),
        ("citation date", r.citation_date.value()),
        ("citation issuer", r.citation_issuer.value()),
        ("targets", r.targets.f1()),
        ("target indicator", r.target_indicator.value()),
        ("assignments", r.assignments.f1()),
        ("table cells", r.table_cells.value()),
        ("metadata", r.metadata_all.value()),
    ]
}

pub fn assert_close(text: &Report, other: &Report, tolerance: f64, what: &str) {
    for ((field, a), (_, b)) in fields(text).into_iter().zip(fields(other)) {
        assert!(
            (a - b).abs() <= tolerance,
            "{what}: {field} {b:.3} against {a:.3} from text: {:?}",
            other.misses
        );
    }
}

/// Runs the pipeline on `text` as the file `name` and returns the plan JSON,
/// validated against the schema.
pub fn process_text(name: &str, text: &str) -> Value {
    let plan =
        vnplan::process(name, text.as_bytes()).unwrap_or_else(|e| panic!("{name} is refused: {e}"));
    let plan = serde_json::to_value(plan).unwrap();
    let errors = schema_errors(&plan);
    assert!(
        errors.is_empty(),
        "{name} does not match the schema: {errors:?}"
    );
    plan
}
