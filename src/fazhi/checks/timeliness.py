"""`timeliness.late`: a report dated or published after the deadline for its issuer.

Departments report by 1 March, governments publish by 1 April of the year after the
report year (`data/deadlines.yaml`). The date tried is the 成文日期 under the signature
(then the 印发日期), and for publication the date a web page was published when the
input carries one. Without any date the review says it could not tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from fazhi.checks.catalogue import finding
from fazhi.datafiles import DataFileError, compile_patterns, flag, load, mapping
from fazhi.model import Document, Finding
from fazhi.structure.dates import DATE, parse_date

_FILE = "deadlines.yaml"
ISSUER_KINDS = ("government", "department", "zone", "township", "party")
_KIND_NAMES = {
    "government": "地方人民政府",
    "department": "政府部门",
    "zone": "开发区（园区）管理机构",
    "township": "乡镇（街道）",
    "party": "党委及其议事协调机构",
}


@dataclass(frozen=True, slots=True)
class Deadline:
    month: int
    day: int
    year_offset: int
    action: str
    basis: str
    published: bool  # the deadline is for publication, so a page's date can show lateness

    def for_year(self, report_year: int) -> date:
        return date(report_year + self.year_offset, self.month, self.day)


@cache
def load_deadlines() -> list[tuple[int, dict[str, Deadline]]]:
    data = load(_FILE, "fazhi.deadlines/1")
    raw = data.get("regimes")
    if not isinstance(raw, list) or not raw:
        raise DataFileError(f"数据文件 {_FILE} 的 regimes 应为非空列表")
    out = []
    for i, regime in enumerate(raw):
        regime = mapping(_FILE, f"regimes[{i}]", regime)
        start, basis = regime.get("from_report_year"), regime.get("basis")
        if not isinstance(start, int) or not isinstance(basis, str):
            raise DataFileError(
                f"数据文件 {_FILE} 的 regimes[{i}] 需要整数 from_report_year 和字符串 basis"
            )
        deadlines = {}
        for kind, spec in mapping(
            _FILE, f"regimes[{i}].deadlines", regime.get("deadlines")
        ).items():
            where = f"regimes[{i}].deadlines.{kind}"
            spec = mapping(_FILE, where, spec)
            if kind not in ISSUER_KINDS:
                raise DataFileError(f"数据文件 {_FILE} 的 {where} 不是已知的报告主体类别")
            try:
                d = Deadline(
                    int(spec["month"]),
                    int(spec["day"]),
                    int(spec["year_offset"]),
                    str(spec["action"]),
                    basis,
                    flag(_FILE, f"{where}.published", spec.get("published")),
                )
                d.for_year(2000)
            except (KeyError, TypeError, ValueError) as exc:
                raise DataFileError(f"数据文件 {_FILE} 的 {where} 有误：{exc}") from exc
            deadlines[kind] = d
        out.append((start, deadlines))
    return sorted(out, key=lambda r: r[0])


@cache
def load_government_issuers() -> re.Pattern[str]:
    data = load(_FILE, "fazhi.deadlines/1")
    return compile_patterns(
        _FILE, "issued_for_government", [str(data.get("issued_for_government"))]
    )[0]


def issuer_kind_for_deadline(doc: Document) -> str | None:
    """The issuer kind whose deadline applies: a government office that issues the
    government's report (under a cover notice) answers to the government's deadline."""
    meta = doc.metadata
    if (
        meta.issuer_kind == "department"
        and meta.issuer
        and load_government_issuers().search(meta.issuer)
        and meta.title
        and re.search(r"《[^》]*报告》", meta.title)
    ):
        return "government"
    return meta.issuer_kind


def deadline(report_year: int, issuer_kind: str | None) -> Deadline | None:
    """The deadline of the latest regime in force for `report_year`; None before any."""
    found = None
    for start, deadlines in load_deadlines():
        if start <= report_year:
            found = deadlines.get(issuer_kind or "government")
    return found


def _date_line(doc: Document, when: date) -> str | None:
    """The paragraph near the end that prints `when`, quoted as evidence."""
    for text in reversed(doc.paragraphs[-15:]):
        for m in DATE.finditer(text):
            if parse_date(m.group()) == when:
                return m.group()
    return None


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def timeliness_findings(doc: Document) -> tuple[Finding, ...]:
    meta = doc.metadata
    if not doc.is_report:
        return ()
    if meta.report_year is None:
        return (finding("timeliness.no_date", "无法确定报告年度，因而无法核对报送和公开时限"),)
    kind = issuer_kind_for_deadline(doc)
    due = deadline(meta.report_year, kind)
    if due is None:
        return (
            finding(
                "timeliness.no_date",
                f"fazhi 没有{meta.report_year}年度报告的时限规定，未核对是否按时",
            ),
        )
    limit = due.for_year(meta.report_year)
    who = _KIND_NAMES.get(kind or "government", "报告单位")
    rule_text = f"{who}应于{_cn(limit)}前{due.action}{meta.report_year}年度报告（{due.basis}）"
    dated = meta.issue_date or meta.print_date
    published = doc.source.published
    if dated is None and published is None:
        return (
            finding(
                "timeliness.no_date",
                f"文中没有成文日期或发布日期，无法核对是否按时：{rule_text}",
            ),
        )
    out = []
    if dated is not None and dated > limit:
        late = (dated - limit).days
        label = "成文日期" if meta.issue_date else "印发日期"
        out.append(
            finding(
                "timeliness.late",
                f"{label}为{_cn(dated)}，晚于期限{late}天：{rule_text}",
                tuple(x for x in (_date_line(doc, dated),) if x),
                deadline=limit.isoformat(),
                date=dated.isoformat(),
            )
        )
    elif published is not None and published > limit and due.published:
        # dated on time but posted late — or re-posted: a page's date is weaker evidence
        code = "timeliness.published_late" if dated is not None else "timeliness.late"
        out.append(
            finding(
                code,
                f"网页发布日期为{_cn(published)}，晚于公开期限{(published - limit).days}天：{rule_text}",
                (),
                deadline=limit.isoformat(),
                date=published.isoformat(),
            )
        )
    return tuple(out)
