"""The compare page: fazhi.store.compare and the routes of fazhi.web.compare_page.

Synthetic reports of two counties of 扬州市 over two years and one of 南京市, stating
行政复议 figures; expected coverage, scores and findings are read back from each
report's own contract, so the tests check the SQL aggregation, not the analyser."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from fazhi.errors import FazhiError
from fazhi.store import Filters, Store
from fazhi.web import create_app
from fazhi.web.access import Access
from fazhi.web.pages import plotly_url

CLOSED = "reconsideration.closed"
RATE = "reconsideration.correction_rate"
CHART_IDS = ("chart-bars", "chart-lines", "chart-heatmap", "chart-findings", "chart-ranking")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _report(
    city: str, county: str, year: int, cases: int, rate: float, *, extra: str = "", old=False
) -> bytes:
    cite = "对照《法治政府建设实施纲要（2020—2025年）》，" if old else ""
    # without a cause the shortcomings section lacks a required part: one finding more
    why = "执法队伍专业化水平不高。" if old else "执法队伍专业化水平不高，原因是培训不足。"
    return (
        f"江苏省{city}{county}人民政府关于{year}年度法治政府建设情况的报告\n\n"
        f"{year}年，区政府{cite}全面推进依法行政。\n"
        "一、主要举措和成效\n（一）依法全面履行政府职能\n深化“放管服”改革，推行“一件事一次办”。\n"
        f"{extra}（二）化解社会矛盾纠纷\n全年办理行政复议案件{cases}件，行政复议纠错率{rate}%。\n"
        f"二、存在的不足和原因\n{why}\n"
        "三、党政主要负责人履行推进法治建设第一责任人职责情况\n"
        "区政府主要负责人专题研究法治政府建设工作4次。\n"
        f"四、{year + 1}年工作安排\n一是深化行政复议体制改革。二是加强执法监督。\n\n"
        f"{city}{county}人民政府\n{year + 1}年2月1日\n"
    ).encode()


DECISIONS = "严格落实重大行政决策程序，全年作出重大行政决策3项。\n"
CORPUS = [
    ("扬州市", "江都区", 2022, 100, 10, {}),
    ("扬州市", "江都区", 2023, 120, 12.5, {"extra": DECISIONS}),
    ("扬州市", "邗江区", 2022, 80, 20, {}),
    ("扬州市", "邗江区", 2023, 90, 15, {"old": True}),
    ("南京市", "玄武区", 2023, 60, 5, {}),
]


def _fill(store: Store) -> dict[int, dict]:
    """Store the corpus; each document's id with its contract."""
    out = {}
    for city, county, year, cases, rate, options in CORPUS:
        saved = store.add(
            _report(city, county, year, cases, rate, **options), f"{county}{year}.txt"
        )
        out[saved.document_id] = store.report(saved.document_id)
    return out


def _issuer(contract: dict) -> str:
    return contract["metadata"]["issuer"]


def test_indicator_series_by_region_and_year(store: Store):
    _fill(store)
    yangzhou = Filters(city="扬州市")
    series = store.indicator_series(CLOSED, by="county", filters=yangzhou)
    assert (series["additive"], series["statistic"], series["unit"]) == (True, "合计", "件")
    assert series["years"] == [2022, 2023]
    assert [(g["label"], g["short"], g["values"]) for g in series["groups"]] == [
        # two reports each: the larger latest value first
        ("江苏省 扬州市 江都区", "扬州市江都区", [100.0, 120.0]),
        ("江苏省 扬州市 邗江区", "扬州市邗江区", [80.0, 90.0]),
    ]
    by_city = store.indicator_series(CLOSED, by="city")
    assert [(g["short"], g["values"], g["reports"]) for g in by_city["groups"]] == [
        ("江苏省扬州市", [180.0, 210.0], [2, 2]),
        ("江苏省南京市", [None, 60.0], [0, 1]),
    ]
    rates = store.indicator_series(RATE, by="city", filters=yangzhou)
    assert (rates["additive"], rates["statistic"], rates["unit"]) == (False, "平均值", "%")
    assert rates["groups"][0]["values"] == [15.0, 13.75]  # means: rates do not add up
    by_level = store.indicator_series(CLOSED, by="level")
    assert [(g["label"], g["values"]) for g in by_level["groups"]] == [("县级", [180.0, 270.0])]
    capped = store.indicator_series(CLOSED, by="county", bars=1)
    assert len(capped["groups"]) == 1 and capped["total_groups"] == 3
    with pytest.raises(FazhiError) as bad:
        store.indicator_series(CLOSED, by="galaxy")
    assert bad.value.code == "query.by" and _CJK.search(bad.value.message)
    with pytest.raises(FazhiError) as unknown:
        store.indicator_series("reconsideration.nonsense")
    assert unknown.value.code == "query.indicator"


def test_coverage_matrix_per_report_and_area(store: Store):
    contracts = _fill(store)
    matrix = store.coverage_matrix()
    areas = contracts[1]["review"]["coverage"]["areas"]
    assert [(a["code"], a["name"]) for a in matrix["areas"]] == [
        (a["code"], a["name"]) for a in areas
    ]
    assert len(matrix["areas"]) == 9 and matrix["total"] == 5
    assert [r["report_year"] for r in matrix["reports"]] == [2023, 2023, 2023, 2022, 2022]
    for row in matrix["reports"]:
        contract = contracts[row["id"]]
        mine = contract["review"]["coverage"]["areas"]
        assert row["label"] == f"{_issuer(contract)}（{row['report_year']}年度）"
        assert row["counts"] == [[a["covered"], a["total"]] for a in mine]
        assert row["shares"] == [round(a["covered"] / a["total"], 4) for a in mine]
        assert row["ratio"] == round(contract["review"]["coverage"]["ratio"], 4)
    # the 重大行政决策 sentence shows: one report covers more of 行政决策 than the rest
    decisions = [r["counts"][2][0] for r in matrix["reports"]]
    assert sorted(decisions)[-1] > sorted(decisions)[0]
    assert store.coverage_matrix(Filters(city="扬州市", year=2022))["total"] == 2
    capped = store.coverage_matrix(limit=2)
    assert (len(capped["reports"]), capped["total"], capped["limit"]) == (2, 5, 2)
    # a second file of the same issuer and year: the rows are told apart by their ids
    again = store.add(_report("扬州市", "江都区", 2023, 121, 12.5), "江都区2023修订.txt")
    labels = [r["label"] for r in store.coverage_matrix(Filters(county="江都区"))["reports"]]
    assert len(set(labels)) == 3
    assert f"江苏省扬州市江都区人民政府（2023年度） #{again.document_id}" in labels


def test_score_ranking(store: Store):
    contracts = _fill(store)
    ranking = store.score_ranking()
    expected = sorted(
        ((c["review"]["score"], i) for i, c in contracts.items()), key=lambda s: (-s[0], s[1])
    )
    assert [(r["score"], r["id"]) for r in ranking["reports"]] == expected
    scores = [c["review"]["score"] for c in contracts.values()]
    assert ranking["total"] == 5 and ranking["mean"] == round(sum(scores) / 5, 1)
    first = next(r for r in ranking["reports"] if r["id"] == 1)
    assert (first["issuer"], first["region"], first["report_year"]) == (
        "江苏省扬州市江都区人民政府",
        "江苏省 扬州市 江都区",
        2022,
    )
    assert [r["report_year"] for r in store.score_ranking(Filters(year=2022))["reports"]] == [
        2022,
        2022,
    ]
    assert len(store.score_ranking(limit=3)["reports"]) == 3


def test_finding_frequency_by_rule(store: Store):
    import fazhi

    contracts = _fill(store)
    expected: dict[str, set[int]] = {}
    for document_id, contract in contracts.items():
        for finding in contract["findings"]:
            expected.setdefault(finding["rule"], set()).add(document_id)
    assert "ref.policy_title" in expected  # the 2020—2025 outline of the 邗江区 report
    frequency = store.finding_frequency()
    assert frequency["reports"] == 5
    assert {r["rule"]: r["reports"] for r in frequency["rules"]} == {
        rule: len(ids) for rule, ids in expected.items()
    }
    titles = {r["rule"]: r["title"] for r in frequency["rules"]}
    assert titles["ref.policy_title"] == "政策文件名称或期限有误"
    # a rule given as 提示 in one report and 警告 in another counts as 警告, the graver
    data = _report("南京市", "鼓楼区", 2023, 10, 1)
    doc = fazhi.analyze(data, "鼓楼区2023.txt", review=True)
    contract = doc.to_contract()
    contract["findings"] = [
        {"rule": "structure.missing_content", "severity": "info", "message": "缺少原因分析"},
        {"rule": "structure.missing_content", "severity": "info", "message": "缺少主要安排"},
    ]
    store.save(data, "鼓楼区2023.txt", contract, doc.text)
    counted = {r["rule"]: r for r in store.finding_frequency()["rules"]}
    missing = counted["structure.missing_content"]
    before = len(expected.get("structure.missing_content", ()))
    assert (missing["severity"], missing["reports"]) == ("warning", before + 1)
    assert store.finding_frequency(Filters(city="南京市"))["reports"] == 2
    assert len(store.finding_frequency(limit=1)["rules"]) == 1


def test_indicators_present_for_the_picker(store: Store):
    _fill(store)
    present = store.indicators_present()
    assert present[:2] == [
        {"code": CLOSED, "name": "审结/办结行政复议案件数", "reports": 5, "additive": True},
        {"code": RATE, "name": "行政复议纠错率", "reports": 5, "additive": False},
    ]
    assert {"code": "decisions.major", "reports": 1}.items() <= next(
        i for i in present if i["code"] == "decisions.major"
    ).items()
    assert [i["reports"] for i in store.indicators_present(Filters(year=2022))][:2] == [2, 2]


def test_an_empty_corpus_compares_nothing(store: Store):
    assert store.coverage_matrix() == {
        "areas": store.coverage_matrix()["areas"],
        "reports": [],
        "total": 0,
        "limit": 60,
    }
    assert store.score_ranking()["reports"] == [] and store.score_ranking()["mean"] is None
    assert store.finding_frequency() == {"rules": [], "reports": 0, "limit": 30}
    assert store.indicators_present() == []
    series = store.indicator_series(CLOSED)
    assert (series["groups"], series["years"], series["total_groups"]) == ([], [], 0)


# -- over HTTP ---------------------------------------------------------------------------


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="compare-data">(.*?)</script>', html)
    assert found, "the page carries its charts' data"
    return json.loads(found.group(1))


def test_compare_page_and_chart_data(store: Store):
    _fill(store)
    client = TestClient(create_app(store, access=Access()))
    page = client.get("/compare")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    for chart in CHART_IDS:
        assert re.search(rf'<div id="{chart}" class="chart"', html), chart
    assert '<select name="indicator" id="indicator"' in html and 'id="grouping"' in html
    assert html.count(f'<script src="{plotly_url()}"></script>') == 1
    assert '<script src="/static/compare.js"></script>' in html
    # no inline script: every <script> loads a file or carries JSON
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    data = _page_data(html)
    assert data["indicator"] == CLOSED and data["series"]["indicator"] == CLOSED
    assert data["coverage"]["total"] == 5 and len(data["ranking"]["reports"]) == 5
    assert client.get("/static/compare.js").status_code == 200
    assert client.get(plotly_url()).status_code == 200

    chosen = _page_data(client.get(f"/compare?indicator={RATE}&by=city&year=2023").text)
    assert chosen["series"]["indicator"] == RATE and chosen["filters"] == {"year": "2023"}
    assert [g["values"] for g in chosen["series"]["groups"]] == [[13.75], [5.0]]

    bars = client.get(f"/api/compare/indicators/{CLOSED}?by=county&city=扬州市&year=")
    assert bars.status_code == 200
    assert [g["values"] for g in bars.json()["groups"]] == [[100.0, 120.0], [80.0, 90.0]]
    assert client.get("/api/compare/coverage?year=2023").json()["total"] == 3
    assert client.get("/api/compare/ranking?city=南京市").json()["total"] == 1
    rules = client.get("/api/compare/findings").json()["rules"]
    assert any(r["rule"] == "ref.policy_title" for r in rules)
    items = client.get("/api/compare/indicators?level=county").json()["items"]
    assert items[0]["code"] == CLOSED


def test_compare_page_of_an_empty_corpus_and_bad_parameters(store: Store):
    client = TestClient(create_app(store, access=Access()))
    page = client.get("/compare")
    assert page.status_code == 200
    for message in (
        "报告库中还没有可比较的指标数据",
        "报告库中还没有审查过的报告，无法比较覆盖情况",
        "报告库中还没有审查过的报告",
        "报告库中还没有已评分的报告",
    ):
        assert message in page.text
    assert 'id="indicator" disabled' in page.text
    data = _page_data(page.text)
    assert data["series"] is None and data["messages"]["no_indicator_data"]
    assert client.get("/api/compare/coverage").json()["reports"] == []
    assert client.get("/api/compare/indicators").json() == {"items": []}
    assert client.get(f"/api/compare/indicators/{CLOSED}").json()["groups"] == []

    for url, status, code in (
        ("/api/compare/coverage?year=abc", 400, "query.year"),
        ("/api/compare/ranking?year=99999999999", 400, "query.year"),
        ("/api/compare/findings?level=galaxy", 400, "query.level"),
        (f"/api/compare/indicators/{CLOSED}?by=galaxy", 400, "query.by"),
        ("/api/compare/indicators/reconsideration.nonsense", 404, "query.indicator"),
        ("/api/compare/coverage?province=江苏%00省", 400, "query.control"),
    ):
        answer = client.get(url)
        assert answer.status_code == status, url
        assert answer.json()["code"] == code and _CJK.search(answer.json()["detail"]), url
    bad_page = client.get("/compare?by=galaxy")
    assert bad_page.status_code == 400 and "text/html" in bad_page.headers["content-type"]
    assert "分组方式“galaxy”无效" in bad_page.text


def test_compare_needs_a_reader_when_browsing_is_closed(store: Store):
    client = TestClient(create_app(store, access=Access(open_browsing=False)))
    assert client.get("/api/compare/coverage").status_code == 401
    page = client.get("/compare", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
