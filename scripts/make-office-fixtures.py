#!/usr/bin/env python3
"""Makes the Word fixtures in fixtures/docx from the text seeds.

Each seed is read by vnplan (`vnplan show`), and its paragraphs are written
as a Word document would hold them:

- the numbers of headings and items ("I.", "1.", "1.1.", "a)", "-", "+")
  taken out of the text and drawn by automatic numbering (numbering.xml),
  Roman headings through a heading style linked to the list; a number the
  list would not draw next restarts the list with a start override, and a
  number no list can draw ("đ)") stays in the text;
- the header lines ("Số: ...", place and date) in a borderless two-column
  table, the kind line and title centred and bold;
- the recipients and the signature side by side in a borderless table,
  blank lines where the signature goes;
- footnotes in footnotes.xml, referenced where the seed's markers were;
- a table the seed has (one cell per line after PDF extraction) as a Word
  table, with a two-row header of merged cells where one is given below.

Needs python3 (standard library only) and a built vnplan (`cargo build`;
VNPLAN names another binary). The outputs are committed, so tests do not
need any of this.
"""
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
OUT = ROOT / "fixtures" / "docx"
VNPLAN = os.environ.get("VNPLAN", str(ROOT / "target" / "debug" / "vnplan"))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# Two-row headers of merged cells for seed tables, as the office drew them:
# (label, columns spanned) above, the labels below (None under a cell that
# spans both rows).
HEADERS = {
    "000_eba3d3845090eb91": (
        [("STT", 1), ("Tổ dân phố", 1), ("Tổng số hộ dân cư cuối năm 2023", 2),
         ("Số hộ nghèo cuối năm 2023", 4), ("Diễn biến hộ nghèo trong năm 2024", 6),
         ("Dự kiến tổng số hộ dân cư năm 2024", 2), ("Dự kiến hộ nghèo cuối năm 2024", 4),
         ("Tỷ lệ hộ nghèo giảm năm 2024", 1)],
        [None, None, "Tổng số", "Tr.đó DTTS", "Tổng số", "Tỷ lệ %", "Tr.đó DTTS", "Tỷ lệ %",
         "Số hộ thoát nghèo", "Tr.đó DTTS", "Số hộ tái nghèo", "Tr.đó DTTS",
         "Số hộ nghèo phát sinh", "Tr.đó DTTS", "Tổng số", "Tr.đó DTTS", "Tổng số", "Tỷ lệ %",
         "Tr.đó DTTS", "Tỷ lệ %", None],
    ),
}

# List levels: (format, text) per level; a paragraph's marker picks its level.
LEVELS = [
    ("upperRoman", "%1."),
    ("decimal", "%2."),
    ("decimal", "%2.%3."),
    ("decimal", "%2.%3.%4."),
    ("lowerLetter", "%5)"),
    ("bullet", "-"),
    ("bullet", "+"),
]
MARKERS = [
    (0, re.compile(r"^([IVX]+)\.\s+(?=\S)")),
    (3, re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.\s+(?=\S)")),
    (2, re.compile(r"^(\d{1,2})\.(\d{1,2})\.\s+(?=\S)")),
    (1, re.compile(r"^(\d{1,2})\.\s+(?=\S)")),
    (4, re.compile(r"^([a-z])\)\s+(?=\S)")),
    (5, re.compile(r"^-\s+(?=\S)")),
    (6, re.compile(r"^\+\s+(?=\S)")),
]
ROMAN = {"I": 1, "V": 5, "X": 10}
KIND_LINE = re.compile(r"^(KẾ HOẠCH|QUYẾT ĐỊNH|NGHỊ QUYẾT|BÁO CÁO|CÔNG VĂN)$")
SIGNATURE = re.compile(r"^(TM|KT|Q|TL)\.\s|^(PHÓ )?CHỦ TỊCH$")


def roman(text):
    values = [ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


class Lists:
    """Word's counters, kept as numbering.xml makes Word keep them: per
    abstract list, each level restarting when a level above it is used."""

    def __init__(self):
        self.counters = [None] * 9
        self.num_id = 1
        self.overrides = {}  # numId -> (level, start)
        self.fresh = set()

    def next_value(self, level):
        current = self.counters[level]
        if self.num_id in self.fresh:
            lvl, start = self.overrides[self.num_id]
            if lvl == level:
                return start
        return 1 if current is None else current + 1

    def restart(self, level, start):
        self.num_id = max([1, *self.overrides]) + 1
        self.overrides[self.num_id] = (level, start)
        self.fresh.add(self.num_id)

    def use(self, level):
        if self.num_id in self.fresh:
            lvl, start = self.overrides[self.num_id]
            self.counters[lvl] = start - 1
            self.fresh.discard(self.num_id)
        self.counters[level] = 1 if self.counters[level] is None else self.counters[level] + 1
        for deeper in range(level + 1, 9):
            self.counters[deeper] = None

    def value(self, level):
        return self.counters[level] or 1

    def number(self, level, wanted, parents):
        """The numId that draws `wanted` at `level`, or None when no list can."""
        if any(self.value(l) != v for l, v in parents):
            return None
        if self.next_value(level) != wanted:
            self.restart(level, wanted)
        self.use(level)
        return self.num_id


def marker(text, lists):
    """(numId, level, text without the marker), or None to keep the text."""
    for level, pattern in MARKERS:
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groups()
        if level == 0:
            wanted, parents = roman(groups[0]), []
        elif level in (1, 2, 3):
            numbers = [int(g) for g in groups]
            wanted, parents = numbers[-1], list(zip(range(1, level), numbers[:-1]))
        elif level == 4:
            wanted, parents = ord(groups[0]) - ord("a") + 1, []
        else:
            wanted, parents = None, []
        if wanted is None:
            return lists.num_id, level, text[m.end():]
        num_id = lists.number(level, wanted, parents)
        if num_id is None:
            return None
        return num_id, level, text[m.end():]
    return None


def run(text, bold=False):
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(runs, style=None, num=None, centered=False):
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if centered:
        props += '<w:jc w:val="center"/>'
    return f"<w:p><w:pPr>{props}</w:pPr>{''.join(runs)}</w:p>"


def cell(paragraphs, span=1, merge=None):
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge:
        props += '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def layout_table(columns):
    """One row of borderless cells placing text side by side."""
    cells = "".join(cell([paragraph([run(t)]) if t else "<w:p/>" for t in c]) for c in columns)
    return f"<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tr>{cells}</w:tr></w:tbl>"


def data_table(seed, rows):
    header = HEADERS.get(seed)
    trs = []
    if header:
        top, below = header
        first = [cell([paragraph([run(label, True)], centered=True)], span,
                      "restart" if span == 1 else None) for label, span in top]
        second = [cell([paragraph([run(label, True)], centered=True)]) if label else cell([], merge="continue")
                  for label in below]
        trs += ["<w:tr>" + "".join(first) + "</w:tr>", "<w:tr>" + "".join(second) + "</w:tr>"]
    for cells in rows:
        trs.append("<w:tr>" + "".join(cell([paragraph([run(c)])]) for c in cells) + "</w:tr>")
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{"".join(trs)}</w:tbl>'


def paragraphs_of(plan):
    """(start, end, text) of every paragraph, offsets in UTF-8 bytes as vnplan gives them."""
    data = plan["text"].encode()
    out, start = [], 0
    for piece in data.split(b"\n"):
        out.append((start, start + len(piece), piece.decode()))
        start += len(piece) + 1
    return out


def with_notes(text, start, notes):
    """Runs of a paragraph, a footnote reference where each note's marker was."""
    data, runs, at = text.encode(), [], 0
    for number, anchor in notes:
        if start <= anchor <= start + len(data):
            cut = anchor - start
            runs.append(run(data[at:cut].decode()))
            runs.append(f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{number}"/></w:r>')
            at = cut
    runs.append(run(data[at:].decode()))
    return runs


def document(seed):
    plan = json.loads(subprocess.run([VNPLAN, "show", str(SEEDS / f"{seed}.txt")],
                                     check=True, capture_output=True, text=True).stdout)
    paras = paragraphs_of(plan)
    notes = [(f["number"], f["anchor"]) for f in plan["footnotes"] if f["anchor"] is not None]
    tables = [(t["location"]["span"]["start"], t["location"]["span"]["end"], [r["cells"] for r in t["rows"]])
              for t in plan["tables"]]
    closing = plan["closing"]["span"]
    kind = next(i for i, (_, _, t) in enumerate(paras) if KIND_LINE.match(t.strip()))
    title, title_end = plan["metadata"]["title"] or "", kind + 1
    while title_end < len(paras) and paras[title_end][2].strip() and paras[title_end][2].strip() in title:
        title_end += 1
    body, lists, i = [], Lists(), 0
    header = [t for _, _, t in paras[:kind]]
    if header:
        left = [t for t in header if not re.search(r"ngày .* tháng", t)]
        right = [t for t in header if re.search(r"ngày .* tháng", t)]
        body.append(layout_table([left, right]))
    i = kind
    while i < len(paras):
        start, end, text = paras[i]
        table = next((t for t in tables if t[0] <= start < t[1]), None)
        if table:
            body.append(data_table(seed, table[2]))
            while i < len(paras) and paras[i][0] < table[1]:
                i += 1
            continue
        if closing and start == closing["start"] and text.startswith("Nơi nhận"):
            recipients, signature = [], []
            while i < len(paras) and not SIGNATURE.match(paras[i][2]):
                recipients.append(paras[i][2])
                i += 1
            while i < len(paras) and paras[i][2] != plan["closing"]["signer"]:
                signature.append(paras[i][2])
                i += 1
            signature += ["", "", "", paras[i][2]]
            body.append(layout_table([recipients, signature]))
            i += 1
            continue
        if i < title_end:
            body.append(paragraph([run(text, True)], centered=True))
        else:
            numbered = marker(text, lists) if not closing or start < closing["start"] else None
            if numbered:
                num_id, level, rest = numbered
                style = "Heading1" if level == 0 and num_id == 1 else None
                num = None if style else (num_id, level)
                body.append(paragraph(with_notes(rest, end - len(rest.encode()), notes), style, num))
            else:
                body.append(paragraph(with_notes(text, start, notes)))
        i += 1
    footnotes = {f["number"]: f["text"] for f in plan["footnotes"] if f["anchor"] is not None}
    return "".join(body), lists, footnotes


def numbering_xml(lists):
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        + ('<w:pStyle w:val="Heading1"/>' if i == 0 else "")
        + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(LEVELS))
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>' + "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="{lvl}">'
        f'<w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        for n, (lvl, start) in sorted(lists.overrides.items()))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}>'
            f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
            f"{nums}</w:numbering>")


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
<w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>
<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>
<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"""


def footnotes_xml(notes):
    body = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'{run(" " + text)}</w:p></w:footnote>' for n, text in sorted(notes.items()))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f"{body}</w:footnotes>")


def write_docx(out, body, lists, notes):
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
            '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
            '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/numbering" Target="numbering.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/footnotes" Target="footnotes.xml"/></Relationships>'),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701"/></w:sectPr>'
            "</w:body></w:document>"),
        "word/styles.xml": STYLES,
        "word/numbering.xml": numbering_xml(lists),
        "word/footnotes.xml": footnotes_xml(notes),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            # A fixed date keeps the committed files byte-identical across runs.
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for seed_file in sorted(SEEDS.glob("*.txt")):
        seed = seed_file.stem
        body, lists, notes = document(seed)
        out = OUT / f"{seed}.docx"
        write_docx(out, body, lists, notes)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size // 1024} KiB, "
              f"{len(lists.overrides)} restarted lists, {len(notes)} footnotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
