//! Replays every input kept from fuzzing (fuzz/corpus/TARGET: a sample of the
//! minimised corpus, and every input that once crashed or hung) through its
//! target: none may panic, and none may take longer than the fuzzer's hang
//! limit.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;
use std::time::{Duration, Instant};

/// The fuzzer's hang limit (fuzz/README.md), for an unoptimised build.
const HANG: Duration = Duration::from_secs(10);

#[test]
fn the_fuzz_corpus_runs_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, entry) in targets::TARGETS {
        let mut replayed = 0;
        let files = std::fs::read_dir(root.join(name))
            .unwrap_or_else(|e| panic!("fuzz/corpus/{name}: {e}"));
        for file in files {
            let path = file.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let started = Instant::now();
            let outcome = std::panic::catch_unwind(|| entry(&bytes));
            assert!(outcome.is_ok(), "{name}: {} panics", path.display());
            let took = started.elapsed();
            assert!(took < HANG, "{name}: {} takes {took:?}", path.display());
            replayed += 1;
        }
        assert!(replayed > 0, "fuzz/corpus/{name} is empty");
    }
}
