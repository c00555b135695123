"""The corpus at a glance, and who has not reported.

`summary` counts reports per region and year with their mean score and the most frequent
findings; `expected` takes the list of units that must report (a CSV the supervising
office keeps) and tells for each year who reported on time, late, or not at all.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql

from fazhi.errors import FazhiError
from fazhi.store.filters import Filters

if TYPE_CHECKING:
    from fazhi.store.corpus import Store

REGION_KEYS = {
    "province": ("a.province",),
    "city": ("a.province", "a.city"),
    "county": ("a.province", "a.city", "a.county"),
}


@dataclass(frozen=True, slots=True)
class RegionYear:
    region: tuple[str | None, ...]
    report_year: int | None
    reports: int
    mean_score: float | None

    def label(self) -> str:
        return " ".join(p for p in self.region if p) or "（未识别地区）"


@dataclass(frozen=True, slots=True)
class RuleCount:
    rule: str
    severity: str
    reports: int
    findings: int


@dataclass(frozen=True, slots=True)
class Summary:
    documents: int
    reports: int
    not_reports: int
    failed: int
    mean_score: float | None
    years: dict[int, int]
    by_region: list[RegionYear]
    top_findings: list[RuleCount]

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "reports": self.reports,
            "not_reports": self.not_reports,
            "failed": self.failed,
            "mean_score": self.mean_score,
            "years": {str(k): v for k, v in self.years.items()},
            "by_region": [
                {
                    "region": list(r.region),
                    "label": r.label(),
                    "report_year": r.report_year,
                    "reports": r.reports,
                    "mean_score": r.mean_score,
                }
                for r in self.by_region
            ],
            "top_findings": [
                {
                    "rule": r.rule,
                    "severity": r.severity,
                    "reports": r.reports,
                    "findings": r.findings,
                }
                for r in self.top_findings
            ],
        }


def _mean(value: Any) -> float | None:
    return round(float(value), 1) if value is not None else None


def summary(
    store: Store, filters: Filters | None = None, *, by: str = "city", top: int = 10
) -> Summary:
    """Counts per region (`by`: province, city, county) and year, mean score, top findings."""
    if by not in REGION_KEYS:
        raise FazhiError("query.by", f"地区分组“{by}”无效，可选：{'、'.join(REGION_KEYS)}")
    where, params = (filters or Filters()).where()
    keys = ", ".join((*REGION_KEYS[by], "a.report_year"))
    with store.engine.connect() as connection:
        totals = connection.execute(
            sql(
                "SELECT COUNT(*),"
                " SUM(CASE WHEN a.is_report = :t THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN a.error_code IS NOT NULL THEN 1 ELSE 0 END),"
                f" AVG(a.score) FROM analyses a WHERE {where}"
            ),
            {**params, "t": True},
        ).one()
        years = connection.execute(
            sql(
                f"SELECT a.report_year, COUNT(*) FROM analyses a WHERE {where}"
                " AND a.is_report = :t AND a.report_year IS NOT NULL"
                " GROUP BY a.report_year ORDER BY a.report_year"
            ),
            {**params, "t": True},
        ).all()
        regions = connection.execute(
            sql(
                f"SELECT {keys}, COUNT(*), AVG(a.score) FROM analyses a WHERE {where}"
                f" AND a.is_report = :t GROUP BY {keys} ORDER BY {keys}"
            ),
            {**params, "t": True},
        ).all()
        rules = connection.execute(
            sql(
                "SELECT f.rule, MIN(f.severity), COUNT(DISTINCT f.analysis_id), COUNT(*)"
                f" FROM findings f JOIN analyses a ON a.id = f.analysis_id WHERE {where}"
                " GROUP BY f.rule ORDER BY COUNT(DISTINCT f.analysis_id) DESC, f.rule"
                f" LIMIT {int(top)}"
            ),
            params,
        ).all()
    documents, reports, failed, mean = totals
    n = len(REGION_KEYS[by])
    return Summary(
        documents=documents or 0,
        reports=reports or 0,
        not_reports=(documents or 0) - (reports or 0) - (failed or 0),
        failed=failed or 0,
        mean_score=_mean(mean),
        years={year: count for year, count in years},
        by_region=[
            RegionYear(tuple(row[:n]), row[n], row[n + 1], _mean(row[n + 2])) for row in regions
        ],
        top_findings=[RuleCount(*row) for row in rules],
    )


# -- who must report ---------------------------------------------------------------

STATUS_LABELS = {
    "on_time": "按时",
    "late": "逾期",
    "undated": "无成文日期",
    "missing": "未报送",
}
_NAME_COLUMNS = ("单位", "单位名称", "报告主体", "issuer", "unit", "name")
_YEAR_COLUMNS = ("年度", "报告年度", "year", "report_year")


@dataclass(frozen=True, slots=True)
class ExpectedUnit:
    name: str
    year: int | None = None


@dataclass(frozen=True, slots=True)
class UnitStatus:
    unit: str
    report_year: int
    status: str  # on_time | late | undated | missing
    report_id: int | None = None
    issuer: str | None = None
    issue_date: date | None = None
    detail: str | None = None
    also: list[int] = field(default_factory=list)  # further reports of the same unit and year

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}
        out["issue_date"] = self.issue_date.isoformat() if self.issue_date else None
        out["status_label"] = STATUS_LABELS[self.status]
        return out


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


def read_expected(text: str, source: str = "CSV") -> list[ExpectedUnit]:
    """Units from a CSV with a name column (单位/issuer…) and an optional year column."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise FazhiError("expected.empty", f"“{source}”是空文件")
    header = [cell.strip().lower() for cell in rows[0]]
    name_col = next((header.index(c) for c in _NAME_COLUMNS if c in header), None)
    if name_col is None:
        raise FazhiError(
            "expected.columns",
            f"“{source}”的第一行应有单位名称列（{'、'.join(_NAME_COLUMNS[:3])}或 issuer）",
        )
    year_col = next((header.index(c) for c in _YEAR_COLUMNS if c in header), None)
    units: list[ExpectedUnit] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = row[name_col].strip() if name_col < len(row) else ""
        if not name:
            raise FazhiError("expected.row", f"“{source}”第 {line} 行没有单位名称")
        year = None
        if year_col is not None and year_col < len(row) and row[year_col].strip():
            cell = row[year_col].strip().removesuffix("年度").removesuffix("年")
            if not cell.isdigit():
                raise FazhiError("expected.row", f"“{source}”第 {line} 行的年度“{cell}”不是数字")
            year = int(cell)
        units.append(ExpectedUnit(name, year))
    return units


def expected(
    store: Store, units: list[ExpectedUnit], years: list[int] | None = None
) -> list[UnitStatus]:
    """For each unit and year: reported on time, late, undated, or missing. A unit's
    name matches a report's issuer exactly or as its ending (江都区人民政府 ↔ 扬州市江都区
    人民政府) when that ending belongs to one issuer only."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            sql(
                "SELECT a.id, a.document_id, a.issuer, a.report_year, a.issue_date"
                " FROM analyses a WHERE a.current = :t AND a.is_report = :t"
                " AND a.issuer IS NOT NULL AND a.report_year IS NOT NULL ORDER BY a.document_id"
            ),
            {"t": True},
        ).all()
        flags: dict[int, tuple[str, str]] = {}
        for analysis_id, rule, message in connection.execute(
            sql(
                "SELECT f.analysis_id, f.rule, f.message FROM findings f JOIN analyses a"
                " ON a.id = f.analysis_id WHERE a.current = :t"
                " AND f.rule IN ('timeliness.late', 'timeliness.no_date')"
            ),
            {"t": True},
        ):
            if rule == "timeliness.late" or analysis_id not in flags:
                flags[analysis_id] = (rule, message)
    by_issuer: dict[str, list] = {}
    for row in rows:
        by_issuer.setdefault(_key(row.issuer), []).append(row)
    out: list[UnitStatus] = []
    for unit in units:
        wanted = [unit.year] if unit.year is not None else list(years or [])
        if not wanted:
            raise FazhiError(
                "expected.year", f"单位“{unit.name}”没有年度：请在 CSV 中给出或指定年度"
            )
        key = _key(unit.name)
        reports = by_issuer.get(key)
        if reports is None:
            endings = [k for k in by_issuer if k.endswith(key) and len(key) >= 4]
            reports = by_issuer[endings[0]] if len(endings) == 1 else []
        for year in wanted:
            mine = [r for r in reports if r.report_year == year]
            if not mine:
                out.append(UnitStatus(unit.name, year, "missing"))
                continue
            first = mine[0]
            rule, message = flags.get(first.id, (None, None))
            status = {"timeliness.late": "late", "timeliness.no_date": "undated"}.get(
                rule or "", "on_time"
            )
            issued = first.issue_date
            if isinstance(issued, str):
                issued = date.fromisoformat(issued)
            out.append(
                UnitStatus(
                    unit.name,
                    year,
                    status,
                    report_id=first.document_id,
                    issuer=first.issuer,
                    issue_date=issued,
                    detail=message,
                    also=[r.document_id for r in mine[1:]],
                )
            )
    return out
