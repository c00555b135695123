"""The catalogue of policy documents reports cite (`data/policies.yaml`), indexed for
matching a 《…》 citation against it.

A citation is compared in a normal form that ignores what writers vary without
error: the 中华人民共和国 prefix of a law, bracket and dash styles, spaces, the 年 after
a period. Anything else that differs is a different title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from fazhi.datafiles import DataFileError, load, mapping, strings

_FILE = "policies.yaml"
KINDS = (
    "law",
    "administrative_regulation",
    "party_regulation",
    "central_document",
    "state_council_document",
    "department_rule",
    "plan",
    "standard",
)
_DASHES = re.compile(r"[—–－‐‑‒―~～〜至]+|-{1,2}")
_PERIOD = re.compile(r"\((\d{4})-(\d{4})年?\)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    title: str
    aliases: tuple[str, ...]
    kind: str
    issuer: str | None
    doc_number: str | None
    issued: date | None
    in_force: date | None
    published: date | None
    period: tuple[int, int] | None
    revisions: tuple[tuple[date, date | None, str], ...]
    superseded_by: str | None
    source: str

    @property
    def first_known(self) -> date | None:
        """The earliest day a report could cite it: made public, else issued."""
        return self.published or self.issued

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


def title_key(title: str) -> str:
    """The normal form two correct spellings of a title share."""
    text = unicodedata.normalize("NFKC", title)
    text = _SPACE.sub("", text)
    text = text.translate(str.maketrans("〔〕【】", "[][]", "〈〉<>“”‘’《》＜＞"))
    text = _DASHES.sub("-", text)
    text = _PERIOD.sub(lambda m: f"({m.group(1)}-{m.group(2)})", text)
    return text.removeprefix("中华人民共和国")


def stem_and_period(key: str) -> tuple[str, tuple[int, int] | None]:
    """'法治政府建设实施纲要(2021-2025)' → ('法治政府建设实施纲要', (2021, 2025))."""
    m = re.search(r"\((\d{4})-(\d{4})\)", key)
    if m is None:
        return key, None
    return key[: m.start()] + key[m.end() :], (int(m.group(1)), int(m.group(2)))


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise DataFileError(f"数据文件 {_FILE} 的 {where} 应为 YYYY-MM-DD 日期或 null")


def _text(value: Any, where: str, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"数据文件 {_FILE} 的 {where} 应为非空字符串")
    return value.strip()


def _policy(spec: Any, i: int) -> Policy:
    spec = mapping(_FILE, f"policies[{i}]", spec)
    pid = _text(spec.get("id"), f"policies[{i}].id", True)
    where = f"policies.{pid}"
    kind = spec.get("kind")
    if kind not in KINDS:
        raise DataFileError(f"数据文件 {_FILE} 的 {where}.kind 应为 {'/'.join(KINDS)} 之一")
    period = spec.get("period")
    if period is not None and not (
        isinstance(period, list)
        and len(period) == 2
        and all(isinstance(y, int) for y in period)
        and period[0] <= period[1]
    ):
        raise DataFileError(f"数据文件 {_FILE} 的 {where}.period 应为 [起始年, 终止年] 或 null")
    revisions = []
    for j, v in enumerate(spec.get("versions") or []):
        v = mapping(_FILE, f"{where}.versions[{j}]", v)
        adopted = _date(v.get("adopted"), f"{where}.versions[{j}].adopted")
        if adopted is None:
            raise DataFileError(f"数据文件 {_FILE} 的 {where}.versions[{j}].adopted 不能为空")
        in_force = _date(v.get("in_force"), f"{where}.versions[{j}].in_force")
        revisions.append((adopted, in_force, str(v.get("note") or "修订")))
    return Policy(
        id=pid,
        title=_text(spec.get("title"), f"{where}.title", True) or "",
        aliases=tuple(strings(_FILE, f"{where}.aliases", spec.get("aliases") or [])),
        kind=kind,
        issuer=_text(spec.get("issuer"), f"{where}.issuer"),
        doc_number=_text(spec.get("doc_number"), f"{where}.doc_number"),
        issued=_date(spec.get("issued"), f"{where}.issued"),
        in_force=_date(spec.get("in_force"), f"{where}.in_force"),
        published=_date(spec.get("published"), f"{where}.published"),
        period=tuple(period) if period else None,
        revisions=tuple(revisions),
        superseded_by=_text(spec.get("superseded_by"), f"{where}.superseded_by"),
        source=_text(spec.get("source"), f"{where}.source", True) or "",
    )


@dataclass(frozen=True, slots=True)
class Matching:
    qualifiers: re.Pattern[str]
    history: re.Pattern[str]
    edits: tuple[tuple[int, int], ...]  # (min_chars, max_edits), ascending

    def max_edits(self, length: int) -> int:
        allowed = 0
        for min_chars, edits in self.edits:
            if length >= min_chars:
                allowed = edits
        return allowed


def _matching(raw: Any) -> Matching:
    spec = mapping(_FILE, "matching", raw)
    patterns = {}
    for key in ("qualifiers", "history"):
        try:
            patterns[key] = re.compile(str(spec.get(key)))
        except re.error as exc:
            raise DataFileError(
                f"数据文件 {_FILE} 的 matching.{key} 正则表达式有误：{exc}"
            ) from exc
    steps = []
    for j, step in enumerate(spec.get("edits") or []):
        step = mapping(_FILE, f"matching.edits[{j}]", step)
        low, edits = step.get("min_chars"), step.get("max_edits")
        if not isinstance(low, int) or not isinstance(edits, int) or low < 1 or edits < 0:
            raise DataFileError(
                f"数据文件 {_FILE} 的 matching.edits[{j}] 需要正整数 min_chars 和 max_edits"
            )
        steps.append((low, edits))
    return Matching(patterns["qualifiers"], patterns["history"], tuple(sorted(steps)))


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a cache key
class PolicyIndex:
    policies: dict[str, Policy]
    by_key: dict[str, Policy]  # exact normal form of every title and alias
    by_stem: dict[str, list[Policy]]  # titles with their period left out
    wrong_terms: tuple[tuple[str, str], ...]  # (wrong, right) in any title
    matching: Matching

    def lookup(self, title: str) -> Policy | None:
        return self.by_key.get(title_key(title))


def parse_policies(data: dict[str, Any]) -> PolicyIndex:
    raw = data.get("policies")
    if not isinstance(raw, list) or not raw:
        raise DataFileError(f"数据文件 {_FILE} 的 policies 应为非空列表")
    policies: dict[str, Policy] = {}
    by_key: dict[str, Policy] = {}
    by_stem: dict[str, list[Policy]] = {}
    for i, spec in enumerate(raw):
        p = _policy(spec, i)
        if p.id in policies:
            raise DataFileError(f"数据文件 {_FILE} 中 id {p.id} 重复")
        policies[p.id] = p
        for t in p.titles:
            key = title_key(t)
            if key in by_key:
                raise DataFileError(f"数据文件 {_FILE} 中标题“{t}”重复（{by_key[key].id}、{p.id}）")
            by_key[key] = p
            stem, period = stem_and_period(key)
            if period is not None:
                by_stem.setdefault(stem, []).append(p)
    for p in policies.values():
        if p.superseded_by is not None and p.superseded_by not in policies:
            raise DataFileError(
                f"数据文件 {_FILE} 的 policies.{p.id}.superseded_by 指向不存在的 {p.superseded_by}"
            )
    wrong_terms = []
    for j, w in enumerate(data.get("wrong_terms") or []):
        w = mapping(_FILE, f"wrong_terms[{j}]", w)
        wrong = _text(w.get("wrong"), f"wrong_terms[{j}].wrong", True) or ""
        right = _text(w.get("right"), f"wrong_terms[{j}].right", True) or ""
        wrong_terms.append((wrong, right))
    return PolicyIndex(
        policies, by_key, by_stem, tuple(wrong_terms), _matching(data.get("matching"))
    )


@cache
def policy_index() -> PolicyIndex:
    return parse_policies(load(_FILE, "fazhi.policies/1"))
