"""The phrase book of figures (synth.yaml `figures`) bound to one report: its random
source, its number style and the words it calls itself by (全区, {year}年)."""

from __future__ import annotations

import random
from decimal import Decimal
from functools import cache
from typing import Any

from fazhi.datafiles import load
from fazhi.synth.nums import Style, dec
from fazhi.synth.truth import GoldFact, Para, plain

__all__ = ["MASKS", "Fig", "phrases"]

MASKS = ("*****", "XX", "×××", "***", "XXX")


@cache
def phrases() -> dict[str, Any]:
    return load("synth.yaml", "fazhi.synth/1")


class Fig:
    """Clause builders: each returns (text, fact or None); `para` joins clauses."""

    def __init__(self, rng: random.Random, style: Style, ctx: dict[str, Any]) -> None:
        self.rng, self.style, self.ctx = rng, style, ctx
        self.ph = phrases()["figures"]

    def fill(self, s: str) -> str:
        return s.replace("{year}", str(self.ctx["year"])).replace("{s}", str(self.ctx["s"]))

    def lead(self) -> str:
        return self.fill(self.rng.choice(self.ph["leads"]))

    def form(self, indicator: str) -> str:
        return self.fill(self.rng.choice(self.ph["counts"][indicator]["forms"]))

    def unit(self, indicator: str) -> str:
        return self.rng.choice(self.ph["counts"][indicator]["units"])

    def count(
        self,
        indicator: str,
        n: int,
        *,
        approx: float = 0.0,
        form: str | None = None,
        unit: str | None = None,
        exact: bool = False,
    ) -> tuple[str, GoldFact | None]:
        """A clause stating n; `approx` is the chance that it is hedged (余, 近, 约);
        `exact` keeps it out of 万 (a count that a rate or a sum is checked against)."""
        hedge = approx > 0 and self.rng.random() < approx
        if hedge:
            n = _round(n)
        core = None if indicator.startswith("x.") else indicator
        return self.style.count(
            core,
            form if form is not None else self.form(indicator),
            n,
            unit or self.unit(indicator),
            approx=hedge,
            exact=exact,
        )

    def masked(self, indicator: str, mask: str) -> str:
        return self.form(indicator).replace("{n}", mask + self.unit(indicator))

    def num(self, n: int, unit: str) -> str:
        """A bare number with its unit, for 分别 lists (100件、20件、140件)."""
        return self.style.count(None, "{n}", n, unit, exact=True)[0]

    def rate(
        self, indicator: str, r: str, *, name: str | None = None, verb: str | None = None
    ) -> tuple[str, GoldFact | None]:
        name = name or self.rng.choice(self.ph["rates"][indicator])
        verb = self.rng.choice(self.ph["rate_verbs"]) if verb is None else verb
        return self.style.rate(indicator, name, r, verb)

    def yoy(self) -> str:
        """A change on the previous year: a percentage that is no rate of any count
        (and may well exceed 100%)."""
        p = Decimal(self.rng.randint(5, 2500)) / 10
        return self.rng.choice(self.ph["yoy"]).replace("{p}", dec(p))

    def words(self, key: str) -> list[str]:
        return list(self.ph[key])


def _round(n: int) -> int:
    step = 10 if n < 300 else 100 if n < 5000 else 1000
    return max(step, (n // step) * step)


def para(
    text: str, clauses: list[tuple[str, GoldFact | None]], findings: list | None = None
) -> Para:
    return Para(text, [f for _, f in clauses if f is not None], list(findings or []))


def shared(indicator: str, value: str | int, unit: str, anchor: str) -> GoldFact:
    """A fact whose anchor is a whole 分别 list (占比分别达97.6%、79.34%)."""
    v = Decimal(str(value))
    return GoldFact(indicator, plain(v), unit, plain(v), unit, anchor)
