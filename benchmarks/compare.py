"""Speed of `fazhi compare`'s copy finder and plan follow-up on a corpus of reports.

    python benchmarks/compare.py               # 200 reports built from the seeds or examples/
    python benchmarks/compare.py --docs 1000

Each report is a distinct copy of a seed whose paragraphs are shuffled and lightly
edited (a figure changed in every paragraph), so the MinHash index sees many
near-duplicates, as it does on a real collection where units copy each other. Prints
paragraphs indexed per second, candidate pairs verified, pairs found, and the time of
one plan follow-up.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import fazhi  # noqa: E402
from fazhi.compare import find_copies, follow_up  # noqa: E402


def base_reports() -> list[fazhi.Document]:
    for folder in (ROOT.parent / "shared" / "seeds", ROOT / "examples"):
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return [fazhi.analyze(p) for p in files]
    sys.exit("benchmark: no .txt reports found")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=200)
    a = ap.parse_args()
    rng = random.Random(7)
    bases = base_reports()
    reports = []
    for i in range(a.docs):
        paragraphs = list(bases[i % len(bases)].paragraphs)
        rng.shuffle(paragraphs)
        reports.append(
            [
                re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 3)), p, count=1)
                for p in paragraphs
            ]
        )
    count = sum(len(r) for r in reports)
    start = time.perf_counter()
    copies = find_copies(reports)
    elapsed = time.perf_counter() - start
    print(
        f"copies: {a.docs} reports, {count} paragraphs in {elapsed:.2f} s — "
        f"{count / elapsed:.0f} paragraphs/s, {len(copies)} copied pairs found"
    )
    prev, cur = bases[0], bases[-1]
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        follow_up(prev, cur)
    print(f"follow-up: {(time.perf_counter() - start) / rounds * 1000:.1f} ms per pair of reports")


if __name__ == "__main__":
    main()
