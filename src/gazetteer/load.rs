//! Reads the embedded tables into a [`Gazetteer`]: units and their links,
//! the successors the data leaves implicit, and the name index.

use once_cell::sync::Lazy;
use rustc_hash::FxHashMap;

use super::{key, Era, Gazetteer, Kind, Level, NameEntry, OtherName, Unit, UnitId};
use crate::data::rows;

pub const UNITS: &str = include_str!("../../data/gazetteer/units.tsv");
const KIND_WORDS: &str = include_str!("../../data/gazetteer/kinds.tsv");

/// The words of each kind and the kinds each spelling of a word may stand for.
pub struct KindWords {
    words: Vec<(Kind, &'static str)>,
    /// Spelling key ([`kind_key`]) to the kinds it names.
    by_key: FxHashMap<String, Vec<Kind>>,
    /// Keys of the abbreviations ("tp"), which also stand for other words
    /// ("TT" is as often "thường trực").
    abbreviations: Vec<String>,
    /// Every spelling, longest first, as the mention finder matches them.
    pub spellings: Vec<&'static str>,
}

impl KindWords {
    pub fn word(&self, kind: Kind) -> &'static str {
        self.words
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, w)| *w)
            .expect("kinds.tsv names every kind")
    }

    /// The kinds a kind word as written stands for ("TP." -> central city or city).
    pub fn kinds(&self, written: &str) -> Option<&[Kind]> {
        self.by_key.get(&kind_key(written)).map(Vec::as_slice)
    }

    pub fn is_abbreviation(&self, written: &str) -> bool {
        self.abbreviations.contains(&kind_key(written))
    }
}

/// Abbreviations are written in capitals in kinds.tsv.
pub fn is_abbreviation(spelling: &str) -> bool {
    spelling.chars().all(|c| c.is_ascii_uppercase())
}

/// Kind words compare in lower case without dots or spaces: "T.P." = "tp", "Thị Trấn" = "thịtrấn".
pub fn kind_key(written: &str) -> String {
    crate::vi::key::canonical(written)
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '.' | ' '))
        .collect()
}

pub static KINDS: Lazy<KindWords> = Lazy::new(|| {
    let mut words = Vec::new();
    let mut by_key: FxHashMap<String, Vec<Kind>> = FxHashMap::default();
    let mut spellings = Vec::new();
    let mut abbreviations = Vec::new();
    for row in rows(KIND_WORDS) {
        let kind = kind_named(row[0]).unwrap_or_else(|| panic!("kinds.tsv: no kind {}", row[0]));
        words.push((kind, row[1]));
        let others = row.get(2).map_or(&[][..], |_| &row[2..]);
        let others = others.iter().flat_map(|o| o.split(','));
        for spelling in std::iter::once(row[1]).chain(others) {
            by_key.entry(kind_key(spelling)).or_default().push(kind);
            if is_abbreviation(spelling) {
                abbreviations.push(kind_key(spelling));
            }
            if !spellings.contains(&spelling) {
                spellings.push(spelling);
            }
        }
    }
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    KindWords {
        words,
        by_key,
        abbreviations,
        spellings,
    }
});

fn kind_named(name: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.name() == name)
}

fn era_named(name: &str) -> Era {
    match name {
        "old" => Era::Before2025,
        "new" => Era::From2025,
        other => panic!("units.tsv: no era {other}"),
    }
}

/// Builds the gazetteer from `units.tsv` rows: era, code, kind, name, parent,
/// successors, merged into, other names (see the file's header).
pub fn gazetteer(source: &'static str) -> Gazetteer {
    let table: Vec<Vec<&'static str>> = rows(source).collect();
    let field = |row: &Vec<&'static str>, i: usize| row.get(i).copied().unwrap_or("");
    let mut units = Vec::with_capacity(table.len());
    let mut by_code = FxHashMap::default();
    for (i, row) in table.iter().enumerate() {
        let id = UnitId(i as u32);
        let era = era_named(row[0]);
        let unit = Unit {
            id,
            era,
            code: row[1],
            kind: kind_named(row[2]).unwrap_or_else(|| panic!("units.tsv: no kind {}", row[2])),
            name: row[3],
            other_names: field(row, 7)
                .split(';')
                .filter(|n| !n.is_empty())
                .map(|entry| match entry.split_once('|') {
                    Some((name, kind)) => OtherName {
                        name,
                        kind: Some(
                            kind_named(kind).unwrap_or_else(|| panic!("units.tsv: no kind {kind}")),
                        ),
                    },
                    None => OtherName {
                        name: entry,
                        kind: None,
                    },
                })
                .collect(),
            parent: None,
            merged_into: None,
            successors: Vec::new(),
        };
        assert!(
            by_code.insert((era, row[1]), id).is_none(),
            "units.tsv: {} twice",
            row[1]
        );
        units.push(unit);
    }
    let link = |era: Era, code: &str| -> UnitId {
        *by_code
            .get(&(era, code))
            .unwrap_or_else(|| panic!("units.tsv: no unit {code}"))
    };
    for (unit, row) in units.iter_mut().zip(&table) {
        let era = unit.era;
        unit.parent = Some(field(row, 4))
            .filter(|c| !c.is_empty())
            .map(|c| link(era, c));
        unit.merged_into = Some(field(row, 6))
            .filter(|c| !c.is_empty())
            .map(|c| link(era, c));
        unit.successors = field(row, 5)
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| link(Era::From2025, c))
            .collect();
    }
    let mut children = vec![Vec::new(); units.len()];
    for unit in &units {
        if let Some(parent) = unit.parent {
            children[parent.0 as usize].push(unit.id);
        }
    }
    derive_successors(&mut units, &children);
    let mut predecessors = vec![Vec::new(); units.len()];
    for unit in &units {
        for &s in &unit.successors {
            if units[s.0 as usize].level() == unit.level() {
                predecessors[s.0 as usize].push(unit.id);
            }
        }
    }
    let names = name_index(&units);
    Gazetteer {
        units,
        by_code,
        names,
        children,
        predecessors,
    }
}

/// The data maps communes (and island districts); a unit merged away before
/// 2025 goes where its absorber went, and a district or province where its
/// parts went, lifted to its own level where 2025 still has it: a province's
/// successors are provinces (the one that took most of its communes first),
/// a district's the communes themselves.
fn derive_successors(units: &mut [Unit], children: &[Vec<UnitId>]) {
    fn resolve(
        at: UnitId,
        units: &mut [Unit],
        children: &[Vec<UnitId>],
        visited: &mut Vec<bool>,
    ) -> Vec<UnitId> {
        let i = at.0 as usize;
        if !units[i].successors.is_empty() || visited[i] || units[i].era == Era::From2025 {
            return units[i].successors.clone();
        }
        visited[i] = true;
        let parts: Vec<UnitId> = match units[i].merged_into {
            Some(absorber) => resolve(absorber, units, children, visited),
            None => {
                let standing: Vec<UnitId> = children[i]
                    .iter()
                    .copied()
                    .filter(|c| units[c.0 as usize].merged_into.is_none())
                    .collect();
                standing
                    .into_iter()
                    .flat_map(|c| resolve(c, units, children, visited))
                    .collect()
            }
        };
        let lifted: Vec<UnitId> = if units[i].level() == Level::Province {
            let mut counts: Vec<(UnitId, usize)> = Vec::new();
            for part in &parts {
                let province = std::iter::successors(Some(*part), |p| units[p.0 as usize].parent)
                    .last()
                    .expect("a chain has an end");
                match counts.iter_mut().find(|(p, _)| *p == province) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((province, 1)),
                }
            }
            counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
            counts.into_iter().map(|(p, _)| p).collect()
        } else {
            let mut seen = Vec::new();
            for part in parts {
                if !seen.contains(&part) {
                    seen.push(part);
                }
            }
            seen
        };
        units[i].successors = lifted.clone();
        lifted
    }
    let mut visited = vec![false; units.len()];
    for i in 0..units.len() {
        resolve(UnitId(i as u32), units, children, &mut visited);
    }
}

fn name_index(units: &[Unit]) -> FxHashMap<String, Vec<NameEntry>> {
    let mut names: FxHashMap<String, Vec<NameEntry>> = FxHashMap::default();
    for unit in units {
        let current = std::iter::once((unit.name, Some(unit.kind), true));
        let others = unit.other_names.iter().map(|o| (o.name, o.kind, false));
        for (name, kind, current) in current.chain(others) {
            let entries = names.entry(key::loose(name)).or_default();
            let exact = key::exact(name);
            let known = entries
                .iter()
                .any(|e| e.unit == unit.id && e.kind == kind && e.exact == exact);
            if !known {
                entries.push(NameEntry {
                    unit: unit.id,
                    kind,
                    current,
                    exact,
                });
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::get;

    #[test]
    fn kind_words_and_their_spellings() {
        assert_eq!(KINDS.word(Kind::Township), "thị trấn");
        assert_eq!(KINDS.word(Kind::CentralCity), "thành phố");
        for written in ["TP.", "Tp", "T.P", "T.P.", "thành phố", "Thành Phố"] {
            assert_eq!(
                KINDS.kinds(written),
                Some(&[Kind::CentralCity, Kind::City][..]),
                "{written}"
            );
        }
        assert_eq!(KINDS.kinds("THỊ TRẤN"), Some(&[Kind::Township][..]));
        assert_eq!(KINDS.kinds("thôn"), None);
        assert!(KINDS.is_abbreviation("T.T."));
        assert!(!KINDS.is_abbreviation("thị trấn"));
        assert!(KINDS.spellings.windows(2).all(|w| w[0].len() >= w[1].len()));
    }

    #[test]
    fn the_data_holds_both_systems() {
        let g = get();
        let count = |era: Era, level: Level| {
            g.units()
                .filter(|u| u.era == era && u.level() == level && u.merged_into.is_none())
                .count()
        };
        assert_eq!(count(Era::Before2025, Level::Province), 63);
        assert_eq!(count(Era::From2025, Level::Province), 34);
        assert_eq!(count(Era::From2025, Level::Commune), 3321);
        assert_eq!(count(Era::From2025, Level::District), 0);
        assert!((690..=710).contains(&count(Era::Before2025, Level::District)));
        assert!((10_000..=10_700).contains(&count(Era::Before2025, Level::Commune)));
    }

    #[test]
    fn every_old_unit_in_use_in_2025_has_successors() {
        let g = get();
        let unmapped: Vec<&str> = g
            .units()
            .filter(|u| u.era == Era::Before2025 && u.merged_into.is_none())
            .filter(|u| g.successors(u.id).next().is_none())
            .filter(|u| g.children(u.id).next().is_some() || u.level() == Level::Commune)
            .map(|u| u.code)
            .collect();
        // Units abolished before 2025 without a known absorber are the only gaps.
        assert!(
            unmapped.len() < 150,
            "{} unmapped: {unmapped:?}",
            unmapped.len()
        );
        for unit in g.units().filter(|u| u.era == Era::Before2025) {
            for s in g.successors(unit.id) {
                assert_eq!(s.era, Era::From2025);
                assert!(s.level() == Level::Province || unit.level() != Level::Province);
            }
        }
    }
}
