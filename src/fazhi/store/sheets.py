"""The four tables of an export — 报告, 指标, 问题, 覆盖 — as columns and rows read from the
store a batch of reports at a time; `fazhi.store.export` writes them as xlsx or CSV."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam
from sqlalchemy import text as sql

from fazhi.checks.catalogue import SEVERITY_LABELS
from fazhi.store.filters import LEVEL_LABELS

if TYPE_CHECKING:
    from sqlalchemy import Connection

ISSUER_KIND_LABELS = {
    "government": "地方人民政府",
    "department": "政府部门",
    "zone": "开发区（园区）管理机构",
    "township": "乡镇（街道）",
    "party": "党委及其议事协调机构",
}
CONTENTS = (
    ("measures", "主要举措和成效"),
    ("shortcomings", "存在的不足"),
    ("causes", "原因分析"),
    ("first_responsible", "第一责任人职责"),
    ("next_year", "下一年度安排"),
)

BATCH = 500  # reports per query: bounded memory, few round trips
CONTRACT_BATCH = 50  # whole contracts are large (tens of kB each)
XLSX_MAX_ROWS = 1_048_576  # Excel's limit, header included
# newest year first, then by region; NULLS LAST so SQLite and PostgreSQL agree
ORDER = (
    "a.report_year DESC NULLS LAST, a.province NULLS LAST, a.city NULLS LAST,"
    " a.county NULLS LAST, a.issuer NULLS LAST, a.document_id"
)

Cell = str | int | float | date | None
Row = list[Cell]
Clean = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float = 10
    wrap: bool = False  # long text: wrapped in Excel rather than cut off


@dataclass(frozen=True, slots=True)
class Source:
    """What every table reads: the reports to export, in order, over one connection."""

    connection: Connection
    ids: list[int]  # analysis ids
    where: str
    params: dict[str, Any]
    dialect: str

    def select(self, statement: str, ids: list[int]) -> list[Any]:
        query = sql(statement).bindparams(bindparam("ids", expanding=True))
        return list(self.connection.execute(query, {"ids": ids}))


def _reports(source: Source) -> tuple[list[Column], Iterator[Row]]:
    columns = [
        Column("编号", 7),
        Column("文件名", 30, wrap=True),
        Column("标题", 44, wrap=True),
        Column("文号", 18),
        Column("报告主体", 24),
        Column("主体类型", 14),
        Column("层级", 8),
        Column("省", 10),
        Column("市", 10),
        Column("县（区）", 10),
        Column("报告年度", 9),
        Column("成文日期", 11),
        Column("是否年度报告", 9),
        Column("得分", 7),
        *(Column(label, 7) for label in SEVERITY_LABELS.values()),
        Column("分析错误", 24, wrap=True),
        *(Column(label, 9) for _, label in CONTENTS),
    ]
    # only the five flags of each contract, not the whole contract
    contents = {
        "sqlite": "json_extract(a.contract, '$.contents')",
        "postgresql": "a.contract -> 'contents'",
    }.get(source.dialect, "NULL")
    statement = (
        "SELECT a.id, a.document_id, d.name, a.title, a.doc_number, a.issuer, a.issuer_kind,"
        " a.level, a.province, a.city, a.county, a.report_year, a.issue_date, a.is_report,"
        f" a.score, a.error_message, {contents} AS contents"
        " FROM analyses a JOIN documents d ON d.id = a.document_id WHERE a.id IN :ids"
    )
    severities = (
        "SELECT analysis_id, severity, COUNT(*) FROM findings"
        " WHERE analysis_id IN :ids GROUP BY analysis_id, severity"
    )

    def row(r: Any, counted: list[Any]) -> Row:
        flags = as_json(r.contents) or {}
        n = {severity: count for _, severity, count in counted}
        return [
            *r[1:6],
            ISSUER_KIND_LABELS.get(r.issuer_kind or "", r.issuer_kind),
            LEVEL_LABELS.get(r.level or "", r.level),
            *r[8:12],
            _date(r.issue_date),
            _yes_no(r.is_report),
            r.score,
            *(n.get(severity, 0) for severity in SEVERITY_LABELS),
            r.error_message,
            *(_yes_no(flags.get(key)) for key, _ in CONTENTS),
        ]

    return columns, per_report(source, statement, row, severities)


def _facts(source: Source) -> tuple[list[Column], Iterator[Row]]:
    from fazhi.figures.catalogue import catalogue

    known = catalogue().indicators
    columns = [
        *_REPORT_KEY,
        Column("指标代码", 28),
        Column("指标名称", 26),
        Column("数值", 10),
        Column("单位", 7),
        Column("折算值", 12),
        Column("折算单位", 8),
        Column("约数", 6),
        Column("原文", 50, wrap=True),
        Column("所在章节", 40, wrap=True),
    ]
    statement = (
        "SELECT f.analysis_id, a.document_id, a.issuer, a.report_year, f.indicator, f.value,"
        " f.unit, f.base_value, f.base_unit, f.approx, f.text, f.section"
        " FROM facts f JOIN analyses a ON a.id = f.analysis_id"
        " WHERE f.analysis_id IN :ids ORDER BY f.analysis_id, f.position"
    )

    def row(r: Any, _: list[Any]) -> Row:
        spec = known.get(r.indicator) if r.indicator else None
        name = spec.name if spec else None
        return [*r[1:5], name, *r[5:9], _yes_no(r.approx), r.text, r.section]

    return columns, per_report(source, statement, row)


def _findings(source: Source) -> tuple[list[Column], Iterator[Row]]:
    columns = [
        *_REPORT_KEY,
        Column("规则", 28),
        Column("严重程度", 9),
        Column("说明", 50, wrap=True),
        Column("原文", 60, wrap=True),
    ]
    statement = (
        "SELECT f.analysis_id, a.document_id, a.issuer, a.report_year, f.rule, f.severity,"
        " f.message, f.evidence FROM findings f JOIN analyses a ON a.id = f.analysis_id"
        " WHERE f.analysis_id IN :ids ORDER BY f.analysis_id, f.position"
    )

    def row(r: Any, _: list[Any]) -> Row:
        severity = SEVERITY_LABELS.get(r.severity, r.severity)
        return [*r[1:5], severity, r.message, "\n".join(as_json(r.evidence) or [])]

    return columns, per_report(source, statement, row)


def _coverage(source: Source) -> tuple[list[Column], Iterator[Row]]:
    from fazhi.score.coverage import coverage_map

    names = {area.code: area.name for area in coverage_map()}
    # areas of older analyses that the current map no longer has keep a column of their own
    stored = source.connection.scalars(
        sql(
            "SELECT DISTINCT c.area FROM coverage c JOIN analyses a ON a.id = c.analysis_id"
            f" WHERE {source.where}"
        ),
        source.params,
    )
    areas = [*names, *sorted(set(stored) - set(names))]
    columns = [
        *_REPORT_KEY,
        *(Column(names.get(code, code), 14, wrap=True) for code in areas),
        Column("覆盖率（%）", 10),
    ]
    statement = (
        "SELECT a.id, a.document_id, a.issuer, a.report_year FROM analyses a WHERE a.id IN :ids"
    )
    per_area = (
        "SELECT analysis_id, area, SUM(CASE WHEN covered THEN 1 ELSE 0 END), COUNT(*)"
        " FROM coverage WHERE analysis_id IN :ids GROUP BY analysis_id, area"
    )

    def row(r: Any, counted: list[Any]) -> Row:
        mine = {area: (int(covered), int(total)) for _, area, covered, total in counted}
        # "5/8项", not "5/8": Excel would open a bare "5/8" in a CSV as 8 May
        cells = [f"{mine[a][0]}/{mine[a][1]}项" if a in mine else None for a in areas]
        covered = sum(c for c, _ in mine.values())
        total = sum(t for _, t in mine.values())
        return [*r[1:], *cells, round(100 * covered / total, 1) if total else None]

    return columns, per_report(source, statement, row, per_area)


_REPORT_KEY = (Column("编号", 7), Column("报告主体", 24), Column("报告年度", 9))
TABLE_BUILDERS: dict[str, Callable[[Source], tuple[list[Column], Iterator[Row]]]] = {
    "reports": _reports,
    "facts": _facts,
    "findings": _findings,
    "coverage": _coverage,
}


def per_report(
    source: Source,
    statement: str,
    build: Callable[[Any, list[Any]], Any],
    extra: str | None = None,
    size: int = BATCH,
) -> Iterator[Any]:
    """`build(row, extra_rows)` for each row of `statement`, report by report in export
    order, a batch of reports per query. Both statements select the analysis id first and
    take the batch as `:ids`; `extra` (counts, say) is grouped per report."""
    for start in range(0, len(source.ids), size):
        chunk = source.ids[start : start + size]
        rows, more = _grouped(source.select(statement, chunk)), {}
        if extra:
            more = _grouped(source.select(extra, chunk))
        for analysis_id in chunk:  # a report deleted meanwhile simply has no rows
            for r in rows.get(analysis_id, ()):
                yield build(r, more.get(analysis_id, []))


def _grouped(rows: list[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for r in rows:
        out.setdefault(r[0], []).append(r)
    return out


def as_json(value: Any) -> Any:
    # SQLite hands JSON back as text through a raw statement; PostgreSQL decodes it
    return json.loads(value) if isinstance(value, str) else value


def _date(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _yes_no(value: object) -> str | None:
    return None if value is None else ("是" if value else "否")
