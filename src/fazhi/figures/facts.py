"""The facts stage: every figure of a document as a typed, related, mapped `Fact`."""

from __future__ import annotations

from fazhi.figures.catalogue import catalogue, match_indicator
from fazhi.figures.clauses import Draft, analyse_paragraph
from fazhi.figures.relations import link_parts
from fazhi.figures.rules import rules
from fazhi.figures.scan import find_figures
from fazhi.model import Fact, Section

_MEASURE = {"count": "count", "amount": "amount", "rate": "rate", "share": "rate"}
_MEASURE["duration"] = "duration"


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


def _indicator(d: Draft) -> tuple[str | None, str | None]:
    measure = _MEASURE.get(d.kind)
    if measure is None:
        return None, None
    ind = match_indicator(d.subject, d.domain, measure, d.figure.base_unit, d.tail)
    return (ind.code, ind.name) if ind else (None, None)


def extract_facts(
    paragraphs: tuple[str, ...], sections: tuple[Section, ...] = ()
) -> tuple[Fact, ...]:
    """All facts of a document, in reading order, a repeated figure counted once."""
    paths = section_paths(sections, len(paragraphs))
    facts: list[Fact] = []
    seen: dict[tuple, list[int]] = {}
    for p_index, text in enumerate(paragraphs):
        figures = find_figures(text)
        if not figures:
            continue
        drafts = analyse_paragraph(p_index, text, figures)
        links = link_parts(text, drafts)
        codes = _read_on([_indicator(d) for d in drafts], drafts)
        # first settle every draft's id (new, or the fact it repeats), then build the facts,
        # so a total written after its parts (…共计46件) can still be referred to
        ids: list[str] = []
        fresh: list[bool] = []
        for i, d in enumerate(drafts):
            link = links.get(i)
            if link is not None and codes[link.total][0] == codes[i][0]:
                codes[i] = (None, None)  # a breakdown names a narrower scope than its total
            repeat = _repeat_of(facts, seen, d, codes[i][0], len(ids))
            if repeat is not None:
                facts[repeat] = _with_mention(facts[repeat])
                ids.append(facts[repeat].id)
                fresh.append(False)
            else:
                ids.append(f"f{len(facts) + sum(fresh) + 1}")
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
                    list_complete=link.exhaustive if link else False,
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


def _core_subject(subject: str) -> str:
    return rules().fillers.sub("", subject)


def _repeat_of(
    facts: list[Fact], seen: dict[tuple, list[int]], d: Draft, code: str | None, _: int
) -> int | None:
    """The earlier fact this draft repeats (same figure, same thing counted), if any."""
    if d.kind in ("change", "baseline"):
        return None
    mine = _core_subject(d.subject)
    for k in seen.get(_key(d, code), ()):
        theirs = _core_subject(facts[k].subject)
        if mine == theirs or (mine and theirs and (mine in theirs or theirs in mine)):
            return k
    return None


def _with_mention(fact: Fact) -> Fact:
    from dataclasses import replace

    return replace(fact, mentions=fact.mentions + 1)


def indicator_names() -> dict[str, str]:
    return {code: ind.name for code, ind in catalogue().indicators.items()}
