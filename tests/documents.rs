//! Every kind of administrative document of the programme, written in the
//! documents' own words, comes out with the structure and metadata it has:
//! articles and chapters, an amendment quoting an article, a Quyết định
//! issuing a plan, a letter with its subject, central issuers, drafts with a
//! blank number, the header layouts of web pages and Word exports.

mod common;

use common::process_text;
use serde_json::Value;

/// The top-level sections as "number heading [kind]".
fn top(plan: &Value) -> Vec<String> {
    plan["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} [{}]",
                s["number"].as_str().unwrap(),
                s["heading"].as_str().unwrap(),
                s["kind"].as_str().unwrap()
            )
        })
        .collect()
}

fn numbers(sections: &Value) -> Vec<&str> {
    sections
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_str().unwrap())
        .collect()
}

fn meta<'a>(plan: &'a Value, field: &str) -> &'a Value {
    &plan["metadata"][field]
}

/// A web page's markdown of a Nghị quyết: the header is a pipe table whose
/// cells break over lines ("HỘI ĐỒNG NHÂN" / "DÂN"), the enacting body under
/// the title, articles 1 to 4 with their clauses and points.
const RESOLUTION: &str = "|
**HỘI ĐỒNG NHÂN
DÂN**
**TỈNH GIA LAI**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**
---------------
|
|
Số: 24/2024/NQ-HĐND
|
*Gia Lai, ngày 10 tháng 7 năm 2024*
|

**NGHỊ QUYẾT**

**QUY ĐỊNH MỨC HỖ TRỢ THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG TRÊN ĐỊA BÀN TỈNH GIA LAI GIAI ĐOẠN 2024 - 2025**

**HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI
KHÓA XII, KỲ HỌP THỨ MƯỜI BỐN**

*Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;*

*Căn cứ Nghị quyết số 24/2021/QH15 ngày 28 tháng 7 năm 2021 của Quốc hội phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025;*

*Xét Tờ trình số 1520/TTr-UBND ngày 20 tháng 6 năm 2024 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra của Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp.*

**QUYẾT NGHỊ:**

**Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng**

1. Phạm vi điều chỉnh: Nghị quyết này quy định mức hỗ trợ thực hiện các dự án thuộc Chương trình trên địa bàn tỉnh.

2. Đối tượng áp dụng: Hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo trên địa bàn tỉnh.

**Điều 2. Mức hỗ trợ**

1. Hỗ trợ phát triển sản xuất:

a) Tối đa 50 triệu đồng/hộ đối với hộ nghèo;

b) Tối đa 40 triệu đồng/hộ đối với hộ cận nghèo.

2. Hỗ trợ nhà ở: 40 triệu đồng/hộ xây mới.

**Điều 3. Tổ chức thực hiện**

1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.

2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban và các đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.

**Điều 4. Hiệu lực thi hành**

Nghị quyết này đã được Hội đồng nhân dân tỉnh Gia Lai Khóa XII, Kỳ họp thứ Mười bốn thông qua ngày 10 tháng 7 năm 2024 và có hiệu lực từ ngày 20 tháng 7 năm 2024./.

|
**Nơi nhận:**
- Ủy ban Thường vụ Quốc hội;
- Chính phủ;
- Lưu: VT.
|
**CHỦ TỊCH**

**Hồ Văn Niên**
|
";

#[test]
fn a_resolution_in_articles_with_its_council_header() {
    let plan = process_text("nghi-quyet.md", RESOLUTION);
    assert_eq!(
        top(&plan),
        [
            "Điều 1 Phạm vi điều chỉnh và đối tượng áp dụng [other]",
            "Điều 2 Mức hỗ trợ [other]",
            "Điều 3 Tổ chức thực hiện [organization]",
            "Điều 4 Hiệu lực thi hành [other]",
        ]
    );
    let article_2 = &plan["sections"][1];
    assert_eq!(numbers(&article_2["children"]), ["1", "2"]);
    assert_eq!(numbers(&article_2["children"][0]["children"]), ["a", "b"]);
    for (field, value) in [
        ("doc_type", "Nghị quyết"),
        ("number", "24/2024/NQ-HĐND"),
        ("date", "2024-07-10"),
        ("level", "province"),
        ("locality", "Gia Lai"),
        ("locality_kind", "tỉnh"),
        ("issuer", "Hội đồng nhân dân tỉnh Gia Lai"),
        ("signer", "Hồ Văn Niên"),
        ("signer_title", "Chủ tịch"),
    ] {
        assert_eq!(meta(&plan, field), value, "{field}");
    }
    assert_eq!(meta(&plan, "year"), 2025, "the last year of its period");
    let title = meta(&plan, "title").as_str().unwrap();
    assert!(title.ends_with("GIAI ĐOẠN 2024 - 2025"), "{title}");
}

/// A Nghị định of the Government in chapters and articles; its first article
/// rewrites an article of another decree, quoting it whole.
const DECREE: &str = "CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 38/2023/NĐ-CP
Hà Nội, ngày 24 tháng 6 năm 2023

NGHỊ ĐỊNH
SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 27/2022/NĐ-CP NGÀY 19 THÁNG 4 NĂM 2022 CỦA CHÍNH PHỦ QUY ĐỊNH CƠ CHẾ QUẢN LÝ, TỔ CHỨC THỰC HIỆN CÁC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Theo đề nghị của Bộ trưởng Bộ Kế hoạch và Đầu tư;
Chính phủ ban hành Nghị định sửa đổi, bổ sung một số điều của Nghị định số 27/2022/NĐ-CP.

Chương I
QUY ĐỊNH CHUNG

Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 27/2022/NĐ-CP
1. Sửa đổi, bổ sung Điều 6 như sau:
“Điều 6. Lập kế hoạch thực hiện chương trình mục tiêu quốc gia giai đoạn 05 năm
1. Kế hoạch thực hiện chương trình giai đoạn 05 năm được lập cùng kỳ kế hoạch đầu tư công trung hạn.
2. Trình tự lập kế hoạch:
a) Cơ quan chủ quản chương trình lập kế hoạch;
b) Bộ Kế hoạch và Đầu tư tổng hợp.”
2. Bổ sung khoản 4 vào Điều 7 như sau:
“4. Ủy ban nhân dân cấp tỉnh giao kế hoạch vốn cho cấp huyện.”

Chương II
ĐIỀU KHOẢN THI HÀNH

Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành từ ngày ký ban hành.
Điều 3. Trách nhiệm thi hành
Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh chịu trách nhiệm thi hành Nghị định này./.

Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Lưu: VT, KTTH.
TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Trần Hồng Hà
";

#[test]
fn a_decree_in_chapters_with_an_amendment_quoting_an_article() {
    let plan = process_text("nghi-dinh.txt", DECREE);
    assert_eq!(
        top(&plan),
        [
            "Chương I QUY ĐỊNH CHUNG [other]",
            "Chương II ĐIỀU KHOẢN THI HÀNH [other]",
        ]
    );
    let chapter_1 = &plan["sections"][0];
    assert_eq!(
        numbers(&chapter_1["children"]),
        ["Điều 1"],
        "Điều 6 is quoted"
    );
    let article_1 = &chapter_1["children"][0];
    assert_eq!(numbers(&article_1["children"]), ["1", "2"]);
    let amendment = &article_1["children"][0];
    assert!(amendment["children"].as_array().unwrap().is_empty());
    let quoted = amendment["text"].as_str().unwrap();
    assert!(
        quoted.starts_with("“Điều 6. Lập kế hoạch") && quoted.ends_with("tổng hợp.”"),
        "{quoted}"
    );
    assert_eq!(
        numbers(&plan["sections"][1]["children"]),
        ["Điều 2", "Điều 3"]
    );
    for (field, value) in [
        ("doc_type", "Nghị định"),
        ("number", "38/2023/NĐ-CP"),
        ("date", "2023-06-24"),
        ("level", "central"),
        ("issuer", "Chính phủ"),
        ("signer", "Trần Hồng Hà"),
        ("signer_title", "Phó Thủ tướng"),
    ] {
        assert_eq!(meta(&plan, field), value, "{field}");
    }
    assert_eq!(meta(&plan, "locality"), &Value::Null);
    assert_eq!(meta(&plan, "year"), 2023, "a cited date gives no year");
}

/// A Quyết định of a district that issues its plan: its articles, its
/// signature, then the plan with its own title, note and Roman sections.
const DECISION_WITH_PLAN: &str = "ỦY BAN NHÂN DÂN
HUYỆN KBANG
Số: 123/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Kbang, ngày 05 tháng 3 năm 2024

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Kbang năm 2024
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN KBANG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Quyết định số 90/QĐ-TTg ngày 18 tháng 01 năm 2022 của Thủ tướng Chính phủ;
Theo đề nghị của Trưởng phòng Lao động - Thương binh và Xã hội huyện.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Kbang năm 2024.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Lao động - Thương binh và Xã hội huyện và Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- UBND tỉnh;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An

ỦY BAN NHÂN DÂN
HUYỆN KBANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

KẾ HOẠCH
Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Kbang năm 2024
(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 05/3/2024 của Chủ tịch Ủy ban nhân dân huyện Kbang)
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Triển khai có hiệu quả Chương trình trên địa bàn huyện.
2. Yêu cầu
Bám sát mục tiêu, nhiệm vụ được giao.
II. MỤC TIÊU
Phấn đấu giảm tỷ lệ hộ nghèo 2% trong năm 2024.
III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Phòng Lao động - Thương binh và Xã hội chủ trì triển khai Dự án 4.
IV. TỔ CHỨC THỰC HIỆN
Các cơ quan, đơn vị căn cứ Kế hoạch tổ chức thực hiện./.
";

#[test]
fn a_decision_issuing_a_plan_lists_its_articles_then_the_plan() {
    let plan = process_text("quyet-dinh.txt", DECISION_WITH_PLAN);
    assert_eq!(
        top(&plan),
        [
            "Điều 1 Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Kbang năm 2024 [other]",
            "Điều 2 Quyết định này có hiệu lực kể từ ngày ký [other]",
            "Điều 3 Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Lao động - Thương binh và Xã hội huyện và Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này [other]",
            "I MỤC ĐÍCH, YÊU CẦU [purpose]",
            "II MỤC TIÊU [objectives]",
            "III NHIỆM VỤ VÀ GIẢI PHÁP [tasks]",
            "IV TỔ CHỨC THỰC HIỆN [organization]",
        ]
    );
    let attached = &plan["attachments"][0];
    assert_eq!(attached["doc_type"], "Kế hoạch");
    assert_eq!(
        attached["title"],
        "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Kbang năm 2024"
    );
    assert!(attached["note"]
        .as_str()
        .unwrap()
        .starts_with("(Ban hành kèm theo Quyết định số 123/QĐ-UBND"));
    assert_eq!(
        attached["sections"],
        serde_json::json!(["s4", "s5", "s6", "s7"])
    );
    assert_eq!(
        plan["closing"]["recipients"],
        serde_json::json!(["Như Điều 3", "UBND tỉnh", "Lưu: VT"])
    );
    for (field, value) in [
        ("doc_type", "Quyết định"),
        ("number", "123/QĐ-UBND"),
        ("date", "2024-03-05"),
        ("level", "district"),
        ("locality", "Kbang"),
        ("issuer", "Ủy ban nhân dân huyện Kbang"),
        ("signer", "Nguyễn Văn An"),
        ("signer_title", "Phó Chủ tịch"),
    ] {
        assert_eq!(meta(&plan, field), value, "{field}");
    }
    assert_eq!(meta(&plan, "year"), 2024);
    let title = meta(&plan, "title").as_str().unwrap();
    assert!(title.starts_with("Về việc ban hành Kế hoạch"), "{title}");
    // The plan's body is read like any plan's: its target is found in its section II.
    let target = plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["value"] == 2.0)
        .expect("the plan's target");
    assert_eq!(target["location"]["section"], "s5");
}

/// A Công văn of a ministry: no kind heading, its subject after "V/v" under
/// the number, addressees, numbered paragraphs.
const LETTER: &str = "BỘ CÔNG AN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 4214/BCA-C04
V/v triển khai thực hiện Chương trình
mục tiêu quốc gia phòng, chống ma túy đến năm 2030

Hà Nội, ngày 16 tháng 9 năm 2025

Kính gửi:
- Các bộ, cơ quan trung ương;
- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
Thực hiện Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội, Bộ Công an đề nghị các bộ, cơ quan trung ương và Ủy ban nhân dân các tỉnh, thành phố thực hiện một số nội dung sau:
1. Tiếp tục thực hiện nghiêm túc Nghị quyết số 50/NQ-CP ngày 13/3/2025 của Chính phủ.
2. Chủ dự án thành phần:
a) Lập kế hoạch giai đoạn 2026-2030;
b) Xây dựng chỉ số, biểu mẫu giám sát.
3. Tăng cường công tác kiểm tra, giám sát, đôn đốc thực hiện Chương trình.
Bộ Công an trân trọng cảm ơn sự phối hợp của các bộ, cơ quan trung ương và địa phương./.
Nơi nhận:
- Như trên;
- Lưu: VT, C04.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn Long
";

#[test]
fn a_letter_with_its_subject_and_numbered_paragraphs() {
    let plan = process_text("cong-van.txt", LETTER);
    assert_eq!(numbers(&plan["sections"]), ["1", "2", "3"]);
    assert_eq!(numbers(&plan["sections"][1]["children"]), ["a", "b"]);
    for (field, value) in [
        ("doc_type", "Công văn"),
        (
            "title",
            "triển khai thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030",
        ),
        ("number", "4214/BCA-C04"),
        ("date", "2025-09-16"),
        ("level", "central"),
        ("issuer", "Bộ Công an"),
        ("signer", "Nguyễn Văn Long"),
        ("signer_title", "Thứ trưởng"),
    ] {
        assert_eq!(meta(&plan, field), value, "{field}");
    }
    assert_eq!(meta(&plan, "year"), 2030, "the horizon of its subject");
    assert_eq!(meta(&plan, "locality"), &Value::Null);
    let preamble = plan["preamble"]["text"].as_str().unwrap();
    assert!(preamble.starts_with("Kính gửi:"), "{preamble}");
}

/// A letter whose layout ran its date into its subject line, and whose
/// number is on the line after "Số:".
#[test]
fn header_cells_run_together_or_apart() {
    let text = "ỦY BAN NHÂN DÂN
XÃ TÀ NĂNG
Số:
15/UBND-VP
V/v báo cáo kết quả thực hiện giảm nghèo năm 2025 Tà Năng, ngày 02 tháng 12 năm 2025
Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng.
Ủy ban nhân dân xã Tà Năng báo cáo kết quả thực hiện như sau:
1. Kết quả thực hiện các chỉ tiêu.
2. Kiến nghị, đề xuất.
Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
Ka Bình
";
    let plan = process_text("cong-van-xa.txt", text);
    for (field, value) in [
        ("doc_type", "Công văn"),
        ("title", "báo cáo kết quả thực hiện giảm nghèo năm 2025"),
        ("number", "15/UBND-VP"),
        ("date", "2025-12-02"),
        ("level", "commune"),
        ("locality", "Tà Năng"),
        ("locality_kind", "xã"),
        ("issuer", "Ủy ban nhân dân xã Tà Năng"),
        ("signer_title", "Chủ tịch"),
    ] {
        assert_eq!(meta(&plan, field), value, "{field}");
    }
}

/// A draft ready to sign: number and day left blank for the office to fill.
#[test]
fn a_draft_has_no_number_and_no_date() {
    let text = "ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số:      /KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
Lâm Đồng, ngày     tháng 3 năm 2026
KẾ HOẠCH
Tăng cường công tác phòng, chống ma túy

Ủy ban nhân dân tỉnh ban hành kế hoạch, cụ thể như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Bảo đảm đạt ít nhất 40% địa bàn cấp xã không ma túy.
II. TỔ CHỨC THỰC HIỆN
Công an tỉnh là cơ quan thường trực./.
Nơi nhận:
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Minh
";
    let plan = process_text("du-thao.txt", text);
    assert_eq!(meta(&plan, "number"), &Value::Null);
    assert_eq!(meta(&plan, "date"), &Value::Null);
    assert_eq!(meta(&plan, "year"), 2026, "the year its date line gives");
    assert_eq!(meta(&plan, "issuer"), "Ủy ban nhân dân tỉnh Lâm Đồng");
    assert_eq!(meta(&plan, "locality"), "Lâm Đồng");
    assert_eq!(meta(&plan, "signer_title"), "Phó Chủ tịch");
}

/// A report and a notice are read like plans; a document with a header but
/// no numbered sections is still a document.
#[test]
fn reports_and_notices_are_documents() {
    let report = "ỦY BAN NHÂN DÂN
THÀNH PHỐ HUẾ
Số: 310/BC-UBND
Huế, ngày 10 tháng 12 năm 2025
BÁO CÁO
Kết quả thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2025
I. KẾT QUẢ THỰC HIỆN
Tỷ lệ hộ nghèo giảm còn 1,2%.
II. NHIỆM VỤ NĂM 2026
Tiếp tục triển khai Chương trình./.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Phương
";
    let plan = process_text("bao-cao.txt", report);
    assert_eq!(meta(&plan, "doc_type"), "Báo cáo");
    assert_eq!(meta(&plan, "locality"), "Huế");
    assert_eq!(
        meta(&plan, "level"),
        "province",
        "Huế is centrally run since 2025"
    );
    assert_eq!(meta(&plan, "issuer"), "Ủy ban nhân dân thành phố Huế");
    assert_eq!(
        top(&plan),
        [
            "I KẾT QUẢ THỰC HIỆN [situation]",
            "II NHIỆM VỤ NĂM 2026 [tasks]"
        ]
    );

    let notice = "ỦY BAN NHÂN DÂN
HUYỆN KON RẪY
Số: 45/TB-UBND
Kon Rẫy, ngày 03 tháng 4 năm 2023
THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân huyện tại cuộc họp về công tác giảm nghèo
Ngày 31 tháng 3 năm 2023, Chủ tịch Ủy ban nhân dân huyện chủ trì cuộc họp về công tác giảm nghèo. Ủy ban nhân dân huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
";
    let plan = process_text("thong-bao.txt", notice);
    assert_eq!(meta(&plan, "doc_type"), "Thông báo");
    assert_eq!(meta(&plan, "number"), "45/TB-UBND");
    assert!(plan["sections"].as_array().unwrap().is_empty());
}

#[test]
fn what_is_not_a_document_is_refused_with_the_reason() {
    let err = vnplan::process(
        "ghi-chu.txt",
        "Mua gạo, mắm, muối.\nGọi điện cho mẹ.\n".as_bytes(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("not a document:"), "{err}");
    assert!(err.contains("no kind line"), "{err}");
}

/// Issue 12: "İ" lowercases to two characters, and positions taken in a
/// lowercased copy of the text panicked when used in the text.
#[test]
fn characters_whose_case_changes_their_length() {
    let plan = process_text("x.txt", "KẾ HOẠCH\nİ xãĐ\n1. Mục tiêu\n2. Nhiệm vụ\n");
    assert_eq!(meta(&plan, "doc_type"), "Kế hoạch");
    assert_eq!(meta(&plan, "locality"), &Value::Null);
}
