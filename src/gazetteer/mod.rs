//! Vietnam's administrative units, before and after the 2025 reorganisation.
//!
//! Plans name places as they were when written: a plan of 2024 speaks of
//! "huyện Kông Chro, tỉnh Gia Lai", one of 2026 of communes of a merged
//! province with no districts at all. The gazetteer holds both systems, with
//! the General Statistics Office's codes, kinds and parents, and the mapping
//! from the old units to the new ones (`data/gazetteer/units.tsv`, built by
//! `scripts/build-gazetteer.py`). Names are matched through spelling keys
//! (tone placement, missing diacritics, spacing; see [`key`]) and the other
//! names a unit had; the context a plan gives (its era, its province or
//! district) settles names that many units share.
//!
//! - [`Gazetteer::resolve`]: a name, with an optional kind word, to units;
//! - [`Gazetteer::mentions`]: the places a sentence names ("các xã Đắk Pling,
//!   Ya Ma thuộc huyện Kông Chro");
//! - [`Gazetteer::parents`], [`Gazetteer::children`], [`Gazetteer::successors`],
//!   [`Gazetteer::predecessors`]: the hierarchy and the 2025 mapping.

mod key;
mod load;
mod mentions;
mod resolve;

use once_cell::sync::Lazy;
use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use mentions::Mention;
pub use resolve::{Context, Resolution};

/// The two systems of units: 63 provinces with districts, and from 1 July
/// 2025 34 provinces whose communes have no district above them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Era {
    #[serde(rename = "before_2025")]
    Before2025,
    #[serde(rename = "from_2025")]
    From2025,
}

/// The day the two-level local government took office: documents dated
/// earlier name the old units.
const REORGANISATION: &str = "2025-07-01";

impl Era {
    /// The era of a document dated `iso` ("2024-02-26"); None when it is not a date.
    pub fn of_date(iso: &str) -> Option<Era> {
        let date = iso.get(..10)?;
        let shaped = date.bytes().enumerate().all(|(i, b)| {
            matches!(i, 4 | 7) == (b == b'-') && (matches!(i, 4 | 7) || b.is_ascii_digit())
        });
        shaped.then(|| {
            if date < REORGANISATION {
                Era::Before2025
            } else {
                Era::From2025
            }
        })
    }

    /// The era of a plan for `year` when it has no date: 2025 itself had both.
    pub fn of_year(year: i32) -> Option<Era> {
        match year {
            ..=2024 => Some(Era::Before2025),
            2025 => None,
            _ => Some(Era::From2025),
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    District,
    Commune,
}

/// The kinds of units the law defines. Their Vietnamese words are in
/// `data/gazetteer/kinds.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// tỉnh
    Province,
    /// thành phố trực thuộc trung ương
    CentralCity,
    /// huyện
    RuralDistrict,
    /// quận
    UrbanDistrict,
    /// thị xã
    Town,
    /// thành phố thuộc tỉnh (or, as Thủ Đức, of a central city)
    City,
    /// xã
    Commune,
    /// phường
    Ward,
    /// thị trấn
    Township,
    /// đặc khu
    SpecialZone,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Province,
        Kind::CentralCity,
        Kind::RuralDistrict,
        Kind::UrbanDistrict,
        Kind::Town,
        Kind::City,
        Kind::Commune,
        Kind::Ward,
        Kind::Township,
        Kind::SpecialZone,
    ];

    pub fn level(self) -> Level {
        match self {
            Kind::Province | Kind::CentralCity => Level::Province,
            Kind::RuralDistrict | Kind::UrbanDistrict | Kind::Town | Kind::City => Level::District,
            Kind::Commune | Kind::Ward | Kind::Township | Kind::SpecialZone => Level::Commune,
        }
    }

    /// The name the data files use, as serialised.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Province => "province",
            Kind::CentralCity => "central_city",
            Kind::RuralDistrict => "rural_district",
            Kind::UrbanDistrict => "urban_district",
            Kind::Town => "town",
            Kind::City => "city",
            Kind::Commune => "commune",
            Kind::Ward => "ward",
            Kind::Township => "township",
            Kind::SpecialZone => "special_zone",
        }
    }

    /// The word written before a unit's name: "thị trấn", "thành phố".
    pub fn word(self) -> &'static str {
        load::KINDS.word(self)
    }
}

/// A unit's index in the gazetteer: cheap to copy and compare, valid only
/// with the gazetteer that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(u32);

/// Another name a unit is known by: an earlier name ("Thừa Thiên Huế", a
/// province until 2025), another spelling, or an abbreviation ("HCM").
#[derive(Debug, Clone, PartialEq)]
pub struct OtherName {
    pub name: &'static str,
    /// The kind the unit had under that name; None when the name goes with any.
    pub kind: Option<Kind>,
}

#[derive(Debug)]
pub struct Unit {
    pub id: UnitId,
    pub era: Era,
    /// The GSO code, zero-padded as published ("64", "630", "23824"); unique within an era.
    pub code: &'static str,
    pub kind: Kind,
    /// The name without its kind word: "Kông Chro".
    pub name: &'static str,
    pub other_names: Vec<OtherName>,
    parent: Option<UnitId>,
    merged_into: Option<UnitId>,
    successors: Vec<UnitId>,
}

/// A unit is its id: one gazetteer holds one record of each.
impl PartialEq for Unit {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Unit {}

impl Unit {
    pub fn level(&self) -> Level {
        self.kind.level()
    }

    /// "thị trấn Kông Chro"
    pub fn full_name(&self) -> String {
        format!("{} {}", self.kind.word(), self.name)
    }
}

/// A unit with its chain of parents, as output records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub code: String,
    pub era: Era,
    pub kind: Kind,
    pub level: Level,
    pub name: String,
    /// The nearest parent first: district, then province.
    pub parents: Vec<PlaceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceRef {
    pub code: String,
    pub kind: Kind,
    pub level: Level,
    pub name: String,
}

impl From<&Unit> for PlaceRef {
    fn from(unit: &Unit) -> Self {
        PlaceRef {
            code: unit.code.to_string(),
            kind: unit.kind,
            level: unit.level(),
            name: unit.name.to_string(),
        }
    }
}

/// A name key's entry: which unit, under which name.
#[derive(Debug)]
struct NameEntry {
    unit: UnitId,
    /// None for a bare alias, which goes with the unit's own kind.
    kind: Option<Kind>,
    /// The unit's name at the time of the data, not an earlier or other name.
    current: bool,
    /// The spelling key that also keeps tone marks.
    exact: String,
}

pub struct Gazetteer {
    units: Vec<Unit>,
    by_code: FxHashMap<(Era, &'static str), UnitId>,
    names: FxHashMap<String, Vec<NameEntry>>,
    children: Vec<Vec<UnitId>>,
    predecessors: Vec<Vec<UnitId>>,
}

static GAZETTEER: Lazy<Gazetteer> = Lazy::new(Gazetteer::load);

/// The gazetteer of the embedded data, built on first use and shared.
pub fn get() -> &'static Gazetteer {
    &GAZETTEER
}

impl Gazetteer {
    /// A new gazetteer of the embedded data; [`get`] shares one.
    pub fn load() -> Gazetteer {
        load::gazetteer(load::UNITS)
    }

    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0 as usize]
    }

    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter()
    }

    /// The unit of an era with the GSO code `code` ("630"; "0630" is not a code).
    pub fn by_code(&self, era: Era, code: &str) -> Option<&Unit> {
        self.by_code.get(&(era, code)).map(|&id| self.unit(id))
    }

    /// The parents of a unit, nearest first: huyện Kông Chro, then tỉnh Gia Lai.
    pub fn parents(&self, id: UnitId) -> impl Iterator<Item = &Unit> {
        std::iter::successors(self.unit(id).parent, |&p| self.unit(p).parent).map(|p| self.unit(p))
    }

    pub fn parent(&self, id: UnitId) -> Option<&Unit> {
        self.unit(id).parent.map(|p| self.unit(p))
    }

    /// The units directly below, by code; a district's communes include those
    /// merged away before 2025.
    pub fn children(&self, id: UnitId) -> impl Iterator<Item = &Unit> {
        self.children[id.0 as usize].iter().map(|&c| self.unit(c))
    }

    /// For a unit abolished before 2025 by a merger, the unit that absorbed it.
    pub fn merged_into(&self, id: UnitId) -> Option<&Unit> {
        self.unit(id).merged_into.map(|m| self.unit(m))
    }

    /// The units of 2025 that took over an old unit, the main one first: the
    /// new province of a province, the new commune(s) of a commune, and, since
    /// districts were abolished, the communes that cover a district. Empty for
    /// a unit of 2025, and for an old one the data does not map.
    pub fn successors(&self, id: UnitId) -> impl Iterator<Item = &Unit> {
        self.unit(id).successors.iter().map(|&s| self.unit(s))
    }

    /// The old units of the same level that a unit of 2025 took over.
    pub fn predecessors(&self, id: UnitId) -> impl Iterator<Item = &Unit> {
        self.predecessors[id.0 as usize]
            .iter()
            .map(|&p| self.unit(p))
    }

    pub fn place(&self, id: UnitId) -> Place {
        let unit = self.unit(id);
        Place {
            code: unit.code.to_string(),
            era: unit.era,
            kind: unit.kind,
            level: unit.level(),
            name: unit.name.to_string(),
            parents: self.parents(id).map(PlaceRef::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eras_split_at_the_reorganisation() {
        assert_eq!(Era::of_date("2024-02-26"), Some(Era::Before2025));
        assert_eq!(Era::of_date("2025-06-30"), Some(Era::Before2025));
        assert_eq!(Era::of_date("2025-07-01"), Some(Era::From2025));
        assert_eq!(Era::of_date("2026-01-05T00:00"), Some(Era::From2025));
        assert_eq!(Era::of_date("26/02/2024"), None);
        assert_eq!(Era::of_date("2024"), None);
        assert_eq!(Era::of_year(2024), Some(Era::Before2025));
        assert_eq!(Era::of_year(2025), None);
        assert_eq!(Era::of_year(2030), Some(Era::From2025));
    }

    #[test]
    fn kind_names_are_their_serialised_names() {
        for kind in Kind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
    }

    #[test]
    fn chains_of_parents_and_children() {
        let g = get();
        let township = g.by_code(Era::Before2025, "23824").unwrap();
        let chain: Vec<&str> = g.parents(township.id).map(|u| u.code).collect();
        assert_eq!(chain, ["630", "64"]);
        let district = g.parent(township.id).unwrap();
        assert!(g.children(district.id).any(|c| c.id == township.id));
        assert_eq!(township.full_name(), "thị trấn Kông Chro");
        let place = g.place(township.id);
        assert_eq!(place.parents[1].name, "Gia Lai");
        assert_eq!(place.parents[0].kind, Kind::RuralDistrict);
    }
}
