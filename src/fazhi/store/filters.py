"""Filters shared by every corpus query: where a report is from, which year, which level,
who issued it, its score, and whether it has a given finding or indicator."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fazhi.errors import FazhiError

# control characters (not tab or line breaks): PostgreSQL refuses a NUL outright
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def reject_control(value: str | None, code: str, message: str) -> None:
    """A FazhiError when a search term or filter holds a control character."""
    if value and _CONTROL.search(value):
        raise FazhiError(code, message)


def like_escape(value: str) -> str:
    """`value` as a literal inside a LIKE pattern written with ESCAPE '\\'."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


LEVELS = ("province", "city", "county", "township")
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇（街道）"}


@dataclass(frozen=True, slots=True)
class Filters:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    year: int | None = None
    level: str | None = None
    issuer: str | None = None  # part of the issuer's name
    score_min: float | None = None
    score_max: float | None = None
    rule: str | None = None  # has a finding of this rule (or rule prefix ending in '.')
    indicator: str | None = None  # states a figure for this indicator
    reports_only: bool = False  # leave out documents that are not annual reports
    document_id: int | None = None  # one stored document (an export of a single report)

    def __post_init__(self) -> None:
        for name in ("province", "city", "county", "level", "issuer", "rule", "indicator"):
            reject_control(getattr(self, name), "query.control", f"筛选条件 {name} 含有控制字符")
        if self.level is not None and self.level not in LEVELS:
            choices = "、".join(f"{code}（{LEVEL_LABELS[code]}）" for code in LEVELS)
            raise FazhiError("query.level", f"层级“{self.level}”无效，可选：{choices}")
        if (
            self.score_min is not None
            and self.score_max is not None
            and self.score_min > self.score_max
        ):
            raise FazhiError("query.score", "最低分不能高于最高分")

    def where(self, alias: str = "a") -> tuple[str, dict[str, Any]]:
        """A SQL condition over the analyses table aliased `alias` (current analyses only)."""
        a = alias
        clauses = [f"{a}.current = :current_flag"]
        params: dict[str, Any] = {"current_flag": True}
        for column in ("province", "city", "county", "level"):
            value = getattr(self, column)
            if value:
                clauses.append(f"{a}.{column} = :f_{column}")
                params[f"f_{column}"] = value
        if self.year is not None:
            clauses.append(f"{a}.report_year = :f_year")
            params["f_year"] = self.year
        if self.issuer:
            clauses.append(f"{a}.issuer LIKE :f_issuer ESCAPE '\\'")
            params["f_issuer"] = "%" + like_escape(self.issuer) + "%"
        if self.score_min is not None:
            clauses.append(f"{a}.score >= :f_score_min")
            params["f_score_min"] = self.score_min
        if self.score_max is not None:
            clauses.append(f"{a}.score <= :f_score_max")
            params["f_score_max"] = self.score_max
        if self.rule:
            if self.rule.endswith("."):
                rule_test = "r.rule LIKE :f_rule ESCAPE '\\'"
                params["f_rule"] = like_escape(self.rule) + "%"
            else:
                rule_test = "r.rule = :f_rule"
                params["f_rule"] = self.rule
            clauses.append(
                f"EXISTS (SELECT 1 FROM findings r WHERE r.analysis_id = {a}.id AND {rule_test})"
            )
        if self.indicator:
            clauses.append(
                "EXISTS (SELECT 1 FROM facts i"
                f" WHERE i.analysis_id = {a}.id AND i.indicator = :f_indicator)"
            )
            params["f_indicator"] = self.indicator
        if self.document_id is not None:
            clauses.append(f"{a}.document_id = :f_document_id")
            params["f_document_id"] = self.document_id
        if self.reports_only:
            clauses.append(f"{a}.is_report = :f_is_report")
            params["f_is_report"] = True
        return " AND ".join(clauses), params
