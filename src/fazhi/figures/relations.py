"""Relations between the figures of a paragraph: breakdowns (其中) and partitions.

A 其中 list names parts of the figure before it with the same kind of unit; a list in
brackets ends with its bracket and belongs to the figure just before the bracket, and a
figure in brackets is never the total of a list outside them. A list opened by a new
total (共, 累计) ends the breakdown; a 其中 after a rate breaks down the rate's unnamed
count and is left alone; a sentence that starts with 其中 continues the sentence before.
Lists that the rules say are exhaustive (the outcomes of a 清理 or of 审结 cases) are
parts of their total even without 其中 — '对218件规范性文件进行清理，保留180件，废止32件'
— and a total may follow them: '驳回10件、维持30件、撤销5件，共计46件'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.figures.clauses import Draft
from fazhi.figures.rules import rules

_MARKER = re.compile(
    r"[（(]?\s*其中|[（(，,]\s*(?:含|包括)|[，,]\s*分别(?:为|是)|(?:案件|纠纷|事项|文件|申请)中(?![心央])"
)
_BREAK = re.compile(r"[，,；;]\s*")
_TRAILING_TOTAL = re.compile(r"^(?:共计|合计|总计|共|累计)")


@dataclass(frozen=True, slots=True)
class Link:
    total: int  # index of the total among the paragraph's drafts
    group: str  # one id per list: parts of one list are summed together
    how: str  # 'breakdown' (其中/含), 'outcomes' (no 其中, right after the total), 'summed' (共计 after)


_BRACKET = re.compile(r"[（()）]")


class _Brackets:
    """Which bracket pair a position lies in (0 = none); built from the brackets only."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int, int]] = []  # (open, close, id), innermost found first
        stack: list[tuple[int, int]] = []
        for n, m in enumerate(_BRACKET.finditer(text), start=1):
            if m.group() in "（(":
                stack.append((m.start(), n))
            elif stack:
                opened, ident = stack.pop()
                self.spans.append((opened, m.start(), ident))
        self.spans.extend((opened, len(text), ident) for opened, ident in stack)

    def __getitem__(self, pos: int) -> int:
        best = 0
        width = None
        for opened, closed, ident in self.spans:
            if opened <= pos <= closed and (width is None or closed - opened < width):
                best, width = ident, closed - opened
        return best


def link_parts(text: str, drafts: list[Draft]) -> dict[int, Link]:
    """Map index of a part → its Link, within one paragraph's drafts."""
    groups = _Brackets(text)
    links: dict[int, Link] = {}
    sentences: list[tuple[int, int]] = []
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, d in enumerate(drafts):
        if d.sentence not in by_sentence:
            sentences.append(d.sentence)
            by_sentence[d.sentence] = []
        if d.kind in ("count", "amount") and not d.labels_bound:
            by_sentence[d.sentence].append(i)
    previous: list[int] = []
    for n, (s_start, s_end) in enumerate(sentences):
        idx = by_sentence[(s_start, s_end)]
        for k, m in enumerate(_MARKER.finditer(text, s_start, s_end)):
            pos = m.end()
            group = groups[m.start()]
            end = _list_end(text, m, s_end, groups)
            before = [i for i in idx if drafts[i].figure.end <= m.start()]
            cross = False
            if not before and not text[s_start : m.start()].strip():
                before, cross = previous, True  # '。其中…' continues the sentence before
            nearest = [d for d in drafts if d.figure.end <= m.start() and d.sentence[0] >= s_start]
            if (
                nearest
                and nearest[-1].kind in ("rate", "share")
                and _of_rate(nearest[-1], text, pos)
            ):
                continue  # '纠错率12%，其中撤销8件': parts of the rate's count, not of a total
            inner = m.group(0)[0] in "（("
            heads = [h for h in before if groups[drafts[h].figure.start] == (0 if inner else group)]
            if inner:
                heads = [h for h in before if groups[drafts[h].figure.start] != group]
            parts = [
                i
                for i in idx
                if pos <= drafts[i].figure.start < end
                and i not in links
                # a nested bracket belongs to its own list
                and (inner or groups[drafts[i].figure.start] == group)
            ]
            order = heads if cross else list(reversed(heads))
            listed = None if cross else _list_head(text, drafts, order, parts, m.start())
            if listed is None:
                listed = _exclusive_head(drafts, order, parts)
            for i in parts:
                f = drafts[i].figure
                # the count right before 其中 is the total of the whole list, even where a
                # part is larger ('审结86件，其中维持36件，撤销2件，驳回89件' does not add up);
                # else the nearest total in the sentence; across sentences the one that leads
                # the sentence before ('全市共收到申请2216件，…。其中市本级…'); never one
                # smaller than the part
                if listed is not None and _fits(drafts[listed], drafts[i]):
                    head = listed
                else:
                    head = next(
                        (
                            h
                            for h in order
                            if _fits(drafts[h], drafts[i])
                            and drafts[h].figure.base_value >= f.base_value
                        ),
                        None,
                    )
                if head is not None:
                    # '1206件，分别为行政处罚案件987件、…' names every part
                    how = "summed" if "分别" in m.group(0) else "breakdown"
                    links[i] = Link(head, f"m{n}.{k}", how)
        _link_partitions(drafts, idx, links, f"p{n}")
        previous = idx
    return links


_ADJACENT = re.compile(r"[\s，,；;]*")


def _fits(total: Draft, part: Draft) -> bool:
    return _same_measure(total, part) and (_same_field(total, part) or _kind_of(total, part))


def _kind_of(total: Draft, part: Draft) -> bool:
    """'办理行政执法案件…其中行政许可案件…': the part names a kind of act of the total, a
    set of categories that spans fields (行政许可 is 政务服务 on its own)."""
    return any(
        not e.field and e.of_total(total.subject, total.domain) and e.kinds(part.subject)
        for e in rules().exclusive
    )


def _exclusive_head(drafts: list[Draft], order: list[int], parts: list[int]) -> int | None:
    """The total whose mutually exclusive categories the parts each name: '收到申请150件，
    受理130件，审结117件。其中，确认违法61件，撤销36件…' lists outcomes of the 审结 cases,
    not of the applications that lead the sentence (nor a part larger than it is a reason
    to look elsewhere: it is the error to report)."""
    if not parts:
        return None
    subjects = [drafts[i].subject for i in parts]
    return next(
        (
            h
            for h in order
            if rules().exclusive_set(drafts[h].subject, drafts[h].domain, subjects) is not None
            and all(_fits(drafts[h], drafts[i]) for i in parts)
        ),
        None,
    )


def _list_head(
    text: str, drafts: list[Draft], order: list[int], parts: list[int], marker: int
) -> int | None:
    """The total of a whole 其中 list when it is the count right before the marker.

    It is the list's total when at least one part fits within it, so that a part larger
    than it is an error to report ('审结86件，其中维持36件，撤销2件，驳回89件'), not a
    reason to look further back. Only when the parts add up to an earlier total exactly
    do they belong to that one ('收到申请104件，已办结86件，其中市本级90件，区县14件').
    """
    if not order or not parts:
        return None
    near = drafts[order[0]]
    start = min(max(near.figure.end, near.text_end), marker)
    if not _ADJACENT.fullmatch(text, start, marker):
        return None  # '审结86件，同比增长5%，其中…': something stands between
    mine = [i for i in parts if _fits(near, drafts[i])]
    if not mine or all(drafts[i].figure.base_value > near.figure.base_value for i in mine):
        return None
    total = sum(drafts[i].figure.base_value for i in mine)
    if total > near.figure.base_value:
        for h in order[1:]:
            if drafts[h].figure.base_value == total and all(
                _fits(drafts[h], drafts[i]) for i in mine
            ):
                return h
    return order[0]


def _of_rate(rate: Draft, text: str, pos: int) -> bool:
    """Whether the list after `pos` names what the rate counts (纠错率…其中撤销、确认违法)."""
    first = _BREAK.split(text[pos : pos + 20], maxsplit=1)[0]
    return any(
        fam.rate.search(rate.subject) and fam.numerator.search(first) for fam in rules().rates
    )


def _list_end(text: str, m: re.Match[str], s_end: int, groups: _Brackets) -> int:
    r = rules()
    pos = m.end()
    if m.group(0)[0] in "（(":
        # (含十人以上集体案件 3 件): the list ends with its bracket
        depth = 1
        for j in range(pos, s_end):
            if text[j] in "（(":
                depth += 1
            elif text[j] in "）)":
                depth -= 1
                if depth == 0:
                    return j
        return s_end
    end = s_end
    if "其中" not in m.group(0):
        brk = _BREAK.search(text, pos, s_end)  # ，含…: one clause
        end = brk.start() if brk else s_end
    for brk in _BREAK.finditer(text, pos, end):
        if groups[brk.start()] == groups[m.start()] and r.breakdown_end.match(text, brk.end()):
            return brk.end()
    nxt = _MARKER.search(text, pos, end)
    while nxt is not None and nxt.group(0)[0] in "（(":
        nxt = _MARKER.search(text, nxt.end(), end)  # a bracketed list nests inside this one
    return nxt.start() if nxt else end


def _same_field(total: Draft, part: Draft) -> bool:
    """'审结37件，其中维持31件…；行政诉讼案件14件': a part of another field ends the list."""
    return total.domain is None or part.domain is None or total.domain == part.domain


def _same_measure(total: Draft, part: Draft) -> bool:
    a, b = total.figure, part.figure
    if a.unit_class != b.unit_class:
        return False
    return a.base_unit == b.base_unit or rules().comparable(a.base_unit, b.base_unit)


def _link_partitions(drafts: list[Draft], idx: list[int], links: dict[int, Link], gid: str) -> None:
    for p in rules().partitions:
        for t in idx:
            total = drafts[t]
            if t in links or not p.total.search(total.subject) or p.parts.search(total.left):
                continue
            members = []
            # the outcomes must follow their total directly: '审结3611件，纠错423件，纠错率
            # 11.7%；调解结案1109件' states headline figures, not a list of parts
            for i in range(t + 1, len(drafts)):
                d = drafts[i]
                if d.sentence != total.sentence or d.kind not in ("count", "amount"):
                    break
                if not _same_measure(total, d) or not p.parts.search(d.subject):
                    break
                members.append(i)
            if len(members) >= 2 and not any(i in links for i in members):
                for i in members:
                    links[i] = Link(t, f"{gid}.{t}", "outcomes")
        # parts first, then their total: '驳回10件、维持30件、撤销5件，共计46件'
        run: list[int] = []
        for i in idx:
            d = drafts[i]
            if (
                i not in links
                and p.parts.search(d.left)
                and (not run or _same_measure(drafts[run[0]], d))
            ):
                run.append(i)
                continue
            if (
                len(run) >= 2
                and _TRAILING_TOTAL.match(d.left.strip())
                and _same_measure(drafts[run[0]], d)
            ):
                for j in run:
                    links[j] = Link(i, f"{gid}.t{i}", "summed")
            run = []
