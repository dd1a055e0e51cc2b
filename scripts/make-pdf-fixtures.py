#!/usr/bin/env python3
"""Makes the PDF fixtures in fixtures/pdf from the text seeds.

- text-layer PDFs: each non-blank line of a seed set in DejaVu Sans (which has
  every Vietnamese letter), as an office suite would print it;
- a scanned PDF: the pages of a text-layer PDF rasterised and wrapped as
  images only, as a scanner makes them;
- broken PDFs: truncated, encrypted with a password, without its font
  object, and with a deeply nested content stream.

Needs: python3 with reportlab, pillow and pypdf (pip), poppler-utils and qpdf
(apt), fonts-dejavu-core (apt). The outputs are committed, so tests do not
need any of this.
"""
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
OUT = ROOT / "fixtures" / "pdf"
BROKEN = ROOT / "fixtures" / "broken-pdf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


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
    OUT.mkdir(parents=True, exist_ok=True)
    BROKEN.mkdir(exist_ok=True)
    for seed in ["000_eba3d3845090eb91", "002_429e92981eab9d16"]:
        text_pdf(f"{seed}.txt", OUT / f"{seed}.pdf")
    (OUT / "scanned").mkdir(exist_ok=True)
    scanned_pdf(OUT / "002_429e92981eab9d16.pdf", OUT / "scanned" / "002_429e92981eab9d16.pdf")
    truncated(OUT / "002_429e92981eab9d16.pdf", BROKEN / "truncated.pdf")
    encrypted(OUT / "002_429e92981eab9d16.pdf", BROKEN / "encrypted.pdf")
    without_fonts(OUT / "002_429e92981eab9d16.pdf", BROKEN / "missing-font.pdf")
    deeply_nested(BROKEN / "deeply-nested.pdf")
    for p in sorted(OUT.rglob("*.pdf")):
        print(f"{p.relative_to(ROOT)}: {p.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
