"""`ref.policy_title`: every 《…》 citation checked against the policy catalogue.

A citation that matches a catalogued title exactly is right, unless the document did
not exist yet when the report was written. One that matches a catalogued title except
for its period (纲要（2020—2025年）), a doc number that is not the document's, or a
title one or two characters away from a catalogued one (法制 for 法治, 督查 for 督察, a
stray 的 inside garbled brackets) is flagged with the right title. Local documents
never near a national title stay silent: the catalogue holds national documents only.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from fazhi.checks.catalogue import finding
from fazhi.checks.policies import Policy, PolicyIndex, policy_index, stem_and_period, title_key
from fazhi.figures.numbers import parse_number
from fazhi.model import Document, Finding

_CITATION = re.compile(r"《([^《》\n]{2,120})》")
_INNER = re.compile(r"[<〈＜]([^<>〈〉＜＞]{2,100})[>〉＞]")
_DOC_NUMBER_AFTER = re.compile(
    r"\s*[（(]\s*("
    r"[^（）()\s]{1,12}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号"
    r"|(?:国务院令|(?:中华人民共和国)?主席令)\s*第\s*[\d一二三四五六七八九十百零〇]+\s*号"
    r"|(?:国务院|(?:中华人民共和国)?主席)\s*第\s*[\d一二三四五六七八九十百零〇]+\s*号令"
    r")\s*文?\s*[）)]"
)
# "国务院第723号令" is another word order of "国务院令第723号"
_ORDER_FIRST = re.compile(r"^(国务院|(?:中华人民共和国)?主席)\s*第\s*(\S+?)\s*号令$")
# 关于印发〈…〉的通知: the one who 印发 a document is its issuer (转发 passes on another's)
_ISSUING_WRAPPER = re.compile(
    r"^(?P<issuer>[^<〈＜“]{2,40}?)关于印发[<〈＜“](?P<inner>[^<>〈〉＜＞”]{2,100})[>〉＞”]的通知$"
)
_DIGITS = re.compile(r"\d")


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it is sure to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=4096)
def _near_miss(index: PolicyIndex, key: str) -> Policy | None:
    limit = index.matching.max_edits(len(key))
    if limit == 0:
        return None
    best: tuple[int, Policy] | None = None
    chars = set(key)
    for other, policy in index.by_key.items():
        # each edit changes at most two characters of the symmetric difference
        if abs(len(key) - len(other)) > limit or len(chars ^ set(other)) > 2 * limit:
            continue
        d = _distance(key, other, limit)
        if d > limit or d == 0 or not _slips(key, other):
            continue
        # titles that differ in a year or number are other documents (2022年 vs 2023年要点)
        if _DIGITS.sub("", key) != key and sorted(_DIGITS.findall(key)) != sorted(
            _DIGITS.findall(other)
        ):
            continue
        if best is None or d < best[0]:
            best = (d, policy)
    return best[1] if best else None


_CN_ORDINAL = re.compile(r"第([一二三四五六七八九十百零〇两]+)号")
_BRACKETS = str.maketrans("[]［］()（）", "〔〕〔〕〔〕〔〕")


@lru_cache(maxsize=4)
def _without_qualifiers(index: PolicyIndex) -> dict[str, Policy]:
    """Catalogued titles with 暂行/（试行） left out, for citations that add or drop them."""
    out: dict[str, Policy] = {}
    for key, policy in index.by_key.items():
        out.setdefault(index.matching.qualifiers.sub("", key), policy)
    return out


def chinese_value(numeral: str) -> int:
    return int(parse_number(numeral))


def _number_key(number: str) -> str:
    """One form for a 文号: no spaces, 〔〕 brackets, 令第N号 order, Arabic N, no 中华人民共和国."""
    number = re.sub(r"\s", "", number).translate(_BRACKETS).removeprefix("中华人民共和国")
    m = _ORDER_FIRST.match(number)
    if m:
        number = f"{m.group(1).removeprefix('中华人民共和国')}令第{m.group(2)}号"
    return _CN_ORDINAL.sub(lambda x: f"第{chinese_value(x.group(1))}号", number)


def _slips(a: str, b: str) -> bool:
    """Whether `a` differs from `b` only by slips of single characters (法制 for 法治, 督查
    for 督察, a stray 的), not by a word (实施意见 for 意见, 清单 for 规定): a local
    document named after a national one is another document."""
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return all(max(i2 - i1, j2 - j1) == 1 for tag, i1, i2, j1, j2 in ops if tag != "equal")


def _same_number(a: str, b: str) -> bool:
    return _number_key(a) == _number_key(b)


def _written_by(doc: Document) -> date | None:
    """When the report existed at the latest: its date, else the publication deadline."""
    known = doc.metadata.issue_date or doc.source.published
    if known is not None:
        return known
    if doc.metadata.report_year is not None:
        return date(doc.metadata.report_year + 1, 4, 1)
    return None


def _check(
    doc: Document, index: PolicyIndex, cited: str, shown: str, after: str, label: str = ""
) -> list[Finding]:
    """`shown` is the citation as printed (the evidence), `label` how to name the title."""
    label = label or shown
    key = title_key(cited)
    policy = index.by_key.get(key)
    if policy is not None:
        return _check_known(doc, index, policy, shown, after)
    for wrong, right in index.wrong_terms:
        if wrong in cited:
            return [
                finding(
                    "ref.policy_title",
                    f"引用文件名称{label}中的“{wrong}”应为“{right}”",
                    (shown,),
                )
            ]
    stem, period = stem_and_period(key)
    if period is not None and stem in index.by_stem:
        versions = index.by_stem[stem]
        year = doc.metadata.report_year
        right = min(
            versions,
            key=lambda p: 0 if year and p.period and p.period[0] <= year <= p.period[1] else 1,
        )
        others = [p.title for p in versions if p is not right]
        also = f"（另有《{'》《'.join(others)}》）" if others else ""
        return [
            finding(
                "ref.policy_title",
                f"{label}的期限有误，应为《{right.title}》{also}",
                (shown,),
                expected=right.title,
            )
        ]
    right = _without_qualifiers(index).get(index.matching.qualifiers.sub("", key))
    if right is not None:
        return [
            finding(
                "ref.policy_title",
                f"引用文件名称{label}与正式名称《{right.title}》不符（“暂行”“试行”等字样有误）",
                (shown,),
                expected=right.title,
            )
        ]
    wrapper = _ISSUING_WRAPPER.match(cited.replace(" ", ""))
    if wrapper is not None:
        inner = index.lookup(wrapper.group("inner"))
        said = wrapper.group("issuer").replace("、", "")
        if inner is not None and inner.issuer and said != inner.issuer.replace("、", ""):
            return [
                finding(
                    "ref.policy_title",
                    f"{label}的印发机关有误：《{inner.title}》由{inner.issuer}印发，不是{wrapper.group('issuer')}",
                    (shown,),
                    expected=inner.issuer,
                )
            ]
    near = _near_miss(index, key)
    if near is not None:
        return [
            finding(
                "ref.policy_title",
                f"引用文件名称{label}与正式名称《{near.title}》不符，疑为笔误",
                (shown,),
                expected=near.title,
            )
        ]
    return []


def _check_known(
    doc: Document, index: PolicyIndex, policy: Policy, shown: str, after: str
) -> list[Finding]:
    out = []
    number = _DOC_NUMBER_AFTER.match(after)
    # a revised law has one number per version: any of them may be cited
    if (
        number
        and policy.doc_number
        and not policy.revisions
        and not _same_number(number.group(1), policy.doc_number)
    ):
        out.append(
            finding(
                "ref.policy_title",
                f"{shown}的文号应为{policy.doc_number}，文中写作{number.group(1)}",
                (shown + number.group(0).strip(),),
                expected=policy.doc_number,
            )
        )
    by = _written_by(doc)
    known = policy.first_known
    if known is not None and by is not None and known > by:
        out.append(
            finding(
                "ref.policy_title",
                f"{shown}于{known.year}年{known.month}月{known.day}日才印发或公布，"
                f"晚于本报告（{by.isoformat()}前），引用的文件或年份可能有误",
                (shown,),
            )
        )
    year = doc.metadata.report_year
    if (
        policy.period is not None
        and policy.superseded_by is not None
        and year is not None
        and policy.period[1] < year
    ):
        newer = index.policies[policy.superseded_by]
        out.append(
            finding(
                "ref.policy_outdated",
                f"{shown}的期限到{policy.period[1]}年为止，{year}年已由《{newer.title}》接续，请核实是否应改引新文件",
                (shown,),
            )
        )
    return out


def _looks_back(index: PolicyIndex, paragraph: str, cited: str) -> bool:
    """A superseded plan cited as done ("如期完成…", "在…的基础上") or next to its successor."""
    if index.matching.history.search(paragraph):
        return True
    policy = index.lookup(cited)
    successor = (
        index.policies.get(policy.superseded_by) if policy and policy.superseded_by else None
    )
    return successor is not None and any(
        title_key(t) in title_key(paragraph) for t in successor.titles
    )


def citation_findings(doc: Document) -> tuple[Finding, ...]:
    index = policy_index()
    out: list[Finding] = []
    seen: set[tuple[str, str | None]] = set()
    for text in doc.paragraphs:
        for m in _CITATION.finditer(text):
            cited, shown = m.group(1), m.group(0)
            after = text[m.end() : m.end() + 40]
            number = _DOC_NUMBER_AFTER.match(after)
            # one finding per distinct citation (with the 文号 written after it, if any)
            key = (cited, number.group(1) if number else None)
            if key in seen:
                continue
            seen.add(key)
            found = _check(doc, index, cited, shown, after)
            if not found and title_key(cited) not in index.by_key:
                # 关于印发〈…〉的通知: the document inside the wrapper
                for inner in _INNER.finditer(cited):
                    found += _check(
                        doc, index, inner.group(1), shown, "", f"{shown}中的“{inner.group(1)}”"
                    )
            if any(f.rule == "ref.policy_outdated" for f in found) and _looks_back(
                index, text, cited
            ):
                found = [f for f in found if f.rule != "ref.policy_outdated"]
            out.extend(found)
    return tuple(out)
