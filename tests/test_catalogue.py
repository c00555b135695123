"""The indicator catalogue: complete, covering the nine areas, and strict about its schema."""

from __future__ import annotations

import re

import pytest
from tests.conftest import SHARED

from fazhi.datafiles import DataFileError, bundled_text
from fazhi.figures.catalogue import catalogue, parse_catalogue


def test_catalogue_size_and_areas() -> None:
    cat = catalogue()
    assert len(cat.indicators) >= 60
    assert len(cat.areas) == 9
    assert {i.area for i in cat.indicators.values()} == set(cat.areas)


def test_every_core_code_is_present_and_marked() -> None:
    spec = SHARED / "spec" / "core-indicators.yaml"
    if not spec.exists():
        pytest.skip("../shared/spec is absent")
    codes = set(re.findall(r"^\s+([a-z_]+\.[a-z_]+):", spec.read_text(encoding="utf-8"), re.M))
    cat = catalogue()
    assert codes <= set(cat.indicators)
    assert codes == {c for c, i in cat.indicators.items() if i.core}


GOOD = """
schema: fazhi.indicators/1
areas: {enforcement: 行政执法工作体系}
domains: {enforcement: [行政执法]}
indicators:
  enforcement.cases:
    name: 行政执法案件数
    area: enforcement
    domain: enforcement
    measure: count
    cues: ['案件']
    definition: 办理的行政执法案件数。
"""


def test_a_minimal_catalogue_loads() -> None:
    cat = parse_catalogue(GOOD, "t.yaml")
    assert cat.indicators["enforcement.cases"].name == "行政执法案件数"


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("schema: fazhi.indicators/1", "schema: other/1", "schema"),
        ("  enforcement.cases:", "  Enforcement Cases:", "指标代码"),
        ("    area: enforcement", "    area: nowhere", "area"),
        ("    domain: enforcement\n    measure", "    domain: elsewhere\n    measure", "domain"),
        ("    measure: count", "    measure: volume", "measure"),
        ("    cues: ['案件']", "    cues: ['案件(']", "正则表达式"),
        ("    cues: ['案件']", "    cues: []", "cues"),
        ("    cues: ['案件']", "    cues: 案件", "cues"),
        ("    name: 行政执法案件数\n", "", "name"),
        ("    definition: 办理的行政执法案件数。", "    definition: ''", "definition"),
        ("    measure: count", "    measure: count\n    colour: red", "未知的键"),
        ("    measure: count", "    measure: count\n    core: 'yes'", "true 或 false"),
    ],
)
def test_bad_entries_are_rejected_with_their_key(old: str, new: str, complaint: str) -> None:
    assert old in GOOD
    with pytest.raises(DataFileError, match=complaint) as info:
        parse_catalogue(GOOD.replace(old, new), "t.yaml")
    assert "t.yaml" in str(info.value)


def test_bundled_catalogue_text_is_what_is_loaded() -> None:
    assert (
        parse_catalogue(bundled_text("indicators.yaml")).indicators.keys()
        == catalogue().indicators.keys()
    )
