"""Arithmetic checks over the facts: parts vs totals, rates vs counts, impossible rates.

A printed figure is exact only to the places it is printed with: 94.11% may be 32/34
truncated, and 2.35万户 may be anything from 23450 to 23549. Every comparison allows
for that. Where a rate may refer to a narrower scope than its counts (a 其中 part stands
between them), or parts may overlap, the finding is only a hint and says so: a false
alarm costs a reviewer's trust more than a missed warning. Parts that each name another
of a set of mutually exclusive categories of their total (`exclusive` in data/arith.yaml:
the outcomes of closed cases, the kinds of administrative act) cannot overlap, so that
more than the total is an error, listed in full or not.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from fazhi.checks.catalogue import finding
from fazhi.figures.clauses import sentences
from fazhi.figures.numbers import to_plain
from fazhi.figures.rules import RateFamily, rules
from fazhi.model import Document, Fact, Finding

_HUNDRED = Decimal(100)


def arithmetic_findings(doc: Document) -> tuple[Finding, ...]:
    facts = doc.facts
    by_id = {f.id: f for f in facts}
    out: list[Finding] = []
    lists: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.part_of and f.part_list:
            lists[f"{f.part_list}>{f.part_of}"].append(f)  # one list per total
    shared = {f.share_of for f in facts if f.share_of}
    for members in lists.values():
        finding = _sum_finding(doc, by_id[members[0].part_of], members, shared)
        if finding:
            out.append(finding)
    counts: dict[int, list[Fact]] = defaultdict(list)  # the counts of each paragraph
    for f in facts:
        if f.kind == "count":
            counts[f.paragraph].append(f)
    for f in facts:
        if f.kind not in ("rate", "share"):
            continue
        finding = _range_finding(f) or _rate_finding(doc, f, counts[f.paragraph], by_id)
        if finding:
            out.append(finding)
    return tuple(out)


def _half_step(f: Fact) -> Decimal:
    """Half the last printed place, in base units: 2.35万 → 50; 235 → 0."""
    if f.base_value == f.value or f.value == 0:
        return Decimal(0)
    return Decimal(1).scaleb(-f.decimals) * (f.base_value / f.value) / 2


def _span(doc: Document, first: Fact, last: Fact) -> str:
    para = doc.paragraphs[first.paragraph]
    return para[min(first.text_start, last.text_start) : max(first.end, last.end)].strip()


def _amount(f: Fact, same_unit: bool) -> str:
    return to_plain(f.value) if same_unit else f"{to_plain(f.base_value)}{f.base_unit}"


def _sum_finding(doc: Document, head: Fact, members: list[Fact], shared: set) -> Finding | None:
    if head.approx or any(m.approx for m in members) or any(m.id in shared for m in members):
        return None  # hedged figures, or attribute counts each with its own share, may overlap
    members = _without_aggregates(members)
    if not members:
        return None
    total = head.base_value
    slack = _half_step(head) + sum((_half_step(m) for m in members), Decimal(0))
    # each part another of the total's mutually exclusive categories (维持、撤销、终止 of
    # closed cases; 行政处罚、行政确认 of 执法 cases): they cannot add up to more
    exclusive = rules().exclusive_set(head.subject, head.domain, [m.subject for m in members])
    running = Decimal(0)
    for m in members:
        running += m.base_value
        if exclusive is None and abs(running - total) <= slack:
            return None  # later items are cross-cutting attributes (其中…患严重疾病1人)
    if abs(running - total) <= slack:
        return None
    family = next(
        (
            p
            for p in rules().partitions
            if p.total.search(head.subject) and all(p.parts.search(m.subject) for m in members)
        ),
        None,
    )
    # a 其中 list of two may well be partial; three outcomes of a closed set, or a list
    # written without 其中 right after its total, name them all
    # a 共计 after the parts says they are all; a closed set of outcomes is complete when
    # its main category is listed, and (after 其中, which may pick a few) has three parts
    how = members[0].part_link
    complete = family is not None and any(family.complete_when.search(m.subject) for m in members)
    least = family.min_parts if family is not None else 3
    exhaustive = how == "summed" or (
        complete and (len(members) >= least or (how == "outcomes" and len(members) >= 2))
    )
    if not exhaustive and running <= total + slack:
        return None
    excess = exclusive is not None and running > total + slack
    values = [m.base_value for m in members]
    if (
        not exhaustive
        and not excess
        and (len(set(values)) < len(values) or not _categories(head, members))
    ):
        # 开庭审理40件，出庭40件 repeat a value: nested counts; 其中具有法律职业资格的186名、
        # 35岁以下的421名、女性603名 are attributes that overlap, not parts
        return None
    same_unit = all(m.unit == head.unit for m in members)
    unit = head.unit if same_unit else head.base_unit
    terms = "+".join(_amount(m, same_unit) for m in members)
    written_sum = running / (head.base_value / head.value) if same_unit and head.value else running
    message = f"所列分项 {terms}={to_plain(written_sum)}{unit}，与总数 {_amount(head, same_unit)}{unit if same_unit else ''} 不一致"
    severity: str | None = None  # the catalogue default
    if excess and not exhaustive:
        message += "（所列各类互不交叉，之和不应超过总数）"
    elif not exhaustive:
        severity = "info"
        message += "（分项之和超过总数；若分项之间有交叉或包含关系，请在报告中写明口径）"
    elif running < total:
        message += f"（相差 {to_plain(total - running)}{head.base_unit}，可能漏列了某一类）"
    return finding(
        "arith.sum_mismatch",
        message,
        (_span(doc, head, members[-1]),),
        severity=severity,
        **{"facts": [head.id, *(m.id for m in members)]},
    )


def _without_aggregates(members: list[Fact]) -> list[Fact]:
    """Drop '纠错10件' from a list that also names its components (撤销6件、变更4件)."""
    for p in rules().partitions:
        if p.aggregate is None or p.aggregated is None:
            continue
        if any(
            p.aggregated.search(m.subject) and not p.aggregate.search(m.subject) for m in members
        ):
            members = [m for m in members if not p.aggregate.search(m.subject)]
    return members


def _categories(head: Fact, members: list[Fact]) -> bool:
    """Whether the parts name kinds of the total's thing: 受理案件50件，其中民事案件30件、
    行政案件25件 (each ends with the total's noun), not overlapping attributes."""
    noun = rules().core(head.subject)[-2:]
    return len(noun) == 2 and all(m.subject.endswith(noun) for m in members)


def _range_finding(f: Fact) -> Finding | None:
    top = f.value_max if f.value_max is not None else f.value
    if f.unit != "%" or top <= _HUNDRED or rules().unbounded.search(f.subject):
        return None
    label = _family(f)
    if label is None and not rules().bounded.search(f.subject) and f.kind != "share":
        return None  # 毛入学率108.2%, 病床使用率103.6%: not every rate stops at 100%
    name = label[1] if label else "比率"
    return finding(
        "arith.rate_out_of_range",
        f"“{name}”为 {to_plain(top)}%，这一比率不可能超过 100%",
        (f.text,),
        **{"facts": [f.id]},
    )


def _family(f: Fact) -> tuple[RateFamily, str, int] | None:
    """The rate family whose rate word ends latest in the subject (the rate named)."""
    best = None
    for fam in rules().rates:
        for m in fam.rate.finditer(f.subject):
            if best is None or (m.end(), len(m.group())) > (best[2], len(best[1])):
                best = (fam, m.group(), m.end())
    return best


def _approx_kind(f: Fact) -> str:
    if not f.approx:
        return ""
    if any(w in f.text[-8:] for w in ("以上", "超过", "逾", "不低于", "不少于")):
        return "lower"
    return "about"


def _consistent(rate: Fact, num: Fact, nums: Decimal, base: Fact) -> bool:
    """Whether the printed rate can be numerator/base at its printed precision."""
    step = Decimal(1).scaleb(-rate.decimals)
    lo = (nums - _half_step(num)) * _HUNDRED / (base.base_value + _half_step(base))
    hi = (nums + _half_step(num)) * _HUNDRED / max(base.base_value - _half_step(base), Decimal(1))
    kind = _approx_kind(rate)
    stated = rate.value
    if kind == "lower":
        return hi >= stated - step
    if kind == "about":
        step = max(step, Decimal("0.5"))
    # rounded (half a place either way) or truncated (up to a place below)
    return lo - step / 2 <= stated <= hi + step / 2 or lo - step < stated <= hi


def _narrows(numerator: Fact, base: Fact) -> bool:
    """'调解4480件，调解成功4401件': the numerator names a narrower kind of the base."""
    core = rules().core(base.subject)
    return bool(core) and core in numerator.subject


def _is_category(f: Fact) -> bool:
    """An outcome category of a closed set in its own field (维持318件 of 复议 cases)."""
    return any(
        p.field == f.domain and p.parts.search(f.subject) and not p.total.search(f.subject)
        for p in rules().partitions
    )


def _sentence_of(doc: Document, f: Fact) -> tuple[int, int]:
    for span in sentences(doc.paragraphs[f.paragraph]):
        if span[0] <= f.start < span[1]:
            return span
    return (0, len(doc.paragraphs[f.paragraph]))


def _rate_finding(doc: Document, rate: Fact, counts: list[Fact], by_id: dict) -> Finding | None:
    r = rules()
    complements: list[Fact] = []
    if rate.kind == "share":
        numerator = by_id.get(rate.share_of) if rate.share_of else None
        if numerator is None or not numerator.part_of:
            return None
        nums, bases, word = numerator.base_value, [by_id[numerator.part_of]], "占比"
    else:
        found = _family(rate)
        if found is None:
            return None
        family, word, end = found
        if r.qualified_rate.search(rate.subject[: end - len(word)]):  # 按期办结率
            return None
        lo, _ = _sentence_of(doc, rate)
        # '学法10次；…讲座3场，…参考率100%': counts before a ； are another statement
        para = doc.paragraphs[rate.paragraph]
        lo = max(lo, max(para.rfind("；", lo, rate.start), para.rfind(";", lo, rate.start)) + 1)
        before = [f for f in counts if lo <= f.start < rate.start]
        numerator = next(
            (
                f
                for f in reversed(before)
                if family.counts(f.subject) and not family.rate.search(f.subject)
            ),
            None,
        )
        if numerator is None:
            return None
        siblings = [f for f in before if numerator.part_list and f.part_list == numerator.part_list]
        matching = [f for f in siblings if family.counts(f.subject)] or [numerator]
        # 不合格17卷 beside a 合格率: the rate may be taken as 1 − 不合格/total
        complements = [f for f in before if family.negated(f.subject)]
        if word[:-1] in numerator.subject:
            matching = [numerator]  # '纠错10件，纠错率20%': the aggregate is stated, use it alone
        # 撤销5件、变更2件、确认违法3件，纠错率9.1%: every correction counts
        nums = sum((f.base_value for f in matching), Decimal(0))
        if rate.domain and numerator.domain and rate.domain != numerator.domain:
            return None  # '审结52件；人民调解…调解成功率98.7%': another field's rate
        # outcome categories (维持318件, 驳回79件) are never the base of a rate
        earlier = [
            f
            for f in before
            if f.start < numerator.start
            and f not in matching
            and (not _is_category(f) or _narrows(numerator, f))
        ]
        bases = [by_id[numerator.part_of]] if numerator.part_of else []
        bases += [f for f in reversed(earlier) if f.id not in {b.id for b in bases}]
        # a total stated earlier in the paragraph ('审结527件。审结案件中，…纠错62件，纠错率
        # 11.8%') may be the base too: if it gives the printed rate, all is well
        context = [f for f in counts if f.start < lo and not _is_category(f)]
    bases = [
        b
        for b in bases
        if r.comparable(b.base_unit, numerator.base_unit)
        and b.base_value >= nums
        and b.base_value > 0
    ]
    if not bases or numerator.approx or any(b.approx for b in bases[:1]):
        return None
    if rate.kind == "share":
        context = []
    context = [
        c
        for c in context
        if r.comparable(c.base_unit, numerator.base_unit) and c.base_value >= nums
    ]
    if any(_consistent(rate, numerator, nums, b) for b in [*bases, *context] if not b.approx):
        return None  # some total before it gives the printed rate
    if complements and any(
        _consistent(rate, numerator, b.base_value - sum(f.base_value for f in complements), b)
        for b in bases
    ):
        return None  # 合格率97.17% = (600 − 不合格17) / 600
    base = bases[0]
    exact = nums * _HUNDRED / base.base_value
    shown = exact.quantize(Decimal(1).scaleb(-max(rate.decimals, 2)), rounding=ROUND_HALF_UP)
    scaled = numerator.base_value != numerator.value or base.base_value != base.value
    num_text = (
        to_plain(nums) if scaled or nums != numerator.base_value else to_plain(numerator.value)
    )
    base_text = to_plain(base.base_value) if scaled else to_plain(base.value)
    message = (
        f"{num_text}/{base_text}={to_plain(shown)}%，与所报“{word}{to_plain(rate.value)}%”不符"
    )
    narrower = [f for f in counts if f.part_of == numerator.id and f.start < rate.start]
    severity: str | None = None  # the catalogue default
    if narrower:
        severity = "info"
        message += (
            f"（该比率也可能只指其中的“{narrower[-1].subject.removeprefix('其中')}”，请核实口径）"
        )
    return finding(
        "arith.rate_mismatch",
        message,
        (_span(doc, base, rate),),
        severity=severity,
        **{"facts": [base.id, numerator.id, rate.id], "computed": float(shown)},
    )
