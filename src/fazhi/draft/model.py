"""What a draft is made of: the unit's data once validated (`DraftData` and its parts),
and the settings of data/draft.yaml that say which fields exist and how figures read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from fazhi.datafiles import DataFileError, load, mapping

_FILE = "draft.yaml"


class DraftDataError(ValueError):
    """The drafting data has errors; `errors` lists them, each naming its field path."""

    def __init__(self, source: str, errors: list[str]) -> None:
        self.source = source
        self.errors = errors
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"数据文件“{source}”有 {len(errors)} 处错误：\n{lines}")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    type: str
    required: bool
    public: bool


@dataclass(frozen=True, slots=True)
class FigureSpec:
    unit: str
    units: tuple[str, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Settings:
    fields: tuple[FieldSpec, ...]
    levels: tuple[str, ...]
    areas: dict[str, str]  # code -> default heading, in report order
    area_names: dict[str, str]  # code -> the 纲要 name (indicators.yaml)
    frames: tuple[str, ...]  # for every figure
    count_frames: tuple[str, ...]  # for counts and amounts only
    figures: dict[str, FigureSpec]


@cache
def settings() -> Settings:
    data = load(_FILE, "fazhi.draft/1")
    fields = tuple(
        FieldSpec(
            str(f["key"]),
            str(f["label"]),
            str(f["type"]),
            bool(f.get("required", False)),
            bool(f.get("public", True)),
        )
        for f in data.get("fields") or []
    )
    areas = {str(k): str(v) for k, v in mapping(_FILE, "areas", data.get("areas")).items()}
    names = load("indicators.yaml", "fazhi.indicators/1")["areas"]
    if set(areas) != set(names):
        raise DataFileError(f"数据文件 {_FILE} 的 areas 应恰为 indicators.yaml 的九个方面")
    frames = mapping(_FILE, "frames", data.get("frames"))
    figures = {}
    for code, spec in mapping(_FILE, "figures", data.get("figures")).items():
        spec = mapping(_FILE, f"figures.{code}", spec)
        phrases = tuple(str(p) for p in spec.get("phrases") or [])
        if not phrases or not all("{n}" in p for p in phrases):
            raise DataFileError(f"数据文件 {_FILE} 的 figures.{code}.phrases 应含 {{n}}")
        unit = str(spec["unit"])
        figures[str(code)] = FigureSpec(unit, tuple(spec.get("units") or [unit]), phrases)
    return Settings(
        fields=fields,
        levels=tuple(data.get("levels") or []),
        areas=areas,
        area_names={str(k): str(v) for k, v in names.items()},
        frames=tuple(str(f) for f in frames.get("any") or []),
        count_frames=tuple(str(f) for f in frames.get("count") or []),
        figures=figures,
    )


@dataclass(frozen=True, slots=True)
class Figure:
    indicator: str
    value: Decimal
    unit: str


@dataclass(frozen=True, slots=True)
class AreaMeasures:
    area: str
    title: str
    points: tuple[str, ...]
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class Shortcoming:
    problem: str
    detail: str
    causes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    title: str
    detail: str


@dataclass(frozen=True, slots=True)
class CarriedPlan:
    plan: str
    done: str


@dataclass(frozen=True, slots=True)
class Unit:
    issuer: str
    report_year: int
    addressees: tuple[str, ...]
    issue_date: date
    short_name: str | None = None
    region: dict[str, str] = field(default_factory=dict)
    level: str | None = None
    cc: tuple[str, ...] = ()
    doc_number: str | None = None
    signer: str | None = None
    print_office: str | None = None
    print_date: date | None = None
    disclosure: str | None = None
    contact: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True, slots=True)
class DraftData:
    unit: Unit
    preamble: str | None
    measures: tuple[AreaMeasures, ...]
    shortcomings: tuple[Shortcoming, ...]
    first_responsible: tuple[str, ...]
    next_year: tuple[Plan, ...]
    other: tuple[str, ...]
    last_year_plans: tuple[CarriedPlan, ...]
    seed: int
