"""Word .docx: body paragraphs and tables in document order, with list numbers.

Government .docx files rarely use heading styles; what they do use, now and
then, is automatic numbering, whose "一、" exists only in numbering.xml. The
reader rebuilds that text so that later stages see what a person sees.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from fazhi.ingest.base import clean_text, fail, is_blank
from fazhi.ingest.formats import is_encrypted_ooxml
from fazhi.model import Extracted

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Text boxes, drawings and their fallbacks hold floating text (or a copy of it);
# it is out of reading order, so those subtrees are skipped.
_SKIP = {f"{W}drawing", f"{W}pict", f"{W}object", f"{MC}AlternateContent", f"{W}txbxContent"}
# Tracked deletions and the old place of moved text are not part of the document.
_SKIP |= {f"{W}del", f"{W}delText", f"{W}moveFrom", f"{W}instrText"}
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _attr(el: Any, name: str) -> str | None:
    return None if el is None else el.get(f"{W}{name}")


def _int(el: Any, name: str, default: int) -> int:
    # Hand-edited and converted files carry odd values; a bad number must not
    # make the whole document unreadable.
    try:
        return int(_attr(el, name) or default)
    except ValueError:
        return default


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 and digits is _DIGITS else digits[tens]
        return head + ten + (digits[ones] if ones else "")
    return str(n)


_ROMAN = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"),
        strict=True,
    )
)


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str | None:
    """Render counter `n` in Word's `numFmt`; None for bullets and unknown formats."""
    simple = {
        "decimal": lambda: str(n),
        "decimalZero": lambda: f"{n:02d}",
        "decimalFullWidth": lambda: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
        "chineseCounting": lambda: _chinese(n),
        "chineseCountingThousand": lambda: _chinese(n),
        "japaneseCounting": lambda: _chinese(n),
        "chineseLegalSimplified": lambda: _chinese(n, _LEGAL, "拾"),
        "ideographTraditional": lambda: _TIANGAN[(n - 1) % 10],
        "ideographZodiac": lambda: _ZODIAC[(n - 1) % 12],
        "decimalEnclosedCircle": lambda: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
        "decimalEnclosedCircleChinese": lambda: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
        "lowerLetter": lambda: _letters(n),
        "upperLetter": lambda: _letters(n).upper(),
        "lowerRoman": lambda: _roman(n),
        "upperRoman": lambda: _roman(n).upper(),
    }
    render = simple.get(fmt)
    return render() if render else None


class _Numbering:
    """Counters for automatic numbering, advanced paragraph by paragraph."""

    def __init__(self, root: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for absnum in root.iterchildren(f"{W}abstractNum"):
            levels = {}
            for lvl in absnum.iterchildren(f"{W}lvl"):
                fmt = _attr(lvl.find(f"{W}numFmt"), "val") or "decimal"
                text = _attr(lvl.find(f"{W}lvlText"), "val") or ""
                start = _int(lvl.find(f"{W}start"), "val", 1)
                levels[_int(lvl, "ilvl", 0)] = (fmt, text, start)
            self.levels[_attr(absnum, "abstractNumId") or ""] = levels
        for num in root.iterchildren(f"{W}num"):
            overrides = {}
            for ov in num.iterchildren(f"{W}lvlOverride"):
                start_el = ov.find(f"{W}startOverride")
                if start_el is not None:
                    overrides[_int(ov, "ilvl", 0)] = _int(start_el, "val", 1)
            abstract = _attr(num.find(f"{W}abstractNumId"), "val") or ""
            self.nums[_attr(num, "numId") or ""] = (abstract, overrides)

    def label(self, num_id: str, ilvl: int) -> str | None:
        if num_id not in self.nums:
            return None
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return None

        def level_text(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl_fmt, _, lvl_start = levels.get(k, ("decimal", "", 1))
            value = counters.get(k, lvl_start)
            return format_number(value, lvl_fmt) or ""

        out = re.sub(r"%(\d)", level_text, text)
        return out or None


class _Styles:
    def __init__(self, root: Any) -> None:
        self.styles: dict[str, Any] = {}
        if root is not None:
            for st in root.iterchildren(f"{W}style"):
                self.styles[_attr(st, "styleId") or ""] = st

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            st = self.styles[style_id]
            yield st
            style_id = _attr(st.find(f"{W}basedOn"), "val")

    def heading_level(self, style_id: str | None, ppr: Any) -> int | None:
        """Outline level set on the paragraph, else a `Heading N`/`标题 N` style or
        the outline level a style (or one it is based on) sets."""
        level = _attr(ppr.find(f"{W}outlineLvl") if ppr is not None else None, "val")
        if level is None:
            for st in self._chain(style_id):
                m = _HEADING_NAME.match(_attr(st.find(f"{W}name"), "val") or "")
                if m:
                    return int(m.group(1))
                level = _attr(st.find(f"{W}pPr/{W}outlineLvl"), "val")
                if level is not None:
                    break
        # Level 9 is Word's "body text".
        if level is not None and level.isdigit() and int(level) < 9:
            return int(level) + 1
        return None

    def num_pr(self, style_id: str | None) -> Any:
        for st in self._chain(style_id):
            num_pr = st.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                return num_pr
        return None


class _Walker:
    def __init__(self, numbering: _Numbering, styles: _Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.headings: list[tuple[int, str]] = []

    def run_text(self, el: Any) -> str:
        parts: list[str] = []
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                # A page break is layout, not a new line of text.
                parts.append("" if _attr(child, "type") == "page" else "\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag != f"{W}pPr":
                parts.append(self.run_text(child))
        return "".join(parts)

    def paragraph(self, p: Any) -> str:
        text = self.run_text(p)
        ppr = p.find(f"{W}pPr")
        style_id = _attr(ppr.find(f"{W}pStyle") if ppr is not None else None, "val")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        if num_pr is None:
            num_pr = self.styles.num_pr(style_id)
        if num_pr is not None and text.strip():
            num_id = _attr(num_pr.find(f"{W}numId"), "val")
            ilvl = _int(num_pr.find(f"{W}ilvl"), "val", 0)
            label = self.numbering.label(num_id, ilvl) if num_id and num_id != "0" else None
            if label:
                sep = "" if label[-1] in "、.．)）:：" or label[-1].isspace() else " "
                text = label + sep + text.lstrip()
        level = self.styles.heading_level(style_id, ppr)
        if level is not None and text.strip():
            self.headings.append((level, text.strip()))
        return text

    def text_boxes(self, p: Any) -> list[str]:
        """Lines of the text boxes anchored in paragraph `p`: red letterheads are often
        drawn as one, and PDF-to-Word converters put every line in one. Word stores each
        box twice (mc:Choice and a VML mc:Fallback); only the first copy is read."""
        out: list[str] = []
        for box in p.iter(f"{W}txbxContent"):
            ancestors = {a.tag for a in box.iterancestors()}
            if f"{MC}Fallback" in ancestors or f"{W}txbxContent" in ancestors:
                continue
            for child in box:
                out.extend(line for line in self.block(child) if line.strip())
        return out

    def block(self, el: Any) -> list[str]:
        tag = el.tag
        if tag == f"{W}p":
            return [*self.text_boxes(el), self.paragraph(el)]
        if tag == f"{W}tbl":
            return self.table(el)
        if tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
            out: list[str] = []
            for child in el:
                out.extend(self.block(child))
            return out
        return []

    def cell(self, tc: Any) -> list[str]:
        lines: list[str] = []
        for child in tc:
            lines.extend(line for line in self.block(child) if line.strip())
        return lines

    def table(self, tbl: Any) -> list[str]:
        """A row of several cells becomes one tab-separated line, so a record such as
        "行政复议案件 | 125件 | 同比增长8%" stays together and reads in order. A row
        with a single cell is a layout box (often the whole body or the 抄送 block)
        whose paragraphs keep their own lines."""
        out: list[str] = []
        for tr in tbl.iter(f"{W}tr"):
            if tr.getparent() is not tbl:
                continue
            cells = [self.cell(tc) for tc in tr.iterchildren(f"{W}tc")]
            filled = [c for c in cells if c]
            if len(filled) == 1:
                out.extend(filled[0])
            elif filled:
                out.append("\t".join(" ".join(c) for c in filled))
        return out


# Titles that word processors and converters fill in by themselves.
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:word document|document|microsoft word 文档|文档\s*\d*|无标题|untitled|\d+|[-_. ]*)$", re.I
)


def _core_title(doc: Any) -> str | None:
    title = (doc.core_properties.title or "").strip()
    title = re.sub(r"^Microsoft Word\s*-\s*", "", title).strip()
    return None if _PLACEHOLDER_TITLE.match(title) else title


def read_docx(data: bytes, filename: str, fmt: str = "docx") -> Extracted:
    if is_encrypted_ooxml(data):
        raise fail("docx.encrypted", filename, "设置了打开密码（已加密），请去除密码后再提交")
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
        body = doc.element.body
        try:
            numbering_root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering_root = None
        styles_root = doc.styles.element
        walker = _Walker(_Numbering(numbering_root), _Styles(styles_root))
        lines: list[str] = []
        for child in body.iterchildren():
            lines.extend(walker.block(child))
        title = _core_title(doc)
    except Exception as exc:  # python-docx raises many kinds for damaged packages
        raise fail("docx.corrupt", filename, "已损坏或不是有效的 Word 文档（.docx）") from exc
    text = clean_text("\n".join(lines))
    if is_blank(text):
        raise fail("input.empty", filename, "中没有任何文字")
    return Extracted(text=text, format=fmt, headings=tuple(walker.headings), title=title)
