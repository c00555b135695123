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
import struct
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

_SHINGLE = 5
_PERMUTATIONS = 63
_DIGESTS = 4  # each 64-byte blake2b digest gives 16 of the 32-bit hashes
_MIN_CHARS = 30
_SPACE_PUNCT = re.compile(r"[\s，。、；：,.;:！？!?“”\"'（）()《》]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=1 << 16)  # about 20 MB: 252-byte arrays
def _gram_hashes(gram: str) -> array:
    """_PERMUTATIONS independent 32-bit hashes of one shingle, from keyed blake2b digests
    (a real collection repeats most shingles, hence the cache)."""
    data = gram.encode()
    raw = b"".join(
        hashlib.blake2b(data, digest_size=64, person=f"fazhi-mh{i}".encode()).digest()
        for i in range(_DIGESTS)
    )
    return array("I", struct.unpack(f"<{_PERMUTATIONS}I", raw[: 4 * _PERMUTATIONS]))


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
    similarity: float  # Jaccard of 5-gram shingles, figures masked

    @property
    def verbatim(self) -> bool:
        """Word for word, figures included (spacing and punctuation aside)."""
        return _compact(self.a.text) == _compact(self.b.text)


def _compact(text: str) -> str:
    return _SPACE_PUNCT.sub("", text)


def shingles(text: str) -> frozenset[str]:
    # figures are masked: last year's paragraph with this year's numbers is still a copy
    compact = _DIGITS.sub("#", _compact(text))
    return frozenset(compact[i : i + _SHINGLE] for i in range(max(1, len(compact) - _SHINGLE + 1)))


def signature(items: frozenset[str]) -> tuple[int, ...]:
    """The MinHash signature: per hash function, the least hash over the shingles."""
    return tuple(map(min, zip(*map(_gram_hashes, items), strict=True)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def find_copies(
    reports: list[list[str]], *, threshold: float = 0.6, min_chars: int = _MIN_CHARS
) -> list[CopiedPassage]:
    """Paragraph pairs from different reports whose shingle sets overlap at least
    `threshold` (Jaccard), most similar first. `reports` holds each report's paragraphs."""
    passages: list[Passage] = []
    sets: list[frozenset[str]] = []
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    # 3 rows a band find pairs at 0.6 Jaccard 99.4% of the time; below that, 2 rows (31
    # bands) keep pairs at 0.3 at 95%, at the price of more candidates to verify
    rows = 3 if threshold >= 0.6 else 2
    bands = _PERMUTATIONS // rows
    for d, paragraphs in enumerate(reports):
        for i, text in enumerate(paragraphs):
            if len(_SPACE_PUNCT.sub("", text)) < min_chars or "\t" in text:
                continue  # headings, short lines and table rows repeat by nature
            items = shingles(text)
            index = len(passages)
            passages.append(Passage(d, i, text))
            sets.append(items)
            sig = signature(items)
            for band in range(bands):
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
    return sorted(
        out, key=lambda c: (-c.similarity, c.a.doc, c.a.paragraph, c.b.doc, c.b.paragraph)
    )
