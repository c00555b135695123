"""What a synthetic report is known to contain: its facts and its expected findings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["Expected", "GoldFact", "Para", "plain"]


def plain(value: Decimal | int | float) -> int | float:
    """A JSON number: an int where the value is whole (120, not 120.0)."""
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


@dataclass(frozen=True, slots=True)
class GoldFact:
    indicator: str
    value: int | float
    unit: str
    base_value: int | float
    base_unit: str
    anchor: str
    approx: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Expected:
    """A finding the analyser should report: `anchor` is a passage its evidence overlaps,
    or None for a missing content (then `content` names it)."""

    rule: str
    anchor: str | None
    note: str
    content: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "anchor": self.anchor, "note": self.note}
        if self.content is not None:
            out["content"] = self.content
        return out


@dataclass(slots=True)
class Para:
    """One paragraph of body text with the facts it states and the defects it carries."""

    text: str
    facts: list[GoldFact] = field(default_factory=list)
    findings: list[Expected] = field(default_factory=list)
