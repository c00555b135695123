"""Is this text a rule-of-law government annual report, and if not, what is it?

Reviewers load reports together with look-alikes: 政府信息公开年度报告 (also full of
行政复议 figures), 政府工作报告, 实施方案, 工作要点, news about a report, 行政复议 or 普法
summaries. The title usually says which; the body decides when the title is wrong (a
report sent under a 通知 title is still the report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fazhi.datafiles import DataFileError, compile_patterns, flag, load, mapping, strings

_FILE = "genres.yaml"


@dataclass(frozen=True, slots=True)
class Verdict:
    is_report: bool
    genre: str
    reason: str


@dataclass(frozen=True, slots=True)
class _Genre:
    name: str
    reason: str
    title_decides: bool
    title: list[re.Pattern[str]]
    body: list[re.Pattern[str]]


@lru_cache(maxsize=1)
def _rules() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]], list[_Genre]]:
    data = load(_FILE, "fazhi.genres/1")
    report = mapping(_FILE, "report", data.get("report"))
    genres = []
    for name, spec in mapping(_FILE, "lookalikes", data.get("lookalikes")).items():
        spec = mapping(_FILE, f"lookalikes.{name}", spec)
        if not isinstance(spec.get("reason"), str) or not spec["reason"]:
            raise DataFileError(f"数据文件 {_FILE} 的 lookalikes.{name}.reason 应为非空字符串")
        genres.append(
            _Genre(
                name,
                spec["reason"],
                flag(_FILE, f"lookalikes.{name}.title_decides", spec.get("title_decides")),
                compile_patterns(
                    _FILE,
                    f"lookalikes.{name}.title",
                    strings(_FILE, f"lookalikes.{name}.title", spec.get("title", [])),
                ),
                compile_patterns(
                    _FILE,
                    f"lookalikes.{name}.body",
                    strings(_FILE, f"lookalikes.{name}.body", spec.get("body", [])),
                ),
            )
        )
    return (
        compile_patterns(_FILE, "report.title", report.get("title", [])),
        compile_patterns(_FILE, "report.body", report.get("body", [])),
        genres,
    )


def _any(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


def classify(title: str | None, text: str, kinds: list[str]) -> Verdict:
    """Decide from the title, the body wording and the section kinds already found."""
    report_title, report_body, genres = _rules()
    title = title or ""
    head = text[:3000]
    topic = text.count("法治政府") + text.count("依法行政") + 0.5 * text.count("法治建设")
    body_says_report = _any(report_body, head) is not None
    structure_says_report = "measures" in kinds and (
        "shortcomings" in kinds or "next_year" in kinds
    )
    # the topic must carry the text, not be mentioned in passing: scale with its length
    strong_body = body_says_report or (structure_says_report and topic >= max(4, len(text) / 1500))

    lookalike = next((g for g in genres if _any(g.title, title)), None)
    if lookalike is not None and lookalike.title_decides:
        # "…法治政府建设…整改情况报告", "县长…履行第一责任人职责情况报告": the qualifier decides
        return Verdict(False, lookalike.name, lookalike.reason)
    if lookalike is not None and lookalike.name == "notice_about_reports" and not body_says_report:
        return Verdict(False, lookalike.name, lookalike.reason)
    if _any(report_title, title) is not None:
        # "XX区发布2023年法治政府建设年度报告" is news about the report, not the report
        if lookalike is not None and lookalike.name == "news" and _any(lookalike.body, head):
            return Verdict(False, "news", lookalike.reason)
        return Verdict(True, "annual_report", f"标题“{title}”表明是法治政府建设年度报告")
    if lookalike is not None:
        # a wrong title is overruled only by a body that says outright it reports on the year
        if body_says_report and not lookalike.title_decides:
            return Verdict(True, "annual_report", f"标题为“{title}”，但正文是法治政府建设年度报告")
        return Verdict(False, lookalike.name, lookalike.reason)
    for g in genres:
        if g.body and sum(1 for p in g.body if p.search(head)) >= 2 and not strong_body:
            return Verdict(False, g.name, g.reason)
    if strong_body:
        return Verdict(True, "annual_report", "正文按年度报告的结构报告法治政府建设情况")
    return Verdict(False, "other_report", "标题和正文都不是法治政府建设年度报告")
