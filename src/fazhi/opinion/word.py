"""The review opinion as a Word document in the official style (GB/T 9704-2012):
A4, 37/35/28/26 mm margins, title in 小标宋 二号, body in 仿宋_GB2312 三号, level-1
headings in 黑体, level-2 in 楷体_GB2312. Chinese fonts are set on the eastAsia slot,
which Word uses for CJK characters; the ASCII slot gets Times New Roman."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from fazhi.docxfile import chinese_normal_style, stable
from fazhi.opinion.content import SEVERITY_HEADINGS, SEVERITY_ORDER, Opinion

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
_CN_NUMBERS = "一二三四五六七八九十"
_TITLE_SIZE = Pt(22)  # 二号
_BODY_SIZE = Pt(16)  # 三号
_TABLE_SIZE = Pt(12)  # 小四


def _font(run: Run, name: str, size: Pt, bold: bool = False) -> Run:
    run.font.name = "Times New Roman"
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    return run


def _para(
    doc,
    text: str = "",
    font: str = BODY_FONT,
    size: Pt = _BODY_SIZE,
    *,
    bold: bool = False,
    indent: bool = True,
    align=None,
    outline: int | None = None,
) -> Paragraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)  # 固定值 28 磅: 22 lines a page, as GB/T 9704 lays out
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size, bold)
    if outline is not None:
        # an outline level gives Word's navigation pane its headings, fonts unchanged
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        p._p.get_or_add_pPr().append(level)
    return p


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    chinese_normal_style(doc, _BODY_SIZE, BODY_FONT)
    _page_numbers(section)


def _page_numbers(section) -> None:
    """ "— 1 —" centred at the foot of every page (GB/T 9704-2012 §7.5)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), "宋体", Pt(14))
    run = _font(p.add_run(), "宋体", Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
        else:
            field = OxmlElement("w:instrText")
            field.set(qn("xml:space"), "preserve")
            field.text = text
        run._r.append(field)
    _font(p.add_run(" —"), "宋体", Pt(14))


def _table(doc, header: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.autofit = False
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, _TABLE_SIZE, bold=True)
    # the header row repeats on every page the table runs over
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, _TABLE_SIZE)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def to_docx(opinion: Opinion) -> bytes:
    doc = new_document()
    _setup(doc)
    props = doc.core_properties
    props.title = opinion.title
    props.author = props.last_modified_by = "fazhi"
    props.comments = "fazhi 审查意见"
    props.created = props.modified = datetime(
        2000, 1, 1
    )  # no clock in the file: same input, same bytes
    props.revision = 1
    _para(
        doc, opinion.title, TITLE_FONT, _TITLE_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _para(doc)
    for label, value in opinion.facts:
        _para(doc, f"{label}：{value}", indent=False)
    _para(doc, "一、总体评价", HEADING_FONT, outline=0)
    _para(doc, opinion.summary)
    _para(doc, "二、存在的问题", HEADING_FONT, outline=0)
    n = 0
    for severity in SEVERITY_ORDER:
        items = opinion.problems.get(severity, ())
        if not items:
            continue
        _para(
            doc,
            f"（{_CN_NUMBERS[n]}）{SEVERITY_HEADINGS[severity]}（{len(items)}项）",
            SUBHEADING_FONT,
        )
        n += 1
        for i, p in enumerate(items, 1):
            para = _para(doc)
            _font(para.add_run(f"{i}．{p.title}。"), BODY_FONT, _BODY_SIZE, bold=True)
            _font(para.add_run(p.message), BODY_FONT, _BODY_SIZE)
            for q in p.quotes:
                _para(doc, f"原文：“{q}”")
            if p.fix:
                _para(doc, f"修改建议：{p.fix}")
            if p.source:
                _para(doc, f"依据：{p.source}")
    if n == 0:
        _para(doc, "未发现问题。")
    _para(doc, "三、评分", HEADING_FONT, outline=0)
    rows = [[name, f"{w:g}", f"{pts:g}", reasons] for name, w, pts, reasons in opinion.card]
    rows.append(["合计", "100", f"{opinion.total:g}", ""])
    _table(doc, ["评分项", "分值", "得分", "说明"], rows, [30, 15, 15, 96])
    _para(doc, "四、覆盖纲要九个方面的情况", HEADING_FONT, outline=0)
    _table(
        doc,
        ["方面", "覆盖", "未涉及的事项"],
        [[a, f"{d}/{t}", m or "—"] for a, d, t, m in opinion.areas],
        [50, 18, 88],
    )
    _para(doc)
    _para(doc, "本意见由 fazhi 依据报告文本自动生成，供审查人员参考，结论以人工审核为准。")
    out = BytesIO()
    doc.save(out)
    return stable(out.getvalue())
