"""The Excel data template (`fazhi template`) and reading it back (`fazhi draft X.xlsx`).

One sheet per part of the report, one row per item, so that the offices fill it in
without learning YAML. Reading turns the workbook into the same dict as the YAML file
and checks it with `schema.validate`; errors name the sheet and row."""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from fazhi.draft.model import DraftData, DraftDataError, settings
from fazhi.draft.schema import validate

UNIT = "单位信息"
POINTS = "举措要点"
FIGURES = "数字"
SHORT = "不足和原因"
FIRST = "第一责任人"
PLANS = "下一年度安排"
OTHER = "其他事项"
LAST = "上年度安排"
CODES = "指标代码表"
_REGION = (
    ("region.province", "所在省份"),
    ("region.city", "所在市（州）"),
    ("region.county", "所在县（区）"),
)
_HEADERS = {
    POINTS: ["方面（代码或名称）", "小标题（可空）", "要点（一行一条）"],
    FIGURES: ["方面（代码或名称）", "指标代码", "指标名称（参考）", "数值", "单位"],
    SHORT: ["不足", "具体表现（可空）", "原因（多条用；分隔）"],
    FIRST: ["第一责任人履职情况（一行一条）"],
    PLANS: ["下一年度工作安排", "具体内容（可空）"],
    OTHER: ["其他需要报告的情况（一行一条）"],
    LAST: ["上年度工作安排", "落实情况（请填写）"],
}


def _indicator_names() -> dict[str, tuple[str, str]]:
    from fazhi.datafiles import load

    data = load("indicators.yaml", "fazhi.indicators/1")["indicators"]
    return {
        code: (str(spec.get("name", "")), str(spec.get("area", ""))) for code, spec in data.items()
    }


def write_template(
    data: DraftData | None = None, last_year_plans: list[str] | None = None
) -> bytes:
    """An .xlsx template, empty or filled from `data`; `last_year_plans` fill the
    sheet 上年度安排 as a checklist to answer."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws = wb.active
    ws.title = UNIT
    ws.append(["项目", "键", "内容", "必填"])
    u = data.unit if data else None
    for spec in settings().fields:
        if spec.key == "region":
            for key, label in _REGION:
                value = (u.region.get(key.split(".")[1]) if u else None) or ""
                ws.append([label, key, value, ""])
            continue
        value: Any = getattr(u, spec.key) if u else None
        if isinstance(value, tuple):
            value = "、".join(value)
        ws.append(
            [
                spec.label,
                spec.key,
                value if value is not None else "",
                "是" if spec.required else "",
            ]
        )
    sheets: dict[str, list[list[Any]]] = {name: [] for name in _HEADERS}
    names = _indicator_names()
    if data:
        for a in data.measures:
            sheets[POINTS] += [[a.area, a.title, p] for p in a.points] or [[a.area, a.title, ""]]
            sheets[FIGURES] += [
                [a.area, f.indicator, names.get(f.indicator, ("", ""))[0], float(f.value), f.unit]
                for f in a.figures
            ]
        sheets[SHORT] = [[s.problem, s.detail, "；".join(s.causes)] for s in data.shortcomings]
        sheets[FIRST] = [[t] for t in data.first_responsible]
        sheets[PLANS] = [[p.title, p.detail] for p in data.next_year]
        sheets[OTHER] = [[t] for t in data.other]
        sheets[LAST] = [[p.plan, p.done] for p in data.last_year_plans]
    if last_year_plans:
        known = {row[0] for row in sheets[LAST]}
        sheets[LAST] += [[p, ""] for p in last_year_plans if p not in known]
    for name, header in _HEADERS.items():
        sheet = wb.create_sheet(name)
        sheet.append(header)
        for row in sheets[name]:
            sheet.append(row)
    codes = wb.create_sheet(CODES)
    codes.append(["指标代码", "指标名称", "方面", "默认单位", "可用单位"])
    for code, spec in settings().figures.items():
        name, area = names.get(code, ("", ""))
        codes.append([code, name, area, spec.unit, "、".join(spec.units)])
    valid = DataValidation(
        type="list", formula1=f"='{CODES}'!$A$2:$A${codes.max_row}", allow_blank=True
    )
    wb[FIGURES].add_data_validation(valid)
    valid.add("B2:B500")
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        for col in sheet.columns:
            letter = col[0].column_letter
            sheet.column_dimensions[letter].width = (
                60 if letter == "C" and sheet.title != FIGURES else 24
            )
            for cell in col:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rows(wb, name: str) -> list[tuple[int, list[Any]]]:
    if name not in wb.sheetnames:
        return []
    out = []
    for r, row in enumerate(wb[name].iter_rows(min_row=2, values_only=True), start=2):
        values = [_cell(v) for v in row]
        if any(v is not None for v in values):
            out.append((r, values + [None] * 5))
    return out


def read_template(payload: bytes, source: str = "<Excel>") -> DraftData:
    """The data of a filled-in template; errors name the sheet and row."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(BytesIO(payload), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise DraftDataError(source, [f"不是有效的 Excel（.xlsx）文件：{exc}"]) from exc
    where: dict[str, str] = {}
    unit: dict[str, Any] = {}
    for r, (_label, key, value, *_rest) in _rows(wb, UNIT):
        if key is None or value is None:
            continue
        where[f"unit.{key}"] = f"工作表“{UNIT}”第 {r} 行"
        if str(key).startswith("region."):
            unit.setdefault("region", {})[str(key).split(".", 1)[1]] = value
        else:
            unit[str(key)] = value.isoformat() if isinstance(value, date) else value
    measures: list[dict[str, Any]] = []
    for sheet in (POINTS, FIGURES):
        for r, row in _rows(wb, sheet):
            where[f"measures[{len(measures)}]"] = f"工作表“{sheet}”第 {r} 行"
            if sheet == POINTS:
                measures.append(
                    {"area": row[0], "title": row[1], "points": [row[2]] if row[2] else []}
                )
            else:
                figure = {"indicator": row[1], "value": row[3], "unit": row[4]}
                measures.append({"area": row[0], "figures": [figure]})
    raw: dict[str, Any] = {"unit": unit, "measures": measures}
    raw["shortcomings"] = []
    for i, (r, row) in enumerate(_rows(wb, SHORT)):
        where[f"shortcomings[{i}]"] = f"工作表“{SHORT}”第 {r} 行"
        causes = [c for c in re.split(r"[；;\n]+", str(row[2] or "")) if c.strip()]
        raw["shortcomings"].append({"problem": row[0], "detail": row[1], "causes": causes})
    raw["first_responsible"] = [str(row[0]) for _, row in _rows(wb, FIRST) if row[0]]
    raw["next_year"] = []
    for i, (r, row) in enumerate(_rows(wb, PLANS)):
        where[f"next_year[{i}]"] = f"工作表“{PLANS}”第 {r} 行"
        raw["next_year"].append({"title": row[0], "detail": row[1]})
    raw["other"] = [str(row[0]) for _, row in _rows(wb, OTHER) if row[0]]
    raw["last_year_plans"] = [{"plan": row[0], "done": row[1]} for _, row in _rows(wb, LAST)]
    try:
        return validate(raw, source)
    except DraftDataError as exc:
        raise DraftDataError(source, [_locate(e, where) for e in exc.errors]) from exc


def _locate(message: str, where: dict[str, str]) -> str:
    """Add the sheet and row to an error that names a field path."""
    m = re.match(r"字段 ([\w.\[\]]+)", message)
    if not m:
        return message
    path = m.group(1)
    for prefix in sorted(where, key=len, reverse=True):
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return f"{where[prefix]}：{message}"
    return message


def load_any(path: Path) -> DraftData:
    """A data file by its extension: .xlsx (the template) or YAML."""
    from fazhi.draft.schema import load_yaml

    if path.suffix.lower() == ".xlsx":
        try:
            payload = path.read_bytes()
        except OSError as exc:
            raise DraftDataError(str(path), [f"无法读取：{exc}"]) from exc
        return read_template(payload, str(path))
    return load_yaml(path)
