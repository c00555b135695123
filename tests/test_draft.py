"""Drafting: data validation, the Excel template, and draft → analyse round trips."""

from __future__ import annotations

import itertools
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import fazhi
from fazhi.cli import app
from fazhi.cli_draft import register
from fazhi.draft import DraftDataError, analyse_draft, compose, to_docx, to_text, validate
from fazhi.draft.compose import figure_sentences
from fazhi.draft.schema import load_yaml
from fazhi.draft.schema import settings as draft_settings
from fazhi.draft.template import read_template, write_template

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "draft" / "江安县2023.yaml"
register(app)
runner = CliRunner()


def example_raw() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


# ---- validation -------------------------------------------------------------------------


def test_example_is_valid():
    data = load_yaml(EXAMPLE)
    assert data.unit.issuer == "江安县人民政府"
    assert sum(len(a.figures) for a in data.measures) == 17


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda r: r["unit"].pop("issuer"), "unit.issuer", "必须填写"),
        (lambda r: r["unit"].update(report_year="二〇二三"), "unit.report_year", "不是有效年份"),
        (lambda r: r["unit"].update(issue_date="2024-13-01"), "unit.issue_date", "不是有效日期"),
        (lambda r: r["unit"].update(issue_date="2023-05-01"), "unit.issue_date", "报告年度"),
        (lambda r: r["unit"].update(level="村"), "unit.level", "之一"),
        (
            lambda r: r["measures"][0]["figures"][0].update(value="十二"),
            "measures[0].figures[0].value",
            "不是数字",
        ),
        (
            lambda r: r["measures"][1]["figures"][1].update(value=120),
            "measures[1].figures[1].value",
            "100%",
        ),
        (
            lambda r: r["measures"][0]["figures"][0].update(unit="吨"),
            "measures[0].figures[0].unit",
            "单位应为",
        ),
        (
            lambda r: r["measures"][0]["figures"][0].update(indicator="x.y"),
            "measures[0].figures[0].indicator",
            "暂不支持",
        ),
        (lambda r: r["measures"][0].update(area="外太空"), "measures[0].area", "九个方面"),
        (lambda r: r["shortcomings"][0].pop("causes"), "shortcomings[0].causes", "原因"),
        (lambda r: r.pop("next_year"), "next_year", "必须"),
        (lambda r: r.update(colour="red"), "colour", "未知字段"),
    ],
)
def test_validation_errors_name_field_path(change, path, words):
    raw = example_raw()
    change(raw)
    with pytest.raises(DraftDataError) as info:
        validate(raw, "数据.yaml")
    message = str(info.value)
    assert "数据.yaml" in message
    assert f"字段 {path}" in message
    assert words in message


def test_all_errors_reported_at_once():
    raw = example_raw()
    raw["unit"].pop("issuer")
    raw["unit"]["report_year"] = "abc"
    with pytest.raises(DraftDataError) as info:
        validate(raw, "x.yaml")
    assert len(info.value.errors) >= 2


def test_yaml_syntax_error_names_line(tmp_path):
    bad = tmp_path / "坏.yaml"
    bad.write_text("unit:\n  issuer: [\n", encoding="utf-8")
    with pytest.raises(DraftDataError, match=r"(?s)坏\.yaml.*第 \d+ 行"):
        load_yaml(bad)


# ---- phrasing: every phrase in every frame is read back as its indicator ------------------


def test_every_phrase_reads_back():
    s = draft_settings()
    head = (
        "某县人民政府关于2023年度法治政府建设情况的报告\n\n某市人民政府：\n\n一、主要举措和成效\n\n"
    )
    failures = []
    for code, spec in s.figures.items():
        frames = list(s.frames) + (list(s.count_frames) if spec.unit != "%" else [])
        for frame in frames:
            for phrase in spec.phrases:
                for unit in spec.units:
                    value = "85.5" if unit == "%" else ("12.5" if "元" in unit else "137")
                    text = frame.format(p=phrase.format(n=value + unit), year=2023)
                    facts = fazhi.analyze((head + text + "\n").encode(), "a.txt").to_contract()[
                        "facts"
                    ]
                    if not any(
                        f["indicator"] == code and Decimal(str(f["value"])) == Decimal(value)
                        for f in facts
                    ):
                        failures.append((code, text, [(f["indicator"], f["value"]) for f in facts]))
    assert not failures, failures[:5]


def test_sentences_are_deterministic_and_varied():
    data = load_yaml(EXAMPLE)
    area = data.measures[1]
    once = figure_sentences(data, area.area, area.figures)
    assert once == figure_sentences(data, area.area, area.figures)
    assert to_docx(compose(data)) == to_docx(compose(data))
    # consecutive sentences never share their pattern
    starts = [s[:3] for s in once]
    assert all(a != b for a, b in itertools.pairwise(starts))


# ---- round trip --------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "name"), [("docx", "draft.docx"), ("txt", "draft.txt")])
def test_example_round_trip(kind, name):
    data = load_yaml(EXAMPLE)
    drafted = compose(data)
    payload = to_docx(drafted) if kind == "docx" else to_text(drafted).encode()
    result = analyse_draft(data, payload, name)
    assert result.ok, (result.mismatches, result.errors)


def test_self_check_catches_a_mismatch():
    data = load_yaml(EXAMPLE)
    text = to_text(compose(data)).replace("1035件", "1053件")
    result = analyse_draft(data, text.encode(), "draft.txt")
    assert not result.ok
    assert any("enforcement.cases" in m for m in result.mismatches)


def test_contact_only_in_internal_version():
    data = load_yaml(EXAMPLE)
    assert "0831-2621234" not in to_text(compose(data))
    assert "0831-2621234" in to_text(compose(data, public=False))


ISSUERS = [
    (
        "江安县人民政府",
        {"province": "四川省", "city": "宜宾市", "county": "江安县"},
        "宜宾市人民政府",
    ),
    (
        "福州市晋安区人民政府",
        {"province": "福建省", "city": "福州市", "county": "晋安区"},
        "福州市人民政府",
    ),
    (
        "泉州市泉港区人民政府",
        {"province": "福建省", "city": "泉州市", "county": "泉港区"},
        "泉州市人民政府",
    ),
    ("芜湖市人民政府", {"province": "安徽省", "city": "芜湖市"}, "安徽省人民政府"),
    (
        "尤溪县人民政府",
        {"province": "福建省", "city": "三明市", "county": "尤溪县"},
        "三明市人民政府",
    ),
]
POINTS = [
    "深入推进综合行政执法改革，整合执法队伍",
    "开展行政执法人员专题培训，提升依法行政能力",
    "推行政务服务“一网通办”，优化办事流程",
    "建立重大行政决策目录管理制度",
    "健全矛盾纠纷多元化解机制",
]


@st.composite
def unit_data(draw) -> dict:
    issuer, region, superior = draw(st.sampled_from(ISSUERS))
    year = draw(st.integers(2016, 2025))
    codes = draw(
        st.lists(
            st.sampled_from(sorted(draft_settings().figures)), min_size=1, max_size=10, unique=True
        )
    )
    by_area: dict[str, list] = {}
    from fazhi.draft.schema import settings as s

    names = fazhi.datafiles.load("indicators.yaml", "fazhi.indicators/1")["indicators"]
    for code in codes:
        spec = s().figures[code]
        unit = draw(st.sampled_from(spec.units))
        if unit == "%":
            value = draw(st.decimals(min_value=1, max_value=100, places=1))
        elif "元" in unit:
            value = draw(st.decimals(min_value=1, max_value=9999, places=2))
        else:
            value = draw(st.integers(1, 20000))
        by_area.setdefault(names[code]["area"], []).append(
            {"indicator": code, "value": str(value), "unit": unit}
        )
    measures = [
        {
            "area": area,
            "points": draw(st.lists(st.sampled_from(POINTS), max_size=3)),
            "figures": figures,
        }
        for area, figures in by_area.items()
    ]
    n_short = draw(st.integers(1, 3))
    return {
        "unit": {
            "issuer": issuer,
            "region": region,
            "report_year": year,
            "addressees": [superior],
            "cc": draw(
                st.lists(
                    st.sampled_from(["市司法局", "县委依法治县办", "区人大常委会办公室"]),
                    max_size=2,
                    unique=True,
                )
            ),
            "doc_number": f"政报〔{year + 1}〕{draw(st.integers(1, 99))}号",
            "signer": draw(st.sampled_from(["张建国", "李文华", "王海"])),
            "issue_date": f"{year + 1}-0{draw(st.integers(1, 3))}-{draw(st.integers(10, 28))}",
            "disclosure": "此件公开发布",
        },
        "measures": measures,
        "shortcomings": [
            {"problem": f"第{i}方面工作仍有短板", "causes": ["工作力量不足", "制度落实不够到位"]}
            for i in range(1, n_short + 1)
        ],
        "first_responsible": draw(st.lists(st.sampled_from(POINTS), min_size=1, max_size=3)),
        "next_year": [
            {"title": p} for p in draw(st.lists(st.sampled_from(POINTS), min_size=1, max_size=4))
        ],
        "seed": draw(st.integers(0, 1000)),
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit_data())
def test_random_units_round_trip(raw):
    data = validate(raw, "随机数据")
    drafted = compose(data)
    result = analyse_draft(data, to_docx(drafted), "draft.docx")
    assert not result.mismatches, result.mismatches
    assert not result.errors, [(e["rule"], e["message"]) for e in result.errors]


# ---- Excel template ----------------------------------------------------------------------


def test_template_round_trip():
    data = load_yaml(EXAMPLE)
    assert read_template(write_template(data), "t.xlsx") == data


def test_filled_template_reads_back():
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(write_template()))
    unit = wb["单位信息"]
    values = {
        "issuer": "江安县人民政府",
        "report_year": 2023,
        "addressees": "宜宾市人民政府",
        "issue_date": "2024年2月1日",
    }
    for row in unit.iter_rows(min_row=2):
        if row[1].value in values:
            row[2].value = values[row[1].value]
    wb["举措要点"].append(["leadership", "", "县政府常务会议专题学法"])
    wb["数字"].append(["disputes", "reconsideration.closed", "", 52, "件"])
    wb["不足和原因"].append(["执法规范化水平不高", "", "培训不足；人员不足"])
    wb["第一责任人"].append(["主要负责人切实履行第一责任人职责"])
    wb["下一年度安排"].append(["加强执法队伍建设", ""])
    out = BytesIO()
    wb.save(out)
    data = read_template(out.getvalue(), "填好的.xlsx")
    assert data.unit.issuer == "江安县人民政府"
    assert data.unit.issue_date.isoformat() == "2024-02-01"
    assert data.measures[1].figures[0].value == 52
    assert data.shortcomings[0].causes == ("培训不足", "人员不足")


def test_template_errors_name_sheet_and_row():
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(write_template(load_yaml(EXAMPLE))))
    wb["数字"]["D3"] = "很多"
    out = BytesIO()
    wb.save(out)
    with pytest.raises(DraftDataError, match=r"(?s)工作表“数字”第 3 行.*value"):
        read_template(out.getvalue(), "x.xlsx")


# ---- command line ------------------------------------------------------------------------


def test_cli_draft_formats(tmp_path):
    for suffix in (".docx", ".md", ".txt"):
        out = tmp_path / f"报告{suffix}"
        result = runner.invoke(app, ["draft", str(EXAMPLE), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000


def test_cli_draft_fails_on_bad_data(tmp_path):
    raw = example_raw()
    raw["unit"].pop("issuer")
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["draft", str(bad), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "unit.issuer" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_cli_template_and_draft_from_xlsx(tmp_path):
    xlsx = tmp_path / "年报数据.xlsx"
    result = runner.invoke(app, ["template", "-o", str(xlsx), "--from", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["draft", str(xlsx), "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 0, result.output


def test_cli_last_year_checklist(tmp_path):
    last = tmp_path / "去年.txt"
    last.write_bytes(to_text(compose(load_yaml(EXAMPLE))).encode())
    result = runner.invoke(app, ["draft", "--last-year", str(last)])
    assert result.exit_code == 0, result.output
    plans = yaml.safe_load(result.stdout)["last_year_plans"]
    assert any("行政执法质量" in p["plan"] for p in plans)
    xlsx = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["template", "--last-year", str(last), "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    rows = [r[0] for r in load_workbook(xlsx)["上年度安排"].iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 3
