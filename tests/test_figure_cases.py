"""The figure cases of tests/data/figures: findings, indicators that must and must not appear."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import fazhi

CASES = Path(__file__).parent / "data" / "figures"
EXPECTED = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=str)
def test_figure_case(name: str) -> None:
    want = EXPECTED[name]
    got = fazhi.analyze(CASES / name).to_contract()
    assert got.get("error") is None
    rules = sorted(f["rule"] for f in got["findings"] if f["rule"].startswith(("arith.", "data.")))
    assert rules == want["findings"], [f["message"] for f in got["findings"]]
    pairs = {(f["indicator"], round(f["base_value"], 6)) for f in got["facts"] if f["indicator"]}
    for code, values in (want.get("indicators") or {}).items():
        for value in values:
            assert (code, round(value, 6)) in pairs, (code, value)
    for item in want.get("not_indicators") or []:
        code, value = item.split(":")
        assert (code, round(float(value), 6)) not in pairs, item
