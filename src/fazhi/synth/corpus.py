"""N synthetic reports, deterministic for a seed: each report has its own random
source derived from (seed, index), so report i is the same whatever N, the number of
workers or the formats asked for."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fazhi.synth import defects as dk
from fazhi.synth.compose import Report, compose
from fazhi.synth.formats import SUFFIX, write

__all__ = ["Written", "generate", "report", "write_report"]


def _rng(seed: int, index: int, salt: str = "") -> random.Random:
    return random.Random(f"fazhi-synth/{seed}/{index}/{salt}")


def report(seed: int, index: int, defect_rate: float = 0.3, only: tuple[str, ...] = ()) -> Report:
    """Report `index` of the corpus of `seed`."""
    kinds = dk.choose(_rng(seed, index, "defects"), defect_rate, only)
    return compose(_rng(seed, index), f"synth_{seed}_{index:05d}", kinds)


def generate(
    n: int, seed: int = 1, defect_rate: float = 0.3, start: int = 0, only: tuple[str, ...] = ()
) -> Iterator[Report]:
    for i in range(start, start + n):
        yield report(seed, i, defect_rate, only)


@dataclass(frozen=True, slots=True)
class Written:
    document: Path
    truth: Path
    fmt: str


def write_report(
    rep: Report, out: Path, formats: Sequence[str], index: int, truth_dir: Path | None = None
) -> Written:
    """Write `rep` in one of `formats` (chosen by index, so the mix is even) with its
    ground truth `<stem>.json` beside it (or in `truth_dir`: the scorer, given one
    folder for both, may take a .json for the document of the same stem)."""
    fmt = formats[index % len(formats)]
    doc = write(fmt, rep.text, out / (rep.stem + SUFFIX[fmt]), random.Random(rep.stem))
    gold = rep.gold | {"document": doc.name, "format": fmt}
    truth = (truth_dir or out) / (rep.stem + ".json")
    truth.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Written(doc, truth, fmt)
