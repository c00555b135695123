"""One indicator across regions and years: `fazhi query reconsideration.correction_rate
--by county --year 2023`.

A report may state an indicator more than once (a total and a restatement); its first
statement is its value. Counts and amounts are summed over a group; rates and durations
are not additive, so a group shows their mean, minimum and maximum only.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql

from fazhi.errors import FazhiError
from fazhi.store.filters import Filters

if TYPE_CHECKING:
    from fazhi.store.corpus import Store

GROUPS = {
    "province": ("a.province",),
    "city": ("a.province", "a.city"),
    "county": ("a.province", "a.city", "a.county"),
    "level": ("a.level",),
    "issuer": ("a.issuer",),
    "year": (),
    "report": ("a.issuer", "a.document_id"),
}
GROUP_LABELS = {
    "province": "省份",
    "city": "市",
    "county": "区县",
    "level": "层级",
    "issuer": "报告主体",
    "year": "年度",
    "report": "报告",
}


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    group: tuple[str | None, ...]  # the grouping values, e.g. (province, city, county)
    report_year: int | None
    reports: int
    total: float | None  # None for rates and durations: they do not add up
    mean: float
    minimum: float
    maximum: float

    def label(self) -> str:
        return " ".join(part for part in self.group if part) or "（未识别）"

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": list(self.group),
            "label": self.label(),
            "report_year": self.report_year,
            "reports": self.reports,
            "total": self.total,
            "mean": self.mean,
            "min": self.minimum,
            "max": self.maximum,
        }


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    code: str
    name: str
    unit: str
    additive: bool
    by: str
    rows: list[IndicatorRow]

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.code,
            "name": self.name,
            "unit": self.unit,
            "additive": self.additive,
            "by": self.by,
            "rows": [r.to_dict() for r in self.rows],
        }


def describe(code: str) -> tuple[str, str, bool]:
    """Name, base unit and additivity of an indicator; a clear error for an unknown code."""
    from fazhi.figures.catalogue import catalogue

    known = catalogue().indicators
    if code not in known:
        close = difflib.get_close_matches(code, known, n=3, cutoff=0.6)
        hint = f"，是否要找：{'、'.join(close)}" if close else "；`fazhi indicators` 列出全部指标"
        raise FazhiError("query.indicator", f"没有指标“{code}”{hint}")
    spec = known[code]
    unit = {"rate": "%", "amount": "元"}.get(spec.measure) or (spec.units[0] if spec.units else "")
    return spec.name, unit, spec.measure in ("count", "amount")


def indicator(
    store: Store, code: str, *, by: str = "county", filters: Filters | None = None
) -> IndicatorTable:
    """The indicator's value per group and report year."""
    if by not in GROUPS:
        raise FazhiError("query.by", f"分组方式“{by}”无效，可选：{'、'.join(GROUPS)}")
    name, unit, additive = describe(code)
    where, params = (filters or Filters()).where()
    params["code"] = code
    columns = GROUPS[by]
    keys = ", ".join((*columns, "a.report_year"))
    statement = (
        f"SELECT {keys}, COUNT(*), SUM(f.base_value), AVG(f.base_value), MIN(f.base_value),"
        " MAX(f.base_value), MAX(f.base_unit) FROM analyses a JOIN facts f ON f.analysis_id = a.id"
        f" WHERE {where} AND f.indicator = :code AND f.position = (SELECT MIN(g.position)"
        " FROM facts g WHERE g.analysis_id = a.id AND g.indicator = :code)"
        f" GROUP BY {keys} ORDER BY a.report_year, {', '.join(columns) or 'a.report_year'}"
    )
    with store.engine.connect() as connection:
        rows = connection.execute(sql(statement), params).all()
    n = len(columns)
    out = [
        IndicatorRow(
            group=tuple(str(v) if v is not None else None for v in row[:n]),
            report_year=row[n],
            reports=row[n + 1],
            total=float(row[n + 2]) if additive else None,
            mean=round(float(row[n + 3]), 4),
            minimum=float(row[n + 4]),
            maximum=float(row[n + 5]),
        )
        for row in rows
    ]
    if by == "report":  # the issuer names the report; its id is only for ordering
        out = [IndicatorRow((r.group[0], f"#{r.group[1]}"), *_rest(r)) for r in out]
    if not unit and rows:  # a count's unit (件, 人次) is whatever the reports wrote
        unit = rows[0][n + 6] or ""
    return IndicatorTable(code, name, unit, additive, by, out)


def _rest(row: IndicatorRow) -> tuple:
    return (row.report_year, row.reports, row.total, row.mean, row.minimum, row.maximum)
