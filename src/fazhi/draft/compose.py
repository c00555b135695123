"""Drafting data → the report as a list of typed blocks (letterhead, title, headings,
body paragraphs, signature, 版记), which the Word and text writers lay out.

Figures are phrased with the wording of `data/draft.yaml`, which the analyser maps back
to the same indicator; sentence patterns are picked by a random generator seeded from the
unit and the `seed` field, so the text varies between units yet the same data always
gives the same report."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fazhi.draft.model import DraftData, Figure, Unit, settings

_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the report. kind: letterhead | doc_number | title | addressee |
    body | h1 | h2 | runin | closing | signature | date | note | cc | imprint.
    `lead` is the run-in heading of a `runin` block and the signer of `doc_number`."""

    kind: str
    text: str
    lead: str = ""


@dataclass(frozen=True, slots=True)
class Draft:
    title: str
    blocks: tuple[Block, ...]
    pending: tuple[str, ...]  # last year's plans with no 落实情况 filled in


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (heading numbers)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def cn_date(d: date) -> str:
    """成文日期 as GB/T 9704-2012 writes it: 2024年2月1日 (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def number_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def self_name(unit: Unit) -> str:
    """How the body refers to the issuer: the given short name, else 我县/我区/我市…"""
    if unit.short_name:
        return unit.short_name
    name = unit.issuer.removesuffix("人民政府").removesuffix("管理委员会")
    for tail, word in (
        ("街道办事处", "我街道"),
        ("街道", "我街道"),
        ("局", "我局"),
        ("委员会", "我委"),
        ("委", "我委"),
        ("办公室", "我办"),
        ("镇", "我镇"),
        ("乡", "我乡"),
        ("新区", "我区"),
        ("区", "我区"),
        ("县", "我县"),
        ("市", "我市"),
        ("省", "我省"),
    ):
        if name.endswith(tail):
            return word
    return "我单位"


def outline_text(year: int) -> str:
    # the 纲要 in force in the report year: citing the later one for 2019 would be wrong
    if year <= 2020:
        return "《法治政府建设实施纲要（2015—2020年）》"
    return "《法治政府建设实施纲要（2021—2025年）》"


def title_of(unit: Unit) -> str:
    return f"{unit.issuer}关于{unit.report_year}年度法治政府建设情况的报告"


def _rng(data: DraftData, where: str) -> random.Random:
    # a str seed is hashed with SHA-512 by `random`: stable across runs and platforms
    u = data.unit
    return random.Random(f"{data.seed}|{u.issuer}|{u.report_year}|{where}")


def figure_sentences(data: DraftData, area: str, figures: tuple[Figure, ...]) -> list[str]:
    s = settings()
    rng = _rng(data, area)
    out: list[str] = []
    last = ""
    for i, f in enumerate(figures):
        spec = s.figures[f.indicator]
        phrase = rng.choice(spec.phrases).format(n=number_text(f.value) + f.unit)
        frames = list(s.frames) + (list(s.count_frames) if f.unit != "%" else [])
        # never the same pattern twice in a row, and no paragraph opens on a bare predicate
        choices = [fr for fr in frames if fr != last and not (i == 0 and fr == "{p}。")]
        last = rng.choice(choices)
        out.append(last.format(p=phrase, year=data.unit.report_year))
    return out


def _enumerated(points: tuple[str, ...]) -> list[str]:
    """One paragraph per point; several points read 一是……, 二是…… as reports do."""
    texts = [p if p.endswith(("。", "！", "？")) else p + "。" for p in points]
    if len(texts) < 2:
        return texts
    return [f"{cn_number(i)}是{t}" for i, t in enumerate(texts, 1)]


def _preamble(data: DraftData) -> str:
    if data.preamble:
        return data.preamble
    u = data.unit
    me = self_name(u)
    return (
        f"{u.report_year}年，在上级党委、政府的坚强领导下，{me}坚持以习近平新时代中国特色社会主义"
        f"思想为指导，深入学习贯彻习近平法治思想，认真落实{outline_text(u.report_year)}，"
        f"扎实推进法治政府建设。现将{u.report_year}年度法治政府建设情况报告如下："
    )


def _measures(data: DraftData) -> list[Block]:
    blocks = [Block("h1", "一、主要举措和成效")]
    n = 0
    for area in data.measures:
        n += 1
        blocks.append(Block("h2", f"（{cn_number(n)}）{area.title}"))
        blocks += [Block("body", t) for t in _enumerated(area.points)]
        if area.figures:
            blocks.append(Block("body", "".join(figure_sentences(data, area.area, area.figures))))
    done = [p for p in data.last_year_plans if p.done]
    if done:
        n += 1
        blocks.append(Block("h2", f"（{cn_number(n)}）上年度工作安排落实情况"))
        for i, p in enumerate(done, 1):
            plan, result = p.plan.rstrip("。；;"), p.done.rstrip("。") + "。"
            blocks.append(Block("body", f"{cn_number(i)}是关于“{plan}”。{result}"))
    return blocks


def _shortcomings(data: DraftData) -> list[Block]:
    me = self_name(data.unit)
    blocks = [
        Block("h1", "二、存在的不足和原因"),
        Block("body", f"对照法治政府建设的目标要求，{me}法治政府建设工作还存在一些不足："),
    ]
    rng = _rng(data, "shortcomings")
    for i, s in enumerate(data.shortcomings, 1):
        lead = rng.choice(["主要原因是", "究其原因，主要是", "分析原因，主要在于"])
        causes = "；".join(c.rstrip("。；;") for c in s.causes)
        detail = s.detail if not s.detail or s.detail.endswith("。") else s.detail + "。"
        blocks.append(
            Block("runin", f"{detail}{lead}{causes}。", f"（{cn_number(i)}）{s.problem}。")
        )
    return blocks


def _next_year(data: DraftData) -> list[Block]:
    year = data.unit.report_year + 1
    blocks = [
        Block("h1", f"四、{year}年工作安排"),
        Block("body", f"{year}年，{self_name(data.unit)}将重点抓好以下工作："),
    ]
    for i, p in enumerate(data.next_year, 1):
        detail = p.detail if not p.detail or p.detail.endswith("。") else p.detail + "。"
        blocks.append(Block("runin", detail, f"（{cn_number(i)}）{p.title}。"))
    return blocks


def compose(data: DraftData, *, public: bool = True) -> Draft:
    """The report for `data`; `public=False` adds the contact person to the 附注
    (the version kept on file, never the published one)."""
    u = data.unit
    title = title_of(u)
    blocks = [
        Block("letterhead", f"{u.issuer}文件"),
        Block("doc_number", u.doc_number or "", u.signer or ""),
    ]
    blocks += [Block("title", title), Block("addressee", "、".join(u.addressees) + "：")]
    blocks.append(Block("body", _preamble(data)))
    blocks += _measures(data)
    blocks += _shortcomings(data)
    blocks.append(Block("h1", "三、党政主要负责人履行推进法治建设第一责任人职责情况"))
    blocks += [Block("body", t) for t in _enumerated(data.first_responsible)]
    blocks += _next_year(data)
    if data.other:
        blocks.append(Block("h1", "五、其他需要报告的情况"))
        blocks += [Block("body", t) for t in _enumerated(data.other)]
    blocks.append(Block("closing", "特此报告。"))
    blocks += [Block("signature", u.issuer), Block("date", cn_date(u.issue_date))]
    notes = [u.disclosure.strip("（）()")] if u.disclosure else []
    if not public and u.contact:
        notes.append(
            f"联系人：{u.contact}" + (f"，联系电话：{u.contact_phone}" if u.contact_phone else "")
        )
    blocks += [Block("note", f"（{n}）") for n in notes]
    if u.cc:
        blocks.append(Block("cc", "抄送：" + "，".join(u.cc) + "。"))
    office = u.print_office or f"{u.issuer}办公室"
    blocks.append(Block("imprint", f"{cn_date(u.print_date or u.issue_date)}印发", office))
    pending = tuple(p.plan for p in data.last_year_plans if not p.done)
    return Draft(title, tuple(blocks), pending)
