"""Write a synthetic report (one paragraph a line) in each input format fazhi reads.

docx, html and ofd come from `fazhi.synth.writers`, the writers the test suite and
scripts/build_examples.py use too, so synthetic files are laid out like the tested ones. PDF is drawn with reportlab
(a CID font that needs no font file, so its text layer reads back as Chinese), hard
wrapped like a printed page; LibreOffice would be truer but takes seconds a file.
"""

from __future__ import annotations

import importlib.util
import random
import re
from pathlib import Path

from fazhi.synth import writers

__all__ = ["FORMATS", "SUFFIX", "FormatUnavailable", "hard_wrap", "write"]

# format name → file suffix; one dot only, so that a file's stem is its ground truth's
# (the scorer pairs <stem>.<ext> with <stem>.json)
SUFFIX = {
    "txt": ".txt",
    "txt-gb18030": ".txt",
    "txt-wrapped": ".txt",
    "docx": ".docx",
    "html": ".html",
    "ofd": ".ofd",
    "pdf": ".pdf",
}
FORMATS = tuple(SUFFIX)
_PER_LINE = 35  # characters per printed line of a 公文 page (GB/T 9704: 28, PDFs vary)
_NO_LINE_START = set("，。、；：？！）》」』”’%．,.;:?!)")


_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff])\d+(?:\.\d+)?(?=[件项场名份条%万])")


class FormatUnavailable(RuntimeError):
    """A format whose writer is not installed here."""


def hard_wrap(text: str, rng: random.Random | None = None, width: int = _PER_LINE) -> str:
    """Text as it comes out of a PDF: each paragraph cut into lines of `width`
    characters (never before closing punctuation), no blank lines, a page number every
    30 lines and, sometimes, a space between a number and its unit."""
    out: list[str] = []
    spaced = random.Random(text[:64]) if rng is None else rng
    for para in text.splitlines():
        para = para.strip()
        if spaced.random() < 0.3:  # PDF text keeps the gaps typeset around Latin digits
            para = _NUMBER.sub(lambda m: f" {m.group()} ", para)
        if not para:
            continue
        rest, first = para, True
        while rest:
            w = width - 2 if first else width
            cut = min(len(rest), w)
            while 0 < cut < len(rest) and rest[cut] in _NO_LINE_START:
                cut -= 1
            cut = cut or min(len(rest), w)
            out.append(("  " if first else "") + rest[:cut])
            rest, first = rest[cut:], False
            if len(out) % 31 == 30:
                out.append(f"— {len(out) // 31 + 1} —")
    return "\n".join(out) + "\n"


def write(fmt: str, text: str, path: Path, rng: random.Random | None = None) -> Path:
    """Write `text` as `fmt` at `path` (its suffix is the caller's choice)."""
    if fmt == "txt":
        path.write_text(text, encoding="utf-8")
    elif fmt == "txt-gb18030":
        path.write_bytes(text.encode("gb18030"))
    elif fmt == "txt-wrapped":
        path.write_text(hard_wrap(text, rng), encoding="utf-8")
    elif fmt == "pdf":
        _write_pdf(text, path)
    elif fmt == "docx":
        writers.write_docx(text, path)
    elif fmt == "html":
        writers.write_html(text, path)
    elif fmt == "ofd":
        writers.write_ofd(text, path)
    else:
        raise ValueError(f"未知格式 {fmt}，可用：{', '.join(FORMATS)}")
    return path


def pdf_available() -> bool:
    return importlib.util.find_spec("reportlab") is not None


def _write_pdf(text: str, path: Path) -> None:
    if not pdf_available():
        raise FormatUnavailable("pdf 需要 reportlab（pip install reportlab）")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    size, left, top, pitch = 12.0, 72.0, 72.0, 20.0
    y = height - top
    page = 1
    for line in hard_wrap(text).splitlines():
        if line.startswith("— "):
            continue  # the page numbers are drawn at the foot of each real page
        if y < 80:
            c.setFont("STSong-Light", 10)
            c.drawCentredString(A4[0] / 2, 40, f"— {page} —")
            c.showPage()
            page += 1
            y = height - top
        c.setFont("STSong-Light", size)
        c.drawString(left, y, line)
        y -= pitch
    c.setFont("STSong-Light", 10)
    c.drawCentredString(A4[0] / 2, 40, f"— {page} —")
    c.save()
