"""The project's own acceptance line: the evaluation scorer on the development set.

Runs ../shared/eval/score.py (which calls `fazhi analyze --format jsonl`) with the
thresholds the analysis-core and figures issues set; skipped when ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import GOLD, SEEDS, SHARED, needs_shared


@needs_shared
def test_scorer_thresholds_on_seeds(tmp_path: Path):
    summary = tmp_path / "summary.json"
    bindir = Path(sys.executable).parent
    cmd = f"{sys.executable} -m fazhi.cli analyze --format jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--docs",
            str(SEEDS),
            "--gold",
            str(GOLD),
            "--cmd",
            cmd,
            "--json",
            str(summary),
            "--min-is-report-acc",
            "1.0",
            "--min-metadata-acc",
            "0.95",
            "--min-contents-acc",
            "0.9",
            "--min-section-kind-acc",
            "1.0",
            "--min-headings-l1-f1",
            "1.0",
            "--min-headings-l2-f1",
            "1.0",
            "--min-facts-f1",
            "0.9",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": str(bindir), "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["errors"] == []
    assert s["metadata_invented"] == 0
    assert s["region_acc"] == 1.0
    assert s["sections_exact"] == 1.0
    for level in ("L1", "L2"):
        assert s["headings"][level]["precision"] == 1.0 and s["headings"][level]["recall"] == 1.0
    assert s["headings"]["L3"]["precision"] >= 0.95 and s["headings"]["L3"]["recall"] >= 0.95
    # the figures issue: every gold arithmetic and masked-value finding, and no false alarm
    for rule, tally in s["findings"]["by_rule"].items():
        if rule.startswith(("arith.", "data.")):
            assert tally["fn"] == 0 and tally["fp"] == 0, (rule, tally)
    # every gold missing-content finding is found
    assert s["findings"]["by_rule"]["structure.missing_content"]["fn"] == 0
    assert s["findings"]["by_rule"]["structure.missing_content"]["fp"] == 0
