"""Arithmetic checks over the facts: parts vs totals, rates vs counts, impossible rates.

A printed rate may be rounded or truncated to the places it is printed with (32/34 =
94.117…% may be printed 94.11% or 94.12%). Where the rate may refer to a narrower scope
than its counts (a 其中 part stands between them) the finding is only a hint, and says
so: a false alarm costs a reviewer's trust more than a missed warning.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from fazhi.figures.clauses import sentences
from fazhi.figures.numbers import to_plain
from fazhi.figures.rules import RateFamily, rules
from fazhi.model import Document, Fact, Finding

_HUNDRED = Decimal(100)


def arithmetic_findings(doc: Document) -> tuple[Finding, ...]:
    facts = doc.facts
    by_id = {f.id: f for f in facts}
    out: list[Finding] = []
    parts: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.part_of:
            parts[f.part_of].append(f)
    shared = {f.share_of for f in facts if f.share_of}
    for head_id, members in parts.items():
        finding = _sum_finding(doc, by_id[head_id], members, shared)
        if finding:
            out.append(finding)
    for f in facts:
        if f.kind not in ("rate", "share"):
            continue
        finding = _range_finding(doc, f) or _rate_finding(doc, f, facts, by_id)
        if finding:
            out.append(finding)
    return tuple(out)


def _span(doc: Document, first: Fact, last: Fact) -> str:
    para = doc.paragraphs[first.paragraph]
    return para[min(first.text_start, last.text_start) : max(first.end, last.end)].strip()


def _show(f: Fact, same_unit: bool) -> str:
    return to_plain(f.value) if same_unit else f"{to_plain(f.base_value)}{f.base_unit}"


def _sum_finding(doc: Document, head: Fact, members: list[Fact], shared: set) -> Finding | None:
    if head.approx or any(m.approx for m in members) or any(m.id in shared for m in members):
        return None  # hedged figures, or attribute counts each with its own share, may overlap
    total = head.base_value
    running = Decimal(0)
    for m in members:
        running += m.base_value
        if running == total:
            return None  # later items are cross-cutting attributes (其中…患严重疾病1人)
    r = rules()
    family = next(
        (
            p
            for p in r.partitions
            if p.total.search(head.subject) and all(p.parts.search(m.subject) for m in members)
        ),
        None,
    )
    if len(members) < 2:
        family = None  # one part is never the whole list
    if family is None and running < total:
        return None  # a 其中 list may name only some parts
    same_unit = all(m.unit == head.unit for m in members)
    terms = "+".join(_show(m, same_unit) for m in members)
    unit = head.unit if same_unit else head.base_unit
    message = f"所列分项 {terms}={_show_sum(running, members, same_unit)}，与总数 {_show(head, same_unit)}{unit if same_unit else ''} 不一致"
    if family is None:
        message += "（分项之和超过总数；若分项之间有交叉，请在报告中写明口径）"
    elif running < total:
        message += f"（相差 {to_plain(total - running)}{head.base_unit}，可能漏列了某一类）"
    return Finding(
        rule="arith.sum_mismatch",
        severity="warning",
        message=message,
        evidence=(_span(doc, head, members[-1]),),
        extra={"facts": [head.id, *(m.id for m in members)]},
    )


def _show_sum(total: Decimal, members: list[Fact], same_unit: bool) -> str:
    if same_unit:
        scale = members[0].base_value / members[0].value if members[0].value else Decimal(1)
        return to_plain(total / scale)
    return to_plain(total)


def _label(f: Fact) -> str:
    return f.subject.strip()[-8:] or "比率"


def _range_finding(doc: Document, f: Fact) -> Finding | None:
    top = f.value_max if f.value_max is not None else f.value
    if f.unit not in ("%", "") or top <= _HUNDRED or f.unit == "":
        return None
    if rules().unbounded.search(f.subject):
        return None
    return Finding(
        rule="arith.rate_out_of_range",
        severity="error",
        message=f"“{_label(f)}”为 {to_plain(top)}%，比率或占比不可能超过 100%",
        evidence=(f.text,),
        extra={"facts": [f.id]},
    )


def _family(f: Fact) -> tuple[RateFamily, str] | None:
    best = None
    for fam in rules().rates:
        for m in fam.rate.finditer(f.subject):
            if (
                best is None
                or m.end() > best[2]
                or (m.end() == best[2] and len(m.group()) > len(best[1]))
            ):
                best = (fam, m.group(), m.end())
    return (best[0], best[1]) if best else None


def _consistent(stated: Decimal, decimals: int, exact: Decimal, approx_kind: str) -> bool:
    step = Decimal(1).scaleb(-decimals)
    candidates = {
        exact.quantize(step, rounding=mode) for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN)
    }
    if stated in candidates:
        return True
    if approx_kind == "lower":  # 95%以上 / 超过95%
        return exact >= stated - step
    if approx_kind == "about":
        return abs(exact - stated) <= max(step, Decimal("0.5"))
    return False


def _approx_kind(f: Fact) -> str:
    if not f.approx:
        return ""
    if any(w in f.text[-8:] for w in ("以上", "超过", "逾", "不低于", "不少于")):
        return "lower"
    return "about"


def _sentence_of(doc: Document, f: Fact) -> tuple[int, int]:
    for span in sentences(doc.paragraphs[f.paragraph]):
        if span[0] <= f.start < span[1]:
            return span
    return (0, len(doc.paragraphs[f.paragraph]))


def _rate_finding(
    doc: Document, rate: Fact, facts: tuple[Fact, ...], by_id: dict
) -> Finding | None:
    r = rules()
    if rate.kind == "share":
        numerator = by_id.get(rate.share_of) if rate.share_of else None
        base = by_id.get(numerator.part_of) if numerator and numerator.part_of else None
        word = "占比"
    else:
        found = _family(rate)
        if found is None:
            return None
        family, word = found
        lo, _ = _sentence_of(doc, rate)
        before = [
            f
            for f in facts
            if f.paragraph == rate.paragraph and lo <= f.start < rate.start and f.kind == "count"
        ]
        numerator = next(
            (
                f
                for f in reversed(before)
                if family.numerator.search(f.subject) and not family.rate.search(f.subject)
            ),
            None,
        )
        base = None
        if numerator is not None:
            if numerator.part_of:
                base = by_id.get(numerator.part_of)
            else:
                earlier = [f for f in before if f.start < numerator.start and not f.part_of]
                base = next(
                    (
                        f
                        for f in reversed(earlier)
                        if r.comparable(f.base_unit, numerator.base_unit)
                    ),
                    None,
                )
    if numerator is None or base is None or base.base_value <= 0:
        return None
    if numerator.approx or base.approx or numerator.base_value > base.base_value:
        return None
    if not r.comparable(numerator.base_unit, base.base_unit):
        return None
    exact = numerator.base_value * _HUNDRED / base.base_value
    if _consistent(rate.value, rate.decimals, exact, _approx_kind(rate)):
        return None
    shown = exact.quantize(Decimal(1).scaleb(-max(rate.decimals, 2)), rounding=ROUND_HALF_UP)
    message = (
        f"{to_plain(numerator.value)}/{to_plain(base.value)}={to_plain(shown)}%，"
        f"与所报“{word}{to_plain(rate.value)}%”不符"
    )
    narrower = [f for f in facts if f.part_of == numerator.id and f.start < rate.start]
    severity = "warning"
    if narrower:
        severity = "info"
        message += (
            f"（该比率也可能只指其中的“{narrower[-1].subject.removeprefix('其中')}”，请核实口径）"
        )
    return Finding(
        rule="arith.rate_mismatch",
        severity=severity,
        message=message,
        evidence=(_span(doc, base, rate),),
        extra={"facts": [base.id, numerator.id, rate.id], "computed": float(shown)},
    )
