"""Coverage: which second-level items of the 纲要's nine parts a report speaks of
(`data/coverage.yaml`), with the sentences that show it.

Only what a report says it did counts: the shortcomings and next-year sections name
work that was not done, and the title block names the document, not the work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from fazhi.datafiles import DataFileError, compile_patterns, load, mapping, strings
from fazhi.markers import sentence_at
from fazhi.model import Document
from fazhi.regexes import Prefilter, may_match

_FILE = "coverage.yaml"
_NOT_DONE = ("shortcomings", "next_year")
_MAX_EVIDENCE = 2


@dataclass(frozen=True, slots=True)
class Cue:
    pattern: re.Pattern[str]
    # False for a text the pattern cannot match: most cues are ruled out without a search
    may_match: Prefilter


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    name: str
    area: str
    cues: tuple[Cue, ...]
    exclude: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """Items covered (code → evidence sentences), per area and overall."""

    covered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    total: int = 0

    @property
    def ratio(self) -> float:
        return len(self.covered) / self.total if self.total else 0.0

    def to_contract(self) -> dict:
        areas = []
        for area in coverage_map():
            items = [
                {
                    "code": it.code,
                    "name": it.name,
                    "covered": it.code in self.covered,
                    "evidence": list(self.covered.get(it.code, ())),
                }
                for it in area.items
            ]
            done = sum(1 for i in items if i["covered"])
            areas.append(
                {
                    "code": area.code,
                    "name": area.name,
                    "covered": done,
                    "total": len(items),
                    "items": items,
                }
            )
        return {
            "ratio": round(self.ratio, 4),
            "covered": len(self.covered),
            "total": self.total,
            "areas": areas,
        }


@cache
def coverage_map() -> tuple[Area, ...]:
    data = load(_FILE, "fazhi.coverage/1")
    raw = data.get("areas")
    if not isinstance(raw, list) or not raw:
        raise DataFileError(f"数据文件 {_FILE} 的 areas 应为非空列表")
    areas, seen = [], set()
    for i, spec in enumerate(raw):
        spec = mapping(_FILE, f"areas[{i}]", spec)
        code, name = spec.get("code"), spec.get("name")
        if not isinstance(code, str) or not isinstance(name, str):
            raise DataFileError(f"数据文件 {_FILE} 的 areas[{i}] 需要 code 和 name")
        items = []
        for j, it in enumerate(spec.get("items") or []):
            where = f"areas.{code}.items[{j}]"
            it = mapping(_FILE, where, it)
            icode, iname = it.get("code"), it.get("name")
            if not isinstance(icode, str) or not icode.startswith(code + ".") or icode in seen:
                raise DataFileError(f"数据文件 {_FILE} 的 {where}.code 应为“{code}.名称”且不重复")
            if not isinstance(iname, str) or not iname:
                raise DataFileError(f"数据文件 {_FILE} 的 {where}.name 应为非空字符串")
            seen.add(icode)
            cues = strings(_FILE, f"{where}.cues", it.get("cues"))
            if not cues:
                raise DataFileError(f"数据文件 {_FILE} 的 {where}.cues 不能为空")
            compiled = compile_patterns(_FILE, f"{where}.cues", cues)  # names the bad one
            exclude = compile_patterns(
                _FILE,
                f"{where}.exclude",
                strings(_FILE, f"{where}.exclude", it.get("exclude") or []),
            )
            items.append(
                Item(
                    icode,
                    iname,
                    code,
                    tuple(Cue(c, may_match(c.pattern)) for c in compiled),
                    tuple(exclude),
                )
            )
        if not items:
            raise DataFileError(f"数据文件 {_FILE} 的 areas.{code}.items 不能为空")
        areas.append(Area(code, name, tuple(items)))
    return tuple(areas)


def _bare_heading(paragraph: str) -> bool:
    """A heading line with no report in it: short and without a full stop. "（一）强化组织
    领导：市政府主要负责人…专题研究4次。" is a heading that reports."""
    return len(paragraph) <= 40 and "。" not in paragraph


def done_paragraphs(doc: Document) -> list[tuple[int, str]]:
    """Paragraphs that report work done: not the title block, the addressee or the closing
    block (抄送, 公开方式), not a heading standing alone, not shortcomings or plans."""
    skip: set[int] = set()
    for top in doc.sections:
        for s in top.walk():
            if s.kind in _NOT_DONE:
                skip.update(range(s.start, s.end))
            elif not s.run_in and _bare_heading(doc.paragraphs[s.start]):
                skip.add(s.start)  # "（三）加强执法监督" names a topic; it reports nothing
    title = re.sub(r"\s+", "", doc.metadata.title or "")
    first = doc.sections[0].start if doc.sections else 0
    # the closing block follows the last section: signature, 附注, 抄送, 印发
    end = doc.sections[-1].end if doc.sections else len(doc.paragraphs)
    out = []
    for i, p in enumerate(doc.paragraphs[:end]):
        if i in skip or not p:
            continue
        if i < first and (re.sub(r"\s+", "", p) in title or p.rstrip().endswith(("：", ":"))):
            continue  # the title, and the addressee line "市人民政府："
        out.append((i, p))
    return out


_STUDY = re.compile(r"学习|学法|宣传|宣讲|讲座|培训|解读|普法|研读|考试")


def _studied_title(text: str, pos: int) -> bool:
    """Whether `pos` lies inside a 《…》 title."""
    opening = text.rfind("《", 0, pos)
    return opening != -1 and text.rfind("》", 0, pos) < opening


def measure_coverage(doc: Document, done: list[tuple[int, str]] | None = None) -> Coverage:
    """`done` is `done_paragraphs(doc)` when the caller has it already."""
    items = [it for area in coverage_map() for it in area.items]
    covered: dict[str, list[str]] = {}
    # one search per item over the whole text: most items are decided by it at once
    text = "\n".join(p for _, p in (done if done is not None else done_paragraphs(doc)))
    present = set(text)
    for it in items:
        found: list[str] = []
        for cue in it.cues:
            if not cue.may_match(text, present):
                continue
            for m in cue.pattern.finditer(text):
                sentence = sentence_at(text, m.start())
                if sentence in found or any(x.search(sentence) for x in it.exclude):
                    continue
                if _studied_title(text, m.start()) and _STUDY.search(sentence):
                    continue  # 学习《行政复议法》 is study, not reconsideration work
                found.append(sentence)
                break
            if len(found) >= _MAX_EVIDENCE:
                break
        if found:
            covered[it.code] = found
    return Coverage({k: tuple(v) for k, v in covered.items()}, len(items))
