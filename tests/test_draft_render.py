"""The drafted Word file: GB/T 9704 settings in the XML, and a real rendering through
LibreOffice (skipped when libreoffice or pdftoppm is not installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from fazhi.draft import compose, load_yaml, to_docx

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "draft" / "江安县2023.yaml"
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {aliases}
</fontconfig>
"""
SUBSTITUTES = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return to_docx(compose(load_yaml(EXAMPLE)))


def test_page_setup_and_fonts(docx_bytes):
    doc = Document(BytesIO(docx_bytes))
    s = doc.sections[0]
    got = [
        s.page_width,
        s.page_height,
        s.top_margin,
        s.bottom_margin,
        s.left_margin,
        s.right_margin,
    ]
    # stored in twips: compare to a hundredth of a millimetre
    assert [round(v.mm, 1) for v in got] == [210, 297, 37, 35, 28, 26]
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs
    for run in runs:
        fonts = run._element.rPr.rFonts
        assert fonts is not None and fonts.get(qn("w:eastAsia")), run.text
    by_text = {r.text: r for r in runs}
    assert by_text["江安县人民政府文件"].font.color.rgb == (0xFF, 0x00, 0x00)
    assert by_text["一、主要举措和成效"]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert (
        by_text["（一）坚持党的领导，压实法治建设第一责任"]._element.rPr.rFonts.get(
            qn("w:eastAsia")
        )
        == "楷体_GB2312"
    )
    title_runs = [r for r in runs if "法治政府建设情况的报告" in r.text]
    assert title_runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title_runs[0].font.size.pt == 22
    body = next(p for p in doc.paragraphs if p.text.startswith("2023年，在上级"))
    assert body.runs[0].font.size.pt == 16
    assert abs(body.paragraph_format.line_spacing.pt - 28.95) < 0.01
    # the red separator under the 发文字号
    number = next(p for p in doc.paragraphs if "江府报〔2024〕3号" in p.text)
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"


def test_page_numbers_odd_and_even(docx_bytes):
    doc = Document(BytesIO(docx_bytes))
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    for footer in (s.footer, s.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
    assert s.footer.paragraphs[0].alignment != s.even_page_footer.paragraphs[0].alignment


def test_imprint_and_signature(docx_bytes):
    doc = Document(BytesIO(docx_bytes))
    texts = [p.text for p in doc.paragraphs]
    assert (
        texts.index("江安县人民政府")
        < texts.index("2024年2月1日")
        < texts.index("（此件公开发布）")
    )
    table = doc.tables[-1]
    assert table.rows[0].cells[0].text.startswith("抄送：")
    assert table.rows[-1].cells[0].text.endswith("2024年2月2日印发")
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None


@pytest.mark.skipif(
    not (shutil.which("libreoffice") and shutil.which("pdftoppm")),
    reason="需要 libreoffice 与 pdftoppm",
)
def test_render_to_pdf_and_png(tmp_path, docx_bytes):
    src = tmp_path / "报告.docx"
    src.write_bytes(docx_bytes)
    conf = tmp_path / "fonts.conf"
    aliases = "\n  ".join(
        f'<alias binding="same"><family>{a}</family><prefer><family>{b}</family></prefer></alias>'
        for a, b in SUBSTITUTES.items()
    )
    conf.write_text(FONTS_CONF.format(aliases=aliases), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        check=True,
        env=env,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "报告.pdf"
    assert pdf.exists()
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert 3 <= len(reader.pages) <= 7
    first = reader.pages[0].extract_text()
    assert "江安县人民政府文件" in first.replace(" ", "")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "页")], check=True, timeout=120
    )
    pngs = sorted(tmp_path.glob("页*.png"))
    assert len(pngs) == len(reader.pages)
    assert pngs[0].stat().st_size > 1000
