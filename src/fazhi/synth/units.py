"""Reporting units for synthetic reports, drawn from the administrative-division data
fazhi itself uses to recognise regions (`fazhi.structure.divisions`, from jionlp).

A unit is a government at any level, a government department, a development-zone
administration or a township/street office; its region is what fazhi's own
`Division.region()` says, so the ground truth follows the project's conventions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from fazhi.structure.divisions import Division, load_index

__all__ = ["Unit", "draw_unit", "person_name"]

# Taiwan, Hong Kong and Macao publish no such reports; a 地区 is run by a 行政公署, not a
# people's government, so "XX地区人民政府" would be an unrealistic issuer.
_SKIP_PROVINCES = ("台湾省", "香港特别行政区", "澳门特别行政区")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")

DEPARTMENTS = (
    ("司法局", "司法厅"),
    ("市场监督管理局", "市场监督管理局"),
    ("生态环境局", "生态环境厅"),
    ("自然资源和规划局", "自然资源厅"),
    ("住房和城乡建设局", "住房和城乡建设厅"),
    ("交通运输局", "交通运输厅"),
    ("教育局", "教育厅"),
    ("人力资源和社会保障局", "人力资源和社会保障厅"),
    ("卫生健康委员会", "卫生健康委员会"),
    ("应急管理局", "应急管理厅"),
    ("农业农村局", "农业农村厅"),
    ("文化和旅游局", "文化和旅游厅"),
)
_TOWNS = "城关 东城 西城 新华 和平 白沙 青山 石桥 龙泉 马桥 长安 永安 清水 大坪 高桥 新塘 太平 黄田 三江 凤凰"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红文斌海波宁晨阳东旭峰林辉鹏宇浩凯"


@dataclass(frozen=True, slots=True)
class Unit:
    issuer: str  # full name, as in the title
    short: str  # how the body names itself: 晋安区, 市司法局, 高新区管委会
    kind: str  # government | department | zone | township | party (fazhi's issuer kinds)
    level: str  # province | city | county | township
    province: str | None
    city: str | None
    county: str | None
    upper: str  # the bodies that lead it, for the preamble
    leader: str  # its principal head, for the first_responsible content
    addressees: tuple[str, ...]
    code: str  # one or two characters for the 发文字号 (榕, 晋)
    scope: str = "区"  # the word of 全区, 全局, 全镇
    number_tag: str = ""  # 政 in 榕政〔2024〕3号
    cc: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # other names a reader may give the issuer
    signature: tuple[str, ...] = ()  # the lines under the text; default the issuer

    @property
    def issuers(self) -> tuple[str, ...]:
        return (self.issuer, *self.also)

    @property
    def letterhead(self) -> str:
        return self.issuer

    def __post_init__(self) -> None:
        if not self.signature:
            object.__setattr__(self, "signature", (self.issuer,))


@cache
def _divisions() -> tuple[Division, ...]:
    idx = load_index()
    found = {d for slot in idx.names.values() for d, e in slot.items() if not e.former}
    keep = [
        d
        for d in found
        if d.region().province not in _SKIP_PROVINCES
        and not (d.level == "city" and not d.name.endswith(("市", "州", "盟")))
        and not (
            d.level == "county"
            and d.parent is not None
            and d.parent.level == "province"
            and not d.zone
            and d.parent.name not in _MUNICIPALITIES
        )
    ]
    return tuple(sorted(keep, key=lambda d: d.code + d.name))


@cache
def _by_level() -> dict[str, tuple[Division, ...]]:
    out: dict[str, list[Division]] = {"province": [], "city": [], "county": [], "zone": []}
    for d in _divisions():
        key = "zone" if d.zone else d.level
        out[key].append(d)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _ambiguous() -> frozenset[str]:
    """County names used by several divisions (鼓楼区): a real report then names its city."""
    seen: dict[str, int] = {}
    for d in _divisions():
        seen[d.name] = seen.get(d.name, 0) + 1
    return frozenset(n for n, c in seen.items() if c > 1)


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(_SURNAMES) + given


def _place(d: Division) -> str:
    """The name a county-level unit goes by, with its city where the name is shared."""
    if d.level == "county" and d.parent and d.parent.name in _MUNICIPALITIES:
        return d.parent.name + d.name  # 北京市海淀区, 上海市浦东新区
    if d.level == "county" and (d.name in _ambiguous() or len(d.name) == 2) and d.parent:
        return d.parent.name + d.name
    return d.name


def _suffix(name: str) -> str:
    """省 / 市 / 县 / 区 as the body calls its own level (全区, 区委)."""
    for s in ("自治区", "自治州", "自治县", "省", "市", "州", "盟", "县", "区", "旗"):
        if name.endswith(s):
            return s[-1] if s.startswith("自治") else s
    return "市"


def _code(d: Division) -> str:
    return (d.parent.name[0] if d.level == "county" and d.parent else "") + d.name[0]


def _pick(rng: random.Random, *options: tuple[str, ...]) -> tuple[str, ...]:
    return rng.choice(options)


def draw_unit(rng: random.Random) -> Unit:
    """A reporting unit; the shares of kinds and levels follow what is published."""
    levels = _by_level()
    kind = rng.choices(
        ("government", "department", "zone", "township", "party"), weights=(44, 25, 9, 14, 8)
    )[0]
    if kind == "zone":
        d = rng.choice(levels["zone"])
        region = d.region()
        issuer = d.name + "管理委员会"
        short = ("高新区" if "高新" in d.name else "开发区") + "管委会"
        city = d.parent.name if d.parent else d.name
        return Unit(issuer, short, kind, "county", region.province, region.city, None,
                    "市委、市政府和党工委", "党工委书记、管委会主任",
                    _pick(rng, (f"{city}人民政府",), ("市委", "市政府"), ("市政府",)),
                    d.name[0], "区", "管", ("市司法局",), (d.name + "管委会",))  # fmt: skip
    level = rng.choices(("province", "city", "county"), weights=(4, 30, 66))[0]
    if kind in ("township", "party"):
        level = "county" if kind == "township" or rng.random() < 0.8 else "city"
    d = rng.choice(levels[level])
    region = d.region()
    place = _place(d)
    s = _suffix(d.name)
    ps = _suffix(d.parent.name) if d.parent else "省"
    if d.parent and d.parent.name in _MUNICIPALITIES:
        ps = "市"
    parent = d.parent.name if d.parent else "省"
    cc_up = (f"{ps}委依法治{ps}办", f"{ps}司法局" if ps != "省" else "省司法厅")
    if kind == "township":
        town = rng.choice(_TOWNS.split()) + rng.choice(("镇", "乡", "街道"))
        street = town.endswith("街道")
        office = "办事处" if street else "人民政府"
        short = town[-2:] if street else town[-1]
        return Unit(f"{place}{town}{office}", town, kind, "township", region.province,
                    region.city, region.county, f"{s}委、{s}政府",
                    "街道党工委书记" if street else f"{town[-1]}党委书记",
                    _pick(rng, (f"{s}委", f"{s}政府"), (f"{place}人民政府",),
                          (f"{s}委依法治{s}办",), (f"{s}政府",)),
                    _code(d), "街道" if street else town[-1], "", (f"{s}司法局",),
                    (f"{town}{office}",))  # fmt: skip
    if kind == "party":
        if rng.random() < 0.6:  # the party committee and the government report together
            issuer = f"中共{place}委 {place}人民政府"
            also = (f"中共{place}委员会 {place}人民政府", f"中共{place}委、{place}人民政府",
                    f"中共{place}委员会、{place}人民政府", f"{place}人民政府")  # fmt: skip
            return Unit(issuer, f"{s}委、{s}政府", kind, level, region.province,
                        region.city, region.county, f"{ps}委、{ps}政府",
                        f"{s}委书记、{s}长", _pick(rng, (f"{ps}委", f"{ps}政府"), (f"{ps}委",)),
                        _code(d), s, "委", (cc_up[0],), also,
                        (f"中共{place}委员会", f"{place}人民政府"))  # fmt: skip
        issuer = f"中共{place}委全面依法治{s}委员会办公室"
        return Unit(issuer, f"{s}委依法治{s}办", kind, level, region.province, region.city,
                    region.county, f"{s}委全面依法治{s}委员会", f"{s}委、{s}政府主要负责同志",
                    _pick(rng, (f"{ps}委依法治{ps}办",), (f"{ps}委全面依法治{ps}委员会办公室",)),
                    _code(d), s, "法办", (f"{s}司法局",),
                    (f"中共{place}委员会全面依法治{s}委员会办公室", f"{s}委依法治{s}办"))  # fmt: skip
    if kind == "department":
        dept, hall = rng.choice(DEPARTMENTS)
        name = hall if level == "province" else dept
        head = "厅长" if name.endswith("厅") else ("主任" if name.endswith("委员会") else "局长")
        above = (hall if ps == "省" else dept) if level != "province" else ""
        addressees = _pick(rng, (f"{s}委", f"{s}政府"), (f"{place}人民政府",),
                           (f"{s}委", f"{s}政府", f"{ps}{above}") if above else (f"{s}政府",),
                           (f"{s}委依法治{s}办",))  # fmt: skip
        justice = f"{s}司法{'厅' if s == '省' else '局'}"
        cc = (justice,) if dept != "司法局" else (f"{s}委依法治{s}办",)
        return Unit(f"{place}{name}", f"{s}{name}", kind, level, region.province,
                    region.city, region.county, f"{s}委、{s}政府", f"党组书记、{head}",
                    addressees, _code(d), name[-1] if name[-1] in "局厅" else "委", "",
                    cc, (f"{s}{name}",))  # fmt: skip
    issuer = f"{place}人民政府"
    if level == "province":
        addressees: tuple[str, ...] = ("党中央", "国务院")
    elif level == "city":
        addressees = _pick(rng, (f"{ps}委", f"{ps}政府"), (f"{parent}人民政府",))
    else:
        addressees = _pick(rng, (f"{parent}人民政府",), (f"{ps}委", f"{ps}政府"),
                           (f"{ps}政府",), (f"{s}人大常委会",))  # fmt: skip
    upper = {"province": "党中央、国务院"}.get(level, f"{ps}委、{ps}政府和{s}委")
    leader = {"province": "省长"}.get(level, f"{s}长")
    also = (d.name + "人民政府",) if place != d.name else ()
    if level == "province":
        short = ("自治区" if d.name.endswith("自治区") else s) + "政府"
    else:
        short = f"{s}政府" if rng.random() < 0.5 else place
    return Unit(issuer, short, kind, level,
                region.province, region.city, region.county, upper,
                f"{s}政府主要负责同志（{leader}）", addressees, _code(d), s, "政",
                cc_up[: rng.randint(1, 2)], also)  # fmt: skip
