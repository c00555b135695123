"""`fazhi compare` on two versions of a synthetic report (tests/data/compare): the copied
paragraphs and the plan items followed up or dropped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import fazhi
from conftest import EXAMPLES
from fazhi.compare import compare, find_copies, plan_items
from fazhi.compare.copies import jaccard, shingles, signature
from support.cli import fazhi_cli

DATA = Path(__file__).parent / "data" / "compare"
PAIRS = [*sorted(p for p in DATA.iterdir() if p.is_dir()), DATA]


def _pair(folder: Path) -> tuple[fazhi.Document, fazhi.Document, dict]:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return (
        fazhi.analyze(folder / expected["a"]),
        fazhi.analyze(folder / expected["b"]),
        expected,
    )


@pytest.mark.parametrize("folder", PAIRS, ids=lambda p: p.name)
def test_copied_paragraphs_are_found(folder: Path):
    a, b, expected = _pair(folder)
    result = compare([a, b])
    found = {(c.a.text, c.b.text) for c in result.copies}
    for want in expected["copied"]:
        assert any(want["a_anchor"] in x and want["b_anchor"] in y for x, y in found), want[
            "a_anchor"
        ][:30]
    assert len(result.copies) == len(expected["copied"])


@pytest.mark.parametrize("folder", PAIRS, ids=lambda p: p.name)
def test_plan_items_followed_or_dropped(folder: Path):
    a, b, expected = _pair(folder)
    result = compare([a, b])
    items = expected["plan_items"]
    assert sum("limit" in i for i in items) <= 2  # documented limits stay the exception
    if not any(i["followed"] for i in items) and not result.followups:
        return  # different issuers: nothing to follow up
    ((_, _, followups),) = result.followups
    for f, want in zip(followups, items, strict=True):
        assert want["item"] in f.item.text
        if "limit" in want:
            continue  # a documented limit of the follow-up (see its note)
        assert f.followed == want["followed"], (want["item"], f.score)
        if want["followed"]:
            assert (
                want["evidence"] in f.evidence
                or f.evidence in want["evidence"]
                or (len(set(want["evidence"]) & set(f.evidence)) > 0.6 * len(set(want["evidence"])))
            )


def test_unrelated_reports_share_no_paragraphs():
    docs = [
        fazhi.analyze(EXAMPLES / n)
        for n in ("01_jiangdu_district_2023.txt", "02_mianyang_amr_2022.txt")
    ]
    assert compare(docs).copies == ()
    assert compare(docs).followups == ()


def test_minhash_is_the_same_in_every_process():
    text = "深入实施“八五”普法规划，落实“谁执法谁普法”普法责任制，全年开展主题活动150余场。"
    here = signature(shingles(text))
    code = (
        "from fazhi.compare.copies import signature, shingles;"
        f"print(list(signature(shingles({text!r}))))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(other.stdout) == list(here)


def test_jaccard_threshold():
    base = "组织开展行政执法案卷评查，评查案卷240卷，发现问题全部反馈整改到位，整改率达到百分之百。"
    edited = base.replace("240", "260")
    assert jaccard(shingles(base), shingles(edited)) > 0.6
    (copy,) = find_copies([[base], [edited]])
    assert copy.similarity == 1 and not copy.verbatim  # figures masked, but not word for word
    assert (
        find_copies(
            [[base], ["区政府常务会议专题研究法治政府建设工作4次，听取法治政府建设情况汇报。"]]
        )
        == []
    )


def test_plan_items_of_an_enumerated_paragraph():
    text = (
        "绵江市生态环境局2023年度法治政府建设情况报告\n一、主要举措和成效\n全年办理行政处罚案件56件。\n"
        "二、存在的不足和原因\n执法人员不足，原因是编制紧张。\n三、2024年工作安排\n"
        "一是修订行政处罚裁量基准，统一全局执法尺度。二是建成环境执法监管平台，实现数据实时归集。"
        "三是开展执法人员全员轮训，人均培训不少于40学时。\n"
    )
    items = plan_items(fazhi.analyze(text.encode(), "r.txt"))
    assert [i.text[:4] for i in items] == ["一是修订", "二是建成", "三是开展"]


def test_fazhi_compare_command(tmp_path: Path):
    out = tmp_path / "compare.json"
    proc = fazhi_cli(
        "compare",
        str(DATA / "2022.txt"),
        str(DATA / "2023.txt"),
        "--format",
        "json",
        "-o",
        str(out),
        "--no-progress",
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["schema"] == "fazhi.compare/1"
    assert len(result["copies"]) == 3 and result["followups"][0]["followed"] == 4
    proc = fazhi_cli("compare", str(DATA / "2022.txt"))
    assert proc.returncode == 2


def test_compare_never_writes_over_an_input_or_into_a_folder(tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes((DATA / "2022.txt").read_bytes())
    b.write_bytes((DATA / "2023.txt").read_bytes())
    for target in (b, tmp_path):
        proc = fazhi_cli("compare", str(a), str(b), "-o", str(target), "--no-progress")
        assert proc.returncode == 2, proc.stderr
    assert b.read_bytes() == (DATA / "2023.txt").read_bytes()


def test_a_run_in_plan_heading_is_not_an_item():
    text = (
        "绵江市生态环境局2023年度法治政府建设情况报告\n一、主要举措和成效\n全年办理行政处罚案件56件。\n"
        "二、存在的不足和原因\n执法人员不足，原因是编制紧张。\n"
        "三、2024年法治政府建设工作计划。一是修订行政处罚裁量基准，统一执法尺度。二是建成环境执法监管平台。\n"
    )
    items = plan_items(fazhi.analyze(text.encode(), "r.txt"))
    assert [i.text[:4] for i in items] == ["一是修订", "二是建成"]


def test_copies_below_the_default_threshold_are_found_when_asked():
    base = "组织开展行政执法案卷评查，评查案卷240卷，发现问题全部反馈整改到位，整改率达到百分之百。"
    loose = "组织开展行政执法案卷评查，评查案卷240卷，发现的问题已反馈各单位，整改率达到百分之百。"  # 0.47
    assert find_copies([[base], [loose]]) == []
    assert len(find_copies([[base], [loose]], threshold=0.3)) == 1
