"""The indicator catalogue (`data/indicators.yaml`) and the mapping of a subject to a code.

Mapping uses the figure's subject phrase and domain, never the nearest keyword alone:
'调解率 99.8%' of 治安案件 is in the security domain and so is not the disputes rate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from fazhi import datafiles

_FILE = "indicators.yaml"
_SCHEMA = "fazhi.indicators/1"
MEASURES = {
    "count": ("count",),
    "amount": ("money",),
    "rate": ("percent",),
    "duration": ("duration",),
}
_CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str
    area: str
    domain: str | None
    measure: str
    units: tuple[str, ...]
    cues: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    definition: str
    core: bool = False
    followed_by: tuple[tuple[str, str], ...] = ()
    within: tuple[str, ...] = ()
    sentence_exclude: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True, slots=True)
class Catalogue:
    areas: dict[str, str]
    domains: dict[str, tuple[str, ...]]
    domain_pattern: re.Pattern[str]
    domain_of_word: dict[str, str]
    indicators: dict[str, Indicator]


def _indicator(
    name: str, code: str, spec: Any, areas: dict[str, str], domains: dict[str, Any]
) -> Indicator:
    where = f"indicators.{code}"
    spec = datafiles.mapping(name, where, spec)
    if not _CODE.match(code):
        raise datafiles.DataFileError(f"数据文件 {name} 的指标代码 {code!r} 应形如 area.name")
    for key in ("name", "definition"):
        if not isinstance(spec.get(key), str) or not spec[key].strip():
            raise datafiles.DataFileError(f"数据文件 {name} 的 {where}.{key} 应为非空字符串")
    if spec.get("area") not in areas:
        raise datafiles.DataFileError(f"数据文件 {name} 的 {where}.area 不是已定义的领域")
    if "domain" not in spec or (spec["domain"] is not None and spec["domain"] not in domains):
        raise datafiles.DataFileError(f"数据文件 {name} 的 {where}.domain 应为已定义的范畴或 null")
    if spec.get("measure") not in MEASURES:
        raise datafiles.DataFileError(f"数据文件 {name} 的 {where}.measure 应为 {sorted(MEASURES)}")
    cues = datafiles.compile_patterns(name, f"{where}.cues", spec.get("cues"))
    if not cues:
        raise datafiles.DataFileError(f"数据文件 {name} 的 {where}.cues 不能为空")
    exclude = datafiles.compile_patterns(name, f"{where}.exclude", spec.get("exclude", []))
    units = datafiles.strings(name, f"{where}.units", spec.get("units", []))
    unknown = set(spec) - {
        "name",
        "area",
        "domain",
        "measure",
        "units",
        "cues",
        "exclude",
        "core",
        "definition",
        "followed_by",
        "within",
        "sentence_exclude",
    }
    if unknown:
        raise datafiles.DataFileError(f"数据文件 {name} 的 {where} 有未知的键 {sorted(unknown)}")
    return Indicator(
        code=code,
        name=spec["name"],
        area=spec["area"],
        domain=spec["domain"],
        measure=spec["measure"],
        units=tuple(units),
        cues=tuple(cues),
        exclude=tuple(exclude),
        definition=spec["definition"],
        core=datafiles.flag(name, f"{where}.core", spec.get("core")),
        within=tuple(datafiles.strings(name, f"{where}.within", spec.get("within", []))),
        sentence_exclude=tuple(
            datafiles.compile_patterns(
                name, f"{where}.sentence_exclude", spec.get("sentence_exclude", [])
            )
        ),
        followed_by=tuple(
            (str(k), str(v))
            for k, v in datafiles.mapping(
                name, f"{where}.followed_by", spec.get("followed_by", {})
            ).items()
        ),
    )


def parse_catalogue(text: str, name: str = _FILE) -> Catalogue:
    """Build a catalogue from YAML text; any bad entry raises DataFileError naming it."""
    data = datafiles.parse(name, text, _SCHEMA)
    areas = {str(k): str(v) for k, v in datafiles.mapping(name, "areas", data.get("areas")).items()}
    raw_domains = datafiles.mapping(name, "domains", data.get("domains"))
    domains = {
        str(k): tuple(datafiles.strings(name, f"domains.{k}", v)) for k, v in raw_domains.items()
    }
    indicators = {
        str(code): _indicator(name, str(code), spec, areas, domains)
        for code, spec in datafiles.mapping(name, "indicators", data.get("indicators")).items()
    }
    domain_of_word: dict[str, str] = {}
    for domain, words in domains.items():
        for word in words:
            domain_of_word[word.replace("\\", "")] = domain
    alternation = "|".join(sorted(domain_of_word, key=len, reverse=True))
    for code, ind in indicators.items():
        for later, new in ind.followed_by:
            if later not in indicators or new not in indicators:
                raise datafiles.DataFileError(
                    f"数据文件 {name} 的 indicators.{code}.followed_by 指向未定义的指标"
                )
        for total in ind.within:
            if total not in indicators:
                raise datafiles.DataFileError(
                    f"数据文件 {name} 的 indicators.{code}.within 指向未定义的指标 {total}"
                )
    return Catalogue(
        areas=areas,
        domains=domains,
        domain_pattern=re.compile("|".join(re.escape(w) for w in alternation.split("|"))),
        domain_of_word=domain_of_word,
        indicators=indicators,
    )


@cache
def catalogue() -> Catalogue:
    return parse_catalogue(datafiles.bundled_text(_FILE))


def domain_near(text: str, *, from_end: bool) -> str | None:
    """The domain named in `text` nearest to the figure (its end, or its start)."""
    cat = catalogue()
    found = list(cat.domain_pattern.finditer(text))
    if not found:
        return None
    m = found[-1] if from_end else found[0]
    return cat.domain_of_word[m.group(0)]


@cache
def _candidates(measure: str, domain: str | None) -> tuple[Indicator, ...]:
    """The indicators a figure of this measure in this domain could be, in file order."""
    return tuple(
        ind
        for ind in catalogue().indicators.values()
        if ind.measure == measure and (ind.domain is None or ind.domain == domain)
    )


@cache
def _any_first_cue(measure: str, domain: str | None) -> re.Pattern[str]:
    """One pattern that matches wherever some candidate's first cue does: most figures
    match no indicator, and one search then settles it."""
    cues = [f"(?:{ind.cues[0].pattern})" for ind in _candidates(measure, domain)]
    return re.compile("|".join(cues) or "(?!)")


def match_indicator(
    subject: str, domain: str | None, measure: str, unit: str, tail: str = "", sentence: str = ""
) -> Indicator | None:
    """The most specific indicator whose domain, measure, unit and cues fit the subject.

    `tail` is the rest of the clause after the figure; it can only veto ('80余名执法人员、
    法律顾问进行培训' counts trainees), never select.
    """
    if _any_first_cue(measure, domain).search(subject) is None:
        return None
    context = subject + tail
    best: Indicator | None = None
    best_score: tuple[int, int] = (0, 0)
    for ind in _candidates(measure, domain):
        if ind.units and unit not in ind.units:
            continue
        score, last = 0, 0
        for cue in ind.cues:
            m = cue.search(subject)
            if m is None:
                score = -1
                break
            score += max(1, m.end() - m.start())
            last = max(last, m.end())
        if score <= 0 or any(x.search(context) for x in ind.exclude):
            continue
        if sentence and any(x.search(sentence) for x in ind.sentence_exclude):
            continue
        if ind.domain is not None:
            score += 1  # a domain-bound indicator is more specific than a free one
        # equal cues: the one nearer the figure names it ('审结案件中纠错的有41件' is 纠错)
        if (score, last) > best_score:
            best, best_score = ind, (score, last)
    return best
