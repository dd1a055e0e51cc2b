//! Word packages built in memory, one feature at a time.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use super::*;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

/// A package with `body` as the document's body and optional other parts.
fn package(body: &str, parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    );
    add(
        "_rels/.rels",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    let rels: String = parts
        .iter()
        .enumerate()
        .map(|(i, (kind, _))| {
            format!(r#"<Relationship Id="p{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{kind}.xml"/>"#)
        })
        .collect();
    add(
        "word/_rels/document.xml.rels",
        &format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    );
    add(
        "word/document.xml",
        &format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#),
    );
    for (kind, text) in parts {
        add(&format!("word/{kind}.xml"), text);
    }
    zip.finish().unwrap().into_inner()
}

fn read_body(body: &str, parts: &[(&str, String)]) -> String {
    read(&package(body, parts), Limits::default()).unwrap()
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn numbered(num_id: u32, level: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

/// Non-empty markdown lines.
fn lines(markdown: &str) -> Vec<&str> {
    markdown.lines().filter(|l| !l.trim().is_empty()).collect()
}

const NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:pStyle w:val="Heading1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
  <w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;

fn numbering_part() -> (&'static str, String) {
    (
        "numbering",
        format!(r#"<w:numbering {W}>{NUMBERING}</w:numbering>"#),
    )
}

fn styles_part() -> (&'static str, String) {
    (
        "styles",
        format!(
            r#"<w:styles {W}>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
          <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:rPr><w:b/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Strong"><w:name w:val="Đậm"/><w:rPr><w:b/></w:rPr></w:style>
        <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>
          <w:tblPr><w:tblBorders><w:top w:val="single"/><w:insideH w:val="single"/></w:tblBorders></w:tblPr></w:style>
        </w:styles>"#
        ),
    )
}

#[test]
fn automatic_numbering_is_rebuilt_in_the_text() {
    let heading = |text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        heading("MỤC ĐÍCH, YÊU CẦU"),
        numbered(1, 1, "Mục đích"),
        numbered(1, 2, "Quán triệt"),
        numbered(1, 3, "Nội dung"),
        numbered(1, 3, "Phân công"),
        numbered(1, 4, "Tuyên truyền"),
        heading("NHIỆM VỤ"),
        numbered(1, 1, "Giảm nghèo"),
        numbered(1, 2, "Hỗ trợ"),
    ]
    .concat();
    let md = read_body(&body, &[numbering_part(), styles_part()]);
    assert_eq!(
        lines(&md),
        [
            "# I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "1.1. Quán triệt",
            "a) Nội dung",
            "b) Phân công",
            "- Tuyên truyền",
            "# II. NHIỆM VỤ",
            "1. Giảm nghèo",
            "1.1. Hỗ trợ",
        ]
    );
}

#[test]
fn bold_comes_from_runs_and_styles() {
    let body = [
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>KẾ HOẠCH</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pStyle w:val="Strong"/></w:pPr><w:r><w:t>Nơi nhận:</w:t></w:r></w:p>"#
            .to_string(),
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">1. Mục đích: </w:t></w:r><w:r><w:t>phấn đấu</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pStyle w:val="Strong"/></w:pPr><w:r><w:rPr><w:b w:val="0"/><w:caps/></w:rPr><w:t>chủ tịch</w:t></w:r></w:p>"#.to_string(),
    ]
    .concat();
    let md = read_body(&body, &[styles_part()]);
    assert_eq!(
        lines(&md),
        [
            "**KẾ HOẠCH**",
            "**Nơi nhận:**",
            "1. Mục đích: phấn đấu",
            "CHỦ TỊCH"
        ]
    );
}

fn cell(props: &str, text: &str) -> String {
    format!(r#"<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>"#, p(text))
}

#[test]
fn data_tables_become_pipe_rows_with_merged_cells() {
    let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
    let table = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{}{}{}{}</w:tbl>"#,
        row(&[
            cell(r#"<w:vMerge w:val="restart"/>"#, "STT"),
            cell(r#"<w:vMerge w:val="restart"/>"#, "Thôn"),
            cell(r#"<w:gridSpan w:val="2"/>"#, "Hộ nghèo"),
        ]),
        row(&[
            cell("<w:vMerge/>", ""),
            cell("<w:vMerge/>", ""),
            cell("", "Số hộ"),
            cell("", "Tỷ lệ (%)"),
        ]),
        row(&[
            cell("", "1"),
            format!(r#"<w:tc>{}{}</w:tc>"#, p("Thôn 1"), p("(Làng A|B)")),
            cell("", "12"),
            cell("", "2,5"),
        ]),
        row(&[cell("", ""), cell("", ""), cell("", ""), cell("", "")]),
    )
    .replace(
        "</w:tbl>",
        &format!(
            r#"<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>{}{}</w:tr></w:tbl>"#,
            cell("", "12"),
            cell("", "2,5")
        ),
    );
    let md = read_body(&format!("{}{table}", p("Biểu 1")), &[styles_part()]);
    assert_eq!(
        lines(&md),
        [
            "Biểu 1",
            "| STT | Thôn | Hộ nghèo |  |",
            "| --- | --- | --- | --- |",
            "|  |  | Số hộ | Tỷ lệ (%) |",
            r"| 1 | Thôn 1 (Làng A\|B) | 12 | 2,5 |",
            "|  |  | 12 | 2,5 |",
        ]
    );
}

#[test]
fn layout_tables_are_read_cell_by_cell() {
    let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
    let two = |a: &str, b: &str| format!("<w:tc>{}{}</w:tc>", p(a), p(b));
    let header = format!(
        "<w:tbl>{}{}</w:tbl>",
        row(&[
            two("ỦY BAN NHÂN DÂN", "XÃ TRÀ LÂM"),
            two(
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc"
            ),
        ]),
        row(&[
            cell("", "Số: 29/KH-UBND"),
            cell("", "Trà Lâm, ngày 26 tháng 02 năm 2024"),
        ]),
    );
    // Borders drawn, but the closing's lines say what the table is for.
    let signature = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{}</w:tbl>"#,
        row(&[
            two("Nơi nhận:", "- Lưu: VT."),
            two("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
        ])
    );
    let md = read_body(
        &format!("{header}{}{signature}", p("KẾ HOẠCH")),
        &[styles_part()],
    );
    assert!(!md.contains('|'), "{md}");
    assert_eq!(
        lines(&md),
        [
            "ỦY BAN NHÂN DÂN",
            "XÃ TRÀ LÂM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 29/KH-UBND",
            "Trà Lâm, ngày 26 tháng 02 năm 2024",
            "KẾ HOẠCH",
            "Nơi nhận:",
            "- Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
        ]
    );
    assert!(
        md.contains("ỦY BAN NHÂN DÂN\nXÃ TRÀ LÂM\n\n"),
        "a cell's paragraphs are lines of one block: {md:?}"
    );
}

#[test]
fn centred_runs_are_lines_of_one_block() {
    let centred = |text: &str| {
        format!(
            r#"<w:p><w:pPr><w:jc w:val="center"/><w:outlineLvl w:val="5"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        centred("KẾ HOẠCH"),
        centred("Tăng cường công tác phòng, chống ma túy"),
        centred("và xây dựng xã không ma túy năm 2026"),
        p("Thực hiện Nghị quyết số 50/NQ-CP."),
        centred("I. MỤC ĐÍCH"),
        p("Nội dung."),
    ]
    .concat();
    assert_eq!(
        read_body(&body, &[]),
        "KẾ HOẠCH\nTăng cường công tác phòng, chống ma túy\nvà xây dựng xã không ma túy năm 2026\n\n\n\
         Thực hiện Nghị quyết số 50/NQ-CP.\n\n\n###### I. MỤC ĐÍCH\n\n\nNội dung.\n",
        "a lone centred paragraph keeps its heading level"
    );
}

#[test]
fn footnotes_become_markdown_footnotes() {
    let notes = (
        "footnotes",
        format!(
            r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>
            <w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Thuộc Dự án 2</w:t></w:r></w:p><w:p><w:r><w:t>Chương trình MTQG.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        ),
    );
    let body = r#"<w:p><w:r><w:t>giảm nghèo</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="2"/></w:r><w:r><w:t xml:space="preserve"> bền vững</w:t></w:r></w:p>"#;
    let md = read_body(body, &[notes]);
    assert_eq!(
        lines(&md),
        [
            "giảm nghèo[^1] bền vững",
            "[^1]: Thuộc Dự án 2 Chương trình MTQG."
        ]
    );
}

#[test]
fn text_boxes_are_read_once_after_their_paragraph() {
    let text_box = |text: &str| format!("<w:txbxContent>{}</w:txbxContent>", p(text));
    let body = format!(
        r#"<w:p><w:r><w:t>Số: 12/KH-UBND</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>{}"#,
        text_box("DỰ THẢO"),
        text_box("DỰ THẢO"),
        p("KẾ HOẠCH")
    );
    assert_eq!(
        lines(&read_body(&body, &[])),
        ["Số: 12/KH-UBND", "DỰ THẢO", "KẾ HOẠCH"]
    );
}

#[test]
fn revisions_fields_and_special_characters() {
    let body = [
        r#"<w:p><w:r><w:t xml:space="preserve">năm </w:t></w:r><w:del><w:r><w:delText>2023</w:delText></w:r></w:del><w:ins><w:r><w:t>2024</w:t></w:r></w:ins></w:p>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">Trang </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        r#"<w:p><w:fldSimple w:instr="DATE"><w:r><w:t>26/02/2024</w:t></w:r></w:fldSimple><w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t xml:space="preserve"> tại đây</w:t></w:r></w:hyperlink></w:p>"#,
        r#"<w:p><w:r><w:t>tỷ lệ</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F0B3"/><w:t xml:space="preserve"> 5%</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>Số:</w:t><w:tab/><w:t>29</w:t><w:br/><w:t>*ghi chú_1*</w:t></w:r></w:p>"#,
    ]
    .concat();
    assert_eq!(
        lines(&read_body(&body, &[])),
        [
            "năm 2024",
            "Trang 3",
            "26/02/2024 tại đây",
            "tỷ lệ≥ 5%",
            "Số:\t29",
            r"\*ghi chú\_1\*",
        ]
    );
}

#[test]
fn runs_in_legacy_fonts_are_converted() {
    use crate::read::legacy::{from_unicode, Legacy};
    let run = |font: &str, text: &str| {
        format!(
            r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        run(".VnTimeH", &from_unicode("ủy ban nhân dân", Legacy::Tcvn3)),
        run(
            ".VnTime",
            &from_unicode("Kế hoạch giảm nghèo", Legacy::Tcvn3),
        ),
        run("VNI-Times", &from_unicode("Bảo Thắng", Legacy::Vni)),
        run("Times New Roman", "Kế hoạch"),
    ]
    .concat();
    assert_eq!(
        lines(&read_body(&body, &[])),
        [
            "ỦY BAN NHÂN DÂN",
            "Kế hoạch giảm nghèo",
            "Bảo Thắng",
            "Kế hoạch"
        ]
    );
}

#[test]
fn oversized_parts_are_refused_with_a_reason() {
    let body = p(&"giảm nghèo ".repeat(2000));
    let bytes = package(&body, &[]);
    let tight = Limits {
        entry_bytes: 4096,
        ..Limits::default()
    };
    let err = read(&bytes, tight).unwrap_err().to_string();
    assert!(err.contains("more than the limit"), "{err}");
    assert!(read(&bytes, Limits::default()).is_ok());
}

#[test]
fn the_document_part_is_found_through_the_package_relationship() {
    let with_override = package(&p("KẾ HOẠCH"), &[]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(with_override)).unwrap();
    let mut out = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        if name == "[Content_Types].xml" {
            text = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.into();
        }
        out.start_file(name, stored).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    assert_eq!(
        lines(&read(&bytes, Limits::default()).unwrap()),
        ["KẾ HOẠCH"]
    );
}

#[test]
fn packages_without_a_word_document_say_so() {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("xl/workbook.xml", stored).unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    let sheet = zip.finish().unwrap().into_inner();
    let err = read(&sheet, Limits::default()).unwrap_err().to_string();
    assert!(err.contains("no Word document part"), "{err}");
    let err = read(b"PK\x03\x04 truncated", Limits::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a readable zip archive"), "{err}");
}
