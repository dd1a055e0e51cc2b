//! Vocabularies kept as data files under `data/` and embedded at build time:
//! a new document kind, issuer code or section phrase is a line, not code.

use once_cell::sync::Lazy;

/// Non-comment, non-empty lines of a tab-separated data file, split into fields.
pub fn rows(source: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    source
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

pub const SECTION_HEADINGS: &str = include_str!("../data/section_headings.txt");
pub const SECTION_KINDS: &str = include_str!("../data/section_kinds.tsv");
pub const DOC_KINDS: &str = include_str!("../data/doc_kinds.tsv");
pub const LOCALITY_KINDS: &str = include_str!("../data/locality_kinds.tsv");
pub const PROVINCES: &str = include_str!("../data/provinces.tsv");
pub const ISSUING_BODIES: &str = include_str!("../data/issuing_bodies.tsv");
pub const OFFICES: &str = include_str!("../data/offices.txt");
pub const ISSUER_CODES: &str = include_str!("../data/issuer_codes.tsv");
pub const ISSUER_HEADS: &str = include_str!("../data/issuer_heads.txt");
pub const CITATION_WORDS: &str = include_str!("../data/citation_words.tsv");
pub const CATALOGUE: &str = include_str!("../data/catalogue.tsv");
pub const PROGRAMMES: &str = include_str!("../data/programmes.tsv");
pub const PROGRAMME_NAMES: &str = include_str!("../data/programme_names.tsv");
pub const ROLES: &str = include_str!("../data/roles.tsv");
pub const AGENCY_HEADS: &str = include_str!("../data/agency_heads.txt");
pub const UNITS: &str = include_str!("../data/units.tsv");
pub const UNIT_DENOMINATORS: &str = include_str!("../data/unit_denominators.txt");
pub const TARGET_WORDS: &str = include_str!("../data/target_words.tsv");
pub const INDICATORS: &str = include_str!("../data/indicators.tsv");
pub const ABBREVIATIONS: &str = include_str!("../data/abbreviations.tsv");
pub const SYNONYMS: &str = include_str!("../data/synonyms.tsv");
pub const SYMBOL_FONTS: &str = include_str!("../data/symbol_fonts.tsv");
pub const HTML_CONTAINERS: &str = include_str!("../data/html_containers.txt");
pub const HTML_CHROME: &str = include_str!("../data/html_chrome.txt");
pub const HTML_MARKS: &str = include_str!("../data/html_marks.tsv");
pub const SIGNATURE_STAMPS: &str = include_str!("../data/signature_stamps.tsv");

/// A document kind and the codes its numbers use.
#[derive(Debug)]
pub struct DocKind {
    pub name: &'static str,
    pub codes: Vec<&'static str>,
}

pub static DOC_KIND_LIST: Lazy<Vec<DocKind>> = Lazy::new(|| {
    rows(DOC_KINDS)
        .map(|r| DocKind {
            name: r[0],
            codes: r.get(1).map_or_else(Vec::new, |c| c.split(',').collect()),
        })
        .collect()
});

/// Abbreviations of bodies and their spelled-out forms (UBND -> Ủy ban nhân dân).
pub static ABBREVIATION_LIST: Lazy<Vec<(&'static str, &'static str)>> =
    Lazy::new(|| rows(ABBREVIATIONS).map(|r| (r[0], r[1])).collect());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_parses() {
        assert!(DOC_KIND_LIST
            .iter()
            .any(|k| k.name == "Kế hoạch" && k.codes == ["KH"]));
        assert!(rows(SECTION_KINDS).all(|r| r.len() == 2));
        assert!(rows(LOCALITY_KINDS).all(|r| r.len() == 2));
        assert!(rows(PROVINCES).all(|r| (2..=3).contains(&r.len())));
        assert!(rows(ISSUING_BODIES)
            .all(|r| r.len() == 2 && ["central", "department", "local"].contains(&r[1])));
        assert!(rows(OFFICES).all(|r| r.len() == 1));
        assert!(ABBREVIATION_LIST.iter().any(|&(a, _)| a == "UBND"));
    }
}
