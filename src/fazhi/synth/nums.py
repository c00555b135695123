"""How a synthetic report writes its numbers: a count with its unit (plain, spaced as
PDF text keeps it, with thousands separators, in 万, hedged with 余/近/约/以上), a
percentage, a Chinese numeral. Each rendering returns the text and the `GoldFact` the
scorer expects of it (`value` as written, `base_value` in the unit's base)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fazhi.synth.truth import GoldFact, plain

__all__ = ["Style", "cn_count", "dec", "rate_text"]

_DIGITS = "零一二三四五六七八九"
# hedges: (before the number, after the number, after the unit); the value is as written
_HEDGES = (("", "余", ""), ("", "多", ""), ("近", "", ""), ("约", "", ""),
           ("", "", "以上"), ("超过", "", ""), ("", "", "左右"))  # fmt: skip
_AFTER_ONLY = {"以上", "左右"}  # read well only where the clause ends with the number


def dec(d: Decimal) -> str:
    return format(d.normalize(), "f")


def rate_text(num: int, den: int) -> str:
    """num/den as a printed percentage: two places at most, no trailing zeros."""
    r = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return dec(r)


def cn_count(n: int) -> str:
    """1..99 in Chinese numerals as counts are written (十二, 二十, 三十五)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


@dataclass(slots=True)
class Style:
    """One report's habits: a PDF-extracted text keeps spaces around its digits, some
    offices print thousands separators, some hedge round figures."""

    rng: random.Random
    spaced: bool = False
    thousands: bool = False
    wan: bool = False

    @classmethod
    def draw(cls, rng: random.Random) -> Style:
        return cls(rng, rng.random() < 0.2, rng.random() < 0.25, rng.random() < 0.5)

    def _sp(self) -> str:
        return " " if self.spaced else ""

    def number(self, n: int) -> str:
        if self.thousands and n >= 1000:
            return f"{n:,}"
        return str(n)

    def count(
        self,
        indicator: str | None,
        form: str,
        n: int,
        unit: str,
        *,
        approx: bool = False,
        exact: bool = False,
    ) -> tuple[str, GoldFact | None]:
        """`form` with its `{n}` replaced by n and its unit; the fact it states. A count
        of 10,000 or more may be written in 万 (1.2万件) when it is round enough."""
        sp = self._sp()
        value: int | float = n
        shown_unit = unit
        base = n
        written = self.number(n)
        if not exact and n >= 10000 and n % 100 == 0 and (self.wan or n % 10000 == 0):
            w = Decimal(n) / 10000
            written, value, shown_unit = dec(w), plain(w), "万" + unit
        pre = post = tail = ""
        if approx:
            ends = form.endswith("{n}")
            pre, post, tail = self.rng.choice(
                [h for h in _HEDGES if ends or h[2] not in _AFTER_ONLY]
            )
        text = form.replace("{n}", f"{pre}{sp}{written}{post}{sp}{shown_unit}{tail}")
        if indicator is None:
            return text, None
        return text, GoldFact(indicator, value, shown_unit, base, unit, text, approx)

    def rate(
        self, indicator: str | None, name: str, r: str, verb: str = ""
    ) -> tuple[str, GoldFact | None]:
        sp = " " if self.spaced and verb else ""
        text = f"{name}{verb}{sp}{r}%"
        if indicator is None:
            return text, None
        v = plain(Decimal(r))
        return text, GoldFact(indicator, v, "%", v, "%", text)
