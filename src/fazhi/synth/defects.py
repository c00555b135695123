"""The defects a synthetic report may carry, the finding each must produce, and the
text-level ones (a cited title, a phone number, a date) built here.

Figure defects (a breakdown that does not add up, a rate that does not match its
counts, an impossible rate, a placeholder) are planted by `phrasing`; missing contents
and wrong titles by `compose`. Each kind is built so that there is exactly one right
reading: parts that exceed their total, a rate at least 6 points off, a date weeks
after the deadline of fazhi's own `deadlines.yaml`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from fazhi.checks.timeliness import deadline

__all__ = [
    "KINDS",
    "choose",
    "clean_date",
    "correct_policy",
    "landline",
    "late_date",
    "mobile",
    "wrong_policy",
]

# kind → the rule whose finding it must produce
KINDS: dict[str, str] = {
    "sum": "arith.sum_mismatch",
    "rate": "arith.rate_mismatch",
    "range": "arith.rate_out_of_range",
    "masked": "data.masked_value",
    "missing_shortcomings": "structure.missing_content",
    "missing_causes": "structure.missing_content",
    "missing_first_responsible": "structure.missing_content",
    "missing_next_year": "structure.missing_content",
    "policy": "ref.policy_title",
    "phone": "privacy.personal_data",
    "title": "meta.title_mismatch",
    "year": "meta.year_mismatch",
    "late": "timeliness.late",
}
# kinds that cannot share a report: one wrong title at a time, one missing part at a
# time (a report without its shortcomings cannot also lack only their causes)
_EXCLUSIVE = (
    {"title", "year"},
    {"missing_shortcomings", "missing_causes", "missing_first_responsible", "missing_next_year"},
    {"rate", "range"},  # both live in the litigation paragraph
)


def choose(rng: random.Random, rate: float, only: tuple[str, ...] = ()) -> frozenset[str]:
    """The defect kinds of one report: none with probability 1 - `rate`, else one kind,
    sometimes two that can coexist. `only` limits the draw to some kinds."""
    pool = [k for k in KINDS if not only or k in only]
    if not pool or rng.random() >= rate:
        return frozenset()
    first = rng.choice(pool)
    kinds = {first}
    if rng.random() < 0.25:
        second = rng.choice(pool)
        if not any({first, second} <= group for group in _EXCLUSIVE):
            kinds.add(second)
    return frozenset(kinds)


# ------------------------------------------------------------------ policies

_RIGHT_NEW = "《法治政府建设实施纲要（2021—2025年）》"
_RIGHT_OLD = "《法治政府建设实施纲要（2015—2020年）》"
_WRONG_NEW = (
    "《法治政府建设实施纲要（2020—2025年）》",
    "《法治政府建设实施纲要（2021—2035年）》",
    "《法制政府建设实施纲要（2021—2025年）》",
)
_WRONG_OLD = (
    "《法治政府建设实施纲要（2016—2020年）》",
    "《法制政府建设实施纲要（2015—2020年）》",
)


def correct_policy(year: int) -> str:
    """The 纲要 in force for a report on `year` (the new one was issued in August 2021)."""
    return _RIGHT_NEW if year >= 2021 else _RIGHT_OLD


def wrong_policy(rng: random.Random, year: int) -> str:
    return rng.choice(_WRONG_NEW if year >= 2021 else _WRONG_OLD)


# ------------------------------------------------------------------ dates


def due(year: int, kind: str) -> date:
    d = deadline(year, kind)
    assert d is not None, f"no deadline for {year} {kind}"
    return d.for_year(year)


def clean_date(rng: random.Random, year: int, kind: str) -> date:
    """An issue date safely before the deadline (early January to a few days before)."""
    start, limit = date(year + 1, 1, 6), due(year, kind) - timedelta(days=4)
    return start + timedelta(days=rng.randint(0, (limit - start).days))


def late_date(rng: random.Random, year: int, kind: str) -> date:
    """An issue date one week to three months after the deadline."""
    return due(year, kind) + timedelta(days=rng.randint(7, 90))


# ------------------------------------------------------------------ phones

_AREA = ("010", "021", "022", "023", "0591", "0571", "025", "020", "028", "0731", "0551", "0371")


def landline(rng: random.Random) -> str:
    """An office number: published on purpose, never a finding."""
    return f"{rng.choice(_AREA)}-{rng.randint(2, 8)}{rng.randint(0, 9999999):07d}"


def mobile(rng: random.Random) -> str:
    """A private mainland mobile number (13x–19x), sometimes grouped 3-4-4."""
    digits = f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"
    if rng.random() < 0.3:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return digits
