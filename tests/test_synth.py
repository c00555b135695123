"""The synthetic corpus generator: deterministic, varied, readable in every format, with
ground truth that the analyser confirms (clean reports clean, each defect detected)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fazhi.pipeline import analyze_bytes
from fazhi.synth.corpus import generate, report
from fazhi.synth.defects import KINDS
from fazhi.synth.formats import FORMATS, SUFFIX, FormatUnavailable, write
from support.cli import fazhi_cli

INJECTED_RULES = set(KINDS.values())
GOLD_KEYS = {"schema", "document", "is_report", "metadata", "top_sections", "contents",
             "findings", "headings", "facts", "defects"}  # fmt: skip


def _findings(text: str, name: str = "r.txt") -> list[dict]:
    return analyze_bytes(text.encode("utf-8"), name, review=True).to_contract()["findings"]


def test_same_seed_same_reports_and_index_independent_of_n():
    a = [(r.stem, r.text, r.gold) for r in generate(20, seed=7)]
    b = [(r.stem, r.text, r.gold) for r in generate(20, seed=7)]
    assert a == b
    assert report(7, 13).text == a[13][1]
    assert [r.text for r in generate(5, seed=8)] != [t for _, t, _ in a[:5]]


def test_variety_over_200_reports():
    reps = list(generate(200, seed=2))
    titles = {r.gold["metadata"]["title"] for r in reps}
    headings = {
        h["text"].split("、", 1)[-1] for r in reps for h in r.gold["headings"] if h["level"] == 1
    }
    openings = {r.text.split("：\n", 1)[-1][:12] for r in reps}
    kinds = {r.gold["unit"]["kind"] for r in reps}
    levels = {r.gold["unit"]["level"] for r in reps}
    years = {r.gold["metadata"]["report_year"] for r in reps}
    provinces = {r.gold["metadata"]["region"]["province"] for r in reps}
    assert len(titles) == 200
    assert len(headings) >= 15
    assert len(openings) >= 30
    assert kinds == {"government", "department", "zone", "township"}
    assert {"province", "city", "county", "township"} <= levels
    assert years == set(range(2016, 2026))
    assert len(provinces) >= 25


def test_ground_truth_is_valid_and_its_figures_are_in_the_text():
    for rep in generate(60, seed=4):
        gold = rep.gold
        assert set(gold) >= GOLD_KEYS
        assert gold["schema"] == "fazhi.gold/1"
        text = rep.text.replace("\n", "")
        for fact in gold["facts"]:
            assert fact["anchor"] in text, fact
            assert re.search(rf"(?<![\d.]){re.escape(str(fact['value']))}(?![\d.])", fact["anchor"])
        for f in gold["findings"]:
            assert f["rule"] in INJECTED_RULES
            assert (f["anchor"] is None) == (f["rule"] == "structure.missing_content")
            if f["anchor"]:
                assert f["anchor"] in rep.text
        for h in gold["headings"]:
            assert h["text"] in rep.text
        assert {d["rule"] for d in gold["defects"]} == {f["rule"] for f in gold["findings"]}


def test_clean_reports_have_no_finding_of_an_injected_kind():
    for rep in generate(100, seed=5, defect_rate=0.0):
        wrong = [f for f in _findings(rep.text) if f["rule"] in INJECTED_RULES]
        assert not wrong, (rep.stem, wrong)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_defect_is_detected(kind):
    for i in range(4):
        rep = report(11, i, defect_rate=1.0, only=(kind,))
        assert [d["kind"] for d in rep.gold["defects"]] == [kind]
        found = _findings(rep.text)
        for want in rep.gold["findings"]:
            same = [f for f in found if f["rule"] == want["rule"]]
            if want["anchor"] is None:
                assert any(f.get("content") == want["content"] for f in same), (rep.stem, found)
            else:
                evidence = "".join(e for f in same for e in f.get("evidence") or [])
                assert want["anchor"] in evidence or any(
                    want["anchor"][:10] in e for f in same for e in f.get("evidence") or []
                ), (rep.stem, want, found)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_opens_with_the_reader(fmt, tmp_path):
    rep = report(3, 1)
    try:
        path = write(fmt, rep.text, tmp_path / f"r{SUFFIX[fmt]}")
    except FormatUnavailable as exc:
        pytest.skip(str(exc))
    contract = analyze_bytes(path.read_bytes(), path.name).to_contract()
    assert not contract.get("error"), contract.get("error")
    assert contract["is_report"]
    assert contract["metadata"]["report_year"] == rep.gold["metadata"]["report_year"]


def test_cli_writes_reports_and_truth(tmp_path: Path):
    out = tmp_path / "tmp"
    result = fazhi_cli("synth", "--n", "20", "--out", str(out), "--seed", "3", "--no-progress")
    assert result.returncode == 0, result.stderr
    docs = sorted(out.glob("*.txt"))
    truths = sorted(out.glob("*.json"))
    assert len(docs) == 20 and len(truths) == 20
    assert {p.stem for p in docs} == {p.stem for p in truths}
    gold = json.loads(truths[0].read_text(encoding="utf-8"))
    assert gold["schema"] == "fazhi.gold/1" and "defects" in gold
