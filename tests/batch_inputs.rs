//! What a run reads and how it names it: copies, names that are not UTF-8,
//! symbolic link cycles, its own output folder, a file over its time budget,
//! and a second writer.

#[path = "batch/support.rs"]
mod support;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use support::{command, generate, ingest, sound, stderr};

#[test]
fn identical_copies_in_one_folder_are_one_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs, 0, 3);
    let original = inputs.join(vnplan::synth::plan(0).0);
    for copy in ["copy-a.txt", "copy-b.txt", "copy-c.txt"] {
        std::fs::copy(&original, inputs.join(copy)).unwrap();
    }
    let (summary, output) = ingest(&[inputs.to_str().unwrap(), "--out", data.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        (summary["processed"].as_u64(), summary["copies"].as_u64()),
        (Some(3), Some(3))
    );
    let report = sound(&data);
    assert_eq!((report.inputs, report.plans), (6, 3));
    // Copies that move are recognised by their bytes: recorded, not processed again.
    std::fs::rename(inputs.join("copy-a.txt"), inputs.join("moved-1.txt")).unwrap();
    std::fs::copy(&original, inputs.join("moved-2.txt")).unwrap();
    let (moved, _) = ingest(&[
        inputs.to_str().unwrap(),
        "--out",
        data.to_str().unwrap(),
        "--prune",
    ]);
    assert_eq!(
        (moved["processed"].as_u64(), moved["copies"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(
        (moved["pruned"].as_u64(), moved["plans_removed"].as_u64()),
        (Some(1), Some(0))
    );
    let report = sound(&data);
    assert_eq!((report.inputs, report.plans), (7, 3));
}

#[test]
fn a_name_that_is_not_utf8_is_its_own_input_under_prune() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    std::fs::create_dir_all(&inputs).unwrap();
    // Latin-1 "é" and U+FFFD display alike ("k�.txt").
    let latin1 = inputs.join(OsStr::from_bytes(b"k\xe9.txt"));
    let utf8 = inputs.join("k\u{fffd}.txt");
    std::fs::write(&latin1, vnplan::synth::plan(1).1).unwrap();
    std::fs::write(&utf8, vnplan::synth::plan(2).1).unwrap();
    let args = [
        inputs.to_str().unwrap(),
        "--out",
        data.to_str().unwrap(),
        "--prune",
    ];
    let (first, output) = ingest(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(first["processed"], 2);
    let (again, _) = ingest(&args);
    assert_eq!(
        (again["skipped"].as_u64(), again["pruned"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(sound(&data).plans, 2);
    std::fs::remove_file(&latin1).unwrap();
    let (pruned, _) = ingest(&args);
    assert_eq!(
        (pruned["pruned"].as_u64(), pruned["plans_removed"].as_u64()),
        (Some(1), Some(1))
    );
    let report = sound(&data);
    assert_eq!((report.inputs, report.plans), (1, 1));
    let id = vnplan::plan_id(vnplan::synth::plan(2).1.as_bytes()).0;
    assert!(
        vnplan::write::plan_path(&data, &id).exists(),
        "the UTF-8 file's plan is kept"
    );
}

#[test]
fn a_symlink_cycle_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs.join("sub"), 0, 2);
    std::os::unix::fs::symlink(&inputs, inputs.join("sub/loop")).unwrap();
    let (summary, output) = ingest(&[inputs.to_str().unwrap(), "--out", data.to_str().unwrap()]);
    assert_eq!(summary["inputs"], 2, "each file once");
    assert_eq!(summary["processed"], 2);
    let reports: Vec<String> = stderr(&output)
        .lines()
        .filter(|l| l.contains("symbolic link"))
        .map(str::to_string)
        .collect();
    assert_eq!(reports.len(), 1, "{}", stderr(&output));
    assert!(reports[0].contains("loop"), "{}", reports[0]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "an input that cannot be listed fails the run"
    );
}

#[test]
fn ingest_dot_twice_never_reads_its_own_output() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 0, 3);
    for run in 0..2 {
        let output = command()
            .args(["ingest", ".", "--json"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "run {run}: {}", stderr(&output));
        let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(summary["inputs"], 3, "run {run}: {summary}");
        assert_eq!(summary["failed"], 0);
    }
    // The same folder typed another way is the same inputs.
    let (summary, _) = ingest(&[
        dir.path().to_str().unwrap(),
        "--out",
        dir.path().join("vnplan-data").to_str().unwrap(),
    ]);
    assert_eq!(summary["skipped"], 3, "{summary}");
    assert_eq!(sound(&dir.path().join("vnplan-data")).inputs, 3);
}

#[test]
fn a_file_over_its_time_budget_fails_naming_the_limit_and_the_rest_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs, 0, 6);
    // A plan of 48 MB takes about twenty seconds in an unoptimised build,
    // where each small one takes a fraction of a second: the limit falls
    // between them even on a loaded machine.
    let (_, text) = vnplan::synth::plan(9);
    let section = &text[text.find("II.").unwrap()..];
    let long = format!("{text}{}", section.repeat(48_000_000 / section.len()));
    std::fs::write(inputs.join("long.txt"), long).unwrap();
    let (summary, output) = ingest(&[
        inputs.to_str().unwrap(),
        "--out",
        data.to_str().unwrap(),
        "--file-timeout",
        "8s",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(summary["failed_by_reason"]["time limit"], 1, "{summary}");
    assert_eq!(summary["processed"], 6, "{summary}");
    let line = stderr(&output)
        .lines()
        .find(|l| l.contains("long.txt"))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(
        line.contains("limit of 8 s") && line.contains("--file-timeout"),
        "{line}"
    );
    let report = vnplan::batch::verify::verify(&data).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        (report.inputs, report.failed_inputs, report.plans),
        (7, 1, 6)
    );
}

#[test]
fn a_second_writer_is_told_who_is_running() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs, 0, 1);
    let _held = vnplan::batch::store::lock(&data, "ingest").unwrap();
    let (_, output) = ingest(&[inputs.to_str().unwrap(), "--out", data.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let expected = format!(
        "another ingest is running in {} (pid {})",
        data.display(),
        std::process::id()
    );
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    assert!(
        !data.join("manifest.redb").exists(),
        "nothing opened before the lock"
    );
}
