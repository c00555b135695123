"""Figure paragraphs that carry arithmetic: breakdowns that add up to their total (其中,
分别) and rates computed from the counts beside them. The defects of those kinds are
planted here, each so that a careful reader sees exactly one thing wrong: parts that
exceed an exhaustive total (or fall short of one where the list names every outcome), a
rate at least 6 points off its counts, a rate above 100%.
"""

from __future__ import annotations

import itertools
import random
from decimal import ROUND_HALF_UP, Decimal

from fazhi.synth.fig import Fig, para, shared
from fazhi.synth.nums import dec, rate_text
from fazhi.synth.truth import Expected, Para

__all__ = ["correction", "disputes", "litigation", "normdoc", "reconsideration", "wrong_rate"]


def wrong_rate(rng: random.Random, num: int, den: int) -> str:
    """A rate at least 6 points away from num/den, inside 0–100 so that only the
    mismatch (not the range) is wrong."""
    true = Decimal(num) * 100 / Decimal(den)
    for _ in range(50):
        shift = Decimal(rng.randint(600, 2500)) / 100 * rng.choice((-1, 1))
        r = (true + shift).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if Decimal(0) < r <= Decimal(100) and abs(r - true) >= 6:
            return dec(r)
    return dec((true - 20 if true > 50 else true + 20).quantize(Decimal("0.1")))


def over_100(rng: random.Random) -> str:
    return dec(Decimal(rng.randint(1005, 1400)) / 10)


def split(rng: random.Random, total: int, k: int) -> list[int]:
    """total cut into k parts, the first the largest, each at least 1 where it can be."""
    cuts = sorted(rng.sample(range(1, total), k - 1)) if total > k else []
    if not cuts:
        return [total - k + 1] + [1] * (k - 1) if total >= k else [total] + [0] * (k - 1)
    edges = [0, *cuts, total]
    parts = [b - a for a, b in itertools.pairwise(edges)]
    parts.sort(reverse=True)
    return parts


def inflate(rng: random.Random, parts: list[int], total: int) -> list[int]:
    """Parts that exceed their total by a fifth to a half, none of them above the total
    (a part larger than its total reads as a figure of another scope, not as a slip)."""
    excess = rng.randint(max(3, total // 5), max(6, total // 2))
    for _ in range(20):
        out = list(parts)
        for _ in range(excess):
            room = [i for i, p in enumerate(out) if p < total - 1]
            if not room:
                break
            out[rng.choice(room)] += 1
        # no first few parts that already make the total (the rest would read as
        # cross-cutting attributes, not as parts)
        if all(sum(out[:i]) != total for i in range(1, len(out))) and sum(out) > total:
            return out
    return [total - 1, *[p + excess for p in parts[1:]]]


def shrink(rng: random.Random, parts: list[int], total: int) -> list[int]:
    """Parts that fall short of an exhaustive total by at least 4 and a tenth."""
    short = min(parts[0] - 1, rng.randint(max(4, total // 10), max(6, total // 4)))
    return [parts[0] - short, *parts[1:]]


def _listing(f: Fig, words: list[str], parts: list[int], unit: str, sep: str) -> str:
    return sep.join(f"{w}{f.num(p, unit)}" for w, p in zip(words, parts, strict=True))


def _respectively(f: Fig, words: list[str], parts: list[int], unit: str) -> str:
    verb = f.rng.choice(("分别为", "分别为", "分别是", "分别"))
    nums = "、".join(f.num(p, unit) for p in parts)
    return f"{'、'.join(words)}{f.rng.choice(('的', ''))}{verb}{nums}"


# ------------------------------------------------------------------ reconsideration


def reconsideration(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    applications = rng.randint(20, 600)
    accepted = rng.randint(int(applications * 0.7), applications)
    closed = rng.randint(max(int(accepted * 0.8), 10), accepted)
    c1 = f.count("reconsideration.applications", applications, approx=0.15)
    c2 = f.count("reconsideration.accepted", accepted)
    c3 = f.count("reconsideration.closed", closed, unit="件")
    k = rng.randint(3, 5)
    words = rng.sample(f.words("decisions"), k)
    parts = split(rng, closed, k)
    findings = []
    if defect == "sum":
        # parts that add up to another figure of the paragraph (the 受理 count) would
        # leave a reader unsure which total 其中 refers to
        for _ in range(20):
            wrong = inflate(rng, parts, closed)
            if sum(wrong) not in (applications, accepted):
                break
        parts = wrong
    how = rng.random()
    if how < 0.45:
        tail = f"，其中{_listing(f, words, parts, '件', rng.choice(('，', '、')))}"
    elif how < 0.8:
        tail = f"，其中{_respectively(f, words, parts, '件')}"
    else:
        tail = f"。其中，{_listing(f, words, parts, '件', '，')}"
    breakdown = c3[0] + tail
    if defect == "sum":
        why = f"{'+'.join(map(str, parts))}={sum(parts)}≠{closed}"
        findings.append(Expected("arith.sum_mismatch", breakdown, why))
    text = f"{f.lead()}{c1[0]}，{c2[0]}，{breakdown}。"
    return para(text, [c1, c2, c3], findings)


def correction(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    closed = rng.randint(20, 800)
    mediation = rng.random() < 0.35
    part = (
        rng.randint(max(1, closed // 10), max(2, closed // 2))
        if mediation
        else rng.randint(max(1, closed // 30), max(2, closed // 5))
    )
    ind, rate_ind = (
        ("reconsideration.mediated", "reconsideration.mediation_rate")
        if mediation
        else ("reconsideration.corrected", "reconsideration.correction_rate")
    )
    r = rate_text(part, closed) if defect != "rate" else wrong_rate(rng, part, closed)
    c1 = f.count("reconsideration.closed", closed, form=rng.choice(
        ("审结行政复议案件{n}", "办结行政复议案件{n}", "全年审结行政复议案件{n}")), unit="件")  # fmt: skip
    c2 = f.count(ind, part, unit="件")
    c3 = f.rate(rate_ind, r)
    join = rng.choice(("，", "，其中"))
    core = f"{c1[0]}{join}{c2[0]}，{c3[0]}"
    tail = rng.choice(("，有力监督了依法行政。", "。", "，行政复议公信力持续提升。"))
    text = f"{rng.choice(('全年', f'{year}年，', '全年共', ''))}{core}{tail}"
    findings = []
    if defect == "rate":
        why = f"{part}/{closed}={rate_text(part, closed)}%"
        findings.append(Expected("arith.rate_mismatch", core, why))
    return para(text, [c1, c2, c3], findings)


# ------------------------------------------------------------------ litigation


def litigation(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    cases = rng.randint(8, 300)
    lead = rng.choice(("全年", "全年共", f"{year}年，", "一年来，"))
    if defect == "range" or (defect is None and rng.random() < 0.3):
        r = over_100(rng) if defect == "range" else rng.choice(("100", "100", "98.6", "96"))
        c1 = f.count("litigation.cases", cases)
        c2 = f.rate("litigation.appearance_rate", r)
        if defect is None and rng.random() < 0.5:
            win = dec(Decimal(rng.randint(800, 1000)) / 10)
            names = rng.choice((("出庭应诉率", "胜诉率"), ("负责人出庭应诉率", "行政诉讼胜诉率")))
            anchor = f"{names[0]}、{names[1]}分别{rng.choice(('为', '达', '达到'))}{r}%、{win}%"
            facts = [shared("litigation.appearance_rate", r, "%", anchor),
                     shared("litigation.win_rate", win, "%", anchor)]  # fmt: skip
            text = f"{lead}{c1[0]}，{anchor}，行政应诉工作水平进一步提升。"
            return Para(text, [f for f in (c1[1],) if f] + facts)
        text = f"{lead}{c1[0]}，{c2[0]}，行政应诉工作水平进一步提升。"
        findings = []
        if defect == "range":
            findings.append(Expected("arith.rate_out_of_range", c2[0], "出庭应诉率不可能超过100%"))
        return para(text, [c1, c2], findings)
    c1 = f.count("litigation.cases", cases)
    if rng.random() < 0.7:
        part = rng.randint(int(cases * 0.6), cases)
        c2 = f.count("x.litigation.appeared", part, unit="件")
        ind = "litigation.appearance_rate"
    else:
        part = rng.randint(0, max(1, cases // 8))
        c2 = f.count("x.litigation.lost", part, unit="件")
        ind = "litigation.loss_rate"
    r = rate_text(part, cases) if defect != "rate" else wrong_rate(rng, part, cases)
    c3 = f.rate(ind, r)
    core = f"{c1[0]}，{c2[0]}，{c3[0]}"
    findings = []
    if defect == "rate":
        why = f"{part}/{cases}={rate_text(part, cases)}%"
        findings.append(Expected("arith.rate_mismatch", core, why))
    return para(f"{lead}{core}。", [c1, c3], findings)


# ------------------------------------------------------------------ disputes


def disputes(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    received = rng.randint(60, 30000)
    if received > 10000:
        received = received // 100 * 100
    resolved = rng.randint(int(received * 0.85), received)
    if defect == "range":
        c = f.rate("disputes.success_rate", over_100(rng))
        text = f"{f.lead()}矛盾纠纷{c[0]}，有效维护了社会和谐稳定。"
        why = "化解率不可能超过100%"
        return para(text, [c], [Expected("arith.rate_out_of_range", c[0], why)])
    names = rng.choice((("排查矛盾纠纷{n}", "成功化解{n}", "化解率"),
                        ("受理矛盾纠纷{n}", "调解成功{n}", "调解成功率"),
                        ("调处各类矛盾纠纷{n}", "调处成功{n}", "调处成功率"),
                        ("受理各类矛盾纠纷{n}", "成功调解{n}", "调解成功率")))  # fmt: skip
    r = rate_text(resolved, received) if defect != "rate" else wrong_rate(rng, resolved, received)
    c1 = f.count("disputes.received", received, form=names[0], exact=True)
    c2 = f.count(
        "disputes.resolved", resolved, form=names[1], unit=c1[1].unit if c1[1] else "件", exact=True
    )
    c3 = f.rate("disputes.success_rate", r, name=names[2])
    join = rng.choice(("，", "，", "，其中"))
    core = f"{c1[0]}{join}{c2[0]}，{c3[0]}"
    text = f"{f.lead()}{core}。"
    if rng.random() < 0.3:
        kinds = rng.sample(f.words("dispute_kinds"), 2)
        a = rng.randint(1, max(2, received // 5))
        b = rng.randint(1, max(2, received // 6))
        text += f"受理的纠纷中，{kinds[0]}{f.num(a, '件')}、{kinds[1]}{f.num(b, '件')}。"
    findings = []
    if defect == "rate":
        why = f"{resolved}/{received}={rate_text(resolved, received)}%"
        findings.append(Expected("arith.rate_mismatch", core, why))
    return para(text, [c1, c2, c3], findings)


# ------------------------------------------------------------------ normative documents


def normdoc(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    issued = rng.randint(2, 40)
    c1 = f.count("normdoc.issued", issued)
    r = over_100(rng) if defect == "range" else "100"
    c2 = f.rate("normdoc.filing_rate", r)
    total = rng.randint(30, 400)
    amended_too = rng.random() < 0.6
    words = ["保留", "修改", "废止"] if amended_too else ["保留", "废止"]
    parts = split(rng, total, len(words))
    how = rng.choice(("其中", "plain", "分别"))
    findings = []
    if defect == "sum":
        parts = (
            shrink(rng, parts, total)
            if how != "其中" and rng.random() < 0.4
            else inflate(rng, parts, total)
        )
    c3 = f.count("normdoc.cleaned", total, unit="件")
    if how == "分别":
        listing = _respectively(f, ["拟保留", "修改", "废止"][: len(words)] if amended_too
                                else ["继续有效", "废止"], parts, "件")  # fmt: skip
        facts = [shared("normdoc.retained", parts[0], "件", listing),
                 shared("normdoc.abolished", parts[-1], "件", listing)]  # fmt: skip
    else:
        items = [f.count("normdoc.retained", parts[0], unit="件")]
        if amended_too:
            items.append(f.count("x.normdoc.amended", parts[1], unit="件"))
        items.append(f.count("normdoc.abolished", parts[-1], unit="件"))
        listing = ("其中" if how == "其中" else "") + "，".join(t for t, _ in items)
        facts = [x for _, x in items if x]
    cleaning = f"{c3[0]}，{listing}"
    if defect == "sum":
        why = f"{'+'.join(map(str, parts))}={sum(parts)}≠{total}"
        findings.append(Expected("arith.sum_mismatch", cleaning, why))
    if defect == "range":
        findings.append(Expected("arith.rate_out_of_range", c2[0], "备案率不可能超过100%"))
    text = rng.choice((f"全年{c1[0]}，{c2[0]}。{cleaning}。",
                       f"{year}年，{c1[0]}，均按规定进行合法性审核，{c2[0]}。{cleaning}。",
                       f"{f.lead()}{c1[0]}，{c2[0]}。开展规范性文件清理，{cleaning}。"))  # fmt: skip
    out = para(text, [c1, c2, c3], findings)
    out.facts += facts
    return out
