//! Tables: rebuilt from linearised, pipe and space-aligned layouts, with
//! arithmetic checks and checks against the text's targets.

use crate::model::{Table, Target};
use crate::segment::Document;

/// Tables in document order, and warnings for checks that fail.
pub fn extract(_doc: &Document, _targets: &[Target]) -> (Vec<Table>, Vec<String>) {
    (Vec::new(), Vec::new())
}
