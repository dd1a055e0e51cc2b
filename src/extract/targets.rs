//! Numeric targets: every quantitative commitment of the plan.

use crate::model::Target;
use crate::segment::Document;

/// Targets in document order; `plan_year` is the year of targets whose sentence gives none.
pub fn extract(_doc: &Document, _plan_year: Option<i32>) -> Vec<Target> {
    Vec::new()
}
