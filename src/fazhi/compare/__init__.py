"""Across reports: paragraphs copied between them, and last year's plan followed up.

>>> import fazhi
>>> from fazhi.compare import compare
>>> result = compare([fazhi.analyze("东塘区2022.docx"), fazhi.analyze("东塘区2023.docx")])
>>> [c.similarity for c in result.copies], [f.followed for _, _, f in result.followups]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fazhi.compare.copies import CopiedPassage, find_copies
from fazhi.compare.plans import FollowUp, follow_up, plan_items
from fazhi.model import Document


def preload() -> None:
    """Load the follow-up settings now, so a broken data file is reported up front."""
    from fazhi.compare.plans import load_settings

    load_settings()


__all__ = [
    "Comparison",
    "CopiedPassage",
    "FollowUp",
    "compare",
    "find_copies",
    "follow_up",
    "plan_items",
    "preload",
    "same_issuer",
]


@dataclass(frozen=True, slots=True)
class Comparison:
    documents: tuple[Document, ...]
    copies: tuple[CopiedPassage, ...]
    # (index of last year's report, index of this year's, the follow-up of each plan item)
    followups: tuple[tuple[int, int, tuple[FollowUp, ...]], ...]

    def to_contract(self) -> dict[str, Any]:
        names = [d.source.path for d in self.documents]
        return {
            "schema": "fazhi.compare/1",
            "documents": [
                {
                    "path": d.source.path,
                    "title": d.metadata.title,
                    "issuer": d.metadata.issuer,
                    "report_year": d.metadata.report_year,
                    "is_report": d.is_report,
                    "error": d.error.to_contract() if d.error else None,
                }
                for d in self.documents
            ],
            "copies": [
                {
                    "a": {"path": names[c.a.doc], "paragraph": c.a.paragraph, "text": c.a.text},
                    "b": {"path": names[c.b.doc], "paragraph": c.b.paragraph, "text": c.b.text},
                    "similarity": c.similarity,
                    "verbatim": c.verbatim,
                }
                for c in self.copies
            ],
            "followups": [
                {
                    "previous": names[i],
                    "current": names[j],
                    "followed": sum(1 for f in items if f.followed),
                    "items": [f.to_contract() for f in items],
                }
                for i, j, items in self.followups
            ],
        }


def same_issuer(a: Document, b: Document) -> bool:
    """One issuer under two spellings: 马尾区人民政府 / 福州市马尾区人民政府."""
    x, y = a.metadata.issuer, b.metadata.issuer
    if not x or not y:
        return False
    return x == y or x.endswith(y) or y.endswith(x)


def compare(documents: list[Document], *, threshold: float = 0.6) -> Comparison:
    """Copied paragraphs among all `documents`; plan follow-up for every pair of reports
    of the same issuer on consecutive years."""
    readable = [d for d in documents if d.error is None]
    copies = find_copies([list(d.paragraphs) for d in readable], threshold=threshold)
    index = {id(d): i for i, d in enumerate(documents)}
    # copies were found among the readable documents: point them back at the input order
    remap = [index[id(d)] for d in readable]
    copies = [
        CopiedPassage(
            type(c.a)(remap[c.a.doc], c.a.paragraph, c.a.text),
            type(c.b)(remap[c.b.doc], c.b.paragraph, c.b.text),
            c.similarity,
        )
        for c in copies
    ]
    followups = []
    for prev in readable:
        for cur in readable:
            py, cy = prev.metadata.report_year, cur.metadata.report_year
            if py is None or cy != py + 1 or not same_issuer(prev, cur):
                continue
            items = tuple(follow_up(prev, cur))
            if items:
                followups.append((index[id(prev)], index[id(cur)], items))
    return Comparison(tuple(documents), tuple(copies), tuple(followups))
