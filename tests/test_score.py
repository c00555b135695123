"""Coverage, substance and the score card."""

from __future__ import annotations

from pathlib import Path

import fazhi
from conftest import EXAMPLES

REVIEW = Path(__file__).parent / "data" / "review"


def _card(doc: fazhi.Document) -> dict[str, float]:
    return {c.code: c.points for c in doc.review.card.criteria}


def test_score_card_is_deterministic_and_bounded():
    path = EXAMPLES / "05_ganzhou_city_2019.txt"
    first, second = fazhi.analyze(path, review=True), fazhi.analyze(path, review=True)
    assert first.review.to_contract() == second.review.to_contract()
    for c in first.review.card.criteria:
        assert 0 <= c.points <= c.weight and c.reasons
    assert first.review.card.total == round(sum(c.points for c in first.review.card.criteria), 1)


def test_problems_cost_points_where_they_belong():
    clean = fazhi.analyze(next(REVIEW.glob("h08_*.txt")), review=True)
    flawed = fazhi.analyze(next(REVIEW.glob("h14_*.txt")), review=True)
    assert clean.review.card.total > flawed.review.card.total
    assert _card(clean)["privacy"] == 5 and _card(flawed)["privacy"] == 0
    assert _card(flawed)["completeness"] < _card(clean)["completeness"]


def test_missing_causes_costs_its_content_weight():
    doc = fazhi.analyze(EXAMPLES / "02_mianyang_amr_2022.txt", review=True)
    assert doc.contents.present["causes"] is False
    completeness = next(c for c in doc.review.card.criteria if c.code == "completeness")
    assert completeness.points == 21 and "原因" in completeness.reasons[0]


def test_no_date_earns_half_the_timeliness_points():
    doc = fazhi.analyze(EXAMPLES / "03_youxian_county_2021.txt", review=True)
    assert doc.metadata.issue_date is None
    assert _card(doc)["timeliness"] == 5


def test_coverage_quotes_its_evidence_and_skips_plans():
    doc = fazhi.analyze(EXAMPLES / "01_jiangdu_district_2023.txt", review=True)
    cov = doc.review.coverage
    assert 0 < cov.ratio <= 1 and cov.total >= 40
    text = doc.text
    for sentences in cov.covered.values():
        assert all(s in text for s in sentences)
    plans = [
        "".join(doc.paragraphs[s.start : s.end])
        for s in doc.sections
        if s.kind in ("next_year", "shortcomings")
    ]
    for sentences in cov.covered.values():
        for s in sentences:
            assert not any(s in p for p in plans)


def test_substance_tells_results_from_slogans():
    head = "青川县人民政府关于2023年度法治政府建设情况的报告\n2023年，我县推进法治政府建设。现将有关情况报告如下：\n一、主要举措和成效\n"
    tail = "\n二、存在的不足和原因\n执法人员不足，原因是编制紧张。\n三、2024年工作安排\n继续推进依法行政。\n"
    slogans = "坚持以习近平法治思想为指导，深入推进依法行政，不断提升法治政府建设水平。始终高度重视法治建设，切实加强组织领导。"
    results = "全年办理行政复议案件126件，纠错率12.7%。出台《青川县重大行政决策程序规定》，建成行政执法监督平台。"
    hollow = fazhi.analyze((head + slogans + tail).encode(), "a.txt", review=True).review.substance
    solid = fazhi.analyze((head + results + tail).encode(), "b.txt", review=True).review.substance
    assert hollow.ratio == 0 and hollow.slogan_only == 2
    assert solid.ratio == 1 and solid.with_figure >= 1 and solid.named >= 1


def test_review_is_in_the_contract_only_when_asked():
    path = EXAMPLES / "01_jiangdu_district_2023.txt"
    assert fazhi.analyze(path).to_contract()["review"] is None
    review = fazhi.analyze(path, review=True).to_contract()["review"]
    assert set(review) == {"score", "card", "coverage", "substance"}
    assert len(review["coverage"]["areas"]) == 9


def test_coverage_ignores_the_closing_block_headings_and_studied_titles():
    text = (
        "青川县人民政府关于2023年度法治政府建设情况的报告\n市人民政府：\n"
        "2023年，我县推进法治政府建设。现将有关情况报告如下：\n一、主要举措和成效\n（一）加强行政复议\n"
        "县政府常务会议学习《中华人民共和国行政复议法》《突发事件应对法》。\n"
        "二、存在的不足和原因\n执法人员不足，原因是编制紧张。\n三、2024年工作安排\n继续推进依法行政。\n"
        "青川县人民政府\n2024年2月20日\n抄送：市委全面依法治市委员会办公室。\n（此件公开发布）\n"
    )
    cov = fazhi.analyze(text.encode(), "r.txt", review=True).review.coverage
    assert "disputes.reconsideration" not in cov.covered
    assert not any(c.startswith("emergencies.") for c in cov.covered)
    assert "leadership.coordination" not in cov.covered


def test_a_heading_that_reports_counts_for_substance():
    text = (
        "青川县2023年度法治政府建设情况报告\n2023年，我县推进法治政府建设。现将有关情况报告如下：\n"
        "一、主要举措和成效\n（一）强化组织领导：县政府主要负责人主持召开常务会议专题研究法治工作4次。\n"
        "（二）化解矛盾纠纷：全县受理行政复议申请198件，审结187件。\n"
        "二、存在的不足和原因\n执法人员不足，原因是编制紧张。\n三、2024年工作安排\n继续推进依法行政。\n"
    )
    substance = fazhi.analyze(text.encode(), "r.txt", review=True).review.substance
    assert substance.sentences >= 2 and substance.with_figure >= 2
