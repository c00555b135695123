"""Paragraphs that state figures, one family per area of the 纲要, in the phrasings of
synth.yaml `figures`; the families with arithmetic (breakdowns, rates) live in
`cases`. Every generator takes a `Fig` (the report's random source and number style),
the report year and an optional defect kind it supports, and returns a `Para` with the
core-indicator facts it states and the finding it plants.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from fazhi.synth import cases
from fazhi.synth.cases import inflate, split
from fazhi.synth.fig import MASKS, Fig, para, shared
from fazhi.synth.nums import dec, rate_text
from fazhi.synth.truth import Expected, GoldFact, Para

__all__ = ["FIGURES", "SITES", "SUBHEADS"]


def _mask(f: Fig, indicator: str) -> tuple[str, Expected]:
    mask = f.rng.choice(MASKS)
    text = f.masked(indicator, mask)
    # the anchor is the placeholder with its unit and the words just before it
    at = text.index(mask)
    end = at + len(mask) + len(f.unit(indicator)) + 1
    anchor = text[max(0, at - 4) : end].rstrip("，。")
    return text, Expected("data.masked_value", anchor, f"“{mask}”代替了数字")


# ------------------------------------------------------------------ enforcement


def _fines(f: Fig) -> tuple[str, GoldFact]:
    rng = f.rng
    form = rng.choice(("罚没款{n}", "罚没金额{n}", "处罚金额{n}", "收缴罚没款{n}", "罚没款共计{n}"))
    if rng.random() < 0.6:
        v = Decimal(rng.randint(50, 99999)) / 100
        approx = rng.random() < 0.15
        if approx:
            v = Decimal(int(v))
        shown = f"{dec(v)}{'余' if approx else ''}万元"
        fact = GoldFact("enforcement.fines", float(v) if v % 1 else int(v), "万元",
                        int(v * 10000) if (v * 10000) % 1 == 0 else float(v * 10000), "元",
                        "", approx)  # fmt: skip
    else:
        v = Decimal(rng.randint(10000, 9999999)) / (10 if rng.random() < 0.3 else 1)
        shown = (f"{v:,}" if f.style.thousands else dec(v)) + "元"
        val = float(v) if v % 1 else int(v)
        fact = GoldFact("enforcement.fines", val, "元", val, "元", "")
    text = form.replace("{n}", shown)
    return text, GoldFact(**{**fact.to_json(), "anchor": text})


def enforcement(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    clauses: list[tuple[str, GoldFact | None]] = []
    findings = []
    sentences = []
    if rng.random() < 0.5 or defect == "sum":
        total = rng.randint(100, 6000)
        # an inspection or a coercive measure may belong to a penalty case: a list that
        # must not add up names only acts that cannot overlap
        others = (
            ["行政许可", "行政确认"] if defect == "sum" else ["行政许可", "行政强制", "行政检查"]
        )
        words = ["行政处罚", *rng.sample(others, rng.randint(1, len(others)))]
        parts = split(rng, total, len(words))
        parts = inflate(rng, parts, total) if defect == "sum" else parts
        c0 = f.count("enforcement.cases", total, unit="件", exact=True)
        noun = rng.choice(("", "案件"))  # 其中行政处罚120件 or 其中行政处罚案件120件
        items = [f"{w}{noun}{f.num(p, '件')}" for w, p in zip(words, parts, strict=True)]
        pen = GoldFact("enforcement.penalty_cases", parts[0], "件", parts[0], "件", items[0])
        clauses += [c0, ("", pen)]
        core = f"{c0[0]}，其中{'、'.join(items)}"
        sentences.append(f"{f.lead()}{core}")
        if defect == "sum":
            why = f"{'+'.join(map(str, parts))}={sum(parts)}≠{total}"
            findings.append(Expected("arith.sum_mismatch", core, why))
    else:
        c = f.count("enforcement.penalty_cases", rng.randint(30, 5000))
        clauses.append(c)
        sentences.append(f"{f.lead()}{c[0]}" + (f"，{f.yoy()}" if rng.random() < 0.3 else ""))
    fines = _fines(f)
    clauses.append(fines)
    sentences[-1] += f"，{fines[0]}"
    for ind, lo, hi, approx in (("enforcement.files_reviewed", 20, 400, 0.1),
                                ("enforcement.legal_reviews", 5, 300, 0.0),
                                ("enforcement.officers", 30, 3000, 0.2)):  # fmt: skip
        if rng.random() < 0.5:
            c = f.count(ind, rng.randint(lo, hi), approx=approx)
            clauses.append(c)
            sentences.append(c[0])
    text = "。".join([*sentences[:1], "；".join(sentences[1:])] if sentences[1:] else sentences)
    return para(text + "。", clauses, findings)


def decisions(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    c1 = f.count("advisors.count", rng.randint(2, 60), approx=0.15)
    c2 = f.count("normdoc.reviewed", rng.randint(20, 2000), approx=0.2)
    text = rng.choice((f"全年{c1[0]}，{c2[0]}，提出审查意见，有效防范了法律风险。",
                       f"健全法律顾问制度，{c1[0]}。全年{c2[0]}。",
                       f"{f.lead()}{c2[0]}，{c1[0]}，做到应审尽审。"))  # fmt: skip
    return para(text, [c1, c2])


# ------------------------------------------------------------------ publicity, supervision


def pufa(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    c1 = f.count("pufa.events", rng.randint(10, 900), approx=0.3)
    materials = rng.choice((rng.randint(500, 9999), rng.randint(1, 90) * 10000))
    c2 = f.count("pufa.materials", materials, approx=0.3)
    audience = rng.choice((rng.randint(1000, 9999), rng.randint(1, 60) * 10000))
    c3 = f.count("pufa.audience", audience, approx=0.6)
    clauses = [c1, c2, c3]
    findings = []
    if defect == "masked":
        i = rng.randrange(2)
        ind = ("pufa.events", "pufa.materials")[i]
        text, finding = _mask(f, ind)
        clauses[i] = (text, None)
        findings.append(finding)
    text = f"{f.lead()}{clauses[0][0]}，{clauses[1][0]}，{clauses[2][0]}。"
    return para(text, clauses, findings)


def supervision(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    c1 = f.count("supervision.npc_suggestions", rng.randint(5, 300))
    c2 = f.count("supervision.cppcc_proposals", rng.randint(5, 300))
    c3 = f.count("supervision.disclosures", rng.randint(200, 40000))
    clauses = [c1, c2, c3]
    findings = []
    if defect == "masked":
        text, finding = _mask(f, "supervision.disclosures")
        clauses[2] = (text, None)
        findings.append(finding)
    done = rng.choice(("均按期办结答复", "办复率100%", "按时办结率、满意率均为100%"))
    if rng.random() < 0.4 and c1[0].startswith("办理") and c2[0].startswith("办理") and c2[1]:
        second = c2[0].removeprefix("办理")
        first = f"{c1[0]}和{second}"
        clauses[1] = (second, GoldFact(**{**c2[1].to_json(), "anchor": second}))
    else:
        first = f"{c1[0]}，{c2[0]}"
    text = f"{f.lead()}{first}，{done}。{clauses[2][0]}。"
    return para(text, clauses, findings)


def services(f: Fig, year: int, defect: str | None = None) -> Para:
    rng = f.rng
    names = {"services.zero_visit_rate": "x.services.zero_visit",
             "services.online_rate": "x.services.online",
             "services.instant_rate": "x.services.instant"}  # fmt: skip
    chosen = rng.sample(list(names), rng.randint(2, 3))
    how = "counts" if defect == "rate" else rng.choice(("plain", "counts", "分别"))
    findings = []
    if how == "counts":
        total = rng.randint(200, 2000)
        c0 = f.count("x.services.items", total, unit="项")
        clauses, bits = [], []
        for i, ind in enumerate(chosen):
            k = rng.randint(int(total * 0.4), total)
            r = rate_text(k, total)
            if defect == "rate" and i == 0:
                r = cases.wrong_rate(rng, k, total)
            ck = f.count(names[ind], k, unit="项")
            cr = f.rate(ind, r, name="占比", verb=rng.choice(("", "达")))
            anchor = f"{ck[0]}，{cr[0]}"
            clauses.append((anchor, GoldFact(ind, cr[1].value, "%", cr[1].value, "%", anchor)))
            bits.append(anchor)
            if defect == "rate" and i == 0:
                why = f"{k}/{total}={rate_text(k, total)}%"
                findings.append(Expected("arith.rate_mismatch", f"{c0[0]}，其中{anchor}", why))
        text = f"{c0[0]}，其中{'，'.join(bits)}，群众办事更加便捷。"
        return para(text, clauses, findings)
    rates = [dec(Decimal(rng.randint(6000, 9999)) / 100) for _ in chosen]
    if how == "分别":
        label = {"services.zero_visit_rate": "“一趟不用跑”", "services.online_rate": "“全程网办”",
                 "services.instant_rate": "即办件"}  # fmt: skip
        anchor = (f"{'、'.join(label[i] for i in chosen)}事项占比"
                  f"{rng.choice(('分别达', '分别为', '分别达到'))}{'%、'.join(rates)}%")  # fmt: skip
        facts = [shared(i, r, "%", anchor) for i, r in zip(chosen, rates, strict=True)]
        return Para(f"全{f.ctx['s']}政务服务{anchor}，群众办事更加便捷。", facts)
    clauses = [f.rate(i, r) for i, r in zip(chosen, rates, strict=True)]
    return para(f"政务服务{'，'.join(c for c, _ in clauses)}，群众办事更加便捷。", clauses)


Generator = Callable[..., Para]
# area → the figure families it may carry
FIGURES: dict[str, tuple[Generator, ...]] = {
    "functions": (services,),
    "rules": (cases.normdoc,),
    "decisions": (decisions,),
    "enforcement": (enforcement,),
    "disputes": (cases.disputes, cases.reconsideration, cases.litigation, cases.correction),
    "supervision": (supervision,),
    "pufa": (pufa,),
}
# defect kind → (area, generator) able to plant it
SITES: dict[str, tuple[tuple[str, Generator], ...]] = {
    "sum": (("disputes", cases.reconsideration), ("rules", cases.normdoc),
            ("enforcement", enforcement)),
    "rate": (("disputes", cases.disputes), ("disputes", cases.litigation),
             ("disputes", cases.correction), ("functions", services)),
    "range": (("disputes", cases.litigation), ("rules", cases.normdoc),
              ("disputes", cases.disputes)),
    "masked": (("pufa", pufa), ("supervision", supervision)),
}  # fmt: skip
# generator → the key of its numbered-item titles in synth.yaml figures.subheads
SUBHEADS: dict[Generator, str] = {
    services: "services", cases.normdoc: "normdoc", decisions: "decisions",
    enforcement: "enforcement", cases.disputes: "disputes",
    cases.reconsideration: "reconsideration", cases.litigation: "litigation",
    cases.correction: "correction", supervision: "supervision", pufa: "pufa",
}  # fmt: skip
