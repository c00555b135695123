"""The drafted report as a Word document laid out per GB/T 9704-2012 (党政机关公文格式).

A4 with 37/35/28/26 mm margins; 22 lines of 28 characters (3号 = 16 pt on a 28.95 pt
line grid); red 发文机关标志 35 mm below the top of the type area with the red separator
under the 发文字号; title in 2号小标宋; body in 3号仿宋_GB2312, 一、 in 黑体, （一） in
楷体_GB2312; signature and date placed by §7.3.5.2 (no seal); 版记 (抄送, 印发机关和日期)
at the foot of the last page between rules; page numbers “— 1 —” in 4号 宋体, odd pages
right and even pages left, one character in.

Chinese font names go in the eastAsia slot of every run, which is what Word uses for CJK
characters; the font table names a substitute that every Chinese Windows has, so that a
machine without the 方正/GB2312 fonts still shows the right style of type.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from fazhi.docxfile import chinese_normal_style, stable
from fazhi.draft.compose import Block, Draft

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
# substitutes named in the font table: present on every Chinese Windows
FALLBACKS = {
    TITLE_FONT: ("宋体", "roman"),
    BODY_FONT: ("仿宋", "modern"),
    SUBHEADING_FONT: ("楷体", "modern"),
    HEADING_FONT: ("SimHei", "modern"),
    NUMBER_FONT: ("SimSun", "auto"),
}
RED = RGBColor(0xFF, 0x00, 0x00)
BODY = Pt(16)  # 三号
TITLE = Pt(22)  # 二号
SMALL = Pt(14)  # 四号: 版记 and page numbers
LINE = Pt(28.95)  # 22 lines in the 225 mm type area
CHAR = 16.0  # width of one 三号 character in points
TEXT_WIDTH = Mm(156)


def _font(
    run: Run, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None
) -> Run:
    run.font.name = "Times New Roman"
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")
    return run


def _para(
    doc, *, indent: float = 0, align=None, line: Pt = LINE, before: Pt | None = None
) -> Paragraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = line
    fmt.space_before = before or Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(indent)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    return p


def _width(text: str) -> float:
    """Printed width in points at 三号: CJK full width, ASCII digits half width."""
    return sum(CHAR / 2 if ord(ch) < 0x2E80 else CHAR for ch in text)


def _border(p: Paragraph, side: str, size_eighths: int, color: str, space: int = 0) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _page_number(footer, odd: bool) -> None:
    """“— 1 —” in 4号宋体 Arabic numerals, one character in from the outer edge."""
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = p.paragraph_format
    if odd:
        fmt.right_indent = SMALL
    else:
        fmt.left_indent = SMALL
    _font(p.add_run("— "), NUMBER_FONT, SMALL)
    run = _font(p.add_run(), NUMBER_FONT, SMALL)
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
            run._r.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = text
            run._r.append(el)
    _font(p.add_run(" —"), NUMBER_FONT, SMALL)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # the page number's dash line sits 7 mm under the type area
    section.footer_distance = Mm(21)
    section.header_distance = Mm(15)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE.pt * 20)))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)
    chinese_normal_style(doc, BODY, BODY_FONT)
    # no extra space between Chinese and digits: GB/T 9704 sets 2024年2月1日 solid
    ppr = doc.styles["Normal"].element.get_or_add_pPr()
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
        el = OxmlElement(name)
        el.set(qn("w:val"), "0")
        ppr.append(el)
    _font_table(doc)


def _font_table(doc) -> None:
    """Declare the official fonts with a substitute and family in word/fontTable.xml."""
    part = next(
        (p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml"), None
    )
    if part is None:
        return
    root = parse_xml(part.blob)
    for name, (alt, family) in FALLBACKS.items():
        font = parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        )
        root.append(font)
    part._blob = root.xml.encode() if hasattr(root, "xml") else part.blob


def _off_grid(p: Paragraph) -> None:
    # large type on the 28.95 pt line grid would take two grid lines per line
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().append(snap)


def _letterhead(doc, text: str) -> None:
    # as large as fits the type area, at most 初号-size 42 pt-ish 小标宋 (usual practice)
    size = Pt(min(42.0, TEXT_WIDTH.pt / max(len(text), 1) * 0.95))
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(size.pt * 1.2), before=Mm(35))
    _off_grid(p)
    _font(p.add_run(text), TITLE_FONT, size, color=RED)


def _doc_number(doc, number: str, signer: str) -> None:
    # two lines under the letterhead; the red separator 4 mm under the number
    p = _para(
        doc,
        align=WD_ALIGN_PARAGRAPH.CENTER if not signer else WD_ALIGN_PARAGRAPH.LEFT,
        before=Pt(LINE.pt * 2),
    )
    if signer:
        # 上行文: number one character in from the left, 签发人 one character in from the right
        p.paragraph_format.left_indent = Pt(CHAR)
        p.paragraph_format.tab_stops.add_tab_stop(Pt(TEXT_WIDTH.pt - CHAR), WD_TAB_ALIGNMENT.RIGHT)
        _font(p.add_run(number + "\t" + "签发人："), BODY_FONT, BODY)
        _font(p.add_run(signer), SUBHEADING_FONT, BODY)
    else:
        _font(p.add_run(number), BODY_FONT, BODY)
    _border(p, "bottom", 12, "FF0000", space=11)


def _title(doc, text: str) -> None:
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36), before=Pt(LINE.pt * 2))
    _off_grid(p)
    # break after the issuer's name (…人民政府关于 / 2023年度…) rather than mid-word
    cut = text.find("关于")
    if cut > 0 and _width(text) * TITLE.pt / CHAR > TEXT_WIDTH.pt:
        _font(p.add_run(text[:cut]), TITLE_FONT, TITLE)
        p.runs[-1].add_break()
        _font(p.add_run(text[cut:]), TITLE_FONT, TITLE)
    else:
        _font(p.add_run(text), TITLE_FONT, TITLE)


def _signature(doc, issuer: str, day: str) -> None:
    """§7.3.5.2: signature two characters in from the right, the date one line under it
    starting two characters further right; a longer date stays two in and pushes the
    signature right."""
    right = TEXT_WIDTH.pt
    w_sig, w_date = _width(issuer), _width(day)
    start = min(right - 2 * CHAR - w_sig, right - 2 * CHAR - w_date - 2 * CHAR)
    for text, begin, before in ((issuer, start, LINE), (day, start + 2 * CHAR, None)):
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, before=before)
        p.paragraph_format.keep_with_next = True  # signature and date on one page
        p.paragraph_format.right_indent = Pt(max(0.0, right - begin - _width(text)))
        _font(p.add_run(text), BODY_FONT, BODY)


def _imprint(doc, cc: str | None, office: str, day: str) -> None:
    """版记 as a one-column table floated to the foot of the last page (its last rule on
    the bottom margin): thick rules (0.35 mm) above and below, a thin one (0.25 mm)
    between the rows. Word places it by w:tblpY; LibreOffice 7.4 lays it inline under
    the 附注, the rules and order unchanged."""
    rows = ([cc] if cc else []) + [None]
    inner = TEXT_WIDTH.pt - 2 * SMALL.pt
    # rows of exact height (a 4号 character is 14 pt wide) so that the table's height is
    # known and it can be placed with its last rule on the bottom margin
    lines = [max(1, -(-int(_width(t) * SMALL.pt / CHAR) // int(inner))) if t else 1 for t in rows]
    top = Mm(297).pt - Mm(35).pt - sum(lines) * LINE.pt
    table = doc.add_table(rows=len(rows), cols=1)
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    look = tbl_pr.find(qn("w:tblLook"))
    # children in the order the schema requires, or Word and LibreOffice drop them
    ordered = [
        f'<w:tblW {nsdecls("w")} w:w="{round(TEXT_WIDTH.pt * 20)}" w:type="dxa"/>',
        f"<w:tblBorders {nsdecls('w')}>"
        '<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:left w:val="nil"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:right w:val="nil"/>'
        '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
        '<w:insideV w:val="nil"/></w:tblBorders>',
        f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>',
    ]
    style = tbl_pr.find(qn("w:tblStyle"))
    tbl_pr.insert(
        0 if style is None else 1,
        parse_xml(
            f'<w:tblpPr {nsdecls("w")} w:leftFromText="0" w:rightFromText="0" '
            'w:vertAnchor="page" w:horzAnchor="margin" '
            f'w:tblpXSpec="center" w:tblpY="{round(top * 20)}"/>'
        ),
    )
    for xml in ordered:
        el = parse_xml(xml)
        if look is not None:
            look.addprevious(el)
        else:
            tbl_pr.append(el)
    for row, text, n in zip(table.rows, rows, lines, strict=True):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(
            parse_xml(
                f'<w:trHeight {nsdecls("w")} w:val="{round(n * LINE.pt * 20)}" w:hRule="exact"/>'
            )
        )
        cell = row.cells[0]
        cell.width = TEXT_WIDTH
        p = cell.paragraphs[0]
        fmt = p.paragraph_format
        fmt.line_spacing, fmt.space_before, fmt.space_after = LINE, Pt(0), Pt(0)
        fmt.left_indent = fmt.right_indent = SMALL
        if text is not None:
            _font(p.add_run(text), BODY_FONT, SMALL)
        else:
            fmt.tab_stops.add_tab_stop(Pt(TEXT_WIDTH.pt - 2 * SMALL.pt), WD_TAB_ALIGNMENT.RIGHT)
            _font(p.add_run(f"{office}\t{day}"), BODY_FONT, SMALL)
    # a document cannot end on a table: a one-point paragraph that takes no room
    tail = _para(doc, line=Pt(1))
    _font(tail.add_run(""), BODY_FONT, Pt(1))


def _body(doc, block: Block) -> None:
    kind = block.kind
    if kind == "addressee":
        p = _para(doc, before=LINE)
        _font(p.add_run(block.text), BODY_FONT, BODY)
    elif kind in ("body", "closing", "note"):
        p = _para(doc, indent=2 * CHAR)
        # 特此报告 is not left alone above a page break away from the signature
        p.paragraph_format.keep_with_next = kind == "closing"
        _font(p.add_run(block.text), BODY_FONT, BODY)
    elif kind in ("h1", "h2"):
        p = _para(doc, indent=2 * CHAR)
        p.paragraph_format.keep_with_next = True  # a heading never ends a page
        _font(p.add_run(block.text), HEADING_FONT if kind == "h1" else SUBHEADING_FONT, BODY)
        level = OxmlElement("w:outlineLvl")  # Word's navigation pane, layout unchanged
        level.set(qn("w:val"), "0" if kind == "h1" else "1")
        p._p.get_or_add_pPr().append(level)
    elif kind == "runin":
        p = _para(doc, indent=2 * CHAR)
        _font(p.add_run(block.lead), SUBHEADING_FONT, BODY)
        if block.text:
            _font(p.add_run(block.text), BODY_FONT, BODY)


def to_docx(draft: Draft) -> bytes:
    doc = new_document()
    _setup(doc)
    props = doc.core_properties
    props.title = draft.title
    props.author = props.last_modified_by = "fazhi"
    props.comments = "fazhi 起草"
    props.created = props.modified = datetime(2000, 1, 1)  # no clock: same data, same bytes
    props.revision = 1
    body = doc.element.body
    body.remove(body[0]) if body[0].tag == qn("w:p") else None  # the template's empty paragraph
    blocks = {b.kind: b for b in draft.blocks}
    issuer, day = blocks["signature"].text, blocks["date"].text
    for block in draft.blocks:
        kind = block.kind
        if kind == "letterhead":
            _letterhead(doc, block.text)
        elif kind == "doc_number":
            if block.text or block.lead:
                _doc_number(doc, block.text, block.lead)
        elif kind == "title":
            _title(doc, block.text)
        elif kind == "signature":
            _signature(doc, issuer, day)
        elif kind in ("date", "cc"):
            continue  # placed with the signature and the 版记
        elif kind == "imprint":
            cc = blocks["cc"].text if "cc" in blocks else None
            _imprint(doc, cc, block.lead, block.text)
        else:
            _body(doc, block)
    out = BytesIO()
    doc.save(out)
    return stable(out.getvalue())
