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
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import text as sql

from fazhi.checks.privacy import redact as mask_personal_data
from fazhi.errors import FazhiError
from fazhi.store.filters import Filters
from fazhi.store.sheets import (
    CONTRACT_BATCH,
    ORDER,
    TABLE_BUILDERS,
    XLSX_MAX_ROWS,
    Cell,
    Clean,
    Column,
    Row,
    Source,
    as_json,
    per_report,
)

if TYPE_CHECKING:
    from fazhi.store.corpus import Store

FORMATS = ("xlsx", "csv", "jsonl")
TABLES = ("reports", "facts", "findings", "coverage")
SHEET_NAMES = {"reports": "报告", "facts": "指标", "findings": "问题", "coverage": "覆盖"}
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
}


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
                sql(f"SELECT a.id FROM analyses a WHERE {where} ORDER BY {ORDER}"), params
            )
        )
        source = Source(connection, ids, where, params, store.dialect)
        if fmt == "jsonl":
            return _write_jsonl(out, source, clean if redact else None)
        if fmt == "csv":
            columns, rows = TABLE_BUILDERS[table](source)
            _write_csv(out, columns, rows, clean)
        else:
            _write_xlsx(out, source, clean)
    return len(ids)


# -- the formats -----------------------------------------------------------------------


def _write_xlsx(out: BinaryIO, source: Source, clean: Clean) -> None:
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
            columns, rows = TABLE_BUILDERS[name](source)
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


def _write_jsonl(out: BinaryIO, source: Source, clean: Clean | None) -> int:
    def line(r: Any, _: list[Any]) -> bytes:
        report = {"id": r.document_id, **as_json(r.contract)}
        report = _masked(report, clean) if clean else report
        return json.dumps(report, ensure_ascii=False).encode("utf-8") + b"\n"

    statement = "SELECT a.id, a.document_id, a.contract FROM analyses a WHERE a.id IN :ids"
    written = 0
    for data in per_report(source, statement, line, size=CONTRACT_BATCH):
        out.write(data)
        written += 1
    return written


# -- helpers -----------------------------------------------------------------------------


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
