"""Near-duplicate paragraphs across reports: text copied from another unit's report or
from last year's.

Each paragraph becomes a set of character 5-gram shingles; a MinHash signature of the
set and locality-sensitive hashing (bands of rows) find the candidate pairs among
thousands of paragraphs without comparing every pair, and the exact Jaccard similarity
of the shingle sets decides. Hashes come from blake2b, never from Python's salted
`hash()`, so results are the same in every run.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

_SHINGLE = 5
_PERMUTATIONS = 63
_BANDS = 21  # 21 bands of 3 rows: a pair at 0.6 Jaccard meets in some band 99.4% of the time
_PRIME = (1 << 61) - 1
_MIN_CHARS = 30
_SPACE_PUNCT = re.compile(r"[\s，。、；：,.;:！？!?“”\"'（）()《》]")


def _coefficients() -> list[tuple[int, int]]:
    out = []
    for i in range(_PERMUTATIONS):
        digest = hashlib.blake2b(f"fazhi-minhash-{i}".encode(), digest_size=16).digest()
        a = int.from_bytes(digest[:8], "little") % (_PRIME - 1) + 1
        b = int.from_bytes(digest[8:], "little") % _PRIME
        out.append((a, b))
    return out


_COEFFICIENTS = _coefficients()


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph of one report: `doc` is the report's index in the input."""

    doc: int
    paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class CopiedPassage:
    a: Passage
    b: Passage
    similarity: float  # Jaccard of 5-gram shingles, 1.0 for verbatim

    @property
    def verbatim(self) -> bool:
        return self.similarity >= 0.999


def shingles(text: str) -> frozenset[int]:
    compact = _SPACE_PUNCT.sub("", text)
    grams = {compact[i : i + _SHINGLE] for i in range(max(1, len(compact) - _SHINGLE + 1))}
    return frozenset(
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in grams
    )


def signature(items: frozenset[int]) -> tuple[int, ...]:
    return tuple(min((a * x + b) % _PRIME for x in items) for a, b in _COEFFICIENTS)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def find_copies(
    reports: list[list[str]], *, threshold: float = 0.6, min_chars: int = _MIN_CHARS
) -> list[CopiedPassage]:
    """Paragraph pairs from different reports whose shingle sets overlap at least
    `threshold` (Jaccard), most similar first. `reports` holds each report's paragraphs."""
    passages: list[Passage] = []
    sets: list[frozenset[int]] = []
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    rows = _PERMUTATIONS // _BANDS
    for d, paragraphs in enumerate(reports):
        for i, text in enumerate(paragraphs):
            if len(_SPACE_PUNCT.sub("", text)) < min_chars or "\t" in text:
                continue  # headings, short lines and table rows repeat by nature
            items = shingles(text)
            index = len(passages)
            passages.append(Passage(d, i, text))
            sets.append(items)
            sig = signature(items)
            for band in range(_BANDS):
                buckets[(band, sig[band * rows : (band + 1) * rows])].append(index)
    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if passages[i].doc != passages[j].doc:
                    candidates.add((i, j))
    out = []
    for i, j in candidates:
        similarity = jaccard(sets[i], sets[j])
        if similarity >= threshold:
            out.append(CopiedPassage(passages[i], passages[j], round(similarity, 4)))
    return sorted(out, key=lambda c: (-c.similarity, c.a.doc, c.a.paragraph, c.b.paragraph))
