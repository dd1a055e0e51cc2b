//! The batch under kill -9 and SIGTERM while its inputs change between runs:
//! whatever happens, the next run ends with exactly one plan per input, each
//! the latest version, in the JSON and the index alike.

#[path = "batch/support.rs"]
mod support;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::{command, expected_plans, generate, ingest, sound, stderr, stored_plans};

/// Rewrites about a third of the inputs with new content.
fn change_a_third(inputs: &Path, rng: &mut fastrand::Rng, round: u32) {
    let mut files: Vec<_> = std::fs::read_dir(inputs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files.iter().filter(|_| rng.u8(0..3) == 0) {
        let text = std::fs::read_to_string(file).unwrap();
        let changed = text.replacen("Mục tiêu", &format!("Mục tiêu (lần {round})"), 1);
        std::fs::write(file, changed).unwrap();
    }
}

fn args<'a>(inputs: &'a Path, data: &'a Path) -> Vec<&'a str> {
    vec![
        inputs.to_str().unwrap(),
        "--out",
        data.to_str().unwrap(),
        "--checkpoint",
        "4",
    ]
}

#[test]
fn killed_at_random_moments_while_inputs_change() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs, 0, 36);
    let mut rng = fastrand::Rng::with_seed(12);
    for round in 0..20 {
        change_a_third(&inputs, &mut rng, round);
        let mut child = command()
            .arg("ingest")
            .args(args(&inputs, &data))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(20..1500)));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
    }
    let (summary, output) = ingest(&args(&inputs, &data));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(summary["failed"], 0);
    let report = sound(&data);
    assert_eq!(
        (report.inputs, report.plans),
        (36, 36),
        "one plan per input"
    );
    let expected = expected_plans(&inputs);
    let (on_disk, indexed) = stored_plans(&data);
    assert_eq!(on_disk, expected, "each plan the latest version");
    assert_eq!(indexed, expected, "the index holds exactly those plans");
    let temp_files = std::fs::read_dir(data.join("plans"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count();
    assert_eq!(temp_files, 0, "no temporary file left");
}

#[test]
fn sigterm_finishes_the_checkpoint_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs, 0, 80);
    let child = command()
        .args(["ingest", "--json"])
        .args(args(&inputs, &data))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the first plans are written, the run is in the middle of its work.
    let started = Instant::now();
    while vnplan::write::plan_ids_on_disk(&data).unwrap().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "nothing written"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: kill only sends a signal to the child we started.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let output = child.wait_with_output().unwrap();
    let code = output.status.code();
    assert!(
        [Some(128 + 2), Some(128 + 15)].contains(&code),
        "{code:?}: {}",
        stderr(&output)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["interrupted"], true, "{summary}");
    let processed = summary["processed"].as_u64().unwrap();
    assert!(processed > 0 && processed < 80, "{summary}");
    // Every plan written was recorded: the checkpoint was finished, not cut.
    let report = sound(&data);
    assert_eq!(report.inputs as u64, processed);
    assert_eq!(report.plans as u64, processed);
    let (again, output) = ingest(&args(&inputs, &data));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(again["processed"].as_u64().unwrap(), 80 - processed);
    assert_eq!(sound(&data).plans, 80);
}

#[test]
fn a_second_signal_stops_at_once_and_the_next_run_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    generate(&inputs, 0, 40);
    // A long plan, first in order, keeps one worker busy for seconds: the
    // graceful stop the first signal asks for waits for it, so the second
    // signal always finds that stop unfinished.
    let (_, text) = vnplan::synth::plan(0);
    std::fs::write(inputs.join("0000 long.txt"), text.repeat(40)).unwrap();
    let child = command()
        .args(["ingest", "--json", "--checkpoint", "64"])
        .args(&args(&inputs, &data)[..3])
        .env("RAYON_NUM_THREADS", "2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while vnplan::write::plan_ids_on_disk(&data).unwrap().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "nothing written"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    for _ in 0..2 {
        // SAFETY: kill only sends a signal to the child we started.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(128 + 2), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "no summary: the process ended at once"
    );
    let (summary, output) = ingest(&args(&inputs, &data));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(summary["failed"], 0);
    assert_eq!(sound(&data).plans, 41);
}
