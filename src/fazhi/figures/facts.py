"""The facts stage: every figure of a document as a typed, related, mapped `Fact`."""

from __future__ import annotations

import re
from dataclasses import replace

from fazhi.figures.catalogue import catalogue, domain_near, match_indicator
from fazhi.figures.clauses import Draft, analyse_paragraph
from fazhi.figures.relations import link_parts
from fazhi.figures.rules import rules
from fazhi.figures.scan import find_figures
from fazhi.figures.tables import Header, read_header, row_drafts, unit_line
from fazhi.model import Fact, Section

# the measure an indicator must have for a fact of each kind; other kinds (change, baseline,
# target, scoped, measure) never take an indicator
_MEASURE = {
    "count": "count",
    "amount": "amount",
    "rate": "rate",
    "share": "rate",
    "duration": "duration",
}


def section_paths(sections: tuple[Section, ...], n: int) -> list[tuple[str, ...]]:
    """For each paragraph, the headings of the sections it lies in, outermost first."""
    paths: list[tuple[str, ...]] = [()] * n

    def walk(secs: tuple[Section, ...], trail: tuple[str, ...]) -> None:
        for sec in secs:
            here = (*trail, f"{sec.marker}{sec.title}")
            for i in range(sec.start, min(sec.end, n)):
                paths[i] = here
            walk(sec.children, here)

    walk(sections, ())
    return paths


# 力争达到95%, 目标是…: a figure the report aims at, not one it achieved
# 2022年，全市共开展… in a report on 2023: the year a figure belongs to, when the
# sentence names one for itself (not a comparison: 与2022年相比, 比2022年, 较2022年)
_YEAR = re.compile(r"(?<![比较与同])((?:19|20)\d\d)\s*年(?:度|底|末|全年)?(?!以来|来|相比|同期)")


_LEADING = re.compile(r"^[\s在于至截止截至从到]*")


def plan_paragraphs(sections: tuple[Section, ...], n: int) -> list[bool]:
    """For each paragraph, whether it lies in the next year's plans (next_year section)."""
    out = [False] * n
    for sec in sections:
        if sec.kind == "next_year":
            for i in range(sec.start, min(sec.end, n)):
                out[i] = True
    return out


def _when(d: Draft, report_year: int | None, in_plan: bool) -> str | None:
    """'target' or 'baseline' when a figure is not a result of the year reported on."""
    if d.kind not in ("count", "amount", "rate", "share", "duration"):
        return None
    if in_plan or rules().plan.search(d.left[-14:]):
        return "target"
    if report_year is None or ("年" not in d.left and "年" not in d.prefix[:12]):
        return None
    # the year must lead the clause or the sentence: '随机抽取2020年度已结案卷150卷'
    # names the files' year, not the year of the count
    lead = _YEAR.match(_LEADING.sub("", d.left)) or _YEAR.match(_LEADING.sub("", d.prefix))
    if lead:
        year = int(lead.group(1))
        if year < report_year:
            return "baseline"
        if year > report_year:
            return "target"
    return None


def _indicator(d: Draft) -> tuple[str | None, str | None]:
    measure = _MEASURE.get(d.kind)
    if measure is None:
        return None, None
    unit = d.figure.base_unit
    ind = match_indicator(d.subject, d.domain, measure, unit, d.tail, d.prefix)
    if ind is None and d.in_table and d.kind != "scoped":
        # '场次' under '围绕重要时间节点开展主题普法活动，具体情况见下表': the caption
        # says what a table's bare column counts
        ind = match_indicator(d.prefix + d.subject, d.domain, measure, unit, "", d.prefix)
    if ind is None and d.list_prev is not None and not d.labels_bound and len(d.subject) <= 3:
        # '审核区政府文件68件、合同104件': a later item takes the verb of the first
        ind = match_indicator(d.list_prev.left + d.subject, d.domain, measure, unit, d.tail)
    core = rules().core(d.subject)
    if (
        ind is None
        and d.bare
        and not d.labels_bound
        and (not core or rules().bare_verbs.match(core))
    ):
        # '开展税收规范性文件清理，共清理13件': what a bare predicate counts is named
        # earlier in its sentence
        ind = match_indicator(d.prefix, d.domain, measure, unit, d.tail, d.prefix)
    return (ind.code, ind.name) if ind else (None, None)


def _keeps_code(part_code: str | None, total_code: str | None) -> bool:
    """A 其中 part keeps its code only if the code names a breakdown of its total's."""
    if part_code is None or total_code is None:
        return True
    if part_code == total_code:
        return False
    if part_code.split(".")[0] != total_code.split(".")[0]:
        return True  # '劳动保障违法案件结案85件，其中作出行政处罚案件14件': its own field
    return total_code in catalogue().indicators[part_code].within


def extract_facts(
    paragraphs: tuple[str, ...],
    sections: tuple[Section, ...] = (),
    report_year: int | None = None,
) -> tuple[Fact, ...]:
    """All facts of a document, in reading order, a repeated figure counted once.

    Figures the report aims at (力争…, the next year's plans) become kind `target`, and
    figures of an earlier year kind `baseline`; neither takes an indicator.
    """
    paths = section_paths(sections, len(paragraphs))
    plans = plan_paragraphs(sections, len(paragraphs))
    facts: list[Fact] = []
    seen: dict[tuple, list[int]] = {}
    header: Header | None = None
    header_above = False  # the paragraph before was a header row (a header may span two)
    caption, default_unit = "", ""
    row_domain: str | None = None
    for p_index, text in enumerate(paragraphs):
        if "\t" in text:
            above = header if header_above else None
            cells = text.split("\t")
            if header is None and not header_above and caption.count(" ") == len(cells) - 1:
                # a text table whose header has single spaces: '指标 市场监管局 城管执法局 合计'
                header = read_header(caption.split(" "), report_year)
            new_header = read_header(cells, report_year, above)
            if new_header is not None:
                header, row_domain, header_above = new_header, None, True
                continue
            header_above = False
            drafts = row_drafts(p_index, text, header, caption, default_unit)
            for d in drafts:
                # the row's own label, else the field of the row above, else the caption's
                d.domain = (
                    domain_near(d.subject, from_end=True)
                    or row_domain
                    or domain_near(caption, from_end=False)
                )
                row_domain = d.domain
                if header is None and plans[p_index] and d.kind not in ("change", "baseline"):
                    d.kind = "target"  # a header that names its columns is believed instead
            links: dict = {}
        else:
            header, row_domain, header_above = None, None, False
            unit = unit_line(text)
            if unit is not None:
                default_unit = unit  # '单位：件' belongs to the table below
                continue
            caption, default_unit = (text if len(text) <= 80 else ""), ""
            figures = find_figures(text)
            if not figures:
                continue
            drafts = analyse_paragraph(p_index, text, figures)
            for d in drafts:
                d.kind = _when(d, report_year, plans[p_index]) or d.kind
            links = link_parts(text, drafts)
        if not drafts:
            continue
        codes = _read_on([_indicator(d) for d in drafts], drafts)
        # first settle every draft's id (new, or the fact it repeats), then build the facts,
        # so a total written after its parts (…共计46件) can still be referred to
        ids: list[str] = []
        fresh: list[bool] = []
        next_number = len(facts) + 1
        for i, d in enumerate(drafts):
            link = links.get(i)
            if link is not None and not _keeps_code(codes[i][0], codes[link.total][0]):
                codes[i] = (None, None)  # a breakdown names a narrower scope than its total
            repeat = _repeat_of(facts, seen, d, codes[i][0])
            if (
                repeat is not None
                and link is not None
                and link.total < i
                and facts[repeat].part_of not in (None, ids[link.total])
            ):
                # '确认违法27件' of 审结105件 and '确认违法27件' of 审结250件 are two parts
                repeat = None
            if repeat is not None:
                facts[repeat] = _with_mention(facts[repeat])
                ids.append(facts[repeat].id)
                fresh.append(False)
            else:
                ids.append(f"f{next_number}")
                next_number += 1
                fresh.append(True)
        index_of = {id(d): i for i, d in enumerate(drafts)}
        for i, d in enumerate(drafts):
            if not fresh[i]:
                continue
            f, link = d.figure, links.get(i)
            code, name = codes[i]
            base = index_of.get(id(d.share_base)) if d.share_base is not None else None
            facts.append(
                Fact(
                    id=ids[i],
                    value=f.value,
                    unit=f.unit,
                    base_value=f.base_value,
                    base_unit=f.base_unit,
                    kind=d.kind,
                    subject=d.subject,
                    text=text[d.text_start : max(f.end, d.text_end)].strip(),
                    paragraph=p_index,
                    approx=f.approx,
                    indicator=code,
                    indicator_name=name,
                    section=paths[p_index],
                    value_max=f.value_max,
                    decimals=f.decimals,
                    domain=d.domain,
                    part_of=ids[link.total] if link else None,
                    share_of=ids[base] if base is not None else None,
                    direction=d.direction,
                    start=f.start,
                    end=f.end,
                    text_start=d.text_start,
                    part_list=f"{p_index}.{link.group}" if link else None,
                    part_link=link.how if link else None,
                )
            )
            key = _key(d, code)
            seen.setdefault(key, []).append(len(facts) - 1)
    return tuple(facts)


def _read_on(codes: list[tuple[str | None, str | None]], drafts: list[Draft]) -> list:
    """Apply `followed_by`: a count read anew in the light of a later one in its sentence."""
    indicators = catalogue().indicators
    for i, (code, _) in enumerate(codes):
        rules_for = dict(indicators[code].followed_by) if code else {}
        if not rules_for:
            continue
        for j in range(i + 1, len(drafts)):
            if drafts[j].sentence != drafts[i].sentence:
                break
            new = rules_for.get(codes[j][0] or "")
            if new and drafts[j].figure.base_value <= drafts[i].figure.base_value:
                codes[i] = (new, indicators[new].name)
                break
    return codes


def _key(d: Draft, code: str | None) -> tuple:
    f = d.figure
    return (code or d.subject, d.kind, f.base_value, f.base_unit)


def _repeat_of(
    facts: list[Fact], seen: dict[tuple, list[int]], d: Draft, code: str | None
) -> int | None:
    """The earlier fact this draft repeats (same figure, same thing counted), if any."""
    if d.kind in ("change", "baseline"):
        return None
    mine = rules().core(d.subject)
    for k in seen.get(_key(d, code), ()):
        theirs = rules().core(facts[k].subject)
        if mine == theirs or (mine and theirs and (mine in theirs or theirs in mine)):
            return k
    return None


def _with_mention(fact: Fact) -> Fact:
    return replace(fact, mentions=fact.mentions + 1)
