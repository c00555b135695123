"""What each top-level section is: measures, shortcomings, first_responsible, next_year, other.

Decided from the heading first and the section's own wording second — never from its
position alone: reports put first-responsible duties anywhere, and some end with
'其他需要报告的情况'.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fazhi.datafiles import DataFileError, compile_patterns, load, mapping, strings
from fazhi.model import SECTION_KINDS, Section
from fazhi.structure.contents import is_plan_paragraph

_FILE = "sections.yaml"
_YEAR = re.compile(r"(20\d{2})\s*年")


@lru_cache(maxsize=1)
def _cues() -> dict[
    str, tuple[list[re.Pattern[str]], list[re.Pattern[str]], list[re.Pattern[str]]]
]:
    data = load(_FILE, "fazhi.sections/1")
    kinds = mapping(_FILE, "kinds", data.get("kinds"))
    if set(kinds) != set(SECTION_KINDS):
        raise DataFileError(f"数据文件 {_FILE} 的 kinds 应正好包含 {', '.join(SECTION_KINDS)}")
    out = {}
    for kind, spec in kinds.items():
        spec = mapping(_FILE, f"kinds.{kind}", spec)
        out[kind] = tuple(
            compile_patterns(
                _FILE,
                f"kinds.{kind}.{part}",
                strings(_FILE, f"kinds.{kind}.{part}", spec.get(part, [])),
            )
            for part in ("title", "body", "veto")
        )
    return out


def title_kind(title: str, report_year: int | None = None) -> str | None:
    """The kind a heading announces, or None when it says nothing about it."""
    cues = _cues()
    best: tuple[int, str] | None = None
    for kind, (title_patterns, _, veto) in cues.items():
        if any(v.search(title) for v in veto):
            continue
        for pattern in title_patterns:
            m = pattern.search(title)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), kind)
    kind = best[1] if best else None
    year = _YEAR.search(title)
    if year and report_year and kind not in ("shortcomings", "first_responsible", "other"):
        y = int(year.group(1))
        if y > report_year:
            return "next_year"
        if y == report_year and kind == "next_year" and "以来" in title:
            return "measures"
    return kind


def body_kind(body: str) -> str:
    """The kind a section's wording suggests, for headings that name no kind."""
    if len(body) < 20:
        return "other"
    cues = _cues()
    density = {}
    for kind in ("measures", "shortcomings", "next_year", "first_responsible"):
        hits = sum(len(p.findall(body)) for p in cues[kind][1])
        density[kind] = hits * 1000 / len(body)
    # first_responsible is not decided from wording alone: a section about leadership
    # without a heading that says so reads as a measure ("坚持党的领导，压实责任")
    if (
        density["shortcomings"] >= max(density["measures"], density["next_year"])
        and density["shortcomings"] >= 4
    ):
        return "shortcomings"
    if density["next_year"] > 1.2 * density["measures"]:
        return "next_year"
    return "measures"


def classify(
    sections: tuple[Section, ...], paragraphs: tuple[str, ...], report_year: int | None
) -> list[str]:
    """One kind per top-level section."""
    by_title = [title_kind(s.title, report_year) for s in sections]
    kinds = []
    for i, section in enumerate(sections):
        kind = by_title[i]
        if kind is None:
            kind = body_kind("".join(paragraphs[section.start : section.end]))
            opening = paragraphs[section.start + 1] if section.start + 1 < section.end else ""
            if is_plan_paragraph(opening, report_year):
                kind = "next_year"  # "2024年，我们要…重点抓好以下工作" under a slogan heading
            # wording alone does not make plans of a section that comes before the
            # shortcomings a heading announces: reports put plans after problems
            if kind == "next_year" and "shortcomings" in by_title[i + 1 :]:
                kind = "measures"
        kinds.append(kind)
    return kinds
