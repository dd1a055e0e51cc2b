//! Places as units of the gazetteer: the plan's locality, and the locality a
//! sentence of the plan names. The plan's date sets the era (a plan of 2024
//! names the units before the 2025 reorganisation); its province, and its
//! own unit, settle names many units share.

use std::ops::Range;

use crate::gazetteer::{self, Context, Era, Level, Resolution};
use crate::model::{Metadata, PlaceMatch, PlaceStatus};

/// Resolves the places of one plan.
#[derive(Debug, Clone)]
pub struct Locator {
    context: Context,
    plan: Option<PlaceMatch>,
}

impl Locator {
    pub fn new(metadata: &Metadata) -> Locator {
        let g = gazetteer::get();
        let era = metadata
            .date
            .as_deref()
            .and_then(Era::of_date)
            .or_else(|| metadata.year.and_then(Era::of_year));
        let mut context = Context::new(era);
        let province = metadata.province.as_deref().and_then(|name| {
            let candidates = g.resolve(name, None, &context).candidates();
            let mut provinces = candidates
                .into_iter()
                .filter(|u| u.level() == Level::Province);
            let first = provinces.next()?;
            provinces.next().is_none().then_some(first)
        });
        if let Some(province) = province {
            context = context.within(province.id);
        }
        let plan = metadata.locality.as_deref().map(|name| {
            let kind = metadata.locality_kind.as_deref();
            let written = match kind {
                Some(kind) => format!("{kind} {name}"),
                None => name.to_string(),
            };
            matched(written, g.resolve(name, kind, &context))
        });
        if let Some(unit) = plan.as_ref().and_then(|p| p.unit.as_ref()) {
            // The plan's own unit and its parents rank the names its sentences give.
            let ids = std::iter::once(unit.code.as_str())
                .chain(unit.parents.iter().map(|p| p.code.as_str()))
                .filter_map(|code| g.by_code(unit.era, code));
            for found in ids {
                context = context.within(found.id);
            }
        }
        Locator { context, plan }
    }

    /// The plan's locality.
    pub fn plan(&self) -> Option<&PlaceMatch> {
        self.plan.as_ref()
    }

    /// The places `text` names, in order, with their byte ranges.
    pub fn places(&self, text: &str) -> Vec<(Range<usize>, PlaceMatch)> {
        gazetteer::get()
            .mentions(text, &self.context)
            .into_iter()
            .map(|m| {
                let written = text[m.span.clone()].to_string();
                (m.span, matched(written, m.resolution))
            })
            .collect()
    }
}

fn matched(written: String, resolution: Resolution) -> PlaceMatch {
    let g = gazetteer::get();
    let (status, unit) = match resolution {
        Resolution::Unique(unit) => (PlaceStatus::Resolved, Some(g.place(unit.id))),
        Resolution::Ambiguous(_) => (PlaceStatus::Ambiguous, None),
        Resolution::Unknown => (PlaceStatus::Unknown, None),
    };
    PlaceMatch {
        written,
        status,
        unit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(locality: &str, kind: &str, province: Option<&str>, date: &str) -> Metadata {
        Metadata {
            locality: Some(locality.into()),
            locality_kind: Some(kind.into()),
            province: province.map(str::to_string),
            date: Some(date.into()),
            ..Metadata::default()
        }
    }

    fn chain(place: &PlaceMatch) -> Vec<(String, String)> {
        let unit = place.unit.as_ref().expect("resolved");
        std::iter::once((unit.code.clone(), unit.name.clone()))
            .chain(
                unit.parents
                    .iter()
                    .map(|p| (p.code.clone(), p.name.clone())),
            )
            .collect()
    }

    #[test]
    fn a_township_has_its_district_then_its_province() {
        let locator = Locator::new(&metadata(
            "Kông Chro",
            "thị trấn",
            Some("Gia Lai"),
            "2024-01-10",
        ));
        let place = locator.plan().unwrap();
        assert_eq!(place.written, "thị trấn Kông Chro");
        assert_eq!(place.status, PlaceStatus::Resolved);
        let codes: Vec<String> = chain(place).into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["23824", "630", "64"]);
    }

    #[test]
    fn the_era_follows_the_date() {
        let before = Locator::new(&metadata("Gia Lai", "tỉnh", None, "2022-03-01"));
        let after = Locator::new(&metadata("Gia Lai", "tỉnh", None, "2025-11-01"));
        let era = |l: &Locator| l.plan().unwrap().unit.as_ref().unwrap().era;
        assert_eq!(era(&before), Era::Before2025);
        assert_eq!(era(&after), Era::From2025);
    }

    #[test]
    fn unknown_names_stay_as_written() {
        let locator = Locator::new(&metadata("Xyzabc", "xã", None, "2024-01-10"));
        let place = locator.plan().unwrap();
        assert_eq!(place.status, PlaceStatus::Unknown);
        assert_eq!(place.written, "xã Xyzabc");
        assert!(place.unit.is_none());
    }

    #[test]
    fn a_sentence_names_its_places() {
        let locator = Locator::new(&metadata("Gia Lai", "tỉnh", Some("Gia Lai"), "2022-03-01"));
        let sentence = "Tỷ lệ hộ nghèo ở huyện Kông Chro giảm ";
        let named = locator.places(sentence);
        assert_eq!(named.len(), 1);
        let (span, place) = &named[0];
        assert_eq!(&sentence[span.clone()], "huyện Kông Chro");
        assert_eq!(chain(place)[0].0, "630");
        assert!(locator.places("Tỷ lệ hộ nghèo giảm ").is_empty());
        assert_eq!(locator.plan().unwrap().written, "tỉnh Gia Lai");
    }
}
