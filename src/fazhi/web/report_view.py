"""What the report page shows, computed from a stored analysis: no I/O, no HTML.

`build_view(contract, text)` turns the analysis contract and the analysed text (one
paragraph per line) into plain data for `report.html`: each paragraph cut into segments
at every boundary of a mark (a figure, a finding's evidence, a run-in heading), so that
marks which overlap still nest properly — every segment is closed before the next one
opens — and every piece of text reaches the template as text, to be escaped there.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fazhi.web import report_parts as parts
from fazhi.web.report_parts import number

KIND_LABELS = {
    "measures": "主要举措和成效",
    "shortcomings": "存在的不足",
    "first_responsible": "第一责任人职责",
    "next_year": "下一年度安排",
    "other": "其他",
}
SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
MAX_OCCURRENCES = 10  # a short quotation repeated all over the text is marked this often
# findings whose quotations are marked in the text: a document repeating one paragraph
# thousands of times has thousands of findings quoting it, and marking them all would
# make the page as large as their number squared
MAX_MARKED_FINDINGS = 200
_FLEXIBLE_LIMIT = 1000  # longer quotations are only looked for as they are


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    fact: str | None = None  # the tooltip of the figure(s) this piece belongs to
    findings: tuple[int, ...] = ()  # numbers of the findings quoting this piece
    anchors: tuple[str, ...] = ()  # "ev-N" for each finding whose first quotation starts here
    strong: bool = False  # part of a run-in heading


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    segments: tuple[Segment, ...]
    heading: bool = False


@dataclass(frozen=True, slots=True)
class OutlineNode:
    anchor: str
    label: str
    kind: str | None
    kind_label: str | None
    children: tuple[OutlineNode, ...] = ()


@dataclass(frozen=True, slots=True)
class FindingView:
    number: int
    severity: str
    rule: str
    title: str | None
    message: str
    anchor: str | None  # "ev-N" when a quotation was found in the text
    quoted: bool  # the finding quotes the text at all


@dataclass(frozen=True, slots=True)
class ReportView:
    paragraphs: tuple[Paragraph, ...]
    outline: tuple[OutlineNode, ...]
    findings: tuple[FindingView, ...]
    groups: tuple[tuple[str, str, tuple[FindingView, ...]], ...]  # severity, label, items
    counts: dict[str, int]
    checklist: tuple[dict[str, Any], ...]
    coverage: dict[str, Any] | None
    card: tuple[dict[str, Any], ...]
    score: float | None
    meta: dict[str, Any]
    notices: tuple[tuple[str, str], ...]  # (kind: bad | warn | info, text)
    facts: int = 0  # figures marked in the text
    reviewable: bool = True  # an annual report, analysed: it has findings, contents, a score
    # every figure as a row (paragraph, indicator, value, base value): the tooltips' content
    # for keyboard and screen-reader users, who cannot hover
    fact_rows: tuple[tuple[int, str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    kind: str  # fact | evidence | strong
    value: Any = None  # the tooltip of a fact, the number of a finding


# -- numbers and labels -----------------------------------------------------------------


def fact_title(fact: Mapping[str, Any]) -> str:
    """The tooltip of a figure: its indicator, value, value in the base unit, 约数."""
    indicator, name = fact.get("indicator"), fact.get("indicator_name")
    lines = [f"{name or indicator}（{indicator}）" if indicator else "未归入指标"]
    if fact.get("subject"):
        lines.append(f"事项：{fact['subject']}")
    value = number(fact.get("value"))
    if fact.get("value_max") is not None:
        value += f"～{number(fact['value_max'])}"
    lines.append(f"数值：{value}{fact.get('unit') or ''}")
    if (base := _base_text(fact)) is not None:
        lines.append(f"基准值：{base}")
    if fact.get("approx"):
        lines.append("约数")
    return "\n".join(lines)


def _base_text(fact: Mapping[str, Any]) -> str | None:
    """The value in the base unit, when it says something the value does not (万元 → 元)."""
    if fact.get("base_value") is None:
        return None
    base = f"{number(fact['base_value'])}{fact.get('base_unit') or ''}"
    same = f"{number(fact.get('value'))}{fact.get('unit') or ''}"
    return None if base == same else base


def _fact_row(fact: Mapping[str, Any]) -> tuple[int, str, str, str]:
    indicator, name = fact.get("indicator"), fact.get("indicator_name")
    value = number(fact.get("value"))
    if fact.get("value_max") is not None:
        value += f"～{number(fact['value_max'])}"
    value += str(fact.get("unit") or "") + ("（约）" if fact.get("approx") else "")
    label = (name or indicator) if indicator else f"未归入指标：{fact.get('subject') or ''}"
    return fact["paragraph"], str(label), value, _base_text(fact) or ""


# -- locating marks -----------------------------------------------------------------------


def _fact_range(fact: Mapping[str, Any], line: str) -> tuple[int, int] | None:
    span = fact.get("span")
    if (
        isinstance(span, list | tuple)
        and len(span) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        and 0 <= span[0] < span[1] <= len(line)
    ):
        return span[0], span[1]
    # an analysis stored before facts carried their span: find the clause, then the
    # figure in it (the value as printed, with its unit when the unit follows directly)
    text = fact.get("text") or ""
    at = line.find(text) if text else -1
    if at < 0:
        return None
    value = number(fact.get("value"))
    if value:
        pattern = r"(?<![\d.])" + re.escape(value) + r"(?![\d])"
        found = re.search(pattern, line[at : at + len(text)])
        if found:
            start, end = at + found.start(), at + found.end()
            unit = fact.get("unit") or ""
            if unit and line.startswith(unit, end):
                end += len(unit)
            return start, end
    return at, at + len(text)


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Where a finding's quotation stands in the text (offsets into the whole text).

    Tried as given, then allowing other whitespace (a quotation joined from a wrapped
    line) and a masked digit for a digit: the stored text has personal data masked
    (158****6217), while a quotation was masked on its own, or not at all."""
    quote = quote.strip()
    if not quote:
        return []
    chars = [c for c in quote if not c.isspace()]
    patterns = [re.escape(quote)]
    if len(chars) >= 2 and len(quote) <= _FLEXIBLE_LIMIT:
        patterns.append(
            r"\s*".join(r"[\d*]" if c.isdigit() or c == "*" else re.escape(c) for c in chars)
        )
    for pattern in patterns:
        found = itertools.islice(re.finditer(pattern, text), MAX_OCCURRENCES)
        if spans := [m.span() for m in found]:
            return spans
    return []


def _split(line: str, marks: list[_Mark], anchors: Mapping[int, list[str]]) -> list[Segment]:
    """Cut a line at every boundary of its marks; each piece knows every mark over it,
    and the piece at an offset in `anchors` carries those anchors."""
    marks = [m for m in marks if m.start < m.end]
    if not marks:
        return [Segment(line)]
    cuts = sorted({0, len(line), *(m.start for m in marks), *(m.end for m in marks)})
    segments = []
    for a, b in itertools.pairwise(cuts):
        over = [m for m in marks if m.start <= a and m.end >= b]
        facts = list(dict.fromkeys(m.value for m in over if m.kind == "fact"))
        segments.append(
            Segment(
                line[a:b],
                fact="\n\n".join(facts) or None,
                findings=tuple(sorted({m.value for m in over if m.kind == "evidence"})),
                anchors=tuple(anchors.get(a, ())),
                strong=any(m.kind == "strong" for m in over),
            )
        )
    return segments


# -- the parts of the page ----------------------------------------------------------------


def _outline(sections: Iterable[Mapping[str, Any]], lines: int) -> tuple[OutlineNode, ...]:
    nodes = []
    for s in sections:
        start = (s.get("paragraphs") or [0])[0]
        if not isinstance(start, int) or not 0 <= start < max(lines, 1):
            start = 0
        kind = s.get("kind")
        nodes.append(
            OutlineNode(
                anchor=f"p-{start}",
                label=f"{s.get('marker') or ''}{s.get('title') or ''}".strip() or "（无标题）",
                kind=kind,
                kind_label=KIND_LABELS.get(kind) if kind else None,
                children=_outline(s.get("children") or (), lines),
            )
        )
    return tuple(nodes)


def _headings(
    contract: Mapping[str, Any], lines: list[str]
) -> tuple[set[int], dict[int, tuple[int, int]]]:
    """Paragraphs that are headings, and the run-in headings opening a paragraph."""
    whole: set[int] = set()
    run_in: dict[int, tuple[int, int]] = {}
    todo = list(contract.get("sections") or ())
    while todo:
        s = todo.pop()
        todo.extend(s.get("children") or ())
        start = (s.get("paragraphs") or [None])[0]
        if not isinstance(start, int) or not 0 <= start < len(lines):
            continue
        if not s.get("run_in"):
            whole.add(start)
            continue
        title = s.get("title") or ""
        at = lines[start].find(title) if title else -1
        # the heading leads its paragraph: only its marker (and a space) comes first
        if 0 <= at <= len(s.get("marker") or "") + 2:
            end = at + len(title)
            if lines[start][end : end + 1] in ("。", "：", ":", "．"):
                end += 1
            run_in.setdefault(start, (0, end))
    title = re.sub(r"\s+", "", ((contract.get("metadata") or {}).get("title") or ""))
    if title:  # the document's own title, before the first section
        first = min(whole | set(run_in) | {len(lines)})
        for i, line in enumerate(lines[: min(first, 15)]):
            if re.sub(r"\s+", "", line) == title:
                whole.add(i)
                break
    return whole, run_in


# -- the whole page -------------------------------------------------------------------------


def build_view(
    contract: Mapping[str, Any],
    text: str | None,
    *,
    rule_titles: Mapping[str, str] | None = None,
) -> ReportView:
    """The report page's data; `rule_titles` names the rules (code → 中文名称)."""
    lines = text.split("\n") if text else []
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    whole_text = "\n".join(lines)
    marks: dict[int, list[_Mark]] = {}

    facts = 0
    fact_rows = []
    for fact in contract.get("facts") or ():
        i = fact.get("paragraph")
        if not isinstance(i, int) or not 0 <= i < len(lines):
            continue
        fact_rows.append(_fact_row(fact))
        where = _fact_range(fact, lines[i])
        if where:
            marks.setdefault(i, []).append(_Mark(*where, "fact", fact_title(fact)))
            facts += 1

    anchors: dict[int, dict[int, list[str]]] = {}  # paragraph → offset → "ev-N"
    findings = []
    for n, finding in enumerate(contract.get("findings") or (), 1):
        quotes = [q for q in finding.get("evidence") or () if isinstance(q, str) and q.strip()]
        anchor = None
        for quote in quotes if n <= MAX_MARKED_FINDINGS else ():
            for s, e in locate(whole_text, quote):
                # a quotation over several lines marks a piece of each
                i = bisect.bisect_right(starts, s) - 1
                while i < len(lines) and starts[i] < e:
                    a, b = max(s - starts[i], 0), min(e - starts[i], len(lines[i]))
                    if a < b:
                        marks.setdefault(i, []).append(_Mark(a, b, "evidence", n))
                        if anchor is None:
                            anchor = f"ev-{n}"
                            anchors.setdefault(i, {}).setdefault(a, []).append(anchor)
                    i += 1
        severity = finding.get("severity")
        findings.append(
            FindingView(
                number=n,
                severity=severity if severity in SEVERITY_ORDER else "info",
                rule=str(finding.get("rule") or ""),
                title=(rule_titles or {}).get(finding.get("rule") or ""),
                message=str(finding.get("message") or ""),
                anchor=anchor,
                quoted=bool(quotes),
            )
        )

    whole, run_in = _headings(contract, lines)
    for i, (a, b) in run_in.items():
        marks.setdefault(i, []).append(_Mark(a, b, "strong"))
    paragraphs = tuple(
        Paragraph(i, tuple(_split(line, marks.get(i, []), anchors.get(i, {}))), i in whole)
        for i, line in enumerate(lines)
    )

    groups = tuple(
        (s, SEVERITY_LABELS[s], tuple(f for f in findings if f.severity == s))
        for s in SEVERITY_ORDER
    )
    review = contract.get("review") if isinstance(contract.get("review"), Mapping) else None
    return ReportView(
        paragraphs=paragraphs,
        outline=_outline(contract.get("sections") or (), len(lines)),
        findings=tuple(findings),
        groups=tuple(g for g in groups if g[2]),
        counts={s: len(items) for s, _, items in groups},
        checklist=parts.checklist(contract, lines),
        coverage=parts.coverage(review) if review else None,
        card=parts.card(review) if review else (),
        score=review.get("score") if review else None,
        meta=parts.meta(contract),
        notices=parts.notices(contract),
        facts=facts,
        fact_rows=tuple(fact_rows),
        reviewable=contract.get("is_report") is True and not contract.get("error"),
    )
