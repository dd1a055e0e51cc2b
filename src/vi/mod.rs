//! Vietnamese language rules shared by every stage: comparison keys for
//! spelling variants, item markers, numbers and dates as plans write them.

pub mod abbrev;
pub mod date;
pub mod key;
pub mod marker;
pub mod number;
