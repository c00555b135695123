"""Defect detection on synthetic reports: precision and recall per injected rule.

    python benchmarks/defects.py                         # 1,000 txt reports, seed 1
    python benchmarks/defects.py --n 2000 --jobs 8 --formats txt,txt-wrapped
    python benchmarks/defects.py --verbose               # list every miss and false alarm

Each report comes from `fazhi.synth` with its ground truth (the findings its injected
defects must produce). fazhi analyses it (review=True); a finding of an injected kind
is a true positive when its evidence overlaps the planted passage (as the evaluation
scorer matches them), a false positive otherwise, and a planted defect nothing
overlaps is a false negative. `structure.missing_content` is split by content. Exits 1
when any rule with injections falls below --target in precision or recall.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fazhi.pipeline import analyze_bytes  # noqa: E402
from fazhi.synth.corpus import report  # noqa: E402
from fazhi.synth.defects import KINDS  # noqa: E402
from fazhi.synth.formats import SUFFIX, write  # noqa: E402

RULES = frozenset(KINDS.values())


def norm(text: Any) -> str:
    """What the scorer compares: NFKC, no whitespace, one bracket style."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = "".join(ch for ch in s if not ch.isspace())
    for a, b in (("[", "〔"), ("]", "〕"), ("《", "<"), ("》", ">")):
        s = s.replace(a, b)
    return s


def overlaps(anchor: str, evidence: str) -> bool:
    a, e = norm(anchor), norm(evidence)
    if not a or not e:
        return False
    if a in e or e in a:
        return True
    need = min(10, len(a), len(e))
    return any(a[i : i + need] in e for i in range(0, len(a) - need + 1))


def key(f: dict[str, Any]) -> str:
    """The table row of a finding: the rule, and for a missing content which one."""
    if f["rule"] == "structure.missing_content":
        return f"{f['rule']}[{f.get('content')}]"
    return f["rule"]


def _bytes(text: str, fmt: str, stem: str) -> tuple[bytes, str]:
    if fmt == "txt":
        return text.encode("utf-8"), stem + ".txt"
    with tempfile.TemporaryDirectory(prefix="fazhi-defects-") as tmp:
        path = write(fmt, text, Path(tmp, stem + SUFFIX[fmt]))
        return path.read_bytes(), path.name


def one(job: tuple[int, int, float, str]) -> dict[str, Any]:
    """Generate report `index`, analyse it, and match its findings to the truth."""
    seed, index, rate, fmt = job
    rep = report(seed, index, rate)
    data, name = _bytes(rep.text, fmt, rep.stem)
    contract = analyze_bytes(data, name, review=True).to_contract()
    found = [f for f in contract.get("findings") or [] if f.get("rule") in RULES]
    tp, fn, fp = [], [], []
    used: set[int] = set()
    for want in rep.gold["findings"]:
        hit = None
        for i, f in enumerate(found):
            if f["rule"] != want["rule"]:
                continue
            if want["anchor"] is None:
                good = f.get("content") == want.get("content")
            else:
                texts = [*list(f.get("evidence") or []), f.get("message", "")]
                good = any(overlaps(want["anchor"], t) for t in texts)
            if good:
                hit = i
                break
        if hit is None:
            fn.append((key(want), want.get("anchor") or want.get("content")))
        else:
            used.add(hit)
            tp.append(key(want))
    for i, f in enumerate(found):
        if i in used:
            continue
        # a second finding on a passage already matched is the same detection, not a new alarm
        same = any(
            f["rule"] == w["rule"]
            and w["anchor"]
            and any(overlaps(w["anchor"], e) for e in f.get("evidence") or [])
            for w in rep.gold["findings"]
        )
        if not same:
            fp.append((key(f), (f.get("evidence") or [f.get("message", "")])[0][:60]))
    return {
        "stem": rep.stem,
        "error": contract.get("error"),
        "injected": [key(w) for w in rep.gold["findings"]],
        "tp": tp,
        "fn": fn,
        "fp": fp,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--defect-rate", type=float, default=0.5)
    ap.add_argument("--formats", default="txt", help="comma-separated, used in turn")
    ap.add_argument("--target", type=float, default=0.98)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    formats = [f.strip() for f in a.formats.split(",") if f.strip()]
    jobs = [(a.seed, i, a.defect_rate, formats[i % len(formats)]) for i in range(a.n)]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=a.jobs) as pool:
        results = list(pool.map(one, jobs, chunksize=8))
    seconds = time.perf_counter() - started

    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # inj, det, tp, fp, fn
    for r in results:
        for k in r["injected"]:
            rows[k][0] += 1
        for k in r["tp"]:
            rows[k][1] += 1
            rows[k][2] += 1
        for k, _ in r["fp"]:
            rows[k][1] += 1
            rows[k][3] += 1
        for k, _ in r["fn"]:
            rows[k][4] += 1
    clean = sum(1 for r in results if not r["injected"])
    errors = [r for r in results if r["error"]]
    print(
        f"{a.n} reports ({clean} clean) seed {a.seed}, formats {','.join(formats)}, "
        f"analysed in {seconds:.1f} s ({a.n / seconds:.1f}/s, jobs {a.jobs}); errors {len(errors)}"
    )
    head = f"{'rule':44} {'injected':>8} {'detected':>8} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>9} {'recall':>7}"
    print(head)
    print("-" * len(head))
    below = []
    total = [0, 0, 0, 0, 0]
    for k in sorted(rows):
        inj, det, tp, fp, fn = rows[k]
        p = tp / (tp + fp) if tp + fp else 1.0
        rc = tp / (tp + fn) if tp + fn else 1.0
        total = [x + y for x, y in zip(total, rows[k], strict=True)]
        mark = ""
        if inj and (p < a.target or rc < a.target):
            below.append(k)
            mark = "  <"
        print(f"{k:44} {inj:8d} {det:8d} {tp:5d} {fp:5d} {fn:5d} {p:9.3f} {rc:7.3f}{mark}")
    inj, det, tp, fp, fn = total
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    print("-" * len(head))
    print(f"{'total':44} {inj:8d} {det:8d} {tp:5d} {fp:5d} {fn:5d} {p:9.3f} {rc:7.3f}")
    if a.verbose:
        for r in results:
            for k, what in r["fn"]:
                print(f"  FN {r['stem']}: {k} «{what}»")
            for k, what in r["fp"]:
                print(f"  FP {r['stem']}: {k} «{what}»")
        for r in errors:
            print(f"  error {r['stem']}: {r['error']}")
    if below:
        print(f"below target {a.target}: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
