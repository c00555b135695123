"""Throughput of `fazhi.analyze` on plain-text reports in one process.

    python benchmarks/analyze.py            # the seeds (../shared/seeds) or examples/, to 1,000 docs
    python benchmarks/analyze.py --docs 5000 --dir some/folder

Prints reports/s and MB/s over the whole run and the median per-report time. Every
document is analysed from its bytes (decoding included); each copy gets a distinct
trailing comment line so no cache can answer for a repeat.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import fazhi  # noqa: E402


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
    print(
        f"analyze: {len(docs)} reports ({len(base)} distinct, {size / 1e6:.1f} MB) in {elapsed:.2f} s — "
        f"{len(docs) / elapsed:.0f} reports/s, {size / 1e6 / elapsed:.2f} MB/s, "
        f"median {statistics.median(per_doc) * 1000:.2f} ms/report, errors {errors}"
    )


if __name__ == "__main__":
    main()
