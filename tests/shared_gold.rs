//! The held-out plans of ../shared (web-page markdown of three provinces,
//! with their gold) score as the seeds do on structure and metadata: within
//! 0.05 of the seeds' 1.0.

mod common;

use common::{ingest, plans, shared};
use vnplan::eval::evaluate_dirs;

const MARGIN: f64 = 0.05;

#[test]
fn the_corpus_scores_as_the_seeds_on_sections_and_metadata() {
    let (data, output) = ingest(&[&shared("corpus")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(plans(data.path()).len(), 3);
    let r = evaluate_dirs(&shared("gold-corpus"), data.path()).unwrap();
    assert!(r.unpredicted.is_empty(), "{:?}", r.unpredicted);
    let misses = |field: &str| -> Vec<_> {
        r.misses
            .iter()
            .filter(|m| m.field.starts_with(field))
            .collect()
    };
    assert!(
        r.sections.f1() >= 1.0 - MARGIN,
        "sections F1 {:.3}: {:?}",
        r.sections.f1(),
        misses("sections")
    );
    assert!(
        r.section_kind.value() >= 1.0 - MARGIN,
        "section kinds {:.3}: {:?}",
        r.section_kind.value(),
        misses("sections")
    );
    assert!(
        r.metadata_all.value() >= 1.0 - MARGIN,
        "metadata {:.3}: {:?}",
        r.metadata_all.value(),
        misses("metadata")
    );
    for (field, acc) in &r.metadata {
        assert!(
            acc.value() >= 1.0 - MARGIN,
            "metadata.{field} {:.3}: {:?}",
            acc.value(),
            misses(&format!("metadata.{field}"))
        );
    }
}
