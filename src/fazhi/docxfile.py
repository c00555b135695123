"""What every .docx fazhi writes shares: Chinese text in a Chinese font, and the same
content giving the same bytes."""

from __future__ import annotations

import zipfile
from io import BytesIO

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length


def chinese_normal_style(doc, size: Length, east_asian_font: str) -> None:
    """The Normal style: Latin text in Times New Roman, Chinese in `east_asian_font`,
    and the document's language Chinese for East Asian text, so that Chinese
    punctuation (“”：) takes the Chinese font too."""
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = size
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian_font)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def stable(data: bytes) -> bytes:
    """`data` (a .docx) with fixed zip entry times, so that writing the same document
    twice gives the same file (python-docx stamps the time of writing)."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(item.filename))
    return out.getvalue()
