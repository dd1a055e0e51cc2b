//! Synthetic plans for benchmarks and batch tests: the seed plans with their
//! locality, year, figures and sections varied, so a corpus of thousands of
//! distinct plans can be made from the five real ones. Deterministic for a
//! given seed number.

use once_cell::sync::Lazy;
use regex::Regex;

const SEEDS: [&str; 5] = [
    include_str!("../fixtures/seeds/000_eba3d3845090eb91.txt"),
    include_str!("../fixtures/seeds/001_4b0e3b8465e57477.txt"),
    include_str!("../fixtures/seeds/002_429e92981eab9d16.txt"),
    include_str!("../fixtures/seeds/003_e74546dc58b16c27.txt"),
    include_str!("../fixtures/seeds/004_51edf642af5df24a.txt"),
];

/// The place each seed is about, replaced by a generated name.
const SEED_LOCALITIES: [&str; 5] = [
    "Kông Chro",
    "Kon Rẫy",
    "Kông Lơng Khơng",
    "Trà Lâm",
    "Gia Lai",
];

const SYLLABLES: [&str; 24] = [
    "An", "Bình", "Cẩm", "Đông", "Hòa", "Kông", "Lâm", "Long", "Mỹ", "Nam", "Phú", "Quang", "Sơn",
    "Tân", "Thạnh", "Trà", "Vĩnh", "Xuân", "Yên", "Ia", "Đăk", "Krông", "Chư", "Plei",
];

static PERCENT: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b(\d{1,2})[,.](\d{1,2})%").unwrap());
static PLAN_YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"\bnăm (202[2-5])\b").unwrap());
static BULLET: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?m)^\s*- ").unwrap());

/// Plan number `n` of a synthetic corpus: its file name and text.
pub fn plan(n: u64) -> (String, String) {
    let mut rng = fastrand::Rng::with_seed(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let seed = (n % SEEDS.len() as u64) as usize;
    let name = format!(
        "{} {}",
        SYLLABLES[rng.usize(..SYLLABLES.len())],
        SYLLABLES[rng.usize(..SYLLABLES.len())]
    );
    let year = 2022 + rng.u32(..4);
    let mut text = SEEDS[seed].replace(SEED_LOCALITIES[seed], &name);
    text = PLAN_YEAR
        .replace_all(&text, format!("năm {year}"))
        .into_owned();
    text = PERCENT
        .replace_all(&text, |_: &regex::Captures| {
            format!("{},{:02}%", rng.u32(0..60), rng.u32(0..100))
        })
        .into_owned();
    text = drop_some_bullets(&text, &mut rng);
    (format!("synthetic-{n:06}-{seed:03}.txt"), text)
}

/// Leaves out about one bullet item in ten, so sections differ between plans.
fn drop_some_bullets(text: &str, rng: &mut fastrand::Rng) -> String {
    let starts: Vec<usize> = BULLET.find_iter(text).map(|m| m.start()).collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (i, &start) in starts.iter().enumerate() {
        if rng.u8(..10) == 0 {
            let limit = starts.get(i + 1).copied().unwrap_or(text.len());
            let end = crate::vi::prefix(&text[start..limit], 400)
                .find("\n\n")
                .map_or(start, |e| start + e);
            out.push_str(&text[at..start]);
            at = end.max(start);
        }
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_are_deterministic_and_distinct() {
        assert_eq!(plan(7), plan(7));
        assert_ne!(plan(7).1, plan(12).1);
        let (name, text) = plan(3);
        assert!(name.starts_with("synthetic-000003-003"));
        assert!(!text.contains("Trà Lâm"));
    }

    #[test]
    fn synthetic_plans_are_read_as_plans() {
        for n in 0..10 {
            let (name, text) = plan(n);
            let parsed = crate::process(&name, text.as_bytes()).unwrap();
            assert!(parsed.sections.len() >= 4, "{name}");
            assert!(
                parsed
                    .metadata
                    .year
                    .is_some_and(|y| (2022..=2025).contains(&y)),
                "{name}"
            );
        }
    }
}
