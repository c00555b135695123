"""Traces of unfinished drafting: template placeholders for names (`residue.placeholder`),
web-page furniture inside a paragraph (`residue.boilerplate`) and a paragraph printed
twice (`residue.duplicate_paragraph`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fazhi.checks.catalogue import finding
from fazhi.datafiles import DataFileError, compile_patterns, load, strings
from fazhi.model import Document, Finding
from fazhi.regexes import Prefilter, may_match

_FILE = "leftovers.yaml"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Leftovers:
    placeholders: list[tuple[re.Pattern[str], Prefilter]]
    boilerplate: list[tuple[re.Pattern[str], Prefilter]]
    duplicate_min_chars: int
    template_context: re.Pattern[str]


@cache
def load_leftovers() -> Leftovers:
    data = load(_FILE, "fazhi.leftovers/1")
    minimum = data.get("duplicate_min_chars")
    if not isinstance(minimum, int) or minimum < 1:
        raise DataFileError(f"数据文件 {_FILE} 的 duplicate_min_chars 应为正整数")
    lists = {}
    for key in ("placeholders", "boilerplate"):
        compiled = compile_patterns(_FILE, key, strings(_FILE, key, data.get(key)))
        lists[key] = [(p, may_match(p.pattern)) for p in compiled]
    context = compile_patterns(_FILE, "template_context", [str(data.get("template_context"))])[0]
    return Leftovers(lists["placeholders"], lists["boilerplate"], minimum, context)


def _quoted_template(text: str, pos: int, context: re.Pattern[str]) -> bool:
    """Whether `pos` lies inside “…” that a naming instruction introduces or follows
    (格式为“××县…报告” / 按照“××县…报告”的格式命名)."""
    opening = text.rfind("“", 0, pos)
    if opening == -1 or text.rfind("”", 0, pos) > opening:
        return False
    closing = text.find("”", pos)
    after = text[closing + 1 : closing + 12] if closing != -1 else ""
    return context.search(text[max(0, opening - 10) : opening] + "|" + after) is not None


def _around(text: str, start: int, end: int, width: int = 20) -> str:
    return text[max(0, start - width) : end + width].strip()


def leftover_findings(doc: Document) -> tuple[Finding, ...]:
    if not doc.is_report:
        return ()  # a notice may quote a naming template (“××县/××局2021年度…报告”)
    rules = load_leftovers()
    out = []
    seen: dict[str, int] = {}
    placeholders: dict[str, list[str]] = {}  # one finding per placeholder, however often used
    whole = "\n".join(doc.paragraphs)
    # most reports have none of these: a substring test, then one search, rules a pattern out
    present = set(whole)
    placeholder_patterns = [
        p for p, ok in rules.placeholders if ok(whole, present) and p.search(whole)
    ]
    boilerplate_patterns = [
        p for p, ok in rules.boilerplate if ok(whole, present) and p.search(whole)
    ]
    for i, text in enumerate(doc.paragraphs):
        for pattern in placeholder_patterns:
            for m in pattern.finditer(text):
                if _quoted_template(text, m.start(), rules.template_context):
                    continue
                placeholders.setdefault(m.group(), []).append(_around(text, m.start(), m.end()))
        for pattern in boilerplate_patterns:
            m = pattern.search(text)
            if m:
                out.append(
                    finding(
                        "residue.boilerplate",
                        f"段落中夹带网页信息“{m.group().strip()}”，应删去",
                        (_around(text, m.start(), m.end()),),
                    )
                )
        if len(text) < rules.duplicate_min_chars or "\t" in text:
            continue
        key = _SPACE.sub("", text)
        if len(key) < rules.duplicate_min_chars:
            continue
        if key in seen:
            out.append(
                finding(
                    "residue.duplicate_paragraph",
                    f"第{i + 1}段与第{seen[key] + 1}段完全相同，应删去重复的一段",
                    (text[:60],),
                )
            )
        else:
            seen[key] = i
    for token, where in placeholders.items():
        times = f"（共{len(where)}处）" if len(where) > 1 else ""
        out.append(
            finding(
                "residue.placeholder",
                f"“{token}”是模板占位符{times}，应换成实际名称",
                tuple(where[:5]),
            )
        )
    return tuple(out)
