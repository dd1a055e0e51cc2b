//! Digital-signature stamps: the few lines of text that e-government signing
//! tools lay over a page ("SAO Y" / "Bộ Công an" / "Thời gian ký:
//! 2025-09-16T14:37:50+07:00"). On a scan they are the whole text layer; they
//! are kept as data (who signed, when, whether a copy) and whited out of the
//! picture before OCR, so they never enter the document's text.
//!
//! A block of overlay lines is a stamp when it gives a signing time: every
//! signing tool writes one, and little else over a scan does.

use once_cell::sync::Lazy;
use regex::Regex;

use super::geometry::{Rect, Word};
use crate::data::{rows, SIGNATURE_STAMPS};
use crate::model::Signature;
use crate::vi::date;
use crate::vi::key::{canonical, fold};

/// A stamp found on a page, and where it lies.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub signature: Signature,
    pub rect: Rect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Signer,
    Organization,
    Time,
    Copy,
    Skip,
}

struct Vocabulary {
    /// Folded label -> field.
    labels: Vec<(&'static str, Field)>,
    /// Folded marks of a copy ("sao y").
    marks: Vec<&'static str>,
}

static VOCABULARY: Lazy<Vocabulary> = Lazy::new(|| {
    let mut labels = Vec::new();
    let mut marks = Vec::new();
    for row in rows(SIGNATURE_STAMPS) {
        let field = match row[1] {
            "signer" => Field::Signer,
            "organization" => Field::Organization,
            "time" => Field::Time,
            "copy" => Field::Copy,
            "skip" => Field::Skip,
            other => panic!("data/signature_stamps.tsv: unknown field {other}"),
        };
        match row[0] {
            "label" => labels.push((row[2], field)),
            "mark" => marks.push(row[2]),
            other => panic!("data/signature_stamps.tsv: unknown kind {other}"),
        }
    }
    Vocabulary { labels, marks }
});

const OFFSET: &str = r"\s*(Z|[+-]\d{2}:?\d{2})?";
/// "2025-09-16T14:37:50+07:00", "2025-09-16 14:37".
static ISO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"\b(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})(?:[T\s]+(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?{OFFSET})?"
    ))
    .unwrap()
});
/// "16.09.2025 14:37:50 +07:00", "16/09/2025".
static DAY_FIRST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})[./-](\d{{1,2}})[./-](\d{{4}})(?:\s+(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?{OFFSET})?"
    ))
    .unwrap()
});
/// "14:37:50 16/09/2025", "14:37 ngày 16/09/2025".
static CLOCK_FIRST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:ngày\s+)?(\d{1,2})[./-](\d{1,2})[./-](\d{4})",
    )
    .unwrap()
});

/// The signing time in `text` as ISO 8601 ("2025-09-16T14:37:50+07:00"); a
/// date alone ("2025-09-16") only when `clock` is not required.
fn parse_time(text: &str, clock: bool) -> Option<String> {
    // (year, month, day, hour, minute, second, offset)
    type Parts<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    fn get<'t>(c: &regex::Captures<'t>, i: usize) -> Option<&'t str> {
        c.get(i).map(|m| m.as_str())
    }
    let text_parts: Option<Parts> = if let Some(c) = CLOCK_FIRST.captures(text) {
        Some((
            get(&c, 6)?,
            get(&c, 5)?,
            get(&c, 4)?,
            get(&c, 1),
            get(&c, 2),
            get(&c, 3),
            None,
        ))
    } else if let Some(c) = ISO.captures(text) {
        Some((
            get(&c, 1)?,
            get(&c, 2)?,
            get(&c, 3)?,
            get(&c, 4),
            get(&c, 5),
            get(&c, 6),
            get(&c, 7),
        ))
    } else if let Some(c) = DAY_FIRST.captures(text) {
        Some((
            get(&c, 3)?,
            get(&c, 2)?,
            get(&c, 1)?,
            get(&c, 4),
            get(&c, 5),
            get(&c, 6),
            get(&c, 7),
        ))
    } else {
        None
    };
    let (year, month, day, hour, minute, second, offset) = text_parts?;
    let day = date::iso(day.parse().ok()?, month.parse().ok()?, year.parse().ok()?)?;
    let (Some(hour), Some(minute)) = (hour, minute) else {
        return (!clock).then_some(day);
    };
    let (hour, minute): (u32, u32) = (hour.parse().ok()?, minute.parse().ok()?);
    let second: u32 = second.map_or(Some(0), |s| s.parse().ok())?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset = match offset {
        None => String::new(),
        Some("Z") => "Z".to_string(),
        Some(o) => {
            let digits: String = o.chars().filter(char::is_ascii_digit).collect();
            format!("{}{}:{}", &o[..1], &digits[..2], &digits[2..])
        }
    };
    Some(format!("{day}T{hour:02}:{minute:02}:{second:02}{offset}"))
}

/// Reads the lines of one block as a stamp, if they give a signing time.
fn parse(page: u32, lines: &[String]) -> Option<Signature> {
    let mut signature = Signature {
        page,
        signer: None,
        organization: None,
        time: None,
        copy: false,
        lines: lines.to_vec(),
    };
    let mut unlabeled: Vec<&str> = Vec::new();
    for line in lines {
        let folded = fold(line);
        let bare = folded.trim_matches(|c: char| !c.is_alphanumeric());
        if VOCABULARY.marks.contains(&bare) {
            signature.copy = true;
            continue;
        }
        let labeled = line.split_once(':').and_then(|(label, value)| {
            let label = fold(label);
            VOCABULARY
                .labels
                .iter()
                .find(|(l, _)| *l == label.trim())
                .map(|&(_, field)| (field, value.trim()))
        });
        match labeled {
            Some((Field::Signer, value)) => signature.signer = Some(canonical(value)),
            Some((Field::Organization, value)) => signature.organization = Some(canonical(value)),
            Some((Field::Time, value)) => signature.time = parse_time(value, false),
            Some((Field::Copy | Field::Skip, _)) => {}
            None => match parse_time(line, true) {
                Some(time) => signature.time = signature.time.or(Some(time)),
                None if !line.contains('@') => unlabeled.push(line),
                None => {}
            },
        }
    }
    // A stamp without labels names its signer alone on a line.
    if signature.signer.is_none() {
        signature.signer = unlabeled.first().map(|l| canonical(l));
    }
    signature.time.is_some().then_some(signature)
}

/// Words into lines: a word joins a line whose height it shares for the most part.
fn lines(words: &[Word]) -> Vec<(String, Rect)> {
    let mut sorted: Vec<&Word> = words.iter().filter(|w| !w.text.trim().is_empty()).collect();
    sorted.sort_by(|a, b| {
        a.rect
            .y0
            .total_cmp(&b.rect.y0)
            .then(a.rect.x0.total_cmp(&b.rect.x0))
    });
    let mut lines: Vec<(Vec<&Word>, Rect)> = Vec::new();
    for word in sorted {
        let middle = (word.rect.y0 + word.rect.y1) / 2.0;
        match lines
            .iter_mut()
            .find(|(_, r)| r.y0 <= middle && middle <= r.y1)
        {
            Some((line, rect)) => {
                line.push(word);
                *rect = rect.union(&word.rect);
            }
            None => lines.push((vec![word], word.rect)),
        }
    }
    lines
        .into_iter()
        .map(|(mut words, rect)| {
            words.sort_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0));
            let text = words
                .iter()
                .map(|w| w.text.trim())
                .collect::<Vec<_>>()
                .join(" ");
            (text, rect)
        })
        .collect()
}

/// The stamps among a page's overlay words: lines grouped into blocks of
/// lines that follow each other closely and overlap across, each block read
/// as one stamp.
pub fn find(page: u32, words: &[Word]) -> Vec<Stamp> {
    let mut blocks: Vec<(Vec<String>, Rect)> = Vec::new();
    for (text, rect) in lines(words) {
        let joins = blocks.last().is_some_and(|(_, block)| {
            let gap = rect.y0 - block.y1;
            gap < rect.height().max(1.0) && rect.x0 < block.x1 && block.x0 < rect.x1
        });
        match blocks.last_mut() {
            Some((lines, block)) if joins => {
                lines.push(text);
                *block = block.union(&rect);
            }
            _ => blocks.push((vec![text], rect)),
        }
    }
    blocks
        .into_iter()
        .filter_map(|(lines, rect)| parse(page, &lines).map(|signature| Stamp { signature, rect }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of `lines` set from (x, y) down, 10 pt apart, 6 pt a character.
    fn words(x: f64, y: f64, lines: &[&str]) -> Vec<Word> {
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let mut left = x;
            for w in line.split_whitespace() {
                let width = 6.0 * w.chars().count() as f64;
                out.push(Word {
                    rect: Rect {
                        x0: left,
                        y0: y + 10.0 * i as f64,
                        x1: left + width,
                        y1: y + 10.0 * i as f64 + 9.0,
                    },
                    text: w.to_string(),
                });
                left += width + 3.0;
            }
        }
        out
    }

    #[test]
    fn a_copy_stamp_without_labels() {
        let stamps = find(
            1,
            &words(
                411.5,
                6.4,
                &[
                    "SAO Y",
                    "Bộ Công an",
                    "Thời gian ký: 2025-09-16T14:37:50+07:00",
                ],
            ),
        );
        assert_eq!(stamps.len(), 1);
        let s = &stamps[0].signature;
        assert_eq!(s.signer.as_deref(), Some("Bộ Công an"));
        assert_eq!(s.time.as_deref(), Some("2025-09-16T14:37:50+07:00"));
        assert!(s.copy);
        assert_eq!(s.lines.len(), 3);
        let r = stamps[0].rect;
        assert!(r.x0 == 411.5 && r.y0 == 6.4 && r.y1 > 35.0);
    }

    #[test]
    fn a_labelled_stamp() {
        let stamps = find(
            3,
            &words(
                300.0,
                700.0,
                &[
                    "Người ký: Ủy ban Nhân dân tỉnh Lâm Đồng",
                    "Email: ubnd@lamdong.gov.vn",
                    "Cơ quan: Tỉnh Lâm Đồng",
                    "Thời gian ký: 16.09.2025 14:37:50 +07:00",
                ],
            ),
        );
        let s = &stamps[0].signature;
        assert_eq!(s.page, 3);
        assert_eq!(s.signer.as_deref(), Some("Ủy ban Nhân dân tỉnh Lâm Đồng"));
        assert_eq!(s.organization.as_deref(), Some("Tỉnh Lâm Đồng"));
        assert_eq!(s.time.as_deref(), Some("2025-09-16T14:37:50+07:00"));
        assert!(!s.copy);
    }

    #[test]
    fn two_stamps_apart_are_two() {
        let mut w = words(
            400.0,
            10.0,
            &["SAO Y", "Văn phòng UBND tỉnh", "Ngày ký: 20/09/2025"],
        );
        w.extend(words(
            60.0,
            500.0,
            &["Ký bởi: Bộ Công an", "Thời gian ký: 14:37 16/09/2025"],
        ));
        let stamps = find(1, &w);
        let times: Vec<_> = stamps
            .iter()
            .map(|s| s.signature.time.clone().unwrap())
            .collect();
        assert_eq!(times, ["2025-09-20", "2025-09-16T14:37:00"]);
        assert_eq!(stamps[1].signature.signer.as_deref(), Some("Bộ Công an"));
    }

    #[test]
    fn overlays_that_are_not_stamps() {
        assert!(find(1, &words(10.0, 10.0, &["Scanned with CamScanner"])).is_empty());
        assert!(
            find(
                1,
                &words(
                    10.0,
                    10.0,
                    &["Cơ quan: UBND tỉnh", "Hà Nội, ngày 16/9/2025"]
                )
            )
            .is_empty(),
            "a date alone is not a signing time"
        );
    }

    #[test]
    fn signing_times() {
        for (text, iso) in [
            ("2025-09-16T14:37:50+07:00", "2025-09-16T14:37:50+07:00"),
            ("2025-09-16 14:37:50 +0700", "2025-09-16T14:37:50+07:00"),
            ("16/09/2025 08:05", "2025-09-16T08:05:00"),
            ("16-9-2025 23:59:59Z", "2025-09-16T23:59:59Z"),
            ("14:37:50 ngày 16.09.2025", "2025-09-16T14:37:50"),
        ] {
            assert_eq!(parse_time(text, true).as_deref(), Some(iso), "{text}");
        }
        assert_eq!(
            parse_time("16/09/2025", false).as_deref(),
            Some("2025-09-16")
        );
        assert_eq!(parse_time("16/09/2025", true), None);
        assert_eq!(parse_time("31/02/2025 10:00", true), None);
        assert_eq!(parse_time("16/09/2025 25:00", true), None);
    }
}
