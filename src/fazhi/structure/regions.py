"""Resolve an issuing body (发文机关) to the administrative region it governs or sits in.

The divisions come from the dataset shipped inside the installed `jionlp` package
(`dictionary/china_location.txt`, province → city → county with codes and aliases, plus
`china_location_change.txt`, the renames and mergers since 2002). The files are read
directly: importing `jionlp` prints a banner to stdout, which would corrupt JSON-lines
output, and costs ~0.3 s. The parse matches `jio.china_location_loader()` row for row
(minus the "市直辖行政区划" placeholders) and is built once, lazily (~0.13 s).

Conventions:
- Municipalities and 港澳: the dataset has one city node under the province with the same
  code, so 上海市浦东新区 → province 上海市, city 上海市, county 浦东新区; 上海市司法局 →
  上海市/上海市/None, code 310000.
- County-level units under "省直辖行政区划" (仙桃市, 济源市, 五指山市 …) have no city:
  province + county.
- Statistical development zones (codes ending 7x, or names with 开发区/工业园区/产业园) are
  not divisions: an issuer naming one, or naming a place followed by a zone cue
  (漳州高新区管委会), resolves to the zone's city with county None. 浦东新区, 天府新区 and
  the like have real codes and stay counties.
- Former names (玉环县 → 玉环市, 襄樊市 → 襄阳市, 沙县 → 沙县区) are aliases of the
  current division; their old parent also counts as a parent for disambiguation.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from fazhi.model import Region

__all__ = ["Division", "DivisionMatch", "find_divisions", "resolve_region"]


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
# Cues that the issuer is a development zone rather than the division it is named after.
_ZONE_CUE = (
    r"开发区|高新|经开区|新区|园区|工业园|产业园|试验区|实验区|示范区|保税|自贸|自由贸易|片区"
    r"|投资区|合作区|度假区|旅游区|新城|港区|管理区"
)
_ZONE_RE = re.compile(_ZONE_CUE)
_ZONE_NAME_RE = re.compile(r"开发区|工业园区|产业园")
# Where the zone part of an issuer ends: the organ, a year, the subject of a title.
_ORGAN_CUT_RE = re.compile(
    r"管委会|管理委员会|党工委|工委|人民政府|政府|办公室|办事处|委员会|关于|文件|年|[\d\s〇（(《“]"
)
# What may follow a weak name (county alias, 2-character name) in an issuer or title:
# "泉港区人民政府" / "马尾2021年" but not "泉港政函" (文号) or "平安建设".
_FOLLOW_RE = re.compile(
    r"$|\s|\d|[〇零一二三四五六七八九]{2}|人民政府|政府|党|管委|管理委员会|委员会|工委|司法|法治|依法"
    r"|关于|年度|文件|经济|综合|台商|" + _ZONE_CUE
)
# Text between two names that still belongs to one issuer name (no organ, no year).
_GAP_STOP_RE = re.compile(r"关于|政府|[厅局委办部院会署室年\d]|中心")
_NATIONAL_RE = re.compile(r"^(?:国务院|中华人民共和国|中共中央|全国|最高人民|国家)|部$")
_SPACE_RE = re.compile(r"[\s\u3000]+")
_ROW_RE = re.compile(r"^(\t{0,2})([^\t\r\n]+)\t(\d{6})\t([^\t\r\n]*)", re.M)
_LEVELS = ("province", "city", "county")
_HEAD_LINE_MAX = 60


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


class _Entry(NamedTuple):
    division: Division
    parents: frozenset[str]  # codes of the divisions this name may be qualified by
    former: bool
    strong: bool  # usable in free text without a qualifying parent


class _Index:
    def __init__(self) -> None:
        self.names: dict[str, dict[Division, _Entry]] = {}
        self.lengths: dict[str, tuple[int, ...]] = {}
        self.starts: re.Pattern[str] = re.compile("(?!)")

    def add(self, name: str, div: Division, *, strong: bool, former: bool = False,
            extra: frozenset[str] = frozenset()) -> None:  # fmt: skip
        if len(name) < 2:
            return
        # Two-character county names (沙县, 和县 in "市委和县委") are weak like aliases.
        strong = strong and (len(name) >= 3 or div.level != "county") and name not in _GENERIC
        parents = frozenset(a.code for a in _ancestors(div)) | extra
        slot = self.names.setdefault(name, {})
        old = slot.get(div)
        if old is not None:
            parents |= old.parents
            strong, former = strong or old.strong, former and old.former
        slot[div] = _Entry(div, parents, former, strong)

    def finish(self) -> None:
        by_bigram: dict[str, set[int]] = {}
        for name in self.names:
            by_bigram.setdefault(name[:2], set()).add(len(name))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in by_bigram.items()}
        firsts = "".join(sorted({k[0] for k in by_bigram}))
        seconds = "".join(sorted({k[1] for k in by_bigram}))
        self.starts = re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")


def _ancestors(div: Division) -> Iterator[Division]:
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


def _build(location: str, changes: str) -> _Index:
    idx = _Index()
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


def _add_changes(idx: _Index, rows: list[tuple[Division, str]], changes: str) -> None:
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


def _add_suffix_variants(idx: _Index, rows: list[tuple[Division, str]]) -> None:
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
_INDEX: _Index | None = None


def _index() -> _Index:
    global _INDEX
    if _INDEX is None:
        with _LOCK:
            if _INDEX is None:
                _INDEX = _build(
                    _read_dictionary("china_location"), _read_dictionary("china_location_change")
                )
    return _INDEX


def _admit(idx: _Index, slot: dict[Division, _Entry], text: str, start: int, end: int,
           prev: DivisionMatch | None, structured: bool) -> list[_Entry]:  # fmt: skip
    nxt = text[end : end + 1]
    if (nxt == "域" and text[end - 1] in "区县") or (nxt == "场" and text[end - 1] == "市"):
        return []  # 区域, 县域, 市场: the suffix belongs to the next word
    entries = list(slot.values())
    if prev is not None and prev.end == start:
        codes = {d.code for d in prev.divisions}
        if tied := [e for e in entries if e.parents & codes]:
            return tied
    if structured and _FOLLOW_RE.match(text, end):
        return entries  # weak names too: "马尾2021年", "泉港区人民政府", "福州市鼓楼区"
    return [e for e in entries if e.strong]


def _scan(idx: _Index, text: str, structured: bool) -> list[DivisionMatch]:
    """Greedy leftmost-longest scan; a bigram table bounds the lengths tried per position."""
    out: list[DivisionMatch] = []
    i, n = 0, len(text)
    for hit in idx.starts.finditer(text):  # C-speed skip over characters no name starts with
        j = hit.start()
        for size in idx.lengths.get(text[j : j + 2], ()) if j >= i else ():
            slot = idx.names.get(text[j : j + size]) if j + size <= n else None
            prev = out[-1] if out else None
            if slot and (kept := _admit(idx, slot, text, j, j + size, prev, structured)):
                divs = tuple(e.division for e in kept)
                former = all(e.former for e in kept)
                out.append(DivisionMatch(j, j + size, text[j : j + size], divs, former))
                i = j + size
                break
    return out


def find_divisions(text: str) -> list[DivisionMatch]:
    """Every mention in free text of a division by its full name (current or former), its
    usual short form (恩施州) or a safe province/city alias (福州, 江苏). County aliases and
    2-character names count only right after their parent (三明市沙县)."""
    return _scan(_index(), text, structured=False)


def _structured(idx: _Index, text: str) -> list[Division]:
    """Candidates for the deepest division of the first run of adjacent names in an
    issuer-like string, lifted to the city when the string names a development zone."""
    matches = _scan(idx, text, structured=True)
    if not matches:
        return []
    last, gaps = matches[0], ""
    for m in matches[1:]:
        gap = text[last.end : m.start]  # 中国（福建）自由贸易试验区福州片区: skip to 福州
        if len(gap) > 12 or _GAP_STOP_RE.search(gap):
            break
        deeper = tuple(d for d in m.divisions if set(last.divisions) & set(_ancestors(d)))
        if gap and not deeper:
            break
        last, gaps = (replace(m, divisions=deeper) if gap else m), gaps + gap
    rest = text[last.end :]
    cut = _ORGAN_CUT_RE.search(rest)
    zone = bool(_ZONE_RE.search(gaps + "|" + rest[: cut.start() if cut else 16]))
    out: list[Division] = []
    for div in last.divisions:
        if (div.zone or (zone and div.level == "county")) and div.parent is not None:
            div = div.parent
        if div not in out:
            out.append(div)
    return out


def _count(text: str, div: Division | None) -> int:
    return text.count(div.term) if div is not None and div.term else 0


def _choose(cands: list[Division], context: str, body: str) -> Region:
    """Narrow ambiguous candidates by their parents' mentions: city then province names in
    issuer/title/head, then in the body; if still ambiguous, keep what they share."""
    steps = ((context, "city"), (context, "province"), (body, "city"), (body, "province"))
    for text, level in steps:
        if len(cands) == 1:
            break
        if not text:
            continue
        scores = [_count(text, d.ancestor(level)) for d in cands]
        best = max(scores)
        if best > 0:
            cands = [d for d, s in zip(cands, scores, strict=True) if s == best]
    if len(cands) == 1:
        return cands[0].region()
    for level in ("city", "province"):
        shared = {d.ancestor(level) for d in cands}
        if len(shared) == 1 and (only := shared.pop()) is not None:
            return only.region()
    return Region()


_SUFFIX_ORDER = "县市区"  # counties become county-level cities or districts, not back


def _as_written(region: Region, source: str) -> Region:
    """Keep a county's newer name as the issuer writes it: the dataset lags behind
    renamings such as 凤翔县 → 凤翔区 (2021), which the issuer already uses."""
    county = region.county
    if not county or county[-1] not in _SUFFIX_ORDER or len(county) < 2:
        return region
    core, rank = county[:-1], _SUFFIX_ORDER.index(county[-1])
    for suffix in _SUFFIX_ORDER[rank + 1 :]:
        if core + suffix in source:
            return replace(region, county=core + suffix)
    return region


def _sources(issuer: str | None, title: str | None, head: str) -> Iterator[str]:
    if issuer:
        yield _SPACE_RE.sub("", issuer)
    if title:
        yield _SPACE_RE.sub("", title)
    for line in head.splitlines():
        line = _SPACE_RE.sub("", line)
        # 主送 lines ("漳州市人民政府：") name the addressee, not the issuer.
        if line and len(line) <= _HEAD_LINE_MAX and not line.endswith((":", "：")):
            yield line


def resolve_region(
    issuer: str | None, title: str | None = None, head: str = "", body: str = ""
) -> Region:
    """Region governed by (or hosting) `issuer`; falls back to the title, then short head
    lines (letterhead). `body` only breaks ties between same-named divisions."""
    idx = _index()
    context = "\n".join(s for s in (issuer, title, head) if s)
    for n, source in enumerate(_sources(issuer, title, head)):
        cands = _structured(idx, source)
        if cands:
            return _as_written(_choose(cands, context, body), source)
        if n == 0 and issuer and _NATIONAL_RE.search(source):
            return Region()  # 国务院, 司法部: no region, whatever the title mentions
    return Region()
