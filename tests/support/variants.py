"""Many distinct reports from a few: the bundled examples with their figures redrawn.

Each variant keeps the example's structure, issuer and years and changes every other
number, so it hashes differently and states different facts. Used by the store tests
(crash and resume need a batch long enough to interrupt) and by benchmarks/corpus.py
until the synthetic corpus generator exists.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# a year (2023年, 2023—2025) or a date part stays as it is: the report must stay a report
# of its year; any other run of digits is redrawn with the same number of digits
_NUMBER = re.compile(r"(?<![\d.])\d+(?![\d])(?!\s*[年月日号—\-－])")


def example_texts() -> list[tuple[str, str]]:
    """(stem, text) of the bundled UTF-8 text examples."""
    return [
        (p.stem, p.read_text(encoding="utf-8"))
        for p in sorted(EXAMPLES.glob("*.txt"))
        if p.stem.count(".") == 0
    ]


def _redraw(text: str, rng: random.Random) -> str:
    def one(match: re.Match[str]) -> str:
        digits = match.group()
        if len(digits) == 4 and digits.startswith(("19", "20")):
            return digits
        first = str(rng.randint(1, 9)) if len(digits) > 1 or digits != "0" else "0"
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    return _NUMBER.sub(one, text)


def variants(n: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """`n` (file name, text) pairs, cycling through the examples."""
    rng = random.Random(seed)
    texts = example_texts()
    for i in range(n):
        stem, text = texts[i % len(texts)]
        yield f"{stem}_v{i:05d}.txt", _redraw(text, rng)


def write_variants(folder: Path, n: int, seed: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in variants(n, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
