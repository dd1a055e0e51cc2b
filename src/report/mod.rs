//! Reports across plans: views that compare what many plans say.

pub mod catalogue;
pub mod targets;
