"""The relation words of `data/arith.yaml`, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fazhi import datafiles

_FILE = "arith.yaml"
_SCHEMA = "fazhi.arith/1"


@dataclass(frozen=True, slots=True)
class Partition:
    name: str
    field: str
    total: re.Pattern[str]
    parts: re.Pattern[str]
    complete_when: re.Pattern[str]
    aggregate: re.Pattern[str] | None = None
    aggregated: re.Pattern[str] | None = None
    min_parts: int = 3


@dataclass(frozen=True, slots=True)
class Exclusive:
    """Mutually exclusive categories of a total: each case closed with one outcome."""

    name: str
    field: str
    total: re.Pattern[str]
    categories: tuple[re.Pattern[str], ...]

    def of_total(self, subject: str, domain: str | None) -> bool:
        return (not self.field or domain == self.field) and bool(self.total.search(subject))

    def kinds(self, subject: str) -> frozenset[int]:
        """The categories a part names: 撤销或确认违法 two, 纠错 four, 涉企案件 none."""
        return frozenset(i for i, c in enumerate(self.categories) if c.search(subject))

    def disjoint(self, subjects: list[str]) -> bool:
        """Every part names a category and no two parts share one: they cannot overlap."""
        seen: set[int] = set()
        for subject in subjects:
            kinds = self.kinds(subject)
            if not kinds or kinds & seen:
                return False
            seen |= kinds
        return bool(subjects)


@dataclass(frozen=True, slots=True)
class RateFamily:
    name: str
    rate: re.Pattern[str]
    numerator: re.Pattern[str]
    negation: re.Pattern[str] = re.compile(r"$^")  # ends a subject: 不予(受理), 不(合格)

    def _hit(self, subject: str) -> re.Match[str] | None:
        return self.numerator.search(subject)

    def counts(self, subject: str) -> bool:
        """The subject names the rate's numerator: 受理286件, not 不予受理32件."""
        m = self._hit(subject)
        return m is not None and not self.negation.search(subject, 0, m.start())

    def negated(self, subject: str) -> bool:
        """The subject names the complement: 不合格17卷 for a 合格率."""
        m = self._hit(subject)
        return m is not None and self.negation.search(subject, 0, m.start()) is not None


@dataclass(frozen=True, slots=True)
class Rules:
    change_up: re.Pattern[str]
    change_down: re.Pattern[str]
    share: re.Pattern[str]
    fillers: re.Pattern[str]
    breakdown: re.Pattern[str]
    breakdown_end: re.Pattern[str]
    partitions: tuple[Partition, ...]
    exclusive: tuple[Exclusive, ...]
    rates: tuple[RateFamily, ...]
    unbounded: re.Pattern[str]
    bounded: re.Pattern[str]
    unit_group: dict[str, int]
    plan: re.Pattern[str]
    bare_verbs: re.Pattern[str]
    qualified_rate: re.Pattern[str]
    columns: dict[str, re.Pattern[str]]

    def core(self, subject: str) -> str:
        """The subject without words that say nothing about what is counted."""
        return self.fillers.sub("", subject).strip()

    def exclusive_set(self, subject: str, domain: str | None, parts: list[str]) -> Exclusive | None:
        """The set of exclusive categories of the total whose parts each name another."""
        return next(
            (e for e in self.exclusive if e.of_total(subject, domain) and e.disjoint(parts)),
            None,
        )

    def comparable(self, a: str, b: str) -> bool:
        """Whether counts in units a and b count the same kind of thing."""
        return a == b or (a in self.unit_group and self.unit_group.get(a) == self.unit_group.get(b))


def _words(data: dict, key: str) -> str:
    words = datafiles.strings(_FILE, key, data.get(key))
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _pattern(where: str, value: object) -> re.Pattern[str]:
    return datafiles.compile_patterns(_FILE, where, [value] if isinstance(value, str) else value)[0]


@cache
def rules() -> Rules:
    data = datafiles.load(_FILE, _SCHEMA)
    change = datafiles.mapping(_FILE, "change", data.get("change"))
    partitions = []
    for name, spec in datafiles.mapping(_FILE, "partitions", data.get("partitions")).items():
        spec = datafiles.mapping(_FILE, f"partitions.{name}", spec)
        partitions.append(
            Partition(
                str(name),
                str(spec.get("field") or ""),
                _pattern(f"partitions.{name}.total", spec.get("total")),
                _pattern(f"partitions.{name}.parts", spec.get("parts")),
                _pattern(f"partitions.{name}.complete_when", spec.get("complete_when")),
                _pattern(f"partitions.{name}.aggregate", spec["aggregate"])
                if "aggregate" in spec
                else None,
                _pattern(f"partitions.{name}.aggregated", spec["aggregated"])
                if "aggregated" in spec
                else None,
                _min_parts(name, spec.get("min_parts", 3)),
            )
        )
    rates = []
    negation = re.compile(
        f"(?:{_pattern('numerator_negations', data.get('numerator_negations')).pattern})$"
    )
    for name, spec in datafiles.mapping(_FILE, "rates", data.get("rates")).items():
        spec = datafiles.mapping(_FILE, f"rates.{name}", spec)
        rates.append(
            RateFamily(
                str(name),
                _pattern(f"rates.{name}.rate", spec.get("rate")),
                _pattern(f"rates.{name}.numerator", spec.get("numerator")),
                negation,
            )
        )
    return Rules(
        change_up=re.compile(f"(?:{_words(change, 'up')})\\s*$"),
        change_down=re.compile(f"(?:{_words(change, 'down')})\\s*$"),
        share=re.compile(_words(data, "share")),
        fillers=re.compile(_words(data, "fillers")),
        breakdown=re.compile(_words(data, "breakdown")),
        # matched with .match(text, pos), where ^ would only match at the text's start
        breakdown_end=re.compile(f"(?:{_words(data, 'breakdown_end')})"),
        partitions=tuple(partitions),
        exclusive=_exclusive(data.get("exclusive")),
        rates=tuple(rates),
        unbounded=re.compile(_words(data, "unbounded")),
        bounded=re.compile(_words(data, "bounded")),
        unit_group=_unit_groups(data.get("unit_groups")),
        # 计划生育 is a field of work, not a plan; 确保…达到 promises a level
        plan=re.compile(f"(?:{_words(data, 'plan')})(?!生育)|确保.{{0,8}}(?:达到|提高到|保持)"),
        bare_verbs=re.compile(f"(?:{_words(data, 'bare_verbs')})"),
        qualified_rate=re.compile(f"(?:{_words(data, 'qualified_rates')})$"),
        columns=_columns(data.get("columns")),
    )


_COLUMN_KINDS = ("unit", "ignore", "change", "target", "baseline", "current", "total")


def _columns(value: object) -> dict[str, re.Pattern[str]]:
    spec = datafiles.mapping(_FILE, "columns", value)
    if set(spec) != set(_COLUMN_KINDS):
        raise datafiles.DataFileError(
            f"数据文件 {_FILE} 的 columns 应有且只有 {list(_COLUMN_KINDS)}"
        )
    out = {}
    for kind in _COLUMN_KINDS:
        words = "|".join(
            re.escape(w) for w in datafiles.strings(_FILE, f"columns.{kind}", spec[kind])
        )
        # a unit column is the whole cell; a total column starts with its word
        out[kind] = re.compile(
            f"^(?:{words})$" if kind == "unit" else f"^(?:{words})" if kind == "total" else words
        )
    return out


def _exclusive(value: object) -> tuple[Exclusive, ...]:
    out = []
    for name, spec in datafiles.mapping(_FILE, "exclusive", value).items():
        where = f"exclusive.{name}"
        spec = datafiles.mapping(_FILE, where, spec)
        unknown = set(spec) - {"field", "total", "categories"}
        if unknown or "total" not in spec:
            raise datafiles.DataFileError(
                f"数据文件 {_FILE} 的 {where} 应有 total 和 categories（可选 field），"
                f"不应有 {sorted(unknown)}"
            )
        groups = spec.get("categories")
        if not isinstance(groups, list) or len(groups) < 2:
            raise datafiles.DataFileError(
                f"数据文件 {_FILE} 的 {where}.categories 应为至少两类的列表"
            )
        categories = []
        for i, group in enumerate(groups):
            words = datafiles.strings(_FILE, f"{where}.categories[{i}]", group)
            if not words:
                raise datafiles.DataFileError(
                    f"数据文件 {_FILE} 的 {where}.categories[{i}] 不应为空"
                )
            categories.append(
                re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
            )
        out.append(
            Exclusive(
                str(name),
                str(spec.get("field") or ""),
                _pattern(f"{where}.total", spec["total"]),
                tuple(categories),
            )
        )
    return tuple(out)


def _min_parts(name: object, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 2:
        raise datafiles.DataFileError(
            f"数据文件 {_FILE} 的 partitions.{name}.min_parts 应为不小于 2 的整数"
        )
    return value


def _unit_groups(value: object) -> dict[str, int]:
    if not isinstance(value, list):
        raise datafiles.DataFileError(f"数据文件 {_FILE} 的 unit_groups 应为单位列表的列表")
    out: dict[str, int] = {}
    for i, group in enumerate(value):
        for unit in datafiles.strings(_FILE, f"unit_groups[{i}]", group):
            out[unit] = i
    return out
