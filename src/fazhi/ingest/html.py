"""Web pages: decode honestly, take the article, drop the site around it.

Many reports are only published as a page on a government site. The page adds
navigation, share bars and a footer; readability-lxml finds the article, and
normalisation removes the site residue it lets through.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fazhi.ingest.base import clean_text, decode_bytes, fail, normalise_label
from fazhi.model import Extracted

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Elements that start a new line of text; all others flow inline.
_BLOCK_TAGS = (
    "p div br li ul ol dl dt dd tr table h1 h2 h3 h4 h5 h6 section article blockquote pre "
    "address center header footer nav aside form hr figure figcaption main"
)
_BLOCK = frozenset(_BLOCK_TAGS.split())
_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "select", "option"}
_FURNITURE = {"nav", "header", "footer", "aside", "iframe"}
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_LABELS = (
    re.compile(r"(?:发布时间|发布日期|发表时间|公开日期|发文日期)\s*[:：]\s*"),
    re.compile(r"(?<![文发])时间\s*[:：]\s*"),
)
_DATE_META = {
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "article:published_time",
    "publishtime",
    "publish_date",
    "datepublished",
}
_TITLE_SUFFIX = re.compile(r"\s*(?:_|\||｜|——|\s[-–—]\s)\s*")
# Only the whole body is used when readability keeps less than this share of it.
_MIN_SUMMARY_SHARE = 0.5


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    label = normalise_label(m.group(1).decode("ascii", "ignore")) if m else None
    # A meta tag readable as ASCII cannot be in UTF-16/32, whatever it says (HTML spec).
    return None if label and label.startswith(("utf-16", "utf-32")) else label


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """A BOM wins over the declared label, which wins over guessing (see `decode_bytes`)."""
    return decode_bytes(data, declared=declared_charset(data))


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _is_data_cell(cell: Any) -> bool:
    """A short cell of a data table, not a layout cell holding the article's paragraphs."""
    try:
        text = cell.text_content()
    except (AttributeError, ValueError):
        return False
    return len(text.strip()) <= 40 and not any(_tag(x) == "table" for x in cell.iterdescendants())


def to_lines(root: Any, skip: set[str] = _INVISIBLE) -> list[str]:
    """Text of `root`, one line per block element; table cells separated by tabs."""
    buf: list[str] = []
    depth = [0]  # how many table cells we are inside

    def walk(el: Any) -> None:
        tag = _tag(el)
        if tag in skip or not tag:
            return
        # inside a cell, paragraphs and breaks (Word pastes <td><p><span>215</span></p>)
        # only part words: the row must stay one line
        block = tag in _BLOCK and not (depth[0] and tag not in ("tr", "table"))
        inline_break = tag in _BLOCK and not block
        if block:
            buf.append("\n")
        elif inline_break:
            buf.append(" ")
        data_cell = tag in ("td", "th") and _is_data_cell(el)
        if data_cell:
            depth[0] += 1
        if el.text:
            buf.append(_HTML_SPACE.sub(" ", el.text))
        for child in el:
            walk(child)
            if child.tail:
                buf.append(_HTML_SPACE.sub(" ", child.tail))
        if data_cell:
            depth[0] -= 1
        if tag in ("td", "th"):
            buf.append("\t")
        if block:
            buf.append("\n")
        elif inline_break:
            buf.append(" ")

    walk(root)
    lines = []
    for line in clean_text("".join(buf)).split("\n"):
        line = re.sub(r" *\t[ \t]*", "\t", line).strip(" \t")
        if line.strip():
            lines.append(line)
    return lines


def parse_date(value: str) -> date | None:
    m = _DATE.search(value)
    if not m:
        m = re.search(r"\b((?:19|20)\d{2})(\d{2})(\d{2})\b", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def published_date(tree: Any, page_lines: list[str]) -> date | None:
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        if key in _DATE_META:
            found = parse_date(meta.get("content") or "")
            if found:
                return found
    for label in _DATE_LABELS:
        for line in page_lines:
            m = label.search(line)
            if m and len(line) < 200:
                found = parse_date(line[m.end() : m.end() + 30])
                if found:
                    return found
    return None


def _text(el: Any) -> str:
    return _HTML_SPACE.sub(" ", el.text_content()).strip()


def _is_report_title(text: str) -> bool:
    return "报告" in text or "報告" in text


def page_title(tree: Any, page_lines: list[str] | None = None) -> str | None:
    head_title = ""
    for el in tree.iter("title"):
        head_title = _text(el)
        break
    h1s = [t for t in (_text(h) for h in tree.iter("h1")) if 4 <= len(t) <= 150]
    titled = []
    for el in tree.iter():
        marks = f"{el.get('class') or ''} {el.get('id') or ''}".lower() if _tag(el) else ""
        if "title" in marks and _tag(el) != "title":
            text = _text(el)
            if 8 <= len(text) <= 150 and _is_report_title(text):
                titled.append(text)
    for text in h1s:
        if _is_report_title(text):
            return text
    if titled:
        return titled[0]
    parts = [p.strip() for p in _TITLE_SUFFIX.split(head_title) if p.strip()]
    with_report = [p for p in parts if _is_report_title(p)]
    if with_report:
        return with_report[0]
    # old table layouts put the title in a bold, centred cell: a short line naming a report
    for line in page_lines or []:
        line = line.strip()
        if (
            8 <= len(line) <= 80
            and _is_report_title(line)
            and "。" not in line
            and "，" not in line
        ):
            return line
    for text in h1s:
        if text in head_title:
            return text
    if parts:
        return parts[0]
    return h1s[0] if h1s else None


def _summary_lines(html_text: str) -> list[str]:
    import lxml.html
    from readability import Document

    try:
        summary = Document(html_text).summary(html_partial=True)
        return to_lines(lxml.html.fragment_fromstring(summary, create_parent="div"))
    except Exception:  # readability gives up on odd pages; the body fallback covers them
        return []


def _chars(lines: list[str]) -> int:
    return sum(len(re.sub(r"\s", "", line)) for line in lines)


def read_html(data: bytes, filename: str) -> Extracted:
    import lxml.etree
    import lxml.html

    text, encoding, warnings = decode_html(data)
    text = _XML_DECL.sub("", clean_text(text))
    if not text.strip():
        raise fail("input.empty", filename, "是空网页，没有任何文字")
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise fail("input.empty", filename, "是空网页，没有任何文字") from exc
    page_lines = to_lines(tree)
    body_lines = to_lines(tree, _INVISIBLE | _FURNITURE)
    lines = _summary_lines(text)
    if _chars(lines) < _MIN_SUMMARY_SHARE * _chars(body_lines):
        lines = body_lines
        warnings.append("未能识别网页正文区域，已使用整页文字")
    # site residue is removed by normalisation, for pages and pasted text alike
    if not "".join(lines).strip():
        raise fail("input.empty", filename, "网页中没有正文文字")
    return Extracted(
        text="\n".join(lines),
        format="html",
        encoding=encoding,
        title=page_title(tree, page_lines),
        published=published_date(tree, page_lines),
        warnings=tuple(warnings),
    )
