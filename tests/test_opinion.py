"""The review opinion: written as Word for each seed and read back with python-docx,
and as Markdown; written by `fazhi review` as a user runs it."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

import fazhi
from conftest import EXAMPLES, seed_paths
from fazhi.checks import redact
from fazhi.opinion import build_opinion, to_docx, to_markdown
from fazhi.opinion.word import BODY_FONT, HEADING_FONT
from support.cli import fazhi_cli

SECTIONS = ("一、总体评价", "二、存在的问题", "三、评分", "四、覆盖纲要九个方面的情况")


def _texts(data: bytes) -> list[str]:
    return [p.text for p in read_docx(BytesIO(data)).paragraphs]


def _check_opinion(doc: fazhi.Document, data: bytes) -> None:
    word = read_docx(BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    assert texts[0].startswith("关于《") and texts[0].endswith("的审查意见")
    for heading in SECTIONS:
        assert heading in texts
    body = "\n".join(texts)
    for f in doc.findings:
        assert f.message in body
        for quote in f.evidence:
            if quote.strip():
                # quoted as evidence, personal data masked
                assert redact(" ".join(quote.split()))[:40] in body
    for severity, heading in (
        ("error", "需要改正的问题"),
        ("warning", "需要核实或完善的问题"),
        ("info", "提示"),
    ):
        listed = any(t.startswith("（") and heading in t for t in texts)
        assert listed == any(f.severity == severity for f in doc.findings)
    # the score card table: seven criteria and the total
    card = word.tables[0]
    assert [r.cells[0].text for r in card.rows][1:] == [
        "内容完整",
        "覆盖全面",
        "内容具体",
        "数据准确",
        "引用规范",
        "按时报送公开",
        "信息安全",
        "合计",
    ]
    assert card.rows[-1].cells[2].text == f"{doc.review.card.total:g}"
    assert len(word.tables[1].rows) == 10  # header + nine areas
    # Chinese fonts are set on the eastAsia slot of the runs
    fonts = {
        r._element.rPr.rFonts.get(qn("w:eastAsia"))
        for p in word.paragraphs
        for r in p.runs
        if r._element.rPr is not None and r._element.rPr.rFonts is not None
    }
    assert {BODY_FONT, HEADING_FONT} <= fonts


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_opinion_for_each_seed(path: Path):
    doc = fazhi.analyze(path, review=True)
    data = to_docx(build_opinion(doc))
    _check_opinion(doc, data)


def test_opinion_markdown_lists_problems_with_fixes():
    text = (EXAMPLES / "05_ganzhou_city_2019.txt").read_bytes()
    doc = fazhi.analyze(text, "report.txt", review=True)
    md = to_markdown(build_opinion(doc))
    assert md.startswith("# 关于《赣州市人民政府关于2019年法治政府建设情况的报告》的审查意见")
    assert "所列分项 98+11+15=124件" in md
    assert "修改建议：" in md and "| **合计** | 100 |" in md


def test_fazhi_review_writes_word_and_markdown(tmp_path: Path):
    report = EXAMPLES / "01_jiangdu_district_2023.docx"
    out = tmp_path / "审查意见.docx"
    proc = fazhi_cli("review", str(report), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    texts = _texts(out.read_bytes())
    assert "一、总体评价" in texts
    assert not list(tmp_path.glob("*.part"))
    proc = fazhi_cli("review", "--format", "markdown", str(report))
    assert proc.returncode == 0 and "## 三、评分" in proc.stdout


def test_fazhi_review_of_a_folder_goes_on_past_bad_files(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes((EXAMPLES / "03_youxian_county_2021.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notice.txt").write_text(
        "关于召开会议的通知\n各单位：\n定于明日召开会议。\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    out.mkdir()
    proc = fazhi_cli("review", str(folder), "-o", str(out), "--no-progress")
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr and "notice.txt" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["good_审查意见.docx"]


def test_fazhi_review_usage_errors(tmp_path: Path):
    report = EXAMPLES / "03_youxian_county_2021.txt"
    proc = fazhi_cli("review", "--format", "docx", str(report))
    assert proc.returncode == 2 and "-o" in proc.stderr
    proc = fazhi_cli(
        "review",
        str(report),
        str(report.with_suffix(".gb18030.txt")),
        "-o",
        str(tmp_path / "x.docx"),
    )
    assert proc.returncode == 2 and "文件夹" in proc.stderr


def test_word_opinion_is_the_same_bytes_every_time_and_has_page_numbers():
    doc = fazhi.analyze(EXAMPLES / "01_jiangdu_district_2023.txt", review=True)
    first, second = to_docx(build_opinion(doc)), to_docx(build_opinion(doc))
    assert first == second
    word = read_docx(BytesIO(first))
    footer = word.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert word.core_properties.author == "fazhi"


def test_opinion_masks_personal_data_in_quotes():
    text = (EXAMPLES / "03_youxian_county_2021.txt").read_text(encoding="utf-8")
    text += "\n（联系人：李某，电话：13912345678）\n"
    doc = fazhi.analyze(text.encode(), "r.txt", review=True)
    body = "\n".join(_texts(to_docx(build_opinion(doc))))
    assert "139****5678" in body and "13912345678" not in body


def test_review_of_a_folder_names_each_opinion_after_its_input(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for suffix in (".txt", ".docx"):
        source = EXAMPLES / f"01_jiangdu_district_2023{suffix}"
        (folder / f"report{suffix}").write_bytes(source.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    proc = fazhi_cli("review", str(folder), "-o", str(out), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "report_docx_审查意见.docx",
        "report_txt_审查意见.docx",
    ]
    assert all(oct(p.stat().st_mode & 0o777) != "0o600" for p in out.iterdir())


def test_review_reads_standard_input():
    data = (EXAMPLES / "03_youxian_county_2021.txt").read_bytes()
    proc = fazhi_cli("review", "-", "--format", "markdown", stdin=data)
    assert proc.returncode == 0 and "## 三、评分" in proc.stdout.decode()
