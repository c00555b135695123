"""The administrative divisions of China, read from the dataset inside the `jionlp` package.

`dictionary/china_location.txt` lists province → city → county with codes and aliases and
`china_location_change.txt` the renames and mergers since 2002. The files are read
directly: importing `jionlp` prints a banner to stdout (it would corrupt JSON-lines output)
and costs ~0.3 s. The index is built once, lazily (~0.13 s), and shared by all threads.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from fazhi.model import Region

__all__ = [
    "Division",
    "DivisionIndex",
    "DivisionMatch",
    "IndexEntry",
    "ancestors",
    "build_index",
    "load_index",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Names that are divisions somewhere but ordinary words in a report ("城区", "市中区"
# in "全市中区县"): they only count when a parent precedes them.
_GENERIC = _words("城区 郊区 矿区 东区 西区 南区 北区 市中区 新城区 城中区 城关区 中西区")
# Province/city aliases that are also common words or arise across word boundaries
# ("长治久安", "推广安全", "广东营商环境", "三明治"): never counted from free text alone.
_UNSAFE_ALIASES = _words(
    "长治 安康 白银 来宾 日照 阿里 中山 朝阳 大理 普洱 红河 文山 海东 海西 海北 山南 黄南 玉树 "
    "大同 开封 新乡 三明 黄山 保山 白山 四平 大庆 吉安 西安 广安 安顺 东营 中卫 巴州 克州 通化 "
    "金昌 永州 承德 泰安 淮安 雅安 六安 安庆 安阳 德阳 和田 丽江 北海 定西 昌都 黑河 伊犁 宁德 "
    "常德 保定 德宏 临夏 宜春 铜仁 清远 江门 咸宁 遂宁 资阳 商丘"
)
_ZONE_NAME_RE = re.compile(r"开发区|工业园区|产业园")
_ROW_RE = re.compile(r"^(\t{0,2})([^\t\r\n]+)\t(\d{6})\t([^\t\r\n]*)", re.M)
_LEVELS = ("province", "city", "county")


@dataclass(frozen=True, slots=True)
class Division:
    """One province, city or county of the dataset (a development zone is a county-level
    node with `zone=True`)."""

    name: str
    code: str
    level: str  # "province" | "city" | "county"
    parent: Division | None = field(default=None, compare=False, repr=False)
    zone: bool = False
    # The string counted in a body for this division: its alias when that is safe and a
    # prefix of the full name ("福州" also counts "福州市"), else the full name.
    term: str = field(default="", compare=False, repr=False)

    def region(self) -> Region:
        if self.zone and self.parent is not None:
            return self.parent.region()
        if self.level == "province":
            return Region(self.name, None, None, self.code)
        assert self.parent is not None
        if self.level == "city":
            return Region(self.parent.name, self.name, None, self.code)
        up = self.parent.region()
        return Region(up.province, up.city, self.name, self.code)

    def ancestor(self, level: str) -> Division | None:
        node: Division | None = self
        while node is not None and node.level != level:
            node = node.parent
        return node


@dataclass(frozen=True, slots=True)
class DivisionMatch:
    """A mention of a division name in a text: `divisions` holds every division the name
    may denote (narrowed by an immediately preceding parent: 福州市鼓楼区)."""

    start: int
    end: int
    text: str
    divisions: tuple[Division, ...]
    former: bool = False  # the name is one the division had before a change

    @property
    def division(self) -> Division | None:
        return self.divisions[0] if len(self.divisions) == 1 else None


class IndexEntry(NamedTuple):
    division: Division
    parents: frozenset[str]  # codes of the divisions this name may be qualified by
    former: bool
    strong: bool  # usable in free text without a qualifying parent


class DivisionIndex:
    def __init__(self) -> None:
        self.names: dict[str, dict[Division, IndexEntry]] = {}
        self.lengths: dict[str, tuple[int, ...]] = {}
        self.starts: re.Pattern[str] = re.compile("(?!)")

    def add(self, name: str, div: Division, *, strong: bool, former: bool = False,
            extra: frozenset[str] = frozenset()) -> None:  # fmt: skip
        if len(name) < 2:
            return
        # Two-character county names (沙县, 和县 in "市委和县委") are weak like aliases.
        strong = strong and (len(name) >= 3 or div.level != "county") and name not in _GENERIC
        parents = frozenset(a.code for a in ancestors(div)) | extra
        slot = self.names.setdefault(name, {})
        old = slot.get(div)
        if old is not None:
            parents |= old.parents
            strong, former = strong or old.strong, former and old.former
        slot[div] = IndexEntry(div, parents, former, strong)

    def finish(self) -> None:
        by_bigram: dict[str, set[int]] = {}
        for name in self.names:
            by_bigram.setdefault(name[:2], set()).add(len(name))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in by_bigram.items()}
        firsts = "".join(sorted({k[0] for k in by_bigram}))
        seconds = "".join(sorted({k[1] for k in by_bigram}))
        self.starts = re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")


def ancestors(div: Division) -> Iterator[Division]:
    node = div.parent
    while node is not None:
        yield node
        node = node.parent


def _read_dictionary(stem: str) -> str:
    """Text of a jionlp dictionary file, found without importing the package."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return ""
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionary"
    if (folder / f"{stem}.txt").is_file():
        return (folder / f"{stem}.txt").read_text(encoding="utf-8")
    if (folder / f"{stem}.zip").is_file():
        with zipfile.ZipFile(folder / f"{stem}.zip") as zf:
            return zf.read(f"{stem}.txt").decode("utf-8")
    return ""


def _safe_alias(alias: str) -> bool:
    return len(alias) >= 2 and alias not in _UNSAFE_ALIASES


def _derived(full: str, alias: str) -> str | None:
    """恩施土家族苗族自治州 → 恩施州, 长阳土家族自治县 → 长阳县: the usual short forms."""
    for suffix in ("州", "县", "旗"):
        if full.endswith("自治" + suffix) and not alias.endswith(suffix):
            return alias + suffix
    return None


def _build(location: str, changes: str) -> DivisionIndex:
    idx = DivisionIndex()
    province: Division | None = None
    city: Division | None = None
    twins: dict[str, Division] = {}  # province code → its single same-code city (京津沪渝港澳)
    rows: list[tuple[Division, str]] = []
    for tabs, name, code, alias in _ROW_RE.findall(location):
        level = _LEVELS[len(tabs)]
        term = alias.split("/")[0]  # only city aliases list several: 克州/克孜勒苏
        term = term if _safe_alias(term) and name.startswith(term) else name
        if level == "province":
            province = Division(name, code, level, term=term)
            rows.append((province, alias))
            continue
        if province is None or name.endswith("直辖行政区划"):
            city = None if level == "city" else city  # 省直辖 counties hang on the province
            continue
        if level == "city":
            city = Division(name, code, level, province, term=term)
            if code == province.code:
                twins[code] = city
            rows.append((city, alias))
            continue
        zone = code[4] == "7" or bool(_ZONE_NAME_RE.search(name))
        parent = city if city is not None and city.parent is province else province
        rows.append((Division(name, code, level, parent, zone, term=name), alias))
    for div, alias in rows:
        target = twins.get(div.code, div) if div.level == "province" else div
        idx.add(div.name, target, strong=True)
        if div.zone:
            continue  # zone aliases are generic ("经开区", "高新区")
        for one in alias.split("/"):
            idx.add(one, target, strong=div.level != "county" and _safe_alias(one))
        if (short := _derived(div.name, alias.split("/")[0])) is not None:
            idx.add(short, target, strong=True)
    _add_changes(idx, rows, changes)
    _add_suffix_variants(idx, rows)
    idx.finish()
    return idx


def _add_changes(idx: DivisionIndex, rows: list[tuple[Division, str]], changes: str) -> None:
    """Register pre-change names as aliases of the division that replaced them."""
    kids: dict[tuple[str, str], Division] = {}  # (parent name, child name or alias) → child
    for div, alias in rows:
        if div.parent is not None:
            kids.setdefault((div.parent.name, div.name), div)
            kids.setdefault((div.parent.name, alias), div)
    provinces = {d.name: d for d, _ in rows if d.level == "province"}
    city_rows, county_rows = [], []
    for line in changes.splitlines():
        old, _, new = line.strip().partition("=>")
        old_cols, new_cols = old.split("\t"), new.split("\t")
        (city_rows if len(old_cols) == 6 else county_rows).append((old_cols, new_cols))
    for old_cols, new_cols in city_rows:  # 襄樊市 → 襄阳市 first, so county rows can use it
        target = kids.get((new_cols[0], new_cols[1])) if len(new_cols) >= 2 else None
        if target is None:
            continue
        idx.add(old_cols[4], target, strong=True, former=True)
        idx.add(old_cols[5], target, strong=False, former=True)
        kids.setdefault((old_cols[2], old_cols[4]), target)
    for old_cols, new_cols in county_rows:
        if len(old_cols) != 8 or len(new_cols) != 3:
            continue
        new_city = kids.get((new_cols[0], new_cols[1]))
        if new_city is None:
            continue
        target = kids.get((new_city.name, new_cols[2])) or kids.get(
            (new_city.name, new_cols[2][:-1])  # 玉环区 is listed, the dataset has 玉环市
        )
        if target is None:
            continue
        province = provinces.get(old_cols[2])
        old_city = kids.get((old_cols[2], old_cols[4]))
        extra = frozenset(d.code for d in (province, old_city) if d is not None)
        idx.add(old_cols[6], target, strong=True, former=True, extra=extra)
        idx.add(old_cols[7], target, strong=False, former=True, extra=extra)


def _add_suffix_variants(idx: DivisionIndex, rows: list[tuple[Division, str]]) -> None:
    """Suffix changes the change list misses (长乐市 → 长乐区 in 2017, 那曲地区 → 那曲市):
    weak former names, only for strings that name nothing else."""
    existing = set(idx.names)
    for div, alias in rows:
        if div.zone or div.level == "province" or alias[-1:] in ("县", "市", "区", ""):
            continue
        if div.level == "county":
            for suffix in ("县", "市", "区"):
                if alias + suffix not in existing:
                    idx.add(alias + suffix, div, strong=False, former=True)
        elif div.name.endswith("市") and alias + "地区" not in existing:
            idx.add(alias + "地区", div, strong=_safe_alias(alias), former=True)


_LOCK = threading.Lock()
_INDEX: DivisionIndex | None = None


def build_index() -> DivisionIndex:
    """Read the dataset and build a fresh index (use `load_index` for the shared one)."""
    return _build(_read_dictionary("china_location"), _read_dictionary("china_location_change"))


def load_index() -> DivisionIndex:
    """The shared index, built on first use."""
    global _INDEX
    if _INDEX is None:
        with _LOCK:
            if _INDEX is None:
                _INDEX = build_index()
    return _INDEX
