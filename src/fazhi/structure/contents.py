"""Which of the five mandated contents a report contains, with the sentence that shows it.

A content counts only where it can stand: next year's plans announcing "继续落实第一责任人
职责" do not report on last year's duties, a cause is only a cause inside the part that
discusses the shortcomings, and "原因分析不够深入" is a problem, not an analysis. Plans are
recognised wherever they stand ("2024年，我县将…" closing a measures section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fazhi.datafiles import DataFileError, compile_patterns, flag, load, mapping, strings
from fazhi.model import CONTENT_KEYS, Contents, Section

_FILE = "contents.yaml"
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_ANY_YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True, slots=True)
class _Rule:
    kinds: frozenset[str]
    cues: list[re.Pattern[str]]
    unless: list[re.Pattern[str]]
    kinds_with: dict[str, list[re.Pattern[str]]]
    not_in_plans: bool
    skip_top_heading: bool


@dataclass(frozen=True, slots=True)
class _Rules:
    plan_paragraph: list[re.Pattern[str]]
    plan_sentence: list[re.Pattern[str]]
    contents: dict[str, _Rule]


@lru_cache(maxsize=64)  # one entry per report year: a corpus spans a decade or so
def _rules(report_year: int | None) -> _Rules:
    """The rules with `{next_year}` filled in for this report year."""
    data = load(_FILE, "fazhi.contents/1")
    # "（2021—2025年）" ends a period; only a year that stands alone is next year's plan
    next_year = rf"(?<![—–\-－~～至到\d]){report_year + 1 if report_year else _ANY_YEAR}"

    def compiled(where: str, patterns: object) -> list[re.Pattern[str]]:
        if not isinstance(patterns, list):
            raise DataFileError(f"数据文件 {_FILE} 的 {where} 应为正则表达式列表")
        return compile_patterns(
            _FILE, where, [str(p).replace("{next_year}", next_year) for p in patterns]
        )

    plans = mapping(_FILE, "plans", data.get("plans"))
    contents = {}
    for key in CONTENT_KEYS:
        spec = mapping(_FILE, key, data.get(key))
        if "cues" not in spec:
            raise DataFileError(f"数据文件 {_FILE} 缺少 {key}.cues")
        contents[key] = _Rule(
            kinds=frozenset(strings(_FILE, f"{key}.in", spec.get("in", []))),
            cues=compiled(f"{key}.cues", spec["cues"]),
            unless=compiled(f"{key}.unless", spec.get("unless", [])),
            kinds_with={
                kind: compiled(f"{key}.in_with.{kind}", pats)
                for kind, pats in mapping(_FILE, f"{key}.in_with", spec.get("in_with", {})).items()
            },
            not_in_plans=flag(_FILE, f"{key}.not_in_plans", spec.get("not_in_plans")),
            skip_top_heading=flag(_FILE, f"{key}.skip_top_heading", spec.get("skip_top_heading")),
        )
    return _Rules(
        compiled("plans.paragraph", plans.get("paragraph", [])),
        compiled("plans.sentence", plans.get("sentence", [])),
        contents,
    )


def _clause(sentence: str, start: int, end: int) -> str:
    """The part of `sentence` between the commas around [start, end)."""
    left = max(sentence.rfind(ch, 0, start) for ch in "，；,;") + 1
    rights = [i for ch in "，；,;" if (i := sentence.find(ch, end)) != -1]
    return sentence[left : min(rights) if rights else len(sentence)]


def is_plan_paragraph(paragraph: str, report_year: int | None) -> bool:
    """A paragraph that sets out next year's plans ("2024年，我县将…", "今后，…")."""
    return any(p.match(paragraph) for p in _rules(report_year).plan_paragraph)


def _kind_of_paragraphs(
    sections: tuple[Section, ...], n: int, body_start: int, body_end: int
) -> list[str]:
    """The kind of the top-level section each paragraph belongs to ('any' outside sections,
    'preamble' before the first heading, 'head'/'tail' before and after the body)."""
    kinds = ["head"] * body_start + ["any"] * (body_end - body_start) + ["tail"] * (n - body_end)
    if sections:
        # "各项工作有序推进，取得了一定成效" in the opening sums up; it reports no measure
        for i in range(body_start, min(sections[0].start, body_end)):
            kinds[i] = "preamble"
    for s in sections:
        for i in range(s.start, min(s.end, n)):
            kinds[i] = s.kind or "other"
    return kinds


def find_contents(
    paragraphs: tuple[str, ...],
    sections: tuple[Section, ...],
    body_start: int,
    body_end: int,
    report_year: int | None = None,
) -> Contents:
    rules = _rules(report_year)
    kinds = _kind_of_paragraphs(sections, len(paragraphs), body_start, body_end)
    headings = {top.start: len(top.marker + top.title) for top in sections}
    for i in range(body_start, body_end):
        if any(p.match(paragraphs[i]) for p in rules.plan_paragraph):
            kinds[i] = "next_year"
    present: dict[str, bool] = {}
    evidence: dict[str, str] = {}
    kinds_present = {s.kind for s in sections}
    for key in CONTENT_KEYS:
        if key in kinds_present:
            section = next(s for s in sections if s.kind == key)
            # quote the heading as printed (marker + title may have dropped a space)
            present[key], evidence[key] = True, paragraphs[section.start].split("。")[0]
            continue
        found = _first_evidence(rules, rules.contents[key], paragraphs, kinds, headings)
        present[key] = found is not None
        if found is not None:
            evidence[key] = found
    return Contents(present=present, evidence=evidence)


def _first_evidence(
    rules: _Rules,
    rule: _Rule,
    paragraphs: tuple[str, ...],
    kinds: list[str],
    headings: dict[int, int],
) -> str | None:
    for i, paragraph in enumerate(paragraphs):
        kind = kinds[i]
        required = rule.kinds_with.get(kind)
        if kind not in rule.kinds and required is None:
            continue
        if rule.not_in_plans and kind == "next_year":
            continue
        text = paragraph[headings.get(i, 0) :] if rule.skip_top_heading else paragraph
        for sentence in _SENTENCE.findall(text):
            if (
                required is not None
                and kind not in rule.kinds
                and not any(p.search(sentence) for p in required)
            ):
                continue
            hit = next((m for p in rule.cues if (m := p.search(sentence))), None)
            if hit is None:
                continue
            # a veto speaks to the clause that holds the cue: "局长履行第一责任人职责，…，
            # 分管领导任副组长" is still the 局长's duty
            if any(p.search(_clause(sentence, hit.start(), hit.end())) for p in rule.unless):
                continue
            if rule.not_in_plans and any(p.search(sentence) for p in rules.plan_sentence):
                continue
            return sentence.strip()
    return None
