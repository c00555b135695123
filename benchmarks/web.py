"""The web workspace at scale: how long each page and chart request takes over a corpus
of thousands of reports, measured through `fazhi serve` on loopback.

    python benchmarks/web.py                 # 2,000 synthetic reports in SQLite
    python benchmarks/web.py --docs 10000

The reports come from `fazhi synth` (defects included, so findings are there to show);
each URL is fetched several times after one warm-up and the median and the slowest are
printed with the size of the answer.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402

from fazhi.store import Store  # noqa: E402
from fazhi.store.batch import ingest_files  # noqa: E402
from fazhi.synth.corpus import generate  # noqa: E402


def _serve(db: Path, config: Path) -> tuple[str, subprocess.Popen]:
    """`fazhi serve` in its own process, as a user runs it: a server thread inside this
    process would share the interpreter lock with the client and add its waits."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config.write_text("open_browsing: true\n", encoding="utf-8")  # and no administrator
    env = {**os.environ, "FAZHI_CONFIG": str(config)}
    command = [sys.executable, "-m", "fazhi.cli", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health").status_code == 200:
                return base, server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("fazhi serve did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fazhi-web-bench-") as tmp:
        folder = Path(tmp, "reports")
        folder.mkdir()
        started = time.perf_counter()
        files = []
        for report in generate(args.docs, seed=args.seed):
            path = folder / f"{report.stem}.txt"
            path.write_text(report.text, encoding="utf-8")
            files.append(path)
        print(f"generated {len(files)} reports in {time.perf_counter() - started:.1f} s")
        with Store(Path(tmp, "corpus.db")) as store:
            started = time.perf_counter()
            ingest_files(store, files, jobs=args.jobs)
            print(f"ingested in {time.perf_counter() - started:.1f} s")
            some_id = store.reports(order="score_asc", limit=1).items[0].id
            code = "reconsideration.closed"
            urls = [
                ("corpus page", "/"),
                ("corpus, page 20", "/?page=20"),
                ("corpus, filtered", "/?year=2023&level=county&order=score"),
                ("search 复议", "/?q=复议"),
                ("search 行政复议 纠错", "/?q=行政复议+纠错"),
                ("report page", f"/reports/{some_id}"),
                ("report Excel", f"/reports/{some_id}/report.xlsx"),
                ("review opinion .docx", f"/reports/{some_id}/opinion.docx"),
                ("compare page", "/compare"),
                ("indicator by county", f"/api/compare/indicators/{code}?by=county"),
                ("coverage heat-map", "/api/compare/coverage"),
                ("export all (xlsx)", "/api/export?format=xlsx"),
            ]
            base, server = _serve(Path(tmp, "corpus.db"), Path(tmp, "web.yaml"))
            try:
                with httpx.Client(base_url=base, timeout=600) as client:
                    print(f"{'request':<24} {'median ms':>10} {'max ms':>9} {'size':>10}")
                    for label, url in urls:
                        answer = client.get(url)
                        assert answer.status_code == 200, (url, answer.status_code)
                        times = []
                        for _ in range(args.rounds):
                            t = time.perf_counter()
                            answer = client.get(url)
                            times.append((time.perf_counter() - t) * 1000)
                        size = f"{len(answer.content) / 1024:.0f} KB"
                        print(
                            f"{label:<24} {statistics.median(times):>10.1f}"
                            f" {max(times):>9.1f} {size:>10}"
                        )
            finally:
                server.terminate()
                server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
