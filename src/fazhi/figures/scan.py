"""Find the figures in a paragraph: number, unit, hedge and range, with their spans.

One compiled pattern (built from `data/figures.yaml`) proposes candidates; a few cheap
tests then drop what only looks like a figure: years and dates (no unit), document and
phone numbers, business codes, ordinals (第四次), numerals inside slogans and quoted
model names (“1+1+2+N”, “三快六个一”) and service names (24小时自助服务区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from fazhi import datafiles
from fazhi.figures.numbers import (
    CN_NUMERAL_CHARS,
    MULTIPLIERS,
    NumberError,
    decimal_places,
    parse_arabic,
    parse_chinese,
)

_FILE = "figures.yaml"
_SCHEMA = "fazhi.figures/1"


@dataclass(slots=True, eq=False)
class Figure:
    """One figure as written. `value`/`unit` are as printed, `base_*` scaled (万 → ×10⁴)."""

    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    base_value: Decimal
    base_unit: str
    unit_class: str  # count | money | percent | duration | area | weight | length | none
    approx: bool = False
    value_max: Decimal | None = None
    decimals: int = 0
    number_start: int = 0  # where the number itself begins (after a hedge word)


@dataclass(frozen=True, slots=True)
class Grammar:
    pattern: re.Pattern[str]
    hedges_before: tuple[str, ...]
    hedge_ends: frozenset[str]
    unit_class: dict[str, str]
    scaled: dict[str, tuple[str, Decimal]]
    bare_labels: re.Pattern[str]
    attributive: tuple[str, ...]
    named_sets: tuple[str, ...]
    set_phrases: re.Pattern[str]
    masks: re.Pattern[str]
    mask_chars: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def grammar() -> Grammar:
    data = datafiles.load(_FILE, _SCHEMA)
    units = datafiles.mapping(_FILE, "units", data.get("units"))
    unit_class: dict[str, str] = {}
    for cls, words in units.items():
        for word in datafiles.strings(_FILE, f"units.{cls}", words):
            unit_class[word] = str(cls)
    scaled: dict[str, tuple[str, Decimal]] = {}
    for word, spec in datafiles.mapping(_FILE, "scaled", data.get("scaled")).items():
        spec = datafiles.mapping(_FILE, f"scaled.{word}", spec)
        base = str(spec.get("base", ""))
        if base not in unit_class or not isinstance(spec.get("scale"), int):
            raise datafiles.DataFileError(
                f"数据文件 {_FILE} 的 scaled.{word} 需要已知 base 和整数 scale"
            )
        scaled[str(word)] = (base, Decimal(spec["scale"]))
        unit_class[str(word)] = unit_class[base]
    mults = datafiles.mapping(_FILE, "multipliers", data.get("multipliers"))
    if set(mults) != set(MULTIPLIERS):
        raise datafiles.DataFileError(f"数据文件 {_FILE} 的 multipliers 应为 {sorted(MULTIPLIERS)}")
    hedges = datafiles.mapping(_FILE, "hedges", data.get("hedges"))
    before = datafiles.strings(_FILE, "hedges.before", hedges.get("before"))
    after = datafiles.strings(_FILE, "hedges.after", hedges.get("after"))
    cn = re.escape(CN_NUMERAL_CHARS)
    unit_alt = _alternation(list(unit_class))
    arabic = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    # the hedge before a number is looked up by hand (see _hedge_before): an optional
    # leading group would make the engine try every hedge word at every position
    pattern = re.compile(
        # the lookahead lets the engine skip, in one test, the positions where no number
        # can start; it halves the scan time on real reports
        rf"(?=[\d百{cn}])(?:"
        rf"百分之(?P<pcn>[{cn}](?:[{cn}点]*[{cn}])?)"
        # 三分之二, 八成 (with 以上/左右): shares written as fractions or tenths
        rf"|(?P<fden>[二三四五六七八九十]{{1,2}})分之(?P<fnum>[一二三四五六七八九十]{{1,2}})"
        rf"(?P<fpost>以上|左右)?"
        rf"|(?P<tenths>[二两三四五六七八九])成(?![立为员功果就绩效本交熟型品长年都])"
        rf"(?P<tpost>以上|左右)?"
        # a number right before 年/月/日/号 is a date or a document number: not a candidate
        rf"|(?![\d,.]*\d\s*[年月日号时])(?P<num>{arabic})"
        rf"(?:\s*(?P<rsep>[~～\-—–至到])\s*(?P<num2>\d+(?:\.\d+)?))?"
        rf"(?P<h1>\s?(?:余|多))?"
        rf"(?P<mult>\s?(?:{_alternation(list(mults))}))?"
        rf"(?P<h2>余|多)?"
        rf"(?P<unit>\s?(?:{unit_alt}))?"
        rf"(?P<post>{_alternation(after)})?"
        rf"|(?P<cn>[{cn}](?:[{cn}点]*[{cn}])?)"
        rf"(?:(?P<crsep>[至到])(?P<cn2>[{cn}]+))?"
        rf"(?P<ch>余|多)?(?P<cunit>{unit_alt})"
        rf"(?P<cpost>{_alternation(after)})?)"
    )
    phrases = datafiles.strings(_FILE, "set_phrases", data.get("set_phrases"))
    masks = datafiles.compile_patterns(_FILE, "masks", data.get("masks"))
    return Grammar(
        pattern=pattern,
        hedges_before=tuple(sorted(before, key=len, reverse=True)),
        hedge_ends=frozenset(w[-1] for w in before),
        unit_class=unit_class,
        scaled=scaled,
        bare_labels=re.compile(
            rf"(?:{_alternation(datafiles.strings(_FILE, 'bare_labels', data.get('bare_labels')))})"
            r"[为是达约共计:：]?\s*$"
        ),
        attributive=tuple(datafiles.strings(_FILE, "attributive", data.get("attributive"))),
        named_sets=tuple(datafiles.strings(_FILE, "named_sets", data.get("named_sets"))),
        set_phrases=re.compile(_alternation(phrases)),
        masks=re.compile("|".join(m.pattern for m in masks)),
        mask_chars=_mask_chars(data.get("mask_characters"), masks),
    )


def _mask_chars(chars: object, masks: list[re.Pattern[str]]) -> re.Pattern[str]:
    if not isinstance(chars, str) or not chars:
        raise datafiles.DataFileError(f"数据文件 {_FILE} 的 mask_characters 应为非空字符串")
    for m in masks:
        if not any(c in m.pattern for c in chars):
            raise datafiles.DataFileError(
                f"数据文件 {_FILE} 的 masks 中 {m.pattern!r} 不含 mask_characters 中的字符"
            )
    return re.compile("[" + re.escape(chars) + "]")


_QUOTES = re.compile(r"“([^“”]{1,14})”|‘([^‘’]{1,14})’|\"([^\"]{1,14})\"|「([^「」]{1,14})」")
_CN_NO_LEAD = frozenset("百佰千仟万亿点")
_VAGUE = ("数", "几", "上", "成", "好")
_QUALIFIED = re.compile(r"的|(?![等及和])[\u4e00-\u9fff]")
_CODE_CHAR = re.compile(r"[A-Za-z0-9.#/_+×*-]")
_NUMBER_ONLY = re.compile(r"^\s*[约近超逾]?\s*[\d.,%]+\s*\S{0,6}$")


def _blocked_spans(paragraph: str, g: Grammar) -> list[tuple[int, int]]:
    """Spans where a numeral is a name: set phrases and short quoted model names."""
    spans = [m.span() for m in g.set_phrases.finditer(paragraph)]
    for m in _QUOTES.finditer(paragraph):
        inner = next(x for x in m.groups() if x is not None)
        if not _NUMBER_ONLY.match(inner):  # “4 个工作小时” is still a figure
            spans.append(m.span())
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def find_figures(paragraph: str) -> list[Figure]:
    """Every figure in one paragraph, in order of appearance."""
    g = grammar()
    out: list[Figure] = []
    blocked: list[tuple[int, int]] | None = None
    for m in g.pattern.finditer(paragraph):
        fig = _figure(paragraph, m, g)
        if fig is None:
            continue
        if blocked is None:
            blocked = _blocked_spans(paragraph, g)
        if blocked and _inside(fig.number_start, blocked):
            continue
        out.append(fig)
    return out


def _hedge_before(paragraph: str, start: int, g: Grammar) -> int:
    """Where a hedge word (约, 超过…) right before `start` begins, or `start` itself."""
    pos = start - 1 if start and paragraph[start - 1] == " " else start
    if not pos or paragraph[pos - 1] not in g.hedge_ends:
        return start
    window = paragraph[max(0, pos - 4) : pos]
    for word in g.hedges_before:
        if window.endswith(word):
            return pos - len(word)
    return start


def _figure(paragraph: str, m: re.Match[str], g: Grammar) -> Figure | None:
    gd = m.groupdict()  # one call instead of a dozen m.group() lookups per candidate
    number_start = m.start()
    end = m.end()
    hedge_start = _hedge_before(paragraph, number_start, g)
    before = paragraph[max(0, number_start - 2) : number_start].rstrip()
    if before.endswith("第") or (before and _CODE_CHAR.match(before[-1])):
        return None  # ordinal, or part of a code such as GB9704 / 3.5.1
    value_max = None
    mult = ""
    number = gd["num"]
    try:
        if number is not None:
            unit = (gd["unit"] or "").strip()
            mult = (gd["mult"] or "").strip()
            if not unit and not mult:
                after = paragraph[end : end + 1]
                if after and _CODE_CHAR.match(after):
                    return None
                if not g.bare_labels.search(paragraph[max(0, number_start - 8) : number_start]):
                    return None  # a year, date, code or phone number
                if gd["num2"] or (len(number) == 4 and number[:2] in ("19", "20")):
                    return None
            value = parse_arabic(number)
            if gd["num2"]:
                value_max = parse_arabic(gd["num2"])
        elif gd["pcn"]:
            number = gd["pcn"]
            value, unit = parse_chinese(number), "%"
        elif gd["fden"] or gd["tenths"]:
            return _share_figure(paragraph, m, hedge_start, number_start)
        else:
            number = gd["cn"]
            if number in ("百", "千", "万") and (hedge_start < number_start or gd["ch"]):
                number = "一" + number  # 近百场, 百余场, 近万份: a round, hedged figure
            if number == "一" or number[0] in _CN_NO_LEAD:
                return None  # 一个/一批 are phrasing; 上百场, 成千上万 are not statistics
            if before.endswith(_VAGUE):
                return None  # 数十次, 几百人, 上千份: vague amounts
            if len(number) > 1 and number[-1] in "万亿":
                # 一千二百万元 is written like 1200万元: the 万 scales the unit
                mult, number = number[-1], number[:-1]
            value = parse_chinese(number)
            unit = gd["cunit"]
            if len(number) == 1 and paragraph.startswith(g.named_sets, end):
                return None  # 四个清单, 三项机制: a named set, not a count
            if gd["cn2"]:
                value_max = parse_chinese(gd["cn2"])
    except NumberError:
        return None
    if value_max is not None and value_max <= value:
        return None
    post = gd["post"] or gd["cpost"]
    if post in ("以上", "以下") and _QUALIFIED.match(paragraph, end):
        return None  # 十人以上集体案件, 50万元以上的罚款: a threshold, not a count
    unit_class = "percent" if gd["pcn"] else g.unit_class.get(unit, "none")
    if unit_class == "duration" and paragraph[end : end + 4].startswith(g.attributive):
        return None  # 24小时自助服务区 names a service
    base_value, base_unit = value, unit
    if mult:
        base_value = value * MULTIPLIERS[mult]
    if unit in g.scaled:
        base_unit, scale = g.scaled[unit]
        base_value *= scale
    approx = hedge_start < number_start or bool(gd["h1"] or gd["h2"] or post or gd["ch"])
    return Figure(
        start=hedge_start,
        end=end,
        text=paragraph[hedge_start:end],
        value=value,
        unit=mult + unit,  # 46万余元 is written 万元, the hedge left out
        base_value=base_value,
        base_unit=base_unit,
        unit_class=unit_class if (unit or not mult) else "none",
        approx=approx,
        value_max=value_max,
        decimals=decimal_places(number.replace("点", ".")),
        number_start=number_start,
    )


def _share_figure(paragraph: str, m: re.Match[str], hedge_start: int, start: int) -> Figure | None:
    """三分之二以上 → 66.67% (approx), 近八成 → 80% (approx): never exact figures."""
    if m.group("tenths"):
        value = parse_chinese(m.group("tenths")) * 10
    else:
        den, num = parse_chinese(m.group("fden")), parse_chinese(m.group("fnum"))
        if not 0 < num < den:
            return None
        value = (num * 100 / den).quantize(Decimal("0.01"))
    return Figure(
        start=hedge_start,
        end=m.end(),
        text=paragraph[hedge_start : m.end()],
        value=value,
        unit="%",
        base_value=value,
        base_unit="%",
        unit_class="percent",
        approx=True,
        decimals=2 if m.group("fden") else 0,
        number_start=start,
    )


def find_masks(paragraph: str) -> list[tuple[int, int]]:
    """Placeholders (*****, XX, ××) standing where a figure should be: followed by a unit."""
    g = grammar()
    if not g.mask_chars.search(paragraph):
        return []  # one character-class test rules out almost every paragraph
    out = []
    for m in g.masks.finditer(paragraph):
        rest = paragraph[m.end() : m.end() + 6].lstrip()
        unit = re.match(r"(?:万|亿)?", rest)
        tail = rest[unit.end() if unit else 0 :]
        if any(tail.startswith(u) for u in g.unit_class) or rest.startswith("%"):
            out.append(m.span())
    return out
