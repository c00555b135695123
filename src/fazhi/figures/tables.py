"""Figures in table rows: '收到行政复议申请（件）\t215\t187\t+15.0%'.

Normalisation writes a table row as cells parted by tabs (Word and HTML tables, and text
tables whose cells are parted by runs of spaces). A header row says what each column
is: the year reported on, an earlier year (a baseline), a target, a change, a total
(合计) or one department's share of it; a header split over two rows ('项目 | 年度 |
增减' over '2022年 | 2023年') is put back together. A unit comes from the row label
('受理（件）'), else the column header ('罚没款（万元）', '场次'), else a '单位：件' line
above the table. Without a header the first figure column is the year's own figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.figures.clauses import KIND_OF_UNIT_CLASS, Draft
from fazhi.figures.numbers import NumberError, decimal_places, parse_arabic
from fazhi.figures.rules import rules
from fazhi.figures.scan import Figure, find_figures, grammar

_UNIT_IN_CELL = re.compile(r"[（(]\s*([^（()）]{1,4})\s*[)）]\s*$")
_BARE = re.compile(r"^[+\-－↑↓]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:余|多)?$")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_UNIT_LINE = re.compile(r"^[（(]?\s*(?:计量)?单位\s*[:：]\s*([^\s）)]{1,16})")
_RATE_LABEL = re.compile(r"(?:率|比例|占比|比重)$")
_MONEY_LABEL = re.compile(r"款|金额|资金|经费|罚没|收入|支出")


@dataclass(frozen=True, slots=True)
class Header:
    # per column: None (the year's own figure), 'baseline', 'target', 'change', 'ignore',
    # 'unit' (the row's unit), 'total' (the whole area's figure) or 'scoped' (one
    # department's, one activity's)
    kinds: tuple[str | None, ...]
    units: tuple[str, ...]  # a unit named in the column header, or ''
    names: tuple[str, ...]  # the header cells, for subjects when columns are measures
    measures: bool = False  # the columns name what is counted (场次 | 参与人次)


def unit_line(text: str) -> str | None:
    """'单位：件、万元' above a table: the units of its bare figures, '、'-joined."""
    m = _UNIT_LINE.match(text.strip())
    return m.group(1) if m else None


def _default_unit(units: str, label: str) -> str:
    """The unit a row takes from '单位：件、%、万元': % for a rate, money for an amount."""
    listed = [u for u in re.split(r"[、，,/／]", units) if u]
    if not listed:
        return ""
    if _RATE_LABEL.search(label) and "%" in listed:
        return "%"
    money = [u for u in listed if u.endswith("元")]
    if _MONEY_LABEL.search(label) and money:
        return money[0]
    counts = [u for u in listed if u != "%" and not u.endswith("元")]
    return counts[0] if counts else ""


def _unit_of(cell: str) -> str:
    m = _UNIT_IN_CELL.search(cell)
    if (m and m.group(1) in grammar().unit_class) or (m and m.group(1).startswith("万")):
        return m.group(1)
    for unit in sorted(grammar().unit_class, key=len, reverse=True):
        if cell.endswith(unit) and len(cell) <= len(unit) + 4:
            return unit  # '场次', '参与人次', '案件数' ends in no unit
    return ""


def _column_kind(cell: str, report_year: int | None) -> str | None:
    words = rules().columns
    if words["unit"].match(cell):
        return "unit"
    if words["ignore"].search(cell):
        return "ignore"
    if words["change"].search(cell):
        return "change"
    if words["target"].search(cell):
        return "target"
    year = _YEAR.search(cell)
    if year and report_year is not None:
        y = int(year.group(1))
        return None if y == report_year else ("baseline" if y < report_year else "target")
    if words["baseline"].search(cell):
        return "baseline"
    if words["current"].search(cell) or year:
        return None
    if words["total"].match(cell):
        return "total"
    return "scoped"


def read_header(
    cells: list[str], report_year: int | None, above: Header | None = None
) -> Header | None:
    """A header row, if these cells are one (no figure among them)."""
    if any(find_figures(c) or _BARE.match(c.strip()) for c in cells[1:] if not _YEAR.search(c)):
        return None
    if above is not None and len(cells) < len(above.names):
        # '项目 | 年度 | 增减' over '2022年 | 2023年': the second row splits a merged cell
        split = next((i for i, k in enumerate(above.kinds) if i and k == "scoped"), None)
        if split is not None:
            names = [*above.names[:split], *cells, *above.names[split + 1 :]]
            return read_header(names, report_year)
    names = [c.strip() for c in cells]
    kinds: list[str | None] = ["ignore"]
    units = [""]
    if len(names) > 2 and rules().columns["ignore"].search(names[0]):  # 序号 | 指标名称 | …
        kinds.append("ignore")
        units.append("")
    for cell in names[len(kinds) :]:
        kinds.append(_column_kind(cell, report_year))
        units.append(_unit_of(cell))
    scoped = [i for i, k in enumerate(kinds) if k == "scoped"]
    measures = bool(scoped) and sum(bool(units[i]) for i in scoped) >= max(1, len(scoped) - 1)
    if report_year is None:  # no year to compare with: the first year column is current
        years = [i for i, c in enumerate(names) if _YEAR.search(c)]
        kinds = [("baseline" if i in years[1:] else k) for i, k in enumerate(kinds)]
    return Header(tuple(kinds), tuple(units), tuple(names), measures)


def _cell_figure(cell: str, start: int, unit: str) -> Figure | None:
    found = find_figures(cell)
    if found and found[0].unit in ("万", "亿") and unit and not unit.startswith(("万", "亿")):
        # '3.56万余' under '参与人次': the column names the unit the 万 scales
        fig = found[0]
        cls = grammar().unit_class.get(unit, "none")
        found = [
            Figure(
                fig.start,
                fig.end,
                fig.text,
                fig.value,
                fig.unit + unit,
                fig.base_value,
                unit,
                cls,
                fig.approx,
                None,
                fig.decimals,
                fig.number_start,
            )
        ]
    if found:
        fig = found[0]
        fig.start += start
        fig.end += start
        fig.number_start += start
        return fig
    text = cell.strip()
    if not unit or not _BARE.match(text):
        return None
    number = text.lstrip("+－-↑↓ ").rstrip("余多")
    try:
        value = parse_arabic(number)
    except NumberError:
        return None
    g = grammar()
    written, base_value, scale_unit = unit, value, unit
    if unit.startswith("万") and len(unit) > 1:
        base_value, scale_unit = value * 10000, unit[1:]
    unit_class = g.unit_class.get(scale_unit, "none")
    base_unit = scale_unit
    if scale_unit in g.scaled:
        base_unit, scale = g.scaled[scale_unit]
        base_value *= scale
    offset = start + cell.index(text)
    return Figure(
        start=offset,
        end=offset + len(text),
        text=text,
        value=value,
        unit=written,
        base_value=base_value,
        base_unit=base_unit,
        unit_class=unit_class,
        approx=text.endswith(("余", "多")),
        decimals=decimal_places(number),
        number_start=offset,
    )


def row_drafts(
    index: int, text: str, header: Header | None, caption: str, default_unit: str = ""
) -> list[Draft]:
    """One Draft per figure cell of a table row; the label cell is the subject."""
    cells = text.split("\t")
    starts = []
    pos = 0
    for cell in cells:
        starts.append(pos)
        pos += len(cell) + 1
    kinds = list(header.kinds) if header else []
    # a 序号 column and a 计量单位 column are not figures; the first text cell is the label
    label_at = 1 if re.fullmatch(r"\d{1,3}", cells[0].strip()) and len(cells) > 2 else 0
    label = cells[label_at].strip()
    unit_col = next((i for i, k in enumerate(kinds) if k == "unit"), None)
    row_unit = cells[unit_col].strip() if unit_col is not None and unit_col < len(cells) else ""
    unit_match = _UNIT_IN_CELL.search(label)
    label_unit = _unit_of(label) or (row_unit if row_unit in grammar().unit_class else "")
    subject = label[: unit_match.start()] if unit_match else label
    whole = bool(rules().columns["total"].match(subject))
    out: list[Draft] = []
    figure_column = 0
    for column in range(label_at + 1, len(cells)):
        cell = cells[column]
        kind = kinds[column] if column < len(kinds) else None
        head_unit = header.units[column] if header and column < len(header.units) else ""
        if kind in ("ignore", "unit"):
            continue
        unit = label_unit or head_unit or _default_unit(default_unit, subject)
        fig = _cell_figure(cell, starts[column], unit)
        if fig is None:
            continue
        figure_column += 1
        row_subject = subject
        if header is not None and header.measures and kind in ("scoped", "total"):
            # the columns name what is counted; the row names whose figure it is
            row_subject = header.names[column]
            kind = None if whole else "scoped"
        elif kind == "total":
            kind = None
        d = Draft(fig, index, (0, len(text)), label, "", row_subject, 0)
        d.text_end = fig.end
        d.prefix = caption
        d.in_table = True
        if kind is None and header is None and figure_column > 1:
            kind = "baseline"  # no header: only the first figure column is the year's
        if cell.strip().startswith(("+", "-", "－", "↑", "↓")) or fig.unit_class == "points":
            kind = "change"
        d.kind = kind or KIND_OF_UNIT_CLASS.get(fig.unit_class, "measure")
        out.append(d)
    return out
