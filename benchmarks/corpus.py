"""The corpus store at scale: ingest rate, database size, search and summary latency.

    python benchmarks/corpus.py                      # 10,000 reports, SQLite and PostgreSQL
    python benchmarks/corpus.py --docs 2000 --backend sqlite
    python benchmarks/corpus.py --pg-url postgresql://user@host/db   # an existing server
    python benchmarks/corpus.py --source synth       # `fazhi synth` reports instead

The reports are variations of the bundled examples (every figure redrawn, so each is a
distinct document with its own facts). PostgreSQL is a throwaway local cluster unless a
URL is given (its database is emptied first). Searches run with the default page (20
results with snippets, and the total count); each query is timed over several rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.support import pg  # noqa: E402
from tests.support.variants import write_variants  # noqa: E402

from fazhi.store import Filters, Store  # noqa: E402
from fazhi.store.batch import ingest_files  # noqa: E402

SHORT = ["复议", "普法", "执法", "信访", "调解", "诉讼", "备案", "听证"]
LONG = ["行政复议", "法治政府建设", "规范性文件", "行政执法三项制度", "重大行政决策", "法律顾问"]
MIXED = ["复议 普法", "执法 证件", "“八五”普法"]
FILTERED = [("复议", Filters(year=2023)), ("普法", Filters(province="江苏省"))]
FILTERED += [("法治政府建设", Filters(level="county", score_min=60))]


def _size(store: Store, db_path: Path | None) -> int:
    if db_path is not None:
        return sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))
    with store.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(backend: str, url: str, files: list[Path], jobs: int, rounds: int, db_path) -> None:
    with Store(url) as store:
        started = time.perf_counter()
        report = ingest_files(store, files, jobs=jobs)
        seconds = time.perf_counter() - started
        n = report.added
        size = _size(store, db_path)
        print(
            f"{backend}: ingest {n} reports (jobs {jobs}) in {seconds:.1f} s —"
            f" {n / seconds:.1f} reports/s; errors {len(report.failed)};"
            f" database {size / 1e6:.0f} MB, {size / max(n, 1) / 1024:.1f} KB/report"
        )
        store.search("预热")  # first query pays for opening the index
        timings: dict[str, list[float]] = {"2-char": [], "longer": [], "filtered": []}
        plan = [("2-char", q, None) for q in SHORT] + [("longer", q, None) for q in LONG + MIXED]
        plan += [("filtered", q, f) for q, f in FILTERED]
        totals = {}
        for _ in range(rounds):
            for kind, query, filters in plan:
                t = time.perf_counter()
                page = store.search(query, filters)
                timings[kind].append((time.perf_counter() - t) * 1000)
                if filters is None:
                    totals[query] = page.total
        every = [t for values in timings.values() for t in values]
        parts = ", ".join(
            f"{kind} p50 {statistics.median(v):.0f} p95 {_pct(v, 0.95):.0f}"
            for kind, v in timings.items()
        )
        print(
            f"{backend}: search {len(every)} queries p50 {statistics.median(every):.1f} ms,"
            f" p95 {_pct(every, 0.95):.1f} ms ({parts}); hits: 复议 {totals['复议']},"
            f" 普法 {totals['普法']}, 行政复议 {totals['行政复议']}"
        )
        summary_times, indicator_times = [], []
        for _ in range(5):
            t = time.perf_counter()
            result = store.summary()
            summary_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            store.indicator("reconsideration.closed", by="county")
            indicator_times.append(time.perf_counter() - t)
        print(
            f"{backend}: summary {statistics.median(summary_times) * 1000:.0f} ms"
            f" ({result.documents} documents, {len(result.by_region)} region-years);"
            f" indicator query by county {statistics.median(indicator_times) * 1000:.0f} ms"
        )


def _synthetic(folder: Path, n: int) -> list[Path]:
    from fazhi.synth.corpus import generate

    folder.mkdir(parents=True)
    files = []
    for report in generate(n, seed=11):
        path = folder / f"{report.stem}.txt"
        path.write_text(report.text, encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-url", help="an existing PostgreSQL database to use (emptied)")
    parser.add_argument(
        "--source",
        choices=["variants", "synth"],
        default="variants",
        help="variations of the examples (the figures quoted so far) or `fazhi synth` reports",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        if args.source == "synth":
            files = _synthetic(folder / "reports", args.docs)
        else:
            files = write_variants(folder / "reports", args.docs, seed=11)
        print(f"generated {len(files)} reports in {time.perf_counter() - t:.1f} s")
        if args.backend in ("sqlite", "both"):
            db_path = folder / "corpus.db"
            run("sqlite", str(db_path), files, args.jobs, args.rounds, db_path)
        if args.backend in ("postgresql", "both"):
            if args.pg_url:
                with Store(args.pg_url) as store:
                    for document_id in store.document_ids():
                        store.delete(document_id)
                run("postgresql", args.pg_url, files, args.jobs, args.rounds, None)
            else:
                os.environ.pop("FAZHI_TEST_PG_URL", None)
                with pg.server() as server, pg.database(server) as url:
                    run("postgresql", url, files, args.jobs, args.rounds, None)


if __name__ == "__main__":
    main()
