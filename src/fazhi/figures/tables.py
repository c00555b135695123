"""Figures in table rows: '收到行政复议申请（件）\t215\t187\t+15.0%'.

Normalisation writes a table row as cells parted by tabs (Word tables and text tables
alike). The first cell names what the row counts and often carries its unit in brackets;
a header row ('项目\t2022年\t2021年\t增减') says which column is the year reported on,
which an earlier year (a baseline) and which a change. Without a header the first figure
column is taken as the year's own figure and the others as baselines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.figures.clauses import Draft
from fazhi.figures.numbers import NumberError, decimal_places, parse_arabic
from fazhi.figures.scan import Figure, find_figures, grammar

_UNIT_IN_LABEL = re.compile(r"[（(]\s*([^（()）]{1,4})\s*[)）]\s*$")
_BARE = re.compile(r"^[+\-－]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+\-－]?\d+(?:\.\d+)?$")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CHANGE = re.compile(r"同比|增减|增幅|变化|增长|比上年")
_PREVIOUS = re.compile(r"上年|去年|上期")


@dataclass(frozen=True, slots=True)
class Header:
    kinds: tuple[str | None, ...]  # per column: None (current), 'baseline', 'change', 'label'


def read_header(cells: list[str], report_year: int | None) -> Header | None:
    """A header row, if these cells are one: years or 本年/上年/增减 over the figure columns."""
    kinds: list[str | None] = ["label"]
    marked = 0
    for cell in cells[1:]:
        year = _YEAR.search(cell)
        if _CHANGE.search(cell):
            kinds.append("change")
            marked += 1
        elif year:
            marked += 1
            same = report_year is None or int(year.group(1)) == report_year
            kinds.append(None if same else "baseline")
        elif _PREVIOUS.search(cell):
            kinds.append("baseline")
            marked += 1
        else:
            kinds.append(None)
    if marked < 2 or any(find_figures(c) for c in cells[1:] if not _YEAR.search(c)):
        return None
    if report_year is None:  # no year to compare: the first year column is the current one
        years = [i for i, c in enumerate(cells) if _YEAR.search(c)]
        kinds = [k if i not in years[1:] else "baseline" for i, k in enumerate(kinds)]
    return Header(tuple(kinds))


def _cell_figure(cell: str, start: int, unit: str) -> Figure | None:
    found = find_figures(cell)
    if found:
        fig = found[0]
        fig.start += start
        fig.end += start
        fig.number_start += start
        return fig
    text = cell.strip()
    if not unit or not _BARE.match(text):
        return None
    try:
        value = parse_arabic(text.lstrip("+－-"))
    except NumberError:
        return None
    g = grammar()
    unit_class = g.unit_class.get(unit, "none")
    base_value, base_unit = value, unit
    if unit in g.scaled:
        base_unit, scale = g.scaled[unit]
        base_value = value * scale
    offset = start + cell.index(text)
    return Figure(
        start=offset,
        end=offset + len(text),
        text=text,
        value=value,
        unit=unit,
        base_value=base_value,
        base_unit=base_unit,
        unit_class=unit_class,
        decimals=decimal_places(text),
        number_start=offset,
    )


def row_drafts(index: int, text: str, header: Header | None, caption: str) -> list[Draft]:
    """One Draft per figure cell of a table row; the label cell is the subject."""
    cells = text.split("\t")
    label = cells[0].strip()
    unit_match = _UNIT_IN_LABEL.search(label)
    unit = unit_match.group(1) if unit_match else ""
    subject = label[: unit_match.start()] if unit_match else label
    out: list[Draft] = []
    pos = len(cells[0]) + 1
    figure_column = 0
    for column, cell in enumerate(cells[1:], start=1):
        fig = _cell_figure(cell, pos, unit)
        pos += len(cell) + 1
        if fig is None:
            continue
        figure_column += 1
        d = Draft(fig, index, (0, len(text)), label, "", subject, 0)
        d.text_end = fig.end
        d.prefix = caption
        kind = header.kinds[column] if header and column < len(header.kinds) else None
        if kind is None and header is None and figure_column > 1:
            kind = "baseline"  # no header: only the first figure column is the year's
        if cell.strip().startswith(("+", "-", "－")) or fig.unit_class == "points":
            kind = "change"
        d.kind = kind or _measure_kind(fig)
        out.append(d)
    return out


def _measure_kind(fig: Figure) -> str:
    return {
        "count": "count",
        "money": "amount",
        "percent": "rate",
        "duration": "duration",
    }.get(fig.unit_class, "measure")
