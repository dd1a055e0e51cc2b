//! Commands that only read never create or write, refuse a folder that is
//! not a data directory (exit 2), and report failed inputs: `vnplan
//! failures` lists them, reruns count them, `verify` fails on them.

#[path = "batch/support.rs"]
mod support;

use std::path::Path;

use support::{command, generate, ingest, stderr};

fn run(args: &[&str]) -> std::process::Output {
    command().args(args).output().unwrap()
}

/// Every file and folder under `dir`, to compare before and after.
fn tree(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn read_only_commands_on_missing_or_foreign_folders_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "x").unwrap();
    let before = tree(dir.path());
    for target in [&missing, &foreign] {
        let d = target.to_str().unwrap();
        for args in [
            vec!["verify", "--data", d],
            vec!["failures", "--data", d],
            vec!["search", "giảm nghèo", "--data", d],
            vec!["export", "--data", d],
            vec!["targets", "--data", d],
        ] {
            let output = run(&args);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
    let out = dir.path().join("merged");
    let output = run(&[
        "merge",
        foreign.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not a vnplan data directory"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(dir.path()), before, "nothing created or changed");
}

#[test]
fn verify_and_merge_inputs_leave_a_data_directory_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs, 0, 2);
    ingest(&[inputs.to_str().unwrap(), "--out", data.to_str().unwrap()]);
    let modified = |p: &Path| -> Vec<(String, std::time::SystemTime)> {
        tree(p)
            .into_iter()
            .map(|f| {
                let m = std::fs::metadata(&f).unwrap().modified().unwrap();
                (f, m)
            })
            .collect()
    };
    let before = modified(&data);
    assert!(run(&["verify", "--data", data.to_str().unwrap()])
        .status
        .success());
    let out = dir.path().join("merged");
    let merged = run(&[
        "merge",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    assert_eq!(modified(&data), before);
}

#[test]
fn a_rerun_reports_an_earlier_failure_until_it_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs, 0, 2);
    std::fs::write(inputs.join("shopping.txt"), "Mua gạo, mắm, muối.\n").unwrap();
    let args = [inputs.to_str().unwrap(), "--out", data.to_str().unwrap()];
    let (first, output) = ingest(&args);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(first["failed"], 1);
    let (again, output) = ingest(&args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a standing failure fails the rerun"
    );
    assert_eq!(
        (
            again["failed"].as_u64(),
            again["standing_failures"].as_u64()
        ),
        (Some(0), Some(1))
    );
    let plain = support::command()
        .arg("ingest")
        .args(args)
        .output()
        .unwrap();
    assert!(
        stderr(&plain).contains("1 failed earlier and unchanged"),
        "{}",
        stderr(&plain)
    );

    let listed = run(&["failures", "--data", data.to_str().unwrap()]);
    assert_eq!(listed.status.code(), Some(1));
    let text = String::from_utf8_lossy(&listed.stdout).into_owned();
    let line = text
        .lines()
        .find(|l| l.contains("shopping.txt"))
        .unwrap_or_default();
    assert!(line.contains("not a document"), "{text}");
    assert!(line.starts_with("20"), "when it failed: {line}");
    let verified = run(&["verify", "--data", data.to_str().unwrap()]);
    assert_eq!(
        verified.status.code(),
        Some(1),
        "verify fails on failed inputs"
    );

    std::fs::remove_file(inputs.join("shopping.txt")).unwrap();
    let mut prune = args.to_vec();
    prune.push("--prune");
    let (pruned, output) = ingest(&prune);
    assert!(output.status.success(), "{pruned}");
    assert!(run(&["failures", "--data", data.to_str().unwrap()])
        .status
        .success());
    assert!(run(&["verify", "--data", data.to_str().unwrap()])
        .status
        .success());
}
