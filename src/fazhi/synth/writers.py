"""Report text (one paragraph per line) written as real files of the input formats:
.txt in any encoding, .docx laid out like a 公文, .html like a government site's page,
.ofd with positioned glyphs. Used by `fazhi synth`, by the test suite and by
scripts/build_examples.py; each file is one a real reader (Word, a browser, an OFD
viewer) would open.
"""

from __future__ import annotations

import html
import os
import re
import zipfile
from pathlib import Path

FONT = "仿宋_GB2312"
SITE = "某某市人民政府"

__all__ = ["docx_document", "layout_rows", "write_docx", "write_html", "write_ofd", "write_txt"]


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _title_index(paras: list[str]) -> int | None:
    """The report's title line: early, short, and naming itself a report (not the letterhead)."""
    for i, p in enumerate(paras[:12]):
        if ("报告" in p or "報告" in p) and len(p) <= 80:
            return i
    return None


# A run of spaces (or a tab) inside a line is layout: 发文字号 left, 签发人 right.
_GAP = re.compile(r"\t+| {2,}|\u3000{2,}")


def _balanced(text: str, per_line: int) -> list[str]:
    """Break a long title into lines of even length, as 公文 titles are set; a
    typesetter keeps words whole (GB/T 9704), so "关于" ends a line when it can."""
    count = -(-len(text) // per_line)
    lines, rest = [], text
    for left in range(count, 1, -1):
        target = -(-len(rest) // left)
        after = rest.find("关于") + 2
        near = after > 1 and abs(after - target) <= 6 and after <= per_line
        cut = after if near else _break_at(rest, target)
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest]


# --------------------------------------------------------------------------- txt


def write_txt(text: str, path: str | os.PathLike, encoding: str = "utf-8") -> Path:
    """Write `text` in `encoding` ('utf-8', 'utf-8-sig', 'gb18030', 'utf-16', ...)."""
    out = Path(path)
    out.write_bytes(text.encode(encoding))
    return out


# -------------------------------------------------------------------------- docx


def write_docx(text: str, path: str | os.PathLike) -> Path:
    """One plain paragraph per non-blank line, no heading styles (like most government files)."""
    return docx_document(text, path, print_layout=False)


def docx_document(text: str, path: str | os.PathLike, *, print_layout: bool) -> Path:
    """`print_layout` sets the page as a printed 公文 is: the title centred in 22 pt
    with a manual break that evens its lines, and a gap such as the one between
    发文字号 and 签发人 as a tab to a right-aligned stop."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    paras = _paragraphs(text)
    title_at = _title_index(paras) if print_layout else None
    for i, line in enumerate(paras):
        if i == title_at:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            per_line = int(text_width / Pt(22)) - 1
            runs = [p.add_run(part) for part in _balanced(line, per_line)]
            for run in runs:
                run.font.size = Pt(22)
            for run in runs[:-1]:
                run.add_break()  # after the run's text: the next part starts a new line
            continue
        parts = _GAP.split(line) if print_layout else [line]
        p = doc.add_paragraph("\t".join(parts))
        if len(parts) > 1:
            p.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    out = Path(path)
    doc.save(str(out))
    return out


# -------------------------------------------------------------------------- html

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="PubDate" content="{published} 10:15">
<title>{title}_{site}</title>
<script type="text/javascript">var _hmt = _hmt || []; (function() {{ }})();</script>
<style>body {{ font-family: "Microsoft YaHei"; }} .nav li {{ float: left; }}</style>
</head>
<body>
<div class="header">
  <div class="logo">{site}</div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
  <li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
  <div class="search"><input type="text" placeholder="请输入关键词"><a href="#">搜索</a></div>
</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
  <a href="/zwgk/fzzfjs/">法治政府建设</a></div>
<div class="main">
  <div class="article">
    <h1 class="article-title">{title}</h1>
    <div class="article-info">来源：{site}司法局 发布时间：{published} 浏览次数：<span>128</span>
      字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
    <div class="article-content">
{body}
    </div>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
    <div class="tools">【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】</div>
    <div class="qrcode">扫一扫在手机打开当前页</div>
    <div class="pages"><p>上一篇：<a href="/a.html">关于公布行政执法主体名单的通知</a></p>
      <p>下一篇：<a href="/b.html">关于开展安全生产大检查的通知</a></p></div>
  </div>
</div>
<div class="footer">
  <p><a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></p>
  <p>主办单位：{site}办公室 承办单位：{site}大数据中心</p>
  <p>版权所有：{site} 网站标识码：3501000001</p>
  <p>闽ICP备12345678号 闽公网安备 35010202000123号</p>
  <p>技术支持：某某信息技术有限公司</p>
</div>
</body>
</html>
"""

_BARE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}</title></head>
<body>
{body}
</body></html>
"""


def write_html(
    text: str,
    path: str | os.PathLike,
    *,
    encoding: str = "utf-8",
    boilerplate: bool = True,
    published: str | None = None,
) -> Path:
    """A government web page carrying the report in `<div class="article-content">`.

    `encoding='gbk'` declares `charset=gb2312` (as many sites do) but encodes the
    bytes as GB18030, so characters outside GB2312 survive only if the reader does
    not trust the label literally. `published` (ISO date) defaults to the last
    "YYYY年M月D日" in the text, the report's own date, else 2024-03-28.
    """
    if published is None:
        dates = re.findall(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
        y, m, d = dates[-1] if dates else ("2024", "3", "28")
        published = f"{y}-{int(m):02d}-{int(d):02d}"
    paras = _paragraphs(text)
    # The page heading is the report's title line, not the issuing office's letterhead.
    at = _title_index(paras)
    title = paras[at] if at is not None else (paras or [""])[0]
    body = "\n".join(
        f'      <p style="text-indent: 2em;">{html.escape(p, quote=False)}</p>' for p in paras
    )
    gbk = encoding.lower().replace("-", "").replace("_", "") in {"gbk", "gb2312", "gb18030"}
    charset = "gb2312" if gbk else encoding
    template = _PAGE if boilerplate else _BARE_PAGE
    page = template.format(
        charset=charset,
        title=html.escape(title, quote=False),
        site=SITE,
        published=published,
        body=body,
    )
    out = Path(path)
    out.write_bytes(page.encode("gb18030" if gbk else encoding))
    return out


# --------------------------------------------------------------------------- ofd

_NS = "http://www.ofdspec.org/2016"
_PAGE_W, _PAGE_H = 210.0, 297.0
_LEFT, _TOP = 27.0, 37.0
_SIZE = 4.4  # mm, about 12.5 pt: 35 characters fill the 156 mm text width
_PITCH = 7.4
_PER_LINE = 35
_PER_PAGE = 30


_NO_LINE_START = set("，。、；：？！）》」』”’%．,.;:?!)")
_NO_LINE_END = set("（《「『“‘(")


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".%")


def _break_at(text: str, width: int) -> int:
    """Where a word processor would break: never inside a number or Latin word,
    never before closing or after opening punctuation (禁则)."""
    cut = width
    while cut > width // 2 and (
        (_is_word(text[cut - 1]) and _is_word(text[cut]))
        or text[cut] in _NO_LINE_START
        or text[cut - 1] in _NO_LINE_END
    ):
        cut -= 1
    return cut if cut > width // 2 else width


def _wrap(paragraph: str) -> list[str]:
    # A real page indents each paragraph by two characters, so the first line is shorter.
    lines, rest, width = [], paragraph, _PER_LINE - 2
    while len(rest) > width:
        cut = _break_at(rest, width)
        lines.append(rest[:cut])
        rest, width = rest[cut:], _PER_LINE
    return [*lines, rest] if rest else lines


# A visual line is a list of (x, text, size) runs placed on one baseline.
_Row = list[tuple[float, str, float]]
_TEXT_W = _PER_LINE * _SIZE
_TITLE_SIZE = 7.0  # 二号 is 7.7 mm; a little smaller keeps 22 characters a line


def layout_rows(paragraph: str, is_title: bool) -> list[_Row]:
    if is_title:
        per_line = int(_TEXT_W / _TITLE_SIZE)
        return [
            [(_LEFT + (_TEXT_W - len(part) * _TITLE_SIZE) / 2, part, _TITLE_SIZE)]
            for part in _balanced(paragraph, per_line)
        ]
    parts = _GAP.split(paragraph)
    if len(parts) > 1 and len("".join(parts)) + 2 * (len(parts) - 1) <= _PER_LINE:
        # 发文字号 and 签发人, or 印发机关 and 印发日期: left and right on one line.
        right = parts[-1]
        row = [(_LEFT + _SIZE, " ".join(parts[:-1]), _SIZE)]
        return [[*row, (_LEFT + _TEXT_W - len(right) * _SIZE, right, _SIZE)]]
    lines = _wrap(" ".join(parts))
    return [[(_LEFT + (2 * _SIZE if i == 0 else 0.0), line, _SIZE)] for i, line in enumerate(lines)]


def _ofd_page(rows: list[_Row], first_id: int) -> tuple[str, int]:
    objects, uid = [], first_id
    for n, row in enumerate(rows):
        y = _TOP + n * _PITCH
        for x, text, size in row:
            width = len(text) * size
            delta = f' DeltaX="g {len(text) - 1} {size}"' if len(text) > 1 else ""
            objects.append(
                f'<ofd:TextObject ID="{uid}" Boundary="{x:.2f} {y:.2f} {width:.2f} {_PITCH:.2f}" '
                f'Font="2" Size="{size}"><ofd:FillColor Value="0 0 0"/>'
                f'<ofd:TextCode X="0" Y="{size:.2f}"{delta}>{html.escape(text, quote=False)}'
                "</ofd:TextCode></ofd:TextObject>"
            )
            uid += 1
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{_NS}">'
        f'<ofd:Content><ofd:Layer ID="{uid}">{"".join(objects)}</ofd:Layer></ofd:Content>'
        "</ofd:Page>"
    )
    return xml, uid + 1


def write_ofd(text: str, path: str | os.PathLike) -> Path:
    """A minimal but valid OFD (GB/T 33190) laid out like a printed 公文: centred title
    in balanced lines, body wrapped at 35 characters, 30 lines a page."""
    paras = _paragraphs(text)
    title_at = _title_index(paras)
    visual: list[_Row] = []
    for i, para in enumerate(paras):
        visual.extend(layout_rows(para, i == title_at))
    pages = [visual[i : i + _PER_PAGE] for i in range(0, len(visual), _PER_PAGE)] or [[]]
    title = html.escape(
        paras[title_at if title_at is not None else 0] if paras else "", quote=False
    )
    ofd_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{_NS}" Version="1.0" '
        'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1b2c3d4e5f6</ofd:DocID>'
        f"<ofd:Title>{title}</ofd:Title><ofd:CreationDate>2024-02-02</ofd:CreationDate>"
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    res_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{_NS}" BaseLoc="Res">'
        f'<ofd:Fonts><ofd:Font ID="2" FontName="{FONT}" FamilyName="{FONT}"/></ofd:Fonts>'
        "</ofd:Res>"
    )
    uid, page_refs, contents = 3, [], []
    for n, page in enumerate(pages):
        page_refs.append(f'<ofd:Page ID="{uid}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
        xml, uid = _ofd_page(page, uid + 1)
        contents.append((f"Doc_0/Pages/Page_{n}/Content.xml", xml))
    doc_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{_NS}">'
        f"<ofd:CommonData><ofd:MaxUnitID>{uid}</ofd:MaxUnitID><ofd:PageArea>"
        f"<ofd:PhysicalBox>0 0 {_PAGE_W:g} {_PAGE_H:g}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{''.join(page_refs)}</ofd:Pages></ofd:Document>"
    )
    out = Path(path)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", ofd_xml)
        zf.writestr("Doc_0/Document.xml", doc_xml)
        zf.writestr("Doc_0/PublicRes.xml", res_xml)
        for name, xml in contents:
            zf.writestr(name, xml)
    return out
