"""The body of a synthetic report: the measures by area, the shortcomings, the plans
and, now and then, a closing section of another kind, each laid out in one of the ways
real reports use: headings on their own line, run-in headings (（一）强领导，…。一是…),
numbered items (1. 健全工作机制。…, 1、…) under a heading.
"""

from __future__ import annotations

import random
from typing import Any, Protocol

from fazhi.synth.fig import Fig, phrases
from fazhi.synth.nums import cn_count
from fazhi.synth.phrasing import FIGURES, SITES, SUBHEADS
from fazhi.synth.truth import Para

__all__ = ["LAYOUTS", "measures", "next_year", "other", "shortcomings"]

AREAS = ("leadership", "functions", "rules", "decisions", "enforcement", "disputes",
         "supervision", "digital", "pufa")  # fmt: skip
ORD = "一二三四五六七八九十"
LAYOUTS = ("plain", "runin", "items", "mixed")
_ITEM_MARKS = ("{i}.", "{i}. ", "{i}、", "{i}．")


class Builder(Protocol):
    def add(self, para: Para | str) -> None: ...
    def heading(self, level: int, marker: str, title: str, body: Para | None = None) -> None: ...


def _aside(rng: random.Random, text: str, ctx: dict[str, Any]) -> str:
    a = rng.randint(2, 6)
    vals = {"cn": cn_count(rng.randint(2, 15)), "cn2": cn_count(rng.randint(2, 15)),
            "k": str(rng.randint(3, 99)), "k2": str(rng.randint(3, 99)),
            "a": str(a), "b": str(a + rng.randint(1, 5)), "s": str(ctx["s"])}  # fmt: skip
    for k, v in vals.items():
        text = text.replace("{" + k + "}", v)
    return text


def _l2(rng: random.Random, j: int) -> str:
    return f"（{ORD[j]}）" if rng.random() < 0.85 else f"({ORD[j]})"


def _enumerate(items: list[tuple[str, Para]]) -> Para:
    """一是{title}。{text}二是… in one paragraph."""
    out = Para("")
    for n, (title, p) in enumerate(items):
        out.text += f"{ORD[n]}是{title}。{p.text}"
        out.facts += p.facts
        out.findings += p.findings
    return out


def measures(rng: random.Random, b: Builder, kinds: frozenset[str], ctx: dict[str, Any],
             fig: Fig, layout: str, *, fr_inline: bool) -> None:  # fmt: skip
    ph = phrases()
    planted: dict[str, list[tuple[Any, str]]] = {}
    for kind in sorted(kinds):
        if kind in SITES:
            area, gen = rng.choice(SITES[kind])
            planted.setdefault(area, []).append((gen, kind))
    rest = [a for a in AREAS[1:] if a not in planted]
    chosen = set(planted) | set(rng.sample(rest, rng.randint(3, min(6, len(rest)))))
    areas = ["leadership"] + [a for a in AREAS[1:] if a in chosen]
    mark = rng.choice(_ITEM_MARKS)
    for j, area in enumerate(areas):
        spec, extra = ph["areas"][area], ph["area_extras"][area]
        titles = rng.sample(extra["subheads"], len(extra["subheads"]))
        items: list[tuple[str, Para]] = []
        for s in rng.sample(spec["sentences"], rng.randint(1, 2)):
            items.append((titles.pop(), Para(s.format(**ctx))))
        if area == "leadership" and fr_inline:
            t, p = items[0]
            items[0] = (t, Para(p.text + rng.choice(ph["first_responsible"]).format(**ctx)))
        if rng.random() < 0.45:
            t, p = items[-1]
            items[-1] = (t, Para(p.text + _aside(rng, rng.choice(extra["asides"]), ctx)))
        gens = {g: k for g, k in planted.get(area, [])}
        pool = [g for g in FIGURES.get(area, ()) if g not in gens]
        for g in rng.sample(pool, rng.randint(0 if gens else 1, len(pool))) if pool else []:
            gens.setdefault(g, "")
        for g, k in gens.items():
            sub = rng.choice(ph["figures"]["subheads"][SUBHEADS[g]])
            items.append((sub, g(fig, ctx["year"], k or None)))
        rng.shuffle(items)
        # one title per item, or the area falls back to plain paragraphs
        unique = len({t for t, _ in items}) == len(items)
        style = layout if layout != "mixed" else rng.choice(("plain", "items"))
        heading = rng.choice(spec["headings"]).format(**ctx)
        marker = _l2(rng, j)
        if style == "runin" and unique:
            b.heading(2, marker, heading, _enumerate(items))
        elif style == "items" and unique:
            b.heading(2, marker, heading)
            for n, (title, p) in enumerate(items, 1):
                b.heading(3, mark.format(i=n), title, p)
        else:
            paras = [p for _, p in items]
            if rng.random() < 0.3:
                b.heading(2, marker, heading, paras[0])
                paras = paras[1:]
            else:
                b.heading(2, marker, heading)
            for p in paras:
                b.add(p)


def shortcomings(rng: random.Random, b: Builder, ctx: dict[str, Any], layout: str,
                 *, with_causes: bool) -> None:  # fmt: skip
    ph = phrases()
    picks = rng.sample(range(len(ph["problems"])), rng.randint(2, 3))
    texts = [ph["problems"][i] + (ph["causes"][i] if with_causes else "") for i in picks]
    if layout in ("runin", "items") and rng.random() < 0.7:
        if rng.random() < 0.5:
            b.add(rng.choice(ph["shortcoming_intros"]).format(**ctx))
        for j, (i, t) in enumerate(zip(picks, texts, strict=True)):
            b.heading(2, _l2(rng, j), ph["problem_titles"][i], Para(t))
        return
    if rng.random() < 0.35:
        intro = rng.choice(ph["shortcoming_intros"]).format(**ctx)
        b.add(intro + "".join(f"{ph['plan_leads'][n]}{t}" for n, t in enumerate(texts)))
        return
    for lead, t in zip(ph["plan_leads"], texts, strict=False):
        b.add(lead + t)


def next_year(rng: random.Random, b: Builder, ctx: dict[str, Any], plan_ctx: dict[str, Any],
              layout: str) -> None:  # fmt: skip
    ph = phrases()
    picks = rng.sample(range(len(ph["plans"])), rng.randint(3, 5))
    intro = rng.choice(ph["next_year_intros"]).format(**ctx)
    plans = [ph["plans"][i].format(**(ctx | plan_ctx)) for i in picks]
    if layout != "plain" and rng.random() < 0.6:
        if rng.random() < 0.5:
            b.add(intro)
        own_line = rng.random() < 0.3
        for j, (i, text) in enumerate(zip(picks, plans, strict=True)):
            if own_line:
                b.heading(2, _l2(rng, j), ph["plan_titles"][i])
                b.add(text)
            else:
                b.heading(2, _l2(rng, j), ph["plan_titles"][i], Para(text))
        return
    b.add(intro)
    for lead, plan in zip(ph["plan_leads"], plans, strict=False):
        b.add(lead + plan)


def other(rng: random.Random, b: Builder, ctx: dict[str, Any], marker: str) -> None:
    spec = phrases()["other_sections"]
    b.heading(1, marker, rng.choice(spec["headings"]))
    b.add(rng.choice(spec["sentences"]).format(**ctx))
