"""What a review opinion (审查意见) says, independent of the file it is written to.

The opinion lists the report's problems by severity — each with the rule's name, the
message, the quoted passage, a suggested fix and the rule's source — then the score
card and the coverage of the nine areas. Word and Markdown writers render this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fazhi.checks.catalogue import rules
from fazhi.checks.privacy import redact
from fazhi.model import Document
from fazhi.score import coverage_map
from fazhi.score import review as make_review

SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_HEADINGS = {
    "error": "需要改正的问题",
    "warning": "需要核实或完善的问题",
    "info": "提示",
}
_MAX_QUOTE = 120


@dataclass(frozen=True, slots=True)
class Problem:
    severity: str
    title: str
    message: str
    quotes: tuple[str, ...]
    fix: str
    source: str


@dataclass(frozen=True, slots=True)
class Opinion:
    title: str
    facts: tuple[tuple[str, str], ...]  # label, value: 报告主体, 报告年度…
    summary: str
    problems: dict[str, tuple[Problem, ...]]
    card: tuple[tuple[str, float, float, str], ...]  # name, weight, points, reasons
    total: float
    areas: tuple[tuple[str, int, int, str], ...]  # area, covered, total, items not covered


def _quote(text: str) -> str:
    # the opinion travels further than the report: personal data stays masked in it
    text = redact(" ".join(text.split()))
    return text if len(text) <= _MAX_QUOTE else text[:_MAX_QUOTE] + "……"


def build_opinion(doc: Document, reviewed_on: date | None = None) -> Opinion:
    """The opinion on an analysed report; `doc.review` is computed when missing."""
    review = doc.review if doc.review is not None else make_review(doc)
    catalogue = rules()
    meta = doc.metadata
    # a title that itself cites a document keeps its inner marks distinct: 《…〈…〉…》
    name = (meta.title or Path(doc.source.path).name).replace("《", "〈").replace("》", "〉")
    problems: dict[str, list[Problem]] = {s: [] for s in SEVERITY_ORDER}
    for f in doc.findings:
        rule = catalogue.get(f.rule)
        problems.setdefault(f.severity, []).append(
            Problem(
                severity=f.severity,
                title=rule.title if rule else f.rule,
                message=f.message,
                quotes=tuple(_quote(e) for e in f.evidence if e.strip()),
                fix=rule.fix if rule else "",
                source=rule.source if rule else "",
            )
        )
    facts = [
        ("报告标题", meta.title or "（未识别）"),
        ("报告主体", meta.issuer or "（未识别）"),
        ("报告年度", f"{meta.report_year}年度" if meta.report_year else "（未识别）"),
        ("文号", meta.doc_number or "—"),
        ("成文日期", meta.issue_date.isoformat() if meta.issue_date else "—"),
        ("审查文件", Path(doc.source.path).name),
    ]
    if reviewed_on is not None:
        facts.append(("审查日期", reviewed_on.isoformat()))
    counts = {s: len(problems[s]) for s in SEVERITY_ORDER}
    summary = (
        f"经审查，该报告综合得分 {review.card.total:g} 分（满分 100 分）。"
        f"发现需要改正的问题 {counts['error']} 项、需要核实或完善的问题 {counts['warning']} 项、"
        f"提示 {counts['info']} 项；覆盖纲要九个方面二级事项 {len(review.coverage.covered)}/"
        f"{review.coverage.total} 项，举措部分具体率 {review.substance.ratio:.0%}。"
    )
    card = tuple((c.name, c.weight, c.points, "；".join(c.reasons)) for c in review.card.criteria)
    areas = []
    for area in coverage_map():
        missing = [it.name for it in area.items if it.code not in review.coverage.covered]
        done = len(area.items) - len(missing)
        areas.append((area.name, done, len(area.items), "、".join(missing)))
    return Opinion(
        title=f"关于《{name}》的审查意见",
        facts=tuple(facts),
        summary=summary,
        problems={k: tuple(v) for k, v in problems.items()},
        card=card,
        total=review.card.total,
        areas=tuple(areas),
    )
