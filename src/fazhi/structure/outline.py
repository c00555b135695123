"""Paragraphs → the heading tree.

Government reports number their headings `一、` → `（一）` → `1.` → `（1）`; most .docx
files carry no heading styles, so the tree is read from the numbering itself. A heading
is either a paragraph of its own or the lead phrase of a paragraph up to its first `。`
(a run-in heading). Numbers must follow on from their siblings, which keeps a sentence
that happens to start with "1." or "三、" out of the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from fazhi.model import Section

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# rank → pattern; the rank orders marker styles from the outermost to the innermost.
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^(?P<m>(?P<n>[一二三四五六七八九十]{1,3})\s*[、.．]\s*)(?=\S)")),
    # "第一部分" sits above "一、" when a report uses both
    (0, re.compile(r"^(?P<m>第(?P<n>[一二三四五六七八九十]{1,3})部分\s*[、：:]?\s*)(?=\S)")),
    (2, re.compile(r"^(?P<m>[（(]\s*(?P<n>[一二三四五六七八九十]{1,3})\s*[）)]\s*)(?=\S)")),
    (3, re.compile(r"^(?P<m>(?P<n>\d{1,2})\s*[.、．](?!\d)\s*)(?=\S)")),
    (4, re.compile(r"^(?P<m>[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*)(?=\S)")),
    (4, re.compile(r"^(?P<m>(?P<n>\d{1,2})\s*[）)]\s*)(?=\S)")),
    (5, re.compile(r"^(?P<m>(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))(?=\S)")),
)
# "一，" is a slip for "一、": taken only for a short heading line that fits the sequence
_LOOSE_TOP = re.compile(r"^(?P<m>(?P<n>[一二三四五六七八九十]{1,3})\s*[，,]\s*)(?=\S)")
# "二、三季度，我局…" and "三、四月份…" start sentences about periods, not headings;
# "一、一年来的主要工作" is a heading all the same: 一年来/一年以来 looks back on the year
_PERIOD_AFTER_MARKER = re.compile(r"^[一二三四五六七八九十]{1,2}(?:季度|月|个月|年(?![来以多])|、)")
# a numbered 《policy title》 or a table row ("1.行政复议 57 52") is a list item
_LIST_ITEM = re.compile(r"^《[^》]+》[；;。，,]?$|(?:\s+[\d.%]+){2,}\s*$")
_LABEL_LINE = re.compile(r"^[\u4e00-\u9fa5]{2,15}$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_MAX_STANDALONE = 100
_MAX_COLON_TITLE = 30  # a colon further in belongs to the sentence, not to a heading  # a longer paragraph without 。 is body text, not a heading


@dataclass(frozen=True, slots=True)
class Heading:
    index: int  # paragraph index
    rank: int
    number: int
    marker: str
    title: str
    run_in: bool


def chinese_number(text: str) -> int:
    """'三' → 3, '十二' → 12, '二十' → 20."""
    if text in _CIRCLED:  # before isdigit(): '①'.isdigit() is True but int('①') fails
        return _CIRCLED.index(text) + 1
    if text.isdecimal():
        return int(text)
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def match_heading(paragraph: str, index: int = 0) -> Heading | None:
    """The heading a paragraph starts with, if its shape is one; numbering not yet checked."""
    for rank, pattern in _MARKERS:
        m = pattern.match(paragraph)
        if m is None:
            continue
        marker = m.group("m").rstrip()
        rest = paragraph[m.end() :]
        if rank <= 2 and _PERIOD_AFTER_MARKER.match(rest):
            return None
        title, run_in = _split_run_in(rest)
        if title is None or _LIST_ITEM.search(title):
            return None
        return Heading(index, rank, chinese_number(m.group("n")), marker, title, run_in)
    return None


def _loose_heading(paragraph: str, index: int) -> Heading | None:
    m = _LOOSE_TOP.match(paragraph)
    if m is None or "。" in paragraph or len(paragraph) > 30:
        return None
    return Heading(
        index, 1, chinese_number(m.group("n")), m.group("m").rstrip(), paragraph[m.end() :], False
    )


def _split_run_in(rest: str) -> tuple[str | None, bool]:
    """A heading's title, and whether body text follows it in the same paragraph."""
    cut = rest.find("。")
    colon = min((i for i in (rest.find("："), rest.find(":")) if i != -1), default=-1)
    if 0 < colon <= _MAX_COLON_TITLE and (cut == -1 or colon < cut) and rest[colon + 1 :].strip():
        # "（一）强化组织领导：市政府主要负责人……" — the lead phrase before the colon
        return rest[:colon].strip(), True
    if cut == -1:
        if rest.endswith(("；", ";")):
            return None, False  # "1．行政处罚案卷120卷；" is an item of a list
        stripped = rest.rstrip("；;：:")
        if len(stripped) > _MAX_STANDALONE or not stripped:
            return None, False
        return stripped, False
    title = rest[:cut].strip()
    if not title:
        return None, False
    # "（二）持续提升行政执法质量。" with nothing after it is a heading of its own
    return title, bool(rest[cut + 1 :].strip())


def find_headings(
    paragraphs: tuple[str, ...] | list[str], start: int = 0, end: int | None = None
) -> list[Heading]:
    """Headings among `paragraphs[start:end]` whose numbers follow on from their siblings."""
    end = len(paragraphs) if end is None else end
    accepted: list[Heading] = []
    # last number seen per rank, reset whenever an outer rank advances
    last: dict[int, int] = {}
    label_since: set[int] = set()  # ranks under which an unnumbered label line was seen
    for i in range(start, end):
        h = match_heading(paragraphs[i], i)
        if h is None:
            h = _loose_heading(paragraphs[i], i)
            if h is None or h.number != last.get(1, 0) + 1:
                if _LABEL_LINE.match(paragraphs[i]):
                    label_since.update(last)
                continue
        prev = last.get(h.rank, 0)
        standalone = not h.run_in and len(h.title) <= 40
        # a slip is only forgiven in a heading's words, not in a list of figures
        short = len(h.title) <= 30 and not any(ch.isdigit() for ch in h.title)
        follows = (
            h.number == prev + 1
            or (prev and h.number == prev + 2)
            or (h.number == 1 and prev != 1)
            # a writer's slip: a number repeated, or a list starting at 2, on a heading line
            or (short and prev and h.number == prev)
            or (standalone and not prev and h.number == 2)
        )
        if not follows:
            continue
        # a second "1." with no new parent in between is an inner list, not a heading,
        # unless an unnumbered label line ("社会监督") opened a new group
        if (
            h.number == 1
            and prev > 1
            and not _has_outer_since(accepted, h.rank)
            and h.rank not in label_since
        ):
            continue
        label_since.discard(h.rank)
        accepted.append(h)
        last[h.rank] = h.number
        for r in list(last):
            if r > h.rank:
                del last[r]
    return _without_preamble_lists(accepted)


def _without_preamble_lists(headings: list[Heading]) -> list[Heading]:
    """A numbered list before the first heading of the outermost rank belongs to the
    preamble ("主要指标：1.…；2.…"), which is not a section."""
    if not headings:
        return headings
    top = min(h.rank for h in headings)
    first = next(h.index for h in headings if h.rank == top)
    return [h for h in headings if h.index >= first]


def _has_outer_since(accepted: list[Heading], rank: int) -> bool:
    for h in reversed(accepted):
        if h.rank == rank:
            return False
        if h.rank < rank:
            return True
    return False


def build_tree(headings: list[Heading], body_end: int) -> tuple[Section, ...]:
    """Nest headings by rank; each section runs to the next heading of its rank or above."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for h in headings:
        node = _Node(h)
        while stack and stack[-1].heading.rank >= h.rank:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return tuple(_freeze(n, body_end, 1) for n in _with_ends(roots, body_end))


@dataclass(slots=True)
class _Node:
    heading: Heading
    children: list[_Node] = None  # type: ignore[assignment]
    end: int = 0

    def __post_init__(self) -> None:
        if self.children is None:
            self.children = []


def _with_ends(nodes: list[_Node], parent_end: int) -> list[_Node]:
    for i, node in enumerate(nodes):
        node.end = nodes[i + 1].heading.index if i + 1 < len(nodes) else parent_end
        _with_ends(node.children, node.end)
    return nodes


def _freeze(node: _Node, body_end: int, level: int) -> Section:
    h = node.heading
    return Section(
        marker=h.marker,
        title=h.title,
        level=level,
        start=h.index,
        end=node.end,
        run_in=h.run_in,
        children=tuple(_freeze(c, body_end, level + 1) for c in node.children),
    )


def outline(paragraphs: tuple[str, ...], start: int, end: int) -> tuple[Section, ...]:
    """The heading tree of the body `paragraphs[start:end]`."""
    return build_tree(find_headings(paragraphs, start, end), end)


def from_styles(
    paragraphs: tuple[str, ...], styled: tuple[tuple[int, str], ...], start: int, end: int
) -> tuple[Section, ...]:
    """The tree from Word heading styles, for documents whose headings carry no numbering."""
    wanted = {"".join(text.split()): level for level, text in styled if text.strip()}
    headings = []
    for i in range(start, end):
        level = wanted.get("".join(paragraphs[i].split()))
        if level is not None:
            m = match_heading(paragraphs[i], i)
            marker, title = (m.marker, m.title) if m else ("", paragraphs[i].strip())
            headings.append(Heading(i, level, 0, marker, title, False))
    return build_tree(headings, end)


def with_kinds(sections: tuple[Section, ...], kinds: list[str]) -> tuple[Section, ...]:
    return tuple(replace(s, kind=k) for s, k in zip(sections, kinds, strict=True))
