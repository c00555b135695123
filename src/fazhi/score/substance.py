"""Substance: the share of the measures' sentences that carry a figure, a named document
or a named measure, against slogan-only sentences (`data/substance.yaml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fazhi.datafiles import DataFileError, compile_patterns, load, strings
from fazhi.markers import ITEM_LEAD, SENTENCE
from fazhi.model import Document
from fazhi.score.coverage import done_paragraphs

_FILE = "substance.yaml"
_MAX_EXAMPLES = 3
_LABEL_CHARS = 30


@dataclass(frozen=True, slots=True)
class Substance:
    sentences: int = 0
    with_figure: int = 0
    named: int = 0  # naming a document or measure, without a figure
    slogan_only: int = 0
    slogan_examples: tuple[str, ...] = ()

    @property
    def specific(self) -> int:
        return self.with_figure + self.named

    @property
    def ratio(self) -> float:
        judged = self.specific + self.slogan_only
        return self.specific / judged if judged else 0.0

    def to_contract(self) -> dict:
        return {
            "ratio": round(self.ratio, 4),
            "sentences": self.sentences,
            "with_figure": self.with_figure,
            "named": self.named,
            "slogan_only": self.slogan_only,
            "slogan_examples": list(self.slogan_examples),
        }


@cache
def load_cues() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]], int]:
    data = load(_FILE, "fazhi.substance/1")
    minimum = data.get("min_chars")
    if not isinstance(minimum, int) or minimum < 1:
        raise DataFileError(f"数据文件 {_FILE} 的 min_chars 应为正整数")
    return (
        compile_patterns(
            _FILE, "named_measure", strings(_FILE, "named_measure", data.get("named_measure"))
        ),
        compile_patterns(_FILE, "slogan", strings(_FILE, "slogan", data.get("slogan"))),
        minimum,
    )


def measure_substance(doc: Document, done: list[tuple[int, str]] | None = None) -> Substance:
    """`done` is `done_paragraphs(doc)` when the caller has it already."""
    named_cues, slogan_cues, minimum = load_cues()
    figures: dict[int, list[int]] = {}
    for f in doc.facts:
        figures.setdefault(f.paragraph, []).append(f.start)
    # where each heading ends in its paragraph: a run-in heading's own words are a label
    heading_end = {s.start: len(s.marker + s.title) for top in doc.sections for s in top.walk()}
    counts = {"sentences": 0, "with_figure": 0, "named": 0, "slogan_only": 0}
    examples: list[str] = []
    for index, text in done if done is not None else done_paragraphs(doc):
        starts = figures.get(index, [])
        body = heading_end.get(index, 0)
        for m in SENTENCE.finditer(text, body):
            sentence = m.group().strip(" 。：:，,")
            if len(sentence) < minimum:
                continue
            if m.start() == 0 and ITEM_LEAD.match(sentence) and len(sentence) <= _LABEL_CHARS:
                continue  # "四是不断推进法治化营商环境": a lead phrase is a label, not a claim
            counts["sentences"] += 1
            if any(m.start() <= s < m.end() for s in starts):
                counts["with_figure"] += 1
            elif any(p.search(sentence) for p in named_cues):
                counts["named"] += 1
            elif any(p.search(sentence) for p in slogan_cues):
                counts["slogan_only"] += 1
                if len(examples) < _MAX_EXAMPLES:
                    examples.append(sentence)
    return Substance(slogan_examples=tuple(examples), **counts)
