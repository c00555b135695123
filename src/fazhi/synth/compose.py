"""One whole synthetic report (one paragraph a line) and its ground truth.

The ground truth follows the scorer's gold schema `fazhi.gold/1` (shared/gold) and adds
`defects`: the kinds injected, each with the rule it must trigger.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from fazhi.synth import defects as dk
from fazhi.synth import sections
from fazhi.synth.fig import Fig, phrases
from fazhi.synth.nums import Style
from fazhi.synth.truth import Expected, GoldFact, Para
from fazhi.synth.units import draw_unit, person_name

__all__ = ["Report", "compose", "phrases"]

_CN = "〇一二三四五六七八九"
_ORD = "一二三四五六七八九十"
_CONTENTS = ("measures", "shortcomings", "causes", "first_responsible", "next_year")


@dataclass(slots=True)
class Report:
    stem: str
    text: str
    gold: dict[str, Any]


def _cn_date(d: date) -> str:
    def small(n: int) -> str:
        if n < 10:
            return _ORD[n - 1]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _ORD[tens - 1]) + "十" + (_ORD[ones - 1] if ones else "")

    year = "".join(_CN[int(c)] for c in str(d.year))
    return f"{year}年{small(d.month)}月{small(d.day)}日"


class _Builder:
    """Collects paragraphs, headings, facts and expected findings in text order."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.headings: list[dict[str, Any]] = []
        self.facts: list[GoldFact] = []
        self.findings: list[Expected] = []

    def add(self, para: Para | str) -> None:
        p = para if isinstance(para, Para) else Para(para)
        self.lines.append(p.text)
        self.facts += p.facts
        self.findings += p.findings

    def heading(self, level: int, marker: str, title: str, body: Para | None = None) -> None:
        self.headings.append({"level": level, "text": marker + title, "run_in": body is not None})
        if body is None:
            self.lines.append(marker + title)
        else:
            self.add(Para(f"{marker}{title}。{body.text}", body.facts, body.findings))


def compose(rng: random.Random, stem: str, kinds: frozenset[str]) -> Report:
    """A report on a random unit and year carrying exactly the defects `kinds`."""
    ph = phrases()
    unit = draw_unit(rng)
    year = rng.randint(2016, 2025)
    nxt = year + 1
    policy = dk.wrong_policy(rng, year) if "policy" in kinds else dk.correct_policy(year)
    ctx = {"issuer": unit.issuer, "short": unit.short, "year": year, "next": nxt,
           "upper": unit.upper, "policy": policy, "leader": unit.leader, "s": unit.scope,
           "guide": "习近平新时代中国特色社会主义思想" if year >= 2018 else "党的十八大和十八届历次全会精神",
           "thought": "习近平法治思想" if year >= 2020 else "习近平总书记关于全面依法治国的重要论述",
           "pufa": "八五" if year >= 2021 else "七五"}  # fmt: skip
    fig = Fig(rng, Style.draw(rng), ctx)
    layout = rng.choice(sections.LAYOUTS)
    b = _Builder()

    # --- the head: letterhead, number, signer, title, addressees
    doc_number = signer = None
    if unit.kind != "township" and rng.random() < 0.4:
        b.add(f"{unit.letterhead}文件")
        if rng.random() < 0.8:
            doc_number = f"{unit.code}{unit.number_tag}〔{nxt}〕{rng.randint(1, 60)}号"
            if rng.random() < 0.5:
                signer = person_name(rng)
                if rng.random() < 0.3:  # 发文字号 left, 签发人 right, on one line
                    b.add(f"{doc_number}    签发人：{signer}")
                else:
                    b.add(doc_number)
                    b.add(f"签发人：{signer}")
            else:
                b.add(doc_number)
    if "title" in kinds:
        title = rng.choice(ph["wrong_titles"]).format(**ctx)
        b.findings.append(Expected("meta.title_mismatch", title, "标题宣称的是另一项工作的报告"))
    else:
        title = rng.choice(ph["titles"]).format(
            **(ctx | {"year": nxt if "year" in kinds else year})
        )
        if "year" in kinds:
            b.findings.append(
                Expected("meta.year_mismatch", title, f"标题{nxt}年，正文报告{year}年")
            )
    b.add(title)
    addressees = list(unit.addressees) if rng.random() < 0.85 else []
    if addressees:
        line = "、".join(addressees)
        if len(addressees) > 2 and rng.random() < 0.5:  # 县委、县政府，市司法局：
            line = "、".join(addressees[:2]) + "，" + "、".join(addressees[2:])
        b.add(line + "：")
    # the 督察工作规定 came into force in April 2019: no report on an earlier year cites it
    usable = [p for p in ph["preambles"] if year >= 2019 or "督察工作规定" not in p]
    preamble = rng.choice(usable).format(**ctx)
    if "year" in kinds and str(year) not in preamble.split("。")[0]:
        preamble = f"{year}年，" + preamble  # the body must say which year it reports on
    b.add(
        Para(
            preamble,
            [],
            [Expected("ref.policy_title", policy, "纲要名称或期限有误")]
            if "policy" in kinds
            else [],
        )
    )

    # --- the body
    missing = {k.removeprefix("missing_") for k in kinds if k.startswith("missing_")}
    if "shortcomings" in missing:
        missing.add("causes")
    fr_section = "first_responsible" not in missing and rng.random() < 0.3
    tops = ["measures"] + (["first_responsible"] if fr_section else [])
    tops += [k for k in ("shortcomings", "next_year") if k not in missing]
    if rng.random() < 0.08:
        tops.append("other")
    for i, kind in enumerate(tops):
        marker = sections.ORD[i] + rng.choice(("、", "、", "、", "、 "))
        if kind == "other":
            sections.other(rng, b, ctx, marker)
            continue
        b.heading(1, marker, rng.choice(ph["headings"][kind]).format(**ctx))
        if kind == "measures":
            fr_inline = not fr_section and "first_responsible" not in missing
            sections.measures(rng, b, kinds, ctx, fig, layout, fr_inline=fr_inline)
        elif kind == "first_responsible":
            for s in rng.sample(ph["first_responsible"], 2):
                b.add(s.format(**ctx))
        elif kind == "shortcomings":
            sections.shortcomings(rng, b, ctx, layout, with_causes="causes" not in missing)
        else:
            sections.next_year(rng, b, ctx, _plan_ctx(nxt, ctx), layout)
    for content in sorted(missing):
        b.findings.append(Expected("structure.missing_content", None, f"缺少{content}", content))

    # --- the foot: closing, attachment, signature, date, disclosure, contact, cc
    if rng.random() < 0.5:
        b.add(rng.choice(ph["closings"]))
    if rng.random() < 0.12:
        b.add(rng.choice(ph["attachments"]).format(**ctx))
    for line in unit.signature:
        b.add(line)
    issued = (
        dk.late_date(rng, year, unit.kind)
        if "late" in kinds
        else dk.clean_date(rng, year, unit.kind)
    )
    printed = (
        _cn_date(issued) if rng.random() < 0.6 else f"{issued.year}年{issued.month}月{issued.day}日"
    )
    b.add(printed)
    if "late" in kinds:
        b.findings.append(Expected("timeliness.late", printed, f"{issued} 晚于期限"))
    disclosure = None
    if rng.random() < 0.4:
        disclosure = "主动公开"
        b.add("（此件主动公开）")
    if "phone" in kinds or rng.random() < 0.4:
        contact = person_name(rng)
        number = dk.mobile(rng) if "phone" in kinds else dk.landline(rng)
        line = f"（联系人：{contact}，{rng.choice(('联系电话', '电话'))}：{number}）"
        b.add(line)
        if "phone" in kinds:
            b.findings.append(Expected("privacy.personal_data", number, "联系人手机号码"))
    cc: list[str] = []
    if rng.random() < 0.2:
        cc = list(unit.cc)
        b.add(f"抄送：{'，'.join(cc)}。")

    contents = {k: k not in missing for k in _CONTENTS}
    gold = {
        "schema": "fazhi.gold/1",
        "document": stem,
        "is_report": True,
        "metadata": {
            "title": title,
            "issuer": list(unit.issuers),
            "region": {"province": unit.province, "city": unit.city, "county": unit.county},
            "report_year": year,
            "doc_number": doc_number,
            "signer": signer,
            "addressees": addressees,
            "cc": cc,
            "issue_date": issued.isoformat(),
            "disclosure": disclosure,
        },
        "top_sections": tops,
        "contents": contents,
        "findings": [f.to_json() for f in b.findings],
        "headings": b.headings,
        "facts": [f.to_json() for f in b.facts],
        "defects": [{"kind": k, "rule": dk.KINDS[k]} for k in sorted(kinds)],
        "unit": {"kind": unit.kind, "level": unit.level, "layout": layout},
    }
    return Report(stem, "\n".join(b.lines) + "\n", gold)


def _plan_ctx(nxt: int, ctx: dict[str, Any]) -> dict[str, str]:
    """Plans speak of the coming year: its thought and 普法 plan, not the past year's."""
    return {
        "thought": "习近平法治思想" if nxt >= 2020 else str(ctx["thought"]),
        "pufa": "八五" if nxt >= 2021 else "七五",
    }
