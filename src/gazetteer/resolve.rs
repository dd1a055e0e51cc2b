//! Names to units. A name finds its candidates through its loose key; the
//! kind word and the era, when given, must agree; then candidates are ranked
//! by the context (a unit inside, or above, the places the text is about),
//! by spelling (as written, tone marks included), and by whether the name is
//! the unit's current one. A single best candidate is the answer; a tie is
//! reported as ambiguous, never guessed.

use super::load::KINDS;
use super::{key, Era, Gazetteer, Kind, Unit, UnitId};

/// What the text around a name says about it.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The era of the document (from its date, [`Era::of_date`]); None searches both.
    pub era: Option<Era>,
    /// Units the text is about (the plan's province, its district): a
    /// candidate inside or above more of them ranks higher.
    pub within: Vec<UnitId>,
}

impl Context {
    pub fn new(era: Option<Era>) -> Self {
        Context {
            era,
            within: Vec::new(),
        }
    }

    pub fn within(mut self, unit: UnitId) -> Self {
        if !self.within.contains(&unit) {
            self.within.push(unit);
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Resolution<'g> {
    Unique(&'g Unit),
    /// The best candidates, tied, by era and code.
    Ambiguous(Vec<&'g Unit>),
    /// No unit has that name (with that kind, in that era): callers keep the
    /// name as written and flag it.
    Unknown,
}

impl<'g> Resolution<'g> {
    pub fn unique(&self) -> Option<&'g Unit> {
        match self {
            Resolution::Unique(unit) => Some(unit),
            _ => None,
        }
    }

    pub fn candidates(&self) -> Vec<&'g Unit> {
        match self {
            Resolution::Unique(unit) => vec![unit],
            Resolution::Ambiguous(units) => units.clone(),
            Resolution::Unknown => Vec::new(),
        }
    }
}

/// How well a candidate fits, compared field by field in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Fit {
    context: usize,
    spelled_as_written: bool,
    current_name: bool,
}

impl Gazetteer {
    /// The unit(s) named `name` ("Kông Chro", "Thừa Thiên Huế", "dak pling"),
    /// of the kind `kind_word` names when given ("thị trấn", "TP."). An
    /// unknown kind word ("thôn") names no unit.
    pub fn resolve(
        &self,
        name: &str,
        kind_word: Option<&str>,
        context: &Context,
    ) -> Resolution<'_> {
        let kinds = match kind_word {
            Some(word) => match KINDS.kinds(word) {
                Some(kinds) => Some(kinds),
                None => return Resolution::Unknown,
            },
            None => None,
        };
        self.resolve_kinds(name, kinds, context)
    }

    /// A name with its kind word in front, as plans write it: "thị trấn Kông
    /// Chro", "TP. Huế", "tỉnh Thừa Thiên Huế"; or a bare name.
    pub fn resolve_phrase(&self, phrase: &str, context: &Context) -> Resolution<'_> {
        match super::mentions::leading_kind_word(phrase) {
            Some((word, rest)) => self.resolve(rest, Some(word), context),
            None => self.resolve(phrase, None, context),
        }
    }

    pub(super) fn resolve_kinds(
        &self,
        name: &str,
        kinds: Option<&[Kind]>,
        context: &Context,
    ) -> Resolution<'_> {
        let Some(entries) = self.names.get(&key::loose(name)) else {
            return Resolution::Unknown;
        };
        // The tone-exact key only ranks rivals: a lone entry needs none.
        let exact = (entries.len() > 1).then(|| key::exact(name));
        let mut best: Vec<(UnitId, Fit)> = Vec::new();
        for entry in entries {
            let unit = self.unit(entry.unit);
            let kind = entry.kind.unwrap_or(unit.kind);
            if context.era.is_some_and(|era| era != unit.era)
                || kinds.is_some_and(|ks| !ks.contains(&kind))
            {
                continue;
            }
            let fit = Fit {
                context: context
                    .within
                    .iter()
                    .filter(|&&c| self.related(unit.id, c))
                    .count(),
                spelled_as_written: exact.as_ref().is_none_or(|e| *e == entry.exact),
                current_name: entry.current,
            };
            match best.iter_mut().find(|(id, _)| *id == unit.id) {
                Some((_, known)) => *known = (*known).max(fit),
                None => best.push((unit.id, fit)),
            }
        }
        let Some(top) = best.iter().map(|&(_, fit)| fit).max() else {
            return Resolution::Unknown;
        };
        let mut tied: Vec<&Unit> = best
            .iter()
            .filter(|&&(_, fit)| fit == top)
            .map(|&(id, _)| self.unit(id))
            .collect();
        if tied.len() == 1 {
            return Resolution::Unique(tied[0]);
        }
        tied.sort_by_key(|u| (u.era != Era::Before2025, u.code.len(), u.code));
        Resolution::Ambiguous(tied)
    }

    /// One unit is the other, or lies inside it, or contains it.
    fn related(&self, a: UnitId, b: UnitId) -> bool {
        a == b || self.parents(a).any(|p| p.id == b) || self.parents(b).any(|p| p.id == a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{get, Level};

    fn old() -> Context {
        Context::new(Some(Era::Before2025))
    }

    #[test]
    fn a_kind_word_picks_the_unit_among_namesakes() {
        let g = get();
        let township = g
            .resolve("Kông Chro", Some("thị trấn"), &old())
            .unique()
            .unwrap();
        assert_eq!((township.code, township.kind), ("23824", Kind::Township));
        let district = g
            .resolve("Kông Chro", Some("huyện"), &old())
            .unique()
            .unwrap();
        assert_eq!(district.code, "630");
        assert_eq!(
            g.resolve("Kông Chro", Some("thôn"), &old()),
            Resolution::Unknown
        );
        assert_eq!(
            g.resolve("Kông Chro", Some("xã"), &old()),
            Resolution::Unknown
        );
    }

    #[test]
    fn unknown_names_are_unknown() {
        let g = get();
        assert_eq!(
            g.resolve("Atlantis", None, &Context::default()),
            Resolution::Unknown
        );
        assert_eq!(
            g.resolve("", None, &Context::default()),
            Resolution::Unknown
        );
    }

    #[test]
    fn context_settles_shared_names() {
        let g = get();
        let all = g.resolve("Tân Hòa", Some("xã"), &old());
        let Resolution::Ambiguous(candidates) = &all else {
            panic!("many communes are called Tân Hòa: {all:?}");
        };
        assert!(candidates.len() > 5);
        let chosen = candidates[3];
        let district = g.parent(chosen.id).unwrap();
        let within = old().within(district.id);
        assert_eq!(
            g.resolve("Tân Hòa", Some("xã"), &within)
                .unique()
                .map(|u| u.id),
            Some(chosen.id)
        );
        // Context outside any candidate leaves the tie as it was.
        let elsewhere = old().within(
            g.resolve("Kông Chro", Some("huyện"), &old())
                .unique()
                .unwrap()
                .id,
        );
        assert!(matches!(
            g.resolve("Tân Hòa", Some("xã"), &elsewhere),
            Resolution::Ambiguous(_)
        ));
    }

    #[test]
    fn the_era_separates_old_and_new_units() {
        let g = get();
        let both = g
            .resolve("Gia Lai", Some("tỉnh"), &Context::default())
            .candidates();
        assert_eq!(
            both.iter().map(|u| u.code).collect::<Vec<_>>(),
            ["64", "52"]
        );
        let new = g.resolve("Gia Lai", Some("tỉnh"), &Context::new(Some(Era::From2025)));
        assert_eq!(new.unique().map(|u| u.code), Some("52"));
        assert!(
            g.resolve("Kon Tum", Some("tỉnh"), &Context::new(Some(Era::From2025)))
                == Resolution::Unknown
        );
    }

    #[test]
    fn phrases_carry_their_kind_word() {
        let g = get();
        for phrase in [
            "thị trấn Kông Chro",
            "Thị trấn Kông Chro",
            "THỊ TRẤN KÔNG CHRO",
            "TT. Kông Chro",
        ] {
            assert_eq!(
                g.resolve_phrase(phrase, &old()).unique().map(|u| u.code),
                Some("23824"),
                "{phrase}"
            );
        }
        for phrase in [
            "TP. Huế",
            "Tp Huế",
            "T.P Huế",
            "thành phố Huế",
            "Huế",
            "Thừa Thiên Huế",
            "tỉnh Thừa Thiên Huế",
        ] {
            let unit = g.resolve_phrase(phrase, &old()).unique();
            assert_eq!(
                unit.map(|u| (u.code, u.level())),
                Some(("46", Level::Province)),
                "{phrase}"
            );
        }
    }
}
