//! Targets read from small plans through the whole text pipeline.

use super::*;
use crate::read::{Format, SourceText};

/// A commune plan whose objectives section holds `objectives` (one
/// paragraph per line), with `year` as the plan's year.
fn targets_with_title(title: &str, objectives: &str, year: Option<i32>) -> Vec<Target> {
    let text = format!(
        "ỦY BAN NHÂN DÂN\nXÃ TRÀ LÂM\n\nKẾ HOẠCH\n{title}\n\nI. MỤC TIÊU\n\n{}\n\nII. TỔ CHỨC THỰC HIỆN\n\nCác ban ngành thực hiện.\n",
        objectives.replace('\n', "\n\n")
    );
    let doc = crate::segment::segment(crate::normalize::normalize(&SourceText {
        text,
        format: Format::Text,
        encoding: "utf-8",
    }));
    let metadata = Metadata {
        year,
        title: Some(title.to_string()),
        ..Metadata::default()
    };
    let (targets, warnings) = extract(&doc, &metadata);
    assert!(warnings.is_empty(), "{warnings:?}");
    targets
}

fn targets(objectives: &str, year: Option<i32>) -> Vec<Target> {
    targets_with_title("Giảm nghèo bền vững", objectives, year)
}

fn one(objectives: &str) -> Target {
    let found = targets(objectives, Some(2024));
    assert_eq!(found.len(), 1, "{objectives}: {found:#?}");
    found.into_iter().next().unwrap()
}

#[test]
fn indicators_from_the_lexicon() {
    for (text, code) in [
        ("Tỷ lệ hộ nghèo còn 20,28%.", "poverty_rate"),
        (
            "Mức giảm tỷ lệ hộ nghèo ở mức 5,00%.",
            "poverty_rate_reduction",
        ),
        (
            "Phấn đấu giảm tỷ lệ hộ nghèo ít nhất 6,6%.",
            "poverty_rate_reduction",
        ),
        (
            "Phấn đấu giảm tỉ lệ hộ nghèo đa chiều xuống dưới 2%.",
            "poverty_rate",
        ),
        (
            "Tỷ lệ hộ nghèo dân tộc thiểu số giảm 11,50%.",
            "minority_poverty_rate_reduction",
        ),
        ("Phấn đấu giảm 45 hộ cận nghèo.", "near_poor_reduction"),
        (
            "Giảm thể thấp còi (chiều cao/tuổi) xuống dưới 19,8%.",
            "stunting_rate",
        ),
        (
            "Giảm suy dinh dưỡng thể nhẹ cân xuống còn 17,6%.",
            "underweight_rate",
        ),
        ("Xây mới 13 căn nhà.", "housing_support"),
        (
            "100% người thuộc hộ nghèo được hỗ trợ tham gia bảo hiểm y tế.",
            "health_insurance",
        ),
        (
            "75% hộ nghèo sử dụng nước sinh hoạt hợp vệ sinh.",
            "clean_water",
        ),
        (
            "Ít nhất 36% hộ nghèo sử dụng nhà tiêu hợp vệ sinh.",
            "sanitation",
        ),
        ("Tổ chức 01 lớp tập huấn.", "training"),
        ("Tổng kinh phí dự kiến là 3.230 triệu đồng.", "budget"),
        ("Tổ chức ít nhất 01 cuộc đối thoại chính sách.", "other"),
        ("Tổ chức 07 lớp truyền thông về giảm nghèo.", "training"),
        ("Cập nhật dữ liệu nhu cầu lao động cho 7/7 xã.", "coverage"),
    ] {
        assert_eq!(one(text).indicator, code, "{text}");
    }
}

#[test]
fn indicators_of_other_programmes() {
    for (text, code) in [
        (
            "Phấn đấu trợ giúp pháp lý cho 100% số người vi phạm pháp luật liên quan đến ma túy.",
            "coverage",
        ),
        (
            "Trên 80% các cơ quan truyền thông chủ lực có chuyên trang, chuyên mục về phòng, chống ma túy.",
            "other",
        ),
        ("Phấn đấu đến năm 2030 đạt ít nhất 50% số xã, phường không ma túy.", "other"),
        (
            "Bảo đảm 100% cán bộ, giáo viên các trường học được tuyên truyền về tác hại của ma túy.",
            "coverage",
        ),
        (
            "Ít nhất 85% người hưởng trợ cấp xã hội mở mới tài khoản ngân hàng.",
            "other",
        ),
    ] {
        assert_eq!(one(text).indicator, code, "{text}");
    }
    let list = targets(
        "Phấn đấu tổ chức tuyên truyền, phổ biến kiến thức cho người học tại 100% nhà trường và trên 70% người lao động tại các khu công nghiệp.",
        None,
    );
    let codes: Vec<&str> = list.iter().map(|t| t.indicator.as_str()).collect();
    assert_eq!(
        codes,
        ["coverage", "coverage"],
        "one more of a list shares its indicator"
    );
}

#[test]
fn comparators_and_baselines() {
    let t = one("Tỷ lệ hộ nghèo giảm còn bằng hoặc dưới 10,28%.");
    assert_eq!(t.comparator, "<=");
    let found = targets("Tỷ lệ hộ nghèo giảm từ 0.82% xuống còn 0.79%.", None);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].value, found[0].baseline), (0.79, Some(0.82)));
}

#[test]
fn years_from_the_sentence_the_section_and_the_plan() {
    let found = targets(
        "Phấn đấu đạt 20% xã, phường không ma túy năm 2025, bảo đảm đến hết năm 2030 đạt 50% địa bàn cấp xã không ma túy.\nTỷ lệ hộ nghèo còn 5%.",
        Some(2030),
    );
    let years: Vec<Option<i32>> = found.iter().map(|t| t.year).collect();
    assert_eq!(years, [Some(2025), Some(2030), Some(2030)]);
    let in_section = targets(
        "2. Mục tiêu cụ thể đến năm 2035\na) Phấn đấu 100% trẻ em được đến trường.",
        Some(2045),
    );
    assert_eq!(
        in_section[0].year,
        Some(2035),
        "the section's year before the plan's"
    );
    let dated = targets(
        "Thực hiện Quyết định ban hành ngày 20 tháng 11 năm 2021, tỷ lệ hộ nghèo còn 5%.",
        Some(2024),
    );
    assert_eq!(dated[0].year, Some(2024), "a date gives no target year");
    assert_eq!(targets("Tỷ lệ hộ nghèo còn 5%.", None)[0].year, None);
    let past = targets(
        "Tổ chức giao ban ít nhất 01 lần/tháng đối với các địa bàn đã có Quyết định công nhận năm 2025 và các địa bàn được lựa chọn năm 2026.",
        Some(2026),
    );
    assert_eq!(
        past[0].year,
        Some(2026),
        "a year after a past event dates the event"
    );
}

#[test]
fn a_count_of_sessions_is_no_coverage() {
    let t = one("Tổ chức tuyên truyền cho học sinh (đảm bảo mỗi năm tại mỗi trường tổ chức ít nhất 1 buổi).");
    assert_eq!((t.indicator.as_str(), t.per_year), ("other", true));
}

#[test]
fn yearly_rates_and_compound_units() {
    let t = one("Tỷ lệ hộ nghèo ở huyện Kông Chro giảm 5%/năm.");
    assert_eq!((t.unit.as_str(), t.per_year), ("%", true));
    assert_eq!(t.scope.as_deref(), Some("Kông Chro"));
    assert!(one("Hằng năm, số vụ phạm tội được phát hiện tăng trên 03%.").per_year);
    assert!(!one("Tỷ lệ hộ nghèo còn 5%.").per_year);
    let t = one("Tổ chức giao ban ít nhất 01 lần/tháng.");
    assert_eq!(
        (t.unit.as_str(), t.comparator.as_str()),
        ("lần/tháng", ">=")
    );
    let t = one("Hỗ trợ 3.230 triệu đồng cho các hộ.");
    assert_eq!(t.normalized.value, 3_230_000_000.0);
}

#[test]
fn scope_an_item_opens_with() {
    let t = one("- Tại địa bàn đô thị: 100% trẻ em được nuôi dưỡng, chăm sóc an toàn.");
    assert_eq!(t.scope.as_deref(), Some("địa bàn đô thị"));
    assert_eq!(t.indicator, "coverage");
}

#[test]
fn not_targets() {
    for text in [
        "Toàn xã có 242 hộ nghèo.",
        "Đối với 29 xã đã được công nhận, hằng năm duy trì kết quả.",
        "Tặng Bằng khen cho các tập thể theo quy định về khen thưởng (tỷ lệ không quá 10% tập thể, 5% cá nhân).",
        "Hoàn thành trước ngày 31/5/2024.",
        "Thời gian thi đua chia thành 02 đợt.",
    ] {
        assert!(targets(text, None).is_empty(), "{text}");
    }
}

#[test]
fn a_regulation_has_no_targets() {
    let criteria = "Tỷ lệ hộ có nhà ở kiên cố đạt từ 75% trở lên.";
    assert!(targets_with_title(
        "Ban hành Bộ tiêu chí quốc gia về nông thôn mới",
        criteria,
        None
    )
    .is_empty());
    assert!(targets_with_title("Quy định mức hỗ trợ", criteria, None).is_empty());
    assert_eq!(
        targets_with_title("Thực hiện Chương trình", criteria, None).len(),
        1
    );
}

#[test]
fn a_long_clause_costs_linear_time_and_an_overlong_one_is_skipped() {
    // 2,000 quantities in one clause without a full stop: each is read once.
    let clause: String = (0..2000)
        .map(|i| {
            format!(
                "hỗ trợ {} hộ nghèo và {}% người dân ",
                i % 90 + 1,
                i % 70 + 1
            )
        })
        .collect();
    let long = crate::vi::prefix(&clause, MAX_CLAUSE_BYTES - 100).to_string();
    let found = crate::budget::within(std::time::Duration::from_secs(5), || targets(&long, None))
        .expect("well within its budget");
    assert!(found.len() > 400, "{}", found.len());
    let text = format!(
        "ỦY BAN NHÂN DÂN\nXÃ A\n\nKẾ HOẠCH\nGiảm nghèo\n\nI. MỤC TIÊU\n\nPhấn đấu {clause}\n\nII. TỔ CHỨC\n\nThực hiện.\n"
    );
    let doc = crate::segment::segment(crate::normalize::normalize(&SourceText {
        text,
        format: Format::Text,
        encoding: "utf-8",
    }));
    let (found, warnings) = extract(&doc, &Metadata::default());
    assert!(found.is_empty());
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("over the limit of 16384"),
        "{warnings:?}"
    );
}
