"""What each figure counts: its subject phrase, kind and field, read from its clause.

A figure's subject is the text of its clause before it (back to a clause break or the
noun phrase of the figure before) plus the noun phrase right after it
('对全区218件规范性文件进行全面清理' counts 规范性文件). Book titles are names, not
subjects, and are left out when matching. Three sentence shapes bind several figures:
'A、B占比分别达x%、y%' gives each figure its own label, 'A率和B率均达100%' gives one
figure two subjects, and a bare '占比 94.28%' is a share of the count just before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from fazhi.figures.catalogue import catalogue, domain_near
from fazhi.figures.rules import rules
from fazhi.figures.scan import Figure

_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_BREAK = re.compile(r"[，,；;：:【】\[\]]")
# 及 parts nouns, but not inside 涉及, 普及, 危及…
_NP_STOP = re.compile(r"[，,；;：:。！？!?、（）()【】\[\]和与并]|(?<![涉普危提企波顾])及")
_LEAD = re.compile(r"^(?:[\s、和与并且或（(）)]|及(?!时))+")
# 由上年的85%提高到98.6%, 由20个工作日压缩至5个: the first figure is the baseline
_BASELINE_LEFT = re.compile(
    r"(?:上年|去年|上一年度?|前一年|上年同期|改革前)(?:的|为|是)?\s*$|由\s*$|从\s*$"
)
_BASELINE_TAIL = re.compile(
    r"^[^，,；;。]{0,12}?(?:提高|提升|上升|增加|增长|下降|降低|减少|压缩|缩短|缩减|降)(?:至|到|为)"
)
_TITLE = re.compile(r"《[^》]*》|<[^>]*>")
_RESPECTIVELY = re.compile(r"分别[^，,；;、]{0,4}$")
_RUN_GAP = re.compile(r"^\s*[、，,和及与]\s*$")
_BOTH = re.compile(r"均(?:为|达到?|是|保持在?|在)?\s*$")
_QUOTED = re.compile(r"“([^“”]{1,20})”")
_FRONTED = re.compile(r"对(?:全区|全市|全县|全镇|本级|各类|共)?\s*$")
# the kind of a plain figure from the class of its unit ('percent' is rate or share)
KIND_OF_UNIT_CLASS = {
    "count": "count",
    "money": "amount",
    "duration": "duration",
    "percent": "rate",
}
_TOTAL_WORD = re.compile(r"^(?:共计|合计|总计|共|累计)")
_LABEL_SPLIT = re.compile(r"以及|[、和与]|及(?!时)")


@dataclass(slots=True, eq=False)
class Draft:
    """A figure in its clause, before relations and indicators are settled."""

    figure: Figure
    paragraph: int
    sentence: tuple[int, int]
    left: str  # clause text before the figure, as written
    right: str  # noun phrase right after it
    subject: str  # what it counts, for people and for indicator cues
    text_start: int  # where the evidence snippet begins in the paragraph
    tail: str = ""  # the rest of the clause after the figure (…进行培训): vetoes a reading
    prefix: str = ""  # the sentence before the figure, book titles left out
    text_end: int = 0  # where the evidence snippet ends: after the figure's noun phrase
    kind: str = "measure"
    direction: str | None = None
    domain: str | None = None
    share_base: Draft | None = None  # the count a bare 占比 is taken of
    labels_bound: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    bare: bool = False  # the subject is a bare predicate ('已办结', '共计开展')
    in_table: bool = False  # read from a table row
    list_prev: Draft | None = None  # the item before in a '、' list (审核文件68件、合同104件)


def _untitled(text: str) -> str:
    """The text without book titles (《…》 names a document, not what is counted)."""
    return _TITLE.sub("", text) if ("《" in text or "<" in text) else text


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _kind(fig: Figure, left: str, tail: str) -> tuple[str, str | None]:
    r = rules()
    if _BASELINE_LEFT.search(left[-8:]) and (
        not left.rstrip().endswith(("由", "从")) or _BASELINE_TAIL.match(tail)
    ):
        return "baseline", None  # a previous level, not this year's figure
    if fig.unit_class in ("percent", "count", "money", "duration", "points"):
        end = left[-8:]  # the patterns are anchored at the end: search only the end
        if r.change_up.search(end):
            return "change", "up"
        if r.change_down.search(end):
            return "change", "down"
    if fig.unit_class == "points":
        return "change", None  # 个百分点 without a direction word is still a difference
    if fig.unit_class == "percent":
        return ("share" if r.share.search(left) else "rate"), None
    return KIND_OF_UNIT_CLASS.get(fig.unit_class, "measure"), None


def _clause_start(breaks: list[int], lo: int, hi: int) -> int:
    """The last clause-break end in (lo, hi], given the sentence's break ends in order."""
    last = lo
    for b in breaks:
        if b > hi:
            break
        last = b
    return last


def analyse_paragraph(index: int, text: str, figures: list[Figure]) -> list[Draft]:
    """One Draft per figure (two for 'A率和B率均达100%'), in reading order."""
    out: list[Draft] = []
    for s_start, s_end in sentences(text):
        figs = [f for f in figures if s_start <= f.start < s_end]
        prev_np_end = s_start
        prev: Draft | None = None
        made: list[Draft] = []
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, s_start, s_end)]
        for i, fig in enumerate(figs):
            left_start = max(_clause_start(breaks, s_start, fig.start), prev_np_end)
            left = text[left_start : fig.start]
            list_prev = prev if prev is not None and left.startswith("、") else None
            lead = _LEAD.match(left)
            if lead:
                left_start += lead.end()
                left = left[lead.end() :]
            stop = figs[i + 1].start if i + 1 < len(figs) else s_end
            if _FRONTED.search(left):
                # '对 203 件…合同、文件等开展合法性审查': the object is fronted with 对 and
                # the verb that says what was done comes at the end of the clause
                np_stop = _CLAUSE_BREAK.search(text, fig.end, stop)
            else:
                np_stop = _NP_STOP.search(text, fig.end, stop)
            j = np_stop.start() if np_stop else stop
            right = text[fig.end : j].strip()
            prev_np_end = j if right else fig.end
            subject = _untitled(left).strip() + right
            draft = Draft(fig, index, (s_start, s_end), left, right, subject, left_start)
            draft.text_end = j if right else fig.end
            draft.bare = not right and len(rules().core(_untitled(left))) <= 4
            draft.prefix = _untitled(text[s_start : fig.start])
            brk = _CLAUSE_BREAK.search(text, fig.end, s_end)
            draft.tail = text[fig.end : brk.start() if brk else s_end]
            draft.list_prev = list_prev
            draft.kind, draft.direction = _kind(fig, left, draft.tail)
            if (
                not rules().core(subject)
                and prev is not None
                and not _TOTAL_WORD.match(left.strip())
            ):
                # '达到93.2%' after '全程网办率较上年提高3.5个百分点': the same subject
                # 罚款213人12.9万元: the amount shares the subject of the count before it
                draft.subject = (
                    prev.subject.removesuffix("占比") if prev.share_base else prev.subject
                )
                draft.text_start = prev.text_start
            if (
                draft.kind == "share"
                and prev is not None
                and prev.kind == "count"
                and not rules().core(rules().share.sub("", left))
            ):
                # a bare '占比 94.28%' is the share of the count just before it
                draft.share_base = prev
                draft.subject = prev.subject + "占比"
                draft.text_start = prev.text_start
            made.extend(_split_both(draft))
            prev = draft
        _bind_respectively(text, made)
        hits = _field_words(text, s_start, s_end) if made else []
        for pos, d in enumerate(made):
            d.domain = _domain(d, made[:pos], hits) or (
                # '在审结案件中，调撤率达41.4%': a bare rate keeps the paragraph's field
                out[-1].domain if d.bare and out and pos == 0 else None
            )
        out.extend(made)
    return out


def _split_both(draft: Draft) -> list[Draft]:
    """'出庭率和胜诉率均达100%' states one figure for two subjects."""
    if draft.right or "均" not in draft.left[-6:]:
        return [draft]
    m = _BOTH.search(draft.left)
    if not m:
        return [draft]
    labels = [x.strip() for x in _LABEL_SPLIT.split(draft.left[: m.start()]) if x.strip()]
    if len(labels) < 2:
        return [draft]
    out = []
    for label in labels:
        out.append(replace(draft, subject=_untitled(label), labels_bound=True, extra={}))
    return out


def _bind_respectively(text: str, drafts: list[Draft]) -> None:
    """'“一趟不用跑”“即办件”占比分别达97.60%、79.34%': label k goes with figure k."""
    i = 0
    while i < len(drafts):
        head = drafts[i]
        m = _RESPECTIVELY.search(head.left) if "分别" in head.left[-7:] else None
        if not m:
            i += 1
            continue
        run = [head]
        while i + len(run) < len(drafts):
            nxt = drafts[i + len(run)]
            gap = text[run[-1].figure.end : nxt.figure.start]
            if not _RUN_GAP.match(gap):
                break
            run.append(nxt)
        for member in run[1:]:
            # 同比分别下降10%、5.3%: every member is what the first one is
            member.kind, member.direction = head.kind, head.direction
        before = head.left[: m.start()]
        quoted = list(_QUOTED.finditer(before))
        if len(quoted) >= len(run) > 1:
            chosen = quoted[-len(run) :]
            prefix = before[: chosen[0].start()]
            common = before[chosen[-1].end() :]
            labels = [prefix + q.group(1) + common for q in chosen]
        else:
            parts = [x for x in _LABEL_SPLIT.split(before) if x.strip()]
            labels = [p + "" for p in parts] if len(parts) == len(run) > 1 else []
        for draft, label in zip(run, labels, strict=False):
            draft.subject = _untitled(label).strip()
            draft.labels_bound = True
            draft.text_start = head.text_start
        counts = [d for d in drafts[:i] if d.kind == "count"]
        if (
            not labels
            and len(run) > 1
            and len(counts) >= len(run)
            and all(d.figure.unit_class == "percent" for d in run)
            and head.kind != "change"
        ):
            # 简易程序120件、一般程序180件，分别占40%、60%: shares of the counts, in order
            for draft, count in zip(run, counts[-len(run) :], strict=True):
                draft.kind, draft.share_base = "share", count
                draft.subject = count.subject + "占比"
                draft.labels_bound = True
        i += len(run)


def _field_words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The field words of a sentence, outside book titles, found once for all its figures."""
    cat = catalogue()
    titles = (
        [m.span() for m in _TITLE.finditer(text, start, end)] if "《" in text or "<" in text else []
    )
    return [
        (m.start(), m.end(), cat.domain_of_word[m.group(0)])
        for m in cat.domain_pattern.finditer(text, start, end)
        if not any(a <= m.start() < b for a, b in titles)
    ]


def _domain(draft: Draft, before: list[Draft], hits: list[tuple[int, int, str]]) -> str | None:
    if draft.share_base is not None and draft.share_base.domain:
        return draft.share_base.domain
    f = draft.figure
    # the noun right after the figure first, then the words just before it
    for a, b, name in hits:
        if a >= f.end and b <= draft.text_end:
            return name
    if draft.labels_bound:
        found = domain_near(_untitled(draft.subject), from_end=True)
    else:
        found = next(
            (name for a, b, name in reversed(hits) if a >= draft.text_start and b <= f.start),
            None,
        )
    if found:
        return found
    for prev in reversed(before):
        if prev.domain:
            return prev.domain
    # '开展税收规范性文件清理，共清理13件': the field named earlier in the sentence
    return next((name for a, b, name in reversed(hits) if b <= f.start), None)
