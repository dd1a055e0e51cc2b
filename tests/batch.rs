//! The unattended batch: reruns skip what is unchanged; changed and removed inputs are
//! replaced and pruned; shards merged equal one run; bad inputs are isolated;
//! compaction leaves what was ingested as it was.

mod common;
#[path = "batch/support.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::Path;

use common::vnplan;
use support::{ingest as ingest_json, sound};

#[test]
fn reruns_changes_and_prunes() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    support::generate(&inputs, 0, 30);
    let args = [inputs.to_str().unwrap(), "--out", data.to_str().unwrap()];
    let (first, _) = ingest_json(&args);
    assert_eq!(first["processed"], 30);
    let passages_before = sound(&data).passages;

    let (again, output) = ingest_json(&args);
    assert!(output.status.success());
    assert_eq!(
        (again["processed"].as_u64(), again["skipped"].as_u64()),
        (Some(0), Some(30)),
        "nothing changed, no work"
    );

    let changed = inputs.join(vnplan::synth::plan(4).0);
    let old_id = vnplan::plan_id(&std::fs::read(&changed).unwrap()).0;
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text = text.replacen("Mục tiêu", "Mục tiêu chung", 1);
    std::fs::write(&changed, &text).unwrap();
    let new_id = vnplan::plan_id(text.as_bytes()).0;
    let (third, _) = ingest_json(&args);
    assert_eq!(third["processed"], 1);
    assert_eq!(third["plans_removed"], 1);
    let report = sound(&data);
    assert_eq!(report.plans, 30);
    assert!(!data.join("plans").join(format!("{old_id}.json")).exists());
    assert!(data.join("plans").join(format!("{new_id}.json")).exists());
    assert_eq!(
        report.passages, passages_before,
        "the changed plan's passages replaced, not added"
    );

    let removed = inputs.join(vnplan::synth::plan(7).0);
    let removed_id = vnplan::plan_id(&std::fs::read(&removed).unwrap()).0;
    std::fs::remove_file(&removed).unwrap();
    let (without_prune, _) = ingest_json(&args);
    assert_eq!(without_prune["pruned"], 0);
    assert_eq!(
        sound(&data).plans,
        30,
        "without --prune a vanished input is kept"
    );
    let mut prune_args = args.to_vec();
    prune_args.push("--prune");
    let (pruned, _) = ingest_json(&prune_args);
    assert_eq!(pruned["pruned"], 1);
    let report = sound(&data);
    assert_eq!(report.plans, 29);
    assert!(!data
        .join("plans")
        .join(format!("{removed_id}.json"))
        .exists());
    let index = vnplan::index::PlanIndex::open(&data).unwrap();
    assert!(!index.plan_passages().unwrap().contains_key(&removed_id));
}

/// What a data directory holds: plan file name -> bytes, manifest path ->
/// (hash, plan id), and plan id -> passages in the index.
#[derive(Debug, PartialEq)]
struct Snapshot {
    plans: BTreeMap<String, Vec<u8>>,
    manifest: BTreeMap<String, (String, Option<String>)>,
    index: BTreeMap<String, usize>,
}

fn snapshot(data: &Path) -> Snapshot {
    let plans = std::fs::read_dir(data.join("plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    let manifest = vnplan::batch::manifest::Manifest::open(data)
        .unwrap()
        .entries()
        .unwrap()
        .into_iter()
        .map(|e| (e.path, (e.hash, e.plan_id)))
        .collect();
    let index = vnplan::index::PlanIndex::open(data)
        .unwrap()
        .plan_passages()
        .unwrap();
    Snapshot {
        plans,
        manifest,
        index,
    }
}

#[test]
fn shards_merged_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    support::generate(&inputs, 0, 45);
    let whole = dir.path().join("whole");
    let (_, output) = ingest_json(&[inputs.to_str().unwrap(), "--out", whole.to_str().unwrap()]);
    assert!(output.status.success());
    let mut shard_dirs = Vec::new();
    let mut total = 0;
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}"));
        let shard = format!("{k}/3");
        let (summary, output) = ingest_json(&[
            inputs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--shard",
            &shard,
        ]);
        assert!(output.status.success());
        total += summary["inputs"].as_u64().unwrap();
        shard_dirs.push(out);
    }
    assert_eq!(total, 45, "the shards partition the inputs");
    let merged = dir.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shard_dirs.iter().map(|d| d.to_str().unwrap()));
    args.extend(["--out", merged.to_str().unwrap()]);
    assert!(vnplan(&args).status.success());
    sound(&merged);
    assert_eq!(snapshot(&merged), snapshot(&whole));
}

#[test]
fn bad_inputs_in_a_large_batch_are_isolated() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    support::generate(&inputs, 0, 60);
    let good = std::fs::read(inputs.join(vnplan::synth::plan(1).0)).unwrap();
    std::fs::write(inputs.join("empty.txt"), b"").unwrap();
    std::fs::write(
        inputs.join("binary.bin"),
        (0..2048u32)
            .map(|i| (i * 7 % 256) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(inputs.join("truncated.txt"), &good[..120]).unwrap();
    std::fs::write(inputs.join("huge.txt"), "Kế hoạch. ".repeat(40_000)).unwrap();
    std::fs::write(
        inputs.join("not-a-plan.txt"),
        "Danh sách mua sắm: gạo, muối, nước mắm.\n",
    )
    .unwrap();
    let (summary, output) = ingest_json(&[
        inputs.to_str().unwrap(),
        "--out",
        data.to_str().unwrap(),
        "--max-bytes",
        "200000",
    ]);
    assert_eq!(output.status.code(), Some(1));
    // The truncated plan still opens with its kind line: it is a document,
    // written with what it has.
    assert_eq!(summary["processed"], 61);
    assert_eq!(summary["failed"], 4);
    let reasons = &summary["failed_by_reason"];
    for (reason, n) in [
        ("empty", 1),
        ("binary", 1),
        ("not a document", 1),
        ("too large", 1),
    ] {
        assert_eq!(reasons[reason], n, "{reasons}");
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    for name in ["empty.txt", "binary.bin", "huge.txt", "not-a-plan.txt"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("error:") && l.contains(name)),
            "{name}: {stderr}"
        );
    }
    let entries = vnplan::batch::manifest::Manifest::open(&data)
        .unwrap()
        .entries()
        .unwrap();
    let failed: Vec<_> = entries.into_iter().filter(|e| e.error.is_some()).collect();
    assert_eq!(failed.len(), 4);
    assert_eq!(sound(&data).plans, 61, "every document is written");
}

#[test]
fn small_daily_runs_do_not_pile_up_segments() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    std::fs::create_dir_all(&inputs).unwrap();
    let options = vnplan::batch::Options::default();
    for n in 0..12 {
        let (name, text) = vnplan::synth::plan(n);
        std::fs::write(inputs.join(name), text).unwrap();
        let summary = vnplan::batch::run(
            std::slice::from_ref(&inputs),
            &data,
            &options,
            &vnplan::batch::Silent,
        )
        .unwrap();
        assert_eq!((summary.processed, summary.skipped), (1, n as usize));
    }
    // Each run commits one segment; the merges those commits start finish
    // before the run ends, so the index does not keep one segment per run.
    let index = vnplan::index::PlanIndex::open(&data).unwrap();
    let segments = index.index.searchable_segment_metas().unwrap().len();
    assert!(segments < 8, "{segments} segments after 12 runs");
    sound(&data);
}

#[test]
fn compaction_merges_the_segments_of_many_runs_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, data) = (dir.path().join("in"), dir.path().join("data"));
    std::fs::create_dir_all(&inputs).unwrap();
    for n in 0..6 {
        let (name, text) = vnplan::synth::plan(n);
        std::fs::write(inputs.join(name), text).unwrap();
        let (_, out) = ingest_json(&[inputs.to_str().unwrap(), "--out", data.to_str().unwrap()]);
        assert!(out.status.success());
    }
    let segments = || {
        vnplan::index::PlanIndex::open(&data)
            .unwrap()
            .index
            .searchable_segment_metas()
            .unwrap()
            .len()
    };
    assert!(segments() > 1);
    let before = snapshot(&data);
    let data_arg = data.to_str().unwrap();

    // While another writer holds the directory, nothing is merged.
    let held = vnplan::batch::store::lock(&data, "ingest").unwrap();
    let refused = vnplan(&["compact", "--data", data_arg]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("ingest"));
    drop(held);

    let out = vnplan(&["compact", "--data", data_arg, "--segments", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("merged into 1"));
    assert_eq!(segments(), 1);
    assert_eq!(snapshot(&data), before);
    sound(&data);
    let again = vnplan(&["compact", "--data", data_arg, "--segments", "1"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("compact already"));
}
