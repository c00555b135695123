"""Plan follow-up: each item of last year's next-year plan, and whether this year's
report says it was done, with the sentence that shows it (`data/followup.yaml`).

Reports rarely repeat a plan's words ("建成行政执法监督平台" comes back as "执法协调监督
信息系统正式上线"), so an item is matched by the character pairs it shares with a
sentence of this year's measures, each pair weighed by how rare it is in this year's
report; generic words weigh nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from fazhi.datafiles import DataFileError, load, strings
from fazhi.markers import ITEM_LEAD, SENTENCE
from fazhi.model import Document
from fazhi.score.coverage import done_paragraphs

_FILE = "followup.yaml"
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class PlanItem:
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class FollowUp:
    item: PlanItem
    followed: bool
    score: float
    evidence: str | None  # the sentence of this year's report that reports on it

    def to_contract(self) -> dict:
        return {
            "item": self.item.text,
            "followed": self.followed,
            "score": round(self.score, 3),
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class _Settings:
    generic: frozenset[str]
    threshold: float
    enumeration: re.Pattern[str]


@cache
def load_settings() -> _Settings:
    data = load(_FILE, "fazhi.followup/1")
    threshold = data.get("threshold")
    if not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise DataFileError(f"数据文件 {_FILE} 的 threshold 应在 0 到 1 之间")
    try:
        enumeration = re.compile(str(data.get("enumeration")))
    except re.error as exc:
        raise DataFileError(f"数据文件 {_FILE} 的 enumeration 正则表达式有误：{exc}") from exc
    generic = set()
    for word in strings(_FILE, "generic", data.get("generic")):
        generic.update(word[i : i + 2] for i in range(len(word) - 1))
    return _Settings(frozenset(generic), float(threshold), enumeration)


def plan_items(doc: Document) -> list[PlanItem]:
    """The items of the report's next-year plan: its subsections, or the enumerated
    items (一是…, 1.…) or paragraphs of a plan section without subsections."""
    out: list[PlanItem] = []
    for top in doc.sections:
        if top.kind != "next_year":
            continue
        if top.children:
            for child in top.children:
                text = "".join(doc.paragraphs[child.start : child.end])
                out.append(PlanItem(text.strip(), child.start))
            continue
        first = top.start + (0 if top.run_in else 1)
        for i in range(first, top.end):
            text = doc.paragraphs[i]
            if i == top.start:
                # a run-in heading ("三、2024年工作计划。一是…"): its items follow the heading
                text = text[len(top.marker + top.title) :].lstrip("。：: ")
            parts = load_settings().enumeration.split(text)
            if len(parts) > 1 and not ITEM_LEAD.match(parts[0]):
                parts = parts[1:]  # "2024年，我局将继续…：" leads in to 一是…二是…
            for part in parts:
                if len("".join(_HAN.findall(part))) >= 8:
                    out.append(PlanItem(part.strip().rstrip("；;"), i))
    return out


def _pairs(text: str) -> set[str]:
    text = ITEM_LEAD.sub("", text)
    return {run[i : i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1)}


def follow_up(previous: Document, current: Document) -> list[FollowUp]:
    """Each plan item of `previous` (last year's report) checked against `current`."""
    settings = load_settings()
    sentences = [
        m.group().strip()
        for _, text in done_paragraphs(current)
        for m in SENTENCE.finditer(text)
        if len(m.group().strip()) >= 8
    ]
    sentence_pairs = [_pairs(s) for s in sentences]
    df = Counter(p for pairs in sentence_pairs for p in pairs)
    n = len(sentences)

    def weight(pair: str) -> float:
        if pair in settings.generic:
            return 0.0
        return math.log((n + 1) / (df.get(pair, 0) + 1)) + 0.1

    out = []
    for item in plan_items(previous):
        wanted = {p: weight(p) for p in _pairs(item.text)}
        total = sum(wanted.values())
        best, best_score = None, 0.0
        if total > 0:
            for sentence, pairs in zip(sentences, sentence_pairs, strict=True):
                score = sum(w for p, w in wanted.items() if p in pairs) / total
                if score > best_score:
                    best, best_score = sentence, score
        followed = best_score >= settings.threshold
        out.append(FollowUp(item, followed, best_score, best if followed else None))
    return out
