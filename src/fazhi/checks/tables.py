"""Arithmetic inside tables: a 合计 row against the rows above it, and a rate column
against the two count columns it is computed from.

A table is a run of tab-parted rows (see figures.tables). Only plain category tables are
summed: a table with 其中 rows nests its items, and a row that repeats the header is not
data. A rate column is checked when its header names a rate family (调解成功率) and two
count columns before it name the family's numerator (调解成功) and a base (排查).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from fazhi.checks.catalogue import finding
from fazhi.figures.numbers import NumberError, decimal_places, parse_arabic, to_plain
from fazhi.figures.rules import rules
from fazhi.model import Document, Finding

_TOTAL_ROW = re.compile(r"^(?:合计|总计|全区合计|全市合计|全县合计|总数)")
_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_HUNDRED = Decimal(100)


def _tables(paragraphs: tuple[str, ...]) -> list[list[str]]:
    out: list[list[str]] = []
    run: list[str] = []
    for text in paragraphs:
        if "\t" in text:
            run.append(text)
            continue
        if len(run) >= 3:
            out.append(run)
        run = []
    if len(run) >= 3:
        out.append(run)
    return out


def _number(cell: str) -> Decimal | None:
    text = cell.strip()
    if not _NUMBER.match(text):
        return None
    try:
        return parse_arabic(text)
    except NumberError:
        return None


def table_findings(doc: Document) -> tuple[Finding, ...]:
    out: list[Finding] = []
    for rows in _tables(doc.paragraphs):
        header = rows[0].split("\t")
        if any(_number(c) is not None for c in header[1:]):
            continue  # no header row: what the columns are is unknown
        data = [r.split("\t") for r in rows[1:]]
        out.extend(_total_rows(header, data, rows[1:]))
        out.extend(_rate_columns(header, data, rows[1:]))
    return tuple(out)


def _total_rows(header: list[str], data: list[list[str]], texts: list[str]) -> list[Finding]:
    if any(cells[0].strip().startswith("其中") for cells in data):
        return []  # nested items: the rows are not parts of one total
    out = []
    start = 0
    for i, cells in enumerate(data):
        if not _TOTAL_ROW.match(cells[0].strip()):
            continue
        items = data[start:i]
        start = i + 1
        if len(items) < 2:
            continue
        for col in range(1, len(cells)):
            total = _number(cells[col])
            values = [_number(r[col]) if col < len(r) else None for r in items]
            if total is None or any(v is None for v in values) or "率" in header[col]:
                continue
            parts = [v for v in values if v is not None]
            if sum(parts) != total and decimal_places(cells[col].strip()) == 0:
                terms = "+".join(to_plain(v) for v in parts)
                out.append(
                    finding(
                        "arith.sum_mismatch",
                        f"表格“{header[col].strip()}”一列：各行 {terms}={to_plain(sum(parts))}，"
                        f"与“{cells[0].strip()}”行 {to_plain(total)} 不一致",
                        (texts[i],),
                    )
                )
    return out


def _rate_columns(header: list[str], data: list[list[str]], texts: list[str]) -> list[Finding]:
    out = []
    for col, name in enumerate(header):
        family = next((f for f in rules().rates if f.rate.search(name)), None)
        if family is None or col < 2:
            continue
        numerators = [c for c in range(1, col) if family.numerator.search(header[c])]
        bases = [c for c in range(1, col) if c not in numerators and "率" not in header[c]]
        if len(numerators) != 1 or not bases:
            continue
        n_col, b_col = numerators[0], bases[-1]
        for cells, text in zip(data, texts, strict=True):
            if max(col, n_col, b_col) >= len(cells):
                continue
            stated, num, base = _number(cells[col]), _number(cells[n_col]), _number(cells[b_col])
            if stated is None or num is None or not base or num > base:
                continue
            exact = num * _HUNDRED / base
            step = Decimal(1).scaleb(-decimal_places(cells[col].strip()))
            if exact - step <= stated <= exact + step / 2:
                continue  # rounded or truncated to its places
            shown = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            out.append(
                finding(
                    "arith.rate_mismatch",
                    f"表格“{cells[0].strip()}”一行：{to_plain(num)}/{to_plain(base)}={to_plain(shown)}%，"
                    f"与所报“{name.strip()}{to_plain(stated)}”不符",
                    (text,),
                )
            )
    return out
