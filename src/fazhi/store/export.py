"""Exports of the corpus: one Excel workbook (报告/指标/问题/覆盖), one table as CSV, or the
stored contracts as JSON Lines.

    >>> with open("法治报告.xlsx", "wb") as out:
    ...     export(store, "xlsx", out, filters=Filters(year=2023))

Rows are read with SQL a batch of reports at a time, so a corpus of thousands of reports
never has all its contracts in memory at once. Personal data (mobile, ID and bank card
numbers) is masked in every text unless `redact=False`: a public export must not carry it.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import bindparam
from sqlalchemy import text as sql

from fazhi.checks.privacy import redact as mask_personal_data
from fazhi.errors import FazhiError
from fazhi.store.filters import LEVEL_LABELS, Filters

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from fazhi.store.corpus import Store

FORMATS = ("xlsx", "csv", "jsonl")
TABLES = ("reports", "facts", "findings", "coverage")
SHEET_NAMES = {"reports": "报告", "facts": "指标", "findings": "问题", "coverage": "覆盖"}
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
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
_ORDER = (
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
class _Source:
    """What every table reads: the reports to export, in order, over one connection."""

    connection: Connection
    ids: list[int]  # analysis ids
    where: str
    params: dict[str, Any]
    dialect: str

    def select(self, statement: str, ids: list[int]) -> list[Any]:
        query = sql(statement).bindparams(bindparam("ids", expanding=True))
        return list(self.connection.execute(query, {"ids": ids}))


def export(
    store: Store,
    fmt: str,
    out: BinaryIO,
    *,
    filters: Filters | None = None,
    table: str = "reports",
    redact: bool = True,
) -> int:
    """Write the current analyses matching `filters` to the binary stream `out`; return the
    number of reports written.

    xlsx: one workbook with the four sheets 报告/指标/问题/覆盖 (`table` ignored);
    csv: the one table `table`, UTF-8 with a BOM (so Excel opens Chinese), Chinese header;
    jsonl: one contract JSON object per report per line, as `Store.report(id)` gives it.
    `redact=True` masks personal data in every text (`fazhi.checks.redact`)."""
    if fmt not in FORMATS:
        raise FazhiError("export.format", f"导出格式“{fmt}”无效，可选：{'、'.join(FORMATS)}")
    if table not in TABLES:
        raise FazhiError("export.table", f"导出表“{table}”无效，可选：{'、'.join(TABLES)}")
    clean = _masker() if redact else _unchanged
    where, params = (filters or Filters()).where()
    connection = store.engine.connect()
    if store.dialect == "postgresql":
        # one snapshot for the whole export: the sheets agree even while reports are added
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    with connection:
        ids = list(
            connection.scalars(
                sql(f"SELECT a.id FROM analyses a WHERE {where} ORDER BY {_ORDER}"), params
            )
        )
        source = _Source(connection, ids, where, params, store.dialect)
        if fmt == "jsonl":
            return _write_jsonl(out, source, clean if redact else None)
        if fmt == "csv":
            columns, rows = _TABLES[table](source)
            _write_csv(out, columns, rows, clean)
        else:
            _write_xlsx(out, source, clean)
    return len(ids)


# -- the tables ------------------------------------------------------------------------


def _reports(source: _Source) -> tuple[list[Column], Iterator[Row]]:
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
        flags = _json(r.contents) or {}
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

    return columns, _per_report(source, statement, row, severities)


def _facts(source: _Source) -> tuple[list[Column], Iterator[Row]]:
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

    return columns, _per_report(source, statement, row)


def _findings(source: _Source) -> tuple[list[Column], Iterator[Row]]:
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
        return [*r[1:5], severity, r.message, "\n".join(_json(r.evidence) or [])]

    return columns, _per_report(source, statement, row)


def _coverage(source: _Source) -> tuple[list[Column], Iterator[Row]]:
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

    return columns, _per_report(source, statement, row, per_area)


_REPORT_KEY = (Column("编号", 7), Column("报告主体", 24), Column("报告年度", 9))
_TABLES: dict[str, Callable[[_Source], tuple[list[Column], Iterator[Row]]]] = {
    "reports": _reports,
    "facts": _facts,
    "findings": _findings,
    "coverage": _coverage,
}


def _per_report(
    source: _Source,
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


# -- the formats -----------------------------------------------------------------------


def _write_xlsx(out: BinaryIO, source: _Source, clean: Clean) -> None:
    import xlsxwriter

    # rows go to temporary files as they are written: memory stays flat however many
    # thousand reports a province exports (the sheets are written row by row, in order)
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
    )
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    dated = workbook.add_format({"num_format": "yyyy-mm-dd"})
    try:
        for name in TABLES:
            columns, rows = _TABLES[name](source)
            sheet = workbook.add_worksheet(SHEET_NAMES[name])
            for col, column in enumerate(columns):
                sheet.set_column(col, col, column.width, wrapped if column.wrap else None)
                sheet.write_string(0, col, column.header, header)
            last = 0
            for last, cells in enumerate(rows, start=1):
                if last >= XLSX_MAX_ROWS:
                    raise FazhiError(
                        "export.too_many_rows",
                        f"“{SHEET_NAMES[name]}”表超过 Excel 的行数上限，"
                        "请缩小筛选范围，或改用 CSV、JSONL 格式导出",
                    )
                for col, value in enumerate(cells):
                    # typed writes: a text is never taken for a formula, number or link
                    if isinstance(value, str):
                        if value:  # an empty text is an empty cell, as None is
                            sheet.write_string(last, col, clean(value))
                    elif isinstance(value, date):
                        sheet.write_datetime(last, col, value, dated)
                    elif value is not None:
                        sheet.write_number(last, col, value)
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, last, len(columns) - 1)
    finally:
        workbook.close()


class _Utf8Writer:
    """A text face on the caller's binary stream, for `csv.writer`."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(text.encode("utf-8"))


def _write_csv(out: BinaryIO, columns: list[Column], rows: Iterator[Row], clean: Clean) -> None:
    # the BOM is what makes Excel read the file as UTF-8 instead of the local code page
    out.write(codecs.BOM_UTF8)
    writer = csv.writer(_Utf8Writer(out))
    writer.writerow([column.header for column in columns])
    for cells in rows:
        writer.writerow([_csv_value(value, clean) for value in cells])


def _csv_value(value: Cell, clean: Clean) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str):
        text = clean(value)
        # a text opening with = + - @ would run as a formula when the CSV is opened in a
        # spreadsheet; the apostrophe makes it a plain text there (OWASP's advice)
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # "47", not "47.0"
    return value


def _write_jsonl(out: BinaryIO, source: _Source, clean: Clean | None) -> int:
    def line(r: Any, _: list[Any]) -> bytes:
        report = {"id": r.document_id, **_json(r.contract)}
        report = _masked(report, clean) if clean else report
        return json.dumps(report, ensure_ascii=False).encode("utf-8") + b"\n"

    statement = "SELECT a.id, a.document_id, a.contract FROM analyses a WHERE a.id IN :ids"
    written = 0
    for data in _per_report(source, statement, line, size=CONTRACT_BATCH):
        out.write(data)
        written += 1
    return written


# -- helpers -----------------------------------------------------------------------------


def _json(value: Any) -> Any:
    # SQLite hands JSON back as text through a raw statement; PostgreSQL decodes it
    return json.loads(value) if isinstance(value, str) else value


def _date(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _yes_no(value: object) -> str | None:
    return None if value is None else ("是" if value else "否")


def _unchanged(text: str) -> str:
    return text


def _masker() -> Clean:
    # issuers, units and section paths repeat on every row: mask each once per export
    @lru_cache(maxsize=8192)
    def clean(text: str) -> str:
        # nothing shorter than a mobile number (11 digits) can hold personal data
        return mask_personal_data(text) if len(text) >= 11 else text

    return clean


def _masked(value: Any, clean: Clean) -> Any:
    """Every string inside a contract with personal data masked (keys are identifiers)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_masked(v, clean) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v, clean) for k, v in value.items()}
    return value
