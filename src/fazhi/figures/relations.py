"""Relations between the figures of a sentence: breakdowns (其中) and partitions.

A 其中 list names parts of the figure before it with the same kind of unit; nested
lists start again at the next 其中. A list opened by a new total (共, 累计) ends the
breakdown. Lists that the rules say are exhaustive (the outcomes of a 清理 or of the
审结 cases) are parts of their total even without 其中: '对218件规范性文件进行清理，
保留180件，废止32件'.
"""

from __future__ import annotations

import re

from fazhi.figures.clauses import Draft
from fazhi.figures.rules import rules

_MARKER = re.compile(r"[（(]?\s*其中|[（(，,]\s*(?:含|包括)")
_BREAK = re.compile(r"[，,；;]\s*")
_CLOSE = re.compile(r"[）)]")


def link_parts(text: str, drafts: list[Draft]) -> dict[int, int]:
    """Map index of a part → index of its total, within one paragraph's drafts."""
    r = rules()
    parts: dict[int, int] = {}
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, d in enumerate(drafts):
        if d.kind in ("count", "amount") and not d.labels_bound:
            by_sentence.setdefault(d.sentence, []).append(i)
    for (s_start, s_end), idx in by_sentence.items():
        found = list(_MARKER.finditer(text, s_start, s_end))
        markers = [m.end() for m in found]
        for k, pos in enumerate(markers):
            end = markers[k + 1] if k + 1 < len(markers) else s_end
            opener = found[k].group(0)[0]
            if opener in "（(":
                # (含十人以上集体案件 3 件): the breakdown ends with its bracket
                close = _CLOSE.search(text, pos, end)
                end = close.start() if close else end
            elif "其中" not in found[k].group(0):
                # ，含…: a breakdown without 其中 lasts one clause
                brk = _BREAK.search(text, pos, end)
                end = brk.start() if brk else end
            for brk in _BREAK.finditer(text, pos, end):
                if r.breakdown_end.match(text, brk.end()):
                    end = brk.end()
                    break
            heads = [i for i in idx if drafts[i].figure.end <= pos]
            for i in idx:
                f = drafts[i].figure
                if not pos <= f.start < end:
                    continue
                head = next(
                    (h for h in reversed(heads) if _same_measure(drafts[h], drafts[i])), None
                )
                if head is not None:
                    parts[i] = head
        _link_partitions(drafts, idx, parts)
    return parts


def _same_measure(total: Draft, part: Draft) -> bool:
    a, b = total.figure, part.figure
    if a.unit_class != b.unit_class:
        return False
    return a.base_unit == b.base_unit or rules().comparable(a.base_unit, b.base_unit)


def _link_partitions(drafts: list[Draft], idx: list[int], parts: dict[int, int]) -> None:
    for p in rules().partitions:
        for n, t in enumerate(idx):
            total = drafts[t]
            if t in parts or not p.total.search(total.subject):
                continue
            members = []
            for i in idx[n + 1 :]:
                d = drafts[i]
                if not _same_measure(total, d) or not p.parts.search(d.subject):
                    break
                members.append(i)
            if len(members) >= 2 and not any(i in parts for i in members):
                for i in members:
                    parts[i] = t
