"""Raw extracted text → clean paragraphs, one per line.

Every extractor and every pasted text breaks lines where the page did, not where the
writer did: PDF text is wrapped at the line width, and pasted reports carry a blank line
between the halves of a sentence cut by a page break. This stage re-joins those pieces,
drops page furniture (page numbers, rules, site residue), folds full-width digits and
Latin letters, and converts traditional characters to simplified, so that every later
stage sees the same text whatever the input format was.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from fazhi.ingest.residue import strip_residue
from fazhi.markers import CLOSING_START, HEADING_START, MARKER_ONLY, ORGAN_END, TOP_HEADING_START

# Full-width ASCII letters and digits and a few symbols fold to half-width; Chinese
# punctuation (，。：（）) stays as written because evidence quotes the text and
# readers expect the punctuation they typed.
_FOLD = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFF10, 0xFF1A)}
_FOLD.update({cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFF21, 0xFF3B)})
_FOLD.update({cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFF41, 0xFF5B)})
_FOLD.update({ord("％"): "%", ord("．"): ".", ord("＋"): "+", ord("／"): "/"})
_FOLD.update(
    {
        0x00A0: " ",
        0x3000: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0xFEFF: None,
        ord("\t"): " ",
    }
)

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～_\s]*[-—–－~～_]\s*\d{1,4}\s*[-—–－~～_][-—–－~～_\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
# a bare number is a page number only at a page edge (next to a blank line or the text's
# ends); inside a paragraph it is a figure cut off by the line width ("案件" / "125" / "件")
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_RULE_LINE = re.compile(r"^[\s─━—\-_=＿﹍﹎·…*]{3,}$")
_TERMINAL = re.compile(r"[。！？；：!?;:…][”’」』）)]*$")
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]{1,2}是|首先|其次|再次|最后|此外)")
_CLOSING_LINE = re.compile(
    CLOSING_START.pattern + r"|^\S{0,30}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:印发|印制)?$"
    r"|^[〇零一二三四五六七八九○Ｏ０O]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$"
)
_ADDRESSEE_LINE = re.compile(rf"^[^，。；,;]{{0,40}}{ORGAN_END}[：:]$")
_PROSE_PUNCT = re.compile(r"[，、；。,;]")
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
_CJK_PUNCT = r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018-\u201d\u2014\u2026\u300a-\u300f]"
# one space between two CJK characters is an artefact of justification; a wider gap is a
# separator ("签发人：曾斌    李晓峰") and stays as one space
_INNER_SPACE = re.compile(rf"(?<={_CJK}|{_CJK_PUNCT}) (?={_CJK}|{_CJK_PUNCT})")
_MULTI_SPACE = re.compile(r" {2,}")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")

# Common simplified characters; their traditional forms (computed with OpenCC) are the
# evidence that a text is written in traditional script.
_PROBE_SIMPLIFIED = (
    "这个们来时会发区县与为国说对学于经关进过将体实现务规条点问题开设报门见长东车书电话应当"
    "总结范执复议讼监督审查处罚协调调解织领导责权证照设计划据统类资产业营环传动机构编制数"
)


@lru_cache(maxsize=1)
def _converters():
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    traditional = set(opencc.OpenCC("s2t").convert(_PROBE_SIMPLIFIED)) - set(_PROBE_SIMPLIFIED)
    return to_simplified, frozenset(traditional)


def is_traditional(text: str) -> bool:
    """True when the text is written in traditional characters (e.g. a reposted page)."""
    _, traditional = _converters()
    sample = text[:4000]
    hits = sum(sample.count(ch) for ch in traditional)
    if hits < 5:
        return False
    cjk = len(_CJK_CHAR.findall(sample))
    return hits >= 0.01 * max(cjk, 1)


def to_simplified(text: str) -> str:
    converter, _ = _converters()
    return converter.convert(text)


def _unspace(line: str) -> str:
    """Undo letter-spacing ('2 0 2 3 年 ， 全 市'), which justified PDFs produce."""
    tokens = line.split(" ")
    if len(tokens) >= 6 and sum(len(t) == 1 for t in tokens) >= 0.6 * len(tokens):
        return re.sub(r"(?<=\S) (?=\S)", "", line)
    return line


# a text table's row: cells parted by tabs or by runs of two or more spaces, at least
# two such gaps and a figure among the cells ('受理（件）　　196　　170　　+15.3%')
_CELL_GAP = re.compile(r"\t+|[ \u3000\xa0]{2,}")
_FIGURE_CELL = re.compile(
    r"^[+\-－]?\d[\d,.]*\s*(?:%|个百分点|[件项个次人元份场家名条起卷本户]|万元?)?$"
)


_HEADER_CELL = re.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:度)?|本年|上年|本期|上期|同比|增减|增幅|变化|今年|去年)"
)


def fold_width(text: str) -> str:
    """Full-width ASCII letters, digits and a few symbols as half-width, odd spaces as a
    space: the folding every stored text went through (Chinese punctuation stays)."""
    return text.translate(_FOLD)


_FOLDABLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in _FOLD) + "]")


def _table_row(line: str) -> list[str] | None:
    cells = [c for c in _CELL_GAP.split(line.strip()) if c.strip()]
    if len(cells) < 3:
        return None
    while len(cells) > 1 and len(cells[0].strip()) == 1 and len(cells[1].strip()) == 1:
        cells[:2] = [cells[0].strip() + cells[1].strip()]  # '项　　目' is one spaced-out word
    folded = [c.strip().translate(_FOLD) for c in cells]
    if any(_FIGURE_CELL.match(c) for c in folded):
        return cells
    if sum(bool(_HEADER_CELL.match(c)) for c in folded) >= 2:
        return cells  # the header row: 项目　2022年　2021年　增减
    return None


def clean_line(line: str) -> str:
    if "\t" in line:
        # a reader's table row (Word, HTML): cells as the reader found them, empty ones kept
        # so that columns stay aligned with their header
        cells = [c for c in line.split("\t")]
        while cells and not cells[-1].strip():
            cells.pop()
        if sum(1 for c in cells if c.strip()) >= 2:
            return "\t".join(clean_line(c) for c in cells)
    cells = _table_row(line) if ("  " in line or "\u3000\u3000" in line) else None
    if cells:
        # one tab between cells, so later stages can tell a table row from prose
        return "\t".join(clean_line(c) for c in cells)
    if _FOLDABLE.search(line):  # translate walks every character: only when needed
        line = line.translate(_FOLD)
    line = _unspace(line.strip())
    if "签发人" not in line:  # "签发人：曾斌 李晓峰" lists names separated by a space
        line = _INNER_SPACE.sub("", line)
    return _MULTI_SPACE.sub(" ", line)


def normalize(raw: str) -> tuple[tuple[str, ...], bool]:
    """Return the paragraphs of `raw` and whether traditional script was converted."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    converted = is_traditional(text)
    if converted:
        text = to_simplified(text)
    lines = [clean_line(ln) for ln in text.split("\n")]
    lines = [
        ln
        for i, ln in enumerate(lines)
        if not _is_furniture(ln) and not (_BARE_NUMBER.match(ln) and _at_page_edge(lines, i))
    ]
    lines = strip_residue(lines)
    paragraphs = _rejoin(lines)
    return tuple(_drop_repeats(paragraphs)), converted


def _is_furniture(line: str) -> bool:
    return bool(line) and (
        _PAGE_NUMBER.match(line) is not None or _RULE_LINE.match(line) is not None
    )


def _at_page_edge(lines: list[str], i: int) -> bool:
    return i == 0 or i == len(lines) - 1 or not lines[i - 1] or not lines[i + 1]


def _width(line: str) -> float:
    """Visual width in CJK cells: Latin letters and digits take half a cell."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


class _Wrap(float):
    """The wrap width of a hard-wrapped text, with the measure its lines are cut by."""

    measure: Callable[[str], float]

    def __new__(cls, value: float, measure: Callable[[str], float]) -> _Wrap:
        wrap = super().__new__(cls, value)
        wrap.measure = measure
        return wrap


def _span(line: str, width: float | None) -> float:
    """The line's width in the measure the text was wrapped by."""
    return width.measure(line) if isinstance(width, _Wrap) else _width(line)


def _concentration(widths: list[float]) -> tuple[float, float]:
    """The top quartile of the widths, and the share of widths within a cell of it."""
    top = statistics.quantiles(widths, n=4)[2]
    return top, sum(1 for w in widths if abs(w - top) <= 1.5) / len(widths)


def _wrap_width(lines: list[str]) -> _Wrap | None:
    """The line width of a hard-wrapped text, or None when lines are whole paragraphs.

    In wrapped text most lines that stop mid-sentence have nearly the same width. A
    typeset page (PDF, OFD) cuts its lines at a visual width, where a digit takes half a
    cell; text wrapped at a number of characters (a pasted text layer, a plain-text
    export) cuts every line at the same count, digits or not. Whichever measure gives
    the tighter cluster of full lines is the one the text was wrapped by: measured the
    other way, a line full of digits would look short and end its paragraph.
    """
    open_lines = [ln for ln in lines if len(ln) >= 12 and not _TERMINAL.search(ln)]
    if len(open_lines) < 6:
        return None
    measure: Callable[[str], float] = _width
    top, share = _concentration([_width(ln) for ln in open_lines])
    by_chars, chars_share = _concentration([float(len(ln)) for ln in open_lines])
    if chars_share > share:
        measure, top = len, by_chars
    open_ends = [measure(ln) for ln in open_lines]
    near = [w for w in open_ends if abs(w - top) <= 2.5]
    if len(near) < 0.4 * len(open_ends) or top > 60:
        return None
    # wrapped text has (almost) no line wider than the wrap width; whole paragraphs do
    wider = sum(1 for ln in lines if measure(ln) > top + 3)
    if wider > 0.1 * len(lines):
        return None
    return _Wrap(top, measure)


def _standalone(line: str) -> bool:
    """A line that is a unit by itself: heading, title, addressee, date, signature."""
    if _TERMINAL.search(line) or _CLOSING_LINE.match(line):
        return True
    if (
        line.startswith(("（", "("))
        and line.endswith(("）", ")"))
        and not HEADING_START.match(line)
    ):
        return True
    if HEADING_START.match(line) and len(line) <= 100 and "。" not in line:
        return True
    return _PROSE_PUNCT.search(line) is None and len(line) <= 40


def _starts_new_paragraph(line: str) -> bool:
    return bool(HEADING_START.match(line) or _CLOSING_LINE.match(line))


def _rejoin(lines: list[str]) -> list[str]:
    """Join the pieces of paragraphs that a page or line break split."""
    width = _wrap_width([ln for ln in lines if ln])
    out: list[str] = []
    open_paragraph: bool | str = False  # may the last paragraph go on in the next line?
    in_head = True  # letterhead, 文号 and title lines come before the first line of prose
    for line in lines:
        if not line:
            continue
        if "\t" in line or (out and "\t" in out[-1]):
            out.append(line)  # a table row is never part of a wrapped paragraph
            open_paragraph = False
            continue
        if in_head and (
            (_PROSE_PUNCT.search(line) and len(line) > 20)
            or HEADING_START.match(line)
            or _ADDRESSEE_LINE.match(line)
        ):
            in_head = False
        if in_head and out and line == out[-1]:
            continue  # a title printed twice
        if (
            width is not None
            and out
            and _heading_line(out[-1])
            and _span(out[-1], width) >= width - 6
            and _HEADING_END.match(line)
        ):
            out[-1] += line  # "（五）…公正文明执" / "法。在市县两级…": a run-in heading wrapped
            open_paragraph = _continues(out[-1], line, width)
            continue
        # a one- or two-character line is never a label, wrapped text or not
        if (
            (width is not None or len(line) <= 2)
            and out
            and _heading_line(out[-1])
            and _short_tail(line)
        ):
            # "…第一责任人职责" / "情况": a wrapped heading's last words (in unwrapped text a
            # short line after a heading is a label such as "坚持高位推动")
            out[-1] += line
            open_paragraph = False
            continue
        if out and MARKER_ONLY.match(out[-1]) and not HEADING_START.match(line):
            out[-1] += line  # "（一）" alone on its line, the title on the next
            open_paragraph = _continues(out[-1], out[-1], None if in_head else width)
            continue
        if out and not _TERMINAL.search(out[-1]) and _BARE_NUMBER.match(line):
            out[-1] += line  # a figure alone on its line never starts a paragraph
            open_paragraph = True
            continue
        if (
            out
            and _FIGURE_HEAD.match(line)
            and not _TERMINAL.search(out[-1])
            and not out[-1].endswith(("：", ":"))
            and not _heading_line(out[-1])
            and not in_head
        ):
            out[-1] += line  # "…化解率" / "98.0%。…": a figure never opens a paragraph
            open_paragraph = _continues(out[-1], line, width)
            continue
        if out and out[-1][-1:].isdigit() and _NUMBER_TAIL.match(line):
            out[-1] += line  # "…办公室 2024" / "年2月6日印发": a date or figure cut at its number
            open_paragraph = _continues(out[-1], line, width)
            continue
        if out and not _TERMINAL.search(out[-1]) and _cut_figure(out[-1], line):
            # "…罚没款686.49万" / "元，…", "…罚没款686." / "49万元": a line full of digits
            # looks short (a digit takes half a cell), but a figure cut by the line width
            # is never the end of a paragraph
            out[-1] += line
            open_paragraph = _continues(out[-1], line, width)
            continue
        if (
            out
            and open_paragraph
            and not _starts_new_paragraph(line)
            and not (_ENUMERATION.match(line) and not _full(out[-1], width))
            and (open_paragraph is not _TAIL_ONLY or _is_tail(line, width))
        ):
            out[-1] = _glue(out[-1], line)
            open_paragraph = _continues(out[-1], line, width)
            continue
        out.append(line)
        # head lines (letterhead, title) are not width-joined, but a wrapped addressee is
        head_line = in_head and not _PROSE_PUNCT.search(line)
        open_paragraph = _continues(line, line, None if head_line else width)
    return out


def _full(paragraph: str, width: float | None) -> bool:
    return width is not None and _span(paragraph, width) >= width - 2.5


_HEADING_END = re.compile(r"^[^，。；,;\s]{1,6}。")
_UNIT = r"(?:%|个百分点|[万亿]?[余多]?\s*[件项个次人元份场家名条起卷本所户宗]|[万亿](?![\d.]))"
_FIGURE_HEAD = re.compile(rf"^\d+(?:\.\d+)?\s*{_UNIT}")
_NUMBER_TAIL = re.compile(r"^[年月日号%件项个次人元万亿份场家名条起卷本所]")
# a figure with its unit, to find one that a line break cut in two
_FIGURE = re.compile(rf"\d+(?:\s*\.\s*\d+)?\s*{_UNIT}")
_NUMBER_END = re.compile(r"\d[\s.]*(?:[万亿]\s*)?$")
_SEAM = 16  # characters either side of a line break looked at for a cut figure
_TAIL_ONLY = "tail"  # the paragraph may take only a short unpunctuated tail


def _cut_figure(paragraph: str, line: str) -> bool:
    """Whether the line break between `paragraph` and `line` cuts a figure or its unit
    ("686.49万" / "元", "686." / "49万元", "审结1" / "25件"): the break falls inside a
    number with its unit, and the number goes on across it."""
    if HEADING_START.match(line):
        return False
    left = paragraph[-_SEAM:]
    if not _NUMBER_END.search(left):
        return False
    seam = len(left)
    return any(m.start() < seam < m.end() for m in _FIGURE.finditer(left + line[:_SEAM]))


def _heading_line(paragraph: str) -> bool:
    return bool(HEADING_START.match(paragraph)) and "。" not in paragraph and len(paragraph) <= 100


def _short_tail(line: str) -> bool:
    """A few words with no punctuation: the end of a line that wrapped, not a sentence."""
    return (
        len(line) <= 8
        and not _PROSE_PUNCT.search(line)
        and not _TERMINAL.search(line)
        and not HEADING_START.match(line)
        and not _CLOSING_LINE.match(line)
        and not _BARE_NUMBER.match(line)
    )


def _is_tail(line: str, width: float | None) -> bool:
    short = width is None or _span(line, width) < width / 2
    return short and not _PROSE_PUNCT.search(line) and not _TERMINAL.search(line)


def _continues(paragraph: str, last_line: str, width: float | None) -> bool | str:
    """Whether the paragraph ending in `last_line` probably goes on in the next line."""
    if last_line.endswith(("，", "、", ",")):
        return True  # a list cut at its comma: 抄送 and 主送 lines wrap like this
    if _TERMINAL.search(last_line):
        return False
    if _CLOSING_LINE.match(last_line):
        # "抄送：区委办，区人大常委会办公室，区" wraps like any full line
        return width is not None and _span(last_line, width) >= width - 2.5
    if paragraph is last_line and TOP_HEADING_START.match(last_line) and "。" not in last_line:
        # a 一、 heading stands alone even when it happens to fill the line, unless a short
        # tail finishes it ("…第一责任人职责情" / "况")
        return _TAIL_ONLY if width is not None and _span(last_line, width) >= width - 2.5 else False
    if width is not None and _span(last_line, width) >= width - 2.5:
        return True
    if width is not None and _span(last_line, width) < width - 6:
        return False  # in wrapped text a clearly short line ends its paragraph
    if paragraph is last_line and _standalone(last_line):
        return False
    # the 、 of a "二、" marker is not prose punctuation
    text = HEADING_START.sub("", paragraph, count=1)
    return _PROSE_PUNCT.search(text) is not None and len(text) >= 15


def _glue(left: str, right: str) -> str:
    # No space at the seam: a line break inside Chinese text, or inside a number cut by
    # the page width ("审结5" / "5件"), is not a word boundary.
    return left + right


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Drop a line that repeats the one before it (a title printed twice); a repeated
    sentence is kept, for the review to report as a duplicated paragraph."""
    out: list[str] = []
    for p in paragraphs:
        if out and p == out[-1] and len(p) <= 80 and not p.rstrip().endswith(("。", "；")):
            continue
        out.append(p)
    return out
