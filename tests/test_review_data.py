"""The review's data files (rules, policies, coverage, rubric, deadlines, privacy,
leftovers, substance, follow-up) load through their schema, and a broken entry fails
naming the file and the key."""

from __future__ import annotations

import copy

import pytest
import yaml

from fazhi import datafiles
from fazhi.checks import catalogue, leftovers, policies, privacy, timeliness
from fazhi.compare import plans
from fazhi.datafiles import DataFileError
from fazhi.model import CONTENT_KEYS
from fazhi.regexes import first_chars, required_literals
from fazhi.score import card, coverage, substance


def _bundled(name: str) -> dict:
    return yaml.safe_load(datafiles.bundled_text(name))


def test_every_review_data_file_loads_through_its_schema():
    assert len(catalogue.rules()) >= 15
    index = policies.policy_index()
    assert len(index.policies) >= 30
    areas = coverage.coverage_map()
    assert [a.code for a in areas] == [
        "functions",
        "rules",
        "decisions",
        "enforcement",
        "emergencies",
        "disputes",
        "oversight",
        "digital",
        "leadership",
    ]
    assert sum(len(a.items) for a in areas) >= 40
    assert sum(c.weight for c in card.rubric().criteria) == 100
    assert set(card.rubric().content_weights) == set(CONTENT_KEYS)
    assert timeliness.deadline(2023, "department") is not None
    privacy.find_personal_data("")
    leftovers.load_leftovers()
    substance.load_cues()
    plans.load_settings()


def test_every_rule_a_check_can_emit_is_catalogued():
    import pathlib
    import re

    source = "\n".join(
        p.read_text(encoding="utf-8") for p in pathlib.Path(catalogue.__file__).parent.glob("*.py")
    )
    emitted = set(re.findall(r'finding\(\s*"([a-z_]+\.[a-z_]+)"', source))
    emitted |= set(
        re.findall(r'"(residue\.[a-z_]+|timeliness\.[a-z_]+|ref\.[a-z_]+|meta\.[a-z_]+)"', source)
    )
    assert emitted and emitted <= set(catalogue.rules())


def test_policy_catalogue_facts_are_consistent():
    index = policies.policy_index()
    outline = index.lookup("法治政府建设实施纲要（2021—2025年）")
    assert outline is not None and outline.period == (2021, 2025)
    assert index.lookup("行政复议法").revisions[-1][1].isoformat() == "2024-01-01"
    for p in index.policies.values():
        if p.issued and p.published:
            assert p.published >= p.issued, p.id
        if p.period:
            assert p.period[0] <= p.period[1]


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["policies"][0].update(kind="memo"), "kind"),
        (lambda d: d["policies"][0].update(period=[2025, 2021]), "period"),
        (lambda d: d["policies"][0].update(issued="2021年"), "issued"),
        (lambda d: d["policies"].append(copy.deepcopy(d["policies"][0])), "重复"),
        (lambda d: d["policies"][1].update(superseded_by="nowhere"), "superseded_by"),
    ],
)
def test_broken_policy_entries_are_named(mutate, expected):
    data = _bundled("policies.yaml")
    mutate(data)
    with pytest.raises(DataFileError, match=expected) as err:
        policies.parse_policies(data)
    assert "policies.yaml" in str(err.value)


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["rules"]["privacy.personal_data"].update(severity="fatal"), "severity"),
        (lambda d: d["rules"]["privacy.personal_data"].update(group="misc"), "group"),
        (lambda d: d["rules"]["privacy.personal_data"].pop("fix"), "fix"),
        (lambda d: d["rules"].update({"nodot": d["rules"]["privacy.personal_data"]}), "nodot"),
    ],
)
def test_broken_rules_are_named(mutate, expected):
    data = _bundled("rules.yaml")
    mutate(data)
    with pytest.raises(DataFileError, match=expected):
        catalogue.parse_rules(data)


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["criteria"]["privacy"].update(weight=6), "100"),
        (lambda d: d["criteria"]["privacy"].update(method="magic"), "method"),
        (lambda d: d["criteria"].pop("privacy"), "privacy"),
        (lambda d: d["criteria"]["coverage"].update(full_at=1.5), "full_at"),
        (lambda d: d["content_weights"].pop("causes"), "content_weights"),
        (lambda d: d["criteria"]["citations"]["deduct"].pop("info"), "deduct"),
    ],
)
def test_broken_rubric_is_named(mutate, expected):
    data = _bundled("rubric.yaml")
    mutate(data)
    with pytest.raises(DataFileError, match=expected):
        card.parse_rubric(data)


def test_broken_coverage_file_is_named(monkeypatch):
    data = _bundled("coverage.yaml")
    data["areas"][0]["items"][0]["cues"] = ["权责清单(("]
    text = yaml.safe_dump(data, allow_unicode=True)
    monkeypatch.setattr(coverage, "load", lambda n, s: datafiles.parse(n, text, s))
    coverage.coverage_map.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"coverage\.yaml.*functions"):
            coverage.coverage_map()
    finally:
        coverage.coverage_map.cache_clear()


def test_prefilters_never_skip_a_match():
    """The coverage prefilter: wherever a cue matches, its prefilter lets the text through."""
    from pathlib import Path

    texts = [
        line
        for path in sorted((Path(__file__).parent / "data").rglob("*.txt"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    checked = 0
    for area in coverage.coverage_map():
        for item in area.items:
            for cue in item.cues:
                for text in texts:
                    if cue.pattern.search(text):
                        checked += 1
                        assert cue.may_match(text), (cue.pattern.pattern, text)
    assert checked > 100
    assert required_literals("(法规|规章)草案") == ("草案",)
    assert required_literals("(行业性|专业性).{0,4}调解") == ("调解",)
    assert required_literals("(放管服|简政放权)") == ("放管服", "简政放权")
    assert first_chars("(?<![A-Za-z])(?:[XxＸｘ]{2,3}|某某)区") == frozenset("XxＸｘ某")
    assert first_chars(r"\d+") is None
