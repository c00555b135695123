"""The drafting input: load a YAML data file (or the dict read from the Excel template)
and check it against `data/draft.yaml`, collecting every problem with its field path
(`measures[2].figures[0].value`) so that a clerk fixes them all in one go."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from fazhi.draft.model import (
    AreaMeasures,
    CarriedPlan,
    DraftData,
    DraftDataError,
    Figure,
    Plan,
    Shortcoming,
    Unit,
    settings,
)

_DATE_CN = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_LIST_SPLIT = re.compile(r"[、；;，,\n]+")


class _Checker:
    """Collects errors while converting; every accessor returns a usable default so that
    the whole file is checked in one pass."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str, label: str | None = None) -> None:
        name = f"{path}（{label}）" if label else path
        self.errors.append(f"字段 {name}：{message}")

    def text(self, raw: Any, path: str, label: str | None = None, required: bool = False) -> str:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.fail(path, "必须填写", label)
            return ""
        if isinstance(raw, (bool, dict | list)):
            self.fail(path, "应为文字", label)
            return ""
        return re.sub(r"\s+", " ", str(raw)).strip()

    def texts(self, raw: Any, path: str, label: str | None = None) -> tuple[str, ...]:
        if raw is None:
            return ()
        if isinstance(raw, str):
            raw = [p for p in _LIST_SPLIT.split(raw) if p.strip()]
        if not isinstance(raw, list):
            self.fail(path, "应为列表（每项一行，以“- ”开头）", label)
            return ()
        out = [self.text(item, f"{path}[{i}]") for i, item in enumerate(raw)]
        return tuple(t for t in out if t)

    def day(self, raw: Any, path: str, label: str, required: bool = False) -> date | None:
        if raw is None or raw == "":
            if required:
                self.fail(path, "必须填写", label)
            return None
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        m = _DATE_CN.match(str(raw)) or _DATE_ISO.match(str(raw))
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
        self.fail(path, f"“{raw}”不是有效日期（应如 2024-02-01 或 2024年2月1日）", label)
        return None


def _unit(c: _Checker, raw: Any) -> Unit:
    if not isinstance(raw, dict):
        c.fail("unit", "缺少单位信息（应为映射：issuer、report_year 等）")
        raw = {}
    known = {f.key for f in settings().fields}
    for key in raw:
        if key not in known:
            c.fail(f"unit.{key}", "未知字段（可用：" + "、".join(sorted(known)) + "）")
    values: dict[str, Any] = {}
    for spec in settings().fields:
        path, value = f"unit.{spec.key}", raw.get(spec.key)
        if spec.type == "date":
            values[spec.key] = c.day(value, path, spec.label, spec.required)
        elif spec.type == "list":
            values[spec.key] = c.texts(value, path, spec.label)
            if spec.required and not values[spec.key]:
                c.fail(path, "必须至少填写一项", spec.label)
        elif spec.type == "int":
            values[spec.key] = _year(c, value, path, spec.label, spec.required)
        elif spec.type == "map":
            region = value or {}
            if not isinstance(region, dict):
                c.fail(path, "应为映射（province、city、county）", spec.label)
                region = {}
            values[spec.key] = {str(k): str(v) for k, v in region.items() if v}
        else:
            values[spec.key] = c.text(value, path, spec.label, spec.required) or None
    level = values.get("level")
    if level and level not in settings().levels:
        c.fail("unit.level", "应为 " + "、".join(settings().levels) + " 之一", "层级")
    if values.get("doc_number"):
        values["doc_number"] = _doc_number(values["doc_number"])
    issue, year = values.get("issue_date"), values.get("report_year")
    if issue and year and issue.year <= year:
        c.fail("unit.issue_date", f"成文日期应在报告年度 {year} 之后", "成文日期")
    printed = values.get("print_date")
    if printed and issue and printed < issue:
        c.fail("unit.print_date", "印发日期不应早于成文日期", "印发日期")
    values["issue_date"] = values.get("issue_date") or date(1970, 1, 1)
    values["report_year"] = values.get("report_year") or 0
    values["issuer"] = values.get("issuer") or ""
    return Unit(**values)


def _year(c: _Checker, raw: Any, path: str, label: str, required: bool) -> int | None:
    if raw is None or raw == "":
        if required:
            c.fail(path, "必须填写", label)
        return None
    text = str(raw).strip().removesuffix("年度").removesuffix("年")
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        c.fail(path, f"“{raw}”不是有效年份", label)
        return None
    return int(text)


def _doc_number(text: str) -> str:
    """发文字号 in its standard form: no spaces, year in 〔〕 (as GB/T 9704 writes it)."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[\[［(（【](\d{4})[\]］)）】]", r"〔\1〕", text)


def _area_code(c: _Checker, raw: Any, path: str) -> str | None:
    s = settings()
    text = c.text(raw, path, "方面", required=True)
    if text in s.areas:
        return text
    for code, name in s.area_names.items():
        if text and (text in name or name in text):
            return code
    if text:
        c.fail(path, f"“{text}”不是纲要九个方面之一（可用：" + "、".join(s.areas) + "）", "方面")
    return None


def _figure(c: _Checker, raw: Any, path: str, area: str | None) -> Figure | None:
    if not isinstance(raw, dict):
        c.fail(path, "应为映射（indicator、value、unit）", "数字")
        return None
    specs = settings().figures
    code = c.text(raw.get("indicator"), f"{path}.indicator", "指标代码", required=True)
    if code and code not in specs:
        c.fail(f"{path}.indicator", f"指标“{code}”暂不支持自动成文", "指标代码")
        return None
    value_raw = raw.get("value")
    try:
        value = Decimal(str(value_raw).strip().replace(",", ""))
        if not value.is_finite() or isinstance(value_raw, bool):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        c.fail(f"{path}.value", f"“{value_raw}”不是数字", "数值")
        return None
    if not code:
        return None
    spec = specs[code]
    unit = c.text(raw.get("unit"), f"{path}.unit", "单位") or spec.unit
    if unit not in spec.units:
        c.fail(f"{path}.unit", f"指标 {code} 的单位应为 " + "、".join(spec.units), "单位")
        return None
    if value < 0:
        c.fail(f"{path}.value", "不能为负数", "数值")
    elif unit == "%" and value > 100:
        c.fail(f"{path}.value", "比率不能超过 100%", "数值")
    elif unit != "%" and "元" not in unit and value != value.to_integral_value():
        c.fail(f"{path}.value", f"以“{unit}”计的数应为整数", "数值")
    return Figure(code, value.normalize() if value == value.to_integral_value() else value, unit)


def _measures(c: _Checker, raw: Any) -> tuple[AreaMeasures, ...]:
    if not isinstance(raw, list) or not raw:
        c.fail("measures", "必须至少填写一个方面的举措和成效", "主要举措和成效")
        return ()
    grouped: dict[str, tuple[str, list[str], list[Figure]]] = {}
    for i, item in enumerate(raw):
        path = f"measures[{i}]"
        if not isinstance(item, dict):
            c.fail(path, "应为映射（area、points、figures）")
            continue
        code = _area_code(c, item.get("area"), f"{path}.area")
        points = list(c.texts(item.get("points"), f"{path}.points", "要点"))
        figures_raw = item.get("figures") or []
        if not isinstance(figures_raw, list):
            c.fail(f"{path}.figures", "应为列表", "数字")
            figures_raw = []
        figures = [
            f
            for j, f_raw in enumerate(figures_raw)
            if (f := _figure(c, f_raw, f"{path}.figures[{j}]", code)) is not None
        ]
        if not points and not figures_raw:
            c.fail(path, "要点（points）和数字（figures）至少填写一项")
        if code is None:
            continue
        title = c.text(item.get("title"), f"{path}.title", "小标题")
        old_title, old_points, old_figures = grouped.get(code, ("", [], []))
        grouped[code] = (old_title or title, old_points + points, old_figures + figures)
    seen: set[str] = set()
    for a in grouped.values():
        for f in a[2]:
            if f.indicator in seen:
                c.fail("measures", f"指标 {f.indicator} 填写了不止一次", "数字")
            seen.add(f.indicator)
    order = list(settings().areas)
    return tuple(
        AreaMeasures(code, t or settings().areas[code], tuple(p), tuple(f))
        for code, (t, p, f) in sorted(grouped.items(), key=lambda kv: order.index(kv[0]))
    )


def _shortcomings(c: _Checker, raw: Any) -> tuple[Shortcoming, ...]:
    if not isinstance(raw, list) or not raw:
        c.fail("shortcomings", "必须至少填写一项不足", "存在的不足和原因")
        return ()
    out = []
    for i, item in enumerate(raw):
        path = f"shortcomings[{i}]"
        if not isinstance(item, dict):
            c.fail(path, "应为映射（problem、causes）")
            continue
        problem = c.text(item.get("problem"), f"{path}.problem", "不足", required=True)
        causes = c.texts(item.get("causes"), f"{path}.causes", "原因")
        if not causes:
            c.fail(f"{path}.causes", "每项不足都应分析原因", "原因")
        out.append(Shortcoming(problem.rstrip("。"), c.text(item.get("detail"), path), causes))
    return tuple(out)


def _plans(c: _Checker, raw: Any) -> tuple[Plan, ...]:
    if not isinstance(raw, list) or not raw:
        c.fail("next_year", "必须至少填写一项下一年度安排", "下一年度工作安排")
        return ()
    out = []
    for i, item in enumerate(raw):
        path = f"next_year[{i}]"
        if isinstance(item, dict):
            title = c.text(item.get("title"), f"{path}.title", "安排", required=True)
            out.append(Plan(title.rstrip("。"), c.text(item.get("detail"), f"{path}.detail")))
        else:
            out.append(Plan(c.text(item, path, "安排", required=True).rstrip("。"), ""))
    return tuple(out)


def _carried(c: _Checker, raw: Any) -> tuple[CarriedPlan, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.fail("last_year_plans", "应为列表（plan、done）", "上年度工作安排")
        return ()
    out = []
    for i, item in enumerate(raw):
        path = f"last_year_plans[{i}]"
        if not isinstance(item, dict):
            item = {"plan": item}
        plan = c.text(item.get("plan"), f"{path}.plan", "上年度安排", required=True)
        out.append(CarriedPlan(plan, c.text(item.get("done"), f"{path}.done", "落实情况")))
    return tuple(out)


def validate(raw: Any, source: str = "<数据>") -> DraftData:
    """The drafting data in `raw` (parsed YAML or the Excel template's content), or a
    DraftDataError listing every problem with its field path."""
    c = _Checker()
    if not isinstance(raw, dict):
        raise DraftDataError(source, ["文件内容应为映射（unit、measures、shortcomings 等）"])
    known = {
        "unit",
        "preamble",
        "measures",
        "shortcomings",
        "first_responsible",
        "next_year",
        "other",
        "last_year_plans",
        "seed",
    }
    for key in raw:
        if key not in known:
            c.fail(str(key), "未知字段（可用：" + "、".join(sorted(known)) + "）")
    unit = _unit(c, raw.get("unit"))
    data = DraftData(
        unit=unit,
        preamble=c.text(raw.get("preamble"), "preamble", "开头语") or None,
        measures=_measures(c, raw.get("measures")),
        shortcomings=_shortcomings(c, raw.get("shortcomings")),
        first_responsible=c.texts(raw.get("first_responsible"), "first_responsible"),
        next_year=_plans(c, raw.get("next_year")),
        other=c.texts(raw.get("other"), "other", "其他需要报告的情况"),
        last_year_plans=_carried(c, raw.get("last_year_plans")),
        seed=_seed(c, raw.get("seed")),
    )
    if not data.first_responsible:
        c.fail("first_responsible", "必须填写第一责任人履职情况", "第一责任人职责")
    if c.errors:
        raise DraftDataError(source, c.errors)
    return data


def _seed(c: _Checker, raw: Any) -> int:
    if raw is None:
        return 0
    if isinstance(raw, bool) or not isinstance(raw, int):
        c.fail("seed", "应为整数", "句式种子")
        return 0
    return raw


def load_yaml(path: Path) -> DraftData:
    """Read and check a YAML data file; errors name the file and, for syntax, the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftDataError(str(path), [f"无法读取：{exc}"]) from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行：" if mark is not None else ""
        raise DraftDataError(str(path), [f"{where}YAML 语法错误：{exc}"]) from exc
    return validate(raw, str(path))
