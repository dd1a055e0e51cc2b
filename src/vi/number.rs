//! Numbers as Vietnamese plans write them.
//!
//! Vietnamese uses "." for thousands and "," for decimals ("3.230 triệu đồng",
//! "20,28%"), but plans typed on English-locale machines and table exports use
//! the opposite ("2,737" households, "0.82%"). A lone separator followed by
//! exactly three digits is the ambiguous case; it is settled by what the number
//! counts: a rate is a decimal, a count of things is a whole number.

/// What the number measures, when the caller knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// A percentage or rate: fractional values are expected.
    Rate,
    /// Households, people, money: whole numbers with thousands separators.
    Count,
    Unknown,
}

/// Parses a number token ("20,28", "2,737", "3.230", "1.234,5", "07").
pub fn parse(token: &str, quantity: Quantity) -> Option<f64> {
    let t = token.trim().trim_end_matches('%').trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    if !t.starts_with(|c: char| c.is_ascii_digit()) || !t.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    let digits_only = |s: &str| s.replace(['.', ','], "");
    let value = match (dots, commas) {
        (0, 0) => t.to_string(),
        // Both: the last separator is the decimal one.
        (_, _) if dots > 0 && commas > 0 => {
            let last = t.rfind(['.', ',']).unwrap();
            format!("{}.{}", digits_only(&t[..last]), &t[last + 1..])
        }
        // One kind, several times: thousands ("1.234.567").
        (d, c) if d + c > 1 => {
            let groups: Vec<&str> = t.split(['.', ',']).collect();
            if groups[1..].iter().any(|g| g.len() != 3) {
                return None;
            }
            digits_only(t)
        }
        _ => {
            let sep = t.find(['.', ',']).unwrap();
            let (int, frac) = (&t[..sep], &t[sep + 1..]);
            let thousands =
                frac.len() == 3 && int.len() <= 3 && int != "0" && quantity != Quantity::Rate;
            if thousands {
                format!("{int}{frac}")
            } else {
                format!("{int}.{frac}")
            }
        }
    };
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_commas_and_points() {
        assert_eq!(parse("20,28", Quantity::Rate), Some(20.28));
        assert_eq!(parse("0.82%", Quantity::Rate), Some(0.82));
        assert_eq!(parse("5,00", Quantity::Unknown), Some(5.0));
        assert_eq!(parse("66.29", Quantity::Unknown), Some(66.29));
    }

    #[test]
    fn thousands_both_ways() {
        assert_eq!(parse("3.230", Quantity::Count), Some(3230.0));
        assert_eq!(parse("2,737", Quantity::Count), Some(2737.0));
        assert_eq!(parse("2,737", Quantity::Unknown), Some(2737.0));
        assert_eq!(parse("1.234.567", Quantity::Count), Some(1_234_567.0));
        assert_eq!(parse("1.234,5", Quantity::Count), Some(1234.5));
        assert_eq!(parse("1,234.5", Quantity::Count), Some(1234.5));
    }

    #[test]
    fn three_decimals_in_a_rate_stay_decimal() {
        assert_eq!(parse("1,125", Quantity::Rate), Some(1.125));
        assert_eq!(parse("0,125", Quantity::Count), Some(0.125));
    }

    #[test]
    fn leading_zeros_and_garbage() {
        assert_eq!(parse("07", Quantity::Count), Some(7.0));
        assert_eq!(parse("-", Quantity::Count), None);
        assert_eq!(parse("1.2.3", Quantity::Count), None);
        assert_eq!(parse("12a", Quantity::Count), None);
        assert_eq!(parse(".5", Quantity::Count), None);
    }
}
