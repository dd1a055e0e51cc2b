#!/usr/bin/env python3
"""Makes the web-page fixtures in fixtures/html from the text seeds, each as a
legal portal would serve it.

The document: a header layout table (the issuer on the left, the national
motto on the right, the number and date under them when the seed has them),
paragraphs rebuilt from the seed's wrapped lines (a line starting in lower
case continues its paragraph; other line breaks are kept as <br>), markdown
headings, bold and italics as their tags, footnotes as Word writes them
(linked [N] markers, bodies at the end), the annex table as an HTML table
with spanned header cells, and the signature block as a layout table.

Around it, the furniture of a portal page: styles, scripts, a menu, a
breadcrumb, share buttons, a hidden properties tab, a table of contents, a
list of related documents and a footer with links. Three site styles, in turn:

- "national": the national database's layout (its content container), UTF-8,
  letters written as named and numeric entities (&agrave; &#7871;) and &nbsp;;
- "library": a legal library's layout (its content container), encoded in
  Windows-1258 (combining tone marks) and declared by http-equiv;
- "province": a provincial portal laid out by nested tables with no known
  container, UTF-8 with a byte-order mark.

Needs only python3. The outputs are committed, so tests need none of this.
"""
import html
import html.entities
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
GOLD = ROOT / "fixtures" / "gold"
OUT = ROOT / "fixtures" / "html"

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
SIGNATURE = re.compile(r"^(?:\*\*)?(?:TM\.|KT\.|Q\.|TL\.|CHỦ TỊCH|PHÓ CHỦ TỊCH)")
NUMBER = re.compile(r"^Số\s*:")
PLACE_DATE = re.compile(r"^[^,]{2,40}, ngày \d")
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# The annex table of seed 000, whose header the PDF text broke into letters:
# (label, colspan, rowspan) for its two header rows.
ANNEX_HEADER = {
    "000_eba3d3845090eb91": [
        [("STT", 1, 2), ("Tổ dân phố", 1, 2), ("Tổng số hộ dân cư cuối năm 2023", 2, 1),
         ("Số hộ nghèo cuối năm 2023", 4, 1), ("Diễn biến hộ nghèo trong năm 2024", 6, 1),
         ("Dự kiến tổng số hộ dân cư năm 2024", 2, 1), ("Dự kiến hộ nghèo cuối năm 2024", 4, 1),
         ("Tỷ lệ hộ nghèo giảm năm 2024", 1, 2)],
        [("Tổng số", 1, 1), ("Tr.đó DTTS", 1, 1), ("Tổng số hộ", 1, 1), ("Tỷ lệ", 1, 1),
         ("Hộ DTTS", 1, 1), ("Tỷ lệ", 1, 1), ("Số hộ thoát nghèo", 1, 1), ("Số hộ tái nghèo", 1, 1),
         ("Số hộ nghèo phát sinh", 1, 1), ("Thoát nghèo DTTS", 1, 1), ("Tái nghèo DTTS", 1, 1),
         ("Phát sinh DTTS", 1, 1), ("Tổng số", 1, 1), ("Tr.đó DTTS", 1, 1), ("Tổng số hộ", 1, 1),
         ("Tỷ lệ", 1, 1), ("Hộ DTTS", 1, 1), ("Tỷ lệ", 1, 1)],
    ]
}


def footnotes(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Takes the footnotes out of PDF text, as the pipeline reads them there:
    a wide blank line, then bodies "N text" (continued after a blank line
    while the note has not ended its sentence). Each marker, the note's
    number glued to a word before its body, becomes "\x00N\x01"."""
    lines, kept, notes, sources = text.splitlines(), [], [], []
    i = 0
    while i < len(lines):
        if not (lines[i].strip() == "" and len(lines[i]) >= 20):
            kept.append(lines[i])
            i += 1
            continue
        i += 1
        blank = False
        while i < len(lines):
            line = lines[i]
            start = re.match(r"^\s*(\d{1,3})\s+(\S.*)$", line)
            last = notes[-1][0] if notes else 0
            if start and int(start.group(1)) > last:
                notes.append((int(start.group(1)), start.group(2).strip()))
                sources.append(len(kept))
            elif not line.strip():
                blank = True
            elif blank and notes and not notes[-1][1].endswith((".", ";", "!", "?")) and len(sources) and sources[-1] == len(kept):
                notes[-1] = (notes[-1][0], notes[-1][1] + " " + line.strip())
            else:
                break
            blank = blank if not line.strip() else False
            i += 1
    body = "\n".join(kept)
    at = 0
    for (n, _), before in zip(notes, sources):
        limit = len("\n".join(kept[:before]))
        m = re.compile(rf"[^\W\d_][)”\"]?({n})(?!\d)").search(body, at, limit)
        if m:
            body = body[: m.start(1)] + f"\x00{n}\x01" + body[m.end(1):]
            at = m.start(1)
    return body, notes


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def inline(text: str) -> str:
    """Markdown bold and italics of a seed line as tags, the rest escaped."""
    out = esc(text)
    out = re.sub(r"\x00(\d+)\x01", r'<a href="#_ftn\1" name="_ftnref\1"><sup>[\1]</sup></a>', out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"(?<![\w*])\*(\S[^*]*?)\*(?![\w*])", r"<i>\1</i>", out)
    return out.replace("**", "")


def blocks(text: str, markdown: bool) -> list[list[str]]:
    """The seed's paragraphs, each a list of its lines. PDF text puts a blank
    line after every wrapped line and two between paragraphs; markdown one."""
    gap = 1 if markdown else 2
    out, current, blank = [], [], 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            blank += 1
            continue
        if current and blank >= gap:
            out.append(current)
            current = []
        current.append(line)
        blank = 0
    if current:
        out.append(current)
    return out


def paragraph(lines: list[str]) -> str:
    """A block's lines as one <p>: a line starting in lower case (or after a
    hyphen glued to its word) continues the line before it."""
    parts = [inline(lines[0])]
    for line in lines[1:]:
        if parts[-1].endswith("-") and line[:1].isalnum():
            parts[-1] += inline(line)
        elif line[:1].islower():
            parts[-1] += " " + inline(line)
        else:
            parts.append(inline(line))
    return "<br>\n".join(parts)


def element(lines: list[str]) -> str:
    first = lines[0]
    heading = re.match(r"^(#{1,6})\s+(.*)$", first)
    if heading and len(lines) == 1:
        level = len(heading.group(1))
        return f"<h{level}>{inline(heading.group(2))}</h{level}>"
    if first.startswith("**") and lines[-1].endswith("**"):
        return f'<p style="text-align:justify"><strong>{paragraph([l.replace("**", "") for l in lines])}</strong></p>'
    return f'<p style="text-align:justify">{paragraph(lines)}</p>'


def header_table(issuer: str, top: list[str]) -> str:
    """The header block: issuer and number on the left, motto and date on the right."""
    words = issuer.upper().split()
    body, place = " ".join(words[:4]), " ".join(words[4:])
    left = [f"<b>{esc(body)}<br>{esc(place)}</b>", "<b>-------</b>"]
    right = [f"<b>{esc(MOTTO[0])}<br>{esc(MOTTO[1])}</b>", "<b>---------------</b>"]
    rows = f'<tr><td width="35%" valign="top"><p align="center">{"<br>".join(left)}</p></td>'
    rows += f'<td width="65%" valign="top"><p align="center">{"<br>".join(right)}</p></td></tr>'
    number = next((l for l in top if NUMBER.match(l)), None)
    date = next((l for l in top if PLACE_DATE.match(l)), None)
    if number or date:
        rows += f'<tr><td><p align="center">{esc(number or "")}</p></td>'
        rows += f'<td><p align="right"><i>{esc(date or "")}</i></p></td></tr>'
    return f'<table border="0" cellspacing="0" cellpadding="0" width="100%">{rows}</table>'


def signature_table(lines: list[str]) -> str:
    """The closing: recipients on the left, the signature block on the right."""
    at = next(i for i, l in enumerate(lines) if SIGNATURE.match(l))
    recipients, signature = lines[:at], [l.replace("**", "") for l in lines[at:]]
    left = "<br>\n".join(inline(l.replace("**", "")) if i else f"<b><i>{esc(l.replace('*', '').replace('#', '').strip())}</i></b>"
                         for i, l in enumerate(recipients))
    titles, name = signature[:-1], signature[-1]
    right = f"<b>{'<br>'.join(esc(t) for t in titles)}</b><br><br><br><br><b>{esc(name)}</b>"
    return (f'<table border="0" width="100%"><tr><td width="45%" valign="top"><p>{left}</p></td>'
            f'<td width="55%" valign="top"><p align="center">{right}</p></td></tr></table>')


def annex_table(seed: str, gold: dict) -> str:
    table = gold["tables"][0]
    out = [f'<p align="center"><b>{esc(table["title"])}</b></p>',
           '<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">']
    for row in ANNEX_HEADER[seed]:
        cells = "".join(
            f'<td align="center"{f" colspan={c}" if c > 1 else ""}{f" rowspan={r}" if r > 1 else ""}><b>{esc(label)}</b></td>'
            for label, c, r in row)
        out.append(f"<tr>{cells}</tr>")
    for row in table["rows"]:
        out.append("<tr>" + "".join(f'<td align="right">{esc(c)}</td>' for c in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def document(seed: str) -> tuple[str, list[str]]:
    """The document's HTML and its section headings (for the table of contents)."""
    text, notes = footnotes((SEEDS / f"{seed}.txt").read_text(encoding="utf-8"))
    gold = json.loads((GOLD / f"{seed}.gold.json").read_text(encoding="utf-8"))
    markdown = "\n#" in text or text.lstrip().startswith("#")
    paras = blocks(text, markdown)
    top = []
    while paras and (NUMBER.match(paras[0][0]) or PLACE_DATE.match(paras[0][0])):
        top.extend(paras.pop(0))
    out = [header_table(gold["metadata"]["issuer"], top), "<p>&nbsp;</p>"]
    # The closing starts at "Nơi nhận", which PDF text may glue to the paragraph before it.
    i, j = next((i, j) for i, p in enumerate(paras) for j, l in enumerate(p) if re.match(r"^[#* ]*Nơi nhận", l))
    body = paras[:i] + ([paras[i][:j]] if j else [])
    out.extend(element(p) for p in body)
    tail = paras[i][j:] + [l for p in paras[i + 1:] for l in p]
    if gold["tables"]:
        title = gold["tables"][0]["title"][:12]
        tail = tail[: next(i for i, l in enumerate(tail) if l.startswith(title))]
    out.extend(["<p>&nbsp;</p>", signature_table(tail)])
    if gold["tables"]:
        out.append(annex_table(seed, gold))
    if notes:
        out.append('<div style="mso-element:footnote-list"><hr align="left" size="1" width="33%">')
        out.extend(f'<div id="ftn{n}"><p><a href="#_ftnref{n}">[{n}]</a> {esc(t)}</p></div>' for n, t in notes)
        out.append("</div>")
    headings = [s["number"] + ". " + s["heading"] for s in gold["sections"]]
    return "\n".join(out), headings


RELATED = [
    "Quyết định 90/QĐ-TTg năm 2022 phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững",
    "Nghị định 27/2022/NĐ-CP quy định cơ chế quản lý, tổ chức thực hiện các chương trình mục tiêu quốc gia",
    "Thông tư 09/2022/TT-BLĐTBXH hướng dẫn nội dung thực hiện đa dạng hóa sinh kế",
    "Kế hoạch 1234/KH-UBND năm 2023 thực hiện Chương trình trên địa bàn tỉnh",
]
SCRIPT = """<script type="text/javascript">
  window.dataLayer = window.dataLayer || [];
  var toc = ["Điều 1. Phạm vi", "Căn cứ Luật"]; function share(u) { window.open(u); }
</script>"""
STYLE = "<style>body{font-family:'Times New Roman'} .menu li{display:inline} td{vertical-align:top}</style>"


def furniture(title: str, headings: list[str]) -> dict:
    menu = "".join(f'<li><a href="/{i}">{esc(t)}</a></li>' for i, t in enumerate(
        ["Trang chủ", "Giới thiệu", "Văn bản pháp luật", "Tin tức", "Liên hệ"]))
    related = "".join(f'<li><a href="/van-ban/{i}">{esc(t)}</a></li>' for i, t in enumerate(RELATED))
    toc = "".join(f'<div class="toc-item">{esc(h)}</div>' for h in headings)
    return {
        "menu": f'<ul class="menu">{menu}</ul>',
        "breadcrumb": f'<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/van-ban">Văn bản</a> &gt; {esc(title)}</div>',
        "share": '<div class="share-box">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a> <a href="#">In</a></div>',
        "hidden": f'<div class="tab-pane" style="display: none"><table><tr><td>Số ký hiệu</td><td>90/QĐ-TTg</td></tr><tr><td>Ngày ban hành</td><td>18/01/2022</td></tr></table></div>',
        "toc": f'<div class="tree-popover"><div class="toc-title">Mục lục</div>{toc}</div>',
        "related": f'<div class="box"><h3>Văn bản liên quan</h3><ul>{related}</ul></div>',
        "footer": '<footer><p>Cơ quan chủ quản: Sở Tư pháp. Địa chỉ: Số 60 đường Trần Phú. Điện thoại: 0269.3824.111</p>'
                  '<p><a href="/gioi-thieu">Giới thiệu</a> | <a href="/lien-he">Liên hệ</a> | <a href="/so-do">Sơ đồ trang</a></p></footer>',
    }


def national(doc: str, title: str, f: dict) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(title)}</title>{STYLE}{SCRIPT}</head>
<body><div class="site-header"><img src="/logo.png" alt="Cơ sở dữ liệu quốc gia về văn bản pháp luật"><nav>{f["menu"]}</nav></div>
<nav class="ant-breadcrumb">{f["breadcrumb"]}</nav>
<main><div class="document-detail"><h1 class="lawDocumentHeader_title">{esc(title)}</h1>
<div class="lawDocumentHeader_status">Còn hiệu lực</div>
<div class="ant-tabs"><div class="ant-tabs-nav"><div>Nội dung</div><div>Thuộc tính</div><div>Lược đồ</div><div>Tải về</div></div>
<div class="ant-tabs-tabpane-active"><div class="preview-content" data-vbpl-content-root="true">
{doc}
</div></div>{f["hidden"]}</div>{f["share"]}</div></main>
{f["related"]}{f["toc"]}{f["footer"]}
</body></html>
"""


def library(doc: str, title: str, f: dict) -> str:
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML><HEAD><META http-equiv="Content-Type" content="text/html; charset=windows-1258">
<TITLE>{esc(title)}</TITLE>{STYLE}{SCRIPT}</HEAD>
<BODY><div id="header"><div class="logo">THƯ VIỆN PHÁP LUẬT</div><div id="mainmenu">{f["menu"]}</div></div>
{f["breadcrumb"]}
<div id="ctl00_Content"><div class="box-title"><h1>{esc(title)}</h1></div>{f["share"]}
<div id="divContentDoc"><div class="content1"><div>
{doc}
</div></div></div>{f["hidden"]}
<div id="tab-related">{f["related"]}</div><div class="comment-box"><p>Bình luận</p><textarea>Ý kiến của bạn</textarea><button>Gửi</button></div></div>
<div id="footer">{f["footer"]}</div>
</BODY></HTML>
"""


def province(doc: str, title: str, f: dict) -> str:
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{esc(title)}</title>{STYLE}{SCRIPT}</head>
<body><table width="100%" cellspacing="0" cellpadding="0">
<tr><td colspan="2"><div class="banner"><img src="/banner.jpg" alt="Cổng thông tin điện tử tỉnh"></div></td></tr>
<tr><td width="200" valign="top"><div class="leftmenu">{f["menu"]}</div>{f["related"]}</td>
<td valign="top">{f["breadcrumb"]}<div class="vanban">
{doc}
</div>{f["share"]}{f["toc"]}</td></tr>
<tr><td colspan="2">{f["footer"]}</td></tr></table></body></html>
"""


def entities(page: str) -> str:
    """Letters beyond ASCII as entities, as some portals write them: named
    ones where HTML has a name (&agrave;), numeric ones otherwise (&#7871;)."""
    def one(c: str) -> str:
        if ord(c) < 128:
            return c
        name = html.entities.codepoint2name.get(ord(c))
        return f"&{name};" if name else f"&#{ord(c)};"
    return "".join(one(c) for c in page)


def windows_1258(page: str) -> bytes:
    """Windows-1258 keeps the tone of a Vietnamese letter as a combining mark."""
    out = bytearray()
    for c in page:
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        marks = unicodedata.normalize("NFD", c)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in TONES))
        tone = "".join(m for m in marks if m in TONES)
        out += (base + tone).encode("cp1258", errors="xmlcharrefreplace")
    return bytes(out)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    styles = [("national", national), ("library", library), ("province", province)]
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        seed = path.stem
        doc, headings = document(seed)
        title = "Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững"
        name, make = styles[i % len(styles)]
        page = make(doc, title, furniture(title, headings))
        target = OUT / f"{seed}.html"
        if name == "national":
            target.write_text(entities(page), encoding="ascii")
        elif name == "library":
            target.write_bytes(windows_1258(page))
        else:
            target.write_bytes(b"\xef\xbb\xbf" + page.encode("utf-8"))
        print(f"{target.relative_to(ROOT)}: {name}, {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
