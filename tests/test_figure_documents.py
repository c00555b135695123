"""Whole synthetic documents (tests/data/figures2): core facts and arithmetic findings
scored the way the evaluation scorer scores them, plus every planted error found."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

import fazhi
from fazhi.figures.catalogue import catalogue

DOCS = Path(__file__).parent / "data" / "figures2"
GOLD = {
    p.stem: json.loads(p.read_text(encoding="utf-8"))
    for p in sorted((DOCS / "gold").glob("*.json"))
}
RULES = ("arith.", "data.")


def _norm(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if not ch.isspace())


def _same(a: dict, b: dict) -> bool:
    return a["indicator"] == b["indicator"] and abs(
        float(a["base_value"]) - float(b["base_value"])
    ) <= 1e-6 * max(1.0, abs(float(a["base_value"])))


@pytest.fixture(scope="module")
def analyses() -> dict[str, dict]:
    return {stem: fazhi.analyze(DOCS / f"{stem}.txt").to_contract() for stem in GOLD}


def test_core_facts_f1(analyses: dict[str, dict]) -> None:
    core = {c for c, i in catalogue().indicators.items() if i.core}
    tp = fp = fn = 0
    for stem, gold in GOLD.items():
        predicted = [f for f in analyses[stem]["facts"] if f["indicator"] in core]
        used: set[int] = set()
        for want in gold["facts"]:
            hit = next(
                (i for i, f in enumerate(predicted) if i not in used and _same(want, f)), None
            )
            if hit is None:
                fn += 1
            else:
                used.add(hit)
                tp += 1
        extras: list[dict] = []
        for i, f in enumerate(predicted):
            if (
                i in used
                or any(_same(g, f) for g in gold["facts"])
                or any(_same(e, f) for e in extras)
            ):
                continue
            extras.append(f)
        fp += len(extras)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.98 and recall >= 0.97, (precision, recall, tp, fp, fn)


@pytest.mark.parametrize("stem", sorted(GOLD))
def test_arithmetic_findings(stem: str, analyses: dict[str, dict]) -> None:
    got = [f for f in analyses[stem]["findings"] if f["rule"].startswith(RULES)]
    want = [f for f in GOLD[stem].get("findings", []) if f["rule"].startswith(RULES)]
    for w in want:
        assert any(
            f["rule"] == w["rule"]
            and any(_norm(w["anchor"])[:10] in _norm(e) for e in f["evidence"])
            for f in got
        ), w
    assert len(got) == len(want), [f["message"] for f in got]


QUIET = sorted(
    p
    for p in (Path(__file__).parent / "data").rglob("*")
    if p.suffix in {".txt", ".docx", ".html", ".pdf", ".ofd"}
    and "figures" not in p.parts[-2]
    and p.parent.name != "figures2"
)


def test_no_false_alarms_on_texts_without_arithmetic_errors() -> None:
    """The structure test sets (~200 texts written with consistent figures) raise no
    arithmetic or masked-value finding."""
    alarms = []
    for path in QUIET:
        doc = fazhi.analyze(path)
        alarms += [(path.name, f.message) for f in doc.findings if f.rule.startswith(RULES)]
    assert len(QUIET) > 150
    assert alarms == []
