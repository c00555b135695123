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


def _shape(anchor: str) -> str:
    """A phrasing with its numbers blanked: 受理行政复议案件#件."""
    return re.sub(r"\d[\d,.]*", "#", anchor)


def test_variety_over_300_reports():
    reps = list(generate(300, seed=2))
    golds = [r.gold for r in reps]
    titles = {g["metadata"]["title"] for g in golds}
    heads = [h for g in golds for h in g["headings"]]
    l1 = {h["text"].split("、", 1)[-1].strip() for h in heads if h["level"] == 1}
    l3 = [h for h in heads if h["level"] == 3]
    run_in = [h for h in heads if h["run_in"] and h["level"] == 2]
    openings = {r.text.split("：\n", 1)[-1][:12] for r in reps}
    kinds = {g["unit"]["kind"] for g in golds}
    levels = {g["unit"]["level"] for g in golds}
    years = {g["metadata"]["report_year"] for g in golds}
    provinces = {g["metadata"]["region"]["province"] for g in golds}
    addressees = {tuple(g["metadata"]["addressees"]) for g in golds}
    facts = [f for g in golds for f in g["facts"]]
    shapes = {_shape(f["anchor"]) for f in facts}
    per_indicator: dict[str, set[str]] = {}
    for f in facts:
        per_indicator.setdefault(f["indicator"], set()).add(_shape(f["anchor"]))
    text = "".join(r.text for r in reps)
    assert len(titles) >= 270  # some titles do not name their issuer
    assert len(l1) >= 35
    assert len(l3) >= 300 and {h["text"][1] for h in l3} >= {".", "、"}
    assert len(run_in) >= 200
    assert len(openings) >= 40
    assert kinds == {"government", "department", "zone", "township", "party"}
    assert {"province", "city", "county", "township"} <= levels
    assert years == set(range(2016, 2026))
    assert len(provinces) >= 25
    assert len({tuple(a[-4:] for a in t) for t in addressees}) >= 15
    assert any(len(a) >= 3 for a in addressees)  # 县委、县政府，市司法局
    # figures: many phrasings, each indicator in several, hedged and scaled values
    assert len(shapes) >= 600
    assert sum(len(v) >= 4 for v in per_indicator.values()) >= 20
    assert sum(f["approx"] for f in facts) >= 100
    assert any(f["unit"].startswith("万") for f in facts)
    assert re.search(r"\d,\d{3}件", text)
    assert "分别为" in text and "。其中，" in text and "同比" in text
    assert re.search(r"\d—\d+个工作日", text)
    assert re.search(r"[二三四五六七八九十]+次", text)
    assert "特此报告" in text and "附件：" in text and "抄送：" in text


def test_municipality_districts_name_their_city():
    for rep in generate(400, seed=9):
        region, issuer = rep.gold["metadata"]["region"], rep.gold["metadata"]["issuer"][0]
        municipal = region["province"] in {"北京市", "上海市", "天津市", "重庆市"}
        if (
            municipal
            and region["county"]
            and rep.gold["unit"]["kind"] in {"government", "department"}
        ):
            assert issuer.startswith(region["province"]), issuer


def test_ground_truth_is_valid_and_its_figures_are_in_the_text():
    for rep in generate(80, seed=4):
        gold = rep.gold
        assert set(gold) >= GOLD_KEYS
        assert gold["schema"] == "fazhi.gold/1"
        text = rep.text.replace("\n", "")
        for fact in gold["facts"]:
            assert fact["anchor"] in text, fact
            written = fact["anchor"].replace(",", "")
            assert re.search(rf"(?<![\d.]){re.escape(str(fact['value']))}(?![\d.])", written)
            scale = 10000 if fact["unit"].startswith("万") else 1
            assert abs(fact["value"] * scale - fact["base_value"]) < 1e-6 * max(
                1, fact["base_value"]
            )
        for f in gold["findings"]:
            assert f["rule"] in INJECTED_RULES
            assert (f["anchor"] is None) == (f["rule"] == "structure.missing_content")
            if f["anchor"]:
                assert f["anchor"] in rep.text
        for h in gold["headings"]:
            assert h["text"] in rep.text
        assert {d["rule"] for d in gold["defects"]} == {f["rule"] for f in gold["findings"]}


# Where fazhi is known to be wrong on a synthetic report (see the synth notes in the
# lead's report): these are kept in the corpus on purpose, and skipped here.
def _known_gap(rep, rule: str, anchor: str | None, content: str | None = None) -> bool:
    return False


def test_clean_reports_have_no_finding_of_an_injected_kind():
    for rep in generate(100, seed=5, defect_rate=0.0):
        wrong = [
            f
            for f in _findings(rep.text)
            if f["rule"] in INJECTED_RULES
            and not _known_gap(rep, f["rule"], None, f.get("content"))
        ]
        assert not wrong, (rep.stem, wrong)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_defect_is_detected(kind):
    for i in range(6):
        rep = report(11, i, defect_rate=1.0, only=(kind,))
        assert [d["kind"] for d in rep.gold["defects"]] == [kind]
        found = _findings(rep.text)
        for want in rep.gold["findings"]:
            if _known_gap(rep, want["rule"], want["anchor"], want.get("content")):
                continue
            same = [f for f in found if f["rule"] == want["rule"]]
            if want["anchor"] is None:
                assert any(f.get("content") == want["content"] for f in same), (rep.stem, found)
            else:
                anchor = "".join(want["anchor"].split())
                evidence = ["".join(e.split()) for f in same for e in f.get("evidence") or []]
                assert any(anchor in e or anchor[:10] in e for e in evidence), (
                    rep.stem,
                    want,
                    found,
                )


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
