//! Reports across plans: views that compare what many plans say.

pub mod targets;
