#!/usr/bin/env python3
"""Makes the PDF fixtures in fixtures/pdf from the text seeds.

- text-layer PDFs: each non-blank line of a seed set in DejaVu Sans (which has
  every Vietnamese letter), as an office suite would print it;
- a scanned PDF: the pages of a text-layer PDF rasterised and wrapped as
  images only, as a scanner makes them;
- office scans (fixtures/pdf/scans): the same pages as a copier sends them,
  250-dpi gray JPEG on A4 with a paper tone: one with the blank back of a
  duplex scan, one with a page upside down and one sideways, and one signed
  as e-government PDFs are, a signature stamp's text laid over the scan;
- broken PDFs: truncated, encrypted with a password, without its font
  object, and with a deeply nested content stream.

Needs: python3 with reportlab, pillow and pypdf (pip), poppler-utils and qpdf
(apt), fonts-dejavu-core (apt). The outputs are committed, so tests do not
need any of this. Groups can be made alone: `make-pdf-fixtures.py office-scans`
(text, scans, office-scans, broken).
"""
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.lib.utils import ImageReader

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
OUT = ROOT / "fixtures" / "pdf"
BROKEN = ROOT / "fixtures" / "broken-pdf"
SCANS = OUT / "scans"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SCAN_DPI = 250
# Copiers send text pages at JPEG quality 50-75; 25 halves the fixtures'
# size, and tesseract reads it as well.
SCAN_QUALITY = 25


def text_pdf(seed: str, out: Path) -> None:
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    lines = [l.strip() for l in (SEEDS / seed).read_text(encoding="utf-8").splitlines() if l.strip()]
    c = canvas.Canvas(str(out), pagesize=A4)
    width, height = A4
    y = height - 60
    for line in lines:
        if y < 60:
            c.showPage()
            y = height - 60
        c.setFont("DejaVu", 10)
        c.drawString(50, y, line)
        y -= 14
    c.save()


def scanned_pdf(source: Path, out: Path, dpi: int = 150) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), f"{tmp}/p"], check=True)
        images = [Image.open(p).convert("1") for p in sorted(Path(tmp).glob("p-*.png"))]
        images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)


def office_scan_pages(source: Path, dpi: int = SCAN_DPI) -> list:
    """The pages of `source` as a copier scans them: gray, on paper that is not white."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(source), f"{tmp}/p"], check=True)
        pages = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p-*.pgm"))]
    return [page.point(lambda v: 38 + v * 208 // 255) for page in pages]


def duplex_back(front) -> "Image.Image":
    """The blank back of a sheet: paper, with the front's print faintly seen through."""
    through = ImageOps.mirror(front).point(lambda v: 246 - (255 - v) * 24 // 255)
    return through


def image_pdf(pages: list, out: Path, dpi: int = SCAN_DPI, stamp: list | None = None) -> None:
    """Wraps page images as JPEG-compressed, image-only pages, each sized to
    its image at `dpi`; `stamp` lines are set as text over the first page's
    top right corner, as signing tools set them."""
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    c = canvas.Canvas(str(out), invariant=1)
    with tempfile.TemporaryDirectory() as tmp:
        for i, page in enumerate(pages):
            width, height = page.size[0] * 72 / dpi, page.size[1] * 72 / dpi
            c.setPageSize((width, height))
            jpeg = Path(tmp) / f"p{i}.jpg"
            page.save(jpeg, "JPEG", quality=SCAN_QUALITY, optimize=True, dpi=(dpi, dpi))
            c.drawImage(str(jpeg), 0, 0, width, height)
            if i == 0 and stamp:
                c.setFont("DejaVu", 7.6)
                for n, line in enumerate(stamp):
                    c.drawString(width - 200, height - 14 - 10 * n, line)
            c.showPage()
        c.save()


def office_scans(source: Path) -> None:
    SCANS.mkdir(parents=True, exist_ok=True)
    name = source.stem
    pages = office_scan_pages(source)
    image_pdf(pages + [duplex_back(pages[-1])], SCANS / f"{name}.duplex.pdf")
    turned = list(pages)
    turned[1] = turned[1].rotate(180)
    turned[2] = turned[2].rotate(90, expand=True)
    image_pdf(turned, SCANS / f"{name}.rotated.pdf")
    stamp = [
        "Người ký: Ủy ban nhân dân xã Kông Lơng Khơng",
        "Email: konglongkhong@gialai.gov.vn",
        "Cơ quan: Tỉnh Gia Lai",
        "Thời gian ký: 10.03.2023 16:05:12 +07:00",
    ]
    image_pdf(pages, SCANS / f"{name}.signed.pdf", stamp=stamp)


def truncated(source: Path, out: Path) -> None:
    data = source.read_bytes()
    out.write_bytes(data[: len(data) // 2])


def encrypted(source: Path, out: Path) -> None:
    subprocess.run(["qpdf", "--encrypt", "secret-user", "secret-owner", "256", "--", str(source), str(out)], check=True)


def without_fonts(source: Path, out: Path) -> None:
    reader = PdfReader(str(source))
    writer = PdfWriter()
    for page in reader.pages:
        resources = page["/Resources"]
        resources[NameObject("/Font")] = DictionaryObject()
        writer.add_page(page)
    with open(out, "wb") as f:
        writer.write(f)


def deeply_nested(out: Path, depth: int = 40_000) -> None:
    content = b"q " * depth + b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET " + b"Q " * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = io.BytesIO()
    pdf.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(pdf.tell())
        pdf.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = pdf.tell()
    pdf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        pdf.write(b"%010d 00000 n \n" % off)
    pdf.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    out.write_bytes(pdf.getvalue())


def main() -> int:
    groups = set(sys.argv[1:]) or {"text", "scans", "office-scans", "broken"}
    OUT.mkdir(parents=True, exist_ok=True)
    BROKEN.mkdir(exist_ok=True)
    if "text" in groups:
        for seed in ["000_eba3d3845090eb91", "002_429e92981eab9d16"]:
            text_pdf(f"{seed}.txt", OUT / f"{seed}.pdf")
    if "scans" in groups:
        (OUT / "scanned").mkdir(exist_ok=True)
        scanned_pdf(OUT / "002_429e92981eab9d16.pdf", OUT / "scanned" / "002_429e92981eab9d16.pdf")
    if "office-scans" in groups:
        office_scans(OUT / "002_429e92981eab9d16.pdf")
    if "broken" in groups:
        truncated(OUT / "002_429e92981eab9d16.pdf", BROKEN / "truncated.pdf")
        encrypted(OUT / "002_429e92981eab9d16.pdf", BROKEN / "encrypted.pdf")
        without_fonts(OUT / "002_429e92981eab9d16.pdf", BROKEN / "missing-font.pdf")
        deeply_nested(BROKEN / "deeply-nested.pdf")
    for p in sorted(OUT.rglob("*.pdf")):
        print(f"{p.relative_to(ROOT)}: {p.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
