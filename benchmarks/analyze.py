"""Throughput of `fazhi.analyze` on plain-text reports in one process.

    python benchmarks/analyze.py            # the seeds (../shared/seeds) or examples/, to 1,000 docs
    python benchmarks/analyze.py --docs 5000 --dir some/folder

Prints reports/s and MB/s over the whole run (structure + figures + checks) and the
median per-report time; the cost of the review rules and of the review stage
(coverage, substance, score card) and the rate of `analyze(review=True)`; then the figures stage alone (numbers, facts, relations,
indicators) against the floor: one pass of a compiled `re` number scan over the same
normalised text, which finds the same number forms (Arabic, 万/亿, Chinese numerals with
a unit) but reads nothing. Every document is analysed from its bytes (decoding
included); each copy gets a distinct trailing comment line so no cache can answer for
a repeat.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import fazhi  # noqa: E402
from fazhi.checks import review_findings  # noqa: E402
from fazhi.figures.facts import extract_facts  # noqa: E402
from fazhi.score import review  # noqa: E402

# the floor: recognise numbers in the forms fazhi reads, without interpreting them
FLOOR = re.compile(
    r"\d+(?:[.,]\d+)*\s*(?:万|亿)?\s*[件起个项家名人场次%元份条]?"
    r"|[一二三四五六七八九十百千万亿两]+[件起个项家名人场次份条]"
)


def corpus(folder: Path | None) -> list[tuple[str, bytes]]:
    candidates = [folder] if folder else [ROOT.parent / "shared" / "seeds", ROOT / "examples"]
    for c in candidates:
        if c and c.is_dir():
            files = sorted(p for p in c.glob("*.txt") if p.is_file())
            if files:
                return [(p.name, p.read_bytes()) for p in files]
    sys.exit("benchmark: no .txt reports found (looked in ../shared/seeds and examples/)")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=1000, help="documents to analyse (default 1000)")
    ap.add_argument("--dir", type=Path, help="folder of .txt reports to repeat")
    a = ap.parse_args()
    base = corpus(a.dir)
    fazhi.analyze(base[0][1], base[0][0])  # load data files and indexes once, outside the timing
    docs = [
        (name, data + f"\n<!-- copy {i} -->\n".encode())
        for i in range(a.docs)
        for name, data in [base[i % len(base)]]
    ]
    size = sum(len(d) for _, d in docs)
    per_doc = []
    errors = 0
    start = time.perf_counter()
    for name, data in docs:
        t = time.perf_counter()
        errors += fazhi.analyze(data, name).error is not None
        per_doc.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - start
    facts = 0
    figures_time = floor_time = 0.0
    analysed = [fazhi.analyze(data, name) for name, data in docs[: len(base)]]
    rounds = max(1, len(docs) // len(base))
    for _ in range(rounds):
        for doc in analysed:
            t = time.perf_counter()
            facts += len(extract_facts(doc.paragraphs, doc.sections))
            figures_time += time.perf_counter() - t
            text = doc.text
            t = time.perf_counter()
            sum(1 for _ in FLOOR.finditer(text))
            floor_time += time.perf_counter() - t
    n = rounds * len(analysed)
    checks_time = review_time = 0.0
    for _ in range(rounds):
        for doc in analysed:
            t = time.perf_counter()
            review_findings(doc)
            checks_time += time.perf_counter() - t
            t = time.perf_counter()
            review(doc)
            review_time += time.perf_counter() - t
    with_review = []
    for name, data in docs[: min(len(docs), 200)]:
        t = time.perf_counter()
        fazhi.analyze(data, name, review=True)
        with_review.append(time.perf_counter() - t)
    print(
        f"analyze: {len(docs)} reports ({len(base)} distinct, {size / 1e6:.1f} MB) in {elapsed:.2f} s — "
        f"{len(docs) / elapsed:.0f} reports/s, {size / 1e6 / elapsed:.2f} MB/s, "
        f"median {statistics.median(per_doc) * 1000:.2f} ms/report, errors {errors}"
    )
    print(
        f"figures: {facts / n:.0f} facts/report, {figures_time / n * 1000:.2f} ms/report; "
        f"floor (one compiled re number scan) {floor_time / n * 1000:.3f} ms/report; "
        f"figures/floor {figures_time / floor_time:.0f}x, "
        f"full analysis/floor {elapsed / len(docs) / (floor_time / n):.0f}x"
    )
    print(
        f"checks: {checks_time / n * 1000:.2f} ms/report (all review rules); "
        f"review stage (coverage + substance + score card): {review_time / n * 1000:.2f} ms/report; "
        f"analyze --review: {len(with_review) / sum(with_review):.0f} reports/s, "
        f"median {statistics.median(with_review) * 1000:.2f} ms/report"
    )


if __name__ == "__main__":
    main()
