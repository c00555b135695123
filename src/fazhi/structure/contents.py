"""Which of the five mandated contents a report contains, with the paragraph that shows it.

A content counts only where it can stand: next year's plans announcing "继续落实第一责任人
职责" do not report on last year's duties, and a cause is only a cause inside the part
that discusses the shortcomings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fazhi.datafiles import DataFileError, compile_patterns, load
from fazhi.model import CONTENT_KEYS, Contents, Section

_FILE = "contents.yaml"


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[frozenset[str], list[re.Pattern[str]]]]:
    data = load(_FILE, "fazhi.contents/1")
    out = {}
    for key in CONTENT_KEYS:
        spec = data.get(key)
        if not isinstance(spec, dict) or "cues" not in spec:
            raise DataFileError(f"数据文件 {_FILE} 缺少 {key}.cues")
        out[key] = (
            frozenset(spec.get("in", [])),
            compile_patterns(_FILE, f"{key}.cues", spec["cues"]),
        )
    return out


def _kind_of_paragraphs(
    sections: tuple[Section, ...], n: int, body_start: int, body_end: int
) -> list[str]:
    """The kind of the top-level section each paragraph belongs to ('any' outside sections,
    'head'/'tail' before and after the body)."""
    kinds = ["head"] * body_start + ["any"] * (body_end - body_start) + ["tail"] * (n - body_end)
    for s in sections:
        for i in range(s.start, min(s.end, n)):
            kinds[i] = s.kind or "other"
    return kinds


def _heading_lines(sections: tuple[Section, ...]) -> dict[int, str]:
    """Top-level heading text per paragraph index: "二、存在的不足和原因" announces causes
    without analysing any, while a sub-heading "（二）原因分析" opens the analysis."""
    return {top.start: top.marker + top.title for top in sections}


def find_contents(
    paragraphs: tuple[str, ...], sections: tuple[Section, ...], body_start: int, body_end: int
) -> Contents:
    cues = _cues()
    para_kinds = _kind_of_paragraphs(sections, len(paragraphs), body_start, body_end)
    headings = _heading_lines(sections)
    present: dict[str, bool] = {}
    evidence: dict[str, str] = {}
    kinds_present = {s.kind for s in sections}
    for key in CONTENT_KEYS:
        allowed, patterns = cues[key]
        if key in kinds_present:
            section = next(s for s in sections if s.kind == key)
            present[key] = True
            evidence[key] = section.marker + section.title
            continue
        for i, p in enumerate(paragraphs):
            if para_kinds[i] not in allowed:
                continue
            text = p
            heading = headings.get(i)
            if heading is not None and key == "causes":
                # "二、存在的不足和原因" announces causes; only the analysis itself counts
                text = p[len(heading) :]
            m = next((m for pat in patterns if (m := pat.search(text))), None)
            if m:
                present[key] = True
                evidence[key] = _sentence_around(text, m.start(), m.end())
                break
        else:
            present[key] = False
    return Contents(present=present, evidence=evidence)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in "。；！？") + 1
    rights = [i for ch in "。；！？" if (i := text.find(ch, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()
