"""Paragraphs that state figures, one family per area of the 纲要, each in several
phrasings; the defect sites (a breakdown, a rate, a placeholder) are built here so that a
defect is unambiguous by construction.

Every generator takes the random source and an optional defect kind it supports and
returns a `Para` with the core-indicator facts it states and the finding it plants.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from fazhi.synth.truth import Expected, GoldFact, Para, plain

__all__ = ["FIGURES", "SITES", "rate_text"]


def rate_text(num: int, den: int) -> str:
    """num/den as a printed percentage: two places at most, no trailing zeros."""
    r = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return _dec(r)


def _dec(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


def _count(indicator: str, n: int, unit: str, anchor: str) -> GoldFact:
    return GoldFact(indicator, n, unit, n, unit, anchor)


def _rate(indicator: str, r: str, anchor: str) -> GoldFact:
    return GoldFact(indicator, plain(Decimal(r)), "%", plain(Decimal(r)), "%", anchor)


def _wrong_rate(rng: random.Random, num: int, den: int) -> str:
    """A rate at least 6 points away from num/den, inside 0–100 so that only the
    mismatch (not the range) is wrong."""
    true = Decimal(num) * 100 / Decimal(den)
    for _ in range(50):
        shift = Decimal(rng.randint(600, 2500)) / 100 * rng.choice((-1, 1))
        r = (true + shift).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if Decimal(0) < r <= Decimal(100) and abs(r - true) >= 6:
            return _dec(r)
    return _dec((true - 20 if true > 50 else true + 20).quantize(Decimal("0.1")))


# ------------------------------------------------------------------ reconsideration


def reconsideration(rng: random.Random, year: int, defect: str | None = None) -> Para:
    applications = rng.randint(20, 600)
    accepted = rng.randint(int(applications * 0.7), applications)
    closed = rng.randint(max(int(accepted * 0.8), 10), accepted)
    lead = rng.choice(("全年共", f"{year}年，共", "全年", "一年来，共"))
    a1 = f"收到行政复议申请{applications}件"
    a2 = f"受理行政复议案件{accepted}件"
    a3 = f"审结{closed}件"
    facts = [
        _count("reconsideration.applications", applications, "件", a1),
        _count("reconsideration.accepted", accepted, "件", a2),
        _count("reconsideration.closed", closed, "件", a3),
    ]
    upheld = rng.randint(int(closed * 0.4), int(closed * 0.7))
    revoked = rng.randint(0, max(1, (closed - upheld) // 3))
    rejected = closed - upheld - revoked
    findings = []
    if defect == "sum":
        # spread the excess so that no single part exceeds the total: a part larger than
        # its total reads as a figure of another scope, not as a slip
        target = closed + rng.randint(max(3, closed // 5), max(6, closed // 2))
        upheld = min(closed - 1, upheld + (target - closed) // 2)
        rejected = min(closed - 1, target - upheld - revoked)
    parts = [f"维持{upheld}件", f"撤销{revoked}件", f"驳回{rejected}件"]
    breakdown = f"{a3}，其中{'，'.join(parts)}"
    if defect == "sum":
        total = upheld + revoked + rejected
        findings.append(Expected("arith.sum_mismatch", breakdown, f"{total}≠{closed}"))
    text = f"{lead}{a1}，{a2}，{breakdown}。"
    return Para(text, facts, findings)


def normdoc(rng: random.Random, year: int, defect: str | None = None) -> Para:
    issued = rng.randint(2, 40)
    a1 = f"制定出台行政规范性文件{issued}件"
    facts = [_count("normdoc.issued", issued, "件", a1)]
    total = rng.randint(30, 400)
    retained = rng.randint(int(total * 0.6), int(total * 0.9))
    amended = rng.randint(0, (total - retained) // 2)
    abolished = total - retained - amended
    findings = []
    if defect == "sum":
        abolished += rng.randint(max(4, total // 6), max(8, total // 3))
        abolished = min(abolished, total - 1)
    a2 = f"对{total}件行政规范性文件进行全面清理"
    tail = f"其中保留{retained}件，修改{amended}件，废止{abolished}件"
    facts.append(_count("normdoc.cleaned", total, "件", a2))
    facts.append(_count("normdoc.retained", retained, "件", f"保留{retained}件"))
    facts.append(_count("normdoc.abolished", abolished, "件", f"废止{abolished}件"))
    if defect == "sum":
        s = retained + amended + abolished
        findings.append(Expected("arith.sum_mismatch", f"{a2}，{tail}", f"{s}≠{total}"))
    filing = rng.choice(("备案率100%", "报备率100%", "按时报备率100%"))
    facts.append(_rate("normdoc.filing_rate", "100", filing))
    text = rng.choice(
        (
            f"全年{a1}，{filing}。{a2}，{tail}。",
            f"{year}年，{a1}，均按规定进行合法性审核，{filing}。{a2}，{tail}。",
        )
    )
    return Para(text, facts, findings)


# ------------------------------------------------------------------ disputes, litigation


def disputes(rng: random.Random, year: int, defect: str | None = None) -> Para:
    received = rng.randint(60, 3000)
    resolved = rng.randint(int(received * 0.85), received)
    got, done, name = rng.choice(
        (
            ("排查矛盾纠纷", "成功化解", "化解率"),
            ("受理矛盾纠纷", "调解成功", "调解成功率"),
            ("调处各类矛盾纠纷", "调处成功", "调处成功率"),
        )
    )
    r = rate_text(resolved, received) if defect != "rate" else _wrong_rate(rng, resolved, received)
    a1, a2, a3 = f"{got}{received}件", f"{done}{resolved}件", f"{name}{r}%"
    a3 = rng.choice((a3, f"{name}达{r}%"))
    lead = rng.choice(("全年共", f"{year}年，全年共", "全年", "共"))
    # "共受理…件，其中调解成功…件": the same counts with a 其中 (the part of the total)
    join = rng.choice(("，", "，", "，其中"))
    text = f"{lead}{a1}{join}{a2}，{a3}。"
    a2 = a2 if join == "，" else f"其中{a2}"
    facts = [
        _count("disputes.received", received, "件", a1),
        _count("disputes.resolved", resolved, "件", a2),
        _rate("disputes.success_rate", r, a3),
    ]
    findings = []
    if defect == "rate":
        why = f"{resolved}/{received}={rate_text(resolved, received)}%"
        findings.append(
            Expected("arith.rate_mismatch", f"{a1}{join}{a2.removeprefix('其中')}，{a3}", why)
        )
    return Para(text, facts, findings)


def litigation(rng: random.Random, year: int, defect: str | None = None) -> Para:
    cases = rng.randint(8, 300)
    appeared = rng.randint(int(cases * 0.6), cases)
    if defect == "range":
        r = _dec(Decimal(rng.randint(1005, 1400)) / 10)
        a = rng.choice((f"行政机关负责人出庭应诉率达{r}%", f"行政机关负责人出庭应诉率为{r}%"))
        text = f"{rng.choice(('全年', f'{year}年，'))}{a}，行政应诉工作水平进一步提升。"
        why = "出庭应诉率不可能超过100%"
        return Para(
            text,
            [_rate("litigation.appearance_rate", r, a)],
            [Expected("arith.rate_out_of_range", a, why)],
        )
    r = rate_text(appeared, cases) if defect != "rate" else _wrong_rate(rng, appeared, cases)
    a1 = rng.choice((f"发生行政诉讼案件{cases}件", f"办理行政应诉案件{cases}件"))
    a2 = f"行政机关负责人出庭应诉{appeared}件"
    a3 = f"出庭应诉率{r}%"
    text = f"{rng.choice(('全年共', '全年'))}{a1}，{a2}，{a3}。"
    facts = [
        _count("litigation.cases", cases, "件", a1),
        _rate("litigation.appearance_rate", r, a3),
    ]
    findings = []
    if defect == "rate":
        why = f"{appeared}/{cases}={rate_text(appeared, cases)}%"
        findings.append(Expected("arith.rate_mismatch", f"{a1}，{a2}，{a3}", why))
    return Para(text, facts, findings)


def correction(rng: random.Random, year: int, defect: str | None = None) -> Para:
    closed = rng.randint(20, 800)
    corrected = rng.randint(max(1, closed // 30), max(2, closed // 5))
    r = rate_text(corrected, closed) if defect != "rate" else _wrong_rate(rng, corrected, closed)
    a1 = rng.choice((f"审结行政复议案件{closed}件", f"办结行政复议案件{closed}件"))
    a2 = rng.choice((f"依法纠错{corrected}件", f"纠错{corrected}件"))
    a3 = rng.choice((f"纠错率{r}%", f"行政复议纠错率为{r}%", f"纠错率达{r}%"))
    text = f"{rng.choice(('全年', f'{year}年，', '全年共'))}{a1}，{a2}，{a3}，有力监督了依法行政。"
    facts = [
        _count("reconsideration.closed", closed, "件", a1),
        _count("reconsideration.corrected", corrected, "件", a2),
        _rate("reconsideration.correction_rate", r, a3),
    ]
    findings = []
    if defect == "rate":
        why = f"{corrected}/{closed}={rate_text(corrected, closed)}%"
        findings.append(Expected("arith.rate_mismatch", f"{a1}，{a2}，{a3}", why))
    return Para(text, facts, findings)


# ------------------------------------------------------------------ the other areas


def enforcement(rng: random.Random, year: int, defect: str | None = None) -> Para:
    cases = rng.randint(30, 5000)
    fines = Decimal(rng.randint(50, 99999)) / 100
    files = rng.randint(20, 400)
    a1 = f"办理行政处罚案件{cases}件"
    a2 = f"罚没款{_dec(fines)}万元"
    a3 = f"评查行政执法案卷{files}份"
    text = rng.choice(
        (
            f"全年共{a1}，{a2}。组织开展案卷评查，{a3}。",
            f"{year}年，全年{a1}，{a2}；{a3}，对发现的问题督促整改到位。",
        )
    )
    facts = [
        _count("enforcement.penalty_cases", cases, "件", a1),
        GoldFact("enforcement.fines", plain(fines), "万元", plain(fines * 10000), "元", a2),
        _count("enforcement.files_reviewed", files, "份", a3),
    ]
    return Para(text, facts)


def decisions(rng: random.Random, year: int, defect: str | None = None) -> Para:
    advisors = rng.randint(2, 30)
    reviewed = rng.randint(20, 900)
    a1 = f"聘请法律顾问{advisors}名"
    a2 = f"合法性审查各类文件{reviewed}件"
    text = rng.choice(
        (
            f"全年{a1}，{a2}，提出审查意见，有效防范了法律风险。",
            f"健全法律顾问制度，{a1}。全年{a2}。",
        )
    )
    facts = [
        _count("advisors.count", advisors, "名", a1),
        _count("normdoc.reviewed", reviewed, "件", a2),
    ]
    return Para(text, facts)


MASKS = ("*****", "XX", "×××", "***")


def pufa(rng: random.Random, year: int, defect: str | None = None) -> Para:
    events = rng.randint(10, 900)
    materials = rng.randint(2, 90)
    audience = rng.randint(1, 60)
    a1 = f"开展普法宣传活动{events}场"
    a2 = f"发放宣传资料{materials}万份"
    a3 = f"受教育群众{audience}万余人次"
    facts = [
        _count("pufa.events", events, "场", a1),
        GoldFact("pufa.materials", materials, "万份", materials * 10000, "份", a2),
        GoldFact("pufa.audience", audience, "万人次", audience * 10000, "人次", a3, True),
    ]
    findings = []
    if defect == "masked":
        mask = rng.choice(MASKS)
        if rng.random() < 0.5:
            a1 = f"开展普法宣传活动{mask}场"
            facts.pop(0)
            anchor = a1
        else:
            a2 = f"发放宣传资料{mask}份"
            facts.pop(1)
            anchor = a2
        findings.append(Expected("data.masked_value", anchor, f"“{mask}”代替了数字"))
    text = f"{rng.choice(('全年共', '全年', f'{year}年，共'))}{a1}，{a2}，{a3}。"
    return Para(text, facts, findings)


def supervision(rng: random.Random, year: int, defect: str | None = None) -> Para:
    npc = rng.randint(5, 300)
    cppcc = rng.randint(5, 300)
    disclosed = rng.randint(200, 20000)
    a1 = f"办理人大代表建议{npc}件"
    a2 = f"办理政协提案{cppcc}件"
    a3 = f"主动公开政府信息{disclosed}条"
    text = f"全年{a1}，{a2}，均按期办结答复。{a3}。"
    facts = [
        _count("supervision.npc_suggestions", npc, "件", a1),
        _count("supervision.cppcc_proposals", cppcc, "件", a2),
        _count("supervision.disclosures", disclosed, "条", a3),
    ]
    return Para(text, facts)


def services(rng: random.Random, year: int, defect: str | None = None) -> Para:
    online = _dec(Decimal(rng.randint(7000, 9990)) / 100)
    zero = _dec(Decimal(rng.randint(6000, 9990)) / 100)
    a1 = f"“全程网办”事项占比{online}%"
    a2 = f"“一趟不用跑”事项占比{zero}%"
    text = f"政务服务{a1}，{a2}，群众办事更加便捷。"
    facts = [
        _rate("services.online_rate", online, a1),
        _rate("services.zero_visit_rate", zero, a2),
    ]
    return Para(text, facts)


Generator = Callable[..., Para]
# area → the figure families it may carry
FIGURES: dict[str, tuple[Generator, ...]] = {
    "functions": (services,),
    "rules": (normdoc,),
    "decisions": (decisions,),
    "enforcement": (enforcement,),
    "disputes": (disputes, reconsideration, litigation, correction),
    "supervision": (supervision,),
    "pufa": (pufa,),
}
# defect kind → (area, generator) able to plant it
SITES: dict[str, tuple[tuple[str, Generator], ...]] = {
    "sum": (("disputes", reconsideration), ("rules", normdoc)),
    "rate": (("disputes", disputes), ("disputes", litigation), ("disputes", correction)),
    "range": (("disputes", litigation),),
    "masked": (("pufa", pufa),),
}
