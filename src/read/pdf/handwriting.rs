//! The number and date of a scanned document, as OCR read them. Offices print
//! "Số:      /BCA-C04" and "ngày    tháng    năm 2025" and fill the blanks
//! by hand after signing; OCR reads handwriting as what it can ("+214",
//! "lé"). What it read is kept, and flagged, so that a person checks the page.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::model::Signature;
use crate::vi::date;

/// The header lines: number and date come before the title and the body.
const HEADER_LINES: usize = 25;

/// "Số: 4214/BCA-C04": the field before the slash and its issuer code. The
/// document's own number starts its line or has its colon; a cited one
/// ("Quyết định số 90/QĐ-TTg") has neither.
static NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:^[Ss]ố\s*:?|\bSố\s*:)\s*(\S*?)\s*/\s*\p{Lu}").unwrap());
/// "Hà Nội, ngày 16 tháng 9 năm 2025", with fields as OCR read them, or
/// blank: the place and its comma set the document's date apart from the
/// dates of what it cites.
static DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i),\s*ngày\s*(\S*?)\s*tháng\s*(\S*?)\s*năm\s*(\S*)").unwrap());

/// A warning when the header of OCR'd page `page` (its `text`) has a number
/// or date that is not plain digits, or a date its signatures contradict.
pub fn check(page: u32, text: &str, signatures: &[Signature]) -> Option<String> {
    let header: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(HEADER_LINES)
        .collect();
    // The first of each is the document's own; later ones are of what it cites.
    let number = header
        .iter()
        .find_map(|l| NUMBER.captures(l).map(|c| (*l, c)));
    let dated = header
        .iter()
        .find_map(|l| DATE.captures(l).map(|c| (*l, c)));
    let mut unclear: Vec<&str> = Vec::new();
    if let Some((line, c)) = number {
        if !is_number(&c[1], 1, u32::MAX) {
            unclear.push(line);
        }
    }
    let mut read_date = None;
    if let Some((line, c)) = dated {
        let year = c[3].trim_end_matches(|ch: char| !ch.is_ascii_digit());
        if is_number(&c[1], 1, 31) && is_number(&c[2], 1, 12) && is_number(year, 1900, 2100) {
            read_date = date::iso(
                c[1].parse().unwrap(),
                c[2].parse().unwrap(),
                year.parse().unwrap(),
            );
        } else if !unclear.contains(&line) {
            unclear.push(line);
        }
    }
    // The day a document is signed is its date; a copy is signed later.
    let signed = signatures
        .iter()
        .filter_map(|s| Some((s.time.as_deref()?.get(..10)?, s.copy)))
        .collect::<Vec<_>>();
    if !unclear.is_empty() {
        let quoted = unclear
            .iter()
            .map(|l| format!("«{l}»"))
            .collect::<Vec<_>>()
            .join(", ");
        let hint = signed
            .first()
            .map(|(day, _)| format!(" (the digital signature is dated {day})"))
            .unwrap_or_default();
        return Some(format!(
            "page {page}: the number or date looks handwritten or unclear and is kept as OCR read it: {quoted}{hint}"
        ));
    }
    let original = signed.iter().find(|(_, copy)| !copy).map(|(day, _)| *day);
    match (read_date, original) {
        (Some(read), Some(signed)) if read != signed => Some(format!(
            "page {page}: OCR read the date as {read} but the document was signed on {signed}: check the page (a handwritten date?)"
        )),
        _ => None,
    }
}

/// Whether `field` is a number within `min..=max`, in digits only.
fn is_number(field: &str, min: u32, max: u32) -> bool {
    !field.is_empty()
        && field.bytes().all(|b| b.is_ascii_digit())
        && field.parse::<u32>().is_ok_and(|n| (min..=max).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "BỘ CÔNG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n";

    fn stamp(time: &str, copy: bool) -> Signature {
        Signature {
            page: 1,
            signer: Some("Bộ Công an".into()),
            organization: None,
            time: Some(time.into()),
            copy,
            lines: vec![],
        }
    }

    #[test]
    fn handwriting_read_as_letters_is_flagged() {
        let text = format!(
            "{HEADER}Số: +214/BCA-C04 Hà Nội, ngày lé tháng 3 năm 2025\n\nV/v Triển khai\n"
        );
        let warning = check(1, &text, &[stamp("2025-09-16T14:37:50+07:00", true)]).unwrap();
        assert!(
            warning.contains("«Số: +214/BCA-C04 Hà Nội, ngày lé tháng 3 năm 2025»"),
            "{warning}"
        );
        assert!(warning.contains("dated 2025-09-16"), "{warning}");
        let blank = format!("{HEADER}Số:      /KH-UBND\nLâm Đồng, ngày   tháng   năm 2026\n");
        assert!(check(1, &blank, &[]).unwrap().contains("ngày   tháng"));
    }

    #[test]
    fn a_printed_header_passes() {
        let text = format!("{HEADER}Số: 4214/BCA-C04\nHà Nội, ngày 16 tháng 9 năm 2025\n");
        assert_eq!(check(1, &text, &[]), None);
        assert_eq!(
            check(1, &text, &[stamp("2025-09-16T14:37:50+07:00", false)]),
            None
        );
        assert_eq!(check(1, "Báo cáo tình hình\nSố hộ nghèo giảm\n", &[]), None);
        let cites =
            "KẾ HOẠCH\nCăn cứ Quyết định số 90/QĐ-TTg ngày 18 tháng 01 năm 2022 của Thủ tướng\n";
        assert_eq!(
            check(1, cites, &[stamp("2023-03-10T16:05:12+07:00", false)]),
            None
        );
    }

    #[test]
    fn a_date_its_signature_contradicts() {
        let text = format!("{HEADER}Số: 4214/BCA-C04\nHà Nội, ngày 16 tháng 3 năm 2025\n");
        let warning = check(1, &text, &[stamp("2025-09-16T14:37:50+07:00", false)]).unwrap();
        assert!(
            warning.contains("2025-03-16") && warning.contains("signed on 2025-09-16"),
            "{warning}"
        );
        // A copy is certified later than the document's date.
        assert_eq!(check(1, &text, &[stamp("2025-09-20T08:00:00", true)]), None);
    }
}
