"""The report page's side panels as data: the five mandated contents, the nine areas'
coverage, the score card, the heading block and the notices about the document; and the
way numbers and file names are shown everywhere on the page."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath, PureWindowsPath
from typing import Any

from fazhi.render import CONTENT_LABELS  # the same words as the terminal view


def number(value: Any) -> str:
    """A figure as a reader writes it: 578, 99.14, never 578.0 or 1e+07."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return f"{value:f}".rstrip("0").rstrip(".")
    return str(value)


def file_name(contract: Mapping[str, Any]) -> str:
    path = str((contract.get("source") or {}).get("path") or "")
    # a path recorded on Windows keeps its backslashes: either way only the name is shown
    return PureWindowsPath(PurePath(path).name).name if path else ""


def checklist(contract: Mapping[str, Any], lines: list[str]) -> tuple[dict[str, Any], ...]:
    contents = contract.get("contents")
    if not isinstance(contents, Mapping):
        return ()
    evidence = contract.get("contents_evidence") or {}
    items = []
    for key, label in CONTENT_LABELS.items():
        quote = (evidence.get(key) or "").strip()
        at = next((i for i, line in enumerate(lines) if quote and quote in line), None)
        anchor = f"p-{at}" if at is not None else None
        items.append(
            {"key": key, "label": label, "present": bool(contents.get(key)), "anchor": anchor}
        )
    return tuple(items)


def _percent(part: Any, whole: Any) -> int:
    return round(100 * (part or 0) / whole) if whole else 0


def coverage(review: Mapping[str, Any]) -> dict[str, Any] | None:
    coverage = review.get("coverage")
    if not isinstance(coverage, Mapping):
        return None
    areas = []
    for area in coverage.get("areas") or ():
        items = [
            {"name": it.get("name") or it.get("code") or "", "covered": bool(it.get("covered"))}
            for it in area.get("items") or ()
        ]
        covered = area.get("covered", sum(it["covered"] for it in items)) or 0
        total = area.get("total", len(items)) or 0
        name = area.get("name") or area.get("code") or ""
        percent = _percent(covered, total)
        areas.append(dict(name=name, covered=covered, total=total, percent=percent, items=items))
    percent = round(100 * (coverage.get("ratio") or 0))
    return dict(
        covered=coverage.get("covered"), total=coverage.get("total"), percent=percent, areas=areas
    )


def card(review: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    return tuple(
        dict(
            name=item.get("name") or item.get("code") or "",
            points=number(item.get("points") or 0),
            weight=number(item.get("weight") or 0),
            percent=_percent(item.get("points"), item.get("weight")),
            reasons=[str(r) for r in item.get("reasons") or ()],
        )
        for item in review.get("card") or ()
    )


def meta(contract: Mapping[str, Any]) -> dict[str, Any]:
    meta = contract.get("metadata") or {}
    region = meta.get("region") or {}
    place = "".join(dict.fromkeys(region.get(k) or "" for k in ("province", "city", "county")))
    name = file_name(contract)
    return {
        "title": meta.get("title") or name or "（未识别标题）",
        "issuer": meta.get("issuer"),
        "region": place or None,
        "year": meta.get("report_year"),
        "doc_number": meta.get("doc_number"),
        "issue_date": meta.get("issue_date"),
        "file_name": name,
        "format": (contract.get("source") or {}).get("format"),
    }


def notices(contract: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    notices = []
    error = contract.get("error")
    if error:
        message = error.get("message") if isinstance(error, Mapping) else str(error)
        notices.append(("bad", f"这份文件分析失败：{message or '原因不明'}"))
    elif contract.get("is_report") is False:
        reason = contract.get("is_report_reason")
        why = f"（{reason}）" if reason else ""
        notices.append(("warn", f"这份文件不是法治政府建设年度报告{why}，因此没有审查意见和评分。"))
    if contract.get("truncated"):
        notices.append(("warn", "正文在句中中断，文件可能不完整。"))
    return tuple(notices)
