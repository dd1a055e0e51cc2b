//! A district plan and a commune plan that implements it, in the plans' own
//! words: the commune's cites the district's, and the district's sets a
//! target for the commune.

pub const DISTRICT: &str = "ỦY BAN NHÂN DÂN
HUYỆN TRÀ BỒNG
Số: 21/KH-UBND
Trà Bồng, ngày 29 tháng 02 năm 2024
KẾ HOẠCH
Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Trà Bồng năm 2024
Thực hiện Kế hoạch số 12/KH-UBND ngày 20/01/2024 của UBND tỉnh Quảng Ngãi về thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024;
I. MỤC TIÊU
1. Phấn đấu giảm tỷ lệ hộ nghèo toàn huyện còn 15%.
2. Tỷ lệ hộ nghèo ở xã Trà Lâm giảm 4%.
II. TỔ CHỨC THỰC HIỆN
Ủy ban nhân dân các xã xây dựng kế hoạch thực hiện./.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
";

pub const COMMUNE: &str = "ỦY BAN NHÂN DÂN
XÃ TRÀ LÂM
Số: 29/KH-UBND
Trà Lâm, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn xã Trà Lâm năm 2024
Thực hiện Kế hoạch số 21/KH-UBND ngày 29/02/2024 của UBND huyện Trà Bồng về thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn huyện Trà Bồng năm 2024;
I. MỤC TIÊU
Phấn đấu giảm tỷ lệ hộ nghèo 3,5%.
II. TỔ CHỨC THỰC HIỆN
Các thôn tổ chức thực hiện./.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
";

/// Both plans ingested into a fresh data directory: (inputs, data).
pub fn ingested() -> (tempfile::TempDir, tempfile::TempDir) {
    let inputs = tempfile::tempdir().unwrap();
    std::fs::write(inputs.path().join("huyen-tra-bong.txt"), DISTRICT).unwrap();
    std::fs::write(inputs.path().join("xa-tra-lam.txt"), COMMUNE).unwrap();
    let (data, output) = super::ingest(&[inputs.path()]);
    assert!(output.status.success(), "{output:?}");
    for plan in super::plans(data.path()) {
        super::validate(&plan, "a synthetic plan");
    }
    (inputs, data)
}
