//! Legal citations: every document the plan cites, merged by kind + number.

use crate::model::Citation;
use crate::segment::Document;

/// Every distinct document cited, in order of first mention; `own_number`
/// (the plan's own number) is not a citation.
pub fn extract(_doc: &Document, _own_number: Option<&str>) -> Vec<Citation> {
    Vec::new()
}
