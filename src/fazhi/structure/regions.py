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

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from fazhi.datafiles import DataFileError, load, mapping, strings
from fazhi.model import Region
from fazhi.structure.divisions import (
    Division,
    DivisionIndex,
    DivisionMatch,
    IndexEntry,
    ancestors,
    load_index,
)

__all__ = ["Division", "DivisionMatch", "check_data", "find_divisions", "resolve_region"]


# Cues that the issuer is a development zone rather than the division it is named after.
_ZONE_CUE = (
    r"开发区|高新|经开区|新区|园区|工业园|产业园|试验区|实验区|示范区|保税|自贸|自由贸易|片区"
    r"|投资区|合作区|度假区|旅游区|新城|港区|管理区"
)
_ZONE_RE = re.compile(_ZONE_CUE)
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
_HEAD_LINE_MAX = 60


def _admit(idx: DivisionIndex, slot: dict[Division, IndexEntry], text: str, start: int, end: int,
           prev: DivisionMatch | None, structured: bool) -> list[IndexEntry]:  # fmt: skip
    nxt = text[end : end + 1]
    if (nxt == "域" and text[end - 1] in "区县") or (nxt == "场" and text[end - 1] == "市"):
        return []  # 区域, 县域, 市场: the suffix belongs to the next word
    entries = list(slot.values())
    after_name = prev is not None and prev.end == start
    if end - start <= 2 and start > 0 and not after_name and _inside_word(text[start - 1]):
        return []  # 雁北区 is not Hong Kong's 北区: a short name does not start mid-word
    if prev is not None and prev.end == start:
        codes = {d.code for d in prev.divisions}
        if tied := [e for e in entries if e.parents & codes]:
            return tied
    if structured and _FOLLOW_RE.match(text, end):
        return entries  # weak names too: "马尾2021年", "泉港区人民政府", "福州市鼓楼区"
    return [e for e in entries if e.strong]


def _inside_word(previous: str) -> bool:
    """Whether a name starting after `previous` would start inside a Chinese word."""
    return "\u4e00" <= previous <= "\u9fff" and previous not in "省市区县州旗盟"


def _scan(idx: DivisionIndex, text: str, structured: bool) -> list[DivisionMatch]:
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
    return _scan(load_index(), text, structured=False)


def _structured(idx: DivisionIndex, text: str) -> tuple[list[Division], str]:
    """Candidates for the deepest division of the first run of adjacent names in an
    issuer-like string, lifted to the city when the string names a development zone; and
    that deepest name as written."""
    matches = _scan(idx, text, structured=True)
    if not matches:
        return [], ""
    last, gaps = matches[0], ""
    for m in matches[1:]:
        gap = text[last.end : m.start]  # 中国（福建）自由贸易试验区福州片区: skip to 福州
        if len(gap) > 12 or _GAP_STOP_RE.search(gap):
            break
        deeper = tuple(d for d in m.divisions if set(last.divisions) & set(ancestors(d)))
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
    return out, last.text


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
    shared = Region()
    for level in ("city", "province"):
        ancestors_ = {d.ancestor(level) for d in cands}
        if len(ancestors_) == 1 and (only := ancestors_.pop()) is not None:
            shared = only.region()
            break
    names = {d.name for d in cands}
    if len(names) == 1 and all(d.level == "county" for d in cands):
        # "鼓楼区" with no city named: the county's name is certain, its city is not
        return replace(shared, county=names.pop())
    return shared


_BRANCH = re.compile(
    r"^(.+?[市州盟])([\u4e00-\u9fa5]{2,12}?局)([\u4e00-\u9fa5]{1,6}?(?:区|县|旗|市))分局"
)
_SUFFIX_ORDER = "县市区"  # counties become county-level cities or districts, not back


def _as_written(region: Region, written: str) -> Region:
    """Former names map to today's division (玉环县 → 玉环市), but where the dataset lags
    behind a renaming the issuer already uses (凤翔区, dataset 凤翔市), keep the newer name
    as written. Only the matched name itself is compared: 长沙市长沙县 stays 长沙县."""
    county = region.county
    if not county or len(county) < 2 or len(written) != len(county) or written == county:
        return region
    if (
        written[:-1] != county[:-1]
        or county[-1] not in _SUFFIX_ORDER
        or written[-1] not in _SUFFIX_ORDER
    ):
        return region
    if _SUFFIX_ORDER.index(written[-1]) > _SUFFIX_ORDER.index(county[-1]):
        return replace(region, county=written)
    return region


@lru_cache(maxsize=1)
def _zones() -> tuple[tuple[str, Region], ...]:
    """(spelling, region) for the zones whose names do not contain their city."""
    data = load("zones.yaml", "fazhi.zones/1")
    out = []
    for i, entry in enumerate(data.get("zones") or []):
        entry = mapping("zones.yaml", f"zones[{i}]", entry)
        names = strings("zones.yaml", f"zones[{i}].names", entry.get("names"))
        if not isinstance(entry.get("province"), str):
            raise DataFileError(f"数据文件 zones.yaml 的 zones[{i}].province 应为字符串")
        region = _full_region(entry["province"], entry.get("city"))
        out.extend((name, region) for name in names)
    # longest spelling first, so 东湖新技术开发区 wins over a shorter overlap
    return tuple(sorted(out, key=lambda x: -len(x[0])))


def _full_region(province: str, city: str | None) -> Region:
    """The zone's province and city, with the code of the deepest one named."""
    text = province + city if city and city != province else province
    cands, _ = _structured(load_index(), text)
    code = cands[0].code if len(cands) == 1 else None
    return Region(province=province, city=city, county=None, code=code)


def check_data() -> None:
    """Load the zone table (and the division index) now; raises DataFileError if broken."""
    _zones()


def _named_zone(issuer: str | None, title: str | None) -> Region | None:
    for text in (issuer, title):
        if text:
            for name, region in _zones():
                if name in text:
                    return region
    return None


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
    idx = load_index()
    if issuer:
        # "宜宾市公安局翠屏区分局" names the county after the city's bureau
        issuer = _BRANCH.sub(r"\1\3\2", issuer)
    context = "\n".join(s for s in (issuer, title, head) if s)
    zone = _named_zone(issuer, title)
    if zone is not None:
        return zone
    for n, source in enumerate(_sources(issuer, title, head)):
        cands, written = _structured(idx, source)
        if cands:
            return _as_written(_choose(cands, context, body), written)
        if n == 0 and issuer and _NATIONAL_RE.search(source):
            return Region()  # 国务院, 司法部: no region, whatever the title mentions
    return Region()
