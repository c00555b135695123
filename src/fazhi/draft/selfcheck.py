"""The draft checked by the analyser that reviews finished reports: it must have no
error-level finding, and reading it back must give the data it was written from
(metadata, the kinds of its sections, every figure with its indicator and value)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from fazhi.draft.compose import title_of
from fazhi.draft.model import DraftData


@dataclass(frozen=True, slots=True)
class CheckResult:
    mismatches: tuple[str, ...]  # Chinese messages: what the analyser read differently
    errors: tuple[dict, ...]  # error-level findings
    warnings: tuple[dict, ...]  # other findings, shown but not failing

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.errors


def expected_kinds(data: DraftData) -> list[str]:
    kinds = ["measures", "shortcomings", "first_responsible", "next_year"]
    return kinds + (["other"] if data.other else [])


def _same(a: Any, b: Any) -> bool:
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return False


def check(data: DraftData, contract: dict) -> CheckResult:
    """Compare the analyser's reading of the draft (`contract`) with `data`."""
    if contract.get("error"):
        err = contract["error"]
        return CheckResult((f"分析器无法读取草稿：{err.get('message', err)}",), (), ())
    u = data.unit
    meta = contract.get("metadata") or {}
    wanted: dict[str, tuple[str, Any]] = {
        "title": ("标题", title_of(u)),
        "issuer": ("发文机关", u.issuer),
        "report_year": ("报告年度", u.report_year),
        "addressees": ("主送机关", list(u.addressees)),
        "issue_date": ("成文日期", u.issue_date.isoformat()),
    }
    if u.doc_number:
        wanted["doc_number"] = ("发文字号", u.doc_number)
    if u.signer:
        wanted["signer"] = ("签发人", u.signer)
    if u.cc:
        wanted["cc"] = ("抄送机关", list(u.cc))
    if u.disclosure:
        wanted["disclosure"] = ("公开属性", _disclosure(u.disclosure))
    problems = []
    for key, (label, value) in wanted.items():
        got = meta.get(key)
        if key == "disclosure" and isinstance(got, str):
            got = _disclosure(got)
        if got != value:
            problems.append(f"{label}：应为“{_show(value)}”，分析结果为“{_show(got)}”")
    region = meta.get("region") or {}
    for level, name in u.region.items():
        if region.get(level) != name:
            problems.append(f"地区（{level}）：应为“{name}”，分析结果为“{region.get(level)}”")
    kinds = [s.get("kind") for s in contract.get("sections") or []]
    if kinds != expected_kinds(data):
        problems.append(f"章节类型：应为 {expected_kinds(data)}，分析结果为 {kinds}")
    facts = contract.get("facts") or []
    for area in data.measures:
        for f in area.figures:
            hit = [
                x
                for x in facts
                if x.get("indicator") == f.indicator and _same(x.get("value"), f.value)
            ]
            if not hit:
                near = [x.get("text") for x in facts if x.get("indicator") == f.indicator]
                seen = f"，读到的是“{near[0]}”" if near else "，未能识别"
                problems.append(f"数字 {f.indicator}={f.value}{f.unit}{seen}")
    findings = contract.get("findings") or []
    errors = tuple(x for x in findings if x.get("severity") == "error")
    warnings = tuple(x for x in findings if x.get("severity") != "error")
    return CheckResult(tuple(problems), errors, warnings)


def _disclosure(text: str) -> str:
    # the analyser keeps “公开发布” of “（此件公开发布）”: compare the attribute itself
    return text.strip("（）() ").removeprefix("此件")


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "（无）" if value is None else str(value)


def analyse_draft(data: DraftData, payload: bytes, name: str) -> CheckResult:
    """Analyse the drafted file's bytes as fazhi would a published report."""
    from fazhi import pipeline  # imported late: the analyser's data files load on first use

    contract = pipeline.analyze_bytes(payload, name).to_contract()
    return check(data, contract)
