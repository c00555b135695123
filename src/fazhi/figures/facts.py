"""The facts stage: every figure of a document as a typed, related, mapped `Fact`."""

from __future__ import annotations

from fazhi.figures.catalogue import catalogue, match_indicator
from fazhi.figures.clauses import Draft, analyse_paragraph
from fazhi.figures.relations import link_parts
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
    seen: dict[tuple, int] = {}
    for p_index, text in enumerate(paragraphs):
        figures = find_figures(text)
        if not figures:
            continue
        drafts = analyse_paragraph(p_index, text, figures)
        parts = link_parts(text, drafts)
        codes = [_indicator(d) for d in drafts]
        ids: dict[int, str] = {}
        for i, d in enumerate(drafts):
            code, name = codes[i]
            total = parts.get(i)
            if total is not None and codes[total][0] == code:
                code, name = None, None  # a breakdown names a narrower scope than its total
            f = d.figure
            key = (
                (code, f.base_value, f.base_unit)
                if code
                else (d.subject, f.base_value, f.base_unit)
            )
            if key in seen and d.kind != "change":
                k = seen[key]
                facts[k] = _with_mention(facts[k])
                ids[i] = facts[k].id
                continue
            fact_id = f"f{len(facts) + 1}"
            ids[i] = fact_id
            share_of = ids.get(drafts.index(d.share_base)) if d.share_base in drafts else None
            facts.append(
                Fact(
                    id=fact_id,
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
                    part_of=ids.get(total) if total is not None else None,
                    share_of=share_of,
                    direction=d.direction,
                    start=f.start,
                    end=f.end,
                    text_start=d.text_start,
                )
            )
            seen[key] = len(facts) - 1
    return tuple(facts)


def _with_mention(fact: Fact) -> Fact:
    from dataclasses import replace

    return replace(fact, mentions=fact.mentions + 1)


def indicator_names() -> dict[str, str]:
    return {code: ind.name for code, ind in catalogue().indicators.items()}
