"""What a data file's regular expression guarantees about its matches, so a stage can
rule a text out with a plain substring test before running the expression.

Python's `re` skips ahead quickly only when a pattern starts with a literal; cues in the
data files often start with a group (`(法规|规章)草案`) or an assertion, and then every
position of the text is tried. These helpers read the parsed pattern instead.
"""

from __future__ import annotations

import re._constants as _c
import re._parser as _p
from typing import Any


def _literal_run(parsed: Any) -> str:
    best = run = ""
    for op, av in parsed:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        best, run = max(best, run, key=len), ""
    return max(best, run, key=len)


def _parse(pattern: str) -> Any | None:
    """The parsed pattern, or None when flags (IGNORECASE, …) make literal tests unsafe."""
    try:
        parsed = _p.parse(pattern)  # CPython's parser: private, so any failure means "no guarantee"
    except Exception:
        return None
    return None if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_VERBOSE) else parsed


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Literals one of which any match must contain ('(法规|规章)草案' → ('草案',),
    '(放管服|简政放权)' → ('放管服', '简政放权')); None when the pattern gives no such
    guarantee."""
    parsed = _parse(pattern)
    if parsed is None:
        return None
    run = _literal_run(parsed)
    if run:
        return (run,)
    for op, av in parsed:
        if op is _c.SUBPATTERN:
            inner = list(av[-1])
            if len(inner) == 1 and inner[0][0] is _c.BRANCH:
                runs = [_literal_run(branch) for branch in inner[0][1][1]]
                if all(runs):
                    return tuple(runs)
    return None


def _first(items: list[Any]) -> set[str] | None:
    """The characters a sequence's first consumed character can be; None if any."""
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero-width: look at what follows
        if op is _c.LITERAL:
            return {chr(av)}
        if op is _c.IN:
            if any(kind is not _c.LITERAL for kind, _ in av):
                return None  # ranges, categories, negation: too many to list
            return {chr(v) for _, v in av}
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _, sub = av
            if low == 0:
                return None
            return _first(list(sub))
        if op is _c.SUBPATTERN:
            return _first(list(av[-1]))
        if op is _c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                chars = _first(list(branch))
                if chars is None:
                    return None
                out |= chars
            return out
        return None
    return None


def first_chars(pattern: str) -> frozenset[str] | None:
    """Characters one of which starts every match ('(?<![A-Za-z])(?:XX|××|某某)区' →
    {'X', '×', '某'}); None when any character might."""
    parsed = _parse(pattern)
    chars = _first(list(parsed)) if parsed is not None else None
    return frozenset(chars) if chars else None


class Prefilter:
    """A cheap test that is False only for texts the pattern cannot match."""

    __slots__ = ("chars", "literals")

    def __init__(self, literals: tuple[str, ...] | None, chars: frozenset[str] | None):
        self.literals = literals
        self.chars = chars

    def __call__(self, text: str, present: set[str] | frozenset[str] | None = None) -> bool:
        """`present`, the set of the text's characters, makes many tests on one text cheap;
        without it each character is looked for in the text (fast for a few patterns)."""
        if self.chars is not None:
            if present is not None:
                if self.chars.isdisjoint(present):
                    return False
            elif not any(c in text for c in self.chars):
                return False
        if self.literals is None:
            return True
        if present is None:
            return any(lit in text for lit in self.literals)
        return any(all(c in present for c in lit) and lit in text for lit in self.literals)


def may_match(pattern: str) -> Prefilter:
    return Prefilter(required_literals(pattern), first_chars(pattern))
